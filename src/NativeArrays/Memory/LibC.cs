using System.Runtime.InteropServices;

namespace NativeArrays.Memory;

/// <summary>
/// The few C library calls the allocator needs on Linux: <c>malloc_usable_size</c> (what glibc really reserved for a
/// block), anonymous <c>mmap</c>/<c>munmap</c> (zero pages, returned to the OS at once) and <c>madvise</c> (transparent
/// huge pages). <see cref="Available"/> is false elsewhere, and the allocator falls back to <see cref="NativeMemory"/>.
/// </summary>
internal static unsafe partial class LibC
{
    private const string Library = "libc.so.6";
    private const int ProtRead = 0x1, ProtWrite = 0x2;
    private const int MapPrivate = 0x02, MapAnon = 0x20;
    private const int MadvHugePage = 14, MadvNoHugePage = 15, MadvWipeOnFork = 18;

    /// <summary>Whether the calls below can be made (Linux with glibc or a libc that has them).</summary>
    public static bool Available { get; } = Probe();

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            void* p = NativeMemory.Alloc(16);
            try { return malloc_usable_size(p) >= 16; }
            finally { NativeMemory.Free(p); }
        }
        catch (DllNotFoundException) { return false; }
        catch (EntryPointNotFoundException) { return false; }
    }

    /// <summary>Bytes usable in a block from <c>malloc</c> (at least the requested size).</summary>
    public static nuint UsableSize(void* block) => malloc_usable_size(block);

    /// <summary>Maps <paramref name="length"/> bytes of fresh anonymous zero pages; null when the OS refuses.</summary>
    public static void* MapAnonymous(nuint length)
    {
        void* p = mmap(null, length, ProtRead | ProtWrite, MapPrivate | MapAnon, -1, 0);
        return p == (void*)-1 ? null : p;
    }

    /// <summary>Returns pages to the OS.</summary>
    public static void Unmap(void* address, nuint length)
    {
        if (length > 0 && munmap(address, length) != 0)
            throw new InvalidOperationException($"munmap(0x{(nint)address:x}, {length}) failed with errno {Marshal.GetLastPInvokeError()}.");
    }

    /// <summary>Advises transparent huge pages for a range (ignored by kernels without THP).</summary>
    public static bool AdviseHugePages(void* address, nuint length) => madvise(address, length, MadvHugePage) == 0;

    /// <summary>
    /// Marks a slab: never backed by huge pages (a huge page would make 2 MiB resident for a few small buffers) and
    /// wiped in a forked child (which only ever execs). The two flags together keep the kernel from merging a slab with
    /// an unrelated mapping (thread stacks are no-huge-page too), so <c>/proc/self/smaps</c> shows the slabs apart.
    /// </summary>
    public static void AdviseSlab(void* address, nuint length)
    {
        _ = madvise(address, length, MadvNoHugePage);
        _ = madvise(address, length, MadvWipeOnFork);
    }

    [LibraryImport(Library)]
    private static partial nuint malloc_usable_size(void* block);

    [LibraryImport(Library, SetLastError = true)]
    private static partial void* mmap(void* address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport(Library, SetLastError = true)]
    private static partial int munmap(void* address, nuint length);

    [LibraryImport(Library, SetLastError = true)]
    private static partial int madvise(void* address, nuint length, int advice);
}
