using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NativeArrays.Kernels;

// Lane-size changes of the 128-bit vector (see ISimdVec.Integer.cs).
internal readonly unsafe partial struct Vec128<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> WidenLower<TLane>(Vec128<T> v) where TLane : unmanaged
        => new(typeof(TLane) == typeof(sbyte) ? Vector128.WidenLower(v.V.AsSByte()).As<short, T>()
            : typeof(TLane) == typeof(byte) ? Vector128.WidenLower(v.V.AsByte()).As<ushort, T>()
            : typeof(TLane) == typeof(short) ? Vector128.WidenLower(v.V.AsInt16()).As<int, T>()
            : typeof(TLane) == typeof(ushort) ? Vector128.WidenLower(v.V.AsUInt16()).As<uint, T>()
            : typeof(TLane) == typeof(int) ? Vector128.WidenLower(v.V.AsInt32()).As<long, T>()
            : typeof(TLane) == typeof(uint) ? Vector128.WidenLower(v.V.AsUInt32()).As<ulong, T>()
            : typeof(TLane) == typeof(float) ? Vector128.WidenLower(v.V.AsSingle()).As<double, T>()
            : throw SimdTypes.NotSupported<TLane>(nameof(WidenLower)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> WidenUpper<TLane>(Vec128<T> v) where TLane : unmanaged
        => new(typeof(TLane) == typeof(sbyte) ? Vector128.WidenUpper(v.V.AsSByte()).As<short, T>()
            : typeof(TLane) == typeof(byte) ? Vector128.WidenUpper(v.V.AsByte()).As<ushort, T>()
            : typeof(TLane) == typeof(short) ? Vector128.WidenUpper(v.V.AsInt16()).As<int, T>()
            : typeof(TLane) == typeof(ushort) ? Vector128.WidenUpper(v.V.AsUInt16()).As<uint, T>()
            : typeof(TLane) == typeof(int) ? Vector128.WidenUpper(v.V.AsInt32()).As<long, T>()
            : typeof(TLane) == typeof(uint) ? Vector128.WidenUpper(v.V.AsUInt32()).As<ulong, T>()
            : typeof(TLane) == typeof(float) ? Vector128.WidenUpper(v.V.AsSingle()).As<double, T>()
            : throw SimdTypes.NotSupported<TLane>(nameof(WidenUpper)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> Narrow<TLane>(Vec128<T> lower, Vec128<T> upper) where TLane : unmanaged
        => new(typeof(TLane) == typeof(short) || typeof(TLane) == typeof(ushort) ? Vector128.Narrow(lower.V.AsUInt16(), upper.V.AsUInt16()).As<byte, T>()
            : typeof(TLane) == typeof(int) || typeof(TLane) == typeof(uint) ? Vector128.Narrow(lower.V.AsUInt32(), upper.V.AsUInt32()).As<ushort, T>()
            : typeof(TLane) == typeof(long) || typeof(TLane) == typeof(ulong) ? Vector128.Narrow(lower.V.AsUInt64(), upper.V.AsUInt64()).As<uint, T>()
            : typeof(TLane) == typeof(double) ? Vector128.Narrow(lower.V.AsDouble(), upper.V.AsDouble()).As<float, T>()
            : throw SimdTypes.NotSupported<TLane>(nameof(Narrow)));

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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> DivideSmallInteger(Vec128<T> l, Vec128<T> r)
    {
        if (typeof(T) == typeof(short)) return new(Quotient16(l.V.AsInt16(), r.V.AsInt16()).As<short, T>());
        if (typeof(T) == typeof(ushort))
        {
            // Zero-extended to int32 (below 2^16, so the signed conversions are exact).
            Vector128<ushort> a = l.V.AsUInt16(), b = r.V.AsUInt16();
            return new(Vector128.Narrow(Quotient(Vector128.WidenLower(a).AsInt32(), Vector128.WidenLower(b).AsInt32()),
                                         Quotient(Vector128.WidenUpper(a).AsInt32(), Vector128.WidenUpper(b).AsInt32())).As<short, T>());
        }
        if (typeof(T) == typeof(sbyte) || typeof(T) == typeof(byte))
        {
            // Widened to int16 lanes (sign- or zero-extended), divided there, the low bytes kept.
            Vector128<short> a0, a1, b0, b1;
            if (typeof(T) == typeof(sbyte))
            {
                (a0, a1) = Vector128.Widen(l.V.AsSByte());
                (b0, b1) = Vector128.Widen(r.V.AsSByte());
            }
            else
            {
                var (c0, c1) = Vector128.Widen(l.V.AsByte());
                var (d0, d1) = Vector128.Widen(r.V.AsByte());
                (a0, a1, b0, b1) = (c0.AsInt16(), c1.AsInt16(), d0.AsInt16(), d1.AsInt16());
            }
            return new(Vector128.Narrow(Quotient16(a0, b0), Quotient16(a1, b1)).As<sbyte, T>());
        }
        throw SimdTypes.NotSupported<T>(nameof(DivideSmallInteger));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<short> Quotient16(Vector128<short> a, Vector128<short> b)
        => Vector128.Narrow(Quotient(Vector128.WidenLower(a), Vector128.WidenLower(b)), Quotient(Vector128.WidenUpper(a), Vector128.WidenUpper(b)));

    /// <summary>Truncated quotient of int32 lanes below 2^24 in magnitude, through float32 (exact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Quotient(Vector128<int> a, Vector128<int> b)
        => Vector128.ConvertToInt32Native(Vector128.ConvertToSingle(a) / Vector128.ConvertToSingle(b)); // in range: the plain truncating convert (no saturation fix-ups)

    // palignr of (v, zero) by 16 − count·size bytes: one instruction (count is a constant once inlined). The Shuffle
    // fallback gives zero for an out-of-range index.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> PrefixSum(Vec128<T> v)
    {
        // log2(Count) steps, each in-lane (palignr with zero) with SSSE3.
        v = new(v.V + ShiftLanesUp(v, 1).V);
        return sizeof(T) == 4 ? new(v.V + ShiftLanesUp(v, 2).V) : v;
    }

    // The lanes moved up by count lanes (lane i takes lane i − count), zeros shifted in.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vec128<T> ShiftLanesUp(Vec128<T> v, int count)
    {
        if (Ssse3.IsSupported && (sizeof(T) == 4 || sizeof(T) == 8) && count * sizeof(T) is 4 or 8)
        {
            Vector128<byte> a = v.V.AsByte(), z = Vector128<byte>.Zero;
            return new((count * sizeof(T) == 4 ? Ssse3.AlignRight(a, z, 12) : Ssse3.AlignRight(a, z, 8)).As<byte, T>());
        }
        if (sizeof(T) == 4) return new(Vector128.Shuffle(v.V.AsInt32(), Vector128<int>.Indices - Vector128.Create(count)).As<int, T>());
        if (sizeof(T) == 8) return new(Vector128.Shuffle(v.V.AsInt64(), Vector128<long>.Indices - Vector128.Create((long)count)).As<long, T>());
        throw SimdTypes.NotSupported<T>(nameof(ShiftLanesUp));
    }

    // One shuffle by a constant index (no extract to a general register and broadcast back).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> BroadcastLast(Vec128<T> v)
        => new(sizeof(T) == 4 ? Vector128.Shuffle(v.V.AsInt32(), Vector128.Create(3)).As<int, T>()
            : sizeof(T) == 8 ? Vector128.Shuffle(v.V.AsInt64(), Vector128.Create(1L)).As<long, T>()
            : throw SimdTypes.NotSupported<T>(nameof(BroadcastLast)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> ShiftLeftBytes(Vec128<T> v, Vec128<T> c)
    {
        if (!Avx512BW.VL.IsSupported) return new(ByteShifts.Left(v.V.AsByte(), c.V.AsByte()).As<byte, T>());
        // Zero-extended to int16 lanes, shifted there, the low bytes kept.
        var (x0, x1) = Vector128.Widen(v.V.AsByte());
        var (n0, n1) = Vector128.Widen(c.V.AsByte() & Vector128.Create((byte)7));
        return new(Vector128.Narrow(Avx512BW.VL.ShiftLeftLogicalVariable(x0, n0), Avx512BW.VL.ShiftLeftLogicalVariable(x1, n1)).As<byte, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> ShiftRightBytes(Vec128<T> v, Vec128<T> c)
    {
        if (!Avx512BW.VL.IsSupported) return new(ByteShifts.Right(v.V.AsByte(), c.V.AsByte(), typeof(T) == typeof(sbyte)).As<byte, T>());
        var (n0, n1) = Vector128.Widen(c.V.AsByte() & Vector128.Create((byte)7));
        if (typeof(T) == typeof(sbyte))
        {
            // Sign-extended, so the arithmetic shift of the int16 lane is the sbyte shift.
            var (s0, s1) = Vector128.Widen(v.V.AsSByte());
            return new(Vector128.Narrow(Avx512BW.VL.ShiftRightArithmeticVariable(s0, n0), Avx512BW.VL.ShiftRightArithmeticVariable(s1, n1)).As<sbyte, T>());
        }
        var (x0, x1) = Vector128.Widen(v.V.AsByte());
        return new(Vector128.Narrow(Avx512BW.VL.ShiftRightLogicalVariable(x0, n0), Avx512BW.VL.ShiftRightLogicalVariable(x1, n1)).As<byte, T>());
    }
}
