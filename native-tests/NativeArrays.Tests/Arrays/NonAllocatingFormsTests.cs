using NativeArrays.Memory;

namespace NativeArrays.Tests.Arrays;

/// <summary>
/// Element access and writes through a slice without a temporary array object: nothing on the managed heap, no
/// array object created (an open scope would own it), no native buffer.
/// </summary>
[TestFixture, NonParallelizable]
public class NonAllocatingFormsTests
{
    private delegate void Action2D(NDArray<float> m, NDArray<float> row);

    private static (long ManagedBytes, int ArraysCreated, long Buffers) Measure(Action2D action)
    {
        using var flat = NDArray.Arange(20f);
        using var shaped = flat.Reshape(4, 5);
        using var m = shaped.Copy();
        using var row = NDArray<float>.Full(9f, 5);
        action(m, row);                                         // JIT and first-call work before measuring
        long buffers = AllocationTracker.Snapshot().TotalAllocations;
        using var scope = NDScope.Begin();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) action(m, row);
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        return (bytes, scope.Count, AllocationTracker.Snapshot().TotalAllocations - buffers);
    }

    private static void AssertNothingAllocated(Action2D action)
    {
        var (bytes, arrays, buffers) = Measure(action);
        Assert.Multiple(() =>
        {
            Assert.That(bytes, Is.Zero, "managed bytes allocated");
            Assert.That(arrays, Is.Zero, "array objects created");
            Assert.That(buffers, Is.Zero, "native buffers allocated");
        });
    }

    [Test]
    public void GetAndSetAnElementThroughAnIndex() => AssertNothingAllocated(static (m, _) =>
    {
        float v = m.Get(2, 3);
        m.Set([2, 3], v + 1f);
        m.Set([-1, -1], m.Get(-1, -1));
    });

    [Test]
    public void FillThroughASlice() => AssertNothingAllocated(static (m, _) => m.Fill(1f, 1..3, SliceIndex.Slice(step: 2)));

    [Test]
    public void CopyIntoASlice() => AssertNothingAllocated(static (m, row) => row.CopyTo(m, 1..3));   // m[1:3] = row (broadcast)

    [Test]
    public void FillThroughAnNDSpanSlice() => AssertNothingAllocated(static (m, _) => m.AsNDSpan()[1.., 2..4].Fill(-1f));

    /// <summary>Whole-array reductions of a 20-element array (a whole vector and a tail): ArgMin / ArgMax allocated a 40-byte closure a call until session 40.</summary>
    [Test]
    public void WholeArrayReductionsAndArgSearches() => AssertNothingAllocated(static (m, _) =>
    {
        long at = m.ArgMax() + m.ArgMin();
        float s = m.Sum() + m.Max() + m.Min();
        if (at < 0 || float.IsNaN(s)) throw new InvalidOperationException("unreachable");
    });

    [Test]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "NA0002", Justification = "Creates a temporary view on purpose: the test checks that the measure sees the view object of the indexer form (the measured calls run inside Measure's NDScope, which disposes them).")]
    public void TheIndexerFormDoesCreateAnArrayObjectSoTheMeasureCanFail()
    {
        var (bytes, arrays, _) = Measure(static (m, _) => m[1..3].Fill(1f));   // a view object per call, never disposed
        Assert.That(bytes, Is.GreaterThan(0));
        Assert.That(arrays, Is.EqualTo(100));
    }

    [Test]
    public void SliceWritesWriteTheRightElements()
    {
        using var m = NDArray<float>.Zeros(3, 4);
        m.Fill(1f, 1, SliceIndex.Slice(step: 2));                // m[1, ::2] = 1
        using var col = NDArray<float>.FromArray([5f, 6f, 7f], 3, 1);
        col.CopyTo(m, .., 3..);                                  // m[:, 3:] = col
        m.Set([0, 0], 8f);
        Assert.That(m.ToArray(), Is.EqualTo(new[] { 8f, 0, 0, 5, 1, 0, 1, 6, 0, 0, 0, 7 }));
        Assert.That(m.Get(1, -2), Is.EqualTo(1f));
    }

    [Test]
    public void SliceWritesValidateTheirInput()
    {
        using var m = NDArray<float>.Zeros(3, 4);
        using var wrong = NDArray<float>.Zeros(5);
        var broadcast = Assert.Throws<ArgumentException>(() => wrong.CopyTo(m, 1..));
        Assert.That(broadcast!.Message, Does.Contain("(5,)").Or.Contain("5"));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Fill(1f, 3));
        Assert.Throws<ArgumentException>(() => m.Fill(1f, 0, 0, 0));
        Assert.Throws<ArgumentNullException>(() => wrong.CopyTo(null!, 1..));
        using var ro = m.BroadcastTo(2, 3, 4);
        Assert.Throws<InvalidOperationException>(() => ro.Fill(1f, 0));
        using var wrong4 = wrong[..4];
        Assert.Throws<InvalidOperationException>(() => wrong4.CopyTo(ro, 0, 0));
        var gone = NDArray<float>.Zeros(2);
        gone.Dispose();
        Assert.Throws<ObjectDisposedException>(() => gone.Fill(1f, 0));
        Assert.Throws<ObjectDisposedException>(() => gone.CopyTo(m, 0, ..2));
        Assert.That(m.ToArray(), Is.All.Zero, "a refused write writes nothing");
    }

    [Test]
    public void CopyIntoAnOverlappingSliceIsAsIfTheSourceWereCopiedFirst()
    {
        using var a = NDArray.Arange(6f);
        using var head = a[..5];
        head.CopyTo(a, 1..);                                     // a[1:] = a[:5]
        Assert.That(a.ToArray(), Is.EqualTo(new[] { 0f, 0, 1, 2, 3, 4 }));
    }
}
