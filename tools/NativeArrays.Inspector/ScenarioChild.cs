using System.Runtime.CompilerServices;
using System.Text.Json;
using NativeArrays.Inspection;
using NativeArrays.Memory;

namespace NativeArrays.Inspector;

/// <summary>What the scenario child tells the inspector at a checkpoint: its own view of memory.</summary>
public sealed record CheckpointFacts
{
    /// <summary>Checkpoint id, e.g. "1-view".</summary>
    public required string Id { get; init; }
    /// <summary>Process id of the child.</summary>
    public int ProcessId { get; init; }
    /// <summary>The library tracker's live buffers.</summary>
    public long TrackerLiveBuffers { get; init; }
    /// <summary>The library tracker's live heap bytes.</summary>
    public long TrackerLiveBytes { get; init; }
    /// <summary>The library tracker's live footprint bytes (what the allocator holds for the live heap buffers).</summary>
    public long TrackerLiveFootprintBytes { get; init; }
    /// <summary>Bytes the library's allocator keeps for reuse in no buffer (reported apart from live bytes).</summary>
    public long TrackerCachedBytes { get; init; }
    /// <summary>The library tracker's leak count.</summary>
    public long TrackerLeaks { get; init; }
    /// <summary>The library tracker's copies by operation.</summary>
    public Dictionary<string, long> TrackerCopies { get; init; } = [];
    /// <summary>RssAnon of the child from /proc/self/status, in bytes (0 when unknown).</summary>
    public long RssAnonBytes { get; init; }
    /// <summary>RssAnon right after the previous checkpoint's inspection finished (0 at the first checkpoint).</summary>
    public long RssAnonAfterPreviousBytes { get; init; }
    /// <summary>Scenario-specific measurements made inside the child (e.g. managed bytes allocated by views).</summary>
    public Dictionary<string, long> Measured { get; init; } = [];
    /// <summary>Scenario-specific text facts (e.g. the creation site of a tracker leak report).</summary>
    public Dictionary<string, string> Notes { get; init; } = [];
}

/// <summary>
/// The demo's target process. Runs the five seed scenarios; at each checkpoint prints
/// <c>@checkpoint {json facts}</c> on stdout and waits for a line on stdin before going on; ends with <c>@done</c>.
/// </summary>
public static class ScenarioChild
{
    /// <summary>Elements of the arrays of scenarios 1 and 2 (float32: 4,000,000 bytes).</summary>
    public const int MillionElements = 1_000_000;
    /// <summary>Elements of the big base of scenario 4 (float32: 100,000,000 bytes).</summary>
    public const int BigElements = 25_000_000;
    /// <summary>Elements of the forgotten buffer of scenario 5 (int64: 8,000,000 bytes).</summary>
    public const int LeakElements = 1_000_000;
    /// <summary>One-element float32 arrays of the "many small arrays" checkpoint.</summary>
    public const int SmallArrays = 100_000;
    /// <summary>Elements of the lazy 1 GiB <c>Zeros</c> (float32).</summary>
    public const long LazyElements = 1L << 28;
    /// <summary>Bytes written into the lazy zeros (the first 64 MiB).</summary>
    public const long LazyWrittenBytes = 64L << 20;

    private static TextReader s_in = TextReader.Null;
    private static TextWriter s_out = TextWriter.Null;

    /// <summary>Runs the scenarios, speaking the checkpoint protocol on <paramref name="input"/>/<paramref name="output"/>.</summary>
    public static int Run(TextReader input, TextWriter output)
    {
        s_in = input;
        s_out = output;
        // Creation sites make the leak of scenario 5 point at its line; the tracker's stderr line is noise here.
        NativeArraysSettings.Configure(new NativeArraysSettings { CaptureAllocationSites = true, TrackAllocations = true });
        AllocationTracker.WriteLeaksToStandardError = false;
        try
        {
            WarmUp();
            // The first dump of a process costs it some resident memory once (the runtime's dump support);
            // let the inspector take a throwaway dump before the baseline so RSS deltas measure only the scenarios.
            s_out.WriteLine($"@ready {Environment.ProcessId}");
            s_out.Flush();
            if (s_in.ReadLine() is null) return 1;
            Checkpoint("0-baseline");
            ViewOfASlice();
            TwoCopies();
            HundredOverlappingViews();
            ViewKeepsBigBaseAlive();
            ForgottenBuffer();
            ColumnOfADisposedMatrix();
            ManySmallArrays();
            LazyZeros();
            s_out.WriteLine("@done");
            return 0;
        }
        catch (Exception e)
        {
            s_out.WriteLine("@error " + e.ToString().ReplaceLineEndings(" | "));
            return 1;
        }
    }

    // Runs every code path once so that JIT and type loading do not show up as memory between checkpoints.
    private static void WarmUp()
    {
        using (var a = NDArray.Arange(16f))
        using (var v = a.Slice(2..6))
        using (var c = a.Copy())
        {
            v.Set([0], 1f);
            _ = a.Get(2);
        }
        _ = JsonSerializer.Serialize(new CheckpointFacts { Id = "warm-up", RssAnonBytes = ReadRssAnon() });
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    // 1. A view of a slice, written through: one buffer, 0 extra native bytes.
    private static void ViewOfASlice()
    {
        using var a = NDArray.Arange((float)MillionElements);
        using var v = a.Slice(250_000..750_000);
        v.Set([0], 42f);
        bool writtenThrough = a.Get(250_000) == 42f;
        Checkpoint("1-view", measured: new() { ["writeThrough"] = writtenThrough ? 1 : 0 });
    }

    // 2. Two explicit copies of a 1,000,000-element array: three buffers, 3 x the bytes.
    private static void TwoCopies()
    {
        long before = AllocationTracker.Snapshot().CopiesOf("Copy");
        using var a = NDArray.Arange((float)MillionElements);
        using var b = a.Copy();
        using var c = a.Copy();
        b.Set([0], -1f);
        bool independent = a.Get(0) == 0f && b.Get(0) == -1f && c.Get(0) == 0f;
        long copies = AllocationTracker.Snapshot().CopiesOf("Copy") - before;
        Checkpoint("2-copies", measured: new() { ["copiesCounted"] = copies, ["independent"] = independent ? 1 : 0 });
    }

    // 3. 100 overlapping views of a 1000-element array: view i covers elements [9i, 9i+20), so views i and j overlap when |i-j| <= 2.
    private static void HundredOverlappingViews()
    {
        using var a = NDArray.Arange(1000f);
        var views = new NDArray<float>[100];
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < views.Length; i++) views[i] = a.Slice((9 * i)..(9 * i + 20));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        views[3].Set([15], -7f); // element 42, also element 6 of view 4
        bool shared = views[4].Get(6) == -7f && a.Get(42) == -7f;
        Checkpoint("3-overlap", measured: new() { ["viewsAllocatedManagedBytes"] = allocated, ["sharedWrite"] = shared ? 1 : 0 });
        foreach (var v in views) v.Dispose();
        GC.KeepAlive(views);
    }

    // 4. The pitfall: a 10-element view keeps a 100 MB base alive after the owner was disposed; then fixed with a copy.
    private static void ViewKeepsBigBaseAlive()
    {
        NDArray<float> small;
        using (var big = NDArray<float>.Zeros(BigElements))
        {
            big.Fill(0f); // Zeros alone is lazy (fresh zero pages): touch every page so the OS sees the 100 MB
            small = big.Slice(1000..1010);
        } // owner disposed here, like `del a` in NumPy: the view's lease keeps all 100 MB
        Checkpoint("4a-retained");
        using var fixedCopy = small.Copy();
        small.Dispose(); // last lease: the 100 MB go back at once
        Checkpoint("4b-fixed", measured: new() { ["firstValue"] = (long)fixedCopy.Get(0) });
    }

    // 5. A forgotten, undisposed, unreachable buffer: a leak, found with its root status and creation site.
    private static void ForgottenBuffer()
    {
        ForgetBuffer();
        Checkpoint("5a-leak");
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var leak = AllocationTracker.Leaks.LastOrDefault();
        Checkpoint("5b-finalized", notes: new() { ["leakSite"] = leak?.CreationSite ?? "", ["leakBytes"] = (leak?.ByteLength ?? 0).ToString() });
    }

    // 7. Many small arrays: each costs its slab slot (64 B at alignment 64), which the OS confirms page by page.
    private static void ManySmallArrays()
    {
        AllocationTracker.ReleaseCachedMemory(); // start from no cached slab, so the OS sees every slab page appear
        var before = ProcessMemory.Mappings();
        long rss0 = ReadRssAnon();
        var arrays = new NDArray<float>[SmallArrays];
        for (int i = 0; i < arrays.Length; i++)
        {
            arrays[i] = NDArray<float>.Zeros(1);
            arrays[i].Set([0], i);
        }
        long rss1 = ReadRssAnon();
        long osNative = ProcessMemory.ResidentGrowthOfMappingsHolding(before, ProcessMemory.Mappings(), arrays.Select(a => (ulong)a.Buffer.Address));
        Checkpoint("7-small-arrays", measured: new()
        {
            ["osNativeBytes"] = osNative,
            ["rssAnonDelta"] = rss1 - rss0,
            ["slotBytes"] = arrays[0].Buffer.FootprintBytes,
        });
        foreach (var a in arrays) a.Dispose();
    }

    // 8. Lazy zeros: a 1 GiB Zeros costs no resident memory until written; writing 64 MiB of it costs 64 MiB.
    private static void LazyZeros()
    {
        long rss0 = ReadRssAnon();
        using var z = NDArray<float>.Zeros((nint)LazyElements);
        long rss1 = ReadRssAnon();
        Checkpoint("8a-lazy-zeros", measured: new() { ["rssAnonDelta"] = rss1 - rss0, ["footprint"] = z.Buffer.FootprintBytes });
        // The buffer's own mapping is measured (smaps), with the process-wide RssAnon shown beside it: the runtime may
        // return unrelated anonymous memory (GC regions) while the 64 MiB are written, which moved RssAnon by up to 10 MiB.
        var before = ProcessMemory.Mappings();
        long rss2 = ReadRssAnon();
        using (var head = z.Slice(0..(int)(LazyWrittenBytes / sizeof(float)))) head.Fill(1f);
        long rss3 = ReadRssAnon();
        long written = ProcessMemory.ResidentGrowthOfMappingsHolding(before, ProcessMemory.Mappings(), [(ulong)z.Buffer.Address]);
        Checkpoint("8b-lazy-zeros-written", measured: new() { ["rssAnonDelta"] = rss3 - rss2, ["bufferResidentDelta"] = written, ["firstValue"] = (long)z.Get(0) });
    }

    /// <summary>Rows and columns of the matrix of scenario 6 (float32: 4,000,000 bytes).</summary>
    public const int MatrixSide = 1000;

    // 6. A column view of a disposed (1000, 1000) matrix: its extent spans almost the whole buffer, yet it can read only
    //    1000 elements; the exact retained bytes say what is really kept for nothing.
    private static void ColumnOfADisposedMatrix()
    {
        NDArray<float> column;
        using (var matrix = NDArray<float>.Zeros(MatrixSide, MatrixSide))
        {
            column = matrix[.., 3];
        }
        using (column)
        {
            // The child's own figure: bytes of the buffer minus the distinct elements the column addresses.
            long exact = (long)column.Buffer.ByteLength - (long)column.Size * sizeof(float);
            Checkpoint("6-strided", measured: new() { ["exactRetained"] = exact, ["columnElements"] = (long)column.Size });
        }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "NA0003", Justification = "Leaks on purpose: the demo's leak checkpoint finalizes this forgotten array.")]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ForgetBuffer()
    {
        var forgotten = NDArray.Arange((long)LeakElements);
        forgotten.Set([0], 1L);
        // no Dispose: the array and its buffer become unreachable when this method returns
    }

    private static void Checkpoint(string id, Dictionary<string, long>? measured = null, Dictionary<string, string>? notes = null)
    {
        var t = AllocationTracker.Snapshot();
        var facts = new CheckpointFacts
        {
            Id = id,
            ProcessId = Environment.ProcessId,
            TrackerLiveBuffers = t.LiveBuffers,
            TrackerLiveBytes = t.LiveBytes,
            TrackerLiveFootprintBytes = t.LiveFootprintBytes,
            TrackerCachedBytes = t.CachedBytes,
            TrackerLeaks = t.LeaksDetected,
            TrackerCopies = new Dictionary<string, long>(t.Copies),
            RssAnonBytes = ReadRssAnon(),
            RssAnonAfterPreviousBytes = s_rssAfterInspection,
            Measured = measured ?? [],
            Notes = notes ?? [],
        };
        s_out.WriteLine("@checkpoint " + JsonSerializer.Serialize(facts));
        s_out.Flush();
        if (s_in.ReadLine() is null) throw new IOException("the inspector closed the checkpoint pipe");
        // A dump costs the target some resident memory (the runtime's side of it); measuring again here lets the
        // inspector count only what the scenarios themselves changed.
        s_rssAfterInspection = ReadRssAnon();
    }

    private static long s_rssAfterInspection;

    /// <summary>Keeps <paramref name="count"/> views of one 1000-element buffer alive until <paramref name="input"/> closes.</summary>
    public static void HoldViews(int count, TextReader input, TextWriter output)
    {
        using var a = NDArray.Arange(1000f);
        var views = new NDArray<float>[count];
        for (int i = 0; i < count; i++) views[i] = a.Slice((i % 990)..(i % 990 + 10));
        output.WriteLine($"@loaded {Environment.ProcessId} {count}");
        output.Flush();
        while (input.ReadLine() is not null) { }
        foreach (var v in views) v.Dispose();
    }

    /// <summary>RssAnon of this process in bytes (Linux), 0 elsewhere.</summary>
    public static long ReadRssAnon() => ProcessMemory.RssAnon();
}
