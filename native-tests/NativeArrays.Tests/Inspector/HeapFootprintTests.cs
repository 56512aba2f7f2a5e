using System.Runtime.CompilerServices;
using NativeArrays.Inspection;
using NativeArrays.Memory;

namespace NativeArrays.Tests.Inspector;

/// <summary>
/// The core's memory claims, proven from the outside: ClrMD snapshots of this test process's heap
/// (<see cref="HeapSnapshot"/>), the same report as <c>nativearrays-inspect inspect</c>. Each snapshot costs about a second.
/// </summary>
[NonParallelizable]
public class HeapFootprintTests
{
    [Test]
    public void EveryViewOperationAddsZeroNativeBytes()
    {
        using var owner = NDArray.Arange(2400f);
        using var a = owner.Reshape(4, 6, 100);
        var before = HeapSnapshot.Capture();
        var views = new List<NDArray<float>>();
        NDArray<float> Add(NDArray<float> v) { views.Add(v); return v; } // every array made here stays listed
        Add(a[1]);                                      // index
        Add(a[1.., ..3, SliceIndex.Slice(step: -7)]);    // slice with a negative step
        Add(a.Transpose());
        Add(a.Permute(2, 0, 1));
        Add(a.SwapAxes(0, 1));
        Add(a.Reshape(24, 100));                         // reshape of a contiguous layout
        Add(Add(a[.., .., 0]).BroadcastTo(5, 4, 6));
        Add(a[SliceIndex.NewAxis]);                      // expand
        Add(Add(a[.., 0..1, ..]).Squeeze(1));
        Add(a.Flip(2));
        Add(Add(a[0]).Diagonal());
        Add(a.AsReadOnly());
        Add(a.View());
        var after = HeapSnapshot.Capture();
        var delta = after.Since(before);
        var buffer = after.Buffer(a.Buffer.Id);
        TestContext.Out.WriteLine($"{views.Count} views: native Δ {delta.NativeBytes} B, managed Δ {delta.ManagedBytes} B, new buffers {delta.NewBuffers.Count}");
        Assert.Multiple(() =>
        {
            Assert.That(delta.NativeBytes, Is.Zero);
            Assert.That(delta.NewBuffers, Is.Empty);
            Assert.That(delta.NewLeaks, Is.Empty);
            Assert.That(buffer, Is.Not.Null);
            Assert.That(buffer!.LiveViews, Is.EqualTo(views.Count + 1), "the views, and a itself");
            Assert.That(buffer.Leases, Is.EqualTo(views.Count + 2), "the views, a and its owner");
            Assert.That(buffer.RetainedBytes, Is.Zero, "the owner is alive and covers the buffer");
            // Every view's extent lies inside the buffer.
            Assert.That(buffer.Arrays.All(v => v.ExtentStart >= 0 && v.ExtentEnd <= buffer.Bytes), Is.True);
        });
        foreach (var v in views) v.Dispose();
    }

    [Test]
    public void DisposingTheLastLeaseReturnsTheBytes()
    {
        var owner = NDArray<float>.Zeros(1_000_000);
        long id = owner.Buffer.Id;
        var view = owner[10..20];
        owner.Dispose();
        var retained = HeapSnapshot.Capture();
        view.Dispose();
        var freed = HeapSnapshot.Capture();
        var b = retained.Buffer(id);
        Assert.Multiple(() =>
        {
            Assert.That(b, Is.Not.Null);
            Assert.That(b!.OwnerDisposed, Is.True);
            Assert.That(b.Leases, Is.EqualTo(1));
            Assert.That(b.LiveViews, Is.EqualTo(1));
            Assert.That(b.CoveredBytes, Is.EqualTo(40));
            Assert.That(b.RetainedBytes, Is.EqualTo(4_000_000 - 40));
            Assert.That(freed.Buffer(id), Is.Null, "the buffer holds no memory after the last lease");
            Assert.That(freed.Since(retained).FreedBufferIds, Does.Contain(id));
            Assert.That(freed.Since(retained).NativeBytes, Is.EqualTo(-4_000_000));
        });
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(4)]
    public void ManagedCostPerViewMatchesTheReadme(int rank)
    {
        nint[] shape = rank switch { 1 => [4000], 2 => [4000, 3], _ => [4000, 3, 3, 3] };
        using var a = NDArray<float>.Zeros(shape);
        // 20 views of distinct lengths (each its own layout) and 20 of one shape (one shared layout).
        var distinct = Enumerable.Range(0, 20).Select(i => a.Slice(SliceIndex.Slice(0, 500 + i))).ToList();
        var same = Enumerable.Range(0, 20).Select(i => a.Slice(SliceIndex.Slice(i, i + 7))).ToList();
        var report = HeapSnapshot.Capture();
        var buffer = report.Buffer(a.Buffer.Id)!;
        var byAddress = buffer.Arrays.ToDictionary(v => v.ObjectAddress);
        var views = buffer.Arrays.Where(v => !v.IsOwner).ToList();
        var distinctViews = views.Where(v => v.Shape[0] >= 500).ToList();
        var sameViews = views.Where(v => v.Shape[0] == 7).ToList();
        long layoutModel = 40 + 24 + 16 * rank; // NDLayout object + nint[2·rank] (header and length 24 B)
        TestContext.Out.WriteLine(
            $"rank {rank} (ClrMD): view object {views[0].ObjectBytes} B; own layout {distinctViews[0].LayoutBytes} B " +
            $"→ {views[0].ObjectBytes + distinctViews[0].LayoutBytes} B per view with a new layout, {sameViews[0].ObjectBytes} B when the layout is shared " +
            $"({sameViews.Select(v => v.LayoutAddress).Distinct().Count()} layout object(s) for {sameViews.Count} same-shape views)");
        Assert.Multiple(() =>
        {
            Assert.That(views, Has.Count.EqualTo(40));
            Assert.That(views.Select(v => v.ObjectBytes).Distinct(), Is.EqualTo(new[] { 48L }), "NDArray<T> object");
            Assert.That(distinctViews.Select(v => v.LayoutBytes).Distinct(), Is.EqualTo(new[] { layoutModel }), "layout + dims");
            Assert.That(distinctViews.Select(v => v.LayoutAddress).Distinct().Count(), Is.EqualTo(20), "distinct shapes, distinct layouts");
            Assert.That(sameViews.Select(v => v.LayoutAddress).Distinct().Count(), Is.LessThanOrEqualTo(2), "equal shapes share a layout");
            Assert.That(report.NativeBytes, Is.GreaterThanOrEqualTo((long)a.ByteCount));
        });
        foreach (var v in distinct.Concat(same)) v.Dispose();
    }

    [Test]
    public void AnUndisposedUnreachableArrayIsALeakWithItsCreationSite()
    {
        bool writeLeaks = AllocationTracker.WriteLeaksToStandardError;
        AllocationTracker.WriteLeaksToStandardError = false;
        try
        {
            // No GC between the allocation and the snapshot, so the finalizer cannot free it first.
            bool noGc = GC.TryStartNoGCRegion(32L << 20);
            long id = Forget();
            FootprintReport report;
            try
            {
                report = HeapSnapshot.Capture();
            }
            finally
            {
                if (noGc && System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.NoGCRegion)
                {
                    try { GC.EndNoGCRegion(); } catch (InvalidOperationException) { }
                }
            }
            var leak = report.Buffer(id);
            Assert.Multiple(() =>
            {
                Assert.That(leak, Is.Not.Null);
                Assert.That(leak!.Reachable, Is.False);
                Assert.That(leak.RootStatus, Does.StartWith("unreachable"));
                Assert.That(leak.Bytes, Is.EqualTo(8 * 1000));
                Assert.That(report.Leaks, Is.GreaterThanOrEqualTo(1));
                Assert.That(report.Verdict, Does.StartWith("LEAK"));
            });
        }
        finally
        {
            // Let the finalizer free it now, inside this test, rather than during another one.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            AllocationTracker.WriteLeaksToStandardError = writeLeaks;
        }
    }

    [Test]
    public void AMemoryMappedArrayIsReportedWithItsFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"heap-footprint-{Guid.NewGuid():N}.npy");
        try
        {
            using (var source = NDArray.Arange(100_000f)) NativeArrays.IO.Npy.Save(path, source);
            using var mapped = NativeArrays.IO.Npy.Open<float>(path);
            using var view = mapped[10..20];
            var report = HeapSnapshot.Capture();
            var b = report.Buffer(mapped.Buffer.Id);
            Assert.Multiple(() =>
            {
                Assert.That(b, Is.Not.Null);
                Assert.That(b!.Kind, Is.EqualTo("mmap"));
                Assert.That(b.MappedFile, Is.EqualTo(path));
                Assert.That(b.MappedMode, Is.EqualTo("r"));
                Assert.That(b.Bytes, Is.EqualTo(400_000));
                Assert.That(b.LiveViews, Is.EqualTo(1));
                Assert.That(report.MappedBytes, Is.GreaterThanOrEqualTo(400_000L));
            });
        }
        finally
        {
            File.Delete(path);
        }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "NA0003", Justification = "Leaks on purpose: the inspector must find this leaked buffer.")]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long Forget()
    {
        var forgotten = NDArray<long>.Zeros(1000);
        return forgotten.Buffer.Id; // never disposed
    }
}
