# Session 49: a rational tanh x = x·P(x²)/Q(x²) (P degree 5, Q degree 4, P(0) = Q(0) = 1) fitted for the least
# maximum relative error on [0, c] (Loeb / Lawson iteration, float64 least squares). Run with Debian's python3
# (numpy): /usr/bin/python3 tanh_rational_fit.py 9.1 5 4. Not kept: see measurements.txt.
import numpy as np, sys
c = float(sys.argv[1]) if len(sys.argv) > 1 else 9.0
NP, NQ = int(sys.argv[2]) if len(sys.argv) > 2 else 6, int(sys.argv[3]) if len(sys.argv) > 3 else 3
S = c * c
# Chebyshev-like dense grid in x on (0, c]
m = 6000
x = c * (1 - np.cos(np.linspace(1e-4, np.pi / 2, m)))  # denser near 0... and spread
x = np.unique(np.concatenate([x, np.linspace(1e-3, c, m)]))
s = x * x; t = s / S
f = np.tanh(x) / x
w = np.ones_like(t); Qprev = np.ones_like(t)
def design(t, f):
    A = [t**i for i in range(1, NP + 1)] + [-f * t**j for j in range(1, NQ + 1)]
    return np.stack(A, axis=1)
A0 = design(t, f)
best = None
for it in range(200):
    W = w / (f * Qprev)
    coef, *_ = np.linalg.lstsq(A0 * W[:, None], (f - 1) * W, rcond=None)
    p = np.concatenate([[1.0], coef[:NP]]); q = np.concatenate([[1.0], coef[NP:]])
    P = sum(p[i] * t**i for i in range(NP + 1)); Q = sum(q[j] * t**j for j in range(NQ + 1))
    err = (P / Q - f) / f
    e = np.max(np.abs(err))
    if best is None or e < best[0]: best = (e, p.copy(), q.copy())
    Qprev = Q
    w = w * np.abs(err) ** 0.5 + 1e-300; w /= w.sum()
    w = np.maximum(w, 1e-12)
print("max rel err", best[0])
e, p, q = best
# back to s: coefficient of s^i = p_i / S^i
ps = [p[i] / S**i for i in range(NP + 1)]; qs = [q[j] / S**j for j in range(NQ + 1)]
print("P", repr(ps)); print("Q", repr(qs))

print("float32:", [float(np.float32(v)) for v in ps], [float(np.float32(v)) for v in qs])
