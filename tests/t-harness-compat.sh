#!/usr/bin/env bash
# t-harness-compat.sh - allocator files from other courses build unmodified
# with make MM=... and pass traces: a classic CS:APP mm.c (team record, old
# style) and an MIT 6.172 allocator.c (my_* names, malloc(0) = NULL). And
# the build's frictions, each on a small file: a failed build leaves no
# driver, a missing file or function is named at build time, Penn State's
# mm_* names link, a CMU file that only clang compiles, a 32-bit file, a
# file's own offsetof and ALIGNMENT, the checker's messages.
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

# A file that defines part of an interface is refused at build time, naming
# what is missing, and leaves no driver.
printf '#include "mm.h"\nint mm_init(void) { return 0; }\n' >"$TMP/half.c"
if build_driver "$TMP/half" "$TMP/half.c"; then
    fail compat-incomplete-interface "it built"
else
    grep -qx "error: $TMP/half.c defines mm_init but not mm_malloc mm_free mm_realloc: the driver calls all four (csapp interface)" \
        "$TMP/build-half.log" && [ ! -e "$TMP/half" ] && pass compat-incomplete-interface \
        || fail compat-incomplete-interface "$(tail -n 2 "$TMP/build-half.log")"
fi
# the same for a file that lacks mm_realloc alone
sed '/^void \*mm_realloc/,/^}/d' tests/compat/classic_mm.c >"$TMP/norealloc.c"
if build_driver "$TMP/norealloc" "$TMP/norealloc.c"; then
    fail compat-missing-realloc "it built"
else
    grep -qx "error: $TMP/norealloc.c defines mm_init mm_malloc mm_free but not mm_realloc: the driver calls all four (csapp interface)" \
        "$TMP/build-norealloc.log" && pass compat-missing-realloc \
        || fail compat-missing-realloc "$(grep -m 3 -E 'error|realloc' "$TMP/build-norealloc.log")"
fi

# A failed build leaves no driver behind: the previous one is removed.
if build_driver "$TMP/stale" tests/compat/classic_mm.c && [ -x "$TMP/stale" ]; then
    printf '#include "mm.h"\nint mm_init(void) { return nosuch; }\n' >"$TMP/broken.c"
    build_driver "$TMP/stale" "$TMP/broken.c"; rc=$?
    [ $rc -ne 0 ] && [ ! -e "$TMP/stale" ] && pass compat-failed-build-leaves-no-driver \
        || fail compat-failed-build-leaves-no-driver "rc=$rc, driver left: $(ls -l "$TMP/stale" 2>&1)"
    # its errors come first, with where the whole output is
    grep -q "^error: $TMP/broken.c does not build; its errors first:$" "$TMP/build-stale.log" &&
        grep -q "broken.c:2:.*error: .nosuch. undeclared" "$TMP/build-stale.log" \
        && pass compat-build-errors-first || fail compat-build-errors-first "$(head -n 4 "$TMP/build-stale.log")"
else
    fail compat-failed-build-leaves-no-driver "classic_mm.c does not build"
fi

# MM naming a file that does not exist: said so, no make jargon, no driver.
make -s MM="$TMP/nope.c" OUT="$TMP/nope" BUILD="$TMP/bnope" >"$TMP/out" 2>&1; rc=$?
[ $rc -ne 0 ] && grep -qx "error: MM=$TMP/nope.c: no such file" "$TMP/out" && ! grep -q 'No rule' "$TMP/out" \
    && [ ! -e "$TMP/nope" ] && pass compat-missing-file || fail compat-missing-file "rc=$rc: $(head -n 3 "$TMP/out")"

# Penn State's CMPSC 473 variant of the CMU lab: mm_memset, mm_memcpy,
# mm_heap_lo, mm_heap_hi (here: cmu_lab.c with those names).
sed -e 's/mem_memset/mm_memset/; s/mem_memcpy/mm_memcpy/; s/mem_heap_lo/mm_heap_lo/; s/mem_heap_hi/mm_heap_hi/' \
    tests/compat/cmu_lab.c >"$TMP/psu_mm.c"
if [ "$(grep -c 'mm_memset\|mm_memcpy\|mm_heap_lo\|mm_heap_hi' "$TMP/psu_mm.c")" -lt 3 ]; then
    fail compat-penn-state "the edit of cmu_lab.c did not apply"
elif ! build_driver "$TMP/psu" "$TMP/psu_mm.c"; then
    fail compat-penn-state "$(grep -m 3 -E 'error|undefined' "$TMP/build-psu.log")"
else
    "$TMP/psu" -c --check-only $traces >"$TMP/out" 2>&1; rc=$?
    [ $rc -eq 0 ] && pass compat-penn-state || fail compat-penn-state "rc=$rc: $(tail -n 3 "$TMP/out")"
fi

# A CMU file that only clang compiles (a static const as an array size):
# built with clang when it is there; with CC=gcc it fails, with the hint.
sed 's|^#define ALIGNMENT 16$|&\nstatic const size_t num_lists = 4;\nstatic void *lists[num_lists];\nvoid *mm_first_list(void) { return lists[0]; }|' \
    tests/compat/cmu_lab.c >"$TMP/cmu_clang.c"
if ! grep -q 'lists\[num_lists\]' "$TMP/cmu_clang.c"; then
    fail compat-cmu-clang "the edit of cmu_lab.c did not apply"
elif ! command -v clang >/dev/null; then
    skip compat-cmu-clang "no clang"
else
    if build_driver "$TMP/cmu_clang" "$TMP/cmu_clang.c" && "$TMP/cmu_clang" --check-only $traces >"$TMP/out" 2>&1; then
        pass compat-cmu-clang
    else
        fail compat-cmu-clang "$(grep -m 3 -E 'error' "$TMP/build-cmu_clang.log") $(tail -n 2 "$TMP/out" 2>/dev/null)"
    fi
    if build_driver "$TMP/cmu_gcc" "$TMP/cmu_clang.c" CC=gcc; then
        fail compat-cmu-gcc-hint "it built with gcc"
    else
        grep -q "error: variably modified" "$TMP/build-cmu_gcc.log" &&
            grep -qx "hint: CMU builds with clang: make CC=clang MM=$TMP/cmu_clang.c" "$TMP/build-cmu_gcc.log" \
            && pass compat-cmu-gcc-hint || fail compat-cmu-gcc-hint "$(head -n 4 "$TMP/build-cmu_gcc.log")"
    fi
fi

# A file written for 32-bit (addresses kept in unsigned ints): the build
# says so, and the run crashes in mm_init with a command for the debugger.
if build_driver "$TMP/b32" tests/compat/csapp_32bit.c; then
    grep -q "^note: tests/compat/csapp_32bit.c casts between pointers and integers of another size: it looks written for 32-bit, and this driver is 64-bit" \
        "$TMP/build-b32.log" && pass compat-32bit-told || fail compat-32bit-told "$(grep -m 2 -E 'note|warning' "$TMP/build-b32.log")"
    "$TMP/b32" --check-only -f $TR/tiny.rep >"$TMP/out" 2>&1; rc=$?
    [ $rc -eq 1 ] && grep -qx "$TR/tiny.rep: crashed: SIGSEGV (Segmentation fault) in mm_init, before the first operation. Under a debugger: gdb --args $TMP/b32 --no-fork -f $TR/tiny.rep" "$TMP/out" \
        && pass compat-32bit-crash || fail compat-32bit-crash "rc=$rc: $(tail -n 1 "$TMP/out")"
else
    fail compat-32bit-told "does not build: $(tail -n 3 "$TMP/build-b32.log")"
fi

# A file's own offsetof and ALIGNMENT win, with no warning from the
# harness's headers (compat/allocator_interface.h, memlib.h, config.h).
sed 's|^#include "./memlib.h"$|&\n#define offsetof(type, member) ((size_t)\&((type *)0)->member)\n#define ALIGNMENT 16|' \
    tests/compat/allocator.c >"$TMP/own_macros.c"
if ! grep -q '^#define offsetof' "$TMP/own_macros.c"; then
    fail compat-own-macros "the edit of allocator.c did not apply"
elif build_driver "$TMP/own_macros" "$TMP/own_macros.c"; then
    ! grep -qE 'redefined|previous definition' "$TMP/build-own_macros.log" && pass compat-own-macros \
        || fail compat-own-macros "$(grep -m 3 -E 'redefined|previous' "$TMP/build-own_macros.log")"
else
    fail compat-own-macros "does not build: $(tail -n 3 "$TMP/build-own_macros.log")"
fi
sed 's|^#define ALIGNMENT 16$|#define ALIGNMENT 32|' tests/compat/cmu_lab.c >"$TMP/cmu_a32.c"
if build_driver "$TMP/cmu_a32" "$TMP/cmu_a32.c"; then
    ! grep -qE 'redefined|previous definition' "$TMP/build-cmu_a32.log" && pass compat-own-alignment-cmu \
        || fail compat-own-alignment-cmu "$(grep -m 3 -E 'redefined|previous' "$TMP/build-cmu_a32.log")"
else
    fail compat-own-alignment-cmu "does not build: $(tail -n 3 "$TMP/build-cmu_a32.log")"
fi

# my_check is the heap checker under -c: the same 6.172 file with a my_check
# that always complains (printing a line, then returning -1) fails at op 1
# under -c, is called once for that check (its line labeled with the
# trace), its answer said as it is, and
# passes without -c. Built with NDEBUG (as the course builds), -c says so.
sed 's/^int my_check() {$/int my_check() {\n  printf("my_check says no\\n");\n  return -1;/' tests/compat/allocator.c >"$TMP/mitbad.c"
if ! grep -q 'return -1;' "$TMP/mitbad.c" || ! build_driver "$TMP/mitbad" "$TMP/mitbad.c" CFLAGS="-O0 -g"; then
    fail compat-mit-my-check "cannot make the variant: $(tail -n 2 "$TMP/build-mitbad.log" 2>/dev/null)"
else
    "$TMP/mitbad" -c --check-only -f $TR/tiny.rep >"$TMP/out" 2>&1; rc=$?
    "$TMP/mitbad" --check-only -f $TR/tiny.rep >/dev/null 2>&1; rc2=$?
    if [ $rc -eq 1 ] && [ $rc2 -eq 0 ] &&
       grep -q "^$TR/tiny.rep: invalid: op 1 (line 5): the heap checker found the heap inconsistent after this operation (my_check returned -1; it gives no count)$" "$TMP/out"; then
        pass compat-mit-my-check
    else
        fail compat-mit-my-check "rc=$rc (want 1), without -c rc=$rc2 (want 0): $(tail -n 1 "$TMP/out")"
    fi
    n=$(grep -c '^\[mitbad output, tiny.rep\] my_check says no$' "$TMP/out")
    [ "$n" -eq 1 ] \
        && pass compat-mit-my-check-once || fail compat-mit-my-check-once "called $n times; $(head -n 3 "$TMP/out")"
    grep -q "^mdriver: -c/-C: $TMP/mitbad.c was built with -DNDEBUG (as its course builds it): its own asserts are off; make ASSERTS=1 MM=$TMP/mitbad.c keeps them$" "$TMP/out" \
        && pass compat-mit-ndebug-told || fail compat-mit-ndebug-told "$(head -n 2 "$TMP/out")"
fi
