using System.Globalization;
using System.Text;
using NativeArrays.Common;
using NativeArrays.Layout;

namespace NativeArrays.Arrays;

/// <summary>
/// NumPy-style text of an array (<c>str(a)</c> with default print options): nested brackets, decimal points aligned,
/// scientific notation when magnitudes call for it, lines wrapped at 75 columns, <c>...</c> past 1000 elements.
/// </summary>
internal static class ArrayFormatter
{
    public const int Threshold = 1000;
    public const int EdgeItems = 3;
    public const int LineWidth = 75;
    private const int Precision = 8;

    public static string Format<T>(NDArray<T> array) where T : unmanaged
    {
        if (array.Size == 0) return "[]";
        bool summarize = array.Size > Threshold;
        var texts = FormatElements(ShownValues(array, summarize));
        if (array.Rank == 0) return texts[0].Trim();
        int pos = 0;
        return Recurse(texts, array.Shape, 0, " ", LineWidth, ref pos, summarize);
    }

    /// <summary>NumPy's <c>_formatArray</c>: hanging indents, widths shrinking by one per level for the closing brackets.</summary>
    private static string Recurse(string[] texts, ReadOnlySpan<nint> shape, int axis, string hanging, int width, ref int pos, bool summarize)
    {
        int rank = shape.Length;
        nint n = shape[axis];
        bool cut = summarize && n > 2 * EdgeItems;
        nint leading = cut ? EdgeItems : 0, trailing = cut ? EdgeItems : n;
        string nextHanging = hanging + " ";
        var s = new StringBuilder();
        if (axis == rank - 1)
        {
            var line = new StringBuilder(hanging);
            int elementWidth = width - 1; // room for the closing bracket
            for (nint i = 0; i < leading; i++) { Extend(s, line, texts[pos++], elementWidth, hanging); line.Append(' '); }
            if (cut) { Extend(s, line, "...", elementWidth, hanging); line.Append(' '); }
            for (nint i = trailing; i > 1; i--) { Extend(s, line, texts[pos++], elementWidth, hanging); line.Append(' '); }
            Extend(s, line, texts[pos++], elementWidth, hanging);
            s.Append(line);
        }
        else
        {
            string lineSep = new('\n', rank - axis - 1);
            for (nint i = 0; i < leading; i++)
                s.Append(hanging).Append(Recurse(texts, shape, axis + 1, nextHanging, width - 1, ref pos, summarize)).Append(lineSep);
            if (cut) s.Append(hanging).Append("...").Append(lineSep);
            for (nint i = trailing; i > 1; i--)
                s.Append(hanging).Append(Recurse(texts, shape, axis + 1, nextHanging, width - 1, ref pos, summarize)).Append(lineSep);
            s.Append(hanging).Append(Recurse(texts, shape, axis + 1, nextHanging, width - 1, ref pos, summarize));
        }
        return "[" + s.ToString(hanging.Length, s.Length - hanging.Length) + "]";
    }

    private static void Extend(StringBuilder s, StringBuilder line, string word, int width, string prefix)
    {
        bool wrap = line.Length + word.Length > width && line.Length > prefix.Length;
        if (wrap)
        {
            s.Append(line.ToString().TrimEnd()).Append('\n');
            line.Clear().Append(prefix);
        }
        line.Append(word);
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

    /// <summary>Every element's text, padded to a common width (floats: aligned on the decimal point).</summary>
    private static string[] FormatElements<T>(List<T> values) where T : unmanaged
    {
        var kind = ElementTypes.Of<T>().Kind;
        if (kind == ElementKind.Bool)
            return values.Select(v => ((bool)(object)v ? "True" : "False").PadLeft(5)).ToArray();
        if (kind != ElementKind.Float)
        {
            var raw = values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "").ToArray();
            int w = raw.Max(t => t.Length);
            return raw.Select(t => t.PadLeft(w)).ToArray();
        }
        var d = values.Select(v => ElementConverter.ToDouble(v)).ToArray();
        var finite = d.Where(double.IsFinite).Select(Math.Abs).Where(x => x != 0).ToArray();
        bool scientific = finite.Length > 0 && (finite.Max() >= 1e16 || finite.Min() < 1e-4 || finite.Max() / finite.Min() > 1e3);
        var parts = d.Select(x => double.IsFinite(x) ? Split(Text(x, typeof(T), scientific), scientific) : (Whole: Special(x), Frac: "", Exp: "")).ToArray();
        int intWidth = parts.Where((p, i) => double.IsFinite(d[i])).Select(p => p.Whole.Length).DefaultIfEmpty(0).Max();
        int fracWidth = parts.Where((p, i) => double.IsFinite(d[i])).Select(p => p.Frac.Length).DefaultIfEmpty(0).Max();
        int expWidth = parts.Select(p => p.Exp.Length).DefaultIfEmpty(0).Max();
        int total = Math.Max(intWidth + 1 + fracWidth + expWidth, parts.Where((p, i) => !double.IsFinite(d[i])).Select(p => p.Whole.Length).DefaultIfEmpty(0).Max());
        return parts.Select((p, i) => double.IsFinite(d[i])
            ? (p.Whole.PadLeft(intWidth) + "." + p.Frac.PadRight(fracWidth, scientific ? '0' : ' ') + p.Exp.PadLeft(expWidth)).PadLeft(total)
            : p.Whole.PadLeft(total)).ToArray();
    }

    private static string Special(double x) => double.IsNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";

    /// <summary>The shortest text that round-trips in the element's own precision, at most 8 fraction digits.</summary>
    private static string Text(double x, Type type, bool scientific)
    {
        var inv = CultureInfo.InvariantCulture;
        if (scientific) return x.ToString("0.########e+00", inv);
        string shortest = type == typeof(double) ? x.ToString("R", inv) : ((float)x).ToString("R", inv);
        if (shortest.Contains('E') || (shortest.IndexOf('.') is int dot && dot >= 0 && shortest.Length - dot - 1 > Precision))
            return x.ToString("0.########", inv);
        return shortest;
    }

    private static (string Whole, string Frac, string Exp) Split(string text, bool scientific)
    {
        string exp = "";
        if (scientific)
        {
            int e = text.IndexOf('e');
            exp = text[e..];
            text = text[..e];
        }
        int dot = text.IndexOf('.');
        return dot < 0 ? (text, "", exp) : (text[..dot], text[(dot + 1)..], exp);
    }
}
