namespace NativeArrays.Memory;

/// <summary>
/// The buffer cache: small heap buffers (a slab slot of at most <see cref="MaxFootprint"/> bytes) that were disposed are
/// parked here instead of freed, and the next allocation of the same slot size re-arms one (a new id, sizes, type), so
/// an allocate/dispose pair costs neither a new finalizable SafeHandle nor the allocator's and tracker's free/allocate.
/// Bounded by <see cref="NativeArraysSettings.BufferCacheEntries"/> buffers in all (0 disables it), so at most that many
/// × 4 KiB; reported apart from live buffers (<see cref="TrackerSnapshot.CachedBuffers"/>, the inspector's buffer cache
/// line) and released on demand by <see cref="AllocationTracker.ReleaseCachedMemory"/> (and at the next allocation once
/// the setting is 0).
/// </summary>
/// <remarks>
/// <para>Safety: a parked buffer's SafeHandle stays open and its object reachable from here (so no finalizer runs and
/// nothing is reported as leaked while parked); its finalizer is not suppressed, so a re-armed buffer that leaks is
/// reported as before. Who may still hold a parked (or re-armed) buffer, and why each is refused, is written in
/// <see cref="NativeBuffer"/>'s remarks.</para>
/// <para>One spin latch guards the per-size-class stacks (a compare-exchange and a store per park or take); a class with
/// nothing parked is skipped without it.</para>
/// </remarks>
/// <remarks>The inspector reads fields of this type by name: they are listed in <c>Diagnostics/InspectorContract.cs</c>.</remarks>
internal static class BufferCache
{
    /// <summary>Largest footprint (slab slot) a parked buffer may have.</summary>
    public const int MaxFootprint = NativeAllocator.SmallMaxBytes;
    /// <summary>Most entries the setting may ask for.</summary>
    public const int MaxEntries = NativeArraysSettings.MaxBufferCacheEntries;

    private static SpinLatch s_latch;
    /// <summary>Parked buffers by slot size / 16 (each a stack; [0, count) in use).</summary>
    private static readonly NativeBuffer?[]?[] s_stacks = new NativeBuffer?[MaxFootprint / 16 + 1][];
    private static readonly int[] s_counts = new int[MaxFootprint / 16 + 1];
    private static int s_count;
    private static long s_bytes;

    /// <summary>Buffers parked now.</summary>
    public static int Count => Volatile.Read(ref s_count);
    /// <summary>Footprint bytes of the buffers parked now (memory the process holds in no live buffer).</summary>
    public static long Bytes => Volatile.Read(ref s_bytes);

    /// <summary>Parks a retired buffer if it may be and there is room; false when it must be closed instead.</summary>
    internal static bool TryPark(NativeBuffer buffer)
    {
        int limit = NativeArraysSettings.Current.BufferCacheEntries;
        if (limit == 0 || !buffer.IsCacheable) return false;
        int cls = (int)buffer.FootprintBytes / 16;
        s_latch.Enter();
        if (s_count >= limit)
        {
            s_latch.Exit();
            return false;
        }
        var stack = s_stacks[cls] ??= new NativeBuffer?[Math.Min(limit, MaxEntries)];
        int n = s_counts[cls];
        if (n == stack.Length) s_stacks[cls] = stack = Grow(stack, limit);
        stack[n] = buffer;
        Volatile.Write(ref s_counts[cls], n + 1);
        Volatile.Write(ref s_count, s_count + 1);
        Volatile.Write(ref s_bytes, s_bytes + buffer.FootprintBytes);
        buffer.OnParked();
        s_latch.Exit();
        return true;
    }

    private static NativeBuffer?[] Grow(NativeBuffer?[] stack, int limit)
    {
        var grown = new NativeBuffer?[Math.Max(stack.Length * 2, Math.Min(limit, MaxEntries))];
        Array.Copy(stack, grown, stack.Length);
        return grown;
    }

    /// <summary>A parked buffer whose slot fits <paramref name="bytes"/> at <paramref name="alignment"/>, taken out of the cache; null when none.</summary>
    /// <remarks>With the cache disabled (<paramref name="limit"/> 0) it frees what is still parked instead.</remarks>
    internal static NativeBuffer? TryTake(nint bytes, int alignment, int limit)
    {
        if (Volatile.Read(ref s_count) == 0) return null;
        if (limit == 0)
        {
            ReleaseAll();
            return null;
        }
        if (bytes > MaxFootprint || alignment > MaxFootprint) return null;
        int slot = NativeAllocator.SlotSize((int)bytes, alignment);
        if (slot > MaxFootprint) return null;
        int cls = slot / 16;
        if (Volatile.Read(ref s_counts[cls]) == 0) return null;
        s_latch.Enter();
        int n = s_counts[cls];
        if (n == 0)
        {
            s_latch.Exit();
            return null;
        }
        var stack = s_stacks[cls]!;
        var buffer = stack[n - 1]!;
        stack[n - 1] = null;
        Volatile.Write(ref s_counts[cls], n - 1);
        Volatile.Write(ref s_count, s_count - 1);
        Volatile.Write(ref s_bytes, s_bytes - buffer.FootprintBytes);
        s_latch.Exit();
        if ((buffer.Address & (alignment - 1)) != 0)
        {
            // Parked under a smaller alignment setting: not usable for this one.
            buffer.ReleaseParked();
            return null;
        }
        return buffer;
    }

    /// <summary>Frees every parked buffer; returns the footprint bytes released.</summary>
    internal static long ReleaseAll()
    {
        if (Volatile.Read(ref s_count) == 0) return 0;
        var taken = new List<NativeBuffer>();
        s_latch.Enter();
        for (int cls = 0; cls < s_stacks.Length; cls++)
        {
            var stack = s_stacks[cls];
            int n = s_counts[cls];
            for (int i = 0; i < n; i++)
            {
                taken.Add(stack![i]!);
                stack[i] = null;
            }
            Volatile.Write(ref s_counts[cls], 0);
        }
        Volatile.Write(ref s_count, 0);
        Volatile.Write(ref s_bytes, 0L);
        s_latch.Exit();
        long released = 0;
        foreach (var buffer in taken)
        {
            released += buffer.FootprintBytes;
            buffer.ReleaseParked();
        }
        return released;
    }
}
