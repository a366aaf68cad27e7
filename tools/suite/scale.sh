#!/bin/sh
# scale.sh DIR [SEED] - the scaling families for the scaling benchmark:
# DIR/scale-N.rep and DIR/young-N.rep for N = 1000, 3000, 10000, ...,
# 1000000 live blocks (gentrace -p scale|young -l N; see tools/README.md).
# Not part of the shipped suite: the largest hold 4 million ops.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:?usage: scale.sh DIR [SEED]}
seed=${2:-1}
make -s -C "$root/tools" gentrace
mkdir -p "$dir"
for n in 1000 3000 10000 30000 100000 300000 1000000; do
    for p in scale young; do
        "$root/tools/gentrace" -p $p -s "$seed" -l "$n" -o "$dir/$p-$n.rep"
    done
done
