using System.Runtime.CompilerServices;
using NativeArrays.Kernels;
using NativeArrays.Layout;
using NativeArrays.Memory;

namespace NativeArrays;

/// <summary>What <see cref="NDArray{T}.Put(ReadOnlySpan{nint}, NDArray{T}, PutMode)"/> does with an index outside the array (NumPy's <c>mode</c>).</summary>
public enum PutMode
{
    /// <summary>Throw, before anything is written ('raise').</summary>
    Raise,
    /// <summary>Wrap around: index mod size ('wrap').</summary>
    Wrap,
    /// <summary>Clip to 0..size-1 ('clip'; negative indices clip to 0).</summary>
    Clip,
}

// Assignment through slices, masks and indices; gathers along an axis. Writes are overlap-safe: a source that shares
// the destination's buffer is copied first (counted as "<operation>(temporary)"), so results are as if the inputs were
// copied before the write. Bad indices are found before anything is written.
public sealed unsafe partial class NDArray<T>
{
    /// <summary>
    /// Writes <paramref name="value"/>, broadcast to this array's shape, into this array (NumPy's <c>a[...] = value</c>).
    /// Overlap-safe. Returns this array.
    /// </summary>
    /// <exception cref="ArgumentException">The value does not broadcast to the shape; the message shows both.</exception>
    /// <exception cref="InvalidOperationException">This array is read-only.</exception>
    [ReturnsExistingArray]
    public NDArray<T> Assign(NDArray<T> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        value.CopyTo(this);
        return this;
    }

    /// <summary>
    /// Writes <paramref name="value"/>, broadcast, into the region <paramref name="index"/> selects (NumPy's
    /// <c>a[1:, 0] = value</c>) without making a view object: <c>a.Assign(b, 1.., 0)</c>. Overlap-safe. Returns this array.
    /// </summary>
    /// <exception cref="ArgumentException">Bad indices, or the value does not broadcast to the selected shape.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An integer index is out of bounds.</exception>
    [ReturnsExistingArray]
    public NDArray<T> Assign(NDArray<T> value, params ReadOnlySpan<SliceIndex> index)
    {
        ArgumentNullException.ThrowIfNull(value);
        ThrowIfDisposed();
        value.ThrowIfDisposed();
        ThrowIfReadOnly();
        Span<nint> s = stackalloc nint[NDLayout.MaxRank], t = stackalloc nint[NDLayout.MaxRank];
        int rank = LayoutOps.Index(Shape, Strides, index, s, t, out nint delta);
        Span<nint> vs = stackalloc nint[rank];
        LayoutOps.BroadcastStrides(value.Shape, value.Strides, s[..rank], vs);
        using var dst = Pin();
        using var src = value.Pin();
        // The kernel stages the source when it overlaps the destination (counted by the tracker).
        Elementwise.Copy<T>(s[..rank], new Operand(dst.Pointer + delta, t[..rank]), new Operand(src.Pointer, vs));
        return this;
    }

    /// <summary>
    /// Writes <paramref name="value"/> where <paramref name="mask"/> (this array's shape) is true (NumPy's <c>a[mask] = v</c>). Returns this array.
    /// </summary>
    /// <exception cref="ArgumentException">The mask's shape differs; the message shows both.</exception>
    [ReturnsExistingArray]
    public NDArray<T> Assign(NDArray<bool> mask, T value) => AssignMask(mask, null, value);

    /// <summary>
    /// Writes <paramref name="values"/> (one per true element, in C order, or a single value) where <paramref name="mask"/>
    /// is true (NumPy's <c>a[mask] = values</c>). Overlap-safe. Returns this array.
    /// </summary>
    /// <exception cref="ArgumentException">The mask's shape differs, or the number of values is neither 1 nor the number of true elements.</exception>
    [ReturnsExistingArray]
    public NDArray<T> Assign(NDArray<bool> mask, NDArray<T> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return AssignMask(mask, values, default);
    }

    private NDArray<T> AssignMask(NDArray<bool> mask, NDArray<T>? values, T value)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ThrowIfDisposed();
        ThrowIfReadOnly();
        if (!mask.Shape.SequenceEqual(Shape))
            throw new ArgumentException($"Mask of shape {NDLayout.ShapeText(mask.Shape)} does not match array of shape {NDLayout.ShapeText(Shape)}.", nameof(mask));
        using var m = mask.RavelOrTemporary("AssignMask");
        long count = m.CountNonZero();
        T[]? staged = null;
        if (values is not null)
        {
            if (values.Size != count && values.Size != 1)
                throw new ArgumentException($"Cannot assign {values.Size} values (shape {NDLayout.ShapeText(values.Shape)}) to the {count} elements where the mask is true.", nameof(values));
            staged = values.ToArrayUncounted(); // a copy: safe whatever it shares with this array
        }
        using var pm = m.Pin();
        using var pa = Pin();
        Unsafe.SkipInit(out IterationPlan plan);
        if (!plan.Begin(Shape, 1)) return this;
        plan.SetOperand(0, pa.Pointer, Strides, sizeof(T));
        plan.FinishOrdered();
        var kernel = new MaskWriteRow { Mask = pm.Pointer, MaskStride = m.Strides.Length > 0 ? m.Strides[0] : 1, Value = value, Staged = staged };
        NdIterator.RunOrdered(ref plan, ref kernel);
        return this;
    }

    /// <summary>
    /// Writes where the flat mask is true, in C order: the fixed value, or the next staged value (the only one when
    /// there is one). The mask is read by C-order position.
    /// </summary>
    private struct MaskWriteRow : IRowKernel
    {
        public bool* Mask;
        public nint MaskStride;
        public T Value;
        public T[]? Staged;
        private nint _position, _next;

        public void Row(nint n, byte** p, long* s)
        {
            T* a = (T*)p[0];
            nint sa = (nint)s[0] / sizeof(T);
            for (nint i = 0; i < n; i++, _position++)
            {
                if (!Mask[_position * MaskStride]) continue;
                a[i * sa] = Staged is null ? Value : Staged[Staged.Length == 1 ? 0 : _next++];
            }
        }
    }

    /// <summary>
    /// The slices along <paramref name="axis"/> where the 1-d <paramref name="mask"/> is true (NumPy's <c>a[:, mask]</c>,
    /// <c>compress</c>). A copy, counted as <c>Take</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The mask is not 1-d of the axis length; the message shows both.</exception>
    public NDArray<T> Take(NDArray<bool> mask, int axis)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ThrowIfDisposed();
        int ax = LayoutOps.NormalizeAxis(axis, Rank);
        if (mask.Rank != 1 || mask.Shape[0] != Shape[ax])
            throw new ArgumentException($"Mask of shape {NDLayout.ShapeText(mask.Shape)} does not select along axis {ax} of shape {NDLayout.ShapeText(Shape)} (it needs shape ({Shape[ax]},)).", nameof(mask));
        var m = mask.ToArrayUncounted();
        var picked = new List<nint>();
        for (int i = 0; i < m.Length; i++) if (m[i]) picked.Add(i);
        return Take(picked.ToArray(), ax);
    }

    /// <summary>
    /// Writes <paramref name="values"/> at flat C-order positions <paramref name="indices"/> (NumPy's <c>put</c>): the
    /// values repeat when fewer than the indices; later positions win on repeats. Out-of-range indices follow
    /// <paramref name="mode"/> (with Raise, nothing is written). Overlap-safe.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is out of range with <see cref="PutMode.Raise"/>; the message names it.</exception>
    /// <exception cref="ArgumentException">No values for a non-empty index list.</exception>
    public void Put(ReadOnlySpan<nint> indices, NDArray<T> values, PutMode mode = PutMode.Raise)
    {
        ArgumentNullException.ThrowIfNull(values);
        ThrowIfDisposed();
        ThrowIfReadOnly();
        if (indices.IsEmpty) return;
        var v = values.ToArrayUncounted();
        if (v.Length == 0) throw new ArgumentException($"Put: no values for {indices.Length} indices.", nameof(values));
        nint n = Size;
        if (n == 0) throw new ArgumentOutOfRangeException(nameof(indices), $"Put: cannot put into an empty array of shape {NDLayout.ShapeText(Shape)}.");
        var flat = new nint[indices.Length];
        for (int k = 0; k < indices.Length; k++)
        {
            nint i = indices[k];
            flat[k] = mode switch
            {
                PutMode.Wrap => ((i % n) + n) % n,
                PutMode.Clip => Math.Clamp(i, 0, n - 1),
                _ => i >= -n && i < n ? (i < 0 ? i + n : i)
                    : throw new ArgumentOutOfRangeException(nameof(indices), i, $"Put: index {i} is out of bounds for size {n} (shape {NDLayout.ShapeText(Shape)})."),
            };
        }
        using var pa = Pin();
        // Flat positions are C-order positions of the ordered walk: the cursor finds each one's address.
        Unsafe.SkipInit(out IterationPlan plan);
        plan.Begin(Shape, 1);
        plan.SetOperand(0, pa.Pointer, Strides, sizeof(T));
        plan.FinishOrdered();
        Unsafe.SkipInit(out NdCursor cursor);
        for (int k = 0; k < flat.Length; k++) *(T*)cursor.Address(ref plan, flat[k]) = v[k % v.Length];
    }
}

// Gathers and scatters along an axis with an index array (NumPy's take_along_axis / put_along_axis).
public static unsafe partial class NDArray
{
    /// <summary>
    /// out[..., j, ...] = array[..., indices[..., j, ...], ...] along <paramref name="axis"/> (NumPy's <c>take_along_axis</c>):
    /// <paramref name="indices"/> has the array's rank; the other axes broadcast. Negative indices count from the end.
    /// A new array, counted as <c>TakeAlongAxis</c>.
    /// </summary>
    /// <exception cref="ArgumentException">Ranks differ or the other axes do not broadcast; the message shows both shapes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is out of bounds; the message names it.</exception>
    public static NDArray<T> TakeAlongAxis<T>(NDArray<T> array, NDArray<long> indices, int axis) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        ArgumentNullException.ThrowIfNull(indices);
        int ax = AlongAxis("TakeAlongAxis", array, indices, axis, out var shape, out var aStrides, out var iStrides);
        var idx = CheckedIndices("TakeAlongAxis", array, indices, ax, shape, iStrides);
        var result = NDArray<T>.Allocate(shape, zero: false);
        using var pa = array.Pin();
        using var pr = result.Pin();
        fixed (long* pi = idx) WalkAlongAxis(shape, aStrides, pa.Pointer, pr.Pointer, pi, array.Strides[ax], put: false);
        AllocationTracker.CountCopy("TakeAlongAxis");
        return result;
    }

    /// <summary>
    /// array[..., indices[..., j, ...], ...] = values along <paramref name="axis"/> (NumPy's <c>put_along_axis</c>); values
    /// broadcast to the indices' broadcast shape; later positions win on repeats. Overlap-safe; nothing is written when an index is bad.
    /// </summary>
    public static void PutAlongAxis<T>(NDArray<T> array, NDArray<long> indices, NDArray<T> values, int axis) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(values);
        array.ThrowIfReadOnly();
        int ax = AlongAxis("PutAlongAxis", array, indices, axis, out var shape, out var aStrides, out var iStrides);
        var idx = CheckedIndices("PutAlongAxis", array, indices, ax, shape, iStrides);
        using var v = values.BroadcastTo(shape);
        var staged = v.ToArrayUncounted(); // a copy in C order: safe whatever it shares with the array
        using var pa = array.Pin();
        fixed (T* pv = staged)
        fixed (long* pi = idx)
            WalkAlongAxis(shape, aStrides, pa.Pointer, pv, pi, array.Strides[ax], put: true);
    }

    /// <summary>Checks ranks and broadcasting; the result shape and the array's strides over it (0 along the axis).</summary>
    private static int AlongAxis<T>(string operation, NDArray<T> array, NDArray<long> indices, int axis, out nint[] shape, out nint[] aStrides, out nint[] iStrides) where T : unmanaged
    {
        array.ThrowIfDisposed();
        indices.ThrowIfDisposed();
        int r = array.Rank;
        if (indices.Rank != r)
            throw new ArgumentException($"{operation}: indices of shape {NDLayout.ShapeText(indices.Shape)} need the rank of the array of shape {NDLayout.ShapeText(array.Shape)}.", nameof(indices));
        int ax = LayoutOps.NormalizeAxis(axis, r);
        shape = new nint[r];
        aStrides = new nint[r];
        for (int d = 0; d < r; d++)
        {
            nint a = d == ax ? 1 : array.Shape[d], i = indices.Shape[d];
            if (a != i && a != 1 && i != 1)
                throw new ArgumentException($"{operation}: indices of shape {NDLayout.ShapeText(indices.Shape)} do not broadcast against the array of shape {NDLayout.ShapeText(array.Shape)} along axis {d}.", nameof(indices));
            shape[d] = d == ax ? i : Math.Max(a, i);
            if (a == 1 && i == 0) shape[d] = 0;
            aStrides[d] = d == ax || array.Shape[d] == 1 ? 0 : array.Strides[d];
        }
        iStrides = new nint[r];
        LayoutOps.BroadcastStrides(indices.Shape, indices.Strides, shape, iStrides);
        return ax;
    }

    /// <summary>The indices in C order of <paramref name="shape"/>, normalised and checked against the axis length.</summary>
    private static long[] CheckedIndices<T>(string operation, NDArray<T> array, NDArray<long> indices, int ax, nint[] shape, nint[] iStrides) where T : unmanaged
    {
        using var view = indices.NewView(shape, iStrides, indices.Offset, readOnly: true);
        var idx = view.ToArrayUncounted();
        nint n = array.Shape[ax];
        for (int k = 0; k < idx.Length; k++)
        {
            long i = idx[k];
            if (i < -n || i >= n) throw new ArgumentOutOfRangeException(nameof(indices), i, $"{operation}: index {i} is out of bounds for axis {ax} with size {n}.");
            if (i < 0) idx[k] = i + n;
        }
        return idx;
    }

    /// <summary>
    /// The ordered walk of take/put along an axis over <paramref name="shape"/>: the array at <paramref name="aStrides"/>
    /// (0 along the axis), the values and the indices in C order. Gathers array[..., idx, ...] into the values, or
    /// scatters the values there when <paramref name="put"/> (later positions win).
    /// </summary>
    private static void WalkAlongAxis<T>(nint[] shape, nint[] aStrides, T* array, T* values, long* indices, nint axisStride, bool put) where T : unmanaged
    {
        Span<nint> dense = stackalloc nint[shape.Length];
        NDLayout.ContiguousStrides(shape, dense);
        Unsafe.SkipInit(out IterationPlan plan);
        if (!plan.Begin(shape, 3)) return;
        plan.SetOperand(0, array, aStrides, sizeof(T));
        plan.SetOperand(1, values, dense, sizeof(T));
        plan.SetOperand(2, indices, dense, sizeof(long));
        plan.FinishOrdered();
        var kernel = new AlongAxisRow<T> { AxisStride = axisStride, Put = put };
        NdIterator.RunOrdered(ref plan, ref kernel);
    }

    private struct AlongAxisRow<T> : IRowKernel where T : unmanaged
    {
        public nint AxisStride;
        public bool Put;

        public readonly void Row(nint n, byte** p, long* s)
        {
            T* a = (T*)p[0], v = (T*)p[1];
            long* ix = (long*)p[2];
            nint sa = (nint)s[0] / sizeof(T), sv = (nint)s[1] / sizeof(T), si = (nint)s[2] / sizeof(long);
            if (Put) for (nint i = 0; i < n; i++) a[i * sa + (nint)ix[i * si] * AxisStride] = v[i * sv];
            else for (nint i = 0; i < n; i++) v[i * sv] = a[i * sa + (nint)ix[i * si] * AxisStride];
        }
    }
}
