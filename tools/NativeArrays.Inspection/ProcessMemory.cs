using System.Globalization;

namespace NativeArrays.Inspection;

/// <summary>One mapping of a process (a line of <c>/proc/PID/smaps</c>) and how much of it is resident.</summary>
/// <param name="Start">First address.</param>
/// <param name="End">End address (exclusive).</param>
/// <param name="ResidentBytes">Bytes resident in RAM (<c>Rss</c>).</param>
/// <param name="Flags">The kernel's flags of the mapping (<c>VmFlags</c>), e.g. "rd wr mr mw me ac nh".</param>
public readonly record struct MappingResidency(ulong Start, ulong End, long ResidentBytes, string Flags);

/// <summary>
/// What the OS says about a process's memory (Linux): <c>RssAnon</c> and the resident bytes of the mappings that hold
/// given addresses. The second figure is the referee for native buffers: summed over the mappings that contain buffers
/// (the C heap, slabs, own mappings), it counts every byte the allocator touched for them, headers and padding included,
/// and nothing of the GC heap.
/// </summary>
public static class ProcessMemory
{
    /// <summary>RssAnon of this process in bytes (Linux), 0 elsewhere.</summary>
    public static long RssAnon()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (!line.StartsWith("RssAnon:", StringComparison.Ordinal)) continue;
                return long.Parse(line["RssAnon:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return 0;
    }

    /// <summary>The mappings of this process with their resident bytes, by start address (empty when unknown).</summary>
    public static IReadOnlyList<MappingResidency> Mappings()
    {
        var list = new List<MappingResidency>();
        try
        {
            ulong start = 0, end = 0;
            long rss = 0;
            bool open = false;
            foreach (var line in File.ReadLines("/proc/self/smaps"))
            {
                int dash = line.IndexOf('-');
                int space = line.IndexOf(' ');
                if (dash > 0 && space > dash && ulong.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var s)
                    && ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var e))
                {
                    (start, end, open) = (s, e, true);
                }
                else if (open && line.StartsWith("Rss:", StringComparison.Ordinal))
                {
                    rss = long.Parse(line["Rss:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
                else if (open && line.StartsWith("VmFlags:", StringComparison.Ordinal))
                {
                    list.Add(new MappingResidency(start, end, rss, line["VmFlags:".Length..].Trim()));
                    open = false;
                }
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        list.Sort((a, b) => a.Start.CompareTo(b.Start));
        return list;
    }

    /// <summary>
    /// Growth of the resident bytes of the mappings that hold <paramref name="addresses"/>: their resident bytes in
    /// <paramref name="after"/> minus the resident bytes, in <paramref name="before"/>, of every mapping that overlapped
    /// them with the same flags (the same kind of mapping, grown or merged; a mapping with other flags that was unmapped
    /// meanwhile and whose addresses were reused is a different mapping, and its bytes are not subtracted).
    /// </summary>
    public static long ResidentGrowthOfMappingsHolding(IReadOnlyList<MappingResidency> before, IReadOnlyList<MappingResidency> after,
        IEnumerable<ulong> addresses)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(addresses);
        var holding = new SortedSet<int>();
        foreach (var a in addresses)
        {
            int lo = 0, hi = after.Count - 1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >>> 1;
                if (after[mid].End <= a) lo = mid + 1;
                else if (after[mid].Start > a) hi = mid - 1;
                else { holding.Add(mid); break; }
            }
        }
        long grown = 0;
        foreach (int i in holding) grown += after[i].ResidentBytes;
        foreach (var b in before)
        {
            foreach (int i in holding)
            {
                if (b.Start < after[i].End && after[i].Start < b.End && b.Flags == after[i].Flags) { grown -= b.ResidentBytes; break; }
            }
        }
        return grown;
    }
}
