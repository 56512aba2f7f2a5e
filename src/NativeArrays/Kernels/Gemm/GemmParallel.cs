using System.Numerics;
using System.Runtime.CompilerServices;

namespace NativeArrays.Kernels.Gemm;

/// <summary>
/// Work run by a team of threads: the caller and up to <c>threads - 1</c> thread-pool workers call
/// <see cref="Work"/>, which claims pieces (never assigned ones), so a worker that starts late, or never on a
/// busy pool, only finds less left to do; the caller returns once every piece is done and no worker is inside the
/// job any more (a worker that arrives later sees the job closed and leaves without touching its buffers). One
/// fork per job, no join on thread start-up: the fork-joins of <c>Parallel.For</c> waited for a pool thread to pick up
/// the replica even when the caller had already done all the work.
/// </summary>
internal abstract unsafe class GemmTeamJob : IThreadPoolWorkItem
{
    private int _active, _closed, _failed;
    private Exception? _failure;

    /// <summary>The caller's working area (set before <see cref="Fork"/>), or null to rent <see cref="WorkerBytes"/> (when not 0).</summary>
    protected byte* CallerArea;

    /// <summary>Bytes of pool area each participant needs (0: none).</summary>
    protected abstract nint WorkerBytes { get; }

    /// <summary>Whether every piece is done.</summary>
    protected abstract bool Finished { get; }

    /// <summary>Claims and runs pieces until none is left; <paramref name="area"/> is the participant's working area.</summary>
    protected abstract void Work(byte* area);

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
                Work(lease.Pointer);
            }
            else Work(CallerArea);
            WaitUntil(() => Finished);
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
            if (WorkerBytes > 0)
            {
                using var lease = GemmPool.Rent(WorkerBytes);
                Work(lease.Pointer);
            }
            else Work(null);
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

    /// <summary>Spins (yielding, never sleeping a millisecond) until <paramref name="count"/> reaches <paramref name="target"/> or a participant failed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected void WaitFor(ref int count, int target)
    {
        if (Volatile.Read(ref count) >= target) return;
        var spin = new SpinWait();
        while (Volatile.Read(ref count) < target && !Failed) spin.SpinOnce(sleep1Threshold: -1);
    }

    private void WaitUntil(Func<bool> done)
    {
        var spin = new SpinWait();
        while (!done() && !Failed) spin.SpinOnce(sleep1Threshold: -1);
    }
}

internal static unsafe partial class Gemm
{
    /// <summary>
    /// Whether several threads share one packed B panel per step (<see cref="SharedJob{T, TK}"/>, the default) rather
    /// than split one product into bands of C (<see cref="BandJob{T, TK}"/>). Internal: the tests run both splits, the
    /// benchmark <c>NA_MatMulBands</c> compares them. Measured on the 2-core reference machine (BenchmarkDotNet, quiet,
    /// 2 threads, session 5): shared panels 9.69 / 18.4 ms at 1024² float32 / float64 against bands 10.2 / 23.4 ms, and
    /// 115 against 132 ms at 2048² float64 (bands won 2048² float32 by 3 % and 256² by 1.3×); an interleaved run had bands
    /// 0.76-0.85x of the shared split on transposed float32 operands. So the shared split stays the default.
    /// </summary>
    internal static bool SharedPanels = true;

    /// <summary>
    /// One product on several threads as bands of C: its longer side cut into one band of whole micro-tiles per thread,
    /// each band the serial BLIS loops on its own packed blocks. One fork, no wait between steps: the band of a thread
    /// that starts late (or never, on a busy pool) is claimed by the caller. Each band packs the whole shorter operand
    /// again, a cost of 1/band of its multiply-adds (under 0.2 % for bands of 512). Every element's k order is that of
    /// the serial loops, so the bits do not depend on the thread count.
    /// </summary>
    /// <remarks>
    /// Measured against <see cref="SharedJob{T, TK}"/> (see the linalg session-5 note in benchmarks/results): the shared
    /// panel's eight waits per 1024² product and its half-MC units cost more than the second B pack saves.
    /// </remarks>
    private sealed class BandJob<T, TK> : GemmTeamJob where T : unmanaged, INumber<T> where TK : ITileKernel<T>
    {
        private readonly GemmCall _g;
        private readonly bool _byRows;
        private readonly nint _band, _length;
        private readonly int _bands;
        private int _next, _done;

        public BandJob(in GemmCall g, int threads)
        {
            _g = g;
            _byRows = g.M >= g.N;
            _length = _byRows ? g.M : g.N;
            nint unit = _byRows ? GemmBlocking.MR : TK.NR;
            nint band = (_length + threads - 1) / threads;
            _band = (band + unit - 1) / unit * unit;
            _bands = (int)((_length + _band - 1) / _band);
        }

        /// <summary>Whether the product splits into two bands or more.</summary>
        public bool Worthwhile => _bands >= 2;

        public void Run() => Fork(_bands);

        protected override nint WorkerBytes => 0;

        protected override bool Finished => Volatile.Read(ref _done) >= _bands;

        protected override void Work(byte* area)
        {
            int i;
            while ((i = Interlocked.Increment(ref _next) - 1) < _bands)
            {
                GemmCall s = _g;
                nint start = i * _band, size = Math.Min(_band, _length - start);
                if (_byRows)
                {
                    s.M = size;
                    s.A += start * _g.ARow * sizeof(T);
                    s.C += start * _g.CRow * sizeof(T);
                }
                else
                {
                    s.N = size;
                    s.B += start * _g.BCol * sizeof(T);
                    s.C += start * _g.CCol * sizeof(T);
                }
                Serial<T, TK>(s, null, null);
                Interlocked.Increment(ref _done);
            }
        }
    }

    /// <summary>
    /// One product on several threads, the BLIS way: for every (jc, pc) step the KC x NC panel of B is packed once
    /// into one buffer all threads share (the threads pack parts of it), then the threads take units of the ic loop
    /// (a block of rows of A, packed by the thread that takes it, times all the panel's columns; column runs too
    /// when there are fewer row blocks than two per thread). Two waits per step: the panel is packed before anyone
    /// reads it, and every unit of a step is done before the next step packs over it. Every element of C still
    /// gets its k blocks in order, one FMA chain per block, so the bits do not depend on the thread count.
    /// </summary>
    private sealed class SharedJob<T, TK> : GemmTeamJob where T : unmanaged, INumber<T> where TK : ITileKernel<T>
    {
        private const int Line = 16; // ints per cache line: each counter on its own line
        private readonly GemmCall _g;
        private readonly int _threads, _pcSteps, _phases, _runs, _units, _chunkPanels;
        private readonly nint _rows, _kcMax, _ncMax;
        private readonly bool _directA;
        /// <summary>Per (jc, pc) step: B chunks claimed, B chunks packed, units claimed, units done.</summary>
        private readonly int[] _counters;
        private T* _packB;

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
            _counters = new int[_phases * 4 * Line];
            _directA = DirectA<T>(g, Math.Min(GemmBlocking.MC(sizeof(T)), mPadded));
        }

        protected override nint WorkerBytes => (_rows * _kcMax + GemmBlocking.MR * TK.NR) * sizeof(T) + 2 * 64;

        protected override bool Finished => Volatile.Read(ref _counters[((_phases - 1) * 4 + 3) * Line]) >= _units;

        public void Run()
        {
            nint panelBytes = _kcMax * _ncMax * sizeof(T);
            using var lease = GemmPool.Rent(panelBytes + 64 + WorkerBytes);
            _packB = (T*)Align(lease.Pointer);
            CallerArea = (byte*)_packB + panelBytes;
            Fork(_threads);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        protected override void Work(byte* area)
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
                ref int packClaimed = ref _counters[(s * 4) * Line], packDone = ref _counters[(s * 4 + 1) * Line];
                ref int unitsClaimed = ref _counters[(s * 4 + 2) * Line], unitsDone = ref _counters[(s * 4 + 3) * Line];
                T* bBlock = (T*)g.B + pc * g.BRow + jc * g.BCol;
                int i;
                while ((i = Interlocked.Increment(ref packClaimed) - 1) < chunks)
                {
                    nint j0 = (nint)i * _chunkPanels * nr, columns = Math.Min(nc - j0, (nint)_chunkPanels * nr);
                    GemmPacking.PackB<T, TK>(kc, columns, bBlock + j0 * g.BCol, g.BRow, g.BCol, _packB + j0 * kc);
                    Interlocked.Increment(ref packDone);
                }
                WaitFor(ref packDone, chunks);
                nint runColumns = (panels + _runs - 1) / _runs * (nint)nr;
                nint packedRows = -1;
                while ((i = Interlocked.Increment(ref unitsClaimed) - 1) < _units)
                {
                    nint block = i / _runs, jr0 = i % _runs * runColumns;
                    if (jr0 < nc)
                    {
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
                            aBlock, _directA, packA, packA, mFull, bBlock, false, _packB, null, nc, tile);
                    }
                    Interlocked.Increment(ref unitsDone);
                }
                WaitFor(ref unitsDone, _units);
            }
        }
    }
}
