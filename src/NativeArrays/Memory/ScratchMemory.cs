using System.Runtime.InteropServices;

namespace NativeArrays.Memory;

/// <summary>
/// Working memory of one kernel call, freed before it returns: sort keys, scan blocks, the compact copies of operands
/// that overlap the output, the second half of a split reduction. Not a buffer (no array holds it, the tracker does
/// not list it), but large blocks come from the buffers' allocator: from <see cref="NativeAllocator.LargeMinBytes"/> a
/// block is its own mapping advised for huge pages and goes back to the allocator's cache of freed mappings (reported
/// apart, released on demand) so that the next large call reuses it. Through <c>malloc</c> every such call mapped
/// fresh 4 KiB pages: a float32 sort of 1.6·10⁷ faulted in 128 MB of keys (31,000 faults) every call.
/// Smaller blocks are <see cref="NativeMemory.AlignedAlloc"/>. Every block is 64-byte aligned.
/// </summary>
internal static unsafe class ScratchMemory
{
    // The block's first 64 bytes: its length (large blocks) and whether it is a mapping; the caller gets what follows.
    private const int Header = 64;
    private const nint Mapped = 1;

    /// <summary>Whether a block of <paramref name="bytes"/> is a mapping of its own (large; reused through the allocator's cache).</summary>
    public static bool IsMapping(nint bytes) => bytes + Header >= NativeAllocator.LargeMinBytes && LibC.Available;

    /// <summary>A block of at least <paramref name="bytes"/> bytes (64-byte aligned); free it with <see cref="Free"/>.</summary>
    /// <exception cref="OutOfMemoryException">The memory cannot be had.</exception>
    public static void* Allocate(nint bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        nint total = checked(bytes + Header);
        nint* start;
        if (IsMapping(bytes))
        {
            var block = NativeAllocator.Allocate(total, Header, zero: false);
            if (block.Address == 0 || block.Kind != NativeAllocation.Pages)
            {
                if (block.Address != 0) NativeAllocator.Free(block.Address, block.Start, block.Footprint, block.Kind, block.Slab);
                throw new OutOfMemoryException($"Could not map {total} bytes of scratch memory.");
            }
            start = (nint*)block.Address;
            start[0] = block.Footprint;
            start[1] = Mapped;
        }
        else
        {
            start = (nint*)NativeMemory.AlignedAlloc((nuint)total, Header);
            start[1] = 0;
        }
        return (byte*)start + Header;
    }

    /// <summary>Returns a block from <see cref="Allocate"/> (null is ignored).</summary>
    public static void Free(void* block)
    {
        if (block == null) return;
        nint* start = (nint*)((byte*)block - Header);
        if (start[1] == Mapped) NativeAllocator.Free((nint)start, (nint)start, start[0], NativeAllocation.Pages, null);
        else NativeMemory.AlignedFree(start);
    }
}
