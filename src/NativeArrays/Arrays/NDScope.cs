using NativeArrays.Memory;

namespace NativeArrays;

/// <summary>What a scope needs from an array object of any element type (implemented by <see cref="NDArray{T}"/>).</summary>
internal interface IScopeMember
{
    /// <summary>Handle of the scope holding the member (0 = none). Written only under that scope's lock.</summary>
    int ScopeHandle { get; set; }
    /// <summary>Position of the member in its scope's list. Written only under that scope's lock.</summary>
    int ScopeSlot { get; set; }
    /// <summary>Heap native bytes the member owns (the buffer's bytes for a heap owner, 0 for views and maps).</summary>
    long ScopedBytes { get; }
    /// <summary>Disposes the member; false when it was already disposed.</summary>
    bool DisposeFromScope();
}

/// <summary>
/// Owns every array object created on this logical flow while it is open — owners, views, operator results, 0-d
/// results of indexing, copies, loaded files, maps — and disposes those it still owns when it ends:
/// <code>
/// using (NDScope.Begin())
/// {
///     var y = (a + b) * 2f;              // the temporary a + b and y are both disposed at the end of the scope
///     result = y.Sum();
/// }
/// </code>
/// An array leaves the scope explicitly: <see cref="NDArray{T}.MoveToOuterScope"/> (to the enclosing scope, or to
/// the caller when there is none) or <see cref="NDArray{T}.DetachFromScope"/> (the caller disposes it).
/// </summary>
/// <remarks>
/// <para><b>Flow.</b> The innermost open scope is an <see cref="AsyncLocal{T}"/>: it follows <c>await</c>, and it flows
/// into work started on the same logical flow (<c>Task.Run</c>, <c>Parallel.For</c>, thread-pool work items capture the
/// <see cref="ExecutionContext"/>), so arrays such work creates belong to the same scope. A thread that does not
/// inherit the context (a new thread started with flow suppressed, a callback from native code) has its own flow:
/// its arrays belong to its own scopes, or to none.</para>
/// <para><b>Order.</b> Scopes close in the reverse order of <see cref="Begin"/>: disposing a scope while a scope
/// opened inside it (on any flow) is still open throws <see cref="InvalidOperationException"/> and changes nothing.
/// Disposing a scope twice is harmless.</para>
/// <para><b>Threads.</b> Registration, early disposal, moves and the scope's end are thread-safe. If a scope ends while
/// another thread of its flow creates an array, the array goes either to the scope (and is disposed with it) or, when it
/// arrives after the end, to the nearest enclosing open scope (or to none); a closed scope never takes an array.</para>
/// <para><b>Cost.</b> With no scope open anywhere in the process, creating an array costs one extra read of a static
/// counter. With a scope open, each array costs one <see cref="AsyncLocal{T}"/> read and an O(1) append under the
/// scope's lock; disposing it early, moving it out and detaching it are O(1) (the array keeps its slot in the scope).</para>
/// <para>The inspector reads fields of this type by name: they are listed in <c>Diagnostics/InspectorContract.cs</c> (checked by a test); rename them there too.</para>
/// </remarks>
public sealed class NDScope : IDisposable
{
    private static readonly AsyncLocal<NDScope?> s_current = new();
    /// <summary>Scopes open in the process; zero means array creation skips the scope path.</summary>
    internal static int s_openScopes;
    private static readonly Lock s_tableLock = new();
    /// <summary>Open scopes by handle (index 0 unused), so an array finds its scope from the handle in its state.</summary>
    private static NDScope?[] s_table = new NDScope?[16];
    private static readonly Stack<int> s_freeHandles = new();
    private static int s_nextHandle = 1;
    private static long s_nextId;

    /// <summary>Largest scope handle: arrays keep it in the upper 24 bits of their state.</summary>
    internal const int MaxHandle = (1 << 24) - 1;

    private readonly Lock _lock = new();
    private readonly NDScope? _outer;
    private readonly long _id;
    private readonly int _depth;
    private readonly int _handle;
    private IScopeMember?[] _items = [];
    private int _count;
    private long _scopedBytes;
    private int _openChildren;
    private int _closed;

    private NDScope(NDScope? outer, int handle)
    {
        _outer = outer;
        _handle = handle;
        _depth = outer is null ? 1 : outer._depth + 1;
        _id = Interlocked.Increment(ref s_nextId);
    }

    /// <summary>
    /// Opens a scope on the current logical flow, nested inside the current one if any. Dispose it (<c>using</c>) to
    /// dispose every array it still owns.
    /// </summary>
    /// <exception cref="InvalidOperationException">More than 16,777,215 scopes are open at once.</exception>
    public static NDScope Begin()
    {
        int handle = AllocateHandle();
        NDScope? outer = s_current.Value;
        while (true)
        {
            outer = NearestOpen(outer);
            if (outer is null) break;
            lock (outer._lock)
            {
                if (outer._closed == 0)
                {
                    outer._openChildren++;
                    break;
                }
            }
        }
        var scope = new NDScope(outer, handle);
        lock (s_tableLock) s_table[handle] = scope;
        Interlocked.Increment(ref s_openScopes);
        AllocationTracker.OnScopeOpened(+1);
        s_current.Value = scope;
        return scope;
    }

    /// <summary>The innermost open scope of this logical flow, or null.</summary>
    public static NDScope? Current => NearestOpen(s_current.Value);

    /// <summary>Number of scopes open in the process (all flows).</summary>
    public static int OpenScopes => Volatile.Read(ref s_openScopes);

    /// <summary>Arrays currently owned by this scope (0 once it is disposed).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Heap native bytes of the owner arrays this scope currently holds (views hold none of their own).</summary>
    public long ScopedBytes => Interlocked.Read(ref _scopedBytes);

    /// <summary>Nesting depth: 1 for a scope with no enclosing scope.</summary>
    public int Depth => _depth;

    /// <summary>Creation id, unique in this process.</summary>
    public long Id => _id;

    /// <summary>The enclosing scope (open or not), or null.</summary>
    public NDScope? Outer => _outer;

    /// <summary>Whether <see cref="Dispose"/> has closed this scope.</summary>
    public bool IsDisposed => Volatile.Read(ref _closed) != 0;

    /// <summary>
    /// Closes the scope: disposes every array it still owns (counted by the tracker as temporaries) and makes the
    /// enclosing scope current again on this flow. Idempotent.
    /// </summary>
    /// <exception cref="InvalidOperationException">A scope opened inside this one is still open (scopes close in reverse order).</exception>
    public void Dispose()
    {
        IScopeMember?[] items;
        int count;
        lock (_lock)
        {
            if (_closed != 0) return;
            if (_openChildren > 0)
                throw new InvalidOperationException(
                    $"NDScope #{_id} (depth {_depth}) cannot be disposed while {_openChildren} scope(s) opened inside it are still open; " +
                    "dispose the inner scopes first (scopes close in the reverse order of NDScope.Begin).");
            Volatile.Write(ref _closed, 1);
            items = _items;
            count = _count;
            for (int i = 0; i < count; i++) items[i]!.ScopeHandle = 0;
            _items = [];
            Volatile.Write(ref _count, 0);
            AllocationTracker.OnScopedBytes(-_scopedBytes);
            _scopedBytes = 0;
        }
        if (_outer is not null)
            lock (_outer._lock) _outer._openChildren--;
        lock (s_tableLock)
        {
            s_table[_handle] = null;
            s_freeHandles.Push(_handle);
        }
        Interlocked.Decrement(ref s_openScopes);
        AllocationTracker.OnScopeOpened(-1);
        if (ReferenceEquals(s_current.Value, this)) s_current.Value = NearestOpen(_outer);

        long arrays = 0, bytes = 0;
        for (int i = 0; i < count; i++)
        {
            var member = items[i]!;
            // Read before the dispose: a disposed small buffer may be parked and re-armed with another size meanwhile.
            long memberBytes = member.ScopedBytes;
            if (member.DisposeFromScope())
            {
                arrays++;
                bytes += memberBytes;
            }
        }
        AllocationTracker.OnTemporariesFreed(arrays, bytes);
    }

    /// <summary>One line: id, depth, arrays held, state.</summary>
    public override string ToString() => $"NDScope #{_id} depth {_depth}: {Count} array(s), {ScopedBytes} B{(IsDisposed ? ", disposed" : "")}";

    // ---- Membership (called by NDArray) ---------------------------------------------------------------------------

    /// <summary>Registers a new array object in the innermost open scope of this flow, if any.</summary>
    internal static void Register(IScopeMember member) => AddToNearestOpen(s_current.Value, member);

    /// <summary>Removes <paramref name="member"/> from its scope; returns that scope, or null when it had none.</summary>
    internal static NDScope? Remove(IScopeMember member)
    {
        while (true)
        {
            int handle = member.ScopeHandle;
            if (handle == 0) return null;
            var scope = Volatile.Read(ref s_table)[handle];
            if (scope is null) continue; // the scope is closing: it clears the handle under its lock
            lock (scope._lock)
            {
                int slot = member.ScopeSlot;
                if (member.ScopeHandle == handle && slot < scope._count && ReferenceEquals(scope._items[slot], member))
                {
                    scope.RemoveAtLocked(slot, member);
                    return scope;
                }
            }
        }
    }

    /// <summary>Moves <paramref name="member"/> from its scope to the nearest open scope enclosing it (or to none).</summary>
    internal static void MoveOut(IScopeMember member)
    {
        var from = Remove(member);
        if (from is not null) AddToNearestOpen(from._outer, member);
    }

    private static void AddToNearestOpen(NDScope? scope, IScopeMember member)
    {
        for (; scope is not null; scope = scope._outer)
        {
            if (Volatile.Read(ref scope._closed) != 0) continue;
            lock (scope._lock)
            {
                if (scope._closed != 0) continue;
                if (scope._count == scope._items.Length) Array.Resize(ref scope._items, Math.Max(8, scope._count * 2));
                scope._items[scope._count] = member;
                member.ScopeSlot = scope._count;
                member.ScopeHandle = scope._handle;
                Volatile.Write(ref scope._count, scope._count + 1);
                long bytes = member.ScopedBytes;
                if (bytes != 0)
                {
                    scope._scopedBytes += bytes;
                    AllocationTracker.OnScopedBytes(bytes);
                }
                return;
            }
        }
    }

    private void RemoveAtLocked(int slot, IScopeMember member)
    {
        int last = _count - 1;
        if (slot != last)
        {
            var moved = _items[last]!;
            _items[slot] = moved;
            moved.ScopeSlot = slot;
        }
        _items[last] = null;
        Volatile.Write(ref _count, last);
        member.ScopeHandle = 0;
        long bytes = member.ScopedBytes;
        if (bytes != 0)
        {
            _scopedBytes -= bytes;
            AllocationTracker.OnScopedBytes(-bytes);
        }
        // Give back the memory of a list that grew large and emptied (a loop of early-disposed arrays).
        if (last == 0 && _items.Length > 1024) _items = [];
    }

    private static NDScope? NearestOpen(NDScope? scope)
    {
        while (scope is not null && Volatile.Read(ref scope._closed) != 0) scope = scope._outer;
        return scope;
    }

    private static int AllocateHandle()
    {
        lock (s_tableLock)
        {
            if (s_freeHandles.TryPop(out int handle)) return handle;
            if (s_nextHandle > MaxHandle)
                throw new InvalidOperationException($"Too many NDScopes are open at once ({MaxHandle}); dispose scopes when done with them.");
            handle = s_nextHandle++;
            if (handle >= s_table.Length)
            {
                var grown = new NDScope?[s_table.Length * 2];
                s_table.CopyTo(grown, 0);
                Volatile.Write(ref s_table, grown);
            }
            return handle;
        }
    }
}
