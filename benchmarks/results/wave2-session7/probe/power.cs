using System; using System.Collections.Generic; using NativeArrays; using System.Diagnostics;
int n = int.Parse(args[0]); int calls = Math.Max(1, 20_000_000 / n);
var rnd = new Random(1);
using var a = NDArray<float>.Zeros(n); using var b = NDArray<float>.Zeros(n); using var d = NDArray<float>.Zeros(n);
for (int i = 0; i < n; i++) { a.Set([i], 0.5f + 1.5f * (float)rnd.NextDouble()); b.Set([i], 0.5f + 1.5f * (float)rnd.NextDouble()); }
var t = new List<double>();
for (int r = 0; r < 40; r++) { var sw = Stopwatch.StartNew(); for (int i = 0; i < calls; i++) NDArray.Power(a, b, d); sw.Stop(); if (r >= 10) t.Add(sw.Elapsed.TotalNanoseconds / calls / n); }
t.Sort(); Console.WriteLine($"Power n={n}: min {t[0]:F3} ns/elem median {t[t.Count/2]:F3}");
