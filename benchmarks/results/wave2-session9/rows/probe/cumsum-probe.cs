// In-process probe: CumSum int64 at 10^6 (allocating), split into its parts, 1 thread.
using System.Diagnostics;
using NativeArrays;

unsafe
{
    using var _ = NativeArraysSettings.Override(NativeArraysSettings.Current with { MaxDegreeOfParallelism = 1 });
    int n = 1_000_000;
    var rnd = new Random(1);
    var data = new long[n];
    for (int i = 0; i < n; i++) data[i] = rnd.NextInt64(-1000, 1000);
    using var x = NDArray<long>.FromArray(data, n);
    using var pre = NDArray<long>.Empty(n);
    using var pinX = x.Pin(); using var pinP = pre.Pin();
    long* px = pinX.Pointer, pp = pinP.Pointer;
    long sink = 0;
    var names = new[] { "CumSum()", "Empty+Dispose", "copy into pre", "scalar scan", "CumSum(0)" };
    Action[] fs = {
        () => { using var r = x.CumSum(); sink += r.Size; },
        () => { using var r = NDArray<long>.Empty(n); sink += r.Size; },
        () => Buffer.MemoryCopy(px, pp, 8L * n, 8L * n),
        () => { long acc = 0; for (int i = 0; i < n; i++) { acc += px[i]; pp[i] = acc; } },
        () => { using var r = x.CumSum(0); sink += r.Size; },
    };
    var times = new List<double>[fs.Length];
    for (int k = 0; k < fs.Length; k++) { times[k] = new(); for (int w = 0; w < 50; w++) fs[k](); }
    for (int r = 0; r < int.Parse(args[0]); r++)
        for (int k = 0; k < fs.Length; k++)
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < 20; i++) fs[k]();
            times[k].Add(sw.Elapsed.TotalMicroseconds / 20);
        }
    for (int k = 0; k < fs.Length; k++)
    {
        times[k].Sort();
        Console.WriteLine($"{names[k],-14} min {times[k][0],8:F1} µs  median {times[k][times[k].Count / 2],8:F1} µs");
    }
    Console.WriteLine(sink % 7);
}
static unsafe double Cpu() { Ts ts; clock_gettime(3, &ts); return ts.sec * 1e6 + ts.nsec / 1e3; }
[System.Runtime.InteropServices.DllImport("libc")] static extern unsafe int clock_gettime(int clock, Ts* ts);
struct Ts { public long sec, nsec; }
