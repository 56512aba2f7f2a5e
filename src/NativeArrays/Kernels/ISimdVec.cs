using System.Runtime.CompilerServices;
using NativeArrays.Common;

namespace NativeArrays.Kernels;

/// <summary>
/// The vector abstraction every kernel is written against: static abstract members implemented by three thin
/// structs over <c>Vector128/256/512&lt;T&gt;</c> (<see cref="Vec128{T}"/>, <see cref="Vec256{T}"/>, <see cref="Vec512{T}"/>).
/// The JIT specialises generic code over these structs, so a driver is written once and compiles to straight
/// vector code per width. (<c>System.Runtime.Intrinsics.ISimdVector</c> is internal in .NET 10, hence our own.)
/// Members that only make sense for some element types (Exp for floating point, shifts for integers) throw
/// <see cref="NotSupportedException"/> otherwise; operators guard them with their <c>Vectorizable</c> flag.
/// </summary>
internal unsafe partial interface ISimdVec<TSelf, T>
    where TSelf : struct, ISimdVec<TSelf, T>
    where T : unmanaged
{
    static abstract int Count { get; }
    static abstract TSelf Zero { get; }
    static abstract TSelf AllBitsSet { get; }
    static abstract TSelf Create(T value);
    static abstract TSelf Load(T* source);
    static abstract void Store(TSelf value, T* destination);
    /// <summary>Non-temporal store; <paramref name="destination"/> must be aligned to the vector size.</summary>
    static abstract void StoreAlignedNonTemporal(TSelf value, T* destination);
    static abstract T GetElement(TSelf value, int index);
    /// <summary>
    /// Lanes <c>source[j * byteStride]</c> by a hardware gather, for 4- and 8-byte elements when AVX2 is there;
    /// false when the caller must gather lane by lane.
    /// </summary>
    static abstract bool TryGather(T* source, nint byteStride, out TSelf value);
    /// <summary>
    /// Lanes <c>source[2 * j]</c> (a step-2 slice) from two overlapping contiguous loads and one permute, when
    /// AVX-512 has it. Reads nothing past the last lane (source[2 * (Count - 1)]).
    /// </summary>
    static abstract bool TryLoadEven(T* source, out TSelf value);
    /// <summary>
    /// Lanes 0 .. k-1 (0 &lt; k &lt; Count) from contiguous <paramref name="source"/> by a masked load (no fault past
    /// the last lane), the other lanes those of <paramref name="fill"/>; false when the hardware has no byte-masked load
    /// (AVX-512BW; see <see cref="HasMaskedLoads"/>).
    /// </summary>
    static abstract bool TryLoadPartial(T* source, int k, TSelf fill, out TSelf value);
    /// <summary>Whether <see cref="TryLoadPartial"/> and <see cref="TryStorePartial"/> succeed at this width (byte-masked loads and stores).</summary>
    static abstract bool HasMaskedLoads { get; }
    /// <summary>Whether <see cref="Permute2"/> is available: 4- and 8-byte lanes, AVX-512 two-source permutes.</summary>
    static abstract bool HasPermute2 { get; }
    /// <summary>
    /// Lane j = lane (table[j] mod 2·Count) of the concatenation left:right; table lanes hold integer indices in
    /// T's bits (int32 for 4-byte, int64 for 8-byte elements).
    /// </summary>
    static abstract TSelf Permute2(TSelf left, TSelf table, TSelf right);
    /// <summary>Whether <see cref="Reverse"/> applies (one or two shuffles): 4- and 8-byte lanes at every width, 1- and 2-byte lanes with SSSE3 / AVX2 / AVX-512BW.</summary>
    static abstract bool HasReverse { get; }
    /// <summary>The lanes in reverse order (lane j = lane Count − 1 − j): a row read backwards (step −1) by contiguous loads.</summary>
    static abstract TSelf Reverse(TSelf value);
    /// <summary>Whether <see cref="StepLoad"/> applies: 4- and 8-byte lanes at 256 bits with AVX2 and without AVX-512VL (whose <see cref="Permute2"/> is one instruction).</summary>
    static abstract bool HasStepLoad { get; }
    /// <summary>
    /// Lanes q[0], q[step], .., q[step·(Count − 1)] for a step 2..8, from <c>step</c> contiguous vector loads (it reads
    /// q[0 .. step·Count − 1]) merged by blends and in-lane shuffles with at most one lane-crossing permute
    /// (<see cref="StepLoads"/>).
    /// </summary>
    static abstract TSelf StepLoad(T* q, int step);
    /// <summary>Whether <see cref="TransposeRows"/> applies: 4- and 8-byte lanes at 256 (AVX) and 512 bits (AVX-512F).</summary>
    static abstract bool HasBlockTranspose { get; }
    /// <summary>
    /// Transposes in registers the Count x Count block whose row j is <c>rows.Row(j)</c> (loaded from memory, or
    /// computed: a result transposed on its way to memory): <paramref name="lines"/> receives line i, lane j of which is
    /// element i of row j (<see cref="Gemm.GemmTranspose"/>'s transposes; bits are moved, never changed).
    /// </summary>
    static abstract void TransposeRows<TRows, TLines>(TRows rows, TLines lines) where TRows : struct, Gemm.IBlockRows<TSelf> where TLines : struct, Gemm.IBlockLines<TSelf>;
    /// <summary>Stores lanes 0 .. k-1 (0 &lt; k &lt; Count) to contiguous memory by a masked store; false without AVX-512BW.</summary>
    static abstract bool TryStorePartial(TSelf value, T* destination, int k);

    static abstract TSelf Add(TSelf left, TSelf right);
    static abstract TSelf Subtract(TSelf left, TSelf right);
    static abstract TSelf Multiply(TSelf left, TSelf right);
    static abstract TSelf Divide(TSelf left, TSelf right);
    static abstract TSelf Negate(TSelf value);
    static abstract TSelf Abs(TSelf value);
    static abstract TSelf Min(TSelf left, TSelf right);
    static abstract TSelf Max(TSelf left, TSelf right);
    static abstract TSelf FusedMultiplyAdd(TSelf a, TSelf b, TSelf c);
    /// <summary>a·b − c rounded once: <c>FusedMultiplyAdd(a, b, Negate(c))</c> bit for bit (negation is exact), one instruction with FMA (vfmsub).</summary>
    static abstract TSelf FusedMultiplySubtract(TSelf a, TSelf b, TSelf c);
    /// <summary>c − a·b rounded once: <c>FusedMultiplyAdd(Negate(a), b, c)</c> bit for bit, one instruction with FMA (vfnmadd).</summary>
    static abstract TSelf FusedNegatedMultiplyAdd(TSelf a, TSelf b, TSelf c);
    static abstract TSelf Sqrt(TSelf value);
    static abstract TSelf Floor(TSelf value);
    static abstract TSelf Ceiling(TSelf value);
    static abstract TSelf Round(TSelf value);
    static abstract TSelf Truncate(TSelf value);
    static abstract TSelf Exp(TSelf value);
    static abstract TSelf Log(TSelf value);
    static abstract TSelf Log2(TSelf value);
    static abstract TSelf Hypot(TSelf x, TSelf y);

    static abstract TSelf And(TSelf left, TSelf right);
    static abstract TSelf Or(TSelf left, TSelf right);
    static abstract TSelf Xor(TSelf left, TSelf right);
    static abstract TSelf AndNot(TSelf left, TSelf right);
    static abstract TSelf ShiftLeft(TSelf value, int count);
    static abstract TSelf ShiftRightArithmetic(TSelf value, int count);
    static abstract TSelf ShiftRightLogical(TSelf value, int count);

    static abstract TSelf Equals(TSelf left, TSelf right);
    static abstract TSelf LessThan(TSelf left, TSelf right);
    /// <summary>Whether any lane of <paramref name="left"/> is below <paramref name="right"/>'s (with AVX-512 one compare into a mask register and <c>kortest</c>).</summary>
    static abstract bool LessThanAny(TSelf left, TSelf right);
    static abstract TSelf LessThanOrEqual(TSelf left, TSelf right);
    static abstract TSelf GreaterThan(TSelf left, TSelf right);
    static abstract TSelf GreaterThanOrEqual(TSelf left, TSelf right);
    static abstract TSelf IsNaN(TSelf value);
    /// <summary>
    /// One bit per lane (bit i for lane i), set where <paramref name="left"/> &lt; <paramref name="right"/> with the lanes
    /// read as unsigned integers of the lane's width (a float lane by its bits). The compare and the extraction in one
    /// member: through a vector of masks, the JIT turned an AVX-512 mask register into a vector and back.
    /// </summary>
    static abstract ulong LessThanBits(TSelf left, TSelf right);
    /// <summary>
    /// One bit per lane, set where <paramref name="x"/> is outside [<paramref name="lo"/>, <paramref name="hi"/>] or
    /// NaN: the two compares, their AND and the extraction in one member, which AVX-512 keeps in mask registers (through
    /// vectors of masks the JIT turned each compare's mask register into a vector and back: four instructions more).
    /// </summary>
    static abstract ulong OutsideBits(TSelf x, TSelf lo, TSelf hi);
    /// <summary>
    /// One bit per lane, set where <paramref name="x"/> &gt; <paramref name="hi"/> or is NaN: <see cref="OutsideBits"/>
    /// with no lower bound, in one compare (not-less-or-equal) kept in a mask register on AVX-512.
    /// </summary>
    static abstract ulong AboveOrNaNBits(TSelf x, TSelf hi);
    /// <summary>
    /// One bit per lane, set where <paramref name="x"/> equals zero (a float lane: +0.0 or -0.0; NaN is not zero): the
    /// compare and the extraction in one member, kept in a mask register on AVX-512 (as <see cref="OutsideBits"/>).
    /// </summary>
    static abstract ulong ZeroBits(TSelf x);
    /// <summary>One bit per lane, set where <paramref name="left"/> equals <paramref name="right"/>: the compare kept in a mask register on AVX-512 (as <see cref="ZeroBits"/>).</summary>
    static abstract ulong EqualsBits(TSelf left, TSelf right);
    /// <summary>One bit per lane, set where <paramref name="x"/> is NaN (zero for integers): one unordered compare kept in a mask register on AVX-512 (as <see cref="ZeroBits"/>).</summary>
    static abstract ulong NaNBits(TSelf x);
    static abstract TSelf IsFinite(TSelf value);
    /// <summary>Lanes of <paramref name="mask"/> all-ones pick <paramref name="ifTrue"/>, zero lanes <paramref name="ifFalse"/>.</summary>
    static abstract TSelf Select(TSelf mask, TSelf ifTrue, TSelf ifFalse);
    /// <summary>
    /// <paramref name="ifTrue"/> where <paramref name="left"/> equals <paramref name="right"/>, else
    /// <paramref name="ifFalse"/>: <see cref="Select"/> of <see cref="Equals"/> in one expression, so AVX-512 blends by
    /// the compare's mask register (through a vector of masks the JIT spent a mask-to-vector move and a ternary-logic
    /// blend).
    /// </summary>
    static abstract TSelf SelectWhereEqual(TSelf left, TSelf right, TSelf ifTrue, TSelf ifFalse);
    /// <summary><paramref name="ifTrue"/> where <paramref name="left"/> &gt; <paramref name="right"/>, else <paramref name="ifFalse"/>: as <see cref="SelectWhereEqual"/>.</summary>
    static abstract TSelf SelectWhereGreaterThan(TSelf left, TSelf right, TSelf ifTrue, TSelf ifFalse);
    /// <summary>One bit per lane: the lane's sign bit (bit i for lane i).</summary>
    static abstract ulong ExtractMostSignificantBits(TSelf value);
    // Same-size conversions: the lanes hold the source type's bits and the result holds the target type's bits
    // (T names the storage only), so one vector type carries both sides of the conversion.
    /// <summary>float lanes to int32 lanes, truncating toward zero and saturating (NaN to 0).</summary>
    static abstract TSelf SingleToInt32(TSelf value);
    /// <summary>int32 lanes to float lanes (round to nearest).</summary>
    static abstract TSelf Int32ToSingle(TSelf value);
    /// <summary>double lanes to int64 lanes, truncating toward zero and saturating (NaN to 0).</summary>
    static abstract TSelf DoubleToInt64(TSelf value);
    /// <summary>int64 lanes to double lanes (round to nearest).</summary>
    static abstract TSelf Int64ToDouble(TSelf value);
    /// <summary>
    /// int64 lanes in [−2^51, 2^51) to double lanes, exactly, in two operations on every instruction set: x + 0x4338000000000000
    /// read as a double is 1.5·2^52 + x (x fills the low 52 bits without a carry), less 1.5·2^52. Other lanes give
    /// unspecified results. For integers widened from 4 bytes or less, where <see cref="Int64ToDouble"/> without AVX-512DQ
    /// is a longer sequence.
    /// </summary>
    static abstract TSelf SmallInt64ToDouble(TSelf value);
    /// <summary>float lanes to uint32 lanes, truncating toward zero and saturating (NaN to 0).</summary>
    static abstract TSelf SingleToUInt32(TSelf value);
    /// <summary>uint32 lanes to float lanes (round to nearest).</summary>
    static abstract TSelf UInt32ToSingle(TSelf value);
    /// <summary>double lanes to uint64 lanes, truncating toward zero and saturating (NaN to 0).</summary>
    static abstract TSelf DoubleToUInt64(TSelf value);
    /// <summary>uint64 lanes to double lanes (round to nearest).</summary>
    static abstract TSelf UInt64ToDouble(TSelf value);
    /// <summary>
    /// Lane i shifted left by <c>counts[i]</c> masked to the lane's bit width (C# semantics), for 2-, 4- and 8-byte
    /// integer lanes; only when <see cref="SimdTypes.HasVariableShift{T}"/> says so.
    /// </summary>
    static abstract TSelf ShiftLeftVariable(TSelf value, TSelf counts);
    /// <summary>Right shift by per-lane counts (masked as C#): arithmetic for signed lanes, logical for unsigned.</summary>
    static abstract TSelf ShiftRightVariable(TSelf value, TSelf counts);
    /// <summary>
    /// Truncated quotient of int32 / uint32 lanes, computed exactly in float64 lanes; the caller has excluded zero
    /// divisors and int.MinValue / -1.
    /// </summary>
    static abstract TSelf DivideInteger(TSelf left, TSelf right);
    /// <summary>float lanes: exp(y · log x) evaluated in float64 lanes (within 1 float ulp for finite x &gt; 0 and finite y; other lanes unspecified).</summary>
    static abstract TSelf PowSingle(TSelf x, TSelf y);
    /// <summary><see cref="PowSingle"/> inlined into the caller (for the one loop that holds it; elsewhere it exhausts the JIT's inlining budget).</summary>
    static abstract TSelf PowSingleInline(TSelf x, TSelf y);
    /// <summary>Sum of all lanes (in a fixed order, so results are reproducible).</summary>
    static abstract T Sum(TSelf value);
    /// <summary>
    /// The largest lane by <see cref="Max"/> (NaN if a lane is NaN, +0 above −0), the halves folded as a balanced tree: a
    /// few shuffles instead of reading the lanes one by one.
    /// </summary>
    static abstract T MaxAcross(TSelf value);
    /// <summary>The smallest lane by <see cref="Min"/>, as <see cref="MaxAcross"/>.</summary>
    static abstract T MinAcross(TSelf value);
}

/// <summary>Helpers shared by the wrappers: the element-type checks the JIT folds away.</summary>
internal static unsafe partial class SimdTypes
{
    /// <summary>
    /// Whether an instruction whose result is subnormal takes a microcode assist (about 150 cycles a vector): Intel
    /// cores do (FTZ is off in .NET), AMD Zen cores do not. Read once from CPUID's vendor string; a static readonly
    /// the JIT folds, so a kernel that guards against it costs nothing on the other vendor. The results are the same
    /// bits either way.
    /// </summary>
    public static readonly bool SubnormalResultsAssist = IsIntel();

    private static bool IsIntel()
    {
        if (!System.Runtime.Intrinsics.X86.X86Base.IsSupported) return false;
        var (_, ebx, ecx, edx) = System.Runtime.Intrinsics.X86.X86Base.CpuId(0, 0);
        return ebx == 0x756E_6547 && edx == 0x4965_6E69 && ecx == 0x6C65_746E; // "Genu" "ineI" "ntel"
    }

    // The element-type facts live in Common/ElementTypes.cs (one table); these JIT-constant forms forward to it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsFloat<T>() => ElementTypes.IsVectorFloat<T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsSignedInteger<T>() => ElementTypes.IsSignedInteger<T>();

    /// <summary>Whether Vector128/256/512 support <typeparamref name="T"/> as an element type.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsVectorElement<T>() => ElementTypes.IsVectorElement<T>();

    /// <summary>Whether <c>ShiftLeftVariable</c>/<c>ShiftRightVariable</c> are single instructions for <typeparamref name="T"/> at every width the dispatcher may pick.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool HasVariableShift<T>() where T : unmanaged =>
        sizeof(T) == 4 ? System.Runtime.Intrinsics.X86.Avx2.IsSupported :
        sizeof(T) == 8 ? (IsSignedInteger<T>() ? System.Runtime.Intrinsics.X86.Avx512F.VL.IsSupported : System.Runtime.Intrinsics.X86.Avx2.IsSupported) :
        sizeof(T) == 2 && System.Runtime.Intrinsics.X86.Avx512BW.VL.IsSupported;

    /// <summary>Whether <c>DivideInteger</c> applies: int32 and uint32 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool HasDivideInteger<T>() => typeof(T) == typeof(int) || typeof(T) == typeof(uint);

    /// <summary>Bit i set for each of the <paramref name="count"/> lanes of a vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong AllLanes(int count) => count == 64 ? ulong.MaxValue : (1UL << count) - 1;

    public static NotSupportedException NotSupported<T>(string operation) =>
        new($"{operation} is not vectorised for {typeof(T).Name}.");
}
