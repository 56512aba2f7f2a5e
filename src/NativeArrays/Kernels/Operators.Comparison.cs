using System.Numerics;
using System.Runtime.CompilerServices;

namespace NativeArrays.Kernels;

// Comparisons and predicates produce bool. The vector forms return lane masks; the driver narrows them to bytes.
// NaN compares unequal to everything (so NotEqual is true for NaN), as in IEEE 754 and NumPy.

internal readonly struct EqualOp<T> : IBinaryOp<T, bool> where T : unmanaged, INumber<T>
{
    public static bool Vectorizable => true;
    public static bool Invoke(T x, T y) => x == y;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, T> => TV.Equals(x, y);
}

internal readonly struct NotEqualOp<T> : IBinaryOp<T, bool> where T : unmanaged, INumber<T>
{
    public static bool Vectorizable => true;
    public static bool Invoke(T x, T y) => x != y;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, T> => TV.Xor(TV.Equals(x, y), TV.AllBitsSet);
}

internal readonly struct LessOp<T> : IBinaryOp<T, bool> where T : unmanaged, INumber<T>
{
    public static bool Vectorizable => true;
    public static bool Invoke(T x, T y) => x < y;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, T> => TV.LessThan(x, y);
}

internal readonly struct LessEqualOp<T> : IBinaryOp<T, bool> where T : unmanaged, INumber<T>
{
    public static bool Vectorizable => true;
    public static bool Invoke(T x, T y) => x <= y;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, T> => TV.LessThanOrEqual(x, y);
}

internal readonly struct GreaterOp<T> : IBinaryOp<T, bool> where T : unmanaged, INumber<T>
{
    public static bool Vectorizable => true;
    public static bool Invoke(T x, T y) => x > y;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, T> => TV.GreaterThan(x, y);
}

internal readonly struct GreaterEqualOp<T> : IBinaryOp<T, bool> where T : unmanaged, INumber<T>
{
    public static bool Vectorizable => true;
    public static bool Invoke(T x, T y) => x >= y;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, T> => TV.GreaterThanOrEqual(x, y);
}

internal readonly struct IsNaNOp<T> : IUnaryOp<T, bool> where T : unmanaged, INumber<T>
{
    public static bool Vectorizable => true;
    public static bool Invoke(T x) => T.IsNaN(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => TV.IsNaN(x);
}

internal readonly struct IsFiniteOp<T> : IUnaryOp<T, bool> where T : unmanaged, INumber<T>
{
    public static bool Vectorizable => true;
    public static bool Invoke(T x) => T.IsFinite(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => TV.IsFinite(x);
}
