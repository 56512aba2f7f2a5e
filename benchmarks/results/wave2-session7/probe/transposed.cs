using System; using System.Collections.Generic; using NativeArrays; using System.Diagnostics;
int n = 4096; int reps = int.Parse(args[0]);
using var o = NativeArraysSettings.Override(NativeArraysSettings.Current with { MaxDegreeOfParallelism = 1 });
using var a = NDArray<float>.Full(1f, n, n); using var b = NDArray<float>.Full(2f, n, n); using var d = NDArray<float>.Full(0f, n, n);
using var at = a.Transpose();
var names = new[] { "A+B", "A.T+B" };
var t = new List<double>[2]; for (int k = 0; k < 2; k++) t[k] = new();
bool blocked = args.Length > 1;
for (int q = 0; q < reps * 2; q++)
{
    int k = blocked ? (q < reps ? 0 : 1) : q % 2; int r = blocked ? q % reps : q / 2;
    var sw = Stopwatch.StartNew();
    if (k == 0) NDArray.Add(a, b, d); else NDArray.Add(at, b, d);
    sw.Stop(); if (r >= 3) t[k].Add(sw.Elapsed.TotalMilliseconds);
}
for (int k = 0; k < 2; k++) { t[k].Sort(); Console.Write($"{names[k]} med {t[k][t[k].Count / 2]:F3} min {t[k][0]:F3} | "); }
Console.WriteLine();
