using NativeArrays.Inspection;
using Spectre.Console;

namespace NativeArrays.Inspector;

/// <summary>Renders a <see cref="FootprintReport"/> as tables.</summary>
public static class ReportRenderer
{
    /// <summary>Most arrays listed per buffer before the list is cut.</summary>
    public const int ArraysListed = 6;

    /// <summary>Writes the whole report: header, buffers table, per-buffer arrays, leaks, root paths, totals, verdict.</summary>
    /// <param name="console">Where to write.</param>
    /// <param name="all">The whole report (the totals count every buffer in it).</param>
    /// <param name="shown">The buffers to list (all of them when null).</param>
    /// <param name="listing">What the list shows when it is filtered (<see cref="InspectCommand.Listing"/>).</param>
    /// <param name="leaksOnly">The list is filtered to leaks.</param>
    /// <param name="askedRoots">Buffer ids whose root path was asked for: each gets a path or the reason it has none.</param>
    public static void Render(IAnsiConsole console, FootprintReport all, IReadOnlyList<BufferReport>? shown = null, string? listing = null,
        bool leaksOnly = false, IReadOnlyCollection<long>? askedRoots = null)
    {
        var report = all with { Buffers = shown ?? all.Buffers };
        int hidden = all.Buffers.Count - report.Buffers.Count;
        console.MarkupLine($"[bold]NativeArrays footprint[/] of {Markup.Escape(report.Source)} (CLR {Markup.Escape(report.RuntimeVersion)}): " +
                           $"read in {report.OpenMilliseconds / 1000.0:0.0} s, {Format.N(report.ObjectsWalked)} objects walked in {report.WalkMilliseconds / 1000.0:0.0} s");
        if (report.Buffers.Count == 0)
        {
            console.MarkupLine(leaksOnly ? "No leaked buffer." : "No native buffer is allocated.");
        }
        else
        {
            console.Write(BufferTable(report.Buffers));
            if (hidden > 0) console.MarkupLine($"[grey]({Format.N(hidden)} more buffer(s) not listed: --top K or --json)[/]");
            // Array tables for the buffers with the most arrays (at most 10 tables).
            foreach (var b in report.Buffers.Where(b => b.Arrays.Count > 0).OrderByDescending(b => b.Arrays.Count + b.ArraysNotListed).Take(10))
                console.Write(ArrayTable(b));
            foreach (var b in report.Buffers.Where(b => b.OverlapPairs > 0))
            {
                var pairs = string.Join(", ", b.OverlapSample.Take(8).Select(p => $"#{p[0]}×#{p[1]}"));
                console.MarkupLine($"buffer {b.Id}: {Format.N(b.OverlapPairs)} overlapping view pair(s){(pairs.Length > 0 ? $", e.g. {pairs}" : "")}");
            }
            foreach (var b in report.Buffers.Where(b => b.Kind == "mmap"))
                console.MarkupLine($"buffer {b.Id}: memory-mapped ({Markup.Escape(b.MappedMode ?? "?")}) from {Markup.Escape(b.MappedFile ?? "(file unknown)")}");
            foreach (var b in report.Buffers.Where(b => !b.Reachable))
            {
                console.MarkupLine($"[red]leak[/]: buffer {b.Id} ({Format.Bytes(b.Bytes)}, {Markup.Escape(b.ElementType)}) is {Markup.Escape(b.RootStatus)}; created at:");
                console.WriteLine(Indent(SiteSummary(b.CreationSite), "    "));
            }
            foreach (var b in report.Buffers.Where(b => b.Reachable && b.RootPath is not null))
            {
                console.MarkupLine($"root path of buffer {b.Id}:");
                foreach (var line in b.RootPath!) console.WriteLine("  " + line);
            }
            foreach (var b in report.Buffers.Where(b => b.PendingLeases > 0))
            {
                console.MarkupLine($"[red]pending leak[/]: buffer {b.Id} holds {Format.N(b.PendingLeases)} lease(s) of unreachable arrays that were never disposed " +
                                   $"({Format.N(b.Leases)} leases, {Format.N(b.Leases - b.PendingLeases)} live array(s)); it leaks once its live arrays are disposed");
            }
        }
        if (listing is not null) console.MarkupLine($"[grey]{Markup.Escape(listing)}[/]");
        foreach (var id in askedRoots ?? [])
        {
            // Asked for with --roots but no path printed above: say why.
            if (all.Buffers.FirstOrDefault(b => b.Id == id) is { } b)
            {
                if (!b.Reachable) console.MarkupLine($"root path of buffer {id}: none: it is {Markup.Escape(b.RootStatus)} (a leak: no GC root reaches it)");
                else if (!report.Buffers.Contains(b)) console.MarkupLine($"root path of buffer {id}: not listed (filtered out by --top/--leaks-only); --json has it");
            }
            else
            {
                var reason = all.MissingRootPaths.FirstOrDefault(m => m.Id == id)?.Reason ?? "no such buffer holds memory";
                console.MarkupLine($"root path of buffer {id}: none: {Markup.Escape(reason)}");
            }
        }
        console.Write(Totals(all));
        var color = report.Leaks > 0 || report.PendingLeaks > 0 ? "red" : report.ExactRetainedBytes > 0 ? "yellow" : "green";
        console.MarkupLine($"[{color}]{Markup.Escape(report.Verdict)}[/]");
    }

    /// <summary>The per-buffer table.</summary>
    public static Table BufferTable(IEnumerable<BufferReport> buffers)
    {
        var t = new Table().Border(TableBorder.Rounded);
        t.AddColumn("id");
        t.AddColumn("dtype");
        t.AddColumn(new TableColumn("native bytes").RightAligned());
        t.AddColumn(new TableColumn("footprint bytes").RightAligned());
        t.AddColumn(new TableColumn("align").RightAligned());
        t.AddColumn("owner");
        t.AddColumn(new TableColumn("leases").RightAligned());
        t.AddColumn(new TableColumn("live views").RightAligned());
        t.AddColumn(new TableColumn("retained bytes").RightAligned());
        t.AddColumn(new TableColumn("exact retained").RightAligned());
        t.AddColumn(new TableColumn("overlap pairs").RightAligned());
        t.AddColumn(new TableColumn("managed bytes").RightAligned());
        t.AddColumn("status");
        foreach (var b in buffers)
        {
            var owner = b.OwnerAlive ? "alive" : b.OwnerDisposed ? "[yellow]disposed[/]" : b.Reachable ? "dropped" : "[red]undisposed[/]";
            var status = !b.Reachable ? $"[red]LEAK[/] {Markup.Escape(b.RootStatus)}"
                : b.PendingLeases > 0 ? $"[red]pending leak[/] ({Format.N(b.PendingLeases)} undisposed unreachable array(s))"
                : b.ExactRetainedBytes > 0 ? "[yellow]retains[/]" : "[green]ok[/]";
            t.AddRow(b.Id.ToString(), Markup.Escape(b.ElementType), Format.N(b.Bytes), Format.N(b.FootprintBytes), b.Alignment.ToString(), owner, Format.N(b.Leases),
                Format.N(b.LiveViews), b.RetainedBytes > 0 ? $"[yellow]{Format.N(b.RetainedBytes)}[/]" : "0",
                (b.ExactRetainedIsExact ? "" : "≥ ") + (b.ExactRetainedBytes > 0 ? $"[yellow]{Format.N(b.ExactRetainedBytes)}[/]" : "0"), Format.N(b.OverlapPairs),
                Format.N(b.ManagedBytes), status);
        }
        return t;
    }

    /// <summary>The arrays (owner and views) over one buffer, cut after <see cref="ArraysListed"/>.</summary>
    public static Table ArrayTable(BufferReport b)
    {
        var t = new Table().Border(TableBorder.Simple)
            .Title($"buffer {b.Id}: {Format.N(b.Arrays.Count + b.ArraysNotListed)} live array(s) ({(b.OwnerAlive ? "owner + " : "")}{Format.N(b.LiveViews)} view(s)), covering {Format.N(b.CoveredBytes)} of {Format.N(b.Bytes)} bytes");
        t.AddColumn(new TableColumn("#").RightAligned());
        t.AddColumn("role");
        t.AddColumn("shape");
        t.AddColumn("strides");
        t.AddColumn(new TableColumn("offset").RightAligned());
        t.AddColumn("extent (bytes)");
        t.AddColumn("contig.");
        t.AddColumn(new TableColumn("object B").RightAligned());
        t.AddColumn(new TableColumn("layout B").RightAligned());
        for (int i = 0; i < b.Arrays.Count && i < ArraysListed; i++)
        {
            var a = b.Arrays[i];
            t.AddRow(i.ToString(), a.IsOwner ? "owner" : "view", Dims(a.Shape), Dims(a.Strides), Format.N(a.Offset),
                a.ExtentEnd > a.ExtentStart ? $"[[{Format.N(a.ExtentStart)}, {Format.N(a.ExtentEnd)})" : "empty",
                a.Contiguity, a.ObjectBytes.ToString(), a.LayoutSharedBy > 1 ? $"{a.LayoutBytes} (shared by {Format.N(a.LayoutSharedBy)})" : a.LayoutBytes.ToString());
        }
        int more = b.Arrays.Count + b.ArraysNotListed - ArraysListed;
        if (more > 0) t.Caption($"… and {Format.N(more)} more (--json lists {(b.ArraysNotListed > 0 ? $"the first {Format.N(b.Arrays.Count)}" : "all")})");
        return t;
    }

    private static Table Totals(FootprintReport r)
    {
        var t = new Table().Border(TableBorder.Minimal).HideHeaders();
        t.AddColumn("figure");
        t.AddColumn("value");
        t.AddRow("native bytes alive", $"{Format.Bytes(r.NativeBytes)} in {r.Buffers.Count(b => b.Kind == "heap")} buffer(s)");
        t.AddRow("footprint bytes (what the allocator holds)", $"{Format.Bytes(r.FootprintBytes)}{(r.CachedBytes is > 0 ? $", plus {Format.Bytes(r.CachedBytes.Value)} cached for reuse in no buffer" : "")}");
        t.AddRow("buffer cache (disposed, parked for reuse)", $"{Format.N(r.CachedBuffers)} buffer(s), {Format.Bytes(r.CachedBufferBytes)}");
        if (r.MappedBytes > 0) t.AddRow("memory-mapped bytes", $"{Format.Bytes(r.MappedBytes)} in {r.Buffers.Count(b => b.Kind == "mmap")} buffer(s)");
        if (r.Buffers.Any(b => b.Kind == "external"))
            t.AddRow("external (foreign) bytes", $"{Format.Bytes(r.Buffers.Where(b => b.Kind == "external").Sum(b => b.Bytes))} in {r.Buffers.Count(b => b.Kind == "external")} buffer(s), released by their owners");
        t.AddRow("managed bytes (library objects)", $"{Format.Bytes(r.ManagedBytes)}: {Format.N(r.ArrayObjects)} array object(s), {Format.N(r.LayoutObjects)} layout(s), buffer objects");
        t.AddRow("live views", Format.N(r.LiveViews));
        t.AddRow("retained bytes (outside every live array's extent)", Format.Bytes(r.RetainedBytes));
        t.AddRow("exact retained bytes (no live array can read them)", Format.Bytes(r.ExactRetainedBytes));
        t.AddRow("overlapping view pairs", Format.N(r.OverlapPairs));
        t.AddRow("leaks", r.Leaks == 0 ? "0" : $"{r.Leaks} ({Format.Bytes(r.LeakedBytes)})");
        if (r.Scopes.Count > 0)
            t.AddRow("open NDScopes (arrays disposed at their end)", string.Join(", ", r.Scopes.Select(s =>
                $"#{s.Id} depth {s.Depth}: {Format.N(s.Arrays)} array(s), {Format.Bytes(s.Bytes)}")));
        if (r.PendingLeaks > 0) t.AddRow("pending leaks", $"{r.PendingLeaks} buffer(s), {Format.N(r.PendingLeases)} lease(s) of unreachable undisposed arrays");
        if (r.Tracker is { } tr)
        {
            bool same = tr.LiveBytes == r.NativeBytes;
            same &= tr.LiveFootprintBytes is null || tr.LiveFootprintBytes == r.FootprintBytes;
            var fp = tr.LiveFootprintBytes is long f ? $", footprint {Format.N(f)} B" : "";
            t.AddRow("library tracker (in target)", $"{Format.N(tr.LiveBuffers)} buffer(s), {Format.N(tr.LiveBytes)} B{fp} {(same ? "[green](agrees)[/]" : "[yellow](differs: buffers freed or allocated during the dump?)[/]")}");
        }
        return t;
    }

    private static string Dims(long[] d) => "(" + string.Join(", ", d.Select(Format.N)) + (d.Length == 1 ? ",)" : ")");

    /// <summary>The frames of a creation site that are not the library's own allocation plumbing (first 6).</summary>
    public static string SiteSummary(string? site)
    {
        if (string.IsNullOrWhiteSpace(site)) return "(not captured: set \"captureAllocationSites\": true in the \"NativeArrays\" section of runtimesettings.json)";
        var all = site.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // Skip the library's own frames (NDArray creation, Memory, Layout): the first frame after them is the caller.
        var user = all.SkipWhile(l => LibraryFrame.IsMatch(l)).Take(6).ToList();
        return string.Join('\n', user.Count > 0 ? user : all.Take(6));
    }

    private static readonly System.Text.RegularExpressions.Regex LibraryFrame =
        new(@"^at (System\.Environment|System\.Diagnostics\.StackTrace|NativeArrays\.(NDArray|Memory\.|Layout\.|Kernels\.|IO\.))", System.Text.RegularExpressions.RegexOptions.Compiled);

    private static string Indent(string text, string pad) => string.Join('\n', text.Split('\n').Select(l => pad + l));
}
