using System.Numerics;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace NativeArrays.Benchmarks;

/// <summary>A benchmark class whose into-destination methods all write the same output buffer.</summary>
public interface IHasOutput
{
    /// <summary>The output as doubles.</summary>
    double[] Snapshot();
    /// <summary>Fills the output with NaN so that a method that writes nothing cannot pass.</summary>
    void Poison();
}

/// <summary>
/// <c>--check</c>: before anything is timed, runs every benchmark method once on small and odd sizes (tails, 2 threads
/// above the parallel threshold, every SIMD width) and compares each peer's result with TensorPrimitives', so the suite
/// never times a peer that computes something else (a wrong stride, an unwrapped buffer, a setting that did not take).
/// </summary>
public static class Checker
{
    public static int Run()
    {
        int failures = 0, checks = 0;
        foreach (var open in typeof(Checker).Assembly.GetTypes().Where(t => t.IsClass && !t.IsAbstract && t.IsGenericTypeDefinition && t.Name.EndsWith("Benchmarks`1", StringComparison.Ordinal)))
        {
            if (open.Name.StartsWith("Bandwidth", StringComparison.Ordinal)) continue;
            if (open.Name.Contains("MatMul", StringComparison.Ordinal)) continue; // MatMulCheck below: its sizes are matrix sides
            foreach (var g in open.GetCustomAttributes<GenericTypeArgumentsAttribute>())
            {
                var type = open.MakeGenericType(g.GenericTypeArguments);
                bool isKernel = typeof(IHasOutput).IsAssignableFrom(type) || type.GetProperty("SimdWidth") is not null;
                bool layout = open.Name.StartsWith("Layout", StringComparison.Ordinal);
                int[] sizes = open.Name.StartsWith("View", StringComparison.Ordinal) ? [1_000_000]
                    : layout ? [333 * 333, 1100 * 1100]
                    : open.Name.StartsWith("SmallLayout", StringComparison.Ordinal) ? [4 * 4, 5 * 5, 32 * 32, 33 * 33] // squares: m x m matrices
                    : [2, 31, 4099, 1_100_003];
                foreach (int size in sizes)
                {
                    var settings = !isKernel ? [(SimdWidth.W512, 1)]
                        : size >= NativeArraysSettings.Current.ParallelThreshold ? new[] { (SimdWidth.W512, 1), (SimdWidth.W512, 2) }
                        : new[] { (SimdWidth.W512, 1), (SimdWidth.W256, 1), (SimdWidth.W128, 1), (SimdWidth.Scalar, 1) };
                    foreach (var (width, threads) in settings)
                        CheckOne(type, size, width, threads, ref checks, ref failures);
                }
            }
        }
        MatMulCheck.Run(ref checks, ref failures);
        Console.WriteLine($"check: {checks} results compared with TensorPrimitives, {failures} mismatches");
        return failures == 0 ? 0 : 1;
    }

    private static void CheckOne(Type type, int size, SimdWidth width, int threads, ref int checks, ref int failures)
    {
        object bench = Activator.CreateInstance(type)!;
        type.GetProperty("Size")!.SetValue(bench, size);
        type.GetProperty("SimdWidth")?.SetValue(bench, width);
        type.GetProperty("Threads")?.SetValue(bench, threads);
        var methods = type.GetMethods().Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null)
            .Select(m => (Method: m, Case: m.GetCustomAttribute<CaseAttribute>()!)).ToList();
        var setup = type.GetMethods().Single(m => m.GetCustomAttribute<GlobalSetupAttribute>() is not null);
        var cleanup = type.GetMethods().Single(m => m.GetCustomAttribute<GlobalCleanupAttribute>() is not null);
        var outputs = bench as IHasOutput;
        string where = $"{type.Name.Split('`')[0]}<{type.GetGenericArguments()[0].Name}> size={size} width={width} threads={threads}";
        double tol = type.GetGenericArguments()[0] == typeof(float) ? 2e-6 : 1e-13;
        var quiet = Console.Out;
        Console.SetOut(TextWriter.Null); // ApplySettings prints one line per setup
        try { setup.Invoke(bench, null); }
        finally { Console.SetOut(quiet); }
        try
        {
            foreach (var group in methods.GroupBy(m => m.Case.Op.Split(".NDSpan")[0].Split(".Indexer")[0]))
            {
                var baseline = group.FirstOrDefault(m => m.Method.GetCustomAttribute<BenchmarkAttribute>()!.Baseline);
                double[]? expected = null;
                object? expectedValue = null;
                try
                {
                    if (baseline.Method is not null && baseline.Case.Form == Form.Into && outputs is not null)
                    {
                        outputs.Poison();
                        baseline.Method.Invoke(bench, null);
                        expected = outputs.Snapshot();
                    }
                    else if (baseline.Method is not null && baseline.Case.Form is Form.Scalar or Form.View)
                        expectedValue = baseline.Method.Invoke(bench, null);
                }
                catch (TargetInvocationException e)
                {
                    checks++;
                    Fail(ref failures, $"{baseline.Method!.Name} {where}", e.InnerException?.GetType().Name + ": " + e.InnerException?.Message);
                    continue;
                }

                foreach (var (method, @case) in group)
                {
                    if (method == baseline.Method) continue;
                    if (@case.Peer != Peer.NativeArrays && (width != SimdWidth.W512 || threads != 1)) continue;
                    checks++;
                    string what = $"{method.Name} {where}";
                    try
                    {
                        if (@case.Form == Form.Into && expected is not null)
                        {
                            outputs!.Poison();
                            method.Invoke(bench, null);
                            var got = outputs.Snapshot();
                            int bad = FirstMismatch(expected, got, @case.Op.StartsWith("Sum", StringComparison.Ordinal) ? 1e-4 : tol);
                            if (bad >= 0) Fail(ref failures, what, $"element {bad}: {got[bad]} != {expected[bad]}");
                        }
                        else if (@case.Form == Form.Scalar && expectedValue is not null)
                        {
                            object? got = method.Invoke(bench, null);
                            double e = ToDouble(expectedValue), v = ToDouble(got);
                            double rel = @case.Op == "Sum" ? (type.GetGenericArguments()[0] == typeof(float) ? 1e-4 : 1e-12) : 0;
                            if (!(Math.Abs(v - e) <= rel * Math.Abs(e)))
                                Fail(ref failures, what, $"{v} != {e}");
                        }
                        else if (@case.Form == Form.View && expectedValue is not null)
                        {
                            object? got = method.Invoke(bench, null);
                            if (ToLong(got) != ToLong(expectedValue)) Fail(ref failures, what, $"view size {got} != {expectedValue}");
                        }
                        else method.Invoke(bench, null); // allocating forms: must run without error
                    }
                    catch (TargetInvocationException e)
                    {
                        Fail(ref failures, what, e.InnerException?.GetType().Name + ": " + e.InnerException?.Message);
                    }
                }
            }
        }
        finally { cleanup.Invoke(bench, null); }
    }

    private static long ToLong(object? o) => o is nint p ? p : Convert.ToInt64(o);
    private static double ToDouble(object? o) => o is nint p ? p : Convert.ToDouble(o);

    private static int FirstMismatch(double[] expected, double[] got, double tol)
    {
        if (expected.Length != got.Length) return 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], g = got[i];
            if (IsPoison(g) || IsPoison(e)) return i;
            if (e == g || double.IsNaN(e) && double.IsNaN(g)) continue; // ±inf, computed NaN
            if (!(Math.Abs(g - e) <= tol * Math.Max(1, Math.Abs(e)))) return i;
        }
        return -1;
    }

    private static void Fail(ref int failures, string what, string detail)
    {
        failures++;
        Console.WriteLine($"check FAILED: {what}: {detail}");
    }

    /// <summary>Output snapshot helper for the benchmark classes.</summary>
    public static unsafe double[] ToDoubles<T>(T* p, nint n) where T : unmanaged, INumberBase<T>
    {
        var r = new double[n];
        for (nint i = 0; i < n; i++) r[i] = double.CreateTruncating(p[i]);
        return r;
    }

    /// <summary>
    /// Poison helper for the benchmark classes: a NaN with its own payload, which no operation computes (they give the
    /// default NaN or propagate an input's), so a case whose correct result has NaN lanes (the logs of mixed-sign data)
    /// is still told apart from one that wrote nothing there.
    /// </summary>
    public static unsafe void FillNaN<T>(T* p, nint n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T poison = PoisonValue<T>();
        for (nint i = 0; i < n; i++) p[i] = poison;
    }

    /// <summary>The poison NaN of <see cref="FillNaN{T}"/> (for outputs filled another way).</summary>
    public static T PoisonValue<T>() where T : IFloatingPointIeee754<T>
        => typeof(T) == typeof(float) ? T.CreateTruncating(PoisonSingle) : T.CreateTruncating(PoisonDouble);

    private static readonly float PoisonSingle = BitConverter.Int32BitsToSingle(0x7FC0_DEAD);
    private static readonly double PoisonDouble = BitConverter.Int64BitsToDouble(0x7FF8_0000_DEAD_BEEF);

    /// <summary>Whether a snapshot value is the poison (of either type, widened).</summary>
    private static bool IsPoison(double v)
        => BitConverter.DoubleToInt64Bits(v) == BitConverter.DoubleToInt64Bits(PoisonDouble) || BitConverter.DoubleToInt64Bits(v) == BitConverter.DoubleToInt64Bits((double)PoisonSingle);
}
