using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace NativeArrays.Kernels;

/// <summary>Moving vectors between strided memory, partial rows and bool masks.</summary>
[SkipLocalsInit]
internal static unsafe class StridedVectors
{
    /// <summary>
    /// Loads lanes i .. i+k-1 of a row with byte stride <paramref name="stride"/>; k &lt; Count fills the spare
    /// lanes with lane 0 (a valid value, so no spurious division by zero or NaN). Gathers through <paramref name="scratch"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Load<T, TV>(byte* row, nint stride, nint i, int k, T* scratch)
        where T : unmanaged where TV : struct, ISimdVec<TV, T>
    {
        if (stride == 0) return TV.Create(*(T*)row);
        if (stride == sizeof(T) && k == TV.Count) return TV.Load((T*)row + i);
        byte* q = row + i * stride;
        if (stride == sizeof(T) && k < TV.Count && TV.TryLoadPartial((T*)q, k, TV.Create(*(T*)q), out TV part)) return part;
        if (k == TV.Count)
        {
            if (stride == 2 * sizeof(T) && TV.TryLoadEven((T*)q, out TV even)) return even;
            if (TV.TryGather((T*)q, stride, out TV gathered)) return gathered;
        }
        for (int j = 0; j < k; j++) scratch[j] = *(T*)(q + j * stride);
        for (int j = k; j < TV.Count; j++) scratch[j] = scratch[0];
        return TV.Load(scratch);
    }

    /// <summary>Loads lanes of a bool row as a lane mask of <typeparamref name="T"/> (all bits set = true).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV LoadMask<T, TV>(byte* row, nint stride, nint i, int k, T* scratch)
        where T : unmanaged where TV : struct, ISimdVec<TV, T>
    {
        T ones = TV.GetElement(TV.AllBitsSet, 0);
        byte* q = row + i * stride;
        for (int j = 0; j < k; j++) scratch[j] = q[j * stride] != 0 ? ones : default;
        for (int j = k; j < TV.Count; j++) scratch[j] = default;
        return TV.Load(scratch);
    }

    /// <summary>Stores lanes 0 .. k-1 to a row of <typeparamref name="TOut"/> (T itself, or bool from a lane mask).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<T, TOut, TV>(TV value, byte* row, nint stride, nint i, int k, T* scratch)
        where T : unmanaged where TOut : unmanaged where TV : struct, ISimdVec<TV, T>
    {
        if (typeof(TOut) == typeof(bool))
        {
            ulong bits = TV.ExtractMostSignificantBits(value);
            byte* b = row + i * stride;
            if (stride == 1) WriteBits(b, bits, k);
            else for (int j = 0; j < k; j++) b[j * stride] = (byte)((bits >> j) & 1);
            return;
        }
        if (stride == sizeof(T))
        {
            if (k == TV.Count) { TV.Store(value, (T*)row + i); return; }
            if (TV.TryStorePartial(value, (T*)row + i, k)) return;
        }
        TV.Store(value, scratch);
        byte* q = row + i * stride;
        for (int j = 0; j < k; j++) *(T*)(q + j * stride) = scratch[j];
    }

    /// <summary>
    /// Stores lanes i .. n − 1 (at most Count, after a <see cref="RowInput{T, TV}.TryLoadLast"/>) to contiguous output:
    /// a whole vector, a bool row's bits, or a masked store (the widths with masked loads have masked stores). Returns n.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint StoreLast<T, TOut, TV>(TV value, TOut* o, nint i, nint n, bool nonTemporal)
        where T : unmanaged where TOut : unmanaged where TV : struct, ISimdVec<TV, T>
    {
        int k = (int)(n - i);
        if (k == TV.Count) StoreContiguous<T, TOut, TV>(value, o + i, nonTemporal && ((nint)(o + i) & (TV.Count * sizeof(T) - 1)) == 0);
        else if (typeof(TOut) == typeof(bool)) WriteBits((byte*)(o + i), TV.ExtractMostSignificantBits(value), k);
        else if (!TV.TryStorePartial(value, (T*)(o + i), k)) throw new InvalidOperationException("A width with masked loads has masked stores.");
        return n;
    }

    /// <summary>
    /// Stores a whole vector to contiguous output; <paramref name="nonTemporal"/> means a non-temporal store, which
    /// the caller asks for only once the destination is aligned to the vector size (see <see cref="AlignmentHead{T}"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreContiguous<T, TOut, TV>(TV value, TOut* destination, bool nonTemporal)
        where T : unmanaged where TOut : unmanaged where TV : struct, ISimdVec<TV, T>
    {
        if (typeof(TOut) == typeof(bool)) { WriteBits((byte*)destination, TV.ExtractMostSignificantBits(value), TV.Count); return; }
        if (nonTemporal) TV.StoreAlignedNonTemporal(value, (T*)destination);
        else TV.Store(value, (T*)destination);
    }

    /// <summary>Whether contiguous stores from <paramref name="destination"/> on may be non-temporal (asked for and aligned).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool NonTemporalFrom<T, TV>(bool requested, void* destination)
        where T : unmanaged where TV : struct, ISimdVec<TV, T>
        => requested && ((nuint)destination & (nuint)(TV.Count * sizeof(T) - 1)) == 0;

    /// <summary>Writes bits 0 .. k-1 as k bytes of 0/1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteBits(byte* destination, ulong bits, int k)
    {
        int j = 0;
        if (Bmi2.X64.IsSupported)
        {
            for (; j + 8 <= k; j += 8)
                *(ulong*)(destination + j) = Bmi2.X64.ParallelBitDeposit((bits >> j) & 0xFF, 0x0101010101010101UL);
        }
        for (; j < k; j++) destination[j] = (byte)((bits >> j) & 1);
    }

    /// <summary>Elements to peel so that <paramref name="destination"/> becomes aligned for non-temporal stores.</summary>
    public static nint AlignmentHead<T>(void* destination, int vectorBytes) where T : unmanaged
    {
        nint mis = (nint)((nuint)destination & (nuint)(vectorBytes - 1));
        if (mis == 0 || mis % sizeof(T) != 0) return 0;
        return (vectorBytes - mis) / sizeof(T);
    }

    /// <summary>Folds the lanes of a vector accumulator left to right with a reduction's scalar step.</summary>
    public static T Fold<T, TV, TOp>(TV value)
        where T : unmanaged where TV : struct, ISimdVec<TV, T> where TOp : IReduceOp<T, T>
    {
        T r = TV.GetElement(value, 0);
        for (int j = 1; j < TV.Count; j++) r = TOp.Invoke(r, TV.GetElement(value, j));
        return r;
    }
}
