namespace NativeArrays.Tests.Breadth;

/// <summary>
/// Random integers, choice, shuffle and permutation against a reference model (NumPy's streams differ from ours, so
/// NumPy has no answer to compare with): reproducibility per seed, bounds, distinctness, weights, permutation invariants.
/// </summary>
public class RandomSamplingTests
{
    [Test]
    public void SeededResultsAreReproducibleWhateverTheThreadSettings()
    {
        NDArray<long> Draw(int threads)
        {
            using var _ = NativeArraysSettings.Override(NativeArraysSettings.Current with { MaxDegreeOfParallelism = threads });
            var g = new NDRandom(42);
            using var a = g.Integers(-5L, 5L, 1000);
            using var c = g.Choice(50, 20, replace: false);
            using var p = g.Permutation(30);
            return NDArray.Concatenate<long>([a, c, p]);
        }
        using var one = Draw(1);
        using var two = Draw(2);
        Assert.That(one.ArrayEquals(two));
        using var other = new NDRandom(43).Integers(-5L, 5L, 1000);
        using var head = one[..1000];
        Assert.That(head.ArrayEquals(other), Is.False, "another seed gives another stream");
    }

    [Test]
    public void IntegersCoverTheRangeWithoutBias()
    {
        var g = new NDRandom(7);
        using var a = g.Integers((byte)250, (byte)255, 50_000);
        var counts = new int[256];
        foreach (byte b in a.ToArray()) counts[b]++;
        for (int v = 0; v < 256; v++)
            if (v < 250 || v == 255) Assert.That(counts[v], Is.Zero, "high is exclusive");
            else Assert.That(counts[v], Is.InRange(9_000, 11_000), $"value {v}");
        using var big = g.Integers(long.MinValue, long.MaxValue, 1000);
        Assert.That(big.ToArray().Distinct().Count(), Is.EqualTo(1000));
        Assert.Throws<ArgumentException>(() => g.Integers(3, 3, 2));
        Assert.Throws<ArgumentException>(() => g.Integers(0UL, ulong.MaxValue, 2));
    }

    [Test]
    public void ChoiceHonoursReplacementAndWeights()
    {
        var g = new NDRandom(11);
        using var distinct = g.Choice(100, 100, replace: false);
        Assert.That(distinct.ToArray().OrderBy(x => x), Is.EqualTo(Enumerable.Range(0, 100).Select(x => (long)x)));
        double[] p = [0.5, 0, 0.25, 0.25];
        using var weighted = g.Choice(4, 40_000, replace: true, p);
        var counts = new int[4];
        foreach (long k in weighted.ToArray()) counts[k]++;
        Assert.That(counts[1], Is.Zero, "a zero weight is never drawn");
        Assert.That(counts[0], Is.InRange(19_000, 21_000));
        Assert.That(counts[2], Is.InRange(9_400, 10_600));
        using var noRepeat = g.Choice(4, 3, replace: false, p);
        Assert.That(noRepeat.ToArray(), Is.Unique.And.Not.Contains(1L));
        // The first of a weighted draw without replacement follows the weights.
        var firsts = new int[4];
        for (int i = 0; i < 4000; i++) using (var d = g.Choice(4, 2, false, p)) firsts[d.Get(0)]++;
        Assert.That(firsts[0], Is.InRange(1_800, 2_200));
        using var letters = NDArray<int>.FromArray([10, 20, 30]);
        using var drawn = g.Choice(letters, 10);
        Assert.That(drawn.ToArray(), Has.All.AnyOf(10, 20, 30));
        Assert.That(Assert.Throws<ArgumentException>(() => g.Choice(4, 4, false, p))!.Message, Does.Contain("3 candidates"));
        Assert.That(Assert.Throws<ArgumentException>(() => g.Choice(3, 1, true, p))!.Message, Does.Contain("4 probabilities for 3"));
        Assert.Throws<ArgumentException>(() => g.Choice(2, 1, true, [0.5, 0.6]));
        Assert.Throws<ArgumentException>(() => g.Choice(2, 1, true, [1.5, -0.5]));
        using var m = NDArray<int>.Zeros(2, 2);
        Assert.Throws<ArgumentException>(() => g.Choice(m, 1));
    }

    [Test]
    public void ShuffleAndPermutationKeepRowsIntact()
    {
        foreach (var layout in Arrays.AllLayouts) ShuffleAndPermutation(layout);
    }

    private static void ShuffleAndPermutation(Layout layout)
    {
        var g = new NDRandom(5);
        var r = new Random(5);
        using var a = Arrays.Random<int>(r, layout == Layout.Broadcast ? Layout.C : layout, 9, 4);
        using (var rows = a.Copy())
        {
            var before = Rows(rows);
            g.Shuffle(a);
            var after = Rows(a);
            Assert.That(after.OrderBy(x => x), Is.EqualTo(before.OrderBy(x => x)), "same rows, each intact");
        }
        using var p = g.Permutation(a);
        Assert.That(Rows(p).OrderBy(x => x), Is.EqualTo(Rows(a).OrderBy(x => x)));
        using var perm = g.Permutation(1000);
        Assert.That(perm.ToArray().OrderBy(x => x), Is.EqualTo(Enumerable.Range(0, 1000).Select(x => (long)x)));
        Assert.That(perm.ToArray().Take(10), Is.Not.EqualTo(Enumerable.Range(0, 10).Select(x => (long)x)));
        using var ro = a.BroadcastTo(2, 9, 4);
        Assert.Throws<InvalidOperationException>(() => g.Shuffle(ro));
    }

    private static List<string> Rows(NDArray<int> a)
    {
        var list = new List<string>();
        for (int i = 0; i < a.Shape[0]; i++)
            using (var row = a[i]) list.Add(string.Join(",", row.ToArray()));
        return list;
    }
}
