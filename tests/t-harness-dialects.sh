#!/usr/bin/env bash
# t-harness-dialects.sh - every trace dialect parses and runs with the naive
# allocator: CS:APP classic, CMU 2016+ (weight first; weight 2 = util only),
# --dialect forcing, MIT 6.172 'w' ops, CRLF endings, blank lines and
# trailing spaces. Traces are tests/traces/*.rep.
. tests/lib.sh

if [ ! -x "$(variant naive)" ]; then
    fail dialect-build "no $(variant naive)"
    exit 0
fi
D=$(variant naive)
TR=tests/traces

csv_col() {
    awk -F, -v tr="$2" -v col="$3" -v who="${4:-naive}" '
        NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
        $1 == who && $2 == tr && c { print $c; exit }' "$1"
}

# runs NAME TRACE DIALECT WEIGHT OPS [args]: -v run (check only) is valid,
# reports the dialect, and the CSV row has valid=1, that weight and op count.
runs() {
    local name=$1 tr=$2 dialect=$3 weight=$4 ops=$5; shift 5
    rm -f "$TMP/d.csv"
    "$D" -v --check-only --csv "$TMP/d.csv" "$@" -f "$TR/$tr" >"$TMP/out" 2>&1
    local rc=$?
    local v w o
    v=$(csv_col "$TMP/d.csv" "$tr" valid); w=$(csv_col "$TMP/d.csv" "$tr" weight)
    o=$(csv_col "$TMP/d.csv" "$tr" ops)
    if [ $rc -ne 0 ]; then
        fail "$name" "exit $rc: $(tail -n 3 "$TMP/out")"
    elif ! grep -q "^Reading and checking $TR/$tr ($ops ops, $dialect dialect)$" "$TMP/out"; then
        fail "$name" "not read as $dialect with $ops ops: $(grep Reading "$TMP/out")"
    elif [ "$v" != 1 ] || [ "$w" != "$weight" ] || [ "$o" != "$ops" ]; then
        fail "$name" "csv valid '$v' weight '$w' ops '$o', want 1 $weight $ops"
    else
        pass "$name"
    fi
}

runs dialect-classic basic.rep csapp 1 9
runs dialect-cmu-weight2 cmu-util-only.rep cmu 2 6
runs dialect-cmu-weight0 cmu-weight0.rep cmu 0 2
runs dialect-mit-writes mit-write.rep csapp 1 8
runs dialect-crlf crlf.rep csapp 1 4
runs dialect-blank-lines-and-spaces blank-spaces.rep csapp 1 4
# "2 2 2 1" reads as classic (weight 1 last); forced cmu it is weight 2
runs dialect-ambiguous-auto ambiguous.rep csapp 1 2
runs dialect-force-cmu ambiguous.rep cmu 2 2 --dialect cmu
# a CMU weight-0 header forced to classic: weight 1
runs dialect-force-csapp cmu-weight0.rep csapp 1 2 --dialect csapp
runs dialect-force-mit cmu-weight0.rep csapp 1 2 --dialect mit

# A util-only (weight 2) trace still runs in a timed run: valid, its util is
# reported, it is timed (secs present) and the index counts its util only.
rm -f "$TMP/d.csv"
"$D" --csv "$TMP/d.csv" -f $TR/cmu-util-only.rep >"$TMP/out" 2>&1
rc=$?
v=$(csv_col "$TMP/d.csv" cmu-util-only.rep valid); w=$(csv_col "$TMP/d.csv" cmu-util-only.rep weight)
u=$(csv_col "$TMP/d.csv" cmu-util-only.rep util); secs=$(csv_col "$TMP/d.csv" cmu-util-only.rep secs)
# util: peak 16+32 -> then r 0 24: 24 + 32 = 56; heap 24 + 40 + 32 + 16 = 112
if [ $rc -eq 0 ] && [ "$v" = 1 ] && [ "$w" = 2 ] && [ "$u" = 0.500000 ] && [ -n "$secs" ]; then
    pass dialect-cmu-weight2-timed-run
else
    fail dialect-cmu-weight2-timed-run "rc=$rc valid '$v' weight '$w' util '$u' secs '$secs'"
fi
# only util counts: index = 100 * 1.0 * 0.5 = 50.0 (no throughput-scored trace)
grep -q '^Perf index = 50.0 (util) + 0.0 (thru) = 50.0/100$' "$TMP/out" && pass dialect-cmu-weight2-index \
    || fail dialect-cmu-weight2-index "$(grep 'Perf index' "$TMP/out")"

# The same ops in four spellings (LF, CRLF, blank lines and spaces) give the
# same result row (apart from the trace name).
for tr in crlf.rep blank-spaces.rep; do
    "$D" --check-only --csv "$TMP/$tr.csv" -f "$TR/$tr" >/dev/null 2>&1
    sed -n 2p "$TMP/$tr.csv" | cut -d, -f3- >"$TMP/$tr.row"
done
if [ -s "$TMP/crlf.rep.row" ] && cmp -s "$TMP/crlf.rep.row" "$TMP/blank-spaces.rep.row"; then
    pass dialect-spellings-agree
else
    fail dialect-spellings-agree "$(cat "$TMP/crlf.rep.row") vs $(cat "$TMP/blank-spaces.rep.row")"
fi

# A CRLF trace with a CMU header, and a file without a final newline.
printf '1\r\n2\r\n3\r\n40\r\na 0 8\r\na 1 32\r\nf 0' >"$TMP/cmu-crlf.rep"
"$D" -v --check-only -f "$TMP/cmu-crlf.rep" >"$TMP/out" 2>&1 && grep -q '(3 ops, cmu dialect)' "$TMP/out" \
    && pass dialect-cmu-crlf-no-final-newline || fail dialect-cmu-crlf-no-final-newline "$(tail -n 3 "$TMP/out")"

# 'w' ops in a timed run (the write is part of the replay): valid and timed.
"$D" --csv "$TMP/w.csv" -f $TR/mit-write.rep >"$TMP/out" 2>&1
rc=$?
[ $rc -eq 0 ] && [ -n "$(csv_col "$TMP/w.csv" mit-write.rep secs)" ] && pass dialect-mit-writes-timed \
    || fail dialect-mit-writes-timed "rc=$rc $(tail -n 2 "$TMP/out")"
