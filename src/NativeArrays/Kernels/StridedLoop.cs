using NativeArrays.Kernels;

namespace NativeArrays.Layout;

/// <summary>
/// Two forwarders left for <c>Arrays/ViewState.cs</c> only (another helper's file this session): delete this file when
/// ViewState calls <see cref="LayoutOps.OffsetOf"/> and <see cref="NdIterator.FillOrdered{T}"/> directly.
/// </summary>
internal static unsafe class StridedLoop
{
    /// <summary>Forwards to <see cref="NdIterator.FillOrdered{T}"/>.</summary>
    public static void Fill<T>(T* dst, ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, T value) where T : unmanaged
        => NdIterator.FillOrdered(dst, shape, strides, value);

    /// <summary>Forwards to <see cref="LayoutOps.OffsetOf"/>.</summary>
    public static nint OffsetOf(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, ReadOnlySpan<nint> index)
        => LayoutOps.OffsetOf(shape, strides, index);
}
