using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace NativeArrays.Kernels.Gemm;

/// <summary>
/// The register-blocked micro-kernel, written once over the vector abstraction: a tile of
/// <see cref="GemmBlocking.MR"/> rows by two vectors of C stays in 16 accumulators while k runs; each step loads
/// two vectors of a B row, broadcasts the MR elements of an A column and issues 16 fused multiply-adds. C is
/// vectorised along its rows (N), so row-major results store straight from the accumulators.
/// </summary>
/// <remarks>
/// A is read at <c>a[r * aRow + p * aK]</c> (packed panels: aRow = 1, aK = MR; an operand read in place:
/// aRow and aK = its row and k strides). B is read at <c>b[p * bK + j]</c> (packed: bK = NR; a row-major operand in
/// place: its row stride). Every element of C is one FMA chain over k in increasing order starting from zero,
/// and is then stored (first k block) or added to C (later blocks): the arithmetic of an element depends on
/// nothing but KC, so results are bit-identical for every tiling, partition and thread count.
/// </remarks>
internal static unsafe class GemmMicroKernel
{
    /// <summary>
    /// C[0..MR, 0..2V) = (accumulate ? C + A·B : A·B) over <paramref name="kc"/> steps. C rows are contiguous
    /// with stride <paramref name="cRow"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile<T, TV>(nint kc, T* a, nint aRow, nint aK, T* b, nint bK, T* c, nint cRow, bool accumulate)
        where T : unmanaged where TV : struct, ISimdVec<TV, T>
    {
        int v = TV.Count;
        TV c00 = TV.Zero, c01 = TV.Zero, c10 = TV.Zero, c11 = TV.Zero, c20 = TV.Zero, c21 = TV.Zero, c30 = TV.Zero, c31 = TV.Zero;
        TV c40 = TV.Zero, c41 = TV.Zero, c50 = TV.Zero, c51 = TV.Zero, c60 = TV.Zero, c61 = TV.Zero, c70 = TV.Zero, c71 = TV.Zero;
        nint r2 = 2 * aRow, r3 = 3 * aRow, r4 = 4 * aRow, r5 = 5 * aRow, r6 = 6 * aRow, r7 = 7 * aRow;
        PrefetchTile(c, cRow, 2 * v);
        for (nint p = 0; p < kc; p++)
        {
            TV b0 = TV.Load(b), b1 = TV.Load(b + v);
            Row(a[0], b0, b1, ref c00, ref c01);
            Row(a[aRow], b0, b1, ref c10, ref c11);
            Row(a[r2], b0, b1, ref c20, ref c21);
            Row(a[r3], b0, b1, ref c30, ref c31);
            Row(a[r4], b0, b1, ref c40, ref c41);
            Row(a[r5], b0, b1, ref c50, ref c51);
            Row(a[r6], b0, b1, ref c60, ref c61);
            Row(a[r7], b0, b1, ref c70, ref c71);
            a += aK;
            b += bK;
        }
        Put(c, v, c00, c01, accumulate); c += cRow;
        Put(c, v, c10, c11, accumulate); c += cRow;
        Put(c, v, c20, c21, accumulate); c += cRow;
        Put(c, v, c30, c31, accumulate); c += cRow;
        Put(c, v, c40, c41, accumulate); c += cRow;
        Put(c, v, c50, c51, accumulate); c += cRow;
        Put(c, v, c60, c61, accumulate); c += cRow;
        Put(c, v, c70, c71, accumulate);
    }

    /// <summary>
    /// Asks for the tile's C lines before the k loop, so that the load (later k blocks) or store (the first) after it
    /// finds them in L1: a C of a large product is out of the caches each k block, and its eight rows are a C row
    /// (4 KiB or more) apart, misses the loop's 16·KC FMAs otherwise wait for at the end of each tile.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchTile<T>(T* c, nint cRow, int rowElements) where T : unmanaged
    {
        if (!Sse.IsSupported) return;
        // A row's first and last byte: both lines of a 64-byte-aligned 128-byte row (the usual case), or its one line.
        T* last = c + rowElements - 1;
        nint step = cRow;
        for (int r = 0; r < GemmBlocking.MR; r++, c += step, last += step)
        {
            Sse.Prefetch0(c);
            Sse.Prefetch0(last);
        }
    }

    /// <summary>One row of the tile at one k step: its A element broadcast times the two B vectors, into its two accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Row<T, TV>(T a, TV b0, TV b1, ref TV c0, ref TV c1) where T : unmanaged where TV : struct, ISimdVec<TV, T>
    {
        TV x = TV.Create(a);
        c0 = TV.FusedMultiplyAdd(x, b0, c0);
        c1 = TV.FusedMultiplyAdd(x, b1, c1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put<T, TV>(T* c, int v, TV x0, TV x1, bool accumulate)
        where T : unmanaged where TV : struct, ISimdVec<TV, T>
    {
        if (accumulate)
        {
            x0 = TV.Add(TV.Load(c), x0);
            x1 = TV.Add(TV.Load(c + v), x1);
        }
        TV.Store(x0, c);
        TV.Store(x1, c + v);
    }

    /// <summary>
    /// The scalar tile (no vector width, or an element type without vectors): same contract as <see cref="Tile"/>
    /// with NR = <see cref="GemmBlocking.ScalarNR"/>, one FMA chain per element in k order.
    /// </summary>
    public static void ScalarTile<T>(nint kc, T* a, nint aRow, nint aK, T* b, nint bK, T* c, nint cRow, bool accumulate)
        where T : unmanaged, INumber<T>
    {
        const int mr = GemmBlocking.MR, nr = GemmBlocking.ScalarNR;
        T* acc = stackalloc T[mr * nr];
        for (int i = 0; i < mr * nr; i++) acc[i] = T.Zero;
        for (nint p = 0; p < kc; p++)
        {
            for (int r = 0; r < mr; r++)
            {
                T x = a[r * aRow];
                for (int j = 0; j < nr; j++) acc[r * nr + j] = MultiplyAddOp<T>.Invoke(x, b[j], acc[r * nr + j]);
            }
            a += aK;
            b += bK;
        }
        for (int r = 0; r < mr; r++)
            for (int j = 0; j < nr; j++)
                c[r * cRow + j] = accumulate ? c[r * cRow + j] + acc[r * nr + j] : acc[r * nr + j];
    }
}
