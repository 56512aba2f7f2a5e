using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

// PublicDocs <assembly.dll> <docs.xml>: removes from docs.xml every <member> that is not visible outside the assembly
// (public or protected members of public types, explicit interface implementations of public types). Every doc ID of
// the file must match a member of the assembly, so a mistake in the ID encoding fails the build instead of dropping
// or keeping docs silently. Rewrites the file only when something changes.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: PublicDocs <assembly.dll> <docs.xml>");
    return 2;
}
var (visible, all) = DocIds.Read(args[0]);
var doc = XDocument.Load(args[1], LoadOptions.PreserveWhitespace);
var members = doc.Root?.Element("members");
if (members is null) { Console.Error.WriteLine($"{args[1]}: no <members> element"); return 1; }
var unknown = new List<string>();
int removed = 0;
foreach (var m in members.Elements("member").ToList())
{
    string id = (string?)m.Attribute("name") ?? "";
    if (visible.Contains(id)) continue;
    if (!all.Contains(id)) { unknown.Add(id); continue; }
    if (m.PreviousNode is XText ws && string.IsNullOrWhiteSpace(ws.Value)) ws.Remove();
    m.Remove();
    removed++;
}
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"{args[1]}: error PD0001: {unknown.Count} doc IDs match no member of {Path.GetFileName(args[0])} (ID encoding out of step with the compiler): {string.Join(", ", unknown.Take(10))}");
    return 1;
}
if (removed > 0)
{
    var settings = new System.Xml.XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false };
    using (var w = System.Xml.XmlWriter.Create(args[1], settings)) doc.Save(w);
    Console.WriteLine($"PublicDocs: {Path.GetFileName(args[1])}: removed {removed} non-public members, kept {members.Elements("member").Count()}");
}
return 0;

/// <summary>Documentation comment IDs (ECMA-334 annex D, as Roslyn writes them) of an assembly's members.</summary>
internal static class DocIds
{
    public static (HashSet<string> Visible, HashSet<string> All) Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var provider = new TypeNames(md);
        var visible = new HashSet<string>(StringComparer.Ordinal);
        var all = new HashSet<string>(StringComparer.Ordinal);
        foreach (var th in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(th);
            string typeName = provider.DefinitionName(th);
            bool typeVisible = IsVisible(md, th);
            Add("T:" + typeName, typeVisible);
            foreach (var fh in type.GetFields())
            {
                var f = md.GetFieldDefinition(fh);
                Add("F:" + typeName + "." + Escape(md.GetString(f.Name)), typeVisible && Visible(f.Attributes & FieldAttributes.FieldAccessMask));
            }
            foreach (var mh in type.GetMethods())
            {
                var m = md.GetMethodDefinition(mh);
                string name = md.GetString(m.Name);
                var sig = m.DecodeSignature(provider, null);
                string id = "M:" + typeName + "." + Escape(name);
                if (sig.GenericParameterCount > 0) id += "``" + sig.GenericParameterCount;
                id += Parameters(sig.ParameterTypes);
                if (name is "op_Implicit" or "op_Explicit") id += "~" + sig.ReturnType;
                var access = m.Attributes & MethodAttributes.MemberAccessMask;
                bool explicitImpl = access == MethodAttributes.Private && name.Contains('.') && !name.StartsWith('.');
                Add(id, typeVisible && (Visible(access) || explicitImpl));
            }
            foreach (var ph in type.GetProperties())
            {
                var p = md.GetPropertyDefinition(ph);
                var sig = p.DecodeSignature(provider, null);
                var acc = p.GetAccessors();
                bool vis = AccessorVisible(md, acc.Getter) || AccessorVisible(md, acc.Setter);
                Add("P:" + typeName + "." + Escape(md.GetString(p.Name)) + Parameters(sig.ParameterTypes), typeVisible && vis);
            }
            foreach (var eh in type.GetEvents())
            {
                var e = md.GetEventDefinition(eh);
                var acc = e.GetAccessors();
                Add("E:" + typeName + "." + Escape(md.GetString(e.Name)), typeVisible && (AccessorVisible(md, acc.Adder) || AccessorVisible(md, acc.Remover)));
            }
        }
        return (visible, all);

        void Add(string id, bool isVisible)
        {
            all.Add(id);
            if (isVisible) visible.Add(id);
        }
    }

    private static string Parameters(ImmutableArray<string> types) => types.Length == 0 ? "" : "(" + string.Join(",", types) + ")";

    // Explicit implementations ("System.Collections.Generic.IEnumerable<T>.GetEnumerator") and constructors (".ctor")
    // are written System#Collections#Generic#IEnumerable{T}#GetEnumerator and #ctor.
    private static string Escape(string name) => name.Replace('.', '#').Replace('<', '{').Replace('>', '}').Replace(',', '@');

    private static bool Visible(FieldAttributes access) =>
        access is FieldAttributes.Public or FieldAttributes.Family or FieldAttributes.FamORAssem;

    private static bool Visible(MethodAttributes access) =>
        access is MethodAttributes.Public or MethodAttributes.Family or MethodAttributes.FamORAssem;

    private static bool AccessorVisible(MetadataReader md, MethodDefinitionHandle h)
    {
        if (h.IsNil) return false;
        var m = md.GetMethodDefinition(h);
        var access = m.Attributes & MethodAttributes.MemberAccessMask;
        return Visible(access) || (access == MethodAttributes.Private && md.GetString(m.Name).Contains('.'));
    }

    private static bool IsVisible(MetadataReader md, TypeDefinitionHandle h)
    {
        var t = md.GetTypeDefinition(h);
        var v = t.Attributes & TypeAttributes.VisibilityMask;
        if (v == TypeAttributes.Public) return true;
        if (v is TypeAttributes.NestedPublic or TypeAttributes.NestedFamily or TypeAttributes.NestedFamORAssem)
            return IsVisible(md, t.GetDeclaringType());
        return false;
    }
}

/// <summary>Type names as doc IDs write them in parameter lists (generic arguments in braces).</summary>
internal sealed partial class TypeNames(MetadataReader md) : ISignatureTypeProvider<string, object?>
{
    /// <summary>A type definition's own ID: namespace, enclosing types joined with '.', arity suffixes kept.</summary>
    public string DefinitionName(TypeDefinitionHandle h)
    {
        var t = md.GetTypeDefinition(h);
        string name = md.GetString(t.Name);
        var declaring = t.GetDeclaringType();
        if (!declaring.IsNil) return DefinitionName(declaring) + "." + name;
        string ns = md.GetString(t.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    private string ReferenceName(TypeReferenceHandle h)
    {
        var t = md.GetTypeReference(h);
        string name = md.GetString(t.Name);
        if (t.ResolutionScope.Kind == HandleKind.TypeReference) return ReferenceName((TypeReferenceHandle)t.ResolutionScope) + "." + name;
        string ns = md.GetString(t.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode switch
    {
        PrimitiveTypeCode.Boolean => "System.Boolean",
        PrimitiveTypeCode.Byte => "System.Byte",
        PrimitiveTypeCode.SByte => "System.SByte",
        PrimitiveTypeCode.Char => "System.Char",
        PrimitiveTypeCode.Int16 => "System.Int16",
        PrimitiveTypeCode.UInt16 => "System.UInt16",
        PrimitiveTypeCode.Int32 => "System.Int32",
        PrimitiveTypeCode.UInt32 => "System.UInt32",
        PrimitiveTypeCode.Int64 => "System.Int64",
        PrimitiveTypeCode.UInt64 => "System.UInt64",
        PrimitiveTypeCode.Single => "System.Single",
        PrimitiveTypeCode.Double => "System.Double",
        PrimitiveTypeCode.IntPtr => "System.IntPtr",
        PrimitiveTypeCode.UIntPtr => "System.UIntPtr",
        PrimitiveTypeCode.Object => "System.Object",
        PrimitiveTypeCode.String => "System.String",
        PrimitiveTypeCode.TypedReference => "System.TypedReference",
        PrimitiveTypeCode.Void => "System.Void",
        _ => throw new BadImageFormatException($"primitive type {typeCode}"),
    };

    public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => DefinitionName(handle);
    public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => ReferenceName(handle);
    public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
    public string GetSZArrayType(string elementType) => elementType + "[]";
    public string GetArrayType(string elementType, ArrayShape shape) =>
        elementType + "[" + string.Join(",", Enumerable.Range(0, shape.Rank).Select(i =>
            (i < shape.LowerBounds.Length ? shape.LowerBounds[i].ToString(System.Globalization.CultureInfo.InvariantCulture) : "0") + ":"
            + (i < shape.Sizes.Length ? shape.Sizes[i].ToString(System.Globalization.CultureInfo.InvariantCulture) : ""))) + "]";
    public string GetPointerType(string elementType) => elementType + "*";
    public string GetByReferenceType(string elementType) => elementType + "@";
    public string GetPinnedType(string elementType) => elementType;
    public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
    public string GetGenericTypeParameter(object? genericContext, int index) => "`" + index;
    public string GetGenericMethodParameter(object? genericContext, int index) => "``" + index;
    // Roslyn writes a function-pointer parameter (delegate*<...>) as an empty name in doc IDs
    // ("M:N.C.M(System.UInt64,)"), not the ECMA "=FUNC:" form; match what the compiler emits.
    public string GetFunctionPointerType(MethodSignature<string> signature) => "";

    private static string Parameters(ImmutableArray<string> types) => "(" + string.Join(",", types) + ")";

    /// <summary>Outer`1.Inner`2 with arguments (A, B, C) is written Outer{A}.Inner{B,C}.</summary>
    public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments)
    {
        int next = 0;
        string result = Arity().Replace(genericType, m =>
        {
            int n = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            string args = string.Join(",", typeArguments.Skip(next).Take(n));
            next += n;
            return "{" + args + "}";
        });
        if (next != typeArguments.Length) throw new BadImageFormatException($"{genericType} has {next} type parameters, given {typeArguments.Length}");
        return result;
    }

    [GeneratedRegex(@"`(\d+)")]
    private static partial Regex Arity();
}
