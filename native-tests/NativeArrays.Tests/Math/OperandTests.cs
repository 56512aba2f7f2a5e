using System.Reflection;
using NativeArrays.Kernels;
using NativeArrays.Tests.Arrays;
using NativeArrays.Tests.Generated;

namespace NativeArrays.Tests.MathForms;

/// <summary>
/// The one operand descriptor (<c>Kernels.Operand</c>) from the public forms to the kernels: disposed operands are
/// refused naming the array on every form, a read-only destination is refused and left untouched, every lease taken
/// is returned (also when a call throws), overlapping inputs still give "inputs copied first" results, scalars are
/// 0-d operands, the driver broadcasts inputs itself, and a concurrent dispose never frees memory under a class-form call.
/// </summary>
[TestFixture]
public class OperandTests : NativeArrays.Tests.Allocator.BufferCacheOffFixture
{
    private static NDArray<double> Values(params nint[] shape)
    {
        var a = NDArray<double>.Empty(shape);
        var s = a.AsSpan();
        for (int i = 0; i < s.Length; i++) s[i] = 0.25 * (i % 7 + 2);
        return a;
    }

    /// <summary>The delegate properties of an operation's generated forms whose parameters are arrays and scalars.</summary>
    private static IEnumerable<(string Form, Delegate Call)> Forms(string op)
    {
        object forms = typeof(OpCatalog).GetMethod(op)!.MakeGenericMethod(typeof(double)).Invoke(null, null)!;
        foreach (var p in forms.GetType().GetProperties())
            if (p.GetValue(forms) is Delegate d && d.Method.GetParameters().All(q => q.ParameterType != typeof(ReadOnlySpan<int>)))
                yield return (p.Name, d);
    }

    private static readonly string[] s_ops = ["Add", "Less", "Sqrt", "IsNaN", "Sum", "Max", "CountNonZero"];

    [TestCaseSource(nameof(s_ops))]
    public void EveryFormRefusesADisposedOperandNamingIt(string op)
    {
        int checkedForms = 0;
        foreach (var (form, call) in Forms(op))
        {
            var parameters = call.Method.GetParameters();
            for (int victim = 0; victim < parameters.Length; victim++)
            {
                if (!parameters[victim].ParameterType.IsGenericType || parameters[victim].ParameterType.GetGenericTypeDefinition() != typeof(NDArray<>)) continue;
                var made = new List<IDisposable>();
                object?[] args = new object?[parameters.Length];
                for (int i = 0; i < parameters.Length; i++)
                {
                    Type t = parameters[i].ParameterType;
                    if (t == typeof(double)) args[i] = 1.5;
                    else if (t == typeof(int)) args[i] = 0;
                    else if (t == typeof(bool)) args[i] = false;
                    else
                    {
                        var array = (IDisposable)(t == typeof(NDArray<bool>) ? NDArray<bool>.Zeros(3, 4) : t == typeof(NDArray<long>) ? NDArray<long>.Zeros(4) : (object)Values(3, 4));
                        args[i] = array;
                        made.Add(array);
                    }
                }
                // A reduction's destination has the reduced shape.
                if (parameters.Length == 4 && parameters[2].ParameterType == typeof(NDArray<double>) && parameters[1].ParameterType == typeof(int))
                {
                    made.Remove((IDisposable)args[2]!);
                    ((IDisposable)args[2]!).Dispose();
                    args[2] = NDArray<double>.Zeros(4);
                    made.Add((IDisposable)args[2]!);
                }
                var disposed = (IDisposable)args[victim]!;
                var buffer = (NativeArrays.Memory.NativeBuffer)disposed.GetType().GetProperty("Buffer")!.GetValue(disposed)!;
                disposed.Dispose();
                try
                {
                    var e = Assert.Throws<TargetInvocationException>(() => call.DynamicInvoke(args), $"{op}.{form}, operand {victim} disposed")!;
                    Assert.That(e.InnerException, Is.TypeOf<ObjectDisposedException>(), $"{op}.{form}, operand {victim}");
                    var ode = (ObjectDisposedException)e.InnerException!;
                    Assert.That(ode.ObjectName, Does.StartWith("NDArray<"), $"{op}.{form}");
                    Assert.That(ode.Message, Does.Contain($"buffer #{buffer.Id}"), $"{op}.{form}: the message names the disposed array");
                    checkedForms++;
                }
                finally
                {
                    foreach (var m in made) m.Dispose();
                }
                // Every lease the failed call took on the other operands was returned: their buffers were freed.
                foreach (var m in made)
                {
                    var b = (NativeArrays.Memory.NativeBuffer)m.GetType().GetProperty("Buffer")!.GetValue(m)!;
                    Assert.That(b.IsFreed, Is.True, $"{op}.{form}: a lease was not returned");
                }
            }
        }
        Assert.That(checkedForms, Is.GreaterThanOrEqualTo(2), "a reduction without a destination form has two forms");
    }

    [Test]
    public void EveryIntoFormRefusesAReadOnlyDestinationAndLeavesItUntouched()
    {
        using var x = Values(3, 4);
        using var y = Values(3, 4);
        using var backing = NDArray<double>.Full(7.0, 4);
        using var bools = NDArray<bool>.Zeros(4);
        using var readOnly = backing.BroadcastTo(3, 4);
        using var readOnlyBools = bools.BroadcastTo(3, 4);
        using var row = x[0];
        using var mask = readOnlyBools.Copy();
        Assert.That(readOnly.IsReadOnly, Is.True);
        var calls = new Dictionary<string, Action>
        {
            ["Add into"] = () => NDArray.Add(x, y, readOnly),
            ["Add scalar into"] = () => NDArray.Add(x, 2.0, readOnly),
            ["Add scalar left into"] = () => NDArray.Add(2.0, y, readOnly),
            ["Sqrt into"] = () => NDArray.Sqrt(x, readOnly),
            ["Less into"] = () => NDArray.Less(x, y, readOnlyBools),
            ["AddInPlace"] = () => readOnly.AddInPlace(row),
            ["SqrtInPlace"] = () => readOnly.SqrtInPlace(),
            ["MultiplyAdd into"] = () => NDArray.MultiplyAdd(x, y, y, readOnly),
            ["Clip into"] = () => NDArray.Clip(x, 0.0, 1.0, readOnly),
            ["Where into"] = () => NDArray.Where(mask, x, y, readOnly),
            ["ClipInPlace"] = () => readOnly.ClipInPlace(0.0, 1.0),
        };
        foreach (var (name, call) in calls)
        {
            var e = Assert.Throws<InvalidOperationException>(() => call(), name)!;
            Assert.That(e.Message, Does.Contain("read-only"), name);
            Assert.That(backing.ToArray(), Is.All.EqualTo(7.0), name + " wrote through the read-only view");
        }
        // A destination of the wrong shape: the message shows both shapes.
        using var wrong = NDArray<double>.Zeros(4, 3);
        var shape = Assert.Throws<ArgumentException>(() => NDArray.Add(x, y, wrong))!;
        Assert.That(shape.Message, Does.Contain("(4, 3)").And.Contain("(3, 4)"));
    }

    [Test]
    public void OverlappingInputsGiveInputsCopiedFirstResultsOnEveryArity()
    {
        // The destination is the inputs' buffer shifted by one element: each form must read the inputs as they were.
        foreach (int shift in new[] { 1, -1 })
        {
            using var buffer = Values(20);
            double[] before = buffer.ToArray();
            using var x = buffer[2..18];
            using var d = buffer[(2 + shift)..(18 + shift)];
            double[] xs = before[2..18];
            NDArray.Add(x, x, d);
            Assert.That(d.ToArray(), Is.EqualTo(xs.Select(v => v + v).ToArray()), $"binary, shift {shift}");

            before.CopyTo(buffer.AsSpan());
            NDArray.Negate(x, d);
            Assert.That(d.ToArray(), Is.EqualTo(xs.Select(v => -v).ToArray()), $"unary, shift {shift}");

            before.CopyTo(buffer.AsSpan());
            NDArray.MultiplyAdd(x, x, x, d);
            Assert.That(d.ToArray(), Is.EqualTo(xs.Select(v => Math.FusedMultiplyAdd(v, v, v)).ToArray()), $"ternary, shift {shift}");

            before.CopyTo(buffer.AsSpan());
            NDArray.Add(x.AsReadOnlyNDSpan(), x.AsReadOnlyNDSpan(), d.AsNDSpan());
            Assert.That(d.ToArray(), Is.EqualTo(xs.Select(v => v + v).ToArray()), $"span form, shift {shift}");
        }
        // A reversed view of the destination itself (same bytes, opposite order).
        using var r = Values(9);
        double[] original = r.ToArray();
        using var reversed = r[SliceIndex.Slice(step: -1)];
        NDArray.Add(reversed, r, r);
        Assert.That(r.ToArray(), Is.EqualTo(original.Select((v, i) => v + original[8 - i]).ToArray()));
    }

    [Test]
    public void AnInputSharingOnlyTheOutputsFirstOrLastElementIsCopiedFirst([Values(1, 5, 16, 17, 100)] int n)
    {
        // The driver's inline byte-range test decides "apart" from exclusive ends: one shared element must still count
        // as an overlap. Below: the output's first element (written first) is the input's last (read last), so a missed
        // overlap shows in the last lane once the call spans more than one vector (a mutation dropping the input's
        // element size fails n = 16, 17, 100). Above: the output's last element is the input's first, read before the
        // walk writes it (the plan walks the output upwards), checked for the results.
        int k = n - 1;
        using var ones = NDArray<double>.Full(1.0, n);
        foreach (bool inputAbove in new[] { true, false })
        {
            using var buffer = NDArray<double>.Empty(3 * n);
            for (int i = 0; i < 3 * n; i++) buffer.AsSpan()[i] = i;
            // Above: output a[k::-1] (a[k] at lane 0), input a[2k::-1][:n] (a[k] at lane n - 1).
            // Below: output a[k:k+n] (a[k] at lane 0), input a[0:n] (a[k] at lane n - 1).
            using var d = inputAbove ? buffer[SliceIndex.Slice(k, null, -1)] : buffer[k..(k + n)];
            using var x = inputAbove ? buffer[SliceIndex.Slice(2 * k, k - 1 < 0 ? null : k - 1, -1)] : buffer[0..n];
            double[] expected = x.ToArray().Select(v => v + 1).ToArray();
            NDArray.Add(x, ones, d);
            Assert.That(d.ToArray(), Is.EqualTo(expected), $"n {n}, input {(inputAbove ? "above" : "below")} the output");
        }
    }

    [Test]
    public void OperandsInOneBufferShareALeaseAndGiveTheSameResults()
    {
        using var x = Values(3, 4);
        using var y = Values(3, 4);
        double[] xs = x.ToArray(), ys = y.ToArray();
        using var d = NDArray<double>.Zeros(3, 4);
        int leases = x.Buffer.Leases;
        NDArray.Add(x, x, d);
        Assert.That(d.ToArray(), Is.EqualTo(xs.Select(v => v + v).ToArray()), "Add(x, x, d)");
        using (var sum = x + x) Assert.That(sum.ToArray(), Is.EqualTo(xs.Select(v => v + v).ToArray()), "x + x");
        NDArray.Subtract(y, x, x);
        Assert.That(x.ToArray(), Is.EqualTo(ys.Zip(xs, (b, a) => b - a).ToArray()), "Subtract(y, x, x): the destination is the second input");
        double[] x2 = x.ToArray();
        NDArray.MultiplyAdd(y, x, x, x);
        Assert.That(x.ToArray(), Is.EqualTo(ys.Zip(x2, (b, a) => Math.FusedMultiplyAdd(b, a, a)).ToArray()), "MultiplyAdd(y, x, x, x)");
        // Views of one array as inputs and destination: another array object, the same buffer.
        using (var view = x.Reshape(12))
        using (var flat = d.Reshape(12))
        {
            double[] x3 = x.ToArray();
            NDArray.Multiply(view, view, flat);
            Assert.That(d.ToArray(), Is.EqualTo(x3.Select(v => v * v).ToArray()), "Multiply(view, view, flat)");
            using var row = x[1];
            using var first = x[0];
            NDArray.Add(row, first, row);
            Assert.That(row.ToArray(), Is.EqualTo(Enumerable.Range(0, 4).Select(j => x3[4 + j] + x3[j]).ToArray()), "Add(x[1], x[0], x[1])");
        }
        Assert.That(x.Buffer.Leases, Is.EqualTo(leases), "every lease returned");
        // A disposed array is refused even when another operand holds its buffer.
        var disposedView = x.Reshape(3, 4);
        disposedView.Dispose();
        Assert.Throws<ObjectDisposedException>(() => NDArray.Add(x, disposedView, d), "a disposed second input in the first input's buffer");
        Assert.Throws<ObjectDisposedException>(() => NDArray.Add(x, y, disposedView), "a disposed destination in the first input's buffer");
        Assert.Throws<ObjectDisposedException>(() => NDArray.Add(y, x, disposedView), "a disposed destination in the second input's buffer");
        Assert.That(x.Buffer.Leases, Is.EqualTo(leases), "every lease returned after the refusals");
    }

    [Test]
    public unsafe void TheDriverBroadcastsOperandsOfTheirOwnShapes()
    {
        // Kernels take operands with their own shapes: a row and a 0-d scalar broadcast to the output's (2, 3).
        using var row = Values(3);
        using var output = NDArray<double>.Zeros(2, 3);
        double scalar = 10;
        using (var o = Operands.Pin(output, "o"))
        using (var a = Operands.Pin(row, "a"))
            Elementwise.Binary<double, double, AddOp<double>>("Add", o, a, Operand.Scalar(&scalar));
        double[] r = row.ToArray();
        Assert.That(output.ToArray(), Is.EqualTo(new[] { r[0] + 10, r[1] + 10, r[2] + 10, r[0] + 10, r[1] + 10, r[2] + 10 }));
        // An input that does not broadcast to the output is refused before anything is written.
        using var bad = Values(2);
        bool refused = false;
        using (var o = Operands.Pin(output, "o"))
        using (var b = Operands.Pin(bad, "b"))
        {
            try { Elementwise.Unary<double, double, NegateOp<double>>("Negate", o, b); }
            catch (ArgumentException) { refused = true; }
        }
        Assert.That(refused, Is.True, "an input of shape (2,) does not broadcast to (2, 3)");
        Assert.That(output.ToArray()[0], Is.EqualTo(r[0] + 10));
    }

    [Test]
    public void ScalarsAreZeroDimensionalOperands()
    {
        using var x = Values(2, 3);
        using var d = NDArray<double>.Zeros(2, 3);
        NDArray.Subtract(5.0, x, d);
        Assert.That(d.ToArray(), Is.EqualTo(x.ToArray().Select(v => 5.0 - v).ToArray()));
        using var zero = NDArray<double>.Full(2.0);
        using var z = NDArray<double>.Zeros();
        NDArray.Multiply(zero, 3.0, z);
        Assert.That(z.Item(), Is.EqualTo(6.0));
    }

    private static readonly Dictionary<string, SpanDisposeRace.Use> s_classForms = new()
    {
        ["NDArray.Add(a, b, a)"] = (a, b) => NDArray.Add(a, b, a),
        ["NDArray.Add(b, scalar, a)"] = (a, b) => NDArray.Add(b, 2f, a),
        ["NDArray.Sqrt(b, a)"] = (a, b) => NDArray.Sqrt(b, a),
        ["NDArray<T>.MultiplyInPlace"] = (a, _) => a.MultiplyInPlace(3f),
        ["NDArray.MultiplyAdd(a, b, b, a)"] = (a, b) => NDArray.MultiplyAdd(a, b, b, a),
        ["NDArray<T>.Sum"] = (a, _) => a.Sum(),
        // Operands in one buffer: one KernelGuard slot each, the same buffer held once per call.
        ["NDArray.Add(a, a, b)"] = (a, b) => NDArray.Add(a, a, b),
        ["NDArray.Add(b, a, a)"] = (a, b) => NDArray.Add(b, a, a),
        ["NDArray.MultiplyAdd(b, a, a, a)"] = (a, b) => NDArray.MultiplyAdd(b, a, a, a),
        ["a + a"] = (a, _) => { using var r = a + a; },
    };

    private static IEnumerable<string> ClassFormNames => s_classForms.Keys;

    [TestCaseSource(nameof(ClassFormNames)), NonParallelizable]
    public void ClassFormsRacingDisposeNeverTouchFreedMemory(string form)
    {
        // Dispose on another thread at a random moment of the call: either the call completes (its lease kept the
        // memory) or it is refused with ObjectDisposedException; reading freed (unmapped) pages would crash the run.
        var (completed, refused) = SpanDisposeRace.Run(s_classForms[form], TimeSpan.FromMilliseconds(250));
        Assert.That(completed + refused, Is.GreaterThan(0));
    }
}
