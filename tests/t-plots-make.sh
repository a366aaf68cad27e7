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

# make plots prints a line a stage (and one on what failed), not one a trace
if [ $have_gnuplot -eq 1 ]; then
    n=$(wc -l <"$TMP/plots.log")
    if [ "$n" -le 12 ] && grep -q '^plots: variants: done; traces failed: ' "$TMP/plots.log" &&
       grep -q '^plots: scaling: done; ' "$TMP/plots.log"; then
        pass "plots-progress-per-stage ($n lines)"
    else
        fail plots-progress-per-stage "$n lines: $(head -n 14 "$TMP/plots.log" | tr '\n' '|')"
    fi
    # footprint: heap curves that coincide are one line named by all of them
    groups=$(for f in "$out"/data/series-*.dat; do
                 v=${f##*/series-}; echo "$(awk '{ print $1, $3 }' "$f" | md5sum | cut -c1-12) ${v%.dat}"
             done | sort | awk '{ g[$1] = g[$1] (g[$1] == "" ? "" : ",") $2 } END { for (k in g) print g[k] }')
    bad=""
    for g in $groups; do
        case $g in
            *,*) grep -qF "$g heap (the same curve)" "$out/footprint.svg" || bad="$bad $g" ;;
            *) grep -qF ">$g heap<" "$out/footprint.svg" || bad="$bad $g" ;;
        esac
    done
    [ -z "$bad" ] && pass "plots-footprint-key-per-curve ($(echo $groups))" \
        || fail plots-footprint-key-per-curve "no key entry for:$bad"
    # util-throughput: the front is a staircase that ends on the axis, and
    # the utilization axis ends at 100%
    tail -n 1 "$out/data/pareto-steps.dat" | grep -q ',0$' && grep -q '^set yrange \[0:100\]' plots/util-throughput.gp \
        && pass plots-pareto-steps || fail plots-pareto-steps "$(cat "$out/data/pareto-steps.dat")"
fi

# The labels of util-throughput.png: four points on one spot and one
# beside them get five places whose boxes (in labels.awk's own pixel
# model) overlap neither each other nor the points.
printf 'kind,name,util,kops\nproduction,libc,0.80,3000\nproduction,libc-tuned,0.80,3001\nvariant,implicit-first,0.80,3002\nvariant,implicit-best,0.801,3000\nvariant,tlsf,0.79,3100\n' >"$TMP/pts.csv"
awk -v xmin=0.5 -v xmax=20 -v W=790 -v H=460 -v CW=6.5 -v CH=13 -v colour_variant=b -v colour_production=r \
    -f plots/labels.awk "$TMP/pts.csv" >"$TMP/labels.gp"
bad=$(awk -v xmin=0.5 -v xmax=20 -v W=790 -v H=460 -v CW=6.5 -v CH=13 '
    { name = $4; gsub(/"/, "", name); x = $7 + 0; y = $9 + 0; al = $10; split($13, o, ",")
      px = (log(x) - log(xmin)) / (log(xmax) - log(xmin)) * W; py = y / 100 * H
      w = length(name) * CW; cx = px + o[1] * CW; cy = py + o[2] * CH
      x0[NR] = al == "center" ? cx - w / 2 : al == "left" ? cx : cx - w; x1[NR] = x0[NR] + w
      y0[NR] = cy - CH / 2; y1[NR] = cy + CH / 2; ppx[NR] = px; ppy[NR] = py; nm[NR] = name }
    END { for (i = 1; i <= NR; i++) for (j = 1; j <= NR; j++) {
            if (j > i && x0[i] < x1[j] && x0[j] < x1[i] && y0[i] < y1[j] && y0[j] < y1[i]) print nm[i] "/" nm[j]
            if (ppx[j] + 5 > x0[i] && ppx[j] - 5 < x1[i] && ppy[j] + 5 > y0[i] && ppy[j] - 5 < y1[i]) print nm[i] "/point " nm[j] } }' \
    "$TMP/labels.gp")
[ "$(wc -l <"$TMP/labels.gp")" -eq 5 ] && [ -z "$bad" ] && pass plots-labels-apart \
    || fail plots-labels-apart "overlaps: $(echo $bad); $(cut -d' ' -f4,10-13 "$TMP/labels.gp" | tr '\n' '|')"

# util-by-trace: a panel per family; under a missing bar, x for a failure
# and o for a timeout
printf 'allocator\ttrace\tvalid\tutil\tops\tsecs\tkops\tstatus\n' >"$TMP/v.tsv"
printf 'naive\ta.rep\t0\t\t1\t\t\tout of memory\nnaive\tb.rep\t1\t0.5\t1\t\t\tvalid\n' >>"$TMP/v.tsv"
printf 'explicit-lifo\ta.rep\t1\t0.9\t1\t\t\tvalid\nexplicit-lifo\tb.rep\t0\t\t1\t\t\ttimeout\n' >>"$TMP/v.tsv"
printf 'default\ta.rep\t1\t0.95\t1\t\t\tvalid\ndefault\tb.rep\t1\t0.97\t1\t\t\tvalid\n' >>"$TMP/v.tsv"
awk -v data="$TMP" -v ul=3 -f plots/util-panels.awk "$TMP/v.tsv" >"$TMP/panels.gp"
if [ "$(grep -c '^plot ' "$TMP/panels.gp")" -eq 3 ] &&
   [ "$(awk '{ print $2, $4 }' "$TMP/util-panel-1.dat" | tr '\n' ' ')" = "NaN 1 50 0 " ] &&
   [ "$(awk '{ print $2, $4 }' "$TMP/util-panel-2.dat" | tr '\n' ' ')" = "90 0 NaN 2 " ] &&
   grep -q 'x = the variant failed the trace, o = it did not finish within 3 s (UTIL_LIMIT)' "$TMP/panels.gp"; then
    pass plots-util-by-trace-panels
else
    fail plots-util-by-trace-panels "$(cat "$TMP"/util-panel-*.dat | tr '\n' '|')"
fi
