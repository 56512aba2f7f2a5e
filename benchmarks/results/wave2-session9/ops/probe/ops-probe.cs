// In-process A/B probe: NativeArrays (NA) vs TensorPrimitives (TP), the two alternating in one process;
// minimum and median ns per call over many rounds. Inputs as VectorisedOpsBenchmarks: uniform [0.5, 2),
// int32 x = (u·1e6) − 1e6, divisors u·1000.
using System.Diagnostics;
using NativeArrays;
using TP = System.Numerics.Tensors.TensorPrimitives;

string[] only = args;
var rng = new Random(1);
var cases = new List<(string name, int n, Action na, Action tp)>();
foreach (int n in new[] { 1000, 1_000_000 })
{
    var fa = new float[n]; var fb = new float[n]; var da = new double[n]; var db = new double[n]; var ia = new int[n]; var ib = new int[n];
    for (int i = 0; i < n; i++)
    {
        double u = 0.5 + 1.5 * rng.NextDouble(), v = 0.5 + 1.5 * rng.NextDouble();
        fa[i] = (float)u; fb[i] = (float)v; da[i] = fa[i]; db[i] = fb[i];
        ia[i] = (int)(da[i] * 1e6) - 1_000_000; ib[i] = (int)(db[i] * 1000);
    }
    var Fa = NDArray<float>.FromArray(fa, n); var Fb = NDArray<float>.FromArray(fb, n); var Fd = NDArray<float>.Zeros(n);
    var Da = NDArray<double>.FromArray(da, n); var Db = NDArray<double>.FromArray(db, n); var Dd = NDArray<double>.Zeros(n);
    var Ia = NDArray<int>.FromArray(ia, n); var Ib = NDArray<int>.FromArray(ib, n); var Id = NDArray<int>.Zeros(n);
    var fd = new float[n]; var dd = new double[n]; var id = new int[n];
    cases.Add(("RemainderF32", n, () => NDArray.Remainder(Fa, Fb, Fd), () => TP.Remainder<float>(fa, fb, fd)));
    cases.Add(("RemainderF64", n, () => NDArray.Remainder(Da, Db, Dd), () => TP.Remainder<double>(da, db, dd)));
    cases.Add(("DivideI32", n, () => NDArray.Divide(Ia, Ib, Id), () => TP.Divide<int>(ia, ib, id)));
    var ua = ia.Select(v => (uint)v).ToArray(); var ub = ib.Select(v => (uint)v).ToArray(); var ud = new uint[n];
    var Ua = NDArray<uint>.FromArray(ua, n); var Ub = NDArray<uint>.FromArray(ub, n); var Ud = NDArray<uint>.Zeros(n);
    cases.Add(("DivideU32", n, () => NDArray.Divide(Ua, Ub, Ud), () => TP.Divide<uint>(ua, ub, ud)));
    cases.Add(("RemainderI32", n, () => NDArray.Remainder(Ia, Ib, Id), () => TP.Remainder<int>(ia, ib, id)));
    cases.Add(("Log10F64", n, () => NDArray.Log10(Da, Dd), () => TP.Log10<double>(da, dd)));
    cases.Add(("Log1pF64", n, () => NDArray.Log1p(Da, Dd), () => TP.LogP1<double>(da, dd)));
    cases.Add(("Expm1F64", n, () => NDArray.Expm1(Da, Dd), () => TP.ExpM1<double>(da, dd)));
    cases.Add(("Log10F32", n, () => NDArray.Log10(Fa, Fd), () => TP.Log10<float>(fa, fd)));
    cases.Add(("TanhF32", n, () => NDArray.Tanh(Fa, Fd), () => TP.Tanh<float>(fa, fd)));
}
int rounds = int.Parse(Environment.GetEnvironmentVariable("ROUNDS") ?? "31");
foreach (var (name, n, na, tp) in cases)
{
    if (only.Length > 0 && !only.Any(o => name.Contains(o))) continue;
    int reps = n == 1000 ? 2000 : 3;
    double T(Action f) { var sw = Stopwatch.StartNew(); for (int i = 0; i < reps; i++) f(); return sw.Elapsed.TotalNanoseconds / reps; }
    for (int w = 0; w < 5; w++) { T(na); T(tp); }
    var a = new List<double>(); var b = new List<double>();
    for (int r = 0; r < rounds; r++) { a.Add(T(na)); b.Add(T(tp)); }
    a.Sort(); b.Sort();
    double unit = n == 1000 ? 1 : 1000; string u = n == 1000 ? "ns" : "us";
    Console.WriteLine($"{name,-13} n={n,-8} NA min {a[0] / unit,9:F1} med {a[rounds / 2] / unit,9:F1} | TP min {b[0] / unit,9:F1} med {b[rounds / 2] / unit,9:F1} {u} | speed-up vs TP min {b[0] / a[0]:F2} med {b[rounds / 2] / a[rounds / 2]:F2}");
}
