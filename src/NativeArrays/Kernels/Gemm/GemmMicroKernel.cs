using System.Numerics;
using System.Runtime.CompilerServices;

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
        for (nint p = 0; p < kc; p++)
        {
            TV b0 = TV.Load(b), b1 = TV.Load(b + v);
            TV x = TV.Create(a[0]);
            c00 = TV.FusedMultiplyAdd(x, b0, c00); c01 = TV.FusedMultiplyAdd(x, b1, c01);
            x = TV.Create(a[aRow]);
            c10 = TV.FusedMultiplyAdd(x, b0, c10); c11 = TV.FusedMultiplyAdd(x, b1, c11);
            x = TV.Create(a[r2]);
            c20 = TV.FusedMultiplyAdd(x, b0, c20); c21 = TV.FusedMultiplyAdd(x, b1, c21);
            x = TV.Create(a[r3]);
            c30 = TV.FusedMultiplyAdd(x, b0, c30); c31 = TV.FusedMultiplyAdd(x, b1, c31);
            x = TV.Create(a[r4]);
            c40 = TV.FusedMultiplyAdd(x, b0, c40); c41 = TV.FusedMultiplyAdd(x, b1, c41);
            x = TV.Create(a[r5]);
            c50 = TV.FusedMultiplyAdd(x, b0, c50); c51 = TV.FusedMultiplyAdd(x, b1, c51);
            x = TV.Create(a[r6]);
            c60 = TV.FusedMultiplyAdd(x, b0, c60); c61 = TV.FusedMultiplyAdd(x, b1, c61);
            x = TV.Create(a[r7]);
            c70 = TV.FusedMultiplyAdd(x, b0, c70); c71 = TV.FusedMultiplyAdd(x, b1, c71);
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
