using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NativeArrays.Kernels;
using NativeArrays.Kernels.Gemm;
using NativeArrays.Layout;

using NativeArrays.Arrays;
namespace NativeArrays;

/// <summary>
/// One axis of a product's result: its length and the element stride with which it walks each operand (0 when
/// that operand does not have it, or broadcasts it). The last axis marked <see cref="IsM"/> becomes the GEMM's
/// row axis, the last marked <see cref="IsN"/> its column axis, every other axis a batch axis.
/// </summary>
internal struct ResultAxis
{
    public nint Length, A, B;
    public bool IsM, IsN;
    public static ResultAxis Batch(nint length, nint a, nint b) => new() { Length = length, A = a, B = b };
    public static ResultAxis Rows(nint length, nint a) => new() { Length = length, A = a, IsM = true };
    public static ResultAxis Columns(nint length, nint b) => new() { Length = length, B = b, IsN = true };
}

/// <summary>
/// The glue of the linear-algebra API: destination checks, overlap staging and the mapping of a product's result
/// axes onto the batched GEMM driver.
/// </summary>
[SkipLocalsInit]
internal static unsafe class Contraction
{
    public static void CheckElementType<T>(string operation)
    {
        if (typeof(T) == typeof(Half))
            throw new NotSupportedException($"{operation}: float16 products are not supported (they would round at every step); convert with AsType<float>() first.");
    }

    /// <summary>Refuses a read-only, wrongly shaped or self-overlapping destination.</summary>
    public static void CheckDestination(string operation, in Operand destination, ReadOnlySpan<nint> shape)
    {
        if (destination.ReadOnly)
            throw new InvalidOperationException($"{operation}: the destination of shape {NDLayout.ShapeText(destination.Shape)} is read-only (a broadcast view or read-only mapping).");
        if (!destination.Shape.SequenceEqual(shape))
            throw new ArgumentException($"{operation}: the destination has shape {NDLayout.ShapeText(destination.Shape)}, but the result has shape {NDLayout.ShapeText(shape)}.", "destination");
        if (MemoryOverlap.HasInternalOverlap(destination.Shape, destination.Strides))
            throw new ArgumentException($"{operation}: the destination of shape {NDLayout.ShapeText(destination.Shape)} and strides {NDLayout.ShapeText(destination.Strides)} has elements that overlap each other.", "destination");
    }

    /// <summary>
    /// When <paramref name="input"/> may share memory with <paramref name="destination"/>, copies it to a compact
    /// temporary (broadcast axes stay broadcast; counted as "<paramref name="operation"/>(overlap temporary)") and points
    /// the argument at it; the caller frees <paramref name="temporary"/>. The result is then "as if the inputs were copied first".
    /// </summary>
    public static void StageIfOverlapping<T>(string operation, ref Operand input, in Operand destination, Span<nint> strides, ref void* temporary)
        where T : unmanaged
    {
        if (!MayOverlap<T>(input, destination)) return;
        ReadOnlySpan<nint> shape = input.Shape;
        Span<nint> copyShape = stackalloc nint[shape.Length];
        nint count = Elementwise.CompactLayout(shape, input.Strides, copyShape, strides);
        temporary = Memory.ScratchMemory.Allocate(count * sizeof(T));
        KernelTemporaries.Record(operation + "(overlap temporary)");
        Span<nint> copyStrides = stackalloc nint[shape.Length];
        for (int d = 0; d < shape.Length; d++) copyStrides[d] = copyShape[d] == 1 ? 0 : input.Strides[d];
        Elementwise.Copy<T>(copyShape, new Operand(temporary, strides), new Operand(input.Pointer, copyStrides));
        input.Pointer = temporary;
        input.Strides = strides;
    }

    private static bool MayOverlap<T>(in Operand x, in Operand destination) where T : unmanaged
        => MemoryOverlap.MayOverlap(x.Pointer, x.Shape, x.Strides, sizeof(T), destination.Pointer, destination.Shape, destination.Strides, sizeof(T));

    /// <summary>
    /// Runs C = Σ_k A·B over the result axes (C's shape is their lengths, checked by the caller) with a contraction
    /// of <paramref name="k"/> steps walking A by <paramref name="aK"/> and B by <paramref name="bK"/>.
    /// </summary>
    public static void Execute<T>(ReadOnlySpan<ResultAxis> axes, nint k, T* a, nint aK, T* b, nint bK, in Operand c)
        where T : unmanaged, INumber<T>
    {
        int mAxis = -1, nAxis = -1;
        for (int d = 0; d < axes.Length; d++)
        {
            if (axes[d].IsM) mAxis = d;
            if (axes[d].IsN) nAxis = d;
        }
        int batchRank = axes.Length - (mAxis >= 0 ? 1 : 0) - (nAxis >= 0 ? 1 : 0);
        Span<nint> shape = stackalloc nint[batchRank], sa = stackalloc nint[batchRank], sb = stackalloc nint[batchRank], sc = stackalloc nint[batchRank];
        int r = 0;
        for (int d = 0; d < axes.Length; d++)
        {
            if (d == mAxis || d == nAxis) continue;
            shape[r] = axes[d].Length;
            sa[r] = axes[d].A;
            sb[r] = axes[d].B;
            sc[r] = c.Strides[d];
            r++;
        }
        var g = new GemmCall
        {
            M = mAxis >= 0 ? axes[mAxis].Length : 1,
            N = nAxis >= 0 ? axes[nAxis].Length : 1,
            K = k,
            A = (nint)a, ARow = mAxis >= 0 ? axes[mAxis].A : 0, ACol = aK,
            B = (nint)b, BRow = bK, BCol = nAxis >= 0 ? axes[nAxis].B : 0,
            C = (nint)c.Pointer, CRow = mAxis >= 0 ? c.Strides[mAxis] : 0, CCol = nAxis >= 0 ? c.Strides[nAxis] : 0,
        };
        Gemm.Run<T>(shape, sa, sb, sc, g);
    }

    public static void Free(void* p)
    {
        Memory.ScratchMemory.Free(p);
    }
}
