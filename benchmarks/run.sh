#!/usr/bin/env bash
# Runs the benchmark suite: BenchmarkDotNet (NativeArrays and its .NET peers), then NumPy on the same cases,
# then merges both into benchmarks/results/ (results.md, results.csv, charts/*.svg, machine.json).
#
#   bash benchmarks/run.sh --quick      every case briefly (CI smoke run; a few minutes on 2 cores)
#   bash benchmarks/run.sh              the full run (about 40 minutes on the 2-core AMD Zen 4 VMs, 64 on the Intel VM of session 35)
#
# Options: --quick, --no-numpy (skip NumPy), --numpy-only TEXT (NumPy times only the ops whose name contains TEXT;
# repeatable, for focused runs), --out DIR (default benchmarks/results, or
# benchmarks/results/quick for --quick so the committed full results stay untouched); anything after -- goes to
# BenchmarkDotNet (e.g. -- --filter '*Elementwise*'; merge then covers what ran).
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0; numpy=1; out=""; extra=(); numpy_only=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=1 ;;
    --no-numpy) numpy=0 ;;
    --numpy-only) numpy_only+=(--only "$2"); shift ;;
    --out) out="$2"; shift ;;
    --) shift; extra=("$@"); break ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
if [[ -z "$out" ]]; then out=benchmarks/results; [[ $quick == 1 ]] && out=benchmarks/results/quick; fi
raw="$out/raw"
mkdir -p "$raw"
rm -f "$raw/dotnet.csv" "$raw/numpy.csv" "$raw/numpy-info.json"
mode=(); [[ $quick == 1 ]] && mode=(--quick)

# Debian's NumPy, not whatever python3 is first on PATH (a pyenv python may lack numpy).
py=/usr/bin/python3
if [[ $numpy == 1 ]] && ! "$py" -c 'import numpy' 2>/dev/null; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "run.sh: installing Debian's python3-numpy"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-numpy) >/dev/null
  else
    echo "run.sh: NumPy missing (apt-get install python3-numpy); running without the NumPy column" >&2
    numpy=0
  fi
fi

# OpenBLAS, the matrix-product peer (benchmarks only; the library never loads it): Debian's libopenblas0-pthread.
if ! ldconfig -p 2>/dev/null | grep -q 'libopenblas\.so\.0'; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "run.sh: installing Debian's libopenblas0-pthread (the OpenBLAS peer of the MatMul benchmarks)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libopenblas0-pthread) >/dev/null
  else
    echo "run.sh: libopenblas.so.0 missing (apt-get install libopenblas0-pthread); the OpenBLAS cases will fail" >&2
  fi
fi
# This machine's environment sets OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE, which force OpenBLAS (ours and NumPy's) onto
# slower kernels; the benchmark commands (and only they) run without them so OpenBLAS picks its AVX-512 kernels.
noblasenv=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)

start=$(date +%s)
dotnet build -c Release benchmarks/NativeArrays.Benchmarks -v q -nologo
app=("${noblasenv[@]}" dotnet run -c Release --no-build --project benchmarks/NativeArrays.Benchmarks --)
"${app[@]}" --machine-info "$raw/machine.json"
# Every peer must compute the same result as TensorPrimitives before anything is timed.
"${app[@]}" --check
# NumPy first (a few minutes): if a long .NET run is cut short, the comparison still has both sides of what it measured.
if [[ $numpy == 1 ]]; then
  "${noblasenv[@]}" "$py" benchmarks/numpy/bench_numpy.py "${mode[@]}" ${numpy_only[@]+"${numpy_only[@]}"} --out "$raw/numpy.csv" --info "$raw/numpy-info.json"
fi
numpy_end=$(date +%s)
set +e
"${app[@]}" "${mode[@]}" --out "$raw" --artifacts-dir benchmarks/BenchmarkDotNet.Artifacts "${extra[@]}"
dotnet_status=$?
set -e
end=$(date +%s)
echo "run.sh: NumPy $((numpy_end - start)) s (with build and check), BenchmarkDotNet $((end - numpy_end)) s" | tee "$raw/durations.txt"
[[ -r /proc/loadavg ]] && echo "run.sh: load average at the end (1, 5, 15 min): $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$raw/durations.txt"
docs=(); [[ $quick == 0 && "$out" == benchmarks/results ]] && docs=(--docs README.md)
"$py" benchmarks/merge.py --raw "$raw" --out "$out" "${mode[@]}" "${docs[@]}"
echo "run.sh: total $(( $(date +%s) - start )) s; results in $out"
exit $dotnet_status
