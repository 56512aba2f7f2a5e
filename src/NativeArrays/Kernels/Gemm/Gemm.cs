using System.Numerics;
using System.Runtime.CompilerServices;

namespace NativeArrays.Kernels.Gemm;

/// <summary>
/// One matrix product C = A·B over element strides: A is M x K, B is K x N, C is M x N; addresses are those of
/// element (0, 0) of the first matrix of a batch. Strides may be negative (reversed axes) or zero (broadcast).
/// </summary>
internal struct GemmCall
{
    public nint M, N, K;
    public nint A, ARow, ACol;
    public nint B, BRow, BCol;
    public nint C, CRow, CCol;
}

/// <summary>
/// The GEMM driver: batches, threading, the matrix·vector and tiny-product paths, and the BLIS loops around the
/// micro-kernel (see <see cref="GemmBlocking"/>). Works for every numeric element type; integers wrap on overflow.
/// Results are bit-identical for any thread count: work splits by whole matrices of a batch or by rows/columns of C,
/// and every element's k order is fixed (see <see cref="GemmMicroKernel"/>).
/// </summary>
[SkipLocalsInit]
internal static unsafe partial class Gemm
{
    /// <summary>Computes every product of a batch (the batch axes' strides in elements, 0 for broadcast).</summary>
    public static void Run<T>(ReadOnlySpan<nint> batchShape, ReadOnlySpan<nint> aBatch, ReadOnlySpan<nint> bBatch, ReadOnlySpan<nint> cBatch, in GemmCall call)
        where T : unmanaged, INumber<T>
    {
        var settings = NativeArraysSettings.Current;
        var body = new WidthBody<T>(batchShape, aBatch, bBatch, cBatch, in call, settings);
        SimdDispatch.Run<T, WidthBody<T>>(SimdDispatch.Width<T>(settings.SimdWidth), ref body);
    }

    /// <summary>The GEMM call at each width, for the one width switch (<see cref="SimdDispatch.Run"/>).</summary>
    private readonly ref struct WidthBody<T> : IWidthBody<T> where T : unmanaged, INumber<T>
    {
        private readonly ReadOnlySpan<nint> _batchShape, _aBatch, _bBatch, _cBatch;
        private readonly ref readonly GemmCall _call;
        private readonly NativeArraysSettings _settings;

        public WidthBody(ReadOnlySpan<nint> batchShape, ReadOnlySpan<nint> aBatch, ReadOnlySpan<nint> bBatch, ReadOnlySpan<nint> cBatch,
            in GemmCall call, NativeArraysSettings settings)
        {
            _batchShape = batchShape; _aBatch = aBatch; _bBatch = bBatch; _cBatch = cBatch;
            _call = ref call; _settings = settings;
        }

        public void Vector512() => Run<T, VectorTile<T, Vec512<T>>, Vec512<T>>(_batchShape, _aBatch, _bBatch, _cBatch, in _call, _settings, true);
        public void Vector256() => Run<T, VectorTile<T, Vec256<T>>, Vec256<T>>(_batchShape, _aBatch, _bBatch, _cBatch, in _call, _settings, true);
        public void Vector128() => Run<T, VectorTile<T, Vec128<T>>, Vec128<T>>(_batchShape, _aBatch, _bBatch, _cBatch, in _call, _settings, true);
        public void Scalar() => Run<T, ScalarTileKernel<T>, Vec128<T>>(_batchShape, _aBatch, _bBatch, _cBatch, in _call, _settings, false);
    }

    private static void Run<T, TK, TV>(ReadOnlySpan<nint> batchShape, ReadOnlySpan<nint> aBatch, ReadOnlySpan<nint> bBatch, ReadOnlySpan<nint> cBatch,
        in GemmCall call, NativeArraysSettings settings, bool vector)
        where T : unmanaged, INumber<T> where TK : ITileKernel<T> where TV : struct, ISimdVec<TV, T>
    {
        if (call.M == 0 || call.N == 0) return;
        GemmCall g = call;
        int rank = FoldBatchIntoRows(batchShape, aBatch, bBatch, cBatch, ref g);
        batchShape = batchShape[..rank];
        long count = 1;
        foreach (nint n in batchShape) count *= n;
        if (count == 0) return;
        long each = Math.Max(1, (long)g.M * g.N * Math.Max(g.K, 1));
        int threads = settings.EffectiveDegreeOfParallelism;
        bool parallel = threads > 1 && each * count >= settings.ParallelThreshold;
        if (count == 1)
        {
            Single<T, TK, TV>(g, parallel ? threads : 1, vector);
            return;
        }
        if (parallel && each >= settings.ParallelThreshold && count < 4 * threads)
        {
            // Few large products: one after the other, each on every thread.
            var items = new BatchJob<T, TK, TV>(batchShape, aBatch[..rank], bBatch[..rank], cBatch[..rank], g, vector, count, false);
            for (long i = 0; i < count; i++) Single<T, TK, TV>(items.At(i), threads, vector);
            return;
        }
        // Many or small products: whole products per worker (each in the same k order whatever thread runs it).
        // A B shared by the whole batch is packed once, before the workers start.
        bool shareB = bBatch[..rank].IndexOfAnyExcept((nint)0) < 0;
        var job = new BatchJob<T, TK, TV>(batchShape, aBatch[..rank], bBatch[..rank], cBatch[..rank], g, vector, count, shareB && PackedB<T, TK>(g, sharedBatch: true));
        job.Run(parallel ? (int)Math.Min(threads, count) : 1);
    }

    /// <summary>
    /// Folds the innermost batch axes into the rows of the product where B is the same matrix for each of them and A
    /// and C step over whole row blocks ((256, 64, 64) @ (64, 64) is one (16384 x 64) @ (64 x 64) product): B is then
    /// packed once and the rows split between threads like any tall product. Returns the batch rank left.
    /// </summary>
    private static int FoldBatchIntoRows(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> aBatch, ReadOnlySpan<nint> bBatch, ReadOnlySpan<nint> cBatch, ref GemmCall g)
    {
        int rank = shape.Length;
        while (rank > 0)
        {
            int d = rank - 1;
            nint length = shape[d];
            if (length == 0) break;
            if (length == 1) { rank--; continue; }
            if (bBatch[d] != 0) break;
            if (g.M == 1) { g.ARow = aBatch[d]; g.CRow = cBatch[d]; g.M = length; rank--; continue; }
            if (aBatch[d] != g.M * g.ARow || cBatch[d] != g.M * g.CRow) break;
            g.M *= length;
            rank--;
        }
        return rank;
    }

    /// <summary>
    /// Walks the products of a batch (C order), and runs them as a team job (see <see cref="GemmTeamJob"/>): each
    /// participant has a home range of products (the same on every call) and takes from the back of another's range
    /// once its own is done; it counts the products it did and adds them up once at the end, so two threads do not
    /// bounce a shared counter's line per product. Tiled products run on the participant's one pool area (no rent per
    /// product) and prefetch the next product's operands between their tiles (<see cref="GemmLookahead"/>).
    /// </summary>
    private sealed class BatchJob<T, TK, TV> : GemmTeamJob
        where T : unmanaged, INumber<T> where TK : ITileKernel<T> where TV : struct, ISimdVec<TV, T>
    {
        private readonly nint[] _shape, _a, _b, _c;
        private readonly GemmCall _call;
        private readonly bool _vector, _shareB, _tiled, _lookahead;
        private readonly long _count, _perPiece;
        private readonly nint _serialBytes, _tiles;
        private readonly int _pieces;
        private int _participants;
        private long[] _homes = [];
        private T* _packedB;
        private long _done;

        public BatchJob(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> a, ReadOnlySpan<nint> b, ReadOnlySpan<nint> c, GemmCall call, bool vector, long count, bool shareB)
        {
            _shape = shape.ToArray(); _a = a.ToArray(); _b = b.ToArray(); _c = c.ToArray();
            _call = call; _vector = vector; _count = count; _shareB = shareB;
            _tiled = Tiled(call);
            _serialBytes = _tiled ? SerialBytes<T, TK>(call, prepacked: shareB) : 0;
            long productBytes = ((long)call.M * call.K + (long)call.K * call.N + (long)call.M * call.N) * sizeof(T);
            _lookahead = _tiled && count > 1 && GemmLookahead.Worthwhile(productBytes);
            _tiles = (call.M + GemmBlocking.MR - 1) / GemmBlocking.MR * ((call.N + TK.NR - 1) / TK.NR) * ((call.K + GemmBlocking.KC - 1) / GemmBlocking.KC);
            _perPiece = (count + int.MaxValue - 1) / int.MaxValue;
            _pieces = (int)((count + _perPiece - 1) / _perPiece);
        }

        /// <summary>The product at C-order batch index <paramref name="index"/>.</summary>
        public GemmCall At(long index)
        {
            GemmCall g = _call;
            for (int d = _shape.Length - 1; d >= 0; d--)
            {
                nint i = (nint)(index % _shape[d]);
                index /= _shape[d];
                g.A += i * _a[d] * sizeof(T);
                g.B += i * _b[d] * sizeof(T);
                g.C += i * _c[d] * sizeof(T);
            }
            return g;
        }

        /// <summary>Runs every product on up to <paramref name="threads"/> threads (the caller's included).</summary>
        public void Run(int threads)
        {
            _participants = threads;
            _homes = HomeRanges(1, threads);
            SetHomeRanges(_homes, 0, threads, _pieces);
            if (!_shareB)
            {
                Fork(threads);
                return;
            }
            // The caller's one pool area holds the shared packed B and its own working area after it.
            nint packed = WholeBElements<T, TK>(_call) * sizeof(T) + 64;
            using var lease = GemmPool.Rent(packed + _serialBytes);
            _packedB = (T*)Align(lease.Pointer);
            PackWholeB<T, TK>(_call, _packedB);
            CallerArea = (byte*)_packedB + packed - 64;
            Fork(threads);
        }

        protected override bool Finished => Volatile.Read(ref _done) >= _count;

        protected override void Work(byte* area, int participant)
        {
            long done = 0;
            int piece;
            GemmLookahead ahead;
            while ((piece = Claim(_homes, 0, _participants, participant)) >= 0)
            {
                long end = Math.Min(_count, (piece + 1) * _perPiece);
                for (long i = piece * _perPiece; i < end; i++, done++)
                {
                    if (!_tiled)
                    {
                        Single<T, TK, TV>(At(i), 1, _vector);
                        continue;
                    }
                    GemmLookahead* next = null;
                    if (_lookahead && i + 1 < _count)
                    {
                        ahead = GemmLookahead.For<T>(At(i + 1), withB: !_shareB, _tiles);
                        next = &ahead;
                    }
                    Serial<T, TK>(At(i), _packedB, area, next);
                }
            }
            Interlocked.Add(ref _done, done);
        }

        protected override nint WorkerBytes => _serialBytes;
    }

    /// <summary>One product, split over <paramref name="threads"/> workers (see <see cref="SharedJob{T, TK}"/>).</summary>
    private static void Single<T, TK, TV>(GemmCall g, int threads, bool vector)
        where T : unmanaged, INumber<T> where TK : ITileKernel<T> where TV : struct, ISimdVec<TV, T>
    {
        if (g.K == 0)
        {
            T* c = (T*)g.C;
            for (nint i = 0; i < g.M; i++)
                for (nint j = 0; j < g.N; j++) c[i * g.CRow + j * g.CCol] = T.Zero;
            return;
        }
        if ((long)g.M * g.N * g.K < GemmBlocking.SmallWork)
        {
            Naive<T>(g);
            return;
        }
        if (g.N == 1 || g.M == 1)
        {
            // Matrix·vector (or vector·matrix, as Bᵀ·a): memory-bound, no packing.
            var v = g.N == 1
                ? new GemvCall { Rows = g.M, Cols = g.K, A = g.A, ARow = g.ARow, ACol = g.ACol, X = g.B, XStep = g.BRow, Y = g.C, YStep = g.CRow }
                : new GemvCall { Rows = g.N, Cols = g.K, A = g.B, ARow = g.BCol, ACol = g.BRow, X = g.A, XStep = g.ACol, Y = g.C, YStep = g.CCol };
            if (threads <= 1 || v.Rows < 2 * GemvJob<T, TV>.Rows(v, vector)) Gemv<T, TV>(v, 0, v.Rows, vector);
            else new GemvJob<T, TV>(v, vector).Run(threads);
            return;
        }
        if (threads > 1 && SharedJob<T, TK>.Worthwhile(g))
        {
            new SharedJob<T, TK>(g, threads).Run();
            return;
        }
        Serial<T, TK>(g, null, null);
    }

    /// <summary>
    /// Whether the product goes through the tiled loops with B packed: not empty, tiny or a matrix·vector product,
    /// and B not read in place. <paramref name="sharedBatch"/>: the whole packed B (every k and column block) must
    /// also be small enough to keep for a batch (<see cref="GemmBlocking.SharedBatchBBytes"/>).
    /// </summary>
    private static bool PackedB<T, TK>(in GemmCall g, bool sharedBatch) where T : unmanaged where TK : ITileKernel<T>
        => Tiled(g) && !DirectB<T>(g)
           && (!sharedBatch || WholeBElements<T, TK>(g) * sizeof(T) <= GemmBlocking.SharedBatchBBytes);

    /// <summary>
    /// Whether <see cref="Single"/> runs the product through the tiled loops on one thread: not empty, not tiny (the naive
    /// loop) and not a matrix·vector product.
    /// </summary>
    private static bool Tiled(in GemmCall g) => g.K > 0 && g.M > 1 && g.N > 1 && (long)g.M * g.N * g.K >= GemmBlocking.SmallWork;

    /// <summary>A row-major B that fits one block is read in place (only its edge panel packed).</summary>
    private static bool DirectB<T>(in GemmCall g) where T : unmanaged
        => g.BCol == 1 && (long)g.K * g.N * sizeof(T) <= GemmBlocking.ABlockBytes;

    /// <summary>Elements of B packed whole: every (jc, pc) block, block (jc, pc) at <c>jc * K + pc * round_up(nc, NR)</c>.</summary>
    private static nint WholeBElements<T, TK>(in GemmCall g) where T : unmanaged where TK : ITileKernel<T>
        => g.K * ((g.N + TK.NR - 1) / TK.NR * TK.NR);

    /// <summary>Packs every (jc, pc) block of B into <paramref name="destination"/> (layout of <see cref="WholeBElements"/>).</summary>
    private static void PackWholeB<T, TK>(in GemmCall g, T* destination) where T : unmanaged where TK : ITileKernel<T>
    {
        for (nint jc = 0; jc < g.N; jc += GemmBlocking.NC)
        {
            nint nc = Math.Min(GemmBlocking.NC, g.N - jc), ncPadded = (nc + TK.NR - 1) / TK.NR * TK.NR;
            for (nint pc = 0; pc < g.K; pc += GemmBlocking.KC)
                GemmPacking.PackB<T, TK>(Math.Min(GemmBlocking.KC, g.K - pc), nc, (T*)g.B + pc * g.BRow + jc * g.BCol, g.BRow, g.BCol,
                    destination + jc * g.K + pc * ncPadded);
        }
    }

    /// <summary>Tiny products: one FMA chain per element in k order (the micro-kernel's arithmetic when k ≤ KC).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Naive<T>(in GemmCall g) where T : unmanaged, INumber<T>
    {
        T* a = (T*)g.A, b = (T*)g.B, c = (T*)g.C;
        for (nint i = 0; i < g.M; i++)
            for (nint j = 0; j < g.N; j++)
            {
                T acc = T.Zero;
                for (nint p = 0; p < g.K; p++) acc = MultiplyAddOp<T>.Invoke(a[i * g.ARow + p * g.ACol], b[p * g.BRow + j * g.BCol], acc);
                c[i * g.CRow + j * g.CCol] = acc;
            }
    }

    /// <summary>Bytes of the pool area <see cref="Serial"/> needs (without the B panel when B comes packed).</summary>
    private static nint SerialBytes<T, TK>(in GemmCall g, bool prepacked) where T : unmanaged where TK : ITileKernel<T>
    {
        const int mr = GemmBlocking.MR;
        int nr = TK.NR;
        nint kcMax = Math.Min(GemmBlocking.KC, g.K);
        nint mcMax = Math.Min(GemmBlocking.MC(sizeof(T)), (g.M + mr - 1) / mr * mr);
        nint ncMax = Math.Min(GemmBlocking.NC, (g.N + nr - 1) / nr * nr);
        nint aElements = DirectA<T>(g, mcMax) ? 0 : mcMax * kcMax, bElements = prepacked || DirectB<T>(g) ? 0 : kcMax * ncMax;
        return (aElements + bElements + mr * kcMax + kcMax * nr + mr * nr) * sizeof(T) + 4 * 64;
    }

    /// <summary>
    /// Row-major operands that fit one block are read in place (only their edge panel is packed): packing them
    /// would cost as much as it saves. Larger ones are packed for the caches and the TLB, unless their rows are at
    /// most 256 bytes apart (a batch of small matrices folded into one tall product): the 8 rows of a micro-tile
    /// are then at most 32 consecutive lines, used whole, and packing would add a copy of A per column block for
    /// the few column panels such a product has. (Rows reversed, k step -1, read in place just as well. A
    /// column-major A is packed instead: read in place, its columns at a power-of-two stride would crowd a few L1
    /// sets together with B's rows.)
    /// </summary>
    private static bool DirectA<T>(in GemmCall g, nint mcMax) where T : unmanaged
        => (g.ACol == 1 || g.ACol == -1) && (g.M <= mcMax || Math.Abs(g.ARow) * sizeof(T) <= 256);

    /// <summary>
    /// The BLIS loops over one product on the calling thread. <paramref name="prepackedB"/>: B already packed whole
    /// (see <see cref="PackWholeB"/>), else null; <paramref name="workspace"/>: a pool area of
    /// <see cref="SerialBytes"/> bytes, else null (one is rented); <paramref name="next"/>: the next product of a
    /// batch to prefetch between tiles (<see cref="GemmLookahead"/>), else null.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Serial<T, TK>(in GemmCall g, T* prepackedB, byte* workspace, GemmLookahead* next = null)
        where T : unmanaged, INumber<T> where TK : ITileKernel<T>
    {
        const int mr = GemmBlocking.MR;
        int nr = TK.NR;
        nint m = g.M, n = g.N, k = g.K;
        T* a = (T*)g.A, b = (T*)g.B, c = (T*)g.C;
        nint kcMax = Math.Min(GemmBlocking.KC, k);
        nint mcMax = Math.Min(GemmBlocking.MC(sizeof(T)), (m + mr - 1) / mr * mr);
        nint ncMax = Math.Min(GemmBlocking.NC, (n + nr - 1) / nr * nr);
        bool directA = DirectA<T>(g, mcMax);
        bool directB = prepackedB == null && DirectB<T>(g);
        nint aElements = directA ? 0 : mcMax * kcMax, bElements = directB || prepackedB != null ? 0 : kcMax * ncMax;
        nint edgeA = mr * kcMax;
        GemmPool.Lease lease = workspace == null ? GemmPool.Rent(SerialBytes<T, TK>(g, prepackedB != null)) : default;
        try
        {
            T* packA = (T*)Align(workspace == null ? lease.Pointer : workspace);
            T* packB = (T*)Align((byte*)(packA + aElements));
            T* edgeAPanel = (T*)Align((byte*)(packB + bElements));
            T* edgeBPanel = (T*)Align((byte*)(edgeAPanel + edgeA));
            T* tile = edgeBPanel + kcMax * nr;
            nint mc = GemmBlocking.MC(sizeof(T));

            for (nint jc = 0; jc < n; jc += GemmBlocking.NC)
            {
                nint nc = Math.Min(GemmBlocking.NC, n - jc), ncPadded = (nc + nr - 1) / nr * nr;
                for (nint pc = 0; pc < k; pc += GemmBlocking.KC)
                {
                    nint kc = Math.Min(GemmBlocking.KC, k - pc);
                    bool accumulate = pc > 0;
                    T* bBlock = b + pc * g.BRow + jc * g.BCol;
                    nint nFull = directB ? nc / nr * nr : nc;
                    if (prepackedB != null) packB = prepackedB + jc * k + pc * ncPadded;
                    else if (!directB) GemmPacking.PackB<T, TK>(kc, nc, bBlock, g.BRow, g.BCol, packB);
                    else if (nFull < nc) GemmPacking.PackB<T, TK>(kc, nc - nFull, bBlock + nFull * g.BCol, g.BRow, g.BCol, edgeBPanel);
                    for (nint ic = 0; ic < m; ic += mc)
                    {
                        nint mcNow = Math.Min(mc, m - ic);
                        T* aBlock = a + ic * g.ARow + pc * g.ACol;
                        nint mFull = directA ? mcNow / mr * mr : mcNow;
                        if (!directA) GemmPacking.PackA<T, TK>(mcNow, kc, aBlock, g.ARow, g.ACol, packA);
                        else if (mFull < mcNow) GemmPacking.PackA<T, TK>(mcNow - mFull, kc, aBlock + mFull * g.ARow, g.ARow, g.ACol, edgeAPanel);
                        Macro<T, TK>(g, c + ic * g.CRow + jc * g.CCol, mcNow, 0, nc, kc, accumulate,
                            aBlock, directA, packA, edgeAPanel, mFull, bBlock, directB, packB, edgeBPanel, nFull, tile, next);
                    }
                }
            }
        }
        finally
        {
            if (workspace == null) lease.Dispose();
        }
    }

    /// <summary>
    /// The macro-kernel: micro-panel columns [<paramref name="jr0"/>, <paramref name="jr1"/>) of one (MC x KC) · (KC x NC)
    /// block product into <paramref name="cBlock"/> (C at the block's first row and column). A is the packed block, or
    /// read in place when <paramref name="directA"/> (rows from <paramref name="mFull"/> on then come from the packed
    /// edge panel); B likewise (<paramref name="packB"/> holds panel j at <c>j * kc</c>). <paramref name="next"/>:
    /// lines to prefetch before each tile, else null.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Macro<T, TK>(in GemmCall g, T* cBlock, nint mcNow, nint jr0, nint jr1, nint kc, bool accumulate,
        T* aBlock, bool directA, T* packA, T* edgeAPanel, nint mFull,
        T* bBlock, bool directB, T* packB, T* edgeBPanel, nint nFull, T* tile, GemmLookahead* next)
        where T : unmanaged, INumber<T> where TK : ITileKernel<T>
    {
        const int mr = GemmBlocking.MR;
        int nr = TK.NR;
        for (nint jr = jr0; jr < jr1; jr += nr)
        {
            nint columns = Math.Min(nr, jr1 - jr);
            T* bp; nint bK;
            if (!directB) { bp = packB + jr * kc; bK = nr; }
            else if (jr < nFull) { bp = bBlock + jr; bK = g.BRow; }
            else { bp = edgeBPanel; bK = nr; }
            for (nint ir = 0; ir < mcNow; ir += mr)
            {
                nint rows = Math.Min(mr, mcNow - ir);
                T* ap; nint aRow, aK;
                if (!directA) { ap = packA + ir * kc; aRow = 1; aK = mr; }
                else if (ir < mFull) { ap = aBlock + ir * g.ARow; aRow = g.ARow; aK = g.ACol; }
                else { ap = edgeAPanel; aRow = 1; aK = mr; }
                T* cp = cBlock + ir * g.CRow + jr * g.CCol;
                if (next != null) next->Step();
                if (rows == mr && columns == nr && g.CCol == 1)
                {
                    TK.Tile(kc, ap, aRow, aK, bp, bK, cp, g.CRow, accumulate);
                    continue;
                }
                // Edge tile or strided C: compute the full tile aside, keep the part inside C.
                TK.Tile(kc, ap, aRow, aK, bp, bK, tile, nr, false);
                for (nint r = 0; r < rows; r++)
                    for (nint j = 0; j < columns; j++)
                    {
                        T* e = cp + r * g.CRow + j * g.CCol;
                        *e = accumulate ? *e + tile[r * nr + j] : tile[r * nr + j];
                    }
            }
        }
    }

    internal static byte* Align(byte* p) => (byte*)(((nint)p + 63) & ~(nint)63);
}
