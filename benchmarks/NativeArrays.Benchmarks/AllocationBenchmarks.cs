using System.Numerics;
using BenchmarkDotNet.Attributes;

namespace NativeArrays.Benchmarks;

/// <summary>
/// What an allocating form pays beyond its kernel (issue 12): <c>Empty</c> and <c>Zeros</c> created and disposed, at every
/// size from one element (a slab slot) through 10³ and 10⁵ (malloc) to 10⁶ and 1.6·10⁷ (own mappings, reuse cache), with
/// NumPy's <c>np.empty</c> / <c>np.zeros</c> (which include freeing the array) beside them. The tracker's native bytes per
/// operation are a column (<see cref="NativeBytesColumn"/>). The allocating <c>a + b</c> at 10³ and above is in
/// <see cref="ElementwiseBenchmarks{T}"/>; at n = 1 and 16 in <see cref="AllocatingPerCallBenchmarks{T}"/>.
/// </summary>
[GenericTypeArguments(typeof(float))]
[BenchmarkCategory("Allocation")]
public class AllocationBenchmarks<T> : KernelBenchmarkBase<T> where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
{
    [ParamsSource(nameof(AllocationSizes))]
    public int Size { get; set; }

    /// <summary>The per-call sizes and the vector sizes: every allocator path.</summary>
    public static IEnumerable<int> AllocationSizes => [.. Sizes.PerCall, .. Sizes.Vector];

    [GlobalSetup]
    public void Setup() => ApplySettings();

    [GlobalCleanup]
    public void Cleanup() => RestoreSettings();

    [Benchmark, BenchmarkCategory("Empty"), Case("Empty", Peer.NativeArrays, Form.Alloc, 0)]
    public nint NA_Empty()
    {
        using var r = NDArray<T>.Empty(Size);
        return r.Size;
    }

    [Benchmark, BenchmarkCategory("Zeros"), Case("Zeros", Peer.NativeArrays, Form.Alloc, 0)]
    public nint NA_Zeros()
    {
        using var r = NDArray<T>.Zeros(Size);
        return r.Size;
    }
}

/// <summary>
/// The allocating <c>a + b</c> at the per-call sizes (n = 1 and 16): the result is allocated and disposed in each call,
/// as NumPy's <c>a + b</c> allocates and frees it. Issue 12's goal: at least 2× NumPy.
/// </summary>
[GenericTypeArguments(typeof(float))]
[BenchmarkCategory("PerCall")]
public class AllocatingPerCallBenchmarks<T> : KernelBenchmarkBase<T> where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
{
    [ParamsSource(typeof(Sizes), nameof(Sizes.PerCall))]
    public int Size { get; set; }

    private NDArray<T> _a = null!, _b = null!;

    [GlobalSetup]
    public void Setup()
    {
        ApplySettings();
        _a = Data.Uniform<T>(1, Size);
        _b = Data.Uniform<T>(2, Size);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Data.DisposeAll(_a, _b);
        RestoreSettings();
    }

    [Benchmark, BenchmarkCategory("Add"), Case("Add", Peer.NativeArrays, Form.Alloc, 3)]
    public void NA_Add_Alloc() { using var r = NativeOps.Add(_a, _b); }
}
