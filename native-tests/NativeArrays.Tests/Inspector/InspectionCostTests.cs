using NativeArrays.Inspection;

namespace NativeArrays.Tests.Inspector;

/// <summary>Issue 11, "inspection that does not disturb": the default inspection costs its target ≤ 1 MiB and no output.</summary>
public partial class InspectorEndToEndTests
{
    private static long RssAnon(int pid) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("RssAnon:", StringComparison.Ordinal))["RssAnon:".Length..].Trim().Split(' ')[0]) * 1024;

    [Test]
    public void Issue11_InspectingALiveProcessByDefaultCostsItNoMemoryAndNoOutput()
    {
        using var child = new ScenarioProcess();
        int pid = child.AdvanceTo("1-view");
        long before = RssAnon(pid);
        var (code, _, err) = Inspector("inspect", "--pid", pid.ToString(), "--json");
        Assert.That(code, Is.EqualTo(ExitCodes.Ok), err);
        long after = RssAnon(pid);
        child.Continue();
        child.AdvanceTo("2-copies"); // reads whatever the inspection made the child print
        TestContext.Out.WriteLine($"default inspection: child RssAnon {before / 1024} → {after / 1024} KiB; other lines: {child.OtherLines.Count}");
        Assert.Multiple(() =>
        {
            Assert.That(after - before, Is.LessThanOrEqualTo(1L << 20), "RssAnon change caused by the inspection");
            Assert.That(child.OtherLines, Is.Empty, "nothing written into the target's stdout");
        });
    }

    [Test]
    public void Issue11_HeapSnapshotCapturePrintsNothing()
    {
        var (code, stdout, err) = Inspector("self-snapshot");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.Ok), err);
            Assert.That(stdout.Trim(), Does.Match(@"^@snapshot \d+ \d+$"), "only the verb's own line: createdump printed nothing");
            Assert.That(err, Is.Empty);
        });
    }
}
