using NativeArrays.Layout;
using static NativeArrays.SliceIndex;
using static NativeArrays.Tests.Arrays.ViewApiParityTests;

// The chained array operations make intermediate views; every test runs them inside an NDScope, which disposes them.
#pragma warning disable NA0002

namespace NativeArrays.Tests.Arrays;

/// <summary>
/// The paths of the generic view derivation that <see cref="ViewApiParityTests"/> (rank 3) does not reach: span views
/// of rank above 8 (as every derived span, their shape and strides live in a per-thread cached layout), operations
/// whose rank bound exceeds 8 but whose result does not, and results above the maximum rank, which all three view
/// types refuse with the same exception.
/// </summary>
[NonParallelizable]
public unsafe class ViewDeriveTests
{
    /// <summary>A strided, offset rank-10 source of shape (2, 1, 3, 1, 2, 1, 2, 1, 1, 2): the first axis reversed.</summary>
    private static NDArray<int> Rank10() =>
        NDArray.Arange(96).Reshape(2, 1, 3, 1, 2, 1, 2, 1, 1, 4)[Slice(step: -1), Ellipsis, Slice(1, null, 2)];

    private static IEnumerable<TestCaseData> HighRankOperations()
    {
        yield return Case("Transpose", a => a.Transpose(), s => s.Transpose(), s => s.Transpose());
        yield return Case("Permute", a => a.Permute(9, 0, 8, 1, 7, 2, 6, 3, 5, 4), s => s.Permute(9, 0, 8, 1, 7, 2, 6, 3, 5, 4), s => s.Permute(9, 0, 8, 1, 7, 2, 6, 3, 5, 4));
        yield return Case("ExpandDims to rank 11", a => a.ExpandDims(3), s => s.ExpandDims(3), s => s.ExpandDims(3));
        yield return Case("NewAxis Ellipsis", a => a[NewAxis, Ellipsis, 1], s => s[NewAxis, Ellipsis, 1], s => s[NewAxis, Ellipsis, 1]);
        yield return Case("Flip", a => a.Flip(2), s => s.Flip(2), s => s.Flip(2));
        yield return Case("Diagonal", a => a.Diagonal(0, 0, 9), s => s.Diagonal(0, 0, 9), s => s.Diagonal(0, 0, 9));
        yield return Case("Squeeze to rank 5", a => a.Squeeze(), s => s.Squeeze(), s => s.Squeeze());
        yield return Case("Reshape dropping length-1 axes", a => a.Reshape(2, 3, 2, 2, 2), s => s.Reshape(2, 3, 2, 2, 2), s => s.Reshape(2, 3, 2, 2, 2));
        yield return Case("Reshape back to rank 10", a => a.Reshape(2, 3, 2, 2, 2).Reshape(2, 1, 3, 1, 2, 1, 2, 1, 1, 2),
            s => s.Reshape(2, 3, 2, 2, 2).Reshape(2, 1, 3, 1, 2, 1, 2, 1, 1, 2), s => s.Reshape(2, 3, 2, 2, 2).Reshape(2, 1, 3, 1, 2, 1, 2, 1, 1, 2));
        yield return Case("chain back to rank 3", a => a.Squeeze().ExpandDims(0).Transpose()[.., 1], s => s.Squeeze().ExpandDims(0).Transpose()[.., 1], s => s.Squeeze().ExpandDims(0).Transpose()[.., 1]);
    }

    [TestCaseSource(nameof(HighRankOperations))]
    public void HighRankSpansAgreeWithTheClassView(ArrayOp arrayOp, SpanOp spanOp, ReadOnlySpanOp readOnlyOp)
    {
        using var scope = NDScope.Begin();
        var source = Rank10();
        var expected = arrayOp(source);
        var span = spanOp(source.AsNDSpan());
        var readOnly = readOnlyOp(source.AsReadOnlyNDSpan());
        Assert.That(span.Shape.ToArray(), Is.EqualTo(expected.Shape.ToArray()), "NDSpan shape");
        Assert.That(readOnly.Shape.ToArray(), Is.EqualTo(expected.Shape.ToArray()), "ReadOnlyNDSpan shape");
        Assert.That(span.Size, Is.EqualTo(expected.Size), "NDSpan size");
        Assert.That(span.IsCContiguous, Is.EqualTo(expected.IsCContiguous), "NDSpan contiguity");
        AssertSameElements(expected, span, readOnly);
        if (expected.Rank == span.Rank && expected.Strides.SequenceEqual(span.Strides))
        {
            // Same view, not just the same elements: the origin agrees too.
            int* origin = (int*)expected.Buffer.DangerousGetHandle() + expected.Offset;
            Assert.That((nint)span.Pointer, Is.EqualTo((nint)origin), "NDSpan origin");
            Assert.That((nint)readOnly.Pointer, Is.EqualTo((nint)origin), "ReadOnlyNDSpan origin");
        }
    }

    [Test]
    public void ALongIndexOnALowRankViewKeepsItsResult()
    {
        // Seven entries on a rank-3 view: the bound (3 + 7) exceeds the inline 8 dimensions, the result (rank 7) does not.
        using var scope = NDScope.Begin();
        var source = NDArray.Arange(24).Reshape(2, 3, 4)[.., Slice(step: -1)];
        var expected = source[NewAxis, 1, NewAxis, NewAxis, .., NewAxis, 2];
        var span = source.AsNDSpan()[NewAxis, 1, NewAxis, NewAxis, .., NewAxis, 2];
        var readOnly = source.AsReadOnlyNDSpan()[NewAxis, 1, NewAxis, NewAxis, .., NewAxis, 2];
        Assert.That(expected.Rank, Is.EqualTo(5));
        Assert.That(span.Shape.ToArray(), Is.EqualTo(expected.Shape.ToArray()));
        Assert.That(span.Strides.ToArray(), Is.EqualTo(expected.Strides.ToArray()));
        Assert.That(readOnly.Strides.ToArray(), Is.EqualTo(expected.Strides.ToArray()));
        Assert.That(span.Get(0, 0, 0, 2, 0), Is.EqualTo(expected.Get(0, 0, 0, 2, 0)));
        Assert.That(span.Get(0, 0, 0, 2, 0), Is.EqualTo(14)); // source[1, 2, 2] = arange[1, 0, 2] (axis 1 reversed)
    }

    [Test]
    public void AHighRankDerivedSpanAllocatesNothingOnceItsLayoutIsCached()
    {
        using var a = NDArray<double>.Zeros(2, 1, 3, 1, 2, 1, 2, 1, 1, 2);
        static nint Derive(NDArray<double> a) => a.AsNDSpan().Transpose().Flip(0).Size;
        Derive(a); // warm-up: JIT, the transposed layout enters the per-thread cache
        long before = GC.GetAllocatedBytesForCurrentThread();
        nint total = 0;
        for (int i = 0; i < 100; i++) total += Derive(a);
        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.That(total, Is.EqualTo((nint)(100 * 48)));
        Assert.That(after - before, Is.Zero);
    }

    private static IEnumerable<TestCaseData> AboveMaxRank()
    {
        nint[] ones = Enumerable.Repeat((nint)1, NDLayout.MaxRank + 1).ToArray();
        yield return Case("Reshape", a => a.Reshape(ones), s => s.Reshape(ones), s => s.Reshape(ones));
        yield return Case("ExpandDims", a => a.Reshape(ones[..^1]).ExpandDims(0), s => s.Reshape(ones[..^1]).ExpandDims(0), s => s.Reshape(ones[..^1]).ExpandDims(0));
        yield return Case("NewAxis", a => a.Reshape(ones[..^1])[NewAxis], s => s.Reshape(ones[..^1])[NewAxis], s => s.Reshape(ones[..^1])[NewAxis]);
    }

    [TestCaseSource(nameof(AboveMaxRank))]
    public void AllThreeRefuseAResultAboveTheMaximumRank(ArrayOp arrayOp, SpanOp spanOp, ReadOnlySpanOp readOnlyOp)
    {
        using var scope = NDScope.Begin();
        var source = NDArray.Arange(1);
        Assert.That(() => arrayOp(source), Throws.TypeOf<ArgumentException>(), "NDArray");
        Assert.That(() => { spanOp(source.AsNDSpan()); }, Throws.TypeOf<ArgumentException>(), "NDSpan");
        Assert.That(() => { readOnlyOp(source.AsReadOnlyNDSpan()); }, Throws.TypeOf<ArgumentException>(), "ReadOnlyNDSpan");
    }

    [Test]
    public void BroadcastAndAsStridedAboveTheMaximumRankThrowArgumentException()
    {
        using var scope = NDScope.Begin();
        var source = NDArray.Arange(1);
        nint[] ones = Enumerable.Repeat((nint)1, NDLayout.MaxRank + 1).ToArray();
        nint[] zeros = new nint[NDLayout.MaxRank + 1];
        Assert.That(() => source.BroadcastTo(ones), Throws.TypeOf<ArgumentException>(), "NDArray.BroadcastTo");
        Assert.That(() => { source.AsNDSpan().BroadcastTo(ones); }, Throws.TypeOf<ArgumentException>(), "NDSpan.BroadcastTo");
        Assert.That(() => { source.AsReadOnlyNDSpan().BroadcastTo(ones); }, Throws.TypeOf<ArgumentException>(), "ReadOnlyNDSpan.BroadcastTo");
        Assert.That(() => source.AsStrided(ones, zeros, writable: false), Throws.TypeOf<ArgumentException>(), "NDArray.AsStrided");
    }
}
