using System.Numerics;
using System.Runtime.CompilerServices;

namespace NativeArrays.Kernels;

/// <summary>
/// Sum of <typeparamref name="T"/> accumulated in <typeparamref name="TAcc"/> (NumPy's promotion of 8-to-32-bit
/// integer and bool sums to 64 bits, and of integer means to float64). Scalar: the vector forms need TAcc == T.
/// Pairwise, so float64 accumulators of integers are as accurate as NumPy's.
/// </summary>
internal readonly struct WideningSumOp<T, TAcc> : IReduceOp<T, TAcc>
    where T : unmanaged, INumberBase<T> where TAcc : unmanaged, INumberBase<TAcc>
{
    public static bool Vectorizable => false;
    public static bool Pairwise => true;
    public static TAcc Identity => TAcc.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TAcc Invoke(TAcc acc, T x) => acc + TAcc.CreateTruncating(x);
    public static TAcc Combine(TAcc left, TAcc right) => left + right;
    public static TV Invoke<TV>(TV acc, TV x) where TV : struct, ISimdVec<TV, T> => throw SimdTypes.NotSupported<T>("WideningSum");
    public static T Horizontal<TV>(TV acc) where TV : struct, ISimdVec<TV, T> => throw SimdTypes.NotSupported<T>("WideningSum");
}

/// <summary>
/// Product of <typeparamref name="T"/> accumulated in <typeparamref name="TAcc"/> (NumPy's promotion of 8-to-32-bit
/// integer and bool products to 64 bits). Scalar; integer products wrap in TAcc (exact modulo 2^64, any order).
/// </summary>
internal readonly struct WideningProductOp<T, TAcc> : IReduceOp<T, TAcc>
    where T : unmanaged, INumberBase<T> where TAcc : unmanaged, INumberBase<TAcc>
{
    public static bool Vectorizable => false;
    public static bool Pairwise => false;
    public static TAcc Identity => TAcc.One;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TAcc Invoke(TAcc acc, T x) => acc * TAcc.CreateTruncating(x);
    public static TAcc Combine(TAcc left, TAcc right) => left * right;
    public static TV Invoke<TV>(TV acc, TV x) where TV : struct, ISimdVec<TV, T> => throw SimdTypes.NotSupported<T>("WideningProduct");
    public static T Horizontal<TV>(TV acc) where TV : struct, ISimdVec<TV, T> => throw SimdTypes.NotSupported<T>("WideningProduct");
}

/// <summary>Logical and of two bool masks read as bytes (any non-zero byte is true); writes 0 or 1.</summary>
internal readonly struct LogicalAndOp : IBinaryOp<byte, bool>
{
    public static bool Vectorizable => true;
    public static bool Invoke(byte x, byte y) => (x != 0) & (y != 0);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Invoke<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, byte> =>
        TV.AndNot(TV.Xor(TV.Equals(x, TV.Zero), TV.AllBitsSet), TV.Equals(y, TV.Zero));
}

/// <summary>Logical or of two bool masks read as bytes.</summary>
internal readonly struct LogicalOrOp : IBinaryOp<byte, bool>
{
    public static bool Vectorizable => true;
    public static bool Invoke(byte x, byte y) => (x != 0) | (y != 0);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Invoke<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, byte> =>
        TV.Xor(TV.Equals(TV.Or(x, y), TV.Zero), TV.AllBitsSet);
}

/// <summary>Logical exclusive or of two bool masks read as bytes.</summary>
internal readonly struct LogicalXorOp : IBinaryOp<byte, bool>
{
    public static bool Vectorizable => true;
    public static bool Invoke(byte x, byte y) => (x != 0) ^ (y != 0);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Invoke<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, byte> =>
        TV.Xor(TV.Equals(x, TV.Zero), TV.Equals(y, TV.Zero));
}

/// <summary>Logical not of a bool mask read as bytes.</summary>
internal readonly struct LogicalNotOp : IUnaryOp<byte, bool>
{
    public static bool Vectorizable => true;
    public static bool Invoke(byte x) => x == 0;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, byte> => TV.Equals(x, TV.Zero);
}
