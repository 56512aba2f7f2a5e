using System.Runtime.InteropServices; using System; using System.Collections.Generic; using NativeArrays; using System.Diagnostics; using System.Runtime.Intrinsics; using System.Threading.Tasks;
unsafe {
int n = 16_000_000;
using var a = NDArray<float>.Full(1f, n); using var b = NDArray<float>.Full(2f, n); using var d = NDArray<float>.Full(0f, n);
float* pa = (float*)NativeMemory.AlignedAlloc((nuint)n*4, 64), pb = (float*)NativeMemory.AlignedAlloc((nuint)n*4, 64), pd = (float*)NativeMemory.AlignedAlloc((nuint)n*4, 64);
for (int i = 0; i < n; i++) { pa[i] = 1; pb[i] = 2; pd[i] = 0; }
var s1 = NativeArraysSettings.Current with { MaxDegreeOfParallelism = 1 };
var s2 = NativeArraysSettings.Current with { MaxDegreeOfParallelism = 2 };
void Raw(nint lo, nint hi) { for (nint i = lo; i < hi; i += 16) { var v = Vector512.Load(pa + i) + Vector512.Load(pb + i); Vector512.StoreAlignedNonTemporal(v, pd + i); } }
var names = new[] { "NA1", "NA2", "RAW1", "RAW2" };
var t = new List<double>[4]; for (int k = 0; k < 4; k++) t[k] = new();
int reps = int.Parse(args[0]);
for (int r = 0; r < reps; r++)
for (int k = 0; k < 4; k++)
{
    var sw = Stopwatch.StartNew();
    switch (k)
    {
        case 0: using (NativeArraysSettings.Override(s1)) NDArray.Add(a, b, d); break;
        case 1: using (NativeArraysSettings.Override(s2)) NDArray.Add(a, b, d); break;
        case 2: Raw(0, n); break;
        case 3: Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, j => Raw(j * (n / 2), (j + 1) * (n / 2))); break;
    }
    sw.Stop(); if (r >= 5) t[k].Add(sw.Elapsed.TotalMilliseconds);
}
double[] med = new double[4], mn = new double[4];
for (int k = 0; k < 4; k++) { t[k].Sort(); med[k] = t[k][t[k].Count / 2]; mn[k] = t[k][0]; Console.Write($"{names[k]} med {med[k]:F3} min {mn[k]:F3} | "); }
Console.WriteLine($"\nscaling NA med {med[0]/med[1]:F2} min {mn[0]/mn[1]:F2}; RAW med {med[2]/med[3]:F2} min {mn[2]/mn[3]:F2}");
}
