using System.Buffers;
using NativeArrays.Interop;
using NativeArrays.Memory;

namespace NativeArrays.Tests.Interop;

public class MemoryBridgeTests
{
    [Test]
    public void AsMemory_SharesTheArraysMemory_AndOutlivesTheArrayUntilReleased()
    {
        var before = AllocationTracker.Snapshot();
        var a = NDArray.Arange(6f);
        Memory<float> memory = a.AsMemory();
        var buffer = a.Buffer;
        memory.Span[2] = 42f;
        Assert.That(a.Get(2), Is.EqualTo(42f), "Memory<T> writes land in the array");
        a.Set([3], -1f);
        Assert.That(memory.Span[3], Is.EqualTo(-1f));
        Assert.That(AllocationTracker.Snapshot().CopiesOf("AsMemory"), Is.Zero);

        a.Dispose();
        Assert.That(buffer.IsFreed, Is.False, "the manager's lease keeps the buffer");
        Assert.That(memory.Span[2], Is.EqualTo(42f));
        Assert.That(NDArrayMemoryManager<float>.Release(memory), Is.True);
        Assert.That(buffer.IsFreed, Is.True, "returning the manager's lease frees the buffer");
        Assert.That(AllocationTracker.Snapshot().LiveBytes, Is.EqualTo(before.LiveBytes));
        Assert.Throws<ObjectDisposedException>(() => _ = memory.Span.Length);
    }

    [Test]
    public void Pin_KeepsTheMemoryAfterTheManagerAndArrayAreDisposed()
    {
        var a = NDArray.Arange(8.0);
        var manager = a.AsMemoryManager();
        MemoryHandle handle = manager.Memory.Slice(2).Pin();
        var buffer = a.Buffer;
        a.Dispose();
        ((IDisposable)manager).Dispose();
        unsafe
        {
            Assert.That(buffer.IsFreed, Is.False, "a pin holds the SafeHandle reference");
            Assert.That(*(double*)handle.Pointer, Is.EqualTo(2.0));
        }
        handle.Dispose();
        Assert.That(buffer.IsFreed, Is.True);
        Assert.That(NDArrayMemoryManager<double>.Release(manager.Memory), Is.True, "a second release is harmless");
    }

    [Test]
    public void AsMemory_OfAView_StartsAtTheViewsOffset()
    {
        using var o = NDArray.Arange(12);
        using var a = o.Reshape(3, 4);
        using var row = a[1];
        using var manager = row.AsMemoryManager();
        Assert.That(manager.Memory.ToArray(), Is.EqualTo(new[] { 4, 5, 6, 7 }));
    }

    [Test]
    public void AsMemory_NonContiguous_ThrowsNamingTheStrides()
    {
        using var o = NDArray.Arange(12);
        using var a = o.Reshape(3, 4);
        using var t = a.T;
        var e = Assert.Throws<InvalidOperationException>(() => t.AsMemory());
        Assert.That(e!.Message, Does.Contain("(1, 4)").And.Contain("(4, 3)"));
        Assert.That(a.Buffer.Leases, Is.EqualTo(3), "a refused bridge takes no lease");
    }

    [Test]
    public void AsMemory_ReadOnlyView_RefusedButReadOnlyMemoryAllowed()
    {
        using var a = NDArray.Arange(4f);
        using var b = a.BroadcastTo(4);
        Assert.Throws<InvalidOperationException>(() => b.AsMemory());
        // A broadcast of the same shape is C-contiguous and read-only.
        var memory = b.AsReadOnlyMemory();
        Assert.That(memory.ToArray(), Is.EqualTo(new[] { 0f, 1f, 2f, 3f }));
        Assert.That(NDArrayMemoryManager<float>.Release(memory), Is.True);
        Assert.That(NDArrayMemoryManager<float>.Release(new float[2]), Is.False);
    }

    [Test]
    public void AsSpan_ExistingBridge_StillRefusesNonContiguous()
    {
        using var o = NDArray.Arange(6);
        using var a = o.Reshape(2, 3);
        using var s = a[.., 1..];
        Assert.That(a.AsReadOnlySpan().ToArray(), Is.EqualTo(new[] { 0, 1, 2, 3, 4, 5 }));
        var e = Assert.Throws<InvalidOperationException>(() => s.AsSpan());
        Assert.That(e!.Message, Does.Contain("strides (3, 1)"));
    }
}

public class EnumerationTests : NativeArrays.Tests.Allocator.BufferCacheOffFixture
{
    [Test]
    public void Foreach_VisitsElementsInCOrder_ForEveryLayout()
    {
        using var o = NDArray.Arange(24);
        using var a = o.Reshape(2, 3, 4);
        using var t = a.Permute(2, 0, 1);
        using var s = a[.., SliceIndex.Slice(step: -1), SliceIndex.Slice(1, null, 2)];
        using var expectedT = t.Copy();
        using var expectedS = s.Copy();
        var seen = new List<int>();
        foreach (int x in t) seen.Add(x);
        Assert.That(seen, Is.EqualTo(expectedT.ToArray()));
        Assert.That(s.ToList(), Is.EqualTo(expectedS.ToArray()));
        Assert.That(a.Sum(x => (long)x), Is.EqualTo(276));
        Assert.That(a.Where(x => x % 5 == 0).ToArray(), Is.EqualTo(new[] { 0, 5, 10, 15, 20 }));
    }

    [Test]
    public void Foreach_BroadcastScalarAndEmpty()
    {
        using var row = NDArray.Arange(3);
        using var b = row.BroadcastTo(2, 3);
        Assert.That(b.ToArray(), Is.EqualTo(new[] { 0, 1, 2, 0, 1, 2 }));
        Assert.That(b.Select(x => x).ToArray(), Is.EqualTo(new[] { 0, 1, 2, 0, 1, 2 }));
        using var s = NDArray<int>.Scalar(7);
        Assert.That(s.ToList(), Is.EqualTo(new[] { 7 }));
        using var e = NDArray<int>.Zeros(2, 0, 3);
        Assert.That(e.Count(), Is.Zero);
    }

    [Test]
    public void GetEnumerator_IsAStruct_AndForeachDoesNotAllocatePerElement()
    {
        Assert.That(typeof(NDArray<float>.Enumerator).IsValueType, Is.True);
        using var a = NDArray.Arange(1000f);
        float warm = 0;
        foreach (float x in a) warm += x;
        long before = GC.GetAllocatedBytesForCurrentThread();
        float sum = 0;
        foreach (float x in a) sum += x;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(sum, Is.EqualTo(warm));
        Assert.That(allocated, Is.LessThan(200), "a struct enumerator: shape/strides copies only, nothing per element");
    }

    [Test]
    public void Enumerator_HoldsTheBufferUntilDisposed()
    {
        var a = NDArray.Arange(4.0);
        var buffer = a.Buffer;
        var e = a.GetEnumerator();
        a.Dispose();
        Assert.That(buffer.IsFreed, Is.False, "the enumerator's SafeHandle reference keeps the memory");
        Assert.That(e.MoveNext() && e.MoveNext(), Is.True);
        Assert.That(e.Current, Is.EqualTo(1.0));
        e.Dispose();
        e.Dispose();
        Assert.That(buffer.IsFreed, Is.True);
        Assert.Throws<ObjectDisposedException>(() => e.MoveNext());
        Assert.Throws<ObjectDisposedException>(() => a.GetEnumerator());
    }
}
