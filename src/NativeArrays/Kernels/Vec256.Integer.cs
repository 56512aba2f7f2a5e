using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NativeArrays.Kernels;

// Lane-size changes of the 256-bit vector (see ISimdVec.Integer.cs).
internal readonly unsafe partial struct Vec256<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> WidenLower<TLane>(Vec256<T> v) where TLane : unmanaged
        => new(typeof(TLane) == typeof(sbyte) ? Vector256.WidenLower(v.V.AsSByte()).As<short, T>()
            : typeof(TLane) == typeof(byte) ? Vector256.WidenLower(v.V.AsByte()).As<ushort, T>()
            : typeof(TLane) == typeof(short) ? Vector256.WidenLower(v.V.AsInt16()).As<int, T>()
            : typeof(TLane) == typeof(ushort) ? Vector256.WidenLower(v.V.AsUInt16()).As<uint, T>()
            : typeof(TLane) == typeof(int) ? Vector256.WidenLower(v.V.AsInt32()).As<long, T>()
            : typeof(TLane) == typeof(uint) ? Vector256.WidenLower(v.V.AsUInt32()).As<ulong, T>()
            : typeof(TLane) == typeof(float) ? Vector256.WidenLower(v.V.AsSingle()).As<double, T>()
            : throw SimdTypes.NotSupported<TLane>(nameof(WidenLower)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> WidenUpper<TLane>(Vec256<T> v) where TLane : unmanaged
        => new(typeof(TLane) == typeof(sbyte) ? Vector256.WidenUpper(v.V.AsSByte()).As<short, T>()
            : typeof(TLane) == typeof(byte) ? Vector256.WidenUpper(v.V.AsByte()).As<ushort, T>()
            : typeof(TLane) == typeof(short) ? Vector256.WidenUpper(v.V.AsInt16()).As<int, T>()
            : typeof(TLane) == typeof(ushort) ? Vector256.WidenUpper(v.V.AsUInt16()).As<uint, T>()
            : typeof(TLane) == typeof(int) ? Vector256.WidenUpper(v.V.AsInt32()).As<long, T>()
            : typeof(TLane) == typeof(uint) ? Vector256.WidenUpper(v.V.AsUInt32()).As<ulong, T>()
            : typeof(TLane) == typeof(float) ? Vector256.WidenUpper(v.V.AsSingle()).As<double, T>()
            : throw SimdTypes.NotSupported<TLane>(nameof(WidenUpper)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> Narrow<TLane>(Vec256<T> lower, Vec256<T> upper) where TLane : unmanaged
        => new(typeof(TLane) == typeof(short) || typeof(TLane) == typeof(ushort) ? Vector256.Narrow(lower.V.AsUInt16(), upper.V.AsUInt16()).As<byte, T>()
            : typeof(TLane) == typeof(int) || typeof(TLane) == typeof(uint) ? Vector256.Narrow(lower.V.AsUInt32(), upper.V.AsUInt32()).As<ushort, T>()
            : typeof(TLane) == typeof(long) || typeof(TLane) == typeof(ulong) ? Vector256.Narrow(lower.V.AsUInt64(), upper.V.AsUInt64()).As<uint, T>()
            : typeof(TLane) == typeof(double) ? Vector256.Narrow(lower.V.AsDouble(), upper.V.AsDouble()).As<float, T>()
            : throw SimdTypes.NotSupported<TLane>(nameof(Narrow)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> Clamp<TLane>(Vec256<T> v, TLane low, TLane high) where TLane : unmanaged
        => new(Vector256.Min(Vector256.Max(v.V.As<T, TLane>(), Vector256.Create(low)), Vector256.Create(high)).As<TLane, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> Int64ToSingle<TLane>(Vec256<T> lower, Vec256<T> upper) where TLane : unmanaged
    {
        // Low half widened without a defined upper, then the upper inserted: Vector256.Create(lo, hi) compiled to a merge
        // into the previous iteration's vector through the stack (a store-forwarding stall per block, ~1 ns per element).
        if (typeof(TLane) == typeof(long)) return new(Avx512DQ.VL.ConvertToVector128Single(lower.V.AsInt64()).ToVector256Unsafe().WithUpper(Avx512DQ.VL.ConvertToVector128Single(upper.V.AsInt64())).As<float, T>());
        if (typeof(TLane) == typeof(ulong)) return new(Avx512DQ.VL.ConvertToVector128Single(lower.V.AsUInt64()).ToVector256Unsafe().WithUpper(Avx512DQ.VL.ConvertToVector128Single(upper.V.AsUInt64())).As<float, T>());
        throw SimdTypes.NotSupported<TLane>(nameof(Int64ToSingle));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> DivideSmallInteger(Vec256<T> l, Vec256<T> r)
    {
        if (typeof(T) == typeof(short)) return new(Quotient16(l.V.AsInt16(), r.V.AsInt16()).As<short, T>());
        if (typeof(T) == typeof(ushort))
        {
            // Zero-extended to int32 (below 2^16, so the signed conversions are exact).
            Vector256<ushort> a = l.V.AsUInt16(), b = r.V.AsUInt16();
            return new(Vector256.Narrow(Quotient(Vector256.WidenLower(a).AsInt32(), Vector256.WidenLower(b).AsInt32()),
                                         Quotient(Vector256.WidenUpper(a).AsInt32(), Vector256.WidenUpper(b).AsInt32())).As<short, T>());
        }
        if (typeof(T) == typeof(sbyte) || typeof(T) == typeof(byte))
        {
            // Widened to int16 lanes (sign- or zero-extended), divided there, the low bytes kept.
            Vector256<short> a0, a1, b0, b1;
            if (typeof(T) == typeof(sbyte))
            {
                (a0, a1) = Vector256.Widen(l.V.AsSByte());
                (b0, b1) = Vector256.Widen(r.V.AsSByte());
            }
            else
            {
                var (c0, c1) = Vector256.Widen(l.V.AsByte());
                var (d0, d1) = Vector256.Widen(r.V.AsByte());
                (a0, a1, b0, b1) = (c0.AsInt16(), c1.AsInt16(), d0.AsInt16(), d1.AsInt16());
            }
            return new(Vector256.Narrow(Quotient16(a0, b0), Quotient16(a1, b1)).As<sbyte, T>());
        }
        throw SimdTypes.NotSupported<T>(nameof(DivideSmallInteger));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<short> Quotient16(Vector256<short> a, Vector256<short> b)
        => Vector256.Narrow(Quotient(Vector256.WidenLower(a), Vector256.WidenLower(b)), Quotient(Vector256.WidenUpper(a), Vector256.WidenUpper(b)));

    /// <summary>Truncated quotient of int32 lanes below 2^24 in magnitude, through float32 (exact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Quotient(Vector256<int> a, Vector256<int> b)
        => Vector256.ConvertToInt32Native(Vector256.ConvertToSingle(a) / Vector256.ConvertToSingle(b)); // in range: the plain truncating convert (no saturation fix-ups)

    // With AVX-512VL: log2(Count) steps of valignd/valignq of (v, zero) and an add, one shuffle each. With AVX2 the
    // steps within each 128-bit half are byte shifts (vpslldq, off the cross-lane unit); the low half's total then
    // reaches the upper half by one vperm2i128 (zeroing the low half) and an in-lane broadcast: one cross-lane
    // operation instead of one permute plus a mask per step (int64 scan 10³ in a probe: 315 -> 270 ns).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> PrefixSum(Vec256<T> v)
    {
        if (Avx512F.VL.IsSupported && sizeof(T) == 4)
        {
            Vector256<uint> a = v.V.AsUInt32(), z = Vector256<uint>.Zero;
            a += Avx512F.VL.AlignRight32(a, z, 7);
            a += Avx512F.VL.AlignRight32(a, z, 6);
            return new((a + Avx512F.VL.AlignRight32(a, z, 4)).As<uint, T>());
        }
        if (Avx512F.VL.IsSupported && sizeof(T) == 8)
        {
            Vector256<ulong> a = v.V.AsUInt64(), z = Vector256<ulong>.Zero;
            a += Avx512F.VL.AlignRight64(a, z, 3);
            return new((a + Avx512F.VL.AlignRight64(a, z, 2)).As<ulong, T>());
        }
        if (Avx2.IsSupported && sizeof(T) == 4)
        {
            Vector256<uint> a = v.V.AsUInt32();
            a += Avx2.ShiftLeftLogical128BitLane(a, 4);
            a += Avx2.ShiftLeftLogical128BitLane(a, 8);
            Vector256<uint> low = Avx2.Permute2x128(a, a, 0x08); // (0 | low half)
            return new((a + Avx2.Shuffle(low, 0xFF)).As<uint, T>());
        }
        if (Avx2.IsSupported && sizeof(T) == 8)
        {
            Vector256<ulong> a = v.V.AsUInt64();
            a += Avx2.ShiftLeftLogical128BitLane(a, 8);
            Vector256<ulong> low = Avx2.Permute2x128(a, a, 0x08); // (0 | low half)
            return new((a + Avx2.UnpackHigh(low, low)).As<ulong, T>());
        }
        if (sizeof(T) == 4)
        {
            Vector256<int> a = v.V.AsInt32();
            a += Vector256.Shuffle(a, Vector256<int>.Indices - Vector256.Create(1));
            a += Vector256.Shuffle(a, Vector256<int>.Indices - Vector256.Create(2));
            return new((a + Vector256.Shuffle(a, Vector256<int>.Indices - Vector256.Create(4))).As<int, T>());
        }
        if (sizeof(T) == 8)
        {
            // The Shuffle gives zero for an out-of-range index.
            Vector256<long> a = v.V.AsInt64();
            a += Vector256.Shuffle(a, Vector256<long>.Indices - Vector256.Create(1L));
            return new((a + Vector256.Shuffle(a, Vector256<long>.Indices - Vector256.Create(2L))).As<long, T>());
        }
        throw SimdTypes.NotSupported<T>(nameof(PrefixSum));
    }

    // One permute by a constant index (no extract to a general register and broadcast back).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> BroadcastLast(Vec256<T> v)
        => new(sizeof(T) == 4 ? Vector256.Shuffle(v.V.AsInt32(), Vector256.Create(7)).As<int, T>()
            : sizeof(T) == 8 ? Vector256.Shuffle(v.V.AsInt64(), Vector256.Create(3L)).As<long, T>()
            : throw SimdTypes.NotSupported<T>(nameof(BroadcastLast)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> ShiftLeftBytes(Vec256<T> v, Vec256<T> c)
    {
        if (!Avx512BW.VL.IsSupported) return new(ByteShifts.Left(v.V.AsByte(), c.V.AsByte()).As<byte, T>());
        // Zero-extended to int16 lanes, shifted there, the low bytes kept.
        var (x0, x1) = Vector256.Widen(v.V.AsByte());
        var (n0, n1) = Vector256.Widen(c.V.AsByte() & Vector256.Create((byte)7));
        return new(Vector256.Narrow(Avx512BW.VL.ShiftLeftLogicalVariable(x0, n0), Avx512BW.VL.ShiftLeftLogicalVariable(x1, n1)).As<byte, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> ShiftRightBytes(Vec256<T> v, Vec256<T> c)
    {
        if (!Avx512BW.VL.IsSupported) return new(ByteShifts.Right(v.V.AsByte(), c.V.AsByte(), typeof(T) == typeof(sbyte)).As<byte, T>());
        var (n0, n1) = Vector256.Widen(c.V.AsByte() & Vector256.Create((byte)7));
        if (typeof(T) == typeof(sbyte))
        {
            // Sign-extended, so the arithmetic shift of the int16 lane is the sbyte shift.
            var (s0, s1) = Vector256.Widen(v.V.AsSByte());
            return new(Vector256.Narrow(Avx512BW.VL.ShiftRightArithmeticVariable(s0, n0), Avx512BW.VL.ShiftRightArithmeticVariable(s1, n1)).As<sbyte, T>());
        }
        var (x0, x1) = Vector256.Widen(v.V.AsByte());
        return new(Vector256.Narrow(Avx512BW.VL.ShiftRightLogicalVariable(x0, n0), Avx512BW.VL.ShiftRightLogicalVariable(x1, n1)).As<byte, T>());
    }
}
