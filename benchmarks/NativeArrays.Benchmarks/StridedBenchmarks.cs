using System.Numerics;
using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using NumSharp;

namespace NativeArrays.Benchmarks;

/// <summary>
/// <c>a[::2] + b[::2]</c>: two strided views (every other element of arrays of 2·Size elements) into a contiguous
/// output of Size elements. TensorPrimitives has no strides, so the baseline is System.Numerics.Tensors'
/// <c>Tensor.Add</c> on strided <c>ReadOnlyTensorSpan</c>s (the same package's answer for non-contiguous data).
/// Streams = 5: each strided input occupies the cache lines of 2·Size elements.
/// </summary>
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
[BenchmarkCategory("Strided")]
public unsafe class StridedBenchmarks<T> : KernelBenchmarkBase<T>, IHasOutput where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
{
    [ParamsSource(typeof(Sizes), nameof(Sizes.Vector))]
    public int Size { get; set; }

    private NDArray<T> _a = null!, _b = null!, _as = null!, _bs = null!, _d = null!;
    private T* _pa, _pb, _pd;
    private NumSharp.NDArray _nas = null!, _nbs = null!, _nd = null!;

    [GlobalSetup]
    public void Setup()
    {
        ApplySettings();
        _a = Data.Uniform<T>(1, 2 * (nint)Size);
        _b = Data.Uniform<T>(2, 2 * (nint)Size);
        _as = _a[SliceIndex.Slice(step: 2)];
        _bs = _b[SliceIndex.Slice(step: 2)];
        _d = NDArray<T>.Zeros(Size);
        _pa = Data.Pointer(_a); _pb = Data.Pointer(_b); _pd = Data.Pointer(_d);
        _nas = Data.Wrap(_a)["::2"]; _nbs = Data.Wrap(_b)["::2"]; _nd = Data.Wrap(_d);
    }

    double[] IHasOutput.Snapshot() => Checker.ToDoubles(_pd, Size);
    void IHasOutput.Poison() => Checker.FillNaN(_pd, Size);

    [GlobalCleanup]
    public void Cleanup()
    {
        Data.DisposeAll(_as, _bs, _a, _b, _d);
        RestoreSettings();
    }

    [Benchmark(Baseline = true), Case("Strided.Add", Peer.TensorPrimitives, Form.Into, 5)]
    public void Tensor_StridedAdd()
    {
        nint n = Size;
        ReadOnlySpan<nint> lengths = [n], strides = [2];
        var x = new ReadOnlyTensorSpan<T>(_pa, 2 * n, lengths, strides);
        var y = new ReadOnlyTensorSpan<T>(_pb, 2 * n, lengths, strides);
        var d = new TensorSpan<T>(_pd, n, lengths, [1]);
        Tensor.Add(x, y, d);
    }

    [Benchmark, Case("Strided.Add", Peer.NativeArrays, Form.Into, 5)]
    public void NA_StridedAdd() => NativeOps.Add(_as, _bs, _d);

    [Benchmark, Case("Strided.Add", Peer.NativeArrays, Form.Alloc, 5)]
    public void NA_StridedAdd_Alloc() { using var r = NativeOps.Add(_as, _bs); }

    [Benchmark, Case("Strided.Add", Peer.NumSharp, Form.Into, 5)]
    public void NumSharp_StridedAdd() => np.add(_nas, _nbs, _nd, null, null);

    [Benchmark, Case("Strided.Add", Peer.ScalarLoop, Form.Into, 5)]
    public void Scalar_StridedAdd()
    {
        T* a = _pa, b = _pb, d = _pd;
        for (nint i = 0, n = Size; i < n; i++) d[i] = a[2 * i] + b[2 * i];
    }
}
