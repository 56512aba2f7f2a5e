using System.Diagnostics;
using NativeArrays.Memory;

namespace NativeArrays.Tests.Allocator;

/// <summary>Threads creating, slicing and disposing views of shared buffers; then live bytes are back and nothing was freed twice.</summary>
[TestFixture, NonParallelizable]
public class ConcurrencyTests : BufferCacheOffFixture
{
    private const int Threads = 4;
    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(700);

    private static void RunThreads(int count, Action<int> body)
    {
        var errors = new List<Exception>();
        using var go = new ManualResetEventSlim(false);
        var threads = Enumerable.Range(0, count).Select(t => new Thread(() =>
        {
            go.Wait();
            try { body(t); }
            catch (Exception e) { lock (errors) errors.Add(e); }
        })).ToList();
        threads.ForEach(t => t.Start());
        go.Set();
        threads.ForEach(t => t.Join());
        Assert.That(errors, Is.Empty, string.Join("\n", errors));
    }

    [Test]
    public void ThreadsSliceAndDisposeViewsOfASharedBuffer()
    {
        var start = AllocationTracker.Snapshot();
        var owner = NDArray.Arange(0.0, 4096.0, 1.0);
        var shared = owner.Reshape(64, 64);
        var buffer = owner.Buffer;
        long iterations = 0;
        RunThreads(Threads, t =>
        {
            var rng = new Random(1000 + t);
            var sw = Stopwatch.StartNew();
            long n = 0;
            while (sw.Elapsed < Budget)
            {
                int i = rng.Next(64), j = rng.Next(64);
                using var row = shared[i];
                using var col = shared[.., j];
                using var t2 = shared.T;
                using var back = t2[SliceIndex.Slice(step: -3), 5..];
                using var r = shared.Reshape(32, 128);
                if (row.Get(j) != i * 64 + j) throw new InvalidOperationException($"row {i}[{j}] = {row.Get(j)}");
                if (col.Get(i) != i * 64 + j) throw new InvalidOperationException($"col {j}[{i}] = {col.Get(i)}");
                if (t2.Get(j, i) != i * 64 + j) throw new InvalidOperationException("transpose");
                var span = shared.AsReadOnlyNDSpan()[i, j];
                if (span.At() != i * 64 + j) throw new InvalidOperationException("span");
                using var own = NDArray<int>.Zeros(rng.Next(1, 500));
                using var ownView = own[1..];
                using var copy = back.Copy();
                n++;
            }
            Interlocked.Add(ref iterations, n);
        });
        TestContext.Out.WriteLine($"{iterations} iterations on {Threads} threads");
        Assert.That(iterations, Is.GreaterThan(100));
        Assert.That(buffer.Leases, Is.EqualTo(2), "every view's lease came back exactly once");
        owner.Dispose();
        Assert.That(buffer.IsFreed, Is.False);
        shared.Dispose();
        Assert.That(buffer.IsFreed, Is.True);
        var end = AllocationTracker.Snapshot();
        Assert.That(end.LiveBytes, Is.EqualTo(start.LiveBytes));
        Assert.That(end.LiveBuffers, Is.EqualTo(start.LiveBuffers));
    }

    /// <summary>Every thread holds its own view, the owner is disposed mid-run: the last view to go frees the buffer, once.</summary>
    [Test]
    public void OwnerDisposedWhileThreadsWorkOnTheirViews()
    {
        var start = AllocationTracker.Snapshot();
        for (int round = 0; round < 20; round++)
        {
            var owner = NDArray<long>.Zeros(1000);
            var buffer = owner.Buffer;
            var views = Enumerable.Range(0, Threads).Select(t => owner[(t * 100)..((t + 1) * 100)]).ToArray();
            using var disposeNow = new Barrier(Threads + 1);
            var disposer = new Thread(() => { disposeNow.SignalAndWait(); owner.Dispose(); });
            disposer.Start();
            RunThreads(Threads, t =>
            {
                var mine = views[t];
                disposeNow.SignalAndWait();
                for (int k = 0; k < 200; k++)
                {
                    using var v = mine[(k % 100)..];
                    v.Fill(t);
                    if (v.Get(0) != t) throw new InvalidOperationException("lost a write");
                }
                mine.Dispose();
            });
            disposer.Join();
            Assert.That(buffer.IsFreed, Is.True, $"round {round}");
            Assert.That(buffer.Leases, Is.Zero, $"round {round}");
        }
        var end = AllocationTracker.Snapshot();
        Assert.That(end.LiveBytes, Is.EqualTo(start.LiveBytes));
        Assert.That(end.LiveBuffers, Is.EqualTo(start.LiveBuffers));
    }

    [Test]
    public void ConcurrentDisposeOfTheSameArrayReturnsOneLease()
    {
        var owner = NDArray<int>.Zeros(10);
        for (int round = 0; round < 200; round++)
        {
            var view = owner[1..];
            RunThreads(Threads, _ => view.Dispose());
            Assert.That(owner.Buffer.Leases, Is.EqualTo(1), $"round {round}");
        }
        var buffer = owner.Buffer;
        RunThreads(Threads, _ => owner.Dispose());
        Assert.That(buffer.IsFreed, Is.True);
    }

    /// <summary>
    /// Copies running on one thread while another disposes the last lease: each copy finishes with the right values or
    /// throws ObjectDisposedException; none reads freed memory, and the memory is freed exactly once.
    /// </summary>
    [Test]
    public void DisposeRacingCopies()
    {
        var start = AllocationTracker.Snapshot();
        long completed = 0;
        for (int round = 0; round < 100; round++)
        {
            var a = NDArray.Arange(0.0, 20000.0, 1.0);
            var buffer = a.Buffer;
            using var go = new Barrier(2);
            Exception? unexpected = null;
            bool refused = false;
            var copier = new Thread(() =>
            {
                go.SignalAndWait();
                try
                {
                    while (true)
                    {
                        using var r = a.Copy();
                        if (r.Get(19999) != 19999.0 || r.Get(777) != 777.0) throw new InvalidOperationException("copy read wrong data");
                        Interlocked.Increment(ref completed);
                    }
                }
                catch (ObjectDisposedException) { refused = true; }
                catch (Exception e) { unexpected = e; }
            });
            copier.Start();
            go.SignalAndWait();
            Thread.Sleep(round % 3);
            a.Dispose();
            copier.Join();
            Assert.That(unexpected, Is.Null, unexpected?.ToString());
            Assert.That(refused, Is.True);
            Assert.That(buffer.IsFreed, Is.True);
        }
        TestContext.Out.WriteLine($"{completed} copies completed before the disposes");
        var end = AllocationTracker.Snapshot();
        Assert.That(end.LiveBytes, Is.EqualTo(start.LiveBytes));
        Assert.That(end.LiveBuffers, Is.EqualTo(start.LiveBuffers));
        // A copy refused after its destination was allocated frees that destination at once.
        Assert.That(end.TotalAllocations - start.TotalAllocations, Is.InRange(100 + completed, 200 + completed));
    }

    [Test]
    public void TrackerCountersStayConsistentUnderConcurrentCopies()
    {
        var start = AllocationTracker.Snapshot();
        using var a = NDArray.Arange(0f, 100f, 1f);
        using var t = a[SliceIndex.Slice(step: -1)];
        const int PerThread = 300;
        RunThreads(Threads, _ =>
        {
            for (int i = 0; i < PerThread; i++)
            {
                using var c = t.AsContiguous();
                var arr = t.ToArray();
                if (arr[0] != 99f) throw new InvalidOperationException("ToArray");
            }
        });
        var end = AllocationTracker.Snapshot();
        Assert.That(end.CopiesOf("AsContiguous") - start.CopiesOf("AsContiguous"), Is.EqualTo(Threads * PerThread));
        Assert.That(end.CopiesOf("ToArray") - start.CopiesOf("ToArray"), Is.EqualTo(Threads * PerThread));
        Assert.That(end.TotalAllocations - start.TotalAllocations, Is.EqualTo(1 + Threads * PerThread));
        Assert.That(end.LiveBytes - start.LiveBytes, Is.EqualTo(400));
    }
}
