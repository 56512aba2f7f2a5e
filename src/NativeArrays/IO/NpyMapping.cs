using System.IO.MemoryMappedFiles;
using System.Numerics;
using System.Runtime.CompilerServices;
using NativeArrays.Layout;
using NativeArrays.Memory;

namespace NativeArrays.IO;

/// <summary>How <see cref="Npy.Open{T}(string, NpyMapMode)"/> maps a file (NumPy's <c>mmap_mode</c>).</summary>
public enum NpyMapMode
{
    /// <summary><c>"r"</c>: read-only. The array is read-only; the pages are mapped without write permission.</summary>
    ReadOnly = 0,
    /// <summary><c>"r+"</c>: read-write. Writes reach the file (<see cref="Npy.Flush{T}(NDArray{T})"/> forces them out).</summary>
    ReadWrite = 1,
    /// <summary><c>"c"</c>: copy-on-write. Writes change private copies of the pages; the file never changes.</summary>
    CopyOnWrite = 2,
}

/// <summary>
/// One mapped file view behind a <see cref="NativeBuffer"/> of kind <see cref="NativeBufferKind.MemoryMapped"/>:
/// the buffer's release callback (run by the last lease, or by the buffer's finalizer on the finalizer thread)
/// returns the view pointer and disposes the accessor and the map, exactly once and never throwing.
/// </summary>
/// <remarks>
/// The inspector may read <c>_path</c> (the mapped file), <c>_mode</c> (0 r, 1 r+, 2 c) and <c>_released</c>; keep
/// those field names stable.
/// </remarks>
internal sealed unsafe class MappedRegion
{
    private static readonly ConditionalWeakTable<NativeBuffer, MappedRegion> s_regions = new();

    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly string _path;
    private readonly int _mode;
    private int _released;

    public string Path => _path;
    public NpyMapMode Mode => (NpyMapMode)_mode;

    private MappedRegion(string path, NpyMapMode mode, MemoryMappedFile map, MemoryMappedViewAccessor view)
    {
        _path = path;
        _mode = (int)mode;
        _map = map;
        _view = view;
    }

    /// <summary>The region behind a mapped buffer, or null for heap buffers.</summary>
    public static MappedRegion? Of(NativeBuffer buffer) => s_regions.TryGetValue(buffer, out var r) ? r : null;

    /// <summary>
    /// Maps the whole file, checks its length against the header, and returns an owner array over the data.
    /// On any failure everything opened so far is disposed.
    /// </summary>
    public static NDArray<T> Map<T>(FileStream file, NpyHeader header, NpyMapMode mode, string path) where T : unmanaged
    {
        long expected = checked(header.DataOffset + header.DataByteLength);
        long length = file.Length;
        if (length < expected)
            throw new InvalidDataException(
                $"'{path}' is truncated: shape {NDLayout.ShapeText(header.Shape)} of {header.ElementType} needs {header.DataByteLength} bytes of data after the {header.DataOffset}-byte header, but the file is {length} bytes.");
        if (length > expected)
            throw new InvalidDataException(
                $"'{path}' has {length - expected} bytes after the data that shape {NDLayout.ShapeText(header.Shape)} of {header.ElementType} describes; refusing a file whose header does not match its size.");
        if (expected > nint.MaxValue) throw new NotSupportedException($"'{path}' ({expected} bytes) cannot be mapped in a 32-bit process.");

        var (mapAccess, viewAccess) = mode switch
        {
            NpyMapMode.ReadOnly => (MemoryMappedFileAccess.Read, MemoryMappedFileAccess.Read),
            NpyMapMode.ReadWrite => (MemoryMappedFileAccess.ReadWrite, MemoryMappedFileAccess.ReadWrite),
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
            byte* data = start + view.PointerOffset + header.DataOffset;
            var region = new MappedRegion(path, mode, map, view);
            // Pages are page-aligned; the data is as aligned as its offset allows (64 for files NumPy writes).
            int alignment = (int)Math.Min(4096, 1L << BitOperations.TrailingZeroCount((ulong)(nint)data | 4096));
            var buffer = NativeBuffer.Wrap((nint)data, (nint)header.DataByteLength, sizeof(T), header.ElementType,
                NativeBufferKind.MemoryMapped, alignment, region.Release);
            s_regions.AddOrUpdate(buffer, region);
            var layout = NDLayout.CreateContiguous(header.Shape, header.FortranOrder);
            return new NDArray<T>(buffer, layout, 0, owner: true, readOnly: mode == NpyMapMode.ReadOnly);
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
        if (Mode == NpyMapMode.ReadWrite) _view.Flush();
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
