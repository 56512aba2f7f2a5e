using NativeArrays.Inspection;
using NativeArrays.Memory;

namespace NativeArrays.Tests.Allocator;

/// <summary>
/// What the OS says the allocator costs: resident bytes (RssAnon, /proc/self/smaps) for many small arrays and for lazy
/// zeros, and how often large buffers make the GC run a full collection.
/// </summary>
[TestFixture, NonParallelizable]
public class ResidentMemoryTests
{
    [SetUp]
    public void LinuxOnly()
    {
        if (!OperatingSystem.IsLinux() || !LibC.Available) Assert.Ignore("resident memory is read from /proc (Linux)");
    }

    [Test]
    public void LazyZerosRaiseResidentMemoryOnlyAsPagesAreWritten()
    {
        const long bytes = 256L << 20;
        GC.Collect();
        var maps0 = ProcessMemory.Mappings();
        long rss0 = ProcessMemory.RssAnon();
        using var z = NDArray<float>.Zeros((nint)(bytes / 4));
        long rss1 = ProcessMemory.RssAnon();
        var maps1 = ProcessMemory.Mappings();
        ulong[] at = [(ulong)z.Buffer.Address];
        Assert.That(rss1 - rss0, Is.LessThan(8L << 20), "256 MiB of Zeros costs (almost) nothing until written (RssAnon)");
        Assert.That(ProcessMemory.ResidentGrowthOfMappingsHolding(maps0, maps1, at), Is.LessThan(1L << 20), "its mapping is not resident");
        Assert.That(AllocationTracker.Snapshot().LiveFootprintBytes, Is.GreaterThanOrEqualTo(bytes), "still counted in footprint bytes");
        using (var head = z[..(4 << 20)]) head.Fill(1f); // 16 MiB written
        // The mapping's own resident bytes (RssAnon as a whole moves with the GC and other tests' memory meanwhile).
        long written = ProcessMemory.ResidentGrowthOfMappingsHolding(maps1, ProcessMemory.Mappings(), at);
        Assert.That(written, Is.InRange(16L << 20, 18L << 20), "writing 16 MiB makes 16 MiB resident");
        Assert.That(z.Get(0), Is.EqualTo(1f));
        Assert.That(z.Get((nint)(bytes / 4) - 1), Is.Zero);
    }

    /// <summary>Native bytes per array, as the OS sees them: the resident growth of the mappings holding the buffers.</summary>
    private static double NativeBytesPerSmallArray(int count, int alignment)
    {
        using var _ = NativeArraysSettings.Override(NativeArraysSettings.Current with { Alignment = alignment });
        AllocationTracker.ReleaseCachedMemory();
        var arrays = new NDArray<float>[count];
        var before = ProcessMemory.Mappings();
        for (int i = 0; i < count; i++)
        {
            arrays[i] = NDArray<float>.Zeros(1);
            arrays[i].Set([0], i);
        }
        var after = ProcessMemory.Mappings();
        long grown = ProcessMemory.ResidentGrowthOfMappingsHolding(before, after, arrays.Select(a => (ulong)a.Buffer.Address));
        for (int i = 0; i < count; i += 997) Assert.That(arrays[i].Get(0), Is.EqualTo((float)i));
        foreach (var a in arrays) a.Dispose();
        return grown / (double)count;
    }

    [Test]
    public void OneElementArraysCostTheirSlotAtAlignment16()
    {
        // Goal: at most 32 B of native memory per one-element float32 array; at alignment 16 a slot is 16 B.
        double perArray = NativeBytesPerSmallArray(200_000, 16);
        TestContext.Out.WriteLine($"alignment 16: {perArray:0.0} native bytes per one-element array (OS)");
        Assert.That(perArray, Is.LessThanOrEqualTo(20), "a 16-byte slot plus slab rounding");
    }

    [Test]
    public void OneElementArraysCostTheirSlotAtAlignment64()
    {
        // A 64-byte aligned buffer cannot cost less than 64 B; glibc's aligned_alloc cost about 209 B.
        double perArray = NativeBytesPerSmallArray(200_000, 64);
        TestContext.Out.WriteLine($"alignment 64: {perArray:0.0} native bytes per one-element array (OS)");
        Assert.That(perArray, Is.LessThanOrEqualTo(68));
    }

    [Test]
    public void OneElementArraysCostOnePageAtAlignment4096()
    {
        // aligned_alloc(4096, 4) cost about 8 KiB (the block plus an unusable leading fragment).
        double perArray = NativeBytesPerSmallArray(20_000, 4096);
        TestContext.Out.WriteLine($"alignment 4096: {perArray:0.0} native bytes per one-element array (OS)");
        Assert.That(perArray, Is.LessThanOrEqualTo(4096 * 1.02));
    }

    [Test]
    public void LargeBuffersDoNotInduceAFullCollectionEach()
    {
        const int n = 16_000_000; // 64 MB of float32
        using var a = NDArray<float>.Empty(n);
        using var b = NDArray<float>.Empty(n);
        int gen2 = GC.CollectionCount(2);
        for (int i = 0; i < 10; i++)
        {
            // A little time between allocations, as real work would take: the runtime's memory-pressure heuristic
            // then ran one blocking gen-2 collection per GC.AddMemoryPressure(64 MB) call (10 of 10 before the budget).
            using (var c = NDArray<float>.Empty(n)) Thread.Sleep(20);
            AllocationTracker.ReleaseCachedMemory(); // a fresh mapping every time, as without the reuse cache
        }
        int collections = GC.CollectionCount(2) - gen2;
        TestContext.Out.WriteLine($"10 allocations of 64 MB with 128 MB live: {collections} gen-2 collection(s)");
        Assert.That(collections, Is.LessThanOrEqualTo(2), "memory pressure is reported on a budget, not per buffer");
    }
}
