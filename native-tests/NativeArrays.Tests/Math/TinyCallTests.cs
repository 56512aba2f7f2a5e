using NativeArrays.Tests.Kernels;

namespace NativeArrays.Tests.MathForms;

/// <summary>
/// The one-vector path of the into-destination and span forms (a flat call of at most one vector runs the row kernel's
/// vector code inline) and the tails of the row kernel: every length 0..70 on every SIMD width, against a scalar
/// reference (exact operations) and against the same values computed inside a longer row (the vector code of a full
/// vector: results do not depend on where an element sits), with scalars, in place, into bool destinations, ternary forms
/// (MultiplyAdd, Clip, Where), 0-d, and the
/// refusals (a disposed operand, a read-only destination) leaving the destination untouched.
/// </summary>
[TestFixture]
public class TinyCallTests
{
    private const int MaxLength = 70;

    private static IDisposable Use(SimdWidth width) =>
        NativeArraysSettings.Override(NativeArraysSettings.Current with { SimdWidth = width, MaxDegreeOfParallelism = 1 });

    private static float[] Values(Random random, int n)
    {
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float)(random.NextDouble() * 8 - 4);
        return v;
    }

    private static bool Same(float a, float b) => BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b);

    [Test]
    public void EveryLengthOnEveryWidthMatchesTheScalarReference()
    {
        var random = new Random(12);
        foreach (var width in KernelHarness.Widths)
        {
            using var _ = Use(width);
            for (int n = 0; n <= MaxLength; n++)
            {
                float[] xv = Values(random, n), yv = Values(random, n);
                using var x = NDArray<float>.FromArray(xv, n);
                using var y = NDArray<float>.FromArray(yv, n);
                using var d = NDArray<float>.Full(99f, n);
                using var m = NDArray<bool>.Zeros(n);
                string at = $"{width} n={n}";

                NDArray.Add(x, y, d);
                float[] dv = d.ToArray();
                for (int i = 0; i < n; i++) Assert.That(Same(dv[i], xv[i] + yv[i]), $"Add {at} at {i}");

                NDArray.Multiply(x, 3f, d);
                dv = d.ToArray();
                for (int i = 0; i < n; i++) Assert.That(Same(dv[i], xv[i] * 3f), $"Multiply by a scalar {at} at {i}");

                NDArray.Subtract(2f, y, d);
                dv = d.ToArray();
                for (int i = 0; i < n; i++) Assert.That(Same(dv[i], 2f - yv[i]), $"scalar Subtract {at} at {i}");

                NDArray.Sqrt(NDArray.Abs(x, d), d);
                dv = d.ToArray();
                for (int i = 0; i < n; i++) Assert.That(Same(dv[i], MathF.Sqrt(MathF.Abs(xv[i]))), $"Sqrt in place {at} at {i}");

                NDArray.Less(x, y, m);
                bool[] mv = m.ToArray();
                for (int i = 0; i < n; i++) Assert.That(mv[i], Is.EqualTo(xv[i] < yv[i]), $"Less {at} at {i}");

                NDArray.Add(x.AsReadOnlyNDSpan(), y.AsReadOnlyNDSpan(), d.AsNDSpan());
                dv = d.ToArray();
                for (int i = 0; i < n; i++) Assert.That(Same(dv[i], xv[i] + yv[i]), $"Add over spans {at} at {i}");

                // Ternary forms: three arrays, scalars, a bool condition (Where, which reads it as a lane mask).
                float[] zv = Values(random, n);
                using var z = NDArray<float>.FromArray(zv, n);
                NDArray.MultiplyAdd(x, y, z, d);
                dv = d.ToArray();
                for (int i = 0; i < n; i++) Assert.That(Same(dv[i], MathF.FusedMultiplyAdd(xv[i], yv[i], zv[i])), $"MultiplyAdd {at} at {i}");
                NDArray.Clip(x, -1f, 1.5f, d);
                dv = d.ToArray();
                for (int i = 0; i < n; i++) Assert.That(Same(dv[i], Math.Clamp(xv[i], -1f, 1.5f)), $"Clip by scalars {at} at {i}");
                NDArray.Less(x, y, m);
                NDArray.Where(m, x, 7f, d);
                dv = d.ToArray();
                for (int i = 0; i < n; i++) Assert.That(Same(dv[i], xv[i] < yv[i] ? xv[i] : 7f), $"Where {at} at {i}");
                NDArray.MultiplyAdd(x.AsReadOnlyNDSpan(), y.AsReadOnlyNDSpan(), z.AsReadOnlyNDSpan(), d.AsNDSpan());
                dv = d.ToArray();
                for (int i = 0; i < n; i++) Assert.That(Same(dv[i], MathF.FusedMultiplyAdd(xv[i], yv[i], zv[i])), $"MultiplyAdd over spans {at} at {i}");
                NDArray.MultiplyAdd(x, y, z, z);
                float[] zi = z.ToArray();
                for (int i = 0; i < n; i++) Assert.That(Same(zi[i], MathF.FusedMultiplyAdd(xv[i], yv[i], zv[i])), $"MultiplyAdd in place {at} at {i}");

                // In place: the destination is an input (the identical view).
                NDArray.Add(x, y, x);
                float[] xi = x.ToArray();
                for (int i = 0; i < n; i++) Assert.That(Same(xi[i], xv[i] + yv[i]), $"Add in place {at} at {i}");
            }
        }
    }

    [Test]
    public void AllocatingFormsTakeTheStraightPathWithTheIntoFormsBits()
    {
        // The allocating unary and binary forms run the into form's straight path on their new C-contiguous result when
        // the inputs are C-contiguous of its shape (or scalars), and the driver otherwise (broadcast, strided inputs).
        var random = new Random(14);
        foreach (var width in KernelHarness.Widths)
        {
            using var _ = Use(width);
            for (int n = 0; n <= MaxLength; n++)
            {
                float[] xv = Values(random, n), yv = Values(random, n);
                using var x = NDArray<float>.FromArray(xv, n);
                using var y = NDArray<float>.FromArray(yv, n);
                using var d = NDArray<float>.Zeros(n);
                string at = $"{width} n={n}";

                using (var r = NDArray.Add(x, y))
                {
                    NDArray.Add(x, y, d);
                    Assert.That(r.ToArray(), Is.EqualTo(d.ToArray()), $"Add {at}");
                    for (int i = 0; i < n; i++) Assert.That(Same(r.ToArray()[i], xv[i] + yv[i]), $"Add {at} at {i}");
                }
                using (var r = NDArray.Subtract(2f, y))
                    for (int i = 0; i < n; i++) Assert.That(Same(r.ToArray()[i], 2f - yv[i]), $"scalar Subtract {at} at {i}");
                using (var r = NDArray.Exp(x))
                {
                    NDArray.Exp(x, d);
                    Assert.That(r.ToArray(), Is.EqualTo(d.ToArray()), $"Exp {at}");
                }
                using (var r = NDArray.Less(x, y))
                    for (int i = 0; i < n; i++) Assert.That(r.ToArray()[i], Is.EqualTo(xv[i] < yv[i]), $"Less {at} at {i}");
                // Not the straight path: a strided input, and a broadcast one.
                if (n >= 2)
                {
                    using var strided = x[SliceIndex.Slice(step: 2)];
                    using var magnitude = NDArray.Abs(strided);
                    using var r = NDArray.Sqrt(magnitude);
                    float[] rv = r.ToArray();
                    for (int i = 0; i < rv.Length; i++) Assert.That(Same(rv[i], MathF.Sqrt(MathF.Abs(xv[2 * i]))), $"strided Sqrt {at} at {i}");
                    using var column = NDArray<float>.FromArray(yv[..2], 2, 1);
                    using var sum = NDArray.Add(x, column);
                    Assert.That(sum.Shape.ToArray(), Is.EqualTo(new nint[] { 2, n }));
                    float[] sv = sum.ToArray();
                    for (int i = 0; i < 2 * n; i++) Assert.That(Same(sv[i], xv[i % n] + yv[i / n]), $"broadcast Add {at} at {i}");
                }
            }
        }
    }

    [Test]
    public void ElementsGetTheSameValuesAsInsideALongerRow()
    {
        // Exp is not a correctly rounded operation: the values of a short call must still be the vector code's, as
        // for the same element inside a longer row on the same width (the lanes are independent).
        var random = new Random(13);
        foreach (var width in KernelHarness.Widths)
        {
            using var _ = Use(width);
            float[] longValues = Values(random, MaxLength + 64);
            using var whole = NDArray<float>.FromArray(longValues, longValues.Length);
            using var wholeExp = NDArray.Exp(whole);
            using var wholeSqrtDiff = NDArray.Subtract(whole, 0.25f);
            float[] we = wholeExp.ToArray(), ws = wholeSqrtDiff.ToArray();
            for (int n = 0; n <= MaxLength; n++)
            {
                using var x = NDArray<float>.FromArray(longValues[..n], n);
                using var d = NDArray<float>.Zeros(n);
                NDArray.Exp(x, d);
                float[] dv = d.ToArray();
                for (int i = 0; i < n; i++) Assert.That(Same(dv[i], we[i]), $"Exp {width} n={n} at {i}");
                NDArray.Exp(x.AsReadOnlyNDSpan(), d.AsNDSpan());
                dv = d.ToArray();
                for (int i = 0; i < n; i++) Assert.That(Same(dv[i], we[i]), $"Exp over spans {width} n={n} at {i}");
                NDArray.Subtract(x, 0.25f, d);
                dv = d.ToArray();
                for (int i = 0; i < n; i++) Assert.That(Same(dv[i], ws[i]), $"Subtract {width} n={n} at {i}");
            }
        }
    }

    [Test]
    public void OtherElementTypesAndZeroD()
    {
        foreach (var width in KernelHarness.Widths)
        {
            using var _ = Use(width);
            for (int n = 0; n <= MaxLength; n++)
            {
                double[] xd = Enumerable.Range(0, n).Select(i => i * 0.5 - 3).ToArray();
                using var x = NDArray<double>.FromArray(xd, n);
                using var d = NDArray<double>.Zeros(n);
                NDArray.Multiply(x, x, d);
                double[] dv = d.ToArray();
                for (int i = 0; i < n; i++) Assert.That(dv[i], Is.EqualTo(xd[i] * xd[i]), $"double {width} n={n} at {i}");

                byte[] xb = Enumerable.Range(0, n).Select(i => (byte)(i * 7)).ToArray();
                using var b = NDArray<byte>.FromArray(xb, n);
                using var e = NDArray<byte>.Zeros(n);
                NDArray.Add(b, (byte)200, e);
                byte[] ev = e.ToArray();
                for (int i = 0; i < n; i++) Assert.That(ev[i], Is.EqualTo((byte)(xb[i] + 200)), $"byte {width} n={n} at {i}");
            }
            using var s = NDArray<float>.Scalar(2.5f);
            using var t = NDArray<float>.Scalar(4f);
            using var u = NDArray<float>.Scalar(0f);
            NDArray.Multiply(s, t, u);
            Assert.That(u.ToArray(), Is.EqualTo(new[] { 10f }), $"0-d {width}");
            NDArray.Sqrt(t, u);
            Assert.That(u.ToArray(), Is.EqualTo(new[] { 2f }), $"0-d Sqrt {width}");
        }
    }

    [Test]
    public void RefusalsLeaveTheDestinationUntouched()
    {
        foreach (var width in KernelHarness.Widths)
        {
            using var _ = Use(width);
            foreach (int n in new[] { 1, 3, 16, 17 })
            {
                using var x = NDArray<float>.Full(1f, n);
                using var d = NDArray<float>.Full(7f, n);
                var gone = NDArray<float>.Full(2f, n);
                gone.Dispose();
                Assert.Throws<ObjectDisposedException>(() => NDArray.Add(x, gone, d));
                Assert.Throws<ObjectDisposedException>(() => NDArray.Add(gone, x, d));
                Assert.Throws<ObjectDisposedException>(() => NDArray.Sqrt(gone, d));
                Assert.Throws<ObjectDisposedException>(() => NDArray.Add(x, x, gone));
                Assert.Throws<ObjectDisposedException>(() => NDArray.MultiplyAdd(x, gone, x, d));
                Assert.Throws<ObjectDisposedException>(() => NDArray.MultiplyAdd(x, x, gone, d));
                Assert.Throws<ObjectDisposedException>(() => NDArray.MultiplyAdd(x, x, x, gone));
                Assert.Throws<ObjectDisposedException>(() => NDArray.MultiplyAdd(gone, 2f, 3f));
                Assert.That(d.ToArray(), Is.All.EqualTo(7f), $"{width} n={n}");

                using var row = NDArray<float>.Full(5f, 1);
                using var readOnly = row.BroadcastTo(n);
                Assert.That(readOnly.IsReadOnly, Is.True);
                Assert.Throws<InvalidOperationException>(() => NDArray.Add(x, x, readOnly));
                Assert.Throws<InvalidOperationException>(() => NDArray.Sqrt(x, readOnly));
                Assert.Throws<InvalidOperationException>(() => NDArray.MultiplyAdd(x, x, x, readOnly));
                Assert.That(row.ToArray(), Is.All.EqualTo(5f), $"read-only {width} n={n}");
            }
        }
    }
}
