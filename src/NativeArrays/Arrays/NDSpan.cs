using System.Runtime.CompilerServices;

namespace NativeArrays;

/// <summary>
/// A zero-allocation view of an <see cref="NDArray{T}"/> for a scope: the same slicing API as the class view,
/// 32 bytes: the array's buffer, offset and immutable layout, borrowed (a derived view takes its layout from a per-thread
/// cache: no heap allocation once its shape and strides were seen on the thread). It borrows: do not dispose
/// the array while the view is in use (element access after the buffer was freed throws <see cref="ObjectDisposedException"/>).
/// </summary>
[SkipLocalsInit]
public unsafe ref partial struct NDSpan<T> where T : unmanaged
{
    // The state, the accessors and the view operations both span types share are generated
    // (src/NativeArrays.Generators/ViewSurfaceGenerator.cs); here is what only the writable view has.

    /// <summary>
    /// The element at <paramref name="index"/>, by reference (bounds-checked; negative positions count from the end).
    /// The reference is used after this call returns, so nothing can guard it: disposing the array while the
    /// reference is in use reads freed memory, as with a <see cref="Span{T}"/>. Where another thread may dispose the
    /// array, use <see cref="Get"/> and <see cref="Set"/>, which hold the buffer for the access.
    /// </summary>
    public readonly ref T At(params ReadOnlySpan<nint> index) => ref *_state.Element<T>(index);

    /// <summary>Writes <paramref name="value"/> at <paramref name="index"/> (bounds-checked; negative positions count from the end).</summary>
    /// <exception cref="ObjectDisposedException">The array was disposed (checked under the buffer's reference, so a concurrent dispose is safe).</exception>
    public readonly void Set(ReadOnlySpan<nint> index, T value) => _state.Set(index, value);

    /// <summary>This view as read-only.</summary>
    public readonly ReadOnlyNDSpan<T> AsReadOnly() => new(_state);

    /// <summary>A read-only view of a writable one.</summary>
    public static implicit operator ReadOnlyNDSpan<T>(NDSpan<T> span) => new(span._state);

    /// <summary>Sets every element to <paramref name="value"/>.</summary>
    /// <exception cref="ObjectDisposedException">The array was disposed (the buffer is held for the whole fill, so a concurrent dispose waits for it).</exception>
    public readonly void Fill(T value) => _state.Fill(value);
}
