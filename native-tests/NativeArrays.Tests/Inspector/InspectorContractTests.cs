using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using NativeArrays.IO;
using NativeArrays.Layout;
using NativeArrays.Memory;
using Contract = NativeArrays.Diagnostics.InspectorContract;

namespace NativeArrays.Tests.Inspector;

/// <summary>
/// The inspector reads the library by name (ClrMD over a target's heap). Every name and value it reads is declared in
/// src/NativeArrays/Diagnostics/InspectorContract.cs; these tests check the library against it by reflection, and the
/// inspector's sources against using names outside it.
/// </summary>
public partial class InspectorContractTests
{
    private const BindingFlags AnyField = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>What is wrong with each contract entry (empty when the library matches).</summary>
    private static List<string> Mismatches(IEnumerable<Contract.Field> fields)
    {
        var problems = new List<string>();
        var library = typeof(NativeBuffer).Assembly;
        foreach (var f in fields)
        {
            var type = library.GetType(f.Type) ?? (f.Type == typeof(SafeHandle).FullName ? typeof(SafeHandle) : null);
            if (type is null) { problems.Add($"type {f.Type} does not exist"); continue; }
            var field = type.GetField(f.Name, AnyField);
            if (field is null) { problems.Add($"{f.Type} has no field {f.Name}"); continue; }
            string actual = field.FieldType.FullName ?? field.FieldType.Name;
            if (actual != f.FieldType) problems.Add($"{f.Type}.{f.Name} is {actual}, the contract says {f.FieldType}");
            if (field.IsStatic != f.IsStatic) problems.Add($"{f.Type}.{f.Name} is {(field.IsStatic ? "" : "not ")}static, the contract says the opposite");
        }
        return problems;
    }

    [Test]
    public void EveryFieldTheInspectorReadsExistsWithItsType()
    {
        Assert.That(Contract.Fields, Has.Length.GreaterThanOrEqualTo(30));
        Assert.That(Mismatches(Contract.Fields), Is.Empty);
    }

    [Test]
    public void AWrongEntryIsReported()
    {
        var wrong = new Contract.Field[]
        {
            new(Contract.Buffer.TypeName, "_noSuchField", "System.Int32"),
            new(Contract.Buffer.TypeName, Contract.Buffer.Id, "System.Int32"),
            new(Contract.Tracker.TypeName, Contract.Tracker.LiveBytes, "System.Int64", IsStatic: false),
            new("NativeArrays.NoSuchType", "_x", "System.Int32"),
        };
        Assert.That(Mismatches(wrong), Has.Count.EqualTo(4));
    }

    [Test]
    public void TypeNamesAreTheLibrarysFullNames()
    {
        Assert.Multiple(() =>
        {
            Assert.That(typeof(NativeBuffer).FullName, Is.EqualTo(Contract.Buffer.TypeName));
            Assert.That(typeof(NDLayout).FullName, Is.EqualTo(Contract.Layout.TypeName));
            Assert.That(typeof(AllocationTracker).FullName, Is.EqualTo(Contract.Tracker.TypeName));
            Assert.That(typeof(NativeAllocator).FullName, Is.EqualTo(Contract.Allocator.TypeName));
            Assert.That(typeof(MappedRegion).FullName, Is.EqualTo(Contract.MappedRegion.TypeName));
            Assert.That(typeof(NativeArraysSettings).FullName, Is.EqualTo(Contract.Settings.TypeName));
            Assert.That(typeof(NDScope).FullName, Is.EqualTo(Contract.Scope.TypeName));
            Assert.That(typeof(NDArray<>).FullName, Is.EqualTo(Contract.Array.GenericTypeName));
            // ClrMD names a constructed generic "NativeArrays.NDArray<System.Single>".
            Assert.That(typeof(NDArray<>).Namespace + "." + typeof(NDArray<>).Name.Split('`')[0] + "<", Is.EqualTo(Contract.Array.TypeNamePrefix));
            Assert.That(typeof(SafeHandle).FullName, Is.EqualTo(Contract.Buffer.SafeHandleTypeName));
            Assert.That(typeof(NativeBuffer).IsSubclassOf(typeof(SafeHandle)));
        });
    }

    [Test]
    public void DecodedValuesMatchTheLibrary()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Contract.BufferKind.Heap, Is.EqualTo((int)NativeBufferKind.Heap));
            Assert.That(Contract.BufferKind.MemoryMapped, Is.EqualTo((int)NativeBufferKind.MemoryMapped));
            Assert.That(Contract.BufferKind.External, Is.EqualTo((int)NativeBufferKind.External));
            Assert.That(Enum.GetValues<NativeBufferKind>(), Has.Length.EqualTo(3), "a new buffer kind must be added to the contract");
            Assert.That(Contract.Array.DisposedBit, Is.EqualTo(NDArray<float>.DisposedFlag));
            Assert.That(Contract.Array.OwnerBit, Is.EqualTo(NDArray<float>.OwnerFlag));
            Assert.That(Contract.Array.ReadOnlyBit, Is.EqualTo(NDArray<float>.ReadOnlyFlag));
            Assert.That(Contract.Layout.CContiguousBit, Is.EqualTo(NDLayout.CContiguousFlag));
            Assert.That(Contract.Layout.FContiguousBit, Is.EqualTo(NDLayout.FContiguousFlag));
            Assert.That(Contract.MappedRegion.ReadOnly, Is.EqualTo((int)NpyMapMode.ReadOnly).And.EqualTo((int)MapAccess.ReadOnly));
            Assert.That(Contract.MappedRegion.ReadWrite, Is.EqualTo((int)NpyMapMode.ReadWrite).And.EqualTo((int)MapAccess.ReadWrite));
            Assert.That(Contract.MappedRegion.CopyOnWrite, Is.EqualTo((int)NpyMapMode.CopyOnWrite).And.EqualTo((int)MapAccess.CopyOnWrite));
        });
    }

    [Test]
    public void TheInspectorNamesNoFieldOrTypeOutsideTheContract()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NativeArrays.sln"))) dir = dir.Parent;
        Assert.That(dir, Is.Not.Null);
        var offenders = new List<string>();
        foreach (var tool in new[] { "NativeArrays.Inspection", "NativeArrays.Inspector" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(dir!.FullName, "tools", tool), "*.cs", SearchOption.AllDirectories))
            {
                if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)) continue;
                int line = 0;
                foreach (var text in File.ReadLines(file))
                {
                    line++;
                    if (LiteralName().IsMatch(text)) offenders.Add($"{Path.GetFileName(file)}:{line}: {text.Trim()}");
                }
            }
        }
        Assert.That(offenders, Is.Empty, "Heap names read with a literal instead of InspectorContract");
    }

    /// <summary>A ClrMD by-name read with a string literal, or a literal naming a library type.</summary>
    [GeneratedRegex(@"(FieldByName|ReadField<[^>]+>|ReadStringField|ReadObjectField|GetTypeByName|ReadStatic\w*)\([^)]*""|""NativeArrays\.(Memory|Layout|IO|NDArray|NDScope|NativeArraysSettings)")]
    private static partial Regex LiteralName();
}
