#!/usr/bin/env bash
# t-harness-score.sh - the score arithmetic (tests/unit/report_test.c on
# hand-filled rows) and utilization end to end: naive.c on tiny traces whose
# utilization is computed by hand, read from the --csv util column.
. tests/lib.sh

if gcc -std=c11 -D_GNU_SOURCE -O1 -g -Wall -Wextra -I. -o "$TMP/report_test" \
        tests/unit/report_test.c report.c run.c validate.c replay.c footprint.c memlib.c outside.c -lm >"$TMP/cc.log" 2>&1; then
    "$TMP/report_test"
    rc=$?
    [ $rc -le 1 ] || fail score-unit-run "report_test exited with status $rc"
else
    fail score-unit-build "$(head -c 600 "$TMP/cc.log")"
fi

# csv_col FILE TRACE COLUMN: the value of COLUMN in the first row of TRACE
csv_col() {
    awk -F, -v tr="$2" -v col="$3" '
        NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
        $2 == tr && c { print $c; exit }' "$1"
}

# util_is NAME DRIVER TRACE WANT: --csv util of TRACE is WANT (as printed, %.6f)
util_is() {
    local name=$1 drv=$2 tr=$3 want=$4
    rm -f "$TMP/u.csv"
    "$drv" --check-only --csv "$TMP/u.csv" -f "tests/traces/$tr" >"$TMP/out" 2>&1
    local rc=$? got
    got=$(csv_col "$TMP/u.csv" "$tr" util 2>/dev/null)
    if [ $rc -eq 0 ] && [ "$got" = "$want" ]; then pass "$name"; else
        fail "$name" "rc=$rc util '$got', want '$want'"; fi
}

naive8=$(variant naive)
if [ -x "$naive8" ]; then
    # a 0 8: header 8 + payload 8 = 16 bytes of heap, 8 live -> 0.5
    util_is score-util-naive-a8 "$naive8" util-a8.rep 0.500000
    # a 0 5, a 1 20: heap ALIGN(13) + ALIGN(28) = 16 + 32 = 48; peak 25 -> 0.520833
    util_is score-util-naive-two "$naive8" util-two.rep 0.520833
    # the table prints the same as a percentage
    "$naive8" --check-only -f tests/traces/util-two.rep >"$TMP/out" 2>&1
    grep -Eq '^util-two\.rep +yes +52\.1% +2 ' "$TMP/out" && pass score-util-table \
        || fail score-util-table "$(grep util-two "$TMP/out")"
    # peak_live and heap_size columns agree
    "$naive8" --check-only --csv "$TMP/u.csv" -f tests/traces/util-two.rep >/dev/null 2>&1
    pl=$(csv_col "$TMP/u.csv" util-two.rep peak_live); hs=$(csv_col "$TMP/u.csv" util-two.rep heap_size)
    [ "$pl" = 25 ] && [ "$hs" = 48 ] && pass score-peak-and-heap-columns \
        || fail score-peak-and-heap-columns "peak_live '$pl' heap_size '$hs', want 25 and 48"
    # mit-write.rep: peak 64 (after r 0 64, with a 1 0 live), heap 40 + 8 + 72 = 120
    util_is score-util-naive-realloc-write "$naive8" mit-write.rep 0.533333
else
    fail score-build-naive "no $naive8"
fi

if build_variants "$TMP/a16" ALIGNMENT=16 -- naive; then
    # ALIGNMENT 16: header 16 + payload ALIGN(8) = 32 bytes -> 0.25
    util_is score-util-naive-a16 "$TMP/a16/mdriver-naive" util-a8.rep 0.250000
else
    fail score-build-naive16 "$(tail -n 3 "$TMP/a16/build.log")"
fi
