using System.Numerics;

namespace NativeArrays.Tests.LinearAlgebra;

/// <summary>Operand layouts for the product tests, each a view over its own buffer holding random values.</summary>
internal enum MatrixLayout { C, Transposed, Negative, Step, NegativeTransposed, Broadcast }

/// <summary>Random operands in any layout and a float64 (or exact integer) reference product.</summary>
internal static class LinAlgTestUtil
{
    public static readonly MatrixLayout[] Layouts = Enum.GetValues<MatrixLayout>();

    public static T Value<T>(Random rng) where T : unmanaged, INumber<T> =>
        typeof(T) == typeof(float) || typeof(T) == typeof(double)
            ? T.CreateTruncating(rng.NextDouble() * 2 - 1)
            : T.CreateTruncating(rng.Next(-100, 101));

    public static NDArray<T> Random<T>(Random rng, params nint[] shape) where T : unmanaged, INumber<T>
    {
        nint n = 1;
        foreach (nint d in shape) n *= d;
        var data = new T[n];
        for (int i = 0; i < data.Length; i++) data[i] = Value<T>(rng);
        return NDArray<T>.FromArray(data, shape);
    }

    /// <summary>A rows x cols view with <paramref name="layout"/> (the buffer's owner is disposed; the view keeps it).</summary>
    public static NDArray<T> Matrix<T>(MatrixLayout layout, nint rows, nint cols, Random rng) where T : unmanaged, INumber<T>
    {
        switch (layout)
        {
            case MatrixLayout.C:
                return Random<T>(rng, rows, cols);
            case MatrixLayout.Transposed:
            {
                using var owner = Random<T>(rng, cols, rows);
                return owner.Transpose();
            }
            case MatrixLayout.Negative:
            {
                using var owner = Random<T>(rng, rows, cols);
                return owner.Flip();
            }
            case MatrixLayout.Step:
            {
                using var owner = Random<T>(rng, rows, 2 * cols + 1);
                return owner[.., SliceIndex.Slice(1, null, 2)];
            }
            case MatrixLayout.NegativeTransposed:
            {
                using var owner = Random<T>(rng, cols, rows);
                using var t = owner.Transpose();
                return t.Flip(0);
            }
            default:
            {
                using var owner = Random<T>(rng, 1, cols);
                return owner.BroadcastTo(rows, cols);
            }
        }
    }

    /// <summary>The exact products (integers, wrapping as T does) or float64 ones with Σ|a||b| per element.</summary>
    public static (double[] Value, double[] Magnitude) Reference<T>(T[] a, T[] b, int m, int k, int n) where T : unmanaged, INumber<T>
    {
        var value = new double[m * n];
        var magnitude = new double[m * n];
        bool integer = typeof(T) != typeof(float) && typeof(T) != typeof(double);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                if (integer)
                {
                    T s = T.Zero;
                    for (int p = 0; p < k; p++) s = unchecked(s + a[i * k + p] * b[p * n + j]);
                    value[i * n + j] = double.CreateTruncating(s);
                    continue;
                }
                double v = 0, mag = 0;
                for (int p = 0; p < k; p++)
                {
                    double x = double.CreateTruncating(a[i * k + p]) * double.CreateTruncating(b[p * n + j]);
                    v += x;
                    mag += Math.Abs(x);
                }
                value[i * n + j] = v;
                magnitude[i * n + j] = mag;
            }
        return (value, magnitude);
    }

    /// <summary>
    /// Relative tolerance per dtype, scaled by sqrt(k) and Σ|a||b|. An FMA chain of k steps (in KC blocks) has a
    /// worst-case error of k·u·Σ|a||b| and a typical one of sqrt(k)·u·Σ|a||b| (u = 6e-8 float32, 1.1e-16 float64);
    /// 1e-5·sqrt(k) (float32) and 1e-14·sqrt(k) (float64) sit about 100x above the typical error, yet a dropped or
    /// doubled term (an error of about Σ|a||b|/k) exceeds them by 10x or more for every k up to 257. Integers are exact.
    /// </summary>
    public static double Tolerance<T>() =>
        typeof(T) == typeof(float) ? 1e-5 : typeof(T) == typeof(double) ? 1e-14 : 0;

    /// <summary>Asserts c (m x n) matches a (m x k) · b (k x n), all compared through their C-order element lists.</summary>
    public static void AssertProduct<T>(NDArray<T> a, NDArray<T> b, NDArray<T> c, string context) where T : unmanaged, INumber<T>
    {
        int m = (int)a.Shape[0], k = (int)a.Shape[1], n = (int)b.Shape[1];
        Assert.That(c.Shape.ToArray(), Is.EqualTo(new nint[] { m, n }), context);
        var (value, magnitude) = Reference(a.ToArray(), b.ToArray(), m, k, n);
        AssertClose(c.ToArray(), value, magnitude, k, context);
    }

    public static void AssertClose<T>(T[] actual, double[] value, double[] magnitude, int k, string context) where T : unmanaged, INumber<T>
    {
        double rtol = Tolerance<T>() * Math.Sqrt(Math.Max(k, 1));
        Assert.That(actual.Length, Is.EqualTo(value.Length), context);
        for (int i = 0; i < actual.Length; i++)
        {
            double got = double.CreateTruncating(actual[i]);
            double allowed = rtol * magnitude[i];
            if (!(Math.Abs(got - value[i]) <= allowed))
                Assert.Fail($"{context}: element {i} is {got}, expected {value[i]} (allowed error {allowed:G3}).");
        }
    }

    /// <summary>Runs <c>python -c script dir</c>; fails the test on a non-zero exit (showing stderr) or after 60 s.</summary>
    public static void RunNumPy(string python, string script, string dir)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(python) { RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(dir);
        using var p = System.Diagnostics.Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        Assert.That(p.WaitForExit(60_000), Is.True, "numpy timed out");
        Assert.That(p.ExitCode, Is.EqualTo(0), err);
    }

    public static IDisposable Settings(SimdWidth width = SimdWidth.Auto, int threads = 1, long parallelThreshold = 1 << 20) =>
        NativeArraysSettings.Override(NativeArraysSettings.Current with { SimdWidth = width, MaxDegreeOfParallelism = threads, ParallelThreshold = parallelThreshold });
}
