using System.Numerics;
using NativeArrays.Kernels;

namespace NativeArrays.Tests.Kernels;

/// <summary>Layouts an operand can have in a test, built over its own block of native memory.</summary>
internal enum Layout { Contiguous, Step, Negative, Transposed, BroadcastOuter, BroadcastInner, Scalar }

internal static unsafe class KernelHarness
{
    public static readonly SimdWidth[] Widths = [SimdWidth.Scalar, SimdWidth.W128, SimdWidth.W256, SimdWidth.W512];

    public static IDisposable Width(SimdWidth w) =>
        NativeArraysSettings.Override(NativeArraysSettings.Current with { SimdWidth = w });

    /// <summary>A view of <paramref name="shape"/> (or broadcastable to it) with the given layout, filled by <paramref name="fill"/>.</summary>
    public static (RawView<T> Owner, RawView<T> View) Make<T>(Layout layout, nint[] shape, Func<T> fill) where T : unmanaged
    {
        int r = shape.Length;
        RawView<T> owner, view;
        switch (layout)
        {
            case Layout.Step when r > 0:
            {
                var bshape = (nint[])shape.Clone();
                bshape[r - 1] = 2 * shape[r - 1] + 1;
                owner = RawView<T>.Alloc(bshape);
                var s = RawView<T>.CStrides(bshape);
                s[r - 1] = 2;
                view = owner.View(1, shape, s);
                break;
            }
            case Layout.Negative when r > 0:
            {
                owner = RawView<T>.Alloc(shape);
                var c = RawView<T>.CStrides(shape);
                nint off = 0;
                var s = new nint[r];
                for (int d = 0; d < r; d++) { off += Math.Max(0, shape[d] - 1) * c[d]; s[d] = -c[d]; }
                view = owner.View(off, shape, s);
                break;
            }
            case Layout.Transposed when r > 1:
            {
                var rev = shape.Reverse().ToArray();
                owner = RawView<T>.Alloc(rev);
                view = owner.View(0, shape, RawView<T>.CStrides(rev).Reverse().ToArray());
                break;
            }
            case Layout.BroadcastOuter when r > 1:
            {
                var bshape = (nint[])shape.Clone();
                bshape[0] = 1;
                owner = RawView<T>.Alloc(bshape);
                view = owner;
                break;
            }
            case Layout.BroadcastInner when r > 1:
            {
                var bshape = (nint[])shape.Clone();
                bshape[r - 1] = 1;
                owner = RawView<T>.Alloc(bshape);
                view = owner;
                break;
            }
            case Layout.Scalar:
                owner = RawView<T>.Alloc();
                view = owner;
                break;
            default:
                owner = RawView<T>.Alloc(shape);
                view = owner;
                break;
        }
        owner.FillBlock(_ => fill());
        return (owner, view);
    }

    public static readonly nint[][] FullShapes = [[7, 37], [33, 65], [3, 5, 17], [], [0, 5], [1]];

    /// <summary>Odd lengths around every vector boundary (bytes: 64 lanes) plus a longer row.</summary>
    public static IEnumerable<nint[]> OddLengths()
    {
        foreach (int n in new[] { 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 33, 63, 64, 65, 127, 129, 1000 }) yield return [n];
    }

    public static readonly (Layout X, Layout Y, Layout Out)[] BinaryCombos =
    [
        (Layout.Contiguous, Layout.Contiguous, Layout.Contiguous),
        (Layout.Step, Layout.Negative, Layout.Contiguous),
        (Layout.Transposed, Layout.Contiguous, Layout.Contiguous),
        (Layout.Contiguous, Layout.Transposed, Layout.Transposed),
        (Layout.BroadcastOuter, Layout.Contiguous, Layout.Step),
        (Layout.Contiguous, Layout.BroadcastInner, Layout.Negative),
        (Layout.Scalar, Layout.Transposed, Layout.Contiguous),
        (Layout.Step, Layout.Scalar, Layout.Step),
        (Layout.Transposed, Layout.Transposed, Layout.Contiguous),
    ];

    public static readonly (Layout X, Layout Y, Layout Out)[] QuickCombos =
    [
        (Layout.Contiguous, Layout.Contiguous, Layout.Contiguous),
        (Layout.Step, Layout.Transposed, Layout.Contiguous),
        (Layout.Contiguous, Layout.Scalar, Layout.Negative),
    ];

    public static bool Same<T>(T x, T y) where T : unmanaged
    {
        if (x.Equals(y)) return true;
        if (x is float f && y is float g) return float.IsNaN(f) && float.IsNaN(g);
        if (x is double a && y is double b) return double.IsNaN(a) && double.IsNaN(b);
        return false;
    }

    /// <summary>Distance in units in the last place (0 if equal or both NaN; huge across signs).</summary>
    public static double Ulps<T>(T x, T y) where T : unmanaged
    {
        if (Same(x, y)) return 0;
        if (x is float f && y is float g)
        {
            if (float.IsNaN(f) || float.IsNaN(g) || float.IsInfinity(f) || float.IsInfinity(g)) return double.PositiveInfinity;
            return Math.Abs((double)f - g) / Math.Max(float.Epsilon, MathF.BitIncrement(Math.Max(Math.Abs(f), Math.Abs(g))) - Math.Max(Math.Abs(f), Math.Abs(g)));
        }
        if (x is double a && y is double b)
        {
            if (double.IsNaN(a) || double.IsNaN(b) || double.IsInfinity(a) || double.IsInfinity(b)) return double.PositiveInfinity;
            return Math.Abs(a - b) / Math.Max(double.Epsilon, Math.BitIncrement(Math.Max(Math.Abs(a), Math.Abs(b))) - Math.Max(Math.Abs(a), Math.Abs(b)));
        }
        return double.PositiveInfinity;
    }

    /// <summary>
    /// Runs a binary kernel over every width × shape × layout combination and compares each element with the
    /// reference; <paramref name="tolerance"/> is in ULPs (0 = exact).
    /// </summary>
    public static void CheckBinary<T, TOut>(
        Action<nint[], Operand, Operand, Operand> kernel, Func<T, T, TOut> reference, Func<T> x, Func<T> y,
        double tolerance = 0, bool full = true)
        where T : unmanaged where TOut : unmanaged
    {
        var shapes = (full ? FullShapes : [[7, 37], [33, 65], []]).Concat(OddLengths()).ToArray();
        var combos = full ? BinaryCombos : QuickCombos;
        foreach (var w in Widths)
        {
            using var _ = Width(w);
            foreach (var shape in shapes)
            foreach (var (lx, ly, lo) in shape.Length == 1 ? combos.Take(full ? 2 : 1).Append((Layout.Contiguous, Layout.Scalar, Layout.Contiguous)) : combos)
            {
                var (ox, vx) = Make(lx, shape, x);
                var (oy, vy) = Make(ly, shape, y);
                var (oo, vo) = Make(lo, shape, () => default(TOut));
                using (ox) using (oy) using (oo)
                {
                    kernel(shape, vo.Operand, vx.OperandFor(shape), vy.OperandFor(shape));
                    foreach (var idx in RawView<T>.Indices(shape))
                    {
                        TOut expected = reference(vx.At(shape, idx), vy.At(shape, idx));
                        TOut actual = vo[idx];
                        double ulps = Ulps(expected, actual);
                        if (ulps > tolerance)
                            Assert.Fail($"{typeof(T).Name} width {w} shape ({string.Join(", ", shape)}) layouts {lx}/{ly}->{lo} at [{string.Join(", ", idx)}]: " +
                                        $"x={vx.At(shape, idx)} y={vy.At(shape, idx)} expected {expected} got {actual} ({ulps} ulp)");
                    }
                }
            }
        }
    }

    public static readonly Layout[] UnaryLayouts = [Layout.Contiguous, Layout.Step, Layout.Negative, Layout.Transposed, Layout.BroadcastOuter, Layout.Scalar];

    public static void CheckUnary<T, TOut>(Action<nint[], Operand, Operand> kernel, Func<T, TOut> reference, Func<T> x, double tolerance = 0, bool full = true)
        where T : unmanaged where TOut : unmanaged
    {
        var shapes = (full ? FullShapes : [[7, 37], []]).Concat(OddLengths()).ToArray();
        foreach (var w in Widths)
        {
            using var _ = Width(w);
            foreach (var shape in shapes)
            foreach (var lx in shape.Length == 1 ? [Layout.Contiguous, Layout.Step] : full ? UnaryLayouts : [Layout.Contiguous, Layout.Transposed])
            foreach (var lo in shape.Length == 1 || !full ? [Layout.Contiguous] : new[] { Layout.Contiguous, Layout.Negative })
            {
                var (ox, vx) = Make(lx, shape, x);
                var (oo, vo) = Make(lo, shape, () => default(TOut));
                using (ox) using (oo)
                {
                    kernel(shape, vo.Operand, vx.OperandFor(shape));
                    foreach (var idx in RawView<T>.Indices(shape))
                    {
                        TOut expected = reference(vx.At(shape, idx));
                        TOut actual = vo[idx];
                        double ulps = Ulps(expected, actual);
                        if (ulps > tolerance)
                            Assert.Fail($"{typeof(T).Name} width {w} shape ({string.Join(", ", shape)}) layouts {lx}->{lo} at [{string.Join(", ", idx)}]: " +
                                        $"x={vx.At(shape, idx)} expected {expected} got {actual} ({ulps} ulp)");
                    }
                }
            }
        }
    }
}
