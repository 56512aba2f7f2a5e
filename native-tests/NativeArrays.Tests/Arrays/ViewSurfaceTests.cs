using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static NativeArrays.SliceIndex;
using ArrayOp = NativeArrays.Tests.Arrays.ViewApiParityTests.ArrayOp;
using ReadOnlySpanOp = NativeArrays.Tests.Arrays.ViewApiParityTests.ReadOnlySpanOp;
using SpanOp = NativeArrays.Tests.Arrays.ViewApiParityTests.SpanOp;

// The chained array operations make intermediate views; every test runs them inside an NDScope, which disposes them.
#pragma warning disable NA0002

namespace NativeArrays.Tests.Arrays;

/// <summary>
/// The view surface <see cref="NDSpan{T}"/> and <see cref="ReadOnlyNDSpan{T}"/> share is generated once
/// (src/NativeArrays.Generators/ViewSurfaceGenerator.cs): both types expose the same members, only the hand-written
/// differences differ, the generated files declare the shared members, and on random strided sources and random chains
/// of view operations both types behave as the class view (same shape, strides, origin, elements, or the same exception).
/// </summary>
public unsafe class ViewSurfaceTests
{
    /// <summary>The members of one type that the other lacks: exactly the hand-written differences.</summary>
    private static readonly string[] s_onlyWritable =
    [
        "ref T At(params ReadOnlySpan<nint> index)",
        "static View op_Implicit(View span)",
        "View AsReadOnly()",
        "void Fill(T value)",
        "void Set(ReadOnlySpan<nint> index, T value)",
    ];

    private static readonly string[] s_onlyReadOnly = ["ref readonly T At(params ReadOnlySpan<nint> index)"];

    [Test]
    public void BothSpanTypesExposeTheSameMembersButTheHandWrittenDifferences()
    {
        var writable = Surface(typeof(NDSpan<>));
        var readOnly = Surface(typeof(ReadOnlyNDSpan<>));
        Assert.That(writable.Except(readOnly).Order(StringComparer.Ordinal), Is.EqualTo(s_onlyWritable.Order(StringComparer.Ordinal)));
        Assert.That(readOnly.Except(writable), Is.EqualTo(s_onlyReadOnly));
        Assert.That(writable.Intersect(readOnly).Count(), Is.GreaterThanOrEqualTo(17), "the shared view surface");
    }

    [Test]
    public void TheWritableSpanReturnsAReadOnlySpanOnlyFromItsReadOnlyMembers()
    {
        var returnsReadOnly = typeof(NDSpan<>).GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => ReturnType(m) is { IsGenericType: true } t && t.GetGenericTypeDefinition() == typeof(ReadOnlyNDSpan<>))
            .Select(m => m.Name).Distinct().Order(StringComparer.Ordinal);
        Assert.That(returnsReadOnly, Is.EqualTo(new[] { "AsReadOnly", "BroadcastTo", "op_Implicit" }));
    }

    [Test]
    public void TheGeneratedFilesDeclareTheSharedSurface()
    {
        var shared = Surface(typeof(NDSpan<>)).Intersect(Surface(typeof(ReadOnlyNDSpan<>))).Count();
        foreach (var type in new[] { "NDSpan", "ReadOnlyNDSpan" })
        {
            string path = GeneratedFile(type + ".View.g.cs");
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(path)).GetRoot();
            var declaration = root.DescendantNodes().OfType<StructDeclarationSyntax>().Single();
            Assert.That(declaration.Identifier.ValueText, Is.EqualTo(type), path);
            Assert.That(declaration.Modifiers.Any(SyntaxKind.PartialKeyword) && declaration.Modifiers.Any(SyntaxKind.RefKeyword), Is.True, path);
            var publicMembers = declaration.Members.Where(m => m.Modifiers.Any(SyntaxKind.PublicKeyword)).ToList();
            Assert.That(publicMembers, Has.Count.EqualTo(shared), $"{path}: every shared public member, and nothing else");
            Assert.That(publicMembers.All(m => m.GetLeadingTrivia().ToFullString().Contains("<summary>", StringComparison.Ordinal)), Is.True, $"{path}: docs");
        }
    }

    /// <summary>A generated file of the view surface, from the library's obj folder of this build's configuration.</summary>
    private static string GeneratedFile(string name)
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NativeArrays.sln"))) dir = dir.Parent;
        Assert.That(dir, Is.Not.Null, "repository root");
        string path = Path.Combine(dir!.FullName, "src", "NativeArrays", "obj", configuration, "net10.0", "generated",
            "NativeArrays.Generators", "NativeArrays.Generators.ViewSurfaceGenerator", name);
        Assert.That(File.Exists(path), Is.True, $"{path}: build the library in {configuration} first");
        return path;
    }

    /// <summary>
    /// The public members of a span type as signatures in which either span type reads <c>View</c> (which members
    /// return the read-only type is checked on its own).
    /// </summary>
    private static HashSet<string> Surface(Type type) =>
        type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Select(m => m switch
            {
                MethodInfo { IsSpecialName: true, Name: not ("op_Implicit" or "op_Explicit") } => null, // accessors: their property
                MethodInfo mi => $"{(mi.IsStatic ? "static " : "")}{Returned(mi.ReturnParameter)} {mi.Name}({Parameters(mi.GetParameters())})",
                PropertyInfo p => $"{Returned(p.GetMethod!.ReturnParameter)} {p.Name}[{Parameters(p.GetIndexParameters())}]",
                ConstructorInfo => null, // the public parameterless constructor of every struct
                _ => $"{m.MemberType} {m.Name}",
            })
            .OfType<string>().ToHashSet();

    private static Type? ReturnType(MemberInfo m) => m switch { MethodInfo mi => mi.ReturnType, PropertyInfo p => p.PropertyType, _ => null };

    private static string Returned(ParameterInfo p)
    {
        if (!p.ParameterType.IsByRef) return Name(p.ParameterType);
        bool readOnly = p.GetCustomAttributes().Any(a => a.GetType().Name == "IsReadOnlyAttribute") || p.GetRequiredCustomModifiers().Any(m => m.Name == "InAttribute");
        return (readOnly ? "ref readonly " : "ref ") + Name(p.ParameterType.GetElementType()!);
    }

    private static string Parameters(ParameterInfo[] parameters) => string.Join(", ", parameters.Select(p =>
        (p.GetCustomAttributes().Any(a => a is ParamArrayAttribute || a.GetType().Name == "ParamCollectionAttribute") ? "params " : "")
        + Name(p.ParameterType) + " " + p.Name + (p.HasDefaultValue ? " = " + (p.DefaultValue ?? "null") : "")));

    /// <summary>C#-like type name; either span type reads <c>View</c>.</summary>
    private static string Name(Type t)
    {
        if (t.IsGenericParameter) return t.Name;
        if (t.IsPointer) return Name(t.GetElementType()!) + "*";
        if (!t.IsGenericType) return t == typeof(nint) ? "nint" : t == typeof(int) ? "int" : t == typeof(bool) ? "bool" : t == typeof(void) ? "void" : t.Name;
        var definition = t.GetGenericTypeDefinition();
        if (definition == typeof(NDSpan<>) || definition == typeof(ReadOnlyNDSpan<>)) return "View";
        if (definition == typeof(Nullable<>)) return Name(t.GetGenericArguments()[0]) + "?";
        string name = definition.Name[..definition.Name.IndexOf('`')];
        return $"{name}<{string.Join(", ", t.GetGenericArguments().Select(a => Name(a)))}>";
    }

    // --- behaviour on random sources -------------------------------------------------------------------------------

    /// <summary>A random strided, offset source: an arange of a random shape (rank 0 to 4, lengths 0 to 4), sliced with random starts and steps.</summary>
    private static NDArray<int> RandomSource(Random rng)
    {
        int rank = rng.Next(0, 5);
        var shape = new nint[rank];
        for (int d = 0; d < rank; d++) shape[d] = rng.Next(0, 5) + (rng.Next(3) == 0 ? 0 : 1);
        nint size = 1;
        foreach (var n in shape) size *= n;
        using var flat = NDArray.Arange((int)size);
        using var array = flat.Reshape(shape);
        var index = new SliceIndex[rank];
        for (int d = 0; d < rank; d++)
        {
            int step = rng.Next(2) == 0 ? rng.Next(1, 3) : -rng.Next(1, 3);
            index[d] = Slice(shape[d] > 1 && rng.Next(2) == 0 ? 1 : null, null, step);
        }
        return array[index];
    }

    /// <summary>One random view operation for a view of <paramref name="rank"/> (out-of-range arguments included, on purpose).</summary>
    private static (string Name, ArrayOp Array, SpanOp Span, ReadOnlySpanOp ReadOnly) RandomOp(Random rng, int rank)
    {
        int Axis() => rng.Next(-rank - 1, rank + 1);
        switch (rng.Next(11))
        {
            case 0:
            {
                int a = Axis();
                return ($"[{a}]", x => x[a], s => s[a], s => s[a]);
            }
            case 1:
            {
                int step = rng.Next(2) == 0 ? 2 : -1;
                return ($"[NewAxis, .., ::{step}]", x => x.Slice(NewAxis, Ellipsis, Slice(step: step)), s => s.Slice(NewAxis, Ellipsis, Slice(step: step)), s => s.Slice(NewAxis, Ellipsis, Slice(step: step)));
            }
            case 2:
                return ("Transpose", x => x.Transpose(), s => s.Transpose(), s => s.Transpose());
            case 3:
            {
                int[] axes = Enumerable.Range(0, rank).OrderBy(_ => rng.Next()).ToArray();
                if (rank > 0 && rng.Next(4) == 0) axes[0] = axes[^1]; // a repeated axis
                return ($"Permute({string.Join(",", axes)})", x => x.Permute(axes), s => s.Permute(axes), s => s.Permute(axes));
            }
            case 4:
            {
                int a = Axis(), b = Axis();
                return ($"SwapAxes({a},{b})", x => x.SwapAxes(a, b), s => s.SwapAxes(a, b), s => s.SwapAxes(a, b));
            }
            case 5:
            {
                nint[] shape = rng.Next(3) switch { 0 => [-1], 1 => [-1, 1], _ => [1, -1] };
                return ($"Reshape({string.Join(",", shape)})", x => x.Reshape(shape), s => s.Reshape(shape), s => s.Reshape(shape));
            }
            case 6:
            {
                int? a = rng.Next(2) == 0 ? null : Axis();
                return ($"Squeeze({a})", x => x.Squeeze(a), s => s.Squeeze(a), s => s.Squeeze(a));
            }
            case 7:
            {
                int a = rng.Next(-rank - 2, rank + 2);
                return ($"ExpandDims({a})", x => x.ExpandDims(a), s => s.ExpandDims(a), s => s.ExpandDims(a));
            }
            case 8:
            {
                int? a = rng.Next(2) == 0 ? null : Axis();
                return ($"Flip({a})", x => x.Flip(a), s => s.Flip(a), s => s.Flip(a));
            }
            default:
            {
                nint offset = rng.Next(-3, 4);
                int a = Axis(), b = Axis();
                return ($"Diagonal({offset},{a},{b})", x => x.Diagonal(offset, a, b), s => s.Diagonal(offset, a, b), s => s.Diagonal(offset, a, b));
            }
        }
    }

    [TestCase(1001)]
    [TestCase(1002)]
    [TestCase(1003)]
    public void OnRandomSourcesAndChainsBothSpanTypesBehaveAsTheArray(int seed)
    {
        var rng = new Random(seed);
        int compared = 0, refused = 0;
        for (int trial = 0; trial < 150; trial++)
        {
            using var scope = NDScope.Begin(); // disposes the sources and every intermediate view
            var array = RandomSource(rng); // reassigned to each view of the chain; the scope disposes all
            string chain = $"source {Describe(array)}";
            NDSpan<int> span = array.AsNDSpan();
            ReadOnlyNDSpan<int> readOnly = array.AsReadOnlyNDSpan();
            for (int step = rng.Next(1, 5); step > 0; step--)
            {
                var (name, arrayOp, spanOp, readOnlyOp) = RandomOp(rng, array.Rank);
                chain += " ." + name;
                Type? expected = null;
                NDArray<int>? next = null;
                try { next = arrayOp(array); }
                catch (Exception e) { expected = e.GetType(); }
                if (expected is not null)
                {
                    // A ref struct cannot be captured by Assert.That's delegate: caught here instead.
                    Type? spanThrew = null, readOnlyThrew = null;
                    try { spanOp(span); }
                    catch (Exception e) { spanThrew = e.GetType(); }
                    try { readOnlyOp(readOnly); }
                    catch (Exception e) { readOnlyThrew = e.GetType(); }
                    Assert.That(spanThrew, Is.EqualTo(expected), $"NDSpan: {chain}");
                    Assert.That(readOnlyThrew, Is.EqualTo(expected), $"ReadOnlyNDSpan: {chain}");
                    refused++;
                    break;
                }
                array = next!;
                span = spanOp(span);
                readOnly = readOnlyOp(readOnly);
                AssertSameView(array, span, readOnly, chain);
                compared++;
            }
        }
        Assert.That(compared, Is.GreaterThan(100), "views compared");
        Assert.That(refused, Is.GreaterThan(10), "bad inputs compared");
    }

    [TestCase(2001)]
    [TestCase(2002)]
    public void BroadcastToAgreesOnRandomSources(int seed)
    {
        var rng = new Random(seed);
        for (int trial = 0; trial < 100; trial++)
        {
            using var scope = NDScope.Begin();
            var array = RandomSource(rng);
            // Prepend up to two axes and stretch the length-1 ones (or, one time in four, a mismatched length).
            var target = new List<nint>();
            for (int k = rng.Next(0, 3); k > 0; k--) target.Add(rng.Next(0, 4));
            foreach (var n in array.Shape) target.Add(n == 1 ? rng.Next(0, 4) : rng.Next(4) == 0 ? n + 1 : n);
            nint[] shape = [.. target];
            string what = $"{Describe(array)} -> ({string.Join(",", shape)})";
            Type? expected = null;
            NDArray<int>? broadcast = null;
            try { broadcast = array.BroadcastTo(shape); }
            catch (Exception e) { expected = e.GetType(); }
            if (expected is not null)
            {
                Assert.That(() => { array.AsNDSpan().BroadcastTo(shape); }, Throws.TypeOf(expected), what);
                Assert.That(() => { array.AsReadOnlyNDSpan().BroadcastTo(shape); }, Throws.TypeOf(expected), what);
                continue;
            }
            ReadOnlyNDSpan<int> fromWritable = array.AsNDSpan().BroadcastTo(shape);
            ReadOnlyNDSpan<int> fromReadOnly = array.AsReadOnlyNDSpan().BroadcastTo(shape);
            foreach (var view in new[] { 0, 1 })
            {
                var span = view == 0 ? fromWritable : fromReadOnly;
                Assert.That(span.Shape.ToArray(), Is.EqualTo(broadcast!.Shape.ToArray()), what);
                Assert.That(span.Strides.ToArray(), Is.EqualTo(broadcast.Strides.ToArray()), what);
                Assert.That((nint)span.Pointer, Is.EqualTo((nint)((int*)broadcast.Buffer.DangerousGetHandle() + broadcast.Offset)), what);
            }
        }
    }

    private static string Describe(NDArray<int> a) => $"({string.Join(",", a.Shape.ToArray())}) strides ({string.Join(",", a.Strides.ToArray())})";

    /// <summary>Same shape, strides, origin, size, rank, contiguity and elements as the class view.</summary>
    private static void AssertSameView(NDArray<int> expected, NDSpan<int> span, ReadOnlyNDSpan<int> readOnly, string chain)
    {
        int* origin = (int*)expected.Buffer.DangerousGetHandle() + expected.Offset;
        Assert.That(span.Shape.ToArray(), Is.EqualTo(expected.Shape.ToArray()), $"NDSpan shape: {chain}");
        Assert.That(span.Strides.ToArray(), Is.EqualTo(expected.Strides.ToArray()), $"NDSpan strides: {chain}");
        Assert.That(readOnly.Shape.ToArray(), Is.EqualTo(expected.Shape.ToArray()), $"ReadOnlyNDSpan shape: {chain}");
        Assert.That(readOnly.Strides.ToArray(), Is.EqualTo(expected.Strides.ToArray()), $"ReadOnlyNDSpan strides: {chain}");
        Assert.That((nint)span.Pointer, Is.EqualTo((nint)origin), $"NDSpan origin: {chain}");
        Assert.That((nint)readOnly.Pointer, Is.EqualTo((nint)origin), $"ReadOnlyNDSpan origin: {chain}");
        Assert.That((span.Rank, span.Size, span.IsCContiguous, span.Buffer), Is.EqualTo((expected.Rank, expected.Size, expected.IsCContiguous, expected.Buffer)), $"NDSpan: {chain}");
        Assert.That((readOnly.Rank, readOnly.Size, readOnly.IsCContiguous, readOnly.Buffer), Is.EqualTo((expected.Rank, expected.Size, expected.IsCContiguous, expected.Buffer)), $"ReadOnlyNDSpan: {chain}");
        ViewApiParityTests.AssertSameElements(expected, span, readOnly);
    }
}
