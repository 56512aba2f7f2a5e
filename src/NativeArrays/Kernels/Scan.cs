using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NativeArrays.Kernels;

/// <summary>A scan along an axis into an output of any layout (the block scan of <see cref="Scan.ScanThroughBlocks{T, TAcc, TScan}"/>).</summary>
internal unsafe interface IBlockScan<T, TAcc> where T : unmanaged where TAcc : unmanaged
{
    void Scan(ReadOnlySpan<nint> shape, T* x, ReadOnlySpan<nint> strides, int axis, TAcc* output, ReadOnlySpan<nint> outputStrides);
}

/// <summary>
/// Cumulative sum along an axis (sequential along the axis, as NumPy). When the axis is not the input's
/// fastest one, whole slices are added with the vectorised binary driver (out[j] = out[j-1] + x[j]), through a scratch
/// laid out like the input when the output is not (<c>ScanThroughBlocks</c>); otherwise
/// each line is scanned on its own: contiguous lines of 4- and 8-byte integers by an in-register prefix sum per vector
/// (<c>PrefixSum</c>) plus the running carry, the same wrapped sums in any order; float lines keep the scalar
/// left-to-right order (a vector scan would re-associate the additions and change the rounded results).
/// </summary>
internal static unsafe class Scan
{
    /// <summary><paramref name="output"/> must not overlap <paramref name="x"/> (callers stage or allocate it).</summary>
    public static void CumulativeSum<T>(ReadOnlySpan<nint> shape, T* x, ReadOnlySpan<nint> strides, int axis, T* output, ReadOnlySpan<nint> outputStrides)
        where T : unmanaged, INumber<T>
    {
        int r = shape.Length;
        nint n = shape[axis];
        long others = 1;
        bool fastest = true;
        for (int d = 0; d < r; d++)
        {
            if (shape[d] == 0) return;
            if (d == axis) continue;
            others *= shape[d];
            if (shape[d] > 1 && Math.Abs(strides[d]) < Math.Abs(strides[axis])) fastest = false;
        }
        if (fastest || others < 64)
        {
            var kernel = new LineKernel<T> { Length = n, XStride = strides[axis] * sizeof(T), OStride = outputStrides[axis] * sizeof(T) };
            int width = ScansInVectors<T>() && kernel.XStride == sizeof(T) && kernel.OStride == sizeof(T)
                ? SimdDispatch.Width<T>(NativeArraysSettings.Current.SimdWidth) : 0;
            if (width == 0)
            {
                NdIterator.ForEachLine(shape, axis, x, strides, output, outputStrides, ref kernel);
                return;
            }
            var lines = new VectorLines<T> { Shape = shape, Axis = axis, X = x, Strides = strides, Output = output, OutputStrides = outputStrides, Length = n };
            SimdDispatch.Run<T, VectorLines<T>>(width, ref lines);
            return;
        }
        var sums = new SumScan<T>();
        if (ScanThroughBlocks<T, T, SumScan<T>>(shape, x, strides, axis, output, outputStrides, ref sums)) return;
        // Slices: the shape and strides without the axis.
        Span<nint> sliceShape = stackalloc nint[r - 1];
        Span<nint> sx = stackalloc nint[r - 1];
        Span<nint> so = stackalloc nint[r - 1];
        for (int d = 0, k = 0; d < r; d++)
        {
            if (d == axis) continue;
            sliceShape[k] = shape[d];
            sx[k] = strides[d];
            so[k++] = outputStrides[d];
        }
        Elementwise.Copy<T>(sliceShape, new Operand(output, so), new Operand(x, sx));
        for (nint j = 1; j < n; j++)
        {
            T* previous = output + (j - 1) * outputStrides[axis];
            Elementwise.Binary<T, T, AddOp<T>>("CumSum", sliceShape, new Operand(output + j * outputStrides[axis], so),
                new Operand(previous, so), new Operand(x + j * strides[axis], sx));
        }
    }

    /// <summary>Elements of one block of <see cref="ScanThroughBlocks{T, TAcc, TScan}"/> along the input's fastest axis.</summary>
    private const int BlockWidth = 256;

    /// <summary>Largest scratch (bytes) <see cref="ScanThroughBlocks{T, TAcc, TScan}"/> takes; past it the slices go straight to the output.</summary>
    private const long MaxScratchBytes = 64L << 20;

    /// <summary>
    /// The slice scan when the input's fastest axis f (other than the scan axis) is not the output's: written straight
    /// into such an output (a C-order result of a transposed input: the scan runs along the output's rows), every slice
    /// would be a strided walk over as many pages as it has elements (A.T.CumSum(1) of 4096² float32: 206 ms against
    /// 4.7 ms for A.CumSum(0)). Instead blocks of <see cref="BlockWidth"/> elements along f are scanned into a scratch
    /// laid out like the input (f fastest, then the scan axis), then copied into the output by the elementwise copy,
    /// whose tiled walk transposes. The same additions in the same order, then an exact copy: the same bits. False
    /// (nothing done) when the output already follows the input or the scratch would pass <see cref="MaxScratchBytes"/>.
    /// </summary>
    public static bool ScanThroughBlocks<T, TAcc, TScan>(ReadOnlySpan<nint> shape, T* x, ReadOnlySpan<nint> strides, int axis, TAcc* output, ReadOnlySpan<nint> outputStrides, ref TScan scan)
        where T : unmanaged where TAcc : unmanaged where TScan : struct, IBlockScan<T, TAcc>
    {
        int r = shape.Length, f = -1;
        for (int d = 0; d < r; d++)
            if (d != axis && shape[d] > 1 && (f < 0 || Math.Abs(strides[d]) < Math.Abs(strides[f]))) f = d;
        if (f < 0 || Math.Abs(outputStrides[f]) <= Math.Abs(outputStrides[axis])) return false;
        long rest = 1; // elements of a block per element along f
        for (int d = 0; d < r; d++) if (d != f) rest *= shape[d];
        nint width = (nint)Math.Min(shape[f], BlockWidth);
        while (width > 16 && rest * width * sizeof(TAcc) > MaxScratchBytes) width /= 2;
        if (rest * width * sizeof(TAcc) > MaxScratchBytes) return false;
        // Scratch strides: f fastest, then the scan axis, then the other axes in their order.
        Span<nint> blockShape = stackalloc nint[r];
        Span<nint> scratchStrides = stackalloc nint[r];
        shape.CopyTo(blockShape);
        TAcc* scratch = (TAcc*)Memory.ScratchMemory.Allocate((nint)(rest * width * sizeof(TAcc)));
        try
        {
            for (nint f0 = 0; f0 < shape[f]; f0 += width)
            {
                blockShape[f] = Math.Min(width, shape[f] - f0);
                nint step = blockShape[f];
                scratchStrides[f] = 1;
                scratchStrides[axis] = step;
                step *= shape[axis];
                for (int d = r - 1; d >= 0; d--)
                {
                    if (d == f || d == axis) continue;
                    scratchStrides[d] = step;
                    step *= shape[d];
                }
                scan.Scan(blockShape, x + f0 * strides[f], strides, axis, scratch, scratchStrides);
                Elementwise.Copy<TAcc>(new Operand(output + f0 * outputStrides[f], blockShape, outputStrides), new Operand(scratch, blockShape, scratchStrides));
            }
        }
        finally { Memory.ScratchMemory.Free(scratch); }
        return true;
    }

    private struct SumScan<T> : IBlockScan<T, T> where T : unmanaged, INumber<T>
    {
        public readonly void Scan(ReadOnlySpan<nint> shape, T* x, ReadOnlySpan<nint> strides, int axis, T* output, ReadOnlySpan<nint> outputStrides)
            => CumulativeSum(shape, x, strides, axis, output, outputStrides);
    }

    /// <summary>Whether contiguous lines of <typeparamref name="T"/> take the vector scan: 4- and 8-byte integers (wrapping adds).</summary>
    private static bool ScansInVectors<T>() =>
        typeof(T) == typeof(int) || typeof(T) == typeof(uint) || typeof(T) == typeof(long) || typeof(T) == typeof(ulong);

    private ref struct VectorLines<T> : IWidthBody<T> where T : unmanaged, INumber<T>
    {
        public ReadOnlySpan<nint> Shape, Strides, OutputStrides;
        public int Axis;
        public T* X, Output;
        public nint Length;

        public readonly void Vector512() => Run<Vec512<T>>();
        public readonly void Vector256() => Run<Vec256<T>>();
        public readonly void Vector128() => Run<Vec128<T>>();
        public readonly void Scalar() => throw new InvalidOperationException("The vector scan runs only at a vector width.");

        private readonly void Run<TV>() where TV : struct, ISimdVec<TV, T>
        {
            var kernel = new VectorLineKernel<T, TV> { Length = Length };
            NdIterator.ForEachLine(Shape, Axis, X, Strides, Output, OutputStrides, ref kernel);
        }
    }

    /// <summary>A contiguous line (input and output stride 1; they may be the same memory) scanned a vector at a time.</summary>
    private struct VectorLineKernel<T, TV> : ILineKernel where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        public nint Length;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public readonly void Line(byte* px, byte* py, long lineIndex)
        {
            T* x = (T*)px, y = (T*)py;
            nint n = Length, i = 0;
            int count = TV.Count;
            TV carry = TV.Zero;
            // Two blocks a turn: each block's prefix sum, and each block's total broadcast, come off the loop-carried
            // chain, which is one add per two blocks (int64 scan 10³ in a probe: 270 -> 225 ns against one block a turn).
            for (; i <= n - 2 * count; i += 2 * count)
            {
                TV v = TV.PrefixSum(TV.Load(x + i)), w = TV.PrefixSum(TV.Load(x + i + count));
                TV tv = TV.BroadcastLast(v), tw = TV.BroadcastLast(w);
                TV.Store(TV.Add(v, carry), y + i);
                TV.Store(TV.Add(w, TV.Add(carry, tv)), y + i + count);
                carry = TV.Add(carry, TV.Add(tv, tw));
            }
            if (i <= n - count)
            {
                TV v = TV.PrefixSum(TV.Load(x + i));
                TV.Store(TV.Add(v, carry), y + i);
                carry = TV.Add(carry, TV.BroadcastLast(v));
                i += count;
            }
            T acc = TV.GetElement(carry, 0);
            for (; i < n; i++)
            {
                acc += x[i];
                y[i] = acc;
            }
        }
    }

    private struct LineKernel<T> : ILineKernel where T : unmanaged, INumber<T>
    {
        public nint Length, XStride, OStride;

        public readonly void Line(byte* x, byte* y, long lineIndex)
        {
            T acc = T.Zero;
            for (nint i = 0; i < Length; i++)
            {
                acc += *(T*)(x + i * XStride);
                *(T*)(y + i * OStride) = acc;
            }
        }
    }
}
