using System.Runtime.CompilerServices;

namespace NativeArrays.Kernels;

/// <summary>
/// Element conversion for <c>AsType</c>: the n-d iteration (coalescing, threads, overlap staging) with vector
/// conversion for every pair of the ten vector element types (same-size pairs through <see cref="ConvertOp{TFrom, TTo}"/>
/// on the unary driver, size-changing pairs through <see cref="ResizeRow{TFrom, TTo, TV}"/>; int64/uint64 to float32
/// only with AVX-512DQ). Semantics: truncation toward zero, saturation, NaN to 0 (as <c>CreateSaturating</c>), bit for
/// bit at every width.
/// </summary>
[SkipLocalsInit]
internal static unsafe class Conversion
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
        else if (TryResize<TFrom, TTo>(shape, destination, source)) { }
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

    /// <summary>
    /// A size-changing pair on its vector row (<see cref="ResizeRow{TFrom, TTo, TV}"/>); false (nothing done) when the pair
    /// has no vector form, the width is scalar, or the destination overlaps the source (the unary driver stages that).
    /// </summary>
    private static bool TryResize<TFrom, TTo>(ReadOnlySpan<nint> shape, Operand destination, Operand source)
        where TFrom : unmanaged where TTo : unmanaged
    {
        if (!Resize<TFrom, TTo>.Vectorizable) return false;
        var settings = NativeArraysSettings.Current;
        int width = SimdDispatch.Width<TFrom>(settings.SimdWidth);
        if (width == 0) return false;
        if (Elementwise.TryFlatContiguous(shape, destination.Pointer, destination.Strides, sizeof(TTo), source.Pointer, source.Strides, sizeof(TFrom), settings, out nint n))
        {
            // A small call on C-contiguous operands apart from each other: one row, no plan (the per-call fast path).
            var flat = new ResizeFlat<TFrom, TTo> { Length = n, Output = (byte*)destination.Pointer, Input = (byte*)source.Pointer };
            SimdDispatch.Run<TFrom, ResizeFlat<TFrom, TTo>>(width, ref flat);
            return true;
        }
        if (MemoryOverlap.Conflicts(shape, destination, sizeof(TTo), source, sizeof(TFrom))) return false;
        Unsafe.SkipInit(out IterationPlan plan);
        if (!plan.Begin(shape, 2)) return true;
        plan.SetOperand(0, destination.Pointer, destination.Strides, sizeof(TTo));
        plan.SetOperand(1, source.Pointer, source.Strides, sizeof(TFrom));
        plan.Finish();
        var body = new ResizeRows<TFrom, TTo> { Plan = ref plan, Settings = settings };
        SimdDispatch.Run<TFrom, ResizeRows<TFrom, TTo>>(width, ref body);
        return true;
    }

    private struct ResizeFlat<TFrom, TTo> : IWidthBody<TFrom> where TFrom : unmanaged where TTo : unmanaged
    {
        public nint Length;
        public byte* Output, Input;
        public readonly void Vector512() => Run<Vec512<TFrom>>();
        public readonly void Vector256() => Run<Vec256<TFrom>>();
        public readonly void Vector128() => Run<Vec128<TFrom>>();
        public readonly void Scalar() => throw new InvalidOperationException("TryResize runs only at a vector width.");

        private readonly void Run<TV>() where TV : struct, ISimdVec<TV, TFrom>
        {
            byte** p = stackalloc byte*[2];
            long* s = stackalloc long[2];
            p[0] = Output;
            p[1] = Input;
            s[0] = sizeof(TTo);
            s[1] = sizeof(TFrom);
            new ResizeRow<TFrom, TTo, TV>().Row(Length, p, s);
        }
    }

    private ref struct ResizeRows<TFrom, TTo> : IWidthBody<TFrom> where TFrom : unmanaged where TTo : unmanaged
    {
        public ref IterationPlan Plan;
        public NativeArraysSettings Settings;
        public readonly void Vector512() => NdIterator.Run(ref Plan, new ResizeRow<TFrom, TTo, Vec512<TFrom>>(), Settings);
        public readonly void Vector256() => NdIterator.Run(ref Plan, new ResizeRow<TFrom, TTo, Vec256<TFrom>>(), Settings);
        public readonly void Vector128() => NdIterator.Run(ref Plan, new ResizeRow<TFrom, TTo, Vec128<TFrom>>(), Settings);
        public readonly void Scalar() => throw new InvalidOperationException("TryResize runs only at a vector width.");
    }
}

/// <summary>Which size-changing pairs have a vector form, and the integer bounds their clamps use.</summary>
internal static class Resize<TFrom, TTo> where TFrom : unmanaged where TTo : unmanaged
{
    /// <summary>
    /// Both are among the ten vector element types, of different sizes; int64/uint64 to float32 needs one rounding
    /// (<see cref="SimdTypes.HasInt64ToSingle"/>). float64 to float32 narrows on every width (it used to be refused with
    /// int64 without AVX-512DQ, which left it scalar on AVX2 machines).
    /// </summary>
    public static bool Vectorizable
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => IsLane<TFrom>() && IsLane<TTo>() && Unsafe.SizeOf<TFrom>() != Unsafe.SizeOf<TTo>() &&
               (typeof(TTo) != typeof(float) || (typeof(TFrom) != typeof(long) && typeof(TFrom) != typeof(ulong)) || SimdTypes.HasInt64ToSingle);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsLane<T>() =>
        typeof(T) == typeof(sbyte) || typeof(T) == typeof(byte) || typeof(T) == typeof(short) || typeof(T) == typeof(ushort) ||
        typeof(T) == typeof(int) || typeof(T) == typeof(uint) || typeof(T) == typeof(long) || typeof(T) == typeof(ulong) ||
        typeof(T) == typeof(float) || typeof(T) == typeof(double);

    // Both bounds must inline (they fold to constants): as calls, each block of the narrowing row made four calls and
    // spilled its vectors around them (int64 to int32 ran at 1.2 ns per element, scalar speed).
    /// <summary>Smallest value of an integer type (0 for unsigned).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Min<T>() =>
        typeof(T) == typeof(sbyte) ? sbyte.MinValue : typeof(T) == typeof(short) ? short.MinValue :
        typeof(T) == typeof(int) ? int.MinValue : typeof(T) == typeof(long) ? long.MinValue : 0;

    /// <summary>Largest value of an integer type narrower than 8 bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Max<T>() =>
        typeof(T) == typeof(sbyte) ? sbyte.MaxValue : typeof(T) == typeof(byte) ? byte.MaxValue :
        typeof(T) == typeof(short) ? short.MaxValue : typeof(T) == typeof(ushort) ? ushort.MaxValue :
        typeof(T) == typeof(int) ? int.MaxValue : uint.MaxValue;
}

/// <summary>
/// The row of a size-changing conversion: blocks of <c>max(Count in, Count out)</c> lanes, one vector of the narrower type
/// and several of the wider (widening: one load, several stores; narrowing: several loads, one store). Each lane goes
/// through exact steps and one final rounding, so it equals <c>CreateSaturating</c> bit for bit:
/// <list type="bullet">
/// <item>integer to integer: clamp to the target's range in the source type, then sign/zero-extend or keep the low bits;</item>
/// <item>float to a narrower integer: the same-size truncating, saturating conversion (NaN to 0), clamp, narrow;</item>
/// <item>float32 to 64-bit integers and to double: widen to double (exact), then convert;</item>
/// <item>integer to a wider float: extend to the float's size (exact), then convert (exact: fewer bits than the mantissa);</item>
/// <item>double to float32: one rounding; int64/uint64 to float32: one rounding (AVX-512DQ).</item>
/// </list>
/// Rows with other strides and the tail go through scratch blocks, so every element meets the same lane code whatever the
/// layout, width or thread split.
/// </summary>
[SkipLocalsInit]
internal unsafe struct ResizeRow<TFrom, TTo, TV> : IRowKernel
    where TFrom : unmanaged where TTo : unmanaged where TV : struct, ISimdVec<TV, TFrom>
{
    private static int VectorBytes => TV.Count * sizeof(TFrom);
    /// <summary>Lanes per block: the lane count of a vector of the narrower type.</summary>
    private static int Lanes => VectorBytes / Math.Min(sizeof(TFrom), sizeof(TTo));

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Row(nint n, byte** p, long* s)
    {
        byte* po = p[0], pa = p[1];
        nint so = (nint)s[0], sa = (nint)s[1];
        int lanes = Lanes;
        nint i = 0;
        if (so == sizeof(TTo) && sa == sizeof(TFrom))
        {
            TFrom* a = (TFrom*)pa;
            TTo* o = (TTo*)po;
            for (; i <= n - lanes; i += lanes) Block(a + i, o + i);
            if (i > 0 && i < n)
            {
                // The tail as one more block ending at n, over lanes already written: each lane is converted on its own
                // (the same bits again), and the output never overlaps the input here (callers stage overlaps).
                Block(a + n - lanes, o + n - lanes);
                return;
            }
        }
        if (i == n) return;
        // Other strides and the tail: gather a block into scratch (spare lanes repeat the first), convert, scatter.
        byte* inBlock = stackalloc byte[64 * 8];
        byte* outBlock = stackalloc byte[64 * 8];
        for (; i < n; i += lanes)
        {
            int k = (int)Math.Min(lanes, n - i);
            byte* q = pa + i * sa;
            for (int j = 0; j < k; j++) ((TFrom*)inBlock)[j] = *(TFrom*)(q + j * sa);
            for (int j = k; j < lanes; j++) ((TFrom*)inBlock)[j] = ((TFrom*)inBlock)[0];
            Block((TFrom*)inBlock, (TTo*)outBlock);
            byte* d = po + i * so;
            for (int j = 0; j < k; j++) *(TTo*)(d + j * so) = ((TTo*)outBlock)[j];
        }
    }

    /// <summary>Converts <see cref="Lanes"/> contiguous elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block(TFrom* source, TTo* destination)
    {
        byte* d = (byte*)destination;
        byte* a = (byte*)source;
        int bytes = VectorBytes;
        if (sizeof(TTo) > sizeof(TFrom))
        {
            TV x = Prologue(TV.Load(source));
            if (sizeof(TTo) == 2 * sizeof(TFrom))
            {
                Store(Epilogue(Widen(x, sizeof(TFrom), upper: false)), d);
                Store(Epilogue(Widen(x, sizeof(TFrom), upper: true)), d + bytes);
            }
            else if (sizeof(TTo) == 4 * sizeof(TFrom))
            {
                TV lo = Widen(x, sizeof(TFrom), upper: false), hi = Widen(x, sizeof(TFrom), upper: true);
                Store(Epilogue(Widen(lo, 2 * sizeof(TFrom), upper: false)), d);
                Store(Epilogue(Widen(lo, 2 * sizeof(TFrom), upper: true)), d + bytes);
                Store(Epilogue(Widen(hi, 2 * sizeof(TFrom), upper: false)), d + 2 * bytes);
                Store(Epilogue(Widen(hi, 2 * sizeof(TFrom), upper: true)), d + 3 * bytes);
            }
            else
            {
                for (int h = 0; h < 2; h++)
                {
                    TV half = Widen(x, 1, upper: h == 1);
                    TV lo = Widen(half, 2, upper: false), hi = Widen(half, 2, upper: true);
                    byte* dh = d + 4 * h * bytes;
                    Store(Epilogue(Widen(lo, 4, upper: false)), dh);
                    Store(Epilogue(Widen(lo, 4, upper: true)), dh + bytes);
                    Store(Epilogue(Widen(hi, 4, upper: false)), dh + 2 * bytes);
                    Store(Epilogue(Widen(hi, 4, upper: true)), dh + 3 * bytes);
                }
            }
            return;
        }
        if (typeof(TTo) == typeof(float) && sizeof(TFrom) == 8 && !SimdTypes.IsFloat<TFrom>())
        {
            TV f = SimdTypes.IsSignedInteger<TFrom>()
                ? TV.Int64ToSingle<long>(TV.Load(source), TV.Load((TFrom*)(a + bytes)))
                : TV.Int64ToSingle<ulong>(TV.Load(source), TV.Load((TFrom*)(a + bytes)));
            Store(f, d);
            return;
        }
        TV r;
        if (sizeof(TFrom) == 2 * sizeof(TTo))
            r = Narrow(Prologue(TV.Load(source)), Prologue(TV.Load((TFrom*)(a + bytes))), sizeof(TFrom));
        else if (sizeof(TFrom) == 4 * sizeof(TTo))
            r = Narrow(Narrow(Prologue(TV.Load(source)), Prologue(TV.Load((TFrom*)(a + bytes))), sizeof(TFrom)),
                       Narrow(Prologue(TV.Load((TFrom*)(a + 2 * bytes))), Prologue(TV.Load((TFrom*)(a + 3 * bytes))), sizeof(TFrom)), sizeof(TFrom) / 2);
        else
        {
            TV q0 = Narrow(Narrow(Prologue(TV.Load(source)), Prologue(TV.Load((TFrom*)(a + bytes))), 8),
                           Narrow(Prologue(TV.Load((TFrom*)(a + 2 * bytes))), Prologue(TV.Load((TFrom*)(a + 3 * bytes))), 8), 4);
            TV q1 = Narrow(Narrow(Prologue(TV.Load((TFrom*)(a + 4 * bytes))), Prologue(TV.Load((TFrom*)(a + 5 * bytes))), 8),
                           Narrow(Prologue(TV.Load((TFrom*)(a + 6 * bytes))), Prologue(TV.Load((TFrom*)(a + 7 * bytes))), 8), 4);
            r = Narrow(q0, q1, 2);
        }
        Store(r, d);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(TV value, byte* destination) => TV.Store(value, (TFrom*)destination);

    /// <summary>
    /// The source-type step: to a wider type, negative integers to an unsigned target become 0; to a narrower integer,
    /// floats take the same-size saturating conversion and every value is clamped to the target's range.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Prologue(TV x)
    {
        bool targetFloat = SimdTypes.IsFloat<TTo>();
        if (sizeof(TTo) > sizeof(TFrom))
            return SimdTypes.IsSignedInteger<TFrom>() && !targetFloat && !SimdTypes.IsSignedInteger<TTo>() ? TV.Max(x, TV.Zero) : x;
        if (targetFloat) return x; // double to float: the narrowing rounds
        long low = Resize<TFrom, TTo>.Min<TTo>(), high = Resize<TFrom, TTo>.Max<TTo>();
        if (typeof(TFrom) == typeof(float)) return TV.Clamp(TV.SingleToInt32(x), (int)low, (int)high);
        if (typeof(TFrom) == typeof(double)) return TV.Clamp(TV.DoubleToInt64(x), low, high);
        if (!SimdTypes.IsSignedInteger<TFrom>()) low = 0; // unsigned lanes: only the upper bound binds
        return TV.Clamp(x, Bits(low), Bits(high));
    }

    /// <summary>The target-type step after widening: to float from the extended (signed) integer, to integer from double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Epilogue(TV x)
    {
        if (typeof(TFrom) == typeof(float) && !SimdTypes.IsFloat<TTo>())
            return SimdTypes.IsSignedInteger<TTo>() ? TV.DoubleToInt64(x) : TV.DoubleToUInt64(x);
        if (!SimdTypes.IsFloat<TFrom>() && SimdTypes.IsFloat<TTo>())
            return typeof(TTo) == typeof(float) ? TV.Int32ToSingle(x) : TV.SmallInt64ToDouble(x); // from 4 bytes or less: |x| < 2^32
        return x;
    }

    /// <summary>Half of the lanes of <paramref name="size"/> bytes widened: float, signed or unsigned as the source.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Widen(TV x, int size, bool upper)
    {
        if (SimdTypes.IsFloat<TFrom>()) return upper ? TV.WidenUpper<float>(x) : TV.WidenLower<float>(x);
        if (SimdTypes.IsSignedInteger<TFrom>())
            return size switch
            {
                1 => upper ? TV.WidenUpper<sbyte>(x) : TV.WidenLower<sbyte>(x),
                2 => upper ? TV.WidenUpper<short>(x) : TV.WidenLower<short>(x),
                _ => upper ? TV.WidenUpper<int>(x) : TV.WidenLower<int>(x),
            };
        return size switch
        {
            1 => upper ? TV.WidenUpper<byte>(x) : TV.WidenLower<byte>(x),
            2 => upper ? TV.WidenUpper<ushort>(x) : TV.WidenLower<ushort>(x),
            _ => upper ? TV.WidenUpper<uint>(x) : TV.WidenLower<uint>(x),
        };
    }

    /// <summary>Lanes of <paramref name="size"/> bytes narrowed to half (double rounds to float; integers keep their low bits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Narrow(TV lower, TV upper, int size)
    {
        if (typeof(TFrom) == typeof(double) && SimdTypes.IsFloat<TTo>()) return TV.Narrow<double>(lower, upper);
        return size switch { 2 => TV.Narrow<short>(lower, upper), 4 => TV.Narrow<int>(lower, upper), _ => TV.Narrow<long>(lower, upper) };
    }

    /// <summary>The low bytes of <paramref name="value"/> as <typeparamref name="TFrom"/> (little-endian truncation).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TFrom Bits(long value) => *(TFrom*)&value;
}
