using System.Numerics;
using NativeArrays.Kernels;

namespace NativeArrays.Tests.Kernels;

/// <summary>
/// 8- and 16-bit integer Divide / Remainder (float32 lanes) and 8-bit shifts (int16 lanes), vectorised for issue 12:
/// exhaustive or dense operand sets against the scalar C# operators at every width, and every layout.
/// </summary>
[TestFixture(typeof(sbyte))]
[TestFixture(typeof(byte))]
[TestFixture(typeof(short))]
[TestFixture(typeof(ushort))]
public class SmallIntegerOpsTests<T> where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
{
    private static readonly bool IsByte = typeof(T) == typeof(sbyte) || typeof(T) == typeof(byte);

    [Test]
    public void OperatorsAreVectorised()
    {
        Assert.That(DivideOp<T>.Vectorizable && RemainderOp<T>.Vectorizable, Is.True);
    }

    /// <summary>Every (x, y) pair for bytes; for 16 bits every x against edge and random divisors and every divisor against edge dividends.</summary>
    private static (T[] X, T[] Y) Operands()
    {
        var x = new List<T>();
        var y = new List<T>();
        long lo = long.CreateTruncating(T.MinValue), hi = long.CreateTruncating(T.MaxValue);
        if (IsByte)
        {
            for (long a = lo; a <= hi; a++)
            for (long b = lo; b <= hi; b++)
                if (b != 0) { x.Add(T.CreateTruncating(a)); y.Add(T.CreateTruncating(b)); }
            return (x.ToArray(), y.ToArray());
        }
        var r = new Random(11);
        long[] divisors = [lo, lo + 1, -1, 1, 2, 3, 7, 255, 256, 32767, hi, hi - 1, 12345, -12345, 181, -181];
        long[] dividends = [lo, lo + 1, -1, 0, 1, hi, hi - 1, 32767, 32768, 65535, 40000, -32768];
        for (long a = lo; a <= hi; a++)
        {
            long b = divisors[(int)((a - lo) % divisors.Length)];
            if (b < lo || b > hi || b == 0) b = r.Next(1, 100);
            x.Add(T.CreateTruncating(a)); y.Add(T.CreateTruncating(b));
        }
        for (long b = lo; b <= hi; b++)
        {
            if (b == 0) continue;
            long a = dividends[(int)((b - lo) % dividends.Length)];
            x.Add(T.CreateTruncating(a)); y.Add(T.CreateTruncating(b));
        }
        return (x.ToArray(), y.ToArray());
    }

    [Test]
    public void DivideAndRemainderMatchTheScalarOperatorsEverywhere()
    {
        var (x, y) = Operands();
        IntegerDivisionCheck.MatchesScalar(x, y, OpRunner.VectorWidths);
    }

    [Test]
    public void ByteShiftsMatchTheScalarOperatorsForEveryValueAndCount()
    {
        if (!IsByte) Assert.Ignore("byte lanes only (16-bit shifts are single instructions)");
        Assert.That(LeftShiftOp<T>.Vectorizable && RightShiftOp<T>.Vectorizable, Is.EqualTo(System.Runtime.Intrinsics.X86.Avx512BW.VL.IsSupported || System.Runtime.Intrinsics.X86.Avx2.IsSupported));
        // Every value against every count byte (counts >= 8 and negative ones are masked to 3 bits, as C#).
        var x = Enumerable.Range(0, 256 * 256).Select(i => T.CreateTruncating(i & 255)).ToArray();
        var c = Enumerable.Range(0, 256 * 256).Select(i => T.CreateTruncating(i >> 8)).ToArray();
        foreach (var w in OpRunner.VectorWidths)
        {
            var left = OpRunner.Binary<T, LeftShiftOp<T>>(x, c, w);
            var right = OpRunner.Binary<T, RightShiftOp<T>>(x, c, w);
            for (int i = 0; i < x.Length; i++)
            {
                T l = x[i] << int.CreateTruncating(c[i]), r = x[i] >> int.CreateTruncating(c[i]);
                if (left[i] != l) Assert.Fail($"LeftShift width {w}: {x[i]} << {c[i]} gave {left[i]}, want {l}");
                if (right[i] != r) Assert.Fail($"RightShift width {w}: {x[i]} >> {c[i]} gave {right[i]}, want {r}");
            }
        }
    }

    [Test]
    public void DivideOnEveryLayout()
    {
        var r = new Random(4);
        KernelHarness.CheckBinary<T, T>(
            (shape, o, a, b) => Elementwise.Binary<T, T, DivideOp<T>>("Divide", shape, o, a, b),
            (a, b) => a / b,
            () => T.CreateTruncating(r.Next(-40000, 70000)),
            () => { T v = T.CreateTruncating(r.Next(-300, 300)); return v == T.Zero ? T.One : v; },
            full: false);
    }
}

/// <summary>Divide and Remainder kernels against the scalar C# operators, element by element, at the given widths.</summary>
internal static class IntegerDivisionCheck
{
    public static void MatchesScalar<T>(T[] x, T[] y, SimdWidth[] widths) where T : unmanaged, IBinaryInteger<T>
    {
        foreach (var w in widths)
        {
            var q = OpRunner.Binary<T, DivideOp<T>>(x, y, w);
            var m = OpRunner.Binary<T, RemainderOp<T>>(x, y, w);
            for (int i = 0; i < x.Length; i++)
            {
                if (q[i] != x[i] / y[i]) Assert.Fail($"Divide width {w}: {x[i]} / {y[i]} gave {q[i]}, want {x[i] / y[i]}");
                if (m[i] != x[i] % y[i]) Assert.Fail($"Remainder width {w}: {x[i]} % {y[i]} gave {m[i]}, want {x[i] % y[i]}");
            }
        }
    }
}
