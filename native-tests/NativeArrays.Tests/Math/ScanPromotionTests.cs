using System.Numerics;

namespace NativeArrays.Tests.Breadth;

/// <summary>
/// CumSum/CumProd/Prod of 8-to-32-bit integers and bool accumulate in 64 bits as NumPy does (<c>np.cumsum(int32)</c>
/// is int64), and the explicit-accumulator forms keep wrap-around (<c>dtype=</c>); against NumPy with values large
/// enough to overflow the element type, on every layout, every axis, empty and 0-d.
/// </summary>
public class ScanPromotionTests
{
    private static readonly nint[][] Shapes = [[], [0], [9], [3, 5], [2, 3, 4], [4, 0, 2], [1, 7]];

    [Test]
    public void WidenedScansAndProductsMatchNumPy()
    {
        var random = new Random(1801);
        using var np = new NumPyOracle();
        var checks = new List<Action>();
        foreach (var shape in Shapes)
            foreach (var layout in Arrays.AllLayouts)
            {
                checks.Add(Case<sbyte, long>(np, random, layout, shape, a => a.CumSum(), (a, x) => a.CumSum(x), a => a.CumProd(), (a, x) => a.CumProd(x), a => a.Prod(), (a, x) => a.Prod(x)));
                checks.Add(Case<byte, ulong>(np, random, layout, shape, a => a.CumSum(), (a, x) => a.CumSum(x), a => a.CumProd(), (a, x) => a.CumProd(x), a => a.Prod(), (a, x) => a.Prod(x)));
                checks.Add(Case<short, long>(np, random, layout, shape, a => a.CumSum(), (a, x) => a.CumSum(x), a => a.CumProd(), (a, x) => a.CumProd(x), a => a.Prod(), (a, x) => a.Prod(x)));
                checks.Add(Case<ushort, ulong>(np, random, layout, shape, a => a.CumSum(), (a, x) => a.CumSum(x), a => a.CumProd(), (a, x) => a.CumProd(x), a => a.Prod(), (a, x) => a.Prod(x)));
                checks.Add(Case<int, long>(np, random, layout, shape, a => a.CumSum(), (a, x) => a.CumSum(x), a => a.CumProd(), (a, x) => a.CumProd(x), a => a.Prod(), (a, x) => a.Prod(x)));
                checks.Add(Case<uint, ulong>(np, random, layout, shape, a => a.CumSum(), (a, x) => a.CumSum(x), a => a.CumProd(), (a, x) => a.CumProd(x), a => a.Prod(), (a, x) => a.Prod(x)));
                checks.Add(BoolCase(np, random, layout, shape));
            }
        np.Run();
        foreach (var c in checks) c();
    }

    /// <summary>Full-range values (sums and products overflow the element type; products wrap in 64 bits as NumPy's do).</summary>
    private static NDArray<T> Big<T>(Random random, Layout layout, nint[] shape) where T : unmanaged, INumberBase<T>
    {
        using var c = NDArray<T>.Empty(shape);
        var span = c.AsSpan();
        for (int i = 0; i < span.Length; i++) span[i] = T.CreateTruncating(random.NextInt64());
        return Arrays.LayoutLike(c, layout, random);
    }

    private static Action Case<T, TAcc>(NumPyOracle np, Random random, Layout layout, nint[] shape,
        Func<NDArray<T>, NDArray<TAcc>> cumSum, Func<NDArray<T>, int, NDArray<TAcc>> cumSumAxis,
        Func<NDArray<T>, NDArray<TAcc>> cumProd, Func<NDArray<T>, int, NDArray<TAcc>> cumProdAxis,
        Func<NDArray<T>, TAcc> prod, Func<NDArray<T>, int, NDArray<TAcc>> prodAxis)
        where T : unmanaged, INumber<T> where TAcc : unmanaged, INumber<TAcc>
    {
        var a = Big<T>(random, layout, shape);
        var inA = NumPyOracle.Of(a);
        string cs = np.Add("np.cumsum(a0)", inA), cp = np.Add("np.cumprod(a0)", inA), p = np.Add("np.asarray(np.prod(a0))", inA);
        int[] axes = Enumerable.Range(-shape.Length, 2 * shape.Length).ToArray();
        var along = axes.Select(ax => (ax,
            Cs: np.Add($"np.cumsum(a0, axis={ax})", inA), Cp: np.Add($"np.cumprod(a0, axis={ax})", inA), P: np.Add($"np.prod(a0, axis={ax})", inA))).ToArray();
        return () =>
        {
            using (a)
            {
                string ctx = $"{typeof(T).Name} {layout} ({string.Join(",", shape)})";
                using (var x = cumSum(a)) np.AssertEqual(cs, x, context: ctx);
                using (var x = cumProd(a)) np.AssertEqual(cp, x, context: ctx);
                using (var x = NDArray<TAcc>.Scalar(prod(a))) np.AssertEqual(p, x, context: ctx);
                foreach (var (ax, cs1, cp1, p1) in along)
                {
                    string c1 = $"{ctx} axis {ax}";
                    using (var x = cumSumAxis(a, ax)) np.AssertEqual(cs1, x, context: c1);
                    using (var x = cumProdAxis(a, ax)) np.AssertEqual(cp1, x, context: c1);
                    using (var x = prodAxis(a, ax)) np.AssertEqual(p1, x, context: c1);
                }
            }
        };
    }

    [Test]
    public void ExplicitAccumulatorsMatchNumPyDType()
    {
        var random = new Random(1802);
        using var np = new NumPyOracle();
        var checks = new List<Action>();
        foreach (var shape in Shapes)
            foreach (var layout in Arrays.AllLayouts)
            {
                var a = Big<int>(random, layout, shape);
                var b = Big<byte>(random, layout, shape);
                var inA = NumPyOracle.Of(a);
                var inB = NumPyOracle.Of(b);
                string csWrap = np.Add("np.cumsum(a0, dtype=np.int32)", inA), pWrap = np.Add("np.asarray(np.prod(a0, dtype=np.int32))", inA);
                string cpDouble = np.Add("np.cumprod(a0, dtype=np.float64)", inA), cpByte = np.Add("np.cumprod(a0, dtype=np.uint8)", inB);
                string csShort = np.Add("np.cumsum(a0, dtype=np.int16)", inB);
                var along = Enumerable.Range(-shape.Length, 2 * shape.Length).Select(ax => (ax,
                    Cs: np.Add($"np.cumsum(a0, axis={ax}, dtype=np.int32)", inA), P: np.Add($"np.prod(a0, axis={ax}, dtype=np.int32)", inA),
                    Cp: np.Add($"np.cumprod(a0, axis={ax}, dtype=np.uint8)", inB), PLong: np.Add($"np.prod(a0, axis={ax}, dtype=np.int64)", inB))).ToArray();
                checks.Add(() =>
                {
                    using (a) using (b)
                    {
                        string ctx = $"{layout} ({string.Join(",", shape)})";
                        using (var x = a.CumSum<int>()) np.AssertEqual(csWrap, x, context: ctx);
                        using (var x = NDArray<int>.Scalar(a.Prod<int>())) np.AssertEqual(pWrap, x, context: ctx);
                        using (var x = a.CumProd<double>()) np.AssertEqual(cpDouble, x, context: ctx);
                        using (var x = b.CumProd<byte>()) np.AssertEqual(cpByte, x, context: ctx);
                        using (var x = b.CumSum<short>()) np.AssertEqual(csShort, x, context: ctx);
                        foreach (var (ax, cs, p, cp, pLong) in along)
                        {
                            using (var x = a.CumSum<int>(ax)) np.AssertEqual(cs, x, context: $"{ctx} axis {ax}");
                            using (var x = a.Prod<int>(ax)) np.AssertEqual(p, x, context: $"{ctx} axis {ax}");
                            using (var x = b.CumProd<byte>(ax)) np.AssertEqual(cp, x, context: $"{ctx} axis {ax}");
                            using (var x = b.Prod<long>(ax)) np.AssertEqual(pLong, x, context: $"{ctx} axis {ax}");
                        }
                    }
                });
            }
        np.Run();
        foreach (var c in checks) c();
    }

    private static Action BoolCase(NumPyOracle np, Random random, Layout layout, nint[] shape)
    {
        var m = Arrays.Mask(random, layout, shape);
        var inM = NumPyOracle.Of(m);
        string cs = np.Add("np.cumsum(a0)", inM), cp = np.Add("np.cumprod(a0)", inM), p = np.Add("np.asarray(np.prod(a0))", inM);
        var along = Enumerable.Range(-shape.Length, 2 * shape.Length).Select(ax => (ax,
            Cs: np.Add($"np.cumsum(a0, axis={ax})", inM), Cp: np.Add($"np.cumprod(a0, axis={ax})", inM), P: np.Add($"np.prod(a0, axis={ax})", inM))).ToArray();
        return () =>
        {
            using (m)
            {
                string ctx = $"bool {layout} ({string.Join(",", shape)})";
                using (var x = m.CumSum()) np.AssertEqual(cs, x, context: ctx);
                using (var x = m.CumProd()) np.AssertEqual(cp, x, context: ctx);
                using (var x = NDArray<long>.Scalar(m.Prod())) np.AssertEqual(p, x, context: ctx);
                foreach (var (ax, cs1, cp1, p1) in along)
                {
                    using (var x = m.CumSum(ax)) np.AssertEqual(cs1, x, context: $"{ctx} axis {ax}");
                    using (var x = m.CumProd(ax)) np.AssertEqual(cp1, x, context: $"{ctx} axis {ax}");
                    using (var x = m.Prod(ax)) np.AssertEqual(p1, x, context: $"{ctx} axis {ax}");
                }
            }
        };
    }

    [Test]
    public void Int32CumSumDoesNotWrapByDefault()
    {
        using var a = NDArray<int>.Full(int.MaxValue, 3);
        using var wide = a.CumSum();
        Assert.That(wide.ToArray(), Is.EqualTo(new[] { (long)int.MaxValue, 2L * int.MaxValue, 3L * int.MaxValue }));
        using var wrapped = a.CumSum<int>();
        Assert.That(wrapped.ToArray(), Is.EqualTo(new[] { int.MaxValue, -2, int.MaxValue - 2 }));
        Assert.That(a.Prod(), Is.EqualTo(unchecked((long)int.MaxValue * int.MaxValue * int.MaxValue)));
        Assert.That(a.Prod<int>(), Is.EqualTo(int.MaxValue)); // (2^31 - 1)^3 wraps to 2^31 - 1 modulo 2^32
        using var f = NDArray<float>.FromArray([2f, 3f]);
        using var fc = f.CumSum();                          // floats keep their type
        Assert.That(fc.ToArray(), Is.EqualTo(new[] { 2f, 5f }));
        Assert.Throws<ArgumentOutOfRangeException>(() => a.CumSum(1).Dispose());
        Assert.Throws<ArgumentOutOfRangeException>(() => a.Prod(-2).Dispose());
    }
}
