namespace NativeArrays.Layout;

/// <summary>
/// Overlap tests between two strided views of the same buffer, in element units relative to the buffer start.
/// <see cref="MayShare"/> is the cheap extent test; <see cref="Shares"/> is exact under a work bound.
/// </summary>
internal static class MemoryOverlap
{
    /// <summary>Default work bound of <see cref="Shares"/> (elements enumerated).</summary>
    public const long DefaultMaxWork = 1 << 24;

    /// <summary>Whether the extents (lowest..highest element) of the two views intersect.</summary>
    public static bool MayShare(nint offsetA, ReadOnlySpan<nint> shapeA, ReadOnlySpan<nint> stridesA,
        nint offsetB, ReadOnlySpan<nint> shapeB, ReadOnlySpan<nint> stridesB)
    {
        if (!LayoutOps.Extent(shapeA, stridesA, out nint la, out nint ha)) return false;
        if (!LayoutOps.Extent(shapeB, stridesB, out nint lb, out nint hb)) return false;
        return offsetA + la <= offsetB + hb && offsetB + lb <= offsetA + ha;
    }

    /// <summary>
    /// Whether some element is reachable from both views. Cheap proofs first (extents, a common stride divisor
    /// that separates the offsets, identical or contiguous layouts), then an enumeration bounded by <paramref name="maxWork"/>.
    /// </summary>
    public static MemoryShare Shares(nint offsetA, ReadOnlySpan<nint> shapeA, ReadOnlySpan<nint> stridesA,
        nint offsetB, ReadOnlySpan<nint> shapeB, ReadOnlySpan<nint> stridesB, long maxWork = DefaultMaxWork)
    {
        if (!LayoutOps.Extent(shapeA, stridesA, out nint la, out nint ha)) return MemoryShare.No;
        if (!LayoutOps.Extent(shapeB, stridesB, out nint lb, out nint hb)) return MemoryShare.No;
        nint loA = offsetA + la, hiA = offsetA + ha, loB = offsetB + lb, hiB = offsetB + hb;
        if (hiA < loB || hiB < loA) return MemoryShare.No;
        // Every element of A is at offsetA + k*g, of B at offsetB + m*g: different residues never meet.
        // Axes of length 1 add no offsets, so their strides (which may be anything) do not count.
        ulong g = 0;
        for (int i = 0; i < shapeA.Length; i++) if (shapeA[i] > 1) g = Gcd(g, stridesA[i]);
        for (int i = 0; i < shapeB.Length; i++) if (shapeB[i] > 1) g = Gcd(g, stridesB[i]);
        if (g > 1 && ((Int128)offsetA - offsetB) % g != 0) return MemoryShare.No;
        // A view that covers its whole extent densely meets every element of a view inside that extent.
        if (loA <= loB && hiB <= hiA && IsDense(shapeA, stridesA)) return MemoryShare.Yes;
        if (loB <= loA && hiA <= hiB && IsDense(shapeB, stridesB)) return MemoryShare.Yes;
        if (offsetA == offsetB && shapeA.SequenceEqual(shapeB) && stridesA.SequenceEqual(stridesB)) return MemoryShare.Yes;

        // Enumerate the elements of both inside the common window into a bitmap.
        nint lo = Math.Max(loA, loB), hi = Math.Min(hiA, hiB);
        long window = (long)hi - lo + 1;
        long sizeA = Size(shapeA), sizeB = Size(shapeB);
        long windowBound = maxWork > long.MaxValue / 8 ? long.MaxValue : maxWork * 8;
        if (window > Math.Min(windowBound, int.MaxValue) || sizeA + sizeB > maxWork) return MemoryShare.TooHard;
        var state = new WindowState(new System.Collections.BitArray((int)window), lo - offsetA, hi - offsetA);
        StridedLoop.ForEachOffset(shapeA, stridesA, ref state, static (ref WindowState st, nint o) =>
        {
            if (o >= st.Low && o <= st.High) st.Marks[(int)(o - st.Low)] = true;
        });
        state = state with { Low = lo - offsetB, High = hi - offsetB };
        StridedLoop.ForEachOffset(shapeB, stridesB, ref state, static (ref WindowState st, nint o) =>
        {
            if (o >= st.Low && o <= st.High && st.Marks[(int)(o - st.Low)]) st.Hit = true;
        });
        return state.Hit ? MemoryShare.Yes : MemoryShare.No;
    }

    private static long Size(ReadOnlySpan<nint> shape)
    {
        long n = 1;
        foreach (nint d in shape) n *= d;
        return n;
    }

    /// <summary>Whether the view's elements fill its extent without gaps (in some axis order).</summary>
    private static bool IsDense(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides)
    {
        Span<nint> s = stackalloc nint[shape.Length];
        Span<nint> t = stackalloc nint[shape.Length];
        int n = 0;
        for (int i = 0; i < shape.Length; i++)
            if (shape[i] != 1) { s[n] = shape[i]; t[n] = strides[i] == nint.MinValue ? nint.MaxValue : Math.Abs(strides[i]); n++; }
        for (int i = 1; i < n; i++)
            for (int j = i; j > 0 && t[j] < t[j - 1]; j--) { (t[j], t[j - 1]) = (t[j - 1], t[j]); (s[j], s[j - 1]) = (s[j - 1], s[j]); }
        nint step = 1;
        for (int i = 0; i < n; i++)
        {
            if (t[i] != step) return false;
            step *= s[i];
        }
        return true;
    }

    /// <summary>The common window's marks, its bounds relative to the walked view's origin, and whether B met a mark.</summary>
    private record struct WindowState(System.Collections.BitArray Marks, nint Low, nint High)
    {
        public bool Hit;
    }

    /// <summary>Greatest common divisor of the magnitudes (exact for nint.MinValue too).</summary>
    private static ulong Gcd(ulong a, nint b)
    {
        ulong ub = b < 0 ? (ulong)(-(b + 1)) + 1 : (ulong)b;
        while (ub != 0) (a, ub) = (ub, a % ub);
        return a;
    }
}
