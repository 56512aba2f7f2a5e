using NativeArrays.Layout;

namespace NativeArrays;

/// <summary>
/// Work that writes every line along one axis of a new array from the same line of the source (a scan, a sort, a
/// partition). It gets the n-d layout of both and walks the lines itself (<c>NdIterator.ForEachLine</c>, <c>SortDriver</c>).
/// </summary>
internal unsafe interface ILineTransform<T, TOut> where T : unmanaged where TOut : unmanaged
{
    void Run(ReadOnlySpan<nint> shape, int axis, T* x, ReadOnlySpan<nint> xStrides, TOut* y, ReadOnlySpan<nint> yStrides);
}

public static unsafe partial class NDArray
{
    /// <summary>
    /// A new array of the source's shape whose lines along <paramref name="axis"/> (of the flattened array when null)
    /// <paramref name="transform"/> writes; the result is disposed if the transform throws.
    /// </summary>
    internal static NDArray<TOut> TransformLines<T, TOut, TTransform>(string operation, NDArray<T> array, int? axis, TTransform transform)
        where T : unmanaged where TOut : unmanaged where TTransform : struct, ILineTransform<T, TOut>
    {
        ArgumentNullException.ThrowIfNull(array);
        array.ThrowIfDisposed();
        if (axis is null)
        {
            using var flat = array.RavelOrTemporary(operation);
            return TransformLines<T, TOut, TTransform>(operation, flat, 0, transform);
        }
        int ax = LayoutOps.NormalizeAxis(axis.Value, array.Rank);
        var result = NDArray<TOut>.Allocate(array.Shape, zero: false);
        try
        {
            using var src = array.Pin();
            using var dst = result.Pin();
            transform.Run(array.Shape, ax, src.Pointer, array.Strides, dst.Pointer, result.Strides);
        }
        catch
        {
            result.Dispose();
            throw;
        }
        return result;
    }
}
