using NativeArrays.Memory;

namespace NativeArrays.Tests.Allocator;

/// <summary>
/// The GC-pressure count is batched per thread (no interlocked add per small buffer): small buffers move the shared
/// count only in batches, a large one at once, and a thread's pending change never exceeds the batch either way.
/// </summary>
[TestFixture, NonParallelizable]
public class GcPressureTests
{
    [Test]
    public void SmallBuffersMoveTheSharedCountOnlyInBatches()
    {
        long before = GcPressure.Live;
        for (int i = 0; i < 10_000; i++)
        {
            using var a = NDArray<float>.Empty(1000); // a 4 KB malloc block each
        }
        Assert.That(Math.Abs(GcPressure.Live - before), Is.LessThan(GcPressure.ThreadBatchBytes),
            "allocating and freeing small buffers on one thread leaves the shared count within one batch of where it was");
    }

    [Test]
    public void ALargeBufferIsCountedAtOnceAndItsFreeToo()
    {
        const int n = 1 << 20; // 4 MiB of float32: above the batch
        long before = GcPressure.Live;
        using (var a = NDArray<float>.Empty(n))
        {
            long during = GcPressure.Live;
            Assert.That(during - before, Is.GreaterThanOrEqualTo((long)a.Buffer.FootprintBytes - GcPressure.ThreadBatchBytes));
        }
        Assert.That(Math.Abs(GcPressure.Live - before), Is.LessThan(GcPressure.ThreadBatchBytes));
    }

    [Test]
    public void BuffersFreedOnAnotherThreadAreCountedThere()
    {
        long before = GcPressure.Live;
        var arrays = Enumerable.Range(0, 2000).Select(_ => NDArray<float>.Empty(1000)).ToList(); // 8 MB in all
        long allocated = GcPressure.Live - before;
        Assert.That(allocated, Is.GreaterThan(8_000_000L - GcPressure.ThreadBatchBytes), "this thread's batches reached the shared count");
        var t = new Thread(() => { foreach (var a in arrays) a.Dispose(); });
        t.Start();
        t.Join();
        Assert.That(Math.Abs(GcPressure.Live - before), Is.LessThan(2 * GcPressure.ThreadBatchBytes),
            "within a batch per thread (this one and the one that freed)");
    }
}
