namespace NativeArrays.Kernels;

/// <summary>
/// The vector constants of an operator's core, built once before the contiguous loop
/// (<see cref="IUnaryOp{T, TOut}.HoistsConstants"/>) and read from here by every vector: the JIT promotes the struct's
/// fields to registers for the loop. Written as literals in the core, the constants are reloaded by every vector (an
/// embedded-broadcast memory operand each): the JIT hoists a constant out of a loop only while the loop's own vector
/// locals leave registers free, and a transcendental core has more locals than that. The reloads, not the arithmetic,
/// bounded those loops on the Zen 5 host of session 43 (the Cephes log loop: 0.24 ns per element with its 20 constants
/// reloaded, 0.18 with them in registers). Fields are named by position; each operator's loader documents its layout.
/// </summary>
internal struct HoistedConstants<TV> where TV : struct
{
    public TV C0, C1, C2, C3, C4, C5, C6, C7, C8, C9, C10, C11, C12, C13, C14, C15, C16, C17, C18, C19, C20, C21, C22, C23;
}
