using System.Diagnostics;
using NativeArrays;
int n = 100_000;
var rng = new Random(1);
var d = new double[n]; for (int i = 0; i < n; i++) d[i] = (rng.NextDouble() - 0.5) * 1e12;
var l = new long[n]; for (int i = 0; i < n; i++) l[i] = rng.NextInt64(-1L << 50, 1L << 50);
using var D = NDArray<double>.FromArray(d, n); using var L = NDArray<long>.FromArray(l, n);
var f = new float[n]; for (int i = 0; i < n; i++) f[i] = (float)(rng.NextDouble() * 4e9);
var u = new uint[n]; for (int i = 0; i < n; i++) u[i] = (uint)rng.NextInt64(0, 1L << 32);
var ul = new ulong[n]; for (int i = 0; i < n; i++) ul[i] = (ulong)rng.NextInt64() * 2;
var dp = new double[n]; for (int i = 0; i < n; i++) dp[i] = rng.NextDouble() * 1e19;
using var F = NDArray<float>.FromArray(f, n); using var U = NDArray<uint>.FromArray(u, n); using var UL = NDArray<ulong>.FromArray(ul, n); using var DP = NDArray<double>.FromArray(dp, n);
var ou = new uint[n]; var of = new float[n]; var oul = new ulong[n];
var ol = new long[n]; var od = new double[n];
var V = new (string, Action)[] {
 ("NA double->long AsType", () => { using var r = D.AsType<long>(); }),
 ("scalar double->long loop", () => { for (int i = 0; i < n; i++) ol[i] = long.CreateSaturating(d[i]); }),
 ("NA long->double AsType", () => { using var r = L.AsType<double>(); }),
 ("scalar long->double loop", () => { for (int i = 0; i < n; i++) od[i] = l[i]; }),
 ("NA float->uint AsType", () => { using var r = F.AsType<uint>(); }),
 ("scalar float->uint loop", () => { for (int i = 0; i < n; i++) ou[i] = uint.CreateSaturating(f[i]); }),
 ("NA uint->float AsType", () => { using var r = U.AsType<float>(); }),
 ("scalar uint->float loop", () => { for (int i = 0; i < n; i++) of[i] = u[i]; }),
 ("NA double->ulong AsType", () => { using var r = DP.AsType<ulong>(); }),
 ("scalar double->ulong loop", () => { for (int i = 0; i < n; i++) oul[i] = ulong.CreateSaturating(dp[i]); }),
 ("NA ulong->double AsType", () => { using var r = UL.AsType<double>(); }),
 ("scalar ulong->double loop", () => { for (int i = 0; i < n; i++) od[i] = ul[i]; }),
};
int reps = 50;
double T(Action f) { var sw = Stopwatch.StartNew(); for (int i = 0; i < reps; i++) f(); return sw.Elapsed.TotalMicroseconds / reps; }
var res = V.Select(_ => new List<double>()).ToArray();
for (int w = 0; w < 5; w++) foreach (var v in V) T(v.Item2);
for (int r = 0; r < 21; r++) for (int k = 0; k < V.Length; k++) res[k].Add(T(V[k].Item2));
for (int k = 0; k < V.Length; k++) { res[k].Sort(); Console.WriteLine($"{V[k].Item1,-30} n=1e5 min {res[k][0],8:F1} med {res[k][res[k].Count/2],8:F1} us"); }
