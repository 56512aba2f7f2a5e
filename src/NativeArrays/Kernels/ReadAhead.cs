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
}

/// <summary>Whether a loop prefetches (<see cref="ReadAhead"/>).</summary>
internal interface IPrefetch { static abstract bool Enabled { get; } }
/// <summary>The loop asks for the lines <see cref="ReadAhead.Distance"/> bytes ahead.</summary>
internal readonly struct Prefetch : IPrefetch { public static bool Enabled => Sse.IsSupported; }
/// <summary>The loop leaves reading ahead to the hardware.</summary>
internal readonly struct NoPrefetch : IPrefetch { public static bool Enabled => false; }
