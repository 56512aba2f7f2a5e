using System.Diagnostics.Metrics;

namespace NativeArrays.Memory;

// Temporaries: arrays that an NDScope disposed at its end, and the bytes scopes hold meanwhile.
public static partial class AllocationTracker
{
    private static long s_temporaryArrays;
    private static long s_temporaryBytes;
    private static long s_scopedBytes;
    private static long s_peakScopedBytes;
    private static int s_openScopes;

    private static TrackerSnapshot WithScopeCounters(TrackerSnapshot snapshot) => snapshot with
    {
        TemporaryArrays = Interlocked.Read(ref s_temporaryArrays),
        TemporaryBytes = Interlocked.Read(ref s_temporaryBytes),
        ScopedBytes = Interlocked.Read(ref s_scopedBytes),
        PeakScopedBytes = Interlocked.Read(ref s_peakScopedBytes),
        OpenScopes = Volatile.Read(ref s_openScopes),
    };

    private static void ResetScopedPeak() => Interlocked.Exchange(ref s_peakScopedBytes, Interlocked.Read(ref s_scopedBytes));

    /// <summary>A scope opened (+1) or ended (-1).</summary>
    internal static void OnScopeOpened(int delta) => Interlocked.Add(ref s_openScopes, delta);

    /// <summary>An owner array joined (positive) or left (negative) a scope.</summary>
    internal static void OnScopedBytes(long delta)
    {
        if (delta == 0) return;
        long now = Interlocked.Add(ref s_scopedBytes, delta);
        long peak;
        while (now > (peak = Interlocked.Read(ref s_peakScopedBytes)) && Interlocked.CompareExchange(ref s_peakScopedBytes, now, peak) != peak) { }
    }

    /// <summary>A scope ended and disposed <paramref name="arrays"/> arrays, owners of <paramref name="bytes"/> heap bytes.</summary>
    internal static void OnTemporariesFreed(long arrays, long bytes)
    {
        if (arrays == 0) return;
        Interlocked.Add(ref s_temporaryArrays, arrays);
        Interlocked.Add(ref s_temporaryBytes, bytes);
    }

    private static void AddScopeInstruments(Meter meter)
    {
        meter.CreateObservableCounter("nativearrays.temporaries", () => Interlocked.Read(ref s_temporaryArrays), "{array}", "Arrays disposed by the end of an NDScope");
        meter.CreateObservableCounter("nativearrays.temporary_bytes", () => Interlocked.Read(ref s_temporaryBytes), "By", "Heap native bytes of owner arrays disposed by the end of an NDScope");
        meter.CreateObservableGauge("nativearrays.scoped_bytes", () => Interlocked.Read(ref s_scopedBytes), "By", "Heap native bytes of owner arrays held by open NDScopes");
        meter.CreateObservableGauge("nativearrays.peak_scoped_bytes", () => Interlocked.Read(ref s_peakScopedBytes), "By", "Peak heap native bytes held by open NDScopes");
        meter.CreateObservableGauge("nativearrays.open_scopes", () => Volatile.Read(ref s_openScopes), "{scope}", "NDScopes open");
    }
}
