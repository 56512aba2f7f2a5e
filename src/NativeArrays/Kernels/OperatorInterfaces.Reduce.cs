namespace NativeArrays.Kernels;

/// <summary>
/// A reduction: folds elements of <typeparamref name="T"/> into an accumulator of <typeparamref name="TAcc"/>
/// starting from <see cref="Identity"/>. Vector forms exist only when the accumulator is the element type.
/// </summary>
internal unsafe interface IReduceOp<T, TAcc> where T : unmanaged where TAcc : unmanaged
{
    /// <summary>Whether the vector Invoke may be used (requires TAcc == T).</summary>
    static abstract bool Vectorizable { get; }
    /// <summary>Whether the reduced index space is split pairwise (sums: error grows with log n, not n).</summary>
    static abstract bool Pairwise { get; }
    /// <summary>
    /// Whether each output must be folded element after element in index order, continuing from its current value
    /// (never split into lanes, blocks or threads): for operations whose floating-point result depends on the
    /// grouping. Products are (NumPy's order): lanes that overflow to inf separately would meet a lane holding 0 and
    /// give NaN where the sequential product is 0, and the result would change with the SIMD width.
    /// </summary>
    static virtual bool Sequential => false;
    static abstract TAcc Identity { get; }
    static abstract TAcc Invoke(TAcc accumulator, T x);
    static abstract TAcc Combine(TAcc left, TAcc right);
    /// <summary>Vector fold; also combines two vector accumulators (TAcc == T).</summary>
    static abstract TV Invoke<TV>(TV accumulator, TV x) where TV : struct, ISimdVec<TV, T>;
    /// <summary>Folds the lanes of a vector accumulator in a fixed order.</summary>
    static abstract T Horizontal<TV>(TV accumulator) where TV : struct, ISimdVec<TV, T>;

    /// <summary>
    /// Whether the operation brings its own vector row kernel (<see cref="VectorRow"/>): for reductions whose accumulator
    /// is not the element type (All, Any, CountNonZero), which the driver's lane folds cannot run.
    /// </summary>
    static virtual bool HasVectorRow => false;
    /// <summary>
    /// One row of the reduction driver at the vector width of <typeparamref name="TV"/>, with the driver's row contract:
    /// operand 0 the accumulators (byte stride 0 along a reduced row), operand 1 the input.
    /// </summary>
    static virtual void VectorRow<TV>(nint n, byte** pointers, long* byteStrides) where TV : struct, ISimdVec<TV, T>
        => throw new NotSupportedException("The operation has no vector row.");
}
