using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NativeArrays.Kernels;

// float32 exp and log evaluated in float32 lanes and inlined (the runtime's vector Exp/Log for float are calls that
// widen to float64, twice the work per lane). Cephes (S. L. Moshier) expf/exp2f/logf polynomials with FMA steps;
// callers keep the arguments in range and resolve the other lanes (ExpSpecialLanes, LogSpecialLanes). Used by the float32 Exp (and
// so Sigmoid), Exp2, Expm1, Tanh, Log10 and Log1p; bounds in the README, tested in VectorisedOpsTests.
internal static partial class VectorMath
{
    /// <summary>2^k for integer-valued float lanes k in [-126, 127], from the exponent bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV PowerOfTwoSingle<T, TV>(TV k) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
        => TV.ShiftLeftBits(TV.Add(k, K<T, TV>(8388608.0 + 127)), 23);

    /// <summary>
    /// 2^k for integer-valued lanes k of either float type (float32 [-126, 127], float64 [-1022, 1023]). One shift per
    /// type with a literal count: a count written as a conditional reaches the JIT as a variable, and it emits the shift
    /// by a register count (2 uops, 3 more cycles of latency at 512 bits) instead of the immediate form.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV PowerOfTwo<T, TV>(TV k) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
        => typeof(T) == typeof(float) ? PowerOfTwoSingle<T, TV>(k) : TV.ShiftLeftBits(TV.Add(k, K<T, TV>(4503599627370496.0 + 1023)), 52);

    /// <summary>
    /// x = k·ln 2 + r for float lanes: k = round(x/ln 2), r = x − k·ln 2 with ln 2 in two parts by FMA (|r| ≤ ln2/2);
    /// 1/ln 2 and −ln 2's two parts from C0..C2 of <paramref name="c"/> (the exp and expm1 loaders both put them there).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ReduceByLn2<T, TV>(TV x, in HoistedConstants<TV> c, out TV k) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        k = TV.Round(TV.Multiply(x, c.C0));
        TV r = TV.FusedMultiplyAdd(k, c.C1, x); // (−k)·c as k·(−c): the same product, no negation
        return TV.FusedMultiplyAdd(k, c.C2, r);
    }

    /// <summary>e^x = e·2^k: k = round(x/ln 2) and e = e^r (|r| ≤ ln2/2), the Cephes expf polynomial.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ExpSingleMantissa<T, TV>(TV x, out TV k) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        HoistedConstants<TV> c = default;
        ExpSingleConstants<T, TV>(ref c);
        return ExpSingleMantissa<T, TV>(x, in c, out k);
    }

    /// <summary><see cref="ExpSingleMantissa{T, TV}(TV, out TV)"/> with its constants from <paramref name="c"/> (<see cref="ExpSingleConstants{T, TV}"/>): the same operations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ExpSingleMantissa<T, TV>(TV x, in HoistedConstants<TV> c, out TV k) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        TV r = ReduceByLn2<T, TV>(x, in c, out k);
        TV z = TV.Multiply(r, r);
        TV p = TV.FusedMultiplyAdd(c.C3, r, c.C4); // Estrin: 3 dependent steps, not 5
        p = TV.FusedMultiplyAdd(p, z, TV.FusedMultiplyAdd(c.C5, r, c.C6));
        p = TV.FusedMultiplyAdd(p, z, TV.FusedMultiplyAdd(c.C7, r, c.C8));
        return TV.Add(TV.FusedMultiplyAdd(z, p, r), c.C9);
    }

    /// <summary>
    /// The constants of the float32 exp core (<see cref="ExpSingleMantissa{T, TV}(TV, in HoistedConstants{TV}, out TV)"/>:
    /// C0..C9) and of <see cref="ExpSingleDeferred{T, TV}(TV, in HoistedConstants{TV}, out ulong)"/> (its clamps and
    /// 2^k: C10..C14).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void ExpSingleConstants<T, TV>(ref HoistedConstants<TV> c) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        c.C0 = K<T, TV>(1.4426950408889634); // 1/ln 2 and −ln 2 in two parts (ReduceByLn2's)
        c.C1 = K<T, TV>(-0.693359375);
        c.C2 = K<T, TV>(2.12194440e-4);
        c.C3 = K<T, TV>(1.9875691500e-4); // Cephes expf
        c.C4 = K<T, TV>(1.3981999507e-3);
        c.C5 = K<T, TV>(8.3334519073e-3);
        c.C6 = K<T, TV>(4.1665795894e-2);
        c.C7 = K<T, TV>(1.6666665459e-1);
        c.C8 = K<T, TV>(5.0000001201e-1);
        c.C9 = K<T, TV>(1);
        c.C10 = K<T, TV>(-104); // the full form's clamp (ExpSingleClamp's)
        c.C11 = K<T, TV>(89);
        c.C12 = K<T, TV>(-87); // the core's range
        c.C13 = K<T, TV>(88);
        c.C14 = K<T, TV>(8388608.0 + 127); // 2^k from the exponent bits (PowerOfTwoSingle's)
    }

    /// <summary>
    /// e·2^k rounded once, for float lanes with e in [½, 2) and any integer k in [−151, 128]: normal, subnormal and
    /// overflowing results alike (the same bits as the product e·2^k where 2^k is normal). y = e·2^(k − m) is exact and
    /// normal, with m = 1 for k ≥ 0 and m = −64 below; the result is y·2^m by one FMA, whose addend is 0 except where
    /// the result is subnormal (<paramref name="subnormal"/>: y &lt; 2^−62). There it is 2^−126: the sum then lies in
    /// [2^−126, 2^−125), so the FMA rounds the exact product once on the grid of 2^−149, the subnormals', and the
    /// result's bits are bits(s) − bits(2^−126), an integer subtraction. No instruction produces a subnormal: a
    /// multiply that does took a microcode assist, ~40 ns a vector here (float32 <c>Exp</c> of arguments in
    /// [−103, −88]: 2.5 ns per element).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ScaleSingle<T, TV>(TV e, TV k, out TV subnormal) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        TV below = TV.LessThan(k, TV.Zero);
        TV y = TV.Multiply(e, PowerOfTwoSingle<T, TV>(TV.Subtract(k, TV.Select(below, K<T, TV>(-64), K<T, TV>(1)))));
        subnormal = TV.LessThan(y, K<T, TV>(2.168404344971009e-19)); // 2^−62 (only where k < 0: else y ≥ ¼)
        TV s = TV.FusedMultiplyAdd(y, TV.Select(below, K<T, TV>(5.421010862427522e-20), K<T, TV>(2)), // 2^−64
            TV.And(subnormal, K<T, TV>(1.1754943508222875e-38))); // 2^−126
        return TV.AddBits(s, TV.And(subnormal, Bits<T, TV>(-0x0080_0000)));
    }

    /// <summary>
    /// log x for normal, finite, positive float lanes (the caller sends the others to the scalar function): x = 2^e·m,
    /// m in [√½, √2) split by one integer add (bits(x) + bits(1) − bits(√½) carries into the exponent exactly when the
    /// mantissa is ≥ √2: no compare, no select), f = m − 1 (exact), log m = f − f²/2 + f³·P(f) (Cephes logf, P of
    /// degree 8 by Estrin's scheme: 4 dependent steps instead of 9 Horner steps, so the vector loop keeps more vectors
    /// in flight), e·ln 2 in two parts.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV LogSingleCore<T, TV>(TV x) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        HoistedConstants<TV> c = default;
        LogSingleConstants<T, TV>(ref c);
        return LogSingleCore<T, TV>(x, in c);
    }

    /// <summary><see cref="LogSingleCore{T, TV}(TV)"/> with its constants from <paramref name="c"/> (<see cref="LogSingleConstants{T, TV}"/>): the same operations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV LogSingleCore<T, TV>(TV x, in HoistedConstants<TV> c) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        TV e = LogSingleParts<T, TV>(x, in c, out TV f, out TV z, out TV y);
        y = TV.FusedMultiplyAdd(e, c.C15, y);
        y = TV.FusedMultiplyAdd(z, c.C16, y);
        return TV.FusedMultiplyAdd(e, c.C17, TV.Add(f, y));
    }

    /// <summary>
    /// The constants of the Cephes log core (<see cref="LogSingleParts{T, TV}(TV, in HoistedConstants{TV}, out TV, out TV, out TV)"/>:
    /// C0..C14; <see cref="LogSingleCore{T, TV}(TV, in HoistedConstants{TV})"/>: C15..C17).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void LogSingleConstants<T, TV>(ref HoistedConstants<TV> c) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        SplitSingleAtSqrtHalfConstants<T, TV>(ref c);
        c.C5 = K<T, TV>(1);
        c.C6 = K<T, TV>(-2.4999993993e-1);
        c.C7 = K<T, TV>(3.3333331174e-1);
        c.C8 = K<T, TV>(-1.6668057665e-1);
        c.C9 = K<T, TV>(2.0000714765e-1);
        c.C10 = K<T, TV>(-1.2420140846e-1);
        c.C11 = K<T, TV>(1.4249322787e-1);
        c.C12 = K<T, TV>(-1.1514610310e-1);
        c.C13 = K<T, TV>(1.1676998740e-1);
        c.C14 = K<T, TV>(7.0376836292e-2);
        c.C15 = K<T, TV>(-2.12194440e-4); // ln 2 in two parts
        c.C16 = K<T, TV>(-0.5);
        c.C17 = K<T, TV>(0.693359375);
    }

    /// <summary>
    /// float32 log of the normal, finite, positive lanes (<see cref="LogSingleCore{T, TV}(TV, in HoistedConstants{TV})"/>);
    /// <paramref name="fix"/>: the other lanes, which the caller resolves.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV LogSingleDeferred<T, TV>(TV x, in HoistedConstants<TV> c, out ulong fix) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        fix = TV.NotPositiveNormalBits(x);
        return LogSingleCore<T, TV>(x, in c);
    }

    /// <summary>
    /// 1/c for the 32 parts of [√½, √2) that bits 18-22 of bits(m) + bits(1) − bits(√½) select (c near the middle of the
    /// part): 1 for the part holding 1 and its two neighbours, so x within 1.6 % of 1 has r = m − 1 exact and no
    /// cancellation against log10 c; elsewhere the float32 nearest 1/(the part's middle) whose log10 is within 1/100
    /// ulp of a float32 (Gal's accurate tables: <see cref="Log10SingleC"/> then needs no low part), chosen among the
    /// 6001 floats around it.
    /// </summary>
    private static ReadOnlySpan<float> Log10SingleInvC => [1.3988011f, 1.3689338f, 1.3399893f, 1.3125072f, 1.2865331f, 1.2609403f,
        1.2363207f, 1.2134118f, 1.1904342f, 1.1687454f, 1.1481496f, 1.1276258f, 1.1080587f, 1.0892823f, 1.0712266f, 1.0532329f,
        1.036512f, 1f, 1f, 1f, 0.94788486f, 0.9208424f, 0.89493173f, 0.87078005f, 0.8475687f, 0.8256564f, 0.8049222f,
        0.78532916f, 0.76648164f, 0.7484945f, 0.7313797f, 0.71508104f];

    /// <summary>log10 c = −log10(1/c) of each part of <see cref="Log10SingleInvC"/>, rounded to float32.</summary>
    private static ReadOnlySpan<float> Log10SingleC => [-0.14575596f, -0.13638245f, -0.12710133f, -0.11810168f, -0.10942097f,
        -0.10069453f, -0.09213115f, -0.08400822f, -0.0757054f, -0.067719914f, -0.059998482f, -0.052165013f, -0.044562764f,
        -0.037140436f, -0.029881347f, -0.02252442f, -0.015574342f, 0f, 0f, 0f, 0.023244414f, 0.035814688f, 0.048210092f,
        0.06009153f, 0.071825095f, 0.08320064f, 0.09424608f, 0.104948275f, 0.115498245f, 0.12581138f, 0.1358571f, 0.14564474f];

    /// <summary>The constants of <see cref="Log10SingleCore{T, TV}"/>, in the order it reads them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Log10SingleConstants<T, TV>(ref HoistedConstants<TV> k) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        SplitSingleAtSqrtHalfConstants<T, TV>(ref k);
        k.C5 = K<T, TV>(-1);
        // log10(1 + r) = r·k1 + r²·(k2 + k3·r + k4·r² + k5·r³): the coefficients (−1)^(n+1)/(n·ln 10) in float32.
        k.C6 = K<T, TV>(0.0868589f);
        k.C7 = K<T, TV>(-0.10857362f);
        k.C8 = K<T, TV>(0.14476483f);
        k.C9 = K<T, TV>(-0.21714725f);
        k.C10 = K<T, TV>(0.4342945f);
        k.C11 = K<T, TV>(0.3010254f); // log10 2 to 12 bits: e·hi is exact
        k.C12 = K<T, TV>(4.605039E-06f); // log10 2 − hi
        LogTableConstants<T, TV>(ref k, Log10SingleInvC, Log10SingleC);
    }

    /// <summary>
    /// The two 32-entry tables of a table-driven float32 log core (1/c and its log) into C15..C18 and C19..C22, as
    /// <see cref="ISimdVec{TSelf, T}.Table32Part"/> gives them (<see cref="Log10SingleCore{T, TV}"/>, <see cref="Log1pSingleCore{T, TV}"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LogTableConstants<T, TV>(ref HoistedConstants<TV> k, ReadOnlySpan<float> invC, ReadOnlySpan<float> logC) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        ReadOnlySpan<T> ic = MemoryMarshal.Cast<float, T>(invC), lc = MemoryMarshal.Cast<float, T>(logC);
        k.C15 = TV.Table32Part(ic, 0);
        k.C16 = TV.Table32Part(ic, 1);
        k.C17 = TV.Table32Part(ic, 2);
        k.C18 = TV.Table32Part(ic, 3);
        k.C19 = TV.Table32Part(lc, 0);
        k.C20 = TV.Table32Part(lc, 1);
        k.C21 = TV.Table32Part(lc, 2);
        k.C22 = TV.Table32Part(lc, 3);
    }

    /// <summary>
    /// log10 x of the normal, finite, positive float lanes, table-driven; <paramref name="fix"/>: the other lanes (the
    /// caller resolves them). x = 2^e·m with m in [√½, √2) split by one integer add
    /// (<see cref="SplitSingleAtSqrtHalf{T, TV}"/>), the part's 1/c and log10 c by two 32-entry lookups
    /// (<see cref="ISimdVec{TSelf, T}.Lookup32"/>: one <c>vpermi2ps</c> each at 512 bits), r = m·(1/c) − 1 by one FMA
    /// (|r| ≤ 0.024), log10(1 + r) by its Taylor series to r^5 (truncation below 1.3·10⁻⁹ of the result), e·log10 2
    /// with log10 2 in two parts: log10 x = (r·k1 + (r²·P(r) + e·lo)) + (e·hi + log10 c). Its constants come from
    /// <paramref name="k"/> (<see cref="Log10SingleConstants{T, TV}"/>), which the contiguous loop keeps in registers.
    /// About 21 vector operations against the Cephes log core's 30 and the two-part product by 1/ln 10 it needed; max
    /// error 1.38 ulp over every positive normal float32 (the Cephes form: 1.70).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV Log10SingleCore<T, TV>(TV x, in HoistedConstants<TV> k, out ulong fix) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        fix = TV.NotPositiveNormalBits(x);
        TV e = SplitSingleAtSqrtHalf<T, TV>(x, in k, out TV m, out TV u);
        TV part = TV.ShiftRightBits(u, 18); // bits 18-22: the top five bits of the offset mantissa
        ReadOnlySpan<T> invC = MemoryMarshal.Cast<float, T>(Log10SingleInvC), c = MemoryMarshal.Cast<float, T>(Log10SingleC);
        TV r = TV.FusedMultiplyAdd(m, TV.Lookup32(part, k.C15, k.C16, k.C17, k.C18, invC), k.C5);
        TV r2 = TV.Multiply(r, r);
        TV p = TV.FusedMultiplyAdd(TV.FusedMultiplyAdd(k.C6, r, k.C7), r2, TV.FusedMultiplyAdd(k.C8, r, k.C9));
        TV low = TV.FusedMultiplyAdd(p, r2, TV.Multiply(e, k.C12));
        TV high = TV.FusedMultiplyAdd(e, k.C11, TV.Lookup32(part, k.C19, k.C20, k.C21, k.C22, c));
        return TV.Add(TV.FusedMultiplyAdd(r, k.C10, low), high);
    }

    /// <summary>
    /// 1/c for the same 32 parts of [√½, √2) as <see cref="Log10SingleInvC"/>: 1 for the part holding 1 and its two
    /// neighbours (there r = u − 1 is exact and a tiny x comes back exactly, see <see cref="Log1pSingleCore{T, TV}"/>);
    /// elsewhere the float32 near 1/(the part's middle) whose natural log is within 1/250 ulp of a float32 (Gal's
    /// accurate tables: <see cref="Log1pSingleC"/> then needs no low part), searched within 4000 ulps of it.
    /// </summary>
    private static ReadOnlySpan<float> Log1pSingleInvC => [1.3987447f, 1.368846f, 1.3401852f, 1.3126928f, 1.2863066f, 1.2609575f,
        1.2366065f, 1.2131633f, 1.1905974f, 1.1688453f, 1.1478754f, 1.1276591f, 1.1081334f, 1.0892754f, 1.0710452f, 1.0534242f,
        1.0363605f, 1f, 1f, 1f, 0.94801027f, 0.9207361f, 0.8949816f, 0.8706358f, 0.8475686f, 0.8257028f, 0.8049372f,
        0.7851772f, 0.7663841f, 0.748446f, 0.73135906f, 0.71500957f];

    /// <summary>ln c = −ln(1/c) of each part of <see cref="Log1pSingleInvC"/>, rounded to float32.</summary>
    private static ReadOnlySpan<float> Log1pSingleC => [-0.3355752f, -0.3139681f, -0.2928078f, -0.27208057f, -0.25177503f,
        -0.23187134f, -0.21237092f, -0.19323121f, -0.17445521f, -0.15601633f, -0.13791278f, -0.120143875f, -0.10267701f,
        -0.08551267f, -0.06863496f, -0.05204604f, -0.03571506f, 0f, 0f, 0f, 0.053389948f, 0.08258185f, 0.110952094f,
        0.13853152f, 0.16538353f, 0.1915204f, 0.21699104f, 0.24184589f, 0.26607177f, 0.28975624f, 0.31285074f, 0.33545935f];

    /// <summary>The constants of <see cref="Log1pSingleCore{T, TV}"/>, in the order it reads them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Log1pSingleConstants<T, TV>(ref HoistedConstants<TV> k) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        SplitSingleAtSqrtHalfConstants<T, TV>(ref k);
        k.C5 = K<T, TV>(-1);
        // log(1 + r) = r + r²·P(r), P of degree 3 fitted (minimax, relative error 2^-29.4) on r in [-0.0273, 0.0393],
        // the reduced range of the parts (the widest are the three with c = 1).
        k.C6 = K<T, TV>(0.19621822f);
        k.C7 = K<T, TV>(-0.2501476f);
        k.C8 = K<T, TV>(0.33333534f);
        k.C9 = K<T, TV>(-0.49999997f);
        k.C10 = K<T, TV>(-2.12194440e-4); // ln 2 − hi
        k.C11 = K<T, TV>(0.693359375); // ln 2 to 9 bits: e·hi is exact
        k.C12 = K<T, TV>(-0.0); // the sign bit
        LogTableConstants<T, TV>(ref k, Log1pSingleInvC, Log1pSingleC);
    }

    /// <summary>
    /// log(1 + x) of float lanes whose u = 1 + x is a normal, finite, positive number, table-driven; <paramref name="fix"/>:
    /// the other lanes (x ≤ −1, +inf, NaN; the caller resolves them). log(1 + x) = log u + log(1 + t/u) with u's
    /// rounding error t = x − (u − 1), exact while u ≤ 2^24 (u − 1 and the difference are exact: Fast2Sum for |x| ≤ 1,
    /// Sterbenz beyond; above, t/u is below 2^−28 of the result). log u as the float32 <c>Log10</c> core with
    /// natural-log tables: u = 2^e·m with m in [√½, √2) split by one integer add (<see cref="SplitSingleAtSqrtHalf{T, TV}"/>),
    /// the part's 1/c and ln c by two 32-entry lookups (one <c>vpermi2ps</c> each at 512 bits), r = m·(1/c) − 1 by one
    /// FMA, ln(1 + r) = r + r²·P(r); then (r + (r²·P(r) + (e·lo + t/u))) + (e·hi + ln c) with ln 2 in two parts
    /// (log(1 + t/u) taken as t/u: |t/u| ≤ 2^−24, the dropped (t/u)²/2 is at most 1/4 ulp). t/u is one division, off
    /// the critical path. Where c is 1 (u within 3 % of 1) r = u − 1 exactly, so a tiny x comes back as r + t/u = x.
    /// x's sign bit is put on the result (log1p has x's sign; this keeps −0). Worst error 1.40 ulp over every float32
    /// above −1 (Goldberg's log u · x / (u − 1) on the Cephes core: 2.47), 0.18–0.21 against 0.21–0.26 ns per element
    /// in-process at 10³. Its constants come from <paramref name="k"/> (<see cref="Log1pSingleConstants{T, TV}"/>),
    /// which the contiguous loop keeps in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV Log1pSingleCore<T, TV>(TV x, in HoistedConstants<TV> k, out ulong fix) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        TV u = TV.Subtract(x, k.C5);
        fix = TV.NotPositiveNormalBits(u);
        TV t = TV.Subtract(x, TV.Add(u, k.C5));
        TV e = SplitSingleAtSqrtHalf<T, TV>(u, in k, out TV m, out TV split);
        TV part = TV.ShiftRightBits(split, 18); // bits 18-22: the top five bits of the offset mantissa
        ReadOnlySpan<T> invC = MemoryMarshal.Cast<float, T>(Log1pSingleInvC), lnC = MemoryMarshal.Cast<float, T>(Log1pSingleC);
        TV ic = TV.Lookup32(part, k.C15, k.C16, k.C17, k.C18, invC);
        TV r = TV.FusedMultiplyAdd(m, ic, k.C5);
        TV d = TV.Divide(t, u);
        TV r2 = TV.Multiply(r, r);
        TV p = TV.FusedMultiplyAdd(TV.FusedMultiplyAdd(k.C6, r, k.C7), r2, TV.FusedMultiplyAdd(k.C8, r, k.C9));
        TV low = TV.FusedMultiplyAdd(p, r2, TV.FusedMultiplyAdd(e, k.C10, d));
        TV high = TV.FusedMultiplyAdd(e, k.C11, TV.Lookup32(part, k.C19, k.C20, k.C21, k.C22, lnC));
        return TV.Select(k.C12, x, TV.Add(TV.Add(r, low), high));
    }

    /// <summary>
    /// log2 of normal, finite, positive float lanes: e + log m/ln 2 with log m = f − q (q = z/2 − y by one FMA, the
    /// Cephes parts of <see cref="LogSingleCore{T, TV}(TV)"/>) carried as h + l, then as the float64 core
    /// (<see cref="Log2Finish{T, TV}"/>). A power of two gives its exponent exactly (f = 0).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV Log2SingleCore<T, TV>(TV x) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        TV e = LogSingleParts<T, TV>(x, out TV f, out TV z, out TV y);
        TV q = TV.FusedMultiplySubtract(z, K<T, TV>(0.5), y);
        TV h = TV.Subtract(f, q);
        TV l = TV.Subtract(TV.Subtract(f, h), q);
        return Log2Finish<T, TV>(e, h, l);
    }

    /// <summary>
    /// The Cephes parts of the float32 log of a normal, finite, positive x = 2^e·m (e returned): f = m − 1, z = f², and
    /// <paramref name="y"/> = f³·P(f); log m = f − z/2 + y.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV LogSingleParts<T, TV>(TV x, out TV f, out TV z, out TV y) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        HoistedConstants<TV> c = default;
        LogSingleConstants<T, TV>(ref c);
        return LogSingleParts<T, TV>(x, in c, out f, out z, out y);
    }

    /// <summary><see cref="LogSingleParts{T, TV}(TV, out TV, out TV, out TV)"/> with its constants from <paramref name="c"/> (<see cref="LogSingleConstants{T, TV}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV LogSingleParts<T, TV>(TV x, in HoistedConstants<TV> c, out TV f, out TV z, out TV y) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        TV e = SplitSingleAtSqrtHalf<T, TV>(x, in c, out TV m, out _);
        f = TV.Subtract(m, c.C5);
        z = TV.Multiply(f, f);
        TV z2 = TV.Multiply(z, z);
        TV p01 = TV.FusedMultiplyAdd(c.C6, f, c.C7);
        TV p23 = TV.FusedMultiplyAdd(c.C8, f, c.C9);
        TV p45 = TV.FusedMultiplyAdd(c.C10, f, c.C11);
        TV p67 = TV.FusedMultiplyAdd(c.C12, f, c.C13);
        TV p03 = TV.FusedMultiplyAdd(p23, z, p01);
        TV p47 = TV.FusedMultiplyAdd(p67, z, p45);
        TV p48 = TV.FusedMultiplyAdd(c.C14, z2, p47);
        TV p = TV.FusedMultiplyAdd(p48, z2, p03);
        y = TV.Multiply(p, TV.Multiply(f, z));
        return e;
    }

    /// <summary>The constants of <see cref="SplitSingleAtSqrtHalf{T, TV}"/>, in C0..C4 (the log and log10 loaders both start with them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SplitSingleAtSqrtHalfConstants<T, TV>(ref HoistedConstants<TV> c) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        c.C0 = Bits<T, TV>(0x3F80_0000 - SqrtHalfBits);
        c.C1 = K<T, TV>(8388608.0); // 2^23: its bits OR a small integer are that integer + 2^23
        c.C2 = K<T, TV>(8388608.0 + 127);
        c.C3 = Bits<T, TV>(0x007F_FFFF);
        c.C4 = Bits<T, TV>(SqrtHalfBits);
    }

    /// <summary>
    /// A normal, finite, positive float32 x = 2^e·m with m in [√½, √2) (e returned): bits(x) + bits(1) − bits(√½) as
    /// <paramref name="u"/> carries into the exponent exactly when the mantissa is ≥ √2 (no compare, no select), e from
    /// its exponent field by the 2^23 trick, m from its mantissa bits plus bits(√½).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV SplitSingleAtSqrtHalf<T, TV>(TV x, in HoistedConstants<TV> c, out TV m, out TV u) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        u = TV.AddBits(x, c.C0);
        m = TV.AddBits(TV.And(u, c.C3), c.C4);
        return TV.Subtract(TV.Or(TV.ShiftRightBits(u, 23), c.C1), c.C2);
    }

    /// <summary>The bits of float32 √½ (0.70710677).</summary>
    private const int SqrtHalfBits = 0x3F35_04F3;

    /// <summary>A vector of float lanes holding <paramref name="bits"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Bits<T, TV>(int bits) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
        => TV.Create(typeof(T) == typeof(float) ? Unsafe.BitCast<int, T>(bits) : Lane<T>(BitConverter.Int32BitsToSingle(bits)));

    /// <summary>Lanes of <paramref name="x"/> that are not normal, finite and positive, as lane bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong NotPositiveNormal<T, TV>(TV x) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
        => TV.NotPositiveNormalBits(x);

    /// <summary>
    /// float32 2^x: k = round(x), 2^(x − k) by Cephes exp2f (x − k is exact) for |x| ≤ 126; a vector with other lanes
    /// by <see cref="Exp2SingleOutside{T, TV}"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe TV Exp2Single<T, TV>(TV x) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        TV r = Exp2SingleDeferred<T, TV>(x, out ulong outside);
        return outside == 0 ? r : Exp2SingleOutside<T, TV>(x);
    }

    /// <summary><see cref="Exp2Single{T, TV}"/> without its other lanes: <paramref name="outside"/> holds the lanes beyond ±126 (and NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV Exp2SingleDeferred<T, TV>(TV x, out ulong outside) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        HoistedConstants<TV> c = default;
        Exp2SingleConstants<T, TV>(ref c);
        return Exp2SingleDeferred<T, TV>(x, in c, out outside);
    }

    /// <summary>
    /// <see cref="Exp2SingleDeferred{T, TV}(TV, out ulong)"/> with its constants from <paramref name="c"/>
    /// (<see cref="Exp2SingleConstants{T, TV}"/>), which the contiguous loop keeps in registers: the same operations.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV Exp2SingleDeferred<T, TV>(TV x, in HoistedConstants<TV> c, out ulong outside) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        if (TV.HasScaleB)
        {
            // The run form itself, its scaling one vscalefps: every lane in vector form, nothing deferred.
            outside = 0;
            return Exp2SingleWide<T, TV>(x, in c);
        }
        outside = TV.OutsideBits(x, c.C7, c.C8);
        TV xc = TV.MinNative(TV.MaxNative(x, c.C7), c.C8);
        TV k = TV.Round(xc);
        return TV.Multiply(Exp2SinglePolynomial<T, TV>(TV.Subtract(xc, k), in c), TV.ShiftLeftBits(TV.Add(k, c.C9), 23));
    }

    /// <summary><see cref="Exp2SingleRun{T, TV}"/> out of line: the full form's vectors with lanes beyond ±126.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TV Exp2SingleOutside<T, TV>(TV x) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
        => Exp2SingleRun<T, TV>(x, out _);

    /// <summary>
    /// float32 2^x of every lane in vector form, without a branch: the argument clamped to [−151, 128] (NaN lanes stay
    /// NaN: the hardware max and min return their second operand), the same polynomial, then
    /// <see cref="ScaleSingle{T, TV}"/> (p·2^k rounded once: the product's bits where it is normal; 2^(x − k) is rounded
    /// once before that last rounding, which stays within the bound and gives 0 exactly where exp2f does, the
    /// polynomial being below 1 only for x − k &lt; 0; 0 below −151 and +inf above 128 by the clamp). Nothing is left to
    /// the scalar Exp2. The full form's vectors with lanes beyond ±126 and the contiguous loop's runs of them
    /// (<see cref="IUnaryOp{T, TOut}.InvokeRun{TV}"/>; <paramref name="outside"/>: the vector had such lanes) both take
    /// it, so they give the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV Exp2SingleRun<T, TV>(TV x, out bool outside) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        HoistedConstants<TV> c = default;
        Exp2SingleConstants<T, TV>(ref c);
        outside = TV.OutsideBits(x, c.C7, c.C8) != 0; // the deferred form's range, ±126
        return Exp2SingleWide<T, TV>(x, in c);
    }

    /// <summary>
    /// The value of <see cref="Exp2SingleRun{T, TV}"/>: x clamped to [−151, 128], the polynomial, p·2^k rounded once
    /// (one <c>vscalefps</c> where <see cref="ISimdVec{TSelf, T}.HasScaleB"/>, else <see cref="ScaleSingle{T, TV}"/>: the
    /// same bits). Where <c>vscalefps</c> never takes an assist (<see cref="SimdTypes.SubnormalResultsAssist"/> false)
    /// there is no clamp: k = round(x) and f = x − k by <see cref="ISimdVec{TSelf, T}.RoundRemainder"/> (one
    /// <c>vreduceps</c>, 0 for ±inf), so k beyond [−151, 128] (±inf too) scales p to +inf or 0 as the clamped k did
    /// and NaN stays NaN: the same bits in 9 vector operations instead of 11 (session 49: 0.098 → 0.067 ns per element
    /// at 4000 in L1 with the constants in registers, of which the constants 0.098 → 0.080).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Exp2SingleWide<T, TV>(TV x, in HoistedConstants<TV> c) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        if (TV.HasScaleB && !SimdTypes.SubnormalResultsAssist)
            return TV.ScaleB(Exp2SinglePolynomial<T, TV>(TV.RoundRemainder(x), in c), TV.Round(x));
        TV xc = TV.MinNative(c.C11, TV.MaxNative(c.C10, x));
        TV k = TV.Round(xc);
        TV p = Exp2SinglePolynomial<T, TV>(TV.Subtract(xc, k), in c);
        return TV.HasScaleB ? ScaleBWithoutAssist<T, TV>(p, k) : ScaleSingle<T, TV>(p, k, out _);
    }

    /// <summary>
    /// e·2^k rounded once (e in [√½, √2], k an integer in [−151, 128]) where <see cref="ISimdVec{TSelf, T}.HasScaleB"/>:
    /// one <c>vscalefps</c>. A <c>vscalefps</c> whose result is subnormal takes a microcode assist on Intel cores
    /// (<see cref="SimdTypes.SubnormalResultsAssist"/>), none on AMD's: float32 <c>Exp</c> of [−150, 150), most of whose
    /// vectors hold such a lane, ran at 5.9 ns per element at 512 bits against 0.76 at 256 on an Emerald Rapids host
    /// (session 35). There a vector with a lane whose k is −126 or less (only there can the result be subnormal) takes
    /// <see cref="ScaleSingle{T, TV}"/> instead (the same bits), and the others pay one compare. That branch is inline:
    /// out of line (session 35) each such vector paid a call with its vectors through the stack, and on such data nearly
    /// every vector is one (session 36, BenchmarkDotNet, four alternating runs: <c>ExpWide</c> 10³ 0.95–1.17 → 0.78–0.89
    /// of TensorPrimitives' time; ordinary <c>Exp</c> 10³ and <c>Exp2</c> no slower).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV ScaleBWithoutAssist<T, TV>(TV e, TV k) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
        => !SimdTypes.SubnormalResultsAssist || !TV.LessThanAny(k, K<T, TV>(-125.5)) ? TV.ScaleB(e, k) : ScaleSingleAnyK<T, TV>(e, k);

    /// <summary><see cref="ScaleSingle{T, TV}"/> without its subnormal mask: the vectors of <see cref="ScaleBWithoutAssist{T, TV}"/> with a possibly subnormal lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV ScaleSingleAnyK<T, TV>(TV e, TV k) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
        => ScaleSingle<T, TV>(e, k, out _);

    /// <summary>
    /// The constants of the float32 exp2 core: Cephes exp2f's polynomial (<see cref="Exp2SinglePolynomial{T, TV}"/>:
    /// C0..C6), the deferred form's range and 2^k (C7..C9) and the full form's clamp (C10, C11).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Exp2SingleConstants<T, TV>(ref HoistedConstants<TV> c) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        c.C0 = K<T, TV>(1.535336188319500e-4);
        c.C1 = K<T, TV>(1.339887440266574e-3);
        c.C2 = K<T, TV>(9.618437357674640e-3);
        c.C3 = K<T, TV>(5.550332471162809e-2);
        c.C4 = K<T, TV>(2.402264791363012e-1);
        c.C5 = K<T, TV>(6.931472028550421e-1);
        c.C6 = K<T, TV>(1);
        c.C7 = K<T, TV>(-126);
        c.C8 = K<T, TV>(126);
        c.C9 = K<T, TV>(8388608.0 + 127); // 2^k from the exponent bits (PowerOfTwoSingle's)
        c.C10 = K<T, TV>(-151);
        c.C11 = K<T, TV>(128);
    }

    /// <summary>2^f for f = x − round(x) in [−½, ½] (exact) by Cephes exp2f's polynomial, Horner's scheme.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Exp2SinglePolynomial<T, TV>(TV f, in HoistedConstants<TV> c) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        TV p = TV.FusedMultiplyAdd(c.C0, f, c.C1);
        p = TV.FusedMultiplyAdd(p, f, c.C2);
        p = TV.FusedMultiplyAdd(p, f, c.C3);
        p = TV.FusedMultiplyAdd(p, f, c.C4);
        p = TV.FusedMultiplyAdd(p, f, c.C5);
        return TV.FusedMultiplyAdd(p, f, c.C6);
    }

    /// <summary>The constants of <see cref="Expm1SingleCore{T, TV}"/>, in slots C0..C10 (callers that hoist them add theirs after).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Expm1SingleConstants<T, TV>(ref HoistedConstants<TV> c) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        c.C0 = K<T, TV>(1.4426950408889634); // 1/ln 2 and −ln 2 in two parts (ReduceByLn2's)
        c.C1 = K<T, TV>(-0.693359375);
        c.C2 = K<T, TV>(2.12194440e-4);
        c.C3 = K<T, TV>(0.1666666567325592);
        c.C4 = K<T, TV>(0.5);
        c.C5 = K<T, TV>(0.008333543315529823);
        c.C6 = K<T, TV>(0.04166649281978607);
        c.C7 = K<T, TV>(0.0001976435596588999);
        c.C8 = K<T, TV>(0.0013932365691289306);
        c.C9 = K<T, TV>(8388608.0 + 127); // 2^k from the exponent bits (PowerOfTwoSingle's)
        c.C10 = K<T, TV>(1);
    }

    /// <summary>
    /// exp(x) − 1 for float lanes x in [−88, 88] (at −88 k is −127, whose 2^k from the exponent bits is 0: the result is −1): x = k·ln 2 + r (|r| ≤ ln2/2), expm1 r = r + r²·P(r) (no cancellation),
    /// P of degree 5 fitted to minimise the relative error of expm1 r on |r| ≤ 1.002·ln2/2 with float32 coefficients
    /// (4.4e-10, as small as the Taylor series to r^8 it replaced, in two operations fewer: Tanh 9 % and Expm1 5 % faster),
    /// result 2^k·expm1 r + (2^k − 1) by one FMA (2^k − 1 is exact where it matters, k ≤ 24). +0 gives +0.
    /// Constants from <paramref name="c"/> (<see cref="Expm1SingleConstants{T, TV}"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Expm1SingleCore<T, TV>(TV x, in HoistedConstants<TV> c) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
    {
        TV r = ReduceByLn2<T, TV>(x, in c, out TV k);
        TV z = TV.Multiply(r, r);
        TV p01 = TV.FusedMultiplyAdd(c.C3, r, c.C4);
        TV p23 = TV.FusedMultiplyAdd(c.C5, r, c.C6);
        TV p45 = TV.FusedMultiplyAdd(c.C7, r, c.C8);
        TV p = TV.FusedMultiplyAdd(TV.FusedMultiplyAdd(p45, z, p23), z, p01);
        TV em1 = TV.FusedMultiplyAdd(z, p, r);
        // 2^k: one vscalefps of 1 where it takes no assist (k = −127 gives 2^−127 there, 0 from the bits: the result is
        // −1 either way), else from the exponent bits.
        TV scale = TV.HasScaleB && !SimdTypes.SubnormalResultsAssist ? TV.ScaleB(c.C10, k) : TV.ShiftLeftBits(TV.Add(k, c.C9), 23);
        return TV.FusedMultiplyAdd(scale, em1, TV.Subtract(scale, c.C10));
    }

    /// <summary>
    /// float32 e^x: the exp core (<see cref="ExpSingleMantissa{T, TV}(TV, out TV)"/>, times 2^k) for x in [−87, 88] (where 2^k and the result are normal); a
    /// vector with other lanes by <see cref="ExpSingleOutside{T, TV}"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe TV ExpSingle<T, TV>(TV x) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        TV r = ExpSingleDeferred<T, TV>(x, out ulong outside);
        return outside == 0 ? r : ExpSingleOutside<T, TV>(x);
    }

    /// <summary><see cref="ExpSingle{T, TV}"/> without its other lanes: <paramref name="outside"/> holds the lanes outside [−87, 88].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV ExpSingleDeferred<T, TV>(TV x, out ulong outside) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        HoistedConstants<TV> c = default;
        ExpSingleConstants<T, TV>(ref c);
        return ExpSingleDeferred<T, TV>(x, in c, out outside);
    }

    /// <summary>
    /// <see cref="ExpSingleDeferred{T, TV}(TV, out ulong)"/> with its constants from <paramref name="c"/>
    /// (<see cref="ExpSingleConstants{T, TV}"/>), which the contiguous loop keeps in registers: the same operations.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV ExpSingleDeferred<T, TV>(TV x, in HoistedConstants<TV> c, out ulong outside) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        if (TV.HasScaleB)
        {
            // Every lane in vector form (ExpSingleScaled): nothing deferred.
            outside = 0;
            return ScaleBWithoutAssist<T, TV>(ExpSingleMantissa<T, TV>(TV.MinNative(c.C11, TV.MaxNative(c.C10, x)), in c, out TV kb), kb);
        }
        // The other lanes clamped, not zeroed by their mask: the compares stay in mask registers (OutsideBits).
        outside = TV.OutsideBits(x, c.C12, c.C13);
        TV e = ExpSingleMantissa<T, TV>(TV.MinNative(TV.MaxNative(x, c.C12), c.C13), in c, out TV k);
        return TV.Multiply(e, TV.ShiftLeftBits(TV.Add(k, c.C14), 23));
    }

    /// <summary><see cref="ExpSingleRun{T, TV}"/> out of line: the full form's vectors with lanes outside [−87, 88].</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TV ExpSingleOutside<T, TV>(TV x) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
        => ExpSingleRun<T, TV>(x, out _);

    /// <summary>
    /// float32 e^x of every lane in vector form, without a branch: the argument clamped to [−104, 89], the core's e and
    /// k, then <see cref="ScaleSingle{T, TV}"/> (e·2^k rounded once for any k: the core's bits where the result is
    /// normal, subnormal results without a microcode assist, 0 below −104 and +inf above 89 by the clamp); NaN stays NaN
    /// through the clamp and the core. The full form's vectors with lanes outside [−87, 88] and the contiguous loop's
    /// runs of them (<see cref="IUnaryOp{T, TOut}.InvokeRun{TV}"/>; <paramref name="outside"/>: the vector had
    /// subnormal, clamped or NaN lanes) both take it, so they give the same bits. Before, those lanes left for a select
    /// chain and the scalar Exp in two calls: float32 <c>Exp</c> of [−150, 150] ran at 0.89 ns per element, 4.5× the
    /// core's time. Until session 33 the lanes in [−104, −103.9) and (88.7, 89] (results 0 or the first subnormal, the
    /// last finite values or ∞) still went to the scalar Exp; every float32 there, checked one by one, comes out of
    /// the rounding of e·2^k on the right side of each threshold, within 0.9 ulp where finite
    /// (<c>ExpSingleTests.EveryArgumentNextToTheThresholds</c>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV ExpSingleRun<T, TV>(TV x, out bool outside) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        if (TV.HasScaleB)
        {
            outside = false; // nothing to fix, whatever the lanes (see ExpSingleDeferred)
            return ExpSingleScaled<T, TV>(x);
        }
        TV c = ExpSingleClamp<T, TV>(x);
        TV r = ScaleSingle<T, TV>(ExpSingleMantissa<T, TV>(c, out TV k), k, out TV subnormal);
        TV same = TV.Equals(c, x); // not clamped, not NaN
        outside = (~TV.ExtractMostSignificantBits(TV.AndNot(same, subnormal)) & SimdTypes.AllLanes(TV.Count)) != 0;
        return r;
    }

    /// <summary>
    /// x clamped to [−104, 89], the argument range of both full forms (<see cref="ExpSingleRun{T, TV}"/>,
    /// <see cref="ExpSingleScaled{T, TV}"/>). The hardware max and min return their second operand where either is NaN:
    /// NaN lanes stay NaN through the clamp and every step after it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ExpSingleClamp<T, TV>(TV x) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
        => TV.MinNative(K<T, TV>(89), TV.MaxNative(K<T, TV>(-104), x));

    /// <summary>
    /// <see cref="ExpSingleRun{T, TV}"/>'s vector with one instruction for its scaling (<see cref="ISimdVec{TSelf, T}.ScaleB"/>,
    /// AVX-512 at 512 bits): the argument clamped to [−104, 89], the core's e and k, e·2^k rounded once by
    /// <c>vscalefps</c>: the bits of <see cref="ScaleSingle{T, TV}"/> (which rounds that product once too) and, where the
    /// result is normal, of the core's e·2^k. So every vector takes this one form, ordinary or not, and none leaves the
    /// loop (float32 <c>Exp</c> of [−150, 150]: 42 % of its lanes outside [−87, 88]; until session 33 the 2 % of its
    /// vectors with a lane in [−104, −103.9) or (88.7, 89] left it for the scalar Exp: 328–334 against 263–267 µs at 10⁶).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ExpSingleScaled<T, TV>(TV x) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
        => ScaleBWithoutAssist<T, TV>(ExpSingleMantissa<T, TV>(ExpSingleClamp<T, TV>(x), out TV k), k);
}
