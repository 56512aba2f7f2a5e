using System.Numerics;
using NativeArrays.Kernels;

namespace NativeArrays;

// Ternary elementwise math: fused multiply-add, clip and where, with NumPy broadcasting over all three operands.
public static unsafe partial class NDArray
{
    /// <summary>Elementwise x * y + z, fused (one rounding) for floating point, into a new array.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast together.</exception>
    public static NDArray<T> MultiplyAdd<T>(NDArray<T> x, NDArray<T> y, NDArray<T> z) where T : unmanaged, INumber<T>
        => ElementwiseForms.Ternary<T, T, MultiplyAddOp<T>>(nameof(MultiplyAdd), x, null, y, null, z, null, null);

    /// <summary>Elementwise x * y + z with scalar <paramref name="y"/> and <paramref name="z"/>, fused, into a new array.</summary>
    public static NDArray<T> MultiplyAdd<T>(NDArray<T> x, T y, T z) where T : unmanaged, INumber<T>
        => ElementwiseForms.Ternary<T, T, MultiplyAddOp<T>>(nameof(MultiplyAdd), x, null, null, &y, null, &z, null);

    /// <summary>Elementwise x * y + z, fused, written into <paramref name="destination"/> (overlap safe). Returns the destination.</summary>
    /// <exception cref="ArgumentException">The destination does not have the broadcast shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<T> MultiplyAdd<T>(NDArray<T> x, NDArray<T> y, NDArray<T> z, NDArray<T> destination) where T : unmanaged, INumber<T>
        => ElementwiseForms.Ternary<T, T, MultiplyAddOp<T>>(nameof(MultiplyAdd), x, null, y, null, z, null, destination);

    /// <summary>Elementwise x * y + z over views, fused, written into <paramref name="destination"/>.</summary>
    public static void MultiplyAdd<T>(in ReadOnlyNDSpan<T> x, in ReadOnlyNDSpan<T> y, in ReadOnlyNDSpan<T> z, in NDSpan<T> destination) where T : unmanaged, INumber<T>
    {
        ElementwiseForms.TernarySpan<T, T, MultiplyAddOp<T>>(nameof(MultiplyAdd), Operands.GuardBuffer(x.GuardedBuffer), Operands.Guarded(x),
            Operands.GuardBuffer(y.GuardedBuffer), Operands.Guarded(y), Operands.GuardBuffer(z.GuardedBuffer), Operands.Guarded(z), destination);
    }

    /// <summary>Each element limited to [<paramref name="low"/>, <paramref name="high"/>] (NumPy clip: minimum(maximum(x, low), high)), into a new array.</summary>
    public static NDArray<T> Clip<T>(NDArray<T> x, T low, T high) where T : unmanaged, INumber<T>
        => ElementwiseForms.Ternary<T, T, ClipOp<T>>(nameof(Clip), x, null, null, &low, null, &high, null);

    /// <summary>Each element limited by broadcast bounds arrays, into a new array.</summary>
    public static NDArray<T> Clip<T>(NDArray<T> x, NDArray<T> low, NDArray<T> high) where T : unmanaged, INumber<T>
        => ElementwiseForms.Ternary<T, T, ClipOp<T>>(nameof(Clip), x, null, low, null, high, null, null);

    /// <summary>Each element limited to [<paramref name="low"/>, <paramref name="high"/>], written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<T> Clip<T>(NDArray<T> x, T low, T high, NDArray<T> destination) where T : unmanaged, INumber<T>
        => ElementwiseForms.Ternary<T, T, ClipOp<T>>(nameof(Clip), x, null, null, &low, null, &high, destination);

    /// <summary>Each element limited by broadcast bounds arrays, written into <paramref name="destination"/>. Returns the destination.</summary>
    public static NDArray<T> Clip<T>(NDArray<T> x, NDArray<T> low, NDArray<T> high, NDArray<T> destination) where T : unmanaged, INumber<T>
        => ElementwiseForms.Ternary<T, T, ClipOp<T>>(nameof(Clip), x, null, low, null, high, null, destination);

    /// <summary>Each element of a view limited to [<paramref name="low"/>, <paramref name="high"/>], written into <paramref name="destination"/>.</summary>
    public static void Clip<T>(in ReadOnlyNDSpan<T> x, T low, T high, in NDSpan<T> destination) where T : unmanaged, INumber<T>
    {
        ElementwiseForms.TernarySpan<T, T, ClipOp<T>>(nameof(Clip), Operands.GuardBuffer(x.GuardedBuffer), Operands.Guarded(x),
            default, Operand.Scalar(&low), default, Operand.Scalar(&high), destination);
    }

    /// <summary>Elementwise <paramref name="condition"/> ? x : y with broadcasting over all three, into a new array.</summary>
    public static NDArray<T> Where<T>(NDArray<bool> condition, NDArray<T> x, NDArray<T> y) where T : unmanaged
        => ElementwiseForms.Ternary<bool, T, WhereOp<T>>(nameof(Where), condition, null, x, null, y, null, null);

    /// <summary>Elementwise <paramref name="condition"/> ? x : y with a scalar <paramref name="y"/>, into a new array.</summary>
    public static NDArray<T> Where<T>(NDArray<bool> condition, NDArray<T> x, T y) where T : unmanaged
        => ElementwiseForms.Ternary<bool, T, WhereOp<T>>(nameof(Where), condition, null, x, null, null, &y, null);

    /// <summary>Elementwise <paramref name="condition"/> ? x : y with a scalar <paramref name="x"/>, into a new array.</summary>
    public static NDArray<T> Where<T>(NDArray<bool> condition, T x, NDArray<T> y) where T : unmanaged
        => ElementwiseForms.Ternary<bool, T, WhereOp<T>>(nameof(Where), condition, null, null, &x, y, null, null);

    /// <summary>Elementwise <paramref name="condition"/> ? x : y with scalars, into a new array of the condition's shape.</summary>
    public static NDArray<T> Where<T>(NDArray<bool> condition, T x, T y) where T : unmanaged
        => ElementwiseForms.Ternary<bool, T, WhereOp<T>>(nameof(Where), condition, null, null, &x, null, &y, null);

    /// <summary>Elementwise <paramref name="condition"/> ? x : y, written into <paramref name="destination"/> (overlap safe). Returns the destination.</summary>
    public static NDArray<T> Where<T>(NDArray<bool> condition, NDArray<T> x, NDArray<T> y, NDArray<T> destination) where T : unmanaged
        => ElementwiseForms.Ternary<bool, T, WhereOp<T>>(nameof(Where), condition, null, x, null, y, null, destination);

    /// <summary>Elementwise <paramref name="condition"/> ? x : y with a scalar <paramref name="y"/>, written into <paramref name="destination"/>.</summary>
    public static NDArray<T> Where<T>(NDArray<bool> condition, NDArray<T> x, T y, NDArray<T> destination) where T : unmanaged
        => ElementwiseForms.Ternary<bool, T, WhereOp<T>>(nameof(Where), condition, null, x, null, null, &y, destination);

    /// <summary>Elementwise <paramref name="condition"/> ? x : y over views, written into <paramref name="destination"/>.</summary>
    public static void Where<T>(in ReadOnlyNDSpan<bool> condition, in ReadOnlyNDSpan<T> x, in ReadOnlyNDSpan<T> y, in NDSpan<T> destination) where T : unmanaged
    {
        ElementwiseForms.TernarySpan<bool, T, WhereOp<T>>(nameof(Where), Operands.GuardBuffer(condition.GuardedBuffer), Operands.Guarded(condition),
            Operands.GuardBuffer(x.GuardedBuffer), Operands.Guarded(x), Operands.GuardBuffer(y.GuardedBuffer), Operands.Guarded(y), destination);
    }

    extension<T>(NDArray<T> array) where T : unmanaged, INumber<T>
    {
        /// <summary>In place: each element limited to [<paramref name="low"/>, <paramref name="high"/>].</summary>
        /// <exception cref="InvalidOperationException">This array is read-only.</exception>
        public NDArray<T> ClipInPlace(T low, T high) => ElementwiseForms.Ternary<T, T, ClipOp<T>>("Clip", array, null, null, &low, null, &high, array);

        /// <summary>In place: array = array * y + z, fused for floating point.</summary>
        public NDArray<T> MultiplyAddInPlace(NDArray<T> y, NDArray<T> z) => ElementwiseForms.Ternary<T, T, MultiplyAddOp<T>>("MultiplyAdd", array, null, y, null, z, null, array);
    }
}
