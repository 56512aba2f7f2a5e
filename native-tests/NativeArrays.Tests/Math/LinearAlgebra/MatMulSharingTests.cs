using static NativeArrays.Tests.LinearAlgebra.LinAlgTestUtil;

namespace NativeArrays.Tests.LinearAlgebra;

/// <summary>
/// The shared-packing paths of the GEMM driver (issue 13, session 3): batch axes folded into the rows when B is
/// shared, a batch-shared B packed once for every product, or one packed B panel shared by 2+ threads. Each product
/// must equal, bit for bit, the same product computed alone on one thread, and the float64 reference.
/// </summary>
public class MatMulSharingTests
{
    /// <summary>Asserts c[i] equals a[i] @ b[i] computed alone (bitwise) for every batch index, and the reference.</summary>
    private static void AssertEachProductAlone(NDArray<float> a, NDArray<float> b, NDArray<float> c, string context)
    {
        for (int i = 0; i < c.Shape[0]; i++)
        {
            using var ai = a.Rank == 3 ? a[i] : a[..];
            using var bi = b.Rank == 3 ? b[i] : b[..];
            using var ci = c[i];
            using var alone = NDArray.MatMul(ai, bi);
            Assert.That(ci.ToArray(), Is.EqualTo(alone.ToArray()), $"{context}: product {i} differs from the same product alone");
            if (i % 3 == 0) AssertProduct(ai, bi, ci, $"{context}: product {i}");
        }
    }

    [Test]
    public void BatchFoldedIntoRowsMatchesEachProductAlone()
    {
        var rng = new Random(31);
        foreach (int threads in new[] { 1, 2 })
        {
            using var _ = Settings(SimdWidth.Auto, threads, parallelThreshold: 1);
            // A contiguous, B shared: (7, 20, 70) @ (70, 90) is one 140 x 70 product; transposed B is packed.
            using var a = Random<float>(rng, 7, 20, 70);
            using var b = Matrix<float>(MatrixLayout.Transposed, 70, 90, rng);
            using var c = NDArray.MatMul(a, b);
            AssertEachProductAlone(a, b, c, $"folded, {threads} thread(s)");
            // (5, 1, 300) @ (300, 40): rows of length 1 fold too (vector·matrix products become one 5 x 300 product).
            using var v = Random<float>(rng, 5, 1, 300);
            using var w = Random<float>(rng, 300, 40);
            using var r = NDArray.MatMul(v, w);
            for (int i = 0; i < 5; i++)
            {
                using var vi = v[i];
                using var ri = r[i];
                AssertProduct(vi, w, ri, $"folded vectors {i}, {threads} thread(s)");
            }
        }
    }

    [Test]
    public void BatchSharedBIsPackedOnceForEveryProduct()
    {
        var rng = new Random(32);
        foreach (int threads in new[] { 1, 2 })
        {
            using var _ = Settings(SimdWidth.Auto, threads, parallelThreshold: 1);
            // A per product is a transposed view (its batch stride is not a row block), so the batch does not fold;
            // B is shared by every product and packed: transposed (two k blocks), and row-major past one column block
            // (N = 4100 > NC = 4096: the whole-B layout's second column block).
            using var owner = Random<float>(rng, 9, 300, 20);
            using var a = owner.Permute(0, 2, 1);
            using var bt = Matrix<float>(MatrixLayout.Transposed, 300, 70, rng);
            using var c = NDArray.MatMul(a, bt);
            AssertEachProductAlone(a, bt, c, $"transposed shared B, {threads} thread(s)");

            using var owner2 = Random<float>(rng, 3, 300, 9);
            using var a2 = owner2.Permute(0, 2, 1);
            using var wide = Random<float>(rng, 300, 4100);
            using var c2 = NDArray.MatMul(a2, wide);
            AssertEachProductAlone(a2, wide, c2, $"wide shared B, {threads} thread(s)");
        }
    }

    /// <summary>One product split over several threads sharing the packed B panel: the bits of one thread.</summary>
    [Test]
    public void SeveralThreadsAreBitIdentical()
    {
        var rng = new Random(33);
        var cases = new (int M, int K, int N, MatrixLayout A, MatrixLayout B)[]
        {
            (300, 600, 200, MatrixLayout.C, MatrixLayout.C),          // row units, three k steps
            (24, 300, 700, MatrixLayout.C, MatrixLayout.Transposed),   // few rows: column runs
            (130, 40, 4200, MatrixLayout.Transposed, MatrixLayout.C),  // two column blocks (jc) of B
            (70, 520, 4200, MatrixLayout.C, MatrixLayout.C),           // 2 jc x 3 pc steps: both B buffers reused, k order across steps
            (201, 257, 97, MatrixLayout.Negative, MatrixLayout.Step),  // edges in every direction
            (301, 60, 150, MatrixLayout.C, MatrixLayout.C),            // rows 240 bytes apart: A read in place past MC, edge rows packed
            (9, 70, 8, MatrixLayout.C, MatrixLayout.Negative),         // too small to share: the serial loops on any thread count
            (20, 33, 100, MatrixLayout.Step, MatrixLayout.Transposed), // column runs of 2 panels, the last one an edge
        };
        foreach (var (m, k, n, la, lb) in cases)
        {
            using var a = Matrix<float>(la, m, k, rng);
            using var b = Matrix<float>(lb, k, n, rng);
            float[]? first = null;
            foreach (int threads in new[] { 1, 2, 3 })
            {
                using var _ = Settings(SimdWidth.Auto, threads, parallelThreshold: 1);
                using var c = NDArray.MatMul(a, b);
                first ??= c.ToArray();
                Assert.That(c.ToArray(), Is.EqualTo(first), $"({m}x{k}, {la}) @ ({k}x{n}, {lb}) on {threads} threads");
                if (threads == 2) AssertProduct(a, b, c, $"({m}x{k}, {la}) @ ({k}x{n}, {lb}) on 2 threads");
            }
        }
    }

    /// <summary>
    /// Home ranges (the pieces a team member takes first, the same on every call): every piece is claimed exactly
    /// once whatever order the participants claim in; the owner takes its range from the front in order, a thief
    /// takes another's from the back.
    /// </summary>
    [Test]
    public void HomeRangesHandOutEveryPieceOnce()
    {
        var rng = new Random(35);
        foreach (int participants in new[] { 1, 2, 3, 5 })
            foreach (int count in new[] { 0, 1, 2, 3, 7, 8, 33 })
                for (int trial = 0; trial < 20; trial++)
                {
                    var ranges = NativeArrays.Kernels.Gemm.GemmTeamJob.HomeRanges(2, participants);
                    NativeArrays.Kernels.Gemm.GemmTeamJob.SetHomeRanges(ranges, 1, participants, count);
                    var seen = new bool[count];
                    var last = new int[participants];
                    Array.Fill(last, -1);
                    // Some participants never come (a busy pool): the others must still get every piece.
                    int present = trial % 3 == 0 ? 1 : participants;
                    for (int claimed = 0; claimed < count; claimed++)
                    {
                        int who = rng.Next(present);
                        int i = NativeArrays.Kernels.Gemm.GemmTeamJob.Claim(ranges, 1, participants, who);
                        Assert.That(i, Is.InRange(0, count - 1), $"{participants} participants, {count} pieces: claim {claimed} by {who}");
                        Assert.That(seen[i], Is.False, $"piece {i} handed out twice");
                        seen[i] = true;
                        int homeStart = count * who / participants, homeEnd = count * (who + 1) / participants;
                        if (i >= homeStart && i < homeEnd)
                        {
                            Assert.That(i, Is.GreaterThan(last[who]), "own range from the front, in order");
                            last[who] = i;
                        }
                    }
                    for (int who = 0; who < participants; who++)
                        Assert.That(NativeArrays.Kernels.Gemm.GemmTeamJob.Claim(ranges, 1, participants, who), Is.EqualTo(-1), "nothing left");
                    Assert.That(NativeArrays.Kernels.Gemm.GemmTeamJob.Claim(ranges, 0, participants, 0), Is.EqualTo(-1), "the other set is empty");
                }
    }

    [Test]
    public void HomeRangesUnderConcurrentClaims()
    {
        // Three threads claiming 10000 pieces at once (each steals once its own range is done): each piece once.
        const int participants = 3, count = 10000;
        var ranges = NativeArrays.Kernels.Gemm.GemmTeamJob.HomeRanges(1, participants);
        NativeArrays.Kernels.Gemm.GemmTeamJob.SetHomeRanges(ranges, 0, participants, count);
        var hits = new int[count];
        var threads = new Thread[participants];
        for (int p = 0; p < participants; p++)
        {
            int who = p;
            threads[p] = new Thread(() =>
            {
                int i;
                while ((i = NativeArrays.Kernels.Gemm.GemmTeamJob.Claim(ranges, 0, participants, who)) >= 0) Interlocked.Increment(ref hits[i]);
            });
            threads[p].Start();
        }
        foreach (var t in threads) t.Join();
        Assert.That(hits, Is.All.EqualTo(1));
    }

    [Test]
    public void RepeatedTeamJobsStayCorrect()
    {
        // Many short team jobs back to back (late workers arriving after the caller finished, claims racing):
        // bounded to about a second.
        var rng = new Random(34);
        using var a = Random<double>(rng, 96, 80);
        using var b = Random<double>(rng, 80, 300);
        using var batchA = Random<double>(rng, 12, 16, 24);
        using var batchB = Random<double>(rng, 12, 24, 16);
        double[] expected, expectedBatch;
        using (Settings(SimdWidth.Auto, 1))
        {
            using var c1 = NDArray.MatMul(a, b);
            using var cb = NDArray.MatMul(batchA, batchB);
            expected = c1.ToArray();
            expectedBatch = cb.ToArray();
        }
        using var _ = Settings(SimdWidth.Auto, 2, parallelThreshold: 1);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < 400 && watch.ElapsedMilliseconds < 1500; i++)
        {
            using var c = NDArray.MatMul(a, b);
            using var cb = NDArray.MatMul(batchA, batchB);
            Assert.That(c.ToArray(), Is.EqualTo(expected), $"shared panel, iteration {i}");
            Assert.That(cb.ToArray(), Is.EqualTo(expectedBatch), $"batch, iteration {i}");
        }
    }
}
