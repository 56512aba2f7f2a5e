using System.Numerics;
using NativeArrays.Kernels;

namespace NativeArrays.Tests.Kernels;

/// <summary>Reductions over every subset of axes, layouts and widths against a scalar reference.</summary>
[TestFixtureSource(typeof(ElementTypes), nameof(ElementTypes.Numeric))]
public unsafe class ReductionKernelTests<T> where T : unmanaged, INumber<T>
{
    private Random _random = null!;
    [SetUp] public void Seed() => _random = new Random(3);

    private static readonly nint[][] Shapes = [[7, 37], [33, 65], [3, 5, 17], [200], [1], [0, 5], [], [4, 1, 300]];
    private static readonly Layout[] Layouts = [Layout.Contiguous, Layout.Transposed, Layout.Step, Layout.Negative];

    private static bool IsFloat => typeof(T) == typeof(float) || typeof(T) == typeof(double);

    [Test] public void Sum() => Check<T, SumOp<T>>((a, b) => a + b, T.Zero, relative: IsFloat ? 1e-5 : 0);
    [Test] public void Min() => Check<T, MinOp<T>>((a, b) => a < b ? a : b, MinOp<T>.Identity, relative: 0);
    [Test] public void Max() => Check<T, MaxOp<T>>((a, b) => a > b ? a : b, MaxOp<T>.Identity, relative: 0);

    [Test]
    public void Product()
    {
        if (IsFloat) Check<T, ProductOp<T>>((a, b) => a * b, T.One, relative: 1e-5, values: () => T.CreateTruncating(0.9 + _random.NextDouble() * 0.2));
        else Check<T, ProductOp<T>>((a, b) => a * b, T.One, relative: 0);
    }

    [Test] public void Any() => Check<bool, AnyOp<T>>((a, b) => a | b != T.Zero, false, relative: 0, values: Sparse);
    [Test] public void All() => Check<bool, AllOp<T>>((a, b) => a & b != T.Zero, true, relative: 0, values: Dense);
    [Test] public void CountNonZero() => Check<long, CountNonZeroOp<T>>((a, b) => b != T.Zero ? a + 1 : a, 0L, relative: 0, values: Sparse);

    /// <summary>
    /// Short rows back to back (<c>Sum(axis: 1)</c> of an (m, 2..9) matrix, whose rows of 2..8 elements fold with vector
    /// lanes as rows): each output has exactly the bits of its own row reduced alone, on every width and thread count,
    /// with row counts below, at and past a vector of rows.
    /// </summary>
    [Test] public void ShortRowsGiveEachRowsOwnBits()
    {
        CheckShortRows<SumOp<T>>();
        CheckShortRows<MaxOp<T>>();
        CheckShortRows<MinOp<T>>();
    }

    private void CheckShortRows<TOp>() where TOp : IReduceOp<T, T>
    {
        foreach (int threads in new[] { 1, 2 })
        foreach (var w in KernelHarness.Widths)
        {
            using var _ = NativeArraysSettings.Override(NativeArraysSettings.Current with { SimdWidth = w, MaxDegreeOfParallelism = threads, ParallelThreshold = 256 });
            foreach (int n in new[] { 2, 3, 4, 5, 7, 8, 9 })
            foreach (int m in new[] { 1, 5, 16, 17, 70 })
            {
                using var x = RawView<T>.Alloc(m, n);
                x.FillBlock(_ => TestValues.Next<T>(_random));
                using var output = RawView<T>.Alloc(m, 1);
                Reduction.Reduce<T, T, TOp>([m, n], x.Operand, new Operand(output.Pointer, output.BroadcastStrides([m, n])));
                for (int r = 0; r < m; r++)
                {
                    T alone;
                    Reduction.Reduce<T, T, TOp>([n], new Operand(x.Pointer + r * n, [1]), new Operand(&alone, [0]));
                    if (!BitwiseEqual(output.Pointer[r], alone))
                        Assert.Fail($"{typeof(TOp).Name} ({m}, {n}) width {w} {threads} threads row {r}: {output.Pointer[r]} against {alone} alone");
                }
            }
        }
    }

    /// <summary>
    /// Reductions along axis 0 of rows 4 KiB apart (the rows of a band folded 8 at a time, not 16: their columns share
    /// an L1 set) and, for contrast, of rows a few elements longer: every column gets every row in order, bit for bit
    /// the sequential fold (Sum with at most 16 rows, which the pairwise split leaves whole; Max and Min with any
    /// count, whole and partial bands), at every width, 1 and 2 threads.
    /// </summary>
    [Test] public void AxisZeroOfRowsFourKiBApartFoldsEveryRowInOrder()
    {
        CheckLines<SumOp<T>>(16, (a, b) => a + b);
        CheckLines<MaxOp<T>>(41, (a, b) => a > b ? a : b);
        CheckLines<MinOp<T>>(41, (a, b) => a < b ? a : b);
    }

    private void CheckLines<TOp>(int maxRows, Func<T, T, T> step) where TOp : IReduceOp<T, T>
    {
        int aliased = 4096 / sizeof(T);
        foreach (int threads in new[] { 1, 2 })
        foreach (var w in KernelHarness.Widths)
        {
            using var _ = NativeArraysSettings.Override(NativeArraysSettings.Current with { SimdWidth = w, MaxDegreeOfParallelism = threads });
            foreach (int n in new[] { aliased, 2 * aliased, aliased + 3 })
            foreach (int m in new[] { 1, 2, 7, 8, 9, 15, 16, 17, 24, 41 }.Where(m => m <= maxRows))
            {
                using var x = RawView<T>.Alloc(m, n);
                x.FillBlock(_ => TestValues.Next<T>(_random));
                using var output = RawView<T>.Alloc(1, n);
                Reduction.Reduce<T, T, TOp>([m, n], x.Operand, new Operand(output.Pointer, output.BroadcastStrides([m, n])));
                for (int j = 0; j < n; j++)
                {
                    T want = TOp.Identity;
                    for (int r = 0; r < m; r++) want = step(want, x.Pointer[r * n + j]);
                    if (!KernelHarness.Same(want, output.Pointer[j]))
                        Assert.Fail($"{typeof(TOp).Name} ({m}, {n}) width {w} {threads} threads column {j}: {output.Pointer[j]} against {want} folded in order");
                }
            }
        }
    }

    private static bool BitwiseEqual(T a, T b) => new ReadOnlySpan<byte>(&a, sizeof(T)).SequenceEqual(new ReadOnlySpan<byte>(&b, sizeof(T)));

    private T Sparse() => _random.Next(50) == 0 ? T.One : T.Zero;
    private T Dense() => _random.Next(50) == 0 ? T.Zero : T.One;

    private void Check<TAcc, TOp>(Func<TAcc, T, TAcc> step, TAcc identity, double relative, Func<T>? values = null)
        where TAcc : unmanaged where TOp : IReduceOp<T, TAcc>
    {
        values ??= () => TestValues.Next<T>(_random);
        bool full = typeof(TOp) == typeof(SumOp<T>);
        bool vectorised = TOp.Vectorizable;
        foreach (var w in vectorised ? KernelHarness.Widths : [SimdWidth.Auto])
        {
            using var _ = KernelHarness.Width(w);
            foreach (var shape in full ? Shapes : Shapes.Where(s => s.Length != 2 || s[0] == 7).Where(s => s.Length < 3 || s[1] != 1))
            foreach (var layout in shape.Length > 1 ? (full ? Layouts : Layouts.Take(2)) : [Layout.Contiguous, Layout.Negative])
            for (int mask = 0; mask < 1 << shape.Length; mask++)
            {
                var (owner, view) = KernelHarness.Make(layout, shape, values);
                using (owner)
                {
                    var outShape = shape.Select((n, d) => (mask & (1 << d)) != 0 ? 1 : n).ToArray();
                    using var output = RawView<TAcc>.Alloc(outShape);
                    var outStrides = output.BroadcastStrides(shape);
                    Reduction.Reduce<T, TAcc, TOp>(shape, view.Operand, new Operand(output.Pointer, outStrides));
                    // Reference: fold in C order per output element.
                    var outC = RawView<T>.CStrides(outShape);
                    var want0 = new TAcc[output.Size];
                    var mags = new double[output.Size];
                    Array.Fill(want0, identity);
                    foreach (var idx in RawView<T>.Indices(shape))
                    {
                        nint o = 0;
                        for (int d = 0; d < shape.Length; d++) if ((mask & (1 << d)) == 0) o += idx[d] * outC[d];
                        T x = view[idx];
                        want0[o] = step(want0[o], x);
                        mags[o] += Math.Abs(double.CreateTruncating(x));
                    }
                    int k = 0;
                    foreach (var idx in RawView<T>.Indices(outShape))
                    {
                        var (want, mag) = (want0[k], mags[k]);
                        k++;
                        TAcc got = output[idx];
                        bool ok = relative == 0
                            ? KernelHarness.Same(want, got)
                            : Math.Abs(ToDouble(want) - ToDouble(got)) <= relative * Math.Max(mag, Math.Abs(ToDouble(want))) + 1e-30;
                        if (!ok)
                            Assert.Fail($"{typeof(TOp).Name} width {w} shape ({string.Join(", ", shape)}) {layout} axes mask {mask} at [{string.Join(", ", idx)}]: expected {want} got {got}");
                    }
                }
            }
        }
    }

    private static double ToDouble<TAcc>(TAcc v) where TAcc : unmanaged => v switch
    {
        float f => f, double d => d, _ => Convert.ToDouble(v),
    };
}

/// <summary>Float sums are pairwise on every axis; results do not depend on the thread count.</summary>
public unsafe class SumAccuracyTests
{
    private const int N = 10_000_000;

    [Test]
    public void Float32SumOfTenMillionTenthsIsAccurateOnEveryLayout()
    {
        using var data = RawView<float>.Alloc(N);
        data.FillBlock(_ => 0.1f);
        double exact = N * (double)0.1f;
        foreach (var w in KernelHarness.Widths)
        {
            using var _ = KernelHarness.Width(w);
            foreach (var (shape, strides) in new (nint[], nint[])[]
            {
                ([N], [1]),                         // contiguous
                ([1000, 10_000], [1, 1000]),        // transposed
                ([N / 2], [2]),                     // step 2 (half the elements)
                ([N / 4, 4], [4, 1]),               // reduce axis 0 only: each output sums 2.5e6 values down a strided axis
            })
            {
                nint total = shape.Aggregate((nint)1, (a, b) => a * b);
                bool axis0Only = shape.Length == 2 && strides[1] == 1;
                var outShape = axis0Only ? new nint[] { 1, shape[1] } : shape.Select(_ => (nint)1).ToArray();
                using var output = RawView<float>.Alloc(outShape);
                Reduction.Reduce<float, float, SumOp<float>>(shape, new Operand(data.Pointer, strides), new Operand(output.Pointer, output.BroadcastStrides(shape)));
                double want = exact * total / N / output.Size;
                foreach (float got in output.ToArray())
                    Assert.That(Math.Abs(got - want) / want, Is.LessThan(1e-6), $"width {w} shape ({string.Join(", ", shape)}) strides ({string.Join(", ", strides)}): {got} vs {want}");
            }
        }
    }

    [Test]
    public void NaiveSummationWouldFailTheAccuracyBar()
    {
        float naive = 0;
        for (int i = 0; i < N; i++) naive += 0.1f;
        Assert.That(Math.Abs(naive - N * (double)0.1f) / (N * (double)0.1f), Is.GreaterThan(1e-3));
    }

    [Test]
    public void ReductionsAreBitIdenticalWhateverTheThreadCount()
    {
        var r = new Random(5);
        using var data = RawView<float>.Alloc(3000, 1100);
        data.FillBlock(_ => (float)(r.NextDouble() * 2 - 1));
        foreach (var (outShape, label) in new (nint[], string)[] { ([1, 1], "all"), ([1, 1100], "axis 0"), ([3000, 1], "axis 1") })
        {
            float[]? first = null;
            foreach (int threads in new[] { 1, 2, 3, 8 })
            {
                using var _ = NativeArraysSettings.Override(NativeArraysSettings.Current with { MaxDegreeOfParallelism = threads, ParallelThreshold = 1 << 16 });
                using var output = RawView<float>.Alloc(outShape);
                Reduction.Reduce<float, float, SumOp<float>>(data.Shape, data.Operand, new Operand(output.Pointer, output.BroadcastStrides(data.Shape)));
                var bits = output.ToArray();
                if (first is null) first = bits;
                else Assert.That(bits.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(first.Select(BitConverter.SingleToInt32Bits)), $"{label}, {threads} threads");
            }
        }
    }
}

/// <summary>
/// The whole-array forms (<c>Sum()</c>, <c>Min()</c>, <c>Max()</c>) of C-contiguous arrays take the plan-free path
/// (<see cref="Reduction.Contiguous{T, TAcc, TOp}"/>); other layouts take the plan. Both against a scalar reference at
/// sizes around every vector width's edges, at every width, with NaNs for the floating-point extremes.
/// </summary>
[TestFixtureSource(typeof(ElementTypes), nameof(ElementTypes.Numeric))]
public class WholeReductionFastPathTests<T> where T : unmanaged, INumber<T>
{
    internal static readonly int[] Sizes = [0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 129, 1000, 4099];
    private static bool IsFloat => typeof(T) == typeof(float) || typeof(T) == typeof(double);

    [Test]
    public void SumMinMaxOfContiguousAndStridedArraysMatchTheScalarReference()
    {
        var random = new Random(11);
        foreach (var w in KernelHarness.Widths)
        {
            using var _ = KernelHarness.Width(w);
            foreach (int n in Sizes)
            {
                var data = new T[n];
                for (int i = 0; i < n; i++) data[i] = TestValues.Next<T>(random);
                using var a = NDArray<T>.FromArray(data);
                CheckSum(a, data, $"width {w} n {n} contiguous");
                CheckExtremes(a, data, $"width {w} n {n} contiguous");
                if (n >= 2 && n % 2 == 0)
                {
                    // The same elements as a transposed (n/2, 2) view: the plan path.
                    using var m = a.Reshape(2, n / 2);
                    using var t = m.Transpose();
                    var order = new T[n];
                    for (int i = 0; i < n / 2; i++) { order[2 * i] = data[i]; order[2 * i + 1] = data[n / 2 + i]; }
                    CheckSum(t, order, $"width {w} n {n} transposed");
                    CheckExtremes(t, order, $"width {w} n {n} transposed");
                }
            }
        }
    }

    [Test]
    public void ContiguousSumIsIdenticalWhateverTheThreadCount()
    {
        var random = new Random(12);
        var data = new T[1000];
        for (int i = 0; i < data.Length; i++) data[i] = TestValues.Next<T>(random);
        using var a = NDArray<T>.FromArray(data);
        T? first = null;
        foreach (int threads in new[] { 1, 2 })
        {
            using var _ = NativeArraysSettings.Override(NativeArraysSettings.Current with { MaxDegreeOfParallelism = threads });
            T sum = a.Sum();
            if (first is null) first = sum;
            else Assert.That(KernelHarness.Same(sum, first.Value), $"{threads} threads: {sum} vs {first}");
        }
    }

    /// <summary>
    /// The plan-free whole-array fold (<see cref="Reduction.Contiguous{T, TAcc, TOp}"/>) gives each row exactly what the
    /// plan path gives it (rows of a (2, n) array reduced along axis 1: one row per output through the row kernel), bit
    /// for bit, at every width and at sizes around every vector width's edges (whole vectors, tails, less than a vector).
    /// </summary>
    [Test]
    public unsafe void ContiguousFoldIsBitIdenticalToThePlanPathAtEveryWidth()
    {
        var random = new Random(13);
        foreach (var w in KernelHarness.Widths)
        {
            using var _ = KernelHarness.Width(w);
            foreach (int n in Sizes.Where(n => n > 0))
            {
                using var data = RawView<T>.Alloc(2, n);
                data.FillBlock(_ => TestValues.Next<T>(random));
                nint[] shape = [2, n];
                using var sums = RawView<T>.Alloc(2, 1);
                using var maxima = RawView<T>.Alloc(2, 1);
                Reduction.Reduce<T, T, SumOp<T>>(shape, data.Operand, new Operand(sums.Pointer, sums.BroadcastStrides(shape)));
                Reduction.Reduce<T, T, MaxOp<T>>(shape, data.Operand, new Operand(maxima.Pointer, maxima.BroadcastStrides(shape)));
                for (int row = 0; row < 2; row++)
                {
                    T* start = data.Pointer + row * n;
                    T planSum = sums.ToArray()[row], planMax = maxima.ToArray()[row];
                    T sum = Reduction.Contiguous<T, T, SumOp<T>>(start, n, NativeArraysSettings.Current);
                    T max = Reduction.Contiguous<T, T, MaxOp<T>>(start, n, NativeArraysSettings.Current);
                    Assert.That(KernelHarness.Same(sum, planSum), $"Sum width {w} n {n} row {row}: {sum} vs plan {planSum}");
                    Assert.That(KernelHarness.Same(max, planMax), $"Max width {w} n {n} row {row}: {max} vs plan {planMax}");
                }
            }
        }
    }

    private static void CheckSum(NDArray<T> a, T[] data, string what)
    {
        T got = a.Sum();
        if (!IsFloat)
        {
            T want = T.Zero;
            foreach (T x in data) want += x;
            Assert.That(got, Is.EqualTo(want), what);
            return;
        }
        double exact = 0, magnitude = 0;
        foreach (T x in data) { exact += double.CreateTruncating(x); magnitude += Math.Abs(double.CreateTruncating(x)); }
        Assert.That(Math.Abs(double.CreateTruncating(got) - exact), Is.LessThanOrEqualTo(1e-5 * magnitude + 1e-30), what);
    }

    private static void CheckExtremes(NDArray<T> a, T[] data, string what)
    {
        if (data.Length == 0)
        {
            Assert.Throws<ArgumentException>(() => a.Max(), what);
            Assert.Throws<ArgumentException>(() => a.Min(), what);
            return;
        }
        T max = data[0], min = data[0];
        foreach (T x in data) { if (x > max) max = x; if (x < min) min = x; }
        Assert.That(KernelHarness.Same(a.Max(), max), $"Max {what}: {a.Max()} vs {max}");
        Assert.That(KernelHarness.Same(a.Min(), min), $"Min {what}: {a.Min()} vs {min}");
    }
}

/// <summary>
/// NaN propagation of the whole-array <c>Min()</c>/<c>Max()</c> fast path: run for the two floating-point types only
/// (integers have no NaN), at every width, with the NaN first, in the middle and last.
/// </summary>
public class WholeReductionNaNTests
{
    [Test]
    public void MinAndMaxOfContiguousFloatArraysAreNaNWhenAnyElementIsNaN() => Check<float>();

    [Test]
    public void MinAndMaxOfContiguousDoubleArraysAreNaNWhenAnyElementIsNaN() => Check<double>();

    private static void Check<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var w in KernelHarness.Widths)
        {
            using var _ = KernelHarness.Width(w);
            foreach (int n in WholeReductionFastPathTests<T>.Sizes.Where(n => n > 0))
            foreach (int at in new[] { 0, n / 2, n - 1 }.Distinct())
            {
                var data = new T[n];
                for (int i = 0; i < n; i++) data[i] = T.CreateTruncating(i % 13);
                data[at] = T.NaN;
                using var a = NDArray<T>.FromArray(data);
                Assert.That(T.IsNaN(a.Max()), $"{typeof(T).Name} Max width {w} n {n} NaN at {at}");
                Assert.That(T.IsNaN(a.Min()), $"{typeof(T).Name} Min width {w} n {n} NaN at {at}");
            }
        }
    }
}
