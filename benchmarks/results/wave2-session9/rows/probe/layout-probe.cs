// In-process A/B probe: A.T + B (4096^2 float32, 1 thread) into a C-order destination with NdIterator variants,
// against a contiguous A + B and the 2-stream copy probe in the same process.
using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NativeArrays;

unsafe
{
    using var _ = NativeArraysSettings.Override(NativeArraysSettings.Current with { MaxDegreeOfParallelism = 1 });
    var field = typeof(NDArray<float>).Assembly.GetType("NativeArrays.Kernels.NdIterator")!.GetField("ProbeVariant", BindingFlags.NonPublic | BindingFlags.Static)!;
    int n = 4096;
    var rnd = new Random(1);
    var da = new float[n * n]; var db = new float[n * n];
    for (int i = 0; i < da.Length; i++) { da[i] = (float)rnd.NextDouble(); db[i] = (float)rnd.NextDouble(); }
    using var a = NDArray<float>.FromArray(da, n, n);
    using var b = NDArray<float>.FromArray(db, n, n);
    using var c = NDArray<float>.Zeros(n, n);
    using var at = a.Transpose();
    long bytes = (long)n * n * 4;
    double* src = (double*)NativeMemory.AlignedAlloc((nuint)bytes, 64), dst = (double*)NativeMemory.AlignedAlloc((nuint)bytes, 64);
    new Span<byte>(src, (int)bytes).Fill(1); new Span<byte>(dst, (int)bytes).Fill(2);
    var names = new[] { "AT+B v0", "AT+B v1", "A+B", "copy" };
    Action[] fs = {
        () => { field.SetValue(null, 0); NDArray.Add(at, b, c); },
        () => { field.SetValue(null, 1); NDArray.Add(at, b, c); },
        () => { field.SetValue(null, 0); NDArray.Add(a, b, c); },
        () => { long m = bytes / 8; for (long i = 0; i < m; i += 16) { Vector512.StoreAligned(Vector512.LoadAligned(src + i), dst + i); Vector512.StoreAligned(Vector512.LoadAligned(src + i + 8), dst + i + 8); } },
    };
    var times = new List<double>[fs.Length];
    for (int k = 0; k < fs.Length; k++) { times[k] = new(); for (int w = 0; w < 3; w++) fs[k](); }
    int rounds = int.Parse(args[0]);
    for (int r = 0; r < rounds; r++)
        for (int k = 0; k < fs.Length; k++)
        {
            double t0 = Cpu();
            for (int i = 0; i < 3; i++) fs[k]();
            times[k].Add((Cpu() - t0) / 3);
        }
    for (int k = 0; k < fs.Length; k++) times[k].Sort();
    double copyMin = times[3][0];
    for (int k = 0; k < fs.Length; k++)
    {
        double streams = k == 3 ? 2 : 3;
        double gbs = streams * bytes / (times[k][0] * 1e6);
        Console.WriteLine($"{names[k],-8} thread-CPU min {times[k][0],7:F2} ms median {times[k][times[k].Count / 2],7:F2} ms  {gbs,5:F1} GB/s  of copy probe {gbs / (2.0 * bytes / (copyMin * 1e6)):F3}");
    }
}

static unsafe double Cpu() { Ts ts; clock_gettime(3, &ts); return ts.sec * 1e3 + ts.nsec / 1e6; }
[System.Runtime.InteropServices.DllImport("libc")] static extern unsafe int clock_gettime(int clock, Ts* ts);
struct Ts { public long sec, nsec; }
