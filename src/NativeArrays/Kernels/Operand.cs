namespace NativeArrays.Kernels;

/// <summary>
/// One operand of a kernel call: the address of its element at index (0, ..., 0) and its ELEMENT strides, one per
/// axis of the call's common shape (0 along broadcast axes, negative for reversed axes). Kernels know nothing
/// of the public array types; the array types describe themselves with this.
/// </summary>
internal readonly unsafe ref struct Operand
{
    public readonly void* Pointer;
    public readonly ReadOnlySpan<nint> Strides;

    public Operand(void* pointer, ReadOnlySpan<nint> strides)
    {
        Pointer = pointer;
        Strides = strides;
    }
}

/// <summary>Counts temporaries the kernels make (overlap staging) in the allocation tracker, by operation.</summary>
internal static class KernelTemporaries
{
    public static void Record(string operation) => NativeArrays.Memory.AllocationTracker.CountCopy(operation);
}
