using System.Runtime.InteropServices;

namespace NativeArrays.Interop;

// The DLPack ABI (dmlc/dlpack include/dlpack/dlpack.h, version 1.1), field for field.

/// <summary>DLPack's <c>DLPackVersion</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct DLPackVersion
{
    /// <summary>Major version (1 for this binding).</summary>
    public uint Major;
    /// <summary>Minor version.</summary>
    public uint Minor;
}

/// <summary>DLPack's <c>DLDeviceType</c>.</summary>
public enum DLDeviceType
{
    /// <summary><c>kDLCPU</c>: host memory (the only one NativeArrays accepts).</summary>
    Cpu = 1,
    /// <summary><c>kDLCUDA</c>.</summary>
    Cuda = 2,
    /// <summary><c>kDLCUDAHost</c>: pinned host memory of the CUDA driver.</summary>
    CudaHost = 3,
    /// <summary><c>kDLOpenCL</c>.</summary>
    OpenCL = 4,
    /// <summary><c>kDLVulkan</c>.</summary>
    Vulkan = 7,
    /// <summary><c>kDLMetal</c>.</summary>
    Metal = 8,
    /// <summary><c>kDLVPI</c>.</summary>
    Vpi = 9,
    /// <summary><c>kDLROCM</c>.</summary>
    Rocm = 10,
    /// <summary><c>kDLROCMHost</c>.</summary>
    RocmHost = 11,
    /// <summary><c>kDLExtDev</c>.</summary>
    ExtDev = 12,
    /// <summary><c>kDLCUDAManaged</c>.</summary>
    CudaManaged = 13,
    /// <summary><c>kDLOneAPI</c>.</summary>
    OneApi = 14,
    /// <summary><c>kDLWebGPU</c>.</summary>
    WebGpu = 15,
    /// <summary><c>kDLHexagon</c>.</summary>
    Hexagon = 16,
    /// <summary><c>kDLMAIA</c>.</summary>
    Maia = 17,
    /// <summary><c>kDLTrn</c>.</summary>
    Trn = 18,
}

/// <summary>DLPack's <c>DLDevice</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct DLDevice
{
    /// <summary>The kind of device.</summary>
    public DLDeviceType DeviceType;
    /// <summary>The device index (0 for the CPU).</summary>
    public int DeviceId;
}

/// <summary>DLPack's <c>DLDataTypeCode</c> (the codes NativeArrays maps; others are refused on import).</summary>
public enum DLDataTypeCode : byte
{
    /// <summary><c>kDLInt</c>: signed integer.</summary>
    Int = 0,
    /// <summary><c>kDLUInt</c>: unsigned integer.</summary>
    UInt = 1,
    /// <summary><c>kDLFloat</c>: IEEE floating point.</summary>
    Float = 2,
    /// <summary><c>kDLOpaqueHandle</c>.</summary>
    OpaqueHandle = 3,
    /// <summary><c>kDLBfloat</c>.</summary>
    Bfloat = 4,
    /// <summary><c>kDLComplex</c>.</summary>
    Complex = 5,
    /// <summary><c>kDLBool</c>.</summary>
    Bool = 6,
}

/// <summary>DLPack's <c>DLDataType</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct DLDataType
{
    /// <summary>Type code (<see cref="DLDataTypeCode"/>).</summary>
    public DLDataTypeCode Code;
    /// <summary>Bits per lane.</summary>
    public byte Bits;
    /// <summary>Lanes (1 for scalars; NativeArrays refuses vector types).</summary>
    public ushort Lanes;

    /// <summary>Text such as <c>float32</c> or <c>int64x4</c>.</summary>
    public override readonly string ToString() =>
        $"{Code.ToString().ToLowerInvariant()}{Bits}{(Lanes == 1 ? "" : $"x{Lanes}")}";
}

/// <summary>DLPack's <c>DLTensor</c>: data pointer, device, rank, type, shape, strides (in elements) and byte offset.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct DLTensor
{
    /// <summary>The data pointer (element (0, ..., 0) is at <c>Data + ByteOffset</c>).</summary>
    public void* Data;
    /// <summary>Where the memory lives.</summary>
    public DLDevice Device;
    /// <summary>Number of dimensions.</summary>
    public int NDim;
    /// <summary>Element type.</summary>
    public DLDataType DType;
    /// <summary>Length of each dimension (<see cref="NDim"/> values).</summary>
    public long* Shape;
    /// <summary>Stride of each dimension in elements, or null for compact row-major.</summary>
    public long* Strides;
    /// <summary>Offset in bytes from <see cref="Data"/> to element (0, ..., 0).</summary>
    public ulong ByteOffset;
}

/// <summary>DLPack's legacy <c>DLManagedTensor</c> (no version, no flags).</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct DLManagedTensor
{
    /// <summary>The tensor.</summary>
    public DLTensor DLTensor;
    /// <summary>The producer's context.</summary>
    public void* ManagerCtx;
    /// <summary>The producer's deleter: the consumer calls it exactly once when done (may be null).</summary>
    public delegate* unmanaged[Cdecl]<DLManagedTensor*, void> Deleter;
}

/// <summary>DLPack's <c>DLManagedTensorVersioned</c> (version, deleter, flags, tensor).</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct DLManagedTensorVersioned
{
    /// <summary><c>DLPACK_FLAG_BITMASK_READ_ONLY</c>: the consumer must not write.</summary>
    public const ulong FlagReadOnly = 1UL << 0;
    /// <summary><c>DLPACK_FLAG_BITMASK_IS_COPIED</c>: the producer copied the data for this export.</summary>
    public const ulong FlagIsCopied = 1UL << 1;

    /// <summary>The DLPack version of the producer.</summary>
    public DLPackVersion Version;
    /// <summary>The producer's context.</summary>
    public void* ManagerCtx;
    /// <summary>The producer's deleter: the consumer calls it exactly once when done (may be null).</summary>
    public delegate* unmanaged[Cdecl]<DLManagedTensorVersioned*, void> Deleter;
    /// <summary>Bit flags (<see cref="FlagReadOnly"/>, <see cref="FlagIsCopied"/>).</summary>
    public ulong Flags;
    /// <summary>The tensor.</summary>
    public DLTensor DLTensor;
}
