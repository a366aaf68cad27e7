#!/usr/bin/env bash
# t-mm-unit.sh - unit tests of mm.c (tests/mm/test_mm.c): exact heap shapes
# for a split, the four coalescing cases, each realloc path, the next-fit
# rover across a coalesce, a block at the end of the heap, the small-object
# runs, page runs and their chunks; and a corrupted heap reported by
# mm_checkheap with the right invariant number. Built once per variant of
# variants.mk that uses mm.c (the variant's knobs), once with ALIGNMENT=16,
# once with every run a page (MM_PAGE_HEAP=0) and once under ASan+UBSan.
source tests/lib.sh

WARN="-Wall -Wextra -Wpedantic -Wundef -Wshadow -Wconversion"
CFLAGS_T="-std=c11 -D_GNU_SOURCE -O1 -g -I."

# run_unit NAME EXTRA_CFLAGS... : build and run test_mm.c, pass its lines on
run_unit() {
    local name=$1; shift
    local bin="$TMP/test_mm-$name"
    if ! gcc $CFLAGS_T $WARN -Werror -DTEST_CONFIG="\"$name\"" "$@" \
            tests/mm/test_mm.c memlib.c -o "$bin" >"$TMP/build-$name.log" 2>&1; then
        fail "mm-unit/$name/build" "$(head -c 400 "$TMP/build-$name.log" | tr '\n' ' ')"
        return
    fi
    local out rc
    out=$("$bin" 2>&1); rc=$?
    grep -E '^(PASS|FAIL): ' <<<"$out"
    if [ $rc -ne 0 ]; then
        fail "mm-unit/$name/exit" "exited with $rc: $(tail -n 3 <<<"$out" | tr '\n' ' ')"
    fi
}

for v in $(make -s --no-print-directory list-variants); do
    src=$(make -s --no-print-directory print-variant-src V="$v")
    [ "$src" = mm.c ] || continue
    # shellcheck disable=SC2046
    run_unit "$v" $(make -s --no-print-directory print-variant-defs V="$v")
done
run_unit asan -fsanitize=address,undefined -fno-sanitize-recover=all

run_unit align16 -DALIGNMENT=16
# every run a page of a chunk, from the first (the default makes page runs
# only once the heap holds MM_PAGE_HEAP bytes)
run_unit pages -DMM_PAGE_HEAP=0
exit 0
