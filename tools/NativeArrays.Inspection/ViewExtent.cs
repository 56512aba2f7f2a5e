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
