namespace NativeArrays.Layout;

internal static partial class LayoutOps
{
    /// <summary>Removes length-1 axes: all of them, or only <paramref name="axis"/> (which must have length 1).</summary>
    public static int Squeeze(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, int? axis, Span<nint> outShape, Span<nint> outStrides)
    {
        int only = -1;
        if (axis is int a)
        {
            only = NormalizeAxis(a, shape.Length);
            if (shape[only] != 1)
                throw new ArgumentException($"Cannot squeeze axis {a} of shape {NDLayout.ShapeText(shape)}: its length is {shape[only]}, not 1.", nameof(axis));
        }
        int rank = 0;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] == 1 && (only < 0 || only == i)) continue;
            outShape[rank] = shape[i];
            outStrides[rank] = strides[i];
            rank++;
        }
        return rank;
    }

    /// <summary>Inserts a length-1 axis at <paramref name="axis"/> (-1 appends).</summary>
    public static int ExpandDims(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, int axis, Span<nint> outShape, Span<nint> outStrides)
    {
        int rank = shape.Length + 1;
        if (rank > NDLayout.MaxRank) throw new ArgumentException($"The result would exceed the maximum rank {NDLayout.MaxRank}.", nameof(axis));
        int at = NormalizeAxis(axis, rank);
        for (int i = 0, j = 0; i < rank; i++)
        {
            if (i == at) { outShape[i] = 1; outStrides[i] = 0; continue; }
            outShape[i] = shape[j];
            outStrides[i] = strides[j];
            j++;
        }
        return rank;
    }

    /// <summary>Reverses the order along <paramref name="axis"/>, or along every axis when null. Returns the offset change.</summary>
    public static nint Flip(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, int? axis, Span<nint> outStrides)
    {
        strides.CopyTo(outStrides);
        nint delta = 0;
        int from = 0, to = shape.Length;
        if (axis is int a) { from = NormalizeAxis(a, shape.Length); to = from + 1; }
        for (int i = from; i < to; i++)
        {
            if (shape[i] > 0) delta += (shape[i] - 1) * strides[i];
            outStrides[i] = -strides[i];
        }
        return delta;
    }

    /// <summary>
    /// The diagonal <paramref name="k"/> of axes <paramref name="axis1"/> and <paramref name="axis2"/>, appended as the last axis
    /// (NumPy's <c>diagonal</c>). Returns the new rank; <paramref name="offsetDelta"/> moves the origin.
    /// </summary>
    public static int Diagonal(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, nint k, int axis1, int axis2,
        Span<nint> outShape, Span<nint> outStrides, out nint offsetDelta)
    {
        if (shape.Length < 2) throw new ArgumentException($"Diagonal needs at least 2 dimensions; shape {NDLayout.ShapeText(shape)} has {shape.Length}.");
        int a1 = NormalizeAxis(axis1, shape.Length, nameof(axis1)), a2 = NormalizeAxis(axis2, shape.Length, nameof(axis2));
        if (a1 == a2) throw new ArgumentException($"axis1 and axis2 cannot be the same axis ({axis1}).");
        nint n1 = shape[a1], n2 = shape[a2];
        offsetDelta = 0;
        nint length;
        if (k >= 0)
        {
            length = Math.Max(0, Math.Min(n1, n2 - k));
            if (length > 0) offsetDelta = k * strides[a2];
        }
        else
        {
            length = Math.Max(0, Math.Min(n1 + k, n2));
            if (length > 0) offsetDelta = -k * strides[a1];
        }
        int rank = 0;
        for (int i = 0; i < shape.Length; i++)
        {
            if (i == a1 || i == a2) continue;
            outShape[rank] = shape[i];
            outStrides[rank] = strides[i];
            rank++;
        }
        outShape[rank] = length;
        outStrides[rank] = strides[a1] + strides[a2];
        return rank + 1;
    }

    /// <summary>The axis order that exchanges two axes, written into <paramref name="order"/>.</summary>
    public static ReadOnlySpan<int> SwapAxesOrder(int rank, int axis1, int axis2, Span<int> order)
    {
        int a = NormalizeAxis(axis1, rank, nameof(axis1)), b = NormalizeAxis(axis2, rank, nameof(axis2));
        for (int i = 0; i < rank; i++) order[i] = i;
        order[a] = b;
        order[b] = a;
        return order;
    }
}
