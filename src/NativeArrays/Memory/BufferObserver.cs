namespace NativeArrays.Memory;

/// <summary>
/// Receives the life events of tracked buffers. Memory knows no observer by name: the tracker (Diagnostics, one layer up)
/// installs itself once at module load, so the layering stays one-way and an untracked buffer pays nothing (the
/// buffer checks its own <c>_tracked</c> flag before reading <see cref="BufferEvents.Observer"/>).
/// </summary>
internal interface IBufferObserver
{
    /// <summary>A tracked buffer was allocated or wrapped.</summary>
    void OnAllocated(NativeBuffer buffer);

    /// <summary>A tracked buffer was freed; <paramref name="leaked"/> when its finalizer did it with leases still out.</summary>
    void OnFreed(NativeBuffer buffer, bool leaked);

    /// <summary>A tracked buffer was disposed and parked in the <see cref="BufferCache"/> (no longer live; its memory is held).</summary>
    void OnCached(NativeBuffer buffer);
}

/// <summary>The one buffer observer of the process (the allocation tracker), set once at start-up.</summary>
internal static class BufferEvents
{
    private static IBufferObserver? s_observer;

    /// <summary>The installed observer, or null before installation.</summary>
    internal static IBufferObserver? Observer => Volatile.Read(ref s_observer);

    /// <summary>Installs <paramref name="observer"/> unless one is already installed; returns whether it was installed.</summary>
    internal static bool Install(IBufferObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        return Interlocked.CompareExchange(ref s_observer, observer, null) is null;
    }
}
