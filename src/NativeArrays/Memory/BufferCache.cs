namespace NativeArrays.Memory;

/// <summary>
/// The buffer cache: small and medium heap buffers that were disposed are parked here instead of freed, and the next
/// allocation of the same size class re-arms one (a new id, sizes, type), so an allocate/dispose pair costs neither a new
/// finalizable SafeHandle nor the allocator's and tracker's free/allocate. Small: a slab slot of at most
/// <see cref="MaxSlabFootprint"/> bytes, by slot size. Medium: a <c>malloc</c> block of at most
/// <see cref="MaxMediumFootprint"/> bytes (10³ float64 is 8,000 B), by size class of the request (4 per doubling); it
/// serves a request of its class when its capacity holds it, else it is freed. Bounded by
/// <see cref="NativeArraysSettings.BufferCacheEntries"/> buffers in all (0 disables it) and medium blocks by
/// <see cref="MaxMediumBytes"/> bytes together; reported apart from live buffers
/// (<see cref="TrackerSnapshot.CachedBuffers"/>, the inspector's buffer cache line) and released on demand by
/// <see cref="AllocationTracker.ReleaseCachedMemory"/> (and at the next allocation once the setting is 0).
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
    /// <summary>Largest footprint (slab slot) a parked small buffer may have.</summary>
    public const int MaxSlabFootprint = NativeAllocator.SmallMaxBytes;
    /// <summary>Largest footprint (malloc block) a parked medium buffer may have: 64 KiB.</summary>
    public const int MaxMediumFootprint = 64 * 1024;
    /// <summary>Most footprint bytes of medium buffers parked together: 512 KiB.</summary>
    public const long MaxMediumBytes = 512 * 1024;
    /// <summary>Most entries the setting may ask for.</summary>
    public const int MaxEntries = NativeArraysSettings.MaxBufferCacheEntries;
    /// <summary>Size classes: slab slots by slot size / 16 (0..256), then 4 medium classes per doubling up to 64 KiB.</summary>
    private const int SlabClasses = MaxSlabFootprint / 16 + 1;
    private const int ClassCount = SlabClasses + 16;

    private static SpinLatch s_latch;
    /// <summary>Parked buffers by size class (each a stack; [0, count) in use).</summary>
    private static readonly NativeBuffer?[]?[] s_stacks = new NativeBuffer?[ClassCount][];
    private static readonly int[] s_counts = new int[ClassCount];
    private static int s_count;
    private static long s_bytes;
    private static long s_mediumBytes;

    /// <summary>Buffers parked now.</summary>
    public static int Count => Volatile.Read(ref s_count);
    /// <summary>Footprint bytes of the buffers parked now (memory the process holds in no live buffer).</summary>
    public static long Bytes => Volatile.Read(ref s_bytes);

    /// <summary>Parks a retired buffer if it may be and there is room; false when it must be closed instead.</summary>
    internal static bool TryPark(NativeBuffer buffer)
    {
        int limit = NativeArraysSettings.Current.BufferCacheEntries;
        if (limit == 0 || !buffer.IsCacheable) return false;
        bool medium = buffer.Allocation == NativeAllocation.Malloc;
        int cls = medium ? MediumClass(buffer.ByteLength) : (int)buffer.FootprintBytes / 16;
        if (cls < 0) return false;
        s_latch.Enter();
        if (s_count >= limit || (medium && s_mediumBytes + buffer.FootprintBytes > MaxMediumBytes))
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
        if (medium) s_mediumBytes += buffer.FootprintBytes;
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
        int cls = ClassOf(bytes, alignment);
        if (cls < 0 || Volatile.Read(ref s_counts[cls]) == 0) return null;
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
        if (cls >= SlabClasses) s_mediumBytes -= buffer.FootprintBytes;
        s_latch.Exit();
        if ((buffer.Address & (alignment - 1)) != 0 || buffer.Capacity < bytes)
        {
            // Parked under a smaller alignment setting, or a medium block of this class too small for this request.
            buffer.ReleaseParked();
            return null;
        }
        return buffer;
    }

    /// <summary>
    /// The size class a request of <paramref name="bytes"/> at <paramref name="alignment"/> takes from: its slab slot
    /// when the allocator serves it from a slab (the slot size / 16), else its medium class; −1 when it is not cached.
    /// </summary>
    private static int ClassOf(nint bytes, int alignment)
    {
        if (bytes <= MaxSlabFootprint && alignment <= MaxSlabFootprint)
        {
            int slot = NativeAllocator.SlotSize((int)bytes, alignment);
            if (slot <= MaxSlabFootprint) return slot / 16;
            return -1;
        }
        return LibC.Available ? MediumClass(bytes) : -1;
    }

    /// <summary>
    /// The medium class of a malloc request above the slab limit, up to 64 KiB: 4 per doubling (the same steps as the
    /// slab classes), numbered after them; −1 outside that range.
    /// </summary>
    private static int MediumClass(nint bytes)
    {
        if (bytes <= MaxSlabFootprint || bytes > MaxMediumFootprint) return -1;
        int log = System.Numerics.BitOperations.Log2((uint)bytes - 1);   // bytes in (2^log, 2^(log+1)], log 12..15
        int step = 1 << (log - 2);
        int quarter = (int)((bytes - 1 - (1 << log)) / step);           // 0..3
        return SlabClasses + (log - 12) * 4 + quarter;
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
        s_mediumBytes = 0;
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
