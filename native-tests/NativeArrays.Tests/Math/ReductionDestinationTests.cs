using NativeArrays.Memory;

namespace NativeArrays.Tests;

/// <summary>Reductions into a destination (NumPy's out=) agree bit for bit with the allocating form.</summary>
[NonParallelizable]
public class ReductionDestinationTests
{
    private static NDArray<double> Random(int seed, params nint[] shape) => new NDRandom(seed).Normal(0.0, 1.0, shape);

    [Test]
    public void AxisIntoDestinationEqualsAllocatingFormOnRandomLayouts()
    {
        var rng = new Random(5);
        for (int trial = 0; trial < 200; trial++)
        {
            nint[] shape = [rng.Next(1, 9), rng.Next(1, 9), rng.Next(1, 40)];
            using var owner = Random(trial, shape);
            using var x = rng.Next(3) switch { 0 => owner.View(), 1 => owner.Transpose(), _ => owner.Flip(2) };
            int axis = rng.Next(-3, 3);
            bool keep = rng.Next(2) == 0;
            using var expectedSum = x.Sum(axis, keep);
            using var expectedMax = x.Max(axis, keep);
            // A strided destination: every other element of a larger buffer.
            nint[] resultShape = expectedSum.Shape.ToArray();
            nint[] wide = resultShape.ToArray();
            if (wide.Length > 0) wide[^1] *= 2;
            using var backing = NDArray<double>.Full(double.NaN, wide);
            using var dest = wide.Length > 0 ? backing[SliceIndex.Ellipsis, SliceIndex.Slice(step: 2)] : backing.View();
            Assert.That(ReferenceEquals(x.Sum(axis, dest, keep), dest), Is.True);
            Assert.That(dest.ToArray(), Is.EqualTo(expectedSum.ToArray()), $"Sum trial {trial} shape ({string.Join(",", shape)}) axis {axis} keep {keep}");
            x.Max(axis, dest, keep);
            Assert.That(dest.ToArray(), Is.EqualTo(expectedMax.ToArray()), $"Max trial {trial}");
        }
    }

    [Test]
    public void SeveralAxesIntoDestination()
    {
        using var x = Random(1, 4, 5, 6);
        using var expected = x.Prod([0, 2], keepDims: true);
        using var dest = NDArray<double>.Zeros(1, 5, 1);
        x.Prod([0, 2], dest, keepDims: true);
        Assert.That(dest.ToArray(), Is.EqualTo(expected.ToArray()));
        using var mins = NDArray<double>.Zeros(5);
        using var expectedMin = x.Min([2, 0]);
        x.Min([2, 0], mins);
        Assert.That(mins.ToArray(), Is.EqualTo(expectedMin.ToArray()));
    }

    [Test]
    public void WrongShapeNamesBothShapes()
    {
        using var x = Random(2, 3, 4);
        using var dest = NDArray<double>.Zeros(3);
        var e = Assert.Throws<ArgumentException>(() => x.Sum(0, dest));
        Assert.That(e!.Message, Does.Contain("(3,)").And.Contain("(4,)"));
    }

    [Test]
    public void ReadOnlyDestinationIsRefused()
    {
        using var x = Random(3, 3, 4);
        using var row = NDArray<double>.Zeros(4);
        using var ro = row.AsReadOnly();
        Assert.Throws<InvalidOperationException>(() => x.Sum(0, ro));
    }

    [Test]
    public void DestinationInsideTheInputIsStagedAndCounted()
    {
        using var x = Random(4, 5, 7);
        using var copy = x.Copy();
        using var expected = copy.Sum(0);
        using var firstRow = x[0];
        long before = AllocationTracker.Snapshot().CopiesOf("Sum(overlap temporary)");
        x.Sum(0, firstRow);   // the result overwrites row 0, which the sum reads
        Assert.That(firstRow.ToArray(), Is.EqualTo(expected.ToArray()));
        Assert.That(AllocationTracker.Snapshot().CopiesOf("Sum(overlap temporary)"), Is.EqualTo(before + 1));
    }

    [Test]
    public void EmptyAxisMinIsAnError()
    {
        using var x = NDArray<double>.Zeros(0, 3);
        using var dest = NDArray<double>.Zeros(3);
        Assert.Throws<ArgumentException>(() => x.Min(0, dest));
        using var sums = NDArray<double>.Full(7, 3);
        x.Sum(0, sums);
        Assert.That(sums.ToArray(), Is.EqualTo(new double[] { 0, 0, 0 }));
    }

    [Test]
    public void DisposedOperandsThrow()
    {
        var x = Random(6, 3, 4);
        using var dest = NDArray<double>.Zeros(4);
        x.Dispose();
        Assert.Throws<ObjectDisposedException>(() => x.Sum(0, dest));
    }
}
