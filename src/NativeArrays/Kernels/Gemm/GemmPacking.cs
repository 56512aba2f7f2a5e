using System.Numerics;
using System.Runtime.CompilerServices;

namespace NativeArrays.Kernels.Gemm;

/// <summary>A micro-kernel flavour: its tile width and how it copies a contiguous packed row.</summary>
internal unsafe interface ITileKernel<T> where T : unmanaged
{
    /// <summary>Columns of the micro-tile.</summary>
    static abstract int NR { get; }
    /// <summary>See <see cref="GemmMicroKernel.Tile{T, TV}"/>.</summary>
    static abstract void Tile(nint kc, T* a, nint aRow, nint aK, T* b, nint bK, T* c, nint cRow, bool accumulate);
    /// <summary>Copies NR contiguous elements.</summary>
    static abstract void CopyRow(T* source, T* destination);
    /// <summary>Whether this is a vector kernel (packing may then use vector transposes too).</summary>
    static abstract bool Vector { get; }
}

/// <summary>The vector micro-kernel at one width.</summary>
internal readonly unsafe struct VectorTile<T, TV> : ITileKernel<T> where T : unmanaged where TV : struct, ISimdVec<TV, T>
{
    public static int NR { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => 2 * TV.Count; }

    public static bool Vector => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Tile(nint kc, T* a, nint aRow, nint aK, T* b, nint bK, T* c, nint cRow, bool accumulate)
        => GemmMicroKernel.Tile<T, TV>(kc, a, aRow, aK, b, bK, c, cRow, accumulate);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CopyRow(T* source, T* destination)
    {
        TV.Store(TV.Load(source), destination);
        TV.Store(TV.Load(source + TV.Count), destination + TV.Count);
    }
}

/// <summary>The scalar micro-kernel (simdWidth scalar, or element types without vectors).</summary>
internal readonly unsafe struct ScalarTileKernel<T> : ITileKernel<T> where T : unmanaged, INumber<T>
{
    public static int NR => GemmBlocking.ScalarNR;

    public static bool Vector => false;

    public static void Tile(nint kc, T* a, nint aRow, nint aK, T* b, nint bK, T* c, nint cRow, bool accumulate)
        => GemmMicroKernel.ScalarTile(kc, a, aRow, aK, b, bK, c, cRow, accumulate);

    public static void CopyRow(T* source, T* destination)
    {
        for (int j = 0; j < GemmBlocking.ScalarNR; j++) destination[j] = source[j];
    }
}

/// <summary>
/// Packing of A and B blocks from any strides (negative, zero for broadcast, transposed) into the panel layouts
/// the micro-kernel reads: no operand is ever copied whole, only the block in use, and each element of A is
/// packed once per NC columns, each element of B once per product (per thread).
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// A's rows [0, mc) x k [0, kc) into panels of MR rows: panel i holds kc groups of MR consecutive elements
    /// (rows i*MR .. i*MR+MR-1 at one k), rows past mc are zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA<T, TK>(nint mc, nint kc, T* a, nint rowStride, nint kStride, T* destination)
        where T : unmanaged where TK : ITileKernel<T>
    {
        const int mr = GemmBlocking.MR;
        bool transpose = TK.Vector && GemmTranspose.Supported<T>() && (kStride == 1 || kStride == -1);
        // Column-major A (a transposed view; rows reversed too): the rows of one k step are contiguous (backwards).
        nint i = (rowStride == 1 || (rowStride == -1 && TK.Vector && GemmTranspose.Supported<T>())) && !transpose
            ? ColumnPanels(mc, kc, a, rowStride, kStride, destination) : 0;
        for (; i < mc; i += mr)
        {
            int rows = (int)Math.Min(mr, mc - i);
            T* source = a + i * rowStride;
            T* d = destination + i * kc;
            if (rows == mr && transpose)
            {
                // Row-major A (or k reversed): blocks of MR rows x a few k steps transposed in registers.
                nint done = GemmTranspose.RowsToPanel(source, rowStride, kStride, kc, d);
                for (int r = 0; r < mr; r++)
                {
                    T* s = source + r * rowStride;
                    for (nint p = done; p < kc; p++) d[p * mr + r] = s[p * kStride];
                }
            }
            else if (rows == mr && kStride == 1)
            {
                // Row-major A: each row is contiguous in k; write it into every MR-th slot.
                for (int r = 0; r < mr; r++)
                {
                    T* s = source + r * rowStride;
                    for (nint p = 0; p < kc; p++) d[p * mr + r] = s[p];
                }
            }
            else if (rows == mr && rowStride == 1)
            {
                // Column-major A, the panels left after ColumnPanels' groups: one vector-sized copy per k step.
                for (nint p = 0; p < kc; p++) Unsafe.CopyBlockUnaligned(d + p * mr, source + p * kStride, (uint)(mr * sizeof(T)));
            }
            else CopyStrided(kc, rows, mr, source, kStride, rowStride, d);
        }
    }

    /// <summary>
    /// The full groups of panels of a column-major A block (row step ±1): for each k step, the 256 contiguous bytes
    /// of a group's rows (4 cache lines: 8 float32 panels, 4 float64 ones) are read at once and written to each
    /// panel's slot. Returns the rows done (the caller packs the rest panel by panel). One panel at a time instead
    /// read half a line (float32) per k step and came back for the other half in the next panel, at a power-of-two
    /// stride, so the line was often gone from the L1 (pack 2.2-2.6x slower than a row-major block, float32; 1.8-2.1x
    /// float64); whole blocks at once (16-32 panels) write to that many panels a power-of-two stride apart and were
    /// slower again (see benchmarks/results/session8-linalg).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nint ColumnPanels<T>(nint mc, nint kc, T* a, nint rowStride, nint kStride, T* destination) where T : unmanaged
    {
        const int mr = GemmBlocking.MR;
        int group = Math.Max(1, 256 / (mr * sizeof(T)));
        nint i = 0;
        for (; i + group * mr <= mc; i += group * mr)
        {
            T* d = destination + i * kc;
            for (nint p = 0; p < kc; p++)
            {
                T* s = a + i * rowStride + p * kStride, dp = d + p * mr;
                if (rowStride == 1)
                    for (int g = 0; g < group; g++) Unsafe.CopyBlockUnaligned(dp + g * mr * kc, s + g * mr, (uint)(mr * sizeof(T)));
                else
                    for (int g = 0; g < group; g++) GemmTranspose.ReverseRow(s - g * mr, mr, dp + g * mr * kc);
            }
        }
        return i;
    }

    /// <summary>
    /// B's k [0, kc) x columns [0, nc) into panels of NR columns: panel j holds kc rows of NR consecutive elements,
    /// columns past nc are zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB<T, TK>(nint kc, nint nc, T* b, nint kStride, nint columnStride, T* destination)
        where T : unmanaged where TK : ITileKernel<T>
    {
        int nr = TK.NR;
        bool vector = TK.Vector && GemmTranspose.Supported<T>() && nr % GemmTranspose.Block<T>() == 0;
        nint j0 = 0;
        if (vector && columnStride == -1)
        {
            // Columns reversed (a flipped B): each row is contiguous backwards, copied with lane reversals, a k step
            // of 8 panels (1 KiB of the row at the 512-bit kernel) at a time: panel by panel, the pack of a B that
            // is not in the caches took 2.1-2.3x the time of a row-major B's; 8 at a time 1.3-1.4x.
            const int group = 8;
            for (; j0 + group * nr <= nc; j0 += group * nr)
            {
                T* source = b - j0, d = destination + j0 * kc;
                for (nint p = 0; p < kc; p++)
                    for (int g = 0; g < group; g++) GemmTranspose.ReverseRow(source - g * nr + p * kStride, nr, d + g * nr * kc + p * nr);
            }
        }
        for (nint j = j0; j < nc; j += nr)
        {
            nint columns = Math.Min(nr, nc - j);
            T* source = b + j * columnStride;
            T* d = destination + j * kc;
            if (columns == nr && columnStride == 1)
            {
                for (nint p = 0; p < kc; p++) TK.CopyRow(source + p * kStride, d + p * nr);
            }
            else if (columns == nr && vector && columnStride == -1)
            {
                // The panels left after the groups of 8.
                for (nint p = 0; p < kc; p++) GemmTranspose.ReverseRow(source + p * kStride, nr, d + p * nr);
            }
            else if (columns == nr && vector && (kStride == 1 || kStride == -1))
            {
                // Transposed B: blocks of columns x k steps transposed in registers, the k tail element by element.
                nint done = GemmTranspose.ColumnsToPanel(source, columnStride, kStride, kc, nr, d);
                for (int c = 0; c < nr; c++)
                {
                    T* s = source + c * columnStride;
                    for (nint p = done; p < kc; p++) d[p * nr + c] = s[p * kStride];
                }
            }
            else if (columns == nr && Math.Abs(kStride) < Math.Abs(columnStride))
            {
                // Transposed B: each column is (nearly) contiguous in k; read it in memory order.
                for (int c = 0; c < nr; c++)
                {
                    T* s = source + c * columnStride;
                    for (nint p = 0; p < kc; p++) d[p * nr + c] = s[p * kStride];
                }
            }
            else CopyStrided(kc, (int)columns, nr, source, kStride, columnStride, d);
        }
    }

    /// <summary>
    /// The general panel copy: <c>d[p * width + x] = source[p * kStride + x * stride]</c> for x below
    /// <paramref name="count"/>, zero up to <paramref name="width"/> (any strides; edge panels).
    /// </summary>
    private static void CopyStrided<T>(nint kc, int count, int width, T* source, nint kStride, nint stride, T* d) where T : unmanaged
    {
        for (nint p = 0; p < kc; p++)
        {
            T* s = source + p * kStride;
            int x = 0;
            for (; x < count; x++) d[p * width + x] = s[x * stride];
            for (; x < width; x++) d[p * width + x] = default;
        }
    }
}
