using System.Numerics;
using NativeArrays.Kernels;

namespace NativeArrays.Tests.Kernels;

/// <summary>
/// Issue 12's layouts: constant steps up to 8 read by loads and permutes (the results of every step are checked in
/// <see cref="StridedStepTests{T}"/>), and the tiled transposed walk that hands whole tiles to the row kernels (a single
/// transposed input read in registers or packed), checked
/// against a scalar reference on every SIMD width, 1 and 2 threads, shapes that end inside a tile and inside a vector.
/// </summary>
[TestFixture(typeof(float))]
[TestFixture(typeof(double))]
[TestFixture(typeof(int))]
[TestFixture(typeof(long))]
[TestFixture(typeof(short))]
[TestFixture(typeof(byte))]
public unsafe class StridedLayoutTests<T> where T : unmanaged, INumber<T>
{
    [Test]
    public void RowInputReadsEveryStepUpToEightWithoutGathersWherePermutesExist()
    {
        if (sizeof(T) != 4 && sizeof(T) != 8) Assert.Ignore("Two-source permutes exist for 4- and 8-byte lanes only.");
        using var owner = RawView<T>.Alloc(16 * 64);
        byte* p = (byte*)owner.Pointer;
        for (int step = 2; step <= 9; step++)
        {
            bool wants = step <= RowInput<T, Vec256<T>>.MaxStep && (Vec256<T>.HasPermute2 || Vec256<T>.HasStepLoad);
            Assert.That(RowInput<T, Vec256<T>>.TryCreate(p, step * sizeof(T), out _), Is.EqualTo(wants), $"256-bit step {step}");
            wants = step <= RowInput<T, Vec512<T>>.MaxStep && Vec512<T>.HasPermute2;
            Assert.That(RowInput<T, Vec512<T>>.TryCreate(p, step * sizeof(T), out _), Is.EqualTo(wants), $"512-bit step {step}");
        }
        // And what it reads is the strided lanes (the run-time step switch, as rows with different steps use it).
        for (int j = 0; j < 16 * 64; j++) owner.Block[j] = T.CreateTruncating(j % 1000);
        if (Vec256<T>.HasPermute2 || Vec256<T>.HasStepLoad) CheckLoads<Vec256<T>>(p);
        if (Vec512<T>.HasPermute2) CheckLoads<Vec512<T>>(p);
    }

    [Test]
    public void ABackwardRowIsOneContiguousLoadWithItsLanesReversed()
    {
        using var owner = RawView<T>.Alloc(256);
        for (int j = 0; j < 256; j++) owner.Block[j] = T.CreateTruncating(j % 100 + 1);
        byte* p = (byte*)owner.Pointer;
        int widths = CheckBackward<Vec128<T>>(p) + CheckBackward<Vec256<T>>(p) + CheckBackward<Vec512<T>>(p);
        if (widths == 0) Assert.Ignore("No vector width reverses lanes on this machine.");
    }

    [Test]
    public void BackwardStepsReadTheirLanesAndAddLikeTheReference()
    {
        using var owner = RawView<T>.Alloc(1024);
        for (int j = 0; j < 1024; j++) owner.Block[j] = T.CreateTruncating(j % 100 + 1);
        // The lanes of each backward step at the widths that fold them (AVX-512's two-source permutes; 4- and 8-byte lanes).
        CheckBackwardSteps<Vec128<T>>((byte*)owner.Pointer);
        CheckBackwardSteps<Vec256<T>>((byte*)owner.Pointer);
        CheckBackwardSteps<Vec512<T>>((byte*)owner.Pointer);
        // End to end, every width (the rows without the vector form take the lane-by-lane path): x[::-k] + y for rows
        // ending inside and at a vector, and one a vector short.
        var r = new Random(13);
        foreach (var w in KernelHarness.Widths)
        {
            using var _ = NativeArraysSettings.Override(NativeArraysSettings.Current with { SimdWidth = w });
            for (int k = 2; k <= 9; k++)
            foreach (int n in new[] { 1, 15, 16, 17, 31, 64, 65, 100, 1000 })
            {
                using var x = RawView<T>.Alloc(k * n);
                x.FillBlock(_ => TestValues.Next<T>(r));
                using var y = RawView<T>.Alloc(n);
                y.FillBlock(_ => TestValues.Next<T>(r));
                using var o = RawView<T>.Alloc(n);
                var back = x.View(k * (n - 1), [n], [-k]);
                Elementwise.Binary<T, T, AddOp<T>>("Add", [n], o.Operand, back.Operand, y.Operand);
                for (int i = 0; i < n; i++)
                    if (o.Block[i] != x.Block[k * (n - 1 - i)] + y.Block[i])
                        Assert.Fail($"width {w} step -{k} n {n} at {i}: {o.Block[i]} against {x.Block[k * (n - 1 - i)] + y.Block[i]}");
            }
        }
    }

    private static void CheckBackwardSteps<TV>(byte* p) where TV : struct, ISimdVec<TV, T>
    {
        if (!(TV.HasPermute2 && TV.HasReverse)) return;
        for (int k = 2; k <= RowInput<T, TV>.MaxStep; k++)
        {
            Assert.That(RowInput<T, TV>.TryCreate(p + 1000 * sizeof(T), -k * sizeof(T), out var input), Is.True, $"{typeof(TV).Name} step -{k}");
            Assert.That(input.Step, Is.EqualTo(-k));
            for (int i = 0; i <= 3 * TV.Count && (i + TV.Count) * k <= 1000; i += 5)
            {
                var v = input.Load(i);
                for (int lane = 0; lane < TV.Count; lane++)
                    Assert.That(TV.GetElement(v, lane), Is.EqualTo(T.CreateTruncating((1000 - k * (i + lane)) % 100 + 1)), $"{typeof(TV).Name} step -{k} lane {i} + {lane}");
            }
        }
    }

    private static int CheckBackward<TV>(byte* p) where TV : struct, ISimdVec<TV, T>
    {
        if (!TV.HasReverse) return 0;
        var reversed = TV.Reverse(TV.Load((T*)p + 7));
        for (int lane = 0; lane < TV.Count; lane++)
            Assert.That(TV.GetElement(reversed, lane), Is.EqualTo(T.CreateTruncating((7 + TV.Count - 1 - lane) % 100 + 1)), $"{typeof(TV).Name} Reverse lane {lane}");
        // A row that starts at element 200 and walks backwards: lanes i .. i + Count - 1 are elements 200 - i - lane.
        Assert.That(RowInput<T, TV>.TryCreate(p + 200 * sizeof(T), -sizeof(T), out var input), Is.True, typeof(TV).Name);
        Assert.That(input.Step, Is.EqualTo(-1));
        for (int i = 0; i <= 3 * TV.Count && i + TV.Count <= 201; i += 5)
        {
            var v = input.Load(i);
            for (int lane = 0; lane < TV.Count; lane++)
                Assert.That(TV.GetElement(v, lane), Is.EqualTo(T.CreateTruncating((200 - i - lane) % 100 + 1)), $"{typeof(TV).Name} backward lane {i} + {lane}");
        }
        return 1;
    }

    private static void CheckLoads<TV>(byte* p) where TV : struct, ISimdVec<TV, T>
    {
        for (int step = 2; step <= 8; step++)
        {
            Assert.That(RowInput<T, TV>.TryCreate(p, step * sizeof(T), out var input), Is.True);
            var v = input.Load(3);
            for (int lane = 0; lane < TV.Count; lane++)
                Assert.That(TV.GetElement(v, lane), Is.EqualTo(T.CreateTruncating(step * (3 + lane) % 1000)), $"{typeof(TV).Name} step {step} lane {lane}");
        }
    }

    /// <summary>
    /// Shapes whose transposed walk is tiled (both inner extents at least 8), ending inside tiles and vectors (the
    /// 513 and 600 ones: more than one tile of 1- and 2-byte elements, whose tiles are 512 and 256 wide; a tile that ends
    /// inside a block has its whole blocks read in registers and its ragged right and bottom strips packed); the last
    /// three: tiles of whole blocks, read in registers (<see cref="IRowKernel.TryTransposedTile"/>) with rows aligned
    /// for non-temporal stores ([256, 64]), a tile 32 wide ([48, 160]), and 40 rows (whole blocks of 8 lanes, not of 16).
    /// Both inputs transposed, and a transposed destination, are packed (the pack path of two inputs).
    /// </summary>
    // [512, 48]: float32 transposed inputs whose rows are 2 KiB apart, which the tiles read ahead when the output is at or
    // above the non-temporal threshold (the 2-thread runs below set it to 1 byte).
    private static readonly nint[][] TiledShapes = [[9, 8], [130, 257], [257, 129], [3, 40, 131], [2, 129, 3, 11], [513, 20], [20, 600], [256, 64], [48, 160], [40, 136], [512, 48]];

    [Test]
    public void TransposedTilesMatchTheReferenceOnEveryWidthAndThreadCount()
    {
        var r = new Random(7);
        foreach (int threads in new[] { 1, 2 })
        foreach (var w in KernelHarness.Widths)
        {
            using var _ = NativeArraysSettings.Override(NativeArraysSettings.Current with
            {
                SimdWidth = w, MaxDegreeOfParallelism = threads, ParallelThreshold = 1 << 10, NonTemporalThreshold = threads == 2 ? 1 : long.MaxValue,
            });
            foreach (var shape in TiledShapes)
            foreach (var (lx, ly, lo) in new[] { (Layout.Transposed, Layout.Contiguous, Layout.Contiguous), (Layout.Contiguous, Layout.Transposed, Layout.Step), (Layout.Transposed, Layout.Transposed, Layout.Negative), (Layout.Transposed, Layout.BroadcastOuter, Layout.Contiguous), (Layout.Contiguous, Layout.Transposed, Layout.Contiguous), (Layout.Transposed, Layout.Transposed, Layout.Contiguous), (Layout.Contiguous, Layout.Contiguous, Layout.Transposed) })
            {
                var (ox, vx) = KernelHarness.Make(lx, shape, () => TestValues.Next<T>(r));
                var (oy, vy) = KernelHarness.Make(ly, shape, () => TestValues.Next<T>(r));
                var (oz, vz) = KernelHarness.Make(Layout.Transposed, shape, () => TestValues.Next<T>(r));
                var (oc, vc) = KernelHarness.Make(Layout.Contiguous, shape, () => TestValues.Next<T>(r));
                var (oo, vo) = KernelHarness.Make(lo, shape, () => T.Zero);
                using (ox) using (oy) using (oz) using (oc) using (oo)
                {
                    string where = $"{threads} threads width {w} shape [{string.Join(", ", shape)}] layouts {lx}/{ly}/{lo}";
                    Elementwise.Binary<T, T, AddOp<T>>("Add", shape, vo.Operand, vx.OperandFor(shape), vy.OperandFor(shape));
                    foreach (var index in RawView<T>.Indices(shape))
                        if (vo[index] != vx.At(shape, index) + vy.At(shape, index))
                            Assert.Fail($"Add {where} at [{string.Join(", ", index)}]");
                    // Not commutative: a transposed input on the wrong side of the operator shows.
                    Elementwise.Binary<T, T, SubtractOp<T>>("Subtract", shape, vo.Operand, vx.OperandFor(shape), vy.OperandFor(shape));
                    foreach (var index in RawView<T>.Indices(shape))
                        if (vo[index] != vx.At(shape, index) - vy.At(shape, index))
                            Assert.Fail($"Subtract {where} at [{string.Join(", ", index)}]");
                    // Clip with z transposed too, and with a contiguous third input first and last: a single transposed
                    // input (read in registers) in each of the operator's three places.
                    foreach (var (cx, cy, cz) in new[] { (vx, vy, vz), (vx, vy, vc), (vc, vx, vy) })
                    {
                        Elementwise.Ternary<T, T, ClipOp<T>>("Clip", shape, vo.Operand, cx.OperandFor(shape), cy.OperandFor(shape), cz.OperandFor(shape));
                        foreach (var index in RawView<T>.Indices(shape))
                        {
                            T want = ClipOp<T>.Invoke(cx.At(shape, index), cy.At(shape, index), cz.At(shape, index));
                            if (vo[index] != want) Assert.Fail($"Clip {where} at [{string.Join(", ", index)}]: expected {want} got {vo[index]}");
                        }
                    }
                    Elementwise.Unary<T, T, NegateOp<T>>("Negate", shape, vo.Operand, vx.OperandFor(shape));
                    foreach (var index in RawView<T>.Indices(shape))
                        if (vo[index] != -vx.At(shape, index))
                            Assert.Fail($"Negate {where} at [{string.Join(", ", index)}]");
                }
            }
        }
    }

    // The walk's view of a row kernel (its block entry points are the interface's, as NdIterator calls them).
    private static bool TakesBlocks<TKernel>() where TKernel : struct, IRowKernel => TKernel.TakesBlocks;

    private static void Rows<TKernel>(TKernel* kernel, nint n, nint rows, byte** p, long* s, long* rowStrides)
        where TKernel : unmanaged, IRowKernel => TKernel.Rows(kernel, n, rows, p, s, rowStrides);

    [Test]
    public void ABlockOfRowsEqualsTheRowsOneByOne()
    {
        if (!System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated) Assert.Ignore("No 256-bit vectors.");
        Assert.That(TakesBlocks<BinaryRow<T, T, AddOp<T>, Vec256<T>>>(), Is.True);
        var r = new Random(11);
        const int rows = 13, n = 37, pitch = 3 * n + 5;
        using var x = RawView<T>.Alloc(rows * pitch);
        using var y = RawView<T>.Alloc(rows * pitch);
        using var blockOut = RawView<T>.Alloc(rows * pitch);
        using var rowOut = RawView<T>.Alloc(rows * pitch);
        x.FillBlock(_ => TestValues.Next<T>(r));
        y.FillBlock(_ => TestValues.Next<T>(r));
        blockOut.FillBlock(_ => T.Zero);
        rowOut.FillBlock(_ => T.Zero);
        // Output contiguous rows, x with step 3, y broadcast along the row: three different row paths.
        long* s = stackalloc long[3] { sizeof(T), 3 * sizeof(T), 0 };
        long* rs = stackalloc long[3] { pitch * sizeof(T), pitch * sizeof(T), sizeof(T) };
        byte** p = stackalloc byte*[3] { (byte*)blockOut.Pointer, (byte*)x.Pointer, (byte*)y.Pointer };
        var kernel = new BinaryRow<T, T, AddOp<T>, Vec256<T>>();
        Rows(&kernel, n, rows, p, s, rs);
        for (int row = 0; row < rows; row++)
        {
            p[0] = (byte*)(rowOut.Pointer + row * pitch); p[1] = (byte*)(x.Pointer + row * pitch); p[2] = (byte*)(y.Pointer + row);
            kernel.Row(n, p, s);
        }
        Assert.That(blockOut.ToArray(), Is.EqualTo(rowOut.ToArray()));
        for (int row = 0; row < rows; row++)
            for (int i = 0; i < n; i++)
                Assert.That(blockOut.Block[row * pitch + i], Is.EqualTo(x.Block[row * pitch + 3 * i] + y.Block[row]), $"row {row} element {i}");
    }
}
