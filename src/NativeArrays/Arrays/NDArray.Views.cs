using System.Runtime.CompilerServices;
using NativeArrays.Layout;

using NativeArrays.Arrays;
using NativeArrays.Kernels;
namespace NativeArrays;

// View operations: each returns a new array object (one lease, no native memory) over the same buffer.
public sealed unsafe partial class NDArray<T>
{
    /// <summary>
    /// NumPy basic indexing, a view: integers drop their axis (negative count from the end, <c>^1</c> too), ranges and
    /// <see cref="SliceIndex.Slice"/> keep it (clipped like NumPy, any non-zero step), <see cref="SliceIndex.NewAxis"/>
    /// inserts one, <see cref="SliceIndex.Ellipsis"/> stands for the remaining axes. Example: <c>a[1.., 0]</c>, <c>a[SliceIndex.Slice(step: -1)]</c>.
    /// </summary>
    /// <exception cref="ArgumentException">Too many indices, two ellipses, or the result exceeds the maximum rank.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An integer index is out of bounds; the message names axis and size.</exception>
    [System.Runtime.CompilerServices.IndexerName("Index")]
    public NDArray<T> this[params ReadOnlySpan<SliceIndex> index] => Slice(index);

    /// <summary>Same as the indexer (accepts a span of indices).</summary>
    public NDArray<T> Slice(params ReadOnlySpan<SliceIndex> index) => Derive(new ViewOp.Index(index));

    /// <summary>Reverses the order of the axes. A view.</summary>
    public NDArray<T> Transpose() => Derive(new ViewOp.Permute(default));

    /// <summary>Reorders the axes: output axis i is input axis <paramref name="axes"/>[i] (NumPy's <c>transpose(axes)</c>). A view.</summary>
    /// <exception cref="ArgumentException">The axes are not a permutation of 0..rank-1.</exception>
    public NDArray<T> Permute(params ReadOnlySpan<int> axes) => Derive(new ViewOp.Permute(axes));

    /// <summary>Exchanges two axes. A view.</summary>
    public NDArray<T> SwapAxes(int axis1, int axis2) => Derive(new ViewOp.SwapAxes(axis1, axis2));

    /// <summary>
    /// Views the elements, in C order, with another shape (one dimension may be -1). Never copies: when the strides
    /// do not allow a view it throws; use <see cref="ReshapeOrCopy"/> or <see cref="Copy"/> then.
    /// </summary>
    /// <exception cref="ArgumentException">The element counts differ or the shape is invalid.</exception>
    /// <exception cref="InvalidOperationException">Only a copy can have the new shape.</exception>
    public NDArray<T> Reshape(params ReadOnlySpan<nint> shape) => Derive(new ViewOp.Reshape(shape));

    /// <summary>Reshapes as a view when the strides allow; returns false (and no array) when a copy would be needed.</summary>
    public bool TryReshape(ReadOnlySpan<nint> shape, out NDArray<T> view)
    {
        view = TryDerive(new ViewOp.Reshape(shape))!;
        return view is not null;
    }

    /// <summary>Reshapes as a view when possible, otherwise copies (counted as <c>ReshapeOrCopy</c>); <paramref name="copied"/> tells which.</summary>
    public NDArray<T> ReshapeOrCopy(ReadOnlySpan<nint> shape, out bool copied)
    {
        if (TryReshape(shape, out var view)) { copied = false; return view; }
        copied = true;
        Span<nint> resolved = stackalloc nint[shape.Length];
        LayoutOps.ResolveShape(Shape, Size, shape, resolved);
        // The copy's owner takes the new shape: the result owns its data (it is not a view of a temporary).
        return CopyCore(fortranOrder: false, "ReshapeOrCopy").TransferOwnership(NDLayout.CreateContiguous(resolved));
    }

    /// <summary>Removes length-1 axes (all of them, or only <paramref name="axis"/>). A view.</summary>
    public NDArray<T> Squeeze(int? axis = null) => Derive(new ViewOp.Squeeze(axis));

    /// <summary>Inserts a length-1 axis at <paramref name="axis"/> (negative counts from the end of the result). A view.</summary>
    public NDArray<T> ExpandDims(int axis) => Derive(new ViewOp.ExpandDims(axis));

    /// <summary>Reverses the order along <paramref name="axis"/>, or along every axis when null. A view.</summary>
    public NDArray<T> Flip(int? axis = null) => Derive(new ViewOp.Flip(axis));

    /// <summary>The diagonal <paramref name="offset"/> of <paramref name="axis1"/> and <paramref name="axis2"/>, as the last axis. A writable view.</summary>
    public NDArray<T> Diagonal(nint offset = 0, int axis1 = 0, int axis2 = 1) => Derive(new ViewOp.Diagonal(offset, axis1, axis2));

    /// <summary>Broadcasts to <paramref name="shape"/> with NumPy's rules (stride 0 on repeated axes). A read-only view.</summary>
    /// <exception cref="ArgumentException">The shapes are not compatible; the message shows both.</exception>
    public NDArray<T> BroadcastTo(params ReadOnlySpan<nint> shape) => Derive(new ViewOp.BroadcastTo(shape));

    /// <summary>
    /// Expert view with explicit <paramref name="shape"/>, element <paramref name="strides"/> and buffer
    /// <paramref name="offset"/>. Validated: every element must lie inside the buffer, and a writable view must not
    /// reach one element through two indices (pass <paramref name="writable"/> false for such views).
    /// </summary>
    /// <exception cref="ArgumentException">The view leaves the buffer, or is writable with self-overlapping elements.</exception>
    public NDArray<T> AsStrided(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, nint? offset = null, bool writable = true) =>
        Derive(new ViewOp.AsStrided(shape, strides, offset, _buffer.ElementCount, writable && !IsReadOnly));

    /// <summary>
    /// The view <paramref name="op"/> makes of this array: the spans' derivation (<see cref="ViewState.Derive{TOp}"/>,
    /// the one implementation of every view operation) on this array's state, then its layout object (shared through
    /// <see cref="NDLayout.Create"/>'s cache) in a new view object.
    /// </summary>
    private NDArray<T> Derive<TOp>(scoped TOp op) where TOp : IViewOp, allows ref struct =>
        TryDerive(op, throwIfCopy: true)!;

    /// <summary>As <see cref="Derive{TOp}"/>; null when the operation (a reshape) needs a copy and <paramref name="throwIfCopy"/> is false.</summary>
    [SkipLocalsInit]
    private NDArray<T>? TryDerive<TOp>(scoped TOp op, bool throwIfCopy = false) where TOp : IViewOp, allows ref struct
    {
        ThrowIfDisposed();
        ViewState.Create(_buffer, LiveBufferId(), _offset, _layout, out var source);
        if (!ViewState.Derive(source, op, out var result, throwIfCopy)) return null;
        return NewView(result.ToLayout(), result.Offset, op.ReadOnlyResult);
    }

    /// <summary>A read-only view of this array.</summary>
    public NDArray<T> AsReadOnly() => NewView(_layout, _offset, readOnly: true);

    /// <summary>A new view object with the same layout (its own lease; dispose it separately).</summary>
    public NDArray<T> View() => NewView(_layout, _offset, readOnly: false);

    /// <summary>
    /// Whether the two arrays' element extents in the same buffer intersect (cheap; may say true when an exact test
    /// would say no).
    /// </summary>
    public bool MayShareMemory(NDArray<T> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return ReferenceEquals(_buffer, other._buffer) &&
               MemoryOverlap.MayShare(_offset, Shape, Strides, other._offset, other.Shape, other.Strides);
    }

    /// <summary>
    /// Whether some element is reachable from both arrays: exact, with a work bound (elements enumerated) past which
    /// the answer is <see cref="MemoryShare.TooHard"/>.
    /// </summary>
    public MemoryShare SharesMemory(NDArray<T> other, long maxWork = MemoryOverlap.DefaultMaxWork)
    {
        ArgumentNullException.ThrowIfNull(other);
        ArgumentOutOfRangeException.ThrowIfNegative(maxWork);
        if (!ReferenceEquals(_buffer, other._buffer)) return MemoryShare.No;
        return MemoryOverlap.Shares(_offset, Shape, Strides, other._offset, other.Shape, other.Strides, maxWork);
    }
}

/// <summary>C# 14 extension members for <see cref="NDArray{T}"/>.</summary>
public static class NDArrayExtensions
{
    extension<TElement>(NDArray<TElement> array) where TElement : unmanaged
    {
        /// <summary>The transpose (NumPy's <c>a.T</c>). A view.</summary>
        public NDArray<TElement> T => array.Transpose();
    }
}
