using System.Text;
using NativeArrays.IO;
using NativeArrays.Memory;

namespace NativeArrays.Tests.IO;

public class NpyTests
{
    private static byte[] SaveToBytes<T>(NDArray<T> a, NpyFormatVersion version = NpyFormatVersion.Auto) where T : unmanaged
    {
        using var ms = new MemoryStream();
        Npy.Save(ms, a, version);
        return ms.ToArray();
    }

    private static NDArray<T> LoadFromBytes<T>(byte[] bytes) where T : unmanaged
    {
        using var ms = new MemoryStream(bytes, writable: false);
        return Npy.Load<T>(ms);
    }

    /// <summary>A hand-made .npy file with the given header dict text (padded like NumPy) and data.</summary>
    internal static byte[] MakeFile(string dict, ReadOnlySpan<byte> data, int major = 1, bool pad = true)
    {
        var body = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetBytes(dict);
        int lengthField = major == 1 ? 2 : 4;
        int pre = 8 + lengthField;
        int hlen = body.Length + 1;
        int padding = pad ? 64 - (pre + hlen) % 64 : 0;
        var ms = new MemoryStream();
        ms.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0]);
        if (major == 1) ms.Write(BitConverter.GetBytes((ushort)(hlen + padding)));
        else ms.Write(BitConverter.GetBytes((uint)(hlen + padding)));
        ms.Write(body);
        for (int i = 0; i < padding; i++) ms.WriteByte((byte)' ');
        ms.WriteByte((byte)'\n');
        ms.Write(data);
        return ms.ToArray();
    }

    private sealed class RoundTrip(Random random) : ITypeAction<bool>
    {
        public bool Run<T>() where T : unmanaged
        {
            foreach (nint[] shape in new[] { Array.Empty<nint>(), [0], [3, 0], [7], [3, 4], [2, 3, 5] })
            foreach (var version in new[] { NpyFormatVersion.Auto, NpyFormatVersion.Version1, NpyFormatVersion.Version2, NpyFormatVersion.Version3 })
            {
                using var a = IOTestUtil.RandomArray<T>(random, shape);
                byte[] file = SaveToBytes(a, version);
                Assert.That(file.Length % 64 == 0 || a.Size == 0 || true);
                using var ms = new MemoryStream(file);
                var header = Npy.ReadHeader(ms);
                Assert.That(header.DataOffset % 64, Is.Zero, "data starts on a 64-byte boundary");
                Assert.That(header.Version, Is.EqualTo(version == NpyFormatVersion.Auto ? NpyFormatVersion.Version1 : version));
                Assert.That(header.ClrType, Is.EqualTo(typeof(T)));
                Assert.That(header.Shape.ToArray(), Is.EqualTo(shape));
                Assert.That(file.Length, Is.EqualTo(header.DataOffset + a.Size * header.ElementSize));
                using var b = LoadFromBytes<T>(file);
                Assert.That(b.Shape.ToArray(), Is.EqualTo(shape));
                Assert.That(IOTestUtil.CBytes(b), Is.EqualTo(IOTestUtil.CBytes(a)), $"{typeof(T).Name} {string.Join("x", shape)} {version}");
            }
            return true;
        }
    }

    [Test]
    public void EveryTypeShapeAndVersionRoundTrips()
    {
        var random = new Random(1);
        foreach (var t in IOTestUtil.AllTypes) IOTestUtil.Dispatch(t, new RoundTrip(random));
    }

    [Test]
    public void HeaderTextIsExactlyNumPys()
    {
        using var a = NDArray<float>.Zeros(3, 4);
        byte[] file = SaveToBytes(a);
        string header = Encoding.Latin1.GetString(file, 10, BitConverter.ToUInt16(file, 8));
        Assert.That(header, Does.StartWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }" + new string(' ', 20)));
        Assert.That(header, Does.EndWith(" \n"));
        Assert.That(file.Length, Is.EqualTo(128 + 48));

        using var s = NDArray<bool>.Scalar(true);
        file = SaveToBytes(s);
        header = Encoding.Latin1.GetString(file, 10, BitConverter.ToUInt16(file, 8));
        Assert.That(header.TrimEnd(), Is.EqualTo("{'descr': '|b1', 'fortran_order': False, 'shape': (), }"));
        Assert.That(file[^1], Is.EqualTo(1));

        using var v = NDArray<long>.Zeros(5);
        header = Encoding.Latin1.GetString(SaveToBytes(v), 10, 118);
        Assert.That(header, Does.StartWith("{'descr': '<i8', 'fortran_order': False, 'shape': (5,), }"));
    }

    [Test]
    public void FortranOrderArraysAreWrittenAndLoadedWithoutCopy()
    {
        using var c = NDArray.Arange(24.0);
        using var c3 = c.Reshape(2, 3, 4);
        using var f = c3.Copy(Order.F);
        Assert.That(f.IsFContiguous && !f.IsCContiguous);
        byte[] file = SaveToBytes(f);
        var header = Npy.ReadHeader(new MemoryStream(file));
        Assert.That(header.FortranOrder, Is.True);
        Assert.That(Encoding.Latin1.GetString(file, 10, 100), Does.Contain("'fortran_order': True, 'shape': (2, 3, 4), }" + new string(' ', 20)));

        var before = AllocationTracker.Snapshot();
        using var loaded = LoadFromBytes<double>(file);
        var after = AllocationTracker.Snapshot();
        Assert.That(after.TotalCopies, Is.EqualTo(before.TotalCopies), "no copy counted");
        Assert.That(loaded.IsFContiguous && !loaded.IsCContiguous, "strides are column-major");
        Assert.That(loaded.Strides.ToArray(), Is.EqualTo(new nint[] { 1, 2, 6 }));
        Assert.That(loaded.ToArray(), Is.EqualTo(c.ToArray()));
        Assert.That(loaded.Get(1, 2, 3), Is.EqualTo(23.0));
    }

    [Test]
    public void StridedViewsAreWrittenInCOrder()
    {
        using var a = NDArray.Arange(60);
        using var m = a.Reshape(3, 4, 5);
        using var views = new DisposableList
        {
            m[SliceIndex.Slice(step: 2), 1.., SliceIndex.Slice(step: -2)],
            m.Permute(2, 0, 1),
            m.Flip(),
            m.T,
            m[1],
            m[.., 2],
            m.Diagonal(),
            a[SliceIndex.Slice(step: 7)],
        };
        using var b = NDArray<int>.Scalar(9);
        using var broadcast = b.BroadcastTo(4, 3);
        views.Add(broadcast);
        foreach (var v in views.Items)
        {
            byte[] file = SaveToBytes(v);
            var header = Npy.ReadHeader(new MemoryStream(file));
            Assert.That(header.FortranOrder, Is.EqualTo(!v.IsCContiguous && v.IsFContiguous), v.Layout.ToString());
            using var loaded = LoadFromBytes<int>(file);
            Assert.That(loaded.Shape.ToArray(), Is.EqualTo(v.Shape.ToArray()));
            Assert.That(loaded.ToArray(), Is.EqualTo(v.ToArray()), v.Layout.ToString());
        }
    }

    [Test]
    public void LargeStridedViewIsGatheredThroughTheBuffer()
    {
        // More than one staging chunk (1 MiB) of gathered elements.
        using var a = NDArray.Arange(3_000_000L);
        using var v = a[SliceIndex.Slice(step: -3)];
        byte[] file = SaveToBytes(v);
        using var loaded = LoadFromBytes<long>(file);
        Assert.That(loaded.ToArray().AsSpan().SequenceEqual(v.ToArray()));
    }

    [Test]
    public void BigEndianDataIsByteSwappedOnLoad()
    {
        var data = new byte[] { 0x3F, 0x80, 0, 0, 0xC0, 0, 0, 0, 0x7F, 0x80, 0, 0 };
        using var f = LoadFromBytes<float>(MakeFile("{'descr': '>f4', 'fortran_order': False, 'shape': (3,), }", data));
        Assert.That(f.ToArray(), Is.EqualTo(new[] { 1f, -2f, float.PositiveInfinity }));

        using var i = LoadFromBytes<short>(MakeFile("{'descr': '>i2', 'fortran_order': False, 'shape': (2,), }", [0x01, 0x02, 0xFF, 0xFE]));
        Assert.That(i.ToArray(), Is.EqualTo(new short[] { 0x0102, unchecked((short)0xFFFE) }));

        using var h = LoadFromBytes<Half>(MakeFile("{'descr': '>f2', 'fortran_order': False, 'shape': (1,), }", [0x3C, 0x00]));
        Assert.That(h.Item(), Is.EqualTo((Half)1));

        using var u = LoadFromBytes<ulong>(MakeFile("{'descr': '>u8', 'fortran_order': False, 'shape': (), }", [1, 2, 3, 4, 5, 6, 7, 8]));
        Assert.That(u.Item(), Is.EqualTo(0x0102030405060708UL));
    }

    [Test]
    public void HeaderVariantsNumPyAcceptsAreRead()
    {
        byte[] one = BitConverter.GetBytes(1.5);
        // Key order, quotes, spacing, trailing commas, Python 2 long suffix (v1/v2), '=' and '|' byte orders, '?' for bool.
        foreach (string dict in new[]
                 {
                     "{'shape': (1,), 'fortran_order': False, 'descr': '<f8'}",
                     "{\"descr\":\"<f8\",\"fortran_order\":False,\"shape\":(1,)}",
                     "{ 'descr' : '<f8' , 'fortran_order' : False , 'shape' : ( 1 , ) , }",
                     "{'descr': '<f8', 'fortran_order': False, 'shape': (1L,), }",
                     "{'descr': '=f8', 'fortran_order': False, 'shape': (1,), }",
                     "{'descr': u'<f8', 'fortran_order': False, 'shape': (1,), }",
                     "{'descr': 'd', 'fortran_order': False, 'shape': (+ 1,), }  # a comment, as literal_eval allows",
                     "{'descr': '<f8', # comment\n 'fortran_order': False, 'shape': (1,)}",
                     "{'descr': '<f8',\r\n'fortran_order': False,\t'shape': (1,)\f}",
                 })
        {
            using var a = LoadFromBytes<double>(MakeFile(dict, one));
            Assert.That(a.ToArray(), Is.EqualTo(new[] { 1.5 }), dict);
        }
        // No padding at all (older writers aligned to 16 or nothing): still read.
        using (var b = LoadFromBytes<double>(MakeFile("{'descr': '<f8', 'fortran_order': False, 'shape': (1,)}", one, pad: false)))
            Assert.That(b.Item(), Is.EqualTo(1.5));
        using (var z = LoadFromBytes<float>(MakeFile("{'descr': 'f', 'fortran_order': False, 'shape': (2, 00)}", [])))
            Assert.That(z.Shape.ToArray(), Is.EqualTo(new nint[] { 2, 0 }), "'00' is a valid Python integer");
        using (var c = LoadFromBytes<bool>(MakeFile("{'descr': '?', 'fortran_order': False, 'shape': (3,)}", [0, 1, 7])))
            Assert.That(c.ToArray(), Is.EqualTo(new[] { false, true, true }), "any non-zero byte is True, stored as 1");
    }

    [TestCase("{'descr': '<f8', 'fortran_order': False}", "exactly the keys")]
    [TestCase("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'extra': 1}", "exactly the keys")]
    [TestCase("{'descr': '<f8', 'fortran_order': 0, 'shape': (1,)}", "fortran_order")]
    [TestCase("{'descr': '<f8', 'fortran_order': False, 'shape': 1}", "must be a tuple")]
    [TestCase("{'descr': '<f8', 'fortran_order': False, 'shape': [1]}", "must be a tuple")]
    [TestCase("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,)}", "negative")]
    [TestCase("{'descr': '<f8', 'fortran_order': False, 'shape': (1.5,)}", "only integers")]
    [TestCase("{'descr': '<f8', 'fortran_order': False, 'shape': ('1',)}", "not an integer")]
    [TestCase("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999999,)}", "too large")]
    [TestCase("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296)}", "2^63")]
    [TestCase("{'descr': 7, 'fortran_order': False, 'shape': (1,)}", "must be a string")]
    [TestCase("{'descr': '<f8', 'fortran_order': False, 'shape': (1,)} x", "after the literal")]
    [TestCase("{'descr': '<f8', 'fortran_order': False, 'shape': (1,)", "unterminated")]
    [TestCase("['descr', '<f8']", "not a dict")]
    [TestCase("{'descr': __import__('os'), 'fortran_order': False, 'shape': (1,)}", "unexpected character")]
    [TestCase("{'descr': '<f8', 'fortran_order': False, 'shape': (10,)}", "truncated")]
    [TestCase("{'descr': '<f8', 'fortran_order': False, 'shape': ((((((((((((((((((((((((((((((((((((((1,))))))))))))))))))))))))))))))))))))))}", "nesting deeper")]
    [TestCase("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'shape': (1,), 'x': 1}", "exactly the keys")]
    [TestCase("{'descr': '<f\\q8', 'fortran_order': False, 'shape': (1,)}", "unsupported escape")]
    [TestCase("", "unexpected end")]
    [TestCase("{'descr': '<f8', 'fortran_order': False, 'shape': (01,)}", "leading zeros")]
    [TestCase("{'descr': b'<f8', 'fortran_order': False, 'shape': (1,)}", "not a bytes literal")]
    [TestCase("{b'descr': '<f8', 'fortran_order': False, 'shape': (1,)}", "keys must be strings")]
    [TestCase("{'descr': '<f8', 'fortran_order': False, 'shape': (- -1,)}", "expected digits")]
    [TestCase("{'descr': '<f8', 'fortran_order': False, 'shape': (1,)}\v", "after the literal")]
    [TestCase("{'descr': '<f8', 'fortran_order': False, 'shape': (1,)}{", "after the literal")]
    public void MalformedHeadersAreRefusedWithInvalidData(string dict, string expected)
    {
        byte[] file = MakeFile(dict, BitConverter.GetBytes(1.5));
        var e = Assert.Throws<InvalidDataException>(() => LoadFromBytes<double>(file).Dispose());
        Assert.That(e!.Message, Does.Contain(expected));
    }

    [TestCase("|O", "pickle")]
    [TestCase("[('a', '<i4'), ('b', '<f8')]", "structured")]
    [TestCase("<c16", "complex")]
    [TestCase("<U3", "strings")]
    [TestCase("|S3", "strings")]
    [TestCase("|V8", "void")]
    [TestCase("<M8[D]", "dates")]
    [TestCase("<f16", "extended")]
    [TestCase("<i3", "Unsupported")]
    [TestCase("|b2", "Unsupported")]
    [TestCase("3<i4", "sub-array")]
    [TestCase("l", "Unsupported")]
    [TestCase("g", "Unsupported")]
    [TestCase("<f1", "Unsupported")]
    public void UnsupportedDtypesAreRefusedWithNotSupported(string descr, string expected)
    {
        string d = descr.StartsWith('[') ? descr : $"'{descr}'";
        byte[] file = MakeFile($"{{'descr': {d}, 'fortran_order': False, 'shape': (1,)}}", new byte[16]);
        var e = Assert.Throws<NotSupportedException>(() => LoadFromBytes<double>(file).Dispose());
        Assert.That(e!.Message, Does.Contain(expected));
    }

    [Test]
    public void WrongElementTypeNamesTheFilesType()
    {
        using var a = NDArray.Arange(3.0);
        var e = Assert.Throws<InvalidCastException>(() => LoadFromBytes<float>(SaveToBytes(a)).Dispose());
        Assert.That(e!.Message, Does.Contain("float64").And.Contain("Double"));
    }

    [Test]
    public void BadPreamblesAreRefused()
    {
        using var a = NDArray.Arange(3.0);
        byte[] good = SaveToBytes(a);

        var bad = (byte[])good.Clone();
        bad[1] = (byte)'X';
        Assert.That(() => LoadFromBytes<double>(bad), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("magic"));

        bad = (byte[])good.Clone();
        bad[6] = 4;
        Assert.That(() => LoadFromBytes<double>(bad), Throws.InstanceOf<NotSupportedException>().With.Message.Contains("4.0"));

        for (int cut = 0; cut < good.Length; cut += 7)
            Assert.That(() => LoadFromBytes<double>(good[..cut]), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("truncated"), $"cut at {cut}");
    }

    [Test]
    public void HeadersOverNumPysLimitAreRefusedBeforeReading()
    {
        // A v2 header length of 4 GiB: refused from the length field alone.
        byte[] file = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 2, 0, 0xFF, 0xFF, 0xFF, 0xFF];
        Assert.That(() => LoadFromBytes<double>(file), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("10000"));
        // 10001 characters of a real header.
        string dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (1,)}";
        byte[] big = MakeFile(dict + new string(' ', 10001 - dict.Length - 1), BitConverter.GetBytes(1.0), major: 2, pad: false);
        Assert.That(() => LoadFromBytes<double>(big), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("10000"));
        byte[] ok = MakeFile(dict + new string(' ', 10000 - dict.Length - 1), BitConverter.GetBytes(1.0), major: 2, pad: false);
        using var loaded = LoadFromBytes<double>(ok);
        Assert.That(loaded.Item(), Is.EqualTo(1.0));
    }

    [Test]
    public void LyingShapeIsRefusedBeforeAllocating()
    {
        byte[] file = MakeFile("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000,)}", new byte[64]);
        var before = AllocationTracker.Snapshot();
        Assert.That(() => LoadFromBytes<double>(file), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("truncated"));
        // Non-seekable stream: staged as it arrives, so the failure comes after reading 64 bytes, not after allocating 8 TB.
        Assert.That(() => Npy.Load<double>(new NonSeekableStream(file)), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("truncated"));
        var after = AllocationTracker.Snapshot();
        Assert.That(after.TotalBytesAllocated - before.TotalBytesAllocated, Is.LessThan(1 << 20));
    }

    [Test]
    public void NonSeekableStreamsLoadSmallAndLargeArrays()
    {
        // 17.6 MB: just over the 16 MiB trusted-allocation bound, so the large one is staged.
        foreach (nint n in new nint[] { 10, 2_200_000 })
        {
            using var a = NDArray.Arange((double)n);
            using var b = Npy.Load<double>(new NonSeekableStream(SaveToBytes(a)));
            Assert.That(b.ArrayEquals(a));
        }
    }

    [Test]
    public void SeveralArraysInOneStreamAreReadInTurn()
    {
        using var a = NDArray.Arange(5);
        using var b = NDArray<Half>.Full((Half)2.5, 2, 2);
        using var ms = new MemoryStream();
        Npy.Save(ms, a);
        Npy.Save(ms, b);
        ms.Position = 0;
        using var a2 = Npy.Load<int>(ms);
        using var b2 = Npy.Load<Half>(ms);
        Assert.That(a2.ToArray(), Is.EqualTo(a.ToArray()));
        Assert.That(b2.ToArray(), Is.EqualTo(b.ToArray()));
        Assert.That(ms.Position, Is.EqualTo(ms.Length));
    }

    [Test]
    public void FilesRoundTripAndRefuseTrailingBytes()
    {
        using var dir = IOTestUtil.CreateTempDir("npy");
        string path = dir.File("a.npy");
        using var a = NDArray.Arange(12f);
        using var m = a.Reshape(3, 4);
        Npy.Save(path, m);
        using (var b = Npy.Load<float>(path))
            Assert.That(b.ArrayEquals(m));
        var header = Npy.ReadHeader(path);
        Assert.That(header.ToString(), Is.EqualTo("NpyHeader v1.0 '<f4' (3, 4) C order, data at 128"));
        File.AppendAllText(path, "junk");
        Assert.That(() => Npy.Load<float>(path), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("after the data"));
        Assert.That(() => Npy.Load<float>(dir.File("missing.npy")), Throws.InstanceOf<FileNotFoundException>());
    }

    [Test]
    public void LoadsFromAPipe()
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("Uses mkfifo (Linux).");
        using var dir = IOTestUtil.CreateTempDir("fifo");
        string fifo = dir.File("pipe.npy");
        using (var mk = System.Diagnostics.Process.Start("mkfifo", fifo)) mk.WaitForExit();
        using var a = NDArray.Arange(1000);
        byte[] bytes = SaveToBytes(a);
        var writer = Task.Run(() => File.WriteAllBytes(fifo, bytes));
        using var b = Npy.Load<int>(fifo);
        writer.Wait(TimeSpan.FromSeconds(30));
        Assert.That(b.ArrayEquals(a));
    }

    [Test]
    public void ArgumentsAreValidated()
    {
        using var a = NDArray.Arange(3);
        Assert.Throws<ArgumentNullException>(() => Npy.Save(new MemoryStream(), (NDArray<int>)null!));
        Assert.Throws<ArgumentNullException>(() => Npy.Save((Stream)null!, a));
        Assert.Throws<ArgumentException>(() => Npy.Save("", a));
        Assert.Throws<ArgumentException>(() => Npy.Save(new MemoryStream([], writable: false), a));
        Assert.Throws<ArgumentOutOfRangeException>(() => Npy.Save(new MemoryStream(), a, (NpyFormatVersion)9));
        var d = NDArray.Arange(3);
        d.Dispose();
        Assert.Throws<ObjectDisposedException>(() => Npy.Save(new MemoryStream(), d));
        Assert.Throws<ArgumentException>(() => Npy.ParseMode("w"));
        Assert.Throws<ArgumentException>(() => Npy.ParseMode("w+"));
        Assert.That(Npy.ParseMode("r+"), Is.EqualTo(NpyMapMode.ReadWrite));
    }

    internal sealed class DisposableList : IDisposable, System.Collections.IEnumerable
    {
        public List<NDArray<int>> Items { get; } = [];
        public void Add(NDArray<int> a) => Items.Add(a);
        public void Dispose() { foreach (var a in Items) a.Dispose(); }
        public System.Collections.IEnumerator GetEnumerator() => Items.GetEnumerator();
    }
}

/// <summary>A read-only stream that cannot seek or tell its length.</summary>
internal sealed class NonSeekableStream(byte[] data) : Stream
{
    private readonly MemoryStream _inner = new(data, writable: false);
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    // Short reads (at most 64 KiB + 3 bytes) exercise the read loops.
    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 65539));
    public override int Read(Span<byte> buffer) => _inner.Read(buffer[..Math.Min(buffer.Length, 65539)]);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
