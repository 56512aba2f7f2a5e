using System.Numerics;
using NativeArrays.Kernels;

namespace NativeArrays;

// Public elementwise math: every operation in three forms (allocating, into a destination like NumPy out=,
// in place), with NumPy broadcasting, scalars as operands, and overloads for the ref-struct views. One block of
// one-line forwarders per operation, all alike: adding an operation is its operator struct plus a copy of a block.
public static unsafe partial class NDArray
{
    /// <summary>Elementwise x + y, with NumPy broadcasting, into a new array.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together (the message shows both).</exception>
    /// <exception cref="ObjectDisposedException">An operand was disposed.</exception>
    public static NDArray<T> Add<T>(NDArray<T> x, NDArray<T> y) where T : unmanaged, INumber<T> => MathApi.Binary<T, T, AddOp<T>>(nameof(Add), x, null, y, null);
    /// <summary>Elementwise x + y with a scalar <paramref name="y"/>, into a new array.</summary>
    public static NDArray<T> Add<T>(NDArray<T> x, T y) where T : unmanaged, INumber<T> => MathApi.Binary<T, T, AddOp<T>>(nameof(Add), x, null, null, &y);
    /// <summary>Elementwise x + y with a scalar <paramref name="x"/>, into a new array.</summary>
    public static NDArray<T> Add<T>(T x, NDArray<T> y) where T : unmanaged, INumber<T> => MathApi.Binary<T, T, AddOp<T>>(nameof(Add), null, &x, y, null);
    /// <summary>Elementwise x + y written into <paramref name="destination"/> (NumPy <c>out=</c>); any overlap with the operands is safe. Returns the destination.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together, or the destination does not have the broadcast shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Add<T>(NDArray<T> x, NDArray<T> y, NDArray<T> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, T, AddOp<T>>(nameof(Add), x, null, y, null, destination);
    /// <summary>Elementwise x + y with a scalar <paramref name="y"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<T> Add<T>(NDArray<T> x, T y, NDArray<T> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, T, AddOp<T>>(nameof(Add), x, null, null, &y, destination);
    /// <summary>Elementwise x + y with a scalar <paramref name="x"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<T> Add<T>(T x, NDArray<T> y, NDArray<T> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, T, AddOp<T>>(nameof(Add), null, &x, y, null, destination);
    /// <summary>Elementwise x + y over views, written into <paramref name="destination"/>; no heap allocation unless operands overlap.</summary>
    public static void Add<T>(in ReadOnlyNDSpan<T> x, in ReadOnlyNDSpan<T> y, in NDSpan<T> destination) where T : unmanaged, INumber<T> => MathApi.BinarySpan<T, T, AddOp<T>>(nameof(Add), x, y, destination);
    /// <summary>Elementwise x + y over a view and a scalar, written into <paramref name="destination"/>.</summary>
    public static void Add<T>(in ReadOnlyNDSpan<T> x, T y, in NDSpan<T> destination) where T : unmanaged, INumber<T> => MathApi.BinarySpan<T, T, AddOp<T>>(nameof(Add), x, &y, destination);

    /// <summary>Elementwise x - y, with NumPy broadcasting, into a new array.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together (the message shows both).</exception>
    /// <exception cref="ObjectDisposedException">An operand was disposed.</exception>
    public static NDArray<T> Subtract<T>(NDArray<T> x, NDArray<T> y) where T : unmanaged, INumber<T> => MathApi.Binary<T, T, SubtractOp<T>>(nameof(Subtract), x, null, y, null);
    /// <summary>Elementwise x - y with a scalar <paramref name="y"/>, into a new array.</summary>
    public static NDArray<T> Subtract<T>(NDArray<T> x, T y) where T : unmanaged, INumber<T> => MathApi.Binary<T, T, SubtractOp<T>>(nameof(Subtract), x, null, null, &y);
    /// <summary>Elementwise x - y with a scalar <paramref name="x"/>, into a new array.</summary>
    public static NDArray<T> Subtract<T>(T x, NDArray<T> y) where T : unmanaged, INumber<T> => MathApi.Binary<T, T, SubtractOp<T>>(nameof(Subtract), null, &x, y, null);
    /// <summary>Elementwise x - y written into <paramref name="destination"/> (NumPy <c>out=</c>); any overlap with the operands is safe. Returns the destination.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together, or the destination does not have the broadcast shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Subtract<T>(NDArray<T> x, NDArray<T> y, NDArray<T> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, T, SubtractOp<T>>(nameof(Subtract), x, null, y, null, destination);
    /// <summary>Elementwise x - y with a scalar <paramref name="y"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<T> Subtract<T>(NDArray<T> x, T y, NDArray<T> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, T, SubtractOp<T>>(nameof(Subtract), x, null, null, &y, destination);
    /// <summary>Elementwise x - y with a scalar <paramref name="x"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<T> Subtract<T>(T x, NDArray<T> y, NDArray<T> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, T, SubtractOp<T>>(nameof(Subtract), null, &x, y, null, destination);
    /// <summary>Elementwise x - y over views, written into <paramref name="destination"/>; no heap allocation unless operands overlap.</summary>
    public static void Subtract<T>(in ReadOnlyNDSpan<T> x, in ReadOnlyNDSpan<T> y, in NDSpan<T> destination) where T : unmanaged, INumber<T> => MathApi.BinarySpan<T, T, SubtractOp<T>>(nameof(Subtract), x, y, destination);
    /// <summary>Elementwise x - y over a view and a scalar, written into <paramref name="destination"/>.</summary>
    public static void Subtract<T>(in ReadOnlyNDSpan<T> x, T y, in NDSpan<T> destination) where T : unmanaged, INumber<T> => MathApi.BinarySpan<T, T, SubtractOp<T>>(nameof(Subtract), x, &y, destination);

    /// <summary>Elementwise x * y, with NumPy broadcasting, into a new array.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together (the message shows both).</exception>
    /// <exception cref="ObjectDisposedException">An operand was disposed.</exception>
    public static NDArray<T> Multiply<T>(NDArray<T> x, NDArray<T> y) where T : unmanaged, INumber<T> => MathApi.Binary<T, T, MultiplyOp<T>>(nameof(Multiply), x, null, y, null);
    /// <summary>Elementwise x * y with a scalar <paramref name="y"/>, into a new array.</summary>
    public static NDArray<T> Multiply<T>(NDArray<T> x, T y) where T : unmanaged, INumber<T> => MathApi.Binary<T, T, MultiplyOp<T>>(nameof(Multiply), x, null, null, &y);
    /// <summary>Elementwise x * y with a scalar <paramref name="x"/>, into a new array.</summary>
    public static NDArray<T> Multiply<T>(T x, NDArray<T> y) where T : unmanaged, INumber<T> => MathApi.Binary<T, T, MultiplyOp<T>>(nameof(Multiply), null, &x, y, null);
    /// <summary>Elementwise x * y written into <paramref name="destination"/> (NumPy <c>out=</c>); any overlap with the operands is safe. Returns the destination.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together, or the destination does not have the broadcast shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Multiply<T>(NDArray<T> x, NDArray<T> y, NDArray<T> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, T, MultiplyOp<T>>(nameof(Multiply), x, null, y, null, destination);
    /// <summary>Elementwise x * y with a scalar <paramref name="y"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<T> Multiply<T>(NDArray<T> x, T y, NDArray<T> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, T, MultiplyOp<T>>(nameof(Multiply), x, null, null, &y, destination);
    /// <summary>Elementwise x * y with a scalar <paramref name="x"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<T> Multiply<T>(T x, NDArray<T> y, NDArray<T> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, T, MultiplyOp<T>>(nameof(Multiply), null, &x, y, null, destination);
    /// <summary>Elementwise x * y over views, written into <paramref name="destination"/>; no heap allocation unless operands overlap.</summary>
    public static void Multiply<T>(in ReadOnlyNDSpan<T> x, in ReadOnlyNDSpan<T> y, in NDSpan<T> destination) where T : unmanaged, INumber<T> => MathApi.BinarySpan<T, T, MultiplyOp<T>>(nameof(Multiply), x, y, destination);
    /// <summary>Elementwise x * y over a view and a scalar, written into <paramref name="destination"/>.</summary>
    public static void Multiply<T>(in ReadOnlyNDSpan<T> x, T y, in NDSpan<T> destination) where T : unmanaged, INumber<T> => MathApi.BinarySpan<T, T, MultiplyOp<T>>(nameof(Multiply), x, &y, destination);

    /// <summary>Elementwise x / y (integer division truncates and throws on zero, as C#), with NumPy broadcasting, into a new array.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together (the message shows both).</exception>
    /// <exception cref="ObjectDisposedException">An operand was disposed.</exception>
    public static NDArray<T> Divide<T>(NDArray<T> x, NDArray<T> y) where T : unmanaged, INumber<T> => MathApi.Binary<T, T, DivideOp<T>>(nameof(Divide), x, null, y, null);
    /// <summary>Elementwise x / y (integer division truncates and throws on zero, as C#) with a scalar <paramref name="y"/>, into a new array.</summary>
    public static NDArray<T> Divide<T>(NDArray<T> x, T y) where T : unmanaged, INumber<T> => MathApi.Binary<T, T, DivideOp<T>>(nameof(Divide), x, null, null, &y);
    /// <summary>Elementwise x / y (integer division truncates and throws on zero, as C#) with a scalar <paramref name="x"/>, into a new array.</summary>
    public static NDArray<T> Divide<T>(T x, NDArray<T> y) where T : unmanaged, INumber<T> => MathApi.Binary<T, T, DivideOp<T>>(nameof(Divide), null, &x, y, null);
    /// <summary>Elementwise x / y (integer division truncates and throws on zero, as C#) written into <paramref name="destination"/> (NumPy <c>out=</c>); any overlap with the operands is safe. Returns the destination.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together, or the destination does not have the broadcast shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Divide<T>(NDArray<T> x, NDArray<T> y, NDArray<T> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, T, DivideOp<T>>(nameof(Divide), x, null, y, null, destination);
    /// <summary>Elementwise x / y (integer division truncates and throws on zero, as C#) with a scalar <paramref name="y"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<T> Divide<T>(NDArray<T> x, T y, NDArray<T> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, T, DivideOp<T>>(nameof(Divide), x, null, null, &y, destination);
    /// <summary>Elementwise x / y (integer division truncates and throws on zero, as C#) with a scalar <paramref name="x"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<T> Divide<T>(T x, NDArray<T> y, NDArray<T> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, T, DivideOp<T>>(nameof(Divide), null, &x, y, null, destination);
    /// <summary>Elementwise x / y (integer division truncates and throws on zero, as C#) over views, written into <paramref name="destination"/>; no heap allocation unless operands overlap.</summary>
    public static void Divide<T>(in ReadOnlyNDSpan<T> x, in ReadOnlyNDSpan<T> y, in NDSpan<T> destination) where T : unmanaged, INumber<T> => MathApi.BinarySpan<T, T, DivideOp<T>>(nameof(Divide), x, y, destination);
    /// <summary>Elementwise x / y (integer division truncates and throws on zero, as C#) over a view and a scalar, written into <paramref name="destination"/>.</summary>
    public static void Divide<T>(in ReadOnlyNDSpan<T> x, T y, in NDSpan<T> destination) where T : unmanaged, INumber<T> => MathApi.BinarySpan<T, T, DivideOp<T>>(nameof(Divide), x, &y, destination);

    /// <summary>Elementwise x % y with the sign of x (C# <c>%</c>, NumPy <c>fmod</c>), with NumPy broadcasting, into a new array.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together (the message shows both).</exception>
    /// <exception cref="ObjectDisposedException">An operand was disposed.</exception>
    public static NDArray<T> Remainder<T>(NDArray<T> x, NDArray<T> y) where T : unmanaged, INumber<T> => MathApi.Binary<T, T, RemainderOp<T>>(nameof(Remainder), x, null, y, null);
    /// <summary>Elementwise x % y with the sign of x (C# <c>%</c>, NumPy <c>fmod</c>) with a scalar <paramref name="y"/>, into a new array.</summary>
    public static NDArray<T> Remainder<T>(NDArray<T> x, T y) where T : unmanaged, INumber<T> => MathApi.Binary<T, T, RemainderOp<T>>(nameof(Remainder), x, null, null, &y);
    /// <summary>Elementwise x % y with the sign of x (C# <c>%</c>, NumPy <c>fmod</c>) with a scalar <paramref name="x"/>, into a new array.</summary>
    public static NDArray<T> Remainder<T>(T x, NDArray<T> y) where T : unmanaged, INumber<T> => MathApi.Binary<T, T, RemainderOp<T>>(nameof(Remainder), null, &x, y, null);
    /// <summary>Elementwise x % y with the sign of x (C# <c>%</c>, NumPy <c>fmod</c>) written into <paramref name="destination"/> (NumPy <c>out=</c>); any overlap with the operands is safe. Returns the destination.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together, or the destination does not have the broadcast shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Remainder<T>(NDArray<T> x, NDArray<T> y, NDArray<T> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, T, RemainderOp<T>>(nameof(Remainder), x, null, y, null, destination);
    /// <summary>Elementwise x % y with the sign of x (C# <c>%</c>, NumPy <c>fmod</c>) with a scalar <paramref name="y"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<T> Remainder<T>(NDArray<T> x, T y, NDArray<T> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, T, RemainderOp<T>>(nameof(Remainder), x, null, null, &y, destination);
    /// <summary>Elementwise x % y with the sign of x (C# <c>%</c>, NumPy <c>fmod</c>) with a scalar <paramref name="x"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<T> Remainder<T>(T x, NDArray<T> y, NDArray<T> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, T, RemainderOp<T>>(nameof(Remainder), null, &x, y, null, destination);
    /// <summary>Elementwise x % y with the sign of x (C# <c>%</c>, NumPy <c>fmod</c>) over views, written into <paramref name="destination"/>; no heap allocation unless operands overlap.</summary>
    public static void Remainder<T>(in ReadOnlyNDSpan<T> x, in ReadOnlyNDSpan<T> y, in NDSpan<T> destination) where T : unmanaged, INumber<T> => MathApi.BinarySpan<T, T, RemainderOp<T>>(nameof(Remainder), x, y, destination);
    /// <summary>Elementwise x % y with the sign of x (C# <c>%</c>, NumPy <c>fmod</c>) over a view and a scalar, written into <paramref name="destination"/>.</summary>
    public static void Remainder<T>(in ReadOnlyNDSpan<T> x, T y, in NDSpan<T> destination) where T : unmanaged, INumber<T> => MathApi.BinarySpan<T, T, RemainderOp<T>>(nameof(Remainder), x, &y, destination);

    /// <summary>Elementwise x to the power y, with NumPy broadcasting, into a new array.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together (the message shows both).</exception>
    /// <exception cref="ObjectDisposedException">An operand was disposed.</exception>
    public static NDArray<T> Power<T>(NDArray<T> x, NDArray<T> y) where T : unmanaged, INumber<T> => MathApi.Binary<T, T, PowerOp<T>>(nameof(Power), x, null, y, null);
    /// <summary>Elementwise x to the power y with a scalar <paramref name="y"/>, into a new array.</summary>
    public static NDArray<T> Power<T>(NDArray<T> x, T y) where T : unmanaged, INumber<T> => MathApi.Binary<T, T, PowerOp<T>>(nameof(Power), x, null, null, &y);
    /// <summary>Elementwise x to the power y with a scalar <paramref name="x"/>, into a new array.</summary>
    public static NDArray<T> Power<T>(T x, NDArray<T> y) where T : unmanaged, INumber<T> => MathApi.Binary<T, T, PowerOp<T>>(nameof(Power), null, &x, y, null);
    /// <summary>Elementwise x to the power y written into <paramref name="destination"/> (NumPy <c>out=</c>); any overlap with the operands is safe. Returns the destination.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together, or the destination does not have the broadcast shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Power<T>(NDArray<T> x, NDArray<T> y, NDArray<T> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, T, PowerOp<T>>(nameof(Power), x, null, y, null, destination);
    /// <summary>Elementwise x to the power y with a scalar <paramref name="y"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<T> Power<T>(NDArray<T> x, T y, NDArray<T> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, T, PowerOp<T>>(nameof(Power), x, null, null, &y, destination);
    /// <summary>Elementwise x to the power y with a scalar <paramref name="x"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<T> Power<T>(T x, NDArray<T> y, NDArray<T> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, T, PowerOp<T>>(nameof(Power), null, &x, y, null, destination);
    /// <summary>Elementwise x to the power y over views, written into <paramref name="destination"/>; no heap allocation unless operands overlap.</summary>
    public static void Power<T>(in ReadOnlyNDSpan<T> x, in ReadOnlyNDSpan<T> y, in NDSpan<T> destination) where T : unmanaged, INumber<T> => MathApi.BinarySpan<T, T, PowerOp<T>>(nameof(Power), x, y, destination);
    /// <summary>Elementwise x to the power y over a view and a scalar, written into <paramref name="destination"/>.</summary>
    public static void Power<T>(in ReadOnlyNDSpan<T> x, T y, in NDSpan<T> destination) where T : unmanaged, INumber<T> => MathApi.BinarySpan<T, T, PowerOp<T>>(nameof(Power), x, &y, destination);

    /// <summary>Elementwise the smaller of x and y (NaN if either is NaN), with NumPy broadcasting, into a new array.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together (the message shows both).</exception>
    /// <exception cref="ObjectDisposedException">An operand was disposed.</exception>
    public static NDArray<T> Minimum<T>(NDArray<T> x, NDArray<T> y) where T : unmanaged, INumber<T> => MathApi.Binary<T, T, MinimumOp<T>>(nameof(Minimum), x, null, y, null);
    /// <summary>Elementwise the smaller of x and y (NaN if either is NaN) with a scalar <paramref name="y"/>, into a new array.</summary>
    public static NDArray<T> Minimum<T>(NDArray<T> x, T y) where T : unmanaged, INumber<T> => MathApi.Binary<T, T, MinimumOp<T>>(nameof(Minimum), x, null, null, &y);
    /// <summary>Elementwise the smaller of x and y (NaN if either is NaN) with a scalar <paramref name="x"/>, into a new array.</summary>
    public static NDArray<T> Minimum<T>(T x, NDArray<T> y) where T : unmanaged, INumber<T> => MathApi.Binary<T, T, MinimumOp<T>>(nameof(Minimum), null, &x, y, null);
    /// <summary>Elementwise the smaller of x and y (NaN if either is NaN) written into <paramref name="destination"/> (NumPy <c>out=</c>); any overlap with the operands is safe. Returns the destination.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together, or the destination does not have the broadcast shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Minimum<T>(NDArray<T> x, NDArray<T> y, NDArray<T> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, T, MinimumOp<T>>(nameof(Minimum), x, null, y, null, destination);
    /// <summary>Elementwise the smaller of x and y (NaN if either is NaN) with a scalar <paramref name="y"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<T> Minimum<T>(NDArray<T> x, T y, NDArray<T> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, T, MinimumOp<T>>(nameof(Minimum), x, null, null, &y, destination);
    /// <summary>Elementwise the smaller of x and y (NaN if either is NaN) with a scalar <paramref name="x"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<T> Minimum<T>(T x, NDArray<T> y, NDArray<T> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, T, MinimumOp<T>>(nameof(Minimum), null, &x, y, null, destination);
    /// <summary>Elementwise the smaller of x and y (NaN if either is NaN) over views, written into <paramref name="destination"/>; no heap allocation unless operands overlap.</summary>
    public static void Minimum<T>(in ReadOnlyNDSpan<T> x, in ReadOnlyNDSpan<T> y, in NDSpan<T> destination) where T : unmanaged, INumber<T> => MathApi.BinarySpan<T, T, MinimumOp<T>>(nameof(Minimum), x, y, destination);
    /// <summary>Elementwise the smaller of x and y (NaN if either is NaN) over a view and a scalar, written into <paramref name="destination"/>.</summary>
    public static void Minimum<T>(in ReadOnlyNDSpan<T> x, T y, in NDSpan<T> destination) where T : unmanaged, INumber<T> => MathApi.BinarySpan<T, T, MinimumOp<T>>(nameof(Minimum), x, &y, destination);

    /// <summary>Elementwise the larger of x and y (NaN if either is NaN), with NumPy broadcasting, into a new array.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together (the message shows both).</exception>
    /// <exception cref="ObjectDisposedException">An operand was disposed.</exception>
    public static NDArray<T> Maximum<T>(NDArray<T> x, NDArray<T> y) where T : unmanaged, INumber<T> => MathApi.Binary<T, T, MaximumOp<T>>(nameof(Maximum), x, null, y, null);
    /// <summary>Elementwise the larger of x and y (NaN if either is NaN) with a scalar <paramref name="y"/>, into a new array.</summary>
    public static NDArray<T> Maximum<T>(NDArray<T> x, T y) where T : unmanaged, INumber<T> => MathApi.Binary<T, T, MaximumOp<T>>(nameof(Maximum), x, null, null, &y);
    /// <summary>Elementwise the larger of x and y (NaN if either is NaN) with a scalar <paramref name="x"/>, into a new array.</summary>
    public static NDArray<T> Maximum<T>(T x, NDArray<T> y) where T : unmanaged, INumber<T> => MathApi.Binary<T, T, MaximumOp<T>>(nameof(Maximum), null, &x, y, null);
    /// <summary>Elementwise the larger of x and y (NaN if either is NaN) written into <paramref name="destination"/> (NumPy <c>out=</c>); any overlap with the operands is safe. Returns the destination.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together, or the destination does not have the broadcast shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Maximum<T>(NDArray<T> x, NDArray<T> y, NDArray<T> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, T, MaximumOp<T>>(nameof(Maximum), x, null, y, null, destination);
    /// <summary>Elementwise the larger of x and y (NaN if either is NaN) with a scalar <paramref name="y"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<T> Maximum<T>(NDArray<T> x, T y, NDArray<T> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, T, MaximumOp<T>>(nameof(Maximum), x, null, null, &y, destination);
    /// <summary>Elementwise the larger of x and y (NaN if either is NaN) with a scalar <paramref name="x"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<T> Maximum<T>(T x, NDArray<T> y, NDArray<T> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, T, MaximumOp<T>>(nameof(Maximum), null, &x, y, null, destination);
    /// <summary>Elementwise the larger of x and y (NaN if either is NaN) over views, written into <paramref name="destination"/>; no heap allocation unless operands overlap.</summary>
    public static void Maximum<T>(in ReadOnlyNDSpan<T> x, in ReadOnlyNDSpan<T> y, in NDSpan<T> destination) where T : unmanaged, INumber<T> => MathApi.BinarySpan<T, T, MaximumOp<T>>(nameof(Maximum), x, y, destination);
    /// <summary>Elementwise the larger of x and y (NaN if either is NaN) over a view and a scalar, written into <paramref name="destination"/>.</summary>
    public static void Maximum<T>(in ReadOnlyNDSpan<T> x, T y, in NDSpan<T> destination) where T : unmanaged, INumber<T> => MathApi.BinarySpan<T, T, MaximumOp<T>>(nameof(Maximum), x, &y, destination);

    /// <summary>Elementwise the angle atan2(x, y) of the point (y, x) in radians (NumPy <c>arctan2(x1, x2)</c>), with NumPy broadcasting, into a new array.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together (the message shows both).</exception>
    /// <exception cref="ObjectDisposedException">An operand was disposed.</exception>
    public static NDArray<T> Atan2<T>(NDArray<T> x, NDArray<T> y) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.Binary<T, T, Atan2Op<T>>(nameof(Atan2), x, null, y, null);
    /// <summary>Elementwise the angle atan2(x, y) of the point (y, x) in radians (NumPy <c>arctan2(x1, x2)</c>) with a scalar <paramref name="y"/>, into a new array.</summary>
    public static NDArray<T> Atan2<T>(NDArray<T> x, T y) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.Binary<T, T, Atan2Op<T>>(nameof(Atan2), x, null, null, &y);
    /// <summary>Elementwise the angle atan2(x, y) of the point (y, x) in radians (NumPy <c>arctan2(x1, x2)</c>) with a scalar <paramref name="x"/>, into a new array.</summary>
    public static NDArray<T> Atan2<T>(T x, NDArray<T> y) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.Binary<T, T, Atan2Op<T>>(nameof(Atan2), null, &x, y, null);
    /// <summary>Elementwise the angle atan2(x, y) of the point (y, x) in radians (NumPy <c>arctan2(x1, x2)</c>) written into <paramref name="destination"/> (NumPy <c>out=</c>); any overlap with the operands is safe. Returns the destination.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together, or the destination does not have the broadcast shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Atan2<T>(NDArray<T> x, NDArray<T> y, NDArray<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.BinaryInto<T, T, Atan2Op<T>>(nameof(Atan2), x, null, y, null, destination);
    /// <summary>Elementwise the angle atan2(x, y) of the point (y, x) in radians (NumPy <c>arctan2(x1, x2)</c>) with a scalar <paramref name="y"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<T> Atan2<T>(NDArray<T> x, T y, NDArray<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.BinaryInto<T, T, Atan2Op<T>>(nameof(Atan2), x, null, null, &y, destination);
    /// <summary>Elementwise the angle atan2(x, y) of the point (y, x) in radians (NumPy <c>arctan2(x1, x2)</c>) with a scalar <paramref name="x"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<T> Atan2<T>(T x, NDArray<T> y, NDArray<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.BinaryInto<T, T, Atan2Op<T>>(nameof(Atan2), null, &x, y, null, destination);
    /// <summary>Elementwise the angle atan2(x, y) of the point (y, x) in radians (NumPy <c>arctan2(x1, x2)</c>) over views, written into <paramref name="destination"/>; no heap allocation unless operands overlap.</summary>
    public static void Atan2<T>(in ReadOnlyNDSpan<T> x, in ReadOnlyNDSpan<T> y, in NDSpan<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.BinarySpan<T, T, Atan2Op<T>>(nameof(Atan2), x, y, destination);
    /// <summary>Elementwise the angle atan2(x, y) of the point (y, x) in radians (NumPy <c>arctan2(x1, x2)</c>) over a view and a scalar, written into <paramref name="destination"/>.</summary>
    public static void Atan2<T>(in ReadOnlyNDSpan<T> x, T y, in NDSpan<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.BinarySpan<T, T, Atan2Op<T>>(nameof(Atan2), x, &y, destination);

    /// <summary>Elementwise sqrt(x*x + y*y) without undue overflow, with NumPy broadcasting, into a new array.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together (the message shows both).</exception>
    /// <exception cref="ObjectDisposedException">An operand was disposed.</exception>
    public static NDArray<T> Hypot<T>(NDArray<T> x, NDArray<T> y) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.Binary<T, T, HypotOp<T>>(nameof(Hypot), x, null, y, null);
    /// <summary>Elementwise sqrt(x*x + y*y) without undue overflow with a scalar <paramref name="y"/>, into a new array.</summary>
    public static NDArray<T> Hypot<T>(NDArray<T> x, T y) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.Binary<T, T, HypotOp<T>>(nameof(Hypot), x, null, null, &y);
    /// <summary>Elementwise sqrt(x*x + y*y) without undue overflow with a scalar <paramref name="x"/>, into a new array.</summary>
    public static NDArray<T> Hypot<T>(T x, NDArray<T> y) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.Binary<T, T, HypotOp<T>>(nameof(Hypot), null, &x, y, null);
    /// <summary>Elementwise sqrt(x*x + y*y) without undue overflow written into <paramref name="destination"/> (NumPy <c>out=</c>); any overlap with the operands is safe. Returns the destination.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together, or the destination does not have the broadcast shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Hypot<T>(NDArray<T> x, NDArray<T> y, NDArray<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.BinaryInto<T, T, HypotOp<T>>(nameof(Hypot), x, null, y, null, destination);
    /// <summary>Elementwise sqrt(x*x + y*y) without undue overflow with a scalar <paramref name="y"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<T> Hypot<T>(NDArray<T> x, T y, NDArray<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.BinaryInto<T, T, HypotOp<T>>(nameof(Hypot), x, null, null, &y, destination);
    /// <summary>Elementwise sqrt(x*x + y*y) without undue overflow with a scalar <paramref name="x"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<T> Hypot<T>(T x, NDArray<T> y, NDArray<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.BinaryInto<T, T, HypotOp<T>>(nameof(Hypot), null, &x, y, null, destination);
    /// <summary>Elementwise sqrt(x*x + y*y) without undue overflow over views, written into <paramref name="destination"/>; no heap allocation unless operands overlap.</summary>
    public static void Hypot<T>(in ReadOnlyNDSpan<T> x, in ReadOnlyNDSpan<T> y, in NDSpan<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.BinarySpan<T, T, HypotOp<T>>(nameof(Hypot), x, y, destination);
    /// <summary>Elementwise sqrt(x*x + y*y) without undue overflow over a view and a scalar, written into <paramref name="destination"/>.</summary>
    public static void Hypot<T>(in ReadOnlyNDSpan<T> x, T y, in NDSpan<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.BinarySpan<T, T, HypotOp<T>>(nameof(Hypot), x, &y, destination);

    /// <summary>Elementwise x &amp; y, with NumPy broadcasting, into a new array.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together (the message shows both).</exception>
    /// <exception cref="ObjectDisposedException">An operand was disposed.</exception>
    public static NDArray<T> BitwiseAnd<T>(NDArray<T> x, NDArray<T> y) where T : unmanaged, IBinaryInteger<T> => MathApi.Binary<T, T, BitwiseAndOp<T>>(nameof(BitwiseAnd), x, null, y, null);
    /// <summary>Elementwise x &amp; y with a scalar <paramref name="y"/>, into a new array.</summary>
    public static NDArray<T> BitwiseAnd<T>(NDArray<T> x, T y) where T : unmanaged, IBinaryInteger<T> => MathApi.Binary<T, T, BitwiseAndOp<T>>(nameof(BitwiseAnd), x, null, null, &y);
    /// <summary>Elementwise x &amp; y with a scalar <paramref name="x"/>, into a new array.</summary>
    public static NDArray<T> BitwiseAnd<T>(T x, NDArray<T> y) where T : unmanaged, IBinaryInteger<T> => MathApi.Binary<T, T, BitwiseAndOp<T>>(nameof(BitwiseAnd), null, &x, y, null);
    /// <summary>Elementwise x &amp; y written into <paramref name="destination"/> (NumPy <c>out=</c>); any overlap with the operands is safe. Returns the destination.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together, or the destination does not have the broadcast shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> BitwiseAnd<T>(NDArray<T> x, NDArray<T> y, NDArray<T> destination) where T : unmanaged, IBinaryInteger<T> => MathApi.BinaryInto<T, T, BitwiseAndOp<T>>(nameof(BitwiseAnd), x, null, y, null, destination);
    /// <summary>Elementwise x &amp; y with a scalar <paramref name="y"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<T> BitwiseAnd<T>(NDArray<T> x, T y, NDArray<T> destination) where T : unmanaged, IBinaryInteger<T> => MathApi.BinaryInto<T, T, BitwiseAndOp<T>>(nameof(BitwiseAnd), x, null, null, &y, destination);
    /// <summary>Elementwise x &amp; y with a scalar <paramref name="x"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<T> BitwiseAnd<T>(T x, NDArray<T> y, NDArray<T> destination) where T : unmanaged, IBinaryInteger<T> => MathApi.BinaryInto<T, T, BitwiseAndOp<T>>(nameof(BitwiseAnd), null, &x, y, null, destination);
    /// <summary>Elementwise x &amp; y over views, written into <paramref name="destination"/>; no heap allocation unless operands overlap.</summary>
    public static void BitwiseAnd<T>(in ReadOnlyNDSpan<T> x, in ReadOnlyNDSpan<T> y, in NDSpan<T> destination) where T : unmanaged, IBinaryInteger<T> => MathApi.BinarySpan<T, T, BitwiseAndOp<T>>(nameof(BitwiseAnd), x, y, destination);
    /// <summary>Elementwise x &amp; y over a view and a scalar, written into <paramref name="destination"/>.</summary>
    public static void BitwiseAnd<T>(in ReadOnlyNDSpan<T> x, T y, in NDSpan<T> destination) where T : unmanaged, IBinaryInteger<T> => MathApi.BinarySpan<T, T, BitwiseAndOp<T>>(nameof(BitwiseAnd), x, &y, destination);

    /// <summary>Elementwise x | y, with NumPy broadcasting, into a new array.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together (the message shows both).</exception>
    /// <exception cref="ObjectDisposedException">An operand was disposed.</exception>
    public static NDArray<T> BitwiseOr<T>(NDArray<T> x, NDArray<T> y) where T : unmanaged, IBinaryInteger<T> => MathApi.Binary<T, T, BitwiseOrOp<T>>(nameof(BitwiseOr), x, null, y, null);
    /// <summary>Elementwise x | y with a scalar <paramref name="y"/>, into a new array.</summary>
    public static NDArray<T> BitwiseOr<T>(NDArray<T> x, T y) where T : unmanaged, IBinaryInteger<T> => MathApi.Binary<T, T, BitwiseOrOp<T>>(nameof(BitwiseOr), x, null, null, &y);
    /// <summary>Elementwise x | y with a scalar <paramref name="x"/>, into a new array.</summary>
    public static NDArray<T> BitwiseOr<T>(T x, NDArray<T> y) where T : unmanaged, IBinaryInteger<T> => MathApi.Binary<T, T, BitwiseOrOp<T>>(nameof(BitwiseOr), null, &x, y, null);
    /// <summary>Elementwise x | y written into <paramref name="destination"/> (NumPy <c>out=</c>); any overlap with the operands is safe. Returns the destination.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together, or the destination does not have the broadcast shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> BitwiseOr<T>(NDArray<T> x, NDArray<T> y, NDArray<T> destination) where T : unmanaged, IBinaryInteger<T> => MathApi.BinaryInto<T, T, BitwiseOrOp<T>>(nameof(BitwiseOr), x, null, y, null, destination);
    /// <summary>Elementwise x | y with a scalar <paramref name="y"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<T> BitwiseOr<T>(NDArray<T> x, T y, NDArray<T> destination) where T : unmanaged, IBinaryInteger<T> => MathApi.BinaryInto<T, T, BitwiseOrOp<T>>(nameof(BitwiseOr), x, null, null, &y, destination);
    /// <summary>Elementwise x | y with a scalar <paramref name="x"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<T> BitwiseOr<T>(T x, NDArray<T> y, NDArray<T> destination) where T : unmanaged, IBinaryInteger<T> => MathApi.BinaryInto<T, T, BitwiseOrOp<T>>(nameof(BitwiseOr), null, &x, y, null, destination);
    /// <summary>Elementwise x | y over views, written into <paramref name="destination"/>; no heap allocation unless operands overlap.</summary>
    public static void BitwiseOr<T>(in ReadOnlyNDSpan<T> x, in ReadOnlyNDSpan<T> y, in NDSpan<T> destination) where T : unmanaged, IBinaryInteger<T> => MathApi.BinarySpan<T, T, BitwiseOrOp<T>>(nameof(BitwiseOr), x, y, destination);
    /// <summary>Elementwise x | y over a view and a scalar, written into <paramref name="destination"/>.</summary>
    public static void BitwiseOr<T>(in ReadOnlyNDSpan<T> x, T y, in NDSpan<T> destination) where T : unmanaged, IBinaryInteger<T> => MathApi.BinarySpan<T, T, BitwiseOrOp<T>>(nameof(BitwiseOr), x, &y, destination);

    /// <summary>Elementwise x ^ y, with NumPy broadcasting, into a new array.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together (the message shows both).</exception>
    /// <exception cref="ObjectDisposedException">An operand was disposed.</exception>
    public static NDArray<T> BitwiseXor<T>(NDArray<T> x, NDArray<T> y) where T : unmanaged, IBinaryInteger<T> => MathApi.Binary<T, T, BitwiseXorOp<T>>(nameof(BitwiseXor), x, null, y, null);
    /// <summary>Elementwise x ^ y with a scalar <paramref name="y"/>, into a new array.</summary>
    public static NDArray<T> BitwiseXor<T>(NDArray<T> x, T y) where T : unmanaged, IBinaryInteger<T> => MathApi.Binary<T, T, BitwiseXorOp<T>>(nameof(BitwiseXor), x, null, null, &y);
    /// <summary>Elementwise x ^ y with a scalar <paramref name="x"/>, into a new array.</summary>
    public static NDArray<T> BitwiseXor<T>(T x, NDArray<T> y) where T : unmanaged, IBinaryInteger<T> => MathApi.Binary<T, T, BitwiseXorOp<T>>(nameof(BitwiseXor), null, &x, y, null);
    /// <summary>Elementwise x ^ y written into <paramref name="destination"/> (NumPy <c>out=</c>); any overlap with the operands is safe. Returns the destination.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together, or the destination does not have the broadcast shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> BitwiseXor<T>(NDArray<T> x, NDArray<T> y, NDArray<T> destination) where T : unmanaged, IBinaryInteger<T> => MathApi.BinaryInto<T, T, BitwiseXorOp<T>>(nameof(BitwiseXor), x, null, y, null, destination);
    /// <summary>Elementwise x ^ y with a scalar <paramref name="y"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<T> BitwiseXor<T>(NDArray<T> x, T y, NDArray<T> destination) where T : unmanaged, IBinaryInteger<T> => MathApi.BinaryInto<T, T, BitwiseXorOp<T>>(nameof(BitwiseXor), x, null, null, &y, destination);
    /// <summary>Elementwise x ^ y with a scalar <paramref name="x"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<T> BitwiseXor<T>(T x, NDArray<T> y, NDArray<T> destination) where T : unmanaged, IBinaryInteger<T> => MathApi.BinaryInto<T, T, BitwiseXorOp<T>>(nameof(BitwiseXor), null, &x, y, null, destination);
    /// <summary>Elementwise x ^ y over views, written into <paramref name="destination"/>; no heap allocation unless operands overlap.</summary>
    public static void BitwiseXor<T>(in ReadOnlyNDSpan<T> x, in ReadOnlyNDSpan<T> y, in NDSpan<T> destination) where T : unmanaged, IBinaryInteger<T> => MathApi.BinarySpan<T, T, BitwiseXorOp<T>>(nameof(BitwiseXor), x, y, destination);
    /// <summary>Elementwise x ^ y over a view and a scalar, written into <paramref name="destination"/>.</summary>
    public static void BitwiseXor<T>(in ReadOnlyNDSpan<T> x, T y, in NDSpan<T> destination) where T : unmanaged, IBinaryInteger<T> => MathApi.BinarySpan<T, T, BitwiseXorOp<T>>(nameof(BitwiseXor), x, &y, destination);

    /// <summary>Elementwise x &lt;&lt; y (count masked to the bit width, as C#), with NumPy broadcasting, into a new array.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together (the message shows both).</exception>
    /// <exception cref="ObjectDisposedException">An operand was disposed.</exception>
    public static NDArray<T> LeftShift<T>(NDArray<T> x, NDArray<T> y) where T : unmanaged, IBinaryInteger<T> => MathApi.Binary<T, T, LeftShiftOp<T>>(nameof(LeftShift), x, null, y, null);
    /// <summary>Elementwise x &lt;&lt; y (count masked to the bit width, as C#) with a scalar <paramref name="y"/>, into a new array.</summary>
    public static NDArray<T> LeftShift<T>(NDArray<T> x, T y) where T : unmanaged, IBinaryInteger<T> => MathApi.Binary<T, T, LeftShiftOp<T>>(nameof(LeftShift), x, null, null, &y);
    /// <summary>Elementwise x &lt;&lt; y (count masked to the bit width, as C#) with a scalar <paramref name="x"/>, into a new array.</summary>
    public static NDArray<T> LeftShift<T>(T x, NDArray<T> y) where T : unmanaged, IBinaryInteger<T> => MathApi.Binary<T, T, LeftShiftOp<T>>(nameof(LeftShift), null, &x, y, null);
    /// <summary>Elementwise x &lt;&lt; y (count masked to the bit width, as C#) written into <paramref name="destination"/> (NumPy <c>out=</c>); any overlap with the operands is safe. Returns the destination.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together, or the destination does not have the broadcast shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> LeftShift<T>(NDArray<T> x, NDArray<T> y, NDArray<T> destination) where T : unmanaged, IBinaryInteger<T> => MathApi.BinaryInto<T, T, LeftShiftOp<T>>(nameof(LeftShift), x, null, y, null, destination);
    /// <summary>Elementwise x &lt;&lt; y (count masked to the bit width, as C#) with a scalar <paramref name="y"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<T> LeftShift<T>(NDArray<T> x, T y, NDArray<T> destination) where T : unmanaged, IBinaryInteger<T> => MathApi.BinaryInto<T, T, LeftShiftOp<T>>(nameof(LeftShift), x, null, null, &y, destination);
    /// <summary>Elementwise x &lt;&lt; y (count masked to the bit width, as C#) with a scalar <paramref name="x"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<T> LeftShift<T>(T x, NDArray<T> y, NDArray<T> destination) where T : unmanaged, IBinaryInteger<T> => MathApi.BinaryInto<T, T, LeftShiftOp<T>>(nameof(LeftShift), null, &x, y, null, destination);
    /// <summary>Elementwise x &lt;&lt; y (count masked to the bit width, as C#) over views, written into <paramref name="destination"/>; no heap allocation unless operands overlap.</summary>
    public static void LeftShift<T>(in ReadOnlyNDSpan<T> x, in ReadOnlyNDSpan<T> y, in NDSpan<T> destination) where T : unmanaged, IBinaryInteger<T> => MathApi.BinarySpan<T, T, LeftShiftOp<T>>(nameof(LeftShift), x, y, destination);
    /// <summary>Elementwise x &lt;&lt; y (count masked to the bit width, as C#) over a view and a scalar, written into <paramref name="destination"/>.</summary>
    public static void LeftShift<T>(in ReadOnlyNDSpan<T> x, T y, in NDSpan<T> destination) where T : unmanaged, IBinaryInteger<T> => MathApi.BinarySpan<T, T, LeftShiftOp<T>>(nameof(LeftShift), x, &y, destination);

    /// <summary>Elementwise x &gt;&gt; y (arithmetic for signed types; count masked as C#), with NumPy broadcasting, into a new array.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together (the message shows both).</exception>
    /// <exception cref="ObjectDisposedException">An operand was disposed.</exception>
    public static NDArray<T> RightShift<T>(NDArray<T> x, NDArray<T> y) where T : unmanaged, IBinaryInteger<T> => MathApi.Binary<T, T, RightShiftOp<T>>(nameof(RightShift), x, null, y, null);
    /// <summary>Elementwise x &gt;&gt; y (arithmetic for signed types; count masked as C#) with a scalar <paramref name="y"/>, into a new array.</summary>
    public static NDArray<T> RightShift<T>(NDArray<T> x, T y) where T : unmanaged, IBinaryInteger<T> => MathApi.Binary<T, T, RightShiftOp<T>>(nameof(RightShift), x, null, null, &y);
    /// <summary>Elementwise x &gt;&gt; y (arithmetic for signed types; count masked as C#) with a scalar <paramref name="x"/>, into a new array.</summary>
    public static NDArray<T> RightShift<T>(T x, NDArray<T> y) where T : unmanaged, IBinaryInteger<T> => MathApi.Binary<T, T, RightShiftOp<T>>(nameof(RightShift), null, &x, y, null);
    /// <summary>Elementwise x &gt;&gt; y (arithmetic for signed types; count masked as C#) written into <paramref name="destination"/> (NumPy <c>out=</c>); any overlap with the operands is safe. Returns the destination.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together, or the destination does not have the broadcast shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> RightShift<T>(NDArray<T> x, NDArray<T> y, NDArray<T> destination) where T : unmanaged, IBinaryInteger<T> => MathApi.BinaryInto<T, T, RightShiftOp<T>>(nameof(RightShift), x, null, y, null, destination);
    /// <summary>Elementwise x &gt;&gt; y (arithmetic for signed types; count masked as C#) with a scalar <paramref name="y"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<T> RightShift<T>(NDArray<T> x, T y, NDArray<T> destination) where T : unmanaged, IBinaryInteger<T> => MathApi.BinaryInto<T, T, RightShiftOp<T>>(nameof(RightShift), x, null, null, &y, destination);
    /// <summary>Elementwise x &gt;&gt; y (arithmetic for signed types; count masked as C#) with a scalar <paramref name="x"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<T> RightShift<T>(T x, NDArray<T> y, NDArray<T> destination) where T : unmanaged, IBinaryInteger<T> => MathApi.BinaryInto<T, T, RightShiftOp<T>>(nameof(RightShift), null, &x, y, null, destination);
    /// <summary>Elementwise x &gt;&gt; y (arithmetic for signed types; count masked as C#) over views, written into <paramref name="destination"/>; no heap allocation unless operands overlap.</summary>
    public static void RightShift<T>(in ReadOnlyNDSpan<T> x, in ReadOnlyNDSpan<T> y, in NDSpan<T> destination) where T : unmanaged, IBinaryInteger<T> => MathApi.BinarySpan<T, T, RightShiftOp<T>>(nameof(RightShift), x, y, destination);
    /// <summary>Elementwise x &gt;&gt; y (arithmetic for signed types; count masked as C#) over a view and a scalar, written into <paramref name="destination"/>.</summary>
    public static void RightShift<T>(in ReadOnlyNDSpan<T> x, T y, in NDSpan<T> destination) where T : unmanaged, IBinaryInteger<T> => MathApi.BinarySpan<T, T, RightShiftOp<T>>(nameof(RightShift), x, &y, destination);

    /// <summary>Elementwise x == y, with NumPy broadcasting, into a new array.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together (the message shows both).</exception>
    /// <exception cref="ObjectDisposedException">An operand was disposed.</exception>
    public static NDArray<bool> Equal<T>(NDArray<T> x, NDArray<T> y) where T : unmanaged, INumber<T> => MathApi.Binary<T, bool, EqualOp<T>>(nameof(Equal), x, null, y, null);
    /// <summary>Elementwise x == y with a scalar <paramref name="y"/>, into a new array.</summary>
    public static NDArray<bool> Equal<T>(NDArray<T> x, T y) where T : unmanaged, INumber<T> => MathApi.Binary<T, bool, EqualOp<T>>(nameof(Equal), x, null, null, &y);
    /// <summary>Elementwise x == y with a scalar <paramref name="x"/>, into a new array.</summary>
    public static NDArray<bool> Equal<T>(T x, NDArray<T> y) where T : unmanaged, INumber<T> => MathApi.Binary<T, bool, EqualOp<T>>(nameof(Equal), null, &x, y, null);
    /// <summary>Elementwise x == y written into <paramref name="destination"/> (NumPy <c>out=</c>); any overlap with the operands is safe. Returns the destination.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together, or the destination does not have the broadcast shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<bool> Equal<T>(NDArray<T> x, NDArray<T> y, NDArray<bool> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, bool, EqualOp<T>>(nameof(Equal), x, null, y, null, destination);
    /// <summary>Elementwise x == y with a scalar <paramref name="y"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<bool> Equal<T>(NDArray<T> x, T y, NDArray<bool> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, bool, EqualOp<T>>(nameof(Equal), x, null, null, &y, destination);
    /// <summary>Elementwise x == y with a scalar <paramref name="x"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<bool> Equal<T>(T x, NDArray<T> y, NDArray<bool> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, bool, EqualOp<T>>(nameof(Equal), null, &x, y, null, destination);
    /// <summary>Elementwise x == y over views, written into <paramref name="destination"/>; no heap allocation unless operands overlap.</summary>
    public static void Equal<T>(in ReadOnlyNDSpan<T> x, in ReadOnlyNDSpan<T> y, in NDSpan<bool> destination) where T : unmanaged, INumber<T> => MathApi.BinarySpan<T, bool, EqualOp<T>>(nameof(Equal), x, y, destination);
    /// <summary>Elementwise x == y over a view and a scalar, written into <paramref name="destination"/>.</summary>
    public static void Equal<T>(in ReadOnlyNDSpan<T> x, T y, in NDSpan<bool> destination) where T : unmanaged, INumber<T> => MathApi.BinarySpan<T, bool, EqualOp<T>>(nameof(Equal), x, &y, destination);

    /// <summary>Elementwise x != y (true where either is NaN), with NumPy broadcasting, into a new array.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together (the message shows both).</exception>
    /// <exception cref="ObjectDisposedException">An operand was disposed.</exception>
    public static NDArray<bool> NotEqual<T>(NDArray<T> x, NDArray<T> y) where T : unmanaged, INumber<T> => MathApi.Binary<T, bool, NotEqualOp<T>>(nameof(NotEqual), x, null, y, null);
    /// <summary>Elementwise x != y (true where either is NaN) with a scalar <paramref name="y"/>, into a new array.</summary>
    public static NDArray<bool> NotEqual<T>(NDArray<T> x, T y) where T : unmanaged, INumber<T> => MathApi.Binary<T, bool, NotEqualOp<T>>(nameof(NotEqual), x, null, null, &y);
    /// <summary>Elementwise x != y (true where either is NaN) with a scalar <paramref name="x"/>, into a new array.</summary>
    public static NDArray<bool> NotEqual<T>(T x, NDArray<T> y) where T : unmanaged, INumber<T> => MathApi.Binary<T, bool, NotEqualOp<T>>(nameof(NotEqual), null, &x, y, null);
    /// <summary>Elementwise x != y (true where either is NaN) written into <paramref name="destination"/> (NumPy <c>out=</c>); any overlap with the operands is safe. Returns the destination.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together, or the destination does not have the broadcast shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<bool> NotEqual<T>(NDArray<T> x, NDArray<T> y, NDArray<bool> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, bool, NotEqualOp<T>>(nameof(NotEqual), x, null, y, null, destination);
    /// <summary>Elementwise x != y (true where either is NaN) with a scalar <paramref name="y"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<bool> NotEqual<T>(NDArray<T> x, T y, NDArray<bool> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, bool, NotEqualOp<T>>(nameof(NotEqual), x, null, null, &y, destination);
    /// <summary>Elementwise x != y (true where either is NaN) with a scalar <paramref name="x"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<bool> NotEqual<T>(T x, NDArray<T> y, NDArray<bool> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, bool, NotEqualOp<T>>(nameof(NotEqual), null, &x, y, null, destination);
    /// <summary>Elementwise x != y (true where either is NaN) over views, written into <paramref name="destination"/>; no heap allocation unless operands overlap.</summary>
    public static void NotEqual<T>(in ReadOnlyNDSpan<T> x, in ReadOnlyNDSpan<T> y, in NDSpan<bool> destination) where T : unmanaged, INumber<T> => MathApi.BinarySpan<T, bool, NotEqualOp<T>>(nameof(NotEqual), x, y, destination);
    /// <summary>Elementwise x != y (true where either is NaN) over a view and a scalar, written into <paramref name="destination"/>.</summary>
    public static void NotEqual<T>(in ReadOnlyNDSpan<T> x, T y, in NDSpan<bool> destination) where T : unmanaged, INumber<T> => MathApi.BinarySpan<T, bool, NotEqualOp<T>>(nameof(NotEqual), x, &y, destination);

    /// <summary>Elementwise x &lt; y, with NumPy broadcasting, into a new array.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together (the message shows both).</exception>
    /// <exception cref="ObjectDisposedException">An operand was disposed.</exception>
    public static NDArray<bool> Less<T>(NDArray<T> x, NDArray<T> y) where T : unmanaged, INumber<T> => MathApi.Binary<T, bool, LessOp<T>>(nameof(Less), x, null, y, null);
    /// <summary>Elementwise x &lt; y with a scalar <paramref name="y"/>, into a new array.</summary>
    public static NDArray<bool> Less<T>(NDArray<T> x, T y) where T : unmanaged, INumber<T> => MathApi.Binary<T, bool, LessOp<T>>(nameof(Less), x, null, null, &y);
    /// <summary>Elementwise x &lt; y with a scalar <paramref name="x"/>, into a new array.</summary>
    public static NDArray<bool> Less<T>(T x, NDArray<T> y) where T : unmanaged, INumber<T> => MathApi.Binary<T, bool, LessOp<T>>(nameof(Less), null, &x, y, null);
    /// <summary>Elementwise x &lt; y written into <paramref name="destination"/> (NumPy <c>out=</c>); any overlap with the operands is safe. Returns the destination.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together, or the destination does not have the broadcast shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<bool> Less<T>(NDArray<T> x, NDArray<T> y, NDArray<bool> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, bool, LessOp<T>>(nameof(Less), x, null, y, null, destination);
    /// <summary>Elementwise x &lt; y with a scalar <paramref name="y"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<bool> Less<T>(NDArray<T> x, T y, NDArray<bool> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, bool, LessOp<T>>(nameof(Less), x, null, null, &y, destination);
    /// <summary>Elementwise x &lt; y with a scalar <paramref name="x"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<bool> Less<T>(T x, NDArray<T> y, NDArray<bool> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, bool, LessOp<T>>(nameof(Less), null, &x, y, null, destination);
    /// <summary>Elementwise x &lt; y over views, written into <paramref name="destination"/>; no heap allocation unless operands overlap.</summary>
    public static void Less<T>(in ReadOnlyNDSpan<T> x, in ReadOnlyNDSpan<T> y, in NDSpan<bool> destination) where T : unmanaged, INumber<T> => MathApi.BinarySpan<T, bool, LessOp<T>>(nameof(Less), x, y, destination);
    /// <summary>Elementwise x &lt; y over a view and a scalar, written into <paramref name="destination"/>.</summary>
    public static void Less<T>(in ReadOnlyNDSpan<T> x, T y, in NDSpan<bool> destination) where T : unmanaged, INumber<T> => MathApi.BinarySpan<T, bool, LessOp<T>>(nameof(Less), x, &y, destination);

    /// <summary>Elementwise x &lt;= y, with NumPy broadcasting, into a new array.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together (the message shows both).</exception>
    /// <exception cref="ObjectDisposedException">An operand was disposed.</exception>
    public static NDArray<bool> LessEqual<T>(NDArray<T> x, NDArray<T> y) where T : unmanaged, INumber<T> => MathApi.Binary<T, bool, LessEqualOp<T>>(nameof(LessEqual), x, null, y, null);
    /// <summary>Elementwise x &lt;= y with a scalar <paramref name="y"/>, into a new array.</summary>
    public static NDArray<bool> LessEqual<T>(NDArray<T> x, T y) where T : unmanaged, INumber<T> => MathApi.Binary<T, bool, LessEqualOp<T>>(nameof(LessEqual), x, null, null, &y);
    /// <summary>Elementwise x &lt;= y with a scalar <paramref name="x"/>, into a new array.</summary>
    public static NDArray<bool> LessEqual<T>(T x, NDArray<T> y) where T : unmanaged, INumber<T> => MathApi.Binary<T, bool, LessEqualOp<T>>(nameof(LessEqual), null, &x, y, null);
    /// <summary>Elementwise x &lt;= y written into <paramref name="destination"/> (NumPy <c>out=</c>); any overlap with the operands is safe. Returns the destination.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together, or the destination does not have the broadcast shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<bool> LessEqual<T>(NDArray<T> x, NDArray<T> y, NDArray<bool> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, bool, LessEqualOp<T>>(nameof(LessEqual), x, null, y, null, destination);
    /// <summary>Elementwise x &lt;= y with a scalar <paramref name="y"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<bool> LessEqual<T>(NDArray<T> x, T y, NDArray<bool> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, bool, LessEqualOp<T>>(nameof(LessEqual), x, null, null, &y, destination);
    /// <summary>Elementwise x &lt;= y with a scalar <paramref name="x"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<bool> LessEqual<T>(T x, NDArray<T> y, NDArray<bool> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, bool, LessEqualOp<T>>(nameof(LessEqual), null, &x, y, null, destination);
    /// <summary>Elementwise x &lt;= y over views, written into <paramref name="destination"/>; no heap allocation unless operands overlap.</summary>
    public static void LessEqual<T>(in ReadOnlyNDSpan<T> x, in ReadOnlyNDSpan<T> y, in NDSpan<bool> destination) where T : unmanaged, INumber<T> => MathApi.BinarySpan<T, bool, LessEqualOp<T>>(nameof(LessEqual), x, y, destination);
    /// <summary>Elementwise x &lt;= y over a view and a scalar, written into <paramref name="destination"/>.</summary>
    public static void LessEqual<T>(in ReadOnlyNDSpan<T> x, T y, in NDSpan<bool> destination) where T : unmanaged, INumber<T> => MathApi.BinarySpan<T, bool, LessEqualOp<T>>(nameof(LessEqual), x, &y, destination);

    /// <summary>Elementwise x &gt; y, with NumPy broadcasting, into a new array.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together (the message shows both).</exception>
    /// <exception cref="ObjectDisposedException">An operand was disposed.</exception>
    public static NDArray<bool> Greater<T>(NDArray<T> x, NDArray<T> y) where T : unmanaged, INumber<T> => MathApi.Binary<T, bool, GreaterOp<T>>(nameof(Greater), x, null, y, null);
    /// <summary>Elementwise x &gt; y with a scalar <paramref name="y"/>, into a new array.</summary>
    public static NDArray<bool> Greater<T>(NDArray<T> x, T y) where T : unmanaged, INumber<T> => MathApi.Binary<T, bool, GreaterOp<T>>(nameof(Greater), x, null, null, &y);
    /// <summary>Elementwise x &gt; y with a scalar <paramref name="x"/>, into a new array.</summary>
    public static NDArray<bool> Greater<T>(T x, NDArray<T> y) where T : unmanaged, INumber<T> => MathApi.Binary<T, bool, GreaterOp<T>>(nameof(Greater), null, &x, y, null);
    /// <summary>Elementwise x &gt; y written into <paramref name="destination"/> (NumPy <c>out=</c>); any overlap with the operands is safe. Returns the destination.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together, or the destination does not have the broadcast shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<bool> Greater<T>(NDArray<T> x, NDArray<T> y, NDArray<bool> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, bool, GreaterOp<T>>(nameof(Greater), x, null, y, null, destination);
    /// <summary>Elementwise x &gt; y with a scalar <paramref name="y"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<bool> Greater<T>(NDArray<T> x, T y, NDArray<bool> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, bool, GreaterOp<T>>(nameof(Greater), x, null, null, &y, destination);
    /// <summary>Elementwise x &gt; y with a scalar <paramref name="x"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<bool> Greater<T>(T x, NDArray<T> y, NDArray<bool> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, bool, GreaterOp<T>>(nameof(Greater), null, &x, y, null, destination);
    /// <summary>Elementwise x &gt; y over views, written into <paramref name="destination"/>; no heap allocation unless operands overlap.</summary>
    public static void Greater<T>(in ReadOnlyNDSpan<T> x, in ReadOnlyNDSpan<T> y, in NDSpan<bool> destination) where T : unmanaged, INumber<T> => MathApi.BinarySpan<T, bool, GreaterOp<T>>(nameof(Greater), x, y, destination);
    /// <summary>Elementwise x &gt; y over a view and a scalar, written into <paramref name="destination"/>.</summary>
    public static void Greater<T>(in ReadOnlyNDSpan<T> x, T y, in NDSpan<bool> destination) where T : unmanaged, INumber<T> => MathApi.BinarySpan<T, bool, GreaterOp<T>>(nameof(Greater), x, &y, destination);

    /// <summary>Elementwise x &gt;= y, with NumPy broadcasting, into a new array.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together (the message shows both).</exception>
    /// <exception cref="ObjectDisposedException">An operand was disposed.</exception>
    public static NDArray<bool> GreaterEqual<T>(NDArray<T> x, NDArray<T> y) where T : unmanaged, INumber<T> => MathApi.Binary<T, bool, GreaterEqualOp<T>>(nameof(GreaterEqual), x, null, y, null);
    /// <summary>Elementwise x &gt;= y with a scalar <paramref name="y"/>, into a new array.</summary>
    public static NDArray<bool> GreaterEqual<T>(NDArray<T> x, T y) where T : unmanaged, INumber<T> => MathApi.Binary<T, bool, GreaterEqualOp<T>>(nameof(GreaterEqual), x, null, null, &y);
    /// <summary>Elementwise x &gt;= y with a scalar <paramref name="x"/>, into a new array.</summary>
    public static NDArray<bool> GreaterEqual<T>(T x, NDArray<T> y) where T : unmanaged, INumber<T> => MathApi.Binary<T, bool, GreaterEqualOp<T>>(nameof(GreaterEqual), null, &x, y, null);
    /// <summary>Elementwise x &gt;= y written into <paramref name="destination"/> (NumPy <c>out=</c>); any overlap with the operands is safe. Returns the destination.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together, or the destination does not have the broadcast shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<bool> GreaterEqual<T>(NDArray<T> x, NDArray<T> y, NDArray<bool> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, bool, GreaterEqualOp<T>>(nameof(GreaterEqual), x, null, y, null, destination);
    /// <summary>Elementwise x &gt;= y with a scalar <paramref name="y"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<bool> GreaterEqual<T>(NDArray<T> x, T y, NDArray<bool> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, bool, GreaterEqualOp<T>>(nameof(GreaterEqual), x, null, null, &y, destination);
    /// <summary>Elementwise x &gt;= y with a scalar <paramref name="x"/>, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<bool> GreaterEqual<T>(T x, NDArray<T> y, NDArray<bool> destination) where T : unmanaged, INumber<T> => MathApi.BinaryInto<T, bool, GreaterEqualOp<T>>(nameof(GreaterEqual), null, &x, y, null, destination);
    /// <summary>Elementwise x &gt;= y over views, written into <paramref name="destination"/>; no heap allocation unless operands overlap.</summary>
    public static void GreaterEqual<T>(in ReadOnlyNDSpan<T> x, in ReadOnlyNDSpan<T> y, in NDSpan<bool> destination) where T : unmanaged, INumber<T> => MathApi.BinarySpan<T, bool, GreaterEqualOp<T>>(nameof(GreaterEqual), x, y, destination);
    /// <summary>Elementwise x &gt;= y over a view and a scalar, written into <paramref name="destination"/>.</summary>
    public static void GreaterEqual<T>(in ReadOnlyNDSpan<T> x, T y, in NDSpan<bool> destination) where T : unmanaged, INumber<T> => MathApi.BinarySpan<T, bool, GreaterEqualOp<T>>(nameof(GreaterEqual), x, &y, destination);

    /// <summary>Elementwise -x (integers wrap), into a new array.</summary>
    /// <exception cref="ObjectDisposedException">The operand was disposed.</exception>
    public static NDArray<T> Negate<T>(NDArray<T> x) where T : unmanaged, INumber<T> => MathApi.Unary<T, T, NegateOp<T>>(nameof(Negate), x);
    /// <summary>Elementwise -x (integers wrap), written into <paramref name="destination"/> (any overlap is safe). Returns the destination.</summary>
    /// <exception cref="ArgumentException">The destination does not have the operand's (broadcast) shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Negate<T>(NDArray<T> x, NDArray<T> destination) where T : unmanaged, INumber<T> => MathApi.UnaryInto<T, T, NegateOp<T>>(nameof(Negate), x, destination);
    /// <summary>Elementwise -x (integers wrap) over a view, written into <paramref name="destination"/>.</summary>
    public static void Negate<T>(in ReadOnlyNDSpan<T> x, in NDSpan<T> destination) where T : unmanaged, INumber<T> => MathApi.UnarySpan<T, T, NegateOp<T>>(nameof(Negate), x, destination);

    /// <summary>Elementwise |x| (the most negative integer stays itself), into a new array.</summary>
    /// <exception cref="ObjectDisposedException">The operand was disposed.</exception>
    public static NDArray<T> Abs<T>(NDArray<T> x) where T : unmanaged, INumber<T> => MathApi.Unary<T, T, AbsOp<T>>(nameof(Abs), x);
    /// <summary>Elementwise |x| (the most negative integer stays itself), written into <paramref name="destination"/> (any overlap is safe). Returns the destination.</summary>
    /// <exception cref="ArgumentException">The destination does not have the operand's (broadcast) shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Abs<T>(NDArray<T> x, NDArray<T> destination) where T : unmanaged, INumber<T> => MathApi.UnaryInto<T, T, AbsOp<T>>(nameof(Abs), x, destination);
    /// <summary>Elementwise |x| (the most negative integer stays itself) over a view, written into <paramref name="destination"/>.</summary>
    public static void Abs<T>(in ReadOnlyNDSpan<T> x, in NDSpan<T> destination) where T : unmanaged, INumber<T> => MathApi.UnarySpan<T, T, AbsOp<T>>(nameof(Abs), x, destination);

    /// <summary>Elementwise -1, 0 or 1 by the sign of x (zeros and NaN unchanged), into a new array.</summary>
    /// <exception cref="ObjectDisposedException">The operand was disposed.</exception>
    public static NDArray<T> Sign<T>(NDArray<T> x) where T : unmanaged, INumber<T> => MathApi.Unary<T, T, SignOp<T>>(nameof(Sign), x);
    /// <summary>Elementwise -1, 0 or 1 by the sign of x (zeros and NaN unchanged), written into <paramref name="destination"/> (any overlap is safe). Returns the destination.</summary>
    /// <exception cref="ArgumentException">The destination does not have the operand's (broadcast) shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Sign<T>(NDArray<T> x, NDArray<T> destination) where T : unmanaged, INumber<T> => MathApi.UnaryInto<T, T, SignOp<T>>(nameof(Sign), x, destination);
    /// <summary>Elementwise -1, 0 or 1 by the sign of x (zeros and NaN unchanged) over a view, written into <paramref name="destination"/>.</summary>
    public static void Sign<T>(in ReadOnlyNDSpan<T> x, in NDSpan<T> destination) where T : unmanaged, INumber<T> => MathApi.UnarySpan<T, T, SignOp<T>>(nameof(Sign), x, destination);

    /// <summary>Elementwise x * x, into a new array.</summary>
    /// <exception cref="ObjectDisposedException">The operand was disposed.</exception>
    public static NDArray<T> Square<T>(NDArray<T> x) where T : unmanaged, INumber<T> => MathApi.Unary<T, T, SquareOp<T>>(nameof(Square), x);
    /// <summary>Elementwise x * x, written into <paramref name="destination"/> (any overlap is safe). Returns the destination.</summary>
    /// <exception cref="ArgumentException">The destination does not have the operand's (broadcast) shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Square<T>(NDArray<T> x, NDArray<T> destination) where T : unmanaged, INumber<T> => MathApi.UnaryInto<T, T, SquareOp<T>>(nameof(Square), x, destination);
    /// <summary>Elementwise x * x over a view, written into <paramref name="destination"/>.</summary>
    public static void Square<T>(in ReadOnlyNDSpan<T> x, in NDSpan<T> destination) where T : unmanaged, INumber<T> => MathApi.UnarySpan<T, T, SquareOp<T>>(nameof(Square), x, destination);

    /// <summary>Elementwise the square root of x, into a new array.</summary>
    /// <exception cref="ObjectDisposedException">The operand was disposed.</exception>
    public static NDArray<T> Sqrt<T>(NDArray<T> x) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.Unary<T, T, SqrtOp<T>>(nameof(Sqrt), x);
    /// <summary>Elementwise the square root of x, written into <paramref name="destination"/> (any overlap is safe). Returns the destination.</summary>
    /// <exception cref="ArgumentException">The destination does not have the operand's (broadcast) shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Sqrt<T>(NDArray<T> x, NDArray<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnaryInto<T, T, SqrtOp<T>>(nameof(Sqrt), x, destination);
    /// <summary>Elementwise the square root of x over a view, written into <paramref name="destination"/>.</summary>
    public static void Sqrt<T>(in ReadOnlyNDSpan<T> x, in NDSpan<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnarySpan<T, T, SqrtOp<T>>(nameof(Sqrt), x, destination);

    /// <summary>Elementwise the cube root of x, into a new array.</summary>
    /// <exception cref="ObjectDisposedException">The operand was disposed.</exception>
    public static NDArray<T> Cbrt<T>(NDArray<T> x) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.Unary<T, T, CbrtOp<T>>(nameof(Cbrt), x);
    /// <summary>Elementwise the cube root of x, written into <paramref name="destination"/> (any overlap is safe). Returns the destination.</summary>
    /// <exception cref="ArgumentException">The destination does not have the operand's (broadcast) shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Cbrt<T>(NDArray<T> x, NDArray<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnaryInto<T, T, CbrtOp<T>>(nameof(Cbrt), x, destination);
    /// <summary>Elementwise the cube root of x over a view, written into <paramref name="destination"/>.</summary>
    public static void Cbrt<T>(in ReadOnlyNDSpan<T> x, in NDSpan<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnarySpan<T, T, CbrtOp<T>>(nameof(Cbrt), x, destination);

    /// <summary>Elementwise 1 / x, into a new array.</summary>
    /// <exception cref="ObjectDisposedException">The operand was disposed.</exception>
    public static NDArray<T> Reciprocal<T>(NDArray<T> x) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.Unary<T, T, ReciprocalOp<T>>(nameof(Reciprocal), x);
    /// <summary>Elementwise 1 / x, written into <paramref name="destination"/> (any overlap is safe). Returns the destination.</summary>
    /// <exception cref="ArgumentException">The destination does not have the operand's (broadcast) shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Reciprocal<T>(NDArray<T> x, NDArray<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnaryInto<T, T, ReciprocalOp<T>>(nameof(Reciprocal), x, destination);
    /// <summary>Elementwise 1 / x over a view, written into <paramref name="destination"/>.</summary>
    public static void Reciprocal<T>(in ReadOnlyNDSpan<T> x, in NDSpan<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnarySpan<T, T, ReciprocalOp<T>>(nameof(Reciprocal), x, destination);

    /// <summary>Elementwise e to the power x, into a new array.</summary>
    /// <exception cref="ObjectDisposedException">The operand was disposed.</exception>
    public static NDArray<T> Exp<T>(NDArray<T> x) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.Unary<T, T, ExpOp<T>>(nameof(Exp), x);
    /// <summary>Elementwise e to the power x, written into <paramref name="destination"/> (any overlap is safe). Returns the destination.</summary>
    /// <exception cref="ArgumentException">The destination does not have the operand's (broadcast) shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Exp<T>(NDArray<T> x, NDArray<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnaryInto<T, T, ExpOp<T>>(nameof(Exp), x, destination);
    /// <summary>Elementwise e to the power x over a view, written into <paramref name="destination"/>.</summary>
    public static void Exp<T>(in ReadOnlyNDSpan<T> x, in NDSpan<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnarySpan<T, T, ExpOp<T>>(nameof(Exp), x, destination);

    /// <summary>Elementwise 2 to the power x, into a new array.</summary>
    /// <exception cref="ObjectDisposedException">The operand was disposed.</exception>
    public static NDArray<T> Exp2<T>(NDArray<T> x) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.Unary<T, T, Exp2Op<T>>(nameof(Exp2), x);
    /// <summary>Elementwise 2 to the power x, written into <paramref name="destination"/> (any overlap is safe). Returns the destination.</summary>
    /// <exception cref="ArgumentException">The destination does not have the operand's (broadcast) shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Exp2<T>(NDArray<T> x, NDArray<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnaryInto<T, T, Exp2Op<T>>(nameof(Exp2), x, destination);
    /// <summary>Elementwise 2 to the power x over a view, written into <paramref name="destination"/>.</summary>
    public static void Exp2<T>(in ReadOnlyNDSpan<T> x, in NDSpan<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnarySpan<T, T, Exp2Op<T>>(nameof(Exp2), x, destination);

    /// <summary>Elementwise exp(x) - 1, accurate near 0, into a new array.</summary>
    /// <exception cref="ObjectDisposedException">The operand was disposed.</exception>
    public static NDArray<T> Expm1<T>(NDArray<T> x) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.Unary<T, T, Expm1Op<T>>(nameof(Expm1), x);
    /// <summary>Elementwise exp(x) - 1, accurate near 0, written into <paramref name="destination"/> (any overlap is safe). Returns the destination.</summary>
    /// <exception cref="ArgumentException">The destination does not have the operand's (broadcast) shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Expm1<T>(NDArray<T> x, NDArray<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnaryInto<T, T, Expm1Op<T>>(nameof(Expm1), x, destination);
    /// <summary>Elementwise exp(x) - 1, accurate near 0 over a view, written into <paramref name="destination"/>.</summary>
    public static void Expm1<T>(in ReadOnlyNDSpan<T> x, in NDSpan<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnarySpan<T, T, Expm1Op<T>>(nameof(Expm1), x, destination);

    /// <summary>Elementwise the natural logarithm of x, into a new array.</summary>
    /// <exception cref="ObjectDisposedException">The operand was disposed.</exception>
    public static NDArray<T> Log<T>(NDArray<T> x) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.Unary<T, T, LogOp<T>>(nameof(Log), x);
    /// <summary>Elementwise the natural logarithm of x, written into <paramref name="destination"/> (any overlap is safe). Returns the destination.</summary>
    /// <exception cref="ArgumentException">The destination does not have the operand's (broadcast) shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Log<T>(NDArray<T> x, NDArray<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnaryInto<T, T, LogOp<T>>(nameof(Log), x, destination);
    /// <summary>Elementwise the natural logarithm of x over a view, written into <paramref name="destination"/>.</summary>
    public static void Log<T>(in ReadOnlyNDSpan<T> x, in NDSpan<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnarySpan<T, T, LogOp<T>>(nameof(Log), x, destination);

    /// <summary>Elementwise the base-2 logarithm of x, into a new array.</summary>
    /// <exception cref="ObjectDisposedException">The operand was disposed.</exception>
    public static NDArray<T> Log2<T>(NDArray<T> x) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.Unary<T, T, Log2Op<T>>(nameof(Log2), x);
    /// <summary>Elementwise the base-2 logarithm of x, written into <paramref name="destination"/> (any overlap is safe). Returns the destination.</summary>
    /// <exception cref="ArgumentException">The destination does not have the operand's (broadcast) shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Log2<T>(NDArray<T> x, NDArray<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnaryInto<T, T, Log2Op<T>>(nameof(Log2), x, destination);
    /// <summary>Elementwise the base-2 logarithm of x over a view, written into <paramref name="destination"/>.</summary>
    public static void Log2<T>(in ReadOnlyNDSpan<T> x, in NDSpan<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnarySpan<T, T, Log2Op<T>>(nameof(Log2), x, destination);

    /// <summary>Elementwise the base-10 logarithm of x, into a new array.</summary>
    /// <exception cref="ObjectDisposedException">The operand was disposed.</exception>
    public static NDArray<T> Log10<T>(NDArray<T> x) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.Unary<T, T, Log10Op<T>>(nameof(Log10), x);
    /// <summary>Elementwise the base-10 logarithm of x, written into <paramref name="destination"/> (any overlap is safe). Returns the destination.</summary>
    /// <exception cref="ArgumentException">The destination does not have the operand's (broadcast) shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Log10<T>(NDArray<T> x, NDArray<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnaryInto<T, T, Log10Op<T>>(nameof(Log10), x, destination);
    /// <summary>Elementwise the base-10 logarithm of x over a view, written into <paramref name="destination"/>.</summary>
    public static void Log10<T>(in ReadOnlyNDSpan<T> x, in NDSpan<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnarySpan<T, T, Log10Op<T>>(nameof(Log10), x, destination);

    /// <summary>Elementwise log(1 + x), accurate near 0, into a new array.</summary>
    /// <exception cref="ObjectDisposedException">The operand was disposed.</exception>
    public static NDArray<T> Log1p<T>(NDArray<T> x) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.Unary<T, T, Log1pOp<T>>(nameof(Log1p), x);
    /// <summary>Elementwise log(1 + x), accurate near 0, written into <paramref name="destination"/> (any overlap is safe). Returns the destination.</summary>
    /// <exception cref="ArgumentException">The destination does not have the operand's (broadcast) shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Log1p<T>(NDArray<T> x, NDArray<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnaryInto<T, T, Log1pOp<T>>(nameof(Log1p), x, destination);
    /// <summary>Elementwise log(1 + x), accurate near 0 over a view, written into <paramref name="destination"/>.</summary>
    public static void Log1p<T>(in ReadOnlyNDSpan<T> x, in NDSpan<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnarySpan<T, T, Log1pOp<T>>(nameof(Log1p), x, destination);

    /// <summary>Elementwise the sine of x (radians), into a new array.</summary>
    /// <exception cref="ObjectDisposedException">The operand was disposed.</exception>
    public static NDArray<T> Sin<T>(NDArray<T> x) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.Unary<T, T, SinOp<T>>(nameof(Sin), x);
    /// <summary>Elementwise the sine of x (radians), written into <paramref name="destination"/> (any overlap is safe). Returns the destination.</summary>
    /// <exception cref="ArgumentException">The destination does not have the operand's (broadcast) shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Sin<T>(NDArray<T> x, NDArray<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnaryInto<T, T, SinOp<T>>(nameof(Sin), x, destination);
    /// <summary>Elementwise the sine of x (radians) over a view, written into <paramref name="destination"/>.</summary>
    public static void Sin<T>(in ReadOnlyNDSpan<T> x, in NDSpan<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnarySpan<T, T, SinOp<T>>(nameof(Sin), x, destination);

    /// <summary>Elementwise the cosine of x (radians), into a new array.</summary>
    /// <exception cref="ObjectDisposedException">The operand was disposed.</exception>
    public static NDArray<T> Cos<T>(NDArray<T> x) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.Unary<T, T, CosOp<T>>(nameof(Cos), x);
    /// <summary>Elementwise the cosine of x (radians), written into <paramref name="destination"/> (any overlap is safe). Returns the destination.</summary>
    /// <exception cref="ArgumentException">The destination does not have the operand's (broadcast) shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Cos<T>(NDArray<T> x, NDArray<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnaryInto<T, T, CosOp<T>>(nameof(Cos), x, destination);
    /// <summary>Elementwise the cosine of x (radians) over a view, written into <paramref name="destination"/>.</summary>
    public static void Cos<T>(in ReadOnlyNDSpan<T> x, in NDSpan<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnarySpan<T, T, CosOp<T>>(nameof(Cos), x, destination);

    /// <summary>Elementwise the tangent of x (radians), into a new array.</summary>
    /// <exception cref="ObjectDisposedException">The operand was disposed.</exception>
    public static NDArray<T> Tan<T>(NDArray<T> x) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.Unary<T, T, TanOp<T>>(nameof(Tan), x);
    /// <summary>Elementwise the tangent of x (radians), written into <paramref name="destination"/> (any overlap is safe). Returns the destination.</summary>
    /// <exception cref="ArgumentException">The destination does not have the operand's (broadcast) shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Tan<T>(NDArray<T> x, NDArray<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnaryInto<T, T, TanOp<T>>(nameof(Tan), x, destination);
    /// <summary>Elementwise the tangent of x (radians) over a view, written into <paramref name="destination"/>.</summary>
    public static void Tan<T>(in ReadOnlyNDSpan<T> x, in NDSpan<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnarySpan<T, T, TanOp<T>>(nameof(Tan), x, destination);

    /// <summary>Elementwise the hyperbolic tangent of x, into a new array.</summary>
    /// <exception cref="ObjectDisposedException">The operand was disposed.</exception>
    public static NDArray<T> Tanh<T>(NDArray<T> x) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.Unary<T, T, TanhOp<T>>(nameof(Tanh), x);
    /// <summary>Elementwise the hyperbolic tangent of x, written into <paramref name="destination"/> (any overlap is safe). Returns the destination.</summary>
    /// <exception cref="ArgumentException">The destination does not have the operand's (broadcast) shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Tanh<T>(NDArray<T> x, NDArray<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnaryInto<T, T, TanhOp<T>>(nameof(Tanh), x, destination);
    /// <summary>Elementwise the hyperbolic tangent of x over a view, written into <paramref name="destination"/>.</summary>
    public static void Tanh<T>(in ReadOnlyNDSpan<T> x, in NDSpan<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnarySpan<T, T, TanhOp<T>>(nameof(Tanh), x, destination);

    /// <summary>Elementwise the logistic function 1 / (1 + exp(-x)), into a new array.</summary>
    /// <exception cref="ObjectDisposedException">The operand was disposed.</exception>
    public static NDArray<T> Sigmoid<T>(NDArray<T> x) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.Unary<T, T, SigmoidOp<T>>(nameof(Sigmoid), x);
    /// <summary>Elementwise the logistic function 1 / (1 + exp(-x)), written into <paramref name="destination"/> (any overlap is safe). Returns the destination.</summary>
    /// <exception cref="ArgumentException">The destination does not have the operand's (broadcast) shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Sigmoid<T>(NDArray<T> x, NDArray<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnaryInto<T, T, SigmoidOp<T>>(nameof(Sigmoid), x, destination);
    /// <summary>Elementwise the logistic function 1 / (1 + exp(-x)) over a view, written into <paramref name="destination"/>.</summary>
    public static void Sigmoid<T>(in ReadOnlyNDSpan<T> x, in NDSpan<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnarySpan<T, T, SigmoidOp<T>>(nameof(Sigmoid), x, destination);

    /// <summary>Elementwise the largest integer not above x, into a new array.</summary>
    /// <exception cref="ObjectDisposedException">The operand was disposed.</exception>
    public static NDArray<T> Floor<T>(NDArray<T> x) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.Unary<T, T, FloorOp<T>>(nameof(Floor), x);
    /// <summary>Elementwise the largest integer not above x, written into <paramref name="destination"/> (any overlap is safe). Returns the destination.</summary>
    /// <exception cref="ArgumentException">The destination does not have the operand's (broadcast) shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Floor<T>(NDArray<T> x, NDArray<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnaryInto<T, T, FloorOp<T>>(nameof(Floor), x, destination);
    /// <summary>Elementwise the largest integer not above x over a view, written into <paramref name="destination"/>.</summary>
    public static void Floor<T>(in ReadOnlyNDSpan<T> x, in NDSpan<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnarySpan<T, T, FloorOp<T>>(nameof(Floor), x, destination);

    /// <summary>Elementwise the smallest integer not below x, into a new array.</summary>
    /// <exception cref="ObjectDisposedException">The operand was disposed.</exception>
    public static NDArray<T> Ceiling<T>(NDArray<T> x) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.Unary<T, T, CeilingOp<T>>(nameof(Ceiling), x);
    /// <summary>Elementwise the smallest integer not below x, written into <paramref name="destination"/> (any overlap is safe). Returns the destination.</summary>
    /// <exception cref="ArgumentException">The destination does not have the operand's (broadcast) shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Ceiling<T>(NDArray<T> x, NDArray<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnaryInto<T, T, CeilingOp<T>>(nameof(Ceiling), x, destination);
    /// <summary>Elementwise the smallest integer not below x over a view, written into <paramref name="destination"/>.</summary>
    public static void Ceiling<T>(in ReadOnlyNDSpan<T> x, in NDSpan<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnarySpan<T, T, CeilingOp<T>>(nameof(Ceiling), x, destination);

    /// <summary>Elementwise x rounded to the nearest integer, halves to even (as NumPy), into a new array.</summary>
    /// <exception cref="ObjectDisposedException">The operand was disposed.</exception>
    public static NDArray<T> Round<T>(NDArray<T> x) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.Unary<T, T, RoundOp<T>>(nameof(Round), x);
    /// <summary>Elementwise x rounded to the nearest integer, halves to even (as NumPy), written into <paramref name="destination"/> (any overlap is safe). Returns the destination.</summary>
    /// <exception cref="ArgumentException">The destination does not have the operand's (broadcast) shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Round<T>(NDArray<T> x, NDArray<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnaryInto<T, T, RoundOp<T>>(nameof(Round), x, destination);
    /// <summary>Elementwise x rounded to the nearest integer, halves to even (as NumPy) over a view, written into <paramref name="destination"/>.</summary>
    public static void Round<T>(in ReadOnlyNDSpan<T> x, in NDSpan<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnarySpan<T, T, RoundOp<T>>(nameof(Round), x, destination);

    /// <summary>Elementwise the integer part of x (toward zero), into a new array.</summary>
    /// <exception cref="ObjectDisposedException">The operand was disposed.</exception>
    public static NDArray<T> Truncate<T>(NDArray<T> x) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.Unary<T, T, TruncateOp<T>>(nameof(Truncate), x);
    /// <summary>Elementwise the integer part of x (toward zero), written into <paramref name="destination"/> (any overlap is safe). Returns the destination.</summary>
    /// <exception cref="ArgumentException">The destination does not have the operand's (broadcast) shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Truncate<T>(NDArray<T> x, NDArray<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnaryInto<T, T, TruncateOp<T>>(nameof(Truncate), x, destination);
    /// <summary>Elementwise the integer part of x (toward zero) over a view, written into <paramref name="destination"/>.</summary>
    public static void Truncate<T>(in ReadOnlyNDSpan<T> x, in NDSpan<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => MathApi.UnarySpan<T, T, TruncateOp<T>>(nameof(Truncate), x, destination);

    /// <summary>Elementwise the bitwise complement ~x, into a new array.</summary>
    /// <exception cref="ObjectDisposedException">The operand was disposed.</exception>
    public static NDArray<T> Invert<T>(NDArray<T> x) where T : unmanaged, IBinaryInteger<T> => MathApi.Unary<T, T, OnesComplementOp<T>>(nameof(Invert), x);
    /// <summary>Elementwise the bitwise complement ~x, written into <paramref name="destination"/> (any overlap is safe). Returns the destination.</summary>
    /// <exception cref="ArgumentException">The destination does not have the operand's (broadcast) shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> Invert<T>(NDArray<T> x, NDArray<T> destination) where T : unmanaged, IBinaryInteger<T> => MathApi.UnaryInto<T, T, OnesComplementOp<T>>(nameof(Invert), x, destination);
    /// <summary>Elementwise the bitwise complement ~x over a view, written into <paramref name="destination"/>.</summary>
    public static void Invert<T>(in ReadOnlyNDSpan<T> x, in NDSpan<T> destination) where T : unmanaged, IBinaryInteger<T> => MathApi.UnarySpan<T, T, OnesComplementOp<T>>(nameof(Invert), x, destination);

    /// <summary>Elementwise whether x is NaN, into a new array.</summary>
    /// <exception cref="ObjectDisposedException">The operand was disposed.</exception>
    public static NDArray<bool> IsNaN<T>(NDArray<T> x) where T : unmanaged, INumber<T> => MathApi.Unary<T, bool, IsNaNOp<T>>(nameof(IsNaN), x);
    /// <summary>Elementwise whether x is NaN, written into <paramref name="destination"/> (any overlap is safe). Returns the destination.</summary>
    /// <exception cref="ArgumentException">The destination does not have the operand's (broadcast) shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<bool> IsNaN<T>(NDArray<T> x, NDArray<bool> destination) where T : unmanaged, INumber<T> => MathApi.UnaryInto<T, bool, IsNaNOp<T>>(nameof(IsNaN), x, destination);
    /// <summary>Elementwise whether x is NaN over a view, written into <paramref name="destination"/>.</summary>
    public static void IsNaN<T>(in ReadOnlyNDSpan<T> x, in NDSpan<bool> destination) where T : unmanaged, INumber<T> => MathApi.UnarySpan<T, bool, IsNaNOp<T>>(nameof(IsNaN), x, destination);

    /// <summary>Elementwise whether x is finite (not NaN or infinite), into a new array.</summary>
    /// <exception cref="ObjectDisposedException">The operand was disposed.</exception>
    public static NDArray<bool> IsFinite<T>(NDArray<T> x) where T : unmanaged, INumber<T> => MathApi.Unary<T, bool, IsFiniteOp<T>>(nameof(IsFinite), x);
    /// <summary>Elementwise whether x is finite (not NaN or infinite), written into <paramref name="destination"/> (any overlap is safe). Returns the destination.</summary>
    /// <exception cref="ArgumentException">The destination does not have the operand's (broadcast) shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<bool> IsFinite<T>(NDArray<T> x, NDArray<bool> destination) where T : unmanaged, INumber<T> => MathApi.UnaryInto<T, bool, IsFiniteOp<T>>(nameof(IsFinite), x, destination);
    /// <summary>Elementwise whether x is finite (not NaN or infinite) over a view, written into <paramref name="destination"/>.</summary>
    public static void IsFinite<T>(in ReadOnlyNDSpan<T> x, in NDSpan<bool> destination) where T : unmanaged, INumber<T> => MathApi.UnarySpan<T, bool, IsFiniteOp<T>>(nameof(IsFinite), x, destination);

    extension<T>(NDArray<T> array) where T : unmanaged, INumber<T>
    {
        /// <summary>In place: array = x + y elementwise, <paramref name="other"/> broadcast to this array's shape (overlap safe).</summary>
        /// <exception cref="InvalidOperationException">This array is read-only.</exception>
        public NDArray<T> AddInPlace(NDArray<T> other) => MathApi.BinaryInto<T, T, AddOp<T>>("Add", array, null, other, null, array);
        /// <summary>In place: array = x + y elementwise with a scalar.</summary>
        public NDArray<T> AddInPlace(T other) => MathApi.BinaryInto<T, T, AddOp<T>>("Add", array, null, null, &other, array);
        /// <summary>In place: array = x - y elementwise, <paramref name="other"/> broadcast to this array's shape (overlap safe).</summary>
        /// <exception cref="InvalidOperationException">This array is read-only.</exception>
        public NDArray<T> SubtractInPlace(NDArray<T> other) => MathApi.BinaryInto<T, T, SubtractOp<T>>("Subtract", array, null, other, null, array);
        /// <summary>In place: array = x - y elementwise with a scalar.</summary>
        public NDArray<T> SubtractInPlace(T other) => MathApi.BinaryInto<T, T, SubtractOp<T>>("Subtract", array, null, null, &other, array);
        /// <summary>In place: array = x * y elementwise, <paramref name="other"/> broadcast to this array's shape (overlap safe).</summary>
        /// <exception cref="InvalidOperationException">This array is read-only.</exception>
        public NDArray<T> MultiplyInPlace(NDArray<T> other) => MathApi.BinaryInto<T, T, MultiplyOp<T>>("Multiply", array, null, other, null, array);
        /// <summary>In place: array = x * y elementwise with a scalar.</summary>
        public NDArray<T> MultiplyInPlace(T other) => MathApi.BinaryInto<T, T, MultiplyOp<T>>("Multiply", array, null, null, &other, array);
        /// <summary>In place: array = x / y elementwise, <paramref name="other"/> broadcast to this array's shape (overlap safe).</summary>
        /// <exception cref="InvalidOperationException">This array is read-only.</exception>
        public NDArray<T> DivideInPlace(NDArray<T> other) => MathApi.BinaryInto<T, T, DivideOp<T>>("Divide", array, null, other, null, array);
        /// <summary>In place: array = x / y elementwise with a scalar.</summary>
        public NDArray<T> DivideInPlace(T other) => MathApi.BinaryInto<T, T, DivideOp<T>>("Divide", array, null, null, &other, array);
        /// <summary>In place: array = x % y with the sign of x elementwise, <paramref name="other"/> broadcast to this array's shape (overlap safe).</summary>
        /// <exception cref="InvalidOperationException">This array is read-only.</exception>
        public NDArray<T> RemainderInPlace(NDArray<T> other) => MathApi.BinaryInto<T, T, RemainderOp<T>>("Remainder", array, null, other, null, array);
        /// <summary>In place: array = x % y with the sign of x elementwise with a scalar.</summary>
        public NDArray<T> RemainderInPlace(T other) => MathApi.BinaryInto<T, T, RemainderOp<T>>("Remainder", array, null, null, &other, array);
        /// <summary>In place: array = x to the power y elementwise, <paramref name="other"/> broadcast to this array's shape (overlap safe).</summary>
        /// <exception cref="InvalidOperationException">This array is read-only.</exception>
        public NDArray<T> PowerInPlace(NDArray<T> other) => MathApi.BinaryInto<T, T, PowerOp<T>>("Power", array, null, other, null, array);
        /// <summary>In place: array = x to the power y elementwise with a scalar.</summary>
        public NDArray<T> PowerInPlace(T other) => MathApi.BinaryInto<T, T, PowerOp<T>>("Power", array, null, null, &other, array);
        /// <summary>In place: array = the smaller of x and y elementwise, <paramref name="other"/> broadcast to this array's shape (overlap safe).</summary>
        /// <exception cref="InvalidOperationException">This array is read-only.</exception>
        public NDArray<T> MinimumInPlace(NDArray<T> other) => MathApi.BinaryInto<T, T, MinimumOp<T>>("Minimum", array, null, other, null, array);
        /// <summary>In place: array = the smaller of x and y elementwise with a scalar.</summary>
        public NDArray<T> MinimumInPlace(T other) => MathApi.BinaryInto<T, T, MinimumOp<T>>("Minimum", array, null, null, &other, array);
        /// <summary>In place: array = the larger of x and y elementwise, <paramref name="other"/> broadcast to this array's shape (overlap safe).</summary>
        /// <exception cref="InvalidOperationException">This array is read-only.</exception>
        public NDArray<T> MaximumInPlace(NDArray<T> other) => MathApi.BinaryInto<T, T, MaximumOp<T>>("Maximum", array, null, other, null, array);
        /// <summary>In place: array = the larger of x and y elementwise with a scalar.</summary>
        public NDArray<T> MaximumInPlace(T other) => MathApi.BinaryInto<T, T, MaximumOp<T>>("Maximum", array, null, null, &other, array);
        /// <summary>In place: each element becomes -x (integers wrap).</summary>
        public NDArray<T> NegateInPlace() => MathApi.UnaryInto<T, T, NegateOp<T>>("Negate", array, array);
        /// <summary>In place: each element becomes |x| (the most negative integer stays itself).</summary>
        public NDArray<T> AbsInPlace() => MathApi.UnaryInto<T, T, AbsOp<T>>("Abs", array, array);
        /// <summary>In place: each element becomes -1, 0 or 1 by the sign of x (zeros and NaN unchanged).</summary>
        public NDArray<T> SignInPlace() => MathApi.UnaryInto<T, T, SignOp<T>>("Sign", array, array);
        /// <summary>In place: each element becomes x * x.</summary>
        public NDArray<T> SquareInPlace() => MathApi.UnaryInto<T, T, SquareOp<T>>("Square", array, array);
        /// <summary>Elementwise x + y with broadcasting, into a new array.</summary>
        public static NDArray<T> operator +(NDArray<T> x, NDArray<T> y) => MathApi.Binary<T, T, AddOp<T>>("Add", x, null, y, null);
        /// <summary>Elementwise x + y with a scalar, into a new array.</summary>
        public static NDArray<T> operator +(NDArray<T> x, T y) => MathApi.Binary<T, T, AddOp<T>>("Add", x, null, null, &y);
        /// <summary>Elementwise x + y with a scalar, into a new array.</summary>
        public static NDArray<T> operator +(T x, NDArray<T> y) => MathApi.Binary<T, T, AddOp<T>>("Add", null, &x, y, null);
        /// <summary>Elementwise x - y with broadcasting, into a new array.</summary>
        public static NDArray<T> operator -(NDArray<T> x, NDArray<T> y) => MathApi.Binary<T, T, SubtractOp<T>>("Subtract", x, null, y, null);
        /// <summary>Elementwise x - y with a scalar, into a new array.</summary>
        public static NDArray<T> operator -(NDArray<T> x, T y) => MathApi.Binary<T, T, SubtractOp<T>>("Subtract", x, null, null, &y);
        /// <summary>Elementwise x - y with a scalar, into a new array.</summary>
        public static NDArray<T> operator -(T x, NDArray<T> y) => MathApi.Binary<T, T, SubtractOp<T>>("Subtract", null, &x, y, null);
        /// <summary>Elementwise x * y with broadcasting, into a new array.</summary>
        public static NDArray<T> operator *(NDArray<T> x, NDArray<T> y) => MathApi.Binary<T, T, MultiplyOp<T>>("Multiply", x, null, y, null);
        /// <summary>Elementwise x * y with a scalar, into a new array.</summary>
        public static NDArray<T> operator *(NDArray<T> x, T y) => MathApi.Binary<T, T, MultiplyOp<T>>("Multiply", x, null, null, &y);
        /// <summary>Elementwise x * y with a scalar, into a new array.</summary>
        public static NDArray<T> operator *(T x, NDArray<T> y) => MathApi.Binary<T, T, MultiplyOp<T>>("Multiply", null, &x, y, null);
        /// <summary>Elementwise x / y (integer division truncates and throws on zero, as C#) with broadcasting, into a new array.</summary>
        public static NDArray<T> operator /(NDArray<T> x, NDArray<T> y) => MathApi.Binary<T, T, DivideOp<T>>("Divide", x, null, y, null);
        /// <summary>Elementwise x / y (integer division truncates and throws on zero, as C#) with a scalar, into a new array.</summary>
        public static NDArray<T> operator /(NDArray<T> x, T y) => MathApi.Binary<T, T, DivideOp<T>>("Divide", x, null, null, &y);
        /// <summary>Elementwise x / y (integer division truncates and throws on zero, as C#) with a scalar, into a new array.</summary>
        public static NDArray<T> operator /(T x, NDArray<T> y) => MathApi.Binary<T, T, DivideOp<T>>("Divide", null, &x, y, null);
        /// <summary>Elementwise x % y with the sign of x (C# <c>%</c>, NumPy <c>fmod</c>) with broadcasting, into a new array.</summary>
        public static NDArray<T> operator %(NDArray<T> x, NDArray<T> y) => MathApi.Binary<T, T, RemainderOp<T>>("Remainder", x, null, y, null);
        /// <summary>Elementwise x % y with the sign of x (C# <c>%</c>, NumPy <c>fmod</c>) with a scalar, into a new array.</summary>
        public static NDArray<T> operator %(NDArray<T> x, T y) => MathApi.Binary<T, T, RemainderOp<T>>("Remainder", x, null, null, &y);
        /// <summary>Elementwise x % y with the sign of x (C# <c>%</c>, NumPy <c>fmod</c>) with a scalar, into a new array.</summary>
        public static NDArray<T> operator %(T x, NDArray<T> y) => MathApi.Binary<T, T, RemainderOp<T>>("Remainder", null, &x, y, null);
        /// <summary>Elementwise negation, into a new array.</summary>
        public static NDArray<T> operator -(NDArray<T> x) => MathApi.Unary<T, T, NegateOp<T>>("Negate", x);
    }

    extension<T>(NDSpan<T> span) where T : unmanaged, INumber<T>
    {
        /// <summary>In place over a view: span = x + y elementwise (overlap safe).</summary>
        public void AddInPlace(in ReadOnlyNDSpan<T> other) => MathApi.BinarySpanInPlace<T, AddOp<T>>("Add", span, other);
        /// <summary>In place over a view with a scalar.</summary>
        public void AddInPlace(T other) => MathApi.BinarySpanInPlace<T, AddOp<T>>("Add", span, &other);
        /// <summary>In place over a view: span = x - y elementwise (overlap safe).</summary>
        public void SubtractInPlace(in ReadOnlyNDSpan<T> other) => MathApi.BinarySpanInPlace<T, SubtractOp<T>>("Subtract", span, other);
        /// <summary>In place over a view with a scalar.</summary>
        public void SubtractInPlace(T other) => MathApi.BinarySpanInPlace<T, SubtractOp<T>>("Subtract", span, &other);
        /// <summary>In place over a view: span = x * y elementwise (overlap safe).</summary>
        public void MultiplyInPlace(in ReadOnlyNDSpan<T> other) => MathApi.BinarySpanInPlace<T, MultiplyOp<T>>("Multiply", span, other);
        /// <summary>In place over a view with a scalar.</summary>
        public void MultiplyInPlace(T other) => MathApi.BinarySpanInPlace<T, MultiplyOp<T>>("Multiply", span, &other);
        /// <summary>In place over a view: span = x / y elementwise (overlap safe).</summary>
        public void DivideInPlace(in ReadOnlyNDSpan<T> other) => MathApi.BinarySpanInPlace<T, DivideOp<T>>("Divide", span, other);
        /// <summary>In place over a view with a scalar.</summary>
        public void DivideInPlace(T other) => MathApi.BinarySpanInPlace<T, DivideOp<T>>("Divide", span, &other);
        /// <summary>In place over a view: span = x % y with the sign of x elementwise (overlap safe).</summary>
        public void RemainderInPlace(in ReadOnlyNDSpan<T> other) => MathApi.BinarySpanInPlace<T, RemainderOp<T>>("Remainder", span, other);
        /// <summary>In place over a view with a scalar.</summary>
        public void RemainderInPlace(T other) => MathApi.BinarySpanInPlace<T, RemainderOp<T>>("Remainder", span, &other);
        /// <summary>In place over a view: span = x to the power y elementwise (overlap safe).</summary>
        public void PowerInPlace(in ReadOnlyNDSpan<T> other) => MathApi.BinarySpanInPlace<T, PowerOp<T>>("Power", span, other);
        /// <summary>In place over a view with a scalar.</summary>
        public void PowerInPlace(T other) => MathApi.BinarySpanInPlace<T, PowerOp<T>>("Power", span, &other);
        /// <summary>In place over a view: span = the smaller of x and y elementwise (overlap safe).</summary>
        public void MinimumInPlace(in ReadOnlyNDSpan<T> other) => MathApi.BinarySpanInPlace<T, MinimumOp<T>>("Minimum", span, other);
        /// <summary>In place over a view with a scalar.</summary>
        public void MinimumInPlace(T other) => MathApi.BinarySpanInPlace<T, MinimumOp<T>>("Minimum", span, &other);
        /// <summary>In place over a view: span = the larger of x and y elementwise (overlap safe).</summary>
        public void MaximumInPlace(in ReadOnlyNDSpan<T> other) => MathApi.BinarySpanInPlace<T, MaximumOp<T>>("Maximum", span, other);
        /// <summary>In place over a view with a scalar.</summary>
        public void MaximumInPlace(T other) => MathApi.BinarySpanInPlace<T, MaximumOp<T>>("Maximum", span, &other);
        /// <summary>In place over a view: each element becomes -x (integers wrap).</summary>
        public void NegateInPlace() => MathApi.UnarySpanInPlace<T, NegateOp<T>>("Negate", span);
        /// <summary>In place over a view: each element becomes |x| (the most negative integer stays itself).</summary>
        public void AbsInPlace() => MathApi.UnarySpanInPlace<T, AbsOp<T>>("Abs", span);
        /// <summary>In place over a view: each element becomes -1, 0 or 1 by the sign of x (zeros and NaN unchanged).</summary>
        public void SignInPlace() => MathApi.UnarySpanInPlace<T, SignOp<T>>("Sign", span);
        /// <summary>In place over a view: each element becomes x * x.</summary>
        public void SquareInPlace() => MathApi.UnarySpanInPlace<T, SquareOp<T>>("Square", span);
    }

    extension<T>(NDArray<T> array) where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>In place: array = the angle atan2(x, y) of the point elementwise, <paramref name="other"/> broadcast to this array's shape (overlap safe).</summary>
        /// <exception cref="InvalidOperationException">This array is read-only.</exception>
        public NDArray<T> Atan2InPlace(NDArray<T> other) => MathApi.BinaryInto<T, T, Atan2Op<T>>("Atan2", array, null, other, null, array);
        /// <summary>In place: array = the angle atan2(x, y) of the point elementwise with a scalar.</summary>
        public NDArray<T> Atan2InPlace(T other) => MathApi.BinaryInto<T, T, Atan2Op<T>>("Atan2", array, null, null, &other, array);
        /// <summary>In place: array = sqrt(x*x + y*y) without undue overflow elementwise, <paramref name="other"/> broadcast to this array's shape (overlap safe).</summary>
        /// <exception cref="InvalidOperationException">This array is read-only.</exception>
        public NDArray<T> HypotInPlace(NDArray<T> other) => MathApi.BinaryInto<T, T, HypotOp<T>>("Hypot", array, null, other, null, array);
        /// <summary>In place: array = sqrt(x*x + y*y) without undue overflow elementwise with a scalar.</summary>
        public NDArray<T> HypotInPlace(T other) => MathApi.BinaryInto<T, T, HypotOp<T>>("Hypot", array, null, null, &other, array);
        /// <summary>In place: each element becomes the square root of x.</summary>
        public NDArray<T> SqrtInPlace() => MathApi.UnaryInto<T, T, SqrtOp<T>>("Sqrt", array, array);
        /// <summary>In place: each element becomes the cube root of x.</summary>
        public NDArray<T> CbrtInPlace() => MathApi.UnaryInto<T, T, CbrtOp<T>>("Cbrt", array, array);
        /// <summary>In place: each element becomes 1 / x.</summary>
        public NDArray<T> ReciprocalInPlace() => MathApi.UnaryInto<T, T, ReciprocalOp<T>>("Reciprocal", array, array);
        /// <summary>In place: each element becomes e to the power x.</summary>
        public NDArray<T> ExpInPlace() => MathApi.UnaryInto<T, T, ExpOp<T>>("Exp", array, array);
        /// <summary>In place: each element becomes 2 to the power x.</summary>
        public NDArray<T> Exp2InPlace() => MathApi.UnaryInto<T, T, Exp2Op<T>>("Exp2", array, array);
        /// <summary>In place: each element becomes exp(x) - 1, accurate near 0.</summary>
        public NDArray<T> Expm1InPlace() => MathApi.UnaryInto<T, T, Expm1Op<T>>("Expm1", array, array);
        /// <summary>In place: each element becomes the natural logarithm of x.</summary>
        public NDArray<T> LogInPlace() => MathApi.UnaryInto<T, T, LogOp<T>>("Log", array, array);
        /// <summary>In place: each element becomes the base-2 logarithm of x.</summary>
        public NDArray<T> Log2InPlace() => MathApi.UnaryInto<T, T, Log2Op<T>>("Log2", array, array);
        /// <summary>In place: each element becomes the base-10 logarithm of x.</summary>
        public NDArray<T> Log10InPlace() => MathApi.UnaryInto<T, T, Log10Op<T>>("Log10", array, array);
        /// <summary>In place: each element becomes log(1 + x), accurate near 0.</summary>
        public NDArray<T> Log1pInPlace() => MathApi.UnaryInto<T, T, Log1pOp<T>>("Log1p", array, array);
        /// <summary>In place: each element becomes the sine of x (radians).</summary>
        public NDArray<T> SinInPlace() => MathApi.UnaryInto<T, T, SinOp<T>>("Sin", array, array);
        /// <summary>In place: each element becomes the cosine of x (radians).</summary>
        public NDArray<T> CosInPlace() => MathApi.UnaryInto<T, T, CosOp<T>>("Cos", array, array);
        /// <summary>In place: each element becomes the tangent of x (radians).</summary>
        public NDArray<T> TanInPlace() => MathApi.UnaryInto<T, T, TanOp<T>>("Tan", array, array);
        /// <summary>In place: each element becomes the hyperbolic tangent of x.</summary>
        public NDArray<T> TanhInPlace() => MathApi.UnaryInto<T, T, TanhOp<T>>("Tanh", array, array);
        /// <summary>In place: each element becomes the logistic function 1 / (1 + exp(-x)).</summary>
        public NDArray<T> SigmoidInPlace() => MathApi.UnaryInto<T, T, SigmoidOp<T>>("Sigmoid", array, array);
        /// <summary>In place: each element becomes the largest integer not above x.</summary>
        public NDArray<T> FloorInPlace() => MathApi.UnaryInto<T, T, FloorOp<T>>("Floor", array, array);
        /// <summary>In place: each element becomes the smallest integer not below x.</summary>
        public NDArray<T> CeilingInPlace() => MathApi.UnaryInto<T, T, CeilingOp<T>>("Ceiling", array, array);
        /// <summary>In place: each element becomes x rounded to the nearest integer, halves to even (as NumPy).</summary>
        public NDArray<T> RoundInPlace() => MathApi.UnaryInto<T, T, RoundOp<T>>("Round", array, array);
        /// <summary>In place: each element becomes the integer part of x (toward zero).</summary>
        public NDArray<T> TruncateInPlace() => MathApi.UnaryInto<T, T, TruncateOp<T>>("Truncate", array, array);
    }

    extension<T>(NDSpan<T> span) where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>In place over a view: span = the angle atan2(x, y) of the point elementwise (overlap safe).</summary>
        public void Atan2InPlace(in ReadOnlyNDSpan<T> other) => MathApi.BinarySpanInPlace<T, Atan2Op<T>>("Atan2", span, other);
        /// <summary>In place over a view with a scalar.</summary>
        public void Atan2InPlace(T other) => MathApi.BinarySpanInPlace<T, Atan2Op<T>>("Atan2", span, &other);
        /// <summary>In place over a view: span = sqrt(x*x + y*y) without undue overflow elementwise (overlap safe).</summary>
        public void HypotInPlace(in ReadOnlyNDSpan<T> other) => MathApi.BinarySpanInPlace<T, HypotOp<T>>("Hypot", span, other);
        /// <summary>In place over a view with a scalar.</summary>
        public void HypotInPlace(T other) => MathApi.BinarySpanInPlace<T, HypotOp<T>>("Hypot", span, &other);
        /// <summary>In place over a view: each element becomes the square root of x.</summary>
        public void SqrtInPlace() => MathApi.UnarySpanInPlace<T, SqrtOp<T>>("Sqrt", span);
        /// <summary>In place over a view: each element becomes the cube root of x.</summary>
        public void CbrtInPlace() => MathApi.UnarySpanInPlace<T, CbrtOp<T>>("Cbrt", span);
        /// <summary>In place over a view: each element becomes 1 / x.</summary>
        public void ReciprocalInPlace() => MathApi.UnarySpanInPlace<T, ReciprocalOp<T>>("Reciprocal", span);
        /// <summary>In place over a view: each element becomes e to the power x.</summary>
        public void ExpInPlace() => MathApi.UnarySpanInPlace<T, ExpOp<T>>("Exp", span);
        /// <summary>In place over a view: each element becomes 2 to the power x.</summary>
        public void Exp2InPlace() => MathApi.UnarySpanInPlace<T, Exp2Op<T>>("Exp2", span);
        /// <summary>In place over a view: each element becomes exp(x) - 1, accurate near 0.</summary>
        public void Expm1InPlace() => MathApi.UnarySpanInPlace<T, Expm1Op<T>>("Expm1", span);
        /// <summary>In place over a view: each element becomes the natural logarithm of x.</summary>
        public void LogInPlace() => MathApi.UnarySpanInPlace<T, LogOp<T>>("Log", span);
        /// <summary>In place over a view: each element becomes the base-2 logarithm of x.</summary>
        public void Log2InPlace() => MathApi.UnarySpanInPlace<T, Log2Op<T>>("Log2", span);
        /// <summary>In place over a view: each element becomes the base-10 logarithm of x.</summary>
        public void Log10InPlace() => MathApi.UnarySpanInPlace<T, Log10Op<T>>("Log10", span);
        /// <summary>In place over a view: each element becomes log(1 + x), accurate near 0.</summary>
        public void Log1pInPlace() => MathApi.UnarySpanInPlace<T, Log1pOp<T>>("Log1p", span);
        /// <summary>In place over a view: each element becomes the sine of x (radians).</summary>
        public void SinInPlace() => MathApi.UnarySpanInPlace<T, SinOp<T>>("Sin", span);
        /// <summary>In place over a view: each element becomes the cosine of x (radians).</summary>
        public void CosInPlace() => MathApi.UnarySpanInPlace<T, CosOp<T>>("Cos", span);
        /// <summary>In place over a view: each element becomes the tangent of x (radians).</summary>
        public void TanInPlace() => MathApi.UnarySpanInPlace<T, TanOp<T>>("Tan", span);
        /// <summary>In place over a view: each element becomes the hyperbolic tangent of x.</summary>
        public void TanhInPlace() => MathApi.UnarySpanInPlace<T, TanhOp<T>>("Tanh", span);
        /// <summary>In place over a view: each element becomes the logistic function 1 / (1 + exp(-x)).</summary>
        public void SigmoidInPlace() => MathApi.UnarySpanInPlace<T, SigmoidOp<T>>("Sigmoid", span);
        /// <summary>In place over a view: each element becomes the largest integer not above x.</summary>
        public void FloorInPlace() => MathApi.UnarySpanInPlace<T, FloorOp<T>>("Floor", span);
        /// <summary>In place over a view: each element becomes the smallest integer not below x.</summary>
        public void CeilingInPlace() => MathApi.UnarySpanInPlace<T, CeilingOp<T>>("Ceiling", span);
        /// <summary>In place over a view: each element becomes x rounded to the nearest integer, halves to even (as NumPy).</summary>
        public void RoundInPlace() => MathApi.UnarySpanInPlace<T, RoundOp<T>>("Round", span);
        /// <summary>In place over a view: each element becomes the integer part of x (toward zero).</summary>
        public void TruncateInPlace() => MathApi.UnarySpanInPlace<T, TruncateOp<T>>("Truncate", span);
    }

    extension<T>(NDArray<T> array) where T : unmanaged, IBinaryInteger<T>
    {
        /// <summary>In place: array = x &amp; y elementwise, <paramref name="other"/> broadcast to this array's shape (overlap safe).</summary>
        /// <exception cref="InvalidOperationException">This array is read-only.</exception>
        public NDArray<T> BitwiseAndInPlace(NDArray<T> other) => MathApi.BinaryInto<T, T, BitwiseAndOp<T>>("BitwiseAnd", array, null, other, null, array);
        /// <summary>In place: array = x &amp; y elementwise with a scalar.</summary>
        public NDArray<T> BitwiseAndInPlace(T other) => MathApi.BinaryInto<T, T, BitwiseAndOp<T>>("BitwiseAnd", array, null, null, &other, array);
        /// <summary>In place: array = x | y elementwise, <paramref name="other"/> broadcast to this array's shape (overlap safe).</summary>
        /// <exception cref="InvalidOperationException">This array is read-only.</exception>
        public NDArray<T> BitwiseOrInPlace(NDArray<T> other) => MathApi.BinaryInto<T, T, BitwiseOrOp<T>>("BitwiseOr", array, null, other, null, array);
        /// <summary>In place: array = x | y elementwise with a scalar.</summary>
        public NDArray<T> BitwiseOrInPlace(T other) => MathApi.BinaryInto<T, T, BitwiseOrOp<T>>("BitwiseOr", array, null, null, &other, array);
        /// <summary>In place: array = x ^ y elementwise, <paramref name="other"/> broadcast to this array's shape (overlap safe).</summary>
        /// <exception cref="InvalidOperationException">This array is read-only.</exception>
        public NDArray<T> BitwiseXorInPlace(NDArray<T> other) => MathApi.BinaryInto<T, T, BitwiseXorOp<T>>("BitwiseXor", array, null, other, null, array);
        /// <summary>In place: array = x ^ y elementwise with a scalar.</summary>
        public NDArray<T> BitwiseXorInPlace(T other) => MathApi.BinaryInto<T, T, BitwiseXorOp<T>>("BitwiseXor", array, null, null, &other, array);
        /// <summary>In place: array = x &lt;&lt; y elementwise, <paramref name="other"/> broadcast to this array's shape (overlap safe).</summary>
        /// <exception cref="InvalidOperationException">This array is read-only.</exception>
        public NDArray<T> LeftShiftInPlace(NDArray<T> other) => MathApi.BinaryInto<T, T, LeftShiftOp<T>>("LeftShift", array, null, other, null, array);
        /// <summary>In place: array = x &lt;&lt; y elementwise with a scalar.</summary>
        public NDArray<T> LeftShiftInPlace(T other) => MathApi.BinaryInto<T, T, LeftShiftOp<T>>("LeftShift", array, null, null, &other, array);
        /// <summary>In place: array = x &gt;&gt; y elementwise, <paramref name="other"/> broadcast to this array's shape (overlap safe).</summary>
        /// <exception cref="InvalidOperationException">This array is read-only.</exception>
        public NDArray<T> RightShiftInPlace(NDArray<T> other) => MathApi.BinaryInto<T, T, RightShiftOp<T>>("RightShift", array, null, other, null, array);
        /// <summary>In place: array = x &gt;&gt; y elementwise with a scalar.</summary>
        public NDArray<T> RightShiftInPlace(T other) => MathApi.BinaryInto<T, T, RightShiftOp<T>>("RightShift", array, null, null, &other, array);
        /// <summary>In place: each element becomes the bitwise complement ~x.</summary>
        public NDArray<T> InvertInPlace() => MathApi.UnaryInto<T, T, OnesComplementOp<T>>("Invert", array, array);
    }

    extension<T>(NDSpan<T> span) where T : unmanaged, IBinaryInteger<T>
    {
        /// <summary>In place over a view: span = x &amp; y elementwise (overlap safe).</summary>
        public void BitwiseAndInPlace(in ReadOnlyNDSpan<T> other) => MathApi.BinarySpanInPlace<T, BitwiseAndOp<T>>("BitwiseAnd", span, other);
        /// <summary>In place over a view with a scalar.</summary>
        public void BitwiseAndInPlace(T other) => MathApi.BinarySpanInPlace<T, BitwiseAndOp<T>>("BitwiseAnd", span, &other);
        /// <summary>In place over a view: span = x | y elementwise (overlap safe).</summary>
        public void BitwiseOrInPlace(in ReadOnlyNDSpan<T> other) => MathApi.BinarySpanInPlace<T, BitwiseOrOp<T>>("BitwiseOr", span, other);
        /// <summary>In place over a view with a scalar.</summary>
        public void BitwiseOrInPlace(T other) => MathApi.BinarySpanInPlace<T, BitwiseOrOp<T>>("BitwiseOr", span, &other);
        /// <summary>In place over a view: span = x ^ y elementwise (overlap safe).</summary>
        public void BitwiseXorInPlace(in ReadOnlyNDSpan<T> other) => MathApi.BinarySpanInPlace<T, BitwiseXorOp<T>>("BitwiseXor", span, other);
        /// <summary>In place over a view with a scalar.</summary>
        public void BitwiseXorInPlace(T other) => MathApi.BinarySpanInPlace<T, BitwiseXorOp<T>>("BitwiseXor", span, &other);
        /// <summary>In place over a view: span = x &lt;&lt; y elementwise (overlap safe).</summary>
        public void LeftShiftInPlace(in ReadOnlyNDSpan<T> other) => MathApi.BinarySpanInPlace<T, LeftShiftOp<T>>("LeftShift", span, other);
        /// <summary>In place over a view with a scalar.</summary>
        public void LeftShiftInPlace(T other) => MathApi.BinarySpanInPlace<T, LeftShiftOp<T>>("LeftShift", span, &other);
        /// <summary>In place over a view: span = x &gt;&gt; y elementwise (overlap safe).</summary>
        public void RightShiftInPlace(in ReadOnlyNDSpan<T> other) => MathApi.BinarySpanInPlace<T, RightShiftOp<T>>("RightShift", span, other);
        /// <summary>In place over a view with a scalar.</summary>
        public void RightShiftInPlace(T other) => MathApi.BinarySpanInPlace<T, RightShiftOp<T>>("RightShift", span, &other);
        /// <summary>In place over a view: each element becomes the bitwise complement ~x.</summary>
        public void InvertInPlace() => MathApi.UnarySpanInPlace<T, OnesComplementOp<T>>("Invert", span);
    }
}
