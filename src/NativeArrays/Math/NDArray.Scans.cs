using System.Numerics;
using System.Runtime.CompilerServices;
using NativeArrays.Kernels;
using NativeArrays.Layout;
using NativeArrays.Memory;

namespace NativeArrays;

/// <summary>
/// Cumulative sum or product of one line accumulated in <typeparamref name="TAcc"/>: y[i] = y[i-1] ∘ x[i], sequential
/// as NumPy (each element converted truncating; integer accumulators wrap in TAcc).
/// </summary>
internal unsafe struct ScanLine<T, TAcc> : ILineKernel, ILineTransform<T, TAcc>, IBlockScan<T, TAcc> where T : unmanaged, INumberBase<T> where TAcc : unmanaged, INumberBase<TAcc>
{
    public nint N, XStride, YStride;
    public bool Product;

    public void Run(ReadOnlySpan<nint> shape, int axis, T* x, ReadOnlySpan<nint> xStrides, TAcc* y, ReadOnlySpan<nint> yStrides)
    {
        (N, XStride, YStride) = (shape[axis], xStrides[axis] * sizeof(T), yStrides[axis] * sizeof(TAcc));
        switch (Walk(shape, axis, xStrides, yStrides))
        {
            case 0: NdIterator.ForEachLine(shape, axis, x, xStrides, y, yStrides, ref this); break;
            case 1: ScanSlices(shape, axis, x, xStrides, y, yStrides); break;
            default:
                // The input walks slices, the result lines (A.T.CumProd(1)): blocks through a scratch laid out like the input.
                var self = this;
                if (!Kernels.Scan.ScanThroughBlocks<T, TAcc, ScanLine<T, TAcc>>(shape, x, xStrides, axis, y, yStrides, ref self))
                    NdIterator.ForEachLine(shape, axis, x, xStrides, y, yStrides, ref this);
                break;
        }
    }

    /// <summary>The block scan's entry (<see cref="IBlockScan{T, TAcc}"/>): <see cref="Run"/> on one block.</summary>
    public void Scan(ReadOnlySpan<nint> shape, T* x, ReadOnlySpan<nint> strides, int axis, TAcc* output, ReadOnlySpan<nint> outputStrides)
        => Run(shape, axis, x, strides, output, outputStrides);

    /// <summary>
    /// How the axis is walked: 1 slice by slice (y[j] = y[j-1] ∘ x[j] over all the other axes at once) when another axis
    /// is faster than it in both operands and the slices hold 64 elements or more; 2 when only the input's is (the
    /// result is walked through blocks of a scratch laid out like the input); 0 line by line. A line along a slow
    /// axis touches a cache line (and, for large strides, a page) per element: A.CumProd(0) of 4096² float32 took
    /// 212 ms by lines, A.T.CumProd(1) 91 ms.
    /// </summary>
    private static int Walk(ReadOnlySpan<nint> shape, int axis, ReadOnlySpan<nint> xStrides, ReadOnlySpan<nint> yStrides)
    {
        long others = 1;
        bool xFaster = false, yFaster = false;
        for (int d = 0; d < shape.Length; d++)
        {
            if (d == axis || shape[d] <= 1) { if (shape[d] == 0) return 0; continue; }
            others *= shape[d];
            xFaster |= Math.Abs(xStrides[d]) < Math.Abs(xStrides[axis]);
            yFaster |= Math.Abs(yStrides[d]) < Math.Abs(yStrides[axis]);
        }
        return !xFaster || others < 64 ? 0 : yFaster ? 1 : 2;
    }

    private readonly void ScanSlices(ReadOnlySpan<nint> shape, int axis, T* x, ReadOnlySpan<nint> xStrides, TAcc* y, ReadOnlySpan<nint> yStrides)
    {
        int r = shape.Length;
        Span<nint> sliceShape = stackalloc nint[r - 1], sx = stackalloc nint[r - 1], sy = stackalloc nint[r - 1];
        for (int d = 0, k = 0; d < r; d++)
        {
            if (d == axis) continue;
            (sliceShape[k], sx[k], sy[k]) = (shape[d], xStrides[d], yStrides[d]);
            k++;
        }
        var settings = NativeArraysSettings.Current;
        for (nint j = 0; j < N; j++)
        {
            Unsafe.SkipInit(out IterationPlan plan);
            plan.Begin(sliceShape, 3);
            plan.SetOperand(0, y + j * yStrides[axis], sy, sizeof(TAcc));
            plan.SetOperand(1, y + Math.Max(0, j - 1) * yStrides[axis], sy, sizeof(TAcc));
            plan.SetOperand(2, x + j * xStrides[axis], sx, sizeof(T));
            plan.Finish();
            NdIterator.Run(ref plan, new ScanSliceRow<T, TAcc> { Product = Product, First = j == 0 }, settings);
        }
    }

    public void Line(byte* x, byte* y, long lineIndex)
    {
        TAcc acc = Product ? TAcc.One : TAcc.Zero;
        for (nint i = 0; i < N; i++)
        {
            TAcc v = TAcc.CreateTruncating(*(T*)(x + i * XStride));
            acc = Product ? acc * v : acc + v;
            *(TAcc*)(y + i * YStride) = acc;
        }
    }
}

/// <summary>
/// One row of a slice of <see cref="ScanLine{T, TAcc}"/>'s slice walk: y = previous ∘ x (operands 0, 1, 2), or for the
/// first slice the line scan's own first step (1·x or 0 + x: the same bits, -0 included).
/// </summary>
internal unsafe struct ScanSliceRow<T, TAcc> : IRowKernel where T : unmanaged, INumberBase<T> where TAcc : unmanaged, INumberBase<TAcc>
{
    public bool Product, First;

    public readonly void Row(nint n, byte** p, long* s)
    {
        byte* y = p[0], previous = p[1], x = p[2];
        long sy = s[0], sp = s[1], sx = s[2];
        for (nint i = 0; i < n; i++)
        {
            TAcc v = TAcc.CreateTruncating(*(T*)(x + i * sx));
            TAcc acc = First ? (Product ? TAcc.One : TAcc.Zero) : *(TAcc*)(previous + i * sp);
            *(TAcc*)(y + i * sy) = Product ? acc * v : acc + v;
        }
    }
}

// Cumulative products (and accumulator-typed scans) and n-th differences.
public static unsafe partial class NDArray
{
    extension<T>(NDArray<T> array) where T : unmanaged, INumber<T>
    {
        /// <summary>
        /// Cumulative product along <paramref name="axis"/> (same shape), into a new array (NumPy's <c>cumprod</c>). In
        /// generic code the element type is kept (integers wrap); 8-to-32-bit integer and bool arrays have non-generic
        /// forms accumulating in 64 bits, as NumPy, which C# picks whenever the element type is known.
        /// </summary>
        public NDArray<T> CumProd(int axis) => Scan<T, T>("CumProd", array, axis, product: true);
        /// <summary>Cumulative product of the elements in C order, into a new 1-d array.</summary>
        public NDArray<T> CumProd() => Scan<T, T>("CumProd", array, null, product: true);

    }

    internal static TAcc WideProd<T, TAcc>(NDArray<T> x) where T : unmanaged, INumberBase<T> where TAcc : unmanaged, INumberBase<TAcc>
        => ReductionForms.Whole<T, TAcc, WideningProductOp<T, TAcc>>("Prod", x, needsElements: false);

    internal static NDArray<TAcc> WideProd<T, TAcc>(NDArray<T> x, ReadOnlySpan<int> axes, bool keepDims)
        where T : unmanaged, INumberBase<T> where TAcc : unmanaged, INumberBase<TAcc>
        => ReductionForms.Axes<T, TAcc, WideningProductOp<T, TAcc>>("Prod", x, axes, keepDims, false);

    /// <summary>Cumulative sum or product along the axis (or of the flattened array when null) accumulated in TAcc; a new array.</summary>
    internal static NDArray<TAcc> Scan<T, TAcc>(string operation, NDArray<T> array, int? axis, bool product)
        where T : unmanaged, INumberBase<T> where TAcc : unmanaged, INumberBase<TAcc>
        => TransformLines<T, TAcc, ScanLine<T, TAcc>>(operation, array, axis, new() { Product = product });

    /// <summary>
    /// The <paramref name="n"/>-th discrete difference along <paramref name="axis"/>: out[i] = a[i+1] - a[i], applied n
    /// times (NumPy's <c>diff</c>; the axis shrinks by n, to 0 at least). A new array (n = 0 gives a copy, counted as <c>Diff</c>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative or the axis is out of range.</exception>
    /// <exception cref="ArgumentException">The array is 0-d.</exception>
    public static NDArray<T> Diff<T>(NDArray<T> array, int n = 1, int axis = -1) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(array);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        array.ThrowIfDisposed();
        if (array.Rank == 0) throw new ArgumentException("Diff needs at least one dimension; the array is 0-d.", nameof(array));
        int ax = LayoutOps.NormalizeAxis(axis, array.Rank);
        if (n == 0) return array.CopyCore(fortranOrder: false, "Diff");
        NDArray<T>? current = null;
        try
        {
            for (int k = 0; k < n; k++)
            {
                var source = current ?? array;
                using var upper = SliceAxis(source, ax, 1, null);
                using var lower = SliceAxis(source, ax, 0, Math.Max(source.Shape[ax] - 1, 0));
                var next = Subtract(upper, lower);
                current?.Dispose();
                current = next;
            }
            return current!;
        }
        catch
        {
            current?.Dispose();
            throw;
        }
    }
}
