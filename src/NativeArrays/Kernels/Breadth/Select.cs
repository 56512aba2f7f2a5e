using System.Numerics;
using System.Runtime.CompilerServices;

namespace NativeArrays.Kernels;

/// <summary>
/// Introselect over order-preserving keys (<see cref="SortKeys"/>; NaN has the largest key, so it goes last as in
/// NumPy), optionally carrying an index payload: quickselect with a median-of-3 pivot and Hoare partitioning (equal keys
/// stop both scans, so runs of ties split evenly), O(n) expected; after 2·log2(n) rounds without finishing, the
/// remaining range is heapsorted (O(n log n) worst case). Afterwards position kth holds the key a sort puts there, no key
/// before it is larger and none after it smaller.
/// </summary>
[SkipLocalsInit]
internal static unsafe class Introselect
{
    private const int Small = 16;

    /// <summary>Selects every position of <paramref name="kths"/> (ascending, distinct, in [0, n)) in keys[0..n).</summary>
    public static void SelectMany<TKey>(TKey* keys, long* index, nint n, ReadOnlySpan<nint> kths) where TKey : unmanaged, IBinaryInteger<TKey>
    {
        nint lo = 0;
        foreach (nint k in kths)
        {
            // Everything from the previous kth on is already >= it: select the next kth in the rest.
            Select(keys, index, lo, n, k);
            lo = k + 1;
        }
    }

    /// <summary>Selects position <paramref name="kth"/> within keys[lo..hi).</summary>
    public static void Select<TKey>(TKey* k, long* index, nint lo, nint hi, nint kth) where TKey : unmanaged, IBinaryInteger<TKey>
    {
        int depth = 2 * (BitOperations.Log2((ulong)Math.Max(hi - lo, 1)) + 1);
        while (hi - lo > Small)
        {
            if (depth-- == 0)
            {
                HeapSort(k, index, lo, hi);
                return;
            }
            nint mid = lo + (hi - lo) / 2;
            if (k[mid] < k[lo]) Swap(k, index, lo, mid);
            if (k[hi - 1] < k[mid])
            {
                Swap(k, index, mid, hi - 1);
                if (k[mid] < k[lo]) Swap(k, index, lo, mid);
            }
            Swap(k, index, lo, mid); // the median of three is the pivot, at lo (k[hi-1] >= it bounds the left scan)
            TKey p = k[lo];
            nint i = lo - 1, j = hi;
            while (true)
            {
                do i++; while (k[i] < p);
                do j--; while (k[j] > p);
                if (i >= j) break;
                Swap(k, index, i, j);
            }
            // keys[lo..j] <= p <= keys[j+1..hi), with lo <= j < hi - 1: both sides non-empty.
            if (kth <= j) hi = j + 1; else lo = j + 1;
        }
        RadixSort.Insertion(k + lo, index == null ? null : index + lo, hi - lo);
    }

    /// <summary>The largest key of keys[lo..hi) (hi &gt; lo).</summary>
    public static TKey Max<TKey>(TKey* k, nint lo, nint hi) where TKey : unmanaged, IBinaryInteger<TKey>
    {
        TKey m = k[lo];
        for (nint i = lo + 1; i < hi; i++) if (k[i] > m) m = k[i];
        return m;
    }

    /// <summary>The smallest key of keys[lo..hi) (hi &gt; lo).</summary>
    public static TKey Min<TKey>(TKey* k, nint lo, nint hi) where TKey : unmanaged, IBinaryInteger<TKey>
    {
        TKey m = k[lo];
        for (nint i = lo + 1; i < hi; i++) if (k[i] < m) m = k[i];
        return m;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Swap<TKey>(TKey* k, long* index, nint a, nint b) where TKey : unmanaged
    {
        (k[a], k[b]) = (k[b], k[a]);
        if (index != null) (index[a], index[b]) = (index[b], index[a]);
    }

    /// <summary>Heapsort of keys[lo..hi) with the index payload (the worst-case fallback of <see cref="Select{TKey}"/>).</summary>
    internal static void HeapSort<TKey>(TKey* k, long* index, nint lo, nint hi) where TKey : unmanaged, IBinaryInteger<TKey>
    {
        nint n = hi - lo;
        TKey* a = k + lo;
        long* x = index == null ? null : index + lo;
        for (nint i = n / 2 - 1; i >= 0; i--) SiftDown(a, x, i, n);
        for (nint end = n - 1; end > 0; end--)
        {
            Swap(a, x, 0, end);
            SiftDown(a, x, 0, end);
        }
    }

    private static void SiftDown<TKey>(TKey* a, long* x, nint root, nint n) where TKey : unmanaged, IBinaryInteger<TKey>
    {
        while (true)
        {
            nint child = 2 * root + 1;
            if (child >= n) return;
            if (child + 1 < n && a[child + 1] > a[child]) child++;
            if (a[root] >= a[child]) return;
            Swap(a, x, root, child);
            root = child;
        }
    }
}

/// <summary>
/// Partitions each line of x along the axis into y around the kth positions (values), or writes the partitioning
/// permutation (<c>long</c> indices) when <see cref="Arg"/>. x and y may be the same memory: a line is read whole first.
/// </summary>
internal unsafe struct PartitionLine<T, TKey> : ILineKernel where T : unmanaged where TKey : unmanaged, IBinaryInteger<TKey>
{
    public nint N, XStride, YStride;
    public SortScratch<TKey> Scratch;
    public bool Arg;
    public nint[] Kths;

    public void Line(byte* x, byte* y, long lineIndex)
    {
        nint n = N;
        TKey* keys = Scratch.Keys;
        long* index = Arg ? Scratch.Index : null;
        for (nint i = 0; i < n; i++) keys[i] = SortKeys.ToKey<T, TKey>(*(T*)(x + i * XStride));
        if (Arg) for (nint i = 0; i < n; i++) index[i] = i;
        Introselect.SelectMany(keys, index, n, Kths);
        if (Arg)
            for (nint i = 0; i < n; i++) *(long*)(y + i * YStride) = index[i];
        else
            for (nint i = 0; i < n; i++) *(T*)(y + i * YStride) = SortKeys.FromKey<T, TKey>(keys[i]);
    }
}

/// <summary>
/// Writes one <typeparamref name="TOut"/> per line: the median, or the quantile <see cref="Q"/> with NumPy's linear
/// method, found by selection (O(n) per line) with NumPy's arithmetic: float16/float32 medians average in the element
/// type; interpolation differences of floats are taken in the element type, the rest in float64. NaN in a line gives NaN.
/// </summary>
internal unsafe struct QuantileLine<T, TKey, TOut> : ILineKernel
    where T : unmanaged, INumberBase<T> where TKey : unmanaged, IBinaryInteger<TKey> where TOut : unmanaged, INumberBase<TOut>
{
    public nint N, XStride;
    public SortScratch<TKey> Scratch;
    public double Q;
    public bool Median;

    private static bool IsFloat => typeof(T) == typeof(float) || typeof(T) == typeof(double) || typeof(T) == typeof(Half);

    public void Line(byte* x, byte* y, long lineIndex)
    {
        nint n = N;
        TKey* keys = Scratch.Keys;
        bool nan = false;
        for (nint i = 0; i < n; i++)
        {
            T v = *(T*)(x + i * XStride);
            nan |= IsFloat && T.IsNaN(v);
            keys[i] = SortKeys.ToKey<T, TKey>(v);
        }
        *(TOut*)y = n == 0 || nan ? TOut.CreateTruncating(double.NaN) : Median ? MedianOf(keys, n) : LinearQuantile(keys, n, Q);
    }

    private static T Value(TKey key) => SortKeys.FromKey<T, TKey>(key);

    private static TOut MedianOf(TKey* keys, nint n)
    {
        nint h = n / 2;
        Introselect.Select(keys, null, 0, n, h);
        T upper = Value(keys[h]);
        if (n % 2 == 1) return TOut.CreateTruncating(upper);
        T lower = Value(Introselect.Max(keys, 0, h));
        // NumPy: the mean of the two middle elements, in the element type for floats, in float64 for integers.
        if (IsFloat) return TOut.CreateTruncating((lower + upper) / (T.One + T.One));
        return TOut.CreateTruncating((double.CreateTruncating(lower) + double.CreateTruncating(upper)) / 2.0);
    }

    /// <summary>NumPy's 'linear' method (method 7), with its exact arithmetic: index q·(n-1) and the two-sided lerp.</summary>
    private static TOut LinearQuantile(TKey* keys, nint n, double q)
    {
        double virtualIndex = (n - 1) * q;
        nint previous, next;
        if (virtualIndex >= n - 1) { previous = next = n - 1; }
        else if (virtualIndex < 0) { previous = next = 0; }
        else { previous = (nint)Math.Floor(virtualIndex); next = previous + 1; }
        double gamma = virtualIndex >= n - 1 ? virtualIndex - (-1) : virtualIndex - previous;
        Introselect.Select(keys, null, 0, n, previous);
        T av = Value(keys[previous]);
        T bv = next == previous ? av : Value(Introselect.Min(keys, previous + 1, n));
        double a = double.CreateTruncating(av);
        // NumPy subtracts in the array's type (float32 rounds); integers here in float64 (NumPy 1.24 wraps small ones).
        double diff = IsFloat ? double.CreateTruncating(bv - av) : double.CreateTruncating(bv) - a;
        double b = double.CreateTruncating(bv);
        return TOut.CreateTruncating(gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma);
    }
}

/// <summary>Runs the median/quantile line kernels along an axis, choosing the key width for the element type (partitions run through <see cref="SortDriver"/>).</summary>
internal static unsafe class SelectDriver
{
    /// <summary>
    /// Writes one <typeparamref name="TOut"/> per line of x along <paramref name="axis"/> to y (whose stride along the
    /// axis is ignored): the median, or the quantile <paramref name="q"/> with NumPy's linear method.
    /// </summary>
    public static void Quantile<T, TOut>(ReadOnlySpan<nint> shape, int axis, T* x, ReadOnlySpan<nint> xs, TOut* y, ReadOnlySpan<nint> ys, double q, bool median)
        where T : unmanaged, INumberBase<T> where TOut : unmanaged, INumberBase<TOut>
    {
        if (sizeof(T) == 8) RunQuantile<T, ulong, TOut>(shape, axis, x, xs, y, ys, q, median);
        else RunQuantile<T, uint, TOut>(shape, axis, x, xs, y, ys, q, median);
    }

    private static void RunQuantile<T, TKey, TOut>(ReadOnlySpan<nint> shape, int axis, T* x, ReadOnlySpan<nint> xs, TOut* y, ReadOnlySpan<nint> ys, double q, bool median)
        where T : unmanaged, INumberBase<T> where TKey : unmanaged, IBinaryInteger<TKey> where TOut : unmanaged, INumberBase<TOut>
    {
        using var scratch = new SortScratch<TKey>(shape[axis], false);
        if (SortDriver.BlockAxis<T>(shape, axis, xs) is int f and >= 0)
        {
            // Lines along a slow axis through blocks of contiguous lines (float32 4096² Median(axis: 0) 228 -> 170 ms in a probe).
            var blocked = new QuantileLine<T, TKey, TOut> { N = shape[axis], XStride = sizeof(T), Scratch = scratch, Q = q, Median = median };
            SortDriver.ThroughBlocks(shape, axis, f, x, xs, y, ys, oneResult: true, ref blocked);
            return;
        }
        var kernel = new QuantileLine<T, TKey, TOut> { N = shape[axis], XStride = xs[axis] * sizeof(T), Scratch = scratch, Q = q, Median = median };
        NdIterator.ForEachLine(shape, axis, x, xs, y, ys, ref kernel);
    }
}
