using Microsoft.Diagnostics.Runtime;

namespace NativeArrays.Inspection;

// Phase 1 of the analysis: the heap walk.
public static partial class FootprintAnalyzer
{
    /// <summary>What the walk found: every live object's parent, the library's objects, live and dead.</summary>
    private sealed class HeapWalk(ClrRuntime runtime, ClrModule libModule)
    {
        public ClrRuntime Runtime { get; } = runtime;
        public ClrHeap Heap => Runtime.Heap;
        /// <summary>The module that defines NativeBuffer.</summary>
        public ClrModule LibModule { get; } = libModule;
        /// <summary>Each reachable object's parent (0 = it is a root).</summary>
        public Dictionary<ulong, ulong> Parent { get; } = new(1 << 16);
        public Dictionary<ulong, ClrRoot> RootOf { get; } = [];
        /// <summary>Dependent handles (ConditionalWeakTable): primary → secondaries.</summary>
        public Dictionary<ulong, List<ulong>> Dependents { get; } = [];
        public List<ClrObject> LiveBuffers { get; } = [];
        public List<ClrObject> LiveArrays { get; } = [];
        /// <summary>Unreachable buffers that still own memory: queued for their finalizer, or not yet collected.</summary>
        public List<(ClrObject Obj, bool AwaitingFinalizer)> DeadBuffers { get; } = [];
        public long Walked { get; set; }
        public int LibraryTypesSeen { get; set; }
        private readonly Dictionary<ulong, Kind> _kinds = [];

        public Kind KindOf(ClrType? type)
        {
            if (type is null) return Kind.Other;
            if (_kinds.TryGetValue(type.MethodTable, out var k)) return k;
            var name = type.Name ?? "";
            if (type.Module?.Address == LibModule.Address) LibraryTypesSeen++;
            k = type.IsArray ? Kind.Other
                : name == BufferTypeName ? Kind.Buffer
                : name.StartsWith(ArrayTypePrefix, StringComparison.Ordinal) && name.EndsWith('>') ? Kind.Array
                : Kind.Other;
            _kinds[type.MethodTable] = k;
            return k;
        }
    }

    /// <summary>
    /// Phase 1, walk: reachability from the strong roots, remembering each object's parent, then the unreachable buffers
    /// that still own memory. The walk moves addresses, not ClrObjects: resolving a type once per object (not once per
    /// reference) keeps 1 M objects fast.
    /// </summary>
    private static HeapWalk Walk(HeapTarget target, AnalyzeOptions options, PhaseClock clock)
    {
        var runtime = target.Runtime;
        var heap = runtime.Heap;
        // The module that defines NativeBuffer (NativeArrays.dll, or whatever assembly the library was built into).
        var libModule = runtime.EnumerateModules().FirstOrDefault(m =>
            string.Equals(Path.GetFileNameWithoutExtension(m.Name ?? m.AssemblyName ?? ""), "NativeArrays", StringComparison.OrdinalIgnoreCase))
            ?? runtime.EnumerateModules().FirstOrDefault(m => m.GetTypeByName(BufferTypeName) is not null);
        if (libModule is null && target.DumpFacts is { MapsNativeArrays: true })
            throw new InspectorException(ExitCodes.BadDump, $"unreadable: {target.Source}: the process had NativeArrays.dll mapped, but the runtime's module list in the dump does not show it (damaged dump)");
        if (libModule is null)
            throw new InspectorException(ExitCodes.NoNativeArrays, $"{target.Source}: a .NET process, but it has not loaded NativeArrays");

        var walk = new HeapWalk(runtime, libModule);
        var parent = walk.Parent;
        var rootOf = walk.RootOf;
        var finalizerQueue = new List<ClrObject>();
        var queue = new Queue<ulong>();
        long untyped = 0;
        foreach (var root in heap.EnumerateRoots())
        {
            var o = root.Object;
            if (o.Address == 0) continue;
            if (o.Type is null)
            {
                if (root.RootKind == ClrRootKind.FinalizerQueue) untyped++; // a registered object must have a type
                continue;
            }
            if (root.RootKind == ClrRootKind.FinalizerQueue) { finalizerQueue.Add(o); continue; }
            if (parent.TryAdd(o.Address, 0)) { rootOf[o.Address] = root; queue.Enqueue(o.Address); }
        }
        clock.Phase("roots");
        // Dependent handles (ConditionalWeakTable) keep their secondary alive while the primary lives; looked up here
        // once instead of per object by ClrMD (half the walk's time on large heaps).
        var dependents = walk.Dependents;
        foreach (var h in runtime.EnumerateHandles())
        {
            if (h.HandleKind != ClrHandleKind.Dependent || h.Object.Address == 0 || h.Dependent.Address == 0) continue;
            if (!dependents.TryGetValue(h.Object.Address, out var list)) dependents[h.Object.Address] = list = [];
            list.Add(h.Dependent.Address);
        }
        clock.Phase("dependent handles");
        long walked = 0;
        while (queue.TryDequeue(out var address))
        {
            var o = heap.GetObject(address);
            var type = o.Type;
            if (type is null)
            {
                // Every reference of a consistent heap points at an object with a method table. A stack slot of a
                // thread stopped between GC safe points may hold a stale or not yet initialized address: not counted.
                if (parent[address] != 0 || !rootOf.TryGetValue(address, out var r) || r is not ClrStackRoot) untyped++;
                continue;
            }
            switch (walk.KindOf(type))
            {
                case Kind.Buffer: walk.LiveBuffers.Add(o); break;
                case Kind.Array: walk.LiveArrays.Add(o); break;
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
        walk.Walked = walked;

        clock.Phase("walk");
        if (untyped > 0)
        {
            throw new InspectorException(ExitCodes.BadDump,
                $"unreadable: {target.Source}: {untyped} of the {walked + untyped} objects reached from the roots have no readable type (damaged dump)")
            { MayBeTransient = target.ProcessId is not null };
        }
        // Unreachable buffers that still own memory: queued for their finalizer, or not yet collected.
        var pendingFinalizer = new HashSet<ulong>();
        var deadQueue = new Queue<ClrObject>(finalizerQueue.Where(o => !parent.ContainsKey(o.Address)));
        var deadSeen = new HashSet<ulong>(deadQueue.Select(o => o.Address));
        while (deadQueue.TryDequeue(out var o))
        {
            if (walk.KindOf(o.Type) == Kind.Buffer) { pendingFinalizer.Add(o.Address); walk.DeadBuffers.Add((o, true)); }
            if (o.Type is { ContainsPointers: true })
                foreach (var r in o.EnumerateReferences(false, true))
                    if (r.Address != 0 && !parent.ContainsKey(r.Address) && deadSeen.Add(r.Address)) deadQueue.Enqueue(r);
        }
        foreach (var o in heap.EnumerateFinalizableObjects())
        {
            if (walk.KindOf(o.Type) == Kind.Buffer && !parent.ContainsKey(o.Address) && !pendingFinalizer.Contains(o.Address))
                walk.DeadBuffers.Add((o, false));
        }
        clock.Phase("finalizable objects");
        return walk;
    }
}
