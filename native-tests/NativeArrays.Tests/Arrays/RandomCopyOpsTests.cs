using NativeArrays.Memory;
using NativeArrays.Tests.Support.Reference;

namespace NativeArrays.Tests.Arrays;

/// <summary>Take, Take(mask), Fill, AsType and ArrayEquals on random views, against the reference index model.</summary>
[TestFixture, NonParallelizable]
public class RandomCopyOpsTests
{
    private static NDArray<double> Apply(NDArray<double> a, ViewOp op) => op switch
    {
        IndexOp o => a[o.SliceItems],
        PermuteOp o => o.Style == 0 ? a.Permute(o.Axes) : o.Style == 3 ? a.SwapAxes(o.A, o.B) : a.T,
        ReshapeOp o => a.Reshape(o.NShape),
        SqueezeOp o => a.Squeeze(o.Axis),
        ExpandDimsOp o => a.ExpandDims(o.Axis),
        FlipOp o => a.Flip(o.Axis),
        DiagonalOp o => a.Diagonal((nint)o.K, o.A1, o.A2),
        BroadcastOp o => a.BroadcastTo(o.NShape),
        AsStridedOp o => a.AsStrided(o.NShape, o.NStrides, (nint?)o.Offset, o.Writable),
        _ => throw new InvalidOperationException(),
    };

    private sealed class Case : IDisposable
    {
        public required NDArray<double> Base;
        public required NDArray<double> View;
        public required RefView Ref;
        public required long[] Shape;
        public required string Ops;
        public List<NDArray<double>> Owned { get; } = [];
        public void Dispose()
        {
            foreach (var o in Owned) o.Dispose();
            Base.Dispose();
        }
        public override string ToString() => $"base {ViewOp.L(Shape)}, ops {Ops}, view {Ref.ShapeText()}";
    }

    private static Case Make(Random rng, bool allowBroadcast = true)
    {
        var gen = new OpGenerator(rng) { InvalidPercent = 0, MaxSize = 500, AllowBroadcast = allowBroadcast, AllowWritableAsStrided = false };
        var shape = gen.RandomShape(4, 6, 1, minRank: 1);
        long n = RefView.Product(shape);
        var data = new double[n];
        for (int i = 0; i < n; i++) data[i] = i;
        var b = NDArray<double>.FromArray(data, ViewOp.N(shape));
        var c = new Case { Base = b, View = b, Ref = RefView.Base(shape), Shape = shape, Ops = "" };
        var ops = new List<string>();
        int steps = rng.Next(0, 5);
        for (int s = 0; s < steps; s++)
        {
            var op = gen.Next(c.Ref, n);
            var outcome = RefSemantics.Apply(c.Ref, op, n);
            if (outcome.View is null) continue;
            c.View = Apply(c.View, op);
            c.Owned.Add(c.View);
            c.Ref = outcome.View;
            ops.Add(op.ToString());
        }
        c.Ops = string.Join(" -> ", ops);
        return c;
    }

    [Test]
    public void TakeAlongAnAxis()
    {
        var rng = new Random(501);
        int checkedCount = 0;
        for (int trial = 0; trial < 1500; trial++)
        {
            using var c = Make(rng);
            if (c.Ref.Rank == 0) continue;
            int axis = rng.Next(c.Ref.Rank);
            long n = c.Ref.Shape[axis];
            if (n == 0) continue;
            var idx = Enumerable.Range(0, rng.Next(0, 6)).Select(_ => rng.NextInt64(-n, n)).ToArray();
            int axisArg = rng.Next(2) == 0 ? axis : axis - c.Ref.Rank;
            var before = AllocationTracker.Snapshot();
            using var t = c.View.Take(Array.ConvertAll(idx, x => (nint)x), axisArg);
            Assert.That(AllocationTracker.Snapshot().CopiesOf("Take") - before.CopiesOf("Take"), Is.EqualTo(1));
            var outShape = (long[])c.Ref.Shape.Clone();
            outShape[axis] = idx.Length;
            var inM = new long[c.Ref.Rank];
            var expected = RefView.Build(outShape, false, m =>
            {
                m.CopyTo(inM, 0);
                long p = idx[m[axis]];
                inM[axis] = p < 0 ? p + n : p;
                return c.Ref.At(inM);
            });
            Assert.That(Check.SameShape(t.Shape, outShape), $"trial {trial}: {c}, Take(axis {axisArg}) shape {Check.Text(t.Shape)}");
            Assert.That(t.ToArray(), Is.EqualTo(expected.Index.Select(x => (double)x).ToArray()), $"trial {trial}: {c}, Take([{string.Join(",", idx)}], {axisArg})");
            Assert.That(t.Buffer, Is.Not.SameAs(c.Base.Buffer));
            checkedCount++;
        }
        Assert.That(checkedCount, Is.GreaterThan(700));
    }

    [Test]
    public void TakeFlatAndByMask()
    {
        var rng = new Random(502);
        for (int trial = 0; trial < 1500; trial++)
        {
            using var c = Make(rng);
            long size = c.Ref.Size;
            string ctx = $"trial {trial}: {c}";
            if (size > 0)
            {
                var idx = Enumerable.Range(0, rng.Next(0, 6)).Select(_ => rng.NextInt64(-size, size)).ToArray();
                using var t = c.View.Take(Array.ConvertAll(idx, x => (nint)x));
                Assert.That(t.ToArray(), Is.EqualTo(idx.Select(i => (double)c.Ref.Index[i < 0 ? i + size : i]).ToArray()), ctx);
            }
            var maskData = Enumerable.Range(0, (int)size).Select(_ => rng.Next(3) == 0).ToArray();
            using var mask = c.Ref.Rank == 0 ? NDArray<bool>.Scalar(maskData[0]) : NDArray<bool>.FromArray(maskData, ViewOp.N(c.Ref.Shape));
            using var sel = c.View.Take(mask);
            Assert.That(sel.ToArray(), Is.EqualTo(c.Ref.Index.Where((_, k) => maskData[k]).Select(x => (double)x).ToArray()), ctx);
        }
    }

    [Test]
    public void FillWritesExactlyTheViewsElements()
    {
        var rng = new Random(503);
        for (int trial = 0; trial < 1500; trial++)
        {
            using var c = Make(rng, allowBroadcast: false);
            if (c.View.IsReadOnly) continue;
            var expected = c.Base.ToArray();
            foreach (long i in c.Ref.Index) expected[i] = -1;
            if (rng.Next(2) == 0) c.View.Fill(-1);
            else c.View.AsNDSpan().Fill(-1);
            Assert.That(c.Base.ToArray(), Is.EqualTo(expected), $"trial {trial}: {c}");
        }
    }

    [Test]
    public void AsTypeAndEqualityOfRandomViews()
    {
        var rng = new Random(504);
        for (int trial = 0; trial < 1000; trial++)
        {
            using var c = Make(rng);
            string ctx = $"trial {trial}: {c}";
            using var i = c.View.AsType<int>();
            Assert.That(Check.SameShape(i.Shape, c.Ref.Shape), ctx);
            Assert.That(i.ToArray(), Is.EqualTo(c.Ref.Index.Select(x => (int)x).ToArray()), ctx);
            using var copy = c.View.Copy(rng.Next(2) == 0 ? Order.C : Order.F);
            Assert.That(copy.ArrayEquals(c.View) && c.View.ArrayEquals(copy), Is.True, ctx);
            Assert.That(copy.AllClose(c.View), Is.True, ctx);
            if (copy.Size > 0)
            {
                copy.Set(new nint[copy.Rank], -5);
                Assert.That(copy.ArrayEquals(c.View), Is.False, ctx);
            }
        }
    }
}
