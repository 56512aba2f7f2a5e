using System.Reflection;
using System.Xml.Linq;

namespace NativeArrays.Tests.Packaging;

/// <summary>
/// The XML documentation files that ship next to the libraries (and in their packages) describe the public API only:
/// the compiler writes every documented member, internal ones included, and build/PublicXmlDocs.targets trims them.
/// </summary>
public class XmlDocsTests
{
    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static IEnumerable<TestCaseData> Libraries()
    {
        yield return new TestCaseData(typeof(NDArray<>).Assembly).SetArgDisplayNames("NativeArrays");
        yield return new TestCaseData(typeof(NativeArrays.Inspection.HeapSnapshot).Assembly).SetArgDisplayNames("NativeArrays.Inspection");
    }

    private static string DocName(Type t) => t.FullName!.Replace('+', '.');

    private static bool Visible(Type t) => t.IsVisible;

    private static bool Visible(MemberInfo m) => m switch
    {
        MethodBase b => b.IsPublic || b.IsFamily || b.IsFamilyOrAssembly || (b.IsPrivate && b.Name.Contains('.') && !b.Name.StartsWith('.')),
        FieldInfo f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly,
        PropertyInfo p => p.GetAccessors(nonPublic: true).Any(a => Visible((MemberInfo)a)),
        EventInfo e => e.AddMethod is { } add && Visible((MemberInfo)add),
        Type t => t.IsVisible,
        _ => false,
    };

    [TestCaseSource(nameof(Libraries))]
    public void ShippedXmlHoldsPublicMembersOnly(Assembly library)
    {
        string path = Path.ChangeExtension(library.Location, ".xml");
        Assert.That(File.Exists(path), Is.True, $"{path} is copied next to the assembly");
        var ids = XDocument.Load(path).Descendants("member").Select(m => (string)m.Attribute("name")!).ToList();
        var types = library.GetTypes().ToDictionary(DocName);
        var leaks = new List<string>();
        foreach (string id in ids)
        {
            string kind = id[..2], rest = id[2..];
            if (kind == "T:")
            {
                if (!types.TryGetValue(rest, out var type) || !Visible(type)) leaks.Add(id);
                continue;
            }
            string head = rest.Split('(')[0].Split('~')[0];
            int dot = head.LastIndexOf('.');
            string typeName = head[..dot], member = head[(dot + 1)..].Split("``")[0]
                .Replace('#', '.').Replace('{', '<').Replace('}', '>').Replace('@', ',');
            if (!types.TryGetValue(typeName, out var declaring) || !Visible(declaring)) { leaks.Add(id); continue; }
            var candidates = declaring.GetMember(member, All);
            if (candidates.Length == 0 || !candidates.Any(Visible)) leaks.Add(id);
        }
        Assert.That(ids, Is.Not.Empty);
        Assert.That(leaks, Is.Empty, $"{leaks.Count} non-public members documented in {Path.GetFileName(path)}");
        // Compiler-generated types (C# 14 extension block markers "<G>$…") have no doc entry of their own.
        var missing = types.Values.Where(t => t.IsVisible && !t.Name.Contains('<') && !ids.Contains("T:" + DocName(t))).Select(DocName).ToList();
        Assert.That(missing, Is.Empty, "every public type keeps its documentation");
    }

    [Test]
    public void KnownPublicAndInternalMembers()
    {
        string path = Path.ChangeExtension(typeof(NDArray<>).Assembly.Location, ".xml");
        var ids = XDocument.Load(path).Descendants("member").Select(m => (string)m.Attribute("name")!).ToHashSet();
        Assert.Multiple(() =>
        {
            Assert.That(ids, Does.Contain("M:NativeArrays.NativeArraysSettings.Parse(System.String,System.String)"));
            Assert.That(ids, Does.Contain("T:NativeArrays.NDArray`1"));
            Assert.That(ids, Does.Contain("F:NativeArrays.NativeArraysSettings.SectionName"));
            // Documented in the source, internal: not in the shipped file.
            Assert.That(ids, Does.Not.Contain("M:NativeArrays.NativeArraysSettings.Override(NativeArrays.NativeArraysSettings)"));
        });
    }
}
