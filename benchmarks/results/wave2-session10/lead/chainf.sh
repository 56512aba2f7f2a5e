#!/bin/bash
F=('*PerCallBenchmarks*_Add' '*PerCallBenchmarks*NA_Add_NDSpan' '*PerCallBenchmarks*TP_Add')
for r in 1 2; do
  /tmp/s10/run.sh /work/main fmain$r "${F[@]}"; echo "fmain$r $(date) $(uptime)" >> /tmp/s10/load.txt
  /tmp/s10/run.sh /work/wt/nofence fnof$r "${F[@]}"; echo "fnof$r $(date) $(uptime)" >> /tmp/s10/load.txt
done
echo done >> /tmp/s10/load.txt
