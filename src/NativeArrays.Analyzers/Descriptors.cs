using Microsoft.CodeAnalysis;

namespace NativeArrays.Analyzers;

/// <summary>The diagnostics of the NativeArrays lifetime analyzer (category Reliability, Warning by default).</summary>
public static class Descriptors
{
    private const string Category = "Reliability";

    /// <summary>NA0001: an expression statement drops a new <c>NDArray&lt;T&gt;</c> without disposing it.</summary>
    public static readonly DiagnosticDescriptor DiscardedResult = new(
        id: "NA0001",
        title: "NDArray result is discarded without being disposed",
        messageFormat: "The NDArray returned by '{0}' is discarded and never disposed: its native buffer stays alive until a GC finalizes it; dispose it or open an NDScope around the statement",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "An expression statement creates an NDArray (a result of a method, operator, indexer or view) and drops it. Nothing disposes it, so its lease on the native buffer lasts until the garbage collector runs its finalizer and the tracker reports a leak. Open 'using (NDScope.Begin()) { ... }' around the statement, or keep the result in a 'using' local.");

    /// <summary>NA0002: a new <c>NDArray&lt;T&gt;</c> is used once as a temporary (receiver, argument, operand) and never disposed.</summary>
    public static readonly DiagnosticDescriptor Temporary = new(
        id: "NA0002",
        title: "NDArray temporary is never disposed",
        messageFormat: "The temporary NDArray '{0}' is used once and never disposed: its native buffer stays alive until a GC finalizes it; open an NDScope around the statement or keep it in a 'using' local",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "An NDArray created inside an expression (for example 'a + b' in '(a + b) * 2f', the slice in 'a[10..20].Fill(1f)' or the reshape in 'x.Reshape(10, 100).T') is passed on as a receiver, argument or operand and then dropped. Nothing disposes it. Open 'using (NDScope.Begin()) { ... }' around the statement, or keep the temporary in a 'using' local.");

    /// <summary>NA0003: a local holds a new <c>NDArray&lt;T&gt;</c> and is never disposed, returned or moved out.</summary>
    public static readonly DiagnosticDescriptor UndisposedLocal = new(
        id: "NA0003",
        title: "NDArray local is never disposed",
        messageFormat: "Local '{0}' holds an NDArray that is never disposed, returned or moved out: declare it with 'using' or open an NDScope",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A local is initialized with a new NDArray and then only read: it is not disposed, not returned, not stored elsewhere, not passed to code that could own it, and not moved out of a scope. Declare it with 'using var', dispose it, or open an NDScope around it.");
}
