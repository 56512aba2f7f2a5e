using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NativeArrays.Kernels;

// The bit-level primitives of ISimdVec.Float.cs at 128 bits.
internal readonly unsafe partial struct Vec128<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> ShiftLeftBits(Vec128<T> v, int count) => sizeof(T) == 8
        ? new(Vector128.ShiftLeft(v.V.AsUInt64(), count).As<ulong, T>())
        : new(Vector128.ShiftLeft(v.V.AsUInt32(), count).As<uint, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> ShiftRightBits(Vec128<T> v, int count) => sizeof(T) == 8
        ? new(Vector128.ShiftRightLogical(v.V.AsUInt64(), count).As<ulong, T>())
        : new(Vector128.ShiftRightLogical(v.V.AsUInt32(), count).As<uint, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> AddBits(Vec128<T> l, Vec128<T> r) => sizeof(T) == 8
        ? new((l.V.AsUInt64() + r.V.AsUInt64()).As<ulong, T>())
        : new((l.V.AsUInt32() + r.V.AsUInt32()).As<uint, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> MinNative(Vec128<T> l, Vec128<T> r) => new(Vector128.MinNative(l.V, r.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> MaxNative(Vec128<T> l, Vec128<T> r) => new(Vector128.MaxNative(l.V, r.V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> EitherNaN(Vec128<T> l, Vec128<T> r)
        => new(typeof(T) == typeof(float) && Sse.IsSupported ? Sse.CompareUnordered(l.V.AsSingle(), r.V.AsSingle()).As<float, T>()
            : typeof(T) == typeof(double) && Sse2.IsSupported ? Sse2.CompareUnordered(l.V.AsDouble(), r.V.AsDouble()).As<double, T>()
            : Vector128.IsNaN(l.V) | Vector128.IsNaN(r.V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> Lookup16(Vec128<T> index, ReadOnlySpan<T> table)
    {
        if (sizeof(T) != 8 || table.Length != 16) throw SimdTypes.NotSupported<T>(nameof(Lookup16));
        if (Avx2.IsSupported)
            fixed (T* p = table)
                return new(Avx2.GatherVector128((double*)p, Vector128.BitwiseAnd(index.V.AsInt64(), Vector128.Create(15L)), 8).As<double, T>());
        Vector128<T> v = index.V;
        Lookup16Fallback.Apply((T*)&v, Vector128<T>.Count, table);
        return new(v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> Lookup32(Vec128<T> index, Vec128<T> t0, Vec128<T> t1, Vec128<T> t2, Vec128<T> t3, ReadOnlySpan<T> table)
    {
        if (typeof(T) != typeof(float) || table.Length != 32) throw SimdTypes.NotSupported<T>(nameof(Lookup32));
        if (Avx2.IsSupported)
            fixed (T* p = table)
                return new(Avx2.GatherVector128((float*)p, Vector128.BitwiseAnd(index.V.AsInt32(), Vector128.Create(31)), 4).As<float, T>());
        Vector128<T> v = index.V;
        Lookup16Fallback.Apply32((T*)&v, Vector128<T>.Count, table);
        return new(v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> Table32Part(ReadOnlySpan<T> table, int part)
    {
        if (typeof(T) != typeof(float) || table.Length != 32) throw SimdTypes.NotSupported<T>(nameof(Table32Part));
        return default;
    }

    /// <summary>Not at this width (see <see cref="ISimdVec{TSelf, T}.HasScaleB"/>).</summary>
    public static bool HasScaleB => false;

    public static Vec128<T> ScaleB(Vec128<T> value, Vec128<T> k) => throw SimdTypes.NotSupported<T>(nameof(ScaleB));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> RoundRemainder(Vec128<T> x)
    {
        if (typeof(T) == typeof(float) && Avx512DQ.VL.IsSupported) return new(Avx512DQ.VL.Reduce(x.V.AsSingle(), 0).As<float, T>());
        if (typeof(T) == typeof(double) && Avx512DQ.VL.IsSupported) return new(Avx512DQ.VL.Reduce(x.V.AsDouble(), 0).As<double, T>());
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double)) throw SimdTypes.NotSupported<T>(nameof(RoundRemainder));
        return RoundRemainderFallback.Apply<T, Vec128<T>>(x, Create(typeof(T) == typeof(float) ? Unsafe.BitCast<float, T>(float.PositiveInfinity) : Unsafe.BitCast<double, T>(double.PositiveInfinity)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> ClampMagnitude(Vec128<T> x, Vec128<T> limit, Vec128<T> negatedLimit)
    {
        // vrange imm8 0b0010: the operand of smaller magnitude, with the sign of the first (x).
        if (typeof(T) == typeof(float) && Avx512DQ.VL.IsSupported) return new(Avx512DQ.VL.Range(x.V.AsSingle(), limit.V.AsSingle(), 0b0010).As<float, T>());
        if (typeof(T) == typeof(double) && Avx512DQ.VL.IsSupported) return new(Avx512DQ.VL.Range(x.V.AsDouble(), limit.V.AsDouble(), 0b0010).As<double, T>());
        return MinNative(limit, MaxNative(negatedLimit, x));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong NotPositiveNormalBits(Vec128<T> x)
    {
        // vfpclass classes: QNaN 0x01, +0 0x02, −0 0x04, +inf 0x08, −inf 0x10, subnormal 0x20, negative 0x40, SNaN 0x80.
        if (typeof(T) == typeof(float) && Avx512DQ.VL.IsSupported) return Avx512DQ.VL.Classify(x.V.AsSingle(), 0xFF).ExtractMostSignificantBits();
        if (typeof(T) == typeof(double) && Avx512DQ.VL.IsSupported) return Avx512DQ.VL.Classify(x.V.AsDouble(), 0xFF).ExtractMostSignificantBits();
        bool single = typeof(T) == typeof(float);
        return OutsideBits(x, Create(single ? Unsafe.BitCast<float, T>(1.17549435E-38f) : Unsafe.BitCast<double, T>(2.2250738585072014E-308)),
            Create(single ? Unsafe.BitCast<float, T>(float.MaxValue) : Unsafe.BitCast<double, T>(double.MaxValue)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> FixLogSpecials(Vec128<T> r, Vec128<T> u)
    {
        if (typeof(T) == typeof(float) && Avx512F.VL.IsSupported)
            return new(Avx512F.VL.Fixup(r.V.AsSingle(), u.V.AsSingle(), Vector128.Create(LogSpecialsFallback.FixupTable), 0).As<float, T>());
        if (typeof(T) == typeof(double) && Avx512F.VL.IsSupported)
            return new(Avx512F.VL.Fixup(r.V.AsDouble(), u.V.AsDouble(), Vector128.Create((long)LogSpecialsFallback.FixupTable), 0).As<double, T>());
        return LogSpecialsFallback.Apply<T, Vec128<T>>(r, u);
    }
}
