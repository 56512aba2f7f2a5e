using System.Diagnostics;

namespace NativeArrays.Tests.Support;

/// <summary>
/// A tiny tmpfs mounted for one test (Linux, as root): a real file system that runs out of room, to check that a full
/// disk is an <see cref="IOException"/> and loses nothing. <see cref="TryMount"/> says why when it cannot be had.
/// </summary>
internal sealed class TinyFileSystem : IDisposable
{
    public string Root { get; }

    private TinyFileSystem(string root) => Root = root;

    public string File(string name) => Path.Combine(Root, name);

    /// <summary>Mounts a tmpfs of <paramref name="kibibytes"/> KiB, or returns null with the reason.</summary>
    public static TinyFileSystem? TryMount(int kibibytes, out string whyNot)
    {
        whyNot = "";
        if (!OperatingSystem.IsLinux()) { whyNot = "a tmpfs mount needs Linux"; return null; }
        if (Environment.UserName != "root") { whyNot = $"mounting a tmpfs needs root (running as {Environment.UserName})"; return null; }
        string root = Directory.CreateTempSubdirectory("nativearrays-tinyfs-").FullName;
        var (code, output) = Run("mount", "-t", "tmpfs", "-o", $"size={kibibytes}k,mode=0755", "tmpfs", root);
        if (code != 0)
        {
            try { Directory.Delete(root); } catch (IOException) { }
            whyNot = $"'mount -t tmpfs' failed (exit {code}): {output.Trim()}";
            return null;
        }
        return new TinyFileSystem(root);
    }

    /// <summary>Fills the file system up with a file of zeros (until no room is left).</summary>
    public void FillUp(string name = "filler")
    {
        using var f = new FileStream(File(name), FileMode.Create, FileAccess.Write);
        var block = new byte[4096];
        try { while (true) f.Write(block); }
        catch (IOException) { }
        try { f.Flush(); } catch (IOException) { }
    }

    public void Dispose()
    {
        Run("umount", "-l", Root);
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static (int Code, string Output) Run(string file, params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            string output = p.StandardError.ReadToEnd() + p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
