using System.Numerics;
using NativeArrays.Kernels;

namespace NativeArrays.Tests.Kernels;

/// <summary>
/// int64 / uint64 Divide and Remainder, vectorised for issue 12 (a float64 estimate from below, then integer corrections):
/// dense edge and random operands against the scalar C# operators at every width, lengths around the vector boundaries,
/// 1 and 2 threads, and every layout. The exceptions (zero divisor, long.MinValue / -1) are checked in VectorisedOpsTests.
/// </summary>
[TestFixture(typeof(long))]
[TestFixture(typeof(ulong))]
public class Int64DivideTests<T> where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
{
    [Test]
    public void OperatorsAreVectorisedWithAvx512DQ()
    {
        bool dq = System.Runtime.Intrinsics.X86.Avx512DQ.VL.IsSupported;
        Assert.That(DivideOp<T>.Vectorizable && RemainderOp<T>.Vectorizable, Is.EqualTo(dq));
    }

    /// <summary>Edge values, powers of two and their neighbours, values around 2^53 (where float64 stops being exact), random magnitudes.</summary>
    private static T[] Values(int count, int seed, bool divisor)
    {
        var r = new Random(seed);
        var edges = new List<long> { long.MinValue, long.MinValue + 1, long.MaxValue, long.MaxValue - 1, -1, 0, 1, 2, 3, -2, -3, 7, 10, 1000000007 };
        for (int k = 1; k < 64; k++) { long p = 1L << k; edges.AddRange([p, p - 1, p + 1, -p, -p + 1, -p - 1]); }
        var values = new T[count];
        for (int i = 0; i < count; i++)
        {
            long v = (i % 4) switch
            {
                0 => edges[r.Next(edges.Count)],
                1 => r.NextInt64(long.MinValue, long.MaxValue),
                2 => r.NextInt64(long.MinValue, long.MaxValue) >> r.Next(64),
                _ => r.NextInt64(-1000, 1000),
            };
            T t = T.CreateTruncating(v);
            values[i] = divisor && t == T.Zero ? T.One : t;
        }
        return values;
    }

    private static (T[] X, T[] Y) Operands(int count)
    {
        var x = Values(count, 21, divisor: false);
        var y = Values(count, 22, divisor: true);
        for (int i = 0; i < count; i++)
            if (typeof(T) == typeof(long) && x[i] == T.MinValue && y[i] == T.AllBitsSet) y[i] = T.One; // throws (checked elsewhere)
        // Every edge dividend against every edge divisor.
        var ex = Values(97, 23, divisor: false).Where((_, i) => i % 4 == 0).ToArray();
        var ey = Values(97, 24, divisor: true).Where((_, i) => i % 4 == 0).ToArray();
        var xs = new List<T>(x); var ys = new List<T>(y);
        foreach (var a in ex)
        foreach (var b in ey)
            if (!(typeof(T) == typeof(long) && a == T.MinValue && b == T.AllBitsSet)) { xs.Add(a); ys.Add(b); }
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
        var divisors = Values(4096, 27, divisor: true).Where(v => !(typeof(T) == typeof(long) && v == T.AllBitsSet)).ToArray();
        KernelHarness.CheckBinary<T, T>(
            (shape, o, a, b) => Elementwise.Binary<T, T, DivideOp<T>>("Divide", shape, o, a, b),
            (a, b) => a / b, () => pool[r.Next(pool.Length)], () => divisors[r.Next(divisors.Length)]);
        KernelHarness.CheckBinary<T, T>(
            (shape, o, a, b) => Elementwise.Binary<T, T, RemainderOp<T>>("Remainder", shape, o, a, b),
            (a, b) => a % b, () => pool[r.Next(pool.Length)], () => divisors[r.Next(divisors.Length)], full: false);
    }
}
