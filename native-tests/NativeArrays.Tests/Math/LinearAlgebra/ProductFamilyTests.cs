using System.Globalization;
using NativeArrays.IO;
using NativeArrays.Tests.IO;
using static NativeArrays.Tests.LinearAlgebra.LinAlgTestUtil;

namespace NativeArrays.Tests.LinearAlgebra;

/// <summary>Dot, Vdot, Inner, Outer and Trace against element-by-element references, and MatMul/Dot against NumPy.</summary>
public class ProductFamilyTests
{
    private static double Sum(int n, Func<int, double> term)
    {
        double s = 0;
        for (int i = 0; i < n; i++) s += term(i);
        return s;
    }

    [Test]
    public void DotOfNdOperandsFollowsNumPy()
    {
        var rng = new Random(20);
        using var a = Random<double>(rng, 2, 3, 4);
        using var b = Random<double>(rng, 5, 4, 6);
        using var c = NDArray.Dot(a, b);
        Assert.That(c.Shape.ToArray(), Is.EqualTo(new nint[] { 2, 3, 5, 6 }));
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 5; k++)
                    for (int m = 0; m < 6; m++)
                    {
                        double expected = Sum(4, p => a.Get(i, j, p) * b.Get(k, p, m));
                        Assert.That(c.Get(i, j, k, m), Is.EqualTo(expected).Within(1e-14 * 4), $"[{i},{j},{k},{m}]");
                    }
        // 2-d and 1-d cases equal MatMul; 0-d multiplies.
        using var m2 = Random<double>(rng, 3, 4);
        using var v = Random<double>(rng, 4);
        using var d1 = NDArray.Dot(m2, v);
        using var d2 = NDArray.MatMul(m2, v);
        Assert.That(d1.ToArray(), Is.EqualTo(d2.ToArray()));
        using var vv = NDArray.Dot(v, v);
        Assert.That(vv.Rank, Is.EqualTo(0));
        using var s1 = NDArray<double>.FromArray([2.0]);
        using var s = s1.Reshape();
        using var scaled = NDArray.Dot(s, m2);
        Assert.That(scaled.Get(1, 2), Is.EqualTo(2 * m2.Get(1, 2)));
        var e = Assert.Throws<ArgumentException>(() => NDArray.Dot(a, a).Dispose())!;
        Assert.That(e.Message, Does.Contain("(2, 3, 4)"));
    }

    [Test]
    public void DotIntoDestinationAndAliasing()
    {
        var rng = new Random(21);
        using var a = Random<float>(rng, 3, 2, 5);
        using var b = Random<float>(rng, 5, 5);
        using var expected = NDArray.Dot(a, b);
        NDArray.Dot(a, b, a);
        Assert.That(a.ToArray(), Is.EqualTo(expected.ToArray()));
    }

    [Test]
    public void InnerOuterVdot()
    {
        var rng = new Random(22);
        using var a = Random<double>(rng, 2, 3, 4);
        using var b = Random<double>(rng, 5, 4);
        using var inner = NDArray.Inner(a, b);
        Assert.That(inner.Shape.ToArray(), Is.EqualTo(new nint[] { 2, 3, 5 }));
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 5; k++)
                    Assert.That(inner.Get(i, j, k), Is.EqualTo(Sum(4, p => a.Get(i, j, p) * b.Get(k, p))).Within(1e-14 * 4));
        using var wrongInner = Random<double>(rng, 3);
        Assert.Throws<ArgumentException>(() => NDArray.Inner(a, wrongInner).Dispose());

        using var x = Random<int>(rng, 2, 3);
        using var xt = x.Transpose(); // flattened in C order of the view: needs a copy
        using var y = Random<int>(rng, 4);
        using var outer = NDArray.Outer(xt, y);
        Assert.That(outer.Shape.ToArray(), Is.EqualTo(new nint[] { 6, 4 }));
        var flat = xt.ToArray();
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 4; j++)
                Assert.That(outer.Get(i, j), Is.EqualTo(flat[i] * y.Get(j)));

        using var p = Random<float>(rng, 3, 40);
        using var q = Random<float>(rng, 40, 3);
        using var qt = q.Transpose();
        float vdot = NDArray.Vdot(p, qt);
        var pf = p.ToArray();
        var qf = qt.ToArray();
        double reference = Sum(120, i => (double)pf[i] * qf[i]);
        Assert.That(vdot, Is.EqualTo(reference).Within(1e-5 * Math.Sqrt(120) * Sum(120, i => Math.Abs((double)pf[i] * qf[i]))));
        using var wrongVdot = Random<float>(rng, 7);
        Assert.Throws<ArgumentException>(() => NDArray.Vdot(p, wrongVdot));
        Assert.That(NDArray.Dot<float>(pf, pf), Is.EqualTo(Sum(120, i => (double)pf[i] * pf[i])).Within(1e-3));
        Assert.Throws<ArgumentException>(() => NDArray.Dot<float>(pf, pf.AsSpan(1)));
    }

    [Test]
    public void Trace()
    {
        using var flat12 = NDArray.Arange(12);
        using var a = flat12.Reshape(3, 4);
        Assert.That(NDArray.Trace(a), Is.EqualTo(0 + 5 + 10));
        Assert.That(NDArray.Trace(a, 1), Is.EqualTo(1 + 6 + 11));
        Assert.That(NDArray.Trace(a, -1), Is.EqualTo(4 + 9));
        using var flat24 = NDArray.Arange(24);
        using var stack = flat24.Reshape(2, 3, 4);
        using var t = NDArray.Trace(stack, 0, 1, 2);
        Assert.That(t.ToArray(), Is.EqualTo(new[] { 0 + 5 + 10, 12 + 17 + 22 }));
        Assert.Throws<ArgumentException>(() => NDArray.Trace(stack));
    }

    /// <summary>Differential: MatMul and Dot against NumPy's <c>@</c> / <c>np.dot</c> on broadcast batches and views.</summary>
    [Test]
    public void MatchesNumPy()
    {
        string python = NumPy.Require();
        string dir = Path.Combine(Path.GetTempPath(), "na-linalg-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var rng = new Random(23);
            using var a = Random<double>(rng, 3, 1, 17, 65);
            using var b = Random<double>(rng, 4, 65, 9);
            using var c = Random<double>(rng, 2, 70, 33);
            using var d = Random<double>(rng, 5, 33, 20);
            Npy.Save(Path.Combine(dir, "a.npy"), a);
            Npy.Save(Path.Combine(dir, "b.npy"), b);
            Npy.Save(Path.Combine(dir, "c.npy"), c);
            Npy.Save(Path.Combine(dir, "d.npy"), d);
            using var ct = c.Transpose();   // (33, 70, 2)
            using var dflip = d.Flip();     // every axis reversed
            using var r1 = NDArray.MatMul(a, b);
            using var r2 = NDArray.Dot(c, dflip);
            using var ct0 = ct[.., .., 0];
            using var c1 = c[1];
            using var r3 = NDArray.MatMul(ct0, c1);
            const string script =
                "import numpy as np, sys\n" +
                "d = sys.argv[1]\n" +
                "a, b, c, e = (np.load(f'{d}/{n}.npy') for n in 'abcd')\n" +
                "np.save(f'{d}/r1.npy', a @ b)\n" +
                "np.save(f'{d}/r2.npy', np.dot(c, e[::-1, ::-1, ::-1]))\n" +
                "np.save(f'{d}/r3.npy', c.T[:, :, 0] @ c[1])\n";
            RunNumPy(python, script, dir);
            foreach (var (name, mine, k) in new[] { ("r1", r1, 65), ("r2", r2, 33), ("r3", r3, 2) })
            {
                using var theirs = Npy.Load<double>(Path.Combine(dir, name + ".npy"));
                Assert.That(mine.Shape.ToArray(), Is.EqualTo(theirs.Shape.ToArray()), name);
                var x = mine.ToArray();
                var y = theirs.ToArray();
                for (int i = 0; i < x.Length; i++)
                    Assert.That(x[i], Is.EqualTo(y[i]).Within(1e-14 * k * 2), $"{name}[{i.ToString(CultureInfo.InvariantCulture)}]");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
