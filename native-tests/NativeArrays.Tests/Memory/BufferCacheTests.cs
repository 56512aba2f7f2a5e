using System.Runtime.CompilerServices;
using NativeArrays.Memory;

namespace NativeArrays.Tests.Allocator;

/// <summary>
/// The buffer cache (issue 12): a disposed small buffer (slab slot) or medium buffer (malloc block up to 64 KiB) is parked
/// and re-armed (same object, new id) by the next allocation of its size class; the bounds hold; 0 disables it; every stale holder (array, view, span, guarded call,
/// kernel reference, lease, pin) of a re-armed buffer is refused with <see cref="ObjectDisposedException"/> and never
/// touches the new array's data, also in two-thread races; zero-fill on re-arm; tracker numbers; release on demand; a
/// buffer whose address escaped never parks; and a re-armed array that is never disposed is still reported as a leak.
/// </summary>
[TestFixture, NonParallelizable]
public unsafe class BufferCacheTests
{
    private IDisposable? _settings;

    [SetUp]
    public void CacheOn()
    {
        _settings = NativeArraysSettings.Override(NativeArraysSettings.Current with { BufferCacheEntries = 16 });
        AllocationTracker.ReleaseCachedMemory();
    }

    [TearDown]
    public void Restore()
    {
        _settings?.Dispose();
        AllocationTracker.ReleaseCachedMemory();
    }

    private static GuardedBuffer Guarded(NativeBuffer buffer, long id) => new(buffer, id);

    /// <summary>A parked buffer (disposed, its id) and the new array that re-armed it, filled with 7.</summary>
    private static (NDArray<float> Stale, NativeBuffer Buffer, long OldId, NDArray<float> Fresh) Rearmed(int n = 4)
    {
        var stale = NDArray<float>.Full(1f, n);
        var buffer = stale.Buffer;
        long oldId = buffer.Id;
        stale.Dispose();
        Assert.That(buffer.IsCached, Is.True, "the disposed small buffer is parked");
        var fresh = NDArray<float>.Full(7f, n);
        Assert.That(fresh.Buffer, Is.SameAs(buffer), "the next allocation of its size re-arms it");
        Assert.That(buffer.Id, Is.Not.EqualTo(oldId), "under a new id");
        return (stale, buffer, oldId, fresh);
    }

    private static void AssertAll(NDArray<float> a, float value)
    {
        foreach (float v in a.ToArray()) Assert.That(v, Is.EqualTo(value), "the new array's data is untouched");
    }

    [Test]
    public void ADisposedSmallBufferIsReusedAsTheSameObjectUnderANewId()
    {
        var a = NDArray<float>.Zeros(10);
        var buffer = a.Buffer;
        long id = buffer.Id;
        a.Dispose();
        Assert.That(buffer.IsCached, Is.True);
        Assert.That(buffer.IsFreed, Is.False, "parked memory is held, not freed");
        Assert.That(buffer.Leases, Is.EqualTo(0));
        Assert.That(buffer.ToString(), Does.Contain("cached"));
        using var b = NDArray<double>.Empty(5); // 40 B: the same 64 B slot
        Assert.That(b.Buffer, Is.SameAs(buffer));
        Assert.That(buffer.Id, Is.GreaterThan(id));
        Assert.That(buffer.IsCached, Is.False);
        Assert.That(buffer.ElementType, Is.EqualTo("float64"));
        Assert.That(buffer.ByteLength, Is.EqualTo((nint)40));
        Assert.That(buffer.Leases, Is.EqualTo(1));
        Assert.That(buffer.OwnerDisposed, Is.False);
    }

    [Test]
    public void ADisposedMediumBufferIsReusedByTheNextRequestOfItsClassThatFits()
    {
        var a = NDArray<double>.Full(3.0, 1000); // 8,000 B: a malloc block, class (7 KiB, 8 KiB]
        var buffer = a.Buffer;
        long id = buffer.Id;
        Assert.That(buffer.Allocation, Is.EqualTo(NativeAllocation.Malloc));
        a.Dispose();
        Assert.That(buffer.IsCached, Is.True, "a medium buffer is parked");
        Assert.That(buffer.IsFreed, Is.False);
        Assert.That(AllocationTracker.Snapshot().CachedBufferBytes, Is.EqualTo((long)buffer.FootprintBytes));
        using (var b = NDArray<float>.Zeros(1900)) // 7,600 B: the same class, and it fits
        {
            Assert.That(b.Buffer, Is.SameAs(buffer));
            Assert.That(buffer.Id, Is.GreaterThan(id));
            Assert.That(buffer.ByteLength, Is.EqualTo((nint)7600));
            Assert.That(buffer.ElementType, Is.EqualTo("float32"));
            Assert.That(b.ToArray().All(v => v == 0f), Is.True, "zero-filled on re-arm");
            Assert.That((long)buffer.Address % NativeArraysSettings.Current.Alignment, Is.EqualTo(0));
        }
        Assert.That(buffer.IsCached, Is.True);
        using (var c = NDArray<byte>.Empty(7000)) // class (6 KiB, 7 KiB]: not this buffer's class
            Assert.That(c.Buffer, Is.Not.SameAs(buffer));
        Assert.That(buffer.IsCached, Is.True, "a request of another class leaves it parked");
    }

    [Test]
    public void AParkedMediumBufferTooSmallForARequestOfItsClassIsFreedNotUsed()
    {
        var a = NDArray<byte>.Empty(7200); // class (7 KiB, 8 KiB], capacity well below 8 KiB
        var buffer = a.Buffer;
        a.Dispose();
        Assert.That(buffer.IsCached, Is.True);
        using var b = NDArray<byte>.Full(1, 8192); // the same class, larger than the parked block holds
        Assert.That(b.Buffer, Is.Not.SameAs(buffer));
        Assert.That(buffer.IsFreed, Is.True, "taken out of the cache and freed");
        Assert.That(AllocationTracker.Snapshot().CachedBuffers, Is.EqualTo(0));
        Assert.That(b.ToArray().All(v => v == 1), Is.True);
    }

    [Test]
    public void TheMediumBytesBoundHoldsAndBlocksAbove64KiBNeverPark()
    {
        using var _ = NativeArraysSettings.Override(NativeArraysSettings.Current with { BufferCacheEntries = 64 });
        var arrays = Enumerable.Range(0, 12).Select(_ => NDArray<byte>.Empty(60_000)).ToList();
        var buffers = arrays.Select(a => a.Buffer).ToList();
        foreach (var a in arrays) a.Dispose();
        long parkedBytes = buffers.Where(b => b.IsCached).Sum(b => (long)b.FootprintBytes);
        Assert.That(parkedBytes, Is.LessThanOrEqualTo(512 * 1024), "medium blocks park up to 512 KiB together");
        Assert.That(parkedBytes + buffers[0].FootprintBytes, Is.GreaterThan(512 * 1024), "and fill it");
        Assert.That(buffers.Count(b => b.IsCached) + buffers.Count(b => b.IsFreed), Is.EqualTo(12));
        Assert.That(AllocationTracker.Snapshot().CachedBufferBytes, Is.EqualTo(parkedBytes));
        var small = NDArray<float>.Zeros(8);
        var smallBuffer = small.Buffer;
        small.Dispose();
        Assert.That(smallBuffer.IsCached, Is.True, "the medium bound does not hold back slab buffers");
        var big = NDArray<float>.Zeros(20_000); // 80,000 B: above the 64 KiB bound
        var bigBuffer = big.Buffer;
        big.Dispose();
        Assert.That(bigBuffer.IsFreed, Is.True, "a buffer above 64 KiB is never parked");
    }

    [Test]
    public void TheBoundsHold()
    {
        using var _ = NativeArraysSettings.Override(NativeArraysSettings.Current with { BufferCacheEntries = 4 });
        var arrays = Enumerable.Range(0, 10).Select(_ => NDArray<float>.Zeros(3)).ToList();
        var buffers = arrays.Select(a => a.Buffer).ToList();
        foreach (var a in arrays) a.Dispose();
        Assert.That(AllocationTracker.Snapshot().CachedBuffers, Is.EqualTo(4));
        Assert.That(buffers.Count(b => b.IsCached), Is.EqualTo(4));
        Assert.That(buffers.Count(b => b.IsFreed), Is.EqualTo(6), "the rest were freed");
        var medium = NDArray<float>.Zeros(2000); // 8000 B: a medium buffer, and the cache is full
        var mediumBuffer = medium.Buffer;
        medium.Dispose();
        Assert.That(mediumBuffer.IsFreed, Is.True, "no entry left: freed");
        Assert.That(AllocationTracker.Snapshot().CachedBufferBytes, Is.LessThanOrEqualTo(4 * 4096));
    }

    [Test]
    public void ZeroEntriesDisablesTheCacheAndTheNextAllocationFreesWhatItHeld()
    {
        var a = NDArray<float>.Zeros(3);
        var parked = a.Buffer;
        a.Dispose();
        Assert.That(parked.IsCached, Is.True);
        using (NativeArraysSettings.Override(NativeArraysSettings.Current with { BufferCacheEntries = 0 }))
        {
            Assert.That(parked.IsCached, Is.True, "kept until the next allocation");
            NDArray<double>.Zeros(1000).Dispose(); // any allocation
            Assert.That(parked.IsFreed, Is.True, "disabled: the next allocation frees the parked buffers");
            Assert.That(AllocationTracker.Snapshot().CachedBuffers, Is.EqualTo(0));
            var b = NDArray<float>.Zeros(3);
            var buffer = b.Buffer;
            b.Dispose();
            Assert.That(buffer.IsFreed, Is.True, "no parking while disabled");
            using var c = NDArray<float>.Zeros(3);
            Assert.That(c.Buffer, Is.Not.SameAs(buffer));
        }
    }

    [TestCase(4), TestCase(2000)]
    public void ReArmingZeroFillsWhenAsked(int n)
    {
        var (stale, _, _, fresh) = Rearmed(n);
        fresh.Dispose();
        using var z = NDArray<float>.Zeros(n);
        Assert.That(z.Buffer, Is.SameAs(stale.Buffer));
        AssertAll(z, 0f);
    }

    [TestCase(4), TestCase(2000)]
    public void AStaleArrayIsRefusedEverywhereAndNeverTouchesTheNewArray(int n)
    {
        var (stale, _, _, fresh) = Rearmed(n);
        using (fresh)
        {
            var uses = new (string, Action)[]
            {
                ("Get", () => stale.Get(0)),
                ("Set", () => stale.Set([0], 9f)),
                ("Fill", () => stale.Fill(9f)),
                ("View", () => stale.View()),
                ("Slice", () => stale.Transpose()),
                ("AsNDSpan", () => stale.AsNDSpan().Fill(9f)),
                ("AsReadOnlyNDSpan", () => stale.AsReadOnlyNDSpan().Get(0)),
                ("AsSpan", () => stale.AsSpan().Fill(9f)),
                ("Add", () => (stale + stale).Dispose()),
                ("Add into stale", () => NDArray.Add(fresh, fresh, stale)),
                ("Add from stale into fresh", () => NDArray.Add(stale, stale, fresh)),
                ("Add span", () => NDArray.Add(stale.AsReadOnlyNDSpan(), fresh.AsReadOnlyNDSpan(), fresh.AsNDSpan())),
                ("Copy", () => stale.Copy()),
                ("CopyTo", () => fresh.CopyTo(stale)),
                ("Sum", () => NDArray.Sum(stale)),
                ("AsMemory", () => stale.AsMemory()),
                ("Enumerate", () => { foreach (float v in stale) { } }),
            };
            foreach (var (name, use) in uses)
                Assert.Throws<ObjectDisposedException>(() => use(), name);
            AssertAll(fresh, 7f);
        }
    }

    [TestCase(4), TestCase(2000)]
    public void AStaleSpanIsRefusedAndNeverTouchesTheNewArray(int n)
    {
        var a = NDArray<float>.Full(1f, n);
        var span = a.AsNDSpan();
        var buffer = a.Buffer;
        a.Dispose();
        using var fresh = NDArray<float>.Full(7f, n);
        Assert.That(fresh.Buffer, Is.SameAs(buffer));
        Assert.That(Throws(span, static s => s.Fill(9f)), Is.True, "Fill");
        Assert.That(Throws(span, static s => s.Set([0], 9f)), Is.True, "Set");
        Assert.That(Throws(span, static s => s.Get(0)), Is.True, "Get");
        Assert.That(Throws(span, static s => s.At(0) = 9f), Is.True, "At");
        Assert.That(Throws(span, static s => s.Transpose()), Is.True, "a derived view");
        Assert.That(Throws(span, static s => NDArray.Add(s, s, s)), Is.True, "a guarded span call");
        Assert.That(Throws(span, static s => NDArray.Add(s, 1f, s)), Is.True, "a guarded span call with a scalar");
        AssertAll(fresh, 7f);
    }

    private delegate void SpanUse(NDSpan<float> span);

    private static bool Throws(NDSpan<float> span, SpanUse use)
    {
        try { use(span); }
        catch (ObjectDisposedException) { return true; }
        return false;
    }

    [TestCase(4), TestCase(2000)]
    public void StaleGuardsKernelReferencesAndLeasesAreRefused(int n)
    {
        var (_, buffer, oldId, fresh) = Rearmed(n);
        using (fresh)
        {
            Assert.That(buffer.TryAcquireKernelRef(oldId), Is.False, "a stale kernel reference");
            using (var g = KernelGuard.Enter(Guarded(buffer, oldId)))
                Assert.That(g.Refused, Is.EqualTo(0), "a stale guard");
            Assert.That(KernelGuard.SlotsInUse(), Is.EqualTo(0));
            Assert.Throws<ObjectDisposedException>(() => buffer.AddLease(oldId), "a stale lease");
            Assert.That(buffer.Leases, Is.EqualTo(1), "the refused lease was returned");
            Assert.That(buffer.TryAcquireKernelRef(buffer.Id), Is.True, "the new generation is open");
            buffer.ReleaseKernelRef();
        }
        Assert.That(buffer.IsCached, Is.True, "parked again once the new array is disposed");
    }

    [Test]
    public void ABufferWhoseAddressEscapedIsNeverParked()
    {
        var exports = new (string, Action<NDArray<float>>)[]
        {
            ("AsSpan", a => a.AsSpan()),
            ("AsMemory", a => NativeArrays.Interop.NDArrayMemoryManager<float>.Release(a.AsMemory())),
            ("TensorSpan", a => a.TryAsTensorSpan(out _)),
            ("Buffer.Dispose", a => a.Buffer.Dispose()),
        };
        foreach (var (name, export) in exports)
        foreach (int n in new[] { 4, 2000 })
        {
            var a = NDArray<float>.Zeros(n);
            var buffer = a.Buffer;
            export(a);
            a.Dispose();
            Assert.That(buffer.IsCached, Is.False, name);
            Assert.That(buffer.IsFreed, Is.True, name);
        }
    }

    [Test]
    public void TheTrackerCountsParkedBuffersApartAndReleaseFreesThem()
    {
        var before = AllocationTracker.Snapshot();
        var a = NDArray<float>.Zeros(4);
        var b = NDArray<double>.Zeros(100); // 800 B: another slot size
        var m = NDArray<double>.Zeros(1000); // 8,000 B: a medium (malloc) buffer
        var ba = a.Buffer;
        var bb = b.Buffer;
        var bm = m.Buffer;
        a.Dispose();
        b.Dispose();
        m.Dispose();
        var parked = AllocationTracker.Snapshot();
        Assert.That(parked.LiveBuffers, Is.EqualTo(before.LiveBuffers), "parked buffers are not live");
        Assert.That(parked.LiveBytes, Is.EqualTo(before.LiveBytes));
        Assert.That(parked.LiveFootprintBytes, Is.EqualTo(before.LiveFootprintBytes));
        Assert.That(parked.CachedBuffers, Is.EqualTo(3));
        Assert.That(parked.CachedBufferBytes, Is.EqualTo((long)ba.FootprintBytes + bb.FootprintBytes + bm.FootprintBytes));
        Assert.That(parked.LeaksDetected, Is.EqualTo(before.LeaksDetected));
        using (var c = NDArray<float>.Zeros(4))
        {
            var live = AllocationTracker.Snapshot();
            Assert.That(live.LiveBuffers, Is.EqualTo(before.LiveBuffers + 1), "a re-armed buffer is a normal allocation");
            Assert.That(live.TotalAllocations, Is.EqualTo(parked.TotalAllocations + 1));
            Assert.That(live.CachedBuffers, Is.EqualTo(2));
        }
        long released = AllocationTracker.ReleaseCachedMemory();
        Assert.That(released, Is.GreaterThanOrEqualTo((long)ba.FootprintBytes + bb.FootprintBytes + bm.FootprintBytes));
        Assert.That(ba.IsFreed && bb.IsFreed && bm.IsFreed, Is.True, "released on demand");
        var after = AllocationTracker.Snapshot();
        Assert.That(after.CachedBuffers, Is.EqualTo(0));
        Assert.That(after.CachedBufferBytes, Is.EqualTo(0));
        Assert.That(after.LiveBuffers, Is.EqualTo(before.LiveBuffers), "releasing is not a second free");
    }

    [TestCase(8), TestCase(2000)]
    public void TheInspectorShowsParkedBuffersApartNeverAsLiveOrLeaked(int n)
    {
        var a = NDArray<float>.Full(2f, n);
        var buffer = a.Buffer;
        long id = buffer.Id;
        a.Dispose();
        Assert.That(buffer.IsCached, Is.True);
        var report = NativeArrays.Inspection.HeapSnapshot.Capture();
        Assert.That(report.Buffers.Any(b => b.Id == id), Is.False, "a parked buffer is not listed as live or leaked");
        Assert.That(report.Leaks, Is.EqualTo(0));
        Assert.That(report.CachedBuffers, Is.EqualTo(AllocationTracker.Snapshot().CachedBuffers));
        Assert.That(report.CachedBuffers, Is.GreaterThanOrEqualTo(1));
        Assert.That(report.CachedBufferBytes, Is.EqualTo(AllocationTracker.Snapshot().CachedBufferBytes));
        Assert.That(report.NativeBytes, Is.EqualTo(report.Buffers.Where(x => x.Kind == "heap").Sum(x => x.Bytes)));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference Buffer, long Id) LeakARearmedArray()
    {
        var a = NDArray<float>.Zeros(4);
        var buffer = a.Buffer;
        a.Dispose();
        Assert.That(buffer.IsCached, Is.True);
#pragma warning disable NA0003 // the leak under test
        var leaked = NDArray<float>.Full(3f, 4);
#pragma warning restore NA0003
        Assert.That(leaked.Buffer, Is.SameAs(buffer), "re-armed");
        return (new WeakReference(buffer), buffer.Id);
    }

    [Test]
    public void ARearmedArrayThatIsNeverDisposedIsStillReportedAsALeak()
    {
        bool toStderr = AllocationTracker.WriteLeaksToStandardError;
        AllocationTracker.WriteLeaksToStandardError = false;
        try
        {
            long leaksBefore = AllocationTracker.Snapshot().LeaksDetected;
            var (weak, leakedId) = LeakARearmedArray();
            for (int i = 0; i < 10 && !AllocationTracker.Leaks.Any(l => l.BufferId == leakedId); i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
            Assert.That(AllocationTracker.Leaks.Any(l => l.BufferId == leakedId), Is.True, "the finalizer reported the re-armed buffer");
            Assert.That(AllocationTracker.Snapshot().LeaksDetected, Is.EqualTo(leaksBefore + 1));
            Assert.That(AllocationTracker.Snapshot().CachedBuffers, Is.EqualTo(0), "a leaked buffer is freed, not parked");
            GC.Collect();
            Assert.That(weak.IsAlive, Is.False);
        }
        finally { AllocationTracker.WriteLeaksToStandardError = toStderr; }
    }

    /// <summary>
    /// Two threads: the owner allocates an array (re-arming a parked buffer), publishes it, disposes it, then allocates a
    /// victim (which re-arms the same buffer) filled with 5 and checks it; the other thread keeps writing 9 through the
    /// last published array by <paramref name="path"/>. A refused write throws; an admitted one must never reach a victim.
    /// </summary>
    [TestCase("call", 4), TestCase("into", 4), TestCase("view", 4), TestCase("span", 4), TestCase("pin", 4), TestCase("set", 4)]
    [TestCase("call", 2000), TestCase("span", 2000), TestCase("pin", 2000)]
    public void AStaleHolderRacingADisposeAndReArmNeverWritesIntoTheNewArray(string path, int n)
    {
        NDArray<float>? shared = null;
        using var nine = NDArray<float>.Full(9f, n);
        bool stop = false;
        long refused = 0, admitted = 0;
        var writer = new Thread(() =>
        {
            while (!Volatile.Read(ref stop))
            {
                var a = Volatile.Read(ref shared);
                if (a is null) continue;
                try
                {
                    switch (path)
                    {
                        case "call": NDArray.Add(nine, 0f, a); break;
                        case "into": NDArray.Add(nine, nine, a); NDArray.Subtract(a, nine, a); NDArray.Add(a, nine, a); break;
                        case "view": using (var v = a.View()) v.Fill(9f); break;
                        case "span": a.AsNDSpan().Fill(9f); break;
                        case "pin": using (var p = a.Pin()) p.Pointer[0] = 9f; break;
                        case "set": a.Set([1], 9f); break;
                    }
                    admitted++;
                }
                catch (ObjectDisposedException) { refused++; }
            }
        });
        writer.Start();
        int corrupted = 0, reused = 0;
        for (int i = 0; i < 20000; i++)
        {
            var a = NDArray<float>.Full(1f, n);
            var buffer = a.Buffer;
            Volatile.Write(ref shared, a);
            Thread.SpinWait(i % 64);
            a.Dispose();
            var victim = NDArray<float>.Full(5f, n);
            if (ReferenceEquals(victim.Buffer, buffer)) reused++;
            Thread.SpinWait(i % 32);
            foreach (float v in victim.ToArray()) if (v != 5f) corrupted++;
            victim.Dispose();
        }
        Volatile.Write(ref stop, true);
        writer.Join();
        Assert.That(corrupted, Is.EqualTo(0), "a stale holder wrote into a re-armed array");
        Assert.That(reused, Is.GreaterThan(0), "the race re-armed buffers");
        Assert.That(refused + admitted, Is.GreaterThan(0));
        Assert.That(KernelGuard.SlotsInUse(), Is.EqualTo(0));
    }
}
