using System.Numerics;
using BenchmarkDotNet.Attributes;
using NumSharp;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace NativeArrays.Benchmarks;

/// <summary>Whole-array reductions over contiguous data: Sum, Max, ArgMax, ArgMin. TensorPrimitives is the baseline.</summary>
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
[BenchmarkCategory("Reduction")]
[WidthSweep(typeof(float))]
public unsafe class ReductionBenchmarks<T> : KernelBenchmarkBase<T> where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
{
    [ParamsSource(typeof(Sizes), nameof(Sizes.Vector))]
    public int Size { get; set; }

    private NDArray<T> _a = null!;
    private T* _pa;
    private NumSharp.NDArray _na = null!;

    [GlobalSetup]
    public void Setup()
    {
        ApplySettings();
        _a = Data.Uniform<T>(1, Size);
        _pa = Data.Pointer(_a);
        _na = Data.Wrap(_a);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _a.Dispose();
        RestoreSettings();
    }

    private ReadOnlySpan<T> A => new(_pa, Size);

    // ---- Sum ----------------------------------------------------------------------------------------------------
    [Benchmark(Baseline = true), BenchmarkCategory("Sum"), Case("Sum", Peer.TensorPrimitives, Form.Scalar, 1)]
    public T TP_Sum() => TP.Sum(A);

    [Benchmark, BenchmarkCategory("Sum"), Case("Sum", Peer.NativeArrays, Form.Scalar, 1)]
    public T NA_Sum() => NativeOps.Sum(_a);

    [Benchmark, BenchmarkCategory("Sum"), Case("Sum", Peer.NumSharp, Form.Scalar, 1)]
    public T NumSharp_Sum()
    {
        using var r = np.sum(_na, null, null, null, false, null, null);
        return r.GetValue<T>();
    }

    [Benchmark, BenchmarkCategory("Sum"), Case("Sum", Peer.ScalarLoop, Form.Scalar, 1)]
    public T Scalar_Sum()
    {
        T* a = _pa;
        T s = T.Zero;
        for (nint i = 0, n = Size; i < n; i++) s += a[i];
        return s;
    }

    // ---- Max ----------------------------------------------------------------------------------------------------
    [Benchmark(Baseline = true), BenchmarkCategory("Max"), Case("Max", Peer.TensorPrimitives, Form.Scalar, 1)]
    public T TP_Max() => TP.Max(A);

    [Benchmark, BenchmarkCategory("Max"), Case("Max", Peer.NativeArrays, Form.Scalar, 1)]
    public T NA_Max() => NativeOps.Max(_a);

    [Benchmark, BenchmarkCategory("Max"), Case("Max", Peer.NumSharp, Form.Scalar, 1)]
    public T NumSharp_Max()
    {
        using var r = np.amax(_na, null, null, false, null, null);
        return r.GetValue<T>();
    }

    [Benchmark, BenchmarkCategory("Max"), Case("Max", Peer.ScalarLoop, Form.Scalar, 1)]
    public T Scalar_Max()
    {
        T* a = _pa;
        T m = a[0];
        for (nint i = 1, n = Size; i < n; i++) { T x = a[i]; if (x > m || T.IsNaN(x)) m = x; }
        return m;
    }

    // ---- ArgMax -------------------------------------------------------------------------------------------------
    [Benchmark(Baseline = true), BenchmarkCategory("ArgMax"), Case("ArgMax", Peer.TensorPrimitives, Form.Scalar, 1)]
    public long TP_ArgMax() => TP.IndexOfMax(A);

    [Benchmark, BenchmarkCategory("ArgMax"), Case("ArgMax", Peer.NativeArrays, Form.Scalar, 1)]
    public long NA_ArgMax() => NativeOps.ArgMax(_a);

    [Benchmark, BenchmarkCategory("ArgMax"), Case("ArgMax", Peer.NumSharp, Form.Scalar, 1)]
    public long NumSharp_ArgMax() => np.argmax(_na);

    [Benchmark, BenchmarkCategory("ArgMax"), Case("ArgMax", Peer.ScalarLoop, Form.Scalar, 1)]
    public long Scalar_ArgMax()
    {
        T* a = _pa;
        T m = a[0];
        nint k = 0;
        for (nint i = 1, n = Size; i < n; i++) { T x = a[i]; if (x > m) { m = x; k = i; } }
        return k;
    }

    // ---- ArgMin -------------------------------------------------------------------------------------------------
    [Benchmark(Baseline = true), BenchmarkCategory("ArgMin"), Case("ArgMin", Peer.TensorPrimitives, Form.Scalar, 1)]
    public long TP_ArgMin() => TP.IndexOfMin(A);

    [Benchmark, BenchmarkCategory("ArgMin"), Case("ArgMin", Peer.NativeArrays, Form.Scalar, 1)]
    public long NA_ArgMin() => NativeOps.ArgMin(_a);

    [Benchmark, BenchmarkCategory("ArgMin"), Case("ArgMin", Peer.NumSharp, Form.Scalar, 1)]
    public long NumSharp_ArgMin() => np.argmin(_na);

    [Benchmark, BenchmarkCategory("ArgMin"), Case("ArgMin", Peer.ScalarLoop, Form.Scalar, 1)]
    public long Scalar_ArgMin()
    {
        T* a = _pa;
        T m = a[0];
        nint k = 0;
        for (nint i = 1, n = Size; i < n; i++) { T x = a[i]; if (x < m) { m = x; k = i; } }
        return k;
    }
}
