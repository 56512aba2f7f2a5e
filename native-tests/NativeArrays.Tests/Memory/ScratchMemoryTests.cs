using NativeArrays.Kernels;
using NativeArrays.Memory;

namespace NativeArrays.Tests.Allocator;

/// <summary>
/// Kernel scratch memory (<see cref="ScratchMemory"/>): small blocks from the C heap, large ones their own mappings
/// returned to the allocator's cache of freed mappings and reused by the next large call; and the callers that use it
/// (sort keys and indices split in large halves, the overlap temporary of a large in-place operation) still right at
/// sizes where the blocks are mappings.
/// </summary>
[TestFixture, NonParallelizable]
public unsafe class ScratchMemoryTests : BufferCacheOffFixture
{
    [Test]
    public void BlocksAreAlignedWritableAndLargeOnesAreMappingsKeptForReuse()
    {
        foreach (nint bytes in (nint[])[0, 1, 100, 4096, 1 << 20, (nint)NativeAllocator.LargeMinBytes - 65, (nint)NativeAllocator.LargeMinBytes, 20 << 20])
        {
            byte* p = (byte*)ScratchMemory.Allocate(bytes);
            try
            {
                Assert.That((long)p % 64, Is.Zero, $"{bytes} B: 64-byte aligned");
                new Span<byte>(p, (int)bytes).Fill(0x5A); // every byte asked for is writable
                Assert.That(ScratchMemory.IsMapping(bytes), Is.EqualTo(LibC.Available && bytes >= NativeAllocator.LargeMinBytes - 64), $"{bytes} B");
            }
            finally { ScratchMemory.Free(p); }
        }
        ScratchMemory.Free(null); // ignored
        Assert.Throws<ArgumentOutOfRangeException>(() => ScratchMemory.Allocate(-1));

        if (!LibC.Available) return;
        AllocationTracker.ReleaseCachedMemory();
        void* big = ScratchMemory.Allocate(12 << 20);
        Assert.That(AllocationTracker.Snapshot().CachedBytes, Is.Zero, "in use: not cached");
        ScratchMemory.Free(big);
        long cached = AllocationTracker.Snapshot().CachedBytes;
        Assert.That(cached, Is.GreaterThanOrEqualTo(12L << 20), "the freed mapping is kept and reported apart");
        void* again = ScratchMemory.Allocate(12 << 20);
        Assert.That(AllocationTracker.Snapshot().CachedBytes, Is.Zero, "the next block of the size reuses it");
        ScratchMemory.Free(again);
        Assert.That(AllocationTracker.ReleaseCachedMemory(), Is.GreaterThanOrEqualTo(12L << 20));
        Assert.That(AllocationTracker.Snapshot().CachedBytes, Is.Zero);
    }

    [Test]
    public void SortScratchHalvesAreOneBlockUnlessEachIsAMapping()
    {
        foreach (nint n in (nint[])[1, 1000, 600_000, 1_100_000])
        {
            using var s = new SortScratch<uint>(n, withIndex: true);
            bool keysSplit = ScratchMemory.IsMapping(n * sizeof(uint)), indexSplit = ScratchMemory.IsMapping(n * sizeof(long));
            Assert.That(s.KeyScratch == s.Keys + n, Is.EqualTo(!keysSplit), $"n {n}: keys");
            Assert.That(s.IndexScratch == s.Index + n, Is.EqualTo(!indexSplit), $"n {n}: indices");
            // Both halves whole and apart: fill one, the other keeps its bytes.
            new Span<uint>(s.Keys, (int)n).Fill(1);
            new Span<uint>(s.KeyScratch, (int)n).Fill(2);
            new Span<long>(s.Index, (int)n).Fill(3);
            new Span<long>(s.IndexScratch, (int)n).Fill(4);
            Assert.That(new Span<uint>(s.Keys, (int)n).IndexOfAnyExcept(1u), Is.EqualTo(-1));
            Assert.That(new Span<long>(s.Index, (int)n).IndexOfAnyExcept(3L), Is.EqualTo(-1));
        }
        if (LibC.Available)
        {
            Assert.That(ScratchMemory.IsMapping(1_100_000 * sizeof(uint)), Is.True, "1.1·10⁶ keys: split halves");
            Assert.That(ScratchMemory.IsMapping(600_000 * sizeof(uint)), Is.False, "6·10⁵ keys: one block");
            Assert.That(ScratchMemory.IsMapping(600_000 * sizeof(long)), Is.True, "6·10⁵ indices: split halves");
        }
    }

    [Test]
    public void LargeSortAndArgSortWithMappedScratchAreRight()
    {
        // 1.1·10⁶ float32: key and index halves are mappings of their own (4.4 / 8.8 MB); NaN last, ties stable.
        const int N = 1_100_000;
        var r = new Random(77);
        var values = new float[N];
        for (int i = 0; i < N; i++) values[i] = i % 97 == 0 ? float.NaN : r.Next(0, 5000) * 0.25f - 300f;
        using var a = NDArray<float>.FromArray(values);
        for (int round = 0; round < 2; round++) // the second round reuses the cached mappings
        {
            using var sorted = NDArray.Sort(a);
            using var order = NDArray.ArgSort(a);
            var expectedOrder = Enumerable.Range(0, N).OrderBy(i => float.IsNaN(values[i]) ? 1 : 0).ThenBy(i => float.IsNaN(values[i]) ? 0 : values[i]).ToArray();
            var got = sorted.ToArray();
            var gotOrder = order.ToArray();
            for (int i = 0; i < N; i++)
            {
                float want = values[expectedOrder[i]];
                if (!(float.IsNaN(want) ? float.IsNaN(got[i]) : got[i] == want)) Assert.Fail($"round {round}: sorted[{i}] = {got[i]}, want {want}");
                if (gotOrder[i] != expectedOrder[i]) Assert.Fail($"round {round}: argsort[{i}] = {gotOrder[i]}, want {expectedOrder[i]} (stable)");
            }
        }
    }

    [Test]
    public void LargeInPlaceOperationWithAnOverlappingReversedOperandIsRight()
    {
        // d = d[::-1] + d over 1.1·10⁶ float32: the reversed operand overlaps the output, so it is copied to a 4.4 MB
        // scratch temporary (a mapping) first: the result is as if the inputs were copied.
        const int N = 1_100_000;
        var values = Enumerable.Range(0, N).Select(i => (float)(i % 1000)).ToArray();
        using var d = NDArray<float>.FromArray(values);
        using (var flipped = d.Flip())
            NDArray.Add(flipped, d, d);
        var got = d.ToArray();
        for (int i = 0; i < N; i++)
            if (got[i] != values[N - 1 - i] + values[i]) Assert.Fail($"[{i}] = {got[i]}, want {values[N - 1 - i] + values[i]}");
    }
}
