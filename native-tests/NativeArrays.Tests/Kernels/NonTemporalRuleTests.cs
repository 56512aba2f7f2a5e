using NativeArrays.Common;
using NativeArrays.Kernels;

namespace NativeArrays.Tests.Kernels;

/// <summary>
/// When an elementwise call writes past the caches: its footprint (output and inputs, each by the byte range its view
/// spans, at most a cache line per element; broadcast axes and in-place inputs add nothing) against
/// <see cref="NativeArraysSettings.NonTemporalThreshold"/>, never in place; and the default threshold, 5/8 of the
/// last-level cache the host reports, at most 64 MiB.
/// </summary>
[NonParallelizable]
public unsafe class NonTemporalRuleTests
{
    // Plans over fake addresses: nothing is read or written, only the plan's arithmetic is under test.
    private static readonly void* Out = (void*)0x1000_0000, X = (void*)0x2000_0000, Y = (void*)0x3000_0000;

    private static IterationPlan Plan(nint[] shape, params (nint Address, nint[] Strides, int Size)[] operands)
    {
        IterationPlan plan = default;
        plan.Begin(shape, operands.Length);
        for (int op = 0; op < operands.Length; op++) plan.SetOperand(op, (void*)operands[op].Address, operands[op].Strides, operands[op].Size);
        plan.Finish();
        return plan;
    }

    [TestCase(1)]
    [TestCase(7)]
    [TestCase(1_000_000)]
    public void ContiguousOperandsCountTheirBytes(int n)
    {
        var plan = Plan([n], ((nint)Out, [1], 8), ((nint)X, [1], 8), ((nint)Y, [1], 8));
        Assert.That(plan.Footprint, Is.EqualTo(3L * 8 * n));
        Assert.That(plan.InPlace, Is.False);
    }

    [Test]
    public void ABroadcastScalarAddsOneElementAndABroadcastRowItsRow()
    {
        var scalar = Plan([1000], ((nint)Out, [1], 4), ((nint)X, [1], 4), ((nint)Y, [0], 4));
        Assert.That(scalar.Footprint, Is.EqualTo(4000 + 4000 + 4));
        var row = Plan([300, 200], ((nint)Out, [200, 1], 4), ((nint)X, [0, 1], 4));
        Assert.That(row.Footprint, Is.EqualTo(300 * 200 * 4 + 200 * 4));
    }

    [Test]
    public void AStepViewCountsTheRangeItSpansAndAColumnOneLinePerElement()
    {
        // a[::3]: every cache line of the range is read.
        var step = Plan([1000], ((nint)Out, [1], 4), ((nint)X, [3], 4));
        Assert.That(step.Footprint, Is.EqualTo(4000 + (3 * 4 * 999 + 4)));
        // A column of a 1000 x 4096 float32 matrix: 16 KiB apart, so one 64-byte line per element, not the 16 MB range.
        var column = Plan([1000], ((nint)Out, [1], 4), ((nint)X, [4096], 4));
        Assert.That(column.Footprint, Is.EqualTo(4000 + 1000 * 64));
        // A transposed input spans the same bytes as a contiguous one.
        var transposed = Plan([512, 256], ((nint)Out, [256, 1], 4), ((nint)X, [1, 512], 4));
        Assert.That(transposed.Footprint, Is.EqualTo(2 * 512 * 256 * 4));
    }

    [Test]
    public void AnInPlaceInputIsNotCountedTwiceAndMarksThePlan()
    {
        var plan = Plan([1000], ((nint)Out, [1], 8), ((nint)Out, [1], 8), ((nint)Y, [1], 8));
        Assert.That(plan.InPlace, Is.True);
        Assert.That(plan.Footprint, Is.EqualTo(2 * 8000));
        // The same base on another stride or element size is not the output's view.
        var reversed = Plan([1000], ((nint)Out, [1], 8), ((nint)Out + 8 * 999, [-1], 8));
        Assert.That(reversed.InPlace, Is.False);
        var narrower = Plan([1000], ((nint)Out, [1], 8), ((nint)Out, [1], 4));
        Assert.That(narrower.InPlace, Is.False);
    }

    [Test]
    public void NonTemporalFromTheThresholdOnNeverInPlaceNorForBoolNorAtZero()
    {
        var plan = Plan([1000], ((nint)Out, [1], 8), ((nint)X, [1], 8), ((nint)Y, [1], 8)); // 24,000 bytes
        bool At(long threshold, ref IterationPlan p, bool boolean = false)
        {
            var settings = NativeArraysSettings.Current with { NonTemporalThreshold = threshold };
            return boolean ? Elementwise.UseNonTemporal<bool>(ref p, settings) : Elementwise.UseNonTemporal<double>(ref p, settings);
        }
        Assert.That(At(24_000, ref plan), Is.True, "at the threshold");
        Assert.That(At(24_001, ref plan), Is.False, "one byte below it");
        Assert.That(At(1, ref plan, boolean: true), Is.False, "bool outputs");
        Assert.That(At(0, ref plan), Is.False, "0 means never");
        var inPlace = Plan([1000], ((nint)Out, [1], 8), ((nint)Out, [1], 8), ((nint)Y, [1], 8));
        Assert.That(At(1, ref inPlace), Is.False, "in place");
    }

    [Test]
    public void TheFlatPathsCountARowAsThePlanCountsIt()
    {
        // Random 1-d rows (steps -7..7, 0 a broadcast scalar; every element size; the output itself as input): the
        // flat and one-row paths' footprint (output + RowBytes) equals the plan's Footprint of the same operands.
        var r = new Random(32);
        int[] sizes = [1, 2, 4, 8, 16];
        for (int t = 0; t < 2000; t++)
        {
            nint n = t < 20 ? t + 1 : r.Next(1, 5000);
            int outSize = sizes[r.Next(sizes.Length)], size = sizes[r.Next(sizes.Length)];
            nint step = r.Next(-7, 8);
            bool inPlace = r.Next(8) == 0;
            if (inPlace) { step = 1; size = outSize; }
            nint address = inPlace ? (nint)Out : (nint)X + (step < 0 ? -step * size * (n - 1) : 0);
            var plan = Plan([n], ((nint)Out, [1], outSize), (address, [step], size));
            long flat = (long)n * outSize + Elementwise.RowBytes(Out, n, (void*)address, step, size);
            Assert.That(flat, Is.EqualTo(plan.Footprint), $"n {n}, step {step}, sizes {outSize}/{size}, in place {inPlace}");
        }
    }

    [Test]
    public void ARowStaysFlatBelowTheThresholdsAndWhenNonTemporalStoresAreOff()
    {
        // 1000 float64 a + b: 24,000 bytes. Both inputs contiguous (step 1), then a column-like step (64 bytes a lane).
        bool Row(long threshold, nint n, nint step, long parallel = 1 << 20)
        {
            var settings = NativeArraysSettings.Current with { NonTemporalThreshold = threshold, ParallelThreshold = parallel };
            return Elementwise.RowBelowThresholds(n, Out, 8, X, step, 8, Y, 1, 8, null, 0, 0, settings);
        }
        Assert.That(Row(24_001, 1000, 1), Is.True, "one byte below the footprint");
        Assert.That(Row(24_000, 1000, 1), Is.False, "at the footprint");
        Assert.That(Row(1000 * (8 + 64 + 8) + 1, 1000, 64), Is.True, "a 64-element step counts a line a lane");
        Assert.That(Row(1000 * (8 + 64 + 8), 1000, 64), Is.False, "a 64-element step at its footprint");
        // 0 means never non-temporal: every row below the parallel threshold stays flat (it took the plan, 80 ns at n = 16).
        foreach (nint n in new nint[] { 1, 16, 1000, (1 << 20) - 1 })
            Assert.That(Row(0, n, 1), Is.True, $"threshold 0, n {n}");
        Assert.That(Row(0, 1 << 20, 1), Is.False, "at the parallel threshold");
        Assert.That(Row(1L << 40, 100, 1, parallel: 100), Is.False, "at the parallel threshold, far below the other");
        // The shortcut for short rows agrees with the footprint on random rows near the threshold.
        var r = new Random(33);
        for (int t = 0; t < 2000; t++)
        {
            nint n = r.Next(1, 4000), step = r.Next(-70, 71);
            long threshold = r.Next(1, 400_000);
            long footprint = (long)n * 8 + Elementwise.RowBytes(Out, n, X, step, 8) + Elementwise.RowBytes(Out, n, Y, 1, 8);
            Assert.That(Row(threshold, n, step), Is.EqualTo(footprint < threshold), $"n {n}, step {step}, threshold {threshold}");
        }
    }

    [Test]
    public void CallsJustBelowAndAtTheThresholdGiveTheSameResults()
    {
        // 1000 float32 a + b touches 12,000 bytes: the flat path below the threshold, the planned non-temporal path at it;
        // in place, the planned path with cached stores. Odd offsets leave unaligned heads and tails.
        const int n = 1000;
        using var a = NDArray<float>.Zeros(n + 3);
        using var b = NDArray<float>.Zeros(n + 3);
        var r = new Random(12);
        float[] va = new float[n + 3], vb = new float[n + 3];
        for (int i = 0; i < va.Length; i++) { va[i] = (float)r.NextDouble(); vb[i] = (float)r.NextDouble(); }
        va.CopyTo(a.AsSpan()); vb.CopyTo(b.AsSpan());
        using var x = a[SliceIndex.Slice(1, n + 1)];
        using var y = b[SliceIndex.Slice(3, n + 3)];
        float[] want = Enumerable.Range(0, n).Select(i => va[i + 1] + vb[i + 3]).ToArray();
        foreach (long threshold in new long[] { 12_001, 12_000, 1 })
        {
            using var _ = NativeArraysSettings.Override(NativeArraysSettings.Current with { NonTemporalThreshold = threshold });
            using var o = NDArray<float>.Zeros(n + 1);
            using var dst = o[SliceIndex.Slice(1, n + 1)];
            NDArray.Add(x, y, dst);
            Assert.That(dst.ToArray(), Is.EqualTo(want), $"threshold {threshold}");
            using var copy = x.Copy();
            NDArray.Add(copy, y, copy);
            Assert.That(copy.ToArray(), Is.EqualTo(want), $"in place, threshold {threshold}");
        }
    }

    [TestCase("32768K", 32L << 20)]
    [TestCase("1024K", 1L << 20)]
    [TestCase("8M", 8L << 20)]
    [TestCase("1G", 1L << 30)]
    [TestCase("65536", 65536L)]
    [TestCase("32768k", 32L << 20)]
    public void ParsesSysfsCacheSizes(string text, long bytes) => Assert.That(CacheInfo.ParseSize(text), Is.EqualTo(bytes));

    [TestCase("")]
    [TestCase("K")]
    [TestCase("0K")]
    [TestCase("-1K")]
    [TestCase("12.5M")]
    [TestCase("lots")]
    [TestCase("99999999999999999999G")]
    public void RefusesMalformedCacheSizes(string text) => Assert.That(CacheInfo.ParseSize(text), Is.Null);

    [Test]
    public void ReadsTheHighestLevelDataOrUnifiedCache()
    {
        string root = Path.Combine(Path.GetTempPath(), $"nativearrays-cache-{Guid.NewGuid():N}");
        void Index(int i, string level, string type, string size)
        {
            string d = Directory.CreateDirectory(Path.Combine(root, $"index{i}")).FullName;
            File.WriteAllText(Path.Combine(d, "level"), level + "\n");
            File.WriteAllText(Path.Combine(d, "type"), type + "\n");
            File.WriteAllText(Path.Combine(d, "size"), size + "\n");
        }
        try
        {
            Assert.That(CacheInfo.Read(root), Is.Null, "no such folder");
            Directory.CreateDirectory(root);
            Assert.That(CacheInfo.Read(root), Is.Null, "no caches listed");
            Index(0, "1", "Data", "32K");
            Index(1, "1", "Instruction", "32K");
            Index(2, "2", "Unified", "1024K");
            Assert.That(CacheInfo.Read(root), Is.EqualTo(1L << 20));
            Index(3, "3", "Unified", "32768K");
            Assert.That(CacheInfo.Read(root), Is.EqualTo(32L << 20));
            Index(4, "4", "Instruction", "65536K");
            Index(5, "5", "Unified", "garbage");
            Assert.That(CacheInfo.Read(root), Is.EqualTo(32L << 20), "instruction caches and unreadable sizes are skipped");
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public void TheDefaultThresholdIsFiveEighthsOfTheLastLevelCacheAtMost64MiBAndAutoSelectsIt()
    {
        Assert.That(NativeArraysSettings.NonTemporalThresholdFor(32L << 20), Is.EqualTo(20L << 20), "5/8 of a 32 MiB L3");
        Assert.That(NativeArraysSettings.NonTemporalThresholdFor(null), Is.EqualTo(20L << 20), "unknown: as a 32 MiB L3");
        Assert.That(NativeArraysSettings.NonTemporalThresholdFor(100L << 20), Is.EqualTo(65_536_000), "5/8 of 100 MiB (62.5 MiB), below the cap");
        Assert.That(NativeArraysSettings.NonTemporalThresholdFor(260L << 20), Is.EqualTo(64L << 20), "a 260 MiB L3: the 64 MiB cap");
        Assert.That(NativeArraysSettings.NonTemporalThresholdFor(long.MaxValue), Is.EqualTo(64L << 20));
        long expected = NativeArraysSettings.NonTemporalThresholdFor(CacheInfo.LastLevelBytes); // the rule, checked above, for this host
        Assert.That(NativeArraysSettings.DefaultNonTemporalThreshold, Is.EqualTo(expected));
        Assert.That(new NativeArraysSettings().NonTemporalThreshold, Is.EqualTo(expected));
        var parsed = NativeArraysSettings.Parse("""{ "NativeArrays": { "nonTemporalThreshold": "auto" } }""");
        Assert.That(parsed.NonTemporalThreshold, Is.EqualTo(expected));
        Assert.That(NativeArraysSettings.Parse("""{ "NativeArrays": { "nonTemporalThreshold": 4096 } }""").NonTemporalThreshold, Is.EqualTo(4096));
        var e = Assert.Throws<FormatException>(() => NativeArraysSettings.Parse("""{ "NativeArrays": { "nonTemporalThreshold": "big" } }""", "t.json"));
        Assert.That(e!.Message, Does.Contain("nonTemporalThreshold").And.Contain("\"big\"").And.Contain("auto"));
        if (OperatingSystem.IsLinux() && Directory.Exists("/sys/devices/system/cpu/cpu0/cache/index0"))
            Assert.That(CacheInfo.LastLevelBytes, Is.Not.Null.And.GreaterThan(0), "Linux reports its caches");
    }
}
