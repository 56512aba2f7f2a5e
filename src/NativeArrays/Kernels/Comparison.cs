using System.Runtime.CompilerServices;

namespace NativeArrays.Kernels;

/// <summary>A test of one pair of elements for <see cref="Comparison.All{T, TTest}"/>.</summary>
internal interface IPairTest<T> where T : unmanaged
{
    bool Holds(T a, T b);
}

/// <summary>Equal as <see cref="EqualityComparer{T}.Default"/> says (so NaN equals NaN and 0 equals -0, as <c>ArrayEquals</c> always did).</summary>
internal readonly struct EqualTest<T> : IPairTest<T> where T : unmanaged
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Holds(T a, T b) => EqualityComparer<T>.Default.Equals(a, b);
}

/// <summary>NumPy's <c>isclose</c>: |a - b| ≤ atol + rtol·|b| in double; NaNs match only when <see cref="EqualNaN"/>.</summary>
internal readonly struct CloseTest<T> : IPairTest<T> where T : unmanaged
{
    public readonly double RelativeTolerance, AbsoluteTolerance;
    public readonly bool EqualNaN;

    public CloseTest(double rtol, double atol, bool equalNaN)
    {
        RelativeTolerance = rtol;
        AbsoluteTolerance = atol;
        EqualNaN = equalNaN;
    }

    public bool Holds(T a, T b)
    {
        double x = Layout.ElementConverter.ToDouble(a), y = Layout.ElementConverter.ToDouble(b);
        if (double.IsNaN(x) || double.IsNaN(y)) return EqualNaN && double.IsNaN(x) && double.IsNaN(y);
        return x == y || Math.Abs(x - y) <= AbsoluteTolerance + RelativeTolerance * Math.Abs(y);
    }
}

/// <summary>
/// Whether a test holds for every pair of elements of two operands of one shape, walked in place by the n-d loop
/// (broadcast operands keep their 0 strides: nothing is expanded or copied, any element count works). Stops at the
/// first pair that fails: the row in progress returns at once and later rows return on entry.
/// </summary>
internal static unsafe class Comparison
{
    public static bool All<T, TTest>(ReadOnlySpan<nint> shape, Operand a, Operand b, TTest test)
        where T : unmanaged where TTest : struct, IPairTest<T>
    {
        Unsafe.SkipInit(out IterationPlan plan);
        if (!plan.Begin(shape, 2)) return true;
        plan.SetOperand(0, a.Pointer, a.Strides, sizeof(T));
        plan.SetOperand(1, b.Pointer, b.Strides, sizeof(T));
        plan.Finish();
        int failed = 0;
        NdIterator.Run(ref plan, new AllRow<T, TTest> { Test = test, Failed = &failed }, NativeArraysSettings.Current);
        return Volatile.Read(ref failed) == 0;
    }

    private struct AllRow<T, TTest> : IRowKernel where T : unmanaged where TTest : struct, IPairTest<T>
    {
        public TTest Test;
        public int* Failed;

        public void Row(nint n, byte** p, long* s)
        {
            if (Volatile.Read(ref *Failed) != 0) return;
            byte* x = p[0], y = p[1];
            nint sx = (nint)s[0], sy = (nint)s[1];
            for (nint i = 0; i < n; i++)
            {
                if (Test.Holds(*(T*)(x + i * sx), *(T*)(y + i * sy))) continue;
                Volatile.Write(ref *Failed, 1);
                return;
            }
        }
    }
}
