using System.Runtime.CompilerServices;

namespace NativeArrays.Kernels;

/// <summary>
/// The position of an ordered walk over an <see cref="IterationPlan"/>, resumable one row at a time: the multi-index
/// over the plan's outer axes (every axis but the last) and each operand's address at the start of the current row.
/// The one odometer of the library: <see cref="NdIterator.RunOrdered"/> (push: the iterator calls a row kernel) and
/// pull-style callers (the array enumerator, which must stop after each element) both step through it.
/// </summary>
/// <remarks>
/// A plan finished with <see cref="IterationPlan.FinishOrdered"/> walks C order with merged rows; an unfinished plan
/// (only <see cref="IterationPlan.Begin"/> and the operands) keeps every axis, so <see cref="Index"/> is the caller's
/// own multi-index. A 0-d plan is one row of one element.
/// </remarks>
[SkipLocalsInit]
internal unsafe struct NdCursor
{
    private fixed long _index[IterationPlan.MaxRank];
    /// <summary>Address of each operand's first element of the current row.</summary>
    private fixed long _row[IterationPlan.MaxOperands];

    /// <summary>Elements in every row of <paramref name="plan"/> (1 for a 0-d plan).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long RowLength(ref IterationPlan plan) => plan.Rank == 0 ? 1 : plan.Shape[plan.Rank - 1];

    /// <summary>Byte stride of operand <paramref name="op"/> along the rows (0 for a 0-d plan).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long RowStride(ref IterationPlan plan, int op) => plan.Rank == 0 ? 0 : plan.Stride(op, plan.Rank - 1);

    /// <summary>Address of operand <paramref name="op"/>'s first element of the current row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly byte* Row(int op) => (byte*)_row[op];

    /// <summary>The current row's index along outer axis <paramref name="axis"/> of the plan (axis &lt; Rank - 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly long Index(int axis) => _index[axis];

    /// <summary>
    /// Moves to the row holding element <paramref name="start"/> of the plan's C order (0 &lt;= start &lt; size) and
    /// returns its column within that row.
    /// </summary>
    public long Seek(ref IterationPlan plan, long start)
    {
        int outer = plan.Rank - 1;
        long col = 0;
        if (start == 0) // the common case (every walk from the beginning): no divisions
        {
            for (int d = 0; d < outer; d++) _index[d] = 0;
        }
        else
        {
            long n = RowLength(ref plan);
            long rest = start / n;
            col = start - rest * n;
            for (int d = outer - 1; d >= 0; d--)
            {
                _index[d] = rest % plan.Shape[d];
                rest /= plan.Shape[d];
            }
        }
        for (int op = 0; op < plan.Operands; op++)
        {
            long a = plan.Base[op];
            for (int d = 0; d < outer; d++) a += _index[d] * plan.Stride(op, d);
            _row[op] = a;
        }
        return col;
    }

    /// <summary>Address of operand <paramref name="op"/>'s element at C-order position <paramref name="position"/> (the cursor moves to its row).</summary>
    public byte* Address(ref IterationPlan plan, long position, int op = 0)
    {
        long col = Seek(ref plan, position);
        return Row(op) + col * RowStride(ref plan, op);
    }

    /// <summary>
    /// Advances by <paramref name="rows"/> rows (at least one) of which all but the last stay on the current index of the
    /// next-to-last axis's run (the rows a block call just walked): the band index moves, then <see cref="NextRow"/> carries.
    /// </summary>
    public void SkipRows(ref IterationPlan plan, long rows)
    {
        int band = plan.Rank - 2;
        _index[band] += rows - 1;
        for (int op = 0; op < plan.Operands; op++) _row[op] += (rows - 1) * plan.Stride(op, band);
        NextRow(ref plan);
    }

    /// <summary>
    /// Advances to the next row in C order: the last outer axis fastest, a carry resets an axis and moves the one
    /// before. Returns false after the last row (the cursor is then back at row 0).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool NextRow(ref IterationPlan plan)
    {
        int ops = plan.Operands;
        for (int d = plan.Rank - 2; d >= 0; d--)
        {
            if (++_index[d] < plan.Shape[d])
            {
                for (int op = 0; op < ops; op++) _row[op] += plan.Stride(op, d);
                return true;
            }
            _index[d] = 0;
            for (int op = 0; op < ops; op++) _row[op] -= (plan.Shape[d] - 1) * plan.Stride(op, d);
        }
        return false;
    }
}

// Ordered-mode entry points that several callers share: strided copies and fills (their order matters when a caller
// copies between regions of one buffer, as padding does) and line walks (sort, quantile and scan lines, widening sums).
internal static unsafe partial class NdIterator
{
    /// <summary>
    /// Copies every element of the source view into the destination view of the same shape, in C order, on the calling
    /// thread (ELEMENT strides). The caller guarantees the two do not overlap, or that C order is the order it needs.
    /// </summary>
    public static void CopyOrdered<T>(T* src, ReadOnlySpan<nint> srcStrides, T* dst, ReadOnlySpan<nint> dstStrides, ReadOnlySpan<nint> shape)
        where T : unmanaged
    {
        Unsafe.SkipInit(out IterationPlan plan);
        if (!plan.Begin(shape, 2)) return;
        plan.SetOperand(0, dst, dstStrides, sizeof(T));
        plan.SetOperand(1, src, srcStrides, sizeof(T));
        plan.FinishOrdered();
        var kernel = new CopyRow<T>();
        RunOrdered(ref plan, ref kernel);
    }

    /// <summary>Writes <paramref name="value"/> into every element of the view (ELEMENT strides), in C order.</summary>
    public static void FillOrdered<T>(T* dst, ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, T value) where T : unmanaged
    {
        Unsafe.SkipInit(out IterationPlan plan);
        if (!plan.Begin(shape, 1)) return;
        plan.SetOperand(0, dst, strides, sizeof(T));
        plan.FinishOrdered();
        var kernel = new FillRow<T> { Value = value };
        RunOrdered(ref plan, ref kernel);
    }

    /// <summary>
    /// Visits every line along <paramref name="axis"/> of two operands (ELEMENT strides of <typeparamref name="TX"/> and
    /// <typeparamref name="TY"/>; pointers at each line's first element), in C order of the other axes: line k is the
    /// k-th in that order. An ordered walk over the shape without the axis; nothing runs when any axis (the line axis
    /// too) is empty. <paramref name="y"/> may be null with zero strides, for a kernel that writes no second operand.
    /// </summary>
    public static void ForEachLine<TX, TY, TKernel>(ReadOnlySpan<nint> shape, int axis, TX* x, ReadOnlySpan<nint> xStrides, TY* y, ReadOnlySpan<nint> yStrides, ref TKernel kernel)
        where TX : unmanaged where TY : unmanaged where TKernel : struct, ILineKernel
    {
        int r = shape.Length;
        if (shape[axis] == 0) return;
        Span<nint> outer = stackalloc nint[r - 1], xs = stackalloc nint[r - 1], ys = stackalloc nint[r - 1];
        for (int d = 0, k = 0; d < r; d++)
        {
            if (d == axis) continue;
            outer[k] = shape[d]; xs[k] = xStrides[d]; ys[k++] = yStrides[d];
        }
        Unsafe.SkipInit(out IterationPlan plan);
        if (!plan.Begin(outer, 2)) return;
        plan.SetOperand(0, x, xs, sizeof(TX));
        plan.SetOperand(1, y, ys, sizeof(TY));
        plan.FinishOrdered();
        var rows = new PerElement<TKernel> { Kernel = kernel };
        RunOrdered(ref plan, ref rows);
        kernel = rows.Kernel;
    }

    private struct CopyRow<T> : IRowKernel where T : unmanaged
    {
        public readonly void Row(nint n, byte** p, long* s)
        {
            T* dst = (T*)p[0], src = (T*)p[1];
            nint ds = (nint)s[0] / sizeof(T), ss = (nint)s[1] / sizeof(T);
            if (ss == 1 && ds == 1) Buffer.MemoryCopy(src, dst, n * sizeof(T), n * sizeof(T));
            else for (nint i = 0; i < n; i++) dst[i * ds] = src[i * ss];
        }
    }
}
