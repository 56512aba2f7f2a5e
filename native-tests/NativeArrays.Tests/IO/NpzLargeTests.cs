using System.Diagnostics;
using NativeArrays.IO;

namespace NativeArrays.Tests.IO;

/// <summary>
/// Members over 4 GiB (zip64). Deflating and inflating 4 GiB takes about a minute on two cores, so this runs only when
/// <c>NATIVEARRAYS_LARGE_TESTS=1</c>; otherwise it is ignored with that message.
/// </summary>
[NonParallelizable]
public class NpzLargeTests
{
    public const string LargeVariable = "NATIVEARRAYS_LARGE_TESTS";

    [Test]
    public void MembersOver4GiBUseZip64()
    {
        if (Environment.GetEnvironmentVariable(LargeVariable) != "1")
            Assert.Ignore($"Writes and reads a 4 GiB .npz member (about a minute, 4 GiB of RAM); set {LargeVariable}=1 to run it.");
        using var dir = IOTestUtil.CreateTempDir("zip64");
        const long elements = (1L << 30) + 4096; // 4 GiB + 16 KiB of float
        var sw = Stopwatch.StartNew();
        // The source is a sparse memory-mapped file, so only the archive's few megabytes reach the disk.
        using (var m = Npy.Create<float>(dir.File("big.npy"), [(nint)elements], sparse: true))
        {
            m.Set([0], 1f);
            m.Set([-1], 2f);
            using var w = NpzWriter.Create(dir.File("big.npz"), compress: true);
            w.Add("big", m);
        }
        File.Delete(dir.File("big.npy"));
        TestContext.Out.WriteLine($"wrote {new FileInfo(dir.File("big.npz")).Length} bytes in {sw.ElapsedMilliseconds} ms");
        using var npz = NpzArchive.Open(dir.File("big.npz"));
        var entry = npz["big"];
        Assert.That(entry.Length, Is.EqualTo(128 + elements * 4), "the zip64 size is read back");
        Assert.That(entry.Length, Is.GreaterThan(uint.MaxValue));
        Assert.That(entry.Header.Shape.ToArray(), Is.EqualTo(new[] { (nint)elements }));
        using var a = npz.Load<float>("big");
        Assert.That(a.Get(0), Is.EqualTo(1f));
        Assert.That(a.Get(1), Is.EqualTo(0f));
        Assert.That(a.Get(-1), Is.EqualTo(2f));
        TestContext.Out.WriteLine($"round trip in {sw.ElapsedMilliseconds} ms");
    }
}
