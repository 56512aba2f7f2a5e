using System.Runtime.CompilerServices;
using System.Numerics;
using NativeArrays.Kernels;

namespace NativeArrays.Tests.Kernels;

/// <summary>
/// Vector primitives whose x86 form is a single instruction with its own NaN rules, against a scalar reference at
/// every width: <c>EitherNaN</c> (an unordered compare) on random lanes with NaN in either, both or neither operand.
/// </summary>
[TestFixtureSource(typeof(ElementTypes), nameof(ElementTypes.Numeric))]
public unsafe class SimdPrimitiveTests<T> where T : unmanaged, INumber<T>
{
    [Test]
    public void EitherNaNMarksTheLanesWhereAnOperandIsNaN()
    {
        Check<Vec128<T>>();
        Check<Vec256<T>>();
        Check<Vec512<T>>();
    }

    private static void Check<TV>() where TV : struct, ISimdVec<TV, T>
    {
        var random = new Random(5);
        bool isFloat = typeof(T) == typeof(float) || typeof(T) == typeof(double) || typeof(T) == typeof(Half);
        T* l = stackalloc T[TV.Count], r = stackalloc T[TV.Count], m = stackalloc T[TV.Count];
        for (int round = 0; round < 200; round++)
        {
            for (int k = 0; k < TV.Count; k++)
            {
                l[k] = isFloat && random.Next(3) == 0 ? T.CreateTruncating(double.NaN) : T.CreateTruncating(random.Next(-50, 50));
                r[k] = isFloat && random.Next(3) == 0 ? T.CreateTruncating(double.NaN) : T.CreateTruncating(random.Next(-50, 50));
            }
            TV.Store(TV.EitherNaN(TV.Load(l), TV.Load(r)), m);
            ulong bits = TV.ExtractMostSignificantBits(TV.EitherNaN(TV.Load(l), TV.Load(r)));
            for (int k = 0; k < TV.Count; k++)
            {
                bool want = T.IsNaN(l[k]) || T.IsNaN(r[k]);
                Assert.That((bits >> k & 1) != 0, Is.EqualTo(want), $"{typeof(TV).Name} lane {k}: {l[k]}, {r[k]}");
                if (!want) Assert.That(m[k], Is.EqualTo(T.Zero), $"{typeof(TV).Name} lane {k}: an unmarked lane is zero");
            }
        }
    }
}

/// <summary>
/// The lane folds of <c>Max</c> and <c>Min</c> reductions (<c>MaxAcross</c>, <c>MinAcross</c>: halves folded as a
/// tree) on every vector type, bit for bit against the lanes folded one by one by the scalar <c>Max</c> / <c>Min</c>:
/// NaN lanes, +0 and −0 in any places.
/// </summary>
[TestFixtureSource(typeof(ElementTypes), nameof(ElementTypes.Numeric))]
public unsafe class LaneFoldTests<T> where T : unmanaged, INumber<T>
{
    [Test]
    public void MaxAcrossAndMinAcrossEqualTheLanesFoldedInOrder()
    {
        Check<Vec128<T>>();
        Check<Vec256<T>>();
        Check<Vec512<T>>();
    }

    private static void Check<TV>() where TV : struct, ISimdVec<TV, T>
    {
        var random = new Random(9);
        bool isFloat = typeof(T) == typeof(float) || typeof(T) == typeof(double) || typeof(T) == typeof(Half);
        T* v = stackalloc T[TV.Count];
        for (int round = 0; round < 300; round++)
        {
            for (int k = 0; k < TV.Count; k++)
            {
                int pick = random.Next(30);
                v[k] = isFloat && pick == 0 ? T.CreateTruncating(double.NaN)
                    : isFloat && pick < 4 ? T.CreateTruncating(pick % 2 == 0 ? 0.0 : -0.0)
                    : T.CreateTruncating(random.Next(-100, 100));
            }
            T max = v[0], min = v[0];
            for (int k = 1; k < TV.Count; k++) { max = T.Max(max, v[k]); min = T.Min(min, v[k]); }
            var x = TV.Load(v);
            Assert.That(Bits(TV.MaxAcross(x)), Is.EqualTo(Bits(max)), $"{typeof(TV).Name} MaxAcross round {round}");
            Assert.That(Bits(TV.MinAcross(x)), Is.EqualTo(Bits(min)), $"{typeof(TV).Name} MinAcross round {round}");
        }
    }

    private static string Bits(T value) => Convert.ToHexString(new ReadOnlySpan<byte>(&value, sizeof(T)));
}

/// <summary>
/// The byte shifts (no x86 byte shift instruction: AVX-512BW through int16 lanes, else the AVX2 blend stages of
/// <see cref="ByteShifts"/>) on every vector type, against the C# operators.
/// </summary>
[TestFixture(typeof(byte))]
[TestFixture(typeof(sbyte))]
public unsafe class ByteShiftPrimitiveTests<T> where T : unmanaged, INumber<T>
{
    /// <summary>
    /// Byte shifts called on each vector type directly (so the 512-bit form runs here too, on its AVX-512BW path or
    /// as two AVX2 halves): every value against every count byte.
    /// </summary>
    [Test]
    public void ByteShiftsOnEveryVectorType()
    {
        if (!SimdTypes.HasByteShift<T>()) Assert.Ignore("no vector byte shift on this machine");
        CheckShifts<Vec128<T>>();
        CheckShifts<Vec256<T>>();
        CheckShifts<Vec512<T>>();
    }

    private static void CheckShifts<TV>() where TV : struct, ISimdVec<TV, T>
    {
        T* x = stackalloc T[TV.Count], c = stackalloc T[TV.Count], l = stackalloc T[TV.Count], r = stackalloc T[TV.Count];
        for (int start = 0; start < 256 * 256; start += TV.Count)
        {
            for (int k = 0; k < TV.Count; k++)
            {
                x[k] = T.CreateTruncating((start + k) & 255);
                c[k] = T.CreateTruncating((start + k) >> 8);
            }
            TV.Store(TV.ShiftLeftBytes(TV.Load(x), TV.Load(c)), l);
            TV.Store(TV.ShiftRightBytes(TV.Load(x), TV.Load(c)), r);
            for (int k = 0; k < TV.Count; k++)
            {
                // C#: the count masked to 3 bits; sbyte shifts right arithmetically, byte logically.
                int value = int.CreateTruncating(x[k]), count = int.CreateTruncating(c[k]) & 7;
                T wantLeft = T.CreateTruncating(value << count), wantRight = T.CreateTruncating(value >> count);
                if (l[k] != wantLeft) Assert.Fail($"{typeof(TV).Name}: {x[k]} << {c[k]} gave {l[k]}, want {wantLeft}");
                if (r[k] != wantRight) Assert.Fail($"{typeof(TV).Name}: {x[k]} >> {c[k]} gave {r[k]}, want {wantRight}");
            }
        }
    }
}

/// <summary>
/// int32/uint32 <c>DivideInteger</c> called on each vector type directly (so the 512-bit form runs here even without
/// AVX-512): vectors whose operands are all below 2^24 in magnitude (the one float32 division) and vectors with one
/// operand at or beyond it (the float64 halves), against the C# operator.
/// </summary>
[TestFixture(typeof(int))]
[TestFixture(typeof(uint))]
public unsafe class DivideIntegerPrimitiveTests<T> where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
{
    [Test]
    public void DivideIntegerOnEveryVectorType()
    {
        Check<Vec128<T>>();
        Check<Vec256<T>>();
        Check<Vec512<T>>();
    }

    private static void Check<TV>() where TV : struct, ISimdVec<TV, T>
    {
        var random = new Random(6);
        bool signed = typeof(T) == typeof(int);
        T* l = stackalloc T[TV.Count], r = stackalloc T[TV.Count], q = stackalloc T[TV.Count];
        for (int round = 0; round < 20_000; round++)
        {
            bool wide = round % 3 == 0; // one lane at or beyond 2^24
            for (int k = 0; k < TV.Count; k++)
            {
                long a = random.Next(4) switch { 0 => (1 << 24) - 1 - random.Next(3), 1 => random.Next(0, 1000), _ => random.NextInt64(0, 1 << 24) };
                long b = random.Next(3) switch { 0 => random.Next(1, 10), 1 => (1 << 24) - 1 - random.Next(3), _ => random.NextInt64(1, 1L << random.Next(1, 25)) };
                b = Math.Min(b, (1 << 24) - 1);
                if (random.Next(4) == 0) a = Math.Max(0, a / b * b - random.Next(2)); // a multiple of b, or one below
                if (signed && random.Next(2) == 0) a = -a;
                if (signed && random.Next(2) == 0) b = -b;
                if (signed && random.Next(50) == 0) a = -(1 << 24) + 1;
                l[k] = T.CreateTruncating(a);
                r[k] = T.CreateTruncating(b);
            }
            if (wide)
            {
                int k = random.Next(TV.Count);
                long big = (1L << 24) + random.Next(3);
                if (random.Next(2) == 0) l[k] = T.CreateTruncating(signed && random.Next(2) == 0 ? -big : big);
                else r[k] = T.CreateTruncating(big);
            }
            TV.Store(TV.DivideInteger(TV.Load(l), TV.Load(r)), q);
            for (int k = 0; k < TV.Count; k++)
                if (q[k] != l[k] / r[k]) Assert.Fail($"{typeof(TV).Name} lane {k}: {l[k]} / {r[k]} gave {q[k]}, want {l[k] / r[k]}");
        }
    }
}

/// <summary>
/// <c>SmallInt64ToDouble</c> (the exact 1.5·2^52 conversion the widening AsType rows use) called on each vector type
/// directly, so the 512-bit form runs on machines without AVX-512 too: every lane equal to <c>(double)x</c> for int64 in
/// [−2^51, 2^51), the bounds, the int32 and uint32 extremes and random values of every magnitude.
/// </summary>
public unsafe class SmallInt64ToDoublePrimitiveTests
{
    [Test]
    public void ConvertsEveryLaneExactlyOnEveryVectorType()
    {
        Check<Vec128<long>>();
        Check<Vec256<long>>();
        Check<Vec512<long>>();
    }

    private static void Check<TV>() where TV : struct, ISimdVec<TV, long>
    {
        long[] edges = [0, 1, -1, int.MaxValue, int.MinValue, uint.MaxValue, (1L << 51) - 1, -(1L << 51), (1L << 51) - 2, -(1L << 51) + 1, 1L << 32, -(1L << 32)];
        var random = new Random(8);
        long* x = stackalloc long[TV.Count], y = stackalloc long[TV.Count];
        for (int round = 0; round < 20_000; round++)
        {
            for (int k = 0; k < TV.Count; k++)
                x[k] = round < edges.Length ? edges[(round + k) % edges.Length]
                    : random.NextInt64(-(1L << random.Next(0, 52)), 1L << random.Next(0, 52));
            TV.Store(TV.SmallInt64ToDouble(TV.Load(x)), y);
            for (int k = 0; k < TV.Count; k++)
            {
                double got = BitConverter.Int64BitsToDouble(y[k]);
                if (got != x[k]) Assert.Fail($"{typeof(TV).Name} lane {k}: {x[k]} gave {got:R}");
            }
        }
    }
}

/// <summary>
/// <c>ScaleB</c> (AVX-512 <c>vscalefps</c> / <c>vscalefpd</c>, only at 512 bits) against the correctly rounded
/// <see cref="MathF.ScaleB"/> / <see cref="Math.ScaleB"/> (and, for float32, the exact float64 product rounded once),
/// bit for bit: random values of every magnitude and sign, integer exponents far past both ends of the range (normal,
/// subnormal, zero, infinite results), ±0, ±inf and NaN values. The exp kernels rely on it rounding e·2^k once.
/// </summary>
[TestFixture(typeof(float))]
[TestFixture(typeof(double))]
public unsafe class ScaleBPrimitiveTests<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [Test]
    public void ScaleBRoundsTheScaledValueOnceInEveryLane()
    {
        Assert.That(Vec128<T>.HasScaleB || Vec256<T>.HasScaleB, Is.False, "only the 512-bit width scales in one instruction");
        if (!Vec512<T>.HasScaleB) Assert.Ignore("no AVX-512 on this machine: the kernels keep their own scaling at every width");
        bool single = typeof(T) == typeof(float);
        int range = single ? 300 : 2200;
        double[] specials = [0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN, 1.0, -1.5];
        var random = new Random(11);
        int count = Vec512<T>.Count;
        T* v = stackalloc T[count], k = stackalloc T[count], r = stackalloc T[count];
        int checkedLanes = 0;
        for (int round = 0; round < 20_000; round++)
        {
            for (int j = 0; j < count; j++)
            {
                double m = random.Next(8) == 0 ? specials[random.Next(specials.Length)]
                    : (1 + random.NextDouble()) * Math.Pow(2, random.Next(single ? -140 : -1060, single ? 120 : 1000)) * (random.Next(2) * 2 - 1);
                v[j] = T.CreateTruncating(m);
                k[j] = T.CreateTruncating((double)random.Next(-range, range + 1));
            }
            Vec512<T>.Store(Vec512<T>.ScaleB(Vec512<T>.Load(v), Vec512<T>.Load(k)), r);
            for (int j = 0; j < count; j++, checkedLanes++)
            {
                int n = int.CreateTruncating(k[j]);
                T expected = single ? T.CreateTruncating(MathF.ScaleB(float.CreateTruncating(v[j]), n)) : T.CreateTruncating(Math.ScaleB(double.CreateTruncating(v[j]), n));
                if (single && Math.Abs(n) < 400)
                {
                    // The exact product (a float32 value times a power of two within float64's range) rounded once.
                    float exact = (float)(double.CreateTruncating(v[j]) * Math.Pow(2, n));
                    if (!float.IsNaN(exact) && BitConverter.SingleToInt32Bits(exact) != BitConverter.SingleToInt32Bits(float.CreateTruncating(expected)))
                        Assert.Fail($"the references disagree at {v[j]:R}·2^{n}: {exact:R} and {expected:R}");
                }
                bool same = T.IsNaN(expected) ? T.IsNaN(r[j]) : r[j] == expected && T.IsNegative(r[j]) == T.IsNegative(expected);
                if (!same) Assert.Fail($"lane {j}: {v[j]:R}·2^{n} gave {r[j]:R}, expected {expected:R}");
            }
        }
        Assert.That(checkedLanes, Is.EqualTo(20_000 * count));
    }
}

/// <summary>
/// The float32 exp scaling that avoids Intel's microcode assist (<c>VectorMath.ScaleBWithoutAssist</c>): one
/// <c>vscalefps</c> for vectors whose k are all above −126, the FMA scaling of <c>ScaleSingle</c> for the others. Both
/// paths are called on every machine with AVX-512 (the FMA one directly too, whatever the vendor),
/// on mantissas in [√½, √2] (the exp and exp2 cores' range) and every k of [−151, 128], with vectors mixing normal and
/// subnormal results: every lane the bits of <c>vscalefps</c> and of the float64 product rounded once.
/// </summary>
public unsafe class ScaleBWithoutAssistTests
{
    [Test]
    public void BothPathsGiveTheBitsOfOneRoundingForEveryScale()
    {
        if (!Vec512<float>.HasScaleB) Assert.Ignore("no AVX-512 on this machine: the kernels keep their own scaling at every width");
        var random = new Random(35);
        const int count = 16;
        float* e = stackalloc float[count], k = stackalloc float[count], viaCheck = stackalloc float[count], viaFma = stackalloc float[count], viaScaleB = stackalloc float[count];
        int subnormalVectors = 0, normalVectors = 0;
        for (int round = 0; round < 40_000; round++)
        {
            // Half the vectors keep every k above −126 (the one-instruction path), the others mix in k down to −151.
            bool low = round % 2 == 0;
            for (int j = 0; j < count; j++)
            {
                e[j] = (float)(Math.Sqrt(0.5) + random.NextDouble() * (Math.Sqrt(2) - Math.Sqrt(0.5)));
                if (random.Next(16) == 0) e[j] = random.Next(2) == 0 ? 0.70710677f : 1.4142135f;
                k[j] = low ? random.Next(-151, 129) : random.Next(-125, 129);
            }
            var ve = Vec512<float>.Load(e);
            var vk = Vec512<float>.Load(k);
            Vec512<float>.Store(VectorMath.ScaleBWithoutAssist<float, Vec512<float>>(ve, vk), viaCheck);
            Vec512<float>.Store(VectorMath.ScaleSingleAnyK<float, Vec512<float>>(ve, vk), viaFma);
            Vec512<float>.Store(Vec512<float>.ScaleB(ve, vk), viaScaleB);
            bool anySubnormal = false;
            for (int j = 0; j < count; j++)
            {
                float expected = (float)(e[j] * Math.Pow(2, k[j]));
                anySubnormal |= float.IsSubnormal(expected) || (expected == 0 && k[j] < -126);
                int bits = BitConverter.SingleToInt32Bits(expected);
                if (BitConverter.SingleToInt32Bits(viaCheck[j]) != bits || BitConverter.SingleToInt32Bits(viaFma[j]) != bits || BitConverter.SingleToInt32Bits(viaScaleB[j]) != bits)
                    Assert.Fail($"lane {j}: {e[j]:R}·2^{k[j]}: expected {expected:R}, got {viaCheck[j]:R} (checked), {viaFma[j]:R} (FMA), {viaScaleB[j]:R} (vscalefps)");
            }
            if (anySubnormal) subnormalVectors++; else normalVectors++;
        }
        Assert.That(subnormalVectors, Is.GreaterThan(10_000), "vectors with subnormal results were checked");
        Assert.That(normalVectors, Is.GreaterThan(10_000), "vectors of normal results were checked");
    }
}

/// <summary>
/// <c>FixLogSpecials</c> (one <c>vfixupimm</c> with AVX-512, five compares and selects without): at every width, for
/// float32 and float64, the same bits as the select form and as the scalar rules on every class of argument: ±0, ±1,
/// ±inf, negatives, positives and subnormals (which keep r), quiet and signalling NaNs of both signs with payloads
/// (quieted, payload and sign kept).
/// </summary>
public unsafe class FixLogSpecialsTests
{
    [Test] public void Float32() { Check<float, Vec128<float>>(); Check<float, Vec256<float>>(); Check<float, Vec512<float>>(); }
    [Test] public void Float64() { Check<double, Vec128<double>>(); Check<double, Vec256<double>>(); Check<double, Vec512<double>>(); }

    private static List<T> Arguments<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var v = new List<T> { T.Zero, T.NegativeZero, T.One, -T.One, T.PositiveInfinity, T.NegativeInfinity, T.Epsilon, -T.Epsilon,
            T.CreateTruncating(0.5), T.CreateTruncating(-3.25), T.CreateTruncating(1e30), T.CreateTruncating(-1e-30), T.NaN };
        var random = new Random(8);
        for (int i = 0; i < 40; i++)
        {
            // NaNs with random payloads, quiet and signalling, of both signs (float32 and float64 bit layouts).
            if (typeof(T) == typeof(float))
            {
                uint payload = (uint)random.Next(1, 1 << 22) | (uint)(random.Next(2) << 22) | (uint)(random.Next(2) << 31);
                v.Add(Unsafe.BitCast<float, T>(BitConverter.UInt32BitsToSingle(0x7F80_0000u | payload)));
            }
            else
            {
                ulong payload = (ulong)random.NextInt64(1, 1L << 51) | ((ulong)random.Next(2) << 51) | ((ulong)random.Next(2) << 63);
                v.Add(Unsafe.BitCast<double, T>(BitConverter.UInt64BitsToDouble(0x7FF0_0000_0000_0000ul | payload)));
            }
            v.Add(T.CreateTruncating((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-40, 40))));
        }
        return v;
    }

    private static void Check<T, TV>() where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        var args = Arguments<T>();
        T* u = stackalloc T[TV.Count], r = stackalloc T[TV.Count], got = stackalloc T[TV.Count], select = stackalloc T[TV.Count];
        T marker = T.CreateTruncating(12345.5);
        for (int start = 0; start < args.Count; start += TV.Count)
        {
            for (int k = 0; k < TV.Count; k++) { u[k] = args[(start + k) % args.Count]; r[k] = marker; }
            TV.Store(TV.FixLogSpecials(TV.Load(r), TV.Load(u)), got);
            TV.Store(LogSpecialsFallback.Apply<T, TV>(TV.Load(r), TV.Load(u)), select);
            for (int k = 0; k < TV.Count; k++)
            {
                T x = u[k];
                T want = T.IsNaN(x) ? x + x : x == T.Zero ? T.NegativeInfinity : x < T.Zero ? T.NaN : T.IsPositiveInfinity(x) ? x : marker;
                string at = $"{typeof(TV).Name}: u = {Bits(x)}: got {Bits(got[k])}, select form {Bits(select[k])}, want {Bits(want)}";
                Assert.That(Bits(got[k]), Is.EqualTo(Bits(select[k])), at);
                Assert.That(Bits(got[k]), Is.EqualTo(Bits(want)), at);
            }
        }
    }

    private static string Bits<T>(T x) where T : unmanaged =>
        typeof(T) == typeof(float) ? $"0x{BitConverter.SingleToUInt32Bits(Unsafe.BitCast<T, float>(x)):X8}" : $"0x{BitConverter.DoubleToUInt64Bits(Unsafe.BitCast<T, double>(x)):X16}";
}

/// <summary>
/// <c>NotPositiveNormalBits</c> (one <c>vfpclass</c> with AVX-512DQ, the normal-range <c>OutsideBits</c> without): at
/// every width, for float32 and float64, one bit per lane set exactly where the lane is not a positive normal finite
/// number, on every class of argument (the <see cref="FixLogSpecialsTests"/> arguments plus both ends of the normal range
/// and their neighbours), and the same bits as the compare form.
/// </summary>
public unsafe class NotPositiveNormalBitsTests
{
    [Test] public void Float32() { Check<float, Vec128<float>>(); Check<float, Vec256<float>>(); Check<float, Vec512<float>>(); }
    [Test] public void Float64() { Check<double, Vec128<double>>(); Check<double, Vec256<double>>(); Check<double, Vec512<double>>(); }

    private static void Check<T, TV>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T> where TV : struct, ISimdVec<TV, T>
    {
        T minNormal = T.CreateTruncating(typeof(T) == typeof(float) ? 1.17549435E-38f : 2.2250738585072014E-308);
        var args = new List<T> { T.Zero, T.NegativeZero, T.One, -T.One, T.PositiveInfinity, T.NegativeInfinity, T.Epsilon, -T.Epsilon, T.NaN, -T.NaN,
            minNormal, T.BitDecrement(minNormal), T.BitIncrement(minNormal), -minNormal, T.MaxValue, T.BitDecrement(T.MaxValue), T.MinValue };
        var random = new Random(9);
        for (int i = 0; i < 60; i++) args.Add(T.CreateTruncating((random.NextDouble() - 0.3) * Math.Pow(10, random.Next(-320, 320))));
        T* u = stackalloc T[TV.Count];
        for (int start = 0; start < args.Count; start += TV.Count)
        {
            for (int k = 0; k < TV.Count; k++) u[k] = args[(start + k) % args.Count];
            ulong got = TV.NotPositiveNormalBits(TV.Load(u));
            ulong compare = TV.OutsideBits(TV.Load(u), TV.Create(minNormal), TV.Create(T.MaxValue));
            ulong want = 0;
            for (int k = 0; k < TV.Count; k++) if (!(T.IsNormal(u[k]) && u[k] > T.Zero)) want |= 1ul << k;
            Assert.That(got, Is.EqualTo(want), $"{typeof(TV).Name}: lanes {string.Join(", ", Enumerable.Range(0, TV.Count).Select(k => u[k]))}");
            Assert.That(compare, Is.EqualTo(want), $"{typeof(TV).Name} compare form");
        }
    }
}

/// <summary>
/// <c>RoundRemainder</c> (one <c>vreduceps</c> / <c>vreducepd</c> with AVX-512DQ, x − round(x) and a select without):
/// at every width, for float32 and float64, x − round(x) (ties to even) exactly, ±0 for ±inf (the sign may differ:
/// only a zero is required), NaN for NaN, the same value as the fallback form, on halves and their neighbours, zeros,
/// subnormals, the largest values, the edges of the integers' range and random values of every magnitude.
/// </summary>
public unsafe class RoundRemainderTests
{
    [Test] public void Float32() { Check<float, Vec128<float>>(); Check<float, Vec256<float>>(); Check<float, Vec512<float>>(); }
    [Test] public void Float64() { Check<double, Vec128<double>>(); Check<double, Vec256<double>>(); Check<double, Vec512<double>>(); }

    private static void Check<T, TV>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T> where TV : struct, ISimdVec<TV, T>
    {
        T half = T.CreateTruncating(0.5), mantissaLimit = T.CreateTruncating(typeof(T) == typeof(float) ? 8388608.0 : 4503599627370496.0);
        var args = new List<T> { T.Zero, T.NegativeZero, T.PositiveInfinity, T.NegativeInfinity, T.NaN, -T.NaN, T.Epsilon, -T.Epsilon,
            T.MaxValue, T.MinValue, mantissaLimit, T.BitDecrement(mantissaLimit), -T.BitDecrement(mantissaLimit), T.BitIncrement(mantissaLimit) };
        for (int i = -6; i <= 6; i++)
        {
            T h = T.CreateTruncating(i) + half; // halves: ties to even, and both neighbours
            args.AddRange([h, T.BitDecrement(h), T.BitIncrement(h), T.CreateTruncating(i)]);
        }
        var random = new Random(10);
        for (int i = 0; i < 200; i++) args.Add(T.CreateTruncating((random.NextDouble() - 0.5) * Math.Pow(2, random.Next(-30, 60))));
        T infinity = T.PositiveInfinity;
        T* u = stackalloc T[TV.Count], got = stackalloc T[TV.Count], fallback = stackalloc T[TV.Count];
        for (int start = 0; start < args.Count; start += TV.Count)
        {
            for (int k = 0; k < TV.Count; k++) u[k] = args[(start + k) % args.Count];
            TV.Store(TV.RoundRemainder(TV.Load(u)), got);
            TV.Store(RoundRemainderFallback.Apply<T, TV>(TV.Load(u), TV.Create(infinity)), fallback);
            for (int k = 0; k < TV.Count; k++)
            {
                T x = u[k];
                T want = T.IsNaN(x) ? x : T.IsInfinity(x) ? T.Zero : x - T.Round(x, MidpointRounding.ToEven);
                string at = $"{typeof(TV).Name}: x = {x:R}: got {got[k]:R}, fallback {fallback[k]:R}, want {want:R}";
                foreach (T v in new[] { got[k], fallback[k] })
                {
                    if (T.IsNaN(want)) Assert.That(T.IsNaN(v), at);
                    else Assert.That(v == want && (want != T.Zero || T.IsInfinity(x) || T.IsNegative(v) == T.IsNegative(want)), at);
                }
            }
        }
    }
}

/// <summary>
/// <c>ClampMagnitude</c> (one <c>vrangeps</c> / <c>vrangepd</c> with AVX-512DQ, the native max and min without) and
/// <c>AboveOrNaNBits</c> (one negated compare): at every width, for float32 and float64, the clamp gives
/// min(limit, max(−limit, x)) with x's sign kept for ±0 on every lane that is not NaN (zeros, subnormals, the limit and
/// its neighbours, infinities, random magnitudes), and the bits are set exactly where x &gt; hi or x is NaN.
/// </summary>
public unsafe class ClampMagnitudeAndAboveBitsTests
{
    [Test] public void Float32() { Check<float, Vec128<float>>(); Check<float, Vec256<float>>(); Check<float, Vec512<float>>(); }
    [Test] public void Float64() { Check<double, Vec128<double>>(); Check<double, Vec256<double>>(); Check<double, Vec512<double>>(); }

    private static void Check<T, TV>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T> where TV : struct, ISimdVec<TV, T>
    {
        T limit = T.CreateTruncating(88);
        var args = new List<T> { T.Zero, T.NegativeZero, T.PositiveInfinity, T.NegativeInfinity, T.NaN, -T.NaN, T.Epsilon, -T.Epsilon,
            T.MaxValue, T.MinValue, limit, -limit, T.BitDecrement(limit), T.BitIncrement(limit), -T.BitDecrement(limit), -T.BitIncrement(limit) };
        var random = new Random(11);
        for (int i = 0; i < 200; i++) args.Add(T.CreateTruncating((random.NextDouble() - 0.5) * Math.Pow(2, random.Next(-30, 12))));
        T* u = stackalloc T[TV.Count], got = stackalloc T[TV.Count];
        for (int start = 0; start < args.Count; start += TV.Count)
        {
            for (int k = 0; k < TV.Count; k++) u[k] = args[(start + k) % args.Count];
            TV.Store(TV.ClampMagnitude(TV.Load(u), TV.Create(limit), TV.Create(-limit)), got);
            ulong above = TV.AboveOrNaNBits(TV.Load(u), TV.Create(limit));
            for (int k = 0; k < TV.Count; k++)
            {
                T x = u[k];
                Assert.That((above >> k & 1) == 1, Is.EqualTo(T.IsNaN(x) || x > limit), $"{typeof(TV).Name}: AboveOrNaNBits of {x:R}");
                if (T.IsNaN(x)) continue;
                T want = x > limit ? limit : x < -limit ? -limit : x;
                Assert.That(got[k] == want && T.IsNegative(got[k]) == T.IsNegative(want), $"{typeof(TV).Name}: ClampMagnitude({x:R}) = {got[k]:R}, want {want:R}");
            }
            Assert.That(above >> TV.Count, Is.Zero, $"{typeof(TV).Name}: no bits above the lanes");
        }
    }
}
