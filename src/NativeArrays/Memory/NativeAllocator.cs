using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NativeArrays.Memory;

/// <summary>Which path of the allocator a buffer's memory came from.</summary>
public enum NativeAllocation
{
    /// <summary>A block from the C heap (<c>malloc</c>), aligned inside it; footprint = <c>malloc_usable_size</c> + 8 B header.</summary>
    Malloc = 0,
    /// <summary>A slot of a size-classed slab (small buffers); footprint = the slot size.</summary>
    Slab = 1,
    /// <summary>Its own anonymous mapping of zero pages (large buffers); footprint = the mapping's page-rounded length.</summary>
    Pages = 2,
    /// <summary>Memory obtained elsewhere (a memory-mapped file); footprint = the byte length.</summary>
    External = 3,
}

/// <summary>Where one block of memory lives and what it really costs.</summary>
internal readonly struct NativeBlock(nint address, nint start, nint footprint, NativeAllocation kind, Slab? slab)
{
    /// <summary>The aligned address handed to the buffer.</summary>
    public nint Address { get; } = address;
    /// <summary>What the underlying allocator returned (malloc's pointer, the mapping's start).</summary>
    public nint Start { get; } = start;
    /// <summary>Bytes the allocator holds for the block.</summary>
    public nint Footprint { get; } = footprint;
    /// <summary>The path.</summary>
    public NativeAllocation Kind { get; } = kind;
    /// <summary>The slab of a slot.</summary>
    public Slab? Slab { get; } = slab;
}

/// <summary>
/// The allocator behind every <see cref="NativeBuffer"/>, in three paths by size:
/// <list type="bullet">
/// <item><b>small</b> (at most <see cref="SmallMaxBytes"/> bytes, alignment at most a page): a slot of a size-classed slab
/// of <see cref="SlabBytes"/> anonymous pages. Slots are multiples of the alignment, so every slot is aligned; a freed slot
/// goes back to its slab at once; an empty slab is returned to the OS, except one per size class kept as a cache
/// (reported apart, released by <see cref="ReleaseCached"/>).</item>
/// <item><b>medium</b>: <c>malloc</c> of the size plus the alignment slack, aligned inside the block, so that
/// <c>malloc_usable_size</c> measures all of it (padding included).</item>
/// <item><b>large</b> (at least <see cref="LargeMinBytes"/>): its own anonymous mapping, aligned to 2 MiB (or more when
/// the alignment setting asks for it) and advised for transparent huge pages. Fresh mappings are zero pages, so
/// <c>Zeros</c> costs no resident memory until written. Unmapped on free, except a few recently freed mappings kept for
/// reuse by <c>Empty</c>-style allocations (at most 4, each at most <see cref="LargeCacheMaxEntryBytes"/>, together at most
/// <see cref="LargeCacheMaxBytes"/>; reported apart and released on demand).</item>
/// </list>
/// Without a Linux C library the paths fall back to <see cref="NativeMemory.AlignedAlloc"/> with an estimated footprint
/// (size rounded up to the alignment, plus 16 bytes).
/// </summary>
/// <remarks>The inspector reads fields of this type by name: they are listed in <c>Diagnostics/InspectorContract.cs</c> (checked by a test); rename them there too.</remarks>
internal static unsafe class NativeAllocator
{
    /// <summary>
    /// Largest request served by a slab slot: 4 KiB, so that 10³ float32 (4,000 B, a 4,096 B slot) takes a slot (~17 ns
    /// to allocate and free) instead of glibc's <c>malloc</c> + <c>free</c> (~50–60 ns at 4 KiB, above its per-thread cache).
    /// </summary>
    public const int SmallMaxBytes = 4096;
    /// <summary>Size of one slab.</summary>
    public const int SlabBytes = 64 * 1024;
    /// <summary>Smallest request served by its own mapping (and advised for huge pages, as NumPy does from 4 MiB).</summary>
    public const long LargeMinBytes = 4L << 20;
    /// <summary>Most bytes of freed large mappings kept for reuse.</summary>
    public const long LargeCacheMaxBytes = 128L << 20;
    /// <summary>Largest freed mapping kept for reuse; larger ones go back to the OS at once.</summary>
    public const long LargeCacheMaxEntryBytes = 64L << 20;
    private const int LargeCacheMaxCount = 4;
    private const int PageSize = 4096;
    private const long HugePageSize = 2L << 20;
    /// <summary>Bytes glibc keeps in front of a heap block (its size field).</summary>
    internal const int MallocHeaderBytes = 8;

    private static long s_cachedBytes;      // empty slabs and large mappings kept for reuse
    private static long s_slabBytes;        // bytes of all slabs mapped (in use or cached)

    private static readonly SizeClass?[] s_classes = new SizeClass?[PageSize / 16 + 1];
    private static readonly object s_classesLock = new();
    private static readonly List<(nint Start, nint Length)> s_largeCache = [];

    /// <summary>Bytes kept for reuse (empty slabs, freed large mappings): held by the process, in no live buffer.</summary>
    public static long CachedBytes => Volatile.Read(ref s_cachedBytes);
    /// <summary>Bytes of slabs mapped, in use or cached.</summary>
    public static long SlabBytesMapped => Volatile.Read(ref s_slabBytes);
    /// <summary>Bytes of slab slots held by live buffers (each size class counts its own under its lock).</summary>
    public static long SlabSlotBytes
    {
        get
        {
            long sum = 0;
            foreach (var c in s_classes)
                if (c is not null) sum += Volatile.Read(ref c.SlotBytesInUse);
            return sum;
        }
    }

    /// <summary>Allocates <paramref name="bytes"/> aligned to <paramref name="alignment"/>; zero-filled when asked.</summary>
    /// <returns>The block, or a block with a zero address when the memory cannot be had.</returns>
    public static NativeBlock Allocate(nint bytes, int alignment, bool zero)
    {
        if (bytes <= SmallMaxBytes && alignment <= PageSize)
        {
            int slot = SlotSize((int)bytes, alignment);
            if (slot <= PageSize) return SlabAllocate(slot, zero);
        }
        if (!LibC.Available) return FallbackAllocate(bytes, alignment, zero);
        if (bytes >= LargeMinBytes) return PagesAllocate(bytes, alignment, zero);
        return MallocAllocate(bytes, alignment, zero);
    }

    /// <summary>Returns a block.</summary>
    public static void Free(nint address, nint start, nint footprint, NativeAllocation kind, Slab? slab)
    {
        switch (kind)
        {
            case NativeAllocation.Slab: SlabFree(slab!, address); break;
            case NativeAllocation.Pages: PagesFree(start, footprint); break;
            case NativeAllocation.Malloc:
                if (LibC.Available) NativeMemory.Free((void*)start);
                else NativeMemory.AlignedFree((void*)address);
                break;
        }
    }

    /// <summary>Returns every cached empty slab and large mapping to the OS; the bytes released.</summary>
    public static long ReleaseCached()
    {
        long released = 0;
        for (int i = 0; i < s_classes.Length; i++)
        {
            var c = Volatile.Read(ref s_classes[i]);
            if (c is null) continue;
            c.Enter();
            try
            {
                if (c.CachedEmpty is not { } s) continue;
                c.CachedEmpty = null;
                Interlocked.Add(ref s_cachedBytes, -SlabBytes);
                UnmapSlab(s);
                released += SlabBytes;
            }
            finally { c.Exit(); }
        }
        lock (s_largeCache)
        {
            foreach (var (start, length) in s_largeCache)
            {
                LibC.Unmap((void*)start, (nuint)length);
                Interlocked.Add(ref s_cachedBytes, -length);
                released += length;
            }
            s_largeCache.Clear();
        }
        return released;
    }

    // ---- small: slabs ---------------------------------------------------------------------------------------------

    /// <summary>The slot size for a small request: a size class (4 per doubling from 16 B) rounded up to the alignment.</summary>
    internal static int SlotSize(int bytes, int alignment)
    {
        int size = Math.Max(bytes, 16);
        int pow = size <= 16 ? 16 : (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)size) / 2;
        int step = Math.Max(16, pow / 4);
        int cls = (size + step - 1) / step * step;
        return (cls + alignment - 1) / alignment * alignment;
    }

    private static SizeClass ClassOf(int slot)
    {
        int i = slot / 16;
        var c = Volatile.Read(ref s_classes[i]);
        if (c is not null) return c;
        lock (s_classesLock)
        {
            return s_classes[i] ??= new SizeClass(slot);
        }
    }

    private static NativeBlock SlabAllocate(int slotSize, bool zero)
    {
        var c = ClassOf(slotSize);
        nint address;
        Slab slab;
        bool clean;
        c.Enter();
        try
        {
            slab = c.Partial ?? NewPartialSlab(c);
            if (slab.Base == 0) return default;
            int index;
            if (slab.FreeHead >= 0)
            {
                index = slab.FreeHead;
                slab.FreeHead = *(int*)(slab.Base + (nint)index * slotSize);
                clean = false;
            }
            else
            {
                index = slab.Bump++;
                clean = !slab.Dirty;
            }
            if (++slab.Used == slab.Capacity) c.RemovePartial(slab);
            address = slab.Base + (nint)index * slotSize;
            Volatile.Write(ref c.SlotBytesInUse, c.SlotBytesInUse + slotSize);
        }
        finally { c.Exit(); }
        if (zero && !clean) ClearSlot((byte*)address, slotSize);
        return new NativeBlock(address, slab.Base, slotSize, NativeAllocation.Slab, slab);
    }

    /// <summary>
    /// Zeroes a slot (a multiple of 16 bytes, 16-byte aligned) with vector stores: glibc's <c>memset</c> takes
    /// <c>rep stosb</c> from 2 KiB, whose start-up made clearing a 4 KiB slot cost 37 ns where 64 stores take 18 ns.
    /// </summary>
    internal static void ClearSlot(byte* p, int bytes)
    {
        if (bytes < 256)
        {
            NativeMemory.Clear(p, (nuint)bytes);
            return;
        }
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i <= bytes - 64; i += 64) Vector512<byte>.Zero.Store(p + i);
        else if (Vector256.IsHardwareAccelerated)
            for (; i <= bytes - 32; i += 32) Vector256<byte>.Zero.Store(p + i);
        for (; i < bytes; i += 16) Vector128<byte>.Zero.Store(p + i);
    }

    private static Slab NewPartialSlab(SizeClass c)
    {
        Slab slab;
        if (c.CachedEmpty is { } cached)
        {
            c.CachedEmpty = null;
            Interlocked.Add(ref s_cachedBytes, -SlabBytes);
            slab = cached;
        }
        else
        {
            nint b = (nint)(LibC.Available ? LibC.MapAnonymous(SlabBytes) : NativeMemory.AlignedAlloc(SlabBytes, PageSize));
            if (b == 0) return new Slab(c, 0);
            if (LibC.Available) LibC.AdviseSlab((void*)b, SlabBytes);
            else NativeMemory.Clear((void*)b, SlabBytes);
            Interlocked.Add(ref s_slabBytes, SlabBytes);
            slab = new Slab(c, b);
        }
        c.AddPartial(slab);
        return slab;
    }

    private static void SlabFree(Slab slab, nint address)
    {
        var c = slab.Class;
        int slotSize = c.SlotSize;
        c.Enter();
        try
        {
            Volatile.Write(ref c.SlotBytesInUse, c.SlotBytesInUse - slotSize);
            int index = (int)((address - slab.Base) / slotSize);
            *(int*)address = slab.FreeHead;
            slab.FreeHead = index;
            if (slab.Used-- == slab.Capacity) c.AddPartial(slab);
            if (slab.Used == 0)
            {
                c.RemovePartial(slab);
                // One empty slab per class stays mapped, so that allocating and freeing one small array in a loop
                // does not map and unmap a slab each time; its bytes are reported apart as cached.
                slab.Bump = 0;
                slab.FreeHead = -1;
                slab.Dirty = true;
                if (c.CachedEmpty is null)
                {
                    c.CachedEmpty = slab;
                    Interlocked.Add(ref s_cachedBytes, SlabBytes);
                }
                else
                {
                    UnmapSlab(slab);
                }
            }
        }
        finally { c.Exit(); }
    }

    private static void UnmapSlab(Slab slab)
    {
        if (LibC.Available) LibC.Unmap((void*)slab.Base, SlabBytes);
        else NativeMemory.AlignedFree((void*)slab.Base);
        Interlocked.Add(ref s_slabBytes, -SlabBytes);
    }

    // ---- medium: malloc ------------------------------------------------------------------------------------------

    private static NativeBlock MallocAllocate(nint bytes, int alignment, bool zero)
    {
        // glibc's malloc returns 16-byte aligned blocks; ask for the slack and align inside, so the padding is part of
        // the block that malloc_usable_size measures (aligned_alloc would hide it in a separate free fragment).
        nint slack = alignment > 16 ? alignment - 16 : 0;
        void* start = NativeMemory.Alloc((nuint)(bytes + slack));
        if (start is null) return default;
        nint address = ((nint)start + alignment - 1) & ~(nint)(alignment - 1);
        if (zero) NativeMemory.Clear((void*)address, (nuint)bytes);
        nint footprint = (nint)LibC.UsableSize(start) + MallocHeaderBytes;
        return new NativeBlock(address, (nint)start, footprint, NativeAllocation.Malloc, null);
    }

    private static NativeBlock FallbackAllocate(nint bytes, int alignment, bool zero)
    {
        nint size = Math.Max(bytes, alignment);
        void* p = NativeMemory.AlignedAlloc((nuint)size, (nuint)alignment);
        if (p is null) return default;
        if (zero) NativeMemory.Clear(p, (nuint)bytes);
        nint footprint = (size + alignment - 1) / alignment * alignment + 16;
        return new NativeBlock((nint)p, (nint)p, footprint, NativeAllocation.Malloc, null);
    }

    // ---- large: own mappings -------------------------------------------------------------------------------------

    private static NativeBlock PagesAllocate(nint bytes, int alignment, bool zero)
    {
        nint length = (bytes + PageSize - 1) & ~(nint)(PageSize - 1);
        if (!zero && TakeCachedMapping(length) is var cached and not 0)
            return new NativeBlock(cached, cached, length, NativeAllocation.Pages, null);
        // Huge pages need 2 MiB-aligned ranges; a stricter alignment setting wins.
        nint align = Math.Max(alignment, (nint)HugePageSize);
        nint mapped = length + align;
        nint raw = (nint)LibC.MapAnonymous((nuint)mapped);
        if (raw == 0) return default;
        nint start = (raw + align - 1) & ~(align - 1);
        if (start > raw) LibC.Unmap((void*)raw, (nuint)(start - raw));
        nint tail = raw + mapped - (start + length);
        if (tail > 0) LibC.Unmap((void*)(start + length), (nuint)tail);
        LibC.AdviseHugePages((void*)start, (nuint)length);
        // Fresh anonymous pages are zero: no clear, and no resident memory until a page is touched.
        return new NativeBlock(start, start, length, NativeAllocation.Pages, null);
    }

    private static nint TakeCachedMapping(nint length)
    {
        lock (s_largeCache)
        {
            for (int i = s_largeCache.Count - 1; i >= 0; i--)
            {
                if (s_largeCache[i].Length != length) continue;
                nint start = s_largeCache[i].Start;
                s_largeCache.RemoveAt(i);
                Interlocked.Add(ref s_cachedBytes, -length);
                return start;
            }
        }
        return 0;
    }

    private static void PagesFree(nint start, nint length)
    {
        // Keep a few freed mappings for reuse (a loop of allocating operations then runs without page faults);
        // never more than LargeCacheMaxBytes, oldest returned to the OS first.
        if (length <= LargeCacheMaxEntryBytes)
        {
            var evicted = new List<(nint, nint)>();
            lock (s_largeCache)
            {
                s_largeCache.Add((start, length));
                Interlocked.Add(ref s_cachedBytes, length);
                long total = 0;
                foreach (var (_, l) in s_largeCache) total += l;
                while (s_largeCache.Count > LargeCacheMaxCount || total > LargeCacheMaxBytes)
                {
                    var old = s_largeCache[0];
                    s_largeCache.RemoveAt(0);
                    total -= old.Length;
                    Interlocked.Add(ref s_cachedBytes, -old.Length);
                    evicted.Add(old);
                }
            }
            foreach (var (s, l) in evicted) LibC.Unmap((void*)s, (nuint)l);
            return;
        }
        LibC.Unmap((void*)start, (nuint)length);
    }
}

/// <summary>One size class of slabs; its lock (<see cref="Enter"/>/<see cref="Exit"/>) guards its slabs and counts.</summary>
/// <remarks>
/// The lock is one compare-exchange to take and a plain store to release, where a <c>lock</c> statement (Monitor) took two
/// interlocked operations and a global slot counter a third: ~50 ns of a one-element array's allocate/free pair. It is
/// held for a few instructions, except when a slab is mapped or unmapped (a system call); waiters spin, then yield.
/// </remarks>
internal sealed class SizeClass(int slotSize)
{
    private SpinLatch _latch;
    public int SlotSize { get; } = slotSize;
    /// <summary>Bytes of this class's slots held by live buffers (written under the lock, read by anyone).</summary>
    public long SlotBytesInUse;

    /// <summary>Takes the class's lock.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Enter() => _latch.Enter();

    /// <summary>Returns the class's lock.</summary>
    public void Exit() => _latch.Exit();
    /// <summary>Head of the list of slabs with a free slot.</summary>
    public Slab? Partial;
    /// <summary>The one empty slab kept mapped.</summary>
    public Slab? CachedEmpty;

    public void AddPartial(Slab s)
    {
        s.Prev = null;
        s.Next = Partial;
        if (Partial is not null) Partial.Prev = s;
        Partial = s;
    }

    public void RemovePartial(Slab s)
    {
        if (s.Prev is not null) s.Prev.Next = s.Next; else if (Partial == s) Partial = s.Next;
        if (s.Next is not null) s.Next.Prev = s.Prev;
        s.Prev = s.Next = null;
    }
}

/// <summary>
/// One slab: <see cref="NativeAllocator.SlabBytes"/> of memory cut into equal slots. Never-used slots are taken in order
/// (a bump index); freed slots form a list threaded through the slots themselves, so the slab needs no native header.
/// </summary>
internal sealed class Slab(SizeClass c, nint b)
{
    public SizeClass Class { get; } = c;
    public nint Base { get; } = b;
    public int Capacity { get; } = NativeAllocator.SlabBytes / c.SlotSize;
    public int Bump;
    public int FreeHead = -1;
    public int Used;
    /// <summary>Slots past the bump index may hold old data (the slab was emptied and reused).</summary>
    public bool Dirty;
    public Slab? Prev, Next;
}

/// <summary>
/// A lock for a few instructions of bookkeeping: one compare-exchange to take, a plain store to return; waiters spin,
/// then yield. Keep it in a mutable field and call it in place (a copy is another lock).
/// </summary>
internal struct SpinLatch
{
    private int _busy;

    /// <summary>Takes the lock.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Enter()
    {
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0) EnterContended();
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void EnterContended()
    {
        var spin = new SpinWait();
        do spin.SpinOnce(sleep1Threshold: -1);
        while (Volatile.Read(ref _busy) != 0 || Interlocked.CompareExchange(ref _busy, 1, 0) != 0);
    }

    /// <summary>Returns the lock.</summary>
    public void Exit() => Volatile.Write(ref _busy, 0);
}
