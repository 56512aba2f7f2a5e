using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NativeArrays.Kernels;

// Floating-point unary operators. Vector forms use the runtime's Vector128/256/512 math (the same code as
// TensorPrimitives) or are composed from it in VectorMath; Tan, Atan2 and float64 Power are our own lane-by-lane
// polynomials (Operators.FloatingPoint.Trig.cs, .Pow.cs). The ULP
// bounds are in the README ("Vectorised operations and their bounds") and tested in FloatingPointKernelTests and
// VectorisedOpsTests.

/// <summary>Square root.</summary>
internal readonly struct SqrtOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T x) => T.Sqrt(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => TV.Sqrt(x);
}

/// <summary>Cube root.</summary>
internal readonly struct CbrtOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static bool Large => true;
    public static T Invoke(T x) => ScalarMath.Cbrt(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => VectorMath.Cbrt<T, TV>(x);
}

/// <summary>1 / x.</summary>
internal readonly struct ReciprocalOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T x) => T.One / x;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => TV.Divide(TV.Create(T.One), x);
}

/// <summary>e to the power x.</summary>
internal readonly struct ExpOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static bool CallsOut => true;
    public static T Invoke(T x) => T.Exp(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => VectorMath.Exp<T, TV>(x);
    /// <summary>
    /// float32: lanes outside [−87, 88] deferred; vectors with them in runs (<see cref="VectorMath.ExpSingleRun{T, TV}"/>).
    /// Not float64: its deferred loop ran ordinary data 10 % slower (the runtime's vector Exp is a call either way), and
    /// its full form resolves such vectors in one call (<c>ExpDoubleAnyLanes</c>).
    /// </summary>
    public static bool DefersFix => typeof(T) == typeof(float);
    public static bool FixesInRuns => typeof(T) == typeof(float);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV InvokeDeferred<TV>(TV x, out ulong fix) where TV : struct, ISimdVec<TV, T> => VectorMath.ExpSingleDeferred<T, TV>(x, out fix);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV InvokeRun<TV>(TV x, out bool fixes) where TV : struct, ISimdVec<TV, T> => VectorMath.ExpSingleRun<T, TV>(x, out fixes);
    /// <summary>float32: the contiguous loop keeps the core's constants in registers (<see cref="HoistedConstants{TV}"/>).</summary>
    public static bool HoistsConstants => typeof(T) == typeof(float);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void LoadConstants<TV>(ref HoistedConstants<TV> k) where TV : struct, ISimdVec<TV, T> => VectorMath.ExpSingleConstants<T, TV>(ref k);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV InvokeHoisted<TV>(TV x, in HoistedConstants<TV> k, out ulong fix) where TV : struct, ISimdVec<TV, T> => VectorMath.ExpSingleDeferred<T, TV>(x, in k, out fix);
}

/// <summary>2 to the power x.</summary>
internal readonly struct Exp2Op<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static bool CallsOut => true;
    public static T Invoke(T x) => T.Exp2(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => VectorMath.Exp2<T, TV>(x);
    /// <summary>float32: lanes beyond ±126 deferred; vectors with them in runs (<see cref="VectorMath.Exp2SingleRun{T, TV}"/>; not float64: see <see cref="ExpOp{T}.DefersFix"/>).</summary>
    public static bool DefersFix => typeof(T) == typeof(float);
    public static bool FixesInRuns => typeof(T) == typeof(float);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV InvokeDeferred<TV>(TV x, out ulong fix) where TV : struct, ISimdVec<TV, T> => VectorMath.Exp2SingleDeferred<T, TV>(x, out fix);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV InvokeRun<TV>(TV x, out bool fixes) where TV : struct, ISimdVec<TV, T> => VectorMath.Exp2SingleRun<T, TV>(x, out fixes);
    /// <summary>float32: the contiguous loop keeps the core's constants in registers (<see cref="HoistedConstants{TV}"/>).</summary>
    public static bool HoistsConstants => typeof(T) == typeof(float);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void LoadConstants<TV>(ref HoistedConstants<TV> k) where TV : struct, ISimdVec<TV, T> => VectorMath.Exp2SingleConstants<T, TV>(ref k);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV InvokeHoisted<TV>(TV x, in HoistedConstants<TV> k, out ulong fix) where TV : struct, ISimdVec<TV, T> => VectorMath.Exp2SingleDeferred<T, TV>(x, in k, out fix);
}

/// <summary>exp(x) - 1, accurate near 0.</summary>
internal readonly struct Expm1Op<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static bool CallsOut => true;
    public static bool DefersFix => true;
    public static T Invoke(T x) => ScalarMath.ExpM1(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => VectorMath.Expm1<T, TV>(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV InvokeDeferred<TV>(TV x, out ulong fix) where TV : struct, ISimdVec<TV, T> => VectorMath.Expm1Deferred<T, TV>(x, out fix);
    public static bool FixesInRuns => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV InvokeRun<TV>(TV x, out bool fixes) where TV : struct, ISimdVec<TV, T> => VectorMath.Expm1Run<T, TV>(x, out fixes);
    /// <summary>The contiguous loop keeps the core's constants in registers (<see cref="HoistedConstants{TV}"/>).</summary>
    public static bool HoistsConstants => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void LoadConstants<TV>(ref HoistedConstants<TV> k) where TV : struct, ISimdVec<TV, T> => VectorMath.Expm1DeferredConstants<T, TV>(ref k);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV InvokeHoisted<TV>(TV x, in HoistedConstants<TV> k, out ulong fix) where TV : struct, ISimdVec<TV, T> => VectorMath.Expm1Hoisted<T, TV>(x, in k, out fix);
}

/// <summary>Natural logarithm.</summary>
internal readonly struct LogOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static bool CallsOut => true;
    public static T Invoke(T x) => T.Log(x);
    /// <summary>Our own log cores (<see cref="VectorMath.Log{T, TV}"/>), not the runtime's vector Log.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => VectorMath.Log<T, TV>(x);
    /// <summary>float32: the contiguous loop keeps the Cephes core's constants in registers (<see cref="HoistedConstants{TV}"/>).</summary>
    public static bool DefersFix => typeof(T) == typeof(float);
    public static bool HoistsConstants => typeof(T) == typeof(float);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV InvokeDeferred<TV>(TV x, out ulong fix) where TV : struct, ISimdVec<TV, T>
    {
        HoistedConstants<TV> k = default;
        VectorMath.LogSingleConstants<T, TV>(ref k);
        return VectorMath.LogSingleDeferred<T, TV>(x, in k, out fix);
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void LoadConstants<TV>(ref HoistedConstants<TV> k) where TV : struct, ISimdVec<TV, T> => VectorMath.LogSingleConstants<T, TV>(ref k);
    /// <summary>Zero, negative, infinite and NaN lanes in vector form in the loop (normally distributed data stays in it); only subnormal lanes leave it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV InvokeHoisted<TV>(TV x, in HoistedConstants<TV> k, out ulong fix) where TV : struct, ISimdVec<TV, T>
        => VectorMath.LogHoistedSpecials<T, TV>(x, VectorMath.LogSingleDeferred<T, TV>(x, in k, out ulong special), special, out fix);
}

/// <summary>Base-2 logarithm.</summary>
internal readonly struct Log2Op<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static bool CallsOut => true;
    public static T Invoke(T x) => T.Log2(x);
    /// <summary>Our own log2 cores (<see cref="VectorMath.Log2{T, TV}"/>), not the runtime's vector Log2 (a call per vector).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => VectorMath.Log2<T, TV>(x);
}

/// <summary>Base-10 logarithm.</summary>
internal readonly struct Log10Op<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static bool CallsOut => true;
    public static T Invoke(T x) => T.Log10(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => VectorMath.Log10<T, TV>(x);
    /// <summary>float32: the contiguous loop keeps the table-driven core's constants and tables in registers (<see cref="HoistedConstants{TV}"/>).</summary>
    public static bool DefersFix => typeof(T) == typeof(float);
    public static bool HoistsConstants => typeof(T) == typeof(float);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV InvokeDeferred<TV>(TV x, out ulong fix) where TV : struct, ISimdVec<TV, T> => VectorMath.Log10Deferred<T, TV>(x, out fix);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void LoadConstants<TV>(ref HoistedConstants<TV> k) where TV : struct, ISimdVec<TV, T> => VectorMath.Log10SingleConstants<T, TV>(ref k);
    /// <summary>Zero, negative, infinite and NaN lanes in vector form in the loop (normally distributed data stays in it); only subnormal lanes leave it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV InvokeHoisted<TV>(TV x, in HoistedConstants<TV> k, out ulong fix) where TV : struct, ISimdVec<TV, T>
        => VectorMath.LogHoistedSpecials<T, TV>(x, VectorMath.Log10SingleCore<T, TV>(x, in k, out ulong special), special, out fix);
}

/// <summary>log(1 + x), accurate near 0.</summary>
internal readonly struct Log1pOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static bool CallsOut => true;
    public static bool DefersFix => true;
    public static T Invoke(T x) => ScalarMath.LogP1(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => VectorMath.Log1p<T, TV>(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV InvokeDeferred<TV>(TV x, out ulong fix) where TV : struct, ISimdVec<TV, T> => VectorMath.Log1pDeferred<T, TV>(x, out fix);
    public static bool FixesInRuns => typeof(T) == typeof(float);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV InvokeRun<TV>(TV x, out bool fixes) where TV : struct, ISimdVec<TV, T> => VectorMath.Log1pRun<T, TV>(x, out fixes);
    /// <summary>float32: the contiguous loop keeps the log core's constants in registers (<see cref="HoistedConstants{TV}"/>).</summary>
    public static bool HoistsConstants => typeof(T) == typeof(float);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void LoadConstants<TV>(ref HoistedConstants<TV> k) where TV : struct, ISimdVec<TV, T> => VectorMath.Log1pSingleConstants<T, TV>(ref k);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV InvokeHoisted<TV>(TV x, in HoistedConstants<TV> k, out ulong fix) where TV : struct, ISimdVec<TV, T> => VectorMath.Log1pSingleDeferred<T, TV>(x, in k, out fix);
}

/// <summary>Sine (radians).</summary>
internal readonly struct SinOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    // Our own lane-by-lane form (VectorMath.SinCosDeferred): the runtime's vector Sin is a call per vector (its time
    // depended on the process's stack alignment) and picks its polynomial per vector.
    public static bool Vectorizable => true;
    public static bool CallsOut => true;
    public static bool DefersFix => true;
    public static T Invoke(T x) => T.Sin(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => VectorMath.Sin<T, TV>(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV InvokeDeferred<TV>(TV x, out ulong fix) where TV : struct, ISimdVec<TV, T> => VectorMath.SinCosDeferred<T, TV>(x, false, out fix);
}

/// <summary>Cosine (radians).</summary>
internal readonly struct CosOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    // As SinOp.
    public static bool Vectorizable => true;
    public static bool CallsOut => true;
    public static bool DefersFix => true;
    public static T Invoke(T x) => T.Cos(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => VectorMath.Cos<T, TV>(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV InvokeDeferred<TV>(TV x, out ulong fix) where TV : struct, ISimdVec<TV, T> => VectorMath.SinCosDeferred<T, TV>(x, true, out fix);
}

/// <summary>Tangent (radians).</summary>
internal readonly struct TanOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    // Our own lane-by-lane form (VectorMath.Tan): the runtime's vector Sin/Cos pick their polynomial per vector, so
    // sin/cos would change with the SIMD width.
    public static bool Vectorizable => true;
    public static bool CallsOut => true;
    public static T Invoke(T x) => T.Tan(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => VectorMath.Tan<T, TV>(x);
    /// <summary>The contiguous loop defers the fix (float64 10⁶: 9 % faster; float32 unchanged).</summary>
    public static bool DefersFix => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV InvokeDeferred<TV>(TV x, out ulong fix) where TV : struct, ISimdVec<TV, T> => VectorMath.TanDeferred<T, TV>(x, out fix);
    /// <summary>float32: the contiguous loop keeps the core's constants in registers (<see cref="HoistedConstants{TV}"/>).</summary>
    public static bool HoistsConstants => typeof(T) == typeof(float);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void LoadConstants<TV>(ref HoistedConstants<TV> k) where TV : struct, ISimdVec<TV, T> => VectorMath.TanSingleConstants<T, TV>(ref k);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV InvokeHoisted<TV>(TV x, in HoistedConstants<TV> k, out ulong fix) where TV : struct, ISimdVec<TV, T> => VectorMath.TanSingleDeferred<T, TV>(x, in k, out fix);
}

/// <summary>Hyperbolic tangent.</summary>
internal readonly struct TanhOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T x) => T.Tanh(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => VectorMath.Tanh<T, TV>(x);
    /// <summary>The contiguous loop keeps the core's constants in registers (<see cref="HoistedConstants{TV}"/>); no lane is ever left to fix.</summary>
    public static bool DefersFix => true;
    public static bool HoistsConstants => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV InvokeDeferred<TV>(TV x, out ulong fix) where TV : struct, ISimdVec<TV, T> { fix = 0; return VectorMath.Tanh<T, TV>(x); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void LoadConstants<TV>(ref HoistedConstants<TV> k) where TV : struct, ISimdVec<TV, T> => VectorMath.TanhConstants<T, TV>(ref k);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV InvokeHoisted<TV>(TV x, in HoistedConstants<TV> k, out ulong fix) where TV : struct, ISimdVec<TV, T> { fix = 0; return VectorMath.TanhHoisted<T, TV>(x, in k); }
}

/// <summary>Logistic function 1 / (1 + exp(-x)).</summary>
internal readonly struct SigmoidOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static bool CallsOut => true;
    public static T Invoke(T x) => T.One / (T.One + T.Exp(-x));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => Of(VectorMath.Exp<T, TV>(TV.Negate(x)));
    /// <summary>float32: as <see cref="ExpOp{T}"/>'s forms, on −x.</summary>
    public static bool DefersFix => typeof(T) == typeof(float);
    public static bool FixesInRuns => typeof(T) == typeof(float);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV InvokeDeferred<TV>(TV x, out ulong fix) where TV : struct, ISimdVec<TV, T> => Of(VectorMath.ExpSingleDeferred<T, TV>(TV.Negate(x), out fix));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV InvokeRun<TV>(TV x, out bool fixes) where TV : struct, ISimdVec<TV, T> => Of(VectorMath.ExpSingleRun<T, TV>(TV.Negate(x), out fixes));
    /// <summary>float32: the contiguous loop keeps the exp core's constants in registers (<see cref="HoistedConstants{TV}"/>).</summary>
    public static bool HoistsConstants => typeof(T) == typeof(float);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void LoadConstants<TV>(ref HoistedConstants<TV> k) where TV : struct, ISimdVec<TV, T> => VectorMath.ExpSingleConstants<T, TV>(ref k);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV InvokeHoisted<TV>(TV x, in HoistedConstants<TV> k, out ulong fix) where TV : struct, ISimdVec<TV, T> => Of(VectorMath.ExpSingleDeferred<T, TV>(TV.Negate(x), in k, out fix));
    /// <summary>1 / (1 + e) for e = e^−x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] private static TV Of<TV>(TV e) where TV : struct, ISimdVec<TV, T> => TV.Divide(TV.Create(T.One), TV.Add(TV.Create(T.One), e));
}

/// <summary>Largest integer not above x.</summary>
internal readonly struct FloorOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T x) => T.Floor(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => TV.Floor(x);
}

/// <summary>Smallest integer not below x.</summary>
internal readonly struct CeilingOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T x) => T.Ceiling(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => TV.Ceiling(x);
}

/// <summary>Nearest integer, halves to even (as NumPy).</summary>
internal readonly struct RoundOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T x) => T.Round(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => TV.Round(x);
}

/// <summary>Integer part (toward zero).</summary>
internal readonly struct TruncateOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T x) => T.Truncate(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => TV.Truncate(x);
}

/// <summary>Angle of the point (x, y) = atan2(y: first operand, x: second operand), as NumPy arctan2(x1, x2).</summary>
internal readonly struct Atan2Op<T> : IBinaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static bool CallsOut => true;
    public static T Invoke(T x, T y) => T.Atan2(x, y);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, T> => VectorMath.Atan2<T, TV>(x, y);
    /// <summary>
    /// The contiguous loop defers the fix, so it runs the vector form inline (<see cref="VectorMath.Atan2Deferred{T, TV}(TV, TV, out ulong)"/>)
    /// instead of calling <see cref="VectorMath.Atan2{T, TV}"/> out of line for every vector: float32 10⁶ 1.5-1.8x faster.
    /// </summary>
    public static bool DefersFix => true;
    public static bool Large => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV InvokeDeferred<TV>(TV x, TV y, out ulong fix) where TV : struct, ISimdVec<TV, T> => VectorMath.Atan2Deferred<T, TV>(x, y, out fix);
    /// <summary>The contiguous loop keeps the core's constants in registers (<see cref="HoistedConstants{TV}"/>).</summary>
    public static bool HoistsConstants => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void LoadConstants<TV>(ref HoistedConstants<TV> k) where TV : struct, ISimdVec<TV, T> => VectorMath.Atan2Constants<T, TV>(ref k);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV InvokeHoisted<TV>(TV x, TV y, in HoistedConstants<TV> k, out ulong fix) where TV : struct, ISimdVec<TV, T> => VectorMath.Atan2Deferred<T, TV>(x, y, in k, out fix);
}

/// <summary>sqrt(x*x + y*y) without undue overflow.</summary>
internal readonly struct HypotOp<T> : IBinaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T x, T y) => T.Hypot(x, y);
    /// <summary>float64: our own form (<see cref="VectorMath.Hypot{T, TV}"/>); float32: the runtime's (inlined: it widens to float64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, T> => VectorMath.Hypot<T, TV>(x, y);
}

/// <summary>
/// Vector forms of the functions .NET has no vector method for, built on its accurate vector Exp/Log/Sin/Cos with
/// error-compensating steps; the bounds (ulps against a float64/series reference) are documented in the README and
/// tested in FloatingPointKernelTests. Special values (NaN, ±inf, ±0) follow the scalar functions.
/// </summary>
internal static partial class VectorMath
{
    private const double Ln2 = 0.6931471805599453, Ln2Lo = 2.3190468138462996e-17;
    private const double InvLn10 = 0.4342944819032518, InvLn10Lo = 1.098319650216765e-17;

    /// <summary>The constant rounded to <typeparamref name="T"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Hi<T>(double c) where T : IFloatingPointIeee754<T> => Lane<T>(c);

    /// <summary>What <see cref="Hi{T}"/> leaves out of the constant c + cLo (c rounded to float64, cLo its remainder).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Lo<T>(double c, double cLo) where T : IFloatingPointIeee754<T> => Lane<T>(c - double.CreateTruncating(Hi<T>(c)) + cLo);

    /// <summary>
    /// e^x lane by lane. float64: our own core (<see cref="ExpDoubleCore{T, TV}"/>) for |x| &lt; 708; a vector with other
    /// lanes takes <see cref="ExpDoubleAnyLanes{T, TV}"/> (+inf above 710, 0 below −746, NaN; subnormal results in vector
    /// form; the bands between alone by <see cref="double.Exp"/>). float32: our own float-lane
    /// <see cref="ExpSingle{T, TV}"/> (the runtime's float vector Exp works in float64 lanes).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe TV Exp<T, TV>(TV x) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        if (typeof(T) == typeof(float)) return ExpSingle<T, TV>(x);
        if (typeof(T) != typeof(double)) return TV.Exp(x);
        TV outside = TV.Xor(TV.LessThan(TV.Abs(x), K<T, TV>(708)), TV.AllBitsSet);
        ulong lanes = TV.ExtractMostSignificantBits(outside);
        return lanes == 0 ? ExpDoubleCore<T, TV>(x) : ExpDoubleAnyLanes<T, TV>(x, outside, lanes);
    }

    /// <summary>
    /// float64 e^x for |x| &lt; 708: the exp stage of the float64 Power (<see cref="PowDoubleExp{T, TV}"/>: x = k·ln 2 + r
    /// with a 42-bit ln 2 head (k·head exact), e^r by its Taylor series to r^14 with 1 + r summed exactly, 2^k from its
    /// bits). Inlined into the row loop: the runtime's Vector512.Exp is a call per vector, and its vectors went through
    /// the stack (the time at 10⁶ was 1.1–1.6 or 3.4–3.5 ms by the process's stack alignment).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ExpDoubleCore<T, TV>(TV x) where T : unmanaged, INumber<T> where TV : struct, ISimdVec<TV, T>
        => PowDoubleExp<T, TV>(x, TV.Zero);

    /// <summary>
    /// The float64 <see cref="Exp{T, TV}"/> of a vector with <paramref name="lanes"/> (|x| ≥ 708 or NaN) outside the
    /// core's range, which go into it as 0: x in [−744, −708] (subnormal results) as exp(x + 708)·exp(−708) (the shift
    /// is exact; the core and the rounded constant keep the result within the bound of <see cref="double.Exp"/>, and it
    /// is never 0), the rest by <see cref="ExpSpecialInline{T, TV}"/> (+inf above 710, 0 below −746, NaN); only
    /// (708, 710] and [−746, −744), next to the thresholds, by <see cref="double.Exp"/> (results near MaxValue are
    /// rare). The special lanes' selects inline: one call per such vector, not two.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // one inlined copy of the core in the loop, not two
    private static unsafe TV ExpDoubleAnyLanes<T, TV>(TV x, TV outside, ulong lanes) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        TV lower = TV.And(TV.GreaterThanOrEqual(x, K<T, TV>(-744)), TV.LessThanOrEqual(x, K<T, TV>(-708)));
        // Every shifted lane below 708 in magnitude: the core's range.
        TV r = ExpDoubleCore<T, TV>(TV.Select(lower, TV.Add(x, K<T, TV>(708)), TV.Select(outside, TV.Zero, x)));
        // Results under 2^−1022 (r < 0.6727) come from s = r·exp(−708) + 2^−1022 by one FMA, which rounds once on the
        // subnormals' grid (2^−1074): their bits are bits(s) − bits(2^−1022). No instruction produces a subnormal (a
        // multiply that does takes a microcode assist); see ScaleSingle. exp(−708)'s low part would be
        // subnormal: its rounding (relative 5.2e-17) stays.
        TV normal = TV.GreaterThanOrEqual(r, K<T, TV>(0.6727));
        TV lowerNormal = TV.Multiply(TV.Select(normal, r, K<T, TV>(1)), K<T, TV>(3.307553003638408e-308));
        TV s = TV.FusedMultiplyAdd(TV.AndNot(r, normal), K<T, TV>(3.307553003638408e-308), K<T, TV>(2.2250738585072014e-308));
        r = TV.Select(lower, TV.Select(normal, lowerNormal, TV.AddBits(s, Bits64<T, TV>(-0x0010_0000_0000_0000))), r);
        return ExpSpecialInline<T, TV>(x, r, lanes & ~TV.ExtractMostSignificantBits(lower), 710, -746, 0, &ExpScalar<T>);
    }

    private static T ExpScalar<T>(T x) where T : IFloatingPointIeee754<T> => T.Exp(x);

    /// <summary>
    /// The <paramref name="lanes"/> an exp-like core leaves out (beyond its range, NaN), in vector form where the result
    /// is certain: x &gt; <paramref name="over"/> gives +inf (the result overflows by a margin), x &lt;
    /// <paramref name="under"/> gives <paramref name="floor"/> (0 for exp: below half the least subnormal by a margin;
    /// −1 for expm1), NaN stays NaN; only the lanes between (the last finite results below the overflow, subnormal
    /// results) are left to <paramref name="scalar"/>. Every such lane used to take the scalar function: float32
    /// <c>Exp</c> of data in ±10⁴ ran 65× slower than of data in ±10.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static unsafe TV ExpSpecialLanes<T, TV>(TV x, TV r, ulong lanes, double over, double under, double floor, delegate*<T, T> scalar)
        where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
        => ExpSpecialInline<T, TV>(x, r, lanes, over, under, floor, scalar);

    /// <summary><see cref="ExpSpecialLanes{T, TV}"/> inlined: for the run forms (<see cref="IUnaryOp{T, TOut}.InvokeRun{TV}"/>), only the lanes between make a call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe TV ExpSpecialInline<T, TV>(TV x, TV r, ulong lanes, double over, double under, double floor, delegate*<T, T> scalar)
        where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        TV high = TV.GreaterThan(x, K<T, TV>(over));
        TV low = TV.LessThan(x, K<T, TV>(under));
        TV nan = TV.Xor(TV.Equals(x, x), TV.AllBitsSet);
        r = TV.Select(high, TV.Create(T.PositiveInfinity), r);
        r = TV.Select(low, K<T, TV>(floor), r);
        r = TV.Select(nan, TV.Add(x, x), r);
        ulong rest = lanes & ~TV.ExtractMostSignificantBits(TV.Or(TV.Or(high, low), nan));
        return rest == 0 ? r : LaneFix.Unary<T, TV>(x, r, rest, scalar);
    }

    /// <summary>r with the sign bit of s.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV CopySign<T, TV>(TV r, TV s) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        TV sign = TV.Create(T.NegativeZero);
        return TV.Or(TV.AndNot(r, sign), TV.And(s, sign));
    }

    /// <summary>2^x = exp(p)·(1 + e) where p + e = x·ln 2 exactly to twice the working precision.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Exp2<T, TV>(TV x) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        if (typeof(T) == typeof(float)) return Exp2Single<T, TV>(x);
        TV hi = TV.Create(Hi<T>(Ln2));
        TV p = TV.Multiply(x, hi);
        TV e = TV.FusedMultiplyAdd(x, TV.Create(Lo<T>(Ln2, Ln2Lo)), TV.FusedMultiplySubtract(x, hi, p));
        TV r = Exp<T, TV>(p);
        return TV.Select(TV.And(TV.IsFinite(r), TV.IsFinite(e)), TV.FusedMultiplyAdd(r, e, r), r);
    }

    /// <summary>log10 x = log x · (1/ln 10), the constant carried to twice the working precision.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe TV Log10<T, TV>(TV x) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        if (typeof(T) == typeof(float))
        {
            // float32: own table-driven log10, lanes that are not positive normal numbers by LogSpecialInline.
            TV rs = Log10Deferred<T, TV>(x, out ulong special);
            return special == 0 ? rs : LogSpecialInline<T, TV>(x, x, rs, &Log10Scalar<T>);
        }
        // float64: the own log core (LogOp's); no select for ±inf and NaN: both parts of the constant are positive, so
        // l·hi + l·lo keeps them.
        TV l = LogDouble<T, TV>(x);
        return TV.FusedMultiplyAdd(l, TV.Create(Hi<T>(InvLn10)), TV.Multiply(l, TV.Create(Lo<T>(InvLn10, InvLn10Lo))));
    }

    private static T Log10Scalar<T>(T x) where T : IFloatingPointIeee754<T> => T.Log10(x);

    /// <summary>float32 <see cref="Log10{T, TV}"/> without its fix (its constants built here): <paramref name="fix"/> holds the lanes that are not positive normal numbers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Log10Deferred<T, TV>(TV x, out ulong fix) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        HoistedConstants<TV> k = default;
        Log10SingleConstants<T, TV>(ref k);
        return Log10SingleCore<T, TV>(x, in k, out fix);
    }

    /// <summary>
    /// log2 x by our own cores (<see cref="Log2SingleCore{T, TV}"/>, <see cref="Log2DoubleCore{T, TV}"/>): powers of two
    /// give their exponent exactly; lanes that are not positive normal numbers by <see cref="LogSpecialInline{T, TV}"/>
    /// (0 gives −inf, negatives NaN, +inf +inf, NaN NaN; subnormals by the scalar <c>Log2</c>). The runtime's vector
    /// Log2 was a call per vector, its vectors through the stack (the time depended on the process's stack alignment).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe TV Log2<T, TV>(TV x) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double)) return TV.Log2(x);
        TV r = typeof(T) == typeof(float) ? Log2SingleCore<T, TV>(x) : Log2DoubleCore<T, TV>(x);
        ulong special = NotPositiveNormal<T, TV>(x);
        return special == 0 ? r : LogSpecialInline<T, TV>(x, x, r, &Log2Scalar<T>);
    }

    private static T Log2Scalar<T>(T x) where T : IFloatingPointIeee754<T> => T.Log2(x);

    /// <summary>
    /// hypot(x, y) = sqrt(x² + y²). float64, our own form (the runtime's vector Hypot is a call per vector: 2.8–6.6 ms at
    /// 10⁶ by the process's stack alignment): hi/lo the larger/smaller of |x|, |y|, both scaled by 2^−600 when hi &gt;
    /// 2^500 and by 2^600 when hi &lt; 2^−500 (exact: no overflow, no underflow that matters: a lo lost to it is below
    /// 2^−100·hi); hi² and lo² with their exact errors (FMA), their sum by Fast2Sum (hi² ≥ lo²) with every error
    /// folded back in, so the square root's argument carries one rounding: within 1 ulp. ±inf in either operand gives
    /// +inf, NaN otherwise NaN; ±0 and subnormals by the same form. float32: the runtime's form, inlined (it computes in
    /// float64 lanes).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Hypot<T, TV>(TV x, TV y) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        if (typeof(T) != typeof(double)) return TV.Hypot(x, y);
        TV ax = TV.Abs(x), ay = TV.Abs(y);
        TV hi = TV.MaxNative(ax, ay), lo = TV.MinNative(ax, ay); // NaN lanes are set below
        TV big = TV.GreaterThan(hi, K<T, TV>(3.273390607896142e+150)); // 2^500
        TV small = TV.LessThan(hi, K<T, TV>(3.054936363499605e-151)); // 2^−500
        TV scale = TV.Select(big, K<T, TV>(2.409919865102884e-181), TV.Select(small, K<T, TV>(4.149515568880993e+180), K<T, TV>(1))); // 2^−600, 2^600
        TV unscale = TV.Select(big, K<T, TV>(4.149515568880993e+180), TV.Select(small, K<T, TV>(2.409919865102884e-181), K<T, TV>(1)));
        hi = TV.Multiply(hi, scale);
        lo = TV.Multiply(lo, scale);
        TV h2 = TV.Multiply(hi, hi), l2 = TV.Multiply(lo, lo);
        TV h2e = TV.FusedMultiplySubtract(hi, hi, h2), l2e = TV.FusedMultiplySubtract(lo, lo, l2);
        TV s = TV.Add(h2, l2);
        TV se = TV.Subtract(l2, TV.Subtract(s, h2)); // Fast2Sum: h2 ≥ l2
        TV r = TV.Multiply(TV.Sqrt(TV.Add(s, TV.Add(se, TV.Add(h2e, l2e)))), unscale);
        r = TV.Select(TV.IsNaN(TV.Add(x, y)), K<T, TV>(double.NaN), r);
        TV infinite = TV.Or(TV.Equals(ax, K<T, TV>(double.PositiveInfinity)), TV.Equals(ay, K<T, TV>(double.PositiveInfinity)));
        return TV.Select(infinite, K<T, TV>(double.PositiveInfinity), r);
    }

    /// <summary>
    /// Natural log on our own cores: float32 <see cref="LogSingleCore{T, TV}(TV)"/> (the runtime's float32 vector Log is a
    /// call that widens to float64), float64 <see cref="LogDouble{T, TV}"/>; lanes that are not positive normal numbers
    /// by <see cref="LogSpecialLanes{T, TV}"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe TV Log<T, TV>(TV x) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        if (typeof(T) == typeof(double)) return LogDouble<T, TV>(x);
        if (typeof(T) != typeof(float)) return TV.Log(x);
        HoistedConstants<TV> c = default;
        LogSingleConstants<T, TV>(ref c);
        TV r = LogSingleDeferred<T, TV>(x, in c, out ulong special);
        return special == 0 ? r : LogSpecialInline<T, TV>(x, x, r, &LogScalar<T>);
    }

    /// <summary>
    /// log(1 + x). float32: Goldberg's trick (as <see cref="ScalarMath.LogP1{T}"/>), log u · x / (u - 1) with u = 1 + x,
    /// on the float32 log core; float64: <see cref="Log1pDoubleCore{T, TV}"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe TV Log1p<T, TV>(TV x) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        TV r = Log1pDeferred<T, TV>(x, out ulong special);
        return special == 0 ? r : LogSpecialLanes<T, TV>(TV.Add(TV.Create(T.One), x), x, r, &ScalarMath.LogP1<T>);
    }

    /// <summary>
    /// <see cref="Log1p{T, TV}"/> with its special lanes resolved inline by the selects (only subnormal 1 + x calls
    /// out), for the contiguous loop's runs of vectors that have them (<see cref="IUnaryOp{T, TOut}.InvokeRun{TV}"/>):
    /// the same bits. float32 only (the float64 deferred form resolves them itself).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe TV Log1pRun<T, TV>(TV x, out bool special) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        TV r = Log1pDeferred<T, TV>(x, out ulong lanes);
        special = lanes != 0;
        return LogSpecialInline<T, TV>(TV.Add(TV.Create(T.One), x), x, r, &ScalarMath.LogP1<T>);
    }

    /// <summary>
    /// The lanes of a log function whose argument <paramref name="u"/> (x, or 1 + x for log1p) is not a positive normal
    /// finite number, in vector form, as the scalar functions give them: u &lt; 0 (−inf included) gives NaN, a NaN
    /// argument stays NaN, ±0 gives −inf, +inf gives +inf; only positive subnormal arguments are left to
    /// <paramref name="scalar"/> (of <paramref name="x"/>). Every such lane used to take the scalar function: float32
    /// <c>Log10</c> of normally distributed data (half the lanes negative) ran 19× slower than of positive data.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static unsafe TV LogSpecialLanes<T, TV>(TV u, TV x, TV r, delegate*<T, T> scalar) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
        => LogSpecialInline<T, TV>(u, x, r, scalar);

    /// <summary>
    /// <see cref="LogSpecialLanes{T, TV}"/> inline (only subnormal lanes make a call), for <c>Log</c> and <c>Log10</c>:
    /// calling out per vector, normally distributed data ran at 0.62–0.65 ns per element against 0.37 inline (float32
    /// <c>Log</c>, 10⁵, alternating builds) and 1.03–1.07 against 0.94–0.95 (float64); ordinary data unchanged. The
    /// special lanes take <see cref="ISimdVec{TSelf, T}.FixLogSpecials"/> (with AVX-512 one instruction instead of five
    /// compares and selects: float64 <c>Log</c> of normally distributed data 1241–1248 → 932–936 ns at 10³, probe).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe TV LogSpecialInline<T, TV>(TV u, TV x, TV r, delegate*<T, T> scalar) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        r = LogSpecialsExceptSubnormal<T, TV>(u, r, out ulong rest);
        return rest == 0 ? r : LaneFix.Unary<T, TV>(x, r, rest, scalar);
    }

    /// <summary>
    /// The lanes of a log function whose argument <paramref name="u"/> is zero, negative, infinite or NaN, in vector form
    /// (<see cref="ISimdVec{TSelf, T}.FixLogSpecials"/>); <paramref name="subnormal"/>: the positive subnormal lanes, which
    /// the caller leaves to the scalar function (<see cref="LogSpecialInline{T, TV}"/>, or the contiguous loop's fix).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV LogSpecialsExceptSubnormal<T, TV>(TV u, TV r, out ulong subnormal) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        r = TV.FixLogSpecials(r, u); // ±0, +inf, negatives, NaN: one vfixupimm with AVX-512
        subnormal = TV.ExtractMostSignificantBits(TV.And(TV.GreaterThan(u, TV.Zero),
            TV.LessThan(u, K<T, TV>(typeof(T) == typeof(float) ? 1.1754943508222875e-38 : 2.2250738585072014e-308))));
        return r;
    }

    /// <summary>
    /// The hoisted form of a float32 log (<see cref="IUnaryOp{T, TOut}.InvokeHoisted{TV}"/>): <paramref name="r"/> with
    /// the lanes <paramref name="special"/> names (not positive normal numbers) resolved in vector form when there are
    /// any, so normally distributed data stays in the loop; <paramref name="fix"/>: the subnormal lanes only. The same
    /// bits as the full form.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV LogHoistedSpecials<T, TV>(TV x, TV r, ulong special, out ulong fix) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        fix = 0;
        return special == 0 ? r : LogSpecialsExceptSubnormal<T, TV>(x, r, out fix);
    }

    /// <summary>
    /// float32 <see cref="Log1pDeferred{T, TV}"/> with its constants from <paramref name="c"/>
    /// (<see cref="Log1pSingleConstants{T, TV}"/>), which the contiguous loop keeps in registers: the table-driven
    /// <see cref="Log1pSingleCore{T, TV}"/>; <paramref name="special"/>: the lanes whose u = 1 + x is not a positive normal number.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Log1pSingleDeferred<T, TV>(TV x, in HoistedConstants<TV> c, out ulong special) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
        => Log1pSingleCore<T, TV>(x, in c, out special);

    /// <summary><see cref="Log1p{T, TV}"/> without its fix: <paramref name="special"/> holds the lanes <c>ScalarMath.LogP1</c> must give.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Log1pDeferred<T, TV>(TV x, out ulong special) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        TV one = TV.Create(T.One);
        TV u = TV.Add(one, x);
        if (typeof(T) == typeof(float))
        {
            // float32: own log; lanes whose u is not a positive normal number (x <= -1, inf, NaN) are left to the fix
            // (LogSpecialLanes: in vector form).
            // (Resolving those lanes here, as the float64 form does, cost 25 % on vectors without them: the float32
            // loop is short; they leave the loop instead.)
            HoistedConstants<TV> c = default;
            Log1pSingleConstants<T, TV>(ref c);
            return Log1pSingleDeferred<T, TV>(x, in c, out special);
        }
        // float64: own log1p core (the runtime's float64 vector log converts the exponent with a long-to-double
        // conversion that AVX2 lacks).
        // log1p has x's sign and the core's result is 0 or of that sign: x's sign bit by one OR keeps -0 (the core gives +0).
        TV rd = TV.Or(Log1pDoubleCore<T, TV>(x, u), SignBit<T, TV>(x));
        // Lanes with u ≤ 0, +inf or NaN resolved here by a few selects (the core is long enough that they cost nothing
        // measurable on vectors without such lanes; as a fix outside the loop, normally distributed x ran 2.4× slower).
        special = NotPositiveNormal<T, TV>(u);
        if (special != 0) { rd = TV.FixLogSpecials(rd, u); special = 0; }
        return rd;
    }

    /// <summary>
    /// Cube root without exp/log: |x| = 2^e·m (m in [1, 2), subnormals scaled by 2^24 / 2^54 first), e = 3q + r with
    /// r in {−1, 0, 1}, m' = m·2^r; w ≈ m'^(−1/3) (float32: two 32-entry table lookups and a short polynomial,
    /// <see cref="CbrtSingleEstimate{T, TV}"/>; float64: a polynomial and two Newton steps,
    /// <see cref="CbrtDoubleEstimate{T, TV}"/>); y = m'·w², then one Newton step on y³ − m' with the residual computed exactly (FMA splits of y² and y³; m' is in [0.5, 4), so nothing under- or overflows), which
    /// leaves essentially the final rounding; the root is y·2^q with x's sign. ±0, ±inf and NaN return x.
    /// Inlined into the row loop, which runs it one vector a turn (<c>CbrtOp.Large</c>) with the head and tail lanes
    /// in their own frame: out of line, each vector paid a call with its vectors through the stack (float32 10⁶
    /// 533-570 -> 448-487 µs in a probe). Vectors with special or subnormal lanes take <see cref="CbrtAnyLanes{T, TV}"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Cbrt<T, TV>(TV x) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        // Vectors whose lanes are all normal and finite (the usual case) skip the selects for ±0, ±inf, NaN and
        // subnormals: the core then runs the very same operations on those lanes, so the bits do not depend on the path.
        bool single = typeof(T) == typeof(float);
        TV a = TV.Abs(x);
        if (TV.NotPositiveNormalBits(a) != 0)
            return CbrtAnyLanes<T, TV>(x);
        return CbrtCore<T, TV>(x, a, K<T, TV>(single ? 127 : 1023));
    }

    /// <summary>2^(−r/3) ≈ 1 + A·r + B·r², exact at r = 0 and to the constants' rounding at r = ±1.</summary>
    private const double CbrtScaleA = (0.7937005259840998 - 1.2599210498948732) / 2, CbrtScaleB = (0.7937005259840998 + 1.2599210498948732) / 2 - 1;

    /// <summary><see cref="Cbrt{T, TV}"/> for vectors with a zero, infinite, NaN or subnormal lane.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TV CbrtAnyLanes<T, TV>(TV x) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        bool single = typeof(T) == typeof(float);
        TV a = TV.Abs(x);
        TV special = TV.Or(TV.Equals(a, TV.Zero), TV.Xor(TV.IsFinite(a), TV.AllBitsSet));
        TV subnormal = TV.LessThan(a, K<T, TV>(single ? 1.1754943508222875e-38 : 2.2250738585072014e-308));
        TV s = TV.Select(subnormal, TV.Multiply(a, K<T, TV>(single ? 16777216.0 : 18014398509481984.0)), a);
        s = TV.Select(special, TV.Create(T.One), s);
        TV bias = TV.Select(subnormal, K<T, TV>(single ? 127 + 24 : 1023 + 54), K<T, TV>(single ? 127 : 1023));
        return TV.Select(special, x, CbrtCore<T, TV>(x, s, bias));
    }

    /// <summary>
    /// The root of <see cref="Cbrt{T, TV}"/> for s = |x| as a positive normal number, whose biased exponent less
    /// <paramref name="bias"/> is the exponent of |x|; x's sign.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV CbrtCore<T, TV>(TV x, TV s, TV bias) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        bool single = typeof(T) == typeof(float);
        TV one = TV.Create(T.One);
        // e from the exponent bits (OR-ed into 2^23 / 2^52, whose mantissa they become), m from the mantissa bits.
        TV magic = K<T, TV>(single ? 8388608.0 : 4503599627370496.0);
        // Literal shift counts per type (see PowerOfTwo).
        TV e = TV.Subtract(TV.Subtract(TV.Or(single ? TV.ShiftRightBits(s, 23) : TV.ShiftRightBits(s, 52), magic), magic), bias);
        TV m = TV.Or(TV.And(s, single ? Bits<T, TV>(0x007F_FFFF) : Bits64<T, TV>(0x000F_FFFF_FFFF_FFFF)), one);
        TV q = TV.Round(TV.Multiply(e, K<T, TV>(1.0 / 3)));
        TV r = TV.FusedMultiplyAdd(q, K<T, TV>(-3), e); // exact: -1, 0 or 1
        // m' = m·2^r with 2^r from the exponent bits; w ≈ m'^(−1/3) from the estimate of the type, y = m'·w², then one
        // Newton step on y³ − m' with the residual exact.
        TV mr = TV.Multiply(m, PowerOfTwo<T, TV>(r));
        TV nmr = TV.Negate(mr);
        TV w = single ? CbrtSingleEstimate<T, TV>(s, m, r) : CbrtDoubleEstimate<T, TV>(m, r, nmr);
        TV w2 = TV.Multiply(w, w);
        TV y = TV.Multiply(mr, w2);
        TV h = TV.Multiply(y, y);
        TV l = TV.FusedMultiplySubtract(y, y, h);
        TV c = TV.Multiply(h, y);
        TV residual = TV.Add(TV.Add(c, nmr), TV.FusedMultiplyAdd(l, y, TV.FusedMultiplySubtract(h, y, c))); // c - m' is exact (Sterbenz)
        y = TV.FusedMultiplyAdd(TV.Multiply(residual, w2), K<T, TV>(-1.0 / 3), y);
        y = TV.Multiply(y, PowerOfTwo<T, TV>(q));
        return TV.Or(y, SignBit<T, TV>(x)); // y > 0: x's sign by one OR
    }

    /// <summary>
    /// float64 w ≈ m′^(−1/3) to about 2·10⁻¹⁷: a degree-4 minimax polynomial in m (relative error 3.8·10⁻⁵) by
    /// Estrin's scheme, times 2^(−r/3) as the quadratic through r = −1, 0, 1 (two FMAs instead of two compares and
    /// selects), then two division-free Newton steps w += w·(1 − m′w³)/3 (<paramref name="nmr"/> = −m′).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV CbrtDoubleEstimate<T, TV>(TV m, TV r, TV nmr) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        TV one = TV.Create(T.One);
        TV m2 = TV.Multiply(m, m);
        TV w = TV.FusedMultiplyAdd(K<T, TV>(0.028591034189604927), m2, TV.FusedMultiplyAdd(K<T, TV>(-0.22123790549835512), m, K<T, TV>(0.6954827413546827)));
        w = TV.FusedMultiplyAdd(w, m2, TV.FusedMultiplyAdd(K<T, TV>(-1.172880306401428), m, K<T, TV>(1.6700067678410864)));
        w = TV.Multiply(w, TV.FusedMultiplyAdd(TV.FusedMultiplyAdd(K<T, TV>(CbrtScaleB), r, K<T, TV>(CbrtScaleA)), r, one));
        TV third = K<T, TV>(1.0 / 3);
        return CbrtNewtonStep<T, TV>(CbrtNewtonStep<T, TV>(w, nmr, one, third), nmr, one, third);
    }

    /// <summary>One division-free Newton step toward m′^(−1/3): w + w·(1 − m′w³)/3 (<paramref name="nmr"/> = −m′).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV CbrtNewtonStep<T, TV>(TV w, TV nmr, TV one, TV third) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
        => TV.FusedMultiplyAdd(TV.Multiply(w, TV.FusedMultiplyAdd(nmr, TV.Multiply(TV.Multiply(w, w), w), one)), third, w);

    /// <summary>
    /// 1/c for the 32 parts of [1, 2) that the top five mantissa bits select (c near the part's middle): Gal's accurate
    /// tables, each the float32 near 1/(the middle) whose cube root is within 1/200 ulp of a float32
    /// (<see cref="CbrtSingleW"/>, which then needs no low part), so |m·(1/c) − 1| ≤ 0.0154.
    /// </summary>
    private static ReadOnlySpan<float> CbrtSingleInvC => [0.9846157431602478f, 0.9552291631698608f, 0.9275364875793457f, 0.9014037251472473f, 0.8767092823982239f,
        0.8533369898796082f, 0.831161618232727f, 0.8101238012313843f, 0.7901222109794617f, 0.7710834741592407f,
        0.7529436945915222f, 0.7356218099594116f, 0.7190999984741211f, 0.7032949924468994f, 0.6881690621376038f,
        0.6736845970153809f, 0.6597970724105835f, 0.646462619304657f, 0.6336662173271179f, 0.6213573217391968f,
        0.6095256805419922f, 0.5981287360191345f, 0.5871559381484985f, 0.5765782594680786f, 0.5663732886314392f,
        0.5565226674079895f, 0.5470064878463745f, 0.5378135442733765f, 0.5289256572723389f, 0.5203267335891724f,
        0.5120372176170349f, 0.5039309859275818f];

    /// <summary>c^(−1/3) = (1/c)^(1/3) of each part of <see cref="CbrtSingleInvC"/>, rounded to float32.</summary>
    private static ReadOnlySpan<float> CbrtSingleW => [0.9948453903198242f, 0.9848479628562927f, 0.9752373695373535f, 0.9659910798072815f, 0.9570879936218262f,
        0.948506236076355f, 0.9402178525924683f, 0.9322172403335571f, 0.924481213092804f, 0.9169953465461731f,
        0.9097474217414856f, 0.9027168154716492f, 0.8959073424339294f, 0.8892949819564819f, 0.8828732967376709f,
        0.8766351342201233f, 0.8705695271492004f, 0.8646648526191711f, 0.8589215874671936f, 0.8533236980438232f,
        0.8478727340698242f, 0.8425549268722534f, 0.8373708128929138f, 0.8323118686676025f, 0.8273721933364868f,
        0.822547435760498f, 0.8178321123123169f, 0.813224732875824f, 0.808720052242279f, 0.8043135404586792f,
        0.800019383430481f, 0.7957751154899597f];

    /// <summary>
    /// float32 w ≈ m′^(−1/3) = c^(−1/3)·2^(−r/3)·(1 + d)^(−1/3) with m′ = m·2^r: the part of m (bits 18-22 of
    /// <paramref name="s"/>) picks 1/c and c^(−1/3) by two 32-entry lookups (<see cref="ISimdVec{TSelf, T}.Lookup32"/>:
    /// one <c>vpermi2ps</c> each at 512 bits), d = m·(1/c) − 1 by one FMA, (1 + d)^(−1/3) = 1 + d·P(d) with P a
    /// degree-2 minimax fit (relative error 2^−28.9 on |d| ≤ 0.0154), 2^(−r/3) the float32 constant picked by two
    /// selects. w's relative error stays below 2^−22.8; the last Newton step of <see cref="CbrtCore{T, TV}"/> then
    /// leaves the root within 0.5 + 2^−20 ulp (checked over every mantissa of each r: 0.500000035 worst). It replaced a
    /// degree-4 polynomial, the quadratic in r and one Newton step on w: 19 multiplications and FMAs a vector instead of 28.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV CbrtSingleEstimate<T, TV>(TV s, TV m, TV r) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimdVec<TV, T>
    {
        ReadOnlySpan<T> invC = MemoryMarshal.Cast<float, T>(CbrtSingleInvC), wc = MemoryMarshal.Cast<float, T>(CbrtSingleW);
        TV part = TV.ShiftRightBits(s, 18); // bits 18-22: the top five bits of the mantissa
        TV d = TV.FusedMultiplyAdd(m, TV.Lookup32(part, TV.Table32Part(invC, 0), TV.Table32Part(invC, 1), TV.Table32Part(invC, 2), TV.Table32Part(invC, 3), invC), K<T, TV>(-1));
        TV zero = TV.Zero;
        TV scale = TV.Select(TV.GreaterThan(r, zero), K<T, TV>(0.7937005162239075), TV.Select(TV.LessThan(r, zero), K<T, TV>(1.2599210739135742), TV.Create(T.One)));
        TV big = TV.Multiply(TV.Lookup32(part, TV.Table32Part(wc, 0), TV.Table32Part(wc, 1), TV.Table32Part(wc, 2), TV.Table32Part(wc, 3), wc), scale);
        TV u = TV.Multiply(d, TV.FusedMultiplyAdd(TV.FusedMultiplyAdd(K<T, TV>(-0.17286166548728943), d, K<T, TV>(0.22224779427051544)), d, K<T, TV>(-0.3333333432674408)));
        return TV.FusedMultiplyAdd(big, u, big);
    }
}

/// <summary>Scalar functions the runtime computes inaccurately (its ExpM1/LogP1 are plain exp(x) - 1 and log(1 + x)).</summary>
internal static class ScalarMath
{
    /// <summary>exp(x) - 1 accurate near 0 (Kahan's trick: the rounding error of exp cancels in (u - 1) / log u).</summary>
    public static T ExpM1<T>(T x) where T : IFloatingPointIeee754<T>
    {
        T u = T.Exp(x);
        if (T.Abs(x) > T.One) return u - T.One; // no cancellation worth correcting, and (u - 1)·x could overflow
        if (u == T.One) return x;
        T um1 = u - T.One;
        if (um1 == -T.One) return -T.One;
        if (T.IsInfinity(u)) return u;
        return um1 * x / T.Log(u);
    }

    /// <summary>Cube root: the vector algorithm (<see cref="VectorMath.Cbrt{T, TV}"/>) on one lane, so every path gives the same bits.</summary>
    public static T Cbrt<T>(T x) where T : unmanaged, IFloatingPointIeee754<T>
        => Vec128<T>.GetElement(VectorMath.Cbrt<T, Vec128<T>>(Vec128<T>.Create(x)), 0);

    /// <summary>log(1 + x) accurate near 0 (Goldberg's trick: x / ((1 + x) - 1) corrects the rounding of 1 + x).</summary>
    public static T LogP1<T>(T x) where T : IFloatingPointIeee754<T>
    {
        T u = T.One + x;
        if (u == T.One) return x;
        if (T.IsPositiveInfinity(u)) return u; // −inf: log gives NaN below, as C's log1p and NumPy's
        return T.Log(u) * (x / (u - T.One)); // the factor ≈ 1 first: log u · x overflows near MaxValue
    }
}
