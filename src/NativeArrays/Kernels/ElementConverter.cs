using System.Numerics;
using System.Reflection;

namespace NativeArrays.Layout;

/// <summary>
/// Element conversions between any two supported element types, resolved once per pair through generic math
/// (<c>CreateSaturating</c>: fractions truncate toward zero, out-of-range values saturate, NaN becomes 0; bool is 1/0, and "not zero" the other way).
/// </summary>
internal static unsafe class ElementConverter
{
    /// <summary>Converts a strided source into a C-contiguous destination of the same shape.</summary>
    public static void Convert<TFrom, TTo>(TFrom* src, ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, TTo* dst)
        where TFrom : unmanaged where TTo : unmanaged
    {
        var f = Pair<TFrom, TTo>.Func;
        var state = (Src: (nint)src, Dst: (nint)dst, Index: (nint)0, F: f);
        StridedLoop.ForEachOffset(shape, strides, ref state,
            static (ref (nint Src, nint Dst, nint Index, Func<TFrom, TTo> F) s, nint o) =>
                ((TTo*)s.Dst)[s.Index++] = s.F(((TFrom*)s.Src)[o]));
    }

    /// <summary>One element converted.</summary>
    public static TTo Convert<TFrom, TTo>(TFrom value) where TFrom : unmanaged where TTo : unmanaged => Pair<TFrom, TTo>.Func(value);

    /// <summary>One element as a double.</summary>
    public static double ToDouble<T>(T value) where T : unmanaged => Pair<T, double>.Func(value);

    /// <summary>A double converted to the element type.</summary>
    public static T FromDouble<T>(double value) where T : unmanaged => Pair<double, T>.Func(value);

    private static class Pair<TFrom, TTo> where TFrom : unmanaged where TTo : unmanaged
    {
        public static readonly Func<TFrom, TTo> Func = Resolve();

        private static Func<TFrom, TTo> Resolve()
        {
            Memory.DType.NameOf<TFrom>();
            Memory.DType.NameOf<TTo>();
            string name = typeof(TFrom) == typeof(bool)
                ? (typeof(TTo) == typeof(bool) ? nameof(BoolToBool) : nameof(FromBool))
                : typeof(TTo) == typeof(bool) ? nameof(ToBool) : nameof(Number);
            var method = typeof(ElementConverter).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!;
            var generic = name switch
            {
                nameof(Number) => method.MakeGenericMethod(typeof(TFrom), typeof(TTo)),
                nameof(FromBool) => method.MakeGenericMethod(typeof(TTo)),
                nameof(ToBool) => method.MakeGenericMethod(typeof(TFrom)),
                _ => method,
            };
            return generic.CreateDelegate<Func<TFrom, TTo>>();
        }
    }

    private static TTo Number<TFrom, TTo>(TFrom v) where TFrom : INumberBase<TFrom> where TTo : INumberBase<TTo> => TTo.CreateSaturating(v);
    private static TTo FromBool<TTo>(bool v) where TTo : INumberBase<TTo> => v ? TTo.One : TTo.Zero;
    private static bool ToBool<TFrom>(TFrom v) where TFrom : INumberBase<TFrom> => !TFrom.IsZero(v);
    private static bool BoolToBool(bool v) => v;
}
