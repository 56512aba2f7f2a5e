using System.Runtime.InteropServices;

namespace NativeArrays.IO;

/// <summary>
/// Writing files so that a failure loses nothing: a new file is written under a temporary name in the target's directory,
/// flushed to disk, then renamed over the target (the rename is atomic on one file system); on failure the temporary is
/// deleted and the old file is left as it was. Also reserves the blocks of memory-mapped files up front.
/// </summary>
internal static partial class FileSafety
{
    /// <summary>
    /// The path to replace for <paramref name="path"/>: its full form, or the final target when it is a symbolic link
    /// (so saving through a link replaces the linked file, not the link).
    /// </summary>
    public static string ResolveTarget(string path)
    {
        string full = Path.GetFullPath(path);
        try
        {
            var info = new FileInfo(full);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target) return target.FullName;
        }
        catch (IOException) { /* a broken link or a race: replace the path itself */ }
        catch (UnauthorizedAccessException) { }
        return full;
    }

    /// <summary>A new temporary file next to <paramref name="target"/> (hidden name, unique).</summary>
    public static FileStream CreateTemporary(string target, out string temporary, int bufferSize)
    {
        temporary = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        return new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, bufferSize);
    }

    /// <summary>
    /// Fails with <see cref="IOException"/> when <paramref name="target"/> exists and is open elsewhere in this process
    /// without write sharing (a memory map of it): replacing it would be refused by the old in-place save, and stays so.
    /// </summary>
    public static void ThrowIfLocked(string target)
    {
        if (!File.Exists(target)) return;
        using var probe = new FileStream(target, FileMode.Open, FileAccess.Write, FileShare.None, 1);
    }

    /// <summary>Flushes <paramref name="file"/> to disk, closes it and renames <paramref name="temporary"/> over <paramref name="target"/>.</summary>
    public static void Commit(FileStream file, string temporary, string target)
    {
        file.Flush(flushToDisk: true);
        file.Dispose();
        if (!OperatingSystem.IsWindows() && File.Exists(target))
        {
            try { File.SetUnixFileMode(temporary, File.GetUnixFileMode(target)); }
            catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        File.Move(temporary, target, overwrite: true);
    }

    /// <summary>Closes and deletes a temporary after a failure (never throws).</summary>
    public static void Abandon(FileStream? file, string temporary)
    {
        try { file?.Dispose(); } catch (IOException) { /* a failed final write: the file goes anyway */ }
        try { File.Delete(temporary); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>
    /// Sizes <paramref name="file"/> to <paramref name="length"/> bytes with its blocks allocated, so a full file system
    /// is an <see cref="IOException"/> now rather than a SIGBUS when a mapped page is first written. Linux:
    /// <c>posix_fallocate</c> (metadata only on ext4, xfs, btrfs, tmpfs); Windows: setting the length allocates the
    /// clusters; elsewhere the length is set and the file may stay sparse (a documented limitation).
    /// </summary>
    public static void Reserve(FileStream file, long length, string path)
    {
        if (!OperatingSystem.IsLinux() || length == 0)
        {
            file.SetLength(length);
            return;
        }
        file.Flush();
        var handle = file.SafeFileHandle;
        bool added = false;
        int error;
        try
        {
            handle.DangerousAddRef(ref added);
            error = posix_fallocate((int)handle.DangerousGetHandle(), 0, length);
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
        const int ENOSPC = 28, EFBIG = 27, EOPNOTSUPP = 95, EINVAL = 22, EDQUOT = 122;
        switch (error)
        {
            case 0:
                return;
            case ENOSPC or EDQUOT:
                throw new IOException($"No room for '{path}': {length} bytes cannot be reserved on its file system (posix_fallocate: {(error == ENOSPC ? "ENOSPC" : "EDQUOT")}).");
            case EFBIG:
                throw new IOException($"'{path}' cannot be {length} bytes long on its file system (posix_fallocate: EFBIG).");
            case EOPNOTSUPP or EINVAL:
                // A file system without fallocate (glibc usually emulates it): set the length and write one byte
                // per 4 KiB block so every block is allocated now.
                file.SetLength(length);
                long start = file.Position;
                for (long at = (start + 4095) & ~4095L; at < length; at += 4096)
                {
                    file.Position = at;
                    file.WriteByte(0);
                }
                file.Flush(flushToDisk: true);
                return;
            default:
                throw new IOException($"Cannot reserve {length} bytes for '{path}' (posix_fallocate error {error}).");
        }
    }

    [LibraryImport("libc", EntryPoint = "posix_fallocate")]
    private static partial int posix_fallocate(int fd, long offset, long length);
}
