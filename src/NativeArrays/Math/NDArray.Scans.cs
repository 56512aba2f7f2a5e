using System.Numerics;
using NativeArrays.Kernels;
using NativeArrays.Layout;
using NativeArrays.Memory;

namespace NativeArrays;

/// <summary>
/// Cumulative sum or product of one line accumulated in <typeparamref name="TAcc"/>: y[i] = y[i-1] ∘ x[i], sequential
/// as NumPy (each element converted truncating; integer accumulators wrap in TAcc).
/// </summary>
internal unsafe struct ScanLine<T, TAcc> : ILineKernel, ILineTransform<T, TAcc> where T : unmanaged, INumberBase<T> where TAcc : unmanaged, INumberBase<TAcc>
{
    public nint N, XStride, YStride;
    public bool Product;

    public void Run(ReadOnlySpan<nint> shape, int axis, T* x, ReadOnlySpan<nint> xStrides, TAcc* y, ReadOnlySpan<nint> yStrides)
    {
        (N, XStride, YStride) = (shape[axis], xStrides[axis] * sizeof(T), yStrides[axis] * sizeof(TAcc));
        NdIterator.ForEachLine(shape, axis, x, xStrides, y, yStrides, ref this);
    }

    public void Line(byte* x, byte* y, long lineIndex)
    {
        TAcc acc = Product ? TAcc.One : TAcc.Zero;
        for (nint i = 0; i < N; i++)
        {
            TAcc v = TAcc.CreateTruncating(*(T*)(x + i * XStride));
            acc = Product ? acc * v : acc + v;
            *(TAcc*)(y + i * YStride) = acc;
        }
    }
}

// Cumulative products (and accumulator-typed scans) and n-th differences.
public static unsafe partial class NDArray
{
    extension<T>(NDArray<T> array) where T : unmanaged, INumber<T>
    {
        /// <summary>
        /// Cumulative product along <paramref name="axis"/> (same shape), into a new array (NumPy's <c>cumprod</c>). In
        /// generic code the element type is kept (integers wrap); 8-to-32-bit integer and bool arrays have non-generic
        /// forms accumulating in 64 bits, as NumPy, which C# picks whenever the element type is known.
        /// </summary>
        public NDArray<T> CumProd(int axis) => Scan<T, T>("CumProd", array, axis, product: true);
        /// <summary>Cumulative product of the elements in C order, into a new 1-d array.</summary>
        public NDArray<T> CumProd() => Scan<T, T>("CumProd", array, null, product: true);

    }

    internal static TAcc WideProd<T, TAcc>(NDArray<T> x) where T : unmanaged, INumberBase<T> where TAcc : unmanaged, INumberBase<TAcc>
        => ReductionForms.Whole<T, TAcc, WideningProductOp<T, TAcc>>("Prod", x, needsElements: false);

    internal static NDArray<TAcc> WideProd<T, TAcc>(NDArray<T> x, ReadOnlySpan<int> axes, bool keepDims)
        where T : unmanaged, INumberBase<T> where TAcc : unmanaged, INumberBase<TAcc>
        => ReductionForms.Axes<T, TAcc, WideningProductOp<T, TAcc>>("Prod", x, axes, keepDims, false);

    /// <summary>Cumulative sum or product along the axis (or of the flattened array when null) accumulated in TAcc; a new array.</summary>
    internal static NDArray<TAcc> Scan<T, TAcc>(string operation, NDArray<T> array, int? axis, bool product)
        where T : unmanaged, INumberBase<T> where TAcc : unmanaged, INumberBase<TAcc>
        => TransformLines<T, TAcc, ScanLine<T, TAcc>>(operation, array, axis, new() { Product = product });

    /// <summary>
    /// The <paramref name="n"/>-th discrete difference along <paramref name="axis"/>: out[i] = a[i+1] - a[i], applied n
    /// times (NumPy's <c>diff</c>; the axis shrinks by n, to 0 at least). A new array (n = 0 gives a copy, counted as <c>Diff</c>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative or the axis is out of range.</exception>
    /// <exception cref="ArgumentException">The array is 0-d.</exception>
    public static NDArray<T> Diff<T>(NDArray<T> array, int n = 1, int axis = -1) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(array);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        array.ThrowIfDisposed();
        if (array.Rank == 0) throw new ArgumentException("Diff needs at least one dimension; the array is 0-d.", nameof(array));
        int ax = LayoutOps.NormalizeAxis(axis, array.Rank);
        if (n == 0) return array.CopyCore(fortranOrder: false, "Diff");
        NDArray<T>? current = null;
        try
        {
            for (int k = 0; k < n; k++)
            {
                var source = current ?? array;
                using var upper = SliceAxis(source, ax, 1, null);
                using var lower = SliceAxis(source, ax, 0, Math.Max(source.Shape[ax] - 1, 0));
                var next = Subtract(upper, lower);
                current?.Dispose();
                current = next;
            }
            return current!;
        }
        catch
        {
            current?.Dispose();
            throw;
        }
    }
}
