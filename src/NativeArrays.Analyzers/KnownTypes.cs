using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace NativeArrays.Analyzers;

/// <summary>
/// The NativeArrays symbols one compilation sees, and the questions the analyzer asks about them: which operations
/// create a new <c>NDArray&lt;T&gt;</c>, which members belong to the library (they borrow arrays, never own them).
/// </summary>
internal sealed class KnownTypes
{
    internal const string NDArrayMetadataName = "NativeArrays.NDArray`1";
    internal const string NDScopeMetadataName = "NativeArrays.NDScope";

    private KnownTypes(INamedTypeSymbol ndArray, INamedTypeSymbol? ndScope)
    {
        NDArray = ndArray;
        NDScope = ndScope;
    }

    /// <summary>The open generic <c>NativeArrays.NDArray`1</c>.</summary>
    public INamedTypeSymbol NDArray { get; }

    /// <summary><c>NativeArrays.NDScope</c>, or null when the referenced library has no scopes.</summary>
    public INamedTypeSymbol? NDScope { get; }

    public static KnownTypes? From(Compilation compilation)
    {
        var ndArray = compilation.GetTypeByMetadataName(NDArrayMetadataName);
        return ndArray is null ? null : new KnownTypes(ndArray, compilation.GetTypeByMetadataName(NDScopeMetadataName));
    }

    public bool IsNDArray(ITypeSymbol? type) =>
        type is INamedTypeSymbol named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, NDArray);

    public bool IsNDScope(ITypeSymbol? type) =>
        NDScope is not null && type is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, NDScope);

    /// <summary>A member of the library itself (the assembly that declares NDArray&lt;T&gt;, extension blocks
    /// included, the scope API excluded): it borrows the arrays it is given and never takes ownership of one.</summary>
    public bool IsLibraryMember(ISymbol? member) =>
        member is not null
        && !IsNDScope(member.ContainingType)
        && SymbolEqualityComparer.Default.Equals(member.ContainingAssembly, NDArray.ContainingAssembly);

    /// <summary>The explicit lifetime calls: <c>MoveToOuterScope()</c>, <c>DetachFromScope()</c> (they hand the same
    /// array on, they create nothing) and <c>Dispose()</c>.</summary>
    public static bool IsLifetimeCall(IMethodSymbol method) =>
        method.Name is "MoveToOuterScope" or "DetachFromScope" or "Dispose";

    /// <summary>Whether <paramref name="operation"/> evaluates to an <c>NDArray&lt;T&gt;</c> that did not exist before
    /// (results of methods, operators, library indexers and views, constructors, user-defined conversions).
    /// Reads of locals, parameters, fields and ordinary properties are not new arrays, nor are generic methods
    /// that hand back one of their elements (<c>list[0]</c>, <c>First()</c>), nor "into" forms that return the
    /// destination they were given.</summary>
    public bool CreatesNDArray(IOperation operation)
    {
        if (!IsNDArray(operation.Type)) return false;
        switch (operation)
        {
            case IObjectCreationOperation:
                return true;
            case IInvocationOperation invocation:
                {
                    var method = invocation.TargetMethod;
                    if (IsLifetimeCall(method) || IsNDScope(method.ContainingType)) return false;
                    if (method.OriginalDefinition.ReturnType is ITypeParameterSymbol) return false;
                    // The library's in-place forms (AddInPlace, ClipInPlace, ...) return the array they changed.
                    if (IsLibraryMember(method) && method.Name.EndsWith("InPlace", StringComparison.Ordinal)) return false;
                    // Library methods marked [ReturnsExistingArray] (fluent writers like Assign, owned-array getters).
                    if (IsLibraryMember(method) && ReturnsExistingArrayByAttribute(method)) return false;
                    return !ReturnsItsDestination(invocation) && !ReturnsExistingArray(method);
                }
            case IBinaryOperation binary:
                return binary.OperatorMethod is not null;
            case IUnaryOperation unary:
                return unary.OperatorMethod is not null;
            case IConversionOperation conversion:
                return conversion.OperatorMethod is not null;
            case IPropertyReferenceOperation property:
                // Library indexers and properties returning arrays build a view each time (a[1..], a.T); a property
                // of user code (or a collection's indexer) returns an array something else already owns.
                return IsLibraryMember(property.Property)
                    && property.Property.OriginalDefinition.Type is not ITypeParameterSymbol;
            default:
                return false;
        }
    }

    /// <summary>Whether the library marked the method as returning an existing array (the attribute is matched by name,
    /// so an internal attribute of the library is enough).</summary>
    private static bool ReturnsExistingArrayByAttribute(IMethodSymbol method)
    {
        foreach (var attribute in method.OriginalDefinition.GetAttributes())
            if (attribute.AttributeClass?.Name == "ReturnsExistingArrayAttribute") return true;
        return false;
    }

    /// <summary>"Into" forms (NumPy's <c>out=</c>) return the destination array they were given: no new array.</summary>
    private bool ReturnsItsDestination(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is not { Name: "destination" } parameter || !IsNDArray(parameter.Type)) continue;
            if (argument.ArgumentKind == ArgumentKind.DefaultValue) return false;
            var value = SkipConversions(argument.Value);
            return !(value.ConstantValue.HasValue && value.ConstantValue.Value is null) && value is not IDefaultValueOperation;
        }
        return false;
    }

    /// <summary>A method of the code being compiled that hands back an array that already exists: one of its
    /// parameters (a fluent helper: <c>return v;</c>, <c>=&gt; v</c>) or a field or property (<c>=&gt; _weights</c>,
    /// <c>return this.Weights;</c>). A name declared as a local of the method does not count: it may hold a new array.</summary>
    private static bool ReturnsExistingArray(IMethodSymbol method)
    {
        foreach (var reference in method.OriginalDefinition.DeclaringSyntaxReferences)
        {
            var body = reference.GetSyntax();
            var nodes = body.DescendantNodes(n => n == body || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)).ToList();
            var locals = new HashSet<string>(StringComparer.Ordinal);
            foreach (var node in nodes)
            {
                if (node is VariableDeclaratorSyntax declarator) locals.Add(declarator.Identifier.ValueText);
                else if (node is SingleVariableDesignationSyntax designation) locals.Add(designation.Identifier.ValueText);
                else if (node is ForEachStatementSyntax forEach) locals.Add(forEach.Identifier.ValueText);
            }
            foreach (var node in nodes)
            {
                var returned = node switch
                {
                    ReturnStatementSyntax r => r.Expression,
                    ArrowExpressionClauseSyntax a => a.Expression,
                    _ => null,
                };
                while (returned is ParenthesizedExpressionSyntax p) returned = p.Expression;
                if (returned is IdentifierNameSyntax name && !locals.Contains(name.Identifier.ValueText)) return true;
                if (returned is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }) return true;
            }
        }
        return false;
    }

    public static IOperation SkipConversions(IOperation operation)
    {
        while (operation is IConversionOperation { OperatorMethod: null } conversion) operation = conversion.Operand;
        return operation;
    }
}
