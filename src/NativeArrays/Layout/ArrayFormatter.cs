using System.Globalization;
using System.Text;

namespace NativeArrays.Layout;

/// <summary>NumPy-style text of an array: nested brackets, aligned columns, <c>...</c> past 1000 elements.</summary>
internal static class ArrayFormatter
{
    public const int Threshold = 1000;
    public const int EdgeItems = 3;

    public static string Format<T>(NDArray<T> array) where T : unmanaged
    {
        bool summarize = array.Size > Threshold;
        var values = ShownValues(array, summarize);
        bool isFloat = typeof(T) == typeof(float) || typeof(T) == typeof(double) || typeof(T) == typeof(Half);
        bool allIntegral = isFloat && values.All(v => double.IsNaN(ElementConverter.ToDouble(v)) || double.IsInfinity(ElementConverter.ToDouble(v)) || Math.Floor(ElementConverter.ToDouble(v)) == ElementConverter.ToDouble(v));
        var texts = values.Select(v => Text(v, isFloat, allIntegral)).ToArray();
        int width = texts.Length == 0 ? 0 : texts.Max(t => t.Length);
        var sb = new StringBuilder();
        int pos = 0;
        Write(sb, texts, width, array.Shape, 0, ref pos, summarize);
        if (array.Rank == 0) return texts[0];
        return sb.ToString();
    }

    /// <summary>The elements printed, in C order: all, or the first and last <see cref="EdgeItems"/> of each axis.</summary>
    private static List<T> ShownValues<T>(NDArray<T> array, bool summarize) where T : unmanaged
    {
        if (!summarize) return [.. array.ToArrayUncounted()];
        int rank = array.Rank;
        var axes = new nint[rank][];
        for (int d = 0; d < rank; d++)
        {
            nint n = array.Shape[d];
            axes[d] = n > 2 * EdgeItems
                ? [0, 1, 2, n - 3, n - 2, n - 1]
                : Enumerable.Range(0, (int)n).Select(i => (nint)i).ToArray();
        }
        var result = new List<T>();
        var index = new nint[rank];
        void Walk(int d)
        {
            if (d == rank) { result.Add(array.Get(index)); return; }
            foreach (nint i in axes[d]) { index[d] = i; Walk(d + 1); }
        }
        Walk(0);
        return result;
    }

    private static string Text<T>(T v, bool isFloat, bool allIntegral) where T : unmanaged
    {
        if (v is bool b) return b ? " True" : "False";
        if (!isFloat) return Convert.ToString(v, CultureInfo.InvariantCulture) ?? "";
        double d = ElementConverter.ToDouble(v);
        if (double.IsNaN(d)) return "nan";
        if (double.IsInfinity(d)) return d > 0 ? "inf" : "-inf";
        if (allIntegral) return d.ToString("0", CultureInfo.InvariantCulture) + ".";
        return typeof(T) == typeof(double) ? d.ToString("G8", CultureInfo.InvariantCulture) : ((float)d).ToString("G6", CultureInfo.InvariantCulture);
    }

    private static void Write(StringBuilder sb, string[] texts, int width, ReadOnlySpan<nint> shape, int axis, ref int pos, bool summarize)
    {
        if (axis == shape.Length) { sb.Append(texts[pos++].PadLeft(width)); return; }
        sb.Append('[');
        nint n = shape[axis];
        bool cut = summarize && n > 2 * EdgeItems;
        nint shown = cut ? 2 * EdgeItems : n;
        for (nint i = 0; i < shown; i++)
        {
            if (i > 0)
            {
                if (axis == shape.Length - 1) sb.Append(' ');
                else sb.Append(new string('\n', shape.Length - 1 - axis)).Append(' ', axis + 1);
            }
            if (cut && i == EdgeItems)
            {
                sb.Append("...");
                if (axis == shape.Length - 1) sb.Append(' ');
                else sb.Append(new string('\n', shape.Length - 1 - axis)).Append(' ', axis + 1);
            }
            Write(sb, texts, width, shape, axis + 1, ref pos, summarize);
        }
        sb.Append(']');
    }
}
