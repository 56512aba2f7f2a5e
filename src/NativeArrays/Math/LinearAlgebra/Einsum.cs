using System.Numerics;
using System.Runtime.CompilerServices;
using NativeArrays.Kernels;
using NativeArrays.Layout;

namespace NativeArrays;

/// <summary>
/// <c>np.einsum</c> for one or two operands. The subscripts are parsed into labels per axis (a label repeated in
/// one operand takes its diagonal by adding the strides, '...' axes broadcast right-aligned, a length-1 axis
/// broadcasts against the same label in the other operand with stride 0): every operand stays a view. Then
/// <list type="bullet">
/// <item>labels of one operand that are neither in the output nor in the other operand are summed out of that
/// operand first (a one-operand einsum into a compact temporary);</item>
/// <item>the labels both operands share and the output lacks are the contraction: merged into one k axis when
/// their strides allow (else both operands are copied once with those axes innermost / outermost), and the output
/// labels become the batch (in both), row (only in the first) and column (only in the second) axes of the
/// batched GEMM driver;</item>
/// <item>one operand: its summed labels are contracted against a vector of ones (matrix·vector kernels), or, when
/// nothing is summed, the view is copied.</item>
/// </list>
/// Integers wrap on overflow in their own type, as NumPy's einsum does.
/// </summary>
[SkipLocalsInit]
internal static unsafe class EinsumApi
{
    private const int Ellipsis = -1;

    /// <summary>One distinct label of an operand: its length and element stride (0 when broadcast).</summary>
    private struct Axis
    {
        public int Label;
        public nint Length, Stride;
    }

    /// <summary>An operand as labelled axes over a view of <see cref="Array"/> (strides relative to its offset).</summary>
    private sealed class Term<T>(NDArray<T> array, Axis[] axes, bool owned) : IDisposable where T : unmanaged
    {
        public readonly NDArray<T> Array = array;
        public readonly Axis[] Axes = axes;

        public int Find(int label) => System.Array.FindIndex(Axes, x => x.Label == label);

        public void Dispose()
        {
            if (owned) Array.Dispose();
        }
    }

    public static NDArray<T> Compute<T>(string subscripts, NDArray<T> a, NDArray<T>? b) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(subscripts);
        ArgumentNullException.ThrowIfNull(a);
        Contraction.CheckElementType<T>("Einsum");
        NDArray<T>[] operands = b is null ? [a] : [a, b];
        var plan = Parse(subscripts, operands, out int[] output, out nint[] shape);
        Term<T>? x = plan[0], y = plan.Length > 1 ? plan[1] : null;
        var result = NDArray<T>.Allocate(shape, zero: false);
        try
        {
            if (y is null) Reduce(x, output, result);
            else Contract(x, y, output, result);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    // ---- Parsing ------------------------------------------------------------------------------------------------

    private static ArgumentException Bad(string subscripts, string why) => new($"Einsum '{subscripts}': {why}.", nameof(subscripts));

    private static string Name(int label) => label >= 'A' ? $"'{(char)label}'" : $"'...' axis {label}";

    /// <summary>Letters (as their codes) and <see cref="Ellipsis"/> of one term; spaces are ignored.</summary>
    private static List<int> ParseTerm(string subscripts, string term, string where)
    {
        var items = new List<int>();
        for (int i = 0; i < term.Length; i++)
        {
            char c = term[i];
            if (c == ' ') continue;
            if (c == '.')
            {
                if (i + 2 < term.Length && term[i + 1] == '.' && term[i + 2] == '.')
                {
                    if (items.Contains(Ellipsis)) throw Bad(subscripts, $"{where} has more than one ellipsis ('...')");
                    items.Add(Ellipsis);
                    i += 2;
                    continue;
                }
                throw Bad(subscripts, $"{where} has a '.' that is not part of an ellipsis ('...')");
            }
            if (!char.IsAsciiLetter(c)) throw Bad(subscripts, $"{where} has the invalid subscript '{c}' (subscripts are the letters a-z and A-Z)");
            items.Add(c);
        }
        return items;
    }

    private static Term<T>[] Parse<T>(string s, NDArray<T>[] operands, out int[] output, out nint[] shape) where T : unmanaged
    {
        int arrow = s.IndexOf("->", StringComparison.Ordinal);
        string inputs = arrow >= 0 ? s[..arrow] : s;
        string? outputText = arrow >= 0 ? s[(arrow + 2)..] : null;
        if (inputs.IndexOfAny(['-', '>']) >= 0 || (outputText is not null && outputText.IndexOfAny(['-', '>']) >= 0))
            throw Bad(s, "a '-' or '>' that is not a single '->' before the output subscripts");
        string[] terms = inputs.Split(',');
        if (terms.Length != operands.Length)
            throw Bad(s, $"the subscripts name {terms.Length} operand(s), but {operands.Length} were given");

        // Labels per axis; '...' axes get the labels 0..E-1, right-aligned over the operands.
        var items = new List<int>[operands.Length];
        var ellipsisRanks = new int[operands.Length];
        int e = 0;
        for (int i = 0; i < operands.Length; i++)
        {
            items[i] = ParseTerm(s, terms[i], $"operand {i}");
            int letters = items[i].Count(x => x != Ellipsis), rank = operands[i].Rank;
            bool ellipsis = items[i].Contains(Ellipsis);
            if (ellipsis ? rank < letters : rank != letters)
                throw Bad(s, $"operand {i} has shape {NDLayout.ShapeText(operands[i].Shape)} ({rank} axes), but its subscripts '{terms[i]}' name {letters}"
                    + (!ellipsis && rank > letters ? "; add '...' to broadcast the extra axes" : ""));
            ellipsisRanks[i] = ellipsis ? rank - letters : 0;
            e = Math.Max(e, ellipsisRanks[i]);
        }

        var counts = new Dictionary<int, int>();
        var lengths = new Dictionary<int, (nint Length, int Operand)>();
        var terms2 = new Term<T>[operands.Length];
        for (int i = 0; i < operands.Length; i++)
        {
            var array = operands[i];
            ReadOnlySpan<nint> dims = array.Shape, strides = array.Strides;
            var axes = new List<Axis>();
            int d = 0;
            foreach (int item in items[i])
            {
                int count = item == Ellipsis ? ellipsisRanks[i] : 1;
                for (int j = 0; j < count; j++, d++)
                {
                    int label = item == Ellipsis ? e - ellipsisRanks[i] + j : item;
                    counts[label] = counts.GetValueOrDefault(label) + 1;
                    int at = axes.FindIndex(x => x.Label == label);
                    if (at < 0)
                    {
                        axes.Add(new Axis { Label = label, Length = dims[d], Stride = strides[d] });
                        continue;
                    }
                    if (axes[at].Length != dims[d])
                        throw Bad(s, $"operand {i} of shape {NDLayout.ShapeText(dims)} repeats subscript {Name(label)} on axes of lengths {axes[at].Length} and {dims[d]} (a repeated subscript takes a diagonal, so the lengths must match)");
                    var merged = axes[at];
                    merged.Stride += strides[d];
                    axes[at] = merged;
                }
            }
            foreach (var axis in axes)
            {
                if (!lengths.TryGetValue(axis.Label, out var known) || known.Length == 1) lengths[axis.Label] = (axis.Length, i);
                else if (axis.Length != 1 && axis.Length != known.Length)
                    throw Bad(s, $"subscript {Name(axis.Label)} has length {known.Length} in operand {known.Operand} (shape {NDLayout.ShapeText(operands[known.Operand].Shape)}) but {axis.Length} in operand {i} (shape {NDLayout.ShapeText(dims)}); lengths must match or be 1 (broadcast)");
            }
            terms2[i] = new Term<T>(array, axes.ToArray(), owned: false);
        }
        // Length-1 axes broadcast against the other operand's length.
        foreach (var term in terms2)
            for (int j = 0; j < term.Axes.Length; j++)
                if (term.Axes[j].Length != lengths[term.Axes[j].Label].Length)
                {
                    term.Axes[j].Length = lengths[term.Axes[j].Label].Length;
                    term.Axes[j].Stride = 0;
                }

        var result = new List<int>();
        if (outputText is null)
        {
            for (int j = 0; j < e; j++) result.Add(j);
            result.AddRange(counts.Where(p => p.Key >= 'A' && p.Value == 1).Select(p => p.Key).Order());
        }
        else
        {
            var outItems = ParseTerm(s, outputText, "the output");
            foreach (int item in outItems)
            {
                if (item == Ellipsis)
                {
                    for (int j = 0; j < e; j++) result.Add(j);
                    continue;
                }
                if (!counts.ContainsKey(item)) throw Bad(s, $"the output subscript '{(char)item}' appears in no operand");
                if (result.Contains(item)) throw Bad(s, $"the output subscript '{(char)item}' appears more than once");
                result.Add(item);
            }
            if (e > 0 && !outItems.Contains(Ellipsis))
                throw Bad(s, $"the operands have {e} '...' axes but the output has no '...' to hold them");
        }
        if (result.Count > NDLayout.MaxRank)
            throw Bad(s, $"the result would have rank {result.Count}, above the maximum {NDLayout.MaxRank}");
        output = result.ToArray();
        shape = result.Select(l => lengths[l].Length).ToArray();
        return terms2;
    }

    // ---- Execution ----------------------------------------------------------------------------------------------

    /// <summary>The contraction axes (label, length, stride in x, stride in y) merged into one when their strides allow.</summary>
    private static bool Merge(List<(nint Length, nint X, nint Y)> k, out nint length, out nint xStep, out nint yStep)
    {
        length = 1;
        xStep = yStep = 0;
        if (k.Any(a => a.Length == 0))
        {
            length = 0;
            return true;
        }
        var rest = k.Where(a => a.Length != 1).OrderByDescending(a => Math.Abs(a.X)).ThenByDescending(a => Math.Abs(a.Y)).ToList();
        if (rest.Count == 0) return true;
        (length, xStep, yStep) = rest[0];
        for (int i = 1; i < rest.Count; i++)
        {
            var (n, x, y) = rest[i];
            if (xStep != x * n || yStep != y * n) return false;
            length *= n;
            xStep = x;
            yStep = y;
        }
        return true;
    }

    /// <summary>A compact C-order copy of <paramref name="term"/> with its axes in <paramref name="order"/> (labels).</summary>
    private static Term<T> CopyAs<T>(Term<T> term, IEnumerable<int> order) where T : unmanaged
    {
        var axes = order.Select(l => term.Axes[term.Find(l)]).ToArray();
        using var view = term.Array.AsStrided(axes.Select(a => a.Length).ToArray(), axes.Select(a => a.Stride).ToArray(), writable: false);
        var copy = view.Copy();
        for (int d = 0; d < axes.Length; d++) axes[d].Stride = copy.Strides[d];
        return new Term<T>(copy, axes, owned: true);
    }

    /// <summary>One operand: <paramref name="destination"/> = the sum of <paramref name="x"/> over its labels not in <paramref name="output"/>.</summary>
    private static void Reduce<T>(Term<T> x, int[] output, NDArray<T> destination) where T : unmanaged, INumber<T>
    {
        var summed = x.Axes.Where(a => !output.Contains(a.Label)).ToList();
        if (summed.Count == 0)
        {
            using var source = Operands.Pin(x.Array, "a");
            using var d = Operands.Pin(destination, "destination");
            Span<nint> strides = stackalloc nint[output.Length];
            for (int i = 0; i < output.Length; i++) strides[i] = x.Axes[x.Find(output[i])].Stride;
            Elementwise.Copy<T>(d, new Operand(source.Pointer, strides));
            return;
        }
        Term<T>? copy = null;
        try
        {
            if (!Merge(summed.Select(a => (a.Length, a.Stride, (nint)0)).ToList(), out _, out _, out _))
                x = copy = CopyAs(x, output.Concat(summed.Select(a => a.Label)));
            summed = x.Axes.Where(a => !output.Contains(a.Label)).ToList();
            Merge(summed.Select(a => (a.Length, a.Stride, (nint)0)).ToList(), out nint k, out nint xStep, out _);
            // Σ over the merged k axis as a product with a vector of ones: the matrix·vector kernels do the sums.
            using var ones = NDArray<T>.Full(T.One, k);
            Span<ResultAxis> axes = stackalloc ResultAxis[output.Length];
            for (int i = 0; i < output.Length; i++) axes[i] = ResultAxis.Rows(x.Axes[x.Find(output[i])].Length, x.Axes[x.Find(output[i])].Stride);
            using var source = Operands.Pin(x.Array, "a");
            using var vector = Operands.Pin(ones, "ones");
            using var c = Operands.Pin(destination, "destination");
            Contraction.Execute(axes, k, (T*)source.Pointer, xStep, (T*)vector.Pointer, 1, c);
        }
        finally
        {
            copy?.Dispose();
        }
    }

    /// <summary>
    /// Sums out of <paramref name="x"/> the labels that neither <paramref name="output"/> nor <paramref name="other"/>
    /// has (into a compact temporary); returns <paramref name="x"/> itself when there are none.
    /// </summary>
    private static Term<T> SumPrivate<T>(Term<T> x, Term<T> other, int[] output) where T : unmanaged, INumber<T>
    {
        var keep = x.Axes.Where(a => output.Contains(a.Label) || other.Find(a.Label) >= 0).ToArray();
        if (keep.Length == x.Axes.Length) return x;
        var reduced = NDArray<T>.Allocate(keep.Select(a => a.Length).ToArray(), zero: false);
        try
        {
            Reduce(x, keep.Select(a => a.Label).ToArray(), reduced);
        }
        catch
        {
            reduced.Dispose();
            throw;
        }
        for (int d = 0; d < keep.Length; d++) keep[d].Stride = reduced.Strides[d];
        return new Term<T>(reduced, keep, owned: true);
    }

    /// <summary>Two operands: the batched GEMM over their shared labels.</summary>
    private static void Contract<T>(Term<T> x, Term<T> y, int[] output, NDArray<T> destination) where T : unmanaged, INumber<T>
    {
        var temporaries = new List<Term<T>>();
        try
        {
            var x1 = SumPrivate(x, y, output);
            if (x1 != x) temporaries.Add(x1);
            var y1 = SumPrivate(y, x1, output);
            if (y1 != y) temporaries.Add(y1);
            x = x1;
            y = y1;
            List<(nint, nint, nint)> Shared() => x.Axes.Where(a => !output.Contains(a.Label))
                .Select(a => (a.Length, a.Stride, y.Axes[y.Find(a.Label)].Stride)).ToList();
            if (!Merge(Shared(), out _, out _, out _))
            {
                // Strides that do not chain: one compact copy of each with the contraction innermost in x, outermost in y.
                var shared = x.Axes.Where(a => !output.Contains(a.Label)).Select(a => a.Label).ToArray();
                x = CopyAs(x, x.Axes.Select(a => a.Label).Except(shared).Concat(shared));
                temporaries.Add(x);
                y = CopyAs(y, shared.Concat(y.Axes.Select(a => a.Label).Except(shared)));
                temporaries.Add(y);
            }
            Merge(Shared(), out nint k, out nint xStep, out nint yStep);
            Span<ResultAxis> axes = stackalloc ResultAxis[output.Length];
            for (int i = 0; i < output.Length; i++)
            {
                int ix = x.Find(output[i]), iy = y.Find(output[i]);
                axes[i] = ix >= 0 && iy >= 0 ? ResultAxis.Batch(x.Axes[ix].Length, x.Axes[ix].Stride, y.Axes[iy].Stride)
                    : ix >= 0 ? ResultAxis.Rows(x.Axes[ix].Length, x.Axes[ix].Stride)
                    : ResultAxis.Columns(y.Axes[iy].Length, y.Axes[iy].Stride);
            }
            using var a = Operands.Pin(x.Array, "a");
            using var b = Operands.Pin(y.Array, "b");
            using var c = Operands.Pin(destination, "destination");
            Contraction.Execute(axes, k, (T*)a.Pointer, xStep, (T*)b.Pointer, yStep, c);
        }
        finally
        {
            foreach (var t in temporaries) t.Dispose();
        }
    }
}
