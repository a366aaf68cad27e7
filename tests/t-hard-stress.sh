#!/usr/bin/env bash
# t-hard-stress.sh - differential random stress (stress/stress.sh): the
# generator is deterministic and covers what it claims, a few hundred small
# seeds run valid through every variant with the heap checker after every
# operation, and a broken allocator (tests/broken/broken.c) is caught with
# a seed that replays.
# tier: full
source tests/lib.sh
source tests/hard-lib.sh

SEEDS=${HARD_STRESS_SEEDS:-300}
GEN=$TEST_BUILD/stress/stress-gen
mapfile -t drivers < <(hard_variants | sed "s|^|$TEST_BUILD/mdriver-|")
missing=0
for d in "$GEN" "${drivers[@]}"; do [ -x "$d" ] || { fail stress-build "$d was not built"; missing=1; }; done
[ $missing -eq 0 ] || exit 0

# ---- the generator ----
a=$("$GEN" 42 --ops 300 | md5sum) b=$("$GEN" 42 --ops 300 | md5sum) c=$("$GEN" 43 --ops 300 | md5sum)
if [ "$a" = "$b" ] && [ "$a" != "$c" ]; then
    pass stress-gen-deterministic
else
    fail stress-gen-deterministic "seed 42 twice: $a / $b; seed 43: $c"
fi
for s in $(seq 1 60); do "$GEN" "$s" --ops 300; done >"$TMP/sample"
# What 60 traces hold between them: each kind of op, a 0-byte request, each
# size band, a realloc chain (3+ reallocs of one id in a row), an id
# allocated again after a free.
cover=$(awk '
    NF == 1 && /^[0-9]+$/ { hdr++; if (hdr % 4 == 1) { delete freed; prev = "" } ; next }
    { kind[$1]++ }
    $1 == "a" || $1 == "r" {
        s = $3
        if (s == 0) zero++
        else if (s <= 64) small++
        else if (s <= 8192) medium++
        else if (s <= 262144) large++
        else huge++
    }
    $1 == "r" { run = ($2 == prevr) ? run + 1 : 1; prevr = $2; if (run >= 3) chain++ }
    $1 != "r" { prevr = "" }
    $1 == "f" { freed[$2] = 1 }
    $1 == "a" && ($2 in freed) { reused++; delete freed[$2] }
    END {
        printf "a=%d f=%d r=%d w=%d zero=%d small=%d medium=%d large=%d huge=%d chain=%d reused=%d\n",
            kind["a"], kind["f"], kind["r"], kind["w"], zero, small, medium, large, huge, chain, reused
    }' "$TMP/sample")
if grep -qE '(^| )[a-z]+=0( |$)' <<<"$cover"; then
    fail stress-gen-coverage "a feature is missing from 60 traces: $cover"
else
    pass "stress-gen-coverage ($cover)"
fi

# ---- a few hundred small seeds through every variant ----
out=$(stress/stress.sh -n "$SEEDS" -o 250 -H $((512 << 10)) -m $((8 << 20)) -b 100 \
      -g "$GEN" "${drivers[@]}" 2>&1); rc=$?
summary=$(grep '^stress: seeds' <<<"$out")
if [ $rc -eq 0 ] && grep -q ': 0 failing seed(s)$' <<<"$summary"; then
    pass "stress-variants ($summary)"
else
    fail stress-variants "exit $rc: $(grep -E 'FAIL|replay' <<<"$out" | head -n 4 | tr '\n' ' ') $summary"
fi

# ---- a broken allocator is caught, and its seed replays ----
for bug in PARTIAL_OVERLAP:overlap CHECKER_FAILS:checker; do
    n=${bug%%:*} what=${bug#*:}
    if ! build_broken "$TMP/mdriver-planted$n" "$n"; then
        fail "stress-catches-$what" "cannot build the planted allocator"
        continue
    fi
    out=$(stress/stress.sh -n 10 -s 1000 -o 250 -H $((512 << 10)) -m $((8 << 20)) -g "$GEN" \
          "${drivers[0]}" "$TMP/mdriver-planted$n" 2>&1); rc=$?
    line=$(grep -m1 "^stress: FAIL seed [0-9]* on $TMP/mdriver-planted$n: invalid: " <<<"$out")
    replay=$(grep -A1 -F "$line" <<<"$out" | sed -n 's/^  replay: //p' | head -n 1)
    if [ $rc -ne 1 ] || [ -z "$line" ] || [ -z "$replay" ]; then
        fail "stress-catches-$what" "exit $rc: $(head -n 3 <<<"$out" | tr '\n' ' ')"
        continue
    fi
    # The printed replay command, run as printed (in a scratch directory).
    rout=$(cd "$TMP" && eval "$replay" 2>&1); rrc=$?
    if [ $rrc -eq 1 ] && grep -q ': invalid: ' <<<"$rout"; then
        pass "stress-catches-$what (${line#stress: FAIL })"
    else
        fail "stress-catches-$what" "the replay '$replay' did not fail the same way (exit $rrc)"
    fi
done
