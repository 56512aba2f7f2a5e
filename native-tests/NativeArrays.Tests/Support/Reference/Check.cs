using NativeArrays.Memory;

namespace NativeArrays.Tests.Support.Reference;

/// <summary>Comparisons of library views against the reference model, failing with a message that names the context.</summary>
internal static class Check
{
    public static string Text(ReadOnlySpan<nint> s) => s.Length == 1 ? $"({s[0]},)" : "(" + string.Join(", ", s.ToArray()) + ")";

    public static bool SameShape(ReadOnlySpan<nint> actual, long[] expected)
    {
        if (actual.Length != expected.Length) return false;
        for (int i = 0; i < expected.Length; i++) if (actual[i] != expected[i]) return false;
        return true;
    }

    /// <summary>Every property of a class view against the reference: shape, flags, buffer, all elements by ToArray and Get, and the layout arithmetic.</summary>
    public static void View(NDArray<double> a, RefView v, NativeBuffer buffer, Func<string> context)
    {
        if (!SameShape(a.Shape, v.Shape))
            Assert.Fail($"shape {Text(a.Shape)} != reference {v.ShapeText()}\n{context()}");
        if (!ReferenceEquals(a.Buffer, buffer)) Assert.Fail($"view has another buffer (#{a.Buffer.Id} vs #{buffer.Id})\n{context()}");
        if (a.IsReadOnly != v.ReadOnly) Assert.Fail($"IsReadOnly {a.IsReadOnly} != reference {v.ReadOnly}\n{context()}");
        if (!a.IsView || a.OwnsData) Assert.Fail($"IsView {a.IsView} / OwnsData {a.OwnsData} for a view\n{context()}");
        if (a.Size != v.Size || a.Rank != v.Rank) Assert.Fail($"size/rank {a.Size}/{a.Rank} != {v.Size}/{v.Rank}\n{context()}");
        if (a.IsCContiguous != v.IsCContiguous()) Assert.Fail($"IsCContiguous {a.IsCContiguous} != brute force {v.IsCContiguous()} (strides {Text(a.Strides)})\n{context()}");
        if (a.IsFContiguous != v.IsFContiguous()) Assert.Fail($"IsFContiguous {a.IsFContiguous} != brute force {v.IsFContiguous()} (strides {Text(a.Strides)})\n{context()}");
        var values = a.ToArray();
        if (values.Length != v.Size) Assert.Fail($"ToArray length {values.Length} != {v.Size}\n{context()}");
        for (int i = 0; i < values.Length; i++)
            if (values[i] != v.Index[i])
                Assert.Fail($"ToArray()[{i}] = {values[i]}, reference base element {v.Index[i]}\nToArray: [{string.Join(",", values)}]\nref:     [{string.Join(",", v.Index)}]\n{context()}");
        Span<nint> m = stackalloc nint[v.Rank];
        Span<nint> neg = stackalloc nint[v.Rank];
        long k = 0;
        var strides = a.Strides;
        foreach (var mi in RefView.MultiIndices(v.Shape))
        {
            nint layoutOffset = a.Offset;
            for (int d = 0; d < mi.Length; d++)
            {
                m[d] = (nint)mi[d];
                neg[d] = (nint)(mi[d] - v.Shape[d]);
                layoutOffset += m[d] * strides[d];
            }
            long expect = v.Index[k++];
            if (layoutOffset != expect) Assert.Fail($"offset {a.Offset} + index·strides {Text(strides)} at {Text(m)} = {layoutOffset}, reference {expect}\n{context()}");
            double g = a.Get(m);
            if (g != expect) Assert.Fail($"Get{Text(m)} = {g}, reference {expect}\n{context()}");
            if ((k & 3) == 0 && a.Get(neg) != expect) Assert.Fail($"Get{Text(neg)} (negative) = {a.Get(neg)}, reference {expect}\n{context()}");
        }
    }

    /// <summary>A ref-struct view against the reference: shape, buffer and every element by At.</summary>
    public static void Span(ReadOnlyNDSpan<double> s, RefView v, NativeBuffer buffer, Func<string> context)
    {
        if (!SameShape(s.Shape, v.Shape)) Assert.Fail($"span shape {Text(s.Shape)} != reference {v.ShapeText()}\n{context()}");
        if (!ReferenceEquals(s.Buffer, buffer)) Assert.Fail($"span has another buffer\n{context()}");
        if (s.Size != v.Size || s.Rank != v.Rank) Assert.Fail($"span size/rank {s.Size}/{s.Rank} != {v.Size}/{v.Rank}\n{context()}");
        if (s.IsCContiguous != v.IsCContiguous()) Assert.Fail($"span IsCContiguous {s.IsCContiguous} != {v.IsCContiguous()}\n{context()}");
        Span<nint> m = stackalloc nint[v.Rank];
        long k = 0;
        foreach (var mi in RefView.MultiIndices(v.Shape))
        {
            for (int d = 0; d < mi.Length; d++) m[d] = (nint)mi[d];
            double g = s.At(m);
            if (g != v.Index[k]) Assert.Fail($"span At{Text(m)} = {g}, reference {v.Index[k]}\n{context()}");
            k++;
        }
    }

    public static void Span(NDSpan<double> s, RefView v, NativeBuffer buffer, Func<string> context)
    {
        if (!SameShape(s.Shape, v.Shape)) Assert.Fail($"NDSpan shape {Text(s.Shape)} != reference {v.ShapeText()}\n{context()}");
        if (!ReferenceEquals(s.Buffer, buffer)) Assert.Fail($"NDSpan has another buffer\n{context()}");
        Span<nint> m = stackalloc nint[v.Rank];
        long k = 0;
        foreach (var mi in RefView.MultiIndices(v.Shape))
        {
            for (int d = 0; d < mi.Length; d++) m[d] = (nint)mi[d];
            double g = s.At(m);
            if (g != v.Index[k]) Assert.Fail($"NDSpan At{Text(m)} = {g}, reference {v.Index[k]}\n{context()}");
            k++;
        }
    }
}
