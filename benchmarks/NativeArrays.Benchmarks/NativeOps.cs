using System.Numerics;

namespace NativeArrays.Benchmarks;

/// <summary>
/// The NativeArrays kernel calls the benchmarks make, in one place. PLACEHOLDER until the kernels branch is merged:
/// every method throws, so those cases fail visibly instead of measuring something else.
/// </summary>
internal static class NativeOps
{
    private static Exception Missing() => new NotSupportedException("NativeArrays kernels are not merged into this branch yet.");

    public static void Add<T>(NDArray<T> a, NDArray<T> b, NDArray<T> destination) where T : unmanaged, INumber<T> => throw Missing();
    public static NDArray<T> Add<T>(NDArray<T> a, NDArray<T> b) where T : unmanaged, INumber<T> => throw Missing();
    public static void Multiply<T>(NDArray<T> a, NDArray<T> b, NDArray<T> destination) where T : unmanaged, INumber<T> => throw Missing();
    public static NDArray<T> Multiply<T>(NDArray<T> a, NDArray<T> b) where T : unmanaged, INumber<T> => throw Missing();
    public static void MultiplyAdd<T>(NDArray<T> a, NDArray<T> b, NDArray<T> c, NDArray<T> destination) where T : unmanaged, INumber<T> => throw Missing();
    public static NDArray<T> MultiplyAdd<T>(NDArray<T> a, NDArray<T> b, NDArray<T> c) where T : unmanaged, INumber<T> => throw Missing();
    public static void Sqrt<T>(NDArray<T> a, NDArray<T> destination) where T : unmanaged, INumber<T> => throw Missing();
    public static NDArray<T> Sqrt<T>(NDArray<T> a) where T : unmanaged, INumber<T> => throw Missing();
    public static void Exp<T>(NDArray<T> a, NDArray<T> destination) where T : unmanaged, INumber<T> => throw Missing();
    public static NDArray<T> Exp<T>(NDArray<T> a) where T : unmanaged, INumber<T> => throw Missing();
    public static T Sum<T>(NDArray<T> a) where T : unmanaged, INumber<T> => throw Missing();
    public static T Max<T>(NDArray<T> a) where T : unmanaged, INumber<T> => throw Missing();
    public static long ArgMax<T>(NDArray<T> a) where T : unmanaged, INumber<T> => throw Missing();
}
