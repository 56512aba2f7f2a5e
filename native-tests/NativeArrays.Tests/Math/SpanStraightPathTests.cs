using NativeArrays.Tests.Kernels;
using static NativeArrays.SliceIndex;

namespace NativeArrays.Tests.MathForms;

/// <summary>
/// The span (NDSpan) forms of binary and unary operations take the class forms' straight path when every view is
/// C-contiguous with the destination's shape, and the driver otherwise (a partial overlap, a strided or broadcast view):
/// results are bit-identical to a plain scalar reference and to the class forms, on every SIMD width, with 1 and 2
/// threads (a parallel threshold low enough that 2 threads split the longer calls), for empty, 1-element and odd lengths.
/// </summary>
[TestFixture]
public class SpanStraightPathTests
{
    private static readonly int[] s_lengths = [0, 1, 2, 3, 7, 15, 16, 17, 31, 33, 100, 1000, 4099];

    private static IEnumerable<(SimdWidth Width, int Threads)> Settings() =>
        KernelHarness.Widths.SelectMany(w => new[] { (w, 1), (w, 2) });

    private static IDisposable Use(SimdWidth width, int threads) =>
        NativeArraysSettings.Override(NativeArraysSettings.Current with
        {
            SimdWidth = width, MaxDegreeOfParallelism = threads, ParallelThreshold = threads > 1 ? 512 : 1L << 40,
        });

    /// <summary>A new C-contiguous array of uniform values in [-4, 4) (also used by <c>SmallViewStateTests</c>).</summary>
    internal static NDArray<float> Random(Random random, params nint[] shape)
    {
        var a = NDArray<float>.Empty(shape);
        var s = a.AsSpan();
        for (int i = 0; i < s.Length; i++) s[i] = (float)(random.NextDouble() * 8 - 4);
        return a;
    }

    private static bool Same(float a, float b) => BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b);

    [Test]
    public void ContiguousViewsMatchTheReferenceAndTheClassForms()
    {
        var random = new Random(31);
        foreach (var (width, threads) in Settings())
        {
            using var _ = Use(width, threads);
            foreach (int n in s_lengths)
            {
                using var x = Random(random, n);
                using var y = Random(random, n);
                using var d = NDArray<float>.Zeros(n);
                using var e = NDArray<float>.Zeros(n);
                NDArray.Add(x.AsReadOnlyNDSpan(), y.AsReadOnlyNDSpan(), d.AsNDSpan());
                NDArray.Add(x, y, e);
                float[] xv = x.ToArray(), yv = y.ToArray(), dv = d.ToArray(), ev = e.ToArray();
                for (int i = 0; i < n; i++)
                    Assert.That(Same(dv[i], xv[i] + yv[i]) && Same(dv[i], ev[i]), $"Add {width} t={threads} n={n} at {i}");
                NDArray.Exp(x.AsReadOnlyNDSpan(), d.AsNDSpan());
                NDArray.Exp(x, e);
                dv = d.ToArray(); ev = e.ToArray();
                for (int i = 0; i < n; i++)
                    Assert.That(Same(dv[i], ev[i]), $"Exp {width} t={threads} n={n} at {i}");
                NDArray.Negate(x.AsReadOnlyNDSpan(), d.AsNDSpan());
                dv = d.ToArray();
                for (int i = 0; i < n; i++)
                    Assert.That(Same(dv[i], -xv[i]), $"Negate {width} t={threads} n={n} at {i}");
            }
        }
    }

    [Test]
    public void InPlaceAndOverlappingViewsReadTheInputsFirst()
    {
        var random = new Random(32);
        foreach (var (width, threads) in Settings())
        {
            using var _ = Use(width, threads);
            foreach (int n in s_lengths.Where(n => n >= 2))
            {
                using var x = Random(random, n);
                using var y = Random(random, n);
                float[] xs = x.ToArray(), ys = y.ToArray();
                // In place: the destination is x itself (the straight path).
                NDArray.Add(x.AsReadOnlyNDSpan(), y.AsReadOnlyNDSpan(), x.AsNDSpan());
                float[] xa = x.ToArray();
                for (int i = 0; i < n; i++) Assert.That(Same(xa[i], xs[i] + ys[i]), $"in place {width} t={threads} n={n} at {i}");

                // Partial overlap: the destination is y shifted by one element (the driver stages the input).
                using var head = y.Slice(Slice(0, n - 1));
                using var tail = y.Slice(Slice(1, n));
                using var xh = x.Slice(Slice(0, n - 1));
                float[] xs2 = x.ToArray();
                NDArray.Add(xh.AsReadOnlyNDSpan(), head.AsReadOnlyNDSpan(), tail.AsNDSpan());
                float[] ya = y.ToArray();
                for (int i = 0; i < n - 1; i++)
                    Assert.That(Same(ya[i + 1], xs2[i] + ys[i]), $"overlap {width} t={threads} n={n} at {i}");
                using var u = Random(random, n);
                float[] us = u.ToArray();
                using var uh = u.Slice(Slice(0, n - 1));
                using var ut = u.Slice(Slice(1, n));
                NDArray.Negate(uh.AsReadOnlyNDSpan(), ut.AsNDSpan());
                float[] ua = u.ToArray();
                for (int i = 0; i < n - 1; i++)
                    Assert.That(Same(ua[i + 1], -us[i]), $"unary overlap {width} t={threads} n={n} at {i}");
            }
        }
    }

    [Test]
    public void StridedAndBroadcastViewsTakeTheDriver()
    {
        var random = new Random(33);
        foreach (var (width, threads) in Settings())
        {
            using var _ = Use(width, threads);
            foreach (int n in new[] { 1, 3, 17, 64, 257 })
            {
                using var x = Random(random, 2 * n);
                using var y = Random(random, n);
                using var s = Random(random, 1);
                using var d = NDArray<float>.Zeros(n);
                using var stepped = x.Slice(Slice(step: 2));
                float[] xv = x.ToArray(), yv = y.ToArray(), sv = s.ToArray();
                NDArray.Add(stepped.AsReadOnlyNDSpan(), y.AsReadOnlyNDSpan(), d.AsNDSpan());
                float[] dv = d.ToArray();
                for (int i = 0; i < n; i++) Assert.That(Same(dv[i], xv[2 * i] + yv[i]), $"strided {width} t={threads} n={n} at {i}");
                NDArray.Add(y.AsReadOnlyNDSpan(), s.AsReadOnlyNDSpan(), d.AsNDSpan());
                dv = d.ToArray();
                for (int i = 0; i < n; i++) Assert.That(Same(dv[i], yv[i] + sv[0]), $"broadcast {width} t={threads} n={n} at {i}");
                NDArray.Exp(s.AsReadOnlyNDSpan(), d.AsNDSpan());
                dv = d.ToArray();
                using var one = NDArray<float>.Zeros(1);
                NDArray.Exp(s, one);
                float expected = one.ToArray()[0];
                for (int i = 0; i < n; i++) Assert.That(Same(dv[i], expected), $"unary broadcast {width} t={threads} n={n} at {i}");
                using var m = Random(random, 3, n);
                using var t = Random(random, n, 3);
                using var tt = t.Transpose();
                using var md = NDArray<float>.Zeros(3, n);
                NDArray.Add(m.AsReadOnlyNDSpan(), tt.AsReadOnlyNDSpan(), md.AsNDSpan());
                float[] mv = m.ToArray(), tv = t.ToArray(), mdv = md.ToArray();
                for (int r = 0; r < 3; r++)
                for (int c = 0; c < n; c++)
                    Assert.That(Same(mdv[r * n + c], mv[r * n + c] + tv[c * 3 + r]), $"transposed {width} t={threads} n={n} at {r},{c}");
            }
        }
    }

    [Test]
    public void AMismatchedDestinationIsStillRefused()
    {
        using var x = NDArray<float>.Zeros(4);
        using var y = NDArray<float>.Zeros(4);
        using var d = NDArray<float>.Zeros(5);
        bool refused = false;
        try { NDArray.Add(x.AsReadOnlyNDSpan(), y.AsReadOnlyNDSpan(), d.AsNDSpan()); }
        catch (ArgumentException) { refused = true; }
        Assert.That(refused, Is.True);
        refused = false;
        try { NDArray.Exp(x.AsReadOnlyNDSpan(), d.AsNDSpan()); }
        catch (ArgumentException) { refused = true; }
        Assert.That(refused, Is.True, "x of shape (4) does not broadcast to (5)");
    }
}
