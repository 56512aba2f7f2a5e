namespace NativeArrays.Tests.Generated;

// The types the generated OpCatalog (OpCatalog.g.cs, from src/NativeArrays/Math/Operations.table) fills in: every
// public form of an operation as a delegate over NDArrays (span forms convert inside the delegate).

/// <summary>One row of the operations table.</summary>
internal sealed record OpInfo(string Name, string Kind, string Elements, string Result, string? Symbol, string NumPy)
{
    public override string ToString() => Name;
}

/// <summary>The public forms of an elementwise operation; a form the operation does not have is null.</summary>
internal sealed class ElementwiseForms<T, TOut> where T : unmanaged where TOut : unmanaged
{
    public Func<NDArray<T>, NDArray<T>, NDArray<TOut>>? Allocating { get; init; }
    public Func<NDArray<T>, T, NDArray<TOut>>? ScalarRight { get; init; }
    public Func<T, NDArray<T>, NDArray<TOut>>? ScalarLeft { get; init; }
    public Func<NDArray<T>, NDArray<T>, NDArray<TOut>, NDArray<TOut>>? Into { get; init; }
    public Func<NDArray<T>, T, NDArray<TOut>, NDArray<TOut>>? IntoScalarRight { get; init; }
    public Func<T, NDArray<T>, NDArray<TOut>, NDArray<TOut>>? IntoScalarLeft { get; init; }
    public Action<NDArray<T>, NDArray<T>, NDArray<TOut>>? Span { get; init; }
    public Action<NDArray<T>, T, NDArray<TOut>>? SpanScalarRight { get; init; }
    public Func<NDArray<T>, NDArray<T>, NDArray<T>>? InPlace { get; init; }
    public Func<NDArray<T>, T, NDArray<T>>? InPlaceScalar { get; init; }
    public Action<NDArray<T>, NDArray<T>>? SpanInPlace { get; init; }
    public Action<NDArray<T>, T>? SpanInPlaceScalar { get; init; }
    public Func<NDArray<T>, NDArray<T>, NDArray<TOut>>? Operator { get; init; }
    public Func<NDArray<T>, T, NDArray<TOut>>? OperatorScalarRight { get; init; }
    public Func<T, NDArray<T>, NDArray<TOut>>? OperatorScalarLeft { get; init; }

    public Func<NDArray<T>, NDArray<TOut>>? UnaryAllocating { get; init; }
    public Func<NDArray<T>, NDArray<TOut>, NDArray<TOut>>? UnaryInto { get; init; }
    public Action<NDArray<T>, NDArray<TOut>>? UnarySpan { get; init; }
    public Func<NDArray<T>, NDArray<T>>? UnaryInPlace { get; init; }
    public Action<NDArray<T>>? UnarySpanInPlace { get; init; }
    public Func<NDArray<T>, NDArray<TOut>>? UnaryOperator { get; init; }
}

/// <summary>The public forms of a reduction; a form the reduction does not have is null.</summary>
internal sealed class ReductionForms<T, TAcc> where T : unmanaged where TAcc : unmanaged
{
    public required Func<NDArray<T>, TAcc> Whole { get; init; }
    public required Func<NDArray<T>, int, bool, NDArray<TAcc>> Axis { get; init; }
    public AxesForm? Axes { get; init; }
    public Func<NDArray<T>, int, NDArray<TAcc>, bool, NDArray<TAcc>>? AxisInto { get; init; }
    public AxesIntoForm? AxesInto { get; init; }

    public delegate NDArray<TAcc> AxesForm(NDArray<T> x, ReadOnlySpan<int> axes, bool keepDims);
    public delegate NDArray<TAcc> AxesIntoForm(NDArray<T> x, ReadOnlySpan<int> axes, NDArray<TAcc> destination, bool keepDims);
}
