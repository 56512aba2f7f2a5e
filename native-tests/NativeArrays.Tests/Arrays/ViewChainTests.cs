using NativeArrays.Memory;
using NativeArrays.Tests.Support.Reference;

namespace NativeArrays.Tests.Arrays;

/// <summary>
/// Random chains of view operations (slicing with every index kind, permutes, reshape, squeeze, expand, flip,
/// diagonal, broadcast, as_strided) against the reference index model: 20 seeds × 500 chains per run, every element
/// compared after every step, on the class view and on both ref-struct views, with zero native allocations for the
/// class views and zero heap allocations for the ref-struct views. The chains ask AsStrided for read-only views;
/// <see cref="RandomAsStridedMatchesBruteForce"/> checks writable ones (self-overlap validation) on its own.
/// </summary>
[TestFixture, NonParallelizable]
public class ViewChainTests
{
    private const int ChainsPerSeed = 500;

    private static IEnumerable<int> Seeds() => Enumerable.Range(1, 20).Select(i => 7919 * i);

    private static readonly Dictionary<string, int> s_stats = new();

    private static void Count(string key) => s_stats[key] = s_stats.GetValueOrDefault(key) + 1;

    private sealed record Step(ViewOp Op, RefOutcome Outcome, NDArray<double>? ClassResult, RefView Before);

    [TestCaseSource(nameof(Seeds))]
    public void RandomChainsMatchReference(int seed)
    {
        int verified = 0;
        s_stats.Clear();
        for (int c = 0; c < ChainsPerSeed; c++)
            verified += RunChain(seed, c);
        TestContext.Out.WriteLine($"seed {seed}: {verified} valid view steps; " +
            string.Join(", ", s_stats.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value}")));
        // Sanity of the generator itself: most steps are valid views.
        Assert.That(verified, Is.GreaterThan(ChainsPerSeed), $"seed {seed}: too few valid steps");
    }

    /// <summary>
    /// Chains whose AsStrided requests (in-buffer or not, overlapping or not) may ask for writable views: accepted
    /// exactly when brute force finds every element inside the buffer and, for a writable view, no element reached
    /// twice. 3 × 1000 chains.
    /// </summary>
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void RandomAsStridedMatchesBruteForce(int seed)
    {
        int verified = 0;
        for (int c = 0; c < 1000; c++)
            verified += RunChain(-seed, c, writableAsStrided: true);
        Assert.That(verified, Is.GreaterThan(1000));
    }

    private static NDArray<double> MakeBase(long[] shape)
    {
        if (shape.Length == 0) return NDArray<double>.Scalar(0.0);
        long n = RefView.Product(shape);
        var data = new double[n];
        for (int i = 0; i < n; i++) data[i] = i;
        return NDArray<double>.FromArray(data, ViewOp.N(shape));
    }

    /// <summary>One chain; returns the number of valid view steps verified.</summary>
    private static int RunChain(int seed, int chain, bool writableAsStrided = false)
    {
        int chainSeed = unchecked(seed * 100_003 + chain);
        var rng = new Random(chainSeed);
        var gen = new OpGenerator(rng) { AllowWritableAsStrided = writableAsStrided };
        long[] shape = rng.Next(20) == 0 ? [] : gen.RandomShape(4, 7, 2, minRank: 1);
        var steps = new List<Step>();
        string Context() =>
            $"seed {seed}, chain {chain} (chain seed {chainSeed}), base shape [{string.Join(",", shape)}]\nops: " +
            string.Join(" -> ", steps.Select(s => s.Op.ToString()));

        var live0 = AllocationTracker.Snapshot();
        int valid = 0;
        var owned = new List<NDArray<double>>();
        var baseArray = MakeBase(shape);
        try
        {
            long bufferLength = baseArray.Size;
            var buffer = baseArray.Buffer;
            var current = baseArray;
            var refv = RefView.Base(shape);
            int count = rng.Next(1, 7);
            for (int s = 0; s < count; s++)
            {
                var op = gen.Next(refv, bufferLength);
                var outcome = RefSemantics.Apply(refv, op, bufferLength);
                // Empty and one-element results end a chain's interest early: re-roll most of them.
                for (int retry = 0; retry < 4 && refv.Size > 1 && outcome.View is { Size: <= 1 } && rng.Next(10) < 8; retry++)
                {
                    op = gen.Next(refv, bufferLength);
                    outcome = RefSemantics.Apply(refv, op, bufferLength);
                }
                var before = AllocationTracker.Snapshot();
                NDArray<double>? result = null;
                steps.Add(new Step(op, outcome, null, refv));
                Count(op.GetType().Name + (outcome.Error is null ? "" : ":" + outcome.Error.Name));
                if (outcome.View is { } ov) Count(ov.Size == 0 ? "size0" : ov.Size == 1 ? "size1" : ov.Size < 50 ? "size<50" : "size>=50");
                if (op is ReshapeOp ro)
                {
                    result = ClassReshape(current, ro, refv, outcome, Context, owned);
                }
                else if (outcome.Error is not null)
                {
                    ExpectThrow(() => { using var _ = ApplyClass(current, op); }, outcome, Context);
                }
                else
                {
                    result = ApplyClass(current, op);
                    owned.Add(result);
                }
                var after = AllocationTracker.Snapshot();
                if (result is not null)
                {
                    if (after.TotalAllocations != before.TotalAllocations || after.LiveBytes > before.LiveBytes)
                        Assert.Fail($"view operation {op} allocated native memory: allocations {before.TotalAllocations} -> {after.TotalAllocations}, live bytes {before.LiveBytes} -> {after.LiveBytes}\n{Context()}");
                    Check.View(result, outcome.View!, buffer, Context);
                    steps[^1] = steps[^1] with { ClassResult = result };
                    current = result;
                    refv = outcome.View!;
                    valid++;
                }
            }

            ReplayReadOnlySpan(baseArray, steps, buffer, Context);
            ReplayNDSpan(baseArray, steps, buffer, Context);
            if (current != baseArray && !current.IsReadOnly && refv.Size > 0) WriteThrough(baseArray, current, refv, Context);
        }
        finally
        {
            foreach (var v in owned) v.Dispose();
            baseArray.Dispose();
        }
        var live1 = AllocationTracker.Snapshot();
        if (live1.LiveBytes > live0.LiveBytes || live1.LiveBuffers > live0.LiveBuffers)
            Assert.Fail($"live bytes {live0.LiveBytes} -> {live1.LiveBytes}, buffers {live0.LiveBuffers} -> {live1.LiveBuffers} after disposing the chain\n{Context()}");
        return valid;
    }

    private static NDArray<double>? ClassReshape(NDArray<double> current, ReshapeOp ro, RefView refv, RefOutcome outcome, Func<string> context, List<NDArray<double>> owned)
    {
        bool argumentError = outcome.Error is not null && outcome.Error != typeof(InvalidOperationException);
        switch (ro.Mode)
        {
            case ReshapeMode.View:
                if (outcome.Error is not null)
                {
                    ExpectThrow(() => { using var _ = current.Reshape(ro.NShape); }, outcome, context);
                    return null;
                }
                var v = current.Reshape(ro.NShape);
                owned.Add(v);
                return v;
            case ReshapeMode.Try:
                if (argumentError)
                {
                    ExpectThrow(() => { current.TryReshape(ro.NShape, out var x); x?.Dispose(); }, outcome, context);
                    return null;
                }
                bool ok = current.TryReshape(ro.NShape, out var t);
                if (ok != (outcome.Error is null))
                {
                    if (ok) t.Dispose();
                    Assert.Fail($"TryReshape{ViewOp.L(ro.Shape)} returned {ok}, brute force says a view {(ok ? "does not exist" : "exists")}\n{context()}");
                }
                if (!ok) return null;
                owned.Add(t);
                return t;
            default:
                if (argumentError)
                {
                    ExpectThrow(() => { current.ReshapeOrCopy(ro.NShape, out _).Dispose(); }, outcome, context);
                    return null;
                }
                var before = AllocationTracker.Snapshot();
                var r = current.ReshapeOrCopy(ro.NShape, out bool copied);
                if (copied == (outcome.Error is null))
                {
                    r.Dispose();
                    Assert.Fail($"ReshapeOrCopy{ViewOp.L(ro.Shape)} copied = {copied}, brute force says a view {(copied ? "exists" : "does not exist")}\n{context()}");
                }
                if (!copied)
                {
                    owned.Add(r);
                    return r;
                }
                // The copy: a new buffer with the elements in C order, counted once.
                using (r)
                {
                    var after = AllocationTracker.Snapshot();
                    RefSemantics.ResolveReshape(refv, ro.Shape, out var resolved);
                    Assert.That(Check.SameShape(r.Shape, resolved), $"copied reshape shape {Check.Text(r.Shape)}\n{context()}");
                    Assert.That(r.Buffer, Is.Not.SameAs(current.Buffer), context());
                    Assert.That(after.TotalAllocations - before.TotalAllocations, Is.EqualTo(1), context());
                    Assert.That(after.CopiesOf("ReshapeOrCopy") - before.CopiesOf("ReshapeOrCopy"), Is.EqualTo(1), context());
                    Assert.That(r.IsCContiguous, Is.True, context());
                    Assert.That(r.OwnsData && !r.IsView, Is.True, "a copied reshape owns its buffer\n" + context());
                    Assert.That(r.ToArray(), Is.EqualTo(refv.Index.Select(x => (double)x).ToArray()), context());
                }
                return null;
        }
    }

    private static NDArray<double> ApplyClass(NDArray<double> a, ViewOp op) => op switch
    {
        IndexOp o => o.Items.Length % 2 == 0 ? a[o.SliceItems] : a.Slice(o.SliceItems),
        PermuteOp o => o.Style switch
        {
            0 => a.Permute(o.Axes),
            1 => a.Transpose(),
            2 => a.T,
            _ => a.SwapAxes(o.A, o.B),
        },
        SqueezeOp o => a.Squeeze(o.Axis),
        ExpandDimsOp o => a.ExpandDims(o.Axis),
        FlipOp o => a.Flip(o.Axis),
        DiagonalOp o => a.Diagonal((nint)o.K, o.A1, o.A2),
        BroadcastOp o => a.BroadcastTo(o.NShape),
        AsStridedOp o => a.AsStrided(o.NShape, o.NStrides, (nint?)o.Offset, o.Writable),
        ReshapeOp o => a.Reshape(o.NShape),
        _ => throw new InvalidOperationException(op.ToString()),
    };

    private static void ExpectThrow(Action action, RefOutcome outcome, Func<string> context)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            if (e.GetType() != outcome.Error)
                Assert.Fail($"expected {outcome.Error!.Name} ({outcome.Why}), got {e.GetType().Name}: {e.Message}\n{context()}");
            if (string.IsNullOrWhiteSpace(e.Message)) Assert.Fail($"empty exception message\n{context()}");
            return;
        }
        Assert.Fail($"expected {outcome.Error!.Name} ({outcome.Why}), nothing was thrown\n{context()}");
    }

    // ---- ref-struct replays --------------------------------------------------------------------------------------

    private static ReadOnlyNDSpan<double> ApplyReadOnly(ReadOnlyNDSpan<double> s, ViewOp op)
    {
        switch (op)
        {
            case IndexOp o: return o.Items.Length % 2 == 0 ? s[o.SliceItems] : s.Slice(o.SliceItems);
            case PermuteOp o:
                return o.Style switch
                {
                    0 => s.Permute(o.Axes),
                    3 => s.SwapAxes(o.A, o.B),
                    _ => s.Transpose(),
                };
            case ReshapeOp o: return s.Reshape(o.NShape);
            case SqueezeOp o: return s.Squeeze(o.Axis);
            case ExpandDimsOp o: return s.ExpandDims(o.Axis);
            case FlipOp o: return s.Flip(o.Axis);
            case DiagonalOp o: return s.Diagonal((nint)o.K, o.A1, o.A2);
            case BroadcastOp o: return s.BroadcastTo(o.NShape);
            default: throw new InvalidOperationException(op.ToString());
        }
    }

    private static NDSpan<double> ApplyWritable(NDSpan<double> s, ViewOp op)
    {
        switch (op)
        {
            case IndexOp o: return o.Items.Length % 2 == 0 ? s[o.SliceItems] : s.Slice(o.SliceItems);
            case PermuteOp o:
                return o.Style switch
                {
                    0 => s.Permute(o.Axes),
                    3 => s.SwapAxes(o.A, o.B),
                    _ => s.Transpose(),
                };
            case ReshapeOp o: return s.Reshape(o.NShape);
            case SqueezeOp o: return s.Squeeze(o.Axis);
            case ExpandDimsOp o: return s.ExpandDims(o.Axis);
            case FlipOp o: return s.Flip(o.Axis);
            case DiagonalOp o: return s.Diagonal((nint)o.K, o.A1, o.A2);
            default: throw new InvalidOperationException(op.ToString());
        }
    }

    /// <summary>The error a ref-struct view must raise for a step, or null when the step is a view.</summary>
    private static Type? SpanError(Step step) => step.Outcome.Error;

    private static void ReplayReadOnly(ReadOnlyNDSpan<double> s, List<Step> steps, int from, NativeBuffer buffer, Func<string> context)
    {
        for (int i = from; i < steps.Count; i++)
        {
            var step = steps[i];
            if (step.Op is AsStridedOp)
            {
                if (step.ClassResult is null) continue;
                // No AsStrided on the ref struct: continue from the class view of this step.
                ReplayReadOnly(step.ClassResult.AsReadOnlyNDSpan(), steps, i + 1, buffer, context);
                return;
            }
            var error = SpanError(step);
            if (error is not null)
            {
                try
                {
                    ApplyReadOnly(s, step.Op);
                }
                catch (Exception e)
                {
                    if (e.GetType() != error) Assert.Fail($"ReadOnlyNDSpan step {i} {step.Op}: expected {error.Name}, got {e.GetType().Name}: {e.Message}\n{context()}");
                    continue;
                }
                Assert.Fail($"ReadOnlyNDSpan step {i} {step.Op}: expected {error.Name}, nothing thrown\n{context()}");
            }
            ApplyReadOnly(s, step.Op); // warm-up: JIT, static initialisation
            long b0 = GC.GetAllocatedBytesForCurrentThread();
            var next = ApplyReadOnly(s, step.Op);
            long b1 = GC.GetAllocatedBytesForCurrentThread();
            if (b1 != b0) Assert.Fail($"ReadOnlyNDSpan step {i} {step.Op} allocated {b1 - b0} heap bytes\n{context()}");
            Check.Span(next, step.Outcome.View!, buffer, context);
            s = next;
        }
    }

    private static void ReplayReadOnlySpan(NDArray<double> baseArray, List<Step> steps, NativeBuffer buffer, Func<string> context) =>
        ReplayReadOnly(baseArray.AsReadOnlyNDSpan(), steps, 0, buffer, context);

    private static void ReplayNDSpan(NDArray<double> baseArray, List<Step> steps, NativeBuffer buffer, Func<string> context)
    {
        var s = baseArray.AsNDSpan();
        for (int i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            if (step.Op is AsStridedOp) return;
            if (step.Op is BroadcastOp bo)
            {
                if (step.Outcome.Error is null)
                {
                    s.BroadcastTo(bo.NShape);
                    long b0 = GC.GetAllocatedBytesForCurrentThread();
                    var ro = s.BroadcastTo(bo.NShape);
                    long b1 = GC.GetAllocatedBytesForCurrentThread();
                    if (b1 != b0) Assert.Fail($"NDSpan.BroadcastTo allocated {b1 - b0} heap bytes\n{context()}");
                    Check.Span(ro, step.Outcome.View!, buffer, context);
                }
                return;
            }
            var error = SpanError(step);
            if (error is not null)
            {
                try
                {
                    ApplyWritable(s, step.Op);
                }
                catch (Exception e)
                {
                    if (e.GetType() != error) Assert.Fail($"NDSpan step {i} {step.Op}: expected {error.Name}, got {e.GetType().Name}: {e.Message}\n{context()}");
                    continue;
                }
                Assert.Fail($"NDSpan step {i} {step.Op}: expected {error.Name}, nothing thrown\n{context()}");
            }
            ApplyWritable(s, step.Op);
            long a0 = GC.GetAllocatedBytesForCurrentThread();
            var next = ApplyWritable(s, step.Op);
            long a1 = GC.GetAllocatedBytesForCurrentThread();
            if (a1 != a0) Assert.Fail($"NDSpan step {i} {step.Op} allocated {a1 - a0} heap bytes\n{context()}");
            Check.Span(next, step.Outcome.View!, buffer, context);
            s = next;
        }
    }

    /// <summary>Writes through the last writable view and checks exactly the reference's base elements changed.</summary>
    private static void WriteThrough(NDArray<double> baseArray, NDArray<double> view, RefView v, Func<string> context)
    {
        var expected = baseArray.ToArray();
        Span<nint> m = stackalloc nint[v.Rank];
        long k = 0;
        foreach (var mi in RefView.MultiIndices(v.Shape))
        {
            for (int d = 0; d < mi.Length; d++) m[d] = (nint)mi[d];
            double value = -1 - v.Index[k];
            view.Set(m, value);
            expected[v.Index[k]] = value;
            k++;
        }
        var actual = baseArray.ToArray();
        for (int i = 0; i < actual.Length; i++)
            if (actual[i] != expected[i])
                Assert.Fail($"after writing through the view, base[{i}] = {actual[i]}, expected {expected[i]}\n{context()}");
    }
}
