#!/usr/bin/python3
"""Merges one benchmark run into tables and charts.

Reads RAW/dotnet.csv (BenchmarkDotNet, written by NativeArrays.Benchmarks' exporter), RAW/numpy.csv
(benchmarks/numpy/bench_numpy.py), RAW/machine.json, RAW/numpy-info.json and RAW/durations.txt; writes
OUT/results.csv (every measurement with GB/s, ratios and fraction of the bandwidth limit), OUT/results.md (machine,
bandwidth, the kernel issue's goals, every case) and OUT/charts/*.svg (throughput against size per operation, one line
per system, the measured bandwidth limit as a dashed line). Standard library only.

Ratios are speed-ups: peer time / NativeArrays time, so > 1 means NativeArrays is faster. Times are BenchmarkDotNet
medians and NumPy timeit medians, per call.
"""
import argparse
import csv
import json
import math
import os
from collections import defaultdict

DTYPE_BYTES = {"float32": 4, "float64": 8}
SIZES = [1_000, 100_000, 1_000_000, 16_000_000]
CONTIGUOUS_OPS = ["Add", "Multiply", "MultiplyAdd", "Sqrt", "Exp"]
REDUCTION_OPS = ["Sum", "Max", "ArgMax"]
LAYOUT_OPS = ["Strided.Add", "Transposed.Add", "Broadcast.Add", "Transposed.Copy", "Transposed.AsContiguous"]
VIEW_OPS = ["View.Slice", "View.Slice.Indexer", "View.Slice.NDSpan", "View.Transpose", "View.Transpose.NDSpan",
            "View.Reshape", "View.Reshape.NDSpan"]
PEER_LABEL = {"TensorPrimitives": "TensorPrimitives", "NumSharp": "NumSharp", "ScalarLoop": "scalar loop", "NumPy": "NumPy",
              "MemoryExtensions": "MemoryExtensions.Sort"}
COLORS = {"NativeArrays 1t": "#1f77b4", "NativeArrays 512": "#1f77b4", "NativeArrays 2t": "#17becf", "TensorPrimitives": "#d62728", "NumPy": "#2ca02c",
          "NumSharp": "#9467bd", "scalar loop": "#7f7f7f", "NativeArrays 256": "#ff7f0e", "NativeArrays 128": "#bcbd22",
          "NativeArrays scalar": "#8c564b"}


def fnum(s):
    try:
        return float(s)
    except (TypeError, ValueError):
        return None


def fmt_time(ns):
    if ns is None:
        return "–"
    if ns < 1e3:
        return f"{ns:.1f} ns"
    if ns < 1e6:
        return f"{ns / 1e3:.2f} µs"
    if ns < 1e9:
        return f"{ns / 1e6:.2f} ms"
    return f"{ns / 1e9:.2f} s"


def fmt_fraction(r):
    """'<DRAM %> / <same-footprint probe %>' for a large case."""
    if not r.get("fraction"):
        return "–"
    text = f"{100 * r['fraction']:.0f} %"
    if r.get("fraction_footprint") and abs(r["fraction_footprint"] - r["fraction"]) > 1e-9:
        text += f" / {100 * r['fraction_footprint']:.0f} %"
    return text


def fmt_ratio(r):
    return "–" if r is None else f"{r:.2f}×"


def fmt_size(n):
    n = int(n)
    if n == 16_000_000:
        return "1.6·10⁷"
    if n == 4096 * 4096:
        return "4096²"
    if n < 1000:
        return str(n)
    exp = round(math.log10(n)) if n > 0 else 0
    if 10 ** exp == n:
        return "10" + "".join("⁰¹²³⁴⁵⁶⁷⁸⁹"[int(c)] for c in str(exp))
    return f"{n:,}"


class Row(dict):
    """One measurement: op, form, dtype, size, system, width, threads, time_ns, ..."""

    @property
    def key(self):
        return (self["op"], self["form"], self["dtype"], self["size"])


def load(raw):
    rows = []
    path = os.path.join(raw, "dotnet.csv")
    if os.path.exists(path):
        with open(path, newline="") as f:
            for r in csv.DictReader(f):
                peer = r["peer"]
                width = r["simd_width"] or ""
                threads = int(r["threads"]) if r["threads"] else 1
                if peer == "NativeArrays":
                    system = "NativeArrays"
                elif peer == "Probe":
                    system = "Probe"
                else:
                    system = PEER_LABEL.get(peer, peer)
                rows.append(Row(op=r["op"], form=r["form"], dtype=r["dtype"], size=int(r["size"] or 0), system=system,
                                width=width, threads=threads, streams=int(r["streams"]), time_ns=fnum(r["median_ns"]),
                                mean_ns=fnum(r["mean_ns"]), stderr_ns=fnum(r["stderr_ns"]), min_ns=fnum(r["min_ns"]),
                                alloc_bytes=fnum(r["alloc_bytes"]), method=r["method"], error=r.get("error", ""),
                                native_bytes=fnum(r.get("native_bytes") or ""),
                                native_footprint=fnum(r.get("native_footprint_bytes") or ""),
                                launch_medians=[float(x) for x in (r.get("launch_medians_ns") or "").split()],
                                source="BenchmarkDotNet"))
    path = os.path.join(raw, "numpy.csv")
    if os.path.exists(path):
        with open(path, newline="") as f:
            for r in csv.DictReader(f):
                rows.append(Row(op=r["op"], form=r["form"], dtype=r["dtype"], size=int(r["size"]), system="NumPy",
                                width="", threads=int(r["threads"]), streams=int(r["streams"]),
                                time_ns=fnum(r["median_ns"]), mean_ns=fnum(r["mean_ns"]), stderr_ns=None,
                                min_ns=fnum(r["min_ns"]), alloc_bytes=None, method="numpy", error="", source="timeit"))
    return rows


def bandwidth_limits(rows):
    """Probe GB/s keyed (op, threads, doubles per array), and limits keyed (kind, threads[, doubles per array]):
    kind 'write' = best of copy/triad (temporal or not), 'read' = sum. (kind, threads) is the DRAM limit: the largest probe."""
    probes = {}
    for r in rows:
        if r["system"] != "Probe" or not r["time_ns"]:
            continue
        probes[(r["op"], r["threads"], r["size"])] = r["streams"] * r["size"] * 8 / r["time_ns"]
    limits = {}
    sizes = sorted({k[2] for k in probes})
    for t in (1, 2):
        for n in sizes:
            w = [v for (op, th, sz), v in probes.items() if th == t and sz == n and op != "Bandwidth.Read"]
            if w:
                limits[("write", t, n)] = max(w)
            if ("Bandwidth.Read", t, n) in probes:
                limits[("read", t, n)] = probes[("Bandwidth.Read", t, n)]
        if sizes:
            for kind in ("write", "read"):
                if (kind, t, sizes[-1]) in limits:
                    limits[(kind, t)] = limits[(kind, t, sizes[-1])]
    return probes, limits


def footprint_limit(limits, kind, threads, array_bytes):
    """The probe whose arrays are closest in size to the case's (log scale), other than the DRAM one when a closer exists."""
    cands = [(abs(math.log(k[2] * 8 / array_bytes)), v, k[2]) for k, v in limits.items()
             if len(k) == 3 and k[0] == kind and k[1] == threads]
    if not cands:
        return None, None
    _, v, n = min(cands)
    return v, n


def base_op(op):
    """View.Slice.NDSpan and View.Slice.Indexer are variants of View.Slice (same baseline)."""
    for suffix in (".NDSpan", ".Indexer"):
        if op.endswith(suffix):
            return op[: -len(suffix)]
    return op


def enrich(rows, limits):
    by = defaultdict(list)
    for r in rows:
        by[(base_op(r["op"]), r["dtype"], r["size"])].append(r)
    for r in rows:
        r["gbs"] = None
        r["fraction"] = None
        r["vs_tp"] = None
        r["vs_numpy"] = None
        if r["system"] == "Probe" or not r["time_ns"]:
            continue
        nbytes = r["streams"] * r["size"] * DTYPE_BYTES.get(r["dtype"], 4)
        r["fraction_footprint"] = None
        if nbytes:
            r["gbs"] = nbytes / r["time_ns"]
            kind = "read" if r["form"] == "Scalar" else "write"
            lim = limits.get((kind, r["threads"]))
            if lim:
                r["fraction"] = r["gbs"] / lim
            flim, _ = footprint_limit(limits, kind, r["threads"], r["size"] * DTYPE_BYTES.get(r["dtype"], 4))
            if flim:
                r["fraction_footprint"] = r["gbs"] / flim
        group = by[(base_op(r["op"]), r["dtype"], r["size"])]
        tp = [g for g in group if g["system"] == "TensorPrimitives" and g["time_ns"]]
        npy = [g for g in group if g["system"] == "NumPy" and g["form"] == r["form"] and g["time_ns"]]
        if tp:
            r["vs_tp"] = tp[0]["time_ns"] / r["time_ns"]  # > 1: faster than TensorPrimitives
        if npy:
            r["vs_numpy"] = npy[0]["time_ns"] / r["time_ns"]  # > 1: faster than NumPy (same form)


def label(r):
    if r["op"].startswith("View") and r["system"] == "TensorPrimitives":
        return "TensorSpan"
    if r["system"] == "NativeArrays":
        s = "NativeArrays" + {".NDSpan": " NDSpan", ".Indexer": " (indexer)"}.get(r["op"][len(base_op(r["op"])):], "")
        if r["form"] == "Alloc":
            s += " (allocating)"
        parts = []
        if r["width"] and r["width"] != "512":
            parts.append(f"{r['width']}-bit" if r["width"] != "scalar" else "scalar")
        if r["threads"] != 1:
            parts.append(f"{r['threads']} threads")
        return s + (" " + ", ".join(parts) if parts else "")
    if r["system"] == "NumPy" and r["form"] == "Alloc":
        return "NumPy (allocating)"
    if r["system"] in ("NumSharp",) and r["form"] == "Alloc":
        return r["system"] + " (allocating)"
    return r["system"]


def find(rows, op, dtype, size, system, form=None, width=None, threads=None):
    for r in rows:
        if r["op"] == op and r["dtype"] == dtype and r["size"] == size and r["system"] == system \
                and (form is None or r["form"] == form) \
                and (width is None or r["width"] in (width, "")) \
                and (threads is None or r["threads"] == threads) and r["time_ns"]:
            return r
    return None


VECTORISED_OPS = ["Remainder", "RemainderFloat64", "Power", "PowerFloat64", "Atan2", "Cbrt", "Exp2", "Expm1", "Expm1Float64", "Log10", "Log10Float64",
                  "Log1p", "Log1pFloat64", "Tan", "Tanh", "TanhFloat64", "LeftShiftInt32", "LeftShiftUInt8", "DivideInt16", "DivideInt32", "DivideInt64",
                  "DivideUInt8", "All", "Any", "CountNonZero", "CumSumInt64", "AsTypeF32F64", "AsTypeF64F32",
                  "AsTypeI16I32", "AsTypeI32F64", "AsTypeI64I32", "AsTypeU8F32",
                  "Log10Mixed", "ExpWide", "PowerNegativeBase", "LogMixedFloat64"]


def goals(rows, limits=None, probes=None):
    """The goals of issue 12 (kernel performance at every size), each as (goal, measurement text, ratio, target, met).
    Float32 unless the case says otherwise; 1 thread unless stated; NumPy is single-threaded."""
    out = []
    limits = limits or {}
    probes = probes or {}
    T = 4096 * 4096

    def na(op, size, threads=1, form="Into", dtype="float32"):
        return find(rows, op, dtype, size, "NativeArrays", form, "512", threads)

    def peer(op, size, system, form="Into", dtype="float32"):
        return find(rows, op, dtype, size, system, form)

    def add(goal, detail, a, b, target, invert=False):
        # ratio = b.time / a.time (a faster -> > 1); invert: ratio = a.time / b.time (overhead, lower is better)
        if a is None or b is None:
            out.append((goal, detail, None, f"{'≤' if invert else '≥'} {target}×", None))
            return
        times = f" ({fmt_time(a['time_ns'])} vs {fmt_time(b['time_ns'])}{launch_spread(a, b)})"
        if invert:
            ratio = a["time_ns"] / b["time_ns"]
            out.append((goal, detail + times, ratio, f"≤ {target}×", ratio <= target))
        else:
            ratio = b["time_ns"] / a["time_ns"]
            out.append((goal, detail + times, ratio, f"≥ {target}×", ratio >= target))

    def launch_spread(a, b=None):
        """The processes' own medians, for cases BenchmarkDotNet ran in several (their pooled median is the time)."""
        la, lb = a.get("launch_medians") or [], (b.get("launch_medians") or []) if b else []
        if len(la) < 2 and len(lb) < 2:
            return ""
        span = lambda l: f"{fmt_time(min(l))}–{fmt_time(max(l))}" if len(l) > 1 else "one process"
        return f"; per process {span(la)}" + (f" vs {span(lb)}" if b else "")

    def absolute(goal, detail, a, limit_ns):
        if a is None:
            out.append((goal, detail, None, f"≤ {limit_ns} ns", None))
            return
        out.append((goal, detail + f" ({fmt_time(a['time_ns'])}{launch_spread(a)})", a["time_ns"] / limit_ns, f"≤ {limit_ns} ns (ratio ≤ 1)",
                    a["time_ns"] <= limit_ns))

    def fraction(goal, detail, a, target):
        """a's bytes/s over the bandwidth probe: the lower of the DRAM and the same-size probe fractions."""
        fr = [x for x in (a.get("fraction"), a.get("fraction_footprint")) if x] if a else []
        if not fr:
            out.append((goal, detail, None, f"≥ {target}", None))
            return
        out.append((goal, detail + f" ({fmt_time(a['time_ns'])}, {a['gbs']:.1f} GB/s)", min(fr), f"≥ {target} of probe",
                    min(fr) >= target))

    # Allocating forms (the result disposed each call).
    for n, target in ((1, 2.0), (1_000, 2.0), (1_000_000, 1.0), (16_000_000, 1.5)):
        add(f"allocating a + b ≥ {target}× NumPy, {fmt_size(n)}", "NativeArrays a + b vs NumPy a + b",
            na("Add", n, form="Alloc"), peer("Add", n, "NumPy", "Alloc"), target)
    # Per-call cost into a destination.
    absolute("Add(a, b, dst) n = 1 ≤ 30 ns", "class form", na("Add", 1), 30)
    add("Add(a, b, dst) at 10³ ≤ 1.5× TensorPrimitives' time", "time ratio NativeArrays / TensorPrimitives.Add",
        na("Add", 1_000), peer("Add", 1_000, "TensorPrimitives"), 1.5, invert=True)
    for n in (1, 16, 1_000):
        add(f"NDSpan form no slower than the class form, Add {fmt_size(n)}", "time ratio NDSpan / NDArray",
            na("Add.NDSpan", n), na("Add", n), 1.0, invert=True)
    # Sum, Max, Exp.
    for op in ("Sum", "Max", "Exp"):
        form = "Into" if op == "Exp" else "Scalar"
        add(f"{op} at 10³ ≤ 1.5× TensorPrimitives' time", f"time ratio NativeArrays.{op} / TensorPrimitives",
            na(op, 1_000, form=form), peer(op, 1_000, "TensorPrimitives", form), 1.5, invert=True)
        for n in (1_000_000, 16_000_000):
            add(f"{op} ≥ 1.0× TensorPrimitives, {fmt_size(n)}", f"NativeArrays.{op} vs TensorPrimitives, 1 thread",
                na(op, n, form=form), peer(op, n, "TensorPrimitives", form), 1.0)
    # ArgMax / ArgMin.
    for op in ("ArgMax", "ArgMin"):
        for n in (1_000_000, 16_000_000):
            best = (na(op, n, 2, form="Scalar") if n > 1 << 20 else None) or na(op, n, form="Scalar")
            threads = f"{best['threads']} thread(s)" if best else ""
            add(f"{op} ≥ 1.0× NumPy, {fmt_size(n)}", f"NativeArrays {threads} vs np.{op.lower()}", best,
                peer(op, n, "NumPy", "Scalar"), 1.0)
            add(f"{op} ≥ 2× TensorPrimitives, {fmt_size(n)}", f"NativeArrays {threads} vs TensorPrimitives.IndexOf{op[3:]}",
                best, peer(op, n, "TensorPrimitives", "Scalar"), 2.0)
    # Strided rows.
    for n in SIZES:
        add(f"a[::2] + b[::2] ≥ 1.5× NumPy, {fmt_size(n)}", "into destination, 1 thread",
            na("Strided.Add", n), peer("Strided.Add", n, "NumPy"), 1.5)
    for op, step in (("Strided3.Add", 3), ("Strided4.Add", 4)):
        for n in (1_000, 1_000_000):
            add(f"a[::{step}] + b[::{step}] ≥ 1.2× NumPy, {fmt_size(n)}", "into destination, 1 thread",
                na(op, n), peer(op, n, "NumPy"), 1.2)
    for n in (1_000, 1_000_000):
        add(f"a[::-1] + b ≥ 1.2× NumPy, {fmt_size(n)}", "into destination, 1 thread",
            na("StridedRev.Add", n), peer("StridedRev.Add", n, "NumPy"), 1.2)
    # The copy probe (best of temporal / non-temporal stores) with arrays of the case's own size and with DRAM-sized ones;
    # the lower fraction counts.
    tr = na("Transposed.Add", T)
    copies = {}
    for (op, th, n), v in probes.items():
        if op in ("Bandwidth.Copy", "Bandwidth.Copy.NT") and th == 1:
            copies[n] = max(copies.get(n, 0), v)
    if tr and copies:
        gbs = tr["streams"] * T * 4 / tr["time_ns"]
        same = min(copies, key=lambda n: abs(math.log(n * 8 / (T * 4))))
        fr = min(gbs / copies[same], gbs / copies[max(copies)])
        out.append(("A.T + B (4096²) ≥ 0.5 of the copy probe, 1 thread",
                    f"into a C-order destination ({fmt_time(tr['time_ns'])}, {gbs:.1f} GB/s; copy probe {copies[same]:.1f} GB/s "
                    f"with {same * 8 >> 20} MiB arrays, {copies[max(copies)]:.1f} GB/s with {max(copies) * 8 >> 20} MiB)", fr, "≥ 0.5 of probe", fr >= 0.5))
    else:
        out.append(("A.T + B (4096²) ≥ 0.5 of the copy probe, 1 thread", "into a C-order destination", None, "≥ 0.5 of probe", None))
    # Two threads on memory-bound operations.
    for op, form in (("Add", "Into"), ("Multiply", "Into"), ("Sqrt", "Into"), ("Sum", "Scalar")):
        add(f"{op} 1.6·10⁷ on 2 threads ≥ 1.7× its 1-thread time", "speed-up: time on 2 threads vs on 1 thread",
            na(op, 16_000_000, 2, form=form), na(op, 16_000_000, 1, form=form), 1.7)
    # Reduction along a non-last axis.
    s0 = na("Axis0.Sum", T)
    if s0 and limits.get(("read", 1)):
        gbs = T * 4 / s0["time_ns"]
        ratio = gbs / limits[("read", 1)]
        out.append(("Sum(axis: 0) of 4096² ≥ 0.8 of the read bandwidth", f"1 thread ({fmt_time(s0['time_ns'])}, {gbs:.1f} GB/s)",
                    ratio, "≥ 0.8 of probe", ratio >= 0.8))
    else:
        out.append(("Sum(axis: 0) of 4096² ≥ 0.8 of the read bandwidth", "1 thread", None, "≥ 0.8 of probe", None))
    add("Sum(axis: 0) of 4096² ≥ 3× NumPy", "1 thread vs a.sum(axis=0, out=d)", s0, peer("Axis0.Sum", T, "NumPy"), 3.0)
    # The operations that were scalar-only.
    for op in VECTORISED_OPS:
        sizes = sorted({r["size"] for r in rows if r["op"] == op and r["system"] == "NativeArrays"})
        for n in sizes:
            a = next((r for r in rows if r["op"] == op and r["size"] == n and r["system"] == "NativeArrays"
                      and r["threads"] == 1 and r["width"] in ("512", "") and r["time_ns"]), None)
            if a is None:
                continue
            tp = peer(op, n, "TensorPrimitives", a["form"])
            if tp:
                add(f"{op} ≥ 1.0× TensorPrimitives, {fmt_size(n)}", "1 thread", a, tp, 1.0)
            add(f"{op} ≥ 2× NumPy, {fmt_size(n)}", f"1 thread ({a['form'].lower()})", a, peer(op, n, "NumPy", a["form"]), 2.0)
    return out


def headline(rows):
    """The README table: float32, into destination (and the allocating a + b), the sizes that matter most."""
    T = 4096 * 4096
    cases = [("Add", 1, "Into")]
    cases += [(op, n, "Scalar" if op in REDUCTION_OPS else "Into") for op in CONTIGUOUS_OPS + REDUCTION_OPS
              for n in (1_000, 1_000_000, 16_000_000)]
    cases += [("Add", n, "Alloc") for n in (1, 1_000, 1_000_000, 16_000_000)]
    cases += [("Strided.Add", 1_000_000, "Into"), ("Strided.Add", 16_000_000, "Into"), ("Transposed.Add", T, "Into"),
              ("Broadcast.Add", T, "Into"), ("Transposed.Copy", T, "Into"), ("Axis0.Sum", T, "Into")]
    body = []
    for op, n, form in cases:
        na1 = find(rows, op, "float32", n, "NativeArrays", form, "512", 1)
        na2 = find(rows, op, "float32", n, "NativeArrays", form, "512", 2)
        tp = find(rows, op, "float32", n, "TensorPrimitives", form)
        npy = find(rows, op, "float32", n, "NumPy", form)
        if not (na1 or tp or npy):
            continue
        best = na2 or na1
        name = {"Strided.Add": "a[::2] + b[::2]", "Transposed.Add": "A.T + B", "Broadcast.Add": "A + row",
                "Transposed.Copy": "A.T copied to C order", "Axis0.Sum": "Sum(axis: 0)"}.get(op, op)
        if form == "Alloc":
            name = "a + b allocating"
        body.append([name, fmt_size(n),
                     fmt_time(na1["time_ns"]) if na1 else "–",
                     fmt_time(na2["time_ns"]) if na2 else "–",
                     fmt_time(tp["time_ns"]) if tp else "–",
                     fmt_time(npy["time_ns"]) if npy else "–",
                     fmt_ratio(tp["time_ns"] / na1["time_ns"]) if tp and na1 else "–",
                     fmt_ratio(npy["time_ns"] / best["time_ns"]) if npy and best else "–",
                     fmt_fraction(best) if best and n >= 16_000_000 else "–"])
    return md_table(["float32", "size", "NativeArrays 1 thread", "NativeArrays 2 threads", "TensorPrimitives¹",
                     "NumPy", "vs TensorPrimitives (1 thread)", "vs NumPy (both cores where they split)",
                     "of DRAM / same-size probe²"], body, left=2)


HEADLINE_NOTES = ("Times per call (BenchmarkDotNet median; NumPy: timeit median), into a preallocated destination except the "
                  "allocating rows (which dispose their result each call). "
                  "\"vs\" columns are speed-ups (peer time / NativeArrays time; > 1 = NativeArrays faster). "
                  "2 threads are used only above `parallelThreshold` (2²⁰ elements), so the smaller sizes have no "
                  "2-thread figure. ¹ For strided, transposed and copy cases System.Numerics.Tensors' `Tensor.Add` / "
                  "`CopyTo` on strided tensor spans (TensorPrimitives has no strides); `TensorPrimitives.Add` row by row "
                  "for the broadcast. ² Bytes read + written per second over the bandwidth probe's best result for the "
                  "same thread count: first with 512 MiB arrays (DRAM), then with arrays the size of the case's own "
                  "(64 / 128 MiB), which this machine's caches partly hold — hence DRAM fractions above 100 %.")


MATMUL_OPS = ["MatMul", "MatMul.TransposedA", "MatMul.TransposedB", "MatMul.ReversedB", "MatMul.TallSkinny", "MatMul.MatVec", "MatMul.MatVecTransposed", "MatMul.Batched"]


def matmul_flops(op, size):
    """FLOPs (2·m·n·k) of one matrix-product case (MatMulBenchmarks.cs; size = the side or the long side)."""
    if op in ("MatMul", "MatMul.TransposedA", "MatMul.TransposedB", "MatMul.ReversedB"):
        return 2 * size ** 3
    if op == "MatMul.TallSkinny":
        return 2 * size * size * 64
    if op in ("MatMul.MatVec", "MatMul.MatVecTransposed"):
        return 2 * size * size
    if op == "MatMul.Batched":
        return 2 * 256 * 64 ** 3
    return None


def matmul_section(rows, limits):
    """GFLOP/s of every matrix-product case per system and thread count, and the issue-13 goals (met / not met)."""
    mm = [r for r in rows if r["op"] in MATMUL_OPS and r["time_ns"]]
    if not mm:
        return ""
    def t(op, dtype, size, system, threads):
        c = [r["time_ns"] for r in mm if r["op"] == op and r["dtype"] == dtype and r["size"] == size
             and r["system"] == system and r["threads"] == threads]
        return min(c) if c else None
    body = []
    keys = sorted({(r["op"], r["dtype"], r["size"], r["threads"]) for r in mm if r["system"] != "scalar loop"},
                  key=lambda k: (MATMUL_OPS.index(k[0]), k[1], k[2], k[3]))
    def gf(op, size, ns):
        return f"{matmul_flops(op, size) / ns:.1f}" if ns else "—"
    for op, dtype, size, threads in keys:
        na, ob, npy = (t(op, dtype, size, s, threads) for s in ("NativeArrays", "OpenBLAS", "NumPy"))
        naive = t(op, dtype, size, "scalar loop", 1)
        body.append([op, dtype, str(size), str(threads), gf(op, size, na), gf(op, size, ob),
                     fmt_ratio(ob / na) if na and ob else "—", gf(op, size, npy), fmt_ratio(npy / na) if na and npy else "—",
                     gf(op, size, naive) if threads == 1 else ""])
    out = [md_table(["case", "dtype", "size", "threads", "NativeArrays GFLOP/s", "OpenBLAS GFLOP/s",
                     "OpenBLAS time / NA time", "NumPy GFLOP/s", "NumPy time / NA time", "naive loop GFLOP/s"], body, left=4), ""]
    goals = []
    def goal(name, detail, value, target, higher=True):
        if value is None:
            goals.append([name, detail, "—", f"{'≥' if higher else '≤'} {target}", "not measured"])
            return
        ok = value >= target if higher else value <= target
        goals.append([name, detail, f"{value:.2f}", f"{'≥' if higher else '≤'} {target}", "met" if ok else "NOT met"])
    sizes = sorted({r["size"] for r in mm if r["op"] == "MatMul"})
    for dtype in ("float32", "float64"):
        for threads in (1, 2):
            for size in sizes:
                na, ob = t("MatMul", dtype, size, "NativeArrays", threads), t("MatMul", dtype, size, "OpenBLAS", threads)
                target = 0.85 if size >= 1024 else 0.6
                goal("vs OpenBLAS", f"{dtype} {size}² {threads} thread(s)", ob / na if na and ob else None, target)
                for which in ("A", "B"):
                    tr = t(f"MatMul.Transposed{which}", dtype, size, "NativeArrays", threads)
                    if size >= 1024 and (which == "A" or tr):
                        goal("transposed operand cost", f"{dtype} {size}² {threads} thread(s) (time {'A.T·B' if which == 'A' else 'A·B.T'} / A·B)",
                             tr / na if tr and na else None, 1.05, higher=False)
                rb = t("MatMul.ReversedB", dtype, size, "NativeArrays", threads)
                if size >= 1024 and rb:
                    goal("negative-stride operand cost", f"{dtype} {size}² {threads} thread(s) (time A·B[:, ::-1] / A·B)",
                         rb / na if na else None, 1.05, higher=False)
            for size in sorted({r["size"] for r in mm if r["op"] == "MatMul.MatVec"}):
                na = t("MatMul.MatVec", dtype, size, "NativeArrays", threads)
                nbytes = size * size * DTYPE_BYTES.get(dtype, 4)
                probe, _ = footprint_limit(limits, "read", threads, nbytes)
                goal("matrix·vector vs read probe", f"{dtype} {size}² {threads} thread(s)",
                     nbytes / na / probe if na and probe else None, 0.8)
            for size in sorted({r["size"] for r in mm if r["op"] == "MatMul.Batched"}):
                na, npy = t("MatMul.Batched", dtype, size, "NativeArrays", threads), t("MatMul.Batched", dtype, size, "NumPy", threads)
                goal("batched (256,64,64)² vs NumPy", f"{dtype} {threads} thread(s)", npy / na if na and npy else None, 1.5)
    out += [md_table(["goal", "case", "measured", "target", "status"], goals, left=2), ""]
    return "\n".join(out)


def md_table(header, rows, left=1):
    """A GitHub table; the first `left` columns are text (left-aligned), the rest numbers."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" if i < left else "---:" for i in range(len(header))) + "|"]
    for r in rows:
        lines.append("| " + " | ".join(str(c) for c in r) + " |")
    return "\n".join(lines)


def vectorised_summary(gs, rel):
    """One line per formerly scalar-only operation: its goals met / measured, the misses named."""
    per = defaultdict(list)
    for goal, detail, ratio, target, met in gs:
        op = goal.split(" ")[0]
        if op in VECTORISED_OPS and met is not None:
            per[op].append((goal[len(op) + 1:], ratio, met))
    if not per:
        return ""
    body = []
    for op in VECTORISED_OPS:
        if op in per:
            misses = [f"{g.replace('≥ ', '').replace(', ', ' at ')} ({fmt_ratio(r)})" for g, r, m in per[op] if not m]
            body.append([op, f"{sum(1 for _, _, m in per[op] if m)} of {len(per[op])}", "; ".join(misses) or "–"])
    return (f"The operations that were scalar-only (goal: ≥ 1.0× TensorPrimitives where it has the operation, ≥ 2× NumPy; "
            f"10³ and 10⁶, 1 thread; every row in [`{rel}/goals.md`]({rel}/goals.md)):\n\n"
            + md_table(["operation", "goals met", "not met (ratio)"], body, left=3))


def goal_table(gs):
    rows = []
    for goal, detail, ratio, target, met in gs:
        status = "no data" if met is None else ("**met**" if met else "not met")
        rows.append([goal, detail, fmt_ratio(ratio), target, status])
    return md_table(["goal", "measured", "ratio", "target", "status"], rows, left=2)


def system_order(r):
    order = ["NativeArrays", "TensorPrimitives", "NumPy", "NumSharp", "scalar loop"]
    width_order = {"512": 0, "": 0, "256": 1, "128": 2, "scalar": 3}
    return (order.index(r["system"]) if r["system"] in order else 9, r["form"] != "Into", r["threads"], width_order.get(r["width"], 9))


def case_tables(rows, ops, include_fraction=True):
    parts = []
    for op in ops:
        for dtype in ("float32", "float64"):
            sel = [r for r in rows if r["op"] == op and r["dtype"] == dtype and r["system"] != "Probe"]
            if not sel:
                continue
            parts.append(f"#### {op} — {dtype}\n")
            body = []
            for size in sorted({r["size"] for r in sel}):
                for r in sorted([r for r in sel if r["size"] == size], key=system_order):
                    cells = [fmt_size(size), label(r), fmt_time(r["time_ns"]) if r["time_ns"] else "failed",
                             f"{r['gbs']:.1f}" if r.get("gbs") else "–",
                             fmt_ratio(r.get("vs_tp")) if r["system"] != "TensorPrimitives" else "baseline",
                             fmt_ratio(r.get("vs_numpy")) if r["system"] != "NumPy" else "–"]
                    if include_fraction:
                        cells.append(fmt_fraction(r) if size >= 16_000_000 else "–")
                    if r.get("alloc_bytes") is not None and op.startswith("View"):
                        cells.append(f"{int(r['alloc_bytes'])} B")
                    body.append(cells)
            header = ["size", "system", "time/call", "GB/s", "TP time / this", "NumPy time / this (same form)"]
            if include_fraction:
                header.append("of DRAM / same-size probe")
            if op.startswith("View"):
                header.append("allocated")
            parts.append(md_table(header, body, left=2) + "\n")
    return "\n".join(parts)


def view_table(rows):
    body = []
    for op in [v for v in VIEW_OPS if base_op(v) == v]:
        for r in sorted([r for r in rows if base_op(r["op"]) == op], key=system_order):
            alloc = "–" if r.get("alloc_bytes") is None else f"{int(r['alloc_bytes'])} B"
            body.append([op, label(r), fmt_time(r["time_ns"]) if r["time_ns"] else "failed", alloc,
                         fmt_ratio(r.get("vs_tp")) if r["system"] != "TensorPrimitives" else "baseline"])
    return md_table(["view", "system", "time/call", "allocated per view", "TensorSpan time / this"], body, left=2)


ALLOCATION_OPS = ["Empty", "Zeros"]


def allocation_table(rows):
    """Allocating forms (float32): time, managed bytes (MemoryDiagnoser) and native bytes (the tracker) per call."""
    body = []
    for op in ["Add"] + ALLOCATION_OPS:
        sel = [r for r in rows if r["op"] == op and r["form"] == "Alloc" and r["dtype"] == "float32"]
        for size in sorted({r["size"] for r in sel}):
            for r in sorted([r for r in sel if r["size"] == size], key=system_order):
                native = "–" if r.get("native_bytes") is None else \
                    f"{int(r['native_bytes'])} B ({int(r['native_footprint'])} B)" if r.get("native_footprint") is not None \
                    else f"{int(r['native_bytes'])} B"
                managed = "–" if r.get("alloc_bytes") is None else f"{int(r['alloc_bytes'])} B"
                body.append([op, fmt_size(size), label(r), fmt_time(r["time_ns"]) if r["time_ns"] else "failed",
                             fmt_ratio(r.get("vs_numpy")) if r["system"] != "NumPy" else "–", managed, native])
    return md_table(["case", "size", "system", "time/call", "NumPy time / this", "managed bytes/call",
                     "native bytes/call (peak footprint)"], body, left=3)


def width_table(rows):
    body = []
    for op in CONTIGUOUS_OPS + REDUCTION_OPS:
        for size in SIZES:
            cells = [op, fmt_size(size)]
            base = find(rows, op, "float32", size, "NativeArrays", None, "512", 1)
            base = base if base and base["form"] != "Alloc" else None
            found = False
            for w in ("512", "256", "128", "scalar"):
                r = next((x for x in rows if x["op"] == op and x["dtype"] == "float32" and x["size"] == size
                          and x["system"] == "NativeArrays" and x["width"] == w and x["threads"] == 1
                          and x["form"] != "Alloc" and x["time_ns"]), None)
                found |= r is not None
                cells.append("–" if r is None else fmt_time(r["time_ns"]) + ("" if w == "512" or not base else f" ({r['time_ns'] / base['time_ns']:.2f}×)"))
            if found:
                body.append(cells)
    return md_table(["op", "size", "512-bit", "256-bit", "128-bit", "scalar"], body, left=2)


# ---- SVG charts --------------------------------------------------------------------------------------------------

def svg_line_chart(path, title, series, limit_lines, xlabel="elements", ylabel="GB/s (read + written)"):
    """series: {name: [(x, y), ...]}, log-x, linear-y from 0."""
    W, H, L, R, T, B = 760, 420, 70, 220, 40, 50
    xs = [x for pts in series.values() for x, _ in pts]
    ys = [y for pts in series.values() for _, y in pts] + [v for _, v in limit_lines]
    if not xs or not ys:
        return False
    xmin, xmax = math.log10(min(xs)), math.log10(max(xs))
    if xmax - xmin < 1e-9:
        xmin, xmax = xmin - 0.5, xmax + 0.5
    pad = (xmax - xmin) * 0.03
    xmin, xmax = xmin - pad, xmax + pad
    ymax = max(ys) * 1.1
    step = nice_step(ymax / 6)
    ymax = math.ceil(ymax / step) * step

    def px(x):
        return L + (math.log10(x) - xmin) / (xmax - xmin) * (W - L - R)

    def py(y):
        return T + (1 - y / ymax) * (H - T - B)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{(W - R + L) / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">{esc(title)}</text>']
    y = 0.0
    while y <= ymax + 1e-9:
        out.append(f'<line x1="{L}" y1="{py(y):.1f}" x2="{W - R}" y2="{py(y):.1f}" stroke="#e5e5e5"/>')
        out.append(f'<text x="{L - 6}" y="{py(y) + 4:.1f}" text-anchor="end">{y:g}</text>')
        y += step
    data_logs = [math.log10(x) for x in set(xs)]
    for e in range(math.floor(xmin), math.ceil(xmax) + 1):
        x = 10 ** e
        near_data_label = any(0.02 < abs(e - d) < 0.4 for d in data_logs)
        if xmin - 1e-9 <= e <= xmax + 1e-9 and not near_data_label:
            out.append(f'<line x1="{px(x):.1f}" y1="{T}" x2="{px(x):.1f}" y2="{H - B}" stroke="#e5e5e5"/>')
            out.append(f'<text x="{px(x):.1f}" y="{H - B + 16}" text-anchor="middle">{fmt_size(x)}</text>')
    for x in sorted(set(xs)):
        if abs(math.log10(x) - round(math.log10(x))) > 1e-6:
            out.append(f'<text x="{px(x):.1f}" y="{H - B + 16}" text-anchor="middle">{fmt_size(x)}</text>')
    out.append(f'<rect x="{L}" y="{T}" width="{W - L - R}" height="{H - T - B}" fill="none" stroke="#333"/>')
    out.append(f'<text x="{(W - R + L) / 2}" y="{H - 12}" text-anchor="middle">{esc(xlabel)}</text>')
    out.append(f'<text x="16" y="{(H - B + T) / 2}" text-anchor="middle" transform="rotate(-90 16 {(H - B + T) / 2})">{esc(ylabel)}</text>')
    legend_y = T + 6
    for k, (name, value) in enumerate(limit_lines):
        dash, color = [("6 4", "#000"), ("2 3", "#555"), ("10 3 2 3", "#b8860b"), ("1 2", "#b8860b")][k % 4]
        out.append(f'<line x1="{L}" y1="{py(value):.1f}" x2="{W - R}" y2="{py(value):.1f}" stroke="{color}" stroke-dasharray="{dash}"/>')
        out.append(f'<line x1="{W - R + 8}" y1="{legend_y}" x2="{W - R + 20}" y2="{legend_y}" stroke="{color}" stroke-dasharray="{dash}"/>')
        out.append(f'<text x="{W - R + 24}" y="{legend_y + 4}" font-size="11">{esc(name)} ({value:.1f})</text>')
        legend_y += 18
    legend_order = list(COLORS)
    for name, pts in sorted(series.items(), key=lambda kv: legend_order.index(kv[0]) if kv[0] in legend_order else 99):
        color = COLORS.get(name, "#444")
        pts = sorted(pts)
        if len(pts) > 1:
            d = " ".join(f"{'M' if i == 0 else 'L'}{px(x):.1f},{py(y):.1f}" for i, (x, y) in enumerate(pts))
            out.append(f'<path d="{d}" fill="none" stroke="{color}" stroke-width="2"/>')
        for x, yv in pts:
            out.append(f'<circle cx="{px(x):.1f}" cy="{py(yv):.1f}" r="3.5" fill="{color}"/>')
        out.append(f'<rect x="{W - R + 8}" y="{legend_y - 6}" width="12" height="4" fill="{color}"/>')
        out.append(f'<text x="{W - R + 24}" y="{legend_y}" font-size="11">{esc(name)}</text>')
        legend_y += 18
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out))
    return True


def svg_bar_chart(path, title, groups, limit=None, ylabel="GB/s (read + written)"):
    """groups: [(group label, [(series name, value), ...])]."""
    names = []
    for _, bars in groups:
        for n, _ in bars:
            if n not in names:
                names.append(n)
    values = [v for _, bars in groups for _, v in bars] + ([limit[1]] if limit else [])
    if not values:
        return False
    W, H, L, R, T, B = 760, 420, 70, 190, 40, 70
    ymax = max(values) * 1.1
    step = nice_step(ymax / 6)
    ymax = math.ceil(ymax / step) * step
    gw = (W - L - R) / max(1, len(groups))
    bw = gw * 0.8 / max(1, len(names))

    def py(y):
        return T + (1 - y / ymax) * (H - T - B)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{(W - R + L) / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">{esc(title)}</text>']
    y = 0.0
    while y <= ymax + 1e-9:
        out.append(f'<line x1="{L}" y1="{py(y):.1f}" x2="{W - R}" y2="{py(y):.1f}" stroke="#e5e5e5"/>')
        out.append(f'<text x="{L - 6}" y="{py(y) + 4:.1f}" text-anchor="end">{y:g}</text>')
        y += step
    for gi, (glabel, bars) in enumerate(groups):
        x0 = L + gi * gw + gw * 0.1
        for n, v in bars:
            i = names.index(n)
            out.append(f'<rect x="{x0 + i * bw:.1f}" y="{py(v):.1f}" width="{bw * 0.9:.1f}" height="{py(0) - py(v):.1f}" fill="{COLORS.get(n, "#444")}"/>')
        out.append(f'<text x="{L + gi * gw + gw / 2:.1f}" y="{H - B + 16}" text-anchor="middle">{esc(glabel)}</text>')
    out.append(f'<rect x="{L}" y="{T}" width="{W - L - R}" height="{H - T - B}" fill="none" stroke="#333"/>')
    out.append(f'<text x="16" y="{(H - B + T) / 2}" text-anchor="middle" transform="rotate(-90 16 {(H - B + T) / 2})">{esc(ylabel)}</text>')
    legend_y = T + 6
    if limit:
        out.append(f'<line x1="{L}" y1="{py(limit[1]):.1f}" x2="{W - R}" y2="{py(limit[1]):.1f}" stroke="#000" stroke-dasharray="6 4"/>')
        out.append(f'<text x="{W - R + 8}" y="{legend_y + 4}" font-size="11">– – {esc(limit[0])} ({limit[1]:.1f})</text>')
        legend_y += 18
    for n in names:
        out.append(f'<rect x="{W - R + 8}" y="{legend_y - 8}" width="12" height="10" fill="{COLORS.get(n, "#444")}"/>')
        out.append(f'<text x="{W - R + 24}" y="{legend_y}" font-size="11">{esc(n)}</text>')
        legend_y += 18
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out))
    return True


def nice_step(x):
    if x <= 0:
        return 1
    e = 10 ** math.floor(math.log10(x))
    for m in (1, 2, 2.5, 5, 10):
        if m * e >= x:
            return m * e
    return 10 * e


def esc(s):
    return str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def chart_series_name(r):
    if r["system"] == "NativeArrays":
        if r["form"] != "Into" and r["form"] != "Scalar":
            return None
        if r["width"] not in ("512", ""):
            return None
        return f"NativeArrays {r['threads']}t"
    if r["form"] not in ("Into", "Scalar"):
        return None
    return r["system"]


def charts(rows, limits, outdir):
    os.makedirs(outdir, exist_ok=True)
    made = []
    for op in CONTIGUOUS_OPS + REDUCTION_OPS + ["Strided.Add"]:
        for dtype in ("float32", "float64"):
            sel = [r for r in rows if r["op"] == op and r["dtype"] == dtype and r.get("gbs")]
            series = defaultdict(list)
            for r in sel:
                name = chart_series_name(r)
                if name:
                    series[name].append((r["size"], r["gbs"]))
            kind = "read" if op in REDUCTION_OPS else "write"
            lines = [(f"DRAM limit, {t} thread{'s' if t > 1 else ''}", limits[(kind, t)]) for t in (1, 2) if (kind, t) in limits]
            dram_n = max([k[2] for k in limits if len(k) == 3] or [0])
            for t in (1, 2):
                v, n = footprint_limit(limits, kind, t, 16_000_000 * DTYPE_BYTES[dtype])
                if v and n != dram_n:
                    lines.append((f"{n * 8 // (1 << 20)} MiB probe, {t} thread{'s' if t > 1 else ''}", v))
            name = f"{op.replace('.', '-').lower()}-{dtype}.svg"
            if series and svg_line_chart(os.path.join(outdir, name), f"{op} {dtype}: throughput vs size", dict(series), lines):
                made.append(name)
    # SIMD width sweep (float32, into destination, one thread)
    for op in CONTIGUOUS_OPS + REDUCTION_OPS:
        series = defaultdict(list)
        for r in rows:
            if r["op"] == op and r["dtype"] == "float32" and r["system"] == "NativeArrays" and r["threads"] == 1 \
                    and r["form"] != "Alloc" and r.get("gbs"):
                series["NativeArrays " + (r["width"] if r["width"] != "512" else "1t")].append((r["size"], r["gbs"]))
        if len(series) > 1:
            renamed = {("NativeArrays 512" if k == "NativeArrays 1t" else k): v for k, v in series.items()}
            name = f"width-{op.lower()}-float32.svg"
            if svg_line_chart(os.path.join(outdir, name), f"{op} float32: SIMD width (1 thread)", renamed, []):
                made.append(name)
    # fixed-size layout cases: bars
    for dtype in ("float32", "float64"):
        groups = []
        for op in ["Transposed.Add", "Broadcast.Add", "Transposed.Copy"]:
            bars = []
            for r in sorted([r for r in rows if r["op"] == op and r["dtype"] == dtype and r.get("gbs")], key=system_order):
                name = chart_series_name(r)
                if name and all(b[0] != name for b in bars):
                    bars.append((name, r["gbs"]))
            if bars:
                groups.append((op, bars))
        lim = limits.get(("write", 1))
        name = f"layout-{dtype}.svg"
        if groups and svg_bar_chart(os.path.join(outdir, name), f"4096² layout cases, {dtype} (into destination)", groups,
                                    ("DRAM limit, 1 thread", lim) if lim else None):
            made.append(name)
    return made


def write_docs(path, machine, npinfo, probes, limits, rows, gs, charts_made, outdir):
    begin, end = "<!-- RESULTS:BEGIN -->", "<!-- RESULTS:END -->"
    text = open(path).read()
    if begin not in text or end not in text:
        raise SystemExit(f"merge: {path} has no {begin} ... {end} section")
    rel = os.path.relpath(outdir, start=".")  # README lives at the repository root
    lim = lambda kind, t: f"{limits[(kind, t)]:.1f}" if (kind, t) in limits else "?"
    part = [begin, "",
            f"Measured {machine.get('date_utc', '?')} on {machine.get('cpu', '?')} ({machine.get('cpu_detail', '')}; "
            f"{machine.get('isa', '?')}), {machine.get('logical_cores', '?')} cores, {machine.get('memory_gib', '?')} GiB, "
            + (f"load average {machine['load_average']} (1, 5, 15 min) at the start, " if machine.get('load_average') else "") +
            f"{machine.get('os', '?')}, {machine.get('dotnet', '?')}, System.Numerics.Tensors "
            f"{machine.get('system_numerics_tensors', '?')}, NumSharp {machine.get('numsharp', '?')}, NumPy "
            f"{npinfo.get('numpy', '?')}. Measured DRAM bandwidth (bytes read + written): {lim('write', 1)} GB/s on one "
            f"thread, {lim('write', 2)} GB/s on two (best of copy / triad); read-only {lim('read', 1)} / {lim('read', 2)} GB/s. "
            f"Full tables: [`{rel}/results.md`]({rel}/results.md).",
            "", headline(rows), "", HEADLINE_NOTES, "",
            "Goals of the kernel-performance issue (float32 unless the case names another type):", "",
            goal_table([g for g in gs if not g[0].split(" ")[0] in VECTORISED_OPS]), "",
            vectorised_summary(gs, rel), ""]
    picks = [c for c in ("add-float32.svg", "exp-float32.svg", "sum-float32.svg", "layout-float32.svg") if c in charts_made]
    if picks:
        part += [" ".join(f"![{c}]({rel}/charts/{c})" for c in picks), ""]
    part.append(end)
    i, j = text.index(begin), text.index(end) + len(end)
    with open(path, "w") as f:
        f.write(text[:i] + "\n".join(part) + text[j:])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--raw", default="benchmarks/results/raw")
    ap.add_argument("--out", default="benchmarks/results")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--docs", default=None,
                    help="also rewrite the part of this markdown file between <!-- RESULTS:BEGIN --> and <!-- RESULTS:END -->")
    args = ap.parse_args()
    rows = load(args.raw)
    probes, limits = bandwidth_limits(rows)
    enrich(rows, limits)

    def jload(name):
        p = os.path.join(args.raw, name)
        return json.load(open(p)) if os.path.exists(p) else {}

    machine, npinfo = jload("machine.json"), jload("numpy-info.json")
    durations = open(os.path.join(args.raw, "durations.txt")).read().strip() if os.path.exists(os.path.join(args.raw, "durations.txt")) else ""

    os.makedirs(args.out, exist_ok=True)
    fields = ["op", "form", "dtype", "size", "system", "width", "threads", "time_ns", "mean_ns", "stderr_ns", "min_ns",
              "gbs", "fraction", "vs_tp", "vs_numpy", "alloc_bytes", "streams", "source", "method", "error",
              "native_bytes", "native_footprint"]
    with open(os.path.join(args.out, "results.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["op", "form", "dtype", "size", "system", "simd_width", "threads", "median_ns", "mean_ns", "stderr_ns",
                    "min_ns", "gb_per_s", "fraction_of_bandwidth", "speedup_vs_tensorprimitives", "speedup_vs_numpy",
                    "allocated_bytes", "streams", "source", "method", "error", "native_bytes_per_op",
                    "native_footprint_bytes_per_op"])
        for r in sorted(rows, key=lambda r: (r["op"], r["dtype"], r["size"], system_order(r))):
            w.writerow(["" if r.get(k) is None else (f"{r[k]:.4g}" if isinstance(r.get(k), float) else r[k]) for k in fields])

    made = charts(rows, limits, os.path.join(args.out, "charts"))
    gs = goals(rows, limits, probes)

    md = []
    md.append("# NativeArrays benchmark results" + (" (quick mode: few short iterations, numbers are rough)" if args.quick else ""))
    md.append("")
    md.append(f"Run of {machine.get('date_utc', '?')}. Generated by `benchmarks/run.sh`{' --quick' if args.quick else ''} "
              "(BenchmarkDotNet for .NET, timeit for NumPy; both on the same machine, one after the other).")
    md.append("")
    md.append("## Machine")
    md.append("")
    settings = machine.get("settings", {})
    info_rows = [
        ["CPU", f"{machine.get('cpu', '?')} ({machine.get('cpu_detail', '')})".replace(" ()", "")],
        ["ISA", machine.get("isa", "?") + (", Vector512 accelerated" if machine.get("vector512_hardware_accelerated") else "")],
        ["cores", str(machine.get("logical_cores", "?"))],
        ["memory", f"{machine.get('memory_gib', '?')} GiB"],
        ["load average at the start (1, 5, 15 min)", machine.get("load_average") or "?"],
        ["OS", machine.get("os", "?")],
        [".NET", machine.get("dotnet", "?")],
        ["BenchmarkDotNet", machine.get("benchmarkdotnet", "?")],
        ["System.Numerics.Tensors", machine.get("system_numerics_tensors", "?")],
        ["NumSharp", machine.get("numsharp", "?")],
        ["NumPy", f"{npinfo.get('numpy', 'not run')} (Python {npinfo.get('python', '?')})"],
        ["NativeArrays settings", ", ".join(f"{k}={v}" for k, v in settings.items() if k in ("ParallelThreshold", "NonTemporalThreshold", "Alignment"))],
        ["durations", durations or "?"],
    ]
    md.append(md_table(["", ""], info_rows, left=2))
    md.append("")
    md.append("## Bandwidth limit (roofline)")
    md.append("")
    md.append("Measured in the same run by `BandwidthBenchmarks` (STREAM-like, float64, 512-bit vectors). GB/s count "
              "bytes read plus bytes written (STREAM's convention). The limit used for a case is the best write probe "
              "(copy / triad, with or without non-temporal stores) for the same number of threads, or the read probe for "
              "reductions. The guest's CPUID reports a 508 MiB L3, which cannot be checked from inside the VM; the 512 MiB "
              "probe's working set (1–1.5 GiB) is 2–3 times that.")
    md.append("")
    psizes = sorted({k[2] for k in probes})
    header = ["probe"] + [f"{n * 8 // (1 << 20)} MiB arrays, {t} thread{'s' if t > 1 else ''}" for n in psizes for t in (1, 2)]
    body = []
    for op in ["Bandwidth.Read", "Bandwidth.Copy", "Bandwidth.Copy.NT", "Bandwidth.Triad", "Bandwidth.Triad.NT"]:
        body.append([op.replace("Bandwidth.", "")] + [f"{probes[(op, t, n)]:.1f}" if (op, t, n) in probes else "–"
                                                     for n in psizes for t in (1, 2)])
    md.append(md_table(header, body))
    md.append("")
    md.append("GB/s. The largest arrays give the DRAM limit used for the charts' dashed lines and the first percentage "
              "of each large case; the smaller probes match the large cases' own arrays (the 1.6·10⁷ and 4096² cases "
              "use 64 MiB arrays in float32, 128 MiB in float64) and give the second percentage.")
    md.append("")
    md.append("## Headline (float32)")
    md.append("")
    md.append(headline(rows))
    md.append("")
    md.append(HEADLINE_NOTES)
    md.append("")
    md.append("## Goals of the kernel-performance issue")
    md.append("")
    md.append("Ratio = peer time / NativeArrays time (higher is better), except the rows marked ≤ (NativeArrays time / "
              "peer time, or time / the goal's limit: lower is better) and the bandwidth rows (fraction of the probe; the lower "
              "of the DRAM and the same-size probe). One thread = `maxDegreeOfParallelism` 1; both cores = 2. NumPy is "
              "single-threaded. Float32 unless the case names another type (the integer cases are labelled float32 in "
              "the tables: their dtype column is not used).")
    md.append("")
    if args.quick:
        md.append("**Quick mode: these ratios come from a few short in-process iterations at reduced sizes; they prove the "
                  "suite runs, they do not measure anything. See the full run's results.md.**")
        md.append("")
    md.append(goal_table(gs))
    md.append("")
    md.append("## Charts")
    md.append("")
    for name in made:
        md.append(f"![{name}](charts/{name})")
    md.append("")
    md.append("## Contiguous elementwise")
    md.append("")
    md.append("Into destination unless marked allocating (the allocating forms include allocating, first-touching and "
              "freeing the result; NumPy's too). NumPy has no fused multiply-add: its MultiplyAdd is `multiply` then `add` "
              "(into) or `a * b + c` (allocating). \"of bandwidth limit\" is shown for the large cases (1.6·10⁷ elements, "
              "4096²), whose arrays exceed the last-level cache; smaller ones run from cache, above the DRAM limit.")
    md.append("")
    md.append(case_tables(rows, CONTIGUOUS_OPS))
    md.append("## Reductions")
    md.append("")
    md.append(case_tables(rows, REDUCTION_OPS))
    md.append("## SIMD width (float32, into destination, one thread)")
    md.append("")
    md.append("`simdWidth` handed to the kernels through `NativeArraysSettings.Override` in each benchmark process; "
              "in parentheses the speed-up of 512-bit over that width.")
    md.append("")
    md.append(width_table(rows))
    md.append("")
    md.append("## Layouts: strided, transposed, broadcast, copies")
    md.append("")
    md.append("`a[::2] + b[::2]` counts 5 streams (each strided input spans twice its elements). The TensorPrimitives "
              "column is System.Numerics.Tensors' `Tensor.Add` / `CopyTo` on strided tensor spans (TensorPrimitives "
              "itself has no strides), and `TensorPrimitives.Add` row by row for the broadcast.")
    md.append("")
    md.append(case_tables(rows, LAYOUT_OPS))
    md.append("## Matrix products (issue 13)")
    md.append("")
    md.append("GFLOP/s = 2·m·n·k / time. OpenBLAS is Debian's libopenblas0-pthread through P/Invoke, NumPy's `@` uses its "
              "OpenBLAS; both ran with OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset (this machine's environment sets them, "
              "forcing slower kernels), on the thread count shown. Matrix·vector is compared with the read probe of the "
              "matrix's footprint (bytes of the matrix / time).")
    md.append("")
    md.append(matmul_section(rows, limits))
    md.append("")
    md.append("## Allocating forms (float32)")
    md.append("")
    md.append("The result is allocated and disposed in every call (NumPy's is freed when dropped). Managed bytes: "
              "BenchmarkDotNet's MemoryDiagnoser. Native bytes: the NativeArrays tracker around three calls in the "
              "host process (requested bytes; in brackets the peak footprint the allocator held for the call).")
    md.append("")
    md.append(allocation_table(rows))
    md.append("")
    md.append("## View creation")
    md.append("")
    md.append("Create and dispose one view of a 1000 × 1000 float32 array; allocated = managed bytes per view "
              "(MemoryDiagnoser; NumPy's are not measured).")
    md.append("")
    md.append(view_table(rows))
    md.append("")
    failed = [r for r in rows if not r["time_ns"]]
    if failed:
        md.append("## Failed cases")
        md.append("")
        for r in failed:
            md.append(f"- {r['method']} {r['dtype']} {r['size']} width={r['width']} threads={r['threads']}: {r['error']}")
        md.append("")
    with open(os.path.join(args.out, "results.md"), "w") as f:
        f.write("\n".join(md))
    with open(os.path.join(args.out, "goals.md"), "w") as f:
        f.write(goal_table(gs) + "\n")
    with open(os.path.join(args.out, "headline.md"), "w") as f:
        f.write(headline(rows) + "\n\n" + HEADLINE_NOTES + "\n")
    if args.docs:
        write_docs(args.docs, machine, npinfo, probes, limits, rows, gs, made, args.out)
    print(f"merge: {len(rows)} measurements, {len(made)} charts -> {args.out}/results.md")


if __name__ == "__main__":
    main()
