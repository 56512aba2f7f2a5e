using System.Diagnostics;
using System.Runtime.CompilerServices;
using NativeArrays.IO;
using NativeArrays.Memory;

namespace NativeArrays.Tests.IO;

[NonParallelizable] // tracker counters are process-wide
public class NpyMapTests
{
    private TempDir _dir = null!;

    [SetUp]
    public void SetUp() => _dir = IOTestUtil.CreateTempDir("map");

    [TearDown]
    public void TearDown() => _dir.Dispose();

    private string SaveArange(string name, int n = 12, params nint[] shape)
    {
        string path = _dir.File(name);
        using var a = NDArray.Arange((double)n);
        using var s = a.Reshape(shape.Length == 0 ? [n] : shape);
        Npy.Save(path, s);
        return path;
    }

    [Test]
    public void ReadOnlyMapsRefuseEveryWrite()
    {
        string path = SaveArange("r.npy", 12, 3, 4);
        var before = AllocationTracker.Snapshot();
        using var m = Npy.Open<double>(path);
        var during = AllocationTracker.Snapshot();
        Assert.That(m.Buffer.Kind, Is.EqualTo(NativeBufferKind.MemoryMapped));
        Assert.That(m.OwnsData && m.IsReadOnly);
        Assert.That(during.LiveMappedBytes - before.LiveMappedBytes, Is.EqualTo(96), "mapped bytes are counted apart");
        Assert.That(during.LiveBytes, Is.EqualTo(before.LiveBytes), "no heap native memory");
        Assert.That(m.Get(2, 3), Is.EqualTo(11.0));
        Assert.That(Npy.MappedPath(m), Is.EqualTo(path));

        Assert.Throws<InvalidOperationException>(() => m.Set([0, 0], 1));
        Assert.Throws<InvalidOperationException>(() => m.Fill(1));
        Assert.Throws<InvalidOperationException>(() => m.AsSpan());
        Assert.Throws<InvalidOperationException>(() => m.AsNDSpan());
        using var src = NDArray<double>.Zeros(3, 4);
        Assert.Throws<InvalidOperationException>(() => src.CopyTo(m));
        using var view = m[1.., ..2];
        using var writableAsked = m.AsStrided([2], [1], 0, writable: true);
        using var v2 = m.View();
        using var t = m.T;
        foreach (var v in new[] { view, writableAsked, v2, t })
        {
            Assert.That(v.IsReadOnly && v.IsView && ReferenceEquals(v.Buffer, m.Buffer));
            Assert.Throws<InvalidOperationException>(() => v.Fill(0));
        }
        Npy.Flush(m); // a no-op, not an error
        Assert.That(m.ToArray(), Is.EqualTo(Enumerable.Range(0, 12).Select(i => (double)i)));
        Assert.That(m.AsReadOnlySpan()[5], Is.EqualTo(5.0));
    }

    [Test]
    public void ReadWriteMapsWriteThroughToTheFile()
    {
        string path = SaveArange("rw.npy", 12, 3, 4);
        using (var m = Npy.Open<double>(path, "r+"))
        {
            Assert.That(m.IsReadOnly, Is.False);
            m.Set([0, 1], -1);
            using (var col = m[.., 3]) col.Fill(100);
            Npy.Flush(m);
            using var again = Npy.Load<double>(path); // another reader sees the flushed data
            Assert.That(again.Get(0, 1), Is.EqualTo(-1.0));
            Assert.That(again.Get(2, 3), Is.EqualTo(100.0));
            m.Set([2, 0], 42);
        }
        using var after = Npy.Load<double>(path);
        Assert.That(after.ToArray(), Is.EqualTo(new double[] { 0, -1, 2, 100, 4, 5, 6, 100, 42, 9, 10, 100 }));
    }

    [Test]
    public void CopyOnWriteMapsNeverChangeTheFile()
    {
        string path = SaveArange("c.npy");
        byte[] before = File.ReadAllBytes(path);
        using (var m = Npy.Open<double>(path, NpyMapMode.CopyOnWrite))
        {
            Assert.That(m.IsReadOnly, Is.False);
            m.Fill(7);
            Npy.Flush(m);
            Assert.That(m.ToArray(), Is.All.EqualTo(7.0));
            using var other = Npy.Open<double>(path, "r");
            Assert.That(other.Get(3), Is.EqualTo(3.0), "a second map of the file does not see private pages");
        }
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(before));
    }

    [Test]
    public void ViewsOfAMapKeepItAliveUntilTheLastLease()
    {
        string path = SaveArange("lease.npy", 100);
        var m = Npy.Open<double>(path, "r+");
        var view = m[SliceIndex.Slice(50, null, 2)];
        var buffer = m.Buffer;
        Assert.That(buffer.Leases, Is.EqualTo(2));
        m.Dispose();
        Assert.That(buffer.OwnerDisposed && !buffer.IsFreed, "the view keeps the map");
        Assert.That(view.Get(0), Is.EqualTo(50.0));
        view.Set([1], -52);
        Npy.Flush(view);
        long mapped = AllocationTracker.Snapshot().LiveMappedBytes;
        view.Dispose();
        Assert.That(buffer.IsFreed);
        Assert.That(mapped - AllocationTracker.Snapshot().LiveMappedBytes, Is.EqualTo(800), "the last lease unmaps");
        Assert.Throws<ObjectDisposedException>(() => view.Get(0));
        Assert.Throws<ObjectDisposedException>(() => Npy.Flush(view));
        using var reread = Npy.Load<double>(path);
        Assert.That(reread.Get(52), Is.EqualTo(-52.0));
        File.Delete(path); // the map is closed: the file can go
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "NA0003", Justification = "Leaks on purpose: the test checks that the finalizer unmaps a forgotten mapping.")]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference OpenAndForget(string path)
    {
        var m = Npy.Open<double>(path, "r+");
        m.Set([0], 9);
        var view = m[1..];
        return new WeakReference(m.Buffer);
    }

    [Test]
    public void ForgottenMapsAreReleasedByTheFinalizerAndReportedAsLeaks()
    {
        string path = SaveArange("leak.npy", 1000);
        GC.Collect(); // settle anything other tests left to the finalizer first
        GC.WaitForPendingFinalizers();
        var before = AllocationTracker.Snapshot();
        bool old = AllocationTracker.WriteLeaksToStandardError;
        AllocationTracker.WriteLeaksToStandardError = false;
        try
        {
            var weak = OpenAndForget(path);
            for (int i = 0; i < 10 && weak.IsAlive; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Assert.That(weak.IsAlive, Is.False);
        }
        finally
        {
            AllocationTracker.WriteLeaksToStandardError = old;
        }
        var after = AllocationTracker.Snapshot();
        Assert.That(after.LeaksDetected, Is.GreaterThan(before.LeaksDetected));
        Assert.That(after.LiveMappedBytes, Is.EqualTo(before.LiveMappedBytes));
        using var reread = Npy.Load<double>(path);
        Assert.That(reread.Get(0), Is.EqualTo(9.0));
    }

    [Test]
    public void CreateMakesAZeroFilledWritableMap()
    {
        string path = _dir.File("new.npy");
        using (var m = Npy.Create<int>(path, [4, 5]))
        {
            Assert.That(m.ToArray(), Is.All.Zero);
            Assert.That(m.Buffer.Kind, Is.EqualTo(NativeBufferKind.MemoryMapped));
            m.Set([3, 4], 20);
        }
        using var heap = NDArray<int>.Zeros(4, 5);
        heap.Set([3, 4], 20);
        using var ms = new MemoryStream();
        Npy.Save(ms, heap);
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(ms.ToArray()), "same bytes as Save");

        using (var f = Npy.Create<Half>(_dir.File("f.npy"), [2, 3], fortranOrder: true))
            Assert.That(f.IsFContiguous && !f.IsCContiguous);
        Assert.That(Npy.ReadHeader(_dir.File("f.npy")).FortranOrder);
        using (var s = Npy.Create<bool>(_dir.File("s.npy"), []))
            Assert.That(s.Rank == 0 && s.Item() == false);
        using (var e = Npy.Create<long>(_dir.File("e.npy"), [0, 7]))
            Assert.That((long)e.Size, Is.Zero);
        Assert.Throws<ArgumentException>(() => Npy.Create<float>(_dir.File("bad.npy"), [-1]));
        Assert.That(File.Exists(_dir.File("bad.npy")), Is.False);
    }

    [Test]
    public void FilesThatCannotBeMappedAreRefusedClearly()
    {
        string path = SaveArange("x.npy");
        Assert.Throws<InvalidCastException>(() => Npy.Open<float>(path));
        File.AppendAllText(path, "x");
        Assert.That(() => Npy.Open<double>(path), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("after the data"));
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^9]);
        Assert.That(() => Npy.Open<double>(path), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("truncated"));
        File.WriteAllBytes(path, NpyTests.MakeFile("{'descr': '>f8', 'fortran_order': False, 'shape': (1,)}", new byte[8]));
        Assert.That(() => Npy.Open<double>(path), Throws.InstanceOf<NotSupportedException>().With.Message.Contains("big-endian"));
        using (var loaded = Npy.Load<double>(path)) Assert.That(loaded.Item(), Is.Zero);
        Assert.Throws<FileNotFoundException>(() => Npy.Open<double>(_dir.File("missing.npy")));
        Assert.Throws<ArgumentOutOfRangeException>(() => Npy.Open<double>(path, (NpyMapMode)7));
        using var heap = NDArray<double>.Zeros(2);
        Assert.Throws<ArgumentException>(() => Npy.Flush(heap));
        Assert.That(Npy.MappedPath(heap), Is.Null);
        // The file is closed after each failure: it can be replaced.
        File.Delete(path);
    }

    /// <summary>On Linux, /proc/self/maps shows the protection each mode really gets from the kernel.</summary>
    [Test]
    public void ModesMapPagesWithTheMatchingProtection()
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("Reads /proc/self/maps (Linux only).");
        string path = SaveArange("prot.npy", 100_000);
        foreach (var (mode, expected) in new[] { ("r", "r--s"), ("r+", "rw-s"), ("c", "rw-p") })
        {
            using var m = Npy.Open<double>(path, mode);
            var lines = File.ReadAllLines("/proc/self/maps").Where(l => l.EndsWith(path, StringComparison.Ordinal)).ToList();
            Assert.That(lines, Has.Count.EqualTo(1), mode);
            Assert.That(lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], Is.EqualTo(expected), $"mode {mode}: {lines[0]}");
        }
        Assert.That(File.ReadAllLines("/proc/self/maps").Any(l => l.EndsWith(path, StringComparison.Ordinal)), Is.False, "unmapped on dispose");
    }

    [Test]
    public void AFileCanBeMappedSeveralTimesButNotTruncatedUnderItsMaps()
    {
        string path = SaveArange("shared.npy", 10);
        using var r = Npy.Open<double>(path, "r");
        using var rw = Npy.Open<double>(path, "r+");
        rw.Set([3], -3);
        Assert.That(r.Get(3), Is.EqualTo(-3.0), "two shared maps of one file see each other's writes");

        // Save would truncate the file under the maps; the maps' shared lock makes it fail cleanly instead.
        using var other = NDArray<double>.Zeros(2);
        Assert.Throws<IOException>(() => Npy.Save(path, other));
        Assert.That(r.Get(9), Is.EqualTo(9.0));

        // Create replaces the file by renaming a new one over it: the old maps keep the old data.
        using (var created = Npy.Create<double>(path, [2]))
            created.Fill(5);
        Assert.That(r.Get(9), Is.EqualTo(9.0));
        Assert.That(rw.Get(3), Is.EqualTo(-3.0));
        using var fresh = Npy.Load<double>(path);
        Assert.That(fresh.ToArray(), Is.EqualTo(new[] { 5.0, 5.0 }));
        Assert.That(Directory.GetFiles(_dir.Path, "*.tmp", SearchOption.AllDirectories), Is.Empty, "no temporary left behind");
    }

    [Test]
    public void KernelsRunOnMappedArraysAndRespectReadOnlyMaps()
    {
        string path = SaveArange("kernels.npy", 1000, 10, 100);
        using (var r = Npy.Open<double>(path, "r"))
        {
            Assert.That(r.Sum(), Is.EqualTo(999.0 * 1000 / 2));
            using var colSums = r.Sum(0);
            Assert.That(colSums.Get(0), Is.EqualTo(4500.0));
            using var doubled = NDArray.Add(r, r);                // output in heap memory
            Assert.That(doubled.Get(9, 99), Is.EqualTo(1998.0));
            using var t = r.T;
            Assert.Throws<InvalidOperationException>(() => NDArray.Add(t, 1.0, t)); // a read-only map is never written
        }
        using (var rw = Npy.Open<double>(path, "r+"))
        {
            using var row = rw[3];
            NDArray.Multiply(row, 2.0, row);                        // in place, through the map
        }
        using var after = Npy.Load<double>(path);
        Assert.That(after.Get(3, 5), Is.EqualTo(610.0));
        Assert.That(after.Get(4, 5), Is.EqualTo(405.0));
    }

    [Test]
    public void ConcurrentReadersAndAFinalDisposeAreSafe()
    {
        string path = SaveArange("threads.npy", 100_000);
        var m = Npy.Open<double>(path);
        var views = Enumerable.Range(0, 4).Select(i => m[SliceIndex.Slice(i, null, 4)]).ToArray();
        m.Dispose();
        var sums = new double[4];
        Parallel.For(0, 4, i =>
        {
            for (int r = 0; r < 5; r++) sums[i] = views[i].ToArray().Sum();
            views[i].Dispose();
        });
        Assert.That(sums.Sum(), Is.EqualTo(100_000.0 * 99_999 / 2));
        Assert.That(views[0].Buffer.IsFreed);
    }

    /// <summary>
    /// A sparse file of more than 4 GiB: create, write slices at both ends, flush, reopen read-only and read them,
    /// run copies on mapped slices, all without touching (or allocating) the middle. Deleted at the end.
    /// </summary>
    [Test]
    public void SparseFilesLargerThan4GiBAreMappedAndTouchedOnlyAtTheEnds()
    {
        var drive = new DriveInfo(Path.GetTempPath());
        const long elements = (1L << 30) + 4096; // 4 GiB + 16 KiB of float
        if (drive.AvailableFreeSpace < (1L << 30))
            Assert.Ignore($"Needs about 1 GiB free in {Path.GetTempPath()} (sparse file); {drive.AvailableFreeSpace} bytes available.");
        string path = _dir.File("huge.npy");
        GC.Collect(); // settle anything other tests left to the finalizer first
        GC.WaitForPendingFinalizers();
        var heapBefore = AllocationTracker.Snapshot();
        var sw = Stopwatch.StartNew();
        try
        {
            using (var m = Npy.Create<float>(path, [(nint)elements], sparse: true))
            {
                Assert.That((long)m.ByteCount, Is.EqualTo(elements * 4));
                Assert.That(AllocationTracker.Snapshot().LiveMappedBytes - heapBefore.LiveMappedBytes, Is.EqualTo(elements * 4));
                using (var head = m[..1000]) head.Fill(1.5f);
                using (var tail = m[^1000..]) tail.Fill(-2.5f);
                m.Set([(nint)elements - 1], 42f);
                Npy.Flush(m);
            }
            Assert.That(new FileInfo(path).Length, Is.EqualTo(128 + elements * 4));
            long allocated = AllocatedBytes(path);
            if (allocated >= 0) Assert.That(allocated, Is.LessThan(64L << 20), "the file stays sparse: only the touched pages exist");

            using (var r = Npy.Open<float>(path, "r"))
            {
                Assert.That(r.Get(0), Is.EqualTo(1.5f));
                Assert.That(r.Get(999), Is.EqualTo(1.5f));
                Assert.That(r.Get(1000), Is.EqualTo(0f));
                Assert.That(r.Get(-2), Is.EqualTo(-2.5f));
                Assert.That(r.Get(-1), Is.EqualTo(42f));
                Assert.That(r.Get((nint)(elements / 2)), Is.EqualTo(0f));
                // Ordinary operations on mapped views: copies, conversions, saving a slice.
                using var tail = r[^4..];
                using var copy = tail.Copy();
                Assert.That(copy.ToArray(), Is.EqualTo(new[] { -2.5f, -2.5f, -2.5f, 42f }));
                using var asDouble = tail.AsType<double>();
                Assert.That(asDouble.Get(3), Is.EqualTo(42.0));
                using var last = r[^1000..];
                Assert.That(last.Sum(), Is.EqualTo(-2.5f * 999 + 42f));  // a SIMD reduction over mapped pages
                using var ms = new MemoryStream();
                Npy.Save(ms, tail);
                ms.Position = 0;
                using var back = Npy.Load<float>(ms);
                Assert.That(back.ArrayEquals(copy));
            }
            using (var rw = Npy.Open<float>(path, "r+"))
                rw.Set([1], 7f);
            using (var r = Npy.Open<float>(path, "c"))
                Assert.That(r.Get(1), Is.EqualTo(7f));
            var heapAfter = AllocationTracker.Snapshot();
            Assert.That(heapAfter.LiveBytes - heapBefore.LiveBytes, Is.LessThan(1 << 20), "no heap copy of the file");
            Assert.That(heapAfter.LiveMappedBytes, Is.EqualTo(heapBefore.LiveMappedBytes));
            TestContext.Out.WriteLine($"4 GiB sparse map round trip in {sw.ElapsedMilliseconds} ms, {AllocatedBytes(path)} bytes allocated on disk");
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Disk space the file really uses (stat's block count), or -1 when it cannot be asked.</summary>
    private static long AllocatedBytes(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return -1;
        try
        {
            var psi = new ProcessStartInfo("stat") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in OperatingSystem.IsLinux() ? new[] { "-c", "%b %B", path } : ["-f", "%b 512", path]) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            var parts = output.Trim().Split(' ');
            return p.ExitCode == 0 && parts.Length == 2 ? long.Parse(parts[0]) * long.Parse(parts[1]) : -1;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
