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
        string cpu = "unknown", detail = "";
        try
        {
            var lines = File.ReadLines("/proc/cpuinfo").TakeWhile(l => l.Length > 0).ToList();
            string Field(string name) => lines.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal)) is { } l ? l[(l.IndexOf(':') + 1)..].Trim() : "";
            cpu = Field("model name");
            string vendor = Field("vendor_id"), family = Field("cpu family"), model = Field("model\t");
            string arch = vendor switch
            {
                "AuthenticAMD" => family switch { "23" => "Zen 1/2", "25" => "Zen 3/4", "26" => "Zen 5", _ => "" },
                // Intel's server cores of family 6 by model (a VM's "model name" often says only "Intel(R) Xeon(R) Processor").
                "GenuineIntel" when family == "6" => model switch
                {
                    "85" => "Skylake/Cascade Lake server",
                    "106" or "108" => "Ice Lake server",
                    "143" => "Sapphire Rapids",
                    "207" => "Emerald Rapids",
                    "173" => "Granite Rapids",
                    "175" => "Sierra Forest",
                    _ => "",
                },
                _ => "",
            };
            detail = $"family {family} model {model}{(arch.Length > 0 ? ", " + arch : "")}";
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
            ["cpu_detail"] = detail,
            ["logical_cores"] = Environment.ProcessorCount,
            ["isa"] = string.Join(", ", isa),
            ["vector512_hardware_accelerated"] = Vector512.IsHardwareAccelerated,
            ["memory_gib"] = Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (double)(1L << 30), 1),
            ["load_average"] = LoadAverage(),
            ["os"] = RuntimeInformation.OSDescription,
            ["dotnet"] = RuntimeInformation.FrameworkDescription,
            ["benchmarkdotnet"] = Version(typeof(BenchmarkDotNet.Running.BenchmarkRunner).Assembly),
            ["system_numerics_tensors"] = Version(typeof(System.Numerics.Tensors.TensorPrimitives).Assembly),
            ["numsharp"] = Version(typeof(NumSharp.np).Assembly),
            ["nativearrays"] = Version(typeof(NDArray<>).Assembly),
            ["settings"] = new Dictionary<string, object>
            {
                ["ParallelThreshold"] = NativeArraysSettings.Current.ParallelThreshold,
                ["NonTemporalThreshold"] = NativeArraysSettings.Current.NonTemporalThreshold,
                ["Alignment"] = NativeArraysSettings.Current.Alignment,
            },
        };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(info, new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>The 1-, 5- and 15-minute load averages when the run starts ("0.95 0.87 1.14", Linux), or null.</summary>
    private static string? LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private static string Version(Assembly a) =>
        a.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? a.GetName().Version?.ToString() ?? "?";
}
