using System.Numerics;
using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using NumSharp;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace NativeArrays.Benchmarks;

/// <summary>
/// Layout-heavy cases on 4096 x 4096 matrices (Size = 4096² output elements):
/// <c>A.T + B</c> into a C-order output, row broadcast <c>A + row</c>, and copying a transposed view
/// (Copy, AsContiguous, CopyTo). Baselines: System.Numerics.Tensors — <c>Tensor.Add</c> / <c>CopyTo</c> on strided
/// tensor spans where spans cannot express the layout, <c>TensorPrimitives.Add</c> row by row for the broadcast.
/// </summary>
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
[BenchmarkCategory("Layout")]
public unsafe class LayoutBenchmarks<T> : KernelBenchmarkBase<T>, IHasOutput where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
{
    /// <summary>Output elements: 4096² (1024² in --quick).</summary>
    [ParamsSource(typeof(Sizes), nameof(Sizes.Matrix))]
    public int Size { get; set; }

    private int N => (int)Math.Sqrt(Size);

    private NDArray<T> _a = null!, _at = null!, _b = null!, _c = null!, _row = null!;
    private T* _pa, _pb, _pc, _prow;
    private NumSharp.NDArray _na = null!, _nat = null!, _nb = null!, _nc = null!, _nrow = null!;

    [GlobalSetup]
    public void Setup()
    {
        ApplySettings();
        int n = N;
        _a = Data.Uniform<T>(1, n, n);
        _b = Data.Uniform<T>(2, n, n);
        _c = NDArray<T>.Zeros(n, n);
        _row = Data.Uniform<T>(3, n);
        _at = _a.Transpose();
        _pa = Data.Pointer(_a); _pb = Data.Pointer(_b); _pc = Data.Pointer(_c); _prow = Data.Pointer(_row);
        _na = Data.Wrap(_a); _nat = _na.T; _nb = Data.Wrap(_b); _nc = Data.Wrap(_c); _nrow = Data.Wrap(_row);
    }

    double[] IHasOutput.Snapshot() => Checker.ToDoubles(_pc, (nint)N * N);
    void IHasOutput.Poison() => Checker.FillNaN(_pc, (nint)N * N);

    [GlobalCleanup]
    public void Cleanup()
    {
        Data.DisposeAll(_at, _a, _b, _c, _row);
        RestoreSettings();
    }

    // ---- A.T + B into C-order C ---------------------------------------------------------------------------------
    [Benchmark(Baseline = true), BenchmarkCategory("Transposed.Add"), Case("Transposed.Add", Peer.TensorPrimitives, Form.Into, 3)]
    public void Tensor_TransposedAdd()
    {
        nint n = N;
        ReadOnlySpan<nint> lengths = [n, n];
        var x = new ReadOnlyTensorSpan<T>(_pa, n * n, lengths, [1, n]);
        var y = new ReadOnlyTensorSpan<T>(_pb, n * n, lengths, [n, 1]);
        var d = new TensorSpan<T>(_pc, n * n, lengths, [n, 1]);
        Tensor.Add(x, y, d);
    }

    [Benchmark, BenchmarkCategory("Transposed.Add"), Case("Transposed.Add", Peer.NativeArrays, Form.Into, 3)]
    public void NA_TransposedAdd() => NativeOps.Add(_at, _b, _c);

    [Benchmark, BenchmarkCategory("Transposed.Add"), Case("Transposed.Add", Peer.NativeArrays, Form.Alloc, 3)]
    public void NA_TransposedAdd_Alloc() { using var r = NativeOps.Add(_at, _b); }

    [Benchmark, BenchmarkCategory("Transposed.Add"), Case("Transposed.Add", Peer.NumSharp, Form.Into, 3)]
    public void NumSharp_TransposedAdd() => np.add(_nat, _nb, _nc, null, null);

    [Benchmark, BenchmarkCategory("Transposed.Add"), Case("Transposed.Add", Peer.ScalarLoop, Form.Into, 3)]
    public void Scalar_TransposedAdd()
    {
        T* a = _pa, b = _pb, c = _pc;
        nint n = N;
        for (nint i = 0; i < n; i++)
            for (nint j = 0; j < n; j++)
                c[i * n + j] = a[j * n + i] + b[i * n + j];
    }

    // ---- Row broadcast: A (n x n) + row (n) ---------------------------------------------------------------------
    [Benchmark(Baseline = true), BenchmarkCategory("Broadcast.Add"), Case("Broadcast.Add", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_BroadcastAdd()
    {
        int n = N;
        var row = new ReadOnlySpan<T>(_prow, n);
        for (nint i = 0; i < n; i++)
            TP.Add(new ReadOnlySpan<T>(_pa + i * n, n), row, new Span<T>(_pc + i * n, n));
    }

    [Benchmark, BenchmarkCategory("Broadcast.Add"), Case("Broadcast.Add", Peer.NativeArrays, Form.Into, 2)]
    public void NA_BroadcastAdd() => NativeOps.Add(_a, _row, _c);

    [Benchmark, BenchmarkCategory("Broadcast.Add"), Case("Broadcast.Add", Peer.NativeArrays, Form.Alloc, 2)]
    public void NA_BroadcastAdd_Alloc() { using var r = NativeOps.Add(_a, _row); }

    [Benchmark, BenchmarkCategory("Broadcast.Add"), Case("Broadcast.Add", Peer.NumSharp, Form.Into, 2)]
    public void NumSharp_BroadcastAdd() => np.add(_na, _nrow, _nc, null, null);

    [Benchmark, BenchmarkCategory("Broadcast.Add"), Case("Broadcast.Add", Peer.ScalarLoop, Form.Into, 2)]
    public void Scalar_BroadcastAdd()
    {
        T* a = _pa, r = _prow, c = _pc;
        nint n = N;
        for (nint i = 0; i < n; i++)
            for (nint j = 0; j < n; j++)
                c[i * n + j] = a[i * n + j] + r[j];
    }

    // ---- Copy of a transposed view ------------------------------------------------------------------------------
    [Benchmark(Baseline = true), BenchmarkCategory("Transposed.Copy"), Case("Transposed.Copy", Peer.TensorPrimitives, Form.Into, 2)]
    public void Tensor_TransposedCopyTo()
    {
        nint n = N;
        ReadOnlySpan<nint> lengths = [n, n];
        var x = new ReadOnlyTensorSpan<T>(_pa, n * n, lengths, [1, n]);
        x.CopyTo(new TensorSpan<T>(_pc, n * n, lengths, [n, 1]));
    }

    [Benchmark, BenchmarkCategory("Transposed.Copy"), Case("Transposed.Copy", Peer.NativeArrays, Form.Into, 2)]
    public void NA_TransposedCopyTo() => _at.CopyTo(_c);

    [Benchmark, BenchmarkCategory("Transposed.Copy"), Case("Transposed.Copy", Peer.NativeArrays, Form.Alloc, 2)]
    public void NA_TransposedCopy() { using var r = _at.Copy(); }

    [Benchmark, BenchmarkCategory("Transposed.Copy"), Case("Transposed.AsContiguous", Peer.NativeArrays, Form.Alloc, 2)]
    public void NA_TransposedAsContiguous() { using var r = _at.AsContiguous(); }

    [Benchmark, BenchmarkCategory("Transposed.Copy"), Case("Transposed.Copy", Peer.NumSharp, Form.Alloc, 2)]
    public void NumSharp_TransposedCopy() { using var r = np.copy(_nat, 'C', false); }

    [Benchmark, BenchmarkCategory("Transposed.Copy"), Case("Transposed.AsContiguous", Peer.NumSharp, Form.Alloc, 2)]
    public void NumSharp_TransposedAsContiguous() { using var r = np.ascontiguousarray(_nat, null); }

    [Benchmark, BenchmarkCategory("Transposed.Copy"), Case("Transposed.Copy", Peer.ScalarLoop, Form.Into, 2)]
    public void Scalar_TransposedCopyTo()
    {
        T* a = _pa, c = _pc;
        nint n = N;
        for (nint i = 0; i < n; i++)
            for (nint j = 0; j < n; j++)
                c[i * n + j] = a[j * n + i];
    }
}
