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
public static class FootprintAnalyzer
{
    /// <summary>Full name of the buffer type in the target.</summary>
    public const string BufferTypeName = "NativeArrays.Memory.NativeBuffer";
    /// <summary>Name prefix of the array types (generic over the element type).</summary>
    public const string ArrayTypePrefix = "NativeArrays.NDArray<";
    /// <summary>Full name of the layout type.</summary>
    public const string LayoutTypeName = "NativeArrays.Layout.NDLayout";
    /// <summary>Full name of the tracker type whose statics hold the live counters.</summary>
    public const string TrackerTypeName = "NativeArrays.Memory.AllocationTracker";

    private enum Kind : byte { Other, Buffer, Array }

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
            throw new InspectorException(ExitCodes.BadDump, $"{target.Source}: the heap could not be read ({HeapTarget.OneLine(e)}); the dump may be truncated", e);
        }
    }

    private static FootprintReport AnalyzeCore(HeapTarget target, AnalyzeOptions options)
    {
        var clock = Stopwatch.StartNew();
        // NATIVEARRAYS_INSPECT_TIMING=1 prints how long each phase took, on stderr.
        bool timing = Environment.GetEnvironmentVariable("NATIVEARRAYS_INSPECT_TIMING") == "1";
        long last = 0;
        void Phase(string name)
        {
            if (!timing) return;
            long now = clock.ElapsedMilliseconds;
            Console.Error.WriteLine($"[inspect] {name}: {now - last} ms");
            last = now;
        }
        var runtime = target.Runtime;
        var heap = runtime.Heap;
        // The module that defines NativeBuffer (NativeArrays.dll, or whatever assembly the library was built into).
        var libModule = runtime.EnumerateModules().FirstOrDefault(m =>
            string.Equals(Path.GetFileNameWithoutExtension(m.Name ?? m.AssemblyName ?? ""), "NativeArrays", StringComparison.OrdinalIgnoreCase))
            ?? runtime.EnumerateModules().FirstOrDefault(m => m.GetTypeByName(BufferTypeName) is not null);
        if (libModule is null)
            throw new InspectorException(ExitCodes.NoNativeArrays, $"{target.Source}: a .NET process, but it has not loaded NativeArrays");

        var kinds = new Dictionary<ulong, Kind>();
        Kind KindOf(ClrType? type)
        {
            if (type is null) return Kind.Other;
            if (kinds.TryGetValue(type.MethodTable, out var k)) return k;
            var name = type.Name ?? "";
            k = type.IsArray ? Kind.Other
                : name == BufferTypeName ? Kind.Buffer
                : name.StartsWith(ArrayTypePrefix, StringComparison.Ordinal) && name.EndsWith('>') ? Kind.Array
                : Kind.Other;
            kinds[type.MethodTable] = k;
            return k;
        }

        // 1. Reachability from the strong roots, remembering each object's parent (0 = it is a root). The walk moves
        //    addresses, not ClrObjects: resolving a type once per object (not once per reference) keeps 1 M objects fast.
        var parent = new Dictionary<ulong, ulong>(1 << 16);
        var rootOf = new Dictionary<ulong, ClrRoot>();
        var finalizerQueue = new List<ClrObject>();
        var queue = new Queue<ulong>();
        var liveBuffers = new List<ClrObject>();
        var liveArrays = new List<ClrObject>();
        foreach (var root in heap.EnumerateRoots())
        {
            var o = root.Object;
            if (o.Address == 0 || o.Type is null) continue;
            if (root.RootKind == ClrRootKind.FinalizerQueue) { finalizerQueue.Add(o); continue; }
            if (parent.TryAdd(o.Address, 0)) { rootOf[o.Address] = root; queue.Enqueue(o.Address); }
        }
        Phase("roots");
        // Dependent handles (ConditionalWeakTable) keep their secondary alive while the primary lives; looked up here
        // once instead of per object by ClrMD (half the walk's time on large heaps).
        var dependents = new Dictionary<ulong, List<ulong>>();
        foreach (var h in runtime.EnumerateHandles())
        {
            if (h.HandleKind != ClrHandleKind.Dependent || h.Object.Address == 0 || h.Dependent.Address == 0) continue;
            if (!dependents.TryGetValue(h.Object.Address, out var list)) dependents[h.Object.Address] = list = [];
            list.Add(h.Dependent.Address);
        }
        Phase("dependent handles");
        long walked = 0;
        while (queue.TryDequeue(out var address))
        {
            var o = heap.GetObject(address);
            var type = o.Type;
            if (type is null) continue;
            switch (KindOf(type))
            {
                case Kind.Buffer: liveBuffers.Add(o); break;
                case Kind.Array: liveArrays.Add(o); break;
            }
            if (type.ContainsPointers || type.IsCollectible)
            {
                foreach (var r in o.EnumerateReferenceAddresses(carefully: false, considerDependantHandles: false))
                {
                    if (r != 0 && parent.TryAdd(r, address)) queue.Enqueue(r);
                }
            }
            if (dependents.Count > 0 && dependents.TryGetValue(address, out var secondaries))
            {
                foreach (var r in secondaries)
                    if (parent.TryAdd(r, address)) queue.Enqueue(r);
            }
            if ((++walked & 0xFFFF) == 0) options.Progress?.Report(walked);
        }
        options.Progress?.Report(walked);

        Phase("walk");
        // 2. Unreachable buffers that still own memory: queued for their finalizer, or not yet collected.
        var pendingFinalizer = new HashSet<ulong>();
        var deadQueue = new Queue<ClrObject>(finalizerQueue.Where(o => !parent.ContainsKey(o.Address)));
        var deadSeen = new HashSet<ulong>(deadQueue.Select(o => o.Address));
        var deadBuffers = new List<(ClrObject Obj, bool AwaitingFinalizer)>();
        while (deadQueue.TryDequeue(out var o))
        {
            if (KindOf(o.Type) == Kind.Buffer) { pendingFinalizer.Add(o.Address); deadBuffers.Add((o, true)); }
            if (o.Type is { ContainsPointers: true })
                foreach (var r in o.EnumerateReferences(false, true))
                    if (r.Address != 0 && !parent.ContainsKey(r.Address) && deadSeen.Add(r.Address)) deadQueue.Enqueue(r);
        }
        foreach (var o in heap.EnumerateFinalizableObjects())
        {
            if (KindOf(o.Type) == Kind.Buffer && !parent.ContainsKey(o.Address) && !pendingFinalizer.Contains(o.Address))
                deadBuffers.Add((o, false));
        }

        Phase("finalizable objects");
        // 3. Arrays by buffer, with their layouts; layouts and _dims arrays counted once however many arrays share them.
        var reader = new ArrayReader(heap);
        var layoutUsers = new Dictionary<ulong, int>();
        var arraysByBuffer = new Dictionary<ulong, List<ArrayInfo>>();
        long managed = 0;
        var countedLayouts = new HashSet<ulong>();
        foreach (var a in liveArrays)
        {
            var info = reader.Read(a);
            layoutUsers[info.LayoutAddress] = layoutUsers.GetValueOrDefault(info.LayoutAddress) + 1;
            if (!arraysByBuffer.TryGetValue(info.BufferAddress, out var list)) arraysByBuffer[info.BufferAddress] = list = [];
            list.Add(info);
        }

        Phase("arrays");
        var rootPathIds = new HashSet<long>(options.RootPathsFor);
        var buffers = new List<BufferReport>();
        int freedObjects = 0, liveViewsTotal = 0;
        foreach (var b in liveBuffers)
        {
            var raw = ReadBuffer(b, options.MaxCreationSiteChars);
            var arrays = arraysByBuffer.GetValueOrDefault(b.Address) ?? [];
            long bufManaged = (long)b.Size;
            foreach (var a in arrays)
            {
                bufManaged += a.ObjectBytes;
                if (a.LayoutAddress != 0 && countedLayouts.Add(a.LayoutAddress)) bufManaged += a.LayoutBytes;
            }
            managed += bufManaged;
            if (raw.Freed)
            {
                freedObjects++;
                continue;
            }
            var report = BuildBufferReport(raw, arrays, layoutUsers, bufManaged, reachable: true, "rooted",
                rootPathIds.Contains(raw.Id) ? RootPath(heap, b.Address, parent, rootOf) : null, options.MaxArraysListed);
            if (raw.Kind == 1)
            {
                var (file, mode) = MappedFile(heap, b.Address, dependents);
                report = report with { MappedFile = file, MappedMode = mode };
            }
            liveViewsTotal += report.LiveViews;
            buffers.Add(report);
        }
        var leaks = new List<BufferReport>();
        foreach (var (b, awaiting) in deadBuffers)
        {
            var raw = ReadBuffer(b, options.MaxCreationSiteChars);
            if (raw.Freed || raw.Disposed) continue;
            var status = awaiting ? "unreachable (awaiting finalizer)" : "unreachable (not yet collected)";
            var path = options.RootPathsForLeaks || rootPathIds.Contains(raw.Id)
                ? new List<string> { $"no root: {status}; {(awaiting ? "the finalizer will free it and the tracker will report the leak" : "the next GC queues it for its finalizer")}" }
                : null;
            var report = BuildBufferReport(raw, [], layoutUsers, 0, reachable: false, status, path, options.MaxArraysListed);
            leaks.Add(report);
            buffers.Add(report);
        }
        buffers.Sort((x, y) => x.Id.CompareTo(y.Id));

        Phase("buffers");
        var tracker = ReadTracker(runtime, libModule);
        // Heap bytes and memory-mapped bytes apart, as the tracker counts them (mapped memory is file-backed page cache).
        // Foreign memory (external buffers: Wrap, DLPack imports) belongs to its producer: listed, not counted as ours.
        long native = buffers.Where(b => b.Kind == "heap").Sum(b => b.Bytes);
        long footprint = buffers.Where(b => b.Kind == "heap").Sum(b => b.FootprintBytes);
        long mapped = buffers.Where(b => b.Kind == "mmap").Sum(b => b.Bytes);
        long retained = buffers.Where(b => b.Reachable).Sum(b => b.RetainedBytes);
        long leakedBytes = leaks.Sum(b => b.Bytes);
        return new FootprintReport
        {
            Source = target.Source,
            ProcessId = target.ProcessId,
            RuntimeVersion = RuntimeVersionOf(runtime.ClrInfo),
            Buffers = buffers,
            FreedBufferObjects = freedObjects,
            NativeBytes = native,
            FootprintBytes = footprint,
            CachedBytes = ReadAllocatorCache(runtime, libModule),
            MappedBytes = mapped,
            ManagedBytes = managed,
            ArrayObjects = liveArrays.Count,
            LayoutObjects = layoutUsers.Count(kv => kv.Key != 0),
            LiveViews = liveViewsTotal,
            RetainedBytes = retained,
            OverlapPairs = buffers.Sum(b => b.OverlapPairs),
            Leaks = leaks.Count,
            LeakedBytes = leakedBytes,
            Tracker = tracker,
            Scopes = ScopeReader.Read(runtime, libModule),
            ObjectsWalked = walked,
            OpenMilliseconds = target.OpenMilliseconds,
            WalkMilliseconds = clock.ElapsedMilliseconds,
            Verdict = Verdict(buffers.Count, native, retained, leaks.Count, leakedBytes),
        };
    }

    private static string RuntimeVersionOf(ClrInfo clr)
    {
        // ClrMD 4.2 reads 0.0 for .NET 10 on Linux; the shared-framework folder name is the real version.
        if (clr.Version.Major > 0) return clr.Version.ToString();
        var folder = Path.GetFileName(Path.GetDirectoryName(clr.ModuleInfo.FileName) ?? "");
        return Version.TryParse(folder.Split('-')[0], out _) ? folder : "unknown";
    }

    private static string Verdict(int buffers, long native, long retained, int leaks, long leakedBytes)
    {
        var parts = new List<string>();
        if (leaks > 0)
            parts.Add($"LEAK: {leaks} buffer(s) unreachable but not freed ({Format.Bytes(leakedBytes)}); dispose the arrays (creation sites above when captured)");
        if (retained > 0)
            parts.Add($"RETAINED: {Format.Bytes(retained)} allocated but outside every live array (views keep a larger buffer alive; Copy() the view and dispose it)");
        if (parts.Count == 0)
            return $"OK: {buffers} buffer(s), {Format.Bytes(native)} native, every byte reachable through a live array, no leak";
        return string.Join(" | ", parts);
    }

    private static BufferReport BuildBufferReport(RawBuffer raw, List<ArrayInfo> arrays, Dictionary<ulong, int> layoutUsers,
        long managedBytes, bool reachable, string rootStatus, IReadOnlyList<string>? rootPath, int maxListed)
    {
        var live = arrays.Where(a => !a.Disposed).ToArray();
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
            Contiguity = a.Flags switch { 3 => "C+F", 1 => "C", 2 => "F", _ => "-" },
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
            Kind = raw.Kind switch { 1 => "mmap", 2 => "external", _ => "heap" },
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
            OverlapPairs = pairs,
            OverlapSample = sample.Select(p => new[] { viewIndex[p[0]], viewIndex[p[1]] }).Where(p => p[1] < views.Count).ToList(),
            ManagedBytes = managedBytes,
            DisposedArrays = arrays.Count(a => a.Disposed),
            RootPath = rootPath,
        };
    }

    private static List<string> RootPath(ClrHeap heap, ulong address, Dictionary<ulong, ulong> parent, Dictionary<ulong, ClrRoot> rootOf)
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
            lines.Add($"  -> 0x{a:x} {heap.GetObjectType(a)?.Name ?? "?"}");
        return lines;
    }

    /// <summary>Full name of the IO type that a memory-mapped buffer is tied to (through a ConditionalWeakTable).</summary>
    public const string MappedRegionTypeName = "NativeArrays.IO.MappedRegion";

    /// <summary>The file and mode of a memory-mapped buffer, from its MappedRegion (a dependent handle's secondary).</summary>
    private static (string? Path, string? Mode) MappedFile(ClrHeap heap, ulong buffer, Dictionary<ulong, List<ulong>> dependents)
    {
        if (!dependents.TryGetValue(buffer, out var secondaries)) return (null, null);
        foreach (var address in secondaries)
        {
            var region = heap.GetObject(address);
            if (region.Type?.Name != MappedRegionTypeName) continue;
            var mode = region.Type.GetFieldByName("_mode") is null ? null
                : region.ReadField<int>("_mode") switch { 0 => "r", 1 => "r+", 2 => "c", var m => m.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            return (region.Type.GetFieldByName("_path") is null ? null : region.ReadStringField("_path", 4096), mode);
        }
        return (null, null);
    }

    private static TrackerCounters? ReadTracker(ClrRuntime runtime, ClrModule module)
    {
        try
        {
            var type = module.GetTypeByName(TrackerTypeName);
            var domain = runtime.AppDomains.FirstOrDefault() ?? runtime.SystemDomain;
            if (type is null || domain is null) return null;
            var buffers = type.GetStaticFieldByName("s_liveBuffers");
            var bytes = type.GetStaticFieldByName("s_liveBytes");
            if (buffers is null || bytes is null || !buffers.IsInitialized(domain)) return null;
            var footprint = type.GetStaticFieldByName("s_liveFootprintBytes");
            return new TrackerCounters
            {
                LiveBuffers = buffers.Read<long>(domain),
                LiveBytes = bytes.Read<long>(domain),
                LiveFootprintBytes = footprint is null ? null : footprint.Read<long>(domain),
            };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }

    /// <summary>Full name of the library's allocator type whose statics count the bytes it keeps for reuse.</summary>
    public const string AllocatorTypeName = "NativeArrays.Memory.NativeAllocator";

    /// <summary>The allocator's cached bytes (empty slabs, freed large mappings kept for reuse), when the target has them.</summary>
    private static long? ReadAllocatorCache(ClrRuntime runtime, ClrModule module)
    {
        try
        {
            var field = module.GetTypeByName(AllocatorTypeName)?.GetStaticFieldByName("s_cachedBytes");
            var domain = runtime.AppDomains.FirstOrDefault() ?? runtime.SystemDomain;
            return field is null || domain is null || !field.IsInitialized(domain) ? null : field.Read<long>(domain);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }

    private sealed record RawBuffer(long Id, string ElementType, int ElementSize, long Bytes, long FootprintBytes, int Alignment, ulong Handle, ulong ObjectAddress,
        int Kind, bool OwnerDisposed, int Leases, bool Freed, bool Disposed, string? CreationSite);

    private static RawBuffer ReadBuffer(ClrObject b, int maxSite)
    {
        int state = b.ReadField<int>("_state");
        return new RawBuffer(
            Id: b.ReadField<long>("_id"),
            ElementType: b.ReadStringField("_elementType") ?? "?",
            ElementSize: b.ReadField<int>("_elementSize"),
            Bytes: b.ReadField<nint>("_byteLength"),
            // Footprint (what the allocator holds) from libraries that record it; older ones: the requested bytes.
            FootprintBytes: b.Type?.GetFieldByName("_footprintBytes") is null ? b.ReadField<nint>("_byteLength") : b.ReadField<nint>("_footprintBytes"),
            Alignment: b.ReadField<int>("_alignment"),
            Handle: (ulong)b.ReadField<nint>("handle"),
            ObjectAddress: b.Address,
            Kind: b.ReadField<int>("_kind"),
            OwnerDisposed: b.ReadField<int>("_ownerDisposed") != 0,
            Leases: b.ReadField<int>("_leases"),
            Freed: b.ReadField<int>("_freed") != 0,
            // SafeHandle state: bit 0 closed, bit 1 disposed.
            Disposed: (state & 2) != 0,
            CreationSite: b.ReadStringField("_creationSite", maxSite));
    }

    private sealed record ArrayInfo(ulong ObjectAddress, string ElementTypeName, ulong BufferAddress, ulong LayoutAddress, long ObjectBytes,
        long LayoutBytes, long[] Shape, long[] Strides, long Offset, int Flags, bool Disposed, bool IsOwner, bool ReadOnly, long ExtentStart, long ExtentEnd);

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
                int bufferAt = Field("_buffer"), layoutAt = Field("_layout"), offsetAt = Field("_offset"), stateAt = Field("_state");
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
                layout.Flags, Disposed: (state & 1) != 0, IsOwner: (state & 2) != 0, ReadOnly: (state & 4) != 0, start, end);
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
                flags = layout.ReadField<int>("_flags");
                var dimsObj = layout.ReadObjectField("_dims");
                if (!dimsObj.IsNull)
                {
                    bytes += (long)dimsObj.Size;
                    var array = dimsObj.AsArray();
                    var dims = array.ReadValues<nint>(0, array.Length) ?? [];
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
            size = buffer == 0 ? 1 : Math.Max(1, heap.GetObject(buffer).ReadField<int>("_elementSize"));
            return _elementSizes[buffer] = size;
        }
    }
}
