using System.Reflection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace NativeArrays.Benchmarks;

/// <summary>Options of one run (from the command line).</summary>
public sealed record RunOptions
{
    /// <summary>Every case briefly: smallest and largest size, few short iterations (CI smoke run).</summary>
    public bool Quick { get; init; }
    /// <summary>
    /// Run the benchmarks in the host process. --quick always does (a process per case would cost ~1 s each);
    /// the full run measures each case in its own process unless asked.
    /// </summary>
    public bool InProcess { get; init; }
    /// <summary>Folder for dotnet.csv (the merged tables are made by benchmarks/run.sh).</summary>
    public string OutputDirectory { get; init; } = "benchmarks/results/raw";
    /// <summary>Folder for BenchmarkDotNet's own artifacts (logs, its reports).</summary>
    public string ArtifactsDirectory { get; init; } = "benchmarks/BenchmarkDotNet.Artifacts";
}

/// <summary>
/// Jobs, the case filter and the exporter. The filter keeps the matrix small enough for a 2-core machine:
/// peers run once (SimdWidth = W512, Threads = 1: they ignore both); the SIMD-width sweep is run for the
/// into-destination form of the contiguous kernels on float32; Threads = 2 only where a kernel can split
/// (Size ≥ parallelThreshold), at full width, into a destination.
/// </summary>
public static class BenchmarkConfig
{
    public static IConfig Create(RunOptions options)
    {
        Job job = options.Quick
            ? Job.Default
                .WithLaunchCount(1)
                .WithWarmupCount(1)
                .WithIterationCount(2)
                .WithIterationTime(TimeInterval.FromMilliseconds(5))
                .WithId("Quick")
            : Job.Default
                .WithLaunchCount(1)
                .WithMinWarmupCount(3)
                .WithMaxWarmupCount(6)
                .WithIterationCount(6)
                .WithIterationTime(TimeInterval.FromMilliseconds(50))
                .WithId("Full");
        // Tier-1 code is what we measure. Without the runtime's 100 ms call-counting delay, methods tier up after their
        // first 30 calls instead of waiting for a quiet period. That alone is not enough: when BenchmarkDotNet's pilot
        // runs on tier-0 code it sizes the iterations for slow code, and the short warm-up can end before tier 1 is in
        // (session 36: float64 Log10 10^3 measured at 9.3 us instead of 1.3). The full job's engine factory therefore
        // calls each workload until the JIT has gone quiet before the pilot starts (SteadyStateEngineFactory).
        // Both change when tier-up happens, not the code that is produced.
        if (!options.Quick) job = job.WithEngineFactory(new SteadyStateEngineFactory());
        job = job.WithEnvironmentVariables(new EnvironmentVariable("DOTNET_TC_CallCountingDelayMs", "0"))
            // Per-call overhead of the harness (~1 ns) is the same for every peer; not measuring it saves a third of the time.
            .WithEvaluateOverhead(false);
        if (options.InProcess || options.Quick) job = job.WithToolchain(InProcessEmitToolchain.Instance);

        return ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default)
            .AddExporter(BenchmarkDotNet.Exporters.MarkdownExporter.GitHub)
            .AddExporter(new ResultExporter(options.OutputDirectory))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(new NativeBytesColumn())
            .AddFilter(new SimpleFilter(bc => Keep(bc, options)))
            .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)
            .WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared))
            .WithArtifactsPath(options.ArtifactsDirectory)
            .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Trend));
    }

    /// <summary>Whether a benchmark case belongs to the matrix.</summary>
    public static bool Keep(BenchmarkCase bc, RunOptions options)
    {
        var attr = bc.Descriptor.WorkloadMethod.GetCustomAttribute<CaseAttribute>();
        if (attr is null) return true;
        int size = Param(bc, "Size", 0);

        if (!IsKernelClass(bc.Descriptor.Type)) return true;
        var width = Param(bc, "SimdWidth", SimdWidth.W512);
        int threads = Param(bc, "Threads", 1);
        if (!attr.UsesSettings) return width == SimdWidth.W512 && threads == 1;
        // Both cores: for the into-destination kernels (and reductions) that can split, at full width. The allocating
        // forms run on one thread only: their cost is dominated by allocating the result, and the time budget is tight.
        if (threads != 1)
            return width == SimdWidth.W512 && attr.Form != Form.Alloc
                && size >= Sizes.ParallelThreshold;
        if (width != SimdWidth.W512)
        {
            var sweep = bc.Descriptor.Type.GetCustomAttribute<WidthSweepAttribute>();
            // The full run sweeps 10^3 (call overhead), 10^5 (in cache) and 1.6·10^7 (DRAM); 10^6 behaves like 10^5 and
            // is left out to keep the run near 20 minutes.
            if (!options.Quick && size == 1_000_000) return false;
            return attr.Form != Form.Alloc && sweep is not null
                && (sweep.ElementType is null || bc.Descriptor.Type.GetGenericArguments()[0] == sweep.ElementType);
        }
        return true;
    }

    private static bool IsKernelClass(Type type)
    {
        for (var t = type; t is not null; t = t.BaseType)
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(KernelBenchmarkBase<>)) return true;
        return false;
    }

    private static TValue Param<TValue>(BenchmarkCase bc, string name, TValue fallback)
    {
        foreach (var p in bc.Parameters.Items)
            if (p.Name == name && p.Value is TValue v) return v;
        return fallback;
    }
}

/// <summary>
/// Marks a kernel benchmark class whose into-destination cases run at every SIMD width (512/256/128/scalar),
/// for <see cref="ElementType"/> only when given (the full matrix sweeps float32, the type of the goals, to stay
/// within its time budget; float64 runs at full width).
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class WidthSweepAttribute(Type? elementType = null) : Attribute
{
    public Type? ElementType { get; } = elementType;
}

/// <summary>
/// Runs each case of the class in five processes in the full run (one in --quick). The Intel VM of sessions 35–40 runs
/// in slow and fast periods, from about a second to the life of a process (NativeArrays' <c>Add</c> at n = 1 about 23 or
/// 42 ns, TensorPrimitives' about 12 or 21 ns, with the same code and the same JIT output; README, session 40), so the
/// one process BenchmarkDotNet gives a case decided a per-call goal by chance. It pools the five processes' iterations
/// into the reported median; each process's own median is in dotnet.csv (<c>launch_medians_ns</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class PerCallLaunchesAttribute() : JobMutatorConfigBaseAttribute(Job.Default.WithLaunchCount(Sizes.Quick ? 1 : 5));
