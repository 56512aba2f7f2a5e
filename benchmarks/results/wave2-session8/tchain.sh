#!/bin/bash
F=('*VectorisedOpsBenchmarks*Float64' '*VectorisedOpsBenchmarks*_Log10' '*VectorisedOpsBenchmarks*_Log1p' '*VectorisedOpsBenchmarks*_Tanh' '*VectorisedOpsBenchmarks*_Expm1')
FB=('*VectorisedOpsBenchmarks*NA_PowerFloat64' '*VectorisedOpsBenchmarks*NA_Log10' '*VectorisedOpsBenchmarks*NA_Log1p' '*VectorisedOpsBenchmarks*NA_Tanh' '*VectorisedOpsBenchmarks*NA_Expm1')
for r in 1 2; do
/tmp/s8/run.sh /work/main tmain$r "${F[@]}"; echo "tmain$r $(date) $(uptime)" >> /tmp/s8/tchain-load.txt
/tmp/s8/run.sh /work/wt/base tbase$r "${FB[@]}"; echo "tbase$r $(date) $(uptime)" >> /tmp/s8/tchain-load.txt
done
echo done >> /tmp/s8/tchain-load.txt
