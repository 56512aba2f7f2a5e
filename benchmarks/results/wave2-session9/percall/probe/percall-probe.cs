// In-process A/B probe of the per-call cost of Add (float32, 1 thread): every variant alternates in one process,
// minima and medians over many reps of `calls` calls. Usage: PerCallProbe LABEL [reps]
using System.Diagnostics;
using System.Reflection;
using NativeArrays;
using TP = System.Numerics.Tensors.TensorPrimitives;

unsafe
{
    string label = args.Length > 0 ? args[0] : "probe";
    int reps = args.Length > 1 ? int.Parse(args[1]) : 31;
    var asm = typeof(NDArray).Assembly;
    var ew = asm.GetType("NativeArrays.Kernels.Elementwise")!;
    var addOp = asm.GetType("NativeArrays.Kernels.AddOp`1")!.MakeGenericType(typeof(float));
    var tryFlat = ew.GetMethod("TryBinaryFlat", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(typeof(float), typeof(float), addOp);
    var flat = ew.GetMethod("BinaryFlat", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(typeof(float), typeof(float), addOp);
    var pTry = (delegate*<nint, void*, void*, nint, void*, nint, bool>)tryFlat.MethodHandle.GetFunctionPointer();
    var pFlat = (delegate*<int, nint, void*, void*, nint, void*, nint, void>)flat.MethodHandle.GetFunctionPointer();
    foreach (int n in new[] { 1, 16, 1000 })
    {
        var a = NDArray<float>.FromArray(Enumerable.Range(0, n).Select(i => (float)Math.Sin(i)).ToArray(), n);
        var b = NDArray<float>.FromArray(Enumerable.Range(0, n).Select(i => (float)Math.Cos(i)).ToArray(), n);
        var d = NDArray<float>.Zeros(n);
        float* pa = (float*)a.Buffer.DangerousGetHandle(), pb = (float*)b.Buffer.DangerousGetHandle(), pd = (float*)d.Buffer.DangerousGetHandle();
        int calls = n == 1000 ? 20_000 : 100_000;
        var names = new[] { "TP", "class", "span", "TryBinaryFlat", "BinaryFlat", "classCall", "spanCall" };
        var t = new List<double>[names.Length];
        for (int v = 0; v < names.Length; v++) t[v] = new();
        double Run(int v)
        {
            var sw = Stopwatch.StartNew();
            switch (v)
            {
                case 0: for (int i = 0; i < calls; i++) TP.Add(new ReadOnlySpan<float>(pa, n), new ReadOnlySpan<float>(pb, n), new Span<float>(pd, n)); break;
                case 1: for (int i = 0; i < calls; i++) NDArray.Add(a, b, d); break;
                case 2: for (int i = 0; i < calls; i++) NDArray.Add(a.AsReadOnlyNDSpan(), b.AsReadOnlyNDSpan(), d.AsNDSpan()); break;
                case 3: for (int i = 0; i < calls; i++) pTry(n, pd, pa, 1, pb, 1); break;
                case 4: for (int i = 0; i < calls; i++) pFlat(512, n, pd, pa, 1, pb, 1); break;
                case 5: for (int i = 0; i < calls; i++) Calls.ClassAdd(a, b, d); break;
                case 6: for (int i = 0; i < calls; i++) Calls.SpanAdd(a, b, d); break;
            }
            return sw.Elapsed.TotalNanoseconds / calls;
        }
        for (int w = 0; w < 3; w++) for (int v = 0; v < names.Length; v++) Run(v); // warm-up (tier-up)
        Thread.Sleep(200);
        for (int w = 0; w < 3; w++) for (int v = 0; v < names.Length; v++) Run(v);
        for (int r = 0; r < reps; r++) for (int v = 0; v < names.Length; v++) t[v].Add(Run(v));
        double tp = t[0].Min();
        Console.Write($"{label} n={n,-5}");
        for (int v = 0; v < names.Length; v++)
        {
            var s = t[v].OrderBy(x => x).ToList();
            Console.Write($" | {names[v]} min {s[0]:F1} med {s[s.Count / 2]:F1} ({s[0] / tp:F2}x)");
        }
        Console.WriteLine();
        a.Dispose(); b.Dispose(); d.Dispose();
    }
}

/// <summary>One call per benchmark invocation, as BenchmarkDotNet makes it: the caller's frame (its prolog zeroing) is paid per call.</summary>
static class Calls
{
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static void ClassAdd(NDArray<float> a, NDArray<float> b, NDArray<float> d) => NDArray.Add(a, b, d);
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static void SpanAdd(NDArray<float> a, NDArray<float> b, NDArray<float> d) => NDArray.Add(a.AsReadOnlyNDSpan(), b.AsReadOnlyNDSpan(), d.AsNDSpan());
}
