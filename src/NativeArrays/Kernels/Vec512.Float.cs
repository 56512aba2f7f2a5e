using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NativeArrays.Kernels;

// The bit-level primitives of ISimdVec.Float.cs at 512 bits.
internal readonly unsafe partial struct Vec512<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> ShiftLeftBits(Vec512<T> v, int count) => sizeof(T) == 8
        ? new(Vector512.ShiftLeft(v.V.AsUInt64(), count).As<ulong, T>())
        : new(Vector512.ShiftLeft(v.V.AsUInt32(), count).As<uint, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> ShiftRightBits(Vec512<T> v, int count) => sizeof(T) == 8
        ? new(Vector512.ShiftRightLogical(v.V.AsUInt64(), count).As<ulong, T>())
        : new(Vector512.ShiftRightLogical(v.V.AsUInt32(), count).As<uint, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> AddBits(Vec512<T> l, Vec512<T> r) => sizeof(T) == 8
        ? new((l.V.AsUInt64() + r.V.AsUInt64()).As<ulong, T>())
        : new((l.V.AsUInt32() + r.V.AsUInt32()).As<uint, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> MinNative(Vec512<T> l, Vec512<T> r) => new(Vector512.MinNative(l.V, r.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> MaxNative(Vec512<T> l, Vec512<T> r) => new(Vector512.MaxNative(l.V, r.V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> EitherNaN(Vec512<T> l, Vec512<T> r)
    {
        // One unordered compare for both (as the narrower widths); two IsNaN compares and an OR otherwise.
        if (typeof(T) == typeof(float) && Avx512F.IsSupported) return new(Avx512F.CompareUnordered(l.V.AsSingle(), r.V.AsSingle()).As<float, T>());
        if (typeof(T) == typeof(double) && Avx512F.IsSupported) return new(Avx512F.CompareUnordered(l.V.AsDouble(), r.V.AsDouble()).As<double, T>());
        return new(Vector512.IsNaN(l.V) | Vector512.IsNaN(r.V));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> Lookup16(Vec512<T> index, ReadOnlySpan<T> table)
    {
        if (sizeof(T) != 8 || table.Length != 16) throw SimdTypes.NotSupported<T>(nameof(Lookup16));
        if (Avx512F.IsSupported)
            return new(Avx512F.PermuteVar8x64x2(Vector512.Create(table).AsDouble(), index.V.AsInt64(), Vector512.Create(table[8..]).AsDouble()).As<double, T>());
        Vector512<T> v = index.V;
        Lookup16Fallback.Apply((T*)&v, Vector512<T>.Count, table);
        return new(v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> Lookup32(Vec512<T> index, Vec512<T> t0, Vec512<T> t1, Vec512<T> t2, Vec512<T> t3, ReadOnlySpan<T> table)
    {
        if (typeof(T) != typeof(float) || table.Length != 32) throw SimdTypes.NotSupported<T>(nameof(Lookup32));
        if (Avx512F.IsSupported)
            return new(Avx512F.PermuteVar16x32x2(t0.V.AsSingle(), index.V.AsInt32(), t1.V.AsSingle()).As<float, T>());
        Vector512<T> v = index.V;
        Lookup16Fallback.Apply32((T*)&v, Vector512<T>.Count, table);
        return new(v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> Table32Part(ReadOnlySpan<T> table, int part)
    {
        if (typeof(T) != typeof(float) || table.Length != 32) throw SimdTypes.NotSupported<T>(nameof(Table32Part));
        return Avx512F.IsSupported && part < 2 ? new(Vector512.Create(table[(16 * part)..])) : default;
    }

    public static bool HasScaleB { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Avx512F.IsSupported && (typeof(T) == typeof(float) || typeof(T) == typeof(double)); }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> ScaleB(Vec512<T> value, Vec512<T> k)
    {
        if (!HasScaleB) throw SimdTypes.NotSupported<T>(nameof(ScaleB));
        return typeof(T) == typeof(float)
            ? new(Avx512F.Scale(value.V.AsSingle(), k.V.AsSingle()).As<float, T>())
            : new(Avx512F.Scale(value.V.AsDouble(), k.V.AsDouble()).As<double, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> RoundRemainder(Vec512<T> x)
    {
        if (typeof(T) == typeof(float) && Avx512DQ.IsSupported) return new(Avx512DQ.Reduce(x.V.AsSingle(), 0).As<float, T>());
        if (typeof(T) == typeof(double) && Avx512DQ.IsSupported) return new(Avx512DQ.Reduce(x.V.AsDouble(), 0).As<double, T>());
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double)) throw SimdTypes.NotSupported<T>(nameof(RoundRemainder));
        return RoundRemainderFallback.Apply<T, Vec512<T>>(x, Create(typeof(T) == typeof(float) ? Unsafe.BitCast<float, T>(float.PositiveInfinity) : Unsafe.BitCast<double, T>(double.PositiveInfinity)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> ClampMagnitude(Vec512<T> x, Vec512<T> limit, Vec512<T> negatedLimit)
    {
        // vrange imm8 0b0010: the operand of smaller magnitude, with the sign of the first (x).
        if (typeof(T) == typeof(float) && Avx512DQ.IsSupported) return new(Avx512DQ.Range(x.V.AsSingle(), limit.V.AsSingle(), 0b0010).As<float, T>());
        if (typeof(T) == typeof(double) && Avx512DQ.IsSupported) return new(Avx512DQ.Range(x.V.AsDouble(), limit.V.AsDouble(), 0b0010).As<double, T>());
        return MinNative(limit, MaxNative(negatedLimit, x));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong NotPositiveNormalBits(Vec512<T> x)
    {
        // vfpclass classes: QNaN 0x01, +0 0x02, −0 0x04, +inf 0x08, −inf 0x10, subnormal 0x20, negative 0x40, SNaN 0x80.
        if (typeof(T) == typeof(float) && Avx512DQ.IsSupported) return Avx512DQ.Classify(x.V.AsSingle(), 0xFF).ExtractMostSignificantBits();
        if (typeof(T) == typeof(double) && Avx512DQ.IsSupported) return Avx512DQ.Classify(x.V.AsDouble(), 0xFF).ExtractMostSignificantBits();
        bool single = typeof(T) == typeof(float);
        return OutsideBits(x, Create(single ? Unsafe.BitCast<float, T>(1.17549435E-38f) : Unsafe.BitCast<double, T>(2.2250738585072014E-308)),
            Create(single ? Unsafe.BitCast<float, T>(float.MaxValue) : Unsafe.BitCast<double, T>(double.MaxValue)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> FixLogSpecials(Vec512<T> r, Vec512<T> u)
    {
        if (typeof(T) == typeof(float) && Avx512F.IsSupported)
            return new(Avx512F.Fixup(r.V.AsSingle(), u.V.AsSingle(), Vector512.Create(LogSpecialsFallback.FixupTable), 0).As<float, T>());
        if (typeof(T) == typeof(double) && Avx512F.IsSupported)
            return new(Avx512F.Fixup(r.V.AsDouble(), u.V.AsDouble(), Vector512.Create((long)LogSpecialsFallback.FixupTable), 0).As<double, T>());
        return LogSpecialsFallback.Apply<T, Vec512<T>>(r, u);
    }
}
