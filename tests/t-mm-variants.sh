#!/usr/bin/env bash
# t-mm-variants.sh - every variant of variants.mk replays the classic
# CS:APP traces, tests/traces and the shipped traces/ with the heap checker
# after every operation (-c); the driver validates every answer. The
# default is also built and replayed at ALIGNMENT=16. naive has no checker
# and reuses nothing: it must be valid wherever the heap holds its total
# demand, and may fail only by running out of memory. default-pages is the
# default with every run a page of a chunk (MM_PAGE_HEAP=0), so that the
# page path meets every trace under the checker. Variants run two at
# a time; the whole script takes 10-20 minutes on 2 cores, most of it
# the checker walking the heap after each of traces/' 2.3 million ops.
# MM_TEST_QUICK=1 (for a quick local run, never in CI): on traces/ only
# the default runs with -c, the other variants without it, and the
# implicit ones, whose every search walks the heap, are skipped there.
source tests/lib.sh

ANCHOR_TRACES=${ANCHOR_TRACES:-../shared/anchor-traces}
CLASSIC=()
if [ -d "$ANCHOR_TRACES/csapp" ]; then
    for t in amptjp cccp cp-decl expr coalescing random random2 binary binary2 realloc realloc2; do
        CLASSIC+=(-f "$ANCHOR_TRACES/csapp/$t-bal.rep")
    done
else
    skip mm-variants/classic "no $ANCHOR_TRACES/csapp (set ANCHOR_TRACES)"
fi
UNIT_TRACES=()
for t in tests/traces/*.rep; do
    [ -e "$t" ] || continue
    [ "$(basename "$t")" = oom.rep ] && continue # must run out of memory
    UNIT_TRACES+=(-f "$t")
done
SHIPPED=()
for t in traces/*.rep; do [ -e "$t" ] && SHIPPED+=(-f "$t"); done

# replay NAME DRIVER LABEL ARGS... : one check; naive may fail only by OOM
replay() {
    local name=$1 driver=$2 label=$3; shift 3
    [ $# -gt 0 ] || return 0
    local out rc
    out=$("$driver" --check-only "$@" 2>&1); rc=$?
    if [ $rc -eq 0 ]; then
        pass "mm-variants/$name/$label"
    elif [ "$name" = naive ] && ! grep -E ': (error|invalid|wrong|overlap|misaligned|outside|crash|checker)' <<<"$out" >/dev/null \
         && [ "$(grep -c ' no  ' <<<"$out")" -eq "$(grep -c 'out of memory' <<<"$out")" ]; then
        pass "mm-variants/$name/$label (out of memory only)"
    else
        fail "mm-variants/$name/$label" "$(grep -v -E '^ *[a-z0-9._-]+\.rep +yes|^trace|^Results|^Total|^$' <<<"$out" | head -n 4 | tr '\n' ' ')"
    fi
}

# check_variant NAME [make args...] : build, then replay the trace sets
check_variant() {
    local name=$1; shift
    local driver="$TMP/mdriver-$name"
    if ! build_driver "$driver" "$@"; then
        fail "mm-variants/$name/build" "$(grep -m 3 -E 'error|warning' "$TMP/build-$(basename "$driver").log" | tr '\n' ' ')"
        return
    fi
    local checker=(-c)
    [ "$name" = naive ] && checker=()
    replay "$name" "$driver" classic+tests-traces-c "${checker[@]}" "${CLASSIC[@]}" "${UNIT_TRACES[@]}"
    if [ "${MM_TEST_QUICK:-0}" != 1 ] || [ "$name" = default ]; then
        replay "$name" "$driver" shipped-c "${checker[@]}" "${SHIPPED[@]}"
    else
        case $name in
        implicit-*|textbook) [ ${#SHIPPED[@]} -eq 0 ] ||
            skip "mm-variants/$name/shipped" "MM_TEST_QUICK=1" ;;
        *) replay "$name" "$driver" shipped "${SHIPPED[@]}" ;;
        esac
    fi
}

jobs_running() { jobs -rp | wc -l; }
for v in $(make -s --no-print-directory list-variants) default-align16 default-pages; do
    while [ "$(jobs_running)" -ge 2 ]; do sleep 0.2; done
    if [ "$v" = default-align16 ]; then
        check_variant "$v" mm.c ALIGNMENT=16 >"$TMP/result-$v" &
    elif [ "$v" = default-pages ]; then
        check_variant "$v" mm.c DEFS=-DMM_PAGE_HEAP=0 >"$TMP/result-$v" &
    else
        src=$(make -s --no-print-directory print-variant-src V="$v")
        defs=$(make -s --no-print-directory print-variant-defs V="$v")
        check_variant "$v" "$src" DEFS="$defs" >"$TMP/result-$v" &
    fi
done
wait
cat "$TMP"/result-*
exit 0
