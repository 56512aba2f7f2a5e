using System.Text.Json;
using System.Text.Json.Nodes;
using NativeArrays.IO;

namespace NativeArrays.Tests.IO;

/// <summary>
/// Proof against real NumPy: files NumPy writes (every dtype, both byte orders, both memory orders, versions 1.0/2.0/3.0,
/// 0-d and empty, .npz stored and deflated, refusals) are read here; files written here are loaded by NumPy and compared
/// bit for bit, and must be byte-identical to what NumPy itself writes. Needs a python with NumPy (see <see cref="NumPy"/>).
/// </summary>
[NonParallelizable]
public class NumPyInteropTests
{
    private static readonly nint[][] Shapes = [[], [0], [3, 0], [5], [3, 4], [2, 3, 4]];

    /// <summary>Ignored (or failed under CI's NATIVEARRAYS_REQUIRE_NUMPY=1) before any work when NumPy is missing.</summary>
    [SetUp]
    public void RequireNumPy() => NumPy.Require();

    private static string Generate(TempDir dir)
    {
        var (code, output) = NumPy.Run("generate", dir.Path);
        Assert.That(code, Is.Zero, output);
        TestContext.Out.WriteLine(output.Trim());
        return dir.File("manifest.json");
    }

    private static void Verify(TempDir dir, JsonObject manifest)
    {
        string path = dir.File("manifest.json");
        File.WriteAllText(path, manifest.ToJsonString());
        var (code, output) = NumPy.Run("verify", path);
        TestContext.Out.WriteLine(output.Trim());
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain(": 0 failures"));
    }

    // ---- NumPy writes, we read ----------------------------------------------------------------------------------

    private sealed class CheckNpy(string path, JsonNode expect, List<string> failures) : ITypeAction<bool>
    {
        public bool Run<T>() where T : unmanaged
        {
            string name = Path.GetFileName(path);
            var header = Npy.ReadHeader(path);
            if (header.Descr != (string)expect["descr"]!) failures.Add($"{name}: descr {header.Descr}");
            var shape = expect["shape"]!.AsArray().Select(n => (nint)(long)n!).ToArray();
            if (!header.Shape.SequenceEqual(shape)) failures.Add($"{name}: shape {string.Join(",", header.Shape.ToArray())}");
            if ((int)header.Version != (int)expect["version"]!) failures.Add($"{name}: version {header.Version}");
            if (header.FortranOrder != (bool)expect["fortran"]!) failures.Add($"{name}: fortran_order {header.FortranOrder}");
            string hex = (string)expect["hex"]!;
            using (var a = Npy.Load<T>(path))
            {
                if (IOTestUtil.Hex(a) != hex) failures.Add($"{name}: elements differ");
                if (!a.Shape.SequenceEqual(shape)) failures.Add($"{name}: loaded shape");
                if (header.FortranOrder && !(a.IsFContiguous && !a.IsCContiguous)) failures.Add($"{name}: Fortran data not loaded with Fortran strides");
            }
            if (header.IsBigEndian)
            {
                try
                {
                    using var m = Npy.Open<T>(path);
                    failures.Add($"{name}: big-endian file was mapped");
                }
                catch (NotSupportedException) { }
            }
            else
            {
                using var m = Npy.Open<T>(path, "r");
                if (IOTestUtil.Hex(m) != hex) failures.Add($"{name}: mapped elements differ");
                if (!m.IsReadOnly) failures.Add($"{name}: read-only map is writable");
            }
            return true;
        }
    }

    private sealed class CheckMember(NpzArchive npz, string member, JsonNode expect, List<string> failures) : ITypeAction<bool>
    {
        public bool Run<T>() where T : unmanaged
        {
            using var a = npz.Load<T>(member);
            if (IOTestUtil.Hex(a) != (string)expect["hex"]!) failures.Add($"{member}: elements differ");
            if (npz[member].Header.Descr != (string)expect["descr"]!) failures.Add($"{member}: descr {npz[member].Header.Descr}");
            return true;
        }
    }

    [Test]
    public void ReadsEveryFileNumPyWrites()
    {
        using var dir = IOTestUtil.CreateTempDir("numpy-gen");
        var manifest = JsonNode.Parse(File.ReadAllText(Generate(dir)))!;
        var failures = new List<string>();
        int npy = 0;
        foreach (var c in manifest["npy"]!.AsArray())
        {
            string path = dir.File((string)c!["file"]!);
            try { IOTestUtil.Dispatch(Npy.ReadHeader(path).ClrType, new CheckNpy(path, c, failures)); }
            catch (Exception e) { failures.Add($"{Path.GetFileName(path)}: {e.GetType().Name}: {e.Message}"); }
            npy++;
        }
        Assert.That(npy, Is.GreaterThanOrEqualTo(680), "every dtype x byte order x memory order x shape x version");

        foreach (var z in manifest["npz"]!.AsArray())
        {
            string file = (string)z!["file"]!;
            using var npz = NpzArchive.Open(dir.File(file));
            var members = z["members"]!.AsObject();
            Assert.That(npz.Names.Order(), Is.EqualTo(members.Select(m => m.Key).Order()), file);
            foreach (var (member, expect) in members)
            {
                try { IOTestUtil.Dispatch(npz[member].Header.ClrType, new CheckMember(npz, member, expect!, failures)); }
                catch (Exception e) { failures.Add($"{file}[{member}]: {e.GetType().Name}: {e.Message}"); }
            }
        }

        foreach (var r in manifest["refuse"]!.AsArray())
        {
            string file = (string)r!["file"]!;
            Type expected = (string)r["expect"]! == "NotSupported" ? typeof(NotSupportedException) : typeof(InvalidDataException);
            try
            {
                Npy.Load<double>(dir.File(file)).Dispose();
                failures.Add($"{file}: was loaded, expected {expected.Name}");
            }
            catch (Exception e) when (e.GetType() == expected)
            {
                TestContext.Out.WriteLine($"{file}: {e.Message}");
            }
            catch (Exception e)
            {
                failures.Add($"{file}: {e.GetType().Name} ({e.Message}), expected {expected.Name}");
            }
        }
        Assert.That(failures, Is.Empty, string.Join("\n", failures.Take(50)));
    }

    // ---- We write, NumPy reads ----------------------------------------------------------------------------------

    private sealed class WriteCases(TempDir dir, JsonArray cases, Random random) : ITypeAction<bool>
    {
        public bool Run<T>() where T : unmanaged
        {
            string code = IOTestUtil.Dispatch(typeof(T), new DescrOf());
            foreach (var shape in Shapes)
            foreach (string layout in new[] { "C", "F", "strided" })
            {
                if (shape.Length == 0 && layout != "C") continue;
                using var c = IOTestUtil.RandomArray<T>(random, shape);
                NDArray<T> source;
                NDArray<T>? owner = null;
                if (layout == "C") source = c.View();
                else if (layout == "F") source = c.Copy(Order.F);
                else
                {
                    // Every axis stepped by 2 out of a larger base, the last one reversed: a truly strided view.
                    owner = IOTestUtil.RandomArray<T>(random, shape.Select(d => 2 * d).ToArray());
                    var index = shape.Select((_, i) => SliceIndex.Slice(step: i == shape.Length - 1 ? -2 : 2)).ToArray();
                    source = owner[index];
                    Assert.That(source.Shape.ToArray(), Is.EqualTo(shape));
                }
                using (source)
                using (owner)
                {
                    foreach (var version in new[] { NpyFormatVersion.Auto, NpyFormatVersion.Version1, NpyFormatVersion.Version2, NpyFormatVersion.Version3 })
                    {
                        string file = $"{code}_{layout}_{(shape.Length == 0 ? "scalar" : string.Join("x", shape))}_{version}.npy";
                        Npy.Save(dir.File(file), source, version);
                        bool fortran = !source.IsCContiguous && source.IsFContiguous;
                        cases.Add(new JsonObject
                        {
                            ["file"] = file,
                            ["descr"] = code,
                            ["shape"] = new JsonArray(shape.Select(d => (JsonNode)(long)d).ToArray()),
                            ["fortran"] = fortran,
                            ["version"] = version == NpyFormatVersion.Auto ? 1 : (int)version,
                            ["hex"] = IOTestUtil.Hex(source),
                            ["identical"] = true,
                        });
                    }
                }
            }
            return true;
        }
    }

    private sealed class DescrOf : ITypeAction<string>
    {
        public string Run<T>() where T : unmanaged
        {
            using var ms = new MemoryStream();
            using var a = NDArray<T>.Zeros(1);
            Npy.Save(ms, a);
            ms.Position = 0;
            return Npy.ReadHeader(ms).Descr;
        }
    }

    [Test]
    public void NumPyLoadsEveryFileWeWriteAndWouldWriteTheSameBytes()
    {
        using var dir = IOTestUtil.CreateTempDir("numpy-verify");
        var random = new Random(42);
        var cases = new JsonArray();
        foreach (var t in IOTestUtil.AllTypes) IOTestUtil.Dispatch(t, new WriteCases(dir, cases, random));
        Assert.That(cases.Count, Is.GreaterThanOrEqualTo(600));

        // Memory-mapped files created here, written through the map, C and Fortran order.
        foreach (bool fortran in new[] { false, true })
        {
            string file = $"created_{(fortran ? "F" : "C")}.npy";
            using var expected = NDArray.Arange(60.0);
            using var e3 = expected.Reshape(3, 4, 5);
            using (var m = Npy.Create<double>(dir.File(file), [3, 4, 5], fortran))
            {
                e3.CopyTo(m);
                Npy.Flush(m);
            }
            cases.Add(new JsonObject
            {
                ["file"] = file, ["descr"] = "<f8", ["shape"] = new JsonArray(3, 4, 5), ["fortran"] = fortran,
                ["version"] = 1, ["hex"] = IOTestUtil.Hex(e3), ["identical"] = true,
            });
        }

        var npz = new JsonArray();
        foreach (bool compress in new[] { false, true })
        {
            string file = compress ? "deflated.npz" : "stored.npz";
            var members = new JsonObject();
            using (var w = NpzWriter.Create(dir.File(file), compress))
            {
                using var x = IOTestUtil.RandomArray<double>(random, 40, 50);
                using var f = x.Copy(Order.F);
                using var s = x[SliceIndex.Slice(step: 3), SliceIndex.Slice(step: -1)];
                using var b = IOTestUtil.RandomArray<bool>(random, 7);
                using var h = NDArray<Half>.Scalar((Half)0.25);
                using var e = NDArray<sbyte>.Zeros(0, 2);
                w.Add("x", x);
                w.Add("fortran", f);
                w.Add("strided", s);
                w.Add("mask", b);
                w.Add("scalar", h);
                w.Add("empty", e);
                members["x"] = Member("<f8", x);
                members["fortran"] = Member("<f8", f);
                members["strided"] = Member("<f8", s);
                members["mask"] = Member("|b1", b);
                members["scalar"] = Member("<f2", h);
                members["empty"] = Member("|i1", e);
            }
            npz.Add(new JsonObject { ["file"] = file, ["compressed"] = compress, ["members"] = members });
        }
        Verify(dir, new JsonObject { ["npy"] = cases, ["npz"] = npz });
    }

    private static JsonObject Member<T>(string descr, NDArray<T> a) where T : unmanaged => new()
    {
        ["descr"] = descr,
        ["shape"] = new JsonArray(a.Shape.ToArray().Select(d => (JsonNode)(long)d).ToArray()),
        ["hex"] = IOTestUtil.Hex(a),
    };

    // ---- Maps shared with NumPy -----------------------------------------------------------------------------------

    [Test]
    public void NumPySeesWritesThroughReadWriteMapsButNotCopyOnWrite()
    {
        using var dir = IOTestUtil.CreateTempDir("numpy-map");
        Generate(dir);
        string rw = dir.File("lef8_C_3x4_v1.npy"), cow = dir.File("lef4_F_2x3x4_v2.npy");
        string cowBefore = Convert.ToHexString(File.ReadAllBytes(cow));
        string expectRw, expectCow;
        using (var m = Npy.Open<double>(rw, NpyMapMode.ReadWrite))
        {
            m.Set([0, 0], 1.25);
            using var row = m[2];
            row.Fill(-7.5);
            Npy.Flush(m);
            expectRw = IOTestUtil.Hex(m);
        }
        using (var c = Npy.Open<float>(cow, "c"))
        {
            expectCow = IOTestUtil.Hex(c);
            c.Fill(3f);
            Assert.That(c.Get(1, 2, 3), Is.EqualTo(3f));
        }
        Assert.That(Convert.ToHexString(File.ReadAllBytes(cow)), Is.EqualTo(cowBefore), "copy-on-write never reaches the file");
        Verify(dir, new JsonObject
        {
            ["npy"] = new JsonArray(
                new JsonObject { ["file"] = "lef8_C_3x4_v1.npy", ["descr"] = "<f8", ["shape"] = new JsonArray(3, 4), ["fortran"] = false, ["version"] = 1, ["hex"] = expectRw },
                new JsonObject { ["file"] = "lef4_F_2x3x4_v2.npy", ["descr"] = "<f4", ["shape"] = new JsonArray(2, 3, 4), ["fortran"] = true, ["version"] = 2, ["hex"] = expectCow }),
        });
    }

    // ---- Differential fuzzing -------------------------------------------------------------------------------------

    private sealed class LoadHex(string path) : ITypeAction<(string Hex, nint[] Shape)>
    {
        public (string Hex, nint[] Shape) Run<T>() where T : unmanaged
        {
            using var a = Npy.Load<T>(path);
            return (IOTestUtil.Hex(a), a.Shape.ToArray());
        }
    }

    /// <summary>
    /// Mutated files are judged by NumPy and by NativeArrays. Whenever both load a file they must agree on shape and
    /// every bit; NativeArrays must never accept a file NumPy refuses; where only NumPy loads a file, the reason must
    /// be one of NativeArrays' documented, deliberate strictnesses.
    /// </summary>
    [Test]
    public void DifferentialFuzzAgainstNumPy()
    {
        using var dir = IOTestUtil.CreateTempDir("numpy-diff");
        var random = new Random(314159);
        var seeds = NpyFuzzTests.Seeds(random);
        const int cases = 5000;
        var ours = new Dictionary<string, (bool Ok, string Detail, nint[]? Shape)>();
        for (int i = 0; i < cases; i++)
        {
            var seed = seeds[random.Next(seeds.Count)];
            string name = $"case{i:D5}.npy";
            string path = dir.File(name);
            File.WriteAllBytes(path, NpyFuzzTests.Mutate(seed, random));
            try
            {
                var header = Npy.ReadHeader(path);
                var (hex, shape) = IOTestUtil.Dispatch(header.ClrType, new LoadHex(path));
                ours[name] = (true, hex, shape);
            }
            catch (Exception e) when (e is InvalidDataException or NotSupportedException or InvalidCastException)
            {
                ours[name] = (false, $"{e.GetType().Name}: {e.Message}", null);
            }
        }
        var (code, output) = NumPy.Run("loadall", dir.Path);
        Assert.That(code, Is.Zero, output);
        TestContext.Out.WriteLine(output.Trim());
        var verdicts = JsonNode.Parse(File.ReadAllText(dir.File("numpy_verdicts.json")))!.AsObject();

        var mismatches = new List<string>();
        var lenient = new List<string>();
        var strict = new Dictionary<string, int>();
        int both = 0, neither = 0;
        foreach (var (name, mine) in ours)
        {
            var np = verdicts[name]!;
            bool npOk = (bool)np["ok"]!;
            if (mine.Ok && npOk)
            {
                both++;
                var npShape = np["shape"]!.AsArray().Select(n => (nint)(long)n!).ToArray();
                if (!npShape.SequenceEqual(mine.Shape!) || (string)np["hex"]! != mine.Detail)
                    mismatches.Add($"{name}: NumPy {(string)np["descr"]!} {string.Join(",", npShape)} vs ours {string.Join(",", mine.Shape!)}");
            }
            else if (mine.Ok)
            {
                lenient.Add($"{name}: NumPy refused ({(string)np["error"]!}), we loaded it");
            }
            else if (npOk)
            {
                // The deliberate strictnesses: bytes after the data, negative dimensions (NumPy 1.24 loads shape
                // (2, -10, 4) as an empty array), a bytes descr, and dtypes NativeArrays does not hold (strings,
                // sub-arrays, ...).
                string reason = mine.Detail.Contains("after the data") ? "trailing bytes after the data (NumPy ignores them)"
                    : mine.Detail.Contains("negative dimension") ? "a negative dimension"
                    : mine.Detail.Contains("not a bytes literal") ? "a bytes descr (NumPy reads b'' as float64)"
                    : mine.Detail.StartsWith("NotSupportedException", StringComparison.Ordinal) && mine.Detail.Contains(" holds ")
                        ? "a dtype NativeArrays does not hold: " + mine.Detail[(mine.Detail.IndexOf(" holds ", StringComparison.Ordinal) + 7)..].Split(';')[0]
                    : "UNEXPECTED " + mine.Detail + " | header: " + Printable(File.ReadAllBytes(dir.File(name)));
                strict[reason] = strict.GetValueOrDefault(reason) + 1;
            }
            else neither++;
        }
        TestContext.Out.WriteLine($"{cases} mutated files: both loaded {both}, both refused {neither}, only NumPy loaded {strict.Values.Sum()}, only we loaded {lenient.Count}");
        foreach (var (reason, n) in strict.OrderByDescending(kv => kv.Value)) TestContext.Out.WriteLine($"  only NumPy: {n} x {reason}");
        Assert.That(mismatches, Is.Empty, string.Join("\n", mismatches.Take(20)));
        Assert.That(lenient, Is.Empty, string.Join("\n", lenient.Take(20)));
        var unexpected = strict.Keys.Where(k => k.StartsWith("UNEXPECTED", StringComparison.Ordinal)).ToList();
        Assert.That(unexpected, Is.Empty, "NumPy loads files NativeArrays refuses:\n" + string.Join("\n", unexpected.Take(20)));
        Assert.That(both, Is.GreaterThan(cases / 20));
    }

    private static string Printable(byte[] file)
    {
        var sb = new System.Text.StringBuilder();
        foreach (byte b in file.Take(Math.Min(file.Length, 200)))
            sb.Append(b is >= 32 and < 127 ? ((char)b).ToString() : $"\\x{b:x2}");
        return sb.ToString();
    }
}
