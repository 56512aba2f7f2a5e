using System.Numerics;
using System.Runtime.CompilerServices;

namespace NativeArrays.Kernels;

/// <summary>Runs line kernels that sort (or sort and reduce) along an axis, choosing the key width for the element type.</summary>
internal static unsafe class SortDriver
{
    /// <summary>Sorts lines of x along <paramref name="axis"/> into y (values), or their stable permutations (long) when <paramref name="arg"/>.</summary>
    public static void Sort<T>(ReadOnlySpan<nint> shape, int axis, T* x, ReadOnlySpan<nint> xs, void* y, ReadOnlySpan<nint> ys, bool arg) where T : unmanaged
    {
        if (sizeof(T) == 8) Run<T, ulong>(shape, axis, x, xs, y, ys, arg);
        else Run<T, uint>(shape, axis, x, xs, y, ys, arg);
    }

    private static void Run<T, TKey>(ReadOnlySpan<nint> shape, int axis, T* x, ReadOnlySpan<nint> xs, void* y, ReadOnlySpan<nint> ys, bool arg)
        where T : unmanaged where TKey : unmanaged, IBinaryInteger<TKey>
    {
        int r = shape.Length;
        int ySize = arg ? sizeof(long) : sizeof(T);
        Span<nint> xb = stackalloc nint[r], yb = stackalloc nint[r];
        for (int d = 0; d < r; d++) { xb[d] = xs[d] * sizeof(T); yb[d] = ys[d] * ySize; }
        using var scratch = new SortScratch<TKey>(shape[axis], arg);
        var kernel = new SortLine<T, TKey> { N = shape[axis], XStride = xb[axis], YStride = yb[axis], Scratch = scratch, Arg = arg };
        Lines.ForEach(shape, axis, (byte*)x, xb, (byte*)y, yb, ref kernel);
    }

    /// <summary>
    /// Sorts each line of x along <paramref name="axis"/> and writes one double per line to y (whose stride along the
    /// axis is ignored): the median, or the quantile <paramref name="q"/> with NumPy's linear method. NaN in a line gives NaN.
    /// </summary>
    public static void Quantile<T>(ReadOnlySpan<nint> shape, int axis, T* x, ReadOnlySpan<nint> xs, double* y, ReadOnlySpan<nint> ys, double q, bool median)
        where T : unmanaged, INumberBase<T>
    {
        if (sizeof(T) == 8) RunQuantile<T, ulong>(shape, axis, x, xs, y, ys, q, median);
        else RunQuantile<T, uint>(shape, axis, x, xs, y, ys, q, median);
    }

    private static void RunQuantile<T, TKey>(ReadOnlySpan<nint> shape, int axis, T* x, ReadOnlySpan<nint> xs, double* y, ReadOnlySpan<nint> ys, double q, bool median)
        where T : unmanaged, INumberBase<T> where TKey : unmanaged, IBinaryInteger<TKey>
    {
        int r = shape.Length;
        Span<nint> xb = stackalloc nint[r], yb = stackalloc nint[r];
        for (int d = 0; d < r; d++) { xb[d] = xs[d] * sizeof(T); yb[d] = ys[d] * sizeof(double); }
        using var scratch = new SortScratch<TKey>(shape[axis], false);
        var kernel = new QuantileLine<T, TKey> { N = shape[axis], XStride = xb[axis], Scratch = scratch, Q = q, Median = median };
        Lines.ForEach(shape, axis, (byte*)x, xb, (byte*)y, yb, ref kernel);
    }
}

/// <summary>Sorts a line's keys and writes its median or linear quantile as a double.</summary>
internal unsafe struct QuantileLine<T, TKey> : ILineKernel where T : unmanaged, INumberBase<T> where TKey : unmanaged, IBinaryInteger<TKey>
{
    public nint N, XStride;
    public SortScratch<TKey> Scratch;
    public double Q;
    public bool Median;

    public void Line(byte* x, byte* y, long lineIndex)
    {
        nint n = N;
        TKey* keys = Scratch.Keys;
        for (nint i = 0; i < n; i++) keys[i] = SortKeys.ToKey<T, TKey>(*(T*)(x + i * XStride));
        int digits = typeof(T) == typeof(byte) || typeof(T) == typeof(sbyte) ? 1 : Unsafe.SizeOf<T>();
        if (RadixSort.Sort(keys, Scratch.KeyScratch, null, null, n, digits)) keys = Scratch.KeyScratch;
        *(double*)y = n == 0 ? double.NaN : Median ? MedianOf(keys, n) : LinearQuantile(keys, n, Q);
    }

    private static double At(TKey* keys, nint i) => double.CreateTruncating(SortKeys.FromKey<T, TKey>(keys[i]));

    private static double MedianOf(TKey* keys, nint n)
    {
        double last = At(keys, n - 1);
        if (double.IsNaN(last)) return double.NaN;
        nint h = n / 2;
        if (n % 2 == 1) return At(keys, h);
        // NumPy: the mean of the two middle elements.
        if (typeof(T) == typeof(float)) return (double)((SortKeys.FromKey<float, TKey>(keys[h - 1]) + SortKeys.FromKey<float, TKey>(keys[h])) / 2f);
        return (At(keys, h - 1) + At(keys, h)) / 2.0;
    }

    /// <summary>NumPy's 'linear' method (method 7), with its exact arithmetic: index q·(n-1) and the two-sided lerp.</summary>
    private static double LinearQuantile(TKey* keys, nint n, double q)
    {
        if (double.IsNaN(At(keys, n - 1))) return double.NaN;
        double virtualIndex = n * q + (1 - q) - 1;
        nint previous, next;
        if (virtualIndex >= n - 1) { previous = next = n - 1; }
        else if (virtualIndex < 0) { previous = next = 0; }
        else { previous = (nint)Math.Floor(virtualIndex); next = previous + 1; }
        double gamma = virtualIndex >= n - 1 ? virtualIndex - (-1) : virtualIndex - previous;
        double a = At(keys, previous), b = At(keys, next);
        double diff = b - a;
        return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
    }
}
