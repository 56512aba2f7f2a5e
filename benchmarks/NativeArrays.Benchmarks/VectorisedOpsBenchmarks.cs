using System.Numerics;
using BenchmarkDotNet.Attributes;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace NativeArrays.Benchmarks;

/// <summary>
/// The operations issue 12 listed as scalar-only, now vectorised (float32 into a destination at 10^3 and 10^6, and
/// int32 Divide / LeftShift): each paired with TensorPrimitives (the baseline, where it has the operation) and NumPy
/// (bench_numpy.py, same case names). Inputs are uniform in [0.5, 2) (exponents of Power too); int32 operands are
/// those scaled by 1000 (divisors 500..1999, shift counts 0..31). PowerFloat64 and the unary *Float64 cases run on the same values as float64.
/// The *Mixed / *Wide / *NegativeBase cases run on data whose lanes the cores leave out: m = 4·(u − 1.25) in [−3, 3)
/// (half negative: NaN logs; negative bases of x³), w = 200·(u − 1.25) in [−150, 150) (exp overflow, underflow and
/// subnormal results), u uniform as above (seed 3).
/// </summary>
[GenericTypeArguments(typeof(float))]
[BenchmarkCategory("VectorisedOps")]
public unsafe class VectorisedOpsBenchmarks<T> : KernelBenchmarkBase<T>, IHasOutput where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
{
    [ParamsSource(typeof(Sizes), nameof(Sizes.VectorisedOps))]
    public int Size { get; set; }

    private NDArray<T> _a = null!, _b = null!, _d = null!;
    private NDArray<int> _ia = null!, _ib = null!, _is = null!, _id = null!;
    private T* _pa, _pb, _pd;
    private int* _pia, _pib, _pis, _pid;
    private NDArray<double> _a64 = null!, _b64 = null!, _d64 = null!;
    private double* _pa64, _pb64, _pd64;
    private NDArray<T> _m = null!, _w = null!, _three = null!, _s137 = null!, _half = null!;
    private NDArray<double> _s137x64 = null!;
    private NDArray<double> _m64 = null!;
    private T* _pm, _pw;
    private double* _pm64;

    [GlobalSetup]
    public void Setup()
    {
        ApplySettings();
        _a = Data.Uniform<T>(1, Size);
        _b = Data.Uniform<T>(2, Size);
        _d = NDArray<T>.Zeros(Size);
        _pa = Data.Pointer(_a); _pb = Data.Pointer(_b); _pd = Data.Pointer(_d);
        _ia = NDArray<int>.Zeros(Size); _ib = NDArray<int>.Zeros(Size); _is = NDArray<int>.Zeros(Size); _id = NDArray<int>.Zeros(Size);
        _pia = Data.Pointer(_ia); _pib = Data.Pointer(_ib); _pis = Data.Pointer(_is); _pid = Data.Pointer(_id);
        _a64 = NDArray<double>.Zeros(Size); _b64 = NDArray<double>.Zeros(Size); _d64 = NDArray<double>.Zeros(Size);
        _pa64 = Data.Pointer(_a64); _pb64 = Data.Pointer(_b64); _pd64 = Data.Pointer(_d64);
        _m = Data.Uniform<T>(3, Size);
        _w = NDArray<T>.Zeros(Size);
        _m64 = NDArray<double>.Zeros(Size);
        _three = NDArray<T>.Scalar(T.CreateTruncating(3));
        _s137 = NDArray<T>.Scalar(T.CreateTruncating(1.37)); _s137x64 = NDArray<double>.Scalar(1.37); _half = NDArray<T>.Scalar(T.CreateTruncating(0.5));
        _pm = Data.Pointer(_m); _pw = Data.Pointer(_w); _pm64 = Data.Pointer(_m64);
        for (int i = 0; i < Size; i++)
        {
            double u = double.CreateTruncating(_pm[i]);
            _pm[i] = T.CreateTruncating(4 * (u - 1.25));
            _pw[i] = T.CreateTruncating(200 * (u - 1.25));
            _pm64[i] = 4 * (u - 1.25);
        }
        for (int i = 0; i < Size; i++)
        {
            _pa64[i] = double.CreateTruncating(_pa[i]);
            _pb64[i] = double.CreateTruncating(_pb[i]);
            _pia[i] = (int)(double.CreateTruncating(_pa[i]) * 1e6) - 1_000_000;
            _pib[i] = (int)(double.CreateTruncating(_pb[i]) * 1000);
            _pis[i] = i % 32;
        }
    }

    /// <summary>Whether the last case wrote the int32 output (the checker compares the output the case writes).</summary>
    private bool _intOutput;
    /// <summary>Whether the last case wrote the float64 output.</summary>
    private bool _doubleOutput;

    double[] IHasOutput.Snapshot() => _intOutput ? Checker.ToDoubles(_pid, Size) : _doubleOutput ? Checker.ToDoubles(_pd64, Size) : Checker.ToDoubles(_pd, Size);

    void IHasOutput.Poison()
    {
        Checker.FillNaN(_pd, Size);
        Checker.FillNaN(_pd64, Size);
        new Span<int>(_pid, Size).Fill(int.MinValue);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Data.DisposeAll(_a, _b, _d);
        _ia.Dispose(); _ib.Dispose(); _is.Dispose(); _id.Dispose();
        _a64.Dispose(); _b64.Dispose(); _d64.Dispose();
        Data.DisposeAll(_m, _w, _three, _m64, _s137, _half, _s137x64);
        RestoreSettings();
    }

    private ReadOnlySpan<T> A => new(_pa, Size);
    private ReadOnlySpan<T> B => new(_pb, Size);
    private Span<T> D => new(_pd, Size);

    [Benchmark(Baseline = true), BenchmarkCategory("Cbrt"), Case("Cbrt", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_Cbrt() { _intOutput = _doubleOutput = false; TP.Cbrt(A, D); }
    [Benchmark, BenchmarkCategory("Cbrt"), Case("Cbrt", Peer.NativeArrays, Form.Into, 2)]
    public void NA_Cbrt() { _intOutput = _doubleOutput = false; NDArray.Cbrt(_a, _d); }

    [Benchmark(Baseline = true), BenchmarkCategory("Exp2"), Case("Exp2", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_Exp2() { _intOutput = _doubleOutput = false; TP.Exp2(A, D); }
    [Benchmark, BenchmarkCategory("Exp2"), Case("Exp2", Peer.NativeArrays, Form.Into, 2)]
    public void NA_Exp2() { _intOutput = _doubleOutput = false; NDArray.Exp2(_a, _d); }

    [Benchmark(Baseline = true), BenchmarkCategory("Expm1"), Case("Expm1", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_Expm1() { _intOutput = _doubleOutput = false; TP.ExpM1(A, D); }
    [Benchmark, BenchmarkCategory("Expm1"), Case("Expm1", Peer.NativeArrays, Form.Into, 2)]
    public void NA_Expm1() { _intOutput = _doubleOutput = false; NDArray.Expm1(_a, _d); }

    [Benchmark(Baseline = true), BenchmarkCategory("Log10"), Case("Log10", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_Log10() { _intOutput = _doubleOutput = false; TP.Log10(A, D); }
    [Benchmark, BenchmarkCategory("Log10"), Case("Log10", Peer.NativeArrays, Form.Into, 2)]
    public void NA_Log10() { _intOutput = _doubleOutput = false; NDArray.Log10(_a, _d); }

    [Benchmark(Baseline = true), BenchmarkCategory("Log1p"), Case("Log1p", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_Log1p() { _intOutput = _doubleOutput = false; TP.LogP1(A, D); }
    [Benchmark, BenchmarkCategory("Log1p"), Case("Log1p", Peer.NativeArrays, Form.Into, 2)]
    public void NA_Log1p() { _intOutput = _doubleOutput = false; NDArray.Log1p(_a, _d); }

    [Benchmark(Baseline = true), BenchmarkCategory("Tanh"), Case("Tanh", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_Tanh() { _intOutput = _doubleOutput = false; TP.Tanh(A, D); }
    [Benchmark, BenchmarkCategory("Tanh"), Case("Tanh", Peer.NativeArrays, Form.Into, 2)]
    public void NA_Tanh() { _intOutput = _doubleOutput = false; NDArray.Tanh(_a, _d); }

    [Benchmark(Baseline = true), BenchmarkCategory("Remainder"), Case("Remainder", Peer.TensorPrimitives, Form.Into, 3)]
    public void TP_Remainder() { _intOutput = _doubleOutput = false; TP.Remainder(A, B, D); }
    [Benchmark, BenchmarkCategory("Remainder"), Case("Remainder", Peer.NativeArrays, Form.Into, 3)]
    public void NA_Remainder() { _intOutput = _doubleOutput = false; NDArray.Remainder(_a, _b, _d); }

    [Benchmark(Baseline = true), BenchmarkCategory("Power"), Case("Power", Peer.TensorPrimitives, Form.Into, 3)]
    public void TP_Power() { _intOutput = _doubleOutput = false; TP.Pow(A, B, D); }
    [Benchmark, BenchmarkCategory("Power"), Case("Power", Peer.NativeArrays, Form.Into, 3)]
    public void NA_Power() { _intOutput = _doubleOutput = false; NDArray.Power(_a, _b, _d); }

    [Benchmark(Baseline = true), BenchmarkCategory("Tan"), Case("Tan", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_Tan() { _intOutput = _doubleOutput = false; TP.Tan(A, D); }
    [Benchmark, BenchmarkCategory("Tan"), Case("Tan", Peer.NativeArrays, Form.Into, 2)]
    public void NA_Tan() { _intOutput = _doubleOutput = false; NDArray.Tan(_a, _d); }

    [Benchmark(Baseline = true), BenchmarkCategory("Atan2"), Case("Atan2", Peer.TensorPrimitives, Form.Into, 3)]
    public void TP_Atan2() { _intOutput = _doubleOutput = false; TP.Atan2(A, B, D); }
    [Benchmark, BenchmarkCategory("Atan2"), Case("Atan2", Peer.NativeArrays, Form.Into, 3)]
    public void NA_Atan2() { _intOutput = _doubleOutput = false; NDArray.Atan2(_a, _b, _d); }

    [Benchmark(Baseline = true), BenchmarkCategory("Log10Mixed"), Case("Log10Mixed", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_Log10Mixed() { _intOutput = _doubleOutput = false; TP.Log10(new ReadOnlySpan<T>(_pm, Size), D); }
    [Benchmark, BenchmarkCategory("Log10Mixed"), Case("Log10Mixed", Peer.NativeArrays, Form.Into, 2)]
    public void NA_Log10Mixed() { _intOutput = _doubleOutput = false; NDArray.Log10(_m, _d); }

    [Benchmark(Baseline = true), BenchmarkCategory("ExpWide"), Case("ExpWide", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_ExpWide() { _intOutput = _doubleOutput = false; TP.Exp(new ReadOnlySpan<T>(_pw, Size), D); }
    [Benchmark, BenchmarkCategory("ExpWide"), Case("ExpWide", Peer.NativeArrays, Form.Into, 2)]
    public void NA_ExpWide() { _intOutput = _doubleOutput = false; NDArray.Exp(_w, _d); }

    [Benchmark(Baseline = true), BenchmarkCategory("PowerNegativeBase"), Case("PowerNegativeBase", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_PowerNegativeBase() { _intOutput = _doubleOutput = false; TP.Pow(new ReadOnlySpan<T>(_pm, Size), T.CreateTruncating(3), D); }
    [Benchmark, BenchmarkCategory("PowerNegativeBase"), Case("PowerNegativeBase", Peer.NativeArrays, Form.Into, 2)]
    public void NA_PowerNegativeBase() { _intOutput = _doubleOutput = false; NDArray.Power(_m, _three, _d); }

    [Benchmark(Baseline = true), BenchmarkCategory("LogMixedFloat64"), Case("LogMixedFloat64", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_LogMixedFloat64() { _intOutput = false; _doubleOutput = true; TP.Log(new ReadOnlySpan<double>(_pm64, Size), new Span<double>(_pd64, Size)); }
    [Benchmark, BenchmarkCategory("LogMixedFloat64"), Case("LogMixedFloat64", Peer.NativeArrays, Form.Into, 2)]
    public void NA_LogMixedFloat64() { _intOutput = false; _doubleOutput = true; NDArray.Log(_m64, _d64); }

    [Benchmark(Baseline = true), BenchmarkCategory("PowerFloat64"), Case("PowerFloat64", Peer.TensorPrimitives, Form.Into, 3)]
    public void TP_PowerFloat64() { _intOutput = false; _doubleOutput = true; TP.Pow(new ReadOnlySpan<double>(_pa64, Size), new ReadOnlySpan<double>(_pb64, Size), new Span<double>(_pd64, Size)); }
    [Benchmark, BenchmarkCategory("PowerFloat64"), Case("PowerFloat64", Peer.NativeArrays, Form.Into, 3)]
    public void NA_PowerFloat64() { _intOutput = false; _doubleOutput = true; NDArray.Power(_a64, _b64, _d64); }

    [Benchmark(Baseline = true), BenchmarkCategory("Expm1Float64"), Case("Expm1Float64", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_Expm1Float64() { _intOutput = false; _doubleOutput = true; TP.ExpM1(new ReadOnlySpan<double>(_pa64, Size), new Span<double>(_pd64, Size)); }
    [Benchmark, BenchmarkCategory("Expm1Float64"), Case("Expm1Float64", Peer.NativeArrays, Form.Into, 2)]
    public void NA_Expm1Float64() { _intOutput = false; _doubleOutput = true; NDArray.Expm1(_a64, _d64); }

    [Benchmark(Baseline = true), BenchmarkCategory("Log10Float64"), Case("Log10Float64", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_Log10Float64() { _intOutput = false; _doubleOutput = true; TP.Log10(new ReadOnlySpan<double>(_pa64, Size), new Span<double>(_pd64, Size)); }
    [Benchmark, BenchmarkCategory("Log10Float64"), Case("Log10Float64", Peer.NativeArrays, Form.Into, 2)]
    public void NA_Log10Float64() { _intOutput = false; _doubleOutput = true; NDArray.Log10(_a64, _d64); }

    [Benchmark(Baseline = true), BenchmarkCategory("Log1pFloat64"), Case("Log1pFloat64", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_Log1pFloat64() { _intOutput = false; _doubleOutput = true; TP.LogP1(new ReadOnlySpan<double>(_pa64, Size), new Span<double>(_pd64, Size)); }
    [Benchmark, BenchmarkCategory("Log1pFloat64"), Case("Log1pFloat64", Peer.NativeArrays, Form.Into, 2)]
    public void NA_Log1pFloat64() { _intOutput = false; _doubleOutput = true; NDArray.Log1p(_a64, _d64); }

    [Benchmark(Baseline = true), BenchmarkCategory("TanhFloat64"), Case("TanhFloat64", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_TanhFloat64() { _intOutput = false; _doubleOutput = true; TP.Tanh(new ReadOnlySpan<double>(_pa64, Size), new Span<double>(_pd64, Size)); }
    [Benchmark, BenchmarkCategory("TanhFloat64"), Case("TanhFloat64", Peer.NativeArrays, Form.Into, 2)]
    public void NA_TanhFloat64() { _intOutput = false; _doubleOutput = true; NDArray.Tanh(_a64, _d64); }

    // Session 29: operations whose vector forms were the runtime's (a call per vector, the time set by the process's
    // stack alignment) and are now our own cores. Results only (no goal of issue 12 names them).
    [Benchmark(Baseline = true), BenchmarkCategory("ExpFloat64"), Case("ExpFloat64", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_ExpFloat64() { _intOutput = false; _doubleOutput = true; TP.Exp(new ReadOnlySpan<double>(_pa64, Size), new Span<double>(_pd64, Size)); }
    [Benchmark, BenchmarkCategory("ExpFloat64"), Case("ExpFloat64", Peer.NativeArrays, Form.Into, 2)]
    public void NA_ExpFloat64() { _intOutput = false; _doubleOutput = true; NDArray.Exp(_a64, _d64); }

    [Benchmark(Baseline = true), BenchmarkCategory("Log2"), Case("Log2", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_Log2() { _intOutput = false; _doubleOutput = false; TP.Log2(new ReadOnlySpan<T>(_pa, Size), new Span<T>(_pd, Size)); }
    [Benchmark, BenchmarkCategory("Log2"), Case("Log2", Peer.NativeArrays, Form.Into, 2)]
    public void NA_Log2() { _intOutput = false; _doubleOutput = false; NDArray.Log2(_a, _d); }

    [Benchmark(Baseline = true), BenchmarkCategory("Log2Float64"), Case("Log2Float64", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_Log2Float64() { _intOutput = false; _doubleOutput = true; TP.Log2(new ReadOnlySpan<double>(_pa64, Size), new Span<double>(_pd64, Size)); }
    [Benchmark, BenchmarkCategory("Log2Float64"), Case("Log2Float64", Peer.NativeArrays, Form.Into, 2)]
    public void NA_Log2Float64() { _intOutput = false; _doubleOutput = true; NDArray.Log2(_a64, _d64); }

    [Benchmark(Baseline = true), BenchmarkCategory("Sin"), Case("Sin", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_Sin() { _intOutput = false; _doubleOutput = false; TP.Sin(new ReadOnlySpan<T>(_pa, Size), new Span<T>(_pd, Size)); }
    [Benchmark, BenchmarkCategory("Sin"), Case("Sin", Peer.NativeArrays, Form.Into, 2)]
    public void NA_Sin() { _intOutput = false; _doubleOutput = false; NDArray.Sin(_a, _d); }

    [Benchmark(Baseline = true), BenchmarkCategory("Cos"), Case("Cos", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_Cos() { _intOutput = false; _doubleOutput = false; TP.Cos(new ReadOnlySpan<T>(_pa, Size), new Span<T>(_pd, Size)); }
    [Benchmark, BenchmarkCategory("Cos"), Case("Cos", Peer.NativeArrays, Form.Into, 2)]
    public void NA_Cos() { _intOutput = false; _doubleOutput = false; NDArray.Cos(_a, _d); }

    [Benchmark(Baseline = true), BenchmarkCategory("SinFloat64"), Case("SinFloat64", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_SinFloat64() { _intOutput = false; _doubleOutput = true; TP.Sin(new ReadOnlySpan<double>(_pa64, Size), new Span<double>(_pd64, Size)); }
    [Benchmark, BenchmarkCategory("SinFloat64"), Case("SinFloat64", Peer.NativeArrays, Form.Into, 2)]
    public void NA_SinFloat64() { _intOutput = false; _doubleOutput = true; NDArray.Sin(_a64, _d64); }

    [Benchmark(Baseline = true), BenchmarkCategory("CosFloat64"), Case("CosFloat64", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_CosFloat64() { _intOutput = false; _doubleOutput = true; TP.Cos(new ReadOnlySpan<double>(_pa64, Size), new Span<double>(_pd64, Size)); }
    [Benchmark, BenchmarkCategory("CosFloat64"), Case("CosFloat64", Peer.NativeArrays, Form.Into, 2)]
    public void NA_CosFloat64() { _intOutput = false; _doubleOutput = true; NDArray.Cos(_a64, _d64); }

    [Benchmark(Baseline = true), BenchmarkCategory("HypotFloat64"), Case("HypotFloat64", Peer.TensorPrimitives, Form.Into, 3)]
    public void TP_HypotFloat64() { _intOutput = false; _doubleOutput = true; TP.Hypot(new ReadOnlySpan<double>(_pa64, Size), new ReadOnlySpan<double>(_pb64, Size), new Span<double>(_pd64, Size)); }
    [Benchmark, BenchmarkCategory("HypotFloat64"), Case("HypotFloat64", Peer.NativeArrays, Form.Into, 3)]
    public void NA_HypotFloat64() { _intOutput = false; _doubleOutput = true; NDArray.Hypot(_a64, _b64, _d64); }

    // Session 30: a 0-d second operand (x ** 1.37, atan2(x, 0.5)); the broadcast loop now defers the fix as the
    // contiguous loop does (it made a call per vector). Results only (no goal of issue 12 names them).
    [Benchmark(Baseline = true), BenchmarkCategory("PowerScalar"), Case("PowerScalar", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_PowerScalar() { _intOutput = _doubleOutput = false; TP.Pow(A, T.CreateTruncating(1.37), D); }
    [Benchmark, BenchmarkCategory("PowerScalar"), Case("PowerScalar", Peer.NativeArrays, Form.Into, 2)]
    public void NA_PowerScalar() { _intOutput = _doubleOutput = false; NDArray.Power(_a, _s137, _d); }

    [Benchmark(Baseline = true), BenchmarkCategory("PowerScalarFloat64"), Case("PowerScalarFloat64", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_PowerScalarFloat64() { _intOutput = false; _doubleOutput = true; TP.Pow(new ReadOnlySpan<double>(_pa64, Size), 1.37, new Span<double>(_pd64, Size)); }
    [Benchmark, BenchmarkCategory("PowerScalarFloat64"), Case("PowerScalarFloat64", Peer.NativeArrays, Form.Into, 2)]
    public void NA_PowerScalarFloat64() { _intOutput = false; _doubleOutput = true; NDArray.Power(_a64, _s137x64, _d64); }

    [Benchmark(Baseline = true), BenchmarkCategory("Atan2Scalar"), Case("Atan2Scalar", Peer.TensorPrimitives, Form.Into, 2)]
    public void TP_Atan2Scalar() { _intOutput = _doubleOutput = false; TP.Atan2(A, T.CreateTruncating(0.5), D); }
    [Benchmark, BenchmarkCategory("Atan2Scalar"), Case("Atan2Scalar", Peer.NativeArrays, Form.Into, 2)]
    public void NA_Atan2Scalar() { _intOutput = _doubleOutput = false; NDArray.Atan2(_a, _half, _d); }

    [Benchmark(Baseline = true), BenchmarkCategory("DivideInt32"), Case("DivideInt32", Peer.TensorPrimitives, Form.Into, 3)]
    public void TP_DivideInt32() { _intOutput = true; _doubleOutput = false; TP.Divide(new ReadOnlySpan<int>(_pia, Size), new ReadOnlySpan<int>(_pib, Size), new Span<int>(_pid, Size)); }
    [Benchmark, BenchmarkCategory("DivideInt32"), Case("DivideInt32", Peer.NativeArrays, Form.Into, 3)]
    public void NA_DivideInt32() { _intOutput = true; _doubleOutput = false; NDArray.Divide(_ia, _ib, _id); }
    [Benchmark, BenchmarkCategory("DivideInt32"), Case("DivideInt32", Peer.ScalarLoop, Form.Into, 3)]
    public void Scalar_DivideInt32()
    {
        _intOutput = true; _doubleOutput = false;
        int* a = _pia, b = _pib, d = _pid;
        for (nint i = 0, n = Size; i < n; i++) d[i] = a[i] / b[i];
    }

    // TensorPrimitives shifts take one count for all elements; the per-element form is NumPy's left_shift.
    [Benchmark(Baseline = true), BenchmarkCategory("LeftShiftInt32"), Case("LeftShiftInt32", Peer.ScalarLoop, Form.Into, 3)]
    public void Scalar_LeftShiftInt32()
    {
        _intOutput = true; _doubleOutput = false;
        int* a = _pia, s = _pis, d = _pid;
        for (nint i = 0, n = Size; i < n; i++) d[i] = a[i] << s[i];
    }
    [Benchmark, BenchmarkCategory("LeftShiftInt32"), Case("LeftShiftInt32", Peer.NativeArrays, Form.Into, 3)]
    public void NA_LeftShiftInt32() { _intOutput = true; _doubleOutput = false; NDArray.LeftShift(_ia, _is, _id); }
}
