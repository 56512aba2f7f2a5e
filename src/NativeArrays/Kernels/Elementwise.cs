using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NativeArrays.Layout;

namespace NativeArrays.Kernels;

/// <summary>
/// The elementwise drivers: unary, binary and ternary, each written once over the vector abstraction and
/// dispatched to 512/256/128-bit or scalar code by the settings and the hardware. The output's shape is the call's
/// shape; each input has that shape or broadcasts to it (the public forms checked it: a scalar is a 0-d operand),
/// and gets its broadcast strides here (stride 0 along broadcast axes). Inputs that overlap the output in any way
/// other than being the identical view are first copied to a temporary (counted), so results always equal
/// "inputs copied first".
/// </summary>
[SkipLocalsInit]
internal static unsafe class Elementwise
{
    // The three entries keep Operand values out of their own locals (a struct with a lease field is zeroed in the
    // prolog of every call); the plan path works on addresses and strides.

    public static void Unary<T, TOut, TOp>(string operation, in Operand output, in Operand x)
        where T : unmanaged where TOut : unmanaged where TOp : IUnaryOp<T, TOut>
    {
        ReadOnlySpan<nint> shape = output.Shape;
        Span<nint> broadcast = stackalloc nint[NDLayout.MaxRank];
        ReadOnlySpan<nint> xs = StridesOver(shape, x, broadcast);
        Unsafe.SkipInit(out IterationPlan plan);
        var body = new UnaryRows<T, TOut, TOp> { Call = new RowCall { Plan = ref plan, Settings = NativeArraysSettings.Current } };
        int width = TOp.Vectorizable ? SimdDispatch.Width<T>(body.Call.Settings.SimdWidth) : 0;
        void* po = output.Pointer, px = x.Pointer;
        if (TryFlat(shape, po, output.Strides, sizeof(TOut), px, xs, sizeof(T), null, default, 0, null, default, 0, out nint n, out nint fx, out _, out _, body.Call.Settings))
        {
            UnaryFlat<T, TOut, TOp>(width, n, po, px, fx);
            return;
        }
        if (n == 0) return;
        Span<nint> staged = stackalloc nint[NDLayout.MaxRank];
        void* tx = null;
        try
        {
            px = Stage<T>(operation, shape, po, output.Strides, sizeof(TOut), px, ref xs, staged, ref tx, body.Call.Settings);
            if (OneRow<TOut>(shape, po, output.Strides, n, px, xs, sizeof(T), null, default, 0, null, default, 0, body.Call.Settings))
            {
                UnaryFlat<T, TOut, TOp>(width, n, po, px, xs[0]);
                return;
            }
            plan.Begin(shape, 2);
            plan.SetOperand(0, po, output.Strides, sizeof(TOut));
            plan.SetOperand(1, px, xs, sizeof(T));
            plan.Finish();
            body.Call.NonTemporal = UseNonTemporal<TOut>(ref plan, body.Call.Settings);
            SimdDispatch.Run<T, UnaryRows<T, TOut, TOp>>(width, ref body);
        }
        finally { Free(tx); }
    }

    public static void Binary<T, TOut, TOp>(string operation, in Operand output, in Operand x, in Operand y)
        where T : unmanaged where TOut : unmanaged where TOp : IBinaryOp<T, TOut>
    {
        ReadOnlySpan<nint> shape = output.Shape;
        Span<nint> broadcast = stackalloc nint[2 * NDLayout.MaxRank];
        ReadOnlySpan<nint> xs = StridesOver(shape, x, broadcast[..NDLayout.MaxRank]);
        ReadOnlySpan<nint> ys = StridesOver(shape, y, broadcast[NDLayout.MaxRank..]);
        Unsafe.SkipInit(out IterationPlan plan);
        var body = new BinaryRows<T, TOut, TOp> { Call = new RowCall { Plan = ref plan, Settings = NativeArraysSettings.Current } };
        int width = TOp.Vectorizable ? SimdDispatch.Width<T>(body.Call.Settings.SimdWidth) : 0;
        void* po = output.Pointer, px = x.Pointer, py = y.Pointer;
        if (TryFlat(shape, po, output.Strides, sizeof(TOut), px, xs, sizeof(T), py, ys, sizeof(T), null, default, 0, out nint n, out nint fx, out nint fy, out _, body.Call.Settings))
        {
            BinaryFlat<T, TOut, TOp>(width, n, po, px, fx, py, fy);
            return;
        }
        if (n == 0) return;
        Span<nint> staged = stackalloc nint[2 * NDLayout.MaxRank];
        void* tx = null, ty = null;
        try
        {
            px = Stage<T>(operation, shape, po, output.Strides, sizeof(TOut), px, ref xs, staged[..NDLayout.MaxRank], ref tx, body.Call.Settings);
            py = Stage<T>(operation, shape, po, output.Strides, sizeof(TOut), py, ref ys, staged[NDLayout.MaxRank..], ref ty, body.Call.Settings);
            if (OneRow<TOut>(shape, po, output.Strides, n, px, xs, sizeof(T), py, ys, sizeof(T), null, default, 0, body.Call.Settings))
            {
                BinaryFlat<T, TOut, TOp>(width, n, po, px, xs[0], py, ys[0]);
                return;
            }
            plan.Begin(shape, 3);
            plan.SetOperand(0, po, output.Strides, sizeof(TOut));
            plan.SetOperand(1, px, xs, sizeof(T));
            plan.SetOperand(2, py, ys, sizeof(T));
            plan.Finish();
            body.Call.NonTemporal = UseNonTemporal<TOut>(ref plan, body.Call.Settings);
            SimdDispatch.Run<T, BinaryRows<T, TOut, TOp>>(width, ref body);
        }
        finally { Free(tx); Free(ty); }
    }

    public static void Ternary<TFirst, T, TOp>(string operation, in Operand output, in Operand x, in Operand y, in Operand z)
        where TFirst : unmanaged where T : unmanaged where TOp : ITernaryOp<TFirst, T>
    {
        const int R = NDLayout.MaxRank;
        ReadOnlySpan<nint> shape = output.Shape;
        Span<nint> broadcast = stackalloc nint[3 * R];
        ReadOnlySpan<nint> xs = StridesOver(shape, x, broadcast[..R]);
        ReadOnlySpan<nint> ys = StridesOver(shape, y, broadcast[R..(2 * R)]);
        ReadOnlySpan<nint> zs = StridesOver(shape, z, broadcast[(2 * R)..]);
        Unsafe.SkipInit(out IterationPlan plan);
        var body = new TernaryRows<TFirst, T, TOp> { Call = new RowCall { Plan = ref plan, Settings = NativeArraysSettings.Current } };
        int width = TOp.Vectorizable ? SimdDispatch.Width<T>(body.Call.Settings.SimdWidth) : 0;
        void* po = output.Pointer, px = x.Pointer, py = y.Pointer, pz = z.Pointer;
        if (TryFlat(shape, po, output.Strides, sizeof(T), px, xs, sizeof(TFirst), py, ys, sizeof(T), pz, zs, sizeof(T), out nint n, out nint fx, out nint fy, out nint fz, body.Call.Settings))
        {
            TernaryFlat<TFirst, T, TOp>(width, n, po, px, fx, py, fy, pz, fz);
            return;
        }
        if (n == 0) return;
        Span<nint> staged = stackalloc nint[3 * R];
        void* tx = null, ty = null, tz = null;
        try
        {
            px = Stage<TFirst>(operation, shape, po, output.Strides, sizeof(T), px, ref xs, staged[..R], ref tx, body.Call.Settings);
            py = Stage<T>(operation, shape, po, output.Strides, sizeof(T), py, ref ys, staged[R..(2 * R)], ref ty, body.Call.Settings);
            pz = Stage<T>(operation, shape, po, output.Strides, sizeof(T), pz, ref zs, staged[(2 * R)..], ref tz, body.Call.Settings);
            if (OneRow<T>(shape, po, output.Strides, n, px, xs, sizeof(TFirst), py, ys, sizeof(T), pz, zs, sizeof(T), body.Call.Settings))
            {
                TernaryFlat<TFirst, T, TOp>(width, n, po, px, xs[0], py, ys[0], pz, zs[0]);
                return;
            }
            plan.Begin(shape, 4);
            plan.SetOperand(0, po, output.Strides, sizeof(T));
            plan.SetOperand(1, px, xs, sizeof(TFirst));
            plan.SetOperand(2, py, ys, sizeof(T));
            plan.SetOperand(3, pz, zs, sizeof(T));
            plan.Finish();
            body.Call.NonTemporal = UseNonTemporal<T>(ref plan, body.Call.Settings);
            SimdDispatch.Run<T, TernaryRows<TFirst, T, TOp>>(width, ref body);
        }
        finally { Free(tx); Free(ty); Free(tz); }
    }

    // The straight path of a public form whose operands it found flat from the arrays' layout flags (each C-contiguous
    // with the output's shape, or a scalar: <c>flat</c> 1 or 0). n elements; nothing done (false) when the call is not
    // below the parallel and non-temporal thresholds or an input partly overlaps the output: the form then takes the
    // driver above, which decides the same way. The runners are the flat path of the drivers too: one row, no plan, in a
    // frame without the drivers' broadcast strides and plan. Each is its own frame (NoInlining): the span forms, small
    // enough to be inlined into the caller, took it along, and the caller's inlining budget then ran out before the tiny
    // path's helpers (partial load, operator, partial store called out of line: NDSpan Add at n = 1 40-50 -> 26 ns, the
    // class form 24 ns).

    /// <summary>The straight path of a unary form (see above).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool TryUnaryFlat<T, TOut, TOp>(nint n, void* output, void* x, nint fx)
        where T : unmanaged where TOut : unmanaged where TOp : IUnaryOp<T, TOut>
    {
        var settings = NativeArraysSettings.Current;
        if (!FlatSafe(n, output, sizeof(TOut), x, fx, sizeof(T), null, 0, 0, null, 0, 0, settings)) return false;
        int width = TOp.Vectorizable ? SimdDispatch.Width<T>(settings.SimdWidth) : 0;
        bool done = fx == 1 && width switch
        {
            512 => n <= Vec512<T>.Count ? TinyUnary<T, TOut, TOp, Vec512<T>>((int)n, output, x) : FlatUnary<T, TOut, TOp, Vec512<T>>(n, output, x),
            256 => n <= Vec256<T>.Count ? TinyUnary<T, TOut, TOp, Vec256<T>>((int)n, output, x) : FlatUnary<T, TOut, TOp, Vec256<T>>(n, output, x),
            128 => n <= Vec128<T>.Count ? TinyUnary<T, TOut, TOp, Vec128<T>>((int)n, output, x) : FlatUnary<T, TOut, TOp, Vec128<T>>(n, output, x),
            _ => false,
        };
        if (!done) UnaryFlat<T, TOut, TOp>(width, n, output, x, fx);
        return true;
    }

    /// <summary>
    /// A flat ternary call of more than one vector with three contiguous inputs of the output's type: see
    /// <see cref="FlatBinary{T, TOut, TOp, TV}"/>; false (nothing done) for a broadcast input, which takes the row body.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool FlatTernary<TFirst, T, TOp, TV>(nint n, void* output, void* x, nint fx, void* y, nint fy, void* z, nint fz)
        where TFirst : unmanaged where T : unmanaged where TOp : ITernaryOp<TFirst, T> where TV : struct, ISimdVec<TV, T>
    {
        if ((fx & fy & fz) != 1) return false;
        nint i = TernaryRow<TFirst, T, TOp, TV>.FlatVectors((T*)x, (T*)y, (T*)z, (T*)output, n);
        if (i < n) TinyTernary<TFirst, T, TOp, TV>((int)(n - i), (T*)output + i, (T*)x + i, 1, (T*)y + i, 1, (T*)z + i, 1);
        return true;
    }

    /// <summary>A flat call of more than one vector with a contiguous input: see <see cref="FlatBinary{T, TOut, TOp, TV}"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool FlatUnary<T, TOut, TOp, TV>(nint n, void* output, void* x)
        where T : unmanaged where TOut : unmanaged where TOp : IUnaryOp<T, TOut> where TV : struct, ISimdVec<TV, T>
    {
        nint i = UnaryRow<T, TOut, TOp, TV>.FlatVectors((T*)x, (TOut*)output, n);
        if (i < n) TinyUnary<T, TOut, TOp, TV>((int)(n - i), (TOut*)output + i, (T*)x + i);
        return true;
    }

    /// <summary>The straight path of a binary form (see above).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool TryBinaryFlat<T, TOut, TOp>(nint n, void* output, void* x, nint fx, void* y, nint fy)
        where T : unmanaged where TOut : unmanaged where TOp : IBinaryOp<T, TOut>
    {
        var settings = NativeArraysSettings.Current;
        if (!FlatSafe(n, output, sizeof(TOut), x, fx, sizeof(T), y, fy, sizeof(T), null, 0, 0, settings)) return false;
        int width = TOp.Vectorizable ? SimdDispatch.Width<T>(settings.SimdWidth) : 0;
        bool done = width switch
        {
            512 => n <= Vec512<T>.Count ? TinyBinary<T, TOut, TOp, Vec512<T>>((int)n, output, x, fx, y, fy) : FlatBinary<T, TOut, TOp, Vec512<T>>(n, output, x, fx, y, fy),
            256 => n <= Vec256<T>.Count ? TinyBinary<T, TOut, TOp, Vec256<T>>((int)n, output, x, fx, y, fy) : FlatBinary<T, TOut, TOp, Vec256<T>>(n, output, x, fx, y, fy),
            128 => n <= Vec128<T>.Count ? TinyBinary<T, TOut, TOp, Vec128<T>>((int)n, output, x, fx, y, fy) : FlatBinary<T, TOut, TOp, Vec128<T>>(n, output, x, fx, y, fy),
            _ => false,
        };
        if (!done) BinaryFlat<T, TOut, TOp>(width, n, output, x, fx, y, fy);
        return true;
    }

    /// <summary>
    /// A flat call of more than one vector: the row body's loops entered directly (<see cref="BinaryRow{T, TOut, TOp, TV}.FlatVectors"/>),
    /// the last partial vector by the tiny path (the same operator on the same lanes: the same bits as the row body's
    /// tail). Skips the width body, the row call, the row frame with its scratch and the general path's frame for the
    /// tail: <c>Add(a, b, dst)</c> of 10³ float32 about 5 ns less a call. False (nothing done) when both inputs are
    /// broadcast elements.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool FlatBinary<T, TOut, TOp, TV>(nint n, void* output, void* x, nint fx, void* y, nint fy)
        where T : unmanaged where TOut : unmanaged where TOp : IBinaryOp<T, TOut> where TV : struct, ISimdVec<TV, T>
    {
        if ((fx | fy) == 0) return false;
        nint i = BinaryRow<T, TOut, TOp, TV>.FlatVectors((T*)x, fx, (T*)y, fy, (TOut*)output, n);
        if (i < n) TinyBinary<T, TOut, TOp, TV>((int)(n - i), (TOut*)output + i, (T*)x + i * fx, fx, (T*)y + i * fy, fy);
        return true;
    }

    /// <summary>The straight path of a ternary form (see above).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool TryTernaryFlat<TFirst, T, TOp>(nint n, void* output, void* x, nint fx, void* y, nint fy, void* z, nint fz)
        where TFirst : unmanaged where T : unmanaged where TOp : ITernaryOp<TFirst, T>
    {
        var settings = NativeArraysSettings.Current;
        if (!FlatSafe(n, output, sizeof(T), x, fx, sizeof(TFirst), y, fy, sizeof(T), z, fz, sizeof(T), settings)) return false;
        int width = TOp.Vectorizable ? SimdDispatch.Width<T>(settings.SimdWidth) : 0;
        // A bool condition (Where) is read as a lane mask by the row kernel: only same-type operands take the tiny path.
        bool done = typeof(TFirst) == typeof(T) && width switch
        {
            512 => n <= Vec512<T>.Count ? TinyTernary<TFirst, T, TOp, Vec512<T>>((int)n, output, x, fx, y, fy, z, fz) : FlatTernary<TFirst, T, TOp, Vec512<T>>(n, output, x, fx, y, fy, z, fz),
            256 => n <= Vec256<T>.Count ? TinyTernary<TFirst, T, TOp, Vec256<T>>((int)n, output, x, fx, y, fy, z, fz) : FlatTernary<TFirst, T, TOp, Vec256<T>>(n, output, x, fx, y, fy, z, fz),
            128 => n <= Vec128<T>.Count ? TinyTernary<TFirst, T, TOp, Vec128<T>>((int)n, output, x, fx, y, fy, z, fz) : FlatTernary<TFirst, T, TOp, Vec128<T>>(n, output, x, fx, y, fy, z, fz),
            _ => false,
        };
        if (!done) TernaryFlat<TFirst, T, TOp>(width, n, output, x, fx, y, fy, z, fz);
        return true;
    }

    // One vector or less (k lanes, 0 < k <= Count), flat: the row kernel's own vector code (the same loads, spare lanes
    // filled with lane 0, the same operator and stores as BinaryRow / UnaryRow run for such a row), inline, without the
    // row kernel's frame, its scratch and the width dispatch. Without masked loads and stores at this width (AVX2 and
    // below), a partial vector is copied element by element through a register-sized local (LoadPartial, TinyStore).
    // Always true (done): a bool so that the width switch can read `n <= Count && Tiny…`.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TinyUnary<T, TOut, TOp, TV>(int k, void* output, void* x)
        where T : unmanaged where TOut : unmanaged where TOp : IUnaryOp<T, TOut> where TV : struct, ISimdVec<TV, T>
    {
        TinyStore<T, TOut, TV>(TOp.Invoke(k == TV.Count ? TV.Load((T*)x) : LoadPartial<T, TV>((T*)x, k)), k, output);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TinyBinary<T, TOut, TOp, TV>(int k, void* output, void* x, nint fx, void* y, nint fy)
        where T : unmanaged where TOut : unmanaged where TOp : IBinaryOp<T, TOut> where TV : struct, ISimdVec<TV, T>
    {
        TinyStore<T, TOut, TV>(TOp.Invoke(TinyLoad<T, TV>(k, x, fx), TinyLoad<T, TV>(k, y, fy)), k, output);
        return true;
    }

    /// <summary>The tiny path of a ternary form whose three operands have the output's type (the caller tests <c>TFirst</c> is <c>T</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TinyTernary<TFirst, T, TOp, TV>(int k, void* output, void* x, nint fx, void* y, nint fy, void* z, nint fz)
        where TFirst : unmanaged where T : unmanaged where TOp : ITernaryOp<TFirst, T> where TV : struct, ISimdVec<TV, T>
    {
        TinyStore<T, T, TV>(TOp.Invoke(TinyLoad<T, TV>(k, x, fx), TinyLoad<T, TV>(k, y, fy), TinyLoad<T, TV>(k, z, fz)), k, output);
        return true;
    }

    /// <summary>One operand of a tiny call: a broadcast scalar (<paramref name="flat"/> 0) or k contiguous lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV TinyLoad<T, TV>(int k, void* source, nint flat) where T : unmanaged where TV : struct, ISimdVec<TV, T>
        => flat == 0 ? TV.Create(*(T*)source) : k == TV.Count ? TV.Load((T*)source) : LoadPartial<T, TV>((T*)source, k);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TinyStore<T, TOut, TV>(TV value, int k, void* output)
        where T : unmanaged where TOut : unmanaged where TV : struct, ISimdVec<TV, T>
    {
        if (typeof(TOut) == typeof(bool)) StridedVectors.WriteBits((byte*)output, TV.ExtractMostSignificantBits(value), k);
        else if (k == TV.Count) TV.Store(value, (T*)output);
        else if (!TV.TryStorePartial(value, (T*)output, k)) StoreByElements<T, TV>(value, k, (T*)output);
    }

    // The element-by-element fallbacks of TinyStore and LoadPartial (widths without masked loads and stores) are out of
    // line: inline, their reference into the vector made it address-taken in every width's code, so the result of a tiny
    // call went through the stack (stored, then reloaded for the masked store) even where the fallback never runs.

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StoreByElements<T, TV>(TV value, int k, T* output) where T : unmanaged where TV : struct, ISimdVec<TV, T>
    {
        ref T lanes = ref Unsafe.As<TV, T>(ref value);
        for (int i = 0; i < k; i++) output[i] = Unsafe.Add(ref lanes, i);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TV LoadByElements<T, TV>(T* source, int k) where T : unmanaged where TV : struct, ISimdVec<TV, T>
    {
        TV value = TV.Create(*source);
        ref T lanes = ref Unsafe.As<TV, T>(ref value);
        for (int i = 1; i < k; i++) Unsafe.Add(ref lanes, i) = source[i];
        return value;
    }

    /// <summary>
    /// Lanes 0 .. k-1 (0 &lt; k &lt; Count) of contiguous <paramref name="source"/>, the other lanes copies of source[0]
    /// (as <see cref="ISimdVec{TSelf, T}.TryLoadPartial"/>): a masked load where the hardware has one, else the elements
    /// copied one by one into a register-sized local (reads nothing past lane k - 1).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV LoadPartial<T, TV>(T* source, int k) where T : unmanaged where TV : struct, ISimdVec<TV, T>
    {
        return TV.TryLoadPartial(source, k, TV.Create(*source), out TV value) ? value : LoadByElements<T, TV>(source, k);
    }

    private static void UnaryFlat<T, TOut, TOp>(int width, nint n, void* output, void* x, nint fx)
        where T : unmanaged where TOut : unmanaged where TOp : IUnaryOp<T, TOut>
    {
        byte** p = stackalloc byte*[2] { (byte*)output, (byte*)x };
        long* s = stackalloc long[2] { sizeof(TOut), fx * sizeof(T) };
        var body = new UnaryRows<T, TOut, TOp> { Call = new RowCall { N = n, P = p, S = s } };
        SimdDispatch.Run<T, UnaryRows<T, TOut, TOp>>(width, ref body);
    }

    private static void BinaryFlat<T, TOut, TOp>(int width, nint n, void* output, void* x, nint fx, void* y, nint fy)
        where T : unmanaged where TOut : unmanaged where TOp : IBinaryOp<T, TOut>
    {
        byte** p = stackalloc byte*[3] { (byte*)output, (byte*)x, (byte*)y };
        long* s = stackalloc long[3] { sizeof(TOut), fx * sizeof(T), fy * sizeof(T) };
        var body = new BinaryRows<T, TOut, TOp> { Call = new RowCall { N = n, P = p, S = s } };
        SimdDispatch.Run<T, BinaryRows<T, TOut, TOp>>(width, ref body);
    }

    private static void TernaryFlat<TFirst, T, TOp>(int width, nint n, void* output, void* x, nint fx, void* y, nint fy, void* z, nint fz)
        where TFirst : unmanaged where T : unmanaged where TOp : ITernaryOp<TFirst, T>
    {
        byte** p = stackalloc byte*[4] { (byte*)output, (byte*)x, (byte*)y, (byte*)z };
        long* s = stackalloc long[4] { sizeof(T), fx * sizeof(TFirst), fy * sizeof(T), fz * sizeof(T) };
        var body = new TernaryRows<TFirst, T, TOp> { Call = new RowCall { N = n, P = p, S = s } };
        SimdDispatch.Run<T, TernaryRows<TFirst, T, TOp>>(width, ref body);
    }

    /// <summary>Copies <paramref name="source"/> into <paramref name="destination"/> (the source has the destination's shape or broadcasts to it), overlap-safe.</summary>
    public static void Copy<T>(in Operand destination, in Operand source) where T : unmanaged
        => Unary<T, T, IdentityOp<T>>("Copy", destination, source);

    // The forms of the drivers with the call's shape passed apart and every operand's strides over it (kept for callers
    // that walk sub-views of pinned memory: joins, pads, slice writes, scans, conversions).

    /// <summary>Copies <paramref name="source"/> into <paramref name="destination"/>, both strided over <paramref name="shape"/>, overlap-safe.</summary>
    public static void Copy<T>(ReadOnlySpan<nint> shape, Operand destination, Operand source) where T : unmanaged
        => Unary<T, T, IdentityOp<T>>("Copy", destination.WithStrides(shape, destination.Strides), source);

    /// <summary><see cref="Unary{T, TOut, TOp}(string, in Operand, in Operand)"/> with both operands strided over <paramref name="shape"/>.</summary>
    public static void Unary<T, TOut, TOp>(string operation, ReadOnlySpan<nint> shape, Operand output, Operand x)
        where T : unmanaged where TOut : unmanaged where TOp : IUnaryOp<T, TOut>
        => Unary<T, TOut, TOp>(operation, output.WithStrides(shape, output.Strides), x);

    /// <summary><see cref="Binary{T, TOut, TOp}(string, in Operand, in Operand, in Operand)"/> with every operand strided over <paramref name="shape"/>.</summary>
    public static void Binary<T, TOut, TOp>(string operation, ReadOnlySpan<nint> shape, Operand output, Operand x, Operand y)
        where T : unmanaged where TOut : unmanaged where TOp : IBinaryOp<T, TOut>
        => Binary<T, TOut, TOp>(operation, output.WithStrides(shape, output.Strides), x, y);

    /// <summary><see cref="Ternary{TFirst, T, TOp}(string, in Operand, in Operand, in Operand, in Operand)"/> with every operand strided over <paramref name="shape"/>.</summary>
    public static void Ternary<TFirst, T, TOp>(string operation, ReadOnlySpan<nint> shape, Operand output, Operand x, Operand y, Operand z)
        where TFirst : unmanaged where T : unmanaged where TOp : ITernaryOp<TFirst, T>
        => Ternary<TFirst, T, TOp>(operation, output.WithStrides(shape, output.Strides), x, y, z);

    /// <summary>
    /// An input's strides over the call's <paramref name="shape"/>: its own when it has that shape (or is a kernel-internal
    /// operand already strided over it, shape unset), else its broadcast strides, written to <paramref name="broadcast"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ReadOnlySpan<nint> StridesOver(ReadOnlySpan<nint> shape, in Operand input, Span<nint> broadcast)
    {
        ReadOnlySpan<nint> own = input.Shape;
        if (own.Length == 0)
        {
            // A kernel-internal operand strided over the call's shape (shape unset), or a 0-d one with a 0-d call.
            if (input.Strides.Length == shape.Length) return input.Strides;
        }
        else if (own.Length == shape.Length)
        {
            int d = 0;
            while (d < own.Length && own[d] == shape[d]) d++;
            if (d == own.Length) return input.Strides;
        }
        LayoutOps.BroadcastStrides(own, input.Strides, shape, broadcast);
        return broadcast[..shape.Length];
    }

    /// <summary>One elementwise call's work: one flat row (<see cref="P"/> not null) or the whole plan through the iterator.</summary>
    private ref struct RowCall
    {
        public ref IterationPlan Plan;
        public NativeArraysSettings Settings;
        public nint N;
        public byte** P;
        public long* S;
        public bool NonTemporal;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Run<TKernel>(TKernel kernel) where TKernel : struct, IRowKernel
        {
            if (P != null) kernel.Row(N, P, S);
            else NdIterator.Run(ref Plan, kernel, Settings);
        }
    }

    // The width bodies of the three drivers: the arity's row kernel at the width SimdDispatch.Run picks, made and run by
    // the width's entry itself (no generic helper in between: one call less from the public form to the vector loop).

    private ref struct UnaryRows<T, TOut, TOp> : IWidthBody<T> where T : unmanaged where TOut : unmanaged where TOp : IUnaryOp<T, TOut>
    {
        public RowCall Call;
        public readonly void Vector512() => Call.Run(new UnaryRow<T, TOut, TOp, Vec512<T>> { NonTemporal = Call.NonTemporal });
        public readonly void Vector256() => Call.Run(new UnaryRow<T, TOut, TOp, Vec256<T>> { NonTemporal = Call.NonTemporal });
        public readonly void Vector128() => Call.Run(new UnaryRow<T, TOut, TOp, Vec128<T>> { NonTemporal = Call.NonTemporal });
        public readonly void Scalar() => Call.Run(new ScalarUnaryRow<T, TOut, TOp>());
    }

    private ref struct BinaryRows<T, TOut, TOp> : IWidthBody<T> where T : unmanaged where TOut : unmanaged where TOp : IBinaryOp<T, TOut>
    {
        public RowCall Call;
        public readonly void Vector512() => Call.Run(new BinaryRow<T, TOut, TOp, Vec512<T>> { NonTemporal = Call.NonTemporal });
        public readonly void Vector256() => Call.Run(new BinaryRow<T, TOut, TOp, Vec256<T>> { NonTemporal = Call.NonTemporal });
        public readonly void Vector128() => Call.Run(new BinaryRow<T, TOut, TOp, Vec128<T>> { NonTemporal = Call.NonTemporal });
        public readonly void Scalar() => Call.Run(new ScalarBinaryRow<T, TOut, TOp>());
    }

    private ref struct TernaryRows<TFirst, T, TOp> : IWidthBody<T> where TFirst : unmanaged where T : unmanaged where TOp : ITernaryOp<TFirst, T>
    {
        public RowCall Call;
        public readonly void Vector512() => Call.Run(new TernaryRow<TFirst, T, TOp, Vec512<T>> { NonTemporal = Call.NonTemporal });
        public readonly void Vector256() => Call.Run(new TernaryRow<TFirst, T, TOp, Vec256<T>> { NonTemporal = Call.NonTemporal });
        public readonly void Vector128() => Call.Run(new TernaryRow<TFirst, T, TOp, Vec128<T>> { NonTemporal = Call.NonTemporal });
        public readonly void Scalar() => Call.Run(new ScalarTernaryRow<TFirst, T, TOp>());
    }

    /// <summary>
    /// Whether a planned call writes its output with non-temporal stores: its <see cref="IterationPlan.Footprint"/> at or
    /// above <see cref="NativeArraysSettings.NonTemporalThreshold"/> (0: never), not in place (whose output's lines the
    /// call has just read: float64 `a += b` with non-temporal stores was 1.25-2.8x slower at every size measured, 6 to 64 MB) and not bool
    /// (whose outputs are written from mask bits, a byte at a time).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool UseNonTemporal<TOut>(ref IterationPlan plan, NativeArraysSettings settings) where TOut : unmanaged
        => typeof(TOut) != typeof(bool) && PastCaches(plan.Footprint, settings) && !plan.InPlace;

    /// <summary>
    /// Whether <paramref name="footprint"/> bytes are at or above <see cref="NativeArraysSettings.NonTemporalThreshold"/>,
    /// 0 meaning never: the one test of the flat, one-row and planned paths.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool PastCaches(long footprint, NativeArraysSettings settings)
        => settings.NonTemporalThreshold > 0 && footprint >= settings.NonTemporalThreshold;

    /// <summary>
    /// Whether a call that is not flat is still one row: 1-d, a contiguous output, below the parallel and non-temporal
    /// thresholds (the inputs on any stride, after staging). It then runs as the flat path does, without building a plan
    /// or walking it: the same single row call the plan's walk would make (a[::3] + b[::3] of 16 elements 89 -> ~60 ns).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool OneRow<TOut>(ReadOnlySpan<nint> shape, void* output, ReadOnlySpan<nint> outputStrides, nint n, void* x, ReadOnlySpan<nint> xs, int xSize,
        void* y, ReadOnlySpan<nint> ys, int ySize, void* z, ReadOnlySpan<nint> zs, int zSize, NativeArraysSettings settings) where TOut : unmanaged
        => shape.Length == 1 && outputStrides[0] == 1
           && RowBelowThresholds(n, output, sizeof(TOut), x, x == null ? 0 : xs[0], xSize, y, y == null ? 0 : ys[0], ySize, z, z == null ? 0 : zs[0], zSize, settings);

    /// <summary>
    /// The bytes an input row of <paramref name="n"/> elements on element stride <paramref name="stride"/> touches, as
    /// <see cref="IterationPlan.Footprint"/> counts a 1-d operand (<see cref="IterationPlan.OperandBytes"/>): none when
    /// absent or the output itself (in place), one element for a broadcast scalar.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static long RowBytes(void* output, nint n, void* input, nint stride, int size)
        => input == null || (input == output && stride == 1) ? 0
           : IterationPlan.OperandBytes(size, (long)Math.Abs(stride) * size * (n - 1), stride == 0 ? 1 : n);

    /// <summary>
    /// Whether a row of <paramref name="n"/> elements (a contiguous output; inputs on element strides
    /// <paramref name="sx"/>, <paramref name="sy"/>, <paramref name="sz"/>, absent ones null) runs on this thread with
    /// cached stores: below the parallel threshold, and its footprint (output and inputs, as
    /// <see cref="IterationPlan.Footprint"/> counts them: <see cref="RowBytes"/>) below the non-temporal one. An input
    /// touches at most a cache line per element, so a row whose bound n · (output element + 3 lines) stays below it
    /// (always, with the threshold 0) is below it whatever its strides: the footprint is summed only for rows near the
    /// threshold (three of them on every call cost the n = 1 call about 0.8 ns).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool RowBelowThresholds(nint n, void* output, int outputSize, void* x, nint sx, int xSize, void* y, nint sy, int ySize,
        void* z, nint sz, int zSize, NativeArraysSettings settings)
        => n < settings.ParallelThreshold
           && (!PastCaches((long)n * (outputSize + 3 * 64), settings)
               || !PastCaches((long)n * outputSize + RowBytes(output, n, x, sx, xSize) + RowBytes(output, n, y, sy, ySize) + RowBytes(output, n, z, sz, zSize), settings));

    /// <summary>
    /// The per-call fast path: a small call (below the parallel and non-temporal thresholds) whose output is
    /// C-contiguous and whose inputs are each C-contiguous or a broadcast scalar, with no partial overlap, runs as
    /// one row without building a plan. <c>fx</c> / <c>fy</c> are the inputs' row strides in elements (1, or 0 for a
    /// broadcast scalar).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryFlat(ReadOnlySpan<nint> shape, void* output, ReadOnlySpan<nint> outputStrides, int outputSize, void* x, ReadOnlySpan<nint> xStrides, int xSize,
        void* y, ReadOnlySpan<nint> yStrides, int ySize, void* z, ReadOnlySpan<nint> zStrides, int zSize, out nint n, out nint fx, out nint fy, out nint fz, NativeArraysSettings settings)
    {
        n = 1;
        for (int d = 0; d < shape.Length; d++) n *= shape[d];
        fx = fy = fz = -1;
        if (n == 0 || Flat(shape, outputStrides) != 1) return false;
        fx = Flat(shape, xStrides);
        fy = y == null ? 0 : Flat(shape, yStrides);
        fz = z == null ? 0 : Flat(shape, zStrides);
        if (fx < 0 || fy < 0 || fz < 0) return false;
        return FlatSafe(n, output, outputSize, x, fx, xSize, y, fy, ySize, z, fz, zSize, settings);
    }

    /// <summary>
    /// <see cref="TryFlat"/> for one input read element by element (not a broadcast scalar), of any element size: both
    /// C-contiguous, the input the output itself or apart from it, below the parallel and non-temporal thresholds.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryFlatContiguous(ReadOnlySpan<nint> shape, void* output, ReadOnlySpan<nint> outputStrides, int outputSize,
        void* x, ReadOnlySpan<nint> xStrides, int xSize, NativeArraysSettings settings, out nint n)
        => TryFlat(shape, output, outputStrides, outputSize, x, xStrides, xSize, null, default, 0, null, default, 0, out n, out nint fx, out _, out _, settings)
           && fx == 1;

    /// <summary>
    /// Whether flat operands over <paramref name="n"/> elements run as one row: n &gt; 0, below the parallel and
    /// non-temporal thresholds, and each input (absent: null) the output itself or apart from it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool FlatSafe(nint n, void* output, int outputSize, void* x, nint fx, int xSize, void* y, nint fy, int ySize,
        void* z, nint fz, int zSize, NativeArraysSettings settings)
    {
        if (n == 0 || !RowBelowThresholds(n, output, outputSize, x, fx, xSize, y, fy, ySize, z, fz, zSize, settings)) return false;
        nint lo = (nint)output, hi = lo + n * outputSize;
        return Separate(lo, hi, x, fx, n, xSize, outputSize)
            && (y == null || Separate(lo, hi, y, fy, n, ySize, outputSize))
            && (z == null || Separate(lo, hi, z, fz, n, zSize, outputSize));
    }

    /// <summary>1 when C-contiguous over the shape, 0 when a broadcast scalar (all strides 0), -1 otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nint Flat(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides)
    {
        nint expected = 1;
        bool allZero = true, contiguous = true;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            if (shape[d] == 1) continue;
            if (strides[d] != 0) allZero = false;
            if (strides[d] != expected) contiguous = false;
            expected *= shape[d];
        }
        return contiguous ? 1 : allZero ? 0 : -1;
    }

    /// <summary>Whether a flat input is the output itself (same bytes, same element size) or lies outside it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Separate(nint lo, nint hi, void* input, nint flat, nint n, int size, int outputSize)
    {
        nint a = (nint)input, b = a + (flat == 0 ? size : n * size);
        return (a == lo && flat == 1 && size == outputSize) || b <= lo || a >= hi;
    }

    /// <summary>
    /// Returns <paramref name="input"/> itself when reading it cannot see the output's writes; otherwise copies it to a
    /// compact temporary (broadcast axes stay broadcast) and returns that, its strides written to <paramref name="scratch"/>
    /// and set in <paramref name="strides"/>. The usual case, byte ranges apart, is decided here inline
    /// (<see cref="Apart"/>): the call into the full test cost 15-20 ns an input (its span arguments spilled and reloaded
    /// as one 16-byte value, a failed store forward at every entry).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void* Stage<T>(string operation, ReadOnlySpan<nint> shape, void* output, ReadOnlySpan<nint> outputStrides, int outputSize,
        void* input, scoped ref ReadOnlySpan<nint> strides, Span<nint> scratch, ref void* temporary, NativeArraysSettings settings)
        where T : unmanaged
        => Apart(shape, output, outputStrides, outputSize, input, strides, sizeof(T))
            ? input
            : StageCopy<T>(operation, shape, output, outputStrides, outputSize, input, ref strides, scratch, ref temporary, settings);

    /// <summary>
    /// Whether the byte ranges of the output and an input over a non-empty <paramref name="shape"/> do not meet. Unchecked
    /// arithmetic: both are views of allocated buffers, so their extents fit in the address space.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Apart(ReadOnlySpan<nint> shape, void* output, ReadOnlySpan<nint> outputStrides, int outputSize,
        void* input, ReadOnlySpan<nint> strides, int size)
    {
        nint oLow = 0, oHigh = 0, low = 0, high = 0;
        for (int d = 0; d < shape.Length; d++)
        {
            nint m = shape[d] - 1, so = m * outputStrides[d], si = m * strides[d];
            if (so < 0) oLow += so; else oHigh += so;
            if (si < 0) low += si; else high += si;
        }
        nint o = (nint)output, x = (nint)input;
        return x + high * size + size <= o + oLow * outputSize || x + low * size >= o + oHigh * outputSize + outputSize;
    }

    /// <summary><see cref="Stage{T}"/> past the inline test: the full overlap test, and the copy when it finds one.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void* StageCopy<T>(string operation, ReadOnlySpan<nint> shape, void* output, ReadOnlySpan<nint> outputStrides, int outputSize,
        void* input, scoped ref ReadOnlySpan<nint> strides, Span<nint> scratch, ref void* temporary, NativeArraysSettings settings)
        where T : unmanaged
    {
        if (!Kernels.MemoryOverlap.Conflicts(shape, output, outputStrides, outputSize, input, strides, sizeof(T))) return input;
        Span<nint> copyShape = stackalloc nint[shape.Length];
        Span<nint> copyStrides = scratch[..shape.Length];
        nint count = CompactLayout(shape, strides, copyShape, copyStrides);
        temporary = Memory.ScratchMemory.Allocate(count * sizeof(T));
        KernelTemporaries.Record(operation + "(overlap temporary)");
        Unsafe.SkipInit(out IterationPlan plan);
        plan.Begin(copyShape, 2);
        plan.SetOperand(0, temporary, copyStrides, sizeof(T));
        plan.SetOperand(1, input, strides, sizeof(T));
        plan.Finish();
        var body = new UnaryRows<T, T, IdentityOp<T>> { Call = new RowCall { Plan = ref plan, Settings = settings, NonTemporal = UseNonTemporal<T>(ref plan, settings) } };
        SimdDispatch.Run<T, UnaryRows<T, T, IdentityOp<T>>>(SimdDispatch.Width<T>(settings.SimdWidth), ref body);
        strides = copyStrides;
        return temporary;
    }

    /// <summary>
    /// The layout of a compact copy of an operand: broadcast (stride 0) and length-1 axes get length 1 and stride 0,
    /// the others C-order strides. Returns the element count of the copy.
    /// </summary>
    internal static nint CompactLayout(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, Span<nint> copyShape, Span<nint> copyStrides)
    {
        nint count = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            bool broadcast = strides[d] == 0 || shape[d] == 1;
            copyShape[d] = broadcast ? 1 : shape[d];
            copyStrides[d] = broadcast ? 0 : count;
            count *= copyShape[d];
        }
        return count;
    }

    private static void Free(void* p)
    {
        Memory.ScratchMemory.Free(p);
    }
}

/// <summary>Copies its operand (the copy and staging kernel).</summary>
internal readonly struct IdentityOp<T> : IUnaryOp<T, T> where T : unmanaged
{
    public static bool Vectorizable => true;
    public static T Invoke(T x) => x;
    public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => x;
}
