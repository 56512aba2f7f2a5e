using System.Numerics;
using NativeArrays.Kernels;

namespace NativeArrays.Tests.Kernels;

/// <summary>
/// Floating-point operators against System.Math in double precision, within the documented ULP tolerance
/// (docs/kernels.md): exact ops 0 ULP, transcendental ones <see cref="Transcendental"/> ULP.
/// </summary>
[TestFixtureSource(typeof(ElementTypes), nameof(ElementTypes.FloatingPoint))]
public class FloatingPointKernelTests<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The documented tolerance of vectorised transcendental functions.</summary>
    public const double Transcendental = 4;

    private Random _random = null!;
    [SetUp] public void Seed() => _random = new Random(7);

    private T Any() => TestValues.Next<T>(_random);
    private T Positive() => TestValues.Next<T>(_random, positive: true);
    private T Small() => T.CreateTruncating(_random.NextDouble() - 0.5);
    private T Halves() => T.CreateTruncating(Math.Round((_random.NextDouble() * 20 - 10) * 2) / 2);

    private static Func<T, T> Ref(Func<double, double> f) => x => T.CreateTruncating(f(double.CreateTruncating(x)));

    private void Unary<TOp>(Func<double, double> reference, Func<T> values, double tolerance) where TOp : IUnaryOp<T, T>
        => KernelHarness.CheckUnary<T, T>((s, o, x) => Elementwise.Unary<T, T, TOp>(typeof(TOp).Name, s, o, x), Ref(reference), values, tolerance, full: false);

    [Test] public void Sqrt() => Unary<SqrtOp<T>>(Math.Sqrt, Positive, 0);
    [Test] public void Cbrt() => Unary<CbrtOp<T>>(ExactMath.Cbrt, Any, 1); // correctly rounded reference: Math.Cbrt itself is up to ~2 ulp off
    [Test] public void Reciprocal() => Unary<ReciprocalOp<T>>(x => 1 / x, Any, 0);
    [Test] public void Exp() => Unary<ExpOp<T>>(Math.Exp, Any, Transcendental);
    [Test] public void Exp2() => Unary<Exp2Op<T>>(x => Math.Pow(2, x), Any, Transcendental);
    [Test] public void Expm1() => Unary<Expm1Op<T>>(SeriesExpm1, Small, Transcendental);
    [Test] public void Log() => Unary<LogOp<T>>(Math.Log, Positive, Transcendental);
    [Test] public void Log2() => Unary<Log2Op<T>>(Math.Log2, Positive, Transcendental);
    [Test] public void Log10() => Unary<Log10Op<T>>(Math.Log10, Positive, Transcendental);
    [Test] public void Log1p() => Unary<Log1pOp<T>>(SeriesLog1p, Small, Transcendental);

    /// <summary>Taylor series of exp(x) - 1 for |x| &lt;= 1 (independent of the kernel's formula).</summary>
    private static double SeriesExpm1(double x)
    {
        double term = x, sum = 0;
        for (int k = 2; k < 30; k++) { sum += term; term *= x / k; }
        return sum;
    }

    /// <summary>log(1 + x) = 2 atanh(x / (2 + x)) as a series, for |x| &lt;= 1/2.</summary>
    private static double SeriesLog1p(double x)
    {
        double z = x / (2 + x), z2 = z * z, power = z, sum = 0;
        for (int k = 0; k < 40; k++) { sum += power / (2 * k + 1); power *= z2; }
        return 2 * sum;
    }
    [Test] public void Sin() => Unary<SinOp<T>>(Math.Sin, Any, Transcendental);
    [Test] public void Cos() => Unary<CosOp<T>>(Math.Cos, Any, Transcendental);
    [Test] public void Tan() => Unary<TanOp<T>>(Math.Tan, Small, Transcendental);
    [Test] public void Tanh() => Unary<TanhOp<T>>(Math.Tanh, Any, Transcendental);
    [Test] public void Sigmoid() => Unary<SigmoidOp<T>>(x => 1 / (1 + Math.Exp(-x)), Any, Transcendental);
    [Test] public void Floor() => Unary<FloorOp<T>>(Math.Floor, Halves, 0);
    [Test] public void Ceiling() => Unary<CeilingOp<T>>(Math.Ceiling, Halves, 0);
    [Test] public void Round() => Unary<RoundOp<T>>(Math.Round, Halves, 0);
    [Test] public void Truncate() => Unary<TruncateOp<T>>(Math.Truncate, Halves, 0);

    [Test]
    public void Atan2() => KernelHarness.CheckBinary<T, T>((s, o, x, y) => Elementwise.Binary<T, T, Atan2Op<T>>("Atan2", s, o, x, y),
        (a, b) => T.CreateTruncating(Math.Atan2(double.CreateTruncating(a), double.CreateTruncating(b))), Any, Any, Transcendental, full: false);

    [Test]
    public void Hypot() => KernelHarness.CheckBinary<T, T>((s, o, x, y) => Elementwise.Binary<T, T, HypotOp<T>>("Hypot", s, o, x, y),
        (a, b) => T.CreateTruncating(double.Hypot(double.CreateTruncating(a), double.CreateTruncating(b))), Any, Any, 1, full: false);

    [Test]
    public void MinimumAndMaximumPropagateNaN()
    {
        foreach (var w in KernelHarness.Widths)
        {
            using var _ = KernelHarness.Width(w);
            var (oa, a) = KernelHarness.Make(Layout.Contiguous, [40], () => T.One);
            var (ob, b) = KernelHarness.Make(Layout.Contiguous, [40], () => T.NaN);
            var (oo, o) = KernelHarness.Make(Layout.Contiguous, [40], () => T.Zero);
            using (oa) using (ob) using (oo)
            {
                Elementwise.Binary<T, T, MinimumOp<T>>("Minimum", [40], o.Operand, a.Operand, b.Operand);
                Assert.That(o.ToArray().All(T.IsNaN), $"Minimum width {w}");
                Elementwise.Binary<T, T, MaximumOp<T>>("Maximum", [40], o.Operand, b.Operand, a.Operand);
                Assert.That(o.ToArray().All(T.IsNaN), $"Maximum width {w}");
            }
        }
    }
}

/// <summary>Bitwise operators on every integer element type.</summary>
[TestFixtureSource(typeof(ElementTypes), nameof(ElementTypes.Integer))]
public class BitwiseKernelTests<T> where T : unmanaged, IBinaryInteger<T>
{
    private Random _random = null!;
    [SetUp] public void Seed() => _random = new Random(11);
    private T Any() => TestValues.Next<T>(_random);
    private T Shift() => T.CreateTruncating(_random.Next(0, 8));

    [Test] public void And() => KernelHarness.CheckBinary<T, T>((s, o, x, y) => Elementwise.Binary<T, T, BitwiseAndOp<T>>("BitwiseAnd", s, o, x, y), (a, b) => a & b, Any, Any, full: false);
    [Test] public void Or() => KernelHarness.CheckBinary<T, T>((s, o, x, y) => Elementwise.Binary<T, T, BitwiseOrOp<T>>("BitwiseOr", s, o, x, y), (a, b) => a | b, Any, Any, full: false);
    [Test] public void Xor() => KernelHarness.CheckBinary<T, T>((s, o, x, y) => Elementwise.Binary<T, T, BitwiseXorOp<T>>("BitwiseXor", s, o, x, y), (a, b) => a ^ b, Any, Any, full: false);
    [Test] public void LeftShift() => KernelHarness.CheckBinary<T, T>((s, o, x, y) => Elementwise.Binary<T, T, LeftShiftOp<T>>("LeftShift", s, o, x, y), (a, b) => a << int.CreateTruncating(b), Any, Shift, full: false);
    [Test] public void RightShift() => KernelHarness.CheckBinary<T, T>((s, o, x, y) => Elementwise.Binary<T, T, RightShiftOp<T>>("RightShift", s, o, x, y), (a, b) => a >> int.CreateTruncating(b), Any, Shift, full: false);
    [Test] public void Invert() => KernelHarness.CheckUnary<T, T>((s, o, x) => Elementwise.Unary<T, T, OnesComplementOp<T>>("Invert", s, o, x), a => ~a, Any, full: false);
}
