using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NativeArrays.Kernels.Gemm;

/// <summary>
/// In-register transposes for packing strided operands (AVX): 8 x 8 blocks of 4-byte elements and 4 x 4 blocks of
/// 8-byte elements, moved as bits (float, int, uint / double, long, ulong alike). A row-major A block becomes MR-row
/// k groups, a transposed B block becomes NR-column k rows, with 8 (4) loads and stores per 64 (16) elements
/// instead of one scattered store per element. Negative k steps (reversed operands) transpose the block that ends
/// at the first element and store it backwards. Bit-exact: packing never changes a value.
/// </summary>
internal static unsafe class GemmTranspose
{
    /// <summary>Whether <typeparamref name="T"/> has an in-register transpose here.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Supported<T>() where T : unmanaged => Avx2.IsSupported && (sizeof(T) == 4 || sizeof(T) == 8);

    /// <summary>Side of the transposed block (8 for 4-byte elements, 4 for 8-byte ones).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Block<T>() where T : unmanaged => sizeof(T) == 4 ? 8 : 4;

    /// <summary>
    /// MR rows (at <paramref name="rowStride"/>) of k steps ±1 into the packed A panel layout <c>d[p * MR + r]</c>;
    /// returns the k steps done (a multiple of the block side; the caller copies the rest).
    /// </summary>
    public static nint RowsToPanel<T>(T* source, nint rowStride, nint kStride, nint kc, T* d) where T : unmanaged
    {
        const int mr = GemmBlocking.MR;
        nint p = 0;
        if (sizeof(T) == 4)
        {
            for (; p + 8 <= kc; p += 8)
            {
                if (kStride == 1) Transpose8((float*)(source + p), rowStride, (float*)(d + p * mr), mr);
                else Transpose8((float*)(source - p - 7), rowStride, (float*)(d + (p + 7) * mr), -mr);
            }
            return p;
        }
        for (; p + 4 <= kc; p += 4)
        {
            if (kStride == 1)
            {
                Transpose4((double*)(source + p), rowStride, (double*)(d + p * mr), mr);
                Transpose4((double*)(source + 4 * rowStride + p), rowStride, (double*)(d + p * mr + 4), mr);
            }
            else
            {
                Transpose4((double*)(source - p - 3), rowStride, (double*)(d + (p + 3) * mr), -mr);
                Transpose4((double*)(source + 4 * rowStride - p - 3), rowStride, (double*)(d + (p + 3) * mr + 4), -mr);
            }
        }
        return p;
    }

    /// <summary>
    /// <paramref name="nr"/> columns (at <paramref name="columnStride"/>) of k steps ±1 into the packed B panel layout
    /// <c>d[p * nr + c]</c>; returns the k steps done (the caller copies the rest).
    /// </summary>
    public static nint ColumnsToPanel<T>(T* source, nint columnStride, nint kStride, nint kc, int nr, T* d) where T : unmanaged
    {
        // A cache line of k (two blocks) per group of columns before the next group: the columns are usually a
        // power-of-two stride apart, so their lines share a few L1 sets and would be evicted between two blocks.
        int w = Block<T>(), line = 2 * w;
        nint p = 0;
        for (; p + line <= kc; p += line)
            for (int c = 0; c < nr; c += w)
            {
                TransposeBlock(source + c * columnStride, columnStride, kStride, p, nr, d + c);
                TransposeBlock(source + c * columnStride, columnStride, kStride, p + w, nr, d + c);
            }
        for (; p + w <= kc; p += w)
            for (int c = 0; c < nr; c += w) TransposeBlock(source + c * columnStride, columnStride, kStride, p, nr, d + c);
        return p;
    }

    /// <summary>k steps [p, p + block) of the block side's columns at <paramref name="s"/> into rows of the panel at <paramref name="d"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TransposeBlock<T>(T* s, nint columnStride, nint kStride, nint p, int nr, T* d) where T : unmanaged
    {
        if (sizeof(T) == 4)
        {
            if (kStride == 1) Transpose8((float*)(s + p), columnStride, (float*)(d + p * nr), nr);
            else Transpose8((float*)(s - p - 7), columnStride, (float*)(d + (p + 7) * nr), -nr);
        }
        else if (kStride == 1) Transpose4((double*)(s + p), columnStride, (double*)(d + p * nr), nr);
        else Transpose4((double*)(s - p - 3), columnStride, (double*)(d + (p + 3) * nr), -nr);
    }

    /// <summary>
    /// <c>d[c] = s[-c]</c> for c in [0, <paramref name="nr"/>), nr a multiple of the block side. A row of the 512-bit
    /// kernel (two 64-byte vectors) is reversed with 512-bit permutes, narrower ones with 256-bit ones.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReverseRow<T>(T* s, int nr, T* d) where T : unmanaged
    {
        if (Avx512F.IsSupported && nr % (128 / sizeof(T)) == 0)
        {
            if (sizeof(T) == 4)
            {
                var order16 = Vector512.Create(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
                for (int c = 0; c < nr; c += 16)
                    Avx512F.Store((float*)(d + c), Avx512F.PermuteVar16x32(Avx512F.LoadVector512((float*)(s - c - 15)), order16));
                return;
            }
            var order8 = Vector512.Create(7L, 6, 5, 4, 3, 2, 1, 0);
            for (int c = 0; c < nr; c += 8)
                Avx512F.Store((double*)(d + c), Avx512F.PermuteVar8x64(Avx512F.LoadVector512((double*)(s - c - 7)), order8));
            return;
        }
        if (sizeof(T) == 4)
        {
            var order = Vector256.Create(7, 6, 5, 4, 3, 2, 1, 0);
            for (int c = 0; c < nr; c += 8)
                Avx.Store((float*)(d + c), Avx2.PermuteVar8x32(Avx.LoadVector256((float*)(s - c - 7)), order));
            return;
        }
        for (int c = 0; c < nr; c += 4)
            Avx.Store((double*)(d + c), Avx2.Permute4x64(Avx.LoadVector256((double*)(s - c - 3)), 0x1B));
    }

    /// <summary>Row i of the 8 x 8 block at <paramref name="s"/> (rows <paramref name="sStride"/> apart) becomes column i at <paramref name="d"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Transpose8(float* s, nint sStride, float* d, nint dStride)
    {
        Vector256<float> r0 = Avx.LoadVector256(s), r1 = Avx.LoadVector256(s + sStride);
        Vector256<float> r2 = Avx.LoadVector256(s + 2 * sStride), r3 = Avx.LoadVector256(s + 3 * sStride);
        Vector256<float> r4 = Avx.LoadVector256(s + 4 * sStride), r5 = Avx.LoadVector256(s + 5 * sStride);
        Vector256<float> r6 = Avx.LoadVector256(s + 6 * sStride), r7 = Avx.LoadVector256(s + 7 * sStride);
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5), t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE), u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE), u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(d, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(d + dStride, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(d + 2 * dStride, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(d + 3 * dStride, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(d + 4 * dStride, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(d + 5 * dStride, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(d + 6 * dStride, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(d + 7 * dStride, Avx.Permute2x128(u3, u7, 0x31));
    }

    /// <summary>The 4 x 4 transpose of 8-byte elements (see <see cref="Transpose8"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Transpose4(double* s, nint sStride, double* d, nint dStride)
    {
        Vector256<double> r0 = Avx.LoadVector256(s), r1 = Avx.LoadVector256(s + sStride);
        Vector256<double> r2 = Avx.LoadVector256(s + 2 * sStride), r3 = Avx.LoadVector256(s + 3 * sStride);
        Vector256<double> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Avx.Store(d, Avx.Permute2x128(t0, t2, 0x20));
        Avx.Store(d + dStride, Avx.Permute2x128(t1, t3, 0x20));
        Avx.Store(d + 2 * dStride, Avx.Permute2x128(t0, t2, 0x31));
        Avx.Store(d + 3 * dStride, Avx.Permute2x128(t1, t3, 0x31));
    }
}
