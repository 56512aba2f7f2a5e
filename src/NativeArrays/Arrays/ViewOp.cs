using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

using NativeArrays.Kernels;
using NativeArrays.Layout;
namespace NativeArrays.Arrays;

/// <summary>
/// One view operation and its arguments: what it does to a (shape, strides, offset) triple. Each operation is one
/// small struct (<see cref="ViewOp"/>'s nested types), so the one generic derivation (<c>NDArray.Derive&lt;TOp&gt;</c>,
/// <c>ViewState.Derive&lt;TOp&gt;</c>) is specialised per operation by the JIT: no switch, no argument bag, no
/// unused fields copied. Pure: it touches no memory and allocates nothing; the arguments are borrowed for the call.
/// </summary>
internal interface IViewOp
{
    /// <summary>
    /// An upper bound of the result's rank for a source of rank <paramref name="rank"/>, at most
    /// <see cref="NDLayout.MaxRank"/>: the length of the output buffers <see cref="TryApply"/> needs. Throws
    /// <see cref="ArgumentException"/> for a target shape above the maximum rank (before any buffer is sized by it).
    /// </summary>
    int ResultRankBound(int rank);

    /// <summary>Whether the result must be read-only (a broadcast repeats elements; an expert view asked for it).</summary>
    bool ReadOnlyResult { get; }

    /// <summary>
    /// Applies the operation to (<paramref name="shape"/>, <paramref name="strides"/>, <paramref name="offset"/>):
    /// writes the result's shape and strides (buffers of at least <see cref="ResultRankBound"/> entries), its rank,
    /// and moves <paramref name="offset"/> (elements). Returns false only for a reshape that needs a copy (then
    /// <paramref name="outShape"/>[..rank] holds the resolved shape and the offset is unchanged). The output buffers
    /// must not overlap the input spans.
    /// </summary>
    bool TryApply(scoped ReadOnlySpan<nint> shape, scoped ReadOnlySpan<nint> strides, ref nint offset, scoped Span<nint> outShape, scoped Span<nint> outStrides, out int rank);
}

/// <summary>The view operations, one struct each (see <see cref="IViewOp"/>), and what they share.</summary>
internal static class ViewOp
{
    /// <summary>NumPy basic indexing.</summary>
    public readonly ref struct Index(ReadOnlySpan<SliceIndex> index) : IViewOp
    {
        private readonly ReadOnlySpan<SliceIndex> _index = index;
        // Each NewAxis adds one axis; LayoutOps.Index refuses a result above MaxRank before writing past it.
        public int ResultRankBound(int rank) => Math.Min(NDLayout.MaxRank, rank + _index.Length);
        public bool ReadOnlyResult => false;
        public bool TryApply(scoped ReadOnlySpan<nint> shape, scoped ReadOnlySpan<nint> strides, ref nint offset, scoped Span<nint> outShape, scoped Span<nint> outStrides, out int rank)
        {
            rank = LayoutOps.Index(shape, strides, _index, outShape, outStrides, out nint delta);
            offset += delta;
            return true;
        }
    }

    /// <summary>Reorders the axes (empty: reverses them).</summary>
    public readonly ref struct Permute(ReadOnlySpan<int> axes) : IViewOp
    {
        private readonly ReadOnlySpan<int> _axes = axes;
        public int ResultRankBound(int rank) => rank;
        public bool ReadOnlyResult => false;
        public bool TryApply(scoped ReadOnlySpan<nint> shape, scoped ReadOnlySpan<nint> strides, ref nint offset, scoped Span<nint> outShape, scoped Span<nint> outStrides, out int rank)
        {
            LayoutOps.Permute(shape, strides, _axes, outShape, outStrides);
            rank = shape.Length;
            return true;
        }
    }

    /// <summary>Exchanges two axes.</summary>
    public readonly struct SwapAxes(int axis1, int axis2) : IViewOp
    {
        public int ResultRankBound(int rank) => rank;
        public bool ReadOnlyResult => false;
        [SkipLocalsInit]
        public bool TryApply(scoped ReadOnlySpan<nint> shape, scoped ReadOnlySpan<nint> strides, ref nint offset, scoped Span<nint> outShape, scoped Span<nint> outStrides, out int rank)
        {
            rank = shape.Length;
            LayoutOps.Permute(shape, strides, LayoutOps.SwapAxesOrder(rank, axis1, axis2, stackalloc int[rank]), outShape, outStrides);
            return true;
        }
    }

    /// <summary>The same elements in C order with another shape (one -1 allowed); false when only a copy can have it.</summary>
    public readonly ref struct Reshape(ReadOnlySpan<nint> newShape) : IViewOp
    {
        private readonly ReadOnlySpan<nint> _shape = newShape;
        public int ResultRankBound(int rank) => TargetRank(_shape);
        public bool ReadOnlyResult => false;
        public bool TryApply(scoped ReadOnlySpan<nint> shape, scoped ReadOnlySpan<nint> strides, ref nint offset, scoped Span<nint> outShape, scoped Span<nint> outStrides, out int rank)
        {
            rank = _shape.Length;
            LayoutOps.ResolveShape(shape, SizeOf(shape), _shape, outShape);
            return LayoutOps.TryReshapeStrides(shape, strides, outShape[..rank], outStrides);
        }
    }

    /// <summary>NumPy broadcasting to a shape; the result is read-only.</summary>
    public readonly ref struct BroadcastTo(ReadOnlySpan<nint> target) : IViewOp
    {
        private readonly ReadOnlySpan<nint> _shape = target;
        public int ResultRankBound(int rank) => TargetRank(_shape);
        public bool ReadOnlyResult => true;
        public bool TryApply(scoped ReadOnlySpan<nint> shape, scoped ReadOnlySpan<nint> strides, ref nint offset, scoped Span<nint> outShape, scoped Span<nint> outStrides, out int rank)
        {
            NDLayout.CheckedSize(_shape);
            LayoutOps.BroadcastStrides(shape, strides, _shape, outStrides);
            _shape.CopyTo(outShape);
            rank = _shape.Length;
            return true;
        }
    }

    /// <summary>Removes length-1 axes (all, or the one given).</summary>
    public readonly struct Squeeze(int? axis) : IViewOp
    {
        public int ResultRankBound(int rank) => rank;
        public bool ReadOnlyResult => false;
        public bool TryApply(scoped ReadOnlySpan<nint> shape, scoped ReadOnlySpan<nint> strides, ref nint offset, scoped Span<nint> outShape, scoped Span<nint> outStrides, out int rank)
        {
            rank = LayoutOps.Squeeze(shape, strides, axis, outShape, outStrides);
            return true;
        }
    }

    /// <summary>Inserts a length-1 axis.</summary>
    public readonly struct ExpandDims(int axis) : IViewOp
    {
        // LayoutOps.ExpandDims refuses a result above MaxRank before writing.
        public int ResultRankBound(int rank) => Math.Min(NDLayout.MaxRank, rank + 1);
        public bool ReadOnlyResult => false;
        public bool TryApply(scoped ReadOnlySpan<nint> shape, scoped ReadOnlySpan<nint> strides, ref nint offset, scoped Span<nint> outShape, scoped Span<nint> outStrides, out int rank)
        {
            rank = LayoutOps.ExpandDims(shape, strides, axis, outShape, outStrides);
            return true;
        }
    }

    /// <summary>Reverses one axis, or all when null.</summary>
    public readonly struct Flip(int? axis) : IViewOp
    {
        public int ResultRankBound(int rank) => rank;
        public bool ReadOnlyResult => false;
        public bool TryApply(scoped ReadOnlySpan<nint> shape, scoped ReadOnlySpan<nint> strides, ref nint offset, scoped Span<nint> outShape, scoped Span<nint> outStrides, out int rank)
        {
            offset += LayoutOps.Flip(shape, strides, axis, outStrides);
            shape.CopyTo(outShape);
            rank = shape.Length;
            return true;
        }
    }

    /// <summary>The k-th diagonal of two axes, appended as the last axis.</summary>
    public readonly struct Diagonal(nint k, int axis1, int axis2) : IViewOp
    {
        public int ResultRankBound(int rank) => rank;
        public bool ReadOnlyResult => false;
        public bool TryApply(scoped ReadOnlySpan<nint> shape, scoped ReadOnlySpan<nint> strides, ref nint offset, scoped Span<nint> outShape, scoped Span<nint> outStrides, out int rank)
        {
            rank = LayoutOps.Diagonal(shape, strides, k, axis1, axis2, outShape, outStrides, out nint delta);
            offset += delta;
            return true;
        }
    }

    /// <summary>
    /// An expert view with explicit shape, strides and buffer offset (null: keep the source's), validated against a
    /// buffer of <paramref name="elementCount"/> elements; a <paramref name="writable"/> view must not reach one
    /// element through two indices.
    /// </summary>
    public readonly ref struct AsStrided(ReadOnlySpan<nint> viewShape, ReadOnlySpan<nint> viewStrides, nint? viewOffset, nint elementCount, bool writable) : IViewOp
    {
        private readonly ReadOnlySpan<nint> _shape = viewShape, _strides = viewStrides;
        private readonly nint? _offset = viewOffset;
        public int ResultRankBound(int rank) => Math.Min(NDLayout.MaxRank, _shape.Length);
        public bool ReadOnlyResult => !writable;
        public bool TryApply(scoped ReadOnlySpan<nint> shape, scoped ReadOnlySpan<nint> strides, ref nint offset, scoped Span<nint> outShape, scoped Span<nint> outStrides, out int rank)
        {
            nint origin = _offset ?? offset;
            rank = CheckStrided(origin);
            _shape.CopyTo(outShape);
            _strides.CopyTo(outStrides);
            offset = origin;
            return true;
        }

        /// <summary>Validates the view at element offset <paramref name="origin"/> of the buffer; returns its rank.</summary>
        private int CheckStrided(nint origin)
        {
            if (_shape.Length != _strides.Length)
                throw new ArgumentException($"Shape {NDLayout.ShapeText(_shape)} and strides {NDLayout.ShapeText(_strides)} differ in rank.");
            NDLayout.CheckedSize(_shape); // also refuses a rank above MaxRank
            nint low, high;
            bool any;
            try { any = MemoryOverlap.Extent(_shape, _strides, out low, out high); }
            catch (ArgumentOutOfRangeException e)
            {
                throw new ArgumentException($"View of shape {NDLayout.ShapeText(_shape)} and strides {NDLayout.ShapeText(_strides)} reaches outside the buffer: {e.Message}", e);
            }
            nint count = elementCount;
            // low <= 0 <= high, so these comparisons cannot overflow.
            if (any && (origin < 0 || origin >= count || low < -origin || high > count - 1 - origin))
                throw new ArgumentException(
                    $"View of shape {NDLayout.ShapeText(_shape)}, strides {NDLayout.ShapeText(_strides)} and offset {origin} reaches element offsets {low}..{high} from {origin}, outside the buffer's 0..{count - 1}.");
            if (writable && MemoryOverlap.HasInternalOverlap(_shape, _strides))
                throw new ArgumentException(
                    $"A writable view of shape {NDLayout.ShapeText(_shape)} and strides {NDLayout.ShapeText(_strides)} would reach some elements through two indices; pass writable: false.");
            return _shape.Length;
        }
    }

    /// <summary>
    /// Applies <paramref name="op"/> like <see cref="IViewOp.TryApply"/>; for a reshape that only a copy can do, throws
    /// when <paramref name="throwIfCopy"/>, else returns false.
    /// </summary>
    /// <exception cref="InvalidOperationException">A reshape that only a copy can do; the message names both shapes.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Apply<TOp>(scoped in TOp op, scoped ReadOnlySpan<nint> shape, scoped ReadOnlySpan<nint> strides, ref nint offset, scoped Span<nint> outShape, scoped Span<nint> outStrides, out int rank, bool throwIfCopy)
        where TOp : IViewOp, allows ref struct
    {
        if (op.TryApply(shape, strides, ref offset, outShape, outStrides, out rank)) return true;
        if (throwIfCopy) ThrowNeedsCopy(shape, strides, outShape[..rank]);
        return false;
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNeedsCopy(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, ReadOnlySpan<nint> newShape) =>
        throw new InvalidOperationException(
            $"Cannot reshape a view of shape {NDLayout.ShapeText(shape)} and strides {NDLayout.ShapeText(strides)} into {NDLayout.ShapeText(newShape)} without copying; call NDArray.ReshapeOrCopy (reports the copy) or Copy() first.");

    /// <summary>
    /// The rank of a target shape given by the caller (reshape, broadcast, expert view), checked against
    /// <see cref="NDLayout.MaxRank"/> when the result's rank bound is taken, before any buffer is sized by it.
    /// </summary>
    /// <exception cref="ArgumentException">The rank exceeds the maximum (parameter <c>shape</c>).</exception>
    private static int TargetRank(ReadOnlySpan<nint> shape)
    {
        if (shape.Length > NDLayout.MaxRank)
            throw new ArgumentException($"Rank {shape.Length} exceeds the maximum rank {NDLayout.MaxRank}.", "shape");
        return shape.Length;
    }

    private static nint SizeOf(ReadOnlySpan<nint> shape)
    {
        nint n = 1;
        foreach (nint d in shape) n *= d;
        return n;
    }
}
