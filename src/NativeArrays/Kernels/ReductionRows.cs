using System.Runtime.CompilerServices;

namespace NativeArrays.Kernels;

// Row kernels of the reduction driver. Operand 0 is the accumulator (stride 0 along reduced axes), operand 1
// the input. A row along a reduced axis is folded into one accumulator (pairwise for sums, several vector
// accumulators); a row along a kept axis accumulates elementwise (vectorised across the kept axis).

[SkipLocalsInit]
internal unsafe struct ReduceRow<T, TAcc, TOp, TV> : IRowKernel
    where T : unmanaged where TAcc : unmanaged
    where TOp : IReduceOp<T, TAcc> where TV : struct, ISimdVec<TV, T>
{
    /// <summary>Vectors folded without further splitting (16 per accumulator).</summary>
    private const int BlockVectors = 128;

    /// <summary>
    /// The row is part of a walk that streams from memory (<see cref="IterationPlan.Streamed"/>): no software
    /// prefetch, whatever the row's own length.
    /// </summary>
    public bool Streamed;

    /// <summary>
    /// What <see cref="Row"/> leaves in an accumulator at the identity after folding <paramref name="n"/> contiguous
    /// elements (the same value: same fold, same order), returned instead of stored: the whole-array forms of contiguous
    /// arrays, without the row's pointer and stride arrays. Not for operations with their own vector row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TAcc Whole(byte* x, nint n)
    {
        if (TOp.Sequential) return ScalarReduceRow<T, TAcc, TOp>.FoldFrom(TOp.Identity, x, n, sizeof(T));
        T folded = Fold(x, n, sizeof(T), streamed: false);
        return TOp.Combine(TOp.Identity, Unsafe.As<T, TAcc>(ref folded));
    }

    public void Row(nint n, byte** p, long* s)
    {
        if (TOp.HasVectorRow)
        {
            TOp.VectorRow<TV>(n, p, s); // the operation's own row (accumulator type differs from T)
            return;
        }
        if (s[0] == 0)
        {
            TAcc* acc = (TAcc*)p[0];
            if (TOp.Sequential)
            {
                *acc = ScalarReduceRow<T, TAcc, TOp>.FoldFrom(*acc, p[1], n, (nint)s[1]);
                return;
            }
            T folded = Fold(p[1], n, (nint)s[1], Streamed);
            *acc = TOp.Combine(*acc, Unsafe.As<T, TAcc>(ref folded));
            return;
        }
        // Elementwise accumulate across a kept axis (TAcc == T whenever the vector path runs).
        int c = TV.Count;
        T* scratch = stackalloc T[3 * c];
        nint so = (nint)s[0], si = (nint)s[1];
        nint i = 0;
        if (so == sizeof(T) && si == sizeof(T))
        {
            T* o = (T*)p[0], x = (T*)p[1];
            for (; i <= n - c; i += c) TV.Store(TOp.Invoke(TV.Load(o + i), TV.Load(x + i)), o + i);
        }
        for (; i < n; i += c)
        {
            int k = (int)Math.Min(c, n - i);
            TV a = StridedVectors.Load<T, TV>(p[0], so, i, k, scratch);
            TV x = StridedVectors.Load<T, TV>(p[1], si, i, k, scratch + c);
            StridedVectors.Store<T, T, TV>(TOp.Invoke(a, x), p[0], so, i, k, scratch + 2 * c);
        }
    }

    /// <summary>
    /// Folds a row: whole vectors pairwise (<see cref="FoldVectors"/>), one horizontal step, then the tail. A contiguous
    /// row of at least one vector folds its tail as one more vector (<see cref="TailVector"/>) before the horizontal step,
    /// instead of element after element into the total (a chain of dependent adds as long as the tail).
    /// </summary>
    private static T Fold(byte* x, nint n, nint stride, bool streamed)
    {
        int c = TV.Count;
        nint vectors = n / c;
        TV folded = FoldVectors(x, vectors, stride, streamed);
        if (stride == sizeof(T) && vectors > 0 && vectors * c < n)
            return TOp.Horizontal(TOp.Invoke(folded, TailVector((T*)x + n - c, (int)(n - vectors * c))));
        T r = TOp.Horizontal(folded);
        for (nint i = vectors * c; i < n; i++)
        {
            TAcc acc = TOp.Invoke(Unsafe.As<T, TAcc>(ref r), *(T*)(x + i * stride));
            r = Unsafe.As<TAcc, T>(ref acc);
        }
        return r;
    }

    /// <summary>
    /// Folds <paramref name="vectors"/> whole vectors into one vector accumulator. A block of at most
    /// <see cref="BlockVectors"/> vectors (a per-call row) folds inline into eight independent accumulators (enough to hide
    /// the add latency; each lane of each accumulator folds at most 16 elements in a row, as NumPy's pairwise blocks do),
    /// combined as a balanced tree. A longer row of a pairwise operation (sums) folds block after block, the blocks'
    /// results combined as a balanced binary tree (<see cref="FoldBlocks"/>, so sums lose accuracy with log n); a longer
    /// row of any other operation (max, min, integer product: exact in any order) is one eight-accumulator loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV FoldVectors(byte* x, nint vectors, nint stride, bool streamed)
    {
        if (vectors <= BlockVectors) return FoldBlock<NoPrefetch>(x, vectors, stride);
        // Above BlockVectors: long enough. Not from memory: the row itself, or the walk it is part of, longer than
        // ReadAhead.MaxBytes (a whole-array sum of 1.6·10⁷ float32 is split into rows of 2^19 elements: with prefetch
        // 1.27-1.31 ms, without 1.16-1.19).
        bool prefetch = !streamed && vectors <= ReadAhead.MaxBytes / Unsafe.SizeOf<TV>();
        if (TOp.Pairwise) return prefetch ? FoldBlocks<Prefetch>(x, vectors, stride) : FoldBlocks<NoPrefetch>(x, vectors, stride);
        return prefetch ? FoldLong<Prefetch>(x, vectors, stride) : FoldLong<NoPrefetch>(x, vectors, stride);
    }

    /// <summary>
    /// <see cref="FoldVectors"/> above <see cref="BlockVectors"/>, pairwise: blocks of <see cref="BlockVectors"/> vectors
    /// left to right in one loop, each block's result merged with the partial results on a stack as a binary counter
    /// merges its carries (after block k, one merge per trailing zero bit of k + 1). The blocks form balanced binary trees
    /// of 1, 2, 4, ... blocks; the stack holds one tree per set bit of the blocks' count and is folded last, smallest
    /// tree first, so the depth is at most log2(blocks) + 1, as a recursive halving (what this replaces: the recursion's
    /// calls and returned vectors cost 40 % of a 10⁵-element sum held in L2).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TV FoldBlocks<TPrefetch>(byte* x, nint vectors, nint stride) where TPrefetch : IPrefetch
    {
        // A tree per bit of the block count: 48 bits are more blocks (of 128 vectors) than any address space holds.
        const int MaxDepth = 48;
        byte* stack = stackalloc byte[MaxDepth * 64];
        int size = Unsafe.SizeOf<TV>(), depth = 0;
        nint blockBytes = BlockVectors * TV.Count * stride;
        nint blocks = vectors / BlockVectors;
        for (nint k = 1; k <= blocks; k++, x += blockBytes)
        {
            TV v = FoldBlock<TPrefetch>(x, BlockVectors, stride);
            for (nint carry = k; (carry & 1) == 0; carry >>= 1)
                v = TOp.Invoke(Unsafe.Read<TV>(stack + --depth * size), v);
            Unsafe.Write(stack + depth++ * size, v);
        }
        TV r = FoldBlock<TPrefetch>(x, vectors - blocks * BlockVectors, stride);
        while (depth > 0) r = TOp.Invoke(Unsafe.Read<TV>(stack + --depth * size), r);
        return r;
    }

    /// <summary><see cref="FoldVectors"/> above <see cref="BlockVectors"/>, not pairwise: one eight-accumulator loop (its own frame, so the per-call row keeps one inline copy).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TV FoldLong<TPrefetch>(byte* x, nint vectors, nint stride) where TPrefetch : IPrefetch => FoldBlock<TPrefetch>(x, vectors, stride);

    /// <summary>
    /// Eight accumulators over <paramref name="vectors"/> vectors (see <see cref="FoldVectors"/>); with
    /// <typeparamref name="TPrefetch"/> a contiguous loop prefetches every line it will read <see cref="ReadAhead.Distance"/>
    /// bytes later (<see cref="ReadAhead"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV FoldBlock<TPrefetch>(byte* x, nint vectors, nint stride) where TPrefetch : IPrefetch
    {
        int c = TV.Count;
        if (stride != sizeof(T)) return FoldStrided(x, vectors, stride);
        TAcc identity = TOp.Identity;
        TV a0 = TV.Create(Unsafe.As<TAcc, T>(ref identity)), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        T* p = (T*)x;
        nint i = 0;
        for (; i + 8 <= vectors; i += 8, p += 8 * c)
        {
            ReadAhead.Lines<TPrefetch>(p, 8 * c * sizeof(T)); // eight vectors: 8, 4 or 2 lines of 64 bytes
            a0 = TOp.Invoke(a0, TV.Load(p));
            a1 = TOp.Invoke(a1, TV.Load(p + c));
            a2 = TOp.Invoke(a2, TV.Load(p + 2 * c));
            a3 = TOp.Invoke(a3, TV.Load(p + 3 * c));
            a4 = TOp.Invoke(a4, TV.Load(p + 4 * c));
            a5 = TOp.Invoke(a5, TV.Load(p + 5 * c));
            a6 = TOp.Invoke(a6, TV.Load(p + 6 * c));
            a7 = TOp.Invoke(a7, TV.Load(p + 7 * c));
        }
        // The last 0..7 vectors go to different accumulators (no dependency chain through one of them).
        nint left = vectors - i;
        if (left > 0) a0 = TOp.Invoke(a0, TV.Load(p));
        if (left > 1) a1 = TOp.Invoke(a1, TV.Load(p + c));
        if (left > 2) a2 = TOp.Invoke(a2, TV.Load(p + 2 * c));
        if (left > 3) a3 = TOp.Invoke(a3, TV.Load(p + 3 * c));
        if (left > 4) a4 = TOp.Invoke(a4, TV.Load(p + 4 * c));
        if (left > 5) a5 = TOp.Invoke(a5, TV.Load(p + 5 * c));
        if (left > 6) a6 = TOp.Invoke(a6, TV.Load(p + 6 * c));
        return TOp.Invoke(TOp.Invoke(TOp.Invoke(a0, a1), TOp.Invoke(a2, a3)), TOp.Invoke(TOp.Invoke(a4, a5), TOp.Invoke(a6, a7)));
    }

    /// <summary>
    /// The last <paramref name="k"/> (1 .. Count - 1) elements of a row as a vector, the other lanes the identity: the
    /// whole vector ending at the row's end (<paramref name="last"/>: its first lanes were folded already) with those
    /// lanes replaced through a mask read from <see cref="TailMasks"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV TailVector(T* last, int k)
    {
        TAcc identity = TOp.Identity;
        fixed (byte* masks = TailMasks)
        {
            // Lane j of the mask is all ones when j >= Count - k (64 zero bytes, then 64 bytes of ones).
            TV keep = TV.Load((T*)(masks + 64 - (TV.Count - k) * sizeof(T)));
            return TV.Select(keep, TV.Load(last), TV.Create(Unsafe.As<TAcc, T>(ref identity)));
        }
    }

    /// <summary>64 zero bytes then 64 bytes of ones: the lane masks of <see cref="TailVector"/> (any width, any element size).</summary>
    private static ReadOnlySpan<byte> TailMasks =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
    ];

    /// <summary>The strided form of <see cref="FoldVectors"/>'s block (kept apart: its scratch buffer would give the contiguous loop a stack frame).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TV FoldStrided(byte* x, nint vectors, nint stride)
    {
        int c = TV.Count;
        TAcc identity = TOp.Identity;
        TV a0 = TV.Create(Unsafe.As<TAcc, T>(ref identity)), a1 = a0;
        T* scratch = stackalloc T[c];
        nint i = 0;
        for (; i + 2 <= vectors; i += 2)
        {
            a0 = TOp.Invoke(a0, StridedVectors.Load<T, TV>(x, stride, i * c, c, scratch));
            a1 = TOp.Invoke(a1, StridedVectors.Load<T, TV>(x, stride, (i + 1) * c, c, scratch));
        }
        for (; i < vectors; i++) a0 = TOp.Invoke(a0, StridedVectors.Load<T, TV>(x, stride, i * c, c, scratch));
        return TOp.Invoke(a0, a1);
    }
}

/// <summary>
/// Folds <see cref="Lines"/> input rows, <see cref="LineStride"/> bytes apart along a reduced axis, into one output row
/// along a kept axis (a reduction along a non-last axis, such as <c>Sum(axis: 0)</c> of a C-order matrix). Each output
/// element gets the rows in order, <c>o = op(...op(op(o, x0), x1)..., xL-1)</c>, exactly as when the rows are walked
/// one after the other, but for contiguous rows a band of <see cref="Band"/> rows is folded in registers for each group of
/// columns: the output row is read and written once per band instead of once per input row, and the band's rows are
/// read side by side as whole rows (streams the prefetcher follows).
/// </summary>
[SkipLocalsInit]
internal unsafe struct ReduceLinesRow<T, TAcc, TOp, TV> : IRowKernel
    where T : unmanaged where TAcc : unmanaged
    where TOp : IReduceOp<T, TAcc> where TV : struct, ISimdVec<TV, T>
{
    /// <summary>Rows folded in registers per pass over the output row.</summary>
    private const int Band = 16;

    /// <summary>
    /// <see cref="Band"/> for rows a multiple of 4 KiB apart (a power-of-two pitch such as 1024², 2048², 4096² float32):
    /// the same column of every row falls in one L1 set (64 sets of 64 bytes on Zen 5, 12 ways), and 16 streams in 12
    /// ways evict lines before they are read. Measured, float32 <c>Sum(axis: 0)</c>, 1 thread, median of 5: 4096² 1.80
    /// → 1.62 ms (band 12: 1.70), 2048² 280 → 244 µs, 1024² 62.5 → 52.8 µs; other pitches keep 16 (4000²: 16 rows 1.40
    /// ms minimum, 8 rows 1.49; 2000²: 223 against 237 µs).
    /// </summary>
    private const int AliasedBand = 8;

    /// <summary>Rows folded into each output row.</summary>
    public nint Lines;
    /// <summary>Byte distance between consecutive rows of the input.</summary>
    public nint LineStride;

    public void Row(nint n, byte** p, long* s)
    {
        if (s[0] == sizeof(T) && s[1] == sizeof(T))
        {
            Contiguous((T*)p[0], p[1], n);
            return;
        }
        // Strided rows: one row after the other through the elementwise kept-axis path (same order).
        byte** q = stackalloc byte*[2];
        q[0] = p[0];
        var row = new ReduceRow<T, TAcc, TOp, TV>();
        for (nint j = 0; j < Lines; j++)
        {
            q[1] = p[1] + j * LineStride;
            row.Row(n, q, s);
        }
    }

    private readonly void Contiguous(T* o, byte* x, nint n)
    {
        int c = TV.Count;
        T* scratch = stackalloc T[2 * c];
        nint stride = LineStride;
        nint bandRows = (stride & 4095) == 0 ? AliasedBand : Band; // the same rows, in the same order per output element
        for (nint first = 0; first < Lines; first += bandRows)
        {
            nint rows = Math.Min(bandRows, Lines - first);
            byte* band = x + first * stride;
            nint i = 0;
            for (; i <= n - 8 * c; i += 8 * c)
            {
                T* oi = o + i;
                TV a0 = TV.Load(oi), a1 = TV.Load(oi + c), a2 = TV.Load(oi + 2 * c), a3 = TV.Load(oi + 3 * c);
                TV a4 = TV.Load(oi + 4 * c), a5 = TV.Load(oi + 5 * c), a6 = TV.Load(oi + 6 * c), a7 = TV.Load(oi + 7 * c);
                T* xr = (T*)band + i;
                for (nint r = 0; r < rows; r++, xr = (T*)((byte*)xr + stride))
                {
                    a0 = TOp.Invoke(a0, TV.Load(xr));
                    a1 = TOp.Invoke(a1, TV.Load(xr + c));
                    a2 = TOp.Invoke(a2, TV.Load(xr + 2 * c));
                    a3 = TOp.Invoke(a3, TV.Load(xr + 3 * c));
                    a4 = TOp.Invoke(a4, TV.Load(xr + 4 * c));
                    a5 = TOp.Invoke(a5, TV.Load(xr + 5 * c));
                    a6 = TOp.Invoke(a6, TV.Load(xr + 6 * c));
                    a7 = TOp.Invoke(a7, TV.Load(xr + 7 * c));
                }
                TV.Store(a0, oi); TV.Store(a1, oi + c); TV.Store(a2, oi + 2 * c); TV.Store(a3, oi + 3 * c);
                TV.Store(a4, oi + 4 * c); TV.Store(a5, oi + 5 * c); TV.Store(a6, oi + 6 * c); TV.Store(a7, oi + 7 * c);
            }
            for (; i <= n - c; i += c)
            {
                TV a = TV.Load(o + i);
                byte* xr = band + i * sizeof(T);
                for (nint r = 0; r < rows; r++, xr += stride) a = TOp.Invoke(a, TV.Load((T*)xr));
                TV.Store(a, o + i);
            }
            if (i < n)
            {
                int k = (int)(n - i);
                TV a = StridedVectors.Load<T, TV>((byte*)o, sizeof(T), i, k, scratch);
                for (nint r = 0; r < rows; r++) a = TOp.Invoke(a, StridedVectors.Load<T, TV>(band + r * stride, sizeof(T), i, k, scratch + c));
                StridedVectors.Store<T, T, TV>(a, (byte*)o, sizeof(T), i, k, scratch);
            }
        }
    }
}

/// <summary>The scalar form of <see cref="ReduceLinesRow{T, TAcc, TOp, TV}"/>: the rows one after the other.</summary>
internal unsafe struct ScalarReduceLinesRow<T, TAcc, TOp> : IRowKernel
    where T : unmanaged where TAcc : unmanaged where TOp : IReduceOp<T, TAcc>
{
    public nint Lines;
    public nint LineStride;

    public readonly void Row(nint n, byte** p, long* s)
    {
        byte** q = stackalloc byte*[2];
        q[0] = p[0];
        var row = new ScalarReduceRow<T, TAcc, TOp>();
        for (nint j = 0; j < Lines; j++)
        {
            q[1] = p[1] + j * LineStride;
            row.Row(n, q, s);
        }
    }
}

/// <summary>The scalar reduction row: the Scalar width and reductions whose accumulator differs from the element type.</summary>
internal unsafe struct ScalarReduceRow<T, TAcc, TOp> : IRowKernel
    where T : unmanaged where TAcc : unmanaged where TOp : IReduceOp<T, TAcc>
{
    private const int Block = 32;

    public void Row(nint n, byte** p, long* s)
    {
        if (s[0] == 0)
        {
            TAcc* acc = (TAcc*)p[0];
            *acc = TOp.Sequential ? FoldFrom(*acc, p[1], n, (nint)s[1]) : TOp.Combine(*acc, Fold(p[1], n, (nint)s[1]));
            return;
        }
        byte* o = p[0], x = p[1];
        nint so = (nint)s[0], si = (nint)s[1];
        for (nint i = 0; i < n; i++) *(TAcc*)(o + i * so) = TOp.Invoke(*(TAcc*)(o + i * so), *(T*)(x + i * si));
    }

    /// <summary>What <see cref="Row"/> leaves in an accumulator at the identity after folding a row (see <see cref="ReduceRow{T, TAcc, TOp, TV}.Whole"/>).</summary>
    public static TAcc Whole(byte* x, nint n, nint stride)
        => TOp.Sequential ? FoldFrom(TOp.Identity, x, n, stride) : TOp.Combine(TOp.Identity, Fold(x, n, stride));

    /// <summary>Folds a row element after element, continuing from <paramref name="acc"/> (sequential reductions).</summary>
    public static TAcc FoldFrom(TAcc acc, byte* x, nint n, nint stride)
    {
        for (nint i = 0; i < n; i++) acc = TOp.Invoke(acc, *(T*)(x + i * stride));
        return acc;
    }

    private static TAcc Fold(byte* x, nint n, nint stride)
    {
        if (TOp.Pairwise && n > Block)
        {
            nint half = n / 2;
            return TOp.Combine(Fold(x, half, stride), Fold(x + half * stride, n - half, stride));
        }
        TAcc acc = TOp.Identity;
        for (nint i = 0; i < n; i++) acc = TOp.Invoke(acc, *(T*)(x + i * stride));
        return acc;
    }
}

/// <summary>Combines a partial accumulator array into another: <c>a[i] = Combine(a[i], b[i])</c>.</summary>
internal unsafe struct CombineRow<T, TAcc, TOp> : IRowKernel
    where T : unmanaged where TAcc : unmanaged where TOp : IReduceOp<T, TAcc>
{
    public void Row(nint n, byte** p, long* s)
    {
        byte* o = p[0], x = p[1];
        nint so = (nint)s[0], si = (nint)s[1];
        for (nint i = 0; i < n; i++) *(TAcc*)(o + i * so) = TOp.Combine(*(TAcc*)(o + i * so), *(TAcc*)(x + i * si));
    }
}

/// <summary>Sets every element of operand 0 to one value.</summary>
internal unsafe struct FillRow<TAcc> : IRowKernel where TAcc : unmanaged
{
    public TAcc Value;

    /// <summary>A contiguous row by the runtime's vector fill (element by element it cost a float32 (100000, 3) <c>Sum(axis: 1)</c> as much as its reduction).</summary>
    public readonly void Row(nint n, byte** p, long* s)
    {
        byte* o = p[0];
        nint so = (nint)s[0];
        if (so == sizeof(TAcc) && n <= int.MaxValue) new Span<TAcc>(o, (int)n).Fill(Value);
        else for (nint i = 0; i < n; i++) *(TAcc*)(o + i * so) = Value;
    }
}
