using System.Runtime.InteropServices;
using NativeArrays.Memory;

namespace NativeArrays.Kernels.Gemm;

/// <summary>
/// Per-thread packing buffers for the GEMM kernels: each thread keeps one native buffer that grows to the
/// largest packing need it has met and is reused by every later call, so steady-state calls allocate nothing.
/// The buffers are ordinary <see cref="NativeBuffer"/>s (element type <c>"matmul-pack"</c>), so the allocation
/// tracker's live and peak bytes include them; <see cref="Bytes"/> and <see cref="PeakBytes"/> report them apart,
/// and <see cref="Release"/> frees every idle one on demand. A pool is at most
/// <see cref="GemmBlocking.MaxPackBytes"/> per thread that ran a large product.
/// </summary>
internal static unsafe class GemmPool
{
    /// <summary>One thread's pool. Padded (about 112 bytes besides its fields) so that the <see cref="State"/> writes of two threads
    /// (two per product, many per second in a parallel batch of small products) never share a line.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal sealed class Scratch
    {
#pragma warning disable CS0169 // padding
        private readonly long _pad0, _pad1, _pad2, _pad3, _pad4, _pad5, _pad6;
#pragma warning restore CS0169
        public NativeBuffer? Buffer;
        public nint Bytes;
        /// <summary>0 idle, 1 in use by its thread, 2 being released.</summary>
        public int State;
#pragma warning disable CS0169
        private readonly long _pad7, _pad8, _pad9, _pad10, _pad11, _pad12, _pad13;
#pragma warning restore CS0169
    }

    [ThreadStatic] private static Scratch? t_scratch;
    private static readonly List<Scratch> s_all = new();
    private static long s_bytes;
    private static long s_peakBytes;

    /// <summary>Bytes held by all pools now.</summary>
    public static long Bytes => Interlocked.Read(ref s_bytes);
    /// <summary>Highest <see cref="Bytes"/> seen.</summary>
    public static long PeakBytes => Interlocked.Read(ref s_peakBytes);

    /// <summary>A packing area of at least <paramref name="bytes"/> bytes for the calling thread; dispose to return it.</summary>
    public static Lease Rent(nint bytes)
    {
        var s = t_scratch;
        if (s is null)
        {
            s = new Scratch();
            lock (s_all) s_all.Add(s);
            t_scratch = s;
        }
        if (Interlocked.CompareExchange(ref s.State, 1, 0) != 0)
        {
            // Being released by another thread right now: use a one-off buffer for this call.
            return new Lease(null, Allocate(bytes));
        }
        if (s.Bytes < bytes)
        {
            Free(s);
            // Grow in steps so that sizes creeping up do not reallocate every call.
            nint size = Math.Max(bytes, Math.Min(2 * s.Bytes, GemmBlocking.MaxPackBytes));
            s.Buffer = Allocate(size);
            s.Bytes = size;
            long now = Interlocked.Add(ref s_bytes, size);
            long peak;
            while (now > (peak = Interlocked.Read(ref s_peakBytes)) && Interlocked.CompareExchange(ref s_peakBytes, now, peak) != peak) { }
        }
        return new Lease(s, s.Buffer!);
    }

    /// <summary>Frees every pool that is not in use; returns the bytes freed.</summary>
    public static long Release()
    {
        long freed = 0;
        lock (s_all)
        {
            foreach (var s in s_all)
            {
                if (Interlocked.CompareExchange(ref s.State, 2, 0) != 0) continue;
                freed += s.Bytes;
                Free(s);
                Volatile.Write(ref s.State, 0);
            }
        }
        return freed;
    }

    private static NativeBuffer Allocate(nint bytes)
    {
        var buffer = NativeBuffer.Allocate(bytes, 1, "matmul-pack", zero: false);
        buffer.AddFirstLease();
        buffer.MarkNeverPark(); // the pool hands out its raw address
        return buffer;
    }

    private static void Free(Scratch s)
    {
        if (s.Buffer is null) return;
        s.Buffer.ReleaseLease(isOwner: true);
        Interlocked.Add(ref s_bytes, -s.Bytes);
        s.Buffer = null;
        s.Bytes = 0;
    }

    /// <summary>A rented packing area.</summary>
    public readonly struct Lease : IDisposable
    {
        private readonly Scratch? _owner;
        private readonly NativeBuffer _buffer;

        internal Lease(Scratch? owner, NativeBuffer buffer)
        {
            _owner = owner;
            _buffer = buffer;
        }

        /// <summary>Start of the area (aligned as the settings say, 64 bytes by default).</summary>
        public byte* Pointer => (byte*)_buffer.DangerousGetHandle();

        /// <summary>Returns the area to its thread's pool (or frees a one-off buffer).</summary>
        public void Dispose()
        {
            if (_owner is null) _buffer.ReleaseLease(isOwner: true);
            else Volatile.Write(ref _owner.State, 0);
        }
    }
}
