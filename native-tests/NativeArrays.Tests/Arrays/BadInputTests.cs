using NativeArrays.Layout;
using NativeArrays.Memory;

namespace NativeArrays.Tests.Arrays;

/// <summary>Element type NativeArrays does not support (unmanaged, but not a NumPy dtype).</summary>
public struct Rgb
{
    public byte R, G, B;
}

/// <summary>Every bad input gets its own exception type and a message naming the shapes, indices or sizes involved.</summary>
[TestFixture, NonParallelizable]
public class BadInputTests
{
    private static NDArray<int> M() // 3×4
    {
        using var a = NDArray.Arange(12);
        return a.Reshape(3, 4);
    }

    [Test]
    public void GetOutOfBoundsNamesAxisAndSize()
    {
        using var m = M();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => m.Get(1, 4));
        Assert.That(e!.Message, Does.Contain("Index 4").And.Contain("axis 1").And.Contain("size 4"));
        e = Assert.Throws<ArgumentOutOfRangeException>(() => m.Get(-4, 0));
        Assert.That(e!.Message, Does.Contain("-4").And.Contain("axis 0").And.Contain("size 3"));
        Assert.That(() => m.Set([3, 0], 1), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("axis 0"));
        var span = m.AsReadOnlyNDSpan();
        bool threw = false;
        try { _ = span.At(0, 4); }
        catch (ArgumentOutOfRangeException ex) { threw = ex.Message.Contains("axis 1"); }
        Assert.That(threw, Is.True, "NDSpan.At out of bounds names the axis");
    }

    [Test]
    public void WrongNumberOfIndices()
    {
        using var m = M();
        Assert.That(() => m.Get(1), Throws.TypeOf<ArgumentException>().With.Message.Contains("(3, 4)"));
        Assert.That(() => m.Get(1, 2, 3), Throws.TypeOf<ArgumentException>().With.Message.Contains("rank 2"));
        var e = Assert.Throws<ArgumentException>(() => m[1, 2, 3].Dispose());
        Assert.That(e!.Message, Does.Contain("Too many indices").And.Contain("(3, 4)").And.Contain("3"));
        Assert.That(() => m[SliceIndex.Ellipsis, 1, SliceIndex.Ellipsis].Dispose(), Throws.TypeOf<ArgumentException>().With.Message.Contains("ellipsis"));
        Assert.That(() => m.Item(), Throws.InvalidOperationException.With.Message.Contains("(3, 4)"));
    }

    [Test]
    public void SliceStepZero()
    {
        var e = Assert.Throws<ArgumentException>(() => SliceIndex.Slice(1, 5, 0));
        Assert.That(e!.Message, Does.Contain("zero"));
        Assert.That(e.ParamName, Is.EqualTo("step"));
    }

    [Test]
    public void RankAboveTheMaximum()
    {
        var shape = Enumerable.Repeat((nint)1, NDLayout.MaxRank + 1).ToArray();
        var e = Assert.Throws<ArgumentException>(() => NDArray<float>.Zeros(shape));
        Assert.That(e!.Message, Does.Contain($"{NDLayout.MaxRank + 1}").And.Contain($"{NDLayout.MaxRank}"));
        using var top = NDArray<float>.Zeros(Enumerable.Repeat((nint)1, NDLayout.MaxRank).ToArray());
        Assert.That(top.Rank, Is.EqualTo(NDLayout.MaxRank));
        Assert.That(() => top[SliceIndex.NewAxis].Dispose(), Throws.TypeOf<ArgumentException>().With.Message.Contains($"{NDLayout.MaxRank}"));
        Assert.That(() => top.ExpandDims(0).Dispose(), Throws.TypeOf<ArgumentException>().With.Message.Contains($"{NDLayout.MaxRank}"));
        Assert.That(() => top.BroadcastTo([.. shape]).Dispose(), Throws.TypeOf<ArgumentException>());
        Assert.That(() => top.Reshape(shape).Dispose(), Throws.TypeOf<ArgumentException>());
        Assert.That(NDLayout.MaxRank, Is.GreaterThanOrEqualTo(16));
        using var sixteen = NDArray<byte>.Zeros(Enumerable.Repeat((nint)2, 16).ToArray());
        Assert.That(sixteen.Size, Is.EqualTo((nint)65536));
        using var t = sixteen.T;
        Assert.That(t.Get(Enumerable.Repeat((nint)1, 16).ToArray()), Is.Zero);
    }

    [Test]
    public void NegativeDimension()
    {
        var e = Assert.Throws<ArgumentException>(() => NDArray<double>.Empty(3, -2));
        Assert.That(e!.Message, Does.Contain("(3, -2)").And.Contain("negative"));
        Assert.That(() => NDArray<double>.Zeros(-1), Throws.TypeOf<ArgumentException>());
        using var v = NDArray<double>.Zeros(3);
        Assert.That(() => v.BroadcastTo(-1, 3).Dispose(), Throws.TypeOf<ArgumentException>().With.Message.Contains("negative"));
    }

    [Test]
    public void ShapeProductOverflowIsArgumentOutOfRange()
    {
        var before = AllocationTracker.Snapshot();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => NDArray<byte>.Empty(nint.MaxValue, 2));
        Assert.That(e!.Message, Does.Contain(nint.MaxValue.ToString()).And.Contain("overflow"));
        Assert.That(() => NDArray<byte>.Empty((nint)1 << 31, (nint)1 << 31, 4), Throws.TypeOf<ArgumentOutOfRangeException>());
        // Elements fit, bytes do not: nint.MaxValue / 4 doubles is 2^64 bytes.
        var e2 = Assert.Throws<ArgumentOutOfRangeException>(() => NDArray<double>.Empty(nint.MaxValue / 4));
        Assert.That(e2!.Message, Does.Contain((nint.MaxValue / 4).ToString()));
        using var v = NDArray<double>.Zeros(3);
        Assert.That(() => v.BroadcastTo(nint.MaxValue, 3).Dispose(), Throws.TypeOf<ArgumentOutOfRangeException>());
        var after = AllocationTracker.Snapshot();
        Assert.That(after.TotalAllocations - before.TotalAllocations, Is.EqualTo(1), "only the 3-element array");
    }

    [Test]
    public void ImpossibleAllocationIsOutOfMemoryNamingTheSizeAndLeavesTheTrackerAlone()
    {
        var before = AllocationTracker.Snapshot();
        nint count = nint.MaxValue / 16;
        var e = Assert.Throws<OutOfMemoryException>(() => NDArray<double>.Empty(count));
        Assert.That(e!.Message, Does.Contain((count * 8).ToString()));
        Assert.Throws<OutOfMemoryException>(() => NDArray<double>.Zeros(count));
        var after = AllocationTracker.Snapshot();
        Assert.That(after.TotalAllocations, Is.EqualTo(before.TotalAllocations));
        Assert.That(after.LiveBytes, Is.EqualTo(before.LiveBytes));
        Assert.That(after.LiveBuffers, Is.EqualTo(before.LiveBuffers));
        Assert.That(after.TotalBytesAllocated, Is.EqualTo(before.TotalBytesAllocated));
    }

    [Test]
    public void ReshapeSizeMismatch()
    {
        using var m = M();
        var e = Assert.Throws<ArgumentException>(() => m.Reshape(5, 2));
        Assert.That(e!.Message, Does.Contain("(3, 4)").And.Contain("(5, 2)").And.Contain("12"));
        Assert.That(() => m.ReshapeOrCopy([7], out _), Throws.TypeOf<ArgumentException>());
        Assert.That(() => m.TryReshape([7], out _), Throws.TypeOf<ArgumentException>());
    }

    [Test]
    public void IncompatibleBroadcastShowsBothShapes()
    {
        using var m = M();
        var e = Assert.Throws<ArgumentException>(() => m.BroadcastTo(2, 3, 5));
        Assert.That(e!.Message, Does.Contain("(3, 4)").And.Contain("(2, 3, 5)"));
        using var d = NDArray<int>.Zeros(2, 3);
        var e2 = Assert.Throws<ArgumentException>(() => m.CopyTo(d));
        Assert.That(e2!.Message, Does.Contain("(3, 4)").And.Contain("(2, 3)"));
    }

    [Test]
    public void WritesToReadOnlyViewsAreRefused()
    {
        using var v = NDArray.Arange(4);
        using var b = v.BroadcastTo(3, 4);
        using var r = v.AsReadOnly();
        foreach (var ro in new[] { b, r })
        {
            Assert.That(() => ro.Set([0, 0], 1), Throws.InvalidOperationException.With.Message.Contains("read-only"));
            Assert.That(() => ro.Fill(1), Throws.InvalidOperationException.With.Message.Contains("read-only"));
            Assert.That(() => v.CopyTo(ro), Throws.InvalidOperationException.With.Message.Contains("read-only"));
            Assert.That(() => { ro.AsSpan(); }, Throws.InvalidOperationException);
            Assert.That(() => { ro.AsNDSpan(); }, Throws.InvalidOperationException);
        }
        Assert.That(v.ToArray(), Is.EqualTo(new[] { 0, 1, 2, 3 }), "nothing was written");
        using var w = b.Copy();
        Assert.That(w.IsReadOnly, Is.False, "a copy of a read-only view is writable");
        w.Set([0, 0], 7);
        Assert.That(w.Get(0, 0), Is.EqualTo(7));
        Assert.That(v.Get(0), Is.Zero);
    }

    [Test]
    public void FromArrayLengthMismatch()
    {
        var e = Assert.Throws<ArgumentException>(() => NDArray<float>.FromArray([1, 2, 3, 4, 5], 2, 3));
        Assert.That(e!.Message, Does.Contain("5").And.Contain("(2, 3)").And.Contain("6"));
        Assert.That(() => NDArray<float>.FromArray(null!), Throws.ArgumentNullException);
        using var ok = NDArray<float>.FromArray([1, 2, 3, 4, 5, 6], 2, 3);
        Assert.That(ok.Get(1, 0), Is.EqualTo(4f));
        using var flat = NDArray<float>.FromArray([1, 2, 3]);
        Assert.That(flat.Shape.ToArray(), Is.EqualTo(new nint[] { 3 }));
        using var empty = NDArray<float>.FromSpan([], 0, 5);
        Assert.That((long)empty.Size, Is.Zero);
    }

    [Test]
    public void UnsupportedElementTypeIsNotSupported()
    {
        Assert.That(DType.IsSupported<Rgb>(), Is.False);
        var e = Assert.Throws<NotSupportedException>(() => NDArray<Rgb>.Empty(3));
        Assert.That(e!.Message, Does.Contain(nameof(Rgb)));
        Assert.Throws<NotSupportedException>(() => NDArray<Rgb>.Zeros(3));
        Assert.Throws<NotSupportedException>(() => NDArray<Rgb>.FromArray(new Rgb[3]));
        Assert.Throws<NotSupportedException>(() => NDArray<decimal>.Zeros(2));
        Assert.Throws<NotSupportedException>(() => NDArray<char>.Zeros(2));
        using var a = NDArray<int>.Zeros(3);
        Assert.Throws<NotSupportedException>(() => a.AsType<Rgb>());
        Assert.That(DType.NameOf<double>(), Is.EqualTo("float64"));
        Assert.That(DType.NameOf<Half>(), Is.EqualTo("float16"));
        Assert.That(DType.NameOf<bool>(), Is.EqualTo("bool"));
        Assert.That(DType.NameOf<byte>(), Is.EqualTo("uint8"));
    }

    [Test]
    public void TakeErrors()
    {
        using var m = M();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => m.Take([12]));
        Assert.That(e!.Message, Does.Contain("12").And.Contain("size 12"));
        var e2 = Assert.Throws<ArgumentOutOfRangeException>(() => m.Take([0, -5], 0));
        Assert.That(e2!.Message, Does.Contain("-5").And.Contain("axis 0").And.Contain("size 3"));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Take([0], 2));
        using var mask = NDArray<bool>.Zeros(4, 3);
        var e3 = Assert.Throws<ArgumentException>(() => m.Take(mask));
        Assert.That(e3!.Message, Does.Contain("(4, 3)").And.Contain("(3, 4)"));
    }

    [Test]
    public void OtherArgumentErrors()
    {
        Assert.That(() => NDArray.Arange(0, 10, 0), Throws.ArgumentException.With.Message.Contains("zero"));
        Assert.That(() => NDArray.Arange(0.0, double.PositiveInfinity, 1.0), Throws.ArgumentException);
        Assert.That(() => NDArray.Linspace(0.0, 1.0, -1), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => new NDRandom(1).Uniform(1.0, 1.0, 3), Throws.ArgumentException);
        Assert.That(() => new NDRandom(1).Normal(0.0, -1.0, 3), Throws.TypeOf<ArgumentOutOfRangeException>());
        using var a = NDArray<int>.Zeros(3);
        Assert.That(() => a.SharesMemory(a, -1), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => a.MayShareMemory(null!), Throws.ArgumentNullException);
        Assert.That(() => a.CopyTo(null!), Throws.ArgumentNullException);
        using var s = NDArray<int>.Scalar(1);
        Assert.That(() => s.Length, Throws.InvalidOperationException.With.Message.Contains("0-d"));
        using var t = a.BroadcastTo(2, 3);
        Assert.That(() => { t.AsReadOnlySpan(); }, Throws.InvalidOperationException.With.Message.Contains("AsContiguous"));
    }
}
