using System.Diagnostics;
using System.Text.Json;
using NativeArrays.Inspection;
using Spectre.Console;

namespace NativeArrays.Inspector;

/// <summary>One verified figure: what the demo expects and what each independent source says.</summary>
/// <param name="Figure">What is measured.</param>
/// <param name="Expected">The value the scenario should produce.</param>
/// <param name="Inspector">What ClrMD found in the child's heap.</param>
/// <param name="Tracker">What the library's in-process tracker says ("" when it has no say).</param>
/// <param name="Os">What the OS says (anonymous RSS delta; "" when not applicable).</param>
/// <param name="Pass">Whether every source agrees with the expectation.</param>
public sealed record Check(string Figure, string Expected, string Inspector, string Tracker, string Os, bool Pass);

/// <summary>
/// The demo: starts <see cref="ScenarioChild"/> in a child process, and at each of its checkpoints dumps and walks
/// the child's heap, prints what it found, and checks every figure against the expected value, the child's own
/// tracker and the OS. Any mismatch makes the run fail.
/// </summary>
public static class DemoRunner
{
    /// <summary>
    /// Allowed gap between the change in the child's anonymous RSS and the change in native bytes: 2 MiB plus 2 %.
    /// (The GC heap, JIT and allocator bookkeeping move RSS a little between checkpoints.)
    /// </summary>
    public static long OsTolerance(long expectedDelta) => (2L << 20) + Math.Abs(expectedDelta) / 50;

    private const int BuffersListed = 12;

    private static readonly TimeSpan CheckpointTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Most the inspection itself may change the child's RssAnon at a checkpoint (issue 11: measuring must not change the measured).</summary>
    public const long InspectionCostLimit = 1L << 20;

    private static readonly Dictionary<string, string> Titles = new()
    {
        ["0-baseline"] = "baseline: the child started, nothing allocated",
        ["1-view"] = "1. a view of a slice, written through: one buffer, 0 extra native bytes",
        ["2-copies"] = "2. two explicit copies of a 1,000,000-element array: three buffers, 3 × the bytes",
        ["3-overlap"] = "3. 100 overlapping views of a 1000-element array: one buffer, the views' exact managed cost",
        ["4a-retained"] = "4a. a 10-element view keeps a 100 MB base alive after the owner was disposed",
        ["4b-fixed"] = "4b. fixed: copy the 10 elements, dispose the view: the 100 MB go back",
        ["5a-leak"] = "5a. a forgotten, undisposed, unreachable buffer: a leak, with its creation site",
        ["5b-finalized"] = "5b. after a GC the finalizer frees it and the tracker reports the leak",
        ["7-small-arrays"] = "7. many small arrays: 100,000 one-element float32 arrays cost their slab slots, as the OS confirms",
        ["8a-lazy-zeros"] = "8a. lazy zeros: a 1 GiB Zeros costs no resident memory until written",
        ["8b-lazy-zeros-written"] = "8b. writing 64 MiB of the lazy zeros costs 64 MiB",
        ["6-strided"] = "6. a column of a disposed (1000, 1000) float32 matrix: extent-based vs exact retained bytes",
    };

    /// <summary>Runs the demo; returns <see cref="ExitCodes.Ok"/> when every check passed, else <see cref="ExitCodes.CheckFailed"/>.</summary>
    public static int Run(bool noFail) => Run(noFail, ProcessAccess.Attach);

    /// <summary>Runs the demo reading the child by <paramref name="access"/> (the default, Attach, costs the child nothing).</summary>
    public static int Run(bool noFail, ProcessAccess access) => RunCore(noFail, access);

    private static int RunCore(bool noFail, ProcessAccess access)
    {
        var console = Consoles.Stdout;
        var clock = Stopwatch.StartNew();
        using var child = StartChild();
        var stderr = new System.Text.StringBuilder();
        child.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        child.BeginErrorReadLine();
        int childPid = child.Id; // the shell's until the child says "@ready PID"
        int childOutput = 0;
        console.MarkupLine($"[bold]NativeArrays inspector demo[/]: a child process runs the seed scenarios; at each checkpoint its heap is read and walked with ClrMD,");
        console.MarkupLine("and every figure is checked against the expected value, the library's own tracker (in the child) and the OS (the child's RssAnon).");
        var summary = new List<(string Id, int Checks, int Failed, long Ms)>();
        CheckpointFacts? baseline = null, previous = null;
        long osScenarioDelta = 0;
        FootprintReport? previousReport = null;
        int failed = 0, total = 0;
        try
        {
            while (true)
            {
                var line = ReadLine(child, stderr);
                if (line == "@done") break;
                if (line.StartsWith("@ready", StringComparison.Ordinal))
                {
                    if (int.TryParse(line.AsSpan("@ready".Length).Trim(), out int pid)) childPid = pid;
                    child.StandardInput.WriteLine("continue");
                    child.StandardInput.Flush();
                    continue;
                }
                if (line.StartsWith("@error ", StringComparison.Ordinal))
                    throw new InspectorException(ExitCodes.CheckFailed, $"the scenario child failed: {line[7..]}");
                if (!line.StartsWith("@checkpoint ", StringComparison.Ordinal))
                {
                    childOutput++; // anything else the child prints (createdump's lines, in Dump mode) is noise the inspection caused
                    continue;
                }
                var facts = JsonSerializer.Deserialize<CheckpointFacts>(line["@checkpoint ".Length..])
                            ?? throw new InspectorException(ExitCodes.CheckFailed, "the scenario child sent an empty checkpoint");
                var inspectClock = Stopwatch.StartNew();
                FootprintReport report;
                long rssBefore = RssAnonOf(childPid);
                try
                {
                    using var target = HeapTarget.Open(childPid, access);
                    report = FootprintAnalyzer.Analyze(target, new AnalyzeOptions { RootPathsForLeaks = true });
                }
                catch (InspectorException e) when (e.MayBeTransient)
                {
                    // The child was stopped at an unlucky instant (a thread between GC safe points): read it again.
                    console.MarkupLine($"[grey]read again: {Markup.Escape(e.Message)}[/]");
                    using var target = HeapTarget.Open(childPid, access);
                    report = FootprintAnalyzer.Analyze(target, new AnalyzeOptions { RootPathsForLeaks = true });
                }
                long ms = inspectClock.ElapsedMilliseconds;
                long inspectionCost = RssAnonOf(childPid) - rssBefore;
                baseline ??= facts;
                // RSS change caused by the scenarios alone: what changed while the child ran, not while it was dumped.
                if (previous is not null) osScenarioDelta += facts.RssAnonBytes - facts.RssAnonAfterPreviousBytes;
                var checks = Evaluate(facts, report, baseline, previous, previousReport, osScenarioDelta,
                    previous is null ? 0 : facts.RssAnonBytes - facts.RssAnonAfterPreviousBytes);
                checks.Add(InspectionCost(inspectionCost, access));
                Print(console, facts.Id, report, checks, ms);
                int bad = checks.Count(c => !c.Pass);
                failed += bad;
                total += checks.Count;
                summary.Add((facts.Id, checks.Count, bad, ms));
                previous = facts;
                previousReport = report;
                child.StandardInput.WriteLine("continue");
                child.StandardInput.Flush();
            }
            if (!child.WaitForExit(30_000)) throw new InspectorException(ExitCodes.CheckFailed, "the scenario child did not exit");
            if (child.ExitCode != 0) throw new InspectorException(ExitCodes.CheckFailed, $"the scenario child exited with code {child.ExitCode}: {Tail(stderr)}");
        }
        finally
        {
            if (!child.HasExited)
            {
                try { child.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            }
        }

        if (summary.Count != Titles.Count)
            throw new InspectorException(ExitCodes.CheckFailed, $"expected {Titles.Count} checkpoints, the child reached {summary.Count}");
        var t = new Table().Border(TableBorder.Rounded).Title("demo summary");
        t.AddColumn("checkpoint");
        t.AddColumn(new TableColumn("checks").RightAligned());
        t.AddColumn(new TableColumn("failed").RightAligned());
        t.AddColumn(new TableColumn("read + walk").RightAligned());
        foreach (var (id, n, bad, ms) in summary)
            t.AddRow(id, n.ToString(), bad == 0 ? "0" : $"[red]{bad}[/]", $"{ms / 1000.0:0.00} s");
        console.Write(t);
        var seconds = clock.Elapsed.TotalSeconds;
        // The scenario child prints only the protocol: any other line on its stdout was written into it by an inspection.
        total++;
        if (childOutput > 0)
        {
            failed++;
            console.MarkupLine($"[red]✗ the inspections wrote {childOutput} line(s) into the child's stdout[/] ({access} mode); expected none");
        }
        else
        {
            console.MarkupLine($"[green]✓[/] the inspections wrote nothing into the child's stdout or RSS beyond {Format.N(InspectionCostLimit / 1024)} KiB each ({access} mode)");
        }
        if (failed == 0)
        {
            console.MarkupLine($"[green]demo passed[/]: {summary.Count} checkpoints, {total} checks, ClrMD heap = tracker = OS = expected, in {seconds:0.0} s");
            return ExitCodes.Ok;
        }
        console.MarkupLine($"[red]demo FAILED[/]: {failed} of {total} checks did not agree (marked ✗ above), in {seconds:0.0} s");
        return noFail ? ExitCodes.Ok : ExitCodes.CheckFailed;
    }

    /// <summary>
    /// The inspection's own cost at a checkpoint: the child's RssAnon read from /proc just before and just after the
    /// inspection. (What the child printed is checked once for the whole run: a dump's lines reach the pipe late.)
    /// </summary>
    public static Check InspectionCost(long rssDelta, ProcessAccess access)
    {
        bool pass = rssDelta <= InspectionCostLimit;
        var os = $"{(rssDelta >= 0 ? "+" : "")}{rssDelta / 1024.0:0} KiB";
        return new Check($"the inspection's own cost ({access}): child RssAnon before → after", "≤ +1,024 KiB",
            "", "", os + (pass ? "" : " (over)"), pass);
    }

    private static long RssAnonOf(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
                    return long.Parse(line["RssAnon:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return 0;
    }

    private static Process StartChild()
    {
        var host = Environment.ProcessPath ?? throw new InspectorException(ExitCodes.Internal, "cannot tell this program's path");
        // The child runs as a grandchild, under a shell: .NET's SIGCHLD handling waits on its own children and would
        // swallow the ptrace stops that ClrMD's attach waits for. The shell hands its stdin on and returns the exit code.
        var psi = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Run through `dotnet Inspector.dll` (not the apphost)? Then the child needs the dll too.
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("exec 3<&0; \"$@\" <&3 3<&- & wait $!");
        psi.ArgumentList.Add("sh");
        psi.ArgumentList.Add(host);
        if (string.Equals(Path.GetFileNameWithoutExtension(host), "dotnet", StringComparison.OrdinalIgnoreCase))
            psi.ArgumentList.Add(typeof(DemoRunner).Assembly.Location);
        psi.ArgumentList.Add("scenario-child");
        // A fixed mmap threshold turns off glibc's dynamic one, so every freed buffer of 64 KiB or more is unmapped
        // at once and the OS's RSS follows native bytes exactly (with the dynamic threshold, a freed 4 MB block would
        // raise it and later blocks would stay in the heap after free).
        psi.Environment["MALLOC_MMAP_THRESHOLD_"] = "65536";
        psi.Environment.Remove("DOTNET_EnableDiagnostics");
        try
        {
            return Process.Start(psi) ?? throw new InspectorException(ExitCodes.Internal, "could not start the scenario child");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InspectorException(ExitCodes.Internal, $"could not start the scenario child ({e.Message})", e);
        }
    }

    private static string ReadLine(Process child, System.Text.StringBuilder stderr)
    {
        var task = child.StandardOutput.ReadLineAsync();
        if (!task.Wait(CheckpointTimeout))
            throw new InspectorException(ExitCodes.CheckFailed, $"the scenario child sent nothing for {CheckpointTimeout.TotalSeconds:0} s");
        return task.Result ?? throw new InspectorException(ExitCodes.CheckFailed, $"the scenario child ended early: {Tail(stderr)}");
    }

    private static string Tail(System.Text.StringBuilder sb)
    {
        string s;
        lock (sb) s = sb.ToString().ReplaceLineEndings(" | ").Trim();
        return s.Length == 0 ? "(no output on stderr)" : s.Length > 400 ? "…" + s[^400..] : s;
    }

    private static void Print(IAnsiConsole console, string id, FootprintReport report, List<Check> checks, long ms)
    {
        console.WriteLine();
        console.Write(new Rule($"[bold]{Markup.Escape(Titles.GetValueOrDefault(id, id))}[/]").LeftJustified());
        if (report.Buffers.Count > 0)
        {
            console.Write(ReportRenderer.BufferTable(report.Buffers.Take(BuffersListed)));
            if (report.Buffers.Count > BuffersListed) console.MarkupLine($"[grey]… and {Format.N(report.Buffers.Count - BuffersListed)} more buffer(s)[/]");
            foreach (var b in report.Buffers.Where(b => b.Arrays.Count > 1)) console.Write(ReportRenderer.ArrayTable(b));
            foreach (var b in report.Buffers.Where(b => !b.Reachable))
            {
                console.MarkupLine($"[red]leak[/]: buffer {b.Id} is {Markup.Escape(b.RootStatus)}; created at:");
                foreach (var l in ReportRenderer.SiteSummary(b.CreationSite).Split('\n').Take(3)) console.WriteLine("    " + l);
            }
        }
        var t = new Table().Border(TableBorder.Simple);
        t.AddColumn("figure");
        t.AddColumn(new TableColumn("expected").RightAligned());
        t.AddColumn(new TableColumn("ClrMD heap").RightAligned());
        t.AddColumn(new TableColumn("child (tracker)").RightAligned());
        t.AddColumn(new TableColumn("OS (RssAnon Δ)").RightAligned());
        t.AddColumn("");
        foreach (var c in checks)
            t.AddRow(Markup.Escape(c.Figure), Markup.Escape(c.Expected), Markup.Escape(c.Inspector), Markup.Escape(c.Tracker), Markup.Escape(c.Os),
                c.Pass ? "[green]✓[/]" : "[red]✗[/]");
        console.Write(t);
        console.MarkupLine($"[grey]heap read + walk: {ms / 1000.0:0.00} s, {Format.N(report.ObjectsWalked)} objects; {Markup.Escape(report.Verdict)}[/]");
    }

    /// <summary>The checks of one checkpoint (public for tests).</summary>
    /// <param name="f">The child's facts at this checkpoint.</param>
    /// <param name="r">The inspector's report.</param>
    /// <param name="baseline">The child's facts at the baseline checkpoint.</param>
    /// <param name="previous">The child's facts at the previous checkpoint.</param>
    /// <param name="previousReport">The inspector's report at the previous checkpoint.</param>
    /// <param name="rssDelta">Change of the child's RssAnon since the baseline, due to the scenarios (dumps excluded).</param>
    /// <param name="rssStep">Change of the child's RssAnon since the previous checkpoint, due to the scenario.</param>
    public static List<Check> Evaluate(CheckpointFacts f, FootprintReport r, CheckpointFacts baseline, CheckpointFacts? previous,
        FootprintReport? previousReport, long rssDelta, long rssStep)
    {
        var checks = new List<Check>();

        void Counts(int buffers, long nativeBytes, int leaks = 0, long retained = 0)
        {
            checks.Add(Same("buffers holding memory", buffers, r.Buffers.Count, f.TrackerLiveBuffers));
            // Memory the allocator keeps for reuse (a freed large mapping, an empty slab) is resident but in no buffer:
            // the OS figure is expected to show it on top of the native bytes, and both sources must agree on it.
            long cached = f.TrackerCachedBytes - baseline.TrackerCachedBytes;
            checks.Add(WithOs("native bytes (OS: + bytes cached for reuse)", nativeBytes, r.NativeBytes, f.TrackerLiveBytes, rssDelta, nativeBytes + cached));
            if (r.CachedBytes is long heapCached)
                checks.Add(Same("bytes cached for reuse (reported apart)", f.TrackerCachedBytes, heapCached, f.TrackerCachedBytes));
            if (r.Tracker is { } heapTracker)
                checks.Add(Same("tracker counters read from the heap", nativeBytes, heapTracker.LiveBytes, f.TrackerLiveBytes));
            checks.Add(Same("retained bytes (outside every live array)", retained, r.RetainedBytes));
            checks.Add(Same("leaked buffers", leaks, r.Leaks));
        }

        switch (f.Id)
        {
            case "0-baseline":
                Counts(0, 0);
                checks.Add(Same("library array objects reachable", 0, r.ArrayObjects));
                break;
            case "1-view":
            {
                const long bytes = ScenarioChild.MillionElements * 4L;
                Counts(1, bytes);
                var b = r.Buffers.FirstOrDefault();
                checks.Add(Same("live arrays on the buffer (owner + views)", 2, b?.Arrays.Count ?? 0));
                checks.Add(Same("native bytes added by the view", 0, r.NativeBytes - OwnerBytes(r)));
                var view = b?.Arrays.FirstOrDefault(a => !a.IsOwner);
                checks.Add(Text("view extent (bytes)", "[1,000,000, 3,000,000)",
                    view is null ? "none" : $"[{Format.N(view.ExtentStart)}, {Format.N(view.ExtentEnd)})"));
                checks.Add(Text("write through the view seen by the owner", "yes", f.Measured.GetValueOrDefault("writeThrough") == 1 ? "yes" : "no", inspectorSource: false));
                break;
            }
            case "2-copies":
            {
                const long bytes = ScenarioChild.MillionElements * 4L;
                Counts(3, 3 * bytes);
                checks.Add(Same("copies counted by the tracker (Copy)", 2, f.Measured.GetValueOrDefault("copiesCounted"), f.Measured.GetValueOrDefault("copiesCounted"), inspectorSource: false));
                checks.Add(Same("live views (each buffer has only its owner)", 0, r.LiveViews));
                checks.Add(Same("buffers of exactly 4,000,000 bytes", 3, r.Buffers.Count(x => x.Bytes == bytes)));
                checks.Add(Text("copies are independent", "yes", f.Measured.GetValueOrDefault("independent") == 1 ? "yes" : "no", inspectorSource: false));
                break;
            }
            case "3-overlap":
            {
                Counts(1, 4000);
                var b = r.Buffers.FirstOrDefault();
                var views = b?.Arrays.Where(a => !a.IsOwner).ToList() ?? [];
                checks.Add(Same("live views", 100, views.Count));
                checks.Add(Same("overlapping view pairs (views i, j overlap when |i-j| <= 2)", 99 + 98, r.OverlapPairs));
                // The views' managed cost: their objects plus each distinct layout they use (equal layouts are shared).
                var layouts = views.GroupBy(v => v.LayoutAddress).Select(g => g.First().LayoutBytes).ToList();
                long viewsManaged = views.Sum(v => v.ObjectBytes) + layouts.Sum();
                long measured = f.Measured.GetValueOrDefault("viewsAllocatedManagedBytes");
                checks.Add(Same("managed bytes of the 100 views (= GC bytes allocated creating them)", measured, viewsManaged, measured));
                var sizes = views.Select(v => v.ObjectBytes).Distinct().ToList();
                checks.Add(new Check("managed bytes per view", "same for all",
                    sizes.Count == 1 ? $"{sizes[0]} B object + {layouts.Count} shared layout(s) of {layouts.FirstOrDefault()} B" : $"{sizes.Count} sizes",
                    "", "", sizes.Count == 1));
                checks.Add(Text("a write through view 3 is seen by view 4 and the owner", "yes", f.Measured.GetValueOrDefault("sharedWrite") == 1 ? "yes" : "no", inspectorSource: false));
                break;
            }
            case "4a-retained":
            {
                const long bytes = ScenarioChild.BigElements * 4L;
                Counts(1, bytes, retained: bytes - 40);
                var b = r.Buffers.FirstOrDefault();
                checks.Add(Text("owner disposed", "yes", b is { OwnerDisposed: true, OwnerAlive: false } ? "yes" : "no"));
                checks.Add(Same("leases (the view's)", 1, b?.Leases ?? 0));
                checks.Add(Same("bytes reachable through live arrays", 40, b?.CoveredBytes ?? 0));
                checks.Add(Text("verdict", "RETAINED", r.Verdict.StartsWith("RETAINED", StringComparison.Ordinal) ? "RETAINED" : r.Verdict));
                break;
            }
            case "4b-fixed":
            {
                Counts(1, 40);
                long returned = -rssStep;
                long nativeReturned = (previousReport?.NativeBytes ?? 0) - r.NativeBytes;
                long cachedSince4a = previous is null ? 0 : f.TrackerCachedBytes - previous.TrackerCachedBytes;
                checks.Add(WithOs("bytes returned since 4a", ScenarioChild.BigElements * 4L - 40, nativeReturned,
                    previous is null ? 0 : previous.TrackerLiveBytes - f.TrackerLiveBytes, returned, ScenarioChild.BigElements * 4L - 40 - cachedSince4a));
                checks.Add(Text("the copy owns its buffer", "yes", r.Buffers.FirstOrDefault() is { OwnerAlive: true, LiveViews: 0 } ? "yes" : "no"));
                break;
            }
            case "5a-leak":
            {
                const long bytes = ScenarioChild.LeakElements * 8L;
                Counts(1, bytes, leaks: 1);
                var b = r.Buffers.FirstOrDefault();
                checks.Add(Same("leaked bytes", bytes, r.LeakedBytes));
                checks.Add(Text("root status", "unreachable", b is { Reachable: false } ? "unreachable" : "rooted"));
                checks.Add(Text("creation site names the culprit", "ForgetBuffer",
                    b?.CreationSite?.Contains("ForgetBuffer", StringComparison.Ordinal) == true ? "ForgetBuffer" : "(missing)"));
                checks.Add(Same("leaks the tracker has seen so far", 0, f.TrackerLeaks - baseline.TrackerLeaks, f.TrackerLeaks - baseline.TrackerLeaks, inspectorSource: false));
                break;
            }
            case "5b-finalized":
            {
                Counts(0, 0);
                checks.Add(Same("leaks reported by the tracker (finalizer)", 1, f.TrackerLeaks - baseline.TrackerLeaks, f.TrackerLeaks - baseline.TrackerLeaks, inspectorSource: false));
                checks.Add(Text("the tracker's leak report names the culprit", "ForgetBuffer",
                    f.Notes.GetValueOrDefault("leakSite", "").Contains("ForgetBuffer", StringComparison.Ordinal) ? "ForgetBuffer" : "(missing)", inspectorSource: false));
                break;
            }
            case "7-small-arrays":
            {
                const int n = ScenarioChild.SmallArrays;
                long slot = f.Measured.GetValueOrDefault("slotBytes");
                long os = f.Measured.GetValueOrDefault("osNativeBytes");
                checks.Add(Same("buffers holding memory", n, r.Buffers.Count, f.TrackerLiveBuffers));
                checks.Add(Same("native (requested) bytes", n * 4L, r.NativeBytes, f.TrackerLiveBytes));
                bool within = Math.Abs(os - r.FootprintBytes) <= r.FootprintBytes / 50;
                checks.Add(new Check("footprint bytes (OS: resident growth of the mappings holding the buffers, within 2 %)", Format.N(n * slot),
                    Format.N(r.FootprintBytes), Format.N(f.TrackerLiveFootprintBytes), $"{Format.N(os)}{(within ? "" : " (off)")}",
                    r.FootprintBytes == n * slot && f.TrackerLiveFootprintBytes == n * slot && within));
                checks.Add(new Check("native bytes per array (slot at alignment 64; 32 B at alignment ≤ 32)", "64", Format.N(r.FootprintBytes / n),
                    Format.N(f.TrackerLiveFootprintBytes / n), $"{os / (double)n:0.0}", r.FootprintBytes / n <= 64 && os / (double)n <= 64 * 1.02));
                if (r.Tracker is { LiveFootprintBytes: { } heapFootprint })
                    checks.Add(Same("tracker footprint read from the heap", n * slot, heapFootprint, f.TrackerLiveFootprintBytes));
                checks.Add(Same("leaked buffers", 0, r.Leaks));
                break;
            }
            case "8a-lazy-zeros":
            {
                const long bytes = ScenarioChild.LazyElements * 4;
                long rss = f.Measured.GetValueOrDefault("rssAnonDelta");
                checks.Add(Same("buffers holding memory", 1, r.Buffers.Count, f.TrackerLiveBuffers));
                checks.Add(Same("native (requested) bytes", bytes, r.NativeBytes, f.TrackerLiveBytes));
                checks.Add(Same("footprint bytes (one mapping, page-rounded)", bytes, r.FootprintBytes, f.TrackerLiveFootprintBytes));
                checks.Add(new Check("resident bytes added by Zeros (OS: RssAnon Δ)", "< 1 MiB", "", "", $"{rss / 1048576.0:+0.00;-0.00} MiB", rss < (1L << 20)));
                break;
            }
            case "8b-lazy-zeros-written":
            {
                const long written = ScenarioChild.LazyWrittenBytes;
                long rss = f.Measured.GetValueOrDefault("rssAnonDelta");
                long mapped = f.Measured.GetValueOrDefault("bufferResidentDelta");
                bool ok = Math.Abs(mapped - written) <= OsTolerance(written);
                checks.Add(Same("footprint bytes (unchanged)", ScenarioChild.LazyElements * 4, r.FootprintBytes, f.TrackerLiveFootprintBytes));
                checks.Add(new Check("resident bytes added by writing 64 MiB (OS: mapping; RssAnon Δ)", Format.N(written), "", "",
                    $"{mapped / 1048576.0:+0.0;-0.0} MiB; {rss / 1048576.0:+0.0;-0.0} MiB{(ok ? "" : " (off)")}", ok));
                checks.Add(Text("the written value is read back", "1", f.Measured.GetValueOrDefault("firstValue").ToString(System.Globalization.CultureInfo.InvariantCulture), inspectorSource: false));
                break;
            }
            case "6-strided":
            {
                const long bytes = (long)ScenarioChild.MatrixSide * ScenarioChild.MatrixSide * 4;
                // Extent of column 3: elements 3 .. 999·1000 + 3, i.e. 3,996,004 bytes; the column reads 1000 × 4 of them.
                const long extent = ((ScenarioChild.MatrixSide - 1L) * ScenarioChild.MatrixSide + 1) * 4;
                Counts(1, bytes, retained: bytes - extent);
                var b = r.Buffers.FirstOrDefault();
                long childExact = f.Measured.GetValueOrDefault("exactRetained");
                checks.Add(Same("exact retained bytes (no live array can read them)", bytes - ScenarioChild.MatrixSide * 4L, b?.ExactRetainedBytes ?? -1, childExact));
                checks.Add(Same("report's exact retained total", bytes - ScenarioChild.MatrixSide * 4L, r.ExactRetainedBytes));
                checks.Add(Text("exact (not a bound)", "yes", b is { ExactRetainedIsExact: true } ? "yes" : "no"));
                checks.Add(Text("owner disposed, the column alone holds the buffer", "yes", b is { OwnerDisposed: true, OwnerAlive: false, LiveViews: 1, Leases: 1 } ? "yes" : "no"));
                break;
            }
            default:
                checks.Add(Text("known checkpoint", "one of " + string.Join(", ", Titles.Keys), f.Id));
                break;
        }
        return checks;
    }

    private static long OwnerBytes(FootprintReport r) =>
        r.Buffers.Sum(b => b.Arrays.Where(a => a.IsOwner).Sum(a => a.ExtentEnd - a.ExtentStart));

    private static Check Same(string figure, long expected, long inspector, long? tracker = null, bool inspectorSource = true) =>
        new(figure, Format.N(expected), inspectorSource ? Format.N(inspector) : "", tracker is long t ? Format.N(t) : "",
            "", inspector == expected && (tracker is null || tracker == expected));

    private static Check WithOs(string figure, long expected, long inspector, long tracker, long osDelta, long expectedOsDelta)
    {
        bool osOk = Math.Abs(osDelta - expectedOsDelta) <= OsTolerance(expectedOsDelta);
        var os = $"{(osDelta >= 0 ? "+" : "")}{osDelta / 1048576.0:0.0} MiB";
        return new(figure, Format.N(expected), Format.N(inspector), Format.N(tracker), os + (osOk ? "" : " (off)"),
            inspector == expected && tracker == expected && osOk);
    }

    private static Check Text(string figure, string expected, string actual, bool inspectorSource = true) =>
        new(figure, expected, inspectorSource ? actual : "", inspectorSource ? "" : actual, "", actual == expected);
}
