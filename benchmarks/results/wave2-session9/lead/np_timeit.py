import numpy as np, timeit, sys
res = {}
for n in [1, 1000, 1000000]:
    a = np.random.rand(n).astype(np.float32); b = np.random.rand(n).astype(np.float32); d = np.empty_like(a)
    for name, stmt in [("alloc a+b", "a+b"), ("add into out", "np.add(a,b,out=d)")]:
        t = timeit.Timer(stmt, globals=dict(a=a, b=b, d=d, np=np))
        num = 200000 if n <= 1000 else 200
        runs = [min(t.repeat(repeat=1, number=num)) / num for _ in range(7)]
        runs.sort()
        print(f"{name:14} n={n:>8}: median {runs[3]*1e9:10.1f} ns  min {runs[0]*1e9:10.1f} ns")
