using System.Numerics;
using System.Reflection;
using System.Runtime.InteropServices;
using NativeArrays.Kernels;

namespace NativeArrays.Tests.Kernels;

/// <summary>
/// Size-changing AsType pairs (issue 12) on their vector rows: every pair of the ten vector element types with different
/// sizes, on every width, layout and odd length, equal bit for bit to <c>CreateSaturating</c> (NaN to 0, saturation,
/// truncation toward zero, one rounding), with full-range bit patterns and the specials of each side.
/// </summary>
public unsafe class ConversionResizeTests
{
    private static readonly Type[] Types = [typeof(sbyte), typeof(byte), typeof(short), typeof(ushort), typeof(int), typeof(uint), typeof(long), typeof(ulong), typeof(float), typeof(double)];

    public static IEnumerable<TestCaseData> Pairs() =>
        from f in Types
        from t in Types
        where Marshal.SizeOf(f) != Marshal.SizeOf(t)
        select new TestCaseData(f, t).SetName($"Resize {f.Name} to {t.Name}");

    private static readonly double[] Specials = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 0.5, -0.5, 0.99, -0.99, 127.5, 128, -128.5, -129, 255.5, 256, 32767.9, 32768, -32768.9, 65535.9, 65536,
        2147483647.9, 2147483648, -2147483648.9, -2147483649, 4294967295.9, 4294967296, 9.2233720368547758e18, -9.2233720368547758e18, 1.8446744073709552e19, 1e30, -1e30, 16777217, 9007199254740993, 1e-40, 3.4e38, 3.5e38];

    [TestCaseSource(nameof(Pairs))]
    public void MatchesCreateSaturating(Type from, Type to)
    {
        typeof(ConversionResizeTests).GetMethod(nameof(Check), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(from, to).Invoke(null, null);
    }

    [Test]
    public void SizeChangingPairsAreVectorised()
    {
        Assert.That(Resize<byte, float>.Vectorizable && Resize<float, double>.Vectorizable && Resize<double, float>.Vectorizable && Resize<int, long>.Vectorizable
            && Resize<long, int>.Vectorizable && Resize<double, sbyte>.Vectorizable && Resize<short, double>.Vectorizable, Is.True);
        Assert.That(Resize<long, float>.Vectorizable, Is.EqualTo(System.Runtime.Intrinsics.X86.Avx512DQ.VL.IsSupported));
        Assert.That(Resize<int, uint>.Vectorizable || Resize<Half, float>.Vectorizable || Resize<nint, int>.Vectorizable, Is.False);
    }

    private static TFrom Value<TFrom>(Random r) where TFrom : unmanaged, INumberBase<TFrom>
    {
        int kind = r.Next(4);
        if (kind == 0) return TFrom.CreateSaturating(Specials[r.Next(Specials.Length)]);
        if (kind == 1 && (typeof(TFrom) == typeof(float) || typeof(TFrom) == typeof(double)))
            return TFrom.CreateTruncating((r.NextDouble() * 2 - 1) * Math.Pow(2, r.Next(-2, 70))); // around every integer range
        if (kind == 2) return TFrom.CreateTruncating(r.Next(-300, 300));
        ulong bits = (ulong)r.NextInt64() ^ ((ulong)r.Next() << 40);
        return *(TFrom*)&bits; // any bit pattern (NaNs, infinities and denormals included for floats)
    }

    private static void Check<TFrom, TTo>() where TFrom : unmanaged, INumberBase<TFrom> where TTo : unmanaged, INumberBase<TTo>
    {
        var r = new Random(29);
        foreach (var w in KernelHarness.Widths)
        {
            using var _ = KernelHarness.Width(w);
            foreach (var shape in new nint[][] { [5, 37], [3, 1, 130], [], [0, 3], [1], [63], [65], [129] })
            foreach (var layout in shape.Length == 1 ? new[] { Layout.Contiguous, Layout.Negative, Layout.Step } : [Layout.Contiguous, Layout.Step, Layout.Transposed, Layout.BroadcastOuter])
            {
                var (owner, view) = KernelHarness.Make(layout, shape, () => Value<TFrom>(r));
                using (owner)
                using (var output = RawView<TTo>.Alloc(shape))
                {
                    Assert.That(Conversion.TryConvert<TFrom, TTo>(shape, output.Operand, view.OperandFor(shape)), Is.True);
                    foreach (var idx in RawView<TFrom>.Indices(shape))
                    {
                        TFrom x = view.At(shape, idx);
                        TTo want = TTo.CreateSaturating(x), got = output[idx];
                        if (!Bitwise(want, got))
                            Assert.Fail($"{typeof(TFrom).Name}->{typeof(TTo).Name} width {w} {layout} shape ({string.Join(", ", shape)}) at [{string.Join(", ", idx)}]: {x} gave {got}, want {want}");
                    }
                }
            }
        }
    }

    /// <summary>Same bits (NaN payloads included: the conversions never make a NaN of their own but keep the input's).</summary>
    private static bool Bitwise<T>(T a, T b) where T : unmanaged
        => new ReadOnlySpan<byte>(&a, sizeof(T)).SequenceEqual(new ReadOnlySpan<byte>(&b, sizeof(T)));

    private static readonly Type[] Integers = [typeof(sbyte), typeof(byte), typeof(short), typeof(ushort), typeof(int), typeof(uint), typeof(long), typeof(ulong)];

    public static IEnumerable<TestCaseData> IntegerNarrowings() =>
        from f in Integers
        from t in Integers
        where Marshal.SizeOf(f) == 2 * Marshal.SizeOf(t)
        select new TestCaseData(f, t).SetName($"Narrow in range {f.Name} to {t.Name}");

    /// <summary>
    /// Integer narrowings whose blocks are mostly all in the target's range (the path without clamps): the range's ends,
    /// values inside, and in a third of the arrays one lane just outside (one below the bottom or above the top), at
    /// every width and odd length.
    /// </summary>
    [TestCaseSource(nameof(IntegerNarrowings))]
    public void IntegerNarrowingInRangeMatchesCreateSaturating(Type from, Type to)
    {
        typeof(ConversionResizeTests).GetMethod(nameof(CheckInRange), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(from, to).Invoke(null, null);
    }

    private static void CheckInRange<TFrom, TTo>() where TFrom : unmanaged, IBinaryInteger<TFrom>, IMinMaxValue<TFrom> where TTo : unmanaged, IBinaryInteger<TTo>, IMinMaxValue<TTo>
    {
        var r = new Random(31);
        // The target's range in the source type (clamped to the source's own range: uint64 -> int32 starts at 0).
        TFrom low = TFrom.Max(TFrom.CreateSaturating(TTo.MinValue), TFrom.MinValue), high = TFrom.CreateSaturating(TTo.MaxValue);
        foreach (var w in KernelHarness.Widths)
        {
            using var _ = KernelHarness.Width(w);
            foreach (int n in new[] { 1, 7, 8, 16, 31, 64, 65, 200 })
            for (int trial = 0; trial < 12; trial++)
            {
                var values = new TFrom[n];
                for (int i = 0; i < n; i++)
                    values[i] = r.Next(4) switch
                    {
                        0 => low,
                        1 => high,
                        2 => low + TFrom.CreateTruncating(r.Next(0, 3)),
                        _ => TFrom.CreateTruncating(r.NextInt64(long.CreateSaturating(low), long.CreateSaturating(high) + 1)),
                    };
                if (trial % 3 == 2)
                {
                    int k = r.Next(n);
                    if (r.Next(2) == 0 && low != TFrom.MinValue) values[k] = low - TFrom.One;
                    else if (high != TFrom.MaxValue) values[k] = high + TFrom.One;
                }
                using var input = RawView<TFrom>.Alloc(n);
                using var output = RawView<TTo>.Alloc(n);
                for (int i = 0; i < n; i++) input.Pointer[i] = values[i];
                Assert.That(Conversion.TryConvert<TFrom, TTo>([n], output.Operand, input.Operand), Is.True);
                for (int i = 0; i < n; i++)
                    if (output.Pointer[i] != TTo.CreateSaturating(values[i]))
                        Assert.Fail($"{typeof(TFrom).Name}->{typeof(TTo).Name} width {w} n {n} at {i}: {values[i]} gave {output.Pointer[i]}, want {TTo.CreateSaturating(values[i])}");
            }
        }
    }

    [Test]
    public void OverlappingDestinationIsStagedNotVectorisedInPlace()
    {
        // A float32 -> float64 conversion whose output overwrites its own input: the result must be "input copied first".
        using var block = RawView<double>.Alloc(40);
        float* f = (float*)block.Pointer;
        for (int i = 0; i < 40; i++) f[i] = i + 0.25f;
        Assert.That(Conversion.TryConvert<float, double>([40], new Operand(block.Pointer, [1]), new Operand(f, [1])), Is.True);
        for (int i = 0; i < 40; i++) Assert.That(block.Pointer[i], Is.EqualTo(i + 0.25), $"element {i}");
    }

    [Test]
    public void AsTypeOfStridedViewsMatchesElementwise()
    {
        using var a = NDArray<int>.FromArray(Enumerable.Range(-50, 300).Select(i => i * 977_777).ToArray(), 3, 100);
        using var view = a[SliceIndex.All, SliceIndex.Slice(1, null, 3)];
        using var d = view.AsType<double>();
        using var b = view.AsType<byte>();
        using var s = view.AsType<short>();
        var src = view.ToArray();
        Assert.That(d.ToArray(), Is.EqualTo(src.Select(v => (double)v).ToArray()));
        Assert.That(b.ToArray(), Is.EqualTo(src.Select(byte.CreateSaturating).ToArray()));
        Assert.That(s.ToArray(), Is.EqualTo(src.Select(short.CreateSaturating).ToArray()));
    }
}
