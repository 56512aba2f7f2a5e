using System.Numerics;

namespace NativeArrays.Tests.Breadth;

/// <summary>Promotion where NumPy promotes (sums in 64 bits, integer means in float64), logical ops, ordering operators.</summary>
public class PromotionTests
{
    [Test]
    public void SumOfInt32AccumulatesIn64Bits()
    {
        using var a = NDArray<int>.Full(int.MaxValue, 4);
        long s = a.Sum();                                   // the non-generic int form: 64-bit, as NumPy
        Assert.That(s, Is.EqualTo(4L * int.MaxValue));
        Assert.That(a.Sum<int>(), Is.EqualTo(-4));          // an explicit accumulator keeps wrap-around available
        Assert.That(a.Sum<double>(), Is.EqualTo(4.0 * int.MaxValue));
        using var byAxis = a.Sum(0);
        Assert.That(byAxis.Item(), Is.EqualTo(4L * int.MaxValue));
        using var u = NDArray<byte>.Full(255, 3);
        Assert.That(u.Sum(), Is.EqualTo(765UL));
        using var f = NDArray<float>.Full(1.5f, 4);
        float fs = f.Sum();                                  // floats unchanged: the element type
        Assert.That(fs, Is.EqualTo(6f));
        Assert.That(GenericSum(a), Is.EqualTo(-4), "generic code keeps the element type (documented)");
    }

    private static T GenericSum<T>(NDArray<T> a) where T : unmanaged, INumber<T> => a.Sum();

    [Test]
    public void SumMeanVarStdMatchNumPy()
    {
        var random = new Random(1401);
        using var np = new NumPyOracle();
        var checks = new List<Action>();
        nint[][] shapes = [[], [0], [7], [3, 5], [2, 3, 4], [4, 0, 2]];
        foreach (var shape in shapes)
            foreach (var layout in Arrays.AllLayouts)
            {
                checks.Add(SumCase<sbyte, long>(np, random, layout, shape, a => a.Sum(), (a, ax) => a.Sum(ax)));
                checks.Add(SumCase<byte, ulong>(np, random, layout, shape, a => a.Sum(), (a, ax) => a.Sum(ax)));
                checks.Add(SumCase<short, long>(np, random, layout, shape, a => a.Sum(), (a, ax) => a.Sum(ax)));
                checks.Add(SumCase<ushort, ulong>(np, random, layout, shape, a => a.Sum(), (a, ax) => a.Sum(ax)));
                checks.Add(SumCase<int, long>(np, random, layout, shape, a => a.Sum(), (a, ax) => a.Sum(ax)));
                checks.Add(SumCase<uint, ulong>(np, random, layout, shape, a => a.Sum(), (a, ax) => a.Sum(ax)));
                checks.Add(MeanCase<int>(np, random, layout, shape));
                checks.Add(MeanCase<byte>(np, random, layout, shape));
                checks.Add(MeanCase<long>(np, random, layout, shape));
                checks.Add(BoolSumCase(np, random, layout, shape));
            }
        np.Run();
        foreach (var c in checks) c();
    }

    private static Action SumCase<T, TAcc>(NumPyOracle np, Random random, Layout layout, nint[] shape,
        Func<NDArray<T>, TAcc> whole, Func<NDArray<T>, int, NDArray<TAcc>> along)
        where T : unmanaged, INumber<T> where TAcc : unmanaged, INumber<TAcc>
    {
        var a = Arrays.Random<T>(random, layout, shape);
        // Large values so that the element type would overflow.
        using (var big = Arrays.Fill<T>(random, shape))
        { }
        string w = np.Add("np.sum(a0)", NumPyOracle.Of(a));
        var axes = Enumerable.Range(-shape.Length, 2 * shape.Length).ToArray();
        var names = axes.Select(ax => np.Add($"np.sum(a0, axis={ax})", NumPyOracle.Of(a))).ToArray();
        return () =>
        {
            using (a)
            {
                using var e = np.Result<TAcc>(w);
                Assert.That(whole(a), Is.EqualTo(e.Item()), $"{np.Expression(w)} {layout}");
                for (int i = 0; i < axes.Length; i++)
                {
                    using var r = along(a, axes[i]);
                    np.AssertEqual(names[i], r, context: layout.ToString());
                }
            }
        };
    }

    private static Action MeanCase<T>(NumPyOracle np, Random random, Layout layout, nint[] shape) where T : unmanaged, IBinaryInteger<T>
    {
        var a = Arrays.Random<T>(random, layout, shape);
        bool empty = a.Size == 0;
        string mean = np.Add("np.mean(a0)", NumPyOracle.Of(a));
        string var1 = np.Add("np.var(a0, ddof=1) if a0.size > 1 else np.float64('nan')", NumPyOracle.Of(a));
        string std = np.Add("np.std(a0)", NumPyOracle.Of(a));
        string meanAxis = shape.Length > 0 ? np.Add("np.mean(a0, axis=-1)", NumPyOracle.Of(a)) : "";
        string varAxis = shape.Length > 0 ? np.Add("np.var(a0, axis=0)", NumPyOracle.Of(a)) : "";
        return () =>
        {
            using (a)
            {
                double m = a.Mean();
                using var em = np.Result<double>(mean);
                if (empty) Assert.That(m, Is.NaN);
                else Assert.That(m, Is.EqualTo(em.Item()).Within(1e-12).Percent, np.Expression(mean));
                if (!empty)
                {
                    using var ev = np.Result<double>(var1);
                    if (a.Size > 1) Assert.That(a.Var(1), Is.EqualTo(ev.Item()).Within(1e-9).Percent, np.Expression(var1));
                    using var es = np.Result<double>(std);
                    Assert.That(a.Std(), Is.EqualTo(es.Item()).Within(1e-9).Percent, np.Expression(std));
                }
                if (shape.Length > 0 && shape[^1] > 0)
                {
                    using var r = a.Mean(-1);
                    np.AssertClose(meanAxis, r, 1e-13, context: layout.ToString());
                }
                if (shape.Length > 0 && shape[0] > 0)
                {
                    using var r = a.Var(0, 0);
                    np.AssertClose(varAxis, r, 1e-11, context: layout.ToString());
                }
            }
        };
    }

    private static Action BoolSumCase(NumPyOracle np, Random random, Layout layout, nint[] shape)
    {
        var m = Arrays.Mask(random, layout, shape);
        string w = np.Add("np.sum(a0)", NumPyOracle.Of(m));
        string ax = shape.Length > 0 ? np.Add("np.sum(a0, axis=0)", NumPyOracle.Of(m)) : "";
        return () =>
        {
            using (m)
            {
                using var e = np.Result<long>(w);
                Assert.That(m.Sum(), Is.EqualTo(e.Item()));
                if (shape.Length > 0)
                {
                    using var r = m.Sum(0);
                    np.AssertEqual(ax, r);
                }
            }
        };
    }

    [Test]
    public void LogicalOpsAndOperatorsMatchNumPy()
    {
        var random = new Random(1402);
        using var np = new NumPyOracle();
        var checks = new List<Action>();
        (nint[] X, nint[] Y)[] pairs = [([], []), ([5], [5]), ([3, 4], [3, 4]), ([3, 4], [4]), ([2, 1, 3], [4, 1]), ([0, 3], [3])];
        foreach (var (xs, ys) in pairs)
            foreach (var layout in Arrays.AllLayouts)
            {
                var x = Arrays.Mask(random, layout, xs);
                var y = Arrays.Mask(random, Arrays.AllLayouts[random.Next(6)], ys);
                string and = np.Add("np.logical_and(a0, a1)", NumPyOracle.Of(x), NumPyOracle.Of(y));
                string or = np.Add("a0 | a1", NumPyOracle.Of(x), NumPyOracle.Of(y));
                string xor = np.Add("a0 ^ a1", NumPyOracle.Of(x), NumPyOracle.Of(y));
                string not = np.Add("~a0", NumPyOracle.Of(x));
                string andTrue = np.Add("a0 & False", NumPyOracle.Of(x));
                var f = Arrays.Random<float>(random, layout, xs);
                var g = Arrays.Random<float>(random, Layout.C, ys);
                if (f.Size > 0 && !f.IsReadOnly)
                    using (var corner = f.Slice(Enumerable.Repeat(SliceIndex.Slice(0, 1), xs.Length).ToArray())) corner.Fill(float.NaN);
                string lt = np.Add("a0 < a1", NumPyOracle.Of(f), NumPyOracle.Of(g));
                string le = np.Add("a0 <= a1", NumPyOracle.Of(f), NumPyOracle.Of(g));
                string gt = np.Add("a0 > 1.5", NumPyOracle.Of(f));
                string ge = np.Add("2.5 >= a0", NumPyOracle.Of(f));
                var i = Arrays.Random<int>(random, layout, xs);
                string ilt = np.Add("a0 < 3", NumPyOracle.Of(i));
                checks.Add(() =>
                {
                    using (x) using (y) using (f) using (g) using (i)
                    {
                        using (var r = NDArray.LogicalAnd(x, y)) np.AssertEqual(and, r, context: layout.ToString());
                        using (var r = x | y) np.AssertEqual(or, r, context: layout.ToString());
                        using (var r = x ^ y) np.AssertEqual(xor, r, context: layout.ToString());
                        using (var r = !x) np.AssertEqual(not, r, context: layout.ToString());
                        using (var r = x & false) np.AssertEqual(andTrue, r, context: layout.ToString());
                        using (var r = f < g) np.AssertEqual(lt, r, context: layout.ToString());
                        using (var r = f <= g) np.AssertEqual(le, r, context: layout.ToString());
                        using (var r = f > 1.5f) np.AssertEqual(gt, r, context: layout.ToString());
                        using (var r = 2.5f >= f) np.AssertEqual(ge, r, context: layout.ToString());
                        using (var r = i < 3) np.AssertEqual(ilt, r, context: layout.ToString());
                    }
                });
            }
        np.Run();
        foreach (var c in checks) c();
    }

    [Test]
    public void LogicalOpsAliasSafelyAndNameShapes()
    {
        using var x = NDArray<bool>.FromArray([true, true, true, true, false, false]);
        using var y = NDArray<bool>.FromArray([false, true, true, false, true, false]);
        using var dest = x.View();
        NDArray.LogicalXor(x, y, dest);                      // destination aliases an input
        Assert.That(x.ToArray(), Is.EqualTo(new[] { true, false, false, true, true, false }));
        using var reversed = x.Flip();
        NDArray.LogicalAnd(x, reversed, x);                  // overlapping reversed input: as if copied first
        Assert.That(x.ToArray(), Is.EqualTo(new[] { false, false, false, false, false, false }));
        using var a = NDArray<bool>.Zeros(3);
        using var b = NDArray<bool>.Zeros(4);
        var e = Assert.Throws<ArgumentException>(() => NDArray.LogicalOr(a, b))!;
        Assert.That(e.Message, Does.Contain("(3,)").And.Contain("(4,)"));
    }
}
