using System.Numerics;
using NativeArrays.Kernels;
using NativeArrays.Layout;

namespace NativeArrays;

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
        public double Var(int ddof = 0) => Spread(array, ddof, std: false);

        /// <summary>Variances along <paramref name="axis"/> as float64.</summary>
        public NDArray<double> Var(int axis, int ddof = 0, bool keepDims = false) => Spread(array, axis, ddof, keepDims, std: false);

        /// <summary>Standard deviation of all elements as float64.</summary>
        public double Std(int ddof = 0) => Spread(array, ddof, std: true);

        /// <summary>Standard deviations along <paramref name="axis"/> as float64.</summary>
        public NDArray<double> Std(int axis, int ddof = 0, bool keepDims = false) => Spread(array, axis, ddof, keepDims, std: true);
    }

    private static NDArray<double> MeanCore<T>(NDArray<T> x, ReadOnlySpan<int> axes, bool keepDims) where T : unmanaged, IBinaryInteger<T>
    {
        var sum = NDArray.WideSum<T, double>("Mean", x, axes, keepDims);
        return sum.DivideInPlace(ReductionForms.ReducedCount(x.Shape, axes));
    }

    /// <summary>Variance or standard deviation of all elements, computed on a float64 copy (counted as <c>AsType</c>).</summary>
    private static double Spread<T>(NDArray<T> x, int ddof, bool std) where T : unmanaged
    {
        using var d = AsDouble(x);
        return std ? d.Std(ddof) : d.Var(ddof);
    }

    /// <summary>Variances or standard deviations along <paramref name="axis"/>, computed on a float64 copy.</summary>
    private static NDArray<double> Spread<T>(NDArray<T> x, int axis, int ddof, bool keepDims, bool std) where T : unmanaged
    {
        using var d = AsDouble(x);
        return std ? d.Std(axis, ddof, keepDims) : d.Var(axis, ddof, keepDims);
    }

    private static NDArray<double> AsDouble<T>(NDArray<T> x) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(x);
        return x.AsType<double>(); // counted as AsType
    }
}
