using BenchmarkDotNet.Attributes;

namespace NativeArrays.Benchmarks;

/// <summary>
/// What <see cref="NDScope"/> costs per array: 64 array objects created and disposed per call, with no scope open
/// (the baseline: one static counter read per creation), inside a scope that each array leaves early with
/// <c>Dispose</c>, and inside a scope that disposes them all at its end. Views isolate the object and scope cost;
/// owners add the native allocation. Times are per array ([OperationsPerInvoke]).
/// </summary>
[GenericTypeArguments(typeof(float))]
[MemoryDiagnoser]
[BenchmarkCategory("Scope")]
public class ScopeBenchmarks<T> where T : unmanaged
{
    private const int PerCall = 64;

    /// <summary>Elements of the source array (and of each owner created).</summary>
    [Params(16)]
    public int Size { get; set; }

    private NDArray<T> _a = null!;

    [GlobalSetup]
    public void Setup()
    {
        _a = NDArray<T>.Zeros(Size);
        CpuPlacement.Threads = 1;
    }

    [GlobalCleanup]
    public void Cleanup() => _a.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = PerCall), BenchmarkCategory("Scope.View"), Case("Scope.View.NoScope", Peer.NativeArrays, Form.View, 0)]
    public nint View_NoScope() => ViewsDisposedEach();

    [Benchmark(OperationsPerInvoke = PerCall), BenchmarkCategory("Scope.View"), Case("Scope.View.InScope.Dispose", Peer.NativeArrays, Form.View, 0)]
    public nint View_InScope_DisposedEarly()
    {
        using var scope = NDScope.Begin();
        return ViewsDisposedEach();
    }

    [Benchmark(OperationsPerInvoke = PerCall), BenchmarkCategory("Scope.View"), Case("Scope.View.InScope.ScopeEnd", Peer.NativeArrays, Form.View, 0)]
    public nint View_InScope_DisposedByScope()
    {
        nint n = 0;
        using var scope = NDScope.Begin();
        for (int i = 0; i < PerCall; i++) n += _a[1..].Size;
        return n;
    }

    [Benchmark(OperationsPerInvoke = PerCall), BenchmarkCategory("Scope.Owner"), Case("Scope.Owner.NoScope", Peer.NativeArrays, Form.Alloc, 0)]
    public nint Owner_NoScope()
    {
        nint n = 0;
        for (int i = 0; i < PerCall; i++)
        {
            using var o = NDArray<T>.Empty(Size);
            n += o.Size;
        }
        return n;
    }

    [Benchmark(OperationsPerInvoke = PerCall), BenchmarkCategory("Scope.Owner"), Case("Scope.Owner.InScope.ScopeEnd", Peer.NativeArrays, Form.Alloc, 0)]
    public nint Owner_InScope_DisposedByScope()
    {
        nint n = 0;
        using var scope = NDScope.Begin();
        for (int i = 0; i < PerCall; i++) n += NDArray<T>.Empty(Size).Size;
        return n;
    }

    /// <summary>Creates and disposes <see cref="PerCall"/> views (in whatever scope is open).</summary>
    private nint ViewsDisposedEach()
    {
        nint n = 0;
        for (int i = 0; i < PerCall; i++)
        {
            using var v = _a[1..];
            n += v.Size;
        }
        return n;
    }
}
