using System; using System.Collections.Generic; using NativeArrays; using System.Diagnostics;
int n = int.Parse(args[0]); int calls = Math.Max(1, 20_000_000 / n);
using var o = NativeArraysSettings.Override(NativeArraysSettings.Current with { MaxDegreeOfParallelism = 1 });
using var a = NDArray<float>.Full(1.5f, n);
var t = new List<double>(); float acc = 0;
for (int r = 0; r < 300; r++) { var sw = Stopwatch.StartNew(); for (int i = 0; i < calls; i++) acc += a.Sum(); sw.Stop(); if (r >= 150) t.Add(sw.Elapsed.TotalNanoseconds / calls); }
t.Sort(); Console.WriteLine($"Sum n={n}: min {t[0]:F1} ns median {t[t.Count/2]:F1} ns ({acc})");
