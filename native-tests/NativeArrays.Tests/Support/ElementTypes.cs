namespace NativeArrays.Tests.Support;

/// <summary>
/// The element types the tests run over, declared once. Generic fixtures take them with
/// <c>[TestFixtureSource(typeof(ElementTypes), nameof(ElementTypes.Numeric))]</c> (NUnit uses a leading <see cref="Type"/>
/// argument of a generic fixture as its type argument, as <c>[TestFixture(typeof(float))]</c> does); other tests
/// iterate the arrays.
/// </summary>
public static class ElementTypes
{
    /// <summary>The floating-point types with vector kernels.</summary>
    public static readonly Type[] FloatingPoint = [typeof(float), typeof(double)];

    /// <summary>The eight integer types.</summary>
    public static readonly Type[] Integer =
        [typeof(int), typeof(long), typeof(byte), typeof(sbyte), typeof(short), typeof(ushort), typeof(uint), typeof(ulong)];

    /// <summary>Every numeric type the kernels vectorise: <see cref="FloatingPoint"/> then <see cref="Integer"/>.</summary>
    public static readonly Type[] Numeric = [.. FloatingPoint, .. Integer];

    /// <summary>Every element type the library supports (NumPy's dtypes it maps), in .npy order.</summary>
    public static readonly Type[] All =
    [
        typeof(bool), typeof(sbyte), typeof(byte), typeof(short), typeof(ushort), typeof(int), typeof(uint),
        typeof(long), typeof(ulong), typeof(Half), typeof(float), typeof(double),
    ];
}
