namespace NativeArrays.Inspection;

/// <summary>Byte-extent arithmetic over (offset, shape, strides) layouts, as the inspector reports it.</summary>
public static class ViewExtent
{
    /// <summary>
    /// The byte range [start, end) a view can touch: elements from offset + Σ min(0, (nᵢ−1)·sᵢ) to
    /// offset + Σ max(0, (nᵢ−1)·sᵢ), times the element size. An empty view (some nᵢ = 0) has no extent: (0, 0).
    /// </summary>
    public static (long Start, long End) Of(long offset, ReadOnlySpan<long> shape, ReadOnlySpan<long> strides, int elementSize)
    {
        long lo = offset, hi = offset;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] == 0) return (0, 0);
            long span = (shape[i] - 1) * strides[i];
            if (span < 0) lo += span; else hi += span;
        }
        return (lo * elementSize, (hi + 1) * elementSize);
    }

    /// <summary>
    /// How many contiguous byte runs <see cref="Runs"/> yields for a layout: the product of the outer dimensions once
    /// broadcast (stride 0) and length-1 dimensions are dropped and the innermost contiguous ones merged. 0 for an empty view.
    /// </summary>
    public static long RunCount(ReadOnlySpan<long> shape, ReadOnlySpan<long> strides)
    {
        var (outer, _, _) = Normalize(0, shape, strides);
        if (outer is null) return 0;
        long count = 1;
        foreach (var (n, _) in outer) count = n > long.MaxValue / count ? long.MaxValue : count * n;
        return count;
    }

    /// <summary>
    /// The byte runs [start, end) a layout reads: every element it can address, as maximal runs of its innermost
    /// contiguous dimensions (a column of a (1000, 1000) matrix is 1000 runs of one element). Runs may overlap when the
    /// layout overlaps itself; their union is exact.
    /// </summary>
    public static IEnumerable<(long Start, long End)> Runs(long offset, long[] shape, long[] strides, int elementSize)
    {
        var (outer, start, runElements) = Normalize(offset, shape, strides);
        if (outer is null) yield break;
        long runBytes = runElements * elementSize;
        var index = new long[outer.Length];
        long position = start;
        while (true)
        {
            yield return (position * elementSize, position * elementSize + runBytes);
            // Odometer over the outer dimensions, innermost last.
            int k = outer.Length - 1;
            for (; k >= 0; k--)
            {
                if (++index[k] < outer[k].Length) { position += outer[k].Stride; break; }
                position -= (outer[k].Length - 1) * outer[k].Stride;
                index[k] = 0;
            }
            if (k < 0) yield break;
        }
    }

    /// <summary>Outer dimensions (length, positive stride) ordered by decreasing stride, first element, run length in elements.</summary>
    private static ((long Length, long Stride)[]? Outer, long Start, long RunElements) Normalize(long offset, ReadOnlySpan<long> shape, ReadOnlySpan<long> strides)
    {
        var dims = new List<(long Length, long Stride)>();
        long start = offset;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] == 0) return (null, 0, 0);
            if (shape[i] == 1 || strides[i] == 0) continue; // broadcast dimensions read the same elements again
            long s = strides[i];
            if (s < 0) { start += (shape[i] - 1) * s; s = -s; } // same addresses, walked upwards
            dims.Add((shape[i], s));
        }
        dims.Sort((a, b) => b.Stride.CompareTo(a.Stride));
        long run = 1;
        while (dims.Count > 0 && dims[^1].Stride == run)
        {
            run *= dims[^1].Length;
            dims.RemoveAt(dims.Count - 1);
        }
        return (dims.ToArray(), start, run);
    }

    /// <summary>Bytes of [0, length) covered by the union of the ranges.</summary>
    public static long CoveredBytes(IEnumerable<(long Start, long End)> ranges, long length)
    {
        var sorted = ranges.Select(r => (Start: Math.Max(0, r.Start), End: Math.Min(length, r.End)))
                           .Where(r => r.End > r.Start).ToArray();
        if (!IsSortedByStart(sorted)) Array.Sort(sorted.Select(r => r.Start).ToArray(), sorted);
        long covered = 0, curStart = 0, curEnd = -1;
        foreach (var (s, e) in sorted)
        {
            if (curEnd < 0) { curStart = s; curEnd = e; continue; }
            if (s <= curEnd) { curEnd = Math.Max(curEnd, e); continue; }
            covered += curEnd - curStart;
            curStart = s;
            curEnd = e;
        }
        if (curEnd >= 0) covered += curEnd - curStart;
        return covered;
    }

    /// <summary>
    /// Number of pairs of ranges that intersect (share at least one byte), in O(n log n), and up to
    /// <paramref name="sampleLimit"/> of those pairs as indexes into <paramref name="ranges"/>.
    /// </summary>
    public static (long Count, List<int[]> Sample) OverlappingPairs(IReadOnlyList<(long Start, long End)> ranges, int sampleLimit)
    {
        var idx = Enumerable.Range(0, ranges.Count).Where(i => ranges[i].End > ranges[i].Start).ToArray();
        var starts = idx.Select(i => ranges[i].Start).ToArray();
        if (!IsSorted(starts)) Array.Sort(starts, idx);
        long count = 0;
        var sample = new List<int[]>();
        for (int k = 0; k < idx.Length; k++)
        {
            long end = ranges[idx[k]].End;
            // Ranges after k (in start order) that begin before this one ends intersect it.
            int firstNot = LowerBound(starts, end, k + 1);
            count += firstNot - (k + 1);
            for (int j = k + 1; j < firstNot && sample.Count < sampleLimit; j++)
            {
                int a = idx[k], b = idx[j];
                sample.Add(a < b ? [a, b] : [b, a]);
            }
        }
        return (count, sample);
    }

    private static bool IsSorted(long[] values)
    {
        for (int i = 1; i < values.Length; i++)
            if (values[i] < values[i - 1]) return false;
        return true;
    }

    private static bool IsSortedByStart((long Start, long End)[] ranges)
    {
        for (int i = 1; i < ranges.Length; i++)
            if (ranges[i].Start < ranges[i - 1].Start) return false;
        return true;
    }

    private static int LowerBound(long[] sorted, long value, int from)
    {
        int lo = from, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
