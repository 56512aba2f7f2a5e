using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Horizontal<TV>(TV acc) where TV : struct, ISimdVec<TV, T> => TV.MinAcross(acc);
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Horizontal<TV>(TV acc) where TV : struct, ISimdVec<TV, T> => TV.MaxAcross(acc);
}

/// <summary>
/// The vector forms of the predicate reductions (<see cref="AnyOp{T}"/>, <see cref="AllOp{T}"/>,
/// <see cref="CountNonZeroOp{T}"/>): their accumulator is not the element type, so the reduction driver's lane folds
/// cannot run them; these rows are their <see cref="IReduceOp{T, TAcc}.VectorRow"/>. A reduced row is one compare with
/// zero and one mask extraction per vector (<see cref="ISimdVec{TSelf, T}.ZeroBits"/>, in a mask register on AVX-512);
/// Any/All stop at the first deciding vector, and skip a row whose accumulator is already decided. A kept row folds the
/// lane bits into the row of accumulators. NaN and -0.0 follow the scalar forms (NaN is
/// non-zero, -0.0 is zero), and every element meets the same compare whatever the width or layout.
/// </summary>
internal static unsafe class NonZeroRows
{
    /// <summary>Number of non-zero elements of the contiguous row p[0 .. n).</summary>
    public static long Count<T, TV>(T* p, nint n) where T : unmanaged, INumberBase<T> where TV : struct, ISimdVec<TV, T>
        => ReadAhead.Worth((long)n * sizeof(T)) ? Count<T, TV, Prefetch>(p, n) : Count<T, TV, NoPrefetch>(p, n);

    /// <summary>Whether any element of the contiguous row p[0 .. n) is non-zero.</summary>
    public static bool Any<T, TV>(T* p, nint n) where T : unmanaged, INumberBase<T> where TV : struct, ISimdVec<TV, T>
        => ReadAhead.Worth((long)n * sizeof(T)) ? Any<T, TV, Prefetch>(p, n) : Any<T, TV, NoPrefetch>(p, n);

    /// <summary>Whether every element of the contiguous row p[0 .. n) is non-zero.</summary>
    public static bool All<T, TV>(T* p, nint n) where T : unmanaged, INumberBase<T> where TV : struct, ISimdVec<TV, T>
        => ReadAhead.Worth((long)n * sizeof(T)) ? All<T, TV, Prefetch>(p, n) : All<T, TV, NoPrefetch>(p, n);

    // The loops read four vectors a turn (4, 2 or 1 lines of 64 bytes) and ask for the lines 4 KiB ahead on rows that
    // fit a last-level cache (ReadAhead): the hardware prefetchers alone left Any of 10^6 float32 (4 MB) at 1.2x the time
    // of the prefetching Sum over the same bytes.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Count<T, TV, TPrefetch>(T* p, nint n) where T : unmanaged, INumberBase<T> where TV : struct, ISimdVec<TV, T> where TPrefetch : IPrefetch
    {
        long zeros = 0;
        nint i = 0;
        for (; i <= n - 4 * TV.Count; i += 4 * TV.Count)
        {
            ReadAhead.Lines<TPrefetch>(p + i, 4 * TV.Count * sizeof(T));
            zeros += BitOperations.PopCount(TV.ZeroBits(TV.Load(p + i))) + BitOperations.PopCount(TV.ZeroBits(TV.Load(p + i + TV.Count)))
                   + BitOperations.PopCount(TV.ZeroBits(TV.Load(p + i + 2 * TV.Count))) + BitOperations.PopCount(TV.ZeroBits(TV.Load(p + i + 3 * TV.Count)));
        }
        for (; i <= n - TV.Count; i += TV.Count)
            zeros += BitOperations.PopCount(TV.ZeroBits(TV.Load(p + i)));
        for (; i < n; i++) if (p[i] == T.Zero) zeros++;
        return n - zeros;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Any<T, TV, TPrefetch>(T* p, nint n) where T : unmanaged, INumberBase<T> where TV : struct, ISimdVec<TV, T> where TPrefetch : IPrefetch
    {
        nint i = 0;
        ulong all = SimdTypes.AllLanes(TV.Count);
        // Four vectors per test, or-ed as bits before the one compare: an element is non-zero when a bit other than the
        // sign is set (NaN, subnormals and integers included; -0.0 has only the sign), and the or of the elements has
        // such a bit exactly when one of them has; the float compare with zero ignores the sign, the integer compare has
        // none to ignore. One compare and one branch per 4 vectors (two per 2 vectors before: 1.5x the time at 10^3).
        for (; i <= n - 4 * TV.Count; i += 4 * TV.Count)
        {
            ReadAhead.Lines<TPrefetch>(p + i, 4 * TV.Count * sizeof(T));
            TV any = TV.Or(TV.Or(TV.Load(p + i), TV.Load(p + i + TV.Count)), TV.Or(TV.Load(p + i + 2 * TV.Count), TV.Load(p + i + 3 * TV.Count)));
            if (TV.ZeroBits(any) != all) return true;
        }
        for (; i <= n - TV.Count; i += TV.Count)
            if (TV.ZeroBits(TV.Load(p + i)) != all) return true;
        for (; i < n; i++) if (p[i] != T.Zero) return true;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool All<T, TV, TPrefetch>(T* p, nint n) where T : unmanaged, INumberBase<T> where TV : struct, ISimdVec<TV, T> where TPrefetch : IPrefetch
    {
        nint i = 0;
        for (; i <= n - 4 * TV.Count; i += 4 * TV.Count)
        {
            ReadAhead.Lines<TPrefetch>(p + i, 4 * TV.Count * sizeof(T));
            if ((TV.ZeroBits(TV.Load(p + i)) | TV.ZeroBits(TV.Load(p + i + TV.Count)) | TV.ZeroBits(TV.Load(p + i + 2 * TV.Count)) | TV.ZeroBits(TV.Load(p + i + 3 * TV.Count))) != 0)
                return false;
        }
        for (; i <= n - TV.Count; i += TV.Count)
            if (TV.ZeroBits(TV.Load(p + i)) != 0) return false;
        for (; i < n; i++) if (p[i] == T.Zero) return false;
        return true;
    }

    /// <summary>Bit j set when lane i + j (j &lt; k) of a strided row is non-zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Bits<T, TV>(byte* x, nint stride, nint i, int k, T* scratch) where T : unmanaged where TV : struct, ISimdVec<TV, T>
        => ~TV.ZeroBits(StridedVectors.Load<T, TV>(x, stride, i, k, scratch)) & SimdTypes.AllLanes(k);

    /// <summary>Number of non-zero elements of a row of <paramref name="n"/> elements with byte stride <paramref name="stride"/>.</summary>
    public static long CountRow<T, TV>(byte* x, nint n, nint stride) where T : unmanaged, INumberBase<T> where TV : struct, ISimdVec<TV, T>
    {
        if (stride == sizeof(T)) return Count<T, TV>((T*)x, n);
        if (stride == 0) return *(T*)x != T.Zero ? n : 0;
        T* scratch = stackalloc T[TV.Count];
        long count = 0;
        for (nint i = 0; i < n; i += TV.Count) count += BitOperations.PopCount(Bits<T, TV>(x, stride, i, (int)Math.Min(TV.Count, n - i), scratch));
        return count;
    }

    /// <summary>Whether any element of a strided row is non-zero (stops at the first vector that has one).</summary>
    public static bool AnyRow<T, TV>(byte* x, nint n, nint stride) where T : unmanaged, INumberBase<T> where TV : struct, ISimdVec<TV, T>
        => stride == sizeof(T) ? Any<T, TV>((T*)x, n) : stride == 0 ? *(T*)x != T.Zero : Finds<T, TV>(x, n, stride, zero: false);

    /// <summary>Whether every element of a strided row is non-zero (stops at the first vector that has a zero).</summary>
    public static bool AllRow<T, TV>(byte* x, nint n, nint stride) where T : unmanaged, INumberBase<T> where TV : struct, ISimdVec<TV, T>
        => stride == sizeof(T) ? All<T, TV>((T*)x, n) : stride == 0 ? *(T*)x != T.Zero : !Finds<T, TV>(x, n, stride, zero: true);

    /// <summary>Whether a strided row has a zero (<paramref name="zero"/>) or a non-zero element, vector by vector.</summary>
    private static bool Finds<T, TV>(byte* x, nint n, nint stride, bool zero) where T : unmanaged where TV : struct, ISimdVec<TV, T>
    {
        T* scratch = stackalloc T[TV.Count];
        for (nint i = 0; i < n; i += TV.Count)
        {
            int k = (int)Math.Min(TV.Count, n - i);
            ulong bits = Bits<T, TV>(x, stride, i, k, scratch);
            if (zero ? bits != SimdTypes.AllLanes(k) : bits != 0) return true;
        }
        return false;
    }

    /// <summary>How a kept row folds its lane bits into the accumulators.</summary>
    public enum Fold { Any, All, Count }

    /// <summary>
    /// A row along a kept axis: accumulator j (bool for Any/All, long for Count; byte stride <paramref name="accStride"/>)
    /// takes in whether input element j is non-zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Accumulate<T, TV>(nint n, byte* acc, nint accStride, byte* x, nint stride, Fold fold)
        where T : unmanaged where TV : struct, ISimdVec<TV, T>
    {
        T* scratch = stackalloc T[TV.Count];
        for (nint i = 0; i < n; i += TV.Count)
        {
            int k = (int)Math.Min(TV.Count, n - i);
            ulong bits = Bits<T, TV>(x, stride, i, k, scratch);
            byte* a = acc + i * accStride;
            if (fold == Fold.Count)
            {
                int j = 0;
                if (accStride == sizeof(long) && Bmi2.X64.IsSupported)
                {
                    // Contiguous counts (a kept row of an axis-0 reduction): the lane bits spread to bytes of 0/1,
                    // widened to 8 (AVX-512) or 4 (AVX2) longs and added as one vector (A.CountNonZero(0) of 4096²
                    // float32: 12.5 ms with a scalar add per lane).
                    long* counts = (long*)a;
                    if (Avx512F.IsSupported)
                        for (; j + 8 <= k; j += 8)
                        {
                            var ones = Avx512F.ConvertToVector512Int64(Vector128.CreateScalar(Bmi2.X64.ParallelBitDeposit((bits >> j) & 0xFF, 0x0101010101010101UL)).AsByte());
                            Vector512.Store(Vector512.Load(counts + j) + ones, counts + j);
                        }
                    else if (Avx2.IsSupported)
                        for (; j + 4 <= k; j += 4)
                        {
                            var ones = Avx2.ConvertToVector256Int64(Vector128.CreateScalar(Bmi2.X64.ParallelBitDeposit((bits >> j) & 0xF, 0x01010101UL)).AsByte());
                            Vector256.Store(Vector256.Load(counts + j) + ones, counts + j);
                        }
                }
                for (; j < k; j++) *(long*)(a + j * accStride) += (long)((bits >> j) & 1);
                continue;
            }
            int jj = 0;
            if (accStride == 1 && Bmi2.X64.IsSupported)
            {
                // Eight bools per step: the lane bits spread to bytes of 0/1 and or-ed / and-ed in.
                for (; jj + 8 <= k; jj += 8)
                {
                    ulong spread = Bmi2.X64.ParallelBitDeposit((bits >> jj) & 0xFF, 0x0101010101010101UL);
                    *(ulong*)(a + jj) = fold == Fold.Any ? *(ulong*)(a + jj) | spread : *(ulong*)(a + jj) & spread;
                }
            }
            for (; jj < k; jj++)
            {
                byte bit = (byte)((bits >> jj) & 1);
                byte* b = a + jj * accStride;
                *b = fold == Fold.Any ? (byte)(*b | bit) : (byte)(*b & bit);
            }
        }
    }
}

/// <summary>Whether any element is non-zero (NaN counts as non-zero).</summary>
internal readonly unsafe struct AnyOp<T> : IReduceOp<T, bool> where T : unmanaged, INumberBase<T>
{
    public static bool Vectorizable => false;
    public static bool Pairwise => false;
    public static bool Identity => false;
    public static bool Invoke(bool acc, T x) => acc | (x != T.Zero);
    public static bool Combine(bool left, bool right) => left | right;
    public static TV Invoke<TV>(TV acc, TV x) where TV : struct, ISimdVec<TV, T> => throw SimdTypes.NotSupported<T>("Any");
    public static T Horizontal<TV>(TV acc) where TV : struct, ISimdVec<TV, T> => throw SimdTypes.NotSupported<T>("Any");
    public static bool HasVectorRow => true;

    public static void VectorRow<TV>(nint n, byte** p, long* s) where TV : struct, ISimdVec<TV, T>
    {
        if (s[0] != 0) NonZeroRows.Accumulate<T, TV>(n, p[0], (nint)s[0], p[1], (nint)s[1], NonZeroRows.Fold.Any);
        else if (!*(bool*)p[0]) *(bool*)p[0] = NonZeroRows.AnyRow<T, TV>(p[1], n, (nint)s[1]); // a decided row is not read
    }
}

/// <summary>Whether every element is non-zero.</summary>
internal readonly unsafe struct AllOp<T> : IReduceOp<T, bool> where T : unmanaged, INumberBase<T>
{
    public static bool Vectorizable => false;
    public static bool Pairwise => false;
    public static bool Identity => true;
    public static bool Invoke(bool acc, T x) => acc & (x != T.Zero);
    public static bool Combine(bool left, bool right) => left & right;
    public static TV Invoke<TV>(TV acc, TV x) where TV : struct, ISimdVec<TV, T> => throw SimdTypes.NotSupported<T>("All");
    public static T Horizontal<TV>(TV acc) where TV : struct, ISimdVec<TV, T> => throw SimdTypes.NotSupported<T>("All");
    public static bool HasVectorRow => true;

    public static void VectorRow<TV>(nint n, byte** p, long* s) where TV : struct, ISimdVec<TV, T>
    {
        if (s[0] != 0) NonZeroRows.Accumulate<T, TV>(n, p[0], (nint)s[0], p[1], (nint)s[1], NonZeroRows.Fold.All);
        else if (*(bool*)p[0]) *(bool*)p[0] = NonZeroRows.AllRow<T, TV>(p[1], n, (nint)s[1]); // a decided row is not read
    }
}

/// <summary>Number of non-zero elements.</summary>
internal readonly unsafe struct CountNonZeroOp<T> : IReduceOp<T, long> where T : unmanaged, INumberBase<T>
{
    public static bool Vectorizable => false;
    public static bool Pairwise => false;
    public static long Identity => 0;
    public static long Invoke(long acc, T x) => x != T.Zero ? acc + 1 : acc;
    public static long Combine(long left, long right) => left + right;
    public static TV Invoke<TV>(TV acc, TV x) where TV : struct, ISimdVec<TV, T> => throw SimdTypes.NotSupported<T>("CountNonZero");
    public static T Horizontal<TV>(TV acc) where TV : struct, ISimdVec<TV, T> => throw SimdTypes.NotSupported<T>("CountNonZero");
    public static bool HasVectorRow => true;

    public static void VectorRow<TV>(nint n, byte** p, long* s) where TV : struct, ISimdVec<TV, T>
    {
        if (s[0] != 0) NonZeroRows.Accumulate<T, TV>(n, p[0], (nint)s[0], p[1], (nint)s[1], NonZeroRows.Fold.Count);
        else *(long*)p[0] += NonZeroRows.CountRow<T, TV>(p[1], n, (nint)s[1]);
    }
}
