using NativeArrays.Memory;

namespace NativeArrays;

// Scope membership: which NDScope owns this object (handle in the upper bits of _state, position in _scopeSlot).
public sealed partial class NDArray<T> : IScopeMember
{
    private const int ScopeHandleShift = 8;
    private const int ScopeHandleMask = unchecked((int)0xFFFFFF00);

    /// <summary>Position of this object in its scope's list (meaningful only while the scope handle is set).</summary>
    private int _scopeSlot;

    /// <summary>
    /// Moves this array from the scope that owns it to the nearest open scope enclosing that one, or to no scope (the
    /// caller then owns it and disposes it). The way to return a result out of a scope:
    /// <c>using (NDScope.Begin()) { ...; return result.MoveToOuterScope(); }</c>. An array in no scope is left as it is.
    /// </summary>
    /// <returns>This array.</returns>
    /// <exception cref="ObjectDisposedException">The array was disposed (its scope has ended, or it was disposed early).</exception>
    public NDArray<T> MoveToOuterScope()
    {
        ThrowIfDisposed();
        NDScope.MoveOut(this);
        return this;
    }

    /// <summary>Removes this array from any scope: the caller owns it and must dispose it. An array in no scope is left as it is.</summary>
    /// <returns>This array.</returns>
    /// <exception cref="ObjectDisposedException">The array was disposed.</exception>
    public NDArray<T> DetachFromScope()
    {
        ThrowIfDisposed();
        NDScope.Remove(this);
        return this;
    }

    /// <summary>Whether an open <see cref="NDScope"/> owns this array (it is disposed when that scope ends).</summary>
    public bool IsScoped => (Volatile.Read(ref _state) & ScopeHandleMask) != 0;

    int IScopeMember.ScopeHandle
    {
        get => (int)((uint)Volatile.Read(ref _state) >> ScopeHandleShift);
        set
        {
            int state, updated;
            do
            {
                state = Volatile.Read(ref _state);
                updated = (state & ~ScopeHandleMask) | (value << ScopeHandleShift);
            }
            while (Interlocked.CompareExchange(ref _state, updated, state) != state);
        }
    }

    int IScopeMember.ScopeSlot
    {
        get => _scopeSlot;
        set => _scopeSlot = value;
    }

    long IScopeMember.ScopedBytes => OwnsData && _buffer.Kind == NativeBufferKind.Heap ? _buffer.ByteLength : 0;

    bool IScopeMember.DisposeFromScope() => Release(asOwner: true);
}
