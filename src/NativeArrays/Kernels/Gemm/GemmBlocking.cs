namespace NativeArrays.Kernels.Gemm;

/// <summary>
/// Register and cache blocking of the GEMM driver (BLIS loop order: jc over NC columns of B and C, pc over KC
/// steps of k, B's KC x NC panel packed for the L3; ic over MC rows of A, A's MC x KC block packed for the L2;
/// jr over NR columns, ir over MR rows: one micro-kernel call, whose KC x NR micro-panel of B stays in the L1).
/// </summary>
/// <remarks>
/// Sizes chosen for the machine the library was tuned on (`lscpu`: AMD EPYC Zen 4, 32 KiB L1d and 1 MiB L2 per
/// core, 32 MiB shared L3, AVX-512 double-pumped: one 512-bit FMA per cycle, 4 cycles latency):
/// <list type="bullet">
/// <item>MR = 8 rows x NR = 2 vectors: 16 accumulators (4x the FMA latency-throughput product, so the FMA
/// pipe never waits), 2 vector loads and 8 broadcasts per 16 FMAs, 19 of the 32 vector registers.</item>
/// <item>KC = 256: the B micro-panel is KC x NR = 256 x 32 floats = 32 KiB (and 256 x 16 doubles, the same), read
/// once per micro-kernel call and reused for every MR rows of the A block, so it stays in L1 (/ the L2 edge); A's
/// micro-panel (8 KiB float) streams from the L2.</item>
/// <item>MC: the packed A block MC x KC is 256 KiB (a quarter of the L2; the rest holds B micro-panels and C lines):
/// MC = 256 float32 rows, 128 float64 rows.</item>
/// <item>NC = 4096 columns: the packed B panel KC x NC is 4 MiB float / 8 MiB double, one per product (the threads
/// of a product share it), well inside the 32 MiB L3.</item>
/// <item>Measured (1024^2 float32, 1 thread, GFLOP per CPU-second because the shared machine ran at load average
/// 40-47 during tuning; OpenBLAS 0.3.21 Cooperlake kernels 90-105 in the same conditions): KC 192 / 256 / 384 / 512
/// with this MC gave 73 / 70-84 / 77-87 / 79-87, and A blocks of 128 / 256 / 512 KiB 63-85 / 70-84 / 80: all within the
/// noise of the loaded machine, so the sizes the cache arithmetic above gives were kept. float64 1024^2: 43 (OpenBLAS
/// 46); 256^2 float32 95-101 (OpenBLAS 96).</item>
/// </list>
/// These are constants in elements, the same for every call, so the k order of each result element (and so every
/// bit of the result) depends on KC alone, never on the thread count.
/// </remarks>
internal static class GemmBlocking
{
    /// <summary>Rows of the micro-tile (broadcast from A).</summary>
    public const int MR = 8;
    /// <summary>Columns of the scalar micro-tile.</summary>
    public const int ScalarNR = 4;
    /// <summary>k steps per packed block.</summary>
    public const int KC = 256;
    /// <summary>Columns of B per packed panel.</summary>
    public const int NC = 4096;
    /// <summary>Bytes of the packed A block.</summary>
    public const int ABlockBytes = 256 * 1024;
    /// <summary>
    /// Largest B (packed whole, every k and column block) that a batch whose products all share it packs once and
    /// keeps for all of them; a larger one is packed block by block for each product as usual.
    /// </summary>
    public const int SharedBatchBBytes = 8 << 20;
    /// <summary>Upper bound of a thread's pool (A block + B panel + edge panels), for the growth policy.</summary>
    public const int MaxPackBytes = 24 << 20;

    /// <summary>Rows of A per packed block for an element size (a multiple of MR).</summary>
    public static int MC(int elementSize) => Math.Max(MR, ABlockBytes / (KC * elementSize) / MR * MR);

    /// <summary>
    /// Products of fewer multiply-adds than this run as plain dot products (no packing, no pool): the packing and
    /// tiling set-up costs more than it saves. With k at most KC this is bit-identical to the tiled kernel.
    /// </summary>
    public const long SmallWork = 8 * 8 * 8;
}
