using System.Numerics;

namespace NativeArrays.Tests.Breadth;

/// <summary>
/// The vectorised 64-bit sums of 8-to-32-bit integers (and bool counts): exact at every SIMD width, on long lines that
/// cross the kernel's blocks, full-range values, every layout (flipped, F order, strided, broadcast), against NumPy.
/// </summary>
public class WideningSumTests
{
    private static readonly SimdWidth[] Widths = [SimdWidth.Scalar, SimdWidth.W128, SimdWidth.W256, SimdWidth.W512];

    private static NDArray<T> Big<T>(Random random, Layout layout, nint[] shape, bool extremes) where T : unmanaged, INumberBase<T>
    {
        using var c = NDArray<T>.Empty(shape);
        var span = c.AsSpan();
        T min = T.CreateSaturating(long.MinValue), max = T.CreateSaturating(ulong.MaxValue);
        for (int i = 0; i < span.Length; i++) span[i] = extremes ? (random.Next(2) == 0 ? min : max) : T.CreateTruncating(random.NextInt64());
        return Arrays.LayoutLike(c, layout, random);
    }

    [Test]
    public void LongLinesMatchNumPyAtEveryWidth()
    {
        var random = new Random(1901);
        using var np = new NumPyOracle();
        var checks = new List<Action>();
        // 8-bit blocks are 128 vectors (8192 bytes at 512 bits): 20011 elements cross two block ends and leave a tail.
        nint[][] shapes = [[20011], [3, 1031], [517, 3], [2, 3, 200], [0, 40], [1]];
        foreach (var shape in shapes)
            foreach (var layout in new[] { Layout.C, Layout.F, Layout.Negative, Layout.Strided, Layout.Transposed })
                foreach (bool extremes in new[] { false, true })
                {
                    checks.Add(Case<sbyte, long>(np, random, layout, shape, extremes, a => a.Sum(), (a, ax) => a.Sum(ax)));
                    checks.Add(Case<byte, ulong>(np, random, layout, shape, extremes, a => a.Sum(), (a, ax) => a.Sum(ax)));
                    checks.Add(Case<short, long>(np, random, layout, shape, extremes, a => a.Sum(), (a, ax) => a.Sum(ax)));
                    checks.Add(Case<ushort, ulong>(np, random, layout, shape, extremes, a => a.Sum(), (a, ax) => a.Sum(ax)));
                    checks.Add(Case<int, long>(np, random, layout, shape, extremes, a => a.Sum(), (a, ax) => a.Sum(ax)));
                    checks.Add(Case<uint, ulong>(np, random, layout, shape, extremes, a => a.Sum(), (a, ax) => a.Sum(ax)));
                }
        np.Run();
        foreach (var c in checks) c();
    }

    private static Action Case<T, TAcc>(NumPyOracle np, Random random, Layout layout, nint[] shape, bool extremes,
        Func<NDArray<T>, TAcc> whole, Func<NDArray<T>, int, NDArray<TAcc>> along)
        where T : unmanaged, INumber<T> where TAcc : unmanaged, INumber<TAcc>
    {
        var a = Big<T>(random, layout, shape, extremes);
        string w = np.Add("np.asarray(np.sum(a0))", NumPyOracle.Of(a));
        var axes = Enumerable.Range(0, shape.Length).Select(ax => (ax, Name: np.Add($"np.sum(a0, axis={ax})", NumPyOracle.Of(a)))).ToArray();
        return () =>
        {
            using (a)
                foreach (var width in Widths)
                    using (NativeArraysSettings.Override(NativeArraysSettings.Current with { SimdWidth = width }))
                    {
                        string ctx = $"{typeof(T).Name} {layout} ({string.Join(",", shape)}) {width} extremes {extremes}";
                        using (var s = NDArray<TAcc>.Scalar(whole(a))) np.AssertEqual(w, s, context: ctx);
                        foreach (var (ax, name) in axes)
                            using (var s = along(a, ax)) np.AssertEqual(name, s, context: $"{ctx} axis {ax}");
                    }
        };
    }

    [Test]
    public void BoolCountsOnLongMasksAtEveryWidth()
    {
        var random = new Random(1902);
        var values = Enumerable.Range(0, 30_007).Select(_ => random.Next(3) == 0).ToArray();
        long expected = values.Count(v => v);
        using var m = NDArray<bool>.FromArray(values);
        using var flipped = m.Flip();
        using var head = m[..30_000];
        using var grid = head.Reshape(100, 300);
        long[] rows = Enumerable.Range(0, 100).Select(r => (long)values.Skip(r * 300).Take(300).Count(v => v)).ToArray();
        foreach (var width in Widths)
            using (NativeArraysSettings.Override(NativeArraysSettings.Current with { SimdWidth = width }))
            {
                Assert.That(m.Sum(), Is.EqualTo(expected), width.ToString());
                Assert.That(flipped.Sum(), Is.EqualTo(expected), width.ToString());
                using var perRow = grid.Sum(1);
                Assert.That(perRow.ToArray(), Is.EqualTo(rows), width.ToString());
            }
    }
}
