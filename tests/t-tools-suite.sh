#!/usr/bin/env bash
# t-tools-suite.sh - the shipped suite in traces/: every trace passes the
# driver's validator, every trace has its provenance row, the generated
# ones regenerate byte for byte, the README table is what the tools print
# today, and the suite keeps its size limits.
. tests/lib.sh

prov=traces/provenance.tsv
if [ ! -f "$prov" ]; then
    fail suite-provenance "$prov is missing"
    exit 0
fi

# Provenance rows and trace files match one to one.
missing=""
for f in traces/*.rep; do
    n=$(basename "$f" .rep)
    grep -q "^$n	" "$prov" || missing="$missing $n"
done
orphans=$(cut -f1 "$prov" | while read -r n; do [ -f "traces/$n.rep" ] || echo "$n"; done | tr '\n' ' ')
if [ -z "$missing" ] && [ -z "$orphans" ]; then
    pass suite-provenance
else
    fail suite-provenance "no row for:$missing; no trace for: $orphans"
fi

# Size limits: < 25 MB committed, about 3 million ops at most, at least 8
# recorded traces of 20,000 .. 1,000,000 ops each.
bytes=$(cat traces/*.rep | wc -c)
if [ "$bytes" -lt 25000000 ]; then pass suite-size; else fail suite-size "$bytes bytes"; fi
total=0 nreal=0 bad=""
for f in traces/*.rep; do
    n=$(sed -n 3p "$f" | tr -d '\r')
    total=$((total + n))
    if [ "$(grep "^$(basename "$f" .rep)	" "$prov" | cut -f2)" != gentrace ]; then
        nreal=$((nreal + 1))
        if [ "$n" -lt 20000 ] || [ "$n" -gt 1000000 ]; then bad="$bad $(basename "$f"):$n"; fi
    fi
done
if [ "$total" -le 3000000 ]; then pass suite-total-ops; else fail suite-total-ops "$total ops"; fi
if [ "$nreal" -ge 8 ] && [ -z "$bad" ]; then
    pass suite-recorded-traces
else
    fail suite-recorded-traces "$nreal recorded; out of 20k..1M ops:$bad"
fi

if [ ! -x "$TOOLS/gentrace" ]; then
    fail suite-build-tools "the tools were not built (tests/run builds them into $TOOLS)"
    exit 0
fi

# Generated traces: the command in the provenance row gives the same bytes.
awk -F'\t' '$2 == "gentrace" { print $1 "\t" $4 }' "$prov" | while IFS=$'\t' read -r n cmd; do
    flags=$(sed -e 's|^tools/gentrace ||' -e 's| -o [^ ]*$||' <<<"$cmd")
    # shellcheck disable=SC2086
    "$TOOLS/gentrace" $flags -o "$TMP/$n.rep"
    if cmp -s "$TMP/$n.rep" "traces/$n.rep"; then
        pass "suite-regenerates-$n"
    else
        fail "suite-regenerates-$n" "tools/gentrace $flags differs from traces/$n.rep"
    fi
done

# The README is what tools/suite/readme.sh writes today.
if tools/suite/readme.sh "$TMP/README.md" >"$TMP/readme.log" 2>&1 &&
     cmp -s "$TMP/README.md" traces/README.md; then
    pass suite-readme-current
else
    fail suite-readme-current "run tools/suite/readme.sh: $(diff traces/README.md "$TMP/README.md" | head -n 4 | tr '\n' ' ') $(tail -n 2 "$TMP/readme.log")"
fi

# Every shipped trace passes the driver's validator.
if [ -x "$(variant default)" ]; then
    for f in traces/*.rep; do
        if "$(variant default)" --check-only -f "$f" >"$TMP/md.log" 2>&1; then
            pass "suite-valid-$(basename "$f")"
        else
            fail "suite-valid-$(basename "$f")" "$(grep -iv '^trace\|^total\|^results' "$TMP/md.log" | tail -n 2 | tr '\n' ' ')"
        fi
    done
else
    skip suite-valid "$(variant default) is not built"
fi
exit 0
