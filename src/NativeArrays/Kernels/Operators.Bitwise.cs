using System.Numerics;
using System.Runtime.CompilerServices;

namespace NativeArrays.Kernels;

// Bitwise operators for integer element types. Shift counts come from the second operand elementwise and are
// masked to the bit width as in C# (x << 33 on int shifts by 1); right shift is arithmetic for signed types.
// Shifts are vectorised with per-lane variable shifts (AVX2: 4/8-byte lanes; AVX-512BW: 2-byte, and byte lanes through
// 2-byte lanes; AVX-512VL: signed 8-byte right shifts); other hardware runs the scalar loop.

internal readonly struct BitwiseAndOp<T> : IBinaryOp<T, T> where T : unmanaged, IBinaryInteger<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T x, T y) => x & y;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, T> => TV.And(x, y);
}

internal readonly struct BitwiseOrOp<T> : IBinaryOp<T, T> where T : unmanaged, IBinaryInteger<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T x, T y) => x | y;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, T> => TV.Or(x, y);
}

internal readonly struct BitwiseXorOp<T> : IBinaryOp<T, T> where T : unmanaged, IBinaryInteger<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T x, T y) => x ^ y;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, T> => TV.Xor(x, y);
}

internal readonly unsafe struct LeftShiftOp<T> : IBinaryOp<T, T> where T : unmanaged, IBinaryInteger<T>
{
    public static bool Vectorizable => SimdTypes.HasVariableShift<T>() || SimdTypes.HasByteShift<T>();
    public static T Invoke(T x, T y) => x << int.CreateTruncating(y);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Invoke<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, T> => sizeof(T) == 1 ? TV.ShiftLeftBytes(x, y) : TV.ShiftLeftVariable(x, y);
}

internal readonly unsafe struct RightShiftOp<T> : IBinaryOp<T, T> where T : unmanaged, IBinaryInteger<T>
{
    public static bool Vectorizable => SimdTypes.HasVariableShift<T>() || SimdTypes.HasByteShift<T>();
    public static T Invoke(T x, T y) => x >> int.CreateTruncating(y);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Invoke<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, T> => sizeof(T) == 1 ? TV.ShiftRightBytes(x, y) : TV.ShiftRightVariable(x, y);
}

/// <summary>Bitwise complement (NumPy invert).</summary>
internal readonly struct OnesComplementOp<T> : IUnaryOp<T, T> where T : unmanaged, IBinaryInteger<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T x) => ~x;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => TV.Xor(x, TV.AllBitsSet);
}
