using NativeArrays.Kernels;
using NativeArrays.Layout;

namespace NativeArrays;

// Writes through a slice without a view object: NumPy's a[10:20] = 1 and a[10:20] = b, no temporary array.
public sealed unsafe partial class NDArray<T>
{
    /// <summary>
    /// Sets the elements selected by <paramref name="index"/> (NumPy basic indexing, as the indexer) to
    /// <paramref name="value"/>: <c>a.Fill(1f, 10..20)</c> is NumPy's <c>a[10:20] = 1</c>. Creates no array object and
    /// allocates nothing on the managed heap.
    /// </summary>
    /// <exception cref="InvalidOperationException">The array is read-only.</exception>
    /// <exception cref="ArgumentException">Too many indices or two ellipses.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An integer index is out of bounds; the message names axis and size.</exception>
    public void Fill(T value, params ReadOnlySpan<SliceIndex> index)
    {
        ThrowIfDisposed();
        ThrowIfReadOnly();
        Span<nint> s = stackalloc nint[NDLayout.MaxRank], t = stackalloc nint[NDLayout.MaxRank];
        int rank = LayoutOps.Index(Shape, Strides, index, s, t, out nint delta);
        using var pin = Pin();
        NdIterator.FillOrdered(pin.Pointer + delta, s[..rank], t[..rank], value);
    }

    /// <summary>
    /// Copies this array, broadcast, into the elements of <paramref name="destination"/> selected by
    /// <paramref name="index"/>: <c>b.CopyTo(a, 10..20)</c> is NumPy's <c>a[10:20] = b</c>. Creates no array object;
    /// overlap between the two is handled as if this array were copied first (through a counted temporary).
    /// </summary>
    /// <exception cref="ArgumentException">This array does not broadcast to the selection's shape, or the index is invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An integer index is out of bounds; the message names axis and size.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public void CopyTo(NDArray<T> destination, params ReadOnlySpan<SliceIndex> index)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ThrowIfDisposed();
        destination.ThrowIfDisposed();
        destination.ThrowIfReadOnly("The destination");
        Span<nint> s = stackalloc nint[NDLayout.MaxRank], t = stackalloc nint[NDLayout.MaxRank];
        int rank = LayoutOps.Index(destination.Shape, destination.Strides, index, s, t, out nint delta);
        Span<nint> b = stackalloc nint[rank];
        LayoutOps.BroadcastStrides(Shape, Strides, s[..rank], b);
        using var src = Pin();
        using var dst = destination.Pin();
        Elementwise.Copy<T>(s[..rank], new Operand(dst.Pointer + delta, t[..rank]), new Operand(src.Pointer, b));
    }
}
