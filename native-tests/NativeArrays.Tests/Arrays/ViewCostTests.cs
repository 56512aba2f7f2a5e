namespace NativeArrays.Tests.Arrays;

/// <summary>Measures the managed bytes a view costs (the README quotes these numbers).</summary>
[NonParallelizable]
public class ViewCostTests
{
    private static double BytesPerView(Func<int, NDArray<float>> make, int count)
    {
        var views = new NDArray<float>[count];
        for (int i = 0; i < 16; i++) make(i).Dispose(); // warm-up: JIT, caches
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < count; i++) views[i] = make(i);
        long after = GC.GetAllocatedBytesForCurrentThread();
        foreach (var v in views) v.Dispose();
        return (after - before) / (double)count;
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(4)]
    public void SameShapeViewsShareTheirLayout(int rank)
    {
        nint[] shape = Enumerable.Repeat((nint)8, rank).ToArray();
        using var a = NDArray<float>.Zeros(shape);
        // Views of equal shape and strides at different offsets: the layout object is shared.
        double perView = BytesPerView(i => a[i % 8], 1000);
        TestContext.Out.WriteLine($"rank {rank} source, sliced view, shared layout: {perView} B per view");
        Assert.That(perView, Is.LessThanOrEqualTo(48 + 0.5));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(4)]
    public void DistinctShapeViewsPayForTheirLayout(int rank)
    {
        nint[] shape = rank switch { 1 => [4000], 2 => [4000, 3], _ => [4000, 3, 3, 3] };
        using var a = NDArray<float>.Zeros(shape);
        // Each measured view has a new length along axis 0, so each needs its own layout object
        // (warm-up uses lengths above 3000, the measured ones 100..1099).
        var views = new NDArray<float>[1000];
        for (int i = 0; i < 16; i++) a.Slice(SliceIndex.Slice(0, 3000 + i)).Dispose();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < views.Length; i++) views[i] = a.Slice(SliceIndex.Slice(0, 100 + i));
        long after = GC.GetAllocatedBytesForCurrentThread();
        foreach (var v in views) v.Dispose();
        double perView = (after - before) / (double)views.Length;
        nint expected = 48 + 40 + 24 + 16 * rank; // NDArray + NDLayout + nint[2*rank] (24 B header and length)
        TestContext.Out.WriteLine($"rank {rank}, distinct layout: {perView} B per view (model {expected})");
        Assert.That(perView, Is.EqualTo((double)expected).Within(0.5));
    }

    [Test]
    public void NDSpanViewsAllocateNothing()
    {
        using var a = NDArray<float>.Zeros(16, 16);
        static float Work(NDArray<float> a)
        {
            var s = a.AsNDSpan();
            var v = s[1.., SliceIndex.Slice(step: -2)].Transpose()[3, 2..5];
            var flat = s.Reshape(-1)[SliceIndex.Slice(step: 17)];
            v.At(1) = 3f;
            return v.At(1) + flat.At(0) + s.Flip(0).Diagonal().At(0) + s.SwapAxes(0, 1).ExpandDims(0).Squeeze().At(0, 0);
        }
        Work(a);
        long before = GC.GetAllocatedBytesForCurrentThread();
        float r = 0;
        for (int i = 0; i < 100; i++) r += Work(a);
        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.That(after - before, Is.Zero, "NDSpan view operations must not allocate");
        Assert.That(r, Is.EqualTo(300f));
    }
}
