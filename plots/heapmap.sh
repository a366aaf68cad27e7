#!/usr/bin/env bash
# plots/heapmap.sh - the heap map of the default allocator at the peak of
# one program's trace (make plots): mdriver-default --heapmap (mm.c as
# plain make builds it, the driver collect.sh built), into
# PLOTS_OUT/heapmap.png; its data and gnuplot script stay in PLOTS_OUT/data.
# HEAPMAP_TRACE picks the trace (default: bc.rep of TRACES, a small heap
# whose blocks are still told apart at this scale; else the first trace).
set -u
cd "$(dirname "$0")/.." || exit 2
. plots/lib.sh

trace=${HEAPMAP_TRACE:-$TRACES/bc.rep}
[ -f "$trace" ] || trace=$(trace_files | head -n 1)
[ -n "$trace" ] || die "no trace for the heap map"
build_drivers default >/dev/null || die "cannot build $(variant_driver default)"
mkdir -p "$DATA"
"$(variant_driver default)" --heapmap "$DATA/heapmap.png" -f "$trace" >"$DATA/heapmap.log" 2>&1 ||
    die "mdriver --heapmap failed: $(tail -n 3 "$DATA/heapmap.log")"
cp "$DATA/heapmap.png" "$PLOTS_OUT/heapmap.png" || die "no $DATA/heapmap.png (is gnuplot installed?)"
note "wrote $PLOTS_OUT/heapmap.png ($(sed -n 's/.*): //p' "$DATA/heapmap.log"))"
