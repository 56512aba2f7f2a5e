using System.Runtime.InteropServices;
using NativeArrays.Layout;
using NativeArrays.Memory;

using NativeArrays.Kernels;
namespace NativeArrays;

// Foreign memory: an array over memory that someone else allocated, released through the owner's callback.
public sealed unsafe partial class NDArray<T>
{
    /// <summary>
    /// An array over foreign memory (no copy): element (0, ..., 0) at <paramref name="pointer"/>, with
    /// <paramref name="shape"/> and <paramref name="strides"/> in elements (negative and zero strides allowed). Its buffer
    /// has kind <see cref="NativeBufferKind.External"/> (counted apart by the tracker and shown by the inspector) and
    /// <paramref name="release"/> is called exactly once, when the last array or bridge holding the buffer lets go (or by
    /// the buffer's finalizer if none was disposed). NativeArrays never frees this memory itself.
    /// </summary>
    /// <param name="pointer">Address of element (0, ..., 0), aligned to the element size; the memory must cover every index.</param>
    /// <param name="shape">Length of each dimension.</param>
    /// <param name="strides">Step of each dimension in elements.</param>
    /// <param name="release">Returns the memory to its owner. Exceptions it throws are written to standard error, never propagated from a finalizer.</param>
    /// <param name="readOnly">Whether writes through the array are refused. Zero strides on a dimension longer than 1 always make it read-only.</param>
    /// <remarks>If <c>Wrap</c> throws, <paramref name="release"/> is not called: the caller still owns the memory.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="release"/> is null.</exception>
    /// <exception cref="ArgumentException">A null or misaligned pointer, a negative dimension, or shape and strides of different ranks; the message names them.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The extent of the strides overflows the address space.</exception>
    public static NDArray<T> Wrap(nint pointer, ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, Action release, bool readOnly = false)
    {
        ArgumentNullException.ThrowIfNull(release);
        return WrapCore(pointer, shape, strides, release, readOnly);
    }

    /// <summary>
    /// An array over foreign memory owned by <paramref name="owner"/> (no copy); see
    /// <see cref="Wrap(nint, ReadOnlySpan{nint}, ReadOnlySpan{nint}, Action, bool)"/>. The array takes ownership of the handle:
    /// it holds the handle's reference count while the memory is in use (so disposing the handle elsewhere cannot free the
    /// memory under the array) and disposes it exactly once when the last lease goes.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="owner"/> is null.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="owner"/> is closed or invalid.</exception>
    public static NDArray<T> Wrap(nint pointer, ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, SafeHandle owner, bool readOnly = false)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (owner.IsInvalid || owner.IsClosed)
            throw new ObjectDisposedException(owner.GetType().Name, "The SafeHandle owning the memory is closed or invalid.");
        bool added = false;
        owner.DangerousAddRef(ref added);
        try
        {
            return WrapCore(pointer, shape, strides, () =>
            {
                owner.DangerousRelease();
                owner.Dispose();
            }, readOnly);
        }
        catch
        {
            owner.DangerousRelease();
            throw;
        }
    }

    /// <summary>Validates, computes the extent the strides reach and wraps it in an external buffer.</summary>
    internal static NDArray<T> WrapCore(nint pointer, ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, Action release, bool readOnly,
        string what = "Wrap")
    {
        if (pointer == 0)
            throw new ArgumentException($"{what}: the pointer is null.", nameof(pointer));
        if (pointer % sizeof(T) != 0)
            throw new ArgumentException($"{what}: pointer 0x{pointer:x} is not aligned to the {sizeof(T)}-byte element size of {typeof(T).Name}.", nameof(pointer));
        var layout = NDLayout.Create(shape, strides);
        var (low, high) = Extent(layout.Shape, layout.Strides, layout.Size);
        nint byteLength, start;
        try
        {
            byteLength = checked((high - low) * sizeof(T));
            start = checked(pointer + low * sizeof(T));
        }
        catch (OverflowException)
        {
            throw new ArgumentOutOfRangeException(nameof(strides), $"{what}: shape {NDLayout.ShapeText(shape)} with strides {NDLayout.ShapeText(strides)} reaches outside the address space from 0x{pointer:x}.");
        }
        if (start == 0)
            throw new ArgumentException($"{what}: the strides reach address 0 from pointer 0x{pointer:x}.", nameof(strides));
        for (int d = 0; d < layout.Rank; d++)
            if (layout.Strides[d] == 0 && layout.Shape[d] > 1) readOnly = true;
        int alignment = (int)Math.Min(4096, start & -start);
        var buffer = NativeBuffer.Wrap(start, byteLength, sizeof(T), DType.NameOf<T>(), NativeBufferKind.External, alignment,
            _ => InvokeRelease(release));
        return new NDArray<T>(buffer, layout, -low, owner: true, readOnly: readOnly);
    }

    /// <summary>Lowest element offset reached and one past the highest (0, 0 when the array is empty), overflow-checked.</summary>
    internal static (nint Low, nint High) Extent(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, nint size)
    {
        if (size == 0 || !MemoryOverlap.Extent(shape, strides, out nint low, out nint high)) return (0, 0);
        return (low, checked(high + 1));
    }

    private static void InvokeRelease(Action release)
    {
        try { release(); }
        catch (Exception e)
        {
            // Release may run on the finalizer thread, where an exception would end the process.
            try { Console.Error.WriteLine($"NativeArrays: the release callback of an external buffer threw: {e}"); }
            catch (IOException) { }
            catch (ObjectDisposedException) { }
        }
    }
}
