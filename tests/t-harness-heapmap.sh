#!/usr/bin/env bash
# t-harness-heapmap.sh - mdriver --heapmap: at the peak, the payload bytes
# in the data file add up to the peak live bytes the driver reports (the
# CSV's peak_live) for the default allocator; the PNG is written (SKIP
# without gnuplot); without gnuplot the data and script are written and
# the message says how to install it; a failing allocator's map is taken
# at the failing op with the blocks of the failure outlined; --at N and
# --heapmap-every K pick the frames. The picture has a key for its colours
# and names its live/heap figure apart from the table's util; at a failure
# whose blocks are small in a big heap it zooms to them (--window 0: the
# whole heap; --window N: N bytes around them); OUT.svg is an SVG, a name
# of another format is refused.
. tests/lib.sh
. tests/broken/link.sh

test_drivers heapmap PARTIAL_OVERLAP REALLOC_GROWS_OVER_NEIGHBOUR || exit 0
MM=$TMP/mm
TRACE=traces/bc.rep
have_gnuplot=0
command -v gnuplot >/dev/null 2>&1 && have_gnuplot=1

# payload_bytes DAT [FRAME]: the sum of to - from over a frame's rows.
payload_bytes() {
    awk -v want="${2:-0}" '/^# frame / { f = $3 + 0 } !/^#/ && NF && f == want { s += $3 - $2 }
                           END { print s + 0 }' "$1"
}

# At the peak (the default on a valid trace)
"$MM" --heapmap "$TMP/peak.png" -f $TRACE >"$TMP/peak.out" 2>&1
rc=$?
"$MM" --check-only -f $TRACE --csv "$TMP/peak.csv" >/dev/null 2>&1
peak=$(awk -F, 'NR == 2 { print $10 }' "$TMP/peak.csv")
sum=$(payload_bytes "$TMP/peak.dat")
header=$(sed -n 's/^# heap_bytes .* live_bytes \([0-9]*\) .*/\1/p' "$TMP/peak.dat")
if [ $rc -ne 0 ] || [ ! -s "$TMP/peak.dat" ]; then
    fail heapmap-peak "exit $rc: $(tail -n 3 "$TMP/peak.out")"
elif [ -z "$peak" ] || [ "$sum" != "$peak" ] || [ "$header" != "$peak" ]; then
    fail heapmap-peak "payload bytes in the data $sum (header $header), driver's peak live $peak"
else
    pass "heapmap-peak-payload-equals-peak-live ($peak bytes)"
fi
grep -q "peak of live payload" "$TMP/peak.dat" && pass heapmap-peak-default ||
    fail heapmap-peak-default "$(head -n 1 "$TMP/peak.dat")"
if [ $have_gnuplot -eq 0 ]; then
    skip heapmap-png "gnuplot is not installed"
elif [ "$(head -c 4 "$TMP/peak.png" | tail -c 3)" = PNG ] && grep -q "^wrote $TMP/peak.png" "$TMP/peak.out"; then
    pass heapmap-png
else
    fail heapmap-png "no PNG: $(tail -n 2 "$TMP/peak.out")"
fi

# Without gnuplot: the data file alone, and how to install gnuplot
PATH=/nonexistent "$MM" --heapmap "$TMP/nognu.png" -f $TRACE >"$TMP/nognu.out" 2>&1
rc=$?
if [ $rc -eq 0 ] && [ -s "$TMP/nognu.dat" ] && [ -s "$TMP/nognu.gp" ] && [ ! -e "$TMP/nognu.png" ] &&
   grep -q "apt-get install gnuplot" "$TMP/nognu.out"; then
    pass heapmap-without-gnuplot
else
    fail heapmap-without-gnuplot "exit $rc: $(cat "$TMP/nognu.out")"
fi

# A failing allocator: the map at the failing op (2 of basic.rep: block 1
# returned over block 0), both blocks outlined
if [ -x "$TMP/PARTIAL_OVERLAP" ]; then
    "$TMP/PARTIAL_OVERLAP" --heapmap "$TMP/fail.png" -f tests/traces/basic.rep >"$TMP/fail.out" 2>&1
    rc=$?
    if [ $rc -eq 0 ] && grep -q "^# frame 0: after op 2 of 9 (at the failure)" "$TMP/fail.dat" &&
       grep -q "outlined: block 0 (24 B at heap offset [0-9]*), block 1 (40 B at heap offset" "$TMP/fail.gp" &&
       [ "$(grep -c "fs empty border" "$TMP/fail.gp")" -eq 2 ] && grep -q "overlaps live block 0" "$TMP/fail.gp"; then
        pass heapmap-failure-outlined
    else
        fail heapmap-failure-outlined "exit $rc: $(head -n 1 "$TMP/fail.dat"; grep outlined "$TMP/fail.gp")"
    fi
fi

# --at N, and frames every K ops
"$MM" --heapmap "$TMP/at.png" --at 3 -f tests/traces/basic.rep >/dev/null 2>&1
# ops 1..3 of basic.rep: a0 24, a1 40, a2 16: 80 live bytes
[ "$(payload_bytes "$TMP/at.dat")" = 80 ] && grep -q "after op 3 of 9" "$TMP/at.dat" &&
    pass heapmap-at-op || fail heapmap-at-op "$(head -n 2 "$TMP/at.dat")"
"$MM" --heapmap "$TMP/fr.png" --at 9 --heapmap-every 2 -f tests/traces/basic.rep >/dev/null 2>&1
frames=$(grep -c '^# frame ' "$TMP/fr.dat")
[ "$frames" -eq 5 ] && pass heapmap-every || fail heapmap-every "$frames frames, want 4 + 1"
if [ $have_gnuplot -eq 1 ]; then
    n=$(ls "$TMP"/fr-0*.png 2>/dev/null | wc -l)
    [ "$n" -eq 4 ] && pass heapmap-every-png || fail heapmap-every-png "$n frame PNGs, want 4"
fi
"$MM" --heapmap "$TMP/bad.png" --at 99 -f tests/traces/basic.rep >/dev/null 2>&1
expect heapmap-at-out-of-range [ $? -eq 2 ]

# The key and the title's figure
if grep -q "keyentry .*title 'live payload (a colour per block" "$TMP/peak.gp" &&
   grep -q "keyentry .*title 'heap bytes not live payload" "$TMP/peak.gp" &&
   grep -q "keyentry .*title 'outlined: the blocks the failure names'" "$TMP/fail.gp" &&
   grep -q '^set title ".*: live/heap now [0-9.]*% = [0-9]* live payload bytes in [0-9]* blocks / [0-9]* heap bytes\\n(after this op; the table.s util is another figure: peak live payload / final heap size)' "$TMP/peak.gp" &&
   ! grep -q '^set title ".*utilization' "$TMP/peak.gp"; then
    pass heapmap-key-and-title
else
    fail heapmap-key-and-title "$(grep -E '^set title|keyentry' "$TMP/peak.gp" | head -c 400)"
fi

# A 9-byte block in a 16 MiB heap: realloc(100) of block 1 grows over
# block 2 (9 bytes) behind a 16 MiB block. At the failure the picture
# shows a window of a few KiB around blocks 1 and 2, with block 2 drawn
# whole; --window 0 shows the whole heap; --window 65536 that many bytes.
printf '20000\n5\n6\n1\na 0 16777216\na 1 8\na 2 9\na 3 200\nr 1 100\nf 0\n' >"$TMP/big.rep"
# window DAT: "from to heap" of the last frame
window() { awk '/^# heap_bytes/ { h = $3 } /^# window_from/ { f = $3; t = $5 } END { print f, t, h }' "$1"; }
if [ -x "$TMP/REALLOC_GROWS_OVER_NEIGHBOUR" ]; then
    G=$TMP/REALLOC_GROWS_OVER_NEIGHBOUR
    "$G" --heapmap "$TMP/zoom.png" -f "$TMP/big.rep" >"$TMP/zoom.out" 2>&1; rc=$?
    read -r from to heap <<<"$(window "$TMP/zoom.dat")"
    b2=$(awk '!/^#/ && $4 == 2 { s += $3 - $2 } END { print s + 0 }' "$TMP/zoom.dat")
    if [ $rc -eq 0 ] && [ "$heap" -gt 16000000 ] && [ $((to - from)) -le 16384 ] && [ "$b2" = 9 ] &&
       grep -q 'zoomed to the failure (--window 0: the whole heap)' "$TMP/zoom.gp"; then
        pass "heapmap-zoom-at-failure (heap offsets [$from, $to) of $heap)"
    else
        fail heapmap-zoom-at-failure "rc=$rc window [$from, $to) of $heap, block 2: $b2 bytes drawn"
    fi
    "$G" --heapmap "$TMP/all.png" --window 0 -f "$TMP/big.rep" >/dev/null 2>&1
    read -r from to heap <<<"$(window "$TMP/all.dat")"
    [ "$from" = 0 ] && [ "$to" = "$heap" ] && pass heapmap-window-0-whole-heap \
        || fail heapmap-window-0-whole-heap "window [$from, $to) of $heap"
    "$G" --heapmap "$TMP/w.png" --window 65536 -f "$TMP/big.rep" >/dev/null 2>&1
    read -r from to heap <<<"$(window "$TMP/w.dat")"
    [ $((to - from)) -ge 65536 ] && [ $((to - from)) -lt 131072 ] && [ "$to" = "$heap" ] &&
        grep -q 'of [0-9]* (--window)' "$TMP/w.gp" && pass heapmap-window-bytes \
        || fail heapmap-window-bytes "window [$from, $to) of $heap"
fi
"$MM" --window 100 -f tests/traces/basic.rep >"$TMP/out" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -qx 'mdriver: --at, --window and --heapmap-every need --heapmap' "$TMP/out" \
    && pass heapmap-window-alone || fail heapmap-window-alone "rc=$rc $(cat "$TMP/out")"
"$MM" --heapmap "$TMP/x.png" --window 1k -f tests/traces/basic.rep >"$TMP/out" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q "^mdriver: --window wants a number of heap bytes" "$TMP/out" \
    && pass heapmap-window-bad || fail heapmap-window-bad "rc=$rc $(cat "$TMP/out")"

# The format the name asks for: SVG; another one is refused before anything runs
"$MM" --heapmap "$TMP/h.svg" -f tests/traces/basic.rep >"$TMP/out" 2>&1; rc=$?
if [ $have_gnuplot -eq 0 ]; then
    skip heapmap-svg "gnuplot is not installed"
elif [ $rc -eq 0 ] && grep -q '<svg' "$TMP/h.svg" && grep -q "^set terminal svg" "$TMP/h.gp"; then
    pass heapmap-svg
else
    fail heapmap-svg "rc=$rc $(head -c 100 "$TMP/h.svg" 2>&1)"
fi
for name in h.pdf h.SVG h noext.; do
    "$MM" --heapmap "$TMP/$name" -f tests/traces/basic.rep >"$TMP/out" 2>&1; rc=$?
    [ $rc -eq 2 ] && grep -qx "mdriver: --heapmap draws OUT.png or OUT.svg, not '$TMP/$name'" "$TMP/out" &&
        [ ! -e "$TMP/$name" ] && pass "heapmap-refuses-name '$name'" \
        || fail "heapmap-refuses-name '$name'" "rc=$rc $(cat "$TMP/out")"
done
