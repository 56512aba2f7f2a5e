using System.Numerics;
using BenchmarkDotNet.Attributes;

namespace NativeArrays.Benchmarks;

/// <summary>
/// Reductions over short rows and narrow columns of C-order matrices of about Size elements: <c>Sum(axis: 1)</c> and
/// <c>Max(axis: 1)</c> of an (Size / 3, 3) matrix (rows of 3 back to back: the lanes of a vector are rows), and
/// <c>Sum(axis: 0)</c> of an (Size / 17, 17) matrix (a pairwise tree over many rows of a narrow kept axis). Into a
/// destination; baseline: a plain scalar loop in index order (NumPy's order for these).
/// </summary>
[GenericTypeArguments(typeof(float))]
[BenchmarkCategory("ShortRows")]
public unsafe class ShortRowBenchmarks<T> : KernelBenchmarkBase<T>, IHasOutput where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
{
    [ParamsSource(typeof(Sizes), nameof(Sizes.StridedSteps))]
    public int Size { get; set; }

    private int Rows3 => Size / 3;
    private int Rows17 => Size / 17;
    private NDArray<T> _m3 = null!, _m17 = null!, _d3 = null!, _d17 = null!;
    private T* _p3, _p17, _pd3, _pd17;

    [GlobalSetup]
    public void Setup()
    {
        ApplySettings();
        _m3 = Data.Uniform<T>(1, Rows3, 3);
        _m17 = Data.Uniform<T>(2, Rows17, 17);
        _d3 = NDArray<T>.Zeros(Rows3);
        _d17 = NDArray<T>.Zeros(17);
        _p3 = Data.Pointer(_m3); _p17 = Data.Pointer(_m17); _pd3 = Data.Pointer(_d3); _pd17 = Data.Pointer(_d17);
    }

    double[] IHasOutput.Snapshot() => [.. Checker.ToDoubles(_pd3, Rows3), .. Checker.ToDoubles(_pd17, 17)];
    void IHasOutput.Poison() { Checker.FillNaN(_pd3, Rows3); Checker.FillNaN(_pd17, 17); }

    [GlobalCleanup]
    public void Cleanup()
    {
        Data.DisposeAll(_m3, _m17, _d3, _d17);
        RestoreSettings();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Rows3.Sum"), Case("Rows3.Sum", Peer.ScalarLoop, Form.Into, 1)]
    public void Scalar_SumRows3()
    {
        T* a = _p3, d = _pd3;
        for (nint r = 0, m = Rows3; r < m; r++) d[r] = a[3 * r] + a[3 * r + 1] + a[3 * r + 2];
    }

    [Benchmark, BenchmarkCategory("Rows3.Sum"), Case("Rows3.Sum", Peer.NativeArrays, Form.Into, 1)]
    public void NA_SumRows3() => NativeOps.SumAxis1(_m3, _d3);

    [Benchmark(Baseline = true), BenchmarkCategory("Rows3.Max"), Case("Rows3.Max", Peer.ScalarLoop, Form.Into, 1)]
    public void Scalar_MaxRows3()
    {
        T* a = _p3, d = _pd3;
        for (nint r = 0, m = Rows3; r < m; r++) d[r] = T.Max(T.Max(a[3 * r], a[3 * r + 1]), a[3 * r + 2]);
    }

    [Benchmark, BenchmarkCategory("Rows3.Max"), Case("Rows3.Max", Peer.NativeArrays, Form.Into, 1)]
    public void NA_MaxRows3() => NativeOps.MaxAxis1(_m3, _d3);

    [Benchmark(Baseline = true), BenchmarkCategory("Narrow17.Sum"), Case("Narrow17.Sum", Peer.ScalarLoop, Form.Into, 1)]
    public void Scalar_SumNarrow17()
    {
        T* a = _p17, d = _pd17;
        for (nint c = 0; c < 17; c++) d[c] = a[c];
        for (nint r = 1, m = Rows17; r < m; r++)
            for (nint c = 0; c < 17; c++) d[c] += a[17 * r + c];
    }

    [Benchmark, BenchmarkCategory("Narrow17.Sum"), Case("Narrow17.Sum", Peer.NativeArrays, Form.Into, 1)]
    public void NA_SumNarrow17() => NativeOps.SumAxis0(_m17, _d17);
}
