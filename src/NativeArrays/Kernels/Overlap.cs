using NativeArrays.Layout;

namespace NativeArrays.Kernels;

/// <summary>
/// Overlap tests between kernel operands over a common shape: the identical view and disjoint byte extents
/// first, then the layout's bounded exact test; whatever cannot be proven disjoint counts as overlapping.
/// </summary>
internal static unsafe class Overlap
{
    /// <summary>Work bound of the exact disjointness proof; beyond it the operands count as overlapping.</summary>
    private const long ProofWork = 1 << 12;

    /// <summary>Byte range [low, high) spanned by an operand over <paramref name="shape"/> (shape non-empty).</summary>
    public static (nint Low, nint High) Extent(ReadOnlySpan<nint> shape, void* pointer, ReadOnlySpan<nint> strides, int elementSize)
    {
        nint low = (nint)pointer, high = (nint)pointer;
        for (int d = 0; d < shape.Length; d++)
        {
            nint reach = (shape[d] - 1) * strides[d] * elementSize;
            if (reach < 0) low += reach; else high += reach;
        }
        return (low, high + elementSize);
    }

    /// <summary>Whether two operands visit exactly the same bytes in the same order (the in-place case).</summary>
    public static bool Identical(ReadOnlySpan<nint> shape, void* p, ReadOnlySpan<nint> ps, int pSize, void* q, ReadOnlySpan<nint> qs, int qSize)
    {
        if (p != q || pSize != qSize) return false;
        for (int d = 0; d < shape.Length; d++)
            if (shape[d] > 1 && ps[d] != qs[d]) return false;
        return true;
    }

    /// <summary>
    /// Whether reading <paramref name="input"/> while writing <paramref name="output"/> elementwise could
    /// read an element already overwritten: true unless identical or disjoint.
    /// </summary>
    public static bool Conflicts(ReadOnlySpan<nint> shape, Operand output, int outputSize, Operand input, int inputSize)
    {
        if (Identical(shape, output.Pointer, output.Strides, outputSize, input.Pointer, input.Strides, inputSize)) return false;
        var (ol, oh) = Extent(shape, output.Pointer, output.Strides, outputSize);
        var (il, ih) = Extent(shape, input.Pointer, input.Strides, inputSize);
        if (!(ol < ih && il < oh)) return false;
        // Extents meet: try to prove the element sets disjoint (interleaved slices, distinct slices of one array).
        if (outputSize != inputSize || (nint)output.Pointer % outputSize != 0 || (nint)input.Pointer % inputSize != 0) return true;
        return MemoryOverlap.Shares((nint)output.Pointer / outputSize, shape, output.Strides,
            (nint)input.Pointer / inputSize, shape, input.Strides, ProofWork) != MemoryShare.No;
    }
}
