using static NativeArrays.SliceIndex;

namespace NativeArrays.Tests.Arrays;

/// <summary>Every ref-struct view operation allocates nothing on the heap (measured after a warm-up call).</summary>
[TestFixture, NonParallelizable]
public class SpanAllocationTests
{
    public delegate void SpanOp(NDSpan<double> s);

    private static IEnumerable<TestCaseData> Ops()
    {
        TestCaseData C(string name, SpanOp op) => new TestCaseData(op).SetArgDisplayNames(name);
        yield return C("indexer ints", s => { _ = s[1, 2]; });
        yield return C("indexer ranges", s => { _ = s[1.., ..^1, 2]; });
        yield return C("Slice with steps", s => s.Slice(Slice(step: -1), Slice(1, null, 2)));
        yield return C("NewAxis and Ellipsis", s => { _ = s[NewAxis, Ellipsis, NewAxis]; });
        yield return C("Transpose", s => s.Transpose());
        yield return C("Permute", s => s.Permute(2, 0, 1));
        yield return C("SwapAxes", s => s.SwapAxes(0, 2));
        yield return C("Reshape", s => s.Reshape(4, -1));
        yield return C("Squeeze", s => s.Squeeze());
        yield return C("ExpandDims", s => s.ExpandDims(1));
        yield return C("Flip", s => s.Flip(1));
        yield return C("Diagonal", s => s.Diagonal(1, 1, 2));
        yield return C("BroadcastTo", s => s.BroadcastTo(2, 3, 4, 5));
        yield return C("AsReadOnly", s => s.AsReadOnly());
        yield return C("At", s => s.At(1, 2, 3) = 1);
        yield return C("Fill", s => s[0].Fill(2));
        yield return C("read-only chain", s => s.AsReadOnly()[1].Reshape(-1).Flip().BroadcastTo(2, 20).Transpose());
        yield return C("Shape/Strides/Size", s => { _ = s.Shape[0] + s.Strides[0] + s.Size + s.Rank; _ = s.IsCContiguous; });
    }

    [TestCaseSource(nameof(Ops))]
    public void ZeroHeapAllocations(SpanOp op)
    {
        using var a = NDArray<double>.Zeros(3, 4, 5);
        op(a.AsNDSpan()); // warm-up
        op(a.AsNDSpan());
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) op(a.AsNDSpan());
        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.That(after - before, Is.Zero);
    }
}
