using System.Numerics;

namespace NativeArrays.Tests.Kernels;

/// <summary>
/// The row loops of the operators that defer their scalar fix (Expm1, Log1p, Tan, Atan2, float Remainder, float Power):
/// the loop runs whole vectors until one has lanes for the scalar form, fixes that vector outside the loop and comes
/// back. Rows with such lanes at every lane position, in runs, in the first and last vector and in the tail, out of
/// place and in place, with a broadcast operand, and over a[::2] (the step loops), at every SIMD width, must equal bit
/// for bit the same operator at the same width over an input at every ninth element (the general path: the full vector
/// form a vector; each lane's value does not depend on how lanes are grouped), and the lanes to fix must equal the
/// scalar width.
/// </summary>
[TestFixture(typeof(float))]
[TestFixture(typeof(double))]
public class DeferredFixTests<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly int[] Lengths = [1, 7, 16, 17, 64, 67, 200, 1001];

    // Lanes that the vector forms leave to the fix (the scalar form, or since session 21 a vector form giving the scalar
    // form's value): Expm1 above the clamp / inf / NaN, Log1p at or below -1, Tan beyond its reduction range (1e300) /
    // inf / NaN, Atan2 with both zero / inf / NaN, Power with x <= 0 / inf / NaN, Remainder with a zero or tiny divisor
    // (huge quotient), inf or NaN.
    private static readonly double[] Specials = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, -1, -3, 1e300, 800, 0];

    private static (T[] X, T[] Y) Data(int n, int seed, double density)
    {
        var r = new Random(seed);
        var x = new T[n];
        var y = new T[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = T.CreateTruncating(r.NextDouble() * 6 - 3);
            y[i] = T.CreateTruncating(0.25 + r.NextDouble() * 2);
            if (r.NextDouble() < density) x[i] = T.CreateTruncating(Specials[r.Next(Specials.Length)]);
            if (r.NextDouble() < density) y[i] = T.CreateTruncating(r.Next(3) switch { 0 => 0.0, 1 => 1e-30, _ => double.NaN });
        }
        if (n > 0) x[n - 1] = T.CreateTruncating(double.NaN); // the tail and the last vector
        x[0] = T.CreateTruncating(double.PositiveInfinity);  // the first vector
        return (x, y);
    }

    private enum Mode { Into, InPlace, StridedInput, GeneralInput }

    private static T[] Run(Func<NDArray<T>, NDArray<T>, NDArray<T>, NDArray<T>> op, T[] x, T[] y, SimdWidth width, Mode mode)
    {
        using var _ = NativeArraysSettings.Override(NativeArraysSettings.Current with { SimdWidth = width });
        int n = x.Length;
        using var a = NDArray<T>.Zeros(n);
        using var b = NDArray<T>.Zeros(n);
        x.CopyTo(a.AsSpan());
        y.CopyTo(b.AsSpan());
        if (mode == Mode.InPlace)
        {
            op(a, b, a);
            return a.ToArray();
        }
        using var d = NDArray<T>.Zeros(n);
        if (mode == Mode.Into)
        {
            op(a, b, d);
            return d.ToArray();
        }
        // x and y at every other element of buffers twice as long (the step loops: since session 30 a large operator
        // packs blocks for its deferred loop there), or at every ninth (past the step loops' steps: the general path,
        // the full vector form a vector).
        int step = mode == Mode.StridedInput ? 2 : 9;
        using var wideA = NDArray<T>.Zeros(step * n);
        using var wideB = NDArray<T>.Zeros(step * n);
        for (int i = 0; i < n; i++) { wideA.AsSpan()[step * i] = x[i]; wideB.AsSpan()[step * i] = y[i]; }
        using var sa = wideA.AsStrided([n], [step]);
        using var sb = wideB.AsStrided([n], [step]);
        op(sa, sb, d);
        return d.ToArray();
    }

    private static void Check(string name, Func<NDArray<T>, NDArray<T>, NDArray<T>, NDArray<T>> op, T[] x, T[] y, Mode mode, string ctx)
    {
        T[] scalar = Run(op, x, y, SimdWidth.Scalar, Mode.Into);
        foreach (var width in KernelHarness.Widths)
        {
            T[] expected = Run(op, x, y, width, Mode.GeneralInput);
            T[] got = Run(op, x, y, width, mode);
            T[] stepped = Run(op, x, y, width, Mode.StridedInput);
            for (int i = 0; i < x.Length; i++)
            {
                Assert.That(BitsEqual(got[i], expected[i]), Is.True,
                    $"{name} {typeof(T).Name} {ctx} {mode} width {width}: lane {i} x={x[i]} y={y[i]} got {got[i]}, general path {expected[i]}");
                Assert.That(BitsEqual(stepped[i], expected[i]), Is.True,
                    $"{name} {typeof(T).Name} {ctx} a[::2] width {width}: lane {i} x={x[i]} y={y[i]} got {stepped[i]}, general path {expected[i]}");
                if (IsSpecial(name, x[i], y[i]))
                    Assert.That(BitsEqual(got[i], scalar[i]), Is.True,
                        $"{name} {typeof(T).Name} {ctx} {mode} width {width}: special lane {i} x={x[i]} y={y[i]} got {got[i]}, scalar {scalar[i]}");
            }
        }
    }

    // Lanes the vector forms certainly leave to the scalar form.
    private static bool IsSpecial(string name, T x, T y) => name switch
    {
        "Expm1" => !T.IsFinite(x) || x > T.CreateTruncating(800),
        "Log1p" => !T.IsFinite(x) || x <= -T.One,
        "Tan" => !T.IsFinite(x) || T.Abs(x) > T.CreateTruncating(1e8),
        "Atan2" => !T.IsFinite(x) || !T.IsFinite(y) || (x == T.Zero && y == T.Zero),
        // A negative base with an integer exponent takes the vector core on |x| (within its bound of the scalar form, tested in
        // TrigPowerVectorTests), so only a fractional exponent (NaN) is certain there.
        "Power" => !T.IsFinite(x) || !T.IsFinite(y) || x == T.Zero || (x < T.Zero && !T.IsInteger(y)),
        _ => !T.IsFinite(x) || !T.IsFinite(y) || y == T.Zero || T.Abs(y) < T.CreateTruncating(1e-20),
    };

    private static IEnumerable<(string Name, Func<NDArray<T>, NDArray<T>, NDArray<T>, NDArray<T>> Op)> Ops()
    {
        yield return ("Expm1", (a, _, d) => NDArray.Expm1(a, d));
        yield return ("Log1p", (a, _, d) => NDArray.Log1p(a, d));
        yield return ("Tan", (a, _, d) => NDArray.Tan(a, d));
        yield return ("Atan2", (a, b, d) => NDArray.Atan2(a, b, d));
        yield return ("Power", (a, b, d) => NDArray.Power(a, b, d));
        yield return ("Remainder", (a, b, d) => NDArray.Remainder(a, b, d));
    }

    [Test]
    public void RowsWithLanesToFixEqualTheVectorFormElsewhere([Values(0.0, 0.01, 0.2, 1.0)] double density, [Values(false, true)] bool inPlace)
    {
        foreach (var (name, op) in Ops())
        foreach (int n in Lengths)
        {
            var (x, y) = Data(n, n * 31 + (int)(density * 100), density);
            Check(name, op, x, y, inPlace ? Mode.InPlace : Mode.Into, $"n={n} density={density}");
        }
    }

    [Test]
    public void AFixInEveryLanePositionOfAVector()
    {
        // One special lane at position p of an otherwise ordinary row, for every p across several vectors.
        const int n = 80;
        foreach (var (name, op) in Ops())
        for (int p = 0; p < n; p++)
        {
            var (x, y) = Data(n, p, 0);
            x[0] = T.CreateTruncating(0.5);
            x[n - 1] = T.CreateTruncating(0.25);
            x[p] = T.CreateTruncating(double.NaN);
            y[(p * 7) % n] = T.Zero;
            Check(name, op, x, y, p % 2 == 0 ? Mode.InPlace : Mode.Into, $"special at {p}");
        }
    }

    [Test]
    public void ABroadcastOperandEqualsTheVectorFormElsewhere([Values(0.0, 0.2, 1.0)] double density, [Values(false, true)] bool left)
    {
        // x ** s, s ** x (and Atan2, Remainder) with s a 0-d array: the broadcast loops defer the fix as the contiguous
        // loop does, and a vector with lanes to fix starts a run by the full form (BinaryRow.FixRun; float32 Power's run
        // form is inlined). Every scalar kind: integer and fractional exponents, 2 (squares), zero, NaN, inf, tiny.
        double[] scalars = [3, 2, 0.5, -1.5, 1.37, 0, -0.0, double.NaN, double.PositiveInfinity, -2, 1e-30];
        foreach (var (name, op) in Ops())
        {
            if (name is not ("Power" or "Remainder" or "Atan2")) continue;
            Func<NDArray<T>, NDArray<T>, NDArray<T>, NDArray<T>> broadcast = left
                ? (a, b, d) => { using var s = NDArray<T>.Full(a.ToArray()[0]); return op(s, b, d); }
                : (a, b, d) => { using var s = NDArray<T>.Full(b.ToArray()[0]); return op(a, s, d); };
            foreach (double c in scalars)
            foreach (int n in Lengths)
            {
                var (x, y) = Data(n, n * 17 + (int)(density * 100), density);
                for (int i = 0; i < n; i++) x[i] = -x[i]; // mixed signs, the specials' negatives too
                T[] row = x, same = new T[n];
                Array.Fill(same, T.CreateTruncating(c));
                Check(name, broadcast, left ? same : row, left ? row : same, Mode.Into, $"n={n} density={density} {(left ? "left" : "right")} scalar {c}");
            }
        }
    }

    private static bool BitsEqual(T a, T b) => T.IsNaN(a) ? T.IsNaN(b) : a.Equals(b) && T.IsNegative(a) == T.IsNegative(b);
}
