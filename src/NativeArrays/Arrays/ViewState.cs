using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NativeArrays.Memory;

using NativeArrays.Arrays;
using NativeArrays.Kernels;
namespace NativeArrays.Layout;

/// <summary>
/// The value behind the ref-struct views: buffer, element offset and inline shape/strides. Every view operation
/// (a <see cref="ViewOp"/>) derives a new value in place (<c>Derive</c>) without touching the heap; the class
/// view goes through the same <c>Derive</c> and only then makes its layout object. 536 bytes (two inline
/// rank-32 buffers): pass it by reference (<c>in</c>/<c>ref</c>/<c>out</c>), never by value.
/// </summary>
[SkipLocalsInit]
internal unsafe struct ViewState
{
    public NativeBuffer Buffer;
    /// <summary>Element offset of element (0, ..., 0) from the buffer start.</summary>
    public nint Offset;
    public DimBuffer ShapeStore;
    public DimBuffer StrideStore;
    public int Rank;

    /// <summary>The state of (<paramref name="buffer"/>, <paramref name="offset"/>, <paramref name="shape"/>, <paramref name="strides"/>), written in place.</summary>
    public static void Create(NativeBuffer buffer, nint offset, ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, out ViewState result)
    {
        Unsafe.SkipInit(out result);
        result.Buffer = buffer;
        result.Offset = offset;
        result.Rank = shape.Length;
        shape.CopyTo(result.ShapeStore);
        strides.CopyTo(result.StrideStore);
    }

    /// <summary>
    /// Applies <paramref name="op"/> to a source view (buffer, offset, shape, strides), writing the result in place:
    /// the one implementation of every view operation, for the class view and both ref-struct views.
    /// </summary>
    public static void Derive(NativeBuffer buffer, nint offset, ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, in ViewOp op, out ViewState result)
    {
        Unsafe.SkipInit(out result);
        result.Buffer = buffer;
        result.Offset = offset;
        op.Apply(shape, strides, ref result.Offset, result.ShapeStore, result.StrideStore, out result.Rank);
    }

    /// <summary>As <see cref="Derive(NativeBuffer, nint, ReadOnlySpan{nint}, ReadOnlySpan{nint}, in ViewOp, out ViewState)"/>, but false for a reshape that needs a copy.</summary>
    public static bool TryDerive(NativeBuffer buffer, nint offset, ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, in ViewOp op, out ViewState result)
    {
        Unsafe.SkipInit(out result);
        result.Buffer = buffer;
        result.Offset = offset;
        return op.TryApply(shape, strides, ref result.Offset, result.ShapeStore, result.StrideStore, out result.Rank);
    }

    /// <summary>Applies <paramref name="op"/> to the view <paramref name="source"/> (which must not be freed).</summary>
    public static void Derive(in ViewState source, in ViewOp op, out ViewState result)
    {
        source.ThrowIfFreed();
        Derive(source.Buffer, source.Offset, source.Shape, source.Strides, op, out result);
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

    /// <summary>Whether the elements are row-major without gaps.</summary>
    public readonly bool IsCContiguous => (NDLayout.ComputeFlags(Shape, Strides) & NDLayout.CContiguousFlag) != 0;

    /// <summary>Address of element (0, ..., 0) (hold the buffer's SafeHandle reference around its use).</summary>
    public readonly T* Pointer<T>() where T : unmanaged => (T*)Buffer.DangerousGetHandle() + Offset;

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

    /// <summary>The address of the element at <paramref name="index"/> (bounds-checked; throws when the buffer was freed).</summary>
    public readonly T* Element<T>(ReadOnlySpan<nint> index) where T : unmanaged
    {
        ThrowIfFreed();
        return Pointer<T>() + StridedLoop.OffsetOf(Shape, Strides, index);
    }

    /// <summary>The element at <paramref name="index"/>, read under the buffer's SafeHandle reference.</summary>
    public readonly T Get<T>(ReadOnlySpan<nint> index) where T : unmanaged
    {
        nint o = StridedLoop.OffsetOf(Shape, Strides, index);
        var buffer = AddRef();
        try { return Pointer<T>()[o]; }
        finally { buffer.DangerousRelease(); }
    }

    /// <summary>Writes the element at <paramref name="index"/> under the buffer's SafeHandle reference.</summary>
    public readonly void Set<T>(ReadOnlySpan<nint> index, T value) where T : unmanaged
    {
        nint o = StridedLoop.OffsetOf(Shape, Strides, index);
        var buffer = AddRef();
        try { Pointer<T>()[o] = value; }
        finally { buffer.DangerousRelease(); }
    }

    /// <summary>Sets every element under the buffer's SafeHandle reference.</summary>
    public readonly void Fill<T>(T value) where T : unmanaged
    {
        var buffer = AddRef();
        try { StridedLoop.Fill(Pointer<T>(), Shape, Strides, value); }
        finally { buffer.DangerousRelease(); }
    }
}
