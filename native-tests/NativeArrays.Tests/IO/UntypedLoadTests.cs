using NativeArrays.IO;

namespace NativeArrays.Tests.Breadth;

/// <summary>Npy.Load / Npy.Open without a type argument, on files NumPy wrote in every dtype and both orders.</summary>
public class UntypedLoadTests
{
    private static readonly (string DType, Type Clr)[] Types =
    [
        ("bool", typeof(bool)), ("int8", typeof(sbyte)), ("uint8", typeof(byte)), ("int16", typeof(short)), ("uint16", typeof(ushort)),
        ("int32", typeof(int)), ("uint32", typeof(uint)), ("int64", typeof(long)), ("uint64", typeof(ulong)),
        ("float16", typeof(Half)), ("float32", typeof(float)), ("float64", typeof(double)),
    ];

    [Test]
    public void LoadsAnyDTypeNumPyWrites()
    {
        using var np = new NumPyOracle();
        var names = Types.Select(t => (t, C: np.Add($"(np.arange(24) % 7).astype('{t.DType}').reshape(2, 3, 4)"),
            F: np.Add($"np.asfortranarray((np.arange(6) % 5).astype('{t.DType}').reshape(2, 3))"))).ToList();
        np.Run();
        foreach (var ((dtype, clr), c, f) in names)
        {
            using var a = Npy.Load(np.OutputPath(c));
            Assert.That(a.ClrType, Is.EqualTo(clr));
            Assert.That(a.ElementType, Is.EqualTo(dtype));
            Assert.That(a.Shape.ToArray(), Is.EqualTo(new nint[] { 2, 3, 4 }));
            Assert.That(a.ToString(), Is.Not.Empty);
            CheckValues(a, clr, 24, 7);
            using var fa = Npy.Load(np.OutputPath(f));
            CheckValues(fa, clr, 6, 5);
            using (var stream = File.OpenRead(np.OutputPath(c)))
            using (var s = Npy.Load(stream)) Assert.That(s.ClrType, Is.EqualTo(clr));
            using var mapped = Npy.Open(np.OutputPath(c));
            Assert.That(mapped.ClrType, Is.EqualTo(clr));
            CheckValues(mapped, clr, 24, 7);
            var wrong = clr == typeof(double) ? typeof(float) : typeof(double);
            var e = Assert.Throws<InvalidCastException>(() => _ = wrong == typeof(float) ? (object)a.As<float>() : a.As<double>())!;
            Assert.That(e.Message, Does.Contain(dtype).And.Contain(wrong.Name));
        }
    }

    [Test]
    public void LoadsNpzMembersOfAnyDTypeNumPyWrites([Values(false, true)] bool compressed)
    {
        using var np = new NumPyOracle();
        string path = Path.Combine(Path.GetTempPath(), $"na-untyped-{Guid.NewGuid():N}.npz");
        string members = string.Join(", ", Types.Select(t =>
            $"{t.DType}=(np.arange(24) % 7).astype('{t.DType}').reshape(2, 3, 4), f_{t.DType}=np.asfortranarray((np.arange(6) % 5).astype('{t.DType}').reshape(2, 3))"));
        string save = np.Add($"(np.{(compressed ? "savez_compressed" : "savez")}(r'{path}', {members}), 0)[1]");
        np.Run();
        Assert.That(np.Error(save), Is.Null);
        try
        {
            using var archive = NpzArchive.Open(path);
            foreach (var (dtype, clr) in Types)
            {
                using var a = archive.Load(dtype);
                Assert.That(a.ClrType, Is.EqualTo(clr), dtype);
                Assert.That(a.ElementType, Is.EqualTo(dtype));
                Assert.That(a.Shape.ToArray(), Is.EqualTo(new nint[] { 2, 3, 4 }));
                CheckValues(a, clr, 24, 7);
                using var f = archive[$"f_{dtype}.npy"].Load();
                Assert.That(f.Shape.ToArray(), Is.EqualTo(new nint[] { 2, 3 }));
                CheckValues(f, clr, 6, 5);
            }
            Assert.That(Assert.Throws<KeyNotFoundException>(() => archive.Load("nope").Dispose())!.Message, Does.Contain("'nope'").And.Contain("'int8'"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The values i % m in C order, read through the typed accessor of the run-time type.</summary>
    private static void CheckValues(NpyArray a, Type clr, int n, int m)
    {
        double[] values = clr == typeof(bool) ? a.As<bool>().ToArray().Select(b => b ? 1.0 : 0).ToArray()
            : clr == typeof(sbyte) ? a.As<sbyte>().ToArray().Select(x => (double)x).ToArray()
            : clr == typeof(byte) ? a.As<byte>().ToArray().Select(x => (double)x).ToArray()
            : clr == typeof(short) ? a.As<short>().ToArray().Select(x => (double)x).ToArray()
            : clr == typeof(ushort) ? a.As<ushort>().ToArray().Select(x => (double)x).ToArray()
            : clr == typeof(int) ? a.As<int>().ToArray().Select(x => (double)x).ToArray()
            : clr == typeof(uint) ? a.As<uint>().ToArray().Select(x => (double)x).ToArray()
            : clr == typeof(long) ? a.As<long>().ToArray().Select(x => (double)x).ToArray()
            : clr == typeof(ulong) ? a.As<ulong>().ToArray().Select(x => (double)x).ToArray()
            : clr == typeof(Half) ? a.As<Half>().ToArray().Select(x => (double)x).ToArray()
            : clr == typeof(float) ? a.As<float>().ToArray().Select(x => (double)x).ToArray()
            : a.As<double>().ToArray();
        var expected = Enumerable.Range(0, n).Select(i => clr == typeof(bool) ? (i % m != 0 ? 1.0 : 0) : i % m).ToArray();
        Assert.That(values, Is.EqualTo(expected), clr.Name);
        Assert.That(a.Is<bool>(), Is.EqualTo(clr == typeof(bool)));
    }
}
