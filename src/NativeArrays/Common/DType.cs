namespace NativeArrays.Memory;

/// <summary>Element types NativeArrays stores, named as NumPy names its dtypes.</summary>
public static class DType
{
    /// <summary>The NumPy dtype name of <typeparamref name="T"/> ("float32", "int64", "bool", ...).</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not an element type NativeArrays supports.</exception>
    public static string NameOf<T>() where T : unmanaged => Cache<T>.Name ?? throw Unsupported(typeof(T));

    /// <summary>Whether <typeparamref name="T"/> is a supported element type.</summary>
    public static bool IsSupported<T>() where T : unmanaged => Cache<T>.Name is not null;

    internal static NotSupportedException Unsupported(Type t) => new(
        $"Element type {t} is not supported. Supported: bool, byte, sbyte, short, ushort, int, uint, long, ulong, Half, float, double.");

    private static class Cache<T> where T : unmanaged
    {
        public static readonly string? Name = Lookup(typeof(T));
    }

    private static string? Lookup(Type t) =>
        t == typeof(bool) ? "bool" :
        t == typeof(byte) ? "uint8" :
        t == typeof(sbyte) ? "int8" :
        t == typeof(short) ? "int16" :
        t == typeof(ushort) ? "uint16" :
        t == typeof(int) ? "int32" :
        t == typeof(uint) ? "uint32" :
        t == typeof(long) ? "int64" :
        t == typeof(ulong) ? "uint64" :
        t == typeof(Half) ? "float16" :
        t == typeof(float) ? "float32" :
        t == typeof(double) ? "float64" :
        null;
}
