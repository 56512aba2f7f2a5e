using System.Numerics;
using NativeArrays.Kernels;
using NativeArrays.Layout;

namespace NativeArrays;

// Promotion where NumPy promotes: sums, products, cumulative sums and products of 8-to-32-bit integers and of
// bools accumulate in 64 bits (NumPy's default
// dtype of sum), integer means and variances are float64. The generic Sum<T>() (T result, wraps) stays for generic
// code; C# prefers these non-generic forms whenever the element type is known. Sum<TAcc>() picks the accumulator.
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

    extension(NDArray<sbyte> array)
    {
        /// <summary>Sum of all elements accumulated in <typeparamref name="TAcc"/> (NumPy's <c>sum(dtype=...)</c>); each element is converted truncating, so a narrow accumulator wraps as C# does.</summary>
        public TAcc Sum<TAcc>() where TAcc : unmanaged, INumber<TAcc> => WideSum<sbyte, TAcc>("Sum", array);
        /// <summary>Sums along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/>.</summary>
        public NDArray<TAcc> Sum<TAcc>(int axis, bool keepDims = false) where TAcc : unmanaged, INumber<TAcc> => WideSum<sbyte, TAcc>("Sum", array, [axis], keepDims);
        /// <summary>Product of all elements accumulated in <typeparamref name="TAcc"/> (NumPy's <c>prod(dtype=...)</c>); a narrow integer accumulator wraps.</summary>
        public TAcc Prod<TAcc>() where TAcc : unmanaged, INumber<TAcc> => WideProd<sbyte, TAcc>(array);
        /// <summary>Products along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/>.</summary>
        public NDArray<TAcc> Prod<TAcc>(int axis, bool keepDims = false) where TAcc : unmanaged, INumber<TAcc> => WideProd<sbyte, TAcc>(array, [axis], keepDims);
        /// <summary>Cumulative sum along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/> (NumPy's <c>cumsum(dtype=...)</c>); a narrow integer accumulator wraps.</summary>
        public NDArray<TAcc> CumSum<TAcc>(int axis) where TAcc : unmanaged, INumber<TAcc> => Scan<sbyte, TAcc>("CumSum", array, axis, product: false);
        /// <summary>Cumulative sum in C order accumulated in <typeparamref name="TAcc"/>, into a new 1-d array.</summary>
        public NDArray<TAcc> CumSum<TAcc>() where TAcc : unmanaged, INumber<TAcc> => Scan<sbyte, TAcc>("CumSum", array, null, product: false);
        /// <summary>Cumulative product along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/> (NumPy's <c>cumprod(dtype=...)</c>); a narrow integer accumulator wraps.</summary>
        public NDArray<TAcc> CumProd<TAcc>(int axis) where TAcc : unmanaged, INumber<TAcc> => Scan<sbyte, TAcc>("CumProd", array, axis, product: true);
        /// <summary>Cumulative product in C order accumulated in <typeparamref name="TAcc"/>, into a new 1-d array.</summary>
        public NDArray<TAcc> CumProd<TAcc>() where TAcc : unmanaged, INumber<TAcc> => Scan<sbyte, TAcc>("CumProd", array, null, product: true);
        /// <summary>Sum of all elements in 64 bits (NumPy's default for int8).</summary>
        public long Sum() => WideSum<sbyte, long>("Sum", array);
        /// <summary>Sums along <paramref name="axis"/> in 64 bits.</summary>
        public NDArray<long> Sum(int axis, bool keepDims = false) => WideSum<sbyte, long>("Sum", array, [axis], keepDims);
        /// <summary>Sums over several axes in 64 bits.</summary>
        public NDArray<long> Sum(ReadOnlySpan<int> axes, bool keepDims = false) => WideSum<sbyte, long>("Sum", array, axes, keepDims);
        /// <summary>Product of all elements in 64 bits (NumPy's default for int8); <c>Prod&lt;TAcc&gt;()</c> picks the accumulator.</summary>
        public long Prod() => WideProd<sbyte, long>(array);
        /// <summary>Products along <paramref name="axis"/> in 64 bits.</summary>
        public NDArray<long> Prod(int axis, bool keepDims = false) => WideProd<sbyte, long>(array, [axis], keepDims);
        /// <summary>Products over several axes in 64 bits.</summary>
        public NDArray<long> Prod(ReadOnlySpan<int> axes, bool keepDims = false) => WideProd<sbyte, long>(array, axes, keepDims);
        /// <summary>Cumulative sum along <paramref name="axis"/> in 64 bits (NumPy's default for int8); <c>CumSum&lt;TAcc&gt;</c> picks the accumulator.</summary>
        public NDArray<long> CumSum(int axis) => Scan<sbyte, long>("CumSum", array, axis, product: false);
        /// <summary>Cumulative sum in C order in 64 bits, into a new 1-d array.</summary>
        public NDArray<long> CumSum() => Scan<sbyte, long>("CumSum", array, null, product: false);
        /// <summary>Cumulative product along <paramref name="axis"/> in 64 bits (NumPy's default for int8); <c>CumProd&lt;TAcc&gt;</c> picks the accumulator.</summary>
        public NDArray<long> CumProd(int axis) => Scan<sbyte, long>("CumProd", array, axis, product: true);
        /// <summary>Cumulative product in C order in 64 bits, into a new 1-d array.</summary>
        public NDArray<long> CumProd() => Scan<sbyte, long>("CumProd", array, null, product: true);
    }

    extension(NDArray<byte> array)
    {
        /// <summary>Sum of all elements accumulated in <typeparamref name="TAcc"/> (NumPy's <c>sum(dtype=...)</c>); each element is converted truncating, so a narrow accumulator wraps as C# does.</summary>
        public TAcc Sum<TAcc>() where TAcc : unmanaged, INumber<TAcc> => WideSum<byte, TAcc>("Sum", array);
        /// <summary>Sums along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/>.</summary>
        public NDArray<TAcc> Sum<TAcc>(int axis, bool keepDims = false) where TAcc : unmanaged, INumber<TAcc> => WideSum<byte, TAcc>("Sum", array, [axis], keepDims);
        /// <summary>Product of all elements accumulated in <typeparamref name="TAcc"/> (NumPy's <c>prod(dtype=...)</c>); a narrow integer accumulator wraps.</summary>
        public TAcc Prod<TAcc>() where TAcc : unmanaged, INumber<TAcc> => WideProd<byte, TAcc>(array);
        /// <summary>Products along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/>.</summary>
        public NDArray<TAcc> Prod<TAcc>(int axis, bool keepDims = false) where TAcc : unmanaged, INumber<TAcc> => WideProd<byte, TAcc>(array, [axis], keepDims);
        /// <summary>Cumulative sum along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/> (NumPy's <c>cumsum(dtype=...)</c>); a narrow integer accumulator wraps.</summary>
        public NDArray<TAcc> CumSum<TAcc>(int axis) where TAcc : unmanaged, INumber<TAcc> => Scan<byte, TAcc>("CumSum", array, axis, product: false);
        /// <summary>Cumulative sum in C order accumulated in <typeparamref name="TAcc"/>, into a new 1-d array.</summary>
        public NDArray<TAcc> CumSum<TAcc>() where TAcc : unmanaged, INumber<TAcc> => Scan<byte, TAcc>("CumSum", array, null, product: false);
        /// <summary>Cumulative product along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/> (NumPy's <c>cumprod(dtype=...)</c>); a narrow integer accumulator wraps.</summary>
        public NDArray<TAcc> CumProd<TAcc>(int axis) where TAcc : unmanaged, INumber<TAcc> => Scan<byte, TAcc>("CumProd", array, axis, product: true);
        /// <summary>Cumulative product in C order accumulated in <typeparamref name="TAcc"/>, into a new 1-d array.</summary>
        public NDArray<TAcc> CumProd<TAcc>() where TAcc : unmanaged, INumber<TAcc> => Scan<byte, TAcc>("CumProd", array, null, product: true);
        /// <summary>Sum of all elements in unsigned 64 bits (NumPy's default for uint8).</summary>
        public ulong Sum() => WideSum<byte, ulong>("Sum", array);
        /// <summary>Sums along <paramref name="axis"/> in unsigned 64 bits.</summary>
        public NDArray<ulong> Sum(int axis, bool keepDims = false) => WideSum<byte, ulong>("Sum", array, [axis], keepDims);
        /// <summary>Sums over several axes in unsigned 64 bits.</summary>
        public NDArray<ulong> Sum(ReadOnlySpan<int> axes, bool keepDims = false) => WideSum<byte, ulong>("Sum", array, axes, keepDims);
        /// <summary>Product of all elements in unsigned 64 bits (NumPy's default for uint8); <c>Prod&lt;TAcc&gt;()</c> picks the accumulator.</summary>
        public ulong Prod() => WideProd<byte, ulong>(array);
        /// <summary>Products along <paramref name="axis"/> in unsigned 64 bits.</summary>
        public NDArray<ulong> Prod(int axis, bool keepDims = false) => WideProd<byte, ulong>(array, [axis], keepDims);
        /// <summary>Products over several axes in unsigned 64 bits.</summary>
        public NDArray<ulong> Prod(ReadOnlySpan<int> axes, bool keepDims = false) => WideProd<byte, ulong>(array, axes, keepDims);
        /// <summary>Cumulative sum along <paramref name="axis"/> in unsigned 64 bits (NumPy's default for uint8); <c>CumSum&lt;TAcc&gt;</c> picks the accumulator.</summary>
        public NDArray<ulong> CumSum(int axis) => Scan<byte, ulong>("CumSum", array, axis, product: false);
        /// <summary>Cumulative sum in C order in unsigned 64 bits, into a new 1-d array.</summary>
        public NDArray<ulong> CumSum() => Scan<byte, ulong>("CumSum", array, null, product: false);
        /// <summary>Cumulative product along <paramref name="axis"/> in unsigned 64 bits (NumPy's default for uint8); <c>CumProd&lt;TAcc&gt;</c> picks the accumulator.</summary>
        public NDArray<ulong> CumProd(int axis) => Scan<byte, ulong>("CumProd", array, axis, product: true);
        /// <summary>Cumulative product in C order in unsigned 64 bits, into a new 1-d array.</summary>
        public NDArray<ulong> CumProd() => Scan<byte, ulong>("CumProd", array, null, product: true);
    }

    extension(NDArray<short> array)
    {
        /// <summary>Sum of all elements accumulated in <typeparamref name="TAcc"/> (NumPy's <c>sum(dtype=...)</c>); each element is converted truncating, so a narrow accumulator wraps as C# does.</summary>
        public TAcc Sum<TAcc>() where TAcc : unmanaged, INumber<TAcc> => WideSum<short, TAcc>("Sum", array);
        /// <summary>Sums along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/>.</summary>
        public NDArray<TAcc> Sum<TAcc>(int axis, bool keepDims = false) where TAcc : unmanaged, INumber<TAcc> => WideSum<short, TAcc>("Sum", array, [axis], keepDims);
        /// <summary>Product of all elements accumulated in <typeparamref name="TAcc"/> (NumPy's <c>prod(dtype=...)</c>); a narrow integer accumulator wraps.</summary>
        public TAcc Prod<TAcc>() where TAcc : unmanaged, INumber<TAcc> => WideProd<short, TAcc>(array);
        /// <summary>Products along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/>.</summary>
        public NDArray<TAcc> Prod<TAcc>(int axis, bool keepDims = false) where TAcc : unmanaged, INumber<TAcc> => WideProd<short, TAcc>(array, [axis], keepDims);
        /// <summary>Cumulative sum along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/> (NumPy's <c>cumsum(dtype=...)</c>); a narrow integer accumulator wraps.</summary>
        public NDArray<TAcc> CumSum<TAcc>(int axis) where TAcc : unmanaged, INumber<TAcc> => Scan<short, TAcc>("CumSum", array, axis, product: false);
        /// <summary>Cumulative sum in C order accumulated in <typeparamref name="TAcc"/>, into a new 1-d array.</summary>
        public NDArray<TAcc> CumSum<TAcc>() where TAcc : unmanaged, INumber<TAcc> => Scan<short, TAcc>("CumSum", array, null, product: false);
        /// <summary>Cumulative product along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/> (NumPy's <c>cumprod(dtype=...)</c>); a narrow integer accumulator wraps.</summary>
        public NDArray<TAcc> CumProd<TAcc>(int axis) where TAcc : unmanaged, INumber<TAcc> => Scan<short, TAcc>("CumProd", array, axis, product: true);
        /// <summary>Cumulative product in C order accumulated in <typeparamref name="TAcc"/>, into a new 1-d array.</summary>
        public NDArray<TAcc> CumProd<TAcc>() where TAcc : unmanaged, INumber<TAcc> => Scan<short, TAcc>("CumProd", array, null, product: true);
        /// <summary>Sum of all elements in 64 bits (NumPy's default for int16).</summary>
        public long Sum() => WideSum<short, long>("Sum", array);
        /// <summary>Sums along <paramref name="axis"/> in 64 bits.</summary>
        public NDArray<long> Sum(int axis, bool keepDims = false) => WideSum<short, long>("Sum", array, [axis], keepDims);
        /// <summary>Sums over several axes in 64 bits.</summary>
        public NDArray<long> Sum(ReadOnlySpan<int> axes, bool keepDims = false) => WideSum<short, long>("Sum", array, axes, keepDims);
        /// <summary>Product of all elements in 64 bits (NumPy's default for int16); <c>Prod&lt;TAcc&gt;()</c> picks the accumulator.</summary>
        public long Prod() => WideProd<short, long>(array);
        /// <summary>Products along <paramref name="axis"/> in 64 bits.</summary>
        public NDArray<long> Prod(int axis, bool keepDims = false) => WideProd<short, long>(array, [axis], keepDims);
        /// <summary>Products over several axes in 64 bits.</summary>
        public NDArray<long> Prod(ReadOnlySpan<int> axes, bool keepDims = false) => WideProd<short, long>(array, axes, keepDims);
        /// <summary>Cumulative sum along <paramref name="axis"/> in 64 bits (NumPy's default for int16); <c>CumSum&lt;TAcc&gt;</c> picks the accumulator.</summary>
        public NDArray<long> CumSum(int axis) => Scan<short, long>("CumSum", array, axis, product: false);
        /// <summary>Cumulative sum in C order in 64 bits, into a new 1-d array.</summary>
        public NDArray<long> CumSum() => Scan<short, long>("CumSum", array, null, product: false);
        /// <summary>Cumulative product along <paramref name="axis"/> in 64 bits (NumPy's default for int16); <c>CumProd&lt;TAcc&gt;</c> picks the accumulator.</summary>
        public NDArray<long> CumProd(int axis) => Scan<short, long>("CumProd", array, axis, product: true);
        /// <summary>Cumulative product in C order in 64 bits, into a new 1-d array.</summary>
        public NDArray<long> CumProd() => Scan<short, long>("CumProd", array, null, product: true);
    }

    extension(NDArray<ushort> array)
    {
        /// <summary>Sum of all elements accumulated in <typeparamref name="TAcc"/> (NumPy's <c>sum(dtype=...)</c>); each element is converted truncating, so a narrow accumulator wraps as C# does.</summary>
        public TAcc Sum<TAcc>() where TAcc : unmanaged, INumber<TAcc> => WideSum<ushort, TAcc>("Sum", array);
        /// <summary>Sums along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/>.</summary>
        public NDArray<TAcc> Sum<TAcc>(int axis, bool keepDims = false) where TAcc : unmanaged, INumber<TAcc> => WideSum<ushort, TAcc>("Sum", array, [axis], keepDims);
        /// <summary>Product of all elements accumulated in <typeparamref name="TAcc"/> (NumPy's <c>prod(dtype=...)</c>); a narrow integer accumulator wraps.</summary>
        public TAcc Prod<TAcc>() where TAcc : unmanaged, INumber<TAcc> => WideProd<ushort, TAcc>(array);
        /// <summary>Products along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/>.</summary>
        public NDArray<TAcc> Prod<TAcc>(int axis, bool keepDims = false) where TAcc : unmanaged, INumber<TAcc> => WideProd<ushort, TAcc>(array, [axis], keepDims);
        /// <summary>Cumulative sum along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/> (NumPy's <c>cumsum(dtype=...)</c>); a narrow integer accumulator wraps.</summary>
        public NDArray<TAcc> CumSum<TAcc>(int axis) where TAcc : unmanaged, INumber<TAcc> => Scan<ushort, TAcc>("CumSum", array, axis, product: false);
        /// <summary>Cumulative sum in C order accumulated in <typeparamref name="TAcc"/>, into a new 1-d array.</summary>
        public NDArray<TAcc> CumSum<TAcc>() where TAcc : unmanaged, INumber<TAcc> => Scan<ushort, TAcc>("CumSum", array, null, product: false);
        /// <summary>Cumulative product along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/> (NumPy's <c>cumprod(dtype=...)</c>); a narrow integer accumulator wraps.</summary>
        public NDArray<TAcc> CumProd<TAcc>(int axis) where TAcc : unmanaged, INumber<TAcc> => Scan<ushort, TAcc>("CumProd", array, axis, product: true);
        /// <summary>Cumulative product in C order accumulated in <typeparamref name="TAcc"/>, into a new 1-d array.</summary>
        public NDArray<TAcc> CumProd<TAcc>() where TAcc : unmanaged, INumber<TAcc> => Scan<ushort, TAcc>("CumProd", array, null, product: true);
        /// <summary>Sum of all elements in unsigned 64 bits (NumPy's default for uint16).</summary>
        public ulong Sum() => WideSum<ushort, ulong>("Sum", array);
        /// <summary>Sums along <paramref name="axis"/> in unsigned 64 bits.</summary>
        public NDArray<ulong> Sum(int axis, bool keepDims = false) => WideSum<ushort, ulong>("Sum", array, [axis], keepDims);
        /// <summary>Sums over several axes in unsigned 64 bits.</summary>
        public NDArray<ulong> Sum(ReadOnlySpan<int> axes, bool keepDims = false) => WideSum<ushort, ulong>("Sum", array, axes, keepDims);
        /// <summary>Product of all elements in unsigned 64 bits (NumPy's default for uint16); <c>Prod&lt;TAcc&gt;()</c> picks the accumulator.</summary>
        public ulong Prod() => WideProd<ushort, ulong>(array);
        /// <summary>Products along <paramref name="axis"/> in unsigned 64 bits.</summary>
        public NDArray<ulong> Prod(int axis, bool keepDims = false) => WideProd<ushort, ulong>(array, [axis], keepDims);
        /// <summary>Products over several axes in unsigned 64 bits.</summary>
        public NDArray<ulong> Prod(ReadOnlySpan<int> axes, bool keepDims = false) => WideProd<ushort, ulong>(array, axes, keepDims);
        /// <summary>Cumulative sum along <paramref name="axis"/> in unsigned 64 bits (NumPy's default for uint16); <c>CumSum&lt;TAcc&gt;</c> picks the accumulator.</summary>
        public NDArray<ulong> CumSum(int axis) => Scan<ushort, ulong>("CumSum", array, axis, product: false);
        /// <summary>Cumulative sum in C order in unsigned 64 bits, into a new 1-d array.</summary>
        public NDArray<ulong> CumSum() => Scan<ushort, ulong>("CumSum", array, null, product: false);
        /// <summary>Cumulative product along <paramref name="axis"/> in unsigned 64 bits (NumPy's default for uint16); <c>CumProd&lt;TAcc&gt;</c> picks the accumulator.</summary>
        public NDArray<ulong> CumProd(int axis) => Scan<ushort, ulong>("CumProd", array, axis, product: true);
        /// <summary>Cumulative product in C order in unsigned 64 bits, into a new 1-d array.</summary>
        public NDArray<ulong> CumProd() => Scan<ushort, ulong>("CumProd", array, null, product: true);
    }

    extension(NDArray<int> array)
    {
        /// <summary>Sum of all elements accumulated in <typeparamref name="TAcc"/> (NumPy's <c>sum(dtype=...)</c>); each element is converted truncating, so a narrow accumulator wraps as C# does.</summary>
        public TAcc Sum<TAcc>() where TAcc : unmanaged, INumber<TAcc> => WideSum<int, TAcc>("Sum", array);
        /// <summary>Sums along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/>.</summary>
        public NDArray<TAcc> Sum<TAcc>(int axis, bool keepDims = false) where TAcc : unmanaged, INumber<TAcc> => WideSum<int, TAcc>("Sum", array, [axis], keepDims);
        /// <summary>Product of all elements accumulated in <typeparamref name="TAcc"/> (NumPy's <c>prod(dtype=...)</c>); a narrow integer accumulator wraps.</summary>
        public TAcc Prod<TAcc>() where TAcc : unmanaged, INumber<TAcc> => WideProd<int, TAcc>(array);
        /// <summary>Products along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/>.</summary>
        public NDArray<TAcc> Prod<TAcc>(int axis, bool keepDims = false) where TAcc : unmanaged, INumber<TAcc> => WideProd<int, TAcc>(array, [axis], keepDims);
        /// <summary>Cumulative sum along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/> (NumPy's <c>cumsum(dtype=...)</c>); a narrow integer accumulator wraps.</summary>
        public NDArray<TAcc> CumSum<TAcc>(int axis) where TAcc : unmanaged, INumber<TAcc> => Scan<int, TAcc>("CumSum", array, axis, product: false);
        /// <summary>Cumulative sum in C order accumulated in <typeparamref name="TAcc"/>, into a new 1-d array.</summary>
        public NDArray<TAcc> CumSum<TAcc>() where TAcc : unmanaged, INumber<TAcc> => Scan<int, TAcc>("CumSum", array, null, product: false);
        /// <summary>Cumulative product along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/> (NumPy's <c>cumprod(dtype=...)</c>); a narrow integer accumulator wraps.</summary>
        public NDArray<TAcc> CumProd<TAcc>(int axis) where TAcc : unmanaged, INumber<TAcc> => Scan<int, TAcc>("CumProd", array, axis, product: true);
        /// <summary>Cumulative product in C order accumulated in <typeparamref name="TAcc"/>, into a new 1-d array.</summary>
        public NDArray<TAcc> CumProd<TAcc>() where TAcc : unmanaged, INumber<TAcc> => Scan<int, TAcc>("CumProd", array, null, product: true);
        /// <summary>Sum of all elements in 64 bits (NumPy's default for int32: 4 × int.MaxValue is 8589934588, not -4).</summary>
        public long Sum() => WideSum<int, long>("Sum", array);
        /// <summary>Sums along <paramref name="axis"/> in 64 bits.</summary>
        public NDArray<long> Sum(int axis, bool keepDims = false) => WideSum<int, long>("Sum", array, [axis], keepDims);
        /// <summary>Sums over several axes in 64 bits.</summary>
        public NDArray<long> Sum(ReadOnlySpan<int> axes, bool keepDims = false) => WideSum<int, long>("Sum", array, axes, keepDims);
        /// <summary>Product of all elements in 64 bits (NumPy's default for int32); <c>Prod&lt;TAcc&gt;()</c> picks the accumulator.</summary>
        public long Prod() => WideProd<int, long>(array);
        /// <summary>Products along <paramref name="axis"/> in 64 bits.</summary>
        public NDArray<long> Prod(int axis, bool keepDims = false) => WideProd<int, long>(array, [axis], keepDims);
        /// <summary>Products over several axes in 64 bits.</summary>
        public NDArray<long> Prod(ReadOnlySpan<int> axes, bool keepDims = false) => WideProd<int, long>(array, axes, keepDims);
        /// <summary>Cumulative sum along <paramref name="axis"/> in 64 bits (NumPy's default for int32); <c>CumSum&lt;TAcc&gt;</c> picks the accumulator.</summary>
        public NDArray<long> CumSum(int axis) => Scan<int, long>("CumSum", array, axis, product: false);
        /// <summary>Cumulative sum in C order in 64 bits, into a new 1-d array.</summary>
        public NDArray<long> CumSum() => Scan<int, long>("CumSum", array, null, product: false);
        /// <summary>Cumulative product along <paramref name="axis"/> in 64 bits (NumPy's default for int32); <c>CumProd&lt;TAcc&gt;</c> picks the accumulator.</summary>
        public NDArray<long> CumProd(int axis) => Scan<int, long>("CumProd", array, axis, product: true);
        /// <summary>Cumulative product in C order in 64 bits, into a new 1-d array.</summary>
        public NDArray<long> CumProd() => Scan<int, long>("CumProd", array, null, product: true);
    }

    extension(NDArray<uint> array)
    {
        /// <summary>Sum of all elements accumulated in <typeparamref name="TAcc"/> (NumPy's <c>sum(dtype=...)</c>); each element is converted truncating, so a narrow accumulator wraps as C# does.</summary>
        public TAcc Sum<TAcc>() where TAcc : unmanaged, INumber<TAcc> => WideSum<uint, TAcc>("Sum", array);
        /// <summary>Sums along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/>.</summary>
        public NDArray<TAcc> Sum<TAcc>(int axis, bool keepDims = false) where TAcc : unmanaged, INumber<TAcc> => WideSum<uint, TAcc>("Sum", array, [axis], keepDims);
        /// <summary>Product of all elements accumulated in <typeparamref name="TAcc"/> (NumPy's <c>prod(dtype=...)</c>); a narrow integer accumulator wraps.</summary>
        public TAcc Prod<TAcc>() where TAcc : unmanaged, INumber<TAcc> => WideProd<uint, TAcc>(array);
        /// <summary>Products along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/>.</summary>
        public NDArray<TAcc> Prod<TAcc>(int axis, bool keepDims = false) where TAcc : unmanaged, INumber<TAcc> => WideProd<uint, TAcc>(array, [axis], keepDims);
        /// <summary>Cumulative sum along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/> (NumPy's <c>cumsum(dtype=...)</c>); a narrow integer accumulator wraps.</summary>
        public NDArray<TAcc> CumSum<TAcc>(int axis) where TAcc : unmanaged, INumber<TAcc> => Scan<uint, TAcc>("CumSum", array, axis, product: false);
        /// <summary>Cumulative sum in C order accumulated in <typeparamref name="TAcc"/>, into a new 1-d array.</summary>
        public NDArray<TAcc> CumSum<TAcc>() where TAcc : unmanaged, INumber<TAcc> => Scan<uint, TAcc>("CumSum", array, null, product: false);
        /// <summary>Cumulative product along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/> (NumPy's <c>cumprod(dtype=...)</c>); a narrow integer accumulator wraps.</summary>
        public NDArray<TAcc> CumProd<TAcc>(int axis) where TAcc : unmanaged, INumber<TAcc> => Scan<uint, TAcc>("CumProd", array, axis, product: true);
        /// <summary>Cumulative product in C order accumulated in <typeparamref name="TAcc"/>, into a new 1-d array.</summary>
        public NDArray<TAcc> CumProd<TAcc>() where TAcc : unmanaged, INumber<TAcc> => Scan<uint, TAcc>("CumProd", array, null, product: true);
        /// <summary>Sum of all elements in unsigned 64 bits (NumPy's default for uint32).</summary>
        public ulong Sum() => WideSum<uint, ulong>("Sum", array);
        /// <summary>Sums along <paramref name="axis"/> in unsigned 64 bits.</summary>
        public NDArray<ulong> Sum(int axis, bool keepDims = false) => WideSum<uint, ulong>("Sum", array, [axis], keepDims);
        /// <summary>Sums over several axes in unsigned 64 bits.</summary>
        public NDArray<ulong> Sum(ReadOnlySpan<int> axes, bool keepDims = false) => WideSum<uint, ulong>("Sum", array, axes, keepDims);
        /// <summary>Product of all elements in unsigned 64 bits (NumPy's default for uint32); <c>Prod&lt;TAcc&gt;()</c> picks the accumulator.</summary>
        public ulong Prod() => WideProd<uint, ulong>(array);
        /// <summary>Products along <paramref name="axis"/> in unsigned 64 bits.</summary>
        public NDArray<ulong> Prod(int axis, bool keepDims = false) => WideProd<uint, ulong>(array, [axis], keepDims);
        /// <summary>Products over several axes in unsigned 64 bits.</summary>
        public NDArray<ulong> Prod(ReadOnlySpan<int> axes, bool keepDims = false) => WideProd<uint, ulong>(array, axes, keepDims);
        /// <summary>Cumulative sum along <paramref name="axis"/> in unsigned 64 bits (NumPy's default for uint32); <c>CumSum&lt;TAcc&gt;</c> picks the accumulator.</summary>
        public NDArray<ulong> CumSum(int axis) => Scan<uint, ulong>("CumSum", array, axis, product: false);
        /// <summary>Cumulative sum in C order in unsigned 64 bits, into a new 1-d array.</summary>
        public NDArray<ulong> CumSum() => Scan<uint, ulong>("CumSum", array, null, product: false);
        /// <summary>Cumulative product along <paramref name="axis"/> in unsigned 64 bits (NumPy's default for uint32); <c>CumProd&lt;TAcc&gt;</c> picks the accumulator.</summary>
        public NDArray<ulong> CumProd(int axis) => Scan<uint, ulong>("CumProd", array, axis, product: true);
        /// <summary>Cumulative product in C order in unsigned 64 bits, into a new 1-d array.</summary>
        public NDArray<ulong> CumProd() => Scan<uint, ulong>("CumProd", array, null, product: true);
    }

    extension(NDArray<long> array)
    {
        /// <summary>Sum of all elements accumulated in <typeparamref name="TAcc"/> (NumPy's <c>sum(dtype=...)</c>); each element is converted truncating, so a narrow accumulator wraps as C# does.</summary>
        public TAcc Sum<TAcc>() where TAcc : unmanaged, INumber<TAcc> => WideSum<long, TAcc>("Sum", array);
        /// <summary>Sums along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/>.</summary>
        public NDArray<TAcc> Sum<TAcc>(int axis, bool keepDims = false) where TAcc : unmanaged, INumber<TAcc> => WideSum<long, TAcc>("Sum", array, [axis], keepDims);
        /// <summary>Product of all elements accumulated in <typeparamref name="TAcc"/> (NumPy's <c>prod(dtype=...)</c>); a narrow integer accumulator wraps.</summary>
        public TAcc Prod<TAcc>() where TAcc : unmanaged, INumber<TAcc> => WideProd<long, TAcc>(array);
        /// <summary>Products along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/>.</summary>
        public NDArray<TAcc> Prod<TAcc>(int axis, bool keepDims = false) where TAcc : unmanaged, INumber<TAcc> => WideProd<long, TAcc>(array, [axis], keepDims);
        /// <summary>Cumulative sum along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/> (NumPy's <c>cumsum(dtype=...)</c>); a narrow integer accumulator wraps.</summary>
        public NDArray<TAcc> CumSum<TAcc>(int axis) where TAcc : unmanaged, INumber<TAcc> => Scan<long, TAcc>("CumSum", array, axis, product: false);
        /// <summary>Cumulative sum in C order accumulated in <typeparamref name="TAcc"/>, into a new 1-d array.</summary>
        public NDArray<TAcc> CumSum<TAcc>() where TAcc : unmanaged, INumber<TAcc> => Scan<long, TAcc>("CumSum", array, null, product: false);
        /// <summary>Cumulative product along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/> (NumPy's <c>cumprod(dtype=...)</c>); a narrow integer accumulator wraps.</summary>
        public NDArray<TAcc> CumProd<TAcc>(int axis) where TAcc : unmanaged, INumber<TAcc> => Scan<long, TAcc>("CumProd", array, axis, product: true);
        /// <summary>Cumulative product in C order accumulated in <typeparamref name="TAcc"/>, into a new 1-d array.</summary>
        public NDArray<TAcc> CumProd<TAcc>() where TAcc : unmanaged, INumber<TAcc> => Scan<long, TAcc>("CumProd", array, null, product: true);
    }

    extension(NDArray<ulong> array)
    {
        /// <summary>Sum of all elements accumulated in <typeparamref name="TAcc"/> (NumPy's <c>sum(dtype=...)</c>); each element is converted truncating, so a narrow accumulator wraps as C# does.</summary>
        public TAcc Sum<TAcc>() where TAcc : unmanaged, INumber<TAcc> => WideSum<ulong, TAcc>("Sum", array);
        /// <summary>Sums along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/>.</summary>
        public NDArray<TAcc> Sum<TAcc>(int axis, bool keepDims = false) where TAcc : unmanaged, INumber<TAcc> => WideSum<ulong, TAcc>("Sum", array, [axis], keepDims);
        /// <summary>Product of all elements accumulated in <typeparamref name="TAcc"/> (NumPy's <c>prod(dtype=...)</c>); a narrow integer accumulator wraps.</summary>
        public TAcc Prod<TAcc>() where TAcc : unmanaged, INumber<TAcc> => WideProd<ulong, TAcc>(array);
        /// <summary>Products along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/>.</summary>
        public NDArray<TAcc> Prod<TAcc>(int axis, bool keepDims = false) where TAcc : unmanaged, INumber<TAcc> => WideProd<ulong, TAcc>(array, [axis], keepDims);
        /// <summary>Cumulative sum along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/> (NumPy's <c>cumsum(dtype=...)</c>); a narrow integer accumulator wraps.</summary>
        public NDArray<TAcc> CumSum<TAcc>(int axis) where TAcc : unmanaged, INumber<TAcc> => Scan<ulong, TAcc>("CumSum", array, axis, product: false);
        /// <summary>Cumulative sum in C order accumulated in <typeparamref name="TAcc"/>, into a new 1-d array.</summary>
        public NDArray<TAcc> CumSum<TAcc>() where TAcc : unmanaged, INumber<TAcc> => Scan<ulong, TAcc>("CumSum", array, null, product: false);
        /// <summary>Cumulative product along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/> (NumPy's <c>cumprod(dtype=...)</c>); a narrow integer accumulator wraps.</summary>
        public NDArray<TAcc> CumProd<TAcc>(int axis) where TAcc : unmanaged, INumber<TAcc> => Scan<ulong, TAcc>("CumProd", array, axis, product: true);
        /// <summary>Cumulative product in C order accumulated in <typeparamref name="TAcc"/>, into a new 1-d array.</summary>
        public NDArray<TAcc> CumProd<TAcc>() where TAcc : unmanaged, INumber<TAcc> => Scan<ulong, TAcc>("CumProd", array, null, product: true);
    }

    extension(NDArray<float> array)
    {
        /// <summary>Sum of all elements accumulated in <typeparamref name="TAcc"/> (NumPy's <c>sum(dtype=...)</c>); each element is converted truncating, so a narrow accumulator wraps as C# does.</summary>
        public TAcc Sum<TAcc>() where TAcc : unmanaged, INumber<TAcc> => WideSum<float, TAcc>("Sum", array);
        /// <summary>Sums along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/>.</summary>
        public NDArray<TAcc> Sum<TAcc>(int axis, bool keepDims = false) where TAcc : unmanaged, INumber<TAcc> => WideSum<float, TAcc>("Sum", array, [axis], keepDims);
        /// <summary>Product of all elements accumulated in <typeparamref name="TAcc"/> (NumPy's <c>prod(dtype=...)</c>); a narrow integer accumulator wraps.</summary>
        public TAcc Prod<TAcc>() where TAcc : unmanaged, INumber<TAcc> => WideProd<float, TAcc>(array);
        /// <summary>Products along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/>.</summary>
        public NDArray<TAcc> Prod<TAcc>(int axis, bool keepDims = false) where TAcc : unmanaged, INumber<TAcc> => WideProd<float, TAcc>(array, [axis], keepDims);
        /// <summary>Cumulative sum along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/> (NumPy's <c>cumsum(dtype=...)</c>); a narrow integer accumulator wraps.</summary>
        public NDArray<TAcc> CumSum<TAcc>(int axis) where TAcc : unmanaged, INumber<TAcc> => Scan<float, TAcc>("CumSum", array, axis, product: false);
        /// <summary>Cumulative sum in C order accumulated in <typeparamref name="TAcc"/>, into a new 1-d array.</summary>
        public NDArray<TAcc> CumSum<TAcc>() where TAcc : unmanaged, INumber<TAcc> => Scan<float, TAcc>("CumSum", array, null, product: false);
        /// <summary>Cumulative product along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/> (NumPy's <c>cumprod(dtype=...)</c>); a narrow integer accumulator wraps.</summary>
        public NDArray<TAcc> CumProd<TAcc>(int axis) where TAcc : unmanaged, INumber<TAcc> => Scan<float, TAcc>("CumProd", array, axis, product: true);
        /// <summary>Cumulative product in C order accumulated in <typeparamref name="TAcc"/>, into a new 1-d array.</summary>
        public NDArray<TAcc> CumProd<TAcc>() where TAcc : unmanaged, INumber<TAcc> => Scan<float, TAcc>("CumProd", array, null, product: true);
    }

    extension(NDArray<double> array)
    {
        /// <summary>Sum of all elements accumulated in <typeparamref name="TAcc"/> (NumPy's <c>sum(dtype=...)</c>); each element is converted truncating, so a narrow accumulator wraps as C# does.</summary>
        public TAcc Sum<TAcc>() where TAcc : unmanaged, INumber<TAcc> => WideSum<double, TAcc>("Sum", array);
        /// <summary>Sums along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/>.</summary>
        public NDArray<TAcc> Sum<TAcc>(int axis, bool keepDims = false) where TAcc : unmanaged, INumber<TAcc> => WideSum<double, TAcc>("Sum", array, [axis], keepDims);
        /// <summary>Product of all elements accumulated in <typeparamref name="TAcc"/> (NumPy's <c>prod(dtype=...)</c>); a narrow integer accumulator wraps.</summary>
        public TAcc Prod<TAcc>() where TAcc : unmanaged, INumber<TAcc> => WideProd<double, TAcc>(array);
        /// <summary>Products along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/>.</summary>
        public NDArray<TAcc> Prod<TAcc>(int axis, bool keepDims = false) where TAcc : unmanaged, INumber<TAcc> => WideProd<double, TAcc>(array, [axis], keepDims);
        /// <summary>Cumulative sum along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/> (NumPy's <c>cumsum(dtype=...)</c>); a narrow integer accumulator wraps.</summary>
        public NDArray<TAcc> CumSum<TAcc>(int axis) where TAcc : unmanaged, INumber<TAcc> => Scan<double, TAcc>("CumSum", array, axis, product: false);
        /// <summary>Cumulative sum in C order accumulated in <typeparamref name="TAcc"/>, into a new 1-d array.</summary>
        public NDArray<TAcc> CumSum<TAcc>() where TAcc : unmanaged, INumber<TAcc> => Scan<double, TAcc>("CumSum", array, null, product: false);
        /// <summary>Cumulative product along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/> (NumPy's <c>cumprod(dtype=...)</c>); a narrow integer accumulator wraps.</summary>
        public NDArray<TAcc> CumProd<TAcc>(int axis) where TAcc : unmanaged, INumber<TAcc> => Scan<double, TAcc>("CumProd", array, axis, product: true);
        /// <summary>Cumulative product in C order accumulated in <typeparamref name="TAcc"/>, into a new 1-d array.</summary>
        public NDArray<TAcc> CumProd<TAcc>() where TAcc : unmanaged, INumber<TAcc> => Scan<double, TAcc>("CumProd", array, null, product: true);
    }

    extension(NDArray<bool> mask)
    {
        /// <summary>Number of true elements (NumPy's <c>sum</c> of a bool array, int64).</summary>
        public long Sum()
        {
            using var bytes = Bytes(mask);
            return WideSum<byte, long>("Sum", bytes);
        }

        /// <summary>Number of true elements along <paramref name="axis"/>.</summary>
        public NDArray<long> Sum(int axis, bool keepDims = false)
        {
            using var bytes = Bytes(mask);
            return WideSum<byte, long>("Sum", bytes, [axis], keepDims);
        }

        /// <summary>Number of true elements over several axes.</summary>
        public NDArray<long> Sum(ReadOnlySpan<int> axes, bool keepDims = false)
        {
            using var bytes = Bytes(mask);
            return WideSum<byte, long>("Sum", bytes, axes, keepDims);
        }

        /// <summary>Product of a bool array as int64 (NumPy's <c>prod</c>: 1 when all are true).</summary>
        public long Prod()
        {
            using var bytes = Bytes(mask);
            return WideProd<byte, long>(bytes);
        }

        /// <summary>Products along <paramref name="axis"/> as int64.</summary>
        public NDArray<long> Prod(int axis, bool keepDims = false)
        {
            using var bytes = Bytes(mask);
            return WideProd<byte, long>(bytes, [axis], keepDims);
        }

        /// <summary>Running count of true elements along <paramref name="axis"/> (NumPy's <c>cumsum</c> of bool, int64).</summary>
        public NDArray<long> CumSum(int axis)
        {
            using var bytes = Bytes(mask);
            return Scan<byte, long>("CumSum", bytes, axis, product: false);
        }

        /// <summary>Running count of true elements in C order, a new 1-d int64 array.</summary>
        public NDArray<long> CumSum()
        {
            using var bytes = Bytes(mask);
            return Scan<byte, long>("CumSum", bytes, null, product: false);
        }

        /// <summary>Cumulative product along <paramref name="axis"/> as int64 (1 until the first false, then 0).</summary>
        public NDArray<long> CumProd(int axis)
        {
            using var bytes = Bytes(mask);
            return Scan<byte, long>("CumProd", bytes, axis, product: true);
        }

        /// <summary>Cumulative product in C order as int64, a new 1-d array.</summary>
        public NDArray<long> CumProd()
        {
            using var bytes = Bytes(mask);
            return Scan<byte, long>("CumProd", bytes, null, product: true);
        }
    }
}
