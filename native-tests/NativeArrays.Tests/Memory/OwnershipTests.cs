using System.Runtime.CompilerServices;
using NativeArrays.Memory;

namespace NativeArrays.Tests.Allocator;

/// <summary>Leases, owner-before-view disposal, double dispose, use after dispose, and the SafeHandle guard.</summary>
[TestFixture, NonParallelizable]
public class OwnershipTests : BufferCacheOffFixture
{
    [Test]
    public void OwnerDisposedBeforeViewsKeepsMemoryUntilTheLastView()
    {
        var start = AllocationTracker.Snapshot();
        var owner = NDArray.Arange(0.0, 100.0, 1.0);
        var buffer = owner.Buffer;
        var v1 = owner[10..20];
        var r = owner.Reshape(10, 10);
        var v2 = r.T;
        r.Dispose();
        Assert.That(buffer.Leases, Is.EqualTo(3), "owner, v1, v2");
        owner.Dispose();
        Assert.That(buffer.OwnerDisposed, Is.True);
        Assert.That(buffer.IsFreed, Is.False);
        Assert.That(v1.ToArray(), Is.EqualTo(Enumerable.Range(10, 10).Select(i => (double)i).ToArray()));
        Assert.That(v2.Get(3, 2), Is.EqualTo(23.0));
        Assert.That(AllocationTracker.Snapshot().LiveBytes - start.LiveBytes, Is.EqualTo(800), "memory stays while views live");
        v1.Dispose();
        Assert.That(buffer.IsFreed, Is.False);
        Assert.That(v2.Get(9, 9), Is.EqualTo(99.0));
        v2.Dispose();
        Assert.That(buffer.IsFreed, Is.True);
        Assert.That(buffer.Leases, Is.Zero);
        var end = AllocationTracker.Snapshot();
        Assert.That(end.LiveBytes, Is.EqualTo(start.LiveBytes));
        Assert.That(end.LiveBuffers, Is.EqualTo(start.LiveBuffers));
    }

    [Test]
    public void LastLeaseFreesAtOnce()
    {
        var start = AllocationTracker.Snapshot();
        var owner = NDArray<float>.Zeros(256);
        var buffer = owner.Buffer;
        var view = owner[Slice(step: 2)];
        var view2 = view.T;
        Assert.That(AllocationTracker.Snapshot().LiveBytes - start.LiveBytes, Is.EqualTo(1024));
        owner.Dispose();
        view.Dispose();
        Assert.That(buffer.IsFreed, Is.False);
        Assert.That(view2.Size, Is.EqualTo((nint)128));
        view2.Dispose();
        Assert.That(buffer.IsFreed, Is.True);
        Assert.That(buffer.Leases, Is.Zero);
        var end = AllocationTracker.Snapshot();
        Assert.That(end.LiveBytes, Is.EqualTo(start.LiveBytes));
        Assert.That(end.LiveBuffers, Is.EqualTo(start.LiveBuffers));
        Assert.That(end.TotalAllocations - start.TotalAllocations, Is.EqualTo(1));
    }

    private static SliceIndex Slice(nint? start = null, nint? stop = null, nint step = 1) => SliceIndex.Slice(start, stop, step);

    [Test]
    public void DoubleDisposeIsHarmless()
    {
        var start = AllocationTracker.Snapshot();
        var owner = NDArray<int>.Zeros(10);
        var view = owner[2..];
        view.Dispose();
        view.Dispose();
        view.Dispose();
        Assert.That(owner.Buffer.Leases, Is.EqualTo(1), "a repeated Dispose must not return the lease twice");
        Assert.That(owner.Buffer.IsFreed, Is.False);
        Assert.That(owner.Get(3), Is.Zero);
        owner.Dispose();
        owner.Dispose();
        Assert.That(view.IsDisposed && owner.IsDisposed, Is.True);
        Assert.That(AllocationTracker.Snapshot().LiveBytes, Is.EqualTo(start.LiveBytes));
    }

    private static IEnumerable<TestCaseData> UsesAfterDispose()
    {
        TestCaseData C(string name, Action<NDArray<double>> use) => new TestCaseData(use).SetArgDisplayNames(name);
        yield return C("Get", a => a.Get(0, 0));
        yield return C("Set", a => a.Set([0, 0], 1));
        yield return C("Fill", a => a.Fill(1));
        yield return C("indexer", a => a[0].Dispose());
        yield return C("Slice", a => a.Slice(SliceIndex.All).Dispose());
        yield return C("Transpose", a => a.Transpose().Dispose());
        yield return C("Permute", a => a.Permute(1, 0).Dispose());
        yield return C("Reshape", a => a.Reshape(-1).Dispose());
        yield return C("ReshapeOrCopy", a => a.ReshapeOrCopy([-1], out _).Dispose());
        yield return C("Squeeze", a => a.Squeeze().Dispose());
        yield return C("ExpandDims", a => a.ExpandDims(0).Dispose());
        yield return C("Flip", a => a.Flip().Dispose());
        yield return C("Diagonal", a => a.Diagonal().Dispose());
        yield return C("BroadcastTo", a => a.BroadcastTo(2, 3, 4).Dispose());
        yield return C("AsStrided", a => a.AsStrided([2], [1]).Dispose());
        yield return C("View", a => a.View().Dispose());
        yield return C("AsReadOnly", a => a.AsReadOnly().Dispose());
        yield return C("Copy", a => a.Copy().Dispose());
        yield return C("Copy(F)", a => a.Copy(Order.F).Dispose());
        yield return C("AsContiguous", a => a.AsContiguous().Dispose());
        yield return C("AsType", a => a.AsType<int>().Dispose());
        yield return C("Take", a => a.Take([0]).Dispose());
        yield return C("Take(axis)", a => a.Take([0], 1).Dispose());
        yield return C("ToArray", a => a.ToArray());
        yield return C("AsSpan", a => { a.AsSpan(); });
        yield return C("AsReadOnlySpan", a => { a.AsReadOnlySpan(); });
        yield return C("AsNDSpan", a => { a.AsNDSpan(); });
        yield return C("AsReadOnlyNDSpan", a => { a.AsReadOnlyNDSpan(); });
        yield return C("CopyTo (as source)", a => { using var d = NDArray<double>.Zeros(3, 4); a.CopyTo(d); });
        yield return C("CopyTo (as destination)", a => { using var s = NDArray<double>.Zeros(3, 4); s.CopyTo(a); });
        yield return C("ArrayEquals", a => { using var s = NDArray<double>.Zeros(3, 4); s.ArrayEquals(a); });
    }

    [TestCaseSource(nameof(UsesAfterDispose))]
    public void UseAfterDisposeThrowsObjectDisposed(Action<NDArray<double>> use)
    {
        var a = NDArray<double>.Zeros(3, 4);
        using var other = a.View(); // the buffer stays alive: only this array object is disposed
        a.Dispose();
        var e = Assert.Throws<ObjectDisposedException>(() => use(a));
        Assert.That(e!.Message, Is.Not.Empty);
        Assert.That(other.Get(1, 1), Is.Zero, "other views of the buffer keep working");
    }

    [TestCaseSource(nameof(UsesAfterDispose))]
    public void UseAfterTheBufferWasFreedThrowsObjectDisposed(Action<NDArray<double>> use)
    {
        var a = NDArray<double>.Zeros(3, 4);
        var buffer = a.Buffer;
        a.Dispose();
        Assert.That(buffer.IsFreed, Is.True);
        Assert.Throws<ObjectDisposedException>(() => use(a));
    }

    [Test]
    public void ItemAfterDisposeThrowsObjectDisposed()
    {
        var a = NDArray<double>.Scalar(1);
        a.Dispose();
        Assert.Throws<ObjectDisposedException>(() => a.Item());
    }

    [Test]
    public void DisposedMessageNamesTheShapeAndToStringSaysDisposed()
    {
        var a = NDArray<double>.Zeros(3, 4);
        a.Dispose();
        var e = Assert.Throws<ObjectDisposedException>(() => a.Get(0, 0));
        Assert.That(e!.Message, Does.Contain("(3, 4)"));
        Assert.That(a.ToString(), Does.Contain("disposed"));
    }

    [Test]
    public void RefStructViewAfterTheBufferWasFreedThrows()
    {
        var a = NDArray<double>.Zeros(3, 4);
        var span = a.AsNDSpan();
        span.At(1, 1) = 5;
        Assert.That(a.Get(1, 1), Is.EqualTo(5.0));
        a.Dispose();
        bool threwAt = false, threwSlice = false, threwFill = false;
        try { _ = span.At(1, 1); } catch (ObjectDisposedException) { threwAt = true; }
        try { _ = span[1]; } catch (ObjectDisposedException) { threwSlice = true; }
        try { span.Fill(1); } catch (ObjectDisposedException) { threwFill = true; }
        Assert.That(threwAt && threwSlice && threwFill, Is.True, $"At {threwAt}, indexer {threwSlice}, Fill {threwFill}");
    }

    [Test]
    public void RefStructViewOfAViewOutlivesTheOwner()
    {
        var owner = NDArray<int>.FromArray([1, 2, 3, 4, 5, 6], 2, 3);
        using var view = owner.T;
        owner.Dispose();
        var span = view.AsReadOnlyNDSpan();
        Assert.That(span.At(2, 1), Is.EqualTo(6), "the buffer lives while a view holds it");
        Assert.That(span[1].Transpose().At(0), Is.EqualTo(2));
        Assert.That(() => { owner.AsReadOnlyNDSpan(); }, Throws.TypeOf<ObjectDisposedException>(), "the disposed owner itself cannot lend a span");
    }

    [Test]
    public void BufferAndLeakDescriptions()
    {
        using var a = NDArray<short>.Zeros(10);
        using var v = a[1..];
        var text = a.Buffer.ToString();
        Assert.That(text, Does.Contain($"#{a.Buffer.Id}").And.Contain("int16").And.Contain("20 B").And.Contain("leases=2"));
        Assert.That(a.Buffer.ElementCount, Is.EqualTo((nint)10));
        Assert.That(a.Buffer.Kind, Is.EqualTo(NativeBufferKind.Heap));
        var report = new LeakReport(7, 80, "float64", 2, null);
        Assert.That(report.ToString(), Does.Contain("#7").And.Contain("80 B").And.Contain("2 undisposed"));
        Assert.That(() => AllocationTracker.CountCopy(""), Throws.ArgumentException);
        using var b = NDArray<short>.Zeros(4);
        Assert.That(b.Buffer.Id, Is.GreaterThan(a.Buffer.Id), "ids increase");
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "NA0002", Justification = "Leaks on purpose: the test checks the finalizer's leak report.")]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long LeakOne() => NDArray<byte>.Zeros(16).Buffer.Id;

    [Test]
    public void AThrowingLeakSubscriberDoesNotStopTheReport()
    {
        CollectEverything();
        bool echo = AllocationTracker.WriteLeaksToStandardError;
        AllocationTracker.WriteLeaksToStandardError = false;
        static void Throwing(LeakReport r) => throw new InvalidOperationException("subscriber failure");
        AllocationTracker.LeakDetected += Throwing;
        try
        {
            var start = AllocationTracker.Snapshot();
            long id = LeakOne();
            CollectEverything();
            var end = AllocationTracker.Snapshot();
            Assert.That(end.LeaksDetected - start.LeaksDetected, Is.EqualTo(1));
            Assert.That(AllocationTracker.Leaks.Any(l => l.BufferId == id), Is.True);
            Assert.That(end.LiveBytes, Is.EqualTo(start.LiveBytes));
        }
        finally
        {
            AllocationTracker.LeakDetected -= Throwing;
            AllocationTracker.WriteLeaksToStandardError = echo;
        }
    }

    /// <summary>A kernel in flight holds the SafeHandle reference: disposing the last lease defers the free until it ends.</summary>
    [Test]
    public unsafe void PinDefersTheFreeUntilReleased()
    {
        var start = AllocationTracker.Snapshot();
        var a = NDArray.Arange(0.0, 16.0, 1.0);
        var buffer = a.Buffer;
        var pin = a.Pin();
        a.Dispose();
        Assert.That(buffer.IsFreed, Is.False, "a pinned buffer must not be freed");
        Assert.That(pin.Pointer[15], Is.EqualTo(15.0));
        pin.Dispose();
        Assert.That(buffer.IsFreed, Is.True);
        Assert.That(AllocationTracker.Snapshot().LiveBytes, Is.EqualTo(start.LiveBytes));
    }

    [Test]
    public void NewViewOfAFreedBufferIsRefused()
    {
        var a = NDArray<int>.Zeros(4);
        var buffer = a.Buffer;
        a.Dispose();
        Assert.That(buffer.IsFreed, Is.True);
        Assert.Throws<ObjectDisposedException>(() => new NDArray<int>(buffer, a.Layout, 0, owner: false, readOnly: false));
    }

    // ---- leaks -------------------------------------------------------------------------------------------------

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "NA0003", Justification = "Leaks on purpose: the test checks the finalizer's leak report.")]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (long Id, nint Bytes) LeakAnOwnerAndTwoViews()
    {
        var a = NDArray<double>.Zeros(64, 8);
        var v1 = a[1..];
        var v2 = v1.T;
        GC.KeepAlive(v2);
        return (a.Buffer.Id, a.Buffer.ByteLength);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long LeakOnlyAView()
    {
        var a = NDArray<int>.Zeros(100);
        var v = a[10..];
        a.Dispose();
        GC.KeepAlive(v);
        return a.Buffer.Id;
    }

    internal static void CollectEverything()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        GC.Collect();
    }

    [Test]
    public void FinalizerFreesALeakedBufferAndReportsIt()
    {
        CollectEverything();
        bool echo = AllocationTracker.WriteLeaksToStandardError;
        AllocationTracker.WriteLeaksToStandardError = false;
        try
        {
            var start = AllocationTracker.Snapshot();
            var reported = new List<LeakReport>();
            void OnLeak(LeakReport r) { lock (reported) reported.Add(r); }
            AllocationTracker.LeakDetected += OnLeak;
            (long id, nint bytes) = LeakAnOwnerAndTwoViews();
            long id2 = LeakOnlyAView();
            Assert.That(AllocationTracker.Snapshot().LiveBytes - start.LiveBytes, Is.EqualTo((long)bytes + 400));
            CollectEverything();
            AllocationTracker.LeakDetected -= OnLeak;
            var end = AllocationTracker.Snapshot();
            Assert.That(end.LeaksDetected - start.LeaksDetected, Is.EqualTo(2));
            Assert.That(end.LiveBytes, Is.EqualTo(start.LiveBytes), "the finalizer freed the memory");
            Assert.That(end.LiveBuffers, Is.EqualTo(start.LiveBuffers));
            var leak = AllocationTracker.Leaks.Single(l => l.BufferId == id);
            Assert.That(leak.Leases, Is.EqualTo(3));
            Assert.That(leak.ByteLength, Is.EqualTo((long)bytes));
            Assert.That(leak.ElementType, Is.EqualTo("float64"));
            Assert.That(leak.CreationSite, Is.Null);
            Assert.That(leak.ToString(), Does.Contain($"#{id}").And.Contain("captureAllocationSites"));
            var leak2 = AllocationTracker.Leaks.Single(l => l.BufferId == id2);
            Assert.That(leak2.Leases, Is.EqualTo(1), "the owner was disposed; only the view leaked");
            lock (reported) Assert.That(reported.Select(r => r.BufferId), Is.SupersetOf(new[] { id, id2 }));
        }
        finally
        {
            AllocationTracker.WriteLeaksToStandardError = echo;
        }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "NA0003", Justification = "Leaks on purpose: the test checks the leak report's creation site.")]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long AllocateAndForgetWithSites()
    {
        var a = NDArray.Ones<float>(32);
        return a.Buffer.Id;
    }

    [Test]
    public void LeakReportNamesTheAllocatingMethodWhenSitesAreCaptured()
    {
        CollectEverything();
        bool echo = AllocationTracker.WriteLeaksToStandardError;
        AllocationTracker.WriteLeaksToStandardError = false;
        try
        {
            var start = AllocationTracker.Snapshot();
            long id;
            using (NativeArraysSettings.Override(NativeArraysSettings.Current with { CaptureAllocationSites = true }))
                id = AllocateAndForgetWithSites();
            CollectEverything();
            var end = AllocationTracker.Snapshot();
            Assert.That(end.LeaksDetected - start.LeaksDetected, Is.EqualTo(1));
            var leak = AllocationTracker.Leaks.Single(l => l.BufferId == id);
            Assert.That(leak.CreationSite, Is.Not.Null);
            Assert.That(leak.CreationSite, Does.Contain(nameof(AllocateAndForgetWithSites)));
            Assert.That(leak.ToString(), Does.Contain(nameof(AllocateAndForgetWithSites)));
            Assert.That(end.LiveBytes, Is.EqualTo(start.LiveBytes));
        }
        finally
        {
            AllocationTracker.WriteLeaksToStandardError = echo;
        }
    }

    [Test]
    public void DisposedArraysAreNotReportedAsLeaks()
    {
        CollectEverything();
        var start = AllocationTracker.Snapshot();
        for (int i = 0; i < 50; i++)
        {
            using var a = NDArray<byte>.Zeros(1000);
            using var v = a[1..];
        }
        CollectEverything();
        var end = AllocationTracker.Snapshot();
        Assert.That(end.LeaksDetected, Is.EqualTo(start.LeaksDetected));
        Assert.That(end.LiveBytes, Is.EqualTo(start.LiveBytes));
        Assert.That(end.TotalAllocations - start.TotalAllocations, Is.EqualTo(50));
        Assert.That(end.TotalBytesAllocated - start.TotalBytesAllocated, Is.EqualTo(50_000));
    }

    [Test]
    public void PeakBytesAndResetPeak()
    {
        AllocationTracker.ResetPeak();
        var start = AllocationTracker.Snapshot();
        Assert.That(start.PeakBytes, Is.EqualTo(start.LiveBytes));
        using (var a = NDArray<byte>.Zeros(1 << 20)) { }
        var end = AllocationTracker.Snapshot();
        Assert.That(end.PeakBytes - start.LiveBytes, Is.GreaterThanOrEqualTo(1 << 20));
        AllocationTracker.ResetPeak();
        Assert.That(AllocationTracker.Snapshot().PeakBytes, Is.EqualTo(AllocationTracker.Snapshot().LiveBytes));
    }
}
