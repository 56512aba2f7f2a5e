using System.Runtime.InteropServices;

namespace NativeArrays.Tests.Kernels;

/// <summary>
/// Expm1 ORs x's sign bit into its cores' result (the cores give +0 for −0): exact only because the result already has
/// x's sign for every other argument. Checked for every float32 of the vector core's range [−87, 88] (both signs,
/// about 2.2·10⁹ arguments), and for float64 on a million arguments spread over [−40, 709] and its tiny magnitudes.
/// </summary>
public class Expm1SignTests
{
    [Test]
    public void EveryFloat32OfTheCoreRangeGivesItsOwnSign()
    {
        const int chunk = 1 << 22;
        using var x = NDArray<float>.Empty(chunk);
        using var y = NDArray<float>.Empty(chunk);
        Span<uint> xs = MemoryMarshal.Cast<float, uint>(x.AsSpan());
        long checkedCount = 0;
        // Bit patterns: +0 .. 88.0 and −0 .. −87.0 (the lanes above 88 and NaN go to the special path).
        foreach (var (first, last) in new[] { (0x0000_0000u, 0x42B0_0000u), (0x8000_0000u, 0xC2AE_0000u) })
        {
            for (ulong start = first; start <= last; start += chunk)
            {
                for (int i = 0; i < chunk; i++) xs[i] = (uint)Math.Min(start + (ulong)i, last);
                NDArray.Expm1(x, y);
                ReadOnlySpan<uint> ys = MemoryMarshal.Cast<float, uint>(y.AsReadOnlySpan());
                for (int i = 0; i < chunk; i++)
                {
                    if (((xs[i] ^ ys[i]) & 0x8000_0000u) != 0 || float.IsNaN(BitConverter.UInt32BitsToSingle(ys[i])))
                        Assert.Fail($"Expm1({BitConverter.UInt32BitsToSingle(xs[i]):R}) (bits 0x{xs[i]:X8}) = {BitConverter.UInt32BitsToSingle(ys[i]):R} (bits 0x{ys[i]:X8}): not the argument's sign");
                }
                checkedCount += (long)Math.Min((ulong)chunk, last - start + 1);
            }
        }
        Assert.That(checkedCount, Is.EqualTo(0x42B0_0001L + 0x42AE_0001L));
    }

    [Test]
    public void Float64GivesItsOwnSign()
    {
        var r = new Random(47);
        var v = new double[1_000_000];
        for (int i = 0; i < v.Length; i++)
        {
            double magnitude = (i % 4) switch
            {
                0 => r.NextDouble() * 709,
                1 => r.NextDouble() * 40,
                2 => Math.Pow(10, -r.NextDouble() * 320), // down to the subnormals
                _ => r.NextDouble() * 1.5, // around the first reduction step (k = ±1)
            };
            v[i] = r.Next(2) == 0 ? magnitude : -Math.Min(magnitude, 40);
        }
        v[0] = 0.0; v[1] = -0.0; v[2] = double.Epsilon; v[3] = -double.Epsilon;
        using var x = NDArray<double>.FromArray(v);
        using var y = NDArray.Expm1(x);
        double[] got = y.ToArray();
        for (int i = 0; i < v.Length; i++)
            if (double.IsNegative(got[i]) != double.IsNegative(v[i]) || double.IsNaN(got[i]))
                Assert.Fail($"Expm1({v[i]:R}) = {got[i]:R}: not the argument's sign");
    }
}
