using System.Numerics.Tensors;
using NativeArrays.Memory;

namespace NativeArrays;

// An NDArray view over a TensorSpan's memory for the duration of a callback.
public sealed unsafe partial class NDArray<T>
{
    /// <summary>
    /// Runs <paramref name="body"/> with an array over <paramref name="tensor"/>'s memory (no copy; managed memory is pinned
    /// for the call). After the call the view and every view derived from it are invalidated: using them throws
    /// <see cref="ObjectDisposedException"/>. Dispose derived views inside the callback: any still undisposed at its end
    /// are reported by the tracker as leaks. The view's buffer has kind <see cref="NativeBufferKind.External"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    public static void UseTensorView(TensorSpan<T> tensor, Action<NDArray<T>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        fixed (T* p = &tensor.GetPinnableReference())
            RunOverTensor(p, tensor.Lengths, tensor.Strides, tensor.FlattenedLength, readOnly: false, body);
    }

    /// <summary>
    /// Runs <paramref name="body"/> with a read-only array over <paramref name="tensor"/>'s memory (no copy); see
    /// <see cref="UseTensorView(TensorSpan{T}, Action{NDArray{T}})"/> for the lifetime rules.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    public static void UseTensorView(ReadOnlyTensorSpan<T> tensor, Action<NDArray<T>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        fixed (T* p = &tensor.GetPinnableReference())
            RunOverTensor(p, tensor.Lengths, tensor.Strides, tensor.FlattenedLength, readOnly: true, body);
    }

    private static void RunOverTensor(T* p, ReadOnlySpan<nint> lengths, ReadOnlySpan<nint> strides, nint size, bool readOnly, Action<NDArray<T>> body)
    {
        NDArray<T> view;
        if (size == 0 || p is null)
        {
            // No memory to share: an empty array of the same shape (allocates no element).
            view = Allocate(lengths, zero: false);
            try { body(view); }
            finally { view.Dispose(); }
            return;
        }
        view = WrapCore((nint)p, lengths, strides, static () => { }, readOnly, "UseTensorView");
        var buffer = view.Buffer;
        try
        {
            body(view);
        }
        finally
        {
            view.Dispose();
            // Views derived in the callback may still hold leases: close the buffer so their next use throws, and wait
            // for kernels in flight on other threads (they hold the SafeHandle reference) before the memory is unpinned.
            buffer.Dispose();
            var spin = new SpinWait();
            while (!buffer.IsFreed) spin.SpinOnce();
        }
    }
}
