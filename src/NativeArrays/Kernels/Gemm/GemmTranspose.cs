using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NativeArrays.Kernels.Gemm;

/// <summary>
/// In-register transposes for packing strided operands (AVX): 8 x 8 blocks of 4-byte elements and 4 x 4 blocks of
/// 8-byte elements, moved as bits (float, int, uint / double, long, ulong alike). A row-major A block becomes MR-row
/// k groups, a transposed B block becomes NR-column k rows, with 8 (4) loads and stores per 64 (16) elements
/// instead of one scattered store per element. Negative k steps (reversed operands) transpose the block that ends
/// at the first element and store it backwards. Bit-exact: packing never changes a value. The elementwise walk's
/// transposed tiles use whole-line blocks (<see cref="TransposeLines{TElement}"/>: 16 x 16 / 8 x 8 with AVX-512).
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
        => Transpose8(new LoadRows<float>(s, sStride), new StoreLines<float>(d, dStride));

    /// <summary>
    /// The same transpose of the block whose row j is <c>rows.Row(j)</c> (loaded, or computed: a result transposed on its
    /// way to memory), each line of the result handed to <paramref name="lines"/> as a vector.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Transpose8<TRows, TLines>(TRows rows, TLines lines) where TRows : struct, IBlockRows<Vector256<float>> where TLines : struct, IBlockLines<Vector256<float>>
    {
        Vector256<float> r0 = rows.Row(0), r1 = rows.Row(1);
        Vector256<float> r2 = rows.Row(2), r3 = rows.Row(3);
        Vector256<float> r4 = rows.Row(4), r5 = rows.Row(5);
        Vector256<float> r6 = rows.Row(6), r7 = rows.Row(7);
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5), t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE), u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE), u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        lines.Line(0, Avx.Permute2x128(u0, u4, 0x20));
        lines.Line(1, Avx.Permute2x128(u1, u5, 0x20));
        lines.Line(2, Avx.Permute2x128(u2, u6, 0x20));
        lines.Line(3, Avx.Permute2x128(u3, u7, 0x20));
        lines.Line(4, Avx.Permute2x128(u0, u4, 0x31));
        lines.Line(5, Avx.Permute2x128(u1, u5, 0x31));
        lines.Line(6, Avx.Permute2x128(u2, u6, 0x31));
        lines.Line(7, Avx.Permute2x128(u3, u7, 0x31));
    }

    /// <summary>
    /// The transpose of a block of 64 x 64 bytes: 16 x 16 4-byte, 8 x 8 8-byte, 32 x 32 2-byte or 64 x 64 1-byte
    /// elements. Every row read and every row written is one whole cache line (AVX-512: one load or store; otherwise
    /// sub-blocks of <see cref="Transpose8"/> / <see cref="Transpose4"/> / <see cref="Transpose16x16"/> /
    /// <see cref="Transpose16x16Bytes"/>, in an order that finishes each line while it is in L1). Strides are in
    /// elements. 2-byte elements need AVX2; the others AVX (1-byte: SSE2).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void TransposeLines<TElement>(TElement* s, nint sStride, TElement* d, nint dStride) where TElement : unmanaged
    {
        if (sizeof(TElement) == 4)
        {
            if (Avx512F.IsSupported) { Transpose16((float*)s, sStride, (float*)d, dStride); return; }
            Transpose8((float*)s, sStride, (float*)d, dStride);
            Transpose8((float*)s + 8, sStride, (float*)d + 8 * dStride, dStride);
            Transpose8((float*)s + 8 * sStride, sStride, (float*)d + 8, dStride);
            Transpose8((float*)s + 8 * sStride + 8, sStride, (float*)d + 8 * dStride + 8, dStride);
        }
        else if (sizeof(TElement) == 8)
        {
            if (Avx512F.IsSupported) { Transpose8x8((double*)s, sStride, (double*)d, dStride); return; }
            Transpose4((double*)s, sStride, (double*)d, dStride);
            Transpose4((double*)s + 4, sStride, (double*)d + 4 * dStride, dStride);
            Transpose4((double*)s + 4 * sStride, sStride, (double*)d + 4, dStride);
            Transpose4((double*)s + 4 * sStride + 4, sStride, (double*)d + 4 * dStride + 4, dStride);
        }
        else if (sizeof(TElement) == 2)
        {
            Transpose16x16((short*)s, sStride, (short*)d, dStride);
            Transpose16x16((short*)s + 16, sStride, (short*)d + 16 * dStride, dStride);
            Transpose16x16((short*)s + 16 * sStride, sStride, (short*)d + 16, dStride);
            Transpose16x16((short*)s + 16 * sStride + 16, sStride, (short*)d + 16 * dStride + 16, dStride);
        }
        else
        {
            for (int i = 0; i < 64; i += 16)
                for (int j = 0; j < 64; j += 16)
                    Transpose16x16Bytes((byte*)s + i * sStride + j, sStride, (byte*)d + j * dStride + i, dStride);
        }
    }

    /// <summary>
    /// The 16 x 16 transpose of 2-byte elements with AVX2: each 128-bit lane holds 8 columns; three rounds of unpacks
    /// (16-, 32-, 64-bit) transpose the 8 x 8 blocks of each lane, and one lane permute per output row joins rows 0..7 and 8..15.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Transpose16x16(short* s, nint sStride, short* d, nint dStride)
    {
        Vector256<short> r0 = Avx.LoadVector256(s), r1 = Avx.LoadVector256(s + sStride), r2 = Avx.LoadVector256(s + 2 * sStride), r3 = Avx.LoadVector256(s + 3 * sStride);
        Vector256<short> r4 = Avx.LoadVector256(s + 4 * sStride), r5 = Avx.LoadVector256(s + 5 * sStride), r6 = Avx.LoadVector256(s + 6 * sStride), r7 = Avx.LoadVector256(s + 7 * sStride);
        Vector256<short> r8 = Avx.LoadVector256(s + 8 * sStride), r9 = Avx.LoadVector256(s + 9 * sStride), r10 = Avx.LoadVector256(s + 10 * sStride), r11 = Avx.LoadVector256(s + 11 * sStride);
        Vector256<short> r12 = Avx.LoadVector256(s + 12 * sStride), r13 = Avx.LoadVector256(s + 13 * sStride), r14 = Avx.LoadVector256(s + 14 * sStride), r15 = Avx.LoadVector256(s + 15 * sStride);
        // Pairs of rows: a = columns 0..3 of the lane, b = columns 4..7, as 32-bit (row, row + 1) pairs.
        Vector256<int> a0 = Avx2.UnpackLow(r0, r1).AsInt32(), a1 = Avx2.UnpackLow(r2, r3).AsInt32(), a2 = Avx2.UnpackLow(r4, r5).AsInt32(), a3 = Avx2.UnpackLow(r6, r7).AsInt32();
        Vector256<int> a4 = Avx2.UnpackLow(r8, r9).AsInt32(), a5 = Avx2.UnpackLow(r10, r11).AsInt32(), a6 = Avx2.UnpackLow(r12, r13).AsInt32(), a7 = Avx2.UnpackLow(r14, r15).AsInt32();
        Vector256<int> b0 = Avx2.UnpackHigh(r0, r1).AsInt32(), b1 = Avx2.UnpackHigh(r2, r3).AsInt32(), b2 = Avx2.UnpackHigh(r4, r5).AsInt32(), b3 = Avx2.UnpackHigh(r6, r7).AsInt32();
        Vector256<int> b4 = Avx2.UnpackHigh(r8, r9).AsInt32(), b5 = Avx2.UnpackHigh(r10, r11).AsInt32(), b6 = Avx2.UnpackHigh(r12, r13).AsInt32(), b7 = Avx2.UnpackHigh(r14, r15).AsInt32();
        // Quads of rows as 64-bit units: c columns 0, 1; e columns 2, 3; f columns 4, 5; g columns 6, 7 (of the lane).
        Vector256<long> c0 = Avx2.UnpackLow(a0, a1).AsInt64(), c1 = Avx2.UnpackLow(a2, a3).AsInt64(), c2 = Avx2.UnpackLow(a4, a5).AsInt64(), c3 = Avx2.UnpackLow(a6, a7).AsInt64();
        Vector256<long> e0 = Avx2.UnpackHigh(a0, a1).AsInt64(), e1 = Avx2.UnpackHigh(a2, a3).AsInt64(), e2 = Avx2.UnpackHigh(a4, a5).AsInt64(), e3 = Avx2.UnpackHigh(a6, a7).AsInt64();
        Vector256<long> f0 = Avx2.UnpackLow(b0, b1).AsInt64(), f1 = Avx2.UnpackLow(b2, b3).AsInt64(), f2 = Avx2.UnpackLow(b4, b5).AsInt64(), f3 = Avx2.UnpackLow(b6, b7).AsInt64();
        Vector256<long> g0 = Avx2.UnpackHigh(b0, b1).AsInt64(), g1 = Avx2.UnpackHigh(b2, b3).AsInt64(), g2 = Avx2.UnpackHigh(b4, b5).AsInt64(), g3 = Avx2.UnpackHigh(b6, b7).AsInt64();
        // Column j of the lane for rows 0..7 (x0) and 8..15 (x1); output row j takes both lanes' low halves, row j + 8 the high ones.
        Store16(d, dStride, 0, Avx2.UnpackLow(c0, c1), Avx2.UnpackLow(c2, c3));
        Store16(d, dStride, 1, Avx2.UnpackHigh(c0, c1), Avx2.UnpackHigh(c2, c3));
        Store16(d, dStride, 2, Avx2.UnpackLow(e0, e1), Avx2.UnpackLow(e2, e3));
        Store16(d, dStride, 3, Avx2.UnpackHigh(e0, e1), Avx2.UnpackHigh(e2, e3));
        Store16(d, dStride, 4, Avx2.UnpackLow(f0, f1), Avx2.UnpackLow(f2, f3));
        Store16(d, dStride, 5, Avx2.UnpackHigh(f0, f1), Avx2.UnpackHigh(f2, f3));
        Store16(d, dStride, 6, Avx2.UnpackLow(g0, g1), Avx2.UnpackLow(g2, g3));
        Store16(d, dStride, 7, Avx2.UnpackHigh(g0, g1), Avx2.UnpackHigh(g2, g3));
    }

    /// <summary>Output rows j and j + 8 of <see cref="Transpose16x16"/> from column j (lane 0) and j + 8 (lane 1) of rows 0..7 and 8..15.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store16(short* d, nint dStride, int j, Vector256<long> top, Vector256<long> bottom)
    {
        Avx.Store(d + j * dStride, Avx2.Permute2x128(top, bottom, 0x20).AsInt16());
        Avx.Store(d + (j + 8) * dStride, Avx2.Permute2x128(top, bottom, 0x31).AsInt16());
    }

    /// <summary>The 16 x 16 transpose of bytes with SSE2: four rounds of unpacks (8-, 16-, 32-, 64-bit).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Transpose16x16Bytes(byte* s, nint sStride, byte* d, nint dStride)
    {
        Vector128<byte> r0 = Sse2.LoadVector128(s), r1 = Sse2.LoadVector128(s + sStride), r2 = Sse2.LoadVector128(s + 2 * sStride), r3 = Sse2.LoadVector128(s + 3 * sStride);
        Vector128<byte> r4 = Sse2.LoadVector128(s + 4 * sStride), r5 = Sse2.LoadVector128(s + 5 * sStride), r6 = Sse2.LoadVector128(s + 6 * sStride), r7 = Sse2.LoadVector128(s + 7 * sStride);
        Vector128<byte> r8 = Sse2.LoadVector128(s + 8 * sStride), r9 = Sse2.LoadVector128(s + 9 * sStride), r10 = Sse2.LoadVector128(s + 10 * sStride), r11 = Sse2.LoadVector128(s + 11 * sStride);
        Vector128<byte> r12 = Sse2.LoadVector128(s + 12 * sStride), r13 = Sse2.LoadVector128(s + 13 * sStride), r14 = Sse2.LoadVector128(s + 14 * sStride), r15 = Sse2.LoadVector128(s + 15 * sStride);
        // (row, row + 1) pairs as 16-bit units: a columns 0..7, b columns 8..15.
        Vector128<short> a0 = Sse2.UnpackLow(r0, r1).AsInt16(), a1 = Sse2.UnpackLow(r2, r3).AsInt16(), a2 = Sse2.UnpackLow(r4, r5).AsInt16(), a3 = Sse2.UnpackLow(r6, r7).AsInt16();
        Vector128<short> a4 = Sse2.UnpackLow(r8, r9).AsInt16(), a5 = Sse2.UnpackLow(r10, r11).AsInt16(), a6 = Sse2.UnpackLow(r12, r13).AsInt16(), a7 = Sse2.UnpackLow(r14, r15).AsInt16();
        Vector128<short> b0 = Sse2.UnpackHigh(r0, r1).AsInt16(), b1 = Sse2.UnpackHigh(r2, r3).AsInt16(), b2 = Sse2.UnpackHigh(r4, r5).AsInt16(), b3 = Sse2.UnpackHigh(r6, r7).AsInt16();
        Vector128<short> b4 = Sse2.UnpackHigh(r8, r9).AsInt16(), b5 = Sse2.UnpackHigh(r10, r11).AsInt16(), b6 = Sse2.UnpackHigh(r12, r13).AsInt16(), b7 = Sse2.UnpackHigh(r14, r15).AsInt16();
        // Quads of rows as 32-bit units, four columns each: columns 0..3, 4..7, 8..11, 12..15.
        Transpose16Quarter(d, dStride, 0, Sse2.UnpackLow(a0, a1).AsInt32(), Sse2.UnpackLow(a2, a3).AsInt32(), Sse2.UnpackLow(a4, a5).AsInt32(), Sse2.UnpackLow(a6, a7).AsInt32());
        Transpose16Quarter(d, dStride, 4, Sse2.UnpackHigh(a0, a1).AsInt32(), Sse2.UnpackHigh(a2, a3).AsInt32(), Sse2.UnpackHigh(a4, a5).AsInt32(), Sse2.UnpackHigh(a6, a7).AsInt32());
        Transpose16Quarter(d, dStride, 8, Sse2.UnpackLow(b0, b1).AsInt32(), Sse2.UnpackLow(b2, b3).AsInt32(), Sse2.UnpackLow(b4, b5).AsInt32(), Sse2.UnpackLow(b6, b7).AsInt32());
        Transpose16Quarter(d, dStride, 12, Sse2.UnpackHigh(b0, b1).AsInt32(), Sse2.UnpackHigh(b2, b3).AsInt32(), Sse2.UnpackHigh(b4, b5).AsInt32(), Sse2.UnpackHigh(b6, b7).AsInt32());
    }

    /// <summary>
    /// Output rows j .. j + 3 of <see cref="Transpose16x16Bytes"/> from columns j .. j + 3 of rows 0..3 (q0), 4..7,
    /// 8..11 and 12..15 (q3), each as 32-bit units.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose16Quarter(byte* d, nint dStride, int j, Vector128<int> q0, Vector128<int> q1, Vector128<int> q2, Vector128<int> q3)
    {
        // Octs of rows as 64-bit units: columns j, j + 1 (lo) and j + 2, j + 3 (hi).
        Vector128<long> lo0 = Sse2.UnpackLow(q0, q1).AsInt64(), lo1 = Sse2.UnpackLow(q2, q3).AsInt64();
        Vector128<long> hi0 = Sse2.UnpackHigh(q0, q1).AsInt64(), hi1 = Sse2.UnpackHigh(q2, q3).AsInt64();
        Sse2.Store(d + j * dStride, Sse2.UnpackLow(lo0, lo1).AsByte());
        Sse2.Store(d + (j + 1) * dStride, Sse2.UnpackHigh(lo0, lo1).AsByte());
        Sse2.Store(d + (j + 2) * dStride, Sse2.UnpackLow(hi0, hi1).AsByte());
        Sse2.Store(d + (j + 3) * dStride, Sse2.UnpackHigh(hi0, hi1).AsByte());
    }

    /// <summary>The 8 x 8 transpose of 8-byte elements with AVX-512 (see <see cref="Transpose16"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Transpose8x8(double* s, nint sStride, double* d, nint dStride)
        => Transpose8x8(new LoadRows<double>(s, sStride), new StoreLines<double>(d, dStride));

    /// <summary>
    /// The same transpose of the block whose row j is <c>rows.Row(j)</c> (loaded, or computed: a result transposed on its
    /// way to memory), each line of the result handed to <paramref name="lines"/> as a vector.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Transpose8x8<TRows, TLines>(TRows rows, TLines lines) where TRows : struct, IBlockRows<Vector512<double>> where TLines : struct, IBlockLines<Vector512<double>>
    {
        Vector512<double> r0 = rows.Row(0), r1 = rows.Row(1);
        Vector512<double> r2 = rows.Row(2), r3 = rows.Row(3);
        Vector512<double> r4 = rows.Row(4), r5 = rows.Row(5);
        Vector512<double> r6 = rows.Row(6), r7 = rows.Row(7);
        Vector512<double> t0 = Avx512F.UnpackLow(r0, r1), t1 = Avx512F.UnpackHigh(r0, r1), t2 = Avx512F.UnpackLow(r2, r3), t3 = Avx512F.UnpackHigh(r2, r3);
        Vector512<double> t4 = Avx512F.UnpackLow(r4, r5), t5 = Avx512F.UnpackHigh(r4, r5), t6 = Avx512F.UnpackLow(r6, r7), t7 = Avx512F.UnpackHigh(r6, r7);
        // t0 holds columns 0, 2, 4, 6 of rows 0 and 1 in its four 128-bit lanes (t1 columns 1, 3, 5, 7).
        Vector512<double> u0 = Avx512F.Shuffle4x128(t0, t2, 0x88), u1 = Avx512F.Shuffle4x128(t0, t2, 0xDD), u2 = Avx512F.Shuffle4x128(t1, t3, 0x88), u3 = Avx512F.Shuffle4x128(t1, t3, 0xDD);
        Vector512<double> u4 = Avx512F.Shuffle4x128(t4, t6, 0x88), u5 = Avx512F.Shuffle4x128(t4, t6, 0xDD), u6 = Avx512F.Shuffle4x128(t5, t7, 0x88), u7 = Avx512F.Shuffle4x128(t5, t7, 0xDD);
        lines.Line(0, Avx512F.Shuffle4x128(u0, u4, 0x88));
        lines.Line(1, Avx512F.Shuffle4x128(u2, u6, 0x88));
        lines.Line(2, Avx512F.Shuffle4x128(u1, u5, 0x88));
        lines.Line(3, Avx512F.Shuffle4x128(u3, u7, 0x88));
        lines.Line(4, Avx512F.Shuffle4x128(u0, u4, 0xDD));
        lines.Line(5, Avx512F.Shuffle4x128(u2, u6, 0xDD));
        lines.Line(6, Avx512F.Shuffle4x128(u1, u5, 0xDD));
        lines.Line(7, Avx512F.Shuffle4x128(u3, u7, 0xDD));
    }

    /// <summary>
    /// The 16 x 16 transpose of 4-byte elements with AVX-512 (see <see cref="Transpose8"/>): every load is a whole
    /// 64-byte row. Pairs of rows interleave (unpack), then pairs of 64-bit lanes (shuffle), then 128-bit lanes twice.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Transpose16(float* s, nint sStride, float* d, nint dStride)
        => Transpose16(new LoadRows<float>(s, sStride), new StoreLines<float>(d, dStride));

    /// <summary>
    /// The same transpose of the block whose row j is <c>rows.Row(j)</c> (loaded, or computed: a result transposed on its
    /// way to memory), each line of the result handed to <paramref name="lines"/> as a vector.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Transpose16<TRows, TLines>(TRows rows, TLines lines) where TRows : struct, IBlockRows<Vector512<float>> where TLines : struct, IBlockLines<Vector512<float>>
    {
        Vector512<float> r0 = rows.Row(0), r1 = rows.Row(1);
        Vector512<float> r2 = rows.Row(2), r3 = rows.Row(3);
        Vector512<float> r4 = rows.Row(4), r5 = rows.Row(5);
        Vector512<float> r6 = rows.Row(6), r7 = rows.Row(7);
        Vector512<float> r8 = rows.Row(8), r9 = rows.Row(9);
        Vector512<float> r10 = rows.Row(10), r11 = rows.Row(11);
        Vector512<float> r12 = rows.Row(12), r13 = rows.Row(13);
        Vector512<float> r14 = rows.Row(14), r15 = rows.Row(15);
        Vector512<float> t0 = Avx512F.UnpackLow(r0, r1), t1 = Avx512F.UnpackHigh(r0, r1), t2 = Avx512F.UnpackLow(r2, r3), t3 = Avx512F.UnpackHigh(r2, r3);
        Vector512<float> t4 = Avx512F.UnpackLow(r4, r5), t5 = Avx512F.UnpackHigh(r4, r5), t6 = Avx512F.UnpackLow(r6, r7), t7 = Avx512F.UnpackHigh(r6, r7);
        Vector512<float> t8 = Avx512F.UnpackLow(r8, r9), t9 = Avx512F.UnpackHigh(r8, r9), t10 = Avx512F.UnpackLow(r10, r11), t11 = Avx512F.UnpackHigh(r10, r11);
        Vector512<float> t12 = Avx512F.UnpackLow(r12, r13), t13 = Avx512F.UnpackHigh(r12, r13), t14 = Avx512F.UnpackLow(r14, r15), t15 = Avx512F.UnpackHigh(r14, r15);
        Vector512<float> u0 = Avx512F.Shuffle(t0, t2, 0x44), u1 = Avx512F.Shuffle(t0, t2, 0xEE), u2 = Avx512F.Shuffle(t1, t3, 0x44), u3 = Avx512F.Shuffle(t1, t3, 0xEE);
        Vector512<float> u4 = Avx512F.Shuffle(t4, t6, 0x44), u5 = Avx512F.Shuffle(t4, t6, 0xEE), u6 = Avx512F.Shuffle(t5, t7, 0x44), u7 = Avx512F.Shuffle(t5, t7, 0xEE);
        Vector512<float> u8 = Avx512F.Shuffle(t8, t10, 0x44), u9 = Avx512F.Shuffle(t8, t10, 0xEE), u10 = Avx512F.Shuffle(t9, t11, 0x44), u11 = Avx512F.Shuffle(t9, t11, 0xEE);
        Vector512<float> u12 = Avx512F.Shuffle(t12, t14, 0x44), u13 = Avx512F.Shuffle(t12, t14, 0xEE), u14 = Avx512F.Shuffle(t13, t15, 0x44), u15 = Avx512F.Shuffle(t13, t15, 0xEE);
        // u_j holds, in 128-bit lane k, column 4k + j of a group of four rows; two 128-bit shuffles gather each column.
        Vector512<float> v0 = Avx512F.Shuffle4x128(u0, u4, 0x88), v1 = Avx512F.Shuffle4x128(u1, u5, 0x88), v2 = Avx512F.Shuffle4x128(u2, u6, 0x88), v3 = Avx512F.Shuffle4x128(u3, u7, 0x88);
        Vector512<float> v4 = Avx512F.Shuffle4x128(u0, u4, 0xDD), v5 = Avx512F.Shuffle4x128(u1, u5, 0xDD), v6 = Avx512F.Shuffle4x128(u2, u6, 0xDD), v7 = Avx512F.Shuffle4x128(u3, u7, 0xDD);
        Vector512<float> v8 = Avx512F.Shuffle4x128(u8, u12, 0x88), v9 = Avx512F.Shuffle4x128(u9, u13, 0x88), v10 = Avx512F.Shuffle4x128(u10, u14, 0x88), v11 = Avx512F.Shuffle4x128(u11, u15, 0x88);
        Vector512<float> v12 = Avx512F.Shuffle4x128(u8, u12, 0xDD), v13 = Avx512F.Shuffle4x128(u9, u13, 0xDD), v14 = Avx512F.Shuffle4x128(u10, u14, 0xDD), v15 = Avx512F.Shuffle4x128(u11, u15, 0xDD);
        lines.Line(0, Avx512F.Shuffle4x128(v0, v8, 0x88));
        lines.Line(1, Avx512F.Shuffle4x128(v1, v9, 0x88));
        lines.Line(2, Avx512F.Shuffle4x128(v2, v10, 0x88));
        lines.Line(3, Avx512F.Shuffle4x128(v3, v11, 0x88));
        lines.Line(4, Avx512F.Shuffle4x128(v4, v12, 0x88));
        lines.Line(5, Avx512F.Shuffle4x128(v5, v13, 0x88));
        lines.Line(6, Avx512F.Shuffle4x128(v6, v14, 0x88));
        lines.Line(7, Avx512F.Shuffle4x128(v7, v15, 0x88));
        lines.Line(8, Avx512F.Shuffle4x128(v0, v8, 0xDD));
        lines.Line(9, Avx512F.Shuffle4x128(v1, v9, 0xDD));
        lines.Line(10, Avx512F.Shuffle4x128(v2, v10, 0xDD));
        lines.Line(11, Avx512F.Shuffle4x128(v3, v11, 0xDD));
        lines.Line(12, Avx512F.Shuffle4x128(v4, v12, 0xDD));
        lines.Line(13, Avx512F.Shuffle4x128(v5, v13, 0xDD));
        lines.Line(14, Avx512F.Shuffle4x128(v6, v14, 0xDD));
        lines.Line(15, Avx512F.Shuffle4x128(v7, v15, 0xDD));
    }

    /// <summary>The 4 x 4 transpose of 8-byte elements (see <see cref="Transpose8"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Transpose4(double* s, nint sStride, double* d, nint dStride)
        => Transpose4(new LoadRows<double>(s, sStride), new StoreLines<double>(d, dStride));

    /// <summary>
    /// The same transpose of the block whose row j is <c>rows.Row(j)</c> (loaded, or computed: a result transposed on its
    /// way to memory), each line of the result handed to <paramref name="lines"/> as a vector.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Transpose4<TRows, TLines>(TRows rows, TLines lines) where TRows : struct, IBlockRows<Vector256<double>> where TLines : struct, IBlockLines<Vector256<double>>
    {
        Vector256<double> r0 = rows.Row(0), r1 = rows.Row(1);
        Vector256<double> r2 = rows.Row(2), r3 = rows.Row(3);
        Vector256<double> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        lines.Line(0, Avx.Permute2x128(t0, t2, 0x20));
        lines.Line(1, Avx.Permute2x128(t1, t3, 0x20));
        lines.Line(2, Avx.Permute2x128(t0, t2, 0x31));
        lines.Line(3, Avx.Permute2x128(t1, t3, 0x31));
    }

    /// <summary>Row j of a block to transpose: the vector at s + j·stride (elements).</summary>
    private readonly struct LoadRows<TElement>(TElement* s, nint stride) : IBlockRows<Vector256<TElement>>, IBlockRows<Vector512<TElement>>
        where TElement : unmanaged
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] Vector256<TElement> IBlockRows<Vector256<TElement>>.Row(int j) => Vector256.Load(s + j * stride);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] Vector512<TElement> IBlockRows<Vector512<TElement>>.Row(int j) => Vector512.Load(s + j * stride);
    }

    /// <summary>Stores line i of a transposed block at d + i·stride (elements).</summary>
    private readonly struct StoreLines<TElement>(TElement* d, nint stride) : IBlockLines<Vector256<TElement>>, IBlockLines<Vector512<TElement>>
        where TElement : unmanaged
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public void Line(int i, Vector256<TElement> v) => v.Store(d + i * stride);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public void Line(int i, Vector512<TElement> v) => v.Store(d + i * stride);
    }
}

/// <summary>
/// Receives the lines of a block transposed in registers: line i (a vector) is column i of the source block. The
/// transposes hand each line over as soon as it is formed, so a caller can use it without a round trip through memory.
/// </summary>
internal interface IBlockLines<TVector> where TVector : struct
{
    void Line(int i, TVector v);
}

/// <summary>Gives row j of a block to transpose in registers (loaded, or computed).</summary>
internal interface IBlockRows<TVector> where TVector : struct
{
    TVector Row(int j);
}
