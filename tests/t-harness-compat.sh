#!/usr/bin/env bash
# t-harness-compat.sh - allocator files from other courses build unmodified
# with make MM=... and pass traces: a classic CS:APP mm.c (team record, old
# style) and an MIT 6.172 allocator.c (my_* names, malloc(0) = NULL).
. tests/lib.sh

TR=tests/traces
traces="-f $TR/basic.rep -f $TR/tiny.rep -f $TR/mit-write.rep -f $TR/crlf.rep -f $TR/cmu-util-only.rep"

for a in classic_mm allocator; do
    if ! build_driver "$TMP/$a" "tests/compat/$a.c"; then
        fail "compat-$a-builds" "$(grep -m 3 -E 'error|Error' "$TMP/build-$a.log")"
        continue
    fi
    pass "compat-$a-builds"
    "$TMP/$a" -c --check-only $traces >"$TMP/out" 2>&1
    rc=$?
    n=$(grep -Ec '^[a-z0-9-]+\.rep +yes ' "$TMP/out")
    [ $rc -eq 0 ] && [ "$n" -eq 5 ] && pass "compat-$a-passes-traces" \
        || fail "compat-$a-passes-traces" "rc=$rc, $n of 5 valid: $(tail -n 3 "$TMP/out")"
    # a timed run too (the replay calls the allocator's own init)
    "$TMP/$a" -f $TR/basic.rep -f $TR/mit-write.rep >"$TMP/out" 2>&1
    rc=$?
    [ $rc -eq 0 ] && grep -q '^Perf index = ' "$TMP/out" && pass "compat-$a-timed-run" \
        || fail "compat-$a-timed-run" "rc=$rc: $(tail -n 3 "$TMP/out")"
done

# -v prints the classic file's team name; the 6.172 file has none
if [ -x "$TMP/classic_mm" ]; then
    "$TMP/classic_mm" -v --check-only -f $TR/tiny.rep >"$TMP/out" 2>&1
    grep -qx 'Team: implicit-oldtimers' "$TMP/out" && pass compat-classic-team-name \
        || fail compat-classic-team-name "$(head -n 3 "$TMP/out")"
    # -a is accepted (compatibility), and the heap checker is optional
    "$TMP/classic_mm" -a --check-only -f $TR/tiny.rep >"$TMP/out" 2>&1 && pass compat-flag-a \
        || fail compat-flag-a "$(tail -n 2 "$TMP/out")"
fi
if [ -x "$TMP/allocator" ]; then
    "$TMP/allocator" -v --check-only -f $TR/tiny.rep >"$TMP/out" 2>&1
    rc=$?
    [ $rc -eq 0 ] && ! grep -q '^Team:' "$TMP/out" && pass compat-mit-no-team \
        || fail compat-mit-no-team "rc=$rc: $(head -n 3 "$TMP/out")"
fi

# The project's mm.c links into a driver that needs the classic `team`
# record, as the CS:APP driver does (it references team.teamname).
cat >"$TMP/classic_main.c" <<'EOF2'
#include <stdio.h>
#include "mm.h"
int main(void)
{
    mem_init();
    if (mm_init() != 0) return 1;
    void *p = mm_malloc(100);
    mm_free(p);
    printf("team=%s\n", team.teamname);
    return p == NULL;
}
EOF2
if gcc -std=c11 -D_GNU_SOURCE -I. -O1 -o "$TMP/classic_main" "$TMP/classic_main.c" mm.c memlib.c \
       >"$TMP/cm.log" 2>&1 && "$TMP/classic_main" | grep -q '^team=.' ; then
    pass compat-mm-defines-team
else
    fail compat-mm-defines-team "$(tail -n 3 "$TMP/cm.log")"
fi

# A file that defines neither interface links but is refused with a message.
printf '#include "mm.h"\nint mm_init(void) { return 0; }\n' >"$TMP/half.c"
if build_driver "$TMP/half" "$TMP/half.c"; then
    "$TMP/half" --check-only -f $TR/tiny.rep >"$TMP/out" 2>&1
    rc=$?
    [ $rc -eq 2 ] && grep -q 'the allocator defines neither mm_init, mm_malloc, mm_free and mm_realloc nor my_init' "$TMP/out" \
        && pass compat-incomplete-interface || fail compat-incomplete-interface "rc=$rc: $(head -n 2 "$TMP/out")"
else
    fail compat-incomplete-interface "does not link: $(tail -n 2 "$TMP/build-half.log")"
fi

# my_check is the heap checker under -c: the same 6.172 file with a my_check
# that always complains fails at op 1 under -c, and passes without it.
sed 's/^int my_check() {$/int my_check() {\n  return -1;/' tests/compat/allocator.c >"$TMP/mitbad.c"
if ! grep -q 'return -1;' "$TMP/mitbad.c" || ! build_driver "$TMP/mitbad" "$TMP/mitbad.c" CFLAGS="-O0 -g"; then
    fail compat-mit-my-check "cannot make the variant: $(tail -n 2 "$TMP/build-mitbad.log" 2>/dev/null)"
else
    "$TMP/mitbad" -c --check-only -f $TR/tiny.rep >"$TMP/out" 2>&1; rc=$?
    "$TMP/mitbad" --check-only -f $TR/tiny.rep >/dev/null 2>&1; rc2=$?
    if [ $rc -eq 1 ] && [ $rc2 -eq 0 ] &&
       grep -q "^$TR/tiny.rep: invalid: op 1 (line 5): the heap checker found 1 problem after this operation$" "$TMP/out"; then
        pass compat-mit-my-check
    else
        fail compat-mit-my-check "rc=$rc (want 1), without -c rc=$rc2 (want 0): $(tail -n 1 "$TMP/out")"
    fi
fi
