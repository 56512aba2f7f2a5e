using System.Numerics;
using NativeArrays.Memory;

namespace NativeArrays.Tests.Breadth;

/// <summary>Sort and search against NumPy on random shapes, layouts, axes and element types (NaN, ties, empty, 0-d).</summary>
public class SortTests
{
    [Test]
    public void SortFamilyMatchesNumPy(
        [Values(typeof(float), typeof(double), typeof(int), typeof(sbyte), typeof(ushort), typeof(long), typeof(ulong), typeof(Half))] Type type)
    {
        int seed = 1600 + Array.IndexOf(new[] { typeof(float), typeof(double), typeof(int), typeof(sbyte), typeof(ushort), typeof(long), typeof(ulong), typeof(Half) }, type);
        if (type == typeof(float)) Family<float>(seed);
        else if (type == typeof(double)) Family<double>(seed);
        else if (type == typeof(int)) Family<int>(seed);
        else if (type == typeof(sbyte)) Family<sbyte>(seed);
        else if (type == typeof(ushort)) Family<ushort>(seed);
        else if (type == typeof(long)) Family<long>(seed);
        else if (type == typeof(ulong)) Family<ulong>(seed);
        else Family<Half>(seed);
    }

    internal static bool IsFloat<T>() => typeof(T) == typeof(float) || typeof(T) == typeof(double) || typeof(T) == typeof(Half);

    /// <summary>A random array with ties; floats also get NaN, ±inf and ±0.</summary>
    internal static NDArray<T> Input<T>(Random r, Layout layout, nint[] shape) where T : unmanaged, INumber<T>
    {
        var a = Arrays.Random<T>(r, layout, shape);
        if (IsFloat<T>() && !a.IsReadOnly && a.Size > 0)
        {
            T[] specials = [T.CreateTruncating(double.NaN), T.CreateTruncating(double.PositiveInfinity), T.CreateTruncating(double.NegativeInfinity), T.Zero, -T.Zero];
            var idx = new nint[shape.Length];
            for (int k = 0; k < 4; k++)
            {
                for (int d = 0; d < shape.Length; d++) idx[d] = r.Next((int)shape[d]);
                a.Set(idx, specials[r.Next(specials.Length)]);
            }
        }
        return a;
    }

    private static void Family<T>(int seed) where T : unmanaged, INumber<T>
    {
        var r = new Random(seed);
        using var np = new NumPyOracle();
        var checks = new List<Action>();
        for (int c = 0; c < 30; c++)
        {
            int rank = r.Next(0, 4);
            var layout = Arrays.AnyLayout(r);
            var shape = c < 3 ? [r.Next(60, 300)] : Arrays.RandomShape(r, rank); // long lines reach the radix path
            rank = shape.Length;
            var a = Input<T>(r, layout, shape);
            var inA = NumPyOracle.Of(a);
            int axis = rank == 0 ? 0 : r.Next(-rank, rank);
            string ax = rank == 0 ? "None" : axis.ToString();
            string sort = np.Add($"np.sort(a0, axis={ax})", inA);
            string sortFlat = np.Add("np.sort(a0, axis=None)", inA);
            string argsort = np.Add($"np.argsort(a0, axis={ax}, kind='stable')", inA);
            string unique = np.Add("np.unique(a0, return_index=True, return_inverse=True, return_counts=True)", inA);
            var sorted1d = Input<T>(r, Layout.C, [r.Next(0, 12)]);
            sorted1d.SortInPlace();
            var probe = Input<T>(r, Arrays.AnyLayout(r), Arrays.RandomShape(r, r.Next(0, 3)));
            string left = np.Add("np.searchsorted(a0, a1, side='left')", NumPyOracle.Of(sorted1d), NumPyOracle.Of(probe));
            string right = np.Add("np.searchsorted(a0, a1, side='right')", NumPyOracle.Of(sorted1d), NumPyOracle.Of(probe));
            string nonzero = rank > 0 ? np.Add("np.nonzero(a0)", inA) : "";
            string argwhere = np.Add("np.argwhere(a0)", inA);
            double q = Math.Round(r.NextDouble(), 3);
            string median = np.Add($"np.asarray(np.median(a0, axis={ax}), dtype=np.float64)", inA);
            string quantile = np.Add($"np.asarray(np.quantile(a0, {q}, axis={ax}), dtype=np.float64)", inA);
            string percentile = np.Add($"np.asarray(np.percentile(a0, {q * 100}, axis={ax}), dtype=np.float64)", inA);
            string medianAll = np.Add("np.asarray(np.median(a0), dtype=np.float64)", inA);
            string cumprod = np.Add($"np.cumprod(a0, axis={ax}).astype(a0.dtype)", inA);
            int n = r.Next(0, 3);
            string diff = rank > 0 ? np.Add($"np.diff(a0, n={n}, axis={ax})", inA) : "";
            checks.Add(() =>
            {
                using (a) using (sorted1d) using (probe)
                {
                    string ctx = $"{typeof(T).Name} {layout} shape ({string.Join(",", shape)}) axis {axis}";
                    using (var x = NDArray.Sort(a, rank == 0 ? null : axis)) np.AssertEqual(sort, x, context: ctx);
                    using (var x = NDArray.Sort(a, null)) np.AssertEqual(sortFlat, x, context: ctx);
                    using (var x = NDArray.ArgSort(a, rank == 0 ? null : axis)) np.AssertEqual(argsort, x, context: ctx);
                    if (rank > 0 && !a.IsReadOnly)
                    {
                        using var copy = a.Copy(Order.F);
                        copy.SortInPlace(axis);
                        np.AssertEqual(sort, copy, context: "in place " + ctx);
                        // Partition/ArgPartition: SelectionTests (a selection now, not a full sort).
                    }
                    using (var u = NDArray.Unique(a, out var first, out var inverse, out var counts))
                    using (first) using (inverse) using (counts)
                    {
                        np.AssertEqual(unique, u, 0, ctx);
                        np.AssertEqual(unique, first, 1, ctx);
                        np.AssertEqual(unique, inverse, 2, ctx);
                        np.AssertEqual(unique, counts, 3, ctx);
                    }
                    using (var x = NDArray.SearchSorted(sorted1d, probe, SearchSide.Left)) np.AssertEqual(left, x, context: ctx);
                    using (var x = NDArray.SearchSorted(sorted1d, probe, SearchSide.Right)) np.AssertEqual(right, x, context: ctx);
                    if (rank > 0)
                    {
                        var nz = NDArray.Nonzero(a);
                        for (int d = 0; d < nz.Length; d++) using (nz[d]) np.AssertEqual(nonzero, nz[d], d, ctx);
                    }
                    using (var x = NDArray.ArgWhere(a)) np.AssertEqual(argwhere, x, context: ctx);
                    double tol = typeof(T) == typeof(Half) ? 1e-3 : typeof(T) == typeof(float) ? 1e-6 : 1e-12;
                    // NumPy interpolates float16/float32 quantiles in that type (rounding at the data's scale, |x| <= 10);
                    // ours are computed in float64.
                    double atol = typeof(T) == typeof(Half) ? 2e-2 : typeof(T) == typeof(float) ? 1e-5 : 1e-300;
                    using (var e = np.Result<double>(medianAll))
                    {
                        double m = a.Median();
                        if (double.IsNaN(e.Item())) Assert.That(m, Is.NaN, ctx);
                        else Assert.That(m, Is.EqualTo(e.Item()).Within(tol * Math.Abs(e.Item()) + atol + 1e-12), "median " + ctx);
                    }
                    if (rank > 0)
                    {
                        using (var x = a.Median(axis)) np.AssertClose(median, x, tol, context: ctx, atol: atol);
                        if (np.Error(quantile) is null)
                        {
                            using (var x = a.Quantile(q, axis)) np.AssertClose(quantile, x, tol, context: ctx, atol: atol);
                            using (var x = a.Percentile(q * 100, axis)) np.AssertClose(percentile, x, tol, context: ctx, atol: atol);
                        }
                        else Assert.Throws<ArgumentException>(() => a.Quantile(q, axis).Dispose(), ctx);
                    }
                    if (!IsFloat<T>())
                        using (var x = rank == 0 ? a.CumProd() : a.CumProd(axis)) np.AssertEqual(cumprod, x, context: ctx);
                    if (rank > 0)
                        using (var x = NDArray.Diff(a, n, axis)) np.AssertEqual(diff, x, context: ctx);
                }
            });
        }
        np.Run();
        foreach (var check in checks) check();
    }

    [Test]
    public void RadixSortOfManyFloatsMatchesAComparisonSortWithNaNLast()
    {
        var r = new Random(1610);
        var values = new float[100_003];
        for (int i = 0; i < values.Length; i++)
            values[i] = r.Next(50) == 0 ? float.NaN : r.Next(3) == 0 ? (float)r.Next(-100, 100) : (float)(r.NextDouble() * 2e6 - 1e6);
        using var a = NDArray<float>.FromArray(values);
        var before = AllocationTracker.Snapshot().CopiesOf("Sort");
        using var sorted = NDArray.Sort(a);
        Assert.That(AllocationTracker.Snapshot().CopiesOf("Sort") - before, Is.EqualTo(1), "the copy is counted");
        var expected = (float[])values.Clone();
        Array.Sort(expected, (x, y) => float.IsNaN(x) ? (float.IsNaN(y) ? 0 : 1) : float.IsNaN(y) ? -1 : x.CompareTo(y));
        Assert.That(sorted.ToArray(), Is.EqualTo(expected));
        using var order = NDArray.ArgSort(a);
        var idx = order.ToArray();
        for (int i = 1; i < idx.Length; i++)
        {
            float x = values[idx[i - 1]], y = values[idx[i]];
            Assert.That(float.IsNaN(y) || x < y || (x == y && idx[i - 1] < idx[i]), $"stable order at {i}");
        }
    }

    [Test]
    public void BadInputIsNamed()
    {
        using var a = NDArray<float>.Zeros(2, 3);
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => NDArray.Partition(a, 3, 1))!.Message, Does.Contain("axis 1 of length 3"));
        Assert.Throws<ArgumentOutOfRangeException>(() => NDArray.Sort(a, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => a.Quantile(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => a.Percentile(-1));
        Assert.That(Assert.Throws<ArgumentException>(() => NDArray.SearchSorted(a, 1f))!.Message, Does.Contain("(2, 3)"));
        using var ro = a.BroadcastTo(4, 2, 3);
        Assert.Throws<InvalidOperationException>(() => ro.SortInPlace());
        Assert.Throws<ArgumentOutOfRangeException>(() => NDArray.Diff(a, -1));
        using var s = NDArray<float>.Scalar(1);
        Assert.Throws<ArgumentException>(() => NDArray.Nonzero(s));
        using var empty = NDArray<float>.Zeros(0);
        Assert.Throws<ArgumentException>(() => empty.Quantile(0.5));
        Assert.That(empty.Median(), Is.NaN);
    }
}
