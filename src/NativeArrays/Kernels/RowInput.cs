using System.Runtime.CompilerServices;

namespace NativeArrays.Kernels;

/// <summary>
/// One input of a row kernel's vector loop, read by whole vectors: contiguous (step 1), a broadcast scalar (step 0,
/// the vector made once), backwards (step −1: a contiguous load, its lanes reversed) or a small constant step 2..<see cref="MaxStep"/>: <c>step</c> contiguous loads folded by
/// <c>step - 1</c> two-source permutes with AVX-512 (the permutation tables made once per vector type), or merged by
/// blends and at most one lane-crossing permute with AVX2 at 256 bits (<see cref="StepLoads"/>). No gather: for 4-byte
/// elements up to step 8 that reads the same cache lines as a gather would, at a fraction of its cost. Other strides have no
/// <see cref="RowInput{T, TV}"/>; their rows go through the lane-by-lane path.
/// </summary>
internal unsafe struct RowInput<T, TV> where T : unmanaged where TV : struct, ISimdVec<TV, T>
{
    /// <summary>Largest step read by contiguous loads and permutes.</summary>
    public const int MaxStep = 8;

    private T* _p;
    // The step's permute tables, shared by every input of this step and vector type (StepTableCache); the zero tables
    // for the steps that need none. A pointer, not a copy: 448 bytes a copy at 512 bits, made by TryCreate, by each
    // by-value pass and by each step loop, were a fifth of a 16-element a[::3] + b[::3] (184 ns against 22 ns contiguous).
    private byte* _t;
    private int _step;

    /// <summary>The input's first element.</summary>
    public readonly T* Pointer => _p;

    /// <summary>The step in elements: 0 (broadcast), 1 (contiguous), −1 (backwards: one contiguous load reversed), 2..<see cref="MaxStep"/>, or −2..−<see cref="MaxStep"/> (with two-source permutes).</summary>
    public readonly int Step => _step;

    /// <summary>The input at <paramref name="row"/> with byte stride <paramref name="byteStride"/>, when it has a vector form.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryCreate(byte* row, nint byteStride, out RowInput<T, TV> input)
    {
        input._p = (T*)row;
        input._t = StepTableCache.Forward; // the zero tables of index 0
        input._step = 0;
        if (byteStride == sizeof(T)) { input._step = 1; return true; }
        if (byteStride == 0) return true;
        if (byteStride == -sizeof(T) && TV.HasReverse) { input._step = -1; return true; }
        if (byteStride < 0 && TV.HasPermute2 && TV.HasReverse && byteStride % sizeof(T) == 0 && byteStride >= -MaxStep * sizeof(T))
        {
            // Backwards on a step 2..MaxStep: the forward fold of the window that ends at the lane-0 element, reversed.
            int back = (int)(-byteStride / sizeof(T));
            input._step = -back;
            input._t = StepTableCache.At(StepTableCache.Backward, back);
            return true;
        }
        if (!(TV.HasPermute2 || TV.HasStepLoad) || byteStride % sizeof(T) != 0 || byteStride < 2 * sizeof(T) || byteStride > MaxStep * sizeof(T)) return false;
        int step = input._step = (int)(byteStride / sizeof(T));
        if (!TV.HasStepLoad) input._t = StepTableCache.At(StepTableCache.Forward, step); // step loads need no tables
        return true;
    }

    /// <summary>
    /// The tables of every step at this vector type, made once, in pinned memory that lives as long as the process
    /// (2 · 9 · 7 vectors: 8 KB at 512 bits): making them per row (16 lanes of index arithmetic per table) cost 50-80 ns
    /// per strided input, a third of a 10^3-element a[::3] + b[::3]. Index 0 (and 1) hold zero tables.
    /// </summary>
    private static class StepTableCache
    {
        /// <summary>Tables of step k at index k (2..<see cref="MaxStep"/>).</summary>
        public static readonly byte* Forward = Make(backward: false);
        /// <summary>Tables of step −k at index k: the fold of elements k − 1, 2k − 1, .. of a window (its lanes then reversed).</summary>
        public static readonly byte* Backward = Make(backward: true);
        // The pinned arrays behind the pointers (kept alive by these fields; the pinned heap never moves them).
        private static byte[]? s_forward, s_backward;

        /// <summary>The tables of index <paramref name="k"/> in <paramref name="all"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static byte* At(byte* all, int k) => all + k * Unsafe.SizeOf<StepTables<TV>>();

        private static byte* Make(bool backward)
        {
            // Over-allocated by one vector's alignment and aligned up, so no table load splits a cache line.
            byte[] bytes = GC.AllocateArray<byte>((MaxStep + 1) * Unsafe.SizeOf<StepTables<TV>>() + 64, pinned: true);
            if (backward) s_backward = bytes; else s_forward = bytes;
            byte* all = (byte*)(((nint)Unsafe.AsPointer(ref bytes[0]) + 63) & ~(nint)63);
            if (!TV.HasPermute2) return all; // zero tables only: no input of this vector type folds by permutes
            for (int step = 2; step <= MaxStep; step++)
            {
                ref StepTables<TV> t = ref Unsafe.AsRef<StepTables<TV>>(At(all, step));
                int offset = backward ? step - 1 : 0;
                t.T1 = Table(step, 1, offset);
                if (step > 2) t.T2 = Table(step, 2, offset);
                if (step > 3) t.T3 = Table(step, 3, offset);
                if (step > 4) t.T4 = Table(step, 4, offset);
                if (step > 5) t.T5 = Table(step, 5, offset);
                if (step > 6) t.T6 = Table(step, 6, offset);
                if (step > 7) t.T7 = Table(step, 7, offset);
            }
            return all;
        }
    }

    /// <summary>
    /// Lanes i .. i + Count - 1. With a step above 1 this reads elements step·i .. step·(i + Count) - 1 (past the last
    /// lane's element): callers stop one vector short of the row's end.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly TV Load(nint i)
    {
        int step = _step;
        if (step == 1) return TV.Load(_p + i);
        if (step == 0) return TV.Create(*_p);
        if (step == -1) return TV.Reverse(TV.Load(_p - i - (TV.Count - 1))); // lanes i .. i + Count - 1 backwards
        if (step < 0)
        {
            // Elements p − k·(i + Count) + 1 .. p − k·i: lane j of the fold (offset k − 1) is lane Count − 1 − j's element.
            // Nothing above the lane-0 element is read; below the last lane's, k − 1 elements (callers stop a vector short).
            nint k = -step;
            return TV.Reverse(Fold(_p - k * (i + TV.Count) + 1, 0, (int)k, in Unsafe.AsRef<StepTables<TV>>(_t)));
        }
        return Fold(_p, i, step, in Unsafe.AsRef<StepTables<TV>>(_t));
    }

    /// <summary>
    /// Lanes i .. i + k − 1 (1 ≤ k ≤ Count) reading no element past lane k − 1's: the row's last vector, which
    /// <see cref="Load"/> cannot read on a step above 1 (it reads step − 1 elements past). The step's contiguous loads,
    /// the last ones masked (nothing past the row is touched; a load wholly past it is not made), folded as Load folds.
    /// Lanes k .. Count − 1 are copies of lane 0's element, as the general path fills them (every element the masked
    /// loads leave out is lane 0's, and those lanes fold only such elements), so an operator that checks whole vectors
    /// (integer division's zero divisors) sees no element outside the view. False (nothing loaded) for a backward step
    /// and where this width has no masked loads or folds by step loads: the general path then takes these lanes, as it
    /// took every row's last vector (a gather for 16 lanes plus a scalar copy through the stack for the rest).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool TryLoadLast(nint i, int k, out TV value)
    {
        int step = _step, c = TV.Count;
        value = default;
        // A partial vector is stored by a masked store: without masked loads (and stores) the general path takes it.
        if (k < c && !TV.HasMaskedLoads) return false;
        if (step == 0) { value = TV.Create(*_p); return true; }
        if (step == 1)
        {
            if (k == c) { value = TV.Load(_p + i); return true; }
            return TV.TryLoadPartial(_p + i, k, TV.Create(_p[i]), out value);
        }
        if (step < 0 || TV.HasStepLoad || !TV.HasPermute2 || !TV.HasMaskedLoads) return false;
        T* q = _p + i * step;
        nint m = (nint)step * (k - 1) + 1; // q[0 .. m − 1] are the row's
        TV fill = TV.Create(*q);
        ref readonly StepTables<TV> t = ref Tables;
        TV v = TV.Permute2(Part(q, m, fill), t.T1, Part(q + c, m - c, fill));
        if (step > 2) v = TV.Permute2(v, t.T2, Part(q + 2 * c, m - 2 * c, fill));
        if (step > 3) v = TV.Permute2(v, t.T3, Part(q + 3 * c, m - 3 * c, fill));
        if (step > 4) v = TV.Permute2(v, t.T4, Part(q + 4 * c, m - 4 * c, fill));
        if (step > 5) v = TV.Permute2(v, t.T5, Part(q + 5 * c, m - 5 * c, fill));
        if (step > 6) v = TV.Permute2(v, t.T6, Part(q + 6 * c, m - 6 * c, fill));
        if (step > 7) v = TV.Permute2(v, t.T7, Part(q + 7 * c, m - 7 * c, fill));
        value = v;
        return true;
    }

    /// <summary>
    /// The vector at <paramref name="q"/> of which the first <paramref name="count"/> elements are the row's: a load, a
    /// masked load with the other lanes from <paramref name="fill"/>, or <paramref name="fill"/> itself when it holds none
    /// (the caller checked <see cref="ISimdVec{TSelf, T}.HasMaskedLoads"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Part(T* q, nint count, TV fill)
    {
        if (count >= TV.Count) return TV.Load(q);
        return count > 0 && TV.TryLoadPartial(q, (int)count, fill, out TV part) ? part : fill;
    }

    /// <summary>
    /// <see cref="Load"/> for a step 2..<see cref="MaxStep"/> known at JIT time, from tables the caller holds in locals
    /// (<see cref="Tables"/>): the loop holds only this step's straight-line code, and the tables stay in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Load<TStep>(T* p, nint i, in StepTables<TV> t) where TStep : struct, IStep => Fold(p, i, TStep.Value, in t);

    /// <summary>
    /// The one permute ladder of a step 2..<see cref="MaxStep"/>: <c>step</c> contiguous loads folded by the tables. With a
    /// constant step (<see cref="Load{TStep}"/>) the JIT drops every rung past it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Fold(T* p, nint i, int step, in StepTables<TV> t)
    {
        int c = TV.Count;
        T* q = p + i * step;
        if (TV.HasStepLoad) return TV.StepLoad(q, step);
        TV v = TV.Permute2(TV.Load(q), t.T1, TV.Load(q + c));
        if (step == 2) return v;
        v = TV.Permute2(v, t.T2, TV.Load(q + 2 * c));
        if (step == 3) return v;
        v = TV.Permute2(v, t.T3, TV.Load(q + 3 * c));
        if (step == 4) return v;
        v = TV.Permute2(v, t.T4, TV.Load(q + 4 * c));
        if (step == 5) return v;
        v = TV.Permute2(v, t.T5, TV.Load(q + 5 * c));
        if (step == 6) return v;
        v = TV.Permute2(v, t.T6, TV.Load(q + 6 * c));
        if (step == 7) return v;
        return TV.Permute2(v, t.T7, TV.Load(q + 7 * c));
    }

    /// <summary>This input's permute tables (a step 2..<see cref="MaxStep"/>; unused tables are zero), shared: copy them to locals.</summary>
    public readonly ref readonly StepTables<TV> Tables => ref Unsafe.AsRef<StepTables<TV>>(_t);

    /// <summary>
    /// The address of <see cref="Tables"/>, for a step loop that holds the input as plain fields (<see cref="TablesAt"/>):
    /// a RowInput copied by value into a loop's frame was reloaded as 16 bytes after 8-byte stores, a failed store
    /// forward per copy.
    /// </summary>
    public readonly byte* TablesAddress => _t;

    /// <summary>The tables at <paramref name="address"/> (a <see cref="TablesAddress"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref readonly StepTables<TV> TablesAt(byte* address) => ref Unsafe.AsRef<StepTables<TV>>(address);

    /// <summary>
    /// Table k of a step: it folds loaded vector k into the lanes whose element step·j + offset lies in it (k = 1 takes
    /// vectors 0 and 1). Lanes whose element lies in a later vector get a wrapped, harmless index and are set by a later table.
    /// </summary>
    private static TV Table(int step, int k, int offset)
    {
        int c = TV.Count;
        Lanes64 buffer = default;
        T* t = (T*)&buffer;
        for (int j = 0; j < c; j++)
        {
            long a = (long)step * j + offset;
            long index = k == 1 ? a : a < (long)k * c ? j : a - (long)(k - 1) * c;
            if (sizeof(T) == 4) ((int*)t)[j] = (int)index;
            else ((long*)t)[j] = index;
        }
        return TV.Load(t);
    }

    /// <summary>64 bytes on the stack: one vector of any width.</summary>
    [InlineArray(8)]
    private struct Lanes64
    {
        private long _element;
    }
}

/// <summary>
/// The permute tables of one step (table k folds loaded vector k in), shared by the strided <see cref="RowInput{T, TV}"/>
/// of that step and copied to locals by a step loop. Plain named fields, set one by one: a constructor taking seven
/// vectors was not inlined into the large row bodies (a call and 448 bytes of copies per row), and with an inline array
/// and a loop over it in Load the JIT kept the running vector in a stack slot across the loop (a 64-byte store and
/// reload per table, a failed store forward), which made step 4 twice as slow as the straight-line step-4 code.
/// </summary>
internal struct StepTables<TV>
{
#pragma warning disable CS1591 // table k
    public TV T1, T2, T3, T4, T5, T6, T7;
#pragma warning restore CS1591
}

/// <summary>A step 2..<see cref="RowInput{T, TV}.MaxStep"/> as a type: a loop generic over it is compiled per step.</summary>
internal interface IStep
{
    /// <summary>The step in elements.</summary>
    static abstract int Value { get; }
}

/// <summary>A row loop compiled per step: <see cref="StepDispatch.Run"/> picks the instantiation for a step known at run time.</summary>
internal interface IStepLoop
{
    /// <summary>Runs the loop from lane <paramref name="i"/>; returns the first lane it left to the caller.</summary>
    nint Run<TStep>(nint i) where TStep : struct, IStep;
}

/// <summary>The one switch from a run-time step to a loop compiled for it.</summary>
internal static class StepDispatch
{
    /// <summary><see cref="IStepLoop.Run"/> for <paramref name="step"/> in 2..<see cref="RowInput{T, TV}.MaxStep"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint Run<TLoop>(int step, ref TLoop loop, nint i) where TLoop : struct, IStepLoop => step switch
    {
        2 => loop.Run<Step2>(i),
        3 => loop.Run<Step3>(i),
        4 => loop.Run<Step4>(i),
        5 => loop.Run<Step5>(i),
        6 => loop.Run<Step6>(i),
        7 => loop.Run<Step7>(i),
        _ => loop.Run<Step8>(i),
    };
}

#pragma warning disable CS1591 // one-line step constants
internal readonly struct Step2 : IStep { public static int Value => 2; }
internal readonly struct Step3 : IStep { public static int Value => 3; }
internal readonly struct Step4 : IStep { public static int Value => 4; }
internal readonly struct Step5 : IStep { public static int Value => 5; }
internal readonly struct Step6 : IStep { public static int Value => 6; }
internal readonly struct Step7 : IStep { public static int Value => 7; }
internal readonly struct Step8 : IStep { public static int Value => 8; }
#pragma warning restore CS1591
