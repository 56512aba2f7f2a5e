using System.Diagnostics;
using NativeArrays.Inspection;

namespace NativeArrays.Tests.Inspector;

/// <summary>Issue 9 item 9: the inspector's edges (root paths that do not exist, filtered summaries, bad ids, permissions).</summary>
public partial class InspectorEndToEndTests
{
    [Test]
    public void Issue9Item9_RootsOfALeakedOrUnknownBufferSayWhy()
    {
        using var child = new ScenarioProcess();
        int pid = child.AdvanceTo("5a-leak");
        var (jc, json, jerr) = Inspector("inspect", "--pid", pid.ToString(), "--json");
        Assert.That(jc, Is.EqualTo(ExitCodes.LeaksFound), jerr);
        long leakId = ParseReport(json).Buffers.Single().Id;
        var (code, stdout, err) = Inspector("inspect", "--pid", pid.ToString(), "--roots", $"{leakId},987654");
        TestContext.Out.WriteLine(stdout);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.LeaksFound), err);
            Assert.That(stdout, Does.Contain($"root path of buffer {leakId}: none: it is unreachable"));
            Assert.That(stdout, Does.Contain("root path of buffer 987654: none: no such buffer holds memory"));
        });
    }

    [Test]
    public void Issue9Item9_TopAndLeaksOnlySummaryCountsWhatItSays()
    {
        using var child = new ScenarioProcess();
        int pid = child.AdvanceTo("2-copies");
        var (code, stdout, err) = Inspector("inspect", "--pid", pid.ToString(), "--top", "1");
        var (jc, json, jerr) = Inspector("inspect", "--pid", pid.ToString(), "--top", "1", "--json");
        var (lc, leaksOnly, lerr) = Inspector("inspect", "--pid", pid.ToString(), "--leaks-only");
        TestContext.Out.WriteLine(stdout);
        var r = ParseReport(json);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.Ok), err);
            Assert.That(jc, Is.EqualTo(ExitCodes.Ok), jerr);
            Assert.That(lc, Is.EqualTo(ExitCodes.Ok), lerr);
            // The totals count all three buffers, and say so next to the one listed.
            Assert.That(stdout, Does.Contain("native bytes alive").And.Contain("(12,000,000 B) in 3 buffer(s)"));
            Assert.That(stdout, Does.Contain("listed: the 1 largest buffer(s) (--top 1)").And.Contain("all 3 buffer(s)"));
            Assert.That(r.Buffers, Has.Count.EqualTo(1));
            Assert.That(r.NativeBytes, Is.EqualTo(12_000_000));
            Assert.That(r.Listing, Does.Contain("the 1 largest buffer(s)").And.Contain("the totals count all 3"));
            Assert.That(leaksOnly, Does.Contain("No leaked buffer.").And.Contain("the 0 leaked buffer(s) (--leaks-only)").And.Contain("in 3 buffer(s)"));
        });
    }

    [Test]
    public void Issue9Item9_APidThatIsNotANumberGetsAMessage()
    {
        foreach (var args in new[] { new[] { "inspect", "--pid", "abc" }, ["inspect", "--pid", "1", "--top", "x"], ["dump", "--pid", "abc", "--out", "/tmp/x.dmp"] })
        {
            var (code, _, err) = Inspector(args);
            Assert.Multiple(() =>
            {
                Assert.That(code, Is.EqualTo(ExitCodes.Usage), err);
                Assert.That(err, Does.StartWith("error: --").And.Contain(" expects "));
                Assert.That(err, Does.Contain($"not '{(args[0] == "dump" ? "abc" : args[^1])}'"));
                Assert.That(err, Does.Not.Contain("System."), "no .NET type name");
            });
        }
    }

    [Test]
    public void Issue9Item9_PermissionDeniedIsExitFourteen()
    {
        // We need a target we may not read: the inspector runs as 'nobody' (setpriv) against a process of ours (root).
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess)
            Assert.Ignore("needs root, to run the inspector as another user against a root-owned target");
        if (!File.Exists("/usr/bin/setpriv")) Assert.Ignore("setpriv (util-linux) is not installed");
        if (!OperatingSystem.IsLinux() || !DllReadableByOthers(InspectorDll())) Assert.Ignore("the inspector's build output is not readable by other users");
        var idlePsi = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        idlePsi.ArgumentList.Add(InspectorDll());
        idlePsi.ArgumentList.Add("idle");
        using var idle = Process.Start(idlePsi)!;
        try
        {
            Assert.That(idle.StandardOutput.ReadLine(), Does.StartWith("@idle"));
            foreach (var via in new[] { "Dump", "Attach" })
            {
                var psi = new ProcessStartInfo("/usr/bin/setpriv") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                foreach (var a in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "dotnet", InspectorDll(), "inspect", "--pid", idle.Id.ToString(), "--via", via })
                    psi.ArgumentList.Add(a);
                psi.Environment["HOME"] = "/tmp";
                psi.Environment["DOTNET_CLI_HOME"] = "/tmp";
                using var p = Process.Start(psi)!;
                var err = p.StandardError.ReadToEndAsync();
                _ = p.StandardOutput.ReadToEnd();
                Assert.That(p.WaitForExit(60_000), Is.True, "the inspector as nobody did not finish");
                Assert.Multiple(() =>
                {
                    Assert.That(p.ExitCode, Is.EqualTo(ExitCodes.PermissionDenied), $"--via {via}: {err.Result}");
                    Assert.That(err.Result, Does.StartWith("error: no permission"), $"--via {via}");
                });
            }
        }
        finally
        {
            idle.StandardInput.Close();
            if (!idle.WaitForExit(5000)) idle.Kill();
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static bool DllReadableByOthers(string path)
    {
        for (var d = new FileInfo(path).Directory; d is not null; d = d.Parent)
            if ((d.UnixFileMode & UnixFileMode.OtherExecute) == 0) return false;
        return (File.GetUnixFileMode(path) & UnixFileMode.OtherRead) != 0;
    }
}
