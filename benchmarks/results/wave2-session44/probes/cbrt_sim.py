# Float32 simulation of the Cbrt cores (FMA as one float64 product-sum rounded to float32; double rounding is rare and
# only affects a last bit of an intermediate), over 4 M random float32 and every mantissa of [0.5, 4) (three exponents:
# each remainder mod 3, every case the core has), against numpy's float64 cbrt. Session 44.
#   /usr/bin/python3 cbrt_sim.py INVC WC "a3,a2,a1" new W      the kept core (INVC, WC: the comma lists cbrt_gal.py prints)
#   ... new v                                                 w = S·(1 + u), then times c^(-1/3)
#   ... current                                               the core before session 44
import numpy as np, sys
f32 = np.float32; f64 = np.float64
def fma(a, b, c): return (a.astype(f64) * b.astype(f64) + c.astype(f64)).astype(f32)
invc = np.array([float(v) for v in sys.argv[1].split(',')], dtype=f32)
wc = np.array([float(v) for v in sys.argv[2].split(',')], dtype=f32)
a3, a2, a1 = [f32(float(v)) for v in sys.argv[3].split(',')]
A = f32((0.7937005259840998 - 1.2599210498948732) / 2); B = f32((0.7937005259840998 + 1.2599210498948732) / 2 - 1)
rng = np.random.default_rng(1)
bits = rng.integers(0x00800000, 0x7f800000, size=1 << 22, dtype=np.uint32)
# plus every mantissa pattern of three binades
extra = (np.arange(1 << 23, dtype=np.uint32)[None, :] + (np.array([126, 127, 128], dtype=np.uint32)[:, None] << 23)).ravel()
bits = np.concatenate([bits, extra])
s = bits.view(f32)
e = ((bits >> 23).astype(np.int32) - 127).astype(f32)
m = ((bits & 0x7FFFFF) | 0x3F800000).view(f32)
q = np.round(e * f32(1 / 3)).astype(f32)  # round half even like vrndscale
r = fma(q, np.full_like(q, -3), e)
mr = (m.astype(f64) * np.exp2(r.astype(f64))).astype(f32)
part = ((bits >> 18) & 31).astype(np.int64)
ic = invc[part]; W0 = wc[part]
d = fma(m, ic, np.full_like(m, -1))
S = fma(fma(np.full_like(r, B), r, np.full_like(r, A)), r, np.full_like(r, 1))
S = np.where(r > 0, f32(0.7937005162239075), np.where(r < 0, f32(1.2599210739135742), f32(1))).astype(f32)
t = fma(fma(np.full_like(d, a3), d, np.full_like(d, a2)), d, np.full_like(d, a1))
u = (d * t).astype(f32)
MODE = sys.argv[5] if len(sys.argv) > 5 else "v"
if MODE == "v":
    v = fma(S, u, S); w = (W0 * v).astype(f32)
else:
    W = (W0 * S).astype(f32); w = fma(W, u, W)
if len(sys.argv) > 4 and sys.argv[4] == 'current':  # the current algorithm: degree-4 estimate, scale, one Newton step
    m2 = (m * m).astype(f32)
    w = fma(np.full_like(m, f32(0.028591034189604927)), m2, fma(np.full_like(m, f32(-0.22123790549835512)), m, np.full_like(m, f32(0.6954827413546827))))
    w = fma(w, m2, fma(np.full_like(m, f32(-1.172880306401428)), m, np.full_like(m, f32(1.6700067678410864))))
    w = (w * S).astype(f32)
    nmr = -mr
    w = fma((w * fma(nmr, ((w * w).astype(f32) * w).astype(f32), np.full_like(w, 1))).astype(f32), np.full_like(w, f32(1/3)), w)
w2 = (w * w).astype(f32)
y = (mr * w2).astype(f32)
h = (y * y).astype(f32); l = fma(y, y, -h); c = (h * y).astype(f32)
res = ((c + (-mr)).astype(f32) + fma(l, y, fma(h, y, -c))).astype(f32)
y = fma((res * w2).astype(f32), np.full_like(y, f32(-1 / 3)), y)
y = (y.astype(f64) * np.exp2(q.astype(f64))).astype(f32)
ref = np.cbrt(s.astype(f64))
ulp = (np.nextafter(np.abs(y), np.float32(np.inf)) - np.abs(y)).astype(f64)
err = np.abs(y.astype(f64) - ref) / ulp
print("max ulp", err.max(), "at", s[err.argmax()], "count > 0.5+2^-20:", (err > 0.5 + 2**-20).sum(), " w rel err max", np.log2(np.abs(w.astype(f64) * np.cbrt(mr.astype(f64)) - 1).max()))
