using System.Runtime.CompilerServices;
using NativeArrays.Memory;

namespace NativeArrays.Tests.Allocator;

/// <summary>
/// The GC-pressure count is batched per thread (no interlocked add per small buffer): small buffers move the shared
/// count only in batches, a large one at once, and a thread's pending change never exceeds the batch either way. No
/// pending change is lost: a thread that ends hands its change over, and the finalizer thread does not batch.
/// </summary>
[TestFixture, NonParallelizable]
public class GcPressureTests : BufferCacheOffFixture
{
    [Test]
    public void SmallBuffersMoveTheSharedCountOnlyInBatches()
    {
        long before = GcPressure.Live;
        for (int i = 0; i < 10_000; i++)
        {
            using var a = NDArray<float>.Empty(1000); // a 4 KB block each
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

    /// <summary>Full collections until no finalizer is pending (ended threads' changes and leaks are then in).</summary>
    private static void Settle()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    [Test]
    public void AThreadThatEndsHandsItsPendingChangeOver()
    {
        Settle();
        long before = GcPressure.Live + GcPressure.PendingOnThisThread;
        List<NDArray<float>> arrays = [];
        long pendingThere = 0;
        var t = new Thread(() =>
        {
            for (int i = 0; i < 10; i++) arrays.Add(NDArray<float>.Empty(1000)); // 40 KB: below the batch, so left pending
            pendingThere = GcPressure.PendingOnThisThread;
        });
        t.Start();
        t.Join();
        long footprint = arrays.Sum(a => (long)a.Buffer.FootprintBytes);
        Assert.That(pendingThere, Is.EqualTo(footprint), "the thread kept its change to itself");
        Settle();
        try
        {
            Assert.That(GcPressure.Live + GcPressure.PendingOnThisThread - before, Is.EqualTo(footprint),
                "the ended thread's change reached the shared count");
        }
        finally
        {
            foreach (var a in arrays) a.Dispose();
        }
    }

    [Test]
    public void ALeakFreedByTheFinalizerIsCountedAtOnce()
    {
        bool toStdErr = AllocationTracker.WriteLeaksToStandardError;
        AllocationTracker.WriteLeaksToStandardError = false;
        try
        {
            Settle();
            long before = GcPressure.Live + GcPressure.PendingOnThisThread;
            long footprint = AllocateAndDrop(10); // on this thread: pending here or in the shared count
            Assert.That(GcPressure.Live + GcPressure.PendingOnThisThread - before, Is.EqualTo(footprint));
            Settle();
            Assert.That(GcPressure.Live + GcPressure.PendingOnThisThread, Is.EqualTo(before),
                "the finalizer's frees are in the shared count, not pending on the finalizer thread");
        }
        finally
        {
            AllocationTracker.WriteLeaksToStandardError = toStdErr;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "NA0002", Justification = "Leaks on purpose: the test checks the finalizer's free.")]
    private static long AllocateAndDrop(int count)
    {
        long footprint = 0;
        for (int i = 0; i < count; i++) footprint += NDArray<float>.Empty(1000).Buffer.FootprintBytes; // never disposed: a leak
        return footprint;
    }
}
