namespace NativeArrays.Layout;

/// <summary>
/// View arithmetic on (shape, strides, offset): slicing, permuting, reshaping, broadcasting. Pure functions over spans,
/// shared by the class view and the ref-struct view; none of them touches memory or allocates on the heap.
/// Output spans must hold <see cref="NDLayout.MaxRank"/> entries.
/// </summary>
internal static partial class LayoutOps
{
    /// <summary>Element offset of a multi-index (negative positions count from the end), bounds-checked per axis.</summary>
    /// <exception cref="ArgumentException">The index's length is not the rank.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A position is out of bounds; the message names axis and size.</exception>
    public static nint OffsetOf(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, ReadOnlySpan<nint> index)
    {
        if (index.Length != shape.Length)
            throw new ArgumentException($"Index of length {index.Length} does not match an array of rank {shape.Length} (shape {NDLayout.ShapeText(shape)}).", nameof(index));
        nint offset = 0;
        for (int i = 0; i < index.Length; i++)
        {
            nint j = index[i];
            if (j < -shape[i] || j >= shape[i])
                throw new ArgumentOutOfRangeException(nameof(index), j, $"Index {j} is out of bounds for axis {i} with size {shape[i]} (shape {NDLayout.ShapeText(shape)}).");
            offset += (j < 0 ? j + shape[i] : j) * strides[i];
        }
        return offset;
    }

    /// <summary>NumPy basic indexing. Returns the new rank; <paramref name="offsetDelta"/> is added to the offset.</summary>
    public static int Index(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, ReadOnlySpan<SliceIndex> index,
        Span<nint> outShape, Span<nint> outStrides, out nint offsetDelta)
    {
        int consuming = 0, ellipses = 0;
        foreach (var s in index)
        {
            if (s.Kind is SliceIndex.Kinds.Index or SliceIndex.Kinds.Slice) consuming++;
            else if (s.Kind == SliceIndex.Kinds.Ellipsis) ellipses++;
        }
        if (ellipses > 1) throw new ArgumentException("An index can only have a single ellipsis ('...').", nameof(index));
        if (consuming > shape.Length)
            throw new ArgumentException($"Too many indices: array of shape {NDLayout.ShapeText(shape)} is {shape.Length}-dimensional, but {consuming} were indexed.", nameof(index));

        offsetDelta = 0;
        int axis = 0, rank = 0;
        for (int k = 0; k < index.Length; k++)
        {
            var s = index[k];
            switch (s.Kind)
            {
                case SliceIndex.Kinds.Index:
                    offsetDelta += s.ResolveIndex(shape[axis], axis) * strides[axis];
                    axis++;
                    break;
                case SliceIndex.Kinds.Slice:
                    s.Resolve(shape[axis], out nint first, out nint step, out nint count);
                    offsetDelta += first * strides[axis];
                    // A result axis of length <= 1 never steps, so it keeps the source stride (a huge step cannot wrap).
                    Put(outShape, outStrides, ref rank, count, count > 1 ? strides[axis] * step : strides[axis]);
                    axis++;
                    break;
                case SliceIndex.Kinds.NewAxis:
                    Put(outShape, outStrides, ref rank, 1, 0);
                    break;
                case SliceIndex.Kinds.Ellipsis:
                    int full = shape.Length - consuming;
                    for (int j = 0; j < full; j++, axis++) Put(outShape, outStrides, ref rank, shape[axis], strides[axis]);
                    break;
            }
        }
        for (; axis < shape.Length; axis++) Put(outShape, outStrides, ref rank, shape[axis], strides[axis]);
        return rank;
    }

    private static void Put(Span<nint> shape, Span<nint> strides, ref int rank, nint length, nint stride)
    {
        if (rank >= NDLayout.MaxRank)
            throw new ArgumentException($"The result would exceed the maximum rank {NDLayout.MaxRank}.");
        shape[rank] = length;
        strides[rank] = stride;
        rank++;
    }

    /// <summary>Reorders axes: output axis i is input axis <paramref name="axes"/>[i]. Empty axes reverse them.</summary>
    public static void Permute(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, ReadOnlySpan<int> axes,
        Span<nint> outShape, Span<nint> outStrides)
    {
        int rank = shape.Length;
        if (axes.IsEmpty)
        {
            for (int i = 0; i < rank; i++) { outShape[i] = shape[rank - 1 - i]; outStrides[i] = strides[rank - 1 - i]; }
            return;
        }
        if (axes.Length != rank)
            throw new ArgumentException($"Axes {AxesText(axes)} do not match an array of rank {rank} (shape {NDLayout.ShapeText(shape)}).", nameof(axes));
        ulong seen = 0;
        for (int i = 0; i < rank; i++)
        {
            int a = NormalizeAxis(axes[i], rank, nameof(axes));
            if ((seen & (1UL << a)) != 0) throw new ArgumentException($"Repeated axis {axes[i]} in {AxesText(axes)}.", nameof(axes));
            seen |= 1UL << a;
            outShape[i] = shape[a];
            outStrides[i] = strides[a];
        }
    }

    /// <summary>Turns a possibly negative axis into 0..rank-1, or throws naming it.</summary>
    public static int NormalizeAxis(int axis, int rank, string paramName = "axis")
    {
        if (axis < -rank || axis >= rank)
            throw new ArgumentOutOfRangeException(paramName, axis, $"Axis {axis} is out of bounds for an array of rank {rank}.");
        return axis < 0 ? axis + rank : axis;
    }

    /// <summary>Resolves one -1 in <paramref name="newShape"/> and checks the element count.</summary>
    public static void ResolveShape(ReadOnlySpan<nint> oldShape, nint size, ReadOnlySpan<nint> newShape, Span<nint> resolved)
    {
        if (newShape.Length > NDLayout.MaxRank)
            throw new ArgumentException($"Rank {newShape.Length} exceeds the maximum rank {NDLayout.MaxRank}.", nameof(newShape));
        int unknown = -1;
        nint known = 1;
        for (int i = 0; i < newShape.Length; i++)
        {
            nint d = newShape[i];
            if (d == -1)
            {
                if (unknown >= 0) throw new ArgumentException($"Can only specify one unknown dimension (-1) in {NDLayout.ShapeText(newShape)}.", nameof(newShape));
                unknown = i;
            }
            else if (d < 0) throw new ArgumentException($"Shape {NDLayout.ShapeText(newShape)} has a negative dimension.", nameof(newShape));
            else
            {
                try { known = checked(known * d); }
                catch (OverflowException) { throw new ArgumentOutOfRangeException(nameof(newShape), $"The element count of shape {NDLayout.ShapeText(newShape)} overflows."); }
            }
            resolved[i] = d;
        }
        if (unknown >= 0)
        {
            if (known == 0 || size % known != 0)
                throw new ArgumentException($"Cannot reshape array of shape {NDLayout.ShapeText(oldShape)} (size {size}) into shape {NDLayout.ShapeText(newShape)}.", nameof(newShape));
            resolved[unknown] = size / known;
        }
        else if (known != size)
            throw new ArgumentException($"Cannot reshape array of shape {NDLayout.ShapeText(oldShape)} (size {size}) into shape {NDLayout.ShapeText(newShape)}.", nameof(newShape));
    }

    /// <summary>
    /// Strides that view the same elements (in C order) with <paramref name="newShape"/>, if they exist
    /// (NumPy's <c>_attempt_nocopy_reshape</c>). Returns false when a copy is needed.
    /// </summary>
    public static bool TryReshapeStrides(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, ReadOnlySpan<nint> newShape, Span<nint> newStrides)
    {
        // Drop length-1 axes of the old layout; they never constrain the result.
        Span<nint> os = stackalloc nint[NDLayout.MaxRank];
        Span<nint> ot = stackalloc nint[NDLayout.MaxRank];
        int on = 0;
        nint size = 1;
        foreach (nint d in shape) size *= d;
        if (size == 0)
        {
            NDLayout.ContiguousStrides(newShape, newStrides);
            return true;
        }
        for (int i = 0; i < shape.Length; i++)
            if (shape[i] != 1) { os[on] = shape[i]; ot[on] = strides[i]; on++; }
        int nn = newShape.Length;
        int oi = 0, oj = 1, ni = 0, nj = 1;
        while (ni < nn && oi < on)
        {
            nint np = newShape[ni], op = os[oi];
            while (np != op)
            {
                if (np < op) np *= newShape[nj++];
                else op *= os[oj++];
            }
            // The old axes oi..oj-1 must be contiguous with each other (C order) to merge.
            for (int ok = oi; ok < oj - 1; ok++)
                if (ot[ok] != os[ok + 1] * ot[ok + 1]) return false;
            newStrides[nj - 1] = ot[oj - 1];
            for (int nk = nj - 1; nk > ni; nk--) newStrides[nk - 1] = newStrides[nk] * newShape[nk];
            ni = nj++;
            oi = oj++;
        }
        // Trailing length-1 axes of the new shape.
        nint last = ni > 0 ? newStrides[ni - 1] : 1;
        for (; ni < nn; ni++) newStrides[ni] = last;
        return true;
    }

    /// <summary>Strides that broadcast (<paramref name="shape"/>, <paramref name="strides"/>) to <paramref name="target"/>.</summary>
    public static void BroadcastStrides(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, ReadOnlySpan<nint> target, Span<nint> outStrides)
    {
        if (target.Length < shape.Length)
            throw new ArgumentException($"Cannot broadcast shape {NDLayout.ShapeText(shape)} to the lower-rank shape {NDLayout.ShapeText(target)}.");
        int lead = target.Length - shape.Length;
        for (int i = 0; i < target.Length; i++)
        {
            if (i < lead) { outStrides[i] = 0; continue; }
            nint d = shape[i - lead];
            if (d == target[i]) outStrides[i] = d == 1 ? 0 : strides[i - lead];
            else if (d == 1) outStrides[i] = 0;
            else throw new ArgumentException($"Cannot broadcast shape {NDLayout.ShapeText(shape)} to shape {NDLayout.ShapeText(target)}.");
        }
    }

    /// <summary>The NumPy broadcast shape of two shapes; returns its rank.</summary>
    public static int BroadcastShapes(ReadOnlySpan<nint> a, ReadOnlySpan<nint> b, Span<nint> result)
    {
        int rank = Math.Max(a.Length, b.Length);
        for (int i = 0; i < rank; i++)
        {
            nint da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            nint db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException($"Shapes {NDLayout.ShapeText(a)} and {NDLayout.ShapeText(b)} cannot be broadcast together.");
            result[i] = da == 1 ? db : da;
        }
        return rank;
    }



    internal static string AxesText(ReadOnlySpan<int> axes) =>
        axes.Length == 1 ? $"({axes[0]},)" : "(" + string.Join(", ", axes.ToArray()) + ")";
}
