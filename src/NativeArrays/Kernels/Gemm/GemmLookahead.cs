using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace NativeArrays.Kernels.Gemm;

/// <summary>
/// The cache lines of the next product of a batch of small products, asked for (software prefetch) a few at a time
/// between the current product's micro-tiles, so that the next product finds its operands in the caches.
/// </summary>
/// <remarks>
/// Why: in a batch such as (256, 64, 64) @ (256, 64, 64) float64 every product reads its A and B from memory or the L3
/// once, and its A, B and C (96 KiB) do not fit the L1, so A is reread from the L2 for every column panel: eight short
/// streams of 8 lines (the tile's rows), too short for the hardware prefetchers. Measured (1 thread, CPU time per batch,
/// interleaved in one process, session 7): float64 64³ 1.86-1.97 ms without, 1.61-1.64 ms with the lookahead (the same
/// product repeated on operands already in the caches: 1.32 ms); float32 96³ 3.2 -> 2.6 ms, 128³ 7.6 -> 5.9 ms. A
/// product whose A, B and C fit the L1 loses instead (float64 32³ 0.21 -> 0.32 ms, 48³ 0.69 -> 0.80 ms, float32 64³
/// 0.75 -> 0.86 ms): the next product's lines evict the current one's. So only products of
/// <see cref="MinBytes"/>-<see cref="MaxBytes"/> look ahead. The non-temporal hint measured best (float64 64³: 1.62 ms
/// against 1.75 with T0/T1). Only the row-contiguous (or column-contiguous) layouts are walked; other operands are not
/// prefetched. A prefetch never faults and changes no data: results are the same bits with or without it (tested),
/// and a next product another thread takes costs only the extra traffic.
/// </remarks>
internal unsafe struct GemmLookahead
{
    /// <summary>
    /// Bytes of one product's A, B and C from which a batch looks ahead: twice the 32 KiB L1d (the product then cycles
    /// its own operands through the L2; a smaller one keeps them in the L1, and the next product's lines would only
    /// evict them).
    /// </summary>
    public const long MinBytes = 64 * 1024;

    /// <summary>Bytes of one product's A, B and C up to which a batch looks ahead: half the 1 MiB L2.</summary>
    public const long MaxBytes = 512 * 1024;

    /// <summary>Whether a batch of products of this size looks ahead (<paramref name="bytes"/>: one product's A, B and C).</summary>
    public static bool Worthwhile(long bytes) => bytes >= MinBytes && bytes <= MaxBytes;

    /// <summary>Turns the lookahead off (for measurements: the same batch with and without it in one process).</summary>
    internal static bool Disabled;

    private Region _a, _b;
    /// <summary>Next line to ask for, and the end of its run (row).</summary>
    private byte* _p, _end;
    private readonly int _perTile;

    private struct Region
    {
        public byte* First;
        public nint Stride, Lines, Rows;
    }

    private GemmLookahead(Region a, Region b, int perTile)
    {
        _a = a; _b = b; _perTile = perTile;
        _p = _end = null;
    }

    /// <summary>
    /// The lookahead over <paramref name="next"/>'s A (and B unless <paramref name="withB"/> is false), spread over
    /// <paramref name="tiles"/> micro-tiles; <c>default</c> (does nothing) when prefetching is not available.
    /// </summary>
    public static GemmLookahead For<T>(in GemmCall next, bool withB, nint tiles) where T : unmanaged
    {
        if (!Sse.IsSupported || tiles <= 0 || Disabled) return default;
        Region a = Walk<T>(next.A, next.M, next.ARow, next.K, next.ACol);
        Region b = withB ? Walk<T>(next.B, next.K, next.BRow, next.N, next.BCol) : default;
        nint lines = a.Lines * a.Rows + b.Lines * b.Rows;
        return lines == 0 ? default : new GemmLookahead(a, b, (int)Math.Min(64, (lines + tiles - 1) / tiles));
    }

    /// <summary>
    /// A (rows x columns) operand at <paramref name="p"/> as line runs: one run per row when its columns are
    /// contiguous (stride ±1), per column when its rows are, else none.
    /// </summary>
    private static Region Walk<T>(nint p, nint rows, nint rowStride, nint columns, nint columnStride) where T : unmanaged
    {
        if (Math.Abs(columnStride) != 1)
        {
            if (Math.Abs(rowStride) != 1) return default;
            (rows, rowStride, columns, columnStride) = (columns, columnStride, rows, rowStride);
        }
        nint start = columnStride == 1 ? p : p - (columns - 1) * sizeof(T);
        nint first = start & ~(nint)63;
        nint lines = (start - first + columns * sizeof(T) + 63) / 64, stride = rowStride * sizeof(T);
        // Rows back to back on whole lines (a compact matrix): one run.
        if (stride == lines * 64 && start == first) return new Region { First = (byte*)first, Stride = 0, Lines = lines * rows, Rows = 1 };
        return new Region { First = (byte*)first, Stride = stride, Lines = lines, Rows = rows };
    }

    /// <summary>Asks for the next few lines (one tile's share).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step()
    {
        int n = _perTile;
        byte* p = _p, end = _end;
        while (n > 0)
        {
            if (p >= end)
            {
                if (!NextRun()) break;
                p = _p;
                end = _end;
            }
            Sse.PrefetchNonTemporal(p);
            p += 64;
            n--;
        }
        _p = p;
    }

    /// <summary>Moves to the next row of A, then of B; false when all are asked for.</summary>
    private bool NextRun()
    {
        ref Region r = ref _a.Rows > 0 ? ref _a : ref _b;
        if (r.Rows == 0) return false;
        _p = r.First;
        _end = r.First + r.Lines * 64;
        r.First += r.Stride;
        r.Rows--;
        return true;
    }
}
