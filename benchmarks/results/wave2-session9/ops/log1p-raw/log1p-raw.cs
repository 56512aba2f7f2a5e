using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using TP = System.Numerics.Tensors.TensorPrimitives;
unsafe
{
int n = 1000;
var rng = new Random(1);
double[] a = new double[n], d = new double[n];
for (int i = 0; i < n; i++) a[i] = (float)(0.5 + 1.5 * rng.NextDouble());
var V = new (string, Action)[] {
  ("TP.LogP1", () => TP.LogP1<double>(a, d)),
  ("TP.Log(1+x) raw", () => Loop(a, d, 0)),
  ("ours: log u * x/(u-1) + 2 selects", () => Loop(a, d, 1)),
  ("ours minus divide", () => Loop(a, d, 2)),
  ("log u + (x-(u-1))/u", () => Loop(a, d, 3)),
};
int reps = 2000;
double T(Action f) { var sw = Stopwatch.StartNew(); for (int i = 0; i < reps; i++) f(); return sw.Elapsed.TotalNanoseconds / reps; }
var res = V.Select(_ => new List<double>()).ToArray();
for (int w = 0; w < 10; w++) foreach (var v in V) T(v.Item2);
for (int r = 0; r < 101; r++) for (int k = 0; k < V.Length; k++) res[k].Add(T(V[k].Item2));
for (int k = 0; k < V.Length; k++) { res[k].Sort(); Console.WriteLine($"{V[k].Item1,-40} min {res[k][0],8:F1} med {res[k][50],8:F1} ns"); }
}
[MethodImpl(MethodImplOptions.NoInlining)]
static unsafe void Loop(double[] a, double[] d, int variant)
{
    fixed (double* pa = a, pd = d)
    {
        var one = Vector256.Create(1.0);
        for (int i = 0; i + 4 <= a.Length; i += 4)
        {
            var x = Vector256.Load(pa + i);
            var u = x + one;
            Vector256<double> r;
            if (variant == 0) r = Vector256.Log(u);
            else if (variant == 1) { r = Vector256.Log(u) * (x / (u - one)); r = Vector256.ConditionalSelect(Vector256.Equals(u, one), x, r); r = Vector256.ConditionalSelect(Vector256.LessThan(Vector256.Abs(u), Vector256.Create(double.PositiveInfinity)), r, u); }
            else if (variant == 2) { r = Vector256.Log(u) * (x - (u - one)); r = Vector256.ConditionalSelect(Vector256.Equals(u, one), x, r); r = Vector256.ConditionalSelect(Vector256.LessThan(Vector256.Abs(u), Vector256.Create(double.PositiveInfinity)), r, u); }
            else { r = Vector256.Log(u) + (x - (u - one)) / u; }
            r.Store(pd + i);
        }
    }
}
