using Microsoft.CodeAnalysis;

namespace NativeArrays.Analyzers.Tests;

/// <summary>NA0001-NA0003: each diagnostic where it must fire, and the correct code where it must stay silent.</summary>
public sealed class AnalyzerTests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing NativeArrays;\n";

    private static string InClass(string members) => Usings + "public sealed class C\n{\n" + members + "\n}\n";

    [Test]
    public Task DiscardedResultOfAMethodIsNA0001() => Verify.Analyzer(InClass("""
        void M(NDArray<float> a)
        {
            {|NA0001:a.Reshape(10, 100)|};
        }
        """));

    [Test]
    public Task DiscardedOperatorAndItsOperandAreReportedApart() => Verify.Analyzer(InClass("""
        void M(NDArray<float> a, NDArray<float> b)
        {
            _ = {|NA0001:({|NA0002:a + b|}) * 2f|};
        }
        """));

    [Test]
    public Task SliceReceiverIsNA0002() => Verify.Analyzer(InClass("""
        void M(NDArray<float> a)
        {
            {|NA0002:a[10..20]|}.Fill(1f);
        }
        """));

    [Test]
    public Task OperandOfAnOperatorIsNA0002() => Verify.Analyzer(InClass("""
        NDArray<float> M(NDArray<float> a, NDArray<float> b)
        {
            return ({|NA0002:a + b|}) * 2f;
        }
        """));

    [Test]
    public Task ReceiverOfAnExtensionPropertyIsNA0002() => Verify.Analyzer(InClass("""
        NDArray<float> M(NDArray<float> x) => {|NA0002:x.Reshape(10, 100)|}.T;
        """));

    [Test]
    public Task ReceiverOfAnExtensionMethodIsNA0002() => Verify.Analyzer(InClass("""
        NDArray<float> M(NDArray<float> x) => ({|NA0002:-x|}).Sqrt();
        """));

    [Test]
    public Task ArgumentOfALibraryMethodIsNA0002() => Verify.Analyzer(InClass("""
        bool M(NDArray<float> a, NDArray<float> evens) => evens.SharesMemory({|NA0002:a[1..]|});
        """));

    [Test]
    public Task TemporaryFormattedForOutputIsNA0002() => Verify.Analyzer(InClass("""
        void M(NDArray<float> a, NDArray<float> b)
        {
            Console.WriteLine({|NA0002:a + b|});
            string s = $"{{|NA0002:a.T|}}";
            Console.WriteLine(s);
        }
        """));

    [Test]
    public Task ObjectCreationDiscardedIsNA0001() => Verify.Analyzer(InClass("""
        void M()
        {
            {|NA0001:new NDArray<int>(3)|};
            {|NA0001:NDArray<int>.Zeros(3)|};
        }
        """));

    [Test]
    public Task LocalOnlyReadIsNA0003() => Verify.Analyzer(InClass("""
        float M(NDArray<float> a, NDArray<float> b)
        {
            var {|NA0003:c|} = a + b;
            c.Fill(1f);
            Console.WriteLine(c);
            return c.Sum() + c.Rank;
        }
        """));

    [Test]
    public Task TopLevelStatementsAreAnalyzed() => Verify.Analyzer(Usings + """
        var a = new NDArray<float>(4);
        using var b = new NDArray<float>(4);
        {|NA0001:a.Reshape(2, 2)|};
        a.Dispose();
        """, OutputKind.ConsoleApplication);

    [Test]
    public Task ScopeDoesNotReachIntoALambda() => Verify.Analyzer(InClass("""
        Action M(NDArray<float> a)
        {
            using (NDScope.Begin())
            {
                return () => { {|NA0001:a.Reshape(2)|}; };
            }
        }
        """));

    [Test]
    public Task ScopeOpenedAfterTheStatementDoesNotCount() => Verify.Analyzer(InClass("""
        void M(NDArray<float> a)
        {
            {|NA0001:a.Reshape(2)|};
            using var scope = NDScope.Begin();
            a.Reshape(2);
        }
        """));

    [Test]
    public Task WithoutNDScopeInTheLibraryEverythingIsStillReported() => Verify.AnalyzerWithoutScopes(InClass("""
        void M(NDArray<float> a)
        {
            {|NA0002:a[1..]|}.Fill(1f);
        }
        """));

    [Test]
    public Task NothingInsideAUsingScopeStatement() => Verify.Analyzer(InClass("""
        float M(NDArray<float> a, NDArray<float> b)
        {
            using (NDScope.Begin())
            {
                a.Reshape(10, 100);
                a[10..20].Fill(1f);
                var c = (a + b) * 2f;
                Console.WriteLine(a + b);
                if (a.Rank > 0) { var d = a.T; d.Fill(2f); }
                return c.Sum();
            }
        }
        """));

    [Test]
    public Task NothingAfterAScopeDeclaration() => Verify.Analyzer(InClass("""
        void M(NDArray<float> a, NDArray<float> b)
        {
            using var scope = NDScope.Begin();
            a.Reshape(10, 100);
            foreach (var i in new[] { 1, 2 })
            {
                var c = a + b;
                c.Fill(i);
            }
        }

        void N(NDArray<float> a)
        {
            using (var scope = NDScope.Begin()) a[1..].Fill(1f);
            using (IDisposable scope = NDScope.Begin()) a[1..].Fill(1f);
            var s = NDScope.Begin();
            try { a[1..].Fill(2f); } finally { s.Dispose(); }
        }
        """));

    [Test]
    public Task NothingAtTopLevelAfterAScope() => Verify.Analyzer(Usings + """
        using var scope = NDScope.Begin();
        var a = new NDArray<float>(4);
        a.Reshape(2, 2);
        """, OutputKind.ConsoleApplication);

    [Test]
    public Task NothingForDisposedOrUsingLocals() => Verify.Analyzer(InClass("""
        float M(NDArray<float> a, NDArray<float> b)
        {
            using var c = a + b;
            using (var d = a.T) { d.Fill(1f); }
            var e = a * 2f;
            e.Fill(3f);
            e.Dispose();
            var f = a.Copy();
            try { f.Fill(1f); } finally { f?.Dispose(); }
            a.Reshape(4).Dispose();
            return c.Sum();
        }
        """));

    [Test]
    public Task NothingForReturnedOrEscapingValues() => Verify.Analyzer(InClass("""
        private NDArray<float>? _field;
        private readonly List<NDArray<float>> _list = new();

        NDArray<float> Returned(NDArray<float> a) => a.Reshape(2);
        NDArray<float> ReturnedLocal(NDArray<float> a) { var c = a + a; c.Fill(1f); return c; }
        void Field(NDArray<float> a) { _field = a + a; var c = a.Copy(); _field = c; }
        void Listed(NDArray<float> a) { _list.Add(a + a); var c = a.Copy(); _list.Add(c); }
        void Owned(NDArray<float> a) { Keep(a + a); var c = a.Copy(); Keep(c); }
        void Captured(NDArray<float> a) { var c = a.Copy(); Action f = () => c.Fill(1f); f(); }
        void Moved(NDArray<float> a) { var c = a.Copy(); c.MoveToOuterScope(); var d = a.Copy(); d.DetachFromScope(); }
        void Aliased(NDArray<float> a) { var c = a.Copy(); var d = c; d.Dispose(); }
        void Reassigned(NDArray<float> a) { var c = a.Copy(); c = a; }
        void Out(NDArray<float> a, out NDArray<float> o) { var c = a.Copy(); o = c; }
        NDArray<float> Conditional(NDArray<float> a, bool k) => k ? a + a : a;
        IDisposable AsDisposable(NDArray<float> a) { IDisposable d = a.Copy(); return d; }
        IEnumerable<NDArray<float>> Yielded(NDArray<float> a) { yield return a + a; }
        static void Keep(NDArray<float> x) { }
        """));

    [Test]
    public Task NothingForValuesThatAreNotNew() => Verify.Analyzer(InClass("""
        sealed class Holder { public NDArray<float> Weights { get; } = new NDArray<float>(3); }

        void M(NDArray<float> a, NDArray<float> b, Holder h, List<NDArray<float>> list, Dictionary<string, NDArray<float>> map)
        {
            h.Weights.Fill(1f);
            list[0].Fill(1f);
            list.First().Fill(2f);
            map["w"].Fill(3f);
            NDArray.Add(a, b, a);
            NDArray.Add(a, b, destination: b).Fill(0f);
            a.MoveToOuterScope();
            (a + b).MoveToOuterScope();
            Func<NDArray<float>> make = () => a + b;
            using var made = make();
            _ = a.Rank;
        }
        """));

    [Test]
    public Task OptionalDestinationLeftOutStillCreates() => Verify.Analyzer(InClass("""
        void M(NDArray<bool> c, NDArray<float> a, NDArray<float> b)
        {
            {|NA0001:NDArray.Where(c, a, b)|};
            NDArray.Where(c, a, b, a);
            {|NA0001:NDArray.Where(c, a, b, null)|};
        }
        """));

    [Test]
    public Task UserCodeInANativeArraysNamespaceIsNotTheLibrary() => Verify.Analyzer(Usings + """
        namespace NativeArrays.Tests
        {
            public sealed class C
            {
                static void Keep(NDArray<float> x) { }
                void M(NDArray<float> a) { Keep(a[1..]); var c = a.Copy(); Keep(c); }
            }
        }
        """);

    [Test]
    public Task FluentHelperReturningItsArgumentCreatesNothing() => Verify.Analyzer(InClass("""
        void M(NDArray<float> a, List<NDArray<float>> views)
        {
            NDArray<float> Add(NDArray<float> v) { views.Add(v); return v; }
            Add(a[1..]);
            Add(Add(a[2..]).Reshape(2));
            Track(a.T);
        }
        NDArray<float> Track(NDArray<float> v) => v;
        NDArray<float> Make(NDArray<float> v) => v + v;
        void N(NDArray<float> a) { {|NA0001:Make(a)|}; }
        """));

    [Test]
    public Task ExpressionLambdaOfAVoidDelegateIsNotADiscard() => Verify.Analyzer(InClass("""
        static void Throws(Action action) { }
        void M(NDArray<float> a)
        {
            Throws(() => a.Reshape(5, 2));
            Throws(() => { {|NA0001:a.Reshape(5, 2)|}; });
        }
        """));

    [Test]
    public Task InPlaceFormsReturnTheirReceiver() => Verify.Analyzer(InClass("""
        void M(NDArray<float> a, NDArray<float> b)
        {
            a.AddInPlace(b);
            a.AddInPlace(b).AddInPlace(b);
            {|NA0002:a[1..]|}.AddInPlace(b);
        }
        """));

    [Test]
    public Task MethodsMarkedReturnsExistingArrayCreateNothing() => Verify.Analyzer(InClass("""
        void M(NDArray<float> a, NDArray<float> b)
        {
            a.Assign(b);
            a.Assign(b).Assign(b);
            {|NA0002:a[1..]|}.Assign(b);
            {|NA0001:a.Copy()|};
        }
        """));

    [Test]
    public Task GettersOfUserCodeReturnExistingArrays() => Verify.Analyzer(InClass("""
        private readonly NDArray<float> _w = new NDArray<float>(2);
        NDArray<float> Weights => _w;
        NDArray<float> GetWeights() => _w;
        NDArray<float> GetThis() { return this.Weights; }
        NDArray<float> Fresh() { var r = new NDArray<float>(2); return r; }
        void M()
        {
            GetWeights().Fill(1f);
            GetThis().Fill(1f);
            Weights.Fill(1f);
            {|NA0002:Fresh()|}.Fill(1f);
            {|NA0001:Fresh()|};
        }
        """));
}
