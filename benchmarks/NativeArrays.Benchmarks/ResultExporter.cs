using System.Globalization;
using System.Reflection;
using System.Text;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;

namespace NativeArrays.Benchmarks;

/// <summary>
/// Writes one CSV row per measured case (dotnet.csv) in the schema that benchmarks/merge.py joins with NumPy's:
/// case identity (op, peer, form, dtype, size, simd width, threads), the BenchmarkDotNet statistics in nanoseconds
/// per call, allocated managed bytes per call, the number of element streams (for GB/s), and for the allocating
/// NativeArrays cases the tracker's native bytes per call (requested, and the peak footprint; <see cref="NativeBytesColumn"/>).
/// </summary>
public sealed class ResultExporter(string directory) : IExporter
{
    public string Name => "nativearrays-csv";

    public void ExportToLog(Summary summary, ILogger logger) { }

    public IEnumerable<string> ExportToFiles(Summary summary, ILogger consoleLogger)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, "dotnet.csv");
        bool exists = File.Exists(path);
        var sb = new StringBuilder();
        if (!exists)
            sb.AppendLine("class,method,op,peer,form,dtype,size,simd_width,threads,streams,mean_ns,median_ns,stderr_ns,stddev_ns,min_ns,max_ns,n,alloc_bytes,error,native_bytes,native_footprint_bytes,launch_medians_ns");
        var inv = CultureInfo.InvariantCulture;
        foreach (var report in summary.Reports)
        {
            var bc = report.BenchmarkCase;
            var attr = bc.Descriptor.WorkloadMethod.GetCustomAttribute<CaseAttribute>();
            if (attr is null) continue;
            var type = bc.Descriptor.Type;
            string dtype = type.IsGenericType ? DTypeName(type.GetGenericArguments()[0]) : "";
            string size = "", width = "", threads = "";
            foreach (var p in bc.Parameters.Items)
            {
                if (p.Name == "Size") size = Convert.ToString(p.Value, inv) ?? "";
                else if (p.Name == "SimdWidth") width = p.Value is SimdWidth w ? WidthName(w) : "";
                else if (p.Name == "Threads") threads = Convert.ToString(p.Value, inv) ?? "";
            }
            if (!attr.UsesSettings) { width = attr.Peer == Peer.Probe ? width : ""; threads = attr.Peer is Peer.Probe or Peer.OpenBLAS ? threads : "1"; }
            var s = report.ResultStatistics;
            long? alloc = report.GcStats.GetBytesAllocatedPerOperation(bc);
            string error = s is null ? "no result (the case failed; see the BenchmarkDotNet log)" : "";
            var native = NativeBytesColumn.Measure(bc);
            sb.Append(string.Join(",",
                Csv(type.Name.Split('`')[0]), Csv(bc.Descriptor.WorkloadMethod.Name), Csv(attr.Op), attr.Peer, attr.Form, dtype, size, width, threads,
                attr.Streams.ToString(inv),
                F(s?.Mean), F(s?.Median), F(s?.StandardError), F(s?.StandardDeviation), F(s?.Min), F(s?.Max),
                s?.N.ToString(inv) ?? "", alloc?.ToString(inv) ?? "", Csv(error),
                native?.Requested.ToString(inv) ?? "", native?.PeakFootprint.ToString(inv) ?? "",
                string.Join(" ", LaunchMedians(report).Select(m => m.ToString("F2", inv)))));
            sb.AppendLine();
        }
        File.AppendAllText(path, sb.ToString());
        return [path];

        string F(double? v) => v is double d ? d.ToString("R", inv) : "";
    }

    /// <summary>
    /// The median time per call of each process (launch) that measured the case, in launch order: one value for a case
    /// run in one process; several for the classes that run in more (<see cref="PerCallLaunchesAttribute"/>).
    /// </summary>
    public static IEnumerable<double> LaunchMedians(BenchmarkReport report) =>
        report.AllMeasurements
            .Where(m => m.IterationMode == BenchmarkDotNet.Engines.IterationMode.Workload && m.IterationStage == BenchmarkDotNet.Engines.IterationStage.Actual)
            .GroupBy(m => m.LaunchIndex)
            .OrderBy(g => g.Key)
            .Select(g => new BenchmarkDotNet.Mathematics.Statistics(g.Select(m => m.Nanoseconds / m.Operations)).Median);

    private static string Csv(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    public static string DTypeName(Type t) =>
        t == typeof(float) ? "float32" : t == typeof(double) ? "float64" : t.Name.ToLowerInvariant();

    public static string WidthName(SimdWidth w) => w switch
    {
        SimdWidth.W512 => "512",
        SimdWidth.W256 => "256",
        SimdWidth.W128 => "128",
        SimdWidth.Scalar => "scalar",
        _ => "auto",
    };
}
