namespace NativeArrays.Kernels;

/// <summary>Work on one line of two operands along an axis (their pointers at the line's first element).</summary>
internal unsafe interface ILineKernel
{
    void Line(byte* x, byte* y, long lineIndex);
}

/// <summary>
/// Visits every line along one axis of a shape, for two operands with their own byte strides, in C order of the
/// other axes (line k is the k-th in that order). Used by scans and arg-reductions, whose result depends on order.
/// </summary>
internal static unsafe class Lines
{
    public static void ForEach<TKernel>(ReadOnlySpan<nint> shape, int axis, byte* x, ReadOnlySpan<nint> xStrides, byte* y, ReadOnlySpan<nint> yStrides, ref TKernel kernel)
        where TKernel : struct, ILineKernel
    {
        int r = shape.Length;
        long lines = 1;
        for (int d = 0; d < r; d++)
        {
            if (shape[d] == 0) return;
            if (d != axis) lines *= shape[d];
        }
        Span<nint> index = stackalloc nint[r];
        index.Clear();
        for (long k = 0; k < lines; k++)
        {
            kernel.Line(x, y, k);
            for (int d = r - 1; d >= 0; d--)
            {
                if (d == axis) continue;
                if (++index[d] < shape[d])
                {
                    x += xStrides[d];
                    y += yStrides[d];
                    break;
                }
                index[d] = 0;
                x -= (shape[d] - 1) * xStrides[d];
                y -= (shape[d] - 1) * yStrides[d];
            }
        }
    }
}
