namespace NativeArrays.Tests.Support.Reference;

internal enum ItemKind { Int, Slice, NewAxis, Ellipsis, CsIndex, CsRange }

/// <summary>One item of a basic index, in test terms (converted to <see cref="SliceIndex"/> by the library's own conversions).</summary>
internal readonly record struct IndexItem(ItemKind Kind, long Value = 0, long? Start = null, long? Stop = null, long Step = 1,
    Index CsIndex = default, Range CsRange = default, bool ViaLong = false)
{
    public SliceIndex ToSliceIndex() => Kind switch
    {
        ItemKind.Int => ViaLong ? (SliceIndex)Value : SliceIndex.At((nint)Value),
        ItemKind.Slice => SliceIndex.Slice((nint?)Start, (nint?)Stop, (nint)Step),
        ItemKind.NewAxis => SliceIndex.NewAxis,
        ItemKind.Ellipsis => SliceIndex.Ellipsis,
        ItemKind.CsIndex => CsIndex,
        ItemKind.CsRange => CsRange,
        _ => throw new InvalidOperationException(),
    };

    public bool Consumes => Kind is ItemKind.Int or ItemKind.Slice or ItemKind.CsIndex or ItemKind.CsRange;

    public override string ToString() => Kind switch
    {
        ItemKind.Int => Value.ToString(),
        ItemKind.Slice => $"{Start}:{Stop}:{Step}",
        ItemKind.NewAxis => "NewAxis",
        ItemKind.Ellipsis => "...",
        ItemKind.CsIndex => "Index(" + CsIndex + ")",
        ItemKind.CsRange => "Range(" + CsRange + ")",
        _ => "?",
    };
}

internal enum ReshapeMode { View, Try, OrCopy }

/// <summary>A view operation, applied both to the reference model and to the library.</summary>
internal abstract record ViewOp
{
    internal static nint[] N(long[] a) => Array.ConvertAll(a, x => (nint)x);
    internal static string L(long[] a) => "[" + string.Join(",", a) + "]";
    internal static string I(int[] a) => "[" + string.Join(",", a) + "]";
}

internal sealed record IndexOp(IndexItem[] Items) : ViewOp
{
    public SliceIndex[] SliceItems { get; } = Array.ConvertAll(Items, i => i.ToSliceIndex());
    public override string ToString() => "[" + string.Join(", ", Items) + "]";
}

/// <summary>Style 0: Permute(axes); 1: Transpose(); 2: .T; 3: SwapAxes(A, B).</summary>
internal sealed record PermuteOp(int Style, int[] Axes, int A = 0, int B = 0) : ViewOp
{
    public override string ToString() => Style switch
    {
        0 => $"Permute{I(Axes)}",
        1 => "Transpose()",
        2 => ".T",
        _ => $"SwapAxes({A},{B})",
    };
}

internal sealed record ReshapeOp(long[] Shape, ReshapeMode Mode) : ViewOp
{
    public nint[] NShape { get; } = N(Shape);
    public override string ToString() => $"Reshape{L(Shape)}({Mode})";
}

internal sealed record SqueezeOp(int? Axis) : ViewOp
{
    public override string ToString() => $"Squeeze({Axis})";
}

internal sealed record ExpandDimsOp(int Axis) : ViewOp
{
    public override string ToString() => $"ExpandDims({Axis})";
}

internal sealed record FlipOp(int? Axis) : ViewOp
{
    public override string ToString() => $"Flip({Axis})";
}

internal sealed record DiagonalOp(long K, int A1, int A2) : ViewOp
{
    public override string ToString() => $"Diagonal({K},{A1},{A2})";
}

internal sealed record BroadcastOp(long[] Shape) : ViewOp
{
    public nint[] NShape { get; } = N(Shape);
    public override string ToString() => $"BroadcastTo{L(Shape)}";
}

internal sealed record AsStridedOp(long[] Shape, long[] Strides, long? Offset, bool Writable) : ViewOp
{
    public nint[] NShape { get; } = N(Shape);
    public nint[] NStrides { get; } = N(Strides);
    public override string ToString() => $"AsStrided({L(Shape)},{L(Strides)},{Offset},{Writable})";
}

/// <summary>What the reference says an operation gives: a view or an exception type.</summary>
internal readonly record struct RefOutcome(RefView? View, Type? Error, string? Why)
{
    public static RefOutcome Ok(RefView v) => new(v, null, null);
    public static RefOutcome Fail<TException>(string why) where TException : Exception => new(null, typeof(TException), why);
}
