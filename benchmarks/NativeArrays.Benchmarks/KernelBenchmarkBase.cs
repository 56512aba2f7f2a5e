using System.Numerics;
using BenchmarkDotNet.Attributes;
using NativeArrays.Kernels;

namespace NativeArrays.Benchmarks;

/// <summary>
/// Base of the benchmark classes that call NativeArrays kernels. <see cref="SimdWidth"/> and <see cref="Threads"/>
/// reach the kernels through <c>NativeArraysSettings.Override</c>, installed in the benchmark process by
/// <see cref="ApplySettings"/> (BenchmarkDotNet calls it in [GlobalSetup], in the process that measures) and checked
/// there: the kernels read <c>NativeArraysSettings.Current</c> on every call, so the override is what they use.
/// Peers (TensorPrimitives, NumSharp, scalar loop) ignore both; <see cref="BenchmarkConfig"/> runs them only once,
/// at W512 / 1 thread.
/// </summary>
public abstract class KernelBenchmarkBase<T> where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
{
    /// <summary>The SIMD width cap handed to the NativeArrays kernels.</summary>
    [Params(SimdWidth.W512, SimdWidth.W256, SimdWidth.W128, SimdWidth.Scalar)]
    public SimdWidth SimdWidth { get; set; }

    /// <summary>maxDegreeOfParallelism for the NativeArrays kernels: 1 (compare with TensorPrimitives) or 2 (both cores, compare with NumPy).</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    private IDisposable? _override;

    /// <summary>Installs the settings override for this case and verifies that the kernels will see it.</summary>
    protected void ApplySettings()
    {
        var wanted = NativeArraysSettings.Current with { SimdWidth = SimdWidth, MaxDegreeOfParallelism = Threads, ParallelThreshold = Sizes.ParallelThreshold };
        _override = NativeArraysSettings.Override(wanted);
        CpuPlacement.Threads = Threads;
        var now = NativeArraysSettings.Current;
        if (now.SimdWidth != SimdWidth || now.EffectiveDegreeOfParallelism != Threads)
            throw new InvalidOperationException($"Settings override did not take: wanted {SimdWidth}/{Threads}, kernels see {now.SimdWidth}/{now.EffectiveDegreeOfParallelism}.");
        // The same call the kernel drivers make to pick their vector width.
        int width = SimdDispatch.Width<T>(now.SimdWidth);
        Console.WriteLine($"// NativeArrays settings in benchmark process {Environment.ProcessId}: simdWidth={now.SimdWidth} -> kernel width {(width == 0 ? "scalar" : width + "-bit")}, " +
                          $"maxDegreeOfParallelism={now.MaxDegreeOfParallelism}, parallelThreshold={now.ParallelThreshold}, nonTemporalThreshold={now.NonTemporalThreshold}");
    }

    /// <summary>Restores the settings.</summary>
    protected void RestoreSettings()
    {
        _override?.Dispose();
        _override = null;
    }
}
