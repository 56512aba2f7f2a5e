using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace NativeArrays.Generators;

/// <summary>
/// Reads <c>Operations.table</c> (an AdditionalFiles item) and emits, in the NativeArrays assembly, every public form
/// of every operation (<see cref="ApiEmitter"/>) and the per-element-type promotion forms (<see cref="PromotionEmitter"/>);
/// in any other assembly that passes the table (the test project), the catalog of those forms as delegates
/// (<see cref="CatalogEmitter"/>). A malformed row is error NAG0001 on its line.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class OpFormsGenerator : IIncrementalGenerator
{
    /// <summary>The file name of the table among the AdditionalFiles.</summary>
    public const string TableFileName = "Operations.table";

    private static readonly DiagnosticDescriptor s_badRow = new(
        "NAG0001", "Malformed row in Operations.table", "{0}", "NativeArrays.Generators", DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var tables = context.AdditionalTextsProvider
            .Where(f => Path.GetFileName(f.Path) == TableFileName)
            .Select((f, ct) => (Path: f.Path, Table: OpTable.Parse(f.GetText(ct)?.ToString() ?? "")));
        var assembly = context.CompilationProvider.Select((c, _) => c.AssemblyName ?? "");
        context.RegisterSourceOutput(tables.Combine(assembly), static (spc, input) =>
        {
            var ((path, table), assemblyName) = input;
            foreach (var e in table.Errors)
            {
                var position = new LinePosition(e.Line - 1, 0);
                var location = Location.Create(path, default, new LinePositionSpan(position, position));
                spc.ReportDiagnostic(Diagnostic.Create(s_badRow, location, $"{TableFileName}({e.Line}): {e.Message}"));
            }
            var ops = table.Ops.ToList();
            if (assemblyName == "NativeArrays")
            {
                spc.AddSource("NDArray.Elementwise.g.cs", ApiEmitter.Elementwise(ops));
                spc.AddSource("NDArray.Reductions.g.cs", ApiEmitter.Reductions(ops));
                spc.AddSource("NDArray.Promotion.g.cs", PromotionEmitter.Emit());
            }
            else
            {
                spc.AddSource("OpCatalog.g.cs", CatalogEmitter.Emit(ops, assemblyName + ".Generated"));
            }
        });
    }
}
