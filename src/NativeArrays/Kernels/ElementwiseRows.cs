using System.Runtime.CompilerServices;

namespace NativeArrays.Kernels;

// Row kernels of the elementwise drivers. Each vector row has a contiguous fast path (every operand stride 1),
// a broadcast-scalar fast path (one input stride 0) and a general path that gathers/scatters strided lanes through
// scratch; partial vectors at the end of a row go through the general path too, so every element meets the
// same vector code whatever the layout, alignment or work split (results are layout- and thread-independent).

/// <summary>
/// The per-row work of a vector row kernel (one per arity): <see cref="RowBlocks"/> gives it the walk over a block of
/// rows, so each kernel writes only <see cref="Body"/> and a one-line <see cref="IRowKernel.Row"/> (its not-inlined frame:
/// the stack scratch, then <see cref="Body"/>; an instance default method would box the struct, and a forwarder to a
/// shared generic frame would add a call to every path from a public form to the loop).
/// </summary>
internal unsafe interface IRowBody<TSelf> : IRowKernel where TSelf : struct, IRowBody<TSelf>
{
    /// <summary>Operands of a row, the output first (2..4).</summary>
    static abstract int Operands { get; }

    /// <summary>Bytes of scratch <see cref="Body"/> takes (a JIT-time constant: stack, not heap).</summary>
    static abstract int ScratchBytes { get; }

    /// <summary>One row: as <see cref="IRowKernel.Row"/>, with <see cref="ScratchBytes"/> bytes of scratch.</summary>
    void Body(nint n, byte** p, long* s, byte* scratch);

    static bool IRowKernel.TakesBlocks => true;

    static void IRowKernel.Rows(void* self, nint n, nint rows, byte** p, long* s, long* rowStrides)
        => RowBlocks.Block(Unsafe.AsRef<TSelf>(self), n, rows, p, s, rowStrides);
}

/// <summary>
/// The block walk of the vector row kernels: a block of rows (the tiled walk's tiles) whose operand k moves by
/// <c>rowStrides[k]</c> bytes from row to row. Not inlined into the width bodies: the row loop keeps its own frame and
/// registers, and the body (aggressively inlined) is compiled into it once per kernel (as into each kernel's
/// <see cref="IRowKernel.Row"/>).
/// </summary>
[SkipLocalsInit]
internal static unsafe class RowBlocks
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Block<TBody>(TBody body, nint n, nint rows, byte** p, long* s, long* rowStrides)
        where TBody : struct, IRowBody<TBody>
    {
        byte* scratch = stackalloc byte[TBody.ScratchBytes];
        byte** q = stackalloc byte*[IterationPlan.MaxOperands];
        for (int k = 0; k < TBody.Operands; k++) q[k] = p[k];
        for (nint r = 0; r < rows; r++)
        {
            body.Body(n, q, s, scratch);
            // Straight-line (Operands is a constant): the dead advances are dropped at JIT time.
            q[0] += rowStrides[0]; q[1] += rowStrides[1];
            if (TBody.Operands > 2) q[2] += rowStrides[2];
            if (TBody.Operands > 3) q[3] += rowStrides[3];
        }
    }
}

/// <summary>How a contiguous loop stores (a type, so that the loop holds no test per vector).</summary>
internal interface IStoreKind
{
    /// <summary>Non-temporal (aligned, past the caches) rather than ordinary stores.</summary>
    static abstract bool NonTemporal { get; }
}

/// <summary>Ordinary stores.</summary>
internal readonly struct CachedStores : IStoreKind
{
    public static bool NonTemporal => false;
}

/// <summary>Non-temporal stores (the output aligned to a vector from the loop's first lane).</summary>
internal readonly struct NonTemporalStores : IStoreKind
{
    public static bool NonTemporal => true;
}

/// <summary>Which input of the operator a transposed tile's input is (a type, so that each block line holds no test).</summary>
internal interface ITransposedInput
{
    /// <summary>1 for the operator's first input, 2 for its second, 3 for its third.</summary>
    static abstract int Index { get; }
}

/// <summary>The transposed input is the operator's first.</summary>
internal readonly struct TransposedFirst : ITransposedInput
{
    public static int Index => 1;
}

/// <summary>The transposed input is the operator's second.</summary>
internal readonly struct TransposedSecond : ITransposedInput
{
    public static int Index => 2;
}

/// <summary>The transposed input is the operator's third.</summary>
internal readonly struct TransposedThird : ITransposedInput
{
    public static int Index => 3;
}

/// <summary>Row j of a block to transpose in registers: the vector at x + j·stride (elements).</summary>
internal readonly unsafe struct LoadedRows<T, TV>(T* x, nint stride) : Gemm.IBlockRows<TV> where T : unmanaged where TV : struct, ISimdVec<TV, T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Row(int j) => TV.Load(x + j * stride);
}

/// <summary>One vector of a vector row kernel's lanes i .. i + k - 1, its inputs read lane by lane (any stride).</summary>
internal unsafe interface IRowLanes<T, TV> where T : unmanaged where TV : struct, ISimdVec<TV, T>
{
    /// <summary>Inputs of the kernel (operands 1..Inputs; operand 0 is the output).</summary>
    static abstract int Inputs { get; }

    /// <summary>
    /// The kernel's result for lanes i .. i + k - 1 (k at most a vector), its inputs gathered through
    /// <c>Inputs</c> vectors of <paramref name="scratch"/>.
    /// </summary>
    static abstract TV Lanes(byte** p, long* s, nint i, int k, T* scratch);
}

/// <summary>
/// The general path of the vector row kernels, written once: lanes gathered, computed by the kernel's
/// <see cref="IRowLanes{T, TV}.Lanes"/> and scattered to the output through scratch.
/// </summary>
internal static unsafe class RowLanes<T, TOut, TV> where T : unmanaged where TOut : unmanaged where TV : struct, ISimdVec<TV, T>
{
    /// <summary>
    /// Lanes <paramref name="i"/> .. <paramref name="n"/> - 1 of the row by the general path; returns n. Its own frame:
    /// inlined into the row body twice (the head and the tail) with a large operator (Log1p's core), the row body ran
    /// out of the JIT's inlining budget and called the vector helpers out of line (float32 Log1p 10³: ~200 ns for the
    /// 8-lane tail).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static nint General<TLanes>(byte** p, long* s, nint i, nint n, T* scratch) where TLanes : IRowLanes<T, TV>
    {
        int c = TV.Count;
        for (; i < n; i += c)
        {
            int k = (int)Math.Min(c, n - i);
            StridedVectors.Store<T, TOut, TV>(TLanes.Lanes(p, s, i, k, scratch), p[0], (nint)s[0], i, k, scratch + TLanes.Inputs * c);
        }
        return n;
    }

    /// <summary>
    /// Before a non-temporal contiguous loop: the lanes up to the output's first vector-aligned element by the general
    /// path; returns the first lane left (0 when <paramref name="nonTemporal"/> is off).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint Head<TLanes>(bool nonTemporal, byte** p, long* s, nint n, T* scratch) where TLanes : IRowLanes<T, TV>
        => nonTemporal ? General<TLanes>(p, s, 0, Math.Min(n, StridedVectors.AlignmentHead<T>(p[0], TV.Count * sizeof(T))), scratch) : 0;
}

[SkipLocalsInit]
internal unsafe struct UnaryRow<T, TOut, TOp, TV> : IRowBody<UnaryRow<T, TOut, TOp, TV>>, IRowLanes<T, TV>
    where T : unmanaged where TOut : unmanaged
    where TOp : IUnaryOp<T, TOut> where TV : struct, ISimdVec<TV, T>
{
    public bool NonTemporal;

    public static int Operands => 2;
    public static int ScratchBytes => 2 * TV.Count * sizeof(T);
    [MethodImpl(MethodImplOptions.NoInlining)] // the row loop's own frame, as RowBlocks.Block for a block of rows
    public readonly void Row(nint n, byte** p, long* s) { byte* scratch = stackalloc byte[ScratchBytes]; Body(n, p, s, scratch); }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Body(nint n, byte** p, long* s, byte* scratchBytes)
    {
        T* scratch = (T*)scratchBytes;
        byte* po = p[0], pa = p[1];
        nint so = (nint)s[0], sa = (nint)s[1];
        nint i = 0;
        if (so == sizeof(TOut) && sa == sizeof(T))
        {
            i = RowLanes<T, TOut, TV>.Head<UnaryRow<T, TOut, TOp, TV>>(NonTemporal, p, s, n, scratch);
            TOut* o = (TOut*)po;
            T* a = (T*)pa;
            i = StridedVectors.NonTemporalFrom<T, TV>(NonTemporal, o + i) ? Contiguous<NonTemporalStores>(a, o, i, n) : Contiguous<CachedStores>(a, o, i, n);
        }
        else if (so == sizeof(TOut) && sa != 0 && RowInput<T, TV>.TryCreate(pa, sa, out var xa))
        {
            // A small constant step: see BinaryRow.
            i = RowLanes<T, TOut, TV>.Head<UnaryRow<T, TOut, TOp, TV>>(NonTemporal, p, s, n, scratch);
            TOut* o = (TOut*)po;
            i = Stepped(xa, o, i, n, StridedVectors.NonTemporalFrom<T, TV>(NonTemporal, o + i));
        }
        if (i < n) RowLanes<T, TOut, TV>.General<UnaryRow<T, TOut, TOp, TV>>(p, s, i, n, scratch);
    }

    static int IRowKernel.TransposedBlock => TV.HasBlockTranspose ? TV.Count : 0;

    /// <summary>
    /// A tile of a transposed input (see <see cref="IRowKernel.TryTransposedTile"/> and BinaryRow's): Count x Count
    /// blocks transposed in registers, each line through the operator and stored (a transposed copy: the identity).
    /// </summary>
    static bool IRowKernel.TryTransposedTile(void* self, nint n, nint rows, byte** p, long* s, long* rowStrides, int transposed)
    {
        int c = TV.Count;
        if (!TV.HasBlockTranspose || typeof(TOut) != typeof(T) || !TOp.Vectorizable || TOp.CallsOut || TOp.Large || TOp.DefersFix
            || n % c != 0 || rows % c != 0 || rowStrides[1] != sizeof(T) || s[0] != sizeof(T) || (s[1] | rowStrides[0]) % sizeof(T) != 0)
            return false;
        bool large = Unsafe.AsRef<UnaryRow<T, TOut, TOp, TV>>(self).NonTemporal;
        var t = new TransposedTile((T*)p[1], (nint)s[1] / sizeof(T), (T*)p[0], (nint)rowStrides[0] / sizeof(T), n, rows, ReadAhead.TransposedWorth(large, (nint)s[1], sizeof(T)));
        bool nt = large && (((nint)p[0] | (nint)rowStrides[0]) & (c * sizeof(T) - 1)) == 0;
        if (nt) t.Run<NonTemporalStores>();
        else t.Run<CachedStores>();
        return true;
    }

    /// <summary>The blocks of <see cref="IRowKernel.TryTransposedTile"/> (as BinaryRow's, one input).</summary>
    private readonly struct TransposedTile(T* x, nint xs, T* o, nint oRow, nint n, nint rows, bool readAhead)
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Run<TStores>() where TStores : struct, IStoreKind
        {
            int c = TV.Count;
            for (nint r = 0; r < rows; r += c)
                for (nint j = 0; j < n; j += c)
                {
                    if (readAhead) ReadAhead.TransposedBlock(x + r + j * xs, xs, c);
                    TV.TransposeRows(new LoadedRows<T, TV>(x + r + j * xs, xs), new TransposedLines<TStores>(o + r * oRow + j, oRow));
                }
        }
    }

    /// <summary>Line i of a transposed block through the operator, stored to row i of o.</summary>
    private readonly struct TransposedLines<TStores>(T* o, nint oRow) : Gemm.IBlockLines<TV> where TStores : struct, IStoreKind
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Line(int i, TV v) => StridedVectors.StoreContiguous<T, TOut, TV>(TOp.Invoke(v), (TOut*)(o + i * oRow), TStores.NonTemporal);
    }

    /// <summary>The loop over an input on a small constant step (see <see cref="BinaryRow{T, TOut, TOp, TV}"/>'s).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nint Stepped(in RowInput<T, TV> xa, TOut* o, nint i, nint n, bool nt)
    {
        int c = TV.Count;
        if (xa.Step >= 2)
        {
            var loop = new StepLoop(n, o, xa.Pointer, xa.TablesAddress, nt);
            i = StepDispatch.Run(xa.Step, ref loop, i);
        }
        for (; i < n - c; i += c)
            StridedVectors.StoreContiguous<T, TOut, TV>(TOp.Invoke(xa.Load(i)), o + i, nt);
        return Last(xa, o, i, n, nt);
    }

    /// <summary>The row's last vector by masked loads where the input has them (see BinaryRow's; its own frame likewise).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nint Last(in RowInput<T, TV> xa, TOut* o, nint i, nint n, bool nt)
    {
        if (i < n && xa.TryLoadLast(i, (int)(n - i), out TV last))
            return StridedVectors.StoreLast<T, TOut, TV>(TOp.Invoke(last), o, i, n, nt);
        return i;
    }

    private readonly struct StepLoop(nint n, TOut* o, T* pa, byte* tablesA, bool nt) : IStepLoop
    {
        // Its own frame: the input's tables are locals of this loop only, so the JIT keeps them in registers. The input
        // as plain fields (its pointer and its tables' address), not a RowInput copy (see RowInput.TablesAddress).
        [MethodImpl(MethodImplOptions.NoInlining)]
        public nint Run<TStep>(nint i) where TStep : struct, IStep
        {
            // Fields to locals: read through `this` they were reloaded every vector (the stores might alias them).
            int c = TV.Count;
            T* a = pa;
            TOut* po = o;
            nint end = n - c;
            bool nontemporal = nt;
            StepTables<TV> ta = RowInput<T, TV>.TablesAt(tablesA);
            for (; i < end; i += c)
                StridedVectors.StoreContiguous<T, TOut, TV>(TOp.Invoke(RowInput<T, TV>.Load<TStep>(a, i, ta)), po + i, nontemporal);
            return i;
        }
    }

    /// <summary>The whole vectors of a flat call (contiguous input and output, cached stores); see <see cref="BinaryRow{T, TOut, TOp, TV}.FlatVectors"/>.</summary>
    public static nint FlatVectors(T* a, TOut* o, nint n) => Contiguous<CachedStores>(a, o, 0, n);

    /// <summary>The contiguous loop (see <see cref="BinaryRow{T, TOut, TOp, TV}"/>'s).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nint Contiguous<TStores>(T* a, TOut* o, nint i, nint n) where TStores : struct, IStoreKind
    {
        if (TOp.DefersFix) return ContiguousDeferred<TStores>(a, o, i, n);
        int c = TV.Count;
        if (!TOp.CallsOut && !TOp.Large)
            for (; i <= n - 4 * c; i += 4 * c)
                for (int j = 0; j < 4; j++)
                    StridedVectors.StoreContiguous<T, TOut, TV>(TOp.Invoke(TV.Load(a + i + j * c)), o + i + j * c, TStores.NonTemporal);
        for (; i <= n - c; i += c)
            StridedVectors.StoreContiguous<T, TOut, TV>(TOp.Invoke(TV.Load(a + i)), o + i, TStores.NonTemporal);
        return i;
    }

    /// <summary>
    /// <see cref="Contiguous"/> for an operator that defers its fix: whole vectors until one has lanes to fix; that one
    /// goes through the operator's full vector form (the deferred form plus its fix: the same bits) in its own frame
    /// (<see cref="FixVector"/>), so this loop holds one inlined copy of the operator (the deferred form); two copies
    /// of float32 Power's exhausted the JIT's inlining budget (10x slower).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nint ContiguousDeferred<TStores>(T* a, TOut* o, nint i, nint n) where TStores : struct, IStoreKind
    {
        int c = TV.Count;
        // An operator that hoists its constants runs its vectors without lanes to fix in a frame of its own (not entered
        // for a row shorter than a vector: it would build the constants for nothing).
        while ((i = !TOp.HoistsConstants ? UntilFix<TStores>(a, o, i, n) : i <= n - c ? HoistedUntilFix<TStores>(a, o, i, n) : i) <= n - c)
        {
            if (TOp.FixesInRuns)
                i = FixRun<TStores>(a, o, i, n);
            else
            {
                FixVector<TStores>(a, o, i);
                i += c;
            }
        }
        return i;
    }

    /// <summary>
    /// Whole vectors from <paramref name="i"/> while none has lanes to fix, with the operator's constants built once
    /// here (<see cref="IUnaryOp{T, TOut}.LoadConstants{TV}"/>) and kept in registers by the loop: its own frame, with
    /// no call in it (a call would make the JIT reload every constant after it, on the path every vector takes).
    /// Returns the first vector with lanes to fix (or the end).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nint HoistedUntilFix<TStores>(T* a, TOut* o, nint i, nint n) where TStores : struct, IStoreKind
    {
        int c = TV.Count;
        HoistedConstants<TV> k = default;
        TOp.LoadConstants(ref k);
        for (; i <= n - c; i += c)
        {
            TV r = TOp.InvokeHoisted(TV.Load(a + i), in k, out ulong f);
            if (f != 0) break;
            StridedVectors.StoreContiguous<T, TOut, TV>(r, o + i, TStores.NonTemporal);
        }
        return i;
    }

    /// <summary>The vector at lane <paramref name="i"/> by the operator's full vector form (see <see cref="ContiguousDeferred"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void FixVector<TStores>(T* a, TOut* o, nint i) where TStores : struct, IStoreKind
        => StridedVectors.StoreContiguous<T, TOut, TV>(TOp.Invoke(TV.Load(a + i)), o + i, TStores.NonTemporal);

    /// <summary>
    /// Vectors from <paramref name="i"/> (whose vector has lanes to fix) by the operator's run form
    /// (<see cref="IUnaryOp{T, TOut}.InvokeRun{TV}"/>, the full form's bits) up to and including the first that had
    /// nothing to fix: returns the lane after it (or the last whole vector's end). Ending there, not after a few clean
    /// vectors: on data with 1 % special lanes (15 % of the vectors with some), ending after 4 ran 22 % slower than a
    /// vector at a time out of the loop, ending after 1 within 5 % (the run form costs about two cores a vector).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nint FixRun<TStores>(T* a, TOut* o, nint i, nint n) where TStores : struct, IStoreKind
    {
        int c = TV.Count;
        for (; i <= n - c; i += c)
        {
            TV r = TOp.InvokeRun(TV.Load(a + i), out bool fixes);
            StridedVectors.StoreContiguous<T, TOut, TV>(r, o + i, TStores.NonTemporal);
            if (!fixes) return i + c;
        }
        return i;
    }

    /// <summary>Whole vectors from <paramref name="i"/> while none has lanes to fix: returns the first such vector's lane (or the end).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nint UntilFix<TStores>(T* a, TOut* o, nint i, nint n) where TStores : struct, IStoreKind
    {
        // One vector a turn: four copies of a large operator (Expm1's core) exceed the JIT's inlining budget for the
        // loop, and the uninlined vector helpers ran 20x slower.
        int c = TV.Count;
        for (; i <= n - c; i += c)
        {
            TV r = TOp.InvokeDeferred(TV.Load(a + i), out ulong f);
            if (f != 0) break;
            StridedVectors.StoreContiguous<T, TOut, TV>(r, o + i, TStores.NonTemporal);
        }
        return i;
    }

    public static int Inputs => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Lanes(byte** p, long* s, nint i, int k, T* scratch)
        => TOp.Invoke(StridedVectors.Load<T, TV>(p[1], (nint)s[1], i, k, scratch));
}

[SkipLocalsInit]
internal unsafe struct BinaryRow<T, TOut, TOp, TV> : IRowBody<BinaryRow<T, TOut, TOp, TV>>, IRowLanes<T, TV>
    where T : unmanaged where TOut : unmanaged
    where TOp : IBinaryOp<T, TOut> where TV : struct, ISimdVec<TV, T>
{
    public bool NonTemporal;

    public static int Operands => 3;
    public static int ScratchBytes => 3 * TV.Count * sizeof(T);
    [MethodImpl(MethodImplOptions.NoInlining)] // the row loop's own frame, as RowBlocks.Block for a block of rows
    public readonly void Row(nint n, byte** p, long* s) { byte* scratch = stackalloc byte[ScratchBytes]; Body(n, p, s, scratch); }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Body(nint n, byte** p, long* s, byte* scratchBytes)
    {
        T* scratch = (T*)scratchBytes;
        byte* po = p[0], pa = p[1], pb = p[2];
        nint so = (nint)s[0], sa = (nint)s[1], sb = (nint)s[2];
        nint i = 0;
        if (so == sizeof(TOut) && (sa | sb) != 0 && (sa == sizeof(T) || sa == 0) && (sb == sizeof(T) || sb == 0))
        {
            i = RowLanes<T, TOut, TV>.Head<BinaryRow<T, TOut, TOp, TV>>(NonTemporal, p, s, n, scratch);
            TOut* o = (TOut*)po;
            T* a = (T*)pa, b = (T*)pb;
            bool nt = StridedVectors.NonTemporalFrom<T, TV>(NonTemporal, o + i);
            if (sa != 0 && sb != 0)
                i = nt ? Contiguous<NonTemporalStores>(a, b, o, i, n) : Contiguous<CachedStores>(a, b, o, i, n);
            else if (sb == 0)
                i = RightScalar(a, b, o, i, n, nt);
            else
                i = LeftScalar(a, b, o, i, n, nt);
        }
        else if (so == sizeof(TOut) && RowInput<T, TV>.TryCreate(pa, sa, out var xa) && RowInput<T, TV>.TryCreate(pb, sb, out var xb))
        {
            // A small constant step on an input: contiguous loads folded by permutes, stopping one vector short of
            // the end (that vector's loads would read past the row's last element).
            i = RowLanes<T, TOut, TV>.Head<BinaryRow<T, TOut, TOp, TV>>(NonTemporal, p, s, n, scratch);
            TOut* o = (TOut*)po;
            bool nt = StridedVectors.NonTemporalFrom<T, TV>(NonTemporal, o + i);
            i = Stepped(xa, xb, o, i, n, nt);
        }
        if (i < n) RowLanes<T, TOut, TV>.General<BinaryRow<T, TOut, TOp, TV>>(p, s, i, n, scratch);
    }

    static int IRowKernel.TransposedBlock => TV.HasBlockTranspose ? TV.Count : 0;

    /// <summary>
    /// A tile with one transposed input (see <see cref="IRowKernel.TryTransposedTile"/>): Count x Count blocks of it
    /// transposed in registers, each line combined with the other input's row and stored, row after row of the block.
    /// Whole blocks only (else false: the walk packs the tile); 4- and 8-byte lanes at 256 or 512 bits; the output of the
    /// inputs' type; an operator that neither calls out nor defers a fix (those are compute-bound: the packed path).
    /// </summary>
    static bool IRowKernel.TryTransposedTile(void* self, nint n, nint rows, byte** p, long* s, long* rowStrides, int transposed)
    {
        if (transposed == IRowKernel.EveryInputTransposed) return TryTransposedInputs(self, n, rows, p, s, rowStrides);
        int c = TV.Count, other = 3 - transposed;
        if (!TV.HasBlockTranspose || typeof(TOut) != typeof(T) || !TOp.Vectorizable || TOp.CallsOut || TOp.DefersFix
            || n % c != 0 || rows % c != 0 || rowStrides[transposed] != sizeof(T) || s[0] != sizeof(T) || s[other] != sizeof(T)
            || (s[transposed] | rowStrides[0] | rowStrides[other]) % sizeof(T) != 0)
            return false;
        // Outputs from the non-temporal threshold on (memory-bound) read the transposed input ahead on some strides, and the
        // other input with it (ReadAhead.TransposedWorth, RowBlock).
        bool large = Unsafe.AsRef<BinaryRow<T, TOut, TOp, TV>>(self).NonTemporal;
        var t = new TransposedTile((T*)p[transposed], (nint)s[transposed] / sizeof(T), (T*)p[other], (nint)rowStrides[other] / sizeof(T),
            (T*)p[0], (nint)rowStrides[0] / sizeof(T), n, rows, ReadAhead.TransposedWorth(large, (nint)s[transposed], sizeof(T)));
        // Non-temporal stores when asked for and every block line is aligned (a vector's bytes from a whole block's start).
        bool nt = large && (((nint)p[0] | (nint)rowStrides[0]) & (c * sizeof(T) - 1)) == 0;
        if (transposed == 1) { if (nt) t.Run<NonTemporalStores, TransposedFirst>(); else t.Run<CachedStores, TransposedFirst>(); }
        else if (nt) t.Run<NonTemporalStores, TransposedSecond>();
        else t.Run<CachedStores, TransposedSecond>();
        return true;
    }

    /// <summary>
    /// A tile whose two inputs are both transposed (A.T + B.T, or A + B into a transposed destination): each block
    /// computed along the inputs' rows, transposed in registers and stored by the output's rows.
    /// </summary>
    private static bool TryTransposedInputs(void* self, nint n, nint rows, byte** p, long* s, long* rowStrides)
    {
        int c = TV.Count;
        if (!TV.HasBlockTranspose || typeof(TOut) != typeof(T) || !TOp.Vectorizable || TOp.CallsOut || TOp.DefersFix
            || n % c != 0 || rows % c != 0 || rowStrides[1] != sizeof(T) || rowStrides[2] != sizeof(T) || s[0] != sizeof(T)
            || (s[1] | s[2] | rowStrides[0]) % sizeof(T) != 0
            // Lines a multiple of 4 KiB apart share an L1 set, here for both inputs and the output: packed (float32
            // A.T + B.T 2048² 2.98 against 3.15 ms, 4096² 12.0 against 14.6; 4000² 12.0 packed, 6.6 ms here).
            || (s[1] & 4095) == 0 || (s[2] & 4095) == 0 || (rowStrides[0] & 4095) == 0)
            return false;
        T* x = (T*)p[1], y = (T*)p[2], o = (T*)p[0];
        nint xs = (nint)s[1] / sizeof(T), ys = (nint)s[2] / sizeof(T), oRow = (nint)rowStrides[0] / sizeof(T);
        bool large = Unsafe.AsRef<BinaryRow<T, TOut, TOp, TV>>(self).NonTemporal;
        if (large && (((nint)o | (nint)rowStrides[0]) & (c * sizeof(T) - 1)) == 0)
            TransposedResults<NonTemporalStores>(x, xs, y, ys, o, oRow, n, rows, ReadAhead.TransposedWorth(large, (nint)s[1], sizeof(T)), ReadAhead.TransposedWorth(large, (nint)s[2], sizeof(T)));
        else
            TransposedResults<CachedStores>(x, xs, y, ys, o, oRow, n, rows, ReadAhead.TransposedWorth(large, (nint)s[1], sizeof(T)), ReadAhead.TransposedWorth(large, (nint)s[2], sizeof(T)));
        return true;
    }

    /// <summary>
    /// The blocks of <see cref="TryTransposedInputs"/>: x and y transposed (row r, column j at x + r + j·xs), o by rows;
    /// strides in elements. Each input read ahead where <see cref="ReadAhead.TransposedWorth"/> (as TransposedTile's).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void TransposedResults<TStores>(T* x, nint xs, T* y, nint ys, T* o, nint oRow, nint n, nint rows, bool xAheadWorth, bool yAheadWorth)
        where TStores : struct, IStoreKind
    {
        int c = TV.Count;
        for (nint r = 0; r < rows; r += c)
            for (nint j = 0; j < n; j += c)
            {
                if (xAheadWorth) ReadAhead.TransposedBlock(x + r + j * xs, xs, c);
                if (yAheadWorth) ReadAhead.TransposedBlock(y + r + j * ys, ys, c);
                TV.TransposeRows(new ResultRows(x + r + j * xs, xs, y + r + j * ys, ys), new StoredLines<TStores>(o + r * oRow + j, oRow));
            }
    }

    /// <summary>Row j of a block of results along the inputs' rows: x op y at lines j of both.</summary>
    private readonly struct ResultRows(T* x, nint xs, T* y, nint ys) : Gemm.IBlockRows<TV>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Row(int j) => TOp.Invoke(TV.Load(x + j * xs), TV.Load(y + j * ys));
    }

    /// <summary>Line i of a transposed block of results, stored to row i of o.</summary>
    private readonly struct StoredLines<TStores>(T* o, nint oRow) : Gemm.IBlockLines<TV> where TStores : struct, IStoreKind
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Line(int i, TV v) => StridedVectors.StoreContiguous<T, TOut, TV>(v, (TOut*)(o + i * oRow), TStores.NonTemporal);
    }

    /// <summary>
    /// The blocks of <see cref="IRowKernel.TryTransposedTile"/>: input x (row r, column j at x + r + j·xs) transposed,
    /// y and the output o by rows (yRow, oRow elements apart); strides in elements.
    /// </summary>
    private readonly struct TransposedTile(T* x, nint xs, T* y, nint yRow, T* o, nint oRow, nint n, nint rows, bool readAhead)
    {
        // Block rows outer, blocks along the row inner: each block reads Count lines of x, Count of y, writes Count of o.
        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Run<TStores, TInput>() where TStores : struct, IStoreKind where TInput : struct, ITransposedInput
        {
            int c = TV.Count;
            for (nint r = 0; r < rows; r += c)
                for (nint j = 0; j < n; j += c)
                {
                    if (readAhead)
                    {
                        ReadAhead.TransposedBlock(x + r + j * xs, xs, c);
                        ReadAhead.RowBlock(y + r * yRow + j, yRow, c);
                    }
                    TV.TransposeRows(new LoadedRows<T, TV>(x + r + j * xs, xs), new TransposedLines<TStores, TInput>(y + r * yRow + j, yRow, o + r * oRow + j, oRow));
                }
        }
    }

    /// <summary>Line i of a transposed block (the operator's input <typeparamref name="TInput"/>): combined with row i of y and stored to row i of o.</summary>
    private readonly struct TransposedLines<TStores, TInput>(T* y, nint yRow, T* o, nint oRow) : Gemm.IBlockLines<TV>
        where TStores : struct, IStoreKind where TInput : struct, ITransposedInput
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Line(int i, TV v)
        {
            TV w = TV.Load(y + i * yRow);
            StridedVectors.StoreContiguous<T, TOut, TV>(TInput.Index == 1 ? TOp.Invoke(v, w) : TOp.Invoke(w, v), (TOut*)(o + i * oRow), TStores.NonTemporal);
        }
    }

    // Every loop that applies the operator is its own not-inlined method, called once per row: the JIT's inlining
    // budget is per compiled method and proportional to its own size, and a row body holding several inlined copies of
    // a large operator (exp, pow, atan2) ran out of it, leaving the operator's vector helpers as calls in the loop
    // (float32 Exp at 10^3 was 10x slower than inlined).

    /// <summary>
    /// The whole vectors of a flat call (the output contiguous, each input contiguous or one broadcast element, not both
    /// broadcast; cached stores), by the row body's own loops entered directly: returns the first lane left (fewer than
    /// a vector). See <c>Elementwise.TryBinaryFlat</c>.
    /// </summary>
    public static nint FlatVectors(T* a, nint fa, T* b, nint fb, TOut* o, nint n)
        => fa != 0 && fb != 0 ? Contiguous<CachedStores>(a, b, o, 0, n) : fb == 0 ? RightScalar(a, b, o, 0, n, false) : LeftScalar(a, b, o, 0, n, false);

    /// <summary>The loop with a broadcast right operand (<paramref name="b"/> one element).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nint RightScalar(T* a, T* b, TOut* o, nint i, nint n, bool nt)
    {
        if (TOp.DefersFix) return nt ? Deferred<RightOne, NonTemporalStores>(a, b, o, i, n) : Deferred<RightOne, CachedStores>(a, b, o, i, n);
        int c = TV.Count;
        TV vb = TV.Create(*b);
        for (; i <= n - c; i += c)
            StridedVectors.StoreContiguous<T, TOut, TV>(TOp.Invoke(TV.Load(a + i), vb), o + i, nt);
        return i;
    }

    /// <summary>The loop with a broadcast left operand (<paramref name="a"/> one element).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nint LeftScalar(T* a, T* b, TOut* o, nint i, nint n, bool nt)
    {
        if (TOp.DefersFix) return nt ? Deferred<LeftOne, NonTemporalStores>(a, b, o, i, n) : Deferred<LeftOne, CachedStores>(a, b, o, i, n);
        int c = TV.Count;
        TV va = TV.Create(*a);
        for (; i <= n - c; i += c)
            StridedVectors.StoreContiguous<T, TOut, TV>(TOp.Invoke(va, TV.Load(b + i)), o + i, nt);
        return i;
    }

    /// <summary>
    /// The loop over inputs on small constant steps: contiguous loads folded by permutes, stopping one vector short of
    /// the end; both inputs on one step (a[::k] + b[::k]) take a loop compiled for that step, tables in registers. A large
    /// operator that defers its fix takes <see cref="SteppedPacked"/>: these loops called its full form per vector
    /// (float32 Power of a[::2] at 10⁶ ran 1.5 or 2.95 ms by the stack alignment).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nint Stepped(in RowInput<T, TV> xa, in RowInput<T, TV> xb, TOut* o, nint i, nint n, bool nt)
    {
        if (TOp.DefersFix && TOp.Large) return SteppedPacked(xa, xb, o, i, n, nt);
        int c = TV.Count;
        if (xa.Step == xb.Step && xa.Step >= 2)
        {
            var loop = new StepLoop(n, o, xa.Pointer, xa.TablesAddress, xb.Pointer, xb.TablesAddress, nt);
            return Last(xa, xb, o, StepDispatch.Run(xa.Step, ref loop, i), n, nt);
        }
        for (; i < n - c; i += c)
            StridedVectors.StoreContiguous<T, TOut, TV>(TOp.Invoke(xa.Load(i), xb.Load(i)), o + i, nt);
        return Last(xa, xb, o, i, n, nt);
    }

    /// <summary>
    /// The row's last vector (the lanes from <paramref name="i"/>, at most Count) by masked loads
    /// (<see cref="RowInput{T, TV}.TryLoadLast"/>) where both inputs have them; returns the first lane left to the general
    /// path. Its own frame: inlined into <see cref="Stepped"/>, the two step-generic loads ran the loop out of the JIT's
    /// inlining budget (the operator and the vector helpers called out of line: a[::2] + b at 16 elements 60 -> 74 ns).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nint Last(in RowInput<T, TV> xa, in RowInput<T, TV> xb, TOut* o, nint i, nint n, bool nt)
    {
        if (i < n && xa.TryLoadLast(i, (int)(n - i), out TV a) && xb.TryLoadLast(i, (int)(n - i), out TV b))
            return StridedVectors.StoreLast<T, TOut, TV>(TOp.Invoke(a, b), o, i, n, nt);
        return i;
    }

    /// <summary>
    /// <see cref="Stepped"/> for a large operator that defers its fix (<see cref="IBinaryOp{T, TOut}.Large"/>): blocks
    /// of the inputs packed into contiguous scratch, then the contiguous deferred loop (<see cref="Deferred{TLoads, TStores}"/>).
    /// Its core inlined beside the step loads went past the JIT's inlining budget and its 1024 tracked locals (float64
    /// a[::2] ** b at 10⁶: 12.5–14 ms, a[::2] ** b[::2] 9.7–9.9 ms; a call of the full form per vector before: 5.3 or
    /// 9.1 ms by the stack alignment).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nint SteppedPacked(in RowInput<T, TV> xa, in RowInput<T, TV> xb, TOut* o, nint i, nint n, bool nt)
    {
        int c = TV.Count;
        const int Block = 16; // vectors a block: 2 KB of scratch for the two inputs at 512 bits
        T* sa = stackalloc T[Block * 64 / sizeof(T)], sb = stackalloc T[Block * 64 / sizeof(T)];
        while (i < n - c)
        {
            nint m = Math.Min(Block, (n - c - i + c - 1) / c) * c; // whole vectors at lanes below n - c, as in Stepped
            for (nint j = 0; j < m; j += c)
            {
                TV.Store(xa.Load(i + j), sa + j);
                TV.Store(xb.Load(i + j), sb + j);
            }
            if (nt) Deferred<BothRows, NonTemporalStores>(sa, sb, o + i, 0, m);
            else Deferred<BothRows, CachedStores>(sa, sb, o + i, 0, m);
            i += m;
        }
        return i;
    }

    /// <summary>
    /// The contiguous loop from lane <paramref name="i"/> on, whole vectors only (returns the first lane left): the store
    /// kind is a type (no test per vector), and four vectors a turn (the loop's own compare and jump are paid a quarter as
    /// often; each lane still meets the same operator, so the bits do not depend on the unrolling), one for an operator
    /// that calls out (<see cref="IBinaryOp{T, TOut}.CallsOut"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nint Contiguous<TStores>(T* a, T* b, TOut* o, nint i, nint n) where TStores : struct, IStoreKind
    {
        if (TOp.DefersFix) return Deferred<BothRows, TStores>(a, b, o, i, n);
        int c = TV.Count;
        if (!TOp.CallsOut)
            for (; i <= n - 4 * c; i += 4 * c)
                for (int j = 0; j < 4; j++)
                    StridedVectors.StoreContiguous<T, TOut, TV>(TOp.Invoke(TV.Load(a + i + j * c), TV.Load(b + i + j * c)), o + i + j * c, TStores.NonTemporal);
        for (; i <= n - c; i += c)
            StridedVectors.StoreContiguous<T, TOut, TV>(TOp.Invoke(TV.Load(a + i), TV.Load(b + i)), o + i, TStores.NonTemporal);
        return i;
    }

    /// <summary>
    /// As UnaryRow's: the loop of an operator that defers its fix, over two contiguous rows or a row and one broadcast
    /// element (<typeparamref name="TLoads"/>). The broadcast loops took the operator's full form once per vector,
    /// a call whose vectors went through the stack: float32 <c>x ** 1.37</c> at 10⁶ ran 1.45 or 3.27 ms by the
    /// process's stack alignment.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nint Deferred<TLoads, TStores>(T* a, T* b, TOut* o, nint i, nint n) where TLoads : struct, IPairLoads where TStores : struct, IStoreKind
    {
        int c = TV.Count;
        // An operator that hoists its constants runs its vectors without lanes to fix in a frame of its own, as UnaryRow's.
        while ((i = !TOp.HoistsConstants ? UntilFix<TLoads, TStores>(a, b, o, i, n) : i <= n - c ? HoistedUntilFix<TLoads, TStores>(a, b, o, i, n) : i) <= n - c)
            i = FixRun<TLoads, TStores>(a, b, o, i, n);
        return i;
    }

    /// <summary>As UnaryRow's: whole vectors while none has lanes to fix, the operator's constants built once here and kept in registers.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nint HoistedUntilFix<TLoads, TStores>(T* a, T* b, TOut* o, nint i, nint n) where TLoads : struct, IPairLoads where TStores : struct, IStoreKind
    {
        int c = TV.Count;
        HoistedConstants<TV> k = default;
        TOp.LoadConstants(ref k);
        for (; i <= n - c; i += c)
        {
            TV r = TOp.InvokeHoisted(TLoads.A(a, i), TLoads.B(b, i), in k, out ulong f);
            if (f != 0) break;
            StridedVectors.StoreContiguous<T, TOut, TV>(r, o + i, TStores.NonTemporal);
        }
        return i;
    }

    /// <summary>
    /// The vector at lane <paramref name="i"/> (which has lanes to fix) and the next ones that surely have
    /// (<see cref="IBinaryOp{T, TOut}.SurelyFixes{TV}"/>) by the operator's full vector form (its run form inlined, where
    /// it has one), in this frame of their own: returns the lane after them.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nint FixRun<TLoads, TStores>(T* a, T* b, TOut* o, nint i, nint n) where TLoads : struct, IPairLoads where TStores : struct, IStoreKind
    {
        int c = TV.Count;
        do
        {
            TV x = TLoads.A(a, i), y = TLoads.B(b, i);
            StridedVectors.StoreContiguous<T, TOut, TV>(TOp.FixesInRuns ? TOp.InvokeRun(x, y) : TOp.Invoke(x, y), o + i, TStores.NonTemporal);
            i += c;
        }
        while (i <= n - c && TOp.SurelyFixes(TLoads.A(a, i), TLoads.B(b, i)));
        return i;
    }

    /// <summary>As UnaryRow's: whole vectors while none has lanes to fix; returns the first such vector's lane (or the end).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nint UntilFix<TLoads, TStores>(T* a, T* b, TOut* o, nint i, nint n) where TLoads : struct, IPairLoads where TStores : struct, IStoreKind
    {
        int c = TV.Count;
        for (; i <= n - c; i += c)
        {
            TV r = TOp.InvokeDeferred(TLoads.A(a, i), TLoads.B(b, i), out ulong f);
            if (f != 0) break;
            StridedVectors.StoreContiguous<T, TOut, TV>(r, o + i, TStores.NonTemporal);
        }
        return i;
    }

    /// <summary>How <see cref="Deferred{TLoads, TStores}"/> reads the operands' vector at lane i.</summary>
    private interface IPairLoads
    {
        static abstract TV A(T* a, nint i);
        static abstract TV B(T* b, nint i);
    }

    /// <summary>Both operands contiguous rows.</summary>
    private readonly struct BothRows : IPairLoads
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV A(T* a, nint i) => TV.Load(a + i);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV B(T* b, nint i) => TV.Load(b + i);
    }

    /// <summary>A contiguous left row, one broadcast right element.</summary>
    private readonly struct RightOne : IPairLoads
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV A(T* a, nint i) => TV.Load(a + i);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV B(T* b, nint i) => TV.Create(*b);
    }

    /// <summary>One broadcast left element, a contiguous right row.</summary>
    private readonly struct LeftOne : IPairLoads
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV A(T* a, nint i) => TV.Create(*a);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV B(T* b, nint i) => TV.Load(b + i);
    }

    private readonly struct StepLoop(nint n, TOut* o, T* pa, byte* tablesA, T* pb, byte* tablesB, bool nt) : IStepLoop
    {
        // Its own frame: the two inputs' tables are locals of this loop only, so the JIT keeps them in registers (the
        // inputs as plain fields, as in UnaryRow's StepLoop).
        [MethodImpl(MethodImplOptions.NoInlining)]
        public nint Run<TStep>(nint i) where TStep : struct, IStep
        {
            // Fields to locals, as in UnaryRow's StepLoop.
            int c = TV.Count;
            T* a = pa, b = pb;
            TOut* po = o;
            nint end = n - c;
            bool nontemporal = nt;
            StepTables<TV> ta = RowInput<T, TV>.TablesAt(tablesA), tb = RowInput<T, TV>.TablesAt(tablesB);
            for (; i < end; i += c)
                StridedVectors.StoreContiguous<T, TOut, TV>(
                    TOp.Invoke(RowInput<T, TV>.Load<TStep>(a, i, ta), RowInput<T, TV>.Load<TStep>(b, i, tb)), po + i, nontemporal);
            return i;
        }
    }

    public static int Inputs => 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Lanes(byte** p, long* s, nint i, int k, T* scratch)
    {
        TV a = StridedVectors.Load<T, TV>(p[1], (nint)s[1], i, k, scratch);
        TV b = StridedVectors.Load<T, TV>(p[2], (nint)s[2], i, k, scratch + TV.Count);
        return TOp.Invoke(a, b);
    }
}

[SkipLocalsInit]
internal unsafe struct TernaryRow<TFirst, T, TOp, TV> : IRowBody<TernaryRow<TFirst, T, TOp, TV>>, IRowLanes<T, TV>
    where TFirst : unmanaged where T : unmanaged
    where TOp : ITernaryOp<TFirst, T> where TV : struct, ISimdVec<TV, T>
{
    public bool NonTemporal;

    public static int Operands => 4;
    public static int ScratchBytes => 4 * TV.Count * sizeof(T);
    [MethodImpl(MethodImplOptions.NoInlining)] // the row loop's own frame, as RowBlocks.Block for a block of rows
    public readonly void Row(nint n, byte** p, long* s) { byte* scratch = stackalloc byte[ScratchBytes]; Body(n, p, s, scratch); }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Body(nint n, byte** p, long* s, byte* scratchBytes)
    {
        T* scratch = (T*)scratchBytes;
        nint i = 0;
        if (typeof(TFirst) == typeof(T) && s[0] == sizeof(T) && s[1] == sizeof(T) && s[2] == sizeof(T) && s[3] == sizeof(T))
        {
            i = RowLanes<T, T, TV>.Head<TernaryRow<TFirst, T, TOp, TV>>(NonTemporal, p, s, n, scratch);
            T* o = (T*)p[0];
            i = Contiguous((T*)p[1], (T*)p[2], (T*)p[3], o, i, n, StridedVectors.NonTemporalFrom<T, TV>(NonTemporal, o + i));
        }
        if (i < n) RowLanes<T, T, TV>.General<TernaryRow<TFirst, T, TOp, TV>>(p, s, i, n, scratch);
    }

    static int IRowKernel.TransposedBlock => TV.HasBlockTranspose ? TV.Count : 0;

    /// <summary>
    /// A tile with one transposed input (see <see cref="IRowKernel.TryTransposedTile"/> and BinaryRow's): its blocks
    /// transposed in registers, each line combined with the rows of the two other inputs (contiguous rows, the output's
    /// type) and stored.
    /// </summary>
    static bool IRowKernel.TryTransposedTile(void* self, nint n, nint rows, byte** p, long* s, long* rowStrides, int transposed)
    {
        int c = TV.Count, first = transposed == 1 ? 2 : 1, second = transposed == 3 ? 2 : 3;
        if (!TV.HasBlockTranspose || typeof(TFirst) != typeof(T) || !TOp.Vectorizable || n % c != 0 || rows % c != 0
            || rowStrides[transposed] != sizeof(T) || s[0] != sizeof(T) || s[first] != sizeof(T) || s[second] != sizeof(T)
            || (s[transposed] | rowStrides[0] | rowStrides[first] | rowStrides[second]) % sizeof(T) != 0)
            return false;
        bool large = Unsafe.AsRef<TernaryRow<TFirst, T, TOp, TV>>(self).NonTemporal;
        var t = new TransposedTile((T*)p[transposed], (nint)s[transposed] / sizeof(T), (T*)p[first], (nint)rowStrides[first] / sizeof(T),
            (T*)p[second], (nint)rowStrides[second] / sizeof(T), (T*)p[0], (nint)rowStrides[0] / sizeof(T), n, rows,
            ReadAhead.TransposedWorth(large, (nint)s[transposed], sizeof(T)));
        bool nt = large && (((nint)p[0] | (nint)rowStrides[0]) & (c * sizeof(T) - 1)) == 0;
        switch (transposed)
        {
            case 1: if (nt) t.Run<NonTemporalStores, TransposedFirst>(); else t.Run<CachedStores, TransposedFirst>(); break;
            case 2: if (nt) t.Run<NonTemporalStores, TransposedSecond>(); else t.Run<CachedStores, TransposedSecond>(); break;
            default: if (nt) t.Run<NonTemporalStores, TransposedThird>(); else t.Run<CachedStores, TransposedThird>(); break;
        }
        return true;
    }

    /// <summary>The blocks of <see cref="IRowKernel.TryTransposedTile"/>: x transposed (as BinaryRow's), y and z the other inputs in operator order.</summary>
    private readonly struct TransposedTile(T* x, nint xs, T* y, nint yRow, T* z, nint zRow, T* o, nint oRow, nint n, nint rows, bool readAhead)
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Run<TStores, TInput>() where TStores : struct, IStoreKind where TInput : struct, ITransposedInput
        {
            int c = TV.Count;
            for (nint r = 0; r < rows; r += c)
                for (nint j = 0; j < n; j += c)
                {
                    if (readAhead)
                    {
                        ReadAhead.TransposedBlock(x + r + j * xs, xs, c);
                        ReadAhead.RowBlock(y + r * yRow + j, yRow, c);
                        ReadAhead.RowBlock(z + r * zRow + j, zRow, c);
                    }
                    TV.TransposeRows(new LoadedRows<T, TV>(x + r + j * xs, xs), new TransposedLines<TStores, TInput>(y + r * yRow + j, yRow, z + r * zRow + j, zRow, o + r * oRow + j, oRow));
                }
        }
    }

    /// <summary>Line i of a transposed block (the operator's input <typeparamref name="TInput"/>) with row i of y and z, stored to row i of o.</summary>
    private readonly struct TransposedLines<TStores, TInput>(T* y, nint yRow, T* z, nint zRow, T* o, nint oRow) : Gemm.IBlockLines<TV>
        where TStores : struct, IStoreKind where TInput : struct, ITransposedInput
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Line(int i, TV v)
        {
            TV a = TV.Load(y + i * yRow), b = TV.Load(z + i * zRow);
            TV r = TInput.Index == 1 ? TOp.Invoke(v, a, b) : TInput.Index == 2 ? TOp.Invoke(a, v, b) : TOp.Invoke(a, b, v);
            StridedVectors.StoreContiguous<T, T, TV>(r, o + i * oRow, TStores.NonTemporal);
        }
    }

    /// <summary>The whole vectors of a flat call (three contiguous inputs of the output's type, cached stores); see <see cref="BinaryRow{T, TOut, TOp, TV}.FlatVectors"/>.</summary>
    public static nint FlatVectors(T* x, T* y, T* z, T* o, nint n) => Contiguous(x, y, z, o, 0, n, false);

    /// <summary>The contiguous loop, whole vectors only (its own method: see <see cref="BinaryRow{T, TOut, TOp, TV}"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nint Contiguous(T* x, T* y, T* z, T* o, nint i, nint n, bool nt)
    {
        int c = TV.Count;
        for (; i <= n - c; i += c)
            StridedVectors.StoreContiguous<T, T, TV>(TOp.Invoke(TV.Load(x + i), TV.Load(y + i), TV.Load(z + i)), o + i, nt);
        return i;
    }

    public static int Inputs => 3;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Lanes(byte** p, long* s, nint i, int k, T* scratch)
    {
        int c = TV.Count;
        TV x = typeof(TFirst) == typeof(bool)
            ? StridedVectors.LoadMask<T, TV>(p[1], (nint)s[1], i, k, scratch)
            : StridedVectors.Load<T, TV>(p[1], (nint)s[1], i, k, scratch);
        TV y = StridedVectors.Load<T, TV>(p[2], (nint)s[2], i, k, scratch + c);
        TV z = StridedVectors.Load<T, TV>(p[3], (nint)s[3], i, k, scratch + 2 * c);
        return TOp.Invoke(x, y, z);
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
