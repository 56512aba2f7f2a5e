using System.Numerics;
using NativeArrays.Kernels;

namespace NativeArrays.Tests.Kernels;

/// <summary>
/// 32- and 64-bit Divide and Remainder, vectorised for issue 12 (int32/uint32: float64 lanes, exact; int64/uint64: a
/// float64 estimate from below, then integer corrections): dense edge and random operands against the scalar C# operators
/// at every width, lengths around the vector boundaries, 1 and 2 threads, and every layout. The exceptions (zero divisor,
/// MinValue / -1) are checked in VectorisedOpsTests.
/// </summary>
[TestFixture(typeof(int))]
[TestFixture(typeof(uint))]
[TestFixture(typeof(long))]
[TestFixture(typeof(ulong))]
public class IntegerDivideTests<T> where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
{
    private static bool Is64 => typeof(T) == typeof(long) || typeof(T) == typeof(ulong);
    private static bool Signed => typeof(T) == typeof(int) || typeof(T) == typeof(long);

    [Test]
    public void OperatorsAreVectorised()
    {
        // 64-bit lanes too: in float64 below 2^51, larger ones with AVX-512DQ or lane by lane.
        Assert.That(DivideOp<T>.Vectorizable && RemainderOp<T>.Vectorizable, Is.True);
    }

    /// <summary>
    /// Edge values, powers of two and their neighbours (around 2^53 for 64-bit, where float64 stops being exact), random
    /// magnitudes, and (as dividends) values one below a multiple of a small divisor, where a rounded-up quotient would show.
    /// </summary>
    private static T[] Values(int count, int seed, bool divisor)
    {
        var r = new Random(seed);
        int bits = Is64 ? 64 : 32;
        var edges = new List<T> { T.MinValue, T.MinValue + T.One, T.MaxValue, T.MaxValue - T.One, T.AllBitsSet, T.Zero, T.One };
        foreach (long v in (long[])[2, 3, -2, -3, 7, 10, 1000000007]) edges.Add(T.CreateTruncating(v));
        for (int k = 1; k < bits; k++) { T p = T.One << k; edges.AddRange([p, p - T.One, p + T.One, T.Zero - p, T.One - p, T.Zero - p - T.One]); }
        var values = new T[count];
        for (int i = 0; i < count; i++)
        {
            T t = (i % 5) switch
            {
                0 => edges[r.Next(edges.Count)],
                1 => T.CreateTruncating(r.NextInt64(long.MinValue, long.MaxValue)),
                2 => T.CreateTruncating(r.NextInt64(long.MinValue, long.MaxValue)) >> r.Next(bits),
                3 => T.CreateTruncating(r.NextInt64(-1000, 1000)),
                _ => divisor ? T.CreateTruncating(r.Next(1, 100)) : T.MaxValue / T.CreateTruncating(r.Next(1, 100)) * T.CreateTruncating(r.Next(1, 100)) - T.One,
            };
            values[i] = divisor && t == T.Zero ? T.One : t;
        }
        return values;
    }

    private static (T[] X, T[] Y) Operands(int count)
    {
        var x = Values(count, 21, divisor: false);
        var y = Values(count, 22, divisor: true);
        for (int i = 0; i < count; i++)
            if (Signed && x[i] == T.MinValue && y[i] == T.AllBitsSet) y[i] = T.One; // throws (checked elsewhere)
        // Every edge dividend against every edge divisor.
        var ex = Values(121, 23, divisor: false).Where((_, i) => i % 5 == 0).ToArray();
        var ey = Values(121, 24, divisor: true).Where((_, i) => i % 5 == 0).ToArray();
        var xs = new List<T>(x); var ys = new List<T>(y);
        foreach (var a in ex)
        foreach (var b in ey)
            if (!(Signed && a == T.MinValue && b == T.AllBitsSet)) { xs.Add(a); ys.Add(b); }
        return (xs.ToArray(), ys.ToArray());
    }

    [Test]
    public void DivideAndRemainderMatchTheScalarOperatorsAtEveryWidth()
    {
        var (x, y) = Operands(60001);
        IntegerDivisionCheck.MatchesScalar(x, y, KernelHarness.Widths);
    }

    [Test]
    public void ShortAndOddLengthsAndTwoThreads([Values(0, 1, 2, 3, 7, 8, 9, 15, 17, 31, 33, 1001)] int n, [Values(1, 2)] int threads)
    {
        var (x, y) = Operands(n);
        (x, y) = (x[..n], y[..n]);
        using var _ = NativeArraysSettings.Override(NativeArraysSettings.Current with { MaxDegreeOfParallelism = threads, ParallelThreshold = threads > 1 ? 16 : 1L << 40 });
        IntegerDivisionCheck.MatchesScalar(x, y, KernelHarness.Widths);
    }

    [Test]
    public void DivideAndRemainderOnEveryLayout()
    {
        var r = new Random(25);
        var pool = Values(4096, 26, divisor: false);
        var divisors = Values(4096, 27, divisor: true).Where(v => !(Signed && v == T.AllBitsSet)).ToArray();
        KernelHarness.CheckBinary<T, T>(
            (shape, o, a, b) => Elementwise.Binary<T, T, DivideOp<T>>("Divide", shape, o, a, b),
            (a, b) => a / b, () => pool[r.Next(pool.Length)], () => divisors[r.Next(divisors.Length)]);
        KernelHarness.CheckBinary<T, T>(
            (shape, o, a, b) => Elementwise.Binary<T, T, RemainderOp<T>>("Remainder", shape, o, a, b),
            (a, b) => a % b, () => pool[r.Next(pool.Length)], () => divisors[r.Next(divisors.Length)], full: false);
    }
}

/// <summary>
/// Divide and Remainder with every operand inside the exact floating-point path's range (32-bit: below 2^24 in magnitude,
/// one float32 division; 64-bit: below 2^51, float64), and beside lanes outside it.
/// </summary>
[TestFixture(typeof(int))]
[TestFixture(typeof(uint))]
[TestFixture(typeof(long))]
[TestFixture(typeof(ulong))]
public class IntegerDivideFloatPathTests<T> where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
{
    private static bool Signed => typeof(T) == typeof(int) || typeof(T) == typeof(long);
    private static int Bits => typeof(T) == typeof(long) || typeof(T) == typeof(ulong) ? 51 : 24;

    /// <summary>
    /// Operands below 2^Bits in magnitude (whole vectors of them, so no lane leaves the path): the bounds ±2^Bits and
    /// their neighbours (2^Bits itself is outside), every magnitude from 1 to Bits bits, dividends one below a multiple of
    /// the divisor and exact multiples, against the scalar operators; then the same values with one lane at or beyond
    /// 2^Bits in each vector (the lanes beside it keep the fast answer).
    /// </summary>
    [Test]
    public void OperandsInsideTheFloatPathRange()
    {
        var r = new Random(28);
        int bits = Bits;
        long limit = 1L << bits;
        long[] bounds = [limit - 1, limit - 2, 1, 0, limit / 2, limit / 3]; // magnitudes; signs come after
        int n = 64_000;
        var x = new T[n];
        var y = new T[n];
        for (int i = 0; i < n; i++)
        {
            long b = (i % 4) switch
            {
                0 => bounds[r.Next(bounds.Length)],
                1 => r.NextInt64(1, 100),
                _ => (r.Next(2) == 0 ? 1L << r.Next(0, bits) : Math.Max(1, r.NextInt64(1, 1L << r.Next(1, bits + 1)))) - (r.Next(3) == 0 ? 1 : 0),
            };
            if (b == 0) b = 1;
            long a = (i % 3) switch
            {
                0 => bounds[r.Next(bounds.Length)],
                1 => r.NextInt64(0, limit),
                _ => Math.Max(0, r.NextInt64((limit - 1) / b + 1) * b - (r.Next(2) == 0 ? 1 : 0)), // a multiple of b, or one below
            };
            if (Signed && r.Next(2) == 0) a = -a;
            if (Signed && r.Next(2) == 0) b = -b;
            if (Signed && r.Next(40) == 0) a = -limit; // the lowest value inside
            if (Signed && r.Next(40) == 0) b = -limit;
            x[i] = T.CreateTruncating(a);
            y[i] = T.CreateTruncating(b);
        }
        IntegerDivisionCheck.MatchesScalar(x, y, KernelHarness.Widths);
        for (int i = 0; i < n; i += 8)
        {
            if (i % 16 == 0) x[i] = T.CreateTruncating(Signed && r.Next(2) == 0 ? -limit - 1 - r.Next(5) : limit + r.Next(5));
            else y[i] = T.CreateTruncating(Signed && r.Next(2) == 0 ? -limit - 1 : limit + r.Next(1000));
        }
        IntegerDivisionCheck.MatchesScalar(x, y, KernelHarness.Widths);
    }
}
