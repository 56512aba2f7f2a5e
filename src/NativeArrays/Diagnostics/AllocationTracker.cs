using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace NativeArrays.Memory;

/// <summary>A buffer freed by its finalizer because no array holding it was disposed.</summary>
/// <param name="BufferId">The buffer's creation id.</param>
/// <param name="ByteLength">Bytes the buffer held.</param>
/// <param name="ElementType">NumPy dtype name of its elements.</param>
/// <param name="Leases">Leases still out when it was finalized (arrays never disposed).</param>
/// <param name="CreationSite">Stack trace of the allocation when <c>captureAllocationSites</c> is on, else null.</param>
/// <remarks>
/// <paramref name="CreationSite"/> is where the leaked array was made: the owner's allocation when the owner itself was
/// not disposed, else the first undisposed view's creation (a leaked view is reported at its own site, not its owner's).
/// </remarks>
public sealed record LeakReport(long BufferId, long ByteLength, string ElementType, int Leases, string? CreationSite)
{
    /// <summary>Stack trace of the buffer's allocation (its owner's creation) when sites are captured, else null.</summary>
    public string? AllocationSite { get; init; }

    /// <summary>Creation sites of the views that were never disposed, oldest first (empty unless <c>captureViewSites</c> is on).</summary>
    public IReadOnlyList<string> UndisposedViewSites { get; init; } = [];

    /// <summary>Whether the owner was disposed, so only views leaked.</summary>
    public bool OnlyViewsLeaked { get; init; }

    /// <summary>One line (plus the creation site when known).</summary>
    public override string ToString() =>
        $"NativeArrays leak: buffer #{BufferId} ({ElementType}, {ByteLength} B, {Leases} undisposed array(s)) was freed by the finalizer"
        + (CreationSite is null ? " (set captureAllocationSites to see where it was allocated)"
            : AllocationSite is not null && CreationSite != AllocationSite
                ? $"; an undisposed view was created at:\n{CreationSite}\nits buffer was allocated at:\n{AllocationSite}"
            : OnlyViewsLeaked
                ? $"; its owner was disposed but a view of it was not (set captureViewSites to see where the view was created); the buffer was allocated at:\n{CreationSite}"
            : $", allocated at:\n{CreationSite}");
}

/// <summary>An immutable copy of the tracker's counters.</summary>
/// <param name="LiveBuffers">Buffers allocated and not yet freed.</param>
/// <param name="LiveBytes">Bytes of heap native memory in live buffers.</param>
/// <param name="LiveMappedBytes">Bytes of memory-mapped buffers alive (counted apart from heap bytes).</param>
/// <param name="PeakBytes">Highest <paramref name="LiveBytes"/> seen.</param>
/// <param name="TotalAllocations">Buffers ever allocated.</param>
/// <param name="TotalBytesAllocated">Bytes ever allocated.</param>
/// <param name="LeaksDetected">Buffers freed by the finalizer instead of Dispose.</param>
/// <param name="Copies">Copies (and kernel temporaries) counted by operation name.</param>
public sealed record TrackerSnapshot(long LiveBuffers, long LiveBytes, long LiveMappedBytes, long PeakBytes,
    long TotalAllocations, long TotalBytesAllocated, long LeaksDetected, IReadOnlyDictionary<string, long> Copies)
{
    /// <summary>Copies counted for <paramref name="operation"/> (0 when none).</summary>
    public long CopiesOf(string operation) => Copies.TryGetValue(operation, out long n) ? n : 0;
    /// <summary>All copies, every operation.</summary>
    public long TotalCopies => Copies.Values.Sum();
    /// <summary>Arrays disposed by the end of an <see cref="NDScope"/> (temporaries nobody disposed by hand), ever.</summary>
    public long TemporaryArrays { get; init; }
    /// <summary>Heap native bytes of the owners among <see cref="TemporaryArrays"/>, ever.</summary>
    public long TemporaryBytes { get; init; }
    /// <summary>Heap native bytes of owner arrays held by open scopes now.</summary>
    public long ScopedBytes { get; init; }
    /// <summary>Highest <see cref="ScopedBytes"/> seen (reset by <see cref="AllocationTracker.ResetPeak"/>): the temporaries' peak.</summary>
    public long PeakScopedBytes { get; init; }
    /// <summary>Scopes open now (all flows).</summary>
    public int OpenScopes { get; init; }
    /// <summary>Bytes of foreign memory wrapped by live external buffers (<see cref="NativeBufferKind.External"/>), counted apart from heap bytes.</summary>
    public long LiveExternalBytes { get; init; }

    /// <summary>
    /// Bytes the allocator really holds for the live heap buffers (<see cref="NativeBuffer.FootprintBytes"/> summed):
    /// slab slots, malloc blocks with their padding and header, page-rounded mappings. At least <see cref="LiveBytes"/>.
    /// </summary>
    public long LiveFootprintBytes { get; init; }
    /// <summary>Highest <see cref="LiveFootprintBytes"/> seen.</summary>
    public long PeakFootprintBytes { get; init; }
    /// <summary>
    /// Bytes the allocator keeps for reuse in no live buffer (one empty slab per size class, a few freed large mappings):
    /// held by the process, reported apart, returned by <see cref="AllocationTracker.ReleaseCachedMemory"/>.
    /// </summary>
    public long CachedBytes { get; init; }
    /// <summary>Bytes of slabs mapped for small buffers (in use, free slots and cached); the slots in use are in <see cref="LiveFootprintBytes"/>.</summary>
    public long SlabBytes { get; init; }
    /// <summary>
    /// Disposed small and medium buffers parked in the buffer cache for reuse by the next allocation of their size class
    /// (not live, not freed: their slots or malloc blocks stay held; bounded by <see cref="NativeArraysSettings.BufferCacheEntries"/>). Released by
    /// <see cref="AllocationTracker.ReleaseCachedMemory"/>.
    /// </summary>
    public long CachedBuffers { get; init; }
    /// <summary>Footprint bytes (slab slots, malloc blocks) of the <see cref="CachedBuffers"/>; not in <see cref="CachedBytes"/> nor in <see cref="LiveFootprintBytes"/>.</summary>
    public long CachedBufferBytes { get; init; }
}

/// <summary>
/// Thread-safe counters of native memory: live buffers and bytes, peak, totals, leaks, and copies by operation.
/// Also published as the <see cref="System.Diagnostics.Metrics.Meter"/> named <c>NativeArrays</c>
/// (<c>dotnet-counters monitor --counters NativeArrays</c>).
/// </summary>
/// <remarks>The inspector reads fields of this type by name: they are listed in <c>Diagnostics/InspectorContract.cs</c> (checked by a test); rename them there too.</remarks>
public static partial class AllocationTracker
{
    private static long s_liveBuffers;
    private static long s_liveBytes;
    private static long s_liveMappedBytes;
    private static long s_liveExternalBytes;
    private static long s_peakBytes;
    private static long s_totalAllocations;
    private static long s_totalBytesAllocated;
    private static long s_leaksDetected;
    private static long s_liveFootprintBytes;
    private static long s_peakFootprintBytes;
    /// <summary>Copy counters by operation name (a counter, once added, stays: threads cache the last one they used).</summary>
    private static readonly ConcurrentDictionary<string, StrongBox<long>> s_copies = new();
    [ThreadStatic] private static string? t_lastCopyOperation;
    [ThreadStatic] private static StrongBox<long>? t_lastCopyCounter;
    private static readonly ConcurrentQueue<LeakReport> s_leaks = new();
    private const int MaxLeakReportsKept = 1000;

    /// <summary>The meter's name.</summary>
    public const string MeterName = "NativeArrays";

    /// <summary>The meter publishing the counters as observable instruments.</summary>
    public static Meter Meter { get; } = CreateMeter();

    /// <summary>Raised (on the finalizer thread) when a leaked buffer is freed by its finalizer.</summary>
    public static event Action<LeakReport>? LeakDetected;

    /// <summary>Whether leak reports are also written to standard error. Default true.</summary>
    public static bool WriteLeaksToStandardError { get; set; } = true;

    /// <summary>Copies the counters.</summary>
    public static TrackerSnapshot Snapshot() => WithScopeCounters(new(
        Interlocked.Read(ref s_liveBuffers), Interlocked.Read(ref s_liveBytes), Interlocked.Read(ref s_liveMappedBytes),
        Interlocked.Read(ref s_peakBytes), Interlocked.Read(ref s_totalAllocations), Interlocked.Read(ref s_totalBytesAllocated),
        Interlocked.Read(ref s_leaksDetected), CopyCounts())
    {
        LiveExternalBytes = Interlocked.Read(ref s_liveExternalBytes),
        LiveFootprintBytes = Interlocked.Read(ref s_liveFootprintBytes),
        PeakFootprintBytes = Interlocked.Read(ref s_peakFootprintBytes),
        CachedBytes = NativeAllocator.CachedBytes,
        SlabBytes = NativeAllocator.SlabBytesMapped,
        CachedBuffers = BufferCache.Count,
        CachedBufferBytes = BufferCache.Bytes,
    });

    /// <summary>
    /// Frees the buffers parked in the buffer cache, then returns the memory the allocator keeps for reuse (empty slabs,
    /// freed large mappings) to the OS now. Returns the bytes released (parked buffers' slots plus the allocator's cache).
    /// Live buffers are not affected.
    /// </summary>
    public static long ReleaseCachedMemory() => BufferCache.ReleaseAll() + NativeAllocator.ReleaseCached();

    /// <summary>The most recent leak reports (up to 1000).</summary>
    public static IReadOnlyList<LeakReport> Leaks => s_leaks.ToArray();

    /// <summary>Counts one copy (or temporary) made by <paramref name="operation"/>.</summary>
    public static void CountCopy(string operation)
    {
        ArgumentException.ThrowIfNullOrEmpty(operation);
        if (!NativeArraysSettings.Current.TrackAllocations) return;
        // The same name as this thread's last copy (the library passes literals): its counter without a lookup.
        var counter = t_lastCopyCounter;
        if (counter is null || !ReferenceEquals(operation, t_lastCopyOperation))
        {
            counter = s_copies.GetOrAdd(operation, static _ => new StrongBox<long>());
            t_lastCopyOperation = operation;
            t_lastCopyCounter = counter;
        }
        Interlocked.Increment(ref counter.Value);
    }

    private static Dictionary<string, long> CopyCounts()
    {
        var counts = new Dictionary<string, long>();
        foreach (var (operation, counter) in s_copies) counts[operation] = Interlocked.Read(ref counter.Value);
        return counts;
    }

    /// <summary>Resets the peaks (live bytes, bytes held by scopes) to their current values (for measuring a scope).</summary>
    public static void ResetPeak()
    {
        Enter();
        s_peakBytes = s_liveBytes;
        s_peakFootprintBytes = s_liveFootprintBytes;
        Exit();
        ResetScopedPeak();
    }

    // The buffer counters change together under one lock: a compare-exchange to take it and a plain store to return it,
    // where an interlocked operation per counter (five per allocation, three per free, ~6 ns each) cost ~50 ns of every
    // allocate/free pair. It is held for a few additions; readers (snapshots, the meter, the inspector) read the fields
    // as they are, each one exact once the update in flight (at most one per thread, as before) is done.
    private static SpinLatch s_latch;

    private static void Enter() => s_latch.Enter();

    private static void Exit() => s_latch.Exit();

    internal static void OnAllocated(NativeBuffer buffer)
    {
        long bytes = buffer.ByteLength;
        long footprint = buffer.FootprintBytes;
        var kind = buffer.Kind;
        Enter();
        s_liveBuffers++;
        s_totalAllocations++;
        s_totalBytesAllocated += bytes;
        if (kind == NativeBufferKind.MemoryMapped) s_liveMappedBytes += bytes;
        else if (kind == NativeBufferKind.External) s_liveExternalBytes += bytes;
        else
        {
            long live = s_liveBytes += bytes;
            if (live > s_peakBytes) s_peakBytes = live;
            long held = s_liveFootprintBytes += footprint;
            if (held > s_peakFootprintBytes) s_peakFootprintBytes = held;
        }
        Exit();
    }

    internal static void OnFreed(NativeBuffer buffer, bool leaked)
    {
        long bytes = buffer.ByteLength;
        long footprint = buffer.FootprintBytes;
        var kind = buffer.Kind;
        Enter();
        s_liveBuffers--;
        if (kind == NativeBufferKind.MemoryMapped) s_liveMappedBytes -= bytes;
        else if (kind == NativeBufferKind.External) s_liveExternalBytes -= bytes;
        else
        {
            s_liveBytes -= bytes;
            s_liveFootprintBytes -= footprint;
        }
        Exit();
        if (!leaked) return;
        Interlocked.Increment(ref s_leaksDetected);
        string[] viewSites = buffer.UndisposedViewSites();
        string? site = !buffer.OwnerDisposed || viewSites.Length == 0 ? buffer.CreationSite : viewSites[0];
        var report = new LeakReport(buffer.Id, buffer.ByteLength, buffer.ElementType, buffer.Leases, site)
        {
            AllocationSite = buffer.CreationSite,
            UndisposedViewSites = viewSites,
            OnlyViewsLeaked = buffer.OwnerDisposed,
        };
        s_leaks.Enqueue(report);
        while (s_leaks.Count > MaxLeakReportsKept && s_leaks.TryDequeue(out _)) { }
        if (WriteLeaksToStandardError)
        {
            try { Console.Error.WriteLine(report.ToString()); } catch (IOException) { } catch (ObjectDisposedException) { }
        }
        try { LeakDetected?.Invoke(report); }
        catch (Exception) { /* a subscriber's failure must never crash the finalizer thread */ }
    }

    private static Meter CreateMeter()
    {
        var meter = new Meter(MeterName, "1.0");
        meter.CreateObservableGauge("nativearrays.live_buffers", () => Interlocked.Read(ref s_liveBuffers), "{buffer}", "Native buffers alive");
        meter.CreateObservableGauge("nativearrays.live_bytes", () => Interlocked.Read(ref s_liveBytes), "By", "Heap native bytes alive");
        meter.CreateObservableGauge("nativearrays.live_mapped_bytes", () => Interlocked.Read(ref s_liveMappedBytes), "By", "Memory-mapped bytes alive");
        meter.CreateObservableGauge("nativearrays.live_footprint_bytes", () => Interlocked.Read(ref s_liveFootprintBytes), "By", "Bytes the allocator holds for live heap buffers (padding, headers, slots, pages)");
        meter.CreateObservableGauge("nativearrays.cached_bytes", () => NativeAllocator.CachedBytes, "By", "Bytes kept for reuse in no live buffer (empty slabs, freed large mappings)");
        meter.CreateObservableGauge("nativearrays.cached_buffers", () => (long)BufferCache.Count, "{buffer}", "Disposed small and medium buffers parked for reuse");
        meter.CreateObservableGauge("nativearrays.cached_buffer_bytes", () => BufferCache.Bytes, "By", "Footprint bytes of the buffers parked for reuse");
        meter.CreateObservableGauge("nativearrays.peak_footprint_bytes", () => Interlocked.Read(ref s_peakFootprintBytes), "By", "Peak footprint bytes");
        meter.CreateObservableGauge("nativearrays.live_external_bytes", () => Interlocked.Read(ref s_liveExternalBytes), "By", "Foreign (wrapped) bytes alive");
        meter.CreateObservableGauge("nativearrays.peak_bytes", () => Interlocked.Read(ref s_peakBytes), "By", "Peak heap native bytes");
        meter.CreateObservableCounter("nativearrays.allocations", () => Interlocked.Read(ref s_totalAllocations), "{buffer}", "Buffers allocated");
        meter.CreateObservableCounter("nativearrays.allocated_bytes", () => Interlocked.Read(ref s_totalBytesAllocated), "By", "Bytes allocated");
        meter.CreateObservableCounter("nativearrays.leaks", () => Interlocked.Read(ref s_leaksDetected), "{buffer}", "Buffers freed by the finalizer");
        meter.CreateObservableCounter("nativearrays.copies", () => s_copies.Select(kv => new Measurement<long>(Interlocked.Read(ref kv.Value.Value),
            new KeyValuePair<string, object?>("operation", kv.Key))), "{copy}", "Copies by operation");
        AddScopeInstruments(meter);
        return meter;
    }
}
