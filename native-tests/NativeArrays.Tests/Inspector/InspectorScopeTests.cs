using NativeArrays.Inspection;

namespace NativeArrays.Tests.Inspector;

/// <summary>The inspector lists the live scopes of a process and how many arrays each holds (read from the heap).</summary>
[TestFixture, NonParallelizable]
public class InspectorScopeTests
{
    [Test]
    public void TheHeapSnapshotListsOpenScopesWithTheirArrays()
    {
        using var a = NDArray<float>.Zeros(256);
        long outerId, innerId;
        FootprintReport inside, after;
        using (var outer = NDScope.Begin())
        {
            _ = a + 1f;                                         // one owner of 1024 B
            using (var inner = NDScope.Begin())
            {
                _ = a[1..];
                _ = a[2..];
                _ = a.Reshape(16, 16).T;                        // three views and one intermediate view
                inside = HeapSnapshot.Capture();
                outerId = outer.Id;
                innerId = inner.Id;
            }
        }
        after = HeapSnapshot.Capture();
        var scopes = inside.Scopes.ToDictionary(s => s.Id);
        Assert.Multiple(() =>
        {
            Assert.That(scopes.Keys, Is.SupersetOf(new[] { outerId, innerId }));
            Assert.That(scopes[outerId].Arrays, Is.EqualTo(1));
            Assert.That(scopes[outerId].Bytes, Is.EqualTo(1024));
            Assert.That(scopes[outerId].Depth, Is.EqualTo(1));
            Assert.That(scopes[innerId].Arrays, Is.EqualTo(4));
            Assert.That(scopes[innerId].Bytes, Is.Zero, "views own no native bytes");
            Assert.That(scopes[innerId].Depth, Is.EqualTo(2));
            Assert.That(after.Scopes.Select(s => s.Id), Has.None.EqualTo(outerId).And.None.EqualTo(innerId), "closed scopes are not listed");
        });
    }
}
