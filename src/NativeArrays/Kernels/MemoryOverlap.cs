using System.Collections;
using System.Runtime.CompilerServices;
using NativeArrays.Layout;

namespace NativeArrays.Kernels;

/// <summary>
/// The one overlap module: extents (overflow-checked), identity, internal overlap of one view and bounded exact
/// sharing between two views, in element units relative to a buffer start or in bytes for kernel operands. Exact
/// answers come from enumerating element offsets into a bitmap of the common window with the one n-d iterator
/// (<see cref="NdIterator.RunOrdered"/>), under a work bound past which the answer is "too hard" (unsafe side).
/// </summary>
[SkipLocalsInit]
internal static unsafe class MemoryOverlap
{
    /// <summary>Default work bound of <see cref="Shares"/> (elements enumerated).</summary>
    public const long DefaultMaxWork = 1 << 24;

    /// <summary>Work bound of the exact disjointness proof between kernel operands; beyond it they count as overlapping.</summary>
    private const long OperandProofWork = 1 << 12;

    /// <summary>Default work bound of <see cref="HasInternalOverlap"/>.</summary>
    public const long InternalOverlapMaxWork = 1 << 22;

    /// <summary>Lowest and highest element offset (relative to the view's origin) the view reaches; false when empty.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The extent overflows the address space.</exception>
    public static bool Extent(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, out nint low, out nint high)
    {
        low = 0; high = 0;
        foreach (nint d in shape) if (d == 0) return false;
        try
        {
            for (int i = 0; i < shape.Length; i++)
            {
                nint span = checked((shape[i] - 1) * strides[i]);
                if (span < 0) low = checked(low + span); else high = checked(high + span);
            }
        }
        catch (OverflowException)
        {
            throw new ArgumentOutOfRangeException(nameof(strides),
                $"The extent of shape {NDLayout.ShapeText(shape)} with strides {NDLayout.ShapeText(strides)} overflows the address space.");
        }
        return true;
    }

    /// <summary>Byte range [low, high) an operand spans over a non-empty <paramref name="shape"/>.</summary>
    public static (nint Low, nint High) ByteExtent(ReadOnlySpan<nint> shape, void* pointer, ReadOnlySpan<nint> strides, int elementSize)
    {
        Extent(shape, strides, out nint low, out nint high);
        return ((nint)pointer + low * elementSize, (nint)pointer + high * elementSize + elementSize);
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
    /// Whether reading <paramref name="input"/> while writing <paramref name="output"/> elementwise over a common
    /// non-empty <paramref name="shape"/> could read an element already overwritten: true unless identical or disjoint.
    /// </summary>
    public static bool Conflicts(ReadOnlySpan<nint> shape, in Operand output, int outputSize, in Operand input, int inputSize)
        => Conflicts(shape, output.Pointer, output.Strides, outputSize, input.Pointer, input.Strides, inputSize);

    /// <summary><see cref="Conflicts(ReadOnlySpan{nint}, in Operand, int, in Operand, int)"/> over addresses and element strides.</summary>
    public static bool Conflicts(ReadOnlySpan<nint> shape, void* output, ReadOnlySpan<nint> outputStrides, int outputSize, void* input, ReadOnlySpan<nint> inputStrides, int inputSize)
    {
        if (Identical(shape, output, outputStrides, outputSize, input, inputStrides, inputSize)) return false;
        return MayOverlap(output, shape, outputStrides, outputSize, input, shape, inputStrides, inputSize);
    }

    /// <summary>
    /// Whether two operands (addresses, shapes, ELEMENT strides, element sizes) may touch a common byte: their byte
    /// extents meet and the bounded exact test cannot prove their elements disjoint. False when either is empty.
    /// </summary>
    public static bool MayOverlap(void* p, ReadOnlySpan<nint> pShape, ReadOnlySpan<nint> ps, int pSize, void* q, ReadOnlySpan<nint> qShape, ReadOnlySpan<nint> qs, int qSize)
    {
        foreach (nint n in pShape) if (n == 0) return false;
        foreach (nint n in qShape) if (n == 0) return false;
        var (pl, ph) = ByteExtent(pShape, p, ps, pSize);
        var (ql, qh) = ByteExtent(qShape, q, qs, qSize);
        if (!(pl < qh && ql < ph)) return false;
        // Extents meet: try to prove the element sets disjoint (interleaved slices, distinct slices of one array).
        if (pSize != qSize || (nint)p % pSize != 0 || (nint)q % qSize != 0) return true;
        return Shares((nint)p / pSize, pShape, ps, (nint)q / qSize, qShape, qs, OperandProofWork) != MemoryShare.No;
    }

    /// <summary>Whether the extents (lowest..highest element) of the two views intersect.</summary>
    public static bool MayShare(nint offsetA, ReadOnlySpan<nint> shapeA, ReadOnlySpan<nint> stridesA,
        nint offsetB, ReadOnlySpan<nint> shapeB, ReadOnlySpan<nint> stridesB)
    {
        if (!Extent(shapeA, stridesA, out nint la, out nint ha)) return false;
        if (!Extent(shapeB, stridesB, out nint lb, out nint hb)) return false;
        return offsetA + la <= offsetB + hb && offsetB + lb <= offsetA + ha;
    }

    /// <summary>
    /// Whether some element is reachable from both views. Cheap proofs first (extents, a common stride divisor
    /// that separates the offsets, identical or contiguous layouts), then an enumeration bounded by <paramref name="maxWork"/>.
    /// </summary>
    public static MemoryShare Shares(nint offsetA, ReadOnlySpan<nint> shapeA, ReadOnlySpan<nint> stridesA,
        nint offsetB, ReadOnlySpan<nint> shapeB, ReadOnlySpan<nint> stridesB, long maxWork = DefaultMaxWork)
    {
        if (!Extent(shapeA, stridesA, out nint la, out nint ha)) return MemoryShare.No;
        if (!Extent(shapeB, stridesB, out nint lb, out nint hb)) return MemoryShare.No;
        nint loA = offsetA + la, hiA = offsetA + ha, loB = offsetB + lb, hiB = offsetB + hb;
        if (hiA < loB || hiB < loA) return MemoryShare.No;
        // Every element of A is at offsetA + k*g, of B at offsetB + m*g: different residues never meet.
        // Axes of length 1 add no offsets, so their strides (which may be anything) do not count.
        ulong g = 0;
        for (int i = 0; i < shapeA.Length; i++) if (shapeA[i] > 1) g = Gcd(g, stridesA[i]);
        for (int i = 0; i < shapeB.Length; i++) if (shapeB[i] > 1) g = Gcd(g, stridesB[i]);
        if (g > 1 && ((Int128)offsetA - offsetB) % g != 0) return MemoryShare.No;
        // A view that covers its whole extent densely meets every element of a view inside that extent.
        if (loA <= loB && hiB <= hiA && IsDense(shapeA, stridesA)) return MemoryShare.Yes;
        if (loB <= loA && hiA <= hiB && IsDense(shapeB, stridesB)) return MemoryShare.Yes;
        if (offsetA == offsetB && shapeA.SequenceEqual(shapeB) && stridesA.SequenceEqual(stridesB)) return MemoryShare.Yes;

        // Enumerate the elements of both inside the common window into a bitmap.
        nint lo = Math.Max(loA, loB), hi = Math.Min(hiA, hiB);
        long window = (long)hi - lo + 1;
        long sizeA = Size(shapeA), sizeB = Size(shapeB);
        long windowBound = maxWork > long.MaxValue / 8 ? long.MaxValue : maxWork * 8;
        if (window > Math.Min(windowBound, int.MaxValue) || sizeA + sizeB > maxWork) return MemoryShare.TooHard;
        var marks = new OffsetMarks { Marks = new BitArray((int)window), Low = lo, High = hi, Mark = true };
        WalkOffsets(offsetA, shapeA, stridesA, ref marks);
        marks.Mark = false;
        WalkOffsets(offsetB, shapeB, stridesB, ref marks);
        return marks.Hit ? MemoryShare.Yes : MemoryShare.No;
    }

    /// <summary>
    /// Whether two different index tuples of the view can reach the same element (a writable view must not).
    /// Exact: a fast sufficient test, then a bounded enumeration; beyond the bound it answers true (unsafe).
    /// </summary>
    public static bool HasInternalOverlap(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, long maxWork = InternalOverlapMaxWork)
    {
        foreach (nint d in shape) if (d == 0) return false; // an empty view reaches nothing
        Span<nint> ls = stackalloc nint[NDLayout.MaxRank];
        Span<nint> lt = stackalloc nint[NDLayout.MaxRank];
        int n = 0;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] == 1) continue;
            if (strides[i] == 0) return true;
            ls[n] = shape[i]; lt[n] = Math.Abs(strides[i]); n++;
        }
        // Sort by stride; each stride larger than the span of all smaller ones proves no overlap.
        for (int i = 1; i < n; i++)
            for (int j = i; j > 0 && lt[j] < lt[j - 1]; j--)
            {
                (lt[j], lt[j - 1]) = (lt[j - 1], lt[j]);
                (ls[j], ls[j - 1]) = (ls[j - 1], ls[j]);
            }
        bool proven = true;
        nint reach = 0;
        for (int i = 0; i < n; i++)
        {
            if (lt[i] <= reach) proven = false;
            // Overflow here means the extent exceeds the address space; the caller's extent check rejects that.
            reach = SaturatingAdd(reach, SaturatingMultiply(lt[i], ls[i] - 1));
        }
        if (proven) return false;
        nint size = 1;
        for (int i = 0; i < n; i++) size *= ls[i];
        if (size > maxWork || reach >= maxWork * 8) return true;
        // Every offset is marked; meeting a marked one means two indices reach it.
        var marks = new OffsetMarks { Marks = new BitArray((int)(reach + 1)), Low = 0, High = reach, Mark = true, HitOnRemark = true };
        WalkOffsets(0, ls[..n], lt[..n], ref marks);
        return marks.Hit;
    }

    /// <summary>Visits the element offset (from <paramref name="origin"/>) of every element of a view: an ordered walk of the iterator.</summary>
    private static void WalkOffsets(nint origin, ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, ref OffsetMarks marks)
    {
        Unsafe.SkipInit(out IterationPlan plan);
        if (!plan.Begin(shape, 1)) return;
        plan.SetOperand(0, (void*)origin, strides, 1);
        plan.FinishOrdered();
        NdIterator.RunOrdered(ref plan, ref marks);
    }

    /// <summary>
    /// Marks offsets inside [Low, High] (<see cref="Mark"/>), or checks them against the marks; <see cref="Hit"/> records
    /// a checked offset found marked, or with <see cref="HitOnRemark"/> a marked offset met twice.
    /// </summary>
    private struct OffsetMarks : IRowKernel
    {
        public BitArray Marks;
        public nint Low, High;
        public bool Mark, HitOnRemark, Hit;

        public void Row(nint n, byte** p, long* s)
        {
            if (Hit) return;
            nint o = (nint)p[0], step = (nint)s[0];
            for (nint i = 0; i < n; i++, o += step)
            {
                if (o < Low || o > High) continue;
                int k = (int)(o - Low);
                if (!Mark || HitOnRemark)
                {
                    if (Marks[k]) { Hit = true; return; }
                }
                if (Mark) Marks[k] = true;
            }
        }
    }

    private static nint SaturatingAdd(nint a, nint b) => a > nint.MaxValue - b ? nint.MaxValue : a + b;
    private static nint SaturatingMultiply(nint a, nint b) => b != 0 && a > nint.MaxValue / b ? nint.MaxValue : a * b;

    private static long Size(ReadOnlySpan<nint> shape)
    {
        long n = 1;
        foreach (nint d in shape) n *= d;
        return n;
    }

    /// <summary>Whether the view's elements fill its extent without gaps (in some axis order).</summary>
    private static bool IsDense(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides)
    {
        Span<nint> s = stackalloc nint[shape.Length];
        Span<nint> t = stackalloc nint[shape.Length];
        int n = 0;
        for (int i = 0; i < shape.Length; i++)
            if (shape[i] != 1) { s[n] = shape[i]; t[n] = strides[i] == nint.MinValue ? nint.MaxValue : Math.Abs(strides[i]); n++; }
        for (int i = 1; i < n; i++)
            for (int j = i; j > 0 && t[j] < t[j - 1]; j--) { (t[j], t[j - 1]) = (t[j - 1], t[j]); (s[j], s[j - 1]) = (s[j - 1], s[j]); }
        nint step = 1;
        for (int i = 0; i < n; i++)
        {
            if (t[i] != step) return false;
            step *= s[i];
        }
        return true;
    }

    /// <summary>Greatest common divisor of the magnitudes (exact for nint.MinValue too).</summary>
    private static ulong Gcd(ulong a, nint b)
    {
        ulong ub = b < 0 ? (ulong)(-(b + 1)) + 1 : (ulong)b;
        while (ub != 0) (a, ub) = (ub, a % ub);
        return a;
    }
}
