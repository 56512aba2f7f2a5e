using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.CompilerServices;
using NativeArrays.Kernels;
using NativeArrays.Layout;

namespace NativeArrays.IO;

/// <summary>Moves element data between streams and native arrays: bounded chunks, byte swapping, strided gathers.</summary>
[SkipLocalsInit]
internal static unsafe class NpyData
{
    /// <summary>Largest single read or write (spans are int-sized).</summary>
    private const int MaxChunk = 1 << 30;

    /// <summary>
    /// Up to this many bytes are allocated on the header's word alone when the stream's length is unknown; past it the
    /// data is first staged in chunks as it arrives, so a lying header costs at most what the stream really holds.
    /// </summary>
    internal const long TrustedAllocationBytes = 16L << 20;

    private const int StageChunk = 1 << 20;
    private const int FirstStageChunk = 64 << 10;

    /// <summary>Checks that the header's element type is <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidCastException">It is another type; the message names both and the call to use.</exception>
    internal static void CheckType<T>(NpyHeader header, string source) where T : unmanaged
    {
        if (header.DType.Matches<T>()) return;
        var want = NpyDType.Of<T>();
        throw new InvalidCastException(
            $"{source} holds {header.ElementType} ('{header.Descr}'), not {want.Name}: load it as {ClrName(header.ClrType)} (see NpyHeader.ClrType) and convert with AsType if needed.");
    }

    private static string ClrName(Type t) => t == typeof(Half) ? "Half" : t.Name;

    /// <summary>
    /// Reads the data described by <paramref name="header"/> from <paramref name="stream"/> into a new owner.
    /// <paramref name="available"/> is the number of bytes known to follow (null when unknown); when it is known,
    /// a header that promises more is refused before anything is allocated.
    /// </summary>
    internal static NDArray<T> Read<T>(Stream stream, NpyHeader header, long? available, string source) where T : unmanaged
    {
        CheckType<T>(header, source);
        long bytes = header.DataByteLength;
        if (available is long have && have < bytes)
            throw new InvalidDataException(
                $"{source} is truncated: shape {NDLayout.ShapeText(header.Shape)} of {header.ElementType} needs {bytes} bytes of data, but only {have} follow the header.");
        if (bytes > nint.MaxValue) throw new InvalidDataException($"{source} holds {bytes} bytes, more than this process can address.");

        List<byte[]>? staged = null;
        if (available is null && bytes > TrustedAllocationBytes)
            staged = Stage(stream, bytes, header, source);

        var array = NDArray<T>.Allocate(header.Shape, zero: false, header.FortranOrder);
        try
        {
            using var pin = array.Pin();
            byte* dst = (byte*)pin.Pointer;
            if (staged is not null)
            {
                long done = 0;
                foreach (var chunk in staged)
                {
                    int n = (int)Math.Min(chunk.Length, bytes - done);
                    chunk.AsSpan(0, n).CopyTo(new Span<byte>(dst + done, n));
                    done += n;
                }
            }
            else
            {
                for (long done = 0; done < bytes;)
                {
                    int n = (int)Math.Min(MaxChunk, bytes - done);
                    ReadExactly(stream, new Span<byte>(dst + done, n), done, header, source);
                    done += n;
                }
            }
            Normalize(dst, bytes, header.DType);
        }
        catch
        {
            array.Dispose();
            throw;
        }
        return array;
    }

    private static List<byte[]> Stage(Stream stream, long bytes, NpyHeader header, string source)
    {
        // Chunks grow from 64 KiB to 1 MiB, so what is allocated stays within about twice what actually arrived.
        var chunks = new List<byte[]>();
        int next = FirstStageChunk;
        for (long done = 0; done < bytes;)
        {
            var chunk = new byte[(int)Math.Min(next, bytes - done)];
            next = Math.Min(StageChunk, next * 2);
            ReadExactly(stream, chunk, done, header, source);
            chunks.Add(chunk);
            done += chunk.Length;
        }
        return chunks;
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, long before, NpyHeader header, string source)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n <= 0)
                throw new InvalidDataException(
                    $"{source} is truncated: shape {NDLayout.ShapeText(header.Shape)} of {header.ElementType} needs {header.DataByteLength} bytes of data, but the stream ends after {before + total}.");
            total += n;
        }
    }

    /// <summary>Byte-swaps big-endian data and maps bool bytes to 0/1 (NumPy reads any non-zero byte as True).</summary>
    internal static void Normalize(byte* data, long bytes, NpyDType dtype)
    {
        if (dtype.Kind == 'b')
        {
            for (long i = 0; i < bytes; i++) if (data[i] > 1) data[i] = 1;
            return;
        }
        if (!dtype.BigEndian || dtype.Size == 1) return;
        for (long done = 0; done < bytes;)
        {
            int n = (int)Math.Min(MaxChunk, bytes - done);
            switch (dtype.Size)
            {
                case 2:
                    var s2 = new Span<ushort>(data + done, n / 2);
                    BinaryPrimitives.ReverseEndianness(s2, s2);
                    break;
                case 4:
                    var s4 = new Span<uint>(data + done, n / 4);
                    BinaryPrimitives.ReverseEndianness(s4, s4);
                    break;
                case 8:
                    var s8 = new Span<ulong>(data + done, n / 8);
                    BinaryPrimitives.ReverseEndianness(s8, s8);
                    break;
            }
            done += n;
        }
    }

    /// <summary>
    /// Writes the elements of <paramref name="array"/> as .npy data: raw when the array is C-contiguous (or
    /// F-contiguous and <paramref name="fortranOrder"/>), otherwise gathered in C order through a small buffer.
    /// </summary>
    internal static void Write<T>(Stream stream, NDArray<T> array, bool fortranOrder) where T : unmanaged
    {
        nint size = array.Size;
        if (size == 0) return;
        using var pin = array.Pin();
        if (array.IsCContiguous || (fortranOrder && array.IsFContiguous))
        {
            byte* src = (byte*)pin.Pointer;
            long bytes = (long)size * sizeof(T);
            for (long done = 0; done < bytes;)
            {
                int n = (int)Math.Min(MaxChunk, bytes - done);
                stream.Write(new ReadOnlySpan<byte>(src + done, n));
                done += n;
            }
            return;
        }
        Gather(stream, pin.Pointer, array.Shape, array.Strides);
    }

    /// <summary>Writes a strided view's elements in C order through a pooled buffer (an ordered walk of the one iterator).</summary>
    private static void Gather<T>(Stream stream, T* origin, ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides) where T : unmanaged
    {
        Unsafe.SkipInit(out IterationPlan plan);
        if (!plan.Begin(shape, 1)) return;
        plan.SetOperand(0, origin, strides, sizeof(T));
        plan.FinishOrdered();
        int capacity = Math.Max(1, StageChunk / sizeof(T));
        var rows = new GatherRows<T> { Stream = stream, Buffer = ArrayPool<T>.Shared.Rent(capacity), Capacity = capacity };
        try
        {
            NdIterator.RunOrdered(ref plan, ref rows);
            if (rows.Fill > 0) stream.Write(MemoryMarshal.AsBytes(rows.Buffer.AsSpan(0, rows.Fill)));
        }
        finally
        {
            ArrayPool<T>.Shared.Return(rows.Buffer);
        }
    }

    /// <summary>Appends each row's elements to the buffer, writing it out whenever it is full.</summary>
    private struct GatherRows<T> : IRowKernel where T : unmanaged
    {
        public Stream Stream;
        public T[] Buffer;
        public int Capacity, Fill;

        public void Row(nint n, byte** p, long* s)
        {
            byte* row = p[0];
            long step = s[0];
            for (nint i = 0; i < n; i++)
            {
                Buffer[Fill++] = *(T*)(row + i * step);
                if (Fill == Capacity)
                {
                    Stream.Write(MemoryMarshal.AsBytes(Buffer.AsSpan(0, Capacity)));
                    Fill = 0;
                }
            }
        }
    }
}
