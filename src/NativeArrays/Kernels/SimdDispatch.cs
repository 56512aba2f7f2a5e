using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NativeArrays.Kernels;

/// <summary>
/// A computation written once over the vector abstraction (a generic method of the implementing struct): the width
/// switch calls the entry of the chosen width, each a one-line forward to that method at <c>Vec512/256/128&lt;T&gt;</c>,
/// or <see cref="Scalar"/>. Non-generic entries, so the call is a direct (inlinable) constrained call on the struct,
/// not a generic virtual method resolved at run time. Implement it as a (ref) struct holding the call's state.
/// </summary>
internal interface IWidthBody<T> where T : unmanaged
{
    void Vector512();
    void Vector256();
    void Vector128();
    void Scalar();
}

/// <summary>Picks the vector width for a kernel call from the settings cap and what the hardware accelerates; the one width switch.</summary>
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

    /// <summary>The width switch, written once: runs <paramref name="body"/> at <paramref name="width"/> (512, 256, 128; else scalar).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run<T, TBody>(int width, ref TBody body) where T : unmanaged where TBody : struct, IWidthBody<T>, allows ref struct
    {
        switch (width)
        {
            case 512: body.Vector512(); break;
            case 256: body.Vector256(); break;
            case 128: body.Vector128(); break;
            default: body.Scalar(); break;
        }
    }
}
