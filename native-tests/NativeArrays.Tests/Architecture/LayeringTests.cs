using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NativeArrays.Tests.Architecture;

/// <summary>
/// Folders of <c>src/NativeArrays</c> are layers (docs/ARCHITECTURE.md, "Layers"): a file may use types and members
/// declared in its own layer or a lower one, never a higher one. Checked with the Roslyn semantic model over the
/// library's source, so every name in code counts (types, members, extension methods, <c>nameof</c>); XML doc
/// <c>cref</c>s do not (documentation may point anywhere).
/// </summary>
public class LayeringTests
{
    /// <summary>Layer of each top folder, lowest first. Equal ranks may use each other.</summary>
    internal static readonly IReadOnlyDictionary<string, int> Layers = new Dictionary<string, int>
    {
        ["Common"] = 0,      // settings, element types, shared enums
        ["Memory"] = 1,      // buffers, allocation, mapped regions; observed by Diagnostics through IBufferObserver
        ["Diagnostics"] = 2, // tracker, Meter, leak reports, footprint scopes: sees Common and Memory only
        ["Layout"] = 3,      // pure shape and stride math
        ["Kernels"] = 4,     // the iterator, drivers, operator structs
        ["Arrays"] = 5,      // NDArray, NDSpan, scopes, formatting
        ["Math"] = 5,        // the operations' API over the arrays
        ["IO"] = 6,          // .npy / .npz
        ["Interop"] = 6,     // DLPack, Tensor<T>, Memory<T>, wrapping
    };

    /// <summary>
    /// Known upward references, each named (file, referenced type) and TEMPORARY: the iterator/overlap rewrite of issue 10
    /// (items 3 and 5, branch <c>iter</c>) removes them. Do not add entries for new code: fix the reference.
    /// </summary>
    internal static readonly IReadOnlySet<(string File, string Type)> AllowedUpward = new HashSet<(string, string)>
    {
    };

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NativeArrays.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Repository root (NativeArrays.sln) not found above the test directory.");
    }

    /// <summary>The library's hand-written source files, relative to <c>src/NativeArrays</c> with '/' separators.</summary>
    private static List<(string Path, string Text)> LibrarySources()
    {
        string root = Path.Combine(RepoRoot(), "src", "NativeArrays");
        return Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(p => !p.StartsWith("obj/", StringComparison.Ordinal) && !p.StartsWith("bin/", StringComparison.Ordinal))
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (p, File.ReadAllText(Path.Combine(root, p))))
            .Concat(GeneratedSources(root))
            .ToList();
    }

    /// <summary>
    /// The public op forms the source generator writes from Math/Operations.table (EmitCompilerGeneratedFiles puts them
    /// in the library's obj folder of the configuration this test was built in); they are checked as files of Math.
    /// </summary>
    private static IEnumerable<(string Path, string Text)> GeneratedSources(string root)
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        string dir = Path.Combine(root, "obj", configuration, "net10.0", "generated", "NativeArrays.Generators");
        var files = Directory.Exists(dir) ? Directory.GetFiles(dir, "*.g.cs", SearchOption.AllDirectories) : [];
        if (files.Length == 0) throw new InvalidOperationException($"no generated op forms under {dir}: build the library in {configuration} first");
        return files.OrderBy(f => f, StringComparer.Ordinal).Select(f => ("Math/" + Path.GetFileName(f), File.ReadAllText(f)));
    }

    /// <summary>The layer folder of a source path ("Kernels/Gemm/Gemm.cs" → "Kernels"), or null at the root.</summary>
    internal static string? LayerOf(string path)
    {
        int slash = path.IndexOf('/');
        return slash < 0 ? null : path[..slash];
    }

    /// <summary>One reference from a lower layer to a higher one.</summary>
    internal sealed record Violation(string File, string FileLayer, string Type, string TypeLayer, string Member)
    {
        public override string ToString() => Member == Type
            ? $"{File} (layer {FileLayer}) uses type {Type} of layer {TypeLayer}"
            : $"{File} (layer {FileLayer}) uses {Member} of type {Type}, declared in layer {TypeLayer}";
    }

    /// <summary>Every upward reference in <paramref name="sources"/> (paths relative to the library root).</summary>
    internal static List<Violation> FindViolations(IReadOnlyList<(string Path, string Text)> sources) => Check(sources).Violations;

    /// <summary>The check of the library's own source, done once for the tests of this class.</summary>
    private static readonly Lazy<(List<Violation> Violations, List<Violation> Allowed, List<string> Errors)> LibraryCheck =
        new(() => Check(LibrarySources()));

    /// <summary>
    /// Every upward reference not in <see cref="AllowedUpward"/>, those that are, and the library's names that did not bind.
    /// </summary>
    private static (List<Violation> Violations, List<Violation> Allowed, List<string> Errors) Check(IReadOnlyList<(string Path, string Text)> sources)
    {
        // Doc comments are not parsed: a cref is documentation, not a dependency.
        var options = new CSharpParseOptions(LanguageVersion.Preview, DocumentationMode.None);
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, options, path: s.Path)).ToList();
        // The library's implicit usings (ImplicitUsings=enable in Directory.Build.props).
        var implicitUsings = CSharpSyntaxTree.ParseText(
            "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; "
            + "global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;", options, path: "GlobalUsings.g.cs");
        var tpa = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => !Path.GetFileNameWithoutExtension(p).Equals("NativeArrays", StringComparison.Ordinal));
        var compilation = CSharpCompilation.Create("LayerCheck", [.. trees, implicitUsings],
            tpa.Select(p => MetadataReference.CreateFromFile(p)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));

        // A name of the library that does not bind would hide a reference: collected instead of a full compile (half the time).
        var errors = new List<string>();
        // Only names the library declares can reach a higher layer: skip the rest before asking the semantic model.
        var declared = trees.SelectMany(t => t.GetRoot().DescendantNodes()).Select(DeclaredName).Where(n => n is not null).ToHashSet();
        var violations = new List<Violation>();
        var allowed = new List<Violation>();
        foreach (var tree in trees)
        {
            string? fileLayer = LayerOf(tree.FilePath);
            if (fileLayer is null || !Layers.TryGetValue(fileLayer, out int fileRank)) continue;
            if (fileRank == Layers.Values.Max()) continue; // the top layer has nothing above it
            var model = compilation.GetSemanticModel(tree);
            var seen = new HashSet<string>();
            foreach (var name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                if (!declared.Contains(name.Identifier.ValueText)) continue;
                var info = model.GetSymbolInfo(name);
                var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
                if (symbol is null)
                {
                    // Tuple element and anonymous member names bind to nothing by design, nor do the constants in a
                    // fixed-size buffer's length (a semantic-model limitation; the compiler checks them).
                    if (name.Parent is not (NameColonSyntax or NameEqualsSyntax)
                        && !name.Ancestors().Any(a => a is BracketedArgumentListSyntax { Parent: VariableDeclaratorSyntax }))
                        errors.Add($"{tree.FilePath}({name.GetLocation().GetLineSpan().StartLinePosition.Line + 1}): '{name}' does not bind");
                    continue;
                }
                var (layer, type, member) = DeclaringLayer(symbol);
                if (layer is null || !Layers.TryGetValue(layer, out int rank) || rank <= fileRank) continue;
                if (!seen.Add(member)) continue;
                var violation = new Violation(tree.FilePath, fileLayer, type, layer, member);
                (AllowedUpward.Contains((tree.FilePath, type)) ? allowed : violations).Add(violation);
            }
        }
        return (violations, allowed, errors);
    }

    private static string? DeclaredName(SyntaxNode node) => node switch
    {
        BaseTypeDeclarationSyntax t => t.Identifier.ValueText,
        DelegateDeclarationSyntax d => d.Identifier.ValueText,
        MethodDeclarationSyntax m => m.Identifier.ValueText,
        PropertyDeclarationSyntax p => p.Identifier.ValueText,
        EventDeclarationSyntax e => e.Identifier.ValueText,
        VariableDeclaratorSyntax { Parent.Parent: BaseFieldDeclarationSyntax } v => v.Identifier.ValueText,
        EnumMemberDeclarationSyntax e => e.Identifier.ValueText,
        _ => null,
    };

    /// <summary>
    /// The layer a symbol lives in: a member's own file (members of a partial type may sit in different layers), a type's
    /// lowest declaring file. Null for symbols not declared in the library's source (BCL, locals, namespaces).
    /// </summary>
    private static (string? Layer, string Type, string Member) DeclaringLayer(ISymbol symbol)
    {
        if (symbol is IMethodSymbol { ReducedFrom: { } reduced }) symbol = reduced;
        symbol = symbol.OriginalDefinition;
        switch (symbol)
        {
            case INamedTypeSymbol type:
                return (LowestLayer(type), Display(type), Display(type));
            case IMethodSymbol or IPropertySymbol or IFieldSymbol or IEventSymbol when symbol.ContainingType is { } owner:
                if (symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.AnonymousFunction }) return (null, "", "");
                string? layer = symbol.DeclaringSyntaxReferences.Select(r => LayerOf(r.SyntaxTree.FilePath)).FirstOrDefault()
                    ?? LowestLayer(owner);
                return (layer, Display(owner), $"{Display(owner)}.{symbol.Name}");
            default:
                return (null, "", "");
        }
    }

    private static string? LowestLayer(INamedTypeSymbol type) => type.DeclaringSyntaxReferences
        .Select(r => LayerOf(r.SyntaxTree.FilePath))
        .Where(l => l is not null && Layers.ContainsKey(l))
        .OrderBy(l => Layers[l!])
        .FirstOrDefault();

    private static string Display(INamedTypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);

    [Test]
    public void EveryLibraryFileSitsInALayerFolder()
    {
        var loose = LibrarySources().Select(s => s.Path).Where(p => LayerOf(p) is not { } l || !Layers.ContainsKey(l)).ToList();
        Assert.That(loose, Is.Empty, "Source files outside the layer folders (" + string.Join(", ", Layers.Keys) + "): " + string.Join(", ", loose));
    }

    [Test]
    public void GeneratedFormsAreChecked()
    {
        // The generator's output is library code of Math: the layer check reads every file it writes.
        var generated = LibrarySources().Select(s => s.Path).Where(p => p.EndsWith(".g.cs", StringComparison.Ordinal)).ToList();
        Assert.That(generated, Is.SupersetOf(new[] { "Math/NDArray.Elementwise.g.cs", "Math/NDArray.Reductions.g.cs", "Math/NDArray.Promotion.g.cs" }));
    }

    [Test]
    public void NoFileReferencesAHigherLayer()
    {
        var (violations, _, errors) = LibraryCheck.Value;
        // A name that does not bind hides a reference (a missing reference assembly, a generator's output).
        Assert.That(errors, Is.Empty, "Names of the library the layer check could not bind");
        Assert.That(violations, Is.Empty,
            "Upward references (a lower layer may not use a higher one; order Common < Memory < Diagnostics < Layout < Kernels < Arrays = Math < IO = Interop):\n"
            + string.Join("\n", violations));
    }

    [Test]
    public void AllowListHasNoStaleEntries()
    {
        // An entry whose reference is gone (the rewrite landed) must be deleted so the exception cannot come back silently.
        var used = LibraryCheck.Value.Allowed.Select(v => (v.File, v.Type)).ToHashSet();
        var stale = AllowedUpward.Where(e => !used.Contains(e)).ToList();
        Assert.That(stale, Is.Empty, "Allow-list entries whose upward reference is gone (delete them): " + string.Join(", ", stale));
    }

    /// <summary>
    /// Internal types whose namespace does not follow their folder yet, by name, each with the reason. Public types keep
    /// the namespaces users import wherever they sit, and the Math folder's internal types stay in <c>NativeArrays</c>:
    /// a <c>NativeArrays.Math</c> namespace would hide <c>System.Math</c> from every file under <c>NativeArrays</c>.
    /// </summary>
    internal static readonly IReadOnlySet<string> NamespaceExceptions = new HashSet<string>
    {
        "ArrayPin",                      // Arrays/NDArray.cs: beside the public NDArray<T>, used by every Math file
        "IScopeMember",                  // Arrays/NDScope.cs: beside the public NDScope
        "ReturnsExistingArrayAttribute", // Common: on public members in every folder (the analyzer matches it by name)
        "ViewState",                     // Arrays, still NativeArrays.Layout: the view-API rewrite (issue 10 item 6) owns it
        "ElementConverter",              // Kernels, still NativeArrays.Layout: the iterator rewrite (issue 10 item 3) owns it
    };

    [Test]
    public void InternalTypesLiveInTheNamespaceOfTheirFolder()
    {
        var wrong = new List<string>();
        foreach (var (path, text) in LibrarySources())
        {
            string? folder = LayerOf(path);
            if (folder is null) continue;
            var root = CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Preview, DocumentationMode.None)).GetRoot();
            foreach (var type in root.DescendantNodes().OfType<BaseTypeDeclarationSyntax>().Where(t => t.Parent is BaseNamespaceDeclarationSyntax))
            {
                bool isPublic = type.Modifiers.Any(m => m.IsKind(SyntaxKind.PublicKeyword));
                string name = type.Identifier.ValueText;
                if (isPublic || NamespaceExceptions.Contains(name)) continue;
                string ns = ((BaseNamespaceDeclarationSyntax)type.Parent!).Name.ToString();
                string expected = folder == "Math" ? "NativeArrays" : "NativeArrays." + folder;
                if (ns != expected && !ns.StartsWith(expected + ".", StringComparison.Ordinal) || folder == "Math" && ns != expected)
                    wrong.Add($"{path}: internal {name} is in namespace {ns}, expected {expected}");
            }
        }
        Assert.That(wrong, Is.Empty);
    }

    [Test]
    public void CheckerFindsAnUpwardReference()
    {
        // The checker itself: a Memory file that uses an array type and a Math member is reported, naming both layers.
        var sources = new List<(string, string)>
        {
            ("Memory/Low.cs", "namespace N; internal static class Low { internal static int F(High h) => Ops.Twice(h.X); }"),
            ("Arrays/High.cs", "namespace N; internal sealed class High { internal int X; }"),
            ("Math/Ops.cs", "namespace N; internal static class Ops { internal static int Twice(int x) => 2 * x; }"),
            ("Kernels/Fine.cs", "namespace N; internal static class Fine { internal static int G() => Low.F(null!); }"),
        };
        var violations = FindViolations(sources);
        Assert.That(violations.Select(v => v.ToString()), Is.EquivalentTo(new[]
        {
            "Memory/Low.cs (layer Memory) uses type N.High of layer Arrays",
            "Memory/Low.cs (layer Memory) uses type N.Ops of layer Math",
            "Memory/Low.cs (layer Memory) uses N.Ops.Twice of type N.Ops, declared in layer Math",
            "Memory/Low.cs (layer Memory) uses N.High.X of type N.High, declared in layer Arrays",
        }));
    }
}
