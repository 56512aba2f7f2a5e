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
        if (arg) Run<T, TKey, long>(shape, axis, x, xs, (long*)y, ys, arg, kths);
        else Run<T, TKey, T>(shape, axis, x, xs, (T*)y, ys, arg, kths);
    }

    /// <summary>Sorts (or partitions) into y, whose elements are <typeparamref name="TY"/> (the values, or long positions when <paramref name="arg"/>).</summary>
    private static void Run<T, TKey, TY>(ReadOnlySpan<nint> shape, int axis, T* x, ReadOnlySpan<nint> xs, TY* y, ReadOnlySpan<nint> ys, bool arg, nint[]? kths)
        where T : unmanaged where TKey : unmanaged, IBinaryInteger<TKey> where TY : unmanaged
    {
        nint xStride = xs[axis] * sizeof(T), yStride = ys[axis] * sizeof(TY);
        using var scratch = new SortScratch<TKey>(shape[axis], arg);
        if (kths is null)
        {
            var kernel = new SortLine<T, TKey> { N = shape[axis], XStride = xStride, YStride = yStride, Scratch = scratch, Arg = arg };
            NdIterator.ForEachLine(shape, axis, x, xs, y, ys, ref kernel);
        }
        else
        {
            var kernel = new PartitionLine<T, TKey> { N = shape[axis], XStride = xStride, YStride = yStride, Scratch = scratch, Arg = arg, Kths = kths };
            NdIterator.ForEachLine(shape, axis, x, xs, y, ys, ref kernel);
        }
    }
}
