// In-process A/B probe of the buffer cache: `using var c = a + b` (float32) at n = 1 and 10^3, the cache on
// (bufferCacheEntries 16) and off (0) alternating in one process, 15 rounds; medians and minima of per-round means.
using System.Diagnostics;
using NativeArrays;
var on = NativeArraysSettings.Current with { BufferCacheEntries = 16 };
var off = NativeArraysSettings.Current with { BufferCacheEntries = 0 };
long sink = 0;
double Time(NDArray<float> a, NDArray<float> b, int n)
{
    var sw = Stopwatch.StartNew();
    for (int i = 0; i < n; i++) { using var c = a + b; sink += c.Size; }
    return sw.Elapsed.TotalNanoseconds / n;
}
foreach (int size in new[] { 1, 1000 })
{
    var a = NDArray<float>.FromArray(Enumerable.Range(0, size).Select(i => (float)Math.Sin(i)).ToArray(), size);
    var b = NDArray<float>.FromArray(Enumerable.Range(0, size).Select(i => (float)Math.Cos(i)).ToArray(), size);
    int reps = size == 1 ? 1_000_000 : 400_000;
    var w = Stopwatch.StartNew();
    while (w.ElapsedMilliseconds < 500) { using (NativeArraysSettings.Override(on)) Time(a, b, 10_000); using (NativeArraysSettings.Override(off)) Time(a, b, 10_000); }
    var tOn = new List<double>(); var tOff = new List<double>();
    for (int r = 0; r < 15; r++)
    {
        using (NativeArraysSettings.Override(on)) tOn.Add(Time(a, b, reps));
        using (NativeArraysSettings.Override(off)) tOff.Add(Time(a, b, reps));
    }
    tOn.Sort(); tOff.Sort();
    Console.WriteLine($"a+b float32 n={size,5}: cache on  median {tOn[7],6:F1} ns  min {tOn[0],6:F1} ns | cache off median {tOff[7],6:F1} ns  min {tOff[0],6:F1} ns | off/on median {tOff[7] / tOn[7]:F2}x");
    a.Dispose(); b.Dispose();
}
Console.WriteLine($"({sink % 7})");
