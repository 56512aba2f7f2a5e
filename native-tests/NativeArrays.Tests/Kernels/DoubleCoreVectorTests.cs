using NativeArrays.Kernels;

namespace NativeArrays.Tests.Kernels;

/// <summary>
/// The float64 Expm1 and Tanh on their own expm1 core (k = ⌊x/ln 2 + log2(4/3)⌋, a degree-12 polynomial on
/// [−ln(4/3), ln 1.5]): error in fractional ulps against a double-double reference (good to ~2^-100), densely (most
/// densely for k = ±1, ±2, where the two terms of the result have opposite signs), at every cut point k·ln 2 − ln(4/3),
/// at k·ln 2 and its midpoints and at the clamps, within the README's bounds; the same bits at every vector width; special lanes as the scalar function.
/// </summary>
public class DoubleCoreVectorTests
{
    /// <summary>The README bounds (fractional ulps against the exact value).</summary>
    private const double ExpBound = 1, Expm1Bound = 2, TanhBound = 3, Log1pBound = 1, LogBound = 1, Log10Bound = 2, Log2Bound = 1;

    /// <summary>s + e = a + b exactly.</summary>
    private static (double S, double E) TwoSum(double a, double b)
    {
        double s = a + b, bb = s - a;
        return (s, (a - (s - bb)) + (b - bb));
    }

    /// <summary>exp(x) − 1 as a double-double: x = k·ln 2 + r (ln 2 in three parts), exp r by its Taylor series in pairs of doubles.</summary>
    private static (double Hi, double Lo) Expm1Exact(double x)
    {
        const double ln2Hi = 0.6931471805598903, ln2Mid = 5.497923018708371e-14, ln2Lo = -1.0438288074206987e-30;
        if (x < -60) return (-1, 0); // exp x < 2^-86: −1 to far below an ulp
        double k = Math.Abs(x) <= 0.5 ? 0 : Math.Round(x / Math.Log(2));
        (double rh, double rl) = TwoSum(x - k * ln2Hi, -k * ln2Mid); // x − k·ln2Hi is exact (42-bit head)
        rl -= k * ln2Lo;
        (double sh, double sl) = Expm1Series(rh, rl);
        if (k == 0) return (sh, sl);
        // 2^k·(1 + s) − 1
        double s1 = Math.ScaleB(1, (int)k / 2), s2 = Math.ScaleB(1, (int)k - (int)k / 2); // 2^k in two steps: k may be 1024
        (double uh, double ul) = TwoSum(1, sh);
        ul += sl;
        (double vh, double vl) = TwoSum(uh * s1 * s2, -1);
        return TwoSum(vh, vl + ul * s1 * s2);
    }

    /// <summary>exp(r) − 1 = Σ r^n/n!, n ≥ 1, in double-double, for r = rh + rl small (|r| ≤ ~0.5).</summary>
    private static (double Hi, double Lo) Expm1Series(double rh, double rl)
    {
        double sh = 0, sl = 0, th = rh, tl = rl;
        for (int n = 2; n < 60 && th != 0; n++)
        {
            (sh, double e) = TwoSum(sh, th);
            sl += e + tl;
            // t ·= r/n
            double ph = th * rh, pl = Math.FusedMultiplyAdd(th, rh, -ph) + th * rl + tl * rh;
            th = ph / n;
            tl = (Math.FusedMultiplyAdd(-th, n, ph) + pl) / n;
        }
        return TwoSum(sh, sl);
    }

    /// <summary>
    /// exp x as a double-double for normal results (x ≥ −708.39): x = k·ln 2 + r (ln 2 in three parts), 1 + expm1 r
    /// (<see cref="Expm1Series"/>), times 2^k in two exact steps.
    /// </summary>
    private static (double Hi, double Lo) ExpExact(double x)
    {
        const double ln2Hi = 0.6931471805598903, ln2Mid = 5.497923018708371e-14, ln2Lo = -1.0438288074206987e-30;
        double k = Math.Round(x / Math.Log(2));
        (double rh, double rl) = TwoSum(x - k * ln2Hi, -k * ln2Mid); // x − k·ln2Hi is exact (42-bit head)
        rl -= k * ln2Lo;
        (double eh, double el) = Expm1Series(rh, rl);
        (double sh, double sl) = TwoSum(1, eh);
        (sh, sl) = TwoSum(sh, sl + el);
        double s1 = Math.ScaleB(1, (int)k / 2), s2 = Math.ScaleB(1, (int)k - (int)k / 2);
        return (sh * s1 * s2, sl * s1 * s2);
    }

    /// <summary>tanh x = t/(t + 2), t = expm1(2|x|), as a double-double.</summary>
    private static (double Hi, double Lo) TanhExact(double x)
    {
        double a = Math.Abs(x);
        if (a > 25) return (Math.CopySign(1, x), 0);
        (double th, double tl) = Expm1Exact(2 * a);
        (double dh, double dl) = TwoSum(th, 2);
        dl += tl;
        double q = th / dh;
        double rem = Math.FusedMultiplyAdd(-q, dh, th) + tl - q * dl;
        (double qh, double ql) = TwoSum(q, rem / dh);
        return x < 0 ? (-qh, -ql) : (qh, ql);
    }

    /// <summary>
    /// log(1 + x) as a double-double: one Newton step y − (expm1 y − x)/(1 + expm1 y) from y = Math.Log(1 + x) corrected
    /// by Goldberg's factor, with expm1 y as a double-double (<see cref="Expm1Exact"/>), so the error is below 2^-100.
    /// </summary>
    private static (double Hi, double Lo) Log1pExact(double x)
    {
        double u = 1 + x;
        double y = u == 1 ? x : Math.Log(u) * (x / (u - 1));
        (double eh, double el) = Expm1Exact(y);
        (double rh, double rl) = TwoSum(eh, -x);
        double step = (rh + (rl + el)) / (1 + eh);
        return TwoSum(y, -step);
    }

    /// <summary>
    /// log x as a double-double: x = 2^k·m exactly (m in [√½, √2)), log m by one Newton step from Math.Log(m) with
    /// expm1 as a double-double (<see cref="Expm1Exact"/>), plus k·ln 2 with ln 2 in three parts.
    /// </summary>
    private static (double Hi, double Lo) LogExact(double x)
    {
        const double ln2Hi = 0.6931471805598903, ln2Mid = 5.497923018708371e-14, ln2Lo = -1.0438288074206987e-30;
        int k = Math.ILogB(x);
        double m = Math.ScaleB(x, -k);
        if (m > Math.Sqrt(2)) { m /= 2; k++; } // exact
        double y = Math.Log(m);
        (double eh, double el) = Expm1Exact(y); // e^y − 1; m − 1 is exact
        (double rh, double rl) = TwoSum(eh, -(m - 1));
        double step = (rh + (rl + el)) / m; // (e^y − m)/e^y
        (double h, double l) = TwoSum(k * ln2Hi, y); // k·ln2Hi is exact (42-bit head)
        l += -step + k * ln2Mid + k * ln2Lo;
        return TwoSum(h, l);
    }

    /// <summary>log10 x = log x · (1/ln 10) as a double-double.</summary>
    private static (double Hi, double Lo) Log10Exact(double x)
    {
        const double c = 0.4342944819032518, cLo = 1.098319650216765e-17;
        (double h, double l) = LogExact(x);
        double p = h * c;
        return TwoSum(p, Math.FusedMultiplyAdd(h, c, -p) + h * cLo + l * c);
    }

    /// <summary>log2 x = log x · (1/ln 2) as a double-double.</summary>
    private static (double Hi, double Lo) Log2Exact(double x)
    {
        const double c = 1.4426950408889634, cLo = 2.0355273740931033e-17;
        (double h, double l) = LogExact(x);
        double p = h * c;
        return TwoSum(p, Math.FusedMultiplyAdd(h, c, -p) + h * cLo + l * c);
    }

    /// <summary>hypot(x, y) as a double-double: scaled by a power of two, squares and sum in double-double, one Newton step on the square root.</summary>
    private static (double Hi, double Lo) HypotExact(double x, double y)
    {
        double hi = Math.Max(Math.Abs(x), Math.Abs(y)), lo = Math.Min(Math.Abs(x), Math.Abs(y));
        int e = Math.ILogB(hi);
        hi = Math.ScaleB(hi, -e); lo = Math.ScaleB(lo, -e); // exact (lo far below hi may lose bits far below an ulp)
        double h2 = hi * hi, h2e = Math.FusedMultiplyAdd(hi, hi, -h2), l2 = lo * lo, l2e = Math.FusedMultiplyAdd(lo, lo, -l2);
        (double sh, double sl) = TwoSum(h2, l2);
        sl += h2e + l2e;
        double r = Math.Sqrt(sh + sl);
        double rr = r * r, rre = Math.FusedMultiplyAdd(r, r, -rr);
        double corr = ((sh - rr) - rre + sl) / (2 * r);
        (double rh, double rl) = TwoSum(r, corr);
        return (Math.ScaleB(rh, e), Math.ScaleB(rl, e));
    }

    private static double Ulps(double got, (double Hi, double Lo) want)
    {
        double ulp = Math.BitIncrement(Math.Abs(want.Hi)) - Math.Abs(want.Hi);
        return Math.Abs((got - want.Hi) - want.Lo) / Math.Max(ulp, double.Epsilon);
    }

    private static void Check<TOp>(string name, Func<double, (double, double)> reference, double[] x, double bound) where TOp : IUnaryOp<double, double>
    {
        double[]? first = null;
        foreach (var w in OpRunner.VectorWidths)
        {
            var got = OpRunner.Unary<double, double, TOp>(x, w);
            if (first != null)
                for (int i = 0; i < x.Length; i++) Assert.That(OpRunner.Identical(got[i], first[i]), $"{name}({x[i]:R}) width {w}: {got[i]:R} vs width 128's {first[i]:R}");
            first ??= got;
        }
        double worst = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double scalar = TOp.Invoke(x[i]);
            string at = $"{name}({x[i]:R}) = {first![i]:R}, scalar {scalar:R}";
            if (!double.IsFinite(x[i]) || !double.IsFinite(scalar) || x[i] == 0)
            {
                Assert.That(OpRunner.Identical(first[i], scalar), at);
                continue;
            }
            double e = Ulps(first[i], reference(x[i]));
            worst = Math.Max(worst, e);
            Assert.That(e, Is.LessThanOrEqualTo(bound), at);
        }
        TestContext.Out.WriteLine($"{name} float64: worst {worst:F3} ulp over {x.Length} arguments");
    }

    /// <summary>Dense arguments on [−lim, lim], magnitudes 10^-300 .. 1, every k·ln 2 with neighbours, and the specials.</summary>
    private static List<double> Arguments(int seed, double lim)
    {
        var r = new Random(seed);
        var v = new List<double> { double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, double.Epsilon, -double.Epsilon,
            2.2250738585072014e-308, -2.2250738585072014e-308, double.MaxValue, double.MinValue, 1, -1, 0.5, -0.5 };
        for (int i = 0; i < 20000; i++) v.Add((r.NextDouble() * 2 - 1) * lim);
        for (int i = 0; i < 20000; i++) v.Add((r.NextDouble() * 2 - 1) * 1.5);
        for (int i = 0; i < 3000; i++) v.Add((r.Next(2) == 0 ? -1 : 1) * Math.Pow(10, -r.NextDouble() * 300));
        for (int k = -60; k <= 60; k++)
        {
            double c = k * Math.Log(2), t = c;
            for (int j = 0; j < 3; j++) t = Math.BitDecrement(t);
            for (int j = 0; j < 7; j++, t = Math.BitIncrement(t)) v.Add(t);
            v.Add(c * (1 + 1e-9)); v.Add(c * (1 - 1e-9));
            v.Add(c + 0.5 * Math.Log(2)); v.Add(c - 0.5 * Math.Log(2));
        }
        return v;
    }

    private static void AddNeighbours(List<double> v, double c)
    {
        double t = c;
        for (int j = 0; j < 3; j++) t = Math.BitDecrement(t);
        for (int j = 0; j < 7; j++, t = Math.BitIncrement(t)) v.Add(t);
    }

    /// <summary>
    /// Exp (own core since the runtime's vector Exp was a call per vector) densely, at every k·ln 2 and its midpoints,
    /// at 708 (the core's range) and at the overflow. Below −700 the reference's low part falls under 2^−1074 (its
    /// scaling is not exact there): that band, with [−744, −708] computed as exp(x + 708)·exp(−708), is left to the
    /// kernel tests' wider bound.
    /// </summary>
    [Test]
    public void ExpDenseAtEveryReductionBoundaryAndAtTheRangeEnds()
    {
        var v = Arguments(31, 709);
        foreach (double c in new[] { 708.0, 709.78, 707.5, 700.0, -700.0, 1e-300, 2.5e-308 }) AddNeighbours(v, c);
        var r = new Random(32);
        for (int i = 0; i < 4000; i++) v.Add(r.NextDouble() * 1408 - 700);
        for (int k = -1000; k <= 1000; k += 7) { AddNeighbours(v, k * Math.Log(2)); AddNeighbours(v, (k + 0.5) * Math.Log(2)); }
        Check<ExpOp<double>>("Exp", ExpExact, v.Where(t => !(t < -700)).ToArray(), ExpBound);
    }

    /// <summary>
    /// Hypot (own float64 form since the runtime's vector Hypot was a call per vector): pairs of every relative size at
    /// magnitudes 10^±300 (across the 2^±500 scaling thresholds), within 1 ulp of a double-double reference; specials
    /// (±inf with NaN gives +inf, ±0, subnormals, MaxValue) as the scalar <see cref="double.Hypot"/>; the same bits at every width.
    /// </summary>
    [Test]
    public void HypotWideAndAtTheScalingThresholdsWithinOneUlp()
    {
        var r = new Random(41);
        var xs = new List<double>();
        var ys = new List<double>();
        double[] sp = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, double.Epsilon, 1e-310, double.MaxValue, -double.MaxValue, 1, -1, 3, 4];
        foreach (double a in sp) foreach (double b in sp) { xs.Add(a); ys.Add(b); }
        for (int i = 0; i < 20000; i++)
        {
            double m = Math.Pow(10, (r.NextDouble() * 2 - 1) * 300);
            xs.Add((r.Next(2) == 0 ? -1 : 1) * m);
            ys.Add((r.Next(2) == 0 ? -1 : 1) * m * Math.Pow(10, -r.NextDouble() * (i % 4 == 0 ? 20 : 3)));
        }
        foreach (double t in new[] { Math.ScaleB(1, 500), Math.ScaleB(1, -500) })
            for (int i = 0; i < 200; i++) { double a = t * (1 + (r.NextDouble() - 0.5) * 1e-3); xs.Add(a); ys.Add(a * r.NextDouble()); }
        double[] x = xs.ToArray(), y = ys.ToArray();
        double[]? first = null;
        foreach (var w in OpRunner.VectorWidths)
        {
            var got = OpRunner.Binary<double, HypotOp<double>>(x, y, w);
            if (first != null)
                for (int i = 0; i < x.Length; i++) Assert.That(OpRunner.Identical(got[i], first[i]), $"hypot({x[i]:R}, {y[i]:R}) width {w}: {got[i]:R} vs {first[i]:R}");
            first ??= got;
        }
        double worst = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double scalar = double.Hypot(x[i], y[i]);
            string at = $"hypot({x[i]:R}, {y[i]:R}) = {first![i]:R}, scalar {scalar:R}";
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i]) || x[i] == 0 || y[i] == 0 || !double.IsFinite(scalar) || scalar < 1e-300)
            {
                Assert.That(OpRunner.Identical(first[i], scalar), at);
                continue;
            }
            double e = Ulps(first[i], HypotExact(x[i], y[i]));
            worst = Math.Max(worst, e);
            Assert.That(e, Is.LessThanOrEqualTo(1), at);
        }
        TestContext.Out.WriteLine($"Hypot float64: worst {worst:F3} ulp over {x.Length} pairs");
    }

    [Test]
    public void Expm1DenseAtEveryReductionBoundaryAndAtTheClamps()
    {
        var v = Arguments(21, 45);
        foreach (double c in new[] { -40.0, -37.5, 709.0, 709.78, 708.0, 700.0, -700.0, 1e-300, 2.5e-308 }) AddNeighbours(v, c);
        for (int i = 0; i < 2000; i++) v.Add(700 * (new Random(i).NextDouble() * 2 - 1));
        // The core's cut points, k·ln 2 − ln(4/3), and densely around the first ones on both sides, where 2^k·expm1 r and
        // 2^k − 1 have opposite signs (k = ±1, ±2).
        for (int k = -60; k <= 1023; k++) AddNeighbours(v, k * Math.Log(2) - Math.Log(4.0 / 3));
        var r = new Random(46);
        for (int i = 0; i < 40000; i++) v.Add(-2.2 + 3.6 * r.NextDouble());
        Check<Expm1Op<double>>("Expm1", Expm1Exact, v.ToArray(), Expm1Bound);
    }

    /// <summary>
    /// Log1p densely on (−1, 2], magnitudes 10^-300 .. 10^300 of both signs, at the core's split points (1 + x at √½·2^k
    /// and 2^k, where the exponent carries) and near −1, MaxValue and the specials (those as the scalar form).
    /// </summary>
    [Test]
    public void Log1pDenseAtTheSplitPointsAndTheEnds()
    {
        var r = new Random(24);
        var v = new List<double> { double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, double.Epsilon, -double.Epsilon,
            2.2250738585072014e-308, -2.2250738585072014e-308, double.MaxValue, double.MinValue, 1, -1, 0.5, -0.5, -2, -1e300 };
        for (int i = 0; i < 20000; i++) v.Add(r.NextDouble() * 3 - 1);
        for (int i = 0; i < 6000; i++) v.Add((r.Next(2) == 0 ? -1 : 1) * Math.Pow(10, -r.NextDouble() * 300));
        for (int i = 0; i < 6000; i++) v.Add(Math.Pow(10, r.NextDouble() * 308));
        for (int i = 0; i < 2000; i++) v.Add(-1 + Math.Pow(10, -r.NextDouble() * 16));
        for (int k = -30; k <= 60; k++)
        {
            AddNeighbours(v, Math.ScaleB(Math.Sqrt(0.5), k) - 1);
            AddNeighbours(v, Math.ScaleB(1, k) - 1);
        }
        foreach (double c in new[] { -1.0, double.MaxValue, 1e-16, -1e-16, 1.1102230246251565e-16, 2.220446049250313e-16, 3.0 }) AddNeighbours(v, c);
        Check<Log1pOp<double>>("Log1p", Log1pExact, v.Where(t => !(t <= -1) || double.IsNaN(t) || t == -1).ToArray(), Log1pBound);
    }

    /// <summary>
    /// Log and Log10 densely on (0, 4), at magnitudes 10^±307, at the core's split points (√½·2^k and 2^k, where the
    /// exponent carries) with neighbours, near 1, and the specials and subnormals (those as the scalar form).
    /// </summary>
    [Test]
    public void LogAndLog10DenseAtTheSplitPointsAndTheEnds()
    {
        var r = new Random(25);
        var v = new List<double> { double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, double.Epsilon, -double.Epsilon,
            1e-310, 2.2250738585072014e-308, double.MaxValue, double.MinValue, 1, -1, 0.5, 2, 10, 100, 1e22 };
        for (int i = 0; i < 20000; i++) v.Add(r.NextDouble() * 4);
        for (int i = 0; i < 8000; i++) v.Add(Math.Pow(10, (r.NextDouble() * 2 - 1) * 307));
        for (int i = 0; i < 2000; i++) v.Add(1 + (r.NextDouble() * 2 - 1) * Math.Pow(10, -r.NextDouble() * 15));
        for (int k = -1022; k <= 1023; k += 7)
        {
            AddNeighbours(v, Math.ScaleB(Math.Sqrt(0.5), k));
            AddNeighbours(v, Math.ScaleB(1, k));
        }
        foreach (double c in new[] { 1.0, double.MaxValue, 2.2250738585072014e-308 }) AddNeighbours(v, c);
        double[] x = v.Where(t => !(t <= 0)).ToArray();
        Check<LogOp<double>>("Log", LogExact, x, LogBound);
        Check<Log10Op<double>>("Log10", Log10Exact, x, Log10Bound);
        Check<Log2Op<double>>("Log2", Log2Exact, x.Where(t => t != 1).ToArray(), Log2Bound);
        // Every power of two gives its exponent exactly, at every width (log2 1 = 0 among them; the ulp measure above
        // has no scale at an exact 0).
        double[] powers = Enumerable.Range(-1022, 2046).Select(e => Math.ScaleB(1.0, e)).ToArray();
        foreach (var w in OpRunner.VectorWidths)
        {
            double[] got = OpRunner.Unary<double, double, Log2Op<double>>(powers, w);
            for (int i = 0; i < powers.Length; i++) Assert.That(got[i], Is.EqualTo(i - 1022.0), $"log2(2^{i - 1022}) width {w}");
        }
    }

    /// <summary>Tanh densely, at the reduction boundaries of 2|x| and around the clamp of 2|x| at 40 (tanh rounds to 1 from 19.1 on): ±1 exactly beyond.</summary>
    [Test]
    public void TanhDenseAndAtTheClamp()
    {
        var v = Arguments(22, 22).Select(t => t / 2).ToList();
        var r = new Random(23);
        for (int i = 0; i < 4000; i++) v.Add((18.5 + r.NextDouble() * 2) * (i % 2 == 0 ? 1 : -1));
        foreach (double c in new[] { 19.0, 19.1, 20.0, -20.0, 1e300, -1e300 }) AddNeighbours(v, c);
        for (int k = 1; k <= 58; k++) { AddNeighbours(v, (k * Math.Log(2) - Math.Log(4.0 / 3)) / 2); AddNeighbours(v, -(k * Math.Log(2) - Math.Log(4.0 / 3)) / 2); }
        for (int i = 0; i < 40000; i++) v.Add(-1.2 + 2.4 * r.NextDouble()); // 2|x| up to 2.4: k = 0, 1, 2
        double[] x = v.ToArray();
        Check<TanhOp<double>>("Tanh", TanhExact, x, TanhBound);
        var got = OpRunner.Unary<double, double, TanhOp<double>>(x, SimdWidth.W512);
        for (int i = 0; i < x.Length; i++)
            if (Math.Abs(x[i]) >= 19.1) Assert.That(got[i], Is.EqualTo(Math.CopySign(1, x[i])), $"Tanh({x[i]:R})");
    }
}
