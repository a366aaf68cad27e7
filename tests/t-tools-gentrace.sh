#!/usr/bin/env bash
# t-tools-gentrace.sh - tools/gentrace: deterministic (same seed, same
# bytes; another seed, other bytes), every pattern valid for the driver,
# the scale pattern holds exactly the live blocks asked for, the young
# pattern keeps its generations apart, bad flags are
# refused.
. tests/lib.sh

if [ ! -x "$TOOLS/gentrace" ]; then
    fail gentrace-build "the tools were not built (tests/run builds them into $TOOLS)"
    exit 0
fi
patterns="random binary coalesce realloc ramp tiny huge scale young"
for p in $patterns; do
    "$TOOLS/gentrace" -p "$p" -s 7 -n 5000 -l 500 -o "$TMP/$p.a.rep"
    "$TOOLS/gentrace" -p "$p" -s 7 -n 5000 -l 500 > "$TMP/$p.b.rep"
    "$TOOLS/gentrace" -p "$p" -s 8 -n 5000 -l 500 -o "$TMP/$p.c.rep"
    if ! cmp -s "$TMP/$p.a.rep" "$TMP/$p.b.rep"; then
        fail "gentrace-deterministic-$p" "two runs with seed 7 differ"
    elif cmp -s "$TMP/$p.a.rep" "$TMP/$p.c.rep"; then
        fail "gentrace-deterministic-$p" "seeds 7 and 8 give the same trace"
    else
        pass "gentrace-deterministic-$p"
    fi
done

# Balanced: every block allocated is freed, and the header counts match.
for p in $patterns; do
    if awk 'NR == 2 { ids = $1 } NR == 3 { n = $1 } NR > 4 {
                ops++
                if ($2 >= ids) bad = "id " $2 " >= num_ids"
                if ($1 == "a") { if (live[$2]) bad = "alloc of live id"; live[$2] = 1; nl++ }
                else if ($1 == "f") { if (!live[$2]) bad = "free of dead id"; live[$2] = 0; nl-- }
                else if ($1 == "r") { if (!live[$2]) bad = "realloc of dead id" }
                else bad = "bad line " NR }
            END { if (ops != n) bad = "header says " n " ops, found " ops
                  if (nl != 0) bad = nl " blocks still live at the end"
                  if (bad) { print bad; exit 1 } }' "$TMP/$p.a.rep" >"$TMP/why" 2>&1; then
        pass "gentrace-balanced-$p"
    else
        fail "gentrace-balanced-$p" "$(cat "$TMP/why")"
    fi
done

if [ -x "$(variant default)" ]; then
    if "$(variant default)" --check-only $(for p in $patterns; do echo -f "$TMP/$p.a.rep"; done) >"$TMP/md.log" 2>&1; then
        pass gentrace-valid-for-driver
    else
        fail gentrace-valid-for-driver "$(grep -v ' yes ' "$TMP/md.log" | tail -n 3 | tr '\n' ' ')"
    fi
else
    skip gentrace-valid-for-driver "$(variant default) is not built"
fi

# scale: -l N live blocks exactly, 4N ops with the default churn.
"$TOOLS/gentrace" -p scale -l 1000 -o "$TMP/scale.rep"
live=$(awk 'NR > 4 { if ($1 == "a") n++; else if ($1 == "f") n--; if (n > m) m = n } END { print m }' "$TMP/scale.rep")
ops=$(sed -n 3p "$TMP/scale.rep")
if [ "$live" = 1000 ] && [ "$ops" = 4000 ]; then
    pass gentrace-scale-live-blocks
else
    fail gentrace-scale-live-blocks "peak live blocks $live (want 1000), ops $ops (want 4000)"
fi

# young: N long-lived blocks and 1000 young ones; the churn frees only
# blocks allocated after the long-lived ones, which are freed in order.
"$TOOLS/gentrace" -p young -l 3000 -o "$TMP/young.rep"
read -r live ops churn_old order <<<"$(awk '
    NR == 3 { ops = $1 } NR <= 4 { next }
    $1 == "a" { n++; if (n > m) m = n; if (++allocs <= 3000) old[$2] = allocs }
    $1 == "f" { n--; frees++
                if ($2 in old) { if (frees <= 3000) bad++; if (old[$2] != ++next_old) unordered++; delete old[$2] } }
    END { print m, ops, bad + 0, unordered + 0 }' "$TMP/young.rep")"
if [ "$live" = 4000 ] && [ "$ops" = 14000 ] && [ "$churn_old" = 0 ] && [ "$order" = 0 ]; then
    pass gentrace-young-generations
else
    fail gentrace-young-generations "peak live $live (want 4000), ops $ops (want 14000), long-lived freed in the churn $churn_old, out of order $order"
fi

# Bad flags: a message and status 2, no trace.
for args in "-p nosuch" "-p random -n abc" "-p random -s" "-x 1"; do
    # shellcheck disable=SC2086
    "$TOOLS/gentrace" $args >"$TMP/out" 2>"$TMP/err"
    rc=$?
    if [ $rc -eq 2 ] && [ -s "$TMP/err" ] && [ ! -s "$TMP/out" ]; then
        pass "gentrace-rejects '$args'"
    else
        fail "gentrace-rejects '$args'" "status $rc, stderr '$(head -c 100 "$TMP/err")'"
    fi
done
exit 0
