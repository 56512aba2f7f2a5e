namespace NativeArrays.Analyzers.Tests;

/// <summary>A small stand-in for the library's public surface, compiled into its own assembly "NativeArrays" that
/// every test source references: the analyzer matches NDArray`1 and NDScope by metadata name, library members by
/// assembly.</summary>
internal static class Stubs
{
    public static string Source(bool withScope) => Array + (withScope ? Scope : "") + "}\n";

    private const string Array = """
        #nullable enable
        namespace NativeArrays
        {
            public sealed class NDArray<T> : System.IDisposable where T : unmanaged
            {
                public NDArray(params int[] shape) { }
                public static NDArray<T> Zeros(params int[] shape) => new NDArray<T>(shape);
                public NDArray<T> this[System.Range range] => this;
                public int Rank => 1;
                public NDArray<T> Reshape(params int[] shape) => this;
                public NDArray<T> Copy() => this;
                public void Fill(T value) { }
                public NDArray<T> AddInPlace(NDArray<T> other) => this;
                [ReturnsExistingArray] public NDArray<T> Assign(NDArray<T> value) => this;
                public T Sum() => default;
                public bool SharesMemory(NDArray<T> other) => false;
                public NDArray<T> MoveToOuterScope() => this;
                public NDArray<T> DetachFromScope() => this;
                public static NDArray<T> operator +(NDArray<T> x, NDArray<T> y) => x;
                public static NDArray<T> operator *(NDArray<T> x, T y) => x;
                public static NDArray<T> operator -(NDArray<T> x) => x;
                public void Dispose() { }
            }

            [System.AttributeUsage(System.AttributeTargets.Method)]
            internal sealed class ReturnsExistingArrayAttribute : System.Attribute { }

            public static class NDArray
            {
                /// <summary>An "into" form: returns the destination.</summary>
                public static NDArray<T> Add<T>(NDArray<T> x, NDArray<T> y, NDArray<T> destination) where T : unmanaged => destination;
                public static NDArray<T> Where<T>(NDArray<bool> condition, NDArray<T> x, NDArray<T> y, NDArray<T>? destination = null) where T : unmanaged => x;
            }

            public static class NDArrayExtensions
            {
                extension<TElement>(NDArray<TElement> array) where TElement : unmanaged
                {
                    public NDArray<TElement> T => array;
                }

                public static NDArray<TElement> Sqrt<TElement>(this NDArray<TElement> x) where TElement : unmanaged => x;
            }

        """;

    private const string Scope = """
            public sealed class NDScope : System.IDisposable
            {
                public static NDScope Begin() => new NDScope();
                public static NDScope? Current => null;
                public int Count => 0;
                public void Dispose() { }
            }

        """;
}
