// In-process A/B probe for Sum float32, 1 thread: NativeArrays, TensorPrimitives and replicas of the row fold.
using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NativeArrays;

unsafe
{
    using var _ = NativeArraysSettings.Override(NativeArraysSettings.Current with { MaxDegreeOfParallelism = 1 });
    foreach (int n in args.Select(int.Parse))
    {
        var rnd = new Random(1);
        var data = new float[n];
        for (int i = 0; i < n; i++) data[i] = (float)rnd.NextDouble();
        using var arr = NDArray<float>.FromArray(data, n);
        float* p = (float*)NativeMemory.AlignedAlloc((nuint)n * 4, 64);
        data.AsSpan().CopyTo(new Span<float>(p, n));
        var span = new ReadOnlySpan<float>(p, n);
        var names = new[] { "NA", "TP", "Flat8", "Replica", "Chain1", "Flat4", "Flat2" };
        float[] res = new float[names.Length];
        Func<float>[] fs = {
            () => arr.Sum(),
            () => TensorPrimitives.Sum(new ReadOnlySpan<float>(p, n)),
            () => Flat8(p, n),
            () => Replica.Sum(p, n),
            () => Chain1(p, n),
            () => FlatK(p, n, 4),
            () => FlatK(p, n, 2),
        };
        int reps = n > 2_000_000 ? 30 : 400;
        var times = new List<double>[fs.Length];
        for (int k = 0; k < fs.Length; k++) { times[k] = new(); for (int w = 0; w < 20; w++) res[k] = fs[k](); }
        for (int r = 0; r < 25; r++)
            for (int k = 0; k < fs.Length; k++)
            {
                double t0 = Cpu();
                for (int i = 0; i < reps; i++) res[k] += fs[k]() * 0;
                times[k].Add((Cpu() - t0) / reps);
            }
        Console.WriteLine($"n = {n}");
        for (int k = 0; k < fs.Length; k++)
        {
            times[k].Sort();
            Console.WriteLine($"  {names[k],-8} min {times[k][0],9:F1} µs  median {times[k][times[k].Count / 2],9:F1} µs  vs TP(min) {times[1].Min() / times[k][0]:F3}x  value {res[k]}");
        }
        NativeMemory.AlignedFree(p);
    }
}

static unsafe double Cpu() { Ts ts; clock_gettime(3, &ts); return ts.sec * 1e6 + ts.nsec / 1e3; }
[System.Runtime.InteropServices.DllImport("libc")] static extern unsafe int clock_gettime(int clock, Ts* ts);

static unsafe float Chain1(float* p, int n)
{
    Vector512<float> a = default;
    int i = 0;
    for (; i <= n - 128; i += 128)
    {
        a += Vector512.Load(p + i); a += Vector512.Load(p + i + 16); a += Vector512.Load(p + i + 32); a += Vector512.Load(p + i + 48);
        a += Vector512.Load(p + i + 64); a += Vector512.Load(p + i + 80); a += Vector512.Load(p + i + 96); a += Vector512.Load(p + i + 112);
    }
    float s = Vector512.Sum(a);
    for (; i < n; i++) s += p[i];
    return s;
}
static unsafe float FlatK(float* p, int n, int k)
{
    if (k == 4)
    {
        Vector512<float> a0 = default, a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (; i <= n - 128; i += 128)
        {
            a0 += Vector512.Load(p + i); a1 += Vector512.Load(p + i + 16); a2 += Vector512.Load(p + i + 32); a3 += Vector512.Load(p + i + 48);
            a0 += Vector512.Load(p + i + 64); a1 += Vector512.Load(p + i + 80); a2 += Vector512.Load(p + i + 96); a3 += Vector512.Load(p + i + 112);
        }
        float s = Vector512.Sum((a0 + a1) + (a2 + a3));
        for (; i < n; i++) s += p[i];
        return s;
    }
    else
    {
        Vector512<float> a0 = default, a1 = a0;
        int i = 0;
        for (; i <= n - 128; i += 128)
        {
            a0 += Vector512.Load(p + i); a1 += Vector512.Load(p + i + 16); a0 += Vector512.Load(p + i + 32); a1 += Vector512.Load(p + i + 48);
            a0 += Vector512.Load(p + i + 64); a1 += Vector512.Load(p + i + 80); a0 += Vector512.Load(p + i + 96); a1 += Vector512.Load(p + i + 112);
        }
        float s = Vector512.Sum(a0 + a1);
        for (; i < n; i++) s += p[i];
        return s;
    }
}

static unsafe float Flat8(float* p, int n)
{
    Vector512<float> a0 = default, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
    int i = 0;
    for (; i <= n - 128; i += 128)
    {
        a0 += Vector512.Load(p + i); a1 += Vector512.Load(p + i + 16); a2 += Vector512.Load(p + i + 32); a3 += Vector512.Load(p + i + 48);
        a4 += Vector512.Load(p + i + 64); a5 += Vector512.Load(p + i + 80); a6 += Vector512.Load(p + i + 96); a7 += Vector512.Load(p + i + 112);
    }
    float s = Vector512.Sum((a0 + a1) + (a2 + a3) + ((a4 + a5) + (a6 + a7)));
    for (; i < n; i++) s += p[i];
    return s;
}

static unsafe float Flat8Pf(float* p, int n)
{
    Vector512<float> a0 = default, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
    int i = 0;
    for (; i <= n - 128; i += 128)
    {
        System.Runtime.Intrinsics.X86.Sse.Prefetch0(p + i + 1024);
        System.Runtime.Intrinsics.X86.Sse.Prefetch0(p + i + 1024 + 64);
        a0 += Vector512.Load(p + i); a1 += Vector512.Load(p + i + 16); a2 += Vector512.Load(p + i + 32); a3 += Vector512.Load(p + i + 48);
        a4 += Vector512.Load(p + i + 64); a5 += Vector512.Load(p + i + 80); a6 += Vector512.Load(p + i + 96); a7 += Vector512.Load(p + i + 112);
    }
    float s = Vector512.Sum((a0 + a1) + (a2 + a3) + ((a4 + a5) + (a6 + a7)));
    for (; i < n; i++) s += p[i];
    return s;
}

static unsafe class Replica
{
    public static float Sum(float* p, int n)
    {
        int vectors = n / 16;
        var f = Fold(p, vectors);
        float s = Vector512.Sum(f);
        for (int i = vectors * 16; i < n; i++) s += p[i];
        return s;
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<float> Fold(float* x, nint vectors) => vectors > 128 ? Halves(x, vectors) : Block(x, vectors);
    [MethodImpl(MethodImplOptions.NoInlining)]
    static Vector512<float> Halves(float* x, nint vectors)
    {
        nint half = (vectors / 2 + 7) & ~(nint)7;
        return Fold(x, half) + Fold(x + half * 16, vectors - half);
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<float> Block(float* p, nint vectors)
    {
        Vector512<float> a0 = default, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        nint i = 0;
        for (; i + 8 <= vectors; i += 8, p += 128)
        {
            a0 += Vector512.Load(p); a1 += Vector512.Load(p + 16); a2 += Vector512.Load(p + 32); a3 += Vector512.Load(p + 48);
            a4 += Vector512.Load(p + 64); a5 += Vector512.Load(p + 80); a6 += Vector512.Load(p + 96); a7 += Vector512.Load(p + 112);
        }
        nint left = vectors - i;
        if (left > 0) a0 += Vector512.Load(p);
        if (left > 1) a1 += Vector512.Load(p + 16);
        if (left > 2) a2 += Vector512.Load(p + 32);
        if (left > 3) a3 += Vector512.Load(p + 48);
        if (left > 4) a4 += Vector512.Load(p + 64);
        if (left > 5) a5 += Vector512.Load(p + 80);
        if (left > 6) a6 += Vector512.Load(p + 96);
        return ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7));
    }
}

struct Ts { public long sec, nsec; }
