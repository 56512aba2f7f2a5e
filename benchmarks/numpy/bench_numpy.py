#!/usr/bin/python3
"""Times the NativeArrays benchmark cases in NumPy (timeit), writing CSV for benchmarks/merge.py.

Same cases, sizes and element types as benchmarks/NativeArrays.Benchmarks; case names (op, form) match its
[Case] attributes. Inputs are uniform in [0.5, 2). NumPy runs its elementwise kernels and reductions on one thread.

    /usr/bin/python3 benchmarks/numpy/bench_numpy.py [--quick] [--out FILE] [--info FILE]

Use Debian's NumPy (apt-get install python3-numpy); a pyenv/venv python on PATH may lack it.
Each case: timeit.Timer.autorange picks the call count (>= 0.05 s per repeat, 0.002 s with --quick), then the
statement is repeated (5 times, 3 with --quick); we report the median and the minimum per call.
Single-threaded cases are measured with the thread pinned to the core where the case ran fastest in three short
turns over the allowed cores (place; the .NET side's CpuPlacement does the same; NATIVEARRAYS_BENCH_PIN=0 turns it off).
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
np.seterr(all="ignore")  # NaN logs and overflowing exps of the mixed-data cases: no warnings

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
        ("ArgMin", "Scalar", 1, lambda: a.argmin()),
    ]


PER_CALL_SIZES = [1, 16]  # PerCallBenchmarks (float32)
PER_CALL_OPS = {("Add", "Into"), ("Exp", "Into"), ("Sum", "Scalar"), ("Max", "Scalar"), ("ArgMax", "Scalar"),
                ("Add", "Alloc")}  # the allocating a + b at n = 1 and 16: AllocatingPerCallBenchmarks


def per_call_cases(dtype, n):
    return [c for c in contiguous_cases(dtype, n) if (c[0], c[1]) in PER_CALL_OPS]


def allocation_cases(dtype, n):
    """AllocationBenchmarks (float32): create and free an array (the array is dropped at once, so freed in the call)."""
    return [
        ("Empty", "Alloc", 0, lambda: np.empty(n, dtype)),
        ("Zeros", "Alloc", 0, lambda: np.zeros(n, dtype)),
    ]


VECTORISED_OPS_SIZES = [1_000, 1_000_000]  # VectorisedOpsBenchmarks (float32; int32 Divide / LeftShift)


def vectorised_ops_cases(dtype, n):
    a, b = uniform(1, n, dtype), uniform(2, n, dtype)
    d = np.zeros(n, dtype)
    ia = (a.astype(np.float64) * 1e6).astype(np.int32) - 1_000_000
    ib = (b.astype(np.float64) * 1000).astype(np.int32)
    shifts = (np.arange(n) % 32).astype(np.int32)
    idst = np.zeros(n, np.int32)
    a64, b64, d64 = a.astype(np.float64), b.astype(np.float64), np.zeros(n, np.float64)
    # Data the cores leave lanes of (as the .NET side): m = 4(u - 1.25) in [-3, 3), w = 200(u - 1.25) in [-150, 150).
    u = uniform(3, n, dtype).astype(np.float64)
    m, w, m64 = (4 * (u - 1.25)).astype(dtype), (200 * (u - 1.25)).astype(dtype), 4 * (u - 1.25)
    three = dtype(3)
    return [
        ("Log10Mixed", "Into", 2, lambda: np.log10(m, out=d)),
        ("ExpWide", "Into", 2, lambda: np.exp(w, out=d)),
        ("PowerNegativeBase", "Into", 2, lambda: np.power(m, three, out=d)),
        ("LogMixedFloat64", "Into", 2, lambda: np.log(m64, out=d64)),
        ("Cbrt", "Into", 2, lambda: np.cbrt(a, out=d)),
        ("Exp2", "Into", 2, lambda: np.exp2(a, out=d)),
        ("Expm1", "Into", 2, lambda: np.expm1(a, out=d)),
        ("Log10", "Into", 2, lambda: np.log10(a, out=d)),
        ("Log1p", "Into", 2, lambda: np.log1p(a, out=d)),
        ("Tanh", "Into", 2, lambda: np.tanh(a, out=d)),
        ("Remainder", "Into", 3, lambda: np.fmod(a, b, out=d)),
        ("Power", "Into", 3, lambda: np.power(a, b, out=d)),
        ("Tan", "Into", 2, lambda: np.tan(a, out=d)),
        ("Atan2", "Into", 3, lambda: np.arctan2(a, b, out=d)),
        ("PowerFloat64", "Into", 3, lambda: np.power(a64, b64, out=d64)),
        ("Expm1Float64", "Into", 2, lambda: np.expm1(a64, out=d64)),
        ("Log10Float64", "Into", 2, lambda: np.log10(a64, out=d64)),
        ("Log1pFloat64", "Into", 2, lambda: np.log1p(a64, out=d64)),
        ("TanhFloat64", "Into", 2, lambda: np.tanh(a64, out=d64)),
        ("ExpFloat64", "Into", 2, lambda: np.exp(a64, out=d64)),
        ("Log2", "Into", 2, lambda: np.log2(a, out=d)),
        ("Log2Float64", "Into", 2, lambda: np.log2(a64, out=d64)),
        ("Sin", "Into", 2, lambda: np.sin(a, out=d)),
        ("Cos", "Into", 2, lambda: np.cos(a, out=d)),
        ("SinFloat64", "Into", 2, lambda: np.sin(a64, out=d64)),
        ("CosFloat64", "Into", 2, lambda: np.cos(a64, out=d64)),
        ("HypotFloat64", "Into", 3, lambda: np.hypot(a64, b64, out=d64)),
        ("PowerScalar", "Into", 2, lambda: np.power(a, dtype(1.37), out=d)),
        ("PowerScalarFloat64", "Into", 2, lambda: np.power(a64, 1.37, out=d64)),
        ("Atan2Scalar", "Into", 2, lambda: np.arctan2(a, dtype(0.5), out=d)),
        # C#-style truncating division (NumPy's // floors; the timings compare the int32 division loop).
        ("DivideInt32", "Into", 3, lambda: np.floor_divide(ia, ib, out=idst)),
        ("LeftShiftInt32", "Into", 3, lambda: np.left_shift(ia, shifts, out=idst)),
    ]


def integer_ops_cases(n):
    """IntegerOpsBenchmarks: bool reductions of float32, size-changing astype (and copyto into a destination), int16 /
    uint8 division and uint8 left shifts with per-element counts."""
    a = uniform(1, n, np.float32)
    i = np.arange(n, dtype=np.uint64)
    c = np.where(((i * np.uint64(2654435761)) % np.uint64(1 << 32) >> np.uint64(7)) % np.uint64(3) == 0, np.float32(0), a)
    z = np.zeros(n, np.float32)
    f64 = a.astype(np.float64)
    f64b = uniform(2, n, np.float64)
    u8 = (a * 127).astype(np.uint8)
    u8b = (1 + (np.arange(n) * 7) % 200).astype(np.uint8)
    u8s = (np.arange(n) % 8).astype(np.uint8)
    i16 = (a * 30000 - 30000).astype(np.int16)
    i16b = (a * 100).astype(np.int16)
    i32 = (a.astype(np.float64) * 1e9).astype(np.int64).astype(np.int32) - 1_000_000_000
    i64 = (a.astype(np.float64) * 3e9).astype(np.int64) - 3_000_000_000
    i64b = 1 + (a.astype(np.float64) * 1e5).astype(np.int64)
    di64 = np.zeros(n, np.int64)
    d64, d32, di32, di16, du8 = np.zeros(n, np.float64), np.zeros(n, np.float32), np.zeros(n, np.int32), np.zeros(n, np.int16), np.zeros(n, np.uint8)
    cases = [
        ("CountNonZero", "Scalar", 1, lambda: np.count_nonzero(c)),
        ("Any", "Scalar", 1, lambda: np.any(z)),
        ("All", "Scalar", 1, lambda: np.all(a)),
        ("DivideInt16", "Into", 3, lambda: np.floor_divide(i16, i16b, out=di16)),
        ("DivideUInt8", "Into", 3, lambda: np.floor_divide(u8, u8b, out=du8)),
        ("LeftShiftUInt8", "Into", 3, lambda: np.left_shift(u8, u8s, out=du8)),
        ("DivideInt64", "Into", 3, lambda: np.floor_divide(i64, i64b, out=di64)),
        ("RemainderFloat64", "Into", 3, lambda: np.fmod(f64, f64b, out=d64)),
        ("CumSumInt64", "Alloc", 2, lambda: np.cumsum(i64)),
        ("CumSumInt64", "Into", 2, lambda: np.cumsum(i64, out=di64)),
    ]
    for name, src, dtype, dst in [("AsTypeF32F64", a, np.float64, d64), ("AsTypeF64F32", f64, np.float32, d32), ("AsTypeU8F32", u8, np.float32, d32),
                                  ("AsTypeI32F64", i32, np.float64, d64), ("AsTypeI64I32", i64, np.int32, di32), ("AsTypeI16I32", i16, np.int32, di32)]:
        cases.append((name, "Alloc", 2, lambda src=src, dtype=dtype: src.astype(dtype)))
        cases.append((name, "Into", 2, lambda src=src, dst=dst: np.copyto(dst, src, casting="unsafe")))
    return cases


STEP_SIZES = [1_000, 1_000_000]  # StridedStepBenchmarks (float32)


def strided_step_cases(dtype, n):
    a, b = uniform(1, 4 * n, dtype), uniform(2, 4 * n, dtype)
    a3, b3, a4, b4 = a[:3 * n:3], b[:3 * n:3], a[::4], b[::4]
    d = np.zeros(n, dtype)
    ar = a[n - 1::-1] if n > 0 else a[:0]
    return [
        ("Strided3.Add", "Into", 7, lambda: np.add(a3, b3, out=d)),
        ("Strided4.Add", "Into", 9, lambda: np.add(a4, b4, out=d)),
        ("StridedRev.Add", "Into", 3, lambda: np.add(ar, b[:n], out=d)),
    ]


SMALL_LAYOUT_SIZES = [16, 1024]  # SmallLayoutBenchmarks (float32): output elements, m x m with m = sqrt(n)


def small_layout_cases(dtype, n):
    """SmallLayoutBenchmarks: calls that are not flat, at sizes where the call's fixed cost is most of the time."""
    m = int(round(n ** 0.5))
    col, row = uniform(1, (m, 1), dtype), uniform(2, m, dtype)
    a, b = uniform(3, (m, m), dtype), uniform(4, (m, m), dtype)
    s, t = uniform(5, 3 * n, dtype), uniform(6, 3 * n, dtype)
    d = np.zeros(n, dtype)
    c = d.reshape(m, m)
    s3, t3, at = s[::3], t[::3], a.T
    return [
        ("SmallOuter.Add", "Into", 1, lambda: np.add(col, row, out=c)),
        ("SmallRow.Add", "Into", 2, lambda: np.add(a, row, out=c)),
        ("SmallTransposed.Add", "Into", 3, lambda: np.add(at, b, out=c)),
        ("SmallStrided3.Add", "Into", 7, lambda: np.add(s3, t3, out=d)),
    ]


def short_row_cases(dtype, n):
    """ShortRowBenchmarks: reductions over rows of 3 and over a narrow (17-wide) kept axis, into destinations."""
    r3, r17 = max(1, n // 3), max(1, n // 17)
    m3, m17 = uniform(1, (r3, 3), dtype), uniform(2, (r17, 17), dtype)
    d3, d17 = np.zeros(r3, dtype), np.zeros(17, dtype)
    return [
        ("Rows3.Sum", "Into", 1, lambda: np.sum(m3, axis=1, out=d3)),
        ("Rows3.Max", "Into", 1, lambda: np.max(m3, axis=1, out=d3)),
        ("Narrow17.Sum", "Into", 1, lambda: np.sum(m17, axis=0, out=d17)),
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
    column_sums = np.zeros(side, dtype)
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
        # AxisReductionBenchmarks: a column reduction of the C-ordered matrix.
        ("Axis0.Sum", "Into", 1, lambda: np.sum(A, axis=0, out=column_sums)),
        ("Axis0.Max", "Into", 1, lambda: np.max(A, axis=0, out=column_sums)),
        ("Axis0.ArgMax", "Alloc", 1, lambda: A.argmax(axis=0)),
    ]


def sort_cases(dtype, n):
    a = uniform(1, n, dtype)
    return [
        ("Sort", "Alloc", 2, lambda: np.sort(a)),
        ("ArgSort", "Alloc", 2, lambda: np.argsort(a)),
    ]


def axis_sort_cases(dtype, side):
    """AxisSortBenchmarks: sort and median along the axes of a C-ordered square matrix."""
    A = uniform(1, (side, side), dtype)
    return [
        ("Axis0.Sort", "Alloc", 2, lambda: np.sort(A, axis=0)),
        ("Axis1.Sort", "Alloc", 2, lambda: np.sort(A, axis=1)),
        ("Axis0.Median", "Alloc", 1, lambda: np.median(A, axis=0)),
    ]


def int_sum_cases(n):
    """IntegerSumBenchmarks: np.sum of int32 accumulates in int64 (the same full-range data as the .NET side)."""
    i = np.arange(n, dtype=np.uint64)
    a = (((i * 2654435761) % 2**32) >> 1).astype(np.int64) - (1 << 30)
    a = a.astype(np.int32)
    return [("IntSum", "Scalar", 1, lambda: np.sum(a))]


def view_cases():
    A = np.zeros((1000, 1000), np.float32)
    return [
        ("View.Slice", "View", 0, lambda: A[10:500, 100:900]),
        ("View.Transpose", "View", 0, lambda: A.T),
        ("View.Reshape", "View", 0, lambda: A.reshape(500, 2000)),
    ]


MATMUL_SIDES, QUICK_MATMUL_SIDES = [64, 256, 1024, 2048, 4096], [64, 1024]


def matmul_cases(dtype, side):
    """The square and transposed-operand products of one side (MatMulBenchmarks on the .NET side)."""
    a, b, t = uniform(1, (side, side), dtype), uniform(2, (side, side), dtype), uniform(3, (side, side), dtype).T
    c = np.zeros((side, side), dtype)
    return [
        ("MatMul", "Into", 0, lambda: np.matmul(a, b, out=c)),
        ("MatMul.TransposedA", "Into", 0, lambda: np.matmul(t, b, out=c)),
        ("MatMul.TransposedB", "Into", 0, lambda: np.matmul(a, t, out=c)),
    ]


def matmul_shape_cases(dtype, side):
    """Tall-skinny, matrix-vector and batched products (MatMulShapesBenchmarks; size = the long side)."""
    tall, wide, outer = uniform(1, (side, 64), dtype), uniform(2, (64, side), dtype), np.zeros((side, side), dtype)
    m, x, y = uniform(3, (side, side), dtype), uniform(4, side, dtype), np.zeros(side, dtype)
    ba, bb, bc = uniform(5, (256, 64, 64), dtype), uniform(6, (256, 64, 64), dtype), np.zeros((256, 64, 64), dtype)
    return [
        ("MatMul.TallSkinny", "Into", 0, lambda: np.matmul(tall, wide, out=outer)),
        ("MatMul.MatVec", "Into", 1, lambda: np.matmul(m, x, out=y)),
        ("MatMul.Batched", "Into", 0, lambda: np.matmul(ba, bb, out=bc)),
        ("Einsum.Batched", "Alloc", 0, lambda: np.einsum("bij,bjk->bik", ba, bb, optimize=True)),
        ("Einsum.Batched.Unoptimized", "Alloc", 0, lambda: np.einsum("bij,bjk->bik", ba, bb, optimize=False)),
    ]


def blas_threads_setter():
    """openblas_set_num_threads of the OpenBLAS NumPy loaded (found in /proc/self/maps), or None."""
    import ctypes
    np.ones((4, 4)) @ np.ones((4, 4))
    try:
        with open("/proc/self/maps") as f:
            paths = {line.split()[-1] for line in f if "blas" in line and line.split()[-1].startswith("/")}
    except OSError:
        return None, ""
    for path in sorted(paths):
        try:
            lib = ctypes.CDLL(path)
            setter = lib.openblas_set_num_threads
        except (OSError, AttributeError):
            continue
        core = ""
        try:
            lib.openblas_get_corename.restype = ctypes.c_char_p
            core = lib.openblas_get_corename().decode()
        except AttributeError:
            pass
        return setter, f"{path} ({core})"
    return None, ""


ALLOWED_CPUS = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []


def place(timer, number):
    """Pins this thread to the core where `number` calls ran fastest, three turns over the allowed cores; returns the
    core, or None when not pinned. The benchmarks' CpuPlacement does the same for the .NET peers: on the 2-vCPU VMs one
    vCPU at a time is often slowed by load from outside the VM, and which one a process lands on decided verdicts."""
    if len(ALLOWED_CPUS) < 2 or os.environ.get("NATIVEARRAYS_BENCH_PIN") == "0":
        return None
    best = {}
    for _ in range(3):
        for c in ALLOWED_CPUS:
            os.sched_setaffinity(0, {c})
            best[c] = min(best.get(c, float("inf")), timer.timeit(number) / number)
        if max(best.values()) * number > 0.05:
            break
    pick = min(best, key=best.get)
    os.sched_setaffinity(0, {pick})
    return pick


def measure(fn, min_time, repeat, pin):
    """(calls per repeat, seconds per call of each repeat, core pinned to or None). Single-threaded cases (pin) are
    measured on the quieter core (place); the affinity is restored after."""
    timer = timeit.Timer(fn)
    number = 1
    while True:  # autorange with our own minimum time per repeat
        t = timer.timeit(number)
        if t >= min_time:
            break
        number *= 2 if t == 0 else max(2, min(10, int(min_time / t * 1.2) + 1))
    cpu = place(timer, max(1, number // 10)) if pin else None
    try:
        times = [timer.timeit(number) / number for _ in range(repeat)] if cpu is not None else \
            [t / number] + [timer.timeit(number) / number for _ in range(repeat - 1)]
    finally:
        if cpu is not None:
            os.sched_setaffinity(0, ALLOWED_CPUS)
    return number, times, cpu


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
    return {"numpy": np.__version__, "blas": blas_threads_setter()[1], "python": platform.python_version(), "python_executable": sys.executable,
            "numpy_simd": cfg}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="smallest and largest size, short timings")
    ap.add_argument("--out", default="benchmarks/results/raw/numpy.csv")
    ap.add_argument("--info", default=None, help="write NumPy/Python versions (JSON) here")
    ap.add_argument("--only", action="append", default=[], metavar="TEXT",
                    help="time only the cases whose op name contains TEXT (repeatable); the rest are skipped")
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
                groups.append(("int32", n, lambda n=n: int_sum_cases(n)))
        groups.append((dname, side * side, lambda dt=dt: layout_cases(dt, side)))
        if dname == "float32":
            groups.append((dname, side * side, lambda dt=dt: axis_sort_cases(dt, side)))
    for n in PER_CALL_SIZES:
        groups.append(("float32", n, lambda n=n: per_call_cases(np.float32, n)))
    for n in PER_CALL_SIZES + sizes:
        groups.append(("float32", n, lambda n=n: allocation_cases(np.float32, n)))
    for n in SMALL_LAYOUT_SIZES:
        groups.append(("float32", n, lambda n=n: small_layout_cases(np.float32, n)))
    for n in STEP_SIZES:
        groups.append(("float32", n, lambda n=n: strided_step_cases(np.float32, n)))
        groups.append(("float32", n, lambda n=n: short_row_cases(np.float32, n)))
    for n in VECTORISED_OPS_SIZES:
        groups.append(("float32", n, lambda n=n: vectorised_ops_cases(np.float32, n)))
        groups.append(("float32", n, lambda n=n: integer_ops_cases(n)))
    groups.append(("float32", 1_000_000, view_cases))

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    started = time.time()
    with open(args.out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["op", "peer", "form", "dtype", "size", "threads", "streams", "median_ns", "min_ns", "mean_ns", "n", "number"])
        def run(groups, threads):
            for dname, n, make in groups:
                for op, form, streams, fn in make():
                    if args.only and not any(t in op for t in args.only):
                        continue
                    number, times, cpu = measure(fn, min_time, repeat, pin=threads == 1)
                    ns = [t * 1e9 for t in times]
                    w.writerow([op, "NumPy", form, dname, n, threads, streams, f"{statistics.median(ns):.3f}", f"{min(ns):.3f}",
                                f"{statistics.fmean(ns):.3f}", len(ns), number])
                    print(f"numpy {op:24s} {form:6s} {dname} {n:>9d} {threads}t: {statistics.median(ns):14.1f} ns" + ("" if cpu is None else f" (CPU {cpu})"), flush=True)

        run(groups, 1)
        # Matrix products: NumPy's @ calls its BLAS (OpenBLAS on Debian); run it on 1 and on 2 threads when the BLAS
        # lets us set them (openblas_set_num_threads), else once on its default (all cores).
        mm = []
        for dname, dt in DTYPES.items():
            for n in (QUICK_MATMUL_SIDES if args.quick else MATMUL_SIDES):
                mm.append((dname, n, lambda dt=dt, n=n: matmul_cases(dt, n)))
            mm.append((dname, side, lambda dt=dt: matmul_shape_cases(dt, side)))
        if args.only and not any(t in "MatMul" or "MatMul" in t for t in args.only):
            mm = []
        setter, blas = blas_threads_setter()
        print(f"numpy: BLAS {blas or 'unknown (threads not settable)'}; OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}", flush=True)
        if setter is None:
            run(mm, os.cpu_count())
        else:
            for threads in (1, 2):
                setter(threads)
                run(mm, threads)
    print(f"numpy: done in {time.time() - started:.0f} s -> {args.out}")
    if args.info:
        with open(args.info, "w") as f:
            json.dump(machine_info(), f, indent=2)


if __name__ == "__main__":
    main()
