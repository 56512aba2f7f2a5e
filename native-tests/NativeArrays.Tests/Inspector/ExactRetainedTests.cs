using NativeArrays.Inspection;

namespace NativeArrays.Tests.Inspector;

/// <summary>Issue 11, "exact retained bytes": the byte runs of strided layouts and their union, against brute force.</summary>
[NonParallelizable]
public class ExactRetainedTests
{
    [Test]
    public void Issue11_RunsOfStridedLayoutsCoverExactlyTheAddressedElements()
    {
        var random = new Random(11);
        for (int trial = 0; trial < 400; trial++)
        {
            int rank = random.Next(0, 4), views = random.Next(1, 4), size = random.Next(1, 3) * 4;
            const long elements = 600;
            var addressed = new HashSet<long>();
            var all = new List<(long, long)>();
            string layouts = "";
            for (int v = 0; v < views; v++)
            {
                var shape = new long[rank];
                var strides = new long[rank];
                for (int i = 0; i < rank; i++)
                {
                    shape[i] = random.Next(0, 5);
                    strides[i] = random.Next(-12, 13); // negative, zero (broadcast) and overlapping strides too
                }
                long lo = 0, hi = 0;
                for (int i = 0; i < rank; i++)
                    if (shape[i] > 0) { long span = (shape[i] - 1) * strides[i]; if (span < 0) lo += span; else hi += span; }
                long offset = -lo + random.Next(0, 50);
                if (offset + hi >= elements) continue;
                layouts += $"[offset {offset}, shape ({string.Join(",", shape)}), strides ({string.Join(",", strides)})] ";
                // Brute force: every index tuple.
                if (shape.All(n => n > 0))
                {
                    var index = new long[rank];
                    while (true)
                    {
                        long e = offset;
                        for (int i = 0; i < rank; i++) e += index[i] * strides[i];
                        addressed.Add(e);
                        int k = rank - 1;
                        for (; k >= 0; k--) { if (++index[k] < shape[k]) break; index[k] = 0; }
                        if (k < 0) break;
                    }
                }
                var runs = ViewExtent.Runs(offset, shape, strides, size).ToList();
                Assert.That(runs, Has.Count.EqualTo(ViewExtent.RunCount(shape, strides)), layouts);
                all.AddRange(runs);
            }
            long covered = ViewExtent.CoveredBytes(all, elements * size);
            Assert.That(covered, Is.EqualTo(addressed.Count * (long)size), layouts);
        }
    }

    [Test]
    public void Issue11_AColumnOfADisposedMatrixRetainsAllButItsElements()
    {
        NDArray<float> column;
        using (var matrix = NDArray<float>.Zeros(1000, 1000)) column = matrix[.., 3];
        using (column)
        {
            var b = HeapSnapshot.Capture().Buffer(column.Buffer.Id)!;
            Assert.Multiple(() =>
            {
                Assert.That(b.RetainedBytes, Is.EqualTo(4_000_000 - 3_996_004), "extent-based: the column's extent spans 3,996,004 bytes");
                Assert.That(b.ExactRetainedBytes, Is.EqualTo(4_000_000 - 4_000), "exact: the column reads 1000 elements");
                Assert.That(b.ExactRetainedIsExact, Is.True);
            });
        }
    }
}
