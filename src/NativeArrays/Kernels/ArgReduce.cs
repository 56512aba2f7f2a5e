using System.Numerics;

namespace NativeArrays.Kernels;

/// <summary>
/// ArgMin / ArgMax: the index of the first extreme element along an axis, or in C order over the whole array.
/// NaN counts as the extreme (the first NaN wins), as in NumPy.
/// </summary>
internal static unsafe class ArgReduce
{
    /// <summary>Index along <paramref name="axis"/> of the first extreme of every line, written to <paramref name="output"/> (byte strides per input axis; the axis entry unused).</summary>
    public static void Along<T>(ReadOnlySpan<nint> shape, T* x, ReadOnlySpan<nint> strides, int axis, long* output, ReadOnlySpan<nint> outputStrides, bool max)
        where T : unmanaged, INumber<T>
    {
        Span<nint> xs = stackalloc nint[shape.Length];
        Span<nint> os = stackalloc nint[shape.Length];
        for (int d = 0; d < shape.Length; d++) { xs[d] = strides[d] * sizeof(T); os[d] = outputStrides[d] * sizeof(long); }
        var kernel = new LineKernel<T> { Length = shape[axis], Stride = xs[axis], Max = max };
        Lines.ForEach(shape, axis, (byte*)x, xs, (byte*)output, os, ref kernel);
    }

    /// <summary>C-order index of the first extreme element of the whole array (which must not be empty).</summary>
    public static long Flat<T>(ReadOnlySpan<nint> shape, T* x, ReadOnlySpan<nint> strides, bool max) where T : unmanaged, INumber<T>
    {
        if (shape.Length == 0) return 0;
        int axis = shape.Length - 1;
        Span<nint> xs = stackalloc nint[shape.Length];
        for (int d = 0; d < shape.Length; d++) xs[d] = strides[d] * sizeof(T);
        var kernel = new Flatten<T> { Length = shape[axis], Stride = xs[axis], Max = max, Best = -1 };
        Lines.ForEach(shape, axis, (byte*)x, xs, null, xs, ref kernel);
        return kernel.Best;
    }

    /// <summary>Whether <paramref name="candidate"/> replaces <paramref name="best"/> (strictly better, or the first NaN).</summary>
    private static bool Better<T>(T candidate, T best, bool max) where T : INumber<T>
    {
        if (T.IsNaN(best)) return false;
        if (T.IsNaN(candidate)) return true;
        return max ? candidate > best : candidate < best;
    }

    private struct LineKernel<T> : ILineKernel where T : unmanaged, INumber<T>
    {
        public nint Length, Stride;
        public bool Max;

        public readonly void Line(byte* x, byte* y, long lineIndex)
        {
            T best = *(T*)x;
            long at = 0;
            for (nint i = 1; i < Length; i++)
            {
                T v = *(T*)(x + i * Stride);
                if (Better(v, best, Max)) { best = v; at = i; }
            }
            *(long*)y = at;
        }
    }

    private struct Flatten<T> : ILineKernel where T : unmanaged, INumber<T>
    {
        public nint Length, Stride;
        public bool Max;
        public T Value;
        public long Best;

        public void Line(byte* x, byte* y, long lineIndex)
        {
            for (nint i = 0; i < Length; i++)
            {
                T v = *(T*)(x + i * Stride);
                if (Best < 0 || Better(v, Value, Max)) { Value = v; Best = lineIndex * Length + i; }
            }
        }
    }
}
