using System.Numerics;
using System.Runtime.InteropServices;
using NativeArrays.Kernels;

namespace NativeArrays.Tests.Kernels;

/// <summary>A block of native memory with a strided view over it, for testing the kernels below the array types.</summary>
internal sealed unsafe class RawView<T> : IDisposable where T : unmanaged
{
    public readonly T* Block;
    public readonly nint BlockLength;
    public readonly nint Offset;
    public readonly nint[] Shape;
    public readonly nint[] Strides;
    private readonly bool _owner;

    private RawView(T* block, nint length, nint offset, nint[] shape, nint[] strides, bool owner)
    {
        Block = block; BlockLength = length; Offset = offset; Shape = shape; Strides = strides; _owner = owner;
    }

    public static RawView<T> Alloc(params nint[] shape)
    {
        nint n = 1;
        foreach (var d in shape) n *= d;
        var block = (T*)NativeMemory.AlignedAlloc((nuint)(Math.Max(n, 1) * sizeof(T)), 64);
        return new RawView<T>(block, n, 0, shape, CStrides(shape), true);
    }

    public static nint[] CStrides(nint[] shape)
    {
        var s = new nint[shape.Length];
        nint acc = 1;
        for (int d = shape.Length - 1; d >= 0; d--) { s[d] = acc; acc *= shape[d]; }
        return s;
    }

    public RawView<T> View(nint offset, nint[] shape, nint[] strides) => new(Block, BlockLength, offset, shape, strides, false);

    public T* Pointer => Block + Offset;
    public nint Size { get { nint n = 1; foreach (var d in Shape) n *= d; return n; } }
    public Operand Operand => new(Pointer, Strides);

    /// <summary>Strides of this view broadcast to <paramref name="shape"/> (NumPy rules; test inputs are valid).</summary>
    public nint[] BroadcastStrides(nint[] shape)
    {
        var s = new nint[shape.Length];
        int lead = shape.Length - Shape.Length;
        for (int d = 0; d < Shape.Length; d++) s[lead + d] = Shape[d] == 1 ? 0 : Strides[d];
        return s;
    }

    public Operand OperandFor(nint[] shape) => new(Pointer, BroadcastStrides(shape));

    public T this[nint[] index]
    {
        get => Block[Address(index)];
        set => Block[Address(index)] = value;
    }

    /// <summary>Element at a multi-index of <paramref name="shape"/> after broadcasting this view to it.</summary>
    public T At(nint[] shape, nint[] index)
    {
        var s = BroadcastStrides(shape);
        nint a = Offset;
        for (int d = 0; d < shape.Length; d++) a += index[d] * s[d];
        return Block[a];
    }

    private nint Address(nint[] index)
    {
        nint a = Offset;
        for (int d = 0; d < Shape.Length; d++) a += index[d] * Strides[d];
        return a;
    }

    public void FillBlock(Func<nint, T> f)
    {
        for (nint i = 0; i < BlockLength; i++) Block[i] = f(i);
    }

    public T[] ToArray()
    {
        var r = new T[Size];
        int k = 0;
        foreach (var idx in Indices(Shape)) r[k++] = this[idx];
        return r;
    }

    public static IEnumerable<nint[]> Indices(nint[] shape)
    {
        nint n = 1;
        foreach (var d in shape) n *= d;
        var idx = new nint[shape.Length];
        for (nint i = 0; i < n; i++)
        {
            yield return (nint[])idx.Clone();
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                if (++idx[d] < shape[d]) break;
                idx[d] = 0;
            }
        }
    }

    public void Dispose()
    {
        if (_owner) NativeMemory.AlignedFree(Block);
    }
}

/// <summary>Seeded random values of any numeric element type, kept in ranges every op accepts.</summary>
internal static class TestValues
{
    public static T Next<T>(Random r, bool positive = false, bool nonZero = false) where T : unmanaged, INumber<T>
    {
        T v;
        if (typeof(T) == typeof(float) || typeof(T) == typeof(double))
        {
            double d = r.NextDouble() * 20 - 10;
            if (positive) d = Math.Abs(d) + 0.01;
            v = T.CreateTruncating(d);
        }
        else
        {
            long lo = long.CreateSaturating(T.CreateSaturating(-1000)), hi = long.CreateSaturating(T.CreateSaturating(1000));
            if (positive) lo = 1;
            v = T.CreateTruncating(r.NextInt64(lo, hi + 1));
        }
        if (nonZero && v == T.Zero) v = T.One;
        return v;
    }
}
