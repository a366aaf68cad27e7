#!/bin/sh
# scale.sh DIR [SEED] - the scaling family for the scaling benchmark:
# DIR/scale-N.rep for N = 1000, 3000, 10000, ..., 1000000 live blocks
# (gentrace -p scale -l N: N allocations, 2N ops of churn at N live, N
# frees). Not part of the shipped suite: the largest holds 4 million ops.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:?usage: scale.sh DIR [SEED]}
seed=${2:-1}
make -s -C "$root/tools" gentrace
mkdir -p "$dir"
for n in 1000 3000 10000 30000 100000 300000 1000000; do
    "$root/tools/gentrace" -p scale -s "$seed" -l "$n" -o "$dir/scale-$n.rep"
done
