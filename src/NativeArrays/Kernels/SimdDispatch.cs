using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NativeArrays.Kernels;

/// <summary>Picks the vector width for a kernel call from the settings cap and what the hardware accelerates.</summary>
internal static class SimdDispatch
{
    /// <summary>512, 256, 128, or 0 for the scalar path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Width<T>(SimdWidth cap) where T : unmanaged
    {
        if (!SimdTypes.IsVectorElement<T>() || cap == SimdWidth.Scalar) return 0;
        int bits = cap switch { SimdWidth.W128 => 128, SimdWidth.W256 => 256, _ => 512 };
        if (bits >= 512 && Vector512.IsHardwareAccelerated) return 512;
        if (bits >= 256 && Vector256.IsHardwareAccelerated) return 256;
        if (Vector128.IsHardwareAccelerated) return 128;
        return 0;
    }
}
