using System.Numerics;
using System.Runtime.CompilerServices;
using NativeArrays.Kernels;
using NativeArrays.Layout;
using NativeArrays.Memory;

namespace NativeArrays;

/// <summary>Which insertion point <see cref="NDArray.SearchSorted{T}(NDArray{T}, NDArray{T}, SearchSide)"/> returns for equal values.</summary>
public enum SearchSide
{
    /// <summary>The first position where the value could go (before equal elements), NumPy's 'left'.</summary>
    Left,
    /// <summary>The last position (after equal elements), NumPy's 'right'.</summary>
    Right,
}

// Sort and search. Every sort is stable (a least-significant-digit radix sort over order-preserving integer keys) and
// puts NaN last, as NumPy does; -0.0 and 0.0 are equal for ArgSort, Unique and SearchSorted.
public static unsafe partial class NDArray
{
    /// <summary>
    /// A sorted copy along <paramref name="axis"/> (last by default), or of the flattened array when null (NumPy's
    /// <c>sort</c>). Stable; NaN last. A new C-contiguous array, counted as <c>Sort</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The axis is out of range (a 0-d array has none: pass null).</exception>
    public static NDArray<T> Sort<T>(NDArray<T> array, int? axis = -1) where T : unmanaged, INumber<T>
        => SortCore<T, T>("Sort", array, axis, arg: false);

    /// <summary>
    /// The indices that sort each line along <paramref name="axis"/> (or the flattened array when null), stable (NumPy's
    /// <c>argsort(kind='stable')</c>); NaN last. A new array of <c>long</c>, counted as <c>ArgSort</c>.
    /// </summary>
    public static NDArray<long> ArgSort<T>(NDArray<T> array, int? axis = -1) where T : unmanaged, INumber<T>
        => SortCore<T, long>("ArgSort", array, axis, arg: true);

    private static NDArray<TOut> SortCore<T, TOut>(string operation, NDArray<T> array, int? axis, bool arg) where T : unmanaged where TOut : unmanaged
    {
        var result = TransformLines<T, TOut, SortLines<T, TOut>>(operation, array, axis, new(arg, null));
        AllocationTracker.CountCopy(operation);
        return result;
    }

    /// <summary>Sorts (or partitions around <c>kths</c>) every line of the source into the result; <c>arg</c>: the indices instead.</summary>
    private readonly struct SortLines<T, TOut>(bool arg, nint[]? kths) : ILineTransform<T, TOut> where T : unmanaged where TOut : unmanaged
    {
        public void Run(ReadOnlySpan<nint> shape, int axis, T* x, ReadOnlySpan<nint> xStrides, TOut* y, ReadOnlySpan<nint> yStrides)
            => SortDriver.Sort(shape, axis, x, xStrides, y, yStrides, arg, kths);
    }

    /// <summary>
    /// A copy with each line along <paramref name="axis"/> partitioned around position <paramref name="kth"/>: that
    /// element is where a sort puts it, none before it is larger, none after it smaller (NumPy's <c>partition</c>; NaN
    /// last). Introselect, O(n) expected per line; the order within each side is unspecified (as NumPy's, though not the
    /// same). A negative kth counts from the end. A new C-contiguous array, counted as <c>Partition</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kth"/> is outside the axis (the message names both), or the axis is out of range.</exception>
    public static NDArray<T> Partition<T>(NDArray<T> array, nint kth, int axis = -1) where T : unmanaged, INumber<T>
        => PartitionCore<T, T>("Partition", array, [kth], axis, arg: false);

    /// <summary>
    /// A copy partitioned around every position in <paramref name="kth"/> at once (NumPy's <c>partition</c> with a
    /// sequence of kth): each of them holds its sorted element, and the elements between two of them lie between their values.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A kth is outside the axis, or the axis is out of range.</exception>
    public static NDArray<T> Partition<T>(NDArray<T> array, ReadOnlySpan<nint> kth, int axis = -1) where T : unmanaged, INumber<T>
        => PartitionCore<T, T>("Partition", array, kth, axis, arg: false);

    /// <summary>The indices that partition each line around <paramref name="kth"/> (NumPy's <c>argpartition</c>; introselect, NaN last). A new array of <c>long</c>, counted as <c>ArgPartition</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kth"/> is outside the axis, or the axis is out of range.</exception>
    public static NDArray<long> ArgPartition<T>(NDArray<T> array, nint kth, int axis = -1) where T : unmanaged, INumber<T>
        => PartitionCore<T, long>("ArgPartition", array, [kth], axis, arg: true);

    /// <summary>The indices that partition each line around every position in <paramref name="kth"/> (NumPy's <c>argpartition</c> with a sequence).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A kth is outside the axis, or the axis is out of range.</exception>
    public static NDArray<long> ArgPartition<T>(NDArray<T> array, ReadOnlySpan<nint> kth, int axis = -1) where T : unmanaged, INumber<T>
        => PartitionCore<T, long>("ArgPartition", array, kth, axis, arg: true);

    private static NDArray<TOut> PartitionCore<T, TOut>(string operation, NDArray<T> array, ReadOnlySpan<nint> kth, int axis, bool arg) where T : unmanaged where TOut : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        array.ThrowIfDisposed();
        int ax = LayoutOps.NormalizeAxis(axis, array.Rank);
        nint n = array.Shape[ax];
        var kths = new SortedSet<nint>();
        foreach (nint k in kth)
        {
            if (k < -n || k >= n)
                throw new ArgumentOutOfRangeException(nameof(kth), k, $"kth {k} is out of bounds for axis {ax} of length {n} (shape {NDLayout.ShapeText(array.Shape)}).");
            kths.Add(k < 0 ? k + n : k);
        }
        var result = TransformLines<T, TOut, SortLines<T, TOut>>(operation, array, ax, new(arg, [.. kths]));
        AllocationTracker.CountCopy(operation);
        return result;
    }

    extension<T>(NDArray<T> array) where T : unmanaged, INumber<T>
    {
        /// <summary>Sorts each line along <paramref name="axis"/> in place (NumPy's <c>a.sort()</c>); stable, NaN last. Returns this array.</summary>
        /// <exception cref="InvalidOperationException">The array is read-only.</exception>
        public NDArray<T> SortInPlace(int axis = -1)
        {
            ArgumentNullException.ThrowIfNull(array);
            array.ThrowIfReadOnly();
            int ax = LayoutOps.NormalizeAxis(axis, array.Rank);
            using var pin = array.Pin();
            SortDriver.Sort(array.Shape, ax, pin.Pointer, array.Strides, pin.Pointer, array.Strides, arg: false);
            return array;
        }

        /// <summary>
        /// Median of all elements as float64 (NaN when any is NaN or the array is empty), found by selection, O(n).
        /// NumPy's dtype for integers; float32 and float16 arrays have typed forms (<c>float Median()</c>, <c>Half Median()</c>)
        /// that C# picks whenever the element type is known.
        /// </summary>
        public double Median() => QuantileWhole<T, double>(array, 0.5, median: true);

        /// <summary>Medians along <paramref name="axis"/> as float64.</summary>
        public NDArray<double> Median(int axis, bool keepDims = false) => QuantileAlong<T, double>(array, 0.5, axis, keepDims, median: true, "Median");

        /// <summary>
        /// The <paramref name="q"/>-quantile (0 ≤ q ≤ 1) of all elements with NumPy's default linear method, as float64
        /// (NumPy 1.24's dtype for every input, float32 included), found by selection, O(n).
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">q is outside [0, 1].</exception>
        /// <exception cref="ArgumentException">The array is empty.</exception>
        public double Quantile(double q) => QuantileWhole<T, double>(array, CheckQ(q, 1, nameof(q)), median: false);

        /// <summary>The <paramref name="q"/>-quantiles along <paramref name="axis"/> as float64.</summary>
        public NDArray<double> Quantile(double q, int axis, bool keepDims = false) => QuantileAlong<T, double>(array, CheckQ(q, 1, nameof(q)), axis, keepDims, median: false, "Quantile");

        /// <summary>The <paramref name="p"/>-th percentile (0 ≤ p ≤ 100) of all elements, linear method, as float64.</summary>
        public double Percentile(double p) => QuantileWhole<T, double>(array, CheckQ(p, 100, nameof(p)), median: false);

        /// <summary>The <paramref name="p"/>-th percentiles along <paramref name="axis"/> as float64.</summary>
        public NDArray<double> Percentile(double p, int axis, bool keepDims = false) => QuantileAlong<T, double>(array, CheckQ(p, 100, nameof(p)), axis, keepDims, median: false, "Percentile");
    }

    private static double CheckQ(double q, double scale, string name)
    {
        if (!(q >= 0 && q <= scale)) throw new ArgumentOutOfRangeException(name, q, $"{(scale == 1 ? "Quantiles" : "Percentiles")} must be in the range [0, {scale}].");
        return q / scale;
    }

    extension(NDArray<float> array)
    {
        /// <summary>Median of all elements as float32, averaged in float32 as NumPy does for float32 input (NaN when any is NaN or the array is empty).</summary>
        public float Median() => QuantileWhole<float, float>(array, 0.5, median: true);

        /// <summary>Medians along <paramref name="axis"/> as float32 (NumPy's dtype).</summary>
        public NDArray<float> Median(int axis, bool keepDims = false) => QuantileAlong<float, float>(array, 0.5, axis, keepDims, median: true, "Median");
    }

    extension(NDArray<Half> array)
    {
        /// <summary>Median of all elements as float16, averaged in float16 as NumPy does (NaN when any is NaN or the array is empty).</summary>
        public Half Median() => QuantileWhole<Half, Half>(array, 0.5, median: true);

        /// <summary>Medians along <paramref name="axis"/> as float16 (NumPy's dtype).</summary>
        public NDArray<Half> Median(int axis, bool keepDims = false) => QuantileAlong<Half, Half>(array, 0.5, axis, keepDims, median: true, "Median");
    }

    private static TOut QuantileWhole<T, TOut>(NDArray<T> array, double q, bool median) where T : unmanaged, INumber<T> where TOut : unmanaged, INumberBase<TOut>
    {
        ArgumentNullException.ThrowIfNull(array);
        array.ThrowIfDisposed();
        if (!median && array.Size == 0) throw new ArgumentException($"Quantile of an empty array of shape {NDLayout.ShapeText(array.Shape)}.", nameof(array));
        if (array.Size == 0) return TOut.CreateTruncating(double.NaN);
        using var flat = array.RavelOrTemporary(median ? "Median" : "Quantile");
        TOut result;
        using var pin = flat.Pin();
        SelectDriver.Quantile([flat.Size], 0, pin.Pointer, flat.Strides, &result, [0], q, median);
        return result;
    }

    private static NDArray<TOut> QuantileAlong<T, TOut>(NDArray<T> array, double q, int axis, bool keepDims, bool median, string operation)
        where T : unmanaged, INumber<T> where TOut : unmanaged, INumberBase<TOut>
    {
        ArgumentNullException.ThrowIfNull(array);
        array.ThrowIfDisposed();
        int ax = LayoutOps.NormalizeAxis(axis, array.Rank);
        if (!median && array.Shape[ax] == 0)
            throw new ArgumentException($"{operation}: axis {ax} of shape {NDLayout.ShapeText(array.Shape)} is empty.", nameof(axis));
        Span<nint> strides = stackalloc nint[array.Rank];
        var result = AllocateLineResults<TOut>(array.Shape, ax, strides);
        try
        {
            if (array.Shape[ax] == 0) result.Fill(TOut.CreateTruncating(double.NaN)); // no lines to visit: NumPy's NaN medians
            using var src = array.Pin();
            using var dst = result.Pin();
            SelectDriver.Quantile(array.Shape, ax, src.Pointer, array.Strides, dst.Pointer, strides, q, median);
        }
        catch
        {
            result.Dispose();
            throw;
        }
        return DropLineAxis(result, array.Shape, ax, keepDims);
    }

    /// <summary>
    /// A new array for one result per line along <paramref name="axis"/> (the shape with that axis 1), and its element
    /// strides in <paramref name="strides"/> with 0 along the axis (every element of a line maps to its one result).
    /// </summary>
    private static NDArray<TOut> AllocateLineResults<TOut>(ReadOnlySpan<nint> shape, int axis, Span<nint> strides) where TOut : unmanaged
    {
        Span<nint> kept = stackalloc nint[shape.Length];
        shape.CopyTo(kept);
        kept[axis] = 1;
        var result = NDArray<TOut>.Allocate(kept, zero: false);
        result.Strides.CopyTo(strides);
        strides[axis] = 0;
        return result;
    }

    /// <summary>The per-line results with the axis kept (length 1) or dropped (the same buffer, a new layout).</summary>
    private static NDArray<TOut> DropLineAxis<TOut>(NDArray<TOut> result, ReadOnlySpan<nint> shape, int axis, bool keepDims) where TOut : unmanaged
    {
        if (keepDims) return result;
        Span<nint> dropped = stackalloc nint[shape.Length - 1];
        for (int d = 0, k = 0; d < shape.Length; d++) if (d != axis) dropped[k++] = shape[d];
        return result.TransferOwnership(NDLayout.CreateContiguous(dropped));
    }

    /// <summary>The sorted unique elements of the flattened array (NumPy's <c>unique</c>; NaNs collapse into one, -0.0 equals 0.0). A new array, counted as <c>Unique</c>.</summary>
    public static NDArray<T> Unique<T>(NDArray<T> array) where T : unmanaged, INumber<T>
    {
        var values = UniqueCore(array, out var first, out var inverse, out var counts);
        first.Dispose();
        inverse.Dispose();
        counts.Dispose();
        return values;
    }

    /// <summary>
    /// The sorted unique elements with, for each, the flat index of its first occurrence (<paramref name="firstIndices"/>),
    /// and its count (<paramref name="counts"/>); <paramref name="inverse"/> gives, for every element in C order, its
    /// position in the unique values (NumPy's <c>return_index</c>, <c>return_inverse</c>, <c>return_counts</c>).
    /// </summary>
    public static NDArray<T> Unique<T>(NDArray<T> array, out NDArray<long> firstIndices, out NDArray<long> inverse, out NDArray<long> counts) where T : unmanaged, INumber<T>
        => UniqueCore(array, out firstIndices, out inverse, out counts);

    private static NDArray<T> UniqueCore<T>(NDArray<T> array, out NDArray<long> firstIndices, out NDArray<long> inverse, out NDArray<long> counts) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(array);
        using var flat = array.RavelOrTemporary("Unique");
        nint n = flat.Size;
        using var order = NDArray<long>.Allocate([n], zero: false);
        using var pf = flat.Pin();
        using (var po = order.Pin())
            SortDriver.Sort([n], 0, pf.Pointer, flat.Strides, po.Pointer, [1], arg: true);
        // Group runs of equal keys in sorted order (the first of a run is its first occurrence: the sort is stable).
        var inv = NDArray<long>.Allocate([n], zero: false);
        var groupStart = new List<nint>();
        using (var po = order.Pin())
        using (var pi = inv.Pin())
        {
            long* o = po.Pointer;
            nint s = flat.Strides.Length > 0 ? flat.Strides[0] : 1;
            ulong previous = 0;
            for (nint i = 0; i < n; i++)
            {
                ulong key = sizeof(T) == 8 ? SortKeys.ToKey<T, ulong>(pf.Pointer[o[i] * s], canonicalZero: true)
                                           : SortKeys.ToKey<T, uint>(pf.Pointer[o[i] * s], canonicalZero: true);
                if (i == 0 || key != previous) groupStart.Add(i);
                previous = key;
                pi.Pointer[o[i]] = groupStart.Count - 1;
            }
        }
        int m = groupStart.Count;
        var values = NDArray<T>.Allocate([m], zero: false);
        var first = NDArray<long>.Allocate([m], zero: false);
        var count = NDArray<long>.Allocate([m], zero: false);
        using (var po = order.Pin())
        using (var pv = values.Pin())
        using (var pfst = first.Pin())
        using (var pc = count.Pin())
        {
            nint s = flat.Strides.Length > 0 ? flat.Strides[0] : 1;
            for (int g = 0; g < m; g++)
            {
                nint start = groupStart[g], end = g + 1 < m ? groupStart[g + 1] : n;
                long at = po.Pointer[start];
                pv.Pointer[g] = pf.Pointer[at * s];
                pfst.Pointer[g] = at;
                pc.Pointer[g] = end - start;
            }
        }
        AllocationTracker.CountCopy("Unique");
        firstIndices = first;
        inverse = inv;
        counts = count;
        return values;
    }

    /// <summary>
    /// Insertion points of <paramref name="values"/> in the sorted 1-d <paramref name="sorted"/> that keep it sorted
    /// (NumPy's <c>searchsorted</c>; NaN sorts last). A new array of <c>long</c> with the values' shape.
    /// The order of <paramref name="sorted"/> is not checked (as NumPy): an unsorted input gives unspecified positions.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="sorted"/> is not 1-d.</exception>
    public static NDArray<long> SearchSorted<T>(NDArray<T> sorted, NDArray<T> values, SearchSide side = SearchSide.Left) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentNullException.ThrowIfNull(values);
        if (sorted.Rank != 1) throw new ArgumentException($"SearchSorted needs a 1-d sorted array; got shape {NDLayout.ShapeText(sorted.Shape)}.", nameof(sorted));
        using var flat = values.RavelOrTemporary("SearchSorted");
        var result = NDArray<long>.Allocate(values.Shape, zero: false);
        using var ps = sorted.Pin();
        using var pv = flat.Pin();
        using var pr = result.Pin();
        nint vs = flat.Strides.Length > 0 ? flat.Strides[0] : 1;
        for (nint i = 0; i < flat.Size; i++) pr.Pointer[i] = Search(ps.Pointer, sorted.Shape[0], sorted.Strides[0], pv.Pointer[i * vs], side);
        return result;
    }

    /// <summary>The insertion point of one value in the sorted 1-d <paramref name="sorted"/>.</summary>
    public static long SearchSorted<T>(NDArray<T> sorted, T value, SearchSide side = SearchSide.Left) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Rank != 1) throw new ArgumentException($"SearchSorted needs a 1-d sorted array; got shape {NDLayout.ShapeText(sorted.Shape)}.", nameof(sorted));
        using var ps = sorted.Pin();
        return Search(ps.Pointer, sorted.Shape[0], sorted.Strides[0], value, side);
    }

    private static long Search<T>(T* a, nint n, nint stride, T value, SearchSide side) where T : unmanaged
    {
        ulong v = Key(value);
        nint lo = 0, hi = n;
        while (lo < hi)
        {
            nint mid = lo + (hi - lo) / 2;
            ulong k = Key(a[mid * stride]);
            if (side == SearchSide.Left ? k < v : k <= v) lo = mid + 1; else hi = mid;
        }
        return lo;

        static ulong Key(T x) => sizeof(T) == 8 ? SortKeys.ToKey<T, ulong>(x, canonicalZero: true) : SortKeys.ToKey<T, uint>(x, canonicalZero: true);
    }

    /// <summary>
    /// The indices of the non-zero elements, one array per axis, in C order (NumPy's <c>nonzero</c>). New arrays.
    /// </summary>
    /// <exception cref="ArgumentException">The array is 0-d (NumPy 2 refuses it too).</exception>
    public static NDArray<long>[] Nonzero<T>(NDArray<T> array) where T : unmanaged
    {
        using var where = ArgWhere(array);
        if (array.Rank == 0) throw new ArgumentException("Nonzero of a 0-d array is ambiguous; reshape it to 1-d first.", nameof(array));
        var result = new NDArray<long>[array.Rank];
        try
        {
            for (int d = 0; d < array.Rank; d++)
            {
                using var column = where[.., d];
                result[d] = column.Copy();
            }
        }
        catch
        {
            foreach (var r in result) r?.Dispose();
            throw;
        }
        return result;
    }

    /// <summary>The indices of the non-zero elements as rows of a (count, rank) array, in C order (NumPy's <c>argwhere</c>). A new array.</summary>
    public static NDArray<long> ArgWhere<T>(NDArray<T> array) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        array.ThrowIfDisposed();
        using var pa = array.Pin();
        // An unfinished plan keeps every axis, so the cursor's outer index is the array's own multi-index.
        Unsafe.SkipInit(out IterationPlan plan);
        bool any = plan.Begin(array.Shape, 1);
        if (any) plan.SetOperand(0, pa.Pointer, array.Strides, sizeof(T));
        long count = any ? ArgWhereRows<T>(ref plan, array.Rank, null) : 0;
        var result = NDArray<long>.Allocate([(nint)count, array.Rank], zero: false);
        using var pr = result.Pin();
        if (count > 0) ArgWhereRows<T>(ref plan, array.Rank, pr.Pointer);
        return result;
    }

    /// <summary>Walks the plan's rows in C order; writes each non-zero element's multi-index to <paramref name="o"/> (when not null). Returns the count.</summary>
    private static long ArgWhereRows<T>(ref IterationPlan plan, int rank, long* o) where T : unmanaged
    {
        Unsafe.SkipInit(out NdCursor cursor);
        cursor.Seek(ref plan, 0);
        long n = NdCursor.RowLength(ref plan), step = NdCursor.RowStride(ref plan, 0), count = 0;
        do
        {
            byte* row = cursor.Row(0);
            for (long i = 0; i < n; i++)
            {
                if (EqualityComparer<T>.Default.Equals(*(T*)(row + i * step), default)) continue;
                count++;
                if (o == null || rank == 0) continue;
                for (int d = 0; d < rank - 1; d++) *o++ = cursor.Index(d);
                *o++ = i;
            }
        }
        while (cursor.NextRow(ref plan));
        return count;
    }
}
