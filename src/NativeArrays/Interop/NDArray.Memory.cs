using NativeArrays.Interop;

namespace NativeArrays;

// Zero-copy bridge to Memory<T>: a MemoryManager holding its own lease.
public sealed unsafe partial class NDArray<T>
{
    /// <summary>
    /// A <see cref="System.Buffers.MemoryManager{T}"/> over this C-contiguous array's elements (no copy), holding its
    /// own lease on the buffer: the memory stays valid after this array is disposed, until the manager is disposed.
    /// </summary>
    /// <exception cref="InvalidOperationException">The array is not C-contiguous (the message names shape and strides), has 2^31 elements or more, or is read-only.</exception>
    /// <exception cref="ObjectDisposedException">The array was disposed.</exception>
    public NDArrayMemoryManager<T> AsMemoryManager()
    {
        ThrowIfReadOnly();
        return CreateMemoryManager();
    }

    /// <summary>
    /// This C-contiguous array's elements as <see cref="Memory{T}"/> (no copy) through an <see cref="NDArrayMemoryManager{T}"/>
    /// that holds a lease; return it with <see cref="NDArrayMemoryManager{T}.Release"/> (or use <see cref="AsMemoryManager"/>
    /// in a <c>using</c>). Pinning the memory is supported.
    /// </summary>
    /// <exception cref="InvalidOperationException">Not C-contiguous, too large, or read-only.</exception>
    public Memory<T> AsMemory() => AsMemoryManager().Memory;

    /// <summary>
    /// This C-contiguous array's elements as <see cref="ReadOnlyMemory{T}"/> (no copy; read-only arrays allowed), through an
    /// <see cref="NDArrayMemoryManager{T}"/> holding a lease; return it with <see cref="NDArrayMemoryManager{T}.Release"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Not C-contiguous or too large.</exception>
    public ReadOnlyMemory<T> AsReadOnlyMemory() => CreateMemoryManager().Memory;

    private NDArrayMemoryManager<T> CreateMemoryManager()
    {
        ContiguousPointer(); // validates: not disposed, C-contiguous, fits an int length; marks the buffer never parked
        return new NDArrayMemoryManager<T>(_buffer, LiveBufferId(), _offset, (int)Size);
    }
}
