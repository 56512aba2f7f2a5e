# The float64 expm1 core's polynomial (src/NativeArrays/Kernels/Operators.FloatingPoint.Double.cs, Expm1DoubleConstants):
# E(r) = (e^r - 1 - r - r^2/2) / r^3 by its degree-9 Chebyshev fit on the reduced range [-ln(4/3), ln 1.5] (the cut
# k = floor(x/ln 2 + log2(4/3))), at 60 digits with mpmath (Debian python3-mpmath). Prints the coefficients, lowest
# degree first, and the worst relative error of expm1 r = r + r^2 (1/2 + r E(r)) with the coefficients rounded to
# float64, in units of 2^-53, for degrees 8..10 (8 is too coarse: 0.77; 9 is kept: 0.018; 10 gains nothing: 0.012).
import mpmath as mp

mp.mp.dps = 60
a = -mp.log(mp.mpf(4) / 3)
b = mp.log(mp.mpf(3) / 2)


def E(r):
    if abs(r) < mp.mpf('1e-20'):
        return mp.mpf(1) / 6
    return (mp.expm1(r) - r - r * r / 2) / r ** 3


for J in (8, 9, 10):
    poly, err = mp.chebyfit(E, [a, b], J + 1, error=True)
    cs = [mp.mpf(float(c)) for c in poly]  # rounded to float64, highest degree first
    worst = 0
    for i in range(4001):
        r = a + (b - a) * i / 4000
        if r == 0:
            continue
        em1 = r + r * r * (mp.mpf(0.5) + r * mp.polyval(cs, r))
        worst = max(worst, abs(em1 - mp.expm1(r)) / abs(mp.expm1(r)))
    print(f"degree {J}: fit error {float(err):.3g}, expm1 r relative error {float(worst * 2 ** 53):.4f} x 2^-53")
    print("  " + ", ".join(repr(float(c)) for c in reversed(poly)))
