using System.Numerics;
using NativeArrays.Layout;

namespace NativeArrays;

// Creation of owners.
public sealed unsafe partial class NDArray<T>
{
    /// <summary>A new C-contiguous array whose elements are not initialised (NumPy's <c>empty</c>).</summary>
    /// <exception cref="ArgumentException">A negative dimension or rank above the maximum.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The element or byte count overflows.</exception>
    /// <exception cref="OutOfMemoryException">The memory cannot be had; the message names the size.</exception>
    public static NDArray<T> Empty(params ReadOnlySpan<nint> shape) => Allocate(shape, zero: false);

    /// <summary>A new C-contiguous array of zeros (all bits zero).</summary>
    public static NDArray<T> Zeros(params ReadOnlySpan<nint> shape) => Allocate(shape, zero: true);

    /// <summary>A new C-contiguous array with every element set to <paramref name="value"/>.</summary>
    public static NDArray<T> Full(T value, params ReadOnlySpan<nint> shape)
    {
        var a = Allocate(shape, zero: false);
        a.Fill(value);
        return a;
    }

    /// <summary>A 0-d array holding <paramref name="value"/>.</summary>
    public static NDArray<T> Scalar(T value) => Full(value);

    /// <summary>
    /// A new array holding a copy of <paramref name="data"/> with <paramref name="shape"/> (1-d of the data's length when
    /// no shape is given).
    /// </summary>
    /// <exception cref="ArgumentException">The data's length differs from the shape's element count.</exception>
    public static NDArray<T> FromArray(T[] data, params ReadOnlySpan<nint> shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        return FromSpan(data, shape);
    }

    /// <summary>A new array holding a copy of <paramref name="data"/> with <paramref name="shape"/> (1-d when none).</summary>
    /// <exception cref="ArgumentException">The data's length differs from the shape's element count.</exception>
    public static NDArray<T> FromSpan(ReadOnlySpan<T> data, params ReadOnlySpan<nint> shape)
    {
        if (shape.IsEmpty) shape = [data.Length];
        nint size = NDLayout.CheckedSize(shape);
        if (size != data.Length)
            throw new ArgumentException($"{data.Length} elements do not fill shape {NDLayout.ShapeText(shape)} ({size} elements).", nameof(data));
        var a = Allocate(shape, zero: false);
        using (var pin = a.Pin())
            data.CopyTo(new Span<T>(pin.Pointer, data.Length));
        return a;
    }
}

/// <summary>Creation functions that need arithmetic on the element type (NumPy's <c>ones</c>, <c>arange</c>, ...).</summary>
public static unsafe partial class NDArray
{
    /// <summary>A new C-contiguous array of ones.</summary>
    public static NDArray<T> Ones<T>(params ReadOnlySpan<nint> shape) where T : unmanaged, INumberBase<T> => NDArray<T>.Full(T.One, shape);

    /// <summary>A new C-contiguous array of zeros.</summary>
    public static NDArray<T> Zeros<T>(params ReadOnlySpan<nint> shape) where T : unmanaged => NDArray<T>.Zeros(shape);

    /// <summary>Values 0, 1, ..., <paramref name="stop"/> - 1.</summary>
    public static NDArray<T> Arange<T>(T stop) where T : unmanaged, INumber<T> => Arange(T.Zero, stop, T.One);

    /// <summary>
    /// Values start, start + step, ... below <paramref name="stop"/> (above it for a negative step); element i is
    /// computed as start + i·step, as NumPy does.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="step"/> is zero or not finite.</exception>
    public static NDArray<T> Arange<T>(T start, T stop, T step) where T : unmanaged, INumber<T>
    {
        if (T.IsZero(step)) throw new ArgumentException("Arange step cannot be zero.", nameof(step));
        double s = double.CreateTruncating(start), e = double.CreateTruncating(stop), d = double.CreateTruncating(step);
        if (!double.IsFinite(s) || !double.IsFinite(e) || !double.IsFinite(d))
            throw new ArgumentException($"Arange needs finite bounds and step, got {start}, {stop}, {step}.");
        double countD = Math.Ceiling((e - s) / d);
        if (countD > int.MaxValue * 64.0) throw new ArgumentOutOfRangeException(nameof(stop), $"Arange({start}, {stop}, {step}) would have {countD} elements.");
        nint count = (nint)Math.Max(0, countD);
        var a = NDArray<T>.Empty(count);
        using (var pin = a.Pin())
            for (nint i = 0; i < count; i++) pin.Pointer[i] = start + T.CreateTruncating(i) * step;
        return a;
    }

    /// <summary><paramref name="num"/> evenly spaced values from start to stop (stop included when <paramref name="endpoint"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="num"/> is negative.</exception>
    public static NDArray<T> Linspace<T>(T start, T stop, nint num = 50, bool endpoint = true) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(num);
        var a = NDArray<T>.Empty(num);
        nint div = endpoint ? num - 1 : num;
        T step = div > 0 ? (stop - start) / T.CreateTruncating(div) : T.Zero;
        using (var pin = a.Pin())
        {
            for (nint i = 0; i < num; i++) pin.Pointer[i] = start + T.CreateTruncating(i) * step;
            if (endpoint && num > 1) pin.Pointer[num - 1] = stop;
        }
        return a;
    }

    /// <summary>An <paramref name="n"/>×<paramref name="m"/> array with ones on diagonal <paramref name="k"/> and zeros elsewhere.</summary>
    public static NDArray<T> Eye<T>(nint n, nint? m = null, nint k = 0) where T : unmanaged, INumberBase<T>
    {
        var a = NDArray<T>.Zeros(n, m ?? n);
        using var diagonal = a.Diagonal(k);
        diagonal.Fill(T.One);
        return a;
    }
}

/// <summary>A seeded random generator of arrays (reproducible for a given seed).</summary>
/// <param name="seed">The seed.</param>
public sealed partial class NDRandom(int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>Uniform values in [low, high) (integers: low..high-1).</summary>
    /// <exception cref="ArgumentException"><paramref name="high"/> is not above <paramref name="low"/>.</exception>
    public unsafe NDArray<T> Uniform<T>(T low, T high, params ReadOnlySpan<nint> shape) where T : unmanaged, INumber<T>
    {
        if (!(high > low)) throw new ArgumentException($"Uniform needs high > low, got low {low} and high {high}.");
        bool integer = T.IsInteger(low) && typeof(T) != typeof(float) && typeof(T) != typeof(double) && typeof(T) != typeof(Half);
        double lo = double.CreateTruncating(low), span = double.CreateTruncating(high) - lo;
        var a = NDArray<T>.Empty(shape);
        using var pin = a.Pin();
        for (nint i = 0; i < a.Size; i++)
        {
            double u = _random.NextDouble();
            T v = integer ? T.CreateSaturating(Math.Floor(lo + u * span)) : T.CreateTruncating(lo + u * span);
            if (v >= high) v = low;
            pin.Pointer[i] = v;
        }
        return a;
    }

    /// <summary>Normally distributed values (Box–Muller).</summary>
    public unsafe NDArray<T> Normal<T>(T mean, T standardDeviation, params ReadOnlySpan<nint> shape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (T.IsNegative(standardDeviation)) throw new ArgumentOutOfRangeException(nameof(standardDeviation), standardDeviation, "Standard deviation must be non-negative.");
        double mu = double.CreateTruncating(mean), sigma = double.CreateTruncating(standardDeviation);
        var a = NDArray<T>.Empty(shape);
        using var pin = a.Pin();
        for (nint i = 0; i < a.Size; i++)
        {
            double u1 = 1.0 - _random.NextDouble(), u2 = _random.NextDouble();
            double z = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
            pin.Pointer[i] = T.CreateTruncating(mu + sigma * z);
        }
        return a;
    }
}
