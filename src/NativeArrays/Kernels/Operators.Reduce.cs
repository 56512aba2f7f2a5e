using System.Numerics;
using System.Runtime.CompilerServices;

namespace NativeArrays.Kernels;

internal readonly struct SumOp<T> : IReduceOp<T, T> where T : unmanaged, INumber<T>
{
    public static bool Vectorizable => true;
    public static bool Pairwise => true;
    public static T Identity => T.Zero;
    public static T Invoke(T acc, T x) => acc + x;
    public static T Combine(T left, T right) => left + right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV acc, TV x) where TV : struct, ISimdVec<TV, T> => TV.Add(acc, x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Horizontal<TV>(TV acc) where TV : struct, ISimdVec<TV, T> => TV.Sum(acc);
}

/// <summary>
/// Product. Integer products wrap and are exact in any grouping, so they are vectorised; floating-point products are
/// folded in index order (<see cref="IReduceOp{T, TAcc}.Sequential"/>), as NumPy does, so the result is the same for
/// every SIMD width and thread count and equals NumPy's bit for bit.
/// </summary>
internal readonly struct ProductOp<T> : IReduceOp<T, T> where T : unmanaged, INumber<T>
{
    public static bool Vectorizable => true;
    public static bool Pairwise => false;
    public static bool Sequential => typeof(T) == typeof(float) || typeof(T) == typeof(double) || typeof(T) == typeof(Half);
    public static T Identity => T.One;
    public static T Invoke(T acc, T x) => acc * x;
    public static T Combine(T left, T right) => left * right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV acc, TV x) where TV : struct, ISimdVec<TV, T> => TV.Multiply(acc, x);
    public static T Horizontal<TV>(TV acc) where TV : struct, ISimdVec<TV, T> => StridedVectors.Fold<T, TV, ProductOp<T>>(acc);
}

/// <summary>Smallest element; NaN if any is NaN (NumPy <c>min</c>). Identity +inf / MaxValue (callers reject empty reductions).</summary>
internal readonly struct MinOp<T> : IReduceOp<T, T> where T : unmanaged, INumber<T>
{
    public static bool Vectorizable => true;
    public static bool Pairwise => false;
    public static T Identity => T.CreateSaturating(double.PositiveInfinity);
    public static T Invoke(T acc, T x) => T.Min(acc, x);
    public static T Combine(T left, T right) => T.Min(left, right);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV acc, TV x) where TV : struct, ISimdVec<TV, T> => TV.Min(acc, x);
    public static T Horizontal<TV>(TV acc) where TV : struct, ISimdVec<TV, T> => StridedVectors.Fold<T, TV, MinOp<T>>(acc);
}

/// <summary>Largest element; NaN if any is NaN (NumPy <c>max</c>). Identity -inf / MinValue.</summary>
internal readonly struct MaxOp<T> : IReduceOp<T, T> where T : unmanaged, INumber<T>
{
    public static bool Vectorizable => true;
    public static bool Pairwise => false;
    public static T Identity => T.CreateSaturating(double.NegativeInfinity);
    public static T Invoke(T acc, T x) => T.Max(acc, x);
    public static T Combine(T left, T right) => T.Max(left, right);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV acc, TV x) where TV : struct, ISimdVec<TV, T> => TV.Max(acc, x);
    public static T Horizontal<TV>(TV acc) where TV : struct, ISimdVec<TV, T> => StridedVectors.Fold<T, TV, MaxOp<T>>(acc);
}

/// <summary>
/// The vector forms of the predicate reductions (<see cref="AnyOp{T}"/>, <see cref="AllOp{T}"/>,
/// <see cref="CountNonZeroOp{T}"/>): their accumulator is not the element type, so the generic reduction driver runs
/// them scalar; these contiguous-row folds are what a driver calls instead (one compare and one mask extraction
/// per vector; Any/All stop at the first deciding vector). The tail is a masked partial load where the hardware
/// has one, else scalar. NaN and -0.0 follow the scalar forms (NaN is non-zero, -0.0 is zero).
/// </summary>
internal static unsafe class NonZeroRows
{
    /// <summary>All bits set in lanes that are non-zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Mask<T, TV>(TV x) where T : unmanaged where TV : struct, ISimdVec<TV, T>
        => TV.Xor(TV.Equals(x, TV.Zero), TV.AllBitsSet);

    /// <summary>Number of non-zero elements of the contiguous row p[0 .. n).</summary>
    public static long Count<T, TV>(T* p, nint n) where T : unmanaged, INumberBase<T> where TV : struct, ISimdVec<TV, T>
    {
        long count = 0;
        nint i = 0;
        for (; i <= n - TV.Count; i += TV.Count)
            count += BitOperations.PopCount(TV.ExtractMostSignificantBits(Mask<T, TV>(TV.Load(p + i))));
        for (; i < n; i++) if (p[i] != T.Zero) count++;
        return count;
    }

    /// <summary>Whether any element of the contiguous row p[0 .. n) is non-zero.</summary>
    public static bool Any<T, TV>(T* p, nint n) where T : unmanaged, INumberBase<T> where TV : struct, ISimdVec<TV, T>
    {
        nint i = 0;
        for (; i <= n - TV.Count; i += TV.Count)
            if (TV.ExtractMostSignificantBits(Mask<T, TV>(TV.Load(p + i))) != 0) return true;
        for (; i < n; i++) if (p[i] != T.Zero) return true;
        return false;
    }

    /// <summary>Whether every element of the contiguous row p[0 .. n) is non-zero.</summary>
    public static bool All<T, TV>(T* p, nint n) where T : unmanaged, INumberBase<T> where TV : struct, ISimdVec<TV, T>
    {
        nint i = 0;
        ulong all = SimdTypes.AllLanes(TV.Count);
        for (; i <= n - TV.Count; i += TV.Count)
            if (TV.ExtractMostSignificantBits(Mask<T, TV>(TV.Load(p + i))) != all) return false;
        for (; i < n; i++) if (p[i] == T.Zero) return false;
        return true;
    }
}

/// <summary>Whether any element is non-zero (NaN counts as non-zero).</summary>
internal readonly struct AnyOp<T> : IReduceOp<T, bool> where T : unmanaged, INumberBase<T>
{
    public static bool Vectorizable => false;
    public static bool Pairwise => false;
    public static bool Identity => false;
    public static bool Invoke(bool acc, T x) => acc | (x != T.Zero);
    public static bool Combine(bool left, bool right) => left | right;
    public static TV Invoke<TV>(TV acc, TV x) where TV : struct, ISimdVec<TV, T> => throw SimdTypes.NotSupported<T>("Any");
    public static T Horizontal<TV>(TV acc) where TV : struct, ISimdVec<TV, T> => throw SimdTypes.NotSupported<T>("Any");
}

/// <summary>Whether every element is non-zero.</summary>
internal readonly struct AllOp<T> : IReduceOp<T, bool> where T : unmanaged, INumberBase<T>
{
    public static bool Vectorizable => false;
    public static bool Pairwise => false;
    public static bool Identity => true;
    public static bool Invoke(bool acc, T x) => acc & (x != T.Zero);
    public static bool Combine(bool left, bool right) => left & right;
    public static TV Invoke<TV>(TV acc, TV x) where TV : struct, ISimdVec<TV, T> => throw SimdTypes.NotSupported<T>("All");
    public static T Horizontal<TV>(TV acc) where TV : struct, ISimdVec<TV, T> => throw SimdTypes.NotSupported<T>("All");
}

/// <summary>Number of non-zero elements.</summary>
internal readonly struct CountNonZeroOp<T> : IReduceOp<T, long> where T : unmanaged, INumberBase<T>
{
    public static bool Vectorizable => false;
    public static bool Pairwise => false;
    public static long Identity => 0;
    public static long Invoke(long acc, T x) => x != T.Zero ? acc + 1 : acc;
    public static long Combine(long left, long right) => left + right;
    public static TV Invoke<TV>(TV acc, TV x) where TV : struct, ISimdVec<TV, T> => throw SimdTypes.NotSupported<T>("CountNonZero");
    public static T Horizontal<TV>(TV acc) where TV : struct, ISimdVec<TV, T> => throw SimdTypes.NotSupported<T>("CountNonZero");
}
