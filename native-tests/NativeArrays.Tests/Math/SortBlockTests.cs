using System.Numerics;
using NativeArrays.Kernels;

namespace NativeArrays.Tests.Breadth;

/// <summary>
/// Sorts, arg-sorts, partitions, medians and quantiles along a slow axis, which go through blocks of lines copied out by a transposing copy
/// (<c>SortDriver.ThroughBlocks</c>): C-order, transposed and sliced inputs, lines split over several blocks and a
/// last partial block, outer axes, in-place sorts; each line against a reference sort of the same line (keys as the
/// sort orders them: NaN last, ArgSort stable with -0 equal to 0).
/// </summary>
[TestFixture(typeof(float))]
[TestFixture(typeof(double))]
[TestFixture(typeof(short))]
public class SortBlockTests<T> where T : unmanaged, INumber<T>
{
    private static bool IsFloat => typeof(T) == typeof(float) || typeof(T) == typeof(double);

    private static ulong Key(T v, bool canonicalZero = false) => SortKeys.ToKey<T, ulong>(v, canonicalZero);

    /// <summary>A C-order array of <paramref name="shape"/> with ties, and NaN / ±0 for floats.</summary>
    private static NDArray<T> Input(Random r, params nint[] shape)
    {
        long size = shape.Aggregate(1L, (p, n) => p * n);
        var data = new T[size];
        for (long i = 0; i < size; i++)
        {
            int pick = r.Next(100);
            data[i] = IsFloat && pick == 0 ? T.CreateTruncating(double.NaN)
                : IsFloat && pick == 1 ? -T.Zero
                : IsFloat && pick == 2 ? T.Zero
                : T.CreateTruncating(r.Next(-500, 500));
        }
        return NDArray<T>.FromArray(data, shape);
    }

    /// <summary>The shapes, axes and layouts: (input, axis), the input disposed by the caller.</summary>
    private static IEnumerable<(string Name, Func<Random, NDArray<T>> Make, int Axis)> Cases()
    {
        yield return ("C [100, 37] axis 0", r => Input(r, 100, 37), 0);
        yield return ("C [70, 300] axis 0 (three blocks, the last partial)", r => Input(r, 70, 300), 0);
        yield return ("C [3, 80, 20] axis 1", r => Input(r, 3, 80, 20), 1);
        yield return ("C [90, 4, 5] axis 0 (outer axis after the contiguous one)", r => Input(r, 90, 4, 5), 0);
        yield return ("transposed [40, 90].T axis 1", r => { using var a = Input(r, 40, 90); return a.Transpose(); }, 1);
        yield return ("sliced columns [130, 60][:, ::1 of 30..] axis 0", r => { using var a = Input(r, 130, 60); return a.Slice(SliceIndex.All, SliceIndex.Slice(30, null)); }, 0);
    }

    [Test]
    public void SortArgSortAndPartitionAlongASlowAxisMatchTheLineReference()
    {
        var r = new Random(4242);
        foreach (var (name, make, axis) in Cases())
        {
            using var a = make(r);
            using var sorted = NDArray.Sort(a, axis);
            using var order = NDArray.ArgSort(a, axis);
            nint kth = a.Shape[axis] / 3;
            using var part = NDArray.Partition(a, kth, axis);
            using var argPart = NDArray.ArgPartition(a, kth, axis);
            foreach (var (line, index) in Lines(a, axis))
            {
                var values = line.ToArray();
                var refOrder = Enumerable.Range(0, values.Length).OrderBy(i => Key(values[i], canonicalZero: true)).ToArray();
                var refSorted = values.OrderBy(v => Key(v)).ToArray();
                for (int i = 0; i < values.Length; i++)
                {
                    index[axis] = i;
                    if (Key(sorted.Get(index)) != Key(refSorted[i])) Assert.Fail($"{name}: Sort line {Show(index, axis)} [{i}] = {sorted.Get(index)}, want {refSorted[i]}");
                    if (order.Get(index) != refOrder[i]) Assert.Fail($"{name}: ArgSort line {Show(index, axis)} [{i}] = {order.Get(index)}, want {refOrder[i]} (stable)");
                }
                ulong kthKey = Key(refSorted[kth]);
                for (int i = 0; i < values.Length; i++)
                {
                    index[axis] = i;
                    ulong p = Key(part.Get(index)), q = Key(values[argPart.Get(index)]);
                    bool ok = i < kth ? p <= kthKey && q <= kthKey : i > kth ? p >= kthKey && q >= kthKey : p == kthKey && q == kthKey;
                    if (!ok) Assert.Fail($"{name}: Partition/ArgPartition line {Show(index, axis)} [{i}] on the wrong side of kth {kth}");
                }
            }
        }
    }

    [Test]
    public void MedianAndQuantileAlongASlowAxisMatchThoseOfEachLine()
    {
        var r = new Random(4444);
        foreach (var (name, make, axis) in Cases())
        {
            using var a = make(r);
            using var median = NDArray.Median(a, axis);
            using var quantile = NDArray.Quantile(a, 0.3, axis);
            int k = 0;
            foreach (var (line, index) in Lines(a, axis))
            {
                // The line alone: a 1-d array, whose lines are contiguous (never the block path).
                using var one = NDArray<T>.FromArray(line.ToArray(), line.Count);
                var kept = index.Where((_, d) => d != axis).ToArray();
                double m = median.Get(kept), q = quantile.Get(kept), wantM = NDArray.Median(one), wantQ = NDArray.Quantile(one, 0.3);
                if (!(double.IsNaN(wantM) ? double.IsNaN(m) : m == wantM)) Assert.Fail($"{name}: Median line {Show(index, axis)} = {m}, want {wantM}");
                if (!(double.IsNaN(wantQ) ? double.IsNaN(q) : q == wantQ)) Assert.Fail($"{name}: Quantile line {Show(index, axis)} = {q}, want {wantQ}");
                k++;
            }
            Assert.That((long)k, Is.EqualTo((long)median.Size), name);
        }
    }

    [Test]
    public void SortInPlaceAlongASlowAxisMatchesTheCopyingSort()
    {
        var r = new Random(4343);
        foreach (var (name, make, axis) in Cases())
        {
            using var a = make(r);
            using var expected = NDArray.Sort(a, axis);
            a.SortInPlace(axis);
            foreach (var (line, index) in Lines(a, axis))
                for (int i = 0; i < line.Count; i++)
                {
                    index[axis] = i;
                    if (Key(a.Get(index)) != Key(expected.Get(index))) Assert.Fail($"{name}: SortInPlace line {Show(index, axis)} [{i}] = {a.Get(index)}, want {expected.Get(index)}");
                }
        }
    }

    /// <summary>Every line along the axis: its values and an index of its position (the axis entry free to set).</summary>
    private static IEnumerable<(List<T> Line, nint[] Index)> Lines(NDArray<T> a, int axis)
    {
        int rank = a.Rank;
        var shape = a.Shape.ToArray();
        long outer = 1;
        for (int d = 0; d < rank; d++) if (d != axis) outer *= shape[d];
        for (long o = 0; o < outer; o++)
        {
            var index = new nint[rank];
            long rest = o;
            for (int d = rank - 1; d >= 0; d--)
            {
                if (d == axis) continue;
                index[d] = (nint)(rest % shape[d]);
                rest /= shape[d];
            }
            var line = new List<T>();
            for (nint i = 0; i < shape[axis]; i++) { index[axis] = i; line.Add(a.Get(index)); }
            yield return (line, index);
        }
    }

    private static string Show(nint[] index, int axis) => "(" + string.Join(", ", index.Select((v, d) => d == axis ? ":" : v.ToString())) + ")";
}
