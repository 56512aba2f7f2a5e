using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NativeArrays.Kernels;

// Lane-size changes of the 512-bit vector (see ISimdVec.Integer.cs).
internal readonly unsafe partial struct Vec512<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> WidenLower<TLane>(Vec512<T> v) where TLane : unmanaged
    {
        if (typeof(TLane) == typeof(sbyte)) return new(Vector512.WidenLower(v.V.AsSByte()).As<short, T>());
        if (typeof(TLane) == typeof(byte)) return new(Vector512.WidenLower(v.V.AsByte()).As<ushort, T>());
        if (typeof(TLane) == typeof(short)) return new(Vector512.WidenLower(v.V.AsInt16()).As<int, T>());
        if (typeof(TLane) == typeof(ushort)) return new(Vector512.WidenLower(v.V.AsUInt16()).As<uint, T>());
        if (typeof(TLane) == typeof(int)) return new(Vector512.WidenLower(v.V.AsInt32()).As<long, T>());
        if (typeof(TLane) == typeof(uint)) return new(Vector512.WidenLower(v.V.AsUInt32()).As<ulong, T>());
        if (typeof(TLane) == typeof(float)) return new(Vector512.WidenLower(v.V.AsSingle()).As<double, T>());
        throw SimdTypes.NotSupported<TLane>(nameof(WidenLower));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> WidenUpper<TLane>(Vec512<T> v) where TLane : unmanaged
    {
        if (typeof(TLane) == typeof(sbyte)) return new(Vector512.WidenUpper(v.V.AsSByte()).As<short, T>());
        if (typeof(TLane) == typeof(byte)) return new(Vector512.WidenUpper(v.V.AsByte()).As<ushort, T>());
        if (typeof(TLane) == typeof(short)) return new(Vector512.WidenUpper(v.V.AsInt16()).As<int, T>());
        if (typeof(TLane) == typeof(ushort)) return new(Vector512.WidenUpper(v.V.AsUInt16()).As<uint, T>());
        if (typeof(TLane) == typeof(int)) return new(Vector512.WidenUpper(v.V.AsInt32()).As<long, T>());
        if (typeof(TLane) == typeof(uint)) return new(Vector512.WidenUpper(v.V.AsUInt32()).As<ulong, T>());
        if (typeof(TLane) == typeof(float)) return new(Vector512.WidenUpper(v.V.AsSingle()).As<double, T>());
        throw SimdTypes.NotSupported<TLane>(nameof(WidenUpper));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> Narrow<TLane>(Vec512<T> lower, Vec512<T> upper) where TLane : unmanaged
    {
        if (typeof(TLane) == typeof(short) || typeof(TLane) == typeof(ushort)) return new(Vector512.Narrow(lower.V.AsUInt16(), upper.V.AsUInt16()).As<byte, T>());
        if (typeof(TLane) == typeof(int) || typeof(TLane) == typeof(uint)) return new(Vector512.Narrow(lower.V.AsUInt32(), upper.V.AsUInt32()).As<ushort, T>());
        if (typeof(TLane) == typeof(long) || typeof(TLane) == typeof(ulong)) return new(Vector512.Narrow(lower.V.AsUInt64(), upper.V.AsUInt64()).As<uint, T>());
        if (typeof(TLane) == typeof(double)) return new(Vector512.Narrow(lower.V.AsDouble(), upper.V.AsDouble()).As<float, T>());
        throw SimdTypes.NotSupported<TLane>(nameof(Narrow));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> Clamp<TLane>(Vec512<T> v, TLane low, TLane high) where TLane : unmanaged
        => new(Vector512.Min(Vector512.Max(v.V.As<T, TLane>(), Vector512.Create(low)), Vector512.Create(high)).As<TLane, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> Int64ToSingle<TLane>(Vec512<T> lower, Vec512<T> upper) where TLane : unmanaged
    {
        if (typeof(TLane) == typeof(long)) return new(Vector512.Create(Avx512DQ.ConvertToVector256Single(lower.V.AsInt64()), Avx512DQ.ConvertToVector256Single(upper.V.AsInt64())).As<float, T>());
        if (typeof(TLane) == typeof(ulong)) return new(Vector512.Create(Avx512DQ.ConvertToVector256Single(lower.V.AsUInt64()), Avx512DQ.ConvertToVector256Single(upper.V.AsUInt64())).As<float, T>());
        throw SimdTypes.NotSupported<TLane>(nameof(Int64ToSingle));
    }
}
