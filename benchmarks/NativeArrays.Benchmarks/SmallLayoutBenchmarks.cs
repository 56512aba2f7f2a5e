using System.Numerics;
using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace NativeArrays.Benchmarks;

/// <summary>
/// The fixed cost of a call that is not flat (it builds an iteration plan and walks rows), at sizes where that cost is
/// most of the time: Size = 16 and 1024 output elements, float32, into a destination. <c>SmallOuter.Add</c>: a (m, 1)
/// column plus a (1, m) row into (m, m), m = √Size (one short broadcast row per output row); <c>SmallRow.Add</c>:
/// (m, m) plus a row of m; <c>SmallTransposed.Add</c>: <c>A.T + B</c> of (m, m); <c>SmallStrided3.Add</c>:
/// <c>a[::3] + b[::3]</c> of Size elements. Peers: System.Numerics.Tensors' <c>Tensor.Add</c> on strided tensor spans
/// (the baseline: the one .NET peer with these layouts), a plain scalar loop, and NumPy (benchmarks/numpy).
/// </summary>
[GenericTypeArguments(typeof(float))]
[BenchmarkCategory("SmallLayout")]
public unsafe class SmallLayoutBenchmarks<T> : KernelBenchmarkBase<T>, IHasOutput where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
{
    /// <summary>Output elements: 16 (4 x 4) and 1024 (32 x 32).</summary>
    [Params(16, 1024)]
    public int Size { get; set; }

    private int M => (int)Math.Sqrt(Size);

    private NDArray<T> _col = null!, _row = null!, _a = null!, _at = null!, _b = null!, _c = null!;
    private NDArray<T> _s = null!, _t = null!, _s3 = null!, _t3 = null!, _d = null!;
    private T* _pcol, _prow, _pa, _pb, _pc, _ps, _pt, _pd;

    [GlobalSetup]
    public void Setup()
    {
        ApplySettings();
        int m = M;
        _col = Data.Uniform<T>(1, m, 1);
        _row = Data.Uniform<T>(2, m);
        _a = Data.Uniform<T>(3, m, m);
        _b = Data.Uniform<T>(4, m, m);
        _d = NDArray<T>.Zeros(Size);
        _c = _d.Reshape(m, m); // the same memory: every case writes the Size elements the check reads
        _at = _a.Transpose();
        _s = Data.Uniform<T>(5, 3 * (nint)Size);
        _t = Data.Uniform<T>(6, 3 * (nint)Size);
        _s3 = _s[SliceIndex.Slice(step: 3)];
        _t3 = _t[SliceIndex.Slice(step: 3)];
        _pcol = Data.Pointer(_col); _prow = Data.Pointer(_row); _pa = Data.Pointer(_a); _pb = Data.Pointer(_b); _pc = Data.Pointer(_c);
        _ps = Data.Pointer(_s); _pt = Data.Pointer(_t); _pd = Data.Pointer(_d);
    }

    double[] IHasOutput.Snapshot() => Checker.ToDoubles(_pd, Size);
    void IHasOutput.Poison() => Checker.FillNaN(_pd, Size);

    [GlobalCleanup]
    public void Cleanup()
    {
        Data.DisposeAll(_at, _s3, _t3, _c, _col, _row, _a, _b, _s, _t, _d);
        RestoreSettings();
    }

    private void TensorAdd(T* x, ReadOnlySpan<nint> xStrides, nint xLength, T* y, ReadOnlySpan<nint> yStrides, nint yLength, T* d, nint rows, nint cols)
    {
        ReadOnlySpan<nint> lengths = rows == 0 ? [cols] : [rows, cols];
        ReadOnlySpan<nint> dStrides = rows == 0 ? [1] : [cols, 1];
        Tensor.Add(new ReadOnlyTensorSpan<T>(x, xLength, lengths, xStrides), new ReadOnlyTensorSpan<T>(y, yLength, lengths, yStrides),
            new TensorSpan<T>(d, rows == 0 ? cols : rows * cols, lengths, dStrides));
    }

    // ---- (m, 1) + (1, m) into (m, m) ---------------------------------------------------------------------------------
    [Benchmark(Baseline = true), BenchmarkCategory("SmallOuter.Add"), Case("SmallOuter.Add", Peer.TensorPrimitives, Form.Into, 1)]
    public void Tensor_OuterAdd() => TensorAdd(_pcol, [1, 0], M, _prow, [0, 1], M, _pc, M, M);

    [Benchmark, BenchmarkCategory("SmallOuter.Add"), Case("SmallOuter.Add", Peer.NativeArrays, Form.Into, 1)]
    public void NA_OuterAdd() => NativeOps.Add(_col, _row, _c);

    [Benchmark, BenchmarkCategory("SmallOuter.Add"), Case("SmallOuter.Add", Peer.ScalarLoop, Form.Into, 1)]
    public void Scalar_OuterAdd()
    {
        T* x = _pcol, y = _prow, d = _pc;
        for (nint i = 0, m = M; i < m; i++)
            for (nint j = 0; j < m; j++) d[i * m + j] = x[i] + y[j];
    }

    // ---- (m, m) + row into (m, m) -------------------------------------------------------------------------------------
    [Benchmark(Baseline = true), BenchmarkCategory("SmallRow.Add"), Case("SmallRow.Add", Peer.TensorPrimitives, Form.Into, 2)]
    public void Tensor_RowAdd() => TensorAdd(_pa, [M, 1], (nint)M * M, _prow, [0, 1], M, _pc, M, M);

    [Benchmark, BenchmarkCategory("SmallRow.Add"), Case("SmallRow.Add", Peer.NativeArrays, Form.Into, 2)]
    public void NA_RowAdd() => NativeOps.Add(_a, _row, _c);

    [Benchmark, BenchmarkCategory("SmallRow.Add"), Case("SmallRow.Add", Peer.ScalarLoop, Form.Into, 2)]
    public void Scalar_RowAdd()
    {
        T* a = _pa, y = _prow, d = _pc;
        for (nint i = 0, m = M; i < m; i++)
            for (nint j = 0; j < m; j++) d[i * m + j] = a[i * m + j] + y[j];
    }

    // ---- A.T + B into (m, m) ------------------------------------------------------------------------------------------
    [Benchmark(Baseline = true), BenchmarkCategory("SmallTransposed.Add"), Case("SmallTransposed.Add", Peer.TensorPrimitives, Form.Into, 3)]
    public void Tensor_TransposedAdd() => TensorAdd(_pa, [1, M], (nint)M * M, _pb, [M, 1], (nint)M * M, _pc, M, M);

    [Benchmark, BenchmarkCategory("SmallTransposed.Add"), Case("SmallTransposed.Add", Peer.NativeArrays, Form.Into, 3)]
    public void NA_TransposedAdd() => NativeOps.Add(_at, _b, _c);

    [Benchmark, BenchmarkCategory("SmallTransposed.Add"), Case("SmallTransposed.Add", Peer.ScalarLoop, Form.Into, 3)]
    public void Scalar_TransposedAdd()
    {
        T* a = _pa, b = _pb, d = _pc;
        for (nint i = 0, m = M; i < m; i++)
            for (nint j = 0; j < m; j++) d[i * m + j] = a[j * m + i] + b[i * m + j];
    }

    // ---- a[::3] + b[::3] into Size elements ---------------------------------------------------------------------------
    [Benchmark(Baseline = true), BenchmarkCategory("SmallStrided3.Add"), Case("SmallStrided3.Add", Peer.TensorPrimitives, Form.Into, 7)]
    public void Tensor_Step3Add() => TensorAdd(_ps, [3], 3 * (nint)Size, _pt, [3], 3 * (nint)Size, _pd, 0, Size);

    [Benchmark, BenchmarkCategory("SmallStrided3.Add"), Case("SmallStrided3.Add", Peer.NativeArrays, Form.Into, 7)]
    public void NA_Step3Add() => NativeOps.Add(_s3, _t3, _d);

    [Benchmark, BenchmarkCategory("SmallStrided3.Add"), Case("SmallStrided3.Add", Peer.ScalarLoop, Form.Into, 7)]
    public void Scalar_Step3Add()
    {
        T* a = _ps, b = _pt, d = _pd;
        for (nint i = 0, n = Size; i < n; i++) d[i] = a[3 * i] + b[3 * i];
    }
}
