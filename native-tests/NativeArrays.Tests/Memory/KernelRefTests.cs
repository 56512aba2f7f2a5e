using NativeArrays.Memory;

namespace NativeArrays.Tests.Allocator;

/// <summary>
/// The kernel reference (<see cref="NativeBuffer.TryAcquireKernelRef"/>): the per-operand guard of every kernel call.
/// While one is held a dispose never frees the memory; the last one returned carries the disposal out; a disposed
/// buffer refuses new ones. And a stress: many small kernels on two threads racing a dispose.
/// </summary>
[TestFixture, NonParallelizable]
public class KernelRefTests : BufferCacheOffFixture
{
    [Test]
    public void AHeldKernelRefDefersTheFreeToItsRelease()
    {
        var start = AllocationTracker.Snapshot();
        var a = NDArray.Arange(0f, 16f, 1f);
        var buffer = a.Buffer;
        Assert.That(buffer.TryAcquireKernelRef(buffer.Id), Is.True);
        a.Dispose();
        Assert.That(buffer.Leases, Is.EqualTo(0));
        Assert.That(buffer.IsFreed, Is.False, "a kernel holds the buffer");
        Assert.That(buffer.TryAcquireKernelRef(buffer.Id), Is.False, "a disposed buffer refuses new kernels");
        Assert.That(buffer.TryAcquireKernelRef(buffer.Id), Is.False, "refusals leave it refusing");
        Assert.That(buffer.IsFreed, Is.False, "refusals do not free it under the holder");
        buffer.ReleaseKernelRef();
        Assert.That(buffer.IsFreed, Is.True, "the last kernel reference frees it");
        Assert.That(buffer.TryAcquireKernelRef(buffer.Id), Is.False);
        var end = AllocationTracker.Snapshot();
        Assert.That(end.LiveBytes, Is.EqualTo(start.LiveBytes));
        Assert.That(end.LiveBuffers, Is.EqualTo(start.LiveBuffers));
    }

    [Test]
    public void RepeatedDisposeWhileKernelsRunFreesOnceAfterTheLast()
    {
        var start = AllocationTracker.Snapshot();
        var a = NDArray.Arange(0f, 16f, 1f);
        var buffer = a.Buffer;
        Assert.That(buffer.TryAcquireKernelRef(buffer.Id), Is.True);
        Assert.That(buffer.TryAcquireKernelRef(buffer.Id), Is.True);
        a.Dispose();
        buffer.Dispose();
        buffer.Dispose();
        Assert.That(buffer.IsFreed, Is.False);
        Assert.That(() => a.Sum(), Throws.TypeOf<ObjectDisposedException>());
        buffer.ReleaseKernelRef();
        Assert.That(buffer.IsFreed, Is.False);
        buffer.ReleaseKernelRef();
        Assert.That(buffer.IsFreed, Is.True);
        var end = AllocationTracker.Snapshot();
        Assert.That(end.LiveBytes, Is.EqualTo(start.LiveBytes));
        Assert.That(end.LiveBuffers, Is.EqualTo(start.LiveBuffers));
    }

    [Test]
    public void KernelsOfADisposedArrayThrowObjectDisposed()
    {
        var a = NDArray.Arange(0f, 8f, 1f);
        using var b = NDArray.Ones<float>(8);
        using var d = NDArray<float>.Zeros(8);
        var span = a.AsReadOnlyNDSpan();
        a.Dispose();
        Assert.That(() => NDArray.Add(a, b, d), Throws.TypeOf<ObjectDisposedException>());
        Assert.That(() => NDArray.Add(b, a, d), Throws.TypeOf<ObjectDisposedException>());
        Assert.That(() => NDArray.Add(b, b, a), Throws.TypeOf<ObjectDisposedException>());
        Assert.That(() => a.Sum(), Throws.TypeOf<ObjectDisposedException>());
        bool spanRefused = false;
        try { NDArray.Add(span, b.AsReadOnlyNDSpan(), d.AsNDSpan()); }
        catch (ObjectDisposedException) { spanRefused = true; }
        Assert.That(spanRefused, Is.True, "a span over a disposed array");
        Assert.That(b.Buffer.IsFreed || d.Buffer.IsFreed, Is.False, "the refused calls returned the references they took");
    }

    /// <summary>
    /// The span element accessors (<c>Get</c>, <c>Set</c>, <c>Fill</c>) take the kernel reference, the one guard of native
    /// access: each returns it (a dispose afterwards frees at once), and a disposed buffer that a kernel still holds is
    /// refused by them exactly as by a kernel (the SafeHandle is still open then, so its reference would have let them in).
    /// </summary>
    [Test]
    public void SpanElementAccessorsTakeTheKernelReference()
    {
        var start = AllocationTracker.Snapshot();
        var a = NDArray.Arange(0f, 8f, 1f);
        var span = a.AsNDSpan();
        span.Fill(3f);
        span.Set([2], 5f);
        Assert.That(span.Get(2), Is.EqualTo(5f));
        Assert.That(a.AsReadOnlyNDSpan().Get(1), Is.EqualTo(3f));
        var buffer = a.Buffer;
        a.Dispose();
        Assert.That(buffer.IsFreed, Is.True, "every accessor returned its reference");

        var b = NDArray.Arange(0f, 8f, 1f);
        var held = b.Buffer;
        var view = b.AsNDSpan();
        Assert.That(held.TryAcquireKernelRef(held.Id), Is.True);
        b.Dispose();
        int refused = 0;
        try { view.Fill(1f); } catch (ObjectDisposedException) { refused++; }
        try { view.Set([0], 1f); } catch (ObjectDisposedException) { refused++; }
        try { _ = view.Get(0); } catch (ObjectDisposedException) { refused++; }
        Assert.That(refused, Is.EqualTo(3), "a closing buffer refuses the accessors");
        Assert.That(held.IsFreed, Is.False, "the kernel still holds it");
        held.ReleaseKernelRef();
        Assert.That(held.IsFreed, Is.True, "the refusals returned what they took; the last kernel reference frees it");
        var end = AllocationTracker.Snapshot();
        Assert.That(end.LiveBytes, Is.EqualTo(start.LiveBytes));
        Assert.That(end.LiveBuffers, Is.EqualTo(start.LiveBuffers));
    }

    /// <summary>
    /// Two threads run small kernels (class and span forms, reductions) on three arrays until one of them is disposed on
    /// the main thread at a random moment. Every call either completes with the right values or throws
    /// <see cref="ObjectDisposedException"/>; afterwards every buffer is freed and the tracker holds what it held before.
    /// </summary>
    [Test]
    public void SmallKernelsOnTwoThreadsRacingADispose()
    {
        var start = AllocationTracker.Snapshot();
        var random = new Random(12);
        long completed = 0, refused = 0;
        for (int round = 0; round < 200; round++)
        {
            int n = 1 + random.Next(64);
            var a = NDArray.Arange(0f, n, 1f);
            var b = NDArray.Ones<float>(n);
            var d = NDArray<float>.Zeros(n);
            NDArray<float>[] arrays = [a, b, d];
            var buffers = arrays.Select(x => x.Buffer).ToArray();
            int victim = round % 3;
            using var go = new Barrier(3);
            var errors = new List<Exception>();
            var workers = Enumerable.Range(0, 2).Select(w => new Thread(() =>
            {
                go.SignalAndWait();
                try
                {
                    for (long i = 0; ; i++)
                    {
                        switch ((i + w) % 4)
                        {
                            case 0:
                                NDArray.Add(a, b, d);
                                break;
                            case 1:
                                NDArray.Add(a.AsReadOnlyNDSpan(), b.AsReadOnlyNDSpan(), d.AsNDSpan());
                                break;
                            case 2:
                                NDArray.MultiplyAdd(a, b, b, d);
                                break;
                            default:
                                float sum = a.Sum();
                                if (sum != n * (n - 1) / 2f) throw new InvalidOperationException($"Sum {sum} of {n} elements");
                                break;
                        }
                        Interlocked.Increment(ref completed);
                    }
                }
                catch (ObjectDisposedException) { Interlocked.Increment(ref refused); }
                catch (Exception e) { lock (errors) errors.Add(e); }
            })).ToList();
            workers.ForEach(t => t.Start());
            go.SignalAndWait();
            Thread.SpinWait(random.Next(2000));
            arrays[victim].Dispose();
            Thread.Sleep(1);
            // Both workers now stop at their next use of the disposed array.
            foreach (var t in workers) t.Join();
            Assert.That(errors, Is.Empty, string.Join("\n", errors));
            if (victim != 2)
            {
                var values = d.ToArray();
                for (int i = 0; i < n; i++)
                    Assert.That(values[i], Is.EqualTo(0f).Or.EqualTo(i + 1f), "d holds a + b (or MultiplyAdd's a * b + b) or nothing yet");
            }
            foreach (var x in arrays) x.Dispose();
            Assert.That(buffers.All(x => x.IsFreed), Is.True, $"round {round}: every buffer freed");
        }
        TestContext.Out.WriteLine($"{completed} calls completed, {refused} refused");
        Assert.That(refused, Is.EqualTo(400), "each worker of each round stops on ObjectDisposedException");
        var end = AllocationTracker.Snapshot();
        Assert.That(end.LiveBytes, Is.EqualTo(start.LiveBytes));
        Assert.That(end.LiveBuffers, Is.EqualTo(start.LiveBuffers));
    }
}
