#!/usr/bin/env bash
# t-harness-ratio.sh - the speed against the reference: the CSV's ratio
# column is the allocator's Kops over the reference's, trace by trace; the
# geometric mean printed (and in -g's line) is the product formula over
# those ratios; --ref names its reference in the tables and the CSV,
# refuses an unknown name, a missing library and an empty LD_PRELOAD with
# exit status 2, and works with tcmalloc preloaded (SKIP when not installed).
. tests/lib.sh

if ! build_driver "$TMP/naive" allocators/naive.c; then
    fail ratio-build "$(tail -n 3 "$TMP/build-naive.log")"
    exit 0
fi
D="$TMP/naive"
TRACES=(-f tests/traces/basic.rep -f tests/traces/tiny.rep -f tests/traces/util-two.rep)

"$D" -g -l "${TRACES[@]}" --csv "$TMP/r.csv" >"$TMP/out" 2>&1
rc=$?
[ $rc -eq 0 ] || fail ratio-run "rc=$rc: $(head -c 400 "$TMP/out")"

# The ratio column: the last one, named ratio; on each allocator row it is
# that row's kops over the reference row's kops for the same trace.
hdr=$(head -n 1 "$TMP/r.csv")
case "$hdr" in *,efficiency,ratio) pass ratio-csv-column-last ;;
    *) fail ratio-csv-column-last "header '$hdr'" ;; esac
bad=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    $1 == "naive" { mm[$2] = $col["kops"]; r[$2] = $col["ratio"] }
    $1 == "libc" { ref[$2] = $col["kops"]; if ($col["ratio"] != "") print "ref row " $2 " has a ratio" }
    END { n = 0
          for (t in mm) { n++
              want = mm[t] / ref[t]
              if (!(ref[t] > 0) || r[t] == "" || (r[t] - want) / want > 1e-3 || (want - r[t]) / want > 1e-3)
                  print t ": ratio " r[t] ", kops " mm[t] " / " ref[t] " = " want }
          if (n != 3) print n " allocator rows, want 3" }' "$TMP/r.csv")
[ -z "$bad" ] && pass ratio-csv-kops-over-ref || fail ratio-csv-kops-over-ref "$bad"

# The geometric mean: exp(mean(log ratio)) over the CSV's ratios, against
# -g's field (3 decimals) and the summary line (2 decimals).
want=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    $1 == "naive" { s += log($col["ratio"]); n++ } END { if (n) printf "%.6f", exp(s / n) }' "$TMP/r.csv")
line=$(grep -E '^correct:' "$TMP/out")
if [[ "$line" =~ ^correct:3\ perfidx:[0-9]+\ geomean:([0-9.]+)$ ]]; then
    pass ratio-g-line-fields
    g=${BASH_REMATCH[1]}
    awk -v a="$g" -v b="$want" 'BEGIN { exit !(b > 0 && a - b < 0.0006 && b - a < 0.0006) }' \
        && pass ratio-geomean-product-formula \
        || fail ratio-geomean-product-formula "-g geomean $g, from the CSV's ratios $want"
else
    fail ratio-g-line-fields "line '$line'"
fi
summary=$(grep -E '^Speed against libc, trace by trace: geometric mean [0-9.]+x, faster on [0-3]/3 traces, slowest [0-9.]+x \((basic|tiny|util-two)\.rep\)$' "$TMP/out")
gm=$(sed -nE 's/.*geometric mean ([0-9.]+)x.*/\1/p' <<<"$summary")
[ -n "$summary" ] && awk -v a="$gm" -v b="$want" 'BEGIN { exit !(a - b < 0.0051 && b - a < 0.0051) }' \
    && pass ratio-summary-line || fail ratio-summary-line "'$(grep '^Speed' "$TMP/out")', want mean $want"
grep -Eq '^Throughput: [0-9]+ Kops/s, libc [0-9]+ Kops/s: total ratio [0-9.]+x' "$TMP/out" &&
    grep -q '^(the classic index: 60 avgU + 40 min(1, total ratio)' "$TMP/out" \
    && pass ratio-classic-total-kept || fail ratio-classic-total-kept "$(grep -E '^(Throughput|\(the)' "$TMP/out")"

# --ref libc-tuned: runs, valid, and names itself in the tables and the CSV.
"$D" -l --ref libc-tuned "${TRACES[@]}" --csv "$TMP/t.csv" >"$TMP/out" 2>&1
rc=$?
if [ $rc -eq 0 ] && grep -q '^Results for libc-tuned malloc:$' "$TMP/out" &&
   grep -q '^Speed against libc-tuned, ' "$TMP/out" &&
   [ "$(grep -c '^libc-tuned,[^,]*,1,' "$TMP/t.csv")" -eq 3 ] && ! grep -q '^libc,' "$TMP/t.csv"; then
    pass ratio-ref-libc-tuned
else
    fail ratio-ref-libc-tuned "rc=$rc: $(head -c 400 "$TMP/out")"
fi

# refused: exit 2, a message naming the problem, nothing run
refused() {  # NAME WANT-IN-MESSAGE DRIVER-ARGS...
    local name=$1 want=$2; shift 2
    "$@" -f tests/traces/basic.rep >"$TMP/out" 2>&1
    local rc=$?
    if [ $rc -eq 2 ] && grep -qF -- "$want" "$TMP/out" && ! grep -q '^Results' "$TMP/out"; then
        pass "$name"; else fail "$name" "rc=$rc: $(head -c 300 "$TMP/out")"; fi
}
refused ratio-ref-unknown "--ref wants libc, libc-tuned, tcmalloc, jemalloc, mimalloc or preload, not 'glibc'" \
    "$D" --ref glibc
refused ratio-ref-preload-empty "--ref preload: LD_PRELOAD is not set" env -u LD_PRELOAD "$D" --ref preload
if build_driver "$TMP/nolib" allocators/naive.c CFLAGS="-O2 -DREF_LIBDIR='\"$TMP/none\"'"; then
    refused ratio-ref-library-absent "$TMP/none/libjemalloc.so.2 is not installed (apt-get install libjemalloc2)" \
        "$TMP/nolib" --ref jemalloc
else
    fail ratio-ref-library-absent "cannot build: $(tail -n 3 "$TMP/build-nolib.log")"
fi

# --ref tcmalloc: the driver preloads it itself; the simulated heap and the
# validator still work, and the reference is named tcmalloc.
lib=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4
if [ ! -f "$lib" ]; then
    skip ratio-ref-tcmalloc "$lib is not installed (apt-get install libtcmalloc-minimal4)"
else
    env -u LD_PRELOAD "$D" -l --ref tcmalloc "${TRACES[@]}" --csv "$TMP/tc.csv" >"$TMP/out" 2>&1
    rc=$?
    if [ $rc -eq 0 ] && grep -q '^Results for tcmalloc malloc:$' "$TMP/out" &&
       [ "$(grep -Ec '^(basic|tiny|util-two)\.rep +yes ' "$TMP/out")" -eq 6 ] &&
       grep -q '^Speed against tcmalloc, ' "$TMP/out" &&
       [ "$(grep -c '^tcmalloc,[^,]*,1,' "$TMP/tc.csv")" -eq 3 ]; then
        pass ratio-ref-tcmalloc
    else
        fail ratio-ref-tcmalloc "rc=$rc: $(head -c 400 "$TMP/out")"
    fi
fi
