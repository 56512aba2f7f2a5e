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
        var settings = NativeArraysSettings.Current;
        switch (SimdDispatch.Width<T>(settings.SimdWidth))
        {
            case 512: Along<T, Vec512<T>, TDir>(shape, x, strides, axis, output, outputStrides, true, settings); break;
            case 256: Along<T, Vec256<T>, TDir>(shape, x, strides, axis, output, outputStrides, true, settings); break;
            case 128: Along<T, Vec128<T>, TDir>(shape, x, strides, axis, output, outputStrides, true, settings); break;
            default: Along<T, Vec128<T>, TDir>(shape, x, strides, axis, output, outputStrides, false, settings); break;
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
            Run(outer[..k], xs[..k], os[..k], (byte*)x, (byte*)output, ref kernel, Math.Max(1, NdLoop.ItemElements / (length * band)), parallel, settings);
        }
        else if (vector && strides[axis] == 1 && length >= TV.Count)
        {
            var kernel = new RowKernel<T, TV, TDir> { Length = length };
            Run(outer[..k], xs[..k], os[..k], (byte*)x, (byte*)output, ref kernel, Math.Max(1, NdLoop.ItemElements / length), parallel, settings);
        }
        else
        {
            var kernel = new ScalarKernel<T, TDir> { Length = length, Stride = strides[axis] * sizeof(T) };
            Run(outer[..k], xs[..k], os[..k], (byte*)x, (byte*)output, ref kernel, Math.Max(1, NdLoop.ItemElements / length), parallel, settings);
        }
    }

    private static long Flat<T, TDir>(ReadOnlySpan<nint> shape, T* x, ReadOnlySpan<nint> strides)
        where T : unmanaged, INumber<T> where TDir : IArgDirection
    {
        var settings = NativeArraysSettings.Current;
        return SimdDispatch.Width<T>(settings.SimdWidth) switch
        {
            512 => Flat<T, Vec512<T>, TDir>(shape, x, strides, true, settings),
            256 => Flat<T, Vec256<T>, TDir>(shape, x, strides, true, settings),
            128 => Flat<T, Vec128<T>, TDir>(shape, x, strides, true, settings),
            _ => Flat<T, Vec128<T>, TDir>(shape, x, strides, false, settings),
        };
    }

    private static long Flat<T, TV, TDir>(ReadOnlySpan<nint> shape, T* x, ReadOnlySpan<nint> strides, bool vector, NativeArraysSettings settings)
        where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T> where TDir : IArgDirection
    {
        // Coalesce in C order (length-1 axes dropped, axes merged where the outer stride steps over the inner
        // axis): the C-order index over the coalesced shape is the C-order index over the original one.
        Span<nint> cs = stackalloc nint[Math.Max(1, shape.Length)];
        Span<nint> cx = stackalloc nint[Math.Max(1, shape.Length)];
        int r = 0;
        for (int d = 0; d < shape.Length; d++)
        {
            if (shape[d] == 1) continue;
            if (r > 0 && cx[r - 1] == strides[d] * shape[d]) { cs[r - 1] *= shape[d]; cx[r - 1] = strides[d]; continue; }
            cs[r] = shape[d];
            cx[r++] = strides[d];
        }
        if (r == 0) return 0;
        nint length = cs[r - 1];
        if (r == 1 && cx[0] == 1 && vector && length >= TV.Count)
            return Contiguous<T, TV, TDir>(x, length, settings);
        Span<nint> xs = stackalloc nint[r - 1];
        for (int d = 0; d < r - 1; d++) xs[d] = cx[d] * sizeof(T);
        var kernel = new FlatKernel<T, TV, TDir> { Length = length, Stride = cx[r - 1], Vector = vector, Best = -1 };
        Walk(cs[..(r - 1)], xs, xs, (byte*)x, null, 0, Count(cs[..(r - 1)]), ref kernel);
        return kernel.Best;
    }

    /// <summary>One contiguous run; above the parallel threshold as fixed-size items combined in order.</summary>
    private static long Contiguous<T, TV, TDir>(T* x, nint n, NativeArraysSettings settings)
        where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T> where TDir : IArgDirection
    {
        long items = (n + NdLoop.ItemElements - 1) / NdLoop.ItemElements;
        if (n < settings.ParallelThreshold || settings.EffectiveDegreeOfParallelism < 2 || items < 2)
            return ArgSearch.Contiguous<T, TV, TDir>(x, n);
        var found = new long[items];
        Parallel.For(0, items, new ParallelOptions { MaxDegreeOfParallelism = settings.EffectiveDegreeOfParallelism }, item =>
        {
            long start = item * NdLoop.ItemElements;
            found[item] = start + ArgSearch.Contiguous<T, TV, TDir>(x + start, (nint)Math.Min(NdLoop.ItemElements, n - start));
        });
        long best = found[0];
        for (long i = 1; i < items; i++)
            if (ArgSearch.Better<T, TDir>(x[found[i]], x[best])) best = found[i];
        return best;
    }

    private static long Count(ReadOnlySpan<nint> shape)
    {
        long count = 1;
        foreach (nint n in shape) count *= n;
        return count;
    }

    /// <summary>Work at one position of the outer axes: <c>k</c> is the position's C-order number.</summary>
    private interface IOuterKernel
    {
        void At(byte* x, byte* output, long k);
    }

    /// <summary>Visits outer positions [k0, k1) in C order with their input and output addresses (byte strides).</summary>
    private static void Walk<TKernel>(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> xs, ReadOnlySpan<nint> os, byte* x, byte* o, long k0, long k1, ref TKernel kernel)
        where TKernel : struct, IOuterKernel
    {
        int r = shape.Length;
        Span<nint> index = stackalloc nint[r];
        long rest = k0;
        for (int d = r - 1; d >= 0; d--)
        {
            index[d] = (nint)(rest % shape[d]);
            rest /= shape[d];
            x += index[d] * xs[d];
            o += index[d] * os[d];
        }
        for (long k = k0; k < k1; k++)
        {
            kernel.At(x, o, k);
            for (int d = r - 1; d >= 0; d--)
            {
                if (++index[d] < shape[d]) { x += xs[d]; o += os[d]; break; }
                index[d] = 0;
                x -= (shape[d] - 1) * xs[d];
                o -= (shape[d] - 1) * os[d];
            }
        }
    }

    private static void Run<TKernel>(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> xs, ReadOnlySpan<nint> os, byte* x, byte* o, ref TKernel kernel,
        long perItem, bool parallel, NativeArraysSettings settings)
        where TKernel : struct, IOuterKernel
    {
        long count = Count(shape);
        long items = (count + perItem - 1) / perItem;
        if (!parallel || items < 2)
        {
            Walk(shape, xs, os, x, o, 0, count, ref kernel);
            return;
        }
        var job = new Job<TKernel> { Shape = shape.ToArray(), Xs = xs.ToArray(), Os = os.ToArray(), X = (nint)x, O = (nint)o, Kernel = kernel, PerItem = perItem, Count = count };
        Parallel.For(0, items, new ParallelOptions { MaxDegreeOfParallelism = settings.EffectiveDegreeOfParallelism }, job.RunItem);
    }

    private sealed class Job<TKernel> where TKernel : struct, IOuterKernel
    {
        public nint[] Shape = [], Xs = [], Os = [];
        public nint X, O;
        public TKernel Kernel;
        public long PerItem, Count;

        public void RunItem(long item)
        {
            TKernel kernel = Kernel;
            Walk(Shape, Xs, Os, (byte*)X, (byte*)O, item * PerItem, Math.Min(Count, (item + 1) * PerItem), ref kernel);
        }
    }

    private struct RowKernel<T, TV, TDir> : IOuterKernel
        where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T> where TDir : IArgDirection
    {
        public nint Length;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void At(byte* x, byte* output, long k) => *(long*)output = ArgSearch.Contiguous<T, TV, TDir>((T*)x, Length);
    }

    private struct ScalarKernel<T, TDir> : IOuterKernel where T : unmanaged, INumber<T> where TDir : IArgDirection
    {
        public nint Length, Stride;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void At(byte* x, byte* output, long k) => *(long*)output = ArgSearch.Scalar<T, TDir>(x, Length, Stride);
    }

    private struct ColumnKernel<T, TV, TDir> : IOuterKernel
        where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T> where TDir : IArgDirection
    {
        public nint Length, AxisStride, Columns, Band, Bands, OutputStride;

        public readonly void At(byte* x, byte* output, long k)
        {
            nint first = (nint)(k % Bands) * Band;
            T* scratch = stackalloc T[(int)(2 * Band)];
            ArgSearch.Columns<T, TV, TDir>((T*)x, Length, AxisStride, Math.Min(Band, Columns - first), (long*)output, OutputStride, scratch);
        }
    }

    /// <summary>Whole-array search line by line in C order (sequential): keeps the best element's C-order index.</summary>
    private struct FlatKernel<T, TV, TDir> : IOuterKernel
        where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T> where TDir : IArgDirection
    {
        public nint Length, Stride;
        public bool Vector;
        public long Best;
        private T _value;

        public void At(byte* x, byte* output, long k)
        {
            nint at = Vector && Stride == 1 && Length >= TV.Count
                ? ArgSearch.Contiguous<T, TV, TDir>((T*)x, Length)
                : ArgSearch.Scalar<T, TDir>(x, Length, Stride * sizeof(T));
            T v = *(T*)(x + at * Stride * sizeof(T));
            if (Best < 0 || ArgSearch.Better<T, TDir>(v, _value)) { _value = v; Best = k * Length + at; }
        }
    }
}
