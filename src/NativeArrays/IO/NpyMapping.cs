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

/// <summary>Maps a <c>.npy</c> file's data as an owner array (the mapping itself is <see cref="MappedRegion"/>, in Memory).</summary>
internal static unsafe class NpyMapping
{
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

        var buffer = MappedRegion.Map(file, header.DataOffset, header.DataByteLength, sizeof(T), header.ElementType, (MapAccess)(int)mode, path);
        var layout = NDLayout.CreateContiguous(header.Shape, header.FortranOrder);
        return new NDArray<T>(buffer, layout, 0, owner: true, readOnly: mode == NpyMapMode.ReadOnly);
    }
}
