namespace NativeArrays.Tests.Arrays;

/// <summary>NumPy-style ToString (the text <c>str(a)</c> gives in NumPy).</summary>
[TestFixture]
public class FormattingTests
{
    private static NDArray<int> R(int n, params nint[] shape)
    {
        using var a = NDArray.Arange(n);
        return a.Reshape(shape);
    }

    [Test]
    public void OneDimensional()
    {
        using var a = NDArray.Arange(4);
        Assert.That(a.ToString(), Is.EqualTo("[0 1 2 3]"));
        using var n = NDArray<int>.FromArray([-1, 0, 10]);
        Assert.That(n.ToString(), Is.EqualTo("[-1  0 10]"));
        using var e = NDArray<int>.Zeros(0);
        Assert.That(e.ToString(), Is.EqualTo("[]"));
    }

    [Test]
    public void TwoAndThreeDimensional()
    {
        using var m = R(6, 2, 3);
        Assert.That(m.ToString(), Is.EqualTo("[[0 1 2]\n [3 4 5]]"));
        using var t = m.T;
        Assert.That(t.ToString(), Is.EqualTo("[[0 3]\n [1 4]\n [2 5]]"));
        using var c = R(8, 2, 2, 2);
        Assert.That(c.ToString(), Is.EqualTo("[[[0 1]\n  [2 3]]\n\n [[4 5]\n  [6 7]]]"));
        using var w = R(12, 2, 6);
        Assert.That(w.ToString(), Is.EqualTo("[[ 0  1  2  3  4  5]\n [ 6  7  8  9 10 11]]"));
    }

    [Test]
    public void ZeroDimensional()
    {
        using var i = NDArray<int>.Scalar(42);
        Assert.That(i.ToString(), Is.EqualTo("42"));
        using var d = NDArray<double>.Scalar(3);
        Assert.That(d.ToString(), Is.EqualTo("3."));
        using var b = NDArray<bool>.Scalar(false);
        Assert.That(b.ToString(), Is.EqualTo("False"));
    }

    [Test]
    public void Floats()
    {
        using var a = NDArray.Arange(0.0, 3.0, 1.0);
        Assert.That(a.ToString(), Is.EqualTo("[0. 1. 2.]"));
        using var f = NDArray<float>.FromArray([-1f, 2f]);
        Assert.That(f.ToString(), Is.EqualTo("[-1.  2.]"));
        using var s = NDArray<double>.FromArray([double.NaN, double.PositiveInfinity, double.NegativeInfinity]);
        Assert.That(s.ToString(), Does.Contain("nan").And.Contain("inf").And.Contain("-inf"));
    }

    /// <summary>NumPy aligns the decimal points: <c>str(np.array([0.5, 1.25]))</c> is <c>[0.5  1.25]</c>.</summary>
    [Test]
    public void FractionalFloatsAlignOnTheDecimalPoint()
    {
        using var a = NDArray<double>.FromArray([0.5, 1.25]);
        Assert.That(a.ToString(), Is.EqualTo("[0.5  1.25]"));
    }

    /// <summary>NumPy prints every size-0 array as <c>[]</c> (arrayprint: "treat as a null array if any of shape elements == 0").</summary>
    [TestCase(2, 0)]
    [TestCase(0, 3)]
    public void EmptyArraysPrintAsEmptyBrackets(int rows, int cols)
    {
        using var e = NDArray<int>.Zeros(rows, cols);
        Assert.That(e.ToString(), Is.EqualTo("[]"));
    }

    /// <summary>NumPy wraps lines at 75 characters (np.get_printoptions()['linewidth']).</summary>
    [Test]
    public void LongRowsWrapAtTheLineWidth()
    {
        using var a = NDArray.Arange(100);
        var lines = a.ToString().Split('\n');
        Assert.That(lines.Max(l => l.Length), Is.LessThanOrEqualTo(75), a.ToString());
        var numbers = string.Join(" ", lines).Replace("[", " ").Replace("]", " ").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(numbers, Is.EqualTo(Enumerable.Range(0, 100).Select(i => i.ToString()).ToArray()));
        TestContext.Out.WriteLine(a.ToString());
        // np.arange(30): 24 two-character items fit the first line ("[" + 24 × 3 characters = 73, the next would pass 75 with "]" reserved).
        using var b = NDArray.Arange(30);
        Assert.That(b.ToString(), Is.EqualTo("[ 0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15 16 17 18 19 20 21 22 23\n 24 25 26 27 28 29]"));
    }

    /// <summary>More of NumPy's float layout: fractions padded on the right, scientific notation for tiny magnitudes.</summary>
    [TestCase(new[] { 1.5, -2.25, 100.0 }, "[  1.5   -2.25 100.  ]")]
    [TestCase(new[] { 0.1, 0.25 }, "[0.1  0.25]")]
    [TestCase(new[] { 1e-5, 1.0 }, "[1.e-05 1.e+00]")]
    [TestCase(new[] { 0.0, -0.5 }, "[ 0.  -0.5]")]
    public void FloatLayoutLikeNumPy(double[] values, string expected)
    {
        using var a = NDArray<double>.FromArray(values);
        Assert.That(a.ToString(), Is.EqualTo(expected));
    }

    [Test]
    public void Booleans()
    {
        using var b = NDArray<bool>.FromArray([true, false, true]);
        Assert.That(b.ToString(), Is.EqualTo("[ True False  True]"));
    }

    [Test]
    public void SummarisedOneDimensional()
    {
        using var a = NDArray.Arange(2000);
        Assert.That(a.ToString(), Is.EqualTo("[   0    1    2 ... 1997 1998 1999]"));
        using var small = NDArray.Arange(1000);
        Assert.That(small.ToString(), Does.Not.Contain("..."), "1000 elements are printed in full");
    }

    [Test]
    public void SummarisedTwoDimensional()
    {
        using var m = R(10000, 100, 100);
        Assert.That(m.ToString(), Is.EqualTo(
            "[[   0    1    2 ...   97   98   99]\n" +
            " [ 100  101  102 ...  197  198  199]\n" +
            " [ 200  201  202 ...  297  298  299]\n" +
            " ...\n" +
            " [9700 9701 9702 ... 9797 9798 9799]\n" +
            " [9800 9801 9802 ... 9897 9898 9899]\n" +
            " [9900 9901 9902 ... 9997 9998 9999]]"));
        using var tall = R(3000, 1000, 3);
        var text = tall.ToString();
        Assert.That(text, Does.StartWith("[[   0    1    2]\n [   3    4    5]\n [   6    7    8]\n ...\n [2991 2992 2993]"));
        Assert.That(text.Split('\n'), Has.Length.EqualTo(7));
    }
}
