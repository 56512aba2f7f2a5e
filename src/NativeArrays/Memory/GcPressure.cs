namespace NativeArrays.Memory;

/// <summary>
/// Tells the GC how much native memory the live buffers hold, on a budget: <see cref="GC.AddMemoryPressure"/> can
/// induce a blocking gen-2 collection, so calling it for every large buffer (as a naive SafeHandle does) costs one full
/// GC per allocation in a loop that allocates and disposes. Here the reported amount only grows when the live footprint
/// exceeds it by a step (16 MiB or a quarter of it, whichever is larger), and only shrinks when the live footprint fell
/// below half of it, at most once per second. A loop whose live memory stays bounded therefore reports once; memory
/// that really grows (undisposed arrays waiting for their finalizer included) is still reported and drives collections.
/// </summary>
/// <remarks>
/// Each thread sums its own changes and adds them to the shared count once they reach <see cref="ThreadBatchBytes"/>
/// either way (or at once for a buffer of that size or more): an interlocked add per small buffer cost more than the
/// rest of its bookkeeping (two adds and two reads per allocate/free pair, ~24 ns). Nothing pending is lost: a thread's
/// sum lives in a small finalizable object only that thread refers to, so when the thread ends its finalizer adds the
/// sum to the shared count; the finalizer thread, which frees leaked buffers, does not batch (<see cref="RemoveNow"/>).
/// The shared count is therefore off by less than <see cref="ThreadBatchBytes"/> per live thread, far below the 16 MiB
/// step; it only drives the pressure reported to the GC, never the tracker's or the inspector's counts, which stay
/// exact. The static fields <c>s_live</c> and <c>s_reported</c> are read by tests and diagnostics.
/// </remarks>
internal static class GcPressure
{
    /// <summary>Smallest growth reported at once.</summary>
    public const long MinStep = 16L << 20;
    /// <summary>Largest change a thread keeps to itself before adding it to the shared count.</summary>
    public const long ThreadBatchBytes = 256L << 10;
    private const long ShrinkIntervalMs = 1000;

    private static long s_live;
    private static long s_reported;
    private static long s_lastShrink;
    private static readonly object s_lock = new();
    [ThreadStatic] private static ThreadPending? t_pending;

    /// <summary>A thread's change not yet in the shared count; handed over by its finalizer when the thread has ended.</summary>
    private sealed class ThreadPending
    {
        public long Bytes;

        ~ThreadPending()
        {
            // Only the ended thread referred to this object: no one writes Bytes any more.
            if (Bytes != 0) Interlocked.Add(ref s_live, Bytes);
        }
    }

    /// <summary>Footprint bytes of live buffers, as the GC is told about them (each thread's last changes below the batch not yet in).</summary>
    public static long Live => Volatile.Read(ref s_live);
    /// <summary>Bytes currently reported to the GC.</summary>
    public static long Reported => Volatile.Read(ref s_reported);
    /// <summary>This thread's change not yet in <see cref="Live"/> (for tests).</summary>
    internal static long PendingOnThisThread => t_pending?.Bytes ?? 0;

    private static ThreadPending Pending() => t_pending ??= new ThreadPending();

    /// <summary>Counts <paramref name="bytes"/> more native memory.</summary>
    public static void Add(long bytes)
    {
        var cell = t_pending ?? Pending();
        long pending = cell.Bytes + bytes;
        if (pending < ThreadBatchBytes)
        {
            cell.Bytes = pending;
            return;
        }
        cell.Bytes = 0;
        long live = Interlocked.Add(ref s_live, pending);
        long reported = Volatile.Read(ref s_reported);
        if (live - reported >= Math.Max(MinStep, reported / 4)) Adjust();
    }

    /// <summary>Counts <paramref name="bytes"/> less native memory.</summary>
    public static void Remove(long bytes)
    {
        var cell = t_pending ?? Pending();
        long pending = cell.Bytes - bytes;
        if (pending > -ThreadBatchBytes)
        {
            cell.Bytes = pending;
            return;
        }
        cell.Bytes = 0;
        Removed(Interlocked.Add(ref s_live, pending));
    }

    /// <summary>
    /// Counts <paramref name="bytes"/> less at once, without this thread's batch: for the finalizer thread, whose frees
    /// would otherwise wait there for a batch that only leaks fill.
    /// </summary>
    public static void RemoveNow(long bytes) => Removed(Interlocked.Add(ref s_live, -bytes));

    private static void Removed(long live)
    {
        long reported = Volatile.Read(ref s_reported);
        if (reported > 0 && live < reported / 2 && Environment.TickCount64 - Volatile.Read(ref s_lastShrink) >= ShrinkIntervalMs) Adjust();
    }

    private static void Adjust()
    {
        long grow = 0, shrink = 0;
        lock (s_lock)
        {
            long live = Math.Max(0, Volatile.Read(ref s_live));
            long reported = s_reported;
            if (live - reported >= Math.Max(MinStep, reported / 4)) grow = live - reported;
            else if (live < reported / 2 && Environment.TickCount64 - s_lastShrink >= ShrinkIntervalMs)
            {
                shrink = reported - live;
                Volatile.Write(ref s_lastShrink, Environment.TickCount64);
            }
            Volatile.Write(ref s_reported, reported + grow - shrink);
        }
        // Outside the lock: AddMemoryPressure may run a collection, whose finalizers may free buffers (and call Remove).
        if (grow > 0) GC.AddMemoryPressure(grow);
        if (shrink > 0) GC.RemoveMemoryPressure(shrink);
    }
}
