using System.Diagnostics;
using BenchmarkDotNet.Engines;

namespace NativeArrays.Benchmarks;

/// <summary>
/// BenchmarkDotNet's engine factory with one step added after [GlobalSetup]: the workload is called until the tiered
/// JIT has finished with it, before BenchmarkDotNet's own jitting, pilot and warm-up stages start.
/// </summary>
/// <remarks>
/// BenchmarkDotNet 0.15.8 picks the number of calls per iteration in its pilot stage. When the pilot runs while the
/// code is still tier 0 or instrumented (tier-0 vector code is 10–100× slower), it picks a count for the slow code,
/// the later iterations then last a few milliseconds instead of 50, and the 6 warm-up iterations can end before the
/// background JIT has installed the tier-1 code: the whole measurement is of the intermediate tier. Session 36's full
/// run measured float64 <c>Log10</c> 10³ at 9.27 µs that way (1.2–1.4 µs once tier 1 is in; a focused run's pilot
/// showed 9.7 µs/call for ~16 000 calls, ~140 ms, before the drop). The step here calls the workload until the
/// process has compiled no method for a while after enough calls for two tier promotions (30 calls each), and still
/// none after a pause that lets a compile in flight finish. It changes when the measured code is ready, not what code
/// is measured. The same step runs for every peer. A single-threaded case then has its measuring thread pinned to the
/// quieter core (<see cref="CpuPlacement"/>).
/// </remarks>
public sealed class SteadyStateEngineFactory : IEngineFactory
{
    /// <summary>Calls for two tier promotions (tier 0 → instrumented → tier 1) at the runtime's threshold of 30.</summary>
    private const int MinCalls = 64;
    /// <summary>How long the process must go without compiling a method before the code counts as settled.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(60);
    /// <summary>Pause that lets a compile in flight finish before the code counts as settled.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(150);
    /// <summary>Cap for slow workloads (the large products): their loops run on-stack-replaced code by then.</summary>
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    public IEngine CreateReadyToRun(EngineParameters engineParameters)
    {
        var setup = engineParameters.GlobalSetupAction;
        var workload = engineParameters.WorkloadActionNoUnroll;
        var iterationSetup = engineParameters.IterationSetupAction;
        var iterationCleanup = engineParameters.IterationCleanupAction;
        engineParameters.GlobalSetupAction = () =>
        {
            setup?.Invoke();
            long batch = WarmUp(workload, iterationSetup, iterationCleanup);
            CpuPlacement.Choose(workload, iterationSetup, iterationCleanup, batch);
        };
        engineParameters.IterationSetupAction = () =>
        {
            CpuPlacement.Recheck();
            iterationSetup?.Invoke();
        };
        var cleanup = engineParameters.GlobalCleanupAction;
        engineParameters.GlobalCleanupAction = () =>
        {
            CpuPlacement.Report();
            cleanup?.Invoke();
        };
        return new EngineFactory().CreateReadyToRun(engineParameters);
    }

    /// <summary>Calls the workload until the JIT is done with it; returns the last batch size (calls of about a millisecond).</summary>
    private static long WarmUp(Action<long> workload, Action? iterationSetup, Action? iterationCleanup)
    {
        var total = Stopwatch.StartNew();
        int settles = 0;
        long calls = 0, batch = 1, lastCount = System.Runtime.JitInfo.GetCompiledMethodCount();
        TimeSpan lastJit = TimeSpan.Zero;
        double first = double.NaN, last = double.NaN;
        while (true)
        {
            iterationSetup?.Invoke();
            long start = Stopwatch.GetTimestamp();
            workload(batch);
            var took = Stopwatch.GetElapsedTime(start);
            iterationCleanup?.Invoke();
            calls += batch;
            last = took.TotalNanoseconds / batch;
            if (double.IsNaN(first)) first = last;

            long count = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (count != lastCount) { lastCount = count; lastJit = total.Elapsed; }
            if (total.Elapsed >= Cap) break;
            if (calls >= MinCalls && total.Elapsed - lastJit >= Quiet)
            {
                // A compile counts only once it has finished, and a large tier-1 method takes tens of milliseconds in the
                // background: the first full run with this step saw TensorPrimitives' Exp 10^3 quiet for 60 ms at 4.6 us a
                // call, and at 0.5 us right after. So give the background JIT the core for a while and look again.
                Thread.Sleep(Settle);
                settles++;
                count = System.Runtime.JitInfo.GetCompiledMethodCount();
                if (count == lastCount) break;
                lastCount = count;
                lastJit = total.Elapsed;
            }
            // Batches of about a millisecond: few clock reads, but a quick answer once the JIT is done.
            if (took < TimeSpan.FromMilliseconds(1) && batch < (1L << 20)) batch *= 2;
        }
        Console.WriteLine($"// Warm-up to steady state: {calls} calls in {total.Elapsed.TotalMilliseconds:F0} ms, " +
                          $"{first:F0} ns/call at first, {last:F0} ns/call at the end, last method compiled at {lastJit.TotalMilliseconds:F0} ms, {settles} pauses");
        return batch;
    }
}
