#!/usr/bin/env bash
# t-harness-shrink.sh - mdriver --shrink: every broken allocator of
# tests/broken/broken.c fails a 100,000-op generated trace; the trace
# shrinks to a few dozen ops or fewer (CRASH_IN_TIMING needs 50 mallocs
# by construction: its limit); the shrunk trace is well-formed (header
# counts exact, ids dense) and, replayed by the driver, fails the same way
# (same failure class, same signal) as the original. A correct allocator
# on a valid trace is told there is nothing to shrink.
. tests/lib.sh
. tests/broken/link.sh

MAX_OPS=50
BROKEN_SRC=tests/broken/broken.c

if ! make -s -C tools gentrace >"$TMP/gentrace.log" 2>&1; then
    fail shrink-gentrace "$(tail -n 3 "$TMP/gentrace.log")"; exit 0
fi
tools/gentrace -p random -s 7 -n 100000 -o "$TMP/big.rep"
ops=$(sed -n 3p "$TMP/big.rep")
[ "$ops" -ge 100000 ] && pass shrink-trace-100k || fail shrink-trace-100k "gentrace made $ops ops"

if ! driver_objects "$TMP/b"; then
    fail shrink-build "$(tail -n 3 "$TMP/b.log")"; exit 0
fi
# the defects the driver catches alone (below 17; the others need a
# sanitizer or oomcheck, see broken.c)
defects=$(awk '$1 == "#define" && $2 ~ /^BROKEN_/ && $3 < 17 { sub(/^BROKEN_/, "", $2); print $2 }' "$BROKEN_SRC")
running=0
for d in $defects; do
    { link_driver "$TMP/b" "$TMP/$d" "$BROKEN_SRC" "-DBROKEN=BROKEN_$d" ||
        fail "shrink-build-$d" "$(tail -n 3 "$TMP/$d.log")"; } &
    running=$((running + 1))
    if [ $running -ge 2 ]; then wait -n; running=$((running - 1)); fi
done
wait

# The flags a defect needs: its failure shows under -c only, or is a hang.
flags() { case $1 in CHECKER_FAILS) echo -c ;; ENDLESS_LOOP) echo "-s 1" ;; esac; }

# class MESSAGE: the failure class a driver message names (the test's own
# reading of the validator's words, apart from failure.c's).
class() {
    case $1 in
        *"mm_init failed"*) echo init ;;
        *"heap checker found"*) echo checker ;;
        *"overlaps live block"*) echo overlap ;;
        *"lost its data"* | *"did not preserve its data"*) echo corrupted ;;
        *"not aligned to"*) echo misaligned ;;
        *"not inside the heap"*) echo outside ;;
        *"returned NULL, but"*) echo null ;;
        *"crashed: SIG"*) sed 's/.*crashed: \(SIG[A-Z]*\).*/crash-\1/' <<<"$1" ;;
        *"did not finish within"*) echo timeout ;;
        *) echo "other: $1" ;;
    esac
}

# Two shrinks at a time.
running=0
for d in $defects; do
    [ -x "$TMP/$d" ] || continue
    # shellcheck disable=SC2046
    timeout 120 "$TMP/$d" --shrink "$TMP/big.rep" -o "$TMP/$d.rep" $(flags $d) \
        >"$TMP/$d.out" 2>&1 &
    running=$((running + 1))
    if [ $running -ge 2 ]; then wait -n; running=$((running - 1)); fi
done
wait

for d in $defects; do
    [ -x "$TMP/$d" ] || continue
    first=$(head -n 1 "$TMP/$d.out")
    if [[ $first != "$TMP/big.rep fails ("* ]]; then
        fail "shrink-$d" "the 100,000-op trace does not fail: $(head -c 300 "$TMP/$d.out")"; continue
    fi
    if [ ! -s "$TMP/$d.rep" ]; then
        fail "shrink-$d" "no shrunk trace: $(tail -n 3 "$TMP/$d.out")"; continue
    fi
    # header counts and dense ids
    bad=$(awk 'NR == 2 { ids = $1 } NR == 3 { ops = $1 } NR > 4 && NF { n++; used[$2] = 1
               if ($2 + 1 > top) top = $2 + 1 }
               END { for (i = 0; i < top; i++) if (!(i in used)) gap = gap " " i
                     if (n != ops) print "num_ops " ops " but " n " ops"
                     else if (ids != (top ? top : 1)) print "num_ids " ids " but ids up to " top - 1
                     else if (gap != "") print "unused ids:" gap }' "$TMP/$d.rep")
    n=$(sed -n 3p "$TMP/$d.rep")
    want=$(class "$first")
    # shellcheck disable=SC2046
    timeout 60 "$TMP/$d" --check-only $(flags $d) -f "$TMP/$d.rep" >"$TMP/$d.replay" 2>&1
    rc=$?
    got=$(grep "^$TMP/$d.rep: " "$TMP/$d.replay" | head -n 1)
    if [ -n "$bad" ]; then
        fail "shrink-$d" "malformed shrunk trace: $bad"
    elif [ "$n" -gt $MAX_OPS ]; then
        fail "shrink-$d" "$n ops left (at most $MAX_OPS wanted)"
    elif [ $rc -ne 1 ] || [ -z "$got" ]; then
        fail "shrink-$d" "the shrunk trace does not fail when replayed (exit $rc): $(tail -n 2 "$TMP/$d.replay")"
    elif [ "$(class "$got")" != "$want" ]; then
        fail "shrink-$d" "fails as $(class "$got"), the original as $want: $got"
    elif ! grep -q "^replay it: .* -f $TMP/$d.rep$" "$TMP/$d.out" ||
         ! grep -q "^before: 10[0-9]* ops" "$TMP/$d.out" || ! grep -q "^after:  $n ops" "$TMP/$d.out"; then
        fail "shrink-$d" "the sizes before and after or the replay command are missing: $(cat "$TMP/$d.out")"
    else
        pass "shrink-$d ($want, $n ops)"
    fi
done

# A correct allocator on a valid trace: nothing to shrink (exit 1).
"$TMP/b/naive" --shrink "$TMP/big.rep" -o "$TMP/naive.rep" >"$TMP/naive.out" 2>&1
rc=$?
if [ $rc -eq 1 ] && grep -q "nothing to shrink" "$TMP/naive.out" && [ ! -e "$TMP/naive.rep" ]; then
    pass shrink-valid-nothing-to-shrink
else
    fail shrink-valid-nothing-to-shrink "exit $rc: $(head -c 300 "$TMP/naive.out")"
fi

# Usage errors
"$TMP/b/naive" --shrink "$TMP/big.rep" -f "$TMP/big.rep" >"$TMP/usage.out" 2>&1
expect shrink-usage-no-f [ $? -eq 2 ]
