using System.Runtime.CompilerServices;
using NativeArrays.Layout;

namespace NativeArrays;

/// <summary>
/// A zero-allocation read-only view of an <see cref="NDArray{T}"/> for a scope: the same slicing API as the class view,
/// 32 bytes: the array's buffer, offset and immutable layout, borrowed (a derived view takes its layout from a per-thread
/// cache: no heap allocation once its shape and strides were seen on the thread). It borrows: do not dispose
/// the array while the view is in use (element access after the buffer was freed throws <see cref="ObjectDisposedException"/>).
/// </summary>
[SkipLocalsInit]
public unsafe ref partial struct ReadOnlyNDSpan<T> where T : unmanaged
{
    // The state, the accessors and the view operations both span types share are generated
    // (src/NativeArrays.Generators/ViewSurfaceGenerator.cs); here is what only the read-only view has.

    /// <summary>Copies a state (the read-only conversion).</summary>
    internal ReadOnlyNDSpan(scoped in ViewState state) => _state = state;

    /// <summary>
    /// The element at <paramref name="index"/>, by reference (bounds-checked; negative positions count from the end).
    /// The reference is used after this call returns, so nothing can guard it: disposing the array while the
    /// reference is in use reads freed memory, as with a <see cref="ReadOnlySpan{T}"/>. Where another thread may
    /// dispose the array, use <see cref="Get"/>, which holds the buffer for the access.
    /// </summary>
    public readonly ref readonly T At(params ReadOnlySpan<nint> index) => ref *_state.Element<T>(index);
}
