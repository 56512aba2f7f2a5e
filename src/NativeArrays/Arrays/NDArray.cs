using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using NativeArrays.Kernels;
using NativeArrays.Layout;
using NativeArrays.Memory;

namespace NativeArrays;

/// <summary>
/// An n-dimensional array over native memory: a flat, immutable (buffer, offset, layout) triple plus a lease on the
/// buffer. Owners and views are the same type; a view of a view points at the buffer directly. Dispose returns the
/// lease; the last lease frees the memory at once. Views never copy; methods that copy say so.
/// </summary>
/// <typeparam name="T">Element type: bool, byte, sbyte, short, ushort, int, uint, long, ulong, Half, float or double.</typeparam>
/// <remarks>
/// <c>_state</c> holds 1 = disposed, 2 = owner, 4 = read-only; bits 8-31 hold the handle of the <see cref="NDScope"/> that
/// owns the object. The inspector reads fields of this type by name: they are listed in <c>Diagnostics/InspectorContract.cs</c> (checked by a test); rename them there too. <c>_scopeSlot</c> (its position in that scope) fills the padding: the object is still 48 bytes on 64-bit; the layout is shared between views
/// with the same shape and strides.
/// </remarks>
public sealed unsafe partial class NDArray<T> : IDisposable where T : unmanaged
{
    internal const int DisposedFlag = 1;
    internal const int OwnerFlag = 2;
    internal const int ReadOnlyFlag = 4;

    private readonly NativeBuffer _buffer;
    private readonly NDLayout _layout;
    private readonly nint _offset;
    private int _state;

    /// <summary>Makes an array object holding a new lease on <paramref name="buffer"/>.</summary>
    /// <remarks>An owner takes the new buffer's first lease; a view (<paramref name="owner"/> false) passes the id its source read (<see cref="LiveBufferId"/>).</remarks>
    internal NDArray(NativeBuffer buffer, NDLayout layout, nint offset, bool owner, bool readOnly, long viewOfBufferId = 0)
        : this(buffer, layout, offset, owner, readOnly, firstLease: owner, viewOfBufferId)
    {
    }

    /// <summary>
    /// Makes an array object; <paramref name="firstLease"/> takes the new buffer's first lease, else a lease on generation
    /// <paramref name="leaseBufferId"/> (refused when the buffer was released or re-armed since). Joins the open <see cref="NDScope"/>, if any.
    /// </summary>
    private NDArray(NativeBuffer buffer, NDLayout layout, nint offset, bool owner, bool readOnly, bool firstLease, long leaseBufferId)
    {
        if (firstLease) buffer.AddFirstLease(); else buffer.AddLease(leaseBufferId);
        _buffer = buffer;
        _layout = layout;
        _offset = offset;
        _state = (owner ? OwnerFlag : 0) | (readOnly ? ReadOnlyFlag : 0);
        // A view's creation site is its own (the owner's is the buffer's): a leaked view's report names where it was made.
        if (!owner && NativeArraysSettings.Current is { CaptureAllocationSites: true, CaptureViewSites: true }) buffer.RecordViewSite(this);
        // No scope open anywhere: one read of a static counter is the whole cost.
        if (Volatile.Read(ref NDScope.s_openScopes) != 0) NDScope.Register(this);
    }

    /// <summary>Allocates an owner of the given layout's size.</summary>
    internal static NDArray<T> Allocate(ReadOnlySpan<nint> shape, bool zero, bool fortranOrder = false)
    {
        string dtype = DType.NameOf<T>();
        var layout = NDLayout.CreateContiguous(shape, fortranOrder);
        var buffer = NativeBuffer.Allocate(layout.Size, sizeof(T), dtype, zero);
        return new NDArray<T>(buffer, layout, 0, owner: true, readOnly: false);
    }

    // ---- Properties -------------------------------------------------------------------------------------------

    /// <summary>Length of each dimension.</summary>
    public ReadOnlySpan<nint> Shape => _layout.Shape;
    /// <summary>Step between neighbours along each dimension, in elements (negative allowed, 0 for broadcast).</summary>
    public ReadOnlySpan<nint> Strides => _layout.Strides;
    /// <summary>Element offset of index (0, ..., 0) from the buffer start.</summary>
    public nint Offset => _offset;
    /// <summary>Number of dimensions.</summary>
    public int Rank => _layout.Rank;
    /// <summary>Number of elements.</summary>
    public nint Size => _layout.Size;
    /// <summary>Length of the first dimension (NumPy's <c>len</c>).</summary>
    /// <exception cref="InvalidOperationException">The array is 0-d.</exception>
    public nint Length => Rank > 0 ? Shape[0] : throw new InvalidOperationException("A 0-d array has no length.");
    /// <summary>Bytes of the elements this array shows (not the buffer's size).</summary>
    public nint ByteCount => Size * sizeof(T);
    /// <summary>The shape and strides object (shared between views with the same ones).</summary>
    public NDLayout Layout => _layout;
    /// <summary>The native buffer: the base of every view, never a chain of parents.</summary>
    public NativeBuffer Buffer => _buffer;
    /// <summary>Whether writes through this array are refused (broadcast views, read-only maps).</summary>
    public bool IsReadOnly => (_state & ReadOnlyFlag) != 0;
    /// <summary>Whether this array created its buffer (false for views).</summary>
    public bool OwnsData => (_state & OwnerFlag) != 0;
    /// <summary>Whether this array is a view of a buffer it did not create.</summary>
    public bool IsView => (_state & OwnerFlag) == 0;
    /// <summary>Whether <see cref="Dispose"/> was called.</summary>
    public bool IsDisposed => (Volatile.Read(ref _state) & DisposedFlag) != 0;
    /// <summary>Whether the elements are row-major without gaps.</summary>
    public bool IsCContiguous => _layout.IsCContiguous;
    /// <summary>Whether the elements are column-major without gaps.</summary>
    public bool IsFContiguous => _layout.IsFContiguous;
    /// <summary>NumPy dtype name of the elements.</summary>
    public string ElementType => _buffer.ElementType;

    // ---- Lifetime -----------------------------------------------------------------------------------------------

    /// <summary>Returns this array's lease; the buffer is freed when the last array holding it is disposed. Idempotent.</summary>
    public void Dispose() => Release(asOwner: true);

    /// <summary>Marks this object disposed, leaves its scope and returns its lease; false when it was already disposed.</summary>
    private bool Release(bool asOwner)
    {
        int old = Interlocked.Or(ref _state, DisposedFlag);
        if ((old & DisposedFlag) != 0) return false;
        if ((old & ScopeHandleMask) != 0) NDScope.Remove(this);
        _buffer.ForgetViewSite(this);
        _buffer.ReleaseLease(asOwner && (old & OwnerFlag) != 0);
        return true;
    }

    /// <summary>Throws <see cref="ObjectDisposedException"/> when disposed, or when its buffer was closed under it (a view over a TensorSpan after its callback).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void ThrowIfDisposed()
    {
        if ((Volatile.Read(ref _state) & DisposedFlag) != 0 || _buffer.IsClosed) ThrowDisposed();
    }

    /// <summary>
    /// The id (generation) of this array's buffer, read BEFORE the disposed check: when the array is not disposed it
    /// holds a lease, so the buffer cannot have been retired and re-armed, and the id read is its own; every guard, kernel
    /// reference, lease and view then checks the buffer against it (see <see cref="NativeBuffer"/>'s remarks).
    /// Throws <see cref="ObjectDisposedException"/> when disposed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal long LiveBufferId()
    {
        long id = _buffer.Id;
        if ((Volatile.Read(ref _state) & DisposedFlag) != 0) ThrowDisposed();
        return id;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowDisposed() => throw new ObjectDisposedException(
        $"NDArray<{typeof(T).Name}>", $"This array of shape {NDLayout.ShapeText(Shape)} (buffer #{_buffer.Id}) was disposed.");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void ThrowIfReadOnly(string? what = null)
    {
        if (IsReadOnly) ThrowReadOnly(what);
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowReadOnly(string? what) =>
        throw new InvalidOperationException($"{what ?? "This array"} of shape {NDLayout.ShapeText(Shape)} is read-only (a broadcast view or read-only mapping); write to a copy instead.");

    /// <summary>
    /// Guards native access for a kernel: takes a kernel reference on this array's generation of the buffer
    /// (<see cref="NativeBuffer.TryAcquireKernelRef"/>) so a concurrent dispose cannot free (or park) the memory, and
    /// returns the address of element (0, ..., 0). Dispose the pin when done.
    /// </summary>
    internal ArrayPin<T> Pin()
    {
        ThrowIfDisposed();
        if (!_buffer.TryAcquireKernelRef(LiveBufferId())) ThrowDisposed();
        return new ArrayPin<T>(_buffer, (T*)_buffer.DangerousGetHandle() + _offset);
    }

    /// <summary>
    /// This array as a kernel operand holding a lease on its buffer (returned by the operand's <c>Dispose</c>): the
    /// SafeHandle reference is taken before the address is read, so a concurrent dispose cannot free the memory
    /// under the kernel; throws <see cref="ObjectDisposedException"/> naming this array when it is disposed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Kernels.Operand PinOperand()
    {
        // A closed buffer (a view over a TensorSpan after its callback) refuses the kernel reference, reported the same way.
        long id = _buffer.Id; // before the disposed check: see LiveBufferId
        if ((Volatile.Read(ref _state) & DisposedFlag) != 0 || !_buffer.TryAcquireKernelRef(id)) ThrowDisposed();
        var layout = _layout;
        return Kernels.Operand.Leased(_buffer, (T*)_buffer.DangerousGetHandle() + _offset, layout.Shape, layout.Strides, (_state & ReadOnlyFlag) != 0);
    }

    /// <summary>
    /// The buffer to hold in a <see cref="Memory.KernelGuard"/> for a call on this array (throws
    /// <see cref="ObjectDisposedException"/> when the array was disposed, as <see cref="PinOperand"/> does).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal GuardedBuffer GuardBuffer() => new(_buffer, LiveBufferId());

    /// <summary>This array as an operand without a lease, for a call whose <see cref="Memory.KernelGuard"/> holds its buffer (read the address only after entering it).</summary>
    internal Kernels.Operand GuardedOperand()
    {
        var layout = _layout;
        return new Kernels.Operand((T*)_buffer.DangerousGetHandle() + _offset, layout.Shape, layout.Strides, (_state & ReadOnlyFlag) != 0);
    }

    /// <summary>Address of element (0, ..., 0), for a call whose <see cref="Memory.KernelGuard"/> holds the buffer (read it only after entering the guard).</summary>
    internal T* GuardedPointer
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (T*)_buffer.DangerousGetHandle() + _offset;
    }

    /// <summary>Throws the <see cref="ObjectDisposedException"/> of <see cref="PinOperand"/> (a guard refused this array's buffer).</summary>
    internal void ThrowRefused() => ThrowDisposed();

    /// <summary>A new view object (new lease) of the same buffer.</summary>
    internal NDArray<T> NewView(NDLayout layout, nint offset, bool readOnly)
    {
        ThrowIfDisposed();
        return new NDArray<T>(_buffer, layout, offset, owner: false, readOnly: readOnly || IsReadOnly, LiveBufferId());
    }

    /// <summary>
    /// A new owner object of this owner's buffer with another layout of the same elements; this object is disposed
    /// without marking the owner gone (used to re-shape a fresh copy).
    /// </summary>
    internal NDArray<T> TransferOwnership(NDLayout layout)
    {
        var result = new NDArray<T>(_buffer, layout, _offset, owner: true, readOnly: IsReadOnly, firstLease: false, LiveBufferId());
        Release(asOwner: false);
        return result;
    }

    /// <summary>A new view object built from shape/strides spans.</summary>
    internal NDArray<T> NewView(ReadOnlySpan<nint> shape, ReadOnlySpan<nint> strides, nint offset, bool readOnly = false) =>
        NewView(NDLayout.Create(shape, strides), offset, readOnly);

    /// <summary>Borrows this array as a zero-allocation ref-struct view for a scope. Do not dispose the array meanwhile.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public NDSpan<T> AsNDSpan()
    {
        // One read of the state for both checks (the id first, as in LiveBufferId); a buffer freed some other way is
        // refused where the view is used (its accessors and every kernel's guard check the buffer and its id).
        long id = _buffer.Id;
        if ((Volatile.Read(ref _state) & (DisposedFlag | ReadOnlyFlag)) != 0) ThrowSpanRefused();
        return new NDSpan<T>(_buffer, id, _offset, _layout);
    }

    /// <summary>Borrows this array as a read-only zero-allocation ref-struct view for a scope.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlyNDSpan<T> AsReadOnlyNDSpan() => new(_buffer, LiveBufferId(), _offset, _layout);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowSpanRefused()
    {
        ThrowIfDisposed();
        ThrowIfReadOnly();
    }

    /// <summary>The elements as a span; only for C-contiguous arrays of fewer than 2^31 elements. Do not dispose meanwhile.</summary>
    /// <exception cref="InvalidOperationException">The array is not C-contiguous, too large, or read-only.</exception>
    public Span<T> AsSpan()
    {
        ThrowIfReadOnly();
        return new Span<T>(ContiguousPointer(), (int)Size);
    }

    /// <summary>The elements as a read-only span; only for C-contiguous arrays of fewer than 2^31 elements.</summary>
    public ReadOnlySpan<T> AsReadOnlySpan() => new(ContiguousPointer(), (int)Size);

    private T* ContiguousPointer()
    {
        // The address escapes: the buffer is never parked (the flag's interlocked operation precedes the disposed check).
        _buffer.MarkNeverPark();
        ThrowIfDisposed();
        if (!IsCContiguous)
            throw new InvalidOperationException($"AsSpan needs a C-contiguous array; this one has shape {NDLayout.ShapeText(Shape)} and strides {NDLayout.ShapeText(Strides)}. Use AsContiguous() (may copy) first.");
        if (Size > int.MaxValue)
            throw new InvalidOperationException($"An array of {Size} elements does not fit a Span; use the kernels or NDSpan.");
        return (T*)_buffer.DangerousGetHandle() + _offset;
    }

    // ---- Elements -----------------------------------------------------------------------------------------------

    /// <summary>The element at <paramref name="index"/> (negative positions count from the end).</summary>
    /// <exception cref="ArgumentException">Wrong number of indices.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is out of bounds; the message names axis and size.</exception>
    public T Get(params ReadOnlySpan<nint> index)
    {
        ThrowIfDisposed();
        nint o = LayoutOps.OffsetOf(Shape, Strides, index);
        using var pin = Pin();
        return pin.Pointer[o];
    }

    /// <summary>Writes <paramref name="value"/> at <paramref name="index"/>.</summary>
    /// <exception cref="InvalidOperationException">The array is read-only.</exception>
    public void Set(ReadOnlySpan<nint> index, T value)
    {
        ThrowIfDisposed();
        ThrowIfReadOnly();
        nint o = LayoutOps.OffsetOf(Shape, Strides, index);
        using var pin = Pin();
        pin.Pointer[o] = value;
    }

    /// <summary>The single element of a 0-d or one-element array.</summary>
    /// <exception cref="InvalidOperationException">The array has more or fewer than one element.</exception>
    public T Item()
    {
        if (Size != 1) throw new InvalidOperationException($"Item() needs exactly one element; shape {NDLayout.ShapeText(Shape)} has {Size}.");
        using var pin = Pin();
        return *pin.Pointer;
    }

    /// <summary>Sets every element to <paramref name="value"/>.</summary>
    public void Fill(T value)
    {
        ThrowIfReadOnly();
        using var pin = Pin();
        NdIterator.FillOrdered(pin.Pointer, Shape, Strides, value);
    }

    /// <inheritdoc/>
    public override string ToString() => IsDisposed
        ? $"NDArray<{typeof(T).Name}>(disposed)"
        : Arrays.ArrayFormatter.Format(this);
}

/// <summary>A kernel reference (<see cref="NativeBuffer.TryAcquireKernelRef"/>) held while a kernel touches native memory.</summary>
internal readonly unsafe struct ArrayPin<T> : IDisposable where T : unmanaged
{
    private readonly NativeBuffer _buffer;
    /// <summary>Address of element (0, ..., 0).</summary>
    public readonly T* Pointer;

    internal ArrayPin(NativeBuffer buffer, T* pointer)
    {
        _buffer = buffer;
        Pointer = pointer;
    }

    /// <summary>The buffer this pin holds.</summary>
    public NativeBuffer Buffer => _buffer;

    /// <summary>Releases the reference.</summary>
    public void Dispose() => _buffer?.ReleaseKernelRef();
}
