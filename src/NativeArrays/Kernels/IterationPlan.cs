using System.Runtime.CompilerServices;

namespace NativeArrays.Kernels;

/// <summary>
/// The iteration plan of an elementwise kernel: one shape shared by up to <see cref="MaxOperands"/> operands
/// (operand 0 is the output), each with its own base address and BYTE strides (a broadcast input has stride 0).
/// <see cref="Finish"/> drops length-1 axes, flips axes the output walks backwards, orders axes so the innermost
/// walks the output's smallest stride and coalesces axes that are contiguous with each other in every operand
/// (NumPy's nditer trick), so most work reaches the row kernel as one long 1-d loop.
/// </summary>
[SkipLocalsInit]
internal unsafe struct IterationPlan
{
    public const int MaxRank = Layout.NDLayout.MaxRank;
    public const int MaxOperands = 4;

    public int Rank;
    public int Operands;
    public fixed long Shape[MaxRank];
    /// <summary>Byte strides, operand-major: <c>Strides[op * MaxRank + axis]</c>.</summary>
    public fixed long Strides[MaxOperands * MaxRank];
    /// <summary>Address of each operand's element at index (0, ..., 0) after flips.</summary>
    public fixed long Base[MaxOperands];
    /// <summary>Element size in bytes of each operand.</summary>
    public fixed int ElementSize[MaxOperands];
    /// <summary>
    /// Whether the whole walk this plan belongs to reads more than a last-level cache holds (set by the reduction
    /// driver on its top plan; the halves it splits into are copies, so they carry it): its row kernels leave reading
    /// ahead to the hardware however short their own rows are (<see cref="ReadAhead"/>).
    /// </summary>
    public bool Streamed;

    public readonly long Size
    {
        get
        {
            long n = 1;
            for (int d = 0; d < Rank; d++) n *= Shape[d];
            return n;
        }
    }

    /// <summary>
    /// The bytes the walk touches, the measure the non-temporal threshold compares: for each operand the byte range its
    /// view spans (broadcast axes add nothing), at most a cache line per element it holds; an input that is the output's
    /// own view (an in-place call) is not counted again.
    /// </summary>
    public readonly long Footprint
    {
        get
        {
            long total = 0;
            for (int op = 0; op < Operands; op++)
            {
                if (op > 0 && SameView(op, 0)) continue;
                long reach = 0, count = 1;
                for (int d = 0; d < Rank; d++)
                {
                    long s = Strides[op * MaxRank + d];
                    if (s == 0) continue;
                    reach += Math.Abs(s) * (Shape[d] - 1);
                    count *= Shape[d];
                }
                total += OperandBytes(ElementSize[op], reach, count);
            }
            return total;
        }
    }

    /// <summary>
    /// The bytes one operand touches: the byte range its view spans (an element plus <paramref name="reach"/>, the
    /// bytes from its first element to its last), at most a cache line per element it holds (<paramref name="count"/>,
    /// broadcast axes left out). The measure of <see cref="Footprint"/> and of the flat paths' rows.
    /// </summary>
    public static long OperandBytes(long elementSize, long reach, long count) => Math.Min(elementSize + reach, count * 64);

    /// <summary>Whether an input is the output's own view (an in-place call: same base, strides and element size).</summary>
    public readonly bool InPlace
    {
        get
        {
            for (int op = 1; op < Operands; op++)
                if (SameView(op, 0)) return true;
            return false;
        }
    }

    /// <summary>Whether operands <paramref name="a"/> and <paramref name="b"/> walk the same bytes (same base, strides and element size).</summary>
    private readonly bool SameView(int a, int b)
    {
        if (Base[a] != Base[b] || ElementSize[a] != ElementSize[b]) return false;
        for (int d = 0; d < Rank; d++)
            if (Strides[a * MaxRank + d] != Strides[b * MaxRank + d]) return false;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Stride(int op, int axis) => Strides[op * MaxRank + axis];

    /// <summary>
    /// Starts a plan over <paramref name="shape"/>; add each operand with <see cref="SetOperand"/> then call
    /// <see cref="Finish"/>. Returns false when the shape is empty (nothing to do).
    /// </summary>
    public bool Begin(ReadOnlySpan<nint> shape, int operands)
    {
        if (shape.Length > MaxRank) throw new ArgumentException($"Rank {shape.Length} exceeds the maximum of {MaxRank}.");
        if (operands > MaxOperands) throw new ArgumentOutOfRangeException(nameof(operands));
        Rank = shape.Length;
        Operands = operands;
        Streamed = false;
        bool empty = false;
        for (int d = 0; d < Rank; d++)
        {
            Shape[d] = shape[d];
            if (shape[d] == 0) empty = true;
        }
        return !empty;
    }

    /// <summary>Sets operand <paramref name="op"/>: base address and ELEMENT strides (one per axis of the plan's shape).</summary>
    public void SetOperand(int op, void* pointer, ReadOnlySpan<nint> elementStrides, int elementSize)
    {
        if (elementStrides.Length != Rank) throw new ArgumentException("Strides must have one entry per axis of the shape.");
        Base[op] = (long)pointer;
        ElementSize[op] = elementSize;
        for (int d = 0; d < Rank; d++) Strides[op * MaxRank + d] = (long)elementStrides[d] * elementSize;
    }

    /// <summary>Sets operand <paramref name="op"/>: base address and BYTE strides (one per axis of the plan's shape).</summary>
    public void SetOperandBytes(int op, void* pointer, ReadOnlySpan<nint> byteStrides, int elementSize)
    {
        if (byteStrides.Length != Rank) throw new ArgumentException("Strides must have one entry per axis of the shape.");
        Base[op] = (long)pointer;
        ElementSize[op] = elementSize;
        for (int d = 0; d < Rank; d++) Strides[op * MaxRank + d] = byteStrides[d];
    }

    /// <summary>
    /// Simplifies the plan for an ORDERED walk: drops length-1 axes and merges neighbours contiguous in every operand,
    /// but neither flips nor reorders axes, so <see cref="NdIterator.RunOrdered"/> visits elements in C order of the shape.
    /// </summary>
    public void FinishOrdered()
    {
        DropUnitAxes();
        Coalesce();
    }

    /// <summary>Simplifies the plan; <paramref name="primary"/> is the operand whose strides order the axes.</summary>
    public void Finish(int primary = 0)
    {
        DropUnitAxes();
        // 2. walk the primary operand forwards: flip axes it walks backwards (all operands together).
        for (int d = 0; d < Rank; d++)
        {
            if (Strides[primary * MaxRank + d] >= 0) continue;
            for (int op = 0; op < Operands; op++)
            {
                long s = Strides[op * MaxRank + d];
                Base[op] += s * (Shape[d] - 1);
                Strides[op * MaxRank + d] = -s;
            }
        }
        // 3. order axes outer to inner by decreasing |stride| of the primary, ties broken by the other operands.
        for (int i = 1; i < Rank; i++)
        {
            for (int j = i; j > 0 && Outer(j, j - 1, primary); j--) SwapAxes(j, j - 1);
        }
        // 4. coalesce neighbours that are contiguous with each other in every operand.
        Coalesce();
    }

    /// <summary>1. drops length-1 axes.</summary>
    private void DropUnitAxes()
    {
        int r = 0;
        for (int d = 0; d < Rank; d++)
        {
            if (Shape[d] == 1) continue;
            MoveAxis(d, r++);
        }
        Rank = r;
    }

    /// <summary>Merges each axis into its outer neighbour when the two are contiguous with each other in every operand.</summary>
    private void Coalesce()
    {
        int r = 0;
        for (int d = 1; d < Rank; d++)
        {
            bool merge = true;
            for (int op = 0; op < Operands && merge; op++)
                merge = Strides[op * MaxRank + r] == Strides[op * MaxRank + d] * Shape[d];
            if (merge)
            {
                Shape[r] *= Shape[d];
                for (int op = 0; op < Operands; op++) Strides[op * MaxRank + r] = Strides[op * MaxRank + d];
            }
            else MoveAxis(d, ++r);
        }
        Rank = Rank == 0 ? 0 : r + 1;
    }

    /// <summary>Whether axis <paramref name="a"/> should sit outside axis <paramref name="b"/>.</summary>
    private readonly bool Outer(int a, int b, int primary)
    {
        long pa = Math.Abs(Strides[primary * MaxRank + a]), pb = Math.Abs(Strides[primary * MaxRank + b]);
        if (pa != pb) return pa > pb;
        for (int op = 0; op < Operands; op++)
        {
            long sa = Math.Abs(Strides[op * MaxRank + a]), sb = Math.Abs(Strides[op * MaxRank + b]);
            if (sa != sb) return sa > sb;
        }
        return false;
    }

    public void SwapAxes(int a, int b)
    {
        (Shape[a], Shape[b]) = (Shape[b], Shape[a]);
        for (int op = 0; op < Operands; op++)
            (Strides[op * MaxRank + a], Strides[op * MaxRank + b]) = (Strides[op * MaxRank + b], Strides[op * MaxRank + a]);
    }

    private void MoveAxis(int from, int to)
    {
        if (from == to) return;
        Shape[to] = Shape[from];
        for (int op = 0; op < Operands; op++) Strides[op * MaxRank + to] = Strides[op * MaxRank + from];
    }
}
