using System.Numerics;
using NativeArrays.Kernels;

namespace NativeArrays.Tests.Kernels;

/// <summary>
/// The floating-point Remainder's vector test (r = x − trunc(x / y)·y kept only when r, sign of x removed, lies in
/// [0, |y|)) on the operands where the rounded quotient x / y is wrong: dividends one ulp either side of multiples of the
/// divisor (the quotient rounds up to the next integer), exact multiples (zero results, whose sign must be x's), huge
/// quotients, subnormal and infinite operands; every sign combination, bit for bit against the scalar <c>%</c> at every width.
/// </summary>
[TestFixture(typeof(float))]
[TestFixture(typeof(double))]
public class RemainderQuotientTests<T> where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
{
    private static (T[] X, T[] Y) Operands()
    {
        var r = new Random(31);
        var xs = new List<T>();
        var ys = new List<T>();
        void Add(T x, T y)
        {
            foreach (var (sx, sy) in ((int, int)[])[(1, 1), (-1, 1), (1, -1), (-1, -1)])
            {
                xs.Add(T.CreateTruncating(sx) * x);
                ys.Add(T.CreateTruncating(sy) * y);
            }
        }
        int maxK = typeof(T) == typeof(float) ? 1 << 26 : 1 << 30;
        for (int i = 0; i < 3000; i++)
        {
            T y = T.CreateTruncating((r.NextDouble() + 0.5) * Math.Pow(2, r.Next(-60, 60)));
            if (i % 10 == 0) y = T.Epsilon * T.CreateTruncating(r.Next(1, 1000)); // subnormal divisors
            T k = T.CreateTruncating(i % 3 == 0 ? r.Next(1, 50) : r.Next(1, maxK));
            T m = k * y;
            Add(m, y);
            Add(T.BitDecrement(m), y);
            Add(T.BitIncrement(m), y);
        }
        T[] odd = [T.Zero, T.Epsilon, T.One, T.MaxValue, T.MinValue, T.PositiveInfinity, T.NaN, T.CreateTruncating(1e30), T.CreateTruncating(1e-30), T.CreateTruncating(3)];
        foreach (var a in odd) foreach (var b in odd) Add(a, b);
        return (xs.ToArray(), ys.ToArray());
    }

    [Test]
    public void RoundedUpQuotientsZeroResultsAndExtremesAsScalar()
    {
        var (x, y) = Operands();
        foreach (var w in KernelHarness.Widths)
        foreach (int n in (int[])[x.Length, x.Length - 1, 7]) // odd lengths: the scalar tail and a short row
        {
            var got = OpRunner.Binary<T, RemainderOp<T>>(x[..n], y[..n], w);
            for (int i = 0; i < n; i++)
                if (!OpRunner.Identical(got[i], x[i] % y[i]))
                    Assert.Fail($"width {w}, n {n}: {x[i]:R} % {y[i]:R} gave {got[i]:R}, want {x[i] % y[i]:R}");
        }
    }

    /// <summary>
    /// The exact reduction path (vectors with a lane whose quotient is not right at once): random bit patterns over the
    /// whole finite range (quotients up to 2^277 / 2^2098, subnormal and huge operands, both zeros), exact multiples
    /// y·k·2^j of a random divisor and their neighbours, and the special operands (±0, ±inf, NaN) mixed into the same
    /// vectors as ordinary lanes, so every lane of a reduced vector is checked; bit for bit against the scalar <c>%</c> at every width.
    /// </summary>
    [Test]
    public void ReductionPathOnRandomBitPatternsMultiplesAndSpecialsAsScalar()
    {
        var r = new Random(32);
        bool single = typeof(T) == typeof(float);
        T FromBits(long bits) => single ? T.CreateTruncating(BitConverter.Int32BitsToSingle((int)bits)) : T.CreateTruncating(BitConverter.Int64BitsToDouble(bits));
        T Random()
        {
            while (true)
            {
                T v = FromBits(single ? r.Next() | (r.Next(2) << 31) : r.NextInt64() | ((long)r.Next(2) << 63));
                if (T.IsFinite(v)) return v;
            }
        }
        T[] specials = [T.Zero, -T.Zero, T.PositiveInfinity, T.NegativeInfinity, T.NaN, T.Epsilon, T.MaxValue];
        int n = 40000;
        var x = new T[n];
        var y = new T[n];
        for (int i = 0; i < n; i++)
        {
            switch (i % 4)
            {
                case 0: x[i] = Random(); y[i] = Random(); break;
                case 1:
                {
                    T d = Random();
                    T m = d * T.CreateTruncating(r.Next(1, 1 << 20)) * T.CreateTruncating(Math.Pow(2, r.Next(0, single ? 60 : 400)));
                    x[i] = (r.Next(3)) switch { 0 => m, 1 => T.BitIncrement(m), _ => T.BitDecrement(m) };
                    y[i] = d;
                    break;
                }
                case 2: x[i] = specials[r.Next(specials.Length)]; y[i] = Random(); break;
                default: x[i] = Random(); y[i] = specials[r.Next(specials.Length)]; break;
            }
        }
        foreach (var w in KernelHarness.Widths)
        {
            var got = OpRunner.Binary<T, RemainderOp<T>>(x, y, w);
            for (int i = 0; i < n; i++)
                if (!OpRunner.Identical(got[i], x[i] % y[i]))
                    Assert.Fail($"width {w}: {x[i]:R} % {y[i]:R} gave {got[i]:R}, want {x[i] % y[i]:R}");
        }
    }
}
