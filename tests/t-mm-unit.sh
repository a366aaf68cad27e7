#!/usr/bin/env bash
# t-mm-unit.sh - unit tests of mm.c (tests/mm/test_mm.c): exact heap shapes
# for a split, the four coalescing cases, each realloc path, the next-fit
# rover across a coalesce, a block at the end of the heap, the small-object
# runs, page runs and their chunks; and a corrupted heap reported by
# mm_checkheap with the right invariant number. Built with the flags of
# the variants default, default-a16 (ALIGNMENT=16) and default-pages (every
# run a page of a chunk); in the full tier also of every other variant of
# variants.mk that uses mm.c, and once under ASan+UBSan.
source tests/lib.sh

CFLAGS_T="-std=c11 -D_GNU_SOURCE -O1 -g -I."

# run_unit NAME EXTRA_CFLAGS... : build and run test_mm.c, pass its lines on
run_unit() {
    local name=$1; shift
    local bin="$TMP/test_mm-$name"
    # shellcheck disable=SC2086
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

while IFS=$'\t' read -r v src flags; do
    [ "$src" = mm.c ] || continue
    case $v in default|default-a16|default-pages) ;; *) full || continue ;; esac
    # shellcheck disable=SC2086
    run_unit "$v" $flags
done < <(make -s --no-print-directory variant-table)
full && run_unit asan -fsanitize=address,undefined -fno-sanitize-recover=all
exit 0
