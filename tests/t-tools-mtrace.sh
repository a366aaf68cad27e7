#!/usr/bin/env bash
# t-tools-mtrace.sh - tools/mtrace2rep on a hand-written glibc mtrace log,
# on malformed logs, and on a log written by glibc's tracer itself.
. tests/lib.sh

if [ ! -x "$TOOLS/mtrace2rep" ]; then
    fail mtrace-build "the tools were not built (tests/run builds them into $TOOLS)"
    exit 0
fi

if "$TOOLS/mtrace2rep" tests/fixtures/sample.mtrace >"$TMP/s.rep" 2>"$TMP/s.err" &&
   cmp -s "$TMP/s.rep" tests/fixtures/sample.mtrace.expected; then
    pass mtrace-hand-written-log
else
    fail mtrace-hand-written-log "$(diff tests/fixtures/sample.mtrace.expected "$TMP/s.rep" | head -n 5 | tr '\n' ' ') $(cat "$TMP/s.err")"
fi

# -o and -n
"$TOOLS/mtrace2rep" -n 4 -o "$TMP/n.rep" tests/fixtures/sample.mtrace
if [ "$(sed -n 3p "$TMP/n.rep")" = 4 ] && [ "$(wc -l <"$TMP/n.rep")" -eq 8 ]; then
    pass mtrace-first-n
else
    fail mtrace-first-n "$(head -n 3 "$TMP/n.rep" | tr '\n' ' ')"
fi

# Malformed input: one "file:line: message" and a non-zero exit.
printf '= Start\n@ ./p:[0x1] + 0x10 0x8\n@ ./p:[0x2] ? 0x10\n' >"$TMP/bad1"
printf '= Start\n@ ./p:[0x1] > 0x10 0x8\n' >"$TMP/bad2"
printf 'hello\n' >"$TMP/bad3"
for b in bad1:3 bad2:2 bad3:1; do
    f=${b%%:*} l=${b##*:}
    if "$TOOLS/mtrace2rep" "$TMP/$f" >"$TMP/out" 2>"$TMP/err"; then
        fail "mtrace-rejects-$f" "accepted"
    elif grep -q "^$TMP/$f:$l: " "$TMP/err"; then
        pass "mtrace-rejects-$f"
    else
        fail "mtrace-rejects-$f" "message: $(cat "$TMP/err")"
    fi
done
if "$TOOLS/mtrace2rep" "$TMP/missing" 2>/dev/null; then
    fail mtrace-missing-file "accepted"
else
    pass mtrace-missing-file
fi

# A log from glibc's own tracer (libc_malloc_debug.so.0, glibc >= 2.34).
debug_lib=$(ldconfig -p 2>/dev/null | awk '/libc_malloc_debug.so.0/ { print $NF; exit }')
if [ -z "$debug_lib" ]; then
    skip mtrace-real-glibc-log "libc_malloc_debug.so.0 not found"
elif ! gcc -O0 -fno-builtin -o "$TMP/mtprobe" tests/fixtures/mtprobe.c 2>"$TMP/cc.log"; then
    fail mtrace-real-glibc-log "cannot build mtprobe: $(head -n 2 "$TMP/cc.log")"
else
    MALLOC_TRACE=$TMP/real.mtrace LD_PRELOAD=$debug_lib "$TMP/mtprobe"
    if "$TOOLS/mtrace2rep" -o "$TMP/real.rep" "$TMP/real.mtrace" 2>"$TMP/real.err" &&
       awk -f tests/fixtures/canon.awk "$TMP/real.rep" | cmp -s - tests/fixtures/mtprobe.expected; then
        pass mtrace-real-glibc-log
    else
        fail mtrace-real-glibc-log "$(cat "$TMP/real.err") $(awk -f tests/fixtures/canon.awk "$TMP/real.rep" | diff tests/fixtures/mtprobe.expected - | head -n 5 | tr '\n' ' ')"
    fi
    # libmtraceon.so: any program, unchanged
    if MALLOC_TRACE=$TMP/ls.mtrace LD_PRELOAD="$debug_lib $TOOLS/libmtraceon.so" ls -la / >/dev/null &&
       "$TOOLS/mtrace2rep" -o "$TMP/ls.rep" "$TMP/ls.mtrace" 2>"$TMP/ls.err" &&
       [ "$(sed -n 3p "$TMP/ls.rep")" -gt 20 ]; then
        pass mtrace-libmtraceon
    else
        fail mtrace-libmtraceon "$(cat "$TMP/ls.err" 2>/dev/null) ops: $(sed -n 3p "$TMP/ls.rep" 2>/dev/null)"
    fi
fi
exit 0
