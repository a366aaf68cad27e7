#!/usr/bin/env bash
# plots/compare.sh - the production allocators on the lab's traces.
#
# The driver times the process's malloc as its reference and reads that
# malloc's footprint from its own statistics (footprint.c). So each
# production allocator is one driver run with it preloaded, keeping the
# rows of the process's malloc: timed alone (--ref-only) in the quick
# sweep, interleaved with the lab allocator's replays, whose rows are left
# out, in the full one (FULL=1):
#
#   libc         glibc as shipped
#   libc-tuned   glibc with GLIBC_TUNABLES that stop it returning memory
#                to the kernel between replays (see ../shared/REFERENCE.md)
#   jemalloc     LD_PRELOAD=libjemalloc.so.2        (Debian: libjemalloc2)
#   mimalloc     LD_PRELOAD=libmimalloc.so.2        (Debian: libmimalloc2.0);
#                the driver reads its footprint with MIMALLOC_RESET_DELAY=0
#   tcmalloc     LD_PRELOAD=libtcmalloc_minimal.so.4 (libtcmalloc-minimal4)
#
# A library that is not installed is skipped with a note. The allocators
# run PLOTS_JOBS at a time. Writes PLOTS_OUT/data/compare.csv (the driver's
# CSV columns, allocator renamed as above) and prints a table.
# COMPARE_ALLOCATORS="libc jemalloc" runs a subset; COMPARE_LIBDIR
# overrides where the libraries are looked for.
set -u
cd "$(dirname "$0")/.." || exit 2
. plots/lib.sh

COMPARE_ALLOCATORS=${COMPARE_ALLOCATORS:-libc libc-tuned jemalloc mimalloc tcmalloc}
COMPARE_LIBDIR=${COMPARE_LIBDIR:-/usr/lib/$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)}
TUNED='glibc.malloc.trim_threshold=4294967295:glibc.malloc.mmap_threshold=4294967295:glibc.malloc.top_pad=268435456'

mkdir -p "$DATA" || die "cannot create $DATA"
mapfile -t traces < <(trace_files)
[ ${#traces[@]} -gt 0 ] || die "no traces"

# Any lab driver will do: only the process's malloc rows are kept. The
# default variant's (mm.c) unless it does not build; then the naive one's.
lab=default
if ! build_drivers default >/dev/null 2>&1; then
    lab=naive
    build_drivers naive >/dev/null || die "cannot build a driver"
    note "mm.c does not build: timing with the driver around allocators/naive.c"
fi
drv=$(variant_driver $lab)
timing=()
[ "$FULL" = 1 ] || timing=(--ref-only)

library() {
    case $1 in
    jemalloc) echo "$COMPARE_LIBDIR/libjemalloc.so.2" ;;
    mimalloc) echo "$COMPARE_LIBDIR/libmimalloc.so.2" ;;
    tcmalloc) echo "$COMPARE_LIBDIR/libtcmalloc_minimal.so.4" ;;
    esac
}
package() {
    case $1 in
    jemalloc) echo libjemalloc2 ;; mimalloc) echo libmimalloc2.0 ;; tcmalloc) echo libtcmalloc-minimal4 ;;
    esac
}

# One driver process per trace: the footprint is read from the allocator's
# statistics, and memory the driver freed while reading earlier traces
# would otherwise be counted (glibc: bc.rep read 2.3 MB of footprint for
# 68 KB live in a 20-trace run, 100 KB alone).
run_each() {  # OUT.csv DRIVER-ENV...: every trace, rows appended to OUT
    local csv=$1 t; shift
    rm -f "$csv"
    for t in "${traces[@]}"; do
        rm -f "$csv.one"
        env "$@" "$drv" "${timing[@]}" -f "$t" --csv "$csv.one" 2>&1
        if [ -s "$csv.one" ]; then
            if [ -s "$csv" ]; then tail -n +2 "$csv.one" >> "$csv"; else cat "$csv.one" > "$csv"; fi
        fi
    done
    rm -f "$csv.one"
}

# compare_one A: allocator A's rows, renamed A, in $DATA/rows-A.csv
compare_one() {
    local a=$1 env=() lib
    case $a in
    libc) ;;
    libc-tuned) env=(GLIBC_TUNABLES="$TUNED") ;;
    jemalloc | mimalloc | tcmalloc)
        lib=$(library "$a")
        if [ ! -f "$lib" ]; then
            echo "$a ($lib: apt-get install $(package "$a"))" > "$DATA/skipped-$a.txt"
            return
        fi
        env=(LD_PRELOAD="$lib") ;;
    *) note "unknown allocator '$a' in COMPARE_ALLOCATORS: skipped"; return ;;
    esac
    run_each "$DATA/compare-$a.csv" "${env[@]}" >"$DATA/compare-$a.txt"
    [ -s "$DATA/compare-$a.csv" ] || { note "$a: the driver wrote no CSV (see $DATA/compare-$a.txt): skipped"; return; }
    # The process's malloc rows: all but the lab allocator's. Check that the
    # detected allocator is the one meant.
    awk -F, -v OFS=, -v a="$a" -v lab="$lab" '
        NR == 1 { print; next }
        $1 != lab {
            want = a; sub(/-tuned$/, "", want)
            if ($1 != want) printf "plots: warning: %s run: the driver detected \"%s\"\n", a, $1 > "/dev/stderr"
            $1 = a; print }' "$DATA/compare-$a.csv" > "$DATA/rows-$a.csv"
}

out=$DATA/compare.csv
rm -f "$DATA"/rows-*.csv "$DATA"/skipped-*.txt
note "production allocators: replaying ${#traces[@]} traces with $(echo $COMPARE_ALLOCATORS), $PLOTS_JOBS at a time"
# The slowest first (mimalloc, jemalloc: gen-huge.rep takes them seconds
# a replay, and their footprints are costly to read), so the others fill in.
running=0
slowest_first=$(for a in $COMPARE_ALLOCATORS; do
    case $a in mimalloc) echo "0 $a" ;; jemalloc) echo "1 $a" ;; *) echo "2 $a" ;; esac
done | sort -s -k1,1n | cut -d' ' -f2)
for a in $slowest_first; do
    if [ $running -ge "$PLOTS_JOBS" ]; then wait -n; running=$((running - 1)); fi
    compare_one "$a" &
    running=$((running + 1))
done
wait
skipped=$(cat "$DATA"/skipped-*.txt 2>/dev/null | paste -sd, - | sed 's/,/, /g')
rm -f "$DATA"/skipped-*.txt
[ -z "$skipped" ] || note "not installed, skipped: $skipped"
header=""
: > "$out.tmp"
for a in $COMPARE_ALLOCATORS; do
    [ -s "$DATA/rows-$a.csv" ] || continue
    header=$(head -n 1 "$DATA/rows-$a.csv")
    tail -n +2 "$DATA/rows-$a.csv" >> "$out.tmp"
    rm -f "$DATA/rows-$a.csv"
done
[ -n "$header" ] || die "no allocator ran"
{ echo "$header"; cat "$out.tmp"; } > "$out"
rm -f "$out.tmp"

# The table: per allocator, total throughput and mean efficiency.
awk -F, '
    NR == 1 { next }
    { if (!($1 in n)) { order[++k] = $1; method[$1] = $16 }
      n[$1]++
      if ($3 == 1 && $6 > 0) { ops[$1] += $5; secs[$1] += $6 }
      if ($17 != "") { eff[$1] += $17; ne[$1]++ } else missing[$1]++ }
    END {
        printf "%-12s %7s %11s %11s  %s\n", "allocator", "traces", "Mops/s", "efficiency", "footprint from"
        for (i = 1; i <= k; i++) { a = order[i]
            printf "%-12s %7d %11.1f %10s%s  %s\n", a, n[a], (secs[a] > 0 ? ops[a] / secs[a] / 1e6 : 0),
                ne[a] ? sprintf("%.1f%%", 100 * eff[a] / ne[a]) : "-", missing[a] ? "*" : " ", method[a] }
        print "(efficiency: mean over traces of peak live payload / peak footprint;"
        print " * = some traces have no footprint reading)"
    }' "$out" > "$DATA/compare.txt"
# make compare prints the table; make plots only says where it is
if [ "${COMPARE_TABLE:-1}" = 1 ]; then
    cat "$DATA/compare.txt"
    note "wrote $out"
else
    note "production allocators: done (the table: $DATA/compare.txt)"
fi
