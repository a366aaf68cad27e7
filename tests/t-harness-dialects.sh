#!/usr/bin/env bash
# t-harness-dialects.sh - every trace dialect parses and runs with the naive
# allocator: CS:APP classic, CMU 2016+ (weight first; weight 2 = util only),
# CMU Fall 2015 (f -1, realloc of an id never allocated, `a ID` without a
# size, ops past num_ops; a "0 N M 1" header among 2015 traces), --dialect
# forcing, MIT 6.172 'w' ops, CRLF endings, blank lines and trailing
# spaces. Traces are tests/traces/*.rep.
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
# "2 2 2 1" reads as CMU 2015 (weight 2, ignore_ranges 1); forced classic
# it is weight 1, forced cmu (2016+) weight 2
runs dialect-ambiguous-auto ambiguous.rep cmu15 2 2
runs dialect-ambiguous-force-csapp ambiguous.rep csapp 1 2 --dialect csapp
runs dialect-force-cmu ambiguous.rep cmu 2 2 --dialect cmu
# CMU 2015: `f -1` is free(NULL), `r 1 24` of an id never allocated is
# realloc(NULL, 24), `a 3` repeats the last size (40: peak live 120, not
# 80), `r 2 0` is realloc(p, 0), and the line past num_ops is not read
runs dialect-cmu15-quirks cmu15-quirks.rep cmu15 1 9
[ "$(csv_col "$TMP/d.csv" cmu15-quirks.rep peak_live)" = 120 ] && pass dialect-cmu15-size-repeated \
    || fail dialect-cmu15-size-repeated "peak_live $(csv_col "$TMP/d.csv" cmu15-quirks.rep peak_live), want 120"
grep -qx "  1 line past the header's num_ops not read (CMU's 2015 driver stopped there)" "$TMP/out" \
    && pass dialect-cmu15-ops-past-num-ops || fail dialect-cmu15-ops-past-num-ops "$(grep -A1 Reading "$TMP/out")"
# "0 2 3 1" is classic until `f -1`: then 2015, weight 0 (not scored)
runs dialect-cmu15-told-by-free-null cmu15-null-free.rep cmu15 0 3
runs dialect-force-cmu15 cmu15-null-free.rep cmu15 0 3 --dialect cmu15
# forced classic, a 2015 op is an error naming the dialect
"$D" --check-only --dialect csapp -f $TR/cmu15-quirks.rep >"$TMP/out" 2>&1
[ $? -eq 2 ] && grep -qx "$TR/cmu15-quirks.rep:6: negative id '-1' (free(NULL)): CMU's 2015 dialect only (--dialect cmu15 reads it)" "$TMP/out" \
    && pass dialect-cmu15-op-forced-classic || fail dialect-cmu15-op-forced-classic "$(head -n 2 "$TMP/out")"
printf '1\n1\n1\n2\na 0 8\n' >"$TMP/ranges2.rep"
"$D" --check-only --dialect cmu15 -f "$TMP/ranges2.rep" >"$TMP/out" 2>&1
[ $? -eq 2 ] && grep -qx "$TMP/ranges2.rep:4: CMU 2015 ignore_ranges 2 is not 0 or 1" "$TMP/out" \
    && pass dialect-cmu15-bad-ignore-ranges || fail dialect-cmu15-bad-ignore-ranges "$(head -n 2 "$TMP/out")"
printf '1\n2\n2\n0\na 0\na 1 8\n' >"$TMP/nosize-first.rep"
"$D" --check-only -f "$TMP/nosize-first.rep" >"$TMP/out" 2>&1
[ $? -eq 2 ] && grep -qx "$TMP/nosize-first.rep:5: missing size, and no size before it to repeat" "$TMP/out" \
    && pass dialect-cmu15-no-size-to-repeat || fail dialect-cmu15-no-size-to-repeat "$(head -n 2 "$TMP/out")"
# a freed id stays an error: the 2015 driver passed the freed pointer on
printf '1\n1\n3\n0\na 0 8\nf 0\nr 0 16\n' >"$TMP/realloc-freed.rep"
"$D" --check-only -f "$TMP/realloc-freed.rep" >"$TMP/out" 2>&1
[ $? -eq 2 ] && grep -qx "$TMP/realloc-freed.rep:7: realloc of id 0, which is not live (freed already)" "$TMP/out" \
    && pass dialect-cmu15-realloc-freed || fail dialect-cmu15-realloc-freed "$(head -n 2 "$TMP/out")"

# A set read together is one dialect: beside a 2015 trace, a "0 N M 1"
# trace is 2015 too (weight 0); without one it stays classic (weight 1).
mkdir -p "$TMP/set"
printf '0\n1\n2\n1\na 0 8\nf 0\n' >"$TMP/set/b-plain.rep"
"$D" -v --check-only --csv "$TMP/set.csv" -t "$TMP/set" >"$TMP/out" 2>&1
w1=$(csv_col "$TMP/set.csv" b-plain.rep weight)
cp $TR/cmu15-null-free.rep "$TMP/set/a-2015.rep"
"$D" -v --check-only --csv "$TMP/set.csv" -t "$TMP/set" >"$TMP/out" 2>&1
w0=$(csv_col "$TMP/set.csv" b-plain.rep weight)
if [ "$w1" = 1 ] && [ "$w0" = 0 ] && grep -q "b-plain.rep (2 ops, cmu15 dialect)" "$TMP/out"; then
    pass dialect-cmu15-set
else
    fail dialect-cmu15-set "weight alone '$w1' (want 1), beside a 2015 trace '$w0' (want 0): $(grep Reading "$TMP/out")"
fi
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
