using System.Runtime.CompilerServices;

namespace NativeArrays.Kernels;

// Row kernels of the elementwise drivers. Each vector row has a contiguous fast path (every operand stride 1),
// a broadcast-scalar fast path (one input stride 0) and a general path that gathers/scatters strided lanes through
// scratch; partial vectors at the end of a row go through the general path too, so every element meets the
// same vector code whatever the layout, alignment or work split (results are layout- and thread-independent).

[SkipLocalsInit]
internal unsafe struct UnaryRow<T, TOut, TOp, TV> : IRowKernel
    where T : unmanaged where TOut : unmanaged
    where TOp : IUnaryOp<T, TOut> where TV : struct, ISimdVec<TV, T>
{
    public bool NonTemporal;

    // Not inlined into the width bodies: the row loop keeps its own frame and registers.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public readonly void Row(nint n, byte** p, long* s)
    {
        T* scratch = stackalloc T[2 * TV.Count];
        Body(n, p, s, scratch);
    }

    public static bool TakesBlocks => true;

    public static void Rows(void* self, nint n, nint rows, byte** p, long* s, long* rowStrides)
        => ((UnaryRow<T, TOut, TOp, TV>*)self)->Block(n, rows, p, s, rowStrides);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly void Block(nint n, nint rows, byte** p, long* s, long* rowStrides)
    {
        T* scratch = stackalloc T[2 * TV.Count];
        byte** q = stackalloc byte*[2] { p[0], p[1] };
        for (nint r = 0; r < rows; r++)
        {
            Body(n, q, s, scratch);
            q[0] += rowStrides[0]; q[1] += rowStrides[1];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly void Body(nint n, byte** p, long* s, T* scratch)
    {
        byte* po = p[0], pa = p[1];
        nint so = (nint)s[0], sa = (nint)s[1];
        int c = TV.Count;
        nint i = 0;
        if (so == sizeof(TOut) && sa == sizeof(T))
        {
            if (NonTemporal) i = General(p, s, 0, Math.Min(n, StridedVectors.AlignmentHead<T>(po, c * sizeof(T))), scratch);
            TOut* o = (TOut*)po;
            T* a = (T*)pa;
            bool nt = StridedVectors.NonTemporalFrom<T, TV>(NonTemporal, o + i);
            for (; i <= n - c; i += c)
                StridedVectors.StoreContiguous<T, TOut, TV>(TOp.Invoke(TV.Load(a + i)), o + i, nt);
        }
        else if (so == sizeof(TOut) && sa != 0 && RowInput<T, TV>.TryCreate(pa, sa, out var xa))
        {
            // A small constant step: see BinaryRow.
            if (NonTemporal) i = General(p, s, 0, Math.Min(n, StridedVectors.AlignmentHead<T>(po, c * sizeof(T))), scratch);
            TOut* o = (TOut*)po;
            bool nt = StridedVectors.NonTemporalFrom<T, TV>(NonTemporal, o + i);
            if (xa.Step >= 2)
            {
                var loop = new StepLoop(n, o, xa, nt);
                i = StepDispatch.Run(xa.Step, ref loop, i);
            }
            for (; i < n - c; i += c)
                StridedVectors.StoreContiguous<T, TOut, TV>(TOp.Invoke(xa.Load(i)), o + i, nt);
        }
        General(p, s, i, n, scratch);
    }

    private readonly struct StepLoop(nint n, TOut* o, RowInput<T, TV> xa, bool nt) : IStepLoop
    {
        // Its own frame: the input's tables are locals of this loop only, so the JIT keeps them in registers.
        [MethodImpl(MethodImplOptions.NoInlining)]
        public nint Run<TStep>(nint i) where TStep : struct, IStep
        {
            int c = TV.Count;
            T* a = xa.Pointer;
            StepTables<TV> ta = xa.Tables;
            for (; i < n - c; i += c)
                StridedVectors.StoreContiguous<T, TOut, TV>(TOp.Invoke(RowInput<T, TV>.Load<TStep>(a, i, ta)), o + i, nt);
            return i;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nint General(byte** p, long* s, nint i, nint n, T* scratch)
    {
        int c = TV.Count;
        for (; i < n; i += c)
        {
            int k = (int)Math.Min(c, n - i);
            TV a = StridedVectors.Load<T, TV>(p[1], (nint)s[1], i, k, scratch);
            StridedVectors.Store<T, TOut, TV>(TOp.Invoke(a), p[0], (nint)s[0], i, k, scratch + c);
        }
        return n;
    }
}

[SkipLocalsInit]
internal unsafe struct BinaryRow<T, TOut, TOp, TV> : IRowKernel
    where T : unmanaged where TOut : unmanaged
    where TOp : IBinaryOp<T, TOut> where TV : struct, ISimdVec<TV, T>
{
    public bool NonTemporal;

    // Not inlined into the width bodies: the row loop keeps its own frame and registers.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public readonly void Row(nint n, byte** p, long* s)
    {
        T* scratch = stackalloc T[3 * TV.Count];
        Body(n, p, s, scratch);
    }

    public static bool TakesBlocks => true;

    public static void Rows(void* self, nint n, nint rows, byte** p, long* s, long* rowStrides)
        => ((BinaryRow<T, TOut, TOp, TV>*)self)->Block(n, rows, p, s, rowStrides);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly void Block(nint n, nint rows, byte** p, long* s, long* rowStrides)
    {
        T* scratch = stackalloc T[3 * TV.Count];
        byte** q = stackalloc byte*[3] { p[0], p[1], p[2] };
        for (nint r = 0; r < rows; r++)
        {
            Body(n, q, s, scratch);
            q[0] += rowStrides[0]; q[1] += rowStrides[1]; q[2] += rowStrides[2];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly void Body(nint n, byte** p, long* s, T* scratch)
    {
        byte* po = p[0], pa = p[1], pb = p[2];
        nint so = (nint)s[0], sa = (nint)s[1], sb = (nint)s[2];
        int c = TV.Count;
        nint i = 0;
        if (so == sizeof(TOut) && (sa | sb) != 0 && (sa == sizeof(T) || sa == 0) && (sb == sizeof(T) || sb == 0))
        {
            if (NonTemporal) i = General(p, s, 0, Math.Min(n, StridedVectors.AlignmentHead<T>(po, c * sizeof(T))), scratch);
            TOut* o = (TOut*)po;
            T* a = (T*)pa, b = (T*)pb;
            bool nt = StridedVectors.NonTemporalFrom<T, TV>(NonTemporal, o + i);
            if (sa != 0 && sb != 0)
            {
                for (; i <= n - 2 * c; i += 2 * c)
                {
                    StridedVectors.StoreContiguous<T, TOut, TV>(TOp.Invoke(TV.Load(a + i), TV.Load(b + i)), o + i, nt);
                    StridedVectors.StoreContiguous<T, TOut, TV>(TOp.Invoke(TV.Load(a + i + c), TV.Load(b + i + c)), o + i + c, nt);
                }
                for (; i <= n - c; i += c)
                    StridedVectors.StoreContiguous<T, TOut, TV>(TOp.Invoke(TV.Load(a + i), TV.Load(b + i)), o + i, nt);
            }
            else if (sb == 0)
            {
                TV vb = TV.Create(*b);
                for (; i <= n - c; i += c)
                    StridedVectors.StoreContiguous<T, TOut, TV>(TOp.Invoke(TV.Load(a + i), vb), o + i, nt);
            }
            else
            {
                TV va = TV.Create(*a);
                for (; i <= n - c; i += c)
                    StridedVectors.StoreContiguous<T, TOut, TV>(TOp.Invoke(va, TV.Load(b + i)), o + i, nt);
            }
        }
        else if (so == sizeof(TOut) && RowInput<T, TV>.TryCreate(pa, sa, out var xa) && RowInput<T, TV>.TryCreate(pb, sb, out var xb))
        {
            // A small constant step on an input: contiguous loads folded by permutes, stopping one vector short of
            // the end (that vector's loads would read past the row's last element).
            if (NonTemporal) i = General(p, s, 0, Math.Min(n, StridedVectors.AlignmentHead<T>(po, c * sizeof(T))), scratch);
            TOut* o = (TOut*)po;
            bool nt = StridedVectors.NonTemporalFrom<T, TV>(NonTemporal, o + i);
            // Both inputs on one step (a[::k] + b[::k]): a loop compiled for that step, tables in registers.
            if (xa.Step == xb.Step && xa.Step >= 2)
            {
                var loop = new StepLoop(n, o, xa, xb, nt);
                i = StepDispatch.Run(xa.Step, ref loop, i);
            }
            else
                for (; i < n - c; i += c)
                    StridedVectors.StoreContiguous<T, TOut, TV>(TOp.Invoke(xa.Load(i), xb.Load(i)), o + i, nt);
        }
        General(p, s, i, n, scratch);
    }

    private readonly struct StepLoop(nint n, TOut* o, RowInput<T, TV> xa, RowInput<T, TV> xb, bool nt) : IStepLoop
    {
        // Its own frame: the two inputs' tables are locals of this loop only, so the JIT keeps them in registers.
        [MethodImpl(MethodImplOptions.NoInlining)]
        public nint Run<TStep>(nint i) where TStep : struct, IStep
        {
            int c = TV.Count;
            T* a = xa.Pointer, b = xb.Pointer;
            StepTables<TV> ta = xa.Tables, tb = xb.Tables;
            for (; i < n - c; i += c)
                StridedVectors.StoreContiguous<T, TOut, TV>(
                    TOp.Invoke(RowInput<T, TV>.Load<TStep>(a, i, ta), RowInput<T, TV>.Load<TStep>(b, i, tb)), o + i, nt);
            return i;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nint General(byte** p, long* s, nint i, nint n, T* scratch)
    {
        int c = TV.Count;
        for (; i < n; i += c)
        {
            int k = (int)Math.Min(c, n - i);
            TV a = StridedVectors.Load<T, TV>(p[1], (nint)s[1], i, k, scratch);
            TV b = StridedVectors.Load<T, TV>(p[2], (nint)s[2], i, k, scratch + c);
            StridedVectors.Store<T, TOut, TV>(TOp.Invoke(a, b), p[0], (nint)s[0], i, k, scratch + 2 * c);
        }
        return n;
    }
}

[SkipLocalsInit]
internal unsafe struct TernaryRow<TFirst, T, TOp, TV> : IRowKernel
    where TFirst : unmanaged where T : unmanaged
    where TOp : ITernaryOp<TFirst, T> where TV : struct, ISimdVec<TV, T>
{
    public bool NonTemporal;

    // Not inlined into the width bodies: the row loop keeps its own frame and registers.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public readonly void Row(nint n, byte** p, long* s)
    {
        T* scratch = stackalloc T[4 * TV.Count];
        Body(n, p, s, scratch);
    }

    public static bool TakesBlocks => true;

    public static void Rows(void* self, nint n, nint rows, byte** p, long* s, long* rowStrides)
        => ((TernaryRow<TFirst, T, TOp, TV>*)self)->Block(n, rows, p, s, rowStrides);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly void Block(nint n, nint rows, byte** p, long* s, long* rowStrides)
    {
        T* scratch = stackalloc T[4 * TV.Count];
        byte** q = stackalloc byte*[4] { p[0], p[1], p[2], p[3] };
        for (nint r = 0; r < rows; r++)
        {
            Body(n, q, s, scratch);
            q[0] += rowStrides[0]; q[1] += rowStrides[1]; q[2] += rowStrides[2]; q[3] += rowStrides[3];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly void Body(nint n, byte** p, long* s, T* scratch)
    {
        int c = TV.Count;
        nint i = 0;
        if (typeof(TFirst) == typeof(T) && s[0] == sizeof(T) && s[1] == sizeof(T) && s[2] == sizeof(T) && s[3] == sizeof(T))
        {
            if (NonTemporal) i = General(p, s, 0, Math.Min(n, StridedVectors.AlignmentHead<T>(p[0], c * sizeof(T))), scratch);
            T* o = (T*)p[0], x = (T*)p[1], y = (T*)p[2], z = (T*)p[3];
            bool nt = StridedVectors.NonTemporalFrom<T, TV>(NonTemporal, o + i);
            for (; i <= n - c; i += c)
                StridedVectors.StoreContiguous<T, T, TV>(TOp.Invoke(TV.Load(x + i), TV.Load(y + i), TV.Load(z + i)), o + i, nt);
        }
        General(p, s, i, n, scratch);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nint General(byte** p, long* s, nint i, nint n, T* scratch)
    {
        int c = TV.Count;
        for (; i < n; i += c)
        {
            int k = (int)Math.Min(c, n - i);
            TV x = typeof(TFirst) == typeof(bool)
                ? StridedVectors.LoadMask<T, TV>(p[1], (nint)s[1], i, k, scratch)
                : StridedVectors.Load<T, TV>(p[1], (nint)s[1], i, k, scratch);
            TV y = StridedVectors.Load<T, TV>(p[2], (nint)s[2], i, k, scratch + c);
            TV z = StridedVectors.Load<T, TV>(p[3], (nint)s[3], i, k, scratch + 2 * c);
            StridedVectors.Store<T, T, TV>(TOp.Invoke(x, y, z), p[0], (nint)s[0], i, k, scratch + 3 * c);
        }
        return n;
    }
}

// Scalar rows: the Scalar width, element types without vector support, and ops without a vector form.

internal unsafe struct ScalarUnaryRow<T, TOut, TOp> : IRowKernel
    where T : unmanaged where TOut : unmanaged where TOp : IUnaryOp<T, TOut>
{
    public void Row(nint n, byte** p, long* s)
    {
        byte* po = p[0], pa = p[1];
        nint so = (nint)s[0], sa = (nint)s[1];
        for (nint i = 0; i < n; i++) *(TOut*)(po + i * so) = TOp.Invoke(*(T*)(pa + i * sa));
    }
}

internal unsafe struct ScalarBinaryRow<T, TOut, TOp> : IRowKernel
    where T : unmanaged where TOut : unmanaged where TOp : IBinaryOp<T, TOut>
{
    public void Row(nint n, byte** p, long* s)
    {
        byte* po = p[0], pa = p[1], pb = p[2];
        nint so = (nint)s[0], sa = (nint)s[1], sb = (nint)s[2];
        for (nint i = 0; i < n; i++) *(TOut*)(po + i * so) = TOp.Invoke(*(T*)(pa + i * sa), *(T*)(pb + i * sb));
    }
}

internal unsafe struct ScalarTernaryRow<TFirst, T, TOp> : IRowKernel
    where TFirst : unmanaged where T : unmanaged where TOp : ITernaryOp<TFirst, T>
{
    public void Row(nint n, byte** p, long* s)
    {
        byte* po = p[0], px = p[1], py = p[2], pz = p[3];
        nint so = (nint)s[0], sx = (nint)s[1], sy = (nint)s[2], sz = (nint)s[3];
        for (nint i = 0; i < n; i++)
            *(T*)(po + i * so) = TOp.Invoke(*(TFirst*)(px + i * sx), *(T*)(py + i * sy), *(T*)(pz + i * sz));
    }
}
