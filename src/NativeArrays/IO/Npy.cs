using NativeArrays.Layout;
using NativeArrays.Memory;

namespace NativeArrays.IO;

/// <summary>
/// NumPy's .npy format: save and load arrays, read headers, and memory-map files as arrays (NumPy's
/// <c>np.save</c>, <c>np.load</c>, <c>np.load(mmap_mode=...)</c> and <c>np.lib.format.open_memmap</c>).
/// </summary>
/// <remarks>
/// Element types: bool (<c>|b1</c>), sbyte/byte (<c>|i1</c>/<c>|u1</c>), short/ushort, int/uint, long/ulong,
/// Half (<c>&lt;f2</c>), float, double, in either byte order (big-endian data is byte-swapped on load). Fortran-order
/// files load as arrays with column-major strides (no copy). Object (pickled), structured, string, complex and date
/// dtypes are refused with <see cref="NotSupportedException"/>; malformed, truncated or oversized files with
/// <see cref="InvalidDataException"/>. Nothing is allocated on a header's word before the file's length confirms it.
/// </remarks>
public static partial class Npy
{
    /// <summary>Largest header accepted, in characters: NumPy's <c>max_header_size</c> default (10000).</summary>
    public const int MaxHeaderSize = 10000;

    // ---- Save ---------------------------------------------------------------------------------------------------

    /// <summary>
    /// Writes <paramref name="array"/> to a new .npy file at <paramref name="path"/> (replacing an existing one), as
    /// NumPy's <c>np.save</c> would: C order, or Fortran order without copying when the array is only F-contiguous;
    /// any other view is written in C order. The lowest format version that fits is used unless <paramref name="version"/> says.
    /// The file is written under a temporary name in the same directory, flushed to disk and renamed over the target only
    /// then: when anything fails (a full disk, ...) the old file is intact and no temporary remains.
    /// </summary>
    /// <exception cref="ArgumentNullException">A null argument.</exception>
    /// <exception cref="ArgumentException">The header does not fit the requested version.</exception>
    /// <exception cref="ObjectDisposedException">The array was disposed.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Save<T>(string path, NDArray<T> array, NpyFormatVersion version = NpyFormatVersion.Auto) where T : unmanaged
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(array);
        array.ThrowIfDisposed();
        string target = FileSafety.ResolveTarget(path);
        FileSafety.ThrowIfLocked(target);
        var file = FileSafety.CreateTemporary(target, out string temporary, 1 << 16);
        try
        {
            Save(file, array, version);
            FileSafety.Commit(file, temporary, target);
        }
        catch
        {
            FileSafety.Abandon(file, temporary);
            throw;
        }
    }

    /// <summary>Writes <paramref name="array"/> as .npy to <paramref name="stream"/> (at its position; left open).</summary>
    /// <exception cref="ArgumentNullException">A null argument.</exception>
    /// <exception cref="ArgumentException">The stream is not writable, or the header does not fit the requested version.</exception>
    public static void Save<T>(Stream stream, NDArray<T> array, NpyFormatVersion version = NpyFormatVersion.Auto) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(array);
        if (!stream.CanWrite) throw new ArgumentException("The stream is not writable.", nameof(stream));
        var dtype = NpyDType.Of<T>();
        // NumPy's rule: C order when C-contiguous, Fortran order when only F-contiguous, else C order (gathered).
        bool fortran = !array.IsCContiguous && array.IsFContiguous;
        byte[] header = NpyHeader.Build(dtype, fortran, array.Shape, version, out _);
        stream.Write(header);
        NpyData.Write(stream, array, fortran);
    }

    // ---- Load ---------------------------------------------------------------------------------------------------

    /// <summary>
    /// Reads the .npy file at <paramref name="path"/> into a new array (native heap memory). The file's element type
    /// must be <typeparamref name="T"/> (see <see cref="ReadHeader(string)"/>); big-endian data is byte-swapped,
    /// Fortran-order data keeps column-major strides. The file's size must match its header exactly.
    /// </summary>
    /// <exception cref="InvalidDataException">Not an .npy file, or malformed, truncated, oversized or with trailing bytes.</exception>
    /// <exception cref="NotSupportedException">An element type or format version NativeArrays does not read.</exception>
    /// <exception cref="InvalidCastException">The file holds another element type; the message names it.</exception>
    public static NDArray<T> Load<T>(string path) where T : unmanaged
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan);
        string source = $"'{path}'";
        var header = ReadHeaderCore(file, source);
        NpyData.CheckType<T>(header, source);
        if (!file.CanSeek) return NpyData.Read<T>(file, header, null, source); // a pipe or device: staged as it arrives
        long available = file.Length - file.Position;
        if (available > header.DataByteLength)
            throw new InvalidDataException(
                $"{source} has {available - header.DataByteLength} bytes after the data that shape {NDLayout.ShapeText(header.Shape)} of {header.ElementType} describes; refusing a file whose header does not match its size.");
        return NpyData.Read<T>(file, header, available, source);
    }

    /// <summary>
    /// Reads one .npy array from <paramref name="stream"/> at its position and leaves the stream just after it (so
    /// several arrays saved one after another can be read in turn, as with NumPy). When the stream can seek, a
    /// header promising more data than the stream holds is refused before allocating; otherwise large data is
    /// staged as it arrives, so a lying header can never cause an allocation much larger than the real data.
    /// </summary>
    /// <exception cref="InvalidDataException">Not an .npy stream, or malformed, truncated or oversized.</exception>
    /// <exception cref="NotSupportedException">An element type or format version NativeArrays does not read.</exception>
    /// <exception cref="InvalidCastException">The stream holds another element type; the message names it.</exception>
    public static NDArray<T> Load<T>(Stream stream) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead) throw new ArgumentException("The stream is not readable.", nameof(stream));
        const string source = "The .npy stream";
        var header = ReadHeaderCore(stream, source);
        NpyData.CheckType<T>(header, source);
        long? available = stream.CanSeek ? Math.Max(0, stream.Length - stream.Position) : null;
        return NpyData.Read<T>(stream, header, available, source);
    }

    /// <summary>Reads only the header of the .npy file at <paramref name="path"/>: element type, shape, order, version.</summary>
    /// <exception cref="InvalidDataException">Not an .npy file, or a malformed or oversized header.</exception>
    /// <exception cref="NotSupportedException">An element type or format version NativeArrays does not read.</exception>
    public static NpyHeader ReadHeader(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        return ReadHeaderCore(file, $"'{path}'");
    }

    /// <summary>Reads only an .npy header from <paramref name="stream"/>, leaving the stream at the first data byte.</summary>
    /// <exception cref="InvalidDataException">Not an .npy stream, or a malformed or oversized header.</exception>
    /// <exception cref="NotSupportedException">An element type or format version NativeArrays does not read.</exception>
    public static NpyHeader ReadHeader(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead) throw new ArgumentException("The stream is not readable.", nameof(stream));
        return ReadHeaderCore(stream, "The .npy stream");
    }

    internal static NpyHeader ReadHeaderCore(Stream stream, string source)
    {
        try { return NpyHeader.Read(stream, MaxHeaderSize); }
        catch (InvalidDataException e) when (!e.Message.StartsWith(source, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{source}: {e.Message}", e);
        }
        catch (NotSupportedException e)
        {
            throw new NotSupportedException($"{source}: {e.Message}", e);
        }
    }

    // ---- Memory maps --------------------------------------------------------------------------------------------

    /// <summary>
    /// Maps the .npy file at <paramref name="path"/> and returns an array over the mapped data (NumPy's
    /// <c>np.load(path, mmap_mode=...)</c>). Nothing is read up front: pages load as they are touched, so files larger
    /// than memory work. The array owns a <see cref="NativeBuffer"/> of kind <see cref="NativeBufferKind.MemoryMapped"/>
    /// with the usual lease rules: views of it are views, and the map is closed when the last array holding it is
    /// disposed. In <see cref="NpyMapMode.ReadOnly"/> mode the array is read-only.
    /// </summary>
    /// <exception cref="InvalidDataException">Malformed header, or the file's size does not match it.</exception>
    /// <exception cref="NotSupportedException">Big-endian data (it cannot be used in place; use <see cref="Load{T}(string)"/>), or an unsupported dtype.</exception>
    /// <exception cref="InvalidCastException">The file holds another element type.</exception>
    public static NDArray<T> Open<T>(string path, NpyMapMode mode = NpyMapMode.ReadOnly) where T : unmanaged
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!Enum.IsDefined(mode)) throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown map mode.");
        var access = mode == NpyMapMode.ReadWrite ? FileAccess.ReadWrite : FileAccess.Read;
        var file = new FileStream(path, FileMode.Open, access, FileShare.Read | FileShare.Delete, 1);
        try
        {
            string source = $"'{path}'";
            var header = ReadHeaderCore(file, source);
            NpyData.CheckType<T>(header, source);
            if (header.IsBigEndian)
                throw new NotSupportedException(
                    $"{source} holds big-endian {header.ElementType} ('{header.Descr}'), which cannot be used in place; load it with Npy.Load (which byte-swaps) or rewrite it little-endian.");
            return NpyMapping.Map<T>(file, header, mode, Path.GetFullPath(path));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Same as <see cref="Open{T}(string, NpyMapMode)"/> with NumPy's mode strings: <c>"r"</c> (read-only),
    /// <c>"r+"</c> (read-write), <c>"c"</c> (copy-on-write).
    /// </summary>
    /// <exception cref="ArgumentException">Another mode string (<c>"w+"</c> is <see cref="Create{T}"/>).</exception>
    public static NDArray<T> Open<T>(string path, string mode) where T : unmanaged => Open<T>(path, ParseMode(mode));

    /// <summary>Converts NumPy's <c>mmap_mode</c> string to <see cref="NpyMapMode"/>.</summary>
    /// <exception cref="ArgumentException">Not "r", "r+" or "c".</exception>
    public static NpyMapMode ParseMode(string mode) => mode switch
    {
        "r" or "readonly" => NpyMapMode.ReadOnly,
        "r+" or "readwrite" => NpyMapMode.ReadWrite,
        "c" or "copyonwrite" => NpyMapMode.CopyOnWrite,
        "w+" or "write" => throw new ArgumentException("Mode \"w+\" creates a file: use Npy.Create.", nameof(mode)),
        null => throw new ArgumentNullException(nameof(mode)),
        _ => throw new ArgumentException($"Unknown map mode \"{mode}\"; use \"r\", \"r+\" or \"c\".", nameof(mode)),
    };

    /// <summary>
    /// Creates (or replaces) an .npy file of <paramref name="shape"/> at <paramref name="path"/> and maps it read-write
    /// (NumPy's <c>open_memmap(path, mode="w+")</c>). The data starts as zeros. By default the file's blocks are
    /// reserved now (<c>posix_fallocate</c> on Linux; metadata only on ext4/xfs/btrfs), so a file system without room
    /// is an <see cref="IOException"/> here instead of a SIGBUS that kills the process when a page is first written.
    /// With <paramref name="sparse"/> the file is only sized (NumPy's behaviour): it costs nothing until written, but
    /// writing a page when the disk is full ends the process.
    /// </summary>
    /// <exception cref="ArgumentException">A negative dimension or a rank above the maximum.</exception>
    /// <exception cref="IOException">The file cannot be created, or its blocks cannot be reserved (no room).</exception>
    public static NDArray<T> Create<T>(string path, ReadOnlySpan<nint> shape, bool fortranOrder = false, bool sparse = false) where T : unmanaged
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var dtype = NpyDType.Of<T>();
        nint size = NDLayout.CheckedSize(shape);
        long dataBytes;
        try { dataBytes = checked((long)size * dtype.Size); }
        catch (OverflowException) { throw new ArgumentOutOfRangeException(nameof(shape), $"Shape {NDLayout.ShapeText(shape)} of {dtype.Name} overflows 2^63 bytes."); }
        byte[] headerBytes = NpyHeader.Build(dtype, fortranOrder, shape, NpyFormatVersion.Auto, out var version);
        string full = Path.GetFullPath(path);
        // Built under a temporary name and renamed over the target: a file that is mapped elsewhere is never truncated
        // under its map (which would fault on the next access); that map keeps the old file's data.
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, 1);
        try
        {
            file.Write(headerBytes);
            long length = checked(headerBytes.Length + dataBytes);
            if (sparse) file.SetLength(length);
            else FileSafety.Reserve(file, length, full);
            file.Flush();
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            file.Dispose();
            TryDelete(temp);
            throw;
        }
        var header = new NpyHeader(version, dtype, fortranOrder, shape.ToArray(), headerBytes.Length);
        return NpyMapping.Map<T>(file, header, NpyMapMode.ReadWrite, full);
    }

    /// <summary>
    /// Writes the dirty pages of a read-write mapped array (or any view of one) to its file. A no-op for read-only
    /// and copy-on-write maps.
    /// </summary>
    /// <exception cref="ArgumentException">The array is not backed by a memory-mapped file.</exception>
    /// <exception cref="ObjectDisposedException">The array was disposed.</exception>
    public static void Flush<T>(NDArray<T> array) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        // The pin keeps the map alive while it is flushed, even if another thread disposes the last other lease.
        using var pin = array.Pin();
        var region = MappedRegion.Of(array.Buffer)
            ?? throw new ArgumentException($"The array (buffer #{array.Buffer.Id}, {array.Buffer.Kind}) is not backed by a memory-mapped .npy file.", nameof(array));
        region.Flush();
    }

    /// <summary>The file behind a memory-mapped array (or view), or null for an array in heap memory.</summary>
    public static string? MappedPath<T>(NDArray<T> array) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        return MappedRegion.Of(array.Buffer)?.Path;
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
