using NativeArrays.Memory;
using NativeArrays.Tests.Support.Reference;

namespace NativeArrays.Tests.Arrays;

/// <summary>Copy (C/F), AsContiguous, AsType, Take, Take(mask), ToArray and CopyTo, each counted by name in the tracker.</summary>
[TestFixture, NonParallelizable]
public class CopyTests
{
    private static NDArray<double> Base(long[] shape)
    {
        long n = RefView.Product(shape);
        var data = new double[n];
        for (int i = 0; i < n; i++) data[i] = i;
        return shape.Length == 0 ? NDArray<double>.Scalar(0) : NDArray<double>.FromArray(data, ViewOp.N(shape));
    }

    /// <summary>A random valid view (and its reference) from a short chain; the caller disposes the returned arrays.</summary>
    private static (NDArray<double> View, RefView Ref, List<NDArray<double>> Owned) RandomView(Random rng, NDArray<double> baseArray, long[] shape, bool allowBroadcast = true, bool allowAsStrided = true)
    {
        var gen = new OpGenerator(rng) { InvalidPercent = 0, AllowBroadcast = allowBroadcast, AllowAsStrided = allowAsStrided, AllowWritableAsStrided = false, MaxSize = 400 };
        var refv = RefView.Base(shape);
        var current = baseArray;
        var owned = new List<NDArray<double>>();
        int steps = rng.Next(0, 5);
        for (int s = 0; s < steps; s++)
        {
            var op = gen.Next(refv, baseArray.Size);
            if (op is ReshapeOp) continue;
            var outcome = RefSemantics.Apply(refv, op, baseArray.Size);
            if (outcome.View is null) continue;
            var next = op switch
            {
                IndexOp o => current[o.SliceItems],
                PermuteOp o => o.Style == 0 ? current.Permute(o.Axes) : o.Style == 3 ? current.SwapAxes(o.A, o.B) : current.T,
                SqueezeOp o => current.Squeeze(o.Axis),
                ExpandDimsOp o => current.ExpandDims(o.Axis),
                FlipOp o => current.Flip(o.Axis),
                DiagonalOp o => current.Diagonal((nint)o.K, o.A1, o.A2),
                BroadcastOp o => current.BroadcastTo(o.NShape),
                AsStridedOp o => current.AsStrided(o.NShape, o.NStrides, (nint?)o.Offset, o.Writable),
                _ => throw new InvalidOperationException(),
            };
            owned.Add(next);
            current = next;
            refv = outcome.View;
        }
        return (current, refv, owned);
    }

    /// <summary>A kernel configuration: SIMD width cap, parallel threshold (elements), non-temporal threshold (bytes).</summary>
    public sealed record KernelConfig(SimdWidth Width, long Parallel, long NonTemporal, string Name)
    {
        public override string ToString() => Name;
    }

    public static IEnumerable<KernelConfig> Configs() =>
    [
        new(SimdWidth.Auto, 1L << 20, 32L << 20, "default"),
        new(SimdWidth.Scalar, 8L, 32L << 20, "scalar, parallel"),
        new(SimdWidth.W128, 8L, 0L, "128, parallel, non-temporal"),
        new(SimdWidth.W256, 1L << 20, 0L, "256, non-temporal"),
    ];

    public static IEnumerable<TestCaseData> KernelSettings() =>
        Configs().Select(c => new TestCaseData(c.Width, c.Parallel, c.NonTemporal).SetArgDisplayNames(c.Name));

    private static IDisposable Use(SimdWidth width, long parallel, long nonTemporal) =>
        NativeArraysSettings.Override(NativeArraysSettings.Current with
        {
            SimdWidth = width, ParallelThreshold = parallel, NonTemporalThreshold = nonTemporal, MaxDegreeOfParallelism = 3,
        });

    [Test]
    public void CopyInCAndFOrderOfRandomViews([Values(Order.C, Order.F)] Order order,
        [ValueSource(nameof(Configs))] KernelConfig config)
    {
        using var _ = Use(config.Width, config.Parallel, config.NonTemporal);
        var rng = new Random(order == Order.C ? 11 : 12);
        var gen = new OpGenerator(rng);
        for (int trial = 0; trial < 300; trial++)
        {
            var shape = gen.RandomShape(4, 5, 2, minRank: 1);
            using var b = Base(shape);
            var (view, refv, owned) = RandomView(rng, b, shape);
            try
            {
                var before = AllocationTracker.Snapshot();
                using var c = view.Copy(order);
                var after = AllocationTracker.Snapshot();
                string ctx = $"trial {trial}, view shape {Check.Text(view.Shape)} strides {Check.Text(view.Strides)}";
                Assert.That(after.CopiesOf("Copy") - before.CopiesOf("Copy"), Is.EqualTo(1), ctx);
                Assert.That(after.TotalAllocations - before.TotalAllocations, Is.EqualTo(1), ctx);
                Assert.That(c.Buffer, Is.Not.SameAs(b.Buffer), ctx);
                Assert.That(c.OwnsData && !c.IsView && !c.IsReadOnly, Is.True, ctx);
                Assert.That(Check.SameShape(c.Shape, refv.Shape), ctx);
                Assert.That(c.ToArray(), Is.EqualTo(refv.Index.Select(x => (double)x).ToArray()), ctx);
                // Strides computed here: C order multiplies from the right, F order from the left (length-0/1 axes count as 1).
                var expected = new nint[refv.Rank];
                nint step = 1;
                if (order == Order.C)
                    for (int i = refv.Rank - 1; i >= 0; i--) { expected[i] = step; step *= (nint)Math.Max(1, refv.Shape[i]); }
                else
                    for (int i = 0; i < refv.Rank; i++) { expected[i] = step; step *= (nint)Math.Max(1, refv.Shape[i]); }
                Assert.That(c.Strides.ToArray(), Is.EqualTo(expected), ctx);
                Assert.That(order == Order.C ? c.IsCContiguous : c.IsFContiguous, Is.True, ctx);
                Assert.That((long)c.Buffer.ByteLength, Is.EqualTo(refv.Size * 8), ctx);
                // The copy is independent of its source.
                if (c.Size > 0)
                {
                    c.Fill(-1);
                    Assert.That(view.ToArray(), Is.EqualTo(refv.Index.Select(x => (double)x).ToArray()), ctx);
                }
            }
            finally
            {
                foreach (var o in owned) o.Dispose();
            }
        }
    }

    [Test]
    public void AsContiguousCopiesOnlyWhenNeeded()
    {
        using var m = NDArray<int>.FromArray(Enumerable.Range(0, 12).ToArray(), 3, 4);
        var s0 = AllocationTracker.Snapshot();
        using (var same = m.AsContiguous(out bool copied))
        {
            Assert.That(copied, Is.False);
            Assert.That(same.Buffer, Is.SameAs(m.Buffer));
            Assert.That(same.IsView, Is.True);
        }
        using (var row = m[1])
        using (var c = row.AsContiguous(out bool copied)) Assert.That(copied, Is.False, "a row is contiguous");
        using (var one = m[1.., 2..3])
        using (var oneRow = one[..1])
        using (var c = oneRow.AsContiguous(out bool copied)) Assert.That(copied, Is.False, "a one-element view is contiguous");
        var s1 = AllocationTracker.Snapshot();
        Assert.That(s1.TotalAllocations, Is.EqualTo(s0.TotalAllocations));
        Assert.That(s1.CopiesOf("AsContiguous"), Is.EqualTo(s0.CopiesOf("AsContiguous")));
        using (var t = m.T)
        using (var c = t.AsContiguous(out bool copied))
        {
            Assert.That(copied, Is.True, "F-contiguous is not C-contiguous");
            Assert.That(c.Buffer, Is.Not.SameAs(m.Buffer));
            Assert.That(c.IsCContiguous, Is.True);
            Assert.That(c.ToArray(), Is.EqualTo(new[] { 0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11 }));
        }
        using (var cols = m[.., ..2])
        using (var c = cols.AsContiguous()) Assert.That(c.ToArray(), Is.EqualTo(new[] { 0, 1, 4, 5, 8, 9 }));
        var s2 = AllocationTracker.Snapshot();
        Assert.That(s2.CopiesOf("AsContiguous") - s1.CopiesOf("AsContiguous"), Is.EqualTo(2));
        Assert.That(s2.TotalAllocations - s1.TotalAllocations, Is.EqualTo(2));
    }

    [Test]
    public void AsTypeTruncatesTowardZero()
    {
        using var d = NDArray<double>.FromArray([1.9, -1.9, 2.5, -2.5, 0.4, -0.4, 7.0]);
        var before = AllocationTracker.Snapshot();
        using var i = d.AsType<int>();
        Assert.That(i.ToArray(), Is.EqualTo(new[] { 1, -1, 2, -2, 0, 0, 7 }));
        Assert.That(AllocationTracker.Snapshot().CopiesOf("AsType") - before.CopiesOf("AsType"), Is.EqualTo(1));
        using var l = d.AsType<long>();
        Assert.That(l.ToArray(), Is.EqualTo(new long[] { 1, -1, 2, -2, 0, 0, 7 }));
        using var f = d.AsType<float>();
        Assert.That(f.ToArray(), Is.EqualTo(new[] { 1.9f, -1.9f, 2.5f, -2.5f, 0.4f, -0.4f, 7f }));
        using var h = d.AsType<Half>();
        Assert.That(h.Get(3), Is.EqualTo((Half)(-2.5)));
    }

    [Test]
    public void AsTypeFromFloatingPointSaturates()
    {
        using var d = NDArray<double>.FromArray([1e10, -1e10, double.PositiveInfinity, double.NegativeInfinity, 300.7, -5.5]);
        using var i = d.AsType<int>();
        Assert.That(i.ToArray()[..4], Is.EqualTo(new[] { int.MaxValue, int.MinValue, int.MaxValue, int.MinValue }));
        using var b = d.AsType<byte>();
        Assert.That(b.ToArray(), Is.EqualTo(new byte[] { 255, 0, 255, 0, 255, 0 }));
        using var s = d.AsType<short>();
        Assert.That(s.ToArray(), Is.EqualTo(new short[] { short.MaxValue, short.MinValue, short.MaxValue, short.MinValue, 300, -5 }));
        using var nan = NDArray<float>.FromArray([float.NaN]);
        using var ni = nan.AsType<int>();
        Assert.That(ni.Item(), Is.Zero);
    }

    /// <summary>The documentation says numeric conversion "truncates toward zero and saturates": integers too.</summary>
    [Test]
    public void AsTypeBetweenIntegersSaturates()
    {
        using var a = NDArray<int>.FromArray([300, -1, 255, 70000, int.MinValue]);
        using var b = a.AsType<byte>();
        Assert.That(b.ToArray(), Is.EqualTo(new byte[] { 255, 0, 255, 255, 0 }));
        using var s = a.AsType<short>();
        Assert.That(s.ToArray(), Is.EqualTo(new short[] { 300, -1, 255, short.MaxValue, short.MinValue }));
        using var u = NDArray<ulong>.FromArray([ulong.MaxValue]);
        using var l = u.AsType<long>();
        Assert.That(l.Item(), Is.EqualTo(long.MaxValue));
    }

    [Test]
    public void AsTypeToAndFromBool()
    {
        using var d = NDArray<double>.FromArray([0.0, 2.0, -0.0, double.NaN, -3.5, 1e-300]);
        using var b = d.AsType<bool>();
        Assert.That(b.ToArray(), Is.EqualTo(new[] { false, true, false, true, true, true }));
        using var back = b.AsType<double>();
        Assert.That(back.ToArray(), Is.EqualTo(new[] { 0.0, 1.0, 0.0, 1.0, 1.0, 1.0 }));
        using var i = b.AsType<int>();
        Assert.That(i.ToArray(), Is.EqualTo(new[] { 0, 1, 0, 1, 1, 1 }));
        using var same = b.AsType<bool>();
        Assert.That(same.ToArray(), Is.EqualTo(b.ToArray()));
    }

    [Test]
    public void AsTypeOfAStridedViewKeepsCOrder()
    {
        using var m = NDArray<int>.FromArray(Enumerable.Range(0, 12).ToArray(), 3, 4);
        using var t = m.T;
        using var v = t[Slice(step: -1)];
        using var f = v.AsType<float>();
        Assert.That(f.Shape.ToArray(), Is.EqualTo(new nint[] { 4, 3 }));
        Assert.That(f.IsCContiguous, Is.True);
        Assert.That(f.ToArray(), Is.EqualTo(new float[] { 3, 7, 11, 2, 6, 10, 1, 5, 9, 0, 4, 8 }));
    }

    private static SliceIndex Slice(nint? start = null, nint? stop = null, nint step = 1) => SliceIndex.Slice(start, stop, step);

    [Test]
    public void TakeByPositions()
    {
        using var m = NDArray<int>.FromArray(Enumerable.Range(0, 12).ToArray(), 3, 4);
        var before = AllocationTracker.Snapshot();
        using (var flat = m.Take([0, -1, 5, 5]))
        {
            Assert.That(flat.ToArray(), Is.EqualTo(new[] { 0, 11, 5, 5 }));
            Assert.That(flat.Buffer, Is.Not.SameAs(m.Buffer));
        }
        Assert.That(AllocationTracker.Snapshot().CopiesOf("Take") - before.CopiesOf("Take"), Is.EqualTo(1));
        using (var rows = m.Take([2, 0], 0))
        {
            Assert.That(rows.Shape.ToArray(), Is.EqualTo(new nint[] { 2, 4 }));
            Assert.That(rows.ToArray(), Is.EqualTo(new[] { 8, 9, 10, 11, 0, 1, 2, 3 }));
        }
        using (var cols = m.Take([-1, 1], 1)) Assert.That(cols.ToArray(), Is.EqualTo(new[] { 3, 1, 7, 5, 11, 9 }));
        using (var cols = m.Take([0], -1)) Assert.That(cols.Shape.ToArray(), Is.EqualTo(new nint[] { 3, 1 }));
        using (var none = m.Take([], 0)) Assert.That(none.Shape.ToArray(), Is.EqualTo(new nint[] { 0, 4 }));
        using (var t = m.T)
        {
            using (var flat = t.Take([1, 2])) Assert.That(flat.ToArray(), Is.EqualTo(new[] { 4, 8 }), "flat positions follow the view's C order");
            using (var r = t.Take([3], 0)) Assert.That(r.ToArray(), Is.EqualTo(new[] { 3, 7, 11 }));
        }
    }

    [Test]
    public void TakeByMask()
    {
        using var m = NDArray<int>.FromArray(Enumerable.Range(0, 12).ToArray(), 3, 4);
        var maskData = Enumerable.Range(0, 12).Select(i => i % 3 == 0).ToArray();
        using var mask = NDArray<bool>.FromArray(maskData, 3, 4);
        var before = AllocationTracker.Snapshot();
        using (var sel = m.Take(mask))
        {
            Assert.That(sel.ToArray(), Is.EqualTo(new[] { 0, 3, 6, 9 }));
            Assert.That(sel.Rank, Is.EqualTo(1));
        }
        Assert.That(AllocationTracker.Snapshot().CopiesOf("TakeMask") - before.CopiesOf("TakeMask"), Is.EqualTo(1));
        using var t = m.T;
        using var mt = NDArray<bool>.FromArray(Enumerable.Range(0, 12).Select(i => i < 3).ToArray(), 4, 3);
        using (var sel = t.Take(mt)) Assert.That(sel.ToArray(), Is.EqualTo(new[] { 0, 4, 8 }));
        using var none = NDArray<bool>.Zeros(3, 4);
        using (var sel = m.Take(none)) Assert.That(sel.Shape.ToArray(), Is.EqualTo(new nint[] { 0 }));
        using var b = NDArray<bool>.FromArray([true, false, true, true]);
        using var bb = b.BroadcastTo(3, 4);
        using (var sel = m.Take(bb)) Assert.That(sel.ToArray(), Is.EqualTo(new[] { 0, 2, 3, 4, 6, 7, 8, 10, 11 }), "a broadcast mask works");
    }

    [Test]
    public void ToArrayIsCountedAndInCOrder()
    {
        using var m = NDArray<int>.FromArray(Enumerable.Range(0, 6).ToArray(), 2, 3);
        using var t = m.T;
        var before = AllocationTracker.Snapshot();
        Assert.That(t.ToArray(), Is.EqualTo(new[] { 0, 3, 1, 4, 2, 5 }));
        var after = AllocationTracker.Snapshot();
        Assert.That(after.CopiesOf("ToArray") - before.CopiesOf("ToArray"), Is.EqualTo(1));
        Assert.That(after.TotalAllocations, Is.EqualTo(before.TotalAllocations), "a managed copy allocates no native memory");
        _ = t.ToString();
        _ = t.ArrayEquals(t);
        Assert.That(AllocationTracker.Snapshot().CopiesOf("ToArray"), Is.EqualTo(after.CopiesOf("ToArray")), "formatting and comparing are not counted copies");
    }

    [Test]
    public void CopyToBroadcasts()
    {
        using var row = NDArray<int>.FromArray([1, 2, 3]);
        using var d = NDArray<int>.Zeros(2, 3);
        row.CopyTo(d);
        Assert.That(d.ToArray(), Is.EqualTo(new[] { 1, 2, 3, 1, 2, 3 }));
        using var col = NDArray<int>.FromArray([7, 8], 2, 1);
        col.CopyTo(d);
        Assert.That(d.ToArray(), Is.EqualTo(new[] { 7, 7, 7, 8, 8, 8 }));
        using var s = NDArray<int>.Scalar(4);
        using var dt = d.T;
        s.CopyTo(dt);
        Assert.That(d.ToArray(), Is.All.EqualTo(4));
        using (var second = d[1]) row.CopyTo(second);
        Assert.That(d.ToArray(), Is.EqualTo(new[] { 4, 4, 4, 1, 2, 3 }));
        Assert.That(() => d.CopyTo(row), Throws.ArgumentException, "cannot broadcast (2, 3) into (3,)");
    }

    [Test]
    public void CopyToOverlappingBehavesAsIfTheSourceWereCopiedFirst()
    {
        using (var a = NDArray.Arange(10))
        {
            using var src = a[1..];
            using var dst = a[..^1];
            src.CopyTo(dst);
            Assert.That(a.ToArray(), Is.EqualTo(new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 9 }));
        }
        using (var a = NDArray.Arange(10))
        {
            using var src = a[..^1];
            using var dst = a[1..];
            src.CopyTo(dst);
            Assert.That(a.ToArray(), Is.EqualTo(new[] { 0, 0, 1, 2, 3, 4, 5, 6, 7, 8 }));
        }
        using (var a = NDArray.Arange(10))
        {
            using var r = a.Flip();
            a.CopyTo(r);
            Assert.That(a.ToArray(), Is.EqualTo(new[] { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 }));
        }
        using (var a = NDArray.Arange(9))
        {
            using var m = a.Reshape(3, 3);
            using var t = m.T;
            m.CopyTo(t);
            Assert.That(m.ToArray(), Is.EqualTo(new[] { 0, 3, 6, 1, 4, 7, 2, 5, 8 }));
        }
        using (var a = NDArray.Arange(10))
        {
            using var src = a[..5];
            using var dst = a[Slice(step: 2)];
            src.CopyTo(dst);
            Assert.That(a.ToArray(), Is.EqualTo(new[] { 0, 1, 1, 3, 2, 5, 3, 7, 4, 9 }));
        }
        using (var a = NDArray.Arange(10))
        {
            using var first = a[..1];
            first.CopyTo(a);
            Assert.That(a.ToArray(), Is.All.Zero);
        }
        using (var a = NDArray.Arange(10))
        {
            a.CopyTo(a);
            Assert.That(a.ToArray(), Is.EqualTo(Enumerable.Range(0, 10).ToArray()));
        }
    }

    /// <summary>
    /// Random destination views and random (read-only, possibly overlapping, possibly broadcast) sources in the same
    /// buffer: the result must equal "source copied first", computed on the reference model.
    /// </summary>
    [TestCaseSource(nameof(KernelSettings))]
    public void CopyToRandomOverlapsMatchSourceCopiedFirst(SimdWidth width, long parallel, long nonTemporal)
    {
        using var _ = Use(width, parallel, nonTemporal);
        var rng = new Random(4242 + (int)width);
        var gen = new OpGenerator(rng);
        int checkedCount = 0;
        for (int trial = 0; trial < 1500; trial++)
        {
            var shape = gen.RandomShape(3, 6, 0, minRank: 1);
            using var b = Base(shape);
            long n = b.Size;
            var (dst, dref, owned) = RandomView(rng, b, shape, allowBroadcast: false, allowAsStrided: false);
            try
            {
                if (dst.IsReadOnly || dref.Size == 0) continue;
                // Source: an as_strided read-only view with the destination's shape, or a trailing part of it (broadcast).
                int drop = rng.Next(0, dref.Rank + 1);
                var sShape = dref.Shape.Skip(drop).Select(d => rng.Next(4) == 0 ? 1L : d).ToArray();
                var sStrides = sShape.Select(_ => (long)rng.Next(-3, 4)).ToArray();
                var sOp = new AsStridedOp(sShape, sStrides, rng.NextInt64(0, n), Writable: false);
                var sOutcome = RefSemantics.AsStrided(dref, sOp, n);
                if (sOutcome.View is null) continue;
                var sref = sOutcome.View;
                using var src = b.AsStrided(sOp.NShape, sOp.NStrides, (nint)sOp.Offset!.Value, writable: false);
                var bsrc = RefSemantics.Broadcast(sref, dref.Shape).View!;
                var before = b.ToArray();
                var expected = (double[])before.Clone();
                for (long k = 0; k < dref.Size; k++) expected[dref.Index[k]] = before[bsrc.Index[k]];
                src.CopyTo(dst);
                var actual = b.ToArray();
                if (!actual.SequenceEqual(expected))
                    Assert.Fail($"trial {trial}: base {ViewOp.L(shape)}, dst shape {dref.ShapeText()} strides {Check.Text(dst.Strides)} offset {dst.Offset}, src {sOp}\nexpected [{string.Join(",", expected)}]\nactual   [{string.Join(",", actual)}]");
                checkedCount++;
            }
            finally
            {
                foreach (var o in owned) o.Dispose();
            }
        }
        Assert.That(checkedCount, Is.GreaterThan(500));
    }
}
