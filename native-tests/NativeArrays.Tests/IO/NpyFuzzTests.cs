using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using NativeArrays.IO;
using NativeArrays.Memory;

namespace NativeArrays.Tests.IO;

/// <summary>
/// Seeded fuzzing of the readers: valid .npy files and .npz archives are mutated (header bytes, header text tokens,
/// length fields, versions, truncation, appended and changed data) and loaded. Every case must either load or throw
/// one of the documented exceptions; no crash, no hang, and no allocation driven by a lying header.
/// </summary>
[NonParallelizable]
public class NpyFuzzTests
{
    private const int Seed = 20261128;

    private static readonly Type[] Allowed =
    [
        typeof(InvalidDataException), typeof(FormatException), typeof(EndOfStreamException),
        typeof(NotSupportedException), typeof(InvalidCastException),
    ];

    private static readonly string[] Tokens =
    [
        "(", ")", "[", "]", "{", "}", "'", "\"", ",", ":", " ", "\n", "\\", "\\x", "\0", "L", "u'", "b'", "-", "+", ".",
        "True", "False", "None", "0", "1", "-1", "18446744073709551616", "9223372036854775807", "4294967296",
        "99999999999999999999999999999999999999", "'descr'", "'shape'", "'fortran_order'", "'<f8'", "'>i4'", "'|O'",
        "[('a', '<i4')]", "((((((((((", "))))))))))", "é", "\u00ff", "\ud800", "__import__('os')", "1e9", "0x10",
    ];

    internal sealed record SeedFile(byte[] Bytes, Type Type, int HeaderEnd);

    private sealed class MakeSeed(Random random, nint[] shape, bool fortran, bool bigEndian, NpyFormatVersion version) : ITypeAction<SeedFile>
    {
        public SeedFile Run<T>() where T : unmanaged
        {
            using var c = IOTestUtil.RandomArray<T>(random, shape);
            using var a = fortran ? c.Copy(Order.F) : c.View();
            using var ms = new MemoryStream();
            Npy.Save(ms, a, version);
            byte[] bytes = ms.ToArray();
            int headerEnd = (int)Npy.ReadHeader(new MemoryStream(bytes)).DataOffset;
            if (bigEndian && a.Buffer.ElementSize > 1)
            {
                // Rewrite as big-endian: '<' -> '>' in the descr, data byte-swapped.
                int at = Encoding.Latin1.GetString(bytes, 0, headerEnd).IndexOf("'<", StringComparison.Ordinal);
                bytes[at + 1] = (byte)'>';
                int size = a.Buffer.ElementSize;
                for (int i = headerEnd; i + size <= bytes.Length; i += size) Array.Reverse(bytes, i, size);
            }
            return new SeedFile(bytes, typeof(T), headerEnd);
        }
    }

    internal static List<SeedFile> Seeds(Random random)
    {
        var seeds = new List<SeedFile>();
        nint[][] shapes = [[], [0], [3], [2, 3], [2, 0, 4], [2, 3, 4]];
        foreach (var t in IOTestUtil.AllTypes)
        foreach (var shape in shapes)
        {
            bool fortran = shape.Length > 1 && random.Next(2) == 0;
            var version = (NpyFormatVersion)random.Next(4);
            seeds.Add(IOTestUtil.Dispatch(t, new MakeSeed(random, shape, fortran, random.Next(2) == 0, version)));
        }
        return seeds;
    }

    internal static byte[] Mutate(SeedFile seed, Random r)
    {
        byte[] b = (byte[])seed.Bytes.Clone();
        int kind = r.Next(10);
        switch (kind)
        {
            case 0: // flip bytes anywhere in the header
            case 1:
                for (int i = 0, n = r.Next(1, 5); i < n; i++) b[r.Next(seed.HeaderEnd)] = (byte)r.Next(256);
                return b;
            case 2: // a printable byte in the dict text
                for (int i = 0, n = r.Next(1, 4); i < n; i++) b[r.Next(10, seed.HeaderEnd)] = (byte)r.Next(32, 127);
                return b;
            case 3: // replace a span of the header text with a token
            case 4:
            {
                int start = seed.Bytes[6] == 1 ? 10 : 12;
                string text = Encoding.Latin1.GetString(b, start, seed.HeaderEnd - start);
                int at = r.Next(text.Length), len = r.Next(Math.Min(8, text.Length - at) + 1);
                string token = Tokens[r.Next(Tokens.Length)];
                string mutated = text[..at] + token + text[(at + len)..];
                byte[] body = (seed.Bytes[6] == 3 ? Encoding.UTF8 : Encoding.Latin1).GetBytes(mutated);
                var ms = new MemoryStream();
                ms.Write(b, 0, start - (start == 10 ? 2 : 4));
                if (start == 10) ms.Write(BitConverter.GetBytes((ushort)Math.Min(body.Length, ushort.MaxValue)));
                else ms.Write(BitConverter.GetBytes((uint)body.Length));
                ms.Write(body);
                ms.Write(b, seed.HeaderEnd, b.Length - seed.HeaderEnd);
                return ms.ToArray();
            }
            case 5: // lying header length field
                if (seed.Bytes[6] == 1) BitConverter.GetBytes((ushort)r.Next(65536)).CopyTo(b, 8);
                else BitConverter.GetBytes((uint)r.NextInt64(0, 1L << 32)).CopyTo(b, 8);
                return b;
            case 6: // version
                b[6] = (byte)r.Next(6);
                b[7] = (byte)(r.Next(4) == 0 ? r.Next(256) : 0);
                return b;
            case 7: // truncate
                return b[..r.Next(b.Length)];
            case 8: // append
            {
                var extra = new byte[r.Next(1, 64)];
                r.NextBytes(extra);
                return [.. b, .. extra];
            }
            default: // change data bytes (and sometimes a header byte too)
                for (int i = 0, n = r.Next(1, 8); i < n && b.Length > seed.HeaderEnd; i++) b[r.Next(seed.HeaderEnd, b.Length)] = (byte)r.Next(256);
                if (r.Next(3) == 0) b[r.Next(seed.HeaderEnd)] ^= (byte)(1 << r.Next(8));
                return b;
        }
    }

    private sealed class LoadAs(byte[] bytes, bool seekable) : ITypeAction<bool>
    {
        public bool Run<T>() where T : unmanaged
        {
            using var stream = seekable ? new MemoryStream(bytes, writable: false) : (Stream)new NonSeekableStream(bytes);
            using var a = Npy.Load<T>(stream);
            // Whatever loads must be consistent with what was in the file.
            if ((long)a.ByteCount > bytes.Length) throw new InvalidOperationException($"Loaded {a.ByteCount} bytes from a {bytes.Length}-byte file.");
            return true;
        }
    }

    private sealed class OpenAs(string path) : ITypeAction<bool>
    {
        public bool Run<T>() where T : unmanaged
        {
            using var a = Npy.Open<T>(path, NpyMapMode.CopyOnWrite);
            if (a.Size > 0) { a.Set(new nint[a.Rank], a.Get(new nint[a.Rank])); }
            return true;
        }
    }

    private static void Check(Action load, byte[] input, string label, List<string> failures, ref int loaded, ref int refused)
    {
        long managedBefore = GC.GetAllocatedBytesForCurrentThread();
        long nativeBefore = AllocationTracker.Snapshot().TotalBytesAllocated;
        try
        {
            load();
            loaded++;
        }
        catch (Exception e) when (Allowed.Contains(e.GetType()))
        {
            refused++;
        }
        catch (Exception e)
        {
            if (failures.Count < 20) failures.Add($"{label}: {e.GetType().Name}: {e.Message}");
        }
        long managed = GC.GetAllocatedBytesForCurrentThread() - managedBefore;
        long native = AllocationTracker.Snapshot().TotalBytesAllocated - nativeBefore;
        // Parsing costs a little; staging a non-seekable stream at most about twice what really arrived (64 KiB chunks first).
        long bound = (256L << 10) + 4L * input.Length;
        if ((managed > bound || native > bound) && failures.Count < 20)
            failures.Add($"{label}: allocated {managed} managed / {native} native bytes for a {input.Length}-byte input");
    }

    [Test]
    public void MutatedNpyStreamsOnlyThrowDocumentedExceptions()
    {
        var random = new Random(Seed);
        var seeds = Seeds(random);
        var failures = new List<string>();
        int loaded = 0, refused = 0;
        const int cases = 150_000;
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < cases; i++)
        {
            var seed = seeds[random.Next(seeds.Count)];
            byte[] input = Mutate(seed, random);
            bool seekable = random.Next(4) != 0;
            // Mostly the seed's own type, sometimes another (type mismatch must be a clean refusal too).
            Type type = random.Next(8) == 0 ? IOTestUtil.AllTypes[random.Next(IOTestUtil.AllTypes.Length)] : seed.Type;
            Check(() => IOTestUtil.Dispatch(type, new LoadAs(input, seekable)), input, $"case {i} (seed {Seed})", failures, ref loaded, ref refused);
            if (i % 50_000 == 0 && sw.Elapsed > TimeSpan.FromSeconds(60)) Assert.Fail($"Fuzzing is too slow: {i} cases in {sw.Elapsed}.");
        }
        TestContext.Out.WriteLine($"{cases} mutated .npy streams: {loaded} loaded, {refused} refused, in {sw.ElapsedMilliseconds} ms");
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
        Assert.That(loaded, Is.GreaterThan(cases / 20), "the mutations leave a fair share of loadable files");
        Assert.That(refused, Is.GreaterThan(cases / 2));
    }

    [Test]
    public void MutatedMappedFilesOnlyThrowDocumentedExceptions()
    {
        var random = new Random(Seed + 1);
        var seeds = Seeds(random);
        using var dir = IOTestUtil.CreateTempDir("fuzz-map");
        var failures = new List<string>();
        int loaded = 0, refused = 0;
        const int cases = 1500;
        for (int i = 0; i < cases; i++)
        {
            var seed = seeds[random.Next(seeds.Count)];
            byte[] input = Mutate(seed, random);
            string path = dir.File($"f{i % 8}.npy");
            File.WriteAllBytes(path, input);
            Check(() => IOTestUtil.Dispatch(seed.Type, new OpenAs(path)), input, $"map case {i}", failures, ref loaded, ref refused);
        }
        TestContext.Out.WriteLine($"{cases} mutated mapped files: {loaded} opened, {refused} refused");
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
        Assert.That(loaded, Is.GreaterThan(cases / 20));
    }

    [Test]
    public void MutatedNpzArchivesOnlyThrowDocumentedExceptions()
    {
        var random = new Random(Seed + 2);
        var seeds = Seeds(random);
        var failures = new List<string>();
        int loaded = 0, refused = 0;
        const int cases = 10_000;
        var archives = new List<byte[]>();
        foreach (bool compress in new[] { false, true })
        {
            var ms = new MemoryStream();
            using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
                for (int k = 0; k < 4; k++)
                {
                    var entry = zip.CreateEntry($"m{k}.npy", compress ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
                    using var s = entry.Open();
                    s.Write(seeds[random.Next(seeds.Count)].Bytes);
                }
            archives.Add(ms.ToArray());
        }
        for (int i = 0; i < cases; i++)
        {
            byte[] input = (byte[])archives[random.Next(archives.Count)].Clone();
            int mode = random.Next(3);
            if (mode == 0) input = input[..random.Next(input.Length)];
            else for (int n = random.Next(1, 6); n > 0; n--) input[random.Next(input.Length)] = (byte)random.Next(256);
            Check(() =>
            {
                using var npz = NpzArchive.Open(new MemoryStream(input, writable: false));
                foreach (string name in npz.Names)
                {
                    try { IOTestUtil.Dispatch(npz[name].Header.ClrType, new LoadMember(npz, name)); }
                    catch (Exception e) when (Allowed.Contains(e.GetType())) { }
                }
            }, input, $"npz case {i}", failures, ref loaded, ref refused);
        }
        TestContext.Out.WriteLine($"{cases} mutated .npz archives: {loaded} opened, {refused} refused");
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
    }

    private sealed class LoadMember(NpzArchive npz, string name) : ITypeAction<bool>
    {
        public bool Run<T>() where T : unmanaged
        {
            using var a = npz.Load<T>(name);
            return true;
        }
    }
}
