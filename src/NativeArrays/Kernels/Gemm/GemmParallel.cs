using System.Numerics;
using System.Runtime.CompilerServices;

namespace NativeArrays.Kernels.Gemm;

/// <summary>
/// Work run by a team of threads: the caller and up to <c>threads - 1</c> thread-pool workers call
/// <see cref="Work"/>, which claims pieces (never assigned ones), so a worker that starts late, or never on a
/// busy pool, only finds less left to do; the caller returns once every piece is done and no worker is inside the
/// job any more (a worker that arrives later sees the job closed and leaves without touching its buffers). One
/// fork per job, no join on thread start-up: the fork-joins of <c>Parallel.For</c> waited for a pool thread to pick up
/// the replica even when the caller had already done all the work. Each participant has a number (the caller 0, the
/// workers 1, 2, ... in the order they arrive), which <see cref="Claim"/> uses to give it the same pieces call after
/// call (see <see cref="HomeRanges"/>).
/// </summary>
internal abstract unsafe class GemmTeamJob : IThreadPoolWorkItem
{
    private int _active, _closed, _failed, _joined;
    private Exception? _failure;

    /// <summary>The caller's working area (set before <see cref="Fork"/>), or null to rent <see cref="WorkerBytes"/> (when not 0).</summary>
    protected byte* CallerArea;

    /// <summary>Bytes of pool area each participant needs (0: none).</summary>
    protected abstract nint WorkerBytes { get; }

    /// <summary>Whether every piece is done.</summary>
    protected abstract bool Finished { get; }

    /// <summary>
    /// Claims and runs pieces until none is left; <paramref name="area"/> is the participant's working area,
    /// <paramref name="participant"/> its number (0 the caller, below the thread count given to <see cref="Fork"/>).
    /// </summary>
    protected abstract void Work(byte* area, int participant);

    /// <summary>Whether a participant failed (waits give up, the caller rethrows).</summary>
    protected bool Failed => Volatile.Read(ref _failed) != 0;

    /// <summary>Runs the job on the calling thread and <paramref name="threads"/> - 1 pool workers; rethrows a worker's failure.</summary>
    protected void Fork(int threads)
    {
        for (int i = 1; i < threads; i++) ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        try
        {
            if (CallerArea == null && WorkerBytes > 0)
            {
                using var lease = GemmPool.Rent(WorkerBytes);
                Work(lease.Pointer, 0);
            }
            else Work(CallerArea, 0);
            var spin = new SpinWait();
            while (!Finished && !Failed) spin.SpinOnce(sleep1Threshold: -1);
        }
        catch (Exception e)
        {
            Fail(e);
        }
        finally
        {
            // Close the job, then wait for the workers inside it (a full fence on each side: a worker either sees the
            // job closed or is counted here).
            Interlocked.Exchange(ref _closed, 1);
            var spin = new SpinWait();
            while (Volatile.Read(ref _active) != 0) spin.SpinOnce(sleep1Threshold: -1);
        }
        if (_failure is not null) throw new AggregateException("A matrix-product worker failed.", _failure);
    }

    void IThreadPoolWorkItem.Execute()
    {
        Interlocked.Increment(ref _active);
        try
        {
            if (Volatile.Read(ref _closed) != 0 || Finished || Failed) return;
            int participant = Interlocked.Increment(ref _joined);
            if (WorkerBytes > 0)
            {
                using var lease = GemmPool.Rent(WorkerBytes);
                Work(lease.Pointer, participant);
            }
            else Work(null, participant);
        }
        catch (Exception e)
        {
            Fail(e);
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }

    private void Fail(Exception e)
    {
        Interlocked.CompareExchange(ref _failure, e, null);
        Volatile.Write(ref _failed, 1);
    }

    /// <summary>Longs per home range: each on its own cache line.</summary>
    private const int RangeStride = 8;

    /// <summary>
    /// Home ranges for <paramref name="sets"/> sets of pieces (one set per step of a job that has several) and
    /// <paramref name="participants"/> participants; fill each set with <see cref="SetHomeRanges"/>.
    /// </summary>
    /// <remarks>
    /// Why: a participant that takes the same pieces on every call finds its rows of the operands and of the result in
    /// its own core's caches from the call before, and does not pull the lines the other core wrote last time (on the
    /// 2-core reference machine a core read 1-4 MiB the other core had just written at 20-30 GB/s, against 40-45 GB/s
    /// for what it had written itself). Pieces claimed from one shared counter land on either core from call to call.
    /// </remarks>
    internal static long[] HomeRanges(int sets, int participants) => new long[sets * participants * RangeStride];

    /// <summary>Splits pieces [0, <paramref name="count"/>) of set <paramref name="set"/> into one contiguous range per participant, in order.</summary>
    internal static void SetHomeRanges(long[] ranges, int set, int participants, int count)
    {
        for (int p = 0; p < participants; p++)
        {
            long start = (long)count * p / participants, end = (long)count * (p + 1) / participants;
            ranges[(set * participants + p) * RangeStride] = start | end << 32;
        }
    }

    /// <summary>
    /// Claims a piece of set <paramref name="set"/> for <paramref name="participant"/>: the first one left in its own
    /// range, else the last one left in another's (so the owner keeps its front and the two meet once), else -1.
    /// Each range is one long (first piece left in the low half, end in the high half) changed by compare-exchange.
    /// </summary>
    internal static int Claim(long[] ranges, int set, int participants, int participant)
    {
        int home = participant % participants;
        ref long own = ref ranges[(set * participants + home) * RangeStride];
        for (long v = Volatile.Read(ref own); (int)v < (int)(v >> 32); v = Volatile.Read(ref own))
            if (Interlocked.CompareExchange(ref own, v + 1, v) == v) return (int)v;
        for (int k = 1; k < participants; k++)
        {
            ref long other = ref ranges[(set * participants + (home + k) % participants) * RangeStride];
            for (long v = Volatile.Read(ref other); (int)v < (int)(v >> 32); v = Volatile.Read(ref other))
                if (Interlocked.CompareExchange(ref other, v - (1L << 32), v) == v) return (int)(v >> 32) - 1;
        }
        return -1;
    }

    /// <summary>Spins (yielding, never sleeping a millisecond) until <paramref name="count"/> reaches <paramref name="target"/> or a participant failed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected void WaitFor(ref int count, int target)
    {
        if (Volatile.Read(ref count) >= target) return;
        var spin = new SpinWait();
        while (Volatile.Read(ref count) < target && !Failed) spin.SpinOnce(sleep1Threshold: -1);
    }
}

internal static unsafe partial class Gemm
{
    /// <summary>
    /// One product on several threads, the BLIS way: for every (jc, pc) step the KC x NC panel of B is packed once
    /// into a buffer all threads share (the threads pack parts of it), then the threads take units of the ic loop
    /// (a block of rows of A, packed by the thread that takes it, times all the panel's columns; column runs too
    /// when there are fewer row blocks than two per thread). The units of each step are split into home ranges
    /// (<see cref="GemmTeamJob.Claim"/>), the same for every step and call: a thread works on the same rows of A and
    /// C throughout, the other's only once its own are done.
    /// </summary>
    /// <remarks>
    /// No barrier between steps: two panel buffers alternate, so a thread that is done with its units of step s packs
    /// (its share of) step s + 1's panel while the other still works on step s; it waits only for the panel of step
    /// s + 1 to be packed, before packing over a buffer for every unit of the step two back (that read it) to be done,
    /// and, before a unit of a later k block, for the same unit of the step before (the same C elements) to be done.
    /// Every element of C still gets its k blocks in order, one FMA chain per block, so the bits do not depend on
    /// the thread count. (With a wait for every unit at the end of each step, a thread late by up to a unit, 1/32 of a
    /// 1024² float32 product, could idle the other at each of the product's 4 steps; the band split, which had no
    /// wait between steps, had the best single iterations at 1024² float32 on 2 threads in the quiet session-6 run.)
    /// </remarks>
    private sealed class SharedJob<T, TK> : GemmTeamJob where T : unmanaged, INumber<T> where TK : ITileKernel<T>
    {
        private const int Line = 16; // ints per cache line: each counter on its own line
        private readonly GemmCall _g;
        private readonly int _threads, _pcSteps, _phases, _runs, _units, _chunkPanels;
        private readonly nint _rows, _kcMax, _ncMax;
        private readonly bool _directA;
        /// <summary>Per (jc, pc) step: B chunks claimed, B chunks packed, units done (each on its own line).</summary>
        private readonly int[] _counters;
        /// <summary>Per (jc, pc) step and unit: 1 once done.</summary>
        private readonly int[] _unitDone;
        /// <summary>Per (jc, pc) step: the units' home ranges.</summary>
        private readonly long[] _homes;
        private int _allDone;
        private T* _packB0, _packB1;

        /// <summary>Whether the product has at least two units to share.</summary>
        public static bool Worthwhile(in GemmCall g) => g.M >= 2 * GemmBlocking.MR || g.N >= 2 * TK.NR;

        public SharedJob(in GemmCall g, int threads)
        {
            const int mr = GemmBlocking.MR;
            int nr = TK.NR;
            _g = g;
            _threads = threads;
            _kcMax = Math.Min(GemmBlocking.KC, g.K);
            _ncMax = Math.Min(GemmBlocking.NC, (g.N + nr - 1) / nr * nr);
            // Rows per unit: about four units per thread for balance (a core of this shared machine is often
            // interrupted), but not below 64 rows (each unit streams the whole B panel once) nor above MC.
            nint mPadded = (g.M + mr - 1) / mr * mr;
            nint rows = (g.M + 4 * threads - 1) / (4 * threads);
            rows = (rows + mr - 1) / mr * mr;
            _rows = Math.Min(Math.Min(Math.Max(rows, 8 * mr), GemmBlocking.MC(sizeof(T))), mPadded);
            int rowBlocks = (int)((g.M + _rows - 1) / _rows);
            int panels = (int)((_ncMax + nr - 1) / nr);
            _runs = Math.Clamp((2 * threads + rowBlocks - 1) / rowBlocks, 1, panels);
            _units = rowBlocks * _runs;
            _chunkPanels = Math.Max(1, (panels + 4 * threads - 1) / (4 * threads));
            _pcSteps = (int)((g.K + GemmBlocking.KC - 1) / GemmBlocking.KC);
            _phases = _pcSteps * (int)((g.N + GemmBlocking.NC - 1) / GemmBlocking.NC);
            _counters = new int[_phases * 3 * Line];
            _unitDone = new int[_phases * _units];
            _homes = HomeRanges(_phases, threads);
            for (int s = 0; s < _phases; s++) SetHomeRanges(_homes, s, threads, _units);
            _directA = DirectA<T>(g, Math.Min(GemmBlocking.MC(sizeof(T)), mPadded));
        }

        protected override nint WorkerBytes => (_rows * _kcMax + GemmBlocking.MR * TK.NR) * sizeof(T) + 2 * 64;

        protected override bool Finished => Volatile.Read(ref _allDone) >= _phases * _units;

        public void Run()
        {
            nint panelBytes = (_kcMax * _ncMax * sizeof(T) + 63) & ~(nint)63;
            using var lease = GemmPool.Rent(2 * panelBytes + 64 + WorkerBytes);
            _packB0 = (T*)Align(lease.Pointer);
            _packB1 = (T*)((byte*)_packB0 + panelBytes);
            CallerArea = (byte*)_packB1 + panelBytes;
            Fork(_threads);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        protected override void Work(byte* area, int participant)
        {
            int nr = TK.NR;
            ref readonly GemmCall g = ref _g;
            T* packA = (T*)Align(area);
            T* tile = (T*)Align((byte*)(packA + _rows * _kcMax));
            for (int s = 0; s < _phases && !Failed; s++)
            {
                nint jc = s / _pcSteps * (nint)GemmBlocking.NC, pc = s % _pcSteps * (nint)GemmBlocking.KC;
                nint nc = Math.Min(GemmBlocking.NC, g.N - jc), kc = Math.Min(GemmBlocking.KC, g.K - pc);
                int panels = (int)((nc + nr - 1) / nr), chunks = (panels + _chunkPanels - 1) / _chunkPanels;
                ref int packClaimed = ref _counters[(s * 3) * Line], packDone = ref _counters[(s * 3 + 1) * Line];
                T* bBlock = (T*)g.B + pc * g.BRow + jc * g.BCol;
                T* packB = (s & 1) == 0 ? _packB0 : _packB1;
                int i;
                if (Volatile.Read(ref packClaimed) < chunks)
                {
                    // The buffer was step s - 2's panel: every unit of that step must be done with it.
                    if (s >= 2) WaitFor(ref _counters[((s - 2) * 3 + 2) * Line], _units);
                    while ((i = Interlocked.Increment(ref packClaimed) - 1) < chunks)
                    {
                        nint j0 = (nint)i * _chunkPanels * nr, columns = Math.Min(nc - j0, (nint)_chunkPanels * nr);
                        GemmPacking.PackB<T, TK>(kc, columns, bBlock + j0 * g.BCol, g.BRow, g.BCol, packB + j0 * kc);
                        Interlocked.Increment(ref packDone);
                    }
                }
                WaitFor(ref packDone, chunks);
                nint runColumns = (panels + _runs - 1) / _runs * (nint)nr;
                nint packedRows = -1;
                while ((i = Claim(_homes, s, _threads, participant)) >= 0)
                {
                    nint block = i / _runs, jr0 = i % _runs * runColumns;
                    if (jr0 < nc)
                    {
                        // A later k block adds to the C elements the same unit of the step before wrote.
                        if (pc > 0) WaitFor(ref _unitDone[(s - 1) * _units + i], 1);
                        nint ic = block * _rows, mcNow = Math.Min(_rows, g.M - ic);
                        T* aBlock = (T*)g.A + ic * g.ARow + pc * g.ACol;
                        // A read in place where the serial loops would (its edge rows packed), else packed per unit.
                        nint mFull = _directA ? mcNow / GemmBlocking.MR * GemmBlocking.MR : mcNow;
                        if (packedRows != ic)
                        {
                            if (!_directA) GemmPacking.PackA<T, TK>(mcNow, kc, aBlock, g.ARow, g.ACol, packA);
                            else if (mFull < mcNow) GemmPacking.PackA<T, TK>(mcNow - mFull, kc, aBlock + mFull * g.ARow, g.ARow, g.ACol, packA);
                            packedRows = ic;
                        }
                        Macro<T, TK>(g, (T*)g.C + ic * g.CRow + jc * g.CCol, mcNow, jr0, Math.Min(nc, jr0 + runColumns), kc, pc > 0,
                            aBlock, _directA, packA, packA, mFull, bBlock, false, packB, null, nc, tile, null);
                    }
                    Volatile.Write(ref _unitDone[s * _units + i], 1);
                    Interlocked.Increment(ref _counters[(s * 3 + 2) * Line]);
                    Interlocked.Increment(ref _allDone);
                }
            }
        }
    }
}
