using System.Numerics;
using System.Reflection;
using System.Runtime.CompilerServices;
using NativeArrays.Kernels;

namespace NativeArrays.Layout;

/// <summary>
/// Element conversions between any two supported element types, resolved once per pair through generic math
/// (<c>CreateSaturating</c>: fractions truncate toward zero, out-of-range values saturate, NaN becomes 0; bool is 1/0, and "not zero" the other way).
/// </summary>
[SkipLocalsInit]
internal static unsafe class ElementConverter
{
    /// <summary>Converts a strided source into a C-contiguous destination of the same shape.</summary>
    public static void Convert<TFrom, TTo>(TFrom* src, ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, TTo* dst)
        where TFrom : unmanaged where TTo : unmanaged
    {
        Span<nint> dense = stackalloc nint[shape.Length];
        nint step = 1;
        for (int d = shape.Length - 1; d >= 0; d--) { dense[d] = step; step *= shape[d]; }
        Unsafe.SkipInit(out IterationPlan plan);
        if (!plan.Begin(shape, 2)) return;
        plan.SetOperand(0, dst, dense, sizeof(TTo));
        plan.SetOperand(1, src, strides, sizeof(TFrom));
        plan.FinishOrdered();
        var kernel = new ConvertRow<TFrom, TTo> { Func = Pair<TFrom, TTo>.Func };
        NdIterator.RunOrdered(ref plan, ref kernel);
    }

    private struct ConvertRow<TFrom, TTo> : IRowKernel where TFrom : unmanaged where TTo : unmanaged
    {
        public Func<TFrom, TTo> Func;

        public readonly void Row(nint n, byte** p, long* s)
        {
            byte* dst = p[0], src = p[1];
            long ds = s[0], ss = s[1];
            for (nint i = 0; i < n; i++) *(TTo*)(dst + i * ds) = Func(*(TFrom*)(src + i * ss));
        }
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
