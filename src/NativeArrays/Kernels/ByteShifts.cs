using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NativeArrays.Kernels;

/// <summary>
/// Byte lanes shifted by per-lane counts (masked to 3 bits, as C#) without AVX-512BW: three stages shifting by 4, 2
/// and 1, each applied where the matching count bit is set. <c>vpblendvb</c> selects on each byte's sign bit, so the
/// counts are shifted until the stage's bit sits there (a 16-bit shift by 5, then a byte add per stage); the stages
/// shift 16-bit lanes and mask off the bits that crossed from the neighbouring byte. The arithmetic right shift of
/// sbyte is the logical shift of <c>x ^ 0x80</c> minus <c>0x80 &gt;&gt; n</c> (a byte table lookup). x86 AVX2 at 256
/// bits and SSE4.1 at 128 bits (<see cref="SimdTypes.HasByteShift"/> says when they apply); integer operations only,
/// so the same bits at every width.
/// </summary>
internal static class ByteShifts
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> Left(Vector256<byte> x, Vector256<byte> n)
    {
        Vector256<byte> m = Avx2.ShiftLeftLogical(n.AsUInt16(), 5).AsByte();
        x = Avx2.BlendVariable(x, Avx2.ShiftLeftLogical(x.AsUInt16(), 4).AsByte() & Vector256.Create((byte)0xF0), m);
        m = Avx2.Add(m, m);
        x = Avx2.BlendVariable(x, Avx2.ShiftLeftLogical(x.AsUInt16(), 2).AsByte() & Vector256.Create((byte)0xFC), m);
        m = Avx2.Add(m, m);
        return Avx2.BlendVariable(x, Avx2.Add(x, x), m);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> Right(Vector256<byte> x, Vector256<byte> n, bool arithmetic)
    {
        if (arithmetic) x ^= Vector256.Create((byte)0x80);
        Vector256<byte> m = Avx2.ShiftLeftLogical(n.AsUInt16(), 5).AsByte();
        x = Avx2.BlendVariable(x, Avx2.ShiftRightLogical(x.AsUInt16(), 4).AsByte() & Vector256.Create((byte)0x0F), m);
        m = Avx2.Add(m, m);
        x = Avx2.BlendVariable(x, Avx2.ShiftRightLogical(x.AsUInt16(), 2).AsByte() & Vector256.Create((byte)0x3F), m);
        m = Avx2.Add(m, m);
        x = Avx2.BlendVariable(x, Avx2.ShiftRightLogical(x.AsUInt16(), 1).AsByte() & Vector256.Create((byte)0x7F), m);
        if (!arithmetic) return x;
        Vector256<byte> bias = Avx2.Shuffle(Vector256.Create((byte)0x80, 0x40, 0x20, 0x10, 8, 4, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0,
            0x80, 0x40, 0x20, 0x10, 8, 4, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0), n & Vector256.Create((byte)7));
        return Avx2.Subtract(x, bias);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Left(Vector128<byte> x, Vector128<byte> n)
    {
        Vector128<byte> m = Sse2.ShiftLeftLogical(n.AsUInt16(), 5).AsByte();
        x = Sse41.BlendVariable(x, Sse2.ShiftLeftLogical(x.AsUInt16(), 4).AsByte() & Vector128.Create((byte)0xF0), m);
        m = Sse2.Add(m, m);
        x = Sse41.BlendVariable(x, Sse2.ShiftLeftLogical(x.AsUInt16(), 2).AsByte() & Vector128.Create((byte)0xFC), m);
        m = Sse2.Add(m, m);
        return Sse41.BlendVariable(x, Sse2.Add(x, x), m);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Right(Vector128<byte> x, Vector128<byte> n, bool arithmetic)
    {
        if (arithmetic) x ^= Vector128.Create((byte)0x80);
        Vector128<byte> m = Sse2.ShiftLeftLogical(n.AsUInt16(), 5).AsByte();
        x = Sse41.BlendVariable(x, Sse2.ShiftRightLogical(x.AsUInt16(), 4).AsByte() & Vector128.Create((byte)0x0F), m);
        m = Sse2.Add(m, m);
        x = Sse41.BlendVariable(x, Sse2.ShiftRightLogical(x.AsUInt16(), 2).AsByte() & Vector128.Create((byte)0x3F), m);
        m = Sse2.Add(m, m);
        x = Sse41.BlendVariable(x, Sse2.ShiftRightLogical(x.AsUInt16(), 1).AsByte() & Vector128.Create((byte)0x7F), m);
        if (!arithmetic) return x;
        Vector128<byte> bias = Ssse3.Shuffle(Vector128.Create((byte)0x80, 0x40, 0x20, 0x10, 8, 4, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0),
            n & Vector128.Create((byte)7));
        return Sse2.Subtract(x, bias);
    }

    /// <summary>512 bits without AVX-512BW: the two 256-bit halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> Left(Vector512<byte> x, Vector512<byte> n)
        => Vector512.Create(Left(x.GetLower(), n.GetLower()), Left(x.GetUpper(), n.GetUpper()));

    /// <summary>512 bits without AVX-512BW: the two 256-bit halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> Right(Vector512<byte> x, Vector512<byte> n, bool arithmetic)
        => Vector512.Create(Right(x.GetLower(), n.GetLower(), arithmetic), Right(x.GetUpper(), n.GetUpper(), arithmetic));
}
