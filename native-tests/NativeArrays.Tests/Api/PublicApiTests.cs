using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace NativeArrays.Tests.Api;

/// <summary>
/// The public surface of the NativeArrays assembly, dumped by reflection (every public type and every public or
/// protected member with its full signature, sorted), must equal the approved file <c>Api/PublicApi.approved.txt</c>.
/// The op forms are generated from one table (src/NativeArrays.Generators); this proves a change of the table or the
/// generator changed exactly the members it meant to. After a deliberate API change, copy the dump the failure names
/// over the approved file and review the diff.
/// </summary>
public class PublicApiTests
{
    [Test]
    public void PublicSurfaceMatchesTheApprovedFile()
    {
        string actual = PublicApi.Dump(typeof(NDArray).Assembly);
        string approvedPath = PublicApi.ApprovedPath();
        string approved = File.ReadAllText(approvedPath).ReplaceLineEndings("\n");
        if (actual == approved) return;
        string dumped = Path.Combine(Path.GetTempPath(), "NativeArrays.PublicApi.received.txt");
        File.WriteAllText(dumped, actual);
        var a = actual.Split('\n');
        var e = approved.Split('\n');
        var missing = e.Except(a).Take(20).ToArray();
        var added = a.Except(e).Take(20).ToArray();
        Assert.Fail($"The public API differs from {approvedPath} (the current dump is in {dumped}).\n" +
                    $"Missing ({e.Except(a).Count()}):\n  {string.Join("\n  ", missing)}\nAdded ({a.Except(e).Count()}):\n  {string.Join("\n  ", added)}");
    }

    [Test]
    public void TheDumpSeesSignatureDetails()
    {
        // The check can fail: the dump names generic constraints, parameter modifiers and defaults.
        string dump = PublicApi.Dump(typeof(NDArray).Assembly);
        Assert.That(dump, Does.Contain("static NativeArrays.NDArray`1[T] Add[T](NativeArrays.NDArray`1[T] x, T y) where T : unmanaged, System.Numerics.INumber`1[T]"));
        Assert.That(dump, Does.Contain("static System.Void Add[T](in NativeArrays.ReadOnlyNDSpan`1[T] x, in NativeArrays.ReadOnlyNDSpan`1[T] y, in NativeArrays.NDSpan`1[T] destination)"));
        Assert.That(dump, Does.Contain("Sum[T](NativeArrays.NDArray`1[T] array, System.Int32 axis, System.Boolean keepDims = False)"));
    }
}

/// <summary>Writes the public surface of an assembly as sorted text lines.</summary>
internal static class PublicApi
{
    public static string ApprovedPath([CallerFilePath] string thisFile = "")
    {
        string copied = Path.Combine(AppContext.BaseDirectory, "Api", "PublicApi.approved.txt");
        if (File.Exists(copied)) return copied;
        return Path.Combine(Path.GetDirectoryName(thisFile)!, "PublicApi.approved.txt");
    }

    public static string Dump(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (var t in assembly.GetTypes().Where(IsVisible))
        {
            string type = Name(t);
            lines.Add($"type {type} : {(t.BaseType is null ? "" : Name(t.BaseType))} [{Kind(t)}]{string.Join("", t.GetInterfaces().Select(i => " " + Name(i)).Order(StringComparer.Ordinal))}{Constraints(t.IsGenericTypeDefinition ? t.GetGenericArguments() : [])}");
            const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var m in t.GetMembers(all))
            {
                string? s = m switch
                {
                    MethodBase mb when mb.IsPublic || mb.IsFamily || mb.IsFamilyOrAssembly => Method(mb),
                    FieldInfo f when f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly => $"{(f.IsStatic ? "static " : "")}{(f.IsLiteral ? "const " : f.IsInitOnly ? "readonly " : "")}{Name(f.FieldType)} {f.Name}{(f.IsLiteral ? " = " + f.GetRawConstantValue() : "")}",
                    PropertyInfo p when Accessors(p).Any(a => a.IsPublic || a.IsFamily) => $"property {Name(p.PropertyType)} {p.Name}[{string.Join(", ", p.GetIndexParameters().Select(Parameter))}] {{{string.Join(" ", Accessors(p).Where(a => a.IsPublic || a.IsFamily).Select(a => a.Name.Split('_')[0]))}}}",
                    EventInfo e when e.AddMethod is { IsPublic: true } => $"event {Name(e.EventHandlerType!)} {e.Name}",
                    _ => null,
                };
                if (s is not null) lines.Add($"{type} :: {s}");
            }
        }
        lines.Sort(StringComparer.Ordinal);
        return string.Join("\n", lines) + "\n";
    }

    private static IEnumerable<MethodInfo> Accessors(PropertyInfo p) => new[] { p.GetMethod, p.SetMethod }.OfType<MethodInfo>();

    private static bool IsVisible(Type t) => t.IsPublic || (t.IsNestedPublic && IsVisible(t.DeclaringType!)) || (t.IsNestedFamily && IsVisible(t.DeclaringType!));

    private static string Kind(Type t) =>
        t.IsInterface ? "interface" : t.IsEnum ? "enum" : t.IsValueType ? (t.IsByRefLike ? "ref struct" : "struct") + (IsReadOnly(t) ? " readonly" : "")
        : typeof(Delegate).IsAssignableFrom(t) ? "delegate" : (t.IsAbstract && t.IsSealed ? "static class" : t.IsAbstract ? "abstract class" : t.IsSealed ? "sealed class" : "class");

    private static bool IsReadOnly(Type t) => t.GetCustomAttributes().Any(a => a.GetType().Name == "IsReadOnlyAttribute");

    private static string Method(MethodBase m)
    {
        var sb = new StringBuilder();
        if (m.IsStatic) sb.Append("static ");
        if (m.IsAbstract) sb.Append("abstract ");
        else if (m.IsVirtual && !m.IsFinal) sb.Append("virtual ");
        if (m.IsFamily || m.IsFamilyOrAssembly) sb.Append("protected ");
        if (m is MethodInfo mi)
        {
            if (mi.ReturnParameter.ParameterType.IsByRef) sb.Append(IsIn(mi.ReturnParameter) ? "ref readonly " : "ref ");
            sb.Append(Name(mi.ReturnType)).Append(' ');
        }
        sb.Append(m.Name);
        var generic = m.IsGenericMethodDefinition ? m.GetGenericArguments() : [];
        if (generic.Length > 0) sb.Append('[').Append(string.Join(",", generic.Select(g => g.Name))).Append(']');
        sb.Append('(').Append(string.Join(", ", m.GetParameters().Select(Parameter))).Append(')');
        sb.Append(Constraints(generic));
        return sb.ToString();
    }

    private static bool IsIn(ParameterInfo p) => p.GetCustomAttributes().Any(a => a.GetType().Name == "IsReadOnlyAttribute") || p.GetRequiredCustomModifiers().Any(m => m.Name == "InAttribute");

    private static string Parameter(ParameterInfo p)
    {
        var sb = new StringBuilder();
        if (p.GetCustomAttributes().Any(a => a is ParamArrayAttribute || a.GetType().Name == "ParamCollectionAttribute")) sb.Append("params ");
        if (p.GetCustomAttributes().Any(a => a.GetType().Name == "ScopedRefAttribute")) sb.Append("scoped ");
        var type = p.ParameterType;
        if (type.IsByRef)
        {
            sb.Append(p.IsOut ? "out " : IsIn(p) ? "in " : "ref ");
            type = type.GetElementType()!;
        }
        sb.Append(Name(type)).Append(' ').Append(p.Name);
        if (p.HasDefaultValue) sb.Append(" = ").Append(p.DefaultValue is null ? "null" : p.DefaultValue.ToString());
        return sb.ToString();
    }

    private static string Constraints(Type[] generic)
    {
        var parts = new List<string>();
        foreach (var g in generic)
        {
            var c = new List<string>();
            var a = g.GenericParameterAttributes;
            bool unmanaged = g.GetCustomAttributes().Any(x => x.GetType().Name == "IsUnmanagedAttribute");
            if (unmanaged) c.Add("unmanaged");
            else if ((a & GenericParameterAttributes.NotNullableValueTypeConstraint) != 0) c.Add("struct");
            if ((a & GenericParameterAttributes.ReferenceTypeConstraint) != 0) c.Add("class");
            c.AddRange(g.GetGenericParameterConstraints().Where(t => t != typeof(ValueType)).Select(Name).Order(StringComparer.Ordinal));
            if ((a & GenericParameterAttributes.DefaultConstructorConstraint) != 0 && (a & GenericParameterAttributes.NotNullableValueTypeConstraint) == 0) c.Add("new()");
            if ((a & GenericParameterAttributes.AllowByRefLike) != 0) c.Add("allows ref struct");
            if (c.Count > 0) parts.Add($" where {g.Name} : {string.Join(", ", c)}");
        }
        return string.Concat(parts);
    }

    private static string Name(Type t)
    {
        if (t.IsGenericParameter) return t.Name;
        if (t.IsByRef) return Name(t.GetElementType()!) + "&";
        if (t.IsPointer) return Name(t.GetElementType()!) + "*";
        if (t.IsArray) return Name(t.GetElementType()!) + "[" + new string(',', t.GetArrayRank() - 1) + "]";
        string name = t.IsNested ? Name(t.DeclaringType!) + "+" + t.Name : (t.Namespace is null ? "" : t.Namespace + ".") + t.Name;
        if (t.IsGenericType && !t.IsGenericTypeDefinition)
            name += "[" + string.Join(",", t.GetGenericArguments().Select(Name)) + "]";
        else if (t.IsGenericTypeDefinition)
            name += "[" + string.Join(",", t.GetGenericArguments().Select(g => g.Name)) + "]";
        return name;
    }
}
