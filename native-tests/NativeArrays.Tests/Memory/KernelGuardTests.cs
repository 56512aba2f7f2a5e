using NativeArrays.Memory;

namespace NativeArrays.Tests.Allocator;

/// <summary>
/// The per-thread hazard record of a kernel call (<see cref="KernelGuard"/>): while a guard holds a buffer a dispose
/// never frees it, the guard's end frees it at once (not later), a dispose with no holder frees at once, a disposed
/// buffer is refused with nothing left held, nesting (and mixing with kernel references) keeps the outermost holder's
/// hold, a thread that ends leaves nothing held and its record is reused; and stresses of the two windows (entering
/// against a dispose, leaving against a dispose) on several threads.
/// </summary>
[TestFixture, NonParallelizable]
public class KernelGuardTests : BufferCacheOffFixture
{
    private static GuardedBuffer Guarded(NativeBuffer buffer) => new(buffer, buffer.Id);

    private static (long Bytes, long Buffers) Live()
    {
        var s = AllocationTracker.Snapshot();
        return (s.LiveBytes, s.LiveBuffers);
    }

    [Test]
    public void AGuardDefersTheFreeToItsEndAndNoLater()
    {
        var start = Live();
        var a = NDArray.Arange(0f, 16f, 1f);
        var buffer = a.Buffer;
        var guard = KernelGuard.Enter(Guarded(buffer));
        Assert.That(guard.Refused, Is.EqualTo(-1));
        a.Dispose();
        Assert.That(buffer.IsFreed, Is.False, "the guard holds the buffer");
        Assert.That(Live().Buffers, Is.EqualTo(start.Buffers + 1));
        guard.Dispose();
        Assert.That(buffer.IsFreed, Is.True, "the guard's end frees it");
        Assert.That(Live(), Is.EqualTo(start));
        guard.Dispose();
        Assert.That(KernelGuard.SlotsInUse(), Is.EqualTo(0));
    }

    [Test]
    public void ADisposeWithNoHolderFreesAtOnceAndTheBufferIsRefused()
    {
        var start = Live();
        var a = NDArray.Arange(0f, 16f, 1f);
        var b = NDArray.Arange(0f, 16f, 1f);
        var buffer = a.Buffer;
        using (var g = KernelGuard.Enter(Guarded(b.Buffer), Guarded(buffer))) Assert.That(g.Refused, Is.EqualTo(-1));
        a.Dispose();
        Assert.That(buffer.IsFreed, Is.True, "no guard holds it: freed by the dispose");
        using (var g = KernelGuard.Enter(Guarded(b.Buffer), default, Guarded(buffer)))
        {
            Assert.That(g.Refused, Is.EqualTo(2), "the disposed buffer is refused, by its place");
            Assert.That(KernelGuard.SlotsInUse(), Is.EqualTo(0), "a refused guard holds nothing");
        }
        var held = b.Buffer;
        b.Dispose();
        Assert.That(held.IsFreed, Is.True, "the refusal did not keep the other buffer");
        Assert.That(Live(), Is.EqualTo(start));
    }

    [Test]
    public void NestedGuardsAndKernelReferencesFreeWithTheLastHolder()
    {
        var start = Live();
        var a = NDArray.Arange(0f, 16f, 1f);
        var b = NDArray.Arange(0f, 16f, 1f);
        var buffer = a.Buffer;
        var outer = KernelGuard.Enter(Guarded(buffer));
        var inner = KernelGuard.Enter(Guarded(b.Buffer), Guarded(buffer), Guarded(buffer));
        Assert.That(buffer.TryAcquireKernelRef(buffer.Id), Is.True);
        a.Dispose();
        inner.Dispose();
        Assert.That(buffer.IsFreed, Is.False, "the outer guard and the kernel reference hold it");
        outer.Dispose();
        Assert.That(buffer.IsFreed, Is.False, "the kernel reference holds it");
        buffer.ReleaseKernelRef();
        Assert.That(buffer.IsFreed, Is.True, "the last holder frees it");

        // The other order: the kernel reference goes first, the guard last.
        var c = NDArray.Arange(0f, 16f, 1f);
        var second = c.Buffer;
        Assert.That(second.TryAcquireKernelRef(second.Id), Is.True);
        var guard = KernelGuard.Enter(Guarded(second));
        c.Dispose();
        second.ReleaseKernelRef();
        Assert.That(second.IsFreed, Is.False, "the guard holds it");
        guard.Dispose();
        Assert.That(second.IsFreed, Is.True);
        b.Dispose();
        Assert.That(Live(), Is.EqualTo(start));
    }

    [Test]
    public void DeepNestingGrowsTheRecordAndKeepsTheOuterHold()
    {
        var start = Live();
        var a = NDArray.Arange(0f, 16f, 1f);
        var buffer = a.Buffer;
        var outer = KernelGuard.Enter(Guarded(buffer));
        // 12 more levels of four slots each: more than the record's first 16 slots.
        Nest(12, buffer, a);
        Assert.That(buffer.IsFreed, Is.False, "the outermost guard still holds it");
        outer.Dispose();
        Assert.That(buffer.IsFreed, Is.True);
        Assert.That(KernelGuard.SlotsInUse(), Is.EqualTo(0));
        Assert.That(Live(), Is.EqualTo(start));

        static void Nest(int depth, NativeBuffer buffer, NDArray<float> array)
        {
            using var g = KernelGuard.Enter(default, Guarded(buffer), default, Guarded(buffer));
            Assert.That(g.Refused, Is.EqualTo(-1));
            if (depth > 1) Nest(depth - 1, buffer, array);
            else array.Dispose();
            Assert.That(buffer.IsFreed, Is.False);
        }
    }

    [Test]
    public void AThreadThatEndsLeavesNothingHeldAndItsRecordIsReused()
    {
        using var a = NDArray.Arange(0f, 16f, 1f);
        using var b = NDArray.Ones<float>(16);
        using var d = NDArray<float>.Zeros(16);
        NDArray.Add(a, b, d);
        int records = -1;
        for (int i = 0; i < 20; i++)
        {
            var t = new Thread(() =>
            {
                NDArray.Add(a, b, d);
                NDArray.Add(a.AsReadOnlyNDSpan(), b.AsReadOnlyNDSpan(), d.AsNDSpan());
                NDArray.Exp(a, d);
                Assert.Throws<ArgumentNullException>(() => NDArray.Add(a, b, null!).Dispose());
            });
            t.Start();
            t.Join();
            Assert.That(KernelGuard.SlotsInUse(), Is.EqualTo(0), "the ended thread holds nothing");
            if (i == 0) records = KernelGuard.Records;
        }
        Assert.That(KernelGuard.Records, Is.EqualTo(records), "each new thread adopted the record of an ended one");
    }

    [Test]
    public void AThrowingCallLeavesNothingHeld()
    {
        using var a = NDArray.Arange(0f, 6f, 1f);
        using var b = NDArray.Ones<float>(3);
        using var d = NDArray<float>.Zeros(6);
        Assert.That(() => NDArray.Add(a, b, d), Throws.TypeOf<ArgumentException>());
        Assert.That(() => NDArray.Add(a.AsReadOnlyNDSpan(), b.AsReadOnlyNDSpan(), d.AsNDSpan()), Throws.TypeOf<ArgumentException>());
        Assert.That(KernelGuard.SlotsInUse(), Is.EqualTo(0));
    }

    /// <summary>
    /// The leaving window: a holder thread ends its guard at a random moment while another thread disposes the buffer at
    /// a random moment. The buffer is never freed while the guard is held, and it is always freed once both are done
    /// (the guard's end frees it when the dispose came first: no free is lost or late). Two holders at once, too.
    /// </summary>
    [TestCase(1, false), TestCase(2, false), TestCase(1, true), TestCase(2, true)]
    public void LeavingAGuardRacingADisposeNeverFreesEarlyOrLate(int holders, bool unfenced)
    {
        var start = Live();
        var random = new Random(7 + holders);
        int freedUnderGuard = 0, freedLate = 0;
        for (int round = 0; round < 1500; round++)
        {
            var a = NDArray.Arange(0f, 4f, 1f);
            var buffer = a.Buffer;
            int[] spins = [.. Enumerable.Range(0, holders + 1).Select(_ => random.Next(400))];
            using var entered = new CountdownEvent(holders);
            using var go = new ManualResetEventSlim();
            var threads = Enumerable.Range(0, holders).Select(h => new Thread(() =>
            {
                if (unfenced) KernelGuard.EnterUnfencedModeForTests();
                using (var g = KernelGuard.Enter(Guarded(buffer)))
                {
                    entered.Signal();
                    go.Wait();
                    Thread.SpinWait(spins[h]);
                    if (buffer.IsFreed) Interlocked.Increment(ref freedUnderGuard);
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            entered.Wait();
            go.Set();
            Thread.SpinWait(spins[holders]);
            a.Dispose();
            threads.ForEach(t => t.Join());
            if (!buffer.IsFreed) freedLate++;
        }
        Assert.That(freedUnderGuard, Is.EqualTo(0), "never freed while a guard holds it");
        Assert.That(freedLate, Is.EqualTo(0), "freed by the last holder's end or the dispose, never left");
        Assert.That(KernelGuard.SlotsInUse(), Is.EqualTo(0));
        Assert.That(Live(), Is.EqualTo(start));
    }

    /// <summary>
    /// The entering window: two threads enter and leave guards on one buffer in a loop, reading and writing its memory
    /// through a kernel, while the main thread disposes it at a random moment. Every entry either passes (and the memory
    /// is not freed until it leaves) or is refused; the buffer is freed when both threads stop.
    /// </summary>
    [TestCase(false), TestCase(true)]
    public void EnteringGuardsRacingADisposeNeverRunOnFreedMemory(bool unfenced)
    {
        var start = Live();
        var random = new Random(21);
        long passed = 0, refused = 0, freedUnderGuard = 0;
        for (int round = 0; round < 300; round++)
        {
            var a = NDArray.Arange(0f, 8f, 1f);
            var buffer = a.Buffer;
            using var go = new Barrier(3);
            var threads = Enumerable.Range(0, 2).Select(w => new Thread(() =>
            {
                if (unfenced) KernelGuard.EnterUnfencedModeForTests();
                go.SignalAndWait();
                while (true)
                {
                    using var g = KernelGuard.Enter(Guarded(buffer));
                    if (g.Refused >= 0) { Interlocked.Increment(ref refused); return; }
                    if (buffer.IsFreed) Interlocked.Increment(ref freedUnderGuard);
                    Interlocked.Increment(ref passed);
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            go.SignalAndWait();
            Thread.SpinWait(random.Next(3000));
            a.Dispose();
            threads.ForEach(t => t.Join());
            Assert.That(buffer.IsFreed, Is.True, $"round {round}: freed when the guards stopped");
        }
        TestContext.Out.WriteLine($"{passed} entries passed, {refused} refused");
        Assert.That(freedUnderGuard, Is.EqualTo(0));
        Assert.That(refused, Is.EqualTo(600));
        Assert.That(KernelGuard.SlotsInUse(), Is.EqualTo(0));
        Assert.That(Live(), Is.EqualTo(start));
    }
    /// <summary>
    /// The unfenced mode (the only thread that uses guards enters without a fence): the owner's own retirements keep it;
    /// the first retirement on another thread ends it, but while a call that entered unfenced still runs, the record
    /// stays marked (retirers elsewhere fence before they scan) and that call's buffer is not freed under it; the owner's
    /// next entry with no call in flight clears the mark.
    /// </summary>
    [Test]
    public void TheUnfencedModeEndsAtTheFirstRetirementOnAnotherThreadAndWaitsForCallsInFlight()
    {
        var start = Live();
        var a = NDArray.Arange(0f, 8f, 1f);
        var buffer = a.Buffer;
        using var entered = new ManualResetEventSlim();
        using var disposed = new ManualResetEventSlim();
        (bool Fenced, bool Unfenced) before = default, afterOwn = default, inFlight = default, nested = default, next = default;
        bool freedUnderGuard = false;
        var owner = new Thread(() =>
        {
            KernelGuard.EnterUnfencedModeForTests();
            before = KernelGuard.ModeForTests();
            NDArray.Arange(0f, 4f, 1f).Dispose();          // a retirement on the owner's own thread
            afterOwn = KernelGuard.ModeForTests();
            using (var g = KernelGuard.Enter(Guarded(buffer)))
            {
                Assert.That(g.Refused, Is.EqualTo(-1));
                entered.Set();
                disposed.Wait();
                inFlight = KernelGuard.ModeForTests();
                using (KernelGuard.Enter(default)) nested = KernelGuard.ModeForTests();
                freedUnderGuard = buffer.IsFreed;
            }
            using (KernelGuard.Enter(default)) next = KernelGuard.ModeForTests();
        });
        owner.Start();
        entered.Wait();
        a.Dispose();                                        // a retirement on another thread, with the unfenced call in flight
        bool freedByDispose = buffer.IsFreed;
        disposed.Set();
        owner.Join();
        Assert.Multiple(() =>
        {
            Assert.That(before, Is.EqualTo((false, true)), "the owner entered the unfenced mode");
            Assert.That(afterOwn, Is.EqualTo((false, true)), "its own retirement keeps it");
            Assert.That(freedByDispose, Is.False, "the dispose saw the unfenced call's slot");
            Assert.That(inFlight, Is.EqualTo((true, true)), "the owner fences from then on; its call in flight keeps the mark");
            Assert.That(nested, Is.EqualTo((true, true)), "a nested entry (fenced) keeps it: the outer call entered unfenced");
            Assert.That(next, Is.EqualTo((true, false)), "the owner's next entry with no call in flight clears it");
            Assert.That(freedUnderGuard, Is.False);
            Assert.That(buffer.IsFreed, Is.True, "the call's end freed it");
            Assert.That(KernelGuard.UnfencedRecords, Is.EqualTo(0));
        });
        Assert.That(KernelGuard.SlotsInUse(), Is.EqualTo(0));
        Assert.That(Live(), Is.EqualTo(start));
    }

    /// <summary>A second thread entering a guard ends the unfenced mode of the first (it then fences on entry).</summary>
    [Test]
    public void ASecondThreadEnteringAGuardEndsTheUnfencedMode()
    {
        using var a = NDArray.Arange(0f, 8f, 1f);
        using var ready = new ManualResetEventSlim();
        using var registered = new ManualResetEventSlim();
        (bool Fenced, bool Unfenced) before = default, after = default;
        var owner = new Thread(() =>
        {
            KernelGuard.EnterUnfencedModeForTests();
            before = KernelGuard.ModeForTests();
            ready.Set();
            registered.Wait();
            after = KernelGuard.ModeForTests();
        });
        owner.Start();
        ready.Wait();
        var second = new Thread(() => { using var g = KernelGuard.Enter(Guarded(a.Buffer)); });
        second.Start();
        second.Join();
        registered.Set();
        owner.Join();
        Assert.That(before, Is.EqualTo((false, true)));
        Assert.That(after, Is.EqualTo((true, false)), "fenced, and no call of it was in flight");
    }

    /// <summary>
    /// The store-buffer window of entering, round after round: a holder thread enters a guard on each new buffer as soon
    /// as it is published while this thread disposes it after a random short spin. Entering stores the slot and then
    /// reads the closing bit; without a fence on either side (the holder unfenced, the disposer scanning without its
    /// barrier) the processor may let the read pass the store, and the dispose then frees memory under the guard. Every
    /// round either refuses the holder or keeps the memory until it leaves. Unfenced, the holder re-enters the mode
    /// every round, so every dispose is the one that ends it.
    /// </summary>
    [TestCase(false), TestCase(true)]
    public void EnteringRightAsADisposeScansNeverRunsOnFreedMemory(bool unfenced)
    {
        const int Rounds = 20_000;
        var start = Live();
        var random = new Random(5);
        NativeBuffer? published = null;
        long publishedId = 0, sequence = 0, ready = 0, finished = 0, freedUnderGuard = 0, passed = 0;
        (bool Fenced, bool Unfenced) mode = default;
        // This thread registers first, so the holder is not the process's first record (which would start unfenced).
        using (KernelGuard.Enter(default)) { }
        var holder = new Thread(() =>
        {
            if (unfenced) KernelGuard.EnterUnfencedModeForTests();
            using (KernelGuard.Enter(default)) mode = KernelGuard.ModeForTests();
            for (long seen = 1; seen <= Rounds; seen++)
            {
                // Unfenced again each round: the dispose below is the first retirement on another thread since, which
                // ends the mode (scanning after its process-wide barrier).
                if (unfenced) KernelGuard.EnterUnfencedModeForTests();
                Volatile.Write(ref ready, seen);
                while (Volatile.Read(ref sequence) < seen) { }
                var buffer = Volatile.Read(ref published)!;
                using (var g = KernelGuard.Enter(new GuardedBuffer(buffer, Volatile.Read(ref publishedId))))
                {
                    if (g.Refused < 0)
                    {
                        passed++;
                        Thread.SpinWait(20);
                        if (buffer.IsFreed) freedUnderGuard++;
                    }
                }
                Volatile.Write(ref finished, seen);
            }
        });
        holder.Start();
        for (long round = 1; round <= Rounds; round++)
        {
            while (Volatile.Read(ref ready) < round) { }
            var a = NDArray.Arange(0f, 4f, 1f);
            Volatile.Write(ref publishedId, a.Buffer.Id);
            Volatile.Write(ref published, a.Buffer);
            Volatile.Write(ref sequence, round);
            Thread.SpinWait(random.Next(40));
            a.Dispose();
            while (Volatile.Read(ref finished) < round) { }
        }
        holder.Join();
        TestContext.Out.WriteLine($"{passed} of {Rounds} entries passed");
        Assert.That(mode, Is.EqualTo(unfenced ? (false, true) : (true, false)));
        Assert.That(freedUnderGuard, Is.EqualTo(0));
        Assert.That(KernelGuard.SlotsInUse(), Is.EqualTo(0));
        Assert.That(Live(), Is.EqualTo(start));
    }
}
