#!/bin/bash
F=('*PerCallBenchmarks*')
for r in 1 2; do
  /tmp/s10/run.sh /work/main pmain$r "${F[@]}"; echo "pmain$r $(date) $(uptime)" >> /tmp/s10/load.txt
  /tmp/s10/run.sh /work/wt/base pbase$r "${F[@]}"; echo "pbase$r $(date) $(uptime)" >> /tmp/s10/load.txt
done
echo done1 >> /tmp/s10/load.txt
