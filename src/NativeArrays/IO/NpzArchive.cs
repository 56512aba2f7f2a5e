using System.IO.Compression;
using NativeArrays.Layout;

namespace NativeArrays.IO;

/// <summary>
/// A NumPy .npz archive opened for reading (NumPy's <c>np.load("file.npz")</c>): a zip of .npy members, stored or
/// deflated, zip64 included. Only the zip's directory is read on opening; each array is read when it is loaded, by
/// name: <c>archive.Load&lt;float&gt;("x")</c> or <c>archive["x"].Load&lt;float&gt;()</c>. Not thread-safe for concurrent
/// loads from several threads (calls are serialized by a lock).
/// </summary>
public sealed class NpzArchive : IDisposable
{
    private readonly ZipArchive _zip;
    private readonly Dictionary<string, NpzEntry> _entries = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];
    private readonly long? _archiveLength;
    private readonly string _source;
    private bool _disposed;

    internal readonly Lock Sync = new();

    private NpzArchive(Stream stream, bool leaveOpen, string source)
    {
        _source = source;
        _archiveLength = stream.CanSeek ? stream.Length : null;
        try
        {
            _zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen);
        }
        catch (InvalidDataException e)
        {
            if (!leaveOpen) stream.Dispose();
            throw new InvalidDataException($"{source} is not a valid .npz (zip) archive: {e.Message}", e);
        }
        catch
        {
            if (!leaveOpen) stream.Dispose();
            throw;
        }
        foreach (var entry in _zip.Entries)
        {
            string member = entry.FullName;
            if (!member.EndsWith(".npy", StringComparison.Ordinal)) continue;
            string name = member[..^4];
            // NumPy's zipfile keeps the last of duplicated member names; so do we.
            if (!_entries.ContainsKey(name)) _names.Add(name);
            _entries[name] = new NpzEntry(this, entry, name);
        }
    }

    /// <summary>Opens the .npz file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a zip archive.</exception>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public static NpzArchive Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        return new NpzArchive(file, leaveOpen: false, $"'{path}'");
    }

    /// <summary>Opens an .npz archive held in <paramref name="stream"/> (which must be readable and seekable).</summary>
    /// <exception cref="ArgumentException">The stream cannot read or seek.</exception>
    /// <exception cref="InvalidDataException">The stream is not a zip archive.</exception>
    public static NpzArchive Open(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead || !stream.CanSeek) throw new ArgumentException("An .npz stream must be readable and seekable.", nameof(stream));
        return new NpzArchive(stream, leaveOpen, "The .npz stream");
    }

    /// <summary>Names of the arrays (member names without <c>.npy</c>), in archive order.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>Whether an array called <paramref name="name"/> (or <c>name.npy</c>) is in the archive.</summary>
    public bool Contains(string name) => Find(name) is not null;

    /// <summary>The member called <paramref name="name"/> (with or without <c>.npy</c>); nothing is read yet.</summary>
    /// <exception cref="KeyNotFoundException">No such member; the message lists the names there are.</exception>
    public NpzEntry this[string name] => Find(name) ?? throw new KeyNotFoundException(
        $"{_source} has no array '{name}'; it has {(_names.Count == 0 ? "none" : string.Join(", ", _names.Take(20).Select(n => $"'{n}'")) + (_names.Count > 20 ? ", ..." : ""))}.");

    /// <summary>Reads the array called <paramref name="name"/> into a new array (see <see cref="Npy.Load{T}(Stream)"/>).</summary>
    /// <exception cref="KeyNotFoundException">No such member.</exception>
    /// <exception cref="InvalidDataException">A malformed, truncated or oversized member.</exception>
    /// <exception cref="NotSupportedException">An element type NativeArrays does not hold.</exception>
    /// <exception cref="InvalidCastException">The member holds another element type.</exception>
    public NDArray<T> Load<T>(string name) where T : unmanaged => this[name].Load<T>();

    /// <summary>
    /// Reads the array called <paramref name="name"/> whatever its element type (NumPy's <c>np.load(...)[name]</c>):
    /// the type comes from the member's header; the typed array is <c>result.As&lt;T&gt;()</c>.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such member.</exception>
    /// <exception cref="InvalidDataException">A malformed, truncated or oversized member, or a bad CRC-32.</exception>
    /// <exception cref="NotSupportedException">An element type NativeArrays does not hold.</exception>
    public NpyArray Load(string name) => this[name].Load();

    /// <summary>Reads only the header of the array called <paramref name="name"/>.</summary>
    public NpyHeader ReadHeader(string name) => this[name].Header;

    private NpzEntry? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_entries.TryGetValue(name, out var e)) return e;
        return name.EndsWith(".npy", StringComparison.Ordinal) && _entries.TryGetValue(name[..^4], out e) ? e : null;
    }

    internal long? ArchiveLength => _archiveLength;
    internal string Source => _source;
    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Closes the archive (arrays already loaded stay valid).</summary>
    public void Dispose()
    {
        lock (Sync)
        {
            if (_disposed) return;
            _disposed = true;
            _zip.Dispose();
        }
    }
}

/// <summary>One array in an <see cref="NpzArchive"/>; reads nothing until asked.</summary>
public sealed class NpzEntry
{
    /// <summary>Deflate cannot expand data by more than about 1032 to 1 (Deflate64, which NumPy never writes, can).</summary>
    private const long MaxDeflateRatio = 1032;

    private readonly NpzArchive _archive;
    private readonly ZipArchiveEntry _entry;
    private NpyHeader? _header;

    internal NpzEntry(NpzArchive archive, ZipArchiveEntry entry, string name)
    {
        _archive = archive;
        _entry = entry;
        Name = name;
    }

    /// <summary>The array's name (member name without <c>.npy</c>).</summary>
    public string Name { get; }
    /// <summary>The zip member's name.</summary>
    public string MemberName => _entry.FullName;
    /// <summary>Uncompressed size of the member (header and data), as the zip directory states it.</summary>
    public long Length => _entry.Length;
    /// <summary>Compressed size of the member in the archive.</summary>
    public long CompressedLength => _entry.CompressedLength;

    /// <summary>The member's .npy header (read on first use).</summary>
    /// <exception cref="InvalidDataException">A malformed header.</exception>
    /// <exception cref="NotSupportedException">An element type NativeArrays does not hold.</exception>
    public NpyHeader Header
    {
        get
        {
            lock (_archive.Sync)
            {
                _archive.ThrowIfDisposed();
                if (_header is not null) return _header;
                using var stream = OpenMember();
                return _header = Npy.ReadHeaderCore(stream, SourceName);
            }
        }
    }

    private string SourceName => $"{_archive.Source} member '{MemberName}'";

    /// <summary>Reads the array into a new array in native heap memory.</summary>
    /// <exception cref="InvalidDataException">A malformed or truncated member, sizes that do not agree, or a CRC-32 that does not match the data.</exception>
    /// <exception cref="NotSupportedException">An element type NativeArrays does not hold, or an encrypted member.</exception>
    /// <exception cref="InvalidCastException">The member holds another element type; the message names it.</exception>
    public NDArray<T> Load<T>() where T : unmanaged
    {
        lock (_archive.Sync)
        {
            _archive.ThrowIfDisposed();
            string source = SourceName;
            long claimed = _entry.Length, compressed = _entry.CompressedLength;
            if (_archive.ArchiveLength is long archiveLength && compressed > archiveLength)
                throw new InvalidDataException($"{source} claims {compressed} compressed bytes in an archive of {archiveLength} bytes.");
            // Deflate cannot expand more than about 1032:1; a larger claim is not trusted with an up-front allocation
            // (the data is staged as it inflates instead, so a lying directory costs only what really arrives).
            bool plausible = claimed <= compressed || claimed / MaxDeflateRatio <= compressed + 1024;
            // Every byte of the member passes through the CRC: a member read whole is checked against the directory's
            // CRC-32 (NumPy's zipfile raises "Bad CRC-32"); reading only the header checks nothing.
            using var stream = new CrcReadStream(OpenMember());
            var header = Npy.ReadHeaderCore(stream, source);
            _header ??= header;
            NpyData.CheckType<T>(header, source);
            long expected = header.DataOffset + header.DataByteLength;
            if (claimed != expected)
                throw new InvalidDataException(
                    $"{source} is {claimed} bytes, but its header (shape {NDLayout.ShapeText(header.Shape)} of {header.ElementType}) describes {expected}.");
            var array = NpyData.Read<T>(stream, header, plausible ? claimed - header.DataOffset : null, source);
            if (stream.BytesRead != claimed || stream.Crc != _entry.Crc32)
            {
                array.Dispose();
                throw new InvalidDataException(stream.BytesRead != claimed
                    ? $"{source} gave {stream.BytesRead} bytes, but the zip directory says {claimed}."
                    : $"{source} is corrupt: bad CRC-32 (the zip directory says 0x{_entry.Crc32:x8}, the data gives 0x{stream.Crc:x8}).");
            }
            return array;
        }
    }

    /// <summary>Reads the array whatever its element type (the header gives it); the typed array is <c>result.As&lt;T&gt;()</c>.</summary>
    /// <exception cref="InvalidDataException">A malformed or truncated member, or a bad CRC-32.</exception>
    /// <exception cref="NotSupportedException">An element type NativeArrays does not hold, or an encrypted member.</exception>
    public NpyArray Load() => Npy.Load(this);

    private Stream OpenMember()
    {
        // General purpose flag bit 0: the member is encrypted; its bytes are not the array (NumPy refuses too).
        if (_entry.IsEncrypted)
            throw new NotSupportedException($"{SourceName} is encrypted (zip general purpose flag bit 0); NativeArrays does not read encrypted archives.");
        try { return _entry.Open(); }
        catch (InvalidDataException e) { throw new InvalidDataException($"{SourceName} cannot be read: {e.Message}", e); }
    }

    /// <summary>For example <c>x.npy (800 B, 120 B compressed)</c>.</summary>
    public override string ToString() => $"{MemberName} ({Length} B, {CompressedLength} B compressed)";
}
