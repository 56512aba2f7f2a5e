using System.Numerics;
using System.Runtime.CompilerServices;

namespace NativeArrays.Kernels;

// Vector tan and atan2, lane by lane (no lane's result depends on its neighbours, so the bits are the same at every
// width). Polynomials: Cephes (S. L. Moshier) tanf/atanf for float32, the Cephes rational forms for float64; the
// reductions use FMA. Bounds measured against float64 / glibc references are in the README and tested in
// TrigPowerVectorTests.
internal static partial class VectorMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV K<T, TV>(double c) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T> => TV.Create(T.CreateTruncating(c));

    /// <summary>The sign bit of each lane of <paramref name="x"/> (all other bits clear).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV SignBit<T, TV>(TV x) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T> => TV.And(x, TV.Create(T.NegativeZero));

    /// <summary>
    /// tan x: k = round(|x|·2/π), r = |x| − k·π/2 with π/2 in three parts by FMA (the first product is exact, so r
    /// keeps its relative accuracy near the poles), tan r by the Cephes polynomial (float32) or rational form
    /// (float64) on [−π/4, π/4], −1/tan r for odd k, and the sign of x (tan is odd; ±0 stay ±0). Lanes with |x| beyond
    /// 2^16 (float32) / 2^26 (float64), ±inf and NaN are computed alone by the scalar <c>Tan</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // inlined: out of line it measured 1.45x slower (float32, 10³ and 10⁶), unlike Atan2 below
    public static unsafe TV Tan<T, TV>(TV x) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        TV t = TanDeferred<T, TV>(x, out ulong outside);
        return outside == 0 ? t : LaneFix.Unary<T, TV>(x, t, outside, &TanScalar<T>);
    }

    /// <summary><see cref="Tan{T, TV}"/> without its fix: <paramref name="outside"/> holds the lanes the scalar <c>Tan</c> must give.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV TanDeferred<T, TV>(TV x, out ulong outside) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        bool single = typeof(T) == typeof(float);
        TV bound = K<T, TV>(single ? 65536.0 : 67108864.0);
        outside = TV.OutsideBits(x, K<T, TV>(single ? -65536.0 : -67108864.0), bound); // in mask registers (see OutsideBits); −bound as a constant (TV.Negate(bound) was an XOR a vector)
        TV a = TV.MinNative(TV.Abs(x), bound); // the other lanes clamped: the scalar Tan replaces them
        TV k = TV.Round(TV.Multiply(a, K<T, TV>(0.6366197723675814)));
        // r = a − k·π/2 with the parts negated instead of k ((−k)·c is k·(−c): the same products, one instruction fewer).
        TV r = TV.FusedMultiplyAdd(k, K<T, TV>(single ? -1.5707963705062866 : -1.5707963267948966), a);
        r = TV.FusedMultiplyAdd(k, K<T, TV>(single ? 4.371138828673793e-08 : -6.123233995736766e-17), r);
        r = TV.FusedMultiplyAdd(k, K<T, TV>(single ? 1.7151245100058819e-15 : 1.4973849048591698e-33), r);
        TV z = TV.Multiply(r, r);
        TV t;
        if (single)
        {
            TV p = TV.FusedMultiplyAdd(K<T, TV>(9.38540185543e-3), z, K<T, TV>(3.11992232697e-3));
            p = TV.FusedMultiplyAdd(p, z, K<T, TV>(2.44301354525e-2));
            p = TV.FusedMultiplyAdd(p, z, K<T, TV>(5.34112807005e-2));
            p = TV.FusedMultiplyAdd(p, z, K<T, TV>(1.33387994085e-1));
            p = TV.FusedMultiplyAdd(p, z, K<T, TV>(3.33331568548e-1));
            t = TV.FusedMultiplyAdd(TV.Multiply(r, z), p, r);
        }
        else
        {
            TV p = TV.FusedMultiplyAdd(K<T, TV>(-1.30936939181383777646e4), z, K<T, TV>(1.15351664838587416140e6));
            p = TV.FusedMultiplyAdd(p, z, K<T, TV>(-1.79565251976484877988e7));
            TV q = TV.Add(z, K<T, TV>(1.36812963470692954678e4));
            q = TV.FusedMultiplyAdd(q, z, K<T, TV>(-1.32089234440210967447e6));
            q = TV.FusedMultiplyAdd(q, z, K<T, TV>(2.50083801823357915839e7));
            q = TV.FusedMultiplyAdd(q, z, K<T, TV>(-5.38695755929454629881e7));
            t = TV.FusedMultiplyAdd(TV.Multiply(r, z), TV.Divide(p, q), r);
        }
        TV half = TV.Multiply(k, K<T, TV>(0.5));
        TV odd = TV.Xor(TV.Equals(TV.Floor(half), half), TV.AllBitsSet);
        t = TV.Select(odd, TV.Divide(K<T, TV>(-1), t), t);
        return TV.Xor(t, SignBit<T, TV>(x));
    }

    private static T TanScalar<T>(T x) where T : IFloatingPointIeee754<T> => T.Tan(x);

    /// <summary>
    /// atan2(y, x) as <see cref="Math.Atan2"/>: with lo/hi the smaller/larger of |y|, |x|, u = lo/hi, or
    /// (lo − hi)/(lo + hi) (one division either way; lo − hi is exact) when lo/hi exceeds tan(π/8) (float32) / 0.66
    /// (float64); atan u by the Cephes polynomial / rational form; the angle is k·π/4 ± atan u, k·π/4 carried in two
    /// parts and added by FMA (one rounding), then y's sign. Lanes with a NaN, an infinity, hi ≥ 2^125 (float32) /
    /// 2^1021 (float64, where lo + hi could overflow) or hi below 2^-100 / 2^-1000 (where lo ± hi could lose bits; both
    /// zero included) are computed alone by the scalar <c>Atan2</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // out of line: inlined at the row loop's call sites it exhausts the JIT's inlining budget (primitives become calls, 5-30x slower)
    public static unsafe TV Atan2<T, TV>(TV y, TV x) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        TV theta = Atan2Deferred<T, TV>(y, x, out ulong special);
        return special == 0 ? theta : LaneFix.Binary<T, TV>(y, x, theta, special, &Atan2Scalar<T>);
    }

    /// <summary>
    /// <see cref="Atan2{T, TV}"/> without its fix: <paramref name="special"/> holds the lanes the scalar <c>Atan2</c> must
    /// give. Inlined: the contiguous row loop of a deferring operator holds it twice (the loop and the vector it leaves
    /// for), which fits the JIT's budget; the other loops call <see cref="Atan2{T, TV}"/> out of line.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Atan2Deferred<T, TV>(TV y, TV x, out ulong special) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        bool single = typeof(T) == typeof(float);
        TV ay = TV.Abs(y), ax = TV.Abs(x);
        TV swapped = TV.GreaterThan(ay, ax);
        TV lo = TV.Select(swapped, ax, ay), hi = TV.Select(swapped, ay, ax);
        // Plain lanes: 2^-100 ≤ hi < 2^125 (float32) / 2^-1000 ≤ hi < 2^1021 (float64) and lo ≤ hi (false for a NaN).
        TV plain = TV.And(TV.And(TV.GreaterThanOrEqual(hi, K<T, TV>(single ? 7.888609052210118e-31 : 9.332636185032189e-302)),
            TV.LessThan(hi, K<T, TV>(single ? 4.253529586511731e+37 : 2.247116418577895e+307))), TV.LessThanOrEqual(lo, hi));
        special = ~TV.ExtractMostSignificantBits(plain) & SimdTypes.AllLanes(TV.Count);
        TV reduced = TV.GreaterThan(lo, TV.Multiply(hi, K<T, TV>(single ? 0.41421356237309503 : 0.66)));
        TV num = TV.Select(reduced, TV.Subtract(lo, hi), lo);
        TV den = TV.Select(reduced, TV.Add(lo, hi), hi);
        TV u = TV.Divide(num, den);
        TV z = TV.Multiply(u, u);
        TV atan;
        if (single)
        {
            TV p = TV.FusedMultiplyAdd(K<T, TV>(8.05374449538e-2), z, K<T, TV>(-1.38776856032e-1));
            p = TV.FusedMultiplyAdd(p, z, K<T, TV>(1.99777106478e-1));
            p = TV.FusedMultiplyAdd(p, z, K<T, TV>(-3.33329491539e-1));
            atan = TV.FusedMultiplyAdd(TV.Multiply(u, z), p, u);
        }
        else
        {
            TV p = TV.FusedMultiplyAdd(K<T, TV>(-8.750608600031904122785e-1), z, K<T, TV>(-1.615753718733365076637e1));
            p = TV.FusedMultiplyAdd(p, z, K<T, TV>(-7.500855792314704667340e1));
            p = TV.FusedMultiplyAdd(p, z, K<T, TV>(-1.228866684490136173410e2));
            p = TV.FusedMultiplyAdd(p, z, K<T, TV>(-6.485021904942025371773e1));
            TV q = TV.Add(z, K<T, TV>(2.485846490142306297962e1));
            q = TV.FusedMultiplyAdd(q, z, K<T, TV>(1.650270098316988542046e2));
            q = TV.FusedMultiplyAdd(q, z, K<T, TV>(4.328810604912902668951e2));
            q = TV.FusedMultiplyAdd(q, z, K<T, TV>(4.853903996359136964868e2));
            q = TV.FusedMultiplyAdd(q, z, K<T, TV>(1.945506571482613964425e2));
            atan = TV.FusedMultiplyAdd(TV.Multiply(u, z), TV.Divide(p, q), u);
        }
        // θ = k·π/4 + s·atan u: not swapped, x ≥ 0: k = kb, s = +; swapped, x ≥ 0: k = 2 − kb, s = −;
        // not swapped, x < 0: k = 4 − kb, s = −; swapped, x < 0: k = 2 + kb, s = + (kb = 1 for reduced lanes).
        TV one = TV.Create(T.One);
        TV xNegative = TV.LessThan(x, TV.Zero); // x = -0 matters only with y = ±0, a scalar lane
        TV kb = TV.And(reduced, one);
        TV kBase = TV.Select(swapped, K<T, TV>(2), TV.Select(xNegative, K<T, TV>(4), TV.Zero));
        TV minus = TV.Xor(swapped, xNegative);
        TV kq = TV.Select(minus, TV.Subtract(kBase, kb), TV.Add(kBase, kb));
        TV signed = TV.Xor(atan, TV.And(minus, TV.Create(T.NegativeZero)));
        TV theta = TV.FusedMultiplyAdd(kq, K<T, TV>(single ? 0.7853981852531433 : 0.7853981633974483),
            TV.FusedMultiplyAdd(kq, K<T, TV>(single ? -2.1855694143368964e-08 : 3.061616997868383e-17), signed));
        return TV.Or(TV.AndNot(theta, TV.Create(T.NegativeZero)), SignBit<T, TV>(y));
    }

    private static T Atan2Scalar<T>(T y, T x) where T : IFloatingPointIeee754<T> => T.Atan2(y, x);
}
