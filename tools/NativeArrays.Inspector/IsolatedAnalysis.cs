using System.Diagnostics;
using System.Text.Json;
using NativeArrays.Inspection;

namespace NativeArrays.Inspector;

/// <summary>
/// Reads a dump file in a child process (this program's hidden <c>analyze-dump</c> verb), so that a damaged dump that
/// crashes the runtime's native data access component (DAC) kills the child, not the report: the parent then says
/// "unreadable" with exit 13. The child prints the report as JSON on stdout, or one error line and its exit code.
/// </summary>
public static class IsolatedAnalysis
{
    /// <summary>Name of the hidden verb the child runs.</summary>
    public const string Verb = "analyze-dump";

    /// <summary>Most time a child may take before it is killed and the dump called unreadable.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>A <see cref="ProcessStartInfo"/> that runs this program again with <paramref name="args"/>.</summary>
    public static ProcessStartInfo Self(params string[] args)
    {
        var host = Environment.ProcessPath ?? throw new InspectorException(ExitCodes.Internal, "cannot tell this program's path");
        var psi = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // Run through `dotnet Inspector.dll` (not the apphost)? Then the child needs the dll too.
        if (string.Equals(Path.GetFileNameWithoutExtension(host), "dotnet", StringComparison.OrdinalIgnoreCase))
            psi.ArgumentList.Add(typeof(IsolatedAnalysis).Assembly.Location);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return psi;
    }

    /// <summary>Analyzes <paramref name="dumpPath"/> in a child process; throws <see cref="InspectorException"/> on failure.</summary>
    public static FootprintReport Analyze(string dumpPath, IReadOnlyCollection<long> rootIds, bool allRoots)
    {
        var args = new List<string> { Verb, "--dump", dumpPath };
        if (allRoots) args.AddRange(["--roots", "all"]);
        else if (rootIds.Count > 0) args.AddRange(["--roots", string.Join(',', rootIds)]);
        using var child = Process.Start(Self([.. args]))
                          ?? throw new InspectorException(ExitCodes.Internal, "could not start the dump reader process");
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        if (!child.WaitForExit(Timeout))
        {
            try { child.Kill(); } catch (InvalidOperationException) { }
            throw new InspectorException(ExitCodes.BadDump, $"unreadable: dump {dumpPath}: reading it did not finish in {Timeout.TotalMinutes:0} minutes");
        }
        child.WaitForExit();
        int code = child.ExitCode;
        string err = stderr.Result.Trim();
        if (code is ExitCodes.Ok or ExitCodes.LeaksFound)
        {
            try
            {
                return JsonSerializer.Deserialize<FootprintReport>(stdout.Result, InspectCommand.JsonOptions)
                       ?? throw new JsonException("empty report");
            }
            catch (JsonException e)
            {
                throw new InspectorException(ExitCodes.Internal, $"the dump reader's report could not be parsed ({e.Message})", e);
            }
        }
        // A child killed by a signal exits with 128 + the signal number (SIGSEGV: 139, SIGABRT: 134).
        if (code > 128 || code < 0)
        {
            throw new InspectorException(ExitCodes.BadDump,
                $"unreadable: dump {dumpPath}: reading it crashed the runtime's data access component ({SignalName(code - 128)}); the dump is damaged");
        }
        var line = err.Split('\n').FirstOrDefault(l => l.StartsWith("error: ", StringComparison.Ordinal) || l.StartsWith("internal error: ", StringComparison.Ordinal));
        var message = line is null ? (err.Length > 0 ? err.ReplaceLineEndings(" ") : $"the dump reader exited with code {code}")
                                   : line[(line.IndexOf(": ", StringComparison.Ordinal) + 2)..];
        // An unexpected failure while reading an untrusted file is the file's damage, not the inspector's.
        throw new InspectorException(code == ExitCodes.Internal ? ExitCodes.BadDump : code,
            code == ExitCodes.Internal ? $"unreadable: dump {dumpPath}: {message}" : message);
    }

    private static string SignalName(int signal) => signal switch
    {
        11 => "SIGSEGV",
        6 => "SIGABRT",
        7 => "SIGBUS",
        4 => "SIGILL",
        8 => "SIGFPE",
        9 => "SIGKILL",
        _ => $"signal {signal}",
    };

    /// <summary>The child's side: analyzes the dump in this process and prints the report as JSON.</summary>
    public static int RunChild(string dumpPath, IReadOnlyCollection<long> rootIds, bool allRoots)
    {
        using var target = HeapTarget.OpenDump(dumpPath);
        var options = new AnalyzeOptions { RootPathsFor = rootIds, RootPathsForLeaks = true };
        var report = FootprintAnalyzer.Analyze(target, options);
        if (allRoots) report = FootprintAnalyzer.Analyze(target, options with { RootPathsFor = report.Buffers.Select(b => b.Id).ToArray() });
        Console.Out.WriteLine(JsonSerializer.Serialize(report, InspectCommand.JsonOptions));
        return report.Leaks > 0 ? ExitCodes.LeaksFound : ExitCodes.Ok;
    }
}
