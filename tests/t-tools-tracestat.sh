#!/usr/bin/env bash
# t-tools-tracestat.sh - tools/tracestat on a hand-made trace whose
# statistics are worked out below, and on bad input.
. tests/lib.sh

if [ ! -x "$TOOLS/tracestat" ]; then
    fail tracestat-build "the tools were not built (tests/run builds them into $TOOLS)"
    exit 0
fi

# live bytes after each op:      aligned to 8:   aligned to 16:
#   a 0 10   10   (1 block)        16              16
#   a 1 100  110  (2)              120             128
#   a 2 1    111  (3) <- peak      128             144
#   f 1      11   (2)              24              32
#   r 0 70   71   (2)              80              96
#   a 1 64   135  (3) <- peak       144             160
#   f 0      65                    72              80
#   f 2 / f 1
cat >"$TMP/t.rep" <<'REP'
0
3
9
1
a 0 10
a 1 100
a 2 1
f 1
r 0 70
a 1 64
f 0
f 2
f 1
REP
"$TOOLS/tracestat" "$TMP/t.rep" >"$TMP/out8"
"$TOOLS/tracestat" -A 16 "$TMP/t.rep" >"$TMP/out16"
row8=$(tail -n 1 "$TMP/out8" | awk '{ $1 = ""; print }' | sed 's/^ //')
row16=$(tail -n 1 "$TMP/out16" | awk '{ print $NF }')
# ops ids peak_live largest live@peak max_blocks small reallocs bound
want8="9 3 135 100 3 3 75.0% 1 0.938"
if [ "$row8" = "$want8" ]; then pass tracestat-values; else fail tracestat-values "got '$row8', want '$want8'"; fi
# 135 / 160 = 0.84375
if [ "$row16" = "0.844" ]; then pass tracestat-bound-16; else fail tracestat-bound-16 "got $row16, want 0.844"; fi

"$TOOLS/tracestat" -m "$TMP/t.rep" >"$TMP/md"
if head -n 1 "$TMP/md" | grep -q '^| trace | ops |' && tail -n 1 "$TMP/md" | grep -q '^| t.rep | 9 | 135 | 100 | 3 | 75.0% | 1 | 0.938 |$'; then
    pass tracestat-markdown
else
    fail tracestat-markdown "$(tail -n 1 "$TMP/md")"
fi

printf '0\n2\n2\n1\na 0 8\nf 1\n' >"$TMP/bad.rep"
if "$TOOLS/tracestat" "$TMP/bad.rep" "$TMP/t.rep" >"$TMP/o" 2>"$TMP/e"; then
    fail tracestat-bad-input "accepted a free of a dead id"
elif grep -q "^$TMP/bad.rep:6: " "$TMP/e" && grep -q '^t.rep ' "$TMP/o"; then
    pass tracestat-bad-input
else
    fail tracestat-bad-input "stderr '$(cat "$TMP/e")'"
fi
exit 0
