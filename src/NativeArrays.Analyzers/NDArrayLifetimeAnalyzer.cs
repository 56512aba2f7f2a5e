using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace NativeArrays.Analyzers;

/// <summary>
/// Reports <c>NDArray&lt;T&gt;</c> values that nothing disposes when no <c>NDScope</c> encloses them:
/// a discarded result (NA0001), a temporary passed on as receiver, argument or operand (NA0002), and a local that
/// is never disposed, returned or moved out (NA0003). It stays silent wherever the value may escape to an owner
/// it cannot see: a false warning on correct code costs more than a missed leak.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NDArrayLifetimeAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.DiscardedResult, Descriptors.Temporary, Descriptors.UndisposedLocal);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var types = KnownTypes.From(start.Compilation);
            if (types is null) return;
            start.RegisterOperationAction(c => Analyze(c, types),
                OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.Binary, OperationKind.Unary,
                OperationKind.Conversion, OperationKind.PropertyReference);
            start.RegisterOperationAction(c => AnalyzeDeclarator(c, types), OperationKind.VariableDeclarator);
        });
    }

    private static void Analyze(OperationAnalysisContext context, KnownTypes types)
    {
        var operation = context.Operation;
        if (operation.SemanticModel is not { } model || !types.CreatesNDArray(operation)) return;

        var (consumer, value) = Consumer(operation);
        var descriptor = Classify(consumer, value, types);
        if (descriptor is null || descriptor == Descriptors.UndisposedLocal) return; // see AnalyzeDeclarator

        if (ScopeFinder.IsInsideScope(operation.Syntax, model, types, context.CancellationToken)) return;
        context.ReportDiagnostic(Diagnostic.Create(descriptor, operation.Syntax.GetLocation(), Describe(operation.Syntax)));
    }

    /// <summary>NA0003, reported on the declarator so that the diagnostic lies inside the analyzed operation.</summary>
    private static void AnalyzeDeclarator(OperationAnalysisContext context, KnownTypes types)
    {
        var declarator = (IVariableDeclaratorOperation)context.Operation;
        if (declarator.Initializer is not { } initializer
            || declarator.Syntax is not VariableDeclaratorSyntax { Parent.Parent: LocalDeclarationStatementSyntax statement } syntax
            || statement.UsingKeyword.RawKind != 0
            || !types.IsNDArray(declarator.Symbol.Type)
            || !types.CreatesNDArray(KnownTypes.SkipConversions(initializer.Value))
            || declarator.SemanticModel is not { } model
            || !NeverLeaves(declarator.Symbol, declarator, types)
            || ScopeFinder.IsInsideScope(statement, model, types, context.CancellationToken)) return;
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.UndisposedLocal, syntax.Identifier.GetLocation(), declarator.Symbol.Name));
    }

    /// <summary>The operation that consumes the value, above conversions that do not create anything; and the
    /// child of that consumer through which the value arrives.</summary>
    private static (IOperation? Consumer, IOperation Value) Consumer(IOperation operation)
    {
        var value = operation;
        var consumer = operation.Parent;
        while (consumer is IConversionOperation { OperatorMethod: null })
        {
            value = consumer;
            consumer = consumer.Parent;
        }
        return (consumer, value);
    }

    private static DiagnosticDescriptor? Classify(IOperation? consumer, IOperation value, KnownTypes types)
    {
        switch (consumer)
        {
            case IExpressionStatementOperation { IsImplicit: true }:
                // The body of an expression lambda given to a void delegate: Assert.Throws(() => a.Reshape(5, 2))
                // expects the call to throw. Not a statement someone wrote to drop a result.
                return null;
            case IExpressionStatementOperation:
            case ISimpleAssignmentOperation { Target: IDiscardOperation }:
                return Descriptors.DiscardedResult;
            case IInvocationOperation invocation when invocation.Instance == value:
                return KnownTypes.IsLifetimeCall(invocation.TargetMethod) ? null : Descriptors.Temporary;
            case IPropertyReferenceOperation property when property.Instance == value:
                return Descriptors.Temporary;
            case IArgumentOperation argument:
                return BorrowsArgument(argument, types) ? Descriptors.Temporary : null;
            case IBinaryOperation binary:
                return types.IsLibraryMember(binary.OperatorMethod) ? Descriptors.Temporary : null;
            case IUnaryOperation unary:
                return types.IsLibraryMember(unary.OperatorMethod) ? Descriptors.Temporary : null;
            case IInterpolationOperation:
                return Descriptors.Temporary;
            case IVariableInitializerOperation:
                return Descriptors.UndisposedLocal;
            default:
                // Returned, thrown, yielded, stored in a field, property, element or out/ref, a branch of ?: or ??,
                // a using resource, a collection element: the value goes somewhere that may own it.
                return null;
        }
    }

    /// <summary>Whether the callee only borrows the argument for the call: library members (not the scope API nor the
    /// lifetime calls), and the text-formatting methods of <c>Console</c> and <c>String</c>. A user method, a
    /// constructor of user code or a generic collection method may keep the array, so it is presumed to own it.</summary>
    private static bool BorrowsArgument(IArgumentOperation argument, KnownTypes types)
    {
        if (argument.Parameter is null || argument.Parameter.OriginalDefinition.Type is ITypeParameterSymbol) return false;
        if (argument.Parameter.RefKind != RefKind.None) return false;
        ISymbol? callee = argument.Parent switch
        {
            IInvocationOperation invocation => invocation.TargetMethod,
            IObjectCreationOperation creation => creation.Constructor,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };
        if (callee is null) return false;
        if (callee is IMethodSymbol method && KnownTypes.IsLifetimeCall(method)) return false;
        if (types.IsLibraryMember(callee)) return true;
        var type = callee.ContainingType;
        return type is { Name: "Console" or "String", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };
    }

    /// <summary>NA0003's test: every read of the local only borrows it (library members, operators, formatting), and
    /// none disposes it, returns it, stores it, captures it in a lambda, hands it to code that could own it or
    /// moves it out of a scope.</summary>
    private static bool NeverLeaves(ILocalSymbol local, IOperation declarator, KnownTypes types)
    {
        var root = declarator;
        while (root.Parent is not null) root = root.Parent;
        var home = EnclosingFunction(declarator);
        foreach (var reference in root.Descendants())
        {
            if (reference is not ILocalReferenceOperation localReference
                || !SymbolEqualityComparer.Default.Equals(localReference.Local, local)) continue;
            if (EnclosingFunction(reference) != home) return false; // captured by a lambda or local function
            if (!OnlyBorrows(reference, types)) return false;
        }
        return true;
    }

    private static IOperation? EnclosingFunction(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation) return current;
        return null;
    }

    private static bool OnlyBorrows(IOperation reference, KnownTypes types)
    {
        var (parent, value) = Consumer(reference);
        reference = value;
        switch (parent)
        {
            case IInvocationOperation invocation when invocation.Instance == reference:
                {
                    var method = invocation.TargetMethod;
                    if (KnownTypes.IsLifetimeCall(method)) return false;
                    return types.IsLibraryMember(method) || method.ContainingType?.SpecialType == SpecialType.System_Object;
                }
            case IPropertyReferenceOperation property when property.Instance == reference:
                return types.IsLibraryMember(property.Property);
            case IArgumentOperation argument:
                return BorrowsArgument(argument, types);
            case IBinaryOperation binary:
                return binary.OperatorMethod is null || types.IsLibraryMember(binary.OperatorMethod);
            case IUnaryOperation unary:
                return types.IsLibraryMember(unary.OperatorMethod);
            case IInterpolationOperation:
            case IIsPatternOperation:
            case IIsTypeOperation:
                return true;
            default:
                return false;
        }
    }

    private static string Describe(SyntaxNode syntax)
    {
        var text = syntax.ToString().Replace("\r", " ").Replace("\n", " ");
        return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
    }
}
