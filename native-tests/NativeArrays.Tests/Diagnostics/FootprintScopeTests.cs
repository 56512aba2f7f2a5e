using NativeArrays.Diagnostics;

namespace NativeArrays.Tests;

[NonParallelizable]
public class FootprintScopeTests
{
    [Test]
    public void ViewsAllocateNoNativeMemoryAndCopiesAreCountedByName()
    {
        using var a = NDArray.Arange(1000.0);
        FootprintDelta views, copies;
        using (var scope = FootprintScope.Begin())
        {
            using var s = a[10..20];
            using var m = a.Reshape(10, 100);
            using var mt = m.T;
            using var r = mt[SliceIndex.Slice(step: -3)];
            using var b = a.BroadcastTo(4, 1000);
            views = scope.Delta;
        }
        using (var scope = FootprintScope.Begin())
        {
            using var s = a[10..20];
            using var c = s.Copy();
            using var m = a.Reshape(10, 100);
            using var mt = m.T;
            using var t = mt.AsContiguous();
            copies = scope.Delta;
        }
        Assert.Multiple(() =>
        {
            Assert.That(views.BuffersAllocated, Is.Zero, views.ToString());
            Assert.That(views.BytesAllocated, Is.Zero);
            Assert.That(views.Copies, Is.Empty);
            Assert.That(copies.BuffersAllocated, Is.EqualTo(2), copies.ToString());
            Assert.That(copies.BytesAllocated, Is.EqualTo(10 * 8 + 1000 * 8));
            Assert.That(copies.Copies["Copy"], Is.EqualTo(1));
            Assert.That(copies.Copies["AsContiguous"], Is.EqualTo(1));
        });
    }

    [Test]
    public void DeltaIsFrozenAtDispose()
    {
        var scope = FootprintScope.Begin();
        scope.Dispose();
        using var a = NDArray<byte>.Zeros(128);
        Assert.That(scope.Delta.BytesAllocated, Is.Zero);
    }
}
