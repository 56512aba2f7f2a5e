using NativeArrays.Kernels;

namespace NativeArrays.Tests.Kernels;

/// <summary>
/// Work split over threads and non-temporal stores change nothing in the results: every elementwise result
/// and every reduction is bit-identical for 1, 2, 3 and 8 threads, with and without non-temporal stores.
/// </summary>
public unsafe class ParallelAndStoreTests
{
    private static IDisposable Settings(int threads, long nonTemporal = long.MaxValue) =>
        NativeArraysSettings.Override(NativeArraysSettings.Current with
        {
            MaxDegreeOfParallelism = threads,
            ParallelThreshold = 1 << 14,
            NonTemporalThreshold = nonTemporal,
        });

    private static (RawView<float> Owner, RawView<float> View)[] Inputs(int seed, nint[] shape, params Layout[] layouts)
    {
        var r = new Random(seed);
        return layouts.Select(l => KernelHarness.Make(l, shape, () => (float)(r.NextDouble() * 8 - 4))).ToArray();
    }

    [Test]
    public void ElementwiseResultsDoNotDependOnThreadsOrStores()
    {
        nint[] shape = [300, 257];
        var inputs = Inputs(9, shape, Layout.Transposed, Layout.Step);
        try
        {
            int[]? reference = null;
            foreach (var (threads, nt) in new[] { (1, long.MaxValue), (2, long.MaxValue), (3, 0L), (8, 1024L) })
            {
                using var _ = Settings(threads, nt);
                using var output = RawView<float>.Alloc(shape);
                Elementwise.Binary<float, float, HypotOp<float>>("Hypot", shape, output.Operand, inputs[0].View.OperandFor(shape), inputs[1].View.OperandFor(shape));
                Elementwise.Unary<float, float, ExpOp<float>>("Exp", shape, output.Operand, output.Operand);
                var bits = output.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();
                if (reference is null) reference = bits;
                else Assert.That(bits, Is.EqualTo(reference), $"{threads} threads, non-temporal threshold {nt}");
            }
            // And the values are right: compare with one scalar pass.
            using (KernelHarness.Width(SimdWidth.Scalar))
            {
                using var scalar = RawView<float>.Alloc(shape);
                Elementwise.Binary<float, float, HypotOp<float>>("Hypot", shape, scalar.Operand, inputs[0].View.OperandFor(shape), inputs[1].View.OperandFor(shape));
                var want = scalar.ToArray().Select(MathF.Exp).ToArray();
                var got = reference!.Select(BitConverter.Int32BitsToSingle).ToArray();
                for (int i = 0; i < want.Length; i++)
                    Assert.That(KernelHarness.Ulps(want[i], got[i]), Is.LessThanOrEqualTo(8), $"element {i}");
            }
        }
        finally
        {
            foreach (var (owner, _) in inputs) owner.Dispose();
        }
    }

    [Test]
    public void NonTemporalStoresWriteEveryElementWhateverTheAlignment()
    {
        foreach (var w in KernelHarness.Widths)
        foreach (int offset in new[] { 0, 1, 3, 17 })
        {
            using var _ = NativeArraysSettings.Override(NativeArraysSettings.Current with { SimdWidth = w, NonTemporalThreshold = 1 });
            const int n = 1000;
            using var block = RawView<double>.Alloc(n + 32);
            using var x = RawView<double>.Alloc(n);
            x.FillBlock(i => i * 0.5);
            var view = block.View(offset, [n], [1]);
            Elementwise.Ternary<double, double, MultiplyAddOp<double>>("MultiplyAdd", [n], view.Operand, x.Operand, x.Operand, x.Operand);
            var got = view.ToArray();
            for (int i = 0; i < n; i++) Assert.That(got[i], Is.EqualTo(i * 0.5 * (i * 0.5) + i * 0.5), $"width {w} offset {offset} [{i}]");
        }
    }

    [Test]
    public void ParallelReductionsOverEveryAxisAreBitIdentical()
    {
        nint[] shape = [40, 50, 60];
        var inputs = Inputs(4, shape, Layout.Transposed);
        try
        {
            foreach (var mask in new[] { 1, 2, 4, 3, 6, 7 })
            {
                float[]? reference = null;
                foreach (int threads in new[] { 1, 2, 5 })
                {
                    using var _ = Settings(threads);
                    var outShape = shape.Select((n, d) => (mask & (1 << d)) != 0 ? 1 : n).ToArray();
                    using var output = RawView<float>.Alloc(outShape);
                    Reduction.Reduce<float, float, SumOp<float>>(shape, inputs[0].View.Operand, new Operand(output.Pointer, output.BroadcastStrides(shape)));
                    var got = output.ToArray();
                    if (reference is null) reference = got;
                    else Assert.That(got.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(reference.Select(BitConverter.SingleToInt32Bits)), $"mask {mask}, {threads} threads");
                }
            }
        }
        finally
        {
            foreach (var (owner, _) in inputs) owner.Dispose();
        }
    }

    [Test]
    public void CumSumAlongEveryAxisMatchesSequentialReference()
    {
        foreach (int axis in new[] { 0, 1, 2 })
        foreach (var layout in new[] { Layout.Contiguous, Layout.Transposed })
        {
            nint[] shape = [6, 70, 9];
            var (owner, view) = KernelHarness.Make(layout, shape, MakeCounter());
            using (owner)
            using (var output = RawView<int>.Alloc(shape))
            {
                Scan.CumulativeSum(shape, view.Pointer, view.Strides, axis, output.Pointer, output.Strides);
                foreach (var idx in RawView<int>.Indices(shape))
                {
                    int want = 0;
                    var j = (nint[])idx.Clone();
                    for (nint k = 0; k <= idx[axis]; k++) { j[axis] = k; want += view[j]; }
                    Assert.That(output[idx], Is.EqualTo(want), $"axis {axis} {layout} at [{string.Join(", ", idx)}]");
                }
            }
        }
    }

    private static Func<int> MakeCounter()
    {
        int i = 0;
        return () => (i++ * 7) % 13 - 6;
    }
}
