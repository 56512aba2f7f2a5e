using System.Runtime.CompilerServices;

namespace NativeArrays.Kernels;

/// <summary>
/// One input of a row kernel's vector loop, read by whole vectors: contiguous (step 1), a broadcast scalar (step 0,
/// the vector made once) or a small constant step 2..4 (contiguous loads folded by permutes, tables made once).
/// Other strides have no <see cref="RowInput{T, TV}"/>; their rows go through the lane-by-lane path.
/// </summary>
internal unsafe struct RowInput<T, TV> where T : unmanaged where TV : struct, ISimdVec<TV, T>
{
    private T* _p;
    private int _step;
    private TV _first, _second, _third;

    /// <summary>The input at <paramref name="row"/> with byte stride <paramref name="byteStride"/>, when it has a vector form.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryCreate(byte* row, nint byteStride, out RowInput<T, TV> input)
    {
        input = default;
        input._p = (T*)row;
        if (byteStride == sizeof(T)) { input._step = 1; return true; }
        if (byteStride == 0) { input._first = TV.Create(*(T*)row); return true; }
        if (byteStride % sizeof(T) != 0 || byteStride < 2 * sizeof(T) || byteStride > 4 * sizeof(T)) return false;
        input._step = (int)(byteStride / sizeof(T));
        return TV.TryStridedTables(input._step, out input._first, out input._second, out input._third);
    }

    /// <summary>Lanes i .. i + Count - 1. With a step above 1 this reads up to element step·(i + Count) - 1: callers stop one vector short of the row's end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly TV Load(nint i) =>
        _step == 1 ? TV.Load(_p + i) : _step == 0 ? _first : TV.LoadStrided(_p + i * _step, _step, _first, _second, _third);
}
