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
}
