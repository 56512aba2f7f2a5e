using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NativeArrays.Memory;

using NativeArrays.Arrays;
using NativeArrays.Kernels;
namespace NativeArrays.Layout;

/// <summary>
/// The value behind the ref-struct views: buffer, element offset, the shape and strides as an immutable
/// <see cref="NDLayout"/>, and the buffer's id. 32 bytes: a view is built, zeroed and copied in its caller's frame on
/// every call, and the caller (user code, without <c>SkipLocalsInit</c>) zeroes every struct local that holds a reference,
/// so the size is paid per call (the former 160-byte state with 8 inline dimensions cost its callers a 1 KB zeroed
/// frame and a <c>rep movsq</c> per view: 48 against 21 ns for <c>Add</c> at n = 1). A span of an array borrows the
/// array's layout (<c>AsNDSpan</c> copies nothing); a derived view (every <see cref="IViewOp"/>, <see cref="Derive{TOp}"/>)
/// takes its layout from a per-thread cache of derived layouts in front of <see cref="NDLayout.Create"/>'s: no heap
/// allocation once a shape and strides were seen on the thread (a layout object once per distinct one otherwise).
/// </summary>
[SkipLocalsInit]
internal unsafe struct ViewState
{
    public NativeBuffer Buffer;
    /// <summary>Element offset of element (0, ..., 0) from the buffer start.</summary>
    public nint Offset;
    /// <summary>The shape and strides (null only in a default view).</summary>
    private NDLayout? _layout;
    /// <summary>The buffer's id (generation) when the view was made, copied on every derive: a buffer re-armed from the cache since has another and is refused.</summary>
    public long BufferId;

    /// <summary>The state of (<paramref name="buffer"/>, <paramref name="offset"/>, <paramref name="layout"/>): borrows the layout.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ViewState(NativeBuffer buffer, long bufferId, nint offset, NDLayout layout)
    {
        Buffer = buffer;
        Offset = offset;
        _layout = layout;
        BufferId = bufferId;
    }

    /// <summary>The state of (<paramref name="buffer"/>, <paramref name="offset"/>, <paramref name="layout"/>): borrows the layout.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Create(NativeBuffer buffer, long bufferId, nint offset, NDLayout layout, out ViewState result) =>
        result = new ViewState(buffer, bufferId, offset, layout);

    /// <summary>
    /// Applies <paramref name="op"/> to the view <paramref name="source"/> (which must not be freed), writing the
    /// result: the one implementation of every view operation, for the ref-struct views and the class view (which takes
    /// <see cref="ToLayout"/> of the result). Returns false, when <paramref name="throwIfCopy"/> is false, for a reshape
    /// that only a copy can do (the result is then undefined); otherwise throws for it.
    /// </summary>
    [SkipLocalsInit]
    public static bool Derive<TOp>(in ViewState source, scoped TOp op, out ViewState result, bool throwIfCopy = true) where TOp : IViewOp, allows ref struct
    {
        source.ThrowIfFreed();
        var layout = source.Layout;
        ReadOnlySpan<nint> shape = layout.Shape, strides = layout.Strides;
        nint offset = source.Offset;
        int bound = op.ResultRankBound(shape.Length);
        Span<nint> dims = stackalloc nint[2 * bound]; // one allocation: shape, then strides
        Span<nint> outShape = dims[..bound], outStrides = dims[bound..];
        if (!ViewOp.Apply(op, shape, strides, ref offset, outShape, outStrides, out int rank, throwIfCopy))
        {
            result = default;
            return false;
        }
        result = new ViewState(source.Buffer, source.BufferId, offset, NDLayout.Derived(layout, outShape[..rank], outStrides[..rank]));
        return true;
    }

    /// <summary>The shape and strides as a layout object (<see cref="NDLayout.Scalar"/> for a default view).</summary>
    public readonly NDLayout ToLayout() => Layout;

    /// <summary>
    /// The layout of a view that has a buffer (every view but the default one, which a call's guard refuses first):
    /// the field itself, without the default view's fallback.
    /// </summary>
    public readonly NDLayout LayoutWithBuffer
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _layout!;
    }

    /// <summary>The layout (<see cref="NDLayout.Scalar"/> for a default view, which has no buffer).</summary>
    private readonly NDLayout Layout
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _layout ?? NDLayout.Scalar;
    }

    [UnscopedRef]
    public readonly ReadOnlySpan<nint> Shape
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Layout.Shape;
    }

    [UnscopedRef]
    public readonly ReadOnlySpan<nint> Strides
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Layout.Strides;
    }

    public readonly int Rank
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Layout.Rank;
    }

    public readonly nint Size
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Layout.Size;
    }

    /// <summary>Whether the elements are row-major without gaps.</summary>
    public readonly bool IsCContiguous => Layout.IsCContiguous;

    /// <summary>Address of element (0, ..., 0) (hold a kernel reference on the buffer, <see cref="AddRef"/>, around its use).</summary>
    public readonly T* Pointer<T>() where T : unmanaged => (T*)Buffer.DangerousGetHandle() + Offset;

    public readonly void ThrowIfFreed()
    {
        if (Buffer is null || Buffer.IsClosed || Buffer.IsClosingForKernels || Buffer.Id != BufferId) ThrowFreed();
    }

    /// <summary>The buffer with the generation this view expects, for a call's <see cref="KernelGuard"/>.</summary>
    public readonly GuardedBuffer Guarded => new(Buffer, BufferId);

    /// <summary>
    /// Takes a kernel reference on the buffer for native access (<see cref="NativeBuffer.TryAcquireKernelRef"/>; pair
    /// with <see cref="NativeBuffer.ReleaseKernelRef"/>), the one guard of kernels and element accessors alike, so a
    /// concurrent dispose cannot free the memory meanwhile; throws <see cref="ObjectDisposedException"/> when the buffer
    /// is already released. One interlocked add each way, no allocation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly NativeBuffer AddRef()
    {
        var buffer = Buffer;
        if (buffer is null || !buffer.TryAcquireKernelRef(BufferId)) ThrowFreed();
        return buffer;
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowFreed() =>
        throw new ObjectDisposedException(nameof(NDSpan<byte>), "The array this view borrows from was disposed and its buffer freed.");

    /// <summary>The address of the element at <paramref name="index"/> (bounds-checked; throws when the buffer was freed).</summary>
    public readonly T* Element<T>(ReadOnlySpan<nint> index) where T : unmanaged
    {
        ThrowIfFreed();
        return Pointer<T>() + LayoutOps.OffsetOf(Shape, Strides, index);
    }

    /// <summary>The element at <paramref name="index"/>, read under a kernel reference on the buffer.</summary>
    public readonly T Get<T>(ReadOnlySpan<nint> index) where T : unmanaged
    {
        nint o = LayoutOps.OffsetOf(Shape, Strides, index);
        var buffer = AddRef();
        T value = Pointer<T>()[o]; // a plain read cannot throw: no try/finally needed around it
        buffer.ReleaseKernelRef();
        return value;
    }

    /// <summary>Writes the element at <paramref name="index"/> under a kernel reference on the buffer.</summary>
    public readonly void Set<T>(ReadOnlySpan<nint> index, T value) where T : unmanaged
    {
        nint o = LayoutOps.OffsetOf(Shape, Strides, index);
        var buffer = AddRef();
        Pointer<T>()[o] = value;
        buffer.ReleaseKernelRef();
    }

    /// <summary>Sets every element under a kernel reference on the buffer.</summary>
    public readonly void Fill<T>(T value) where T : unmanaged
    {
        var buffer = AddRef();
        try { NdIterator.FillOrdered(Pointer<T>(), Shape, Strides, value); }
        finally { buffer.ReleaseKernelRef(); }
    }
}
