using System.Diagnostics;
using System.Text.Json;
using NativeArrays.Inspection;

namespace NativeArrays.Tests.Inspector;

/// <summary>
/// End to end: the inspector's scenario child runs as a separate process; the tests stop it at known checkpoints and
/// inspect it by pid and through a dump, with the library and with the command line, checking every reported number.
/// Also the command line's one-line errors and exit codes, and the whole demo.
/// </summary>
[NonParallelizable]
public partial class InspectorEndToEndTests
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NativeArrays.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("NativeArrays.sln not found above the test directory.");
    }

    /// <summary>The inspector's dll, built in the tests' configuration (CI builds the solution first; else build it).</summary>
    private static string InspectorDll()
    {
        var config = TestContext.CurrentContext.TestDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";
        var project = Path.Combine(RepoRoot(), "tools", "NativeArrays.Inspector");
        var dll = Path.Combine(project, "bin", config, "net10.0", "NativeArrays.Inspector.dll");
        if (!File.Exists(dll))
        {
            var (code, _, err) = Run("dotnet", ["build", project, "-c", config, "-v", "q"], TimeSpan.FromMinutes(5));
            Assert.That(code, Is.Zero, $"building the inspector failed: {err}");
        }
        return dll;
    }

    private static (int Code, string Out, string Err) Run(string file, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', args)} timed out");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private static (int Code, string Out, string Err) Inspector(params string[] args) => Run("dotnet", [InspectorDll(), .. args]);

    private static FootprintReport ParseReport(string json) =>
        JsonSerializer.Deserialize<FootprintReport>(json, Json) ?? throw new InvalidOperationException("empty JSON");

    /// <summary>The scenario child in its own process, stopped at checkpoints on request.</summary>
    private sealed class ScenarioProcess : IDisposable
    {
        private readonly Process _process;

        public ScenarioProcess()
        {
            var psi = new ProcessStartInfo("dotnet")
            {
                RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            psi.ArgumentList.Add(InspectorDll());
            psi.ArgumentList.Add("scenario-child");
            psi.Environment["MALLOC_MMAP_THRESHOLD_"] = "65536";
            _process = Process.Start(psi)!;
            _process.ErrorDataReceived += (_, _) => { };
            _process.BeginErrorReadLine();
        }

        /// <summary>Lets the child run until it stops at checkpoint <paramref name="id"/>; returns its pid.</summary>
        public int AdvanceTo(string id)
        {
            while (true)
            {
                var read = _process.StandardOutput.ReadLineAsync();
                Assert.That(read.Wait(TimeSpan.FromSeconds(60)), Is.True, $"the child did not reach {id}");
                var line = read.Result;
                Assert.That(line, Is.Not.Null.And.Not.StartWith("@error"), $"the child ended before {id}");
                if (line!.StartsWith("@checkpoint ", StringComparison.Ordinal) && line.Contains($"\"Id\":\"{id}\"", StringComparison.Ordinal))
                    return _process.Id;
                if (!line.StartsWith('@')) OtherLines.Add(line);
                if (line.StartsWith('@'))
                {
                    _process.StandardInput.WriteLine("continue");
                    _process.StandardInput.Flush();
                }
            }
        }

        /// <summary>Lets the child go on from the checkpoint it stopped at.</summary>
        public void Continue()
        {
            _process.StandardInput.WriteLine("continue");
            _process.StandardInput.Flush();
        }

        /// <summary>Lines the child printed that are not the protocol's (an inspection's noise).</summary>
        public List<string> OtherLines { get; } = [];

        public void Dispose()
        {
            if (!_process.HasExited) _process.Kill();
            _process.Dispose();
        }
    }

    [Test]
    public void OverlappingViewsByPidWithTheLibraryAndTheCommandLine()
    {
        using var child = new ScenarioProcess();
        int pid = child.AdvanceTo("3-overlap");
        FootprintReport lib;
        using (var target = HeapTarget.OpenProcess(pid)) lib = FootprintAnalyzer.Analyze(target);
        var (code, stdout, stderr) = Inspector("inspect", "--pid", pid.ToString(), "--json");
        Assert.That(code, Is.EqualTo(ExitCodes.Ok), stderr);
        var cli = ParseReport(stdout);
        foreach (var r in new[] { lib, cli })
        {
            var b = r.Buffers.Single();
            var views = b.Arrays.Where(v => !v.IsOwner).OrderBy(v => v.Offset).ToList();
            Assert.Multiple(() =>
            {
                Assert.That(r.NativeBytes, Is.EqualTo(4000));
                Assert.That(r.Tracker!.LiveBytes, Is.EqualTo(4000));
                Assert.That(b.ElementType, Is.EqualTo("float32"));
                Assert.That(b.Alignment, Is.EqualTo(64));
                Assert.That(b.Leases, Is.EqualTo(101));
                Assert.That(b.OwnerAlive, Is.True);
                Assert.That(b.LiveViews, Is.EqualTo(100));
                Assert.That(b.OverlapPairs, Is.EqualTo(99 + 98), "view i = elements [9i, 9i+20): views i, j overlap when |i-j| <= 2");
                Assert.That(b.RetainedBytes, Is.Zero);
                Assert.That(r.Leaks, Is.Zero);
                Assert.That(views.Select(v => (v.ExtentStart, v.ExtentEnd)),
                    Is.EqualTo(Enumerable.Range(0, 100).Select(i => (36L * i, 36L * i + 80))));
                Assert.That(views.All(v => v.Shape.SequenceEqual([20L]) && v.Strides.SequenceEqual([1L]) && v.ObjectBytes == 48), Is.True);
            });
        }
    }

    [Test]
    public void RetainedBaseThroughADumpWithRootPath()
    {
        using var child = new ScenarioProcess();
        int pid = child.AdvanceTo("4a-retained");
        var dump = Path.Combine(Path.GetTempPath(), $"na-e2e-{pid}.dmp");
        try
        {
            var (code, _, err) = Inspector("dump", "--pid", pid.ToString(), "--out", dump);
            Assert.That(code, Is.EqualTo(ExitCodes.Ok), err);
            FootprintReport lib;
            using (var target = HeapTarget.OpenDump(dump)) lib = FootprintAnalyzer.Analyze(target);
            long id = lib.Buffers.Single().Id;
            var (code2, stdout, err2) = Inspector("inspect", "--dump", dump, "--json", "--roots", id.ToString());
            Assert.That(code2, Is.EqualTo(ExitCodes.Ok), err2);
            var cli = ParseReport(stdout);
            foreach (var r in new[] { lib, cli })
            {
                var b = r.Buffers.Single();
                Assert.Multiple(() =>
                {
                    Assert.That(b.Bytes, Is.EqualTo(100_000_000));
                    Assert.That(b.OwnerDisposed, Is.True);
                    Assert.That(b.OwnerAlive, Is.False);
                    Assert.That(b.Leases, Is.EqualTo(1));
                    Assert.That(b.LiveViews, Is.EqualTo(1));
                    Assert.That(b.CoveredBytes, Is.EqualTo(40));
                    Assert.That(b.RetainedBytes, Is.EqualTo(99_999_960));
                    Assert.That(r.RetainedBytes, Is.EqualTo(99_999_960));
                    Assert.That(r.Verdict, Does.StartWith("RETAINED"));
                });
            }
            Assert.That(cli.Buffers.Single().RootPath, Is.Not.Null);
            Assert.That(cli.Buffers.Single().RootPath![0], Does.Contain("ViewKeepsBigBaseAlive"), "the root is the scenario's stack frame");
            Assert.That(cli.Buffers.Single().RootPath!.Last(), Does.Contain("NativeArrays.Memory.NativeBuffer"));
        }
        finally
        {
            File.Delete(dump);
        }
    }

    [Test]
    public void LeakByPidExitsThreeWithCreationSite()
    {
        using var child = new ScenarioProcess();
        int pid = child.AdvanceTo("5a-leak");
        var (code, stdout, err) = Inspector("inspect", "--pid", pid.ToString(), "--json", "--leaks-only");
        Assert.That(code, Is.EqualTo(ExitCodes.LeaksFound), err);
        var r = ParseReport(stdout);
        var leak = r.Buffers.Single();
        Assert.Multiple(() =>
        {
            Assert.That(r.Leaks, Is.EqualTo(1));
            Assert.That(r.LeakedBytes, Is.EqualTo(8_000_000));
            Assert.That(leak.Reachable, Is.False);
            Assert.That(leak.ElementType, Is.EqualTo("int64"));
            Assert.That(leak.CreationSite, Does.Contain("ForgetBuffer"));
            Assert.That(r.Tracker!.LiveBytes, Is.EqualTo(8_000_000), "the tracker still counts the leaked bytes");
        });
    }

    [Test]
    public void BadInputGivesOneLineAndADocumentedExitCode()
    {
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        var idlePsi = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        idlePsi.ArgumentList.Add(InspectorDll());
        idlePsi.ArgumentList.Add("idle");
        using var idle = Process.Start(idlePsi)!;
        Assert.That(idle.StandardOutput.ReadLine(), Does.StartWith("@idle"));
        var foreign = Path.GetTempFileName();
        File.WriteAllText(foreign, "not a dump\n");
        try
        {
            var cases = new (string[] Args, int Code)[]
            {
                (["inspect", "--pid", "2147483000"], ExitCodes.ProcessNotFound),
                (["inspect", "--pid", sleeper.Id.ToString()], ExitCodes.NotDotNet),
                (["inspect", "--pid", idle.Id.ToString()], ExitCodes.NoNativeArrays),
                (["inspect", "--dump", foreign], ExitCodes.BadDump),
                (["inspect", "--dump", foreign + ".missing"], ExitCodes.BadDump),
                (["inspect"], ExitCodes.Usage),
                (["inspect", "--pid", "x"], ExitCodes.Usage),
                (["no-such-command"], ExitCodes.Usage),
                (["dump", "--pid", "2147483000", "--out", foreign + ".dmp"], ExitCodes.ProcessNotFound),
            };
            foreach (var (args, expected) in cases)
            {
                var (code, _, err) = Inspector(args);
                var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.Multiple(() =>
                {
                    Assert.That(code, Is.EqualTo(expected), $"{string.Join(' ', args)}: {err}");
                    Assert.That(lines[0], Does.StartWith("error: "), string.Join(' ', args));
                    Assert.That(err, Does.Not.Contain("   at "), "no stack trace");
                    Assert.That(lines.Length, Is.LessThanOrEqualTo(2), "one line (plus the usage hint)");
                });
            }
        }
        finally
        {
            File.Delete(foreign);
            sleeper.Kill();
            idle.StandardInput.Close();
            if (!idle.WaitForExit(5000)) idle.Kill();
        }
    }

    [Test]
    public void AMillionViewsAreWalkedAndCounted()
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(InspectorDll());
        psi.ArgumentList.Add("heap-load");
        psi.ArgumentList.Add("--views");
        psi.ArgumentList.Add("1000000");
        using var load = Process.Start(psi)!;
        try
        {
            Assert.That(load.StandardOutput.ReadLine(), Does.StartWith("@loaded"));
            var watch = Stopwatch.StartNew();
            FootprintReport r;
            using (var target = HeapTarget.OpenProcess(load.Id)) r = FootprintAnalyzer.Analyze(target);
            TestContext.Out.WriteLine($"{r.ObjectsWalked:N0} objects: read {r.OpenMilliseconds} ms + walk {r.WalkMilliseconds} ms, {watch.ElapsedMilliseconds} ms in all");
            var b = r.Buffers.Single();
            Assert.Multiple(() =>
            {
                Assert.That(r.ObjectsWalked, Is.GreaterThan(1_000_000));
                Assert.That(b.LiveViews, Is.EqualTo(1_000_000));
                Assert.That(b.Leases, Is.EqualTo(1_000_001));
                Assert.That(b.Arrays, Has.Count.EqualTo(1000), "the list is capped; the counts are not");
                Assert.That(b.ArraysNotListed, Is.EqualTo(1_000_001 - 1000));
                Assert.That(r.ManagedBytes, Is.GreaterThanOrEqualTo(48L * 1_000_001));
                Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(60)), "about 5 s on an idle 2-core machine");
            });
        }
        finally
        {
            load.StandardInput.Close();
            if (!load.WaitForExit(10_000)) load.Kill();
        }
    }

    [Test]
    public void TheDemoPasses()
    {
        var watch = Stopwatch.StartNew();
        var (code, stdout, err) = Run("dotnet", [InspectorDll(), "demo"], TimeSpan.FromMinutes(4));
        TestContext.Out.WriteLine($"demo: exit {code} in {watch.Elapsed.TotalSeconds:0.0} s");
        TestContext.Out.WriteLine(stdout.Length > 4000 ? stdout[^4000..] : stdout);
        foreach (var line in stdout.Split('\n').Where(l => l.Contains('✗'))) TestContext.Out.WriteLine("failed check: " + line.Trim());
        Assert.That(code, Is.EqualTo(ExitCodes.Ok), err);
        Assert.That(stdout, Does.Contain("demo passed"));
        Assert.That(stdout, Does.Not.Contain("✗"));
    }
}
