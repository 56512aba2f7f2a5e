namespace NativeArrays.Kernels;

/// <summary>
/// Element conversion for <c>AsType</c>: the n-d iteration (coalescing, threads, overlap staging) with vector
/// conversion for float to/from int and double to/from long. Semantics: truncation toward zero, saturation,
/// NaN to 0 (as <c>CreateSaturating</c>).
/// </summary>
internal static class Conversion
{
    /// <summary>
    /// Converts <paramref name="source"/> into <paramref name="destination"/> (same shape) when the pair is one
    /// this kernel handles; returns false (having done nothing) otherwise, so callers fall back.
    /// </summary>
    public static bool TryConvert<TFrom, TTo>(ReadOnlySpan<nint> shape, Operand destination, Operand source)
        where TFrom : unmanaged where TTo : unmanaged
    {
        if (typeof(TFrom) == typeof(float) && typeof(TTo) == typeof(int))
            Elementwise.Unary<float, int, ConvertOp<float, int>>("AsType", shape, destination, source);
        else if (typeof(TFrom) == typeof(int) && typeof(TTo) == typeof(float))
            Elementwise.Unary<int, float, ConvertOp<int, float>>("AsType", shape, destination, source);
        else if (typeof(TFrom) == typeof(double) && typeof(TTo) == typeof(long))
            Elementwise.Unary<double, long, ConvertOp<double, long>>("AsType", shape, destination, source);
        else if (typeof(TFrom) == typeof(long) && typeof(TTo) == typeof(double))
            Elementwise.Unary<long, double, ConvertOp<long, double>>("AsType", shape, destination, source);
        else if (typeof(TFrom) == typeof(TTo))
            Elementwise.Copy<TFrom>(shape, destination, source);
        else if (Pair<TFrom, TTo>.Kernel is { } kernel)
            kernel(shape, destination, source); // any other numeric pair: scalar conversion on the n-d driver
        else
            return false;
        return true;
    }

    private delegate void ConvertKernel(ReadOnlySpan<nint> shape, Operand destination, Operand source);

    /// <summary>The driver instantiated for one pair of numeric types (null when either is bool).</summary>
    private static class Pair<TFrom, TTo> where TFrom : unmanaged where TTo : unmanaged
    {
        public static readonly ConvertKernel? Kernel = Create();

        private static ConvertKernel? Create()
        {
            static bool IsNumber(Type t) => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(System.Numerics.INumberBase<>));
            if (!IsNumber(typeof(TFrom)) || !IsNumber(typeof(TTo))) return null;
            var method = typeof(Conversion).GetMethod(nameof(RunPair), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(typeof(TFrom), typeof(TTo));
            return method.CreateDelegate<ConvertKernel>();
        }
    }

    private static void RunPair<TFrom, TTo>(ReadOnlySpan<nint> shape, Operand destination, Operand source)
        where TFrom : unmanaged, System.Numerics.INumberBase<TFrom> where TTo : unmanaged, System.Numerics.INumberBase<TTo>
        => Elementwise.Unary<TFrom, TTo, ConvertOp<TFrom, TTo>>("AsType", shape, destination, source);
}
