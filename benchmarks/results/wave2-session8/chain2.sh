#!/bin/bash
F=('*PerCallBenchmarks*NA_ArgMax' '*PerCallBenchmarks*NA_Max' '*PerCallBenchmarks*_Add' '*PerCallBenchmarks*NA_Add_NDSpan' '*AllocatingPerCallBenchmarks*NA_*' '*ElementwiseBenchmarks<Single>*NA_Add_Alloc')
for r in 3 4; do
  /tmp/s8/run.sh /work/main main$r "${F[@]}"; echo "main$r $(date) $(uptime)" >> /tmp/s8/chain-load.txt
  /tmp/s8/run.sh /work/wt/base base$r "${F[@]}"; echo "base$r $(date) $(uptime)" >> /tmp/s8/chain-load.txt
done
echo done2 >> /tmp/s8/chain-load.txt
