using System.Numerics;
using System.Runtime.CompilerServices;

namespace NativeArrays.Kernels;

/// <summary>Runs line kernels that sort (or sort and reduce) along an axis, choosing the key width for the element type.</summary>
internal static unsafe class SortDriver
{
    /// <summary>Sorts lines of x along <paramref name="axis"/> into y (values), or their stable permutations (long) when <paramref name="arg"/>.</summary>
    /// <remarks>With <paramref name="kths"/> (ascending, distinct), the lines are partitioned around those positions instead (introselect).</remarks>
    public static void Sort<T>(ReadOnlySpan<nint> shape, int axis, T* x, ReadOnlySpan<nint> xs, void* y, ReadOnlySpan<nint> ys, bool arg, nint[]? kths = null) where T : unmanaged
    {
        if (sizeof(T) == 8) Run<T, ulong>(shape, axis, x, xs, y, ys, arg, kths);
        else Run<T, uint>(shape, axis, x, xs, y, ys, arg, kths);
    }

    private static void Run<T, TKey>(ReadOnlySpan<nint> shape, int axis, T* x, ReadOnlySpan<nint> xs, void* y, ReadOnlySpan<nint> ys, bool arg, nint[]? kths)
        where T : unmanaged where TKey : unmanaged, IBinaryInteger<TKey>
    {
        int r = shape.Length;
        int ySize = arg ? sizeof(long) : sizeof(T);
        Span<nint> xb = stackalloc nint[r], yb = stackalloc nint[r];
        for (int d = 0; d < r; d++) { xb[d] = xs[d] * sizeof(T); yb[d] = ys[d] * ySize; }
        using var scratch = new SortScratch<TKey>(shape[axis], arg);
        if (kths is null)
        {
            var kernel = new SortLine<T, TKey> { N = shape[axis], XStride = xb[axis], YStride = yb[axis], Scratch = scratch, Arg = arg };
            Lines.ForEach(shape, axis, (byte*)x, xb, (byte*)y, yb, ref kernel);
        }
        else
        {
            var kernel = new PartitionLine<T, TKey> { N = shape[axis], XStride = xb[axis], YStride = yb[axis], Scratch = scratch, Arg = arg, Kths = kths };
            Lines.ForEach(shape, axis, (byte*)x, xb, (byte*)y, yb, ref kernel);
        }
    }
}
