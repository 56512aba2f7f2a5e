using System.Numerics;
using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace NativeArrays.Benchmarks;

/// <summary>
/// <c>a[::3] + b[::3]</c>, <c>a[::4] + b[::4]</c> and <c>a[::-1] + b</c> (the first Size elements backwards, a
/// contiguous b) into a contiguous output of Size elements (the step-2 case is
/// <see cref="StridedBenchmarks{T}"/>). float32 up to 10^6 (arrays of 4·Size elements). Baseline: System.Numerics.Tensors'
/// <c>Tensor.Add</c> on strided spans. Streams: each strided input occupies the cache lines of step·Size elements.
/// </summary>
[GenericTypeArguments(typeof(float))]
[BenchmarkCategory("Strided")]
public unsafe class StridedStepBenchmarks<T> : KernelBenchmarkBase<T>, IHasOutput where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
{
    [ParamsSource(typeof(Sizes), nameof(Sizes.StridedSteps))]
    public int Size { get; set; }

    private NDArray<T> _a = null!, _b = null!, _a3 = null!, _b3 = null!, _a4 = null!, _b4 = null!, _ar = null!, _bn = null!, _d = null!;
    private T* _pa, _pb, _pd;

    [GlobalSetup]
    public void Setup()
    {
        ApplySettings();
        _a = Data.Uniform<T>(1, 4 * (nint)Size);
        _b = Data.Uniform<T>(2, 4 * (nint)Size);
        _a3 = _a[SliceIndex.Slice(0, 3 * (nint)Size, 3)];
        _b3 = _b[SliceIndex.Slice(0, 3 * (nint)Size, 3)];
        _a4 = _a[SliceIndex.Slice(step: 4)];
        _b4 = _b[SliceIndex.Slice(step: 4)];
        _ar = _a[SliceIndex.Slice((nint)Size - 1, null, -1)];
        _bn = _b[SliceIndex.Slice(0, (nint)Size)];
        _d = NDArray<T>.Zeros(Size);
        _pa = Data.Pointer(_a); _pb = Data.Pointer(_b); _pd = Data.Pointer(_d);
    }

    double[] IHasOutput.Snapshot() => Checker.ToDoubles(_pd, Size);
    void IHasOutput.Poison() => Checker.FillNaN(_pd, Size);

    [GlobalCleanup]
    public void Cleanup()
    {
        Data.DisposeAll(_a3, _b3, _a4, _b4, _ar, _bn, _a, _b, _d);
        RestoreSettings();
    }

    private void TensorAdd(nint step)
    {
        nint n = Size;
        ReadOnlySpan<nint> lengths = [n], strides = [step];
        var x = new ReadOnlyTensorSpan<T>(_pa, step * n, lengths, strides);
        var y = new ReadOnlyTensorSpan<T>(_pb, step * n, lengths, strides);
        Tensor.Add(x, y, new TensorSpan<T>(_pd, n, lengths, [1]));
    }

    private void ScalarAdd(nint step)
    {
        T* a = _pa, b = _pb, d = _pd;
        for (nint i = 0, n = Size; i < n; i++) d[i] = a[step * i] + b[step * i];
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Strided3.Add"), Case("Strided3.Add", Peer.TensorPrimitives, Form.Into, 7)]
    public void Tensor_Step3Add() => TensorAdd(3);

    [Benchmark, BenchmarkCategory("Strided3.Add"), Case("Strided3.Add", Peer.NativeArrays, Form.Into, 7)]
    public void NA_Step3Add() => NativeOps.Add(_a3, _b3, _d);

    [Benchmark, BenchmarkCategory("Strided3.Add"), Case("Strided3.Add", Peer.ScalarLoop, Form.Into, 7)]
    public void Scalar_Step3Add() => ScalarAdd(3);

    [Benchmark(Baseline = true), BenchmarkCategory("Strided4.Add"), Case("Strided4.Add", Peer.TensorPrimitives, Form.Into, 9)]
    public void Tensor_Step4Add() => TensorAdd(4);

    [Benchmark, BenchmarkCategory("Strided4.Add"), Case("Strided4.Add", Peer.NativeArrays, Form.Into, 9)]
    public void NA_Step4Add() => NativeOps.Add(_a4, _b4, _d);

    [Benchmark, BenchmarkCategory("Strided4.Add"), Case("Strided4.Add", Peer.ScalarLoop, Form.Into, 9)]
    public void Scalar_Step4Add() => ScalarAdd(4);

    [Benchmark(Baseline = true), BenchmarkCategory("StridedRev.Add"), Case("StridedRev.Add", Peer.ScalarLoop, Form.Into, 3)]
    public void Scalar_ReverseAdd()
    {
        T* a = _pa + Size - 1, b = _pb, d = _pd;
        for (nint i = 0, n = Size; i < n; i++) d[i] = a[-i] + b[i];
    }

    [Benchmark, BenchmarkCategory("StridedRev.Add"), Case("StridedRev.Add", Peer.NativeArrays, Form.Into, 3)]
    public void NA_ReverseAdd() => NativeOps.Add(_ar, _bn, _d);
}
