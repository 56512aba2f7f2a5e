using System.Numerics;
using NativeArrays.Kernels;

namespace NativeArrays.Tests.Kernels;

/// <summary>
/// ArgMin / ArgMax (whole array and along every axis) against a scalar C-order reference, on every width, layout and
/// 1 / 2 threads: ties (the first wins), NaN (the first NaN wins), ±0, rising data (every block holds a new best).
/// </summary>
[TestFixtureSource(typeof(ElementTypes), nameof(ElementTypes.Numeric))]
public unsafe class ArgReduceKernelTests<T> where T : unmanaged, INumber<T>
{
    private static readonly nint[][] Shapes = [[7, 37], [33, 65], [3, 5, 17], [200], [1], [], [4, 1, 300], [65]];
    private static readonly nint[][] LongShapes = [[2, 17000], [130, 40]];
    private static readonly Layout[] Layouts = [Layout.Contiguous, Layout.Transposed, Layout.Step, Layout.Negative];
    private static bool IsFloat => typeof(T) == typeof(float) || typeof(T) == typeof(double);

    private Random _random = null!;
    [SetUp] public void Seed() => _random = new Random(11);

    /// <summary>Few distinct values (many ties), and for floats ±0 and a rare NaN.</summary>
    private T Tied()
    {
        int k = _random.Next(1000);
        if (IsFloat && k < 5) return T.CreateTruncating(double.NaN);
        if (IsFloat && k < 25) return T.CreateTruncating(k < 15 ? -0.0 : 0.0);
        return T.CreateTruncating(_random.Next(0, 60));
    }

    private static bool Better(T candidate, T best, bool max)
        => !T.IsNaN(best) && (T.IsNaN(candidate) || (max ? candidate > best : candidate < best));

    [Test] public void WholeArrayMatchesTheReference([Values] bool max) => CheckWhole(max, () => Tied, Shapes, Layouts);
    [Test] public void WholeArrayWithRisingValues([Values] bool max) => CheckWhole(max, () => Rising(max), LongShapes[..1], Layouts[..2]);
    [Test] public void AlongEveryAxisMatchesTheReference([Values] bool max) => CheckAlong(max, () => Tied, Shapes, Layouts);
    [Test] public void AlongEveryAxisWithRisingValues([Values] bool max) => CheckAlong(max, () => Rising(max), LongShapes, Layouts[..2]);

    /// <summary>Values that keep getting better (every vector block holds a new best) up to 100, then stay there.</summary>
    private static Func<T> Rising(bool max)
    {
        int i = 0;
        return () => T.CreateTruncating(max ? Math.Min(i++ / 64, 100) : 100 - Math.Min(i++ / 64, 100));
    }

    private static void CheckWhole(bool max, Func<Func<T>> fill, nint[][] shapes, Layout[] layouts)
    {
        foreach (var w in KernelHarness.Widths)
        {
            using var _ = KernelHarness.Width(w);
            foreach (var shape in shapes)
            foreach (var layout in shape.Length > 0 ? layouts : [Layout.Contiguous])
            {
                var (owner, view) = KernelHarness.Make(layout, shape, fill());
                using (owner)
                {
                    long want = -1, k = 0;
                    T best = default;
                    foreach (var idx in RawView<T>.Indices(shape))
                    {
                        T v = view[idx];
                        if (want < 0 || Better(v, best, max)) { best = v; want = k; }
                        k++;
                    }
                    long got = ArgReduce.Flat(shape, view.Pointer, view.Strides, max);
                    Assert.That(got, Is.EqualTo(want), $"{(max ? "ArgMax" : "ArgMin")} width {w} shape ({string.Join(", ", shape)}) {layout}");
                }
            }
        }
    }

    private static void CheckAlong(bool max, Func<Func<T>> fill, nint[][] shapes, Layout[] layouts)
    {
        foreach (var w in KernelHarness.Widths)
        {
            using var _ = KernelHarness.Width(w);
            foreach (var shape in shapes.Where(s => s.Length > 0))
            foreach (var layout in layouts)
            for (int axis = 0; axis < shape.Length; axis++)
            {
                var (owner, view) = KernelHarness.Make(layout, shape, fill());
                using (owner)
                {
                    var outShape = shape.Select((n, d) => d == axis ? 1 : n).ToArray();
                    using var output = RawView<long>.Alloc(outShape);
                    ArgReduce.Along(shape, view.Pointer, view.Strides, axis, output.Pointer, output.BroadcastStrides(shape), max);
                    foreach (var o in RawView<long>.Indices(outShape))
                    {
                        var idx = (nint[])o.Clone();
                        long want = 0;
                        T best = view[idx];
                        for (nint i = 1; i < shape[axis]; i++)
                        {
                            idx[axis] = i;
                            if (Better(view[idx], best, max)) { best = view[idx]; want = i; }
                        }
                        Assert.That(output[o], Is.EqualTo(want), $"{(max ? "ArgMax" : "ArgMin")} width {w} shape ({string.Join(", ", shape)}) {layout} axis {axis} at [{string.Join(", ", o)}]");
                    }
                }
            }
        }
    }

    [Test]
    public void ResultsDoNotDependOnTheThreadCount([Values] bool max)
    {
        using var data = RawView<T>.Alloc(700, 400);
        data.FillBlock(_ => Tied());
        var answers = new List<long[]>();
        foreach (int threads in new[] { 1, 2 })
        {
            using var _ = NativeArraysSettings.Override(NativeArraysSettings.Current with { MaxDegreeOfParallelism = threads, ParallelThreshold = 1 << 12 });
            var answer = new List<long> { ArgReduce.Flat(data.Shape, data.Pointer, data.Strides, max) };
            for (int axis = 0; axis < 2; axis++)
            {
                var outShape = axis == 0 ? new nint[] { 1, 400 } : [700, 1];
                using var output = RawView<long>.Alloc(outShape);
                ArgReduce.Along(data.Shape, data.Pointer, data.Strides, axis, output.Pointer, output.BroadcastStrides(data.Shape), max);
                answer.AddRange(output.ToArray());
            }
            answers.Add(answer.ToArray());
        }
        Assert.That(answers[1], Is.EqualTo(answers[0]));
        // And the whole-array answer is the reference one (the parallel split combines partial answers in order).
        long want = 0;
        for (nint i = 1; i < data.Size; i++) if (Better(data.Block[i], data.Block[want], max)) want = i;
        Assert.That(answers[1][0], Is.EqualTo(want));
    }
}

/// <summary>The first NaN wins wherever it sits (blocks, block edges, tails), on every width: floating point only.</summary>
[TestFixtureSource(typeof(ElementTypes), nameof(ElementTypes.FloatingPoint))]
public unsafe class ArgReduceNaNTests<T> where T : unmanaged, INumber<T>
{
    [Test]
    public void FirstNaNWinsWherever([Values(0, 1, 15, 16, 17, 4095, 4096, 9000, 19999)] int at)
    {
        using var data = RawView<T>.Alloc(20000);
        data.FillBlock(i => T.CreateTruncating(i % 1000));
        data.Block[at] = T.CreateTruncating(double.NaN);
        data.Block[Math.Min(19999, at + 100)] = T.CreateTruncating(double.NaN);
        foreach (var w in KernelHarness.Widths)
        {
            using var _ = KernelHarness.Width(w);
            Assert.That(ArgReduce.Flat(data.Shape, data.Pointer, data.Strides, max: true), Is.EqualTo(at), $"ArgMax width {w}");
            Assert.That(ArgReduce.Flat(data.Shape, data.Pointer, data.Strides, max: false), Is.EqualTo(at), $"ArgMin width {w}");
        }
    }
}
