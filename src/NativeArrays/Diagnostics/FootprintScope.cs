using NativeArrays.Memory;

namespace NativeArrays.Diagnostics;

/// <summary>What happened to native memory between two tracker snapshots (process-wide, all threads).</summary>
/// <param name="BuffersAllocated">Buffers allocated in the scope.</param>
/// <param name="BytesAllocated">Bytes allocated in the scope.</param>
/// <param name="LiveBuffersDelta">Change of live buffers (allocated minus freed).</param>
/// <param name="LiveBytesDelta">Change of live heap native bytes.</param>
/// <param name="LeaksDetected">Leaks reported by finalizers in the scope.</param>
/// <param name="Copies">Copies by operation name made in the scope (operations with none are left out).</param>
public sealed record FootprintDelta(long BuffersAllocated, long BytesAllocated, long LiveBuffersDelta, long LiveBytesDelta,
    long LeaksDetected, IReadOnlyDictionary<string, long> Copies)
{
    /// <summary>The difference <paramref name="after"/> − <paramref name="before"/>.</summary>
    public static FootprintDelta Between(TrackerSnapshot before, TrackerSnapshot after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var copies = new Dictionary<string, long>();
        foreach (var (op, n) in after.Copies)
        {
            long d = n - before.CopiesOf(op);
            if (d != 0) copies[op] = d;
        }
        return new(after.TotalAllocations - before.TotalAllocations, after.TotalBytesAllocated - before.TotalBytesAllocated,
            after.LiveBuffers - before.LiveBuffers, after.LiveBytes - before.LiveBytes, after.LeaksDetected - before.LeaksDetected, copies)
        {
            TemporaryArrays = after.TemporaryArrays - before.TemporaryArrays,
            TemporaryBytes = after.TemporaryBytes - before.TemporaryBytes,
            PeakScopedBytes = after.PeakScopedBytes,
        };
    }

    /// <summary>Arrays disposed by the end of an <see cref="NDScope"/> in the scope (temporaries).</summary>
    public long TemporaryArrays { get; init; }
    /// <summary>Heap native bytes of the owners among <see cref="TemporaryArrays"/>.</summary>
    public long TemporaryBytes { get; init; }
    /// <summary>
    /// The tracker's peak of bytes held by open scopes at the end of the measurement (the temporaries' peak;
    /// <see cref="FootprintScope.Begin"/> does not reset it: call <see cref="AllocationTracker.ResetPeak"/> first to measure one block).
    /// </summary>
    public long PeakScopedBytes { get; init; }

    /// <summary>One line: allocations, bytes, live change, copies, leaks.</summary>
    public override string ToString() =>
        $"{BuffersAllocated} buffer(s) / {BytesAllocated} B allocated, live {LiveBuffersDelta:+#;-#;0} buffer(s) / {LiveBytesDelta:+#;-#;0} B, " +
        $"copies: {(Copies.Count == 0 ? "none" : string.Join(", ", Copies.Select(kv => $"{kv.Key}×{kv.Value}")))}, leaks: {LeaksDetected}" +
        (TemporaryArrays == 0 ? "" : $", temporaries: {TemporaryArrays} array(s) / {TemporaryBytes} B freed by scopes (peak {PeakScopedBytes} B held)");
}

/// <summary>
/// Measures the native-memory footprint of a block of code from the allocation tracker:
/// <code>
/// using var scope = FootprintScope.Begin();
/// using var view = array[1.., ..2];
/// Assert.That(scope.Delta.BytesAllocated, Is.Zero);   // a view allocates no native memory
/// </code>
/// The tracker is process-wide: code running on other threads in the meantime is counted too.
/// For a heap-level proof (which objects hold which buffers) use the inspector tool.
/// </summary>
public sealed class FootprintScope : IDisposable
{
    private readonly TrackerSnapshot _start;
    private FootprintDelta? _final;

    private FootprintScope() => _start = AllocationTracker.Snapshot();

    /// <summary>Starts measuring now.</summary>
    public static FootprintScope Begin() => new();

    /// <summary>The change since <see cref="Begin"/> (frozen at <see cref="Dispose"/>).</summary>
    public FootprintDelta Delta => _final ?? FootprintDelta.Between(_start, AllocationTracker.Snapshot());

    /// <summary>Freezes <see cref="Delta"/>.</summary>
    public void Dispose() => _final ??= FootprintDelta.Between(_start, AllocationTracker.Snapshot());
}
