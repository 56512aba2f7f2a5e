using System.Numerics;
using System.Runtime.CompilerServices;

namespace NativeArrays.Kernels;

// Vector tan and atan2, lane by lane (no lane's result depends on its neighbours, so the bits are the same at every
// width). Polynomials: Cephes (S. L. Moshier) tanf/atanf for float32, the Cephes rational forms for float64; the
// reductions use FMA. Bounds measured against float64 / glibc references are in the README and tested in
// TrigPowerVectorTests.
internal static partial class VectorMath
{
    /// <summary>A vector of lanes holding the constant <paramref name="c"/> rounded to <typeparamref name="T"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV K<T, TV>(double c) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T> => TV.Create(Lane<T>(c));

    /// <summary>
    /// <paramref name="c"/> rounded to <typeparamref name="T"/>: a plain cast for float and double (the same rounding as
    /// <c>CreateTruncating</c>). The generic <c>CreateTruncating</c> leaves about five inlining temps a constant, and the
    /// JIT stops tracking locals past 1024 in a method: the row loop of float32 <c>Log10</c> went over and lost its
    /// registers and folded constants (0.36 -> 0.51 ms at 10⁶).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Lane<T>(double c) where T : INumber<T>
        => typeof(T) == typeof(float) ? Unsafe.BitCast<float, T>((float)c)
        : typeof(T) == typeof(double) ? Unsafe.BitCast<double, T>(c)
        : T.CreateTruncating(c);

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
        if (single)
        {
            HoistedConstants<TV> c = default;
            TanSingleConstants<T, TV>(ref c);
            return TanSingleDeferred<T, TV>(x, in c, out outside);
        }
        TV k = ReduceByHalfPi<T, TV>(x, out outside, out TV r1);
        TV r = TV.FusedMultiplyAdd(k, K<T, TV>(single ? 4.371138828673793e-08 : -6.123233995736766e-17), r1);
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

    /// <summary>The constants of <see cref="TanSingleDeferred{T, TV}"/>, in the order it reads them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void TanSingleConstants<T, TV>(ref HoistedConstants<TV> c) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        // The shifted k's bits are 0x4B400000 + k (k < 2^22), so ANDed with bits(1.0) | 1 they are 0x0B000000 | k's
        // parity: this constant (a normal float32) exactly for odd k, and no compare reads a subnormal.
        c.C0 = TV.Create(Unsafe.BitCast<int, T>(0x3F80_0001));
        c.C15 = TV.Create(Unsafe.BitCast<int, T>(0x0B00_0001));
        c.C1 = K<T, TV>(65536.0); // the reduction's range (ReduceByHalfPi's)
        c.C2 = TV.Create(T.NegativeZero);
        c.C3 = K<T, TV>(0.6366197723675814); // 2/π
        c.C4 = K<T, TV>(-1.5707963705062866); // −π/2 in three parts
        c.C5 = K<T, TV>(4.371138828673793e-08);
        c.C6 = K<T, TV>(1.7151245100058819e-15);
        c.C7 = K<T, TV>(9.38540185543e-3); // Cephes tanf
        c.C8 = K<T, TV>(3.11992232697e-3);
        c.C9 = K<T, TV>(2.44301354525e-2);
        c.C10 = K<T, TV>(5.34112807005e-2);
        c.C11 = K<T, TV>(1.33387994085e-1);
        c.C12 = K<T, TV>(3.33331568548e-1);
        c.C13 = K<T, TV>(12582912.0); // 1.5·2^23: k rounded by the shift, its parity in the lowest bit
        c.C14 = K<T, TV>(-1);
    }

    /// <summary>
    /// float32 <see cref="TanDeferred{T, TV}"/> with its constants from <paramref name="c"/> (<see cref="TanSingleConstants{T, TV}"/>),
    /// which the contiguous loop keeps in registers (|x| as x without its sign bit). Leaner than the float64 form (session
    /// 49: 23 vector operations a vector where it took 28): |x| &gt; 2^16 and NaN by one compare on |x| (the lanes the caller
    /// replaces need no clamp: whatever the core gives them is dropped); k = round(|x|·2/π) by the 1.5·2^23 shift in one
    /// FMA (|x|·2/π rounded once, to an integer: the reduction below is exact for any integer k, and r stays within
    /// π/4 and a rounding of it), whose lowest bit is k's parity, so odd lanes are one AND and one compare (a multiply,
    /// a floor, a compare and a complement through a vector before).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV TanSingleDeferred<T, TV>(TV x, in HoistedConstants<TV> c, out ulong outside) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        TV a = TV.AndNot(x, c.C2);
        outside = TV.AboveOrNaNBits(a, c.C1);
        TV shifted = TV.FusedMultiplyAdd(a, c.C3, c.C13);
        TV k = TV.Subtract(shifted, c.C13);
        TV r = TV.FusedMultiplyAdd(k, c.C4, a);
        r = TV.FusedMultiplyAdd(k, c.C5, r);
        r = TV.FusedMultiplyAdd(k, c.C6, r);
        TV z = TV.Multiply(r, r);
        TV p = TV.FusedMultiplyAdd(c.C7, z, c.C8);
        p = TV.FusedMultiplyAdd(p, z, c.C9);
        p = TV.FusedMultiplyAdd(p, z, c.C10);
        p = TV.FusedMultiplyAdd(p, z, c.C11);
        p = TV.FusedMultiplyAdd(p, z, c.C12);
        TV t = TV.FusedMultiplyAdd(TV.Multiply(r, z), p, r);
        t = TV.SelectWhereEqual(TV.And(shifted, c.C0), c.C15, TV.Divide(c.C14, t), t); // odd k: −1/t
        return TV.Xor(t, TV.And(x, c.C2));
    }

    /// <summary>
    /// The first step of the trigonometric reductions: k = round(|x|·2/π) (returned) and <paramref name="r1"/> =
    /// |x| − k·c1 with c1 = π/2 rounded to the lane type, by one FMA. It is exact: for |x| up to the bound (2^16 float32,
    /// 2^26 float64) |x| and k·c1 are multiples of c1's ulp and their difference is below 1, so it fits. Lanes beyond
    /// the bound, ±inf and NaN (<paramref name="outside"/>) are clamped: the caller's scalar function replaces them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ReduceByHalfPi<T, TV>(TV x, out ulong outside, out TV r1) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        bool single = typeof(T) == typeof(float);
        TV bound = K<T, TV>(single ? 65536.0 : 67108864.0);
        outside = TV.OutsideBits(x, K<T, TV>(single ? -65536.0 : -67108864.0), bound); // in mask registers (see OutsideBits); −bound as a constant (TV.Negate(bound) was an XOR a vector)
        TV a = TV.MinNative(TV.Abs(x), bound);
        TV k = TV.Round(TV.Multiply(a, K<T, TV>(0.6366197723675814)));
        // The parts negated instead of k ((−k)·c is k·(−c): the same products, one instruction fewer).
        r1 = TV.FusedMultiplyAdd(k, K<T, TV>(single ? -1.5707963705062866 : -1.5707963267948966), a);
        return k;
    }

    /// <summary>
    /// sin x lane by lane (see <see cref="SinCosDeferred{T, TV}"/>); lanes beyond 2^16 (float32) / 2^26 (float64), ±inf
    /// and NaN by the scalar <c>Sin</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe TV Sin<T, TV>(TV x) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        TV s = SinCosDeferred<T, TV>(x, false, out ulong outside);
        return outside == 0 ? s : LaneFix.Unary<T, TV>(x, s, outside, &SinScalar<T>);
    }

    /// <summary>cos x lane by lane, as <see cref="Sin{T, TV}"/>; the other lanes by the scalar <c>Cos</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe TV Cos<T, TV>(TV x) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        TV c = SinCosDeferred<T, TV>(x, true, out ulong outside);
        return outside == 0 ? c : LaneFix.Unary<T, TV>(x, c, outside, &CosScalar<T>);
    }

    private static T SinScalar<T>(T x) where T : IFloatingPointIeee754<T> => T.Sin(x);
    private static T CosScalar<T>(T x) where T : IFloatingPointIeee754<T> => T.Cos(x);

    /// <summary>
    /// sin x (or cos x, <paramref name="cosine"/>) without the fix: |x| = k·π/2 + r with π/2 in three parts (the first
    /// step exact, see <see cref="ReduceByHalfPi{T, TV}"/>; the second step's product and sum with their exact errors, so
    /// r = rh + rl to about twice the precision, also next to multiples of π/2), then the quadrant q = k (sine) or k + 1 (cosine, cos a = sin(a + π/2)): sin r for even q,
    /// cos r for odd q, negated where q's bit 1 is set; the sine takes x's sign (odd function; ±0 stay ±0). float64:
    /// fdlibm's __kernel_sin and __kernel_cos (degree 13 and 14 on [−π/4, π/4], with the tail rl); float32: Cephes sinf
    /// and cosf polynomials, rl folded in to first order. Both polynomials run for every lane, one select picks: no
    /// branch, every lane the same code at every width. <paramref name="outside"/>: the lanes the scalar function gives.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV SinCosDeferred<T, TV>(TV x, bool cosine, out ulong outside) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        bool single = typeof(T) == typeof(float);
        TV k = ReduceByHalfPi<T, TV>(x, out outside, out TV r1);
        // r1 + k·c2 + k·c3 as rh + rl: the product k·c2 and its exact error (FMA), r1 + k·c2 by TwoSum (either may be
        // the larger: near a multiple of π/2, r is far smaller than both), k·c3 added to the low part.
        TV c2 = K<T, TV>(single ? 4.371138828673793e-08 : -6.123233995736766e-17);
        TV p = TV.Multiply(k, c2);
        TV pe = TV.FusedMultiplySubtract(k, c2, p);
        (TV r2, TV se) = TwoSum<T, TV>(r1, p);
        TV rl = TV.FusedMultiplyAdd(k, K<T, TV>(single ? 1.7151245100058819e-15 : 1.4973849048591698e-33), TV.Add(se, pe));
        TV rh = TV.Add(r2, rl);
        rl = TV.Subtract(rl, TV.Subtract(rh, r2));
        TV z = TV.Multiply(rh, rh);
        TV sin, cos;
        if (single)
        {
            TV ps = TV.FusedMultiplyAdd(TV.FusedMultiplyAdd(K<T, TV>(-1.9515295891e-4), z, K<T, TV>(8.3321608736e-3)), z, K<T, TV>(-1.6666654611e-1));
            sin = TV.Add(rh, TV.FusedMultiplyAdd(TV.Multiply(z, rh), ps, rl));
            TV pc = TV.FusedMultiplyAdd(TV.FusedMultiplyAdd(K<T, TV>(2.443315711809948e-5), z, K<T, TV>(-1.388731625493765e-3)), z, K<T, TV>(4.166664568298827e-2));
            TV w = TV.FusedMultiplyAdd(z, K<T, TV>(-0.5), K<T, TV>(1)); // 1 − z/2
            cos = TV.Add(w, TV.FusedMultiplyAdd(TV.Multiply(z, z), pc, TV.FusedMultiplyAdd(K<T, TV>(-0.5), z, TV.Subtract(K<T, TV>(1), w))));
            cos = TV.FusedNegatedMultiplyAdd(rh, rl, cos);
        }
        else
        {
            // __kernel_sin(rh, rl): rh + (v·(S1 + z·R) with the tail: rh − ((z·(rl/2 − v·R) − rl) − v·S1), v = z·rh.
            TV v = TV.Multiply(z, rh);
            TV rs = TV.FusedMultiplyAdd(TV.FusedMultiplyAdd(TV.FusedMultiplyAdd(TV.FusedMultiplyAdd(K<T, TV>(1.58969099521155010221e-10), z,
                K<T, TV>(-2.50507602534068634195e-08)), z, K<T, TV>(2.75573137070700676789e-06)), z, K<T, TV>(-1.98412698298579493134e-04)), z,
                K<T, TV>(8.33333333332248946124e-03));
            TV inner = TV.Subtract(TV.Multiply(z, TV.FusedNegatedMultiplyAdd(v, rs, TV.Multiply(rl, K<T, TV>(0.5)))), rl);
            sin = TV.Subtract(rh, TV.FusedMultiplyAdd(v, K<T, TV>(1.66666666666666324348e-01), inner)); // − v·S1, S1 = −1/6
            // __kernel_cos(rh, rl): w + (((1 − w) − hz) + (z·R − rh·rl)), hz = z/2, w = 1 − hz.
            TV w2 = TV.Multiply(z, z);
            TV rc = TV.FusedMultiplyAdd(TV.Multiply(w2, w2), TV.FusedMultiplyAdd(TV.FusedMultiplyAdd(K<T, TV>(-1.13596475577881948265e-11), z,
                K<T, TV>(2.08757232129817482790e-09)), z, K<T, TV>(-2.75573143513906633035e-07)),
                TV.Multiply(z, TV.FusedMultiplyAdd(TV.FusedMultiplyAdd(K<T, TV>(2.48015872894767294178e-05), z, K<T, TV>(-1.38888888888741095749e-03)), z,
                    K<T, TV>(4.16666666666666019037e-02))));
            TV hz = TV.Multiply(z, K<T, TV>(0.5));
            TV w = TV.Subtract(K<T, TV>(1), hz);
            cos = TV.Add(w, TV.Add(TV.Subtract(TV.Subtract(K<T, TV>(1), w), hz), TV.FusedNegatedMultiplyAdd(rh, rl, TV.Multiply(z, rc))));
        }
        TV q = cosine ? TV.Add(k, K<T, TV>(1)) : k;
        TV half = TV.Multiply(q, K<T, TV>(0.5));
        TV odd = TV.Xor(TV.Equals(TV.Floor(half), half), TV.AllBitsSet);
        // q's bit 1 moved to the sign bit: q + 2^52 (2^23) holds q in its low mantissa bits (0 ≤ q ≤ 2^26).
        TV qBits = TV.Add(q, K<T, TV>(single ? 8388608.0 : 4503599627370496.0));
        TV negate = TV.And(single ? TV.ShiftLeftBits(qBits, 30) : TV.ShiftLeftBits(qBits, 62), K<T, TV>(-0.0)); // literal counts: see PowerOfTwo
        TV result = TV.Xor(TV.Select(odd, cos, sin), negate);
        return cosine ? result : TV.Xor(result, SignBit<T, TV>(x));
    }

    /// <summary>
    /// atan2(y, x) as <see cref="Math.Atan2"/>: with lo/hi the smaller/larger of |y|, |x|, u = lo/hi, or
    /// (lo − hi)/(lo + hi) (one division either way; lo − hi is exact) when lo/hi exceeds tan(π/8) (float32) / 0.66
    /// (float64); atan u by the Cephes polynomial / rational form; the angle is k·π/4 ± atan u, k·π/4 carried in two
    /// parts and added by FMA (one rounding), then y's sign. Lanes with a NaN, an infinity, or |x| + |y| outside
    /// [2^-99, 2^125) (float32) / [2^-999, 2^1021) (float64), which takes every lane with hi ≥ 2^125 / 2^1021 (where
    /// lo + hi could overflow) or hi below 2^-100 / 2^-1000 (where lo ± hi could lose bits; both zero included), are
    /// computed alone by the scalar <c>Atan2</c>.
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
        HoistedConstants<TV> c = default;
        Atan2Constants<T, TV>(ref c);
        return Atan2Deferred<T, TV>(y, x, in c, out special);
    }

    /// <summary>
    /// The constants of <see cref="Atan2Deferred{T, TV}(TV, TV, in HoistedConstants{TV}, out ulong)"/>: the range of
    /// |x| + |y| (C0, C1), the reduction's threshold (C2), the polynomial (float32: C3..C6) or rational form (float64: C3..C11),
    /// π/4 in two parts (C12, C13), 2, 4, 1 and the sign bit (C14..C17), float64's last denominator coefficient (C18)
    /// and every bit but the sign (C19).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Atan2Constants<T, TV>(ref HoistedConstants<TV> c) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        bool single = typeof(T) == typeof(float);
        c.C0 = K<T, TV>(single ? 1.5777218104420236e-30 : 1.8665272370064378e-301); // 2^-99 / 2^-999
        c.C1 = K<T, TV>(single ? 4.2535293329816107e+37 : 2.2471164185778946e+307); // the largest below 2^125 / 2^1021
        c.C2 = K<T, TV>(single ? 0.41421356237309503 : 0.66);
        if (single)
        {
            c.C3 = K<T, TV>(8.05374449538e-2);
            c.C4 = K<T, TV>(-1.38776856032e-1);
            c.C5 = K<T, TV>(1.99777106478e-1);
            c.C6 = K<T, TV>(-3.33329491539e-1);
        }
        else
        {
            c.C3 = K<T, TV>(-8.750608600031904122785e-1);
            c.C4 = K<T, TV>(-1.615753718733365076637e1);
            c.C5 = K<T, TV>(-7.500855792314704667340e1);
            c.C6 = K<T, TV>(-1.228866684490136173410e2);
            c.C7 = K<T, TV>(-6.485021904942025371773e1);
            c.C8 = K<T, TV>(2.485846490142306297962e1);
            c.C9 = K<T, TV>(1.650270098316988542046e2);
            c.C10 = K<T, TV>(4.328810604912902668951e2);
            c.C11 = K<T, TV>(4.853903996359136964868e2);
            c.C18 = K<T, TV>(1.945506571482613964425e2);
        }
        c.C12 = K<T, TV>(single ? 0.7853981852531433 : 0.7853981633974483);
        c.C13 = K<T, TV>(single ? -2.1855694143368964e-08 : 3.061616997868383e-17);
        c.C14 = K<T, TV>(2);
        c.C15 = K<T, TV>(4);
        c.C16 = TV.Create(T.One);
        c.C17 = TV.Create(T.NegativeZero);
        c.C19 = TV.AndNot(TV.AllBitsSet, c.C17); // every bit but the sign
    }

    /// <summary>
    /// <see cref="Atan2Deferred{T, TV}(TV, TV, out ulong)"/> with its constants from <paramref name="c"/>
    /// (<see cref="Atan2Constants{T, TV}"/>), which the contiguous loop keeps in registers (session 49: 16 of them were
    /// reloaded by every vector): the same operations.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV Atan2Deferred<T, TV>(TV y, TV x, in HoistedConstants<TV> c, out ulong special) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        bool single = typeof(T) == typeof(float);
        TV ay = TV.AndNot(y, c.C17), ax = TV.AndNot(x, c.C17);
        // lo/hi by min/max, not by two selects on swapped: with the selects the loop ran 2-3x slower on an Intel core
        // (float32 10⁵: 1.49 against 0.6-0.9 ns per element; the bare algorithm on Vector512: 1.41 against 0.48-0.54),
        // also with the second select on its own compare, but not with either one by min/max. The values are the same
        // (a NaN lane is special either way); README, session 38.
        TV lo = TV.MinNative(ax, ay), hi = TV.MaxNative(ax, ay);
        // Special lanes by one range test on s = |x| + |y| (= lo + hi): outside [2^-99, 2^125) (float32) /
        // [2^-999, 2^1021) (float64), or NaN, which s is exactly where an operand is (min/max would give one operand of
        // a NaN pair, whichever the hardware's instruction picks). hi ≤ s ≤ 2·hi, so this takes every lane with hi
        // below 2^-100 / 2^-1000 or from 2^125 / 2^1021 on (where lo ± hi could lose bits or overflow), and a few
        // lanes next to those limits besides, which the scalar function computes too (session 49: the test was on hi
        // and on s's NaN apart, three operations more). In mask registers with AVX-512.
        TV s = TV.Add(ax, ay);
        special = TV.OutsideBits(s, c.C0, c.C1);
        // Reduced lanes (lo/hi above the threshold) by the compare's mask register in each blend (one compare).
        TV threshold = TV.Multiply(hi, c.C2);
        TV num = TV.SelectWhereGreaterThan(lo, threshold, TV.Subtract(lo, hi), lo);
        TV den = TV.SelectWhereGreaterThan(lo, threshold, s, hi);
        TV u = TV.Divide(num, den);
        TV z = TV.Multiply(u, u);
        TV atan;
        if (single)
        {
            TV p = TV.FusedMultiplyAdd(c.C3, z, c.C4);
            p = TV.FusedMultiplyAdd(p, z, c.C5);
            p = TV.FusedMultiplyAdd(p, z, c.C6);
            atan = TV.FusedMultiplyAdd(TV.Multiply(u, z), p, u);
        }
        else
        {
            TV p = TV.FusedMultiplyAdd(c.C3, z, c.C4);
            p = TV.FusedMultiplyAdd(p, z, c.C5);
            p = TV.FusedMultiplyAdd(p, z, c.C6);
            p = TV.FusedMultiplyAdd(p, z, c.C7);
            TV q = TV.Add(z, c.C8);
            q = TV.FusedMultiplyAdd(q, z, c.C9);
            q = TV.FusedMultiplyAdd(q, z, c.C10);
            q = TV.FusedMultiplyAdd(q, z, c.C11);
            q = TV.FusedMultiplyAdd(q, z, c.C18);
            atan = TV.FusedMultiplyAdd(TV.Multiply(u, z), TV.Divide(p, q), u);
        }
        // θ = k·π/4 + s·atan u: not swapped, x ≥ 0: k = kb, s = +; swapped, x ≥ 0: k = 2 − kb, s = −;
        // not swapped, x < 0: k = 4 − kb, s = −; swapped, x < 0: k = 2 + kb, s = + (kb = 1 for reduced lanes,
        // swapped: |y| > |x|). s's sign bit is swapped XOR x's sign bit (x = −0 with y ≠ 0 is swapped, where it
        // makes k = 2 + 0 and s = +: π/2 as with x = +0), applied to kb and atan u by XOR: k = kBase + (±kb).
        TV minus = TV.Xor(TV.And(TV.GreaterThan(ay, ax), c.C17), TV.And(x, c.C17));
        TV kb = TV.SelectWhereGreaterThan(lo, threshold, c.C16, TV.Zero);
        TV kBase = TV.SelectWhereGreaterThan(ay, ax, c.C14, TV.SelectWhereGreaterThan(TV.Zero, x, c.C15, TV.Zero));
        TV kq = TV.Add(kBase, TV.Xor(kb, minus));
        TV signed = TV.Xor(atan, minus);
        TV theta = TV.FusedMultiplyAdd(kq, c.C12, TV.FusedMultiplyAdd(kq, c.C13, signed));
        return TV.Select(c.C19, theta, y); // θ's magnitude, y's sign (one bitwise select)
    }

    private static T Atan2Scalar<T>(T y, T x) where T : IFloatingPointIeee754<T> => T.Atan2(y, x);
}
