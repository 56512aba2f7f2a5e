using NativeArrays.Kernels;
using NativeArrays.Layout;
using NativeArrays.Memory;

namespace NativeArrays;

// Join, split, tile, repeat, pad and roll. Joins, tiles, repeats, pads and rolls copy into one new C-contiguous
// array, counted in the tracker under the operation's name; splits return views.
public static unsafe partial class NDArray
{
    /// <summary>
    /// Joins arrays along an existing <paramref name="axis"/> (NumPy's <c>concatenate</c>). Every array has the same
    /// rank and the same lengths on the other axes. A new array, counted as <c>Concatenate</c>.
    /// </summary>
    /// <exception cref="ArgumentException">No arrays, 0-d arrays, ranks or other lengths differ (the message shows the shapes), or the axis is out of range.</exception>
    public static NDArray<T> Concatenate<T>(ReadOnlySpan<NDArray<T>> arrays, int axis = 0) where T : unmanaged
        => JoinCore("Concatenate", arrays, axis);

    /// <summary>Joins arrays along a new <paramref name="axis"/> (NumPy's <c>stack</c>); all shapes equal. A new array, counted as <c>Stack</c>.</summary>
    /// <exception cref="ArgumentException">No arrays, or the shapes differ (the message shows them).</exception>
    public static NDArray<T> Stack<T>(ReadOnlySpan<NDArray<T>> arrays, int axis = 0) where T : unmanaged
    {
        CheckArrays("Stack", arrays);
        for (int i = 1; i < arrays.Length; i++)
            if (!arrays[i].Shape.SequenceEqual(arrays[0].Shape))
                throw new ArgumentException($"Stack needs arrays of one shape; array 0 has shape {NDLayout.ShapeText(arrays[0].Shape)} and array {i} has {NDLayout.ShapeText(arrays[i].Shape)}.", nameof(arrays));
        int at = LayoutOps.NormalizeAxis(axis, arrays[0].Rank + 1);
        return JoinExpanded("Stack", arrays, a => a.ExpandDims(at), at);
    }

    /// <summary>Joins along the second axis, or the first for 1-d arrays (NumPy's <c>hstack</c>). Counted as <c>HStack</c>.</summary>
    public static NDArray<T> HStack<T>(ReadOnlySpan<NDArray<T>> arrays) where T : unmanaged
    {
        CheckArrays("HStack", arrays);
        if (arrays[0].Rank == 0) return JoinExpanded("HStack", arrays, a => AtLeast(a, 1), 0);
        return JoinCore("HStack", arrays, arrays[0].Rank == 1 ? 0 : 1);
    }

    /// <summary>Joins along the first axis after making 0-d and 1-d arrays rows (NumPy's <c>vstack</c>). Counted as <c>VStack</c>.</summary>
    public static NDArray<T> VStack<T>(ReadOnlySpan<NDArray<T>> arrays) where T : unmanaged
    {
        CheckArrays("VStack", arrays);
        return JoinExpanded("VStack", arrays, a => AtLeast(a, 2), 0);
    }

    /// <summary>Joins along the third axis after making arrays at least 3-d as NumPy's <c>atleast_3d</c> (NumPy's <c>dstack</c>). Counted as <c>DStack</c>.</summary>
    public static NDArray<T> DStack<T>(ReadOnlySpan<NDArray<T>> arrays) where T : unmanaged
    {
        CheckArrays("DStack", arrays);
        return JoinExpanded("DStack", arrays, a => AtLeast(a, 3), 2);
    }

    /// <summary>Joins 1-d arrays as columns, and 2-d arrays along the second axis (NumPy's <c>column_stack</c>). Counted as <c>ColumnStack</c>.</summary>
    public static NDArray<T> ColumnStack<T>(ReadOnlySpan<NDArray<T>> arrays) where T : unmanaged
    {
        CheckArrays("ColumnStack", arrays);
        return JoinExpanded("ColumnStack", arrays, a => a.Rank < 2 ? AtLeast(a, 2).Transpose() : a.View(), 1);
    }

    /// <summary>NumPy's atleast_1d/2d/3d as a view (new axes of length 1: 1-d (n) becomes (1, n) and (1, n, 1)).</summary>
    private static NDArray<T> AtLeast<T>(NDArray<T> a, int rank) where T : unmanaged
    {
        if (a.Rank >= rank) return a.View();
        return (rank, a.Rank) switch
        {
            (1, 0) => a.Reshape(1),
            (2, 0) => a.Reshape(1, 1),
            (2, 1) => a.ExpandDims(0),
            (3, 0) => a.Reshape(1, 1, 1),
            (3, 1) => a.Reshape(1, a.Shape[0], 1),
            _ => a.ExpandDims(-1), // (3, 2)
        };
    }

    private static void CheckArrays<T>(string operation, ReadOnlySpan<NDArray<T>> arrays) where T : unmanaged
    {
        if (arrays.IsEmpty) throw new ArgumentException($"{operation} needs at least one array.", nameof(arrays));
        for (int i = 0; i < arrays.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(arrays[i], $"arrays[{i}]");
            arrays[i].ThrowIfDisposed();
        }
    }

    /// <summary>Joins views made by <paramref name="expand"/> (disposed here) along <paramref name="axis"/>.</summary>
    private static NDArray<T> JoinExpanded<T>(string operation, ReadOnlySpan<NDArray<T>> arrays, Func<NDArray<T>, NDArray<T>> expand, int axis) where T : unmanaged
    {
        var views = new NDArray<T>[arrays.Length];
        try
        {
            for (int i = 0; i < arrays.Length; i++) views[i] = expand(arrays[i]);
            return JoinCore(operation, views, axis);
        }
        finally
        {
            foreach (var v in views) v?.Dispose();
        }
    }

    private static NDArray<T> JoinCore<T>(string operation, ReadOnlySpan<NDArray<T>> arrays, int axis) where T : unmanaged
    {
        CheckArrays(operation, arrays);
        var first = arrays[0];
        if (first.Rank == 0) throw new ArgumentException($"{operation}: 0-d arrays cannot be concatenated; use Stack.", nameof(arrays));
        int ax = LayoutOps.NormalizeAxis(axis, first.Rank);
        Span<nint> shape = stackalloc nint[first.Rank];
        first.Shape.CopyTo(shape);
        nint total = 0;
        for (int i = 0; i < arrays.Length; i++)
        {
            var s = arrays[i].Shape;
            bool ok = s.Length == shape.Length;
            for (int d = 0; ok && d < s.Length; d++) ok = d == ax || s[d] == shape[d];
            if (!ok)
                throw new ArgumentException($"{operation} along axis {ax}: array {i} has shape {NDLayout.ShapeText(s)}, which does not match array 0's {NDLayout.ShapeText(first.Shape)} except along the axis.", nameof(arrays));
            total = checked(total + s[ax]);
        }
        shape[ax] = total;
        var result = NDArray<T>.Allocate(shape, zero: false);
        try
        {
            using var dst = result.Pin();
            nint at = 0;
            foreach (var a in arrays)
            {
                using var src = a.Pin();
                Elementwise.Copy<T>(a.Shape, new Operand(dst.Pointer + at * result.Strides[ax], result.Strides), new Operand(src.Pointer, a.Strides));
                at += a.Shape[ax];
            }
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
    /// Splits into <paramref name="sections"/> equal parts along <paramref name="axis"/> (NumPy's <c>split</c>).
    /// Views: no copy. Dispose each.
    /// </summary>
    /// <exception cref="ArgumentException">The axis length does not divide into equal sections; the message shows both.</exception>
    public static NDArray<T>[] Split<T>(NDArray<T> array, int sections, int axis = 0) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        int ax = SplitAxis("Split", array, axis);
        if (sections <= 0) throw new ArgumentOutOfRangeException(nameof(sections), sections, "Split needs a positive number of sections.");
        if (array.Shape[ax] % sections != 0)
            throw new ArgumentException($"Split: axis {ax} of shape {NDLayout.ShapeText(array.Shape)} has length {array.Shape[ax]}, which does not divide into {sections} equal sections; use ArraySplit.", nameof(sections));
        return ArraySplit(array, sections, axis);
    }

    /// <summary>
    /// Splits along <paramref name="axis"/> before each of <paramref name="indices"/> (NumPy's <c>split</c> with indices:
    /// parts a[:i0], a[i0:i1], ..., a[ik:], with slice rules: negative count from the end, out of range clip). Views.
    /// </summary>
    public static NDArray<T>[] Split<T>(NDArray<T> array, ReadOnlySpan<nint> indices, int axis = 0) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        SplitAxis("Split", array, axis);
        var parts = new NDArray<T>[indices.Length + 1];
        try
        {
            for (int i = 0; i <= indices.Length; i++)
                parts[i] = SliceAxis(array, axis, i == 0 ? 0 : indices[i - 1], i == indices.Length ? null : indices[i]);
        }
        catch
        {
            foreach (var p in parts) p?.Dispose();
            throw;
        }
        return parts;
    }

    /// <summary>
    /// Splits into <paramref name="sections"/> parts along <paramref name="axis"/>; the first (length % sections) parts
    /// are one longer (NumPy's <c>array_split</c>). Views.
    /// </summary>
    public static NDArray<T>[] ArraySplit<T>(NDArray<T> array, int sections, int axis = 0) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        int ax = SplitAxis("ArraySplit", array, axis);
        if (sections <= 0) throw new ArgumentOutOfRangeException(nameof(sections), sections, "ArraySplit needs a positive number of sections.");
        nint n = array.Shape[ax], each = n / sections, extra = n % sections;
        var bounds = new nint[sections - 1];
        nint at = 0;
        for (int i = 0; i < sections - 1; i++) bounds[i] = at += each + (i < extra ? 1 : 0);
        return Split(array, bounds, axis);
    }

    private static int SplitAxis<T>(string operation, NDArray<T> array, int axis) where T : unmanaged
    {
        array.ThrowIfDisposed();
        if (array.Rank == 0) throw new ArgumentException($"{operation}: a 0-d array has no axis to split.", nameof(array));
        return LayoutOps.NormalizeAxis(axis, array.Rank);
    }

    /// <summary>The view a[..., start:stop, ...] along <paramref name="axis"/> with slice rules.</summary>
    private static NDArray<T> SliceAxis<T>(NDArray<T> a, int axis, nint? start, nint? stop, nint step = 1) where T : unmanaged
    {
        int ax = LayoutOps.NormalizeAxis(axis, a.Rank);
        Span<SliceIndex> index = new SliceIndex[a.Rank];
        for (int d = 0; d < a.Rank; d++) index[d] = d == ax ? SliceIndex.Slice(start, stop, step) : SliceIndex.Slice();
        return a.Slice(index);
    }

    /// <summary>
    /// The array repeated <paramref name="reps"/>[d] times along each axis (NumPy's <c>tile</c>; shorter reps or shapes
    /// are padded with leading 1s). A new array, counted as <c>Tile</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A repetition count is negative.</exception>
    public static NDArray<T> Tile<T>(NDArray<T> array, params ReadOnlySpan<nint> reps) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        array.ThrowIfDisposed();
        foreach (nint r in reps)
            if (r < 0) throw new ArgumentOutOfRangeException(nameof(reps), r, $"Tile repetitions ({string.Join(", ", reps.ToArray())}) must be non-negative.");
        int rank = Math.Max(array.Rank, reps.Length);
        if (2 * rank > NDLayout.MaxRank) throw new ArgumentException($"Tile supports up to rank {NDLayout.MaxRank / 2}.", nameof(reps));
        // Result (r0*s0, r1*s1, ...) is the C-contiguous (r0, s0, r1, s1, ...); the source broadcasts along each r.
        Span<nint> shape = stackalloc nint[rank], split = stackalloc nint[2 * rank], srcStrides = stackalloc nint[2 * rank];
        for (int d = 0; d < rank; d++)
        {
            int ds = d - (rank - array.Rank), dr = d - (rank - reps.Length);
            nint s = ds >= 0 ? array.Shape[ds] : 1, r = dr >= 0 ? reps[dr] : 1;
            split[2 * d] = r;
            split[2 * d + 1] = s;
            srcStrides[2 * d] = 0;
            srcStrides[2 * d + 1] = ds >= 0 ? array.Strides[ds] : 0;
            shape[d] = checked(r * s);
        }
        return CopyInterleaved("Tile", array, shape, split, srcStrides);
    }

    /// <summary>
    /// Each element repeated <paramref name="repeats"/> times along <paramref name="axis"/>, or in the flattened array
    /// when null (NumPy's <c>repeat</c>). A new array, counted as <c>Repeat</c>.
    /// </summary>
    public static NDArray<T> Repeat<T>(NDArray<T> array, nint repeats, int? axis = null) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        ArgumentOutOfRangeException.ThrowIfNegative(repeats);
        array.ThrowIfDisposed();
        if (axis is null)
        {
            using var flat = array.RavelOrTemporary("Repeat");
            return Repeat(flat, repeats, 0);
        }
        int ax = LayoutOps.NormalizeAxis(axis.Value, array.Rank);
        int r = array.Rank;
        if (r + 1 > NDLayout.MaxRank) throw new ArgumentException($"Repeat supports up to rank {NDLayout.MaxRank - 1}.", nameof(array));
        Span<nint> shape = stackalloc nint[r], split = stackalloc nint[r + 1], srcStrides = stackalloc nint[r + 1];
        for (int d = 0, k = 0; d < r; d++)
        {
            shape[d] = d == ax ? checked(array.Shape[d] * repeats) : array.Shape[d];
            split[k] = array.Shape[d];
            srcStrides[k++] = array.Strides[d];
            if (d == ax) { split[k] = repeats; srcStrides[k++] = 0; }
        }
        return CopyInterleaved("Repeat", array, shape, split, srcStrides);
    }

    /// <summary>
    /// A new C-contiguous array of <paramref name="shape"/> written as the C-contiguous <paramref name="split"/> (the same
    /// elements with some axes split in two), reading the source with <paramref name="srcStrides"/> (0 where it repeats).
    /// </summary>
    private static NDArray<T> CopyInterleaved<T>(string operation, NDArray<T> array, ReadOnlySpan<nint> shape, ReadOnlySpan<nint> split, ReadOnlySpan<nint> srcStrides) where T : unmanaged
    {
        var result = NDArray<T>.Allocate(shape, zero: false);
        try
        {
            Span<nint> dstStrides = stackalloc nint[split.Length];
            NDLayout.ContiguousStrides(split, dstStrides);
            using var dst = result.Pin();
            using var src = array.Pin();
            Elementwise.Copy<T>(split, new Operand(dst.Pointer, dstStrides), new Operand(src.Pointer, srcStrides));
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
    /// Element i along <paramref name="axis"/> repeated <paramref name="repeats"/>[i] times (one count per element of
    /// the axis, or of the flattened array when null). A new array, counted as <c>Repeat</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The number of counts differs from the axis length; the message shows both.</exception>
    public static NDArray<T> Repeat<T>(NDArray<T> array, ReadOnlySpan<nint> repeats, int? axis = null) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        array.ThrowIfDisposed();
        if (repeats.Length == 1) return Repeat(array, repeats[0], axis);
        if (axis is null)
        {
            using var flat = array.RavelOrTemporary("Repeat");
            return Repeat(flat, repeats, 0);
        }
        int ax = LayoutOps.NormalizeAxis(axis.Value, array.Rank);
        if (repeats.Length != array.Shape[ax])
            throw new ArgumentException($"Repeat: {repeats.Length} counts for axis {ax} of length {array.Shape[ax]} (shape {NDLayout.ShapeText(array.Shape)}).", nameof(repeats));
        nint total = 0;
        foreach (nint k in repeats)
        {
            if (k < 0) throw new ArgumentOutOfRangeException(nameof(repeats), k, "Repeat counts must be non-negative.");
            total = checked(total + k);
        }
        Span<nint> shape = stackalloc nint[array.Rank], srcStrides = stackalloc nint[array.Rank];
        array.Shape.CopyTo(shape);
        shape[ax] = total;
        array.Strides.CopyTo(srcStrides);
        srcStrides[ax] = 0;
        var result = NDArray<T>.Allocate(shape, zero: false);
        try
        {
            using var dst = result.Pin();
            using var src = array.Pin();
            nint at = 0;
            for (int i = 0; i < repeats.Length; i++)
            {
                shape[ax] = repeats[i];
                Elementwise.Copy<T>(shape, new Operand(dst.Pointer + at * result.Strides[ax], result.Strides), new Operand(src.Pointer + i * array.Strides[ax], srcStrides));
                at += repeats[i];
            }
        }
        catch
        {
            result.Dispose();
            throw;
        }
        AllocationTracker.CountCopy("Repeat");
        return result;
    }

    /// <summary>
    /// Elements shifted by <paramref name="shift"/> positions along <paramref name="axis"/>, those past the end coming
    /// back at the start; the flattened array when null, reshaped back (NumPy's <c>roll</c>). A new array, counted as <c>Roll</c>.
    /// </summary>
    public static NDArray<T> Roll<T>(NDArray<T> array, nint shift, int? axis = null) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        array.ThrowIfDisposed();
        if (axis is null)
        {
            using var flat = array.RavelOrTemporary("Roll");
            using var rolled = Roll(flat, shift, 0);
            return rolled.TransferOwnership(NDLayout.CreateContiguous(array.Shape));
        }
        int ax = LayoutOps.NormalizeAxis(axis.Value, array.Rank);
        var result = NDArray<T>.Allocate(array.Shape, zero: false);
        try
        {
            nint n = array.Shape[ax];
            nint k = n == 0 ? 0 : ((shift % n) + n) % n;
            Span<nint> shape = stackalloc nint[array.Rank];
            array.Shape.CopyTo(shape);
            using var dst = result.Pin();
            using var src = array.Pin();
            // a[0 : n-k] goes to k.., a[n-k : n] to 0..k.
            shape[ax] = n - k;
            Elementwise.Copy<T>(shape, new Operand(dst.Pointer + k * result.Strides[ax], result.Strides), new Operand(src.Pointer, array.Strides));
            shape[ax] = k;
            Elementwise.Copy<T>(shape, new Operand(dst.Pointer, result.Strides), new Operand(src.Pointer + (n - k) * array.Strides[ax], array.Strides));
        }
        catch
        {
            result.Dispose();
            throw;
        }
        AllocationTracker.CountCopy("Roll");
        return result;
    }
}

// Flatten (always a copy) and Ravel (a view, or an exception naming RavelOrCopy).
public sealed unsafe partial class NDArray<T>
{
    /// <summary>The elements in <paramref name="order"/> as a new 1-d array (NumPy's <c>flatten</c>). Always a copy, counted as <c>Flatten</c>.</summary>
    public NDArray<T> Flatten(Order order = Order.C)
    {
        ThrowIfDisposed();
        using var source = order == Order.F ? Transpose() : View();
        return source.CopyCore(fortranOrder: false, "Flatten").TransferOwnership(NDLayout.CreateContiguous([Size]));
    }

    /// <summary>
    /// The elements in C order as a 1-d view (NumPy's <c>ravel</c> when it does not copy). Never copies: when the
    /// strides do not allow a 1-d view it throws; call <see cref="RavelOrCopy(out bool)"/> then.
    /// </summary>
    /// <exception cref="InvalidOperationException">Only a copy can be 1-d; the message shows shape and strides.</exception>
    public NDArray<T> Ravel()
    {
        ThrowIfDisposed();
        if (TryReshape([Size], out var view)) return view;
        throw new InvalidOperationException(
            $"Cannot ravel a view of shape {NDLayout.ShapeText(Shape)} and strides {NDLayout.ShapeText(Strides)} without copying; call RavelOrCopy (reports the copy) or Flatten().");
    }

    /// <summary>A 1-d view in C order when possible, otherwise a copy (counted as <c>RavelOrCopy</c>); <paramref name="copied"/> tells which (NumPy's <c>ravel</c>).</summary>
    public NDArray<T> RavelOrCopy(out bool copied)
    {
        ThrowIfDisposed();
        if (TryReshape([Size], out var view)) { copied = false; return view; }
        copied = true;
        return CopyCore(fortranOrder: false, "RavelOrCopy").TransferOwnership(NDLayout.CreateContiguous([Size]));
    }

    /// <summary>A 1-d view when possible, otherwise a temporary copy counted as "<paramref name="operation"/>(temporary)".</summary>
    internal NDArray<T> RavelOrTemporary(string operation)
    {
        ThrowIfDisposed();
        if (TryReshape([Size], out var view)) return view;
        return CopyCore(fortranOrder: false, operation + "(temporary)").TransferOwnership(NDLayout.CreateContiguous([Size]));
    }
}
