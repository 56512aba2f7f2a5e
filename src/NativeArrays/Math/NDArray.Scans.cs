using System.Numerics;
using NativeArrays.Kernels;
using NativeArrays.Layout;
using NativeArrays.Memory;

namespace NativeArrays;

/// <summary>Cumulative product of one line: y[i] = y[i-1]·x[i], sequential as NumPy (integers wrap in the element type).</summary>
internal unsafe struct ProductLine<T> : ILineKernel where T : unmanaged, INumber<T>
{
    public nint N, XStride, YStride;

    public void Line(byte* x, byte* y, long lineIndex)
    {
        T acc = T.One;
        for (nint i = 0; i < N; i++)
        {
            acc *= *(T*)(x + i * XStride);
            *(T*)(y + i * YStride) = acc;
        }
    }
}

// Cumulative product and n-th differences.
public static unsafe partial class NDArray
{
    extension<T>(NDArray<T> array) where T : unmanaged, INumber<T>
    {
        /// <summary>Cumulative product along <paramref name="axis"/> (same shape), into a new array (NumPy's <c>cumprod</c>; integers keep their type and wrap).</summary>
        public NDArray<T> CumProd(int axis) => CumulativeProduct(array, axis);
        /// <summary>Cumulative product of the elements in C order, into a new 1-d array.</summary>
        public NDArray<T> CumProd() => CumulativeProduct(array, null);
    }

    private static NDArray<T> CumulativeProduct<T>(NDArray<T> array, int? axis) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(array);
        array.ThrowIfDisposed();
        if (axis is null)
        {
            using var flat = array.RavelOrTemporary("CumProd");
            return CumulativeProduct(flat, 0);
        }
        int ax = LayoutOps.NormalizeAxis(axis.Value, array.Rank);
        var result = NDArray<T>.Allocate(array.Shape, zero: false);
        try
        {
            int r = array.Rank;
            Span<nint> xb = stackalloc nint[r], yb = stackalloc nint[r];
            for (int d = 0; d < r; d++) { xb[d] = array.Strides[d] * sizeof(T); yb[d] = result.Strides[d] * sizeof(T); }
            using var src = array.Pin();
            using var dst = result.Pin();
            var kernel = new ProductLine<T> { N = array.Shape[ax], XStride = xb[ax], YStride = yb[ax] };
            Lines.ForEach(array.Shape, ax, (byte*)src.Pointer, xb, (byte*)dst.Pointer, yb, ref kernel);
        }
        catch
        {
            result.Dispose();
            throw;
        }
        return result;
    }

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
