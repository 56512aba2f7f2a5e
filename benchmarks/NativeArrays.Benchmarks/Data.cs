using System.Numerics;
using NumSharp;

namespace NativeArrays.Benchmarks;

/// <summary>Test data shared by the peers: every peer reads and writes the same native buffers.</summary>
internal static unsafe class Data
{
    /// <summary>
    /// Values spread evenly over [0.5, 2) (a golden-ratio sequence: cheap to make for 10^7 elements in every
    /// benchmark process, no pattern a kernel could exploit): valid for Sqrt and Exp, no denormals, no overflow.
    /// </summary>
    public static NDArray<T> Uniform<T>(int seed, params ReadOnlySpan<nint> shape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = NDArray<T>.Empty(shape);
        T* p = Pointer(a);
        double x = seed * 0.1;
        for (nint i = 0, n = a.Size; i < n; i++)
        {
            x += 0.6180339887498949;
            if (x >= 1) x -= 1;
            p[i] = T.CreateTruncating(0.5 + 1.5 * x);
        }
        return a;
    }

    /// <summary>Address of element (0, ..., 0). The benchmark classes keep their arrays alive until [GlobalCleanup].</summary>
    public static T* Pointer<T>(NDArray<T> a) where T : unmanaged
    {
        using var pin = a.Pin();
        return pin.Pointer;
    }

    /// <summary>NumSharp's type code for <typeparamref name="T"/>.</summary>
    public static NPTypeCode TypeCode<T>() => typeof(T) == typeof(float) ? NPTypeCode.Single
        : typeof(T) == typeof(double) ? NPTypeCode.Double
        : throw new NotSupportedException(typeof(T).Name);

    /// <summary>A NumSharp array over the same native memory (no copy; NumSharp does not free it).</summary>
    public static NumSharp.NDArray Wrap<T>(NDArray<T> a) where T : unmanaged
    {
        if (!a.IsCContiguous) throw new ArgumentException("Wrap needs a C-contiguous array.");
        var flat = np.frombuffer(Pointer(a), a.ByteCount, TypeCode<T>(), a.Size, 0, null);
        if (a.Rank == 1) return flat;
        var shape = new long[a.Rank];
        for (int i = 0; i < a.Rank; i++) shape[i] = a.Shape[i];
        return flat.reshape(new Shape(shape));
    }

    /// <summary>Dispose helper for a list of arrays.</summary>
    public static void DisposeAll(params IDisposable?[] items)
    {
        foreach (var item in items) item?.Dispose();
    }
}
