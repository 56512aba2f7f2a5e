using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;

namespace NativeArrays.Benchmarks;

/// <summary>
/// The roofline: memory bandwidth measured in the same run (STREAM-like, float64, 512-bit vectors). Arrays of
/// 2^26 doubles (512 MiB each) are far larger than the last-level cache (the guest's CPUID reports 508 MiB of L3, and
/// the 64 MiB arrays of the 1.6·10^7 float32 cases do run faster than DRAM here), so that size gives the DRAM limit; the
/// 2^23 / 2^24 sizes match the large cases' own arrays (see <see cref="Sizes.Bandwidth"/>). Bytes count what the operation reads plus writes
/// (STREAM's convention, no write-allocate traffic): Read (sum) = 1 stream, Copy = 2, Triad a = b + s·c = 3; the
/// ".NT" variants use non-temporal stores. Threads = 1 or 2 cores, fixed contiguous halves.
/// </summary>
[GenericTypeArguments(typeof(double))]
[BenchmarkCategory("Bandwidth")]
public unsafe class BandwidthBenchmarks<T> where T : unmanaged
{
    /// <summary>Doubles per array (see <see cref="Sizes.Bandwidth"/>).</summary>
    [ParamsSource(typeof(Sizes), nameof(Sizes.Bandwidth))]
    public int Size { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    private double* _a, _b, _c;

    [GlobalSetup]
    public void Setup()
    {
        CpuPlacement.Threads = Threads;
        nuint bytes = (nuint)Size * sizeof(double);
        _a = (double*)NativeMemory.AlignedAlloc(bytes, 64);
        _b = (double*)NativeMemory.AlignedAlloc(bytes, 64);
        _c = (double*)NativeMemory.AlignedAlloc(bytes, 64);
        for (nint i = 0; i < Size; i++) { _a[i] = 1; _b[i] = 2; _c[i] = 3; }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        NativeMemory.AlignedFree(_a); NativeMemory.AlignedFree(_b); NativeMemory.AlignedFree(_c);
    }

    private void Split(delegate*<double*, double*, double*, nint, nint, void> kernel)
    {
        nint n = Size;
        if (Threads == 1) { kernel(_a, _b, _c, 0, n); return; }
        nint chunk = (n / Threads + 7) & ~(nint)7;
        var a = (nint)_a; var b = (nint)_b; var c = (nint)_c;
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, k =>
        {
            nint start = k * chunk, end = Math.Min(n, start + chunk);
            kernel((double*)a, (double*)b, (double*)c, start, end);
        });
    }

    [Benchmark, Case("Bandwidth.Read", Peer.Probe, Form.Scalar, 1)]
    public double Read()
    {
        double result = 0;
        if (Threads == 1) return ReadRange(_b, 0, Size);
        nint n = Size, chunk = (n / Threads + 7) & ~(nint)7;
        var b = (nint)_b;
        var partial = new double[Threads];
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads },
            k => partial[k] = ReadRange((double*)b, k * chunk, Math.Min(n, k * chunk + chunk)));
        foreach (var p in partial) result += p;
        return result;
    }

    [Benchmark, Case("Bandwidth.Copy", Peer.Probe, Form.Into, 2)]
    public void Copy() => Split(&CopyRange);

    [Benchmark, Case("Bandwidth.Copy.NT", Peer.Probe, Form.Into, 2)]
    public void CopyNonTemporal() => Split(&CopyRangeNonTemporal);

    [Benchmark, Case("Bandwidth.Triad", Peer.Probe, Form.Into, 3)]
    public void Triad() => Split(&TriadRange);

    [Benchmark, Case("Bandwidth.Triad.NT", Peer.Probe, Form.Into, 3)]
    public void TriadNonTemporal() => Split(&TriadRangeNonTemporal);

    private static double ReadRange(double* x, nint start, nint end)
    {
        Vector512<double> s0 = default, s1 = default, s2 = default, s3 = default;
        nint i = start;
        for (; i + 32 <= end; i += 32)
        {
            s0 += Vector512.LoadAligned(x + i);
            s1 += Vector512.LoadAligned(x + i + 8);
            s2 += Vector512.LoadAligned(x + i + 16);
            s3 += Vector512.LoadAligned(x + i + 24);
        }
        double s = Vector512.Sum(s0 + s1 + s2 + s3);
        for (; i < end; i++) s += x[i];
        return s;
    }

    // a = b
    private static void CopyRange(double* a, double* b, double* c, nint start, nint end)
    {
        nint i = start;
        for (; i + 16 <= end; i += 16)
        {
            Vector512.StoreAligned(Vector512.LoadAligned(b + i), a + i);
            Vector512.StoreAligned(Vector512.LoadAligned(b + i + 8), a + i + 8);
        }
        for (; i < end; i++) a[i] = b[i];
    }

    private static void CopyRangeNonTemporal(double* a, double* b, double* c, nint start, nint end)
    {
        nint i = start;
        for (; i + 16 <= end; i += 16)
        {
            Vector512.StoreAlignedNonTemporal(Vector512.LoadAligned(b + i), a + i);
            Vector512.StoreAlignedNonTemporal(Vector512.LoadAligned(b + i + 8), a + i + 8);
        }
        for (; i < end; i++) a[i] = b[i];
    }

    // a = b + 3 * c
    private static void TriadRange(double* a, double* b, double* c, nint start, nint end)
    {
        var s = Vector512.Create(3.0);
        nint i = start;
        for (; i + 16 <= end; i += 16)
        {
            Vector512.StoreAligned(Vector512.FusedMultiplyAdd(s, Vector512.LoadAligned(c + i), Vector512.LoadAligned(b + i)), a + i);
            Vector512.StoreAligned(Vector512.FusedMultiplyAdd(s, Vector512.LoadAligned(c + i + 8), Vector512.LoadAligned(b + i + 8)), a + i + 8);
        }
        for (; i < end; i++) a[i] = b[i] + 3 * c[i];
    }

    private static void TriadRangeNonTemporal(double* a, double* b, double* c, nint start, nint end)
    {
        var s = Vector512.Create(3.0);
        nint i = start;
        for (; i + 16 <= end; i += 16)
        {
            Vector512.StoreAlignedNonTemporal(Vector512.FusedMultiplyAdd(s, Vector512.LoadAligned(c + i), Vector512.LoadAligned(b + i)), a + i);
            Vector512.StoreAlignedNonTemporal(Vector512.FusedMultiplyAdd(s, Vector512.LoadAligned(c + i + 8), Vector512.LoadAligned(b + i + 8)), a + i + 8);
        }
        for (; i < end; i++) a[i] = b[i] + 3 * c[i];
    }
}
