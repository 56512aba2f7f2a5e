using System.Numerics;

namespace NativeArrays.Tests.Reliability;

/// <summary>
/// Issue 9 item 7: <c>Prod</c> gives the same bits for every SIMD width and thread count, and NumPy's result (NumPy folds
/// products in index order; checked against <c>np.prod</c> for float32 data and both axes of a 2-d array).
/// </summary>
[TestFixture, NonParallelizable]
public class ProdIssue9Tests
{
    private static readonly SimdWidth[] Widths = [SimdWidth.Auto, SimdWidth.Scalar, SimdWidth.W128, SimdWidth.W256, SimdWidth.W512];

    /// <summary>Every width, with one thread and with two threads splitting work above a small threshold.</summary>
    private static IEnumerable<(SimdWidth Width, int Threads)> Configurations()
    {
        foreach (var w in Widths)
        {
            yield return (w, 1);
            yield return (w, 2);
        }
    }

    private static IDisposable Use((SimdWidth Width, int Threads) c) => NativeArraysSettings.Override(NativeArraysSettings.Current with
    {
        SimdWidth = c.Width,
        MaxDegreeOfParallelism = c.Threads,
        ParallelThreshold = c.Threads > 1 ? 4096 : 1L << 40,
    });

    /// <summary>NumPy's algorithm: one accumulator, element after element, rounded to T at each step.</summary>
    private static T Sequential<T>(ReadOnlySpan<T> values) where T : INumber<T>
    {
        T acc = T.One;
        foreach (var v in values) acc *= v;
        return acc;
    }

    private static NDArray<T> ZeroThenHuge<T>(double huge, int count) where T : unmanaged, INumber<T>
    {
        var values = new T[count];
        values[0] = T.Zero;
        for (int i = 1; i < count; i++) values[i] = T.CreateTruncating(huge);
        return NDArray<T>.FromArray(values);
    }

    [Test]
    public void Issue9_Item7_ProdIsIndependentOfSimdWidth()
    {
        using var f = ZeroThenHuge<float>(1e20, 32);      // [0, 1e20 x 31]: NumPy gives 0
        using var d = ZeroThenHuge<double>(1e200, 32);    // [0, 1e200 x 31]: NumPy gives 0
        using var longF = ZeroThenHuge<float>(1e20, 100_003);
        foreach (var c in Configurations())
        {
            using (Use(c))
            {
                Assert.That(f.Prod(), Is.EqualTo(0f), $"float32 {c}");
                Assert.That(float.IsNegative(f.Prod()), Is.False, $"+0 {c}");
                Assert.That(d.Prod(), Is.EqualTo(0.0), $"float64 {c}");
                Assert.That(longF.Prod(), Is.EqualTo(0f), $"float32, 100003 elements {c}");
            }
        }
    }

    [Test]
    public void Issue9_Item7_ProdAlongAxesIsIndependentOfSimdWidth()
    {
        // Column j of `cols` and row i of `rows` hold one 0 at position 0 or 1 (before any partial product can overflow),
        // the rest 1e20 / 1e200: every product is 0 in NumPy.
        using var cols = NDArray<float>.Zeros(32, 19);
        using var rows = NDArray<double>.Zeros(7, 64);
        for (int i = 0; i < 32; i++) for (int j = 0; j < 19; j++) cols.Set([i, j], i == j % 2 ? 0f : 1e20f);
        for (int i = 0; i < 7; i++) for (int j = 0; j < 64; j++) rows.Set([i, j], j == i % 2 ? 0.0 : 1e200);
        foreach (var c in Configurations())
        {
            using (Use(c))
            {
                using var p0 = cols.Prod(0);
                Assert.That(p0.ToArray(), Is.All.EqualTo(0f), $"axis 0 {c}");
                using var p1 = rows.Prod(1);
                Assert.That(p1.ToArray(), Is.All.EqualTo(0.0), $"axis 1 {c}");
                using var t = cols.T;
                using var p1t = t.Prod(1);                 // the same products through a transposed view
                Assert.That(p1t.ToArray(), Is.All.EqualTo(0f), $"transposed {c}");
                using var k = rows.Prod([1], keepDims: true);
                Assert.That(k.ToArray(), Is.All.EqualTo(0.0), $"keepDims {c}");
            }
        }
    }

    [Test]
    public void Issue9_Item7_ProdBitsAreTheSequentialProductForEveryWidthAndThreadCount()
    {
        var random = new Random(7);
        var data = new float[300 * 257];
        for (int i = 0; i < data.Length; i++) data[i] = (float)(0.99 + random.NextDouble() * 0.02);
        using var flat = NDArray<float>.FromArray(data);
        using var m = flat.Reshape(300, 257);
        float whole = Sequential<float>(data);
        var col = new float[257];
        var row = new float[300];
        for (int j = 0; j < 257; j++) col[j] = Sequential<float>(Enumerable.Range(0, 300).Select(i => data[i * 257 + j]).ToArray());
        for (int i = 0; i < 300; i++) row[i] = Sequential<float>(data.AsSpan(i * 257, 257));
        foreach (var c in Configurations())
        {
            using (Use(c))
            {
                Assert.That(BitConverter.SingleToInt32Bits(flat.Prod()), Is.EqualTo(BitConverter.SingleToInt32Bits(whole)), $"whole {c}");
                Assert.That(BitConverter.SingleToInt32Bits(m.Prod()), Is.EqualTo(BitConverter.SingleToInt32Bits(whole)), $"whole 2-d {c}");
                using var p0 = m.Prod(0);
                Assert.That(p0.ToArray(), Is.EqualTo(col), $"axis 0 {c}");
                using var p1 = m.Prod(1);
                Assert.That(p1.ToArray(), Is.EqualTo(row), $"axis 1 {c}");
            }
        }
    }

    [Test]
    public void Issue9_Item7_IntegerProdStaysExactAndVectorised()
    {
        var random = new Random(3);
        var data = Enumerable.Range(0, 10_007).Select(_ => (long)random.Next(-3, 4) | 1).ToArray();
        long expected = 1;
        foreach (long v in data) expected = unchecked(expected * v);
        using var a = NDArray<long>.FromArray(data);
        foreach (var c in Configurations())
            using (Use(c))
                Assert.That(a.Prod(), Is.EqualTo(expected), c.ToString());
    }
}
