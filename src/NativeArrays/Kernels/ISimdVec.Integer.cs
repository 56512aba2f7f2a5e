namespace NativeArrays.Kernels;

// Lane-size changes for the size-changing conversions (AsType between element types of different sizes). As with the
// same-size conversions, T names the storage only: the type argument says what the lanes hold, and the result holds the
// new lanes' bits, so one vector type carries every stage of a conversion.
internal unsafe partial interface ISimdVec<TSelf, T>
{
    /// <summary>
    /// The lower half of the <typeparamref name="TLane"/> lanes widened to twice their size: sign-extended for signed
    /// integers, zero-extended for unsigned, float to double (exact in every case).
    /// </summary>
    static abstract TSelf WidenLower<TLane>(TSelf value) where TLane : unmanaged;
    /// <summary>The upper half of the <typeparamref name="TLane"/> lanes widened to twice their size (see <see cref="WidenLower"/>).</summary>
    static abstract TSelf WidenUpper<TLane>(TSelf value) where TLane : unmanaged;
    /// <summary>
    /// The <typeparamref name="TLane"/> lanes of <paramref name="lower"/> then <paramref name="upper"/> narrowed to half
    /// their size, in lane order: integers keep their low bits (callers clamp first), double rounds to float.
    /// </summary>
    static abstract TSelf Narrow<TLane>(TSelf lower, TSelf upper) where TLane : unmanaged;
    /// <summary>
    /// The int64 or uint64 (<typeparamref name="TLane"/>) lanes of <paramref name="lower"/> then <paramref name="upper"/>
    /// to float lanes rounded once (as the scalar conversion; through double would round twice); only when
    /// <see cref="SimdTypes.HasInt64ToSingle"/> says so.
    /// </summary>
    static abstract TSelf Int64ToSingle<TLane>(TSelf lower, TSelf upper) where TLane : unmanaged;
    /// <summary>The <typeparamref name="TLane"/> lanes clamped to [<paramref name="low"/>, <paramref name="high"/>] (integer lanes).</summary>
    static abstract TSelf Clamp<TLane>(TSelf value, TLane low, TLane high) where TLane : unmanaged;

    /// <summary>
    /// Truncated quotient of 8- and 16-bit integer lanes (wrapping as the scalar operator: MinValue / -1 stays MinValue),
    /// computed in float32 lanes from int32-widened operands: exact, since |x| &lt; 2^24 keeps the rounding error of x / y
    /// below the distance 1 / |y| from the quotient to the next integer. The caller has excluded zero divisors.
    /// </summary>
    static abstract TSelf DivideSmallInteger(TSelf left, TSelf right);

    /// <summary>
    /// The inclusive prefix sum of the 4- or 8-byte integer lanes (lane i holds lanes 0..i added, wrapping): the block
    /// step of the vector scan (<see cref="Scan"/>).
    /// </summary>
    static abstract TSelf PrefixSum(TSelf value);

    /// <summary>The last 4- or 8-byte lane in every lane: a block's total, carried to the next block of a prefix sum.</summary>
    static abstract TSelf BroadcastLast(TSelf value);

    /// <summary>
    /// Byte lanes shifted left by per-lane counts masked to 3 bits (C#), through int16 lanes (AVX-512BW variable shifts),
    /// or in three blend stages with AVX2 / SSE4.1 (<see cref="ByteShifts"/>); only when <see cref="SimdTypes.HasByteShift"/> says so.
    /// </summary>
    static abstract TSelf ShiftLeftBytes(TSelf value, TSelf counts);
    /// <summary>Byte lanes shifted right by per-lane counts masked to 3 bits: arithmetic for sbyte, logical for byte.</summary>
    static abstract TSelf ShiftRightBytes(TSelf value, TSelf counts);
}

internal static partial class SimdTypes
{
    /// <summary>Whether <c>Int64ToSingle</c> is a single rounding at every width the dispatcher may pick (AVX-512DQ with VL).</summary>
    public static bool HasInt64ToSingle => System.Runtime.Intrinsics.X86.Avx512DQ.VL.IsSupported;

    /// <summary>Whether <c>ShiftLeftBytes</c>/<c>ShiftRightBytes</c> apply: byte lanes, with 16-bit variable shifts at every width (AVX-512BW with VL) or the blend stages of <see cref="ByteShifts"/> (AVX2).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static bool HasByteShift<T>() => (typeof(T) == typeof(sbyte) || typeof(T) == typeof(byte))
        && (System.Runtime.Intrinsics.X86.Avx512BW.VL.IsSupported || System.Runtime.Intrinsics.X86.Avx2.IsSupported);

    /// <summary>
    /// Whether 64-bit integer lanes divide as vectors (IntegerLanes.Divide): int64/uint64 always. Operands below 2^51 in
    /// magnitude divide exactly in float64 at any instruction set; a vector with a larger operand takes the estimate and
    /// integer corrections with AVX-512DQ (uint64 to double conversions and 64-bit multiplies in one instruction each;
    /// emulated, they lose to scalar division), and the scalar operator for those lanes otherwise.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static bool HasDivideInt64<T>() => typeof(T) == typeof(long) || typeof(T) == typeof(ulong);

    /// <summary>Whether 64-bit lanes with an operand of 2^51 or more divide as vectors (AVX-512DQ with VL), not lane by lane.</summary>
    public static bool HasDivideWideInt64 => System.Runtime.Intrinsics.X86.Avx512DQ.VL.IsSupported;

    /// <summary>Whether <c>DivideSmallInteger</c> applies: 8- and 16-bit integer lanes.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static bool HasDivideSmallInteger<T>() =>
        typeof(T) == typeof(sbyte) || typeof(T) == typeof(byte) || typeof(T) == typeof(short) || typeof(T) == typeof(ushort);
}
