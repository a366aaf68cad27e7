#!/usr/bin/env bash
# plots/collect.sh - replays the traces through every allocator variant and
# writes the CSV files the gnuplot scripts read, into PLOTS_OUT/data/:
#
#   variants.csv      the driver's --csv rows of every variant on every trace
#                     (first column = the variant's name; the C library's
#                     rows are left to compare.sh)
#   summary.csv       kind,name,util,kops,traces: one line per variant
#                     (average utilization over its valid traces, total ops
#                     / total seconds) and per production allocator (its
#                     average efficiency, from compare.csv when present)
#   pareto.dat        kops,util,name of the variants on the utilization/
#                     throughput front
#   util-matrix.dat   utilization per trace (rows) and variant (columns)
#   series-V.dat      op, live bytes, heap bytes on trace TRACE for variant V
#   scale.csv         variant,live_blocks,ops,secs,ns_per_op on the
#                     scaling traces (gentrace -p scale -l N)
#   gaps.dat          free gaps at the peak of TRACE for HIST_VARIANT
#
# Settings (environment; see plots/README.md): TRACES, TRACE,
# PLOT_VARIANTS, HIST_VARIANT, SCALE_SIZES, SCALE_LIMIT, PLOTS_OUT.
set -u
cd "$(dirname "$0")/.." || exit 2
. plots/lib.sh

SCALE_SIZES=${SCALE_SIZES:-1000 3000 10000 30000 100000}
SCALE_LIMIT=${SCALE_LIMIT:-20}   # seconds per scaling trace; a variant's line
                                 # stops at the first trace over it
TIME_LIMIT=${TIME_LIMIT:-120}    # seconds per trace for the suite

mkdir -p "$DATA" || die "cannot create $DATA"
mapfile -t traces < <(trace_files)
[ ${#traces[@]} -gt 0 ] || die "no traces"
mapfile -t variants < <(variant_names)
build_variants

# ---- 1. every variant on every trace -------------------------------------
fargs=()
for t in "${traces[@]}"; do fargs+=(-f "$t"); done
csv=$DATA/variants.csv
header=""
: > "$csv.tmp"
for v in "${variants[@]}"; do
    drv=$(variant_driver "$v")
    [ -x "$drv" ] || { note "no driver $drv for variant $v: skipped"; continue; }
    note "replaying ${#traces[@]} traces with $v"
    "$drv" -s "$TIME_LIMIT" "${fargs[@]}" --csv "$DATA/run-$v.csv" >"$DATA/run-$v.txt" 2>&1
    rc=$?
    [ $rc -le 1 ] || { note "$drv exited with status $rc (see $DATA/run-$v.txt): skipped"; continue; }
    [ $rc -eq 0 ] || note "$v failed some traces (see $DATA/run-$v.txt)"
    header=$(head -n 1 "$DATA/run-$v.csv")
    # The lab allocator's rows come first; the C library's (timed) rows follow.
    awk -F, -v OFS=, -v v="$v" 'NR > 1 && $1 != "libc" { $1 = v; print }' \
        "$DATA/run-$v.csv" >> "$csv.tmp"
done
[ -n "$header" ] || die "no variant ran"
{ echo "$header"; cat "$csv.tmp"; } > "$csv"
rm -f "$csv.tmp"

# Utilization per trace and variant, for the grouped bars: one row per
# trace, one column per variant, "?" where a trace was not valid.
awk -F, '
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
    }' "$csv" > "$DATA/util-matrix.dat"

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

# PLOT_VARIANTS: default up to four variants spread over the list.
if [ -z "${PLOT_VARIANTS:-}" ]; then
    n=${#variants[@]}
    if [ "$n" -le 4 ]; then PLOT_VARIANTS="${variants[*]}"
    else
        PLOT_VARIANTS=$(for i in 0 1 2 3; do echo "${variants[$(( i * (n - 1) / 3 ))]}"; done | tr '\n' ' ')
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
scale_dir=$DATA/scale-traces
mkdir -p "$scale_dir"
$MAKE -s --no-print-directory tools >/dev/null 2>&1
echo "variant,live_blocks,ops,secs,ns_per_op" > "$DATA/scale.csv"
if [ -x tools/gentrace ]; then
    for n in $SCALE_SIZES; do
        [ -s "$scale_dir/scale-$n.rep" ] || tools/gentrace -p scale -l "$n" -o "$scale_dir/scale-$n.rep" \
            || die "gentrace -p scale -l $n failed"
    done
    for v in "${variants[@]}" libc; do
        [ "$v" = libc ] && drv=$(variant_driver "${variants[0]}") || drv=$(variant_driver "$v")
        [ -x "$drv" ] || continue
        for n in $SCALE_SIZES; do
            out=$DATA/scale-run.csv
            rm -f "$out"
            "$drv" -s "$SCALE_LIMIT" -f "$scale_dir/scale-$n.rep" --csv "$out" >/dev/null 2>&1
            row=$(awk -F, -v v="$v" 'NR > 1 && (v == "libc") == ($1 == "libc") && $3 == 1 && $6 > 0 {
                    printf "%s,%s,%s,%s,%.2f\n", v, n, $5, $6, $6 / $5 * 1e9 }' n="$n" "$out" 2>/dev/null)
            if [ -z "$row" ]; then
                note "scaling: $v did not finish $n live blocks within ${SCALE_LIMIT}s: its line stops there"
                break
            fi
            echo "$row" >> "$DATA/scale.csv"
        done
        note "scaling: $v done"
    done
else
    note "tools/gentrace is missing: no scaling data"
fi
rm -f "$DATA/scale-run.csv"

# ---- 4. the summary: variants, then production allocators ----------------
{
    echo "kind,name,util,kops,traces"
    awk -F, -v OFS=, 'NR > 1 && $3 == 1 && $6 > 0 {
            if (!($1 in n)) order[++k] = $1
            n[$1]++; u[$1] += $4; ops[$1] += $5; secs[$1] += $6 }
        END { for (i = 1; i <= k; i++) { v = order[i]
                printf "variant,%s,%.4f,%.1f,%d\n", v, u[v] / n[v], ops[v] / secs[v] / 1000, n[v] } }' "$csv"
    if [ -s "$DATA/compare.csv" ]; then
        awk -F, 'NR > 1 && $3 == 1 && $6 > 0 && $17 != "" {
                if (!($1 in n)) order[++k] = $1
                n[$1]++; u[$1] += $17; ops[$1] += $5; secs[$1] += $6 }
            END { for (i = 1; i <= k; i++) { v = order[i]
                    printf "production,%s,%.4f,%.1f,%d\n", v, u[v] / n[v], ops[v] / secs[v] / 1000, n[v] } }' \
            "$DATA/compare.csv"
    fi
} > "$DATA/summary.csv"

# Pareto front of the variants: no other variant has both higher
# utilization and higher throughput. Sorted by throughput for the line.
awk -F, 'NR > 1 && $1 == "variant" { print $4 "," $3 "," $2 }' "$DATA/summary.csv" | sort -t, -g -r -k1,1 |
    awk -F, '$2 > best { best = $2; print }' | sort -t, -g -k1,1 > "$DATA/pareto.dat"

# ---- 5. free gaps at the peak of TRACE for one variant -------------------
# HIST_VARIANT: default the variant of highest mean utilization.
HIST_VARIANT=${HIST_VARIANT:-$(awk -F, '$1 == "variant" && $3 > best { best = $3; v = $2 } END { print v }' \
    "$DATA/summary.csv")}
bdir=$(variant_build "$HIST_VARIANT")
if [ -f "$bdir/mm-under-test.o" ]; then
    $MAKE -s --no-print-directory plots-peakgaps PEAKGAPS_BUILD="$bdir" \
        PEAKGAPS_OUT="$DATA/peakgaps-$HIST_VARIANT" >/dev/null || die "cannot build plots/peakgaps.c"
    "$DATA/peakgaps-$HIST_VARIANT" "$TRACE" > "$DATA/gaps.dat" \
        || note "peakgaps failed on $tname with $HIST_VARIANT"
    echo "$HIST_VARIANT $tname" > "$DATA/gaps-title.txt"
else
    note "HIST_VARIANT=$HIST_VARIANT: no build in $bdir: no histogram"
fi

note "data in $DATA"
