using System.Diagnostics;
using Microsoft.Diagnostics.Runtime;

namespace NativeArrays.Inspection;

/// <summary>What to compute beyond the always-on report.</summary>
public sealed record AnalyzeOptions
{
    /// <summary>Buffer ids whose shortest root path is wanted (like <c>dotnet-dump gcroot</c>).</summary>
    public IReadOnlyCollection<long> RootPathsFor { get; init; } = [];
    /// <summary>Also give the root status path of every leaked buffer.</summary>
    public bool RootPathsForLeaks { get; init; }
    /// <summary>Receives the number of objects walked so far, now and then.</summary>
    public IProgress<long>? Progress { get; init; }
    /// <summary>Most arrays listed per buffer (counts, coverage and overlaps always use all of them).</summary>
    public int MaxArraysListed { get; init; } = 1000;
    /// <summary>Most characters of a creation site kept.</summary>
    public int MaxCreationSiteChars { get; init; } = 8192;
}

/// <summary>
/// Builds a <see cref="FootprintReport"/> from a heap. Liveness is reachability: one breadth-first walk from the strong
/// roots (stacks, handles, statics; not the finalizer queue) marks every live object and keeps each one's parent, so
/// root paths come for free. Buffers the walk does not reach but that are registered for finalization (or queued for
/// it) and not freed are leaks. The library is seen only through the documented field names of its heap objects.
/// </summary>
public static partial class FootprintAnalyzer
{
    /// <summary>Full name of the buffer type in the target.</summary>
    public const string BufferTypeName = InspectorContract.Buffer.TypeName;
    /// <summary>Name prefix of the array types (generic over the element type).</summary>
    public const string ArrayTypePrefix = InspectorContract.Array.TypeNamePrefix;
    /// <summary>Full name of the layout type.</summary>
    public const string LayoutTypeName = InspectorContract.Layout.TypeName;
    /// <summary>Full name of the tracker type whose statics hold the live counters.</summary>
    public const string TrackerTypeName = InspectorContract.Tracker.TypeName;

    private enum Kind : byte { Other, Buffer, Array }

    /// <summary>Highest rank a layout may claim before the inspector calls it damaged (the library's limit is lower).</summary>
    private const int MaxRank = 64;

    /// <summary>Walks the heap of <paramref name="target"/> and reports NativeArrays' footprint.</summary>
    public static FootprintReport Analyze(HeapTarget target, AnalyzeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        try
        {
            return AnalyzeCore(target, options ?? new AnalyzeOptions());
        }
        catch (Exception e) when (e is not InspectorException and not OutOfMemoryException)
        {
            throw new InspectorException(ExitCodes.BadDump, $"unreadable: {target.Source}: the heap could not be read ({HeapTarget.OneLine(e)}); the dump may be truncated or damaged", e);
        }
    }

    /// <summary>Walk the heap, read what the walk found, report: three phases, each its own method.</summary>
    private static FootprintReport AnalyzeCore(HeapTarget target, AnalyzeOptions options)
    {
        var clock = new PhaseClock();
        var walk = Walk(target, options, clock);
        var read = Read(target, options, walk, clock);
        return Report(target, options.RootPathsFor, walk, read, clock);
    }

    /// <summary>Times the phases; NATIVEARRAYS_INSPECT_TIMING=1 prints how long each took, on stderr.</summary>
    private sealed class PhaseClock
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly bool _timing = Environment.GetEnvironmentVariable("NATIVEARRAYS_INSPECT_TIMING") == "1";
        private long _last;

        public long ElapsedMilliseconds => _clock.ElapsedMilliseconds;

        public void Phase(string name)
        {
            if (!_timing) return;
            long now = _clock.ElapsedMilliseconds;
            Console.Error.WriteLine($"[inspect] {name}: {now - _last} ms");
            _last = now;
        }
    }

    /// <summary>
    /// Phase 3, report: cross-check what was read with the library's tracker and id counter (a damaged dump is
    /// "unreadable", never an OK), then sum it up.
    /// </summary>
    private static FootprintReport Report(HeapTarget target, IReadOnlyCollection<long> rootPathsFor, HeapWalk walk, HeapRead read, PhaseClock clock)
    {
        var runtime = walk.Runtime;
        var libModule = walk.LibModule;
        var buffers = read.Buffers;
        var leaks = read.Leaks;
        var tracker = ReadTracker(runtime, libModule);
        if (tracker is null && walk.LibraryTypesSeen > 0 && libModule.GetTypeByName(TrackerTypeName) is null && libModule.GetTypeByName(BufferTypeName) is null)
        {
            // The heap holds the library's objects, yet the module does not resolve its own core types.
            throw new InspectorException(ExitCodes.BadDump,
                $"unreadable: {target.Source}: the heap holds NativeArrays objects but the module's type map does not resolve its buffer and tracker types (damaged dump)");
        }
        if (tracker is null && libModule.GetTypeByName(BufferTypeName) is not null && TrackingSetting(runtime, libModule) != false)
        {
            // Buffers were created (their type is loaded) with tracking on, yet the tracker cannot be read.
            throw new InspectorException(ExitCodes.BadDump,
                $"unreadable: {target.Source}: the library has created buffers but its allocation tracker cannot be read, so what the walk found cannot be cross-checked (damaged dump)");
        }
        CrossCheck(target.Source, tracker, buffers.Where(b => !read.Untracked.Contains(b.Id)).ToList(), read.FreedInFlight, () => ThreadsReleasingBuffers(runtime));
        CheckIdCounter(target.Source, runtime, libModule, tracker, read.MaxIdSeen, buffers.Count + read.FreedObjects);
        // Heap bytes and memory-mapped bytes apart, as the tracker counts them (mapped memory is file-backed page cache).
        // Foreign memory (external buffers: Wrap, DLPack imports) belongs to its producer: listed, not counted as ours.
        long native = buffers.Where(b => b.Kind == "heap").Sum(b => b.Bytes);
        long footprint = buffers.Where(b => b.Kind == "heap").Sum(b => b.FootprintBytes);
        long mapped = buffers.Where(b => b.Kind == "mmap").Sum(b => b.Bytes);
        long retained = buffers.Where(b => b.Reachable).Sum(b => b.RetainedBytes);
        long exactRetained = buffers.Where(b => b.Reachable).Sum(b => b.ExactRetainedBytes);
        long leakedBytes = leaks.Sum(b => b.Bytes);
        var listedIds = buffers.Select(b => b.Id).ToHashSet();
        var missing = rootPathsFor.Where(id => !listedIds.Contains(id)).Distinct().Select(id => new MissingBuffer(id,
            read.FreedIds.Contains(id) ? "freed: its memory was returned (disposed array objects still refer to the buffer object)"
                                       : "no such buffer holds memory: never created, or freed and collected")).ToList();
        var pending = buffers.Where(b => b.PendingLeases > 0).ToList();
        return new FootprintReport
        {
            Source = target.Source,
            ProcessId = target.ProcessId,
            RuntimeVersion = RuntimeVersionOf(runtime.ClrInfo),
            Buffers = buffers,
            FreedBufferObjects = read.FreedObjects,
            NativeBytes = native,
            FootprintBytes = footprint,
            CachedBytes = ReadAllocatorCache(runtime, libModule),
            CachedBuffers = read.CachedBuffers,
            CachedBufferBytes = read.CachedBufferBytes,
            MappedBytes = mapped,
            ManagedBytes = read.ManagedBytes,
            ArrayObjects = walk.LiveArrays.Count,
            LayoutObjects = read.LayoutUsers.Count(kv => kv.Key != 0),
            LiveViews = read.LiveViews,
            RetainedBytes = retained,
            ExactRetainedBytes = exactRetained,
            OverlapPairs = buffers.Sum(b => b.OverlapPairs),
            Leaks = leaks.Count,
            LeakedBytes = leakedBytes,
            Tracker = tracker,
            Scopes = ScopeReader.Read(runtime, libModule),
            ObjectsWalked = walk.Walked,
            OpenMilliseconds = target.OpenMilliseconds,
            WalkMilliseconds = clock.ElapsedMilliseconds,
            PendingLeaks = pending.Count,
            PendingLeases = pending.Sum(b => b.PendingLeases),
            MissingRootPaths = missing,
            Verdict = Verdict(buffers.Count, native, exactRetained, leaks.Count, leakedBytes, pending.Count, pending.Sum(b => (long)b.PendingLeases)),
        };
    }

    /// <summary>
    /// The library's tracker (read from the target's statics) must agree with the buffers the walk found: a damaged
    /// dump that hides buffers, or the tracker, is "unreadable", never an OK. Buffers freed at the instant of the
    /// snapshot may still be counted by the tracker (its update in flight): they are the only slack allowed.
    /// </summary>
    private static void CrossCheck(string source, TrackerCounters? tracker, List<BufferReport> tracked, List<RawBuffer> inFlight, Func<int> threadsReleasing)
    {
        long foundBuffers = tracked.Count;
        long foundBytes = tracked.Where(b => b.Kind == "heap").Sum(b => b.Bytes); // external (foreign) bytes are not ours: the tracker keeps them apart
        long foundMapped = tracked.Where(b => b.Kind == "mmap").Sum(b => b.Bytes);
        if (tracker is null)
        {
            if (foundBuffers == 0) return; // the tracker was never initialized: no tracked buffer was ever allocated
            throw new InspectorException(ExitCodes.BadDump,
                $"unreadable: {source}: the walk found {foundBuffers} tracked buffer(s) but the library's allocation tracker cannot be read, so they cannot be cross-checked (damaged dump)")
            { MayBeTransient = false };
        }
        if (tracker.LiveBuffers == foundBuffers && tracker.LiveBytes == foundBytes && tracker.LiveMappedBytes == foundMapped) return;
        // A freed buffer object stays on the heap long after its free (disposed arrays refer to it, or the GC has not
        // collected it yet): only a free under way on some thread at the instant of the snapshot may still be counted
        // by the tracker. At most one per thread inside the free path, and at most the largest such buffers' bytes:
        // freed objects lying around never excuse a buffer that the walk cannot see.
        int releasing = threadsReleasing();
        var candidates = inFlight.OrderByDescending(b => b.Bytes).Take(releasing).ToList();
        long slackBuffers = candidates.Count;
        long slackBytes = candidates.Where(b => b.Kind == InspectorContract.BufferKind.Heap).Sum(b => b.Bytes);
        long slackMapped = candidates.Where(b => b.Kind == InspectorContract.BufferKind.MemoryMapped).Sum(b => b.Bytes);
        bool ok = tracker.LiveBuffers >= foundBuffers && tracker.LiveBuffers <= foundBuffers + slackBuffers
                  && tracker.LiveBytes >= foundBytes && tracker.LiveBytes <= foundBytes + slackBytes
                  && tracker.LiveMappedBytes >= foundMapped && tracker.LiveMappedBytes <= foundMapped + slackMapped;
        if (!ok)
        {
            throw new InspectorException(ExitCodes.BadDump,
                $"unreadable: {source}: the library's tracker counts {tracker.LiveBuffers} buffer(s), {tracker.LiveBytes} B (+{tracker.LiveMappedBytes} B mapped), " +
                $"but the heap walk found {foundBuffers}, {foundBytes} B (+{foundMapped} B mapped): the dump is damaged, or a buffer was being allocated or freed at that instant (inspect again)")
            { MayBeTransient = true };
        }
    }

    /// <summary>Types whose methods make up the free path of a buffer (dispose, release, allocator, tracker update).</summary>
    private static readonly HashSet<string> FreePathTypes =
        [BufferTypeName, TrackerTypeName, AllocatorTypeName, InspectorContract.Buffer.SafeHandleTypeName];

    /// <summary>Threads stopped inside a buffer's free path (each can have one tracker update in flight); 0 when stacks cannot be read.</summary>
    private static int ThreadsReleasingBuffers(ClrRuntime runtime)
    {
        int count = 0;
        try
        {
            foreach (var thread in runtime.Threads)
            {
                foreach (var frame in thread.EnumerateStackTrace().Take(256))
                {
                    if (frame.Method?.Type?.Name is { } name && FreePathTypes.Contains(name)) { count++; break; }
                }
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // unreadable stacks excuse nothing
        }
        return count;
    }

    /// <summary>
    /// Evidence that does not live with the tracker's counters nor with the buffer objects: the buffer id counter
    /// (<c>NativeBuffer.s_nextId</c>, a static of another type: the last id handed out, at least the buffers ever created). A
    /// damaged dump that zeroes both the tracker and the buffer objects reads as "nothing allocated"; the counter
    /// and the tracker's own total (<c>s_totalAllocations</c>, never decremented) must still agree with that.
    /// </summary>
    private static void CheckIdCounter(string source, ClrRuntime runtime, ClrModule module, TrackerCounters? tracker, long maxIdSeen, int buffersSeen)
    {
        long? ids = ReadStaticLong(runtime, module, BufferTypeName, InspectorContract.Buffer.NextId);
        long? total = tracker is null ? null : ReadStaticLong(runtime, module, TrackerTypeName, InspectorContract.Tracker.TotalAllocations);
        string? problem = null;
        if (ids is long n && (n < 0 || maxIdSeen > n))
            problem = $"the buffer id counter reads {n}, but the heap holds buffer id {maxIdSeen}";
        else if (total is long t && tracker is not null && (t < 0 || t < tracker.LiveBuffers))
            problem = $"the tracker counts {tracker.LiveBuffers} live buffer(s) but only {t} ever allocated";
        else if (total is long t2 && ids is long n2 && t2 > n2)
            problem = $"the tracker counts {t2} buffer(s) ever allocated, but the buffer id counter reads {n2}";
        else if (total == 0 && ids is long n3 && n3 > 0 && buffersSeen == 0 && TrackingSetting(runtime, module) == true)
            problem = $"{n3} buffer(s) were created with allocation tracking on, yet the tracker counts none ever allocated and the heap holds no live or freed buffer object";
        if (problem is not null)
        {
            throw new InspectorException(ExitCodes.BadDump, $"unreadable: {source}: {problem} (damaged dump)") { MayBeTransient = false };
        }
    }

    /// <summary>A static <c>long</c> of a library type; null when the type, the field or its storage cannot be read.</summary>
    private static long? ReadStaticLong(ClrRuntime runtime, ClrModule module, string typeName, string fieldName)
    {
        try
        {
            var field = module.GetTypeByName(typeName)?.GetStaticFieldByName(fieldName);
            var domain = runtime.AppDomains.FirstOrDefault() ?? runtime.SystemDomain;
            return field is null || domain is null || !field.IsInitialized(domain) ? null : field.Read<long>(domain);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }

    private static string RuntimeVersionOf(ClrInfo clr)
    {
        // ClrMD 4.2 reads 0.0 for .NET 10 on Linux; the shared-framework folder name is the real version.
        if (clr.Version.Major > 0) return clr.Version.ToString();
        var folder = Path.GetFileName(Path.GetDirectoryName(clr.ModuleInfo.FileName) ?? "");
        return Version.TryParse(folder.Split('-')[0], out _) ? folder : "unknown";
    }

    private static string Verdict(int buffers, long native, long retained, int leaks, long leakedBytes, int pendingBuffers, long pendingLeases)
    {
        var parts = new List<string>();
        if (leaks > 0)
            parts.Add($"LEAK: {leaks} buffer(s) unreachable but not freed ({Format.Bytes(leakedBytes)}); dispose the arrays (creation sites above when captured)");
        if (pendingBuffers > 0)
            parts.Add($"PENDING LEAK: {pendingBuffers} buffer(s) hold {pendingLeases} lease(s) of unreachable, undisposed arrays (temporaries never disposed: each buffer leaks once its live arrays are disposed)");
        if (retained > 0)
            parts.Add($"RETAINED: {Format.Bytes(retained)} allocated but readable by no live array (views keep a larger buffer alive; Copy() the view and dispose it)");
        if (parts.Count == 0)
            return $"OK: {buffers} buffer(s), {Format.Bytes(native)} native, every byte reachable through a live array, no leak";
        return string.Join(" | ", parts);
    }

    private static BufferReport BuildBufferReport(RawBuffer raw, List<ArrayInfo> arrays, Dictionary<ulong, int> layoutUsers,
        long managedBytes, bool reachable, string rootStatus, IReadOnlyList<string>? rootPath, int maxListed)
    {
        var live = arrays.Where(a => !a.Disposed).ToArray();
        foreach (var a in live)
        {
            if (a.Shape.Any(n => n < 0) || (a.ExtentEnd > a.ExtentStart && (a.ExtentStart < 0 || a.ExtentEnd > raw.Bytes)))
                throw new InspectorException(ExitCodes.BadDump,
                    $"unreadable: the array at 0x{a.ObjectAddress:x} reaches bytes [{a.ExtentStart}, {a.ExtentEnd}) of buffer {raw.Id}, which has {raw.Bytes} (damaged dump)");
        }
        // Owner first, then by extent start: a sort on primitive keys (owners get the smallest), so that a million
        // views sort fast and the coverage and overlap passes below get their input already in start order.
        var keys = new long[live.Length];
        for (int i = 0; i < live.Length; i++) keys[i] = live[i].IsOwner ? long.MinValue : live[i].ExtentStart;
        Array.Sort(keys, live);
        var views = live.Take(maxListed).Select(a => new ViewReport
        {
            ObjectAddress = a.ObjectAddress,
            ElementTypeName = a.ElementTypeName,
            IsOwner = a.IsOwner,
            ReadOnly = a.ReadOnly,
            Shape = a.Shape,
            Strides = a.Strides,
            Offset = a.Offset,
            ExtentStart = a.ExtentStart,
            ExtentEnd = a.ExtentEnd,
            Contiguity = a.Flags switch
            {
                InspectorContract.Layout.CContiguousBit | InspectorContract.Layout.FContiguousBit => "C+F",
                InspectorContract.Layout.CContiguousBit => "C",
                InspectorContract.Layout.FContiguousBit => "F",
                _ => "-",
            },
            ObjectBytes = a.ObjectBytes,
            LayoutBytes = a.LayoutBytes,
            LayoutAddress = a.LayoutAddress,
            LayoutSharedBy = layoutUsers.GetValueOrDefault(a.LayoutAddress),
        }).ToList();
        long covered = ViewExtent.CoveredBytes(live.Select(a => (a.ExtentStart, a.ExtentEnd)), raw.Bytes);
        var viewRanges = new List<(long, long)>();
        var viewIndex = new List<int>();
        for (int i = 0; i < live.Length; i++)
        {
            if (live[i].IsOwner) continue;
            viewRanges.Add((live[i].ExtentStart, live[i].ExtentEnd));
            viewIndex.Add(i);
        }
        var (pairs, sample) = ViewExtent.OverlappingPairs(viewRanges, 20);
        var (exactCovered, exact) = ExactCoveredBytes(live, raw.Bytes, covered);
        return new BufferReport
        {
            Id = raw.Id,
            ElementType = raw.ElementType,
            ElementSize = raw.ElementSize,
            Bytes = raw.Bytes,
            FootprintBytes = raw.FootprintBytes,
            Alignment = raw.Alignment,
            Address = raw.Handle,
            ObjectAddress = raw.ObjectAddress,
            Kind = raw.Kind switch { InspectorContract.BufferKind.MemoryMapped => "mmap", InspectorContract.BufferKind.External => "external", _ => "heap" },
            OwnerDisposed = raw.OwnerDisposed,
            Leases = raw.Leases,
            Reachable = reachable,
            RootStatus = rootStatus,
            CreationSite = raw.CreationSite,
            Arrays = views,
            ArraysNotListed = live.Length - views.Count,
            LiveViews = viewIndex.Count,
            OwnerAlive = live.Any(v => v.IsOwner),
            CoveredBytes = covered,
            RetainedBytes = reachable ? raw.Bytes - covered : 0,
            ExactRetainedBytes = reachable ? raw.Bytes - exactCovered : 0,
            ExactRetainedIsExact = exact,
            // Every undisposed array holds one lease; leases beyond the reachable ones belong to arrays nobody can dispose.
            PendingLeases = reachable ? Math.Max(0, raw.Leases - live.Length) : 0,
            OverlapPairs = pairs,
            OverlapSample = sample.Select(p => new[] { viewIndex[p[0]], viewIndex[p[1]] }).Where(p => p[1] < views.Count).ToList(),
            ManagedBytes = managedBytes,
            DisposedArrays = arrays.Count(a => a.Disposed),
            RootPath = rootPath,
        };
    }

    /// <summary>Most byte runs merged per buffer for exact retained bytes (16 bytes each); beyond it, a bound.</summary>
    public const long MaxExactRuns = 1 << 20;

    /// <summary>
    /// Bytes the live arrays can read: the union of every element they address, merged from their contiguous runs. When
    /// the runs exceed <see cref="MaxExactRuns"/>, a bound instead: the smaller of the extents' union and the sum of the
    /// arrays' own element bytes (both at least the exact figure, so the retained bytes derived from it are a lower bound).
    /// </summary>
    private static (long Covered, bool Exact) ExactCoveredBytes(ArrayInfo[] live, long bytes, long extentCovered)
    {
        long runs = 0;
        foreach (var a in live)
        {
            runs += ViewExtent.RunCount(a.Shape, a.Strides);
            if (runs > MaxExactRuns) break;
        }
        if (runs <= MaxExactRuns)
            return (ViewExtent.CoveredBytes(live.SelectMany(a => ViewExtent.Runs(a.Offset, a.Shape, a.Strides, a.ElementSize)), bytes), true);
        long elementBytes = 0;
        foreach (var a in live)
        {
            long n = a.ElementSize;
            foreach (var d in a.Shape) n = d != 0 && n > long.MaxValue / d ? long.MaxValue : n * d;
            elementBytes = n > long.MaxValue - elementBytes ? long.MaxValue : elementBytes + n;
        }
        return (Math.Min(extentCovered, elementBytes), false);
    }

    private static List<string> RootPath(ClrHeap heap, ulong address, Dictionary<ulong, ulong> parent, Dictionary<ulong, ClrRoot> rootOf, StaticFieldNames statics)
    {
        var chain = new List<ulong>();
        for (ulong a = address; a != 0 && chain.Count < 10_000; a = parent[a]) chain.Add(a);
        chain.Reverse();
        var lines = new List<string>();
        if (rootOf.TryGetValue(chain[0], out var root))
        {
            var what = root switch
            {
                ClrStackRoot { StackFrame: { } frame } => $"stack of thread {frame.Thread?.ManagedThreadId.ToString() ?? "?"}, in {frame.Method?.Signature ?? frame.FrameName ?? "?"}",
                ClrHandle h => $"{h.HandleKind} handle",
                _ => root.RootKind.ToString(),
            };
            lines.Add($"root: {what} @ 0x{root.Address:x}{(root.IsPinned ? " (pinned)" : "")}{(root.IsInterior ? " (interior)" : "")}");
        }
        foreach (var a in chain)
        {
            // Statics live in handle-rooted arrays: name the static field that holds the object, when one does.
            var field = root is ClrHandle ? statics.Holding(a) : null;
            lines.Add($"  -> 0x{a:x} {heap.GetObjectType(a)?.Name ?? "?"}{(field is null ? "" : $" (static field {field})")}");
        }
        return lines;
    }

    /// <summary>Which static reference field holds which object: built once, on the first root path through a handle.</summary>
    private sealed class StaticFieldNames(ClrRuntime runtime)
    {
        private Dictionary<ulong, string>? _byObject;

        public string? Holding(ulong address)
        {
            _byObject ??= Build();
            return _byObject.GetValueOrDefault(address);
        }

        private Dictionary<ulong, string> Build()
        {
            var map = new Dictionary<ulong, string>();
            var domain = runtime.AppDomains.FirstOrDefault() ?? runtime.SystemDomain;
            if (domain is null) return map;
            foreach (var module in runtime.EnumerateModules())
            {
                foreach (var (mt, _) in module.EnumerateTypeDefToMethodTableMap())
                {
                    var type = runtime.GetTypeByMethodTable(mt);
                    if (type is null) continue;
                    foreach (var f in type.StaticFields)
                    {
                        if (!f.IsObjectReference) continue;
                        try
                        {
                            if (!f.IsInitialized(domain)) continue;
                            var o = f.ReadObject(domain);
                            if (!o.IsNull) map.TryAdd(o.Address, $"{type.Name}.{f.Name}");
                        }
                        catch (Exception e) when (e is not OutOfMemoryException)
                        {
                            // an unreadable static names nothing
                        }
                    }
                }
            }
            return map;
        }
    }

    /// <summary>Full name of the IO type that a memory-mapped buffer is tied to (through a ConditionalWeakTable).</summary>
    public const string MappedRegionTypeName = InspectorContract.MappedRegion.TypeName;

    /// <summary>The file and mode of a memory-mapped buffer, from its MappedRegion (a dependent handle's secondary).</summary>
    private static (string? Path, string? Mode) MappedFile(ClrHeap heap, ulong buffer, Dictionary<ulong, List<ulong>> dependents)
    {
        if (!dependents.TryGetValue(buffer, out var secondaries)) return (null, null);
        foreach (var address in secondaries)
        {
            var region = heap.GetObject(address);
            if (region.Type?.Name != MappedRegionTypeName) continue;
            var mode = region.Type.GetFieldByName(InspectorContract.MappedRegion.Mode) is null ? null
                : region.ReadField<int>(InspectorContract.MappedRegion.Mode) switch
                {
                    InspectorContract.MappedRegion.ReadOnly => "r",
                    InspectorContract.MappedRegion.ReadWrite => "r+",
                    InspectorContract.MappedRegion.CopyOnWrite => "c", var m => m.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            return (region.Type.GetFieldByName(InspectorContract.MappedRegion.Path) is null ? null
                : region.ReadStringField(InspectorContract.MappedRegion.Path, 4096), mode);
        }
        return (null, null);
    }

    /// <summary>Full name of the settings type whose current instance says whether buffers are tracked.</summary>
    public const string SettingsTypeName = InspectorContract.Settings.TypeName;

    /// <summary>The target's <c>TrackAllocations</c> setting; null when it cannot be read (true is the default).</summary>
    private static bool? TrackingSetting(ClrRuntime runtime, ClrModule module)
    {
        try
        {
            var type = module.GetTypeByName(SettingsTypeName);
            var domain = runtime.AppDomains.FirstOrDefault() ?? runtime.SystemDomain;
            var field = type?.GetStaticFieldByName(InspectorContract.Settings.Current);
            if (type is null || domain is null || field is null) return null;
            if (!field.IsInitialized(domain)) return true; // never configured: the default
            var current = field.ReadObject(domain);
            if (current.IsNull) return true;
            if (current.Type?.GetFieldByName(InspectorContract.Settings.TrackAllocations) is null) return null;
            return current.ReadField<bool>(InspectorContract.Settings.TrackAllocations);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }

    private static TrackerCounters? ReadTracker(ClrRuntime runtime, ClrModule module)
    {
        try
        {
            var type = module.GetTypeByName(TrackerTypeName);
            var domain = runtime.AppDomains.FirstOrDefault() ?? runtime.SystemDomain;
            if (type is null || domain is null) return null;
            var buffers = type.GetStaticFieldByName(InspectorContract.Tracker.LiveBuffers);
            var bytes = type.GetStaticFieldByName(InspectorContract.Tracker.LiveBytes);
            if (buffers is null || bytes is null || !buffers.IsInitialized(domain)) return null;
            var mapped = type.GetStaticFieldByName(InspectorContract.Tracker.LiveMappedBytes);
            var footprint = type.GetStaticFieldByName(InspectorContract.Tracker.LiveFootprintBytes);
            return new TrackerCounters
            {
                LiveBuffers = buffers.Read<long>(domain),
                LiveBytes = bytes.Read<long>(domain),
                LiveMappedBytes = mapped?.Read<long>(domain) ?? 0,
                LiveFootprintBytes = footprint is null ? null : footprint.Read<long>(domain),
            };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }

    /// <summary>Full name of the library's allocator type whose statics count the bytes it keeps for reuse.</summary>
    public const string AllocatorTypeName = InspectorContract.Allocator.TypeName;

    /// <summary>The allocator's cached bytes (empty slabs, freed large mappings kept for reuse), when the target has them.</summary>
    private static long? ReadAllocatorCache(ClrRuntime runtime, ClrModule module) => ReadStaticLong(runtime, module, AllocatorTypeName, InspectorContract.Allocator.CachedBytes);

    private sealed record RawBuffer(long Id, string ElementType, int ElementSize, long Bytes, long FootprintBytes, int Alignment, ulong Handle, ulong ObjectAddress,
        int Kind, bool OwnerDisposed, int Leases, bool Freed, bool Disposed, string? CreationSite)
    {
        /// <summary>Parked in the library's buffer cache (the buffer's <c>_parked</c>; false when the field is absent).</summary>
        public bool Parked { get; init; }
        /// <summary>Counted by the library's tracker (the buffer's <c>_tracked</c>; true when the field is absent).</summary>
        public bool Tracked { get; init; } = true;
    }

    /// <summary>Reads a buffer object and checks that its fields are plausible (a damaged dump reads as garbage or zeros).</summary>
    private static RawBuffer ReadBuffer(ClrObject b, int maxSite)
    {
        var raw = ReadBufferFields(b, maxSite);
        string? problem =
            raw.Id <= 0 ? $"id {raw.Id}"
            : raw.ElementSize is < 1 or > 16 ? $"element size {raw.ElementSize}"
            : raw.Bytes < 0 ? $"byte length {raw.Bytes}"
            : raw.Alignment < 1 || (raw.Alignment & (raw.Alignment - 1)) != 0 ? $"alignment {raw.Alignment}"
            : raw.Kind is < InspectorContract.BufferKind.Heap or > InspectorContract.BufferKind.External ? $"kind {raw.Kind}"
            : raw.Leases < 0 ? $"{raw.Leases} leases"
            : !raw.Freed && !raw.Disposed && raw.Handle == 0 ? "no memory address"
            : null;
        if (problem is not null)
            throw new InspectorException(ExitCodes.BadDump, $"unreadable: the buffer object at 0x{b.Address:x} has {problem} (damaged dump)");
        return raw;
    }

    private static RawBuffer ReadBufferFields(ClrObject b, int maxSite)
    {
        int state = b.ReadField<int>(InspectorContract.Buffer.SafeHandleState);
        bool tracked = b.Type?.GetFieldByName(InspectorContract.Buffer.Tracked) is null || b.ReadField<bool>(InspectorContract.Buffer.Tracked);
        return new RawBuffer(
            Id: b.ReadField<long>(InspectorContract.Buffer.Id),
            ElementType: b.ReadStringField(InspectorContract.Buffer.ElementType) ?? "?",
            ElementSize: b.ReadField<int>(InspectorContract.Buffer.ElementSize),
            Bytes: b.ReadField<nint>(InspectorContract.Buffer.ByteLength),
            // Footprint (what the allocator holds) from libraries that record it; older ones: the requested bytes.
            FootprintBytes: b.Type?.GetFieldByName(InspectorContract.Buffer.FootprintBytes) is null
                ? b.ReadField<nint>(InspectorContract.Buffer.ByteLength) : b.ReadField<nint>(InspectorContract.Buffer.FootprintBytes),
            Alignment: b.ReadField<int>(InspectorContract.Buffer.Alignment),
            Handle: (ulong)b.ReadField<nint>(InspectorContract.Buffer.Handle),
            ObjectAddress: b.Address,
            Kind: b.ReadField<int>(InspectorContract.Buffer.Kind),
            OwnerDisposed: b.ReadField<int>(InspectorContract.Buffer.OwnerDisposed) != 0,
            Leases: b.ReadField<int>(InspectorContract.Buffer.Leases),
            Freed: b.ReadField<int>(InspectorContract.Buffer.Freed) != 0,
            // SafeHandle state: bit 0 closed, bit 1 disposed.
            Disposed: (state & InspectorContract.Buffer.SafeHandleDisposedBit) != 0,
            CreationSite: b.ReadStringField(InspectorContract.Buffer.CreationSite, maxSite))
        {
            Tracked = tracked,
            Parked = b.Type?.GetFieldByName(InspectorContract.Buffer.Parked) is not null
                && b.ReadField<int>(InspectorContract.Buffer.Parked) == InspectorContract.Buffer.ParkedInCache,
        };
    }

    private sealed record ArrayInfo(ulong ObjectAddress, string ElementTypeName, ulong BufferAddress, ulong LayoutAddress, long ObjectBytes,
        long LayoutBytes, long[] Shape, long[] Strides, long Offset, int Flags, bool Disposed, bool IsOwner, bool ReadOnly, long ExtentStart, long ExtentEnd)
    {
        /// <summary>Bytes per element (the buffer's element size).</summary>
        public int ElementSize { get; init; } = 1;
    }

    /// <summary>
    /// Reads array objects through cached field offsets (no lookup by name per object), and each distinct layout and
    /// buffer once: a million views of one buffer with one shared layout cost a million small reads, not three million.
    /// </summary>
    private sealed class ArrayReader(ClrHeap heap)
    {
        private sealed record Fields(int Buffer, int Layout, int Offset, int State, int Span, long Size, string ElementTypeName);
        private sealed record Layout(long[] Shape, long[] Strides, int Flags, long Bytes);

        private readonly Dictionary<ulong, Fields> _fields = [];
        private readonly Dictionary<ulong, Layout> _layouts = [];
        private readonly Dictionary<ulong, int> _elementSizes = [];
        private readonly IDataReader _memory = heap.Runtime.DataTarget.DataReader;

        public ArrayInfo Read(ClrObject a)
        {
            var type = a.Type!;
            if (!_fields.TryGetValue(type.MethodTable, out var f))
            {
                int Field(string name) => (type.GetFieldByName(name)
                    ?? throw new InspectorException(ExitCodes.RuntimeUnsupported, $"{type.Name} has no field '{name}': this NativeArrays version does not match the inspector's heap contract")).Offset;
                var name = type.Name ?? "";
                var open = name.IndexOf('<', StringComparison.Ordinal);
                int bufferAt = Field(InspectorContract.Array.Buffer), layoutAt = Field(InspectorContract.Array.Layout),
                    offsetAt = Field(InspectorContract.Array.Offset), stateAt = Field(InspectorContract.Array.State);
                _fields[type.MethodTable] = f = new Fields(bufferAt, layoutAt, offsetAt, stateAt,
                    Math.Max(Math.Max(bufferAt, layoutAt), Math.Max(offsetAt, stateAt)) + 8, (long)a.Size,
                    open >= 0 && name.EndsWith('>') ? name[(open + 1)..^1] : name);
            }
            // One read of the object's fields (they start one pointer after the object's address).
            Span<byte> bytes = stackalloc byte[f.Span];
            if (_memory.Read(a.Address + (ulong)IntPtr.Size, bytes) < bytes.Length)
                throw new InspectorException(ExitCodes.BadDump, $"cannot read the array object at 0x{a.Address:x}");
            ulong buffer = BitConverter.ToUInt64(bytes[f.Buffer..]);
            ulong layoutAddress = BitConverter.ToUInt64(bytes[f.Layout..]);
            long offset = BitConverter.ToInt64(bytes[f.Offset..]);
            int state = BitConverter.ToInt32(bytes[f.State..]);
            var layout = LayoutAt(layoutAddress);
            int elementSize = ElementSizeAt(buffer);
            var (start, end) = ViewExtent.Of(offset, layout.Shape, layout.Strides, elementSize);
            return new ArrayInfo(a.Address, f.ElementTypeName, buffer, layoutAddress, f.Size, layout.Bytes, layout.Shape, layout.Strides, offset,
                layout.Flags, Disposed: (state & InspectorContract.Array.DisposedBit) != 0,
                IsOwner: (state & InspectorContract.Array.OwnerBit) != 0, ReadOnly: (state & InspectorContract.Array.ReadOnlyBit) != 0, start, end) { ElementSize = elementSize };
        }

        private Layout LayoutAt(ulong address)
        {
            if (_layouts.TryGetValue(address, out var l)) return l;
            long[] shape = [], strides = [];
            int flags = 0;
            long bytes = 0;
            if (address != 0)
            {
                var layout = heap.GetObject(address);
                bytes = (long)layout.Size;
                flags = layout.ReadField<int>(InspectorContract.Layout.Flags);
                var dimsObj = layout.ReadObjectField(InspectorContract.Layout.Dims);
                if (!dimsObj.IsNull)
                {
                    bytes += (long)dimsObj.Size;
                    var array = dimsObj.AsArray();
                    int length = array.Length;
                    // A 0-d array has an empty _dims (ClrMD refuses to read 0 values); a damaged dump can claim any length.
                    if (length < 0 || length % 2 != 0 || length > 2 * MaxRank)
                        throw new InspectorException(ExitCodes.BadDump, $"unreadable: the layout at 0x{address:x} claims {length} dims entries");
                    var dims = length == 0 ? [] : array.ReadValues<nint>(0, length)
                        ?? throw new InspectorException(ExitCodes.BadDump, $"unreadable: the dims of the layout at 0x{address:x}");
                    if (dims.Length != length)
                        throw new InspectorException(ExitCodes.BadDump, $"unreadable: the dims of the layout at 0x{address:x} ({dims.Length} of {length} read)");
                    int rank = dims.Length / 2;
                    shape = new long[rank];
                    strides = new long[rank];
                    for (int i = 0; i < rank; i++) { shape[i] = dims[i]; strides[i] = dims[rank + i]; }
                }
            }
            return _layouts[address] = new Layout(shape, strides, flags, bytes);
        }

        private int ElementSizeAt(ulong buffer)
        {
            if (_elementSizes.TryGetValue(buffer, out int size)) return size;
            size = buffer == 0 ? 1 : Math.Max(1, heap.GetObject(buffer).ReadField<int>(InspectorContract.Buffer.ElementSize));
            return _elementSizes[buffer] = size;
        }
    }
}
