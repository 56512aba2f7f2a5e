using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NativeArrays.Kernels;

// float32 x^y: each half of the float lanes widened to float64, x^y = 2^(y·log2 x) by a table-driven log2 and a
// table-driven 2^z there, and one rounding back to float32. PowerOp computes negative bases as |x|^y here (negated for
// odd integer exponents, NaN for fractional ones) and sends x = 0, NaN and infinite operands to MathF.Pow; every other
// lane is computed here. The bound (ulps against the float64 pow of the same arguments) is in the README
// and tested in TrigPowerVectorTests.
internal static partial class VectorMath
{
    /// <summary>
    /// 1/c for the 16 parts of [√½, √2) that the top 4 mantissa bits of bits(m) − bits(√½) select (c: the middle of the
    /// part; exactly 1 for the part holding 1, so x near 1 has no cancellation), and log2 c = −log2(1/c) to float64.
    /// </summary>
    private static ReadOnlySpan<double> PowInvC => [1.3836391674353195, 1.3262919939872972, 1.2735093305685115, 1.2247670714057524,
        1.179618391326944, 1.1376800081681884, 1.0986212750080355, 1.0621554447285237, 1.0280326183855024, 1.0,
        0.9341747212610532, 0.8826409191001777, 0.8364955917308902, 0.79493558471085, 0.7573098027807992, 0.7230848499609426];

    private static ReadOnlySpan<double> PowLog2C => [-0.46846775856394524, -0.40739843148543203, -0.3488095297853368, -0.29250740075387266,
        -0.2383202206195602, -0.18609483220834813, -0.1356941353009159, -0.0869949176751904, -0.0398860404427268, 0.0,
        0.09823568850406889, 0.18010146289809006, 0.2575701574985, 0.3310901343436195, 0.40104449150202814, 0.4677631455873556];

    /// <summary>bits(2^(j/16)) − j·2^48 for j = 0..15 (the exponent field lowered by j/16 of a step), as float64 values.</summary>
    private static ReadOnlySpan<double> PowExp2J => [1.0, 0.9908868912137069, 0.9827538663326288, 0.9756443173783458, 0.9696035575013605,
        0.964678906036742, 0.9609197773255048, 0.9583777734684463, 0.9571067811865476, 0.9571630729697497, 0.9586054127039704,
        0.9614951659746271, 0.9658964152537145, 0.9718760801866497, 0.9795040432046712, 0.9888532806985737];

    /// <summary>
    /// x^y for float64 lanes holding widened float32 values (x &gt; 0 finite, y finite; other lanes give unspecified
    /// results). x = 2^e·m with m in [√½, √2) read from the bits (x + offset, so one add splits both); the top 4 bits of
    /// m's offset mantissa pick c (<see cref="PowInvC"/>, two 16-entry lookups, no division), r = m·(1/c) − 1 by one FMA
    /// (|r| ≤ 0.0393), log2 x = (e + log2 c) + r·P(r) (P: degree 7, relative error 2^-47 on |r| ≤ 0.0393); z = y·log2 x
    /// clamped to ±300 (beyond ±150 every float32 result is 0 or ∞ anyway); 2^z = 2^(k/16)·Q(s), k = 16z rounded to
    /// nearest, s = z − k/16 in [−1/32, 1/32], Q degree 4 (relative error 2^-38.5), 2^(k/16) from a 16-entry table and
    /// k's bits (<see cref="PowExp2J"/>). Before the final rounding to float32 the relative error is below 2^-37
    /// (|z| ≤ 150; |y·r·P| ≤ 1.4|z|), so the float32 result is within 0.5 + 2^-13 ulp. Float32 subnormal inputs are normal float64 values:
    /// no special path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PowSingleCore<TV>(TV x0, TV y0, TV x1, TV y1, out TV p0, out TV p1) where TV : struct, ISimdVec<TV, double>
    {
        // Two vectors in lockstep, stage by stage: each stage's table lookups (gathers, whose latency the profile shows
        // as the cost) are issued for both vectors before either waits for its result.
        (TV r0, TV h0) = PowSingleReduce(x0);
        (TV r1, TV h1) = PowSingleReduce(x1);
        TV z0 = PowSingleLog2(r0, h0, y0);
        TV z1 = PowSingleLog2(r1, h1, y1);
        (TV s0, TV scale0) = PowSingleSplit(z0);
        (TV s1, TV scale1) = PowSingleSplit(z1);
        p0 = PowSingleExp2(s0, scale0);
        p1 = PowSingleExp2(s1, scale1);
    }

    /// <summary>x = 2^e·m: r = m·(1/c) − 1 and e + log2 c (the first stage of <see cref="PowSingleCore{TV}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TV R, TV Head) PowSingleReduce<TV>(TV x) where TV : struct, ISimdVec<TV, double>
    {
        // x = 2^e·m, m in [√½, √2); bits 48-51 of the biased bits index the tables.
        (TV e, TV m, TV u) = SplitAtSqrtHalf<double, TV>(x);
        TV part = TV.ShiftRightBits(u, 48);
        return (TV.FusedMultiplyAdd(m, TV.Lookup16(part, PowInvC), TV.Create(-1.0)), TV.Add(e, TV.Lookup16(part, PowLog2C)));
    }

    /// <summary>z = y·log2 x clamped to ±300, log2 x = head + r·P(r).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV PowSingleLog2<TV>(TV r, TV head, TV y) where TV : struct, ISimdVec<TV, double>
    {
        // log2(1 + r)/r, both polynomials by Estrin's scheme (3 dependent steps instead of 7).
        TV r2 = TV.Multiply(r, r);
        TV p47 = TV.FusedMultiplyAdd(TV.FusedMultiplyAdd(TV.Create(-0.18083082559641908), r, TV.Create(0.2065956879388378)), r2,
            TV.FusedMultiplyAdd(TV.Create(-0.24044861635218195), r, TV.Create(0.2885385283407775)));
        TV p03 = TV.FusedMultiplyAdd(TV.FusedMultiplyAdd(TV.Create(-0.3606737604488643), r, TV.Create(0.48089834711131807)), r2,
            TV.FusedMultiplyAdd(TV.Create(-0.7213475204444612), r, TV.Create(1.4426950408889556)));
        TV p = TV.FusedMultiplyAdd(p47, TV.Multiply(r2, r2), p03);
        TV z = TV.Multiply(y, TV.FusedMultiplyAdd(r, p, head));
        return TV.MinNative(TV.MaxNative(z, TV.Create(-300.0)), TV.Create(300.0));
    }

    /// <summary>z = k/16 + s: s and 2^(k/16) (the table lookup of the last stage).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TV S, TV Scale) PowSingleSplit<TV>(TV z) where TV : struct, ISimdVec<TV, double>
    {
        // k = 16z rounded to nearest by the 1.5·2^52 trick (k in the low bits of kb), s = z − k/16 in [−1/32, 1/32]
        // (exact); 2^(k/16) = bits(2^(j/16)) + (k − j)·2^48 with j = k mod 16 (PowExp2J holds bits(2^(j/16)) − j·2^48,
        // so adding k·2^48, which kb shifted left by 48 is, wraps to the right exponent for negative k too).
        TV shifter = TV.Create(6755399441055744.0);
        TV kb = TV.FusedMultiplyAdd(z, TV.Create(16.0), shifter);
        TV s = TV.FusedMultiplyAdd(TV.Subtract(kb, shifter), TV.Create(-0.0625), z);
        return (s, TV.AddBits(TV.Lookup16(kb, PowExp2J), TV.ShiftLeftBits(kb, 48)));
    }

    /// <summary>2^(k/16)·Q(s).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV PowSingleExp2<TV>(TV s, TV scale) where TV : struct, ISimdVec<TV, double>
    {
        TV s2 = TV.Multiply(s, s);
        TV q = TV.FusedMultiplyAdd(TV.FusedMultiplyAdd(TV.Create(0.009617940996620992), s2, TV.FusedMultiplyAdd(TV.Create(0.055505736251880614), s, TV.Create(0.24022650728047595))), s2,
            TV.FusedMultiplyAdd(TV.Create(0.6931471801626139), s, TV.Create(0.9999999999999537)));
        return TV.Multiply(q, scale);
    }

    // Out of line (PowSingle): inlined into every row loop it exhausts the JIT's inlining budget (measured 20-30x slower);
    // only the contiguous loop of PowerOp, which defers its fix, holds the inline form (PowSingleInline), once. The tables
    // replaced f = (m − 1)/(m + 1) with a degree-5 series in f² (two float64 divisions per 16 float32 lanes) and a
    // degree-7 2^s on [−½, ½]: about 15-25% faster at 512 bits (a variant taking that division in float32 lanes had
    // measured 10% slower).

    /// <summary>float32 x^y of 4 lanes (see <see cref="PowSingleCore{TV}"/>), out of line.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Vector128<float> PowSingle(Vector128<float> x, Vector128<float> y) => PowSingleInline(x, y);

    /// <summary>float32 x^y of 4 lanes (see <see cref="PowSingleCore{TV}"/>), inlined: for the one loop that holds it (<c>PowerOp.InvokeDeferred</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> PowSingleInline(Vector128<float> x, Vector128<float> y)
    {
        PowSingleCore<Vec128<double>>(new(Vector128.WidenLower(x)), new(Vector128.WidenLower(y)), new(Vector128.WidenUpper(x)), new(Vector128.WidenUpper(y)),
            out var lower, out var upper);
        return Vector128.Narrow(lower.V, upper.V);
    }

    /// <summary>float32 x^y of 8 lanes (see <see cref="PowSingleCore{TV}"/>), out of line.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Vector256<float> PowSingle(Vector256<float> x, Vector256<float> y) => PowSingleInline(x, y);

    /// <summary>float32 x^y of 8 lanes (see <see cref="PowSingleCore{TV}"/>), inlined: for the one loop that holds it (<c>PowerOp.InvokeDeferred</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> PowSingleInline(Vector256<float> x, Vector256<float> y)
    {
        PowSingleCore<Vec256<double>>(new(Vector256.WidenLower(x)), new(Vector256.WidenLower(y)), new(Vector256.WidenUpper(x)), new(Vector256.WidenUpper(y)),
            out var lower, out var upper);
        return Vector256.Narrow(lower.V, upper.V);
    }

    /// <summary>float32 x^y of 16 lanes (see <see cref="PowSingleCore{TV}"/>), out of line.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Vector512<float> PowSingle(Vector512<float> x, Vector512<float> y) => PowSingleInline(x, y);

    /// <summary>float32 x^y of 16 lanes (see <see cref="PowSingleCore{TV}"/>), inlined: for the one loop that holds it (<c>PowerOp.InvokeDeferred</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> PowSingleInline(Vector512<float> x, Vector512<float> y)
    {
        PowSingleCore<Vec512<double>>(new(Vector512.WidenLower(x)), new(Vector512.WidenLower(y)), new(Vector512.WidenUpper(x)), new(Vector512.WidenUpper(y)),
            out var lower, out var upper);
        return Vector512.Narrow(lower.V, upper.V);
    }
}
