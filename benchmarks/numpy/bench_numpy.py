#!/usr/bin/python3
"""Times the NativeArrays benchmark cases in NumPy (timeit), writing CSV for benchmarks/merge.py.

Same cases, sizes and element types as benchmarks/NativeArrays.Benchmarks; case names (op, form) match its
[Case] attributes. Inputs are uniform in [0.5, 2). NumPy runs its elementwise kernels and reductions on one thread.

    /usr/bin/python3 benchmarks/numpy/bench_numpy.py [--quick] [--out FILE] [--info FILE]

Use Debian's NumPy (apt-get install python3-numpy); a pyenv/venv python on PATH may lack it.
Each case: timeit.Timer.autorange picks the call count (>= 0.05 s per repeat, 0.002 s with --quick), then the
statement is repeated (5 times, 3 with --quick); we report the median and the minimum per call.
"""
import argparse
import csv
import json
import os
import platform
import statistics
import sys
import time
import timeit

import numpy as np

SIZES = [1_000, 100_000, 1_000_000, 16_000_000]
QUICK_SIZES = [1_000, 1_000_000]  # as the .NET side's --quick
SIDE, QUICK_SIDE = 4096, 1024
DTYPES = {"float32": np.float32, "float64": np.float64}


def uniform(seed, shape, dtype):
    """The same sequence as the .NET side (up to rounding): 0.5 + 1.5 * frac(seed/10 + (i+1) * golden ratio)."""
    n = int(np.prod(shape))
    x = np.modf(seed * 0.1 + np.arange(1, n + 1, dtype=np.float64) * 0.6180339887498949)[0]
    return (0.5 + 1.5 * x).astype(dtype).reshape(shape)


def contiguous_cases(dtype, n):
    a, b, c = uniform(1, n, dtype), uniform(2, n, dtype), uniform(3, n, dtype)
    d = np.zeros(n, dtype)

    def fma_into():
        np.multiply(a, b, out=d)
        np.add(d, c, out=d)

    return [
        ("Add", "Into", 3, lambda: np.add(a, b, out=d)),
        ("Add", "Alloc", 3, lambda: a + b),
        ("Multiply", "Into", 3, lambda: np.multiply(a, b, out=d)),
        ("Multiply", "Alloc", 3, lambda: a * b),
        # NumPy has no fused multiply-add: two passes (into) or two temporaries (alloc).
        ("MultiplyAdd", "Into", 4, fma_into),
        ("MultiplyAdd", "Alloc", 4, lambda: a * b + c),
        ("Sqrt", "Into", 2, lambda: np.sqrt(a, out=d)),
        ("Sqrt", "Alloc", 2, lambda: np.sqrt(a)),
        ("Exp", "Into", 2, lambda: np.exp(a, out=d)),
        ("Exp", "Alloc", 2, lambda: np.exp(a)),
        ("Sum", "Scalar", 1, lambda: a.sum()),
        ("Max", "Scalar", 1, lambda: a.max()),
        ("ArgMax", "Scalar", 1, lambda: a.argmax()),
    ]


def strided_cases(dtype, n):
    a, b = uniform(1, 2 * n, dtype), uniform(2, 2 * n, dtype)
    a2, b2 = a[::2], b[::2]
    d = np.zeros(n, dtype)
    return [
        ("Strided.Add", "Into", 5, lambda: np.add(a2, b2, out=d)),
        ("Strided.Add", "Alloc", 5, lambda: a2 + b2),
    ]


def layout_cases(dtype, side):
    A, B = uniform(1, (side, side), dtype), uniform(2, (side, side), dtype)
    row = uniform(3, side, dtype)
    C = np.zeros((side, side), dtype)
    AT = A.T
    return [
        ("Transposed.Add", "Into", 3, lambda: np.add(AT, B, out=C)),
        ("Transposed.Add", "Alloc", 3, lambda: AT + B),
        ("Broadcast.Add", "Into", 2, lambda: np.add(A, row, out=C)),
        ("Broadcast.Add", "Alloc", 2, lambda: A + row),
        ("Transposed.Copy", "Into", 2, lambda: np.copyto(C, AT)),
        # order="C" like NativeArrays' Copy(); NumPy's default order="K" would copy the F-ordered view with a memcpy.
        ("Transposed.Copy", "Alloc", 2, lambda: np.copy(AT, order="C")),
        ("Transposed.AsContiguous", "Alloc", 2, lambda: np.ascontiguousarray(AT)),
    ]


def sort_cases(dtype, n):
    a = uniform(1, n, dtype)
    return [
        ("Sort", "Alloc", 2, lambda: np.sort(a)),
        ("ArgSort", "Alloc", 2, lambda: np.argsort(a)),
    ]


def view_cases():
    A = np.zeros((1000, 1000), np.float32)
    return [
        ("View.Slice", "View", 0, lambda: A[10:500, 100:900]),
        ("View.Transpose", "View", 0, lambda: A.T),
        ("View.Reshape", "View", 0, lambda: A.reshape(500, 2000)),
    ]


def measure(fn, min_time, repeat):
    timer = timeit.Timer(fn)
    number = 1
    while True:  # autorange with our own minimum time per repeat
        t = timer.timeit(number)
        if t >= min_time:
            break
        number *= 2 if t == 0 else max(2, min(10, int(min_time / t * 1.2) + 1))
    times = [t / number] + [timer.timeit(number) / number for _ in range(repeat - 1)]
    return number, times


def machine_info():
    cfg = {}
    try:
        cfg = {k: v for k, v in np.show_config(mode="dicts").get("SIMD Extensions", {}).items()}  # NumPy >= 1.26
    except TypeError:
        try:
            from numpy.core._multiarray_umath import __cpu_baseline__, __cpu_dispatch__, __cpu_features__
            cfg = {"baseline": list(__cpu_baseline__),
                   "found": [f for f in __cpu_dispatch__ if __cpu_features__.get(f)]}
        except ImportError:
            pass
    return {"numpy": np.__version__, "python": platform.python_version(), "python_executable": sys.executable,
            "numpy_simd": cfg}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="smallest and largest size, short timings")
    ap.add_argument("--out", default="benchmarks/results/raw/numpy.csv")
    ap.add_argument("--info", default=None, help="write NumPy/Python versions (JSON) here")
    args = ap.parse_args()
    sizes = QUICK_SIZES if args.quick else SIZES
    min_time, repeat = (0.002, 3) if args.quick else (0.05, 5)
    side = QUICK_SIDE if args.quick else SIDE

    groups = []
    for dname, dt in DTYPES.items():
        for n in sizes:
            groups.append((dname, n, lambda dt=dt, n=n: contiguous_cases(dt, n)))
            groups.append((dname, n, lambda dt=dt, n=n: strided_cases(dt, n)))
            if dname == "float32":
                groups.append((dname, n, lambda dt=dt, n=n: sort_cases(dt, n)))
        groups.append((dname, side * side, lambda dt=dt: layout_cases(dt, side)))
    groups.append(("float32", 1_000_000, view_cases))

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    started = time.time()
    with open(args.out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["op", "peer", "form", "dtype", "size", "threads", "streams", "median_ns", "min_ns", "mean_ns", "n", "number"])
        for dname, n, make in groups:
            for op, form, streams, fn in make():
                number, times = measure(fn, min_time, repeat)
                ns = [t * 1e9 for t in times]
                w.writerow([op, "NumPy", form, dname, n, 1, streams, f"{statistics.median(ns):.3f}", f"{min(ns):.3f}",
                            f"{statistics.fmean(ns):.3f}", len(ns), number])
                print(f"numpy {op:24s} {form:6s} {dname} {n:>9d}: {statistics.median(ns):14.1f} ns", flush=True)
    print(f"numpy: done in {time.time() - started:.0f} s -> {args.out}")
    if args.info:
        with open(args.info, "w") as f:
            json.dump(machine_info(), f, indent=2)


if __name__ == "__main__":
    main()
