using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Runtime;

namespace NativeArrays.Inspection;

/// <summary>How a live process is read.</summary>
public enum ProcessAccess
{
    /// <summary>
    /// Write a WithHeap dump through the diagnostics endpoint (no ptrace), load it, delete it. Fast heap walks, but the
    /// target's createdump prints five lines into the target's stdout and its RssAnon may grow (measured: up to 708 KiB).
    /// </summary>
    Dump,
    /// <summary>
    /// Attach with ptrace and suspend the process while reading it (the inspector's default). No file, no output in the
    /// target, and (measured) at most a few hundred KiB of its RssAnon; not for a direct child of the reading .NET process.
    /// </summary>
    Attach,
}

/// <summary>
/// An opened .NET heap: a dump file or a live process (read through a temporary WithHeap dump, which the runtime's
/// own createdump writes without ptrace and which is deleted as soon as it is loaded). Every expected failure is an
/// <see cref="InspectorException"/> with a one-line message and a documented exit code.
/// </summary>
public sealed class HeapTarget : IDisposable
{
    private readonly DataTarget _dataTarget;

    private HeapTarget(DataTarget dataTarget, ClrRuntime runtime, string source, int? processId)
    {
        _dataTarget = dataTarget;
        Runtime = runtime;
        Source = source;
        ProcessId = processId;
    }

    /// <summary>The CLR of the target.</summary>
    public ClrRuntime Runtime { get; }
    /// <summary>"pid N", "dump PATH" or "self".</summary>
    public string Source { get; }
    /// <summary>The target's process id when known.</summary>
    public int? ProcessId { get; }
    /// <summary>Milliseconds it took to open the target (dump written and loaded, or attached).</summary>
    public long OpenMilliseconds { get; private init; }
    /// <summary>For an ELF core dump: what its structure check found (segments, threads, mapped files); else null.</summary>
    public CoreFileFacts? DumpFacts { get; private init; }

    /// <summary>Opens a dump file written earlier (by <see cref="WriteDump"/>, dotnet-dump or createdump).</summary>
    public static HeapTarget OpenDump(string path) => Timed(() => OpenDumpCore(path));

    /// <summary>
    /// Checks that <paramref name="path"/> is an existing file and, for an ELF core dump, that its structure is whole
    /// (<see cref="DumpFileCheck"/>); returns what the structure check found.
    /// </summary>
    /// <exception cref="InspectorException">Exit code 13 (missing or damaged) or 14 (not readable).</exception>
    public static CoreFileFacts? CheckDumpFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new InspectorException(ExitCodes.BadDump, $"'{path}' is a directory, not a dump file");
        if (!File.Exists(full)) throw new InspectorException(ExitCodes.BadDump, $"dump file '{path}' does not exist");
        try
        {
            // Bounds of every segment and note checked first: ClrMD and the runtime's native DAC trust them.
            return DumpFileCheck.Validate(full);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InspectorException(ExitCodes.PermissionDenied, $"no permission to read '{path}'", e);
        }
        catch (IOException e)
        {
            throw new InspectorException(ExitCodes.BadDump, $"unreadable: '{path}' ({OneLine(e)})", e);
        }
    }

    private static HeapTarget OpenDumpCore(string path)
    {
        var full = Path.GetFullPath(path);
        var facts = CheckDumpFile(path);
        DataTarget dt;
        try
        {
            dt = DataTarget.LoadDump(full);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InspectorException(ExitCodes.PermissionDenied, $"no permission to read '{path}'", e);
        }
        catch (Exception e) when (e is not InspectorException)
        {
            throw new InspectorException(ExitCodes.BadDump, $"'{path}' is not a readable dump file ({OneLine(e)})", e);
        }
        var target = Create(dt, $"dump {path}", processId: null, isDump: true);
        return facts is null ? target : new HeapTarget(target._dataTarget, target.Runtime, target.Source, target.ProcessId) { DumpFacts = facts };
    }

    /// <summary>Opens a live process by id, by <paramref name="access"/>.</summary>
    public static HeapTarget Open(int processId, ProcessAccess access) =>
        access == ProcessAccess.Attach ? AttachProcess(processId) : OpenProcess(processId);

    private static HeapTarget Timed(Func<HeapTarget> open)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var target = open();
        return new HeapTarget(target._dataTarget, target.Runtime, target.Source, target.ProcessId)
        {
            OpenMilliseconds = clock.ElapsedMilliseconds,
            DumpFacts = target.DumpFacts,
        };
    }

    /// <summary>Opens a live process by id: writes a WithHeap dump to a temporary file, loads it, deletes the file.</summary>
    public static HeapTarget OpenProcess(int processId) =>
        processId == Environment.ProcessId ? OpenSelf() : Timed(() => OpenProcessCore(processId));

    private static HeapTarget OpenProcessCore(int processId) =>
        OpenThroughTemporaryDump(processId, $"pid {processId}", WriteDump);

    /// <summary>Writes a dump with <paramref name="write"/> to a temporary file, loads it and deletes the file.</summary>
    private static HeapTarget OpenThroughTemporaryDump(int processId, string source, Action<int, string> write)
    {
        var temp = Path.Combine(TempDumpDirectory(), $"nativearrays-inspect-{processId}-{Environment.ProcessId}-{Guid.NewGuid():N}.dmp");
        try
        {
            write(processId, temp);
            DataTarget dt;
            try
            {
                dt = DataTarget.LoadDump(temp);
            }
            catch (Exception e) when (e is not InspectorException)
            {
                throw new InspectorException(ExitCodes.BadDump, $"the dump of {source} could not be read ({OneLine(e)})", e);
            }
            // Linux keeps the open file readable after unlink: free the disk at once.
            TryDelete(temp);
            return Create(dt, source, processId, isDump: false);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <summary>
    /// Opens a live process by attaching to it (ptrace; the process is suspended until <see cref="Dispose"/>). No dump
    /// file is written and nothing is printed into the target; it costs the target's RssAnon next to nothing.
    /// </summary>
    public static HeapTarget AttachProcess(int processId) => Timed(() => AttachProcessCore(processId));

    private static HeapTarget AttachProcessCore(int processId)
    {
        EnsureDotNetProcess(processId);
        DataTarget dt;
        try
        {
            dt = DataTarget.AttachToProcess(processId, suspend: true);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InspectorException(ExitCodes.PermissionDenied, $"no permission to attach to process {processId} (ptrace)", e);
        }
        catch (Exception e) when (e is not InspectorException)
        {
            throw ProcessGoneOr(processId, ExitCodes.PermissionDenied, $"cannot attach to process {processId} ({OneLine(e)})", e);
        }
        return Create(dt, $"pid {processId}", processId, isDump: false);
    }

    /// <summary>
    /// Where temporary dumps go: $NATIVEARRAYS_INSPECT_TMP, else /dev/shm when it has 4 GiB free (a dump of a process
    /// is about its resident size and lives there for a moment), else the temp directory.
    /// </summary>
    public static string TempDumpDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("NATIVEARRAYS_INSPECT_TMP");
        if (!string.IsNullOrEmpty(configured) && Directory.Exists(configured)) return configured;
        try
        {
            if (OperatingSystem.IsLinux() && Directory.Exists("/dev/shm") && new DriveInfo("/dev/shm").AvailableFreeSpace > (4L << 30))
                return "/dev/shm";
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return Path.GetTempPath();
    }

    /// <summary>
    /// Opens the current process: the runtime's <c>createdump</c> writes a WithHeap dump of it to a temporary file (about a
    /// second; a file of the heap's size, deleted once loaded). createdump runs as a child whose output is captured, so
    /// nothing is printed into this process's stdout or stderr (asking the runtime for the dump would print five lines).
    /// </summary>
    public static HeapTarget OpenSelf() => Timed(() => OpenThroughTemporaryDump(Environment.ProcessId, "self", WriteDumpQuietly));

    /// <summary>
    /// Writes a WithHeap dump of <paramref name="processId"/> by running the runtime's own <c>createdump</c> (next to
    /// System.Private.CoreLib) as a child process with its output captured: the target prints nothing. Needs ptrace
    /// permission over the target (createdump attaches to it).
    /// </summary>
    public static void WriteDumpQuietly(int processId, string path)
    {
        var dir = Path.GetDirectoryName(typeof(object).Assembly.Location) ?? "";
        var tool = Path.Combine(dir, OperatingSystem.IsWindows() ? "createdump.exe" : "createdump");
        if (!File.Exists(tool)) throw new InspectorException(ExitCodes.DumpWriteFailed, $"the runtime's createdump is not at '{tool}'");
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--withheap", "-f", Path.GetFullPath(path), processId.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InspectorException(ExitCodes.DumpWriteFailed, "createdump could not be started");
        var output = p.StandardOutput.ReadToEndAsync();
        var errors = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            try { p.Kill(); } catch (InvalidOperationException) { }
            throw new InspectorException(ExitCodes.DumpWriteFailed, $"createdump did not finish a dump of process {processId} in 5 minutes");
        }
        p.WaitForExit();
        if (p.ExitCode != 0 || !File.Exists(path))
        {
            var text = (errors.Result + " " + output.Result).ReplaceLineEndings(" ").Trim();
            throw new InspectorException(ExitCodes.DumpWriteFailed, $"createdump failed on process {processId} (exit {p.ExitCode}): {(text.Length > 300 ? text[..300] + "…" : text)}");
        }
    }

    /// <summary>Writes a WithHeap dump of a live .NET process through its diagnostics endpoint.</summary>
    public static void WriteDump(int processId, string path)
    {
        EnsureDotNetProcess(processId);
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir)) throw new InspectorException(ExitCodes.DumpWriteFailed, $"directory '{dir}' does not exist");
        try
        {
            new DiagnosticsClient(processId).WriteDump(DumpType.WithHeap, full, logDumpGeneration: false);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InspectorException(ExitCodes.PermissionDenied, $"no permission to dump process {processId}", e);
        }
        catch (ServerNotAvailableException e)
        {
            if (OtherUsersProcess(processId) is int owner)
                throw new InspectorException(ExitCodes.PermissionDenied, $"no permission to inspect process {processId}: it belongs to uid {owner} (run as that user or root)", e);
            throw ProcessGoneOr(processId, ExitCodes.NotDotNet, $"process {processId} does not answer on its .NET diagnostics endpoint", e);
        }
        catch (Exception e) when (e is not InspectorException)
        {
            throw ProcessGoneOr(processId, ExitCodes.DumpWriteFailed, $"writing a dump of process {processId} failed ({OneLine(e)})", e);
        }
        if (!File.Exists(full) || new FileInfo(full).Length == 0)
            throw new InspectorException(ExitCodes.DumpWriteFailed, $"the runtime reported success but wrote no dump to '{path}'");
    }

    private static void EnsureDotNetProcess(int processId)
    {
        if (processId <= 0) throw new InspectorException(ExitCodes.ProcessNotFound, $"no process with id {processId}");
        try
        {
            using var p = Process.GetProcessById(processId);
            if (p.HasExited) throw new InspectorException(ExitCodes.ProcessNotFound, $"process {processId} has exited");
        }
        catch (ArgumentException e)
        {
            throw new InspectorException(ExitCodes.ProcessNotFound, $"no process with id {processId}", e);
        }
        catch (Win32Exception e)
        {
            throw new InspectorException(ExitCodes.PermissionDenied, $"no permission to open process {processId}", e);
        }
        IEnumerable<int> published;
        try
        {
            published = DiagnosticsClient.GetPublishedProcesses();
        }
        catch (Exception e)
        {
            throw new InspectorException(ExitCodes.NotDotNet, $"cannot list .NET processes ({OneLine(e)})", e);
        }
        if (!published.Contains(processId))
        {
            throw new InspectorException(ExitCodes.NotDotNet,
                $"process {processId} is not a .NET process (no diagnostics endpoint; or it runs with DOTNET_EnableDiagnostics=0, or in another container)");
        }
    }

    /// <summary>The owner's uid when the process belongs to another user and we are not root (Linux); else null.</summary>
    private static int? OtherUsersProcess(int processId)
    {
        static int? Uid(string statusFile)
        {
            try
            {
                var line = File.ReadLines(statusFile).FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
                var fields = line?.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
                return fields is { Length: > 2 } && int.TryParse(fields[2], out int euid) ? euid : null;
            }
            catch (IOException)
            {
                return null;
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }
        }
        if (!OperatingSystem.IsLinux()) return null;
        int? me = Uid("/proc/self/status"), them = Uid($"/proc/{processId}/status");
        return me is int m && them is int t && m != 0 && m != t ? t : null;
    }

    private static InspectorException ProcessGoneOr(int processId, int code, string message, Exception e)
    {
        try
        {
            using var p = Process.GetProcessById(processId);
            if (!p.HasExited) return new InspectorException(code, message, e);
        }
        catch (ArgumentException)
        {
        }
        return new InspectorException(ExitCodes.ProcessNotFound, $"process {processId} exited while being inspected", e);
    }

    private static HeapTarget Create(DataTarget dt, string source, int? processId, bool isDump)
    {
        try
        {
            ClrInfo? clr;
            try
            {
                clr = dt.ClrVersions.FirstOrDefault();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new InspectorException(isDump ? ExitCodes.BadDump : ExitCodes.NotDotNet,
                    $"{(isDump ? "unreadable: " : "")}{source}: the module list cannot be read ({OneLine(e)})", e);
            }
            if (clr is null)
                throw new InspectorException(isDump ? ExitCodes.BadDump : ExitCodes.NotDotNet,
                    isDump ? $"{source}: no .NET runtime found in the dump (truncated, or not a .NET process's dump)" : $"{source}: no .NET runtime found");
            ClrRuntime runtime;
            try
            {
                runtime = CreateRuntime(clr, source);
            }
            catch (InspectorException e) when (isDump)
            {
                throw new InspectorException(ExitCodes.BadDump,
                    $"{source}: the .NET runtime in the dump cannot be read (truncated, or not written by createdump/dotnet-dump with the heap)", e);
            }
            // A live process read in the middle of a garbage collection (its own dump taken, or attached, at that
            // instant) is transient: the callers read it once more. A dump file stays as it is.
            if (!runtime.Heap.CanWalkHeap)
                throw new InspectorException(ExitCodes.RuntimeUnsupported, $"{source}: the GC heap is not walkable (the dump was taken in the middle of a GC)")
                { MayBeTransient = processId is not null };
            return new HeapTarget(dt, runtime, source, processId);
        }
        catch
        {
            dt.Dispose();
            throw;
        }
    }

    private static ClrRuntime CreateRuntime(ClrInfo clr, string source)
    {
        // ClrMD 4.2 misreads the .NET 10 runtime version on Linux and fails to find a matching DAC; the DAC shipped
        // next to the target's libcoreclr is the right one, so pass it explicitly (and accept the "mismatch").
        var dacName = OperatingSystem.IsWindows() ? "mscordaccore.dll" : OperatingSystem.IsMacOS() ? "libmscordaccore.dylib" : "libmscordaccore.so";
        var dir = Path.GetDirectoryName(clr.ModuleInfo.FileName);
        var dac = dir is null ? null : Path.Combine(dir, dacName);
        Exception? first = null;
        if (dac is not null && File.Exists(dac))
        {
            try
            {
                return clr.CreateRuntime(dac, ignoreMismatch: true);
            }
            catch (Exception e)
            {
                first = e;
            }
        }
        try
        {
            return clr.CreateRuntime();
        }
        catch (Exception e)
        {
            throw new InspectorException(ExitCodes.RuntimeUnsupported,
                $"{source}: cannot load the runtime's data access component (DAC) from '{dir}' ({OneLine(first ?? e, 120)}); inspect on a machine with the target's .NET runtime installed", e);
        }
    }

    internal static string OneLine(Exception e, int max = 200)
    {
        var m = e.Message.ReplaceLineEndings(" ").Trim();
        return m.Length > max ? m[..max] + "…" : m;
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path)) File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Releases the dump and the runtime.</summary>
    public void Dispose()
    {
        Runtime.Dispose();
        _dataTarget.Dispose();
    }
}
