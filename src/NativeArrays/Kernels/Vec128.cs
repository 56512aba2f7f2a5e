using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NativeArrays.Kernels;

/// <summary>The 128-bit implementation of <see cref="ISimdVec{TSelf, T}"/>: a thin wrapper the JIT keeps in a register.</summary>
internal readonly unsafe partial struct Vec128<T> : ISimdVec<Vec128<T>, T> where T : unmanaged
{
    public readonly Vector128<T> V;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vec128(Vector128<T> v) => V = v;

    public static int Count { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector128<T>.Count; }
    public static Vec128<T> Zero { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(Vector128<T>.Zero); }
    public static Vec128<T> AllBitsSet { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(Vector128<T>.AllBitsSet); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> Create(T value) => new(Vector128.Create(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> Load(T* source) => new(Vector128.Load(source));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vec128<T> value, T* destination) => value.V.Store(destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void StoreAlignedNonTemporal(Vec128<T> value, T* destination) => value.V.StoreAlignedNonTemporal(destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T GetElement(Vec128<T> value, int index) => value.V.GetElement(index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryLoadEven(T* source, out Vec128<T> value)
    {
        if (Avx512F.VL.IsSupported && sizeof(T) == 4)
        {
            value = new(Avx512F.VL.PermuteVar4x32x2(Vector128.Load((int*)source), Vector128.Create(0, 2, 5, 7), Vector128.Load((int*)source + 3)).As<int, T>());
            return true;
        }
        if (Avx512F.VL.IsSupported && sizeof(T) == 8)
        {
            value = new(Avx512F.VL.PermuteVar2x64x2(Vector128.Load((long*)source), Vector128.Create(0L, 3), Vector128.Load((long*)source + 1)).As<long, T>());
            return true;
        }
        value = default;
        return false;
    }

    public static bool HasMaskedLoads { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Avx512BW.VL.IsSupported; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryLoadPartial(T* source, int k, Vec128<T> fill, out Vec128<T> value)
    {
        if (Avx512BW.VL.IsSupported)
        {
            var mask = Vector128.LessThan(Vector128<byte>.Indices, Vector128.Create((byte)(k * sizeof(T))));
            value = new(Avx512BW.VL.MaskLoad((byte*)source, mask, fill.V.AsByte()).As<byte, T>());
            return true;
        }
        value = default;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryStorePartial(Vec128<T> value, T* destination, int k)
    {
        if (!Avx512BW.VL.IsSupported) return false;
        Avx512BW.VL.MaskStore((byte*)destination, Vector128.LessThan(Vector128<byte>.Indices, Vector128.Create((byte)(k * sizeof(T)))), value.V.AsByte());
        return true;
    }

    public static bool HasBlockTranspose => false;

    public static void TransposeRows<TRows, TLines>(TRows rows, TLines lines) where TRows : struct, Gemm.IBlockRows<Vec128<T>> where TLines : struct, Gemm.IBlockLines<Vec128<T>>
        => throw SimdTypes.NotSupported<T>(nameof(TransposeRows));

    public static bool HasReverse { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => sizeof(T) >= 4 ? Sse2.IsSupported : Ssse3.IsSupported; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> Reverse(Vec128<T> value)
        => new(sizeof(T) == 4 ? Sse2.Shuffle(value.V.AsInt32(), 0x1B).As<int, T>()
            : sizeof(T) == 8 ? Sse2.Shuffle(value.V.AsInt32(), 0x4E).As<int, T>()
            : Ssse3.Shuffle(value.V.AsByte(), ReversedBytes()).As<byte, T>());

    /// <summary>The byte shuffle that reverses the 1- or 2-byte lanes of 16 bytes (also each 128-bit lane of the wider types).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<byte> ReversedBytes() => sizeof(T) == 1
        ? Vector128.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
        : Vector128.Create((byte)14, 15, 12, 13, 10, 11, 8, 9, 6, 7, 4, 5, 2, 3, 0, 1);

    public static bool HasStepLoad => false;

    public static Vec128<T> StepLoad(T* q, int step) => throw SimdTypes.NotSupported<T>(nameof(StepLoad));

    public static bool HasPermute2 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Avx512F.VL.IsSupported && (sizeof(T) == 4 || sizeof(T) == 8); }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> Permute2(Vec128<T> left, Vec128<T> table, Vec128<T> right) => sizeof(T) == 4
        ? new(Avx512F.VL.PermuteVar4x32x2(left.V.AsInt32(), table.V.AsInt32(), right.V.AsInt32()).As<int, T>())
        : new(Avx512F.VL.PermuteVar2x64x2(left.V.AsInt64(), table.V.AsInt64(), right.V.AsInt64()).As<long, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryGather(T* source, nint byteStride, out Vec128<T> value)
    {
        if (Avx2.IsSupported && (sizeof(T) == 4 || sizeof(T) == 8) && Math.Abs(byteStride) <= int.MaxValue / 8)
        {
            if (sizeof(T) == 4)
            {
                var index = Vector128.Create(0, 1, 2, 3) * (int)byteStride;
                value = new(Avx2.GatherVector128((int*)source, index, 1).As<int, T>());
            }
            else
            {
                var index = Vector128.Create(0, 1, 0, 0) * (int)byteStride;
                value = new(Avx2.GatherVector128((long*)source, index, 1).As<long, T>());
            }
            return true;
        }
        value = default;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> Add(Vec128<T> l, Vec128<T> r) => new(l.V + r.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> Subtract(Vec128<T> l, Vec128<T> r) => new(l.V - r.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> Multiply(Vec128<T> l, Vec128<T> r) => new(l.V * r.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> Divide(Vec128<T> l, Vec128<T> r) => new(l.V / r.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> Negate(Vec128<T> v) => new(-v.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> Abs(Vec128<T> v) => new(Vector128.Abs(v.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> Min(Vec128<T> l, Vec128<T> r) => new(Vector128.Min(l.V, r.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> Max(Vec128<T> l, Vec128<T> r) => new(Vector128.Max(l.V, r.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> Sqrt(Vec128<T> v) => new(Vector128.Sqrt(v.V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> FusedMultiplyAdd(Vec128<T> a, Vec128<T> b, Vec128<T> c)
        => new(typeof(T) == typeof(float) ? Vector128.FusedMultiplyAdd(a.V.AsSingle(), b.V.AsSingle(), c.V.AsSingle()).As<float, T>()
            : typeof(T) == typeof(double) ? Vector128.FusedMultiplyAdd(a.V.AsDouble(), b.V.AsDouble(), c.V.AsDouble()).As<double, T>()
            : a.V * b.V + c.V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> FusedMultiplySubtract(Vec128<T> a, Vec128<T> b, Vec128<T> c)
        => new(typeof(T) == typeof(float) && Fma.IsSupported ? Fma.MultiplySubtract(a.V.AsSingle(), b.V.AsSingle(), c.V.AsSingle()).As<float, T>()
            : typeof(T) == typeof(double) && Fma.IsSupported ? Fma.MultiplySubtract(a.V.AsDouble(), b.V.AsDouble(), c.V.AsDouble()).As<double, T>()
            : FusedMultiplyAdd(a, b, Negate(c)).V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> FusedNegatedMultiplyAdd(Vec128<T> a, Vec128<T> b, Vec128<T> c)
        => new(typeof(T) == typeof(float) && Fma.IsSupported ? Fma.MultiplyAddNegated(a.V.AsSingle(), b.V.AsSingle(), c.V.AsSingle()).As<float, T>()
            : typeof(T) == typeof(double) && Fma.IsSupported ? Fma.MultiplyAddNegated(a.V.AsDouble(), b.V.AsDouble(), c.V.AsDouble()).As<double, T>()
            : FusedMultiplyAdd(Negate(a), b, c).V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> Floor(Vec128<T> v)
        => new(typeof(T) == typeof(float) ? Vector128.Floor(v.V.AsSingle()).As<float, T>()
            : typeof(T) == typeof(double) ? Vector128.Floor(v.V.AsDouble()).As<double, T>()
            : v.V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> Ceiling(Vec128<T> v)
        => new(typeof(T) == typeof(float) ? Vector128.Ceiling(v.V.AsSingle()).As<float, T>()
            : typeof(T) == typeof(double) ? Vector128.Ceiling(v.V.AsDouble()).As<double, T>()
            : v.V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> Round(Vec128<T> v)
        => new(typeof(T) == typeof(float) ? Vector128.Round(v.V.AsSingle()).As<float, T>()
            : typeof(T) == typeof(double) ? Vector128.Round(v.V.AsDouble()).As<double, T>()
            : v.V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> Truncate(Vec128<T> v)
        => new(typeof(T) == typeof(float) ? Vector128.Truncate(v.V.AsSingle()).As<float, T>()
            : typeof(T) == typeof(double) ? Vector128.Truncate(v.V.AsDouble()).As<double, T>()
            : v.V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> Exp(Vec128<T> v)
        => new(typeof(T) == typeof(float) ? Vector128.Exp(v.V.AsSingle()).As<float, T>()
            : typeof(T) == typeof(double) ? Vector128.Exp(v.V.AsDouble()).As<double, T>()
            : throw SimdTypes.NotSupported<T>(nameof(Exp)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> Log(Vec128<T> v)
        => new(typeof(T) == typeof(float) ? Vector128.Log(v.V.AsSingle()).As<float, T>()
            : typeof(T) == typeof(double) ? Vector128.Log(v.V.AsDouble()).As<double, T>()
            : throw SimdTypes.NotSupported<T>(nameof(Log)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> Log2(Vec128<T> v)
        => new(typeof(T) == typeof(float) ? Vector128.Log2(v.V.AsSingle()).As<float, T>()
            : typeof(T) == typeof(double) ? Vector128.Log2(v.V.AsDouble()).As<double, T>()
            : throw SimdTypes.NotSupported<T>(nameof(Log2)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> Hypot(Vec128<T> x, Vec128<T> y)
        => new(typeof(T) == typeof(float) ? Vector128.Hypot(x.V.AsSingle(), y.V.AsSingle()).As<float, T>()
            : typeof(T) == typeof(double) ? Vector128.Hypot(x.V.AsDouble(), y.V.AsDouble()).As<double, T>()
            : throw SimdTypes.NotSupported<T>(nameof(Hypot)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> And(Vec128<T> l, Vec128<T> r) => new(l.V & r.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> Or(Vec128<T> l, Vec128<T> r) => new(l.V | r.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> Xor(Vec128<T> l, Vec128<T> r) => new(l.V ^ r.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> AndNot(Vec128<T> l, Vec128<T> r) => new(Vector128.AndNot(l.V, r.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> ShiftLeft(Vec128<T> v, int count) => new(v.V << count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> ShiftRightArithmetic(Vec128<T> v, int count) => new(v.V >> count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> ShiftRightLogical(Vec128<T> v, int count) => new(v.V >>> count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> Equals(Vec128<T> l, Vec128<T> r) => new(Vector128.Equals(l.V, r.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> LessThan(Vec128<T> l, Vec128<T> r) => new(Vector128.LessThan(l.V, r.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool LessThanAny(Vec128<T> l, Vec128<T> r) => Vector128.LessThanAny(l.V, r.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> LessThanOrEqual(Vec128<T> l, Vec128<T> r) => new(Vector128.LessThanOrEqual(l.V, r.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> GreaterThan(Vec128<T> l, Vec128<T> r) => new(Vector128.GreaterThan(l.V, r.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> GreaterThanOrEqual(Vec128<T> l, Vec128<T> r) => new(Vector128.GreaterThanOrEqual(l.V, r.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> IsNaN(Vec128<T> v) => new(Vector128.IsNaN(v.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> IsFinite(Vec128<T> v) => new(Vector128.IsFinite(v.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong LessThanBits(Vec128<T> l, Vec128<T> r) => sizeof(T) switch
    {
        1 => Vector128.LessThan(l.V.AsByte(), r.V.AsByte()).ExtractMostSignificantBits(),
        2 => Vector128.LessThan(l.V.AsUInt16(), r.V.AsUInt16()).ExtractMostSignificantBits(),
        4 => Vector128.LessThan(l.V.AsUInt32(), r.V.AsUInt32()).ExtractMostSignificantBits(),
        _ => Vector128.LessThan(l.V.AsUInt64(), r.V.AsUInt64()).ExtractMostSignificantBits(),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong OutsideBits(Vec128<T> x, Vec128<T> lo, Vec128<T> hi)
    {
        // As Vec512's: the negated predicates ORed (the same bits as the complement of the range test, one operation
        // fewer twice; in mask registers with AVX-512VL).
        if (typeof(T) == typeof(float) && Sse.IsSupported)
            return (Sse.CompareNotGreaterThanOrEqual(x.V.AsSingle(), lo.V.AsSingle()) | Sse.CompareNotLessThanOrEqual(x.V.AsSingle(), hi.V.AsSingle())).ExtractMostSignificantBits();
        if (typeof(T) == typeof(double) && Sse2.IsSupported)
            return (Sse2.CompareNotGreaterThanOrEqual(x.V.AsDouble(), lo.V.AsDouble()) | Sse2.CompareNotLessThanOrEqual(x.V.AsDouble(), hi.V.AsDouble())).ExtractMostSignificantBits();
        return ~(Vector128.GreaterThanOrEqual(x.V, lo.V) & Vector128.LessThanOrEqual(x.V, hi.V)).ExtractMostSignificantBits() & (ulong.MaxValue >> (64 - Vector128<T>.Count));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong AboveOrNaNBits(Vec128<T> x, Vec128<T> hi)
    {
        // The negated predicate, as OutsideBits's upper half: one compare (NaN included).
        if (typeof(T) == typeof(float) && Sse.IsSupported)
            return Sse.CompareNotLessThanOrEqual(x.V.AsSingle(), hi.V.AsSingle()).ExtractMostSignificantBits();
        if (typeof(T) == typeof(double) && Sse2.IsSupported)
            return Sse2.CompareNotLessThanOrEqual(x.V.AsDouble(), hi.V.AsDouble()).ExtractMostSignificantBits();
        return ~Vector128.LessThanOrEqual(x.V, hi.V).ExtractMostSignificantBits() & (ulong.MaxValue >> (64 - Vector128<T>.Count));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ZeroBits(Vec128<T> x) => Vector128.Equals(x.V, Vector128<T>.Zero).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong NaNBits(Vec128<T> x) => Vector128.IsNaN(x.V).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong EqualsBits(Vec128<T> l, Vec128<T> r) => Vector128.Equals(l.V, r.V).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> Select(Vec128<T> m, Vec128<T> t, Vec128<T> f) => new(Vector128.ConditionalSelect(m.V, t.V, f.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> SelectWhereEqual(Vec128<T> l, Vec128<T> r, Vec128<T> t, Vec128<T> f) => new(Vector128.ConditionalSelect(Vector128.Equals(l.V, r.V), t.V, f.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> SelectWhereGreaterThan(Vec128<T> l, Vec128<T> r, Vec128<T> t, Vec128<T> f) => new(Vector128.ConditionalSelect(Vector128.GreaterThan(l.V, r.V), t.V, f.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong ExtractMostSignificantBits(Vec128<T> v) => v.V.ExtractMostSignificantBits();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> SingleToInt32(Vec128<T> v) => new(Vector128.ConvertToInt32(v.V.AsSingle()).As<int, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> Int32ToSingle(Vec128<T> v) => new(Vector128.ConvertToSingle(v.V.AsInt32()).As<float, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> DoubleToInt64(Vec128<T> v) => new(Vector128.ConvertToInt64(v.V.AsDouble()).As<long, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> Int64ToDouble(Vec128<T> v) => new(Vector128.ConvertToDouble(v.V.AsInt64()).As<double, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> SmallInt64ToDouble(Vec128<T> v) =>
        new(((v.V.AsInt64() + Vector128.Create(0x4338000000000000L)).AsDouble() - Vector128.Create(6755399441055744.0)).As<double, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Sum(Vec128<T> v) => Vector128.Sum(v.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T MaxAcross(Vec128<T> v) => Across<MaxLanes>(v.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T MinAcross(Vec128<T> v) => Across<MinLanes>(v.V);

    /// <summary>Folds the lanes by halving: the 64-bit halves, then (narrower lanes) 32-, 16- and 8-bit neighbours swapped and folded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Across<TFold>(Vector128<T> x) where TFold : struct, ILaneFold
    {
        x = TFold.Fold(x, Vector128.Shuffle(x.AsInt64(), Vector128.Create(1L, 0)).As<long, T>());
        if (sizeof(T) <= 4) x = TFold.Fold(x, Vector128.Shuffle(x.AsInt32(), Vector128.Create(1, 0, 3, 2)).As<int, T>());
        if (sizeof(T) <= 2) x = TFold.Fold(x, Vector128.Shuffle(x.AsInt16(), Vector128.Create((short)1, 0, 3, 2, 5, 4, 7, 6)).As<short, T>());
        if (sizeof(T) == 1) x = TFold.Fold(x, Vector128.Shuffle(x.AsByte(), Vector128.Create((byte)1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14)).As<byte, T>());
        return x.ToScalar();
    }

    private interface ILaneFold
    {
        static abstract Vector128<T> Fold(Vector128<T> x, Vector128<T> y);
    }

    private readonly struct MaxLanes : ILaneFold
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Fold(Vector128<T> x, Vector128<T> y) => Vector128.Max(x, y);
    }

    private readonly struct MinLanes : ILaneFold
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Fold(Vector128<T> x, Vector128<T> y) => Vector128.Min(x, y);
    }

    // Per-lane shifts (counts masked to the lane width, as C#); callers check SimdTypes.HasVariableShift first.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> ShiftLeftVariable(Vec128<T> v, Vec128<T> c)
        => new(sizeof(T) == 4 ? Avx2.ShiftLeftLogicalVariable(v.V.AsUInt32(), c.V.AsUInt32() & Vector128.Create(31u)).As<uint, T>()
            : sizeof(T) == 8 ? Avx2.ShiftLeftLogicalVariable(v.V.AsUInt64(), c.V.AsUInt64() & Vector128.Create(63ul)).As<ulong, T>()
            : sizeof(T) == 2 ? Avx512BW.VL.ShiftLeftLogicalVariable(v.V.AsUInt16(), c.V.AsUInt16() & Vector128.Create((ushort)15)).As<ushort, T>()
            : throw SimdTypes.NotSupported<T>(nameof(ShiftLeftVariable)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> ShiftRightVariable(Vec128<T> v, Vec128<T> c)
    {
        bool signed = SimdTypes.IsSignedInteger<T>();
        if (sizeof(T) == 4)
        {
            var n = c.V.AsUInt32() & Vector128.Create(31u);
            return signed ? new(Avx2.ShiftRightArithmeticVariable(v.V.AsInt32(), n).As<int, T>()) : new(Avx2.ShiftRightLogicalVariable(v.V.AsUInt32(), n).As<uint, T>());
        }
        if (sizeof(T) == 8)
        {
            var n = c.V.AsUInt64() & Vector128.Create(63ul);
            return signed ? new(Avx512F.VL.ShiftRightArithmeticVariable(v.V.AsInt64(), n).As<long, T>()) : new(Avx2.ShiftRightLogicalVariable(v.V.AsUInt64(), n).As<ulong, T>());
        }
        if (sizeof(T) == 2)
        {
            var n = c.V.AsUInt16() & Vector128.Create((ushort)15);
            return signed ? new(Avx512BW.VL.ShiftRightArithmeticVariable(v.V.AsInt16(), n).As<short, T>()) : new(Avx512BW.VL.ShiftRightLogicalVariable(v.V.AsUInt16(), n).As<ushort, T>());
        }
        throw SimdTypes.NotSupported<T>(nameof(ShiftRightVariable));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> DivideInteger(Vec128<T> l, Vec128<T> r)
    {
        // Widened to float64 lanes, where int32 / uint32 quotients are exact before truncation: with AVX all four lanes
        // in one 256-bit division, converted by single instructions (vcvtdq2pd, vcvttpd2dq; the unsigned forms need
        // AVX-512VL); every quotient is in range, MinValue / -1 being excluded by the caller. Every operand below 2^24 in
        // magnitude (one test): one float32 division, exact as well (see Vec256.DivideInteger).
        if ((typeof(T) == typeof(int) || typeof(T) == typeof(uint)) && Sse41.IsSupported)
        {
            Vector128<int> a = l.V.AsInt32(), b = r.V.AsInt32();
            Vector128<int> any = typeof(T) == typeof(int) ? Sse2.Or(Ssse3.Abs(a).AsInt32(), Ssse3.Abs(b).AsInt32()) : Sse2.Or(a, b);
            if (Sse41.TestZ(any, Vector128.Create(unchecked((int)0xFF00_0000))))
                return new(Sse2.ConvertToVector128Int32WithTruncation(Sse.Divide(Sse2.ConvertToVector128Single(a), Sse2.ConvertToVector128Single(b))).As<int, T>());
        }
        if (typeof(T) == typeof(int) && Avx.IsSupported)
            return new(Avx.ConvertToVector128Int32WithTruncation(Avx.ConvertToVector256Double(l.V.AsInt32()) / Avx.ConvertToVector256Double(r.V.AsInt32())).As<int, T>());
        if (typeof(T) == typeof(uint) && Avx512F.VL.IsSupported)
            return new(Avx512F.VL.ConvertToVector128UInt32WithTruncation(Avx512F.VL.ConvertToVector256Double(l.V.AsUInt32()) / Avx512F.VL.ConvertToVector256Double(r.V.AsUInt32())).As<uint, T>());
        if (typeof(T) == typeof(uint) && Avx.IsSupported)
            return new(TruncateToUInt32(UInt32ToDouble(l.V.AsUInt32()) / UInt32ToDouble(r.V.AsUInt32())).As<uint, T>());
        if (typeof(T) == typeof(int))
        {
            Vector128<int> a = l.V.AsInt32(), b = r.V.AsInt32();
            var lo = Vector128.ConvertToInt64(Vector128.ConvertToDouble(Vector128.WidenLower(a)) / Vector128.ConvertToDouble(Vector128.WidenLower(b)));
            var hi = Vector128.ConvertToInt64(Vector128.ConvertToDouble(Vector128.WidenUpper(a)) / Vector128.ConvertToDouble(Vector128.WidenUpper(b)));
            return new(Vector128.Narrow(lo, hi).As<int, T>());
        }
        if (typeof(T) == typeof(uint))
        {
            Vector128<uint> a = l.V.AsUInt32(), b = r.V.AsUInt32();
            var lo = Vector128.ConvertToUInt64(Vector128.ConvertToDouble(Vector128.WidenLower(a)) / Vector128.ConvertToDouble(Vector128.WidenLower(b)));
            var hi = Vector128.ConvertToUInt64(Vector128.ConvertToDouble(Vector128.WidenUpper(a)) / Vector128.ConvertToDouble(Vector128.WidenUpper(b)));
            return new(Vector128.Narrow(lo, hi).As<uint, T>());
        }
        throw SimdTypes.NotSupported<T>(nameof(DivideInteger));
    }

    /// <summary>
    /// uint32 lanes as float64 with AVX only (no AVX-512 unsigned conversion): the lanes with their top bit flipped are
    /// int32 lanes v − 2^31, converted exactly by vcvtdq2pd; adding 2^31 back is exact (a float64 holds every integer below 2^53).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<double> UInt32ToDouble(Vector128<uint> v)
        => Avx.ConvertToVector256Double((v ^ Vector128.Create(0x8000_0000u)).AsInt32()) + Vector256.Create(2147483648.0);

    /// <summary>
    /// Truncated float64 lanes q in [0, 2^32) as uint32 with AVX only: trunc(q) − 2^31 is exact and in int32 range, so
    /// vcvttpd2dq converts it exactly; flipping the top bit adds 2^31 back.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<uint> TruncateToUInt32(Vector256<double> q)
        => Avx.ConvertToVector128Int32WithTruncation(Avx.RoundToZero(q) - Vector256.Create(2147483648.0)).AsUInt32() ^ Vector128.Create(0x8000_0000u);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> PowSingle(Vec128<T> x, Vec128<T> y)
    {
        if (typeof(T) != typeof(float)) throw SimdTypes.NotSupported<T>(nameof(PowSingle));
        return new(VectorMath.PowSingle(x.V.AsSingle(), y.V.AsSingle()).As<float, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128<T> PowSingleInline(Vec128<T> x, Vec128<T> y)
    {
        if (typeof(T) != typeof(float)) throw SimdTypes.NotSupported<T>(nameof(PowSingleInline));
        return new(VectorMath.PowSingleInline(x.V.AsSingle(), y.V.AsSingle()).As<float, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> SingleToUInt32(Vec128<T> v) => new(Vector128.ConvertToUInt32(v.V.AsSingle()).As<uint, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> UInt32ToSingle(Vec128<T> v) => new(Vector128.ConvertToSingle(v.V.AsUInt32()).As<float, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> DoubleToUInt64(Vec128<T> v) => new(Vector128.ConvertToUInt64(v.V.AsDouble()).As<ulong, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128<T> UInt64ToDouble(Vec128<T> v) => new(Vector128.ConvertToDouble(v.V.AsUInt64()).As<double, T>());
}
