using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace NativeArrays.Layout;

/// <summary>
/// An immutable shape and element strides, shared between views that have the same ones (a small per-thread cache
/// hands out the same instance), which keeps a view object small. The offset lives in the array, not here.
/// </summary>
/// <remarks><c>_dims</c> holds the shape entries then the stride entries. The inspector reads fields of this type by name: they are listed in <c>Diagnostics/InspectorContract.cs</c> (checked by a test); rename them there too.</remarks>
public sealed class NDLayout
{
    /// <summary>Highest rank an array may have.</summary>
    public const int MaxRank = 32;

    internal const int CContiguousFlag = 1;
    internal const int FContiguousFlag = 2;

    private readonly nint[] _dims;
    private readonly int _flags;
    private readonly nint _size;

    private NDLayout(nint[] dims, int flags, nint size)
    {
        _dims = dims;
        _flags = flags;
        _size = size;
    }

    /// <summary>Number of dimensions.</summary>
    public int Rank => _dims.Length >> 1;
    /// <summary>Length of each dimension.</summary>
    /// <remarks>No range checks (<c>_dims</c> holds 2 × rank entries): a few instructions, inlined on every call's path.</remarks>
    public ReadOnlySpan<nint> Shape
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetArrayDataReference(_dims), _dims.Length >> 1);
    }
    /// <summary>Step between neighbours along each dimension, in elements (negative allowed, 0 for broadcast).</summary>
    public ReadOnlySpan<nint> Strides
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            int rank = _dims.Length >> 1;
            return MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_dims), rank), rank);
        }
    }
    /// <summary>Number of elements (product of the shape).</summary>
    public nint Size => _size;
    /// <summary>Whether the elements are laid out in row-major order without gaps.</summary>
    public bool IsCContiguous => (_flags & CContiguousFlag) != 0;
    /// <summary>Whether the elements are laid out in column-major order without gaps.</summary>
    public bool IsFContiguous => (_flags & FContiguousFlag) != 0;

    /// <summary>
    /// The thread's layouts: a 2-way set-associative cache of <see cref="CacheSets"/> sets (two slots per set, the most
    /// recent first), so that the few shapes a loop of view operations makes stay cached together and a view allocates
    /// nothing once its shape and strides were seen on the thread.
    /// </summary>
    [ThreadStatic] private static NDLayout?[]? t_cache;
    /// <summary>The thread's last 1-d contiguous layout (<see cref="CreateContiguous"/>'s shortcut; the same instance as the cache's).</summary>
    [ThreadStatic] private static NDLayout? t_lastVector;
    private const int CacheBits = 6, CacheSets = 1 << CacheBits;

    /// <summary>The 0-d layout.</summary>
    public static NDLayout Scalar { get; } = new([], CContiguousFlag | FContiguousFlag, 1);

    /// <summary>A layout with the given shape and strides (validated for rank and size overflow).</summary>
    /// <exception cref="ArgumentException">Rank above <see cref="MaxRank"/>, lengths differ, or a negative dimension.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The element count overflows.</exception>
    public static NDLayout Create(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides)
    {
        if (shape.Length != strides.Length) ThrowRankMismatch(shape, strides);
        if (shape.Length == 0) return Scalar;
        // A cached layout was validated when it was made: a hit (the same shape) needs no second check.
        var cache = t_cache ??= new NDLayout?[2 * CacheSets];
        int set = Hash(shape, strides) << 1;
        var first = cache[set];
        if (first is not null && first.Has(shape, strides)) return first;
        var second = cache[set + 1];
        if (second is not null && second.Has(shape, strides))
        {
            // Most recent first: a miss then evicts the older of the two.
            cache[set + 1] = first;
            return cache[set] = second;
        }
        var made = CreateUncached(shape, strides);
        cache[set + 1] = first;
        return cache[set] = made;
    }

    /// <summary>
    /// The layout of (<paramref name="shape"/>, <paramref name="strides"/>) for a view derived from one of layout
    /// <paramref name="source"/>: <paramref name="source"/> itself when the operation kept its shape and strides, else
    /// <see cref="Create"/>'s.
    /// </summary>
    internal static NDLayout Derived(NDLayout source, ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides) =>
        source.Has(shape, strides) ? source : Create(shape, strides);

    /// <summary>Whether this layout has exactly <paramref name="shape"/> and <paramref name="strides"/> (ranks are small: a plain loop, no call).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Has(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides)
    {
        int rank = _dims.Length >> 1;
        if (rank != shape.Length || rank != strides.Length) return false;
        ref nint d = ref MemoryMarshal.GetArrayDataReference(_dims);
        for (int i = 0; i < rank; i++)
            if (Unsafe.Add(ref d, i) != shape[i] || Unsafe.Add(ref d, rank + i) != strides[i]) return false;
        return true;
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowRankMismatch(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides) =>
        throw new ArgumentException($"Shape {ShapeText(shape)} and strides {ShapeText(strides)} differ in rank.");

    /// <summary>A new layout (validated), for a cache miss.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static NDLayout CreateUncached(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides)
    {
        nint size = CheckedSize(shape);
        var dims = new nint[shape.Length * 2];
        shape.CopyTo(dims);
        strides.CopyTo(dims.AsSpan(shape.Length));
        return new NDLayout(dims, ComputeFlags(shape, strides), size);
    }

    /// <summary>A C-contiguous layout of <paramref name="shape"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The strides overflow: the product of the non-zero dimensions does not fit, even when another dimension is 0.</exception>
    public static NDLayout CreateContiguous(ReadOnlySpan<nint> shape, bool fortranOrder = false)
    {
        // 1-d (every allocating call on a vector): the thread's last 1-d contiguous layout, without hashing.
        if (shape.Length == 1 && t_lastVector is { } last && last._dims[0] == shape[0]) return last;
        CheckedSize(shape);
        if (shape.Length == 1) return t_lastVector = Create(shape, [1]);
        nint extent = 1;
        foreach (nint d in shape)
        {
            if (d == 0) continue;
            if (extent > nint.MaxValue / d)
                throw new ArgumentOutOfRangeException(nameof(shape), $"The strides of shape {ShapeText(shape)} overflow (the product of its non-zero dimensions is too big).");
            extent *= d;
        }
        Span<nint> strides = stackalloc nint[shape.Length];
        ContiguousStrides(shape, strides, fortranOrder);
        return Create(shape, strides);
    }

    /// <summary>Writes the contiguous strides of <paramref name="shape"/> (C or Fortran order) into <paramref name="strides"/>.</summary>
    public static void ContiguousStrides(ReadOnlySpan<nint> shape, Span<nint> strides, bool fortranOrder = false)
    {
        nint step = 1;
        if (fortranOrder)
            for (int i = 0; i < shape.Length; i++) { strides[i] = step; step *= Math.Max(shape[i], 1); }
        else
            for (int i = shape.Length - 1; i >= 0; i--) { strides[i] = step; step *= Math.Max(shape[i], 1); }
    }

    /// <summary>Product of <paramref name="shape"/>, checking rank, signs and overflow.</summary>
    /// <exception cref="ArgumentException">A negative dimension or rank above <see cref="MaxRank"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The product overflows.</exception>
    public static nint CheckedSize(ReadOnlySpan<nint> shape)
    {
        if (shape.Length > MaxRank)
            throw new ArgumentException($"Rank {shape.Length} exceeds the maximum rank {MaxRank}.", nameof(shape));
        nint size = 1;
        bool overflow = false;
        foreach (nint d in shape)
        {
            if (d < 0) throw new ArgumentException($"Shape {ShapeText(shape)} has a negative dimension.", nameof(shape));
            if (overflow) continue;
            try { size = checked(size * d); }
            catch (OverflowException) { overflow = true; }
        }
        if (overflow && !shape.Contains(0))
            throw new ArgumentOutOfRangeException(nameof(shape), $"The element count of shape {ShapeText(shape)} overflows.");
        return overflow ? 0 : size;
    }

    internal static int ComputeFlags(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides)
    {
        bool c = true, f = true;
        foreach (nint d in shape) if (d == 0) return CContiguousFlag | FContiguousFlag;
        nint step = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            if (shape[i] == 1) continue;
            if (strides[i] != step) { c = false; break; }
            step *= shape[i];
        }
        step = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] == 1) continue;
            if (strides[i] != step) { f = false; break; }
            step *= shape[i];
        }
        return (c ? CContiguousFlag : 0) | (f ? FContiguousFlag : 0);
    }

    /// <summary>The cache slot of a shape and strides (of equal length): a multiplicative hash, top bits.</summary>
    private static int Hash(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides)
    {
        const ulong K = 0x9E3779B97F4A7C15;
        ulong h = (ulong)shape.Length;
        for (int i = 0; i < shape.Length; i++)
        {
            h = (BitOperations.RotateLeft(h, 23) ^ (ulong)shape[i]) * K;
            h = (BitOperations.RotateLeft(h, 23) ^ (ulong)strides[i]) * K;
        }
        return (int)(h >> (64 - CacheBits));
    }

    /// <summary>Formats a shape the way NumPy does: <c>(3, 4)</c>, <c>(5,)</c>, <c>()</c>.</summary>
    public static string ShapeText(ReadOnlySpan<nint> shape)
    {
        if (shape.Length == 1) return $"({shape[0]},)";
        var sb = new StringBuilder("(");
        for (int i = 0; i < shape.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(shape[i]);
        }
        return sb.Append(')').ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => $"shape {ShapeText(Shape)}, strides {ShapeText(Strides)}";
}

/// <summary>Fixed storage for up to <see cref="NDLayout.MaxRank"/> dimensions, used by the ref-struct views.</summary>
[InlineArray(NDLayout.MaxRank)]
internal struct DimBuffer
{
    private nint _element0;
}
