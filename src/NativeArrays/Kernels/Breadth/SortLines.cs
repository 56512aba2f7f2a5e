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
        if (BlockAxis<T>(shape, axis, xs) is int f and >= 0)
        {
            // The kernels read and write contiguous lines of the block buffers.
            if (kths is null)
            {
                var kernel = new SortLine<T, TKey> { N = shape[axis], XStride = sizeof(T), YStride = sizeof(TY), Scratch = scratch, Arg = arg };
                ThroughBlocks(shape, axis, f, x, xs, y, ys, oneResult: false, ref kernel);
            }
            else
            {
                var kernel = new PartitionLine<T, TKey> { N = shape[axis], XStride = sizeof(T), YStride = sizeof(TY), Scratch = scratch, Arg = arg, Kths = kths };
                ThroughBlocks(shape, axis, f, x, xs, y, ys, oneResult: false, ref kernel);
            }
            return;
        }
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

    /// <summary>Lines taken at a time by <see cref="ThroughBlocks"/>: a tile edge of the transposing copies.</summary>
    internal const int BlockLines = 128;

    /// <summary>
    /// The input's contiguous axis (element stride 1, length above 1) when the lines run along a slow axis (an element a
    /// cache line or more apart) and are long enough to pay for the block copies (at least 64 elements); -1 otherwise or
    /// when any axis is empty.
    /// </summary>
    internal static int BlockAxis<T>(ReadOnlySpan<nint> shape, int axis, ReadOnlySpan<nint> xs) where T : unmanaged
    {
        if (shape.Length < 2 || shape[axis] < 64 || Math.Abs(xs[axis]) * sizeof(T) < 64) return -1;
        int f = -1;
        for (int d = 0; d < shape.Length; d++)
        {
            if (shape[d] == 0) return -1;
            if (d != axis && f < 0 && xs[d] == 1 && shape[d] > 1) f = d;
        }
        return f;
    }

    /// <summary>
    /// Runs the line kernel (set for contiguous lines) over lines along a slow axis through blocks: up to
    /// <see cref="BlockLines"/> lines adjacent along the input's contiguous axis <paramref name="f"/> are copied (a tiled
    /// transposing copy) into a buffer of contiguous lines, each line is sorted from and into the buffer (a line is read
    /// whole before it is written), and the block is copied back into y. Reading a line element by element touched a
    /// cache line and a page per element: a float32 4096² <c>Sort(axis: 0)</c> spent 90 ms of its 340 only gathering
    /// columns. With <paramref name="oneResult"/> the kernel writes one result per line (a median, a quantile) straight to
    /// the line's place in y (its stride along the axis unused). Lines are visited in C order of the other axes, block
    /// by block; the result does not depend on the order.
    /// </summary>
    internal static void ThroughBlocks<T, TY, TKernel>(ReadOnlySpan<nint> shape, int axis, int f, T* x, ReadOnlySpan<nint> xs, TY* y, ReadOnlySpan<nint> ys, bool oneResult, ref TKernel kernel)
        where T : unmanaged where TY : unmanaged where TKernel : struct, ILineKernel
    {
        int r = shape.Length;
        nint n = shape[axis], width = Math.Min(shape[f], BlockLines);
        long outerCount = 1;
        for (int d = 0; d < r; d++) if (d != axis && d != f) outerCount *= shape[d];
        T* values = (T*)Memory.ScratchMemory.Allocate(checked(width * n * sizeof(T)));
        TY* results = null;
        try
        {
            // Values sort in place in their block; positions (ArgSort) go to a block of their own.
            results = oneResult || typeof(TY) == typeof(T) ? (TY*)values : (TY*)Memory.ScratchMemory.Allocate(checked(width * n * sizeof(TY)));
            ReadOnlySpan<nint> lineMajor = [1, n], xBlock = [xs[axis], xs[f]], yBlock = [ys[axis], ys[f]];
            Span<nint> blockShape = [n, 0];
            for (long o = 0; o < outerCount; o++)
            {
                nint xo = 0, yo = 0;
                long rest = o;
                for (int d = r - 1; d >= 0; d--)
                {
                    if (d == axis || d == f) continue;
                    nint i = (nint)(rest % shape[d]);
                    rest /= shape[d];
                    xo += i * xs[d];
                    yo += i * ys[d];
                }
                for (nint j0 = 0; j0 < shape[f]; j0 += width)
                {
                    nint w = Math.Min(width, shape[f] - j0);
                    blockShape[1] = w;
                    Elementwise.Copy<T>(blockShape, new Operand(values, lineMajor), new Operand(x + xo + j0 * xs[f], xBlock));
                    if (oneResult)
                    {
                        for (nint j = 0; j < w; j++) kernel.Line((byte*)(values + j * n), (byte*)(y + yo + (j0 + j) * ys[f]), 0);
                        continue;
                    }
                    for (nint j = 0; j < w; j++) kernel.Line((byte*)(values + j * n), (byte*)(results + j * n), 0);
                    Elementwise.Copy<TY>(blockShape, new Operand(y + yo + j0 * ys[f], yBlock), new Operand(results, lineMajor));
                }
            }
        }
        finally
        {
            if (results != (TY*)values) Memory.ScratchMemory.Free(results);
            Memory.ScratchMemory.Free(values);
        }
    }
}
