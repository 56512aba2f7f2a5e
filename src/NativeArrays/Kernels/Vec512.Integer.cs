using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NativeArrays.Kernels;

// Lane-size changes of the 512-bit vector (see ISimdVec.Integer.cs).
internal readonly unsafe partial struct Vec512<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> WidenLower<TLane>(Vec512<T> v) where TLane : unmanaged
        => new(typeof(TLane) == typeof(sbyte) ? Vector512.WidenLower(v.V.AsSByte()).As<short, T>()
            : typeof(TLane) == typeof(byte) ? Vector512.WidenLower(v.V.AsByte()).As<ushort, T>()
            : typeof(TLane) == typeof(short) ? Vector512.WidenLower(v.V.AsInt16()).As<int, T>()
            : typeof(TLane) == typeof(ushort) ? Vector512.WidenLower(v.V.AsUInt16()).As<uint, T>()
            : typeof(TLane) == typeof(int) ? Vector512.WidenLower(v.V.AsInt32()).As<long, T>()
            : typeof(TLane) == typeof(uint) ? Vector512.WidenLower(v.V.AsUInt32()).As<ulong, T>()
            : typeof(TLane) == typeof(float) ? Vector512.WidenLower(v.V.AsSingle()).As<double, T>()
            : throw SimdTypes.NotSupported<TLane>(nameof(WidenLower)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> WidenUpper<TLane>(Vec512<T> v) where TLane : unmanaged
        => new(typeof(TLane) == typeof(sbyte) ? Vector512.WidenUpper(v.V.AsSByte()).As<short, T>()
            : typeof(TLane) == typeof(byte) ? Vector512.WidenUpper(v.V.AsByte()).As<ushort, T>()
            : typeof(TLane) == typeof(short) ? Vector512.WidenUpper(v.V.AsInt16()).As<int, T>()
            : typeof(TLane) == typeof(ushort) ? Vector512.WidenUpper(v.V.AsUInt16()).As<uint, T>()
            : typeof(TLane) == typeof(int) ? Vector512.WidenUpper(v.V.AsInt32()).As<long, T>()
            : typeof(TLane) == typeof(uint) ? Vector512.WidenUpper(v.V.AsUInt32()).As<ulong, T>()
            : typeof(TLane) == typeof(float) ? Vector512.WidenUpper(v.V.AsSingle()).As<double, T>()
            : throw SimdTypes.NotSupported<TLane>(nameof(WidenUpper)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> Narrow<TLane>(Vec512<T> lower, Vec512<T> upper) where TLane : unmanaged
        => new(typeof(TLane) == typeof(short) || typeof(TLane) == typeof(ushort) ? Vector512.Narrow(lower.V.AsUInt16(), upper.V.AsUInt16()).As<byte, T>()
            : typeof(TLane) == typeof(int) || typeof(TLane) == typeof(uint) ? Vector512.Narrow(lower.V.AsUInt32(), upper.V.AsUInt32()).As<ushort, T>()
            : typeof(TLane) == typeof(long) || typeof(TLane) == typeof(ulong) ? Vector512.Narrow(lower.V.AsUInt64(), upper.V.AsUInt64()).As<uint, T>()
            : typeof(TLane) == typeof(double) ? Vector512.Narrow(lower.V.AsDouble(), upper.V.AsDouble()).As<float, T>()
            : throw SimdTypes.NotSupported<TLane>(nameof(Narrow)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> Clamp<TLane>(Vec512<T> v, TLane low, TLane high) where TLane : unmanaged
        => new(Vector512.Min(Vector512.Max(v.V.As<T, TLane>(), Vector512.Create(low)), Vector512.Create(high)).As<TLane, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> Int64ToSingle<TLane>(Vec512<T> lower, Vec512<T> upper) where TLane : unmanaged
    {
        // Low half widened without a defined upper, then the upper inserted: Vector512.Create(lo, hi) compiled to a merge
        // into the previous iteration's vector through the stack (a store-forwarding stall per block, ~1 ns per element).
        if (typeof(TLane) == typeof(long)) return new(Avx512DQ.ConvertToVector256Single(lower.V.AsInt64()).ToVector512Unsafe().WithUpper(Avx512DQ.ConvertToVector256Single(upper.V.AsInt64())).As<float, T>());
        if (typeof(TLane) == typeof(ulong)) return new(Avx512DQ.ConvertToVector256Single(lower.V.AsUInt64()).ToVector512Unsafe().WithUpper(Avx512DQ.ConvertToVector256Single(upper.V.AsUInt64())).As<float, T>());
        throw SimdTypes.NotSupported<TLane>(nameof(Int64ToSingle));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> DivideSmallInteger(Vec512<T> l, Vec512<T> r)
    {
        if (typeof(T) == typeof(short)) return new(Quotient16(l.V.AsInt16(), r.V.AsInt16()).As<short, T>());
        if (typeof(T) == typeof(ushort))
        {
            // Zero-extended to int32 (below 2^16, so the signed conversions are exact).
            Vector512<ushort> a = l.V.AsUInt16(), b = r.V.AsUInt16();
            return new(Vector512.Narrow(Quotient(Vector512.WidenLower(a).AsInt32(), Vector512.WidenLower(b).AsInt32()),
                                         Quotient(Vector512.WidenUpper(a).AsInt32(), Vector512.WidenUpper(b).AsInt32())).As<short, T>());
        }
        if (typeof(T) == typeof(sbyte) || typeof(T) == typeof(byte))
        {
            // Widened to int16 lanes (sign- or zero-extended), divided there, the low bytes kept.
            Vector512<short> a0, a1, b0, b1;
            if (typeof(T) == typeof(sbyte))
            {
                (a0, a1) = Vector512.Widen(l.V.AsSByte());
                (b0, b1) = Vector512.Widen(r.V.AsSByte());
            }
            else
            {
                var (c0, c1) = Vector512.Widen(l.V.AsByte());
                var (d0, d1) = Vector512.Widen(r.V.AsByte());
                (a0, a1, b0, b1) = (c0.AsInt16(), c1.AsInt16(), d0.AsInt16(), d1.AsInt16());
            }
            return new(Vector512.Narrow(Quotient16(a0, b0), Quotient16(a1, b1)).As<sbyte, T>());
        }
        throw SimdTypes.NotSupported<T>(nameof(DivideSmallInteger));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<short> Quotient16(Vector512<short> a, Vector512<short> b)
        => Vector512.Narrow(Quotient(Vector512.WidenLower(a), Vector512.WidenLower(b)), Quotient(Vector512.WidenUpper(a), Vector512.WidenUpper(b)));

    /// <summary>Truncated quotient of int32 lanes below 2^24 in magnitude, through float32 (exact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Quotient(Vector512<int> a, Vector512<int> b)
        => Vector512.ConvertToInt32Native(Vector512.ConvertToSingle(a) / Vector512.ConvertToSingle(b)); // in range: the plain truncating convert (no saturation fix-ups)

    // valignd/valignq of (v, zero) by Count − count lanes: one instruction (count is a constant once inlined). The
    // Shuffle fallback gives zero for an out-of-range index (a permute plus a mask).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> PrefixSum(Vec512<T> v)
    {
        // log2(Count) steps of a lane shift and an add (Hillis-Steele).
        v = new(v.V + ShiftLanesUp(v, 1).V);
        v = new(v.V + ShiftLanesUp(v, 2).V);
        v = new(v.V + ShiftLanesUp(v, 4).V);
        return sizeof(T) == 4 ? new(v.V + ShiftLanesUp(v, 8).V) : v;
    }

    // The lanes moved up by count lanes (lane i takes lane i − count), zeros shifted in.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vec512<T> ShiftLanesUp(Vec512<T> v, int count)
    {
        if (Avx512F.IsSupported && sizeof(T) == 4 && count is 1 or 2 or 4 or 8)
        {
            Vector512<uint> a = v.V.AsUInt32(), z = Vector512<uint>.Zero;
            return new((count == 1 ? Avx512F.AlignRight32(a, z, 15) : count == 2 ? Avx512F.AlignRight32(a, z, 14) : count == 4 ? Avx512F.AlignRight32(a, z, 12) : Avx512F.AlignRight32(a, z, 8)).As<uint, T>());
        }
        if (Avx512F.IsSupported && sizeof(T) == 8 && count is 1 or 2 or 4)
        {
            Vector512<ulong> a = v.V.AsUInt64(), z = Vector512<ulong>.Zero;
            return new((count == 1 ? Avx512F.AlignRight64(a, z, 7) : count == 2 ? Avx512F.AlignRight64(a, z, 6) : Avx512F.AlignRight64(a, z, 4)).As<ulong, T>());
        }
        if (sizeof(T) == 4) return new(Vector512.Shuffle(v.V.AsInt32(), Vector512<int>.Indices - Vector512.Create(count)).As<int, T>());
        if (sizeof(T) == 8) return new(Vector512.Shuffle(v.V.AsInt64(), Vector512<long>.Indices - Vector512.Create((long)count)).As<long, T>());
        throw SimdTypes.NotSupported<T>(nameof(ShiftLanesUp));
    }

    // One permute by a constant index (no extract to a general register and broadcast back).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> BroadcastLast(Vec512<T> v)
        => new(sizeof(T) == 4 ? Vector512.Shuffle(v.V.AsInt32(), Vector512.Create(15)).As<int, T>()
            : sizeof(T) == 8 ? Vector512.Shuffle(v.V.AsInt64(), Vector512.Create(7L)).As<long, T>()
            : throw SimdTypes.NotSupported<T>(nameof(BroadcastLast)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> ShiftLeftBytes(Vec512<T> v, Vec512<T> c)
    {
        if (!Avx512BW.IsSupported) return new(ByteShifts.Left(v.V.AsByte(), c.V.AsByte()).As<byte, T>());
        // Zero-extended to int16 lanes, shifted there, the low bytes kept.
        var (x0, x1) = Vector512.Widen(v.V.AsByte());
        var (n0, n1) = Vector512.Widen(c.V.AsByte() & Vector512.Create((byte)7));
        return new(Vector512.Narrow(Avx512BW.ShiftLeftLogicalVariable(x0, n0), Avx512BW.ShiftLeftLogicalVariable(x1, n1)).As<byte, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> ShiftRightBytes(Vec512<T> v, Vec512<T> c)
    {
        if (!Avx512BW.IsSupported) return new(ByteShifts.Right(v.V.AsByte(), c.V.AsByte(), typeof(T) == typeof(sbyte)).As<byte, T>());
        var (n0, n1) = Vector512.Widen(c.V.AsByte() & Vector512.Create((byte)7));
        if (typeof(T) == typeof(sbyte))
        {
            // Sign-extended, so the arithmetic shift of the int16 lane is the sbyte shift.
            var (s0, s1) = Vector512.Widen(v.V.AsSByte());
            return new(Vector512.Narrow(Avx512BW.ShiftRightArithmeticVariable(s0, n0), Avx512BW.ShiftRightArithmeticVariable(s1, n1)).As<sbyte, T>());
        }
        var (x0, x1) = Vector512.Widen(v.V.AsByte());
        return new(Vector512.Narrow(Avx512BW.ShiftRightLogicalVariable(x0, n0), Avx512BW.ShiftRightLogicalVariable(x1, n1)).As<byte, T>());
    }
}
