#!/usr/bin/env python3
"""NumPy side of the NativeArrays .npy/.npz interoperability tests.

    npy_helper.py version                 print the NumPy version
    npy_helper.py generate DIR            write .npy/.npz files with NumPy and DIR/manifest.json describing them
    npy_helper.py verify MANIFEST         load the files C# wrote (listed in MANIFEST) with NumPy and compare
    npy_helper.py loadall DIR             load every DIR/*.npy with NumPy; print one JSON object per file (differential fuzz)

Every expectation is the array's elements in C order as little-endian bytes (hex), so both sides compare exact bits
(NaN payloads, -0.0, subnormals) without any float formatting. Exit status 0 means every case matched; failures are
printed one per line as "FAIL <case>: <reason>".
"""
import io
import json
import os
import sys
import warnings
import zipfile

import numpy as np

DTYPES = ["b1", "i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f2", "f4", "f8"]
SHAPES = [(), (0,), (3, 0), (5,), (3, 4), (2, 3, 4)]
VERSIONS = [(1, 0), (2, 0), (3, 0)]


def c_bytes(a):
    """The elements in C order, little-endian, as hex (bool as 0/1 whatever the stored byte)."""
    if a.dtype.kind == "b":
        return (np.ascontiguousarray(a).view(np.uint8) != 0).astype(np.uint8).tobytes(order="C").hex()
    le = a.astype(a.dtype.newbyteorder("<"), copy=False) if a.dtype.itemsize > 1 else a
    return np.ascontiguousarray(le).tobytes(order="C").hex()


def values(code, shape, rng):
    n = int(np.prod(shape)) if shape else 1
    dt = np.dtype("<" + code)
    if code == "b1":
        flat = rng.integers(0, 2, n).astype(bool)
    elif dt.kind in "iu":
        info = np.iinfo(dt)
        flat = rng.integers(info.min, info.max, n, dtype=dt, endpoint=True)
        specials = [info.min, info.max, 0, 1]
        flat[: min(n, len(specials))] = specials[: min(n, len(specials))]
    else:
        flat = (rng.standard_normal(n) * 1000).astype(dt)
        specials = [np.nan, np.inf, -np.inf, -0.0, np.finfo(dt).tiny / 2, np.finfo(dt).max, np.finfo(dt).min]
        k = min(n, len(specials))
        flat[:k] = np.array(specials[:k], dtype=dt)
    return flat.reshape(shape)


def generate(out):
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(20261128)
    cases = []
    for code in DTYPES:
        orders = "|" if code[1] == "1" else "<>"
        for bo in orders:
            for fortran in (False, True):
                for shape in SHAPES:
                    if fortran and shape == ():
                        continue  # np.asfortranarray turns a 0-d array into shape (1,)
                    for ver in VERSIONS:
                        a = values(code, shape, rng)
                        dt = np.dtype(a.dtype).newbyteorder(bo if bo != "|" else "=")
                        a = a.astype(dt)
                        if fortran:
                            a = np.asfortranarray(a)
                        name = "{}{}_{}_{}_v{}.npy".format(
                            {"|": "n", "<": "le", ">": "be"}[bo], code, "F" if fortran else "C",
                            "x".join(map(str, shape)) or "scalar", ver[0])
                        with warnings.catch_warnings():
                            warnings.simplefilter("ignore")
                            with open(os.path.join(out, name), "wb") as f:
                                np.lib.format.write_array(f, a, version=ver)
                        cases.append({
                            "file": name, "descr": a.dtype.str, "shape": list(shape),
                            "fortran": bool(fortran and a.ndim > 1 and not a.flags.c_contiguous),
                            "version": ver[0], "hex": c_bytes(a),
                        })

    # .npz, stored and deflated, several dtypes and shapes.
    members = {
        "x": values("f8", (4, 5), rng),
        "labels": values("i8", (7,), rng),
        "mask": values("b1", (2, 3), rng),
        "scalar": values("f4", (), rng),
        "empty": values("u2", (0, 3), rng),
        "fortran": np.asfortranarray(values("i4", (3, 4), rng)),
        "big_endian": values("f4", (6,), rng).astype(">f4"),
    }
    npz = []
    for fname, saver in (("stored.npz", np.savez), ("deflated.npz", np.savez_compressed)):
        saver(os.path.join(out, fname), **members)
        npz.append({"file": fname, "members": {k: {"descr": v.dtype.str, "shape": list(v.shape), "hex": c_bytes(v)}
                                               for k, v in members.items()}})

    # Files NativeArrays must refuse, with the exception family expected.
    refuse = []

    def refused(name, arr, kind, **kw):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with open(os.path.join(out, name), "wb") as f:
                np.lib.format.write_array(f, arr, **kw)
        refuse.append({"file": name, "expect": kind})

    refused("object.npy", np.array([1, "two", None], dtype=object), "NotSupported", allow_pickle=True)
    refused("structured.npy", np.zeros(3, dtype=[("a", "<i4"), ("b", "<f8")]), "NotSupported")
    refused("structured_utf8_v3.npy", np.zeros(2, dtype=[("\u00e9t\u00e9", "<i4")]), "NotSupported", version=(3, 0))
    refused("complex.npy", np.zeros(3, dtype=np.complex128), "NotSupported")
    refused("unicode.npy", np.array(["ab", "cd"]), "NotSupported")
    refused("bytes.npy", np.array([b"ab", b"cd"]), "NotSupported")
    refused("datetime.npy", np.array(["2020-01-01"], dtype="datetime64[D]"), "NotSupported")
    refused("longdouble.npy", np.zeros(2, dtype=np.longdouble), "NotSupported")
    # A header over NumPy's 10000-character limit (NumPy itself refuses it without allow_pickle).
    big = os.path.join(out, "huge_header.npy")
    hdr = "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }" + " " * 20000
    hdr_bytes = hdr.encode("latin1")
    total = 12 + len(hdr_bytes) + 1
    pad = (64 - total % 64) % 64
    with open(big, "wb") as f:
        f.write(b"\x93NUMPY\x02\x00" + (len(hdr_bytes) + pad + 1).to_bytes(4, "little") + hdr_bytes + b" " * pad + b"\n")
        f.write(np.zeros(1).tobytes())
    refuse.append({"file": "huge_header.npy", "expect": "InvalidData"})

    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump({"numpy": np.__version__, "npy": cases, "npz": npz, "refuse": refuse}, f)
    print("generated {} .npy, {} .npz, {} refusals with NumPy {}".format(len(cases), len(npz), len(refuse), np.__version__))


def check_array(label, a, exp, failures):
    if a.dtype.str != exp["descr"]:
        failures.append("{}: dtype {} != {}".format(label, a.dtype.str, exp["descr"]))
        return
    if list(a.shape) != exp["shape"]:
        failures.append("{}: shape {} != {}".format(label, list(a.shape), exp["shape"]))
        return
    if c_bytes(a) != exp["hex"]:
        failures.append("{}: elements differ".format(label))


def verify(manifest_path):
    base = os.path.dirname(os.path.abspath(manifest_path))
    with open(manifest_path) as f:
        manifest = json.load(f)
    failures = []
    checked = 0
    for exp in manifest.get("npy", []):
        path = os.path.join(base, exp["file"])
        label = exp["file"]
        try:
            a = np.load(path, allow_pickle=False)
            check_array(label, a, exp, failures)
            m = np.load(path, mmap_mode="r", allow_pickle=False)
            check_array(label + " (mmap)", m, exp, failures)
            with open(path, "rb") as f:
                version = np.lib.format.read_magic(f)
                raw = f.read()
            if version != (exp["version"], 0):
                failures.append("{}: version {} != {}.0".format(label, version, exp["version"]))
            if exp.get("fortran") is not None:
                if bool(np.isfortran(a)) != exp["fortran"]:
                    failures.append("{}: fortran_order {} != {}".format(label, np.isfortran(a), exp["fortran"]))
            if exp.get("identical", False):
                # The whole file must be byte-identical to what NumPy writes for the same array and version.
                buf = io.BytesIO()
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    np.lib.format.write_array(buf, a, version=version)
                with open(path, "rb") as f:
                    mine = f.read()
                if buf.getvalue() != mine:
                    failures.append("{}: file differs from NumPy's own bytes ({} vs {} bytes; headers {!r} vs {!r})".format(
                        label, len(mine), len(buf.getvalue()), mine[:160], buf.getvalue()[:160]))
        except Exception as e:  # noqa: BLE001 - report every failure
            failures.append("{}: {}: {}".format(label, type(e).__name__, e))
        checked += 1
    for exp in manifest.get("npz", []):
        path = os.path.join(base, exp["file"])
        try:
            with zipfile.ZipFile(path) as z:
                methods = {i.filename: i.compress_type for i in z.infolist()}
            want = zipfile.ZIP_DEFLATED if exp.get("compressed") else zipfile.ZIP_STORED
            for n, m in methods.items():
                if m != want:
                    failures.append("{}: member {} compress_type {} != {}".format(exp["file"], n, m, want))
            with np.load(path, allow_pickle=False) as z:
                names = sorted(z.files)
                if names != sorted(exp["members"]):
                    failures.append("{}: members {} != {}".format(exp["file"], names, sorted(exp["members"])))
                for name, mexp in exp["members"].items():
                    if name in names:
                        check_array("{}[{}]".format(exp["file"], name), z[name], mexp, failures)
        except Exception as e:  # noqa: BLE001
            failures.append("{}: {}: {}".format(exp["file"], type(e).__name__, e))
        checked += 1
    for f in failures:
        print("FAIL " + f)
    print("verified {} files with NumPy {}: {} failures".format(checked, np.__version__, len(failures)))
    return 1 if failures else 0


def loadall(directory):
    """Differential fuzzing: NumPy's verdict on every file, as JSON lines {file, ok, descr, shape, hex | error}."""
    out = {}
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".npy"):
            continue
        path = os.path.join(directory, name)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                a = np.load(path, allow_pickle=False)
            out[name] = {"ok": True, "descr": a.dtype.str, "shape": list(a.shape), "hex": c_bytes(a)}
        except Exception as e:  # noqa: BLE001 - the verdict is the point
            out[name] = {"ok": False, "error": "{}: {}".format(type(e).__name__, str(e)[:200])}
    with open(os.path.join(directory, "numpy_verdicts.json"), "w") as f:
        json.dump(out, f)
    print("loaded {} of {} files with NumPy {}".format(sum(v["ok"] for v in out.values()), len(out), np.__version__))
    return 0


def main(argv):
    if len(argv) >= 2 and argv[1] == "version":
        print(np.__version__)
        return 0
    if len(argv) == 3 and argv[1] == "generate":
        generate(argv[2])
        return 0
    if len(argv) == 3 and argv[1] == "verify":
        return verify(argv[2])
    if len(argv) == 3 and argv[1] == "loadall":
        return loadall(argv[2])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
