using Microsoft.Diagnostics.Runtime;

namespace NativeArrays.Inspection;

/// <summary>An <c>NDScope</c> open in the target: the arrays it owns are disposed when it ends.</summary>
public sealed record ScopeReport
{
    /// <summary>The scope's creation id in the target.</summary>
    public long Id { get; init; }
    /// <summary>Nesting depth (1 = no enclosing scope).</summary>
    public int Depth { get; init; }
    /// <summary>Array objects the scope owns now (its <c>Count</c>).</summary>
    public int Arrays { get; init; }
    /// <summary>Heap native bytes of the owner arrays among them.</summary>
    public long Bytes { get; init; }
}

/// <summary>
/// Reads the open scopes of the target from the static table <c>NDScope.s_table</c> (open scopes by handle), and each
/// scope's fields <c>_id</c>, <c>_depth</c>, <c>_count</c>, <c>_scopedBytes</c> and <c>_closed</c>.
/// </summary>
internal static class ScopeReader
{
    /// <summary>Full name of the scope type.</summary>
    public const string ScopeTypeName = InspectorContract.Scope.TypeName;

    /// <summary>The open scopes, by id; empty when the library has none (or predates scopes).</summary>
    public static IReadOnlyList<ScopeReport> Read(ClrRuntime runtime, ClrModule module)
    {
        try
        {
            var type = module.GetTypeByName(ScopeTypeName);
            var domain = runtime.AppDomains.FirstOrDefault() ?? runtime.SystemDomain;
            var field = type?.GetStaticFieldByName(InspectorContract.Scope.Table);
            if (field is null || domain is null || !field.IsInitialized(domain)) return [];
            var table = field.ReadObject(domain);
            if (table.IsNull || !table.IsArray) return [];
            var array = table.AsArray();
            var scopes = new List<ScopeReport>();
            for (int i = 0; i < array.Length; i++)
            {
                var scope = array.GetObjectValue(i);
                if (scope.IsNull || scope.ReadField<int>(InspectorContract.Scope.Closed) != 0) continue;
                scopes.Add(new ScopeReport
                {
                    Id = scope.ReadField<long>(InspectorContract.Scope.Id),
                    Depth = scope.ReadField<int>(InspectorContract.Scope.Depth),
                    Arrays = scope.ReadField<int>(InspectorContract.Scope.Count),
                    Bytes = scope.ReadField<long>(InspectorContract.Scope.ScopedBytes),
                });
            }
            scopes.Sort((x, y) => x.Id.CompareTo(y.Id));
            return scopes;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return [];
        }
    }
}
