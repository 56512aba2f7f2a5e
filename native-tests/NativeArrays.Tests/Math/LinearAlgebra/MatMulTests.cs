using System.Numerics;
using NativeArrays.Memory;
using static NativeArrays.Tests.LinearAlgebra.LinAlgTestUtil;

namespace NativeArrays.Tests.LinearAlgebra;

/// <summary>MatMul against a float64 / exact reference: sizes, layouts, widths, threads, batches, aliasing, errors.</summary>
public class MatMulTests
{
    private static readonly int[] Sizes = [0, 1, 2, 7, 15, 17, 63, 65];
    private static readonly SimdWidth[] Widths = [SimdWidth.Scalar, SimdWidth.W128, SimdWidth.W256, SimdWidth.W512];

    private static void CheckShapes<T>(int m, int k, int n, MatrixLayout la, MatrixLayout lb, Random rng) where T : unmanaged, INumber<T>
    {
        using var a = Matrix<T>(la, m, k, rng);
        using var b = Matrix<T>(lb, k, n, rng);
        using var c = NDArray.MatMul(a, b);
        AssertProduct(a, b, c, $"{typeof(T).Name} ({m}x{k}, {la}) @ ({k}x{n}, {lb})");
    }

    [TestCaseSource(nameof(Widths))]
    public void Float32EverySizeAtEveryWidth(SimdWidth width)
    {
        using var _ = Settings(width);
        var rng = new Random(1);
        foreach (int m in Sizes)
            foreach (int k in Sizes)
                foreach (int n in Sizes)
                    CheckShapes<float>(m, k, n, MatrixLayout.C, MatrixLayout.C, rng);
    }

    [Test]
    public void LargeSizesAcrossTheBlockEdges()
    {
        // 255/257 cross KC = 256 (two k blocks), MR = 8 and NR = 32/16 edges.
        var rng = new Random(2);
        CheckShapes<float>(257, 257, 257, MatrixLayout.C, MatrixLayout.C, rng);
        CheckShapes<float>(255, 257, 63, MatrixLayout.Transposed, MatrixLayout.C, rng);
        CheckShapes<double>(65, 255, 257, MatrixLayout.C, MatrixLayout.Negative, rng);
        CheckShapes<double>(257, 513, 17, MatrixLayout.Step, MatrixLayout.Transposed, rng);
        CheckShapes<int>(255, 300, 65, MatrixLayout.C, MatrixLayout.C, rng);
    }

    [Test]
    public void OtherElementTypes()
    {
        var rng = new Random(3);
        foreach (int s in new[] { 1, 7, 17, 65 })
        {
            CheckShapes<double>(s, s + 2, s + 1, MatrixLayout.C, MatrixLayout.C, rng);
            CheckShapes<int>(s, s + 2, s + 1, MatrixLayout.C, MatrixLayout.C, rng);
            CheckShapes<long>(s, s + 2, s + 1, MatrixLayout.Transposed, MatrixLayout.C, rng);
            CheckShapes<short>(s, s, s, MatrixLayout.C, MatrixLayout.Transposed, rng);
            CheckShapes<sbyte>(s, s, s, MatrixLayout.C, MatrixLayout.C, rng);
            CheckShapes<byte>(s, s, s, MatrixLayout.Negative, MatrixLayout.C, rng);
            CheckShapes<uint>(s, s, s, MatrixLayout.C, MatrixLayout.Step, rng);
            CheckShapes<ulong>(s, s, s, MatrixLayout.C, MatrixLayout.C, rng);
        }
    }

    [Test]
    public void IntegersWrapOnOverflow()
    {
        using var a = NDArray<int>.FromArray([int.MaxValue, 3, 2, 1], 2, 2);
        using var b = NDArray<int>.FromArray([2, 0, 0, 2], 2, 2);
        using var c = NDArray.MatMul(a, b);
        Assert.That(c.ToArray(), Is.EqualTo(new[] { unchecked(int.MaxValue * 2), 6, 4, 2 }));
        using var x = NDArray<byte>.FromArray(Enumerable.Repeat((byte)200, 64).ToArray(), 8, 8);
        using var y = NDArray.MatMul(x, x);
        Assert.That(y.ToArray(), Is.All.EqualTo(unchecked((byte)(200 * 200 * 8))));
    }

    [TestCaseSource(nameof(Widths))]
    public void EveryLayoutPairAtEveryWidth(SimdWidth width)
    {
        using var _ = Settings(width);
        var rng = new Random(4);
        foreach (var la in Layouts)
            foreach (var lb in Layouts)
            {
                CheckShapes<float>(17, 65, 33, la, lb, rng);
                CheckShapes<double>(9, 40, 1, la, lb, rng);   // matrix·vector path
                CheckShapes<double>(1, 40, 19, la, lb, rng);  // vector·matrix path
            }
        CheckShapes<float>(70, 300, 90, MatrixLayout.NegativeTransposed, MatrixLayout.Step, rng);
        CheckShapes<int>(33, 70, 40, MatrixLayout.Transposed, MatrixLayout.Negative, rng);
    }

    [Test]
    public void StridedDestinations()
    {
        var rng = new Random(5);
        using var a = Random<float>(rng, 20, 30);
        using var b = Random<float>(rng, 30, 40);
        using var expected = NDArray.MatMul(a, b);
        using var owner = NDArray<float>.Zeros(40, 20);
        using var transposed = owner.Transpose();
        NDArray.MatMul(a, b, transposed);
        Assert.That(transposed.ToArray(), Is.EqualTo(expected.ToArray()));
        using var wide = NDArray<float>.Zeros(20, 81);
        using var stepped = wide[.., SliceIndex.Slice(79, null, -2)];
        NDArray.MatMul(a, b, stepped);
        Assert.That(stepped.ToArray(), Is.EqualTo(expected.ToArray()));
    }

    [Test]
    public void OneDimensionalOperandsArePromotedAndRemoved()
    {
        var rng = new Random(6);
        using var v = Random<double>(rng, 5);
        using var m = Random<double>(rng, 5, 3);
        using var w = Random<double>(rng, 3);
        using var vm = NDArray.MatMul(v, m);
        Assert.That(vm.Shape.ToArray(), Is.EqualTo(new nint[] { 3 }));
        using var v2 = v.Reshape(1, 5);
        using var vm2 = NDArray.MatMul(v2, m);
        Assert.That(vm.ToArray(), Is.EqualTo(vm2.ToArray()));
        using var mw = NDArray.MatMul(m, w);
        Assert.That(mw.Shape.ToArray(), Is.EqualTo(new nint[] { 5 }));
        using var w2 = w.Reshape(3, 1);
        using var mw2 = NDArray.MatMul(m, w2);
        Assert.That(mw.ToArray(), Is.EqualTo(mw2.ToArray()));
        using var vv = NDArray.MatMul(v, v);
        Assert.That(vv.Rank, Is.EqualTo(0));
        double expected = 0;
        for (int i = 0; i < 5; i++) expected = Math.FusedMultiplyAdd(v.Get(i), v.Get(i), expected);
        Assert.That(vv.Item(), Is.EqualTo(expected));
        using var stack = Random<double>(rng, 2, 4, 5);
        using var sv = NDArray.MatMul(stack, v);
        Assert.That(sv.Shape.ToArray(), Is.EqualTo(new nint[] { 2, 4 }));
        using var stack36 = Random<double>(rng, 2, 3, 6);
        using var vs = NDArray.MatMul(w, stack36);
        Assert.That(vs.Shape.ToArray(), Is.EqualTo(new nint[] { 2, 6 }));
    }

    [Test]
    public void BatchAxesBroadcast()
    {
        var rng = new Random(7);
        using var a = Random<float>(rng, 3, 1, 7, 5);
        using var b = Random<float>(rng, 4, 5, 6);
        using var c = NDArray.MatMul(a, b);
        Assert.That(c.Shape.ToArray(), Is.EqualTo(new nint[] { 3, 4, 7, 6 }));
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 4; j++)
            {
                using var ai = a[i, 0];
                using var bj = b[j];
                using var cij = c[i, j];
                AssertProduct(ai, bj, cij, $"batch ({i}, {j})");
            }
        // A stride-0 batch (BroadcastTo) and a reversed batch axis.
        using var owner = Random<float>(rng, 1, 9, 17);
        using var shared = owner.BroadcastTo(6, 9, 17);
        using var bs = Random<float>(rng, 6, 17, 33);
        using var reversed = bs.Flip(0);
        using var r = NDArray.MatMul(shared, reversed);
        for (int i = 0; i < 6; i++)
        {
            using var ai = shared[i];
            using var bi = reversed[i];
            using var ci = r[i];
            AssertProduct(ai, bi, ci, $"broadcast batch {i}");
        }
    }

    [Test]
    public void BitIdenticalForEveryThreadCount()
    {
        var rng = new Random(8);
        var cases = new (nint[] A, nint[] B)[]
        {
            ([257, 300], [300, 129]),   // split by rows, two k blocks
            ([40, 300], [300, 257]),    // split by columns
            ([1100, 300], [300]),       // matrix·vector over three row chunks (dot rows; column walk for the F-order copy)
            ([16, 33, 40], [16, 40, 35]), // batch split
        };
        foreach (var (sa, sb) in cases)
        {
            using var a = Random<float>(rng, sa);
            using var b = Random<float>(rng, sb);
            using var f = a.Copy(Order.F); // same values, column-major: the transposed-operand paths
            float[]? first = null, firstT = null;
            foreach (int threads in new[] { 1, 2, 3 })
            {
                using var _ = Settings(SimdWidth.Auto, threads, parallelThreshold: 1);
                using var c = NDArray.MatMul(a, b);
                using var ct = NDArray.MatMul(f, b);
                first ??= c.ToArray();
                firstT ??= ct.ToArray();
                Assert.That(c.ToArray(), Is.EqualTo(first), $"{threads} threads, shapes {string.Join('x', sa)} @ {string.Join('x', sb)}");
                Assert.That(ct.ToArray(), Is.EqualTo(firstT), $"{threads} threads (column-major A)");
            }
        }
    }

    [Test]
    public void MatrixVectorOnEveryLayoutWidthAndThreadCount()
    {
        // Rows contiguous: dot products; columns contiguous (a transposed view): y as a combination of A's rows,
        // four columns per pass over y blocks of 2048 float32 / 1024 float64 rows (the sizes cross a block; k tails
        // past the four-column groups). Bit-identical on 1, 2 and 3 threads; near the reference at every width.
        var rng = new Random(11);
        foreach (var (m, k) in new[] { (2049, 7), (4100, 5), (1030, 67), (600, 3) })
            foreach (var la in new[] { MatrixLayout.C, MatrixLayout.Transposed, MatrixLayout.NegativeTransposed, MatrixLayout.Step })
            {
                using var af = Matrix<float>(la, m, k, rng);
                using var ad = Matrix<double>(la, m, k, rng);
                using var xf = Matrix<float>(MatrixLayout.C, k, 1, rng);
                using var xd = Matrix<double>(MatrixLayout.Step, k, 1, rng);
                foreach (var width in Widths)
                {
                    float[]? first = null;
                    double[]? firstD = null;
                    foreach (int threads in new[] { 1, 2, 3 })
                    {
                        using var _ = Settings(width, threads, parallelThreshold: 1);
                        using var yf = NDArray.MatMul(af, xf);
                        using var yd = NDArray.MatMul(ad, xd);
                        string context = $"({m}x{k}, {la}) @ x, {width}, {threads} thread(s)";
                        AssertProduct(af, xf, yf, context);
                        AssertProduct(ad, xd, yd, context);
                        first ??= yf.ToArray();
                        firstD ??= yd.ToArray();
                        Assert.That(yf.ToArray(), Is.EqualTo(first), context);
                        Assert.That(yd.ToArray(), Is.EqualTo(firstD), context);
                    }
                }
            }
    }

    [Test]
    public void TwoThreadsMatchTheReference()
    {
        using var _ = Settings(SimdWidth.Auto, 2, parallelThreshold: 1);
        var rng = new Random(9);
        CheckShapes<double>(130, 90, 70, MatrixLayout.C, MatrixLayout.Transposed, rng);
        CheckShapes<float>(20, 90, 257, MatrixLayout.Negative, MatrixLayout.C, rng);
        CheckShapes<int>(65, 90, 65, MatrixLayout.C, MatrixLayout.C, rng);
    }

    [Test]
    public void DestinationAliasingAnInputIsAsIfCopiedFirst()
    {
        var rng = new Random(10);
        using var a = Random<float>(rng, 33, 33);
        using var b = Random<float>(rng, 33, 33);
        using var expected = NDArray.MatMul(a, b);
        long before = AllocationTracker.Snapshot().CopiesOf("MatMul(overlap temporary)");
        NDArray.MatMul(a, b, a); // a = a @ b
        Assert.That(a.ToArray(), Is.EqualTo(expected.ToArray()));
        Assert.That(AllocationTracker.Snapshot().CopiesOf("MatMul(overlap temporary)") - before, Is.EqualTo(1), "only a is staged");

        using var b2 = b.Copy();
        using var bt = b2.Transpose();
        using var expected2 = NDArray.MatMul(expected, bt);
        before = AllocationTracker.Snapshot().CopiesOf("MatMul(overlap temporary)");
        NDArray.MatMul(a, bt, b2); // the destination is the transposed operand's buffer
        Assert.That(b2.ToArray(), Is.EqualTo(expected2.ToArray()));
        Assert.That(AllocationTracker.Snapshot().CopiesOf("MatMul(overlap temporary)") - before, Is.EqualTo(1));
    }

    [Test]
    public void DisjointPartsOfOneBufferAreNotStaged()
    {
        var rng = new Random(11);
        using var big = Random<float>(rng, 60, 20);
        using var a = big[..20];
        using var b = big[20..40];
        using var c = big[40..];
        using var expected = NDArray.MatMul(a, b);
        long before = AllocationTracker.Snapshot().CopiesOf("MatMul(overlap temporary)");
        NDArray.MatMul(a, b, c);
        Assert.That(AllocationTracker.Snapshot().CopiesOf("MatMul(overlap temporary)"), Is.EqualTo(before));
        Assert.That(c.ToArray(), Is.EqualTo(expected.ToArray()));
        // Interleaved rows: the extents meet but the elements do not.
        using var even = big[SliceIndex.Slice(0, 40, 2)];
        using var odd = big[SliceIndex.Slice(1, 40, 2)];
        using var sq = Random<float>(rng, 20, 20);
        using var expected2 = NDArray.MatMul(even, sq);
        NDArray.MatMul(even, sq, odd);
        Assert.That(odd.ToArray(), Is.EqualTo(expected2.ToArray()));
        Assert.That(AllocationTracker.Snapshot().CopiesOf("MatMul(overlap temporary)"), Is.EqualTo(before));
    }

    [Test]
    public void BadShapesNameBothShapes()
    {
        using var a = NDArray<float>.Zeros(3, 4);
        using var b = NDArray<float>.Zeros(5, 6);
        var e = Assert.Throws<ArgumentException>(() => NDArray.MatMul(a, b).Dispose())!;
        Assert.That(e.Message, Does.Contain("(3, 4)").And.Contain("(5, 6)"));
        using var x = NDArray<float>.Zeros(2, 3, 4);
        using var y = NDArray<float>.Zeros(3, 4, 2);
        e = Assert.Throws<ArgumentException>(() => NDArray.MatMul(x, y).Dispose())!;
        Assert.That(e.Message, Does.Contain("(2, 3, 4)").And.Contain("(3, 4, 2)").And.Contain("batch"));
        using var s = NDArray<float>.Zeros();
        Assert.Throws<ArgumentException>(() => NDArray.MatMul(s, a).Dispose());
        using var v = NDArray<float>.Zeros(5);
        e = Assert.Throws<ArgumentException>(() => NDArray.MatMul(a, v).Dispose())!;
        Assert.That(e.Message, Does.Contain("(3, 4)").And.Contain("(5,)"));
        using var ok = NDArray<float>.Zeros(4, 2);
        using var wrong = NDArray<float>.Zeros(3, 3);
        e = Assert.Throws<ArgumentException>(() => NDArray.MatMul(a, ok, wrong))!;
        Assert.That(e.Message, Does.Contain("(3, 3)").And.Contain("(3, 2)"));
    }

    [Test]
    public void ReadOnlyAndDisposedOperandsAreRefused()
    {
        using var a = NDArray<float>.Zeros(3, 4);
        using var b = NDArray<float>.Zeros(4, 2);
        using var row = NDArray<float>.Zeros(1, 2);
        using var broadcast = row.BroadcastTo(3, 2);
        Assert.Throws<InvalidOperationException>(() => NDArray.MatMul(a, b, broadcast));
        using var c = NDArray<float>.Zeros(3, 2);
        using var readOnly = c.AsReadOnly();
        Assert.Throws<InvalidOperationException>(() => NDArray.MatMul(a, b, readOnly));
        var gone = NDArray<float>.Zeros(4, 2);
        gone.Dispose();
        Assert.Throws<ObjectDisposedException>(() => NDArray.MatMul(a, gone).Dispose());
        Assert.Throws<ObjectDisposedException>(() => NDArray.MatMul(gone, a).Dispose());
        var goneDestination = NDArray<float>.Zeros(3, 2);
        goneDestination.Dispose();
        Assert.Throws<ObjectDisposedException>(() => NDArray.MatMul(a, b, goneDestination));
        using var h = NDArray<Half>.Zeros(2, 2);
        Assert.Throws<NotSupportedException>(() => NDArray.MatMul(h, h).Dispose());
        Assert.Throws<ArgumentNullException>(() => NDArray.MatMul(a, null!).Dispose());
    }

    [Test]
    public void EmptyAndZeroLengthContraction()
    {
        using var a = NDArray<float>.Zeros(3, 0);
        using var b = NDArray<float>.Zeros(0, 4);
        using var dest = NDArray<float>.Zeros(3, 4);
        dest.Fill(7);
        NDArray.MatMul(a, b, dest);
        Assert.That(dest.ToArray(), Is.All.EqualTo(0f));
        using var e1 = NDArray<float>.Zeros(0, 5);
        using var e2 = NDArray<float>.Zeros(5, 3);
        using var e = NDArray.MatMul(e1, e2);
        Assert.That(e.Shape.ToArray(), Is.EqualTo(new nint[] { 0, 3 }));
    }

    [Test]
    public void PackBuffersAreReusedInSteadyState()
    {
        var rng = new Random(12);
        using var _ = Settings(SimdWidth.Auto, 1);
        using var a = Random<float>(rng, 300, 300);
        using var b = Random<float>(rng, 300, 300);
        using var c = NDArray<float>.Zeros(300, 300);
        NDArray.MatMul(a, b, c);
        Assert.That(NDArray.MatMulPackBytes, Is.GreaterThan(0));
        Assert.That(NDArray.MatMulPeakPackBytes, Is.GreaterThanOrEqualTo(NDArray.MatMulPackBytes));
        long allocations = AllocationTracker.Snapshot().TotalAllocations;
        for (int i = 0; i < 3; i++) NDArray.MatMul(a, b, c);
        Assert.That(AllocationTracker.Snapshot().TotalAllocations, Is.EqualTo(allocations), "no native allocation per call");
        long live = AllocationTracker.Snapshot().LiveBytes;
        long freed = NDArray.ReleaseMatMulPackBuffers();
        Assert.That(freed, Is.GreaterThan(0));
        Assert.That(AllocationTracker.Snapshot().LiveBytes, Is.LessThanOrEqualTo(live - freed), "pack buffers are tracked bytes");
        NDArray.MatMul(a, b, c);
        AssertProduct(a, b, c, "after release");
    }

    [Test]
    public void SpanForm()
    {
        var rng = new Random(13);
        using var a = Random<double>(rng, 2, 5, 7);
        using var b = Random<double>(rng, 7, 3);
        using var expected = NDArray.MatMul(a, b);
        using var c = NDArray<double>.Zeros(2, 5, 3);
        NDArray.MatMul(a.AsReadOnlyNDSpan(), b.AsReadOnlyNDSpan(), c.AsNDSpan());
        Assert.That(c.ToArray(), Is.EqualTo(expected.ToArray()));
    }
}
