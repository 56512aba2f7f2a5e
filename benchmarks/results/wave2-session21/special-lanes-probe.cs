// The in-process probe behind special-lanes-ab.txt (a console project referencing src/NativeArrays; run with DOTNET_TieredCompilation=0).
using System; using System.Collections.Generic; using System.Diagnostics; using NativeArrays;
static double Time(Action a, int reps){ var m=new List<double>(); for(int t=0;t<15;t++){var sw=Stopwatch.StartNew(); for(int r=0;r<reps;r++) a(); m.Add(sw.Elapsed.TotalNanoseconds/reps);} m.Sort(); return m[7]; }
void Run<T>(string tn, Func<double,T> conv) where T: unmanaged, System.Numerics.IFloatingPointIeee754<T> {
  int n = 100_000; var s25=NDArray<T>.Scalar(conv(2.5)); var s17=NDArray<T>.Scalar(conv(1.7)); var s3=NDArray<T>.Scalar(conv(3)); var s03=NDArray<T>.Scalar(conv(0.3));
  var ops = new (string, Action<NDArray<T>, NDArray<T>>)[] {
    ("Log",(a,o)=>NDArray.Log(a,o)),("Log2",(a,o)=>NDArray.Log2(a,o)),("Log10",(a,o)=>NDArray.Log10(a,o)),("Log1p",(a,o)=>NDArray.Log1p(a,o)),
    ("Sqrt",(a,o)=>NDArray.Sqrt(a,o)),("Cbrt",(a,o)=>NDArray.Cbrt(a,o)),("Exp",(a,o)=>NDArray.Exp(a,o)),("Exp2",(a,o)=>NDArray.Exp2(a,o)),("Expm1",(a,o)=>NDArray.Expm1(a,o)),
    ("Sin",(a,o)=>NDArray.Sin(a,o)),("Cos",(a,o)=>NDArray.Cos(a,o)),("Tan",(a,o)=>NDArray.Tan(a,o)),("Tanh",(a,o)=>NDArray.Tanh(a,o)),("Sigmoid",(a,o)=>NDArray.Sigmoid(a,o)),
    ("Pow2.5",(a,o)=>NDArray.Power(a,s25,o)),("Pow3",(a,o)=>NDArray.Power(a,s3,o)),("PowB",(a,o)=>NDArray.Power(s17,a,o)),("Rem",(a,o)=>NDArray.Remainder(a,s03,o)),("Atan2",(a,o)=>NDArray.Atan2(a,s03,o)),
  };
  var rnd = new Random(7);
  var dists = new (string, Func<double>)[] {
    ("pos(0.1,10)", ()=>0.1+rnd.NextDouble()*9.9),
    ("randn", ()=>{ double u1=1-rnd.NextDouble(), u2=rnd.NextDouble(); return Math.Sqrt(-2*Math.Log(u1))*Math.Cos(2*Math.PI*u2);}),
    ("1%zeros", ()=> rnd.NextDouble()<0.01 ? 0 : 0.1+rnd.NextDouble()*9.9),
    ("wide±1e4", ()=> (rnd.NextDouble()*2-1)*1e4),
    ("w150", ()=> (rnd.NextDouble()*2-1)*150),
    ("subn", ()=> -88 - rnd.NextDouble()*15),
    ("neg86", ()=> -rnd.NextDouble()*86),
  };
  foreach (var (on, f) in ops) {
    Console.Write($"{tn} {on,-8}");
    foreach (var (dn, g) in dists) {
      using var a = NDArray<T>.Empty(n); using var o = NDArray<T>.Empty(n); var s=a.AsSpan(); for(int i=0;i<n;i++) s[i]=conv(g());
      for(int w=0;w<40;w++) f(a,o);
      Console.Write($"  {dn} {Time(()=>f(a,o), 20)/n,6:F3}");
    }
    Console.WriteLine();
  }
}
Run<float>("f32", d=>(float)d);
Run<double>("f64", d=>d);
