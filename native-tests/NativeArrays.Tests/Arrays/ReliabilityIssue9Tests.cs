using NativeArrays.Memory;
using NativeArrays.Tests.Allocator;

namespace NativeArrays.Tests.Arrays;

/// <summary>Regression tests for issue 9 (library side: items 2, 3, 5, 6, 7 and 8), one or more per item.</summary>
[TestFixture, NonParallelizable]
public class ReliabilityIssue9Tests
{
    // ---- Item 2: every NDSpan / ReadOnlyNDSpan member that touches memory holds the buffer or fails cleanly ------------

    private static readonly TimeSpan RaceBudget = TimeSpan.FromMilliseconds(250);

    private const int Used = SpanDisposeRace.Used;

    private static readonly Dictionary<string, SpanDisposeRace.Use> SpanEntryPoints = new()
    {
        ["NDSpan.Fill"] = (a, _) => a.AsNDSpan()[^Used..].Fill(2f),
        ["NDSpan.Get"] = (a, b) => { var s = a.AsNDSpan()[^Used..]; for (int i = 0; i < Used; i += 16) _ = s.Get(i); },
        ["NDSpan.Set"] = (a, _) => { var s = a.AsNDSpan()[^Used..]; for (int i = 0; i < Used; i += 16) s.Set([i], 1f); },
        ["ReadOnlyNDSpan.Get"] = (a, b) => { var s = a.AsReadOnlyNDSpan()[^Used..]; for (int i = 0; i < Used; i += 16) _ = s.Get(-1 - i); },
        ["NDArray.Add(spans)"] = (a, b) => NDArray.Add(a.AsReadOnlyNDSpan()[^Used..], b.AsReadOnlyNDSpan()[^Used..], a.AsNDSpan()[^Used..]),
        ["NDArray.Add(span, scalar)"] = (a, b) => NDArray.Add(b.AsReadOnlyNDSpan()[^Used..], 1f, a.AsNDSpan()[^Used..]),
        ["NDArray.Sqrt(span)"] = (a, b) => NDArray.Sqrt(b.AsReadOnlyNDSpan()[^Used..], a.AsNDSpan()[^Used..]),
        ["NDSpan.MultiplyInPlace(scalar)"] = (a, _) => a.AsNDSpan()[^Used..].MultiplyInPlace(3f),
        ["NDSpan.AddInPlace(span)"] = (a, b) => a.AsNDSpan()[^Used..].AddInPlace(b.AsReadOnlyNDSpan()[^Used..]),
        ["NDSpan.SqrtInPlace"] = (a, _) => a.AsNDSpan()[^Used..].SqrtInPlace(),
        ["NDArray.MultiplyAdd(spans)"] = (a, b) => NDArray.MultiplyAdd(a.AsReadOnlyNDSpan()[^Used..], b.AsReadOnlyNDSpan()[^Used..], b.AsReadOnlyNDSpan()[^Used..], a.AsNDSpan()[^Used..]),
        ["NDArray.Clip(span)"] = (a, b) => NDArray.Clip(b.AsReadOnlyNDSpan()[^Used..], 0f, 0.5f, a.AsNDSpan()[^Used..]),
        ["NDArray.Where(spans)"] = (a, b) => NDArray.Where(s_mask!.AsReadOnlyNDSpan(), b.AsReadOnlyNDSpan()[^Used..], a.AsReadOnlyNDSpan()[^Used..], a.AsNDSpan()[^Used..]),
        ["NDArray.Equal(spans)"] = (a, b) => NDArray.Equal(a.AsReadOnlyNDSpan()[^Used..], b.AsReadOnlyNDSpan()[^Used..], s_mask!.AsNDSpan()),
    };

    private static NDArray<bool>? s_mask;

    private static IEnumerable<string> SpanEntryPointNames => SpanEntryPoints.Keys;

    [TestCaseSource(nameof(SpanEntryPointNames))]
    public void Issue9_Item2_SpanMembersRacingDisposeNeverTouchFreedMemory(string entryPoint)
    {
        using var mask = NDArray<bool>.Zeros(Used);
        s_mask = mask;
        try
        {
            var (completed, refused) = SpanDisposeRace.Run(SpanEntryPoints[entryPoint], RaceBudget);
            Assert.That(completed + refused, Is.GreaterThan(0));
        }
        finally { s_mask = null; }
    }

    [Test]
    public void Issue9_Item2_SpanMembersOfADisposedArrayThrowObjectDisposed()
    {
        var a = NDArray.Arange(8f);
        var b = NDArray.Arange(8f);
        try
        {
            var s = a.AsNDSpan();
            var r = a.AsReadOnlyNDSpan();
            a.Dispose();
            var ex = Assert.Throws<ObjectDisposedException>(() => a.AsNDSpan().Fill(1f));
            Assert.That(ex!.Message, Does.Contain("disposed"));
            bool threw = false;
            try { s.Fill(1f); } catch (ObjectDisposedException) { threw = true; }
            Assert.That(threw, "Fill");
            threw = false;
            try { _ = s.Get(0); } catch (ObjectDisposedException) { threw = true; }
            Assert.That(threw, "NDSpan.Get");
            threw = false;
            try { s.Set([0], 1f); } catch (ObjectDisposedException) { threw = true; }
            Assert.That(threw, "NDSpan.Set");
            threw = false;
            try { _ = r.Get(0); } catch (ObjectDisposedException) { threw = true; }
            Assert.That(threw, "ReadOnlyNDSpan.Get");
            threw = false;
            try { NDArray.Add(r, b.AsReadOnlyNDSpan(), b.AsNDSpan()); } catch (ObjectDisposedException) { threw = true; }
            Assert.That(threw, "Add over a disposed source");
            threw = false;
            try { NDArray.Add(b.AsReadOnlyNDSpan(), b.AsReadOnlyNDSpan(), s); } catch (ObjectDisposedException) { threw = true; }
            Assert.That(threw, "Add into a disposed destination");
            threw = false;
            try { NDArray.Add(default(ReadOnlyNDSpan<float>), default(ReadOnlyNDSpan<float>), default(NDSpan<float>)); } catch (ObjectDisposedException) { threw = true; }
            Assert.That(threw, "a default (never borrowed) view is refused, not dereferenced");
            threw = false;
            try { NDArray.Exp(default(ReadOnlyNDSpan<float>), default(NDSpan<float>)); } catch (ObjectDisposedException) { threw = true; }
            Assert.That(threw, "a default view is refused by the unary form too");
            threw = false;
            try { NDArray.Exp(b.AsReadOnlyNDSpan(), default(NDSpan<float>)); } catch (ObjectDisposedException) { threw = true; }
            Assert.That(threw, "a default destination view is refused");
            Assert.That(b.ToArray(), Is.EqualTo(Enumerable.Range(0, 8).Select(i => (float)i).ToArray()), "nothing was written");
        }
        finally
        {
            a.Dispose();
            b.Dispose();
        }
    }

    // ---- Item 8: comparisons without copies, disposed operands, ddof ≥ n, too-big headers, leaked views' sites -------

    [Test]
    public void Issue9_Item8_ArrayEqualsOnHugeBroadcastViewsComparesInPlace()
    {
        long huge = 3_000_000_000;                     // not const: the checked casts below run (and would throw on a 32-bit process)
        using var one = NDArray.Ones<float>(1);
        using var zero = NDArray<float>.Zeros(1);
        using var a = one.BroadcastTo(checked((nint)huge));
        using var b = zero.BroadcastTo(checked((nint)huge));
        using var a2 = one.BroadcastTo(1_000_000, 3000); // 3e9 elements in 2-d: rows after the first difference return at once
        using var b2 = zero.BroadcastTo(1_000_000, 3000);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        Assert.That(a.ArrayEquals(b), Is.False);
        Assert.That(a.AllClose(b), Is.False);
        Assert.That(a2.ArrayEquals(b2), Is.False);
        Assert.That(a2.AllClose(b2, atol: 0.5), Is.False);
        Assert.That(sw.ElapsedMilliseconds, Is.LessThan(5000), "the first difference ends the comparison");
    }

    [Test]
    public void Issue9_Item8_ArrayEqualsAndAllCloseOnBroadcastViewsAllocateNothing()
    {
        using var row = NDArray.Arange(1000f);
        using var column = NDArray<float>.Zeros(2000, 1);
        using var a = row.BroadcastTo(2000, 1000);             // 2e6 elements over 1000 floats
        using var grid = NDArray.Add(column, row);              // the same values, materialised
        using var other = grid.Copy();
        other.Set([1999, 999], 5f);
        Assert.That(a.ArrayEquals(grid), Is.True);
        Assert.That(grid.ArrayEquals(a), Is.True);
        long before = GC.GetTotalAllocatedBytes(precise: true);
        bool equal = a.ArrayEquals(grid), close = a.AllClose(grid), differs = a.ArrayEquals(other), far = a.AllClose(other);
        long managed = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.That(equal && close && !differs && !far, Is.True, $"{equal} {close} {differs} {far}");
        Assert.That(managed, Is.LessThan(64 << 10), "no managed copy of the 8 MB operands");
        Assert.That(a.AllClose(other, atol: 1000), Is.True);
        using var t = grid.T;                                   // a transposed operand walks in place too
        using var tt = t.T;
        Assert.That(tt.ArrayEquals(a), Is.True);
    }

    [Test]
    public void Issue9_Item8_ComparingADisposedArrayThrowsObjectDisposed()
    {
        var a = NDArray.Arange(4f);
        using var b = NDArray.Arange(4f);
        using var c = NDArray.Arange(5f);
        a.Dispose();
        Assert.Throws<ObjectDisposedException>(() => a.ArrayEquals(b));
        Assert.Throws<ObjectDisposedException>(() => b.ArrayEquals(a));
        Assert.Throws<ObjectDisposedException>(() => a.AllClose(b));
        Assert.Throws<ObjectDisposedException>(() => b.AllClose(a));
        Assert.Throws<ObjectDisposedException>(() => a.ArrayEquals(c), "even when the shapes differ");
    }

    [Test]
    public void Issue9_Item8_VarAndStdWithoutDegreesOfFreedomAreNaNOrInfAsNumPy()
    {
        using var empty = NDArray<double>.Zeros(0);
        Assert.That(empty.Std(ddof: 1), Is.NaN);                 // NumPy: nan (was -0)
        Assert.That(empty.Var(ddof: 1), Is.NaN);
        Assert.That(empty.Var(), Is.NaN);
        using var three = NDArray.Arange(1.0, 4.0, 1.0);         // [1, 2, 3]
        Assert.That(three.Var(ddof: 3), Is.EqualTo(double.PositiveInfinity));   // NumPy: inf
        Assert.That(three.Var(ddof: 5), Is.EqualTo(double.PositiveInfinity));   // NumPy: inf (not -1)
        Assert.That(three.Std(ddof: 5), Is.EqualTo(double.PositiveInfinity));
        Assert.That(three.Var(ddof: 2), Is.EqualTo(2.0));
        using var ones = NDArray.Ones<float>(3);
        Assert.That(ones.Var(ddof: 3), Is.NaN);                  // 0 / 0
        using var flat = NDArray.Arange(6.0);
        using var m = flat.Reshape(2, 3);
        using var v = m.Var(1, ddof: 4);
        Assert.That(v.ToArray(), Is.All.EqualTo(double.PositiveInfinity));
        using var sd = m.Std(0, ddof: 2);
        Assert.That(sd.ToArray(), Is.All.EqualTo(double.PositiveInfinity));
    }

    [Test]
    public void Issue9_Item8_NpyHeaderWhoseStridesOverflowIsRefusedEvenWithAZeroDimension()
    {
        string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 9223372036854775807, 9223372036854775807), }";
        int total = (10 + dict.Length + 1 + 63) / 64 * 64;
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange("NUMPY"u8.ToArray());
        bytes.Add(1);
        bytes.Add(0);
        int headerLength = total - 10;
        bytes.Add((byte)(headerLength & 0xFF));
        bytes.Add((byte)(headerLength >> 8));
        bytes.AddRange(System.Text.Encoding.ASCII.GetBytes(dict.PadRight(headerLength - 1)));
        bytes.Add((byte)'\n');
        var ex = Assert.Throws<InvalidDataException>(() => NativeArrays.IO.Npy.Load<float>(new MemoryStream(bytes.ToArray())));
        Assert.That(ex!.Message, Does.Contain("too big"));
        Assert.Throws<InvalidDataException>(() => NativeArrays.IO.Npy.ReadHeader(new MemoryStream(bytes.ToArray())));
        // The same rule for arrays made here: contiguous strides of such a shape would wrap.
        Assert.Throws<ArgumentOutOfRangeException>(() => NDArray<float>.Zeros(0, nint.MaxValue, nint.MaxValue));
        using var fine = NDArray<float>.Zeros(0, 1 << 20, 1 << 20);
        Assert.That(fine.Size, Is.EqualTo((nint)0));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static NDArray<double> MakeOwnerAtSiteOne() => NDArray.Ones<double>(64);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static long LeakAViewAtSiteTwo()
    {
        var owner = MakeOwnerAtSiteOne();
        var view = owner[10..20];   // never disposed
        owner.Dispose();
        GC.KeepAlive(view);
        return owner.Buffer.Id;
    }

    [Test]
    public void Issue9_Item8_LeakReportOfALeakedViewNamesTheViewsCreationSite()
    {
        OwnershipTests.CollectEverything();
        bool echo = AllocationTracker.WriteLeaksToStandardError;
        AllocationTracker.WriteLeaksToStandardError = false;
        try
        {
            long id, plain;
            using (NativeArraysSettings.Override(NativeArraysSettings.Current with { CaptureAllocationSites = true, CaptureViewSites = true }))
                id = LeakAViewAtSiteTwo();
            using (NativeArraysSettings.Override(NativeArraysSettings.Current with { CaptureAllocationSites = true }))
                plain = LeakAViewAtSiteTwo();
            OwnershipTests.CollectEverything();
            // Without view sites (views then cost no stack trace), the report says a view leaked and that the site is the buffer's.
            var unnamed = AllocationTracker.Leaks.Single(l => l.BufferId == plain);
            Assert.That(unnamed.OnlyViewsLeaked, Is.True);
            Assert.That(unnamed.ToString(), Does.Contain("captureViewSites").And.Contain("owner was disposed"));
            var leak = AllocationTracker.Leaks.Single(l => l.BufferId == id);
            Assert.That(leak.Leases, Is.EqualTo(1));
            Assert.That(leak.CreationSite, Does.Contain(nameof(LeakAViewAtSiteTwo)));
            Assert.That(leak.CreationSite, Does.Not.Contain(nameof(MakeOwnerAtSiteOne)), "the view's site, not its owner's");
            Assert.That(leak.CreationSite, Does.Not.Contain("NativeArrays.NDArray"), "library frames are skipped");
            Assert.That(leak.AllocationSite, Does.Contain(nameof(MakeOwnerAtSiteOne)));
            Assert.That(leak.UndisposedViewSites, Has.Count.EqualTo(1));
            Assert.That(leak.ToString(), Does.Contain(nameof(LeakAViewAtSiteTwo)).And.Contain(nameof(MakeOwnerAtSiteOne)));
        }
        finally
        {
            AllocationTracker.WriteLeaksToStandardError = echo;
        }
    }

    // ---- Item 3: .npz members are checked against their CRC-32; encrypted members are refused --------------------

    private static byte[] Archive(bool compress)
    {
        using var a = NDArray.Arange(1000.0);
        using var b = NDArray.Arange(10L);
        var ms = new MemoryStream();
        using (var w = new NativeArrays.IO.NpzWriter(ms, compress, leaveOpen: true))
        {
            w.Add("a", a);
            w.Add("b", b);
        }
        return ms.ToArray();
    }

    private static int IndexOf(byte[] bytes, ReadOnlySpan<byte> what, int from = 0)
    {
        int i = bytes.AsSpan(from).IndexOf(what);
        return i < 0 ? -1 : from + i;
    }

    /// <summary>Offset of the central directory record of the first member (signature PK\x01\x02).</summary>
    private static int CentralRecord(byte[] zip) => IndexOf(zip, [0x50, 0x4B, 0x01, 0x02]);

    [Test]
    public void Issue9_Item3_AStoredMemberWithAFlippedDataByteFailsItsCrc()
    {
        byte[] zip = Archive(compress: false);
        int magic = IndexOf(zip, [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y']);
        int headerLength = zip[magic + 8] | zip[magic + 9] << 8;
        int data = magic + 10 + headerLength;
        using (var clean = NativeArrays.IO.NpzArchive.Open(new MemoryStream(zip)))
        using (var a = clean.Load<double>("a"))
            Assert.That(a.Get(500), Is.EqualTo(500.0));
        zip[data + 8 * 500 + 6] ^= 0x10;                      // element 500's exponent: a different, finite value
        using var npz = NativeArrays.IO.NpzArchive.Open(new MemoryStream(zip));
        var ex = Assert.Throws<InvalidDataException>(() => npz.Load<double>("a"));
        Assert.That(ex!.Message, Does.Contain("CRC-32").And.Contain("a.npy"));
        Assert.That(npz["a"].Header.Shape.ToArray(), Is.EqualTo(new nint[] { 1000 }), "reading only the header checks nothing");
        using var b = npz.Load<long>("b");                    // the other member is intact
        Assert.That(b.Get(9), Is.EqualTo(9L));
    }

    [Test]
    public void Issue9_Item3_ADeflatedMemberWhoseCrcDisagreesIsRefused()
    {
        byte[] zip = Archive(compress: true);
        int central = CentralRecord(zip);
        zip[central + 16] ^= 0x01;                            // the directory's CRC-32 of member a.npy
        using var npz = NativeArrays.IO.NpzArchive.Open(new MemoryStream(zip));
        var ex = Assert.Throws<InvalidDataException>(() => npz.Load<double>("a"));
        Assert.That(ex!.Message, Does.Contain("CRC-32"));
        using var b = npz.Load<long>("b");
        Assert.That(b.Get(3), Is.EqualTo(3L));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Issue9_Item3_AnEncryptedMemberIsRefused(bool compress)
    {
        byte[] zip = Archive(compress);
        int local = IndexOf(zip, [0x50, 0x4B, 0x03, 0x04]);
        int central = CentralRecord(zip);
        zip[local + 6] |= 1;                                  // general purpose flag bit 0: encrypted
        zip[central + 8] |= 1;
        using var npz = NativeArrays.IO.NpzArchive.Open(new MemoryStream(zip));
        var ex = Assert.Throws<NotSupportedException>(() => npz.Load<double>("a"));
        Assert.That(ex!.Message, Does.Contain("encrypted"));
        Assert.Throws<NotSupportedException>(() => _ = npz["a"].Header);
    }

    // ---- Items 5 and 6: full disks are IOExceptions that lose nothing -----------------------------------------------

    private static TinyFileSystem MountOrIgnore(int kibibytes)
    {
        var fs = TinyFileSystem.TryMount(kibibytes, out string whyNot);
        if (fs is null) Assert.Ignore($"Needs a tiny real file system: {whyNot}.");
        return fs!;
    }

    private static string[] Entries(string dir) => Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).Order().ToArray()!;

    [Test]
    public void Issue9_Item5_CreateOnAFullFileSystemIsAnIOExceptionNotASigbus()
    {
        using var fs = MountOrIgnore(1024);
        // 4 MB do not fit a 1 MiB file system: before the fix Create succeeded (sparse) and the Fill below died of SIGBUS.
        var ex = Assert.Throws<IOException>(() =>
        {
            using var m = NativeArrays.IO.Npy.Create<float>(fs.File("big.npy"), [1 << 20]);
            m.Fill(1f);
        });
        Assert.That(ex!.Message, Does.Contain("big.npy").And.Contain("room"));
        Assert.That(Entries(fs.Root), Is.Empty, "no file and no temporary left behind");
        // What fits is created with its blocks reserved, and can be written to the end.
        using (var m = NativeArrays.IO.Npy.Create<float>(fs.File("small.npy"), [100_000]))
        {
            m.Fill(2f);
            NativeArrays.IO.Npy.Flush(m);
        }
        var drive = new DriveInfo(fs.Root);
        Assert.That(drive.AvailableFreeSpace, Is.LessThan(1024 * 1024 - 400_000), "the blocks are allocated, not sparse");
        using var back = NativeArrays.IO.Npy.Load<float>(fs.File("small.npy"));
        Assert.That(back.Get(-1), Is.EqualTo(2f));
    }

    [Test]
    public void Issue9_Item5_SparseCreateStaysSparse()
    {
        using var dir = new TempDirectory();
        using (var m = NativeArrays.IO.Npy.Create<double>(dir.File("sparse.npy"), [1 << 22], sparse: true))  // 32 MB
            m.Set([0], 1.0);
        using (var m = NativeArrays.IO.Npy.Create<double>(dir.File("reserved.npy"), [1 << 22]))
            m.Set([0], 1.0);
        Assert.That(AllocatedBytes(dir.File("sparse.npy")), Is.LessThan(4L << 20));
        Assert.That(AllocatedBytes(dir.File("reserved.npy")), Is.GreaterThanOrEqualTo(32L << 20));
    }

    /// <summary>Bytes the file system allocated for a file (<c>stat -c %b</c> × 512).</summary>
    private static long AllocatedBytes(string path)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%b", path]) { RedirectStandardOutput = true };
        using var p = System.Diagnostics.Process.Start(psi)!;
        string s = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return long.Parse(s) * 512;
    }

    private sealed class TempDirectory : IDisposable
    {
        public string Root { get; } = Directory.CreateTempSubdirectory("nativearrays-issue9-").FullName;
        public string File(string name) => Path.Combine(Root, name);
        public void Dispose() { try { Directory.Delete(Root, recursive: true); } catch (IOException) { } }
    }

    [Test]
    public void Issue9_Item6_SaveOnAFullFileSystemKeepsTheOldFile()
    {
        using var fs = MountOrIgnore(1024);
        using var old = NDArray.Arange(1000.0);
        string path = fs.File("data.npy");
        NativeArrays.IO.Npy.Save(path, old);
        using var big = NDArray.Arange(200_000.0);            // 1.6 MB: does not fit
        Assert.Throws<IOException>(() => NativeArrays.IO.Npy.Save(path, big));
        Assert.That(Entries(fs.Root), Is.EqualTo(new[] { "data.npy" }), "no temporary remains");
        using (var back = NativeArrays.IO.Npy.Load<double>(path))
            Assert.That(back.ArrayEquals(old), Is.True, "the old file is intact");
        fs.FillUp();
        using var same = NDArray.Arange(1000.0);
        same.MultiplyInPlace(2.0);
        Assert.Throws<IOException>(() => NativeArrays.IO.Npy.Save(path, same), "no room even for a file of the same size");
        using (var back = NativeArrays.IO.Npy.Load<double>(path))
            Assert.That(back.ArrayEquals(old), Is.True);
        Assert.That(Entries(fs.Root), Is.EqualTo(new[] { "data.npy", "filler" }));
    }

    [Test]
    public void Issue9_Item6_NpzWriterOnAFullFileSystemKeepsTheOldArchive()
    {
        using var fs = MountOrIgnore(1024);
        string path = fs.File("data.npz");
        using var small = NDArray.Arange(100.0);
        using (var w = NativeArrays.IO.NpzWriter.Create(path))
            w.Add("small", small);
        byte[] before = File.ReadAllBytes(path);
        using var big = NDArray.Arange(200_000.0);
        Assert.Throws<IOException>(() =>
        {
            using var w = NativeArrays.IO.NpzWriter.Create(path);
            w.Add("first", small);
            w.Add("big", big);                                   // no room: fails part-way
        });
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(before), "the old archive is intact");
        Assert.That(Entries(fs.Root), Is.EqualTo(new[] { "data.npz" }), "no temporary remains");
        using var npz = NativeArrays.IO.NpzArchive.Open(path);
        using var back = npz.Load<double>("small");
        Assert.That(back.ArrayEquals(small), Is.True);
    }

    [Test]
    public void Issue9_Item6_NpzWriterReplacesTheFileOnlyWhenTheArchiveIsComplete()
    {
        using var dir = new TempDirectory();
        string path = dir.File("data.npz");
        using var a = NDArray.Arange(10.0);
        using (var w = NativeArrays.IO.NpzWriter.Create(path))
            w.Add("a", a);
        byte[] before = File.ReadAllBytes(path);
        var writer = NativeArrays.IO.NpzWriter.Create(path, compress: true);
        writer.Add("b", a);
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(before), "until Dispose the old archive is untouched");
        using var gone = NDArray.Arange(3.0);
        gone.Dispose();
        Assert.Throws<ObjectDisposedException>(() => writer.Add("c", gone)); // refused before writing: not a failure
        writer.Dispose();
        using (var npz = NativeArrays.IO.NpzArchive.Open(path))
            Assert.That(npz.Names, Is.EqualTo(new[] { "b" }));
        Assert.That(Entries(dir.Root), Is.EqualTo(new[] { "data.npz" }), "no temporary remains");
        // Saving through a symbolic link replaces the linked file and keeps the link.
        File.CreateSymbolicLink(dir.File("link.npz"), path);
        using (var w = NativeArrays.IO.NpzWriter.Create(dir.File("link.npz")))
            w.Add("c", a);
        Assert.That(new FileInfo(dir.File("link.npz")).LinkTarget, Is.Not.Null);
        using (var npz = NativeArrays.IO.NpzArchive.Open(path))
            Assert.That(npz.Names, Is.EqualTo(new[] { "c" }));
    }
}
