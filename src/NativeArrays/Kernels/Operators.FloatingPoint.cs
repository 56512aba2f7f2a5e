using System.Numerics;
using System.Runtime.CompilerServices;

namespace NativeArrays.Kernels;

// Floating-point unary operators. Vector forms use the runtime's Vector128/256/512 math (the same code as
// TensorPrimitives); ops without an accurate vector form run the scalar Math functions. See docs/kernels.md
// for the ULP tolerances.

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
    public static bool Vectorizable => false;
    public static T Invoke(T x) => T.Cbrt(x);
    public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => throw SimdTypes.NotSupported<T>("Cbrt");
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
    public static T Invoke(T x) => T.Exp(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => TV.Exp(x);
}

/// <summary>2 to the power x.</summary>
internal readonly struct Exp2Op<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => false;
    public static T Invoke(T x) => T.Exp2(x);
    public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => throw SimdTypes.NotSupported<T>("Exp2");
}

/// <summary>exp(x) - 1, accurate near 0.</summary>
internal readonly struct Expm1Op<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => false;
    public static T Invoke(T x) => ScalarMath.ExpM1(x);
    public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => throw SimdTypes.NotSupported<T>("Expm1");
}

/// <summary>Natural logarithm.</summary>
internal readonly struct LogOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T x) => T.Log(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => TV.Log(x);
}

/// <summary>Base-2 logarithm.</summary>
internal readonly struct Log2Op<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T x) => T.Log2(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => TV.Log2(x);
}

/// <summary>Base-10 logarithm.</summary>
internal readonly struct Log10Op<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => false;
    public static T Invoke(T x) => T.Log10(x);
    public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => throw SimdTypes.NotSupported<T>("Log10");
}

/// <summary>log(1 + x), accurate near 0.</summary>
internal readonly struct Log1pOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => false;
    public static T Invoke(T x) => ScalarMath.LogP1(x);
    public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => throw SimdTypes.NotSupported<T>("Log1p");
}

/// <summary>Sine (radians).</summary>
internal readonly struct SinOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T x) => T.Sin(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => TV.Sin(x);
}

/// <summary>Cosine (radians).</summary>
internal readonly struct CosOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T x) => T.Cos(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => TV.Cos(x);
}

/// <summary>Tangent (radians).</summary>
internal readonly struct TanOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => false;
    public static T Invoke(T x) => T.Tan(x);
    public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => throw SimdTypes.NotSupported<T>("Tan");
}

/// <summary>Hyperbolic tangent.</summary>
internal readonly struct TanhOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => false;
    public static T Invoke(T x) => T.Tanh(x);
    public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => throw SimdTypes.NotSupported<T>("Tanh");
}

/// <summary>Logistic function 1 / (1 + exp(-x)).</summary>
internal readonly struct SigmoidOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T x) => T.One / (T.One + T.Exp(-x));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => TV.Divide(TV.Create(T.One), TV.Add(TV.Create(T.One), TV.Exp(TV.Negate(x))));
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
    public static bool Vectorizable => false;
    public static T Invoke(T x, T y) => T.Atan2(x, y);
    public static TV Invoke<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, T> => throw SimdTypes.NotSupported<T>("Atan2");
}

/// <summary>sqrt(x*x + y*y) without undue overflow.</summary>
internal readonly struct HypotOp<T> : IBinaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T x, T y) => T.Hypot(x, y);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Invoke<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, T> => TV.Hypot(x, y);
}

/// <summary>Scalar functions the runtime computes inaccurately (its ExpM1/LogP1 are plain exp(x) - 1 and log(1 + x)).</summary>
internal static class ScalarMath
{
    /// <summary>exp(x) - 1 accurate near 0 (Kahan's trick: the rounding error of exp cancels in (u - 1) / log u).</summary>
    public static T ExpM1<T>(T x) where T : IFloatingPointIeee754<T>
    {
        T u = T.Exp(x);
        if (u == T.One) return x;
        T um1 = u - T.One;
        if (um1 == -T.One) return -T.One;
        if (T.IsInfinity(u)) return u;
        return um1 * x / T.Log(u);
    }

    /// <summary>log(1 + x) accurate near 0 (Goldberg's trick: x / ((1 + x) - 1) corrects the rounding of 1 + x).</summary>
    public static T LogP1<T>(T x) where T : IFloatingPointIeee754<T>
    {
        T u = T.One + x;
        if (u == T.One) return x;
        if (T.IsInfinity(u)) return u;
        return T.Log(u) * x / (u - T.One);
    }
}
