#!/usr/bin/env bash
# t-plots-make.sh - make plots on a small generated trace set: every
# picture is a PNG of plausible size, and the CSV it reads has the driver's
# columns and one row per variant and trace. Without gnuplot, the pictures'
# checks SKIP and only the CSV is checked (make plots-data). The fast tier
# runs the full sweep's settings (FULL=1) with the drivers tests/run built;
# the full tier the quick sweep, which builds its own drivers.
set -u
. tests/lib.sh

mkdir -p "$TMP/traces"
for p in random binary realloc; do
    "$TOOLS/gentrace" -p $p -n 1500 -l 80 -o "$TMP/traces/$p.rep" || { fail plots-traces "gentrace -p $p"; exit 0; }
done
out=$TMP/out
args=(TRACES="$TMP/traces" PLOTS_OUT="$out" SCALE_SIZES="200 800" SCALE_LIMIT=20 TOOLS_BIN="$TOOLS")
if full; then
    args+=(BUILDROOT="$TMP/build")
else
    args+=(FULL=1 PLOTS_JOBS=2 BUILDROOT="$TEST_BUILD" BINDIR="$TEST_BUILD")
fi

# gnuplot missing: a clear message and a non-zero status.
mkdir -p "$TMP/bin"
ln -s "$(command -v dirname)" "$TMP/bin/dirname"
msg=$(PATH=$TMP/bin /bin/bash plots/render.sh --check 2>&1); rc=$?
if [ $rc -ne 0 ] && grep -q 'apt-get install -y gnuplot-nox' <<<"$msg"; then
    pass plots-no-gnuplot-message
else
    fail plots-no-gnuplot-message "status $rc, output: $msg"
fi

have_gnuplot=0
command -v gnuplot >/dev/null 2>&1 && gnuplot -e 'set terminal pngcairo' >/dev/null 2>&1 && have_gnuplot=1
if [ $have_gnuplot -eq 1 ]; then
    COMPARE_ALLOCATORS=libc make -s --no-print-directory plots "${args[@]}" >"$TMP/plots.log" 2>&1
    rc=$?
    expect plots-status test $rc -eq 0
    [ $rc -eq 0 ] || sed 's/^/    /' "$TMP/plots.log" | tail -n 15
    for pic in util-throughput util-by-trace footprint scaling gaps; do
        f=$out/$pic.png
        size=$(stat -c %s "$f" 2>/dev/null || echo 0)
        if [ "$size" -gt 5000 ] && [ "$size" -lt 2000000 ] && [ "$(head -c 4 "$f" | tail -c 3)" = PNG ]; then
            pass "plots-png-$pic"
        else
            fail "plots-png-$pic" "$f: $size bytes (want a PNG of 5 KB .. 2 MB)"
        fi
        expect "plots-svg-$pic" test -s "$out/$pic.svg"
    done
else
    skip plots-png "gnuplot with pngcairo is not installed (apt-get install gnuplot-nox)"
    make -s --no-print-directory plots-data "${args[@]}" >"$TMP/plots.log" 2>&1
    expect plots-data-status test $? -eq 0
fi

# The CSV: the driver's columns, one row per variant and trace.
csv=$out/data/variants.csv
want='allocator,trace,valid,util,ops,secs,kops,status,weight,peak_live,heap_size,bound,spread,message,footprint,footprint_method,efficiency,ratio,outside_bytes,util_all'
expect plots-csv-columns test "$(head -n 1 "$csv" 2>/dev/null)" = "$want"
variants=$(make -s --no-print-directory list-variants)
nv=$(wc -w <<<"$variants")
rows=$(( $(wc -l < "$csv") - 1 ))
expect plots-csv-rows test "$rows" -eq $(( nv * 3 ))
bad=""
for v in $variants; do
    for t in random binary realloc; do
        grep -q "^$v,$t.rep," "$csv" || bad="$bad $v/$t"
    done
done
if [ -z "$bad" ]; then pass plots-csv-every-pair; else fail plots-csv-every-pair "no row for:$bad"; fi
expect plots-summary test "$(grep -c '^variant,' "$out/data/summary.csv")" -eq "$nv"
expect plots-scale-csv test "$(grep -c ',200,' "$out/data/scale.csv")" -ge 1
expect plots-gaps-data grep -q '^# trace ' "$out/data/gaps.dat"
# At the peak, live payload and the gaps between payloads fill the heap.
if awk 'NR == 1 { exit !($7 + $11 == $9 && $7 > 0) }' "$out/data/gaps.dat" 2>/dev/null; then
    pass plots-gaps-sum
else
    fail plots-gaps-sum "live + gaps != heap: $(head -n 1 "$out/data/gaps.dat" 2>/dev/null)"
fi
