#!/bin/bash
# run.sh TREE OUT filters...
tree=$1; out=$2; shift 2
cd $tree && env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE dotnet run -c Release --no-build --project benchmarks/NativeArrays.Benchmarks -- --out /tmp/s10/$out --artifacts-dir /tmp/s10/art-$out --filter "$@" > /tmp/s10/$out.log 2>&1
echo "exit $? $(date)" >> /tmp/s10/$out.log
