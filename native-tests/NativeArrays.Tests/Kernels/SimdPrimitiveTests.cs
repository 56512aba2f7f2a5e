using System.Numerics;
using NativeArrays.Kernels;

namespace NativeArrays.Tests.Kernels;

/// <summary>
/// Vector primitives whose x86 form is a single instruction with its own NaN rules, against a scalar reference at
/// every width: <c>EitherNaN</c> (an unordered compare) on random lanes with NaN in either, both or neither operand.
/// </summary>
[TestFixtureSource(typeof(ElementTypes), nameof(ElementTypes.Numeric))]
public unsafe class SimdPrimitiveTests<T> where T : unmanaged, INumber<T>
{
    [Test]
    public void EitherNaNMarksTheLanesWhereAnOperandIsNaN()
    {
        Check<Vec128<T>>();
        Check<Vec256<T>>();
        Check<Vec512<T>>();
    }

    private static void Check<TV>() where TV : struct, ISimdVec<TV, T>
    {
        var random = new Random(5);
        bool isFloat = typeof(T) == typeof(float) || typeof(T) == typeof(double) || typeof(T) == typeof(Half);
        T* l = stackalloc T[TV.Count], r = stackalloc T[TV.Count], m = stackalloc T[TV.Count];
        for (int round = 0; round < 200; round++)
        {
            for (int k = 0; k < TV.Count; k++)
            {
                l[k] = isFloat && random.Next(3) == 0 ? T.CreateTruncating(double.NaN) : T.CreateTruncating(random.Next(-50, 50));
                r[k] = isFloat && random.Next(3) == 0 ? T.CreateTruncating(double.NaN) : T.CreateTruncating(random.Next(-50, 50));
            }
            TV.Store(TV.EitherNaN(TV.Load(l), TV.Load(r)), m);
            ulong bits = TV.ExtractMostSignificantBits(TV.EitherNaN(TV.Load(l), TV.Load(r)));
            for (int k = 0; k < TV.Count; k++)
            {
                bool want = T.IsNaN(l[k]) || T.IsNaN(r[k]);
                Assert.That((bits >> k & 1) != 0, Is.EqualTo(want), $"{typeof(TV).Name} lane {k}: {l[k]}, {r[k]}");
                if (!want) Assert.That(m[k], Is.EqualTo(T.Zero), $"{typeof(TV).Name} lane {k}: an unmarked lane is zero");
            }
        }
    }
}
