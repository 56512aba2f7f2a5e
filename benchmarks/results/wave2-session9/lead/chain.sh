#!/bin/bash
F=('*PerCallBenchmarks*_Add' '*PerCallBenchmarks*NA_Add_NDSpan' '*PerCallBenchmarks*TP_Add' '*AllocatingPerCallBenchmarks*NA_*' '*ElementwiseBenchmarks<Single>*NA_Add_Alloc')
O=('*VectorisedOpsBenchmarks*Remainder' '*VectorisedOpsBenchmarks*DivideInt32' '*IntegerOpsBenchmarks*RemainderFloat64' '*IntegerOpsBenchmarks*CumSumInt64' '*LayoutBenchmarks<Single>*TransposedAdd')
uptime > /tmp/s9/load.txt
for r in 1 2 3 4; do
  /tmp/s9/run.sh /work/main main$r "${F[@]}"; echo "main$r $(date) $(uptime)" >> /tmp/s9/load.txt
  /tmp/s9/run.sh /work/wt/base base$r "${F[@]}"; echo "base$r $(date) $(uptime)" >> /tmp/s9/load.txt
done
for r in 1 2; do
  /tmp/s9/run.sh /work/main omain$r "${O[@]}"; echo "omain$r $(date) $(uptime)" >> /tmp/s9/load.txt
  /tmp/s9/run.sh /work/wt/base obase$r "${O[@]}"; echo "obase$r $(date) $(uptime)" >> /tmp/s9/load.txt
done
echo done >> /tmp/s9/load.txt
