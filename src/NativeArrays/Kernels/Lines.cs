namespace NativeArrays.Kernels;

/// <summary>
/// Forwarder kept for callers outside the kernel core (sort and quantile lines, cumulative product): the walk itself
/// is <see cref="NdIterator.ForEachLine"/>, the one ordered n-d iterator.
/// </summary>
internal static unsafe class Lines
{
    public static void ForEach<TKernel>(ReadOnlySpan<nint> shape, int axis, byte* x, ReadOnlySpan<nint> xStrides, byte* y, ReadOnlySpan<nint> yStrides, ref TKernel kernel)
        where TKernel : struct, ILineKernel
        => NdIterator.ForEachLine(shape, axis, x, xStrides, y, yStrides, ref kernel);
}
