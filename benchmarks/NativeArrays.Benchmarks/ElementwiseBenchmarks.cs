using System.Numerics;
using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using NumSharp;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace NativeArrays.Benchmarks;

/// <summary>
/// Contiguous elementwise kernels: Add, Multiply, MultiplyAdd (fused), Sqrt, Exp. Every peer reads and writes the
/// same native buffers. TensorPrimitives (into a span) is the baseline of each operation.
/// </summary>
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
[BenchmarkCategory("Elementwise")]
[WidthSweep(typeof(float))]
public unsafe class ElementwiseBenchmarks<T> : KernelBenchmarkBase<T>, IHasOutput where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
{
    [ParamsSource(typeof(Sizes), nameof(Sizes.Vector))]
    public int Size { get; set; }

    private NDArray<T> _a = null!, _b = null!, _c = null!, _d = null!;
    private T* _pa, _pb, _pc, _pd;
    private NumSharp.NDArray _na = null!, _nb = null!, _nd = null!;

    [GlobalSetup]
    public void Setup()
    {
        ApplySettings();
        _a = Data.Uniform<T>(1, Size);
        _b = Data.Uniform<T>(2, Size);
        _c = Data.Uniform<T>(3, Size);
        _d = NDArray<T>.Zeros(Size);
        _pa = Data.Pointer(_a); _pb = Data.Pointer(_b); _pc = Data.Pointer(_c); _pd = Data.Pointer(_d);
        _na = Data.Wrap(_a); _nb = Data.Wrap(_b); _nd = Data.Wrap(_d);
    }

    double[] IHasOutput.Snapshot() => Checker.ToDoubles(_pd, Size);
    void IHasOutput.Poison() => Checker.FillNaN(_pd, Size);

    [GlobalCleanup]
    public void Cleanup()
    {
        Data.DisposeAll(_a, _b, _c, _d);
        RestoreSettings();
    }

    private ReadOnlySpan<T> A => new(_pa, Size);
    private ReadOnlySpan<T> B => new(_pb, Size);
    private ReadOnlySpan<T> C => new(_pc, Size);
    private Span<T> D => new(_pd, Size);

    // ---- Add ----------------------------------------------------------------------------------------------------
    [Benchmark(Baseline = true), BenchmarkCategory("Add"), Case("Add", Peer.TensorPrimitives, Form.Into, 3)]
    public void TP_Add() => TP.Add(A, B, D);

    [Benchmark, BenchmarkCategory("Add"), Case("Add", Peer.NativeArrays, Form.Into, 3)]
    public void NA_Add() => NativeOps.Add(_a, _b, _d);

    [Benchmark, BenchmarkCategory("Add"), Case("Add", Peer.NativeArrays, Form.Alloc, 3)]
    public void NA_Add_Alloc() { using var r = NativeOps.Add(_a, _b); }

    [Benchmark, BenchmarkCategory("Add"), Case("Add", Peer.NumSharp, Form.Into, 3)]
    public void NumSharp_Add() => np.add(_na, _nb, _nd, null, null);

    [Benchmark, BenchmarkCategory("Add"), Case("Add", Peer.ScalarLoop, Form.Into, 3)]
    public void Scalar_Add()
    {
        T* a = _pa, b = _pb, d = _pd;
        for (nint i = 0, n = Size; i < n; i++) d[i] = a[i] + b[i];
    }

    // ---- Multiply -----------------------------------------------------------------------------------------------
    [Benchmark(Baseline = true), BenchmarkCategory("Multiply"), Case("Multiply", Peer.TensorPrimitives, Form.Into, 3)]
    public void TP_Multiply() => TP.Multiply(A, B, D);

    [Benchmark, BenchmarkCategory("Multiply"), Case("Multiply", Peer.NativeArrays, Form.Into, 3)]
    public void NA_Multiply() => NativeOps.Multiply(_a, _b, _d);

    [Benchmark, BenchmarkCategory("Multiply"), Case("Multiply", Peer.NativeArrays, Form.Alloc, 3)]
    public void NA_Multiply_Alloc() { using var r = NativeOps.Multiply(_a, _b); }

    [Benchmark, BenchmarkCategory("Multiply"), Case("Multiply", Peer.NumSharp, Form.Into, 3)]
    public void NumSharp_Multiply() => np.multiply(_na, _nb, _nd, null, null);

    [Benchmark, BenchmarkCategory("Multiply"), Case("Multiply", Peer.ScalarLoop, Form.Into, 3)]
    public void Scalar_Multiply()
    {
        T* a = _pa, b = _pb, d = _pd;
        for (nint i = 0, n = Size; i < n; i++) d[i] = a[i] * b[i];
    }

    // ---- MultiplyAdd (fused: a * b + c with one rounding) -------------------------------------------------------
    [Benchmark(Baseline = true), BenchmarkCategory("MultiplyAdd"), Case("MultiplyAdd", Peer.TensorPrimitives, Form.Into, 4)]
    public void TP_MultiplyAdd() => TP.FusedMultiplyAdd(A, B, C, D);

    [Benchmark, BenchmarkCategory("MultiplyAdd"), Case("MultiplyAdd", Peer.NativeArrays, Form.Into, 4)]
    public void NA_MultiplyAdd() => NativeOps.MultiplyAdd(_a, _b, _c, _d);

    [Benchmark, BenchmarkCategory("MultiplyAdd"), Case("MultiplyAdd", Peer.NativeArrays, Form.Alloc, 4)]
    public void NA_MultiplyAdd_Alloc() { using var r = NativeOps.MultiplyAdd(_a, _b, _c); }

    // NumSharp has no fused multiply-add.

    [Benchmark, BenchmarkCategory("MultiplyAdd"), Case("MultiplyAdd", Peer.ScalarLoop, Form.Into, 4)]
    public void Scalar_MultiplyAdd()
    {
        T* a = _pa, b = _pb, c = _pc, d = _pd;
        for (nint i = 0, n = Size; i < n; i++) d[i] = T.FusedMultiplyAdd(a[i], b[i], c[i]);
    }

    // ---- Sqrt ---------------------------------------------------------------------------------------------------
    [Benchmark(Baseline = true), BenchmarkCategory("Sqrt"), Case("Sqrt", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_Sqrt() => TP.Sqrt(A, D);

    [Benchmark, BenchmarkCategory("Sqrt"), Case("Sqrt", Peer.NativeArrays, Form.Into, 2)]
    public void NA_Sqrt() => NativeOps.Sqrt(_a, _d);

    [Benchmark, BenchmarkCategory("Sqrt"), Case("Sqrt", Peer.NativeArrays, Form.Alloc, 2)]
    public void NA_Sqrt_Alloc() { using var r = NativeOps.Sqrt(_a); }

    [Benchmark, BenchmarkCategory("Sqrt"), Case("Sqrt", Peer.NumSharp, Form.Into, 2)]
    public void NumSharp_Sqrt() => np.sqrt(_na, _nd, null, null);

    [Benchmark, BenchmarkCategory("Sqrt"), Case("Sqrt", Peer.ScalarLoop, Form.Into, 2)]
    public void Scalar_Sqrt()
    {
        T* a = _pa, d = _pd;
        for (nint i = 0, n = Size; i < n; i++) d[i] = T.Sqrt(a[i]);
    }

    // ---- Exp ----------------------------------------------------------------------------------------------------
    [Benchmark(Baseline = true), BenchmarkCategory("Exp"), Case("Exp", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_Exp() => TP.Exp(A, D);

    [Benchmark, BenchmarkCategory("Exp"), Case("Exp", Peer.NativeArrays, Form.Into, 2)]
    public void NA_Exp() => NativeOps.Exp(_a, _d);

    [Benchmark, BenchmarkCategory("Exp"), Case("Exp", Peer.NativeArrays, Form.Alloc, 2)]
    public void NA_Exp_Alloc() { using var r = NativeOps.Exp(_a); }

    [Benchmark, BenchmarkCategory("Exp"), Case("Exp", Peer.NumSharp, Form.Into, 2)]
    public void NumSharp_Exp() => np.exp(_na, _nd, null, null);

    [Benchmark, BenchmarkCategory("Exp"), Case("Exp", Peer.ScalarLoop, Form.Into, 2)]
    public void Scalar_Exp()
    {
        T* a = _pa, d = _pd;
        for (nint i = 0, n = Size; i < n; i++) d[i] = T.Exp(a[i]);
    }
}
