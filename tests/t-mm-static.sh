#!/usr/bin/env bash
# t-mm-static.sh - every variant of variants.mk (mm.c under each knob set,
# and allocators/naive.c) keeps its state in the simulated heap: the
# variant's object, as the test build made it, defines no static data but
# scalars (8 bytes at most each) and the interface's `team` record. One
# check a variant; a failure names each larger symbol with its size.
source tests/lib.sh

command -v nm >/dev/null || { skip mm-static "no nm"; exit 0; }

while IFS=$'\t' read -r v _src _flags; do
    obj=$TEST_BUILD/variant-$v/mm-under-test.o
    if [ ! -f "$obj" ]; then
        skip "mm-static/$v" "no $obj (the test build did not make it)"
        continue
    fi
    # data, bss and read-only symbols with their sizes: "NAME SIZE"
    big=$(nm -S "$obj" | awk '$3 ~ /^[bBdDrRvV]$/ && $4 != "team" { print $4, $2 }' |
        while read -r name hex; do
            size=$((16#$hex))
            [ "$size" -gt 8 ] && printf '%s (%d bytes) ' "$name" "$size"
        done)
    if [ -z "$big" ]; then
        pass "mm-static/$v"
    else
        fail "mm-static/$v" "static data beyond scalars: $big"
    fi
done < <(make -s --no-print-directory variant-table)
exit 0
