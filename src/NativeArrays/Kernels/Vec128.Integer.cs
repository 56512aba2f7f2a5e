using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NativeArrays.Kernels;

// Lane-size changes of the 128-bit vector (see ISimdVec.Integer.cs).
internal readonly unsafe partial struct Vec128<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> WidenLower<TLane>(Vec128<T> v) where TLane : unmanaged
    {
        if (typeof(TLane) == typeof(sbyte)) return new(Vector128.WidenLower(v.V.AsSByte()).As<short, T>());
        if (typeof(TLane) == typeof(byte)) return new(Vector128.WidenLower(v.V.AsByte()).As<ushort, T>());
        if (typeof(TLane) == typeof(short)) return new(Vector128.WidenLower(v.V.AsInt16()).As<int, T>());
        if (typeof(TLane) == typeof(ushort)) return new(Vector128.WidenLower(v.V.AsUInt16()).As<uint, T>());
        if (typeof(TLane) == typeof(int)) return new(Vector128.WidenLower(v.V.AsInt32()).As<long, T>());
        if (typeof(TLane) == typeof(uint)) return new(Vector128.WidenLower(v.V.AsUInt32()).As<ulong, T>());
        if (typeof(TLane) == typeof(float)) return new(Vector128.WidenLower(v.V.AsSingle()).As<double, T>());
        throw SimdTypes.NotSupported<TLane>(nameof(WidenLower));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> WidenUpper<TLane>(Vec128<T> v) where TLane : unmanaged
    {
        if (typeof(TLane) == typeof(sbyte)) return new(Vector128.WidenUpper(v.V.AsSByte()).As<short, T>());
        if (typeof(TLane) == typeof(byte)) return new(Vector128.WidenUpper(v.V.AsByte()).As<ushort, T>());
        if (typeof(TLane) == typeof(short)) return new(Vector128.WidenUpper(v.V.AsInt16()).As<int, T>());
        if (typeof(TLane) == typeof(ushort)) return new(Vector128.WidenUpper(v.V.AsUInt16()).As<uint, T>());
        if (typeof(TLane) == typeof(int)) return new(Vector128.WidenUpper(v.V.AsInt32()).As<long, T>());
        if (typeof(TLane) == typeof(uint)) return new(Vector128.WidenUpper(v.V.AsUInt32()).As<ulong, T>());
        if (typeof(TLane) == typeof(float)) return new(Vector128.WidenUpper(v.V.AsSingle()).As<double, T>());
        throw SimdTypes.NotSupported<TLane>(nameof(WidenUpper));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> Narrow<TLane>(Vec128<T> lower, Vec128<T> upper) where TLane : unmanaged
    {
        if (typeof(TLane) == typeof(short) || typeof(TLane) == typeof(ushort)) return new(Vector128.Narrow(lower.V.AsUInt16(), upper.V.AsUInt16()).As<byte, T>());
        if (typeof(TLane) == typeof(int) || typeof(TLane) == typeof(uint)) return new(Vector128.Narrow(lower.V.AsUInt32(), upper.V.AsUInt32()).As<ushort, T>());
        if (typeof(TLane) == typeof(long) || typeof(TLane) == typeof(ulong)) return new(Vector128.Narrow(lower.V.AsUInt64(), upper.V.AsUInt64()).As<uint, T>());
        if (typeof(TLane) == typeof(double)) return new(Vector128.Narrow(lower.V.AsDouble(), upper.V.AsDouble()).As<float, T>());
        throw SimdTypes.NotSupported<TLane>(nameof(Narrow));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> Clamp<TLane>(Vec128<T> v, TLane low, TLane high) where TLane : unmanaged
        => new(Vector128.Min(Vector128.Max(v.V.As<T, TLane>(), Vector128.Create(low)), Vector128.Create(high)).As<TLane, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> Int64ToSingle<TLane>(Vec128<T> lower, Vec128<T> upper) where TLane : unmanaged
    {
        // Each conversion fills the low two float lanes; movlhps joins them.
        if (typeof(TLane) == typeof(long)) return new(Sse.MoveLowToHigh(Avx512DQ.VL.ConvertToVector128Single(lower.V.AsInt64()), Avx512DQ.VL.ConvertToVector128Single(upper.V.AsInt64())).As<float, T>());
        if (typeof(TLane) == typeof(ulong)) return new(Sse.MoveLowToHigh(Avx512DQ.VL.ConvertToVector128Single(lower.V.AsUInt64()), Avx512DQ.VL.ConvertToVector128Single(upper.V.AsUInt64())).As<float, T>());
        throw SimdTypes.NotSupported<TLane>(nameof(Int64ToSingle));
    }
}
