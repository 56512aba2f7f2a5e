using System.Numerics;
using NativeArrays.Kernels;

namespace NativeArrays.Tests.Kernels;

/// <summary>
/// Reductions along non-last axes (the kept innermost axis folds a band of input rows per pass, and large work splits a
/// reduced outer axis instead of cutting rows thin): scalar reference, NaN and ±0, every width and several thread
/// counts, results bit-identical across widths (each column is folded in row order whatever the width) and threads.
/// </summary>
[TestFixtureSource(typeof(ElementTypes), nameof(ElementTypes.Numeric))]
public unsafe class AxisReductionKernelTests<T> where T : unmanaged, INumber<T>
{
    private static bool IsFloat => typeof(T) == typeof(float) || typeof(T) == typeof(double);

    /// <summary>Shapes with the axes to reduce (bit mask); the last axis is always kept.</summary>
    private static readonly (nint[] Shape, int Mask)[] Cases =
    [
        ([40, 133], 1),      // 40 rows: bands of 16, 16 and 8; 133 columns: whole vectors and a tail at every width
        ([20, 1100], 1),     // eight-vector column groups for every element size
        ([17, 5], 1),        // fewer columns than one vector
        ([3, 37, 70], 2),    // the middle axis
        ([5, 6, 45], 3),     // two reduced outer axes
        ([37, 4, 19], 1),    // a kept axis between the reduced one and the row
        ([64, 1, 19], 1),
        ([1, 50], 1),
    ];

    private static readonly Layout[] Layouts = [Layout.Contiguous, Layout.Step, Layout.Negative, Layout.Transposed];

    [Test] public void Sum() => Check<SumOp<T>>(static (a, b) => a + b, T.Zero, special: false);
    [Test] public void Max() => Check<MaxOp<T>>(T.Max, MaxOp<T>.Identity, special: true);
    [Test] public void Min() => Check<MinOp<T>>(T.Min, MinOp<T>.Identity, special: true);
    [Test] public void Product() => Check<ProductOp<T>>(static (a, b) => a * b, T.One, special: false);

    [Test]
    public void SplitsForThreadsGiveTheSameBits()
    {
        // A small threshold makes these split: (300, 200) has rows too short to cut (a reduced axis is split for Max,
        // pairwise for Sum), (20, 9000) cuts its rows in halves.
        foreach (var shape in new nint[][] { [300, 200], [20, 9000] })
        {
            var random = new Random(11);
            var (owner, view) = KernelHarness.Make(Layout.Contiguous, shape, () => Value(random, special: true));
            using (owner)
            {
                foreach (var w in KernelHarness.Widths)
                {
                    using var _ = KernelHarness.Width(w);
                    T[]? sum = null, max = null;
                    foreach (int threads in new[] { 1, 2, 3 })
                    {
                        using var __ = NativeArraysSettings.Override(NativeArraysSettings.Current with { MaxDegreeOfParallelism = threads, ParallelThreshold = 1 << 10 });
                        var s = Reduce<SumOp<T>>(shape, view, 1);
                        var m = Reduce<MaxOp<T>>(shape, view, 1);
                        string label = $"width {w} shape ({string.Join(", ", shape)}) {threads} threads";
                        if (sum is null) { sum = s; max = m; }
                        else
                        {
                            Assert.That(Bits(s), Is.EqualTo(Bits(sum)), $"Sum, {label}");
                            Assert.That(Bits(m), Is.EqualTo(Bits(max!)), $"Max, {label}");
                        }
                        AssertNear(shape, view, 1, m, T.Max, MaxOp<T>.Identity, exact: true, label: $"Max, {label}");
                        AssertNear(shape, view, 1, s, static (a, b) => a + b, T.Zero, exact: !IsFloat, label: $"Sum, {label}");
                    }
                }
            }
        }
    }

    private void Check<TOp>(Func<T, T, T> step, T identity, bool special) where TOp : IReduceOp<T, T>
    {
        bool isSum = typeof(TOp) == typeof(SumOp<T>), isProduct = typeof(TOp) == typeof(ProductOp<T>);
        foreach (var (shape, mask) in Cases)
        foreach (var layout in Layouts)
        {
            var random = new Random(7);
            Func<T> values = typeof(TOp) == typeof(ProductOp<T>) && IsFloat
                ? () => T.CreateTruncating(0.9 + random.NextDouble() * 0.2)
                : () => Value(random, special);
            var (owner, view) = KernelHarness.Make(layout, shape, values);
            using (owner)
            {
                T[]? first = null;
                foreach (var w in KernelHarness.Widths)
                {
                    using var _ = KernelHarness.Width(w);
                    var got = Reduce<TOp>(shape, view, mask);
                    string label = $"{typeof(TOp).Name} width {w} shape ({string.Join(", ", shape)}) {layout} mask {mask}";
                    // Exact: integers (wrapping), Max/Min, and float products walked in C order (they fold in memory
                    // order); float sums are pairwise, within a tolerance.
                    bool exact = !IsFloat || !isSum && !isProduct || isProduct && layout == Layout.Contiguous;
                    AssertNear(shape, view, mask, got, step, identity, exact, label);
                    // Columns are lanes: the same rows meet each output in the same order at every width (a transposed
                    // input folds its rows in lanes instead, so its float sum depends on the width).
                    if (!(IsFloat && isSum && layout == Layout.Transposed))
                    {
                        if (first is null) first = got;
                        else Assert.That(Bits(got), Is.EqualTo(Bits(first)), $"{label}: not bit-identical to the scalar width");
                    }
                }
            }
        }
    }

    private static T[] Reduce<TOp>(nint[] shape, RawView<T> view, int mask) where TOp : IReduceOp<T, T>
    {
        var outShape = shape.Select((n, d) => (mask & (1 << d)) != 0 ? 1 : n).ToArray();
        using var output = RawView<T>.Alloc(outShape);
        output.FillBlock(_ => T.CreateTruncating(99)); // the driver must start every output at the identity
        Reduction.Reduce<T, T, TOp>(shape, view.Operand, new Operand(output.Pointer, output.BroadcastStrides(shape)));
        return output.ToArray();
    }

    private static void AssertNear(nint[] shape, RawView<T> view, int mask, T[] got, Func<T, T, T> step, T identity, bool exact, string label)
    {
        var outShape = shape.Select((n, d) => (mask & (1 << d)) != 0 ? 1 : n).ToArray();
        var outC = RawView<T>.CStrides(outShape);
        var want = new T[got.Length];
        var mags = new double[got.Length];
        Array.Fill(want, identity);
        foreach (var idx in RawView<T>.Indices(shape))
        {
            nint o = 0;
            for (int d = 0; d < shape.Length; d++) if ((mask & (1 << d)) == 0) o += idx[d] * outC[d];
            T x = view[idx];
            want[o] = step(want[o], x);
            mags[o] += Math.Abs(double.CreateTruncating(x));
        }
        for (int k = 0; k < got.Length; k++)
        {
            bool ok = exact
                ? KernelHarness.Same(want[k], got[k]) && (!IsFloat || T.IsNegative(want[k]) == T.IsNegative(got[k]) || T.IsNaN(want[k]))
                : KernelHarness.Same(want[k], got[k])
                  || Math.Abs(double.CreateTruncating(want[k]) - double.CreateTruncating(got[k])) <= 1e-5 * Math.Max(mags[k], 1e-30);
            if (!ok) Assert.Fail($"{label}: output {k} expected {want[k]} got {got[k]}");
        }
    }

    /// <summary>Small values; for floats also NaN, -0.0 and +0.0 now and then (Max/Min propagate NaN and order -0 &lt; +0).</summary>
    private static T Value(Random random, bool special)
    {
        if (special && IsFloat)
        {
            int k = random.Next(200);
            if (k == 0) return T.CreateTruncating(double.NaN);
            if (k < 10) return T.CreateTruncating(k < 5 ? -0.0 : 0.0);
        }
        return TestValues.Next<T>(random);
    }

    private static long[] Bits(T[] values) => values.Select(v => v switch
    {
        float f => BitConverter.SingleToInt32Bits(float.IsNaN(f) ? float.NaN : f),
        double d => BitConverter.DoubleToInt64Bits(double.IsNaN(d) ? double.NaN : d),
        _ => long.CreateTruncating(v),
    }).ToArray();
}
