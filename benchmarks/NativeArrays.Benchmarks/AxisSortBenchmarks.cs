using BenchmarkDotNet.Attributes;

namespace NativeArrays.Benchmarks;

/// <summary>
/// Sorting and selecting along the axes of a C-contiguous square float32 matrix (Size = side² elements) on one thread:
/// <c>Sort(axis: 0)</c> (every line a strided column: the lines go through blocks copied out by a transposing copy),
/// <c>Sort(axis: 1)</c> (contiguous rows) and <c>Median(axis: 0)</c>, against a scalar loop that copies each column
/// into an array and sorts it with <see cref="MemoryExtensions"/>.Sort (the baseline), and NumPy's np.sort / np.median
/// with the same axis. Filter: <c>--filter '*AxisSortBenchmarks*'</c>.
/// </summary>
[GenericTypeArguments(typeof(float))]
[BenchmarkCategory("AxisSort")]
public unsafe class AxisSortBenchmarks<T> : IHasOutput where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    [ParamsSource(typeof(Sizes), nameof(Sizes.Matrix))]
    public int Size { get; set; }

    private int N => (int)Math.Sqrt(Size);
    private NDArray<T> _a = null!, _d = null!;
    private T[] _column = [];
    private IDisposable? _override;

    [GlobalSetup]
    public void Setup()
    {
        _override = NativeArraysSettings.Override(NativeArraysSettings.Current with { MaxDegreeOfParallelism = 1 });
        CpuPlacement.Threads = 1;
        _a = Data.Uniform<T>(1, N, N);
        _d = NDArray<T>.Zeros(N, N);
        _column = new T[N];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Data.DisposeAll(_a, _d);
        _override?.Dispose();
    }

    public double[] Snapshot() => _d.ToArray().Select(v => double.CreateTruncating(v)).ToArray();

    public void Poison() => _d.Fill(Checker.PoisonValue<T>());

    [Benchmark(Baseline = true), BenchmarkCategory("Axis0.Sort"), Case("Axis0.Sort", Peer.ScalarLoop, Form.Into, 2)]
    public void Scalar_SortAxis0()
    {
        int n = N;
        T* a = Data.Pointer(_a), d = Data.Pointer(_d);
        for (int c = 0; c < n; c++)
        {
            for (int r = 0; r < n; r++) _column[r] = a[(nint)r * n + c];
            _column.AsSpan().Sort();
            for (int r = 0; r < n; r++) d[(nint)r * n + c] = _column[r];
        }
    }

    [Benchmark, BenchmarkCategory("Axis0.Sort"), Case("Axis0.Sort", Peer.NativeArrays, Form.Into, 2)]
    public void NA_SortAxis0_Into()
    {
        _a.CopyTo(_d);
        _d.SortInPlace(0);
    }

    [Benchmark, BenchmarkCategory("Axis0.Sort"), Case("Axis0.Sort", Peer.NativeArrays, Form.Alloc, 2)]
    public long NA_SortAxis0()
    {
        using var s = NDArray.Sort(_a, 0);
        return s.Size;
    }

    [Benchmark, BenchmarkCategory("Axis1.Sort"), Case("Axis1.Sort", Peer.NativeArrays, Form.Alloc, 2)]
    public long NA_SortAxis1()
    {
        using var s = NDArray.Sort(_a, 1);
        return s.Size;
    }

    [Benchmark, BenchmarkCategory("Axis0.Median"), Case("Axis0.Median", Peer.NativeArrays, Form.Alloc, 1)]
    public long NA_MedianAxis0()
    {
        using var m = NDArray.Median(_a, 0);
        return m.Size;
    }
}
