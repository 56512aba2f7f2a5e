using System.Numerics;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;

namespace NativeArrays.Benchmarks;

/// <summary>
/// OpenBLAS through P/Invoke to Debian's <c>libopenblas0-pthread</c> (<c>libopenblas.so.0</c>): the benchmark peer
/// for matrix products, never a dependency of the library. benchmarks/run.sh installs it when missing and runs
/// the benchmarks with <c>OPENBLAS_CORETYPE</c> and <c>OPENBLAS_L2_SIZE</c> unset, so that OpenBLAS picks its own
/// (AVX-512) kernels instead of the slower ones this machine's environment forces.
/// </summary>
public static unsafe partial class OpenBlas
{
    private const string Library = "libopenblas.so.0";
    private const int RowMajor = 101, NoTrans = 111, Trans = 112;

    [LibraryImport(Library)] private static partial void cblas_sgemm(int order, int transA, int transB, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc);
    [LibraryImport(Library)] private static partial void cblas_dgemm(int order, int transA, int transB, int m, int n, int k, double alpha, double* a, int lda, double* b, int ldb, double beta, double* c, int ldc);
    [LibraryImport(Library)] private static partial void cblas_sgemv(int order, int trans, int m, int n, float alpha, float* a, int lda, float* x, int incx, float beta, float* y, int incy);
    [LibraryImport(Library)] private static partial void cblas_dgemv(int order, int trans, int m, int n, double alpha, double* a, int lda, double* x, int incx, double beta, double* y, int incy);
    [LibraryImport(Library)] private static partial void openblas_set_num_threads(int threads);
    [LibraryImport(Library)] private static partial int openblas_get_num_threads();
    [LibraryImport(Library)] private static partial nint openblas_get_corename();

    /// <summary>Whether the library loads.</summary>
    public static bool Available => NativeLibrary.TryLoad(Library, out _);

    /// <summary>The kernel family OpenBLAS picked (e.g. SkylakeX, Cooperlake, Zen) and its thread count.</summary>
    public static string Describe() => $"{Marshal.PtrToStringAnsi(openblas_get_corename())}, {openblas_get_num_threads()} thread(s)";

    public static void SetThreads(int threads) => openblas_set_num_threads(threads);

    /// <summary>Row-major C (m x n) = op(A) (m x k) · op(B) (k x n); op = transpose when <paramref name="transposeA"/> / <paramref name="transposeB"/>.</summary>
    public static void Gemm<T>(bool transposeA, int m, int n, int k, T* a, T* b, T* c, bool transposeB = false) where T : unmanaged
    {
        int ta = transposeA ? Trans : NoTrans, lda = transposeA ? m : k;
        int tb = transposeB ? Trans : NoTrans, ldb = transposeB ? k : n;
        if (typeof(T) == typeof(float)) cblas_sgemm(RowMajor, ta, tb, m, n, k, 1, (float*)a, lda, (float*)b, ldb, 0, (float*)c, n);
        else cblas_dgemm(RowMajor, ta, tb, m, n, k, 1, (double*)a, lda, (double*)b, ldb, 0, (double*)c, n);
    }

    /// <summary>y = op(A) · x with A m x n row-major; op = transpose when <paramref name="transpose"/>.</summary>
    public static void Gemv<T>(int m, int n, T* a, T* x, T* y, bool transpose = false) where T : unmanaged
    {
        int t = transpose ? Trans : NoTrans;
        if (typeof(T) == typeof(float)) cblas_sgemv(RowMajor, t, m, n, 1, (float*)a, n, (float*)x, 1, 0, (float*)y, 1);
        else cblas_dgemv(RowMajor, t, m, n, 1, (double*)a, n, (double*)x, 1, 0, (double*)y, 1);
    }
}

/// <summary>
/// Matrix products (issue 13): NativeArrays' MatMul against OpenBLAS (same threads), and a naive triple loop at the
/// small sizes. <see cref="Size"/> is the side of the square case; the other shapes are fixed. FLOPs = 2·m·n·k per
/// product (GFLOP/s in the report). NativeArrays runs at full width; Threads is both peers' thread count.
/// </summary>
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
[BenchmarkCategory("MatMul")]
public unsafe class MatMulBenchmarks<T> where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
{
    /// <summary>Side of the square product.</summary>
    [ParamsSource(nameof(Sides))]
    public int Size { get; set; }

    /// <summary>Threads of NativeArrays (maxDegreeOfParallelism) and of OpenBLAS.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    public static IEnumerable<int> Sides => Sizes.MatMulSidesOverride ?? (Sizes.Quick ? [64, 1024] : [64, 256, 1024, 2048, 4096]);

    private NDArray<T> _a = null!, _b = null!, _c = null!, _at = null!, _br = null!;
    private IDisposable? _override;

    [GlobalSetup]
    public void Setup()
    {
        _override = NativeArraysSettings.Override(NativeArraysSettings.Current with { MaxDegreeOfParallelism = Threads, SimdWidth = SimdWidth.Auto });
        CpuPlacement.Threads = Threads;
        _a = Data.Uniform<T>(1, Size, Size);
        _b = Data.Uniform<T>(2, Size, Size);
        _c = NDArray<T>.Zeros(Size, Size);
        using (var owner = Data.Uniform<T>(3, Size, Size)) _at = owner.Transpose();
        using (var owner = Data.Uniform<T>(4, Size, Size)) _br = owner.Flip(1);
        if (OpenBlas.Available)
        {
            OpenBlas.SetThreads(Threads);
            Console.WriteLine($"// OpenBLAS: {OpenBlas.Describe()}; OPENBLAS_CORETYPE={Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") ?? "(unset)"}, OPENBLAS_L2_SIZE={Environment.GetEnvironmentVariable("OPENBLAS_L2_SIZE") ?? "(unset)"}");
        }
    }

    /// <summary>The output matrix as doubles (for --check).</summary>
    public double[] Output() => Checker.ToDoubles(Data.Pointer(_c), _c.Size);

    [GlobalCleanup]
    public void Cleanup()
    {
        Data.DisposeAll(_a, _b, _c, _at, _br);
        _override?.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Square"), Case("MatMul", Peer.OpenBLAS, Form.Into, 0)]
    public void OpenBLAS_MatMul() => OpenBlas.Gemm(false, Size, Size, Size, Data.Pointer(_a), Data.Pointer(_b), Data.Pointer(_c));

    [Benchmark, BenchmarkCategory("Square"), Case("MatMul", Peer.NativeArrays, Form.Into, 0)]
    public void NA_MatMul() => NDArray.MatMul(_a, _b, _c);

    /// <summary>One transposed operand (A is a transposed view; OpenBLAS gets TransA).</summary>
    [Benchmark, BenchmarkCategory("Transposed"), Case("MatMul.TransposedA", Peer.OpenBLAS, Form.Into, 0)]
    public void OpenBLAS_MatMulTransposedA() => OpenBlas.Gemm(true, Size, Size, Size, Data.Pointer(_at), Data.Pointer(_b), Data.Pointer(_c));

    [Benchmark, BenchmarkCategory("Transposed"), Case("MatMul.TransposedA", Peer.NativeArrays, Form.Into, 0)]
    public void NA_MatMulTransposedA() => NDArray.MatMul(_at, _b, _c);

    /// <summary>A transposed B (a view; OpenBLAS gets TransB): packed with in-register transposes.</summary>
    [Benchmark, BenchmarkCategory("Transposed"), Case("MatMul.TransposedB", Peer.OpenBLAS, Form.Into, 0)]
    public void OpenBLAS_MatMulTransposedB() => OpenBlas.Gemm(false, Size, Size, Size, Data.Pointer(_a), Data.Pointer(_at), Data.Pointer(_c), transposeB: true);

    [Benchmark, BenchmarkCategory("Transposed"), Case("MatMul.TransposedB", Peer.NativeArrays, Form.Into, 0)]
    public void NA_MatMulTransposedB() => NDArray.MatMul(_a, _at, _c);

    /// <summary>
    /// A negative-stride operand: B with its columns reversed (<c>b[:, ::-1]</c>, a view). OpenBLAS takes no negative
    /// strides, so this case has no peer: compare it with NA_MatMul (the goal: at most 5 % slower).
    /// </summary>
    [Benchmark, BenchmarkCategory("Transposed"), Case("MatMul.ReversedB", Peer.NativeArrays, Form.Into, 0)]
    public void NA_MatMulReversedB() => NDArray.MatMul(_a, _br, _c);
}

/// <summary>
/// The non-square products of issue 13: tall-skinny 4096x64 @ 64x4096, matrix·vector 4096² · 4096 and a batch
/// (256,64,64) @ (256,64,64), NativeArrays against OpenBLAS (a loop of 256 sgemm calls for the batch: OpenBLAS
/// has no batched call; NumPy's matmul does the same). --quick: 1024 instead of 4096.
/// </summary>
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
[BenchmarkCategory("MatMul")]
public unsafe class MatMulShapesBenchmarks<T> where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
{
    /// <summary>The long side (4096; 1024 with --quick).</summary>
    [ParamsSource(nameof(Sides))]
    public int Size { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    public static IEnumerable<int> Sides => Sizes.Quick ? [1024] : [4096];

    private const int Skinny = 64, Batch = 256, Small = 64;
    private NDArray<T> _tall = null!, _wide = null!, _outer = null!, _matrix = null!, _matrixT = null!, _x = null!, _y = null!, _ba = null!, _bb = null!, _bc = null!;
    private IDisposable? _override;

    [GlobalSetup]
    public void Setup()
    {
        _override = NativeArraysSettings.Override(NativeArraysSettings.Current with { MaxDegreeOfParallelism = Threads, SimdWidth = SimdWidth.Auto });
        CpuPlacement.Threads = Threads;
        _tall = Data.Uniform<T>(1, Size, Skinny);
        _wide = Data.Uniform<T>(2, Skinny, Size);
        _outer = NDArray<T>.Zeros(Size, Size);
        _matrix = Data.Uniform<T>(3, Size, Size);
        _matrixT = _matrix.Transpose();
        _x = Data.Uniform<T>(4, Size);
        _y = NDArray<T>.Zeros(Size);
        _ba = Data.Uniform<T>(5, Batch, Small, Small);
        _bb = Data.Uniform<T>(6, Batch, Small, Small);
        _bc = NDArray<T>.Zeros(Batch, Small, Small);
        if (OpenBlas.Available) OpenBlas.SetThreads(Threads);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Data.DisposeAll(_tall, _wide, _outer, _matrixT, _matrix, _x, _y, _ba, _bb, _bc);
        _override?.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("TallSkinny"), Case("MatMul.TallSkinny", Peer.OpenBLAS, Form.Into, 0)]
    public void OpenBLAS_TallSkinny() => OpenBlas.Gemm(false, Size, Size, Skinny, Data.Pointer(_tall), Data.Pointer(_wide), Data.Pointer(_outer));

    [Benchmark, BenchmarkCategory("TallSkinny"), Case("MatMul.TallSkinny", Peer.NativeArrays, Form.Into, 0)]
    public void NA_TallSkinny() => NDArray.MatMul(_tall, _wide, _outer);

    /// <summary>Memory-bound: compare with the bandwidth probe (Size² elements read once).</summary>
    [Benchmark, BenchmarkCategory("MatVec"), Case("MatMul.MatVec", Peer.OpenBLAS, Form.Into, 1)]
    public void OpenBLAS_MatVec() => OpenBlas.Gemv(Size, Size, Data.Pointer(_matrix), Data.Pointer(_x), Data.Pointer(_y));

    [Benchmark, BenchmarkCategory("MatVec"), Case("MatMul.MatVec", Peer.NativeArrays, Form.Into, 1)]
    public void NA_MatVec() => NDArray.MatMul(_matrix, _x, _y);

    /// <summary>Aᵀ·x with Aᵀ a transposed view (OpenBLAS gets Trans): a combination of A's rows, also memory-bound.</summary>
    [Benchmark, BenchmarkCategory("MatVec"), Case("MatMul.MatVecTransposed", Peer.OpenBLAS, Form.Into, 1)]
    public void OpenBLAS_MatVecTransposed() => OpenBlas.Gemv(Size, Size, Data.Pointer(_matrix), Data.Pointer(_x), Data.Pointer(_y), transpose: true);

    [Benchmark, BenchmarkCategory("MatVec"), Case("MatMul.MatVecTransposed", Peer.NativeArrays, Form.Into, 1)]
    public void NA_MatVecTransposed() => NDArray.MatMul(_matrixT, _x, _y);

    [Benchmark, BenchmarkCategory("Batched"), Case("MatMul.Batched", Peer.OpenBLAS, Form.Into, 0)]
    public void OpenBLAS_Batched()
    {
        T* a = Data.Pointer(_ba), b = Data.Pointer(_bb), c = Data.Pointer(_bc);
        for (int i = 0; i < Batch; i++, a += Small * Small, b += Small * Small, c += Small * Small)
            OpenBlas.Gemm(false, Small, Small, Small, a, b, c);
    }

    [Benchmark, BenchmarkCategory("Batched"), Case("MatMul.Batched", Peer.NativeArrays, Form.Into, 0)]
    public void NA_Batched() => NDArray.MatMul(_ba, _bb, _bc);

    /// <summary>The batch as <c>einsum("bij,bjk->bik")</c> (a new result each call): NumPy's einsum with optimize=True.</summary>
    [Benchmark, BenchmarkCategory("Einsum"), Case("Einsum.Batched", Peer.NativeArrays, Form.Alloc, 0)]
    public void NA_EinsumBatched()
    {
        using var r = NDArray.Einsum("bij,bjk->bik", _ba, _bb);
    }

    /// <summary>The same call, against NumPy's einsum with optimize=False (its own C loops, no BLAS).</summary>
    [Benchmark, BenchmarkCategory("Einsum"), Case("Einsum.Batched.Unoptimized", Peer.NativeArrays, Form.Alloc, 0)]
    public void NA_EinsumBatchedUnoptimized()
    {
        using var r = NDArray.Einsum("bij,bjk->bik", _ba, _bb);
    }
}

/// <summary>The naive i-j-k triple loop (one scalar FMA chain per element) at the small sides only (1024^3 takes seconds a call).</summary>
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
[BenchmarkCategory("MatMul")]
public unsafe class NaiveMatMulBenchmarks<T> where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
{
    [ParamsSource(nameof(Sides))]
    public int Size { get; set; }

    public static IEnumerable<int> Sides => Sizes.Quick ? [64] : [64, 256];

    private NDArray<T> _a = null!, _b = null!, _c = null!;

    [GlobalSetup]
    public void Setup()
    {
        _a = Data.Uniform<T>(1, Size, Size);
        _b = Data.Uniform<T>(2, Size, Size);
        _c = NDArray<T>.Zeros(Size, Size);
    }

    [GlobalCleanup]
    public void Cleanup() => Data.DisposeAll(_a, _b, _c);

    /// <summary>The naive i-j-k triple loop (one scalar FMA chain per element), only at the small sides.</summary>
    [Benchmark, BenchmarkCategory("Square"), Case("MatMul", Peer.ScalarLoop, Form.Into, 0)]
    public void Naive_MatMul()
    {
        T* a = Data.Pointer(_a), b = Data.Pointer(_b), c = Data.Pointer(_c);
        int n = Size;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                T s = T.Zero;
                for (int p = 0; p < n; p++) s = T.FusedMultiplyAdd(a[i * n + p], b[p * n + j], s);
                c[i * n + j] = s;
            }
    }
}

/// <summary>--check for the matrix products: NativeArrays and OpenBLAS agree on small and odd sides, 1 and 2 threads.</summary>
public static unsafe class MatMulCheck
{
    public static void Run(ref int checks, ref int failures)
    {
        if (!OpenBlas.Available)
        {
            Console.WriteLine("check: OpenBLAS (libopenblas.so.0) not found; matrix products not compared");
            return;
        }
        Compare<float>(1e-4, ref checks, ref failures);
        Compare<double>(1e-12, ref checks, ref failures);
    }

    private static void Compare<T>(double tolerance, ref int checks, ref int failures) where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        foreach (int size in new[] { 64, 100 })
            foreach (int threads in new[] { 1, 2 })
            {
                var bench = new MatMulBenchmarks<T> { Size = size, Threads = threads };
                bench.Setup();
                try
                {
                    foreach (var (name, blas, mine) in new (string, Action, Action)[]
                             {
                                 ("MatMul", bench.OpenBLAS_MatMul, bench.NA_MatMul),
                                 ("MatMul.TransposedA", bench.OpenBLAS_MatMulTransposedA, bench.NA_MatMulTransposedA),
                                 ("MatMul.TransposedB", bench.OpenBLAS_MatMulTransposedB, bench.NA_MatMulTransposedB),
                             })
                    {
                        blas();
                        double[] expected = bench.Output();
                        mine();
                        double[] got = bench.Output();
                        checks++;
                        // Inputs are in [0.5, 2): every term is positive, so a relative tolerance on each element is fair.
                        int bad = -1;
                        for (int i = 0; i < got.Length && bad < 0; i++)
                            if (!(Math.Abs(got[i] - expected[i]) <= tolerance * Math.Abs(expected[i]))) bad = i;
                        if (bad >= 0)
                        {
                            failures++;
                            Console.WriteLine($"check FAILED: {name}<{typeof(T).Name}> side {size}, {threads} thread(s): element {bad} is {got[bad]}, OpenBLAS {expected[bad]}");
                        }
                    }
                }
                finally
                {
                    bench.Cleanup();
                }
            }
    }
}
