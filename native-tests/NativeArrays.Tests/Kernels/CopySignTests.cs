using System.Numerics;
using NativeArrays.Tests.Breadth;

namespace NativeArrays.Tests.Kernels;

/// <summary>
/// <c>NDArray.CopySign</c> (one row of Operations.table plus <c>Kernels/Operators.CopySign.cs</c>): bit for bit equal
/// to a scalar reference that moves the sign bit by hand, on every vector width and layout, and to NumPy's
/// <c>copysign</c> (zeros, infinities, NaN of either sign, subnormals and the extremes).
/// </summary>
[TestFixture(typeof(float))]
[TestFixture(typeof(double))]
public class CopySignTests<T> where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
{
    private static readonly T[] s_specials =
    [
        T.Zero, T.NegativeZero, T.NaN, -T.NaN, T.PositiveInfinity, T.NegativeInfinity, T.Epsilon, -T.Epsilon,
        T.MaxValue, T.MinValue, T.CreateTruncating(1.5), T.CreateTruncating(-2.25), T.One, T.NegativeOne,
    ];

    private static ulong SignBit => typeof(T) == typeof(float) ? 0x8000_0000UL : 0x8000_0000_0000_0000UL;

    private static ulong Bits(T v) => typeof(T) == typeof(float)
        ? BitConverter.SingleToUInt32Bits((float)(object)v)
        : BitConverter.DoubleToUInt64Bits((double)(object)v);

    private static T FromBits(ulong b) => typeof(T) == typeof(float)
        ? (T)(object)BitConverter.UInt32BitsToSingle((uint)b)
        : (T)(object)BitConverter.UInt64BitsToDouble(b);

    /// <summary>The reference: x's bits without the sign bit, with y's sign bit.</summary>
    private static T Reference(T x, T y) => FromBits((Bits(x) & ~SignBit) | (Bits(y) & SignBit));

    /// <summary>Every special against every special (196 pairs: vector bodies and a tail), as x and y arrays.</summary>
    private static (T[] X, T[] Y) Pairs()
    {
        int n = s_specials.Length;
        var x = new T[n * n];
        var y = new T[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) { x[i * n + j] = s_specials[i]; y[i * n + j] = s_specials[j]; }
        return (x, y);
    }

    private static void AssertBits(NDArray<T> actual, Func<int, T> expected, string context)
    {
        var a = actual.ToArray();
        for (int i = 0; i < a.Length; i++)
        {
            T e = expected(i);
            Assert.That(Bits(a[i]), Is.EqualTo(Bits(e)), $"{context}: element {i} is {a[i]}, expected {e}");
        }
    }

    [Test]
    public void MatchesTheScalarReferenceOnEveryWidthAndLayout()
    {
        var (xs, ys) = Pairs();
        int n = s_specials.Length;
        foreach (var width in KernelHarness.Widths)
        {
            using var _ = KernelHarness.Width(width);
            using var x = NDArray<T>.FromArray(xs);
            using var y = NDArray<T>.FromArray(ys);
            using (var r = NDArray.CopySign(x, y))
                AssertBits(r, i => Reference(xs[i], ys[i]), $"{width} contiguous");

            // Strided: every other element of both.
            using (var xStep = x.Slice(SliceIndex.Slice(step: 2)))
            using (var yStep = y.Slice(SliceIndex.Slice(step: 2)))
            using (var r = NDArray.CopySign(xStep, yStep))
                AssertBits(r, i => Reference(xs[2 * i], ys[2 * i]), $"{width} strided");

            // Broadcast: a (n, n) matrix of x against one row of signs.
            using (var matrix = x.Reshape(n, n))
            using (var row = NDArray<T>.FromArray(s_specials))
            using (var r = NDArray.CopySign(matrix, row))
                AssertBits(r, i => Reference(xs[i], s_specials[i % n]), $"{width} broadcast");

            // Scalar sign, in place.
            using (var copy = x.Copy())
            {
                copy.CopySignInPlace(T.NegativeZero);
                AssertBits(copy, i => Reference(xs[i], T.NegativeZero), $"{width} in place with a scalar");
            }
        }
    }

    [Test]
    public void MatchesNumPy()
    {
        var (xs, ys) = Pairs();
        using var x = NDArray<T>.FromArray(xs);
        using var y = NDArray<T>.FromArray(ys);
        using var np = new NumPyOracle();
        string name = np.Add("np.copysign(a0, a1)", NumPyOracle.Of(x), NumPyOracle.Of(y));
        np.Run();
        using var expected = np.Result<T>(name);
        using var actual = NDArray.CopySign(x, y);
        var e = expected.ToArray();
        Assert.That(e, Has.Length.EqualTo(xs.Length));
        AssertBits(actual, i => e[i], "NumPy copysign");
    }
}
