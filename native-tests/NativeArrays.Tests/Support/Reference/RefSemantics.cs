namespace NativeArrays.Tests.Support.Reference;

/// <summary>
/// NumPy semantics of each view operation on the reference model, written from the NumPy/CPython definitions
/// (PySlice_AdjustIndices, transpose, reshape, diagonal, broadcast_to, as_strided), element by element.
/// </summary>
internal static class RefSemantics
{
    public const int MaxRank = 32;

    public static RefOutcome Apply(RefView v, ViewOp op, long bufferLength) => op switch
    {
        IndexOp o => Index(v, o.Items),
        PermuteOp o => Permute(v, o),
        ReshapeOp o => Reshape(v, o.Shape),
        SqueezeOp o => Squeeze(v, o.Axis),
        ExpandDimsOp o => ExpandDims(v, o.Axis),
        FlipOp o => Flip(v, o.Axis),
        DiagonalOp o => Diagonal(v, o.K, o.A1, o.A2),
        BroadcastOp o => Broadcast(v, o.Shape),
        AsStridedOp o => AsStrided(v, o, bufferLength),
        _ => throw new InvalidOperationException(op.ToString()),
    };

    /// <summary>The positions a Python slice selects on an axis of length n (CPython's PySlice_AdjustIndices, then range()).</summary>
    public static List<long> SlicePositions(long n, long? start, long? stop, long step)
    {
        var result = new List<long>();
        if (step > 0)
        {
            long s = start ?? 0;
            if (s < 0) s += n;
            s = Math.Clamp(s, 0, n);
            long e = stop ?? n;
            if (e < 0) e += n;
            e = Math.Clamp(e, 0, n);
            for (long i = s; i < e;)
            {
                result.Add(i);
                if (e - i <= step) break;
                i += step;
            }
        }
        else
        {
            long s = start ?? n - 1;
            if (start is not null)
            {
                if (s < 0) s += n;
                if (s < 0) s = -1;
                if (s >= n) s = n - 1;
            }
            long e;
            if (stop is null) e = -1;
            else
            {
                e = stop.Value;
                if (e < 0) e += n;
                if (e < 0) e = -1;
                if (e >= n) e = n - 1;
            }
            for (long i = s; i > e;)
            {
                result.Add(i);
                if (i - e <= -step) break;
                i += step;
            }
        }
        return result;
    }

    /// <summary>C# Range semantics on an axis of length n, with positions clipped to 0..n like NumPy.</summary>
    public static List<long> RangePositions(long n, Range r)
    {
        long s = r.Start.IsFromEnd ? n - r.Start.Value : r.Start.Value;
        long e = r.End.IsFromEnd ? n - r.End.Value : r.End.Value;
        s = Math.Clamp(s, 0, n);
        e = Math.Clamp(e, 0, n);
        var result = new List<long>();
        for (long i = s; i < e; i++) result.Add(i);
        return result;
    }

    private sealed record OutAxis(int InputAxis, List<long>? Positions);

    public static RefOutcome Index(RefView v, IndexItem[] items)
    {
        int consuming = items.Count(i => i.Consumes);
        int ellipses = items.Count(i => i.Kind == ItemKind.Ellipsis);
        if (ellipses > 1) return RefOutcome.Fail<ArgumentException>("two ellipses");
        if (consuming > v.Rank) return RefOutcome.Fail<ArgumentException>("too many indices");
        var fixedPos = new long[v.Rank];
        var outAxes = new List<OutAxis>();
        int axis = 0;
        foreach (var it in items)
        {
            switch (it.Kind)
            {
                case ItemKind.Int:
                {
                    long n = v.Shape[axis], p = it.Value;
                    if (p < -n || p >= n) return RefOutcome.Fail<ArgumentOutOfRangeException>($"index {p} out of bounds for axis {axis} size {n}");
                    fixedPos[axis++] = p < 0 ? p + n : p;
                    break;
                }
                case ItemKind.CsIndex:
                {
                    long n = v.Shape[axis];
                    long p = it.CsIndex.IsFromEnd ? n - it.CsIndex.Value : it.CsIndex.Value;
                    if (p < 0 || p >= n) return RefOutcome.Fail<ArgumentOutOfRangeException>($"C# index {it.CsIndex} out of bounds for axis {axis} size {n}");
                    fixedPos[axis++] = p;
                    break;
                }
                case ItemKind.Slice:
                    outAxes.Add(new OutAxis(axis, SlicePositions(v.Shape[axis], it.Start, it.Stop, it.Step)));
                    axis++;
                    break;
                case ItemKind.CsRange:
                    outAxes.Add(new OutAxis(axis, RangePositions(v.Shape[axis], it.CsRange)));
                    axis++;
                    break;
                case ItemKind.NewAxis:
                    outAxes.Add(new OutAxis(-1, null));
                    break;
                case ItemKind.Ellipsis:
                    for (int j = 0; j < v.Rank - consuming; j++, axis++) outAxes.Add(new OutAxis(axis, Full(v.Shape[axis])));
                    break;
            }
        }
        for (; axis < v.Rank; axis++) outAxes.Add(new OutAxis(axis, Full(v.Shape[axis])));
        if (outAxes.Count > MaxRank) return RefOutcome.Fail<ArgumentException>("rank above maximum");
        var shape = outAxes.Select(a => a.Positions is null ? 1L : a.Positions.Count).ToArray();
        var inM = new long[v.Rank];
        return RefOutcome.Ok(RefView.Build(shape, v.ReadOnly, m =>
        {
            fixedPos.CopyTo(inM, 0);
            for (int d = 0; d < outAxes.Count; d++)
                if (outAxes[d].Positions is { } pos) inM[outAxes[d].InputAxis] = pos[(int)m[d]];
            return v.At(inM);
        }));
    }

    private static List<long> Full(long n)
    {
        var l = new List<long>();
        for (long i = 0; i < n; i++) l.Add(i);
        return l;
    }

    private static bool Normalize(int axis, int rank, out int result)
    {
        result = axis < 0 ? axis + rank : axis;
        return axis >= -rank && axis < rank;
    }

    public static RefOutcome Permute(RefView v, PermuteOp op)
    {
        int r = v.Rank;
        int[] perm;
        switch (op.Style)
        {
            case 1 or 2:
                perm = Enumerable.Range(0, r).Reverse().ToArray();
                break;
            case 3:
                if (!Normalize(op.A, r, out int a) || !Normalize(op.B, r, out int b))
                    return RefOutcome.Fail<ArgumentOutOfRangeException>("swap axis out of range");
                perm = Enumerable.Range(0, r).ToArray();
                (perm[a], perm[b]) = (perm[b], perm[a]);
                break;
            default:
                if (op.Axes.Length != r) return RefOutcome.Fail<ArgumentException>("axes length differs from rank");
                perm = new int[r];
                var seen = new bool[r];
                for (int i = 0; i < r; i++)
                {
                    if (!Normalize(op.Axes[i], r, out perm[i])) return RefOutcome.Fail<ArgumentOutOfRangeException>("axis out of range");
                    if (seen[perm[i]]) return RefOutcome.Fail<ArgumentException>("repeated axis");
                    seen[perm[i]] = true;
                }
                break;
        }
        var shape = perm.Select(p => v.Shape[p]).ToArray();
        var inM = new long[r];
        return RefOutcome.Ok(RefView.Build(shape, v.ReadOnly, m =>
        {
            for (int i = 0; i < r; i++) inM[perm[i]] = m[i];
            return v.At(inM);
        }));
    }

    /// <summary>The resolved shape of a reshape request, or the error the request deserves.</summary>
    public static RefOutcome ResolveReshape(RefView v, long[] request, out long[] shape)
    {
        shape = (long[])request.Clone();
        if (request.Length > MaxRank) return RefOutcome.Fail<ArgumentException>("rank above maximum");
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < request.Length; i++)
        {
            if (request[i] == -1)
            {
                if (unknown >= 0) return RefOutcome.Fail<ArgumentException>("two unknown dimensions");
                unknown = i;
            }
            else if (request[i] < 0) return RefOutcome.Fail<ArgumentException>("negative dimension");
            else known *= request[i];
        }
        if (unknown >= 0)
        {
            if (known == 0 || v.Size % known != 0) return RefOutcome.Fail<ArgumentException>("cannot resolve -1");
            shape[unknown] = v.Size / known;
        }
        else if (known != v.Size) return RefOutcome.Fail<ArgumentException>("size mismatch");
        return default;
    }

    /// <summary>Reshape as a view: the same C-order elements with a new shape, when strides can describe them.</summary>
    public static RefOutcome Reshape(RefView v, long[] request)
    {
        var err = ResolveReshape(v, request, out var shape);
        if (err.Error is not null) return err;
        var result = new RefView(shape, v.Index, v.ReadOnly);
        if (!result.IsStridedRepresentable(out _, out _)) return RefOutcome.Fail<InvalidOperationException>("needs a copy");
        return RefOutcome.Ok(result);
    }

    public static RefOutcome Squeeze(RefView v, int? axis)
    {
        int only = -1;
        if (axis is int a)
        {
            if (!Normalize(a, v.Rank, out only)) return RefOutcome.Fail<ArgumentOutOfRangeException>("squeeze axis out of range");
            if (v.Shape[only] != 1) return RefOutcome.Fail<ArgumentException>("squeeze axis length is not 1");
        }
        var shape = v.Shape.Where((d, i) => !(d == 1 && (only < 0 || only == i))).ToArray();
        return RefOutcome.Ok(new RefView(shape, v.Index, v.ReadOnly));
    }

    public static RefOutcome ExpandDims(RefView v, int axis)
    {
        int r = v.Rank + 1;
        if (r > MaxRank) return RefOutcome.Fail<ArgumentException>("rank above maximum");
        if (!Normalize(axis, r, out int at)) return RefOutcome.Fail<ArgumentOutOfRangeException>("expand axis out of range");
        var shape = v.Shape.ToList();
        shape.Insert(at, 1);
        return RefOutcome.Ok(new RefView(shape.ToArray(), v.Index, v.ReadOnly));
    }

    public static RefOutcome Flip(RefView v, int? axis)
    {
        int r = v.Rank;
        var flip = new bool[r];
        if (axis is int a)
        {
            if (!Normalize(a, r, out int ax)) return RefOutcome.Fail<ArgumentOutOfRangeException>("flip axis out of range");
            flip[ax] = true;
        }
        else Array.Fill(flip, true);
        var inM = new long[r];
        return RefOutcome.Ok(RefView.Build(v.Shape, v.ReadOnly, m =>
        {
            for (int i = 0; i < r; i++) inM[i] = flip[i] ? v.Shape[i] - 1 - m[i] : m[i];
            return v.At(inM);
        }));
    }

    public static RefOutcome Diagonal(RefView v, long k, int axis1, int axis2)
    {
        int r = v.Rank;
        if (r < 2) return RefOutcome.Fail<ArgumentException>("diagonal of rank < 2");
        if (!Normalize(axis1, r, out int a1) || !Normalize(axis2, r, out int a2)) return RefOutcome.Fail<ArgumentOutOfRangeException>("diagonal axis out of range");
        if (a1 == a2) return RefOutcome.Fail<ArgumentException>("diagonal axes equal");
        long skip1 = Math.Max(-k, 0), skip2 = Math.Max(k, 0);
        long length = Math.Max(0, Math.Min(v.Shape[a1] - skip1, v.Shape[a2] - skip2));
        var rest = Enumerable.Range(0, r).Where(i => i != a1 && i != a2).ToArray();
        var shape = rest.Select(i => v.Shape[i]).Append(length).ToArray();
        var inM = new long[r];
        return RefOutcome.Ok(RefView.Build(shape, v.ReadOnly, m =>
        {
            for (int i = 0; i < rest.Length; i++) inM[rest[i]] = m[i];
            long j = m[rest.Length];
            inM[a1] = j + skip1;
            inM[a2] = j + skip2;
            return v.At(inM);
        }));
    }

    public static RefOutcome Broadcast(RefView v, long[] target)
    {
        if (target.Length > MaxRank) return RefOutcome.Fail<ArgumentException>("rank above maximum");
        if (target.Any(d => d < 0)) return RefOutcome.Fail<ArgumentException>("negative dimension");
        if (target.Length < v.Rank) return RefOutcome.Fail<ArgumentException>("broadcast to lower rank");
        int lead = target.Length - v.Rank;
        for (int i = 0; i < v.Rank; i++)
            if (v.Shape[i] != 1 && v.Shape[i] != target[lead + i]) return RefOutcome.Fail<ArgumentException>("incompatible broadcast");
        var inM = new long[v.Rank];
        return RefOutcome.Ok(RefView.Build(target, readOnly: true, m =>
        {
            for (int i = 0; i < v.Rank; i++) inM[i] = v.Shape[i] == 1 ? 0 : m[lead + i];
            return v.At(inM);
        }));
    }

    /// <summary>as_strided, checked by brute force: every element inside the buffer; a writable view never reaches an element twice.</summary>
    public static RefOutcome AsStrided(RefView v, AsStridedOp op, long bufferLength)
    {
        if (op.Offset is null && v.Size == 0) throw new InvalidOperationException("generator bug: default offset of an empty view is unknown");
        long origin = op.Offset ?? v.Index[0];
        bool readOnly = !op.Writable || v.ReadOnly;
        var result = RefView.Build(op.Shape, readOnly, m =>
        {
            long o = origin;
            for (int i = 0; i < m.Length; i++) o += m[i] * op.Strides[i];
            return o;
        });
        if (result.Index.Any(o => o < 0 || o >= bufferLength)) return RefOutcome.Fail<ArgumentException>("outside the buffer");
        if (!readOnly && result.Index.Distinct().Count() != result.Index.Length) return RefOutcome.Fail<ArgumentException>("writable self-overlap");
        return RefOutcome.Ok(result);
    }
}
