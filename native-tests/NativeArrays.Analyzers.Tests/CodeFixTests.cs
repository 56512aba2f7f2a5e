using Microsoft.CodeAnalysis;

namespace NativeArrays.Analyzers.Tests;

/// <summary>The code fixes: 'using' for NA0003, a scope around the statement for NA0001/NA0002.</summary>
public sealed class CodeFixTests
{
    [Test]
    public Task UndisposedLocalGetsUsing() => Verify.CodeFix<AddUsingCodeFix>("""
        using NativeArrays;

        public sealed class C
        {
            float M(NDArray<float> a, NDArray<float> b)
            {
                // the sum
                var {|NA0003:c|} = a + b;
                return c.Sum();
            }
        }
        """, """
        using NativeArrays;

        public sealed class C
        {
            float M(NDArray<float> a, NDArray<float> b)
            {
                // the sum
                using var c = a + b;
                return c.Sum();
            }
        }
        """);

    [Test]
    public Task DiscardedResultIsWrappedInAScopeAndTheNamespaceImported() => Verify.CodeFix<WrapInScopeCodeFix>("""
        public sealed class C
        {
            void M(NativeArrays.NDArray<float> a)
            {
                {|NA0001:a.Reshape(10, 100)|};
                a.Fill(1f);
            }
        }
        """, """
        using NativeArrays;

        public sealed class C
        {
            void M(NativeArrays.NDArray<float> a)
            {
                using (NDScope.Begin())
                {
                    a.Reshape(10, 100);
                }
                a.Fill(1f);
            }
        }
        """);

    [Test]
    public Task TemporaryReceiverIsWrappedInAScope() => Verify.CodeFix<WrapInScopeCodeFix>("""
        using NativeArrays;

        public sealed class C
        {
            void M(NDArray<float> a)
            {
                {|NA0002:a[10..20]|}.Fill(1f);
            }
        }
        """, """
        using NativeArrays;

        public sealed class C
        {
            void M(NDArray<float> a)
            {
                using (NDScope.Begin())
                {
                    a[10..20].Fill(1f);
                }
            }
        }
        """);

    [Test]
    public Task DeclarationIsSplitSoTheLocalOutlivesTheScope() => Verify.CodeFix<WrapInScopeCodeFix>("""
        using NativeArrays;

        public sealed class C
        {
            float M(NDArray<float> a, NDArray<float> b)
            {
                var s = ({|NA0002:a + b|}).Sum();
                return s;
            }
        }
        """, """
        using NativeArrays;

        public sealed class C
        {
            float M(NDArray<float> a, NDArray<float> b)
            {
                float s;
                using (NDScope.Begin())
                {
                    s = (a + b).Sum();
                }
                return s;
            }
        }
        """);

    [Test]
    public Task UsingDeclarationIsNotRewritten() => Verify.CodeFix<WrapInScopeCodeFix>("""
        using NativeArrays;

        public sealed class C
        {
            void M(NDArray<float> a, NDArray<float> b)
            {
                using var c = ({|NA0002:a + b|}) * 2f;
                c.Fill(1f);
            }
        }
        """, """
        using NativeArrays;

        public sealed class C
        {
            void M(NDArray<float> a, NDArray<float> b)
            {
                using var c = ({|NA0002:a + b|}) * 2f;
                c.Fill(1f);
            }
        }
        """);

    [Test]
    public Task ReturnedArrayLeavesTheScopeThroughMoveToOuterScope() => Verify.CodeFix<WrapInScopeCodeFix>("""
        using NativeArrays;

        public sealed class C
        {
            NDArray<float> M(NDArray<float> a, NDArray<float> b)
            {
                return ({|NA0002:a + b|}) * 2f;
            }
        }
        """, """
        using NativeArrays;

        public sealed class C
        {
            NDArray<float> M(NDArray<float> a, NDArray<float> b)
            {
                using (NDScope.Begin())
                {
                    return ((a + b) * 2f).MoveToOuterScope();
                }
            }
        }
        """);

    [Test]
    public Task ArrayDeclarationLeavesTheScopeThroughMoveToOuterScope() => Verify.CodeFix<WrapInScopeCodeFix>("""
        using NativeArrays;

        public sealed class C
        {
            NDArray<float> M(NDArray<float> a, NDArray<float> b)
            {
                NDArray<float> c = ({|NA0002:a + b|}) * 2f;
                return c;
            }
        }
        """, """
        using NativeArrays;

        public sealed class C
        {
            NDArray<float> M(NDArray<float> a, NDArray<float> b)
            {
                NDArray<float> c;
                using (NDScope.Begin())
                {
                    c = ((a + b) * 2f).MoveToOuterScope();
                }
                return c;
            }
        }
        """);

    [Test]
    public Task FixAllWrapsEachStatementOnce() => Verify.CodeFix<WrapInScopeCodeFix>("""
        using NativeArrays;

        public sealed class C
        {
            void M(NDArray<float> a, NDArray<float> b)
            {
                _ = {|NA0001:({|NA0002:a + b|}) * 2f|};
                {|NA0002:a[1..]|}.Fill(1f);
            }
        }
        """, """
        using NativeArrays;

        public sealed class C
        {
            void M(NDArray<float> a, NDArray<float> b)
            {
                using (NDScope.Begin())
                {
                    _ = (a + b) * 2f;
                }
                using (NDScope.Begin())
                {
                    a[1..].Fill(1f);
                }
            }
        }
        """, iterations: 2);

    [Test]
    public Task TopLevelDeclarationIsSplit() => Verify.CodeFix<WrapInScopeCodeFix>("""
        using NativeArrays;

        using var a = new NDArray<float>(4);
        var s = ({|NA0002:a + a|}).Sum();
        System.Console.WriteLine(s);
        """, """
        using NativeArrays;

        using var a = new NDArray<float>(4);
        float s;
        using (NDScope.Begin())
        {
            s = (a + a).Sum();
        }
        System.Console.WriteLine(s);
        """, OutputKind.ConsoleApplication);

    [Test]
    public Task TopLevelLocalGetsUsing() => Verify.CodeFix<AddUsingCodeFix>("""
        using NativeArrays;

        var {|NA0003:a|} = new NDArray<float>(4);
        System.Console.WriteLine(a.Sum());
        """, """
        using NativeArrays;

        using var a = new NDArray<float>(4);
        System.Console.WriteLine(a.Sum());
        """, OutputKind.ConsoleApplication);
}
