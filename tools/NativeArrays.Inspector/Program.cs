using System.CommandLine;
using System.CommandLine.Parsing;
using NativeArrays.Inspection;

namespace NativeArrays.Inspector;

/// <summary>
/// Command line of the inspector: <c>demo</c> (the default), <c>inspect</c>, <c>dump</c>, and the hidden
/// <c>scenario-child</c> verb the demo starts as its target. Exit codes are those of <see cref="ExitCodes"/>.
/// </summary>
public static class Program
{
    /// <summary>Runs the tool.</summary>
    public static int Main(string[] args)
    {
        var root = BuildCommandLine();
        ParseResult parsed;
        try
        {
            parsed = root.Parse(args);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"error: {HeapTargetMessage(e)}");
            return ExitCodes.Usage;
        }
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) Console.Error.WriteLine($"error: {error.Message}");
            Console.Error.WriteLine("Run 'nativearrays-inspect --help' for usage.");
            return ExitCodes.Usage;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (InspectorException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return e.ExitCode;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"internal error: {e.GetType().Name}: {HeapTargetMessage(e)}");
            return ExitCodes.Internal;
        }
    }

    private static string HeapTargetMessage(Exception e) => e.Message.ReplaceLineEndings(" ").Trim();

    /// <summary>Builds the command tree (public so tests can parse with it).</summary>
    public static RootCommand BuildCommandLine()
    {
        var root = new RootCommand(
            "nativearrays-inspect: proves the memory footprint of a NativeArrays process with ClrMD. " +
            "With no command it runs the demo.");

        // demo
        var keepGoing = new Option<bool>("--no-fail") { Description = "Exit 0 even when a figure does not check out (the table still says so)." };
        var demo = new Command("demo", "Start a child process that runs the five seed scenarios, inspect it at each checkpoint, check every figure (default command).")
        {
            keepGoing,
        };
        var demoVia = new Option<ProcessAccess>("--via")
        {
            Description = "How to read the child: Attach (default) or Dump (shows what a dump costs the target: the cost check then fails).",
            DefaultValueFactory = _ => ProcessAccess.Attach,
        };
        demo.Options.Add(demoVia);
        demo.SetAction(r => DemoRunner.Run(r.GetValue(keepGoing), r.GetValue(demoVia)));
        root.Subcommands.Add(demo);
        root.SetAction(_ => DemoRunner.Run(noFail: false));

        // inspect
        var pid = new Option<int?>("--pid", "-p") { Description = "Id of a live .NET process using NativeArrays.", CustomParser = r => ParseInt(r, "--pid", "a process id") };
        var dumpFile = new Option<FileInfo?>("--dump", "-d") { Description = "A dump file (from 'dump', dotnet-dump collect, or createdump with heap)." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON on stdout (progress goes to stderr)." };
        var leaksOnly = new Option<bool>("--leaks-only") { Description = "Only list leaked buffers (unreachable but not freed)." };
        var top = new Option<int?>("--top") { Description = "Only list the K largest buffers (the summary says what it counts).", CustomParser = r => ParseInt(r, "--top", "a number of buffers") };
        var roots = new Option<string?>("--roots") { Description = "Buffer ids (comma-separated) whose root path to print, like 'dotnet-dump gcroot'; 'all' for every buffer." };
        var via = new Option<ProcessAccess>("--via")
        {
            Description = "How to read a live process: Attach (default: ptrace, suspended while read; costs the target no memory and no output) " +
                          "or Dump (the target's runtime writes a temporary heap dump: faster walks of huge heaps, but createdump prints 5 lines into the target's stdout).",
            DefaultValueFactory = _ => ProcessAccess.Attach,
        };
        var inspect = new Command("inspect", "Report the NativeArrays footprint of a live process or a dump. Exit 0: no leak; 3: leaks found.")
        {
            pid, dumpFile, json, leaksOnly, top, roots, via,
        };
        inspect.Validators.Add(r =>
        {
            bool hasPid = r.GetResult(pid) is not null, hasDump = r.GetResult(dumpFile) is not null;
            if (hasPid == hasDump) r.AddError("give exactly one of --pid N or --dump FILE");
            if (r.GetValue(top) is < 1) r.AddError("--top must be at least 1");
            var rootsValue = r.GetValue(roots);
            if (rootsValue is not null && ParseIds(rootsValue) is null) r.AddError($"--roots expects buffer ids like 3,7 or 'all', not '{rootsValue}'");
        });
        inspect.SetAction(r => InspectCommand.Run(new InspectCommand.Settings(
            r.GetValue(pid), r.GetValue(dumpFile)?.FullName, r.GetValue(json), r.GetValue(leaksOnly), r.GetValue(top),
            ParseIds(r.GetValue(roots) ?? "") ?? [], string.Equals(r.GetValue(roots), "all", StringComparison.OrdinalIgnoreCase), r.GetValue(via))));
        root.Subcommands.Add(inspect);

        // dump
        var dumpPid = new Option<int>("--pid", "-p") { Description = "Id of a live .NET process.", Required = true, CustomParser = r => ParseInt(r, "--pid", "a process id") ?? 0 };
        var output = new Option<FileInfo>("--out", "-o") { Description = "Where to write the dump.", Required = true };
        var dump = new Command("dump", "Write a dump with the managed heap (for 'inspect --dump' later).") { dumpPid, output };
        dump.SetAction(r => InspectCommand.WriteDump(r.GetValue(dumpPid), r.GetValue(output)!.FullName));
        root.Subcommands.Add(dump);

        // the demo's target process
        var child = new Command("scenario-child", "Internal: the demo's target process (speaks a line protocol on stdin/stdout).") { Hidden = true };
        child.SetAction(_ => ScenarioChild.Run(Console.In, Console.Out));
        root.Subcommands.Add(child);

        // reads a dump in a child process (a native crash on a damaged dump then cannot kill the report)
        var isoDump = new Option<string>("--dump") { Required = true };
        var isoRoots = new Option<string?>("--roots");
        var analyzeDump = new Command(IsolatedAnalysis.Verb, "Internal: reads a dump and prints its report as JSON.") { Hidden = true };
        analyzeDump.Options.Add(isoDump);
        analyzeDump.Options.Add(isoRoots);
        analyzeDump.SetAction(r => IsolatedAnalysis.RunChild(r.GetValue(isoDump)!, ParseIds(r.GetValue(isoRoots) ?? "") ?? [],
            string.Equals(r.GetValue(isoRoots), "all", StringComparison.OrdinalIgnoreCase)));
        root.Subcommands.Add(analyzeDump);

        // snapshots its own heap once (tests that HeapSnapshot.Capture prints nothing)
        var selfSnapshot = new Command("self-snapshot", "Internal: captures a HeapSnapshot of this process and prints one line.") { Hidden = true };
        selfSnapshot.SetAction(_ =>
        {
            using var a = NDArray.Arange(1000f);
            var report = HeapSnapshot.Capture();
            Console.Out.WriteLine($"@snapshot {report.Buffers.Count} {report.NativeBytes}");
            return ExitCodes.Ok;
        });
        root.Subcommands.Add(selfSnapshot);

                // a .NET process that never loads NativeArrays (tests the "no NativeArrays" error)
        var idle = new Command("idle", "Internal: waits until stdin closes, without loading NativeArrays.") { Hidden = true };
        idle.SetAction(_ =>
        {
            Console.Out.WriteLine($"@idle {Environment.ProcessId}");
            Console.Out.Flush();
            while (Console.In.ReadLine() is not null) { }
        });
        root.Subcommands.Add(idle);

        // a large heap for timing the walk: N live views of one buffer
        var viewCount = new Option<int>("--views") { Description = "How many views to keep alive.", DefaultValueFactory = _ => 1_000_000 };
        var load = new Command("heap-load", "Internal: keeps N views alive until stdin closes (times the heap walk).") { Hidden = true };
        load.Options.Add(viewCount);
        load.SetAction(r => ScenarioChild.HoldViews(r.GetValue(viewCount), Console.In, Console.Out));
        root.Subcommands.Add(load);
        return root;
    }

    /// <summary>An integer option's value, or a one-line error naming the option and what it expects.</summary>
    private static int? ParseInt(ArgumentResult r, string option, string what)
    {
        var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
        if (int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int value)) return value;
        r.AddError($"{option} expects {what} (a whole number), not '{text}'");
        return null;
    }

    /// <summary>Parses "3,7,12" (or "all", which yields an empty list); null when malformed.</summary>
    internal static long[]? ParseIds(string text)
    {
        if (text.Length == 0 || string.Equals(text, "all", StringComparison.OrdinalIgnoreCase)) return [];
        var ids = new List<long>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!long.TryParse(part, out var id) || id < 0) return null;
            ids.Add(id);
        }
        return ids.Count > 0 ? ids.ToArray() : null;
    }
}
