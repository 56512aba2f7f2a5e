using System.Diagnostics;
using NativeArrays;
var a = NDArray<float>.FromArray(new float[] { 1f }, 1);
var k = NDArray<float>.FromArray(Enumerable.Range(0, 1000).Select(i => (float)Math.Sin(i)).ToArray(), 1000);
long sink = 0;
double Time(Func<long> f, int n) { var sw = Stopwatch.StartNew(); for (int i = 0; i < n; i++) sink += f(); return sw.Elapsed.TotalNanoseconds / n; }
var sw0 = Stopwatch.StartNew(); while (sw0.ElapsedMilliseconds < 400) { sink += a.ArgMax(); sink += (long)a.Sum(); sink += (long)a.Max(); }
double am = double.MaxValue, su = double.MaxValue, mx = double.MaxValue, am3 = double.MaxValue;
for (int r = 0; r < 15; r++) { am = Math.Min(am, Time(() => a.ArgMax(), 1_000_000)); su = Math.Min(su, Time(() => (long)a.Sum(), 1_000_000)); mx = Math.Min(mx, Time(() => (long)a.Max(), 1_000_000)); am3 = Math.Min(am3, Time(() => k.ArgMax(), 200_000)); }
Console.WriteLine($"{args[0]} ArgMax1 {am:F1} Sum1 {su:F1} Max1 {mx:F1} ArgMax1000 {am3:F1} ns ({sink % 7})");
