using System.Numerics;
using System.Runtime.CompilerServices;

namespace NativeArrays.Kernels;

/// <summary>
/// x with the sign of y (NumPy <c>copysign</c>): the magnitude bits of x and the sign bit of y, so -0.0 and the sign
/// of NaN count. The vector form is the same two masks: (x &amp; ~sign) | (y &amp; sign), exact.
/// </summary>
internal readonly struct CopySignOp<T> : IBinaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T x, T y) => T.CopySign(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Invoke<TV>(TV x, TV y) where TV : struct, ISimdVec<TV, T>
    {
        TV sign = TV.Create(T.NegativeZero); // only the sign bit set
        return TV.Or(TV.AndNot(x, sign), TV.And(y, sign));
    }
}
