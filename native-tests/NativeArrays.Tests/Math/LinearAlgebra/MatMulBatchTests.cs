using System.Numerics;
using NativeArrays.Kernels.Gemm;
using static NativeArrays.Tests.LinearAlgebra.LinAlgTestUtil;

namespace NativeArrays.Tests.LinearAlgebra;

/// <summary>
/// Batches of small products that are not folded into one product (B differs per product): the batch job's home
/// ranges, the participant's one pool area and the lookahead prefetch of the next product (issue 13, session 7).
/// Every product must equal, bit for bit, the same product computed alone, on every SIMD width and 1, 2 and 3 threads,
/// with and without the lookahead, and match the float64 reference.
/// </summary>
[TestFixture, NonParallelizable]
public class MatMulBatchTests
{
    private static readonly SimdWidth[] Widths = [SimdWidth.Scalar, SimdWidth.W128, SimdWidth.W256, SimdWidth.W512];

    /// <summary>Batch layouts of a (count, rows, cols) operand: each product a C, transposed, reversed or stepped matrix.</summary>
    private static NDArray<T> Batch<T>(MatrixLayout layout, int count, int rows, int cols, Random rng) where T : unmanaged, INumber<T>
    {
        switch (layout)
        {
            case MatrixLayout.Transposed:
            {
                using var owner = Random<T>(rng, count, cols, rows);
                return owner.Permute(0, 2, 1);
            }
            case MatrixLayout.Negative:
            {
                using var owner = Random<T>(rng, count, rows, cols);
                return owner.Flip(1);
            }
            case MatrixLayout.Step:
            {
                using var owner = Random<T>(rng, count, rows, 2 * cols + 1);
                return owner[.., .., SliceIndex.Slice(1, null, 2)];
            }
            default:
                return Random<T>(rng, count, rows, cols);
        }
    }

    private static readonly (int Count, int M, int K, int N, MatrixLayout A, MatrixLayout B)[] Cases =
    [
        (9, 64, 64, 64, MatrixLayout.C, MatrixLayout.C),            // the benchmark's shape (float64: 96 KiB, looks ahead)
        (7, 70, 90, 80, MatrixLayout.C, MatrixLayout.C),            // edges in every direction, looks ahead
        (5, 65, 33, 97, MatrixLayout.Transposed, MatrixLayout.C),   // A per product transposed (column runs prefetched)
        (6, 41, 120, 70, MatrixLayout.Negative, MatrixLayout.Step), // rows reversed, B stepped (B not prefetched)
        (4, 60, 70, 50, MatrixLayout.C, MatrixLayout.Transposed),   // B transposed: packed per product
        (11, 13, 17, 9, MatrixLayout.C, MatrixLayout.C),            // below the lookahead size
        (3, 7, 5, 6, MatrixLayout.Step, MatrixLayout.Negative),     // tiny: the plain dot products
        (2, 300, 40, 300, MatrixLayout.C, MatrixLayout.C),          // above the lookahead size (float64)
    ];

    private static void Check<T>(SimdWidth width, Random rng) where T : unmanaged, INumber<T>
    {
        foreach (var (count, m, k, n, la, lb) in Cases)
        {
            using var a = Batch<T>(la, count, m, k, rng);
            using var b = Batch<T>(lb, count, k, n, rng);
            string what = $"{typeof(T).Name} {width} ({count}, {m}x{k}, {la}) @ ({count}, {k}x{n}, {lb})";
            T[]? first = null;
            foreach (int threads in new[] { 1, 2, 3 })
                foreach (bool lookahead in new[] { true, false })
                {
                    using var _ = Settings(width, threads, parallelThreshold: 1);
                    GemmLookahead.Disabled = !lookahead;
                    try
                    {
                        using var c = NDArray.MatMul(a, b);
                        first ??= c.ToArray();
                        Assert.That(c.ToArray(), Is.EqualTo(first), $"{what}: {threads} thread(s), lookahead {lookahead}");
                    }
                    finally
                    {
                        GemmLookahead.Disabled = false;
                    }
                }
            using var one = Settings(width, 1);
            using var all = NDArray.MatMul(a, b);
            for (int i = 0; i < count; i++)
            {
                using var ai = a[i];
                using var bi = b[i];
                using var ci = all[i];
                using var alone = NDArray.MatMul(ai, bi);
                Assert.That(ci.ToArray(), Is.EqualTo(alone.ToArray()), $"{what}: product {i} differs from the same product alone");
                if (i % 4 == 0) AssertProduct(ai, bi, ci, $"{what}: product {i}");
            }
        }
    }

    [TestCaseSource(nameof(Widths))]
    public void Float32BatchesAreEachProductAlone(SimdWidth width) => Check<float>(width, new Random(71));

    [TestCaseSource(nameof(Widths))]
    public void Float64BatchesAreEachProductAlone(SimdWidth width) => Check<double>(width, new Random(72));

    [Test]
    public void Int32BatchIsExact() => Check<int>(SimdWidth.Auto, new Random(73));

    /// <summary>Two batch axes, A broadcast over one of them, an odd count; into a destination view with a step.</summary>
    [Test]
    public void BroadcastBatchAxesIntoAStridedDestination()
    {
        var rng = new Random(74);
        using var a = Random<double>(rng, 3, 1, 64, 64);
        using var b = Random<double>(rng, 3, 5, 64, 64);
        using var owner = NDArray<double>.Zeros(3, 5, 64, 128);
        using var c = owner[.., .., .., SliceIndex.Slice(1, null, 2)];
        foreach (int threads in new[] { 1, 2 })
        {
            using var _ = Settings(SimdWidth.Auto, threads, parallelThreshold: 1);
            NDArray.MatMul(a, b, c);
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 5; j++)
                {
                    using var ai = a[i, 0];
                    using var bi = b[i, j];
                    using var ci = c[i, j];
                    using var alone = NDArray.MatMul(ai, bi);
                    Assert.That(ci.ToArray(), Is.EqualTo(alone.ToArray()), $"product ({i}, {j}) on {threads} thread(s)");
                    if (j == i) AssertProduct(ai, bi, ci, $"product ({i}, {j})");
                }
        }
    }
}
