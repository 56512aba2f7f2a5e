using System.Numerics;

namespace NativeArrays.Kernels;

/// <summary>
/// Cumulative sum along an axis (sequential along the axis, as NumPy). When the axis is not the input's
/// fastest one, whole slices are added with the vectorised binary driver (out[j] = out[j-1] + x[j]); otherwise
/// each line is scanned on its own.
/// </summary>
internal static unsafe class Scan
{
    /// <summary><paramref name="output"/> must not overlap <paramref name="x"/> (callers stage or allocate it).</summary>
    public static void CumulativeSum<T>(ReadOnlySpan<nint> shape, T* x, ReadOnlySpan<nint> strides, int axis, T* output, ReadOnlySpan<nint> outputStrides)
        where T : unmanaged, INumber<T>
    {
        int r = shape.Length;
        nint n = shape[axis];
        long others = 1;
        bool fastest = true;
        for (int d = 0; d < r; d++)
        {
            if (shape[d] == 0) return;
            if (d == axis) continue;
            others *= shape[d];
            if (shape[d] > 1 && Math.Abs(strides[d]) < Math.Abs(strides[axis])) fastest = false;
        }
        if (fastest || others < 64)
        {
            var kernel = new LineKernel<T> { Length = n, XStride = strides[axis] * sizeof(T), OStride = outputStrides[axis] * sizeof(T) };
            NdIterator.ForEachLine(shape, axis, x, strides, output, outputStrides, ref kernel);
            return;
        }
        // Slices: the shape and strides without the axis.
        Span<nint> sliceShape = stackalloc nint[r - 1];
        Span<nint> sx = stackalloc nint[r - 1];
        Span<nint> so = stackalloc nint[r - 1];
        for (int d = 0, k = 0; d < r; d++)
        {
            if (d == axis) continue;
            sliceShape[k] = shape[d];
            sx[k] = strides[d];
            so[k++] = outputStrides[d];
        }
        Elementwise.Copy<T>(sliceShape, new Operand(output, so), new Operand(x, sx));
        for (nint j = 1; j < n; j++)
        {
            T* previous = output + (j - 1) * outputStrides[axis];
            Elementwise.Binary<T, T, AddOp<T>>("CumSum", sliceShape, new Operand(output + j * outputStrides[axis], so),
                new Operand(previous, so), new Operand(x + j * strides[axis], sx));
        }
    }

    private struct LineKernel<T> : ILineKernel where T : unmanaged, INumber<T>
    {
        public nint Length, XStride, OStride;

        public readonly void Line(byte* x, byte* y, long lineIndex)
        {
            T acc = T.Zero;
            for (nint i = 0; i < Length; i++)
            {
                acc += *(T*)(x + i * XStride);
                *(T*)(y + i * OStride) = acc;
            }
        }
    }
}
