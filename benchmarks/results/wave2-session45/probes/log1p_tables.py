import mpmath as mp, struct
mp.mp.prec = 100
def f32(x): return struct.unpack('f', struct.pack('f', float(x)))[0]
def bits(x): return struct.unpack('I', struct.pack('f', x))[0]
def frombits(b): return struct.unpack('f', struct.pack('I', b))[0]
SQ = 0x3F3504F3
def m_of_offset(o):
    # offset o in [0, 2^23): m bits = SQ + o (m below 1: exponent -1 field), the same integer add
    return frombits(SQ + o)
invc = []; lnc = []; worst = 0
for j in range(32):
    mlo = m_of_offset(j << 18); mhi = m_of_offset(((j + 1) << 18) - 1)
    if j in (17, 18, 19):
        invc.append(1.0); lnc.append(0.0); continue
    c = (mp.mpf(mlo) + mp.mpf(mhi)) / 2
    b0 = bits(f32(1 / c)); best = None
    for k in range(0, 4000):
        for sgn in (1, -1):
            ic = frombits(b0 + sgn * k)
            t = -mp.log(mp.mpf(ic)); tf = f32(t)
            ulp = abs(frombits(bits(abs(tf)) + 1) - abs(tf))
            err = abs(mp.mpf(tf) - t) / ulp
            if best is None or err < best[0]: best = (err, ic, tf)
        if best[0] < 0.004: break
    worst = max(worst, best[0]); invc.append(best[1]); lnc.append(best[2])
rmin = 0; rmax = 0
for j in range(32):
    mlo = m_of_offset(j << 18); mhi = m_of_offset(((j + 1) << 18) - 1)
    for m in (mlo, mhi):
        r = mp.mpf(m) * mp.mpf(invc[j]) - 1
        rmin = min(rmin, r); rmax = max(rmax, r)
print("gal worst", worst, "r range", float(rmin), float(rmax))
print("invc", ", ".join(repr(v) + "f" for v in invc))
print("lnc", ", ".join(repr(v) + "f" for v in lnc))
# minimax: log1p(r) = r + r^2 * P(r), P degree 3, relative error of the whole
g = lambda r: (mp.log1p(r) - r) / r**2 if r != 0 else mp.mpf(-0.5)
lo, hi = rmin * 1.001, rmax * 1.001
for deg in (3, 4):
    poly, err = mp.chebyfit(g, [lo, hi], deg + 1, error=True)
    pf = [f32(p) for p in poly]
    # evaluate relative error with float32-rounded coefficients
    me = 0
    for i in range(2001):
        r = lo + (hi - lo) * i / 2000
        if r == 0: continue
        approx = r + r**2 * sum(mp.mpf(pf[k]) * r**(deg - k) for k in range(deg + 1))
        me = max(me, abs(approx - mp.log1p(r)) / abs(mp.log1p(r)))
    print("deg", deg, "coeffs (high first)", pf, "rel err", float(me), "log2", float(mp.log(me, 2)))
