using System.Numerics;
using BenchmarkDotNet.Attributes;

namespace NativeArrays.Benchmarks;

/// <summary>
/// Reductions over short rows: <c>Sum(axis: 1)</c> and <c>Max(axis: 1)</c> of a C-order (Size / 3, 3) matrix (rows of 3
/// back to back: the lanes of a vector are rows), into a destination; baseline: a plain scalar loop in index order.
/// </summary>
[GenericTypeArguments(typeof(float))]
[BenchmarkCategory("ShortRows")]
public unsafe class ShortRowBenchmarks<T> : KernelBenchmarkBase<T>, IHasOutput where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
{
    [ParamsSource(typeof(Sizes), nameof(Sizes.StridedSteps))]
    public int Size { get; set; }

    private int Rows => Math.Max(1, Size / 3);
    private NDArray<T> _m = null!, _d = null!;
    private T* _pm, _pd;

    [GlobalSetup]
    public void Setup()
    {
        ApplySettings();
        _m = Data.Uniform<T>(1, Rows, 3);
        _d = NDArray<T>.Zeros(Rows);
        _pm = Data.Pointer(_m); _pd = Data.Pointer(_d);
    }

    double[] IHasOutput.Snapshot() => Checker.ToDoubles(_pd, Rows);
    void IHasOutput.Poison() => Checker.FillNaN(_pd, Rows);

    [GlobalCleanup]
    public void Cleanup()
    {
        Data.DisposeAll(_m, _d);
        RestoreSettings();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Rows3.Sum"), Case("Rows3.Sum", Peer.ScalarLoop, Form.Into, 1)]
    public void Scalar_SumRows3()
    {
        T* a = _pm, d = _pd;
        for (nint r = 0, m = Rows; r < m; r++) d[r] = a[3 * r] + a[3 * r + 1] + a[3 * r + 2];
    }

    [Benchmark, BenchmarkCategory("Rows3.Sum"), Case("Rows3.Sum", Peer.NativeArrays, Form.Into, 1)]
    public void NA_SumRows3() => NativeOps.SumAxis1(_m, _d);

    [Benchmark(Baseline = true), BenchmarkCategory("Rows3.Max"), Case("Rows3.Max", Peer.ScalarLoop, Form.Into, 1)]
    public void Scalar_MaxRows3()
    {
        T* a = _pm, d = _pd;
        for (nint r = 0, m = Rows; r < m; r++) d[r] = T.Max(T.Max(a[3 * r], a[3 * r + 1]), a[3 * r + 2]);
    }

    [Benchmark, BenchmarkCategory("Rows3.Max"), Case("Rows3.Max", Peer.NativeArrays, Form.Into, 1)]
    public void NA_MaxRows3() => NativeOps.MaxAxis1(_m, _d);
}

/// <summary>
/// <c>Sum(axis: 0)</c> of a C-order (Size / 17, 17) matrix: a pairwise tree over many rows of a narrow kept axis, into
/// a destination; baseline: a plain scalar loop adding row after row (NumPy's order).
/// </summary>
[GenericTypeArguments(typeof(float))]
[BenchmarkCategory("ShortRows")]
public unsafe class NarrowColumnBenchmarks<T> : KernelBenchmarkBase<T>, IHasOutput where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
{
    [ParamsSource(typeof(Sizes), nameof(Sizes.StridedSteps))]
    public int Size { get; set; }

    private int Rows => Math.Max(1, Size / 17);
    private NDArray<T> _m = null!, _d = null!;
    private T* _pm, _pd;

    [GlobalSetup]
    public void Setup()
    {
        ApplySettings();
        _m = Data.Uniform<T>(2, Rows, 17);
        _d = NDArray<T>.Zeros(17);
        _pm = Data.Pointer(_m); _pd = Data.Pointer(_d);
    }

    double[] IHasOutput.Snapshot() => Checker.ToDoubles(_pd, 17);
    void IHasOutput.Poison() => Checker.FillNaN(_pd, 17);

    [GlobalCleanup]
    public void Cleanup()
    {
        Data.DisposeAll(_m, _d);
        RestoreSettings();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Narrow17.Sum"), Case("Narrow17.Sum", Peer.ScalarLoop, Form.Into, 1)]
    public void Scalar_SumNarrow17()
    {
        T* a = _pm, d = _pd;
        for (nint c = 0; c < 17; c++) d[c] = a[c];
        for (nint r = 1, m = Rows; r < m; r++)
            for (nint c = 0; c < 17; c++) d[c] += a[17 * r + c];
    }

    [Benchmark, BenchmarkCategory("Narrow17.Sum"), Case("Narrow17.Sum", Peer.NativeArrays, Form.Into, 1)]
    public void NA_SumNarrow17() => NativeOps.SumAxis0(_m, _d);
}
