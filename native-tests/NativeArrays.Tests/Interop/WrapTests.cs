using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NativeArrays.Inspection;
using NativeArrays.Memory;

namespace NativeArrays.Tests.Interop;

[NonParallelizable]
public unsafe class WrapTests
{
    /// <summary>Foreign memory with a release that frees it and counts the calls.</summary>
    private sealed class Foreign
    {
        public readonly double* Block;
        public readonly int Length;
        public int Releases;
        public Foreign(int length)
        {
            Length = length;
            Block = (double*)NativeMemory.Alloc((nuint)(length * sizeof(double)));
            for (int i = 0; i < length; i++) Block[i] = i;
        }
        public void Release()
        {
            Interlocked.Increment(ref Releases);
            NativeMemory.Free(Block);
        }
    }

    private sealed class CountingHandle : SafeHandle
    {
        public int Releases;
        public CountingHandle(nint p) : base(0, ownsHandle: true) => SetHandle(p);
        public override bool IsInvalid => handle == 0;
        protected override bool ReleaseHandle()
        {
            Interlocked.Increment(ref Releases);
            NativeMemory.Free((void*)handle);
            return true;
        }
    }

    [Test]
    public void Wrap_SharesForeignMemory_AndReleasesOnceWhenTheLastLeaseGoes()
    {
        var before = AllocationTracker.Snapshot();
        var f = new Foreign(12);
        var a = NDArray<double>.Wrap((nint)f.Block, [3, 4], [4, 1], f.Release);
        var view = a[1..];
        Assert.That(a.Buffer.Kind, Is.EqualTo(NativeBufferKind.External));
        Assert.That(a.Get(2, 3), Is.EqualTo(11.0));
        a.Set([0, 0], -5.0);
        Assert.That(f.Block[0], Is.EqualTo(-5.0), "no copy: writes land in the foreign memory");
        var during = AllocationTracker.Snapshot();
        Assert.That(during.LiveExternalBytes - before.LiveExternalBytes, Is.EqualTo(96));
        Assert.That(during.LiveBytes, Is.EqualTo(before.LiveBytes), "foreign bytes are not counted as our heap bytes");
        a.Dispose();
        Assert.That(f.Releases, Is.Zero, "a view still holds the buffer");
        Assert.That(view.Get(1, 3), Is.EqualTo(11.0));
        view.Dispose();
        view.Dispose();
        Assert.That(f.Releases, Is.EqualTo(1));
        Assert.That(AllocationTracker.Snapshot().LiveExternalBytes, Is.EqualTo(before.LiveExternalBytes));
    }

    [Test]
    public void Wrap_NegativeStrides_CoverTheExtentBelowThePointer()
    {
        var f = new Foreign(6);
        // Element (0, 0) at the last element, both axes walking backwards: [[5, 4, 3], [2, 1, 0]].
        using (var a = NDArray<double>.Wrap((nint)(f.Block + 5), [2, 3], [-3, -1], f.Release))
        {
            Assert.That(a.ToArray(), Is.EqualTo(new[] { 5.0, 4, 3, 2, 1, 0 }));
            Assert.That(a.Buffer.Address, Is.EqualTo((nint)f.Block));
            Assert.That(a.Buffer.ByteLength, Is.EqualTo((nint)48));
            Assert.That(a.Offset, Is.EqualTo((nint)5));
        }
        Assert.That(f.Releases, Is.EqualTo(1));
    }

    [Test]
    public void Wrap_SafeHandleOwner_IsDisposedOnce_AndCannotFreeUnderTheArray()
    {
        var p = (nint)NativeMemory.Alloc(16 * sizeof(float));
        new Span<float>((void*)p, 16).Fill(3f);
        var owner = new CountingHandle(p);
        var a = NDArray<float>.Wrap(p, [16], [1], owner);
        owner.Dispose(); // the array holds the handle's reference count: the memory stays
        Assert.That(owner.Releases, Is.Zero);
        Assert.That(a.Sum(), Is.EqualTo(48f));
        a.Dispose();
        Assert.That(owner.Releases, Is.EqualTo(1));
        Assert.Throws<ObjectDisposedException>(() => NDArray<float>.Wrap(p, [16], [1], owner));
    }

    [Test]
    public void Wrap_ZeroStride_IsReadOnly()
    {
        var f = new Foreign(3);
        using var a = NDArray<double>.Wrap((nint)f.Block, [4, 3], [0, 1], f.Release);
        Assert.That(a.IsReadOnly, Is.True);
        Assert.Throws<InvalidOperationException>(() => a.Set([0, 0], 1.0));
        Assert.That(a.Buffer.ByteLength, Is.EqualTo((nint)24));
    }

    [Test]
    public void Wrap_BadInput_ThrowsAndLeavesOwnershipWithTheCaller()
    {
        int calls = 0;
        var f = new Foreign(4);
        Action release = () => calls++;
        var e1 = Assert.Throws<ArgumentException>(() => NDArray<double>.Wrap(0, [4], [1], release));
        Assert.That(e1!.Message, Does.Contain("null"));
        var e2 = Assert.Throws<ArgumentException>(() => NDArray<double>.Wrap((nint)f.Block + 1, [4], [1], release));
        Assert.That(e2!.Message, Does.Contain("aligned"));
        var e3 = Assert.Throws<ArgumentException>(() => NDArray<double>.Wrap((nint)f.Block, [2, 2], [1], release));
        Assert.That(e3!.Message, Does.Contain("(2, 2)").And.Contain("(1,)"));
        Assert.Throws<ArgumentException>(() => NDArray<double>.Wrap((nint)f.Block, [-1], [1], release));
        Assert.Throws<ArgumentOutOfRangeException>(() => NDArray<double>.Wrap((nint)f.Block, [3], [nint.MaxValue], release));
        Assert.Throws<ArgumentNullException>(() => NDArray<double>.Wrap((nint)f.Block, [4], [1], (Action)null!));
        Assert.That(calls, Is.Zero);
        f.Release();
    }

    [Test]
    public void Release_IsCalledExactlyOnce_UnderRacingDisposesAndFinalization()
    {
        bool writeLeaks = AllocationTracker.WriteLeaksToStandardError;
        AllocationTracker.WriteLeaksToStandardError = false;
        try
        {
            const int N = 200;
            var foreign = new Foreign[N];
            for (int i = 0; i < N; i++) foreign[i] = new Foreign(8);
            // Racing disposes: owner and view disposed from two threads at once.
            Parallel.For(0, N / 2, i =>
            {
                var a = NDArray<double>.Wrap((nint)foreign[i].Block, [8], [1], foreign[i].Release);
                var v = a[2..];
                var t = Task.Run(() => v.Dispose());
                a.Dispose();
                a.Dispose();
                t.Wait();
            });
            // Finalization: arrays dropped without Dispose (their buffers' finalizers release them).
            DropWrapped(foreign, N / 2, N);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Assert.That(foreign.Select(f => Volatile.Read(ref f.Releases)), Is.All.EqualTo(1));
        }
        finally
        {
            AllocationTracker.WriteLeaksToStandardError = writeLeaks;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "NA0001", Justification = "Leaks on purpose: the test checks that the finalizer releases each dropped wrapped block once.")]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "NA0003", Justification = "Leaks on purpose: the test checks that the finalizer releases each dropped wrapped block once.")]
    private static void DropWrapped(Foreign[] foreign, int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            var a = NDArray<double>.Wrap((nint)foreign[i].Block, [8], [1], foreign[i].Release);
            _ = a[1..];
        }
    }

    [Test]
    public void Inspector_ShowsTheExternalBuffer_ApartFromNativeBytes()
    {
        var f = new Foreign(1000);
        using var a = NDArray<double>.Wrap((nint)f.Block, [1000], [1], f.Release);
        var report = HeapSnapshot.Capture();
        var b = report.Buffer(a.Buffer.Id);
        Assert.That(b, Is.Not.Null);
        Assert.That(b!.Kind, Is.EqualTo("external"));
        Assert.That(b.Bytes, Is.EqualTo(8000));
        Assert.That(report.NativeBytes, Is.EqualTo(report.Buffers.Where(x => x.Kind == "heap").Sum(x => x.Bytes)));
    }
}
