namespace NativeArrays.Kernels;

// Operator structs: one tiny struct per operation, with a scalar Invoke and a vector Invoke generic over the
// vector abstraction. Ops whose output is bool (comparisons, IsNaN) return a lane mask (all bits set = true)
// from the vector Invoke; the driver narrows it to bytes. `Vectorizable` is a constant per element type the
// JIT folds: false sends the work through the scalar Invoke.

/// <summary>An elementwise operation of one operand.</summary>
internal interface IUnaryOp<T, TOut> where T : unmanaged where TOut : unmanaged
{
    static abstract bool Vectorizable { get; }
    /// <summary>
    /// Whether the vector Invoke may call out (a scalar fix-up of rare lanes through <see cref="LaneFix"/>). The
    /// contiguous row loop then takes one vector a turn: around a call the loop's state must sit in the registers a
    /// call preserves, and the four-vector turn's extra counters did not fit there (spilled to the stack, float32
    /// Remainder at 10^3 ran 15 % slower). Operators without a call keep the four-vector turn.
    /// </summary>
    static virtual bool CallsOut => false;
    /// <summary>
    /// Whether the vector Invoke is too large for four copies in the contiguous row loop (the JIT's inlining budget
    /// runs out and the ISimdVec primitives become calls): the loop then takes one vector a turn, as for
    /// <see cref="CallsOut"/>.
    /// </summary>
    static virtual bool Large => false;
    static abstract TOut Invoke(T x);
    static abstract TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T>;
    /// <summary>
    /// Whether the operator offers <see cref="InvokeDeferred{TV}"/> (only where <typeparamref name="TOut"/> is
    /// <typeparamref name="T"/>). The contiguous row loop then has no call in it: the rare vector with lanes to fix
    /// leaves the loop for the full <see cref="Invoke{TV}(TV)"/> (the deferred form plus its <see cref="LaneFix"/>) and
    /// comes back. A call in the loop made the JIT keep the loop's vectors on the stack (all vector registers are lost
    /// across a call). An operator whose full vector form is out of line (too large to inline at every loop: Atan2,
    /// float32 Power) has an inlined deferred form, held by this one loop only.
    /// </summary>
    static virtual bool DefersFix => false;
    /// <summary>
    /// The vector form without its scalar fix: the lanes' results, and in <paramref name="fix"/> the lanes (bit i for
    /// lane i) whose value must instead come from the scalar <see cref="Invoke(T)"/>; <see cref="Invoke{TV}(TV)"/> is
    /// this plus that fix, so both give the same bits.
    /// </summary>
    static virtual TV InvokeDeferred<TV>(TV x, out ulong fix) where TV : struct, ISimdVec<TV, T>
        => throw new NotSupportedException("The operator does not defer its fix (DefersFix is false).");
    /// <summary>
    /// Whether the operator offers <see cref="InvokeRun{TV}"/> (with <see cref="DefersFix"/>): a vector with lanes to
    /// fix then starts a run of vectors computed by that form in its own loop, until a vector had nothing to fix
    /// (<c>UnaryRow.FixRun</c>), instead of leaving the deferred loop for one vector at a time. For data where such lanes are common
    /// (float32 <c>Exp</c> of [−150, 150]: 42 % of the lanes outside the core's range) the run form resolves them in
    /// vector form without a call.
    /// </summary>
    static virtual bool FixesInRuns => false;
    /// <summary>
    /// The full vector form (the same bits as <see cref="Invoke{TV}(TV)"/>) inlined for a loop of its own:
    /// <paramref name="fixes"/> tells whether the vector had lanes <see cref="InvokeDeferred{TV}"/> would have left to
    /// fix (the run goes on while vectors do).
    /// </summary>
    static virtual TV InvokeRun<TV>(TV x, out bool fixes) where TV : struct, ISimdVec<TV, T>
        => throw new NotSupportedException("The operator has no run form (FixesInRuns is false).");
    /// <summary>
    /// Whether the operator (with <see cref="DefersFix"/>) offers <see cref="LoadConstants{TV}"/> and
    /// <see cref="InvokeHoisted{TV}"/>: the contiguous loop then builds the constants once and keeps them in registers
    /// (<see cref="HoistedConstants{TV}"/>).
    /// </summary>
    static virtual bool HoistsConstants => false;
    /// <summary>The constants <see cref="InvokeHoisted{TV}"/> reads, for vectors <typeparamref name="TV"/>.</summary>
    static virtual void LoadConstants<TV>(ref HoistedConstants<TV> k) where TV : struct, ISimdVec<TV, T>
        => throw new NotSupportedException("The operator does not hoist its constants (HoistsConstants is false).");
    /// <summary>
    /// <see cref="InvokeDeferred{TV}(TV, out ulong)"/> with its constants from <paramref name="k"/>: the same bits, and in
    /// <paramref name="fix"/> the same lanes or fewer (lanes it resolves itself, in the full form's bits, need no fix).
    /// </summary>
    static virtual TV InvokeHoisted<TV>(TV x, in HoistedConstants<TV> k, out ulong fix) where TV : struct, ISimdVec<TV, T>
        => throw new NotSupportedException("The operator does not hoist its constants (HoistsConstants is false).");
}

/// <summary>An elementwise operation of two operands.</summary>
internal interface IBinaryOp<T, TOut> where T : unmanaged where TOut : unmanaged
{
    static abstract bool Vectorizable { get; }
    /// <inheritdoc cref="IUnaryOp{T, TOut}.CallsOut"/>
    static virtual bool CallsOut => false;
    static abstract TOut Invoke(T x, T y);
    static abstract TV Invoke<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, T>;
    /// <inheritdoc cref="IUnaryOp{T, TOut}.DefersFix"/>
    static virtual bool DefersFix => false;
    /// <inheritdoc cref="IUnaryOp{T, TOut}.InvokeDeferred{TV}(TV, out ulong)"/>
    static virtual TV InvokeDeferred<TV>(TV x, TV y, out ulong fix) where TV : struct, ISimdVec<TV, T>
        => throw new NotSupportedException("The operator does not defer its fix (DefersFix is false).");
    /// <summary>
    /// With <see cref="DefersFix"/>: a cheap test (no core) that the deferred form will leave lanes of this vector to
    /// fix. A vector with lanes to fix and the vectors after it that pass this test go through the full form at once
    /// (<c>BinaryRow.FixRun</c>): one core a vector, not the deferred form's and then the full form's. The answer never
    /// changes the bits (the full form's, either way), only the time.
    /// </summary>
    static virtual bool SurelyFixes<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, T> => false;
    /// <summary>
    /// With <see cref="DefersFix"/>: the deferred form is too large to share a loop with two general step loads (the
    /// JIT's inlining budget and its 1024 tracked locals run out): <c>BinaryRow.SteppedPacked</c> then packs blocks of
    /// the inputs into contiguous scratch for the contiguous deferred loop. A small operator (float Remainder) keeps
    /// the plain loop: the packing cost it 10–25 %.
    /// </summary>
    static virtual bool Large => false;
    /// <summary>Whether <c>BinaryRow.FixRun</c> takes <see cref="InvokeRun{TV}"/> rather than a call of the full form per vector.</summary>
    static virtual bool FixesInRuns => false;
    /// <summary>The full vector form (the same bits as <see cref="Invoke{TV}(TV, TV)"/>) inlined for a loop of its own.</summary>
    static virtual TV InvokeRun<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, T>
        => throw new NotSupportedException("The operator has no run form (FixesInRuns is false).");
    /// <inheritdoc cref="IUnaryOp{T, TOut}.HoistsConstants"/>
    static virtual bool HoistsConstants => false;
    /// <inheritdoc cref="IUnaryOp{T, TOut}.LoadConstants{TV}"/>
    static virtual void LoadConstants<TV>(ref HoistedConstants<TV> k) where TV : struct, ISimdVec<TV, T>
        => throw new NotSupportedException("The operator does not hoist its constants (HoistsConstants is false).");
    /// <summary><see cref="InvokeDeferred{TV}(TV, TV, out ulong)"/> with its constants from <paramref name="k"/>: the same bits and the same lanes to fix.</summary>
    static virtual TV InvokeHoisted<TV>(TV x, TV y, in HoistedConstants<TV> k, out ulong fix) where TV : struct, ISimdVec<TV, T>
        => throw new NotSupportedException("The operator does not hoist its constants (HoistsConstants is false).");
}

/// <summary>
/// An elementwise operation of three operands; the first may be <see cref="bool"/> (a condition, which the
/// driver hands to the vector Invoke as a lane mask of <typeparamref name="T"/>).
/// </summary>
internal interface ITernaryOp<TFirst, T> where TFirst : unmanaged where T : unmanaged
{
    static abstract bool Vectorizable { get; }
    static abstract T Invoke(TFirst x, T y, T z);
    static abstract TV Invoke<TV>(TV x, TV y, TV z) where TV : struct, ISimdVec<TV, T>;
}
