using System; using System.Collections.Generic; using System.Diagnostics; using NativeArrays; using System.Runtime.CompilerServices;
static class P {
  static NDArray<float> a = null!, b = null!, d = null!;
  [MethodImpl(MethodImplOptions.NoInlining)] static void Span() => NDArray.Add(a.AsReadOnlyNDSpan(), b.AsReadOnlyNDSpan(), d.AsNDSpan());
  [MethodImpl(MethodImplOptions.NoInlining)] static void Cls() => NDArray.Add(a, b, d);
  static unsafe long Addr(NDArray<float> x) { fixed (float* p = x.AsSpan()) return (long)p; }
  static unsafe long Obj(object o) { return (long)*(nint*)Unsafe.AsPointer(ref o); }
  [MethodImpl(MethodImplOptions.NoInlining)] static long Ctl(long n) { long x = 1; for (long i = 0; i < n; i++) { x = x * 3 + 1; x ^= x >> 7; } return x; }
  [MethodImpl(MethodImplOptions.NoInlining)] static void Tp() => System.Numerics.Tensors.TensorPrimitives.Add(a.AsReadOnlySpan(), b.AsReadOnlySpan(), d.AsSpan());
  static void Main(string[] args) {
    int n = int.Parse(args[0]); int pad = args.Length > 1 ? int.Parse(args[1]) : 0;
    a = NDArray<float>.Full(1f, n); b = NDArray<float>.Full(1f, n); d = NDArray<float>.Zeros(n);
    Run(0);
  }
  static unsafe void Run(int pad) {
    byte* junk = stackalloc byte[pad + 1]; junk[0] = 1;
    var sw = Stopwatch.StartNew(); while (sw.ElapsedMilliseconds < 1500) { Span(); Cls(); Tp(); }
    var ts = new List<double>(); var tc = new List<double>();
    for (int r = 0; r < 25; r++) {
      sw.Restart(); for (int i = 0; i < 200000; i++) { if (pad == 0) Span(); else Cls(); } ts.Add(sw.Elapsed.TotalNanoseconds / 200000);
      sw.Restart(); for (int i = 0; i < 200000; i++) Cls(); tc.Add(sw.Elapsed.TotalNanoseconds / 200000);
    }
    ts.Sort(); tc.Sort();
    var tt = new List<double>(); for (int r = 0; r < 15; r++) { sw.Restart(); for (int i = 0; i < 200000; i++) Tp(); tt.Add(sw.Elapsed.TotalNanoseconds / 200000); } tt.Sort();
    Console.Write($"tp {tt[7]:F1} ");
    var tk = new List<double>(); for (int r = 0; r < 15; r++) { sw.Restart(); Ctl(2000000); tk.Add(sw.Elapsed.TotalNanoseconds / 2000000); } tk.Sort();
    Console.Write($"ctl {tk[7]:F3} ");
    Console.WriteLine($"a={Addr(a):x} b={Addr(b):x} d={Addr(d):x} sp={(long)junk:x} pad {pad,3} span {ts[12]:F1} class {tc[12]:F1} ratio {ts[12]/tc[12]:F2} sp%64={(((long)junk) % 64)}");
  }
}
