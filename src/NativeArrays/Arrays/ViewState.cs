using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NativeArrays.Memory;

namespace NativeArrays.Layout;

/// <summary>
/// The value behind the ref-struct views: buffer, origin address and inline shape/strides. Every view operation
/// returns a new value without touching the heap.
/// </summary>
internal unsafe struct ViewState
{
    public NativeBuffer Buffer;
    /// <summary>Address of element (0, ..., 0).</summary>
    public nint Origin;
    public DimBuffer ShapeStore;
    public DimBuffer StrideStore;
    public int Rank;

    public ViewState(NativeBuffer buffer, nint origin, ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides)
    {
        Buffer = buffer;
        Origin = origin;
        Rank = shape.Length;
        shape.CopyTo(ShapeStore);
        strides.CopyTo(StrideStore);
    }

    [UnscopedRef] public readonly ReadOnlySpan<nint> Shape => ((ReadOnlySpan<nint>)ShapeStore)[..Rank];
    [UnscopedRef] public readonly ReadOnlySpan<nint> Strides => ((ReadOnlySpan<nint>)StrideStore)[..Rank];

    public readonly nint Size
    {
        get
        {
            nint n = 1;
            foreach (nint d in Shape) n *= d;
            return n;
        }
    }

    public readonly void ThrowIfFreed()
    {
        if (Buffer is null || Buffer.IsClosed) ThrowFreed();
    }

    /// <summary>
    /// Takes a SafeHandle reference on the buffer for native access (pair with <see cref="SafeHandle.DangerousRelease"/>),
    /// so a concurrent dispose cannot free the memory meanwhile; throws <see cref="ObjectDisposedException"/> when
    /// the buffer is already released. One interlocked add, no allocation.
    /// </summary>
    public readonly NativeBuffer AddRef()
    {
        var buffer = Buffer;
        if (buffer is null) ThrowFreed();
        bool added = false;
        try { buffer.DangerousAddRef(ref added); }
        catch (ObjectDisposedException) { ThrowFreed(); }
        return buffer;
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowFreed() =>
        throw new ObjectDisposedException(nameof(NDSpan<byte>), "The array this view borrows from was disposed and its buffer freed.");

    public readonly T* Element<T>(ReadOnlySpan<nint> index) where T : unmanaged
    {
        ThrowIfFreed();
        return (T*)Origin + StridedLoop.OffsetOf(Shape, Strides, index);
    }

    private readonly ViewState With(int elementSize, nint offsetDelta, ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides)
    {
        ThrowIfFreed();
        return new ViewState(Buffer, Origin + offsetDelta * elementSize, shape, strides);
    }

    public readonly ViewState Index(int elementSize, ReadOnlySpan<SliceIndex> index)
    {
        DimBuffer s = default, t = default;
        int rank = LayoutOps.Index(Shape, Strides, index, s, t, out nint delta);
        return With(elementSize, delta, ((ReadOnlySpan<nint>)s)[..rank], ((ReadOnlySpan<nint>)t)[..rank]);
    }

    public readonly ViewState Permute(int elementSize, ReadOnlySpan<int> axes)
    {
        DimBuffer s = default, t = default;
        LayoutOps.Permute(Shape, Strides, axes, s, t);
        return With(elementSize, 0, ((ReadOnlySpan<nint>)s)[..Rank], ((ReadOnlySpan<nint>)t)[..Rank]);
    }

    public readonly ViewState Reshape(int elementSize, ReadOnlySpan<nint> newShape)
    {
        DimBuffer s = default, t = default;
        LayoutOps.ResolveShape(Shape, Size, newShape, s);
        var resolved = ((ReadOnlySpan<nint>)s)[..newShape.Length];
        if (!LayoutOps.TryReshapeStrides(Shape, Strides, resolved, t))
            throw new InvalidOperationException(
                $"Cannot reshape a view of shape {NDLayout.ShapeText(Shape)} and strides {NDLayout.ShapeText(Strides)} into {NDLayout.ShapeText(resolved)} without copying; copy it first (NDArray.Copy or ReshapeOrCopy).");
        return With(elementSize, 0, resolved, ((ReadOnlySpan<nint>)t)[..newShape.Length]);
    }

    public readonly ViewState BroadcastTo(int elementSize, ReadOnlySpan<nint> target)
    {
        NDLayout.CheckedSize(target);
        DimBuffer t = default;
        LayoutOps.BroadcastStrides(Shape, Strides, target, t);
        return With(elementSize, 0, target, ((ReadOnlySpan<nint>)t)[..target.Length]);
    }

    public readonly ViewState Squeeze(int elementSize, int? axis)
    {
        DimBuffer s = default, t = default;
        int rank = LayoutOps.Squeeze(Shape, Strides, axis, s, t);
        return With(elementSize, 0, ((ReadOnlySpan<nint>)s)[..rank], ((ReadOnlySpan<nint>)t)[..rank]);
    }

    public readonly ViewState ExpandDims(int elementSize, int axis)
    {
        DimBuffer s = default, t = default;
        int rank = LayoutOps.ExpandDims(Shape, Strides, axis, s, t);
        return With(elementSize, 0, ((ReadOnlySpan<nint>)s)[..rank], ((ReadOnlySpan<nint>)t)[..rank]);
    }

    public readonly ViewState Flip(int elementSize, int? axis)
    {
        DimBuffer t = default;
        nint delta = LayoutOps.Flip(Shape, Strides, axis, t);
        return With(elementSize, delta, Shape, ((ReadOnlySpan<nint>)t)[..Rank]);
    }

    public readonly ViewState Diagonal(int elementSize, nint k, int axis1, int axis2)
    {
        DimBuffer s = default, t = default;
        int rank = LayoutOps.Diagonal(Shape, Strides, k, axis1, axis2, s, t, out nint delta);
        return With(elementSize, delta, ((ReadOnlySpan<nint>)s)[..rank], ((ReadOnlySpan<nint>)t)[..rank]);
    }
}
