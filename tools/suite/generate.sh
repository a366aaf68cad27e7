#!/bin/sh
# generate.sh - writes the generated traces of the shipped suite
# (traces/gen-*.rep) with tools/gentrace and records each command in
# traces/provenance.tsv. Deterministic: running it again gives the same
# bytes (tests/t-tools-suite.sh checks that).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
make -s -C "$root/tools" gentrace
prov=$root/traces/provenance.tsv
touch "$prov"

# NAME|FLAGS
suite='gen-random|-p random -s 1 -n 50000 -l 2000
gen-binary|-p binary -s 1 -n 40000 -l 4000
gen-coalesce|-p coalesce -s 1 -n 40000 -l 2000
gen-realloc|-p realloc -s 1 -n 40000
gen-ramp|-p ramp -s 1 -n 60000 -l 4000
gen-tiny|-p tiny -s 1 -n 60000 -l 10000
gen-huge|-p huge -s 1 -n 20000
gen-scale-10k|-p scale -s 1 -l 10000'

echo "$suite" | while IFS='|' read -r name flags; do
    # shellcheck disable=SC2086
    "$root/tools/gentrace" $flags -o "$root/traces/$name.rep"
    grep -v "^$name	" "$prov" > "$prov.new" || true
    printf '%s\t%s\t%s\t%s\n' "$name" gentrace "this repository" \
        "tools/gentrace $flags -o traces/$name.rep" >> "$prov.new"
    sort -o "$prov" "$prov.new"
    rm -f "$prov.new"
done
