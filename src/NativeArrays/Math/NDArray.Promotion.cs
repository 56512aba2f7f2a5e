using System.Numerics;
using NativeArrays.Kernels;

namespace NativeArrays;

// Promotion where NumPy promotes: sums of 8-to-32-bit integers and of bools accumulate in 64 bits (NumPy's default
// dtype of sum), integer means and variances are float64. The generic Sum<T>() (T result, wraps) stays for generic
// code; C# prefers these non-generic forms whenever the element type is known. Sum<TAcc>() picks the accumulator.
public static unsafe partial class NDArray
{
    internal static TAcc WideSum<T, TAcc>(string operation, NDArray<T> x)
        where T : unmanaged, INumberBase<T> where TAcc : unmanaged, INumberBase<TAcc>
        => ReduceApi.Whole<T, TAcc, WideningSumOp<T, TAcc>>(operation, x, needsElements: false);

    internal static NDArray<TAcc> WideSum<T, TAcc>(string operation, NDArray<T> x, ReadOnlySpan<int> axes, bool keepDims)
        where T : unmanaged, INumberBase<T> where TAcc : unmanaged, INumberBase<TAcc>
        => ReduceApi.Axes<T, TAcc, WideningSumOp<T, TAcc>>(operation, x, axes, keepDims, false);

    extension(NDArray<sbyte> array)
    {
        /// <summary>Sum of all elements accumulated in <typeparamref name="TAcc"/> (NumPy's <c>sum(dtype=...)</c>); each element is converted truncating, so a narrow accumulator wraps as C# does.</summary>
        public TAcc Sum<TAcc>() where TAcc : unmanaged, INumber<TAcc> => WideSum<sbyte, TAcc>("Sum", array);
        /// <summary>Sums along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/>.</summary>
        public NDArray<TAcc> Sum<TAcc>(int axis, bool keepDims = false) where TAcc : unmanaged, INumber<TAcc> => WideSum<sbyte, TAcc>("Sum", array, [axis], keepDims);
        /// <summary>Sum of all elements in 64 bits (NumPy's default for int8).</summary>
        public long Sum() => WideSum<sbyte, long>("Sum", array);
        /// <summary>Sums along <paramref name="axis"/> in 64 bits.</summary>
        public NDArray<long> Sum(int axis, bool keepDims = false) => WideSum<sbyte, long>("Sum", array, [axis], keepDims);
        /// <summary>Sums over several axes in 64 bits.</summary>
        public NDArray<long> Sum(ReadOnlySpan<int> axes, bool keepDims = false) => WideSum<sbyte, long>("Sum", array, axes, keepDims);
    }

    extension(NDArray<byte> array)
    {
        /// <summary>Sum of all elements accumulated in <typeparamref name="TAcc"/> (NumPy's <c>sum(dtype=...)</c>); each element is converted truncating, so a narrow accumulator wraps as C# does.</summary>
        public TAcc Sum<TAcc>() where TAcc : unmanaged, INumber<TAcc> => WideSum<byte, TAcc>("Sum", array);
        /// <summary>Sums along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/>.</summary>
        public NDArray<TAcc> Sum<TAcc>(int axis, bool keepDims = false) where TAcc : unmanaged, INumber<TAcc> => WideSum<byte, TAcc>("Sum", array, [axis], keepDims);
        /// <summary>Sum of all elements in unsigned 64 bits (NumPy's default for uint8).</summary>
        public ulong Sum() => WideSum<byte, ulong>("Sum", array);
        /// <summary>Sums along <paramref name="axis"/> in unsigned 64 bits.</summary>
        public NDArray<ulong> Sum(int axis, bool keepDims = false) => WideSum<byte, ulong>("Sum", array, [axis], keepDims);
        /// <summary>Sums over several axes in unsigned 64 bits.</summary>
        public NDArray<ulong> Sum(ReadOnlySpan<int> axes, bool keepDims = false) => WideSum<byte, ulong>("Sum", array, axes, keepDims);
    }

    extension(NDArray<short> array)
    {
        /// <summary>Sum of all elements accumulated in <typeparamref name="TAcc"/> (NumPy's <c>sum(dtype=...)</c>); each element is converted truncating, so a narrow accumulator wraps as C# does.</summary>
        public TAcc Sum<TAcc>() where TAcc : unmanaged, INumber<TAcc> => WideSum<short, TAcc>("Sum", array);
        /// <summary>Sums along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/>.</summary>
        public NDArray<TAcc> Sum<TAcc>(int axis, bool keepDims = false) where TAcc : unmanaged, INumber<TAcc> => WideSum<short, TAcc>("Sum", array, [axis], keepDims);
        /// <summary>Sum of all elements in 64 bits (NumPy's default for int16).</summary>
        public long Sum() => WideSum<short, long>("Sum", array);
        /// <summary>Sums along <paramref name="axis"/> in 64 bits.</summary>
        public NDArray<long> Sum(int axis, bool keepDims = false) => WideSum<short, long>("Sum", array, [axis], keepDims);
        /// <summary>Sums over several axes in 64 bits.</summary>
        public NDArray<long> Sum(ReadOnlySpan<int> axes, bool keepDims = false) => WideSum<short, long>("Sum", array, axes, keepDims);
    }

    extension(NDArray<ushort> array)
    {
        /// <summary>Sum of all elements accumulated in <typeparamref name="TAcc"/> (NumPy's <c>sum(dtype=...)</c>); each element is converted truncating, so a narrow accumulator wraps as C# does.</summary>
        public TAcc Sum<TAcc>() where TAcc : unmanaged, INumber<TAcc> => WideSum<ushort, TAcc>("Sum", array);
        /// <summary>Sums along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/>.</summary>
        public NDArray<TAcc> Sum<TAcc>(int axis, bool keepDims = false) where TAcc : unmanaged, INumber<TAcc> => WideSum<ushort, TAcc>("Sum", array, [axis], keepDims);
        /// <summary>Sum of all elements in unsigned 64 bits (NumPy's default for uint16).</summary>
        public ulong Sum() => WideSum<ushort, ulong>("Sum", array);
        /// <summary>Sums along <paramref name="axis"/> in unsigned 64 bits.</summary>
        public NDArray<ulong> Sum(int axis, bool keepDims = false) => WideSum<ushort, ulong>("Sum", array, [axis], keepDims);
        /// <summary>Sums over several axes in unsigned 64 bits.</summary>
        public NDArray<ulong> Sum(ReadOnlySpan<int> axes, bool keepDims = false) => WideSum<ushort, ulong>("Sum", array, axes, keepDims);
    }

    extension(NDArray<int> array)
    {
        /// <summary>Sum of all elements accumulated in <typeparamref name="TAcc"/> (NumPy's <c>sum(dtype=...)</c>); each element is converted truncating, so a narrow accumulator wraps as C# does.</summary>
        public TAcc Sum<TAcc>() where TAcc : unmanaged, INumber<TAcc> => WideSum<int, TAcc>("Sum", array);
        /// <summary>Sums along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/>.</summary>
        public NDArray<TAcc> Sum<TAcc>(int axis, bool keepDims = false) where TAcc : unmanaged, INumber<TAcc> => WideSum<int, TAcc>("Sum", array, [axis], keepDims);
        /// <summary>Sum of all elements in 64 bits (NumPy's default for int32: 4 × int.MaxValue is 8589934588, not -4).</summary>
        public long Sum() => WideSum<int, long>("Sum", array);
        /// <summary>Sums along <paramref name="axis"/> in 64 bits.</summary>
        public NDArray<long> Sum(int axis, bool keepDims = false) => WideSum<int, long>("Sum", array, [axis], keepDims);
        /// <summary>Sums over several axes in 64 bits.</summary>
        public NDArray<long> Sum(ReadOnlySpan<int> axes, bool keepDims = false) => WideSum<int, long>("Sum", array, axes, keepDims);
    }

    extension(NDArray<uint> array)
    {
        /// <summary>Sum of all elements accumulated in <typeparamref name="TAcc"/> (NumPy's <c>sum(dtype=...)</c>); each element is converted truncating, so a narrow accumulator wraps as C# does.</summary>
        public TAcc Sum<TAcc>() where TAcc : unmanaged, INumber<TAcc> => WideSum<uint, TAcc>("Sum", array);
        /// <summary>Sums along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/>.</summary>
        public NDArray<TAcc> Sum<TAcc>(int axis, bool keepDims = false) where TAcc : unmanaged, INumber<TAcc> => WideSum<uint, TAcc>("Sum", array, [axis], keepDims);
        /// <summary>Sum of all elements in unsigned 64 bits (NumPy's default for uint32).</summary>
        public ulong Sum() => WideSum<uint, ulong>("Sum", array);
        /// <summary>Sums along <paramref name="axis"/> in unsigned 64 bits.</summary>
        public NDArray<ulong> Sum(int axis, bool keepDims = false) => WideSum<uint, ulong>("Sum", array, [axis], keepDims);
        /// <summary>Sums over several axes in unsigned 64 bits.</summary>
        public NDArray<ulong> Sum(ReadOnlySpan<int> axes, bool keepDims = false) => WideSum<uint, ulong>("Sum", array, axes, keepDims);
    }

    extension(NDArray<long> array)
    {
        /// <summary>Sum of all elements accumulated in <typeparamref name="TAcc"/> (NumPy's <c>sum(dtype=...)</c>); each element is converted truncating, so a narrow accumulator wraps as C# does.</summary>
        public TAcc Sum<TAcc>() where TAcc : unmanaged, INumber<TAcc> => WideSum<long, TAcc>("Sum", array);
        /// <summary>Sums along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/>.</summary>
        public NDArray<TAcc> Sum<TAcc>(int axis, bool keepDims = false) where TAcc : unmanaged, INumber<TAcc> => WideSum<long, TAcc>("Sum", array, [axis], keepDims);
    }

    extension(NDArray<ulong> array)
    {
        /// <summary>Sum of all elements accumulated in <typeparamref name="TAcc"/> (NumPy's <c>sum(dtype=...)</c>); each element is converted truncating, so a narrow accumulator wraps as C# does.</summary>
        public TAcc Sum<TAcc>() where TAcc : unmanaged, INumber<TAcc> => WideSum<ulong, TAcc>("Sum", array);
        /// <summary>Sums along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/>.</summary>
        public NDArray<TAcc> Sum<TAcc>(int axis, bool keepDims = false) where TAcc : unmanaged, INumber<TAcc> => WideSum<ulong, TAcc>("Sum", array, [axis], keepDims);
    }

    extension(NDArray<float> array)
    {
        /// <summary>Sum of all elements accumulated in <typeparamref name="TAcc"/> (NumPy's <c>sum(dtype=...)</c>); each element is converted truncating, so a narrow accumulator wraps as C# does.</summary>
        public TAcc Sum<TAcc>() where TAcc : unmanaged, INumber<TAcc> => WideSum<float, TAcc>("Sum", array);
        /// <summary>Sums along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/>.</summary>
        public NDArray<TAcc> Sum<TAcc>(int axis, bool keepDims = false) where TAcc : unmanaged, INumber<TAcc> => WideSum<float, TAcc>("Sum", array, [axis], keepDims);
    }

    extension(NDArray<double> array)
    {
        /// <summary>Sum of all elements accumulated in <typeparamref name="TAcc"/> (NumPy's <c>sum(dtype=...)</c>); each element is converted truncating, so a narrow accumulator wraps as C# does.</summary>
        public TAcc Sum<TAcc>() where TAcc : unmanaged, INumber<TAcc> => WideSum<double, TAcc>("Sum", array);
        /// <summary>Sums along <paramref name="axis"/> accumulated in <typeparamref name="TAcc"/>.</summary>
        public NDArray<TAcc> Sum<TAcc>(int axis, bool keepDims = false) where TAcc : unmanaged, INumber<TAcc> => WideSum<double, TAcc>("Sum", array, [axis], keepDims);
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
    }
}

/// <summary>Statistics of integer arrays, computed in float64 as NumPy does (<c>mean</c>, <c>var</c>, <c>std</c>).</summary>
public static class NDArrayIntegerStatistics
{
    extension<T>(NDArray<T> array) where T : unmanaged, IBinaryInteger<T>
    {
        /// <summary>Arithmetic mean of all elements as float64, summed pairwise in float64 (NaN for an empty array).</summary>
        public double Mean() => NDArray.WideSum<T, double>("Mean", array) / array.Size;

        /// <summary>Means along <paramref name="axis"/> as float64.</summary>
        public NDArray<double> Mean(int axis, bool keepDims = false) => MeanCore(array, [axis], keepDims);

        /// <summary>Means over several axes as float64.</summary>
        public NDArray<double> Mean(ReadOnlySpan<int> axes, bool keepDims = false) => MeanCore(array, axes, keepDims);

        /// <summary>Variance of all elements as float64 (over n - <paramref name="ddof"/>). Works on a float64 copy, counted as <c>AsType</c>.</summary>
        public double Var(int ddof = 0)
        {
            using var d = AsDouble(array);
            return d.Var(ddof);
        }

        /// <summary>Variances along <paramref name="axis"/> as float64.</summary>
        public NDArray<double> Var(int axis, int ddof = 0, bool keepDims = false)
        {
            using var d = AsDouble(array);
            return d.Var(axis, ddof, keepDims);
        }

        /// <summary>Standard deviation of all elements as float64.</summary>
        public double Std(int ddof = 0)
        {
            using var d = AsDouble(array);
            return d.Std(ddof);
        }

        /// <summary>Standard deviations along <paramref name="axis"/> as float64.</summary>
        public NDArray<double> Std(int axis, int ddof = 0, bool keepDims = false)
        {
            using var d = AsDouble(array);
            return d.Std(axis, ddof, keepDims);
        }
    }

    private static NDArray<double> MeanCore<T>(NDArray<T> x, ReadOnlySpan<int> axes, bool keepDims) where T : unmanaged, IBinaryInteger<T>
    {
        var sum = NDArray.WideSum<T, double>("Mean", x, axes, keepDims);
        return sum.DivideInPlace(ReduceApi.ReducedCount(x.Shape, axes));
    }

    private static NDArray<double> AsDouble<T>(NDArray<T> x) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(x);
        return x.AsType<double>(); // counted as AsType

    }
}
