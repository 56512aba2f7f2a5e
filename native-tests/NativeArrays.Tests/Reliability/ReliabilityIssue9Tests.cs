using NativeArrays.Memory;

namespace NativeArrays.Tests.Reliability;

/// <summary>Regression tests for issue 9 (library side: items 2, 3, 5, 6, 7 and 8), one or more per item.</summary>
[TestFixture, NonParallelizable]
public class ReliabilityIssue9Tests
{
    // ---- Item 2: every NDSpan / ReadOnlyNDSpan member that touches memory holds the buffer or fails cleanly ------------

    private static readonly TimeSpan RaceBudget = TimeSpan.FromMilliseconds(250);

    private const int Used = SpanDisposeRace.Used;

    private static readonly Dictionary<string, SpanDisposeRace.Use> SpanEntryPoints = new()
    {
        ["NDSpan.Fill"] = (a, _) => a.AsNDSpan()[^Used..].Fill(2f),
        ["NDSpan.Get"] = (a, b) => { var s = a.AsNDSpan()[^Used..]; for (int i = 0; i < Used; i += 16) _ = s.Get(i); },
        ["NDSpan.Set"] = (a, _) => { var s = a.AsNDSpan()[^Used..]; for (int i = 0; i < Used; i += 16) s.Set([i], 1f); },
        ["ReadOnlyNDSpan.Get"] = (a, b) => { var s = a.AsReadOnlyNDSpan()[^Used..]; for (int i = 0; i < Used; i += 16) _ = s.Get(-1 - i); },
        ["NDArray.Add(spans)"] = (a, b) => NDArray.Add(a.AsReadOnlyNDSpan()[^Used..], b.AsReadOnlyNDSpan()[^Used..], a.AsNDSpan()[^Used..]),
        ["NDArray.Add(span, scalar)"] = (a, b) => NDArray.Add(b.AsReadOnlyNDSpan()[^Used..], 1f, a.AsNDSpan()[^Used..]),
        ["NDArray.Sqrt(span)"] = (a, b) => NDArray.Sqrt(b.AsReadOnlyNDSpan()[^Used..], a.AsNDSpan()[^Used..]),
        ["NDSpan.MultiplyInPlace(scalar)"] = (a, _) => a.AsNDSpan()[^Used..].MultiplyInPlace(3f),
        ["NDSpan.AddInPlace(span)"] = (a, b) => a.AsNDSpan()[^Used..].AddInPlace(b.AsReadOnlyNDSpan()[^Used..]),
        ["NDSpan.SqrtInPlace"] = (a, _) => a.AsNDSpan()[^Used..].SqrtInPlace(),
        ["NDArray.MultiplyAdd(spans)"] = (a, b) => NDArray.MultiplyAdd(a.AsReadOnlyNDSpan()[^Used..], b.AsReadOnlyNDSpan()[^Used..], b.AsReadOnlyNDSpan()[^Used..], a.AsNDSpan()[^Used..]),
        ["NDArray.Clip(span)"] = (a, b) => NDArray.Clip(b.AsReadOnlyNDSpan()[^Used..], 0f, 0.5f, a.AsNDSpan()[^Used..]),
        ["NDArray.Where(spans)"] = (a, b) => NDArray.Where(s_mask!.AsReadOnlyNDSpan(), b.AsReadOnlyNDSpan()[^Used..], a.AsReadOnlyNDSpan()[^Used..], a.AsNDSpan()[^Used..]),
        ["NDArray.Equal(spans)"] = (a, b) => NDArray.Equal(a.AsReadOnlyNDSpan()[^Used..], b.AsReadOnlyNDSpan()[^Used..], s_mask!.AsNDSpan()),
    };

    private static NDArray<bool>? s_mask;

    private static IEnumerable<string> SpanEntryPointNames => SpanEntryPoints.Keys;

    [TestCaseSource(nameof(SpanEntryPointNames))]
    public void Issue9_Item2_SpanMembersRacingDisposeNeverTouchFreedMemory(string entryPoint)
    {
        using var mask = NDArray<bool>.Zeros(Used);
        s_mask = mask;
        try
        {
            var (completed, refused) = SpanDisposeRace.Run(SpanEntryPoints[entryPoint], RaceBudget);
            Assert.That(completed + refused, Is.GreaterThan(0));
        }
        finally { s_mask = null; }
    }

    [Test]
    public void Issue9_Item2_SpanMembersOfADisposedArrayThrowObjectDisposed()
    {
        var a = NDArray.Arange(8f);
        var b = NDArray.Arange(8f);
        try
        {
            var s = a.AsNDSpan();
            var r = a.AsReadOnlyNDSpan();
            a.Dispose();
            var ex = Assert.Throws<ObjectDisposedException>(() => a.AsNDSpan().Fill(1f));
            Assert.That(ex!.Message, Does.Contain("disposed"));
            bool threw = false;
            try { s.Fill(1f); } catch (ObjectDisposedException) { threw = true; }
            Assert.That(threw, "Fill");
            threw = false;
            try { _ = s.Get(0); } catch (ObjectDisposedException) { threw = true; }
            Assert.That(threw, "NDSpan.Get");
            threw = false;
            try { s.Set([0], 1f); } catch (ObjectDisposedException) { threw = true; }
            Assert.That(threw, "NDSpan.Set");
            threw = false;
            try { _ = r.Get(0); } catch (ObjectDisposedException) { threw = true; }
            Assert.That(threw, "ReadOnlyNDSpan.Get");
            threw = false;
            try { NDArray.Add(r, b.AsReadOnlyNDSpan(), b.AsNDSpan()); } catch (ObjectDisposedException) { threw = true; }
            Assert.That(threw, "Add over a disposed source");
            threw = false;
            try { NDArray.Add(b.AsReadOnlyNDSpan(), b.AsReadOnlyNDSpan(), s); } catch (ObjectDisposedException) { threw = true; }
            Assert.That(threw, "Add into a disposed destination");
            threw = false;
            try { NDArray.Add(default(ReadOnlyNDSpan<float>), default(ReadOnlyNDSpan<float>), default(NDSpan<float>)); } catch (ObjectDisposedException) { threw = true; }
            Assert.That(threw, "a default (never borrowed) view is refused, not dereferenced");
            Assert.That(b.ToArray(), Is.EqualTo(Enumerable.Range(0, 8).Select(i => (float)i).ToArray()), "nothing was written");
        }
        finally
        {
            a.Dispose();
            b.Dispose();
        }
    }
}
