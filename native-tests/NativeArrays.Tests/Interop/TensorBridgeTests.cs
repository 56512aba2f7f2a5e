using System.Numerics.Tensors;
using NativeArrays.Memory;

namespace NativeArrays.Tests.Interop;

public class TensorBridgeTests
{
    private static NDArray<float> Grid(out NDArray<float> owner)
    {
        owner = NDArray.Arange(24f);
        return owner.Reshape(4, 6);
    }

    /// <summary>Every element of <paramref name="a"/> equals the span's element at the same index (2-d).</summary>
    private static void AssertSameElements(NDArray<float> a, ReadOnlyTensorSpan<float> span)
    {
        Assert.That(span.Lengths.ToArray(), Is.EqualTo(a.Shape.ToArray()));
        for (nint i = 0; i < a.Shape[0]; i++)
            for (nint j = 0; j < a.Shape[1]; j++)
                Assert.That(span[i, j], Is.EqualTo(a.Get(i, j)), $"element ({i}, {j})");
    }

    [Test]
    public void TryAsTensorSpan_IsZeroCopy_ForC_F_RowGaps_AndZeroStrides()
    {
        using var owner = NDArray.Arange(24f);
        using var c = owner.Reshape(4, 6);
        using var f = c.T;                               // F order
        using var gaps = c[.., 1..4];                    // rows with gaps
        using var steps = c[SliceIndex.Slice(step: 2), SliceIndex.Slice(step: 3)];
        using var row = c[1];
        using var broadcast = row.BroadcastTo(3, 6);     // zero stride (read-only)
        foreach (var a in new[] { c, f, gaps, steps })
        {
            Assert.That(a.TryAsTensorSpan(out TensorSpan<float> span, out string? reason), Is.True, reason);
            Assert.That(span.Strides.ToArray(), Is.EqualTo(a.Strides.ToArray()));
            AssertSameElements(a, span);
            span[0, 1] = -1f;                             // writes land in the array: no copy
            Assert.That(a.Get(0, 1), Is.EqualTo(-1f));
        }
        Assert.That(broadcast.TryAsTensorSpan(out _, out string? roReason), Is.False);
        Assert.That(roReason, Does.Contain("read-only"));
        Assert.That(broadcast.TryAsReadOnlyTensorSpan(out ReadOnlyTensorSpan<float> ro, out string? r2), Is.True, r2);
        Assert.That(ro.Strides.ToArray(), Is.EqualTo(new nint[] { 0, 1 }));
        AssertSameElements(broadcast, ro);
        Assert.That(AllocationTracker.Snapshot().CopiesOf("TryAsTensorSpan"), Is.Zero);
    }

    [Test]
    public void TryAsTensorSpan_Refusals_NameTheLayout()
    {
        using var owner = NDArray.Arange(24f);
        using var c = owner.Reshape(4, 6);
        using var flipped = c[.., SliceIndex.Slice(step: -1)];
        Assert.That(flipped.TryAsTensorSpan(out _, out string? neg), Is.False);
        Assert.That(neg, Does.Contain("negative strides").And.Contain("(4, 6)").And.Contain("(6, -1)"));

        using var empty = NDArray<float>.Zeros(3, 0);
        Assert.That(empty.TryAsReadOnlyTensorSpan(out _, out string? zero), Is.False);
        Assert.That(zero, Does.Contain("zero-length").And.Contain("(3, 0)"));

        // Overlapping strides: a sliding window (4, 3) with strides (1, 1) over 6 elements.
        var f = new float[6];
        unsafe
        {
            fixed (float* p = f)
            {
                using var window = NDArray<float>.Wrap((nint)p, [4, 3], [1, 1], () => { });
                Assert.That(window.TryAsTensorSpan(out _, out string? overlap), Is.False);
                Assert.That(overlap, Does.Contain("same element").And.Contain("(1, 1)"));
            }
        }
        using var scalar = NDArray<float>.Scalar(1f);
        Assert.That(scalar.TryAsTensorSpan(out _, out string? zeroD), Is.False);
        Assert.That(zeroD, Does.Contain("0-d"));
    }

    [Test]
    public void ToTensor_And_FromTensor_AreCountedCopies()
    {
        using var owner = NDArray.Arange(24f);
        using var c = owner.Reshape(4, 6);
        using var t = c[SliceIndex.Slice(step: -1), 1..3];
        var before = AllocationTracker.Snapshot();
        Tensor<float> tensor = t.ToTensor();
        Assert.That(tensor.Lengths.ToArray(), Is.EqualTo(new nint[] { 4, 2 }));
        AssertSameElements(t, tensor.AsReadOnlyTensorSpan());
        tensor[0, 0] = 100f;
        Assert.That(t.Get(0, 0), Is.EqualTo(19f), "ToTensor copies");
        using var back = NDArray<float>.FromTensor(tensor);
        Assert.That(back.Get(0, 0), Is.EqualTo(100f));
        Assert.That(back.Get(3, 1), Is.EqualTo(t.Get(3, 1)));
        tensor[1, 1] = 7f;
        Assert.That(back.Get(1, 1), Is.Not.EqualTo(7f), "FromTensor copies");
        var after = AllocationTracker.Snapshot();
        Assert.That(after.CopiesOf("ToTensor") - before.CopiesOf("ToTensor"), Is.EqualTo(1));
        Assert.That(after.CopiesOf("FromTensor") - before.CopiesOf("FromTensor"), Is.EqualTo(1));

        // A strided tensor span (every other column) comes back with the right elements.
        var values = Enumerable.Range(0, 12).Select(i => (float)i).ToArray();
        var strided = new ReadOnlyTensorSpan<float>(values, 0, [3, 2], [4, 2]);
        using var fromStrided = NDArray<float>.FromTensor(strided);
        Assert.That(fromStrided.ToArray(), Is.EqualTo(new[] { 0f, 2, 4, 6, 8, 10 }));
        using var scalar = NDArray<float>.Scalar(1f);
        Assert.Throws<InvalidOperationException>(() => scalar.ToTensor());
    }

    [Test]
    public void UseTensorView_SharesTheTensorsMemory_AndIsInvalidatedAfterTheCallback()
    {
        var tensor = Tensor.Create(Enumerable.Range(0, 12).Select(i => (double)i).ToArray(), [3, 4]);
        var before = AllocationTracker.Snapshot();
        NDArray<double>? escaped = null;
        NDArray<double>? derived = null;
        bool writeLeaks = AllocationTracker.WriteLeaksToStandardError;
        AllocationTracker.WriteLeaksToStandardError = false;
        try
        {
            NDArray<double>.UseTensorView(tensor.AsTensorSpan(), view =>
            {
                escaped = view;
                Assert.That(view.Shape.ToArray(), Is.EqualTo(new nint[] { 3, 4 }));
                Assert.That(view.Buffer.Kind, Is.EqualTo(NativeBufferKind.External));
                Assert.That(view.Get(2, 3), Is.EqualTo(11.0));
                view.Set([1, 1], -3.0);
                derived = view[1..];                    // left undisposed on purpose: it must be invalidated too
                Assert.That(derived.Get(0, 1), Is.EqualTo(-3.0));
            });
        }
        finally
        {
            AllocationTracker.WriteLeaksToStandardError = writeLeaks;
        }
        Assert.That(tensor[1, 1], Is.EqualTo(-3.0), "writes through the view land in the tensor");
        Assert.Throws<ObjectDisposedException>(() => escaped!.Get(0, 0));
        Assert.Throws<ObjectDisposedException>(() => derived!.Get(0, 0));
        Assert.Throws<ObjectDisposedException>(() => derived!.AsSpan());
        Assert.Throws<ObjectDisposedException>(() => derived!.Fill(1.0));
        derived!.Dispose();
        var after = AllocationTracker.Snapshot();
        Assert.That(after.CopiesOf("FromTensor"), Is.EqualTo(before.CopiesOf("FromTensor")), "no copy");
        Assert.That(after.LiveExternalBytes, Is.EqualTo(before.LiveExternalBytes));
    }

    [Test]
    public void UseTensorView_ReadOnly_RefusesWrites()
    {
        var tensor = Tensor.Create(new[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        long sum = 0;
        NDArray<int>.UseTensorView(tensor.AsReadOnlyTensorSpan(), view =>
        {
            Assert.That(view.IsReadOnly, Is.True);
            Assert.Throws<InvalidOperationException>(() => view.Set([0, 0], 9));
            sum = view.Sum();
        });
        Assert.That(sum, Is.EqualTo(21));
        Assert.Throws<ArgumentNullException>(() => NDArray<int>.UseTensorView(tensor.AsReadOnlyTensorSpan(), null!));
    }
}
