using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> EitherNaN(Vec256<T> l, Vec256<T> r)
        => new(typeof(T) == typeof(float) && Avx.IsSupported ? Avx.CompareUnordered(l.V.AsSingle(), r.V.AsSingle()).As<float, T>()
            : typeof(T) == typeof(double) && Avx.IsSupported ? Avx.CompareUnordered(l.V.AsDouble(), r.V.AsDouble()).As<double, T>()
            : Vector256.IsNaN(l.V) | Vector256.IsNaN(r.V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> Lookup16(Vec256<T> index, ReadOnlySpan<T> table)
    {
        if (sizeof(T) != 8 || table.Length != 16) throw SimdTypes.NotSupported<T>(nameof(Lookup16));
        if (Avx2.IsSupported)
            fixed (T* p = table)
                return new(Avx2.GatherVector256((double*)p, Vector256.BitwiseAnd(index.V.AsInt64(), Vector256.Create(15L)), 8).As<double, T>());
        Vector256<T> v = index.V;
        Lookup16Fallback.Apply((T*)&v, Vector256<T>.Count, table);
        return new(v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> Lookup32(Vec256<T> index, Vec256<T> t0, Vec256<T> t1, Vec256<T> t2, Vec256<T> t3, ReadOnlySpan<T> table)
    {
        if (typeof(T) != typeof(float) || table.Length != 32) throw SimdTypes.NotSupported<T>(nameof(Lookup32));
        if (Avx512F.VL.IsSupported)
        {
            // Entries 0-15 and 16-31 by one vpermi2ps each, the one picked by bit 4 (moved to the sign bit).
            Vector256<int> i = index.V.AsInt32();
            Vector256<float> low = Avx512F.VL.PermuteVar8x32x2(t0.V.AsSingle(), i, t1.V.AsSingle());
            Vector256<float> high = Avx512F.VL.PermuteVar8x32x2(t2.V.AsSingle(), i, t3.V.AsSingle());
            return new(Avx.BlendVariable(low, high, Vector256.ShiftLeft(i, 27).AsSingle()).As<float, T>());
        }
        if (Avx2.IsSupported)
            fixed (T* p = table)
                return new(Avx2.GatherVector256((float*)p, Vector256.BitwiseAnd(index.V.AsInt32(), Vector256.Create(31)), 4).As<float, T>());
        Vector256<T> v = index.V;
        Lookup16Fallback.Apply32((T*)&v, Vector256<T>.Count, table);
        return new(v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> Table32Part(ReadOnlySpan<T> table, int part)
    {
        if (typeof(T) != typeof(float) || table.Length != 32) throw SimdTypes.NotSupported<T>(nameof(Table32Part));
        return Avx512F.VL.IsSupported ? new(Vector256.Create(table[(8 * part)..])) : default;
    }

    /// <summary>Not at this width (see <see cref="ISimdVec{TSelf, T}.HasScaleB"/>).</summary>
    public static bool HasScaleB => false;

    public static Vec256<T> ScaleB(Vec256<T> value, Vec256<T> k) => throw SimdTypes.NotSupported<T>(nameof(ScaleB));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> RoundRemainder(Vec256<T> x)
    {
        if (typeof(T) == typeof(float) && Avx512DQ.VL.IsSupported) return new(Avx512DQ.VL.Reduce(x.V.AsSingle(), 0).As<float, T>());
        if (typeof(T) == typeof(double) && Avx512DQ.VL.IsSupported) return new(Avx512DQ.VL.Reduce(x.V.AsDouble(), 0).As<double, T>());
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double)) throw SimdTypes.NotSupported<T>(nameof(RoundRemainder));
        return RoundRemainderFallback.Apply<T, Vec256<T>>(x, Create(typeof(T) == typeof(float) ? Unsafe.BitCast<float, T>(float.PositiveInfinity) : Unsafe.BitCast<double, T>(double.PositiveInfinity)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> ClampMagnitude(Vec256<T> x, Vec256<T> limit, Vec256<T> negatedLimit)
    {
        // vrange imm8 0b0010: the operand of smaller magnitude, with the sign of the first (x).
        if (typeof(T) == typeof(float) && Avx512DQ.VL.IsSupported) return new(Avx512DQ.VL.Range(x.V.AsSingle(), limit.V.AsSingle(), 0b0010).As<float, T>());
        if (typeof(T) == typeof(double) && Avx512DQ.VL.IsSupported) return new(Avx512DQ.VL.Range(x.V.AsDouble(), limit.V.AsDouble(), 0b0010).As<double, T>());
        return MinNative(limit, MaxNative(negatedLimit, x));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong NotPositiveNormalBits(Vec256<T> x)
    {
        // vfpclass classes: QNaN 0x01, +0 0x02, −0 0x04, +inf 0x08, −inf 0x10, subnormal 0x20, negative 0x40, SNaN 0x80.
        if (typeof(T) == typeof(float) && Avx512DQ.VL.IsSupported) return Avx512DQ.VL.Classify(x.V.AsSingle(), 0xFF).ExtractMostSignificantBits();
        if (typeof(T) == typeof(double) && Avx512DQ.VL.IsSupported) return Avx512DQ.VL.Classify(x.V.AsDouble(), 0xFF).ExtractMostSignificantBits();
        bool single = typeof(T) == typeof(float);
        return OutsideBits(x, Create(single ? Unsafe.BitCast<float, T>(1.17549435E-38f) : Unsafe.BitCast<double, T>(2.2250738585072014E-308)),
            Create(single ? Unsafe.BitCast<float, T>(float.MaxValue) : Unsafe.BitCast<double, T>(double.MaxValue)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> FixLogSpecials(Vec256<T> r, Vec256<T> u)
    {
        if (typeof(T) == typeof(float) && Avx512F.VL.IsSupported)
            return new(Avx512F.VL.Fixup(r.V.AsSingle(), u.V.AsSingle(), Vector256.Create(LogSpecialsFallback.FixupTable), 0).As<float, T>());
        if (typeof(T) == typeof(double) && Avx512F.VL.IsSupported)
            return new(Avx512F.VL.Fixup(r.V.AsDouble(), u.V.AsDouble(), Vector256.Create((long)LogSpecialsFallback.FixupTable), 0).As<double, T>());
        return LogSpecialsFallback.Apply<T, Vec256<T>>(r, u);
    }
}
