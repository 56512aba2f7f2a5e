// The inspector's contract: every library type and field name that tools/NativeArrays.Inspection reads from a target
// process's heap (ClrMD, by name), and the values of the fields it decodes. This file is compiled into the library and
// linked into the inspector (see tools/NativeArrays.Inspection/NativeArrays.Inspection.csproj), so both sides use these
// constants; native-tests/NativeArrays.Tests/Inspector/InspectorContractTests.cs checks each one against the library
// by reflection. Renaming or retyping a field listed here, or moving a type to another namespace, is a change of the
// contract: change it here, and the test tells whether the library still matches.
// It declares names only (no library type is used), so the inspector needs no reference to the library.
#if NATIVEARRAYS_INSPECTION
namespace NativeArrays.Inspection;
#else
namespace NativeArrays.Diagnostics;
#endif

/// <summary>Type and field names of the library that the inspector reads from a heap, and the values it decodes.</summary>
internal static class InspectorContract
{
    /// <summary><c>NativeArrays.Memory.NativeBuffer</c>: one native block (a SafeHandle).</summary>
    internal static class Buffer
    {
        public const string TypeName = "NativeArrays.Memory.NativeBuffer";
        public const string Id = "_id";
        public const string ByteLength = "_byteLength";
        public const string FootprintBytes = "_footprintBytes";
        public const string ElementSize = "_elementSize";
        public const string Alignment = "_alignment";
        public const string ElementType = "_elementType";
        public const string Leases = "_leases";
        public const string OwnerDisposed = "_ownerDisposed";
        public const string Freed = "_freed";
        public const string CreationSite = "_creationSite";
        public const string Kind = "_kind";
        public const string Tracked = "_tracked";
        /// <summary>1 while the buffer is parked in the buffer cache (not live: listed apart), 2 once the cache released it.</summary>
        public const string Parked = "_parked";
        public const int ParkedInCache = 1;
        /// <summary>Static: the id counter (the last id handed out, in blocks per thread: at least the buffers ever created, and every buffer id is at most it).</summary>
        public const string NextId = "s_nextId";
        /// <summary>The address, declared by <c>System.Runtime.InteropServices.SafeHandle</c>.</summary>
        public const string Handle = "handle";
        /// <summary>SafeHandle's state, declared by <c>System.Runtime.InteropServices.SafeHandle</c>: bit 1 = disposed.</summary>
        public const string SafeHandleState = "_state";
        public const int SafeHandleDisposedBit = 2;
        public const string SafeHandleTypeName = "System.Runtime.InteropServices.SafeHandle";
    }

    /// <summary>Values of <c>NativeBuffer._kind</c> (the public enum <c>NativeBufferKind</c>).</summary>
    internal static class BufferKind
    {
        public const int Heap = 0;
        public const int MemoryMapped = 1;
        public const int External = 2;
    }

    /// <summary><c>NativeArrays.NDArray&lt;T&gt;</c>: an array object (owner or view).</summary>
    internal static class Array
    {
        /// <summary>Name prefix: the type is generic over the element type.</summary>
        public const string TypeNamePrefix = "NativeArrays.NDArray<";
        /// <summary>The generic definition's reflection name (for the contract test).</summary>
        public const string GenericTypeName = "NativeArrays.NDArray`1";
        public const string Buffer = "_buffer";
        public const string Layout = "_layout";
        public const string Offset = "_offset";
        public const string State = "_state";
        /// <summary>Bits of <see cref="State"/> (bits 8-31 hold the owning scope's handle).</summary>
        public const int DisposedBit = 1, OwnerBit = 2, ReadOnlyBit = 4;
    }

    /// <summary><c>NativeArrays.Layout.NDLayout</c>: shape and strides, shared between views.</summary>
    internal static class Layout
    {
        public const string TypeName = "NativeArrays.Layout.NDLayout";
        /// <summary>Shape entries, then stride entries (<c>nint[]</c>, length 2 × rank).</summary>
        public const string Dims = "_dims";
        public const string Flags = "_flags";
        public const int CContiguousBit = 1, FContiguousBit = 2;
    }

    /// <summary><c>NativeArrays.Memory.AllocationTracker</c>: static counters.</summary>
    internal static class Tracker
    {
        public const string TypeName = "NativeArrays.Memory.AllocationTracker";
        public const string LiveBuffers = "s_liveBuffers";
        public const string LiveBytes = "s_liveBytes";
        public const string LiveMappedBytes = "s_liveMappedBytes";
        public const string LiveFootprintBytes = "s_liveFootprintBytes";
        public const string TotalAllocations = "s_totalAllocations";
    }

    /// <summary><c>NativeArrays.Memory.NativeAllocator</c>: the bytes it keeps for reuse.</summary>
    internal static class Allocator
    {
        public const string TypeName = "NativeArrays.Memory.NativeAllocator";
        public const string CachedBytes = "s_cachedBytes";
    }

    /// <summary><c>NativeArrays.Memory.MappedRegion</c>: the file behind a memory-mapped buffer (a dependent handle's secondary).</summary>
    internal static class MappedRegion
    {
        public const string TypeName = "NativeArrays.Memory.MappedRegion";
        public const string Path = "_path";
        /// <summary>0 = "r", 1 = "r+", 2 = "c" (the values of <c>NpyMapMode</c>).</summary>
        public const string Mode = "_mode";
        public const int ReadOnly = 0, ReadWrite = 1, CopyOnWrite = 2;
    }

    /// <summary><c>NativeArrays.NativeArraysSettings</c>: whether buffers are tracked.</summary>
    internal static class Settings
    {
        public const string TypeName = "NativeArrays.NativeArraysSettings";
        /// <summary>Static: the current settings (null until first read).</summary>
        public const string Current = "s_current";
        public const string TrackAllocations = "<TrackAllocations>k__BackingField";
    }

    /// <summary><c>NativeArrays.NDScope</c>: the open scopes and what each owns.</summary>
    internal static class Scope
    {
        public const string TypeName = "NativeArrays.NDScope";
        /// <summary>Static: open scopes by handle (index 0 unused).</summary>
        public const string Table = "s_table";
        public const string Id = "_id";
        public const string Depth = "_depth";
        public const string Count = "_count";
        public const string ScopedBytes = "_scopedBytes";
        public const string Closed = "_closed";
    }

    /// <summary>One field the inspector reads: declaring type (reflection name), field, field type, static or not.</summary>
    internal readonly record struct Field(string Type, string Name, string FieldType, bool IsStatic = false);

    /// <summary>Every field the inspector reads, with the type it reads it as.</summary>
    internal static readonly Field[] Fields =
    [
        new(Buffer.TypeName, Buffer.Id, "System.Int64"),
        new(Buffer.TypeName, Buffer.ByteLength, "System.IntPtr"),
        new(Buffer.TypeName, Buffer.FootprintBytes, "System.IntPtr"),
        new(Buffer.TypeName, Buffer.ElementSize, "System.Int32"),
        new(Buffer.TypeName, Buffer.Alignment, "System.Int32"),
        new(Buffer.TypeName, Buffer.ElementType, "System.String"),
        new(Buffer.TypeName, Buffer.Leases, "System.Int32"),
        new(Buffer.TypeName, Buffer.OwnerDisposed, "System.Int32"),
        new(Buffer.TypeName, Buffer.Freed, "System.Int32"),
        new(Buffer.TypeName, Buffer.CreationSite, "System.String"),
        new(Buffer.TypeName, Buffer.Kind, "System.Int32"),
        new(Buffer.TypeName, Buffer.Tracked, "System.Boolean"),
        new(Buffer.TypeName, Buffer.Parked, "System.Int32"),
        new(Buffer.TypeName, Buffer.NextId, "System.Int64", IsStatic: true),
        new(Buffer.SafeHandleTypeName, Buffer.Handle, "System.IntPtr"),
        new(Buffer.SafeHandleTypeName, Buffer.SafeHandleState, "System.Int32"),
        new(Array.GenericTypeName, Array.Buffer, Buffer.TypeName),
        new(Array.GenericTypeName, Array.Layout, Layout.TypeName),
        new(Array.GenericTypeName, Array.Offset, "System.IntPtr"),
        new(Array.GenericTypeName, Array.State, "System.Int32"),
        new(Layout.TypeName, Layout.Dims, "System.IntPtr[]"),
        new(Layout.TypeName, Layout.Flags, "System.Int32"),
        new(Tracker.TypeName, Tracker.LiveBuffers, "System.Int64", IsStatic: true),
        new(Tracker.TypeName, Tracker.LiveBytes, "System.Int64", IsStatic: true),
        new(Tracker.TypeName, Tracker.LiveMappedBytes, "System.Int64", IsStatic: true),
        new(Tracker.TypeName, Tracker.LiveFootprintBytes, "System.Int64", IsStatic: true),
        new(Tracker.TypeName, Tracker.TotalAllocations, "System.Int64", IsStatic: true),
        new(Allocator.TypeName, Allocator.CachedBytes, "System.Int64", IsStatic: true),
        new(MappedRegion.TypeName, MappedRegion.Path, "System.String"),
        new(MappedRegion.TypeName, MappedRegion.Mode, "System.Int32"),
        new(Settings.TypeName, Settings.Current, Settings.TypeName, IsStatic: true),
        new(Settings.TypeName, Settings.TrackAllocations, "System.Boolean"),
        new(Scope.TypeName, Scope.Table, Scope.TypeName + "[]", IsStatic: true),
        new(Scope.TypeName, Scope.Id, "System.Int64"),
        new(Scope.TypeName, Scope.Depth, "System.Int32"),
        new(Scope.TypeName, Scope.Count, "System.Int32"),
        new(Scope.TypeName, Scope.ScopedBytes, "System.Int64"),
        new(Scope.TypeName, Scope.Closed, "System.Int32"),
    ];
}
