#!/bin/bash
V=('*VectorisedOpsBenchmarks*')
P=('*PerCallBenchmarks*')
for r in 1 2; do
  /tmp/s10/run.sh /work/main vmain$r "${V[@]}"; echo "vmain$r $(date) $(uptime)" >> /tmp/s10/load.txt
  /tmp/s10/run.sh /work/wt/base vbase$r "${V[@]}"; echo "vbase$r $(date) $(uptime)" >> /tmp/s10/load.txt
done
for r in 3 4; do
  /tmp/s10/run.sh /work/main pmain$r "${P[@]}"; echo "pmain$r $(date) $(uptime)" >> /tmp/s10/load.txt
done
echo done2 >> /tmp/s10/load.txt
