using System.Numerics;
using System.Runtime.CompilerServices;

namespace NativeArrays.Kernels;

/// <summary>
/// Vectorised 64-bit sums of 8-, 16- and 32-bit integers (NumPy's default <c>sum</c> dtype for them), written against
/// <see cref="ISimdVec{TSelf, T}"/> of <c>ulong</c>: each 64-bit lane holds 8, 4 or 2 elements; signed elements are
/// biased to unsigned (sign bit flipped); the even and odd fields are split off with a mask and a logical shift into
/// fields of twice the width and added there, which cannot overflow within a block (128 vectors for bytes, 32768 for
/// 16-bit, unbounded for 32-bit, whose fields are whole lanes); at the end of each block the fields are folded into a
/// 64-bit total. The bias is taken off at the end. Integer sums are exact modulo 2^64 in any order, so the result is
/// bit-identical to the scalar sum for every SIMD width.
/// </summary>
[SkipLocalsInit]
internal static unsafe class WideningSum
{
    /// <summary>Whether the vector path serves a sum of <typeparamref name="T"/> into <typeparamref name="TAcc"/>.</summary>
    public static bool Applies<T, TAcc>() =>
        (typeof(TAcc) == typeof(long) || typeof(TAcc) == typeof(ulong)) &&
        (typeof(T) == typeof(sbyte) || typeof(T) == typeof(byte) || typeof(T) == typeof(short) || typeof(T) == typeof(ushort) ||
         typeof(T) == typeof(int) || typeof(T) == typeof(uint));

    private static bool Signed<T>() => typeof(T) == typeof(sbyte) || typeof(T) == typeof(short) || typeof(T) == typeof(int);

    /// <summary>The sum of x[0..n) (contiguous) modulo 2^64, sign-extended for signed elements.</summary>
    public static ulong Contiguous<T>(T* x, nint n, int width) where T : unmanaged, INumberBase<T>
    {
        int w = 8 * sizeof(T);
        nint perVector = width / w, vectors = width == 0 ? 0 : n / perVector;
        ulong total = vectors == 0 ? 0 : width switch
        {
            512 => Vectors<Vec512<ulong>>((ulong*)x, vectors, w, Signed<T>()),
            256 => Vectors<Vec256<ulong>>((ulong*)x, vectors, w, Signed<T>()),
            _ => Vectors<Vec128<ulong>>((ulong*)x, vectors, w, Signed<T>()),
        };
        for (nint i = vectors * perVector; i < n; i++) total += ulong.CreateTruncating(x[i]);
        return total;
    }

    private static ulong Vectors<TV>(ulong* p, nint vectors, int w, bool signed) where TV : struct, ISimdVec<TV, ulong>
    {
        // Fields of 2w bits: masks of the even fields; the bias flips every element's sign bit.
        ulong evenMask = w == 8 ? 0x00FF_00FF_00FF_00FFul : w == 16 ? 0x0000_FFFF_0000_FFFFul : 0x0000_0000_FFFF_FFFFul;
        ulong bias = !signed ? 0 : w == 8 ? 0x8080_8080_8080_8080ul : w == 16 ? 0x8000_8000_8000_8000ul : 0x8000_0000_8000_0000ul;
        nint block = w == 8 ? 128 : w == 16 ? 32768 : nint.MaxValue;
        TV mask = TV.Create(evenMask), flip = TV.Create(bias);
        ulong total = 0;
        for (nint start = 0; start < vectors; start += block)
        {
            nint end = start + Math.Min(block, vectors - start);
            TV acc = TV.Zero;
            for (nint v = start; v < end; v++)
            {
                TV u = TV.Xor(TV.Load(p + v * TV.Count), flip);
                acc = TV.Add(acc, TV.Add(TV.And(u, mask), TV.And(TV.ShiftRightLogical(u, w), mask)));
            }
            total += Fields(acc, 2 * w);
        }
        // Every element was counted 2^(w-1) too high when biased.
        if (signed) total -= (ulong)vectors * (ulong)(TV.Count * (64 / w)) << (w - 1);
        return total;
    }

    /// <summary>The sum of the <paramref name="bits"/>-wide fields of every lane.</summary>
    private static ulong Fields<TV>(TV acc, int bits) where TV : struct, ISimdVec<TV, ulong>
    {
        ulong total = 0, fieldMask = bits == 64 ? ulong.MaxValue : (1ul << bits) - 1;
        for (int lane = 0; lane < TV.Count; lane++)
        {
            ulong v = TV.GetElement(acc, lane);
            for (int shift = 0; shift < 64; shift += bits) total += (v >> shift) & fieldMask;
        }
        return total;
    }
}

/// <summary>
/// Sums lines of 8-to-32-bit integers into 64 bits: a contiguous line (element stride ±1) through
/// <see cref="WideningSum.Contiguous{T}"/>, others element by element. Adds every line into <see cref="Total"/>, or
/// writes each line's sum to y when <see cref="WriteEach"/>.
/// </summary>
internal unsafe struct WideningSumLine<T> : ILineKernel where T : unmanaged, INumberBase<T>
{
    public nint N, XStride;
    public int Width;
    public bool WriteEach;
    public ulong Total;

    public void Line(byte* x, byte* y, long lineIndex)
    {
        nint n = N;
        ulong s = 0;
        if (XStride == sizeof(T)) s = WideningSum.Contiguous((T*)x, n, Width);
        else if (XStride == -sizeof(T) && n > 0) s = WideningSum.Contiguous((T*)x - (n - 1), n, Width);
        else for (nint i = 0; i < n; i++) s += ulong.CreateTruncating(*(T*)(x + i * XStride));
        if (WriteEach) *(ulong*)y = s;
        else Total += s;
    }
}
