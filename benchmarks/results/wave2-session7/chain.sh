#!/bin/bash
F=('*PerCallBenchmarks*' '*AllocationBenchmarks<Single>*' '*AllocatingPerCallBenchmarks*' '*VectorisedOpsBenchmarks*Power*' '*MatMulShapesBenchmarks*Batched*')
FB=('*PerCallBenchmarks*NA_*' '*AllocationBenchmarks<Single>*NA_*' '*AllocatingPerCallBenchmarks*NA_*' '*VectorisedOpsBenchmarks*NA_Power*' '*MatMulShapesBenchmarks*NA_Batched')
uptime > /tmp/s7/chain-load.txt
for r in 1 2; do
  /tmp/s7/run.sh /work/main main$r "${F[@]}"; echo "main$r $(date) $(uptime)" >> /tmp/s7/chain-load.txt
  /tmp/s7/run.sh /work/wt/base base$r "${FB[@]}"; echo "base$r $(date) $(uptime)" >> /tmp/s7/chain-load.txt
done
cd /work/main && env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 benchmarks/numpy/bench_numpy.py --out /tmp/s7/main1/numpy.csv --info /tmp/s7/main1/numpy-info.json > /tmp/s7/numpy.log 2>&1
echo "numpy $(date) $(uptime)" >> /tmp/s7/chain-load.txt
echo done >> /tmp/s7/chain-load.txt
