using System.Numerics;
using NativeArrays.Kernels;

namespace NativeArrays;

// Logical operations on bool masks (NumPy's logical_and/or/xor/not and the operators & | ^ ~ on bool arrays) and
// the ordering operators < <= > >= (NumPy's less, ..., as operators) are generated from Operations.table. == and != stay
// reference equality, as .NET guidelines ask of reference types: use NDArray.Equal / NotEqual for elementwise equality.
public static unsafe partial class NDArray
{
    /// <summary>Elementwise logical and, with broadcasting (NumPy's <c>logical_and</c>). A new array.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast; the message shows both.</exception>
    public static NDArray<bool> LogicalAnd(NDArray<bool> x, NDArray<bool> y) => LogicalBinary<LogicalAndOp>(nameof(LogicalAnd), x, y, null);
    /// <summary>Elementwise logical and with a scalar.</summary>
    public static NDArray<bool> LogicalAnd(NDArray<bool> x, bool y) => LogicalScalar<LogicalAndOp>(nameof(LogicalAnd), x, y, null);
    /// <summary>Elementwise logical and into <paramref name="destination"/> (may be an input: as if the inputs were copied first); returns it.</summary>
    /// <exception cref="ArgumentException">The destination's shape is not the broadcast shape.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public static NDArray<bool> LogicalAnd(NDArray<bool> x, NDArray<bool> y, NDArray<bool> destination) => LogicalBinary<LogicalAndOp>(nameof(LogicalAnd), x, y, destination);

    /// <summary>Elementwise logical or, with broadcasting (NumPy's <c>logical_or</c>). A new array.</summary>
    public static NDArray<bool> LogicalOr(NDArray<bool> x, NDArray<bool> y) => LogicalBinary<LogicalOrOp>(nameof(LogicalOr), x, y, null);
    /// <summary>Elementwise logical or with a scalar.</summary>
    public static NDArray<bool> LogicalOr(NDArray<bool> x, bool y) => LogicalScalar<LogicalOrOp>(nameof(LogicalOr), x, y, null);
    /// <summary>Elementwise logical or into <paramref name="destination"/>; returns it.</summary>
    public static NDArray<bool> LogicalOr(NDArray<bool> x, NDArray<bool> y, NDArray<bool> destination) => LogicalBinary<LogicalOrOp>(nameof(LogicalOr), x, y, destination);

    /// <summary>Elementwise logical exclusive or, with broadcasting (NumPy's <c>logical_xor</c>). A new array.</summary>
    public static NDArray<bool> LogicalXor(NDArray<bool> x, NDArray<bool> y) => LogicalBinary<LogicalXorOp>(nameof(LogicalXor), x, y, null);
    /// <summary>Elementwise logical exclusive or with a scalar.</summary>
    public static NDArray<bool> LogicalXor(NDArray<bool> x, bool y) => LogicalScalar<LogicalXorOp>(nameof(LogicalXor), x, y, null);
    /// <summary>Elementwise logical exclusive or into <paramref name="destination"/>; returns it.</summary>
    public static NDArray<bool> LogicalXor(NDArray<bool> x, NDArray<bool> y, NDArray<bool> destination) => LogicalBinary<LogicalXorOp>(nameof(LogicalXor), x, y, destination);

    /// <summary>Elementwise logical not (NumPy's <c>logical_not</c>, <c>~mask</c>). A new array.</summary>
    public static NDArray<bool> LogicalNot(NDArray<bool> x)
    {
        using var a = Bytes(x);
        return ElementwiseForms.Unary<byte, bool, LogicalNotOp>(nameof(LogicalNot), a);
    }

    /// <summary>Elementwise logical not into <paramref name="destination"/> (may be <paramref name="x"/> itself); returns it.</summary>
    public static NDArray<bool> LogicalNot(NDArray<bool> x, NDArray<bool> destination)
    {
        using var a = Bytes(x);
        return ElementwiseForms.UnaryInto<byte, bool, LogicalNotOp>(nameof(LogicalNot), a, destination);
    }

    private static NDArray<bool> LogicalBinary<TOp>(string operation, NDArray<bool> x, NDArray<bool> y, NDArray<bool>? destination) where TOp : IBinaryOp<byte, bool>
    {
        using var a = Bytes(x);
        using var b = Bytes(y);
        return destination is null
            ? ElementwiseForms.Binary<byte, bool, TOp>(operation, a, null, b, null)
            : ElementwiseForms.BinaryInto<byte, bool, TOp>(operation, a, null, b, null, destination);
    }

    private static NDArray<bool> LogicalScalar<TOp>(string operation, NDArray<bool> x, bool y, NDArray<bool>? destination) where TOp : IBinaryOp<byte, bool>
    {
        using var a = Bytes(x);
        byte b = y ? (byte)1 : (byte)0;
        return destination is null
            ? ElementwiseForms.Binary<byte, bool, TOp>(operation, a, null, null, &b)
            : ElementwiseForms.BinaryInto<byte, bool, TOp>(operation, a, null, null, &b, destination);
    }

    extension(NDArray<bool> mask)
    {
        /// <summary>Logical and (NumPy's <c>a &amp; b</c> on bool arrays). A new array.</summary>
        public static NDArray<bool> operator &(NDArray<bool> x, NDArray<bool> y) => LogicalAnd(x, y);
        /// <summary>Logical and with a scalar.</summary>
        public static NDArray<bool> operator &(NDArray<bool> x, bool y) => LogicalAnd(x, y);
        /// <summary>Logical or (NumPy's <c>a | b</c> on bool arrays). A new array.</summary>
        public static NDArray<bool> operator |(NDArray<bool> x, NDArray<bool> y) => LogicalOr(x, y);
        /// <summary>Logical or with a scalar.</summary>
        public static NDArray<bool> operator |(NDArray<bool> x, bool y) => LogicalOr(x, y);
        /// <summary>Logical exclusive or (NumPy's <c>a ^ b</c> on bool arrays). A new array.</summary>
        public static NDArray<bool> operator ^(NDArray<bool> x, NDArray<bool> y) => LogicalXor(x, y);
        /// <summary>Logical exclusive or with a scalar.</summary>
        public static NDArray<bool> operator ^(NDArray<bool> x, bool y) => LogicalXor(x, y);
        /// <summary>Logical not (NumPy's <c>~mask</c>). A new array.</summary>
        public static NDArray<bool> operator !(NDArray<bool> x) => LogicalNot(x);
    }
}
