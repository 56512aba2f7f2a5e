using System.Runtime.CompilerServices;

namespace NativeArrays.Common;

/// <summary>NumPy's kind of an element type, as the character of its dtype (<c>'b'</c>, <c>'i'</c>, <c>'u'</c>, <c>'f'</c>).</summary>
internal enum ElementKind : byte
{
    /// <summary><c>'b'</c>: bool.</summary>
    Bool = (byte)'b',
    /// <summary><c>'i'</c>: signed integer.</summary>
    SignedInteger = (byte)'i',
    /// <summary><c>'u'</c>: unsigned integer.</summary>
    UnsignedInteger = (byte)'u',
    /// <summary><c>'f'</c>: IEEE floating point (Half, float, double).</summary>
    Float = (byte)'f',
}

/// <summary>
/// Everything the library knows about one element type, in one row: the CLR type and its C# name, NumPy's dtype name,
/// kind and size (hence the <c>.npy</c> descriptor, the DLPack code and how it prints), and whether
/// <c>Vector128/256/512</c> hold it.
/// </summary>
/// <param name="ClrType">The .NET type.</param>
/// <param name="CSharpName">Its C# name ("float", "Half", ...), for messages.</param>
/// <param name="Name">NumPy's dtype name ("float32", "uint8", "bool", ...).</param>
/// <param name="Kind">NumPy's kind.</param>
/// <param name="Size">Bytes per element.</param>
/// <param name="IsVectorElement">Whether the SIMD vector types support it (all but bool and Half).</param>
internal sealed record ElementTypeInfo(Type ClrType, string CSharpName, string Name, ElementKind Kind, int Size, bool IsVectorElement)
{
    /// <summary>NumPy's kind character.</summary>
    public char KindCode => (char)Kind;

    /// <summary>Whether it is a floating-point type (Half, float, double).</summary>
    public bool IsFloat => Kind == ElementKind.Float;

    /// <summary>The little-endian <c>.npy</c> descriptor NumPy writes (<c>'|b1'</c>, <c>'&lt;f4'</c>: <c>|</c> for one-byte types).</summary>
    public string NpyDescr => $"{(Size == 1 ? '|' : '<')}{KindCode}{Size}";
}

/// <summary>
/// The element types NativeArrays stores: the one table every layer asks (names, <c>.npy</c> codes, DLPack codes,
/// printing, vector support), and the few predicates hot kernels ask at JIT time.
/// </summary>
internal static class ElementTypes
{
    /// <summary>Every supported element type, in the order messages list them.</summary>
    public static IReadOnlyList<ElementTypeInfo> All { get; } =
    [
        new(typeof(bool), "bool", "bool", ElementKind.Bool, 1, IsVectorElement: false),
        new(typeof(byte), "byte", "uint8", ElementKind.UnsignedInteger, 1, IsVectorElement: true),
        new(typeof(sbyte), "sbyte", "int8", ElementKind.SignedInteger, 1, IsVectorElement: true),
        new(typeof(short), "short", "int16", ElementKind.SignedInteger, 2, IsVectorElement: true),
        new(typeof(ushort), "ushort", "uint16", ElementKind.UnsignedInteger, 2, IsVectorElement: true),
        new(typeof(int), "int", "int32", ElementKind.SignedInteger, 4, IsVectorElement: true),
        new(typeof(uint), "uint", "uint32", ElementKind.UnsignedInteger, 4, IsVectorElement: true),
        new(typeof(long), "long", "int64", ElementKind.SignedInteger, 8, IsVectorElement: true),
        new(typeof(ulong), "ulong", "uint64", ElementKind.UnsignedInteger, 8, IsVectorElement: true),
        new(typeof(Half), "Half", "float16", ElementKind.Float, 2, IsVectorElement: false),
        new(typeof(float), "float", "float32", ElementKind.Float, 4, IsVectorElement: true),
        new(typeof(double), "double", "float64", ElementKind.Float, 8, IsVectorElement: true),
    ];

    /// <summary>The row of <paramref name="type"/>, or null for a type NativeArrays does not store.</summary>
    public static ElementTypeInfo? Find(Type type)
    {
        foreach (var info in All) if (info.ClrType == type) return info;
        return null;
    }

    /// <summary>The row of NumPy kind <paramref name="kind"/> and <paramref name="size"/> bytes, or null.</summary>
    public static ElementTypeInfo? Find(ElementKind kind, int size)
    {
        foreach (var info in All) if (info.Kind == kind && info.Size == size) return info;
        return null;
    }

    /// <summary>The row of <typeparamref name="T"/> (cached per type), or null when it is not an element type.</summary>
    public static ElementTypeInfo? TryOf<T>() where T : unmanaged => Cache<T>.Info;

    /// <summary>The row of <typeparamref name="T"/>.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not an element type NativeArrays supports.</exception>
    public static ElementTypeInfo Of<T>() where T : unmanaged => Cache<T>.Info ?? throw Unsupported(typeof(T));

    /// <summary>The exception for a type that is not an element type; the message lists the supported ones.</summary>
    public static NotSupportedException Unsupported(Type t) => new(
        $"Element type {t} is not supported. Supported: {string.Join(", ", All.Select(i => i.CSharpName))}.");

    private static class Cache<T> where T : unmanaged
    {
        public static readonly ElementTypeInfo? Info = Find(typeof(T));
    }

    // JIT-time forms of the table's columns for the kernels' hot paths: typeof(T) comparisons fold to constants in
    // generic code specialised over a struct, which a table lookup does not guarantee. ElementTypeTests checks that they
    // agree with the rows above.

    /// <summary>float or double: the floating-point types the vector kernels compute in.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsVectorFloat<T>() => typeof(T) == typeof(float) || typeof(T) == typeof(double);

    /// <summary>A signed integer type (nint too: the index type the kernels use, not an element type).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsSignedInteger<T>() =>
        typeof(T) == typeof(sbyte) || typeof(T) == typeof(short) || typeof(T) == typeof(int) || typeof(T) == typeof(long) || typeof(T) == typeof(nint);

    /// <summary>Whether Vector128/256/512 support <typeparamref name="T"/> as an element type (the table's <c>IsVectorElement</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsVectorElement<T>() =>
        typeof(T) == typeof(float) || typeof(T) == typeof(double) ||
        typeof(T) == typeof(byte) || typeof(T) == typeof(sbyte) || typeof(T) == typeof(short) || typeof(T) == typeof(ushort) ||
        typeof(T) == typeof(int) || typeof(T) == typeof(uint) || typeof(T) == typeof(long) || typeof(T) == typeof(ulong);
}
