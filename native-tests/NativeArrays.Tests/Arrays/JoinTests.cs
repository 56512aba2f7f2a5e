using System.Numerics;
using NativeArrays.Memory;

namespace NativeArrays.Tests.Breadth;

/// <summary>Join, split, tile, repeat, pad, roll, flatten and ravel against NumPy on random shapes, layouts and axes.</summary>
public class JoinTests
{
    [Test]
    public void JoinsMatchNumPy([Values(typeof(double), typeof(int), typeof(byte))] Type type)
    {
        if (type == typeof(double)) Joins<double>(1501);
        else if (type == typeof(int)) Joins<int>(1502);
        else Joins<byte>(1503);
    }

    private static void Joins<T>(int seed) where T : unmanaged, INumberBase<T>
    {
        var r = new Random(seed);
        using var np = new NumPyOracle();
        var checks = new List<Action>();
        for (int c = 0; c < 40; c++)
        {
            int rank = r.Next(1, 4);
            int axis = r.Next(-rank, rank);
            int count = r.Next(1, 4);
            var baseShape = Arrays.RandomShape(r, rank);
            var parts = new NDArray<T>[count];
            for (int i = 0; i < count; i++)
            {
                var s = (nint[])baseShape.Clone();
                s[(axis + rank) % rank] = r.Next(0, 4);
                parts[i] = Arrays.Random<T>(r, Arrays.AnyLayout(r), s);
            }
            var inputs = parts.Select(NumPyOracle.Of).ToArray();
            string list = "[" + string.Join(", ", Enumerable.Range(0, count).Select(i => "a" + i)) + "]";
            string concat = np.Add($"np.concatenate({list}, axis={axis})", inputs);
            // Same shapes for the stacks.
            var same = new NDArray<T>[count];
            var sameShape = r.Next(4) == 0 ? [] : baseShape;
            for (int i = 0; i < count; i++) same[i] = Arrays.Random<T>(r, Arrays.AnyLayout(r), sameShape);
            var sameIn = same.Select(NumPyOracle.Of).ToArray();
            int stackAxis = r.Next(-same[0].Rank - 1, same[0].Rank + 1);
            string stack = np.Add($"np.stack({list}, axis={stackAxis})", sameIn);
            string h = np.Add($"np.hstack({list})", sameIn);
            string v = np.Add($"np.vstack({list})", sameIn);
            string dst = np.Add($"np.dstack({list})", sameIn);
            string col = np.Add($"np.column_stack({list})", sameIn);
            checks.Add(() =>
            {
                using var _ = new Disposer(parts.Concat(same));
                var before = AllocationTracker.Snapshot();
                using (var x = NDArray.Concatenate<T>(parts, axis)) np.AssertEqual(concat, x);
                Assert.That(AllocationTracker.Snapshot().CopiesOf("Concatenate") - before.CopiesOf("Concatenate"), Is.EqualTo(1));
                using (var x = NDArray.Stack<T>(same, stackAxis)) np.AssertEqual(stack, x);
                using (var x = NDArray.HStack<T>(same)) np.AssertEqual(h, x);
                using (var x = NDArray.VStack<T>(same)) np.AssertEqual(v, x);
                using (var x = NDArray.DStack<T>(same)) np.AssertEqual(dst, x);
                if (np.Error(col) is null)
                    using (var x = NDArray.ColumnStack<T>(same)) np.AssertEqual(col, x);
                else Assert.Throws<ArgumentException>(() => NDArray.ColumnStack<T>(same).Dispose(), np.Expression(col));
            });
        }
        np.Run();
        foreach (var check in checks) check();
    }

    [Test]
    public void SplitsAreViewsMatchingNumPy()
    {
        var r = new Random(1504);
        using var np = new NumPyOracle();
        var checks = new List<Action>();
        for (int c = 0; c < 40; c++)
        {
            int rank = r.Next(1, 4);
            int axis = r.Next(-rank, rank);
            var layout = Arrays.AnyLayout(r);
            var shape = Arrays.RandomShape(r, rank, 6);
            var a = Arrays.Random<float>(r, layout, shape);
            int sections = r.Next(1, 5);
            var indices = Enumerable.Range(0, r.Next(0, 4)).Select(_ => (nint)r.Next(-8, 9)).ToArray();
            string split = np.Add($"np.split(a0, {sections}, axis={axis})", NumPyOracle.Of(a));
            string arraySplit = np.Add($"np.array_split(a0, {sections}, axis={axis})", NumPyOracle.Of(a));
            string byIndex = np.Add($"np.split(a0, [{string.Join(", ", indices)}], axis={axis})", NumPyOracle.Of(a));
            checks.Add(() =>
            {
                using (a)
                {
                    var before = AllocationTracker.Snapshot();
                    var equal = np.Error(split) is null ? NDArray.Split(a, sections, axis) : null;
                    var parts = NDArray.ArraySplit(a, sections, axis);
                    var byIndices = NDArray.Split(a, indices, axis);
                    Assert.That(AllocationTracker.Snapshot().TotalCopies, Is.EqualTo(before.TotalCopies), "splits never copy");
                    if (equal is not null) CheckParts(np, split, equal, a);
                    else
                    {
                        var e = Assert.Throws<ArgumentException>(() => NDArray.Split(a, sections, axis))!;
                        Assert.That(e.Message, Does.Contain("ArraySplit"));
                    }
                    CheckParts(np, arraySplit, parts, a);
                    CheckParts(np, byIndex, byIndices, a);
                }
            });
        }
        np.Run();
        foreach (var check in checks) check();
    }

    private static void CheckParts(NumPyOracle np, string name, NDArray<float>[] parts, NDArray<float> source)
    {
        using var _ = new Disposer(parts);
        for (int k = 0; k < parts.Length; k++)
        {
            Assert.That(parts[k].IsView && ReferenceEquals(parts[k].Buffer, source.Buffer), "a split part is a view of the source");
            np.AssertEqual(name, parts[k], k);
        }
        Assert.Throws<FileNotFoundException>(() => np.Result<float>(name, parts.Length).Dispose(), "NumPy made more parts");
    }

    [Test]
    public void TileRepeatPadRollMatchNumPy()
    {
        var r = new Random(1505);
        using var np = new NumPyOracle();
        var checks = new List<Action>();
        string[] modes = ["constant", "edge", "reflect", "symmetric", "wrap"];
        for (int c = 0; c < 60; c++)
        {
            int rank = r.Next(0, 4);
            var layout = Arrays.AnyLayout(r);
            var shape = Arrays.RandomShape(r, rank);
            var a = Arrays.Random<double>(r, layout, shape);
            var reps = Enumerable.Range(0, r.Next(0, 4)).Select(_ => (nint)r.Next(0, 3)).ToArray();
            string tile = np.Add($"np.tile(a0, ({string.Join(", ", reps)}{(reps.Length == 1 ? "," : "")}))", NumPyOracle.Of(a));
            int? axis = rank == 0 || r.Next(3) == 0 ? null : r.Next(-rank, rank);
            nint rep = r.Next(0, 4);
            string repeat = np.Add($"np.repeat(a0, {rep}, axis={axis?.ToString() ?? "None"})", NumPyOracle.Of(a));
            nint along = axis is int ax ? shape[(ax + rank) % rank] : a.Size;
            var counts = Enumerable.Range(0, (int)along).Select(_ => (nint)r.Next(0, 3)).ToArray();
            string repeatEach = np.Add($"np.repeat(a0, np.array([{string.Join(", ", counts)}], dtype=np.intp), axis={axis?.ToString() ?? "None"})", NumPyOracle.Of(a));
            var mode = (PadMode)r.Next(5);
            var widths = Enumerable.Range(0, rank).Select(_ => ((nint)r.Next(0, 6), (nint)r.Next(0, 6))).ToArray();
            string pad = np.Add($"np.pad(a0, [{string.Join(", ", widths.Select(w => $"({w.Item1}, {w.Item2})"))}], mode='{modes[(int)mode]}'" +
                (mode == PadMode.Constant ? ", constant_values=7.5)" : ")"), NumPyOracle.Of(a));
            if (mode == PadMode.Wrap && shape.All(n => n > 0))
            {
                // NumPy 1.x's iterative 'wrap' is not periodic when a width exceeds the length (fixed in NumPy 2: the
                // period is kept a multiple of the length); the reference is the periodic definition, via np.take.
                string expr = "a0";
                for (int d = 0; d < rank; d++) expr = $"np.take({expr}, np.arange({-widths[d].Item1}, {shape[d] + widths[d].Item2}) % {shape[d]}, axis={d})";
                pad = np.Add(expr, NumPyOracle.Of(a));
            }
            nint shift = r.Next(-9, 10);
            string roll = np.Add($"np.roll(a0, {shift}, axis={axis?.ToString() ?? "None"})", NumPyOracle.Of(a));
            string flatF = np.Add("a0.flatten(order='F')", NumPyOracle.Of(a));
            string ravel = np.Add("np.ravel(a0)", NumPyOracle.Of(a));
            checks.Add(() =>
            {
                using (a)
                {
                    using (var x = NDArray.Tile(a, reps)) np.AssertEqual(tile, x);
                    using (var x = NDArray.Repeat(a, rep, axis)) np.AssertEqual(repeat, x);
                    using (var x = NDArray.Repeat(a, counts, axis)) np.AssertEqual(repeatEach, x);
                    if (rank == 0) { } // NumPy's pad refuses some 0-d calls; ours returns a copy (checked below in BadInput)
                    else if (np.Error(pad) is null)
                        using (var x = NDArray.Pad(a, widths, mode, 7.5)) np.AssertEqual(pad, x, context: $"{layout} {string.Join(",", shape)}");
                    else
                        Assert.Throws<ArgumentException>(() => NDArray.Pad(a, widths, mode, 7.5).Dispose(), np.Expression(pad));
                    if (rank > 0 || axis is null)
                        using (var x = NDArray.Roll(a, shift, axis)) np.AssertEqual(roll, x);
                    using (var x = a.Flatten(Order.F)) np.AssertEqual(flatF, x);
                    using (var x = a.RavelOrCopy(out bool copied))
                    {
                        np.AssertEqual(ravel, x);
                        Assert.That(copied, Is.EqualTo(!ReferenceEquals(x.Buffer, a.Buffer)));
                        if (!copied) using (var v = a.Ravel()) Assert.That(v.Buffer, Is.SameAs(a.Buffer));
                        else Assert.That(Assert.Throws<InvalidOperationException>(() => a.Ravel())!.Message, Does.Contain("RavelOrCopy"));
                    }
                }
            });
        }
        np.Run();
        foreach (var check in checks) check();
    }

    [Test]
    public void BoolArraysJoinAndBadInputIsNamed()
    {
        using var t = NDArray<bool>.Full(true, 2, 3);
        using var f = NDArray<bool>.Zeros(1, 3);
        using var joined = NDArray.Concatenate<bool>([t, f], 0);
        Assert.That(joined.Shape.ToArray(), Is.EqualTo(new nint[] { 3, 3 }));
        Assert.That(joined.Sum(), Is.EqualTo(6));
        var e = Assert.Throws<ArgumentException>(() => NDArray.Concatenate<bool>([t, f], 1))!;
        Assert.That(e.Message, Does.Contain("(1, 3)").And.Contain("(2, 3)").And.Contain("axis 1"));
        e = Assert.Throws<ArgumentException>(() => NDArray.Stack<bool>([t, f]))!;
        Assert.That(e.Message, Does.Contain("(1, 3)"));
        Assert.Throws<ArgumentException>(() => NDArray.Concatenate<bool>([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => NDArray.Concatenate<bool>([t, t], 2));
        using var s = NDArray<bool>.Scalar(true);
        Assert.Throws<ArgumentException>(() => NDArray.Concatenate<bool>([s, s]));
        Assert.That(Assert.Throws<ArgumentException>(() => NDArray.Split(t, 2, 1))!.Message, Does.Contain("(2, 3)"));
        Assert.Throws<ArgumentOutOfRangeException>(() => NDArray.Tile(t, -1));
        Assert.That(Assert.Throws<ArgumentException>(() => NDArray.Repeat(t, [1, 2], 1))!.Message, Does.Contain("axis 1 of length 3"));
        Assert.Throws<ArgumentException>(() => NDArray.Pad(t, [(1, 1), (1, 1), (1, 1)]));
        using var empty = NDArray<double>.Zeros(0, 2);
        Assert.That(Assert.Throws<ArgumentException>(() => NDArray.Pad(empty, 1, PadMode.Wrap))!.Message, Does.Contain("empty axis 0"));
        using var scalar = NDArray<double>.Scalar(2.5);
        using (var p0 = NDArray.Pad(scalar, [], PadMode.Reflect)) Assert.That(p0.Item(), Is.EqualTo(2.5), "a 0-d pad is a copy");
        using var gone = NDArray<bool>.Zeros(2);
        gone.Dispose();
        using var flatT = t.Reshape(-1);
        Assert.Throws<ObjectDisposedException>(() => NDArray.Concatenate<bool>([flatT, gone]));
    }

    private sealed class Disposer(IEnumerable<IDisposable> items) : IDisposable
    {
        private readonly List<IDisposable> _items = items.ToList();
        public void Dispose() { foreach (var i in _items) i.Dispose(); }
    }
}
