using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NativeArrays.Memory;

namespace NativeArrays.Tests;

/// <summary>Compiles and runs every C# block of README.md, so the snippets run as written.</summary>
[NonParallelizable]
public partial class ReadmeSnippetTests
{
    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NativeArrays.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Repository root (NativeArrays.sln) not found above the test directory.");
    }

    public static IEnumerable<TestCaseData> Snippets()
    {
        var text = File.ReadAllText(Path.Combine(RepoRoot(), "README.md"));
        int n = 0;
        foreach (Match match in CSharpBlock().Matches(text))
        {
            n++;
            int line = text[..match.Index].Count(c => c == '\n') + 1;
            yield return new TestCaseData(match.Groups[1].Value).SetName($"ReadmeSnippet{n}_line{line}");
        }
    }

    [GeneratedRegex(@"```csharp\r?\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [Test]
    public void ReadmeHasSnippets() => Assert.That(Snippets().Count(), Is.GreaterThanOrEqualTo(1));

    [TestCaseSource(nameof(Snippets))]
    public void SnippetCompilesAndRuns(string code)
    {
        // A console project's implicit usings, as in `dotnet new console`.
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        var tree = CSharpSyntaxTree.ParseText(code, options);
        var implicitUsings = CSharpSyntaxTree.ParseText(
            "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; global using System.Threading; global using System.Threading.Tasks;", options);
        var tpa = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var refs = tpa.Select(p => MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(NDArray<>).Assembly.Location));
        var compilation = CSharpCompilation.Create("ReadmeSnippet_" + Guid.NewGuid().ToString("N"), [tree, implicitUsings], refs,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
        using var pe = new MemoryStream();
        var result = compilation.Emit(pe);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        Assert.That(errors, Is.Empty, "README snippet does not compile:\n" + string.Join("\n", errors));
        pe.Position = 0;
        // Leak-free: garbage of earlier tests is finalized first, so what the snippet leaves behind is all that is measured.
        CollectAndFinalize();
        var before = AllocationTracker.Snapshot();
        var context = new AssemblyLoadContext("readme", isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(pe);
            var output = new StringWriter();
            var previous = Console.Out;
            Console.SetOut(output);
            try
            {
                var entry = assembly.EntryPoint!;
                entry.Invoke(null, entry.GetParameters().Length == 0 ? null : [Array.Empty<string>()]);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                Assert.Fail($"README snippet threw {e.InnerException}");
            }
            finally
            {
                Console.SetOut(previous);
            }
            TestContext.Out.WriteLine(output.ToString());
        }
        finally
        {
            context.Unload();
        }
        CollectAndFinalize();
        var after = AllocationTracker.Snapshot();
        Assert.Multiple(() =>
        {
            Assert.That(after.LeaksDetected - before.LeaksDetected, Is.Zero,
                "the snippet leaves arrays undisposed (their buffers were freed by the finalizer):\n" + string.Join("\n", AllocationTracker.Leaks.TakeLast((int)Math.Max(0, after.LeaksDetected - before.LeaksDetected))));
            Assert.That(after.LiveBuffers, Is.EqualTo(before.LiveBuffers), "live buffers after the snippet and a full GC");
        });
    }

    private static void CollectAndFinalize()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
