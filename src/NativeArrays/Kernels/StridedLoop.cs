using System.Runtime.CompilerServices;
using NativeArrays.Kernels;

namespace NativeArrays.Layout;

/// <summary>
/// Copies, fills and offset walks over strided memory for copies, gathers, padding and formatting. No walk of its
/// own: each is a row kernel run by the one n-d iterator in ordered mode (<see cref="NdIterator.RunOrdered"/>:
/// C order of the given shape, no axis reordering, no threads), so neighbouring contiguous axes merge into long rows.
/// </summary>
[SkipLocalsInit]
internal static unsafe class StridedLoop
{
    /// <summary>Copies every element of the source view into the destination view of the same shape, in C order.</summary>
    public static void Copy<T>(T* src, ReadOnlySpan<nint> srcStrides, T* dst, ReadOnlySpan<nint> dstStrides, ReadOnlySpan<nint> shape)
        where T : unmanaged
    {
        Unsafe.SkipInit(out IterationPlan plan);
        if (!plan.Begin(shape, 2)) return;
        plan.SetOperand(0, dst, dstStrides, sizeof(T));
        plan.SetOperand(1, src, srcStrides, sizeof(T));
        plan.FinishOrdered();
        var kernel = new CopyRow<T>();
        NdIterator.RunOrdered(ref plan, ref kernel);
    }

    /// <summary>Writes <paramref name="value"/> into every element of the view.</summary>
    public static void Fill<T>(T* dst, ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, T value) where T : unmanaged
    {
        Unsafe.SkipInit(out IterationPlan plan);
        if (!plan.Begin(shape, 1)) return;
        plan.SetOperand(0, dst, strides, sizeof(T));
        plan.FinishOrdered();
        var kernel = new FillRow<T> { Value = value };
        NdIterator.RunOrdered(ref plan, ref kernel);
    }

    /// <summary>Calls <paramref name="visit"/> with the C-order position and the element offset of every element.</summary>
    public static void ForEachOffset(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, Action<nint, nint> visit)
    {
        Unsafe.SkipInit(out IterationPlan plan);
        if (!plan.Begin(shape, 1)) return;
        plan.SetOperand(0, null, strides, 1);
        plan.FinishOrdered();
        var kernel = new OffsetRow { Visit = visit };
        NdIterator.RunOrdered(ref plan, ref kernel);
    }

    /// <summary>Element offset of a multi-index, bounds-checked per axis.</summary>
    public static nint OffsetOf(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, ReadOnlySpan<nint> index)
    {
        if (index.Length != shape.Length)
            throw new ArgumentException($"Index of length {index.Length} does not match an array of rank {shape.Length} (shape {NDLayout.ShapeText(shape)}).", nameof(index));
        nint offset = 0;
        for (int i = 0; i < index.Length; i++)
        {
            nint j = index[i];
            if (j < -shape[i] || j >= shape[i])
                throw new ArgumentOutOfRangeException(nameof(index), j, $"Index {j} is out of bounds for axis {i} with size {shape[i]} (shape {NDLayout.ShapeText(shape)}).");
            offset += (j < 0 ? j + shape[i] : j) * strides[i];
        }
        return offset;
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

    private struct OffsetRow : IRowKernel
    {
        public Action<nint, nint> Visit;
        private nint _position;

        public void Row(nint n, byte** p, long* s)
        {
            nint offset = (nint)p[0], step = (nint)s[0];
            for (nint i = 0; i < n; i++, offset += step) Visit(_position++, offset);
        }
    }

    private struct FillRow<T> : IRowKernel where T : unmanaged
    {
        public T Value;

        public readonly void Row(nint n, byte** p, long* s)
        {
            T* dst = (T*)p[0];
            nint ds = (nint)s[0] / sizeof(T);
            if (ds == 1 && n <= int.MaxValue) new Span<T>(dst, (int)n).Fill(Value);
            else for (nint i = 0; i < n; i++) dst[i * ds] = Value;
        }
    }
}
