using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using NativeArrays.Analyzers;

namespace NativeArrays.Analyzers.Tests;

/// <summary>Runs the analyzer (and a code fix) over a test source plus <see cref="Stubs.Source"/>, compiled against
/// the reference assemblies of the SDK on this machine (no reference pack download).</summary>
internal static class Verify
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> FrameworkReferences = new(LoadFrameworkReferences);

    public static Task Analyzer(string source, params DiagnosticResult[] expected) =>
        Analyzer(source, OutputKind.DynamicallyLinkedLibrary, expected);

    public static async Task Analyzer(string source, OutputKind outputKind, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<NDArrayLifetimeAnalyzer, DefaultVerifier>();
        Prepare(test, source, outputKind, withScope: true);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    /// <summary>The analyzer over a library that has no NDScope yet (before scopes existed).</summary>
    public static async Task AnalyzerWithoutScopes(string source, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<NDArrayLifetimeAnalyzer, DefaultVerifier>();
        Prepare(test, source, OutputKind.DynamicallyLinkedLibrary, withScope: false);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    public static async Task CodeFix<TCodeFix>(string source, string fixedSource, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary, int? iterations = null)
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<NDArrayLifetimeAnalyzer, TCodeFix, DefaultVerifier>();
        Prepare(test, source, outputKind, withScope: true);
        test.FixedState.Sources.Add(fixedSource);
        test.FixedState.Sources.Add(("Stubs.cs", Stubs.Source(withScope: true)));
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
        test.TestState.Sources.Add(("Stubs.cs", Stubs.Source(withScope)));
        test.TestState.OutputKind = outputKind;
        test.ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        test.TestState.AdditionalReferences.AddRange(FrameworkReferences.Value);
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
