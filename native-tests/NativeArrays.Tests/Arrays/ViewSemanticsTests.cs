using NativeArrays.Memory;
using static NativeArrays.SliceIndex;

namespace NativeArrays.Tests.Arrays;

/// <summary>Hand-written NumPy examples for every view operation (the values NumPy prints for the same expressions).</summary>
[TestFixture, NonParallelizable]
public class ViewSemanticsTests
{
    private static NDArray<int> Arange(int n) => NDArray.Arange(n);

    private static SliceIndex FromInt(int i) => i; // the implicit conversions under test
    private static SliceIndex FromIndex(Index i) => i;

    private static NDArray<int> Matrix() => R(12, 3, 4); // np.arange(12).reshape(3, 4)

    /// <summary>np.arange(n).reshape(shape) as a view whose owner is already disposed (the view keeps the buffer).</summary>
    private static NDArray<int> R(int n, params nint[] shape)
    {
        using var a = Arange(n);
        return a.Reshape(shape);
    }

    // ---- 1-d slicing: a = np.arange(10) ---------------------------------------------------------------------------

    private static IEnumerable<TestCaseData> Slices1D()
    {
        TestCaseData C(string numpy, SliceIndex s, int[] expected) => new TestCaseData(s, expected).SetArgDisplayNames(numpy);
        yield return C("a[2:8:2]", Slice(2, 8, 2), [2, 4, 6]);
        yield return C("a[::-1]", Slice(step: -1), [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
        yield return C("a[8:2:-2]", Slice(8, 2, -2), [8, 6, 4]);
        yield return C("a[-3:]", Slice(-3), [7, 8, 9]);
        yield return C("a[:-7:-3]", Slice(null, -7, -3), [9, 6]);
        yield return C("a[100:]", Slice(100), []);
        yield return C("a[-100:3]", Slice(-100, 3), [0, 1, 2]);
        yield return C("a[5:100:3]", Slice(5, 100, 3), [5, 8]);
        yield return C("a[::-100]", Slice(step: -100), [9]);
        yield return C("a[-1:-12:-1]", Slice(-1, -12, -1), [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
        yield return C("a[-1:-11:-1]", Slice(-1, -11, -1), [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
        yield return C("a[-1:-10:-1]", Slice(-1, -10, -1), [9, 8, 7, 6, 5, 4, 3, 2, 1]);
        yield return C("a[3:3]", Slice(3, 3), []);
        yield return C("a[7:3]", Slice(7, 3), []);
        yield return C("a[3:7:-1]", Slice(3, 7, -1), []);
        yield return C("a[20:-20:-1]", Slice(20, -20, -1), [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
        yield return C("a[-20:20:4]", Slice(-20, 20, 4), [0, 4, 8]);
        yield return C("a[1::nint.MaxValue]", Slice(1, null, nint.MaxValue), [1]);
        yield return C("a[::nint.MinValue+1]", Slice(null, null, nint.MinValue + 1), [9]);
        yield return C("a[2..^2]", 2..^2, [2, 3, 4, 5, 6, 7]);
        yield return C("a[^3..]", ^3.., [7, 8, 9]);
        yield return C("a[..^8]", ..^8, [0, 1]);
        yield return C("a[^0..]", ^0.., []);
        yield return C("a[..^0]", ..^0, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        yield return C("a[5..2] (clipped like NumPy, not thrown)", 5..2, []);
        yield return C("a[^20..3]", ^20..3, [0, 1, 2]);
        yield return C("a[8..20]", 8..20, [8, 9]);
        yield return C("a[..]", .., [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        yield return C("a[:]", All, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }

    [TestCaseSource(nameof(Slices1D))]
    public void Slice1D(SliceIndex s, int[] expected)
    {
        using var a = Arange(10);
        using var v = a[s];
        Assert.That(v.ToArray(), Is.EqualTo(expected));
        Assert.That(v.Shape.ToArray(), Is.EqualTo(new nint[] { expected.Length }));
        Assert.That(v.Buffer, Is.SameAs(a.Buffer));
        var span = a.AsReadOnlyNDSpan()[s];
        Assert.That((long)span.Size, Is.EqualTo(expected.Length));
        for (int i = 0; i < expected.Length; i++) Assert.That(span.At(i), Is.EqualTo(expected[i]));
    }

    private static IEnumerable<TestCaseData> Integers1D()
    {
        yield return new TestCaseData((SliceIndex)3, 3).SetArgDisplayNames("a[3]");
        yield return new TestCaseData(FromInt(-1), 9).SetArgDisplayNames("a[-1]");
        yield return new TestCaseData(FromInt(-10), 0).SetArgDisplayNames("a[-10]");
        yield return new TestCaseData(FromIndex(^1), 9).SetArgDisplayNames("a[^1]");
        yield return new TestCaseData(FromIndex(^10), 0).SetArgDisplayNames("a[^10]");
        yield return new TestCaseData((SliceIndex)9L, 9).SetArgDisplayNames("a[9L]");
        yield return new TestCaseData(At(4), 4).SetArgDisplayNames("At(4)");
    }

    [TestCaseSource(nameof(Integers1D))]
    public void IntegerIndexDropsTheAxis(SliceIndex s, int expected)
    {
        using var a = Arange(10);
        using var v = a[s];
        Assert.That(v.Rank, Is.Zero);
        Assert.That(v.Item(), Is.EqualTo(expected));
        Assert.That(v.Get(), Is.EqualTo(expected));
        Assert.That(a.AsReadOnlyNDSpan()[s].At(), Is.EqualTo(expected));
    }

    private static IEnumerable<TestCaseData> OutOfBounds1D()
    {
        yield return new TestCaseData((SliceIndex)10, "10").SetArgDisplayNames("a[10]");
        yield return new TestCaseData(FromInt(-11), "-11").SetArgDisplayNames("a[-11]");
        yield return new TestCaseData(FromIndex(^11), "-11").SetArgDisplayNames("a[^11]");
        yield return new TestCaseData(FromIndex(^0), null).SetArgDisplayNames("a[^0]");
    }

    /// <summary>An index past either end throws and names the axis and its size. <c>^0</c> is one past the end, as in C#.</summary>
    [TestCaseSource(nameof(OutOfBounds1D))]
    public void OutOfBoundsIntegerThrows(SliceIndex s, string? shown)
    {
        using var a = Arange(10);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => a[s].Dispose());
        Assert.That(e!.Message, Does.Contain("axis 0").And.Contain("size 10"));
        if (shown is not null) Assert.That(e.Message, Does.Contain(shown));
        Assert.That(a.Buffer.Leases, Is.EqualTo(1), "a failed index must not leave a lease behind");
    }

    [Test]
    public void CaretZeroOnTheRefStructViewThrowsToo()
    {
        using var a = Arange(10);
        bool threw = false;
        try { a.AsReadOnlyNDSpan()[^0].At(); }
        catch (ArgumentOutOfRangeException) { threw = true; }
        Assert.That(threw, Is.True, "span[^0] must be out of bounds (one past the end), not element 0");
    }

    // ---- n-d indexing ---------------------------------------------------------------------------------------------

    [Test]
    public void MatrixIndexing()
    {
        using var m = Matrix();
        using (var r = m[1]) Assert.That(r.ToArray(), Is.EqualTo(new[] { 4, 5, 6, 7 }));
        using (var c = m[All, 1]) Assert.That(c.ToArray(), Is.EqualTo(new[] { 1, 5, 9 }));
        using (var c = m[Ellipsis, 1]) Assert.That(c.ToArray(), Is.EqualTo(new[] { 1, 5, 9 }));
        using (var c = m[Ellipsis, ^1]) Assert.That(c.ToArray(), Is.EqualTo(new[] { 3, 7, 11 }));
        using (var e = m[1, 2]) Assert.That(e.Item(), Is.EqualTo(6));
        using (var e = m[^1, ^1]) Assert.That(e.Item(), Is.EqualTo(11));
        using (var n = m[NewAxis, 1])
        {
            Assert.That(n.Shape.ToArray(), Is.EqualTo(new nint[] { 1, 4 }));
            Assert.That(n.ToArray(), Is.EqualTo(new[] { 4, 5, 6, 7 }));
        }
        using (var n = m[1, Ellipsis, NewAxis]) Assert.That(n.Shape.ToArray(), Is.EqualTo(new nint[] { 4, 1 }));
        using (var n = m[NewAxis, Ellipsis, NewAxis]) Assert.That(n.Shape.ToArray(), Is.EqualTo(new nint[] { 1, 3, 4, 1 }));
        using (var e = m[Ellipsis]) Assert.That(e.ToArray(), Is.EqualTo(Enumerable.Range(0, 12).ToArray()));
        using (var s = m[Slice(step: -1), Slice(step: 2)])
        {
            Assert.That(s.ToArray(), Is.EqualTo(new[] { 8, 10, 4, 6, 0, 2 }));
            Assert.That(s.Strides.ToArray(), Is.EqualTo(new nint[] { -4, 2 }));
            Assert.That((long)s.Offset, Is.EqualTo(8));
        }
        using (var s = m[1.., 1..^1]) Assert.That(s.ToArray(), Is.EqualTo(new[] { 5, 6, 9, 10 }));
        using (var s = m[Slice(5)]) Assert.That(s.Shape.ToArray(), Is.EqualTo(new nint[] { 0, 4 }));
    }

    [Test]
    public void ViewOfViewPointsAtTheBufferNotAChain()
    {
        using var owner = Arange(12);
        using var m = owner.Reshape(3, 4);
        using var a = m[1..];
        using var b = a[Slice(step: -1), 2..];
        using var c = b.T;
        Assert.That(c.Buffer, Is.SameAs(m.Buffer));
        Assert.That(m.Buffer.Leases, Is.EqualTo(5));
        Assert.That(c.ToArray(), Is.EqualTo(new[] { 10, 6, 11, 7 }));
        Assert.That((long)c.Offset, Is.EqualTo(10));
        Assert.That(owner.OwnsData && !owner.IsView, Is.True);
        Assert.That(m.IsView && !m.OwnsData, Is.True);
        Assert.That(c.IsView && !c.OwnsData, Is.True);
    }

    // ---- axes --------------------------------------------------------------------------------------------------

    [Test]
    public void TransposePermuteSwapAxes()
    {
        using var a = R(24, 2, 3, 4);
        using var t = a.Transpose();
        Assert.That(t.Shape.ToArray(), Is.EqualTo(new nint[] { 4, 3, 2 }));
        Assert.That(t.Strides.ToArray(), Is.EqualTo(new nint[] { 1, 4, 12 }));
        Assert.That(t.Get(3, 2, 1), Is.EqualTo(1 * 12 + 2 * 4 + 3));
        using var tt = a.T;
        Assert.That(tt.ToArray(), Is.EqualTo(t.ToArray()));
        using var p = a.Permute(1, 0, 2);
        Assert.That(p.Shape.ToArray(), Is.EqualTo(new nint[] { 3, 2, 4 }));
        Assert.That(p.Get(2, 1, 3), Is.EqualTo(1 * 12 + 2 * 4 + 3));
        using var pn = a.Permute(-1, 0, -2);
        Assert.That(pn.Shape.ToArray(), Is.EqualTo(new nint[] { 4, 2, 3 }));
        using var s = a.SwapAxes(0, -1);
        Assert.That(s.Shape.ToArray(), Is.EqualTo(new nint[] { 4, 3, 2 }));
        Assert.That(s.ToArray(), Is.EqualTo(t.ToArray()));
        Assert.That(t.IsFContiguous, Is.True);
        Assert.That(t.IsCContiguous, Is.False);
        a.Dispose();
    }

    [Test]
    public void PermuteErrorsNameTheAxes()
    {
        using var a = Matrix();
        Assert.That(() => a.Permute(0), Throws.ArgumentException.With.Message.Contains("(3, 4)"));
        Assert.That(() => a.Permute(1, 1), Throws.ArgumentException.With.Message.Contains("Repeated axis 1"));
        Assert.That(() => a.Permute(0, 2), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("Axis 2"));
        Assert.That(() => a.SwapAxes(0, 5), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("5"));
    }

    [Test]
    public void SqueezeAndExpandDims()
    {
        using var a = R(3, 1, 3, 1);
        using (var s = a.Squeeze()) Assert.That(s.Shape.ToArray(), Is.EqualTo(new nint[] { 3 }));
        using (var s = a.Squeeze(0)) Assert.That(s.Shape.ToArray(), Is.EqualTo(new nint[] { 3, 1 }));
        using (var s = a.Squeeze(-1)) Assert.That(s.Shape.ToArray(), Is.EqualTo(new nint[] { 1, 3 }));
        Assert.That(() => a.Squeeze(1), Throws.ArgumentException.With.Message.Contains("(1, 3, 1)").And.Message.Contains("3"));
        Assert.That(() => a.Squeeze(3), Throws.TypeOf<ArgumentOutOfRangeException>());
        using (var e = a.ExpandDims(-1)) Assert.That(e.Shape.ToArray(), Is.EqualTo(new nint[] { 1, 3, 1, 1 }));
        using (var e = a.ExpandDims(1)) Assert.That(e.Shape.ToArray(), Is.EqualTo(new nint[] { 1, 1, 3, 1 }));
        using (var e = a.ExpandDims(3)) Assert.That(e.Shape.ToArray(), Is.EqualTo(new nint[] { 1, 3, 1, 1 }));
        using (var e = a.ExpandDims(-4)) Assert.That(e.Shape.ToArray(), Is.EqualTo(new nint[] { 1, 1, 3, 1 }));
        Assert.That(() => a.ExpandDims(4), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => a.ExpandDims(-5), Throws.TypeOf<ArgumentOutOfRangeException>());
        using var scalar = NDArray<int>.Scalar(5);
        using (var s = scalar.Squeeze()) Assert.That(s.Rank, Is.Zero);
        using (var e = scalar.ExpandDims(0)) Assert.That(e.ToArray(), Is.EqualTo(new[] { 5 }));
        a.Dispose();
    }

    [Test]
    public void FlipAndDiagonal()
    {
        using var m = Matrix();
        using (var f = m.Flip()) Assert.That(f.ToArray(), Is.EqualTo(Enumerable.Range(0, 12).Reverse().ToArray()));
        using (var f = m.Flip(0)) Assert.That(f.ToArray(), Is.EqualTo(new[] { 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3 }));
        using (var f = m.Flip(-1)) using (var row = f[0]) Assert.That(row.ToArray(), Is.EqualTo(new[] { 3, 2, 1, 0 }));
        Assert.That(() => m.Flip(2), Throws.TypeOf<ArgumentOutOfRangeException>());
        using (var d = m.Diagonal()) Assert.That(d.ToArray(), Is.EqualTo(new[] { 0, 5, 10 }));
        using (var d = m.Diagonal(1)) Assert.That(d.ToArray(), Is.EqualTo(new[] { 1, 6, 11 }));
        using (var d = m.Diagonal(3)) Assert.That(d.ToArray(), Is.EqualTo(new[] { 3 }));
        using (var d = m.Diagonal(4)) Assert.That(d.ToArray(), Is.Empty);
        using (var d = m.Diagonal(-1)) Assert.That(d.ToArray(), Is.EqualTo(new[] { 4, 9 }));
        using (var d = m.Diagonal(-3)) Assert.That(d.ToArray(), Is.Empty);
        using (var d = m.Diagonal(0, 1, 0)) Assert.That(d.ToArray(), Is.EqualTo(new[] { 0, 5, 10 }));
        using (var d = m.Diagonal(1, 1, 0)) Assert.That(d.ToArray(), Is.EqualTo(new[] { 4, 9 }));
        using (var d = m.Diagonal())
        {
            Assert.That(d.IsReadOnly, Is.False);
            d.Fill(-1);
        }
        using (var row = m[0]) Assert.That(row.ToArray(), Is.EqualTo(new[] { -1, 1, 2, 3 }));
        using var c = R(24, 2, 3, 4);
        using (var d = c.Diagonal(0, 1, 2))
        {
            Assert.That(d.Shape.ToArray(), Is.EqualTo(new nint[] { 2, 3 }));
            Assert.That(d.ToArray(), Is.EqualTo(new[] { 0, 5, 10, 12, 17, 22 }));
        }
        using (var d = c.Diagonal(1, 0, 2)) Assert.That(d.ToArray(), Is.EqualTo(new[] { 1, 14, 5, 18, 9, 22 }));
        Assert.That(() => c.Diagonal(0, 1, 1), Throws.ArgumentException);
        using var v = NDArray.Arange(3);
        Assert.That(() => v.Diagonal(), Throws.ArgumentException.With.Message.Contains("(3,)"));
        c.Dispose();
    }

    // ---- reshape ------------------------------------------------------------------------------------------------

    [Test]
    public void ReshapeIsAViewOrSaysWhy()
    {
        using var m = Matrix();
        using (var r = m.Reshape(-1)) Assert.That(r.Buffer, Is.SameAs(m.Buffer));
        using (var r = m.Reshape(2, -1, 2)) Assert.That(r.Shape.ToArray(), Is.EqualTo(new nint[] { 2, 3, 2 }));
        using (var every2 = m[All, Slice(step: 2)])
        using (var r = every2.Reshape(6))
        {
            Assert.That(r.Strides.ToArray(), Is.EqualTo(new nint[] { 2 }));
            Assert.That(r.ToArray(), Is.EqualTo(new[] { 0, 2, 4, 6, 8, 10 }));
        }
        using var t = m.T;
        var e = Assert.Throws<InvalidOperationException>(() => t.Reshape(12));
        Assert.That(e!.Message, Does.Contain("(4, 3)").And.Contain("(12,)").And.Contain("ReshapeOrCopy"));
        Assert.That(t.TryReshape([12], out _), Is.False);
        var before = AllocationTracker.Snapshot();
        using (var r = t.ReshapeOrCopy([12], out bool copied))
        {
            Assert.That(copied, Is.True);
            Assert.That(r.ToArray(), Is.EqualTo(new[] { 0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11 }));
            Assert.That(r.Buffer, Is.Not.SameAs(m.Buffer));
        }
        var after = AllocationTracker.Snapshot();
        Assert.That(after.CopiesOf("ReshapeOrCopy") - before.CopiesOf("ReshapeOrCopy"), Is.EqualTo(1));
        using (var r = m.ReshapeOrCopy([4, 3], out bool copied))
        {
            Assert.That(copied, Is.False);
            Assert.That(r.Buffer, Is.SameAs(m.Buffer));
        }
        Assert.That(AllocationTracker.Snapshot().CopiesOf("ReshapeOrCopy"), Is.EqualTo(after.CopiesOf("ReshapeOrCopy")));
        Assert.That(() => m.Reshape(5), Throws.ArgumentException.With.Message.Contains("(3, 4)").And.Message.Contains("(5,)"));
        Assert.That(() => m.Reshape(-1, -1), Throws.ArgumentException);
        Assert.That(() => m.Reshape(-1, 5), Throws.ArgumentException);
        Assert.That(() => m.Reshape(-2, -6), Throws.ArgumentException.With.Message.Contains("negative"));
        Assert.That(() => m.Reshape(nint.MaxValue, 4), Throws.TypeOf<ArgumentOutOfRangeException>());
        var tooManyDims = Enumerable.Repeat((nint)1, 33).ToArray();
        tooManyDims[0] = 12;
        Assert.That(() => m.Reshape(tooManyDims), Throws.ArgumentException.With.Message.Contains("33"));
    }

    // ---- broadcast --------------------------------------------------------------------------------------------------

    [Test]
    public void BroadcastToIsReadOnlyWithZeroStrides()
    {
        using var v = NDArray.Arange(3);
        using var b = v.BroadcastTo(2, 3);
        Assert.That(b.IsReadOnly, Is.True);
        Assert.That(b.Strides.ToArray(), Is.EqualTo(new nint[] { 0, 1 }));
        Assert.That(b.ToArray(), Is.EqualTo(new[] { 0, 1, 2, 0, 1, 2 }));
        Assert.That(() => b.Set([0, 0], 5), Throws.InvalidOperationException.With.Message.Contains("read-only").And.Message.Contains("(2, 3)"));
        Assert.That(() => b.Fill(5), Throws.InvalidOperationException);
        Assert.That(() => { b.AsSpan(); }, Throws.InvalidOperationException);
        Assert.That(() => { b.AsNDSpan(); }, Throws.InvalidOperationException);
        using (var src = NDArray.Arange(3))
            Assert.That(() => src.CopyTo(b), Throws.InvalidOperationException.With.Message.Contains("destination"));
        using (var s = b[1]) Assert.That(s.IsReadOnly, Is.True, "a view of a read-only view stays read-only");
        using (var s = b.View()) Assert.That(s.IsReadOnly, Is.True);
        using (var s = b.AsStrided([3], [1], writable: true)) Assert.That(s.IsReadOnly, Is.True);
        using var col = R(3, 3, 1);
        using var c = col.BroadcastTo(2, 3, 4);
        Assert.That(c.Strides.ToArray(), Is.EqualTo(new nint[] { 0, 1, 0 }));
        Assert.That(c.Get(1, 2, 3), Is.EqualTo(2));
        var e = Assert.Throws<ArgumentException>(() => col.BroadcastTo(2, 4));
        Assert.That(e!.Message, Does.Contain("(3, 1)").And.Contain("(2, 4)"));
        var e2 = Assert.Throws<ArgumentException>(() => col.BroadcastTo(3));
        Assert.That(e2!.Message, Does.Contain("(3, 1)").And.Contain("(3,)"));
        Assert.That(b.AsReadOnlyNDSpan().At(1, 2), Is.EqualTo(2));
        col.Dispose();
    }

    // ---- AsStrided ------------------------------------------------------------------------------------------------

    [Test]
    public void AsStridedValidView()
    {
        using var a = NDArray.Arange(10);
        using var w = a.AsStrided([4, 3], [2, 1], 1, writable: false); // sliding windows overlap: read-only
        Assert.That(w.ToArray(), Is.EqualTo(new[] { 1, 2, 3, 3, 4, 5, 5, 6, 7, 7, 8, 9 }));
        Assert.That(w.IsReadOnly, Is.True);
        using var r = a.AsStrided([5], [-2], 9);
        Assert.That(r.ToArray(), Is.EqualTo(new[] { 9, 7, 5, 3, 1 }));
        Assert.That(r.IsReadOnly, Is.False);
        using var tail = a[2..];
        using var s = tail.AsStrided([2], [3]); // default offset: the view's own
        Assert.That(s.ToArray(), Is.EqualTo(new[] { 2, 5 }));
        using var whole = a.AsStrided([2, 5], [5, 1], 0);
        Assert.That(whole.Get(1, 4), Is.EqualTo(9));
    }

    [Test]
    public void AsStridedOutsideTheBufferThrows()
    {
        using var a = NDArray.Arange(10);
        var e = Assert.Throws<ArgumentException>(() => a.AsStrided([4, 3], [3, 1], 1));
        Assert.That(e!.Message, Does.Contain("(4, 3)").And.Contain("(3, 1)").And.Contain("0..9"));
        Assert.That(() => a.AsStrided([3], [-1], 1), Throws.ArgumentException, "reaches element -1");
        Assert.That(() => a.AsStrided([], [], 10), Throws.ArgumentException);
        Assert.That(() => a.AsStrided([], [], -1), Throws.ArgumentException);
        Assert.That(() => a.AsStrided([2], [1, 1]), Throws.ArgumentException, "rank of shape and strides differ");
        Assert.That(a.Buffer.Leases, Is.EqualTo(1));
    }

    /// <summary>Strides so large that (n-1)·stride overflows must not wrap around into the buffer's range.</summary>
    [TestCase(new long[] { 2, 2 }, new long[] { 1L << 62, 1L << 62 }, 1, TestName = "AsStridedExtentOverflow((2,2), strides (2^62,2^62), offset 1)")]
    [TestCase(new long[] { 2 }, new long[] { long.MaxValue }, 1, TestName = "AsStridedExtentOverflow((2,), stride nint.MaxValue, offset 1)")]
    [TestCase(new long[] { 3 }, new long[] { (1L << 62) }, 0, TestName = "AsStridedExtentOverflow((3,), stride 2^62, offset 0)")]
    [TestCase(new long[] { 2 }, new long[] { long.MinValue + 1 }, 5, TestName = "AsStridedExtentOverflow((2,), stride -nint.MaxValue, offset 5)")]
    public void AsStridedExtentOverflowIsRejected(long[] shape, long[] strides, long offset)
    {
        using var a = NDArray.Arange(10);
        NDArray<int>? v = null;
        try
        {
            Assert.That(() => v = a.AsStrided(Array.ConvertAll(shape, x => (nint)x), Array.ConvertAll(strides, x => (nint)x), (nint)offset, writable: false),
                Throws.ArgumentException, "the view reaches far outside the 10-element buffer");
        }
        finally
        {
            v?.Dispose(); // never read: it points outside the buffer
        }
    }

    [Test]
    public void AsStridedWritableSelfOverlapIsRejected()
    {
        using var a = NDArray.Arange(24);
        var e = Assert.Throws<ArgumentException>(() => a.AsStrided([3], [0], 0));
        Assert.That(e!.Message, Does.Contain("writable").And.Contain("(3,)"));
        Assert.That(() => a.AsStrided([2, 2], [1, 1], 0), Throws.ArgumentException);
        using var reversed = a.AsStrided([2, 3], [-3, -1], 10); // 10, 9, 8, 7, 6, 5: no overlap
        Assert.That(reversed.ToArray(), Is.EqualTo(new[] { 10, 9, 8, 7, 6, 5 }));
        Assert.That(reversed.IsReadOnly, Is.False);
    }

    /// <summary>NumPy's sliding window, writable: elements 2 and 3 are each reached twice, so it must be rejected with ArgumentException.</summary>
    [Test]
    public void AsStridedWritableSlidingWindowIsRejected()
    {
        using var a = NDArray.Arange(24);
        Assert.That(() => a.AsStrided([4, 3], [2, 1], 0), Throws.TypeOf<ArgumentException>());
        // offsets 9 + {0,3} + {0,4} + {0,-4,-8}: 9+4-4 = 9 twice.
        Assert.That(() => a.AsStrided([2, 2, 3], [3, 4, -4], 9), Throws.TypeOf<ArgumentException>());
        using var ok = a.AsStrided([2, 2, 3], [3, 4, -4], 9, writable: false);
        Assert.That(ok.IsReadOnly, Is.True);
    }

    /// <summary>
    /// shape (3, 2) strides (2, 3) reaches 0, 3, 2, 5, 4, 7: all different, so a writable view is fine. The quick
    /// stride test cannot prove it, so the exhaustive check must cover the whole extent 0..7.
    /// </summary>
    [Test]
    public void AsStridedWritableInterleavedWithoutOverlapIsAccepted()
    {
        using var a = NDArray.Arange(10);
        using var v = a.AsStrided([3, 2], [2, 3], 0);
        Assert.That(v.ToArray(), Is.EqualTo(new[] { 0, 3, 2, 5, 4, 7 }));
        Assert.That(v.IsReadOnly, Is.False);
    }

    [Test]
    public void AsStridedWritableEmptyViewWithZeroStrideIsAccepted()
    {
        using var a = NDArray.Arange(10);
        using var v = a.AsStrided([2, 0], [0, 1], 0);
        Assert.That((long)v.Size, Is.Zero);
        Assert.That(v.IsReadOnly, Is.False);
    }

    // ---- tracker: views never allocate native memory ---------------------------------------------------------------

    [Test]
    public void EveryViewOperationLeavesTheTrackerUnchanged()
    {
        using var a = R(24, 2, 3, 4);
        var before = AllocationTracker.Snapshot();
        var views = new List<NDArray<int>>
        {
            a[1], a[Slice(step: -1), 1.., NewAxis], a.T, a.Permute(2, 0, 1), a.SwapAxes(0, 2), a.Reshape(6, 4),
            a.Squeeze(), a.ExpandDims(0), a.Flip(1), a.Diagonal(0, 1, 2), a.BroadcastTo(5, 2, 3, 4),
            a.AsStrided([3], [5], 0), a.AsReadOnly(), a.View(), a.AsContiguous(), a.ReshapeOrCopy([24], out _),
        };
        var after = AllocationTracker.Snapshot();
        Assert.That(after.TotalAllocations, Is.EqualTo(before.TotalAllocations));
        Assert.That(after.LiveBytes, Is.LessThanOrEqualTo(before.LiveBytes));
        Assert.That(after.TotalCopies, Is.EqualTo(before.TotalCopies));
        Assert.That(a.Buffer.Leases, Is.EqualTo(1 + views.Count));
        foreach (var v in views)
        {
            Assert.That(v.Buffer, Is.SameAs(a.Buffer));
            v.Dispose();
        }
        Assert.That(a.Buffer.Leases, Is.EqualTo(1));
    }
}
