using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using NativeArrays.Kernels;
using NativeArrays.Layout;

namespace NativeArrays;

/// <summary>
/// Making and checking the operands of a public call: pins an array, a view or a scalar as a kernel
/// <see cref="Operand"/> (the lease is taken before the address is read), checks a destination (writable, of the
/// operands' broadcast shape) and computes the broadcast shape of a new result.
/// </summary>
[SkipLocalsInit]
internal static unsafe class Operands
{
    /// <summary>Pins <paramref name="array"/> (throws <see cref="ArgumentNullException"/> naming <paramref name="name"/> when null, <see cref="ObjectDisposedException"/> naming the array when disposed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Operand Pin<T>(NDArray<T> array, string name) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array, name);
        return array.PinOperand();
    }

    /// <summary>A 0-d operand over <paramref name="scalar"/> when it is not null, else <paramref name="array"/> pinned.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Operand Pin<T>(NDArray<T>? array, T* scalar, string name) where T : unmanaged =>
        scalar != null ? Operand.Scalar(scalar) : Pin(array!, name);

    /// <summary>Pins a read-only view (throws <see cref="ObjectDisposedException"/> when its buffer was freed, or for a default view).</summary>
    public static Operand Pin<T>(in ReadOnlyNDSpan<T> span) where T : unmanaged
    {
        var lease = KernelRef(span.GuardedBuffer);
        return Operand.Leased(lease, span.Pointer, span.Shape, span.Strides, readOnly: true);
    }

    /// <summary>Pins a writable view.</summary>
    public static Operand Pin<T>(in NDSpan<T> span) where T : unmanaged
    {
        var lease = KernelRef(span.GuardedBuffer);
        return Operand.Leased(lease, span.Pointer, span.Shape, span.Strides, readOnly: false);
    }

    /// <summary>A kernel reference on a view's buffer (throws <see cref="ObjectDisposedException"/> when it was released, or for a default view).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Memory.NativeBuffer KernelRef(Memory.GuardedBuffer guarded)
    {
        var buffer = guarded.Buffer;
        if (buffer is null || !buffer.TryAcquireKernelRef(guarded.Id)) ThrowFreed();
        return buffer;
    }

    /// <summary>
    /// The buffer of <paramref name="array"/> to hold in the call's <see cref="Memory.KernelGuard"/>, or null for a
    /// scalar (throws <see cref="ArgumentNullException"/> naming <paramref name="name"/> when the array is null,
    /// <see cref="ObjectDisposedException"/> naming it when it was disposed).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Memory.GuardedBuffer GuardBuffer<T>(NDArray<T>? array, T* scalar, string name) where T : unmanaged
    {
        if (scalar != null) return default;
        ArgumentNullException.ThrowIfNull(array, name);
        return array.GuardBuffer();
    }

    /// <summary>The buffer of a view to hold in the call's guard (throws <see cref="ObjectDisposedException"/> for a default view).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Memory.GuardedBuffer GuardBuffer(Memory.GuardedBuffer buffer)
    {
        if (buffer.Buffer is null) ThrowFreed();
        return buffer;
    }

    /// <summary>
    /// Enters the call's guard over <paramref name="array"/>'s buffer (throws <see cref="ArgumentNullException"/> naming
    /// <paramref name="name"/> when it is null, the array's <see cref="ObjectDisposedException"/> when it was disposed).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Memory.KernelGuard Guard<T>(NDArray<T> array, string name) where T : unmanaged
    {
        var guard = Memory.KernelGuard.Enter(GuardBuffer(array, null, name));
        if (guard.Refused >= 0) array.ThrowRefused();
        return guard;
    }

    /// <summary>A view as an operand inside the call's guard (no lease; the guard holds its buffer).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Operand Guarded<T>(in ReadOnlyNDSpan<T> span) where T : unmanaged =>
        new(span.Pointer, span.Shape, span.Strides, readOnly: true);

    /// <summary>A writable view as an operand inside the call's guard (no lease).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Operand Guarded<T>(in NDSpan<T> span) where T : unmanaged =>
        new(span.Pointer, span.Shape, span.Strides);

    /// <summary><paramref name="array"/> (or the scalar, when not null) as an operand inside the call's guard (no lease).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Operand Guarded<T>(NDArray<T>? array, T* scalar) where T : unmanaged =>
        scalar != null ? Operand.Scalar(scalar) : array!.GuardedOperand();

    /// <summary>
    /// Throws for the operand whose buffer the call's guard refused (<paramref name="refused"/>: its index among the
    /// guarded arrays): the array's own <see cref="ObjectDisposedException"/>.
    /// </summary>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowRefused<T, TOut>(int refused, NDArray<T>? x, NDArray<T>? y, NDArray<T>? z, NDArray<TOut>? destination)
        where T : unmanaged where TOut : unmanaged
    {
        switch (refused)
        {
            case 0: x!.ThrowRefused(); break;
            case 1: y!.ThrowRefused(); break;
            case 2: z!.ThrowRefused(); break;
            default: destination!.ThrowRefused(); break;
        }
        throw new ObjectDisposedException(nameof(NDArray));
    }

    /// <summary>Throws the <see cref="ObjectDisposedException"/> of a view whose buffer the call's guard refused.</summary>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowFreed() =>
        throw new ObjectDisposedException("NDSpan", "The array this view borrows from was disposed and its buffer freed.");

    /// <summary>
    /// Refuses a read-only destination, and one whose shape is not the broadcast shape of the inputs (absent inputs
    /// have a null pointer). Identical shapes, the common case, cost one comparison per input; otherwise the
    /// broadcast shape is computed once, here (incompatible inputs are reported before a read-only destination).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CheckDestination(string operation, in Operand destination, in Operand x, in Operand y = default, in Operand z = default)
    {
        ReadOnlySpan<nint> shape = destination.Shape;
        if (SameShape(x.Shape, shape) && (y.Pointer == null || SameShape(y.Shape, shape)) && (z.Pointer == null || SameShape(z.Shape, shape)))
        {
            if (destination.ReadOnly) ThrowReadOnly(operation, destination.Shape);
            return;
        }
        CheckBroadcast(operation, destination, x.Shape, y.Pointer != null ? y.Shape : default, z.Pointer != null ? z.Shape : default);
    }

    /// <summary>
    /// Refuses a read-only destination of a unary call; the input may broadcast to the destination's shape (the driver
    /// computes its broadcast strides and reports an input that does not broadcast).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CheckWritable(string operation, in Operand destination)
    {
        if (destination.ReadOnly) ThrowReadOnly(operation, destination.Shape);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CheckBroadcast(string operation, in Operand destination, ReadOnlySpan<nint> x, ReadOnlySpan<nint> y, ReadOnlySpan<nint> z)
    {
        Span<nint> common = stackalloc nint[NDLayout.MaxRank];
        int rank = BroadcastShape(x, y, z, common);
        if (destination.ReadOnly) ThrowReadOnly(operation, destination.Shape);
        if (!SameShape(destination.Shape, common[..rank]))
            throw new ArgumentException($"{operation}: the destination has shape {NDLayout.ShapeText(destination.Shape)}, but the operands broadcast to {NDLayout.ShapeText(common[..rank])}.", "destination");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowReadOnly(string operation, ReadOnlySpan<nint> shape) =>
        throw new InvalidOperationException($"{operation}: the destination of shape {NDLayout.ShapeText(shape)} is read-only (a broadcast view or read-only mapping).");

    /// <summary>The broadcast shape of up to three operand shapes (message shows the shapes when incompatible); returns its rank.</summary>
    public static int BroadcastShape(ReadOnlySpan<nint> a, ReadOnlySpan<nint> b, ReadOnlySpan<nint> c, Span<nint> result)
    {
        Span<nint> ab = stackalloc nint[NDLayout.MaxRank];
        int r = LayoutOps.BroadcastShapes(a, b, ab);
        return LayoutOps.BroadcastShapes(ab[..r], c, result);
    }

    /// <summary>A new array of the broadcast shape of the operands (uninitialised): the one broadcast-shape computation of an allocating call.</summary>
    public static NDArray<TOut> Allocate<TOut>(ReadOnlySpan<nint> a, ReadOnlySpan<nint> b = default, ReadOnlySpan<nint> c = default) where TOut : unmanaged
    {
        if (b.Length == 0 && c.Length == 0) return NDArray<TOut>.Allocate(a, zero: false);
        Span<nint> shape = stackalloc nint[NDLayout.MaxRank];
        int rank = BroadcastShape(a, b, c, shape);
        return NDArray<TOut>.Allocate(shape[..rank], zero: false);
    }

    /// <summary>
    /// The flat step of an input for the straight path (<c>Elementwise.Try…Flat</c>), read from the layouts' flags: 0 for
    /// a scalar (<paramref name="input"/> null), 1 when it is C-contiguous with the destination's shape (a destination
    /// that is C-contiguous itself), else -1 (the form takes the driver).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint FlatStep<TOut, T>(NDArray<TOut> destination, NDArray<T>? input) where TOut : unmanaged where T : unmanaged
    {
        if (input is null) return 0;
        if (!input.IsCContiguous || !destination.IsCContiguous) return -1;
        return ReferenceEquals(input.Layout, destination.Layout) || SameShape(input.Shape, destination.Shape) ? 1 : -1;
    }

    /// <summary>Whether <paramref name="input"/> is C-contiguous with the C-contiguous <paramref name="destination"/>'s shape (the span forms' straight path).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool FlatWith(NDLayout destination, NDLayout input) =>
        input.IsCContiguous && (ReferenceEquals(input, destination) || SameShape(input.Shape, destination.Shape));

    /// <summary>Shape equality without a call (ranks are small; this is on every call's path).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool SameShape(ReadOnlySpan<nint> a, ReadOnlySpan<nint> b)
    {
        if (a.Length != b.Length) return false;
        for (int d = 0; d < a.Length; d++) if (a[d] != b[d]) return false;
        return true;
    }
}

/// <summary>
/// The body of every public form of an elementwise operation (the generated ones in <c>NDArray.Elementwise.g.cs</c> and
/// the hand-written ternary and logical ones): pins the operands, allocates the result or checks the destination,
/// and calls the kernel driver in <see cref="Elementwise"/>, which broadcasts the inputs. Each form is one call from
/// the public method to the driver.
/// </summary>
[SkipLocalsInit]
internal static unsafe class ElementwiseForms
{
    /// <summary>x op y (either may be a scalar) into a new array of the broadcast shape.</summary>
    public static NDArray<TOut> Binary<T, TOut, TOp>(string operation, NDArray<T>? x, T* xScalar, NDArray<T>? y, T* yScalar)
        where T : unmanaged where TOut : unmanaged where TOp : IBinaryOp<T, TOut>
    {
        using var guard = Memory.KernelGuard.Enter(Operands.GuardBuffer(x, xScalar, "x"), Operands.GuardBuffer(y, yScalar, "y"));
        if (guard.Refused >= 0) Operands.ThrowRefused<T, TOut>(guard.Refused, x, y, null, null);
        var a = Operands.Guarded(x, xScalar);
        var b = Operands.Guarded(y, yScalar);
        var result = Operands.Allocate<TOut>(a.Shape, b.Shape);
        try
        {
            // The new array is this call's alone until it returns: no other thread can dispose it, so it needs no guard.
            // It is C-contiguous: the into form's straight path when every array input is C-contiguous of its shape.
            if (TryBinaryStraight<T, TOut, TOp>(x, xScalar, y, yScalar, result)) return result;
            var d = result.GuardedOperand();
            Elementwise.Binary<T, TOut, TOp>(operation, d, a, b);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    /// <summary>x op y (either may be a scalar) written into <paramref name="destination"/>; returns it.</summary>
    public static NDArray<TOut> BinaryInto<T, TOut, TOp>(string operation, NDArray<T>? x, T* xScalar, NDArray<T>? y, T* yScalar, NDArray<TOut> destination)
        where T : unmanaged where TOut : unmanaged where TOp : IBinaryOp<T, TOut>
    {
        // One guard over the (up to three) buffers: one fence a call, not two interlocked operations per operand.
        using var guard = Memory.KernelGuard.Enter(Operands.GuardBuffer(x, xScalar, "x"), Operands.GuardBuffer(y, yScalar, "y"),
            Operands.GuardBuffer(destination, null, nameof(destination)));
        if (guard.Refused >= 0) Operands.ThrowRefused<T, TOut>(guard.Refused == 2 ? 3 : guard.Refused, x, y, null, destination);
        // The straight path: every array operand C-contiguous with the destination's shape (the layouts say so; no
        // broadcast strides, flat tests or plan), at least one of them an array (steps 1 or 0, not all 0: then the
        // destination has the broadcast shape), a writable destination. Addresses straight from the arrays: this
        // frame holds no operand values (the rest of the call is BinaryIntoDriver's).
        if (!TryBinaryStraight<T, TOut, TOp>(x, xScalar, y, yScalar, destination))
            BinaryIntoDriver<T, TOut, TOp>(operation, x, xScalar, y, yScalar, destination);
        return destination;
    }

    /// <summary>
    /// The straight path of the binary into and allocating forms (inside the call's guard): runs the flat kernel when
    /// every array operand is C-contiguous with <paramref name="destination"/>'s shape and it is writable; false (nothing
    /// done) otherwise, or above the flat runner's thresholds.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryBinaryStraight<T, TOut, TOp>(NDArray<T>? x, T* xScalar, NDArray<T>? y, T* yScalar, NDArray<TOut> destination)
        where T : unmanaged where TOut : unmanaged where TOp : IBinaryOp<T, TOut>
    {
        nint fx = Operands.FlatStep(destination, xScalar == null ? x : null), fy = Operands.FlatStep(destination, yScalar == null ? y : null);
        return (fx | fy) == 1 && !destination.IsReadOnly
            && Elementwise.TryBinaryFlat<T, TOut, TOp>(destination.Size, destination.GuardedPointer, xScalar != null ? xScalar : x!.GuardedPointer, fx,
                yScalar != null ? yScalar : y!.GuardedPointer, fy);
    }

    /// <summary>The checks and the driver of <see cref="BinaryInto"/> (inside its guard).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void BinaryIntoDriver<T, TOut, TOp>(string operation, NDArray<T>? x, T* xScalar, NDArray<T>? y, T* yScalar, NDArray<TOut> destination)
        where T : unmanaged where TOut : unmanaged where TOp : IBinaryOp<T, TOut>
    {
        var a = Operands.Guarded(x, xScalar);
        var b = Operands.Guarded(y, yScalar);
        var d = destination.GuardedOperand();
        Operands.CheckDestination(operation, d, a, b);
        Elementwise.Binary<T, TOut, TOp>(operation, d, a, b);
    }

    /// <summary>op x into a new array.</summary>
    public static NDArray<TOut> Unary<T, TOut, TOp>(string operation, NDArray<T> x)
        where T : unmanaged where TOut : unmanaged where TOp : IUnaryOp<T, TOut>
    {
        using var guard = Operands.Guard(x, nameof(x));
        var a = x.GuardedOperand();
        var result = NDArray<TOut>.Allocate(a.Shape, zero: false);
        try
        {
            // A C-contiguous input: the into form's straight path (the new result is C-contiguous of its shape).
            if (TryUnaryStraight<T, TOut, TOp>(x, result)) return result;
            var d = result.GuardedOperand();
            Elementwise.Unary<T, TOut, TOp>(operation, d, a);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    /// <summary>op x written into <paramref name="destination"/> (x broadcasts to it); returns it.</summary>
    public static NDArray<TOut> UnaryInto<T, TOut, TOp>(string operation, NDArray<T> x, NDArray<TOut> destination)
        where T : unmanaged where TOut : unmanaged where TOp : IUnaryOp<T, TOut>
    {
        using var guard = Memory.KernelGuard.Enter(Operands.GuardBuffer(x, null, nameof(x)), Operands.GuardBuffer(destination, null, nameof(destination)));
        if (guard.Refused >= 0) Operands.ThrowRefused<T, TOut>(guard.Refused == 1 ? 3 : 0, x, null, null, destination);
        if (!TryUnaryStraight<T, TOut, TOp>(x, destination))
            UnaryIntoDriver<T, TOut, TOp>(operation, x, destination);
        return destination;
    }

    /// <summary>The straight path of the unary into and allocating forms (see <see cref="TryBinaryStraight{T, TOut, TOp}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryUnaryStraight<T, TOut, TOp>(NDArray<T> x, NDArray<TOut> destination)
        where T : unmanaged where TOut : unmanaged where TOp : IUnaryOp<T, TOut> =>
        Operands.FlatStep(destination, x) == 1 && !destination.IsReadOnly
        && Elementwise.TryUnaryFlat<T, TOut, TOp>(destination.Size, destination.GuardedPointer, x.GuardedPointer, 1);

    /// <summary>The checks and the driver of <see cref="UnaryInto"/> (inside its guard).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void UnaryIntoDriver<T, TOut, TOp>(string operation, NDArray<T> x, NDArray<TOut> destination)
        where T : unmanaged where TOut : unmanaged where TOp : IUnaryOp<T, TOut>
    {
        var a = x.GuardedOperand();
        var d = destination.GuardedOperand();
        Operands.CheckWritable(operation, d);
        Elementwise.Unary<T, TOut, TOp>(operation, d, a);
    }

    /// <summary>op(x, y, z) (any may be a scalar) into <paramref name="destination"/>, or into a new array when it is null.</summary>
    public static NDArray<T> Ternary<TFirst, T, TOp>(string operation, NDArray<TFirst>? x, TFirst* xScalar, NDArray<T>? y, T* yScalar, NDArray<T>? z, T* zScalar, NDArray<T>? destination)
        where TFirst : unmanaged where T : unmanaged where TOp : ITernaryOp<TFirst, T>
    {
        if (destination is null) return TernaryNew<TFirst, T, TOp>(operation, x, xScalar, y, yScalar, z, zScalar);
        TernaryInto<TFirst, T, TOp>(operation, x, xScalar, y, yScalar, z, zScalar, destination);
        return destination;
    }

    /// <summary>op(x, y, z) into <paramref name="destination"/>: the guard, the straight path, else the driver (as the binary form).</summary>
    private static void TernaryInto<TFirst, T, TOp>(string operation, NDArray<TFirst>? x, TFirst* xScalar, NDArray<T>? y, T* yScalar, NDArray<T>? z, T* zScalar, NDArray<T> destination)
        where TFirst : unmanaged where T : unmanaged where TOp : ITernaryOp<TFirst, T>
    {
        using var guard = Memory.KernelGuard.Enter(Operands.GuardBuffer(x, xScalar, "x"), Operands.GuardBuffer(y, yScalar, "y"),
            Operands.GuardBuffer(z, zScalar, "z"), Operands.GuardBuffer(destination, null, nameof(destination)));
        if (guard.Refused >= 0)
        {
            if (guard.Refused == 0) x!.ThrowRefused();
            Operands.ThrowRefused<T, T>(guard.Refused, null, y, z, destination);
        }
        // Addresses straight from the arrays when every array operand is C-contiguous with the destination's shape.
        nint fx = Operands.FlatStep(destination, xScalar == null ? x : null);
        nint fy = Operands.FlatStep(destination, yScalar == null ? y : null), fz = Operands.FlatStep(destination, zScalar == null ? z : null);
        if ((fx | fy | fz) != 1 || destination.IsReadOnly
            || !Elementwise.TryTernaryFlat<TFirst, T, TOp>(destination.Size, destination.GuardedPointer, xScalar != null ? xScalar : x!.GuardedPointer, fx,
                yScalar != null ? yScalar : y!.GuardedPointer, fy, zScalar != null ? zScalar : z!.GuardedPointer, fz))
            TernaryIntoDriver<TFirst, T, TOp>(operation, x, xScalar, y, yScalar, z, zScalar, destination);
    }

    /// <summary>op(x, y, z) into a new array of the broadcast shape.</summary>
    private static NDArray<T> TernaryNew<TFirst, T, TOp>(string operation, NDArray<TFirst>? x, TFirst* xScalar, NDArray<T>? y, T* yScalar, NDArray<T>? z, T* zScalar)
        where TFirst : unmanaged where T : unmanaged where TOp : ITernaryOp<TFirst, T>
    {
        using var guard = Memory.KernelGuard.Enter(Operands.GuardBuffer(x, xScalar, "x"), Operands.GuardBuffer(y, yScalar, "y"),
            Operands.GuardBuffer(z, zScalar, "z"), default);
        if (guard.Refused >= 0)
        {
            if (guard.Refused == 0) x!.ThrowRefused();
            Operands.ThrowRefused<T, T>(guard.Refused, null, y, z, null);
        }
        var a = Operands.Guarded(x, xScalar);
        var b = Operands.Guarded(y, yScalar);
        var c = Operands.Guarded(z, zScalar);
        var result = Operands.Allocate<T>(a.Shape, b.Shape, c.Shape);
        try
        {
            // The new array is this call's alone until it returns: no guard (as in Binary).
            var d = result.GuardedOperand();
            Elementwise.Ternary<TFirst, T, TOp>(operation, d, a, b, c);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    /// <summary>The checks and the driver of <see cref="Ternary"/> into a destination (inside its guard).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void TernaryIntoDriver<TFirst, T, TOp>(string operation, NDArray<TFirst>? x, TFirst* xScalar, NDArray<T>? y, T* yScalar, NDArray<T>? z, T* zScalar, NDArray<T> destination)
        where TFirst : unmanaged where T : unmanaged where TOp : ITernaryOp<TFirst, T>
    {
        var a = Operands.Guarded(x, xScalar);
        var b = Operands.Guarded(y, yScalar);
        var c = Operands.Guarded(z, zScalar);
        var d = destination.GuardedOperand();
        Operands.CheckDestination(operation, d, a, b, c);
        Elementwise.Ternary<TFirst, T, TOp>(operation, d, a, b, c);
    }

    // Span forms: one guard over the views' buffers for the call (a default view, whose buffer is null, and a view of a
    // freed buffer throw the views' ObjectDisposedException); the operands are read after entering it.

    /// <summary>x op y over views, written into <paramref name="destination"/>.</summary>
    public static void BinarySpan<T, TOut, TOp>(string operation, in ReadOnlyNDSpan<T> x, in ReadOnlyNDSpan<T> y, in NDSpan<TOut> destination)
        where T : unmanaged where TOut : unmanaged where TOp : IBinaryOp<T, TOut>
    {
        using var guard = Memory.KernelGuard.Enter(Operands.GuardBuffer(x.GuardedBuffer), Operands.GuardBuffer(y.GuardedBuffer), Operands.GuardBuffer(destination.GuardedBuffer));
        if (guard.Refused >= 0) Operands.ThrowFreed();
        // The straight path of the class forms: every view C-contiguous with the destination's shape (a view borrowed
        // from an array reads the layout's flag), below the parallel and non-temporal thresholds, no partial overlap.
        NDLayout ld = destination.State.LayoutWithBuffer;
        if (ld.IsCContiguous && Operands.FlatWith(ld, x.State.LayoutWithBuffer) && Operands.FlatWith(ld, y.State.LayoutWithBuffer)
            && Elementwise.TryBinaryFlat<T, TOut, TOp>(ld.Size, destination.Pointer, x.Pointer, 1, y.Pointer, 1))
            return;
        BinarySpanDriver<T, TOut, TOp>(operation, x, y, destination);
    }

    /// <summary>The checks and the driver of <see cref="BinarySpan{T, TOut, TOp}(string, in ReadOnlyNDSpan{T}, in ReadOnlyNDSpan{T}, in NDSpan{TOut})"/> (inside its guard).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void BinarySpanDriver<T, TOut, TOp>(string operation, in ReadOnlyNDSpan<T> x, in ReadOnlyNDSpan<T> y, in NDSpan<TOut> destination)
        where T : unmanaged where TOut : unmanaged where TOp : IBinaryOp<T, TOut>
    {
        var a = Operands.Guarded(x);
        var b = Operands.Guarded(y);
        var d = Operands.Guarded(destination);
        Operands.CheckDestination(operation, d, a, b);
        Elementwise.Binary<T, TOut, TOp>(operation, d, a, b);
    }

    /// <summary>x op y over a view and a scalar, written into <paramref name="destination"/>.</summary>
    public static void BinarySpan<T, TOut, TOp>(string operation, in ReadOnlyNDSpan<T> x, T* y, in NDSpan<TOut> destination)
        where T : unmanaged where TOut : unmanaged where TOp : IBinaryOp<T, TOut>
    {
        using var guard = Memory.KernelGuard.Enter(Operands.GuardBuffer(x.GuardedBuffer), Operands.GuardBuffer(destination.GuardedBuffer));
        if (guard.Refused >= 0) Operands.ThrowFreed();
        var a = Operands.Guarded(x);
        var b = Operand.Scalar(y);
        var d = Operands.Guarded(destination);
        Operands.CheckDestination(operation, d, a, b);
        Elementwise.Binary<T, TOut, TOp>(operation, d, a, b);
    }

    /// <summary>x = x op y over views.</summary>
    public static void BinarySpanInPlace<T, TOp>(string operation, in NDSpan<T> x, in ReadOnlyNDSpan<T> y)
        where T : unmanaged where TOp : IBinaryOp<T, T>
    {
        using var guard = Memory.KernelGuard.Enter(Operands.GuardBuffer(x.GuardedBuffer), Operands.GuardBuffer(y.GuardedBuffer));
        if (guard.Refused >= 0) Operands.ThrowFreed();
        var a = Operands.Guarded(x);
        var b = Operands.Guarded(y);
        Operands.CheckDestination(operation, a, a, b);
        Elementwise.Binary<T, T, TOp>(operation, a, a, b);
    }

    /// <summary>x = x op y over a view and a scalar.</summary>
    public static void BinarySpanInPlace<T, TOp>(string operation, in NDSpan<T> x, T* y)
        where T : unmanaged where TOp : IBinaryOp<T, T>
    {
        using var guard = Memory.KernelGuard.Enter(Operands.GuardBuffer(x.GuardedBuffer));
        if (guard.Refused >= 0) Operands.ThrowFreed();
        var a = Operands.Guarded(x);
        var b = Operand.Scalar(y);
        Operands.CheckDestination(operation, a, a, b);
        Elementwise.Binary<T, T, TOp>(operation, a, a, b);
    }

    /// <summary>op x over a view, written into <paramref name="destination"/>.</summary>
    public static void UnarySpan<T, TOut, TOp>(string operation, in ReadOnlyNDSpan<T> x, in NDSpan<TOut> destination)
        where T : unmanaged where TOut : unmanaged where TOp : IUnaryOp<T, TOut>
    {
        using var guard = Memory.KernelGuard.Enter(Operands.GuardBuffer(x.GuardedBuffer), Operands.GuardBuffer(destination.GuardedBuffer));
        if (guard.Refused >= 0) Operands.ThrowFreed();
        NDLayout ld = destination.State.LayoutWithBuffer;
        if (ld.IsCContiguous && Operands.FlatWith(ld, x.State.LayoutWithBuffer)
            && Elementwise.TryUnaryFlat<T, TOut, TOp>(ld.Size, destination.Pointer, x.Pointer, 1))
            return;
        UnarySpanDriver<T, TOut, TOp>(operation, x, destination);
    }

    /// <summary>The checks and the driver of <see cref="UnarySpan{T, TOut, TOp}"/> (inside its guard).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void UnarySpanDriver<T, TOut, TOp>(string operation, in ReadOnlyNDSpan<T> x, in NDSpan<TOut> destination)
        where T : unmanaged where TOut : unmanaged where TOp : IUnaryOp<T, TOut>
    {
        var a = Operands.Guarded(x);
        var d = Operands.Guarded(destination);
        Operands.CheckWritable(operation, d);
        Elementwise.Unary<T, TOut, TOp>(operation, d, a);
    }

    /// <summary>x = op x over a view.</summary>
    public static void UnarySpanInPlace<T, TOp>(string operation, in NDSpan<T> x)
        where T : unmanaged where TOp : IUnaryOp<T, T>
    {
        using var guard = Memory.KernelGuard.Enter(Operands.GuardBuffer(x.GuardedBuffer));
        if (guard.Refused >= 0) Operands.ThrowFreed();
        var a = Operands.Guarded(x);
        Operands.CheckWritable(operation, a);
        Elementwise.Unary<T, T, TOp>(operation, a, a);
    }

    /// <summary>
    /// op(x, y, z) over views, written into <paramref name="destination"/>: each input a view (its buffer, from
    /// <see cref="Operands.GuardBuffer(Memory.GuardedBuffer)"/>, and its unleased operand) or a 0-d scalar operand the
    /// caller made (buffer null). The operands' addresses may be read before the guard is entered: nothing dereferences
    /// them unless it admits every buffer, and a buffer it admits is live at the address it always had.
    /// </summary>
    public static void TernarySpan<TFirst, T, TOp>(string operation, Memory.GuardedBuffer bx, in Operand x, Memory.GuardedBuffer by, in Operand y,
        Memory.GuardedBuffer bz, in Operand z, in NDSpan<T> destination)
        where TFirst : unmanaged where T : unmanaged where TOp : ITernaryOp<TFirst, T>
    {
        using var guard = Memory.KernelGuard.Enter(bx, by, bz, Operands.GuardBuffer(destination.GuardedBuffer));
        if (guard.Refused >= 0) Operands.ThrowFreed();
        var d = Operands.Guarded(destination);
        Operands.CheckDestination(operation, d, x, y, z);
        Elementwise.Ternary<TFirst, T, TOp>(operation, d, x, y, z);
    }
}
