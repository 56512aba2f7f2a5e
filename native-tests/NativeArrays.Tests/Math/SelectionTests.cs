using System.Numerics;
using NativeArrays.Kernels;
using NativeArrays.Memory;

namespace NativeArrays.Tests.Breadth;

/// <summary>
/// Partition/ArgPartition (introselect) and the selection-based Median/Quantile/Percentile against NumPy. NumPy's order
/// within the two sides differs from ours, so partitions are checked by their property (the kth elements equal the
/// sorted ones, nothing before a kth is larger, nothing after smaller, the line is a permutation) plus NumPy's kth values.
/// </summary>
public class SelectionTests
{
    private static readonly Type[] Types = [typeof(float), typeof(double), typeof(int), typeof(sbyte), typeof(ushort), typeof(long), typeof(ulong), typeof(Half), typeof(byte)];

    [Test]
    public void PartitionMatchesNumPy([ValueSource(nameof(Types))] Type type)
    {
        int seed = 1700 + Array.IndexOf(Types, type);
        if (type == typeof(float)) Partitions<float>(seed);
        else if (type == typeof(double)) Partitions<double>(seed);
        else if (type == typeof(int)) Partitions<int>(seed);
        else if (type == typeof(sbyte)) Partitions<sbyte>(seed);
        else if (type == typeof(ushort)) Partitions<ushort>(seed);
        else if (type == typeof(long)) Partitions<long>(seed);
        else if (type == typeof(ulong)) Partitions<ulong>(seed);
        else if (type == typeof(Half)) Partitions<Half>(seed);
        else Partitions<byte>(seed);
    }

    /// <summary>NumPy's order: NaN after everything (NaNs equal), -0.0 equal to 0.0.</summary>
    private static int Compare<T>(T x, T y) where T : unmanaged, INumber<T>
    {
        bool nx = T.IsNaN(x), ny = T.IsNaN(y);
        if (nx || ny) return nx == ny ? 0 : nx ? 1 : -1;
        return x < y ? -1 : x > y ? 1 : 0;
    }

    private static NDArray<T> Input<T>(Random r, Layout layout, nint[] shape) where T : unmanaged, INumber<T> => SortTests.Input<T>(r, layout, shape);

    private static void Partitions<T>(int seed) where T : unmanaged, INumber<T>
    {
        var r = new Random(seed);
        using var np = new NumPyOracle();
        var checks = new List<Action>();
        for (int c = 0; c < 24; c++)
        {
            var layout = Arrays.AnyLayout(r);
            var shape = c < 4 ? [r.Next(17, 400)] : c < 8 ? [r.Next(1, 4), r.Next(20, 90)] : Arrays.RandomShape(r, r.Next(1, 4));
            int rank = shape.Length;
            int axis = r.Next(-rank, rank), ax = (axis + rank) % rank;
            nint n = shape[ax];
            if (n == 0) { checks.Add(EmptyAxis<T>(shape, axis)); continue; }
            var a = Input<T>(r, layout, shape);
            var kths = Enumerable.Range(0, r.Next(1, 4)).Select(_ => (nint)(r.Next(2) == 0 ? r.Next((int)n) : -1 - r.Next((int)n))).ToArray();
            string kthText = kths.Length == 1 ? kths[0].ToString() : "[" + string.Join(", ", kths) + "]";
            var inA = NumPyOracle.Of(a);
            string sort = np.Add($"np.sort(a0, axis={axis})", inA);
            string part = np.Add($"np.partition(a0, {kthText}, axis={axis})", inA);
            checks.Add(() =>
            {
                using (a)
                {
                    string ctx = $"{typeof(T).Name} {layout} shape ({string.Join(",", shape)}) axis {axis} kth {kthText}";
                    using var sorted = np.Result<T>(sort);
                    using var theirs = np.Result<T>(part);
                    using var p = kths.Length == 1 ? NDArray.Partition(a, kths[0], axis) : NDArray.Partition(a, kths, axis);
                    Assert.That(p.Shape.ToArray(), Is.EqualTo(shape), ctx);
                    var norm = kths.Select(k => k < 0 ? k + n : k).Distinct().Order().ToArray();
                    CheckPartitioned(Lines(p, ax), Lines(sorted, ax), n, norm, "partition " + ctx);
                    CheckPartitioned(Lines(theirs, ax), Lines(sorted, ax), n, norm, "NumPy's partition (the check itself) " + ctx);
                    using var ap = kths.Length == 1 ? NDArray.ArgPartition(a, kths[0], axis) : NDArray.ArgPartition(a, kths, axis);
                    var idx = Lines(ap, ax);
                    var values = Lines(a, ax);
                    var picked = new T[values.Length];
                    for (int line = 0; line < values.Length / n; line++)
                    {
                        var seen = new bool[n];
                        for (nint i = 0; i < n; i++)
                        {
                            long j = idx[line * n + i];
                            Assert.That(j >= 0 && j < n && !seen[j], $"argpartition line {line} is not a permutation: {ctx}");
                            seen[j] = true;
                            picked[line * n + i] = values[line * n + j];
                        }
                    }
                    CheckPartitioned(picked, Lines(sorted, ax), n, norm, "argpartition " + ctx);
                }
            });
        }
        np.Run();
        foreach (var check in checks) check();
    }

    private static Action EmptyAxis<T>(nint[] shape, int axis) where T : unmanaged, INumber<T> => () =>
    {
        using var a = NDArray<T>.Zeros(shape);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => NDArray.Partition(a, 0, axis).Dispose())!;
        Assert.That(e.Message, Does.Contain("length 0"));
    };

    /// <summary>The array's lines along <paramref name="axis"/>, one after another (C order of the other axes).</summary>
    private static T[] Lines<T>(NDArray<T> a, int axis) where T : unmanaged
    {
        using var moved = a.SwapAxes(axis, -1);
        return moved.ToArray();
    }

    private static void CheckPartitioned<T>(T[] p, T[] sorted, nint n, nint[] kths, string ctx) where T : unmanaged, INumber<T>
    {
        Assert.That(p.Length, Is.EqualTo(sorted.Length), ctx);
        for (int line = 0; line < p.Length / n; line++)
        {
            var s = p.AsSpan((int)(line * n), (int)n);
            var e = sorted.AsSpan((int)(line * n), (int)n);
            var ours = s.ToArray();
            Array.Sort(ours, Compare);
            for (int i = 0; i < n; i++)
                Assert.That(Compare(ours[i], e[i]), Is.Zero, $"line {line} is not a permutation of the input: {ctx}");
            foreach (nint k in kths)
            {
                Assert.That(Compare(s[(int)k], e[(int)k]), Is.Zero, $"line {line}: element {k} is {s[(int)k]}, sorted has {e[(int)k]}: {ctx}");
                for (int i = 0; i < k; i++)
                    Assert.That(Compare(s[i], s[(int)k]), Is.LessThanOrEqualTo(0), $"line {line}: {s[i]} at {i} before kth {k} ({s[(int)k]}): {ctx}");
                for (int i = (int)k + 1; i < n; i++)
                    Assert.That(Compare(s[i], s[(int)k]), Is.GreaterThanOrEqualTo(0), $"line {line}: {s[i]} at {i} after kth {k} ({s[(int)k]}): {ctx}");
            }
        }
    }

    [Test]
    public void SelectionOnLongAdversarialLinesMatchesASort()
    {
        const int n = 30_011;
        var r = new Random(1710);
        var patterns = new Dictionary<string, Func<int, double>>
        {
            ["sorted"] = i => i,
            ["reversed"] = i => -i,
            ["equal"] = _ => 7,
            ["two values"] = i => i % 2,
            ["organ pipe"] = i => Math.Min(i, n - i),
            ["sawtooth"] = i => i % 97,
            ["random with NaN"] = _ => r.Next(40) == 0 ? double.NaN : r.Next(1000),
        };
        foreach (var (name, f) in patterns)
        {
            var values = Enumerable.Range(0, n).Select(f).ToArray();
            var expected = values.Order(Comparer<double>.Create(Compare)).ToArray();
            using var a = NDArray<double>.FromArray(values);
            foreach (nint k in new nint[] { 0, 1, n / 2, n - 2, n - 1, r.Next(n) })
            {
                using var p = NDArray.Partition(a, k);
                CheckPartitioned(p.ToArray(), expected, n, [k], $"{name} kth {k}");
            }
            using var several = NDArray.Partition(a, [5, n / 3, n / 3 + 1, n - 10]);
            CheckPartitioned(several.ToArray(), expected, n, [5, n / 3, n / 3 + 1, n - 10], $"{name} several");
            double median = a.Median();
            double want = double.IsNaN(expected[^1]) ? double.NaN : (expected[n / 2]);
            Assert.That(median, Is.EqualTo(want), name);
        }
    }

    [Test]
    public unsafe void HeapSortFallbackSortsKeysWithTheirIndices()
    {
        var r = new Random(1720);
        foreach (int n in new[] { 1, 2, 17, 1000 })
        {
            var keys = Enumerable.Range(0, n).Select(_ => (ulong)r.Next(50)).ToArray();
            var index = Enumerable.Range(0, n).Select(i => (long)i).ToArray();
            var original = (ulong[])keys.Clone();
            fixed (ulong* k = keys)
            fixed (long* x = index)
                Introselect.HeapSort(k, x, 0, n);
            Assert.That(keys, Is.EqualTo(original.Order().ToArray()), $"n {n}");
            for (int i = 0; i < n; i++) Assert.That(original[index[i]], Is.EqualTo(keys[i]), $"payload at {i}, n {n}");
        }
    }

    [Test]
    public void PartitionIsCountedAndDoesNotSortTheWholeLine()
    {
        using var a = NDArray<int>.FromArray(Enumerable.Range(0, 1000).Reverse().ToArray());
        var before = AllocationTracker.Snapshot().CopiesOf("Partition");
        using var p = NDArray.Partition(a, 500);
        Assert.That(AllocationTracker.Snapshot().CopiesOf("Partition") - before, Is.EqualTo(1));
        Assert.That(p.Get(500), Is.EqualTo(500));
        var values = p.ToArray();
        Assert.That(values, Is.Not.Ordered, "a selection, not a full sort (the fully sorted line was the old implementation)");
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => NDArray.ArgPartition(a, [3, 1000]))!.Message, Does.Contain("kth 1000").And.Contain("length 1000"));
        using var s = NDArray<int>.Scalar(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => NDArray.Partition(s, 0));
    }

    [Test]
    public void MedianQuantilePercentileMatchNumPyExactlyWithNumPyDTypes([ValueSource(nameof(Types))] Type type)
    {
        int seed = 1750 + Array.IndexOf(Types, type);
        if (type == typeof(float)) Statistics<float, float>(seed, (a, ax) => a.Median(ax), a => a.Median());
        else if (type == typeof(Half)) Statistics<Half, Half>(seed, (a, ax) => a.Median(ax), a => a.Median());
        else if (type == typeof(double)) Statistics<double, double>(seed, (a, ax) => a.Median(ax), a => a.Median());
        else if (type == typeof(int)) Statistics<int, double>(seed, (a, ax) => a.Median(ax), a => a.Median());
        else if (type == typeof(sbyte)) Statistics<sbyte, double>(seed, (a, ax) => a.Median(ax), a => a.Median());
        else if (type == typeof(ushort)) Statistics<ushort, double>(seed, (a, ax) => a.Median(ax), a => a.Median());
        else if (type == typeof(long)) Statistics<long, double>(seed, (a, ax) => a.Median(ax), a => a.Median());
        else if (type == typeof(ulong)) Statistics<ulong, double>(seed, (a, ax) => a.Median(ax), a => a.Median());
        else Statistics<byte, double>(seed, (a, ax) => a.Median(ax), a => a.Median());
    }

    /// <summary>A Python float literal (q = 0 as an int would take NumPy's other, non-interpolating path).</summary>
    private static string PyFloat(double q) => q.ToString("R", System.Globalization.CultureInfo.InvariantCulture) is var t && (t.Contains('.') || t.Contains('E')) ? t : t + ".0";

    /// <summary>
    /// Median in NumPy's dtype (float32 → float32, float16 → float16, others → float64), Quantile/Percentile in float64
    /// (NumPy 1.24's dtype for every input); all bit-exact (NumPy's files are loaded typed, so a dtype mismatch fails),
    /// on random layouts, axes, NaN, empty and 0-d.
    /// </summary>
    private static void Statistics<T, TMedian>(int seed, Func<NDArray<T>, int, NDArray<TMedian>> medianAlong, Func<NDArray<T>, TMedian> medianAll)
        where T : unmanaged, INumber<T> where TMedian : unmanaged
    {
        var r = new Random(seed);
        using var np = new NumPyOracle();
        var checks = new List<Action>();
        for (int c = 0; c < 24; c++)
        {
            var layout = Arrays.AnyLayout(r);
            var shape = c < 3 ? [r.Next(40, 300)] : Arrays.RandomShape(r, r.Next(0, 4), 6);
            int rank = shape.Length;
            int axis = rank == 0 ? 0 : r.Next(-rank, rank);
            var a = Input<T>(r, layout, shape);
            var inA = NumPyOracle.Of(a);
            double q = c % 5 == 0 ? new[] { 0.0, 1.0, 0.5 }[r.Next(3)] : Math.Round(r.NextDouble(), 3);
            string wholeMedian = np.Add("np.asarray(np.median(a0))", inA);
            string median = rank > 0 ? np.Add($"np.median(a0, axis={axis})", inA) : "";
            string quantile = rank > 0 ? np.Add($"np.asarray(np.quantile(a0, {PyFloat(q)}, axis={axis}), dtype=np.float64)", inA) : "";
            string percentile = rank > 0 ? np.Add($"np.asarray(np.percentile(a0, {PyFloat(q * 100)}, axis={axis}), dtype=np.float64)", inA) : "";
            string wholeQuantile = a.Size > 0 ? np.Add($"np.asarray(np.quantile(a0, {PyFloat(q)}), dtype=np.float64)", inA) : "";
            checks.Add(() =>
            {
                using (a)
                {
                    string ctx = $"{typeof(T).Name} {layout} shape ({string.Join(",", shape)}) axis {axis} q {q}";
                    using (var m = NDArray<TMedian>.Scalar(medianAll(a))) np.AssertEqual(wholeMedian, m, context: ctx);
                    if (rank > 0)
                    {
                        using (var m = medianAlong(a, axis)) np.AssertEqual(median, m, context: ctx);
                        if (np.Error(quantile) is null)
                        {
                            using (var x = a.Quantile(q, axis)) np.AssertEqual(quantile, x, context: ctx);
                            using (var x = a.Percentile(q * 100, axis)) np.AssertEqual(percentile, x, context: ctx);
                        }
                        else Assert.Throws<ArgumentException>(() => a.Quantile(q, axis).Dispose(), ctx);
                    }
                    if (a.Size > 0)
                        using (var x = NDArray<double>.Scalar(a.Quantile(q))) np.AssertEqual(wholeQuantile, x, context: ctx);
                }
            });
        }
        np.Run();
        foreach (var check in checks) check();
    }
}
