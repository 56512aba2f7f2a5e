using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NativeArrays.Kernels;

/// <summary>
/// The elementwise drivers: unary, binary and ternary, each written once over the vector abstraction and
/// dispatched to 512/256/128-bit or scalar code by the settings and the hardware. Every operand already has
/// the call's common shape (broadcast inputs carry stride 0). Inputs that overlap the output in any way other
/// than being the identical view are first copied to a temporary (counted), so results always equal
/// "inputs copied first".
/// </summary>
[SkipLocalsInit]
internal static unsafe class Elementwise
{
    public static void Unary<T, TOut, TOp>(string operation, ReadOnlySpan<nint> shape, Operand output, Operand x)
        where T : unmanaged where TOut : unmanaged where TOp : IUnaryOp<T, TOut>
    {
        if (IsEmpty(shape)) return;
        Unsafe.SkipInit(out IterationPlan plan);
        var body = new UnaryRows<T, TOut, TOp> { Call = new RowCall { Plan = ref plan, Settings = NativeArraysSettings.Current } };
        int width = TOp.Vectorizable ? SimdDispatch.Width<T>(body.Call.Settings.SimdWidth) : 0;
        if (TryFlat(shape, output, sizeof(TOut), x, sizeof(T), default, 0, default, 0, out nint n, out nint fx, out _, out _, body.Call.Settings))
        {
            byte** p = stackalloc byte*[2] { (byte*)output.Pointer, (byte*)x.Pointer };
            long* s = stackalloc long[2] { sizeof(TOut), fx * sizeof(T) };
            body.Call.N = n; body.Call.P = p; body.Call.S = s;
            SimdDispatch.Run<T, UnaryRows<T, TOut, TOp>>(width, ref body);
            return;
        }
        Span<nint> xs = stackalloc nint[shape.Length];
        void* tx = null;
        try
        {
            Operand sx = Stage<T>(operation, shape, output, sizeof(TOut), x, xs, ref tx, body.Call.Settings);
            plan.Begin(shape, 2);
            plan.SetOperand(0, output.Pointer, output.Strides, sizeof(TOut));
            plan.SetOperand(1, sx.Pointer, sx.Strides, sizeof(T));
            plan.Finish();
            body.Call.NonTemporal = UseNonTemporal<TOut>(ref plan, body.Call.Settings);
            SimdDispatch.Run<T, UnaryRows<T, TOut, TOp>>(width, ref body);
        }
        finally { Free(tx); }
    }

    public static void Binary<T, TOut, TOp>(string operation, ReadOnlySpan<nint> shape, Operand output, Operand x, Operand y)
        where T : unmanaged where TOut : unmanaged where TOp : IBinaryOp<T, TOut>
    {
        if (IsEmpty(shape)) return;
        Unsafe.SkipInit(out IterationPlan plan);
        var body = new BinaryRows<T, TOut, TOp> { Call = new RowCall { Plan = ref plan, Settings = NativeArraysSettings.Current } };
        int width = TOp.Vectorizable ? SimdDispatch.Width<T>(body.Call.Settings.SimdWidth) : 0;
        if (TryFlat(shape, output, sizeof(TOut), x, sizeof(T), y, sizeof(T), default, 0, out nint n, out nint fx, out nint fy, out _, body.Call.Settings))
        {
            byte** p = stackalloc byte*[3] { (byte*)output.Pointer, (byte*)x.Pointer, (byte*)y.Pointer };
            long* s = stackalloc long[3] { sizeof(TOut), fx * sizeof(T), fy * sizeof(T) };
            body.Call.N = n; body.Call.P = p; body.Call.S = s;
            SimdDispatch.Run<T, BinaryRows<T, TOut, TOp>>(width, ref body);
            return;
        }
        Span<nint> xs = stackalloc nint[shape.Length];
        Span<nint> ys = stackalloc nint[shape.Length];
        void* tx = null, ty = null;
        try
        {
            Operand sx = Stage<T>(operation, shape, output, sizeof(TOut), x, xs, ref tx, body.Call.Settings);
            Operand sy = Stage<T>(operation, shape, output, sizeof(TOut), y, ys, ref ty, body.Call.Settings);
            plan.Begin(shape, 3);
            plan.SetOperand(0, output.Pointer, output.Strides, sizeof(TOut));
            plan.SetOperand(1, sx.Pointer, sx.Strides, sizeof(T));
            plan.SetOperand(2, sy.Pointer, sy.Strides, sizeof(T));
            plan.Finish();
            body.Call.NonTemporal = UseNonTemporal<TOut>(ref plan, body.Call.Settings);
            SimdDispatch.Run<T, BinaryRows<T, TOut, TOp>>(width, ref body);
        }
        finally { Free(tx); Free(ty); }
    }

    public static void Ternary<TFirst, T, TOp>(string operation, ReadOnlySpan<nint> shape, Operand output, Operand x, Operand y, Operand z)
        where TFirst : unmanaged where T : unmanaged where TOp : ITernaryOp<TFirst, T>
    {
        if (IsEmpty(shape)) return;
        Unsafe.SkipInit(out IterationPlan plan);
        var body = new TernaryRows<TFirst, T, TOp> { Call = new RowCall { Plan = ref plan, Settings = NativeArraysSettings.Current } };
        int width = TOp.Vectorizable ? SimdDispatch.Width<T>(body.Call.Settings.SimdWidth) : 0;
        if (TryFlat(shape, output, sizeof(T), x, sizeof(TFirst), y, sizeof(T), z, sizeof(T), out nint n, out nint fx, out nint fy, out nint fz, body.Call.Settings))
        {
            // The flat fast path unary and binary have: one row, no plan.
            byte** p = stackalloc byte*[4] { (byte*)output.Pointer, (byte*)x.Pointer, (byte*)y.Pointer, (byte*)z.Pointer };
            long* s = stackalloc long[4] { sizeof(T), fx * sizeof(TFirst), fy * sizeof(T), fz * sizeof(T) };
            body.Call.N = n; body.Call.P = p; body.Call.S = s;
            SimdDispatch.Run<T, TernaryRows<TFirst, T, TOp>>(width, ref body);
            return;
        }
        Span<nint> xs = stackalloc nint[shape.Length];
        Span<nint> ys = stackalloc nint[shape.Length];
        Span<nint> zs = stackalloc nint[shape.Length];
        void* tx = null, ty = null, tz = null;
        try
        {
            Operand sx = Stage<TFirst>(operation, shape, output, sizeof(T), x, xs, ref tx, body.Call.Settings);
            Operand sy = Stage<T>(operation, shape, output, sizeof(T), y, ys, ref ty, body.Call.Settings);
            Operand sz = Stage<T>(operation, shape, output, sizeof(T), z, zs, ref tz, body.Call.Settings);
            plan.Begin(shape, 4);
            plan.SetOperand(0, output.Pointer, output.Strides, sizeof(T));
            plan.SetOperand(1, sx.Pointer, sx.Strides, sizeof(TFirst));
            plan.SetOperand(2, sy.Pointer, sy.Strides, sizeof(T));
            plan.SetOperand(3, sz.Pointer, sz.Strides, sizeof(T));
            plan.Finish();
            body.Call.NonTemporal = UseNonTemporal<T>(ref plan, body.Call.Settings);
            SimdDispatch.Run<T, TernaryRows<TFirst, T, TOp>>(width, ref body);
        }
        finally { Free(tx); Free(ty); Free(tz); }
    }

    /// <summary>Copies <paramref name="source"/> into <paramref name="destination"/> (same shape), overlap-safe.</summary>
    public static void Copy<T>(ReadOnlySpan<nint> shape, Operand destination, Operand source) where T : unmanaged
        => Unary<T, T, IdentityOp<T>>("Copy", shape, destination, source);

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

    // The width bodies of the three drivers: the arity's row kernel at the width SimdDispatch.Run picks.

    private ref struct UnaryRows<T, TOut, TOp> : IWidthBody<T> where T : unmanaged where TOut : unmanaged where TOp : IUnaryOp<T, TOut>
    {
        public RowCall Call;
        public readonly void Vector512() => Vector<Vec512<T>>();
        public readonly void Vector256() => Vector<Vec256<T>>();
        public readonly void Vector128() => Vector<Vec128<T>>();
        private readonly void Vector<TV>() where TV : struct, ISimdVec<TV, T> => Call.Run(new UnaryRow<T, TOut, TOp, TV> { NonTemporal = Call.NonTemporal });
        public readonly void Scalar() => Call.Run(new ScalarUnaryRow<T, TOut, TOp>());
    }

    private ref struct BinaryRows<T, TOut, TOp> : IWidthBody<T> where T : unmanaged where TOut : unmanaged where TOp : IBinaryOp<T, TOut>
    {
        public RowCall Call;
        public readonly void Vector512() => Vector<Vec512<T>>();
        public readonly void Vector256() => Vector<Vec256<T>>();
        public readonly void Vector128() => Vector<Vec128<T>>();
        private readonly void Vector<TV>() where TV : struct, ISimdVec<TV, T> => Call.Run(new BinaryRow<T, TOut, TOp, TV> { NonTemporal = Call.NonTemporal });
        public readonly void Scalar() => Call.Run(new ScalarBinaryRow<T, TOut, TOp>());
    }

    private ref struct TernaryRows<TFirst, T, TOp> : IWidthBody<T> where TFirst : unmanaged where T : unmanaged where TOp : ITernaryOp<TFirst, T>
    {
        public RowCall Call;
        public readonly void Vector512() => Vector<Vec512<T>>();
        public readonly void Vector256() => Vector<Vec256<T>>();
        public readonly void Vector128() => Vector<Vec128<T>>();
        private readonly void Vector<TV>() where TV : struct, ISimdVec<TV, T> => Call.Run(new TernaryRow<TFirst, T, TOp, TV> { NonTemporal = Call.NonTemporal });
        public readonly void Scalar() => Call.Run(new ScalarTernaryRow<TFirst, T, TOp>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool UseNonTemporal<TOut>(ref IterationPlan plan, NativeArraysSettings settings) where TOut : unmanaged
        => typeof(TOut) != typeof(bool) && plan.Size * sizeof(TOut) >= settings.NonTemporalThreshold && settings.NonTemporalThreshold > 0;

    /// <summary>
    /// The per-call fast path: a small call (below the parallel and non-temporal thresholds) whose output is
    /// C-contiguous and whose inputs are each C-contiguous or a broadcast scalar, with no partial overlap, runs as
    /// one row without building a plan. <c>fx</c> / <c>fy</c> are the inputs' row strides in elements (1, or 0 for a
    /// broadcast scalar).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryFlat(ReadOnlySpan<nint> shape, Operand output, int outputSize, Operand x, int xSize, Operand y, int ySize, Operand z, int zSize,
        out nint n, out nint fx, out nint fy, out nint fz, NativeArraysSettings settings)
    {
        n = 1;
        for (int d = 0; d < shape.Length; d++) n *= shape[d];
        fx = fy = fz = -1;
        if (n >= settings.ParallelThreshold || (long)n * outputSize >= settings.NonTemporalThreshold) return false;
        if (Flat(shape, output.Strides) != 1) return false;
        fx = Flat(shape, x.Strides);
        fy = y.Pointer == null ? 0 : Flat(shape, y.Strides);
        fz = z.Pointer == null ? 0 : Flat(shape, z.Strides);
        if (fx < 0 || fy < 0 || fz < 0) return false;
        nint lo = (nint)output.Pointer, hi = lo + n * outputSize;
        return Separate(lo, hi, x.Pointer, fx, n, xSize, outputSize)
            && (y.Pointer == null || Separate(lo, hi, y.Pointer, fy, n, ySize, outputSize))
            && (z.Pointer == null || Separate(lo, hi, z.Pointer, fz, n, zSize, outputSize));
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsEmpty(ReadOnlySpan<nint> shape)
    {
        foreach (nint n in shape) if (n == 0) return true;
        return false;
    }

    /// <summary>
    /// Returns <paramref name="input"/> itself when reading it cannot see the output's writes; otherwise copies
    /// it to a compact temporary (broadcast axes stay broadcast) and returns that, with strides in <paramref name="strides"/>.
    /// </summary>
    private static Operand Stage<T>(string operation, ReadOnlySpan<nint> shape, Operand output, int outputSize, Operand input, Span<nint> strides, ref void* temporary,
        NativeArraysSettings settings)
        where T : unmanaged
    {
        if (!Kernels.MemoryOverlap.Conflicts(shape, output, outputSize, input, sizeof(T))) return input;
        Span<nint> copyShape = stackalloc nint[shape.Length];
        nint count = CompactLayout(shape, input.Strides, copyShape, strides);
        temporary = NativeMemory.AlignedAlloc((nuint)(count * sizeof(T)), 64);
        KernelTemporaries.Record(operation + "(overlap temporary)");
        var staged = new Operand(temporary, strides);
        Unsafe.SkipInit(out IterationPlan plan);
        plan.Begin(copyShape, 2);
        plan.SetOperand(0, temporary, strides, sizeof(T));
        plan.SetOperand(1, input.Pointer, input.Strides, sizeof(T));
        plan.Finish();
        var body = new UnaryRows<T, T, IdentityOp<T>> { Call = new RowCall { Plan = ref plan, Settings = settings, NonTemporal = UseNonTemporal<T>(ref plan, settings) } };
        SimdDispatch.Run<T, UnaryRows<T, T, IdentityOp<T>>>(SimdDispatch.Width<T>(settings.SimdWidth), ref body);
        return staged;
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
        if (p != null) NativeMemory.AlignedFree(p);
    }
}

/// <summary>Copies its operand (the copy and staging kernel).</summary>
internal readonly struct IdentityOp<T> : IUnaryOp<T, T> where T : unmanaged
{
    public static bool Vectorizable => true;
    public static T Invoke(T x) => x;
    public static TV Invoke<TV>(TV x) where TV : struct, ISimdVec<TV, T> => x;
}
