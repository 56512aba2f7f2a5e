namespace NativeArrays.Kernels;

// Bit-level primitives the floating-point kernels (VectorMath) use to take a float apart and build powers of two:
// the lanes are treated as same-size unsigned integers (uint32 for float, uint64 for double).
internal unsafe partial interface ISimdVec<TSelf, T>
{
    /// <summary>Each lane's bits shifted left by <paramref name="count"/> as a same-size unsigned integer.</summary>
    static abstract TSelf ShiftLeftBits(TSelf value, int count);
    /// <summary>Each lane's bits shifted right (zero fill) by <paramref name="count"/> as a same-size unsigned integer.</summary>
    static abstract TSelf ShiftRightBits(TSelf value, int count);
    /// <summary>Lanes added as same-size integers (wrapping), whatever <typeparamref name="T"/> is.</summary>
    static abstract TSelf AddBits(TSelf left, TSelf right);
    /// <summary>
    /// The smaller lane, as the hardware's min instruction (x86 <c>minps</c>: the second operand when either is NaN, and
    /// for ±0): one instruction, where <see cref="Min"/> (IEEE minimum) needs NaN and signed-zero fix-ups. For clamps
    /// whose NaN lanes are recomputed elsewhere; the same instruction at every width, so the same bits.
    /// </summary>
    static abstract TSelf MinNative(TSelf left, TSelf right);
    /// <summary>The larger lane, as the hardware's max instruction (see <see cref="MinNative"/>).</summary>
    static abstract TSelf MaxNative(TSelf left, TSelf right);
}
