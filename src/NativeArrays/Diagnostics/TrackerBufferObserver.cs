using System.Runtime.CompilerServices;
using NativeArrays.Memory;

namespace NativeArrays.Diagnostics;

/// <summary>
/// Forwards the buffer events of Memory to <see cref="AllocationTracker"/>'s counters: the tracker observes Memory
/// through <see cref="IBufferObserver"/>, Memory does not name the tracker (layers point one way).
/// </summary>
internal sealed class TrackerBufferObserver : IBufferObserver
{
    public void OnAllocated(NativeBuffer buffer) => AllocationTracker.OnAllocated(buffer);
    public void OnFreed(NativeBuffer buffer, bool leaked) => AllocationTracker.OnFreed(buffer, leaked);
    public void OnCached(NativeBuffer buffer) => AllocationTracker.OnFreed(buffer, leaked: false);

    /// <summary>
    /// Installs the tracker when the library loads, before any buffer exists. Touches no tracker state, so the Meter
    /// and the counters are still created on first use, as before.
    /// </summary>
#pragma warning disable CA2255 // The initializer wires two layers of this library together; it runs no user-visible code.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Install() => BufferEvents.Install(new TrackerBufferObserver());
}
