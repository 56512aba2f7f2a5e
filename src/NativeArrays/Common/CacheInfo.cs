using System.Globalization;

namespace NativeArrays.Common;

/// <summary>
/// The host's last-level data cache, as the operating system reports it: on Linux the highest-level data or unified
/// cache of CPU 0 in <c>/sys/devices/system/cpu/cpu0/cache</c>; elsewhere, or when that cannot be read, unknown.
/// </summary>
internal static class CacheInfo
{
    private const string CacheDirectory = "/sys/devices/system/cpu/cpu0/cache";

    /// <summary>The last-level cache's size in bytes, or null when the host does not say.</summary>
    public static long? LastLevelBytes { get; } = Read(CacheDirectory);

    /// <summary>
    /// Reads the highest-level data or unified cache under <paramref name="directory"/> (one <c>index*</c> folder per
    /// cache, each with <c>level</c>, <c>type</c> and <c>size</c> files). Null when none can be read.
    /// </summary>
    internal static long? Read(string directory)
    {
        try
        {
            if (!Directory.Exists(directory)) return null;
            int bestLevel = 0;
            long? best = null;
            foreach (string index in Directory.EnumerateDirectories(directory, "index*"))
            {
                string type = ReadText(Path.Combine(index, "type"));
                if (type != "Data" && type != "Unified") continue;
                if (!int.TryParse(ReadText(Path.Combine(index, "level")), NumberStyles.None, CultureInfo.InvariantCulture, out int level)) continue;
                if (ParseSize(ReadText(Path.Combine(index, "size"))) is not long bytes || level <= bestLevel) continue;
                bestLevel = level;
                best = bytes;
            }
            return best;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    private static string ReadText(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : "";

    /// <summary>Parses a sysfs cache size: a count of bytes with an optional K, M or G suffix ("32768K"). Null when malformed or not positive.</summary>
    internal static long? ParseSize(string text)
    {
        if (text.Length == 0) return null;
        long unit = char.ToUpperInvariant(text[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, 'G' => 1L << 30, _ => 1 };
        string digits = unit == 1 ? text : text[..^1];
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long count) || count <= 0 || count > long.MaxValue / unit) return null;
        return count * unit;
    }
}
