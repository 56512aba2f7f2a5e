using NativeArrays.Common;

namespace NativeArrays.Memory;

/// <summary>Element types NativeArrays stores, named as NumPy names its dtypes.</summary>
public static class DType
{
    /// <summary>The NumPy dtype name of <typeparamref name="T"/> ("float32", "int64", "bool", ...).</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not an element type NativeArrays supports.</exception>
    public static string NameOf<T>() where T : unmanaged => ElementTypes.Of<T>().Name;

    /// <summary>Whether <typeparamref name="T"/> is a supported element type.</summary>
    public static bool IsSupported<T>() where T : unmanaged => ElementTypes.TryOf<T>() is not null;
}
