using System.Runtime.CompilerServices;
using NativeArrays.Kernels;
using NativeArrays.Layout;
using NativeArrays.Memory;

namespace NativeArrays;

/// <summary>
/// One operand of a public math call, pinned: its buffer holds a SafeHandle reference until <see cref="Dispose"/>,
/// so a concurrent dispose cannot free memory under a running kernel. Built from an array, a span view or a scalar.
/// </summary>
internal unsafe ref struct KernelArg<T> where T : unmanaged
{
    public T* Pointer;
    public ReadOnlySpan<nint> Shape;
    public ReadOnlySpan<nint> Strides;
    public bool ReadOnly;
    private NativeBuffer? _buffer;

    public static KernelArg<T> Of(NDArray<T> array, string name)
    {
        ArgumentNullException.ThrowIfNull(array, name);
        var pin = array.Pin();
        return new KernelArg<T> { Pointer = pin.Pointer, Shape = array.Shape, Strides = array.Strides, ReadOnly = array.IsReadOnly, _buffer = pin.Buffer };
    }

    // The view's buffer is referenced before its pointer is used (ViewState.AddRef throws ObjectDisposedException
    // for a released buffer or a default view), so a concurrent dispose never frees memory under the kernel.
    public static KernelArg<T> Of(in ReadOnlyNDSpan<T> span) =>
        new() { _buffer = span.AddRef(), Pointer = span.Pointer, Shape = span.Shape, Strides = span.Strides, ReadOnly = true };

    public static KernelArg<T> Of(in NDSpan<T> span) =>
        new() { _buffer = span.AddRef(), Pointer = span.Pointer, Shape = span.Shape, Strides = span.Strides, ReadOnly = false };

    /// <summary>A 0-d operand over a scalar the caller keeps alive (on its stack).</summary>
    public static KernelArg<T> Scalar(T* value) => new() { Pointer = value, Shape = default, Strides = default, ReadOnly = true };

    public readonly Operand Operand => new(Pointer, Strides);

    public void Dispose()
    {
        _buffer?.DangerousRelease();
        _buffer = null;
    }
}

/// <summary>Argument checks, broadcasting and allocation shared by every public math method.</summary>
[SkipLocalsInit]
internal static unsafe class MathGlue
{
    /// <summary>The broadcast shape of up to three operand shapes (message shows the shapes when incompatible).</summary>
    public static int BroadcastShape(ReadOnlySpan<nint> a, ReadOnlySpan<nint> b, ReadOnlySpan<nint> c, Span<nint> result)
    {
        Span<nint> ab = stackalloc nint[NDLayout.MaxRank];
        int r = LayoutOps.BroadcastShapes(a, b, ab);
        return LayoutOps.BroadcastShapes(ab[..r], c, result);
    }

    public static void CheckDestination<TOut>(string operation, in KernelArg<TOut> destination, ReadOnlySpan<nint> shape) where TOut : unmanaged
    {
        if (destination.ReadOnly)
            throw new InvalidOperationException($"{operation}: the destination of shape {NDLayout.ShapeText(destination.Shape)} is read-only (a broadcast view or read-only mapping).");
        if (!destination.Shape.SequenceEqual(shape))
            throw new ArgumentException($"{operation}: the destination has shape {NDLayout.ShapeText(destination.Shape)}, but the operands broadcast to {NDLayout.ShapeText(shape)}.", "destination");
    }

    /// <summary>Shape equality without a call (ranks are small; this is on every call's path).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool SameShape(ReadOnlySpan<nint> a, ReadOnlySpan<nint> b)
    {
        if (a.Length != b.Length) return false;
        for (int d = 0; d < a.Length; d++) if (a[d] != b[d]) return false;
        return true;
    }

    public static void Unary<T, TOut, TOp>(string operation, in KernelArg<T> x, in KernelArg<TOut> destination)
        where T : unmanaged where TOut : unmanaged where TOp : IUnaryOp<T, TOut>
    {
        ReadOnlySpan<nint> shape = destination.Shape;
        if (SameShape(x.Shape, shape))
        {
            // Common case: nothing to broadcast.
            if (destination.ReadOnly) CheckDestination(operation, destination, shape);
            Elementwise.Unary<T, TOut, TOp>(operation, shape, destination.Operand, x.Operand);
            return;
        }
        CheckDestination(operation, destination, shape);
        Span<nint> xs = stackalloc nint[shape.Length];
        LayoutOps.BroadcastStrides(x.Shape, x.Strides, shape, xs);
        Elementwise.Unary<T, TOut, TOp>(operation, shape, destination.Operand, new Operand(x.Pointer, xs));
    }

    public static void Binary<T, TOut, TOp>(string operation, in KernelArg<T> x, in KernelArg<T> y, in KernelArg<TOut> destination)
        where T : unmanaged where TOut : unmanaged where TOp : IBinaryOp<T, TOut>
    {
        ReadOnlySpan<nint> shape = destination.Shape;
        if (SameShape(x.Shape, shape) && SameShape(y.Shape, shape))
        {
            // Common case: nothing to broadcast.
            if (destination.ReadOnly) CheckDestination(operation, destination, shape);
            Elementwise.Binary<T, TOut, TOp>(operation, shape, destination.Operand, x.Operand, y.Operand);
            return;
        }
        Span<nint> common = stackalloc nint[NDLayout.MaxRank];
        int rank = LayoutOps.BroadcastShapes(x.Shape, y.Shape, common);
        CheckDestination(operation, destination, common[..rank]);
        BinaryBroadcast<T, TOut, TOp>(operation, x, y, destination);
    }

    /// <summary>
    /// <see cref="Binary"/> once the destination's shape is known to be the operands' broadcast shape (checked, or a
    /// fresh result allocated with it): the inputs' broadcast strides, then the kernel. No shape is computed again.
    /// </summary>
    public static void BinaryBroadcast<T, TOut, TOp>(string operation, in KernelArg<T> x, in KernelArg<T> y, in KernelArg<TOut> destination)
        where T : unmanaged where TOut : unmanaged where TOp : IBinaryOp<T, TOut>
    {
        ReadOnlySpan<nint> shape = destination.Shape;
        if (SameShape(x.Shape, shape) && SameShape(y.Shape, shape))
        {
            Elementwise.Binary<T, TOut, TOp>(operation, shape, destination.Operand, x.Operand, y.Operand);
            return;
        }
        Span<nint> xs = stackalloc nint[shape.Length];
        Span<nint> ys = stackalloc nint[shape.Length];
        LayoutOps.BroadcastStrides(x.Shape, x.Strides, shape, xs);
        LayoutOps.BroadcastStrides(y.Shape, y.Strides, shape, ys);
        Elementwise.Binary<T, TOut, TOp>(operation, shape, destination.Operand, new Operand(x.Pointer, xs), new Operand(y.Pointer, ys));
    }

    public static void Ternary<TFirst, T, TOp>(string operation, in KernelArg<TFirst> x, in KernelArg<T> y, in KernelArg<T> z, in KernelArg<T> destination)
        where TFirst : unmanaged where T : unmanaged where TOp : ITernaryOp<TFirst, T>
    {
        Span<nint> common = stackalloc nint[NDLayout.MaxRank];
        int rank = BroadcastShape(x.Shape, y.Shape, z.Shape, common);
        CheckDestination(operation, destination, common[..rank]);
        TernaryBroadcast<TFirst, T, TOp>(operation, x, y, z, destination);
    }

    /// <summary><see cref="Ternary"/> once the destination's shape is known to be the operands' broadcast shape.</summary>
    public static void TernaryBroadcast<TFirst, T, TOp>(string operation, in KernelArg<TFirst> x, in KernelArg<T> y, in KernelArg<T> z, in KernelArg<T> destination)
        where TFirst : unmanaged where T : unmanaged where TOp : ITernaryOp<TFirst, T>
    {
        ReadOnlySpan<nint> shape = destination.Shape;
        if (SameShape(x.Shape, shape) && SameShape(y.Shape, shape) && SameShape(z.Shape, shape))
        {
            Elementwise.Ternary<TFirst, T, TOp>(operation, shape, destination.Operand, x.Operand, y.Operand, z.Operand);
            return;
        }
        Span<nint> xs = stackalloc nint[shape.Length];
        Span<nint> ys = stackalloc nint[shape.Length];
        Span<nint> zs = stackalloc nint[shape.Length];
        LayoutOps.BroadcastStrides(x.Shape, x.Strides, shape, xs);
        LayoutOps.BroadcastStrides(y.Shape, y.Strides, shape, ys);
        LayoutOps.BroadcastStrides(z.Shape, z.Strides, shape, zs);
        Elementwise.Ternary<TFirst, T, TOp>(operation, shape, destination.Operand, new Operand(x.Pointer, xs), new Operand(y.Pointer, ys), new Operand(z.Pointer, zs));
    }

    /// <summary>A new array of the broadcast shape of the operands (uninitialised).</summary>
    public static NDArray<TOut> Allocate<TOut>(ReadOnlySpan<nint> a, ReadOnlySpan<nint> b = default, ReadOnlySpan<nint> c = default) where TOut : unmanaged
    {
        Span<nint> shape = stackalloc nint[NDLayout.MaxRank];
        int rank = BroadcastShape(a, b, c, shape);
        return NDArray<TOut>.Allocate(shape[..rank], zero: false);
    }
}

/// <summary>The NDArray-level forms (allocate or write into a destination) every public method forwards to.</summary>
[SkipLocalsInit]
internal static unsafe class MathApi
{
    /// <summary>Pins an array operand, or wraps a scalar when <paramref name="array"/> is null and <paramref name="scalar"/> is not.</summary>
    private static KernelArg<T> Arg<T>(NDArray<T>? array, T* scalar, string name) where T : unmanaged =>
        scalar != null ? KernelArg<T>.Scalar(scalar) : KernelArg<T>.Of(array!, name);

    public static NDArray<TOut> Binary<T, TOut, TOp>(string operation, NDArray<T>? x, T* xScalar, NDArray<T>? y, T* yScalar)
        where T : unmanaged where TOut : unmanaged where TOp : IBinaryOp<T, TOut>
    {
        using var a = Arg(x, xScalar, "x");
        using var b = Arg(y, yScalar, "y");
        var result = MathGlue.Allocate<TOut>(a.Shape, b.Shape);
        try
        {
            using var d = KernelArg<TOut>.Of(result, "destination");
            MathGlue.BinaryBroadcast<T, TOut, TOp>(operation, a, b, d);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    public static NDArray<TOut> BinaryInto<T, TOut, TOp>(string operation, NDArray<T>? x, T* xScalar, NDArray<T>? y, T* yScalar, NDArray<TOut> destination)
        where T : unmanaged where TOut : unmanaged where TOp : IBinaryOp<T, TOut>
    {
        using var a = Arg(x, xScalar, "x");
        using var b = Arg(y, yScalar, "y");
        using var d = KernelArg<TOut>.Of(destination, nameof(destination));
        MathGlue.Binary<T, TOut, TOp>(operation, a, b, d);
        return destination;
    }

    public static NDArray<TOut> Unary<T, TOut, TOp>(string operation, NDArray<T> x)
        where T : unmanaged where TOut : unmanaged where TOp : IUnaryOp<T, TOut>
    {
        using var a = KernelArg<T>.Of(x, nameof(x));
        var result = NDArray<TOut>.Allocate(a.Shape, zero: false);
        try
        {
            using var d = KernelArg<TOut>.Of(result, "destination");
            MathGlue.Unary<T, TOut, TOp>(operation, a, d);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    public static NDArray<TOut> UnaryInto<T, TOut, TOp>(string operation, NDArray<T> x, NDArray<TOut> destination)
        where T : unmanaged where TOut : unmanaged where TOp : IUnaryOp<T, TOut>
    {
        using var a = KernelArg<T>.Of(x, nameof(x));
        using var d = KernelArg<TOut>.Of(destination, nameof(destination));
        MathGlue.Unary<T, TOut, TOp>(operation, a, d);
        return destination;
    }

    public static NDArray<T> Ternary<TFirst, T, TOp>(string operation, NDArray<TFirst>? x, TFirst* xScalar, NDArray<T>? y, T* yScalar, NDArray<T>? z, T* zScalar, NDArray<T>? destination)
        where TFirst : unmanaged where T : unmanaged where TOp : ITernaryOp<TFirst, T>
    {
        using var a = Arg(x, xScalar, "x");
        using var b = Arg(y, yScalar, "y");
        using var c = Arg(z, zScalar, "z");
        if (destination is not null)
        {
            using var d = KernelArg<T>.Of(destination, nameof(destination));
            MathGlue.Ternary<TFirst, T, TOp>(operation, a, b, c, d);
            return destination;
        }
        var result = MathGlue.Allocate<T>(a.Shape, b.Shape, c.Shape);
        try
        {
            using var d = KernelArg<T>.Of(result, "destination");
            MathGlue.TernaryBroadcast<TFirst, T, TOp>(operation, a, b, c, d);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    // Span forms: the views are pinned for the call (their buffers' SafeHandles referenced) and released after.

    public static void BinarySpan<T, TOut, TOp>(string operation, in ReadOnlyNDSpan<T> x, in ReadOnlyNDSpan<T> y, in NDSpan<TOut> destination)
        where T : unmanaged where TOut : unmanaged where TOp : IBinaryOp<T, TOut>
    {
        using var a = KernelArg<T>.Of(x);
        using var b = KernelArg<T>.Of(y);
        using var d = KernelArg<TOut>.Of(destination);
        MathGlue.Binary<T, TOut, TOp>(operation, a, b, d);
    }

    public static void BinarySpan<T, TOut, TOp>(string operation, in ReadOnlyNDSpan<T> x, T* y, in NDSpan<TOut> destination)
        where T : unmanaged where TOut : unmanaged where TOp : IBinaryOp<T, TOut>
    {
        using var a = KernelArg<T>.Of(x);
        using var b = KernelArg<T>.Scalar(y);
        using var d = KernelArg<TOut>.Of(destination);
        MathGlue.Binary<T, TOut, TOp>(operation, a, b, d);
    }

    public static void BinarySpanInPlace<T, TOp>(string operation, in NDSpan<T> x, in ReadOnlyNDSpan<T> y)
        where T : unmanaged where TOp : IBinaryOp<T, T>
    {
        using var a = KernelArg<T>.Of(x);
        using var b = KernelArg<T>.Of(y);
        MathGlue.Binary<T, T, TOp>(operation, a, b, a);
    }

    public static void BinarySpanInPlace<T, TOp>(string operation, in NDSpan<T> x, T* y)
        where T : unmanaged where TOp : IBinaryOp<T, T>
    {
        using var a = KernelArg<T>.Of(x);
        using var b = KernelArg<T>.Scalar(y);
        MathGlue.Binary<T, T, TOp>(operation, a, b, a);
    }

    public static void UnarySpan<T, TOut, TOp>(string operation, in ReadOnlyNDSpan<T> x, in NDSpan<TOut> destination)
        where T : unmanaged where TOut : unmanaged where TOp : IUnaryOp<T, TOut>
    {
        using var a = KernelArg<T>.Of(x);
        using var d = KernelArg<TOut>.Of(destination);
        MathGlue.Unary<T, TOut, TOp>(operation, a, d);
    }

    public static void UnarySpanInPlace<T, TOp>(string operation, in NDSpan<T> x)
        where T : unmanaged where TOp : IUnaryOp<T, T>
    {
        using var a = KernelArg<T>.Of(x);
        MathGlue.Unary<T, T, TOp>(operation, a, a);
    }
}
