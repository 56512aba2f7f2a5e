using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NativeArrays.Kernels;

/// <summary>The 512-bit implementation of <see cref="ISimdVec{TSelf, T}"/>: a thin wrapper the JIT keeps in a register.</summary>
internal readonly unsafe partial struct Vec512<T> : ISimdVec<Vec512<T>, T> where T : unmanaged
{
    public readonly Vector512<T> V;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vec512(Vector512<T> v) => V = v;

    public static int Count { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512<T>.Count; }
    public static Vec512<T> Zero { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(Vector512<T>.Zero); }
    public static Vec512<T> AllBitsSet { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(Vector512<T>.AllBitsSet); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> Create(T value) => new(Vector512.Create(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> Load(T* source) => new(Vector512.Load(source));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vec512<T> value, T* destination) => value.V.Store(destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void StoreAlignedNonTemporal(Vec512<T> value, T* destination) => value.V.StoreAlignedNonTemporal(destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T GetElement(Vec512<T> value, int index) => value.V.GetElement(index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryLoadEven(T* source, out Vec512<T> value)
    {
        if (Avx512F.IsSupported && sizeof(T) == 4)
        {
            value = new(Avx512F.PermuteVar16x32x2(Vector512.Load((int*)source), Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 17, 19, 21, 23, 25, 27, 29, 31), Vector512.Load((int*)source + 15)).As<int, T>());
            return true;
        }
        if (Avx512F.IsSupported && sizeof(T) == 8)
        {
            value = new(Avx512F.PermuteVar8x64x2(Vector512.Load((long*)source), Vector512.Create(0L, 2, 4, 6, 9, 11, 13, 15), Vector512.Load((long*)source + 7)).As<long, T>());
            return true;
        }
        value = default;
        return false;
    }

    public static bool HasMaskedLoads { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Avx512BW.IsSupported; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryLoadPartial(T* source, int k, Vec512<T> fill, out Vec512<T> value)
    {
        if (Avx512BW.IsSupported)
        {
            var mask = Vector512.LessThan(Vector512<byte>.Indices, Vector512.Create((byte)(k * sizeof(T))));
            value = new(Avx512BW.MaskLoad((byte*)source, mask, fill.V.AsByte()).As<byte, T>());
            return true;
        }
        value = default;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryStorePartial(Vec512<T> value, T* destination, int k)
    {
        if (!Avx512BW.IsSupported) return false;
        Avx512BW.MaskStore((byte*)destination, Vector512.LessThan(Vector512<byte>.Indices, Vector512.Create((byte)(k * sizeof(T)))), value.V.AsByte());
        return true;
    }

    public static bool HasBlockTranspose { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Avx512F.IsSupported && (sizeof(T) == 4 || sizeof(T) == 8); }

    /// <summary>The lines of a float or double transpose as this type's vectors.</summary>
    private readonly struct BlockLines<TLines>(TLines lines) : Gemm.IBlockLines<Vector512<float>>, Gemm.IBlockLines<Vector512<double>>
        where TLines : struct, Gemm.IBlockLines<Vec512<T>>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public void Line(int i, Vector512<float> v) => lines.Line(i, new Vec512<T>(v.As<float, T>()));
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public void Line(int i, Vector512<double> v) => lines.Line(i, new Vec512<T>(v.As<double, T>()));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void TransposeRows<TRows, TLines>(TRows rows, TLines lines) where TRows : struct, Gemm.IBlockRows<Vec512<T>> where TLines : struct, Gemm.IBlockLines<Vec512<T>>
    {
        if (sizeof(T) == 4) Gemm.GemmTranspose.Transpose16<BlockRows<TRows>, BlockLines<TLines>>(new BlockRows<TRows>(rows), new BlockLines<TLines>(lines));
        else Gemm.GemmTranspose.Transpose8x8<BlockRows<TRows>, BlockLines<TLines>>(new BlockRows<TRows>(rows), new BlockLines<TLines>(lines));
    }

    /// <summary>This type's rows of a block as float or double vectors.</summary>
    private readonly struct BlockRows<TRows>(TRows rows) : Gemm.IBlockRows<Vector512<float>>, Gemm.IBlockRows<Vector512<double>>
        where TRows : struct, Gemm.IBlockRows<Vec512<T>>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] Vector512<float> Gemm.IBlockRows<Vector512<float>>.Row(int j) => rows.Row(j).V.As<T, float>();
        [MethodImpl(MethodImplOptions.AggressiveInlining)] Vector512<double> Gemm.IBlockRows<Vector512<double>>.Row(int j) => rows.Row(j).V.As<T, double>();
    }

    public static bool HasReverse { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => sizeof(T) >= 4 ? Avx512F.IsSupported : Avx512BW.IsSupported; }

    /// <summary>One lane-crossing permute (4- and 8-byte lanes), or a byte shuffle in each 128-bit lane and a reversal of the four lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> Reverse(Vec512<T> value)
    {
        if (sizeof(T) == 4) return new(Avx512F.PermuteVar16x32(value.V.AsInt32(), Vector512.Create(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)).As<int, T>());
        if (sizeof(T) == 8) return new(Avx512F.PermuteVar8x64(value.V.AsInt64(), Vector512.Create(7L, 6, 5, 4, 3, 2, 1, 0)).As<long, T>());
        var table = Vec128<T>.ReversedBytes();
        var shuffled = Avx512BW.Shuffle(value.V.AsByte(), Vector512.Create(Vector256.Create(table, table), Vector256.Create(table, table))).AsInt64();
        return new(Avx512F.Shuffle4x128(shuffled, shuffled, 0x1B).As<long, T>());
    }

    public static bool HasStepLoad => false;

    public static Vec512<T> StepLoad(T* q, int step) => throw SimdTypes.NotSupported<T>(nameof(StepLoad));

    public static bool HasPermute2 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Avx512F.IsSupported && (sizeof(T) == 4 || sizeof(T) == 8); }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> Permute2(Vec512<T> left, Vec512<T> table, Vec512<T> right) => sizeof(T) == 4
        ? new(Avx512F.PermuteVar16x32x2(left.V.AsInt32(), table.V.AsInt32(), right.V.AsInt32()).As<int, T>())
        : new(Avx512F.PermuteVar8x64x2(left.V.AsInt64(), table.V.AsInt64(), right.V.AsInt64()).As<long, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryGather(T* source, nint byteStride, out Vec512<T> value)
    {
        // Two 256-bit gathers (.NET exposes no 512-bit gather).
        if (Vec256<T>.TryGather(source, byteStride, out var lower) &&
            Vec256<T>.TryGather((T*)((byte*)source + Vector256<T>.Count * byteStride), byteStride, out var upper))
        {
            value = new(Vector512.Create(lower.V, upper.V));
            return true;
        }
        value = default;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> Add(Vec512<T> l, Vec512<T> r) => new(l.V + r.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> Subtract(Vec512<T> l, Vec512<T> r) => new(l.V - r.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> Multiply(Vec512<T> l, Vec512<T> r) => new(l.V * r.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> Divide(Vec512<T> l, Vec512<T> r) => new(l.V / r.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> Negate(Vec512<T> v) => new(-v.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> Abs(Vec512<T> v) => new(Vector512.Abs(v.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> Min(Vec512<T> l, Vec512<T> r) => new(Vector512.Min(l.V, r.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> Max(Vec512<T> l, Vec512<T> r) => new(Vector512.Max(l.V, r.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> Sqrt(Vec512<T> v) => new(Vector512.Sqrt(v.V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> FusedMultiplyAdd(Vec512<T> a, Vec512<T> b, Vec512<T> c)
        => new(typeof(T) == typeof(float) ? Vector512.FusedMultiplyAdd(a.V.AsSingle(), b.V.AsSingle(), c.V.AsSingle()).As<float, T>()
            : typeof(T) == typeof(double) ? Vector512.FusedMultiplyAdd(a.V.AsDouble(), b.V.AsDouble(), c.V.AsDouble()).As<double, T>()
            : a.V * b.V + c.V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> FusedMultiplySubtract(Vec512<T> a, Vec512<T> b, Vec512<T> c)
        => new(typeof(T) == typeof(float) && Avx512F.IsSupported ? Avx512F.FusedMultiplySubtract(a.V.AsSingle(), b.V.AsSingle(), c.V.AsSingle()).As<float, T>()
            : typeof(T) == typeof(double) && Avx512F.IsSupported ? Avx512F.FusedMultiplySubtract(a.V.AsDouble(), b.V.AsDouble(), c.V.AsDouble()).As<double, T>()
            : FusedMultiplyAdd(a, b, Negate(c)).V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> FusedNegatedMultiplyAdd(Vec512<T> a, Vec512<T> b, Vec512<T> c)
        => new(typeof(T) == typeof(float) && Avx512F.IsSupported ? Avx512F.FusedMultiplyAddNegated(a.V.AsSingle(), b.V.AsSingle(), c.V.AsSingle()).As<float, T>()
            : typeof(T) == typeof(double) && Avx512F.IsSupported ? Avx512F.FusedMultiplyAddNegated(a.V.AsDouble(), b.V.AsDouble(), c.V.AsDouble()).As<double, T>()
            : FusedMultiplyAdd(Negate(a), b, c).V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> Floor(Vec512<T> v)
        => new(typeof(T) == typeof(float) ? Vector512.Floor(v.V.AsSingle()).As<float, T>()
            : typeof(T) == typeof(double) ? Vector512.Floor(v.V.AsDouble()).As<double, T>()
            : v.V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> Ceiling(Vec512<T> v)
        => new(typeof(T) == typeof(float) ? Vector512.Ceiling(v.V.AsSingle()).As<float, T>()
            : typeof(T) == typeof(double) ? Vector512.Ceiling(v.V.AsDouble()).As<double, T>()
            : v.V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> Round(Vec512<T> v)
        => new(typeof(T) == typeof(float) ? Vector512.Round(v.V.AsSingle()).As<float, T>()
            : typeof(T) == typeof(double) ? Vector512.Round(v.V.AsDouble()).As<double, T>()
            : v.V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> Truncate(Vec512<T> v)
        => new(typeof(T) == typeof(float) ? Vector512.Truncate(v.V.AsSingle()).As<float, T>()
            : typeof(T) == typeof(double) ? Vector512.Truncate(v.V.AsDouble()).As<double, T>()
            : v.V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> Exp(Vec512<T> v)
        => new(typeof(T) == typeof(float) ? Vector512.Exp(v.V.AsSingle()).As<float, T>()
            : typeof(T) == typeof(double) ? Vector512.Exp(v.V.AsDouble()).As<double, T>()
            : throw SimdTypes.NotSupported<T>(nameof(Exp)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> Log(Vec512<T> v)
        => new(typeof(T) == typeof(float) ? Vector512.Log(v.V.AsSingle()).As<float, T>()
            : typeof(T) == typeof(double) ? Vector512.Log(v.V.AsDouble()).As<double, T>()
            : throw SimdTypes.NotSupported<T>(nameof(Log)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> Log2(Vec512<T> v)
        => new(typeof(T) == typeof(float) ? Vector512.Log2(v.V.AsSingle()).As<float, T>()
            : typeof(T) == typeof(double) ? Vector512.Log2(v.V.AsDouble()).As<double, T>()
            : throw SimdTypes.NotSupported<T>(nameof(Log2)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> Hypot(Vec512<T> x, Vec512<T> y)
        => new(typeof(T) == typeof(float) ? Vector512.Hypot(x.V.AsSingle(), y.V.AsSingle()).As<float, T>()
            : typeof(T) == typeof(double) ? Vector512.Hypot(x.V.AsDouble(), y.V.AsDouble()).As<double, T>()
            : throw SimdTypes.NotSupported<T>(nameof(Hypot)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> And(Vec512<T> l, Vec512<T> r) => new(l.V & r.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> Or(Vec512<T> l, Vec512<T> r) => new(l.V | r.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> Xor(Vec512<T> l, Vec512<T> r) => new(l.V ^ r.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> AndNot(Vec512<T> l, Vec512<T> r) => new(Vector512.AndNot(l.V, r.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> ShiftLeft(Vec512<T> v, int count) => new(v.V << count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> ShiftRightArithmetic(Vec512<T> v, int count) => new(v.V >> count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> ShiftRightLogical(Vec512<T> v, int count) => new(v.V >>> count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> Equals(Vec512<T> l, Vec512<T> r) => new(Vector512.Equals(l.V, r.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> LessThan(Vec512<T> l, Vec512<T> r) => new(Vector512.LessThan(l.V, r.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool LessThanAny(Vec512<T> l, Vec512<T> r) => Vector512.LessThanAny(l.V, r.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> LessThanOrEqual(Vec512<T> l, Vec512<T> r) => new(Vector512.LessThanOrEqual(l.V, r.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> GreaterThan(Vec512<T> l, Vec512<T> r) => new(Vector512.GreaterThan(l.V, r.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> GreaterThanOrEqual(Vec512<T> l, Vec512<T> r) => new(Vector512.GreaterThanOrEqual(l.V, r.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> IsNaN(Vec512<T> v) => new(Vector512.IsNaN(v.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> IsFinite(Vec512<T> v) => new(Vector512.IsFinite(v.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong LessThanBits(Vec512<T> l, Vec512<T> r) => sizeof(T) switch
    {
        1 => Vector512.LessThan(l.V.AsByte(), r.V.AsByte()).ExtractMostSignificantBits(),
        2 => Vector512.LessThan(l.V.AsUInt16(), r.V.AsUInt16()).ExtractMostSignificantBits(),
        4 => Vector512.LessThan(l.V.AsUInt32(), r.V.AsUInt32()).ExtractMostSignificantBits(),
        _ => Vector512.LessThan(l.V.AsUInt64(), r.V.AsUInt64()).ExtractMostSignificantBits(),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong OutsideBits(Vec512<T> x, Vec512<T> lo, Vec512<T> hi)
    {
        // The negated predicates (not-greater-or-equal, not-less-or-equal: true for NaN too) ORed in mask registers: the
        // same bits as ~(x >= lo & x <= hi) in two compares, a KOR and a KMOV (the complement took a NOT and a zero-extension).
        if (typeof(T) == typeof(float) && Avx512F.IsSupported)
            return (Avx512F.CompareNotGreaterThanOrEqual(x.V.AsSingle(), lo.V.AsSingle()) | Avx512F.CompareNotLessThanOrEqual(x.V.AsSingle(), hi.V.AsSingle())).ExtractMostSignificantBits();
        if (typeof(T) == typeof(double) && Avx512F.IsSupported)
            return (Avx512F.CompareNotGreaterThanOrEqual(x.V.AsDouble(), lo.V.AsDouble()) | Avx512F.CompareNotLessThanOrEqual(x.V.AsDouble(), hi.V.AsDouble())).ExtractMostSignificantBits();
        return ~(Vector512.GreaterThanOrEqual(x.V, lo.V) & Vector512.LessThanOrEqual(x.V, hi.V)).ExtractMostSignificantBits() & (ulong.MaxValue >> (64 - Vector512<T>.Count));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong AboveOrNaNBits(Vec512<T> x, Vec512<T> hi)
    {
        // The negated predicate, as OutsideBits's upper half: one compare (NaN included).
        if (typeof(T) == typeof(float) && Avx512F.IsSupported)
            return Avx512F.CompareNotLessThanOrEqual(x.V.AsSingle(), hi.V.AsSingle()).ExtractMostSignificantBits();
        if (typeof(T) == typeof(double) && Avx512F.IsSupported)
            return Avx512F.CompareNotLessThanOrEqual(x.V.AsDouble(), hi.V.AsDouble()).ExtractMostSignificantBits();
        return ~Vector512.LessThanOrEqual(x.V, hi.V).ExtractMostSignificantBits() & (ulong.MaxValue >> (64 - Vector512<T>.Count));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ZeroBits(Vec512<T> x) => Vector512.Equals(x.V, Vector512<T>.Zero).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong NaNBits(Vec512<T> x) => Vector512.IsNaN(x.V).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong EqualsBits(Vec512<T> l, Vec512<T> r) => Vector512.Equals(l.V, r.V).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> Select(Vec512<T> m, Vec512<T> t, Vec512<T> f) => new(Vector512.ConditionalSelect(m.V, t.V, f.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> SelectWhereEqual(Vec512<T> l, Vec512<T> r, Vec512<T> t, Vec512<T> f) => new(Vector512.ConditionalSelect(Vector512.Equals(l.V, r.V), t.V, f.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> SelectWhereGreaterThan(Vec512<T> l, Vec512<T> r, Vec512<T> t, Vec512<T> f) => new(Vector512.ConditionalSelect(Vector512.GreaterThan(l.V, r.V), t.V, f.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong ExtractMostSignificantBits(Vec512<T> v) => v.V.ExtractMostSignificantBits();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> SingleToInt32(Vec512<T> v) => new(Vector512.ConvertToInt32(v.V.AsSingle()).As<int, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> Int32ToSingle(Vec512<T> v) => new(Vector512.ConvertToSingle(v.V.AsInt32()).As<float, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> DoubleToInt64(Vec512<T> v) => new(Vector512.ConvertToInt64(v.V.AsDouble()).As<long, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> Int64ToDouble(Vec512<T> v) => new(Vector512.ConvertToDouble(v.V.AsInt64()).As<double, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> SmallInt64ToDouble(Vec512<T> v) =>
        new(((v.V.AsInt64() + Vector512.Create(0x4338000000000000L)).AsDouble() - Vector512.Create(6755399441055744.0)).As<double, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Sum(Vec512<T> v) => Vec256<T>.Sum(new(v.V.GetLower() + v.V.GetUpper()));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T MaxAcross(Vec512<T> v) => Vec256<T>.MaxAcross(new(Vector256.Max(v.V.GetLower(), v.V.GetUpper())));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T MinAcross(Vec512<T> v) => Vec256<T>.MinAcross(new(Vector256.Min(v.V.GetLower(), v.V.GetUpper())));

    // Per-lane shifts (counts masked to the lane width, as C#); callers check SimdTypes.HasVariableShift first.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> ShiftLeftVariable(Vec512<T> v, Vec512<T> c)
        => new(sizeof(T) == 4 ? Avx512F.ShiftLeftLogicalVariable(v.V.AsUInt32(), c.V.AsUInt32() & Vector512.Create(31u)).As<uint, T>()
            : sizeof(T) == 8 ? Avx512F.ShiftLeftLogicalVariable(v.V.AsUInt64(), c.V.AsUInt64() & Vector512.Create(63ul)).As<ulong, T>()
            : sizeof(T) == 2 ? Avx512BW.ShiftLeftLogicalVariable(v.V.AsUInt16(), c.V.AsUInt16() & Vector512.Create((ushort)15)).As<ushort, T>()
            : throw SimdTypes.NotSupported<T>(nameof(ShiftLeftVariable)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> ShiftRightVariable(Vec512<T> v, Vec512<T> c)
    {
        bool signed = SimdTypes.IsSignedInteger<T>();
        if (sizeof(T) == 4)
        {
            var n = c.V.AsUInt32() & Vector512.Create(31u);
            return signed ? new(Avx512F.ShiftRightArithmeticVariable(v.V.AsInt32(), n).As<int, T>()) : new(Avx512F.ShiftRightLogicalVariable(v.V.AsUInt32(), n).As<uint, T>());
        }
        if (sizeof(T) == 8)
        {
            var n = c.V.AsUInt64() & Vector512.Create(63ul);
            return signed ? new(Avx512F.ShiftRightArithmeticVariable(v.V.AsInt64(), n).As<long, T>()) : new(Avx512F.ShiftRightLogicalVariable(v.V.AsUInt64(), n).As<ulong, T>());
        }
        if (sizeof(T) == 2)
        {
            var n = c.V.AsUInt16() & Vector512.Create((ushort)15);
            return signed ? new(Avx512BW.ShiftRightArithmeticVariable(v.V.AsInt16(), n).As<short, T>()) : new(Avx512BW.ShiftRightLogicalVariable(v.V.AsUInt16(), n).As<ushort, T>());
        }
        throw SimdTypes.NotSupported<T>(nameof(ShiftRightVariable));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> DivideInteger(Vec512<T> l, Vec512<T> r)
    {
        // Every operand below 2^24 in magnitude (one test): all sixteen lanes in one float32 division, exact as well (see
        // Vec256.DivideInteger).
        if (typeof(T) == typeof(int) || typeof(T) == typeof(uint))
        {
            Vector512<int> a = l.V.AsInt32(), b = r.V.AsInt32();
            Vector512<int> any = typeof(T) == typeof(int) ? Vector512.Abs(a) | Vector512.Abs(b) : a | b;
            if (Vector512.EqualsAll(any & Vector512.Create(unchecked((int)0xFF00_0000)), Vector512<int>.Zero))
                return new(Vector512.ConvertToInt32Native(Vector512.ConvertToSingle(a) / Vector512.ConvertToSingle(b)).As<int, T>()); // in range: vcvttps2dq alone (ConvertToInt32 adds three saturation fix-ups)
        }
        // Both halves widened to float64 lanes, where int32 / uint32 quotients are exact before truncation. The
        // conversions are single instructions (vcvtdq2pd, vcvttpd2dq and their unsigned forms): every quotient is in
        // range (MinValue / -1 excluded by the caller), so the saturating ConvertTo* fix-ups and 64-bit lanes are not needed.
        if (typeof(T) == typeof(int) && Avx512F.IsSupported)
        {
            Vector512<int> a = l.V.AsInt32(), b = r.V.AsInt32();
            Vector256<int> lo = Avx512F.ConvertToVector256Int32WithTruncation(Avx512F.ConvertToVector512Double(a.GetLower()) / Avx512F.ConvertToVector512Double(b.GetLower()));
            Vector256<int> hi = Avx512F.ConvertToVector256Int32WithTruncation(Avx512F.ConvertToVector512Double(a.GetUpper()) / Avx512F.ConvertToVector512Double(b.GetUpper()));
            return new(lo.ToVector512Unsafe().WithUpper(hi).As<int, T>());
        }
        if (typeof(T) == typeof(uint) && Avx512F.IsSupported)
        {
            Vector512<uint> a = l.V.AsUInt32(), b = r.V.AsUInt32();
            Vector256<uint> lo = Avx512F.ConvertToVector256UInt32WithTruncation(Avx512F.ConvertToVector512Double(a.GetLower()) / Avx512F.ConvertToVector512Double(b.GetLower()));
            Vector256<uint> hi = Avx512F.ConvertToVector256UInt32WithTruncation(Avx512F.ConvertToVector512Double(a.GetUpper()) / Avx512F.ConvertToVector512Double(b.GetUpper()));
            return new(lo.ToVector512Unsafe().WithUpper(hi).As<uint, T>());
        }
        if (typeof(T) == typeof(int))
        {
            Vector512<int> a = l.V.AsInt32(), b = r.V.AsInt32();
            var lo = Vector512.ConvertToInt64(Vector512.ConvertToDouble(Vector512.WidenLower(a)) / Vector512.ConvertToDouble(Vector512.WidenLower(b)));
            var hi = Vector512.ConvertToInt64(Vector512.ConvertToDouble(Vector512.WidenUpper(a)) / Vector512.ConvertToDouble(Vector512.WidenUpper(b)));
            return new(Vector512.Narrow(lo, hi).As<int, T>());
        }
        if (typeof(T) == typeof(uint))
        {
            Vector512<uint> a = l.V.AsUInt32(), b = r.V.AsUInt32();
            var lo = Vector512.ConvertToUInt64(Vector512.ConvertToDouble(Vector512.WidenLower(a)) / Vector512.ConvertToDouble(Vector512.WidenLower(b)));
            var hi = Vector512.ConvertToUInt64(Vector512.ConvertToDouble(Vector512.WidenUpper(a)) / Vector512.ConvertToDouble(Vector512.WidenUpper(b)));
            return new(Vector512.Narrow(lo, hi).As<uint, T>());
        }
        throw SimdTypes.NotSupported<T>(nameof(DivideInteger));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> PowSingle(Vec512<T> x, Vec512<T> y)
    {
        if (typeof(T) != typeof(float)) throw SimdTypes.NotSupported<T>(nameof(PowSingle));
        return new(VectorMath.PowSingle(x.V.AsSingle(), y.V.AsSingle()).As<float, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512<T> PowSingleInline(Vec512<T> x, Vec512<T> y)
    {
        if (typeof(T) != typeof(float)) throw SimdTypes.NotSupported<T>(nameof(PowSingleInline));
        return new(VectorMath.PowSingleInline(x.V.AsSingle(), y.V.AsSingle()).As<float, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> SingleToUInt32(Vec512<T> v) => new(Vector512.ConvertToUInt32(v.V.AsSingle()).As<uint, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> UInt32ToSingle(Vec512<T> v) => new(Vector512.ConvertToSingle(v.V.AsUInt32()).As<float, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> DoubleToUInt64(Vec512<T> v) => new(Vector512.ConvertToUInt64(v.V.AsDouble()).As<ulong, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512<T> UInt64ToDouble(Vec512<T> v) => new(Vector512.ConvertToDouble(v.V.AsUInt64()).As<double, T>());
}
