using System.Numerics;
using NativeArrays.Kernels.Gemm;
using NativeArrays.Layout;

namespace NativeArrays;

// Public linear algebra: matrix products with NumPy semantics over any layout (views, transposes, negative steps,
// broadcast batches), computed by the packed, register-blocked GEMM kernels in Kernels/Gemm.
public static unsafe partial class NDArray
{
    /// <summary>
    /// Matrix product with <c>np.matmul</c> rules, into a new array: the last two axes are matrices, the others are
    /// batch axes broadcast together (<c>(k,1,n,m) @ (j,m,p) → (k,j,n,p)</c>); a 1-d <paramref name="a"/> is a row
    /// vector and a 1-d <paramref name="b"/> a column vector, and the added axis is removed from the result.
    /// Integers wrap on overflow; float32/float64 use fused multiply-adds (see the README for the accuracy).
    /// </summary>
    /// <exception cref="ArgumentException">A 0-d operand, the contracted axes differ in length, or the batch axes do not broadcast (the message shows both shapes).</exception>
    /// <exception cref="ObjectDisposedException">An operand was disposed.</exception>
    /// <exception cref="NotSupportedException">float16 elements.</exception>
    public static NDArray<T> MatMul<T>(NDArray<T> a, NDArray<T> b) where T : unmanaged, INumber<T>
        => LinearAlgebraApi.Product(ProductKind.MatMul, nameof(MatMul), a, b, null);

    /// <summary>
    /// <see cref="MatMul{T}(NDArray{T}, NDArray{T})"/> written into <paramref name="destination"/> (NumPy <c>out=</c>).
    /// The destination may share memory with an operand: the result is as if the operands were copied first (only
    /// an operand that overlaps the destination is staged, counted in the tracker as <c>MatMul(overlap temporary)</c>).
    /// Returns the destination.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes do not fit, the destination's shape is not the result's, or its elements overlap each other.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    /// <exception cref="ObjectDisposedException">An operand or the destination was disposed.</exception>
    public static NDArray<T> MatMul<T>(NDArray<T> a, NDArray<T> b, NDArray<T> destination) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(destination);
        return LinearAlgebraApi.Product(ProductKind.MatMul, nameof(MatMul), a, b, destination);
    }

    /// <summary>Matrix product of views (<c>np.matmul</c> rules) written into <paramref name="destination"/>; no heap allocation unless an operand overlaps the destination.</summary>
    /// <exception cref="ArgumentException">Shapes do not fit or the destination's shape is not the result's.</exception>
    public static void MatMul<T>(ReadOnlyNDSpan<T> a, ReadOnlyNDSpan<T> b, NDSpan<T> destination) where T : unmanaged, INumber<T>
        => LinearAlgebraApi.ProductSpan(ProductKind.MatMul, nameof(MatMul), a, b, destination);

    /// <summary>
    /// <c>np.dot</c>: for 1-d and 2-d operands the inner product / matrix product (as <see cref="MatMul{T}(NDArray{T}, NDArray{T})"/>);
    /// for N-d operands the sum over the last axis of <paramref name="a"/> and the second-to-last of <paramref name="b"/>,
    /// result shape <c>a.shape[:-1] + b.shape[:-2] + b.shape[-1:]</c>; a 0-d operand multiplies elementwise. Into a new array
    /// (0-d for two vectors).
    /// </summary>
    /// <exception cref="ArgumentException">The contracted axes differ in length (the message shows both shapes).</exception>
    public static NDArray<T> Dot<T>(NDArray<T> a, NDArray<T> b) where T : unmanaged, INumber<T> => DotCore(a, b, null);

    /// <summary><see cref="Dot{T}(NDArray{T}, NDArray{T})"/> into <paramref name="destination"/> (overlap-safe as <see cref="MatMul{T}(NDArray{T}, NDArray{T}, NDArray{T})"/>). Returns the destination.</summary>
    /// <exception cref="ArgumentException">Shapes do not fit or the destination's shape is not the result's.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Dot<T>(NDArray<T> a, NDArray<T> b, NDArray<T> destination) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(destination);
        return DotCore(a, b, destination);
    }

    private static NDArray<T> DotCore<T>(NDArray<T> a, NDArray<T> b, NDArray<T>? destination) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Rank == 0 || b.Rank == 0)
            return destination is null ? Multiply(a, b) : Multiply(a, b, destination);
        var kind = a.Rank >= 2 && b.Rank >= 2 ? ProductKind.Dot : ProductKind.MatMul;
        return LinearAlgebraApi.Product(kind, nameof(Dot), a, b, destination);
    }

    /// <summary>Σ x[i]·y[i] of two equally long spans (float32/float64 with fused multiply-adds; integers wrap).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static T Dot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y) where T : unmanaged, INumber<T>
    {
        Contraction.CheckElementType<T>(nameof(Dot));
        if (x.Length != y.Length)
            throw new ArgumentException($"Dot: the spans have {x.Length} and {y.Length} elements; they must be equally long.");
        fixed (T* px = x)
        fixed (T* py = y)
            return LinearAlgebraApi.Dot(px, 1, py, 1, x.Length);
    }

    /// <summary>
    /// <c>np.vdot</c> for real numbers: Σ a.flat[i]·b.flat[i] over both operands in C order (any shapes with the same
    /// number of elements). Operands that cannot be flattened as a view are copied (counted as <c>ReshapeOrCopy</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The element counts differ.</exception>
    public static T Vdot<T>(NDArray<T> a, NDArray<T> b) where T : unmanaged, INumber<T>
    {
        Contraction.CheckElementType<T>(nameof(Vdot));
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Size != b.Size)
            throw new ArgumentException($"Vdot: shapes {NDLayout.ShapeText(a.Shape)} and {NDLayout.ShapeText(b.Shape)} have {a.Size} and {b.Size} elements; they must have as many.");
        using var fa = LinearAlgebraApi.Flatten(a, nameof(a));
        using var fb = LinearAlgebraApi.Flatten(b, nameof(b));
        using var x = Operands.Pin(fa, nameof(a));
        using var y = Operands.Pin(fb, nameof(b));
        return LinearAlgebraApi.Dot((T*)x.Pointer, x.Strides[0], (T*)y.Pointer, y.Strides[0], a.Size);
    }

    /// <summary>
    /// <c>np.inner</c>: the sum over the last axes of both operands, result shape <c>a.shape[:-1] + b.shape[:-1]</c>
    /// (0-d for two vectors); a 0-d operand multiplies elementwise. Into a new array.
    /// </summary>
    /// <exception cref="ArgumentException">The last axes differ in length (the message shows both shapes).</exception>
    public static NDArray<T> Inner<T>(NDArray<T> a, NDArray<T> b) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Rank == 0 || b.Rank == 0) return Multiply(a, b);
        return LinearAlgebraApi.Product(ProductKind.Inner, nameof(Inner), a, b, null);
    }

    /// <summary>
    /// <c>np.outer</c>: <c>result[i, j] = a.flat[i] · b.flat[j]</c>, shape <c>(a.Size, b.Size)</c>, into a new array.
    /// Operands that cannot be flattened as a view are copied (counted as <c>ReshapeOrCopy</c>).
    /// </summary>
    public static NDArray<T> Outer<T>(NDArray<T> a, NDArray<T> b) where T : unmanaged, INumber<T> => OuterCore(a, b, null);

    /// <summary><see cref="Outer{T}(NDArray{T}, NDArray{T})"/> into <paramref name="destination"/> of shape <c>(a.Size, b.Size)</c> (overlap-safe). Returns the destination.</summary>
    /// <exception cref="ArgumentException">The destination's shape is not <c>(a.Size, b.Size)</c>.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Outer<T>(NDArray<T> a, NDArray<T> b, NDArray<T> destination) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(destination);
        return OuterCore(a, b, destination);
    }

    private static NDArray<T> OuterCore<T>(NDArray<T> a, NDArray<T> b, NDArray<T>? destination) where T : unmanaged, INumber<T>
    {
        using var fa = LinearAlgebraApi.Flatten(a, nameof(a));
        using var fb = LinearAlgebraApi.Flatten(b, nameof(b));
        return LinearAlgebraApi.Product(ProductKind.Outer, nameof(Outer), fa, fb, destination);
    }

    /// <summary><c>np.trace</c> of a 2-d array: the sum of the diagonal <paramref name="offset"/> (above the main one when positive). Integers wrap.</summary>
    /// <exception cref="ArgumentException">The array is not 2-d.</exception>
    public static T Trace<T>(NDArray<T> a, nint offset = 0) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.Rank != 2)
            throw new ArgumentException($"Trace: the array of shape {NDLayout.ShapeText(a.Shape)} is not 2-d; use Trace(a, offset, axis1, axis2) for stacks of matrices.", nameof(a));
        using var diagonal = a.Diagonal(offset);
        return diagonal.Sum();
    }

    /// <summary>
    /// <c>np.trace</c> along two axes of an N-d array: the sums of the diagonals <paramref name="offset"/> of the
    /// (<paramref name="axis1"/>, <paramref name="axis2"/>) matrices, into a new array of the remaining axes.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than 2 axes, or the axes are the same.</exception>
    public static NDArray<T> Trace<T>(NDArray<T> a, nint offset, int axis1, int axis2) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        using var diagonal = a.Diagonal(offset, axis1, axis2);
        return diagonal.Sum(-1);
    }

    /// <summary>
    /// <c>np.einsum</c> with one operand: transposes (<c>"ij->ji"</c>), diagonals (<c>"ii->i"</c>), traces
    /// (<c>"ii"</c>) and sums (<c>"ij->"</c>, <c>"ij->i"</c>) in Einstein notation, into a new array. Implicit output
    /// (no <c>-&gt;</c>): the '...' axes, then the letters used once, in alphabetical order (upper case first).
    /// Repeated letters take a diagonal as a view; summed letters are reduced with the matrix·vector kernels.
    /// Integers wrap on overflow in their own type (NumPy's einsum does the same).
    /// </summary>
    /// <exception cref="ArgumentException">Bad subscripts, or subscripts that do not fit the shape (the message names both).</exception>
    /// <exception cref="NotSupportedException">float16 elements.</exception>
    public static NDArray<T> Einsum<T>(string subscripts, NDArray<T> a) where T : unmanaged, INumber<T>
        => EinsumApi.Compute(subscripts, a, null);

    /// <summary>
    /// <c>np.einsum</c> with two operands (<c>"ij,jk->ik"</c>, <c>"bij,bjk->bik"</c>, <c>"i,i"</c>, <c>"i,j->ij"</c>,
    /// <c>"...ij,...jk->...ik"</c> and any other subscripts), into a new array. The operands stay views (repeated letters
    /// take diagonals, length-1 axes and '...' axes broadcast); letters shared by both and absent from the output are
    /// contracted by the batched GEMM kernels of <see cref="MatMul{T}(NDArray{T}, NDArray{T})"/>, so the accuracy is
    /// that of MatMul. Letters only one operand has and the output lacks are summed out of it first.
    /// </summary>
    /// <exception cref="ArgumentException">Bad subscripts, or subscripts that do not fit the shapes (the message names them).</exception>
    /// <exception cref="NotSupportedException">float16 elements.</exception>
    public static NDArray<T> Einsum<T>(string subscripts, NDArray<T> a, NDArray<T> b) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(b);
        return EinsumApi.Compute(subscripts, a, b);
    }

    /// <summary>
    /// Bytes the matrix-product packing pools hold now (one reusable buffer per thread that ran a large product;
    /// they are also counted in <see cref="Memory.AllocationTracker"/>'s live and peak bytes, as element type <c>matmul-pack</c>).
    /// </summary>
    public static long MatMulPackBytes => GemmPool.Bytes;

    /// <summary>Highest <see cref="MatMulPackBytes"/> seen in this process.</summary>
    public static long MatMulPeakPackBytes => GemmPool.PeakBytes;

    /// <summary>Frees every matrix-product packing buffer not in use right now; returns the bytes freed. Later products allocate again.</summary>
    public static long ReleaseMatMulPackBuffers() => GemmPool.Release();
}
