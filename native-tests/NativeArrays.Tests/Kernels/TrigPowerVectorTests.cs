using System.Numerics;
using NativeArrays.Kernels;

namespace NativeArrays.Tests.Kernels;

/// <summary>
/// The vector Tan, Atan2 (float32/float64) and float64 Power (issue 12): special values bit for bit as the scalar
/// functions (Math.Tan / Math.Atan2 / Math.Pow semantics), wide random arguments within the README's ulp bounds, and
/// the same bits at every vector width. Errors are measured in ulps of the result type against a float64 reference
/// for float32 (fractional: |got − ref| / ulp) and against glibc's Math functions for float64.
/// </summary>
[TestFixture(typeof(float))]
[TestFixture(typeof(double))]
public class TrigPowerVectorTests<T> where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
{
    private static bool Single => typeof(T) == typeof(float);
    private static T C(double v) => T.CreateTruncating(v);
    private static double D(T v) => double.CreateTruncating(v);

    /// <summary>The README bounds (ulp).</summary>
    private static double TanBound => Single ? 2.5 : 2;
    private static double Atan2Bound => Single ? 2 : 1;
    private static double SinCosBound => Single ? 1.5 : 1;
    private const double PowerBound = 1;

    /// <summary>Error of <paramref name="got"/> against the float64 <paramref name="reference"/>, in ulps of T at the reference.</summary>
    private static double Ulps(T got, double reference)
    {
        if (!Single) return KernelHarness.Ulps(C(reference), got);
        float r = (float)reference;
        float ulp = MathF.BitIncrement(MathF.Abs(r)) - MathF.Abs(r);
        return Math.Abs(D(got) - reference) / Math.Max(ulp, float.Epsilon);
    }

    private static T[] Specials()
    {
        T minNormal = Single ? C(1.1754943508222875e-38) : C(2.2250738585072014e-308);
        return [T.NaN, T.PositiveInfinity, T.NegativeInfinity, T.Zero, T.NegativeZero, T.Epsilon, -T.Epsilon, minNormal, -minNormal,
            T.MaxValue, T.MinValue, T.One, -T.One, C(2), C(-2), C(0.5), C(-0.5), C(3), C(-3), C(10), C(0.1), C(1e-10), C(-1e-10), C(1e10), C(-1e10),
            C(1e30), C(-1e30), C(1.5707963267948966), C(-1.5707963267948966), C(3.141592653589793), C(0.7853981633974483), C(65536), C(65537), C(1e8)];
    }

    private static T Magnitude(Random r, double maxExponent) =>
        C((r.Next(2) == 0 ? -1 : 1) * Math.Pow(10, (r.NextDouble() * 2 - 1) * maxExponent));

    /// <summary>Runs the op at every vector width; asserts the widths agree bit for bit; returns the 128-bit result.</summary>
    private static T[] AllWidthsAgree(Func<SimdWidth, T[]> run, Func<int, string> describe)
    {
        T[]? first = null;
        foreach (var w in OpRunner.VectorWidths)
        {
            var got = run(w);
            if (first != null)
                for (int i = 0; i < got.Length; i++)
                    Assert.That(OpRunner.Identical(got[i], first[i]), $"width {w}, {describe(i)}: {got[i]:R} differs from width 128's {first[i]:R}");
            first ??= got;
        }
        return first!;
    }

    /// <summary>c, its two neighbours and −c: the arguments around a point where a reduction must keep its bits.</summary>
    private static void AddAround(List<T> xs, T c) => xs.AddRange([c, T.BitIncrement(c), T.BitDecrement(c), -c]);

    [Test]
    public void TanSpecialsAsScalarWideAndNearPolesWithinBound()
    {
        var r = new Random(12);
        var xs = new List<T>(Specials());
        for (int i = 0; i < 3000; i++) xs.Add(Magnitude(r, Single ? 4.8 : 7.8));
        for (int i = 0; i < 3000; i++) xs.Add(C((r.NextDouble() * 2 - 1) * 4));
        // Next to multiples of π/2 (poles for odd k, zeros for even k), where the reduction must keep its bits.
        for (int i = 0; i < 600; i++)
        {
            T near = C(r.Next(1, Single ? 40000 : 40_000_000) * Math.PI / 2);
            AddAround(xs, near);
        }
        var x = xs.ToArray();
        var got = AllWidthsAgree(w => OpRunner.Unary<T, T, TanOp<T>>(x, w), i => $"tan({x[i]:R})");
        double worst = 0;
        for (int i = 0; i < x.Length; i++)
        {
            T scalar = T.Tan(x[i]);
            string at = $"tan({x[i]:R}) = {got[i]:R}, scalar {scalar:R}";
            if (!T.IsFinite(x[i]) || T.IsZero(x[i]) || T.Abs(x[i]) > C(1e8)) { Assert.That(OpRunner.Identical(got[i], scalar), at); continue; }
            double e = Ulps(got[i], Math.Tan(D(x[i])));
            worst = Math.Max(worst, e);
            Assert.That(e, Is.LessThanOrEqualTo(TanBound), at);
        }
        TestContext.Out.WriteLine($"Tan {typeof(T).Name}: worst {worst:F3} ulp over {x.Length} arguments");
    }

    /// <summary>
    /// Sin and Cos (own lane-by-lane cores since the runtime's vector forms were a call per vector): specials and lanes
    /// beyond the reduction's range as the scalar functions, wide and small arguments and the neighbours of multiples
    /// of π/2 and π/4 (where sin and cos swap polynomials and where one of them is near 0) within the bound, the same
    /// bits at every width.
    /// </summary>
    [Test]
    public void SinCosSpecialsAsScalarWideAndNearMultiplesOfHalfPiWithinBound()
    {
        var r = new Random(14);
        var xs = new List<T>(Specials());
        for (int i = 0; i < 4000; i++) xs.Add(Magnitude(r, Single ? 4.8 : 7.8));
        for (int i = 0; i < 4000; i++) xs.Add(C((r.NextDouble() * 2 - 1) * 7));
        for (int i = 0; i < 1000; i++) xs.Add(C(Math.Pow(10, -r.NextDouble() * (Single ? 30 : 300))));
        for (int i = 0; i < 800; i++)
        {
            T near = C(r.Next(1, Single ? 40000 : 40_000_000) * Math.PI / 2);
            T mid = C((r.Next(0, Single ? 40000 : 40_000_000) + 0.5) * Math.PI / 2);
            AddAround(xs, near);
            AddAround(xs, mid);
        }
        foreach (double b in new[] { 65536.0, 67108864.0 }) AddAround(xs, C(b));
        var x = xs.ToArray();
        foreach (bool cosine in new[] { false, true })
        {
            string name = cosine ? "cos" : "sin";
            var got = AllWidthsAgree(w => cosine ? OpRunner.Unary<T, T, CosOp<T>>(x, w) : OpRunner.Unary<T, T, SinOp<T>>(x, w), i => $"{name}({x[i]:R})");
            double worst = 0;
            for (int i = 0; i < x.Length; i++)
            {
                T scalar = cosine ? T.Cos(x[i]) : T.Sin(x[i]);
                string at = $"{name}({x[i]:R}) = {got[i]:R}, scalar {scalar:R}";
                if (!T.IsFinite(x[i]) || T.Abs(x[i]) > C(Single ? 65536 : 67108864)) { Assert.That(OpRunner.Identical(got[i], scalar), at); continue; }
                if (T.IsZero(x[i])) { Assert.That(OpRunner.Identical(got[i], scalar), at); continue; } // sin ±0 = ±0, cos ±0 = 1
                double e = Ulps(got[i], cosine ? Math.Cos(D(x[i])) : Math.Sin(D(x[i])));
                worst = Math.Max(worst, e);
                Assert.That(e, Is.LessThanOrEqualTo(SinCosBound), at);
            }
            TestContext.Out.WriteLine($"{name} {typeof(T).Name}: worst {worst:F3} ulp over {x.Length} arguments");
        }
    }

    [Test]
    public void Atan2SpecialsAsScalarQuadrantsAndWideWithinBound()
    {
        var sp = Specials();
        var ys = new List<T>();
        var xs = new List<T>();
        foreach (var a in sp) foreach (var b in sp) { ys.Add(a); xs.Add(b); }
        var r = new Random(21);
        for (int i = 0; i < 4000; i++) { ys.Add(Magnitude(r, Single ? 30 : 300)); xs.Add(Magnitude(r, Single ? 30 : 300)); }
        for (int i = 0; i < 4000; i++) { ys.Add(Magnitude(r, 2)); xs.Add(Magnitude(r, 2)); }
        // Ratios around the reduction thresholds (tan π/8, 0.66), 1 and tiny, in all four quadrants.
        foreach (double ratio in new[] { 0.41421356237309503, 0.66, 1, 1e-9, 0.999999, 2.414213562373095 })
            for (int i = 0; i < 200; i++)
            {
                double b = Math.Pow(10, r.NextDouble() * 4 - 2), a = b * ratio * (1 + (r.NextDouble() - 0.5) * 1e-5);
                ys.Add(C(i % 2 == 0 ? a : -a)); xs.Add(C(i % 4 < 2 ? b : -b));
            }
        double worst = AssertAtan2(ys.ToArray(), xs.ToArray(), (y, x) => !T.IsFinite(x) || !T.IsFinite(y) || T.IsZero(x) || T.IsZero(y));
        TestContext.Out.WriteLine($"Atan2 {typeof(T).Name}: worst {worst:F3} ulp over {xs.Count} pairs");
    }

    /// <summary>
    /// Runs Atan2 over the pairs at every width (the widths agree bit for bit); lanes <paramref name="scalarLane"/> picks
    /// must equal the scalar <c>Atan2</c> bit for bit, the others be within the bound. Returns the worst error in ulps.
    /// </summary>
    private static double AssertAtan2(T[] y, T[] x, Func<T, T, bool> scalarLane)
    {
        var got = AllWidthsAgree(w => OpRunner.Binary<T, Atan2Op<T>>(y, x, w), i => $"atan2({y[i]:R}, {x[i]:R})");
        double worst = 0;
        for (int i = 0; i < x.Length; i++)
        {
            T scalar = T.Atan2(y[i], x[i]);
            string at = $"atan2({y[i]:R}, {x[i]:R}) = {got[i]:R}, scalar {scalar:R}";
            if (scalarLane(y[i], x[i])) { Assert.That(OpRunner.Identical(got[i], scalar), at); continue; }
            double e = Ulps(got[i], Math.Atan2(D(y[i]), D(x[i])));
            worst = Math.Max(worst, e);
            Assert.That(e, Is.LessThanOrEqualTo(Atan2Bound), at);
        }
        return worst;
    }

    /// <summary>
    /// The vector form's own limits (the larger magnitude below 2^-100 / 2^-1000 or from 2^125 / 2^1021 on goes to the
    /// scalar Atan2) and a NaN in one operand only, each beside ordinary lanes in the same vector, in all four
    /// quadrants and with either operand the larger: within the bound at every width (the lanes past the limits are
    /// the scalar function's, bit for bit).
    /// </summary>
    [Test]
    public void Atan2AtTheVectorLimitsAndOneSidedNaN()
    {
        T huge = C(Single ? 4.2535295865117308e+37 : 2.247116418577895e+307); // 2^125 / 2^1021
        T tiny = C(Single ? 7.888609052210118e-31 : 9.332636185032189e-302); // 2^-100 / 2^-1000
        var ys = new List<T>();
        var xs = new List<T>();
        var r = new Random(38);
        foreach (T limit in new[] { huge, tiny })
            foreach (T big in new[] { limit, T.BitIncrement(limit), T.BitDecrement(limit) })
                foreach (double ratio in new[] { 1, 0.5, 0.41421356237309503, 1e-3, 0 })
                    for (int q = 0; q < 4; q++)
                    {
                        T small = big * C(ratio);
                        (T a, T b) = q % 2 == 0 ? (big, small) : (small, big);
                        ys.Add(q < 2 ? a : -a); xs.Add(q == 1 || q == 2 ? -b : b);
                        ys.Add(C(r.NextDouble() + 0.5)); xs.Add(C(r.NextDouble() - 0.5)); // an ordinary lane beside it
                    }
        foreach (T v in new[] { T.One, -T.One, C(1e-3), huge, tiny, T.Zero })
        {
            ys.Add(T.NaN); xs.Add(v);
            ys.Add(v); xs.Add(T.NaN);
            ys.Add(C(0.75)); xs.Add(C(-1.25));
        }
        AssertAtan2(ys.ToArray(), xs.ToArray(), (y, x) =>
        {
            T larger = T.Max(T.Abs(y), T.Abs(x));
            return T.IsNaN(y) || T.IsNaN(x) || larger < tiny || larger >= huge;
        });
    }

    [Test]
    public void PowerDoubleSpecialsExactCasesAndWideWithinBound()
    {
        if (Single) Assert.Ignore("float32 Power is covered by VectorisedFloatOpsTests");
        var sp = Specials().Concat([C(-0.25), C(0.25), C(4), C(1.0000000001), C(0.9999999999), C(-1.5), C(1e300), C(1e-300), C(700), C(-750)]).ToArray();
        var xs = new List<double>();
        var ys = new List<double>();
        foreach (var a in sp) foreach (var b in sp) { xs.Add(D(a)); ys.Add(D(b)); }
        var r = new Random(33);
        for (int i = 0; i < 3000; i++) { xs.Add(Math.Pow(10, r.NextDouble() * 8 - 4)); ys.Add(r.NextDouble() * 40 - 20); }
        for (int i = 0; i < 3000; i++) // negative bases: integer y (odd and even, up to overflow and underflow) and fractional y (NaN)
        {
            xs.Add(-Math.Pow(10, r.NextDouble() * (Single ? 8 : 40) - (Single ? 4 : 20)));
            ys.Add(r.Next(3) == 0 ? r.NextDouble() * 20 - 10 : r.Next(-400, 401));
        }
        for (int i = 0; i < 3000; i++)
        {
            // Wide bases with y·ln x spread over ±700 (the largest results the vector form computes itself).
            double b = Math.Pow(10, r.NextDouble() * 600 - 300);
            xs.Add(b); ys.Add((r.NextDouble() * 2 - 1) * 700 / Math.Log(b));
        }
        for (int i = 0; i < 500; i++) { xs.Add(1 + (r.NextDouble() - 0.5) * 1e-9); ys.Add((r.NextDouble() - 0.5) * 1e11); }
        // Bases next to the mantissa split at √2 (and √½) and next to powers of two, with y·ln x within ±650.
        for (int e = -60; e <= 60; e += 3)
            foreach (double c in new[] { Math.ScaleB(Math.Sqrt(2), e), Math.ScaleB(Math.Sqrt(0.5), e), Math.ScaleB(1, e) })
            {
                double t = c;
                for (int k = 0; k < 4; k++) t = Math.BitDecrement(t);
                for (int k = 0; k < 9; k++, t = Math.BitIncrement(t))
                {
                    double l = Math.Abs(Math.Log(t));
                    xs.Add(t); ys.Add((r.NextDouble() * 2 - 1) * (l < 1e-9 ? 1e9 : 650 / l));
                }
            }
        for (int b = 2; b <= 12; b++) for (int k = -20; k <= 30; k++) { xs.Add(b); ys.Add(k); } // exact powers stay exact
        var x = xs.Select(C).ToArray();
        var y = ys.Select(C).ToArray();
        var got = AllWidthsAgree(w => OpRunner.Binary<T, PowerOp<T>>(x, y, w), i => $"{x[i]:R} ^ {y[i]:R}");
        double worst = 0;
        for (int i = 0; i < x.Length; i++)
        {
            T want = C(Math.Pow(xs[i], ys[i]));
            string at = $"{x[i]:R} ^ {y[i]:R} = {got[i]:R}, Math.Pow {want:R}";
            // A negative base with an integer exponent is computed by the vector form (|x|^y, signed): the same bound as a
            // positive base, and exact for powers of two; with any other exponent it is NaN, as Math.Pow.
            if (xs[i] == 0 || xs[i] < 0 && !double.IsInteger(ys[i]) || !double.IsFinite(xs[i]) || !double.IsFinite(ys[i]) || !T.IsNormal(want) || Math.Abs(xs[i]) == 1 || ys[i] == 0
                || T.IsInteger(y[i]) && T.IsInteger(T.Log2(T.Abs(x[i]))) && T.Abs(y[i]) < C(64))
            {
                Assert.That(OpRunner.Identical(got[i], want), at);
                continue;
            }
            double e = KernelHarness.Ulps(want, got[i]);
            worst = Math.Max(worst, e);
            Assert.That(e, Is.LessThanOrEqualTo(PowerBound), at);
        }
        // Integer powers whose value is a float64 (non-negative exponents below 2^53) come out exact, as Math.Pow's.
        int exact = 0;
        for (int i = xs.Count - 11 * 51; i < xs.Count; i++)
        {
            double want = Math.Pow(xs[i], ys[i]);
            if (ys[i] < 0 || want >= 9007199254740992.0) continue;
            exact++;
            Assert.That(OpRunner.Identical(got[i], C(want)), $"{xs[i]} ^ {ys[i]} = {got[i]:R}, exactly {want:R}");
        }
        TestContext.Out.WriteLine($"Power float64: worst {worst:F3} ulp over {x.Length} pairs; {exact} exact integer powers exact");
    }
}

/// <summary>
/// The float32 Exp2, Expm1, Tanh, Log, Log10, Log1p and Cbrt evaluated in float32 lanes (own exp/log cores): error in
/// ulps (fractional) against the float64 function of the same float32 argument, over wide random arguments, within
/// the README's bounds, the same bits at every width, and special lanes as the scalar function.
/// </summary>
public class SingleCoreVectorTests
{
    private static double Ulps(float got, double reference)
    {
        float r = (float)reference;
        float ulp = MathF.BitIncrement(MathF.Abs(r)) - MathF.Abs(r);
        return Math.Abs(got - reference) / Math.Max(ulp, float.Epsilon);
    }

    private static float[] Arguments(int seed, double lo, double hi, bool logScale)
    {
        var r = new Random(seed);
        var v = new List<float> { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, float.Epsilon, -float.Epsilon, 1.1754944e-38f,
            float.MaxValue, float.MinValue, 1, -1, 0.5f, 2, 126, -126, 127, -150, 88, 88.5f, -87.5f, -100, 1e-7f, -1e-7f, 10, 10.5f, -0.99999994f };
        for (int i = 0; i < 6000; i++)
        {
            double u = r.NextDouble();
            v.Add(logScale ? (float)((r.Next(2) == 0 ? -1 : 1) * Math.Pow(10, lo + u * (hi - lo))) : (float)(lo + u * (hi - lo)));
        }
        return v.ToArray();
    }

    private static void Check<TOp>(string name, Func<double, double> reference, float[] x, double bound, Func<float, bool>? measured = null) where TOp : IUnaryOp<float, float>
    {
        float[]? first = null;
        foreach (var w in OpRunner.VectorWidths)
        {
            var got = OpRunner.Unary<float, float, TOp>(x, w);
            if (first != null)
                for (int i = 0; i < x.Length; i++) Assert.That(OpRunner.Identical(got[i], first[i]), $"{name}({x[i]:R}) width {w}: {got[i]:R} vs width 128's {first[i]:R}");
            first ??= got;
        }
        double worst = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double want = reference(x[i]);
            float scalar = TOp.Invoke(x[i]);
            string at = $"{name}({x[i]:R}) = {first![i]:R}, float64 {want:R}, scalar {scalar:R}";
            if (!float.IsFinite(x[i]) || !float.IsNormal((float)want) && want != 0 || (measured != null && !measured(x[i])))
            {
                Assert.That(OpRunner.Identical(first[i], scalar) || Ulps(first[i], want) <= bound, at);
                continue;
            }
            if (want == 0) { Assert.That(OpRunner.Identical(first[i], scalar), at); continue; }
            double e = Ulps(first[i], want);
            worst = Math.Max(worst, e);
            Assert.That(e, Is.LessThanOrEqualTo(bound), at);
        }
        TestContext.Out.WriteLine($"{name} float32: worst {worst:F3} ulp over {x.Length} arguments");
    }

    [Test] public void Exp2() => Check<Exp2Op<float>>("Exp2", v => Math.Pow(2, v), Arguments(1, -130, 130, false), 1.5);
    [Test] public void Expm1() => Check<Expm1Op<float>>("Expm1", v => Math.Abs(v) < 1e-5 ? v + v * v / 2 + v * v * v / 6 : Math.Exp(v) - 1, Arguments(2, -6, 2, true), 2.5);
    [Test] public void Tanh() => Check<TanhOp<float>>("Tanh", Math.Tanh, Arguments(3, -6, 1.5, true), 3);

    /// <summary>
    /// Every float32 where the expm1 core's error is largest: where k changes (x next to (j + ½)·ln 2, j = −8..8, where
    /// the reduced argument is near ±ln2/2 and 2^k·expm1 r + (2^k − 1) cancels most), and for Tanh next to 2^−8 .. 2^−4
    /// (2^18 floats on either side: its worst cases lie just below these, where the quotient's roundings add most).
    /// Within the README's bounds, the same bits at every width. (An exhaustive scan of [10^−12, 88] / [10^−12, 10],
    /// both signs, gave worst 1.50 ulp for Expm1 and 2.43 for Tanh with session 34's fitted P of degree 5; 1.46 and
    /// 2.46 with the Taylor series to r^8 before it.)
    /// </summary>
    [Test]
    public void Expm1AndTanhWhereTheirErrorIsLargest()
    {
        var near = new List<float>();
        for (int j = -8; j <= 8; j++)
        {
            float c = (float)((j + 0.5) * Math.Log(2));
            float v = c;
            for (int i = 0; i < 1 << 15; i++) v = MathF.BitDecrement(v);
            for (int i = 0; i < 1 << 16; i++, v = MathF.BitIncrement(v)) near.Add(v);
        }
        Check<Expm1Op<float>>("Expm1", v => Math.Exp(v) - 1, near.ToArray(), 2.5);
        Check<TanhOp<float>>("Tanh", Math.Tanh, near.Select(v => v / 2).ToArray(), 3);
        var small = new List<float>();
        for (int e = -8; e <= -4; e++)
        {
            float v = MathF.ScaleB(1, e);
            for (int i = 0; i < 1 << 18; i++) v = MathF.BitDecrement(v);
            for (int i = 0; i < 1 << 19; i++, v = MathF.BitIncrement(v)) { small.Add(v); small.Add(-v); }
        }
        Check<TanhOp<float>>("Tanh", Math.Tanh, small.ToArray(), 3);
    }
    [Test] public void Log10() => Check<Log10Op<float>>("Log10", Math.Log10, Arguments(4, -37, 38, true), 2);
    [Test] public void Log() => Check<LogOp<float>>("Log", Math.Log, Arguments(7, -37, 38, true).Concat(Arguments(8, 0.25, 4, false)).ToArray(), LogBound);
    [Test] public void Log2() => Check<Log2Op<float>>("Log2", Math.Log2, Arguments(9, -37, 38, true).Concat(Arguments(10, 0.25, 4, false)).ToArray(), Log2Bound);

    /// <summary>The README bound of the float32 Log2 (fractional ulps against float64 Math.Log2 of the same argument).</summary>
    private const double Log2Bound = 1;

    /// <summary>The README bound of the float32 Log (fractional ulps against float64 Math.Log of the same argument).</summary>
    private const double LogBound = 1;
    [Test] public void Log1p() => Check<Log1pOp<float>>("Log1p", v => Math.Abs(v) < 1e-4 ? v - v * v / 2 + v * v * v / 3 : Math.Log(1 + v), Arguments(5, -8, 8, true), 1.5);
    [Test] public void Cbrt() => Check<CbrtOp<float>>("Cbrt", Math.Cbrt, Arguments(6, -37, 38, true), 0.5 + 1e-9);

    /// <summary>
    /// The table-driven float32 Log10 core at every edge of its 32 table parts in every binade (each edge with three
    /// neighbours on either side: there r is largest and the part's log10 c changes), every float32 within 3 % of 1 (the
    /// parts whose c is 1 and the first ones beyond, where log10 c and r·k1 cancel most) and every 4099th positive
    /// normal float32: within 1.5 ulp (a scan of every positive normal float32 gave 1.38), the same bits at every width.
    /// </summary>
    [Test]
    public void Log10AtEveryTablePartEdgeNearOneAndAcrossTheRange()
    {
        var v = LogTablePartEdges().ToList();
        for (float t = 0.97f; t < 1.03f; t = MathF.BitIncrement(t)) v.Add(t);
        for (int bits = 0x0080_0000; bits < 0x7F80_0000; bits += 4099) v.Add(BitConverter.Int32BitsToSingle(bits));
        Check<Log10Op<float>>("Log10", Math.Log10, v.ToArray(), 1.5);
    }

    /// <summary>
    /// Every edge of the 32 table parts of the table-driven float32 log cores in every binade, each with three neighbours
    /// on either side (positive normal floats only): there r is largest and the part's c changes.
    /// </summary>
    private static IEnumerable<float> LogTablePartEdges()
    {
        for (int biased = 1; biased <= 254; biased++)
            for (int j = 0; j < 32; j++)
            {
                // The offset bits u = bits(x) + bits(1) − bits(√½) of the part's first element, back to x.
                int bits = ((biased << 23) | (j << 18)) - (0x3F80_0000 - 0x3F35_04F3);
                for (int k = -3; k <= 3; k++)
                {
                    float t = BitConverter.Int32BitsToSingle(bits + k);
                    if (float.IsNormal(t) && t > 0) yield return t;
                }
            }
    }

    /// <summary>
    /// The table-driven float32 Log1p core (<c>Log1pSingleCore</c>) where its error is largest: at every edge of its 32
    /// table parts in every binade of 1 + x (each edge with three neighbours on either side), every x whose 1 + x lies
    /// within 3 % of 1 (the three parts whose c is 1, where the reduced argument carries x's rounding correction),
    /// 2^±k and their neighbours (tiny x, where the result is x), and every 4099th float32 above −1 of either sign:
    /// within the README's bound of 1.5 ulp of the float64 log(1 + x) (an exhaustive scan gave 1.40), the same bits at every width.
    /// </summary>
    [Test]
    public void Log1pAtEveryTablePartEdgeNearZeroAndAcrossTheRange()
    {
        var v = new List<float>();
        foreach (float u in LogTablePartEdges().Where(u => u < 1e30f)) { v.Add(u - 1); v.Add(MathF.BitIncrement(u - 1)); v.Add(MathF.BitDecrement(u - 1)); }
        for (float t = 0.97f; t < 1.03f; t = MathF.BitIncrement(t)) v.Add(t - 1);
        for (int e = -149; e <= -1; e++)
            foreach (float s in new[] { 1f, -1f })
            {
                float t = s * MathF.ScaleB(1, e);
                v.Add(t); v.Add(MathF.BitIncrement(t)); v.Add(MathF.BitDecrement(t));
            }
        for (int bits = 0; bits < 0x7F80_0000; bits += 4099) v.Add(BitConverter.Int32BitsToSingle(bits));
        for (int bits = unchecked((int)0x8000_0000); bits < unchecked((int)0xBF80_0000); bits += 4099) v.Add(BitConverter.Int32BitsToSingle(bits));
        Check<Log1pOp<float>>("Log1p", u => Math.Abs(u) < 1e-4 ? u - u * u / 2 + u * u * u / 3 - u * u * u * u / 4 : Math.Log(1 + (double)u), v.Where(t => t > -1).ToArray(), 1.5);
    }

    /// <summary>
    /// The 32-entry float lookup at every width, its table in registers as <c>Table32Part</c> gives them, against the
    /// lane-by-lane fallback and a plain table read: indices with high bits set (ignored) and every index value.
    /// </summary>
    [Test]
    public unsafe void Lookup32AtEveryWidthAsThePlainTableRead()
    {
        float[] table = new float[32];
        for (int i = 0; i < 32; i++) table[i] = MathF.Sqrt(i + 2) * (i % 3 == 0 ? -1 : 1);
        var r = new Random(59);
        for (int trial = 0; trial < 200; trial++)
        {
            uint[] raw = new uint[16];
            for (int i = 0; i < 16; i++) raw[i] = ((uint)r.Next() << 5) | (uint)((trial + i) & 31);
            float[] want = new float[16];
            for (int i = 0; i < 16; i++) want[i] = table[raw[i] & 31];
            fixed (uint* p = raw)
            {
                var got512 = Vec512<float>.Lookup32(new(System.Runtime.Intrinsics.Vector512.Load((float*)p)), Vec512<float>.Table32Part(table, 0),
                    Vec512<float>.Table32Part(table, 1), Vec512<float>.Table32Part(table, 2), Vec512<float>.Table32Part(table, 3), table).V;
                var got256 = Vec256<float>.Lookup32(new(System.Runtime.Intrinsics.Vector256.Load((float*)p)), Vec256<float>.Table32Part(table, 0),
                    Vec256<float>.Table32Part(table, 1), Vec256<float>.Table32Part(table, 2), Vec256<float>.Table32Part(table, 3), table).V;
                var got128 = Vec128<float>.Lookup32(new(System.Runtime.Intrinsics.Vector128.Load((float*)p)), Vec128<float>.Table32Part(table, 0),
                    Vec128<float>.Table32Part(table, 1), Vec128<float>.Table32Part(table, 2), Vec128<float>.Table32Part(table, 3), table).V;
                float[] fallback = new float[16];
                for (int i = 0; i < 16; i++) fallback[i] = BitConverter.UInt32BitsToSingle(raw[i]);
                fixed (float* f = fallback) Lookup16Fallback.Apply32(f, 16, table);
                for (int i = 0; i < 16; i++)
                {
                    if (System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) Assert.That(got512[i], Is.EqualTo(want[i]), $"512 lane {i}");
                    if (i < 8) Assert.That(got256[i], Is.EqualTo(want[i]), $"256 lane {i}");
                    if (i < 4) Assert.That(got128[i], Is.EqualTo(want[i]), $"128 lane {i}");
                    Assert.That(fallback[i], Is.EqualTo(want[i]), $"fallback lane {i}");
                }
            }
        }
    }

    /// <summary>
    /// Every binade's ends and the √2 point where the log split moves to the next exponent (one integer add carries
    /// there), each with neighbours, both for Log10 and, through 1 + x, Log1p.
    /// </summary>
    [Test]
    public void LogSplitAtEveryBinadeAndAtSqrt2()
    {
        var v = new List<float>();
        for (int e = -126; e <= 127; e++)
            foreach (float c in new[] { MathF.ScaleB(1, e), MathF.ScaleB(1.4142135f, e), MathF.ScaleB(0.70710677f, e) })
            {
                float t = c;
                for (int k = 0; k < 3; k++) t = MathF.BitDecrement(t);
                for (int k = 0; k < 7; k++, t = MathF.BitIncrement(t)) if (float.IsNormal(t)) v.Add(t);
            }
        float[] x = v.ToArray();
        Check<Log10Op<float>>("Log10", Math.Log10, x, 2);
        Check<LogOp<float>>("Log", Math.Log, x, LogBound);
        Check<Log2Op<float>>("Log2", Math.Log2, x, Log2Bound);
        // Every power of two gives its exponent exactly, at every width.
        float[] powers = Enumerable.Range(-126, 254).Select(e => MathF.ScaleB(1, e)).ToArray();
        foreach (var w in OpRunner.VectorWidths)
        {
            float[] got = OpRunner.Unary<float, float, Log2Op<float>>(powers, w);
            for (int i = 0; i < powers.Length; i++) Assert.That(got[i], Is.EqualTo(i - 126f), $"log2(2^{i - 126}) width {w}");
        }
        float[] xm1 = x.Where(t => t < 1e30f).Select(t => t - 1).ToArray();
        Check<Log1pOp<float>>("Log1p", u => Math.Abs(u) < 1e-4 ? u - u * u / 2 + u * u * u / 3 : Math.Log(1 + u), xm1, 1.5);
    }

    /// <summary>
    /// Tanh densely over [−12, 12] and around the clamp of 2|x| at 20 (tanh rounds to 1 from 9.01 on), every lane
    /// within the bound, ±1 exactly beyond.
    /// </summary>
    [Test]
    public void TanhDenseAndAtTheClamp()
    {
        var r = new Random(17);
        var v = new List<float>();
        for (int i = 0; i < 20000; i++) v.Add((float)(r.NextDouble() * 24 - 12));
        for (int i = 0; i < 4000; i++) v.Add((float)(8.8 + r.NextDouble() * 1.6) * (i % 2 == 0 ? 1 : -1));
        float ten = 10;
        for (int k = 0; k < 8; k++) { v.Add(ten); v.Add(-ten); ten = MathF.BitIncrement(ten); }
        v.AddRange([1e-30f, -1e-30f, 1e-40f, -1e-40f, 20, -20, 1e30f, -1e30f]);
        float[] x = v.ToArray();
        Check<TanhOp<float>>("Tanh", Math.Tanh, x, 3);
        var got = OpRunner.Unary<float, float, TanhOp<float>>(x, SimdWidth.W512);
        for (int i = 0; i < x.Length; i++)
            if (MathF.Abs(x[i]) >= 9.1f) Assert.That(got[i], Is.EqualTo(MathF.CopySign(1, x[i])), $"Tanh({x[i]:R})");
    }
}

/// <summary>
/// float32 Power (x^y in float64 lanes, one rounding to float32): operands with x = 0, a NaN or an infinity, and negative
/// bases with a non-integer exponent (NaN), exactly as MathF.Pow; every other pair (negative bases with integer exponents too) within the README's bound of the float64 pow of the same arguments (fractional ulps
/// of float32, subnormal results at the subnormal spacing), including overflow to ∞ and underflow to 0; the same bits at
/// every vector width, at odd lengths.
/// </summary>
public class PowerSingleVectorTests
{
    /// <summary>The README bound (ulp against the float64 pow): one rounding of a value good to 2^-37.</summary>
    private const double Bound = 0.5 + 1.0 / 8192;

    private static double Ulps(float got, double reference)
    {
        float r = (float)reference;
        float ulp = MathF.BitIncrement(MathF.Abs(r)) - MathF.Abs(r);
        return Math.Abs(got - reference) / Math.Max(ulp, float.Epsilon);
    }

    private static (float[] X, float[] Y) Pairs()
    {
        float[] sp = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, float.Epsilon, -float.Epsilon, 1.1754944e-38f, 5.877472e-39f,
            float.MaxValue, float.MinValue, 1, -1, 2, -2, 0.5f, -0.5f, 3, -3, 10, 0.1f, 0.25f, 4, 1e-10f, 1e10f, 1e30f, 1e-30f, 1.0000001f, 0.99999994f,
            127, 128, -126, -149, -150, 0.3333333f, 1e6f, -1e6f];
        var xs = new List<float>();
        var ys = new List<float>();
        foreach (var a in sp) foreach (var b in sp) { xs.Add(a); ys.Add(b); }
        var r = new Random(41);
        for (int i = 0; i < 6000; i++) { xs.Add((float)Math.Pow(10, r.NextDouble() * 83 - 45)); ys.Add((float)(r.NextDouble() * 60 - 30)); } // many binades, y in [-30, 30]
        for (int i = 0; i < 2000; i++) { xs.Add((float)Math.Pow(10, r.NextDouble() * 8 - 4)); ys.Add(r.Next(-30, 31)); } // integer y
        for (int i = 0; i < 2000; i++) // negative bases: integer y (odd and even, up to overflow and underflow) and fractional y (NaN)
        {
            xs.Add(-(float)Math.Pow(10, r.NextDouble() * 8 - 4));
            ys.Add(r.Next(3) == 0 ? (float)(r.NextDouble() * 20 - 10) : r.Next(-40, 41));
        }
        for (int i = 0; i < 3000; i++)
        {
            // y·log2 x spread over ±160: overflow, underflow, subnormal results and the largest and smallest normal ones.
            float b = (float)Math.Pow(2, r.NextDouble() * 250 - 125);
            if (b == 1) continue;
            xs.Add(b); ys.Add((float)((r.NextDouble() * 2 - 1) * 160 / Math.Log2(b)));
        }
        for (int i = 0; i < 1000; i++) { xs.Add(1 + (float)((r.NextDouble() - 0.5) * 1e-5)); ys.Add((float)((r.NextDouble() - 0.5) * 2e7)); } // x near 1, huge y
        for (int b = 2; b <= 12; b++) for (int k = -20; k <= 30; k++) { xs.Add(b); ys.Add(k); }
        if (xs.Count % 2 == 0) { xs.Add(1.5f); ys.Add(2.5f); } // an odd length: the tail lanes too
        return (xs.ToArray(), ys.ToArray());
    }

    [Test]
    public void SpecialsAsMathFPowWideWithinBoundAndSameBitsAtEveryWidth()
    {
        var (x, y) = Pairs();
        CheckPairs(x, y);
    }

    /// <summary>
    /// Bases next to the split of the mantissa at √2 (and √½), the ends of the first and last log2 table parts, and
    /// next to 1 (the part whose c is exactly 1), with exponents that keep y·log2 x within ±140.
    /// </summary>
    [Test]
    public void BasesAtTheMantissaSplitWithinBound()
    {
        var centres = new List<float>();
        for (int e = -30; e <= 30; e++) centres.AddRange([MathF.ScaleB(1.4142135f, e), MathF.ScaleB(0.70710677f, e), MathF.ScaleB(1, e)]);
        CheckNeighbours(centres, 3, 7, new Random(43));
    }

    /// <summary>
    /// Bases next to each boundary of the 16 parts of [√½, √2) that pick the log2 table entry (bits(√½) + i·2^48 as
    /// float64 bits, i = 0..16), a few float32 ulps either side, over many binades; exponents keep y·log2 x within ±140.
    /// </summary>
    [Test]
    public void BasesAtEveryLog2TablePartBoundaryWithinBound()
    {
        var centres = new List<float>();
        long b0 = BitConverter.DoubleToInt64Bits(0.7071067811865476);
        for (int i = 0; i <= 16; i++)
            foreach (int e in new[] { -140, -60, -7, -1, 0, 1, 5, 40, 126 })
                centres.Add((float)Math.ScaleB(BitConverter.Int64BitsToDouble(b0 + ((long)i << 48)), e));
        CheckNeighbours(centres, 4, 9, new Random(47));
    }

    /// <summary>
    /// <paramref name="count"/> consecutive floats starting <paramref name="below"/> ulps under each centre as bases, each
    /// with a random exponent keeping |y·log2 x| within 140 (up to 10^5 for bases within 10^-3 of 1), checked by <see cref="CheckPairs"/>.
    /// </summary>
    private static void CheckNeighbours(List<float> centres, int below, int count, Random r)
    {
        var xs = new List<float>();
        var ys = new List<float>();
        foreach (float c in centres)
        {
            float t = c;
            for (int k = 0; k < below; k++) t = MathF.BitDecrement(t);
            for (int k = 0; k < count; k++, t = MathF.BitIncrement(t))
            {
                xs.Add(t);
                double l = Math.Abs(Math.Log2(t));
                ys.Add((float)((r.NextDouble() * 2 - 1) * (l < 1e-3 ? 1e5 : 140 / l)));
            }
        }
        if (xs.Count % 2 == 0) { xs.Add(1.5f); ys.Add(2.5f); }
        CheckPairs(xs.ToArray(), ys.ToArray());
    }

    /// <summary>
    /// The 16-entry lookup primitive at every width against the lane-by-lane fallback and a plain table read, indices
    /// with high bits set (ignored) and every index value.
    /// </summary>
    [Test]
    public unsafe void Lookup16AtEveryWidthAsThePlainTableRead()
    {
        double[] table = new double[16];
        for (int i = 0; i < 16; i++) table[i] = Math.Sqrt(i + 2) * (i % 3 == 0 ? -1 : 1);
        var r = new Random(53);
        for (int trial = 0; trial < 200; trial++)
        {
            ulong[] raw = new ulong[8];
            for (int i = 0; i < 8; i++) raw[i] = ((ulong)r.NextInt64() << 4) | (uint)((trial + i) & 15);
            double[] want = new double[8];
            for (int i = 0; i < 8; i++) want[i] = table[raw[i] & 15];
            fixed (ulong* p = raw)
            {
                var got512 = Vec512<double>.Lookup16(new(System.Runtime.Intrinsics.Vector512.Load((double*)p)), table).V;
                var got256 = Vec256<double>.Lookup16(new(System.Runtime.Intrinsics.Vector256.Load((double*)p)), table).V;
                var got128 = Vec128<double>.Lookup16(new(System.Runtime.Intrinsics.Vector128.Load((double*)p)), table).V;
                double[] fallback = new double[8];
                for (int i = 0; i < 8; i++) fallback[i] = BitConverter.UInt64BitsToDouble(raw[i]);
                fixed (double* f = fallback) Lookup16Fallback.Apply(f, 8, table);
                for (int i = 0; i < 8; i++)
                {
                    if (System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) Assert.That(got512[i], Is.EqualTo(want[i]), $"512 lane {i}");
                    if (i < 4) Assert.That(got256[i], Is.EqualTo(want[i]), $"256 lane {i}");
                    if (i < 2) Assert.That(got128[i], Is.EqualTo(want[i]), $"128 lane {i}");
                    Assert.That(fallback[i], Is.EqualTo(want[i]), $"fallback lane {i}");
                }
            }
        }
    }

    private static void CheckPairs(float[] x, float[] y)
    {
        float[]? first = null;
        foreach (var w in OpRunner.VectorWidths)
        {
            var got = OpRunner.Binary<float, PowerOp<float>>(x, y, w);
            if (first != null)
                for (int i = 0; i < x.Length; i++)
                    Assert.That(OpRunner.Identical(got[i], first[i]), $"width {w}: {x[i]:R} ^ {y[i]:R} = {got[i]:R}, width 128 {first[i]:R}");
            first ??= got;
        }
        double worst = 0;
        int measured = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double want = Math.Pow(x[i], y[i]);
            string at = $"{x[i]:R} ^ {y[i]:R} = {first![i]:R}, float64 {want:R}, MathF.Pow {MathF.Pow(x[i], y[i]):R}";
            // A negative base with an integer exponent is computed by the vector form (|x|^y, signed) and held to the same
            // bound as a positive base; with any other exponent it is NaN, as MathF.Pow.
            if (x[i] == 0 || x[i] < 0 && !float.IsInteger(y[i]) || !float.IsFinite(x[i]) || !float.IsFinite(y[i]))
            {
                Assert.That(OpRunner.Identical(first[i], MathF.Pow(x[i], y[i])), at);
                continue;
            }
            if (float.IsInfinity((float)want) || (float)want == 0)
            {
                Assert.That(OpRunner.Identical(first[i], (float)want), at);
                continue;
            }
            double e = Ulps(first[i], want);
            worst = Math.Max(worst, e);
            measured++;
            Assert.That(e, Is.LessThanOrEqualTo(Bound), at);
        }
        TestContext.Out.WriteLine($"Power float32: worst {worst:F4} ulp over {measured} measured pairs of {x.Length}");
    }
}
