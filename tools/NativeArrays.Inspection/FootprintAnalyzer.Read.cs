using Microsoft.Diagnostics.Runtime;

namespace NativeArrays.Inspection;

// Phase 2 of the analysis: reading the library's objects the walk found.
public static partial class FootprintAnalyzer
{
    /// <summary>What reading the library's objects found: one report per buffer, and what the tracker may still count.</summary>
    private sealed class HeapRead
    {
        public List<BufferReport> Buffers { get; } = [];
        public List<BufferReport> Leaks { get; } = [];
        /// <summary>Layout object → number of arrays using it.</summary>
        public Dictionary<ulong, int> LayoutUsers { get; } = [];
        public long ManagedBytes { get; set; }
        public int FreedObjects { get; set; }
        /// <summary>Buffers parked in the library's buffer cache (disposed, memory held for reuse): not listed as live or leaked.</summary>
        public int CachedBuffers { get; set; }
        /// <summary>Their footprint bytes.</summary>
        public long CachedBufferBytes { get; set; }
        public int LiveViews { get; set; }
        /// <summary>
        /// Buffers the tracker may still count although the report does not list them (freed or disposed at the
        /// instant of the snapshot, their tracker update in flight).
        /// </summary>
        public List<RawBuffer> FreedInFlight { get; } = [];
        /// <summary>Buffers created with tracking off.</summary>
        public HashSet<long> Untracked { get; } = [];
        public HashSet<long> FreedIds { get; } = [];
        public long MaxIdSeen { get; set; }
    }

    /// <summary>
    /// Phase 2, read: the arrays by buffer with their layouts (layouts and _dims arrays counted once however many arrays
    /// share them), then each live and each leaked buffer.
    /// </summary>
    private static HeapRead Read(HeapTarget target, AnalyzeOptions options, HeapWalk walk, PhaseClock clock)
    {
        var heap = walk.Heap;
        var read = new HeapRead();
        var reader = new ArrayReader(heap);
        var layoutUsers = read.LayoutUsers;
        var arraysByBuffer = new Dictionary<ulong, List<ArrayInfo>>();
        var countedLayouts = new HashSet<ulong>();
        foreach (var a in walk.LiveArrays)
        {
            var info = reader.Read(a);
            layoutUsers[info.LayoutAddress] = layoutUsers.GetValueOrDefault(info.LayoutAddress) + 1;
            if (!arraysByBuffer.TryGetValue(info.BufferAddress, out var list)) arraysByBuffer[info.BufferAddress] = list = [];
            list.Add(info);
        }

        var bufferAddresses = new HashSet<ulong>(walk.LiveBuffers.Select(b => b.Address));
        foreach (var (address, list) in arraysByBuffer)
        {
            if (!bufferAddresses.Contains(address))
                throw new InspectorException(ExitCodes.BadDump,
                    $"unreadable: {target.Source}: the array at 0x{list[0].ObjectAddress:x} refers to 0x{address:x}, which is not a reachable buffer object (damaged dump)");
        }
        clock.Phase("arrays");
        var rootPathIds = new HashSet<long>(options.RootPathsFor);
        StaticFieldNames? statics = null;
        foreach (var b in walk.LiveBuffers)
        {
            var raw = ReadBuffer(b, options.MaxCreationSiteChars);
            read.MaxIdSeen = Math.Max(read.MaxIdSeen, raw.Id);
            if (!raw.Tracked) read.Untracked.Add(raw.Id);
            var arrays = arraysByBuffer.GetValueOrDefault(b.Address) ?? [];
            long bufManaged = (long)b.Size;
            foreach (var a in arrays)
            {
                bufManaged += a.ObjectBytes;
                if (a.LayoutAddress != 0 && countedLayouts.Add(a.LayoutAddress)) bufManaged += a.LayoutBytes;
            }
            read.ManagedBytes += bufManaged;
            if (raw.Parked && !raw.Freed)
            {
                read.CachedBuffers++;
                read.CachedBufferBytes += raw.FootprintBytes;
                continue;
            }
            if (raw.Freed)
            {
                read.FreedObjects++;
                read.FreedIds.Add(raw.Id);
                if (raw.Tracked) read.FreedInFlight.Add(raw);
                continue;
            }
            var report = BuildBufferReport(raw, arrays, layoutUsers, bufManaged, reachable: true, "rooted",
                rootPathIds.Contains(raw.Id) ? RootPath(heap, b.Address, walk.Parent, walk.RootOf, statics ??= new StaticFieldNames(walk.Runtime)) : null, options.MaxArraysListed);
            if (raw.Kind == InspectorContract.BufferKind.MemoryMapped)
            {
                var (file, mode) = MappedFile(heap, b.Address, walk.Dependents);
                report = report with { MappedFile = file, MappedMode = mode };
            }
            read.LiveViews += report.LiveViews;
            read.Buffers.Add(report);
        }
        foreach (var (b, awaiting) in walk.DeadBuffers)
        {
            var raw = ReadBuffer(b, options.MaxCreationSiteChars);
            read.MaxIdSeen = Math.Max(read.MaxIdSeen, raw.Id);
            if (!raw.Tracked) read.Untracked.Add(raw.Id);
            if (raw.Freed || raw.Disposed)
            {
                if (raw.Tracked) read.FreedInFlight.Add(raw);
                continue;
            }
            var status = awaiting ? "unreachable (awaiting finalizer)" : "unreachable (not yet collected)";
            var path = options.RootPathsForLeaks || rootPathIds.Contains(raw.Id)
                ? new List<string> { $"no root: {status}; {(awaiting ? "the finalizer will free it and the tracker will report the leak" : "the next GC queues it for its finalizer")}" }
                : null;
            var report = BuildBufferReport(raw, [], layoutUsers, 0, reachable: false, status, path, options.MaxArraysListed);
            read.Leaks.Add(report);
            read.Buffers.Add(report);
        }
        read.Buffers.Sort((x, y) => x.Id.CompareTo(y.Id));
        clock.Phase("buffers");
        return read;
    }
}
