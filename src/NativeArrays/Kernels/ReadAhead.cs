using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace NativeArrays.Kernels;

/// <summary>
/// Software prefetch for the contiguous read-only loops (reduction folds, the predicate rows): whether a loop asks for the
/// lines <see cref="Distance"/> bytes ahead (<see cref="Prefetch"/>) or not (<see cref="NoPrefetch"/>), chosen per row by
/// its length (<see cref="Worth"/>). Measured on a Zen 5 with AVX-512, float32 sum of 10⁶ elements (4 MB, in L3): the
/// blocked loop without it ran at 0.85× TensorPrimitives' single long loop, with it 1.03×; in L2 (10⁵) it changes nothing;
/// from memory (1.6·10⁷, 64 MB) it cost 6-8 %, so rows above <see cref="MaxBytes"/> do without, and so do the rows of a
/// reduction whose whole input is above it (<see cref="IterationPlan.Streamed"/>: its parallel splits cut it into shorter rows). A prefetch never faults
/// and changes no data (prefetches past a row's end are harmless).
/// </summary>
internal static unsafe class ReadAhead
{
    /// <summary>Prefetch distance, in bytes.</summary>
    public const int Distance = 4096;

    /// <summary>
    /// Shortest row (bytes) the predicate rows read with prefetch (<see cref="Worth"/>): per-call rows of 10³ elements
    /// (4–8 KB) do without. Rows between 8 and 64 KiB were not measured either way; the sum fold keeps its own lower
    /// bound (above its block of 128 vectors).
    /// </summary>
    public const long MinBytes = 64L << 10;

    /// <summary>Longest row (bytes) read with prefetch: rows that can sit in a last-level cache.</summary>
    public const long MaxBytes = 16L << 20;

    /// <summary>Whether a contiguous row of <paramref name="bytes"/> bytes is read with <see cref="Prefetch"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Worth(long bytes) => bytes >= MinBytes && bytes <= MaxBytes;

    /// <summary>
    /// Asks for the cache lines of the <paramref name="bytes"/> bytes (64, 128, 256 or 512: what one turn of a loop
    /// reads) <see cref="Distance"/> bytes after <paramref name="p"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Lines<TPrefetch>(void* p, int bytes) where TPrefetch : IPrefetch
    {
        if (!TPrefetch.Enabled) return;
        int lines = bytes / 64;
        byte* ahead = (byte*)p + Distance;
        Sse.Prefetch0(ahead);
        if (lines > 1) Sse.Prefetch0(ahead + 64);
        if (lines > 2) { Sse.Prefetch0(ahead + 128); Sse.Prefetch0(ahead + 192); }
        if (lines > 4) { Sse.Prefetch0(ahead + 256); Sse.Prefetch0(ahead + 320); Sse.Prefetch0(ahead + 384); Sse.Prefetch0(ahead + 448); }
    }

    /// <summary>
    /// Blocks ahead that the in-register transposed tiles (A.T + B and the like) ask for the transposed input's lines:
    /// each block reads one cache line from each of Count rows of it, lines no hardware prefetcher foresees. Measured
    /// float32 A.T + B 4096², 1 thread, a stand-alone copy of the tile loop, alternating in one process: 11.8-12.0 ms
    /// without, 9.7-10.0 ms two blocks ahead, 10.4 one ahead, 10.1 three ahead; into L2 instead of L1 11.0 ms; the
    /// output's other input (read by rows) asked for as well: no better (9.8).
    /// </summary>
    public const int TransposedBlocksAhead = 2;

    /// <summary>
    /// Whether a transposed tile reads its transposed input ahead (<see cref="TransposedBlocksAhead"/>): outputs from the
    /// non-temporal threshold on (<paramref name="large"/>: memory-bound), and rows a multiple of 2 KiB apart, whose Count
    /// lines a block reads fall in one or two L1 sets. Measured (float32 A.T + B, m² elements, 1 thread, alternating
    /// builds, ns per element without → with): m = 3072 0.70-0.76 → 0.55-0.61, 3584 0.60 → 0.55-0.59, 4096 0.67-0.72 → 0.57-0.61,
    /// 4608 0.61-0.62 → 0.54-0.59, 5120 0.61-0.66 → 0.59; on other strides it cost 7-10 % (3968 0.60-0.66 → 0.66-0.83,
    /// 4000 0.56-0.59 → 0.63-0.65, 4176 0.57-0.64 → 0.63-0.91); 2048² (16 MiB, below the threshold) 7 % slower, 256² 20 %.
    /// 4-byte elements only: float64 A.T + B (8 x 8 blocks) ran 10 % slower with it at every distance tried (4096²
    /// 1.04-1.08 → 1.14-1.20, 3072² 1.05-1.08 → 1.13-1.15 ns per element; 1, 2, 4 and 6 blocks ahead alike).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TransposedWorth(bool large, nint strideBytes, int elementSize) => large && elementSize == 4 && (strideBytes & 2047) == 0 && Sse.IsSupported;

    /// <summary>
    /// Blocks ahead that the transposed tiles ask for the lines of their other inputs, the ones read by rows: a block reads
    /// one line from each of Count rows of them, and a float32 tile (128 x 128) reads them 512 B per row before it moves
    /// on, 128 short streams at once, more than the hardware prefetchers follow. Eight 16-wide blocks are a tile's width,
    /// so each block asks for the lines the next tile reads in its place (held in L2 until then). Measured on the Intel
    /// Xeon of session 36 (Emerald Rapids, 2 MiB L2; float32 A.T + B 4096², 1 thread): in-process probe, alternating
    /// builds, 23.4-29.3 ms without, 18.2-19.9 ms with; BenchmarkDotNet, 8 alternating runs each, medians 22.2 ms (19.1-29.8)
    /// without, 19.7 ms (16.5-21.2) with. Probe, by distance: 4, 8 and 16 blocks ahead alike; into L2 instead of L1 no
    /// better; without the transposed input's own read-ahead (<see cref="TransposedBlock"/>) worse (16.4-22.9 against
    /// 12.5-16.7 ms). The Zen 5 of <see cref="TransposedBlocksAhead"/> measured asking for them no better (9.8 against
    /// 9.7 ms). Float64 (8 x 8 blocks) no better either (probe 34-36 ms without, 35-37 with), so it follows
    /// <see cref="TransposedWorth"/>.
    /// </summary>
    public const int RowBlocksAhead = 8;

    /// <summary>
    /// Asks for the lines <see cref="RowBlocksAhead"/> blocks after the block at <paramref name="block"/> of an input
    /// read by rows: one line in each of <paramref name="count"/> rows <paramref name="rowStride"/> elements apart (past
    /// a tile's columns they are the next tile's, past a row's end the next row's: a prefetch never faults).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RowBlock<T>(T* block, nint rowStride, int count) where T : unmanaged
        => Column(block + RowBlocksAhead * count, rowStride, count);

    /// <summary>
    /// Asks for the lines of the transposed block <see cref="TransposedBlocksAhead"/> blocks after the one at
    /// <paramref name="block"/>: one line at each of <paramref name="count"/> rows <paramref name="stride"/> elements
    /// apart (past a tile's last block they are the next rows' lines, or past the array: a prefetch never faults).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void TransposedBlock<T>(T* block, nint stride, int count) where T : unmanaged
        => Column(block + TransposedBlocksAhead * count * stride, stride, count);

    /// <summary>Asks for one line at each of <paramref name="count"/> addresses <paramref name="stride"/> elements apart from <paramref name="first"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Column<T>(T* first, nint stride, int count) where T : unmanaged
    {
        if (!Sse.IsSupported) return;
        for (int k = 0; k < count; k++) Sse.Prefetch0(first + k * stride);
    }
}

/// <summary>Whether a loop prefetches (<see cref="ReadAhead"/>).</summary>
internal interface IPrefetch { static abstract bool Enabled { get; } }
/// <summary>The loop asks for the lines <see cref="ReadAhead.Distance"/> bytes ahead.</summary>
internal readonly struct Prefetch : IPrefetch { public static bool Enabled => Sse.IsSupported; }
/// <summary>The loop leaves reading ahead to the hardware.</summary>
internal readonly struct NoPrefetch : IPrefetch { public static bool Enabled => false; }
