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
    private TV _first, _second, _third;
    private LaterTables _later;

    /// <summary>The input at <paramref name="row"/> with byte stride <paramref name="byteStride"/>, when it has a vector form.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryCreate(byte* row, nint byteStride, out RowInput<T, TV> input)
    {
        input = default;
        input._p = (T*)row;
        if (byteStride == sizeof(T)) { input._step = 1; return true; }
        if (byteStride == 0) { input._first = TV.Create(*(T*)row); return true; }
        if (!TV.HasPermute2 || byteStride % sizeof(T) != 0 || byteStride < 2 * sizeof(T) || byteStride > MaxStep * sizeof(T)) return false;
        int step = input._step = (int)(byteStride / sizeof(T));
        input._first = Table(step, 1);
        input._second = Table(step, 2);
        input._third = Table(step, 3);
        for (int k = 4; k < step; k++) input._later[k - 4] = Table(step, k);
        return true;
    }

    /// <summary>
    /// Lanes i .. i + Count - 1. With a step above 1 this reads elements step·i .. step·(i + Count) - 1 (past the last
    /// lane's element): callers stop one vector short of the row's end.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly TV Load(nint i)
    {
        if (_step == 1) return TV.Load(_p + i);
        if (_step == 0) return _first;
        int c = TV.Count;
        T* q = _p + i * _step;
        TV t = TV.Permute2(TV.Load(q), _first, TV.Load(q + c));
        if (_step > 2) t = TV.Permute2(t, _second, TV.Load(q + 2 * c));
        if (_step > 3) t = TV.Permute2(t, _third, TV.Load(q + 3 * c));
        for (int k = 4; k < _step; k++) t = TV.Permute2(t, _later[k - 4], TV.Load(q + k * c));
        return t;
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

    /// <summary>Tables 4 .. MaxStep - 1 (steps above 4).</summary>
    [InlineArray(MaxStep - 4)]
    private struct LaterTables
    {
        private TV _element;
    }

    /// <summary>64 bytes on the stack: one vector of any width.</summary>
    [InlineArray(8)]
    private struct Lanes64
    {
        private long _element;
    }
}
