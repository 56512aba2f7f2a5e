using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NativeArrays.Analyzers;

/// <summary>NA0003's fix: declare the local with <c>using</c> (<c>using var x = ...;</c>), so it is disposed at the end
/// of its block.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddUsingCodeFix)), Shared]
public sealed class AddUsingCodeFix : CodeFixProvider
{
    private const string Title = "Declare with 'using'";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.UndisposedLocal.Id);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            var statement = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>();
            if (statement is null || !statement.UsingKeyword.IsKind(SyntaxKind.None) || !statement.IsKind(SyntaxKind.LocalDeclarationStatement)) continue;
            // C# allows a using declaration in a block or at top level, not directly in a switch section.
            if (statement.Parent is not (BlockSyntax or GlobalStatementSyntax)) continue;
            context.RegisterCodeFix(
                CodeAction.Create(Title, ct => AddUsingAsync(context.Document, statement, ct), equivalenceKey: Title),
                diagnostic);
        }
    }

    private static async Task<Document> AddUsingAsync(Document document, LocalDeclarationStatementSyntax statement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null) return document;
        var leading = statement.GetLeadingTrivia();
        var modifiers = statement.Modifiers;
        var declaration = statement.Declaration;
        if (modifiers.Count > 0) modifiers = modifiers.Replace(modifiers[0], modifiers[0].WithLeadingTrivia());
        else declaration = declaration.WithLeadingTrivia();
        var usingKeyword = SyntaxFactory.Token(leading, SyntaxKind.UsingKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
        var replacement = statement.WithModifiers(modifiers).WithDeclaration(declaration).WithUsingKeyword(usingKeyword);
        return document.WithSyntaxRoot(root.ReplaceNode(statement, replacement));
    }
}
