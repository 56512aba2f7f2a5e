using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NativeArrays.Kernels;

/// <summary>The 256-bit implementation of <see cref="ISimdVec{TSelf, T}"/>: a thin wrapper the JIT keeps in a register.</summary>
internal readonly unsafe partial struct Vec256<T> : ISimdVec<Vec256<T>, T> where T : unmanaged
{
    public readonly Vector256<T> V;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vec256(Vector256<T> v) => V = v;

    public static int Count { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector256<T>.Count; }
    public static Vec256<T> Zero { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(Vector256<T>.Zero); }
    public static Vec256<T> AllBitsSet { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(Vector256<T>.AllBitsSet); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> Create(T value) => new(Vector256.Create(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> Load(T* source) => new(Vector256.Load(source));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vec256<T> value, T* destination) => value.V.Store(destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void StoreAlignedNonTemporal(Vec256<T> value, T* destination) => value.V.StoreAlignedNonTemporal(destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T GetElement(Vec256<T> value, int index) => value.V.GetElement(index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryLoadEven(T* source, out Vec256<T> value)
    {
        if (Avx512F.VL.IsSupported && sizeof(T) == 4)
        {
            value = new(Avx512F.VL.PermuteVar8x32x2(Vector256.Load((int*)source), Vector256.Create(0, 2, 4, 6, 9, 11, 13, 15), Vector256.Load((int*)source + 7)).As<int, T>());
            return true;
        }
        if (Avx512F.VL.IsSupported && sizeof(T) == 8)
        {
            value = new(Avx512F.VL.PermuteVar4x64x2(Vector256.Load((long*)source), Vector256.Create(0L, 2, 5, 7), Vector256.Load((long*)source + 3)).As<long, T>());
            return true;
        }
        value = default;
        return false;
    }

    public static bool HasMaskedLoads { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Avx512BW.VL.IsSupported; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryLoadPartial(T* source, int k, Vec256<T> fill, out Vec256<T> value)
    {
        if (Avx512BW.VL.IsSupported)
        {
            var mask = Vector256.LessThan(Vector256<byte>.Indices, Vector256.Create((byte)(k * sizeof(T))));
            value = new(Avx512BW.VL.MaskLoad((byte*)source, mask, fill.V.AsByte()).As<byte, T>());
            return true;
        }
        value = default;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryStorePartial(Vec256<T> value, T* destination, int k)
    {
        if (!Avx512BW.VL.IsSupported) return false;
        Avx512BW.VL.MaskStore((byte*)destination, Vector256.LessThan(Vector256<byte>.Indices, Vector256.Create((byte)(k * sizeof(T)))), value.V.AsByte());
        return true;
    }

    public static bool HasBlockTranspose { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Avx.IsSupported && (sizeof(T) == 4 || sizeof(T) == 8); }

    /// <summary>The lines of a float or double transpose as this type's vectors.</summary>
    private readonly struct BlockLines<TLines>(TLines lines) : Gemm.IBlockLines<Vector256<float>>, Gemm.IBlockLines<Vector256<double>>
        where TLines : struct, Gemm.IBlockLines<Vec256<T>>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public void Line(int i, Vector256<float> v) => lines.Line(i, new Vec256<T>(v.As<float, T>()));
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public void Line(int i, Vector256<double> v) => lines.Line(i, new Vec256<T>(v.As<double, T>()));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void TransposeRows<TRows, TLines>(TRows rows, TLines lines) where TRows : struct, Gemm.IBlockRows<Vec256<T>> where TLines : struct, Gemm.IBlockLines<Vec256<T>>
    {
        if (sizeof(T) == 4) Gemm.GemmTranspose.Transpose8<BlockRows<TRows>, BlockLines<TLines>>(new BlockRows<TRows>(rows), new BlockLines<TLines>(lines));
        else Gemm.GemmTranspose.Transpose4<BlockRows<TRows>, BlockLines<TLines>>(new BlockRows<TRows>(rows), new BlockLines<TLines>(lines));
    }

    /// <summary>This type's rows of a block as float or double vectors.</summary>
    private readonly struct BlockRows<TRows>(TRows rows) : Gemm.IBlockRows<Vector256<float>>, Gemm.IBlockRows<Vector256<double>>
        where TRows : struct, Gemm.IBlockRows<Vec256<T>>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] Vector256<float> Gemm.IBlockRows<Vector256<float>>.Row(int j) => rows.Row(j).V.As<T, float>();
        [MethodImpl(MethodImplOptions.AggressiveInlining)] Vector256<double> Gemm.IBlockRows<Vector256<double>>.Row(int j) => rows.Row(j).V.As<T, double>();
    }

    public static bool HasReverse { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Avx2.IsSupported; }

    /// <summary>One lane-crossing permute (4- and 8-byte lanes), or a byte shuffle in each 128-bit half and a swap of the halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> Reverse(Vec256<T> value)
    {
        if (sizeof(T) == 4) return new(Avx2.PermuteVar8x32(value.V.AsInt32(), Vector256.Create(7, 6, 5, 4, 3, 2, 1, 0)).As<int, T>());
        if (sizeof(T) == 8) return new(Avx2.Permute4x64(value.V.AsInt64(), 0x1B).As<long, T>());
        var table = Vec128<T>.ReversedBytes();
        return new(Avx2.Permute4x64(Avx2.Shuffle(value.V.AsByte(), Vector256.Create(table, table)).AsInt64(), 0x4E).As<long, T>());
    }

    public static bool HasStepLoad { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Avx2.IsSupported && !Avx512F.VL.IsSupported && (sizeof(T) == 4 || sizeof(T) == 8); }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> StepLoad(T* q, int step) => sizeof(T) == 4
        ? new(StepLoads.Load((float*)q, step).As<float, T>())
        : new(StepLoads.Load((double*)q, step).As<double, T>());

    public static bool HasPermute2 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Avx512F.VL.IsSupported && (sizeof(T) == 4 || sizeof(T) == 8); }

    /// <summary>AVX-512VL: one two-source permute (with AVX2 only, strided rows use <see cref="StepLoad"/> instead).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> Permute2(Vec256<T> left, Vec256<T> table, Vec256<T> right) => sizeof(T) == 4
        ? new(Avx512F.VL.PermuteVar8x32x2(left.V.AsInt32(), table.V.AsInt32(), right.V.AsInt32()).As<int, T>())
        : new(Avx512F.VL.PermuteVar4x64x2(left.V.AsInt64(), table.V.AsInt64(), right.V.AsInt64()).As<long, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryGather(T* source, nint byteStride, out Vec256<T> value)
    {
        if (Avx2.IsSupported && (sizeof(T) == 4 || sizeof(T) == 8) && Math.Abs(byteStride) <= int.MaxValue / 16)
        {
            if (sizeof(T) == 4)
            {
                var index = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7) * (int)byteStride;
                value = new(Avx2.GatherVector256((int*)source, index, 1).As<int, T>());
            }
            else
            {
                var index = Vector128.Create(0, 1, 2, 3) * (int)byteStride;
                value = new(Avx2.GatherVector256((long*)source, index, 1).As<long, T>());
            }
            return true;
        }
        value = default;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> Add(Vec256<T> l, Vec256<T> r) => new(l.V + r.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> Subtract(Vec256<T> l, Vec256<T> r) => new(l.V - r.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> Multiply(Vec256<T> l, Vec256<T> r) => new(l.V * r.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> Divide(Vec256<T> l, Vec256<T> r) => new(l.V / r.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> Negate(Vec256<T> v) => new(-v.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> Abs(Vec256<T> v) => new(Vector256.Abs(v.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> Min(Vec256<T> l, Vec256<T> r) => new(Vector256.Min(l.V, r.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> Max(Vec256<T> l, Vec256<T> r) => new(Vector256.Max(l.V, r.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> Sqrt(Vec256<T> v) => new(Vector256.Sqrt(v.V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> FusedMultiplyAdd(Vec256<T> a, Vec256<T> b, Vec256<T> c)
        => new(typeof(T) == typeof(float) ? Vector256.FusedMultiplyAdd(a.V.AsSingle(), b.V.AsSingle(), c.V.AsSingle()).As<float, T>()
            : typeof(T) == typeof(double) ? Vector256.FusedMultiplyAdd(a.V.AsDouble(), b.V.AsDouble(), c.V.AsDouble()).As<double, T>()
            : a.V * b.V + c.V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> FusedMultiplySubtract(Vec256<T> a, Vec256<T> b, Vec256<T> c)
        => new(typeof(T) == typeof(float) && Fma.IsSupported ? Fma.MultiplySubtract(a.V.AsSingle(), b.V.AsSingle(), c.V.AsSingle()).As<float, T>()
            : typeof(T) == typeof(double) && Fma.IsSupported ? Fma.MultiplySubtract(a.V.AsDouble(), b.V.AsDouble(), c.V.AsDouble()).As<double, T>()
            : FusedMultiplyAdd(a, b, Negate(c)).V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> FusedNegatedMultiplyAdd(Vec256<T> a, Vec256<T> b, Vec256<T> c)
        => new(typeof(T) == typeof(float) && Fma.IsSupported ? Fma.MultiplyAddNegated(a.V.AsSingle(), b.V.AsSingle(), c.V.AsSingle()).As<float, T>()
            : typeof(T) == typeof(double) && Fma.IsSupported ? Fma.MultiplyAddNegated(a.V.AsDouble(), b.V.AsDouble(), c.V.AsDouble()).As<double, T>()
            : FusedMultiplyAdd(Negate(a), b, c).V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> Floor(Vec256<T> v)
        => new(typeof(T) == typeof(float) ? Vector256.Floor(v.V.AsSingle()).As<float, T>()
            : typeof(T) == typeof(double) ? Vector256.Floor(v.V.AsDouble()).As<double, T>()
            : v.V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> Ceiling(Vec256<T> v)
        => new(typeof(T) == typeof(float) ? Vector256.Ceiling(v.V.AsSingle()).As<float, T>()
            : typeof(T) == typeof(double) ? Vector256.Ceiling(v.V.AsDouble()).As<double, T>()
            : v.V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> Round(Vec256<T> v)
        => new(typeof(T) == typeof(float) ? Vector256.Round(v.V.AsSingle()).As<float, T>()
            : typeof(T) == typeof(double) ? Vector256.Round(v.V.AsDouble()).As<double, T>()
            : v.V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> Truncate(Vec256<T> v)
        => new(typeof(T) == typeof(float) ? Vector256.Truncate(v.V.AsSingle()).As<float, T>()
            : typeof(T) == typeof(double) ? Vector256.Truncate(v.V.AsDouble()).As<double, T>()
            : v.V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> Exp(Vec256<T> v)
        => new(typeof(T) == typeof(float) ? Vector256.Exp(v.V.AsSingle()).As<float, T>()
            : typeof(T) == typeof(double) ? Vector256.Exp(v.V.AsDouble()).As<double, T>()
            : throw SimdTypes.NotSupported<T>(nameof(Exp)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> Log(Vec256<T> v)
        => new(typeof(T) == typeof(float) ? Vector256.Log(v.V.AsSingle()).As<float, T>()
            : typeof(T) == typeof(double) ? Vector256.Log(v.V.AsDouble()).As<double, T>()
            : throw SimdTypes.NotSupported<T>(nameof(Log)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> Log2(Vec256<T> v)
        => new(typeof(T) == typeof(float) ? Vector256.Log2(v.V.AsSingle()).As<float, T>()
            : typeof(T) == typeof(double) ? Vector256.Log2(v.V.AsDouble()).As<double, T>()
            : throw SimdTypes.NotSupported<T>(nameof(Log2)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> Hypot(Vec256<T> x, Vec256<T> y)
        => new(typeof(T) == typeof(float) ? Vector256.Hypot(x.V.AsSingle(), y.V.AsSingle()).As<float, T>()
            : typeof(T) == typeof(double) ? Vector256.Hypot(x.V.AsDouble(), y.V.AsDouble()).As<double, T>()
            : throw SimdTypes.NotSupported<T>(nameof(Hypot)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> And(Vec256<T> l, Vec256<T> r) => new(l.V & r.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> Or(Vec256<T> l, Vec256<T> r) => new(l.V | r.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> Xor(Vec256<T> l, Vec256<T> r) => new(l.V ^ r.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> AndNot(Vec256<T> l, Vec256<T> r) => new(Vector256.AndNot(l.V, r.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> ShiftLeft(Vec256<T> v, int count) => new(v.V << count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> ShiftRightArithmetic(Vec256<T> v, int count) => new(v.V >> count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> ShiftRightLogical(Vec256<T> v, int count) => new(v.V >>> count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> Equals(Vec256<T> l, Vec256<T> r) => new(Vector256.Equals(l.V, r.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> LessThan(Vec256<T> l, Vec256<T> r) => new(Vector256.LessThan(l.V, r.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool LessThanAny(Vec256<T> l, Vec256<T> r) => Vector256.LessThanAny(l.V, r.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> LessThanOrEqual(Vec256<T> l, Vec256<T> r) => new(Vector256.LessThanOrEqual(l.V, r.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> GreaterThan(Vec256<T> l, Vec256<T> r) => new(Vector256.GreaterThan(l.V, r.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> GreaterThanOrEqual(Vec256<T> l, Vec256<T> r) => new(Vector256.GreaterThanOrEqual(l.V, r.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> IsNaN(Vec256<T> v) => new(Vector256.IsNaN(v.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> IsFinite(Vec256<T> v) => new(Vector256.IsFinite(v.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong LessThanBits(Vec256<T> l, Vec256<T> r) => sizeof(T) switch
    {
        1 => Vector256.LessThan(l.V.AsByte(), r.V.AsByte()).ExtractMostSignificantBits(),
        2 => Vector256.LessThan(l.V.AsUInt16(), r.V.AsUInt16()).ExtractMostSignificantBits(),
        4 => Vector256.LessThan(l.V.AsUInt32(), r.V.AsUInt32()).ExtractMostSignificantBits(),
        _ => Vector256.LessThan(l.V.AsUInt64(), r.V.AsUInt64()).ExtractMostSignificantBits(),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong OutsideBits(Vec256<T> x, Vec256<T> lo, Vec256<T> hi)
    {
        // As Vec512's: the negated predicates ORed (the same bits as the complement of the range test, one operation
        // fewer twice; in mask registers with AVX-512VL).
        if (typeof(T) == typeof(float) && Avx.IsSupported)
            return (Avx.CompareNotGreaterThanOrEqual(x.V.AsSingle(), lo.V.AsSingle()) | Avx.CompareNotLessThanOrEqual(x.V.AsSingle(), hi.V.AsSingle())).ExtractMostSignificantBits();
        if (typeof(T) == typeof(double) && Avx.IsSupported)
            return (Avx.CompareNotGreaterThanOrEqual(x.V.AsDouble(), lo.V.AsDouble()) | Avx.CompareNotLessThanOrEqual(x.V.AsDouble(), hi.V.AsDouble())).ExtractMostSignificantBits();
        return ~(Vector256.GreaterThanOrEqual(x.V, lo.V) & Vector256.LessThanOrEqual(x.V, hi.V)).ExtractMostSignificantBits() & (ulong.MaxValue >> (64 - Vector256<T>.Count));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong AboveOrNaNBits(Vec256<T> x, Vec256<T> hi)
    {
        // The negated predicate, as OutsideBits's upper half: one compare (NaN included).
        if (typeof(T) == typeof(float) && Avx.IsSupported)
            return Avx.CompareNotLessThanOrEqual(x.V.AsSingle(), hi.V.AsSingle()).ExtractMostSignificantBits();
        if (typeof(T) == typeof(double) && Avx.IsSupported)
            return Avx.CompareNotLessThanOrEqual(x.V.AsDouble(), hi.V.AsDouble()).ExtractMostSignificantBits();
        return ~Vector256.LessThanOrEqual(x.V, hi.V).ExtractMostSignificantBits() & (ulong.MaxValue >> (64 - Vector256<T>.Count));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ZeroBits(Vec256<T> x) => Vector256.Equals(x.V, Vector256<T>.Zero).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong NaNBits(Vec256<T> x) => Vector256.IsNaN(x.V).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong EqualsBits(Vec256<T> l, Vec256<T> r) => Vector256.Equals(l.V, r.V).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> Select(Vec256<T> m, Vec256<T> t, Vec256<T> f) => new(Vector256.ConditionalSelect(m.V, t.V, f.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> SelectWhereEqual(Vec256<T> l, Vec256<T> r, Vec256<T> t, Vec256<T> f) => new(Vector256.ConditionalSelect(Vector256.Equals(l.V, r.V), t.V, f.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> SelectWhereGreaterThan(Vec256<T> l, Vec256<T> r, Vec256<T> t, Vec256<T> f) => new(Vector256.ConditionalSelect(Vector256.GreaterThan(l.V, r.V), t.V, f.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong ExtractMostSignificantBits(Vec256<T> v) => v.V.ExtractMostSignificantBits();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> SingleToInt32(Vec256<T> v) => new(Vector256.ConvertToInt32(v.V.AsSingle()).As<int, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> Int32ToSingle(Vec256<T> v) => new(Vector256.ConvertToSingle(v.V.AsInt32()).As<float, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> DoubleToInt64(Vec256<T> v) => new(Vector256.ConvertToInt64(v.V.AsDouble()).As<long, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> Int64ToDouble(Vec256<T> v) => new(Vector256.ConvertToDouble(v.V.AsInt64()).As<double, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> SmallInt64ToDouble(Vec256<T> v) =>
        new(((v.V.AsInt64() + Vector256.Create(0x4338000000000000L)).AsDouble() - Vector256.Create(6755399441055744.0)).As<double, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Sum(Vec256<T> v) => Vec128<T>.Sum(new(v.V.GetLower() + v.V.GetUpper()));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T MaxAcross(Vec256<T> v) => Vec128<T>.MaxAcross(new(Vector128.Max(v.V.GetLower(), v.V.GetUpper())));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T MinAcross(Vec256<T> v) => Vec128<T>.MinAcross(new(Vector128.Min(v.V.GetLower(), v.V.GetUpper())));

    // Per-lane shifts (counts masked to the lane width, as C#); callers check SimdTypes.HasVariableShift first.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> ShiftLeftVariable(Vec256<T> v, Vec256<T> c)
        => new(sizeof(T) == 4 ? Avx2.ShiftLeftLogicalVariable(v.V.AsUInt32(), c.V.AsUInt32() & Vector256.Create(31u)).As<uint, T>()
            : sizeof(T) == 8 ? Avx2.ShiftLeftLogicalVariable(v.V.AsUInt64(), c.V.AsUInt64() & Vector256.Create(63ul)).As<ulong, T>()
            : sizeof(T) == 2 ? Avx512BW.VL.ShiftLeftLogicalVariable(v.V.AsUInt16(), c.V.AsUInt16() & Vector256.Create((ushort)15)).As<ushort, T>()
            : throw SimdTypes.NotSupported<T>(nameof(ShiftLeftVariable)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> ShiftRightVariable(Vec256<T> v, Vec256<T> c)
    {
        bool signed = SimdTypes.IsSignedInteger<T>();
        if (sizeof(T) == 4)
        {
            var n = c.V.AsUInt32() & Vector256.Create(31u);
            return signed ? new(Avx2.ShiftRightArithmeticVariable(v.V.AsInt32(), n).As<int, T>()) : new(Avx2.ShiftRightLogicalVariable(v.V.AsUInt32(), n).As<uint, T>());
        }
        if (sizeof(T) == 8)
        {
            var n = c.V.AsUInt64() & Vector256.Create(63ul);
            return signed ? new(Avx512F.VL.ShiftRightArithmeticVariable(v.V.AsInt64(), n).As<long, T>()) : new(Avx2.ShiftRightLogicalVariable(v.V.AsUInt64(), n).As<ulong, T>());
        }
        if (sizeof(T) == 2)
        {
            var n = c.V.AsUInt16() & Vector256.Create((ushort)15);
            return signed ? new(Avx512BW.VL.ShiftRightArithmeticVariable(v.V.AsInt16(), n).As<short, T>()) : new(Avx512BW.VL.ShiftRightLogicalVariable(v.V.AsUInt16(), n).As<ushort, T>());
        }
        throw SimdTypes.NotSupported<T>(nameof(ShiftRightVariable));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> DivideInteger(Vec256<T> l, Vec256<T> r)
    {
        // Every operand below 2^24 in magnitude (one test): all eight lanes in one float32 division, exact as well (the
        // quotient rounded once cannot reach the next integer: IntegerLanes.InDouble's argument with 24 bits).
        if ((typeof(T) == typeof(int) || typeof(T) == typeof(uint)) && Avx2.IsSupported)
        {
            Vector256<int> a = l.V.AsInt32(), b = r.V.AsInt32();
            Vector256<int> any = typeof(T) == typeof(int) ? Avx2.Or(Avx2.Abs(a).AsInt32(), Avx2.Abs(b).AsInt32()) : Avx2.Or(a, b);
            if (Avx.TestZ(any, Vector256.Create(unchecked((int)0xFF00_0000))))
                return new(Avx.ConvertToVector256Int32WithTruncation(Avx.Divide(Avx.ConvertToVector256Single(a), Avx.ConvertToVector256Single(b))).As<int, T>());
        }
        // Widened to float64 lanes, where int32 / uint32 quotients are exact before truncation: with AVX-512 all eight
        // lanes in one 512-bit division, converted by single instructions (vcvtdq2pd, vcvttpd2dq and the unsigned
        // forms; every quotient is in range, MinValue / -1 being excluded by the caller).
        if (typeof(T) == typeof(int) && Avx512F.IsSupported)
            return new(Avx512F.ConvertToVector256Int32WithTruncation(Avx512F.ConvertToVector512Double(l.V.AsInt32()) / Avx512F.ConvertToVector512Double(r.V.AsInt32())).As<int, T>());
        if (typeof(T) == typeof(uint) && Avx512F.IsSupported)
            return new(Avx512F.ConvertToVector256UInt32WithTruncation(Avx512F.ConvertToVector512Double(l.V.AsUInt32()) / Avx512F.ConvertToVector512Double(r.V.AsUInt32())).As<uint, T>());
        // AVX2 without AVX-512: each 128-bit half in one 256-bit division (Vector256.ConvertToInt64 and ConvertToDouble of
        // int64 lanes have no instruction there and run lane by lane in software: measured 0.11x TensorPrimitives).
        if (typeof(T) == typeof(int) && Avx.IsSupported)
        {
            Vector256<int> a = l.V.AsInt32(), b = r.V.AsInt32();
            Vector128<int> lo = Avx.ConvertToVector128Int32WithTruncation(Avx.ConvertToVector256Double(a.GetLower()) / Avx.ConvertToVector256Double(b.GetLower()));
            Vector128<int> hi = Avx.ConvertToVector128Int32WithTruncation(Avx.ConvertToVector256Double(a.GetUpper()) / Avx.ConvertToVector256Double(b.GetUpper()));
            return new(Vector256.Create(lo, hi).As<int, T>());
        }
        if (typeof(T) == typeof(uint) && Avx.IsSupported)
        {
            Vector256<uint> a = l.V.AsUInt32(), b = r.V.AsUInt32();
            Vector128<uint> lo = Vec128<uint>.TruncateToUInt32(Vec128<uint>.UInt32ToDouble(a.GetLower()) / Vec128<uint>.UInt32ToDouble(b.GetLower()));
            Vector128<uint> hi = Vec128<uint>.TruncateToUInt32(Vec128<uint>.UInt32ToDouble(a.GetUpper()) / Vec128<uint>.UInt32ToDouble(b.GetUpper()));
            return new(Vector256.Create(lo, hi).As<uint, T>());
        }
        if (typeof(T) == typeof(int))
        {
            Vector256<int> a = l.V.AsInt32(), b = r.V.AsInt32();
            var lo = Vector256.ConvertToInt64(Vector256.ConvertToDouble(Vector256.WidenLower(a)) / Vector256.ConvertToDouble(Vector256.WidenLower(b)));
            var hi = Vector256.ConvertToInt64(Vector256.ConvertToDouble(Vector256.WidenUpper(a)) / Vector256.ConvertToDouble(Vector256.WidenUpper(b)));
            return new(Vector256.Narrow(lo, hi).As<int, T>());
        }
        if (typeof(T) == typeof(uint))
        {
            Vector256<uint> a = l.V.AsUInt32(), b = r.V.AsUInt32();
            var lo = Vector256.ConvertToUInt64(Vector256.ConvertToDouble(Vector256.WidenLower(a)) / Vector256.ConvertToDouble(Vector256.WidenLower(b)));
            var hi = Vector256.ConvertToUInt64(Vector256.ConvertToDouble(Vector256.WidenUpper(a)) / Vector256.ConvertToDouble(Vector256.WidenUpper(b)));
            return new(Vector256.Narrow(lo, hi).As<uint, T>());
        }
        throw SimdTypes.NotSupported<T>(nameof(DivideInteger));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> PowSingle(Vec256<T> x, Vec256<T> y)
    {
        if (typeof(T) != typeof(float)) throw SimdTypes.NotSupported<T>(nameof(PowSingle));
        return new(VectorMath.PowSingle(x.V.AsSingle(), y.V.AsSingle()).As<float, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256<T> PowSingleInline(Vec256<T> x, Vec256<T> y)
    {
        if (typeof(T) != typeof(float)) throw SimdTypes.NotSupported<T>(nameof(PowSingleInline));
        return new(VectorMath.PowSingleInline(x.V.AsSingle(), y.V.AsSingle()).As<float, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> SingleToUInt32(Vec256<T> v) => new(Vector256.ConvertToUInt32(v.V.AsSingle()).As<uint, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> UInt32ToSingle(Vec256<T> v) => new(Vector256.ConvertToSingle(v.V.AsUInt32()).As<float, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> DoubleToUInt64(Vec256<T> v) => new(Vector256.ConvertToUInt64(v.V.AsDouble()).As<ulong, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256<T> UInt64ToDouble(Vec256<T> v) => new(Vector256.ConvertToDouble(v.V.AsUInt64()).As<double, T>());
}
