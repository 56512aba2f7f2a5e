using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NativeArrays.Kernels;

/// <summary>
/// Order-preserving unsigned keys of the numeric element types: sorting the keys as unsigned integers sorts the values
/// as NumPy does, NaN last (every NaN maps to the largest key). Floats flip the sign bit of positives and every bit of
/// negatives; signed integers flip the sign bit. Keys are <c>uint</c> for elements of up to 4 bytes, <c>ulong</c> for 8.
/// </summary>
internal static class SortKeys
{
    /// <summary>Whether <typeparamref name="T"/> has a key map (the numeric element types).</summary>
    public static bool Supported<T>() =>
        typeof(T) == typeof(float) || typeof(T) == typeof(double) || typeof(T) == typeof(Half) ||
        typeof(T) == typeof(sbyte) || typeof(T) == typeof(byte) || typeof(T) == typeof(short) || typeof(T) == typeof(ushort) ||
        typeof(T) == typeof(int) || typeof(T) == typeof(uint) || typeof(T) == typeof(long) || typeof(T) == typeof(ulong);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TKey ToKey<T, TKey>(T v, bool canonicalZero = false) where T : unmanaged where TKey : unmanaged, IBinaryInteger<TKey>
    {
        if (typeof(T) == typeof(float)) return FloatKey<float, uint, TKey>((float)(object)v, canonicalZero);
        if (typeof(T) == typeof(double)) return FloatKey<double, ulong, TKey>((double)(object)v, canonicalZero);
        if (typeof(T) == typeof(Half)) return FloatKey<Half, ushort, TKey>((Half)(object)v, canonicalZero);
        if (typeof(T) == typeof(sbyte)) return TKey.CreateTruncating((uint)(byte)((sbyte)(object)v ^ sbyte.MinValue));
        if (typeof(T) == typeof(byte)) return TKey.CreateTruncating((uint)(byte)(object)v);
        if (typeof(T) == typeof(short)) return TKey.CreateTruncating((uint)(ushort)((short)(object)v ^ short.MinValue));
        if (typeof(T) == typeof(ushort)) return TKey.CreateTruncating((uint)(ushort)(object)v);
        if (typeof(T) == typeof(int)) return TKey.CreateTruncating((uint)((int)(object)v ^ int.MinValue));
        if (typeof(T) == typeof(uint)) return TKey.CreateTruncating((uint)(object)v);
        if (typeof(T) == typeof(long)) return TKey.CreateTruncating((ulong)((long)(object)v ^ long.MinValue));
        if (typeof(T) == typeof(ulong)) return TKey.CreateTruncating((ulong)(object)v);
        throw new NotSupportedException($"No sort key for {typeof(T).Name}.");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T FromKey<T, TKey>(TKey k) where T : unmanaged where TKey : unmanaged, IBinaryInteger<TKey>
    {
        if (typeof(T) == typeof(float)) return (T)(object)FloatFromKey<float, uint, TKey>(k);
        if (typeof(T) == typeof(double)) return (T)(object)FloatFromKey<double, ulong, TKey>(k);
        if (typeof(T) == typeof(Half)) return (T)(object)FloatFromKey<Half, ushort, TKey>(k);
        if (typeof(T) == typeof(sbyte)) return (T)(object)(sbyte)(byte.CreateTruncating(k) ^ 0x80);
        if (typeof(T) == typeof(byte)) return (T)(object)byte.CreateTruncating(k);
        if (typeof(T) == typeof(short)) return (T)(object)(short)(ushort.CreateTruncating(k) ^ 0x8000);
        if (typeof(T) == typeof(ushort)) return (T)(object)ushort.CreateTruncating(k);
        if (typeof(T) == typeof(int)) return (T)(object)(int)(uint.CreateTruncating(k) ^ 0x8000_0000u);
        if (typeof(T) == typeof(uint)) return (T)(object)uint.CreateTruncating(k);
        if (typeof(T) == typeof(long)) return (T)(object)(long)(ulong.CreateTruncating(k) ^ 0x8000_0000_0000_0000ul);
        if (typeof(T) == typeof(ulong)) return (T)(object)ulong.CreateTruncating(k);
        throw new NotSupportedException($"No sort key for {typeof(T).Name}.");
    }

    /// <summary>
    /// The key of a float whose bits are <typeparamref name="TBits"/>: the sign bit flipped for positives, every bit for
    /// negatives; NaN maps to the largest key of the width (all bits of <typeparamref name="TBits"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TKey FloatKey<TF, TBits, TKey>(TF f, bool canonicalZero)
        where TF : unmanaged, IFloatingPointIeee754<TF> where TBits : unmanaged, IBinaryInteger<TBits> where TKey : unmanaged, IBinaryInteger<TKey>
    {
        if (TF.IsNaN(f)) return TKey.CreateTruncating(TBits.AllBitsSet);
        if (canonicalZero && f == TF.Zero) f = TF.Zero;
        TBits b = Unsafe.BitCast<TF, TBits>(f), sign = SignBit<TBits>();
        return TKey.CreateTruncating((b & sign) != TBits.Zero ? ~b : b | sign);
    }

    /// <summary>The float of a key made by <see cref="FloatKey"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TF FloatFromKey<TF, TBits, TKey>(TKey k)
        where TF : unmanaged, IFloatingPointIeee754<TF> where TBits : unmanaged, IBinaryInteger<TBits> where TKey : unmanaged, IBinaryInteger<TKey>
    {
        TBits b = TBits.CreateTruncating(k), sign = SignBit<TBits>();
        return Unsafe.BitCast<TBits, TF>((b & sign) != TBits.Zero ? b & ~sign : ~b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TBits SignBit<TBits>() where TBits : unmanaged, IBinaryInteger<TBits> => TBits.One << (Unsafe.SizeOf<TBits>() * 8 - 1);
}

/// <summary>
/// Stable LSD radix sort of unsigned keys (8-bit digits, one counting pass for every digit, digits where all keys
/// agree skipped), optionally carrying a payload of indices; insertion sort below a small length. O(n) work per digit,
/// no comparisons: much faster than comparison sorts for 10^6 float32.
/// </summary>
[SkipLocalsInit]
internal static unsafe class RadixSort
{
    private const int Small = 48;

    /// <summary>
    /// Sorts <paramref name="keys"/>[0..n) (with <paramref name="index"/> when not null) using the scratch buffers of
    /// the same length; returns true when the result ended up in the scratch buffers (they were swapped an odd number of times).
    /// </summary>
    public static bool Sort<TKey>(TKey* keys, TKey* keyScratch, long* index, long* indexScratch, nint n, int digits)
        where TKey : unmanaged, IBinaryInteger<TKey>
    {
        if (n < Small)
        {
            Insertion(keys, index, n);
            return false;
        }
        int* counts = stackalloc int[digits * 256];
        new Span<int>(counts, digits * 256).Clear();
        for (nint i = 0; i < n; i++)
        {
            ulong k = ulong.CreateTruncating(keys[i]);
            for (int d = 0; d < digits; d++) counts[d * 256 + (int)((k >> (8 * d)) & 0xFF)]++;
        }
        bool swapped = false;
        nint* offsets = stackalloc nint[256];
        for (int d = 0; d < digits; d++)
        {
            int* c = counts + d * 256;
            int first = (int)((ulong.CreateTruncating(keys[0]) >> (8 * d)) & 0xFF);
            if (c[first] == n) continue; // every key has this digit
            nint sum = 0;
            for (int b = 0; b < 256; b++) { offsets[b] = sum; sum += c[b]; }
            int shift = 8 * d;
            if (index == null)
            {
                for (nint i = 0; i < n; i++)
                {
                    TKey k = keys[i];
                    int b = (int)(ulong.CreateTruncating(k >> shift) & 0xFF);
                    keyScratch[offsets[b]++] = k;
                }
            }
            else
            {
                for (nint i = 0; i < n; i++)
                {
                    TKey k = keys[i];
                    int b = (int)(ulong.CreateTruncating(k >> shift) & 0xFF);
                    nint at = offsets[b]++;
                    keyScratch[at] = k;
                    indexScratch[at] = index[i];
                }
                long* ti = index; index = indexScratch; indexScratch = ti;
            }
            TKey* tk = keys; keys = keyScratch; keyScratch = tk;
            swapped = !swapped;
        }
        return swapped;
    }

    /// <summary>Insertion sort of keys[0..n) (with the index payload when not null); stable.</summary>
    internal static void Insertion<TKey>(TKey* keys, long* index, nint n) where TKey : unmanaged, IBinaryInteger<TKey>
    {
        for (nint i = 1; i < n; i++)
        {
            TKey k = keys[i];
            long x = index != null ? index[i] : 0;
            nint j = i - 1;
            while (j >= 0 && keys[j] > k)
            {
                keys[j + 1] = keys[j];
                if (index != null) index[j + 1] = index[j];
                j--;
            }
            keys[j + 1] = k;
            if (index != null) index[j + 1] = x;
        }
    }
}

/// <summary>
/// Scratch memory for sorting lines of length n: keys and indices, twice each. Freed on dispose. The two halves of the
/// keys (and of the indices) are one block unless each half alone is large enough to be a mapping of its own: as two
/// malloc blocks glibc gave them back to the OS at every free (its trim threshold follows the largest freed block) and
/// a sort of 10⁵ float32 page-faulted 4x slower; large halves are a block each so that each fits the allocator's cache
/// of freed mappings (entries up to 64 MiB, enough for 1.6·10⁷ keys) and the next large sort reuses it.
/// </summary>
internal unsafe struct SortScratch<TKey> : IDisposable where TKey : unmanaged
{
    public TKey* Keys, KeyScratch;
    public long* Index, IndexScratch;

    public SortScratch(nint n, bool withIndex)
    {
        nint m = Math.Max(n, 1);
        _length = m;
        try
        {
            Halves(m, out Keys, out KeyScratch);
            if (withIndex) Halves(m, out Index, out IndexScratch);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Whether halves of <paramref name="half"/> bytes are one block: unless each half alone is a mapping.</summary>
    private static bool OneBlock(nint half) => !Memory.ScratchMemory.IsMapping(half);

    private static void Halves<TElement>(nint m, out TElement* first, out TElement* second) where TElement : unmanaged
    {
        nint half = checked(m * sizeof(TElement));
        if (OneBlock(half))
        {
            first = (TElement*)Memory.ScratchMemory.Allocate(2 * half);
            second = first + m;
            return;
        }
        first = (TElement*)Memory.ScratchMemory.Allocate(half);
        try { second = (TElement*)Memory.ScratchMemory.Allocate(half); }
        catch { Memory.ScratchMemory.Free(first); throw; }
    }

    private static void Free<TElement>(TElement* first, TElement* second, nint half) where TElement : unmanaged
    {
        Memory.ScratchMemory.Free(first);
        if (!OneBlock(half)) Memory.ScratchMemory.Free(second);
    }

    public void Dispose()
    {
        // The layout Halves chose, from the length it saw (a failed constructor leaves nulls, which Free ignores).
        Free(Keys, KeyScratch, _length * sizeof(TKey));
        Free(Index, IndexScratch, _length * sizeof(long));
        Keys = KeyScratch = null;
        Index = IndexScratch = null;
    }

    /// <summary>n (at least 1), kept for <see cref="Dispose"/>.</summary>
    private readonly nint _length;
}

/// <summary>
/// Sorts each line of x along the axis into y (values), or writes each line's stable sorting permutation into y
/// (<c>long</c> indices). x and y may be the same memory (in-place sort): a line is read whole before it is written.
/// </summary>
internal unsafe struct SortLine<T, TKey> : ILineKernel where T : unmanaged where TKey : unmanaged, IBinaryInteger<TKey>
{
    public nint N, XStride, YStride;
    public SortScratch<TKey> Scratch;
    public bool Arg;

    public void Line(byte* x, byte* y, long lineIndex)
    {
        nint n = N;
        TKey* keys = Scratch.Keys;
        long* index = Arg ? Scratch.Index : null;
        for (nint i = 0; i < n; i++) keys[i] = SortKeys.ToKey<T, TKey>(*(T*)(x + i * XStride), canonicalZero: Arg);
        if (Arg) for (nint i = 0; i < n; i++) index[i] = i;
        int digits = typeof(T) == typeof(byte) || typeof(T) == typeof(sbyte) ? 1 : Unsafe.SizeOf<T>();
        if (RadixSort.Sort(keys, Scratch.KeyScratch, index, Scratch.IndexScratch, n, digits))
        {
            keys = Scratch.KeyScratch;
            index = Arg ? Scratch.IndexScratch : null;
        }
        if (Arg)
            for (nint i = 0; i < n; i++) *(long*)(y + i * YStride) = index[i];
        else if (YStride == sizeof(T))
            for (nint i = 0; i < n; i++) ((T*)y)[i] = SortKeys.FromKey<T, TKey>(keys[i]);
        else
            for (nint i = 0; i < n; i++) *(T*)(y + i * YStride) = SortKeys.FromKey<T, TKey>(keys[i]);
    }
}
