using NativeArrays.Memory;

namespace NativeArrays.Tests.Allocator;

/// <summary>
/// The tracker's buffer counters change together under one lock (not an interlocked operation each): allocations and
/// frees racing on two threads, of every small and medium size, leave every counter exact.
/// </summary>
[TestFixture, NonParallelizable]
public class TrackerCountersTests
{
    [TestCase(1)]
    [TestCase(2)]
    public void CountersStayExactUnderRacingAllocationsAndFrees(int threads)
    {
        const int perThread = 5000;
        var start = AllocationTracker.Snapshot();
        long[] bytes = new long[threads];
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var random = new Random(17 + t);
            var held = new List<NDArray<byte>>();
            for (int i = 0; i < perThread; i++)
            {
                int n = random.Next(3) switch { 0 => random.Next(0, 65), 1 => random.Next(65, 4097), _ => random.Next(4097, 20_000) };
                var a = NDArray<byte>.Empty(n);
                bytes[t] += n;
                held.Add(a);
                if (held.Count > 8 || random.Next(2) == 0)
                {
                    int k = random.Next(held.Count);
                    held[k].Dispose();
                    held.RemoveAt(k);
                }
            }
            foreach (var a in held) a.Dispose();
        })).ToList();
        foreach (var w in workers) w.Start();
        foreach (var w in workers) w.Join();
        var end = AllocationTracker.Snapshot();
        Assert.That(end.LiveBuffers, Is.EqualTo(start.LiveBuffers));
        Assert.That(end.LiveBytes, Is.EqualTo(start.LiveBytes));
        Assert.That(end.LiveFootprintBytes, Is.EqualTo(start.LiveFootprintBytes));
        Assert.That(end.TotalAllocations - start.TotalAllocations, Is.EqualTo((long)threads * perThread));
        Assert.That(end.TotalBytesAllocated - start.TotalBytesAllocated, Is.EqualTo(bytes.Sum()));
        Assert.That(end.PeakBytes, Is.GreaterThanOrEqualTo(end.LiveBytes));
        Assert.That(end.PeakFootprintBytes, Is.GreaterThanOrEqualTo(end.LiveFootprintBytes));
    }

    [Test]
    public void ResetPeakLowersThePeaksToTheLiveCounts()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers(); // no leak of an earlier test freed in between
        using (NDArray<byte>.Empty(1 << 16)) { }
        AllocationTracker.ResetPeak();
        var s = AllocationTracker.Snapshot();
        Assert.That(s.PeakBytes, Is.EqualTo(s.LiveBytes));
        Assert.That(s.PeakFootprintBytes, Is.EqualTo(s.LiveFootprintBytes));
        using var a = NDArray<byte>.Empty(1000);
        var t = AllocationTracker.Snapshot();
        Assert.That(t.PeakBytes, Is.EqualTo(s.LiveBytes + 1000));
        Assert.That(t.PeakFootprintBytes, Is.EqualTo(s.LiveFootprintBytes + (long)a.Buffer.FootprintBytes));
    }

    [Test]
    public void CopyCountsStayExactAcrossThreadsNamesAndStringInstances()
    {
        const int perThread = 20_000;
        string a = "CountTest.A", b = "CountTest." + new string('B', 1); // b: a string built at run time, not interned
        var before = AllocationTracker.Snapshot();
        var workers = Enumerable.Range(0, 2).Select(t => new Thread(() =>
        {
            for (int i = 0; i < perThread; i++)
            {
                AllocationTracker.CountCopy(a);
                // Alternate names (each call misses the thread's last-name shortcut) and equal names in new instances.
                AllocationTracker.CountCopy(i % 2 == 0 ? b : string.Concat("CountTest.", "B"));
                if (i % 3 == 0) AllocationTracker.CountCopy(a);
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        var after = AllocationTracker.Snapshot();
        Assert.That(after.CopiesOf("CountTest.A") - before.CopiesOf("CountTest.A"), Is.EqualTo(2 * (perThread + (perThread + 2) / 3)));
        Assert.That(after.CopiesOf("CountTest.B") - before.CopiesOf("CountTest.B"), Is.EqualTo(2 * perThread));
        using var x = NDArray<float>.Zeros(3);
        x.AsType<double>().Dispose();
        Assert.That(AllocationTracker.Snapshot().CopiesOf("AsType") - after.CopiesOf("AsType"), Is.EqualTo(1));
    }
}
