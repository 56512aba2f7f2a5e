using NativeArrays.Tests.Support.Reference;

namespace NativeArrays.Tests;

/// <summary>MayShareMemory (extent test) and SharesMemory (exact, bounded) against brute force on random view pairs.</summary>
[TestFixture, NonParallelizable]
public class OverlapTests
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

    private static (NDArray<double>, RefView, string) RandomView(Random rng, NDArray<double> b, long[] shape, List<NDArray<double>> owned)
    {
        var gen = new OpGenerator(rng) { InvalidPercent = 0, MaxSize = 300, AllowWritableAsStrided = false };
        var refv = RefView.Base(shape);
        var current = b;
        var ops = new List<string>();
        int steps = rng.Next(1, 5);
        for (int s = 0; s < steps; s++)
        {
            var op = gen.Next(refv, b.Size);
            var outcome = RefSemantics.Apply(refv, op, b.Size);
            if (outcome.View is null) continue;
            current = Apply(current, op);
            owned.Add(current);
            refv = outcome.View;
            ops.Add(op.ToString());
        }
        return (current, refv, string.Join(" -> ", ops));
    }

    private static (bool Shares, bool ExtentsMeet) BruteForce(RefView x, RefView y)
    {
        if (x.Size == 0 || y.Size == 0) return (false, false);
        bool shares = x.Index.Intersect(y.Index).Any();
        bool meet = x.Index.Min() <= y.Index.Max() && y.Index.Min() <= x.Index.Max();
        return (shares, meet);
    }

    [Test]
    public void RandomPairsAgainstBruteForce([Values(1, 2, 3, 4)] int seed)
    {
        var rng = new Random(seed * 31337);
        var gen = new OpGenerator(rng);
        int yes = 0, no = 0, tooHardSmall = 0, exactSmall = 0;
        for (int pair = 0; pair < 600; pair++)
        {
            var shape = gen.RandomShape(3, 6, 1, minRank: 1);
            using var b = NDArray<double>.Zeros(ViewOp.N(shape));
            var owned = new List<NDArray<double>>();
            try
            {
                var (x, xr, xops) = RandomView(rng, b, shape, owned);
                var (y, yr, yops) = RandomView(rng, b, shape, owned);
                var (shares, meet) = BruteForce(xr, yr);
                string ctx = $"seed {seed} pair {pair}: base {ViewOp.L(shape)}\nx: {xops} (shape {Check.Text(x.Shape)}, strides {Check.Text(x.Strides)}, offset {x.Offset})\ny: {yops} (shape {Check.Text(y.Shape)}, strides {Check.Text(y.Strides)}, offset {y.Offset})";
                Assert.That(x.MayShareMemory(y), Is.EqualTo(meet), "MayShareMemory vs brute-force extents\n" + ctx);
                Assert.That(y.MayShareMemory(x), Is.EqualTo(meet), "MayShareMemory is symmetric\n" + ctx);
                var expected = shares ? MemoryShare.Yes : MemoryShare.No;
                Assert.That(x.SharesMemory(y), Is.EqualTo(expected), "SharesMemory vs brute force\n" + ctx);
                Assert.That(y.SharesMemory(x), Is.EqualTo(expected), "SharesMemory is symmetric\n" + ctx);
                if (shares) { yes++; Assert.That(meet, Is.True); } else no++;
                foreach (long work in new long[] { 0, 1, 3, 10 })
                {
                    var answer = x.SharesMemory(y, work);
                    if (answer == MemoryShare.TooHard) tooHardSmall++;
                    else
                    {
                        exactSmall++;
                        Assert.That(answer, Is.EqualTo(expected), $"maxWork {work} may give up but never answer wrong\n" + ctx);
                    }
                }
            }
            finally
            {
                foreach (var o in owned) o.Dispose();
            }
        }
        TestContext.Out.WriteLine($"yes {yes}, no {no}; with small work bounds: {tooHardSmall} TooHard, {exactSmall} exact");
        Assert.That(yes, Is.GreaterThan(100));
        Assert.That(no, Is.GreaterThan(50));
        Assert.That(tooHardSmall, Is.GreaterThan(0), "the work bound must be reachable");
    }

    [Test]
    public void KnownPairs()
    {
        using var a = NDArray<double>.Zeros(12);
        using var even = a[SliceIndex.Slice(step: 2)];
        using var odd = a[SliceIndex.Slice(1, null, 2)];
        Assert.That(even.MayShareMemory(odd), Is.True, "extents overlap");
        Assert.That(even.SharesMemory(odd), Is.EqualTo(MemoryShare.No), "interleaved: no common element");
        using var rev = a.Flip();
        Assert.That(a.SharesMemory(rev), Is.EqualTo(MemoryShare.Yes));
        using var m = a.Reshape(3, 4);
        using var t = m.T;
        Assert.That(m.SharesMemory(t), Is.EqualTo(MemoryShare.Yes));
        using var row0 = m[0];
        using var row2 = m[2];
        Assert.That(row0.MayShareMemory(row2), Is.False);
        Assert.That(row0.SharesMemory(row2), Is.EqualTo(MemoryShare.No));
        using var bc = row0.BroadcastTo(5, 4);
        Assert.That(bc.SharesMemory(row0), Is.EqualTo(MemoryShare.Yes));
        Assert.That(bc.SharesMemory(row2), Is.EqualTo(MemoryShare.No));
        using var col1 = m[.., 1];
        using var col2 = m[.., 2];
        Assert.That(col1.MayShareMemory(col2), Is.True);
        Assert.That(col1.SharesMemory(col2), Is.EqualTo(MemoryShare.No));
        using var other = NDArray<double>.Zeros(12);
        Assert.That(a.MayShareMemory(other), Is.False, "different buffers");
        Assert.That(a.SharesMemory(other), Is.EqualTo(MemoryShare.No));
        using var e = a[3..3];
        Assert.That(e.SharesMemory(a), Is.EqualTo(MemoryShare.No));
        Assert.That(e.MayShareMemory(a), Is.False);
    }

    /// <summary>Views where no cheap proof applies (stride 2 vs stride 3): a tiny bound gives up, a large one answers exactly.</summary>
    [Test]
    public void WorkBound()
    {
        using var a = NDArray<double>.Zeros(100);
        using var x = a[SliceIndex.Slice(0, null, 2)];  // 0, 2, 4, ...
        using var y = a[SliceIndex.Slice(1, null, 3)];  // 1, 4, 7, ...: 4 is common
        Assert.That(x.SharesMemory(y, maxWork: 5), Is.EqualTo(MemoryShare.TooHard));
        Assert.That(x.SharesMemory(y), Is.EqualTo(MemoryShare.Yes));
        using var z = a[SliceIndex.Slice(1, 4, 3)];     // 1 only... and 4? no: 1:4:3 is [1]
        Assert.That(x.SharesMemory(z), Is.EqualTo(MemoryShare.No));
        Assert.That(x.SharesMemory(y, maxWork: 1_000_000), Is.EqualTo(MemoryShare.Yes));
    }

    /// <summary>A larger work bound must never make the answer worse than a smaller one.</summary>
    [TestCase(long.MaxValue)]
    [TestCase(long.MaxValue / 4)]
    [TestCase(1L << 40)]
    public void HugeWorkBoundStillAnswersExactly(long maxWork)
    {
        using var a = NDArray<double>.Zeros(100);
        using var x = a[SliceIndex.Slice(0, null, 2)];
        using var y = a[SliceIndex.Slice(1, null, 3)];
        Assert.That(x.SharesMemory(y, maxWork), Is.EqualTo(MemoryShare.Yes));
    }

    /// <summary>A slice step of nint.MinValue is a legal (one-element) slice; overlap tests must not overflow on its stride.</summary>
    [Test]
    public void MinValueStepDoesNotBreakOverlapTests()
    {
        using var a = NDArray<double>.FromArray([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        using var v = a[SliceIndex.Slice(step: nint.MinValue)];
        Assert.That(v.ToArray(), Is.EqualTo(new[] { 9.0 }));
        Assert.That(v.MayShareMemory(a), Is.True);
        Assert.That(v.SharesMemory(a), Is.EqualTo(MemoryShare.Yes));
        using var head = a[..3];
        Assert.That(v.SharesMemory(head), Is.EqualTo(MemoryShare.No));
        using var d = NDArray<double>.Zeros(1);
        v.CopyTo(d);
        Assert.That(d.Item(), Is.EqualTo(9.0));
    }
}
