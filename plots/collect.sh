#!/usr/bin/env bash
# plots/collect.sh - replays the traces through every allocator variant and
# writes the CSV files the gnuplot scripts read, into PLOTS_OUT/data/:
#
#   variants.csv      the driver's --csv rows of every variant on every trace
#                     (first column = the variant's name; the C library's
#                     rows are left to compare.sh)
#   summary.csv       kind,name,util,kops,util_traces,time_traces: one line
#                     per variant (mean utilization, total ops / total
#                     seconds, over the traces common to all variants: see
#                     common-traces.txt) and per production allocator (its
#                     mean efficiency, from compare.csv, same traces)
#   pareto.dat        kops,util,name of the variants on the utilization/
#                     throughput front
#   util-matrix.dat   utilization per trace (rows) and variant (columns)
#   series-V.dat      op, live bytes, heap bytes on trace TRACE for variant V
#   scale.csv         variant,pattern,live_blocks,ops,secs,ns_per_op on
#                     the scaling traces (gentrace -p young|scale -l N)
#   gaps.dat          free gaps at the peak of TRACE for HIST_VARIANT
#
# Settings (environment; see plots/README.md and plots.mk): TRACES, TRACE,
# PLOT_VARIANTS, HIST_VARIANT, SCALE_SIZES, SCALE_LIMIT, TIME_LIMIT,
# UTIL_LIMIT, PLOTS_OUT, and those of plots/lib.sh. Variants run PLOTS_JOBS
# at a time. On stderr: a line when a stage starts, and after the replays
# and the scaling traces a line on what failed or stopped (the driver's
# own output of each variant: DATA/check-V.txt, DATA/run-V.txt).
set -u
cd "$(dirname "$0")/.." || exit 2
. plots/lib.sh

SCALE_SIZES=${SCALE_SIZES:-1000 3000 10000 30000 100000}
SCALE_LIMIT=${SCALE_LIMIT:-1}    # seconds per scaling trace; a variant's line
                                 # stops at the first trace over it
UTIL_LIMIT=${UTIL_LIMIT:-3}      # seconds per trace, correctness pass
TIME_LIMIT=${TIME_LIMIT:-1}      # seconds per trace, timed replays

mkdir -p "$DATA" || die "cannot create $DATA"
mapfile -t traces < <(trace_files)
[ ${#traces[@]} -gt 0 ] || die "no traces"
mapfile -t variants < <(variant_names)
build_drivers "${variants[@]}" || die "cannot build the drivers"

# ---- 1. every variant on every trace -------------------------------------
# The full sweep (FULL=1) runs each variant twice: the correctness pass
# alone (--check-only, one replay: utilization, within UTIL_LIMIT seconds a
# trace), then the timed run (within TIME_LIMIT seconds a trace, its
# correctness pass included, beside the C library, whose rows are left
# out). The quick sweep runs each variant once: the correctness pass within
# UTIL_LIMIT, then the variant's timed replays alone (--ref none) within
# TIME_LIMIT seconds of their own (--time-limit). Either way a slow
# variant's throughput is missing on the traces it cannot replay
# TIMED_REPLAYS times in TIME_LIMIT.
fargs=()
for t in "${traces[@]}"; do fargs+=(-f "$t"); done
# The quick sweep times one side per run: the variant (--ref none), or the
# C library's line of the scaling picture (--ref-only).
alone=() ref_alone=()
[ "$FULL" = 1 ] || alone=(--ref none) ref_alone=(--ref-only)

# replay_variant V: V's rows, in $DATA/rows-V.tsv
replay_variant() {
    local v=$1 drv rc slow check=$DATA/check-$v.csv run=$DATA/run-$v.csv
    drv=$(variant_driver "$v")
    : > "$DATA/rows-$v.tsv"
    [ -x "$drv" ] || { note "no driver $drv for variant $v: skipped"; return; }
    if [ "$FULL" = 1 ]; then
        "$drv" -v --check-only -s "$UTIL_LIMIT" "${fargs[@]}" --csv "$check" >"$DATA/check-$v.txt" 2>&1
    else
        run=$check
        "$drv" -v -s "$UTIL_LIMIT" --time-limit "$TIME_LIMIT" "${alone[@]}" "${fargs[@]}" \
            --csv "$check" >"$DATA/check-$v.txt" 2>&1
    fi
    rc=$?
    [ "$rc" -le 1 ] && [ -s "$check" ] \
        || { note "$drv exited with status $rc (see $DATA/check-$v.txt): skipped"; return; }
    if [ "$FULL" = 1 ]; then
        "$drv" -v -s "$TIME_LIMIT" "${fargs[@]}" --csv "$run" >"$DATA/run-$v.txt" 2>&1
    fi
    # Correctness columns from the check run, timing columns (ops, secs,
    # kops, spread) from the timed run (the quick sweep: the same run);
    # status (timeout, untimed) and message say why a valid trace has no
    # time. The C library's rows are left out. The utilization is the one
    # with everything counted (util_all: the bytes the allocator keeps
    # outside the heap too), as a production allocator's footprint counts
    # everything.
    { csv2tsv "$run" 2>/dev/null; echo "--"; csv2tsv "$check"; } |
        awk -F'\t' -v OFS='\t' -v v="$v" '
            $0 == "--" { second = 1; next }
            $1 == "allocator" { if (second) for (i = 1; i <= NF; i++) if ($i == "util_all") all = i
                                next }
            $1 == "libc" { next }
            !second { secs[$2] = $6; kops[$2] = $7; spread[$2] = $13; st[$2] = $8; msg[$2] = $14; next }
            { $1 = v
              if (all && $all != "") $4 = $all
              if (st[$2] == "valid" && secs[$2] > 0) { $6 = secs[$2]; $7 = kops[$2]; $13 = spread[$2] }
              else if ($3 == 1) { $6 = $7 = $13 = ""
                                  $8 = (st[$2] == "" || st[$2] == "valid" ? "untimed" : st[$2])
                                  $14 = "timing: " (msg[$2] != "" ? msg[$2] : "no result") }
              print }' > "$DATA/rows-$v.tsv"
}

note "variants: replaying ${#traces[@]} traces with ${#variants[@]} variants, $PLOTS_JOBS at a time"
running=0
for v in "${variants[@]}"; do
    if [ $running -ge "$PLOTS_JOBS" ]; then wait -n; running=$((running - 1)); fi
    replay_variant "$v" &
    running=$((running + 1))
done
wait
tsv=$DATA/variants.tsv
header=""
for v in "${variants[@]}"; do
    [ -s "$DATA/check-$v.csv" ] && [ -z "$header" ] && header=$(head -n 1 "$DATA/check-$v.csv")
done
[ -n "$header" ] || die "no variant ran"
{ csv2tsv <<<"$header"; for v in "${variants[@]}"; do cat "$DATA/rows-$v.tsv"; done; } > "$tsv"
rm -f "$DATA"/rows-*.tsv
tsv2csv "$tsv" > "$DATA/variants.csv"
# What failed (invalid, out of memory, crashed: a failure; timeout: past
# UTIL_LIMIT) and what was replayed but not timed, per variant, in one line.
# The naive allocator never reuses memory: running out on the larger
# traces is what it does.
awk -F'\t' -v ul="$UTIL_LIMIT" -v tl="$TIME_LIMIT" '
    NR == 1 { next }
    !($1 in seen) { seen[$1] = 1; order[++k] = $1 }
    $3 != 1 { if ($8 == "timeout") slow[$1]++; else bad[$1]++ }
    $3 == 1 && $6 == "" { untimed[$1]++ }
    END {
        for (i = 1; i <= k; i++) { v = order[i]
            if (bad[v]) f = f sprintf("%s%s %d%s", f == "" ? "" : ", ", v, bad[v],
                                      v == "naive" ? " (expected: naive never reuses memory)" : "")
            if (slow[v]) t = t sprintf("%s%s %d", t == "" ? "" : ", ", v, slow[v])
            if (untimed[v]) u = u sprintf("%s%s %d", u == "" ? "" : ", ", v, untimed[v]) }
        printf "variants: done; traces failed: %s; timed out (past UTIL_LIMIT %s s): %s; " \
               "not timed (TIME_LIMIT %s s): %s\n", f == "" ? "none" : f, ul, t == "" ? "none" : t,
               tl, u == "" ? "none" : u
    }' "$tsv" | while read -r line; do note "$line"; done
# Utilization per trace and variant, for the grouped bars: one row per
# trace, one column per variant, "?" where a trace was not valid.
awk -F'\t' '
    NR == 1 { next }
    { if (!($1 in seen)) { seen[$1] = 1; vs[++nv] = $1 }
      if (!($2 in seen_t)) { seen_t[$2] = 1; ts[++nt] = $2 }
      u[$1, $2] = ($3 == 1 && $4 != "") ? $4 * 100 : "?" }
    END {
        printf "trace"; for (i = 1; i <= nv; i++) printf "\t%s", vs[i]; print ""
        for (j = 1; j <= nt; j++) {
            name = ts[j]; sub(/\.rep$/, "", name); printf "%s", name
            for (i = 1; i <= nv; i++) printf "\t%s", ((vs[i], ts[j]) in u) ? u[vs[i], ts[j]] : "?"
            print ""
        }
    }' "$tsv" > "$DATA/util-matrix.dat"

# ---- 2. live payload and heap size over the ops of one trace -------------
TRACE=${TRACE:-}
if [ -z "$TRACE" ]; then
    TRACE=$(printf '%s\n' "${traces[@]}" | grep -m1 -E 'binary|random' || true)
    [ -n "$TRACE" ] || TRACE=${traces[0]}
elif [ ! -f "$TRACE" ] && [ -f "$TRACES/$TRACE" ]; then
    TRACE=$TRACES/$TRACE
fi
[ -f "$TRACE" ] || die "TRACE=$TRACE: no such trace"
tname=$(basename "$TRACE")

# PLOT_VARIANTS: default up to four variants spread over the list, leaving
# out naive (its heap only grows, and would flatten every other curve).
if [ -z "${PLOT_VARIANTS:-}" ]; then
    mapfile -t cands < <(printf '%s\n' "${variants[@]}" | grep -vx naive)
    [ ${#cands[@]} -gt 0 ] || cands=("${variants[@]}")
    n=${#cands[@]}
    if [ "$n" -le 4 ]; then PLOT_VARIANTS="${cands[*]}"
    else
        PLOT_VARIANTS=$(for i in 0 1 2 3; do echo "${cands[$(( i * (n - 1) / 3 ))]}"; done | tr '\n' ' ')
    fi
fi
rm -f "$DATA"/series-*.dat
echo "$tname" > "$DATA/series-trace.txt"
for v in $PLOT_VARIANTS; do
    drv=$(variant_driver "$v")
    [ -x "$drv" ] || { note "PLOT_VARIANTS: no driver for $v: skipped"; continue; }
    mkdir -p "$DATA/series/$v"
    "$drv" --check-only -f "$TRACE" --series "$DATA/series/$v" >/dev/null 2>&1 \
        || note "$v did not replay $tname cleanly: its curve stops where it failed"
    s=$DATA/series/$v/$tname.csv
    [ -s "$s" ] || { note "no series from $v"; continue; }
    # At most ~2000 points: the largest value of each bucket of ops.
    awk -F, -v rows="$(wc -l < "$s")" '
        NR == 1 { step = int(rows / 2000) + 1; next }
        { if ($2 > live) live = $2; if ($3 > heap) heap = $3 }
        (NR - 1) % step == 0 || NR == rows { print $1, live, heap; live = 0; heap = 0 }' \
        "$s" > "$DATA/series-$v.dat"
done

# ---- 3. time per op against live blocks (scaling traces) ------------------
# Two families (tools/gentrace): young (a churn of young blocks beside N
# long-lived ones: the allocator's own cost) and scale (frees at random
# over all N blocks: bound by cache and TLB misses at large N).
scale_dir=$DATA/scale-traces
mkdir -p "$scale_dir"
$MAKE -s --no-print-directory tools TOOLS_BIN="$TOOLS_BIN" >/dev/null 2>&1
echo "variant,pattern,live_blocks,ops,secs,ns_per_op" > "$DATA/scale.csv"

# scale_variant V: V's rows (libc: the C library's, timed by the first
# variant's driver) in $DATA/scale-V.csv
scale_variant() {
    local v=$1 drv pat n out row flags=("${alone[@]}")
    drv=$(variant_driver "$v")
    [ "$v" = libc ] && drv=$(variant_driver "${variants[0]}") flags=("${ref_alone[@]}")
    : > "$DATA/scale-$v.csv"
    [ -x "$drv" ] || return
    for pat in young scale; do
        for n in $SCALE_SIZES; do
            out=$DATA/scale-run-$v.csv
            rm -f "$out"
            "$drv" -s "$SCALE_LIMIT" "${flags[@]}" -f "$scale_dir/$pat-$n.rep" --csv "$out" >/dev/null 2>&1
            row=$(awk -F, -v v="$v" -v pat=$pat 'NR > 1 && (v == "libc") == ($1 == "libc") && $3 == 1 && $6 > 0 {
                    printf "%s,%s,%s,%s,%s,%.2f\n", v, pat, n, $5, $6, $6 / $5 * 1e9 }' n="$n" "$out" 2>/dev/null)
            if [ -z "$row" ]; then
                echo "$v ($pat-$n)" >> "$DATA/scale-stops.txt"
                break
            fi
            echo "$row" >> "$DATA/scale-$v.csv"
        done
    done
    rm -f "$DATA/scale-run-$v.csv"
}

if [ -x "$TOOLS_BIN/gentrace" ]; then
    for pat in young scale; do
        for n in $SCALE_SIZES; do
            [ -s "$scale_dir/$pat-$n.rep" ] || "$TOOLS_BIN/gentrace" -p $pat -l "$n" -o "$scale_dir/$pat-$n.rep" \
                || die "gentrace -p $pat -l $n failed"
        done
    done
    note "scaling: the young and scale traces of $(echo $SCALE_SIZES) live blocks, each within ${SCALE_LIMIT}s (SCALE_LIMIT)"
    rm -f "$DATA/scale-stops.txt"
    running=0
    for v in "${variants[@]}" libc; do
        if [ $running -ge "$PLOTS_JOBS" ]; then wait -n; running=$((running - 1)); fi
        scale_variant "$v" &
        running=$((running + 1))
    done
    wait
    for v in "${variants[@]}" libc; do cat "$DATA/scale-$v.csv"; rm -f "$DATA/scale-$v.csv"; done >> "$DATA/scale.csv"
    stops=$(sort "$DATA/scale-stops.txt" 2>/dev/null | paste -sd, - | sed 's/,/, /g')
    note "scaling: done; lines that stop at a trace not finished in time: ${stops:-none}"
else
    note "$TOOLS_BIN/gentrace is missing: no scaling data"
fi

# ---- 4. the summary: variants, then production allocators ----------------
# Means over the same traces for everyone: utilization over the traces every
# variant replayed correctly, throughput over those every variant also
# timed (a slow variant's throughput would otherwise be measured on the
# easy traces only). When no trace is common to all, each uses its own.
awk -F'\t' 'NR > 1 && $3 == 1 { nu[$2]++; if ($6 > 0) nt[$2]++ }
    NR > 1 && !seen[$1]++ { nv++ }
    END { for (t in nu) { if (nu[t] == nv) print "util", t; if (nt[t] == nv) print "time", t } }' \
    "$tsv" | sort > "$DATA/common-traces.txt"
nu=$(grep -c '^util ' "$DATA/common-traces.txt"); nt=$(grep -c '^time ' "$DATA/common-traces.txt")
echo "$nu $nt ${#traces[@]}" > "$DATA/common-counts.txt"
[ "$nt" -gt 0 ] || note "no trace was timed by every variant: each variant's throughput is over its own traces"
summarize() {  # KIND TSV: kind,name,util,kops,util_traces,time_traces
    awk -F'\t' -v kind="$1" -v nu="$nu" -v nt="$nt" -v cfile="$DATA/common-traces.txt" '
        BEGIN { while ((getline line < cfile) > 0) { split(line, w, " "); common[w[1], w[2]] = 1 } }
        FNR == 1 { next }
        { if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 }
          u = (kind == "variant") ? $4 : $17
          if ($3 == 1 && u != "" && (nu == 0 || ("util", $2) in common)) { n[$1]++; su[$1] += u }
          if ($3 == 1 && $6 > 0 && (nt == 0 || ("time", $2) in common)) { m[$1]++; ops[$1] += $5; secs[$1] += $6 } }
        END { for (i = 1; i <= k; i++) { v = order[i]
                printf "%s,%s,%s,%s,%d,%d\n", kind, v, (n[v] ? sprintf("%.4f", su[v] / n[v]) : ""),
                    (secs[v] > 0 ? sprintf("%.1f", ops[v] / secs[v] / 1000) : ""), n[v], m[v] } }' \
        "$2"
}
{
    echo "kind,name,util,kops,util_traces,time_traces"
    summarize variant "$tsv"
    if [ -s "$DATA/compare.csv" ]; then
        csv2tsv "$DATA/compare.csv" > "$DATA/compare.tsv"
        summarize production "$DATA/compare.tsv"
    fi
} > "$DATA/summary.csv"

# Pareto front of the variants: no other variant has both higher
# utilization and higher throughput. Sorted by throughput for the line.
awk -F, 'NR > 1 && $1 == "variant" && $3 != "" && $4 != "" { print $4 "," $3 "," $2 }' "$DATA/summary.csv" | sort -t, -g -r -k1,1 |
    awk -F, '$2 > best { best = $2; print }' | sort -t, -g -k1,1 > "$DATA/pareto.dat"

# ---- 5. free gaps at the peak of TRACE for one variant -------------------
# HIST_VARIANT: default the variant of highest mean utilization.
HIST_VARIANT=${HIST_VARIANT:-$(awk -F, '$1 == "variant" && $3 > best { best = $3; v = $2 } END { print v }' \
    "$DATA/summary.csv")}
if [ -n "$HIST_VARIANT" ]; then
    # shellcheck disable=SC2086
    $MAKE -s --no-print-directory $PLOTS_BUILD plots-peakgaps PEAKGAPS_VARIANT="$HIST_VARIANT" \
        PEAKGAPS_OUT="$DATA/peakgaps-$HIST_VARIANT" >/dev/null || die "cannot build plots/peakgaps.c"
    "$DATA/peakgaps-$HIST_VARIANT" "$TRACE" > "$DATA/gaps.dat" \
        || note "peakgaps failed on $tname with $HIST_VARIANT"
    echo "$HIST_VARIANT $tname" > "$DATA/gaps-title.txt"
else
    note "no variant has a mean utilization: no histogram"
fi

