using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using NativeArrays.Memory;

namespace NativeArrays.Benchmarks;

/// <summary>
/// The tracker's native bytes per operation of an allocating NativeArrays case, beside BenchmarkDotNet's managed
/// "Allocated" column: the case's class is set up in this (host) process with the case's parameters, the method is called
/// once to warm up and then <see cref="Calls"/> times between two <see cref="AllocationTracker"/> snapshots. Requested
/// bytes are the growth of <c>TotalBytesAllocated</c> per call; the footprint is the peak of <c>LiveFootprintBytes</c>
/// above its value before the call (what the allocator held for the call's buffers at once, slab slots, malloc padding
/// and headers, page-rounded mappings included). Other peers' and non-allocating cases show nothing.
/// </summary>
public sealed class NativeBytesColumn : IColumn
{
    /// <summary>Calls measured per case.</summary>
    public const int Calls = 3;

    private static readonly Dictionary<BenchmarkCase, NativeBytes?> s_measured = [];

    /// <summary>Native bytes of one call: requested (summed over the call's buffers) and the peak footprint added.</summary>
    public readonly record struct NativeBytes(long Requested, long PeakFootprint);

    public string Id => nameof(NativeBytesColumn);
    public string ColumnName => "Native/op";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Metric;
    public int PriorityInCategory => 1;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Size;
    public string Legend => "Native bytes allocated per operation, as the NativeArrays tracker counts them (requested bytes; peak footprint in brackets)";
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        Measure(benchmarkCase) is { } b ? $"{b.Requested.ToString(CultureInfo.InvariantCulture)} B ({b.PeakFootprint.ToString(CultureInfo.InvariantCulture)} B)" : "-";

    /// <summary>The native bytes of one call of an allocating NativeArrays case, or null for other cases (measured once per case).</summary>
    public static NativeBytes? Measure(BenchmarkCase bc)
    {
        var attr = bc.Descriptor.WorkloadMethod.GetCustomAttribute<CaseAttribute>();
        if (attr is null || attr.Peer != Peer.NativeArrays || attr.Form != Form.Alloc) return null;
        lock (s_measured)
        {
            if (s_measured.TryGetValue(bc, out var known)) return known;
            NativeBytes? result;
            try { result = Run(bc); }
            catch (Exception e) when (e is TargetInvocationException or InvalidOperationException or ArgumentException or OutOfMemoryException)
            {
                Console.Error.WriteLine($"// native bytes of {bc.DisplayInfo}: not measured ({e.InnerException?.Message ?? e.Message})");
                result = null;
            }
            s_measured[bc] = result;
            return result;
        }
    }

    private static NativeBytes Run(BenchmarkCase bc)
    {
        var type = bc.Descriptor.Type;
        object bench = Activator.CreateInstance(type)!;
        foreach (var p in bc.Parameters.Items) type.GetProperty(p.Name)?.SetValue(bench, p.Value);
        var quiet = Console.Out;
        Console.SetOut(TextWriter.Null); // ApplySettings prints one line per setup
        try
        {
            bc.Descriptor.GlobalSetupMethod?.Invoke(bench, null);
            try
            {
                var method = bc.Descriptor.WorkloadMethod;
                method.Invoke(bench, null);
                var before = AllocationTracker.Snapshot();
                long peak = 0;
                for (int i = 0; i < Calls; i++)
                {
                    long live = AllocationTracker.Snapshot().LiveFootprintBytes;
                    AllocationTracker.ResetPeak();
                    method.Invoke(bench, null);
                    peak = Math.Max(peak, AllocationTracker.Snapshot().PeakFootprintBytes - live);
                }
                var after = AllocationTracker.Snapshot();
                return new NativeBytes((after.TotalBytesAllocated - before.TotalBytesAllocated) / Calls, peak);
            }
            finally { bc.Descriptor.GlobalCleanupMethod?.Invoke(bench, null); }
        }
        finally { Console.SetOut(quiet); }
    }
}
