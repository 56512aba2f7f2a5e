using System.IO.MemoryMappedFiles;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace NativeArrays.Memory;

/// <summary>How a file is mapped; the values are those of the public <c>NpyMapMode</c> (NumPy's <c>mmap_mode</c>).</summary>
internal enum MapAccess
{
    /// <summary><c>"r"</c>: read-only pages.</summary>
    ReadOnly = 0,
    /// <summary><c>"r+"</c>: writes reach the file.</summary>
    ReadWrite = 1,
    /// <summary><c>"c"</c>: copy-on-write; the file never changes.</summary>
    CopyOnWrite = 2,
}

/// <summary>
/// One mapped file view behind a <see cref="NativeBuffer"/> of kind <see cref="NativeBufferKind.MemoryMapped"/>:
/// the buffer's release callback (run by the last lease, or by the buffer's finalizer on the finalizer thread)
/// returns the view pointer and disposes the accessor and the map, exactly once and never throwing.
/// </summary>
/// <remarks>Read by the inspector: see <c>Diagnostics/InspectorContract.cs</c>.</remarks>
internal sealed unsafe class MappedRegion
{
    private static readonly ConditionalWeakTable<NativeBuffer, MappedRegion> s_regions = new();

    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly string _path;
    private readonly int _mode;
    private int _released;

    public string Path => _path;
    public MapAccess Mode => (MapAccess)_mode;

    private MappedRegion(string path, MapAccess mode, MemoryMappedFile map, MemoryMappedViewAccessor view)
    {
        _path = path;
        _mode = (int)mode;
        _map = map;
        _view = view;
    }

    /// <summary>The region behind a mapped buffer, or null for heap buffers.</summary>
    public static MappedRegion? Of(NativeBuffer buffer) => s_regions.TryGetValue(buffer, out var r) ? r : null;

    /// <summary>
    /// Maps the whole of <paramref name="file"/> (whose length the caller has checked) and returns a buffer with no lease
    /// over <paramref name="dataLength"/> bytes at <paramref name="dataOffset"/>. On any failure everything opened so far,
    /// the file included, is disposed.
    /// </summary>
    public static NativeBuffer Map(FileStream file, long dataOffset, long dataLength, int elementSize, string elementType,
        MapAccess mode, string path)
    {
        var (mapAccess, viewAccess) = mode switch
        {
            MapAccess.ReadOnly => (MemoryMappedFileAccess.Read, MemoryMappedFileAccess.Read),
            MapAccess.ReadWrite => (MemoryMappedFileAccess.ReadWrite, MemoryMappedFileAccess.ReadWrite),
            _ => (MemoryMappedFileAccess.CopyOnWrite, MemoryMappedFileAccess.CopyOnWrite),
        };
        MemoryMappedFile? map = null;
        MemoryMappedViewAccessor? view = null;
        bool acquired = false;
        try
        {
            map = MemoryMappedFile.CreateFromFile(file, mapName: null, capacity: 0, mapAccess, HandleInheritability.None, leaveOpen: false);
            view = map.CreateViewAccessor(0, 0, viewAccess);
            byte* start = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
            acquired = true;
            byte* data = start + view.PointerOffset + dataOffset;
            var region = new MappedRegion(path, mode, map, view);
            // Pages are page-aligned; the data is as aligned as its offset allows (64 for files NumPy writes).
            int alignment = (int)Math.Min(4096, 1L << BitOperations.TrailingZeroCount((ulong)(nint)data | 4096));
            var buffer = NativeBuffer.Wrap((nint)data, (nint)dataLength, elementSize, elementType,
                NativeBufferKind.MemoryMapped, alignment, region.Release);
            s_regions.AddOrUpdate(buffer, region);
            return buffer;
        }
        catch
        {
            if (acquired) view!.SafeMemoryMappedViewHandle.ReleasePointer();
            view?.Dispose();
            if (map is not null) map.Dispose(); else file.Dispose();
            throw;
        }
    }

    /// <summary>Writes dirty pages of a read-write map to the file (msync / FlushViewOfFile).</summary>
    public void Flush()
    {
        if (Mode == MapAccess.ReadWrite) _view.Flush();
    }

    /// <summary>
    /// Returns the view pointer and disposes the view and the map. Runs once; may run on the finalizer thread, where
    /// an exception would end the process, so failures are swallowed (the OS reclaims the mapping at exit).
    /// </summary>
    private void Release(nint address)
    {
        if (Interlocked.Exchange(ref _released, 1) != 0) return;
        try { _view.SafeMemoryMappedViewHandle.ReleasePointer(); } catch (Exception) { /* already closed */ }
        try { _view.Dispose(); } catch (Exception) { /* finalizer thread: never throw */ }
        try { _map.Dispose(); } catch (Exception) { /* finalizer thread: never throw */ }
    }
}
