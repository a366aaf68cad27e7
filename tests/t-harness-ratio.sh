#!/usr/bin/env bash
# t-harness-ratio.sh - the speed against the reference: the CSV's ratio
# column is the allocator's Kops over the reference's, trace by trace; the
# geometric mean printed (and in -g's line) is the product formula over
# those ratios; --ref names its reference in the tables and the CSV,
# refuses an unknown name, a missing library and an empty LD_PRELOAD with
# exit status 2, and works with tcmalloc preloaded (SKIP when not installed).
# --ref none times the allocator alone (no reference rows, no ratio, no
# index: "-" in -g's line, null in --json); --ref-only runs the reference
# alone (its rows only, the allocator never run), and with --check-only
# reads its footprint only; the flags that do not go with them exit 2.
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

# The ratio column: after efficiency (outside_bytes and util_all follow), named ratio; on each allocator row it is
# that row's kops over the reference row's kops for the same trace.
hdr=$(head -n 1 "$TMP/r.csv")
case "$hdr" in *,efficiency,ratio,outside_bytes,util_all) pass ratio-csv-column-last ;;
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
if [[ "$line" =~ ^correct:3\ perfidx:[0-9]+\ geomean:([0-9.]+)\ classic:[0-9]+\ util_all: ]]; then
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
    grep -Eq '^Classic index = [0-9.]+ \(util\) \+ [0-9.]+ \(thru\) = [0-9.]+/100$' "$TMP/out" &&
    grep -q '^  (60 avgU + 40 min(1, total ratio), as the course drivers compute it)$' "$TMP/out" \
    && pass ratio-classic-total-kept || fail ratio-classic-total-kept "$(grep -E '^(Throughput|Classic|  \()' "$TMP/out")"

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
refused ratio-ref-unknown "--ref wants libc, libc-tuned, tcmalloc, jemalloc, mimalloc, preload or none, not 'glibc'" \
    "$D" --ref glibc
refused ratio-ref-preload-empty "--ref preload: LD_PRELOAD is not set" env -u LD_PRELOAD "$D" --ref preload
if build_driver "$TMP/nolib" allocators/naive.c CFLAGS="-O2 -DREF_LIBDIR='\"$TMP/none\"'"; then
    refused ratio-ref-library-absent "$TMP/none/libjemalloc.so.2 is not installed (apt-get install libjemalloc2)" \
        "$TMP/nolib" --ref jemalloc
else
    fail ratio-ref-library-absent "cannot build: $(tail -n 3 "$TMP/build-nolib.log")"
fi

# --ref none: the allocator's rows only, each timed, without a ratio; no
# index, and the line that says why.
"$D" -g --ref none "${TRACES[@]}" --csv "$TMP/n.csv" --json "$TMP/n.json" >"$TMP/out" 2>&1
rc=$?
bad=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    { n++; if ($1 != "naive") print "a row for " $1
      else if (!($col["kops"] > 0) || $col["ratio"] != "" || !($col["util"] > 0)) print "row " $0 }
    END { if (n != 3) print n " rows, want 3" }' "$TMP/n.csv" 2>&1)
[ $rc -eq 0 ] && [ -z "$bad" ] && pass ratio-ref-none-csv || fail ratio-ref-none-csv "rc=$rc: $bad"
if grep -Eq '^trace +valid +util +ops +secs +Kops$' "$TMP/out" &&
   grep -Eq '^Throughput: [0-9]+ Kops/s \(total ops / total secs; no reference timed, --ref none\)$' "$TMP/out" &&
   grep -Eq '^Perf index: none, its throughput term needs a reference \(--ref none\); the utilization term is [0-9.]+ of 60$' "$TMP/out" &&
   grep -Eqx 'correct:3 perfidx:- geomean:- classic:- util_all:[0-9.]+ outside:[0-9]+' "$TMP/out" && ! grep -q '^Speed against' "$TMP/out"; then
    pass ratio-ref-none-report
else
    fail ratio-ref-none-report "$(head -c 600 "$TMP/out")"
fi
# (the driver writes a trace per line and the totals on one)
msg=$(tot=$(grep '"totals"' "$TMP/n.json")
    grep -q '^  "reference": null,$' "$TMP/n.json" || echo "reference not null"
    for k in libc_secs libc_kops speed_ratio thru_points perf_index geomean classic_perf_index; do
        grep -q "\"$k\": null" <<<"$tot" || echo "totals $k not null"
    done
    timed=$(grep -Ec '^    \{"name": .*"kops": [0-9.]+, "libc_secs": null, "libc_kops": null' "$TMP/n.json")
    [ "$timed" = 3 ] || echo "$timed traces timed alone, want 3"
)
[ -z "$msg" ] && pass ratio-ref-none-json || fail ratio-ref-none-json "$msg"
refused ratio-ref-none-with-l "--ref none times no reference: not with -l" "$D" --ref none -l
refused ratio-ref-none-gradescope "--ref none times no reference: not with --json-format gradescope" \
    "$D" --ref none --json "$TMP/g.json" --json-format gradescope

# --ref-only: the reference's rows only, timed and with a footprint; the
# allocator is not run: gen-tiny.rep, which the naive allocator fails in a
# 64 KiB heap, is valid.
if build_driver "$TMP/small" allocators/naive.c MAX_HEAP=65536; then
    "$TMP/small" -f traces/gen-tiny.rep >/dev/null 2>&1
    rc_mm=$?
    "$TMP/small" --ref-only "${TRACES[@]}" -f traces/gen-tiny.rep --csv "$TMP/o.csv" >"$TMP/out" 2>&1
    rc=$?
    bad=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        { n++; if ($1 != "libc" || $col["valid"] != 1 || !($col["kops"] > 0) || !($col["footprint"] > 0) ||
                   !($col["efficiency"] > 0)) print "row " $0 }
        END { if (n != 4) print n " rows, want 4" }' "$TMP/o.csv" 2>&1)
    if [ $rc_mm -eq 1 ] && [ $rc -eq 0 ] && [ -z "$bad" ] && grep -q '^Results for libc malloc:$' "$TMP/out" &&
       ! grep -q '^Results for naive' "$TMP/out" && ! grep -q '^Perf index' "$TMP/out"; then
        pass ratio-ref-only
    else
        fail ratio-ref-only "rc=$rc (allocator alone: $rc_mm): $bad $(head -c 300 "$TMP/out")"
    fi
    # with --check-only: the footprint only, nothing timed
    "$TMP/small" --ref-only --check-only "${TRACES[@]}" --csv "$TMP/f.csv" >"$TMP/out" 2>&1
    rc=$?
    bad=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        { n++; if ($1 != "libc" || $col["secs"] != "" || !($col["footprint"] > 0)) print "row " $0 }
        END { if (n != 3) print n " rows, want 3" }' "$TMP/f.csv" 2>&1)
    [ $rc -eq 0 ] && [ -z "$bad" ] && pass ratio-ref-only-footprint \
        || fail ratio-ref-only-footprint "rc=$rc: $bad $(head -c 300 "$TMP/out")"
else
    fail ratio-ref-only "cannot build: $(tail -n 3 "$TMP/build-small.log")"
fi
refused ratio-ref-only-with-none "--ref none times no reference: not with --ref-only (the reference alone)" \
    "$D" --ref none --ref-only
for flag in -g -c "--series $TMP" "--json $TMP/x.json"; do
    # shellcheck disable=SC2086
    refused "ratio-ref-only-refuses-${flag%% *}" "--ref-only runs the reference alone: " "$D" --ref-only $flag
done

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
