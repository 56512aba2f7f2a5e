using System.IO.Compression;

namespace NativeArrays.IO;

/// <summary>
/// Writes a NumPy .npz archive (NumPy's <c>np.savez</c> / <c>np.savez_compressed</c>): each <see cref="Add{T}"/> writes
/// one member <c>name.npy</c>, stored or deflated. Members larger than 4 GiB use zip64. Dispose to finish the archive.
/// </summary>
public sealed class NpzWriter : IDisposable
{
    private readonly ZipArchive _zip;
    private readonly CompressionLevel _level;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly string? _path;
    private bool _disposed;

    /// <summary>
    /// Starts an archive in <paramref name="stream"/>; <paramref name="compress"/> deflates every member
    /// (<c>savez_compressed</c>), otherwise members are stored (<c>savez</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The stream is not writable.</exception>
    public NpzWriter(Stream stream, bool compress = false, bool leaveOpen = false)
        : this(stream, compress, leaveOpen, null)
    {
    }

    private NpzWriter(Stream stream, bool compress, bool leaveOpen, string? path)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite) throw new ArgumentException("The stream is not writable.", nameof(stream));
        _level = compress ? CompressionLevel.Optimal : CompressionLevel.NoCompression;
        _zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen);
        _path = path;
    }

    /// <summary>Creates (or replaces) the .npz file at <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The file cannot be created.</exception>
    public static NpzWriter Create(string path, bool compress = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        try { return new NpzWriter(file, compress, leaveOpen: false, path); }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Whether members are deflated.</summary>
    public bool Compress => _level != CompressionLevel.NoCompression;

    /// <summary>Names added so far.</summary>
    public IReadOnlyCollection<string> Names => _names;

    /// <summary>
    /// Writes <paramref name="array"/> as member <c><paramref name="name"/>.npy</c> (C order, or Fortran order when the
    /// array is only F-contiguous, as <see cref="Npy.Save{T}(Stream, NDArray{T}, NpyFormatVersion)"/>).
    /// </summary>
    /// <exception cref="ArgumentException">An empty name, a name with a NUL character, or a name already added.</exception>
    public void Add<T>(string name, NDArray<T> array) where T : unmanaged
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(array);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (name.Contains('\0')) throw new ArgumentException("An array name cannot contain NUL characters.", nameof(name));
        array.ThrowIfDisposed();
        if (!_names.Add(name)) throw new ArgumentException($"An array named '{name}' was already added.", nameof(name));
        var entry = _zip.CreateEntry(name + ".npy", _level);
        using var member = entry.Open();
        Npy.Save(member, array);
    }

    /// <summary>Writes the zip directory and closes the archive (and the stream unless it was left open).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _zip.Dispose();
    }

    /// <inheritdoc/>
    public override string ToString() => $"NpzWriter({_path ?? "stream"}, {_names.Count} arrays, {(Compress ? "deflated" : "stored")})";
}
