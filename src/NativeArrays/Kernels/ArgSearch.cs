using System.Numerics;
using System.Runtime.CompilerServices;

namespace NativeArrays.Kernels;

/// <summary>Which extreme an arg-reduction looks for: the scalar "pick" (NaN-propagating), the vector hardware pick and the strict "beats".</summary>
internal interface IArgDirection
{
    static abstract bool Beats<T>(T candidate, T best) where T : INumber<T>;
    /// <summary>The hardware's min/max instruction (one instruction; NaN lanes are not propagated, the caller detects them apart).</summary>
    static abstract TV PickNative<T, TV>(TV a, TV b) where T : unmanaged where TV : struct, ISimdVec<TV, T>;
    static abstract TV Beats<T, TV>(TV candidate, TV best) where T : unmanaged where TV : struct, ISimdVec<TV, T>;
    /// <summary>The extreme lane of a vector without NaN lanes (a shuffle tree; ±0 may come out either way, FindFirst treats them alike).</summary>
    static abstract T Across<T, TV>(TV value) where T : unmanaged where TV : struct, ISimdVec<TV, T>;
}

internal readonly struct ArgMaxDirection : IArgDirection
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool Beats<T>(T candidate, T best) where T : INumber<T> => candidate > best;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV PickNative<T, TV>(TV a, TV b) where T : unmanaged where TV : struct, ISimdVec<TV, T> => TV.MaxNative(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Beats<T, TV>(TV candidate, TV best) where T : unmanaged where TV : struct, ISimdVec<TV, T> => TV.GreaterThan(candidate, best);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Across<T, TV>(TV value) where T : unmanaged where TV : struct, ISimdVec<TV, T> => TV.MaxAcross(value);
}

internal readonly struct ArgMinDirection : IArgDirection
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool Beats<T>(T candidate, T best) where T : INumber<T> => candidate < best;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV PickNative<T, TV>(TV a, TV b) where T : unmanaged where TV : struct, ISimdVec<TV, T> => TV.MinNative(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Beats<T, TV>(TV candidate, TV best) where T : unmanaged where TV : struct, ISimdVec<TV, T> => TV.LessThan(candidate, best);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Across<T, TV>(TV value) where T : unmanaged where TV : struct, ISimdVec<TV, T> => TV.MinAcross(value);
}

/// <summary>
/// The searches behind ArgMin / ArgMax. The answer is exact (an index, no arithmetic), so every width, layout and
/// work split gives the same result: the FIRST extreme element, where NaN beats everything (the first NaN wins, as NumPy).
/// </summary>
[SkipLocalsInit]
internal static unsafe class ArgSearch
{
    /// <summary>Bytes per block of the contiguous search: small enough to re-read from L1 when it holds a new best.</summary>
    private const int BlockBytes = 16 << 10;

    /// <summary>Whether <paramref name="candidate"/> replaces <paramref name="best"/>: strictly better, or the first NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Better<T, TDir>(T candidate, T best) where T : INumber<T> where TDir : IArgDirection
        => !T.IsNaN(best) && (T.IsNaN(candidate) || TDir.Beats(candidate, best));

    /// <summary>Index of the first extreme of <paramref name="n"/> (≥ 1) elements at byte stride <paramref name="stride"/>, scalar.</summary>
    public static nint Scalar<T, TDir>(byte* x, nint n, nint stride) where T : unmanaged, INumber<T> where TDir : IArgDirection
    {
        T best = *(T*)x;
        nint at = 0;
        for (nint i = 1; i < n && !T.IsNaN(best); i++)
        {
            T v = *(T*)(x + i * stride);
            if (Better<T, TDir>(v, best)) { best = v; at = i; }
        }
        return at;
    }

    /// <summary>
    /// Index of the first extreme of <paramref name="n"/> (≥ 1) contiguous elements. Blocks are folded with the
    /// hardware's min/max instruction in several accumulators, NaN lanes (which that instruction drops) being
    /// collected apart; only a block whose extreme beats the best so far, or which holds a NaN, is re-read (from L1)
    /// to find the first lane holding that extreme or NaN, so the common case is one pass at full width.
    /// </summary>
    public static nint Contiguous<T, TV, TDir>(T* x, nint n)
        where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T> where TDir : IArgDirection
    {
        int c = TV.Count;
        T best = x[0];
        nint at = 0;
        if (T.IsNaN(best)) return 0;
        bool isFloat = SimdTypes.IsFloat<T>();
        nint i = 0;
        nint blockVectors = Math.Max(4, BlockBytes / (c * sizeof(T)));
        while (n - i >= c)
        {
            nint end = i + Math.Min((n - i) / c, blockVectors) * c;
            TV a0 = TV.Load(x + i), a1 = a0, a2 = a0, a3 = a0;
            TV nan = isFloat ? TV.IsNaN(a0) : TV.Zero;
            nint j = i + c;
            for (; j + 4 * c <= end; j += 4 * c)
            {
                TV v0 = TV.Load(x + j), v1 = TV.Load(x + j + c), v2 = TV.Load(x + j + 2 * c), v3 = TV.Load(x + j + 3 * c);
                a0 = TDir.PickNative<T, TV>(a0, v0);
                a1 = TDir.PickNative<T, TV>(a1, v1);
                a2 = TDir.PickNative<T, TV>(a2, v2);
                a3 = TDir.PickNative<T, TV>(a3, v3);
                if (isFloat) nan = TV.Or(nan, TV.Or(TV.EitherNaN(v0, v1), TV.EitherNaN(v2, v3)));
            }
            for (; j < end; j += c)
            {
                TV v = TV.Load(x + j);
                a0 = TDir.PickNative<T, TV>(a0, v);
                if (isFloat) nan = TV.Or(nan, TV.IsNaN(v));
            }
            if (isFloat && TV.ExtractMostSignificantBits(nan) != 0) return FindFirst<T, TV>(x, i, end, T.CreateTruncating(double.NaN));
            // No NaN in the block: the native picks are exact (±0 compare equal, as FindFirst and Beats treat them).
            TV m = TDir.PickNative<T, TV>(TDir.PickNative<T, TV>(a0, a1), TDir.PickNative<T, TV>(a2, a3));
            if (TV.ExtractMostSignificantBits(TDir.Beats<T, TV>(m, TV.Create(best))) != 0)
            {
                // The block's extreme by a shuffle tree: lane by lane (GetElement through the stack, Count − 1 dependent
                // picks) it was most of a 16-element call (float32 ArgMax n = 16 99 ns against Max's 43 in session 40).
                at = FindFirst<T, TV>(x, i, end, TDir.Across<T, TV>(m));
                best = x[at];
            }
            i = end;
        }
        for (; i < n; i++)
        {
            if (Better<T, TDir>(x[i], best))
            {
                best = x[i];
                at = i;
                if (T.IsNaN(best)) break;
            }
        }
        return at;
    }

    /// <summary>First index in [i, end) (whole vectors) holding <paramref name="value"/> (any NaN when it is NaN; -0 equals +0).</summary>
    private static nint FindFirst<T, TV>(T* x, nint i, nint end, T value)
        where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        TV target = TV.Create(value);
        bool nan = T.IsNaN(value);
        for (; i < end; i += TV.Count)
        {
            TV v = TV.Load(x + i);
            ulong bits = TV.ExtractMostSignificantBits(nan ? TV.IsNaN(v) : TV.Equals(v, target));
            if (bits != 0) return i + BitOperations.TrailingZeroCount(bits);
        }
        throw new InvalidOperationException("ArgMin/ArgMax: the block's extreme was not found in the block.");
    }

    /// <summary>Whether line indices below <paramref name="length"/> fit in one lane of <typeparamref name="T"/> (as unsigned bits).</summary>
    public static bool IndexFitsLane<T>(nint length) where T : unmanaged
        => sizeof(T) >= 8 || (ulong)(length - 1) < 1UL << (8 * sizeof(T));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T IndexBits<T>(nint i) where T : unmanaged
    {
        long v = i;
        return Unsafe.As<long, T>(ref v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long IndexOf<T>(T bits) where T : unmanaged
    {
        long v = 0;
        Unsafe.As<long, T>(ref v) = bits;
        return v;
    }

    /// <summary>
    /// First extreme along a strided axis for <paramref name="columns"/> adjacent lines that are contiguous with each
    /// other: lanes are columns, each with a best value and the bits of its index (a lane of T; the caller checks
    /// <see cref="IndexFitsLane{T}"/>). Rows are read in memory order through a band of best values / indices kept in
    /// <paramref name="scratch"/> (2 × <paramref name="columns"/> elements, whole vectors), so the input streams.
    /// Columns past the last whole vector go through the scalar search.
    /// </summary>
    public static void Columns<T, TV, TDir>(T* x, nint length, nint axisStride, nint columns, long* output, nint outputStride, T* scratch)
        where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T> where TDir : IArgDirection
    {
        int c = TV.Count;
        nint whole = columns / c * c;
        T* bestValues = scratch, bestIndex = scratch + whole;
        for (nint j = 0; j < whole; j += c)
        {
            TV.Store(TV.Load(x + j), bestValues + j);
            TV.Store(TV.Zero, bestIndex + j);
        }
        for (nint i = 1; i < length; i++)
        {
            T* row = x + i * axisStride;
            TV index = TV.Create(IndexBits<T>(i));
            for (nint j = 0; j < whole; j += c)
            {
                TV v = TV.Load(row + j), best = TV.Load(bestValues + j);
                TV better = TDir.Beats<T, TV>(v, best);
                if (SimdTypes.IsFloat<T>()) better = TV.AndNot(TV.Or(better, TV.IsNaN(v)), TV.IsNaN(best));
                TV.Store(TV.Select(better, v, best), bestValues + j);
                TV.Store(TV.Select(better, index, TV.Load(bestIndex + j)), bestIndex + j);
            }
        }
        for (nint j = 0; j < whole; j++) output[j * outputStride] = IndexOf(bestIndex[j]);
        for (nint j = whole; j < columns; j++)
            output[j * outputStride] = Scalar<T, TDir>((byte*)(x + j), length, axisStride * sizeof(T));
    }
}
