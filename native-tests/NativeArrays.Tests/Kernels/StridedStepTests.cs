using System.Numerics;
using NativeArrays.Kernels;

namespace NativeArrays.Tests.Kernels;

/// <summary>
/// Rows with a small constant step (2 .. 8: loads + permutes where AVX-512 has them; 9 and negative steps: the
/// lane-by-lane path) on every width and odd length: Add exactly against a scalar reference, and a floating-point function bit for bit against the same
/// values laid out contiguously (results do not depend on the layout). The views end at the last element of their
/// block, so a vector loop that read a step too far would leave the block.
/// </summary>
[TestFixture(typeof(float))]
[TestFixture(typeof(double))]
[TestFixture(typeof(int))]
[TestFixture(typeof(long))]
[TestFixture(typeof(short))]
public unsafe class StridedStepTests<T> where T : unmanaged, INumber<T>
{
    internal static readonly int[] Lengths = [1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 33, 63, 64, 65, 129, 1000];

    /// <summary>A view of n elements with step <paramref name="step"/> ending at the last element of its own block.</summary>
    private static (RawView<T> Owner, RawView<T> View) Strided(int n, int step, Random r)
    {
        nint span = Math.Abs(step) * (nint)(n - 1);
        var owner = RawView<T>.Alloc(1 + span + 1);
        owner.FillBlock(_ => TestValues.Next<T>(r));
        return (owner, owner.View(step < 0 ? 1 + span : 1, [n], [step]));
    }

    [Test]
    public void AddMatchesTheReferenceForEveryStepAndInputMix([Values(2, 3, 4, 5, 6, 7, 8, 9, -2, -3, -8)] int step)
    {
        var r = new Random(step);
        foreach (var w in KernelHarness.Widths)
        {
            using var _ = KernelHarness.Width(w);
            foreach (int n in Lengths)
            // (step, step) takes the loop compiled for one shared step; (step, other step) the loop with a step per input.
            foreach (var (sx, sy) in new[] { (step, step), (step, step == 5 ? 3 : 5), (step, 1), (1, step), (step, 0) })
            {
                var (ox, vx) = sx == 1 ? Contiguous(n, r) : Strided(n, sx, r);
                var (oy, vy) = sy == 0 ? Contiguous(1, r) : sy == 1 ? Contiguous(n, r) : Strided(n, sy, r);
                using var output = RawView<T>.Alloc(n);
                using (ox) using (oy)
                {
                    nint[] ys = sy == 0 ? [0] : vy.Strides;
                    Elementwise.Binary<T, T, AddOp<T>>("Add", [n], output.Operand, vx.Operand, new Operand(vy.Pointer, ys));
                    for (int i = 0; i < n; i++)
                    {
                        T want = vx[[i]] + (sy == 0 ? vy[[0]] : vy[[i]]);
                        if (output[[i]] != want)
                            Assert.Fail($"width {w} step {step} inputs ({sx}, {sy}) n {n} at {i}: expected {want} got {output[[i]]}");
                    }
                }
            }
        }
    }

    [Test]
    public void AddIsTheSameOnOneAndTwoThreads([Values(2, 3, 4, 8)] int step)
    {
        // Longer than two work items of the linear walk: each item starts a row (and takes its step's permute tables) anew.
        int n = 2 * (int)NdIterator.ItemElements + 37;
        var r = new Random(20 + step);
        var (ox, vx) = Strided(n, step, r);
        var (oy, vy) = Strided(n, step, r);
        using (ox) using (oy)
        {
            foreach (var w in KernelHarness.Widths)
            {
                using var _ = KernelHarness.Width(w);
                T[]? first = null;
                foreach (int threads in new[] { 1, 2 })
                {
                    using var __ = NativeArraysSettings.Override(NativeArraysSettings.Current with { MaxDegreeOfParallelism = threads, ParallelThreshold = 1 << 10 });
                    using var output = RawView<T>.Alloc(n);
                    Elementwise.Binary<T, T, AddOp<T>>("Add", [n], output.Operand, vx.Operand, vy.Operand);
                    var got = output.ToArray();
                    first ??= got;
                    for (int i = 0; i < n; i++)
                    {
                        T want = vx[[i]] + vy[[i]];
                        if (got[i] != want || first[i] != want)
                            Assert.Fail($"width {w} step {step} {threads} threads n {n} at {i}: expected {want} got {got[i]} (1 thread {first[i]})");
                    }
                }
            }
        }
    }

    [Test]
    public void UnaryResultsEqualTheContiguousLayoutBitForBit([Values(2, 3, 4, 5, 6, 7, 8, 9, -4)] int step)
    {
        var r = new Random(10 + step);
        foreach (var w in KernelHarness.Widths)
        {
            using var _ = KernelHarness.Width(w);
            foreach (int n in Lengths)
            {
                var (owner, view) = Strided(n, step, r);
                using var compact = RawView<T>.Alloc(n);
                using var fromStrided = RawView<T>.Alloc(n);
                using var fromCompact = RawView<T>.Alloc(n);
                using (owner)
                {
                    for (int i = 0; i < n; i++) compact[[i]] = view[[i]];
                    Run([n], fromStrided.Operand, view.Operand);
                    Run([n], fromCompact.Operand, compact.Operand);
                    for (int i = 0; i < n; i++)
                        if (!KernelHarness.Same(fromStrided[[i]], fromCompact[[i]]))
                            Assert.Fail($"width {w} step {step} n {n} at {i}: strided {fromStrided[[i]]} contiguous {fromCompact[[i]]}");
                }
            }
        }
    }

    /// <summary>Exp for floating point (vector and scalar forms differ in the last bits), Negate otherwise.</summary>
    private static void Run(nint[] shape, Operand output, Operand x)
    {
        if (typeof(T) == typeof(float)) Elementwise.Unary<float, float, ExpOp<float>>("Exp", shape, output, x);
        else if (typeof(T) == typeof(double)) Elementwise.Unary<double, double, ExpOp<double>>("Exp", shape, output, x);
        else Elementwise.Unary<T, T, NegateOp<T>>("Negate", shape, output, x);
    }

    private static (RawView<T> Owner, RawView<T> View) Contiguous(int n, Random r)
    {
        var owner = RawView<T>.Alloc(n);
        owner.FillBlock(_ => TestValues.Next<T>(r));
        return (owner, owner);
    }
}

/// <summary>
/// Integer division through a step view (the integer element types only: float division has no zero-divisor check):
/// the row's last vector, read by masked loads, must hold no element from between the view's steps.
/// </summary>
[TestFixture(typeof(int))]
[TestFixture(typeof(long))]
[TestFixture(typeof(short))]
public unsafe class StridedDivisionTests<T> where T : unmanaged, INumber<T>
{
    [Test]
    public void DivisionByAStepViewSeesNoElementBetweenItsSteps([Values(2, 3, 4, 8)] int step)
    {
        // Integer division checks whole vectors for zero divisors. The divisor view's elements are 1..n and every
        // element between them is zero, so a vector that took an element outside the view (the row's last vector, read
        // by masked loads) would throw DivideByZeroException where the view has no zero.
        foreach (var w in KernelHarness.Widths)
        {
            using var _ = KernelHarness.Width(w);
            foreach (int n in StridedStepTests<T>.Lengths)
            {
                nint span = step * (nint)(n - 1);
                using var owner = RawView<T>.Alloc(1 + span + step); // zeros past the view's last element too
                owner.FillBlock(_ => T.Zero);
                var divisor = owner.View(1, [n], [step]);
                for (int i = 0; i < n; i++) divisor[[i]] = T.CreateTruncating(i + 1);
                using var dividend = RawView<T>.Alloc(n);
                dividend.FillBlock(j => T.CreateTruncating(7 * j + 3));
                using var output = RawView<T>.Alloc(n);
                Elementwise.Binary<T, T, DivideOp<T>>("Divide", [n], output.Operand, dividend.Operand, divisor.Operand);
                for (int i = 0; i < n; i++)
                {
                    T want = T.CreateTruncating(7 * i + 3) / T.CreateTruncating(i + 1);
                    if (output[[i]] != want)
                        Assert.Fail($"width {w} step {step} n {n} at {i}: expected {want} got {output[[i]]}");
                }
            }
        }
    }
}
