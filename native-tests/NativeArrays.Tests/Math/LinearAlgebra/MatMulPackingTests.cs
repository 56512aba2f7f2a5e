using System.Numerics;
using static NativeArrays.Tests.LinearAlgebra.LinAlgTestUtil;

namespace NativeArrays.Tests.LinearAlgebra;

/// <summary>
/// The vectorised packing of strided operands (in-register transposes of a row-major A block, a transposed B, k
/// reversed, columns reversed). Packing moves bits, so the product of a strided view must equal, bit for bit, the
/// product of its contiguous copy: a misplaced element anywhere in a transposed block fails the comparison.
/// </summary>
public class MatMulPackingTests
{
    private static readonly SimdWidth[] Widths = [SimdWidth.Scalar, SimdWidth.W128, SimdWidth.W256, SimdWidth.W512];

    private static void AssertSameAsContiguous<T>(int m, int k, int n, MatrixLayout la, MatrixLayout lb, Random rng) where T : unmanaged, INumber<T>
    {
        using var a = Matrix<T>(la, m, k, rng);
        using var b = Matrix<T>(lb, k, n, rng);
        using var ac = a.Copy();
        using var bc = b.Copy();
        using var expected = NDArray.MatMul(ac, bc);
        using var got = NDArray.MatMul(a, b);
        Assert.That(got.ToArray(), Is.EqualTo(expected.ToArray()), $"{typeof(T).Name} ({m}x{k}, {la}) @ ({k}x{n}, {lb})");
    }

    [TestCaseSource(nameof(Widths))]
    public void StridedOperandsPackToTheContiguousBits(SimdWidth width)
    {
        using var _ = Settings(width);
        var rng = new Random(41);
        // k around the 8 / 4 transpose blocks and KC; n around NR; m past MC so that A is packed, not read in place.
        foreach (int k in new[] { 7, 8, 9, 33, 257 })
            foreach (int n in new[] { 16, 33, 64 })
            {
                foreach (var lb in new[] { MatrixLayout.Transposed, MatrixLayout.Negative, MatrixLayout.NegativeTransposed })
                {
                    AssertSameAsContiguous<float>(20, k, n, MatrixLayout.C, lb, rng);
                    AssertSameAsContiguous<double>(12, k, n, MatrixLayout.C, lb, rng);
                }
                AssertSameAsContiguous<int>(9, k, n, MatrixLayout.C, MatrixLayout.Transposed, rng);
                AssertSameAsContiguous<long>(9, k, n, MatrixLayout.C, MatrixLayout.Negative, rng);
            }
        foreach (var la in new[] { MatrixLayout.C, MatrixLayout.Negative })
        {
            AssertSameAsContiguous<float>(270, 67, 40, la, MatrixLayout.C, rng);
            AssertSameAsContiguous<double>(140, 37, 24, la, MatrixLayout.C, rng);
            AssertSameAsContiguous<int>(270, 33, 17, la, MatrixLayout.C, rng);
        }
    }

    [Test]
    public void TwoThreadsPackRowMajorAndTransposedOperands()
    {
        // On 2 threads each band runs the serial loops on its part of A or B: the transposes on both operands.
        using var _ = Settings(SimdWidth.Auto, 2, parallelThreshold: 1);
        var rng = new Random(42);
        AssertSameAsContiguous<float>(100, 77, 70, MatrixLayout.C, MatrixLayout.Transposed, rng);
        AssertSameAsContiguous<double>(50, 61, 40, MatrixLayout.Negative, MatrixLayout.NegativeTransposed, rng);
        AssertSameAsContiguous<float>(64, 300, 90, MatrixLayout.Negative, MatrixLayout.Negative, rng);
        AssertSameAsContiguous<float>(300, 47, 70, MatrixLayout.Transposed, MatrixLayout.C, rng);        // column-major A
        AssertSameAsContiguous<double>(150, 33, 40, MatrixLayout.Transposed, MatrixLayout.Transposed, rng);
    }

    [TestCaseSource(nameof(Widths))]
    public void ColumnMajorAAndTransposedBPackToTheContiguousBits(SimdWidth width)
    {
        using var _ = Settings(width);
        var rng = new Random(43);
        // k around the paired k steps of both packs (two 8 / 4 blocks per cache line), a single block and a tail.
        foreach (int k in new[] { 1, 2, 3, 15, 16, 17, 24, 31, 33 })
        {
            // Column-major A, copied k step by k step across all its full panels; edge rows (270, 141, 263) after.
            AssertSameAsContiguous<float>(270, k, 40, MatrixLayout.Transposed, MatrixLayout.C, rng);
            AssertSameAsContiguous<double>(141, k, 24, MatrixLayout.Transposed, MatrixLayout.C, rng);
            AssertSameAsContiguous<int>(263, k, 17, MatrixLayout.Transposed, MatrixLayout.C, rng);
            // Transposed B, k forwards and reversed.
            AssertSameAsContiguous<float>(20, k, 64, MatrixLayout.C, MatrixLayout.Transposed, rng);
            AssertSameAsContiguous<float>(20, k, 64, MatrixLayout.C, MatrixLayout.NegativeTransposed, rng);
            AssertSameAsContiguous<double>(20, k, 33, MatrixLayout.C, MatrixLayout.Transposed, rng);
            AssertSameAsContiguous<double>(20, k, 33, MatrixLayout.C, MatrixLayout.NegativeTransposed, rng);
        }
    }
}
