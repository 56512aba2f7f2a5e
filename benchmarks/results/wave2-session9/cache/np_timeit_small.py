# NumPy `a + b` (float32) at n = 1 and 10^3 by timeit: 7 runs of 200,000 calls, median and minimum (as
# wave2-session8/np_timeit.py, without the n = 10^6 and "into" rows), run between the two .NET probe runs.
import numpy as np, timeit
for n in [1, 1000]:
    a = np.random.rand(n).astype(np.float32); b = np.random.rand(n).astype(np.float32)
    t = timeit.Timer("a+b", globals=dict(a=a, b=b))
    runs = sorted(min(t.repeat(repeat=1, number=200000)) / 200000 for _ in range(7))
    print(f"numpy alloc a+b n={n:>5}: median {runs[3]*1e9:7.1f} ns  min {runs[0]*1e9:7.1f} ns")
