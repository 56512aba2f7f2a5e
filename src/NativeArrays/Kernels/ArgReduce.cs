using System.Numerics;
using System.Runtime.CompilerServices;

namespace NativeArrays.Kernels;

/// <summary>
/// ArgMin / ArgMax: the index of the first extreme element along an axis, or in C order over the whole array.
/// NaN counts as the extreme (the first NaN wins), as in NumPy. Contiguous lines use the blocked vector search,
/// lines along a strided axis next to a contiguous one are searched many at a time (lanes = lines), anything else
/// element by element. Work above the parallel threshold splits into items of a fixed size and the partial answers
/// are combined in order, so the index never depends on the thread count or the vector width.
/// </summary>
[SkipLocalsInit]
internal static unsafe class ArgReduce
{
    /// <summary>Bytes of one band of lines searched together by <see cref="ArgSearch.Columns"/> (values and indices stay in L1).</summary>
    private const int BandBytes = 4 << 10;

    /// <summary>Index along <paramref name="axis"/> of the first extreme of every line, written to <paramref name="output"/> (element strides per input axis; the axis entry unused).</summary>
    public static void Along<T>(ReadOnlySpan<nint> shape, T* x, ReadOnlySpan<nint> strides, int axis, long* output, ReadOnlySpan<nint> outputStrides, bool max)
        where T : unmanaged, INumber<T>
    {
        foreach (nint n in shape) if (n == 0) return;
        if (max) Along<T, ArgMaxDirection>(shape, x, strides, axis, output, outputStrides);
        else Along<T, ArgMinDirection>(shape, x, strides, axis, output, outputStrides);
    }

    /// <summary>C-order index of the first extreme element of the whole array (which must not be empty).</summary>
    public static long Flat<T>(ReadOnlySpan<nint> shape, T* x, ReadOnlySpan<nint> strides, bool max) where T : unmanaged, INumber<T>
        => max ? Flat<T, ArgMaxDirection>(shape, x, strides) : Flat<T, ArgMinDirection>(shape, x, strides);

    private static void Along<T, TDir>(ReadOnlySpan<nint> shape, T* x, ReadOnlySpan<nint> strides, int axis, long* output, ReadOnlySpan<nint> outputStrides)
        where T : unmanaged, INumber<T> where TDir : IArgDirection
    {
        var body = new Search<T, TDir> { Shape = shape, X = x, Strides = strides, Axis = axis, Output = output, OutputStrides = outputStrides, Settings = NativeArraysSettings.Current };
        SimdDispatch.Run<T, Search<T, TDir>>(SimdDispatch.Width<T>(body.Settings.SimdWidth), ref body);
    }

    /// <summary>
    /// The width body of both searches: along an axis (<see cref="Output"/> not null) or over the whole array (the
    /// answer in <see cref="Result"/>); the scalar width runs the same code with vector search off.
    /// </summary>
    private ref struct Search<T, TDir> : IWidthBody<T> where T : unmanaged, INumber<T> where TDir : IArgDirection
    {
        public ReadOnlySpan<nint> Shape, Strides, OutputStrides;
        public T* X;
        public int Axis;
        public long* Output;
        public long Result;
        public NativeArraysSettings Settings;

        public void Vector512() => Vector<Vec512<T>>();
        public void Vector256() => Vector<Vec256<T>>();
        public void Vector128() => Vector<Vec128<T>>();
        private void Vector<TV>() where TV : struct, ISimdVec<TV, T> => Run<TV>(true);
        public void Scalar() => Run<Vec128<T>>(false);

        private void Run<TV>(bool vector) where TV : struct, ISimdVec<TV, T>
        {
            if (Output != null) Along<T, TV, TDir>(Shape, X, Strides, Axis, Output, OutputStrides, vector, Settings);
            else Result = Flat<T, TV, TDir>(Shape, X, Strides, vector, Settings);
        }
    }

    private static void Along<T, TV, TDir>(ReadOnlySpan<nint> shape, T* x, ReadOnlySpan<nint> strides, int axis, long* output,
        ReadOnlySpan<nint> outputStrides, bool vector, NativeArraysSettings settings)
        where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T> where TDir : IArgDirection
    {
        int r = shape.Length;
        nint length = shape[axis];
        long size = 1;
        foreach (nint n in shape) size *= n;
        bool parallel = size >= settings.ParallelThreshold && settings.EffectiveDegreeOfParallelism > 1;
        Span<nint> outer = stackalloc nint[r + 1];
        Span<nint> xs = stackalloc nint[r + 1];
        Span<nint> os = stackalloc nint[r + 1];
        int column = -1;
        if (vector && strides[axis] != 1 && length > 1 && ArgSearch.IndexFitsLane<T>(length))
            for (int d = 0; d < r; d++)
                if (d != axis && strides[d] == 1 && shape[d] >= TV.Count) column = d;
        int k = 0;
        for (int d = 0; d < r; d++)
        {
            if (d == axis || d == column) continue;
            outer[k] = shape[d];
            xs[k] = strides[d] * sizeof(T);
            os[k++] = outputStrides[d] * sizeof(long);
        }
        if (column >= 0)
        {
            // Bands of adjacent lines along the contiguous axis, the band number as the innermost outer axis.
            nint band = BandBytes / sizeof(T);
            outer[k] = (shape[column] + band - 1) / band;
            xs[k] = band * sizeof(T);
            os[k++] = band * outputStrides[column] * sizeof(long);
            var kernel = new ColumnKernel<T, TV, TDir>
            {
                Length = length, AxisStride = strides[axis], Columns = shape[column], Band = band, Bands = outer[k - 1], OutputStride = outputStrides[column],
            };
            Run(outer[..k], xs[..k], os[..k], (byte*)x, (byte*)output, ref kernel, Math.Max(1, NdIterator.ItemElements / (length * band)), parallel, settings);
        }
        else if (vector && strides[axis] == 1 && length >= TV.Count)
        {
            var kernel = new RowKernel<T, TV, TDir> { Length = length };
            Run(outer[..k], xs[..k], os[..k], (byte*)x, (byte*)output, ref kernel, Math.Max(1, NdIterator.ItemElements / length), parallel, settings);
        }
        else
        {
            var kernel = new ScalarKernel<T, TDir> { Length = length, Stride = strides[axis] * sizeof(T) };
            Run(outer[..k], xs[..k], os[..k], (byte*)x, (byte*)output, ref kernel, Math.Max(1, NdIterator.ItemElements / length), parallel, settings);
        }
    }

    private static long Flat<T, TDir>(ReadOnlySpan<nint> shape, T* x, ReadOnlySpan<nint> strides)
        where T : unmanaged, INumber<T> where TDir : IArgDirection
    {
        var body = new Search<T, TDir> { Shape = shape, X = x, Strides = strides, Settings = NativeArraysSettings.Current };
        SimdDispatch.Run<T, Search<T, TDir>>(SimdDispatch.Width<T>(body.Settings.SimdWidth), ref body);
        return body.Result;
    }

    private static long Flat<T, TV, TDir>(ReadOnlySpan<nint> shape, T* x, ReadOnlySpan<nint> strides, bool vector, NativeArraysSettings settings)
        where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T> where TDir : IArgDirection
    {
        // C-contiguous (the common case, and the whole cost of a small call): one run, no plan to build.
        nint count = 1;
        bool contiguous = true;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            if (shape[d] != 1 && strides[d] != count) { contiguous = false; break; }
            count *= shape[d];
        }
        if (contiguous)
        {
            if (count == 0) return 0;
            return vector && count >= TV.Count
                ? Contiguous<T, TV, TDir>(x, count, settings)
                : ArgSearch.Scalar<T, TDir>((byte*)x, count, sizeof(T));
        }
        // An ordered plan keeps C order (length-1 axes dropped, axes merged where the outer stride steps over the
        // inner axis): the C-order index over its rows is the C-order index over the original shape.
        Unsafe.SkipInit(out IterationPlan plan);
        plan.Begin(shape, 1);
        plan.SetOperand(0, x, strides, sizeof(T));
        plan.FinishOrdered();
        if (plan.Rank == 0) return 0;
        nint length = (nint)plan.Shape[plan.Rank - 1];
        if (plan.Rank == 1 && plan.Stride(0, 0) == sizeof(T) && vector && length >= TV.Count)
            return Contiguous<T, TV, TDir>(x, length, settings);
        var kernel = new FlatRows<T, TV, TDir> { Vector = vector, Best = -1 };
        NdIterator.RunOrdered(ref plan, ref kernel);
        return kernel.Best;
    }

    /// <summary>One contiguous run; above the parallel threshold as fixed-size items combined in order.</summary>
    private static long Contiguous<T, TV, TDir>(T* x, nint n, NativeArraysSettings settings)
        where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T> where TDir : IArgDirection
    {
        long items = (n + NdIterator.ItemElements - 1) / NdIterator.ItemElements;
        if (n < settings.ParallelThreshold || settings.EffectiveDegreeOfParallelism < 2 || items < 2)
            return ArgSearch.Contiguous<T, TV, TDir>(x, n);
        return ContiguousParallel<T, TV, TDir>(x, n, items, settings);
    }

    /// <summary>
    /// <see cref="Contiguous{T, TV, TDir}"/> on several threads. Its own method: the lambda's captured variables were
    /// the parameters of <see cref="Contiguous{T, TV, TDir}"/>, so every call that reached it, serial ones too, allocated
    /// the closure (40 bytes a call of ArgMax / ArgMin on an array of a vector or more, until session 40).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long ContiguousParallel<T, TV, TDir>(T* x, nint n, long items, NativeArraysSettings settings)
        where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T> where TDir : IArgDirection
    {
        var found = new long[items];
        Parallel.For(0, items, new ParallelOptions { MaxDegreeOfParallelism = settings.EffectiveDegreeOfParallelism }, item =>
        {
            long start = item * NdIterator.ItemElements;
            found[item] = start + ArgSearch.Contiguous<T, TV, TDir>(x + start, (nint)Math.Min(NdIterator.ItemElements, n - start));
        });
        long best = found[0];
        for (long i = 1; i < items; i++)
            if (ArgSearch.Better<T, TDir>(x[found[i]], x[best])) best = found[i];
        return best;
    }

    /// <summary>
    /// Visits the outer positions in C order (an ordered plan of the one iterator; byte strides); above the parallel
    /// threshold as fixed-size ranges of positions.
    /// </summary>
    private static void Run<TKernel>(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> xs, ReadOnlySpan<nint> os, byte* x, byte* o, ref TKernel kernel,
        long perItem, bool parallel, NativeArraysSettings settings)
        where TKernel : struct, ILineKernel
    {
        Unsafe.SkipInit(out IterationPlan plan);
        if (!plan.Begin(shape, 2)) return;
        plan.SetOperandBytes(0, x, xs, 1);
        plan.SetOperandBytes(1, o, os, 1);
        plan.FinishOrdered();
        long count = plan.Size;
        long items = (count + perItem - 1) / perItem;
        if (!parallel || items < 2)
        {
            var positions = new PerElement<TKernel> { Kernel = kernel };
            NdIterator.RunOrdered(ref plan, ref positions);
            return;
        }
        var job = new Job<TKernel> { Plan = plan, Kernel = kernel, PerItem = perItem, Count = count };
        Parallel.For(0, items, new ParallelOptions { MaxDegreeOfParallelism = settings.EffectiveDegreeOfParallelism }, job.RunItem);
    }

    private sealed class Job<TKernel> where TKernel : struct, ILineKernel
    {
        public IterationPlan Plan;
        public TKernel Kernel;
        public long PerItem, Count;

        public void RunItem(long item)
        {
            IterationPlan plan = Plan;
            long start = item * PerItem;
            var positions = new PerElement<TKernel> { Kernel = Kernel, Next = start };
            NdIterator.RunOrderedRange(ref plan, ref positions, start, Math.Min(Count, start + PerItem));
        }
    }

    private struct RowKernel<T, TV, TDir> : ILineKernel
        where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T> where TDir : IArgDirection
    {
        public nint Length;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Line(byte* x, byte* output, long k) => *(long*)output = ArgSearch.Contiguous<T, TV, TDir>((T*)x, Length);
    }

    private struct ScalarKernel<T, TDir> : ILineKernel where T : unmanaged, INumber<T> where TDir : IArgDirection
    {
        public nint Length, Stride;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Line(byte* x, byte* output, long k) => *(long*)output = ArgSearch.Scalar<T, TDir>(x, Length, Stride);
    }

    private struct ColumnKernel<T, TV, TDir> : ILineKernel
        where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T> where TDir : IArgDirection
    {
        public nint Length, AxisStride, Columns, Band, Bands, OutputStride;

        public readonly void Line(byte* x, byte* output, long k)
        {
            nint first = (nint)(k % Bands) * Band;
            T* scratch = stackalloc T[(int)(2 * Band)];
            ArgSearch.Columns<T, TV, TDir>((T*)x, Length, AxisStride, Math.Min(Band, Columns - first), (long*)output, OutputStride, scratch);
        }
    }

    /// <summary>Whole-array search row by row in C order (sequential): keeps the best element's C-order index.</summary>
    private struct FlatRows<T, TV, TDir> : IRowKernel
        where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T> where TDir : IArgDirection
    {
        public bool Vector;
        public long Best;
        private long _start;
        private T _value;

        public void Row(nint n, byte** p, long* s)
        {
            byte* x = p[0];
            long stride = s[0];
            nint at = Vector && stride == sizeof(T) && n >= TV.Count
                ? ArgSearch.Contiguous<T, TV, TDir>((T*)x, n)
                : ArgSearch.Scalar<T, TDir>(x, n, (nint)stride);
            T v = *(T*)(x + at * stride);
            if (Best < 0 || ArgSearch.Better<T, TDir>(v, _value)) { _value = v; Best = _start + at; }
            _start += n;
        }
    }
}
