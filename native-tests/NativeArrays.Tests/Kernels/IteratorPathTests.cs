using NativeArrays.Kernels;

namespace NativeArrays.Tests.Kernels;

/// <summary>
/// The kernel core's one iterator: the ternary flat fast path (contiguous and scalar operands, overlap with the
/// destination) and the ordered walks (lines in C order, copies and fills of strided views).
/// </summary>
public class IteratorPathTests
{
    private static float[] Values(int n, int seed)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(r.NextDouble() * 4 - 2)).ToArray();
    }

    /// <summary>The flat path must still stage an input that partly overlaps the destination (z shifted by one element).</summary>
    [TestCase(7)]
    [TestCase(100)]
    public void TernaryFlatPathStagesPartialOverlap(int n)
    {
        var data = Values(n + 1, 1);
        var x = Values(n, 2);
        var y = Values(n, 3);
        using var buffer = NDArray<float>.FromArray(data);
        using var dst = buffer[..n];
        using var z = buffer[1..];
        using var xa = NDArray<float>.FromArray(x);
        using var ya = NDArray<float>.FromArray(y);
        using var zCopy = NDArray<float>.FromArray(data[1..]);
        using var expected = NDArray.MultiplyAdd(xa, ya, zCopy);
        NDArray.MultiplyAdd(xa, ya, z, dst);
        Assert.That(dst.ToArray(), Is.EqualTo(expected.ToArray()), "as if the inputs were copied first");
    }

    /// <summary>In place (the identical view) and with scalar operands the flat path gives the elementwise result.</summary>
    [Test]
    public void TernaryFlatPathInPlaceAndScalars()
    {
        var v = Values(37, 4);
        using var a = NDArray<float>.FromArray(v);
        using var clipped = NDArray.Clip(a, -0.5f, 0.5f);
        Assert.That(clipped.ToArray(), Is.EqualTo(v.Select(e => Math.Clamp(e, -0.5f, 0.5f)).ToArray()));
        using var m = NDArray<bool>.FromArray(v.Select(e => e > 0).ToArray());
        using var zero = NDArray<float>.Zeros(37);
        NDArray.Where(m, a, zero, a);
        Assert.That(a.ToArray(), Is.EqualTo(v.Select(e => e > 0 ? e : 0f).ToArray()));
    }

    private unsafe struct RecordLines : ILineKernel
    {
        public List<(long Index, float First)> Seen;
        public void Line(byte* x, byte* y, long lineIndex) => Seen.Add((lineIndex, *(float*)x));
    }

    /// <summary>Lines along an axis are visited in C order of the other axes, numbered 0, 1, 2, ...; an empty axis visits none.</summary>
    [Test]
    public unsafe void LinesComeInCOrder()
    {
        using var a = NDArray<float>.FromArray(Enumerable.Range(0, 24).Select(i => (float)i).ToArray(), 2, 3, 4);
        using var t = a.Permute(2, 0, 1); // shape (4, 2, 3), strides (1, 12, 4)
        using var pin = t.Pin();
        var kernel = new RecordLines { Seen = [] };
        NdIterator.ForEachLine(t.Shape, 1, pin.Pointer, t.Strides, pin.Pointer, t.Strides, ref kernel);
        // Lines along axis 1 (length 2); other axes (4, 3) in C order: line k = (i, j) with k = 3i + j, first element t[i, 0, j] = a[0, j, i].
        Assert.That(kernel.Seen.Select(s => s.Index), Is.EqualTo(Enumerable.Range(0, 12).Select(i => (long)i)));
        Assert.That(kernel.Seen.Select(s => s.First), Is.EqualTo(Enumerable.Range(0, 12).Select(k => (float)(4 * (k % 3) + k / 3))));
        using var empty = NDArray<float>.Zeros(3, 0);
        using var ep = empty.Pin();
        kernel.Seen.Clear();
        NdIterator.ForEachLine(empty.Shape, 0, ep.Pointer, [0, 1], ep.Pointer, [0, 1], ref kernel);
        Assert.That(kernel.Seen, Is.Empty);
    }

    /// <summary>Fills and copies of reversed, transposed and stepped views touch exactly their elements.</summary>
    [Test]
    public void OrderedCopiesAndFillsOfStridedViews()
    {
        using var a = NDArray<float>.FromArray(Enumerable.Range(0, 30).Select(i => (float)i).ToArray(), 5, 6);
        using var view = a[SliceIndex.Slice(null, null, -2), SliceIndex.Slice(1, null, 2)];
        view.Fill(-1f);
        var expected = Enumerable.Range(0, 30).Select(i => (i / 6) % 2 == 0 && i % 6 % 2 == 1 ? -1f : i).ToArray();
        Assert.That(a.ToArray(), Is.EqualTo(expected));
        using var t = a.T;
        var copy = t.ToArray();
        Assert.That(copy, Is.EqualTo(Enumerable.Range(0, 30).Select(k => expected[(k % 5) * 6 + k / 5]).ToArray()));
    }
}
