using System.Diagnostics;
using NativeArrays;
// NT always (threshold 1) vs never (0), alternating, medians; prints ratio NT/cached per scenario and footprint.
int rounds = args.Length > 0 ? int.Parse(args[0]) : 7;
string[] only = args.Length > 1 ? args[1].Split(',') : [];
var sizesMB = (Environment.GetEnvironmentVariable("MB") ?? "16,32,48,64,96,128,160").Split(",").Select(int.Parse).ToArray();
Console.WriteLine($"threshold auto = {NativeArraysSettings.DefaultNonTemporalThreshold >> 20} MiB");
foreach (int mb in sizesMB)
{
    var scen = new List<(string name, int bpe, Action<int> setup, Action run)>();
    NDArray<float>? a = null, b = null, c = null, d = null, e = null; NDArray<double>? x = null, y = null;
    void F(int n) { a = R(n, 1); b = R(n, 2); c = R(n, 3); d = NDArray<float>.Zeros(n); e = NDArray<float>.Zeros(n); }
    scen.Add(("sqrt", 8, n => F(n), () => NDArray.Sqrt(a!, d!)));
    scen.Add(("sqrt+sum", 8, n => F(n), () => { NDArray.Sqrt(a!, d!); NDArray.Sum(d!); }));
    scen.Add(("exp", 8, n => F(n), () => NDArray.Exp(a!, d!)));
    scen.Add(("add", 12, n => F(n), () => NDArray.Add(a!, b!, d!)));
    scen.Add(("add+mul", 12, n => F(n), () => { NDArray.Add(a!, b!, d!); NDArray.Multiply(d!, c!, e!); }));
    scen.Add(("add+sum", 12, n => F(n), () => { NDArray.Add(a!, b!, d!); NDArray.Sum(d!); }));
    scen.Add(("neg64+sum", 16, n => { x = NDArray<double>.Zeros(n); x.AsSpan().Fill(1.5); y = NDArray<double>.Zeros(n); }, () => { NDArray.Negate(x!, y!); NDArray.Sum(y!); }));
    Console.Write($"{mb,4} MB:");
    foreach (var (name, bpe, setup, run) in scen)
    {
        if (only.Length > 0 && !only.Contains(name)) continue;
        int n = (int)((long)mb * (1 << 20) / bpe);
        setup(n);
        var t = new List<double>[2] { new(), new() };
        for (int r = 0; r < rounds; r++)
            for (int m = 0; m < 2; m++)
            {
                using var o = NativeArraysSettings.Override(NativeArraysSettings.Current with { NonTemporalThreshold = m == 0 ? 0 : 1, MaxDegreeOfParallelism = 1 });
                run(); run();
                var sw = Stopwatch.StartNew(); int k = 0;
                while (sw.ElapsedMilliseconds < 150) { run(); k++; }
                t[m].Add(sw.Elapsed.TotalMilliseconds / k);
            }
        foreach (var l in t) l.Sort();
        double c0 = t[0][rounds / 2], c1 = t[1][rounds / 2];
        Console.Write($"  {name} {c1 / c0:F2} ({c0:F2}/{c1:F2}ms)");
        a?.Dispose(); b?.Dispose(); c?.Dispose(); d?.Dispose(); e?.Dispose(); x?.Dispose(); y?.Dispose(); a = b = c = d = e = null; x = y = null;
    }
    Console.WriteLine();
}
static NDArray<float> R(int n, int seed) { var r = new Random(seed); var a = NDArray<float>.Zeros(n); var s = a.AsSpan(); for (int i = 0; i < n; i++) s[i] = 0.5f + (float)r.NextDouble(); return a; }
