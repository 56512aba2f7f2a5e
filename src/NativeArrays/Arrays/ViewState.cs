using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NativeArrays.Memory;

using NativeArrays.Arrays;
using NativeArrays.Kernels;
namespace NativeArrays.Layout;

/// <summary>
/// The value behind the ref-struct views: buffer, element offset, and the shape/strides, either borrowed from an
/// immutable <see cref="NDLayout"/> (a span of an array: <c>AsNDSpan</c> copies nothing) or stored inline for up to
/// <see cref="InlineRank"/> dimensions. Every view operation (an <see cref="IViewOp"/>) derives a new value in place
/// (<see cref="Derive{TOp}"/>) without touching the heap up to that rank; a derived view of higher rank takes its
/// layout from <see cref="NDLayout.Create"/>'s per-thread cache (allocated once per distinct shape and strides).
/// 160 bytes, not 536 (two inline rank-32 buffers): every caller zeroes and copies this struct, so its size is paid
/// per call.
/// </summary>
[SkipLocalsInit]
internal unsafe struct ViewState
{
    /// <summary>Most dimensions a derived view stores inline (without a layout object).</summary>
    public const int InlineRank = 8;

    public NativeBuffer Buffer;
    /// <summary>The buffer's id (generation) when the view was made: a buffer re-armed from the cache since has another and is refused.</summary>
    public long BufferId;
    /// <summary>Element offset of element (0, ..., 0) from the buffer start.</summary>
    public nint Offset;
    /// <summary>The shape and strides when borrowed (null: they are inline).</summary>
    private NDLayout? _layout;
    public int Rank;
    /// <summary>Shape entries 0..<see cref="InlineRank"/>-1, then stride entries.</summary>
    private InlineDims _dims;

    [InlineArray(2 * InlineRank)]
    private struct InlineDims
    {
        private nint _element0;
    }

    /// <summary>The state of (<paramref name="buffer"/>, <paramref name="offset"/>, <paramref name="layout"/>): borrows the layout.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Create(NativeBuffer buffer, long bufferId, nint offset, NDLayout layout, out ViewState result)
    {
        Unsafe.SkipInit(out result);
        result.Buffer = buffer;
        result.BufferId = bufferId;
        result.Offset = offset;
        result._layout = layout;
        result.Rank = layout.Rank;
    }

    /// <summary>
    /// Applies <paramref name="op"/> to the view <paramref name="source"/> (which must not be freed), writing the
    /// result in place: the one implementation of every view operation, for the ref-struct views and the class view
    /// (which takes <see cref="ToLayout"/> of the result). Returns false, when <paramref name="throwIfCopy"/> is
    /// false, for a reshape that only a copy can do (the result is then undefined); otherwise throws for it.
    /// </summary>
    [SkipLocalsInit]
    public static bool Derive<TOp>(in ViewState source, scoped TOp op, out ViewState result, bool throwIfCopy = true) where TOp : IViewOp, allows ref struct
    {
        source.ThrowIfFreed();
        ReadOnlySpan<nint> shape = source.Shape, strides = source.Strides;
        nint offset = source.Offset;
        int bound = op.ResultRankBound(shape.Length);
        Unsafe.SkipInit(out result);
        result.Buffer = source.Buffer;
        result.BufferId = source.BufferId;
        if (bound <= InlineRank)
        {
            // Straight into the result: no intermediate buffer, nothing to copy.
            Span<nint> dims = result._dims;
            result._layout = null;
            if (!ViewOp.Apply(op, shape, strides, ref offset, dims[..bound], dims.Slice(InlineRank, bound), out result.Rank, throwIfCopy)) return false;
        }
        else
        {
            Span<nint> dims = stackalloc nint[2 * bound]; // one allocation: shape, then strides
            Span<nint> outShape = dims[..bound], outStrides = dims[bound..];
            if (!ViewOp.Apply(op, shape, strides, ref offset, outShape, outStrides, out int rank, throwIfCopy)) return false;
            result.SetDims(outShape[..rank], outStrides[..rank]);
        }
        result.Offset = offset;
        return true;
    }

    /// <summary>The shape and strides as a layout object: the borrowed one, or the shared one from <see cref="NDLayout.Create"/>'s cache.</summary>
    public readonly NDLayout ToLayout() => _layout ?? NDLayout.Create(Shape, Strides);

    /// <summary>Stores shape and strides inline when they fit, else in a (cached) layout object.</summary>
    private void SetDims(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides)
    {
        Rank = shape.Length;
        if (shape.Length <= InlineRank)
        {
            Span<nint> dims = _dims;
            shape.CopyTo(dims);
            strides.CopyTo(dims[InlineRank..]);
            _layout = null;
        }
        else _layout = NDLayout.Create(shape, strides);
    }

    [UnscopedRef]
    public readonly ReadOnlySpan<nint> Shape
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _layout is { } layout ? layout.Shape : MemoryMarshal.CreateReadOnlySpan(in InlineDim(0), Rank);
    }

    [UnscopedRef]
    public readonly ReadOnlySpan<nint> Strides
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _layout is { } layout ? layout.Strides : MemoryMarshal.CreateReadOnlySpan(in InlineDim(InlineRank), Rank);
    }

    /// <summary>Inline entry <paramref name="i"/> (no bounds check: callers pass 0 or <see cref="InlineRank"/>).</summary>
    [UnscopedRef, MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly ref readonly nint InlineDim(int i) => ref Unsafe.Add(ref Unsafe.As<InlineDims, nint>(ref Unsafe.AsRef(in _dims)), i);

    public readonly nint Size
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _layout is { } layout ? layout.Size : InlineSize();
    }

    private readonly nint InlineSize()
    {
        nint n = 1;
        foreach (nint d in Shape) n *= d;
        return n;
    }

    /// <summary>Whether the elements are row-major without gaps.</summary>
    public readonly bool IsCContiguous => _layout is { } layout ? layout.IsCContiguous : (NDLayout.ComputeFlags(Shape, Strides) & NDLayout.CContiguousFlag) != 0;

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
