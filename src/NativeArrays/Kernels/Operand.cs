using NativeArrays.Memory;

namespace NativeArrays.Kernels;

/// <summary>
/// The one operand descriptor, from a public call down to the kernels: the address of element (0, ..., 0), the shape,
/// the ELEMENT strides (0 along broadcast axes, negative for reversed axes), whether writes are refused, and, for an
/// operand pinned from an array or a view, its lease: one kernel reference on the buffer
/// (<see cref="NativeBuffer.TryAcquireKernelRef"/>), taken BEFORE the address was read and returned by <see cref="Dispose"/>, so a concurrent dispose never frees the memory under a running
/// kernel. The into and span forms of the elementwise operations hold no lease per operand: one
/// <see cref="KernelGuard"/> over all the call's buffers (one fence a call) keeps the memory, and their operands are
/// unleased views read after entering it. A scalar is a 0-d operand over the caller's stack. The array layer pins (<c>NDArray&lt;T&gt;.PinOperand</c>,
/// <c>Operands</c> in Math); kernels read it and know nothing of the array types.
/// </summary>
/// <remarks>
/// A copy shares the lease: only the variable that pinned it disposes it (a <c>using</c> declaration), and kernels take
/// operands by <c>in</c>. Views derived for a kernel (<see cref="WithStrides"/>, or the constructors) hold no lease: they
/// live inside the pinned operand's lease or over memory the caller owns (kernel temporaries).
/// </remarks>
internal unsafe ref struct Operand
{
    /// <summary>Address of element (0, ..., 0).</summary>
    public void* Pointer;
    /// <summary>Length of each axis (empty for a scalar; for an input handed to a kernel with the two-argument constructor, unused: its strides run over the output's shape).</summary>
    public ReadOnlySpan<nint> Shape;
    /// <summary>Element strides, one per axis of <see cref="Shape"/>.</summary>
    public ReadOnlySpan<nint> Strides;
    /// <summary>Whether writes through this operand are refused (a broadcast view, a read-only mapping, a read-only span or a scalar).</summary>
    public bool ReadOnly;
    private NativeBuffer? _lease;

    /// <summary>An unpinned operand whose strides run over the kernel call's shape (the output's): temporaries, sub-views of pinned memory.</summary>
    public Operand(void* pointer, ReadOnlySpan<nint> strides)
    {
        Pointer = pointer;
        Strides = strides;
    }

    /// <summary>An unpinned operand of <paramref name="shape"/> over memory the caller keeps alive.</summary>
    public Operand(void* pointer, ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, bool readOnly = false)
    {
        Pointer = pointer;
        Shape = shape;
        Strides = strides;
        ReadOnly = readOnly;
    }

    /// <summary>
    /// An operand that owns the kernel reference the caller has just taken on <paramref name="lease"/>
    /// (<see cref="NativeBuffer.TryAcquireKernelRef"/>) before computing <paramref name="pointer"/>;
    /// <see cref="Dispose"/> returns it.
    /// </summary>
    public static Operand Leased(NativeBuffer lease, void* pointer, ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, bool readOnly) =>
        new(pointer, shape, strides, readOnly) { _lease = lease };

    /// <summary>A 0-d read-only operand over a scalar the caller keeps alive (on its stack).</summary>
    public static Operand Scalar(void* value) => new(value, default, default, readOnly: true);

    /// <summary>The same memory seen with another shape and strides (a broadcast or a sub-view); holds no lease.</summary>
    public readonly Operand WithStrides(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides) => new(Pointer, shape, strides, ReadOnly);

    /// <summary>Returns the lease, if this operand holds one (idempotent).</summary>
    public void Dispose()
    {
        var lease = _lease;
        _lease = null;
        lease?.ReleaseKernelRef();
    }
}

/// <summary>Counts temporaries the kernels make (overlap staging) in the allocation tracker, by operation.</summary>
internal static class KernelTemporaries
{
    public static void Record(string operation) => NativeArrays.Memory.AllocationTracker.CountCopy(operation);
}
