using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using NativeArrays.IO;
using NativeArrays.Tests.IO;

namespace NativeArrays.Tests.Breadth;

/// <summary>
/// Differential testing against NumPy in one python run: cases (a Python expression over inputs a0, a1, ...) are
/// collected with their inputs written as .npy, <see cref="Run"/> evaluates all of them in one process, and
/// <see cref="Result{T}"/> loads NumPy's answer. A case whose expression raises records the exception type name.
/// </summary>
internal sealed class NumPyOracle : IDisposable
{
    private const string Script = """
        import sys, os, numpy as np
        d = sys.argv[1]
        for line in open(os.path.join(d, 'cases.txt')):
            name, n, expr = line.rstrip('\n').split('\t', 2)
            env = {'np': np}
            for k in range(int(n)):
                env['a%d' % k] = np.load(os.path.join(d, '%s_i%d.npy' % (name, k)))
            try:
                r = eval(expr, env)
            except Exception as e:
                open(os.path.join(d, name + '.err'), 'w').write(type(e).__name__ + ': ' + str(e))
                continue
            rs = r if isinstance(r, (tuple, list)) else (r,)
            for k, x in enumerate(rs):
                np.save(os.path.join(d, '%s_o%d.npy' % (name, k)), np.asarray(x))
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("na-breadth-").FullName;
    private readonly List<string> _lines = [];
    private bool _ran;

    /// <summary>Adds a case: <paramref name="expression"/> sees the inputs as a0, a1, ... (their values, in C order).</summary>
    public string Add(string expression, params IInput[] inputs)
    {
        string name = "c" + _lines.Count.ToString(CultureInfo.InvariantCulture);
        for (int k = 0; k < inputs.Length; k++) inputs[k].Save(Path.Combine(_dir, $"{name}_i{k}.npy"));
        _lines.Add($"{name}\t{inputs.Length}\t{expression}");
        return name;
    }

    /// <summary>Evaluates every case in one python process.</summary>
    public void Run()
    {
        string python = NumPy.Require();
        File.WriteAllLines(Path.Combine(_dir, "cases.txt"), _lines);
        string script = Path.Combine(_dir, "oracle.py");
        File.WriteAllText(script, Script);
        var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(_dir);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            p.Kill(entireProcessTree: true);
            string[] done = Directory.GetFiles(_dir, "*_o0.npy");
            Assert.Fail($"python did not finish in 2 minutes ({done.Length} of {_lines.Count} cases answered).");
        }
        Assert.That(p.ExitCode, Is.Zero, output.Result + err.Result);
        _ran = true;
    }

    /// <summary>NumPy's result <paramref name="k"/> of case <paramref name="name"/> (fails the test when NumPy raised).</summary>
    public NDArray<T> Result<T>(string name, int k = 0) where T : unmanaged
    {
        Assert.That(_ran, "Run() first");
        string err = Path.Combine(_dir, name + ".err");
        if (File.Exists(err)) Assert.Fail($"NumPy raised for {Expression(name)}: {File.ReadAllText(err)}");
        return Npy.Load<T>(Path.Combine(_dir, $"{name}_o{k}.npy"));
    }

    /// <summary>Path of NumPy's result file <paramref name="k"/> of case <paramref name="name"/>.</summary>
    public string OutputPath(string name, int k = 0) => Path.Combine(_dir, $"{name}_o{k}.npy");

    /// <summary>The exception NumPy raised for case <paramref name="name"/>, or null.</summary>
    public string? Error(string name)
    {
        string err = Path.Combine(_dir, name + ".err");
        return File.Exists(err) ? File.ReadAllText(err) : null;
    }

    public string Expression(string name) => _lines[int.Parse(name[1..], CultureInfo.InvariantCulture)];

    /// <summary>Asserts <paramref name="actual"/> equals NumPy's result exactly (NaN equal to NaN), shape included.</summary>
    public void AssertEqual<T>(string name, NDArray<T> actual, int k = 0, string context = "") where T : unmanaged
    {
        using var expected = Result<T>(name, k);
        AssertSame(expected, actual, $"{Expression(name)} {context}");
    }

    public static void AssertSame<T>(NDArray<T> expected, NDArray<T> actual, string context) where T : unmanaged
    {
        Assert.That(actual.Shape.ToArray(), Is.EqualTo(expected.Shape.ToArray()), "shape of " + context);
        var e = expected.ToArray();
        var a = actual.ToArray();
        for (int i = 0; i < e.Length; i++)
        {
            if (EqualityComparer<T>.Default.Equals(e[i], a[i])) continue;
            Assert.Fail($"element {i} (C order): expected {e[i]}, got {a[i]} in {context}");
        }
    }

    /// <summary>Asserts closeness within a relative tolerance (for float results computed in another order).</summary>
    public void AssertClose(string name, NDArray<double> actual, double rtol, int k = 0, string context = "", double atol = 1e-300)
    {
        using var expected = Result<double>(name, k);
        Assert.That(actual.Shape.ToArray(), Is.EqualTo(expected.Shape.ToArray()), "shape of " + Expression(name));
        var e = expected.ToArray();
        var a = actual.ToArray();
        for (int i = 0; i < e.Length; i++)
        {
            if (double.IsNaN(e[i]) && double.IsNaN(a[i])) continue;
            if (e[i] == a[i]) continue;
            Assert.That(Math.Abs(a[i] - e[i]), Is.LessThanOrEqualTo(rtol * Math.Abs(e[i]) + atol),
                $"element {i}: expected {e[i]}, got {a[i]} in {Expression(name)} {context}");
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    /// <summary>An input of a case.</summary>
    public interface IInput
    {
        void Save(string path);
    }

    /// <summary>An array input (its logical values, whatever its layout).</summary>
    public sealed class In<T>(NDArray<T> array) : IInput where T : unmanaged
    {
        public void Save(string path) => Npy.Save(path, array);
    }

    public static IInput Of<T>(NDArray<T> array) where T : unmanaged => new In<T>(array);
}

/// <summary>The layouts every op is tried on.</summary>
internal enum Layout { C, F, Strided, Negative, Transposed, Broadcast }

/// <summary>Random arrays of a given shape in a given layout (views over a larger buffer where the layout needs it).</summary>
internal static class Arrays
{
    public static readonly Layout[] AllLayouts = Enum.GetValues<Layout>();

    public static Layout AnyLayout(Random r) => AllLayouts[r.Next(AllLayouts.Length)];

    /// <summary>A random shape of <paramref name="rank"/> with lengths 1..<paramref name="max"/>, and 0 one time in eight.</summary>
    public static nint[] RandomShape(Random r, int rank, int max = 4)
    {
        var s = new nint[rank];
        for (int d = 0; d < rank; d++) s[d] = r.Next(0, 8) == 0 ? 0 : r.Next(1, max + 1);
        return s;
    }

    /// <summary>A random array of <paramref name="shape"/> in <paramref name="layout"/> (dispose it; the buffer goes with the last view).</summary>
    public static NDArray<T> Random<T>(Random random, Layout layout, params nint[] shape) where T : unmanaged, INumberBase<T>
    {
        switch (layout)
        {
            case Layout.C:
                return Fill<T>(random, shape);
            case Layout.F:
            {
                using var c = Fill<T>(random, shape);
                return c.Copy(Order.F);
            }
            case Layout.Strided:
            {
                if (shape.Length == 0) return Fill<T>(random, shape);
                var big = (nint[])shape.Clone();
                big[^1] = shape[^1] * 2;
                using var b = Fill<T>(random, big);
                var index = new SliceIndex[shape.Length];
                for (int d = 0; d < shape.Length; d++) index[d] = d == shape.Length - 1 ? SliceIndex.Slice(step: 2) : SliceIndex.Slice();
                return b.Slice(index);
            }
            case Layout.Negative:
            {
                using var b = Fill<T>(random, shape);
                return b.Flip();
            }
            case Layout.Transposed:
            {
                var rev = shape.Reverse().ToArray();
                using var b = Fill<T>(random, rev);
                return b.Transpose();
            }
            default:
            {
                if (shape.Length == 0 || shape[0] == 0) return Fill<T>(random, shape);
                var one = (nint[])shape.Clone();
                one[0] = 1;
                using var b = Fill<T>(random, one);
                return b.BroadcastTo(shape);
            }
        }
    }

    /// <summary>A C-contiguous random array: small integers (so sums and products stay exact), floats with a few repeats.</summary>
    public static NDArray<T> Fill<T>(Random random, params nint[] shape) where T : unmanaged, INumberBase<T>
    {
        var a = NDArray<T>.Empty(shape);
        var span = a.AsSpan();
        for (int i = 0; i < span.Length; i++) span[i] = Value<T>(random);
        return a;
    }

    public static T Value<T>(Random random) where T : unmanaged, INumberBase<T>
    {
        if (typeof(T) == typeof(float) || typeof(T) == typeof(double) || typeof(T) == typeof(Half))
            return T.CreateTruncating(Math.Round(random.NextDouble() * 20 - 10, 2));
        bool unsigned = T.IsZero(T.CreateSaturating(-1));
        return T.CreateTruncating(unsigned ? random.Next(0, 50) : random.Next(-25, 25));
    }

    /// <summary>A random bool mask in <paramref name="layout"/>.</summary>
    public static NDArray<bool> Mask(Random random, Layout layout, params nint[] shape)
    {
        using var bytes = Random<byte>(random, layout, shape);
        using var r = NDArray.Less(bytes, (byte)25);
        // Keep the layout: copy the values through a view of the same kind.
        return LayoutLike(r, layout, random);
    }

    /// <summary>The values of a C array placed in <paramref name="layout"/> (bool and other types).</summary>
    public static NDArray<T> LayoutLike<T>(NDArray<T> c, Layout layout, Random random) where T : unmanaged
    {
        _ = random;
        var shape = c.Shape.ToArray();
        switch (layout)
        {
            case Layout.F: return c.Copy(Order.F);
            case Layout.Negative:
            {
                using var flipped = c.Flip();
                using var copy = flipped.Copy();
                return copy.Flip();
            }
            case Layout.Transposed:
            {
                using var t = c.Transpose();
                using var copy = t.Copy();
                return copy.Transpose();
            }
            case Layout.Strided when shape.Length > 0:
            {
                var big = (nint[])shape.Clone();
                big[^1] *= 2;
                using var b = NDArray<T>.Zeros(big);
                var index = new SliceIndex[shape.Length];
                for (int d = 0; d < shape.Length; d++) index[d] = d == shape.Length - 1 ? SliceIndex.Slice(step: 2) : SliceIndex.Slice();
                var v = b.Slice(index);
                c.CopyTo(v);
                return v;
            }
            default: return c.Copy();
        }
    }

    /// <summary>Python text of a shape tuple.</summary>
    public static string Py(ReadOnlySpan<nint> shape) => shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape.ToArray()) + ")";
}
