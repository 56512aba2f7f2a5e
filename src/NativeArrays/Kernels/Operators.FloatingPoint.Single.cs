using System.Numerics;
using System.Runtime.CompilerServices;

namespace NativeArrays.Kernels;

// float32 exp and log evaluated in float32 lanes and inlined (the runtime's vector Exp/Log for float are calls that
// widen to float64, twice the work per lane). Cephes (S. L. Moshier) expf/exp2f/logf polynomials with FMA steps;
// callers keep the arguments in range and send special lanes to the scalar functions. Used by the float32 Exp (and
// so Sigmoid), Exp2, Expm1, Tanh, Log10 and Log1p; bounds in the README, tested in VectorisedOpsTests.
internal static partial class VectorMath
{
    /// <summary>2^k for integer-valued float lanes k in [-126, 127], from the exponent bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV PowerOfTwoSingle<T, TV>(TV k) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
        => TV.ShiftLeftBits(TV.Add(k, K<T, TV>(8388608.0 + 127)), 23);

    /// <summary>e^x for float lanes with x in [-87.3, 88.7] (the caller clamps): x = k·ln 2 + r, |r| ≤ ln2/2, Cephes expf.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ExpSingleCore<T, TV>(TV x) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        TV k = TV.Round(TV.Multiply(x, K<T, TV>(1.4426950408889634)));
        TV r = TV.FusedMultiplyAdd(TV.Negate(k), K<T, TV>(0.693359375), x);
        r = TV.FusedMultiplyAdd(TV.Negate(k), K<T, TV>(-2.12194440e-4), r);
        TV p = TV.FusedMultiplyAdd(K<T, TV>(1.9875691500e-4), r, K<T, TV>(1.3981999507e-3));
        p = TV.FusedMultiplyAdd(p, r, K<T, TV>(8.3334519073e-3));
        p = TV.FusedMultiplyAdd(p, r, K<T, TV>(4.1665795894e-2));
        p = TV.FusedMultiplyAdd(p, r, K<T, TV>(1.6666665459e-1));
        p = TV.FusedMultiplyAdd(p, r, K<T, TV>(5.0000001201e-1));
        TV e = TV.Add(TV.FusedMultiplyAdd(TV.Multiply(r, r), p, r), K<T, TV>(1));
        return TV.Multiply(e, PowerOfTwoSingle<T, TV>(k));
    }

    /// <summary>
    /// log x for normal, finite, positive float lanes (the caller sends the others to the scalar function): x = 2^e·m,
    /// m in [√½, √2), f = m − 1, log m = f − f²/2 + f³·P(f) (Cephes logf), e·ln 2 in two parts.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV LogSingleCore<T, TV>(TV x) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        TV one = K<T, TV>(1);
        TV magic = K<T, TV>(8388608.0); // 2^23: its bits OR a small integer are that integer + 2^23
        TV e = TV.Subtract(TV.Or(TV.ShiftRightBits(x, 23), magic), K<T, TV>(8388608.0 + 126));
        TV m = TV.Or(TV.And(x, TV.Create(T.CreateTruncating(BitConverter.Int32BitsToSingle(0x007F_FFFF)))), K<T, TV>(0.5)); // [0.5, 1)
        TV low = TV.LessThan(m, K<T, TV>(0.707106781186547524));
        e = TV.Subtract(e, TV.And(low, one));
        TV f = TV.Subtract(TV.Add(m, TV.And(low, m)), one);
        TV z = TV.Multiply(f, f);
        TV p = TV.FusedMultiplyAdd(K<T, TV>(7.0376836292e-2), f, K<T, TV>(-1.1514610310e-1));
        p = TV.FusedMultiplyAdd(p, f, K<T, TV>(1.1676998740e-1));
        p = TV.FusedMultiplyAdd(p, f, K<T, TV>(-1.2420140846e-1));
        p = TV.FusedMultiplyAdd(p, f, K<T, TV>(1.4249322787e-1));
        p = TV.FusedMultiplyAdd(p, f, K<T, TV>(-1.6668057665e-1));
        p = TV.FusedMultiplyAdd(p, f, K<T, TV>(2.0000714765e-1));
        p = TV.FusedMultiplyAdd(p, f, K<T, TV>(-2.4999993993e-1));
        p = TV.FusedMultiplyAdd(p, f, K<T, TV>(3.3333331174e-1));
        TV y = TV.Multiply(TV.Multiply(p, f), z);
        y = TV.FusedMultiplyAdd(e, K<T, TV>(-2.12194440e-4), y);
        y = TV.FusedMultiplyAdd(z, K<T, TV>(-0.5), y);
        return TV.FusedMultiplyAdd(e, K<T, TV>(0.693359375), TV.Add(f, y));
    }

    /// <summary>Lanes of <paramref name="x"/> that are not normal, finite and positive, as lane bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong NotPositiveNormal<T, TV>(TV x) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        TV ok = TV.And(TV.GreaterThanOrEqual(x, K<T, TV>(1.1754943508222875e-38)), TV.LessThanOrEqual(x, K<T, TV>(3.4028234663852886e+38)));
        return ~TV.ExtractMostSignificantBits(ok) & SimdTypes.AllLanes(TV.Count);
    }

    /// <summary>float32 2^x: k = round(x), 2^(x − k) by Cephes exp2f (x − k is exact); |x| &gt; 126 and NaN lanes by the scalar Exp2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe TV Exp2Single<T, TV>(TV x) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        TV inRange = TV.LessThanOrEqual(TV.Abs(x), K<T, TV>(126));
        ulong outside = ~TV.ExtractMostSignificantBits(inRange) & SimdTypes.AllLanes(TV.Count);
        TV xs = TV.And(x, inRange);
        TV k = TV.Round(xs);
        TV f = TV.Subtract(xs, k);
        TV p = TV.FusedMultiplyAdd(K<T, TV>(1.535336188319500e-4), f, K<T, TV>(1.339887440266574e-3));
        p = TV.FusedMultiplyAdd(p, f, K<T, TV>(9.618437357674640e-3));
        p = TV.FusedMultiplyAdd(p, f, K<T, TV>(5.550332471162809e-2));
        p = TV.FusedMultiplyAdd(p, f, K<T, TV>(2.402264791363012e-1));
        p = TV.FusedMultiplyAdd(p, f, K<T, TV>(6.931472028550421e-1));
        TV r = TV.Multiply(TV.FusedMultiplyAdd(p, f, K<T, TV>(1)), PowerOfTwoSingle<T, TV>(k));
        return outside == 0 ? r : LaneFix.Unary<T, TV>(x, r, outside, &Exp2Scalar<T>);
    }

    /// <summary>
    /// float32 exp(x) − 1 in one path for every lane: x = k·ln 2 + r (|r| ≤ ln2/2), expm1 r = r + r²·P(r) (Taylor to
    /// r^8: no cancellation), result 2^k·expm1 r + (2^k − 1) by one FMA (2^k − 1 is exact where it matters, k ≤ 24).
    /// x is clamped below at −87 (the result is −1); x &gt; 88 and NaN lanes by the scalar form; ±0 stay ±0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe TV Expm1Single<T, TV>(TV x) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        TV fits = TV.LessThanOrEqual(x, K<T, TV>(88));
        ulong special = ~TV.ExtractMostSignificantBits(fits) & SimdTypes.AllLanes(TV.Count);
        TV xs = TV.Select(fits, TV.Max(x, K<T, TV>(-87)), TV.Zero);
        TV k = TV.Round(TV.Multiply(xs, K<T, TV>(1.4426950408889634)));
        TV r = TV.FusedMultiplyAdd(TV.Negate(k), K<T, TV>(0.693359375), xs);
        r = TV.FusedMultiplyAdd(TV.Negate(k), K<T, TV>(-2.12194440e-4), r);
        TV p = TV.FusedMultiplyAdd(K<T, TV>(1.0 / 40320), r, K<T, TV>(1.0 / 5040));
        p = TV.FusedMultiplyAdd(p, r, K<T, TV>(1.0 / 720));
        p = TV.FusedMultiplyAdd(p, r, K<T, TV>(1.0 / 120));
        p = TV.FusedMultiplyAdd(p, r, K<T, TV>(1.0 / 24));
        p = TV.FusedMultiplyAdd(p, r, K<T, TV>(1.0 / 6));
        p = TV.FusedMultiplyAdd(p, r, K<T, TV>(0.5));
        TV em1 = TV.FusedMultiplyAdd(TV.Multiply(r, r), p, r);
        TV scale = PowerOfTwoSingle<T, TV>(k);
        TV result = TV.FusedMultiplyAdd(scale, em1, TV.Subtract(scale, K<T, TV>(1)));
        result = TV.Select(TV.Equals(x, TV.Zero), x, result);
        return special == 0 ? result : LaneFix.Unary<T, TV>(x, result, special, &ScalarMath.ExpM1<T>);
    }

    /// <summary>
    /// float32 e^x: <see cref="ExpSingleCore{T, TV}"/> for x in [−87, 88] (where 2^k and the result are normal);
    /// other lanes (overflow, subnormal results, ±inf, NaN) by the scalar Exp.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe TV ExpSingle<T, TV>(TV x) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        TV inRange = TV.And(TV.GreaterThanOrEqual(x, K<T, TV>(-87)), TV.LessThanOrEqual(x, K<T, TV>(88)));
        ulong outside = ~TV.ExtractMostSignificantBits(inRange) & SimdTypes.AllLanes(TV.Count);
        TV r = ExpSingleCore<T, TV>(TV.And(x, inRange));
        return outside == 0 ? r : LaneFix.Unary<T, TV>(x, r, outside, &ExpScalar<T>);
    }

    private static T Exp2Scalar<T>(T x) where T : IFloatingPointIeee754<T> => T.Exp2(x);
}
