using System.Runtime.CompilerServices;

namespace NativeArrays.Kernels;

/// <summary>
/// One input of a row kernel's vector loop, read by whole vectors: contiguous (step 1), a broadcast scalar (step 0,
/// the vector made once) or a small constant step 2..<see cref="MaxStep"/>: <c>step</c> contiguous loads folded by
/// <c>step - 1</c> two-source permutes (no gather: for 4-byte elements up to step 8 that reads the same cache lines as a
/// gather would, at a fraction of its cost), with the permutation tables made once per row. Other strides have no
/// <see cref="RowInput{T, TV}"/>; their rows go through the lane-by-lane path.
/// </summary>
internal unsafe struct RowInput<T, TV> where T : unmanaged where TV : struct, ISimdVec<TV, T>
{
    /// <summary>Largest step read by contiguous loads and permutes.</summary>
    public const int MaxStep = 8;

    private T* _p;
    private int _step;
    // Table k folds loaded vector k in (_t1 is also the broadcast vector of step 0). Separate fields, no inline array and
    // no loop over them in Load: with a loop the JIT kept the running vector in a stack slot across it (a 64-byte store
    // and reload per table, a failed store forward), which made step 4 twice as slow as the straight-line step-4 code.
    private TV _t1, _t2, _t3, _t4, _t5, _t6, _t7;

    /// <summary>The input at <paramref name="row"/> with byte stride <paramref name="byteStride"/>, when it has a vector form.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryCreate(byte* row, nint byteStride, out RowInput<T, TV> input)
    {
        input = default;
        input._p = (T*)row;
        if (byteStride == sizeof(T)) { input._step = 1; return true; }
        if (byteStride == 0) { input._t1 = TV.Create(*(T*)row); return true; }
        if (!TV.HasPermute2 || byteStride % sizeof(T) != 0 || byteStride < 2 * sizeof(T) || byteStride > MaxStep * sizeof(T)) return false;
        int step = input._step = (int)(byteStride / sizeof(T));
        input._t1 = Table(step, 1);
        if (step > 2) input._t2 = Table(step, 2);
        if (step > 3) input._t3 = Table(step, 3);
        if (step > 4) input._t4 = Table(step, 4);
        if (step > 5) input._t5 = Table(step, 5);
        if (step > 6) input._t6 = Table(step, 6);
        if (step > 7) input._t7 = Table(step, 7);
        return true;
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
        if (step == 0) return _t1;
        int c = TV.Count;
        T* q = _p + i * step;
        TV t = TV.Permute2(TV.Load(q), _t1, TV.Load(q + c));
        if (step == 2) return t;
        t = TV.Permute2(t, _t2, TV.Load(q + 2 * c));
        if (step == 3) return t;
        t = TV.Permute2(t, _t3, TV.Load(q + 3 * c));
        if (step == 4) return t;
        t = TV.Permute2(t, _t4, TV.Load(q + 4 * c));
        if (step == 5) return t;
        t = TV.Permute2(t, _t5, TV.Load(q + 5 * c));
        if (step == 6) return t;
        t = TV.Permute2(t, _t6, TV.Load(q + 6 * c));
        if (step == 7) return t;
        return TV.Permute2(t, _t7, TV.Load(q + 7 * c));
    }

    /// <summary>
    /// Table k of a step: it folds loaded vector k into the lanes whose element step·j lies in it (k = 1 takes vectors
    /// 0 and 1). Lanes whose element lies in a later vector get a wrapped, harmless index and are set by a later table.
    /// </summary>
    private static TV Table(int step, int k)
    {
        int c = TV.Count;
        Lanes64 buffer = default;
        T* t = (T*)&buffer;
        for (int j = 0; j < c; j++)
        {
            long a = (long)step * j;
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
