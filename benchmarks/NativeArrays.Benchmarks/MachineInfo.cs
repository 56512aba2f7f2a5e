using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text.Json;

namespace NativeArrays.Benchmarks;

/// <summary>Describes the machine and the software versions for the results page.</summary>
public static class MachineInfo
{
    public static void Write(string path)
    {
        string cpu = "unknown";
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null) cpu = line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { }
        var isa = new List<string>();
        if (Avx512F.IsSupported) isa.Add("AVX-512F");
        if (Avx512BW.IsSupported) isa.Add("AVX-512BW");
        if (Avx512DQ.IsSupported) isa.Add("AVX-512DQ");
        if (Avx2.IsSupported) isa.Add("AVX2");
        if (Fma.IsSupported) isa.Add("FMA");
        var info = new Dictionary<string, object?>
        {
            ["date_utc"] = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'"),
            ["cpu"] = cpu,
            ["logical_cores"] = Environment.ProcessorCount,
            ["isa"] = string.Join(", ", isa),
            ["vector512_hardware_accelerated"] = Vector512.IsHardwareAccelerated,
            ["memory_gib"] = Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (double)(1L << 30), 1),
            ["os"] = RuntimeInformation.OSDescription,
            ["dotnet"] = RuntimeInformation.FrameworkDescription,
            ["benchmarkdotnet"] = Version(typeof(BenchmarkDotNet.Running.BenchmarkRunner).Assembly),
            ["system_numerics_tensors"] = Version(typeof(System.Numerics.Tensors.TensorPrimitives).Assembly),
            ["numsharp"] = Version(typeof(NumSharp.np).Assembly),
            ["nativearrays"] = Version(typeof(NDArray<>).Assembly),
            ["settings"] = NativeArraysSettings.Current,
        };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(info, new JsonSerializerOptions { WriteIndented = true }));
    }

    private static string Version(Assembly a) =>
        a.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? a.GetName().Version?.ToString() ?? "?";
}
