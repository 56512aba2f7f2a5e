using System.Numerics;
using NativeArrays.Kernels;
using BArrays = NativeArrays.Tests.Breadth.Arrays;
using BLayout = NativeArrays.Tests.Breadth.Layout;

namespace NativeArrays.Tests.Kernels;

/// <summary>
/// CumSum in the element type (the generic form): the in-register prefix sum of contiguous 4- and 8-byte integer lines,
/// the scalar line scan (floats keep it: same left-to-right order) and the slice-by-slice scan of a non-fastest axis,
/// against a sequential scalar reference (exact for every type, floats included: the association order must not change),
/// on every layout and axis, lengths around the vector boundaries, every SIMD width, 1 and 2 threads.
/// </summary>
[TestFixture(typeof(int))]
[TestFixture(typeof(uint))]
[TestFixture(typeof(long))]
[TestFixture(typeof(ulong))]
[TestFixture(typeof(float))]
[TestFixture(typeof(double))]
public class ScanKernelTests<T> where T : unmanaged, INumber<T>
{
    // [300, 70] and [2, 300, 40]: transposed, the slice scan goes through blocks of 256 along the input's fastest axis (more than one).
    private static readonly nint[][] Shapes = [[], [0], [1], [2], [7], [8], [9], [15], [16], [17], [33], [1001], [3, 37], [70, 9], [9, 70], [2, 3, 33], [4, 0, 2], [300, 70], [2, 300, 40]];

    private static T Random(Random r) => typeof(T) == typeof(float) || typeof(T) == typeof(double)
        ? T.CreateTruncating(r.NextDouble() * 2000 - 1000) / T.CreateTruncating(7)
        : T.CreateTruncating(r.NextInt64()); // sums wrap

    /// <summary>out[.., j, ..] = out[.., j-1, ..] + x[.., j, ..] in C-order flat arrays.</summary>
    private static T[] Reference(T[] x, nint[] shape, int axis)
    {
        var o = new T[x.Length];
        long inner = 1;
        for (int d = axis + 1; d < shape.Length; d++) inner *= shape[d];
        long n = shape.Length == 0 ? 1 : shape[axis];
        for (long f = 0; f < x.Length; f++)
            o[f] = (f / inner) % n == 0 ? x[f] : o[f - inner] + x[f];
        return o;
    }

    [Test]
    public void CumSumMatchesTheSequentialScanEverywhere([Values(1, 2)] int threads)
    {
        var r = new Random(1907);
        foreach (var width in KernelHarness.Widths)
        foreach (var shape in Shapes)
        foreach (var layout in BArrays.AllLayouts)
        {
            if (layout == BLayout.Broadcast) continue; // LayoutLike gives a C copy for it
            using var c = NDArray<T>.Empty(shape);
            var span = c.AsSpan();
            for (int i = 0; i < span.Length; i++) span[i] = Random(r);
            var flat = span.ToArray();
            using var a = BArrays.LayoutLike(c, layout, r);
            using var _ = NativeArraysSettings.Override(NativeArraysSettings.Current with
            {
                SimdWidth = width, MaxDegreeOfParallelism = threads, ParallelThreshold = threads > 1 ? 16 : 1L << 40,
            });
            string ctx = $"{typeof(T).Name} width {width} {threads}t {layout} ({string.Join(",", shape)})";
            for (int axis = 0; axis < shape.Length; axis++)
            {
                using var got = a.CumSum(axis);
                Assert.That(got.ToArray(), Is.EqualTo(Reference(flat, shape, axis)), $"{ctx} axis {axis}");
            }
            using var all = a.CumSum();
            Assert.That(all.ToArray(), Is.EqualTo(Reference(flat, [flat.Length], 0)), $"{ctx} flattened");
        }
    }

    [Test]
    public void FlattenedCumSumOfOneDimensionalViewsScansThemInPlace()
    {
        // The flattened CumSum scans a 1-d input (any stride) or a C-contiguous one straight into the result: a
        // stride-0 broadcast, a reversed and a stepped view, at lengths around the vector boundaries.
        var r = new Random(11);
        foreach (var width in KernelHarness.Widths)
        foreach (int n in new[] { 1, 7, 8, 9, 16, 17, 1001 })
        {
            using var _ = KernelHarness.Width(width);
            using var one = NDArray<T>.Empty(1);
            one.AsSpan()[0] = Random(r);
            using var broadcast = one.BroadcastTo(n);
            using var c = NDArray<T>.Empty(3 * n);
            var span = c.AsSpan();
            for (int i = 0; i < span.Length; i++) span[i] = Random(r);
            using var reversed = c.Flip();
            using var stepped = c[SliceIndex.Slice(step: 3)];
            foreach (var (name, view) in new[] { ("broadcast", broadcast), ("reversed", reversed), ("stepped", stepped) })
            {
                var flat = view.ToArray();
                using var got = view.CumSum();
                Assert.That(got.ToArray(), Is.EqualTo(Reference(flat, [flat.Length], 0)), $"width {width} n {n} {name}");
            }
        }
    }

    /// <summary>out[.., j, ..] = out[.., j-1, ..] · x[.., j, ..] (the first slice 1 · x) in C-order flat arrays.</summary>
    private static T[] ProductReference(T[] x, nint[] shape, int axis)
    {
        var o = new T[x.Length];
        long inner = 1;
        for (int d = axis + 1; d < shape.Length; d++) inner *= shape[d];
        long n = shape[axis];
        for (long f = 0; f < x.Length; f++)
            o[f] = (f / inner) % n == 0 ? T.One * x[f] : o[f - inner] * x[f];
        return o;
    }

    [Test]
    public void CumProdAlongASlowAxisWalksSlicesWithTheLineScansBits([Values(1, 2)] int threads)
    {
        // A.CumProd(0) and the like walk whole slices (y[j] = y[j-1] · x[j]) when another axis is faster in both the
        // input and the result and the slices hold 64 elements or more; otherwise lines. Every layout, both paths,
        // against the sequential product (floats near 1, so products stay finite; integers wrap).
        var r = new Random(2024);
        foreach (var shape in new nint[][] { [70, 9], [9, 70], [300, 70], [2, 40, 33], [3, 5] })
        foreach (var layout in BArrays.AllLayouts)
        {
            if (layout == BLayout.Broadcast) continue;
            using var c = NDArray<T>.Empty(shape);
            var span = c.AsSpan();
            for (int i = 0; i < span.Length; i++)
                span[i] = typeof(T) == typeof(float) || typeof(T) == typeof(double) ? T.CreateTruncating(0.9 + 0.2 * r.NextDouble()) : T.CreateTruncating(r.NextInt64());
            var flat = span.ToArray();
            using var a = BArrays.LayoutLike(c, layout, r);
            using var _ = NativeArraysSettings.Override(NativeArraysSettings.Current with
            {
                MaxDegreeOfParallelism = threads, ParallelThreshold = threads > 1 ? 16 : 1L << 40,
            });
            for (int axis = 0; axis < shape.Length; axis++)
            {
                using var got = a.CumProd(axis);
                Assert.That(got.ToArray(), Is.EqualTo(ProductReference(flat, shape, axis)), $"{typeof(T).Name} {threads}t {layout} ({string.Join(",", shape)}) axis {axis}");
            }
        }
    }

    [Test]
    public void CumSumOfABroadcastView()
    {
        using var row = NDArray<T>.Empty(37);
        var r = new Random(5);
        var span = row.AsSpan();
        for (int i = 0; i < span.Length; i++) span[i] = Random(r);
        using var b = row.BroadcastTo(70, 37);
        var flat = b.ToArray();
        foreach (var width in KernelHarness.Widths)
        {
            using var _ = KernelHarness.Width(width);
            for (int axis = 0; axis < 2; axis++)
            {
                using var got = b.CumSum(axis);
                Assert.That(got.ToArray(), Is.EqualTo(Reference(flat, [70, 37], axis)), $"width {width} axis {axis}");
            }
        }
    }
}

/// <summary>
/// The 64-bit accumulating scans of narrow integers and bool along a slow axis (the slice walk, and for a transposed
/// input the blocks through a scratch laid out like it), against a sequential reference.
/// </summary>
public class WideningScanSliceTests
{
    [Test]
    public void NarrowIntegersAndBoolAccumulateIn64BitsAlongEveryAxis()
    {
        var r = new Random(77);
        foreach (var shape in new nint[][] { [300, 70], [70, 300], [2, 40, 33] })
        {
            using var c = NDArray<short>.Empty(shape);
            var span = c.AsSpan();
            for (int i = 0; i < span.Length; i++) span[i] = (short)r.Next(short.MinValue, short.MaxValue + 1);
            using var t = c.Transpose();
            foreach (var (s, name) in new[] { (c, "C order"), (t, "transposed") })
            {
                using var m = NDArray.Greater(s, (short)0);
                var flat = s.ToArray();
                nint[] sh = s.Shape.ToArray();
                for (int axis = 0; axis < sh.Length; axis++)
                {
                    long inner = 1;
                    for (int d = axis + 1; d < sh.Length; d++) inner *= sh[d];
                    var sum = new long[flat.Length];
                    var count = new long[flat.Length];
                    var prod = new long[flat.Length];
                    for (long f = 0; f < flat.Length; f++)
                    {
                        bool first = (f / inner) % sh[axis] == 0;
                        sum[f] = first ? flat[f] : sum[f - inner] + flat[f];
                        count[f] = (first ? 0 : count[f - inner]) + (flat[f] > 0 ? 1 : 0);
                        prod[f] = (first ? 1 : prod[f - inner]) * flat[f];
                    }
                    string at = $"{name} ({string.Join(",", sh)}) axis {axis}";
                    using (var got = s.CumSum(axis)) Assert.That(got.ToArray(), Is.EqualTo(sum), $"int16 CumSum {at}");
                    using (var got = m.CumSum(axis)) Assert.That(got.ToArray(), Is.EqualTo(count), $"bool CumSum {at}");
                    using (var got = s.CumProd(axis)) Assert.That(got.ToArray(), Is.EqualTo(prod), $"int16 CumProd {at}");
                }
            }
        }
    }
}
