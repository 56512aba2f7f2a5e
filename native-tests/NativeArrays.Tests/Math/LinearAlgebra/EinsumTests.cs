using System.Globalization;
using System.Numerics;
using NativeArrays.Memory;
using NativeArrays.IO;
using NativeArrays.Layout;
using NativeArrays.Tests.IO;
using static NativeArrays.Tests.LinearAlgebra.LinAlgTestUtil;

namespace NativeArrays.Tests.LinearAlgebra;

/// <summary>Einsum against NumPy's <c>np.einsum</c> (differential, every dtype and layout), its errors, and its no-copy mapping.</summary>
public class EinsumTests
{
    /// <summary>(subscripts, shape of a, shape of b or null for one operand).</summary>
    private static readonly (string Subscripts, nint[] A, nint[]? B)[] Cases =
    [
        ("ij,jk->ik", [5, 7], [7, 4]),
        ("ij,jk", [6, 3], [3, 5]),
        ("ij,jk->ki", [4, 9], [9, 3]),
        ("ji,jk->ik", [7, 5], [7, 6]),
        ("ij,kj->ik", [5, 8], [6, 8]),
        ("bij,bjk->bik", [4, 5, 6], [4, 6, 3]),
        ("bij,bjk", [3, 4, 17], [3, 17, 9]),
        ("ij->ji", [4, 6], null),
        ("ba", [3, 5], null),
        ("ii->i", [5, 5], null),
        ("ii", [6, 6], null),
        ("ij->", [4, 5], null),
        ("ij->j", [4, 5], null),
        ("ij->i", [4, 5], null),
        ("iji->j", [3, 4, 3], null),
        ("ikj->ji", [3, 4, 5], null),
        ("...", [2, 3], null),
        ("i...->...", [3, 4, 2], null),
        ("i,i->", [9], [9]),
        ("i,i", [9], [9]),
        ("i,i->i", [7], [7]),
        ("i,j->ij", [5], [4]),
        ("i,->i", [5], []),
        ("...ij,...jk->...ik", [3, 1, 4, 5], [2, 5, 3]),
        ("...ij,...jk", [2, 4, 5], [5, 3]),
        ("ijk,jk->i", [3, 4, 5], [4, 5]),
        ("ikj,jk->i", [3, 5, 4], [4, 5]),
        ("ij,jk->k", [3, 4], [4, 5]),
        ("ij,k->ik", [3, 4], [5]),
        ("iij,jk->ik", [3, 3, 4], [4, 2]),
        ("ij,ij->ij", [1, 3], [4, 3]),
        ("ij,jk", [2, 3], [1, 4]),
        ("bi,bi->b", [4, 7], [4, 7]),
        ("Ba,aC", [2, 3], [3, 4]),
        ("ab,ab", [3, 4], [3, 4]),
        ("ij,jk->ik", [0, 3], [3, 4]),
        ("ij,jk->ik", [2, 0], [0, 3]),
        ("abc,cd->abd", [2, 3, 70], [70, 20]),
    ];

    private static NDArray<T> Operand<T>(Random rng, nint[] shape, int layout) where T : unmanaged, INumber<T>
    {
        if (shape.Length == 0)
        {
            using var one = Random<T>(rng, 1);
            return one.Reshape(ReadOnlySpan<nint>.Empty);
        }
        switch (layout)
        {
            case 0:
                return Random<T>(rng, shape);
            case 1:
            {
                using var owner = Random<T>(rng, shape.Reverse().ToArray());
                return owner.Transpose();   // F order
            }
            case 2:
            {
                using var owner = Random<T>(rng, shape);
                return owner.Flip();        // every stride negative
            }
            default:
            {
                var wide = shape.ToArray();
                wide[^1] = 2 * wide[^1];
                using var owner = Random<T>(rng, wide);
                var index = new SliceIndex[shape.Length];
                for (int d = 0; d < index.Length; d++) index[d] = d == index.Length - 1 ? SliceIndex.Slice(null, null, 2) : SliceIndex.All;
                return owner[index];        // every other element of the last axis
            }
        }
    }

    private static string Code<T>() =>
        typeof(T) == typeof(float) ? "f4" : typeof(T) == typeof(double) ? "f8" : typeof(T) == typeof(int) ? "i4" : "i8";

    /// <summary>Writes the operands of every case for one dtype; returns (case, result) pairs to check after NumPy ran.</summary>
    private static List<(string Name, string Subscripts, NDArray<T> Result, NDArray<T> A, NDArray<T>? B)> RunCases<T>(string dir, Random rng, StreamWriter manifest)
        where T : unmanaged, INumber<T>
    {
        var runs = new List<(string, string, NDArray<T>, NDArray<T>, NDArray<T>?)>();
        for (int c = 0; c < Cases.Length; c++)
        {
            var (subscripts, sa, sb) = Cases[c];
            string name = Code<T>() + "_" + c.ToString(CultureInfo.InvariantCulture);
            var a = Operand<T>(rng, sa, rng.Next(4));
            var b = sb is null ? null : Operand<T>(rng, sb, rng.Next(4));
            using (var ca = a.Copy()) Npy.Save(Path.Combine(dir, name + "_a.npy"), ca);
            if (b is not null) using (var cb = b.Copy()) Npy.Save(Path.Combine(dir, name + "_b.npy"), cb);
            var result = b is null ? NDArray.Einsum(subscripts, a) : NDArray.Einsum(subscripts, a, b);
            manifest.WriteLine($"{name}|{subscripts}|{(b is null ? 1 : 2)}");
            runs.Add((name, subscripts, result, a, b));
        }
        return runs;
    }

    private static void Check<T>(string dir, List<(string Name, string Subscripts, NDArray<T> Result, NDArray<T> A, NDArray<T>? B)> runs)
        where T : unmanaged, INumber<T>
    {
        // Worst-case error of a sum of n products rounded in T: n·u·Σ|a||b| (u = 2^-24 float32, 2^-53 float64); twice that
        // is allowed. A dropped or doubled term is off by about Σ|a||b|/n, far above it. Integers must match exactly.
        double u = typeof(T) == typeof(float) ? Math.Pow(2, -24) : typeof(T) == typeof(double) ? Math.Pow(2, -53) : 0;
        foreach (var (name, subscripts, result, a, b) in runs)
        {
            using (result)
            using (a)
            using (b)
            {
                using var numpy = Npy.Load<T>(Path.Combine(dir, name + "_r.npy"));
                using var reference = Npy.Load<double>(Path.Combine(dir, name + "_ref.npy"));
                using var magnitude = Npy.Load<double>(Path.Combine(dir, name + "_mag.npy"));
                using var terms = Npy.Load<double>(Path.Combine(dir, name + "_n.npy"));
                string context = $"{typeof(T).Name} '{subscripts}' {NDLayout.ShapeText(a.Shape)}" + (b is null ? "" : $" {NDLayout.ShapeText(b.Shape)}");
                Assert.That(result.Shape.ToArray(), Is.EqualTo(numpy.Shape.ToArray()), context + ": shape");
                T[] mine = result.ToArray(), theirs = numpy.ToArray();
                double[] exact = reference.ToArray(), mag = magnitude.ToArray(), n = terms.ToArray();
                for (int i = 0; i < mine.Length; i++)
                {
                    if (u == 0)
                    {
                        if (mine[i] != theirs[i]) Assert.Fail($"{context}: element {i} is {mine[i]}, NumPy gives {theirs[i]}.");
                        continue;
                    }
                    double got = double.CreateTruncating(mine[i]), allowed = 2 * Math.Max(n[i], 1) * u * mag[i];
                    if (!(Math.Abs(got - exact[i]) <= allowed))
                        Assert.Fail($"{context}: element {i} is {got}, the float64 einsum gives {exact[i]} (NumPy in {typeof(T).Name}: {theirs[i]}; allowed error {allowed:G3}).");
                }
            }
        }
    }

    /// <summary>Differential: every case, every dtype, random layouts (C, F, negative strides, steps) against np.einsum.</summary>
    [Test]
    public void MatchesNumPy()
    {
        string python = NumPy.Require();
        string dir = Path.Combine(Path.GetTempPath(), "na-einsum-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var rng = new Random(1313);
            List<(string, string, NDArray<float>, NDArray<float>, NDArray<float>?)> f4;
            List<(string, string, NDArray<double>, NDArray<double>, NDArray<double>?)> f8;
            List<(string, string, NDArray<int>, NDArray<int>, NDArray<int>?)> i4;
            List<(string, string, NDArray<long>, NDArray<long>, NDArray<long>?)> i8;
            using (var manifest = new StreamWriter(Path.Combine(dir, "cases.txt")))
            {
                f4 = RunCases<float>(dir, rng, manifest);
                f8 = RunCases<double>(dir, rng, manifest);
                i4 = RunCases<int>(dir, rng, manifest);
                i8 = RunCases<long>(dir, rng, manifest);
            }
            const string script =
                "import numpy as np, sys\n" +
                "d = sys.argv[1]\n" +
                "for line in open(f'{d}/cases.txt'):\n" +
                "    name, s, count = line.strip().split('|')\n" +
                "    ops = [np.load(f'{d}/{name}_{x}.npy') for x in 'ab'[:int(count)]]\n" +
                "    r = np.einsum(s, *ops)\n" +
                "    assert r.dtype == ops[0].dtype, (s, r.dtype)\n" +
                "    np.save(f'{d}/{name}_r.npy', np.asarray(r))\n" +
                "    np.save(f'{d}/{name}_ref.npy', np.asarray(np.einsum(s, *[o.astype(np.float64) for o in ops]), dtype=np.float64))\n" +
                "    np.save(f'{d}/{name}_mag.npy', np.asarray(np.einsum(s, *[np.abs(o.astype(np.float64)) for o in ops]), dtype=np.float64))\n" +
                "    np.save(f'{d}/{name}_n.npy', np.asarray(np.einsum(s, *[np.ones(o.shape) for o in ops]), dtype=np.float64))\n";
            RunNumPy(python, script, dir);
            Check(dir, f4);
            Check(dir, f8);
            Check(dir, i4);
            Check(dir, i8);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The same contraction at every simdWidth and with 1 and 2 threads gives the same bits (and MatMul's bits).</summary>
    [Test]
    public void BatchedMatchesMatMulBitForBit([Values(SimdWidth.Auto, SimdWidth.Scalar)] SimdWidth width, [Values(1, 2)] int threads)
    {
        var rng = new Random(5);
        using var a = Random<float>(rng, 6, 33, 20);
        using var bOwner = Random<float>(rng, 6, 40, 20);
        using var b = bOwner.Permute(0, 2, 1);     // (6, 20, 40), transposed in each matrix
        using var scope = Settings(width, threads, parallelThreshold: 1);
        using var expected = NDArray.MatMul(a, b);
        using var actual = NDArray.Einsum("bij,bjk->bik", a, b);
        Assert.That(actual.ToArray(), Is.EqualTo(expected.ToArray()));
        using var implicitForm = NDArray.Einsum("...ij,...jk", a, b);   // implicit: '...' first, then i, k
        Assert.That(implicitForm.ToArray(), Is.EqualTo(expected.ToArray()));
    }

    /// <summary>Transposes, diagonals and mergeable contractions are views: only the result is allocated.</summary>
    [Test]
    public void OperandsStayViews()
    {
        var rng = new Random(9);
        using var a = Random<double>(rng, 4, 16, 12);
        using var bOwner = Random<double>(rng, 4, 20, 12);
        using var bt = bOwner.Permute(0, 2, 1);
        using var square = Random<double>(rng, 30, 30);
        using (NDArray.Einsum("bij,bjk->bik", a, bt)) { }   // warm the packing pool
        long before = AllocationTracker.Snapshot().TotalAllocations;
        using (NDArray.Einsum("bij,bjk->bik", a, bt)) { }
        using (NDArray.Einsum("ij->ji", square)) { }
        using (var b0 = bOwner[0, ..16, ..])
        using (NDArray.Einsum("ijk,jk->i", a, b0)) { }
        Assert.That(AllocationTracker.Snapshot().TotalAllocations - before, Is.EqualTo(3), "one allocation (the result) per call");
        using var diagonal = NDArray.Einsum("ii->i", square);
        for (int i = 0; i < 30; i++) Assert.That(diagonal.Get(i), Is.EqualTo(square.Get(i, i)));
    }

    [Test]
    public void BadSubscriptsAndShapesAreRejected()
    {
        var rng = new Random(2);
        using var m = Random<double>(rng, 2, 3);
        using var sq = Random<double>(rng, 3, 4);
        using var cube = Random<double>(rng, 2, 3, 4);
        using var b44 = Random<double>(rng, 4, 4);
        void Throws(string expectedPart, Action call)
        {
            var e = Assert.Throws<ArgumentException>(() => call())!;
            Assert.That(e.Message, Does.Contain(expectedPart));
        }
        Throws("'ij,jk->ik': the subscripts name 2 operand(s), but 1 were given", () => NDArray.Einsum("ij,jk->ik", m));
        Throws("'ij->ii': the output subscript 'i' appears more than once", () => NDArray.Einsum("ij->ii", m));
        Throws("'k' appears in no operand", () => NDArray.Einsum("ij->k", m));
        Throws("invalid subscript '1'", () => NDArray.Einsum("i1", m));
        Throws("'.' that is not part of an ellipsis", () => NDArray.Einsum("i.,i", m, m));
        Throws("more than one ellipsis", () => NDArray.Einsum("......", m));
        Throws("single '->'", () => NDArray.Einsum("ij-ik", m));
        Throws("shape (2, 3, 4) (3 axes), but its subscripts 'ij' name 2; add '...'", () => NDArray.Einsum("ij", cube));
        Throws("shape (2, 3) (2 axes), but its subscripts 'ijk' name 3", () => NDArray.Einsum("ijk", m));
        Throws("repeats subscript 'i' on axes of lengths 3 and 4", () => NDArray.Einsum("ii", sq));
        Throws("subscript 'j' has length 3 in operand 0 (shape (2, 3)) but 4 in operand 1 (shape (4, 4))", () => NDArray.Einsum("ij,jk", m, b44));
        Throws("no '...' to hold them", () => NDArray.Einsum("...i->i", m));
        Assert.Throws<ArgumentNullException>(() => NDArray.Einsum<double>(null!, m));
        Assert.Throws<ArgumentNullException>(() => NDArray.Einsum("ij,jk", m, null!));
        using var h = NDArray<Half>.Allocate([2, 2], zero: true);
        Assert.Throws<NotSupportedException>(() => NDArray.Einsum("ij->ji", h));
        var gone = Random<double>(rng, 4);
        gone.Dispose();
        Assert.Throws<ObjectDisposedException>(() => NDArray.Einsum("i,i", gone, gone));
    }
}
