using System.Numerics;
using System.Reflection;
using NativeArrays.Tests.Breadth;
using NativeArrays.Tests.Generated;

namespace NativeArrays.Tests.Api;

/// <summary>
/// Every public form of every operation of <c>Operations.table</c> agrees with its allocating form, on C-contiguous,
/// strided, broadcast, 0-d and empty operands and a few element types. Driven by the generated catalog: a row added
/// to the table is tested here without a new test. When the allocating form throws, every form must throw the same
/// exception type.
/// </summary>
public class OpFormsTests
{
    private static readonly Dictionary<string, Type[]> s_types = new()
    {
        ["Number"] = [typeof(double), typeof(float), typeof(int), typeof(byte)],
        ["Float"] = [typeof(double), typeof(float)],
        ["Integer"] = [typeof(int), typeof(long), typeof(byte)],
    };

    private static readonly Random s_random = new(10);

    public static IEnumerable<TestCaseData> Cases() =>
        OpCatalog.Rows.SelectMany(op => s_types[op.Elements].Select(t => new TestCaseData(op.Name, t).SetArgDisplayNames(op.Name, t.Name)));

    [Test]
    public void TheCatalogCoversTheTable()
    {
        // Guards the catalog itself: the well-known rows and their form counts are there.
        Assert.That(OpCatalog.Rows.Select(o => o.Name), Is.SupersetOf(new[] { "Add", "Less", "Sqrt", "IsNaN", "Sum", "CountNonZero" }));
        var add = OpCatalog.Add<double>();
        Assert.That(new object?[] { add.Allocating, add.ScalarLeft, add.Into, add.Span, add.SpanScalarRight, add.InPlace, add.SpanInPlaceScalar, add.Operator }, Has.None.Null);
        Assert.That(OpCatalog.Less<int>().InPlace, Is.Null, "comparisons have no in-place form");
    }

    [TestCaseSource(nameof(Cases))]
    public void EveryFormAgreesWithTheAllocatingForm(string name, Type t)
    {
        var op = OpCatalog.Rows.Single(o => o.Name == name);
        object forms = typeof(OpCatalog).GetMethod(op.Name)!.MakeGenericMethod(t).Invoke(null, null)!;
        var args = forms.GetType().GetGenericArguments();
        string checker = op.Kind switch
        {
            "binary" or "comparison" => nameof(CheckBinary),
            "unary" or "predicate" => nameof(CheckUnary),
            _ => nameof(CheckReduction),
        };
        try
        {
            typeof(OpFormsTests).GetMethod(checker, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(args).Invoke(null, [forms, op.Name]);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
        }
    }

    /// <summary>Operand pairs: name, x, y (y broadcasts to x's shape, so in-place forms apply).</summary>
    private static IEnumerable<(string Case, NDArray<T> X, NDArray<T> Y)> Operands<T>() where T : unmanaged, INumber<T>
    {
        var r = new Random(10);
        yield return ("C-contiguous", Fill<T>(r, 3, 5), Fill<T>(r, 3, 5));
        yield return ("strided", Strided<T>(r, 3, 5), Strided<T>(r, 3, 5));
        yield return ("broadcast row", Fill<T>(r, 4, 6), Fill<T>(r, 6));
        yield return ("broadcast column", Strided<T>(r, 4, 3), Fill<T>(r, 4, 1));
        yield return ("0-d", Fill<T>(r), Fill<T>(r));
        yield return ("empty", Fill<T>(r, 0, 3), Fill<T>(r, 3));
        yield return ("long contiguous", Fill<T>(r, 67), Fill<T>(r, 67));
    }

    private static NDArray<T> Fill<T>(Random r, params nint[] shape) where T : unmanaged, INumber<T>
    {
        var a = NDArray<T>.Empty(shape);
        var span = a.AsSpan();
        bool floating = typeof(T) == typeof(float) || typeof(T) == typeof(double);
        // Small positive values: defined for every op (no division by zero, logs and roots real, shifts in range).
        for (int i = 0; i < span.Length; i++) span[i] = floating ? T.CreateTruncating(0.25 * r.Next(2, 14)) : T.CreateTruncating(r.Next(1, 6));
        return a;
    }

    /// <summary>A view with a step of 2 on the last axis, over a larger buffer.</summary>
    private static NDArray<T> Strided<T>(Random r, params nint[] shape) where T : unmanaged, INumber<T>
    {
        var big = (nint[])shape.Clone();
        big[^1] *= 2;
        using var b = Fill<T>(r, big);
        var index = new SliceIndex[shape.Length];
        for (int d = 0; d < shape.Length; d++) index[d] = d == shape.Length - 1 ? SliceIndex.Slice(step: 2) : SliceIndex.Slice();
        return b.Slice(index);
    }

    /// <summary>A fresh strided (step 2) array holding the values of <paramref name="x"/>: the target of in-place forms.</summary>
    private static NDArray<T> StridedCopy<T>(NDArray<T> x) where T : unmanaged => NativeArrays.Tests.Breadth.Arrays.LayoutLike(x, NativeArrays.Tests.Breadth.Layout.Strided, s_random);

    private static T First<T>(NDArray<T> y) where T : unmanaged => y.Size == 0 ? default : y.ToArray()[0];

    private static NDArray<T> Scalar<T>(T value) where T : unmanaged
    {
        var a = NDArray<T>.Empty();
        a.AsSpan()[0] = value;
        return a;
    }

    /// <summary>Runs <paramref name="check"/> on every operand pair (x, y), with a label for messages.</summary>
    private static void ForEachOperand<T>(string name, Action<string, NDArray<T>, NDArray<T>> check) where T : unmanaged, INumber<T>
    {
        foreach (var (c, x, y) in Operands<T>())
        {
            using var _x = x;
            using var _y = y;
            check($"{name}<{typeof(T).Name}> {c}", x, y);
        }
    }

    private static void CheckBinary<T, TOut>(ElementwiseForms<T, TOut> f, string name) where T : unmanaged, INumber<T> where TOut : unmanaged
    {
        ForEachOperand<T>(name, (at, x, y) =>
        {
            T s = First(y);
            using var sArray = Scalar(s);
            Outcome<TOut> expected = Run(() => f.Allocating!(x, y));
            Outcome<TOut> expectedRight = Run(() => f.Allocating!(x, sArray));
            Outcome<TOut> expectedLeft = Run(() => f.Allocating!(sArray, x));
            var shape = expected.Value?.Shape.ToArray() ?? x.Shape.ToArray();

            Same(expected, Into<TOut>(shape, d => f.Into!(x, y, d)), at + " into destination");
            Same(expected, Into<TOut>(shape, d => { f.Span!(x, y, d); return d; }), at + " spans");
            Same(expectedRight, Run(() => f.ScalarRight!(x, s)), at + " scalar y");
            Same(expectedLeft, Run(() => f.ScalarLeft!(s, x)), at + " scalar x");
            Same(expectedRight, Into<TOut>(x.Shape.ToArray(), d => f.IntoScalarRight!(x, s, d)), at + " scalar y into destination");
            Same(expectedLeft, Into<TOut>(x.Shape.ToArray(), d => f.IntoScalarLeft!(s, x, d)), at + " scalar x into destination");
            Same(expectedRight, Into<TOut>(x.Shape.ToArray(), d => { f.SpanScalarRight!(x, s, d); return d; }), at + " span and scalar");
            if (f.Operator is not null)
            {
                Same(expected, Run(() => f.Operator(x, y)), at + " operator");
                Same(expectedRight, Run(() => f.OperatorScalarRight!(x, s)), at + " operator, scalar y");
                Same(expectedLeft, Run(() => f.OperatorScalarLeft!(s, x)), at + " operator, scalar x");
            }
            if (f.InPlace is not null)
            {
                Same(expected, InPlace<T, TOut>(StridedCopy(x), a => f.InPlace(a, y)), at + " in place");
                Same(expectedRight, InPlace<T, TOut>(x.Copy(), a => f.InPlaceScalar!(a, s)), at + " in place, scalar");
                Same(expected, InPlace<T, TOut>(StridedCopy(x), a => { f.SpanInPlace!(a, y); return a; }), at + " in place over a view");
                Same(expectedRight, InPlace<T, TOut>(x.Copy(), a => { f.SpanInPlaceScalar!(a, s); return a; }), at + " in place over a view, scalar");
            }
            expected.Dispose();
            expectedRight.Dispose();
            expectedLeft.Dispose();
        });
    }

    private static void CheckUnary<T, TOut>(ElementwiseForms<T, TOut> f, string name) where T : unmanaged, INumber<T> where TOut : unmanaged
    {
        ForEachOperand<T>(name, (at, x, _) =>
        {
            Outcome<TOut> expected = Run(() => f.UnaryAllocating!(x));
            Same(expected, Into<TOut>(x.Shape.ToArray(), d => f.UnaryInto!(x, d)), at + " into destination");
            Same(expected, Into<TOut>(x.Shape.ToArray(), d => { f.UnarySpan!(x, d); return d; }), at + " span");
            if (f.UnaryOperator is not null) Same(expected, Run(() => f.UnaryOperator(x)), at + " operator");
            if (f.UnaryInPlace is not null)
            {
                Same(expected, InPlace<T, TOut>(StridedCopy(x), a => f.UnaryInPlace(a)), at + " in place");
                Same(expected, InPlace<T, TOut>(StridedCopy(x), a => { f.UnarySpanInPlace!(a); return a; }), at + " in place over a view");
            }
            expected.Dispose();
        });
    }

    private static void CheckReduction<T, TAcc>(ReductionForms<T, TAcc> f, string name) where T : unmanaged, INumber<T> where TAcc : unmanaged
    {
        ForEachOperand<T>(name, (at, x, _) =>
        {
            int rank = x.Shape.Length;
            // The whole-array form against the all-axes form (a 0-d array).
            var all = Enumerable.Range(0, rank).ToArray();
            Outcome<TAcc> whole = Run(() => Scalar(f.Whole(x)));
            if (f.Axes is not null) Same(whole, Run(() => f.Axes(x, all, false)), at + " whole vs all axes");
            whole.Dispose();
            for (int axis = -rank; axis < rank; axis++)
            {
                foreach (bool keep in new[] { false, true })
                {
                    int a = axis;
                    string here = $"{at} axis {a} keepDims {keep}";
                    Outcome<TAcc> expected = Run(() => f.Axis(x, a, keep));
                    var shape = expected.Value?.Shape.ToArray();
                    if (f.Axes is not null) Same(expected, Run(() => f.Axes(x, [a], keep)), here + " axes");
                    if (shape is not null && f.AxisInto is not null)
                    {
                        Same(expected, Into<TAcc>(shape, d => f.AxisInto(x, a, d, keep)), here + " into destination");
                        Same(expected, Into<TAcc>(shape, d => f.AxesInto!(x, [a], d, keep)), here + " axes into destination");
                    }
                    expected.Dispose();
                }
            }
        });
    }

    /// <summary>A form's result or the exception it threw.</summary>
    private readonly record struct Outcome<TOut>(NDArray<TOut>? Value, Exception? Error, NDArray<TOut>? Destination) : IDisposable where TOut : unmanaged
    {
        public void Dispose() => Value?.Dispose();
    }

    private static Outcome<TOut> Run<TOut>(Func<NDArray<TOut>> form) where TOut : unmanaged
    {
        try
        {
            return new Outcome<TOut>(form(), null, null);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException or ArithmeticException)
        {
            return new Outcome<TOut>(null, e, null);
        }
    }

    /// <summary>Runs a form that writes into a fresh destination of <paramref name="shape"/>; it must return that destination.</summary>
    private static Outcome<TOut> Into<TOut>(nint[] shape, Func<NDArray<TOut>, NDArray<TOut>> form) where TOut : unmanaged
    {
        var d = NDArray<TOut>.Empty(shape);
        var outcome = Run(() => form(d));
        if (outcome.Error is not null) d.Dispose();
        else Assert.That(outcome.Value, Is.SameAs(d), "a form with a destination returns the destination");
        return outcome;
    }

    /// <summary>Runs an in-place form on <paramref name="target"/> (element type T = TOut); it must return the target or nothing.</summary>
    private static Outcome<TOut> InPlace<T, TOut>(NDArray<T> target, Func<NDArray<T>, NDArray<T>> form) where T : unmanaged where TOut : unmanaged
    {
        var outcome = Run(() =>
        {
            var r = form(target);
            Assert.That(r, Is.SameAs(target), "an in-place form returns this array");
            return (NDArray<TOut>)(object)target;
        });
        if (outcome.Error is not null) target.Dispose();
        return outcome;
    }

    private static void Same<TOut>(Outcome<TOut> expected, Outcome<TOut> actual, string at) where TOut : unmanaged
    {
        using var _ = actual;
        if (expected.Error is not null)
        {
            Assert.That(actual.Error?.GetType(), Is.EqualTo(expected.Error.GetType()), $"{at}: the allocating form threw {expected.Error.Message}");
            return;
        }
        Assert.That(actual.Error, Is.Null, $"{at}: threw, the allocating form did not");
        var e = expected.Value!;
        var a = actual.Value!;
        Assert.That(a.Shape.ToArray(), Is.EqualTo(e.Shape.ToArray()), at + ": shape");
        var ev = e.ToArray();
        var av = a.ToArray();
        for (int i = 0; i < ev.Length; i++)
            Assert.That(Close(ev[i], av[i]), $"{at}: element {i} (C order) is {av[i]}, the allocating form gives {ev[i]}");
    }

    /// <summary>Equal, or for floating point within 4 units in the last place (a vector and a scalar loop may differ there).</summary>
    private static bool Close<TOut>(TOut e, TOut a) where TOut : unmanaged
    {
        if (EqualityComparer<TOut>.Default.Equals(e, a)) return true;
        if (e is double de && a is double da) return (double.IsNaN(de) && double.IsNaN(da)) || Math.Abs(de - da) <= 4 * (Math.BitIncrement(Math.Abs(de)) - Math.Abs(de));
        if (e is float fe && a is float fa) return (float.IsNaN(fe) && float.IsNaN(fa)) || Math.Abs(fe - fa) <= 4 * (MathF.BitIncrement(Math.Abs(fe)) - Math.Abs(fe));
        return false;
    }
}
