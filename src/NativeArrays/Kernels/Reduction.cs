using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NativeArrays.Kernels;

/// <summary>
/// The reduction driver. The output operand has one stride per INPUT axis, 0 along the reduced axes (the
/// keepDims form). Axes are ordered by the input's strides so the innermost loop reads memory in order; a
/// reduced innermost axis folds rows with vector accumulators, a kept innermost axis accumulates elementwise
/// across it. Sums split the reduced index space pairwise on every axis (not only the contiguous one), so their
/// error grows with log n. Large work splits in halves at points that depend only on the shape and
/// <see cref="NativeArraysSettings.ParallelThreshold"/> (never on the thread count), so results are
/// bit-identical whatever the number of threads. A <see cref="IReduceOp{T, TAcc}.Sequential"/> operation (floating-point
/// products) never has a reduced axis split or folded in lanes: each output is folded in index order, so its result is
/// also the same for every SIMD width (and NumPy's).
/// </summary>
[SkipLocalsInit]
internal static unsafe class Reduction
{
    /// <summary>Reduced elements per output below which sums stop splitting the outer reduced axes.</summary>
    private const long PairwiseBase = 16;

    /// <summary>A kept innermost axis is split for threads only while each half keeps at least this many bytes per row.</summary>
    private const long MinSplitRowBytes = 16 << 10;

    public static void Reduce<T, TAcc, TOp>(ReadOnlySpan<nint> shape, Operand input, Operand output)
        where T : unmanaged where TAcc : unmanaged where TOp : IReduceOp<T, TAcc>
    {
        var settings = NativeArraysSettings.Current;
        if (TryWholeContiguous<T, TAcc, TOp>(shape, input, output, settings)) return;
        Planned<T, TAcc, TOp>(shape, input.Pointer, input.Strides, output.Pointer, output.Strides, settings);
    }

    /// <summary>
    /// The plan path of <see cref="Reduce{T, TAcc, TOp}"/>, kept out of line: its two 1.3 KB plans would otherwise land in
    /// the frame of every caller <see cref="Reduce{T, TAcc, TOp}"/> inlines into, and a caller without
    /// <c>SkipLocalsInit</c> zeroes them on every call (≈ 70 ns per whole-array <c>Sum()</c>, measured).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Planned<T, TAcc, TOp>(ReadOnlySpan<nint> shape, void* input, ReadOnlySpan<nint> inputStrides, void* output, ReadOnlySpan<nint> outputStrides, NativeArraysSettings settings)
        where T : unmanaged where TAcc : unmanaged where TOp : IReduceOp<T, TAcc>
    {
        Unsafe.SkipInit(out IterationPlan plan);
        bool nonEmpty = plan.Begin(shape, 2);
        plan.SetOperand(0, output, outputStrides, sizeof(TAcc));
        plan.SetOperand(1, input, inputStrides, sizeof(T));
        // Start every output element at the identity (covers reductions over empty axes too).
        Unsafe.SkipInit(out IterationPlan fill);
        fill = plan;
        for (int d = 0; d < fill.Rank; d++)
            if (fill.Stride(0, d) == 0) fill.Shape[d] = 1;
        fill.Operands = 1;
        if (!HasZero(ref fill))
        {
            fill.Finish();
            NdIterator.Run(ref fill, new FillRow<TAcc> { Value = TOp.Identity }, settings, allowParallel: false);
        }
        if (!nonEmpty) return;
        plan.Finish(primary: 1);
        plan.Streamed = plan.Size * sizeof(T) > ReadAhead.MaxBytes;
        int width = VectorWidth<T, TAcc, TOp>(settings);
        Run<T, TAcc, TOp>(ref plan, width, settings);
    }

    /// <summary>
    /// The per-call fast path: a whole-array reduction of a C-contiguous input below the parallel threshold is one
    /// row, exactly what the plan walk would hand the row kernel, without building (and copying) two plans.
    /// </summary>
    private static bool TryWholeContiguous<T, TAcc, TOp>(ReadOnlySpan<nint> shape, Operand input, Operand output, NativeArraysSettings settings)
        where T : unmanaged where TAcc : unmanaged where TOp : IReduceOp<T, TAcc>
    {
        nint n = 1, expected = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            if (output.Strides[d] != 0) return false;
            n *= shape[d];
            if (shape[d] == 1) continue;
            if (input.Strides[d] != expected) return false;
            expected *= shape[d];
        }
        if (n == 0 || n >= settings.ParallelThreshold) return false;
        *(TAcc*)output.Pointer = Contiguous<T, TAcc, TOp>(input.Pointer, n, settings);
        return true;
    }

    /// <summary>
    /// The reduction of <paramref name="n"/> contiguous elements (0 &lt; n &lt; the parallel threshold): the identity
    /// folded with one row, exactly the value the plan path gives (same row kernel, same association order), without a
    /// plan, an output operand or a shape walk. The whole-array forms of contiguous arrays call it directly.
    /// </summary>
    public static TAcc Contiguous<T, TAcc, TOp>(void* input, nint n, NativeArraysSettings settings)
        where T : unmanaged where TAcc : unmanaged where TOp : IReduceOp<T, TAcc>
    {
        int width = VectorWidth<T, TAcc, TOp>(settings);
        if (!TOp.HasVectorRow)
        {
            var whole = new WholeRow<T, TAcc, TOp> { N = n, X = (byte*)input };
            SimdDispatch.Run<T, WholeRow<T, TAcc, TOp>>(width, ref whole);
            return whole.Result;
        }
        TAcc result = TOp.Identity;
        byte** p = stackalloc byte*[2] { (byte*)&result, (byte*)input };
        long* s = stackalloc long[2] { 0, sizeof(T) };
        var body = new OneRow<T, TAcc, TOp> { N = n, P = p, S = s };
        SimdDispatch.Run<T, OneRow<T, TAcc, TOp>>(width, ref body);
        return result;
    }

    /// <summary>
    /// The vector width of a reduction: lane folds need the accumulator to be the element type; operations with their
    /// own vector row (<see cref="IReduceOp{T, TAcc}.HasVectorRow"/>: All, Any, CountNonZero) run at any width.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int VectorWidth<T, TAcc, TOp>(NativeArraysSettings settings)
        where T : unmanaged where TAcc : unmanaged where TOp : IReduceOp<T, TAcc>
        => (TOp.Vectorizable && typeof(T) == typeof(TAcc)) || TOp.HasVectorRow ? SimdDispatch.Width<T>(settings.SimdWidth) : 0;

    /// <summary>The width body of a whole contiguous array: one row, no plan (the per-call cost of small reductions).</summary>
    private struct OneRow<T, TAcc, TOp> : IWidthBody<T> where T : unmanaged where TAcc : unmanaged where TOp : IReduceOp<T, TAcc>
    {
        public nint N;
        public byte** P;
        public long* S;

        public readonly void Vector512() => new ReduceRow<T, TAcc, TOp, Vec512<T>>().Row(N, P, S);
        public readonly void Vector256() => new ReduceRow<T, TAcc, TOp, Vec256<T>>().Row(N, P, S);
        public readonly void Vector128() => new ReduceRow<T, TAcc, TOp, Vec128<T>>().Row(N, P, S);
        public readonly void Scalar() => new ScalarReduceRow<T, TAcc, TOp>().Row(N, P, S);
    }

    /// <summary>The width body of a whole contiguous array folded by the lane folds: the row's value returned, no pointer arrays.</summary>
    private struct WholeRow<T, TAcc, TOp> : IWidthBody<T> where T : unmanaged where TAcc : unmanaged where TOp : IReduceOp<T, TAcc>
    {
        public nint N;
        public byte* X;
        public TAcc Result;

        public void Vector512() => Result = ReduceRow<T, TAcc, TOp, Vec512<T>>.Whole(X, N);
        public void Vector256() => Result = ReduceRow<T, TAcc, TOp, Vec256<T>>.Whole(X, N);
        public void Vector128() => Result = ReduceRow<T, TAcc, TOp, Vec128<T>>.Whole(X, N);
        public void Scalar() => Result = ScalarReduceRow<T, TAcc, TOp>.Whole(X, N, sizeof(T));
    }

    private static bool HasZero(ref IterationPlan plan)
    {
        for (int d = 0; d < plan.Rank; d++) if (plan.Shape[d] == 0) return true;
        return false;
    }

    private static void Run<T, TAcc, TOp>(ref IterationPlan plan, int width, NativeArraysSettings settings)
        where T : unmanaged where TAcc : unmanaged where TOp : IReduceOp<T, TAcc>
    {
        int r = plan.Rank;
        int inner = r - 1;
        bool rowReduced = r > 0 && plan.Stride(0, inner) == 0;
        // The outer reduced axis with the most elements, and the product of outer reduced extents.
        int split = -1;
        long outerReduced = 1;
        for (int d = 0; d < (rowReduced ? inner : r); d++)
        {
            if (plan.Stride(0, d) != 0) continue;
            outerReduced *= plan.Shape[d];
            if (split < 0 || plan.Shape[d] > plan.Shape[split]) split = d;
        }
        if (TOp.Pairwise && outerReduced > PairwiseBase)
        {
            // Below the parallel threshold (a test of the shape only, as every split here: at or above it the tree has
            // other splits, whatever the thread count) the tree of lines runs by pointers.
            if (!(plan.Size < settings.ParallelThreshold && TryPairwiseLines<T, TAcc, TOp>(ref plan, width)))
                SplitReduced<T, TAcc, TOp>(ref plan, split, plan.Shape[split] / 2, width, settings);
            return;
        }
        if (plan.Size >= settings.ParallelThreshold)
        {
            // The largest kept axis splits without a temporary. A kept innermost axis is cut only while its halves stay
            // whole runs of pages (the rows of a band are streamed side by side, see ReduceLinesRow); below that an outer
            // reduced axis is split instead where the operation allows it.
            int kept = -1;
            bool reducedSplits = !TOp.Sequential && split >= 0 && plan.Shape[split] >= 2;
            for (int d = 0; d < r; d++)
            {
                if (plan.Stride(0, d) == 0 || plan.Shape[d] < 2) continue;
                if (d == inner && reducedSplits && plan.Shape[d] / 2 * sizeof(T) < MinSplitRowBytes) continue;
                if (kept < 0 || plan.Shape[d] > plan.Shape[kept]) kept = d;
            }
            if (kept >= 0)
            {
                SplitKept<T, TAcc, TOp>(ref plan, kept, width, settings);
                return;
            }
            if (!rowReduced && reducedSplits)
            {
                SplitReduced<T, TAcc, TOp>(ref plan, split, plan.Shape[split] / 2, width, settings);
                return;
            }
            if (rowReduced && !TOp.Sequential && plan.Shape[inner] >= 2 * NdIterator.ItemElements)
            {
                SplitReduced<T, TAcc, TOp>(ref plan, inner, (plan.Shape[inner] / 2) & ~255L, width, settings);
                return;
            }
        }
        // A kept innermost axis: the innermost outer reduced axis is folded inside the row kernel, a band of rows at a
        // time (the order per output element is unchanged: that axis is the last of the reduced ones in the walk).
        // Operations with their own vector rows (All, Any, CountNonZero: the accumulator type differs) keep their rows.
        int fold = -1;
        if (!rowReduced && !TOp.HasVectorRow)
            for (int d = inner - 1; d >= 0; d--)
                if (plan.Stride(0, d) == 0) { fold = d; break; }
        if (fold >= 0)
        {
            long lines = plan.Shape[fold];
            plan.Shape[fold] = 1;
            var folded = new FoldedRows<T, TAcc, TOp> { Plan = ref plan, Settings = settings, Lines = (nint)lines, LineStride = (nint)plan.Stride(1, fold) };
            SimdDispatch.Run<T, FoldedRows<T, TAcc, TOp>>(width, ref folded);
            plan.Shape[fold] = lines;
            return;
        }
        if (rowReduced && TryShortRows<T, TAcc, TOp>(ref plan, width)) return;
        var body = new Rows<T, TAcc, TOp> { Plan = ref plan, Settings = settings };
        SimdDispatch.Run<T, Rows<T, TAcc, TOp>>(width, ref body);
    }

    /// <summary>
    /// Reduced rows of 2..<see cref="RowInput{T, TV}.MaxStep"/> elements lying back to back (<c>Sum(axis: 1)</c> of a
    /// C-order (m, 3) matrix) into a contiguous output: vector lanes are rows, each of the row's elements gathered across
    /// Count rows by contiguous loads and permutes (<see cref="ShortRowsLoop{T, TAcc, TOp, TV}"/>), so each output folds its
    /// elements in order from the identity and then joins its current value: the bits of the row-by-row path, whose rows
    /// shorter than a vector fold element by element. Row by row each output paid a row kernel call, a vector fold of no
    /// vectors and a horizontal step (float32 (100000, 3): Sum 1.02 ms, Min 4.0 ms). False (nothing done) for any
    /// other plan, for rows of a vector or more, for sequential operations and without a step load at this width.
    /// </summary>
    private static bool TryShortRows<T, TAcc, TOp>(ref IterationPlan plan, int width)
        where T : unmanaged where TAcc : unmanaged where TOp : IReduceOp<T, TAcc>
    {
        if (width == 0 || typeof(T) != typeof(TAcc) || TOp.HasVectorRow || TOp.Sequential || !TOp.Vectorizable || plan.Rank != 2
            || plan.Stride(0, 1) != 0 || plan.Stride(0, 0) != sizeof(TAcc))
            return false;
        long n = plan.Shape[1];
        if (n < 2 || n > RowInput<T, Vec128<T>>.MaxStep || plan.Stride(1, 1) != sizeof(T) || plan.Stride(1, 0) != n * sizeof(T))
            return false;
        var body = new ShortRows<T, TAcc, TOp> { Output = (T*)plan.Base[0], Input = (T*)plan.Base[1], Rows = (nint)plan.Shape[0], N = (int)n };
        SimdDispatch.Run<T, ShortRows<T, TAcc, TOp>>(width, ref body);
        return body.Done;
    }

    /// <summary>The width body of <see cref="TryShortRows{T, TAcc, TOp}"/>: the vector loop, then the last rows one by one by the row kernel.</summary>
    private struct ShortRows<T, TAcc, TOp> : IWidthBody<T> where T : unmanaged where TAcc : unmanaged where TOp : IReduceOp<T, TAcc>
    {
        public T* Output, Input;
        public nint Rows;
        public int N;
        public bool Done;

        public void Vector512() => Vector<Vec512<T>>();
        public void Vector256() => Vector<Vec256<T>>();
        public void Vector128() => Vector<Vec128<T>>();
        public readonly void Scalar() { }

        private void Vector<TV>() where TV : struct, ISimdVec<TV, T>
        {
            if (N >= TV.Count || !RowInput<T, TV>.TryCreate((byte*)Input, N * sizeof(T), out var input)) return;
            var loop = new ShortRowsLoop<T, TAcc, TOp, TV>(Input, Output, Rows, input.Tables);
            nint i = StepDispatch.Run(N, ref loop, 0);
            byte** p = stackalloc byte*[2];
            long* s = stackalloc long[2] { 0, sizeof(T) };
            var row = new ReduceRow<T, TAcc, TOp, TV>();
            for (; i < Rows; i++)
            {
                p[0] = (byte*)(Output + i);
                p[1] = (byte*)(Input + i * N);
                row.Row(N, p, s);
            }
            Done = true;
        }
    }

    /// <summary>
    /// The vector loop of <see cref="ShortRows{T, TAcc, TOp}"/>, compiled per row length. With two-source permutes
    /// (AVX-512) a block of Count rows is loaded once, n whole vectors, and element j of every row is folded out of them by
    /// n − 1 permutes (<see cref="ShortRowTables{T, TV}"/>); with AVX2 each element is a step load of its own
    /// (<see cref="RowInput{T, TV}"/>), and the loop stops one vector of rows short of the end (those loads read past the
    /// last lane's element). Loading the block once measured no faster than n step loads on this machine (float32
    /// (100000, 3) Sum 57.7 against 57 µs, (100000, 8) 178 against 175 µs), but reads each line once and never past the block.
    /// </summary>
    private readonly struct ShortRowsLoop<T, TAcc, TOp, TV>(T* x, T* o, nint rows, StepTables<TV> tables) : IStepLoop
        where T : unmanaged where TAcc : unmanaged where TOp : IReduceOp<T, TAcc> where TV : struct, ISimdVec<TV, T>
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public nint Run<TStep>(nint i) where TStep : struct, IStep
        {
            int c = TV.Count, n = TStep.Value;
            T* px = x, po = o;
            nint end = rows;
            TAcc identity = TOp.Identity;
            TV start = TV.Create(Unsafe.As<TAcc, T>(ref identity));
            if (TV.HasPermute2)
            {
                ref TV t = ref MemoryMarshal.GetArrayDataReference(ShortRowTables<T, TV>.ByLength[n]);
                for (; i + c <= end; i += c)
                {
                    T* q = px + i * n;
                    TV v0 = TV.Load(q), v1 = TV.Load(q + c);
                    TV v2 = n > 2 ? TV.Load(q + 2 * c) : v1, v3 = n > 3 ? TV.Load(q + 3 * c) : v1;
                    TV v4 = n > 4 ? TV.Load(q + 4 * c) : v1, v5 = n > 5 ? TV.Load(q + 5 * c) : v1;
                    TV v6 = n > 6 ? TV.Load(q + 6 * c) : v1, v7 = n > 7 ? TV.Load(q + 7 * c) : v1;
                    TV acc = start;
                    for (int j = 0; j < n; j++)
                    {
                        ref TV tj = ref Unsafe.Add(ref t, j * (n - 1));
                        TV v = TV.Permute2(v0, tj, v1);
                        if (n > 2) v = TV.Permute2(v, Unsafe.Add(ref tj, 1), v2);
                        if (n > 3) v = TV.Permute2(v, Unsafe.Add(ref tj, 2), v3);
                        if (n > 4) v = TV.Permute2(v, Unsafe.Add(ref tj, 3), v4);
                        if (n > 5) v = TV.Permute2(v, Unsafe.Add(ref tj, 4), v5);
                        if (n > 6) v = TV.Permute2(v, Unsafe.Add(ref tj, 5), v6);
                        if (n > 7) v = TV.Permute2(v, Unsafe.Add(ref tj, 6), v7);
                        acc = TOp.Invoke(acc, v);
                    }
                    TV.Store(TOp.Invoke(TV.Load(po + i), acc), po + i);
                }
                return i;
            }
            StepTables<TV> steps = tables;
            for (; i + c < end; i += c)
            {
                TV acc = start;
                for (int j = 0; j < n; j++) acc = TOp.Invoke(acc, RowInput<T, TV>.Load<TStep>(px + j, i, steps));
                TV.Store(TOp.Invoke(TV.Load(po + i), acc), po + i);
            }
            return i;
        }
    }

    /// <summary>
    /// The permute tables of <see cref="ShortRowsLoop{T, TAcc, TOp, TV}"/>, made once per vector type: for rows of n
    /// elements, table (j, k) (at j·(n − 1) + k − 1) folds loaded vector k into the lanes whose element n·lane + j lies in it
    /// (k = 1 takes vectors 0 and 1), as <see cref="RowInput{T, TV}"/>'s tables do for j = 0.
    /// </summary>
    private static class ShortRowTables<T, TV> where T : unmanaged where TV : struct, ISimdVec<TV, T>
    {
        /// <summary>The tables of rows of n elements at index n (2..<see cref="RowInput{T, TV}.MaxStep"/>).</summary>
        public static readonly TV[][] ByLength = Make();

        private static TV[][] Make()
        {
            var all = new TV[RowInput<T, TV>.MaxStep + 1][];
            for (int n = 0; n <= RowInput<T, TV>.MaxStep; n++)
            {
                all[n] = new TV[Math.Max(1, n * (n - 1))];
                if (n < 2 || !TV.HasPermute2) continue;
                for (int j = 0; j < n; j++)
                    for (int k = 1; k < n; k++)
                        all[n][j * (n - 1) + k - 1] = Table(n, j, k);
            }
            return all;
        }

        private static TV Table(int n, int j, int k)
        {
            int c = TV.Count;
            long* lanes = stackalloc long[8];
            for (int r = 0; r < c; r++)
            {
                long a = (long)n * r + j;
                long index = k == 1 ? a : a < (long)k * c ? r : a - (long)(k - 1) * c;
                if (sizeof(T) == 4) ((int*)lanes)[r] = (int)index;
                else lanes[r] = index;
            }
            return TV.Load((T*)lanes);
        }
    }

    /// <summary>
    /// The pairwise tree of <see cref="SplitReduced"/> for one reduced outer axis over one kept contiguous axis (the plan
    /// of <c>Sum(axis: 0)</c> of a C-order matrix), run on one thread: the same splits, leaves (<see cref="ReduceLinesRow{T, TAcc, TOp, TV}"/>
    /// over at most <see cref="PairwiseBase"/> rows) and combines (<see cref="ReduceRow{T, TAcc, TOp, TV}"/> of the
    /// temporary into the left half's result), so the same bits, by a recursion over pointers with one scratch block for
    /// every level's temporary. Through <see cref="SplitReduced"/> each node built three plans, allocated and filled its
    /// temporary and walked two drivers: float32 (100000, 17) <c>Sum(axis: 0)</c> took 1.30 ms against 91 µs for
    /// <c>Max(axis: 0)</c>, which has no tree. False (nothing done) for any other plan, or without vectors.
    /// </summary>
    private static bool TryPairwiseLines<T, TAcc, TOp>(ref IterationPlan plan, int width)
        where T : unmanaged where TAcc : unmanaged where TOp : IReduceOp<T, TAcc>
    {
        if (width == 0 || typeof(T) != typeof(TAcc) || TOp.HasVectorRow || plan.Rank != 2 || plan.Stride(0, 0) != 0
            || plan.Stride(0, 1) != sizeof(TAcc) || plan.Stride(1, 1) != sizeof(T))
            return false;
        long rows = plan.Shape[0], kept = plan.Shape[1];
        int depth = 0;
        for (long r = rows; r > PairwiseBase; r -= r / 2) depth++; // the right half (the larger) nests deepest
        T* scratch = (T*)Memory.ScratchMemory.Allocate(checked((nint)(Math.Max(1, depth) * kept * sizeof(T))));
        try
        {
            var body = new PairwiseLines<T, TAcc, TOp> { Output = (T*)plan.Base[0], Input = (byte*)plan.Base[1], Rows = rows, LineStride = (nint)plan.Stride(1, 0), Kept = (nint)kept, Scratch = scratch };
            SimdDispatch.Run<T, PairwiseLines<T, TAcc, TOp>>(width, ref body);
        }
        finally { Memory.ScratchMemory.Free(scratch); }
        return true;
    }

    /// <summary>The width body of <see cref="TryPairwiseLines{T, TAcc, TOp}"/>.</summary>
    private struct PairwiseLines<T, TAcc, TOp> : IWidthBody<T> where T : unmanaged where TAcc : unmanaged where TOp : IReduceOp<T, TAcc>
    {
        public T* Output;
        public byte* Input;
        public long Rows;
        public nint LineStride, Kept;
        public T* Scratch;

        public readonly void Vector512() => Node<Vec512<T>>(Output, Input, Rows, Scratch);
        public readonly void Vector256() => Node<Vec256<T>>(Output, Input, Rows, Scratch);
        public readonly void Vector128() => Node<Vec128<T>>(Output, Input, Rows, Scratch);
        public readonly void Scalar() => throw new InvalidOperationException("The pairwise lines need vectors.");

        /// <summary><paramref name="rows"/> input rows from <paramref name="x"/> folded into <paramref name="o"/> (already holding a value); temporaries from <paramref name="scratch"/> on.</summary>
        private readonly void Node<TV>(T* o, byte* x, long rows, T* scratch) where TV : struct, ISimdVec<TV, T>
        {
            byte** p = stackalloc byte*[2];
            long* s = stackalloc long[2] { sizeof(T), sizeof(T) };
            if (rows <= PairwiseBase)
            {
                p[0] = (byte*)o; p[1] = x;
                new ReduceLinesRow<T, TAcc, TOp, TV> { Lines = (nint)rows, LineStride = LineStride }.Row(Kept, p, s);
                return;
            }
            long m = rows / 2;
            Node<TV>(o, x, m, scratch);
            TAcc identity = TOp.Identity;
            new Span<T>(scratch, checked((int)Kept)).Fill(Unsafe.As<TAcc, T>(ref identity));
            Node<TV>(scratch, x + m * LineStride, rows - m, scratch + Kept);
            p[0] = (byte*)o; p[1] = (byte*)scratch;
            new ReduceRow<T, TAcc, TOp, TV>().Row(Kept, p, s);
        }
    }

    /// <summary>The width body of a kept innermost axis: every row folds <see cref="Lines"/> input rows (<see cref="ReduceLinesRow{T, TAcc, TOp, TV}"/>).</summary>
    private ref struct FoldedRows<T, TAcc, TOp> : IWidthBody<T> where T : unmanaged where TAcc : unmanaged where TOp : IReduceOp<T, TAcc>
    {
        public ref IterationPlan Plan;
        public NativeArraysSettings Settings;
        public nint Lines, LineStride;

        public readonly void Vector512() => Vector<Vec512<T>>();
        public readonly void Vector256() => Vector<Vec256<T>>();
        public readonly void Vector128() => Vector<Vec128<T>>();
        private readonly void Vector<TV>() where TV : struct, ISimdVec<TV, T>
        {
            NdIterator.Run(ref Plan, new ReduceLinesRow<T, TAcc, TOp, TV> { Lines = Lines, LineStride = LineStride }, Settings, allowParallel: false);
        }

        public readonly void Scalar()
        {
            NdIterator.Run(ref Plan, new ScalarReduceLinesRow<T, TAcc, TOp> { Lines = Lines, LineStride = LineStride }, Settings, allowParallel: false);
        }
    }

    /// <summary>The width body: the whole plan on this thread, by the reduce row at the chosen width.</summary>
    private ref struct Rows<T, TAcc, TOp> : IWidthBody<T> where T : unmanaged where TAcc : unmanaged where TOp : IReduceOp<T, TAcc>
    {
        public ref IterationPlan Plan;
        public NativeArraysSettings Settings;

        public readonly void Vector512() => Vector<Vec512<T>>();
        public readonly void Vector256() => Vector<Vec256<T>>();
        public readonly void Vector128() => Vector<Vec128<T>>();
        private readonly void Vector<TV>() where TV : struct, ISimdVec<TV, T>
        {
            NdIterator.Run(ref Plan, new ReduceRow<T, TAcc, TOp, TV> { Streamed = Plan.Streamed }, Settings, allowParallel: false);
        }

        public readonly void Scalar()
        {
            NdIterator.Run(ref Plan, new ScalarReduceRow<T, TAcc, TOp>(), Settings, allowParallel: false);
        }
    }

    /// <summary>Both halves of a kept axis are independent: no temporary, run side by side.</summary>
    private static void SplitKept<T, TAcc, TOp>(ref IterationPlan plan, int axis, int width, NativeArraysSettings settings)
        where T : unmanaged where TAcc : unmanaged where TOp : IReduceOp<T, TAcc>
    {
        long m = plan.Shape[axis] / 2;
        IterationPlan left = plan, right = plan;
        left.Shape[axis] = m;
        right.Shape[axis] -= m;
        for (int op = 0; op < 2; op++) right.Base[op] += m * plan.Stride(op, axis);
        Both<T, TAcc, TOp>(left, right, width, settings);
    }

    /// <summary>
    /// Splits a reduced axis at <paramref name="m"/>: the left half accumulates into the output, the right half
    /// into a temporary started at the identity, then the temporary is combined into the output.
    /// </summary>
    private static void SplitReduced<T, TAcc, TOp>(ref IterationPlan plan, int axis, long m, int width, NativeArraysSettings settings)
        where T : unmanaged where TAcc : unmanaged where TOp : IReduceOp<T, TAcc>
    {
        // Compact strides over the kept axes for the right half's accumulator.
        long count = 1;
        Span<long> strides = stackalloc long[plan.Rank];
        for (int d = plan.Rank - 1; d >= 0; d--)
        {
            if (plan.Stride(0, d) == 0) { strides[d] = 0; continue; }
            strides[d] = count * sizeof(TAcc);
            count *= plan.Shape[d];
        }
        TAcc* temp = (TAcc*)Memory.ScratchMemory.Allocate(checked((nint)(count * sizeof(TAcc))));
        try
        {
            TAcc identity = TOp.Identity;
            new Span<TAcc>(temp, checked((int)count)).Fill(identity);
            IterationPlan left = plan, right = plan;
            left.Shape[axis] = m;
            right.Shape[axis] -= m;
            right.Base[1] += m * plan.Stride(1, axis);
            right.Base[0] = (long)temp;
            for (int d = 0; d < plan.Rank; d++) right.Strides[d] = strides[d];
            Both<T, TAcc, TOp>(left, right, width, settings);
            // output (+)= temp over the kept axes.
            IterationPlan combine = right;
            combine.Base[0] = plan.Base[0];
            combine.Base[1] = (long)temp;
            for (int d = 0; d < plan.Rank; d++)
            {
                combine.Strides[d] = plan.Stride(0, d);
                combine.Strides[IterationPlan.MaxRank + d] = strides[d];
                if (strides[d] == 0) combine.Shape[d] = 1;
            }
            combine.Finish();
            if (width != 0 && combine.Rank > 0 && typeof(T) == typeof(TAcc) && !TOp.HasVectorRow)
            {
                // Vectorised: for a vector operation (TAcc == T) the vector fold is also the combine. Operations with
                // their own vector rows (All, Any, CountNonZero) read T inputs there, not accumulators: CombineRow.
                var rows = new Rows<T, TAcc, TOp> { Plan = ref combine, Settings = settings };
                SimdDispatch.Run<T, Rows<T, TAcc, TOp>>(width, ref rows);
            }
            else NdIterator.Run(ref combine, new CombineRow<T, TAcc, TOp>(), settings, allowParallel: false);
        }
        finally { Memory.ScratchMemory.Free(temp); }
    }

    private static void Both<T, TAcc, TOp>(IterationPlan left, IterationPlan right, int width, NativeArraysSettings settings)
        where T : unmanaged where TAcc : unmanaged where TOp : IReduceOp<T, TAcc>
    {
        bool parallel = settings.EffectiveDegreeOfParallelism > 1 && left.Size + right.Size >= settings.ParallelThreshold;
        if (!parallel)
        {
            Run<T, TAcc, TOp>(ref left, width, settings);
            Run<T, TAcc, TOp>(ref right, width, settings);
            return;
        }
        var job = new Pair<T, TAcc, TOp> { Left = left, Right = right, Width = width, Settings = settings };
        Parallel.Invoke(new ParallelOptions { MaxDegreeOfParallelism = settings.EffectiveDegreeOfParallelism }, job.RunLeft, job.RunRight);
    }

    private sealed class Pair<T, TAcc, TOp>
        where T : unmanaged where TAcc : unmanaged where TOp : IReduceOp<T, TAcc>
    {
        public IterationPlan Left, Right;
        public int Width;
        public NativeArraysSettings Settings = null!;
        public void RunLeft() => Run<T, TAcc, TOp>(ref Left, Width, Settings);
        public void RunRight() => Run<T, TAcc, TOp>(ref Right, Width, Settings);
    }
}
