using System.Numerics;
using BenchmarkDotNet.Attributes;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace NativeArrays.Benchmarks;

/// <summary>
/// Reductions along axis 0 of a C-contiguous square matrix (Size = side² elements): every output element reduces a
/// strided column. Sum(axis: 0) into a destination (TensorPrimitives baseline: one <c>TP.Add</c> of each row into the
/// accumulator, the natural way to write it with spans) and ArgMax(axis: 0) (baseline: a scalar loop over the rows).
/// </summary>
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
[BenchmarkCategory("AxisReduction")]
public unsafe class AxisReductionBenchmarks<T> : KernelBenchmarkBase<T>, IHasOutput where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
{
    [ParamsSource(typeof(Sizes), nameof(Sizes.Matrix))]
    public int Size { get; set; }

    private int N => (int)Math.Sqrt(Size);
    private NDArray<T> _a = null!, _d = null!;
    private T* _pa, _pd;
    private long[] _index = [];
    private T[] _best = [];

    [GlobalSetup]
    public void Setup()
    {
        ApplySettings();
        _a = Data.Uniform<T>(1, N, N);
        _d = NDArray<T>.Zeros(N);
        _pa = Data.Pointer(_a); _pd = Data.Pointer(_d);
        _index = new long[N];
        _best = new T[N];
    }

    double[] IHasOutput.Snapshot() => Checker.ToDoubles(_pd, N);
    void IHasOutput.Poison() => Checker.FillNaN(_pd, N);

    [GlobalCleanup]
    public void Cleanup()
    {
        Data.DisposeAll(_a, _d);
        RestoreSettings();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Axis0.Sum"), Case("Axis0.Sum", Peer.TensorPrimitives, Form.Into, 1)]
    public void TP_SumAxis0()
    {
        int n = N;
        var d = new Span<T>(_pd, n);
        new ReadOnlySpan<T>(_pa, n).CopyTo(d);
        for (int r = 1; r < n; r++) TP.Add(d, new ReadOnlySpan<T>(_pa + (nint)r * n, n), d);
    }

    [Benchmark, BenchmarkCategory("Axis0.Sum"), Case("Axis0.Sum", Peer.NativeArrays, Form.Into, 1)]
    public void NA_SumAxis0() => NativeOps.SumAxis0(_a, _d);

    [Benchmark, BenchmarkCategory("Axis0.Sum"), Case("Axis0.Sum", Peer.ScalarLoop, Form.Into, 1)]
    public void Scalar_SumAxis0()
    {
        int n = N;
        T* a = _pa, d = _pd;
        for (nint c = 0; c < n; c++) d[c] = a[c];
        for (nint r = 1; r < n; r++)
            for (nint c = 0; c < n; c++) d[c] += a[r * n + c];
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Axis0.Max"), Case("Axis0.Max", Peer.TensorPrimitives, Form.Into, 1)]
    public void TP_MaxAxis0()
    {
        int n = N;
        var d = new Span<T>(_pd, n);
        new ReadOnlySpan<T>(_pa, n).CopyTo(d);
        for (int r = 1; r < n; r++) TP.Max(d, new ReadOnlySpan<T>(_pa + (nint)r * n, n), d);
    }

    [Benchmark, BenchmarkCategory("Axis0.Max"), Case("Axis0.Max", Peer.NativeArrays, Form.Into, 1)]
    public void NA_MaxAxis0() => NativeOps.MaxAxis0(_a, _d);

    [Benchmark(Baseline = true), BenchmarkCategory("Axis0.ArgMax"), Case("Axis0.ArgMax", Peer.ScalarLoop, Form.Alloc, 1)]
    public long Scalar_ArgMaxAxis0()
    {
        int n = N;
        T* a = _pa;
        for (nint c = 0; c < n; c++) { _best[c] = a[c]; _index[c] = 0; }
        for (nint r = 1; r < n; r++)
            for (nint c = 0; c < n; c++) { T x = a[r * n + c]; if (x > _best[c]) { _best[c] = x; _index[c] = r; } }
        return _index[n - 1];
    }

    [Benchmark, BenchmarkCategory("Axis0.ArgMax"), Case("Axis0.ArgMax", Peer.NativeArrays, Form.Alloc, 1)]
    public long NA_ArgMaxAxis0()
    {
        using var r = NativeOps.ArgMaxAxis0(_a);
        return r.Get(N - 1);
    }
}
