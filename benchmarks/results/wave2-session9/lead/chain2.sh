#!/bin/bash
O=('*VectorisedOpsBenchmarks*Remainder' '*VectorisedOpsBenchmarks*DivideInt32' '*IntegerOpsBenchmarks*RemainderFloat64' '*IntegerOpsBenchmarks*CumSumInt64' '*LayoutBenchmarks<Single>*TransposedAdd')
for r in 3 4; do
  /tmp/s9/run.sh /work/main omain$r "${O[@]}"; echo "omain$r $(date) $(uptime)" >> /tmp/s9/load.txt
  /tmp/s9/run.sh /work/wt/base obase$r "${O[@]}"; echo "obase$r $(date) $(uptime)" >> /tmp/s9/load.txt
done
echo done2 >> /tmp/s9/load.txt
