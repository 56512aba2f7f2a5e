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
    // Path form only: the archive is written to _temporary and renamed over _target when it is complete.
    private readonly FileStream? _file;
    private readonly string? _temporary, _target;
    private bool _failed;
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

    private NpzWriter(FileStream file, bool compress, string path, string temporary, string target)
        : this(file, compress, leaveOpen: true, path)
    {
        _file = file;
        _temporary = temporary;
        _target = target;
    }

    /// <summary>
    /// Creates (or replaces) the .npz file at <paramref name="path"/>. The archive is written under a temporary name in
    /// the same directory and renamed over <paramref name="path"/> by <see cref="Dispose"/>, after a flush to disk: until
    /// then the old file is untouched, and if an <see cref="Add{T}"/> or the final write fails, the old file stays as it
    /// was and no temporary remains.
    /// </summary>
    /// <exception cref="IOException">The file cannot be created.</exception>
    public static NpzWriter Create(string path, bool compress = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string target = FileSafety.ResolveTarget(path);
        var file = FileSafety.CreateTemporary(target, out string temporary, 1 << 16);
        try { return new NpzWriter(file, compress, path, temporary, target); }
        catch
        {
            FileSafety.Abandon(file, temporary);
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
        if (_failed) throw new InvalidOperationException($"A previous Add to {this} failed part-way; the archive cannot be completed (dispose the writer{(_target is null ? "" : "; the old file is kept")}).");
        if (name.Contains('\0')) throw new ArgumentException("An array name cannot contain NUL characters.", nameof(name));
        array.ThrowIfDisposed();
        if (!_names.Add(name)) throw new ArgumentException($"An array named '{name}' was already added.", nameof(name));
        // From here a failure leaves a partial member behind: the archive is not completed.
        _failed = true;
        var entry = _zip.CreateEntry(name + ".npy", _level);
        using (var member = entry.Open())
            Npy.Save(member, array);
        _failed = false;
    }

    /// <summary>
    /// Writes the zip directory and closes the archive (and the stream unless it was left open). For a file made by
    /// <see cref="Create"/>, the finished archive is flushed to disk and renamed over the target; after a failed
    /// <see cref="Add{T}"/>, or when this final write fails, the temporary is deleted and the old file is kept.
    /// </summary>
    /// <exception cref="IOException">The archive could not be finished (the old file is kept).</exception>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_file is null)
        {
            _zip.Dispose();
            return;
        }
        try
        {
            if (_failed)
            {
                FileSafety.Abandon(_file, _temporary!);
                return;
            }
            _zip.Dispose();
            FileSafety.Commit(_file, _temporary!, _target!);
        }
        catch
        {
            FileSafety.Abandon(_file, _temporary!);
            throw;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"NpzWriter({_path ?? "stream"}, {_names.Count} arrays, {(Compress ? "deflated" : "stored")})";
}
