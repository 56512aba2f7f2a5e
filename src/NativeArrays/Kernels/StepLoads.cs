using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NativeArrays.Kernels;

/// <summary>
/// AVX2 loads of every <c>step</c>-th element (step 2..8) at 256 bits from <c>step</c> contiguous vectors (elements
/// q[0 .. step·Count − 1]), with the fewest lane-crossing permutes (one port on AVX2 machines, the bottleneck of the
/// two-permutes-and-a-blend <see cref="Vec256{T}.Permute2"/>). For an odd step, element step·j sits at position
/// (step·j) mod Count of its vector, a permutation of the positions: the loaded vectors are merged by constant blends and
/// put in order by one permute (none for 8-byte lanes at step 5). Even steps use in-lane shuffles or unpacks and one
/// cross-lane step; step 6 of 4-byte lanes is step 3 of three step-2 vectors. The masks and orders are the ones
/// <c>StridedStepTests</c> checks element by element for every step; only data movement, so the same bits as any load.
/// </summary>
internal static unsafe class StepLoads
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> L(float* q, int k) => Avx.LoadVector256(q + 8 * k);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> L(double* q, int k) => Avx.LoadVector256(q + 4 * k);

    /// <summary>Elements 0, step, .., 7·step of 4-byte lanes (bits carried as float).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(float* q, int step)
    {
        switch (step)
        {
            case 2:
                return Even2(L(q, 0), L(q, 1));
            case 3:
                return Avx2.PermuteVar8x32(Avx.Blend(Avx.Blend(L(q, 0), L(q, 1), 0x92), L(q, 2), 0x24), Vector256.Create(0, 3, 6, 1, 4, 7, 2, 5));
            case 4:
            {
                // Per 128-bit lane: element 0 of each vector ([v0 v1 v2 v3] low lanes, then their high lanes), then in order.
                Vector256<float> t01 = Avx.UnpackLow(L(q, 0), L(q, 1)), t23 = Avx.UnpackLow(L(q, 2), L(q, 3));
                Vector256<float> u = Avx.UnpackLow(t01.AsDouble(), t23.AsDouble()).AsSingle();
                return Avx2.PermuteVar8x32(u, Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7));
            }
            case 5:
            {
                Vector256<float> b = Avx.Blend(Avx.Blend(L(q, 0), L(q, 1), 0x84), L(q, 2), 0x10);
                b = Avx.Blend(Avx.Blend(b, L(q, 3), 0x42), L(q, 4), 0x08);
                return Avx2.PermuteVar8x32(b, Vector256.Create(0, 5, 2, 7, 4, 1, 6, 3));
            }
            case 6:
            {
                Vector256<float> w0 = Even2(L(q, 0), L(q, 1)), w1 = Even2(L(q, 2), L(q, 3)), w2 = Even2(L(q, 4), L(q, 5));
                return Avx2.PermuteVar8x32(Avx.Blend(Avx.Blend(w0, w1, 0x92), w2, 0x24), Vector256.Create(0, 3, 6, 1, 4, 7, 2, 5));
            }
            case 7:
            {
                Vector256<float> b = Avx.Blend(Avx.Blend(L(q, 0), L(q, 1), 0x40), L(q, 2), 0x20);
                b = Avx.Blend(Avx.Blend(b, L(q, 3), 0x10), L(q, 4), 0x08);
                b = Avx.Blend(Avx.Blend(b, L(q, 5), 0x04), L(q, 6), 0x02);
                return Avx2.PermuteVar8x32(b, Vector256.Create(0, 7, 6, 5, 4, 3, 2, 1));
            }
            default:
            {
                // Step 8: element 0 of each vector; the low 128-bit lanes hold them after two rounds of unpacks.
                Vector256<float> t01 = Avx.UnpackLow(L(q, 0), L(q, 1)), t23 = Avx.UnpackLow(L(q, 2), L(q, 3));
                Vector256<float> t45 = Avx.UnpackLow(L(q, 4), L(q, 5)), t67 = Avx.UnpackLow(L(q, 6), L(q, 7));
                Vector256<double> u0 = Avx.UnpackLow(t01.AsDouble(), t23.AsDouble()), u1 = Avx.UnpackLow(t45.AsDouble(), t67.AsDouble());
                return Avx.Permute2x128(u0, u1, 0x20).AsSingle();
            }
        }
    }

    /// <summary>Elements 0, step, 2·step, 3·step of 8-byte lanes (bits carried as double).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load(double* q, int step)
    {
        switch (step)
        {
            case 2:
                return Avx2.Permute4x64(Avx.UnpackLow(L(q, 0), L(q, 1)), 0xD8);
            case 3:
                return Avx2.Permute4x64(Avx.Blend(Avx.Blend(L(q, 0), L(q, 1), 0x4), L(q, 2), 0x2), 0x6C);
            case 4:
                return Avx.Permute2x128(Avx.UnpackLow(L(q, 0), L(q, 1)), Avx.UnpackLow(L(q, 2), L(q, 3)), 0x20);
            case 5:
                return Avx.Blend(Avx.Blend(Avx.Blend(L(q, 0), L(q, 1), 0x2), L(q, 2), 0x4), L(q, 3), 0x8);
            case 6:
            {
                // Elements 0, 6 | 12, 18 sit at positions 0 and 2 of vectors 0, 1 | 3, 4.
                Vector256<double> b0 = Avx.Blend(L(q, 0), L(q, 1), 0x4), b1 = Avx.Blend(L(q, 3), L(q, 4), 0x4);
                return Avx2.Permute4x64(Avx.UnpackLow(b0, b1), 0xD8);
            }
            case 7:
                return Avx2.Permute4x64(Avx.Blend(Avx.Blend(Avx.Blend(L(q, 0), L(q, 1), 0x8), L(q, 3), 0x4), L(q, 5), 0x2), 0x6C);
            default:
                return Avx.Permute2x128(Avx.UnpackLow(L(q, 0), L(q, 2)), Avx.UnpackLow(L(q, 4), L(q, 6)), 0x20);
        }
    }

    /// <summary>Even elements of a:b (4-byte lanes): an in-lane shuffle, then the 64-bit quarters in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Even2(Vector256<float> a, Vector256<float> b)
        => Avx2.Permute4x64(Avx.Shuffle(a, b, 0b10_00_10_00).AsDouble(), 0xD8).AsSingle();
}
