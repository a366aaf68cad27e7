#!/usr/bin/env bash
# t-mm-variants.sh - every variant of variants.mk (make variants: the family
# and the default built at ALIGNMENT=16, with every run a page from the
# first, and, in the full tier, without small-object runs) replays the
# classic CS:APP traces and tests/traces with the heap checker after every
# operation (-c), and
# the shipped traces/ with the heap checker every CHECK_EVERY operations and
# after the last (-C; fast tier) or after every one (-c; full tier, where
# the checker walking the heap after each of traces/' 2.3 million ops takes
# most of 20 minutes). The driver validates every answer. naive has no
# checker and reuses nothing: it must be valid wherever the heap holds its
# total demand, and may fail only by running out of memory. The variants
# that walk an implicit list (MM_INDEX_IMPLICIT: every malloc visits every
# block) replay traces/ in the full tier only: there they take 40 s each
# however rarely the checker runs, and the classic traces with -c cover
# the same code. Variants run two at a time.
# runs long
source tests/lib.sh

CHECK_EVERY=1000
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

# replay NAME LABEL ARGS... : one check; naive may fail only by OOM
replay() {
    local name=$1 label=$2; shift 2
    [ $# -gt 0 ] || return 0
    local out rc
    out=$("$(variant "$name")" --check-only "$@" 2>&1); rc=$?
    if [ $rc -eq 0 ]; then
        pass "mm-variants/$name/$label"
    elif [ "$name" = naive ] && ! grep -E ': (error|invalid|wrong|overlap|misaligned|outside|crash|checker)' <<<"$out" >/dev/null \
         && [ "$(grep -c ' no  ' <<<"$out")" -eq "$(grep -c 'out of memory' <<<"$out")" ]; then
        pass "mm-variants/$name/$label (out of memory only)"
    else
        fail "mm-variants/$name/$label" "$(grep -v -E '^ *[a-z0-9._-]+\.rep +yes|^trace|^Results|^Total|^$' <<<"$out" | head -n 4 | tr '\n' ' ')"
    fi
}

# check_variant NAME : replays the trace sets
check_variant() {
    local name=$1 every=(-c) shipped=(-C "$CHECK_EVERY") label=shipped-C$CHECK_EVERY
    full && shipped=(-c) label=shipped-c
    [ "$name" = naive ] && every=() shipped=() label=shipped
    replay "$name" classic+tests-traces-c "${every[@]}" "${CLASSIC[@]}" "${UNIT_TRACES[@]}"
    if ! full && grep -q MM_INDEX_IMPLICIT <<<"$(make -s --no-print-directory print-VARIANT_DEFS_"$name")"; then
        echo "SKIP: mm-variants/$name/shipped: an implicit list on traces/ runs in the full tier (make test-full)"
        return
    fi
    replay "$name" "$label" "${shipped[@]}" "${SHIPPED[@]}"
}

running=0
for v in $(make -s --no-print-directory print-ALL_VARIANTS); do
    # the default without small-object runs: the full tier only
    [ "$v" = default-nosmall ] && ! full && continue
    if [ $running -ge "$TEST_JOBS" ]; then wait -n; running=$((running - 1)); fi
    check_variant "$v" >"$TMP/result-$v" &
    running=$((running + 1))
done
wait
cat "$TMP"/result-*
exit 0
