using System.Numerics;
using NativeArrays.Kernels;

namespace NativeArrays.Tests.Kernels;

/// <summary>Runs one operator over a 1-d array at a chosen SIMD width (the contiguous fast path and its tails).</summary>
internal static unsafe class OpRunner
{
    public static readonly SimdWidth[] VectorWidths = [SimdWidth.W128, SimdWidth.W256, SimdWidth.W512];

    public static TOut[] Unary<T, TOut, TOp>(T[] x, SimdWidth w) where T : unmanaged where TOut : unmanaged where TOp : IUnaryOp<T, TOut>
    {
        using var _ = KernelHarness.Width(w);
        using var a = RawView<T>.Alloc(x.Length);
        using var o = RawView<TOut>.Alloc(x.Length);
        for (int i = 0; i < x.Length; i++) a.Pointer[i] = x[i];
        Elementwise.Unary<T, TOut, TOp>(typeof(TOp).Name, [x.Length], o.Operand, a.Operand);
        return o.ToArray();
    }

    public static T[] Binary<T, TOp>(T[] x, T[] y, SimdWidth w) where T : unmanaged where TOp : IBinaryOp<T, T>
    {
        using var _ = KernelHarness.Width(w);
        using var a = RawView<T>.Alloc(x.Length);
        using var b = RawView<T>.Alloc(x.Length);
        using var o = RawView<T>.Alloc(x.Length);
        for (int i = 0; i < x.Length; i++) { a.Pointer[i] = x[i]; b.Pointer[i] = y[i]; }
        Elementwise.Binary<T, T, TOp>(typeof(TOp).Name, [x.Length], o.Operand, a.Operand, b.Operand);
        return o.ToArray();
    }

    /// <summary>Bit-identical (NaN payloads aside), zeros compared with their sign.</summary>
    public static bool Identical<T>(T a, T b) where T : unmanaged
    {
        if (a is float f && b is float g) return float.IsNaN(f) ? float.IsNaN(g) : BitConverter.SingleToInt32Bits(f) == BitConverter.SingleToInt32Bits(g);
        if (a is double d && b is double e) return double.IsNaN(d) ? double.IsNaN(e) : BitConverter.DoubleToInt64Bits(d) == BitConverter.DoubleToInt64Bits(e);
        return a.Equals(b);
    }
}

/// <summary>
/// The floating-point operators vectorised for issue 12 (Cbrt, Exp2, Expm1, Log10, Log1p, Tan, Tanh, Remainder,
/// Power): special values exactly as the scalar functions, wide random ranges within the README's ulp bounds
/// against a float64 (or exact) reference, and the same bits at every vector width.
/// </summary>
[TestFixture(typeof(float))]
[TestFixture(typeof(double))]
public class VectorisedFloatOpsTests<T> where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
{
    private static T C(double v) => T.CreateTruncating(v);

    /// <summary>NaN, ±inf, ±0, subnormals, the normal extremes and a spread of ordinary values.</summary>
    private static T[] Specials()
    {
        var list = new List<T> { T.NaN, T.PositiveInfinity, T.NegativeInfinity, T.Zero, T.NegativeZero, T.Epsilon, -T.Epsilon, T.MaxValue, T.MinValue };
        T minNormal = typeof(T) == typeof(float) ? C(1.1754943508222875e-38) : C(2.2250738585072014e-308);
        list.AddRange([minNormal, -minNormal, minNormal * C(0.75), T.One, -T.One, C(2), C(0.5), C(-0.5), C(-0.9999), C(-1.0000001), C(1e-10), C(-1e-10), C(1e-30),
            C(3), C(8), C(27), C(1000), C(-64), C(10), C(100), C(0.1), C(88.5), C(-88.5), C(700), C(-700), C(1100), C(-1100), C(20), C(-20), C(9.5), C(1.5707963267948966), C(1e6), C(-3e5)]);
        return list.ToArray();
    }

    /// <summary>Random magnitudes 10^-8 .. 10^8 (and a few up to the type's range) of both signs.</summary>
    private static T[] Wide(int n, int seed, double maxExponent = 8)
    {
        var r = new Random(seed);
        var v = new T[n];
        for (int i = 0; i < n; i++) v[i] = C((r.Next(2) == 0 ? -1 : 1) * Math.Pow(10, (r.NextDouble() * 2 - 1) * maxExponent));
        return v;
    }

    private static void CheckUnary<TOp>(Func<double, double> reference, T[] inputs, double tolerance) where TOp : IUnaryOp<T, T>
    {
        T[]? first = null;
        foreach (var w in OpRunner.VectorWidths)
        {
            var got = OpRunner.Unary<T, T, TOp>(inputs, w);
            for (int i = 0; i < inputs.Length; i++)
            {
                T scalar = TOp.Invoke(inputs[i]);
                string at = $"{typeof(TOp).Name} width {w} x={inputs[i]:R}";
                if (T.IsNaN(scalar) || T.IsInfinity(scalar) || T.IsZero(scalar))
                    Assert.That(OpRunner.Identical(got[i], scalar), $"{at}: got {got[i]:R}, scalar gives {scalar:R}");
                else
                {
                    T want = C(reference(double.CreateTruncating(inputs[i])));
                    double ulps = KernelHarness.Ulps(want, got[i]);
                    Assert.That(ulps, Is.LessThanOrEqualTo(tolerance), $"{at}: got {got[i]:R}, want {want:R}");
                }
                if (first != null) Assert.That(OpRunner.Identical(got[i], first[i]), $"{at}: {got[i]:R} differs from width 128's {first[i]:R}");
            }
            first ??= got;
        }
    }

    private static T[] Inputs(double maxExponent = 8) => Specials().Concat(Wide(3000, 5, maxExponent)).ToArray();

    [Test] public void Cbrt() => CheckUnary<CbrtOp<T>>(ExactCbrt, Inputs(typeof(T) == typeof(float) ? 37 : 300), 1);
    [Test] public void Exp() => CheckUnary<ExpOp<T>>(Math.Exp, ExpInputs(), 4);
    [Test] public void Exp2() => CheckUnary<Exp2Op<T>>(x => Math.Pow(2, x), Inputs(2.5), 4);

    /// <summary>
    /// The specials, uniform arguments from below the underflow to above the overflow threshold, and the float32 kernel's
    /// range ends (−87, 88) with their neighbours.
    /// </summary>
    private static T[] ExpInputs()
    {
        bool single = typeof(T) == typeof(float);
        var r = new Random(9);
        double lo = single ? -110 : -760, hi = single ? 92 : 720;
        var v = Specials().ToList();
        for (int i = 0; i < 3000; i++) v.Add(C(lo + (hi - lo) * r.NextDouble()));
        foreach (double b in new[] { -87.0, 88.0, -87.336544750553102, 88.722839111672999, -103.97, -103.98, 708.0, -708.0, 709.78, -745.1 })
        {
            T t = C(b);
            v.AddRange([t, T.BitIncrement(t), T.BitDecrement(t)]);
        }
        return v.ToArray();
    }
    [Test] public void Expm1() => CheckUnary<Expm1Op<T>>(Expm1Reference, Inputs(2.5), 4);

    /// <summary>
    /// Lanes the cores leave out (negative, zero, infinite, NaN and subnormal arguments of the logs; overflow, underflow,
    /// subnormal-result and NaN arguments of the exps) at random places among ordinary lanes, one in three: resolved in
    /// vector form or by the scalar function, each must still be the scalar function's value (and the rest within bound),
    /// at every width.
    /// </summary>
    [Test]
    public void SpecialLanesAnywhereAmongOrdinaryOnes()
    {
        bool single = typeof(T) == typeof(float);
        var r = new Random(61);
        double[] odd = single
            ? [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, -1, -2.5, -1e30, 1e-40, -1e-40, 1.4e-45, 88.5, 88.8, 95, -88, -95, -103.9, -104.5, -200, 127.5, 128.5, -140, -149.5, -151.5, -1, -0.999]
            : [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, -1, -2.5, -1e300, 1e-310, -1e-310, 4.9e-324, 709, 709.9, 720, -708.5, -720, -744.5, -745.2, -800, 1023.5, 1024.5, -1050, -1074.5, -1076.5, -1, -0.9999999];
        var x = new T[4099];
        for (int i = 0; i < x.Length; i++)
            x[i] = r.Next(3) == 0 ? C(odd[r.Next(odd.Length)]) : C((r.Next(2) == 0 ? -1 : 1) * Math.Pow(10, r.NextDouble() * 4 - 2));
        CheckUnary<LogOp<T>>(Math.Log, x, 4);
        CheckUnary<Log10Op<T>>(Math.Log10, x, 4);
        CheckUnary<Log1pOp<T>>(Log1pReference, x, 4);
        CheckUnary<ExpOp<T>>(Math.Exp, x, 4);
        CheckUnary<Exp2Op<T>>(v => Math.Pow(2, v), x, 4);
        CheckUnary<Expm1Op<T>>(Expm1Reference, x, 4);
        CheckUnary<TanhOp<T>>(Math.Tanh, x, 4);
    }

    /// <summary>
    /// Runs of vectors with lanes outside the cores' ranges (float32 Exp [−87, 88], Exp2 ±126, Expm1 above 88 / 709,
    /// Log1p at or below −1: the contiguous loop computes them by the run form,
    /// <see cref="IUnaryOp{T, TOut}.InvokeRun{TV}"/>) between stretches of ordinary vectors, of random lengths, with
    /// threshold, subnormal-result and NaN lanes: Exp, Exp2, Sigmoid, Expm1 and Log1p give the scalar function's value
    /// or stay within bound, the same bits at every width, with non-temporal stores as with cached ones, and the same
    /// bits contiguous as strided (the full vector form, a vector at a time) and through the API's flat path.
    /// </summary>
    [Test]
    public void RunsOfSpecialLanesGiveTheFullFormsBits()
    {
        bool single = typeof(T) == typeof(float);
        double[] expEdges = single
            ? [-104, -103.97, -103.9, -103.89, -87.34, -87, 88, 88.7, 88.72, 88.73, 89, 89.01, double.NaN, double.PositiveInfinity, double.NegativeInfinity]
            : [-746, -745.1, -744, -708.5, 709.78, 710, double.NaN, double.PositiveInfinity, double.NegativeInfinity];
        double[] exp2Edges = single
            ? [-152, -151, -150.5, -150, -149.5, -149, -126.5, -126, 126, 127.9, 128, 128.1, double.NaN, double.PositiveInfinity, double.NegativeInfinity]
            : [-1076, -1075, -1074.5, -1074, -1022.5, 1023.9, 1024, 1024.1, double.NaN, double.PositiveInfinity, double.NegativeInfinity];
        double[] log1pEdges = [-1, -0.9999999, -1.0000001, -2, 0, -0.0, 1e-30, double.NaN, double.PositiveInfinity, double.NegativeInfinity];
        T[] expData = Runs(single ? 150 : 800, expEdges, 83), exp2Data = Runs(single ? 210 : 1100, exp2Edges, 89);
        T[] expm1Data = Runs(single ? 100 : 720, expEdges, 97), log1pData = Runs(1e4, log1pEdges, 101);
        CheckUnary<ExpOp<T>>(Math.Exp, expData, 4);
        CheckUnary<SigmoidOp<T>>(t => 1 / (1 + Math.Exp(-t)), expData, 4);
        CheckUnary<Exp2Op<T>>(t => Math.Pow(2, t), exp2Data, 4);
        CheckUnary<Expm1Op<T>>(Expm1Reference, expm1Data, 4);
        CheckUnary<Log1pOp<T>>(Log1pReference, log1pData, 4);
        foreach (var w in OpRunner.VectorWidths)
        {
            SameBitsOnEveryPath<ExpOp<T>>(expData, w, NDArray.Exp);
            SameBitsOnEveryPath<SigmoidOp<T>>(expData, w, NDArray.Sigmoid);
            SameBitsOnEveryPath<Exp2Op<T>>(exp2Data, w, NDArray.Exp2);
            SameBitsOnEveryPath<Expm1Op<T>>(expm1Data, w, NDArray.Expm1);
            SameBitsOnEveryPath<Log1pOp<T>>(log1pData, w, NDArray.Log1p);
        }

        // Stretches of ordinary data (±3) and of wide data (±wide), random lengths, one lane in 40 an edge value.
        static T[] Runs(double wide, double[] edges, int seed)
        {
            var r = new Random(seed);
            var x = new List<T>();
            while (x.Count < 6000)
            {
                bool run = r.Next(2) == 0;
                for (int len = r.Next(1, 100); len > 0; len--)
                    x.Add(r.Next(40) == 0 ? C(edges[r.Next(edges.Length)]) : C((r.NextDouble() * 2 - 1) * (run ? wide : 3)));
            }
            return x.ToArray();
        }

        // The kernel driver at width w (contiguous) against itself with non-temporal stores, the API on a strided view of
        // the same values (every other element: the full form) and on the contiguous array itself (the flat path, its
        // own entry to the row loop).
        static void SameBitsOnEveryPath<TOp>(T[] v, SimdWidth w, Func<NDArray<T>, NDArray<T>> api) where TOp : IUnaryOp<T, T>
        {
            var contiguous = OpRunner.Unary<T, T, TOp>(v, w);
            T[] streamed;
            using (NativeArraysSettings.Override(NativeArraysSettings.Current with { NonTemporalThreshold = 1 }))
                streamed = OpRunner.Unary<T, T, TOp>(v, w); // the same loops with non-temporal stores (aligned head first)
            for (int i = 0; i < v.Length; i++)
                Assert.That(OpRunner.Identical(contiguous[i], streamed[i]), $"{typeof(TOp).Name} width {w}: x={v[i]:R} cached stores {contiguous[i]:R}, non-temporal {streamed[i]:R}");
            var spread = new T[2 * v.Length];
            for (int i = 0; i < v.Length; i++) spread[2 * i] = v[i];
            using var _ = KernelHarness.Width(w);
            using var owner = NDArray<T>.FromArray(spread);
            using var strided = owner.AsStrided([v.Length], [2]);
            using var result = api(strided);
            using var flat = NDArray<T>.FromArray(v);
            using var flatResult = api(flat);
            T[] got = result.ToArray(), gotFlat = flatResult.ToArray();
            for (int i = 0; i < v.Length; i++)
            {
                Assert.That(OpRunner.Identical(contiguous[i], got[i]), $"{typeof(TOp).Name} width {w}: x={v[i]:R} contiguous {contiguous[i]:R}, strided {got[i]:R}");
                Assert.That(OpRunner.Identical(contiguous[i], gotFlat[i]), $"{typeof(TOp).Name} width {w}: x={v[i]:R} driver {contiguous[i]:R}, flat path {gotFlat[i]:R}");
            }
        }
    }

    /// <summary>
    /// x^2 is x·x (the correctly rounded square) in every form: lanes with exponent 2 among other exponents, vectors of
    /// squares only, the scalar form, the broadcast-scalar form of the API (contiguous and strided), specials included.
    /// </summary>
    [Test]
    public void PowerWithExponentTwoIsTheSquareInEveryForm()
    {
        var r = new Random(71);
        var x = new List<T> { T.NaN, T.PositiveInfinity, T.NegativeInfinity, T.Zero, T.NegativeZero, T.Epsilon, -T.Epsilon, T.MaxValue, T.MinValue };
        for (int i = 0; i < 1500; i++) x.Add(C((r.NextDouble() * 2 - 1) * Math.Pow(10, r.Next(-20, 21))));
        T two = C(2);
        var mixed = x.Select((_, i) => r.Next(3) == 0 ? C(2.5) : two).ToArray();
        var all = x.Select(_ => two).ToArray();
        foreach (var w in OpRunner.VectorWidths)
            foreach (var y in new[] { mixed, all })
            {
                var got = OpRunner.Binary<T, PowerOp<T>>(x.ToArray(), y, w);
                for (int i = 0; i < x.Count; i++)
                    if (y[i] == two) Assert.That(OpRunner.Identical(got[i], x[i] * x[i]), $"width {w}: {x[i]:R}^2 gave {got[i]:R}, x·x {x[i] * x[i]:R}");
            }
        foreach (var v in x) Assert.That(OpRunner.Identical(PowerOp<T>.Invoke(v, two), v * v), $"scalar {v:R}^2");
        using var a = NDArray<T>.FromArray(x.ToArray());
        using var p = NDArray.Power(a, two);
        using var q = NDArray.Square(a);
        using var strided = a.AsStrided([x.Count / 2], [2]);
        using var ps = NDArray.Power(strided, two);
        using var qs = NDArray.Square(strided);
        Assert.That(p.ToArray().Zip(q.ToArray()).All(t => OpRunner.Identical(t.First, t.Second)), Is.True, "Power(a, 2) vs Square(a)");
        Assert.That(ps.ToArray().Zip(qs.ToArray()).All(t => OpRunner.Identical(t.First, t.Second)), Is.True, "Power(a[::2], 2) vs Square(a[::2])");
    }

    /// <summary>log1p(−inf) is NaN (C's log1p, NumPy's), not −inf, in the scalar and the vector form.</summary>
    [Test]
    public void Log1pOfMinusInfinityIsNaN()
    {
        Assert.That(T.IsNaN(Log1pOp<T>.Invoke(T.NegativeInfinity)), Is.True);
        foreach (var w in OpRunner.VectorWidths)
            Assert.That(OpRunner.Unary<T, T, Log1pOp<T>>([T.NegativeInfinity, C(-2), T.One], w).Select(T.IsNaN), Is.EqualTo(new[] { true, true, false }), $"width {w}");
    }
    /// <summary>
    /// Tanh of a NaN is that NaN quieted, payload and sign kept (x + x), at every width and in the scalar form: the vector
    /// form carries the NaN through its clamp, core and quotient instead of selecting it (session 49). NaNs of both
    /// signs, quiet and signalling, with random payloads, among ordinary lanes.
    /// </summary>
    [Test]
    public void TanhOfNaNIsTheQuietedNaN()
    {
        var r = new Random(12);
        var x = new T[67];
        for (int i = 0; i < x.Length; i++)
        {
            if (i % 3 != 0) { x[i] = C(r.NextDouble() * 4 - 2); continue; }
            x[i] = typeof(T) == typeof(float)
                ? (T)(object)BitConverter.UInt32BitsToSingle(0x7F80_0000u | (uint)r.Next(1, 1 << 22) | (uint)(r.Next(2) << 22) | (uint)(r.Next(2) << 31))
                : (T)(object)BitConverter.UInt64BitsToDouble(0x7FF0_0000_0000_0000ul | (ulong)r.NextInt64(1, 1L << 51) | ((ulong)r.Next(2) << 51) | ((ulong)r.Next(2) << 63));
        }
        foreach (var w in OpRunner.VectorWidths)
        {
            var got = OpRunner.Unary<T, T, TanhOp<T>>(x, w);
            for (int i = 0; i < x.Length; i += 3)
            {
                T want = x[i] + x[i];
                Assert.That(Bits(got[i]), Is.EqualTo(Bits(want)), $"width {w}: tanh of NaN {Bits(x[i])}");
                Assert.That(Bits(TanhOp<T>.Invoke(x[i])), Is.EqualTo(Bits(want)), $"scalar tanh of NaN {Bits(x[i])}");
            }
        }

        static ulong Bits(T v) => typeof(T) == typeof(float) ? BitConverter.SingleToUInt32Bits((float)(object)v) : BitConverter.DoubleToUInt64Bits((double)(object)v);
    }

    [Test] public void Log10() => CheckUnary<Log10Op<T>>(Math.Log10, Inputs(typeof(T) == typeof(float) ? 37 : 300), 4);
    [Test] public void Log1p() => CheckUnary<Log1pOp<T>>(Log1pReference, Inputs(), 4);
    [Test] public void Tan() => CheckUnary<TanOp<T>>(Math.Tan, Inputs(4), 4);
    [Test] public void Tanh() => CheckUnary<TanhOp<T>>(Math.Tanh, Inputs(2), 4);

    /// <summary>exp(x) - 1: float64's own for float (exact enough), a 40-term series in pairs of doubles near 0 for double.</summary>
    private static double Expm1Reference(double x)
    {
        if (typeof(T) == typeof(float)) return Math.Abs(x) < 1e-5 ? x + x * x / 2 + x * x * x / 6 : Math.Exp(x) - 1;
        if (Math.Abs(x) > 0.7) return double.CreateTruncating(ScalarMath.ExpM1(x));
        // Sum the Taylor series with error-free transformations (TwoSum), so the reference is good to ~2^-100.
        double hi = 0, lo = 0, term = x;
        for (int k = 2; k < 45 && term != 0; k++)
        {
            double s = hi + term, bb = s - hi;
            lo += (hi - (s - bb)) + (term - bb);
            hi = s;
            term *= x / k;
        }
        return hi + lo;
    }

    /// <summary>log(1 + x): float64 for float; for double near 0 the atanh series summed in pairs of doubles.</summary>
    private static double Log1pReference(double x)
    {
        if (typeof(T) == typeof(float)) return Math.Abs(x) < 1e-4 ? x - x * x / 2 + x * x * x / 3 : Math.Log(1 + x);
        return double.CreateTruncating(ScalarMath.LogP1(x));
    }

    private static double ExactCbrt(double x) => typeof(T) == typeof(float) ? Math.Cbrt(x) : ExactMath.Cbrt(x);

    [Test]
    public void RemainderEqualsScalarBitForBit()
    {
        var sp = Specials();
        var xs = new List<T>();
        var ys = new List<T>();
        foreach (var a in sp) foreach (var b in sp) { xs.Add(a); ys.Add(b); }
        var wx = Wide(4000, 9, 30);
        var wy = Wide(4000, 10, 30);
        xs.AddRange(wx); ys.AddRange(wy);
        foreach (var w in OpRunner.VectorWidths)
        {
            var got = OpRunner.Binary<T, RemainderOp<T>>(xs.ToArray(), ys.ToArray(), w);
            for (int i = 0; i < xs.Count; i++)
                Assert.That(OpRunner.Identical(got[i], xs[i] % ys[i]), $"width {w}: {xs[i]:R} % {ys[i]:R} gave {got[i]:R}, want {xs[i] % ys[i]:R}");
        }
    }

    [Test]
    public void PowerSpecialsAsScalarAndWithinOneUlp()
    {
        var sp = Specials().Concat([C(-2), C(-3), C(0.25), C(-0.25)]).ToArray();
        var xs = new List<T>();
        var ys = new List<T>();
        foreach (var a in sp) foreach (var b in sp) { xs.Add(a); ys.Add(b); }
        var r = new Random(3);
        for (int i = 0; i < 3000; i++) { xs.Add(C(Math.Pow(10, r.NextDouble() * 8 - 4))); ys.Add(C(r.NextDouble() * 40 - 20)); }
        foreach (var w in OpRunner.VectorWidths)
        {
            var got = OpRunner.Binary<T, PowerOp<T>>(xs.ToArray(), ys.ToArray(), w);
            for (int i = 0; i < xs.Count; i++)
            {
                T scalar = PowerOp<T>.Invoke(xs[i], ys[i]);
                string at = $"width {w}: {xs[i]:R} ^ {ys[i]:R} gave {got[i]:R}, scalar {scalar:R}";
                bool special = !(xs[i] > T.Zero) || !T.IsFinite(xs[i]) || !T.IsFinite(ys[i]) || !T.IsFinite(scalar) || T.IsZero(scalar);
                if (special) Assert.That(OpRunner.Identical(got[i], scalar), at);
                else Assert.That(KernelHarness.Ulps(C(Math.Pow(double.CreateTruncating(xs[i]), double.CreateTruncating(ys[i]))), got[i]), Is.LessThanOrEqualTo(1), at);
            }
        }
    }
}

/// <summary>Integer Divide, Remainder, Power and the shifts vectorised for issue 12, against the scalar C# operators at every width.</summary>
[TestFixture(typeof(int))]
[TestFixture(typeof(uint))]
[TestFixture(typeof(long))]
[TestFixture(typeof(ulong))]
[TestFixture(typeof(short))]
[TestFixture(typeof(ushort))]
[TestFixture(typeof(sbyte))]
[TestFixture(typeof(byte))]
public class VectorisedIntegerOpsTests<T> where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
{
    private static readonly SimdWidth[] AllWidths = KernelHarness.Widths;

    internal static T[] Values(int n, int seed)
    {
        var r = new Random(seed);
        var v = new T[n];
        T[] edges = [T.MinValue, T.MaxValue, T.Zero, T.One, T.AllBitsSet, T.MinValue + T.One, T.MaxValue - T.One];
        for (int i = 0; i < n; i++)
            v[i] = i < edges.Length ? edges[i] : (i % 3) switch
            {
                0 => T.CreateTruncating(r.NextInt64()),
                1 => T.CreateTruncating(r.Next(-300, 300)),
                _ => T.CreateTruncating(r.Next()),
            };
        return v;
    }

    private static void Check<TOp>(T[] x, T[] y, Func<T, T, T> reference) where TOp : IBinaryOp<T, T>
    {
        foreach (var w in AllWidths)
        {
            var got = OpRunner.Binary<T, TOp>(x, y, w);
            for (int i = 0; i < x.Length; i++)
                Assert.That(got[i], Is.EqualTo(reference(x[i], y[i])), $"{typeof(TOp).Name} width {w}: x={x[i]} y={y[i]}");
        }
    }

    /// <summary>Divisors: the values with zeros made 1 and, for int/long, MinValue / -1 (which throws) avoided.</summary>
    private static (T[] X, T[] Y) DivisionOperands()
    {
        var x = Values(1500, 1);
        var y = Values(1500, 2);
        for (int i = 0; i < y.Length; i++)
        {
            if (y[i] == T.Zero) y[i] = T.One;
            if ((typeof(T) == typeof(int) || typeof(T) == typeof(long)) && x[i] == T.MinValue && y[i] == T.AllBitsSet) y[i] = T.One;
        }
        // Large uint32 operands (above int.MaxValue) where float64 lanes must still be exact.
        if (typeof(T) == typeof(uint)) { x[10] = T.CreateTruncating(4294967295u); y[10] = T.CreateTruncating(3u); x[11] = T.CreateTruncating(4000000000u); y[11] = T.CreateTruncating(4000000001u); }
        return (x, y);
    }

    [Test]
    public void DivideAndRemainder()
    {
        var (x, y) = DivisionOperands();
        Check<DivideOp<T>>(x, y, (a, b) => a / b);
        Check<RemainderOp<T>>(x, y, (a, b) => a % b);
    }

    [Test]
    public void DivisionByZeroThrowsAsScalar([Values(0, 1, 15, 16, 17, 63, 99)] int where)
    {
        var x = Values(100, 3);
        var y = Values(100, 4);
        for (int i = 0; i < y.Length; i++) if (y[i] == T.Zero) y[i] = T.One;
        y[where] = T.Zero;
        foreach (var w in AllWidths)
        {
            Assert.Throws<DivideByZeroException>(() => OpRunner.Binary<T, DivideOp<T>>(x, y, w), $"Divide width {w}");
            Assert.Throws<DivideByZeroException>(() => OpRunner.Binary<T, RemainderOp<T>>(x, y, w), $"Remainder width {w}");
        }
    }

    [Test]
    public void MinValueByMinusOneAsScalar()
    {
        if (!SimdTypes.IsSignedInteger<T>()) Assert.Ignore("signed types only");
        var x = Enumerable.Repeat(T.MinValue, 40).ToArray();
        var y = Enumerable.Repeat(T.AllBitsSet, 40).ToArray();
        bool throws = typeof(T) == typeof(int) || typeof(T) == typeof(long); // narrower types promote to int and wrap
        foreach (var w in AllWidths)
        {
            if (throws)
            {
                Assert.Throws<OverflowException>(() => OpRunner.Binary<T, DivideOp<T>>(x, y, w), $"Divide width {w}");
                Assert.Throws<OverflowException>(() => OpRunner.Binary<T, RemainderOp<T>>(x, y, w), $"Remainder width {w}");
            }
            else
            {
                Check<DivideOp<T>>(x, y, (a, b) => a / b);
                Check<RemainderOp<T>>(x, y, (a, b) => a % b);
            }
        }
    }

    [Test]
    public void ShiftsMaskTheCountAsCSharp()
    {
        var x = Values(1200, 5);
        var r = new Random(6);
        var counts = x.Select(_ => T.CreateTruncating(r.Next(-70, 71))).ToArray();
        Check<LeftShiftOp<T>>(x, counts, (a, b) => a << int.CreateTruncating(b));
        Check<RightShiftOp<T>>(x, counts, (a, b) => a >> int.CreateTruncating(b));
    }

    [Test]
    public void PowerWrapsAndHandlesNegativeExponentsAsScalar()
    {
        var r = new Random(8);
        bool signed = SimdTypes.IsSignedInteger<T>();
        var x = Enumerable.Range(0, 1000).Select(i => T.CreateTruncating(signed ? r.Next(-6, 7) : r.Next(0, 13))).ToArray();
        var y = Enumerable.Range(0, 1000).Select(i => T.CreateTruncating(signed ? r.Next(-4, 70) : r.Next(0, 70))).ToArray();
        for (int i = 0; i < x.Length; i++) if (x[i] == T.Zero && y[i] < T.Zero) y[i] = T.One;
        Check<PowerOp<T>>(x, y, PowerOp<T>.Invoke);
        if (!signed) return;
        x[517] = T.Zero;
        y[517] = T.AllBitsSet;
        foreach (var w in AllWidths)
            Assert.Throws<DivideByZeroException>(() => OpRunner.Binary<T, PowerOp<T>>(x, y, w), $"width {w}");
    }
}

/// <summary>The vector folds of Any/All/CountNonZero against the scalar operator structs, NaN and -0.0 included.</summary>
[TestFixture(typeof(float))]
[TestFixture(typeof(double))]
[TestFixture(typeof(int))]
[TestFixture(typeof(byte))]
[TestFixture(typeof(long))]
public unsafe class NonZeroRowsTests<T> where T : unmanaged, INumber<T>
{
    private static T[] Row(int n, int seed, double zeroShare)
    {
        var r = new Random(seed);
        var v = new T[n];
        for (int i = 0; i < n; i++)
        {
            double u = r.NextDouble();
            v[i] = u < zeroShare ? (SimdTypes.IsFloat<T>() && r.Next(2) == 0 ? -T.Zero : T.Zero)
                : SimdTypes.IsFloat<T>() && u > 0.97 ? T.CreateTruncating(double.NaN) : T.CreateTruncating(r.Next(1, 100));
        }
        return v;
    }

    [Test]
    public void MatchesTheScalarFolds([Values(0, 1, 7, 63, 64, 65, 1000)] int n, [Values(0.0, 0.3, 1.0)] double zeroShare)
    {
        var row = Row(n, n + (int)(zeroShare * 10), zeroShare);
        long count = 0;
        bool any = false, all = true;
        foreach (var v in row) { count = CountNonZeroOp<T>.Invoke(count, v); any = AnyOp<T>.Invoke(any, v); all = AllOp<T>.Invoke(all, v); }
        fixed (T* p = row)
        {
            Assert.That(NonZeroRows.Count<T, Vec128<T>>(p, n), Is.EqualTo(count), "Count 128");
            Assert.That(NonZeroRows.Count<T, Vec256<T>>(p, n), Is.EqualTo(count), "Count 256");
            Assert.That(NonZeroRows.Count<T, Vec512<T>>(p, n), Is.EqualTo(count), "Count 512");
            Assert.That(NonZeroRows.Any<T, Vec128<T>>(p, n) && NonZeroRows.Any<T, Vec256<T>>(p, n) && NonZeroRows.Any<T, Vec512<T>>(p, n), Is.EqualTo(any), "Any");
            Assert.That(NonZeroRows.Any<T, Vec128<T>>(p, n) || NonZeroRows.Any<T, Vec256<T>>(p, n) || NonZeroRows.Any<T, Vec512<T>>(p, n), Is.EqualTo(any), "Any");
            Assert.That(NonZeroRows.All<T, Vec128<T>>(p, n) && NonZeroRows.All<T, Vec256<T>>(p, n) && NonZeroRows.All<T, Vec512<T>>(p, n), Is.EqualTo(all), "All");
            Assert.That(NonZeroRows.All<T, Vec128<T>>(p, n) || NonZeroRows.All<T, Vec256<T>>(p, n) || NonZeroRows.All<T, Vec512<T>>(p, n), Is.EqualTo(all), "All");
        }
    }
}

/// <summary>Correctly rounded references where System.Math is not (Math.Cbrt is off by up to ~2 ulp).</summary>
internal static class ExactMath
{
    /// <summary>Correctly rounded cube root (integer cube root of the scaled significand, rounded to nearest).</summary>
    public static double Cbrt(double x)
    {
        if (x == 0 || !double.IsFinite(x)) return Math.Cbrt(x);
        long bits = BitConverter.DoubleToInt64Bits(Math.Abs(x));
        int exp = (int)(bits >> 52);
        long mant = bits & ((1L << 52) - 1);
        if (exp == 0) exp = 1; else mant |= 1L << 52;
        int e = exp - 1075; // |x| = mant · 2^e
        int s = (int)Math.Ceiling((240.0 - e) / 3); // N = mant · 2^(e + 3s) has ~290 bits, its cube root ~97
        var n = new BigInteger(mant) << (e + 3 * s);
        var root = IntegerCbrt(n);
        bool exact = root * root * root == n;
        int extra = (int)root.GetBitLength() - 53;
        var q = root >> extra;
        var rem = root - (q << extra);
        var half = BigInteger.One << (extra - 1);
        if (rem > half || (rem == half && (!exact || !q.IsEven))) q += 1;
        return Math.CopySign(Math.ScaleB((double)(long)q, extra - s), x);
    }

    public static BigInteger IntegerCbrt(BigInteger n)
    {
        var r = BigInteger.One << (int)((n.GetBitLength() + 2) / 3);
        while (true)
        {
            var next = (2 * r + n / (r * r)) / 3;
            if (next >= r) break;
            r = next;
        }
        while (r * r * r > n) r -= 1;
        while ((r + 1) * (r + 1) * (r + 1) <= n) r += 1;
        return r;
    }

}

/// <summary>
/// float32 Exp (its own float-lane kernel, issue 12): within the README's bound against the float64 exp over 10⁶ uniform
/// arguments of the whole finite range, the same bits at every width.
/// </summary>
public class ExpSingleTests
{
    [Test]
    public void WithinTheDocumentedBound()
    {
        var r = new Random(21);
        float[] x = new float[1_000_000];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(-104 + 193 * r.NextDouble());
        CheckEveryWidthAgainstFloat64(x, "uniform arguments");
    }

    /// <summary>
    /// Every float32 within ½ of the four thresholds of the vector form (−103.97: 0 or the first subnormal; −87.3: the
    /// last normal results; 88.72: the last finite value or +inf; the core's range end 88): the result on the right side
    /// of each, within the bound where finite, the same bits at every width. These lanes are computed in vector form at
    /// every width (until session 33 those in [−104, −103.9) and (88.7, 89] went to the scalar Exp).
    /// </summary>
    [Test]
    public void EveryArgumentNextToTheThresholds()
    {
        var args = new List<float>();
        foreach (var (lo, hi) in new[] { (-104.5f, -103.5f), (-87.8f, -86.8f), (87.5f, 88.5f), (88.5f, 89.5f) })
            for (float v = lo; v < hi; v = MathF.BitIncrement(v)) args.Add(v);
        CheckEveryWidthAgainstFloat64(args.ToArray(), "arguments next to the thresholds");
    }

    /// <summary>
    /// Exp of <paramref name="x"/> at 128 bits against the float64 exp: 0 and +inf exactly where it rounds to them,
    /// finite and nonzero elsewhere and within <see cref="Bound"/>; then every other width bit for bit against 128 bits.
    /// </summary>
    private static void CheckEveryWidthAgainstFloat64(float[] x, string what)
    {
        float[] first = OpRunner.Unary<float, float, ExpOp<float>>(x, SimdWidth.W128);
        double worst = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double want = Math.Exp(x[i]);
            float rounded = (float)want;
            string at = $"Exp({x[i]:R}) = {first[i]:R}, float64 {want:R}";
            if (rounded == 0 || float.IsInfinity(rounded)) { Assert.That(OpRunner.Identical(first[i], rounded), at); continue; }
            Assert.That(first[i] != 0 && float.IsFinite(first[i]), at);
            double e = Math.Abs(first[i] - want) / (MathF.BitIncrement(rounded) - rounded);
            worst = Math.Max(worst, e);
            Assert.That(e, Is.LessThanOrEqualTo(Bound), at);
        }
        TestContext.Out.WriteLine($"Exp float32, {what}: worst {worst:F6} ulp over {x.Length} arguments");
        foreach (var w in OpRunner.VectorWidths.Skip(1))
        {
            float[] got = OpRunner.Unary<float, float, ExpOp<float>>(x, w);
            for (int i = 0; i < x.Length; i++) Assert.That(OpRunner.Identical(got[i], first[i]), $"Exp({x[i]:R}) width {w}: {got[i]:R} vs width 128's {first[i]:R}");
        }
    }

    /// <summary>The README's float32 Exp bound in fractional ulps against the float64 exp.</summary>
    private const double Bound = 1.5;
}

/// <summary>
/// Cbrt (bit split + Newton, no exp/log) over millions of float32 and many float64 arguments drawn from every
/// exponent, subnormals included: within the README's bound, the same bits at every width and on the scalar path.
/// </summary>
public class CbrtDenseTests
{
    /// <summary>Random bit patterns over all finite magnitudes of both signs, plus every power of two (subnormal ones too).</summary>
    private static float[] SingleArguments(int n)
    {
        var r = new Random(12);
        var v = new List<float>(n + 600);
        for (int e = -149; e <= 127; e++) { v.Add(MathF.ScaleB(1, e)); v.Add(-MathF.ScaleB(1, e)); v.Add(MathF.BitDecrement(MathF.ScaleB(1, e))); }
        while (v.Count < n)
        {
            float f = BitConverter.Int32BitsToSingle(r.Next() | (r.Next(2) << 31));
            if (float.IsFinite(f)) v.Add(f);
        }
        return v.ToArray();
    }

    private static double[] DoubleArguments(int n)
    {
        var r = new Random(13);
        var v = new List<double>(n + 7000);
        for (int e = -1074; e <= 1023; e++) { v.Add(Math.ScaleB(1, e)); v.Add(-Math.BitDecrement(Math.ScaleB(1, e))); }
        while (v.Count < n)
        {
            double d = BitConverter.Int64BitsToDouble(r.NextInt64() | (r.Next(2) == 0 ? 0 : long.MinValue));
            if (double.IsFinite(d)) v.Add(d);
        }
        return v.ToArray();
    }

    private static void SameEverywhere<T>(T[] x, T[] first) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var w in OpRunner.VectorWidths.Skip(1))
        {
            var got = OpRunner.Unary<T, T, CbrtOp<T>>(x, w);
            for (int i = 0; i < x.Length; i++) Assert.That(OpRunner.Identical(got[i], first[i]), $"Cbrt({x[i]:R}) width {w}: {got[i]:R} vs width 128's {first[i]:R}");
        }
        for (int i = 0; i < x.Length; i += 97)
            Assert.That(OpRunner.Identical(CbrtOp<T>.Invoke(x[i]), first[i]), $"Cbrt({x[i]:R}) scalar path");
    }

    /// <summary>|got − want| in ulps of the float32 nearest <paramref name="want"/>.</summary>
    private static double SingleUlps(float got, double want)
    {
        float r = MathF.Abs((float)want);
        return Math.Abs(got - want) / (MathF.BitIncrement(r) - r);
    }

    [Test]
    public void SingleWithinHalfUlpPlusTwoToMinus20()
    {
        float[] x = SingleArguments(2_000_000);
        float[] got = OpRunner.Unary<float, float, CbrtOp<float>>(x, SimdWidth.W128);
        double worst = 0;
        int rounded = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double want = Math.Cbrt(x[i]);
            float r = (float)want;
            double e = SingleUlps(got[i], want);
            worst = Math.Max(worst, e);
            if (got[i] == r) rounded++;
            Assert.That(e, Is.LessThanOrEqualTo(0.5 + 1.0 / (1 << 20)), $"Cbrt({x[i]:R}) = {got[i]:R}, float64 {want:R}");
            Assert.That(MathF.Sign(got[i]), Is.EqualTo(MathF.Sign(x[i])));
        }
        TestContext.Out.WriteLine($"Cbrt float32: worst {worst:F9} ulp over {x.Length} arguments; {rounded} equal to the rounded float64 root");
        SameEverywhere(x, got);
    }

    /// <summary>
    /// Every float32 in [1, 8): every mantissa with each remainder of the exponent mod 3. The float32 core depends on
    /// nothing else (the exponent's multiple of 3 scales the root exactly, subnormals are scaled into this form first),
    /// so this covers every finite float32: within the bound, the same bits at every width.
    /// </summary>
    [Test]
    public void SingleEveryMantissaOfEachExponentClassWithinBound()
    {
        int n = 3 << 23;
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = BitConverter.Int32BitsToSingle((127 << 23) + i);
        float[] got = OpRunner.Unary<float, float, CbrtOp<float>>(x, SimdWidth.W512);
        double worst = 0;
        for (int i = 0; i < n; i++)
        {
            double e = SingleUlps(got[i], Math.Cbrt(x[i]));
            if (e > worst) worst = e;
            if (e > 0.5 + 1.0 / (1 << 20)) Assert.Fail($"Cbrt({x[i]:R}) = {got[i]:R}, float64 {Math.Cbrt(x[i]):R}: {e:F9} ulp");
        }
        TestContext.Out.WriteLine($"Cbrt float32 over [1, 8): worst {worst:F9} ulp over {n} arguments");
        foreach (var w in OpRunner.VectorWidths)
        {
            if (w == SimdWidth.W512) continue;
            float[] other = OpRunner.Unary<float, float, CbrtOp<float>>(x, w);
            for (int i = 0; i < n; i++)
                if (BitConverter.SingleToInt32Bits(other[i]) != BitConverter.SingleToInt32Bits(got[i]))
                    Assert.Fail($"Cbrt({x[i]:R}) width {w}: {other[i]:R} vs width 512's {got[i]:R}");
        }
    }

    [Test]
    public void DoubleWithinOneUlpOfTheCorrectlyRoundedRoot()
    {
        double[] x = DoubleArguments(60_000);
        double[] got = OpRunner.Unary<double, double, CbrtOp<double>>(x, SimdWidth.W128);
        int exact = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double want = ExactMath.Cbrt(x[i]);
            if (got[i] == want) { exact++; continue; }
            Assert.That(got[i], Is.EqualTo(Math.BitIncrement(want)).Or.EqualTo(Math.BitDecrement(want)), $"Cbrt({x[i]:R}) = {got[i]:R}, correctly rounded {want:R}");
        }
        TestContext.Out.WriteLine($"Cbrt float64: {exact} of {x.Length} correctly rounded, the rest within 1 ulp");
        SameEverywhere(x, got);
    }

    [Test]
    public void SpecialsReturnTheArgument()
    {
        foreach (var v in new[] { 0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN })
        {
            double[] d = OpRunner.Unary<double, double, CbrtOp<double>>([v], SimdWidth.W512);
            float[] f = OpRunner.Unary<float, float, CbrtOp<float>>([(float)v], SimdWidth.W256);
            Assert.That(OpRunner.Identical(d[0], Math.Cbrt(v)) && OpRunner.Identical(f[0], MathF.Cbrt((float)v)), $"Cbrt({v})");
        }
    }
}

/// <summary>
/// The MinValue / −1 check of int and long Divide/Remainder is per lane (the narrower types wrap, as C#): MinValue
/// dividends and −1 divisors in different lanes divide, one lane with both throws, at every width.
/// </summary>
[TestFixture(typeof(int))]
[TestFixture(typeof(long))]
public class IntegerDivisionOverflowLaneTests<T> where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
{
    [Test]
    public void MinValueAndMinusOneInDifferentLanesDivideAndOneLaneWithBothThrows([Values(0, 1, 15, 16, 17, 63)] int where)
    {
        // MinValue dividends and -1 divisors next to each other, never in the same lane: every lane divides as the
        // scalar operator; then one lane with both: the call throws, at every width.
        var x = VectorisedIntegerOpsTests<T>.Values(70, 5);
        var y = VectorisedIntegerOpsTests<T>.Values(70, 6);
        for (int i = 0; i < y.Length; i++) if (y[i] == T.Zero) y[i] = T.One;
        for (int i = 0; i < x.Length; i++)
        {
            if (i % 2 == 0) { x[i] = T.MinValue; if (y[i] == T.AllBitsSet) y[i] = T.One + T.One; }
            else { y[i] = T.AllBitsSet; if (x[i] == T.MinValue) x[i] = T.MinValue + T.One; }
        }
        foreach (var w in KernelHarness.Widths)
        {
            var q = OpRunner.Binary<T, DivideOp<T>>(x, y, w);
            var r = OpRunner.Binary<T, RemainderOp<T>>(x, y, w);
            for (int i = 0; i < x.Length; i++)
            {
                Assert.That(q[i], Is.EqualTo(x[i] / y[i]), $"Divide width {w} lane {i}");
                Assert.That(r[i], Is.EqualTo(x[i] % y[i]), $"Remainder width {w} lane {i}");
            }
        }
        x[where] = T.MinValue;
        y[where] = T.AllBitsSet;
        foreach (var w in KernelHarness.Widths)
        {
            Assert.Throws<OverflowException>(() => OpRunner.Binary<T, DivideOp<T>>(x, y, w), $"Divide width {w}");
            Assert.Throws<OverflowException>(() => OpRunner.Binary<T, RemainderOp<T>>(x, y, w), $"Remainder width {w}");
        }
    }
}
