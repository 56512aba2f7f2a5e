using NativeArrays.Kernels;

namespace NativeArrays.Tests.Kernels;

/// <summary>
/// The ordered walk and its resumable cursor (<see cref="NdCursor"/>), and the paths moved onto it: the pull
/// enumerator, ArgWhere, Put, take/put along an axis, mask assignment and Take — each on odd layouts (negative,
/// permuted, stepped, unit and broadcast axes), 0-d and empty arrays, against element-by-element references.
/// </summary>
public class OrderedWalkTests
{
    /// <summary>Views of one (3, 4, 5) arange in many layouts, each with a name for the failure message.</summary>
    private static IEnumerable<(string Name, Func<NDArray<int>, NDArray<int>> Make)> Layouts()
    {
        yield return ("contiguous", a => a[..]);
        yield return ("permuted", a => a.Permute(2, 0, 1));
        yield return ("flipped", a => a.Flip());
        yield return ("stepped", a => a[SliceIndex.Slice(null, null, -2), .., SliceIndex.Slice(1, null, 2)]);
        yield return ("unit axes", a => a.Reshape(3, 1, 4, 1, 5));
        yield return ("broadcast", a => Then(a[.., 1..2, ..], v => v.BroadcastTo(3, 4, 5)));
        yield return ("transposed reversed", a => Then(a.Permute(1, 2, 0), v => v.Flip(1)));
        yield return ("row", a => a[1, 2, ..]);
        yield return ("0-d", a => a[1, 2, 3]);
        yield return ("empty", a => a[.., 2..2, ..]);
    }

    /// <summary>A view of a view; the intermediate view is disposed (the result holds its own lease).</summary>
    private static NDArray<int> Then(NDArray<int> first, Func<NDArray<int>, NDArray<int>> next)
    {
        using (first) return next(first);
    }

    private static NDArray<int> Source() => NDArray<int>.FromArray(Enumerable.Range(0, 60).ToArray(), 3, 4, 5);

    /// <summary>Every multi-index of <paramref name="shape"/> in C order.</summary>
    private static IEnumerable<nint[]> Indices(ReadOnlySpan<nint> shape) => IndicesOf(shape.ToArray());

    private static IEnumerable<nint[]> IndicesOf(nint[] s)
    {
        long size = s.Aggregate(1L, (p, n) => p * n);
        for (long k = 0; k < size; k++)
        {
            var index = new nint[s.Length];
            long rest = k;
            for (int d = s.Length - 1; d >= 0; d--) { index[d] = (nint)(rest % s[d]); rest /= s[d]; }
            yield return index;
        }
    }

    /// <summary>The elements in C order, read one by one through Get (no walk of the library).</summary>
    private static int[] Reference(NDArray<int> v) => Indices(v.Shape).Select(i => v.Get(i)).ToArray();

    private unsafe struct Collect : IRowKernel
    {
        public List<int> Seen;
        public void Row(nint n, byte** p, long* s)
        {
            for (nint i = 0; i < n; i++) Seen.Add(*(int*)(p[0] + i * s[0]));
        }
    }

    [Test]
    public unsafe void CursorAndOrderedRangesVisitCOrder()
    {
        using var a = Source();
        foreach (var (name, make) in Layouts())
        {
            using var v = make(a);
            var expected = Reference(v);
            using var pin = v.Pin();
            IterationPlan plan = default;
            if (!plan.Begin(v.Shape, 1)) { Assert.That(expected, Is.Empty, name); continue; }
            plan.SetOperand(0, pin.Pointer, v.Strides, sizeof(int));
            plan.FinishOrdered();
            // The cursor row by row.
            var rows = new List<int>();
            NdCursor cursor = default;
            Assert.That(cursor.Seek(ref plan, 0), Is.Zero, name);
            long n = NdCursor.RowLength(ref plan), step = NdCursor.RowStride(ref plan, 0);
            do
            {
                for (long i = 0; i < n; i++) rows.Add(*(int*)(cursor.Row(0) + i * step));
            }
            while (cursor.NextRow(ref plan));
            Assert.That(rows, Is.EqualTo(expected), name + ": cursor rows");
            // Random access: every C-order position's address.
            for (int k = 0; k < expected.Length; k++)
                Assert.That(*(int*)cursor.Address(ref plan, k), Is.EqualTo(expected[k]), $"{name}: address of {k}");
            // Ranges that start and end inside rows, as parallel items do.
            for (int start = 0; start < expected.Length; start += 7)
            {
                int end = Math.Min(expected.Length, start + 11);
                var kernel = new Collect { Seen = [] };
                NdIterator.RunOrderedRange(ref plan, ref kernel, start, end);
                Assert.That(kernel.Seen, Is.EqualTo(expected[start..end]), $"{name}: range [{start}, {end})");
            }
        }
    }

    [Test]
    public void EnumeratorVisitsCOrderForEveryLayout()
    {
        using var a = Source();
        foreach (var (name, make) in Layouts())
        {
            using var v = make(a);
            var seen = new List<int>();
            foreach (int x in v) seen.Add(x);
            Assert.That(seen, Is.EqualTo(Reference(v)), name);
            using var e = v.GetEnumerator();
            for (int i = 0; i < seen.Count; i++) Assert.That(e.MoveNext(), Is.True);
            Assert.That(e.MoveNext() || e.MoveNext(), Is.False, name + ": stays at the end");
        }
    }

    [Test]
    public void EnumeratorOfAStridedViewAllocatesNothing()
    {
        using var a = Source();
        using var pv = a.Permute(2, 0, 1);
        using var v = pv.Flip(1);
        long warm = 0;
        foreach (int x in v) warm += x;
        long before = GC.GetAllocatedBytesForCurrentThread();
        long sum = 0;
        foreach (int x in v) sum += x;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(sum, Is.EqualTo(warm));
        Assert.That(allocated, Is.Zero, "the enumerator carries its plan and cursor by value");
    }

    [Test]
    public void ArgWhereOnEveryLayout()
    {
        using var a = Source();
        foreach (var (name, make) in Layouts())
        {
            using var v = make(a);
            var selected = Indices(v.Shape).Where(i => v.Get(i) % 3 != 0).ToArray();
            using var remainders = v % 3;
            using var where = NDArray.ArgWhere(remainders);
            Assert.That(where.Shape.ToArray(), Is.EqualTo(new nint[] { selected.Length, v.Rank }), name);
            Assert.That(where.ToArray(), Is.EqualTo(selected.SelectMany(i => i.Select(x => (long)x)).ToArray()), name);
        }
    }

    [Test]
    public void PutOnReversedAndTransposedViews()
    {
        foreach (var mode in new[] { PutMode.Raise, PutMode.Wrap, PutMode.Clip })
        {
            using var a = Source();
            using var pv = a.Permute(2, 0, 1);
            using var v = pv.Flip(0); // shape (5, 3, 4)
            nint[] flat = mode == PutMode.Raise ? [0, 59, -1, 17, 31] : [0, 64, -3, 17, 100];
            using var values = NDArray<int>.FromArray([-1, -2, -3, -4, -5]);
            var expected = Reference(v);
            for (int k = 0; k < flat.Length; k++)
            {
                nint f = flat[k];
                nint p = mode switch { PutMode.Wrap => ((f % 60) + 60) % 60, PutMode.Clip => Math.Clamp(f, 0, 59), _ => f < 0 ? f + 60 : f };
                expected[p] = -(k + 1);
            }
            v.Put(flat, values, mode);
            Assert.That(Reference(v), Is.EqualTo(expected), mode.ToString());
        }
    }

    [Test]
    public void TakeAndPutAlongAxisOfATransposedArray()
    {
        using var a = Source();
        using var pv = a.Permute(2, 0, 1);
        using var v = pv.Flip(2); // shape (5, 3, 4)
        var idxData = Enumerable.Range(0, 5 * 3 * 2).Select(i => (long)((i * 7 % 4) - (i % 3 == 0 ? 4 : 0))).ToArray();
        using var idx = NDArray<long>.FromArray(idxData, 5, 3, 2);
        using var taken = NDArray.TakeAlongAxis(v, idx, 2);
        var expected = Indices([5, 3, 2]).Select(i =>
        {
            long j = idx.Get(i);
            return v.Get(i[0], i[1], (nint)(j < 0 ? j + 4 : j));
        }).ToArray();
        Assert.That(taken.ToArray(), Is.EqualTo(expected));

        using var values = NDArray<int>.FromArray(Enumerable.Range(100, 30).ToArray(), 5, 3, 2);
        var after = Indices(v.Shape).ToDictionary(i => (i[0], i[1], i[2]), i => v.Get(i));
        foreach (var i in Indices([5, 3, 2])) // C order: later positions win
        {
            long j = idx.Get(i);
            after[(i[0], i[1], (nint)(j < 0 ? j + 4 : j))] = values.Get(i);
        }
        NDArray.PutAlongAxis(v, idx, values, 2);
        Assert.That(Reference(v), Is.EqualTo(Indices(v.Shape).Select(i => after[(i[0], i[1], i[2])]).ToArray()));
    }

    [Test]
    public void MaskAssignmentOnATransposedArray()
    {
        using var a = Source();
        using var v = a.T; // shape (5, 4, 3)
        using var remainders = v % 4;
        using var mask = NDArray.Equal(remainders, 1);
        var selected = Indices(v.Shape).Where(i => v.Get(i) % 4 == 1).ToArray();
        var expected = Reference(v);
        var positions = Indices(v.Shape).Select((i, k) => (i, k)).Where(p => v.Get(p.i) % 4 == 1).Select(p => p.k).ToArray();
        using var values = NDArray<int>.FromArray(Enumerable.Range(0, selected.Length).Select(k => -k - 1).ToArray());
        v.Assign(mask, values);
        for (int k = 0; k < positions.Length; k++) expected[positions[k]] = -k - 1;
        Assert.That(Reference(v), Is.EqualTo(expected));
        using var zeros = NDArray.Equal(v, 0);
        v.Assign(zeros, 7);
        Assert.That(Reference(v), Is.EqualTo(expected.Select(x => x == 0 ? 7 : x).ToArray()));
    }

    [Test]
    public void TakeAlongAnAxisOfNegativeStrides()
    {
        using var a = Source();
        foreach (var (name, make) in Layouts())
        {
            using var v = make(a);
            for (int axis = 0; axis < v.Rank; axis++)
            {
                nint n = v.Shape[axis];
                nint[] indices = n == 0 ? [] : [n - 1, 0, -1, n / 2, 0];
                using var taken = v.Take(indices, axis);
                var shape = v.Shape.ToArray();
                shape[axis] = indices.Length;
                var expected = Indices(shape).Select(i =>
                {
                    var j = (nint[])i.Clone();
                    j[axis] = indices[i[axis]] < 0 ? indices[i[axis]] + n : indices[i[axis]];
                    return v.Get(j);
                }).ToArray();
                Assert.That(taken.Shape.ToArray(), Is.EqualTo(shape), $"{name} axis {axis}");
                Assert.That(taken.ToArray(), Is.EqualTo(expected), $"{name} axis {axis}");
            }
        }
    }
}
