#!/usr/bin/env bash
# t-harness-anchor.sh - the public trace sets in $ANCHOR_TRACES
# (../shared/anchor-traces) run through the naive allocator, correctness
# pass only, with no false errors: every trace valid except the ones that
# need more than MAX_HEAP (1 GiB), which must say "out of memory": the
# realloc traces (naive never reuses: realloc*.rep, MIT's trace_c9_v0).
# CMU's syn-giant* and syn-largemem-short (live payload far above 1 GiB)
# are skipped with their reason, as CMU's own driver does not run them.
# The CMU Fall 2015 set runs whole, in its own dialect.
. tests/lib.sh

A=$ANCHOR_TRACES
if [ ! -d "$A" ]; then
    skip anchor-traces "no anchor traces at $A"
    exit 0
fi
if [ ! -x "$(variant naive)" ]; then
    fail anchor-build "no $(variant naive)"
    exit 0
fi

expect_oom() {
    case "$1" in
        realloc.rep|realloc-bal.rep|trace_c9_v0) return 0 ;;
    esac
    return 1
}

# The sets run side by side; then each is checked.
SETS="csapp cmu15213 cmu15213/f15 mit6172/traces mit6172/additional_traces mit6172/short_traces"
for set in $SETS; do
    key=${set//\//-}
    [ -d "$A/$set" ] || continue
    timeout 300 "$(variant naive)" --check-only --csv "$TMP/$key.csv" -t "$A/$set" \
        >"$TMP/$key.out" 2>"$TMP/$key.err" &
done
wait

# check_set SET: every trace valid, or out of memory where expected
check_set() {
    local set=$1 key=${1//\//-}
    if [ ! -d "$A/$set" ]; then skip "anchor-$set" "no $A/$set"; return; fi
    local bad="" n=0
    if [ ! -s "$TMP/$key.csv" ]; then
        fail "anchor-$set" "no CSV: $(head -c 300 "$TMP/$key.err")"
        return
    fi
    # fields: allocator,trace,valid,util,ops,secs,kops,status,...
    while IFS=, read -r alloc tr valid util ops secs kops status rest; do
        [ "$alloc" = naive ] || continue
        n=$((n + 1))
        if expect_oom "$tr"; then
            [ "$status" = "out of memory" ] || bad="$bad $tr($status, want out of memory)"
        else
            [ "$status" = valid ] || bad="$bad $tr($status: $(grep -F "/$tr: " "$TMP/$key.out" | head -c 200))"
        fi
    done < <(tail -n +2 "$TMP/$key.csv")
    if [ $n -eq 0 ]; then
        fail "anchor-$set" "no traces ran"
    elif [ -n "$bad" ]; then
        fail "anchor-$set" "$n traces;$bad"
    elif [ -s "$TMP/$key.err" ]; then
        fail "anchor-$set" "stderr: $(head -c 300 "$TMP/$key.err")"
    else
        pass "anchor-$set"
    fi
}

for set in $SETS; do check_set "$set"; done

# the giants: skipped, each with its reason, none in the table
if [ -d "$A/cmu15213" ]; then
    n_giant=$(ls "$A"/cmu15213/syn-giant*.rep "$A"/cmu15213/syn-largemem*.rep 2>/dev/null | wc -l)
    n_skip=$(grep -cE '^syn-(giant|largemem)[a-z-]*\.rep: skipped: its live payload peaks at [0-9]+ bytes, above the simulated heap' "$TMP/cmu15213.out")
    if [ "$n_giant" -gt 0 ] && [ "$n_skip" -eq "$n_giant" ] && ! grep -q ',syn-giant' "$TMP/cmu15213.csv"; then
        pass "anchor-cmu15213-giants-skipped ($n_giant)"
    else
        fail anchor-cmu15213-giants-skipped "$n_skip of $n_giant skipped: $(grep -m2 giant "$TMP/cmu15213.out")"
    fi
fi
