using System.Globalization;

namespace NativeArrays.Inspection;

/// <summary>Human-readable numbers used by reports and verdicts.</summary>
public static class Format
{
    /// <summary>Bytes in binary units with the exact count for small values: "512 B", "3.8 MiB (4,000,000 B)".</summary>
    public static string Bytes(long bytes)
    {
        var inv = CultureInfo.InvariantCulture;
        long abs = Math.Abs(bytes);
        if (abs < 1024) return bytes.ToString("N0", inv) + " B";
        string[] units = ["KiB", "MiB", "GiB", "TiB"];
        double v = bytes;
        int u = -1;
        while (Math.Abs(v) >= 1024 && u < units.Length - 1) { v /= 1024; u++; }
        return $"{v.ToString("0.0", inv)} {units[u]} ({bytes.ToString("N0", inv)} B)";
    }

    /// <summary>An integer with thousands separators.</summary>
    public static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
