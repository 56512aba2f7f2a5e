using System.Numerics;
using static NativeArrays.Tests.LinearAlgebra.LinAlgTestUtil;

namespace NativeArrays.Tests.LinearAlgebra;

/// <summary>
/// The grouped packs of session 8: a column-major A (row step 1, or -1 for a transposed view with its rows reversed)
/// packed several panels per k step, and a B with reversed columns (column step -1) packed 8 panels per k step with
/// 512-bit lane reversals at the widest kernel. Each product must match the float64 reference, equal bit for bit the
/// product of the operands' contiguous copies (packing only moves bits; matrix·vector products are not packed) and be
/// the same on 1 and 2 threads, at every SIMD width, on sizes around the groups (64 float32 / 32 float64 rows of A;
/// 8 panels of B), MR, NR and KC.
/// </summary>
[TestFixture, NonParallelizable]
public class MatMulGroupedPackingTests
{
    private static readonly SimdWidth[] Widths = [SimdWidth.Scalar, SimdWidth.W128, SimdWidth.W256, SimdWidth.W512];
    private static readonly int[] Sizes = [0, 1, 2, 7, 15, 17, 63, 65, 255, 257];

    private static void Check<T>(SimdWidth width, int m, int k, int n, MatrixLayout la, MatrixLayout lb, Random rng) where T : unmanaged, INumber<T>
    {
        using var a = Matrix<T>(la, m, k, rng);
        using var b = Matrix<T>(lb, k, n, rng);
        using var ac = a.Copy();
        using var bc = b.Copy();
        string what = $"{typeof(T).Name} {width} ({m}x{k}, {la}) @ ({k}x{n}, {lb})";
        T[]? first = null;
        foreach (int threads in new[] { 1, 2 })
        {
            using var _ = Settings(width, threads, parallelThreshold: 1);
            using var c = NDArray.MatMul(a, b);
            using var expected = NDArray.MatMul(ac, bc);
            // (Matrix·vector products, m or n 1, are not packed: their sum order follows the vector's layout.)
            if (m > 1 && n > 1)
                Assert.That(c.ToArray(), Is.EqualTo(expected.ToArray()), $"{what}, {threads} thread(s): differs from the contiguous copies' product");
            first ??= c.ToArray();
            Assert.That(c.ToArray(), Is.EqualTo(first), $"{what}: {threads} thread(s) differ from 1 thread");
            if (threads == 1) AssertProduct(a, b, c, what);
        }
    }

    [TestCaseSource(nameof(Widths))]
    public void ColumnMajorAInGroupsOfPanels(SimdWidth width)
    {
        var rng = new Random(81);
        foreach (int m in Sizes)
            foreach (int k in new[] { 1, 17, 257 })
            {
                Check<float>(width, m, k, 40, MatrixLayout.Transposed, MatrixLayout.C, rng);
                Check<float>(width, m, k, 33, MatrixLayout.NegativeTransposed, MatrixLayout.C, rng);
                Check<double>(width, m, k, 24, MatrixLayout.Transposed, MatrixLayout.C, rng);
                Check<double>(width, m, k, 17, MatrixLayout.NegativeTransposed, MatrixLayout.C, rng);
            }
        // Past MC (256 float32 / 128 float64 rows per block): several blocks, each with full groups and a tail.
        Check<float>(width, 600, 70, 40, MatrixLayout.Transposed, MatrixLayout.C, rng);
        Check<double>(width, 300, 70, 40, MatrixLayout.NegativeTransposed, MatrixLayout.Negative, rng);
        Check<int>(width, 257, 33, 17, MatrixLayout.Transposed, MatrixLayout.C, rng);
        Check<long>(width, 129, 33, 17, MatrixLayout.NegativeTransposed, MatrixLayout.C, rng);
    }

    [TestCaseSource(nameof(Widths))]
    public void ReversedColumnsOfBInGroupsOfPanels(SimdWidth width)
    {
        var rng = new Random(82);
        // MatrixLayout.Negative flips both axes: B's columns step -1 (and k -1).
        foreach (int n in Sizes)
            foreach (int k in new[] { 1, 17, 257 })
            {
                Check<float>(width, 20, k, n, MatrixLayout.C, MatrixLayout.Negative, rng);
                Check<double>(width, 12, k, n, MatrixLayout.C, MatrixLayout.Negative, rng);
            }
        // Several groups of 8 panels and a tail panel at every width; A transposed at the same time.
        Check<float>(width, 70, 40, 600, MatrixLayout.Transposed, MatrixLayout.Negative, rng);
        Check<double>(width, 40, 300, 300, MatrixLayout.NegativeTransposed, MatrixLayout.Negative, rng);
        Check<int>(width, 9, 33, 300, MatrixLayout.C, MatrixLayout.Negative, rng);
    }

    /// <summary>Broadcast batches: a reversed B shared by every product (packed whole once), and a column-major A shared by every product.</summary>
    [TestCaseSource(nameof(Widths))]
    public void BroadcastBatchesWithGroupedPacks(SimdWidth width)
    {
        var rng = new Random(83);
        using var aOwner = Random<float>(rng, 3, 90, 70);
        using var a = aOwner.Permute(0, 2, 1);                  // (3, 70, 90): each product column-major
        using var bOwner = Random<float>(rng, 90, 300);
        using var b = bOwner.Flip(1);                           // (90, 300), columns reversed, broadcast over the batch
        using var sharedOwner = Random<double>(rng, 1, 40, 65);
        using var shared = sharedOwner.Permute(0, 2, 1);        // (1, 65, 40) column-major, broadcast
        using var perOwner = Random<double>(rng, 4, 40, 150);
        using var per = perOwner.Flip(2);                       // (4, 40, 150), columns reversed
        float[]? first = null;
        double[]? firstD = null;
        foreach (int threads in new[] { 1, 2 })
        {
            using var _ = Settings(width, threads, parallelThreshold: 1);
            using var c = NDArray.MatMul(a, b);
            using var d = NDArray.MatMul(shared, per);
            first ??= c.ToArray();
            firstD ??= d.ToArray();
            Assert.That(c.ToArray(), Is.EqualTo(first), $"{width}: {threads} thread(s) differ from 1 thread");
            Assert.That(d.ToArray(), Is.EqualTo(firstD), $"{width}: {threads} thread(s) differ from 1 thread (float64)");
            for (int i = 0; i < 3; i++)
            {
                using var ai = a[i];
                using var ci = c[i];
                AssertProduct(ai, b, ci, $"{width}, {threads} thread(s): float32 product {i}");
            }
            for (int i = 0; i < 4; i++)
            {
                using var si = shared[0];
                using var pi = per[i];
                using var di = d[i];
                AssertProduct(si, pi, di, $"{width}, {threads} thread(s): float64 product {i}");
            }
        }
    }
}
