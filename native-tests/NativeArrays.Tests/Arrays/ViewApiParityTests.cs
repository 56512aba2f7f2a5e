using static NativeArrays.SliceIndex;

// The chained array operations make intermediate views; every test runs them inside an NDScope, which disposes them.
#pragma warning disable NA0002

namespace NativeArrays.Tests.Arrays;

/// <summary>
/// The three view types (<see cref="NDArray{T}"/>, <see cref="NDSpan{T}"/>, <see cref="ReadOnlyNDSpan{T}"/>) forward
/// every view operation to one implementation: for each operation, on a source that is already a strided, offset
/// view, all three give the same shape, strides, element origin and elements, and the same exception for bad input.
/// </summary>
public unsafe class ViewApiParityTests
{
    public delegate NDArray<int> ArrayOp(NDArray<int> a);
    public delegate NDSpan<int> SpanOp(NDSpan<int> s);
    public delegate ReadOnlyNDSpan<int> ReadOnlySpanOp(ReadOnlyNDSpan<int> s);

    internal static TestCaseData Case(string name, ArrayOp array, SpanOp span, ReadOnlySpanOp readOnly) =>
        new TestCaseData(array, span, readOnly).SetArgDisplayNames(name);

    private static IEnumerable<TestCaseData> Operations()
    {
        yield return Case("indexer", a => a[1, .., Slice(step: -2)], s => s[1, .., Slice(step: -2)], s => s[1, .., Slice(step: -2)]);
        yield return Case("Slice NewAxis Ellipsis", a => a.Slice(NewAxis, Ellipsis, 1), s => s.Slice(NewAxis, Ellipsis, 1), s => s.Slice(NewAxis, Ellipsis, 1));
        yield return Case("Transpose", a => a.Transpose(), s => s.Transpose(), s => s.Transpose());
        yield return Case("Permute", a => a.Permute(1, 2, 0), s => s.Permute(1, 2, 0), s => s.Permute(1, 2, 0));
        yield return Case("SwapAxes", a => a.SwapAxes(0, -1), s => s.SwapAxes(0, -1), s => s.SwapAxes(0, -1));
        yield return Case("Reshape", a => a[0].Reshape(3, 2, 2), s => s[0].Reshape(3, 2, 2), s => s[0].Reshape(3, 2, 2));
        yield return Case("Reshape split", a => a.Reshape(2, 1, 3, -1), s => s.Reshape(2, 1, 3, -1), s => s.Reshape(2, 1, 3, -1));
        yield return Case("Squeeze all", a => a[.., 1..2].Squeeze(), s => s[.., 1..2].Squeeze(), s => s[.., 1..2].Squeeze());
        yield return Case("Squeeze axis", a => a[.., 1..2].Squeeze(1), s => s[.., 1..2].Squeeze(1), s => s[.., 1..2].Squeeze(1));
        yield return Case("ExpandDims", a => a.ExpandDims(-2), s => s.ExpandDims(-2), s => s.ExpandDims(-2));
        yield return Case("Flip all", a => a.Flip(), s => s.Flip(), s => s.Flip());
        yield return Case("Flip axis", a => a.Flip(1), s => s.Flip(1), s => s.Flip(1));
        yield return Case("Diagonal", a => a.Diagonal(1, 1, 2), s => s.Diagonal(1, 1, 2), s => s.Diagonal(1, 1, 2));
        yield return Case("Diagonal negative", a => a.Diagonal(-1, 2, 0), s => s.Diagonal(-1, 2, 0), s => s.Diagonal(-1, 2, 0));
        yield return Case("chain", a => a.Flip(0).Transpose()[1..].ExpandDims(0), s => s.Flip(0).Transpose()[1..].ExpandDims(0), s => s.Flip(0).Transpose()[1..].ExpandDims(0));
    }

    private static IEnumerable<TestCaseData> BadOperations()
    {
        yield return Case("index out of bounds", a => a[2], s => s[2], s => s[2]);
        yield return Case("too many indices", a => a[0, 0, 0, 0], s => s[0, 0, 0, 0], s => s[0, 0, 0, 0]);
        yield return Case("Permute repeated axis", a => a.Permute(0, 0, 1), s => s.Permute(0, 0, 1), s => s.Permute(0, 0, 1));
        yield return Case("SwapAxes out of range", a => a.SwapAxes(0, 3), s => s.SwapAxes(0, 3), s => s.SwapAxes(0, 3));
        yield return Case("Reshape needs a copy", a => a.Reshape(-1), s => s.Reshape(-1), s => s.Reshape(-1));
        yield return Case("Reshape wrong size", a => a.Reshape(7), s => s.Reshape(7), s => s.Reshape(7));
        yield return Case("Squeeze non-1 axis", a => a.Squeeze(0), s => s.Squeeze(0), s => s.Squeeze(0));
        yield return Case("ExpandDims out of range", a => a.ExpandDims(5), s => s.ExpandDims(5), s => s.ExpandDims(5));
        yield return Case("Flip out of range", a => a.Flip(3), s => s.Flip(3), s => s.Flip(3));
        yield return Case("Diagonal same axis", a => a.Diagonal(0, 1, 1), s => s.Diagonal(0, 1, 1), s => s.Diagonal(0, 1, 1));
    }

    /// <summary>A strided, offset source of shape (2, 3, 4): every other row and a reversed last axis of a (4, 3, 4) arange.</summary>
    private static NDArray<int> Base() => NDArray.Arange(48).Reshape(4, 3, 4)[Slice(1, null, 2), .., Slice(step: -1)];

    [TestCaseSource(nameof(Operations))]
    public void AllThreeViewTypesAgree(ArrayOp arrayOp, SpanOp spanOp, ReadOnlySpanOp readOnlyOp)
    {
        using var scope = NDScope.Begin(); // disposes the chains' intermediate views
        var source = Base();
        var expected = arrayOp(source);
        {
            var span = spanOp(source.AsNDSpan());
            var readOnly = readOnlyOp(source.AsReadOnlyNDSpan());
            int* origin = (int*)expected.Buffer.DangerousGetHandle() + expected.Offset;
            Assert.That(span.Shape.ToArray(), Is.EqualTo(expected.Shape.ToArray()), "NDSpan shape");
            Assert.That(span.Strides.ToArray(), Is.EqualTo(expected.Strides.ToArray()), "NDSpan strides");
            Assert.That((nint)span.Pointer, Is.EqualTo((nint)origin), "NDSpan origin");
            Assert.That(readOnly.Shape.ToArray(), Is.EqualTo(expected.Shape.ToArray()), "ReadOnlyNDSpan shape");
            Assert.That(readOnly.Strides.ToArray(), Is.EqualTo(expected.Strides.ToArray()), "ReadOnlyNDSpan strides");
            Assert.That((nint)readOnly.Pointer, Is.EqualTo((nint)origin), "ReadOnlyNDSpan origin");
            AssertSameElements(expected, span, readOnly);
        }
    }

    /// <summary>The elements of <paramref name="expected"/>, read through each span type's own accessor, in C order.</summary>
    internal static void AssertSameElements(NDArray<int> expected, NDSpan<int> span, ReadOnlyNDSpan<int> readOnly)
    {
        int[] values = expected.ToArray();
        nint[] index = new nint[expected.Rank];
        for (int k = 0; k < values.Length; k++)
        {
            Assert.That(span.Get(index), Is.EqualTo(values[k]), $"NDSpan element {k}");
            Assert.That(readOnly.At(index), Is.EqualTo(values[k]), $"ReadOnlyNDSpan element {k}");
            for (int d = index.Length - 1; d >= 0 && ++index[d] == expected.Shape[d]; d--) index[d] = 0;
        }
    }

    [TestCaseSource(nameof(BadOperations))]
    public void AllThreeViewTypesRefuseTheSameInput(ArrayOp arrayOp, SpanOp spanOp, ReadOnlySpanOp readOnlyOp)
    {
        using var scope = NDScope.Begin();
        var source = Base();
        {
            Type? expected = null;
            try { arrayOp(source); }
            catch (Exception e) { expected = e.GetType(); }
            Assert.That(expected, Is.Not.Null, "NDArray accepted the input");
            Assert.That(() => { spanOp(source.AsNDSpan()); }, Throws.TypeOf(expected!), "NDSpan");
            Assert.That(() => { readOnlyOp(source.AsReadOnlyNDSpan()); }, Throws.TypeOf(expected!), "ReadOnlyNDSpan");
        }
    }

    [Test]
    public void BroadcastAgreesAndIsReadOnly()
    {
        using var scope = NDScope.Begin();
        var source = Base();
        var expected = source[.., ..1].BroadcastTo(5, 2, 3, 4);
        {
            ReadOnlyNDSpan<int> span = source.AsNDSpan()[.., ..1].BroadcastTo(5, 2, 3, 4);
            ReadOnlyNDSpan<int> readOnly = source.AsReadOnlyNDSpan()[.., ..1].BroadcastTo(5, 2, 3, 4);
            Assert.That(expected.IsReadOnly, Is.True);
            Assert.That(span.Strides.ToArray(), Is.EqualTo(expected.Strides.ToArray()));
            Assert.That(readOnly.Strides.ToArray(), Is.EqualTo(expected.Strides.ToArray()));
            Assert.That((nint)span.Pointer, Is.EqualTo((nint)readOnly.Pointer));
            Assert.That(span.Get(4, 1, 2, 3), Is.EqualTo(expected.Get(4, 1, 2, 3)));
        }
    }
}
