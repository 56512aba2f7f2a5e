namespace NativeArrays.Inspection;

/// <summary>
/// Footprint assertions for tests: snapshot the current process's heap with ClrMD (the same report as
/// <c>nativearrays-inspect inspect</c>) before and after a block, and compare.
/// </summary>
/// <example>
/// <code>
/// var before = HeapSnapshot.Capture();
/// using var view = array.Slice(10..20);
/// var delta = HeapSnapshot.Capture().Since(before);
/// Assert.That(delta.NativeBytes, Is.Zero);
/// Assert.That(delta.NewLeaks, Is.Empty);
/// </code>
/// Each capture writes a temporary heap dump of the process with the runtime's createdump (about a second, and a file
/// the size of the process's memory, deleted at once; nothing is printed); keep such tests few and non-parallel.
/// </example>
public static class HeapSnapshot
{
    /// <summary>Snapshots the current process and reports its NativeArrays footprint.</summary>
    public static FootprintReport Capture(AnalyzeOptions? options = null)
    {
        try
        {
            using var target = HeapTarget.OpenSelf();
            return FootprintAnalyzer.Analyze(target, options);
        }
        catch (InspectorException e) when (e.MayBeTransient)
        {
            // Another thread was allocating or freeing a buffer at the instant of the dump: take it once more.
            using var target = HeapTarget.OpenSelf();
            return FootprintAnalyzer.Analyze(target, options);
        }
    }

    /// <summary>What changed from <paramref name="before"/> to <paramref name="after"/>.</summary>
    public static HeapDelta Since(this FootprintReport after, FootprintReport before)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(before);
        var beforeIds = before.Buffers.Select(b => b.Id).ToHashSet();
        var afterIds = after.Buffers.Select(b => b.Id).ToHashSet();
        var beforeLeaks = before.Buffers.Where(b => !b.Reachable).Select(b => b.Id).ToHashSet();
        return new HeapDelta
        {
            NativeBytes = after.NativeBytes - before.NativeBytes,
            MappedBytes = after.MappedBytes - before.MappedBytes,
            ManagedBytes = after.ManagedBytes - before.ManagedBytes,
            ArrayObjects = after.ArrayObjects - before.ArrayObjects,
            LiveViews = after.LiveViews - before.LiveViews,
            NewBuffers = after.Buffers.Where(b => !beforeIds.Contains(b.Id)).ToList(),
            FreedBufferIds = before.Buffers.Where(b => !afterIds.Contains(b.Id)).Select(b => b.Id).ToList(),
            NewLeaks = after.Buffers.Where(b => !b.Reachable && !beforeLeaks.Contains(b.Id)).ToList(),
            RetainedBytes = after.RetainedBytes - before.RetainedBytes,
        };
    }

    /// <summary>The buffer with id <paramref name="id"/>, or null when it holds no memory in this report.</summary>
    public static BufferReport? Buffer(this FootprintReport report, long id)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Buffers.FirstOrDefault(b => b.Id == id);
    }
}

/// <summary>The difference between two <see cref="FootprintReport"/>s of the same process.</summary>
public sealed record HeapDelta
{
    /// <summary>Change of native heap bytes held by buffers.</summary>
    public long NativeBytes { get; init; }
    /// <summary>Change of memory-mapped bytes held by buffers.</summary>
    public long MappedBytes { get; init; }
    /// <summary>Change of managed bytes of the library's reachable objects.</summary>
    public long ManagedBytes { get; init; }
    /// <summary>Change of reachable array objects.</summary>
    public int ArrayObjects { get; init; }
    /// <summary>Change of live views.</summary>
    public int LiveViews { get; init; }
    /// <summary>Change of retained bytes.</summary>
    public long RetainedBytes { get; init; }
    /// <summary>Buffers holding memory now that did not exist before.</summary>
    public required IReadOnlyList<BufferReport> NewBuffers { get; init; }
    /// <summary>Buffers that held memory before and no longer do.</summary>
    public required IReadOnlyList<long> FreedBufferIds { get; init; }
    /// <summary>Leaked buffers that were not leaked before.</summary>
    public required IReadOnlyList<BufferReport> NewLeaks { get; init; }
}
