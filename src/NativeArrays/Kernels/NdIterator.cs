using NativeArrays.Kernels.Gemm;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace NativeArrays.Kernels;

/// <summary>A row kernel: processes n elements of every operand along one axis.</summary>
internal unsafe interface IRowKernel
{
    /// <param name="n">Elements in the row (at least 1).</param>
    /// <param name="pointers">Address of each operand's first element of the row (operand 0 is the output).</param>
    /// <param name="byteStrides">Each operand's byte stride along the row (0 for a broadcast operand, may be negative).</param>
    void Row(nint n, byte** pointers, long* byteStrides);

    /// <summary>
    /// Whether <see cref="Rows"/> takes a block of equal rows in one call (the tiled walk's tiles); otherwise the walk
    /// calls <see cref="Row"/> row by row. Static, so the check costs nothing and no kernel is boxed.
    /// </summary>
    static virtual bool TakesBlocks => false;

    /// <summary>
    /// <paramref name="rows"/> rows of <paramref name="n"/> elements for the kernel at <paramref name="self"/>: row r of
    /// operand k starts at <c>pointers[k] + r * rowStrides[k]</c>; the same as calling <see cref="Row"/> row by row.
    /// </summary>
    static virtual void Rows(void* self, nint n, nint rows, byte** pointers, long* byteStrides, long* rowStrides)
        => throw new NotSupportedException("This row kernel takes rows one at a time.");

    /// <summary>
    /// A tile of <paramref name="rows"/> rows of <paramref name="n"/> elements (as <see cref="Rows"/>) whose input
    /// <paramref name="transposed"/> moves by one element from row to row and by <c>byteStrides[transposed]</c> along a
    /// row (a transposed view), read straight from memory in square blocks transposed in registers; false, with
    /// nothing done, when the kernel cannot (then the walk packs that input into a contiguous tile first). Each lane
    /// meets the same operator as on the packed path, so the results do not depend on which one ran.
    /// <paramref name="transposed"/> is <see cref="EveryInputTransposed"/> when every input is transposed (then the
    /// kernel may compute along the inputs' rows and transpose the results on their way to the output).
    /// </summary>
    static virtual bool TryTransposedTile(void* self, nint n, nint rows, byte** pointers, long* byteStrides, long* rowStrides, int transposed) => false;

    /// <summary>
    /// The side of the square blocks <see cref="TryTransposedTile"/> reads (0 when it reads none): the walk offers it
    /// only the whole blocks of a tile and packs the ragged strips.
    /// </summary>
    static virtual int TransposedBlock => 0;

    /// <summary>The <c>transposed</c> argument of <see cref="TryTransposedTile"/> when every input is transposed.</summary>
    const int EveryInputTransposed = -1;
}

/// <summary>Work on one line of two operands along an axis (their pointers at the line's first element).</summary>
internal unsafe interface ILineKernel
{
    void Line(byte* x, byte* y, long lineIndex);
}

/// <summary>
/// Feeds each element of a two-operand ordered walk to a line kernel with its C-order number (from <see cref="Next"/>):
/// the lines of <see cref="NdIterator.ForEachLine"/>, the outer positions of an arg-reduction.
/// </summary>
internal unsafe struct PerElement<TKernel> : IRowKernel where TKernel : struct, ILineKernel
{
    public TKernel Kernel;
    public long Next;

    public void Row(nint n, byte** p, long* s)
    {
        byte* x = p[0], y = p[1];
        long sx = s[0], sy = s[1];
        for (nint i = 0; i < n; i++) Kernel.Line(x + i * sx, y + i * sy, Next++);
    }
}

/// <summary>
/// Walks an <see cref="IterationPlan"/> and feeds its innermost axis to a row kernel. Work splits into items of a
/// FIXED size (independent of the thread count), so the same elements meet the same code whatever the number
/// of threads; items run in parallel above <see cref="NativeArraysSettings.ParallelThreshold"/>. When an input
/// walks the output's innermost axis with a large stride (a transposed operand), the two inner axes are tiled
/// and each tile of that input is first packed (transposed in registers) into a contiguous scratch tile, so
/// every operand is read in memory order.
/// </summary>
[SkipLocalsInit]
internal static unsafe partial class NdIterator
{
    /// <summary>Elements per work item of the linear (untiled) walk.</summary>
    internal const long ItemElements = 1 << 16;
    /// <summary>
    /// Tile edge of the transposed walk (elements; 4-byte and larger elements, scaled up for smaller ones). What costs
    /// is not the packing but walking the OTHER operands (the output and any C-order input) in short runs across many
    /// pages: a 16 x 1024 tile (one cache line per row, 1024 pages) made a contiguous add walked that way 3.3x slower
    /// than the same add walked by whole rows. Square 128 x 128 tiles (runs of 512 B for float32, 128 pages per
    /// operand, a 64 KiB packed tile) measured best of 16..1024 x 16..4096 for float32 A.T + B at 4096^2 (16.6 ms
    /// against 18.7 ms for 16 x 1024, thread CPU time, loaded machine; 128 x 256 and 256 x 128 measured again in
    /// session 18 with the whole-line pack: no better).
    /// </summary>
    private const int TileEdge = 128;

    /// <summary>
    /// Outputs up to this size whose rows lie a multiple of 4 KiB apart pack a transposed input instead of reading it in
    /// registers (see <see cref="RunTiledItem"/>; measured at 4 MiB and 16 MiB, set between them).
    /// </summary>
    private const long SetConflictBytes = 8 << 20;

    /// <summary>
    /// Largest packed scratch of one input (bytes) where runs of 512 B allow it: float64 and int64 tiles (128 x 128) are
    /// packed 64 rows at a time, so the scratch stays under glibc's 128 KiB mmap threshold. A whole float64 tile is
    /// 128 KiB: each work item paid an mmap, 32 page faults and an munmap per input (float64 A.T + B.T 500², 1 thread,
    /// 0.15 or 1.8 ms a call depending on glibc's adjusted threshold; 0.11-0.15 ms now). Tiles of 2- and 1-byte elements
    /// (128 and 256 KiB) stay whole: halving their runs to 256 B made int16 A.T + B 4096² 6.6 -> 8.0 ms.
    /// </summary>
    private const long PackBytes = 64 << 10;

    public static void Run<TKernel>(ref IterationPlan plan, TKernel kernel, NativeArraysSettings settings, bool allowParallel = true)
        where TKernel : struct, IRowKernel
    {
        long size = plan.Size;
        int tile = ChooseTile(ref plan);
        bool parallel = allowParallel && size >= settings.ParallelThreshold && settings.EffectiveDegreeOfParallelism > 1;
        long items = tile > 0 ? TiledItems(ref plan, tile) : (size + ItemElements - 1) / ItemElements;
        if (!parallel || items < 2)
        {
            if (tile > 0) for (long i = 0; i < items; i++) RunTiledItem(ref plan, ref kernel, tile, i);
            else RunLinear(ref plan, ref kernel, 0, size);
            return;
        }
        var job = new Job<TKernel> { Plan = plan, Kernel = kernel, Tile = tile, Size = size };
        Parallel.For(0, items, new ParallelOptions { MaxDegreeOfParallelism = settings.EffectiveDegreeOfParallelism }, job.RunItem);
    }

    private sealed class Job<TKernel> where TKernel : struct, IRowKernel
    {
        public IterationPlan Plan;
        public TKernel Kernel;
        public int Tile;
        public long Size;

        public void RunItem(long item)
        {
            // Each worker walks its own copy of the plan and kernel (both are small value types).
            IterationPlan plan = Plan;
            TKernel kernel = Kernel;
            if (Tile > 0) RunTiledItem(ref plan, ref kernel, Tile, item);
            else RunLinear(ref plan, ref kernel, item * ItemElements, Math.Min(Size, (item + 1) * ItemElements));
        }
    }

    /// <summary>
    /// The ORDERED walk: every element in C order of the plan's axes (build the plan with
    /// <see cref="IterationPlan.FinishOrdered"/> to keep the caller's axis order), on the calling thread, no tiling. The
    /// kernel is passed by reference so it can carry state (a running index, a result) from row to row. For
    /// arg-reductions, scans, .npy writing, offset walks and every copy or fill whose order is observable.
    /// </summary>
    public static void RunOrdered<TKernel>(ref IterationPlan plan, ref TKernel kernel)
        where TKernel : struct, IRowKernel, allows ref struct
        => RunLinear(ref plan, ref kernel, 0, plan.Size);

    /// <summary>The ordered walk over elements [start, end) of the plan's C order (one fixed-size work item).</summary>
    public static void RunOrderedRange<TKernel>(ref IterationPlan plan, ref TKernel kernel, long start, long end)
        where TKernel : struct, IRowKernel, allows ref struct
        => RunLinear(ref plan, ref kernel, start, end);

    /// <summary>Runs elements [start, end) in the plan's (C) order over the plan's axes, row by row through an <see cref="NdCursor"/>.</summary>
    private static void RunLinear<TKernel>(ref IterationPlan plan, ref TKernel kernel, long start, long end)
        where TKernel : struct, IRowKernel, allows ref struct
    {
        int ops = plan.Operands;
        byte** p = stackalloc byte*[IterationPlan.MaxOperands];
        long* s = stackalloc long[IterationPlan.MaxOperands];
        if (plan.Rank == 0) // one element (a 0-d copy per index of a 1-d take): no cursor to set up
        {
            for (int op = 0; op < ops; op++) { p[op] = (byte*)plan.Base[op]; s[op] = 0; }
            kernel.Row(1, p, s);
            return;
        }
        long* rowStride = stackalloc long[IterationPlan.MaxOperands];
        Unsafe.SkipInit(out NdCursor cursor);
        long n = NdCursor.RowLength(ref plan);
        long col = cursor.Seek(ref plan, start);
        for (int op = 0; op < ops; op++) s[op] = NdCursor.RowStride(ref plan, op);
        long remaining = end - start;
        while (remaining > 0)
        {
            for (int op = 0; op < ops; op++) p[op] = cursor.Row(op) + col * s[op];
            long len = Math.Min(n - col, remaining);
            if (TKernel.TakesBlocks && col == 0 && plan.Rank >= 2)
            {
                // Whole rows up to the end of the next-to-last axis (or of the range) in one block call: the row kernel's
                // loop inlined in the block's frame, not a call, a frame and a cursor step per row (a 32 x 32 broadcast
                // add paid ~15 ns a row for two vectors of work).
                int band = plan.Rank - 2;
                long rows = Math.Min(plan.Shape[band] - cursor.Index(band), remaining / n);
                if (rows > 1)
                {
                    for (int op = 0; op < ops; op++) rowStride[op] = plan.Stride(op, band);
                    TKernel.Rows(Unsafe.AsPointer(ref kernel), (nint)n, (nint)rows, p, s, rowStride);
                    remaining -= rows * n;
                    if (remaining > 0) cursor.SkipRows(ref plan, rows);
                    continue;
                }
            }
            kernel.Row((nint)len, p, s);
            remaining -= len;
            col = 0;
            if (remaining > 0) cursor.NextRow(ref plan);
        }
    }

    /// <summary>
    /// Decides whether to tile the two inner axes. An input whose smallest stride is not on the innermost
    /// axis is moved so that its fastest axis sits just outside the innermost one; returns the tile edge
    /// (elements), or 0 for a plain linear walk.
    /// </summary>
    private static int ChooseTile(ref IterationPlan plan)
    {
        int r = plan.Rank;
        if (r < 2) return 0;
        int inner = r - 1;
        for (int op = 1; op < plan.Operands; op++)
        {
            long si = Math.Abs(plan.Stride(op, inner));
            if (si <= 64) continue; // walks the row within a cache line or two per vector: fine.
            int fastest = -1;
            long best = si;
            for (int d = 0; d < inner; d++)
            {
                long sd = Math.Abs(plan.Stride(op, d));
                if (sd != 0 && sd < best) { best = sd; fastest = d; }
            }
            if (fastest < 0) continue;
            // Bring the input's fastest axis next to the innermost one (axis order is free for elementwise work).
            for (int d = fastest; d < inner - 1; d++) plan.SwapAxes(d, d + 1);
            if (plan.Shape[inner] < 8 || plan.Shape[inner - 1] < 8) return 0;
            // Runs of at least 512 B for 1- and 2-byte elements too (a 128-element run of bytes is two cache lines:
            // u8 A.T + B 4096² 7.9 -> 4.6 ms, int16 7.0 -> 5.1 ms in a probe). By the largest element of the call, so a
            // float input with a bool output keeps the 64 KiB packed tile.
            int largest = 1;
            for (int o = 0; o < plan.Operands; o++) largest = Math.Max(largest, plan.ElementSize[o]);
            return TileEdge * Math.Max(1, 4 / largest);
        }
        return 0;
    }

    private static long TiledItems(ref IterationPlan plan, int tile)
    {
        long outer = 1;
        for (int d = 0; d < plan.Rank - 2; d++) outer *= plan.Shape[d];
        return outer * ((plan.Shape[plan.Rank - 2] + tile - 1) / tile);
    }

    /// <summary>
    /// One work item of the tiled walk: a band of <paramref name="tile"/> rows, processed tile by tile. Inputs that
    /// walk the rows with a large stride (transposed) are read along their own fast axis: a single one straight from
    /// memory by the kernel's blocks transposed in registers when it can (<see cref="IRowKernel.TryTransposedTile"/>),
    /// otherwise first packed into a row-major scratch tile, so the row kernel sees them contiguous.
    /// </summary>
    private static void RunTiledItem<TKernel>(ref IterationPlan plan, ref TKernel kernel, int tile, long item)
        where TKernel : struct, IRowKernel
    {
        int ops = plan.Operands;
        int inner = plan.Rank - 1, band = plan.Rank - 2;
        long rows = plan.Shape[band], cols = plan.Shape[inner];
        long bands = (rows + tile - 1) / tile;
        long outerIndex = item / bands;
        long row0 = (item - outerIndex * bands) * tile;
        long row1 = Math.Min(rows, row0 + tile);
        byte** p = stackalloc byte*[IterationPlan.MaxOperands];
        long* s = stackalloc long[IterationPlan.MaxOperands];
        long* origin = stackalloc long[IterationPlan.MaxOperands];
        long* rowStride = stackalloc long[IterationPlan.MaxOperands];
        byte** packed = stackalloc byte*[IterationPlan.MaxOperands];
        int transposed = 0;
        // Rows packed at a time: an input's packed scratch at most PackBytes (glibc's heap, not an mmap per item), but
        // runs of at least 512 B along the transposed input's rows (see ChooseTile).
        int largest = 1;
        for (int op = 1; op < ops; op++) largest = Math.Max(largest, plan.ElementSize[op]);
        long packRows = Math.Clamp(Math.Max(512 / largest, PackBytes / ((long)tile * largest)), 1, tile);
        for (int op = 0; op < ops; op++)
        {
            long a = plan.Base[op];
            long rest = outerIndex;
            for (int d = band - 1; d >= 0; d--)
            {
                long i = rest % plan.Shape[d];
                rest /= plan.Shape[d];
                a += i * plan.Stride(op, d);
            }
            origin[op] = a;
            packed[op] = null;
            if (op > 0 && Math.Abs(plan.Stride(op, inner)) > 64 && Math.Abs(plan.Stride(op, band)) < Math.Abs(plan.Stride(op, inner)))
            {
                packed[op] = (byte*)NativeMemory.AlignedAlloc((nuint)((nint)packRows * tile * plan.ElementSize[op]), 64);
                transposed = transposed == 0 ? op : IRowKernel.EveryInputTransposed; // the one input to read in registers
            }
        }
        // Two or more transposed inputs: the kernel may take them together only when every input is.
        if (transposed == IRowKernel.EveryInputTransposed)
            for (int op = 1; op < ops; op++)
                if (packed[op] == null) transposed = 0;
        // Output rows a multiple of 4 KiB apart: a block's lines of every operand fall in one L1 cache set. While the data
        // comes from the caches that costs the in-register path more than packing (float32 transposed copy 1024²: packed
        // 176 µs, in registers 245 µs, in registers with non-temporal stores 158 µs: the stored lines are what collide;
        // 1008² and 1040²: in registers 1.8-2x faster than packed). From 16 MiB outputs on (2048², memory-bound) the
        // in-register path is ahead again (1185 against 1675 µs), so only smaller outputs on such rows are packed.
        if (transposed != 0 && Math.Abs(plan.Stride(0, band)) % 4096 == 0 && plan.Size * plan.ElementSize[0] <= SetConflictBytes)
            transposed = 0;
        try
        {
            for (long c0 = 0; c0 < cols; c0 += tile)
            {
                long len = Math.Min(tile, cols - c0);
                // One transposed input (or all): the kernel may read it in blocks transposed in registers, without packing (A.T + B
                // float32 4096², 1 thread, in a probe: packed 9.6-10.2 ms, in registers 6.3-7.2 ms; packing 16 rows at a
                // time into scratch that stays in L1, or one block at a time through 1 KiB, measured no faster than packing
                // the whole tile). A tile that ends inside a block: its whole blocks so, the ragged right and bottom strips
                // packed (1000², whose last tiles are 104 wide, 1 thread, alternating builds: float32 A.T + B 171 -> 160 µs, transposed
                // copy 122 -> 109 µs, float64 A.T + B.T 451 -> 384 µs; float32 MultiplyAdd(A.T, B, B) 201 -> 205 µs).
                int edge = TKernel.TransposedBlock;
                long rowsFull = edge > 0 ? (row1 - row0) / edge * edge : 0, lenFull = edge > 0 ? len / edge * edge : 0;
                if (transposed != 0 && rowsFull > 0 && lenFull > 0)
                {
                    for (int op = 0; op < ops; op++)
                    {
                        p[op] = (byte*)(origin[op] + row0 * plan.Stride(op, band) + c0 * plan.Stride(op, inner));
                        s[op] = plan.Stride(op, inner);
                        rowStride[op] = plan.Stride(op, band);
                    }
                    if (TKernel.TryTransposedTile(Unsafe.AsPointer(ref kernel), (nint)lenFull, (nint)rowsFull, p, s, rowStride, transposed))
                    {
                        if (lenFull < len) RunPacked(ref plan, ref kernel, origin, packed, p, s, rowStride, tile, packRows, c0 + lenFull, len - lenFull, row0, row1);
                        if (rowsFull < row1 - row0) RunPacked(ref plan, ref kernel, origin, packed, p, s, rowStride, tile, packRows, c0, lenFull, row0 + rowsFull, row1);
                        continue;
                    }
                }
                RunPacked(ref plan, ref kernel, origin, packed, p, s, rowStride, tile, packRows, c0, len, row0, row1);
            }
        }
        finally
        {
            for (int op = 0; op < ops; op++) if (packed[op] != null) NativeMemory.AlignedFree(packed[op]);
        }
    }

    /// <summary>
    /// Columns [c0, c0 + len) of rows [row0, row1) of a work item's band through the row kernel, its transposed inputs
    /// (those with <paramref name="packed"/> scratch) packed row-major <paramref name="packRows"/> rows at a time.
    /// </summary>
    private static void RunPacked<TKernel>(ref IterationPlan plan, ref TKernel kernel, long* origin, byte** packed, byte** p, long* s, long* rowStride,
        int tile, long packRows, long c0, long len, long row0, long row1)
        where TKernel : struct, IRowKernel
    {
        int ops = plan.Operands;
        int inner = plan.Rank - 1, band = plan.Rank - 2;
        for (long r0 = row0; r0 < row1; r0 += packRows)
        {
            long r1 = Math.Min(row1, r0 + packRows);
            for (int op = 0; op < ops; op++)
            {
                p[op] = (byte*)(origin[op] + r0 * plan.Stride(op, band) + c0 * plan.Stride(op, inner));
                s[op] = plan.Stride(op, inner);
                rowStride[op] = plan.Stride(op, band);
                if (packed[op] == null) continue;
                Pack(packed[op], tile, p[op], rowStride[op], s[op], r1 - r0, len, plan.ElementSize[op]);
                p[op] = packed[op];
                s[op] = plan.ElementSize[op];
                rowStride[op] = (long)tile * plan.ElementSize[op];
            }
            // A block kernel takes the rows in one call (the row kernels of the elementwise drivers).
            if (TKernel.TakesBlocks) TKernel.Rows(Unsafe.AsPointer(ref kernel), (nint)len, (nint)(r1 - r0), p, s, rowStride);
            else
            {
                for (long row = r0; row < r1; row++)
                {
                    kernel.Row((nint)len, p, s);
                    for (int op = 0; op < ops; op++) p[op] += rowStride[op];
                }
            }
        }
    }

    /// <summary>scratch[r * tile + c] = source[r * rowStride + c * colStride], reading each column (the source's fast axis) in order.</summary>
    private static void Pack(byte* scratch, int tile, byte* source, long rowStride, long colStride, long rows, long cols, int size)
    {
        switch (size)
        {
            case 4 when rowStride == 4 && Avx.IsSupported: PackBlocks((int*)scratch, tile, source, colStride, rows, cols); break;
            case 4: Pack<int>(scratch, tile, source, rowStride, colStride, rows, cols); break;
            case 8 when rowStride == 8 && Avx.IsSupported: PackBlocks((long*)scratch, tile, source, colStride, rows, cols); break;
            case 8: Pack<long>(scratch, tile, source, rowStride, colStride, rows, cols); break;
            case 2 when rowStride == 2 && Avx2.IsSupported: PackBlocks((short*)scratch, tile, source, colStride, rows, cols); break;
            case 2: Pack<short>(scratch, tile, source, rowStride, colStride, rows, cols); break;
            case 1 when rowStride == 1 && Avx.IsSupported: PackBlocks(scratch, tile, source, colStride, rows, cols); break;
            default: Pack<byte>(scratch, tile, source, rowStride, colStride, rows, cols); break;
        }
    }

    /// <summary>
    /// <see cref="Pack"/> for elements contiguous along the rows: blocks of 64 x 64 bytes transposed in
    /// registers (<see cref="GemmTranspose.TransposeLines{TElement}"/>); the ragged edges go through the scalar pack.
    /// Every source and scratch line is used whole while it is in L1: the tile's source rows lie a large power of two
    /// apart and share a cache set, and 32-byte blocks (8 x 8 floats, 4 x 4 doubles) with all source rows walked
    /// for each block fetched every line twice (A.T + B float32 4096² in a probe: pack 6.9 -> 4.1 ms, the whole add
    /// 11.1 -> 8.7 ms). A ragged edge is one more block that overlaps the last whole one (writing some scratch
    /// elements twice, with the same values): the scalar pack of up to 63 byte columns cost u8 A.T + B 500² as much as
    /// the rest of the call.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // each element size its own frame and inlining budget (the transposes are large)
    private static void PackBlocks<TElement>(TElement* dst, int tile, byte* source, long colStride, long rows, long cols)
        where TElement : unmanaged
    {
        long block = 64 / sizeof(TElement);
        if (rows < block || cols < block)
        {
            Pack<TElement>((byte*)dst, tile, source, sizeof(TElement), colStride, rows, cols);
            return;
        }
        // Block origins 0, block, 2·block, ... and, on a ragged side, rows − block / cols − block last.
        for (long c0 = 0; ; c0 = Math.Min(c0 + block, cols - block))
        {
            for (long r0 = 0; ; r0 = Math.Min(r0 + block, rows - block))
            {
                GemmTranspose.TransposeLines((TElement*)(source + c0 * colStride + r0 * sizeof(TElement)), (nint)(colStride / sizeof(TElement)), dst + r0 * tile + c0, tile);
                if (r0 == rows - block) break;
            }
            if (c0 == cols - block) break;
        }
    }

    private static void Pack<TElement>(byte* scratch, int tile, byte* source, long rowStride, long colStride, long rows, long cols)
        where TElement : unmanaged
    {
        // Blocks of 16 rows keep the written scratch lines in L1 while every column streams in order.
        TElement* dst = (TElement*)scratch;
        for (long r0 = 0; r0 < rows; r0 += 16)
        {
            long r1 = Math.Min(rows, r0 + 16);
            for (long c = 0; c < cols; c++)
            {
                byte* column = source + c * colStride;
                for (long r = r0; r < r1; r++) dst[r * tile + c] = *(TElement*)(column + r * rowStride);
            }
        }
    }
}
