using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NativeArrays.Kernels;

// float32 x^y: each half of the float lanes widened to float64, x^y = 2^(y·log2 x) by two short polynomials there, and
// one rounding back to float32. PowerOp sends x ≤ 0, NaN and infinite operands to MathF.Pow; every other lane is
// computed here. The bound (ulps against the float64 pow of the same arguments) is in the README and tested in
// TrigPowerVectorTests.
internal static partial class VectorMath
{
    private const double SqrtHalf = 0.7071067811865476;

    /// <summary>
    /// x^y for float64 lanes holding widened float32 values (x &gt; 0 finite, y finite; other lanes give unspecified
    /// results). x = 2^e·m with m in [√½, √2) read from the bits (x + offset, so one add splits both), f = (m − 1)/(m + 1),
    /// log2 x = e + f·P(f²) (P: degree 5, relative error 2^-44 on f² ≤ 0.0295); z = y·log2 x clamped to ±300 (beyond
    /// ±150 every float32 result is 0 or ∞ anyway); 2^z = 2^k·Q(r), k = z rounded to nearest by the 1.5·2^52 trick,
    /// r = z − k in [−½, ½], Q degree 7 (relative error 2^-34.5), 2^k from its bits. Before the final rounding to
    /// float32 the relative error is below 2^-33 (|z| ≤ 150), so the float32 result is within 0.5 + 2^-10 ulp.
    /// Float32 subnormal inputs are normal float64 values: no special path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV PowSingleCore<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, double>
    {
        TV one = TV.Create(1.0);
        // u = bits(x) + (bits(1) − bits(√½)): the exponent field of u is that of x·(1/√½) (e + 1023), its low 52 bits
        // plus bits(√½) are the bits of m.
        TV u = TV.AddBits(x, TV.Create(BitConverter.Int64BitsToDouble(0x3FF0_0000_0000_0000 - BitConverter.DoubleToInt64Bits(SqrtHalf))));
        TV m = TV.AddBits(TV.And(u, TV.Create(BitConverter.Int64BitsToDouble(0x000F_FFFF_FFFF_FFFF))), TV.Create(SqrtHalf));
        TV magic = TV.Create(4503599627370496.0); // 2^52
        TV e = TV.Subtract(TV.Or(TV.ShiftRightBits(u, 52), magic), TV.Create(4503599627370496.0 + 1023));
        TV f = TV.Divide(TV.Subtract(m, one), TV.Add(m, one));
        TV w = TV.Multiply(f, f);
        // Both polynomials by Estrin's scheme (3 dependent steps instead of 5 and 7).
        TV w2 = TV.Multiply(w, w);
        TV p = TV.FusedMultiplyAdd(TV.Create(0.2828112757342247), w, TV.Create(0.3199115039914157));
        p = TV.FusedMultiplyAdd(p, w2, TV.FusedMultiplyAdd(TV.Create(0.41220912270938637), w, TV.Create(0.5770779434963087)));
        p = TV.FusedMultiplyAdd(p, w2, TV.FusedMultiplyAdd(TV.Create(0.961796694110255), w, TV.Create(2.885390081777814)));
        TV z = TV.Multiply(y, TV.FusedMultiplyAdd(f, p, e));
        z = TV.MinNative(TV.MaxNative(z, TV.Create(-300.0)), TV.Create(300.0));

        TV shifter = TV.Create(6755399441055744.0); // 1.5·2^52: z + shifter rounds z to an integer k in the low bits
        TV kb = TV.Add(z, shifter);
        TV r = TV.Subtract(z, TV.Subtract(kb, shifter));
        TV r2 = TV.Multiply(r, r);
        TV q47 = TV.FusedMultiplyAdd(TV.FusedMultiplyAdd(TV.Create(1.5205818946100076e-05), r, TV.Create(0.0001546932442652773)), r2,
            TV.FusedMultiplyAdd(TV.Create(0.0013333905658339806), r, TV.Create(0.009618027129410248)));
        TV q03 = TV.FusedMultiplyAdd(TV.FusedMultiplyAdd(TV.Create(0.055504103743101385), r, TV.Create(0.24022651199313938)), r2,
            TV.FusedMultiplyAdd(TV.Create(0.6931471807220622), r, TV.Create(0.9999999999615373)));
        TV q = TV.FusedMultiplyAdd(q47, TV.Multiply(r2, r2), q03);
        TV scale = TV.ShiftLeftBits(TV.AddBits(kb, TV.Create(BitConverter.Int64BitsToDouble(1023))), 52);
        return TV.Multiply(q, scale);
    }

    // Out of line: inlined into the row loop it exhausts the JIT's inlining budget (measured 20-30x slower). A variant
    // splitting x and taking 1/(m + 1) in float32 lanes (one float32 division instead of two float64 ones, Newton step
    // in float64) measured 10% slower: the extra widening costs more than the division saves.

    /// <summary>float32 x^y of 4 lanes (see <see cref="PowSingleCore{TV}"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Vector128<float> PowSingle(Vector128<float> x, Vector128<float> y) => Vector128.Narrow(
        PowSingleCore<Vec128<double>>(new(Vector128.WidenLower(x)), new(Vector128.WidenLower(y))).V,
        PowSingleCore<Vec128<double>>(new(Vector128.WidenUpper(x)), new(Vector128.WidenUpper(y))).V);

    /// <summary>float32 x^y of 8 lanes (see <see cref="PowSingleCore{TV}"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Vector256<float> PowSingle(Vector256<float> x, Vector256<float> y) => Vector256.Narrow(
        PowSingleCore<Vec256<double>>(new(Vector256.WidenLower(x)), new(Vector256.WidenLower(y))).V,
        PowSingleCore<Vec256<double>>(new(Vector256.WidenUpper(x)), new(Vector256.WidenUpper(y))).V);

    /// <summary>float32 x^y of 16 lanes (see <see cref="PowSingleCore{TV}"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Vector512<float> PowSingle(Vector512<float> x, Vector512<float> y) => Vector512.Narrow(
        PowSingleCore<Vec512<double>>(new(Vector512.WidenLower(x)), new(Vector512.WidenLower(y))).V,
        PowSingleCore<Vec512<double>>(new(Vector512.WidenUpper(x)), new(Vector512.WidenUpper(y))).V);
}
