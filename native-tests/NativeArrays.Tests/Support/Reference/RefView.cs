namespace NativeArrays.Tests.Support.Reference;

/// <summary>
/// The reference index model: a view is its shape plus, for every element in C order, the position of that element
/// in the flat base buffer. Operations are applied by their NumPy meaning (which input element each output element
/// is), never through shape/strides arithmetic, so the model is independent of the library's layout code.
/// </summary>
internal sealed class RefView
{
    public RefView(long[] shape, long[] index, bool readOnly)
    {
        Shape = shape;
        Index = index;
        ReadOnly = readOnly;
        if (index.LongLength != Product(shape)) throw new InvalidOperationException("reference model bug: size mismatch");
    }

    public long[] Shape { get; }
    /// <summary>Base position of each element, in C order.</summary>
    public long[] Index { get; }
    public bool ReadOnly { get; }
    public int Rank => Shape.Length;
    public long Size => Index.LongLength;

    public static RefView Base(long[] shape)
    {
        long n = Product(shape);
        var index = new long[n];
        for (long i = 0; i < n; i++) index[i] = i;
        return new RefView(shape, index, readOnly: false);
    }

    public static long Product(ReadOnlySpan<long> shape)
    {
        long p = 1;
        foreach (long d in shape) p *= d;
        return p;
    }

    /// <summary>C-order strides of a shape, in elements.</summary>
    public static long[] CStrides(long[] shape)
    {
        var s = new long[shape.Length];
        long step = 1;
        for (int i = shape.Length - 1; i >= 0; i--) { s[i] = step; step *= shape[i]; }
        return s;
    }

    /// <summary>Base position of the element at multi-index <paramref name="m"/> of this view.</summary>
    public long At(ReadOnlySpan<long> m)
    {
        long flat = 0, step = 1;
        for (int i = Shape.Length - 1; i >= 0; i--) { flat += m[i] * step; step *= Shape[i]; }
        return Index[flat];
    }

    /// <summary>Builds a view of <paramref name="shape"/> whose element at m is <paramref name="source"/>(m).</summary>
    public static RefView Build(long[] shape, bool readOnly, Func<long[], long> source)
    {
        long n = Product(shape);
        var index = new long[n];
        var m = new long[shape.Length];
        for (long k = 0; k < n; k++)
        {
            index[k] = source(m);
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                if (++m[d] < shape[d]) break;
                m[d] = 0;
            }
        }
        return new RefView(shape, index, readOnly);
    }

    /// <summary>Every multi-index of <paramref name="shape"/>, in C order (the same array is reused).</summary>
    public static IEnumerable<long[]> MultiIndices(long[] shape)
    {
        long n = Product(shape);
        var m = new long[shape.Length];
        for (long k = 0; k < n; k++)
        {
            yield return m;
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                if (++m[d] < shape[d]) break;
                m[d] = 0;
            }
        }
    }

    /// <summary>
    /// Whether some offset and strides describe this view's elements (the brute-force oracle for "reshape can be a
    /// view"): the steps along each axis measured at the origin must hold at every element.
    /// </summary>
    public bool IsStridedRepresentable(out long offset, out long[] strides)
    {
        strides = new long[Rank];
        offset = 0;
        if (Size == 0) return true;
        offset = Index[0];
        var c = CStrides(Shape);
        for (int d = 0; d < Rank; d++) strides[d] = Shape[d] > 1 ? Index[c[d]] - Index[0] : 0;
        long k = 0;
        foreach (var m in MultiIndices(Shape))
        {
            long expect = offset;
            for (int d = 0; d < Rank; d++) expect += m[d] * strides[d];
            if (Index[k++] != expect) return false;
        }
        return true;
    }

    /// <summary>Elements consecutive in C order (NumPy's C_CONTIGUOUS, size 0 counts as contiguous).</summary>
    public bool IsCContiguous()
    {
        for (long i = 1; i < Size; i++) if (Index[i] != Index[0] + i) return false;
        return true;
    }

    /// <summary>Elements consecutive in Fortran order.</summary>
    public bool IsFContiguous()
    {
        if (Size == 0) return true;
        long k = 0;
        foreach (var m in MultiIndices(Shape))
        {
            long f = 0, step = 1;
            for (int d = 0; d < Rank; d++) { f += m[d] * step; step *= Shape[d]; }
            if (Index[k++] != Index[0] + f) return false;
        }
        return true;
    }

    public string ShapeText() => Rank == 1 ? $"({Shape[0]},)" : "(" + string.Join(", ", Shape) + ")";
}
