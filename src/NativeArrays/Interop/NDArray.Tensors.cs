using System.Numerics.Tensors;
using NativeArrays.Kernels;
using NativeArrays.Layout;
using NativeArrays.Memory;

namespace NativeArrays;

// Bridge to System.Numerics.Tensors: zero-copy TensorSpan views where TensorSpan accepts the layout, named copies otherwise.
public sealed unsafe partial class NDArray<T>
{
    /// <summary>
    /// This array as a <see cref="TensorSpan{T}"/> over the same memory (no copy), for every layout TensorSpan accepts:
    /// C and F order, gaps between rows, zero (broadcast) strides. False, with <paramref name="reason"/> naming the shape and
    /// strides, for the layouts it refuses: negative strides, a zero-length dimension, strides that make two indices reach the
    /// same element (other than zero strides), 0-d arrays; and for read-only arrays (use <see cref="TryAsReadOnlyTensorSpan(out ReadOnlyTensorSpan{T}, out string?)"/>).
    /// A ref struct cannot hold a lease: do not dispose the array while the span is in use.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The array was disposed.</exception>
    public bool TryAsTensorSpan(out TensorSpan<T> span, out string? reason)
    {
        span = default;
        if (IsReadOnly)
        {
            reason = $"The array of shape {NDLayout.ShapeText(Shape)} is read-only; use TryAsReadOnlyTensorSpan.";
            return false;
        }
        return TryTensorSpanCore(out span, out reason);
    }

    /// <summary>Same as <see cref="TryAsTensorSpan(out TensorSpan{T}, out string?)"/> without the reason.</summary>
    public bool TryAsTensorSpan(out TensorSpan<T> span) => TryAsTensorSpan(out span, out _);

    /// <summary>
    /// This array as a <see cref="ReadOnlyTensorSpan{T}"/> over the same memory (no copy); read-only arrays allowed. The
    /// layouts refused are those of <see cref="TryAsTensorSpan(out TensorSpan{T}, out string?)"/>; <paramref name="reason"/> says why.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The array was disposed.</exception>
    public bool TryAsReadOnlyTensorSpan(out ReadOnlyTensorSpan<T> span, out string? reason)
    {
        bool ok = TryTensorSpanCore(out var writable, out reason);
        span = writable;
        return ok;
    }

    /// <summary>The TensorSpan over this array's memory whatever its read-only flag (callers enforce it).</summary>
    private bool TryTensorSpanCore(out TensorSpan<T> span, out string? reason)
    {
        span = default;
        if (!TryTensorLayout(out T* start, out nint length, out reason)) return false;
        try
        {
            span = new TensorSpan<T>(start, length, Shape, Strides);
            return true;
        }
        catch (ArgumentException e)
        {
            reason = RefusalReason(e);
            return false;
        }
    }

    /// <summary>Same as <see cref="TryAsReadOnlyTensorSpan(out ReadOnlyTensorSpan{T}, out string?)"/> without the reason.</summary>
    public bool TryAsReadOnlyTensorSpan(out ReadOnlyTensorSpan<T> span) => TryAsReadOnlyTensorSpan(out span, out _);

    /// <summary>
    /// A new <see cref="Tensor{T}"/> holding a copy of the elements in C order (managed memory). Counted as <c>ToTensor</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The array is 0-d (Tensor has no 0-d form) or has more than <see cref="Array.MaxLength"/> elements.</exception>
    public Tensor<T> ToTensor()
    {
        ThrowIfDisposed();
        if (Rank == 0) throw new InvalidOperationException("A 0-d array has no Tensor<T> form (Tensor needs at least one dimension); reshape it to (1) first.");
        if (Size > Array.MaxLength)
            throw new InvalidOperationException($"An array of shape {NDLayout.ShapeText(Shape)} ({Size} elements) does not fit a managed Tensor<T>.");
        var values = new T[Size];
        Span<nint> dense = stackalloc nint[Rank];
        NDLayout.ContiguousStrides(Shape, dense);
        using (var pin = Pin())
        fixed (T* dst = values)
            NdIterator.CopyOrdered(pin.Pointer, Strides, dst, dense, Shape);
        AllocationTracker.CountCopy("ToTensor");
        return Tensor.Create(values, Shape);
    }

    private bool TryTensorLayout(out T* start, out nint length, out string? reason)
    {
        // The address escapes into a TensorSpan: the buffer is never parked (flag before the disposed check).
        _buffer.MarkNeverPark();
        ThrowIfDisposed();
        start = null;
        length = 0;
        reason = null;
        if (Rank == 0)
        {
            reason = "A 0-d array has no TensorSpan form (TensorSpan needs at least one dimension); reshape it to (1) first.";
            return false;
        }
        for (int d = 0; d < Rank; d++)
        {
            if (Strides[d] < 0)
            {
                reason = $"TensorSpan refuses negative strides: shape {NDLayout.ShapeText(Shape)}, strides {NDLayout.ShapeText(Strides)} (axis {d}). Copy with ToTensor(), or Copy() first.";
                return false;
            }
            if (Shape[d] == 0)
            {
                reason = $"TensorSpan refuses zero-length dimensions: shape {NDLayout.ShapeText(Shape)} (axis {d}).";
                return false;
            }
        }
        var (_, high) = Extent(Shape, Strides, Size);
        start = (T*)_buffer.DangerousGetHandle() + _offset;
        length = high;
        return true;
    }

    private string RefusalReason(ArgumentException e) =>
        $"TensorSpan refuses shape {NDLayout.ShapeText(Shape)} with strides {NDLayout.ShapeText(Strides)}: strides under which two indices reach the same element (other than zero strides) are not accepted ({e.Message}). Copy with ToTensor(), or Copy() first.";

    /// <summary>A new C-contiguous array holding a copy of <paramref name="tensor"/>'s elements. Counted as <c>FromTensor</c>.</summary>
    /// <exception cref="ArgumentException">The tensor's rank is above <see cref="NDLayout.MaxRank"/>.</exception>
    public static NDArray<T> FromTensor(ReadOnlyTensorSpan<T> tensor)
    {
        var result = Allocate(tensor.Lengths, zero: false);
        if (result.Size > 0)
        {
            using var dst = result.Pin();
            fixed (T* src = &tensor.GetPinnableReference())
                NdIterator.CopyOrdered(src, tensor.Strides, dst.Pointer, result.Strides, result.Shape);
        }
        AllocationTracker.CountCopy("FromTensor");
        return result;
    }

    /// <summary>A new C-contiguous array holding a copy of <paramref name="tensor"/>'s elements. Counted as <c>FromTensor</c>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="tensor"/> is null.</exception>
    public static NDArray<T> FromTensor(Tensor<T> tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return FromTensor(tensor.AsReadOnlyTensorSpan());
    }
}
