using System.Numerics;
using NativeArrays.Kernels;
using NativeArrays.Layout;

namespace NativeArrays;

// Promotion where NumPy promotes: sums, products, cumulative sums and products of 8-to-32-bit integers and of
// bools accumulate in 64 bits (NumPy's default dtype of sum), integer means and variances are float64. The generic
// Sum<T>() (T result, wraps) stays for generic code; C# prefers the non-generic forms whenever the element type is
// known. Sum<TAcc>() picks the accumulator.
// The per-element-type forms (Sum, Prod, CumSum, CumProd with NumPy's default accumulator and with <TAcc>) are
// generated from one table in src/NativeArrays.Generators/PromotionEmitter.cs (obj/.../generated/NDArray.Promotion.g.cs);
// this file holds what they call and the bool forms, which read the mask as bytes.
public static unsafe partial class NDArray
{
    internal static TAcc WideSum<T, TAcc>(string operation, NDArray<T> x)
        where T : unmanaged, INumberBase<T> where TAcc : unmanaged, INumberBase<TAcc>
    {
        if (!WideningSum.Applies<T, TAcc>()) return ReductionForms.Whole<T, TAcc, WideningSumOp<T, TAcc>>(operation, x, needsElements: false);
        ArgumentNullException.ThrowIfNull(x);
        x.ThrowIfDisposed();
        using var pin = x.Pin();
        if (x.Rank == 0) return TAcc.CreateTruncating(pin.Pointer[0]);
        // Lines along the axis of the smallest stride (contiguous for C, F and flipped arrays), vectorised 64-bit sums.
        int axis = x.Rank - 1;
        for (int d = 0; d < x.Rank; d++)
            if (x.Shape[d] > 1 && (x.Shape[axis] <= 1 || Math.Abs(x.Strides[d]) < Math.Abs(x.Strides[axis]))) axis = d;
        var kernel = WideLine(x, axis);
        Span<nint> zeros = stackalloc nint[x.Rank];
        zeros.Clear();
        NdIterator.ForEachLine(x.Shape, axis, pin.Pointer, x.Strides, (TAcc*)null, zeros, ref kernel);
        return TAcc.CreateTruncating(kernel.Total);
    }

    internal static NDArray<TAcc> WideSum<T, TAcc>(string operation, NDArray<T> x, ReadOnlySpan<int> axes, bool keepDims)
        where T : unmanaged, INumberBase<T> where TAcc : unmanaged, INumberBase<TAcc>
    {
        ArgumentNullException.ThrowIfNull(x);
        x.ThrowIfDisposed();
        // One axis whose lines are contiguous: vectorised per line; anything else through the reduction engine.
        if (!WideningSum.Applies<T, TAcc>() || axes.Length != 1 || x.Rank == 0)
            return ReductionForms.Axes<T, TAcc, WideningSumOp<T, TAcc>>(operation, x, axes, keepDims, false);
        int ax = LayoutOps.NormalizeAxis(axes[0], x.Rank);
        if (x.Shape[ax] == 0 || (Math.Abs(x.Strides[ax]) != 1 && x.Shape[ax] > 1))
            return ReductionForms.Axes<T, TAcc, WideningSumOp<T, TAcc>>(operation, x, axes, keepDims, false);
        var kernel = WideLine(x, ax);
        kernel.WriteEach = true;
        Span<nint> yb = stackalloc nint[x.Rank];
        var result = AllocateLineResults<TAcc>(x.Shape, ax, yb);
        try
        {
            using var src = x.Pin();
            using var dst = result.Pin();
            NdIterator.ForEachLine(x.Shape, ax, src.Pointer, x.Strides, dst.Pointer, yb, ref kernel); // 64-bit sums: TAcc is long or ulong
        }
        catch
        {
            result.Dispose();
            throw;
        }
        return DropLineAxis(result, x.Shape, ax, keepDims);
    }

    private static WideningSumLine<T> WideLine<T>(NDArray<T> x, int axis) where T : unmanaged, INumberBase<T>
        => new() { N = x.Shape[axis], XStride = x.Strides[axis] * sizeof(T), Width = SimdDispatch.Width<ulong>(NativeArraysSettings.Current.SimdWidth) };

    extension(NDArray<bool> mask)
    {
        /// <summary>Number of true elements (NumPy's <c>sum</c> of a bool array, int64).</summary>
        public long Sum() { using var bytes = Bytes(mask); return WideSum<byte, long>("Sum", bytes); }
        /// <summary>Number of true elements along <paramref name="axis"/>.</summary>
        public NDArray<long> Sum(int axis, bool keepDims = false) { using var bytes = Bytes(mask); return WideSum<byte, long>("Sum", bytes, [axis], keepDims); }
        /// <summary>Number of true elements over several axes.</summary>
        public NDArray<long> Sum(ReadOnlySpan<int> axes, bool keepDims = false) { using var bytes = Bytes(mask); return WideSum<byte, long>("Sum", bytes, axes, keepDims); }
        /// <summary>Product of a bool array as int64 (NumPy's <c>prod</c>: 1 when all are true).</summary>
        public long Prod() { using var bytes = Bytes(mask); return WideProd<byte, long>(bytes); }
        /// <summary>Products along <paramref name="axis"/> as int64.</summary>
        public NDArray<long> Prod(int axis, bool keepDims = false) { using var bytes = Bytes(mask); return WideProd<byte, long>(bytes, [axis], keepDims); }
        /// <summary>Running count of true elements along <paramref name="axis"/> (NumPy's <c>cumsum</c> of bool, int64).</summary>
        public NDArray<long> CumSum(int axis) { using var bytes = Bytes(mask); return Scan<byte, long>("CumSum", bytes, axis, product: false); }
        /// <summary>Running count of true elements in C order, a new 1-d int64 array.</summary>
        public NDArray<long> CumSum() { using var bytes = Bytes(mask); return Scan<byte, long>("CumSum", bytes, null, product: false); }
        /// <summary>Cumulative product along <paramref name="axis"/> as int64 (1 until the first false, then 0).</summary>
        public NDArray<long> CumProd(int axis) { using var bytes = Bytes(mask); return Scan<byte, long>("CumProd", bytes, axis, product: true); }
        /// <summary>Cumulative product in C order as int64, a new 1-d array.</summary>
        public NDArray<long> CumProd() { using var bytes = Bytes(mask); return Scan<byte, long>("CumProd", bytes, null, product: true); }
    }
}
