using System.Numerics;
using NativeArrays.Kernels;
using NativeArrays.Layout;
using NativeArrays.Memory;

namespace NativeArrays;

/// <summary>
/// The body of every public form of a reduction (the generated ones in <c>NDArray.Reductions.g.cs</c> and the hand-written
/// arg-reductions, scans and statistics): enters one <see cref="KernelGuard"/> over the input's (and a destination's)
/// buffer, marks and checks the axes, allocates the result or checks the destination, and calls the kernel driver in
/// <see cref="Reduction"/>. A result the call allocates is its own until it returns: it needs no guard.
/// </summary>
[System.Runtime.CompilerServices.SkipLocalsInit]
internal static unsafe class ReductionForms
{
    /// <summary>Marks the reduced axes (negative axes count from the end; repeats are an error).</summary>
    public static void Mark(string operation, ReadOnlySpan<nint> shape, ReadOnlySpan<int> axes, Span<bool> reduced)
    {
        reduced.Clear();
        foreach (int a in axes)
        {
            int d = LayoutOps.NormalizeAxis(a, shape.Length, "axes");
            if (reduced[d]) throw new ArgumentException($"{operation}: axis {a} is repeated in ({string.Join(", ", axes.ToArray())}).", "axes");
            reduced[d] = true;
        }
    }

    public static void CheckIdentity(string operation, ReadOnlySpan<nint> shape, ReadOnlySpan<bool> reduced)
    {
        for (int d = 0; d < shape.Length; d++)
            if (reduced[d] && shape[d] == 0)
                throw new ArgumentException($"{operation}: cannot reduce the zero-length axis {d} of shape {NDLayout.ShapeText(shape)}: the operation has no identity.");
    }

    /// <summary>Reduces every axis to one value (no allocation).</summary>
    public static TAcc Whole<T, TAcc, TOp>(string operation, NDArray<T> x, bool needsElements)
        where T : unmanaged where TAcc : unmanaged where TOp : IReduceOp<T, TAcc>
    {
        using var guard = Operands.Guard(x, nameof(x));
        var a = x.GuardedOperand();
        nint n = x.Size;
        if (needsElements && n == 0)
            throw new ArgumentException($"{operation}: the array of shape {NDLayout.ShapeText(a.Shape)} is empty and the operation has no identity.");
        // A C-contiguous array below the parallel threshold: one row from its address (no shape walk, no output operand).
        var settings = NativeArraysSettings.Current;
        if (n > 0 && n < settings.ParallelThreshold && x.IsCContiguous) return Reduction.Contiguous<T, TAcc, TOp>(a.Pointer, n, settings);
        TAcc result;
        Span<nint> zeros = stackalloc nint[a.Shape.Length];
        zeros.Clear();
        Reduction.Reduce<T, TAcc, TOp>(a.Shape, a, new Operand(&result, zeros));
        return result;
    }

    /// <summary>Reduces the given axes into a new array (reduced axes dropped, or kept with length 1).</summary>
    public static NDArray<TAcc> Axes<T, TAcc, TOp>(string operation, NDArray<T> x, ReadOnlySpan<int> axes, bool keepDims, bool needsElements)
        where T : unmanaged where TAcc : unmanaged where TOp : IReduceOp<T, TAcc>
    {
        using var guard = Operands.Guard(x, nameof(x));
        var a = x.GuardedOperand();
        int r = a.Shape.Length;
        Span<bool> reduced = stackalloc bool[r];
        Mark(operation, a.Shape, axes, reduced);
        if (needsElements) CheckIdentity(operation, a.Shape, reduced);
        return Into<T, TAcc, TOp>(a, reduced, keepDims);
    }

    /// <summary>The shape of the result of reducing <paramref name="reduced"/> axes; returns its rank.</summary>
    private static int ResultShape(ReadOnlySpan<nint> shape, ReadOnlySpan<bool> reduced, bool keepDims, Span<nint> result)
    {
        int k = 0;
        for (int d = 0; d < shape.Length; d++)
        {
            if (!reduced[d]) result[k++] = shape[d];
            else if (keepDims) result[k++] = 1;
        }
        return k;
    }

    /// <summary>Allocates the result of reducing <paramref name="reduced"/> axes and runs the reduction.</summary>
    public static NDArray<TAcc> Into<T, TAcc, TOp>(in Operand a, ReadOnlySpan<bool> reduced, bool keepDims)
        where T : unmanaged where TAcc : unmanaged where TOp : IReduceOp<T, TAcc>
    {
        Span<nint> shape = stackalloc nint[a.Shape.Length];
        int k = ResultShape(a.Shape, reduced, keepDims, shape);
        var result = NDArray<TAcc>.Allocate(shape[..k], zero: false);
        try
        {
            Run<T, TAcc, TOp>(a, reduced, keepDims, result.GuardedOperand());
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    /// <summary>Runs the reduction into <paramref name="o"/>, whose shape is the result shape.</summary>
    private static void Run<T, TAcc, TOp>(in Operand a, ReadOnlySpan<bool> reduced, bool keepDims, in Operand o)
        where T : unmanaged where TAcc : unmanaged where TOp : IReduceOp<T, TAcc>
    {
        int r = a.Shape.Length;
        Span<nint> strides = stackalloc nint[r];
        for (int d = 0, j = 0; d < r; d++)
        {
            if (reduced[d]) { strides[d] = 0; if (keepDims) j++; }
            else strides[d] = o.Strides[j++];
        }
        Reduction.Reduce<T, TAcc, TOp>(a.Shape, a, new Operand(o.Pointer, strides));
    }

    /// <summary>
    /// Reduces the given axes into <paramref name="destination"/> (NumPy's <c>out=</c>), whose shape must be the result's.
    /// A destination in the input's buffer gets the result through a temporary (counted), so the input is read whole first.
    /// </summary>
    public static NDArray<TAcc> AxesInto<T, TAcc, TOp>(string operation, NDArray<T> x, ReadOnlySpan<int> axes, bool keepDims, bool needsElements, NDArray<TAcc> destination)
        where T : unmanaged where TAcc : unmanaged where TOp : IReduceOp<T, TAcc>
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var guard = KernelGuard.Enter(Operands.GuardBuffer(x, null, nameof(x)), Operands.GuardBuffer(destination, null, nameof(destination)));
        if (guard.Refused >= 0) Operands.ThrowRefused<T, TAcc>(guard.Refused == 1 ? 3 : 0, x, null, null, destination);
        var a = x.GuardedOperand();
        int r = a.Shape.Length;
        Span<bool> reduced = stackalloc bool[r];
        Mark(operation, a.Shape, axes, reduced);
        if (needsElements) CheckIdentity(operation, a.Shape, reduced);
        Span<nint> shape = stackalloc nint[r];
        int k = ResultShape(a.Shape, reduced, keepDims, shape);
        if (!destination.Shape.SequenceEqual(shape[..k]))
            throw new ArgumentException($"{operation}: destination of shape {NDLayout.ShapeText(destination.Shape)} does not match the result's shape {NDLayout.ShapeText(shape[..k])} (input {NDLayout.ShapeText(a.Shape)}, keepDims {keepDims}).", nameof(destination));
        destination.ThrowIfReadOnly("The destination");
        if (ReferenceEquals(destination.Buffer, x.Buffer))
        {
            using var staged = Into<T, TAcc, TOp>(a, reduced, keepDims);
            staged.CopyTo(destination);
            AllocationTracker.CountCopy(operation + "(overlap temporary)");
            return destination;
        }
        Run<T, TAcc, TOp>(a, reduced, keepDims, destination.GuardedOperand());
        return destination;
    }

    /// <summary>Number of elements folded into each result element.</summary>
    public static long ReducedCount(ReadOnlySpan<nint> shape, ReadOnlySpan<int> axes)
    {
        Span<bool> reduced = stackalloc bool[shape.Length];
        Mark("Reduce", shape, axes, reduced);
        long n = 1;
        for (int d = 0; d < shape.Length; d++) if (reduced[d]) n *= shape[d];
        return n;
    }

    public static NDArray<long> ArgAlong<T>(string operation, NDArray<T> x, int axis, bool keepDims, bool max) where T : unmanaged, INumber<T>
    {
        using var guard = Operands.Guard(x, nameof(x));
        var a = x.GuardedOperand();
        int r = a.Shape.Length;
        int ax = LayoutOps.NormalizeAxis(axis, r);
        Span<bool> reduced = stackalloc bool[r];
        reduced.Clear();
        reduced[ax] = true;
        CheckIdentity(operation, a.Shape, reduced);
        Span<nint> shape = stackalloc nint[r];
        int k = 0;
        for (int d = 0; d < r; d++)
        {
            if (d != ax) shape[k++] = a.Shape[d];
            else if (keepDims) shape[k++] = 1;
        }
        var result = NDArray<long>.Allocate(shape[..k], zero: false);
        try
        {
            var o = result.GuardedOperand();
            Span<nint> strides = stackalloc nint[r];
            for (int d = 0, j = 0; d < r; d++)
            {
                if (d == ax) { strides[d] = 0; if (keepDims) j++; }
                else strides[d] = o.Strides[j++];
            }
            ArgReduce.Along(a.Shape, (T*)a.Pointer, a.Strides, ax, (long*)o.Pointer, strides, max);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    public static long ArgWhole<T>(string operation, NDArray<T> x, bool max) where T : unmanaged, INumber<T>
    {
        using var guard = Operands.Guard(x, nameof(x));
        var a = x.GuardedOperand();
        if (x.Size == 0) throw new ArgumentException($"{operation}: the array of shape {NDLayout.ShapeText(a.Shape)} is empty.");
        return ArgReduce.Flat(a.Shape, (T*)a.Pointer, a.Strides, max);
    }

    public static NDArray<T> CumulativeSum<T>(NDArray<T> x, int? axis) where T : unmanaged, INumber<T>
    {
        using var guard = Operands.Guard(x, nameof(x));
        var a = x.GuardedOperand();
        var result = axis is null ? NDArray<T>.Allocate([x.Size], zero: false) : NDArray<T>.Allocate(a.Shape, zero: false);
        try
        {
            var o = result.GuardedOperand();
            if (axis is null && (a.Shape.Length == 1 || x.IsCContiguous))
            {
                // A 1-d input (any stride) or a C-contiguous one is its own C-order flattening: scanned straight into the
                // result in one pass (the copy-then-scan below reads and writes the result twice).
                nint stride = a.Shape.Length == 1 ? a.Strides[0] : 1;
                Scan.CumulativeSum([x.Size], (T*)a.Pointer, [stride], 0, (T*)o.Pointer, [1]);
            }
            else if (axis is null)
            {
                // Flatten in C order into the result, then scan it in place (the identical view is safe).
                Span<nint> cStrides = stackalloc nint[a.Shape.Length];
                nint acc = 1;
                for (int d = a.Shape.Length - 1; d >= 0; d--) { cStrides[d] = acc; acc *= a.Shape[d]; }
                Elementwise.Copy<T>(a.Shape, new Operand(o.Pointer, cStrides), a);
                Scan.CumulativeSum([x.Size], (T*)o.Pointer, [1], 0, (T*)o.Pointer, [1]);
            }
            else
            {
                int ax = LayoutOps.NormalizeAxis(axis.Value, a.Shape.Length);
                Scan.CumulativeSum(a.Shape, (T*)a.Pointer, a.Strides, ax, (T*)o.Pointer, o.Strides);
            }
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }
}

// Public reductions that are not one row of Operations.table: arg-reductions, cumulative sum, mean, var, std and the
// bool-mask forms. The table's reductions (whole array, one axis or several, keepDims, destination) are generated.
public static unsafe partial class NDArray
{
    // Sum, Prod, Min, Max, All, Any and CountNonZero are generated from Operations.table (NDArray.Reductions.g.cs).
    extension<T>(NDArray<T> array) where T : unmanaged, INumber<T>
    {
        /// <summary>C-order index of the first smallest element (the first NaN if any).</summary>
        /// <exception cref="ArgumentException">The array is empty.</exception>
        public long ArgMin() => ReductionForms.ArgWhole("ArgMin", array, max: false);
        /// <summary>Index along <paramref name="axis"/> of the first smallest element of each line.</summary>
        public NDArray<long> ArgMin(int axis, bool keepDims = false) => ReductionForms.ArgAlong("ArgMin", array, axis, keepDims, max: false);
        /// <summary>C-order index of the first largest element (the first NaN if any).</summary>
        /// <exception cref="ArgumentException">The array is empty.</exception>
        public long ArgMax() => ReductionForms.ArgWhole("ArgMax", array, max: true);
        /// <summary>Index along <paramref name="axis"/> of the first largest element of each line.</summary>
        public NDArray<long> ArgMax(int axis, bool keepDims = false) => ReductionForms.ArgAlong("ArgMax", array, axis, keepDims, max: true);

        /// <summary>Cumulative sum along <paramref name="axis"/> (same shape), into a new array.</summary>
        public NDArray<T> CumSum(int axis) => ReductionForms.CumulativeSum(array, axis);
        /// <summary>Cumulative sum of the elements in C order, into a new 1-d array.</summary>
        public NDArray<T> CumSum() => ReductionForms.CumulativeSum(array, null);
    }

    extension<T>(NDArray<T> array) where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>Arithmetic mean of all elements (NaN for an empty array).</summary>
        public T Mean() => array.Sum() / T.CreateTruncating(array.Size);
        /// <summary>Means along <paramref name="axis"/>.</summary>
        public NDArray<T> Mean(int axis, bool keepDims = false) => MeanCore(array, [axis], keepDims);
        /// <summary>Means over several axes.</summary>
        public NDArray<T> Mean(ReadOnlySpan<int> axes, bool keepDims = false) => MeanCore(array, axes, keepDims);

        /// <summary>Variance of all elements: sum of squared deviations over max(n - <paramref name="ddof"/>, 0) (NumPy: NaN or inf when ddof ≥ n).</summary>
        public T Var(int ddof = 0) => VarWhole(array, ddof);
        /// <summary>Variances along <paramref name="axis"/> with <paramref name="ddof"/> delta degrees of freedom.</summary>
        public NDArray<T> Var(int axis, int ddof = 0, bool keepDims = false) => VarCore(array, [axis], ddof, keepDims, sqrt: false);
        /// <summary>Variances over several axes.</summary>
        public NDArray<T> Var(ReadOnlySpan<int> axes, int ddof = 0, bool keepDims = false) => VarCore(array, axes, ddof, keepDims, sqrt: false);

        /// <summary>Standard deviation of all elements (square root of <c>Var</c>).</summary>
        public T Std(int ddof = 0) => T.Sqrt(VarWhole(array, ddof));
        /// <summary>Standard deviations along <paramref name="axis"/>.</summary>
        public NDArray<T> Std(int axis, int ddof = 0, bool keepDims = false) => VarCore(array, [axis], ddof, keepDims, sqrt: true);
        /// <summary>Standard deviations over several axes.</summary>
        public NDArray<T> Std(ReadOnlySpan<int> axes, int ddof = 0, bool keepDims = false) => VarCore(array, axes, ddof, keepDims, sqrt: true);
    }

    extension(NDArray<bool> mask)
    {
        /// <summary>Whether every element is true.</summary>
        public bool All()
        {
            using var bytes = Bytes(mask);
            return bytes.All();
        }

        /// <summary>Whether any element is true.</summary>
        public bool Any()
        {
            using var bytes = Bytes(mask);
            return bytes.Any();
        }

        /// <summary>Number of true elements.</summary>
        public long CountNonZero()
        {
            using var bytes = Bytes(mask);
            return bytes.CountNonZero();
        }
    }

    /// <summary>The same memory read as bytes (bool is one byte, 0 or 1): a new view object (dispose it), no copy.</summary>
    private static NDArray<byte> Bytes(NDArray<bool> mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        mask.ThrowIfDisposed();
        return new NDArray<byte>(mask.Buffer, mask.Layout, mask.Offset, owner: false, readOnly: true, mask.LiveBufferId());
    }

    private static NDArray<T> MeanCore<T>(NDArray<T> x, ReadOnlySpan<int> axes, bool keepDims) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var sum = ReductionForms.Axes<T, T, SumOp<T>>("Mean", x, axes, keepDims, false);
        T n = T.CreateTruncating(ReductionForms.ReducedCount(x.Shape, axes));
        return sum.DivideInPlace(n);
    }

    private static T VarWhole<T>(NDArray<T> x, int ddof) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T mean = x.Mean();
        using var deviations = Subtract(x, mean);
        AllocationTracker.CountCopy("Var(temporary)");
        deviations.SquareInPlace();
        // NumPy divides by max(n - ddof, 0): NaN (0/0) or inf when no degrees of freedom are left.
        return deviations.Sum() / T.CreateTruncating(Math.Max((long)x.Size - ddof, 0));
    }

    private static NDArray<T> VarCore<T>(NDArray<T> x, ReadOnlySpan<int> axes, int ddof, bool keepDims, bool sqrt) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var mean = MeanCore(x, axes, keepDims: true);
        using var deviations = Subtract(x, mean);
        AllocationTracker.CountCopy(sqrt ? "Std(temporary)" : "Var(temporary)");
        deviations.SquareInPlace();
        var result = ReductionForms.Axes<T, T, SumOp<T>>(sqrt ? "Std" : "Var", deviations, axes, keepDims, false);
        result.DivideInPlace(T.CreateTruncating(Math.Max(ReductionForms.ReducedCount(x.Shape, axes) - ddof, 0)));
        return sqrt ? result.SqrtInPlace() : result;
    }
}
