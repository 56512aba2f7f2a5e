using BenchmarkDotNet.Running;

namespace NativeArrays.Benchmarks;

/// <summary>
/// Entry point. <c>--quick</c>: every case briefly (CI); default: the full matrix. <c>--inprocess</c>: run in this
/// process. <c>--out DIR</c>: where dotnet.csv goes. <c>--filter GLOB...</c>: only the matching cases (BenchmarkDotNet
/// globs over Type.Method, e.g. <c>*Elementwise*</c>). <c>--check</c>: compare every peer's result with TensorPrimitives.
/// <c>--count</c>: cases per class. <c>--machine-info FILE</c>: write machine information (JSON) and exit.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var options = new RunOptions();
        bool count = false;
        var rest = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick": options = options with { Quick = true }; Sizes.Quick = true; break;
                case "--inprocess": options = options with { InProcess = true }; break;
                case "--out": options = options with { OutputDirectory = args[++i] }; break;
                case "--artifacts-dir": options = options with { ArtifactsDirectory = args[++i] }; break;
                case "--machine-info": MachineInfo.Write(args[++i]); return 0;
                case "--count": count = true; break;
                case "--probe-sizes": Sizes.BandwidthOverride = IntList(args[++i]); break;
                case "--vector-sizes": Sizes.VectorOverride = IntList(args[++i]); break;
                case "--matmul-sides": Sizes.MatMulSidesOverride = IntList(args[++i]); break;
                case "--check": return Checker.Run();
                default: rest.Add(args[i]); break;
            }
        }
        if (count) { Count(options); return 0; }
        var config = BenchmarkConfig.Create(options);
        // Every class runs in the order of RunOrder (the bandwidth probe and the float32 cases the goals are about first),
        // narrowed by --filter globs when given. Each class is exported (dotnet.csv) as soon as it finishes, so an
        // interrupted run keeps what it measured.
        var filters = config.GetFilters().ToList();
        int f = rest.IndexOf("--filter");
        if (f >= 0)
        {
            var globs = rest.Skip(f + 1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
            filters.Add(new BenchmarkDotNet.Filters.GlobFilter(globs));
            rest.RemoveRange(f, globs.Length + 1);
        }
        if (rest.Count > 0)
        {
            Console.Error.WriteLine($"unknown arguments: {string.Join(' ', rest)} (known: --quick --inprocess --filter GLOB... --out DIR --artifacts-dir DIR --check --count --machine-info FILE)");
            return 2;
        }
        // A class left out of RunOrder would silently never run: refuse to start instead.
        var missing = AllClasses().Where(t => !RunOrder.Contains(t)).ToList();
        if (missing.Count > 0)
        {
            Console.Error.WriteLine($"benchmark classes missing from Program.RunOrder: {string.Join(", ", missing.Select(t => $"{t.Name}<{t.GetGenericArguments()[0].Name}>"))}");
            return 2;
        }
        var runs = RunOrder
            .Select(t => BenchmarkConverter.TypeToBenchmarks(t, config))
            .Select(r => new BenchmarkRunInfo(r.BenchmarksCases.Where(bc => filters.All(x => x.Predicate(bc))).ToArray(), r.Type, r.Config))
            .Where(r => r.BenchmarksCases.Length > 0)
            .ToArray();
        if (runs.Length == 0) { Console.Error.WriteLine("no benchmark matches"); return 2; }
        var summaries = BenchmarkRunner.Run(runs);
        int failed = summaries.Sum(s => s.Reports.Count(r => !r.Success));
        int total = summaries.Sum(s => s.Reports.Length);
        Console.WriteLine($"benchmarks: {total - failed} cases measured, {failed} failed");
        return failed == 0 && summaries.All(s => !s.HasCriticalValidationErrors) ? 0 : 1;
    }

    /// <summary>The benchmark classes in the order a full run measures them.</summary>
    public static readonly Type[] RunOrder =
    [
        typeof(BandwidthBenchmarks<double>),
        typeof(ElementwiseBenchmarks<float>), typeof(ReductionBenchmarks<float>), typeof(StridedBenchmarks<float>),
        typeof(LayoutBenchmarks<float>), typeof(ViewBenchmarks<float>), typeof(SortBenchmarks<float>), typeof(AxisSortBenchmarks<float>), typeof(IntegerSumBenchmarks<int>),
        typeof(ElementwiseBenchmarks<double>), typeof(ReductionBenchmarks<double>), typeof(StridedBenchmarks<double>),
        typeof(LayoutBenchmarks<double>),
        typeof(PerCallBenchmarks<float>), typeof(AllocatingPerCallBenchmarks<float>), typeof(AllocationBenchmarks<float>),
        typeof(StridedStepBenchmarks<float>), typeof(SmallLayoutBenchmarks<float>),
        typeof(ShortRowBenchmarks<float>),
        typeof(NarrowColumnBenchmarks<float>),
        typeof(AxisReductionBenchmarks<float>), typeof(AxisReductionBenchmarks<double>),
        typeof(ScopeBenchmarks<float>), typeof(VectorisedOpsBenchmarks<float>), typeof(IntegerOpsBenchmarks<float>),
        typeof(MatMulBenchmarks<float>), typeof(MatMulBenchmarks<double>), typeof(MatMulShapesBenchmarks<float>),
        typeof(MatMulShapesBenchmarks<double>), typeof(NaiveMatMulBenchmarks<float>), typeof(NaiveMatMulBenchmarks<double>),
    ];

    /// <summary>Prints how many cases each class contributes to the matrix (after the filter).</summary>
    /// <summary>A comma-separated list of element counts or sides from the command line ("1000,16000000").</summary>
    private static int[] IntList(string text) => text.Split(',').Select(int.Parse).ToArray();

    private static void Count(RunOptions options)
    {
        var config = BenchmarkConfig.Create(options);
        int total = 0;
        foreach (var closed in AllClasses())
        {
            var run = BenchmarkConverter.TypeToBenchmarks(closed, config);
            var filters = config.GetFilters().ToArray();
            int n = run.BenchmarksCases.Count(bc => filters.All(f => f.Predicate(bc)));
            total += n;
            Console.WriteLine($"{closed.Name}<{closed.GetGenericArguments()[0].Name}>: {n}");
        }
        Console.WriteLine($"total: {total} cases ({(options.Quick ? "quick" : "full")})");
    }

    /// <summary>Every closed benchmark class of the assembly (each generic class with each of its type arguments).</summary>
    private static IEnumerable<Type> AllClasses() =>
        typeof(Program).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && t.Name.EndsWith("Benchmarks`1", StringComparison.Ordinal))
            .SelectMany(type => type.GetCustomAttributes(typeof(BenchmarkDotNet.Attributes.GenericTypeArgumentsAttribute), false)
                .Cast<BenchmarkDotNet.Attributes.GenericTypeArgumentsAttribute>().Select(g => type.MakeGenericType(g.GenericTypeArguments)));
}
