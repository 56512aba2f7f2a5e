namespace NativeArrays;

/// <summary>
/// One item of a NumPy-style basic index: an integer (drops the axis), a slice <c>start:stop:step</c>,
/// <see cref="NewAxis"/> or <see cref="Ellipsis"/>. Converts implicitly from <see cref="int"/>, <see cref="long"/>,
/// <see cref="Index"/> (<c>^1</c>) and <see cref="Range"/> (<c>2..^1</c>).
/// </summary>
public readonly struct SliceIndex : IEquatable<SliceIndex>
{
    internal enum Kinds : byte { Index, Slice, NewAxis, Ellipsis }

    // For Index: _start is the position (negative counts from the end).
    // For Slice: _start/_stop hold positions; HasStart/HasStop say whether they were given; negative counts from the end.
    private readonly nint _start, _stop, _step;
    private readonly Kinds _kind;
    private readonly bool _hasStart, _hasStop;

    private SliceIndex(Kinds kind, nint start, bool hasStart, nint stop, bool hasStop, nint step)
    {
        _kind = kind; _start = start; _hasStart = hasStart; _stop = stop; _hasStop = hasStop; _step = step;
    }

    internal Kinds Kind => _kind;

    /// <summary>Inserts a new axis of length 1 (NumPy's <c>None</c>/<c>np.newaxis</c>).</summary>
    public static SliceIndex NewAxis => new(Kinds.NewAxis, 0, false, 0, false, 0);
    /// <summary>Stands for as many full slices as needed (NumPy's <c>...</c>).</summary>
    public static SliceIndex Ellipsis => new(Kinds.Ellipsis, 0, false, 0, false, 0);
    /// <summary>The full slice <c>:</c>.</summary>
    public static SliceIndex All => new(Kinds.Slice, 0, false, 0, false, 1);

    /// <summary>A single position; negative counts from the end (<c>-1</c> is the last). Drops the axis.</summary>
    public static SliceIndex At(nint index) => new(Kinds.Index, index, true, 0, false, 0);

    /// <summary>
    /// The NumPy slice <c>start:stop:step</c>; null means "omitted", negative positions count from the end, and
    /// out-of-range positions are clipped as NumPy does.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="step"/> is 0.</exception>
    public static SliceIndex Slice(nint? start = null, nint? stop = null, nint step = 1)
    {
        if (step == 0) throw new ArgumentException("Slice step cannot be zero.", nameof(step));
        return new(Kinds.Slice, start ?? 0, start.HasValue, stop ?? 0, stop.HasValue, step);
    }

    /// <summary>An integer position.</summary>
    public static implicit operator SliceIndex(int index) => At(index);
    /// <summary>An integer position.</summary>
    public static implicit operator SliceIndex(long index) => At((nint)index);
    /// <summary>A position, <c>^k</c> counting from the end (<c>^0</c> is one past the end: out of bounds).</summary>
    public static implicit operator SliceIndex(Index index) => index.IsFromEnd
        ? new(Kinds.Index, index.Value, true, 0, hasStop: true, 0)   // hasStop marks "from the end" for an Index
        : At(index.Value);
    /// <summary>A step-1 slice; <c>^k</c> counts from the end; positions beyond the axis are clipped.</summary>
    public static implicit operator SliceIndex(Range range)
    {
        // ^0 as a start means "at the end"; as a stop, "through the end".
        nint start = range.Start.IsFromEnd ? -(nint)range.Start.Value : range.Start.Value;
        bool startAtEnd = range.Start.IsFromEnd && range.Start.Value == 0;
        bool stopAtEnd = range.End.IsFromEnd && range.End.Value == 0;
        nint stop = range.End.IsFromEnd ? -(nint)range.End.Value : range.End.Value;
        return startAtEnd
            ? new(Kinds.Slice, nint.MaxValue, true, stop, !stopAtEnd, 1)
            : new(Kinds.Slice, start, true, stop, !stopAtEnd, 1);
    }

    /// <summary>
    /// Resolves this slice on an axis of <paramref name="length"/>: first position, step and count (NumPy's
    /// <c>PySlice_AdjustIndices</c>).
    /// </summary>
    internal void Resolve(nint length, out nint first, out nint step, out nint count)
    {
        step = _step;
        nint start, stop;
        if (step > 0)
        {
            start = !_hasStart ? 0 : Clip(_start, length, 0, length);
            stop = !_hasStop ? length : Clip(_stop, length, 0, length);
            count = stop > start ? (stop - start - 1) / step + 1 : 0;
        }
        else
        {
            start = !_hasStart ? length - 1 : Clip(_start, length, -1, length - 1);
            stop = !_hasStop ? -1 : Clip(_stop, length, -1, length - 1);
            count = stop < start ? (start - stop - 1) / (-step) + 1 : 0;
        }
        first = count > 0 ? start : 0;
    }

    private static nint Clip(nint position, nint length, nint low, nint high)
    {
        if (position < 0) position = position < -length ? low : position + length;
        return position < low ? low : position > high ? high : position;
    }

    /// <summary>Resolves an integer index on an axis, or throws naming the axis and its length.</summary>
    internal nint ResolveIndex(nint length, int axis)
    {
        if (_hasStop) // ^k: position length - k
        {
            if (_start < 1 || _start > length)
                throw new ArgumentOutOfRangeException("index", $"Index ^{_start} ({-_start}) is out of bounds for axis {axis} with size {length}.");
            return length - _start;
        }
        nint i = _start;
        if (i < -length || i >= length)
            throw new ArgumentOutOfRangeException("index", i, $"Index {i} is out of bounds for axis {axis} with size {length}.");
        return i < 0 ? i + length : i;
    }

    /// <inheritdoc/>
    public bool Equals(SliceIndex other) => _kind == other._kind && _start == other._start && _stop == other._stop &&
        _step == other._step && _hasStart == other._hasStart && _hasStop == other._hasStop;
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SliceIndex s && Equals(s);
    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_kind, _start, _stop, _step, _hasStart, _hasStop);
    /// <summary>Equality.</summary>
    public static bool operator ==(SliceIndex a, SliceIndex b) => a.Equals(b);
    /// <summary>Inequality.</summary>
    public static bool operator !=(SliceIndex a, SliceIndex b) => !a.Equals(b);

    /// <summary>NumPy notation: <c>3</c>, <c>1:5:2</c>, <c>None</c>, <c>...</c>.</summary>
    public override string ToString() => _kind switch
    {
        Kinds.Index => _hasStop ? "^" + _start : _start.ToString(),
        Kinds.NewAxis => "None",
        Kinds.Ellipsis => "...",
        _ => $"{(_hasStart ? (_start == nint.MaxValue ? "end" : _start.ToString()) : "")}:{(_hasStop ? _stop.ToString() : "")}{(_step != 1 ? ":" + _step : "")}",
    };
}
