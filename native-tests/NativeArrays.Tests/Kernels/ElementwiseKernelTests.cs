using System.Numerics;
using NativeArrays.Kernels;

namespace NativeArrays.Tests.Kernels;

/// <summary>Every numeric operator on every element type, layout and SIMD width against a plain scalar reference.</summary>
[TestFixtureSource(typeof(ElementTypes), nameof(ElementTypes.Numeric))]
public class NumericKernelTests<T> where T : unmanaged, INumber<T>
{
    private Random _random = null!;
    [SetUp] public void Seed() => _random = new Random(20261128);

    private T Any() => TestValues.Next<T>(_random);
    private T NonZero() => TestValues.Next<T>(_random, nonZero: true);
    private static bool Full => typeof(T) == typeof(float) || typeof(T) == typeof(int) || typeof(T) == typeof(byte);

    [Test] public void Add() => KernelHarness.CheckBinary<T, T>((s, o, x, y) => Elementwise.Binary<T, T, AddOp<T>>("Add", s, o, x, y), (a, b) => a + b, Any, Any, full: Full);
    [Test] public void Subtract() => KernelHarness.CheckBinary<T, T>((s, o, x, y) => Elementwise.Binary<T, T, SubtractOp<T>>("Subtract", s, o, x, y), (a, b) => a - b, Any, Any, full: false);
    [Test] public void Multiply() => KernelHarness.CheckBinary<T, T>((s, o, x, y) => Elementwise.Binary<T, T, MultiplyOp<T>>("Multiply", s, o, x, y), (a, b) => a * b, Any, Any, full: false);
    [Test] public void Divide() => KernelHarness.CheckBinary<T, T>((s, o, x, y) => Elementwise.Binary<T, T, DivideOp<T>>("Divide", s, o, x, y), (a, b) => a / b, Any, NonZero, full: false);
    [Test] public void Remainder() => KernelHarness.CheckBinary<T, T>((s, o, x, y) => Elementwise.Binary<T, T, RemainderOp<T>>("Remainder", s, o, x, y), (a, b) => a % b, Any, NonZero, full: false);
    [Test] public void Minimum() => KernelHarness.CheckBinary<T, T>((s, o, x, y) => Elementwise.Binary<T, T, MinimumOp<T>>("Minimum", s, o, x, y), (a, b) => a < b ? a : b, Any, Any, full: false);
    [Test] public void Maximum() => KernelHarness.CheckBinary<T, T>((s, o, x, y) => Elementwise.Binary<T, T, MaximumOp<T>>("Maximum", s, o, x, y), (a, b) => a > b ? a : b, Any, Any, full: false);
    [Test] public void Equal() => KernelHarness.CheckBinary<T, bool>((s, o, x, y) => Elementwise.Binary<T, bool, EqualOp<T>>("Equal", s, o, x, y), (a, b) => a == b, SmallInts, SmallInts, full: Full);
    [Test] public void NotEqual() => KernelHarness.CheckBinary<T, bool>((s, o, x, y) => Elementwise.Binary<T, bool, NotEqualOp<T>>("NotEqual", s, o, x, y), (a, b) => a != b, SmallInts, SmallInts, full: false);
    [Test] public void Less() => KernelHarness.CheckBinary<T, bool>((s, o, x, y) => Elementwise.Binary<T, bool, LessOp<T>>("Less", s, o, x, y), (a, b) => a < b, SmallInts, SmallInts, full: false);
    [Test] public void LessEqual() => KernelHarness.CheckBinary<T, bool>((s, o, x, y) => Elementwise.Binary<T, bool, LessEqualOp<T>>("LessEqual", s, o, x, y), (a, b) => a <= b, SmallInts, SmallInts, full: false);
    [Test] public void Greater() => KernelHarness.CheckBinary<T, bool>((s, o, x, y) => Elementwise.Binary<T, bool, GreaterOp<T>>("Greater", s, o, x, y), (a, b) => a > b, SmallInts, SmallInts, full: false);
    [Test] public void GreaterEqual() => KernelHarness.CheckBinary<T, bool>((s, o, x, y) => Elementwise.Binary<T, bool, GreaterEqualOp<T>>("GreaterEqual", s, o, x, y), (a, b) => a >= b, SmallInts, SmallInts, full: false);

    [Test]
    public void Power() => KernelHarness.CheckBinary<T, T>((s, o, x, y) => Elementwise.Binary<T, T, PowerOp<T>>("Power", s, o, x, y), ReferencePower,
        () => T.CreateTruncating(_random.Next(0, 6)), () => T.CreateTruncating(_random.Next(0, 4)), full: false);

    [Test] public void Negate() => KernelHarness.CheckUnary<T, T>((s, o, x) => Elementwise.Unary<T, T, NegateOp<T>>("Negate", s, o, x), a => T.Zero - a, Any, full: Full);
    [Test] public void Abs() => KernelHarness.CheckUnary<T, T>((s, o, x) => Elementwise.Unary<T, T, AbsOp<T>>("Abs", s, o, x), a => a < T.Zero ? T.Zero - a : a, Any, full: false);
    [Test] public void Sign() => KernelHarness.CheckUnary<T, T>((s, o, x) => Elementwise.Unary<T, T, SignOp<T>>("Sign", s, o, x), a => a > T.Zero ? T.One : a < T.Zero ? T.Zero - T.One : T.Zero, Any, full: false);
    [Test] public void Square() => KernelHarness.CheckUnary<T, T>((s, o, x) => Elementwise.Unary<T, T, SquareOp<T>>("Square", s, o, x), a => a * a, Any, full: false);
    [Test] public void IsNaN() => KernelHarness.CheckUnary<T, bool>((s, o, x) => Elementwise.Unary<T, bool, IsNaNOp<T>>("IsNaN", s, o, x), a => T.IsNaN(a), WithSpecials, full: false);
    [Test] public void IsFinite() => KernelHarness.CheckUnary<T, bool>((s, o, x) => Elementwise.Unary<T, bool, IsFiniteOp<T>>("IsFinite", s, o, x), a => T.IsFinite(a), WithSpecials, full: false);
    [Test] public void Copy() => KernelHarness.CheckUnary<T, T>((s, o, x) => Elementwise.Copy<T>(s, o, x), a => a, Any, full: Full);

    [Test]
    public void MultiplyAdd() => CheckTernary((s, o, x, y, z) => Elementwise.Ternary<T, T, MultiplyAddOp<T>>("MultiplyAdd", s, o, x, y, z),
        (a, b, c) => SimdTypes.IsFloat<T>() ? T.CreateTruncating(Math.FusedMultiplyAdd(double.CreateTruncating(a), double.CreateTruncating(b), double.CreateTruncating(c))) : a * b + c,
        typeof(T) == typeof(float) ? 1 : 0);

    [Test]
    public void Clip() => CheckTernary((s, o, x, y, z) => Elementwise.Ternary<T, T, ClipOp<T>>("Clip", s, o, x, y, z),
        (a, lo, hi) => { T m = a > lo ? a : lo; return m < hi ? m : hi; }, 0);

    [Test]
    public void Where()
    {
        foreach (var w in KernelHarness.Widths)
        {
            using var _ = KernelHarness.Width(w);
            foreach (var shape in KernelHarness.FullShapes.Concat(KernelHarness.OddLengths()))
            foreach (var (lc, lx, lo) in new[] { (Layout.Contiguous, Layout.Contiguous, Layout.Contiguous), (Layout.Transposed, Layout.Step, Layout.Negative), (Layout.BroadcastOuter, Layout.Scalar, Layout.Contiguous) })
            {
                var (oc, vc) = KernelHarness.Make(lc, shape, () => _random.Next(2) == 1);
                var (ox, vx) = KernelHarness.Make(lx, shape, Any);
                var (oy, vy) = KernelHarness.Make(Layout.Contiguous, shape, Any);
                var (oo, vo) = KernelHarness.Make(lo, shape, () => default(T));
                using (oc) using (ox) using (oy) using (oo)
                {
                    Elementwise.Ternary<bool, T, WhereOp<T>>("Where", shape, vo.Operand, vc.OperandFor(shape), vx.OperandFor(shape), vy.OperandFor(shape));
                    foreach (var idx in RawView<T>.Indices(shape))
                    {
                        T expected = vc.At(shape, idx) ? vx.At(shape, idx) : vy.At(shape, idx);
                        Assert.That(KernelHarness.Same(vo[idx], expected), $"width {w} shape ({string.Join(", ", shape)}) {lc}/{lx}->{lo} at [{string.Join(", ", idx)}]");
                    }
                }
            }
        }
    }

    private T SmallInts() => T.CreateTruncating(_random.Next(0, 4));

    private T WithSpecials()
    {
        int k = _random.Next(8);
        if (typeof(T) == typeof(float)) return k switch { 0 => T.CreateTruncating(float.NaN), 1 => T.CreateTruncating(float.PositiveInfinity), 2 => T.CreateTruncating(float.NegativeInfinity), _ => Any() };
        if (typeof(T) == typeof(double)) return k switch { 0 => T.CreateTruncating(double.NaN), 1 => T.CreateTruncating(double.PositiveInfinity), 2 => T.CreateTruncating(double.NegativeInfinity), _ => Any() };
        return Any();
    }

    private static T ReferencePower(T x, T y)
    {
        if (SimdTypes.IsFloat<T>()) return T.CreateTruncating(Math.Pow(double.CreateTruncating(x), double.CreateTruncating(y)));
        T r = T.One;
        for (T i = T.Zero; i < y; i++) r *= x;
        return r;
    }

    private void CheckTernary(Action<nint[], Operand, Operand, Operand, Operand> kernel, Func<T, T, T, T> reference, double tolerance)
    {
        foreach (var w in KernelHarness.Widths)
        {
            using var _ = KernelHarness.Width(w);
            foreach (var shape in KernelHarness.FullShapes.Concat(KernelHarness.OddLengths()))
            foreach (var (lx, ly, lz) in new[] { (Layout.Contiguous, Layout.Contiguous, Layout.Contiguous), (Layout.Transposed, Layout.Step, Layout.Negative), (Layout.Contiguous, Layout.Scalar, Layout.BroadcastOuter) })
            {
                var (ox, vx) = KernelHarness.Make(lx, shape, Any);
                var (oy, vy) = KernelHarness.Make(ly, shape, Any);
                var (oz, vz) = KernelHarness.Make(lz, shape, Any);
                var (oo, vo) = KernelHarness.Make(Layout.Contiguous, shape, () => default(T));
                using (ox) using (oy) using (oz) using (oo)
                {
                    kernel(shape, vo.Operand, vx.OperandFor(shape), vy.OperandFor(shape), vz.OperandFor(shape));
                    foreach (var idx in RawView<T>.Indices(shape))
                    {
                        T expected = reference(vx.At(shape, idx), vy.At(shape, idx), vz.At(shape, idx));
                        double ulps = KernelHarness.Ulps(expected, vo[idx]);
                        Assert.That(ulps, Is.LessThanOrEqualTo(tolerance), $"width {w} shape ({string.Join(", ", shape)}) {lx}/{ly}/{lz} at [{string.Join(", ", idx)}]: expected {expected} got {vo[idx]}");
                    }
                }
            }
        }
    }
}
