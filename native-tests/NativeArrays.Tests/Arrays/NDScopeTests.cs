using System.Diagnostics;
using NativeArrays.IO;
using NativeArrays.Memory;

namespace NativeArrays.Tests.Arrays;

/// <summary>NDScope: every array created on the flow while it is open is disposed at its end unless it escapes.</summary>
[TestFixture, NonParallelizable]
public class NDScopeTests
{
    [TearDown]
    public void NoScopeLeftOpen() => Assert.That(NDScope.Current, Is.Null, "a test left a scope open on this flow");

    [Test]
    public void EveryKindOfArrayCreatedInTheScopeIsDisposedAtItsEnd()
    {
        using var a = NDArray.Arange(12f);
        using var b = NDArray<float>.Full(1f, 12);
        long live0 = AllocationTracker.Snapshot().LiveBuffers;
        string path = Path.Combine(Path.GetTempPath(), $"scope-{Guid.NewGuid():N}.npy");
        Npy.Save(path, a);
        var created = new List<object>();
        try
        {
            using (var scope = NDScope.Begin())
            {
                Assert.That(NDScope.Current, Is.SameAs(scope));
                var sum = (a + b) * 2f;                          // an operator temporary and its result
                var view = a.Reshape(3, 4).T;                    // a view and a view of a view
                var item = view[1, 2];                           // a 0-d result of indexing
                var copy = view.Copy();
                var zeros = NDArray<double>.Zeros(5);
                var exp = NDArray.Exp(sum);
                var loaded = Npy.Load<float>(path);
                var mapped = Npy.Open<float>(path, NpyMapMode.ReadOnly);
                created.AddRange([sum, view, item, copy, zeros, exp, loaded, mapped]);
                Assert.That(item.Item(), Is.EqualTo(9f));
                Assert.That(scope.Count, Is.GreaterThanOrEqualTo(created.Count), "the arrays are owned by the scope");
                Assert.That(AllocationTracker.Snapshot().LiveBuffers, Is.GreaterThan(live0));
            }
            Assert.That(created.Cast<IDisposable>().Select(IsDisposed), Is.All.True);
            Assert.That(AllocationTracker.Snapshot().LiveBuffers, Is.EqualTo(live0), "every buffer made in the scope is freed at its end");
            Assert.That(a.IsDisposed || b.IsDisposed, Is.False, "arrays created before the scope are not its own");
            Assert.That(NDScope.Current, Is.Null);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static bool IsDisposed(IDisposable array) => (bool)array.GetType().GetProperty("IsDisposed")!.GetValue(array)!;

    [Test]
    public void MoveToOuterScopeReturnsAResultToTheEnclosingScopeOrToTheCaller()
    {
        using var x = NDArray.Arange(4.0);
        NDArray<double> kept, inner;
        NDArray<double> outerTemp;
        using (var outer = NDScope.Begin())
        {
            outerTemp = x + 1.0;
            using (var scope = NDScope.Begin())
            {
                Assert.That(scope.Depth, Is.EqualTo(2));
                inner = (x * 3.0).MoveToOuterScope();
                Assert.That(inner.IsScoped, Is.True);
            }
            Assert.That(inner.IsDisposed, Is.False, "moved to the outer scope");
            Assert.That(outer.Count, Is.EqualTo(2));
            kept = inner.MoveToOuterScope();                  // no scope outside: the caller owns it now
            Assert.That(kept.IsScoped, Is.False);
            Assert.That(outer.Count, Is.EqualTo(1));
        }
        Assert.That(outerTemp.IsDisposed, Is.True);
        Assert.That(kept.IsDisposed, Is.False);
        Assert.That(kept.ToArray(), Is.EqualTo(new[] { 0.0, 3, 6, 9 }));
        kept.Dispose();
        Assert.That(x.MoveToOuterScope(), Is.SameAs(x), "an array in no scope is left as it is");
    }

    [Test]
    public void DetachFromScopeHandsTheArrayToTheCaller()
    {
        NDArray<int> detached;
        using (var scope = NDScope.Begin())
        {
            detached = NDArray.Ones<int>(3).DetachFromScope();
            Assert.That(scope.Count, Is.Zero);
        }
        Assert.That(detached.IsDisposed, Is.False);
        detached.Dispose();
    }

    [Test]
    public void DisposingAnArrayEarlyIsHarmlessAndLeavesTheScope()
    {
        using var scope = NDScope.Begin();
        var arrays = Enumerable.Range(0, 10).Select(i => NDArray<float>.Zeros(i + 1)).ToList();
        Assert.That(scope.Count, Is.EqualTo(10));
        arrays[3].Dispose();
        arrays[0].Dispose();
        arrays[9].Dispose();
        arrays[9].Dispose();
        Assert.That(scope.Count, Is.EqualTo(7));
        long bytes = arrays.Where(a => !a.IsDisposed).Sum(a => (long)a.ByteCount);
        Assert.That(scope.ScopedBytes, Is.EqualTo(bytes));
        scope.Dispose();
        Assert.That(arrays.All(a => a.IsDisposed));
        Assert.That(scope.Count, Is.Zero);
        Assert.Throws<ObjectDisposedException>(() => arrays[1].MoveToOuterScope());
        Assert.Throws<ObjectDisposedException>(() => arrays[1].DetachFromScope());
    }

    [Test]
    public void ScopesCloseInReverseOrderOutOfOrderThrowsAndChangesNothing()
    {
        var outer = NDScope.Begin();
        var a = NDArray<byte>.Zeros(4);
        var inner = NDScope.Begin();
        var b = NDArray<byte>.Zeros(4);
        var ex = Assert.Throws<InvalidOperationException>(() => outer.Dispose());
        Assert.That(ex!.Message, Does.Contain("inner scopes first"));
        Assert.That(a.IsDisposed || b.IsDisposed || outer.IsDisposed, Is.False);
        Assert.That(NDScope.Current, Is.SameAs(inner));
        inner.Dispose();
        Assert.That(b.IsDisposed, Is.True);
        Assert.That(NDScope.Current, Is.SameAs(outer));
        outer.Dispose();
        outer.Dispose();                                        // idempotent
        Assert.That(a.IsDisposed, Is.True);
    }

    [Test]
    public async Task AwaitInsideAScopeKeepsTheScope()
    {
        NDArray<float> before, after;
        using (var scope = NDScope.Begin())
        {
            before = NDArray<float>.Zeros(2);
            await Task.Yield();
            await Task.Delay(1);
            Assert.That(NDScope.Current, Is.SameAs(scope));
            after = NDArray<float>.Zeros(2);
            Assert.That(scope.Count, Is.EqualTo(2));
        }
        Assert.That(before.IsDisposed && after.IsDisposed, Is.True);
        Assert.That(NDScope.Current, Is.Null);
    }

    [Test]
    public async Task AScopeReturnsAResultFromAnAsyncMethod()
    {
        using var x = NDArray.Arange(3f);
        using var r = await ScaledAsync(x);
        Assert.That(r.IsDisposed, Is.False);
        Assert.That(r.ToArray(), Is.EqualTo(new[] { 1f, 3, 5 }));

        static async Task<NDArray<float>> ScaledAsync(NDArray<float> x)
        {
            using var scope = NDScope.Begin();
            await Task.Yield();
            return (x * 2f + 1f).MoveToOuterScope();
        }
    }

    [Test]
    public void WorkStartedOnTheFlowJoinsTheScopeAThreadWithoutTheContextDoesNot()
    {
        NDArray<float> fromTask, fromThread = null!;
        using (var scope = NDScope.Begin())
        {
            fromTask = Task.Run(() => NDArray<float>.Zeros(3)).Result;
            Thread thread;
            using (ExecutionContext.SuppressFlow())                // the context is captured at Start
            {
                thread = new Thread(() => fromThread = NDArray<float>.Zeros(3));
                thread.Start();
            }
            thread.Join();
            Assert.That(fromTask.IsScoped, Is.True, "Task.Run captures the ExecutionContext, and with it the scope");
            Assert.That(fromThread.IsScoped, Is.False, "a thread without the context has its own flow");
        }
        Assert.That(fromTask.IsDisposed, Is.True);
        Assert.That(fromThread.IsDisposed, Is.False);
        fromThread.Dispose();
    }

    [Test]
    public void AScopeDisposedOnAnotherThreadSendsLaterArraysToTheEnclosingScope()
    {
        using var outer = NDScope.Begin();
        var inner = NDScope.Begin();
        Task.Run(inner.Dispose).Wait();          // closed elsewhere: this flow's AsyncLocal still names it
        Assert.That(NDScope.Current, Is.SameAs(outer));
        var a = NDArray<float>.Zeros(1);
        Assert.That(outer.Count, Is.EqualTo(1));
        Assert.That(inner.Count, Is.Zero);
        using var next = NDScope.Begin();
        Assert.That(next.Outer, Is.SameAs(outer));
        next.Dispose();
        outer.Dispose();
        Assert.That(a.IsDisposed, Is.True);
    }

    [Test]
    public void ConcurrentRegistrationEarlyDisposeAndScopeEndLoseNothing()
    {
        using var source = NDArray.Arange(64f);
        long live0 = AllocationTracker.Snapshot().LiveBuffers;
        var all = new System.Collections.Concurrent.ConcurrentBag<NDArray<float>>();
        var scope = NDScope.Begin();
        using var go = new ManualResetEventSlim();
        var workers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            go.Wait();
            for (int i = 0; i < 3000; i++)
            {
                var v = source[(i % 32)..];
                NDArray<float>? c = null;
                // v joined the scope; if the scope ends right after, it disposes v (documented: an array created while
                // the scope ends goes to it and is disposed with it), so copying v may then find it disposed. Only then.
                if (i % 7 == 0) { try { c = v.Copy(); } catch (ObjectDisposedException) when (scope.IsDisposed) { } }
                all.Add(v);
                if (c is not null) all.Add(c);
                if (i % 3 == 0) v.Dispose();                  // early, possibly while the scope ends
                if (i % 11 == 0 && !v.IsDisposed) { try { v.MoveToOuterScope(); } catch (ObjectDisposedException) { } }
            }
        })).ToArray();
        go.Set();
        Thread.Sleep(5);
        scope.Dispose();                                       // while the workers still register
        Task.WaitAll(workers);
        // Arrays registered after the end belong to no scope (there is no outer one): the caller owns them.
        int owned = 0;
        foreach (var a in all)
        {
            if (a.IsScoped) Assert.Fail("an array joined a closed scope");
            if (!a.IsDisposed) { owned++; a.Dispose(); }
        }
        TestContext.Out.WriteLine($"{all.Count} arrays, {owned} created after the scope ended");
        Assert.That(AllocationTracker.Snapshot().LiveBuffers, Is.EqualTo(live0));
        Assert.That(AllocationTracker.Snapshot().ScopedBytes, Is.Zero);
    }

    [Test]
    public void EarlyDisposeAndMovesAreConstantTime()
    {
        // Views disposed first-in first-out and moved out: a list search or shift per removal makes the work grow with
        // the square of the count. Checked by the growth, not by a wall-clock limit (which a loaded machine breaks):
        // 4× the views must take well under 4² = 16× the time (O(1) removal gives ~4×; the bound is 10×). The best of
        // three interleaved runs per size keeps a scheduling hiccup out of the ratio.
        using var source = NDArray.Arange(8f);
        const int small = 75_000, large = 4 * small;
        var bestSmall = TimeSpan.MaxValue;
        var bestLarge = TimeSpan.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            var s = Run(small);
            var l = Run(large);
            if (s < bestSmall) bestSmall = s;
            if (l < bestLarge) bestLarge = l;
        }
        double ratio = bestLarge.TotalMilliseconds / Math.Max(bestSmall.TotalMilliseconds, 0.001);
        Assert.That(ratio, Is.LessThan(10.0),
            $"removal must be O(1): {large:N0} views took {bestLarge.TotalMilliseconds:F1} ms, {small:N0} took {bestSmall.TotalMilliseconds:F1} ms");

        TimeSpan Run(int count)
        {
            var views = new NDArray<float>[count];
            var clock = Stopwatch.StartNew();
            using (var outer = NDScope.Begin())
            {
                using (var scope = NDScope.Begin())
                {
                    for (int i = 0; i < views.Length; i++) views[i] = source[1..];
                    for (int i = 0; i < views.Length / 2; i++) views[i].Dispose();
                    for (int i = views.Length / 2; i < views.Length; i += 2) views[i].MoveToOuterScope();
                    Assert.That(scope.Count, Is.EqualTo(views.Length / 4));
                }
                Assert.That(outer.Count, Is.EqualTo(views.Length / 4));
            }
            clock.Stop();
            Assert.That(views.All(v => v.IsDisposed));
            return clock.Elapsed;
        }
    }

    [Test]
    public void TheTrackerCountsTemporariesFreedByAScopeWithTheirPeak()
    {
        const int n = 1000;
        using var a = NDArray<float>.Full(1f, n);
        using var b = NDArray<float>.Full(2f, n);
        AllocationTracker.ResetPeak();
        var before = AllocationTracker.Snapshot();
        float total;
        using (var measure = Diagnostics.FootprintScope.Begin())
        {
            using (NDScope.Begin())
            {
                var y = (a + b) * 2f;                        // two owners of n floats each
                total = y.Sum();
                Assert.That(AllocationTracker.Snapshot().OpenScopes, Is.GreaterThanOrEqualTo(1));
            }
            var delta = measure.Delta;
            Assert.That(delta.TemporaryArrays, Is.EqualTo(2), delta.ToString());
            Assert.That(delta.TemporaryBytes, Is.EqualTo(2 * n * sizeof(float)));
            Assert.That(delta.PeakScopedBytes, Is.GreaterThanOrEqualTo(2 * n * sizeof(float)));
            Assert.That(delta.ToString(), Does.Contain("temporaries: 2 array(s)"));
        }
        var after = AllocationTracker.Snapshot();
        Assert.That(total, Is.EqualTo(6f * n));
        Assert.That(after.TemporaryArrays - before.TemporaryArrays, Is.EqualTo(2));
        Assert.That(after.PeakScopedBytes - before.PeakScopedBytes, Is.EqualTo(2 * n * sizeof(float)));
        Assert.That(after.ScopedBytes, Is.EqualTo(before.ScopedBytes));
        Assert.That(after.LiveBuffers, Is.EqualTo(before.LiveBuffers));
    }

    [Test]
    public void TheMeterPublishesTemporariesAndOpenScopes()
    {
        var values = new Dictionary<string, long>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == AllocationTracker.MeterName) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => values[instrument.Name] = value);
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => values[instrument.Name] = value);
        listener.Start();
        listener.RecordObservableInstruments();
        long temporaries0 = values["nativearrays.temporaries"], bytes0 = values["nativearrays.temporary_bytes"];
        using (NDScope.Begin())
        {
            _ = NDArray<double>.Zeros(16);
            _ = NDArray<double>.Zeros(16)[2..];
            listener.RecordObservableInstruments();
            Assert.That(values["nativearrays.open_scopes"], Is.EqualTo(1));
            Assert.That(values["nativearrays.scoped_bytes"], Is.EqualTo(256));
        }
        listener.RecordObservableInstruments();
        Assert.That(values["nativearrays.temporaries"] - temporaries0, Is.EqualTo(3));
        Assert.That(values["nativearrays.temporary_bytes"] - bytes0, Is.EqualTo(256));
        Assert.That(values["nativearrays.peak_scoped_bytes"], Is.GreaterThanOrEqualTo(256));
        Assert.That(values["nativearrays.open_scopes"], Is.Zero);
    }

    [Test]
    public void AnArrayObjectStays48BytesWithScopeMembership()
    {
        using var a = NDArray<float>.Zeros(10);
        using var warm = a[1..];
        long before = GC.GetAllocatedBytesForCurrentThread();
        var v = a[1..];
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        v.Dispose();
        Assert.That(bytes, Is.EqualTo(48), "a view with a shared layout is one 48-byte object");
    }
}
