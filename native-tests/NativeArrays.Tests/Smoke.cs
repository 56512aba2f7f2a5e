using NativeArrays.Memory;

namespace NativeArrays.Tests;

public class Smoke
{
    [Test]
    public void CreateSliceTransposeDispose()
    {
        var before = AllocationTracker.Snapshot();
        using (var a = NDArray.Arange(12f))
        using (var m = a.Reshape(3, 4))
        using (var t = m.T)
        using (var s = m[1.., SliceIndex.Slice(step: -2)])
        {
            TestContext.Out.WriteLine(m.ToString());
            TestContext.Out.WriteLine(t.ToString());
            TestContext.Out.WriteLine(s.ToString());
            Assert.That(t.Get(3, 2), Is.EqualTo(11f));
            Assert.That(s.ToArray(), Is.EqualTo(new[] { 7f, 5f, 11f, 9f }));
            Assert.That(s.Buffer, Is.SameAs(a.Buffer));
        }
        var after = AllocationTracker.Snapshot();
        Assert.That(after.LiveBytes, Is.EqualTo(before.LiveBytes));
    }
}
