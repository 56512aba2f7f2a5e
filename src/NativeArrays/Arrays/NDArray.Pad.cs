using NativeArrays.Kernels;
using NativeArrays.Layout;
using NativeArrays.Memory;

namespace NativeArrays;

/// <summary>How <see cref="NDArray.Pad{T}(NDArray{T}, ReadOnlySpan{ValueTuple{nint, nint}}, PadMode, T)"/> fills the border (NumPy's <c>mode</c>).</summary>
public enum PadMode
{
    /// <summary>A constant value (NumPy's 'constant').</summary>
    Constant,
    /// <summary>The edge value repeated ('edge').</summary>
    Edge,
    /// <summary>Mirror without repeating the edge: [3 2 | 1 2 3 | 2 1] ('reflect').</summary>
    Reflect,
    /// <summary>Mirror repeating the edge: [2 1 | 1 2 3 | 3 2] ('symmetric').</summary>
    Symmetric,
    /// <summary>Periodic continuation: [2 3 | 1 2 3 | 1 2] ('wrap').</summary>
    Wrap,
}

public static unsafe partial class NDArray
{
    /// <summary>
    /// The array with a border of (Before, After) elements on each axis (NumPy's <c>pad</c>; one pair applies to every
    /// axis). A new array, counted as <c>Pad</c>.
    /// </summary>
    /// <exception cref="ArgumentException">Widths count differs from the rank, a width is negative, or a non-constant mode pads an empty axis.</exception>
    public static NDArray<T> Pad<T>(NDArray<T> array, ReadOnlySpan<(nint Before, nint After)> widths, PadMode mode = PadMode.Constant, T constant = default) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        array.ThrowIfDisposed();
        int r = array.Rank;
        if (widths.Length != r && widths.Length != 1)
            throw new ArgumentException($"Pad: {widths.Length} width pairs for an array of shape {NDLayout.ShapeText(array.Shape)} (give {r} or 1).", nameof(widths));
        Span<nint> before = stackalloc nint[r], shape = stackalloc nint[r];
        for (int d = 0; d < r; d++)
        {
            var (b, a) = widths[widths.Length == 1 ? 0 : d];
            if (b < 0 || a < 0) throw new ArgumentOutOfRangeException(nameof(widths), $"Pad widths must be non-negative; axis {d} has ({b}, {a}).");
            if (mode != PadMode.Constant && array.Shape[d] == 0 && (b > 0 || a > 0))
                throw new ArgumentException($"Pad: cannot extend the empty axis {d} of shape {NDLayout.ShapeText(array.Shape)} in mode {mode}.", nameof(widths));
            before[d] = b;
            shape[d] = checked(array.Shape[d] + b + a);
        }
        var result = NDArray<T>.Allocate(shape, zero: false);
        try
        {
            using var dst = result.Pin();
            using var src = array.Pin();
            ReadOnlySpan<nint> rs = result.Strides;
            nint center = 0;
            for (int d = 0; d < r; d++) center += before[d] * rs[d];
            if (mode == PadMode.Constant) NdIterator.FillOrdered(dst.Pointer, shape, rs, constant);
            Elementwise.Copy<T>(array.Shape, new Operand(dst.Pointer + center, rs), new Operand(src.Pointer, array.Strides));
            if (mode != PadMode.Constant)
            {
                // Axis by axis: axes before d span the whole result (already padded), axes after d only the centre.
                Span<nint> block = stackalloc nint[r];
                for (int d = 0; d < r; d++)
                {
                    nint n = array.Shape[d];
                    nint origin = 0;
                    for (int e = 0; e < r; e++)
                    {
                        block[e] = e < d ? shape[e] : e > d ? array.Shape[e] : 1;
                        if (e > d) origin += before[e] * rs[e];
                    }
                    for (nint j = 0; j < shape[d]; j++)
                    {
                        nint rel = j - before[d];
                        if (rel >= 0 && rel < n) continue;
                        nint from = before[d] + PadSource(rel, n, mode);
                        // Distinct positions along d: disjoint blocks, so the plain strided copy is safe.
                        NdIterator.CopyOrdered(dst.Pointer + origin + from * rs[d], rs, dst.Pointer + origin + j * rs[d], rs, block);
                    }
                }
            }
        }
        catch
        {
            result.Dispose();
            throw;
        }
        AllocationTracker.CountCopy("Pad");
        return result;
    }

    /// <summary>Pads every axis by <paramref name="width"/> on both sides.</summary>
    public static NDArray<T> Pad<T>(NDArray<T> array, nint width, PadMode mode = PadMode.Constant, T constant = default) where T : unmanaged
        => Pad(array, [(width, width)], mode, constant);

    /// <summary>Source index in 0..n-1 of position <paramref name="rel"/> (outside 0..n-1) for a padding mode.</summary>
    internal static nint PadSource(nint rel, nint n, PadMode mode)
    {
        switch (mode)
        {
            case PadMode.Edge: return rel < 0 ? 0 : n - 1;
            case PadMode.Wrap: return ((rel % n) + n) % n;
            case PadMode.Symmetric:
            {
                nint m = ((rel % (2 * n)) + 2 * n) % (2 * n);
                return m < n ? m : 2 * n - 1 - m;
            }
            default: // Reflect
            {
                if (n == 1) return 0;
                nint period = 2 * (n - 1);
                nint m = ((rel % period) + period) % period;
                return m < n ? m : period - m;
            }
        }
    }
}
