using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using NativeArrays.Analyzers;

namespace NativeArrays.Analyzers.Tests;

/// <summary>Runs the analyzer (and a code fix) over a test source that references <see cref="Stubs.Source"/> compiled
/// as the assembly "NativeArrays", against the reference assemblies of the SDK on this machine (no pack download).</summary>
internal static class Verify
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> FrameworkReferences = new(LoadFrameworkReferences);

    public static Task Analyzer(string source, params DiagnosticResult[] expected) =>
        Analyzer(source, OutputKind.DynamicallyLinkedLibrary, expected);

    public static Task Analyzer(string source, OutputKind outputKind, params DiagnosticResult[] expected) =>
        RunAnalyzer(source, outputKind, withScope: true, expected);

    /// <summary>The analyzer over a library that has no NDScope yet (before scopes existed).</summary>
    public static Task AnalyzerWithoutScopes(string source, params DiagnosticResult[] expected) =>
        RunAnalyzer(source, OutputKind.DynamicallyLinkedLibrary, withScope: false, expected);

    private static async Task RunAnalyzer(string source, OutputKind outputKind, bool withScope, DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<NDArrayLifetimeAnalyzer, DefaultVerifier>();
        Prepare(test, source, outputKind, withScope);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    public static async Task CodeFix<TCodeFix>(string source, string fixedSource, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary, int? iterations = null)
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<NDArrayLifetimeAnalyzer, TCodeFix, DefaultVerifier>();
        Prepare(test, source, outputKind, withScope: true);
        test.FixedState.Sources.Add(fixedSource);
        test.FixedState.OutputKind = outputKind;
        if (iterations is { } n)
        {
            test.NumberOfIncrementalIterations = n;
            test.NumberOfFixAllIterations = 1;
        }
        await test.RunAsync();
    }

    private static void Prepare<TVerifier>(AnalyzerTest<TVerifier> test, string source, OutputKind outputKind, bool withScope)
        where TVerifier : IVerifier, new()
    {
        test.TestState.Sources.Add(source);
        test.TestState.OutputKind = outputKind;
        test.ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        test.TestState.AdditionalReferences.AddRange(FrameworkReferences.Value);
        test.TestState.AdditionalReferences.Add(withScope ? LibraryWithScopes.Value : LibraryWithoutScopes.Value);
    }

    private static readonly Lazy<MetadataReference> LibraryWithScopes = new(() => CompileLibrary(withScope: true));
    private static readonly Lazy<MetadataReference> LibraryWithoutScopes = new(() => CompileLibrary(withScope: false));

    /// <summary>The stub library as its own assembly "NativeArrays", referenced by the test source the way a consumer
    /// references the package (the analyzer tells library members from user code by assembly).</summary>
    private static MetadataReference CompileLibrary(bool withScope)
    {
        var compilation = CSharpCompilation.Create(
            "NativeArrays",
            [CSharpSyntaxTree.ParseText(Stubs.Source(withScope), new CSharpParseOptions(LanguageVersion.Preview))],
            FrameworkReferences.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        if (!result.Success)
            throw new InvalidOperationException("The NativeArrays stub does not compile:\n" + string.Join("\n", result.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    }

    private static ImmutableArray<MetadataReference> LoadFrameworkReferences()
    {
        // <dotnet>/shared/Microsoft.NETCore.App/<version>/ -> <dotnet>/packs/Microsoft.NETCore.App.Ref/<version>/ref/net10.0/
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var version = Path.GetFileName(runtimeDirectory);
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        var packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        string? refDirectory = null;
        if (Directory.Exists(packs))
        {
            var exact = Path.Combine(packs, version, "ref", "net10.0");
            refDirectory = Directory.Exists(exact)
                ? exact
                : Directory.GetDirectories(packs).Select(d => Path.Combine(d, "ref", "net10.0")).Where(Directory.Exists).OrderBy(d => d, StringComparer.Ordinal).LastOrDefault();
        }
        // Without a reference pack, compile against the running framework's implementation assemblies.
        var files = refDirectory is not null
            ? Directory.GetFiles(refDirectory, "*.dll")
            : ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll").ToArray();
        return [.. files.Select(f => (MetadataReference)MetadataReference.CreateFromFile(f))];
    }
}
