using System.Numerics;
using System.Runtime.CompilerServices;
using NativeArrays.Kernels;
using NativeArrays.Layout;

namespace NativeArrays;

/// <summary>Which NumPy product an entry point computes.</summary>
internal enum ProductKind
{
    /// <summary><c>np.matmul</c>: batched matrix products, 1-d operands promoted and their axis removed.</summary>
    MatMul,
    /// <summary><c>np.dot</c> of two operands of rank 2 or more: a's last axis against b's second-to-last.</summary>
    Dot,
    /// <summary><c>np.inner</c>: last axis against last axis.</summary>
    Inner,
    /// <summary><c>np.outer</c> of two 1-d operands (callers flatten first).</summary>
    Outer,
}

/// <summary>Shapes, checks and allocation of the public products; the work goes to <see cref="Contraction"/>.</summary>
[SkipLocalsInit]
internal static unsafe class LinearAlgebraApi
{
    /// <summary>The result shape of a product (throws naming both shapes when they do not fit); returns its rank.</summary>
    public static int ResultShape(ProductKind kind, string operation, ReadOnlySpan<nint> a, ReadOnlySpan<nint> b, Span<nint> result)
    {
        int ra = a.Length, rb = b.Length;
        if (ra == 0 || rb == 0)
            throw new ArgumentException($"{operation}: shapes {NDLayout.ShapeText(a)} and {NDLayout.ShapeText(b)}: a 0-d operand has no axis to contract (use Multiply for scalars).");
        switch (kind)
        {
            case ProductKind.MatMul:
            {
                nint ka = a[ra - 1], kb = rb == 1 ? b[0] : b[rb - 2];
                if (ka != kb)
                    throw new ArgumentException($"{operation}: shapes {NDLayout.ShapeText(a)} and {NDLayout.ShapeText(b)} do not align: the last axis of a has {ka} elements, the {(rb == 1 ? "only" : "second-to-last")} axis of b has {kb}.");
                int batchA = Math.Max(0, ra - 2), batchB = Math.Max(0, rb - 2);
                int rank;
                try { rank = LayoutOps.BroadcastShapes(a[..batchA], b[..batchB], result); }
                catch (ArgumentException)
                {
                    throw new ArgumentException($"{operation}: the batch axes of shapes {NDLayout.ShapeText(a)} and {NDLayout.ShapeText(b)} ({NDLayout.ShapeText(a[..batchA])} and {NDLayout.ShapeText(b[..batchB])}) cannot be broadcast together.");
                }
                if (ra >= 2) result[rank++] = a[ra - 2];
                if (rb >= 2) result[rank++] = b[rb - 1];
                return rank;
            }
            case ProductKind.Dot:
            {
                if (a[ra - 1] != b[rb - 2])
                    throw new ArgumentException($"{operation}: shapes {NDLayout.ShapeText(a)} and {NDLayout.ShapeText(b)} do not align: the last axis of a has {a[ra - 1]} elements, the second-to-last axis of b has {b[rb - 2]}.");
                CheckRank(operation, a, b, ra + rb - 2);
                a[..(ra - 1)].CopyTo(result);
                b[..(rb - 2)].CopyTo(result[(ra - 1)..]);
                result[ra + rb - 3] = b[rb - 1];
                return ra + rb - 2;
            }
            case ProductKind.Inner:
            {
                if (a[ra - 1] != b[rb - 1])
                    throw new ArgumentException($"{operation}: shapes {NDLayout.ShapeText(a)} and {NDLayout.ShapeText(b)} do not align: the last axes have {a[ra - 1]} and {b[rb - 1]} elements.");
                CheckRank(operation, a, b, ra + rb - 2);
                a[..(ra - 1)].CopyTo(result);
                b[..(rb - 1)].CopyTo(result[(ra - 1)..]);
                return ra + rb - 2;
            }
            default:
                result[0] = a[0];
                result[1] = b[0];
                return 2;
        }
    }

    private static void CheckRank(string operation, ReadOnlySpan<nint> a, ReadOnlySpan<nint> b, int rank)
    {
        if (rank > NDLayout.MaxRank)
            throw new ArgumentException($"{operation}: the result of shapes {NDLayout.ShapeText(a)} and {NDLayout.ShapeText(b)} would have rank {rank}, above the maximum {NDLayout.MaxRank}.");
    }

    /// <summary>The result axes of a product (see <see cref="ResultAxis"/>) and the contraction's length and strides.</summary>
    private static void Axes(ProductKind kind, in Operand x, in Operand y, ReadOnlySpan<nint> resultShape, Span<ResultAxis> axes,
        out nint k, out nint aK, out nint bK)
    {
        ReadOnlySpan<nint> a = x.Shape, sa = x.Strides, b = y.Shape, sb = y.Strides;
        int ra = a.Length, rb = b.Length, n = 0;
        switch (kind)
        {
            case ProductKind.MatMul:
            {
                int batchRank = resultShape.Length - (ra >= 2 ? 1 : 0) - (rb >= 2 ? 1 : 0);
                ReadOnlySpan<nint> batch = resultShape[..batchRank];
                Span<nint> ba = stackalloc nint[batchRank], bb = stackalloc nint[batchRank];
                LayoutOps.BroadcastStrides(a[..Math.Max(0, ra - 2)], sa[..Math.Max(0, ra - 2)], batch, ba);
                LayoutOps.BroadcastStrides(b[..Math.Max(0, rb - 2)], sb[..Math.Max(0, rb - 2)], batch, bb);
                for (int d = 0; d < batchRank; d++) axes[n++] = ResultAxis.Batch(batch[d], ba[d], bb[d]);
                if (ra >= 2) axes[n++] = ResultAxis.Rows(a[ra - 2], sa[ra - 2]);
                if (rb >= 2) axes[n++] = ResultAxis.Columns(b[rb - 1], sb[rb - 1]);
                k = a[ra - 1];
                aK = sa[ra - 1];
                bK = rb == 1 ? sb[0] : sb[rb - 2];
                return;
            }
            case ProductKind.Dot:
                for (int d = 0; d < ra - 2; d++) axes[n++] = ResultAxis.Batch(a[d], sa[d], 0);
                axes[n++] = ResultAxis.Rows(a[ra - 2], sa[ra - 2]);
                for (int d = 0; d < rb - 2; d++) axes[n++] = ResultAxis.Batch(b[d], 0, sb[d]);
                axes[n++] = ResultAxis.Columns(b[rb - 1], sb[rb - 1]);
                k = a[ra - 1];
                aK = sa[ra - 1];
                bK = sb[rb - 2];
                return;
            case ProductKind.Inner:
                for (int d = 0; d < ra - 1; d++) axes[n++] = d == ra - 2 ? ResultAxis.Rows(a[d], sa[d]) : ResultAxis.Batch(a[d], sa[d], 0);
                for (int d = 0; d < rb - 1; d++) axes[n++] = d == rb - 2 ? ResultAxis.Columns(b[d], sb[d]) : ResultAxis.Batch(b[d], 0, sb[d]);
                k = a[ra - 1];
                aK = sa[ra - 1];
                bK = sb[rb - 1];
                return;
            default:
                axes[0] = ResultAxis.Rows(a[0], sa[0]);
                axes[1] = ResultAxis.Columns(b[0], sb[0]);
                k = 1;
                aK = bK = 0;
                return;
        }
    }

    /// <summary>Computes a product into a checked destination; inputs that overlap it are staged first.</summary>
    public static void Into<T>(ProductKind kind, string operation, in Operand x, in Operand y, in Operand destination, ReadOnlySpan<nint> resultShape)
        where T : unmanaged, INumber<T>
    {
        Span<nint> xs = stackalloc nint[x.Shape.Length], ys = stackalloc nint[y.Shape.Length];
        void* tx = null, ty = null;
        try
        {
            scoped Operand a = x;
            scoped Operand b = y;
            Contraction.StageIfOverlapping<T>(operation, ref a, destination, xs, ref tx);
            Contraction.StageIfOverlapping<T>(operation, ref b, destination, ys, ref ty);
            Span<ResultAxis> axes = stackalloc ResultAxis[resultShape.Length];
            Axes(kind, a, b, resultShape, axes, out nint k, out nint aK, out nint bK);
            Contraction.Execute(axes, k, (T*)a.Pointer, aK, (T*)b.Pointer, bK, destination);
        }
        finally
        {
            Contraction.Free(tx);
            Contraction.Free(ty);
        }
    }

    /// <summary>The allocating or destination form of a product of two arrays.</summary>
    public static NDArray<T> Product<T>(ProductKind kind, string operation, NDArray<T> a, NDArray<T> b, NDArray<T>? destination)
        where T : unmanaged, INumber<T>
    {
        Contraction.CheckElementType<T>(operation);
        using var x = Operands.Pin(a, nameof(a));
        using var y = Operands.Pin(b, nameof(b));
        Span<nint> shape = stackalloc nint[NDLayout.MaxRank];
        shape = shape[..ResultShape(kind, operation, x.Shape, y.Shape, shape)];
        if (destination is not null)
        {
            using var d = Operands.Pin(destination, nameof(destination));
            Contraction.CheckDestination(operation, d, shape);
            Into<T>(kind, operation, x, y, d, shape);
            return destination;
        }
        var result = NDArray<T>.Allocate(shape, zero: false);
        try
        {
            using var d = Operands.Pin(result, "destination");
            Into<T>(kind, operation, x, y, d, shape);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    /// <summary>The span form: writes into <paramref name="destination"/>.</summary>
    public static void ProductSpan<T>(ProductKind kind, string operation, in ReadOnlyNDSpan<T> a, in ReadOnlyNDSpan<T> b, in NDSpan<T> destination)
        where T : unmanaged, INumber<T>
    {
        Contraction.CheckElementType<T>(operation);
        using var x = Operands.Pin(a);
        using var y = Operands.Pin(b);
        using var d = Operands.Pin(destination);
        Span<nint> shape = stackalloc nint[NDLayout.MaxRank];
        shape = shape[..ResultShape(kind, operation, x.Shape, y.Shape, shape)];
        Contraction.CheckDestination(operation, d, shape);
        Into<T>(kind, operation, x, y, d, shape);
    }

    /// <summary>Σ x[i]·y[i] over two equally long strided vectors (the 0-d product).</summary>
    public static T Dot<T>(T* x, nint xStep, T* y, nint yStep, nint length) where T : unmanaged, INumber<T>
    {
        T result;
        var c = Operand.Scalar(&result);
        Contraction.Execute<T>(ReadOnlySpan<ResultAxis>.Empty, length, x, xStep, y, yStep, c);
        return result;
    }

    /// <summary><c>np.vdot</c> / <c>np.outer</c> flatten their operands: a view when the strides allow, else a counted copy.</summary>
    public static NDArray<T> Flatten<T>(NDArray<T> x, string name) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(x, name);
        return x.ReshapeOrCopy([-1], out _);
    }
}
