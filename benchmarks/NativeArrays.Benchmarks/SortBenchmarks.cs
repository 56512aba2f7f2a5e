using System.Numerics;
using BenchmarkDotNet.Attributes;

namespace NativeArrays.Benchmarks;

/// <summary>
/// Sorting 1-d float data on one thread: NativeArrays' stable radix sort against <see cref="MemoryExtensions"/>.Sort
/// (the .NET introsort, the baseline) and NumPy's np.sort / np.argsort. Into: copy the input into a destination and
/// sort it in place; Alloc: a sorted copy (np.sort's form). Filter: <c>--filter '*SortBenchmarks*'</c>.
/// </summary>
[GenericTypeArguments(typeof(float))]
[BenchmarkCategory("Sort")]
public unsafe class SortBenchmarks<T> : IHasOutput where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
{
    [ParamsSource(typeof(Sizes), nameof(Sizes.Vector))]
    public int Size { get; set; }

    private NDArray<T> _a = null!, _d = null!;
    private T[] _keys = null!;
    private int[] _items = null!;

    [GlobalSetup]
    public void Setup()
    {
        _a = Data.Uniform<T>(1, Size);
        _d = NDArray<T>.Zeros(Size);
        _keys = new T[Size];
        _items = new int[Size];
        CpuPlacement.Threads = 1;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _a.Dispose();
        _d.Dispose();
    }

    public double[] Snapshot() => _d.ToArray().Select(double.CreateTruncating).ToArray();

    public void Poison() => _d.Fill(T.NaN);

    [Benchmark(Baseline = true), BenchmarkCategory("Sort"), Case("Sort", Peer.MemoryExtensions, Form.Into, 2)]
    public void DotNet_Sort()
    {
        var d = _d.AsSpan();
        _a.AsReadOnlySpan().CopyTo(d);
        d.Sort();
    }

    [Benchmark, BenchmarkCategory("Sort"), Case("Sort", Peer.NativeArrays, Form.Into, 2)]
    public void NA_Sort_Into()
    {
        _a.CopyTo(_d);
        _d.SortInPlace();
    }

    [Benchmark, BenchmarkCategory("Sort"), Case("Sort", Peer.NativeArrays, Form.Alloc, 2)]
    public void NA_Sort()
    {
        using var s = NDArray.Sort(_a);
    }

    [Benchmark, BenchmarkCategory("ArgSort"), Case("ArgSort", Peer.MemoryExtensions, Form.Alloc, 2)]
    public int DotNet_ArgSort()
    {
        _a.AsReadOnlySpan().CopyTo(_keys);
        for (int i = 0; i < _items.Length; i++) _items[i] = i;
        _keys.AsSpan().Sort(_items.AsSpan());
        return _items[0];
    }

    [Benchmark, BenchmarkCategory("ArgSort"), Case("ArgSort", Peer.NativeArrays, Form.Alloc, 2)]
    public long NA_ArgSort()
    {
        using var s = NDArray.ArgSort(_a);
        return s.Size;
    }
}
