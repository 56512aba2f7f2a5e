using System.Buffers;
using NativeArrays.Layout;
using NativeArrays.Memory;

namespace NativeArrays.Interop;

/// <summary>
/// A <see cref="MemoryManager{T}"/> over the elements of a C-contiguous <see cref="NDArray{T}"/>: its
/// <see cref="MemoryManager{T}.Memory"/> is the array's native memory (no copy). The manager holds its own lease on
/// the buffer, so the memory stays valid after the array object is disposed, until this manager is disposed.
/// <see cref="Pin"/> holds the buffer's SafeHandle reference until <see cref="Unpin"/>, so pinned memory outlives
/// even the manager's dispose.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
/// <remarks>
/// Obtain it with <see cref="NDArray{T}.AsMemoryManager"/>, or recover the one behind <see cref="NDArray{T}.AsMemory"/>
/// with <see cref="Release(ReadOnlyMemory{T})"/>. A manager never disposed keeps the buffer until the GC collects both;
/// the buffer's finalizer then frees it and the tracker reports a leak, as for an undisposed array.
/// </remarks>
public sealed unsafe class NDArrayMemoryManager<T> : MemoryManager<T> where T : unmanaged
{
    private readonly NativeBuffer _buffer;
    private readonly nint _offset;
    private readonly int _length;
    private int _disposed;

    /// <summary>Takes a lease on <paramref name="buffer"/> (generation <paramref name="bufferId"/>, marked never parked) for <paramref name="length"/> elements from <paramref name="offset"/>.</summary>
    internal NDArrayMemoryManager(NativeBuffer buffer, long bufferId, nint offset, int length)
    {
        buffer.AddLease(bufferId);
        _buffer = buffer;
        _offset = offset;
        _length = length;
    }

    /// <summary>Element count of the memory.</summary>
    public int Length => _length;
    /// <summary>Whether this manager returned its lease.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;
    /// <summary>The native buffer whose lease this manager holds.</summary>
    public NativeBuffer Buffer => _buffer;

    /// <summary>The elements as <see cref="Memory{T}"/> (no copy); its span throws <see cref="ObjectDisposedException"/> once the manager is disposed.</summary>
    public override Memory<T> Memory => CreateMemory(_length);

    /// <inheritdoc/>
    /// <exception cref="ObjectDisposedException">The manager was disposed.</exception>
    public override Span<T> GetSpan()
    {
        ThrowIfDisposed();
        return new Span<T>((T*)_buffer.DangerousGetHandle() + _offset, _length);
    }

    /// <summary>Pins the memory: takes the buffer's SafeHandle reference until <see cref="Unpin"/> (the memory never moves).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="elementIndex"/> is outside [0, Length].</exception>
    /// <exception cref="ObjectDisposedException">The manager was disposed.</exception>
    public override MemoryHandle Pin(int elementIndex = 0)
    {
        if ((uint)elementIndex > (uint)_length)
            throw new ArgumentOutOfRangeException(nameof(elementIndex), elementIndex, $"Pin index must be within [0, {_length}].");
        ThrowIfDisposed();
        bool added = false;
        try { _buffer.DangerousAddRef(ref added); }
        catch (ObjectDisposedException) { ThrowIfDisposed(); throw; }
        return new MemoryHandle((T*)_buffer.DangerousGetHandle() + _offset + elementIndex, default, this);
    }

    /// <summary>Returns the SafeHandle reference taken by one <see cref="Pin"/>.</summary>
    public override void Unpin() => _buffer.DangerousRelease();

    /// <summary>Returns the lease (once; later calls do nothing). Pins still out keep the memory until unpinned.</summary>
    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) _buffer.ReleaseLease(isOwner: false);
    }

    /// <summary>
    /// Disposes the <see cref="NDArrayMemoryManager{T}"/> behind <paramref name="memory"/> (from <see cref="NDArray{T}.AsMemory"/>),
    /// returning its lease. False when the memory does not come from such a manager.
    /// </summary>
    public static bool Release(ReadOnlyMemory<T> memory)
    {
        if (!System.Runtime.InteropServices.MemoryMarshal.TryGetMemoryManager(memory, out NDArrayMemoryManager<T>? manager))
            return false;
        ((IDisposable)manager).Dispose();
        return true;
    }

    private void ThrowIfDisposed()
    {
        if (IsDisposed || _buffer.IsClosed)
            throw new ObjectDisposedException(nameof(NDArrayMemoryManager<T>), $"This memory manager of {_length} elements (buffer #{_buffer.Id}) was disposed.");
    }
}
