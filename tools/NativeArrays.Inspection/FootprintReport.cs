namespace NativeArrays.Inspection;

/// <summary>
/// What a heap walk found about NativeArrays in one process: every native buffer that still holds memory, the
/// array objects (owners and views) over it, what the views leave uncovered, and what leaked.
/// </summary>
public sealed record FootprintReport
{
    /// <summary>Where the heap came from: "pid 1234", "dump /tmp/x.dmp", "self".</summary>
    public required string Source { get; init; }
    /// <summary>Process id of the target when known.</summary>
    public int? ProcessId { get; init; }
    /// <summary>CLR version of the target.</summary>
    public required string RuntimeVersion { get; init; }
    /// <summary>Buffers whose memory is still allocated (reachable or leaked), by id.</summary>
    public required IReadOnlyList<BufferReport> Buffers { get; init; }
    /// <summary>Reachable buffer objects whose memory was already returned (still cost managed bytes).</summary>
    public int FreedBufferObjects { get; init; }
    /// <summary>Sum of <see cref="BufferReport.Bytes"/> over the heap buffers of <see cref="Buffers"/>: native memory the library holds (the tracker's LiveBytes).</summary>
    public long NativeBytes { get; init; }
    /// <summary>Sum of <see cref="BufferReport.FootprintBytes"/> over the heap buffers: what the allocator really holds for them (the tracker's LiveFootprintBytes).</summary>
    public long FootprintBytes { get; init; }
    /// <summary>Bytes the target's allocator keeps for reuse in no live buffer (empty slabs, freed large mappings), when known.</summary>
    public long? CachedBytes { get; init; }
    /// <summary>
    /// Disposed small and medium buffers parked in the library's buffer cache for reuse (the tracker's CachedBuffers): their memory
    /// is held, but they are neither live nor leaked, so <see cref="Buffers"/> does not list them.
    /// </summary>
    public int CachedBuffers { get; init; }
    /// <summary>Footprint bytes of the <see cref="CachedBuffers"/> (the tracker's CachedBufferBytes).</summary>
    public long CachedBufferBytes { get; init; }
    /// <summary>Sum of <see cref="BufferReport.Bytes"/> over memory-mapped buffers (file-backed; counted apart, as the tracker does).</summary>
    public long MappedBytes { get; init; }
    /// <summary>
    /// Managed heap bytes of the library's reachable objects: array objects, their layouts and the layouts'
    /// <c>_dims</c> arrays (a layout shared by many arrays counted once), and buffer objects.
    /// </summary>
    public long ManagedBytes { get; init; }
    /// <summary>Reachable array objects (owners and views, disposed or not).</summary>
    public int ArrayObjects { get; init; }
    /// <summary>Distinct layout objects among them.</summary>
    public int LayoutObjects { get; init; }
    /// <summary>Live (reachable, undisposed) views, owners excluded, over all buffers.</summary>
    public int LiveViews { get; init; }
    /// <summary>Sum of <see cref="BufferReport.RetainedBytes"/>: allocated bytes outside every live array's extent.</summary>
    public long RetainedBytes { get; init; }
    /// <summary>Sum of <see cref="BufferReport.ExactRetainedBytes"/>: allocated bytes no live array can ever read.</summary>
    public long ExactRetainedBytes { get; init; }
    /// <summary>Sum of <see cref="BufferReport.OverlapPairs"/>.</summary>
    public long OverlapPairs { get; init; }
    /// <summary>Buffers that are unreachable from every root but not freed: leaks.</summary>
    public int Leaks { get; init; }
    /// <summary>Bytes held by leaked buffers.</summary>
    public long LeakedBytes { get; init; }
    /// <summary>Reachable buffers that hold leases of unreachable, undisposed arrays (see <see cref="BufferReport.PendingLeases"/>).</summary>
    public int PendingLeaks { get; init; }
    /// <summary>Sum of <see cref="BufferReport.PendingLeases"/>.</summary>
    public long PendingLeases { get; init; }
    /// <summary>Buffer ids asked for in <see cref="AnalyzeOptions.RootPathsFor"/> that hold no memory, and why.</summary>
    public IReadOnlyList<MissingBuffer> MissingRootPaths { get; init; } = [];
    /// <summary>
    /// When the buffers were filtered for display (<c>--top</c>, <c>--leaks-only</c>): what is listed and what the totals
    /// count; null when every buffer is listed.
    /// </summary>
    public string? Listing { get; init; }
    /// <summary>The library's in-process tracker counters read from its static fields, when present.</summary>
    public TrackerCounters? Tracker { get; init; }
    /// <summary>The <c>NDScope</c>s open in the target and the arrays each owns (disposed when it ends).</summary>
    public IReadOnlyList<ScopeReport> Scopes { get; init; } = [];
    /// <summary>Objects visited by the reachability walk.</summary>
    public long ObjectsWalked { get; init; }
    /// <summary>Milliseconds spent opening the target (writing and loading the dump, or attaching).</summary>
    public long OpenMilliseconds { get; init; }
    /// <summary>Milliseconds spent walking the heap and building the report.</summary>
    public long WalkMilliseconds { get; init; }
    /// <summary>One line: OK, or what needs attention.</summary>
    public required string Verdict { get; init; }
}

/// <summary>One native buffer and everything that refers to it.</summary>
public sealed record BufferReport
{
    /// <summary>Creation id (unique in the process).</summary>
    public long Id { get; init; }
    /// <summary>NumPy dtype name, e.g. "float32".</summary>
    public required string ElementType { get; init; }
    /// <summary>Size of one element in bytes.</summary>
    public int ElementSize { get; init; }
    /// <summary>Allocated (requested) bytes.</summary>
    public long Bytes { get; init; }
    /// <summary>Bytes the allocator really holds for the buffer (slab slot, malloc usable size + header, page-rounded mapping).</summary>
    public long FootprintBytes { get; init; }
    /// <summary>Byte alignment requested at allocation.</summary>
    public int Alignment { get; init; }
    /// <summary>Native address of the memory.</summary>
    public ulong Address { get; init; }
    /// <summary>Heap address of the NativeBuffer object.</summary>
    public ulong ObjectAddress { get; init; }
    /// <summary>"heap", "mmap" or "external" (foreign memory from Wrap or a DLPack import; not counted in native bytes).</summary>
    public required string Kind { get; init; }
    /// <summary>For a memory-mapped buffer: the mapped file, when the IO layer's region object is found.</summary>
    public string? MappedFile { get; init; }
    /// <summary>For a memory-mapped buffer: the map mode ("r", "r+", "c").</summary>
    public string? MappedMode { get; init; }
    /// <summary>The array that created the buffer was disposed.</summary>
    public bool OwnerDisposed { get; init; }
    /// <summary>Leases the buffer counts (array objects not yet disposed, reachable or not).</summary>
    public int Leases { get; init; }
    /// <summary>Whether the buffer is reachable from a root (false: a leak).</summary>
    public bool Reachable { get; init; }
    /// <summary>Reachability in words: "rooted", "unreachable (not yet collected)", "unreachable (awaiting finalizer)".</summary>
    public required string RootStatus { get; init; }
    /// <summary>Stack trace of the allocation, when the process captured allocation sites.</summary>
    public string? CreationSite { get; init; }
    /// <summary>Live (reachable, undisposed) arrays over the buffer, owner first, then by extent start.</summary>
    public required IReadOnlyList<ViewReport> Arrays { get; init; }
    /// <summary>Live arrays left out of <see cref="Arrays"/> (see <see cref="AnalyzeOptions.MaxArraysListed"/>).</summary>
    public int ArraysNotListed { get; init; }
    /// <summary>Live views (arrays that are not the owner).</summary>
    public int LiveViews { get; init; }
    /// <summary>Whether the owner array is among the live arrays.</summary>
    public bool OwnerAlive { get; init; }
    /// <summary>Bytes covered by the union of the live arrays' extents.</summary>
    public long CoveredBytes { get; init; }
    /// <summary>Allocated bytes outside every live array's extent: kept alive, but invisible (extent-based).</summary>
    public long RetainedBytes { get; init; }
    /// <summary>
    /// Allocated bytes that no live array can ever read, from the elements the live arrays address (a strided column
    /// of a matrix reads one element per row, not the rows between). Exact when <see cref="ExactRetainedIsExact"/>;
    /// otherwise (more than <see cref="FootprintAnalyzer.MaxExactRuns"/> contiguous runs) a lower bound.
    /// </summary>
    public long ExactRetainedBytes { get; init; }
    /// <summary>Whether <see cref="ExactRetainedBytes"/> is exact (true) or a lower bound (false).</summary>
    public bool ExactRetainedIsExact { get; init; } = true;
    /// <summary>
    /// Leases held by arrays that are unreachable and were never disposed (leases minus live arrays): a pending leak,
    /// since views have no finalizer and nobody can return those leases; the buffer leaks once its live arrays are disposed.
    /// </summary>
    public int PendingLeases { get; init; }
    /// <summary>Pairs of live views (owner excluded) whose extents intersect.</summary>
    public long OverlapPairs { get; init; }
    /// <summary>The first overlapping pairs as indexes into <see cref="Arrays"/> (at most 20).</summary>
    public required IReadOnlyList<int[]> OverlapSample { get; init; }
    /// <summary>Managed bytes of this buffer's objects (buffer, arrays, layouts first seen here).</summary>
    public long ManagedBytes { get; init; }
    /// <summary>Reachable array objects over the buffer that were disposed (cost managed bytes only).</summary>
    public int DisposedArrays { get; init; }
    /// <summary>Shortest root path to the buffer object, when asked for.</summary>
    public IReadOnlyList<string>? RootPath { get; init; }
}

/// <summary>One array object (owner or view) over a buffer.</summary>
public sealed record ViewReport
{
    /// <summary>Heap address of the array object.</summary>
    public ulong ObjectAddress { get; init; }
    /// <summary>Element type of the array, e.g. "System.Single".</summary>
    public required string ElementTypeName { get; init; }
    /// <summary>The array created the buffer.</summary>
    public bool IsOwner { get; init; }
    /// <summary>The array is read-only.</summary>
    public bool ReadOnly { get; init; }
    /// <summary>Shape.</summary>
    public required long[] Shape { get; init; }
    /// <summary>Strides in elements.</summary>
    public required long[] Strides { get; init; }
    /// <summary>Element offset into the buffer.</summary>
    public long Offset { get; init; }
    /// <summary>First byte of the extent (inclusive); equal to <see cref="ExtentEnd"/> for an empty array.</summary>
    public long ExtentStart { get; init; }
    /// <summary>End of the extent in bytes (exclusive).</summary>
    public long ExtentEnd { get; init; }
    /// <summary>Layout flags: C / F contiguity.</summary>
    public required string Contiguity { get; init; }
    /// <summary>Managed bytes of the array object alone.</summary>
    public long ObjectBytes { get; init; }
    /// <summary>Heap address of its layout object (arrays with equal addresses share the layout).</summary>
    public ulong LayoutAddress { get; init; }
    /// <summary>Managed bytes of its layout object plus the layout's <c>_dims</c> array.</summary>
    public long LayoutBytes { get; init; }
    /// <summary>How many reachable arrays share this array's layout object.</summary>
    public int LayoutSharedBy { get; init; }
}

/// <summary>Counters of the library's allocation tracker, read from its static fields in the target.</summary>
public sealed record TrackerCounters
{
    /// <summary>Buffers allocated and not yet freed.</summary>
    public long LiveBuffers { get; init; }
    /// <summary>Bytes allocated and not yet freed.</summary>
    public long LiveBytes { get; init; }
    /// <summary>Memory-mapped bytes not yet unmapped (counted apart from <see cref="LiveBytes"/>).</summary>
    public long LiveMappedBytes { get; init; }
    /// <summary>Footprint bytes of the live buffers (null for library versions without it).</summary>
    public long? LiveFootprintBytes { get; init; }
}

/// <summary>A buffer id asked for (e.g. with <c>--roots</c>) that holds no memory in the report.</summary>
/// <param name="Id">The id asked for.</param>
/// <param name="Reason">Why it has no root path: freed, or no such buffer.</param>
public sealed record MissingBuffer(long Id, string Reason);
