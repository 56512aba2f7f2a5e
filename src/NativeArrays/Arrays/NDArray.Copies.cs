using NativeArrays.Kernels;
using NativeArrays.Layout;
using NativeArrays.Memory;

namespace NativeArrays;

/// <summary>Memory order of a copy.</summary>
public enum Order
{
    /// <summary>Row-major (last index fastest), NumPy's 'C'.</summary>
    C = 0,
    /// <summary>Column-major (first index fastest), NumPy's 'F'.</summary>
    F = 1,
}

// Operations that copy. Each one allocates a new buffer and counts itself in the tracker by name.
public sealed unsafe partial class NDArray<T>
{
    /// <summary>A new owner holding a copy of the elements in <paramref name="order"/>. Counted as <c>Copy</c>.</summary>
    public NDArray<T> Copy(Order order = Order.C) => CopyCore(order == Order.F, "Copy");

    internal NDArray<T> CopyCore(bool fortranOrder, string operation)
    {
        ThrowIfDisposed();
        var result = Allocate(Shape, zero: false, fortranOrder);
        try
        {
            using var src = Pin();
            using var dst = result.Pin();
            Elementwise.Copy<T>(Shape, new Operand(dst.Pointer, result.Strides), new Operand(src.Pointer, Strides));
        }
        catch
        {
            result.Dispose();
            throw;
        }
        AllocationTracker.CountCopy(operation);
        return result;
    }

    /// <summary>
    /// This array as C-contiguous: a new view object when it already is (no copy), otherwise a copy (counted as
    /// <c>AsContiguous</c>). <paramref name="copied"/> says which.
    /// </summary>
    public NDArray<T> AsContiguous(out bool copied)
    {
        ThrowIfDisposed();
        copied = !IsCContiguous;
        return copied ? CopyCore(fortranOrder: false, "AsContiguous") : NewView(_layout, _offset, readOnly: false);
    }

    /// <summary>This array as C-contiguous: a view when it already is, otherwise a copy (counted as <c>AsContiguous</c>).</summary>
    public NDArray<T> AsContiguous() => AsContiguous(out _);

    /// <summary>
    /// Copies the elements into <paramref name="destination"/>, broadcasting this array to its shape (NumPy's
    /// <c>copyto</c>). Overlap between the two is handled as if the source were copied first.
    /// </summary>
    /// <exception cref="ArgumentException">This array does not broadcast to the destination's shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public void CopyTo(NDArray<T> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ThrowIfDisposed();
        destination.ThrowIfReadOnly("The destination");
        Span<nint> t = stackalloc nint[destination.Rank];
        LayoutOps.BroadcastStrides(Shape, Strides, destination.Shape, t);
        // The kernel stages the source through a temporary when it overlaps the destination (counted by the tracker).
        using var src = Pin();
        using var dst = destination.Pin();
        Elementwise.Copy<T>(destination.Shape, new Operand(dst.Pointer, destination.Strides), new Operand(src.Pointer, t));
    }

    /// <summary>The elements in C order as a managed array. Counted as <c>ToArray</c>.</summary>
    /// <exception cref="InvalidOperationException">More elements than a managed array holds.</exception>
    public T[] ToArray()
    {
        ThrowIfDisposed();
        if (Size > Array.MaxLength) throw new InvalidOperationException($"{Size} elements do not fit a managed array.");
        var result = ToArrayUncounted();
        AllocationTracker.CountCopy("ToArray");
        return result;
    }

    /// <summary>A converted copy (NumPy's <c>astype</c>): numeric conversion truncates toward zero and saturates; to bool is "not zero". Counted as <c>AsType</c>.</summary>
    public NDArray<TTo> AsType<TTo>() where TTo : unmanaged
    {
        // One guard over this array's buffer for the call (one fence, not a lease on each operand); the new result is
        // this call's alone until it returns, so it needs none.
        using var guard = Operands.Guard(this, "this");
        var result = NDArray<TTo>.Allocate(Shape, zero: false);
        try
        {
            T* source = GuardedPointer;
            TTo* destination = result.GuardedPointer;
            if (!Conversion.TryConvert<T, TTo>(Shape, new Operand(destination, result.Strides), new Operand(source, Strides)))
                ElementConverter.Convert(source, Shape, Strides, destination); // pairs with bool
        }
        catch
        {
            result.Dispose();
            throw;
        }
        AllocationTracker.CountCopy("AsType");
        return result;
    }

    /// <summary>
    /// Gathers elements by integer positions (negative count from the end) along <paramref name="axis"/>, or from
    /// the flattened array when null (NumPy's <c>take</c>). A copy, counted as <c>Take</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A position is out of bounds; the message names it.</exception>
    public NDArray<T> Take(ReadOnlySpan<nint> indices, int? axis = null)
    {
        ThrowIfDisposed();
        if (axis is null)
        {
            using var flat = AsContiguous();
            using var flatView = flat.Reshape(-1);
            return flatView.Take(indices, 0);
        }
        int ax = LayoutOps.NormalizeAxis(axis.Value, Rank);
        nint n = Shape[ax];
        Span<nint> shape = stackalloc nint[Rank];
        Shape.CopyTo(shape);
        shape[ax] = indices.Length;
        foreach (nint i in indices)
            if (i < -n || i >= n) throw new ArgumentOutOfRangeException(nameof(indices), i, $"Index {i} is out of bounds for axis {ax} with size {n}.");
        var result = NDArray<T>.Allocate(shape, zero: false);
        try
        {
            // Copy one hyper-slice per index: source with the axis fixed, destination at position k.
            Span<nint> subShape = stackalloc nint[Rank - 1], subSrc = stackalloc nint[Rank - 1], subDst = stackalloc nint[Rank - 1];
            for (int d = 0, j = 0; d < Rank; d++)
            {
                if (d == ax) continue;
                subShape[j] = Shape[d]; subSrc[j] = Strides[d]; subDst[j] = result.Strides[d]; j++;
            }
            using var src = Pin();
            using var dst = result.Pin();
            for (int k = 0; k < indices.Length; k++)
            {
                nint i = indices[k] < 0 ? indices[k] + n : indices[k];
                NdIterator.CopyOrdered(src.Pointer + i * Strides[ax], subSrc, dst.Pointer + k * result.Strides[ax], subDst, subShape);
            }
        }
        catch
        {
            result.Dispose();
            throw;
        }
        AllocationTracker.CountCopy("Take");
        return result;
    }

    /// <summary>
    /// The elements where <paramref name="mask"/> is true, in C order, as a new 1-d array (NumPy's <c>a[mask]</c>).
    /// The mask must have this array's shape. A copy, counted as <c>TakeMask</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The mask's shape differs; the message shows both.</exception>
    public NDArray<T> Take(NDArray<bool> mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ThrowIfDisposed();
        if (!mask.Shape.SequenceEqual(Shape))
            throw new ArgumentException($"Mask of shape {NDLayout.ShapeText(mask.Shape)} does not match array of shape {NDLayout.ShapeText(Shape)}.", nameof(mask));
        using var m = mask.AsContiguous();
        using var a = AsContiguous();
        nint count = 0;
        using (var pm = m.Pin())
            for (nint i = 0; i < m.Size; i++) if (pm.Pointer[i]) count++;
        var result = NDArray<T>.Allocate([count], zero: false);
        using (var pm = m.Pin())
        using (var pa = a.Pin())
        using (var pr = result.Pin())
        {
            nint k = 0;
            for (nint i = 0; i < m.Size; i++) if (pm.Pointer[i]) pr.Pointer[k++] = pa.Pointer[i];
        }
        AllocationTracker.CountCopy("TakeMask");
        return result;
    }

    /// <summary>
    /// Whether both arrays have the same shape and equal elements (no broadcasting). Compared in place through the n-d
    /// loop, stopping at the first difference: broadcast views are never expanded, so any element count works.
    /// </summary>
    /// <exception cref="ObjectDisposedException">Either array was disposed.</exception>
    public bool ArrayEquals(NDArray<T> other) => AllPairs(other, new EqualTest<T>());

    /// <summary>
    /// Whether both arrays have the same shape and every pair satisfies |a - b| ≤ atol + rtol·|b| (NumPy's
    /// <c>allclose</c>; NaNs are equal only when <paramref name="equalNaN"/>). Compared in place, like <see cref="ArrayEquals"/>.
    /// </summary>
    /// <exception cref="ObjectDisposedException">Either array was disposed.</exception>
    public bool AllClose(NDArray<T> other, double rtol = 1e-5, double atol = 1e-8, bool equalNaN = false) =>
        AllPairs(other, new CloseTest<T>(rtol, atol, equalNaN));

    private bool AllPairs<TTest>(NDArray<T> other, TTest test) where TTest : struct, IPairTest<T>
    {
        ArgumentNullException.ThrowIfNull(other);
        ThrowIfDisposed();
        other.ThrowIfDisposed();
        if (!Shape.SequenceEqual(other.Shape)) return false;
        using var a = Pin();
        using var b = other.Pin();
        return Comparison.All<T, TTest>(Shape, new Operand(a.Pointer, Strides), new Operand(b.Pointer, other.Strides), test);
    }

    internal T[] ToArrayUncounted()
    {
        ThrowIfDisposed();
        var result = new T[Size];
        Span<nint> t = stackalloc nint[Rank];
        NDLayout.ContiguousStrides(Shape, t);
        using (var src = Pin())
        fixed (T* dst = result)
            Elementwise.Copy<T>(Shape, new Operand(dst, t), new Operand(src.Pointer, Strides));
        return result;
    }
}
