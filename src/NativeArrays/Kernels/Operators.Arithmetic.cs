using System.Numerics;
using System.Runtime.CompilerServices;

namespace NativeArrays.Kernels;

// Arithmetic operators for every numeric element type. Integer arithmetic wraps on overflow (unchecked, as
// NumPy does); integer division and remainder follow C# (truncating, DivideByZeroException on zero).

internal readonly struct AddOp<T> : IBinaryOp<T, T> where T : unmanaged, INumber<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T x, T y) => x + y;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, T> => TV.Add(x, y);
}

internal readonly struct SubtractOp<T> : IBinaryOp<T, T> where T : unmanaged, INumber<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T x, T y) => x - y;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, T> => TV.Subtract(x, y);
}

internal readonly struct MultiplyOp<T> : IBinaryOp<T, T> where T : unmanaged, INumber<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T x, T y) => x * y;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, T> => TV.Multiply(x, y);
}

internal readonly struct DivideOp<T> : IBinaryOp<T, T> where T : unmanaged, INumber<T>
{
    // Integer lanes divide exactly (IntegerLanes.Divide): int32/uint32 in float64, 8- and 16-bit in float32, 64-bit in
    // float64 below 2^51, larger 64-bit operands by a float64 estimate from below and integer corrections (AVX-512DQ) or
    // lane by lane with the scalar operator (a call out).
    public static bool Vectorizable => SimdTypes.IsFloat<T>() || SimdTypes.HasDivideInteger<T>() || SimdTypes.HasDivideSmallInteger<T>() || SimdTypes.HasDivideInt64<T>();
    public static bool CallsOut => SimdTypes.HasDivideInt64<T>();
    public static T Invoke(T x, T y) => x / y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Invoke<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, T>
        => SimdTypes.IsFloat<T>() ? TV.Divide(x, y) : IntegerLanes.Divide<T, TV>(x, y);
}

/// <summary>Remainder with the sign of the dividend (C# <c>%</c>, NumPy <c>fmod</c>).</summary>
internal readonly unsafe struct RemainderOp<T> : IBinaryOp<T, T> where T : unmanaged, INumber<T>
{
    public static bool Vectorizable => SimdTypes.IsFloat<T>() || SimdTypes.HasDivideInteger<T>() || SimdTypes.HasDivideSmallInteger<T>() || SimdTypes.HasDivideInt64<T>();
    public static bool CallsOut => true;
    public static T Invoke(T x, T y) => x % y;

    public static bool DefersFix => SimdTypes.IsFloat<T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Invoke<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, T>
    {
        if (!SimdTypes.IsFloat<T>()) return IntegerLanes.Remainder<T, TV>(x, y);
        TV r = InvokeDeferred(x, y, out ulong lanes);
        return lanes == 0 ? r : LaneFix.Binary<T, TV>(x, y, r, lanes, &Invoke);
    }

    /// <summary>The float form without its fix: <paramref name="fix"/> holds the lanes the scalar <c>%</c> must give.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV InvokeDeferred<TV>(TV x, TV y, out ulong fix) where TV : struct, ISimdVec<TV, T>
    {
        // fmod is exact and odd in x, even in y: fmod(x, y) = sign(x) · fmod(|x|, |y|). On the magnitudes,
        // r = |x| - trunc(|x| / |y|) · |y| in one rounding (FMA) is the answer exactly when 0 <= r < |y|: the exact
        // difference E = |x| - q·|y| (q a whole number >= 0) is then representable (a multiple of the smaller operand's
        // quantum, below |y| and at most |x|), so r = E, and E in [0, |y|) means q was the floor of the quotient. A
        // wrong quotient leaves E < 0 (never rounded to zero: E is a multiple of the smallest subnormal) or E >= |y|, so
        // r < 0 or r >= |y|. The whole test is one unsigned compare of bit patterns, r's below |y|'s: for a non-NaN y it
        // holds exactly for non-negative non-NaN r below |y|. It fails for an infinite or NaN x (r NaN) and a zero y (nothing is
        // below 0); x = ±0 (r = 0) and y = ±inf with finite x (r = |x|) pass with the right answer; a NaN y makes r NaN.
        // Failing lanes are recomputed by the scalar % (fix), so every lane equals it bit for bit (NaN payloads aside).
        // One compare instead of two: float32 10³ 101 -> 64 ns in a probe (TensorPrimitives' inexact
        // x - trunc(x / y) * y: 48 ns).
        TV sign = TV.Create(-T.Zero);
        TV ax = TV.AndNot(x, sign), ay = TV.AndNot(y, sign);
        TV r = TV.FusedNegatedMultiplyAdd(TV.Truncate(TV.Divide(ax, ay)), ay, ax);
        fix = ~TV.LessThanBits(r, ay) & SimdTypes.AllLanes(TV.Count);
        return TV.Select(sign, x, r); // r >= 0 takes x's sign (zero results too, as fmod's)
    }

}

/// <summary>
/// x to the power y: <see cref="Math.Pow"/> for floating point, repeated squaring for integers. Vectorised for every
/// integer type (the same squarings lane by lane, wrapping) and for float32 (exp(y·log x) in float64 lanes, within
/// 1 ulp of MathF.Pow; lanes with x &lt;= 0 or a non-finite operand take MathF.Pow itself); float64 by
/// <see cref="VectorMath.PowDouble{T, TV}"/> (double-double log and exp).
/// </summary>
internal readonly unsafe struct PowerOp<T> : IBinaryOp<T, T> where T : unmanaged, INumber<T>
{
    public static bool Vectorizable => true;
    public static bool CallsOut => true;

    /// <summary>
    /// The contiguous loop defers the fix, so it holds the vector form inline (<see cref="InvokeDeferred{TV}"/>; float32
    /// 10⁶ about 20 % faster than a call per vector); every other loop calls it out of line. float64 too since its core
    /// is in three parts the JIT inlines (<see cref="VectorMath.PowDoubleDeferred{T, TV}"/>): with a call per vector,
    /// each vector went through the stack, and the time at 10⁶ was 5.5 or 11.5 ms by the stack's alignment mod 64 of the
    /// process; inline, 4.3–5.4 ms at every alignment.
    /// </summary>
    public static bool DefersFix => typeof(T) == typeof(float) || typeof(T) == typeof(double);

    /// <summary>
    /// The form without its fix: <paramref name="fix"/> holds the lanes <see cref="PowSingleFix{TV}"/> picks (float32)
    /// or <see cref="VectorMath.PowDoubleDeferred{T, TV}"/>'s (float64).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV InvokeDeferred<TV>(TV x, TV y, out ulong fix) where TV : struct, ISimdVec<TV, T>
    {
        if (typeof(T) == typeof(double)) return VectorMath.PowDoubleDeferred<T, TV>(x, y, out fix);
        ulong squares = TV.EqualsBits(y, TV.Create(T.CreateTruncating(2))); // SquareLanes' lanes, kept in a mask register
        if (squares == SimdTypes.AllLanes(TV.Count)) { fix = 0; return TV.Multiply(x, x); }
        fix = PowSingleFix<TV>(x, y) | squares; // a vector mixing y = 2 with other exponents: the full form below
        return TV.PowSingleInline(x, y);
    }

    public static bool FixesInRuns => typeof(T) == typeof(float) || typeof(T) == typeof(double);
    public static bool Large => typeof(T) == typeof(float) || typeof(T) == typeof(double);

    /// <summary>
    /// The full form (<see cref="Invoke{TV}(TV, TV)"/>'s bits) inlined for <c>BinaryRow.FixRun</c>: the inline core on |x|
    /// and negative bases in vector form, without a call a vector (x^3 of normally distributed x went through the
    /// stack: float32 1.9 or 3.9–4.8 ms at 10⁶ by the process's stack alignment, float64 6.3 or 11.8 ms).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV InvokeRun<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, T>
    {
        if (typeof(T) == typeof(double)) return VectorMath.PowDoubleRun<T, TV>(x, y);
        ulong squares = SquareLanes<TV>(y, out TV square);
        if (squares == SimdTypes.AllLanes(TV.Count)) return TV.Multiply(x, x);
        TV p = TV.PowSingleInline(TV.Abs(x), y);
        ulong lanes = PowSingleFix<TV>(x, y);
        if (lanes != 0) p = PowSingleSpecialInline<TV>(x, y, p, lanes);
        return squares == 0 ? p : TV.Select(square, TV.Multiply(x, x), p);
    }

    /// <summary>
    /// A vector with a base or exponent outside the core's range (a negative base above all), unless every exponent is 2:
    /// the deferred form leaves its lanes to fix. Mixed-sign data (x^3 of normally distributed x) took two cores a
    /// vector in the deferred loops.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool SurelyFixes<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, T>
        => TV.EqualsBits(y, TV.Create(T.CreateTruncating(2))) != SimdTypes.AllLanes(TV.Count)
            && (typeof(T) == typeof(double) ? VectorMath.PowDoubleSpecial<T, TV>(x, y) : PowSingleFix<TV>(x, y)) != 0;

    /// <summary>
    /// Lanes whose exponent is 2 (float types only): x^2 is x·x there, the correctly rounded square (the vector pow cores
    /// are within their bound of it, so a lane's bits would otherwise depend on the path), in every form: scalar, vector
    /// and mixed vectors lane by lane. A vector whose lanes all square skips the pow core: <c>Power(a, 2)</c> runs at
    /// the speed of <c>Square</c>, as NumPy's <c>a ** 2</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong SquareLanes<TV>(TV y, out TV mask) where TV : struct, ISimdVec<TV, T>
    {
        mask = TV.Equals(y, TV.Create(T.CreateTruncating(2)));
        return TV.ExtractMostSignificantBits(mask);
    }

    /// <summary>
    /// float32 lanes the vector core does not give directly: x ≤ 0, NaN or infinite operands (negative bases are resolved
    /// in vector form by <see cref="PowSingleSpecialLanes{TV}"/>, the rest by <see cref="MathF.Pow"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong PowSingleFix<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, T>
    {
        // x in [smallest subnormal, MaxValue] and y in [−MaxValue, MaxValue], NaN outside both: range tests kept in mask
        // registers (through vectors of masks the JIT converted each compare's mask to a vector and back).
        return TV.OutsideBits(x, TV.Create(T.CreateTruncating(float.Epsilon)), TV.Create(T.CreateTruncating(float.MaxValue)))
            | TV.OutsideBits(y, TV.Create(T.CreateTruncating(float.MinValue)), TV.Create(T.CreateTruncating(float.MaxValue)));
    }

    /// <summary>x^y of float32 lanes by the vector core (exponent 2 aside: see <see cref="SquareLanes{TV}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV PowSingleLanes<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, T>
    {
        TV p = TV.PowSingle(TV.Abs(x), y); // |x|: a negative base with an integer exponent keeps this core
        ulong lanes = PowSingleFix<TV>(x, y);
        return lanes == 0 ? p : PowSingleSpecialLanes<TV>(x, y, p, lanes);
    }

    /// <summary>
    /// The float32 lanes <see cref="PowSingleFix{TV}"/> picks, given <paramref name="p"/> = |x|^y by the vector form: a
    /// negative finite base with a finite integer exponent gives |x|^y, negated for an odd exponent, and with any other
    /// finite exponent NaN (as <see cref="MathF.Pow"/>); zero, infinite and NaN operands by <see cref="MathF.Pow"/>.
    /// Every negative base used to take <see cref="MathF.Pow"/>: x^2.5 of normally distributed data ran 4.8× slower
    /// than of positive data.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TV PowSingleSpecialLanes<TV>(TV x, TV y, TV p, ulong lanes) where TV : struct, ISimdVec<TV, T>
        => PowSingleSpecialInline<TV>(x, y, p, lanes);

    /// <summary><see cref="PowSingleSpecialLanes{TV}"/> inlined (<see cref="InvokeRun{TV}"/>): only zero, infinite and NaN lanes call out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV PowSingleSpecialInline<TV>(TV x, TV y, TV p, ulong lanes) where TV : struct, ISimdVec<TV, T>
    {
        TV negative = VectorMath.NegativeBase<T, TV>(x, y, out TV odd, out TV fractional);
        p = TV.Select(fractional, TV.Create(T.CreateTruncating(double.NaN)), TV.Or(p, TV.And(odd, TV.Create(T.CreateTruncating(-0.0)))));
        ulong rest = lanes & ~TV.ExtractMostSignificantBits(negative);
        return rest == 0 ? p : LaneFix.Binary<T, TV>(x, y, p, rest, &Invoke);
    }

    public static T Invoke(T x, T y)
    {
        if ((typeof(T) == typeof(float) || typeof(T) == typeof(double)) && y == T.CreateTruncating(2)) return x * x; // see SquareLanes
        if (typeof(T) == typeof(float)) return T.CreateTruncating(MathF.Pow(float.CreateTruncating(x), float.CreateTruncating(y)));
        if (typeof(T) == typeof(double)) return T.CreateTruncating(Math.Pow(double.CreateTruncating(x), double.CreateTruncating(y)));
        if (y < T.Zero)
        {
            // Integer to a negative power: 1 and -1 have exact answers; anything else truncates to 0.
            if (x == T.One) return T.One;
            if (x == -T.One) return T.IsEvenInteger(y) ? T.One : x;
            if (x == T.Zero) throw new DivideByZeroException("Zero to a negative integer power.");
            return T.Zero;
        }
        T result = T.One, b = x;
        while (y != T.Zero)
        {
            if (!T.IsEvenInteger(y)) result *= b;
            y /= T.CreateTruncating(2);
            if (y != T.Zero) b *= b;
        }
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Invoke<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, T>
    {
        if (typeof(T) == typeof(double)) return VectorMath.PowDouble<T, TV>(x, y); // squares inside (its own frame)
        if (typeof(T) == typeof(float))
        {
            ulong squares = SquareLanes<TV>(y, out TV square);
            if (squares == SimdTypes.AllLanes(TV.Count)) return TV.Multiply(x, x);
            TV r = PowSingleLanes<TV>(x, y);
            return squares == 0 ? r : TV.Select(square, TV.Multiply(x, x), r);
        }
        TV one = TV.Create(T.One);
        TV result = one;
        if (SimdTypes.IsSignedInteger<T>())
        {
            TV negative = TV.LessThan(y, TV.Zero);
            if (TV.ExtractMostSignificantBits(negative) != 0)
            {
                if (TV.ExtractMostSignificantBits(TV.And(negative, TV.Equals(x, TV.Zero))) != 0)
                    throw new DivideByZeroException("Zero to a negative integer power.");
                // 1 stays 1, -1 alternates by the exponent's parity, anything else truncates to 0.
                TV odd = TV.Equals(TV.And(y, one), one);
                TV special = TV.Select(TV.Equals(x, one), one, TV.Select(TV.Equals(x, TV.Negate(one)), TV.Select(odd, x, one), TV.Zero));
                result = TV.Select(negative, special, one);
                y = TV.Select(negative, TV.Zero, y);
            }
        }
        TV b = x;
        ulong all = SimdTypes.AllLanes(TV.Count);
        while (TV.ZeroBits(y) != all)
        {
            result = TV.Select(TV.Equals(TV.And(y, one), one), TV.Multiply(result, b), result);
            y = TV.ShiftRightLogical(y, 1);
            b = TV.Multiply(b, b);
        }
        return result;
    }

}

/// <summary>Recomputes chosen lanes of a vector result with the operation's scalar form (the special-value lanes of a fast formula).</summary>
internal static unsafe class LaneFix
{
    /// <summary>Lanes whose bit is set in <paramref name="lanes"/> become <c>scalar(x[i], y[i])</c>; the others keep <paramref name="r"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static TV Binary<T, TV>(TV x, TV y, TV r, ulong lanes, delegate*<T, T, T> scalar) where T : unmanaged where TV : struct, ISimdVec<TV, T>
    {
        T* buffer = stackalloc T[3 * TV.Count];
        TV.Store(x, buffer);
        TV.Store(y, buffer + TV.Count);
        TV.Store(r, buffer + 2 * TV.Count);
        for (; lanes != 0; lanes &= lanes - 1)
        {
            int i = BitOperations.TrailingZeroCount(lanes);
            buffer[2 * TV.Count + i] = scalar(buffer[i], buffer[TV.Count + i]);
        }
        return TV.Load(buffer + 2 * TV.Count);
    }

    /// <summary>Lanes whose bit is set in <paramref name="lanes"/> become <c>scalar(x[i])</c>; the others keep <paramref name="r"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static TV Unary<T, TV>(TV x, TV r, ulong lanes, delegate*<T, T> scalar) where T : unmanaged where TV : struct, ISimdVec<TV, T>
    {
        T* buffer = stackalloc T[2 * TV.Count];
        TV.Store(x, buffer);
        TV.Store(r, buffer + TV.Count);
        for (; lanes != 0; lanes &= lanes - 1)
        {
            int i = BitOperations.TrailingZeroCount(lanes);
            buffer[TV.Count + i] = scalar(buffer[i]);
        }
        return TV.Load(buffer + TV.Count);
    }
}

/// <summary>Integer lane helpers shared by Divide and Remainder.</summary>
internal static unsafe class IntegerLanes
{
    /// <summary>
    /// Truncated quotient of integer lanes, with the scalar operator's exceptions: DivideByZeroException for a zero
    /// divisor, OverflowException for int.MinValue / -1 and long.MinValue / -1 (checked per vector, before anything is
    /// stored); the 8- and 16-bit MinValue / -1 wraps to MinValue, as the scalar operator (it divides in int).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Divide<T, TV>(TV x, TV y) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        CheckOperands<T, TV>(x, y);
        if (typeof(T) == typeof(long) || typeof(T) == typeof(ulong)) return DivideInt64<T, TV>(x, y, remainder: false);
        return SimdTypes.HasDivideSmallInteger<T>() ? TV.DivideSmallInteger(x, y) : TV.DivideInteger(x, y);
    }

    /// <summary>Remainder of integer lanes with the dividend's sign (C# <c>%</c>), with <see cref="Divide{T, TV}"/>'s exceptions.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Remainder<T, TV>(TV x, TV y) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        if (typeof(T) != typeof(long) && typeof(T) != typeof(ulong)) return TV.Subtract(x, TV.Multiply(Divide<T, TV>(x, y), y));
        CheckOperands<T, TV>(x, y);
        return DivideInt64<T, TV>(x, y, remainder: true);
    }

    /// <summary>The scalar operator's exceptions, checked per vector before anything is stored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckOperands<T, TV>(TV x, TV y) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        // ZeroBits keeps each test in a mask register with AVX-512 (through a vector of masks the JIT converted masks to
        // vectors and back: 14 instructions for the two tests, 6 now). MinValue / -1 as the lanes where
        // (x ^ MinValue) | ~y is zero (one vpternlog).
        if (TV.ZeroBits(y) != 0) throw new DivideByZeroException();
        if ((typeof(T) == typeof(int) || typeof(T) == typeof(long)) &&
            TV.ZeroBits(TV.Or(TV.Xor(x, TV.Create(MinValue<T>())), TV.Xor(y, TV.AllBitsSet))) != 0)
            throw new OverflowException();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T MinValue<T>() where T : unmanaged, INumber<T>
        => typeof(T) == typeof(long) ? T.CreateTruncating(long.MinValue) : T.CreateTruncating(int.MinValue);

    /// <summary>
    /// Truncated quotient (or remainder) of int64 or uint64 lanes (zero divisors and MinValue / -1 excluded by the caller).
    /// Operands in [-2^51, 2^51) divide in float64 (<see cref="InDouble{TL, TD}"/>); a vector with a larger operand divides
    /// as <see cref="DivideWide{T, TV}"/> with AVX-512DQ, and its large lanes by the scalar operator otherwise.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV DivideInt64<T, TV>(TV x, TV y, bool remainder) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        // Lanes outside [-2^51, 2^51) (int64: x + 2^51 at or above 2^52 as uint64) or at or above 2^51 (uint64).
        TV outside = typeof(T) == typeof(long)
            ? TV.ShiftRightLogical(TV.Or(TV.Add(x, TV.Create(T.CreateTruncating(1L << 51))), TV.Add(y, TV.Create(T.CreateTruncating(1L << 51)))), 52)
            : TV.ShiftRightLogical(TV.Or(x, y), 51);
        ulong wide = ~TV.ExtractMostSignificantBits(TV.Equals(outside, TV.Zero)) & SimdTypes.AllLanes(TV.Count);
        if (wide != 0 && SimdTypes.HasDivideWideInt64)
        {
            TV q = DivideWide<T, TV>(x, y);
            return remainder ? TV.Subtract(x, TV.Multiply(q, y)) : q;
        }
        TV r;
        if (typeof(TV) == typeof(Vec512<T>)) r = Unsafe.BitCast<Vec512<long>, TV>(InDouble<Vec512<long>, Vec512<double>>(Unsafe.BitCast<TV, Vec512<long>>(x), Unsafe.BitCast<TV, Vec512<long>>(y), remainder));
        else if (typeof(TV) == typeof(Vec256<T>)) r = Unsafe.BitCast<Vec256<long>, TV>(InDouble<Vec256<long>, Vec256<double>>(Unsafe.BitCast<TV, Vec256<long>>(x), Unsafe.BitCast<TV, Vec256<long>>(y), remainder));
        else if (typeof(TV) == typeof(Vec128<T>)) r = Unsafe.BitCast<Vec128<long>, TV>(InDouble<Vec128<long>, Vec128<double>>(Unsafe.BitCast<TV, Vec128<long>>(x), Unsafe.BitCast<TV, Vec128<long>>(y), remainder));
        else throw SimdTypes.NotSupported<T>(nameof(DivideInt64));
        return wide == 0 ? r : LaneFix.Binary<T, TV>(x, y, r, wide, remainder ? &ScalarRemainder<T> : &ScalarDivide<T>);
    }

    private static T ScalarDivide<T>(T x, T y) where T : unmanaged, INumber<T> => x / y;
    private static T ScalarRemainder<T>(T x, T y) where T : unmanaged, INumber<T> => x % y;

    /// <summary>
    /// Truncated quotient (or remainder) of int64 lanes in [-2^51, 2^51), exact: both converted by
    /// <see cref="ISimdVec{TSelf, T}.SmallInt64ToDouble"/> (x + 0x4338000000000000 is the float64 1.5·2^52 + x), and back
    /// the same way. The quotient rounded once cannot reach the next integer: with q = a / b not an integer, that integer lies at
    /// least 1 / |b| away, more than half an ulp of q (|q|·2^-53 &lt; 1 / |b| since |a| &lt; 2^53), so the truncation is
    /// exact; q·b and a − q·b (|q·b| ≤ |a|) are exact integers too.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TL InDouble<TL, TD>(TL x, TL y, bool remainder) where TL : struct, ISimdVec<TL, long> where TD : struct, ISimdVec<TD, double>
    {
        TD a = Unsafe.BitCast<TL, TD>(TL.SmallInt64ToDouble(x));
        TD b = Unsafe.BitCast<TL, TD>(TL.SmallInt64ToDouble(y));
        TD q = TD.Truncate(TD.Divide(a, b));
        if (remainder) q = TD.Subtract(a, TD.Multiply(q, b));
        // Back by the same trick: q + 1.5·2^52 holds q in its low bits.
        return TL.Subtract(Unsafe.BitCast<TD, TL>(TD.Add(q, TD.Create(6755399441055744.0))), TL.Create(0x4338000000000000));
    }

    /// <summary>
    /// Truncated quotient of int64 or uint64 lanes of any size (MinValue / -1 excluded by the caller): the magnitudes
    /// divided as uint64 (<see cref="DivideUInt64{TU, TD}"/>), the sign applied after. AVX-512DQ only.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV DivideWide<T, TV>(TV x, TV y) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        TV a = x, b = y, sign = TV.Zero;
        if (typeof(T) == typeof(long))
        {
            sign = TV.ShiftRightArithmetic(TV.Xor(x, y), 63); // all ones where the quotient is negative
            a = TV.Abs(x); // long.MinValue stays itself: 2^63 as uint64
            b = TV.Abs(y);
        }
        TV q;
        if (typeof(TV) == typeof(Vec512<T>)) q = Unsafe.BitCast<Vec512<ulong>, TV>(DivideUInt64<Vec512<ulong>, Vec512<double>>(Unsafe.BitCast<TV, Vec512<ulong>>(a), Unsafe.BitCast<TV, Vec512<ulong>>(b)));
        else if (typeof(TV) == typeof(Vec256<T>)) q = Unsafe.BitCast<Vec256<ulong>, TV>(DivideUInt64<Vec256<ulong>, Vec256<double>>(Unsafe.BitCast<TV, Vec256<ulong>>(a), Unsafe.BitCast<TV, Vec256<ulong>>(b)));
        else if (typeof(TV) == typeof(Vec128<T>)) q = Unsafe.BitCast<Vec128<ulong>, TV>(DivideUInt64<Vec128<ulong>, Vec128<double>>(Unsafe.BitCast<TV, Vec128<ulong>>(a), Unsafe.BitCast<TV, Vec128<ulong>>(b)));
        else throw SimdTypes.NotSupported<T>(nameof(DivideWide));
        return typeof(T) == typeof(long) ? TV.Subtract(TV.Xor(q, sign), sign) : q;
    }

    /// <summary>
    /// Exact uint64 quotient a / b (b ≠ 0) of every lane. The float64 estimate uses the reciprocal of b scaled by 1 − 2^-49,
    /// so with the four roundings (a, b, 1 / b, the product; each within 2^-53) it stays below a / b and within a / b · 2^-48
    /// of it: q0 ≤ floor(a / b) and r = a − q0·b is exact, non-negative and below a · 2^-48 + b. The same estimate of r / b
    /// (below 2^16 + 1) is then within 2^-32 below it, so q0 + q1 is floor(a / b) or one less, and one compare of the
    /// remainder against b settles it. Bit-identical at every width (the lanes never interact).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TU DivideUInt64<TU, TD>(TU a, TU b) where TU : struct, ISimdVec<TU, ulong> where TD : struct, ISimdVec<TD, double>
    {
        TD reciprocal = TD.Multiply(TD.Divide(TD.Create(1.0), AsDouble<TU, TD>(b)), TD.Create(1.0 - 1.0 / (1L << 49)));
        TU q = TU.DoubleToUInt64(Unsafe.BitCast<TD, TU>(TD.Multiply(AsDouble<TU, TD>(a), reciprocal)));
        TU r = TU.Subtract(a, TU.Multiply(q, b));
        TU q1 = TU.DoubleToUInt64(Unsafe.BitCast<TD, TU>(TD.Multiply(AsDouble<TU, TD>(r), reciprocal)));
        q = TU.Add(q, q1);
        r = TU.Subtract(r, TU.Multiply(q1, b));
        return TU.Subtract(q, TU.GreaterThanOrEqual(r, b)); // all ones (-1) where r ≥ b: one more
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TD AsDouble<TU, TD>(TU value) where TU : struct, ISimdVec<TU, ulong> where TD : struct, ISimdVec<TD, double>
        => Unsafe.BitCast<TU, TD>(TU.UInt64ToDouble(value));
}

/// <summary>Smaller of two values; NaN if either is NaN (NumPy <c>minimum</c>, IEEE 754 minimum).</summary>
internal readonly struct MinimumOp<T> : IBinaryOp<T, T> where T : unmanaged, INumber<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T x, T y) => T.Min(x, y);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, T> => TV.Min(x, y);
}

/// <summary>Larger of two values; NaN if either is NaN (NumPy <c>maximum</c>, IEEE 754 maximum).</summary>
internal readonly struct MaximumOp<T> : IBinaryOp<T, T> where T : unmanaged, INumber<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T x, T y) => T.Max(x, y);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, T> => TV.Max(x, y);
}

internal readonly struct NegateOp<T> : IUnaryOp<T, T> where T : unmanaged, INumber<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T x) => -x;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => TV.Negate(x);
}

/// <summary>Absolute value; the most negative integer stays itself (wraps, as in NumPy).</summary>
internal readonly struct AbsOp<T> : IUnaryOp<T, T> where T : unmanaged, INumber<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T x) => SimdTypes.IsFloat<T>() ? T.Abs(x) : x < T.Zero ? T.Zero - x : x;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => TV.Abs(x);
}

/// <summary>-1, 0 or 1 by sign; zeros (either sign) and NaN are returned as they are.</summary>
internal readonly struct SignOp<T> : IUnaryOp<T, T> where T : unmanaged, INumber<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T x) => x > T.Zero ? T.One : x < T.Zero ? T.Zero - T.One : x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T>
    {
        TV zero = TV.Zero;
        TV one = TV.Create(T.One);
        return TV.Select(TV.GreaterThan(x, zero), one, TV.Select(TV.LessThan(x, zero), TV.Negate(one), x));
    }
}

internal readonly struct SquareOp<T> : IUnaryOp<T, T> where T : unmanaged, INumber<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T x) => x * x;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => TV.Multiply(x, x);
}

/// <summary>x * y + z; fused (one rounding) for floating point.</summary>
internal readonly struct MultiplyAddOp<T> : ITernaryOp<T, T> where T : unmanaged, INumber<T>
{
    public static bool Vectorizable => true;

    public static T Invoke(T x, T y, T z)
    {
        if (typeof(T) == typeof(float))
        {
            float r = MathF.FusedMultiplyAdd(Unsafe.As<T, float>(ref x), Unsafe.As<T, float>(ref y), Unsafe.As<T, float>(ref z));
            return Unsafe.As<float, T>(ref r);
        }
        if (typeof(T) == typeof(double))
        {
            double r = Math.FusedMultiplyAdd(Unsafe.As<T, double>(ref x), Unsafe.As<T, double>(ref y), Unsafe.As<T, double>(ref z));
            return Unsafe.As<double, T>(ref r);
        }
        return x * y + z;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x, TV y, TV z) where TV : struct, ISimdVec<TV, T> => TV.FusedMultiplyAdd(x, y, z);
}

/// <summary>Clamps x to [low, high] as NumPy's clip: minimum(maximum(x, low), high).</summary>
internal readonly struct ClipOp<T> : ITernaryOp<T, T> where T : unmanaged, INumber<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T x, T low, T high) => T.Min(T.Max(x, low), high);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x, TV low, TV high) where TV : struct, ISimdVec<TV, T> => TV.Min(TV.Max(x, low), high);
}

/// <summary>condition ? x : y elementwise.</summary>
internal readonly struct WhereOp<T> : ITernaryOp<bool, T> where T : unmanaged
{
    public static bool Vectorizable => true;
    public static T Invoke(bool condition, T x, T y) => condition ? x : y;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV mask, TV x, TV y) where TV : struct, ISimdVec<TV, T> => TV.Select(mask, x, y);
}

/// <summary>
/// Element conversion (NumPy astype): truncating toward zero and saturating for floating point to integer (NaN
/// to 0), saturating between integer types (<c>CreateSaturating</c>). Vectorised for the same-size pairs:
/// float to/from int32 and uint32, double to/from int64 and uint64, and signed to/from unsigned integers of one size
/// (size-changing pairs run on Conversion's ResizeRow).
/// </summary>
internal readonly unsafe struct ConvertOp<TFrom, TTo> : IUnaryOp<TFrom, TTo>
    where TFrom : unmanaged, INumberBase<TFrom> where TTo : unmanaged, INumberBase<TTo>
{
    public static bool Vectorizable =>
        sizeof(TFrom) == sizeof(TTo) && typeof(TFrom) != typeof(TTo) && IsLane<TFrom>() && IsLane<TTo>() &&
        (SimdTypes.IsFloat<TFrom>() ? !SimdTypes.IsFloat<TTo>() : true);

    /// <summary>Vector element types that are numbers (not nint/nuint, Half or bool).</summary>
    private static bool IsLane<T>() => SimdTypes.IsVectorElement<T>();

    public static TTo Invoke(TFrom x) => TTo.CreateSaturating(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, TFrom>
    {
        if (typeof(TFrom) == typeof(float)) return typeof(TTo) == typeof(int) ? TV.SingleToInt32(x) : TV.SingleToUInt32(x);
        if (typeof(TFrom) == typeof(double)) return typeof(TTo) == typeof(long) ? TV.DoubleToInt64(x) : TV.DoubleToUInt64(x);
        if (typeof(TTo) == typeof(float)) return typeof(TFrom) == typeof(int) ? TV.Int32ToSingle(x) : TV.UInt32ToSingle(x);
        if (typeof(TTo) == typeof(double)) return typeof(TFrom) == typeof(long) ? TV.Int64ToDouble(x) : TV.UInt64ToDouble(x);
        // Integers of one size: negative to unsigned saturates at 0; unsigned above the signed maximum saturates there.
        return SimdTypes.IsSignedInteger<TFrom>() ? TV.Max(x, TV.Zero) : TV.Min(x, TV.ShiftRightLogical(TV.AllBitsSet, 1));
    }
}
