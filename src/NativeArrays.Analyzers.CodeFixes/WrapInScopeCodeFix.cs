using System.Collections.Generic;
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
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace NativeArrays.Analyzers;

/// <summary>
/// NA0001/NA0002's fix: wrap the statement in <c>using (NDScope.Begin()) { ... }</c>, so every array it creates is
/// disposed when the statement ends. A result that must outlive the statement (a returned array, an array-typed
/// local declared by it) leaves the scope through <c>MoveToOuterScope()</c>; a local declared by the statement is
/// declared before the scope and assigned inside it. Adds <c>using NativeArrays;</c> when it is missing.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WrapInScopeCodeFix)), Shared]
public sealed class WrapInScopeCodeFix : CodeFixProvider
{
    private const string Title = "Wrap in 'using (NDScope.Begin())'";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(Descriptors.DiscardedResult.Id, Descriptors.Temporary.Id);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(
        (fixAll, document, diagnostics) => FixAsync(document, diagnostics, fixAll.CancellationToken)!);

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model?.Compilation.GetTypeByMetadataName(KnownTypes.NDScopeMetadataName) is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (StatementToWrap(root, diagnostic) is null) continue;
            context.RegisterCodeFix(
                CodeAction.Create(Title, ct => FixAsync(context.Document, ImmutableArray.Create(diagnostic), ct), equivalenceKey: Title),
                diagnostic);
        }
    }

    /// <summary>The statement to wrap: the nearest statement around the diagnostic in the same function, when it is
    /// an expression statement, a return or a single-variable local declaration.</summary>
    private static StatementSyntax? StatementToWrap(SyntaxNode root, Diagnostic diagnostic)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        for (var current = node; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                    return null;
                case ExpressionStatementSyntax or ReturnStatementSyntax:
                    return IsWrappable((StatementSyntax)current) ? (StatementSyntax)current : null;
                case LocalDeclarationStatementSyntax declaration:
                    return declaration is { UsingKeyword.RawKind: 0, IsConst: false, Declaration.Variables: { Count: 1 } variables }
                        && variables[0].Initializer is not null
                        && declaration.Parent is BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax ? declaration : null;
                case StatementSyntax:
                    return null;
            }
        }
        return null;
    }

    private static bool IsWrappable(StatementSyntax statement) =>
        statement.Parent is BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax or StatementSyntax or ElseClauseSyntax;

    private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return document;
        var types = KnownTypes.From(model.Compilation);
        if (types?.NDScope is null) return document;

        var statements = new HashSet<StatementSyntax>();
        foreach (var diagnostic in diagnostics)
            if (StatementToWrap(root, diagnostic) is { } statement) statements.Add(statement);
        if (statements.Count == 0) return document;

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        foreach (var statement in statements)
        {
            if (statement is LocalDeclarationStatementSyntax declaration) SplitDeclaration(editor, declaration, model, types, cancellationToken);
            else editor.ReplaceNode(statement, (current, _) => Wrap(ScopedBody((StatementSyntax)current, statement, model, types, cancellationToken), current));
        }

        var compilationUnit = (CompilationUnitSyntax)root;
        var position = statements.First().SpanStart;
        bool imported = model.LookupNamespacesAndTypes(position, name: "NDScope")
            .Any(symbol => SymbolEqualityComparer.Default.Equals(symbol, types.NDScope));
        if (!imported)
            editor.ReplaceNode(compilationUnit, (current, _) => ((CompilationUnitSyntax)current).AddUsings(
                UsingDirective(ParseName("NativeArrays")).WithAdditionalAnnotations(Formatter.Annotation)));
        return editor.GetChangedDocument();
    }

    /// <summary>The statement as it stands inside the scope: a returned array leaves through MoveToOuterScope().</summary>
    private static StatementSyntax ScopedBody(StatementSyntax current, StatementSyntax original, SemanticModel model, KnownTypes types, CancellationToken cancellationToken)
    {
        if (current is ReturnStatementSyntax { Expression: { } expression } returnStatement
            && original is ReturnStatementSyntax { Expression: { } originalExpression }
            && types.IsNDArray(model.GetTypeInfo(originalExpression, cancellationToken).Type))
            return returnStatement.WithExpression(MoveOut(expression));
        return current;
    }

    /// <summary><c>T x = init;</c> becomes <c>T x; using (NDScope.Begin()) { x = init; }</c> so that x outlives the
    /// scope; an array-typed x leaves the scope through <c>MoveToOuterScope()</c>.</summary>
    private static void SplitDeclaration(DocumentEditor editor, LocalDeclarationStatementSyntax declaration, SemanticModel model, KnownTypes types, CancellationToken cancellationToken)
    {
        var variable = declaration.Declaration.Variables[0];
        if (model.GetDeclaredSymbol(variable, cancellationToken) is not ILocalSymbol local) return;
        var typeSyntax = declaration.Declaration.Type.IsVar
            ? ParseTypeName(local.Type.ToMinimalDisplayString(model, declaration.SpanStart))
            : declaration.Declaration.Type.WithoutTrivia();
        var value = variable.Initializer!.Value.WithoutTrivia();
        if (types.IsNDArray(local.Type)) value = MoveOut(value);

        var bare = LocalDeclarationStatement(VariableDeclaration(typeSyntax, SingletonSeparatedList(VariableDeclarator(variable.Identifier.WithoutTrivia()))))
            .WithModifiers(declaration.Modifiers)
            .WithLeadingTrivia(declaration.GetLeadingTrivia())
            .WithTrailingTrivia(declaration.GetTrailingTrivia())
            .WithAdditionalAnnotations(Formatter.Annotation);
        var assignment = ExpressionStatement(AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, IdentifierName(variable.Identifier.WithoutTrivia()), value));
        var scoped = Wrap(assignment, declaration).WithLeadingTrivia(declaration.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)));

        if (declaration.Parent is GlobalStatementSyntax global)
        {
            editor.InsertBefore(global, GlobalStatement(bare));
            editor.ReplaceNode(global, GlobalStatement(scoped).WithTrailingTrivia(global.GetTrailingTrivia()));
        }
        else
        {
            editor.InsertBefore(declaration, bare);
            editor.ReplaceNode(declaration, scoped);
        }
    }

    private static ExpressionSyntax MoveOut(ExpressionSyntax expression)
    {
        var receiver = expression is IdentifierNameSyntax or InvocationExpressionSyntax or MemberAccessExpressionSyntax or ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax
            ? expression
            : ParenthesizedExpression(expression);
        return InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, IdentifierName("MoveToOuterScope")));
    }

    private static UsingStatementSyntax Wrap(StatementSyntax body, SyntaxNode original)
    {
        // The file's own line ending where the statement has one (the formatter keeps a non-elastic one as it is).
        var endOfLine = original.GetTrailingTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        if (endOfLine.IsKind(SyntaxKind.None)) endOfLine = ElasticCarriageReturnLineFeed;
        return UsingStatement(
                declaration: null,
                expression: InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName("NDScope"), IdentifierName("Begin"))),
                statement: Block(body.WithoutLeadingTrivia().WithTrailingTrivia(endOfLine)))
            .WithLeadingTrivia(original.GetLeadingTrivia())
            .WithTrailingTrivia(original.GetTrailingTrivia())
            .WithAdditionalAnnotations(Formatter.Annotation);
    }
}
