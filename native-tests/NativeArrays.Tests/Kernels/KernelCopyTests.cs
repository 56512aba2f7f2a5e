using NativeArrays.Memory;

namespace NativeArrays.Tests.Kernels;

/// <summary>
/// Copy, CopyTo and ToArray through the kernel driver on mid-size arrays, under every SIMD width cap, with the
/// parallel and non-temporal paths forced on by low thresholds. Verified against plain index arithmetic on the
/// owner's raw span.
/// </summary>
[TestFixture, NonParallelizable]
public class KernelCopyTests
{
    private const int Rows = 301, Cols = 299; // odd sizes: vector tails everywhere

    private static IEnumerable<TestCaseData> Settings()
    {
        foreach (var width in new[] { SimdWidth.Auto, SimdWidth.Scalar, SimdWidth.W128, SimdWidth.W256 })
        {
            yield return new TestCaseData(width, 1L << 40, 1L << 40).SetArgDisplayNames($"{width}, serial");
            yield return new TestCaseData(width, 1000L, 0L).SetArgDisplayNames($"{width}, parallel, non-temporal");
        }
    }

    private static IDisposable Use(SimdWidth width, long parallel, long nonTemporal) =>
        NativeArraysSettings.Override(NativeArraysSettings.Current with
        {
            SimdWidth = width, ParallelThreshold = parallel, NonTemporalThreshold = nonTemporal, MaxDegreeOfParallelism = 4,
        });

    private static NDArray<float> Matrix()
    {
        var data = new float[Rows * Cols];
        for (int i = 0; i < data.Length; i++) data[i] = i;
        return NDArray<float>.FromArray(data, Rows, Cols);
    }

    [TestCaseSource(nameof(Settings))]
    public void CopyOfStridedViews(SimdWidth width, long parallel, long nonTemporal)
    {
        using var _ = Use(width, parallel, nonTemporal);
        using var m = Matrix();
        using (var t = m.T)
        using (var c = t.Copy())
        {
            var s = c.AsReadOnlySpan();
            for (int i = 0; i < Cols; i++)
                for (int j = 0; j < Rows; j++)
                    if (s[i * Rows + j] != j * Cols + i) Assert.Fail($"T.Copy()[{i},{j}] = {s[i * Rows + j]}");
        }
        using (var v = m[SliceIndex.Slice(step: -1), SliceIndex.Slice(1, null, 3)])
        using (var c = v.Copy(Order.F))
        {
            Assert.That(c.IsFContiguous, Is.True);
            int vc = (Cols - 1 + 2) / 3;
            Assert.That(c.Shape.ToArray(), Is.EqualTo(new nint[] { Rows, vc }));
            var s = c.AsReadOnlyFlat();
            for (int j = 0; j < vc; j++)
                for (int i = 0; i < Rows; i++)
                    if (s[j * Rows + i] != (Rows - 1 - i) * Cols + 1 + 3 * j) Assert.Fail($"F copy [{i},{j}] = {s[j * Rows + i]}");
        }
        using (var v = m[5..^7, ..^1])
        {
            var arr = v.ToArray();
            for (int i = 0; i < Rows - 12; i++)
                for (int j = 0; j < Cols - 1; j++)
                    if (arr[i * (Cols - 1) + j] != (i + 5) * Cols + j) Assert.Fail($"ToArray [{i},{j}]");
        }
    }

    [TestCaseSource(nameof(Settings))]
    public void CopyToWithOverlapAndBroadcast(SimdWidth width, long parallel, long nonTemporal)
    {
        using var _ = Use(width, parallel, nonTemporal);
        const int N = 100_003;
        using (var a = NDArray.Arange(0.0, N, 1.0))
        {
            using (var src = a[1..])
            using (var dst = a[..^1]) src.CopyTo(dst);
            var s = a.AsReadOnlySpan();
            for (int i = 0; i < N - 1; i++) if (s[i] != i + 1) Assert.Fail($"forward overlap [{i}] = {s[i]}");
            Assert.That(s[N - 1], Is.EqualTo(N - 1.0));
        }
        using (var a = NDArray.Arange(0.0, N, 1.0))
        {
            using (var src = a[..^3])
            using (var dst = a[3..]) src.CopyTo(dst);
            var s = a.AsReadOnlySpan();
            for (int i = 3; i < N; i++) if (s[i] != i - 3) Assert.Fail($"backward overlap [{i}] = {s[i]}");
        }
        using (var a = NDArray.Arange(0.0, N, 1.0))
        {
            using (var r = a.Flip()) a.CopyTo(r);
            var s = a.AsReadOnlySpan();
            for (int i = 0; i < N; i++) if (s[i] != N - 1 - i) Assert.Fail($"reverse in place [{i}] = {s[i]}");
        }
        using (var m = Matrix())
        using (var row = NDArray<float>.Zeros(Cols))
        {
            using (var r = m[7]) r.CopyTo(row);
            using var dst = NDArray<float>.Zeros(Rows, Cols);
            row.CopyTo(dst);
            var s = dst.AsReadOnlySpan();
            for (int i = 0; i < Rows; i++)
                for (int j = 0; j < Cols; j++)
                    if (s[i * Cols + j] != 7 * Cols + j) Assert.Fail($"broadcast [{i},{j}] = {s[i * Cols + j]}");
            using var dt = dst.T;
            using var col = NDArray<float>.FromArray(Enumerable.Range(0, Cols).Select(i => (float)-i).ToArray(), Cols, 1);
            col.CopyTo(dt);
            for (int i = 0; i < Rows; i++)
                for (int j = 0; j < Cols; j++)
                    if (s[i * Cols + j] != -j) Assert.Fail($"broadcast into transpose [{i},{j}] = {s[i * Cols + j]}");
        }
    }
}

internal static class FlatExtensions
{
    /// <summary>The raw elements of an F-contiguous owner, in memory order.</summary>
    public static ReadOnlySpan<T> AsReadOnlyFlat<T>(this NDArray<T> a) where T : unmanaged
    {
        using var t = a.T; // C-contiguous view of the same memory
        return t.AsReadOnlySpan();
    }
}

/// <summary>Copy/ToArray/CopyTo of strided views for every element type under every SIMD cap (vector widths differ per type).</summary>
[TestFixture, NonParallelizable]
public class KernelCopyElementTypeTests
{
    public static IEnumerable<SimdWidth> Widths() => [SimdWidth.Auto, SimdWidth.Scalar, SimdWidth.W128, SimdWidth.W256];

    [Test]
    public void StridedCopiesOfEveryElementType([ValueSource(nameof(Widths))] SimdWidth width)
    {
        using var _ = NativeArraysSettings.Override(NativeArraysSettings.Current with { SimdWidth = width, ParallelThreshold = 64, MaxDegreeOfParallelism = 3 });
        Run<bool>(i => i % 3 == 0);
        Run<byte>(i => (byte)i);
        Run<sbyte>(i => (sbyte)i);
        Run<short>(i => (short)(i * 7));
        Run<ushort>(i => (ushort)(i * 3));
        Run<int>(i => i * 11);
        Run<uint>(i => (uint)i * 13);
        Run<long>(i => (long)i << 33);
        Run<ulong>(i => (ulong)i * 17);
        Run<Half>(i => (Half)(i % 2048));
        Run<float>(i => i * 0.5f);
        Run<double>(i => i * 0.25);
    }

    private static void Run<T>(Func<int, T> value) where T : unmanaged, IEquatable<T>
    {
        const int R = 37, C = 41;
        var data = new T[R * C];
        for (int i = 0; i < data.Length; i++) data[i] = value(i);
        using var m = NDArray<T>.FromArray(data, R, C);
        string name = typeof(T).Name;
        using (var t = m.T)
        using (var c = t.Copy())
        {
            var s = c.AsReadOnlySpan();
            for (int i = 0; i < C; i++)
                for (int j = 0; j < R; j++)
                    if (!s[i * R + j].Equals(data[j * C + i])) Assert.Fail($"{name}: T.Copy()[{i},{j}]");
        }
        using (var v = m[SliceIndex.Slice(step: -2), SliceIndex.Slice(3, null, 5)])
        {
            var arr = v.ToArray();
            int rows = (R + 1) / 2, cols = (C - 3 + 4) / 5;
            Assert.That(arr, Has.Length.EqualTo(rows * cols), name);
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++)
                    if (!arr[i * cols + j].Equals(data[(R - 1 - 2 * i) * C + 3 + 5 * j])) Assert.Fail($"{name}: strided ToArray [{i},{j}]");
            using var f = v.Copy(Order.F);
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++)
                    if (!f.Get(i, j).Equals(arr[i * cols + j])) Assert.Fail($"{name}: F copy [{i},{j}]");
        }
        using (var dst = NDArray<T>.Zeros(R, C))
        using (var dt = dst.T)
        using (var src = m.T)
        {
            src.CopyTo(dt);
            Assert.That(dst.ToArray(), Is.EqualTo(data), $"{name}: CopyTo between transposes");
        }
        using (var a = NDArray<T>.FromArray(data))
        using (var head = a[..^1])
        using (var tail = a[1..])
        {
            head.CopyTo(tail);
            var r = a.ToArray();
            for (int i = 1; i < data.Length; i++) if (!r[i].Equals(data[i - 1])) Assert.Fail($"{name}: overlapping CopyTo [{i}]");
        }
    }
}
