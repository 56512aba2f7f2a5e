using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using NativeArrays.Layout;
using NativeArrays.Memory;

using NativeArrays.Arrays;
using NativeArrays.Kernels;
namespace NativeArrays;

/// <summary>
/// A zero-allocation view of an <see cref="NDArray{T}"/> for a scope: the same slicing API as the class view,
/// with shape and strides borrowed from the array's layout or stored inline (up to 8 dimensions; a derived view of
/// higher rank shares a per-thread cached layout, allocated once per distinct shape and strides). It borrows: do not dispose
/// the array while the view is in use (element access after the buffer was freed throws <see cref="ObjectDisposedException"/>).
/// </summary>
[SkipLocalsInit]
public unsafe ref partial struct NDSpan<T> where T : unmanaged
{
    private ViewState _state;

    /// <summary>A view of (<paramref name="buffer"/>, <paramref name="offset"/>, <paramref name="layout"/>); borrows the layout (copies nothing).</summary>
    internal NDSpan(NativeBuffer buffer, nint offset, NDLayout layout) => ViewState.Create(buffer, offset, layout, out _state);

    /// <summary>The view <paramref name="op"/> makes of this one (<see cref="ViewState.Derive{TOp}"/>, specialised per operation).</summary>
    private readonly NDSpan<T> Derive<TOp>(scoped TOp op) where TOp : IViewOp, allows ref struct
    {
        Unsafe.SkipInit(out NDSpan<T> result);
        ViewState.Derive(_state, op, out result._state);
        return result;
    }

    [UnscopedRef] internal readonly ref readonly ViewState State => ref _state;
    /// <summary>Takes the buffer's SafeHandle reference for native access (throws ObjectDisposedException when freed); release it after.</summary>
    internal readonly NativeBuffer AddRef() => _state.AddRef();
    /// <summary>Address of element (0, ..., 0) (kernels hold the buffer's SafeHandle reference around use).</summary>
    internal readonly T* Pointer => _state.Pointer<T>();
    /// <summary>The buffer this view borrows.</summary>
    public readonly NativeBuffer Buffer => _state.Buffer;
    /// <summary>Length of each dimension.</summary>
    [UnscopedRef] public readonly ReadOnlySpan<nint> Shape => _state.Shape;
    /// <summary>Element strides of each dimension.</summary>
    [UnscopedRef] public readonly ReadOnlySpan<nint> Strides => _state.Strides;
    /// <summary>Number of dimensions.</summary>
    public readonly int Rank => _state.Rank;
    /// <summary>Number of elements.</summary>
    public readonly nint Size => _state.Size;
    /// <summary>Whether the elements are row-major without gaps.</summary>
    public readonly bool IsCContiguous => _state.IsCContiguous;

    /// <summary>
    /// The element at <paramref name="index"/>, by reference (bounds-checked; negative positions count from the end).
    /// The reference is used after this call returns, so nothing can guard it: disposing the array while the
    /// reference is in use reads freed memory, as with a <see cref="Span{T}"/>. Where another thread may dispose the
    /// array, use <see cref="Get"/> and <see cref="Set"/>, which hold the buffer for the access.
    /// </summary>
    public readonly ref T At(params ReadOnlySpan<nint> index) => ref *_state.Element<T>(index);

    /// <summary>The element at <paramref name="index"/> (bounds-checked; negative positions count from the end).</summary>
    /// <exception cref="ObjectDisposedException">The array was disposed (checked under the buffer's reference, so a concurrent dispose is safe).</exception>
    public readonly T Get(params ReadOnlySpan<nint> index) => _state.Get<T>(index);

    /// <summary>Writes <paramref name="value"/> at <paramref name="index"/> (bounds-checked; negative positions count from the end).</summary>
    /// <exception cref="ObjectDisposedException">The array was disposed (checked under the buffer's reference, so a concurrent dispose is safe).</exception>
    public readonly void Set(ReadOnlySpan<nint> index, T value) => _state.Set(index, value);

    /// <summary>NumPy basic indexing: integers, slices, <see cref="SliceIndex.NewAxis"/>, <see cref="SliceIndex.Ellipsis"/>. A view.</summary>
    public readonly NDSpan<T> this[params ReadOnlySpan<SliceIndex> index] => Derive(new ViewOp.Index(index));
    /// <summary>Same as the indexer.</summary>
    public readonly NDSpan<T> Slice(params ReadOnlySpan<SliceIndex> index) => Derive(new ViewOp.Index(index));
    /// <summary>Reverses the axes. A view.</summary>
    public readonly NDSpan<T> Transpose() => Derive(new ViewOp.Permute(default));
    /// <summary>Reorders the axes: output axis i is input axis <paramref name="axes"/>[i]. A view.</summary>
    public readonly NDSpan<T> Permute(params ReadOnlySpan<int> axes) => Derive(new ViewOp.Permute(axes));
    /// <summary>Exchanges two axes. A view.</summary>
    public readonly NDSpan<T> SwapAxes(int axis1, int axis2) => Derive(new ViewOp.SwapAxes(axis1, axis2));
    /// <summary>Views the elements (C order) with another shape; one dimension may be -1. Throws when a copy would be needed.</summary>
    public readonly NDSpan<T> Reshape(params ReadOnlySpan<nint> shape) => Derive(new ViewOp.Reshape(shape));
    /// <summary>Removes length-1 axes (all, or the one given). A view.</summary>
    public readonly NDSpan<T> Squeeze(int? axis = null) => Derive(new ViewOp.Squeeze(axis));
    /// <summary>Inserts a length-1 axis. A view.</summary>
    public readonly NDSpan<T> ExpandDims(int axis) => Derive(new ViewOp.ExpandDims(axis));
    /// <summary>Reverses the order along one axis, or all when null. A view.</summary>
    public readonly NDSpan<T> Flip(int? axis = null) => Derive(new ViewOp.Flip(axis));
    /// <summary>The k-th diagonal of two axes, appended as the last axis. A view.</summary>
    public readonly NDSpan<T> Diagonal(nint offset = 0, int axis1 = 0, int axis2 = 1) => Derive(new ViewOp.Diagonal(offset, axis1, axis2));
    /// <summary>Broadcasts to <paramref name="shape"/> (NumPy rules). A read-only view.</summary>
    public readonly ReadOnlyNDSpan<T> BroadcastTo(params ReadOnlySpan<nint> shape) => ReadOnlyNDSpan<T>.Derive(_state, new ViewOp.BroadcastTo(shape));

    /// <summary>This view as read-only.</summary>
    public readonly ReadOnlyNDSpan<T> AsReadOnly() => new(_state);

    /// <summary>A read-only view of a writable one.</summary>
    public static implicit operator ReadOnlyNDSpan<T>(NDSpan<T> span) => new(span._state);

    /// <summary>Sets every element to <paramref name="value"/>.</summary>
    /// <exception cref="ObjectDisposedException">The array was disposed (the buffer is held for the whole fill, so a concurrent dispose waits for it).</exception>
    public readonly void Fill(T value) => _state.Fill(value);
}
