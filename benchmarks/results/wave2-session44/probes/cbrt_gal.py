import mpmath as mp, struct, math
mp.mp.prec = 120
def f32(x): return struct.unpack('f', struct.pack('f', float(x)))[0]
def bits(x): return struct.unpack('I', struct.pack('f', x))[0]
def frombits(b): return struct.unpack('f', struct.pack('I', b))[0]
invc = []; wc = []; dmax = 0
for j in range(32):
    c = 1 + (j + 0.5) / 32
    b0 = bits(f32(1 / mp.mpf(c)))
    best = None
    for k in range(0, 4000):
        for sgn in (1, -1):
            b = b0 + sgn * k
            ic = frombits(b)
            w = mp.cbrt(mp.mpf(ic))
            wf = f32(w)
            ulp = abs(f32(frombits(bits(wf) + 1)) - wf)
            err = abs(mp.mpf(wf) - w) / ulp
            if best is None or err < best[0]: best = (err, ic, wf)
        if best[0] < 0.005: break
    invc.append(best[1]); wc.append(best[2])
    lo = 1 + mp.mpf(j) / 32; hi = 1 + mp.mpf(j + 1) / 32
    dmax = max(dmax, abs(lo * best[1] - 1), abs(hi * best[1] - 1))
print("dmax", float(dmax))
g = lambda d: ((1 + d) ** (-mp.mpf(1) / 3) - 1) / d if d != 0 else -mp.mpf(1) / 3
poly, err = mp.chebyfit(g, [-dmax, dmax], 3, error=True)
print("poly", ",".join(repr(f32(p)) for p in poly), "relerr log2", float(mp.log(err * dmax, 2)))
print("invc", ",".join(repr(v) for v in invc))
print("wc", ",".join(repr(v) for v in wc))
for r in (-1, 1):
    s = mp.mpf(2) ** (-mp.mpf(r) / 3); sf = f32(s); print("S", r, repr(sf), float((mp.mpf(sf) - s) / s))
