using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NativeArrays.Kernels;

// The bit-level primitives of ISimdVec.Float.cs at 256 bits.
internal readonly unsafe partial struct Vec256<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> ShiftLeftBits(Vec256<T> v, int count) => sizeof(T) == 8
        ? new(Vector256.ShiftLeft(v.V.AsUInt64(), count).As<ulong, T>())
        : new(Vector256.ShiftLeft(v.V.AsUInt32(), count).As<uint, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> ShiftRightBits(Vec256<T> v, int count) => sizeof(T) == 8
        ? new(Vector256.ShiftRightLogical(v.V.AsUInt64(), count).As<ulong, T>())
        : new(Vector256.ShiftRightLogical(v.V.AsUInt32(), count).As<uint, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> AddBits(Vec256<T> l, Vec256<T> r) => sizeof(T) == 8
        ? new((l.V.AsUInt64() + r.V.AsUInt64()).As<ulong, T>())
        : new((l.V.AsUInt32() + r.V.AsUInt32()).As<uint, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> MinNative(Vec256<T> l, Vec256<T> r) => new(Vector256.MinNative(l.V, r.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> MaxNative(Vec256<T> l, Vec256<T> r) => new(Vector256.MaxNative(l.V, r.V));
}
