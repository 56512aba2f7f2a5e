using System.Numerics;
using NativeArrays.Kernels;

namespace NativeArrays.Tests.Kernels;

/// <summary>The AsType kernel: vector conversions agree with CreateSaturating on every width and layout.</summary>
public class ConversionTests
{
    private static readonly double[] Specials = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 3e9, -3e9, 1e19, -1e19, 2.5, -2.5, -0.7, 0.7, 16777217, 9007199254740993,
        -0.0, 4294967295.5, 4294967296, -1, 2147483648, 18446744073709551615.0, 9223372036854775807.0, 255.9, 65535.5, -129];

    private static void Check<TFrom, TTo>(Func<Random, TFrom> value)
        where TFrom : unmanaged, INumberBase<TFrom> where TTo : unmanaged, INumberBase<TTo>
    {
        var r = new Random(13);
        int k = 0;
        foreach (var w in KernelHarness.Widths)
        {
            using var _ = KernelHarness.Width(w);
            foreach (var shape in new nint[][] { [5, 37], [33, 65], [1000], [] })
            foreach (var layout in new[] { Layout.Contiguous, Layout.Step, Layout.Transposed })
            {
                var (owner, view) = KernelHarness.Make(layout, shape, () => k++ % 5 == 0 ? TFrom.CreateTruncating(Specials[r.Next(Specials.Length)]) : value(r));
                using (owner)
                using (var output = RawView<TTo>.Alloc(shape))
                {
                    Assert.That(Conversion.TryConvert<TFrom, TTo>(shape, output.Operand, view.Operand), Is.True);
                    foreach (var idx in RawView<TFrom>.Indices(shape))
                    {
                        TTo want = TTo.CreateSaturating(view[idx]);
                        Assert.That(KernelHarness.Same(output[idx], want), $"{typeof(TFrom).Name}->{typeof(TTo).Name} width {w} {layout}: {view[idx]} gave {output[idx]}, want {want}");
                    }
                }
            }
        }
    }

    [Test] public void SingleToInt32() => Check<float, int>(r => (float)(r.NextDouble() * 2e3 - 1e3));
    [Test] public void Int32ToSingle() => Check<int, float>(r => r.Next(int.MinValue, int.MaxValue));
    [Test] public void DoubleToInt64() => Check<double, long>(r => r.NextDouble() * 2e6 - 1e6);
    [Test] public void Int64ToDouble() => Check<long, double>(r => r.NextInt64(long.MinValue, long.MaxValue));

    // Same-size pairs vectorised for issue 12 (unsigned targets and sources, signed <-> unsigned saturation).
    [Test] public void SingleToUInt32() => Check<float, uint>(r => (float)(r.NextDouble() * 2e10 - 1e10));
    [Test] public void UInt32ToSingle() => Check<uint, float>(r => (uint)r.NextInt64(0, uint.MaxValue + 1L));
    [Test] public void DoubleToUInt64() => Check<double, ulong>(r => r.NextDouble() * 4e19 - 2e19);
    [Test] public void UInt64ToDouble() => Check<ulong, double>(r => (ulong)r.NextInt64() * 2 + (ulong)r.Next(2));
    [Test] public void Int32ToUInt32() => Check<int, uint>(r => r.Next(int.MinValue, int.MaxValue));
    [Test] public void UInt32ToInt32() => Check<uint, int>(r => (uint)r.NextInt64(0, uint.MaxValue + 1L));
    [Test] public void Int64ToUInt64() => Check<long, ulong>(r => r.NextInt64(long.MinValue, long.MaxValue));
    [Test] public void Int16ToUInt16() => Check<short, ushort>(r => (short)r.Next(short.MinValue, short.MaxValue + 1));
    [Test] public void UInt16ToInt16() => Check<ushort, short>(r => (ushort)r.Next(0, ushort.MaxValue + 1));
    [Test] public void SByteToByte() => Check<sbyte, byte>(r => (sbyte)r.Next(sbyte.MinValue, sbyte.MaxValue + 1));
    [Test] public void ByteToSByte() => Check<byte, sbyte>(r => (byte)r.Next(0, 256));

    // Size-changing pairs (vector ResizeRow since issue 12; ConversionResizeTests covers every pair) and Half (scalar ConvertOp).
    [Test] public void SingleToDouble() => Check<float, double>(r => (float)(r.NextDouble() * 2e3 - 1e3));
    [Test] public void DoubleToSingle() => Check<double, float>(r => r.NextDouble() * 2e38 - 1e38);
    [Test] public void Int32ToByte() => Check<int, byte>(r => r.Next(-1000, 1000));
    [Test] public void UInt64ToInt64() => Check<ulong, long>(r => (ulong)r.NextInt64() * 3);
    [Test] public void HalfToInt16() => Check<Half, short>(r => (Half)(r.NextDouble() * 2e5 - 1e5));

    [Test]
    public void PairsWithBoolAreLeftToTheCaller()
    {
        using var a = RawView<float>.Alloc(4);
        using var b = RawView<bool>.Alloc(4);
        Assert.That(Conversion.TryConvert<float, bool>([4], b.Operand, a.Operand), Is.False);
    }
}
