using System.Text.Json;
using System.Text.Json.Serialization;
using NativeArrays.Inspection;
using Spectre.Console;

namespace NativeArrays.Inspector;

/// <summary>The <c>inspect</c> and <c>dump</c> commands.</summary>
public static class InspectCommand
{
    /// <summary>Options of <c>inspect</c>.</summary>
    public sealed record Settings(int? Pid, string? DumpPath, bool Json, bool LeaksOnly, int? Top, long[] RootIds, bool AllRoots, ProcessAccess Via = ProcessAccess.Attach);

    /// <summary>JSON shape of reports: camelCase, indented, enums as strings.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Most buffers a table lists when <c>--top</c> is not given.</summary>
    public const int DefaultTop = 50;

    /// <summary>Runs <c>inspect</c>: exit 0 when no leak, 3 when the report shows leaks.</summary>
    public static int Run(Settings s)
    {
        var report = Open(s.Pid, s.DumpPath, s.RootIds, s.AllRoots, s.Via);
        var shown = report.Buffers.AsEnumerable();
        if (s.LeaksOnly) shown = shown.Where(b => !b.Reachable);
        // Tables list at most DefaultTop buffers (the largest) unless --top says otherwise; JSON lists all.
        int? top = s.Top ?? (s.Json ? null : DefaultTop);
        if (top is int k && (s.Top is not null || shown.Count() > k)) shown = shown.OrderByDescending(b => b.Bytes).ThenBy(b => b.Id).Take(k);
        var listed = shown.ToList();
        var filtered = report with { Buffers = listed, Listing = Listing(report, listed, s.LeaksOnly, s.Top) };
        if (s.Json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(filtered, JsonOptions));
        }
        else
        {
            var console = Consoles.Stdout;
            ReportRenderer.Render(console, report, listed, filtered.Listing, s.LeaksOnly, s.RootIds);
        }
        return report.Leaks > 0 || report.PendingLeaks > 0 ? ExitCodes.LeaksFound : ExitCodes.Ok;
    }

    /// <summary>What a filtered list shows and what the totals count; null when every buffer is listed.</summary>
    public static string? Listing(FootprintReport all, IReadOnlyList<BufferReport> listed, bool leaksOnly, int? top)
    {
        if (listed.Count == all.Buffers.Count) return null;
        var what = leaksOnly && top is not null ? $"the {listed.Count} largest leaked buffer(s) (--leaks-only --top {top})"
            : leaksOnly ? $"the {listed.Count} leaked buffer(s) (--leaks-only)"
            : $"the {listed.Count} largest buffer(s) (--top {top?.ToString() ?? DefaultTop.ToString()})";
        long listedBytes = listed.Sum(b => b.Bytes), allBytes = all.Buffers.Sum(b => b.Bytes);
        return $"listed: {what}, {Format.Bytes(listedBytes)} of the {Format.Bytes(allBytes)} held by all {all.Buffers.Count} buffer(s); the totals count all {all.Buffers.Count}";
    }

    /// <summary>Opens the target with a progress display on stderr and analyzes it.</summary>
    public static FootprintReport Open(int? pid, string? dumpPath, IReadOnlyCollection<long> rootIds, bool allRoots, ProcessAccess via = ProcessAccess.Attach)
    {
        return Consoles.WithStatus(
            pid is int p ? (via == ProcessAccess.Dump ? $"writing a heap dump of process {p}…" : $"attaching to process {p}…") : $"loading {dumpPath}…",
            status =>
            {
                // A dump file is untrusted input: read it in a child process that a native crash cannot take the report with.
                if (pid is null && Environment.GetEnvironmentVariable("NATIVEARRAYS_INSPECT_IN_PROCESS") != "1")
                {
                    // The structure check first, here: a truncated file needs no child process to be called unreadable.
                    HeapTarget.CheckDumpFile(dumpPath!);
                    return IsolatedAnalysis.Analyze(dumpPath!, rootIds, allRoots);
                }
                try
                {
                    return OpenOnce(pid, dumpPath, rootIds, allRoots, via, status);
                }
                catch (InspectorException e) when (e.MayBeTransient && pid is not null)
                {
                    // A buffer was allocated or freed at the instant the process was stopped: read it once more.
                    return OpenOnce(pid, dumpPath, rootIds, allRoots, via, status);
                }
            });
    }

    private static FootprintReport OpenOnce(int? pid, string? dumpPath, IReadOnlyCollection<long> rootIds, bool allRoots, ProcessAccess via, Action<string> status)
    {
        using var target = pid is int id ? HeapTarget.Open(id, via) : HeapTarget.OpenDump(dumpPath!);
        status("walking the heap from its roots…");
        var options = new AnalyzeOptions { RootPathsFor = rootIds, RootPathsForLeaks = true, Progress = new StatusProgress(status) };
        var report = FootprintAnalyzer.Analyze(target, options);
        if (allRoots)
        {
            // Root paths need the buffer ids, which the first walk found: walk again with them (cheap next to the read).
            report = FootprintAnalyzer.Analyze(target, options with { RootPathsFor = report.Buffers.Select(b => b.Id).ToArray() });
        }
        return report;
    }

    /// <summary>Runs <c>dump</c>.</summary>
    public static int WriteDump(int pid, string path)
    {
        Consoles.WithStatus($"writing a heap dump of process {pid}…", _ => { HeapTarget.WriteDump(pid, path); return 0; });
        Console.Out.WriteLine($"wrote {path} ({Format.Bytes(new FileInfo(path).Length)}); inspect it with: nativearrays-inspect inspect --dump {path}");
        return ExitCodes.Ok;
    }

    /// <summary>Progress that updates the status line on the walking thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class StatusProgress(Action<string> status) : IProgress<long>
    {
        public void Report(long value) => status($"walking the heap from its roots: {Format.N(value)} objects…");
    }
}

/// <summary>The two consoles: reports on stdout, progress and errors on stderr.</summary>
public static class Consoles
{
    /// <summary>Console for reports (wide when redirected, so tables don't wrap in files and CI logs).</summary>
    public static IAnsiConsole Stdout { get; } = Create(Console.Out, Console.IsOutputRedirected);
    /// <summary>Console for progress (silent when redirected).</summary>
    public static IAnsiConsole Stderr { get; } = Create(Console.Error, Console.IsErrorRedirected);

    /// <summary>
    /// Runs <paramref name="work"/> under a spinner with a status line on stderr when stderr is a terminal; silently
    /// otherwise (logs and pipes get no progress noise).
    /// </summary>
    public static T WithStatus<T>(string initial, Func<Action<string>, T> work)
    {
        if (Console.IsErrorRedirected) return work(_ => { });
        return Stderr.Status().Spinner(Spinner.Known.Dots).Start(Markup.Escape(initial), ctx => work(text => ctx.Status(Markup.Escape(text))));
    }

    private static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        if (redirected) console.Profile.Width = 160;
        return console;
    }
}
