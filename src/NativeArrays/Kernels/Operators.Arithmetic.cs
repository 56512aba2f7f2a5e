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
    // Vector integer division has no hardware instruction: the scalar loop is as fast and keeps C# semantics.
    public static bool Vectorizable => SimdTypes.IsFloat<T>();
    public static T Invoke(T x, T y) => x / y;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, T> => TV.Divide(x, y);
}

/// <summary>Remainder with the sign of the dividend (C# <c>%</c>, NumPy <c>fmod</c>).</summary>
internal readonly struct RemainderOp<T> : IBinaryOp<T, T> where T : unmanaged, INumber<T>
{
    public static bool Vectorizable => false;
    public static T Invoke(T x, T y) => x % y;
    public static TV Invoke<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, T> => throw SimdTypes.NotSupported<T>("Remainder");
}

/// <summary>x to the power y: <see cref="Math.Pow"/> for floating point, repeated squaring for integers.</summary>
internal readonly struct PowerOp<T> : IBinaryOp<T, T> where T : unmanaged, INumber<T>
{
    public static bool Vectorizable => false;

    public static T Invoke(T x, T y)
    {
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

    public static TV Invoke<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, T> => throw SimdTypes.NotSupported<T>("Power");
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
/// to 0). Vectorised for float to/from int and double to/from long.
/// </summary>
internal readonly struct ConvertOp<TFrom, TTo> : IUnaryOp<TFrom, TTo>
    where TFrom : unmanaged, INumberBase<TFrom> where TTo : unmanaged, INumberBase<TTo>
{
    public static bool Vectorizable =>
        (typeof(TFrom) == typeof(float) && typeof(TTo) == typeof(int)) || (typeof(TFrom) == typeof(int) && typeof(TTo) == typeof(float)) ||
        (typeof(TFrom) == typeof(double) && typeof(TTo) == typeof(long)) || (typeof(TFrom) == typeof(long) && typeof(TTo) == typeof(double));

    public static TTo Invoke(TFrom x) => TTo.CreateSaturating(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, TFrom>
    {
        if (typeof(TFrom) == typeof(float)) return TV.SingleToInt32(x);
        if (typeof(TFrom) == typeof(int)) return TV.Int32ToSingle(x);
        if (typeof(TFrom) == typeof(double)) return TV.DoubleToInt64(x);
        if (typeof(TFrom) == typeof(long)) return TV.Int64ToDouble(x);
        throw SimdTypes.NotSupported<TFrom>("Convert");
    }
}
