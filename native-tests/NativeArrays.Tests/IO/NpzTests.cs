using System.IO.Compression;
using NativeArrays.IO;

namespace NativeArrays.Tests.IO;

public class NpzTests
{
    [TestCase(false)]
    [TestCase(true)]
    public void ArchivesRoundTripLazilyByName(bool compress)
    {
        using var x = NDArray.Arange(20.0);
        using var x2 = x.Reshape(4, 5);
        using var labels = NDArray.Arange(7L);
        using var mask = NDArray<bool>.Full(true, 2, 3);
        using var scalar = NDArray<Half>.Scalar((Half)1.5);
        using var empty = NDArray<ushort>.Zeros(0, 3);
        using var fortran = x2.Copy(Order.F);
        using var strided = x2[.., SliceIndex.Slice(step: -2)];

        var ms = new MemoryStream();
        using (var w = new NpzWriter(ms, compress, leaveOpen: true))
        {
            w.Add("x", x2);
            w.Add("labels", labels);
            w.Add("mask", mask);
            w.Add("scalar", scalar);
            w.Add("empty", empty);
            w.Add("fortran", fortran);
            w.Add("strided", strided);
            Assert.Throws<ArgumentException>(() => w.Add("x", x2));
            Assert.Throws<ArgumentException>(() => w.Add("", x2));
        }
        ms.Position = 0;
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Read, leaveOpen: true))
        {
            foreach (var e in zip.Entries)
                if (!compress) Assert.That(e.CompressedLength, Is.EqualTo(e.Length), e.FullName);
            if (compress) Assert.That(zip.GetEntry("x.npy")!.CompressedLength, Is.LessThan(zip.GetEntry("x.npy")!.Length));
        }
        ms.Position = 0;
        using var npz = NpzArchive.Open(ms);
        Assert.That(npz.Names, Is.EqualTo(new[] { "x", "labels", "mask", "scalar", "empty", "fortran", "strided" }));
        Assert.That(npz.Contains("x") && npz.Contains("x.npy") && !npz.Contains("y"));
        Assert.That(npz["x"].Header.Shape.ToArray(), Is.EqualTo(new nint[] { 4, 5 }));
        Assert.That(npz.ReadHeader("labels").ClrType, Is.EqualTo(typeof(long)));
        using (var a = npz.Load<double>("x")) Assert.That(a.ArrayEquals(x2));
        using (var a = npz["x.npy"].Load<double>()) Assert.That(a.ArrayEquals(x2));
        using (var a = npz.Load<long>("labels")) Assert.That(a.ArrayEquals(labels));
        using (var a = npz.Load<bool>("mask")) Assert.That(a.ArrayEquals(mask));
        using (var a = npz.Load<Half>("scalar")) Assert.That(a.Rank == 0 && a.Item() == (Half)1.5);
        using (var a = npz.Load<ushort>("empty")) Assert.That(a.Shape.ToArray(), Is.EqualTo(new nint[] { 0, 3 }));
        using (var a = npz.Load<double>("fortran")) Assert.That(a.IsFContiguous && !a.IsCContiguous && a.ArrayEquals(x2));
        using (var a = npz.Load<double>("strided")) Assert.That(a.ArrayEquals(strided));
        var missing = Assert.Throws<KeyNotFoundException>(() => npz.Load<double>("y"));
        Assert.That(missing!.Message, Does.Contain("'x', 'labels'"));
        Assert.Throws<InvalidCastException>(() => npz.Load<float>("x"));
    }

    [Test]
    public void FilesRoundTrip()
    {
        using var dir = IOTestUtil.CreateTempDir("npz");
        string path = dir.File("a.npz");
        using var a = NDArray.Arange(1000);
        using (var w = NpzWriter.Create(path, compress: true)) w.Add("a", a);
        using var npz = NpzArchive.Open(path);
        Assert.That(npz["a"].CompressedLength, Is.LessThan(npz["a"].Length));
        using var b = npz.Load<int>("a");
        Assert.That(b.ArrayEquals(a));
        npz.Dispose();
        Assert.Throws<ObjectDisposedException>(() => npz.Load<int>("a"));
    }

    [Test]
    public void ALyingZipDirectoryDoesNotDriveAnAllocation()
    {
        // The member's .npy header and the zip directory both claim 500 MB; the deflated data holds 128 bytes.
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            var e = zip.CreateEntry("big.npy", CompressionLevel.Optimal);
            using var s = e.Open();
            s.Write(NpyTests.MakeFile("{'descr': '|u1', 'fortran_order': False, 'shape': (500000000,)}", new byte[64]));
        }
        byte[] bytes = ms.ToArray();
        uint claimed = 500_000_000 + 128;
        for (int i = 0; i + 4 <= bytes.Length; i++)
        {
            uint sig = BitConverter.ToUInt32(bytes, i);
            if (sig == 0x04034b50) BitConverter.GetBytes(claimed).CopyTo(bytes, i + 22); // local header
            if (sig == 0x02014b50) BitConverter.GetBytes(claimed).CopyTo(bytes, i + 24); // central directory
        }
        using var npz = NpzArchive.Open(new MemoryStream(bytes));
        Assert.That(npz["big"].Length, Is.EqualTo(claimed));
        var before = Memory.AllocationTracker.Snapshot();
        long managed = GC.GetAllocatedBytesForCurrentThread();
        Assert.That(() => npz.Load<byte>("big"), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("truncated"));
        Assert.That(Memory.AllocationTracker.Snapshot().TotalBytesAllocated - before.TotalBytesAllocated, Is.LessThan(1 << 20));
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - managed, Is.LessThan(1 << 20));
    }

    [Test]
    public void DamagedArchivesAreRefusedClearly()
    {
        Assert.Throws<InvalidDataException>(() => NpzArchive.Open(new MemoryStream(new byte[100])));
        Assert.Throws<ArgumentException>(() => NpzArchive.Open(new NonSeekableStream(new byte[10])));

        // A member whose zip size disagrees with its .npy header.
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            var e = zip.CreateEntry("short.npy", CompressionLevel.NoCompression);
            using (var s = e.Open())
                s.Write(NpyTests.MakeFile("{'descr': '<f8', 'fortran_order': False, 'shape': (1000,)}", new byte[16]));
            var g = zip.CreateEntry("garbage.npy", CompressionLevel.Optimal);
            using (var t = g.Open())
                t.Write("not an npy file at all"u8);
        }
        ms.Position = 0;
        using var npz = NpzArchive.Open(ms);
        Assert.That(() => npz.Load<double>("short"), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("describes"));
        Assert.That(() => npz.Load<double>("garbage"), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("magic"));
    }
}
