using System.Runtime.CompilerServices;
using NativeArrays.Tests.MathForms;
using static NativeArrays.SliceIndex;

// The chained array operations make intermediate views; the tests run them inside an NDScope, which disposes them.
#pragma warning disable NA0002

namespace NativeArrays.Tests.Arrays;

/// <summary>
/// The ref-struct views are four words (buffer, offset, layout, buffer id) and take a derived view's shape and strides
/// from a per-thread cache of layouts: random chains of view operations of every rank from 1 to 10 agree with the class
/// view (shape, strides, origin, elements), thousands of distinct derived shapes (evicting the cache) stay correct, a
/// loop over a few shapes allocates nothing, the span forms of Add give the class forms' bits on random shapes, strides,
/// broadcasts, 0-d and empty arrays, and a view of a disposed array still throws <see cref="ObjectDisposedException"/>.
/// </summary>
[NonParallelizable]
public unsafe class SmallViewStateTests
{
    [Test]
    public void ASpanIsFourWords()
    {
        // A view is built and copied in its caller's frame on every call: its size is paid per call (see ViewState).
        Assert.That(Unsafe.SizeOf<NDSpan<float>>(), Is.EqualTo(32));
        Assert.That(Unsafe.SizeOf<ReadOnlyNDSpan<double>>(), Is.EqualTo(32));
    }

    /// <summary>Applies one random view operation to the class view and the span alike.</summary>
    private static void Step(Random random, ref NDArray<int> a, ref NDSpan<int> s)
    {
        int rank = a.Rank;
        switch (random.Next(rank == 0 ? 1 : 7))
        {
            case 0:
                {
                    int axis = random.Next(rank + 1);
                    { a = a.ExpandDims(axis); s = s.ExpandDims(axis); return; }
                }
            case 1:
                { a = a.Transpose(); s = s.Transpose(); return; }
            case 2:
                {
                    int axis = random.Next(rank);
                    { a = a.Flip(axis); s = s.Flip(axis); return; }
                }
            case 3:
                {
                    int i = random.Next(rank), j = random.Next(rank);
                    { a = a.SwapAxes(i, j); s = s.SwapAxes(i, j); return; }
                }
            case 4:
                {
                    // A random step and start along one axis (possibly empty, possibly negative).
                    var index = new SliceIndex[rank];
                    for (int d = 0; d < rank; d++) index[d] = Slice();
                    int axis = random.Next(rank);
                    int step = random.Next(2) == 0 ? random.Next(1, 3) : -random.Next(1, 3);
                    index[axis] = Slice(random.Next(0, 2), null, step);
                    { a = a.Slice(index); s = s.Slice(index); return; }
                }
            case 5:
                { a = a.Squeeze(); s = s.Squeeze(); return; }
            default:
                {
                    // An integer index drops an axis (only where the axis is not empty).
                    int axis = random.Next(rank);
                    if (a.Shape[axis] == 0) { a = a.Transpose(); s = s.Transpose(); return; }
                    var index = new SliceIndex[axis + 1];
                    for (int d = 0; d < axis; d++) index[d] = Slice();
                    index[axis] = random.Next((int)a.Shape[axis]);
                    { a = a[index]; s = s[index]; return; }
                }
        }
    }

    [Test]
    public void RandomDerivedViewsOfRank1To10AgreeWithTheClassView()
    {
        var random = new Random(12);
        for (int rank = 1; rank <= 10; rank++)
        {
            for (int trial = 0; trial < 20; trial++)
            {
                using var scope = NDScope.Begin();
                var shape = new nint[rank];
                for (int d = 0; d < rank; d++) shape[d] = random.Next(1, rank <= 4 ? 5 : 3);
                if (trial == 19) shape[random.Next(rank)] = 0; // empty
                long size = 1;
                foreach (nint d in shape) size *= d;
                var a = NDArray.Arange((int)size).Reshape(shape);
                var s = a.AsNDSpan();
                for (int k = 0; k < 6; k++)
                {
                    Step(random, ref a, ref s);
                    string what = $"rank {rank} trial {trial} step {k}";
                    Assert.That(s.Shape.ToArray(), Is.EqualTo(a.Shape.ToArray()), what + " shape");
                    Assert.That(s.Strides.ToArray(), Is.EqualTo(a.Strides.ToArray()), what + " strides");
                    Assert.That(s.Rank, Is.EqualTo(a.Rank), what + " rank");
                    Assert.That(s.Size, Is.EqualTo(a.Size), what + " size");
                    Assert.That(s.IsCContiguous, Is.EqualTo(a.IsCContiguous), what + " contiguity");
                    Assert.That((nint)s.Pointer, Is.EqualTo((nint)((int*)a.Buffer.DangerousGetHandle() + a.Offset)), what + " origin");
                    ReadOnlyNDSpan<int> r = s;
                    ViewApiParityTests.AssertSameElements(a, s, r);
                }
            }
        }
    }

    [Test]
    public void ThousandsOfDistinctDerivedShapesStayCorrect()
    {
        // More distinct shapes than the per-thread caches hold: every derive after an eviction gets its own shape back.
        using var scope = NDScope.Begin();
        var a = NDArray.Arange(3000).Reshape(1000, 3);
        var s = a.AsReadOnlyNDSpan();
        for (int round = 0; round < 2; round++)
        {
            for (int n = 0; n <= 1000; n++)
            {
                var v = s[..n].Transpose();
                Assert.That(v.Shape.ToArray(), Is.EqualTo(new nint[] { 3, n }));
                Assert.That(v.Strides.ToArray(), Is.EqualTo(new nint[] { 1, 3 }));
                if (n > 0) Assert.That(v.Get(2, n - 1), Is.EqualTo(3 * (n - 1) + 2));
            }
        }
    }

    [Test]
    public void ALoopOverAFewDerivedShapesAllocatesNothing()
    {
        using var a = NDArray<float>.Zeros(64, 4);
        static nint Work(NDArray<float> a, int i) =>
            a.AsNDSpan()[..(8 + i % 8)].Transpose().Flip(1)[.., 1..].Size + a.AsReadOnlyNDSpan().Reshape(16, 16)[i % 4].Size;
        for (int i = 0; i < 16; i++) Work(a, i); // warm-up: JIT, the layouts enter the per-thread caches
        nint total = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 160; i++) total += Work(a, i);
        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.That(after - before, Is.Zero, "derived views of seen shapes must not allocate");
        Assert.That(total, Is.EqualTo((nint)(20 * 4 * (8 * 7 + 28) + 160 * 16))); // (4, 7 + i % 8) and (16,) views
    }

    private static bool Same(float a, float b) => BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b);

    [Test]
    public void SpanFormsGiveTheClassFormsBitsOnRandomShapesStridesAndBroadcasts()
    {
        var random = new Random(5);
        for (int trial = 0; trial < 300; trial++)
        {
            using var scope = NDScope.Begin();
            int rank = random.Next(0, 5);
            var shape = new nint[rank];
            for (int d = 0; d < rank; d++) shape[d] = random.Next(trial % 10 == 0 ? 0 : 1, 6);
            // x: a strided (every other element, maybe reversed) view of a bigger array, at an offset.
            var big = new nint[rank];
            for (int d = 0; d < rank; d++) big[d] = 2 * shape[d] + 1;
            var xs = SpanStraightPathTests.Random(random, big);
            var index = new SliceIndex[rank];
            for (int d = 0; d < rank; d++) index[d] = random.Next(2) == 0 ? Slice(1, null, 2) : Slice(2 * shape[d], 0, -2);
            var x = xs.Slice(index);
            // y: broadcast along random axes (length 1 there), contiguous.
            var yShape = shape.Select(n => random.Next(3) == 0 ? (nint)1 : n).ToArray();
            var y = SpanStraightPathTests.Random(random, yShape);
            var d1 = NDArray<float>.Zeros(shape);
            var d2 = NDArray<float>.Zeros(shape);
            NDArray.Add(x.AsReadOnlyNDSpan(), y.AsReadOnlyNDSpan(), d1.AsNDSpan());
            NDArray.Add(x, y, d2);
            float[] v1 = d1.ToArray(), v2 = d2.ToArray(), xv = x.ToArray(), yv = y.BroadcastTo(shape).Copy().ToArray();
            Assert.That(v1.Length, Is.EqualTo(v2.Length));
            for (int i = 0; i < v1.Length; i++)
                Assert.That(Same(v1[i], v2[i]) && Same(v1[i], xv[i] + yv[i]), $"trial {trial} shape ({string.Join(", ", shape)}) at {i}");
        }
    }

    [Test]
    public void ViewsOfADisposedArrayThrowObjectDisposedException()
    {
        var a = NDArray<float>.Zeros(4, 4);
        var b = NDArray<float>.Zeros(4, 4);
        var s = a.AsNDSpan();
        var derived = s.Transpose()[1..];
        a.Dispose();
        // (Spans cannot be captured by a lambda: each call is tried in place.)
        var caught = new List<string>();
        try { s.Get(0, 0); } catch (ObjectDisposedException) { caught.Add("Get"); }
        try { derived.Set([0, 0], 1f); } catch (ObjectDisposedException) { caught.Add("Set"); }
        try { s.Fill(1f); } catch (ObjectDisposedException) { caught.Add("Fill"); }
        try { _ = s.Transpose(); } catch (ObjectDisposedException) { caught.Add("Transpose"); }
        try { NDArray.Add(s, b.AsReadOnlyNDSpan(), b.AsNDSpan()); } catch (ObjectDisposedException) { caught.Add("Add input"); }
        try { NDArray.Add(b.AsReadOnlyNDSpan(), b.AsReadOnlyNDSpan(), derived); } catch (ObjectDisposedException) { caught.Add("Add destination"); }
        Assert.That(caught, Is.EqualTo(new[] { "Get", "Set", "Fill", "Transpose", "Add input", "Add destination" }));
        b.Dispose();
    }
}
