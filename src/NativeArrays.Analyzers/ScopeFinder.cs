using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NativeArrays.Analyzers;

/// <summary>
/// Finds an <c>NDScope</c> that lexically encloses a piece of code in the same method, lambda or local function:
/// a <c>using (NDScope.Begin()) { ... }</c> statement around it, or a local of type NDScope
/// (<c>using var scope = NDScope.Begin();</c>) declared earlier in an enclosing block.
/// </summary>
internal static class ScopeFinder
{
    public static bool IsInsideScope(SyntaxNode node, SemanticModel model, KnownTypes types, CancellationToken cancellationToken)
    {
        if (types.NDScope is null) return false;
        SyntaxNode? child = node;
        for (var current = node.Parent; current is not null; child = current, current = current.Parent)
        {
            switch (current)
            {
                case UsingStatementSyntax usingStatement when child == usingStatement.Statement:
                    if (OpensScope(usingStatement, model, types, cancellationToken)) return true;
                    break;
                case BlockSyntax block when child is StatementSyntax statement:
                    if (DeclaresScopeBefore(block.Statements, statement, model, types, cancellationToken)) return true;
                    break;
                case SwitchSectionSyntax section when child is StatementSyntax statement:
                    if (DeclaresScopeBefore(section.Statements, statement, model, types, cancellationToken)) return true;
                    break;
                case CompilationUnitSyntax unit when child is GlobalStatementSyntax global:
                    foreach (var member in unit.Members)
                    {
                        if (member == global) break;
                        if (member is GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax declaration }
                            && IsScopeDeclaration(declaration.Declaration, model, types, cancellationToken)) return true;
                    }
                    return false;
                case AnonymousFunctionExpressionSyntax:
                case LocalFunctionStatementSyntax:
                case MemberDeclarationSyntax and not GlobalStatementSyntax:
                    return false;
            }
        }
        return false;
    }

    private static bool OpensScope(UsingStatementSyntax statement, SemanticModel model, KnownTypes types, CancellationToken cancellationToken)
    {
        if (statement.Declaration is { } declaration) return IsScopeDeclaration(declaration, model, types, cancellationToken);
        return statement.Expression is { } expression && types.IsNDScope(model.GetTypeInfo(expression, cancellationToken).Type);
    }

    private static bool DeclaresScopeBefore(SyntaxList<StatementSyntax> statements, StatementSyntax statement, SemanticModel model, KnownTypes types, CancellationToken cancellationToken)
    {
        foreach (var earlier in statements)
        {
            if (earlier == statement) return false;
            if (earlier is LocalDeclarationStatementSyntax declaration && IsScopeDeclaration(declaration.Declaration, model, types, cancellationToken)) return true;
        }
        return false;
    }

    // Any local of type NDScope counts, 'using' or not (a scope disposed in a finally block opens a scope too), and so
    // does a local of another type initialized with a scope: using (IDisposable s = NDScope.Begin()).
    private static bool IsScopeDeclaration(VariableDeclarationSyntax declaration, SemanticModel model, KnownTypes types, CancellationToken cancellationToken)
    {
        if (types.IsNDScope(model.GetTypeInfo(declaration.Type, cancellationToken).Type)) return true;
        foreach (var variable in declaration.Variables)
            if (variable.Initializer is { } initializer && types.IsNDScope(model.GetTypeInfo(initializer.Value, cancellationToken).Type)) return true;
        return false;
    }
}
