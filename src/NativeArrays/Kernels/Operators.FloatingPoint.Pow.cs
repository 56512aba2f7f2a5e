using System.Numerics;
using System.Runtime.CompilerServices;

namespace NativeArrays.Kernels;

// float64 x^y lane by lane: log x in double-double, y·log x in double-double, exp of that in double-double, one final
// rounding. The bound (against Math.Pow) is in the README and tested in TrigPowerVectorTests.
internal static partial class VectorMath
{
    private const double Ln2Hi42 = 0.6931471805598903, Ln2Lo42 = 5.497923018708371e-14; // ln 2 = hi + lo, hi has 42 bits
    private const double TwoThirds = 0.6666666666666666, TwoThirdsLo = 3.700743415417188e-17;

    /// <summary>
    /// x^y for float64 lanes: x = 2^e·m with m in (√½, √2], f = (m − 1)/(m + 1) to twice the precision (one division: the
    /// remainder's quotient is taken as remainder·(1 − f)/2, since 1/(m + 1) = (1 − f)/2), log m =
    /// 2f + (2/3)f³ (both double-double) + f⁵·Σ 2w^j/(2j + 5) (w = f², the atanh series to 2^-66); e·ln 2 with a 42-bit
    /// ln 2 head (exact). z = y·log x as a double-double; exp z = 2^k·exp(r) with r = z − k·ln 2 (exact head), exp r by
    /// its Taylor series to r^14 (both series by Estrin's scheme: short dependency chains) and the low part folded in, 1 + r + q summed with the error of 1 + r kept; 2^k built
    /// from its bits. A vector with a lane that is not a positive finite base with a finite exponent, or with
    /// |y·log x| &gt; 700, takes <see cref="PowDoubleAnyLanes{T, TV}"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // out of line: inlined at the row loop's call sites it exhausts the JIT's inlining budget (primitives become calls, 5-30x slower)
    public static TV PowDouble<T, TV>(TV x, TV y) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        // Exponent 2: x·x, lane by lane (PowerOp.SquareLanes); a vector of squares only skips the core.
        TV square = TV.Equals(y, K<T, TV>(2));
        ulong squares = TV.ExtractMostSignificantBits(square);
        if (squares == SimdTypes.AllLanes(TV.Count)) return TV.Multiply(x, x);
        TV plain = TV.And(TV.GreaterThan(x, TV.Zero), TV.And(TV.IsFinite(x), TV.IsFinite(y)));
        TV result;
        if ((~TV.ExtractMostSignificantBits(plain) & SimdTypes.AllLanes(TV.Count)) != 0) result = PowDoubleAnyLanes<T, TV>(x, y);
        else
        {
            result = PowDoubleCore<T, TV>(x, y, out TV zh);
            TV large = TV.GreaterThan(TV.Abs(zh), K<T, TV>(700));
            if (TV.ExtractMostSignificantBits(large) != 0) result = PowDoubleLargeLanes<T, TV>(x, y, result, zh, TV.Zero, large);
        }
        return squares == 0 ? result : TV.Select(square, TV.Multiply(x, x), result);
    }

    /// <summary>
    /// <see cref="PowDouble{T, TV}"/> without its out-of-line lanes, for a loop that holds it inline: <paramref name="fix"/>
    /// has the lanes (bit i for lane i) that are not a positive finite base with a finite exponent, or have |y·log x| &gt; 700,
    /// or (in a vector that mixes exponents) an exponent of 2; <see cref="PowDouble{T, TV}"/> gives those vectors' bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV PowDoubleDeferred<T, TV>(TV x, TV y, out ulong fix) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        ulong squares = TV.EqualsBits(y, K<T, TV>(2));
        if (squares == SimdTypes.AllLanes(TV.Count)) { fix = 0; return TV.Multiply(x, x); }
        ulong special = PowDoubleSpecial<T, TV>(x, y);
        TV result = PowDoubleCore<T, TV>(x, y, out TV zh);
        fix = special | squares | TV.ExtractMostSignificantBits(TV.GreaterThan(TV.Abs(zh), K<T, TV>(700)));
        return result;
    }

    /// <summary>Lanes (bit i for lane i) that are not a positive finite base with a finite exponent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong PowDoubleSpecial<T, TV>(TV x, TV y) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
        => TV.OutsideBits(x, K<T, TV>(double.Epsilon), K<T, TV>(double.MaxValue))
            | TV.OutsideBits(y, K<T, TV>(double.MinValue), K<T, TV>(double.MaxValue));

    /// <summary>
    /// The <paramref name="large"/> lanes (|y·log x| &gt; 700) of a core result (its lanes' signs in <paramref name="sign"/>):
    /// y·log x above 710 gives ±inf, below −746 gives ±0; the lanes between (the last finite results, subnormal results)
    /// are computed alone by <see cref="Math.Pow"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static unsafe TV PowDoubleLargeLanes<T, TV>(TV x, TV y, TV result, TV zh, TV sign, TV large) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        TV over = TV.And(large, TV.GreaterThan(zh, K<T, TV>(710)));
        TV under = TV.And(large, TV.LessThan(zh, K<T, TV>(-746)));
        result = TV.Select(over, TV.Or(K<T, TV>(double.PositiveInfinity), sign), TV.Select(under, sign, result));
        ulong rest = TV.ExtractMostSignificantBits(TV.AndNot(large, TV.Or(over, under)));
        return rest == 0 ? result : LaneFix.Binary<T, TV>(x, y, result, rest, &PowScalar<T>);
    }

    /// <summary>
    /// <see cref="PowDouble{T, TV}"/> for any lanes, in vector form where the result is certain: a negative finite base
    /// with a finite integer exponent takes the core with |x| (the result negated for an odd exponent), with any other
    /// finite exponent gives NaN; |y·log x| above 710 gives ±inf and below −746 gives ±0. Zero, subnormal-result,
    /// infinite and NaN lanes are computed alone by <see cref="Math.Pow"/>, so every other special case is Math.Pow's.
    /// Every negative base and every over- or underflow used to take Math.Pow: x^2.5 of normally distributed data ran
    /// 3.4× slower than of positive data, 1.7^x of data in ±10⁴ 10× slower.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TV PowDoubleAnyLanes<T, TV>(TV x, TV y) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
        => PowDoubleAnyLanesInline<T, TV>(x, y);

    /// <summary>
    /// <see cref="PowDouble{T, TV}"/> inlined for a loop of its own (<c>BinaryRow.FixRun</c>): the same bits, every lane
    /// by <see cref="PowDoubleAnyLanesInline{T, TV}"/> (a lane's result does not depend on the path), so only zero,
    /// infinite, NaN and subnormal-result lanes call out.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV PowDoubleRun<T, TV>(TV x, TV y) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        TV square = TV.Equals(y, K<T, TV>(2));
        ulong squares = TV.ExtractMostSignificantBits(square);
        if (squares == SimdTypes.AllLanes(TV.Count)) return TV.Multiply(x, x);
        TV result = PowDoubleAnyLanesInline<T, TV>(x, y);
        return squares == 0 ? result : TV.Select(square, TV.Multiply(x, x), result);
    }

    /// <summary>The body of <see cref="PowDoubleAnyLanes{T, TV}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe TV PowDoubleAnyLanesInline<T, TV>(TV x, TV y) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        TV negative = NegativeBase<T, TV>(x, y, out TV odd, out TV fractional);
        TV plain = TV.Or(TV.And(TV.GreaterThan(x, TV.Zero), TV.And(TV.IsFinite(x), TV.IsFinite(y))), TV.AndNot(negative, fractional));
        TV result = PowDoubleCore<T, TV>(TV.Select(plain, TV.Abs(x), TV.Create(T.One)), TV.And(y, plain), out TV zh);
        TV sign = TV.And(odd, K<T, TV>(-0.0));
        result = TV.Select(fractional, K<T, TV>(double.NaN), TV.Or(result, sign));
        TV large = TV.And(plain, TV.GreaterThan(TV.Abs(zh), K<T, TV>(700)));
        // Lanes neither plain nor fractional (zero, infinite or NaN operands) go with the large ones to Math.Pow.
        TV other = TV.Xor(TV.Or(plain, fractional), TV.AllBitsSet);
        ulong rest = TV.ExtractMostSignificantBits(other);
        if (TV.ExtractMostSignificantBits(large) != 0) return PowDoubleLargeLanes<T, TV>(x, y, result, zh, sign, TV.Or(large, other));
        return rest == 0 ? result : LaneFix.Binary<T, TV>(x, y, result, rest, &PowScalar<T>);
    }

    /// <summary>
    /// Lanes with a negative finite base and a finite exponent (as the mask returned); of those, <paramref name="odd"/>:
    /// the exponent is an odd integer (x^y is −|x|^y), <paramref name="fractional"/>: it is not an integer (x^y is NaN).
    /// Integers of 2^53 and above are even.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV NegativeBase<T, TV>(TV x, TV y, out TV odd, out TV fractional) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        TV negative = TV.And(TV.LessThan(x, TV.Zero), TV.And(TV.IsFinite(x), TV.IsFinite(y)));
        TV integer = TV.Equals(TV.Round(y), y);
        TV half = TV.Multiply(y, K<T, TV>(0.5));
        fractional = TV.AndNot(negative, integer);
        odd = TV.And(TV.And(negative, integer), TV.Xor(TV.Equals(TV.Round(half), half), TV.AllBitsSet));
        return negative;
    }

    /// <summary>
    /// The core of <see cref="PowDouble{T, TV}"/> for x &gt; 0 finite and y finite with |y·log x| ≤ 700 (other lanes
    /// give unspecified results); <paramref name="zh"/>: y·log x rounded, for the caller's range checks.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV PowDoubleCore<T, TV>(TV xs, TV ys, out TV zh) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        // In three inlined parts, each small enough for the JIT to inline into a loop (one method of the whole core was
        // not: its IL, 2.3 KB, exceeded the inlining budget of a small loop method, so each vector went through a call).
        TV e = PowDoubleReduce<T, TV>(xs, out TV fh, out TV fl);
        TV lh = PowDoubleLog<T, TV>(e, fh, fl, out TV ll);
        // z = y·log x = zh + zl.
        zh = TV.Multiply(ys, lh);
        TV zl = TV.FusedMultiplyAdd(ys, ll, TV.FusedMultiplySubtract(ys, lh, zh));
        TV fits = TV.LessThanOrEqual(TV.Abs(zh), K<T, TV>(700)); // the exp below needs |z| ≤ 700; other lanes are the callers'
        TV zc = TV.And(zh, fits);
        zl = TV.And(zl, fits);
        return PowDoubleExp<T, TV>(zc, zl);
    }

    /// <summary>The core's first part: x = 2^e·m (e returned), f = (m − 1)/(m + 1) = <paramref name="fh"/> + <paramref name="fl"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV PowDoubleReduce<T, TV>(TV xs, out TV fh, out TV fl) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        TV one = TV.Create(T.One);
        // x = 2^e·m: subnormals scaled by 2^54 first; e read from the exponent bits (as a double by the 2^52 trick).
        TV subnormal = TV.LessThan(xs, K<T, TV>(2.2250738585072014e-308));
        xs = TV.Select(subnormal, TV.Multiply(xs, K<T, TV>(18014398509481984.0)), xs);
        TV magic = K<T, TV>(4503599627370496.0); // 2^52
        TV e = TV.Subtract(TV.Or(TV.ShiftRightBits(xs, 52), magic), magic);
        e = TV.Subtract(e, TV.Select(subnormal, K<T, TV>(1023 + 54), K<T, TV>(1023)));
        TV m = TV.Or(TV.And(xs, Bits64<T, TV>(0x000F_FFFF_FFFF_FFFF)), one);
        TV above = TV.GreaterThan(m, K<T, TV>(1.4142135623730951));
        m = TV.Select(above, TV.Multiply(m, K<T, TV>(0.5)), m);
        e = TV.Add(e, TV.And(above, one));

        // f = (m - 1)/(m + 1) = fh + fl.
        TV num = TV.Subtract(m, one);
        TV dh = TV.Add(m, one);
        TV bb = TV.Subtract(dh, m);
        TV dl = TV.Add(TV.Subtract(m, TV.Subtract(dh, bb)), TV.Subtract(one, bb));
        fh = TV.Divide(num, dh);
        TV rem = TV.FusedNegatedMultiplyAdd(fh, dh, num);
        rem = TV.FusedNegatedMultiplyAdd(fh, dl, rem);
        fl = TV.Multiply(rem, TV.FusedMultiplyAdd(fh, K<T, TV>(-0.5), K<T, TV>(0.5))); // rem/(m + 1): 1/(m + 1) = (1 − f)/2, no second division
        return e;
    }

    /// <summary>The core's second part: log x = lh + <paramref name="ll"/> (lh returned) from <see cref="PowDoubleReduce{T, TV}"/>'s e and f.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV PowDoubleLog<T, TV>(TV e, TV fh, TV fl, out TV ll) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        // f², f³ and (2/3)f³ as double-doubles.
        TV p2h = TV.Multiply(fh, fh);
        TV p2l = TV.FusedMultiplyAdd(TV.Add(fh, fh), fl, TV.FusedMultiplySubtract(fh, fh, p2h));
        TV p3h = TV.Multiply(p2h, fh);
        TV p3l = TV.Add(TV.FusedMultiplySubtract(p2h, fh, p3h), TV.FusedMultiplyAdd(p2l, fh, TV.Multiply(p2h, fl)));
        TV th = TV.Multiply(p3h, K<T, TV>(TwoThirds));
        TV tl = TV.Add(TV.FusedMultiplySubtract(p3h, K<T, TV>(TwoThirds), th),
            TV.FusedMultiplyAdd(p3h, K<T, TV>(TwoThirdsLo), TV.Multiply(p3l, K<T, TV>(TwoThirds))));
        // Σ 2w^j/(2j + 5), j = 0..11 (2/5 ... 2/27), as 2/5 + w·S(w) with S by Estrin's scheme (5 dependent steps
        // instead of 11; the last step, as Horner's, rounds once at the 2/5 level).
        TV w2 = TV.Multiply(p2h, p2h);
        TV w4 = TV.Multiply(w2, w2);
        TV s03 = TV.FusedMultiplyAdd(TV.FusedMultiplyAdd(K<T, TV>(0.15384615384615385), p2h, K<T, TV>(0.18181818181818182)), w2,
            TV.FusedMultiplyAdd(K<T, TV>(0.2222222222222222), p2h, K<T, TV>(0.2857142857142857)));
        TV s47 = TV.FusedMultiplyAdd(TV.FusedMultiplyAdd(K<T, TV>(0.09523809523809523), p2h, K<T, TV>(0.10526315789473684)), w2,
            TV.FusedMultiplyAdd(K<T, TV>(0.11764705882352941), p2h, K<T, TV>(0.13333333333333333)));
        TV s810 = TV.FusedMultiplyAdd(K<T, TV>(0.07407407407407407), w2, TV.FusedMultiplyAdd(K<T, TV>(0.08), p2h, K<T, TV>(0.08695652173913043)));
        TV series = TV.FusedMultiplyAdd(TV.FusedMultiplyAdd(TV.FusedMultiplyAdd(s810, w4, s47), w4, s03), p2h, K<T, TV>(0.4));
        TV tail = TV.Multiply(TV.Multiply(p3h, p2h), series);

        // log x = e·ln2hi + 2fh + th + (e·ln2lo + 2fl + tl + tail), summed as double-doubles.
        TV a = TV.Multiply(e, K<T, TV>(Ln2Hi42));
        TV twoFh = TV.Add(fh, fh);
        (TV s1, TV s1e) = TwoSum<T, TV>(a, twoFh);
        (TV s2, TV s2e) = TwoSum<T, TV>(s1, th);
        TV low = TV.Add(TV.Add(s1e, s2e), TV.Add(TV.FusedMultiplyAdd(e, K<T, TV>(Ln2Lo42), TV.Add(fl, fl)), TV.Add(tl, tail)));
        TV lh = TV.Add(s2, low);
        ll = TV.Subtract(low, TV.Subtract(lh, s2));
        return lh;
    }

    /// <summary>The core's third part: exp(zc + zl) for |zc| &lt; 708 (2^k normal), |zl| tiny beside zc (also <see cref="ExpDoubleCore{T, TV}"/>'s, zl = 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV PowDoubleExp<T, TV>(TV zc, TV zl) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        TV one = TV.Create(T.One);
        // exp z = 2^k·exp(rh + rl), |rh| <= ln2/2.
        TV k = TV.Round(TV.Multiply(zc, K<T, TV>(1.4426950408889634)));
        TV rh = TV.FusedMultiplyAdd(k, K<T, TV>(-Ln2Hi42), zc); // (−k)·c as k·(−c): the same product, no negation
        TV rl = TV.FusedMultiplyAdd(k, K<T, TV>(-Ln2Lo42), zl);
        // Σ rh^j/(j + 2)!, j = 0..12 (1/2! ... 1/14!), as 1/2 + rh·E(rh) with E by Estrin's scheme (5 dependent steps
        // instead of 13; the last step, as Horner's, rounds once at the 1/2 level).
        TV r2 = TV.Multiply(rh, rh);
        TV r4 = TV.Multiply(r2, r2);
        TV e03 = TV.FusedMultiplyAdd(TV.FusedMultiplyAdd(K<T, TV>(0.001388888888888889), rh, K<T, TV>(0.008333333333333333)), r2,
            TV.FusedMultiplyAdd(K<T, TV>(0.041666666666666664), rh, K<T, TV>(0.16666666666666666)));
        TV e47 = TV.FusedMultiplyAdd(TV.FusedMultiplyAdd(K<T, TV>(2.755731922398589e-07), rh, K<T, TV>(2.7557319223985893e-06)), r2,
            TV.FusedMultiplyAdd(K<T, TV>(2.48015873015873e-05), rh, K<T, TV>(0.0001984126984126984)));
        TV e811 = TV.FusedMultiplyAdd(TV.FusedMultiplyAdd(K<T, TV>(1.1470745597729725e-11), rh, K<T, TV>(1.6059043836821613e-10)), r2,
            TV.FusedMultiplyAdd(K<T, TV>(2.08767569878681e-09), rh, K<T, TV>(2.505210838544172e-08)));
        TV poly = TV.FusedMultiplyAdd(TV.FusedMultiplyAdd(TV.FusedMultiplyAdd(e811, r4, e47), r4, e03), rh, K<T, TV>(0.5));
        TV q0 = TV.Multiply(r2, poly);           // exp(rh) - 1 - rh
        TV q = TV.Add(q0, TV.FusedMultiplyAdd(rl, TV.Add(rh, q0), rl)); // + rl·exp(rh)
        TV s = TV.Add(one, rh);
        TV se = TV.Subtract(rh, TV.Subtract(s, one));
        TV result = TV.Add(s, TV.Add(se, q));
        TV kBits = TV.AddBits(TV.Add(k, K<T, TV>(6755399441055744.0)), Bits64<T, TV>(1023));
        return TV.Multiply(result, TV.ShiftLeftBits(kBits, 52));
    }

    private static T PowScalar<T>(T x, T y) where T : INumber<T> => T.CreateTruncating(Math.Pow(double.CreateTruncating(x), double.CreateTruncating(y)));

    /// <summary>s + e = a + b exactly (Knuth's TwoSum: no assumption on which is larger).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TV Sum, TV Error) TwoSum<T, TV>(TV a, TV b) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        TV s = TV.Add(a, b);
        TV bv = TV.Subtract(s, a);
        return (s, TV.Add(TV.Subtract(a, TV.Subtract(s, bv)), TV.Subtract(b, bv)));
    }
}
