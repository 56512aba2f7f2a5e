using System.Runtime.CompilerServices;

namespace NativeArrays.Memory;

/// <summary>
/// One thread's hazard record: the buffers its guarded calls (<see cref="KernelGuard"/>) are using, by id
/// (<see cref="NativeBuffer.Id"/>: unique in the process, never 0), a stack of slots (a nested call pushes its own above
/// its caller's). Written only by its thread; read by any thread that disposes a buffer. Ids, not references: plain
/// stores, no GC write barrier per slot (the call keeps its buffers alive on its own stack).
/// </summary>
internal sealed class KernelGuardRecord
{
    /// <summary>The slots; [0, <see cref="Top"/>) are in use (0 entries are unused operand places).</summary>
    internal long[] Slots = new long[16];
    /// <summary>Slots in use.</summary>
    internal int Top;
    /// <summary>The thread that owns the record (a record of a thread that ended is adopted by a new thread).</summary>
    internal Thread Owner = Thread.CurrentThread;
    /// <summary>
    /// Whether the owner's calls fence on entry: false only for the process's first record, until a second thread
    /// enters a guard or retires a buffer (see <see cref="KernelGuard"/>'s remarks). Written under the registration lock.
    /// </summary>
    internal bool Fenced;
    /// <summary>
    /// Whether calls that entered without the fence may still run: a retirer on another thread then scans only after
    /// a process-wide barrier. Cleared once <see cref="Fenced"/> is set and either a barrier issued after it finds no
    /// slot in use, or the owner enters a guard (fenced) with no call of its own in flight.
    /// </summary>
    internal bool Unfenced;

    /// <summary>Doubles the slots (the old array keeps its entries: a disposer that read it may defer on them, see <see cref="KernelGuard"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal long[] Grow()
    {
        var slots = new long[Slots.Length * 2];
        Array.Copy(Slots, slots, Slots.Length);
        Volatile.Write(ref Slots, slots);
        return slots;
    }
}

/// <summary>
/// A buffer to hold in a <see cref="KernelGuard"/> with the id (generation) its holder expects: the guard publishes the
/// id and refuses the buffer when it was disposed or re-armed from the cache under another id since. Made by
/// <c>NDArray&lt;T&gt;.GuardBuffer</c> (the id read before the array's disposed check) or from a view's state.
/// </summary>
internal readonly struct GuardedBuffer(NativeBuffer? buffer, long id)
{
    /// <summary>The buffer (null: no operand in this place).</summary>
    public readonly NativeBuffer? Buffer = buffer;
    /// <summary>The generation the holder expects.</summary>
    public readonly long Id = id;
}

/// <summary>
/// The guard of one kernel call over up to four buffers: a per-thread hazard record instead of a kernel reference per
/// operand. Entering publishes the buffers in the thread's record with plain stores and issues ONE full fence (none while
/// one thread alone uses guards: see the remarks), then reads each buffer's closing bit; leaving clears the slots with
/// release stores (no fence) and looks at the closing bits again. One fence a call where the per-operand references
/// cost two interlocked operations per operand (six for <c>Add(a, b, d)</c>). A disposed buffer whose count of
/// <see cref="NativeBuffer.TryAcquireKernelRef"/> references is drained is retired only when no record holds it
/// (<see cref="IsHeld"/>); a retirer that finds it held pays a process-wide barrier (rare: a dispose racing a call) in
/// place of the fence every call would pay on leaving.
/// </summary>
/// <remarks>
/// <para>Safety (why memory is never freed under a call that passed the guard), on x86 and on weaker models (ARM64):
/// the call stores its slot S, then fences, then loads the closing bit C. The disposer sets C with an interlocked
/// operation (a full fence), then loads every record's slots. This is Dekker's pattern with a full fence on both sides
/// (the store-buffering litmus test with fences), whose outcome "the call reads C clear AND the disposer reads S empty"
/// is forbidden on every model .NET runs on: either the call sees C and backs off (it never read the address), or the
/// disposer sees S and leaves the free to the call (or frees only once it sees S cleared, which the call's release
/// store publishes after the kernel's last access).</para>
/// <para>Determinism (the free happens when the last holder ends, never later): leaving clears S with a release store
/// and then loads C and the reference count, with no fence between, so the load may pass the clear (store buffering).
/// A retirer (a disposer, a returned kernel reference, or another call leaving) that loads S still set therefore does
/// not simply defer: <see cref="IsHeld"/> then issues <see cref="Interlocked.MemoryBarrierProcessWide"/> (every thread of
/// the process passes a full fence at some point P during it) and loads the slots again. For the holder, either its
/// clear precedes P (then the second scan sees S empty and the retirer retires the buffer itself), or the clear follows
/// P, and then so does its load of C, which sees C (set before the retirer's barrier) and the holder retires the buffer
/// after its own scan. Two holders leaving at once: each is the other's retirer, so the same argument says at least one
/// of them sees the other's clear. The once-guard in <c>NativeBuffer.Retire</c> makes a double retirement harmless. A
/// retirer that sees no holder at its first scan retires at once (no barrier).</para>
/// <para>Unfenced mode (the single-threaded case): while one thread is the only one that has entered a guard, its
/// entries skip the fence (about 5 ns of a 20-50 ns call). Its record is <see cref="KernelGuardRecord.Unfenced"/>, and
/// a retirer on any other thread scans it only after a process-wide barrier (<see cref="FenceAll"/>), which is the
/// asymmetric form of the same pattern: the barrier makes the owner pass a full fence at some point P (the .NET memory
/// model's process-wide barrier), so either the owner's slot store precedes P and the scan after the barrier sees it, or
/// the owner's later load of the closing bit follows P and sees the bit set before the barrier. The owner's own
/// retirements need no barrier for its own record (program order). The mode ends for good at the first sign of a
/// second thread: another thread registering a record or retiring a buffer sets every record's
/// <see cref="KernelGuardRecord.Fenced"/> and then issues the barrier, so the owner's entries after P fence; an entry that
/// read the flag clear before P may still be running, so the record stays <c>Unfenced</c> (retirers elsewhere keep
/// fencing first) until a barrier after the flag finds it with no slot in use, or the owner's next entry at depth 0
/// (fenced, so every call of its own that entered unfenced has ended) clears the mark. A multi-threaded program pays
/// that barrier once or a few times, not per free. The owner's slot stores, the flag's load and the closing bits' loads
/// are volatile accesses in that program order (the JIT does not move them across each other); the processor's
/// store-to-load reordering between them is what the barrier covers. A record is published, and a thread's first
/// entry follows, a full fence after registration, so a retirer that missed the record in its scan is seen by that
/// entry.</para>
/// <para>Nesting: a nested call pushes its slots above its caller's, so a buffer both hold stays held until the outer
/// call ends (the inner call's scan sees the outer slot; the outer call's own load of C follows in program order). A
/// thread that ends has cleared all its slots (every guard is a <c>using</c>); its record is adopted by the next thread
/// that registers.</para>
/// </remarks>
internal ref struct KernelGuard
{
    [ThreadStatic] private static KernelGuardRecord? t_record;
    private static KernelGuardRecord[] s_records = [];
    private static readonly object s_lock = new();

    private KernelGuardRecord? _record;
    private int _base;
    private NativeBuffer? _b0, _b1, _b2, _b3;

    /// <summary>-1 when every buffer was open at entry, else the index of a disposed one (nothing is held then: the caller throws).</summary>
    public int Refused;

    /// <summary>
    /// Guards a call over the given buffers (nulls are ignored); dispose the guard (a <c>using</c>) when the call ends.
    /// Check <see cref="Refused"/>: a disposed buffer is refused and nothing is held.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static KernelGuard Enter(GuardedBuffer b0, GuardedBuffer b1 = default, GuardedBuffer b2 = default, GuardedBuffer b3 = default)
    {
        var record = t_record ?? Register();
        int top = record.Top;
        var slots = record.Slots;
        if (top + 4 > slots.Length) slots = record.Grow();
        // The EXPECTED ids: a retirer scans for the id of the generation it retires, so a stale holder's slot never
        // defers another generation's retirement, and the check below refuses it.
        slots[top] = b0.Id;
        slots[top + 1] = b1.Id;
        slots[top + 2] = b2.Id;
        slots[top + 3] = b3.Id;
        Volatile.Write(ref record.Top, top + 4);
        // The one fence of entering (the slots visible before the closing bits are read), unless this is the only
        // thread that uses guards: then a retirer on another thread issues a process-wide barrier instead (see the remarks).
        if (Volatile.Read(ref record.Fenced))
        {
            Interlocked.MemoryBarrier();
            // The first fenced entry of the owner with none of its calls in flight: no call that entered unfenced runs
            // any more, so retirers elsewhere may scan this record without the barrier first (see the remarks).
            if (top == 0 && record.Unfenced) Volatile.Write(ref record.Unfenced, false);
        }
        var guard = new KernelGuard { _record = record, _base = top, _b0 = b0.Buffer, _b1 = b1.Buffer, _b2 = b2.Buffer, _b3 = b3.Buffer, Refused = -1 };
        if (Refuses(b0) | Refuses(b1) | Refuses(b2) | Refuses(b3))
        {
            guard.Refused = Refuses(b0) ? 0 : Refuses(b1) ? 1 : Refuses(b2) ? 2 : 3;
            guard.Dispose();
        }
        return guard;
    }

    /// <summary>Disposed, or re-armed under another id (closing bit read first: a clear bit read from the re-arming compare-exchange or later makes the new id visible).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Refuses(GuardedBuffer b) => b.Buffer is { } buffer && (buffer.IsClosingForKernels || buffer.Id != b.Id);

    /// <summary>Leaves the call: clears the slots (release stores, no fence) and retires any buffer disposed meanwhile that nothing else holds (idempotent).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Dispose()
    {
        var record = _record;
        if (record is null) return;
        _record = null;
        var slots = record.Slots;
        int top = _base;
        // Release stores: the kernel's accesses are done before a disposer can read a slot empty.
        Volatile.Write(ref slots[top], 0);
        Volatile.Write(ref slots[top + 1], 0);
        Volatile.Write(ref slots[top + 2], 0);
        Volatile.Write(ref slots[top + 3], 0);
        Volatile.Write(ref record.Top, top);
        // No fence: a retirer that still sees these slots set issues a process-wide barrier and looks again (see the remarks).
        if (Drained(_b0) | Drained(_b1) | Drained(_b2) | Drained(_b3)) RetireDrained(_b0, _b1, _b2, _b3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Drained(NativeBuffer? buffer) => buffer is not null && buffer.IsDrainedForKernels;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RetireDrained(NativeBuffer? b0, NativeBuffer? b1, NativeBuffer? b2, NativeBuffer? b3)
    {
        b0?.RetireIfDrained();
        b1?.RetireIfDrained();
        b2?.RetireIfDrained();
        b3?.RetireIfDrained();
    }

    /// <summary>
    /// Whether a guarded call on any thread holds the buffer generation <paramref name="id"/>. Call only after the interlocked operation
    /// that set its closing bit (or drained its reference count): that is the retirer's fence. A buffer found held is
    /// looked for again after a process-wide barrier (leaving a guard issues no fence: see the remarks), so false means
    /// no call holds it and true means a holder will see the closing bit when it leaves. A record of another thread
    /// whose calls may run without the entry fence is scanned only after a process-wide barrier, issued by
    /// <see cref="FenceAll"/>, which also ends that mode (the process's guards fence from then on).
    /// </summary>
    internal static bool IsHeld(long id)
    {
        // After FenceAll's barrier one scan decides (as the second scan below); when it issued none (the mark was cleared
        // meanwhile), the usual two scans.
        if (UnfencedElsewhere() && FenceAll()) return Scan(id);
        if (!Scan(id)) return false;
        Interlocked.MemoryBarrierProcessWide();
        return Scan(id);
    }

    /// <summary>Whether a record other than the calling thread's may hold calls that entered without the fence.</summary>
    private static bool UnfencedElsewhere()
    {
        var mine = t_record;
        foreach (var record in Volatile.Read(ref s_records))
            if (Volatile.Read(ref record.Unfenced) && record != mine) return true;
        return false;
    }

    /// <summary>
    /// Ends the unfenced mode: every record's calls fence on entry from now on. Issues a process-wide barrier after
    /// setting <see cref="KernelGuardRecord.Fenced"/> (every owner's later entries read it set; its earlier slots are
    /// visible after it), then clears <see cref="KernelGuardRecord.Unfenced"/> of the records with no slot in use (an
    /// unfenced call still running keeps it set: the next retirer on another thread fences again). False when no record
    /// was marked (nothing done, no barrier issued).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool FenceAll()
    {
        lock (s_lock)
        {
            var records = s_records;
            bool marked = false;
            foreach (var record in records)
            {
                if (!record.Unfenced) continue;
                Volatile.Write(ref record.Fenced, true);
                marked = true;
            }
            if (!marked) return false;
            Interlocked.MemoryBarrierProcessWide();
            foreach (var record in records)
                if (record.Unfenced && Volatile.Read(ref record.Top) == 0) Volatile.Write(ref record.Unfenced, false);
            return true;
        }
    }

    /// <summary>
    /// For tests: the calling thread's calls enter without the fence (as the only thread using guards), while other
    /// threads also use guards, retire buffers or register; the next retirement on another thread ends it. The state a
    /// transition out of the unfenced mode passes through, kept open.
    /// </summary>
    internal static void EnterUnfencedModeForTests()
    {
        var record = t_record ?? Register();
        lock (s_lock)
        {
            Volatile.Write(ref record.Unfenced, true);
            Volatile.Write(ref record.Fenced, false);
        }
        // As at registration: a retirer that read Unfenced clear (and scans without a barrier first) fenced before, so this
        // thread's next entries read its closing bit.
        Interlocked.MemoryBarrier();
    }

    private static bool Scan(long id)
    {
        foreach (var record in Volatile.Read(ref s_records))
        {
            var slots = Volatile.Read(ref record.Slots);
            int top = Math.Min(Volatile.Read(ref record.Top), slots.Length);
            for (int i = 0; i < top; i++)
                if (Volatile.Read(ref slots[i]) == id) return true;
        }
        return false;
    }

    /// <summary>For tests: the calling thread's record's flags (a thread with no record yet reads fenced).</summary>
    internal static (bool Fenced, bool Unfenced) ModeForTests()
    {
        var record = t_record;
        return record is null ? (true, false) : (Volatile.Read(ref record.Fenced), Volatile.Read(ref record.Unfenced));
    }

    /// <summary>For tests: records whose calls may still run unfenced.</summary>
    internal static int UnfencedRecords => Array.FindAll(Volatile.Read(ref s_records), r => Volatile.Read(ref r.Unfenced)).Length;

    /// <summary>Slots in use on every thread (for tests: 0 when no guarded call runs).</summary>
    internal static int SlotsInUse()
    {
        int used = 0;
        foreach (var record in Volatile.Read(ref s_records)) used += Volatile.Read(ref record.Top);
        return used;
    }

    /// <summary>Records registered (threads that ever made a guarded call, less those whose record was adopted).</summary>
    internal static int Records => Volatile.Read(ref s_records).Length;

    /// <summary>
    /// The calling thread's record: a record of a thread that ended (all its slots clear), else a new one. The process's
    /// first record runs unfenced; any later registration ends that mode (<see cref="FenceAll"/>) and is fenced.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static KernelGuardRecord Register()
    {
        KernelGuardRecord? mine = null;
        lock (s_lock)
        {
            foreach (var old in s_records)
            {
                if (old.Owner.IsAlive || Volatile.Read(ref old.Top) != 0) continue;
                old.Owner = Thread.CurrentThread;
                mine = old;
                break;
            }
            if (s_records.Length > 0) FenceAll();
            if (mine is null)
            {
                // Fenced and Unfenced are set before the record is published (the array's release store).
                bool first = s_records.Length == 0;
                mine = new KernelGuardRecord { Fenced = !first, Unfenced = first };
                Volatile.Write(ref s_records, [.. s_records, mine]);
            }
            t_record = mine;
        }
        // After publishing, before this thread's first entry reads a closing bit: a retirer that did not see the record
        // in its scan fenced (its interlocked operation) before that read, so the entry sees the bit (Dekker's pattern).
        Interlocked.MemoryBarrier();
        return mine;
    }
}
