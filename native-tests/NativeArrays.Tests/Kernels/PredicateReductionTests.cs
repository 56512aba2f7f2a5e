using System.Numerics;
using NativeArrays.Kernels;

namespace NativeArrays.Tests.Kernels;

/// <summary>
/// All / Any / CountNonZero on the vector rows of the reduction driver (issue 12): every width, layout, odd length and
/// subset of axes against a plain scalar reference, with NaN, -0.0 and the extreme values of each type.
/// </summary>
[TestFixtureSource(typeof(ElementTypes), nameof(ElementTypes.Numeric))]
public unsafe class PredicateReductionTests<T> where T : unmanaged, INumber<T>, IMinMaxValue<T>
{
    private Random _random = null!;
    [SetUp] public void Seed() => _random = new Random(17);

    private static readonly nint[][] Shapes = [[7, 37], [3, 5, 17], [2, 130], [1], [0, 5], [5, 0], [], [4, 1, 70], [1000], [65]];
    private static readonly Layout[] Layouts = [Layout.Contiguous, Layout.Transposed, Layout.Step, Layout.Negative, Layout.BroadcastOuter, Layout.BroadcastInner];

    private static bool IsFloat => typeof(T) == typeof(float) || typeof(T) == typeof(double);

    /// <summary>A value that is non-zero with probability <paramref name="nonZero"/> (1 in 50 ... 49 in 50), specials included.</summary>
    private T Value(double nonZero)
    {
        if (_random.NextDouble() >= nonZero) return IsFloat && _random.Next(2) == 0 ? -T.Zero : T.Zero;
        return _random.Next(6) switch
        {
            0 => T.MinValue,
            1 => T.MaxValue,
            2 when IsFloat => T.CreateTruncating(double.NaN),
            3 when IsFloat => Subnormal, // the type's smallest subnormal
            _ => T.One,
        };
    }

    /// <summary>The type's smallest positive subnormal (float or double).</summary>
    private static T Subnormal => typeof(T) == typeof(float) ? T.CreateTruncating(float.Epsilon) : T.CreateTruncating(double.Epsilon);

    /// <summary>
    /// Whole rows of zeros (floats: +0.0 and -0.0 mixed) with at most one non-zero element, at every position of
    /// rows long enough for the unrolled vector loop, on every width: Any reads the row without an early decision, and
    /// the one element (NaN, a subnormal, the extremes, one) must be found wherever it is.
    /// </summary>
    [Test]
    public void AnyFindsOneNonZeroAmongZeros()
    {
        T[] specials = IsFloat ? [T.CreateTruncating(double.NaN), Subnormal, -Subnormal, T.MinValue, T.MaxValue, T.One] : [T.MinValue, T.MaxValue, T.One];
        specials = specials.Where(v => v != T.Zero).ToArray(); // unsigned MinValue is zero
        foreach (var w in KernelHarness.Widths)
        {
            using var _ = KernelHarness.Width(w);
            foreach (int n in new[] { 1, 63, 64, 65, 127, 128, 129, 255, 256, 257, 300 })
            {
                var values = Enumerable.Range(0, n).Select(_ => IsFloat && _random.Next(2) == 0 ? -T.Zero : T.Zero).ToArray();
                using var a = NDArray<T>.FromArray(values);
                Assert.That(a.Any(), Is.False, $"width {w} n {n}: zeros only");
                for (int i = 0; i < n; i++)
                {
                    T v = specials[_random.Next(specials.Length)];
                    a.AsSpan()[i] = v;
                    Assert.That(a.Any(), Is.True, $"width {w} n {n}: {v} at {i}");
                    a.AsSpan()[i] = values[i];
                }
            }
        }
    }

    [Test] public void Any() => Check<bool, AnyOp<T>>((a, b) => a | b != T.Zero, false, 0.02);
    [Test] public void AnyDense() => Check<bool, AnyOp<T>>((a, b) => a | b != T.Zero, false, 0.5);
    [Test] public void All() => Check<bool, AllOp<T>>((a, b) => a & b != T.Zero, true, 0.98);
    [Test] public void AllAllNonZero() => Check<bool, AllOp<T>>((a, b) => a & b != T.Zero, true, 1.0);
    [Test] public void CountNonZero() => Check<long, CountNonZeroOp<T>>((a, b) => b != T.Zero ? a + 1 : a, 0L, 0.3);

    [Test]
    public void PredicateOperationsHaveVectorRows()
    {
        Assert.That(AnyOp<T>.HasVectorRow && AllOp<T>.HasVectorRow && CountNonZeroOp<T>.HasVectorRow, Is.True);
    }

    private void Check<TAcc, TOp>(Func<TAcc, T, TAcc> step, TAcc identity, double nonZero)
        where TAcc : unmanaged where TOp : IReduceOp<T, TAcc>
    {
        // Every width on one thread; the widest also split over two threads (a small parallel threshold).
        foreach (var (w, parallel) in KernelHarness.Widths.Select(w => (w, 1L << 40)).Append((SimdWidth.W512, 64L)))
        {
            using var _ = NativeArraysSettings.Override(NativeArraysSettings.Current with { SimdWidth = w, ParallelThreshold = parallel, MaxDegreeOfParallelism = 2 });
            foreach (var shape in Shapes)
            foreach (var layout in shape.Length == 2 ? Layouts : shape.Length > 2 ? Layouts.Take(3) : [Layout.Contiguous, Layout.Negative, Layout.Step, Layout.Scalar])
            for (int mask = 0; mask < 1 << shape.Length; mask++)
            {
                var (owner, view) = KernelHarness.Make(layout, shape, () => Value(nonZero));
                using (owner)
                {
                    var outShape = shape.Select((n, d) => (mask & (1 << d)) != 0 ? 1 : n).ToArray();
                    using var output = RawView<TAcc>.Alloc(outShape);
                    Reduction.Reduce<T, TAcc, TOp>(shape, view.OperandFor(shape), new Operand(output.Pointer, output.BroadcastStrides(shape)));
                    var outC = RawView<T>.CStrides(outShape);
                    var want = new TAcc[output.Size];
                    Array.Fill(want, identity);
                    foreach (var idx in RawView<T>.Indices(shape))
                    {
                        nint o = 0;
                        for (int d = 0; d < shape.Length; d++) if ((mask & (1 << d)) == 0) o += idx[d] * outC[d];
                        want[o] = step(want[o], view.At(shape, idx));
                    }
                    int k = 0;
                    foreach (var idx in RawView<T>.Indices(outShape))
                    {
                        TAcc got = output[idx];
                        if (!got.Equals(want[k]))
                            Assert.Fail($"{typeof(TOp).Name} width {w} parallel {parallel} shape ({string.Join(", ", shape)}) {layout} axes mask {mask} at [{string.Join(", ", idx)}]: expected {want[k]} got {got}");
                        k++;
                    }
                }
            }
        }
    }
}

/// <summary>The public All / Any / CountNonZero forms (whole array, axes, bool masks) on the vector rows, against plain loops.</summary>
public class PredicateReductionApiTests
{
    [Test]
    public void BoolMasksAndAxisFormsMatchPlainLoopsOnEveryWidth()
    {
        var r = new Random(5);
        foreach (var w in KernelHarness.Widths)
        {
            using var _ = KernelHarness.Width(w);
            foreach (int n in new[] { 1, 31, 64, 65, 200 })
            {
                var values = Enumerable.Range(0, 3 * n).Select(_ => r.Next(4) == 0 ? 0f : r.Next(2) == 0 ? float.NaN : -1.5f).ToArray();
                using var a = NDArray<float>.FromArray(values, 3, n);
                using var t = a.Transpose();
                using var mask = NDArray.NotEqual(a, 0f);
                Assert.That(a.CountNonZero(), Is.EqualTo(values.Count(v => v != 0)), $"width {w} n {n}");
                Assert.That(mask.CountNonZero(), Is.EqualTo(values.Count(v => v != 0)), $"width {w} n {n} mask");
                Assert.That(a.Any(), Is.EqualTo(values.Any(v => v != 0)));
                Assert.That(a.All(), Is.EqualTo(values.All(v => v != 0)));
                Assert.That(mask.All(), Is.EqualTo(values.All(v => v != 0)));
                using var count0a = t.CountNonZero(0);
                using var any1a = a.Any(1);
                using var all0a = a.All(0);
                long[] count0 = count0a.ToArray();
                bool[] any1 = any1a.ToArray(), all0 = all0a.ToArray();
                for (int j = 0; j < n; j++)
                {
                    var column = Enumerable.Range(0, 3).Select(i => values[i * n + j]).ToArray();
                    Assert.That(all0[j], Is.EqualTo(column.All(v => v != 0)), $"width {w} All(0)[{j}]");
                }
                for (int i = 0; i < 3; i++)
                {
                    var row = values.Skip(i * n).Take(n).ToArray();
                    Assert.That(count0[i], Is.EqualTo(row.Count(v => v != 0)), $"width {w} T.CountNonZero(0)[{i}]");
                    Assert.That(any1[i], Is.EqualTo(row.Any(v => v != 0)), $"width {w} Any(1)[{i}]");
                }
            }
        }
    }

    [Test]
    public void ZeroDimensionalAndEmptyArrays()
    {
        using var one = NDArray<int>.FromArray([7]);
        using var scalar = one.Reshape();
        Assert.That(scalar.All() && scalar.Any() && scalar.CountNonZero() == 1, Is.True);
        using var empty = NDArray<double>.Zeros(0, 4);
        Assert.That(empty.All(), Is.True);
        Assert.That(empty.Any(), Is.False);
        Assert.That(empty.CountNonZero(), Is.EqualTo(0));
        using var all0 = empty.All(0);
        using var count1 = empty.CountNonZero(1);
        Assert.That(all0.ToArray(), Is.EqualTo(new[] { true, true, true, true }));
        Assert.That(count1.Size, Is.EqualTo((nint)0));
    }
}
