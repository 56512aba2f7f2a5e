using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NativeArrays.Memory;

/// <summary>Where a buffer's memory comes from.</summary>
public enum NativeBufferKind
{
    /// <summary>Memory from the library's allocator: a slab slot, a <c>malloc</c> block or an anonymous mapping (see <see cref="NativeBuffer.Allocation"/>).</summary>
    Heap = 0,
    /// <summary>A memory-mapped file view.</summary>
    MemoryMapped = 1,
    /// <summary>
    /// Foreign memory (<c>NDArray&lt;T&gt;.Wrap</c>, a DLPack import): never freed by NativeArrays; its owner's release
    /// callback is called exactly once when the last lease goes. Counted apart from heap bytes.
    /// </summary>
    External = 2,
}

/// <summary>
/// A block of native memory owned through <see cref="SafeHandle"/> reference counting.
/// Every array object (owner or view) holds one <em>lease</em>; when the last lease is returned the buffer is
/// disposed and its memory freed at once. Kernels in flight hold a kernel reference (<see cref="TryAcquireKernelRef"/>,
/// one interlocked add each way), a slot in their thread's <see cref="KernelGuard"/> record (the elementwise into and span
/// forms: one fence a call for all their buffers) or the SafeHandle reference count (<see cref="SafeHandle.DangerousAddRef"/>),
/// so a concurrent dispose never frees memory under them.
/// A buffer whose arrays all became unreachable without <c>Dispose</c> is freed by its finalizer and reported as a leak.
/// </summary>
/// <remarks>
/// <para>The inspector reads fields of this type by name: they are listed in <c>Diagnostics/InspectorContract.cs</c> (checked by a test); rename them there too.</para>
/// <para><b>Buffer cache (generations).</b> A retired small (slab) or medium (malloc, at most 64 KiB) buffer may be parked in the <see cref="BufferCache"/> and
/// later re-armed as a new buffer: the same object, a new <see cref="Id"/> (the id names the generation). While parked:
/// <see cref="IsCached"/> true, <see cref="IsFreed"/> false (the memory is held), <see cref="Leases"/> 0, the SafeHandle
/// open, the finalizer registered (never suppressed), the object reachable from the cache (so nothing is reported as
/// leaked). Whoever may still hold the object from an earlier generation, and why it cannot touch the new one:</para>
/// <list type="bullet">
/// <item>An array object (owner or view): every access reads the buffer's id BEFORE its own disposed flag
/// (<c>LiveBufferId</c>); not disposed means it still holds a lease, so the generation read is its own; every guard,
/// kernel reference, lease or view it then takes is checked against that id.</item>
/// <item>A kernel reference (<see cref="TryAcquireKernelRef"/>, operands, pins, enumerators): the id is checked after the
/// increment; the increment read the re-arming compare-exchange (or a later value), which publishes the new id, so a
/// stale holder sees the mismatch and undoes the increment (a transient count that never touches memory).</item>
/// <item>A guarded call (<see cref="KernelGuard"/>): it publishes the EXPECTED id, fences, and refuses the buffer when
/// closing or when the id differs; a retirer scans for the id of the generation it retires.</item>
/// <item>A new lease (<see cref="AddLease"/>): refused at zero leases (a parked buffer has none); after the increment the
/// id is checked (a re-armed buffer's first lease is written after its new id) and the lease returned on mismatch.</item>
/// <item>A span view (<c>NDSpan</c>, <c>ReadOnlyNDSpan</c>): its state carries the id it was made with; element access,
/// derived views and span calls check it (through the kernel reference or the guard above).</item>
/// <item>A retirer delayed past a re-arm: retiring is one compare-exchange from exactly the drained state value it saw,
/// whose high half is the generation count, so it fails on any later generation.</item>
/// <item>Raw addresses (AsSpan, Memory/MemoryManager, DLPack, TensorSpan, the matmul pool) and direct closes: the
/// buffer is marked never to park (<see cref="MarkNeverPark"/>, an interlocked operation before the exporter's own
/// disposed check); the retirer reads the mark after its retiring compare-exchange (Dekker), so one of them sees the
/// other. Memory-mapped and external buffers, and buffers with recorded view sites, never park.</item>
/// </list>
/// </remarks>
public sealed unsafe class NativeBuffer : SafeHandle
{
    /// <summary>The last id handed to a thread: every id issued is at most this, and it is at least the buffers ever created.</summary>
    private static long s_nextId;
    /// <summary>Ids a thread takes from <see cref="s_nextId"/> at once (one interlocked add per block, not per buffer).</summary>
    private const int IdBlock = 64;
    [ThreadStatic] private static long t_nextId;
    [ThreadStatic] private static long t_idLimit;

    // Id, sizes, type and site are rewritten when a parked buffer is re-armed (BufferCache): not readonly.
    private long _id;
    private nint _byteLength;
    private int _elementSize;
    private int _alignment;
    private string _elementType;
    private string? _creationSite;
    private readonly int _kind;
    private bool _tracked;
    private int _leases;
    private int _ownerDisposed;
    private int _freed;
    /// <summary>1 while the buffer is parked in the <see cref="BufferCache"/>, 2 once the cache released it (read by the inspector).</summary>
    private int _parked;
    /// <summary><see cref="NeverParkFlag"/>: its address escaped (pins, spans, Memory, DLPack, TensorSpan) or it was closed directly.</summary>
    private int _flags;
    internal const int NeverParkFlag = 1;
    /// <summary>
    /// Kernel references in flight plus one for the open buffer (bits 0-28), <see cref="RetiredBit"/> once retired,
    /// <see cref="ClosingBit"/> once disposed, and the generation (bits 32-63: how many times the buffer was re-armed
    /// from the cache). The disposal is carried out (the buffer retired: closed or parked) when the count part reaches
    /// zero; retiring is one compare-exchange from exactly the drained value a retirer saw, so a retirer that was
    /// delayed past a re-arm (another generation) fails and does nothing.
    /// </summary>
    private long _kernelRefs = 1;
    private const long ClosingBit = 1L << 30;
    private const long RetiredBit = 1L << 29;
    private const long LowMask = 0xFFFF_FFFFL;
    private const long GenerationOne = 1L << 32;
    private readonly Action<nint>? _release;
    private readonly nint _footprintBytes;
    private readonly int _allocation;
    private readonly nint _blockStart;
    private readonly Slab? _slab;
    /// <summary>Creation sites of views not yet disposed, by site id (only when <c>captureAllocationSites</c> is on).</summary>
    private Dictionary<int, string>? _viewSites;
    private static int s_nextSiteId;

    private NativeBuffer(nint address, nint byteLength, int elementSize, int alignment, string elementType,
        NativeBufferKind kind, bool tracked, string? creationSite, Action<nint>? release, in NativeBlock block)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(address);
        _footprintBytes = block.Footprint;
        _allocation = (int)block.Kind;
        _blockStart = block.Start;
        _slab = block.Slab;
        _id = NextId();
        _byteLength = byteLength;
        _elementSize = elementSize;
        _alignment = alignment;
        _elementType = elementType;
        _kind = (int)kind;
        _tracked = tracked;
        _creationSite = creationSite;
        _release = release;
    }

    /// <summary>Creation id, unique in this process, increasing among the buffers created by one thread.</summary>
    /// <remarks>Each thread takes ids in blocks of 64 (an interlocked add per block, not per buffer), so ids of buffers made
    /// on different threads do not tell which was made first.</remarks>
    /// <remarks>A buffer re-armed from the <see cref="BufferCache"/> takes a new id: the id names one generation of the object.</remarks>
    public long Id => Volatile.Read(ref _id);

    /// <summary>The next id of this thread's block, taking a new block when it is used up.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long NextId()
    {
        long id = t_nextId;
        if (id == t_idLimit) return NextIdBlock();
        t_nextId = id + 1;
        return id;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long NextIdBlock()
    {
        long last = Interlocked.Add(ref s_nextId, IdBlock);
        long first = last - IdBlock + 1;
        t_nextId = first + 1;
        t_idLimit = last + 1;
        return first;
    }

    /// <summary>Size of the memory block in bytes (the requested bytes).</summary>
    public nint ByteLength => _byteLength;
    /// <summary>
    /// Bytes the allocator really holds for this buffer: a slab slot, malloc's usable size plus its 8-byte header (the
    /// alignment padding inside), or a mapping's page-rounded length (resident only as pages are touched). At least
    /// <see cref="ByteLength"/>. For memory-mapped files, the byte length.
    /// </summary>
    public nint FootprintBytes => _footprintBytes;
    /// <summary>Which allocator path the memory came from.</summary>
    public NativeAllocation Allocation => (NativeAllocation)_allocation;
    /// <summary>What the underlying allocator returned (malloc's pointer, a slab's or a mapping's start).</summary>
    internal nint BlockStart => _blockStart;
    /// <summary>Size of one element in bytes.</summary>
    public int ElementSize => _elementSize;
    /// <summary>Element count of the block.</summary>
    public nint ElementCount => _elementSize == 0 ? 0 : _byteLength / _elementSize;
    /// <summary>Byte alignment of the block's start address.</summary>
    public int Alignment => _alignment;
    /// <summary>NumPy dtype name of the elements ("float32", ...).</summary>
    public string ElementType => _elementType;
    /// <summary>Where the memory comes from.</summary>
    public NativeBufferKind Kind => (NativeBufferKind)_kind;
    /// <summary>Number of array objects currently holding a lease.</summary>
    public int Leases => Volatile.Read(ref _leases);
    /// <summary>Whether the array that created this buffer was disposed (views may still hold it).</summary>
    public bool OwnerDisposed => Volatile.Read(ref _ownerDisposed) != 0;
    /// <summary>Whether the memory has been returned (false while the buffer is parked in the buffer cache: the memory is held).</summary>
    public bool IsFreed => Volatile.Read(ref _freed) != 0;
    /// <summary>
    /// Whether the buffer is parked in the buffer cache: disposed, no array on it, its slot kept for the next allocation of
    /// its size class (which re-arms this object under a new <see cref="Id"/>). Reported apart from live buffers
    /// (<see cref="AllocationTracker.Snapshot"/>'s <c>CachedBuffers</c>).
    /// </summary>
    public bool IsCached => Volatile.Read(ref _parked) == 1;
    /// <summary>Stack trace of the allocation, when <c>captureAllocationSites</c> is on.</summary>
    public string? CreationSite => _creationSite;
    /// <summary>Start address of the memory (for diagnostics; use arrays to access data).</summary>
    public nint Address => handle;

    /// <inheritdoc/>
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>
    /// Allocates <paramref name="elementCount"/> elements of <paramref name="elementSize"/> bytes with the configured alignment.
    /// The returned buffer has no lease yet: the caller takes the first one.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The byte size overflows.</exception>
    /// <exception cref="OutOfMemoryException">The memory cannot be had; the message names the size.</exception>
    internal static NativeBuffer Allocate(nint elementCount, int elementSize, string elementType, bool zero)
    {
        var settings = NativeArraysSettings.Current;
        nint bytes = CheckedByteLength(elementCount, elementSize);
        int alignment = settings.Alignment;
        if (BufferCache.TryTake(bytes, alignment, settings.BufferCacheEntries) is { } parked)
        {
            string? reSite = settings.CaptureAllocationSites ? new StackTrace(2, fNeedFileInfo: true).ToString() : null;
            if (parked.TryRearm(bytes, elementSize, alignment, elementType, zero, settings.TrackAllocations, reSite))
            {
                if (parked._tracked) BufferEvents.Observer?.OnAllocated(parked);
                return parked;
            }
            parked.ReleaseParked();
        }
        NativeBlock block;
        try
        {
            block = NativeAllocator.Allocate(bytes, alignment, zero);
        }
        catch (OutOfMemoryException)
        {
            block = default;
        }
        if (block.Address == 0)
            throw new OutOfMemoryException($"Cannot allocate {bytes} bytes ({elementCount} elements of {elementType}) of native memory.");
        string? site = settings.CaptureAllocationSites ? new StackTrace(2, fNeedFileInfo: true).ToString() : null;
        var buffer = new NativeBuffer(block.Address, bytes, elementSize, alignment, elementType, NativeBufferKind.Heap,
            settings.TrackAllocations, site, release: null, block);
        GcPressure.Add(block.Footprint);
        if (buffer._tracked) BufferEvents.Observer?.OnAllocated(buffer);
        return buffer;
    }

    /// <summary>
    /// Wraps memory obtained elsewhere (a memory-mapped view); <paramref name="release"/> returns it.
    /// The returned buffer has no lease yet.
    /// </summary>
    internal static NativeBuffer Wrap(nint address, nint byteLength, int elementSize, string elementType,
        NativeBufferKind kind, int alignment, Action<nint> release)
    {
        var settings = NativeArraysSettings.Current;
        string? site = settings.CaptureAllocationSites ? new StackTrace(2, fNeedFileInfo: true).ToString() : null;
        var buffer = new NativeBuffer(address, byteLength, elementSize, alignment, elementType, kind,
            settings.TrackAllocations, site, release, new NativeBlock(address, address, byteLength, NativeAllocation.External, null));
        if (buffer._tracked) BufferEvents.Observer?.OnAllocated(buffer);
        return buffer;
    }

    /// <summary>Byte length of <paramref name="elementCount"/> elements, overflow-checked.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative count or overflow.</exception>
    internal static nint CheckedByteLength(nint elementCount, int elementSize)
    {
        if (elementCount < 0)
            throw new ArgumentOutOfRangeException(nameof(elementCount), elementCount, "Element count must be non-negative.");
        try { return checked(elementCount * elementSize); }
        catch (OverflowException)
        {
            throw new ArgumentOutOfRangeException(nameof(elementCount), elementCount,
                $"{elementCount} elements of {elementSize} bytes overflow the address space.");
        }
    }

    /// <summary>
    /// The stack of the caller outside this library (the frames of NativeArrays itself are skipped), for creation sites.
    /// </summary>
    internal static string CaptureSite()
    {
        var frames = new StackTrace(1, fNeedFileInfo: true).GetFrames();
        var library = typeof(NativeBuffer).Assembly;
        int first = 0;
        while (first < frames.Length - 1 && frames[first].GetMethod()?.DeclaringType?.Assembly == library) first++;
        return new StackTrace(frames[first..]).ToString();
    }

    /// <summary>
    /// The site id of each view whose creation site was recorded (captureViewSites on). Kept beside the views rather than
    /// in them, so an array object stays 48 bytes; an entry goes with its view.
    /// </summary>
    private static readonly ConditionalWeakTable<object, StrongBox<int>> s_viewSiteIds = new();
    private static bool s_viewSitesRecorded;

    /// <summary>Remembers where <paramref name="view"/> (an array on this buffer) was created, until it is disposed.</summary>
    internal void RecordViewSite(object view)
    {
        string site = CaptureSite();
        int id = Interlocked.Increment(ref s_nextSiteId);
        lock (this) (_viewSites ??= [])[id] = site;
        s_viewSiteIds.AddOrUpdate(view, new StrongBox<int>(id));
        Volatile.Write(ref s_viewSitesRecorded, true);
    }

    /// <summary>Forgets the creation site of a disposed view (one static read when no site was ever recorded).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void ForgetViewSite(object view)
    {
        if (Volatile.Read(ref s_viewSitesRecorded)) ForgetRecordedViewSite(view);
    }

    private void ForgetRecordedViewSite(object view)
    {
        if (!s_viewSiteIds.TryGetValue(view, out var id)) return;
        s_viewSiteIds.Remove(view);
        lock (this) _viewSites?.Remove(id.Value);
    }

    /// <summary>Creation sites of the views still holding a lease, oldest first (empty when none were recorded).</summary>
    internal string[] UndisposedViewSites()
    {
        lock (this)
            return _viewSites is null ? [] : [.. _viewSites.OrderBy(kv => kv.Key).Select(kv => kv.Value)];
    }

    /// <summary>
    /// Takes a lease for a new array object on generation <paramref name="expectedId"/> of this buffer (the id its holder
    /// read, see <see cref="NDArray{T}"/>'s <c>LiveBufferId</c>). Throws if the buffer was already released, or re-armed
    /// since (another id): the lease is then returned at once.
    /// </summary>
    internal void AddLease(long expectedId)
    {
        while (true)
        {
            int n = Volatile.Read(ref _leases);
            // Only the creating array takes a lease on a buffer with none (AddFirstLease): zero here means released.
            if (n == 0) throw new ObjectDisposedException(nameof(NativeBuffer), $"Native buffer #{expectedId} was already released.");
            if (Interlocked.CompareExchange(ref _leases, n + 1, n) == n) break;
        }
        // The increment read the lease count of the generation now on the buffer (or a later write): a re-armed buffer's
        // first lease is written after its new id, so a mismatch here is seen (see the remarks on BufferCache safety).
        if (Volatile.Read(ref _id) == expectedId) return;
        ReleaseLease(isOwner: false);
        throw new ObjectDisposedException(nameof(NativeBuffer), $"Native buffer #{expectedId} was already released.");
    }

    /// <summary>
    /// Marks the buffer as never to be parked (its address escapes a call: a span, Memory, DLPack, a TensorSpan, a
    /// pool's pointer). The interlocked operation is the exporter's fence: check the array afterwards (Dekker with the
    /// retirer, which reads the flag after its retiring compare-exchange).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void MarkNeverPark()
    {
        if ((Volatile.Read(ref _flags) & NeverParkFlag) == 0) Interlocked.Or(ref _flags, NeverParkFlag);
    }

    /// <summary>
    /// Takes the first lease on a new buffer, before any other thread can see it (every caller has just allocated or wrapped
    /// it): a plain write, where an interlocked increment cost ~9 ns on every allocation.
    /// </summary>
    internal void AddFirstLease()
    {
        Debug.Assert(_leases == 0, "the first lease is taken on a new buffer");
        Volatile.Write(ref _leases, 1);
    }

    /// <summary>Returns a lease; the last one disposes the buffer (freed when no kernel holds it).</summary>
    internal void ReleaseLease(bool isOwner)
    {
        if (isOwner) Volatile.Write(ref _ownerDisposed, 1);
        // Close, not the public Dispose: that would suppress the finalizer, which a parked (then re-armed) buffer keeps.
        if (Interlocked.Decrement(ref _leases) == 0) Close(direct: false);
    }

    /// <summary>
    /// Takes a kernel reference: while it is held a concurrent <c>Dispose</c> (the last lease returned, or a direct close)
    /// never frees the memory; the disposal is carried out by the last <see cref="ReleaseKernelRef"/>. False (nothing
    /// held) when the buffer was already disposed. One interlocked add, where the SafeHandle's reference is a
    /// compare-exchange loop each way: this is the per-operand guard of every kernel call.
    /// </summary>
    /// <remarks>
    /// The increment and the disposer's setting of <see cref="ClosingBit"/> are atomic operations on one variable, so one
    /// is ordered before the other: either the kernel sees the bit and backs off, or the disposer sees the kernel's count
    /// and leaves the release to it. A refused increment is undone through <see cref="ReleaseKernelRef"/>, which retires
    /// the buffer when it brings the count back to zero (the retiring compare-exchange in <see cref="RetireUnlessGuarded"/> makes that idempotent).
    /// </remarks>
    /// <remarks>
    /// <paramref name="expectedId"/> is the generation its holder read: after the increment the id is checked, so a
    /// stale holder of a buffer re-armed from the cache is refused (the increment read the re-arming compare-exchange or
    /// a later value, so it sees the new id). A refused increment is undone like any other reference.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryAcquireKernelRef(long expectedId)
    {
        if ((Interlocked.Increment(ref _kernelRefs) & ClosingBit) == 0 && Volatile.Read(ref _id) == expectedId) return true;
        ReleaseKernelRef();
        return false;
    }

    /// <summary>Returns a reference taken by <see cref="TryAcquireKernelRef"/>; the last one after a dispose frees the buffer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void ReleaseKernelRef()
    {
        long s = Interlocked.Decrement(ref _kernelRefs);
        if ((s & LowMask) == ClosingBit) RetireUnlessGuarded(s);
    }

    /// <summary>Whether the buffer was disposed: a <see cref="KernelGuard"/> refuses it (read after the guard's fence).</summary>
    internal bool IsClosingForKernels
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (Volatile.Read(ref _kernelRefs) & ClosingBit) != 0;
    }

    /// <summary>Whether the buffer was disposed and no kernel reference is out (and it is not retired yet): the last <see cref="KernelGuard"/> holder retires it.</summary>
    internal bool IsDrainedForKernels
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (Volatile.Read(ref _kernelRefs) & LowMask) == ClosingBit;
    }

    /// <summary>Retires the buffer if it is disposed and drained and no guarded call holds it (a guard leaving).</summary>
    internal void RetireIfDrained()
    {
        long s = Volatile.Read(ref _kernelRefs);
        if ((s & LowMask) == ClosingBit) RetireUnlessGuarded(s);
    }

    /// <summary>
    /// Retires the disposed, drained buffer (state <paramref name="observed"/>) unless a guarded call on some thread holds
    /// it (that call retires it when it ends). Called after the interlocked operation that drained the count, or after a
    /// guard's leaving fence. The id scanned for is read after <paramref name="observed"/>; the retiring compare-exchange
    /// succeeds only if the state is still exactly <paramref name="observed"/> (same generation, not retired), so the
    /// scan was for this generation's id.
    /// </summary>
    internal void RetireUnlessGuarded(long observed)
    {
        if (KernelGuard.IsHeld(Volatile.Read(ref _id))) return;
        if (Interlocked.CompareExchange(ref _kernelRefs, observed | RetiredBit, observed) != observed) return;
        Retired();
    }

    /// <summary>
    /// Disposing (the last lease returned, or a direct close) refuses new kernel references at once and closes the
    /// SafeHandle (freeing the memory unless SafeHandle references are out) when no kernel reference is in flight and no
    /// <see cref="KernelGuard"/> holds it, else when the last of them is returned. The finalizer's call closes at once: a kernel reference keeps the buffer reachable.
    /// </summary>
    protected override void Dispose(bool disposing)
    {
        if (!disposing)
        {
            base.Dispose(disposing);
            return;
        }
        // A direct close (the public Dispose, which also suppresses the finalizer): never parked.
        Close(direct: true);
    }

    /// <summary>Claims the close (sets <see cref="ClosingBit"/>) and retires the buffer when nothing holds it.</summary>
    private void Close(bool direct)
    {
        if (direct) Interlocked.Or(ref _flags, NeverParkFlag);
        // One compare-exchange both claims the close (only the first disposer sets ClosingBit and returns the open
        // reference) and is the disposer's fence of the guard's Dekker pattern (see KernelGuard); a separate once-flag
        // cost a second interlocked operation on every buffer's disposal.
        long refs = Volatile.Read(ref _kernelRefs);
        while (true)
        {
            if ((refs & ClosingBit) != 0) return;
            long seen = Interlocked.CompareExchange(ref _kernelRefs, refs + ClosingBit - 1, refs);
            if (seen == refs) break;
            refs = seen;
        }
        long closed = refs + ClosingBit - 1;
        if ((closed & LowMask) == ClosingBit) RetireUnlessGuarded(closed);
    }

    /// <summary>
    /// The buffer was retired (exactly once per generation: the compare-exchange in <see cref="RetireUnlessGuarded"/>):
    /// park it in the <see cref="BufferCache"/> when it may be, else close the SafeHandle (freeing the memory unless
    /// SafeHandle references are out) and suppress the finalizer.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Retired()
    {
        // Read after the retiring compare-exchange (a full fence): an exporter that set the flag before its own check of
        // the array either is seen here or sees the array disposed (Dekker).
        if ((Volatile.Read(ref _flags) & NeverParkFlag) == 0 && Volatile.Read(ref _leases) == 0 && _release is null
            && _viewSites is null && BufferCache.TryPark(this))
            return;
        base.Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Whether this buffer may be parked at all: a heap slab slot of at most <see cref="BufferCache.MaxSlabFootprint"/>
    /// bytes, or a malloc block (with the C library, whose usable size is known) of at most
    /// <see cref="BufferCache.MaxMediumFootprint"/> bytes.
    /// </summary>
    internal bool IsCacheable => _kind == (int)NativeBufferKind.Heap
        && (_allocation == (int)NativeAllocation.Slab ? _footprintBytes <= BufferCache.MaxSlabFootprint
            : _allocation == (int)NativeAllocation.Malloc && LibC.Available && _footprintBytes <= BufferCache.MaxMediumFootprint);

    /// <summary>
    /// Bytes usable from <see cref="Address"/> on: the slot for a slab buffer, the rest of malloc's usable block for a
    /// medium one (what a re-armed buffer may be asked to hold).
    /// </summary>
    internal nint Capacity => _allocation == (int)NativeAllocation.Malloc && LibC.Available
        ? _blockStart + _footprintBytes - NativeAllocator.MallocHeaderBytes - handle
        : _allocation == (int)NativeAllocation.Slab ? _footprintBytes : _byteLength;

    /// <summary>The cache took this retired buffer: it is no longer live (the tracker counts it as cached).</summary>
    internal void OnParked()
    {
        Volatile.Write(ref _parked, 1);
        if (_tracked) BufferEvents.Observer?.OnCached(this);
    }

    /// <summary>
    /// Re-arms a parked buffer (just taken from the cache) as a new buffer: new id, sizes, type and site, no lease, zeroed
    /// when asked; every field is written before the one compare-exchange that reopens it (from exactly the retired
    /// state: a stale acquirer's increment in flight makes it fail, and the caller releases the buffer instead).
    /// </summary>
    internal bool TryRearm(nint bytes, int elementSize, int alignment, string elementType, bool zero, bool tracked, string? site)
    {
        long s = Volatile.Read(ref _kernelRefs);
        if ((s & LowMask) != (ClosingBit | RetiredBit)) return false;
        _byteLength = bytes;
        _elementSize = elementSize;
        _alignment = alignment;
        _elementType = elementType;
        _creationSite = site;
        _tracked = tracked;
        _leases = 0;
        _ownerDisposed = 0;
        _parked = 0;
        if (zero) NativeMemory.Clear((void*)handle, (nuint)bytes);
        // The id last, with a release store: a holder that reads the new id sees the rest (and the stale holder's array state).
        Volatile.Write(ref _id, NextId());
        return Interlocked.CompareExchange(ref _kernelRefs, (s & ~LowMask) + GenerationOne + 1, s) == s;
    }

    /// <summary>Frees a buffer the cache let go (released on demand, disabled, or not re-armable): memory to the allocator, no tracker event (it left the live counts when parked).</summary>
    internal void ReleaseParked()
    {
        Volatile.Write(ref _parked, 2);
        base.Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        // SafeHandle calls this once (the thread that takes its reference count to zero, or the finalizer): no guard needed.
        Volatile.Write(ref _freed, 1);
        // Leases still out means no array was disposed before the buffer became unreachable: a leak.
        bool leaked = Volatile.Read(ref _leases) > 0;
        if (_release is null)
        {
            NativeAllocator.Free(handle, _blockStart, _footprintBytes, (NativeAllocation)_allocation, _slab);
            // A leak is freed on the finalizer thread: counted at once, not batched there.
            if (leaked) GcPressure.RemoveNow(_footprintBytes); else GcPressure.Remove(_footprintBytes);
        }
        else
        {
            _release(handle);
        }
        // A buffer the cache released left the live counts when it was parked.
        if (_tracked && Volatile.Read(ref _parked) != 2) BufferEvents.Observer?.OnFreed(this, leaked);
        return true;
    }

    /// <summary>Returns a short description: id, type, bytes, leases.</summary>
    public override string ToString() =>
        $"NativeBuffer #{Id} {_elementType} {_byteLength} B, leases={Leases}{(OwnerDisposed ? ", owner disposed" : "")}{(IsCached ? ", cached" : "")}{(IsFreed ? ", freed" : "")}";
}
