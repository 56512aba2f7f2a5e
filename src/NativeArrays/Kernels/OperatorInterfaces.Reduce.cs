namespace NativeArrays.Kernels;

/// <summary>
/// A reduction: folds elements of <typeparamref name="T"/> into an accumulator of <typeparamref name="TAcc"/>
/// starting from <see cref="Identity"/>. Vector forms exist only when the accumulator is the element type.
/// </summary>
internal interface IReduceOp<T, TAcc> where T : unmanaged where TAcc : unmanaged
{
    /// <summary>Whether the vector Invoke may be used (requires TAcc == T).</summary>
    static abstract bool Vectorizable { get; }
    /// <summary>Whether the reduced index space is split pairwise (sums: error grows with log n, not n).</summary>
    static abstract bool Pairwise { get; }
    static abstract TAcc Identity { get; }
    static abstract TAcc Invoke(TAcc accumulator, T x);
    static abstract TAcc Combine(TAcc left, TAcc right);
    /// <summary>Vector fold; also combines two vector accumulators (TAcc == T).</summary>
    static abstract TV Invoke<TV>(TV accumulator, TV x) where TV : struct, ISimdVec<TV, T>;
    /// <summary>Folds the lanes of a vector accumulator in a fixed order.</summary>
    static abstract T Horizontal<TV>(TV accumulator) where TV : struct, ISimdVec<TV, T>;
}
