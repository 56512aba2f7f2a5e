using NativeArrays.Layout;
using NativeArrays.Memory;

namespace NativeArrays.Tests.Kernels;

/// <summary>The public math API over NDArray/NDSpan: forms, broadcasting, errors, overlap, reductions.</summary>
public class PublicMathTests
{
    private static NDArray<float> Range(int n, params nint[] shape)
    {
        var data = new float[n];
        for (int i = 0; i < n; i++) data[i] = i;
        return NDArray<float>.FromArray(data, shape);
    }

    private static NDArray<float> Random(int seed, params nint[] shape)
    {
        var r = new Random(seed);
        nint n = 1;
        foreach (var d in shape) n *= d;
        var data = new float[n];
        for (int i = 0; i < n; i++) data[i] = (float)(r.NextDouble() * 4 - 2);
        return NDArray<float>.FromArray(data, shape);
    }

    [Test]
    public void OperatorsBroadcastAndScalars()
    {
        using var a = Range(12, 3, 4);
        using var b = Range(4, 4);
        using var sum = a + b;
        using var doubled = 2f * a;
        using var scaled = doubled - 1f;
        using var neg = -a;
        Assert.That(sum.Shape.ToArray(), Is.EqualTo(new nint[] { 3, 4 }));
        Assert.That(sum.ToArray(), Is.EqualTo(Enumerable.Range(0, 12).Select(i => (float)(i + i % 4)).ToArray()));
        Assert.That(scaled.ToArray(), Is.EqualTo(Enumerable.Range(0, 12).Select(i => 2f * i - 1f).ToArray()));
        Assert.That(neg.ToArray(), Is.EqualTo(Enumerable.Range(0, 12).Select(i => (float)-i).ToArray()));
        using var q = a / 2f;
        using var m = a % 5f;
        Assert.That(q.Get(2, 3), Is.EqualTo(5.5f));
        Assert.That(m.Get(2, 3), Is.EqualTo(1f));
    }

    [Test]
    public void DestinationAndInPlaceForms()
    {
        using var a = Range(12, 3, 4);
        using var b = Range(4, 4);
        using var dest = NDArray<float>.Zeros(3, 4);
        var returned = NDArray.Multiply(a, b, dest);
        Assert.That(returned, Is.SameAs(dest));
        Assert.That(dest.Get(2, 3), Is.EqualTo(11f * 3f));
        using var c = a.Copy();
        c.AddInPlace(b).SubtractInPlace(1f);
        Assert.That(c.Get(1, 2), Is.EqualTo(6f + 2f - 1f));
        c.ExpInPlace();
        Assert.That(c.Get(0, 0), Is.EqualTo(MathF.Exp(-1f)).Within(1e-6f));
        using var mask = NDArray.Greater(a, 5f);
        Assert.That(mask.ToArray(), Is.EqualTo(Enumerable.Range(0, 12).Select(i => i > 5).ToArray()));
        using var w = NDArray.Where(mask, a, -1f);
        Assert.That(w.ToArray(), Is.EqualTo(Enumerable.Range(0, 12).Select(i => i > 5 ? i : -1f).ToArray()));
        using var clipped = NDArray.Clip(a, 2f, 7f);
        Assert.That(clipped.ToArray(), Is.EqualTo(Enumerable.Range(0, 12).Select(i => (float)Math.Clamp(i, 2, 7)).ToArray()));
        using var fma = NDArray.MultiplyAdd(a, 2f, 1f);
        Assert.That(fma.Get(2, 3), Is.EqualTo(23f));
    }

    [Test]
    public void SpanForms()
    {
        using var a = Range(12, 3, 4);
        using var b = Range(4, 4);
        using var dest = NDArray<float>.Zeros(3, 4);
        NDArray.Add(a.AsReadOnlyNDSpan(), b.AsReadOnlyNDSpan(), dest.AsNDSpan());
        Assert.That(dest.Get(2, 3), Is.EqualTo(14f));
        var span = dest.AsNDSpan();
        span.MultiplyInPlace(2f);
        span.SqrtInPlace();
        Assert.That(dest.Get(2, 3), Is.EqualTo(MathF.Sqrt(28f)).Within(1e-6f));
    }

    [Test]
    public void IncompatibleShapesNameBothShapes()
    {
        using var a = NDArray<float>.Zeros(3, 4);
        using var b = NDArray<float>.Zeros(5);
        var e = Assert.Throws<ArgumentException>(() => NDArray.Add(a, b).Dispose());
        Assert.That(e!.Message, Does.Contain("(3, 4)").And.Contain("(5,)"));
    }

    [Test]
    public void WrongDestinationShapeReadOnlyDestinationAndDisposedOperands()
    {
        using var a = NDArray<float>.Zeros(3, 4);
        using var wrong = NDArray<float>.Zeros(4, 3);
        var e = Assert.Throws<ArgumentException>(() => NDArray.Add(a, a, wrong));
        Assert.That(e!.Message, Does.Contain("(4, 3)").And.Contain("(3, 4)"));
        using var row = NDArray<float>.Zeros(4);
        using var broadcast = row.BroadcastTo(3, 4);
        Assert.Throws<InvalidOperationException>(() => NDArray.Add(a, a, broadcast));
        Assert.Throws<InvalidOperationException>(() => broadcast.AddInPlace(1f));
        var gone = NDArray<float>.Zeros(3, 4);
        gone.Dispose();
        Assert.Throws<ObjectDisposedException>(() => NDArray.Add(a, gone).Dispose());
        Assert.Throws<ObjectDisposedException>(() => gone.Sum());
        Assert.Throws<ObjectDisposedException>(() => a.AddInPlace(gone));
    }

    [Test]
    public void ShiftedSelfOverlapEqualsCopyFirst()
    {
        using var a = Range(10, 10);
        long before = AllocationTracker.Snapshot().CopiesOf("Add(overlap temporary)");
        using var tail = a[1..];
        using var head = a[..^1];
        tail.AddInPlace(head); // a[1:] += a[:-1]
        var expected = new float[10];
        for (int i = 0; i < 10; i++) expected[i] = i == 0 ? 0 : i + (i - 1);
        Assert.That(a.ToArray(), Is.EqualTo(expected));
        Assert.That(AllocationTracker.Snapshot().CopiesOf("Add(overlap temporary)") - before, Is.EqualTo(1));
    }

    [Test]
    public void TransposedAndReversedSelfOverlapEqualsCopyFirst()
    {
        foreach (var w in KernelHarness.Widths)
        {
            using var _ = KernelHarness.Width(w);
            using var a = Random(1, 70, 70);
            var before = a.ToArray();
            using var t = a.T;
            a.AddInPlace(t);
            var got = a.ToArray();
            for (int i = 0; i < 70; i++)
            for (int j = 0; j < 70; j++)
                Assert.That(got[i * 70 + j], Is.EqualTo(before[i * 70 + j] + before[j * 70 + i]), $"width {w} [{i}, {j}]");

            using var b = Random(2, 1000);
            var bb = b.ToArray();
            using var flipped = b.Flip();
            NDArray.Subtract(b, flipped, b);
            var gb = b.ToArray();
            for (int i = 0; i < 1000; i++) Assert.That(gb[i], Is.EqualTo(bb[i] - bb[999 - i]));
        }
    }

    [Test]
    public void IdenticalAndDisjointViewsNeedNoTemporary()
    {
        using var a = Range(100, 100);
        long before = AllocationTracker.Snapshot().TotalCopies;
        a.MultiplyInPlace(a);
        using var even = a[SliceIndex.Slice(0, null, 2)];
        using var odd = a[SliceIndex.Slice(1, null, 2)];
        even.AddInPlace(odd); // interleaved: extents meet, elements do not
        Assert.That(AllocationTracker.Snapshot().TotalCopies - before, Is.EqualTo(0));
        Assert.That(a.Get(4), Is.EqualTo(16f + 25f));
    }

    [Test]
    public void ReductionsWithAxesAndKeepDims()
    {
        using var a = Range(24, 2, 3, 4);
        Assert.That(a.Sum(), Is.EqualTo(276f));
        using var s1 = a.Sum(1);
        Assert.That(s1.Shape.ToArray(), Is.EqualTo(new nint[] { 2, 4 }));
        Assert.That(s1.ToArray(), Is.EqualTo(new float[] { 12, 15, 18, 21, 48, 51, 54, 57 }));
        using var s02 = a.Sum([0, -1], keepDims: true);
        Assert.That(s02.Shape.ToArray(), Is.EqualTo(new nint[] { 1, 3, 1 }));
        Assert.That(s02.ToArray(), Is.EqualTo(new float[] { 60, 92, 124 }));
        Assert.That(a.Max(), Is.EqualTo(23f));
        Assert.That(a.Min(), Is.EqualTo(0f));
        Assert.That(a.Mean(), Is.EqualTo(11.5f));
        using var mean = a.Mean(2);
        Assert.That(mean.Get(1, 2), Is.EqualTo(21.5f));
        Assert.That(a.Var(), Is.EqualTo(47.916668f).Within(1e-4f));
        Assert.That(a.Std(ddof: 1), Is.EqualTo(MathF.Sqrt(50f)).Within(1e-4f));
        using var v = a.Var(2, ddof: 1);
        Assert.That(v.Get(0, 0), Is.EqualTo(5f / 3f).Within(1e-5f));
        Assert.That(a.ArgMax(), Is.EqualTo(23));
        using var am = a.ArgMin(1);
        Assert.That(am.ToArray(), Is.All.EqualTo(0L));
        using var cs = a.CumSum(2);
        Assert.That(cs.Get(1, 2, 3), Is.EqualTo(20f + 21 + 22 + 23));
        using var cs0 = a.CumSum(0);
        Assert.That(cs0.Get(1, 2, 3), Is.EqualTo(11f + 23));
        using var at = a.T;
        using var flat = at.CumSum();
        Assert.That(flat.Shape.ToArray(), Is.EqualTo(new nint[] { 24 }));
        Assert.That(flat.Get(1), Is.EqualTo(12f));
        Assert.That(a.CountNonZero(), Is.EqualTo(23));
        using var mask = NDArray.Less(a, 3f);
        Assert.That(mask.Any(), Is.True);
        Assert.That(mask.All(), Is.False);
        Assert.That(mask.CountNonZero(), Is.EqualTo(3));
        Assert.That(a.Prod(), Is.EqualTo(0f));
    }

    [Test]
    public void ReductionErrors()
    {
        using var empty = NDArray<float>.Zeros(0, 3);
        Assert.That(empty.Sum(), Is.EqualTo(0f));
        Assert.Throws<ArgumentException>(() => empty.Max());
        Assert.Throws<ArgumentException>(() => empty.Min(0).Dispose());
        using var ok = empty.Min(1);
        Assert.That(ok.Shape.ToArray(), Is.EqualTo(new nint[] { 0 }));
        Assert.Throws<ArgumentException>(() => empty.ArgMax());
        using var a = NDArray<float>.Zeros(2, 3);
        Assert.Throws<ArgumentException>(() => a.Sum([0, 0]).Dispose());
        Assert.Throws<ArgumentOutOfRangeException>(() => a.Sum(2).Dispose());
    }

    [Test]
    public void ArgMinAndArgMaxPickTheFirstNaN()
    {
        using var a = NDArray<double>.FromArray([3, float.NaN, 1, double.NaN, 7]);
        Assert.That(a.ArgMax(), Is.EqualTo(1));
        Assert.That(a.ArgMin(), Is.EqualTo(1));
        Assert.That(double.IsNaN(a.Max()), Is.True);
    }

    [Test]
    public void IntegerTypesAndComparisons()
    {
        using var a = NDArray<int>.FromArray([1, 2, 3, 4, 5, 6], 2, 3);
        using var tripled = a * 3;
        using var b = tripled + 1;
        Assert.That(b.ToArray(), Is.EqualTo(new[] { 4, 7, 10, 13, 16, 19 }));
        using var shifted = NDArray.LeftShift(a, 2);
        Assert.That(shifted.Get(1, 2), Is.EqualTo(24));
        using var at = a.T;
        using var att = at.T;
        using var eq = NDArray.Equal(a, att);
        Assert.That(eq.All(), Is.True);
        using (var columns = a.Sum(0)) Assert.That(columns.ToArray(), Is.EqualTo(new[] { 5, 7, 9 }));
        using var p = NDArray.Power(a, 2);
        Assert.That(p.Get(1, 2), Is.EqualTo(36));
    }

    [Test]
    public void ZeroDimensionalAndEmptyArrays()
    {
        using var s = NDArray<float>.Scalar(3f);
        using var r = s * 2f;
        Assert.That(r.Rank, Is.EqualTo(0));
        Assert.That(r.Item(), Is.EqualTo(6f));
        using var e = NDArray<float>.Zeros(0, 4);
        using var row = NDArray<float>.Zeros(4);
        using var sum = e + row;
        Assert.That(sum.Shape.ToArray(), Is.EqualTo(new nint[] { 0, 4 }));
    }

    [Test]
    public void BroadcastInputWithStridedLengthOneAxisIsAScalar()
    {
        // Shape (2, 1, 3), strides (0, 1, 0): every element is the same one; the length-1 axis's stride is irrelevant.
        using var b = Range(1080, 6, 6, 6, 5);
        using var v = b.AsStrided([2, 1, 3], [0, 1, 0], 844, writable: false);
        using var w = b.AsStrided([2, 1, 3], [0, 7, 0], 845, writable: false);
        using var sum = v + w;
        Assert.That(sum.ToArray(), Is.All.EqualTo(844f + 845f));
        using var copy = v.Copy();
        Assert.That(copy.ToArray(), Is.All.EqualTo(844f));
    }

    [Test]
    public void ScalarOperandsKeepTheirSide()
    {
        using var x = NDArray<double>.FromArray([1, 2, 4]);
        using var sub = NDArray.Subtract(10.0, x);
        using var div = NDArray.Divide(8.0, x);
        using var pow = NDArray.Power(2.0, x);
        using var atan = NDArray.Atan2(1.0, x);
        using var less = NDArray.Less(1.5, x);
        using var rem = NDArray.Remainder(x, 3.0);
        Assert.That(sub.ToArray(), Is.EqualTo(new[] { 9.0, 8, 6 }));
        Assert.That(div.ToArray(), Is.EqualTo(new[] { 8.0, 4, 2 }));
        Assert.That(pow.ToArray(), Is.EqualTo(new[] { 2.0, 4, 16 }));
        Assert.That(atan.ToArray(), Is.EqualTo(new[] { Math.Atan2(1, 1), Math.Atan2(1, 2), Math.Atan2(1, 4) }));
        Assert.That(less.ToArray(), Is.EqualTo(new[] { false, true, true }));
        Assert.That(rem.ToArray(), Is.EqualTo(new[] { 1.0, 2, 1 }));
        using var dest = NDArray<double>.Zeros(3);
        NDArray.Subtract(10.0, x, dest);
        Assert.That(dest.ToArray(), Is.EqualTo(new[] { 9.0, 8, 6 }));
        using var span = NDArray<double>.Zeros(3);
        NDArray.Subtract(x.AsReadOnlyNDSpan(), 1.0, span.AsNDSpan());
        Assert.That(span.ToArray(), Is.EqualTo(new[] { 0.0, 1, 3 }));
    }

    [Test]
    public void EveryFormGivesTheSameResult()
    {
        using var x = Random(3, 4, 5);
        using var y = Random(4, 5);
        using var allocated = NDArray.Hypot(x, y);
        using var into = NDArray<float>.Zeros(4, 5);
        NDArray.Hypot(x, y, into);
        using var inPlace = x.Copy();
        inPlace.HypotInPlace(y);
        using var spanned = NDArray<float>.Zeros(4, 5);
        NDArray.Hypot(x.AsReadOnlyNDSpan(), y.AsReadOnlyNDSpan(), spanned.AsNDSpan());
        using var spanInPlace = x.Copy();
        spanInPlace.AsNDSpan().HypotInPlace(y.AsReadOnlyNDSpan());
        foreach (var other in new[] { into, inPlace, spanned, spanInPlace })
            Assert.That(other.ToArray(), Is.EqualTo(allocated.ToArray()));
        using var abs = NDArray.Abs(x);
        using var log = NDArray.Log(abs);
        using var logInto = NDArray<float>.Zeros(4, 5);
        NDArray.Log(abs.AsReadOnlyNDSpan(), logInto.AsNDSpan());
        Assert.That(logInto.ToArray(), Is.EqualTo(log.ToArray()));
    }
}
