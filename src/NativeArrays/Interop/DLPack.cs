using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NativeArrays.Common;
using NativeArrays.Layout;
using NativeArrays.Memory;

namespace NativeArrays.Interop;

/// <summary>
/// DLPack, the cross-framework zero-copy tensor protocol (dmlc/dlpack <c>dlpack.h</c>, version 1.1), for CPU memory.
/// <para>Export: <see cref="ExportVersioned{T}"/> / <see cref="Export{T}"/> hand out a managed tensor over the array's memory
/// (no copy, any strides including negative) that holds a lease on the buffer: the memory stays valid after the array is
/// disposed, until the consumer calls the tensor's deleter (exactly once), which returns the lease.</para>
/// <para>Import: <see cref="Import{T}(DLManagedTensorVersioned*)"/> wraps a producer's tensor in an array (no copy) whose
/// buffer has kind <see cref="NativeBufferKind.External"/>; the producer's deleter is called exactly once, when the last
/// array over it is disposed (or by the buffer's finalizer). If an import throws, the caller still owns the tensor.</para>
/// </summary>
public static unsafe class DLPack
{
    /// <summary>The DLPack version this binding implements.</summary>
    public static DLPackVersion Version => new() { Major = 1, Minor = 1 };

    /// <summary>
    /// Exports <paramref name="array"/> as a <see cref="DLManagedTensorVersioned"/> (no copy). Read-only arrays (broadcast
    /// views, read-only maps) carry <see cref="DLManagedTensorVersioned.FlagReadOnly"/>. The consumer must call the deleter
    /// exactly once; it returns the lease and frees the struct. Exports of a <see cref="NDArray{T}.UseTensorView(System.Numerics.Tensors.TensorSpan{T}, Action{NDArray{T}})"/>
    /// view must be deleted inside the callback.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="array"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The array was disposed.</exception>
    public static DLManagedTensorVersioned* ExportVersioned<T>(NDArray<T> array) where T : unmanaged
    {
        var export = (DLManagedTensorVersioned*)Prepare(array, sizeof(DLManagedTensorVersioned), out var tensor, out void* ctx);
        export->Version = Version;
        export->ManagerCtx = ctx;
        export->Deleter = &DeleteVersioned;
        export->Flags = array.IsReadOnly ? DLManagedTensorVersioned.FlagReadOnly : 0;
        export->DLTensor = tensor;
        return export;
    }

    /// <summary>
    /// Exports <paramref name="array"/> as a legacy <see cref="DLManagedTensor"/> (no copy). The legacy struct has no flags:
    /// a read-only array is refused (use <see cref="ExportVersioned{T}"/>). The consumer calls the deleter exactly once.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="array"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The array is read-only.</exception>
    public static DLManagedTensor* Export<T>(NDArray<T> array) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        array.ThrowIfReadOnly("A legacy DLManagedTensor cannot say read-only: this array");
        var export = (DLManagedTensor*)Prepare(array, sizeof(DLManagedTensor), out var tensor, out void* ctx);
        export->DLTensor = tensor;
        export->ManagerCtx = ctx;
        export->Deleter = &DeleteLegacy;
        return export;
    }

    /// <summary>
    /// Allocates the managed-tensor struct with room for shape and strides after it, takes a lease on the buffer and fills
    /// the DLTensor. The context is a GCHandle to the buffer.
    /// </summary>
    private static void* Prepare<T>(NDArray<T> array, int headerSize, out DLTensor tensor, out void* ctx) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        var buffer = array.Buffer;
        // The address escapes to a foreign consumer: never parked (flag before the disposed check and the lease).
        buffer.MarkNeverPark();
        array.ThrowIfDisposed();
        int rank = array.Rank;
        var dtype = DataTypeOf<T>();
        buffer.AddLease(array.LiveBufferId());
        byte* block = null;
        GCHandle handle = default;
        try
        {
            block = (byte*)NativeMemory.AllocZeroed((nuint)(headerSize + 2 * rank * sizeof(long)));
            handle = GCHandle.Alloc(buffer);
            long* shape = (long*)(block + headerSize);
            long* strides = shape + rank;
            for (int d = 0; d < rank; d++)
            {
                shape[d] = array.Shape[d];
                strides[d] = array.Strides[d];
            }
            tensor = new DLTensor
            {
                Data = (T*)buffer.DangerousGetHandle() + array.Offset,
                Device = new DLDevice { DeviceType = DLDeviceType.Cpu, DeviceId = 0 },
                NDim = rank,
                DType = dtype,
                Shape = rank == 0 ? null : shape,
                Strides = rank == 0 ? null : strides,
                ByteOffset = 0,
            };
            ctx = (void*)GCHandle.ToIntPtr(handle);
            return block;
        }
        catch
        {
            if (handle.IsAllocated) handle.Free();
            NativeMemory.Free(block);
            buffer.ReleaseLease(isOwner: false);
            throw;
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void DeleteVersioned(DLManagedTensorVersioned* self)
    {
        if (self is null) return;
        ReturnLease(self->ManagerCtx);
        NativeMemory.Free(self);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void DeleteLegacy(DLManagedTensor* self)
    {
        if (self is null) return;
        ReturnLease(self->ManagerCtx);
        NativeMemory.Free(self);
    }

    /// <summary>Returns the export's lease and frees its GCHandle. Never throws (it runs under a native caller).</summary>
    private static void ReturnLease(void* ctx)
    {
        try
        {
            var handle = GCHandle.FromIntPtr((nint)ctx);
            var buffer = (NativeBuffer?)handle.Target;
            handle.Free();
            buffer?.ReleaseLease(isOwner: false);
        }
        catch (Exception e)
        {
            try { Console.Error.WriteLine($"NativeArrays: DLPack deleter failed: {e}"); }
            catch (IOException) { }
            catch (ObjectDisposedException) { }
        }
    }

    /// <summary>
    /// An array over a producer's <see cref="DLManagedTensorVersioned"/> (no copy); the producer's deleter is called exactly
    /// once when the last array over it lets go. A tensor flagged read-only gives a read-only array.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="tensor"/> is null.</exception>
    /// <exception cref="NotSupportedException">A device other than the CPU, a major version other than 1, an element type other than <typeparamref name="T"/>, or vector lanes; the message names them.</exception>
    /// <exception cref="ArgumentException">A null data pointer with elements, a negative dimension or rank above the maximum.</exception>
    public static NDArray<T> Import<T>(DLManagedTensorVersioned* tensor) where T : unmanaged
    {
        if (tensor is null) throw new ArgumentNullException(nameof(tensor));
        if (tensor->Version.Major != 1)
            throw new NotSupportedException($"DLPack major version {tensor->Version.Major}.{tensor->Version.Minor} is not supported (this binding reads version 1.x).");
        var deleter = tensor->Deleter;
        bool readOnly = (tensor->Flags & DLManagedTensorVersioned.FlagReadOnly) != 0;
        return ImportCore<T>(&tensor->DLTensor, readOnly, deleter is null ? null : () => deleter(tensor));
    }

    /// <summary>
    /// An array over a producer's legacy <see cref="DLManagedTensor"/> (no copy); the producer's deleter is called exactly
    /// once when the last array over it lets go.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="tensor"/> is null.</exception>
    /// <exception cref="NotSupportedException">A device other than the CPU, an element type other than <typeparamref name="T"/>, or vector lanes.</exception>
    /// <exception cref="ArgumentException">A null data pointer with elements, a negative dimension or rank above the maximum.</exception>
    public static NDArray<T> Import<T>(DLManagedTensor* tensor) where T : unmanaged
    {
        if (tensor is null) throw new ArgumentNullException(nameof(tensor));
        var deleter = tensor->Deleter;
        return ImportCore<T>(&tensor->DLTensor, readOnly: false, deleter is null ? null : () => deleter(tensor));
    }

    private static NDArray<T> ImportCore<T>(DLTensor* t, bool readOnly, Action? delete) where T : unmanaged
    {
        if (t->Device.DeviceType != DLDeviceType.Cpu)
            throw new NotSupportedException($"DLPack tensor on device {t->Device.DeviceType} ({(int)t->Device.DeviceType}) #{t->Device.DeviceId}: NativeArrays imports CPU memory only (kDLCPU); copy it to the host first.");
        var expected = DataTypeOf<T>();
        if (t->DType.Code != expected.Code || t->DType.Bits != expected.Bits || t->DType.Lanes != expected.Lanes)
            throw new NotSupportedException($"DLPack tensor of element type {t->DType} cannot be imported as {typeof(T).Name} ({expected}).");
        if (t->NDim < 0 || t->NDim > NDLayout.MaxRank)
            throw new ArgumentException($"DLPack tensor rank {t->NDim} is outside [0, {NDLayout.MaxRank}].", nameof(t));
        int rank = t->NDim;
        if (rank > 0 && t->Shape is null)
            throw new ArgumentException($"DLPack tensor of rank {rank} has a null shape pointer.", nameof(t));
        Span<nint> shape = stackalloc nint[rank];
        Span<nint> strides = stackalloc nint[rank];
        for (int d = 0; d < rank; d++) shape[d] = checked((nint)t->Shape[d]);
        if (t->Strides is null) NDLayout.ContiguousStrides(shape, strides);
        else for (int d = 0; d < rank; d++) strides[d] = checked((nint)t->Strides[d]);
        nint size = NDLayout.CheckedSize(shape);
        if (t->Data is null || size == 0)
        {
            if (size != 0)
                throw new ArgumentException($"DLPack tensor of shape {NDLayout.ShapeText(shape)} has a null data pointer.", nameof(t));
            // Nothing to share: an empty array; the producer's tensor is returned at once.
            var empty = NDArray<T>.Empty(shape);
            delete?.Invoke();
            return empty;
        }
        nint first = checked((nint)t->Data + (nint)t->ByteOffset);
        return NDArray<T>.WrapCore(first, shape, strides, delete ?? (static () => { }), readOnly, "DLPack import");
    }

    /// <summary>The DLPack data type of <typeparamref name="T"/>.</summary>
    /// <exception cref="NotSupportedException">A type with no DLPack code.</exception>
    public static DLDataType DataTypeOf<T>() where T : unmanaged
    {
        DLDataTypeCode code = ElementTypes.TryOf<T>()?.Kind switch
        {
            ElementKind.Bool => DLDataTypeCode.Bool,
            ElementKind.Float => DLDataTypeCode.Float,
            ElementKind.SignedInteger => DLDataTypeCode.Int,
            ElementKind.UnsignedInteger => DLDataTypeCode.UInt,
            _ => throw new NotSupportedException($"{typeof(T).Name} has no DLPack data type."),
        };
        return new DLDataType { Code = code, Bits = (byte)(sizeof(T) * 8), Lanes = 1 };
    }
}
