using System.Numerics;

namespace NativeArrays.Benchmarks;

/// <summary>
/// The NativeArrays calls the benchmarks make, in one place: the public API a user writes
/// (<c>NDArray.Add(a, b, destination)</c>, <c>a + b</c>, <c>a.Sum()</c>, ...). Allocating forms return the new array,
/// which the benchmark disposes inside the measured call.
/// </summary>
internal static class NativeOps
{
    public static void Add<T>(NDArray<T> a, NDArray<T> b, NDArray<T> destination) where T : unmanaged, INumber<T> => NDArray.Add(a, b, destination);
    public static NDArray<T> Add<T>(NDArray<T> a, NDArray<T> b) where T : unmanaged, INumber<T> => a + b;
    public static void Multiply<T>(NDArray<T> a, NDArray<T> b, NDArray<T> destination) where T : unmanaged, INumber<T> => NDArray.Multiply(a, b, destination);
    public static NDArray<T> Multiply<T>(NDArray<T> a, NDArray<T> b) where T : unmanaged, INumber<T> => a * b;
    public static void MultiplyAdd<T>(NDArray<T> a, NDArray<T> b, NDArray<T> c, NDArray<T> destination) where T : unmanaged, INumber<T> => NDArray.MultiplyAdd(a, b, c, destination);
    public static NDArray<T> MultiplyAdd<T>(NDArray<T> a, NDArray<T> b, NDArray<T> c) where T : unmanaged, INumber<T> => NDArray.MultiplyAdd(a, b, c);
    public static void Sqrt<T>(NDArray<T> a, NDArray<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => NDArray.Sqrt(a, destination);
    public static NDArray<T> Sqrt<T>(NDArray<T> a) where T : unmanaged, IFloatingPointIeee754<T> => NDArray.Sqrt(a);
    public static void Exp<T>(NDArray<T> a, NDArray<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => NDArray.Exp(a, destination);
    public static NDArray<T> Exp<T>(NDArray<T> a) where T : unmanaged, IFloatingPointIeee754<T> => NDArray.Exp(a);
    public static T Sum<T>(NDArray<T> a) where T : unmanaged, INumber<T> => a.Sum();
    public static T Max<T>(NDArray<T> a) where T : unmanaged, INumber<T> => a.Max();
    public static long ArgMax<T>(NDArray<T> a) where T : unmanaged, INumber<T> => a.ArgMax();
    public static long ArgMin<T>(NDArray<T> a) where T : unmanaged, INumber<T> => a.ArgMin();
    public static void Add<T>(in ReadOnlyNDSpan<T> a, in ReadOnlyNDSpan<T> b, in NDSpan<T> destination) where T : unmanaged, INumber<T> => NDArray.Add(a, b, destination);
    public static NDArray<T> SumAxis0<T>(NDArray<T> a, NDArray<T> destination) where T : unmanaged, INumber<T> => a.Sum(0, destination);
    public static NDArray<T> MaxAxis0<T>(NDArray<T> a, NDArray<T> destination) where T : unmanaged, INumber<T> => a.Max(0, destination);
    public static NDArray<long> ArgMaxAxis0<T>(NDArray<T> a) where T : unmanaged, INumber<T> => a.ArgMax(0);
    public static NDArray<T> SumAxis1<T>(NDArray<T> a, NDArray<T> destination) where T : unmanaged, INumber<T> => a.Sum(1, destination);
    public static NDArray<T> MaxAxis1<T>(NDArray<T> a, NDArray<T> destination) where T : unmanaged, INumber<T> => a.Max(1, destination);
}
