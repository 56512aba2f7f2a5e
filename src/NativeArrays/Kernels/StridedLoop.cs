namespace NativeArrays.Layout;

/// <summary>
/// Plain n-d walks over strided memory used by copies, gathers and formatting (the SIMD kernels have their own
/// driver). Dimensions are walked in C order of the given shape; the innermost one is a tight loop.
/// </summary>
internal static unsafe class StridedLoop
{
    /// <summary>Copies every element of the source view into the destination view of the same shape.</summary>
    public static void Copy<T>(T* src, ReadOnlySpan<nint> srcStrides, T* dst, ReadOnlySpan<nint> dstStrides, ReadOnlySpan<nint> shape)
        where T : unmanaged
    {
        int rank = shape.Length;
        if (rank == 0) { *dst = *src; return; }
        foreach (nint d in shape) if (d == 0) return;
        nint n = shape[rank - 1], ss = srcStrides[rank - 1], ds = dstStrides[rank - 1];
        Span<nint> idx = stackalloc nint[rank];
        while (true)
        {
            if (ss == 1 && ds == 1) Buffer.MemoryCopy(src, dst, n * sizeof(T), n * sizeof(T));
            else for (nint i = 0; i < n; i++) dst[i * ds] = src[i * ss];
            int k = rank - 2;
            for (; k >= 0; k--)
            {
                if (++idx[k] < shape[k]) { src += srcStrides[k]; dst += dstStrides[k]; break; }
                src -= srcStrides[k] * (shape[k] - 1);
                dst -= dstStrides[k] * (shape[k] - 1);
                idx[k] = 0;
            }
            if (k < 0) return;
        }
    }

    /// <summary>Writes <paramref name="value"/> into every element of the view.</summary>
    public static void Fill<T>(T* dst, ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, T value) where T : unmanaged
    {
        int rank = shape.Length;
        if (rank == 0) { *dst = value; return; }
        foreach (nint d in shape) if (d == 0) return;
        nint n = shape[rank - 1], ds = strides[rank - 1];
        Span<nint> idx = stackalloc nint[rank];
        while (true)
        {
            if (ds == 1 && n <= int.MaxValue) new Span<T>(dst, (int)n).Fill(value);
            else for (nint i = 0; i < n; i++) dst[i * ds] = value;
            int k = rank - 2;
            for (; k >= 0; k--)
            {
                if (++idx[k] < shape[k]) { dst += strides[k]; break; }
                dst -= strides[k] * (shape[k] - 1);
                idx[k] = 0;
            }
            if (k < 0) return;
        }
    }

    /// <summary>Calls <paramref name="visit"/> with the element offset of every element, in C order.</summary>
    public static void ForEachOffset<TState>(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, ref TState state, OffsetVisitor<TState> visit)
        where TState : allows ref struct
    {
        int rank = shape.Length;
        foreach (nint d in shape) if (d == 0) return;
        Span<nint> idx = stackalloc nint[rank];
        nint offset = 0;
        while (true)
        {
            visit(ref state, offset);
            int k = rank - 1;
            for (; k >= 0; k--)
            {
                if (++idx[k] < shape[k]) { offset += strides[k]; break; }
                offset -= strides[k] * (shape[k] - 1);
                idx[k] = 0;
            }
            if (k < 0) return;
        }
    }

    /// <summary>Receives one element offset.</summary>
    public delegate void OffsetVisitor<TState>(ref TState state, nint offset) where TState : allows ref struct;

    /// <summary>Element offset of a multi-index, bounds-checked per axis.</summary>
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
}
