namespace NativeArrays.Tests.Support.Reference;

/// <summary>
/// Random view operations for a reference view: mostly valid, with a few percent of invalid requests (whose
/// exception the reference predicts). Seeded, so a failing chain is reproduced by its seed.
/// </summary>
internal sealed class OpGenerator(Random rng)
{
    private readonly Random _r = rng;
    /// <summary>Largest element count a broadcast may produce.</summary>
    public long MaxSize { get; init; } = 1500;
    /// <summary>Allow AsStrided operations.</summary>
    public bool AllowAsStrided { get; init; } = true;
    /// <summary>Let AsStrided ask for writable views (validated for self-overlap); otherwise they are read-only.</summary>
    public bool AllowWritableAsStrided { get; init; } = true;
    /// <summary>Allow BroadcastTo operations.</summary>
    public bool AllowBroadcast { get; init; } = true;
    /// <summary>Percentage of deliberately invalid requests.</summary>
    public int InvalidPercent { get; init; } = 4;

    private bool Invalid() => _r.Next(100) < InvalidPercent;

    public long[] RandomShape(int maxRank = 4, int maxDim = 6, int zeroPercent = 3, int minRank = 0)
    {
        int rank = _r.Next(minRank, maxRank + 1);
        var s = new long[rank];
        for (int i = 0; i < rank; i++) s[i] = _r.Next(100) < zeroPercent ? 0 : _r.Next(1, maxDim + 1);
        return s;
    }

    public ViewOp Next(RefView v, long bufferLength)
    {
        while (true)
        {
            int pick = _r.Next(100);
            if (v.Rank >= 7 && pick < 60) return (ViewOp?)Squeeze(v) ?? Index(v);
            ViewOp? op = pick switch
            {
                < 34 => Index(v),
                < 44 => Permute(v),
                < 56 => Reshape(v),
                < 61 => Squeeze(v),
                < 67 => ExpandDims(v),
                < 75 => Flip(v),
                < 83 => Diagonal(v),
                < 92 => AllowBroadcast ? Broadcast(v) : null,
                _ => AllowAsStrided ? AsStrided(v, bufferLength) : null,
            };
            if (op is not null) return op;
        }
    }

    private long Step()
    {
        int p = _r.Next(100);
        return p switch
        {
            < 45 => 1,
            < 60 => -1,
            < 70 => 2,
            < 78 => -2,
            < 84 => 3,
            < 89 => -3,
            < 92 => 7,
            < 95 => -5,
            < 97 => long.MaxValue,
            _ => long.MinValue + 1,
        };
    }

    private long? Bound(long n)
    {
        int p = _r.Next(100);
        return p < 35 ? null : p < 80 ? _r.NextInt64(-n, n + 1) : _r.NextInt64(-n - 3, n + 4);
    }

    private Index CsIdx(long n, bool valid)
    {
        if (valid)
            return _r.Next(2) == 0 ? new Index((int)_r.NextInt64(0, n)) : new Index((int)_r.NextInt64(1, n + 1), fromEnd: true);
        return _r.Next(2) == 0 ? new Index((int)n + _r.Next(0, 3)) : new Index((int)n + _r.Next(1, 3), fromEnd: true);
    }

    private Index RangeEnd(long n, bool isStart)
    {
        int p = _r.Next(100);
        if (p < 35) return isStart ? System.Index.Start : System.Index.End;
        return p < 70 ? new Index(_r.Next(0, (int)n + 3)) : new Index(_r.Next(0, (int)n + 3), fromEnd: true);
    }

    public IndexOp Index(RefView v)
    {
        int rank = v.Rank;
        int consuming = _r.Next(0, rank + 1);
        bool tooMany = Invalid();
        if (tooMany) consuming = rank + 1;
        bool ellipsis = _r.Next(4) == 0;
        bool twoEllipses = !tooMany && Invalid();
        int ellipsisAt = _r.Next(0, consuming + 1);
        var items = new List<IndexItem>();
        for (int k = 0; k < consuming; k++)
        {
            int axis = ellipsis && k >= ellipsisAt ? rank - (consuming - k) : k;
            long n = axis >= 0 && axis < rank ? v.Shape[axis] : 3;
            int kind = _r.Next(100);
            bool bad = Invalid();
            if (kind < 25 && (n > 0 || bad))
            {
                long value = bad ? (_r.Next(2) == 0 ? n + _r.Next(0, 2) : -n - 1 - _r.Next(0, 2)) : _r.NextInt64(-n, n);
                items.Add(new IndexItem(ItemKind.Int, Value: value, ViaLong: _r.Next(2) == 0));
            }
            else if (kind < 35 && (n > 0 || bad))
                items.Add(new IndexItem(ItemKind.CsIndex, CsIndex: CsIdx(n, !bad)));
            else if (kind < 55)
                items.Add(new IndexItem(ItemKind.CsRange, CsRange: new Range(RangeEnd(n, true), RangeEnd(n, false))));
            else
                items.Add(new IndexItem(ItemKind.Slice, Start: Bound(n), Stop: Bound(n), Step: Step()));
        }
        if (ellipsis) items.Insert(ellipsisAt, new IndexItem(ItemKind.Ellipsis));
        if (twoEllipses) items.Insert(_r.Next(0, items.Count + 1), new IndexItem(ItemKind.Ellipsis));
        int newAxes = _r.Next(100) < 25 ? _r.Next(1, 3) : 0;
        for (int k = 0; k < newAxes; k++) items.Insert(_r.Next(0, items.Count + 1), new IndexItem(ItemKind.NewAxis));
        return new IndexOp([.. items]);
    }

    public PermuteOp Permute(RefView v)
    {
        int r = v.Rank;
        int style = _r.Next(4);
        if (style == 3)
        {
            if (Invalid()) return new PermuteOp(3, [], r + _r.Next(0, 2), 0);
            return new PermuteOp(3, [], r == 0 ? 0 : _r.Next(-r, r), r == 0 ? 0 : _r.Next(-r, r));
        }
        if (style != 0) return new PermuteOp(style, []);
        var axes = Enumerable.Range(0, r).OrderBy(_ => _r.Next()).ToArray();
        for (int i = 0; i < r; i++) if (_r.Next(3) == 0) axes[i] -= r;
        if (Invalid())
        {
            switch (_r.Next(3))
            {
                case 0: axes = [.. axes, 0]; break;                       // wrong length
                case 1 when r >= 2: axes[1] = axes[0]; break;              // repeated axis
                default: if (r > 0) axes[0] = r + _r.Next(0, 3); else axes = [0]; break; // out of range
            }
        }
        return new PermuteOp(0, axes);
    }

    /// <summary>A random shape with the given element count (with -1 sometimes), or a wrong one.</summary>
    public long[] ShapeOfSize(long size)
    {
        if (size == 0)
        {
            var s = RandomShape(4, 4, 0).ToList();
            s.Insert(_r.Next(0, s.Count + 1), 0);
            return [.. s];
        }
        var factors = new List<long>();
        long n = size;
        for (long p = 2; p * p <= n; p++) while (n % p == 0) { factors.Add(p); n /= p; }
        if (n > 1) factors.Add(n);
        int rank = Math.Max(factors.Count == 0 ? 0 : 1, _r.Next(0, 5));
        if (rank == 0) return _r.Next(3) == 0 ? [] : [1];
        var dims = Enumerable.Repeat(1L, rank).ToArray();
        foreach (long f in factors) dims[_r.Next(rank)] *= f;
        var list = dims.ToList();
        if (_r.Next(4) == 0) list.Insert(_r.Next(0, list.Count + 1), 1);
        var shape = list.ToArray();
        if (shape.Length > 0 && _r.Next(3) == 0) shape[_r.Next(shape.Length)] = -1;
        return shape;
    }

    public ReshapeOp Reshape(RefView v)
    {
        var mode = (ReshapeMode)_r.Next(3);
        var shape = ShapeOfSize(v.Size);
        if (Invalid())
        {
            switch (_r.Next(3))
            {
                case 0: shape = [.. shape, 2]; break;
                case 1: shape = [.. shape, -1, -1]; break;
                default: shape = [.. shape, -2]; break;
            }
        }
        if (v.Size > 0 && _r.Next(5) == 0)
        {
            // Shapes that keep the view (squeeze/expand style) or split axes: views exist more often.
            var s = v.Shape.Where(d => d != 1).ToList();
            if (_r.Next(2) == 0) s.Insert(_r.Next(0, s.Count + 1), 1);
            shape = [.. s];
        }
        return new ReshapeOp(shape, mode);
    }

    public SqueezeOp? Squeeze(RefView v)
    {
        if (_r.Next(2) == 0) return new SqueezeOp(null);
        var ones = Enumerable.Range(0, v.Rank).Where(i => v.Shape[i] == 1).ToArray();
        if (Invalid() || ones.Length == 0)
        {
            if (v.Rank == 0 || _r.Next(2) == 0) return new SqueezeOp(v.Rank + _r.Next(0, 2));
            if (ones.Length == v.Rank) return new SqueezeOp(null);
            return new SqueezeOp(Enumerable.Range(0, v.Rank).First(i => v.Shape[i] != 1));
        }
        int a = ones[_r.Next(ones.Length)];
        return new SqueezeOp(_r.Next(2) == 0 ? a : a - v.Rank);
    }

    public ExpandDimsOp ExpandDims(RefView v)
    {
        int r = v.Rank + 1;
        if (Invalid()) return new ExpandDimsOp(_r.Next(2) == 0 ? r : -r - 1);
        return new ExpandDimsOp(_r.Next(-r, r));
    }

    public FlipOp Flip(RefView v)
    {
        if (_r.Next(3) == 0) return new FlipOp(null);
        if (Invalid() || v.Rank == 0) return new FlipOp(v.Rank + _r.Next(0, 2));
        return new FlipOp(_r.Next(-v.Rank, v.Rank));
    }

    public DiagonalOp Diagonal(RefView v)
    {
        int r = v.Rank;
        long k = _r.Next(-4, 5);
        if (r < 2) return new DiagonalOp(k, 0, 1);
        if (Invalid())
        {
            int a = _r.Next(r);
            return _r.Next(2) == 0 ? new DiagonalOp(k, a, a) : new DiagonalOp(k, a, r + 1);
        }
        int a1 = _r.Next(r), a2 = _r.Next(r - 1);
        if (a2 >= a1) a2++;
        if (_r.Next(3) == 0) a1 -= r;
        return new DiagonalOp(k, a1, a2);
    }

    public BroadcastOp? Broadcast(RefView v)
    {
        var target = new List<long>();
        int lead = _r.Next(0, 3);
        for (int i = 0; i < lead; i++) target.Add(_r.Next(1, 4));
        foreach (long d in v.Shape) target.Add(d == 1 ? _r.Next(1, 5) : d);
        if (Invalid())
        {
            int bad = Enumerable.Range(0, v.Rank).FirstOrDefault(i => v.Shape[i] != 1, -1);
            if (bad >= 0) target[lead + bad] = v.Shape[bad] + 1;
            else if (v.Rank > 0) target = target.Skip(lead + 1).ToList();
            else target.Add(-1);
            return new BroadcastOp([.. target]);
        }
        var shape = target.ToArray();
        return RefView.Product(shape) > MaxSize ? null : new BroadcastOp(shape);
    }

    public AsStridedOp? AsStrided(RefView v, long bufferLength)
    {
        int rank = _r.Next(0, 4);
        var shape = new long[rank];
        var strides = new long[rank];
        for (int i = 0; i < rank; i++)
        {
            shape[i] = _r.Next(100) < 5 ? 0 : _r.Next(1, 5);
            strides[i] = _r.Next(-4, 5);
        }
        long? offset = v.Size > 0 && _r.Next(4) == 0 ? null : _r.NextInt64(0, Math.Max(1, bufferLength));
        return new AsStridedOp(shape, strides, offset, AllowWritableAsStrided && _r.Next(3) != 0);
    }
}
