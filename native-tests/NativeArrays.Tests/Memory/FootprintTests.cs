using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using NativeArrays.Memory;

namespace NativeArrays.Tests.Allocator;

/// <summary>
/// Requested vs footprint bytes: every buffer knows what the allocator really holds for it (slab slot, malloc's usable
/// size plus header, page-rounded mapping), and the tracker and the Meter report both.
/// </summary>
[TestFixture, NonParallelizable]
public unsafe class FootprintTests : BufferCacheOffFixture
{
    // One size per allocator path: slab (≤ 4 KiB), malloc (below 4 MiB), own mapping (from 4 MiB).
    private static readonly nint[] ByteSizes = [0, 1, 4, 17, 100, 1024, 1025, 4000, 4096, 4097, 100_000, 4_000_000, 5 << 20, (5 << 20) + 3];

    [Test]
    public void FootprintIsAtLeastRequestedAndIsWhatTheAllocatorHolds()
    {
        int alignment = NativeArraysSettings.Current.Alignment;
        foreach (nint n in ByteSizes)
        {
            using var a = NDArray<byte>.Empty(n);
            var b = a.Buffer;
            Assert.That((long)b.FootprintBytes, Is.GreaterThanOrEqualTo((long)n), $"{n} B");
            var expectedKind = n <= NativeAllocator.SmallMaxBytes ? NativeAllocation.Slab
                : n >= NativeAllocator.LargeMinBytes ? NativeAllocation.Pages : NativeAllocation.Malloc;
            if (!LibC.Available && expectedKind != NativeAllocation.Slab) expectedKind = NativeAllocation.Malloc;
            Assert.That(b.Allocation, Is.EqualTo(expectedKind), $"{n} B");
            switch (b.Allocation)
            {
                case NativeAllocation.Slab:
                    Assert.That((long)b.FootprintBytes, Is.EqualTo(NativeAllocator.SlotSize((int)n, alignment)), $"{n} B: one slot");
                    Assert.That((long)b.FootprintBytes % alignment, Is.Zero, "slots are multiples of the alignment");
                    break;
                case NativeAllocation.Malloc when LibC.Available:
                    // glibc's own measure of the block (the alignment padding is inside it) plus its 8-byte size header.
                    Assert.That((long)b.FootprintBytes, Is.EqualTo((long)LibC.UsableSize((void*)b.BlockStart) + 8), $"{n} B");
                    Assert.That((long)b.FootprintBytes, Is.LessThan((long)n + alignment + 64), $"{n} B: padding and header stay small");
                    break;
                case NativeAllocation.Pages:
                    Assert.That((long)b.FootprintBytes, Is.EqualTo((long)((n + 4095) / 4096 * 4096)), $"{n} B: page-rounded mapping");
                    break;
            }
        }
    }

    [Test]
    public void TrackerAndMeterReportFootprintBesideRequestedBytes()
    {
        var values = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == AllocationTracker.MeterName) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => values[instrument.Name] = value);
        listener.Start();
        listener.RecordObservableInstruments();
        var before = AllocationTracker.Snapshot();
        long meterBefore = values["nativearrays.live_footprint_bytes"];

        var arrays = ByteSizes.Select(n => NDArray<byte>.Zeros(n)).ToArray();
        long requested = arrays.Sum(a => (long)a.Buffer.ByteLength);
        long footprint = arrays.Sum(a => (long)a.Buffer.FootprintBytes);
        var during = AllocationTracker.Snapshot();
        listener.RecordObservableInstruments();
        Assert.That(during.LiveBytes - before.LiveBytes, Is.EqualTo(requested));
        Assert.That(during.LiveFootprintBytes - before.LiveFootprintBytes, Is.EqualTo(footprint));
        Assert.That(footprint, Is.GreaterThan(requested), "one-byte and odd sizes cost more than they ask for");
        Assert.That(values["nativearrays.live_footprint_bytes"] - meterBefore, Is.EqualTo(footprint));
        Assert.That(values, Does.ContainKey("nativearrays.cached_bytes"));
        Assert.That(during.PeakFootprintBytes, Is.GreaterThanOrEqualTo(during.LiveFootprintBytes));

        foreach (var a in arrays) a.Dispose();
        var after = AllocationTracker.Snapshot();
        Assert.That(after.LiveFootprintBytes, Is.EqualTo(before.LiveFootprintBytes));
        Assert.That(after.LiveBytes, Is.EqualTo(before.LiveBytes));
    }

    [Test]
    public void AFreedSlotIsReusedAndZerosClearsIt()
    {
        nint address;
        using (var a = NDArray<float>.Empty(3))
        {
            Assert.That(a.Buffer.Allocation, Is.EqualTo(NativeAllocation.Slab));
            a.Fill(7f);
            address = a.Buffer.Address;
        }
        using var b = NDArray<float>.Zeros(3);
        Assert.That(b.Buffer.Address, Is.EqualTo(address), "the slot freed last is handed out first");
        Assert.That(b.ToArray(), Is.EqualTo(new float[3]), "Zeros clears a reused slot");
    }

    [Test]
    public void ASlotStaysWhileAViewHoldsALease()
    {
        var before = AllocationTracker.Snapshot();
        var owner = NDArray.Arange(10f);
        var view = owner[2..5];
        nint address = owner.Buffer.Address;
        owner.Dispose();
        using (var other = NDArray<float>.Zeros(10))
            Assert.That(other.Buffer.Address, Is.Not.EqualTo(address), "the view's lease keeps the slot");
        Assert.That(view.ToArray(), Is.EqualTo(new[] { 2f, 3f, 4f }));
        Assert.That(view.Buffer.IsFreed, Is.False);
        view.Dispose();
        Assert.That(view.Buffer.IsFreed, Is.True, "the last lease frees the slot at once");
        Assert.That(AllocationTracker.Snapshot().LiveFootprintBytes, Is.EqualTo(before.LiveFootprintBytes));
    }

    [Test]
    public void AnUndisposedSmallArrayIsStillReportedAsALeakAndItsSlotReturned()
    {
        bool writes = AllocationTracker.WriteLeaksToStandardError;
        AllocationTracker.WriteLeaksToStandardError = false;
        try
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var before = AllocationTracker.Snapshot();
            long slotsBefore = NativeAllocator.SlabSlotBytes;
            long id = Forget();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var after = AllocationTracker.Snapshot();
            Assert.That(after.LeaksDetected - before.LeaksDetected, Is.EqualTo(1));
            Assert.That(AllocationTracker.Leaks.Any(l => l.BufferId == id), Is.True);
            Assert.That(after.LiveFootprintBytes, Is.EqualTo(before.LiveFootprintBytes));
            Assert.That(NativeAllocator.SlabSlotBytes, Is.EqualTo(slotsBefore), "the finalizer returned the slot to its slab");
        }
        finally
        {
            AllocationTracker.WriteLeaksToStandardError = writes;
        }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "NA0003", Justification = "Leaks on purpose: the test checks that the finalizer reports it and returns the slot.")]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long Forget()
    {
        var a = NDArray<int>.Zeros(5);
        Assert.That(a.Buffer.Allocation, Is.EqualTo(NativeAllocation.Slab));
        return a.Buffer.Id;
    }

    [TestCase(16)]
    [TestCase(64)]
    [TestCase(4096)]
    [TestCase(1 << 20)]
    public void EveryPathHonoursTheAlignmentSetting(int alignment)
    {
        using (NativeArraysSettings.Override(NativeArraysSettings.Current with { Alignment = alignment }))
        {
            foreach (nint n in ByteSizes)
            {
                using var z = NDArray<byte>.Zeros(n);
                using var e = NDArray<byte>.Empty(n);
                foreach (var b in new[] { z.Buffer, e.Buffer })
                {
                    Assert.That((long)b.Address % alignment, Is.Zero, $"{n} B, {b.Allocation}, alignment {alignment}");
                    Assert.That(b.Alignment, Is.EqualTo(alignment));
                }
                if (n > 0) Assert.That(z.ToArray().All(x => x == 0), Is.True, $"{n} B zeros");
            }
        }
    }

    [Test]
    public void ConcurrentSmallAllocationsKeepTheirContentsAndReturnEverySlot()
    {
        var before = AllocationTracker.Snapshot();
        long slotsBefore = NativeAllocator.SlabSlotBytes;
        int failures = 0;
        var deadline = DateTime.UtcNow.AddSeconds(1.5);
        var threads = Enumerable.Range(1, 4).Select(t => new Thread(() =>
        {
            var rng = new Random(t);
            var held = new List<NDArray<int>>();
            while (DateTime.UtcNow < deadline)
            {
                for (int i = 0; i < 200; i++)
                {
                    var a = NDArray<int>.Empty(rng.Next(0, 300));
                    a.Fill(t * 1000 + a.Size.GetHashCode() % 1000);
                    held.Add(a);
                }
                // Free a random half (other threads reuse the slots meanwhile), then check what is left is intact.
                for (int i = held.Count - 1; i >= 0; i--)
                {
                    if (rng.Next(2) == 0) continue;
                    held[i].Dispose();
                    held.RemoveAt(i);
                }
                foreach (var a in held)
                {
                    int expected = t * 1000 + a.Size.GetHashCode() % 1000;
                    if (a.ToArray().Any(x => x != expected)) Interlocked.Increment(ref failures);
                }
                if (held.Count > 2000) { foreach (var a in held) a.Dispose(); held.Clear(); }
            }
            foreach (var a in held) a.Dispose();
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.That(failures, Is.Zero, "no slot was handed to two arrays at once");
        var after = AllocationTracker.Snapshot();
        Assert.That(after.LiveBuffers, Is.EqualTo(before.LiveBuffers));
        Assert.That(after.LiveFootprintBytes, Is.EqualTo(before.LiveFootprintBytes));
        Assert.That(NativeAllocator.SlabSlotBytes, Is.EqualTo(slotsBefore));
    }

    [Test]
    public void ReleaseCachedMemoryReturnsWhatTheAllocatorKept()
    {
        if (!LibC.Available) Assert.Ignore("large mappings need Linux");
        AllocationTracker.ReleaseCachedMemory();
        using (var a = NDArray<float>.Empty(3_000_000)) a.Fill(1f); // 12 MB: its own mapping, kept for reuse when freed
        long cached = AllocationTracker.Snapshot().CachedBytes;
        Assert.That(cached, Is.GreaterThanOrEqualTo(12_000_000L), "the freed mapping is kept and reported apart");
        using (var b = NDArray<float>.Empty(3_000_000))
        {
            Assert.That(AllocationTracker.Snapshot().CachedBytes, Is.LessThan(cached), "Empty reuses the kept mapping");
        }
        Assert.That(AllocationTracker.ReleaseCachedMemory(), Is.GreaterThanOrEqualTo(12_000_000L));
        Assert.That(AllocationTracker.Snapshot().CachedBytes, Is.Zero);
    }
}
