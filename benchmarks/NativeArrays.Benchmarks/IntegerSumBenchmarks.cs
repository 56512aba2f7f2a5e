using BenchmarkDotNet.Attributes;

namespace NativeArrays.Benchmarks;

/// <summary>
/// Sum of int32 into 64 bits (NumPy's default dtype for <c>np.sum(int32)</c>) on one thread: NativeArrays' vectorised
/// widening sum (<c>a.Sum()</c> of an <c>NDArray&lt;int&gt;</c>) against a scalar long-accumulator loop (the baseline) and
/// NumPy's np.sum. Filter: <c>--filter '*IntegerSumBenchmarks*'</c>.
/// </summary>
[GenericTypeArguments(typeof(int))]
[BenchmarkCategory("IntSum")]
public unsafe class IntegerSumBenchmarks<T> where T : unmanaged
{
    [ParamsSource(typeof(Sizes), nameof(Sizes.Vector))]
    public int Size { get; set; }

    /// <summary>The SIMD width cap of the NativeArrays kernel (the peers ignore it).</summary>
    [Params(SimdWidth.W512)]
    public SimdWidth SimdWidth { get; set; }

    private NDArray<int> _a = null!;
    private IDisposable? _override;

    [GlobalSetup]
    public void Setup()
    {
        if (typeof(T) != typeof(int)) throw new NotSupportedException("IntegerSumBenchmarks measures int32.");
        _override = NativeArraysSettings.Override(NativeArraysSettings.Current with { SimdWidth = SimdWidth, MaxDegreeOfParallelism = 1 });
        CpuPlacement.Threads = 1;
        _a = NDArray<int>.Empty(Size);
        var span = _a.AsSpan();
        for (int i = 0; i < span.Length; i++) span[i] = (int)(((uint)i * 2654435761u) >> 1) - (1 << 30); // full-range, overflows int32 sums
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _a.Dispose();
        _override?.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("IntSum"), Case("IntSum", Peer.ScalarLoop, Form.Scalar, 1)]
    public long Scalar_IntSum()
    {
        long s = 0;
        foreach (int x in _a.AsReadOnlySpan()) s += x;
        return s;
    }

    [Benchmark, BenchmarkCategory("IntSum"), Case("IntSum", Peer.NativeArrays, Form.Scalar, 1)]
    public long NA_IntSum() => _a.Sum();
}
