using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NativeArrays.Tests.Architecture;

/// <summary>
/// The elementwise row kernels keep one inlined copy of the operator per compiled method (docs/ARCHITECTURE.md, "One
/// inlined copy of the operator per compiled method"): the JIT's inlining budget is per method, and a row body holding
/// many inlined copies of a large operator left its vector helpers as calls inside the loop (float32 Exp ten times
/// slower). Checked on the source with Roslyn: every method of the row kernels that applies <c>TOp.Invoke</c> inside a
/// loop is marked <c>NoInlining</c> (the scalar row kernels excepted) and applies it at most twice (the main loop and its remainder).
/// </summary>
public class RowLoopTests
{
    /// <summary>The library's kernel source folder (src/NativeArrays/Kernels under the repository root).</summary>
    private static string KernelsFolder()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NativeArrays.sln"))) dir = dir.Parent;
        Assert.That(dir, Is.Not.Null, "Repository root (NativeArrays.sln) not found above the test directory.");
        return Path.Combine(dir!.FullName, "src", "NativeArrays", "Kernels");
    }

    private static string RowsSource() => File.ReadAllText(Path.Combine(KernelsFolder(), "ElementwiseRows.cs"));

    /// <summary>Methods (name, not-inlined, applications of TOp.Invoke inside loops) of the given row kernel source.</summary>
    internal static List<(string Method, bool NoInlining, int InLoops)> LoopMethods(string source)
    {
        var root = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Preview)).GetRoot();
        var result = new List<(string, bool, int)>();
        foreach (var method in root.DescendantNodes().OfType<MethodDeclarationSyntax>())
        {
            int inLoops = method.DescendantNodes().OfType<InvocationExpressionSyntax>()
                .Count(call => call.Expression is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.Text: "TOp" }, Name.Identifier.Text: "Invoke" }
                    && call.Ancestors().TakeWhile(a => a != method).Any(a => a is ForStatementSyntax or WhileStatementSyntax or DoStatementSyntax or ForEachStatementSyntax));
            if (inLoops == 0) continue;
            bool noInlining = method.AttributeLists.SelectMany(l => l.Attributes)
                .Any(a => a.Name.ToString().EndsWith("MethodImpl", StringComparison.Ordinal) && a.ToString().Contains("NoInlining", StringComparison.Ordinal));
            var type = method.Ancestors().OfType<TypeDeclarationSyntax>().First().Identifier.Text;
            // The scalar row kernels (ScalarUnaryRow, ...) apply the scalar operator once per element: one small copy.
            if (type.StartsWith("Scalar", StringComparison.Ordinal)) continue;
            result.Add(($"{type}.{method.Identifier.Text}", noInlining, inLoops));
        }
        return result;
    }

    [Test]
    public void EveryLoopApplyingTheOperatorIsItsOwnNotInlinedMethod()
    {
        var loops = LoopMethods(RowsSource());
        // The contiguous, broadcast and stepped loops of the unary, binary and ternary rows, and the per-step loops.
        Assert.That(loops.Select(l => l.Method), Is.SupersetOf(new[]
        {
            "UnaryRow.Contiguous", "UnaryRow.Stepped", "BinaryRow.Contiguous", "BinaryRow.RightScalar", "BinaryRow.LeftScalar",
            "BinaryRow.Stepped", "TernaryRow.Contiguous", "StepLoop.Run",
        }));
        foreach (var (method, noInlining, inLoops) in loops)
        {
            Assert.That(noInlining, $"{method} applies the operator in a loop but may be inlined into the row body");
            Assert.That(inLoops, Is.LessThanOrEqualTo(2), $"{method} holds {inLoops} inlined copies of the operator");
        }
    }

    [Test]
    public void TheCheckFindsALoopInlinedIntoARowBody()
    {
        // A row body with its loop inline (the shape that ran out of inlining budget) is reported.
        const string source = """
            internal struct UnaryRow<TOp>
            {
                [MethodImpl(MethodImplOptions.AggressiveInlining)]
                public void Body(int n)
                {
                    for (int i = 0; i < n; i++) TOp.Invoke(i);
                    for (int i = 0; i < n; i++) { TOp.Invoke(i); TOp.Invoke(i); }
                }

                [MethodImpl(MethodImplOptions.NoInlining)]
                private static void Contiguous(int n) { for (int i = 0; i < n; i++) TOp.Invoke(i); }
            }
            """;
        var loops = LoopMethods(source);
        Assert.That(loops, Is.EqualTo(new[] { ("UnaryRow.Body", false, 3), ("UnaryRow.Contiguous", true, 1) }));
    }

    /// <summary>
    /// Operators whose vector Invoke may call out (a <c>LaneFix</c> fix-up, directly or through a <c>VectorMath</c> helper)
    /// declare <c>CallsOut</c>, so the contiguous row loop takes one vector a turn (its state stays in call-preserved
    /// registers); operators that declare it do call out.
    /// </summary>
    [Test]
    public void OperatorsThatCallOutSaySo()
    {
        var trees = Directory.GetFiles(KernelsFolder(), "Operators*.cs")
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), new CSharpParseOptions(LanguageVersion.Preview)).GetRoot()).ToList();
        var (declared, callsOut) = CallsOutDeclarations(trees);
        Assert.That(callsOut, Is.SupersetOf(new[] { "RemainderOp", "PowerOp", "ExpOp", "Log1pOp", "Atan2Op", "SigmoidOp" }));
        Assert.That(declared, Is.EquivalentTo(callsOut), "operators declaring CallsOut vs operators whose vector Invoke reaches LaneFix");
    }

    [Test]
    public void TheCallsOutCheckFollowsHelpers()
    {
        const string source = """
            internal static class VectorMath
            {
                public static TV Outer<TV>(TV x) => Inner<TV>(x);
                private static TV Inner<TV>(TV x) => LaneFix.Unary(x);
                public static TV Plain<TV>(TV x) => x;
            }
            internal struct AOp : IUnaryOp<float, float> { public static TV Invoke<TV>(TV x) => VectorMath.Outer<TV>(x); }
            internal struct BOp : IUnaryOp<float, float> { public static bool CallsOut => true; public static TV Invoke<TV>(TV x) => VectorMath.Plain<TV>(x); }
            internal struct COp : IUnaryOp<float, float> { public static TV Invoke<TV>(TV x) => x; }
            """;
        var (declared, callsOut) = CallsOutDeclarations([CSharpSyntaxTree.ParseText(source).GetRoot()]);
        Assert.That(declared, Is.EquivalentTo(new[] { "BOp" }));
        Assert.That(callsOut, Is.EquivalentTo(new[] { "AOp" }));
    }

    /// <summary>Operator structs declaring <c>CallsOut => true</c>, and those whose generic (vector) Invoke reaches <c>LaneFix</c>.</summary>
    private static (List<string> Declared, List<string> CallsOut) CallsOutDeclarations(List<SyntaxNode> roots)
    {
        static IEnumerable<string> Callees(SyntaxNode body) => body.DescendantNodes().OfType<InvocationExpressionSyntax>().Select(c => c.Expression switch
        {
            MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.Text: "LaneFix" } } => "LaneFix",
            MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.Text: "VectorMath" }, Name: var n } => n.Identifier.Text,
            SimpleNameSyntax n => n.Identifier.Text,
            _ => "",
        });
        // VectorMath helpers (a partial class over several files): which reach LaneFix, to a fixed point.
        var helpers = roots.SelectMany(r => r.DescendantNodes().OfType<ClassDeclarationSyntax>()).Where(c => c.Identifier.Text == "VectorMath")
            .SelectMany(c => c.Members.OfType<MethodDeclarationSyntax>())
            .GroupBy(m => m.Identifier.Text).ToDictionary(g => g.Key, g => g.SelectMany(Callees).ToHashSet());
        var reaching = new HashSet<string> { "LaneFix" };
        for (bool grew = true; grew;)
        {
            grew = false;
            foreach (var (name, callees) in helpers)
                if (!reaching.Contains(name) && callees.Overlaps(reaching)) { reaching.Add(name); grew = true; }
        }
        var declared = new List<string>();
        var callsOut = new List<string>();
        foreach (var op in roots.SelectMany(r => r.DescendantNodes().OfType<StructDeclarationSyntax>()).Where(s => s.Identifier.Text.EndsWith("Op", StringComparison.Ordinal)))
        {
            if (op.Members.OfType<PropertyDeclarationSyntax>().Any(p => p.Identifier.Text == "CallsOut" && p.ExpressionBody?.Expression.ToString() == "true"))
                declared.Add(op.Identifier.Text);
            var vectorInvokes = op.Members.OfType<MethodDeclarationSyntax>().Where(m => m.Identifier.Text == "Invoke" && m.TypeParameterList is not null);
            if (vectorInvokes.Any(m => Callees(m).Any(reaching.Contains)))
                callsOut.Add(op.Identifier.Text);
        }
        return (declared, callsOut);
    }
}
