using System.Numerics;
using System.Runtime.CompilerServices;

namespace NativeArrays.Kernels;

// exp(x) − 1 in one path for every lane, and Expm1 and Tanh on it (float32: the float32 core in Operators.FloatingPoint.
// Single.cs; float64: the core below, with no per-vector choice between a series and exp − 1 and no call into the
// runtime's vector Exp and its |x| ≥ 708 test); bounds in the README, tested in VectorisedOpsTests, SingleCoreVectorTests
// and DoubleCoreVectorTests.
internal static partial class VectorMath
{
    /// <summary>
    /// exp(x) − 1 in one path for every lane: <see cref="Expm1SingleCore{T, TV}"/> / <see cref="Expm1DoubleCore{T, TV}"/>
    /// of x clamped below at −88 / −709 (the result is −1); x &gt; 88 / 709, +inf and NaN lanes by
    /// <see cref="ExpSpecialLanes{T, TV}"/> (+inf above 89 / 710 and NaN in vector form, the band between by the scalar
    /// form); ±0 stay ±0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe TV Expm1<T, TV>(TV x) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        TV result = Expm1Deferred<T, TV>(x, out ulong special);
        return special == 0 ? result : ExpSpecialLanes<T, TV>(x, result, special, typeof(T) == typeof(float) ? 89 : 710, double.NegativeInfinity, -1, &ScalarMath.ExpM1<T>);
    }

    /// <summary>
    /// <see cref="Expm1{T, TV}"/> with its special lanes resolved inline (only (88, 89] / (709, 710] call out), for the
    /// contiguous loop's runs of vectors that have them (<see cref="IUnaryOp{T, TOut}.InvokeRun{TV}"/>): the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe TV Expm1Run<T, TV>(TV x, out bool special) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        TV result = Expm1Deferred<T, TV>(x, out ulong lanes);
        special = lanes != 0;
        return ExpSpecialInline<T, TV>(x, result, lanes, typeof(T) == typeof(float) ? 89 : 710, double.NegativeInfinity, -1, &ScalarMath.ExpM1<T>);
    }

    /// <summary><see cref="Expm1{T, TV}"/> without its fix: <paramref name="special"/> holds the lanes <c>ScalarMath.ExpM1</c> must give.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Expm1Deferred<T, TV>(TV x, out ulong special) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        HoistedConstants<TV> c = default;
        Expm1DeferredConstants<T, TV>(ref c);
        return Expm1Hoisted<T, TV>(x, in c, out special);
    }

    /// <summary>
    /// The cores' result with x's sign bit ORed in: −0 gives −0 (the cores give +0 for ±0), and every other lane is
    /// unchanged, because the cores' result already has x's sign. For k = 0 the result is r + r²·P(r) with r = x and
    /// |r²·P(r)| &lt; |r|. Otherwise r may have either sign, but e^r lies in [¾, 1.5] (float64's cut) or [1/√2, √2]
    /// (float32's rounded k), so the FMA's exact value 2^k·e^r − 1 is at least 2·¾ − 1 = ½ (0.41) for k ≥ 1 (x &gt; 0) and
    /// at most 1.5/2 − 1 = −¼ (−0.29) for k ≤ −1 (x &lt; 0): it cannot round to a zero of the other sign. An AND and an
    /// OR where a select on x = 0 took a compare, a mask-to-vector move and a ternary-logic blend.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV WithSignOf<T, TV>(TV result, TV x, TV signBit) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
        => TV.Or(result, TV.And(x, signBit));

    /// <summary>
    /// The constants of <see cref="Expm1Hoisted{T, TV}"/>: the core's (<see cref="Expm1CoreConstants{T, TV}"/>, in slots
    /// up to C17), then its limit and the limit negated in C18, C19 and the sign bit in C21.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Expm1DeferredConstants<T, TV>(ref HoistedConstants<TV> c) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        bool single = typeof(T) == typeof(float);
        Expm1CoreConstants<T, TV>(ref c);
        c.C18 = K<T, TV>(single ? 88 : 709);
        c.C19 = K<T, TV>(single ? -88 : -709);
        c.C21 = TV.Create(T.NegativeZero);
    }

    /// <summary>
    /// <see cref="Expm1Deferred{T, TV}"/> with its constants from <paramref name="c"/> (<see cref="Expm1DeferredConstants{T, TV}"/>),
    /// which the contiguous loop keeps in registers. Lanes above the limit (88 / 709) and NaN, by one compare in a mask
    /// register, are left in <paramref name="special"/>; the core runs on x clamped to [−limit, limit] (one
    /// <c>vrangeps</c> with AVX-512DQ: <see cref="ISimdVec{TSelf, T}.ClampMagnitude"/>; its special lanes are replaced,
    /// whatever it gives them). At −88 / −709 the core's k is −127 / −1023, whose 2^k from the exponent bits is 0, so
    /// the result is −1 exactly, as expm1 rounds there (session 49: a range test of two compares and a mask OR, and a
    /// max and a min, before).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV Expm1Hoisted<T, TV>(TV x, in HoistedConstants<TV> c, out ulong special) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        special = TV.AboveOrNaNBits(x, c.C18);
        TV xs = TV.ClampMagnitude(x, c.C18, c.C19);
        return WithSignOf<T, TV>(Expm1Core<T, TV>(xs, in c), x, c.C21);
    }

    /// <summary>The expm1 core of the lane type (<see cref="Expm1SingleCore{T, TV}"/> / <see cref="Expm1DoubleCore{T, TV}"/>), its constants from <paramref name="c"/> (<see cref="Expm1CoreConstants{T, TV}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Expm1Core<T, TV>(TV x, in HoistedConstants<TV> c) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
        // typeof(T) in the condition itself: the importer drops the other core before inlining (both cores inlined
        // exhaust the row loop's inlining budget).
        => typeof(T) == typeof(float) ? Expm1SingleCore<T, TV>(x, in c) : Expm1DoubleCore<T, TV>(x, in c);

    /// <summary>The constants of <see cref="Expm1Core{T, TV}"/>: <see cref="Expm1SingleConstants{T, TV}"/> / <see cref="Expm1DoubleConstants{T, TV}"/> (slots up to C17).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Expm1CoreConstants<T, TV>(ref HoistedConstants<TV> c) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        if (typeof(T) == typeof(float))
            Expm1SingleConstants<T, TV>(ref c);
        else
            Expm1DoubleConstants<T, TV>(ref c);
    }

    /// <summary>
    /// exp(x) − 1 for float64 lanes x in [−709, 709]: k = ⌊x/ln 2 + log2(4/3)⌋ (rounded to nearest after a shift by
    /// log2(4/3) − ½, by the 1.5·2^52 trick, whose low bits are 2^k's exponent), so r = x − k·ln 2 lies in
    /// [−ln(4/3), ln 1.5] and expm1 r in [−¼, ½]; r = rh + rl with rh = x − k·ln2hi exact (42-bit head) and
    /// rl = −k·ln2lo; expm1 rh = rh + rh²·P(rh) (P = ½ + rh·E of degree 10, E's constants in
    /// <see cref="Expm1DoubleConstants{T, TV}"/>; by Estrin's scheme, its last step at the ½ level), plus rl·(1 + expm1 rh)
    /// in one more FMA; result 2^k·expm1 r + (2^k − 1) by one FMA
    /// (2^k from its bits; 2^k − 1 is exact where it matters, k ≤ 53). Where k and r have opposite signs the two terms
    /// partly cancel, and the cut points are where that costs least: k = 1 with expm1 r ≥ −¼ puts the result at ≥ ½,
    /// where expm1 r's error, doubled, is a quarter of an ulp of the result per half-ulp; k = −1 with expm1 r ≤ ½ halves
    /// it into a result of magnitude ≥ ¼ (a round-to-nearest reduction, |r| ≤ ln 2 / 2, would put k = 1 results at 0.41
    /// with expm1 r at −0.29: one whole ulp of the result per half-ulp). +0 gives +0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Expm1DoubleCore<T, TV>(TV x, in HoistedConstants<TV> c) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        TV shifted = TV.Add(TV.FusedMultiplyAdd(x, c.C0, c.C1), c.C2);
        TV k = TV.Subtract(shifted, c.C2);
        TV rh = TV.FusedMultiplyAdd(k, c.C3, x); // (−k)·c as k·(−c): the same product, no negation
        TV rl = TV.Multiply(k, c.C4);
        TV r2 = TV.Multiply(rh, rh);
        TV r4 = TV.Multiply(r2, r2);
        // E ≈ (e^rh − 1 − rh − rh²/2)/rh³ by its degree-9 Chebyshev fit on the reduced range, by Estrin's scheme: pairs,
        // quads, then Horner in rh^4.
        TV v0 = TV.FusedMultiplyAdd(TV.FusedMultiplyAdd(c.C8, rh, c.C7), r2, TV.FusedMultiplyAdd(c.C6, rh, c.C5));
        TV v1 = TV.FusedMultiplyAdd(TV.FusedMultiplyAdd(c.C12, rh, c.C11), r2, TV.FusedMultiplyAdd(c.C10, rh, c.C9));
        TV v2 = TV.FusedMultiplyAdd(c.C14, rh, c.C13);
        TV e = TV.FusedMultiplyAdd(TV.FusedMultiplyAdd(v2, r4, v1), r4, v0);
        TV em1 = TV.FusedMultiplyAdd(r2, TV.FusedMultiplyAdd(e, rh, c.C15), rh);
        em1 = TV.FusedMultiplyAdd(rl, TV.Add(em1, c.C16), em1);
        // 2^k as in the float32 core: one vscalefpd of 1 where it takes no assist (k = −1023: 2^−1023, or 0 from the
        // bits; −1 either way), else from the shift's low bits.
        TV scale = TV.HasScaleB && !SimdTypes.SubnormalResultsAssist ? TV.ScaleB(c.C16, k) : TV.ShiftLeftBits(TV.AddBits(shifted, c.C17), 52);
        return TV.FusedMultiplyAdd(scale, em1, TV.Subtract(scale, c.C16));
    }

    /// <summary>
    /// The constants of <see cref="Expm1DoubleCore{T, TV}"/>, in slots C0..C17 (callers that hoist them add theirs after).
    /// C5..C14: E(r) = (e^r − 1 − r − r²/2)/r³ by its degree-9 Chebyshev fit on [−ln(4/3), ln 1.5] (mpmath's
    /// <c>chebyfit</c> at 60 digits); with the coefficients rounded to float64, expm1 r = r + r²·(½ + r·E) is within
    /// 2^-58 of expm1 r relative over the whole range, as Taylor to r^14 would be, in 9 FMAs instead of 11 (the truncated
    /// reduction's Taylor to r^16 took 13 and a multiplication).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Expm1DoubleConstants<T, TV>(ref HoistedConstants<TV> c) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        c.C0 = K<T, TV>(1.4426950408889634); // 1/ln 2, the cut, the 1.5·2^52 shift, −ln 2 in two parts
        c.C1 = K<T, TV>(Expm1Cut);
        c.C2 = K<T, TV>(6755399441055744.0);
        c.C3 = K<T, TV>(-Ln2Hi42);
        c.C4 = K<T, TV>(-Ln2Lo42);
        c.C5 = K<T, TV>(0.16666666666666666);
        c.C6 = K<T, TV>(0.04166666666666691);
        c.C7 = K<T, TV>(0.008333333333333769);
        c.C8 = K<T, TV>(0.0013888888888551024);
        c.C9 = K<T, TV>(0.00019841269840292484);
        c.C10 = K<T, TV>(2.4801588625232437e-05);
        c.C11 = K<T, TV>(2.755731190576927e-06);
        c.C12 = K<T, TV>(2.7555352096868325e-07);
        c.C13 = K<T, TV>(2.507489722675224e-08);
        c.C14 = K<T, TV>(2.188086325458362e-09);
        c.C15 = K<T, TV>(0.5);
        c.C16 = K<T, TV>(1);
        c.C17 = Bits64<T, TV>(1023); // 2^k from the shift's low bits
    }

    /// <summary>log2(4/3) − ½: <see cref="Expm1DoubleCore{T, TV}"/>'s k = round(x/ln 2 + this) = ⌊x/ln 2 + log2(4/3)⌋.</summary>
    private const double Expm1Cut = -0.08496250072115624;

    /// <summary>
    /// tanh x = t / (t + 2), t = expm1(2|x|) by <see cref="Expm1SingleCore{T, TV}"/> / <see cref="Expm1DoubleCore{T, TV}"/>,
    /// x's sign. 2|x| is clamped to 20 / 40 instead of compared: from |x| = 9.01 / 19.1 on tanh rounds to 1, and at the
    /// clamp the quotient is exactly 1 (t + 2 rounds to t), so no select. t ≥ 0, so the sign is one OR; ±0 stay ±0.
    /// NaN lanes stay NaN without a test (session 49; a compare and a select before): the clamp's min returns the NaN,
    /// every step of the core and the quotient carry it (the core's 2^k of a NaN k is some number, the product with
    /// the NaN expm1 r NaN), and x's sign is ORed back: x quieted, payload and sign kept, as the scalar Tanh gives it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Tanh<T, TV>(TV x) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        HoistedConstants<TV> c = default;
        TanhConstants<T, TV>(ref c);
        return TanhHoisted<T, TV>(x, in c);
    }

    /// <summary>The constants of <see cref="TanhHoisted{T, TV}"/>: the expm1 core's, then the clamp (20 / 40), 2 and the sign bit in C18..C20.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void TanhConstants<T, TV>(ref HoistedConstants<TV> c) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        Expm1CoreConstants<T, TV>(ref c);
        c.C18 = K<T, TV>(typeof(T) == typeof(float) ? 20 : 40);
        c.C19 = K<T, TV>(2);
        c.C20 = TV.Create(T.NegativeZero);
    }

    /// <summary>
    /// <see cref="Tanh{T, TV}"/> with its constants from <paramref name="c"/> (<see cref="TanhConstants{T, TV}"/>), which
    /// the contiguous loop keeps in registers: the same operations (|x| as x without its sign bit).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV TanhHoisted<T, TV>(TV x, in HoistedConstants<TV> c) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        TV a = TV.AndNot(x, c.C20);
        TV a2 = TV.MinNative(c.C18, TV.Add(a, a)); // the native min returns its second operand for NaN: NaN goes on
        TV t = Expm1Core<T, TV>(a2, in c);
        return TV.Or(TV.Divide(t, TV.Add(t, c.C19)), TV.And(x, c.C20));
    }

    /// <summary>The bits of float64 √½ (0.7071067811865476).</summary>
    private const long SqrtHalfDoubleBits = 0x3FE6_A09E_667F_3BCD;

    /// <summary>A vector of float64 lanes holding <paramref name="bits"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Bits64<T, TV>(long bits) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
        => TV.Create(typeof(T) == typeof(double) ? Unsafe.BitCast<long, T>(bits) : Lane<T>(BitConverter.Int64BitsToDouble(bits)));

    /// <summary>
    /// Positive normal finite float64 lanes u = 2^k·m with m in [√½, √2), by one integer add: bits(u) + bits(1) − bits(√½)
    /// (returned as <c>Biased</c>; its bits 48-51 are m's top mantissa bits less √½'s) carries into the exponent exactly
    /// when the mantissa is ≥ √2; k read from its exponent field as a double by the 2^52 trick, m from its low 52 bits
    /// plus bits(√½). Shared by the float64 log core and the float32 Power core (in float64 lanes).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TV K, TV M, TV Biased) SplitAtSqrtHalf<T, TV>(TV u) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        TV hu = TV.AddBits(u, Bits64<T, TV>(0x3FF0_0000_0000_0000 - SqrtHalfDoubleBits));
        TV magic = K<T, TV>(4503599627370496.0); // 2^52: its bits OR a small integer are that integer + 2^52
        TV k = TV.Subtract(TV.Or(TV.ShiftRightBits(hu, 52), magic), K<T, TV>(4503599627370496.0 + 1023));
        TV m = TV.AddBits(TV.And(hu, Bits64<T, TV>(0x000F_FFFF_FFFF_FFFF)), Bits64<T, TV>(SqrtHalfDoubleBits));
        return (k, m, hu);
    }

    /// <summary>
    /// log(1 + x) for float64 lanes whose u = 1 + x is a positive normal finite number (the caller sends the others to
    /// the scalar function and keeps x's sign): c = (1 + x) − u exactly by Knuth's TwoSum of 1 and x (no compare, no
    /// select), and c/u, the first-order correction log(1 + x) − log u, added to <see cref="LogDoubleCore{T, TV}"/>(u).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Log1pDoubleCore<T, TV>(TV x, TV u) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        TV one = K<T, TV>(1);
        TV xb = TV.Subtract(u, one);
        TV c = TV.Add(TV.Subtract(one, TV.Subtract(u, xb)), TV.Subtract(x, xb));
        return LogDoubleCore<T, TV>(u, TV.Divide(c, u));
    }

    /// <summary>
    /// log u + corr for float64 lanes u that are positive normal finite numbers and a small correction corr (|corr| ≤
    /// 2^-52), as fdlibm's log1p: u = 2^k·m with m in [√½, √2) (<see cref="SplitAtSqrtHalf{T, TV}"/>); f = m − 1 (exact),
    /// s = f/(2 + f), log m = f − f²/2 + s·(f²/2 + R(s²)) with fdlibm's Lg1..Lg7 (R by Estrin's scheme); k·ln 2 with
    /// ln 2 in two parts (k·ln2hi exact), corr added with the low part. No call, no table, no long-to-double conversion
    /// (the runtime's float64 vector Log converts its exponent with one, which AVX2 lacks).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV LogDoubleCore<T, TV>(TV u, TV corr) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        TV k = LogDoubleParts<T, TV>(u, out TV f, out TV hfsq, out TV s, out TV sum);
        TV r = TV.FusedMultiplyAdd(s, sum, TV.FusedMultiplyAdd(k, K<T, TV>(1.90821492927058770002e-10), corr));
        r = TV.Add(TV.Subtract(r, hfsq), f);
        return TV.FusedMultiplyAdd(k, K<T, TV>(6.93147180369123816490e-01), r);
    }

    /// <summary>
    /// The parts of fdlibm's log of a positive normal finite u = 2^k·m (k returned): f = m − 1, hfsq = f²/2,
    /// s = f/(2 + f), and <paramref name="sum"/> = hfsq + R(s²); log m = f − hfsq + s·sum.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV LogDoubleParts<T, TV>(TV u, out TV f, out TV hfsq, out TV s, out TV sum) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        (TV k, TV m, _) = SplitAtSqrtHalf<T, TV>(u);
        f = TV.Subtract(m, K<T, TV>(1));
        hfsq = TV.Multiply(TV.Multiply(f, f), K<T, TV>(0.5));
        s = TV.Divide(f, TV.Add(f, K<T, TV>(2)));
        TV z = TV.Multiply(s, s);
        TV w = TV.Multiply(z, z);
        TV t1 = TV.Multiply(w, TV.FusedMultiplyAdd(TV.FusedMultiplyAdd(K<T, TV>(1.531383769920937332e-01), w, K<T, TV>(2.222219843214978396e-01)), w,
            K<T, TV>(3.999999999940941908e-01)));
        TV t2 = TV.Multiply(z, TV.FusedMultiplyAdd(TV.FusedMultiplyAdd(TV.FusedMultiplyAdd(K<T, TV>(1.479819860511658591e-01), w,
            K<T, TV>(1.818357216161805012e-01)), w, K<T, TV>(2.857142874366239149e-01)), w, K<T, TV>(6.666666666666735130e-01)));
        sum = TV.Add(hfsq, TV.Add(t2, t1));
        return k;
    }

    /// <summary>
    /// log2 of positive normal finite float64 lanes: k + log m/ln 2 with log m = f − q (q = hfsq − s·sum, fdlibm's parts)
    /// carried as h + l (h = f − q rounded, l its error, exact: |f| ≥ |q|), times 1/ln 2 in two parts with the product's
    /// error by FMA, and k added by Fast2Sum (k is an integer; where k ≠ 0, |k| ≥ 1 &gt; |log2 m|): one final rounding
    /// of a result good to well below an ulp. A power of two gives its exponent exactly (f = 0).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV Log2DoubleCore<T, TV>(TV u) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        TV k = LogDoubleParts<T, TV>(u, out TV f, out TV hfsq, out TV s, out TV sum);
        TV q = TV.FusedNegatedMultiplyAdd(s, sum, hfsq);
        TV h = TV.Subtract(f, q);
        TV l = TV.Subtract(TV.Subtract(f, h), q);
        return Log2Finish<T, TV>(k, h, l);
    }

    /// <summary>
    /// k + (h + l)/ln 2 rounded once at the end (k a whole number, |h + l| &lt; 1; 1/ln 2 as c + cLo, c rounded to the
    /// lane type, cLo the rest): the float64 and float32 log2 cores' last step.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Log2Finish<T, TV>(TV k, TV h, TV l) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        const double InvLn2 = 1.4426950408889634, InvLn2Lo = 2.0355273740931033e-17;
        TV c = K<T, TV>(InvLn2), cLo = K<T, TV>(InvLn2 - double.CreateTruncating(Lane<T>(InvLn2)) + InvLn2Lo);
        TV v = TV.Multiply(h, c);
        TV vl = TV.Add(TV.FusedMultiplySubtract(h, c, v), TV.FusedMultiplyAdd(h, cLo, TV.Multiply(l, c)));
        TV w = TV.Add(k, v);
        return TV.Add(w, TV.Add(TV.Add(TV.Subtract(k, w), v), vl));
    }

    /// <summary>
    /// Natural log of float64 lanes by <see cref="LogDoubleCore{T, TV}"/>; lanes that are not positive normal finite
    /// numbers by <see cref="LogSpecialLanes{T, TV}"/> (0, negatives, inf, NaN in vector form; subnormals by the scalar
    /// <see cref="double.Log(double)"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe TV LogDouble<T, TV>(TV x) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        TV r = LogDoubleCore<T, TV>(x, TV.Zero);
        ulong special = NotPositiveNormal<T, TV>(x);
        return special == 0 ? r : LogSpecialInline<T, TV>(x, x, r, &LogScalar<T>);
    }

    private static T LogScalar<T>(T x) where T : IFloatingPointIeee754<T> => T.Log(x);
}
