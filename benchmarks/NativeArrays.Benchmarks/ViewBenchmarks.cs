using System.Buffers;
using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using NumSharp;

namespace NativeArrays.Benchmarks;

/// <summary>
/// View creation: slice, transpose, reshape of a 1000 x 1000 array, with allocated bytes per view
/// ([MemoryDiagnoser]). NativeArrays class views are created and disposed (a view holds a lease on the buffer;
/// both are part of its cost); NDSpan views are ref structs. The baseline is System.Numerics.Tensors'
/// <c>TensorSpan</c> (a ref struct over the same memory; it has no transpose, so that case builds the span
/// with swapped strides, which is what a transpose view is).
/// </summary>
[GenericTypeArguments(typeof(float))]
[MemoryDiagnoser]
[BenchmarkCategory("View")]
public unsafe class ViewBenchmarks<T> where T : unmanaged
{
    /// <summary>Elements of the base array (1000 x 1000).</summary>
    [Params(1_000_000)]
    public int Size { get; set; }

    private const int Rows = 1000, Cols = 1000;
    private NDArray<T> _a = null!;
    private T* _pa;
    private NumSharp.NDArray _na = null!;
    private static readonly NumSharp.Slice s_rows = new(10, 500), s_cols = new(100, 900);

    [GlobalSetup]
    public void Setup()
    {
        _a = NDArray<T>.Zeros(Rows, Cols);
        _pa = Data.Pointer(_a);
        _na = Data.Wrap(_a);
        CpuPlacement.Threads = 1;
    }

    [GlobalCleanup]
    public void Cleanup() => _a.Dispose();

    // ---- Slice a[10:500, 100:900] -------------------------------------------------------------------------------
    [Benchmark(Baseline = true), BenchmarkCategory("View.Slice"), Case("View.Slice", Peer.TensorPrimitives, Form.View, 0)]
    public nint TensorSpan_Slice()
    {
        var t = new TensorSpan<T>(_pa, Rows * Cols, [Rows, Cols]);
        var v = t.Slice(new NRange(10, 500), new NRange(100, 900));
        return v.FlattenedLength;
    }

    [Benchmark, BenchmarkCategory("View.Slice"), Case("View.Slice", Peer.NativeArrays, Form.View, 0)]
    public nint NA_Slice()
    {
        using var v = _a.Slice(10..500, 100..900);
        return v.Size;
    }

    [Benchmark, BenchmarkCategory("View.Slice"), Case("View.Slice.Indexer", Peer.NativeArrays, Form.View, 0)]
    public nint NA_SliceIndexer()
    {
        using var v = _a[10..500, 100..900];
        return v.Size;
    }

    [Benchmark, BenchmarkCategory("View.Slice"), Case("View.Slice.NDSpan", Peer.NativeArrays, Form.View, 0)]
    public nint NDSpan_Slice()
    {
        var v = _a.AsNDSpan().Slice(10..500, 100..900);
        return v.Size;
    }

    [Benchmark, BenchmarkCategory("View.Slice"), Case("View.Slice", Peer.NumSharp, Form.View, 0)]
    public long NumSharp_Slice() => _na[s_rows, s_cols].size;

    // ---- Transpose ----------------------------------------------------------------------------------------------
    [Benchmark(Baseline = true), BenchmarkCategory("View.Transpose"), Case("View.Transpose", Peer.TensorPrimitives, Form.View, 0)]
    public nint TensorSpan_Transpose()
    {
        var v = new TensorSpan<T>(_pa, Rows * Cols, [Cols, Rows], [1, Cols]);
        return v.FlattenedLength;
    }

    [Benchmark, BenchmarkCategory("View.Transpose"), Case("View.Transpose", Peer.NativeArrays, Form.View, 0)]
    public nint NA_Transpose()
    {
        using var v = _a.Transpose();
        return v.Size;
    }

    [Benchmark, BenchmarkCategory("View.Transpose"), Case("View.Transpose.NDSpan", Peer.NativeArrays, Form.View, 0)]
    public nint NDSpan_Transpose()
    {
        var v = _a.AsNDSpan().Transpose();
        return v.Size;
    }

    [Benchmark, BenchmarkCategory("View.Transpose"), Case("View.Transpose", Peer.NumSharp, Form.View, 0)]
    public long NumSharp_Transpose() => _na.T.size;

    // ---- Reshape to 500 x 2000 ----------------------------------------------------------------------------------
    [Benchmark(Baseline = true), BenchmarkCategory("View.Reshape"), Case("View.Reshape", Peer.TensorPrimitives, Form.View, 0)]
    public nint TensorSpan_Reshape()
    {
        var v = new TensorSpan<T>(_pa, Rows * Cols, [500, 2000]);
        return v.FlattenedLength;
    }

    [Benchmark, BenchmarkCategory("View.Reshape"), Case("View.Reshape", Peer.NativeArrays, Form.View, 0)]
    public nint NA_Reshape()
    {
        using var v = _a.Reshape(500, 2000);
        return v.Size;
    }

    [Benchmark, BenchmarkCategory("View.Reshape"), Case("View.Reshape.NDSpan", Peer.NativeArrays, Form.View, 0)]
    public nint NDSpan_Reshape()
    {
        var v = _a.AsNDSpan().Reshape(500, 2000);
        return v.Size;
    }

    [Benchmark, BenchmarkCategory("View.Reshape"), Case("View.Reshape", Peer.NumSharp, Form.View, 0)]
    public long NumSharp_Reshape() => _na.reshape(500, 2000).size;
}
