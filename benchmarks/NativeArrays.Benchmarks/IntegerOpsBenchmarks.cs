using BenchmarkDotNet.Attributes;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace NativeArrays.Benchmarks;

/// <summary>
/// The integer operations, conversions and bool reductions issue 12 listed as scalar-only, now vectorised (10^3 and
/// 10^6): CountNonZero / Any / All of float32 (against a scalar loop; TensorPrimitives has none), size-changing AsType
/// (NativeArrays allocates, as NumPy's astype; TensorPrimitives.ConvertSaturating into a destination is shown beside it),
/// int16 / uint8 Divide (TensorPrimitives.Divide), float64 Remainder (TensorPrimitives.Remainder) and uint8 LeftShift with per-element counts (a scalar loop; TP shifts
/// take one count). NumPy: bench_numpy.py, same case names. Any scans an all-zero array and All an all-non-zero one
/// (no early exit: the whole array is read).
/// </summary>
[GenericTypeArguments(typeof(float))]
[BenchmarkCategory("IntegerOps")]
public unsafe class IntegerOpsBenchmarks<T> : KernelBenchmarkBase<float>, IHasOutput where T : unmanaged
{
    [ParamsSource(typeof(Sizes), nameof(Sizes.VectorisedOps))]
    public int Size { get; set; }

    private NDArray<float> _a = null!, _c = null!, _z = null!, _f32 = null!;
    private NDArray<double> _f64 = null!, _f64b = null!, _d64 = null!;
    private NDArray<byte> _u8 = null!, _u8b = null!, _u8d = null!, _u8s = null!;
    private NDArray<short> _i16 = null!, _i16b = null!, _i16d = null!;
    private NDArray<int> _i32 = null!, _i32d = null!;
    private NDArray<long> _i64 = null!, _i64b = null!, _i64d = null!;
    /// <summary>The output the last Into case wrote (the checker compares it).</summary>
    private Func<double[]> _output = () => [];

    [GlobalSetup]
    public void Setup()
    {
        ApplySettings();
        _a = Data.Uniform<float>(1, Size);
        _c = _a.Copy();
        var c = _c.AsSpan();
        for (int i = 0; i < c.Length; i++) if (((uint)i * 2654435761u >> 7) % 3 == 0) c[i] = 0;
        _z = NDArray<float>.Zeros(Size);
        _f32 = NDArray<float>.Zeros(Size);
        _f64 = _a.AsType<double>();
        _f64b = Data.Uniform<double>(2, Size);
        _d64 = NDArray<double>.Zeros(Size);
        _u8 = NDArray<byte>.Empty(Size); _u8b = NDArray<byte>.Empty(Size); _u8d = NDArray<byte>.Zeros(Size); _u8s = NDArray<byte>.Empty(Size);
        _i16 = NDArray<short>.Empty(Size); _i16b = NDArray<short>.Empty(Size); _i16d = NDArray<short>.Zeros(Size);
        _i32 = NDArray<int>.Empty(Size); _i32d = NDArray<int>.Zeros(Size);
        _i64 = NDArray<long>.Empty(Size); _i64b = NDArray<long>.Empty(Size); _i64d = NDArray<long>.Zeros(Size);
        var a = _a.AsReadOnlySpan();
        for (int i = 0; i < Size; i++)
        {
            _u8.AsSpan()[i] = (byte)(a[i] * 127);
            _u8b.AsSpan()[i] = (byte)(1 + (i * 7) % 200);
            _u8s.AsSpan()[i] = (byte)(i % 8);
            _i16.AsSpan()[i] = (short)(a[i] * 30000 - 30000);
            _i16b.AsSpan()[i] = (short)(a[i] * 100);
            _i32.AsSpan()[i] = (int)(a[i] * 1e9) - 1_000_000_000;
            _i64.AsSpan()[i] = (long)(a[i] * 3e9) - 3_000_000_000;
            _i64b.AsSpan()[i] = 1 + (long)(a[i] * 1e5);
        }
    }

    double[] IHasOutput.Snapshot() => _output();

    void IHasOutput.Poison()
    {
        _f32.AsSpan().Fill(Checker.PoisonValue<float>()); _d64.AsSpan().Fill(Checker.PoisonValue<double>());
        _u8d.AsSpan().Fill(0xAB); _i16d.AsSpan().Fill(short.MinValue); _i32d.AsSpan().Fill(int.MinValue); _i64d.AsSpan().Fill(long.MinValue);
    }

    private double[] Out<TOut>(NDArray<TOut> d) where TOut : unmanaged => d.AsType<double>().ToArrayAndDispose();

    [GlobalCleanup]
    public void Cleanup()
    {
        Data.DisposeAll(_a, _c, _z, _f32, _f64, _f64b, _d64, _u8, _u8b, _u8d, _u8s, _i16, _i16b, _i16d, _i32, _i32d, _i64, _i64b, _i64d);
        RestoreSettings();
    }

    // Bool reductions of float32 (CountNonZero: a third of the elements are zero).
    [Benchmark(Baseline = true), BenchmarkCategory("CountNonZero"), Case("CountNonZero", Peer.ScalarLoop, Form.Scalar, 1)]
    public long Scalar_CountNonZero()
    {
        long n = 0;
        foreach (float x in _c.AsReadOnlySpan()) if (x != 0) n++;
        return n;
    }
    [Benchmark, BenchmarkCategory("CountNonZero"), Case("CountNonZero", Peer.NativeArrays, Form.Scalar, 1)]
    public long NA_CountNonZero() => _c.CountNonZero();

    [Benchmark(Baseline = true), BenchmarkCategory("Any"), Case("Any", Peer.ScalarLoop, Form.Scalar, 1)]
    public bool Scalar_Any()
    {
        foreach (float x in _z.AsReadOnlySpan()) if (x != 0) return true;
        return false;
    }
    [Benchmark, BenchmarkCategory("Any"), Case("Any", Peer.NativeArrays, Form.Scalar, 1)]
    public bool NA_Any() => _z.Any();

    [Benchmark(Baseline = true), BenchmarkCategory("All"), Case("All", Peer.ScalarLoop, Form.Scalar, 1)]
    public bool Scalar_All()
    {
        foreach (float x in _a.AsReadOnlySpan()) if (x == 0) return false;
        return true;
    }
    [Benchmark, BenchmarkCategory("All"), Case("All", Peer.NativeArrays, Form.Scalar, 1)]
    public bool NA_All() => _a.All();

    // Size-changing conversions: NativeArrays' AsType allocates (Alloc, as astype); TP converts into a destination (Into).
    [Benchmark, BenchmarkCategory("AsTypeF32F64"), Case("AsTypeF32F64", Peer.NativeArrays, Form.Alloc, 2)]
    public void NA_AsTypeF32F64() => _a.AsType<double>().Dispose();
    [Benchmark(Baseline = true), BenchmarkCategory("AsTypeF32F64"), Case("AsTypeF32F64", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_AsTypeF32F64() { _output = () => Out(_d64); TP.ConvertSaturating<float, double>(_a.AsReadOnlySpan(), _d64.AsSpan()); }

    [Benchmark, BenchmarkCategory("AsTypeF64F32"), Case("AsTypeF64F32", Peer.NativeArrays, Form.Alloc, 2)]
    public void NA_AsTypeF64F32() => _f64.AsType<float>().Dispose();
    [Benchmark(Baseline = true), BenchmarkCategory("AsTypeF64F32"), Case("AsTypeF64F32", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_AsTypeF64F32() { _output = () => Out(_f32); TP.ConvertSaturating<double, float>(_f64.AsReadOnlySpan(), _f32.AsSpan()); }

    [Benchmark, BenchmarkCategory("AsTypeU8F32"), Case("AsTypeU8F32", Peer.NativeArrays, Form.Alloc, 2)]
    public void NA_AsTypeU8F32() => _u8.AsType<float>().Dispose();
    [Benchmark(Baseline = true), BenchmarkCategory("AsTypeU8F32"), Case("AsTypeU8F32", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_AsTypeU8F32() { _output = () => Out(_f32); TP.ConvertSaturating<byte, float>(_u8.AsReadOnlySpan(), _f32.AsSpan()); }

    [Benchmark, BenchmarkCategory("AsTypeI32F64"), Case("AsTypeI32F64", Peer.NativeArrays, Form.Alloc, 2)]
    public void NA_AsTypeI32F64() => _i32.AsType<double>().Dispose();
    [Benchmark(Baseline = true), BenchmarkCategory("AsTypeI32F64"), Case("AsTypeI32F64", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_AsTypeI32F64() { _output = () => Out(_d64); TP.ConvertSaturating<int, double>(_i32.AsReadOnlySpan(), _d64.AsSpan()); }

    [Benchmark, BenchmarkCategory("AsTypeI64I32"), Case("AsTypeI64I32", Peer.NativeArrays, Form.Alloc, 2)]
    public void NA_AsTypeI64I32() => _i64.AsType<int>().Dispose();
    [Benchmark(Baseline = true), BenchmarkCategory("AsTypeI64I32"), Case("AsTypeI64I32", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_AsTypeI64I32() { _output = () => Out(_i32d); TP.ConvertSaturating<long, int>(_i64.AsReadOnlySpan(), _i32d.AsSpan()); }

    [Benchmark, BenchmarkCategory("AsTypeI16I32"), Case("AsTypeI16I32", Peer.NativeArrays, Form.Alloc, 2)]
    public void NA_AsTypeI16I32() => _i16.AsType<int>().Dispose();
    [Benchmark(Baseline = true), BenchmarkCategory("AsTypeI16I32"), Case("AsTypeI16I32", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_AsTypeI16I32() { _output = () => Out(_i32d); TP.ConvertSaturating<short, int>(_i16.AsReadOnlySpan(), _i32d.AsSpan()); }

    // Small-integer division (exact in float32 lanes) and byte shifts with per-element counts.
    // float64 Remainder (C# %, NumPy fmod), exact as the scalar operator; TensorPrimitives computes x - trunc(x / y) * y.
    [Benchmark(Baseline = true), BenchmarkCategory("RemainderFloat64"), Case("RemainderFloat64", Peer.TensorPrimitives, Form.Into, 3)]
    public void TP_RemainderFloat64() { _output = () => Out(_d64); TP.Remainder<double>(_f64.AsReadOnlySpan(), _f64b.AsReadOnlySpan(), _d64.AsSpan()); }
    [Benchmark, BenchmarkCategory("RemainderFloat64"), Case("RemainderFloat64", Peer.NativeArrays, Form.Into, 3)]
    public void NA_RemainderFloat64() { _output = () => Out(_d64); NDArray.Remainder(_f64, _f64b, _d64); }

    [Benchmark(Baseline = true), BenchmarkCategory("DivideInt16"), Case("DivideInt16", Peer.TensorPrimitives, Form.Into, 3)]
    public void TP_DivideInt16() { _output = () => Out(_i16d); TP.Divide<short>(_i16.AsReadOnlySpan(), _i16b.AsReadOnlySpan(), _i16d.AsSpan()); }
    [Benchmark, BenchmarkCategory("DivideInt16"), Case("DivideInt16", Peer.NativeArrays, Form.Into, 3)]
    public void NA_DivideInt16() { _output = () => Out(_i16d); NDArray.Divide(_i16, _i16b, _i16d); }

    [Benchmark(Baseline = true), BenchmarkCategory("DivideUInt8"), Case("DivideUInt8", Peer.TensorPrimitives, Form.Into, 3)]
    public void TP_DivideUInt8() { _output = () => Out(_u8d); TP.Divide<byte>(_u8.AsReadOnlySpan(), _u8b.AsReadOnlySpan(), _u8d.AsSpan()); }
    [Benchmark, BenchmarkCategory("DivideUInt8"), Case("DivideUInt8", Peer.NativeArrays, Form.Into, 3)]
    public void NA_DivideUInt8() { _output = () => Out(_u8d); NDArray.Divide(_u8, _u8b, _u8d); }

    // 64-bit division (float64 estimate plus integer corrections) and the int64 cumulative sum (in-register prefix sums).
    [Benchmark(Baseline = true), BenchmarkCategory("DivideInt64"), Case("DivideInt64", Peer.TensorPrimitives, Form.Into, 3)]
    public void TP_DivideInt64() { _output = () => Out(_i64d); TP.Divide<long>(_i64.AsReadOnlySpan(), _i64b.AsReadOnlySpan(), _i64d.AsSpan()); }
    [Benchmark, BenchmarkCategory("DivideInt64"), Case("DivideInt64", Peer.ScalarLoop, Form.Into, 3)]
    public void Scalar_DivideInt64()
    {
        _output = () => Out(_i64d);
        ReadOnlySpan<long> a = _i64.AsReadOnlySpan(), b = _i64b.AsReadOnlySpan();
        Span<long> d = _i64d.AsSpan();
        for (int i = 0; i < d.Length; i++) d[i] = a[i] / b[i];
    }
    [Benchmark, BenchmarkCategory("DivideInt64"), Case("DivideInt64", Peer.NativeArrays, Form.Into, 3)]
    public void NA_DivideInt64() { _output = () => Out(_i64d); NDArray.Divide(_i64, _i64b, _i64d); }

    [Benchmark(Baseline = true), BenchmarkCategory("CumSumInt64"), Case("CumSumInt64", Peer.ScalarLoop, Form.Into, 2)]
    public void Scalar_CumSumInt64()
    {
        _output = () => Out(_i64d);
        ReadOnlySpan<long> a = _i64.AsReadOnlySpan();
        Span<long> d = _i64d.AsSpan();
        long acc = 0;
        for (int i = 0; i < d.Length; i++) d[i] = acc += a[i];
    }
    [Benchmark, BenchmarkCategory("CumSumInt64"), Case("CumSumInt64", Peer.NativeArrays, Form.Alloc, 2)]
    public void NA_CumSumInt64() => _i64.CumSum().Dispose();

    [Benchmark(Baseline = true), BenchmarkCategory("LeftShiftUInt8"), Case("LeftShiftUInt8", Peer.ScalarLoop, Form.Into, 3)]
    public void Scalar_LeftShiftUInt8()
    {
        _output = () => Out(_u8d);
        ReadOnlySpan<byte> a = _u8.AsReadOnlySpan(), s = _u8s.AsReadOnlySpan();
        Span<byte> d = _u8d.AsSpan();
        for (int i = 0; i < d.Length; i++) d[i] = (byte)(a[i] << (s[i] & 7));
    }
    [Benchmark, BenchmarkCategory("LeftShiftUInt8"), Case("LeftShiftUInt8", Peer.NativeArrays, Form.Into, 3)]
    public void NA_LeftShiftUInt8() { _output = () => Out(_u8d); NDArray.LeftShift(_u8, _u8s, _u8d); }
}

internal static class NDArrayBenchExtensions
{
    /// <summary>The elements as a managed array, then the array disposed.</summary>
    public static TElement[] ToArrayAndDispose<TElement>(this NDArray<TElement> a) where TElement : unmanaged
    {
        using (a) return a.ToArray();
    }
}
