using System.Reflection;
using NativeArrays.Memory;

namespace NativeArrays.Tests.Allocator;

/// <summary>
/// The cheaper allocation path of session 8: slots zeroed with vector stores (every slot size, reused dirty slots), buffer
/// ids taken in per-thread blocks (unique, increasing per thread, never above the counter the inspector reads), and a
/// buffer closed once however many threads dispose it.
/// </summary>
[TestFixture, NonParallelizable]
public unsafe class AllocationPathTests : BufferCacheOffFixture
{
    [Test]
    public void ZerosOnAReusedDirtySlotIsZeroForEverySlotSize()
    {
        // Every byte size up to the largest slab request: each class's freed slot is dirty and is the next one handed out.
        for (int n = 1; n <= NativeAllocator.SmallMaxBytes; n += n < 300 ? 1 : 37)
        {
            using (var dirty = NDArray<byte>.Empty(n))
                dirty.AsSpan().Fill(0xA5);
            using var z = NDArray<byte>.Zeros(n);
            Assert.That(z.Buffer.Allocation, Is.EqualTo(NativeAllocation.Slab));
            // The whole slot is cleared, not only the bytes asked for (a later, larger request of the class reuses it).
            var slot = new ReadOnlySpan<byte>((void*)z.Buffer.Address, (int)z.Buffer.FootprintBytes);
            int bad = slot.IndexOfAnyExcept((byte)0);
            Assert.That(bad, Is.EqualTo(-1), $"{n} B (slot {z.Buffer.FootprintBytes} B): byte {bad} not zeroed");
        }
    }

    [Test]
    public void ClearSlotZeroesExactlyTheSlot([Values(16, 48, 240, 256, 272, 1040, 4096)] int bytes)
    {
        var block = new byte[bytes + 64];
        block.AsSpan().Fill(0x5A);
        fixed (byte* p = block)
        {
            byte* slot = (byte*)(((nint)p + 31) & ~(nint)15);
            int start = (int)(slot - p);
            NativeAllocator.ClearSlot(slot, bytes);
            Assert.That(block.AsSpan(start, bytes).IndexOfAnyExcept((byte)0), Is.EqualTo(-1), "inside the slot");
            Assert.That(block.AsSpan(0, start).IndexOfAnyExcept((byte)0x5A), Is.EqualTo(-1), "before the slot");
            Assert.That(block.AsSpan(start + bytes).IndexOfAnyExcept((byte)0x5A), Is.EqualTo(-1), "after the slot");
        }
    }

    [Test]
    public void IdsAreUniqueIncreasingPerThreadAndNeverAboveTheCounter()
    {
        const int PerThread = 1000;
        var ids = new long[2][];
        var threads = Enumerable.Range(0, 2).Select(t => new Thread(() =>
        {
            var mine = new long[PerThread];
            for (int i = 0; i < PerThread; i++)
            {
                using var a = NDArray<float>.Empty(1);
                mine[i] = a.Buffer.Id;
            }
            ids[t] = mine;
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        foreach (var mine in ids)
            for (int i = 1; i < PerThread; i++) Assert.That(mine[i], Is.GreaterThan(mine[i - 1]), "ids increase on one thread");
        var all = ids[0].Concat(ids[1]).ToList();
        Assert.That(all.Distinct().Count(), Is.EqualTo(all.Count), "ids are unique across threads");
        long counter = (long)typeof(NativeBuffer).GetField("s_nextId", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
        Assert.That(all.Max(), Is.LessThanOrEqualTo(counter), "the counter the inspector reads bounds every id");
        using var later = NDArray<float>.Empty(1);
        Assert.That(later.Buffer.Id, Is.LessThanOrEqualTo((long)typeof(NativeBuffer).GetField("s_nextId", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!));
    }

    [Test]
    public void ABufferDisposedUnderRacingKernelReferencesIsFreedOnce()
    {
        // The owner and a view are disposed on two threads while a third takes and returns kernel references: the close
        // (one compare-exchange that also claims it) happens once, and the memory is freed once, by whoever drains it.
        long leaksBefore = AllocationTracker.Snapshot().LeaksDetected;
        for (int round = 0; round < 1000; round++)
        {
            var before = AllocationTracker.Snapshot();
            var owner = NDArray<float>.Empty(16);
            var view = owner[2..10];
            var buffer = owner.Buffer;
            using var go = new Barrier(3);
            int refused = 0;
            var kernel = new Thread(() =>
            {
                go.SignalAndWait();
                for (int i = 0; i < 200; i++)
                {
                    if (buffer.TryAcquireKernelRef(buffer.Id)) buffer.ReleaseKernelRef();
                    else refused++;
                }
            });
            var other = new Thread(() => { go.SignalAndWait(); view.Dispose(); });
            kernel.Start();
            other.Start();
            go.SignalAndWait();
            owner.Dispose();
            other.Join();
            kernel.Join();
            Assert.That(buffer.IsFreed, Is.True, $"round {round}");
            Assert.That(buffer.TryAcquireKernelRef(buffer.Id), Is.False, "a disposed buffer refuses kernels");
            var after = AllocationTracker.Snapshot();
            Assert.That(after.LiveBuffers, Is.EqualTo(before.LiveBuffers), $"round {round}: freed once");
            Assert.That(after.LiveBytes, Is.EqualTo(before.LiveBytes), $"round {round}");
        }
        Assert.That(AllocationTracker.Snapshot().LeaksDetected, Is.EqualTo(leaksBefore), "no leak reported");
    }
}
