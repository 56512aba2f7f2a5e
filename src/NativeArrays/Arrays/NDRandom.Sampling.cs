using System.Numerics;
using NativeArrays.Kernels;
using NativeArrays.Layout;
using NativeArrays.Memory;

namespace NativeArrays;

// Integers, choice, shuffle and permutation. One generator, consumed in a fixed order on the calling thread: a seed
// gives the same results on every run and whatever the thread settings.
public sealed partial class NDRandom
{
    /// <summary>
    /// Uniform integers in [<paramref name="low"/>, <paramref name="high"/>) without bias (NumPy's <c>Generator.integers</c>).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="high"/> is not above <paramref name="low"/>, or the bounds do not fit a long.</exception>
    public unsafe NDArray<T> Integers<T>(T low, T high, params ReadOnlySpan<nint> shape) where T : unmanaged, IBinaryInteger<T>
    {
        if (!(high > low)) throw new ArgumentException($"Integers needs high > low, got low {low} and high {high}.");
        long lo, hi;
        try { lo = long.CreateChecked(low); hi = long.CreateChecked(high); }
        catch (OverflowException) { throw new ArgumentException($"Integers supports bounds within the range of long; got {low} and {high}."); }
        var a = NDArray<T>.Empty(shape);
        using var pin = a.Pin();
        for (nint i = 0; i < a.Size; i++) pin.Pointer[i] = T.CreateTruncating(_random.NextInt64(lo, hi));
        return a;
    }

    /// <summary>
    /// <paramref name="size"/> indices drawn from 0..<paramref name="n"/>-1 (NumPy's <c>choice(n, size, replace, p)</c>):
    /// with replacement, or all distinct; with optional probabilities <paramref name="p"/> (non-negative, summing to 1).
    /// </summary>
    /// <exception cref="ArgumentException">Bad probabilities (wrong length, negative, not summing to 1), or more distinct draws than candidates with non-zero probability.</exception>
    public unsafe NDArray<long> Choice(nint n, nint size, bool replace = true, ReadOnlySpan<double> p = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (!p.IsEmpty)
        {
            if (p.Length != n) throw new ArgumentException($"Choice: {p.Length} probabilities for {n} candidates.", nameof(p));
            double sum = 0;
            foreach (double w in p)
            {
                if (!(w >= 0) || double.IsInfinity(w)) throw new ArgumentException($"Choice: probabilities must be finite and non-negative; got {w}.", nameof(p));
                sum += w;
            }
            if (Math.Abs(sum - 1) > 1e-8) throw new ArgumentException($"Choice: probabilities sum to {sum}, not 1.", nameof(p));
        }
        if (size > 0 && n == 0) throw new ArgumentException("Choice: cannot draw from 0 candidates.", nameof(n));
        if (!replace)
        {
            nint possible = n;
            if (!p.IsEmpty) { possible = 0; foreach (double w in p) if (w > 0) possible++; }
            if (size > possible) throw new ArgumentException($"Choice: cannot draw {size} distinct values from {possible} candidates{(p.IsEmpty ? "" : " with non-zero probability")}.", nameof(size));
        }
        var result = NDArray<long>.Empty(size);
        using var pin = result.Pin();
        long* o = pin.Pointer;
        if (replace && p.IsEmpty)
            for (nint i = 0; i < size; i++) o[i] = _random.NextInt64(n);
        else if (replace)
        {
            var cumulative = new double[n];
            double acc = 0;
            for (int i = 0; i < n; i++) cumulative[i] = acc += p[i];
            for (nint i = 0; i < size; i++)
            {
                double u = _random.NextDouble() * acc;
                int k = Array.BinarySearch(cumulative, u);
                k = k < 0 ? ~k : k + 1;
                while (k < n - 1 && p[k] == 0) k++; // never a zero-probability candidate
                o[i] = Math.Min(k, (int)n - 1);
            }
        }
        else if (p.IsEmpty)
        {
            // Partial Fisher-Yates: the first `size` slots of a shuffled 0..n-1.
            var pool = new long[n];
            for (int i = 0; i < n; i++) pool[i] = i;
            for (nint i = 0; i < size; i++)
            {
                long j = _random.NextInt64(i, n);
                (pool[i], pool[j]) = (pool[j], pool[i]);
                o[i] = pool[i];
            }
        }
        else
        {
            // Weighted sampling without replacement (successive draws): the largest keys log(u)/w (Efraimidis-Spirakis).
            var keys = new double[n];
            var index = new long[n];
            for (int i = 0; i < n; i++)
            {
                index[i] = i;
                keys[i] = p[i] > 0 ? Math.Log(1 - _random.NextDouble()) / p[i] : double.NegativeInfinity;
            }
            Array.Sort(keys, index);
            for (nint i = 0; i < size; i++) o[i] = index[n - 1 - i];
        }
        return result;
    }

    /// <summary>
    /// <paramref name="size"/> elements drawn from the 1-d <paramref name="array"/> (NumPy's <c>choice(a, size, replace, p)</c>).
    /// A new array, counted as <c>Choice</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The array is not 1-d, or bad probabilities (see <see cref="Choice(nint, nint, bool, ReadOnlySpan{double})"/>).</exception>
    public NDArray<T> Choice<T>(NDArray<T> array, nint size, bool replace = true, ReadOnlySpan<double> p = default) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        array.ThrowIfDisposed();
        if (array.Rank != 1) throw new ArgumentException($"Choice needs a 1-d array; got shape {NDLayout.ShapeText(array.Shape)}.", nameof(array));
        using var picks = Choice(array.Shape[0], size, replace, p);
        var result = array.Take(picks.ToArrayUncounted().Select(i => (nint)i).ToArray(), 0);
        AllocationTracker.CountCopy("Choice");
        return result;
    }

    /// <summary>Shuffles <paramref name="array"/> in place along axis 0 (NumPy's <c>shuffle</c>): sub-arrays keep their contents.</summary>
    /// <exception cref="ArgumentException">The array is 0-d.</exception>
    /// <exception cref="InvalidOperationException">The array is read-only.</exception>
    public unsafe void Shuffle<T>(NDArray<T> array) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        array.ThrowIfReadOnly();
        if (array.Rank == 0) throw new ArgumentException("Shuffle needs at least one dimension; the array is 0-d.", nameof(array));
        nint n = array.Shape[0];
        ReadOnlySpan<nint> rowShape = array.Shape[1..], rowStrides = array.Strides[1..];
        nint rowSize = 1;
        foreach (nint s in rowShape) rowSize *= s;
        var temp = new T[Math.Max(rowSize, 1)];
        Span<nint> contiguous = stackalloc nint[rowShape.Length];
        NDLayout.ContiguousStrides(rowShape, contiguous);
        using var pin = array.Pin();
        nint stride0 = array.Strides[0];
        fixed (T* t = temp)
            for (nint i = n - 1; i > 0; i--)
            {
                nint j = (nint)_random.NextInt64(i + 1);
                if (j == i || rowSize == 0) continue;
                T* ri = pin.Pointer + i * stride0, rj = pin.Pointer + j * stride0;
                NdIterator.CopyOrdered(ri, rowStrides, t, contiguous, rowShape);
                NdIterator.CopyOrdered(rj, rowStrides, ri, rowStrides, rowShape);
                NdIterator.CopyOrdered(t, contiguous, rj, rowStrides, rowShape);
            }
    }

    /// <summary>A random permutation of 0..<paramref name="n"/>-1 (NumPy's <c>permutation(n)</c>).</summary>
    public NDArray<long> Permutation(nint n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var a = NDArray.Arange((long)n);
        Shuffle(a);
        return a;
    }

    /// <summary>A shuffled copy of <paramref name="array"/> along axis 0 (NumPy's <c>permutation(a)</c>). Counted as <c>Permutation</c>.</summary>
    public NDArray<T> Permutation<T>(NDArray<T> array) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        var copy = array.CopyCore(fortranOrder: false, "Permutation");
        try { Shuffle(copy); }
        catch { copy.Dispose(); throw; }
        return copy;
    }
}
