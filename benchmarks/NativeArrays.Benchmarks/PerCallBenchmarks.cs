using System.Numerics;
using BenchmarkDotNet.Attributes;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace NativeArrays.Benchmarks;

/// <summary>
/// The cost of one call when there is next to no work (n = 1 and 16): argument checks, SafeHandle references, dispatch,
/// vector tails. Into a destination (class and NDSpan forms), and the reductions that return a scalar; at 10³ the
/// into-destination goals of issue 12 (≤ 1.5× TensorPrimitives' time for Add, Multiply, MultiplyAdd, Sqrt, Exp, Sum).
/// TensorPrimitives on spans is the baseline of each operation (it has no checks, references or shapes to pay for).
/// </summary>
[GenericTypeArguments(typeof(float))]
[BenchmarkCategory("PerCall")]
[PerCallLaunches]
public unsafe class PerCallBenchmarks<T> : KernelBenchmarkBase<T>, IHasOutput where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
{
    [ParamsSource(nameof(PerCallSizes))]
    public int Size { get; set; }

    /// <summary>The per-call sizes (n = 1 and 16) and 10³, where the call's fixed cost is still a large part of the time.</summary>
    public static IEnumerable<int> PerCallSizes => [.. Sizes.PerCall, 1_000];

    private NDArray<T> _a = null!, _b = null!, _c = null!, _d = null!;
    private T* _pa, _pb, _pc, _pd;

    [GlobalSetup]
    public void Setup()
    {
        ApplySettings();
        _a = Data.Uniform<T>(1, Size);
        _b = Data.Uniform<T>(2, Size);
        _c = Data.Uniform<T>(3, Size);
        _d = NDArray<T>.Zeros(Size);
        _pa = Data.Pointer(_a); _pb = Data.Pointer(_b); _pc = Data.Pointer(_c); _pd = Data.Pointer(_d);
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

    [Benchmark(Baseline = true), BenchmarkCategory("Add"), Case("Add", Peer.TensorPrimitives, Form.Into, 3)]
    public void TP_Add() => TP.Add(A, B, D);

    [Benchmark, BenchmarkCategory("Add"), Case("Add", Peer.NativeArrays, Form.Into, 3)]
    public void NA_Add() => NativeOps.Add(_a, _b, _d);

    [Benchmark, BenchmarkCategory("Add"), Case("Add.NDSpan", Peer.NativeArrays, Form.Into, 3)]
    public void NA_Add_NDSpan() => NativeOps.Add(_a.AsReadOnlyNDSpan(), _b.AsReadOnlyNDSpan(), _d.AsNDSpan());

    [Benchmark, BenchmarkCategory("Add"), Case("Add", Peer.ScalarLoop, Form.Into, 3)]
    public void Scalar_Add()
    {
        T* a = _pa, b = _pb, d = _pd;
        for (nint i = 0, n = Size; i < n; i++) d[i] = a[i] + b[i];
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Multiply"), Case("Multiply", Peer.TensorPrimitives, Form.Into, 3)]
    public void TP_Multiply() => TP.Multiply(A, B, D);

    [Benchmark, BenchmarkCategory("Multiply"), Case("Multiply", Peer.NativeArrays, Form.Into, 3)]
    public void NA_Multiply() => NativeOps.Multiply(_a, _b, _d);

    [Benchmark(Baseline = true), BenchmarkCategory("MultiplyAdd"), Case("MultiplyAdd", Peer.TensorPrimitives, Form.Into, 4)]
    public void TP_MultiplyAdd() => TP.FusedMultiplyAdd(A, B, C, D);

    [Benchmark, BenchmarkCategory("MultiplyAdd"), Case("MultiplyAdd", Peer.NativeArrays, Form.Into, 4)]
    public void NA_MultiplyAdd() => NativeOps.MultiplyAdd(_a, _b, _c, _d);

    [Benchmark(Baseline = true), BenchmarkCategory("Sqrt"), Case("Sqrt", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_Sqrt() => TP.Sqrt(A, D);

    [Benchmark, BenchmarkCategory("Sqrt"), Case("Sqrt", Peer.NativeArrays, Form.Into, 2)]
    public void NA_Sqrt() => NativeOps.Sqrt(_a, _d);

    [Benchmark(Baseline = true), BenchmarkCategory("Exp"), Case("Exp", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_Exp() => TP.Exp(A, D);

    [Benchmark, BenchmarkCategory("Exp"), Case("Exp", Peer.NativeArrays, Form.Into, 2)]
    public void NA_Exp() => NativeOps.Exp(_a, _d);

    [Benchmark(Baseline = true), BenchmarkCategory("Sum"), Case("Sum", Peer.TensorPrimitives, Form.Scalar, 1)]
    public T TP_Sum() => TP.Sum(A);

    [Benchmark, BenchmarkCategory("Sum"), Case("Sum", Peer.NativeArrays, Form.Scalar, 1)]
    public T NA_Sum() => NativeOps.Sum(_a);

    [Benchmark(Baseline = true), BenchmarkCategory("Max"), Case("Max", Peer.TensorPrimitives, Form.Scalar, 1)]
    public T TP_Max() => TP.Max(A);

    [Benchmark, BenchmarkCategory("Max"), Case("Max", Peer.NativeArrays, Form.Scalar, 1)]
    public T NA_Max() => NativeOps.Max(_a);

    [Benchmark(Baseline = true), BenchmarkCategory("ArgMax"), Case("ArgMax", Peer.TensorPrimitives, Form.Scalar, 1)]
    public long TP_ArgMax() => TP.IndexOfMax(A);

    [Benchmark, BenchmarkCategory("ArgMax"), Case("ArgMax", Peer.NativeArrays, Form.Scalar, 1)]
    public long NA_ArgMax() => NativeOps.ArgMax(_a);
}
