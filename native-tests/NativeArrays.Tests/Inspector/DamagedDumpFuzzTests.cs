using System.Buffers.Binary;
using System.Diagnostics;
using NativeArrays.Inspection;

namespace NativeArrays.Tests.Inspector;

/// <summary>Issue 9 item 4: damaged dumps never crash the inspector and never give a false OK.</summary>
public partial class InspectorEndToEndTests
{
    /// <summary>
    /// One real dump of the scenario child at <c>5a-leak</c> (one leaked 8,000,000-byte buffer; about 80 MB), then 11
    /// truncations (7 of them at 1–20 kB) and 14 zeroed ranges of 1 MiB (12 spread over the file with a fixed seed, plus
    /// the pages holding the leaked buffer object and the first segment), and the leaked buffer object's own 64 bytes
    /// zeroed, alone and with the tracker's counters: each run of <c>inspect --dump</c> must either
    /// say "unreadable" with exit 13, or give exactly the undamaged report (exit 3, the same leak). Never exit 0 (a false
    /// OK), 70, a signal or a hang. A truncation is refused by the structure check in about 0.3 s, a zeroed range takes 1–2.5 s: 30–50 s in all on a busy 2-core machine.
    /// </summary>
    [Test]
    public void Issue9Item4_DamagedDumpsAreUnreadableNeverCrashesNorFalseOk()
    {
        var dir = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var truth = Path.Combine(dir, $"na-fuzz-{Guid.NewGuid():N}.dmp");
        var work = truth + ".work";
        try
        {
            using (var child = new ScenarioProcess())
            {
                int pid = child.AdvanceTo("5a-leak");
                var (dc, _, derr) = Inspector("dump", "--pid", pid.ToString(), "--out", truth);
                Assert.That(dc, Is.EqualTo(ExitCodes.Ok), derr);
            }
            var (tc, tout, terr) = Inspector("inspect", "--dump", truth, "--json");
            Assert.That(tc, Is.EqualTo(ExitCodes.LeaksFound), terr);
            var expected = ParseReport(tout);
            Assert.That(expected.Leaks, Is.EqualTo(1));
            long length = new FileInfo(truth).Length;
            var leakObject = expected.Buffers.Single().ObjectAddress;

            var cases = new List<(string Name, Action<string> Damage)>();
            foreach (long n in new long[] { 1000, 2048, 4096, 8192, 12_000, 16_384, 20_000, length / 4, length / 2, length * 3 / 4, length - 1 })
                cases.Add(($"truncated to {n} B", path => Truncate(path, n)));
            var random = new Random(9_4);
            var offsets = Enumerable.Range(0, 12).Select(i => length * i / 12 + random.NextInt64(0, length / 12)).ToList();
            if (FileOffsetOf(truth, leakObject) is long leakAt) offsets.Add(leakAt & ~0xFFFL);
            if (FileOffsetOf(truth, 0, firstSegment: true) is long first) offsets.Add(first);
            foreach (long off in offsets)
                cases.Add(($"1 MiB zeroed at {off}", path => Zero(path, off, 1 << 20)));
            // Exactly the leaked buffer object zeroed (header, method table, fields): the walk cannot see the leak, and
            // disposed buffer objects still on the heap must not excuse the tracker's count of it. Then the tracker's
            // counters zeroed as well, so that the tracker and the heap agree on "nothing": the buffer id counter
            // (another type's static) still says buffers were created.
            if (FileOffsetOf(truth, leakObject - 8) is long objectAt)
            {
                cases.Add(("the leaked buffer object zeroed", path => Zero(path, objectAt, 64)));
                var trackerStatics = TrackerStaticOffsets(truth);
                Assert.That(trackerStatics, Is.Not.Empty, "the tracker's statics were not found in the dump");
                cases.Add(("the leaked buffer object and the tracker's counters zeroed", path =>
                {
                    Zero(path, objectAt, 64);
                    foreach (long at in trackerStatics) Zero(path, at, sizeof(long));
                }));
            }

            var watch = Stopwatch.StartNew();
            var failures = new List<string>();
            int unreadable = 0, intact = 0;
            foreach (var (name, damage) in cases)
            {
                File.Copy(truth, work, overwrite: true);
                damage(work);
                var (code, stdout, stderr) = Inspector("inspect", "--dump", work, "--json");
                var firstLine = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
                if (code == ExitCodes.BadDump && firstLine.StartsWith("error: ", StringComparison.Ordinal))
                {
                    unreadable++;
                    continue;
                }
                if (code == ExitCodes.LeaksFound)
                {
                    var r = ParseReport(stdout);
                    if (r.Leaks == expected.Leaks && r.LeakedBytes == expected.LeakedBytes && r.NativeBytes == expected.NativeBytes
                        && r.Buffers.Select(b => (b.Id, b.Bytes, b.Reachable)).SequenceEqual(expected.Buffers.Select(b => (b.Id, b.Bytes, b.Reachable))))
                    {
                        intact++;
                        continue;
                    }
                }
                failures.Add($"{name}: exit {code}, {firstLine} {(stdout.Length > 0 ? "verdict in report: " + TryVerdict(stdout) : "")}");
            }
            TestContext.Out.WriteLine($"{cases.Count} damaged dumps in {watch.Elapsed.TotalSeconds:0.0} s: {unreadable} unreadable (exit 13), {intact} read the same as the intact dump");
            Assert.That(failures, Is.Empty, string.Join("\n", failures));
        }
        finally
        {
            File.Delete(truth);
            File.Delete(work);
        }
    }

    private static string TryVerdict(string json)
    {
        try { return ParseReport(json).Verdict; }
        catch (System.Text.Json.JsonException) { return "(not JSON)"; }
    }

    private static void Truncate(string path, long length)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.Write);
        f.SetLength(length);
    }

    private static void Zero(string path, long offset, int count)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.Write);
        if (offset >= f.Length) return;
        f.Position = offset;
        f.Write(new byte[(int)Math.Min(count, f.Length - offset)]);
    }

    /// <summary>File offsets of the <c>long</c> statics of the library's allocation tracker in the dump.</summary>
    private static List<long> TrackerStaticOffsets(string path)
    {
        var offsets = new List<long>();
        using var target = HeapTarget.OpenDump(path);
        var runtime = target.Runtime;
        var domain = runtime.AppDomains.FirstOrDefault() ?? runtime.SystemDomain!;
        var type = runtime.EnumerateModules().Select(m => m.GetTypeByName(FootprintAnalyzer.TrackerTypeName)).First(t => t is not null)!;
        foreach (var field in type.StaticFields)
        {
            if (field.ElementType != Microsoft.Diagnostics.Runtime.ClrElementType.Int64) continue;
            if (FileOffsetOf(path, field.GetAddress(domain)) is long at) offsets.Add(at);
        }
        return offsets;
    }

    /// <summary>File offset of virtual address <paramref name="address"/> in an ELF core file (or of its first PT_LOAD).</summary>
    private static long? FileOffsetOf(string path, ulong address, bool firstSegment = false)
    {
        var bytes = File.ReadAllBytes(path).AsSpan();
        ulong phoff = BinaryPrimitives.ReadUInt64LittleEndian(bytes[32..]);
        int phnum = BinaryPrimitives.ReadUInt16LittleEndian(bytes[56..]);
        for (int i = 0; i < phnum; i++)
        {
            var h = bytes.Slice((int)phoff + 56 * i, 56);
            if (BinaryPrimitives.ReadUInt32LittleEndian(h) != 1) continue;
            ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(h[8..]);
            ulong vaddr = BinaryPrimitives.ReadUInt64LittleEndian(h[16..]);
            ulong filesz = BinaryPrimitives.ReadUInt64LittleEndian(h[32..]);
            if (firstSegment) return (long)offset;
            if (address >= vaddr && address < vaddr + filesz) return (long)(offset + (address - vaddr));
        }
        return null;
    }
}
