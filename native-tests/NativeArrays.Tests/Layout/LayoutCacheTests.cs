using NativeArrays.Layout;

namespace NativeArrays.Tests.Layout;

/// <summary>
/// <see cref="NDLayout.Create"/>'s per-thread cache: equal shape and strides share one instance, a hit is never a
/// different layout (colliding slots are compared entry by entry), and the validation a miss does still refuses bad
/// shapes after valid ones with the same slot were cached (a hit skips it only because it equals a validated layout).
/// </summary>
public class LayoutCacheTests
{
    [Test]
    public void EqualShapeAndStridesShareOneInstance()
    {
        var a = NDLayout.Create([3, 4], [4, 1]);
        var b = NDLayout.Create([3, 4], [4, 1]);
        Assert.That(b, Is.SameAs(a));
        Assert.That(NDLayout.Create([], []), Is.SameAs(NDLayout.Scalar));
    }

    [Test]
    public void EveryLayoutIsTheOneAskedForAcrossManyCollidingSlots()
    {
        // 64 slots, ~2000 distinct layouts of ranks 1-4 (strides of either sign, 0, shapes with 0): far more than the
        // slots, so slots collide and are replaced; each result must still be exactly what was asked for.
        var rng = new Random(10);
        for (int n = 0; n < 2000; n++)
        {
            int rank = rng.Next(1, 5);
            var shape = new nint[rank];
            var strides = new nint[rank];
            for (int i = 0; i < rank; i++) { shape[i] = rng.Next(0, 6); strides[i] = rng.Next(-30, 31); }
            var layout = NDLayout.Create(shape, strides);
            Assert.That(layout.Shape.ToArray(), Is.EqualTo(shape));
            Assert.That(layout.Strides.ToArray(), Is.EqualTo(strides));
            nint size = 1;
            foreach (nint d in shape) size *= d;
            Assert.That(layout.Size, Is.EqualTo(size));
            Assert.That(layout.IsCContiguous, Is.EqualTo((NDLayout.ComputeFlags(shape, strides) & NDLayout.CContiguousFlag) != 0));
            Assert.That(NDLayout.Create(shape, strides), Is.SameAs(layout), "an immediate second request hits");
        }
    }

    [Test]
    public void InvalidShapesAreRefusedAfterValidOnesWereCached()
    {
        NDLayout.Create([2, 3], [3, 1]);
        NDLayout.Create([nint.MaxValue / 2, 1], [1, 1]);
        Assert.That(() => NDLayout.Create([2, -3], [3, 1]), Throws.ArgumentException.With.Message.Contains("negative"));
        Assert.That(() => NDLayout.Create([nint.MaxValue / 2, 3], [1, 1]), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => NDLayout.Create([2, 3], [3]), Throws.ArgumentException.With.Message.Contains("differ in rank"));
        nint[] ones = Enumerable.Repeat((nint)1, NDLayout.MaxRank + 1).ToArray();
        Assert.That(() => NDLayout.Create(ones, ones), Throws.ArgumentException.With.Message.Contains($"{NDLayout.MaxRank + 1}"));
    }

    [Test]
    public void OneDimensionalContiguousLayoutsAreExactAndRefuseNegativeLengths()
    {
        // CreateContiguous's 1-d shortcut (the thread's last vector layout) must give exactly what a fresh layout gives.
        foreach (nint n in new nint[] { 5, 5, 0, 7, 5, 1, 1, 1_000_000, 0 })
        {
            foreach (bool fortran in new[] { false, true })
            {
                var layout = NDLayout.CreateContiguous([n], fortran);
                Assert.That(layout.Shape.ToArray(), Is.EqualTo(new[] { n }));
                Assert.That(layout.Strides.ToArray(), Is.EqualTo(new nint[] { 1 }));
                Assert.That(layout.Size, Is.EqualTo(n));
                Assert.That(layout.IsCContiguous && layout.IsFContiguous, Is.True);
                Assert.That(NDLayout.CreateContiguous([n]), Is.SameAs(layout), "a repeat hits");
            }
        }
        Assert.That(() => NDLayout.CreateContiguous([-1]), Throws.ArgumentException.With.Message.Contains("negative"));
        Assert.That(() => NDLayout.CreateContiguous([-5]), Throws.ArgumentException.With.Message.Contains("negative"));
        Assert.That(NDLayout.CreateContiguous([3, 2]).Strides.ToArray(), Is.EqualTo(new nint[] { 2, 1 }));
    }
}
