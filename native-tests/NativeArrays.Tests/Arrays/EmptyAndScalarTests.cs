using NativeArrays.Memory;

namespace NativeArrays.Tests.Arrays;

/// <summary>Size-0 arrays and rank-0 arrays through every operation.</summary>
[TestFixture, NonParallelizable]
public class EmptyAndScalarTests
{
    private static IEnumerable<nint[]> EmptyShapes() => [[0], [3, 0], [0, 4], [2, 0, 3], [0, 0]];

    [TestCaseSource(nameof(EmptyShapes))]
    public void EmptyArraysWorkEverywhere(nint[] shape)
    {
        var start = AllocationTracker.Snapshot();
        using (var a = NDArray<double>.Zeros(shape))
        {
            Assert.That((long)a.Size, Is.Zero);
            Assert.That((long)a.ByteCount, Is.Zero);
            Assert.That(a.ToArray(), Is.Empty);
            Assert.That(a.IsCContiguous && a.IsFContiguous, Is.True);
            Assert.That((long)a.Buffer.Address % a.Buffer.Alignment, Is.Zero, "even an empty buffer has an aligned address");
            using (var c = a.Copy()) Assert.That(c.Shape.ToArray(), Is.EqualTo(shape));
            using (var c = a.Copy(Order.F)) Assert.That(c.Shape.ToArray(), Is.EqualTo(shape));
            using (var c = a.AsContiguous(out bool copied)) Assert.That(copied, Is.False);
            using (var t = a.T) Assert.That(t.Shape.ToArray(), Is.EqualTo(shape.Reverse().ToArray()));
            using (var r = a.Reshape(-1)) Assert.That(r.Shape.ToArray(), Is.EqualTo(new nint[] { 0 }));
            using (var r = a.Reshape(0, 7)) Assert.That(r.Shape.ToArray(), Is.EqualTo(new nint[] { 0, 7 }));
            using (var f = a.Flip()) Assert.That((long)f.Size, Is.Zero);
            using (var x = a[SliceIndex.Ellipsis, SliceIndex.NewAxis]) Assert.That(x.Rank, Is.EqualTo(shape.Length + 1));
            using (var cast = a.AsType<int>()) Assert.That((long)cast.Size, Is.Zero);
            using (var taken = a.Take([])) Assert.That(taken.Shape.ToArray(), Is.EqualTo(new nint[] { 0 }));
            using (var mask = NDArray<bool>.Zeros(shape))
            using (var sel = a.Take(mask)) Assert.That((long)sel.Size, Is.Zero);
            using (var d = NDArray<double>.Zeros(shape)) a.CopyTo(d);
            a.Fill(1);
            Assert.That(a.ArrayEquals(a), Is.True);
            Assert.That(a.AllClose(a), Is.True);
            Assert.That(a.AsSpan().Length, Is.Zero);
            Assert.That(a.SharesMemory(a), Is.EqualTo(MemoryShare.No), "no element, nothing shared");
            Assert.That(a.MayShareMemory(a), Is.False);
            Assert.That(() => a.Item(), Throws.InvalidOperationException);
            Assert.That(a.ToString(), Does.Contain("[]"));
        }
        Assert.That(AllocationTracker.Snapshot().LiveBytes, Is.EqualTo(start.LiveBytes));
    }

    [Test]
    public void SlicingToEmpty()
    {
        using var a = NDArray.Arange(10);
        using var e = a[5..5];
        Assert.That(e.Shape.ToArray(), Is.EqualTo(new nint[] { 0 }));
        Assert.That(e.ToString(), Is.EqualTo("[]"));
        using var e2 = e[SliceIndex.Slice(step: -1)];
        Assert.That((long)e2.Size, Is.Zero);
        using var m = a.Reshape(2, 5);
        using var e3 = m[1..1, 2..];
        Assert.That(e3.Shape.ToArray(), Is.EqualTo(new nint[] { 0, 3 }));
        Assert.That(e3.ToArray(), Is.Empty);
        using var b = e3.BroadcastTo(4, 0, 3);
        Assert.That(b.Shape.ToArray(), Is.EqualTo(new nint[] { 4, 0, 3 }));
        using var d = m.Diagonal(9);
        Assert.That((long)d.Size, Is.Zero);
        using var copy = e3.Copy();
        Assert.That(copy.Buffer, Is.Not.SameAs(a.Buffer));
        Assert.That((long)copy.Buffer.ByteLength, Is.Zero);
        Assert.That(() => e[0].Dispose(), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("size 0"));
        var span = a.AsReadOnlyNDSpan()[7..2];
        Assert.That((long)span.Size, Is.Zero);
    }

    [Test]
    public void ScalarsWorkEverywhere()
    {
        using var s = NDArray<double>.Scalar(5);
        Assert.That(s.Rank, Is.Zero);
        Assert.That((long)s.Size, Is.EqualTo(1));
        Assert.That(s.Shape.ToArray(), Is.Empty);
        Assert.That(s.Strides.ToArray(), Is.Empty);
        Assert.That(s.Item(), Is.EqualTo(5.0));
        Assert.That(s.Get(), Is.EqualTo(5.0));
        Assert.That(s.IsCContiguous && s.IsFContiguous, Is.True);
        Assert.That(s.ToString(), Is.EqualTo("5."));
        Assert.That(s.ToArray(), Is.EqualTo(new[] { 5.0 }));
        Assert.That(s.AsSpan().ToArray(), Is.EqualTo(new[] { 5.0 }));
        using (var c = s.Copy()) { Assert.That(c.Rank, Is.Zero); Assert.That(c.Item(), Is.EqualTo(5.0)); }
        using (var c = s.AsContiguous(out bool copied)) Assert.That(copied, Is.False);
        using (var r = s.Reshape(1)) Assert.That(r.ToArray(), Is.EqualTo(new[] { 5.0 }));
        using (var r = s.Reshape(1, 1, 1)) Assert.That(r.Get(0, 0, 0), Is.EqualTo(5.0));
        using (var r = s.Reshape(-1)) Assert.That(r.Shape.ToArray(), Is.EqualTo(new nint[] { 1 }));
        using (var r1 = s.Reshape(1))
        using (var r = r1.Reshape()) Assert.That(r.Rank, Is.Zero);
        using (var t = s.T) Assert.That(t.Rank, Is.Zero);
        using (var t = s.Transpose()) Assert.That(t.Item(), Is.EqualTo(5.0));
        using (var f = s.Flip()) Assert.That(f.Item(), Is.EqualTo(5.0));
        using (var e = s[SliceIndex.Ellipsis]) Assert.That(e.Rank, Is.Zero);
        using (var n = s[SliceIndex.NewAxis]) Assert.That(n.Shape.ToArray(), Is.EqualTo(new nint[] { 1 }));
        using (var x = s.ExpandDims(-1)) Assert.That(x.Shape.ToArray(), Is.EqualTo(new nint[] { 1 }));
        using (var b = s.BroadcastTo(2, 3)) Assert.That(b.ToArray(), Is.EqualTo(Enumerable.Repeat(5.0, 6).ToArray()));
        using (var i = s.AsType<int>()) Assert.That(i.Item(), Is.EqualTo(5));
        using (var k = s.Take([0, -1])) Assert.That(k.ToArray(), Is.EqualTo(new[] { 5.0, 5.0 }));
        using (var m = NDArray<bool>.Scalar(true))
        using (var sel = s.Take(m)) Assert.That(sel.ToArray(), Is.EqualTo(new[] { 5.0 }));
        using (var d = NDArray<double>.Zeros(2, 2)) { s.CopyTo(d); Assert.That(d.ToArray(), Is.EqualTo(new[] { 5.0, 5.0, 5.0, 5.0 })); }
        Assert.That(() => s[0].Dispose(), Throws.TypeOf<ArgumentException>().With.Message.Contains("Too many"));
        Assert.That(() => s.Diagonal(), Throws.ArgumentException);
        Assert.That(() => s.Squeeze(0), Throws.TypeOf<ArgumentOutOfRangeException>());
        s.Fill(7);
        s.Set([], 8);
        Assert.That(s.Item(), Is.EqualTo(8.0));
        Assert.That(s.AsReadOnlyNDSpan().At(), Is.EqualTo(8.0));
        s.AsNDSpan().At() = 9;
        Assert.That(s.Item(), Is.EqualTo(9.0));
        Assert.That(s.SharesMemory(s), Is.EqualTo(MemoryShare.Yes));
        using var one = NDArray<int>.FromArray([42], 1, 1);
        Assert.That(one.Item(), Is.EqualTo(42), "Item works on any one-element array");
    }
}
