namespace NativeArrays.Benchmarks;

/// <summary>
/// Problem sizes ([ParamsSource] of every class, evaluated in the host process). The full run uses the sizes;
/// --quick (a smoke run for CI, in-process) uses the smallest size and one large size that is cheap for every peer,
/// 1024² matrices instead of 4096², a small bandwidth probe, and a parallel threshold low enough that the 2-thread
/// kernels really split at its large size.
/// </summary>
public static class Sizes
{
    /// <summary>Set by Program for --quick before BenchmarkDotNet builds the cases.</summary>
    public static bool Quick { get; set; }

    /// <summary>Element counts of the 1-d cases.</summary>
    public static IEnumerable<int> Vector => VectorOverride ?? (Quick ? [1_000, 1_000_000] : [1_000, 100_000, 1_000_000, 16_000_000]);

    /// <summary>Element counts of the 1-d cases from the command line (--vector-sizes 16000000: a focused run of one size), or null.</summary>
    public static int[]? VectorOverride { get; set; }

    /// <summary>Element counts of the per-call cases (the cost of one call when there is next to no work).</summary>
    public static IEnumerable<int> PerCall => [1, 16];

    /// <summary>Element counts of the newly vectorised operations (issue 12): call cost and streaming.</summary>
    public static IEnumerable<int> VectorisedOps => [1_000, 1_000_000];

    /// <summary>Output elements of the step-3 / step-4 strided cases (their inputs hold 4·Size elements).</summary>
    public static IEnumerable<int> StridedSteps => [1_000, 1_000_000];

    /// <summary>Output elements of the matrix cases (a square of this many elements).</summary>
    public static IEnumerable<int> Matrix => Quick ? [1024 * 1024] : [4096 * 4096];

    /// <summary>
    /// Doubles per array of the bandwidth probe. 2^26 (512 MiB per array) is the DRAM limit; 2^23 and 2^24 (64 and
    /// 128 MiB) match the arrays of the 1.6·10^7-element and 4096² cases (float32 and float64), which on this machine are
    /// still partly served by its caches, so each large case is also compared with the probe of its own footprint.
    /// --quick: 2^22. <see cref="BandwidthOverride"/> (--probe-sizes) replaces the list.
    /// </summary>
    public static IEnumerable<int> Bandwidth => BandwidthOverride ?? (Quick ? [1 << 22] : [1 << 23, 1 << 24, 1 << 26]);

    /// <summary>Sides of the square MatMul cases from the command line (--matmul-sides 1024,2048), or null (all).</summary>
    public static int[]? MatMulSidesOverride { get; set; }

    /// <summary>Probe sizes from the command line (--probe-sizes), or null.</summary>
    public static int[]? BandwidthOverride { get; set; }

    /// <summary>The parallel threshold the 2-thread cases run with.</summary>
    public static long ParallelThreshold => Quick ? 1 << 16 : NativeArraysSettings.Current.ParallelThreshold;
}
