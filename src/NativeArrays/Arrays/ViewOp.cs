using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

using NativeArrays.Kernels;
using NativeArrays.Layout;
namespace NativeArrays.Arrays;

/// <summary>
/// One view operation and its arguments: the single definition of what slicing, transposing, reshaping,
/// broadcasting, ... do to a (shape, strides, offset) triple. <see cref="NDArray{T}"/>, <see cref="NDSpan{T}"/> and
/// <see cref="ReadOnlyNDSpan{T}"/> each forward to it in one line (through <c>ViewState.Derive</c>), so a view operation
/// is written once. Pure: it touches no memory and allocates nothing; the arguments are borrowed for the call.
/// </summary>
[SkipLocalsInit]
internal readonly ref struct ViewOp
{
    private enum Kind : byte { Index, Permute, SwapAxes, Reshape, BroadcastTo, Squeeze, ExpandDims, Flip, Diagonal, AsStrided }

    private readonly Kind _kind;
    private readonly ReadOnlySpan<SliceIndex> _index;
    private readonly ReadOnlySpan<int> _axes;
    private readonly ReadOnlySpan<nint> _shape, _strides;
    private readonly nint _k;
    private readonly int _axis1, _axis2;
    private readonly int? _axis;
    private readonly nint? _offset;

    /// <summary>Whether the result must be read-only (a broadcast repeats elements; an expert view asked for it).</summary>
    public readonly bool ReadOnlyResult;

    private ViewOp(Kind kind, ReadOnlySpan<SliceIndex> index = default, ReadOnlySpan<int> axes = default, ReadOnlySpan<nint> shape = default,
        ReadOnlySpan<nint> strides = default, nint k = 0, int axis1 = 0, int axis2 = 0, int? axis = null, nint? offset = null, bool readOnly = false)
    {
        _kind = kind;
        _index = index;
        _axes = axes;
        _shape = shape;
        _strides = strides;
        _k = k;
        _axis1 = axis1;
        _axis2 = axis2;
        _axis = axis;
        _offset = offset;
        ReadOnlyResult = readOnly;
    }

    /// <summary>NumPy basic indexing.</summary>
    public static ViewOp Index(ReadOnlySpan<SliceIndex> index) => new(Kind.Index, index: index);
    /// <summary>Reorders the axes (empty: reverses them).</summary>
    public static ViewOp Permute(ReadOnlySpan<int> axes) => new(Kind.Permute, axes: axes);
    /// <summary>Exchanges two axes.</summary>
    public static ViewOp SwapAxes(int axis1, int axis2) => new(Kind.SwapAxes, axis1: axis1, axis2: axis2);
    /// <summary>The same elements in C order with another shape (one -1 allowed); fails when only a copy can have it.</summary>
    public static ViewOp Reshape(ReadOnlySpan<nint> shape) => new(Kind.Reshape, shape: shape);
    /// <summary>NumPy broadcasting to <paramref name="shape"/>; the result is read-only.</summary>
    public static ViewOp BroadcastTo(ReadOnlySpan<nint> shape) => new(Kind.BroadcastTo, shape: shape, readOnly: true);
    /// <summary>Removes length-1 axes (all, or the one given).</summary>
    public static ViewOp Squeeze(int? axis) => new(Kind.Squeeze, axis: axis);
    /// <summary>Inserts a length-1 axis.</summary>
    public static ViewOp ExpandDims(int axis) => new(Kind.ExpandDims, axis1: axis);
    /// <summary>Reverses one axis, or all when null.</summary>
    public static ViewOp Flip(int? axis) => new(Kind.Flip, axis: axis);
    /// <summary>The k-th diagonal of two axes, appended as the last axis.</summary>
    public static ViewOp Diagonal(nint k, int axis1, int axis2) => new(Kind.Diagonal, k: k, axis1: axis1, axis2: axis2);

    /// <summary>
    /// An expert view with explicit shape, strides and buffer offset (null: keep the source's), validated against a
    /// buffer of <paramref name="elementCount"/> elements; a <paramref name="writable"/> view must not reach one
    /// element through two indices.
    /// </summary>
    public static ViewOp AsStrided(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, nint? offset, nint elementCount, bool writable) =>
        new(Kind.AsStrided, shape: shape, strides: strides, offset: offset, k: elementCount, readOnly: !writable);

    /// <summary>
    /// Applies the operation to (<paramref name="shape"/>, <paramref name="strides"/>, <paramref name="offset"/>):
    /// writes the result's shape and strides (buffers of <see cref="NDLayout.MaxRank"/> entries), its rank, and moves
    /// <paramref name="offset"/> (elements). The output buffers must not overlap the input spans.
    /// </summary>
    /// <exception cref="InvalidOperationException">A reshape that only a copy can do; the message names both shapes.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, ref nint offset, Span<nint> outShape, Span<nint> outStrides, out int rank)
    {
        if (!TryApply(shape, strides, ref offset, outShape, outStrides, out rank)) ThrowNeedsCopy(shape, strides, outShape[..rank]);
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNeedsCopy(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, ReadOnlySpan<nint> newShape) =>
        throw new InvalidOperationException(
            $"Cannot reshape a view of shape {NDLayout.ShapeText(shape)} and strides {NDLayout.ShapeText(strides)} into {NDLayout.ShapeText(newShape)} without copying; call NDArray.ReshapeOrCopy (reports the copy) or Copy() first.");

    /// <summary>As <see cref="Apply"/>, but returns false for a reshape that needs a copy (then <paramref name="outShape"/>[..rank] holds the resolved shape and the offset is unchanged).</summary>
    public bool TryApply(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, ref nint offset, Span<nint> outShape, Span<nint> outStrides, out int rank)
    {
        nint delta = 0;
        switch (_kind)
        {
            case Kind.Index:
                rank = LayoutOps.Index(shape, strides, _index, outShape, outStrides, out delta);
                break;
            case Kind.Permute:
                LayoutOps.Permute(shape, strides, _axes, outShape, outStrides);
                rank = shape.Length;
                break;
            case Kind.SwapAxes:
                SwapAxes(shape, strides, _axis1, _axis2, outShape, outStrides);
                rank = shape.Length;
                break;
            case Kind.Reshape:
                if (_shape.Length > NDLayout.MaxRank)
                    throw new ArgumentException($"Rank {_shape.Length} exceeds the maximum rank {NDLayout.MaxRank}.", "shape");
                rank = _shape.Length;
                LayoutOps.ResolveShape(shape, SizeOf(shape), _shape, outShape);
                if (!LayoutOps.TryReshapeStrides(shape, strides, outShape[..rank], outStrides)) return false;
                break;
            case Kind.BroadcastTo:
                NDLayout.CheckedSize(_shape);
                LayoutOps.BroadcastStrides(shape, strides, _shape, outStrides);
                _shape.CopyTo(outShape);
                rank = _shape.Length;
                break;
            case Kind.Squeeze:
                rank = LayoutOps.Squeeze(shape, strides, _axis, outShape, outStrides);
                break;
            case Kind.ExpandDims:
                rank = LayoutOps.ExpandDims(shape, strides, _axis1, outShape, outStrides);
                break;
            case Kind.Flip:
                delta = LayoutOps.Flip(shape, strides, _axis, outStrides);
                shape.CopyTo(outShape);
                rank = shape.Length;
                break;
            case Kind.Diagonal:
                rank = LayoutOps.Diagonal(shape, strides, _k, _axis1, _axis2, outShape, outStrides, out delta);
                break;
            case Kind.AsStrided:
                rank = CheckStrided(_offset ?? offset);
                _shape.CopyTo(outShape);
                _strides.CopyTo(outStrides);
                offset = _offset ?? offset;
                return true;
            default:
                throw new InvalidOperationException($"Unknown view operation {_kind}.");
        }
        offset += delta;
        return true;
    }

    // Apart from TryApply so that its stack buffer does not weigh on every other operation.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SwapAxes(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, int axis1, int axis2, Span<nint> outShape, Span<nint> outStrides) =>
        LayoutOps.Permute(shape, strides, LayoutOps.SwapAxesOrder(shape.Length, axis1, axis2, stackalloc int[shape.Length]), outShape, outStrides);

    private static nint SizeOf(ReadOnlySpan<nint> shape)
    {
        nint n = 1;
        foreach (nint d in shape) n *= d;
        return n;
    }

    /// <summary>Validates an expert view at element offset <paramref name="origin"/> of the buffer; returns its rank.</summary>
    private int CheckStrided(nint origin)
    {
        if (_shape.Length != _strides.Length)
            throw new ArgumentException($"Shape {NDLayout.ShapeText(_shape)} and strides {NDLayout.ShapeText(_strides)} differ in rank.");
        NDLayout.CheckedSize(_shape);
        nint low, high;
        bool any;
        try { any = MemoryOverlap.Extent(_shape, _strides, out low, out high); }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ArgumentException($"View of shape {NDLayout.ShapeText(_shape)} and strides {NDLayout.ShapeText(_strides)} reaches outside the buffer: {e.Message}", e);
        }
        nint count = _k;
        // low <= 0 <= high, so these comparisons cannot overflow.
        if (any && (origin < 0 || origin >= count || low < -origin || high > count - 1 - origin))
            throw new ArgumentException(
                $"View of shape {NDLayout.ShapeText(_shape)}, strides {NDLayout.ShapeText(_strides)} and offset {origin} reaches element offsets {low}..{high} from {origin}, outside the buffer's 0..{count - 1}.");
        if (!ReadOnlyResult && MemoryOverlap.HasInternalOverlap(_shape, _strides))
            throw new ArgumentException(
                $"A writable view of shape {NDLayout.ShapeText(_shape)} and strides {NDLayout.ShapeText(_strides)} would reach some elements through two indices; pass writable: false.");
        return _shape.Length;
    }
}
