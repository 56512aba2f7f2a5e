#!/bin/bash
F=('*PerCallBenchmarks*' '*AllocatingPerCallBenchmarks*' '*AllocationBenchmarks<Single>*' '*ElementwiseBenchmarks<Single>*NA_Add_Alloc')
FB=('*PerCallBenchmarks*NA_*' '*AllocatingPerCallBenchmarks*NA_*' '*AllocationBenchmarks<Single>*NA_*' '*ElementwiseBenchmarks<Single>*NA_Add_Alloc')
uptime > /tmp/s8/chain-load.txt
for r in 1 2; do
  /tmp/s8/run.sh /work/main main$r "${F[@]}"; echo "main$r $(date) $(uptime)" >> /tmp/s8/chain-load.txt
  /tmp/s8/run.sh /work/wt/base base$r "${FB[@]}"; echo "base$r $(date) $(uptime)" >> /tmp/s8/chain-load.txt
done
echo done >> /tmp/s8/chain-load.txt
