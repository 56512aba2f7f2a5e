namespace NativeArrays.Benchmarks;

/// <summary>The implementation a benchmark method measures; one line per system in the charts.</summary>
public enum Peer
{
    /// <summary>NativeArrays (this library).</summary>
    NativeArrays,
    /// <summary>System.Numerics.Tensors: TensorPrimitives on spans, or Tensor/TensorSpan where spans cannot express the layout.</summary>
    TensorPrimitives,
    /// <summary>NumSharp (latest on NuGet), wrapping the same native memory.</summary>
    NumSharp,
    /// <summary>A plain scalar loop over the same pointers (no SIMD; RyuJIT does not auto-vectorise).</summary>
    ScalarLoop,
    /// <summary>The memory-bandwidth probe (copy / triad), not a peer.</summary>
    Probe,
    /// <summary>OpenBLAS (Debian's libopenblas0-pthread) through P/Invoke: the matrix-product peer; obeys Threads.</summary>
    OpenBLAS,
    /// <summary>System.MemoryExtensions.Sort on spans (the .NET introsort), the peer of the sort cases.</summary>
    MemoryExtensions,
}

/// <summary>How the result is produced.</summary>
public enum Form
{
    /// <summary>Into a preallocated destination (NumPy <c>out=</c>).</summary>
    Into,
    /// <summary>Allocates the result (NumPy's plain expression); the result is disposed inside the measured call.</summary>
    Alloc,
    /// <summary>Returns a scalar (reductions).</summary>
    Scalar,
    /// <summary>Creates (and disposes) a view object; no element is touched.</summary>
    View,
}

/// <summary>
/// Names what a benchmark method measures, so that the exporter can match it with the same case in NumPy
/// and the other peers: the case (Add, Strided.Add, Transposed.Add, ...), the system and the form.
/// <see cref="Streams"/> is the number of element streams the operation reads plus writes (Add: 2 in + 1 out = 3),
/// used for GB/s and the fraction of the bandwidth limit.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CaseAttribute(string op, Peer peer, Form form, int streams) : Attribute
{
    public string Op { get; } = op;
    public Peer Peer { get; } = peer;
    public Form Form { get; } = form;
    public int Streams { get; } = streams;
    /// <summary>Whether the method obeys the SimdWidth / Threads parameters (only NativeArrays kernels do).</summary>
    public bool UsesSettings => Peer == Peer.NativeArrays;
}
