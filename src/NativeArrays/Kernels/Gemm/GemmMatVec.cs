using System.Numerics;
using System.Runtime.CompilerServices;

namespace NativeArrays.Kernels.Gemm;

/// <summary>Matrix·vector products (y = A·x, and Aᵀ·x as a combination of A's rows) on the worker team: the part of
/// <see cref="Gemm"/> that packs nothing.</summary>
internal static unsafe partial class Gemm
{
    /// <summary>y = A·x with A Rows x Cols.</summary>
    private struct GemvCall
    {
        public nint Rows, Cols;
        public nint A, ARow, ACol;
        public nint X, XStep;
        public nint Y, YStep;
    }

    /// <summary>
    /// Row chunks of one matrix·vector product claimed by a team (see <see cref="GemmTeamJob"/>): one fork, no
    /// join on thread start-up (<c>Parallel.For</c>'s fork-join cost about as much as a 4096² float32 product takes).
    /// Each thread has a home range of chunks (<see cref="GemmTeamJob.Claim"/>), the same rows of A on every call,
    /// so that a thread finds the part of A it read last time in its own core's caches.
    /// </summary>
    private sealed class GemvJob<T, TV>(GemvCall v, bool vector) : GemmTeamJob
        where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        private readonly nint _rows = Rows(v, vector);
        private readonly int _chunks = (int)((v.Rows + Rows(v, vector) - 1) / Rows(v, vector));
        private int _threads;
        private long[] _homes = [];

        /// <summary>Rows per work item: <see cref="GemvChunk"/>, or a column-walk block.</summary>
        public static nint Rows(in GemvCall v, bool vector) => vector && v.ARow == 1 && !(v.ACol == 1 && v.XStep == 1) ? GemvWalkBytes / sizeof(T) : GemvChunk;
        private int _done;

        public void Run(int threads)
        {
            _threads = Math.Min(threads, _chunks);
            _homes = HomeRanges(1, _threads);
            SetHomeRanges(_homes, 0, _threads, _chunks);
            Fork(_threads);
        }

        protected override nint WorkerBytes => 0;

        protected override bool Finished => Volatile.Read(ref _done) >= _chunks;

        protected override void Work(byte* area, int participant)
        {
            int i;
            while ((i = Claim(_homes, 0, _threads, participant)) >= 0)
            {
                Gemv<T, TV>(v, (nint)i * _rows, Math.Min(v.Rows, (nint)(i + 1) * _rows), vector);
                Interlocked.Increment(ref _done);
            }
        }
    }

    /// <summary>Rows per parallel work item of the matrix·vector kernel (rows contiguous: dot products).</summary>
    private const int GemvChunk = 512;

    /// <summary>
    /// Bytes of the y block the column walk accumulates in (a quarter of the L1): each pass reads 8 KiB runs of four
    /// rows of A, long enough for the prefetchers; also the rows per parallel work item of that walk.
    /// </summary>
    private const int GemvWalkBytes = 8192;

    /// <summary>Rows [start, end) of y = A·x; every row's arithmetic is independent of the range it is in.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Gemv<T, TV>(in GemvCall v, nint start, nint end, bool vector)
        where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        T* a = (T*)v.A, x = (T*)v.X, y = (T*)v.Y;
        if (vector && v.ACol == 1 && v.XStep == 1)
        {
            // Rows contiguous: dot products, four rows at a time sharing the loads of x.
            nint i = start;
            for (; i + 4 <= end; i += 4) Dot4<T, TV>(v.Cols, a + i * v.ARow, v.ARow, x, y + i * v.YStep, v.YStep);
            for (; i < end; i++) y[i * v.YStep] = Dot<T, TV>(v.Cols, a + i * v.ARow, x);
            return;
        }
        if (vector && v.ARow == 1)
        {
            // Columns contiguous (Aᵀ·x with A row-major): y is a combination of A's rows, each a contiguous stream.
            // Rows of y in L1-sized blocks; four columns of A per pass over the block (four streams, one load and
            // store of the block per four FMAs). Each y element is still one FMA chain in column order.
            int w = TV.Count;
            nint block = GemvWalkBytes / sizeof(T);
            T* acc = stackalloc T[GemvWalkBytes / sizeof(T)];
            for (nint i0 = start; i0 < end; i0 += block)
            {
                nint len = Math.Min(block, end - i0);
                new Span<T>(acc, (int)len).Clear();
                nint p = 0;
                for (; p + 4 <= v.Cols; p += 4)
                {
                    T x0 = x[p * v.XStep], x1 = x[(p + 1) * v.XStep], x2 = x[(p + 2) * v.XStep], x3 = x[(p + 3) * v.XStep];
                    TV v0 = TV.Create(x0), v1 = TV.Create(x1), v2 = TV.Create(x2), v3 = TV.Create(x3);
                    T* c0 = a + p * v.ACol + i0, c1 = c0 + v.ACol, c2 = c1 + v.ACol, c3 = c2 + v.ACol;
                    nint i = 0;
                    for (; i + w <= len; i += w)
                    {
                        TV s = TV.FusedMultiplyAdd(TV.Load(c0 + i), v0, TV.Load(acc + i));
                        s = TV.FusedMultiplyAdd(TV.Load(c1 + i), v1, s);
                        s = TV.FusedMultiplyAdd(TV.Load(c2 + i), v2, s);
                        TV.Store(TV.FusedMultiplyAdd(TV.Load(c3 + i), v3, s), acc + i);
                    }
                    for (; i < len; i++)
                        acc[i] = MultiplyAddOp<T>.Invoke(c3[i], x3, MultiplyAddOp<T>.Invoke(c2[i], x2,
                            MultiplyAddOp<T>.Invoke(c1[i], x1, MultiplyAddOp<T>.Invoke(c0[i], x0, acc[i]))));
                }
                for (; p < v.Cols; p++)
                {
                    T xp = x[p * v.XStep];
                    TV xv = TV.Create(xp);
                    T* col = a + p * v.ACol + i0;
                    nint i = 0;
                    for (; i + w <= len; i += w) TV.Store(TV.FusedMultiplyAdd(TV.Load(col + i), xv, TV.Load(acc + i)), acc + i);
                    for (; i < len; i++) acc[i] = MultiplyAddOp<T>.Invoke(col[i], xp, acc[i]);
                }
                for (nint i = 0; i < len; i++) y[(i0 + i) * v.YStep] = acc[i];
            }
            return;
        }
        for (nint i = start; i < end; i++)
        {
            T acc = T.Zero;
            T* row = a + i * v.ARow;
            for (nint p = 0; p < v.Cols; p++) acc = MultiplyAddOp<T>.Invoke(row[p * v.ACol], x[p * v.XStep], acc);
            y[i * v.YStep] = acc;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Dot<T, TV>(nint n, T* a, T* x) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        int w = TV.Count;
        TV acc = TV.Zero;
        nint p = 0;
        for (; p + w <= n; p += w) acc = TV.FusedMultiplyAdd(TV.Load(a + p), TV.Load(x + p), acc);
        T s = TV.Sum(acc);
        for (; p < n; p++) s = MultiplyAddOp<T>.Invoke(a[p], x[p], s);
        return s;
    }

    /// <summary>Four <see cref="Dot{T, TV}"/> at once, with the same arithmetic per row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot4<T, TV>(nint n, T* a, nint rowStride, T* x, T* y, nint yStep) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        int w = TV.Count;
        T* a1 = a + rowStride, a2 = a1 + rowStride, a3 = a2 + rowStride;
        TV s0 = TV.Zero, s1 = TV.Zero, s2 = TV.Zero, s3 = TV.Zero;
        nint p = 0;
        for (; p + w <= n; p += w)
        {
            TV xv = TV.Load(x + p);
            s0 = TV.FusedMultiplyAdd(TV.Load(a + p), xv, s0);
            s1 = TV.FusedMultiplyAdd(TV.Load(a1 + p), xv, s1);
            s2 = TV.FusedMultiplyAdd(TV.Load(a2 + p), xv, s2);
            s3 = TV.FusedMultiplyAdd(TV.Load(a3 + p), xv, s3);
        }
        T t0 = TV.Sum(s0), t1 = TV.Sum(s1), t2 = TV.Sum(s2), t3 = TV.Sum(s3);
        for (; p < n; p++)
        {
            T xp = x[p];
            t0 = MultiplyAddOp<T>.Invoke(a[p], xp, t0);
            t1 = MultiplyAddOp<T>.Invoke(a1[p], xp, t1);
            t2 = MultiplyAddOp<T>.Invoke(a2[p], xp, t2);
            t3 = MultiplyAddOp<T>.Invoke(a3[p], xp, t3);
        }
        y[0] = t0; y[yStep] = t1; y[2 * yStep] = t2; y[3 * yStep] = t3;
    }
}
