using NativeArrays.Memory;

namespace NativeArrays.Tests.Arrays;

/// <summary>Creation functions, element access for every element type, and the comparison helpers.</summary>
[TestFixture, NonParallelizable]
public class CreationTests
{
    [Test]
    public void ZerosOnesFullScalar()
    {
        using var z = NDArray<double>.Zeros(2, 3);
        Assert.That(z.ToArray(), Is.All.Zero);
        Assert.That(z.OwnsData && !z.IsView && z.IsCContiguous, Is.True);
        Assert.That(z.Strides.ToArray(), Is.EqualTo(new nint[] { 3, 1 }));
        Assert.That((long)z.ByteCount, Is.EqualTo(48));
        Assert.That((long)z.Length, Is.EqualTo(2));
        Assert.That(z.ElementType, Is.EqualTo("float64"));
        using var o = NDArray.Ones<int>(4);
        Assert.That(o.ToArray(), Is.EqualTo(new[] { 1, 1, 1, 1 }));
        using var f = NDArray<short>.Full(-7, 2, 2);
        Assert.That(f.ToArray(), Is.EqualTo(new short[] { -7, -7, -7, -7 }));
        using var s = NDArray<Half>.Scalar((Half)1.5);
        Assert.That(s.Item(), Is.EqualTo((Half)1.5));
        using var z2 = NDArray.Zeros<byte>(3);
        Assert.That(z2.ToArray(), Is.EqualTo(new byte[3]));
    }

    [Test]
    public void ArangeLikeNumPy()
    {
        using (var a = NDArray.Arange(5)) Assert.That(a.ToArray(), Is.EqualTo(new[] { 0, 1, 2, 3, 4 }));
        using (var a = NDArray.Arange(10, 0, -3)) Assert.That(a.ToArray(), Is.EqualTo(new[] { 10, 7, 4, 1 }));
        using (var a = NDArray.Arange(0.0, 1.0, 0.1))
        {
            Assert.That((long)a.Size, Is.EqualTo(10));
            Assert.That(a.Get(3), Is.EqualTo(3 * 0.1), "element i is start + i·step");
        }
        using (var a = NDArray.Arange(5, 5, 1)) Assert.That((long)a.Size, Is.Zero);
        using (var a = NDArray.Arange(5, 0, 1)) Assert.That((long)a.Size, Is.Zero);
        using (var a = NDArray.Arange(1.5f, 3f, 0.5f)) Assert.That(a.ToArray(), Is.EqualTo(new[] { 1.5f, 2f, 2.5f }));
    }

    [Test]
    public void LinspaceAndEye()
    {
        using (var l = NDArray.Linspace(0.0, 1.0, 5)) Assert.That(l.ToArray(), Is.EqualTo(new[] { 0, 0.25, 0.5, 0.75, 1.0 }));
        using (var l = NDArray.Linspace(0.0, 1.0, 4, endpoint: false)) Assert.That(l.ToArray(), Is.EqualTo(new[] { 0, 0.25, 0.5, 0.75 }));
        using (var l = NDArray.Linspace(2f, 3f, 1)) Assert.That(l.ToArray(), Is.EqualTo(new[] { 2f }));
        using (var l = NDArray.Linspace(2f, 3f, 0)) Assert.That((long)l.Size, Is.Zero);
        using (var l = NDArray.Linspace(0.1, 0.7, 7)) Assert.That(l.Get(6), Is.EqualTo(0.7), "the endpoint is exact");
        using (var e = NDArray.Eye<int>(3)) Assert.That(e.ToArray(), Is.EqualTo(new[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 }));
        using (var e = NDArray.Eye<double>(2, 3, 1)) Assert.That(e.ToArray(), Is.EqualTo(new double[] { 0, 1, 0, 0, 0, 1 }));
        using (var e = NDArray.Eye<double>(3, 2, -1)) Assert.That(e.ToArray(), Is.EqualTo(new double[] { 0, 0, 1, 0, 0, 1 }));
    }

    [Test]
    public void SeededRandomIsReproducible()
    {
        using var a = new NDRandom(7).Uniform(0.0, 1.0, 1000);
        using var b = new NDRandom(7).Uniform(0.0, 1.0, 1000);
        using var c = new NDRandom(8).Uniform(0.0, 1.0, 1000);
        Assert.That(a.ArrayEquals(b), Is.True);
        Assert.That(a.ArrayEquals(c), Is.False);
        Assert.That(a.ToArray(), Is.All.InRange(0.0, 1.0).And.All.LessThan(1.0));
        using var i = new NDRandom(1).Uniform(-3, 4, 10000);
        var values = i.ToArray();
        Assert.That(values.Min(), Is.EqualTo(-3));
        Assert.That(values.Max(), Is.EqualTo(3));
        using var n = new NDRandom(3).Normal(10.0, 2.0, 20000);
        var nv = n.ToArray();
        double mean = nv.Average(), sd = Math.Sqrt(nv.Select(x => (x - mean) * (x - mean)).Average());
        Assert.That(mean, Is.EqualTo(10.0).Within(0.1));
        Assert.That(sd, Is.EqualTo(2.0).Within(0.1));
        using var n2 = new NDRandom(3).Normal(10.0, 2.0, 20000);
        Assert.That(n.ArrayEquals(n2), Is.True);
    }

    [Test]
    public void GetSetForEveryElementType()
    {
        RoundTrip(true, false);
        RoundTrip<byte>(255, 1);
        RoundTrip<sbyte>(-128, 3);
        RoundTrip<short>(-30000, 5);
        RoundTrip<ushort>(65535, 7);
        RoundTrip(int.MinValue, 9);
        RoundTrip(uint.MaxValue, 11u);
        RoundTrip(long.MinValue, 13L);
        RoundTrip(ulong.MaxValue, 15ul);
        RoundTrip((Half)(-2.5), (Half)0.5);
        RoundTrip(float.Epsilon, 1f);
        RoundTrip(double.MaxValue, -0.0);
    }

    private static void RoundTrip<T>(T value, T other) where T : unmanaged, IEquatable<T>
    {
        using var a = NDArray<T>.Full(other, 3, 4);
        using var t = a.T;
        t.Set([3, 1], value);
        Assert.That(a.Get(1, 3), Is.EqualTo(value), typeof(T).Name);
        Assert.That(a.Get(-2, -1), Is.EqualTo(value), typeof(T).Name);
        Assert.That(a.AsReadOnlyNDSpan().At(1, 3), Is.EqualTo(value), typeof(T).Name);
        a.AsNDSpan()[0].At(0) = value;
        Assert.That(t.Get(0, 0), Is.EqualTo(value));
        Assert.That(a.AsSpan()[7], Is.EqualTo(value));
        Assert.That(a.Buffer.ElementSize, Is.EqualTo(System.Runtime.CompilerServices.Unsafe.SizeOf<T>()));
        Assert.That(a.ElementType, Is.EqualTo(DType.NameOf<T>()));
        using var c = a.Copy();
        Assert.That(c.ArrayEquals(a), Is.True);
    }

    [Test]
    public void AsSpanOfAContiguousViewStartsAtItsOffset()
    {
        using var a = NDArray.Arange(12);
        using var m = a.Reshape(3, 4);
        using var row = m[2];
        Assert.That(row.AsSpan().ToArray(), Is.EqualTo(new[] { 8, 9, 10, 11 }));
        row.AsSpan()[0] = -1;
        Assert.That(a.Get(8), Is.EqualTo(-1));
        using var col = m[.., 1];
        Assert.That(() => { col.AsSpan(); }, Throws.InvalidOperationException.With.Message.Contains("(3,)"));
    }

    [Test]
    public void EqualityHelpers()
    {
        using var a = NDArray<double>.FromArray([1.0, 2.0, double.NaN]);
        using var b = NDArray<double>.FromArray([1.0 + 1e-9, 2.0, double.NaN]);
        Assert.That(a.AllClose(b), Is.False, "NaN is not close to NaN by default");
        Assert.That(a.AllClose(b, equalNaN: true), Is.True);
        Assert.That(a.ArrayEquals(b), Is.False);
        using var c = NDArray<double>.FromArray([1.0, 2.1, double.NaN]);
        Assert.That(a.AllClose(c, equalNaN: true), Is.False);
        Assert.That(a.AllClose(c, rtol: 0.1, equalNaN: true), Is.True);
        using var m = NDArray<double>.FromArray([1.0, 2.0, 3.0], 3, 1);
        Assert.That(a.ArrayEquals(m), Is.False, "different shapes are not equal");
        Assert.That(a.AllClose(m), Is.False);
    }

    [Test]
    public void LayoutsAreSharedBetweenViewsWithTheSameShapeAndStrides()
    {
        using var a = NDArray<float>.Zeros(4, 5);
        using var t1 = a.T;
        using var t2 = a.T;
        Assert.That(t2.Layout, Is.SameAs(t1.Layout));
        using var r1 = a[1];
        using var r2 = a[2];
        Assert.That(r2.Layout, Is.SameAs(r1.Layout), "same shape and strides, different offsets");
        Assert.That(r1.Offset, Is.Not.EqualTo(r2.Offset));
    }
}
