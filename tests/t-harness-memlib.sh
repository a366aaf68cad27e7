#!/usr/bin/env bash
# t-harness-memlib.sh - unit test of the simulated heap (tests/unit/memlib_test.c),
# built against memlib.c with a small MAX_HEAP so the limit is cheap.
. tests/lib.sh

if ! gcc -std=c11 -D_GNU_SOURCE -O1 -g -Wall -Wextra -DMAX_HEAP=65536 -I. \
        -o "$TMP/memlib_test" tests/unit/memlib_test.c memlib.c >"$TMP/cc.log" 2>&1; then
    fail memlib-build "$(head -c 500 "$TMP/cc.log")"
    exit 0
fi
"$TMP/memlib_test"
rc=$?
# a crash or an early exit without a FAIL line must count too
case $rc in
    0|1) ;;
    *) fail memlib-run "memlib_test exited with status $rc" ;;
esac
