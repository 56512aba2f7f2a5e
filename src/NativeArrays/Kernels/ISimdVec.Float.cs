using System.Runtime.CompilerServices;

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
    /// <summary>All-ones lanes where <paramref name="left"/> or <paramref name="right"/> is NaN (one unordered compare on x86; zero for integers).</summary>
    static abstract TSelf EitherNaN(TSelf left, TSelf right);
    /// <summary>
    /// 8-byte lanes only: each lane replaced by <c>table[i]</c>, i = the lane's low 4 bits as an integer (higher bits are
    /// ignored); <paramref name="table"/> has 16 entries. AVX-512 <c>vpermi2pd</c> from two registers at 512 bits, an
    /// AVX2 gather at 128/256 bits, lane by lane without AVX2: a pure lookup, so the same bits at every width.
    /// </summary>
    static abstract TSelf Lookup16(TSelf index, ReadOnlySpan<T> table);
    /// <summary>
    /// 4-byte float lanes only: each lane replaced by <c>table[i]</c>, i = the lane's low 5 bits as an integer (higher
    /// bits are ignored); <paramref name="table"/> has 32 entries, also held in <paramref name="t0"/>..<paramref name="t3"/>
    /// as <see cref="Table32Part"/> gives them (registers a loop keeps: <see cref="HoistedConstants{TV}"/>). AVX-512
    /// <c>vpermi2ps</c> from two registers at 512 bits, two of them and a blend at 256 bits with AVX-512VL, an AVX2
    /// gather from <paramref name="table"/> otherwise, lane by lane without AVX2: a pure lookup, so the same bits at
    /// every width.
    /// </summary>
    static abstract TSelf Lookup32(TSelf index, TSelf t0, TSelf t1, TSelf t2, TSelf t3, ReadOnlySpan<T> table);
    /// <summary>
    /// Register <paramref name="part"/> (0..3) of the ones <see cref="Lookup32"/> reads a 32-entry float table from
    /// (zero where it reads none). A value, not an out parameter: a field's address taken would keep a constants
    /// struct (<see cref="HoistedConstants{TV}"/>) out of registers.
    /// </summary>
    static abstract TSelf Table32Part(ReadOnlySpan<T> table, int part);
    /// <summary>
    /// Whether <see cref="ScaleB"/> is one instruction: float lanes at 512 bits with AVX-512 (<c>vscalefps</c> /
    /// <c>vscalefpd</c>). Only the 512-bit width offers it, so the narrower widths keep the kernels' own scaling (the
    /// same bits: both round e·2^k once), and the width-sweep tests compare the two.
    /// </summary>
    static abstract bool HasScaleB { get; }
    /// <summary>
    /// <paramref name="value"/>·2^<paramref name="k"/> rounded once, for lanes <paramref name="k"/> holding integers:
    /// normal, subnormal, overflowing and underflowing results alike (AVX-512 <c>vscalefps</c> / <c>vscalefpd</c>;
    /// NaN in either gives NaN). Only where <see cref="HasScaleB"/>.
    /// </summary>
    static abstract TSelf ScaleB(TSelf value, TSelf k);
    /// <summary>
    /// Float lanes: x − <see cref="ISimdVec{TSelf, T}.Round"/>(x) (ties to even), exact, so in [−½, ½]; ±0 for ±inf
    /// (not NaN), NaN for NaN. With AVX-512DQ one <c>vreduceps</c> / <c>vreducepd</c> (every width; VL below 512 bits),
    /// which gives exactly that, else <see cref="RoundRemainderFallback"/>: the same value (+0 for either infinity).
    /// With <see cref="ScaleB"/> of <c>Round(x)</c> it lets 2^x skip its clamp: an infinite or huge k scales the
    /// polynomial's value at 0 to +inf or 0.
    /// </summary>
    static abstract TSelf RoundRemainder(TSelf x);
    /// <summary>
    /// Float lanes: x clamped to [−limit, limit] (<paramref name="negatedLimit"/> = −<paramref name="limit"/>, positive
    /// <paramref name="limit"/> lanes). With AVX-512DQ one <c>vrangeps</c> / <c>vrangepd</c> (the smaller magnitude with
    /// x's sign; every width, VL below 512 bits), else the native max and min (two instructions, hence the negated
    /// limit given): the same value for every lane that is not NaN. A NaN lane gives an unspecified value (the range
    /// instruction returns ±limit there, the max and min NaN): callers replace those lanes.
    /// </summary>
    static abstract TSelf ClampMagnitude(TSelf x, TSelf limit, TSelf negatedLimit);
    /// <summary>
    /// Float lanes: <paramref name="r"/> where <paramref name="u"/> is positive and finite (a subnormal too), else the
    /// log of <paramref name="u"/> as the scalar functions give it: −inf for ±0, NaN (the default NaN) for negatives and
    /// −inf, +inf for +inf, u's NaN quieted (payload and sign kept). With AVX-512 one <c>vfixupimmps</c> /
    /// <c>vfixupimmpd</c> (every width; VL below 512 bits), else five compares and selects
    /// (<see cref="LogSpecialsFallback"/>): the same bits.
    /// </summary>
    static abstract TSelf FixLogSpecials(TSelf r, TSelf u);
    /// <summary>
    /// Float lanes: one bit per lane, set where <paramref name="x"/> is not a positive normal finite number (±0,
    /// subnormal, negative, ±inf, NaN): the lanes a log core leaves to its fix. With AVX-512DQ one <c>vfpclassps</c> /
    /// <c>vfpclasspd</c> (every width; VL below 512 bits) whose mask is the answer, else
    /// <see cref="ISimdVec{TSelf, T}.OutsideBits"/> of the normal range (two compares, their AND and a complement): the
    /// same bits.
    /// </summary>
    static abstract ulong NotPositiveNormalBits(TSelf x);
}

/// <summary><see cref="ISimdVec{TSelf, T}.RoundRemainder"/> without AVX-512DQ: x − round(x), +0 where x is infinite.</summary>
internal static class RoundRemainderFallback
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Apply<T, TV>(TV x, TV infinity) where T : unmanaged where TV : struct, ISimdVec<TV, T>
        => TV.AndNot(TV.Subtract(x, TV.Round(x)), TV.Equals(TV.Abs(x), infinity));
}

/// <summary>
/// <see cref="ISimdVec{TSelf, T}.FixLogSpecials"/> without AVX-512, and the token table of its <c>vfixupimm</c> form.
/// </summary>
internal static class LogSpecialsFallback
{
    /// <summary>
    /// The <c>vfixupimm</c> responses by the input's class (4 bits each, class 0 lowest): QNaN 2 (the input quieted),
    /// SNaN 2, ±0 4 (−inf), +1 0 (keep r), −inf 3 (default NaN), +inf 5 (+inf), negative 3, positive 0 (keep r).
    /// </summary>
    public const int FixupTable = 0x0353_0422;

    /// <summary>The select form (the same bits as the <c>vfixupimm</c> form).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Apply<T, TV>(TV r, TV u) where T : unmanaged where TV : struct, ISimdVec<TV, T>
    {
        bool single = typeof(T) == typeof(float);
        TV inf = TV.Create(single ? Unsafe.BitCast<float, T>(float.PositiveInfinity) : Unsafe.BitCast<double, T>(double.PositiveInfinity));
        TV zero = TV.Equals(u, TV.Zero);
        r = TV.Select(TV.Equals(u, inf), u, r);
        r = TV.Select(zero, TV.Negate(inf), r);
        TV nan = TV.Create(single ? Unsafe.BitCast<float, T>(float.NaN) : Unsafe.BitCast<double, T>(double.NaN));
        return TV.Select(TV.Or(TV.GreaterThan(u, TV.Zero), zero), r, TV.Select(TV.Equals(u, u), nan, TV.Add(u, u)));
    }
}

/// <summary>The lane-by-lane form of <see cref="ISimdVec{TSelf, T}.Lookup16"/> and <see cref="ISimdVec{TSelf, T}.Lookup32"/> (no AVX2).</summary>
internal static unsafe class Lookup16Fallback
{
    /// <summary>Each 8-byte lane at <paramref name="lanes"/> (as raw bits, <paramref name="count"/> lanes) replaced by its table entry, in place.</summary>
    public static void Apply<T>(T* lanes, int count, ReadOnlySpan<T> table) where T : unmanaged
    {
        for (int i = 0; i < count; i++) lanes[i] = table[(int)(((ulong*)lanes)[i] & 15)];
    }

    /// <summary>Each 4-byte lane at <paramref name="lanes"/> (as raw bits, <paramref name="count"/> lanes) replaced by its entry of the 32-entry table, in place.</summary>
    public static void Apply32<T>(T* lanes, int count, ReadOnlySpan<T> table) where T : unmanaged
    {
        for (int i = 0; i < count; i++) lanes[i] = table[(int)(((uint*)lanes)[i] & 31)];
    }
}
