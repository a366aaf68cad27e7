#!/usr/bin/env bash
# allocators/bench.sh - prints the utilization and scaling tables of every
# variant (markdown, on stdout). It takes no options.
#
# Builds every variant (make -j2 variants: the family, default-a16 and
# default-nosmall),
# replays the trace sets with ./mdriver-NAME --csv, and averages the
# utilization of the valid traces. Trace sets: the 11 classic CS:APP traces,
# the MIT 6.172 traces/, the CMU 15-213 2016+ traces but syn-giant* and
# syn-largemem*, and this repository's traces/. Needs ANCHOR_TRACES
# (the Makefile's setting) for all but the last. Throughput is
# the driver's total ops / total seconds on the classic set, with the C
# library timed in the same run (-l). Scaling uses tools/gentrace -p young
# and -p scale, and two-size traces (written here with awk) whose requests
# alternate between a slot and a block or come in random order.
# Takes about 20 minutes on 2 cores.
set -u
if [ $# -gt 0 ]; then
    echo "usage: allocators/bench.sh (no options; the speed table is allocators/speed.sh's)" >&2
    exit 2
fi
cd "$(dirname "$0")/.." || exit 2
ANCHOR_TRACES=$(make -s --no-print-directory print-ANCHOR_TRACES)
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

make -s --no-print-directory -j2 variants >/dev/null || exit 1
make -s --no-print-directory tools >/dev/null 2>&1
VARIANTS=$(make -s --no-print-directory list-variants)

CLASSIC=()
for t in amptjp cccp cp-decl expr coalescing random random2 binary binary2 realloc realloc2; do
    CLASSIC+=(-f "$ANCHOR_TRACES/csapp/$t-bal.rep")
done
MIT=(-t "$ANCHOR_TRACES/mit6172/traces")
CMU=()
for t in "$ANCHOR_TRACES"/cmu15213/*.rep; do
    case $(basename "$t") in syn-giant*|syn-largemem*) ;; *) CMU+=(-f "$t") ;; esac
done
SHIPPED=(-t traces)
exec 3>&1 >"$OUT/tables.md"

# avg CSV [allocator]: "0.9717 (11/11)" = mean util of valid rows, valid/all
avg() {
    awk -F, -v who="${2:-}" 'NR > 1 && (who == "" || $1 == who) {
        n++; if ($3 == 1) { v++; s += $4 } }
        END { if (n == 0) print "-"; else if (v == 0) printf "- (0/%d)", n;
              else if (v == n) printf "%.4f", s / v;
              else printf "%.4f (%d/%d valid)", s / v, v, n }' "$1"
}
# kops CSV allocator: total ops / total seconds of the valid timed rows
kops() {
    awk -F, -v who="$2" 'NR > 1 && $1 == who && $3 == 1 && $6 != "" {
        ops += $5; secs += $6 } END { if (secs > 0) printf "%.0f", ops / secs / 1000; else print "-" }' "$1"
}

# run NAME SET ARGS...: util-only replay into $OUT/NAME-SET.csv
run() {
    local name=$1 set=$2; shift 2
    ./mdriver-"$name" --check-only --csv "$OUT/$name-$set.csv" "$@" >/dev/null 2>&1
}

echo "### Utilization by variant and trace set (average over the set's traces)"
echo
echo "| variant | classic 11 | MIT 6.172 | CMU 2016+ | traces/ | classic Kops/s | libc Kops/s |"
echo "|---|---|---|---|---|---|---|"
for v in $VARIANTS default-a16; do
    run "$v" classic "${CLASSIC[@]}"
    run "$v" mit "${MIT[@]}"
    run "$v" cmu "${CMU[@]}"
    run "$v" shipped "${SHIPPED[@]}"
    ./mdriver-"$v" -l --csv "$OUT/$v-thru.csv" "${CLASSIC[@]}" >/dev/null 2>&1
    echo "| $v | $(avg "$OUT/$v-classic.csv") | $(avg "$OUT/$v-mit.csv") | $(avg "$OUT/$v-cmu.csv") | $(avg "$OUT/$v-shipped.csv") | $(kops "$OUT/$v-thru.csv" "$v") | $(kops "$OUT/$v-thru.csv" libc) |"
done
echo
echo "(default-a16: the default built with ALIGNMENT=16. Kops/s: one run of"
echo "\`./mdriver-NAME -l\` on the classic set, the variant and glibc timed in"
echo "the same run; the machine is shared, so single runs vary.)"
echo

echo "### The default, trace by trace"
echo
echo "| classic trace | util | MIT trace | util | CMU trace | util |"
echo "|---|---|---|---|---|---|"
awk -F, 'FNR == 1 { f++; next }
    { name[f, FNR - 1] = $2; util[f, FNR - 1] = sprintf("%.4f", $4); if (FNR - 1 > rows) rows = FNR - 1 }
    END { for (r = 1; r <= rows; r++) {
              line = "|";
              for (i = 1; i <= 3; i++) line = line " " name[i, r] " | " util[i, r] " |";
              print line } }' \
    "$OUT/default-classic.csv" "$OUT/default-mit.csv" "$OUT/default-cmu.csv"
echo

echo "### The default on this repository's traces/, beside the alignment-only bound"
echo
echo "| trace | util | bound (alignment alone) | util / bound |"
echo "|---|---|---|---|"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    { u = $col["util"]; b = $col["bound"];
      printf "| %s | %.4f | %.4f | %.3f |\n", $col["trace"], u, b, (b > 0 ? u / b : 0) }' \
    "$OUT/default-shipped.csv"
echo

echo "### Throughput against the C library, classic set, three runs"
echo
echo "| run | default Kops/s | glibc Kops/s | ratio |"
echo "|---|---|---|---|"
for i in 1 2 3; do
    ./mdriver-default -l --csv "$OUT/thru$i.csv" "${CLASSIC[@]}" >/dev/null 2>&1
    a=$(kops "$OUT/thru$i.csv" default) b=$(kops "$OUT/thru$i.csv" libc)
    echo "| $i | $a | $b | $(awk -v a="$a" -v b="$b" 'BEGIN { if (b > 0) printf "%.2fx", a / b }') |"
done
echo

nsop() { # CSV allocator
    awk -F, -v who="$2" 'NR > 1 && $1 == who && $3 == 1 && $6 != "" {
        printf "%.1f", $6 / $5 * 1e9; found = 1 } END { if (!found) printf "-" }' "$1"
}
# Every scaling figure is the median of REPEATS runs of the driver (one
# run's figure is already the median of its TIMED_REPLAYS samples; a run
# can still fall on a moment when the shared machine is slow).
REPEATS=3
# timed BASE DRIVER ARGS...: REPEATS runs of DRIVER into BASE-1.csv ...
timed() {
    local base=$1 bin=$2 i
    shift 2
    for i in $(seq $REPEATS); do "$bin" --csv "$base-$i.csv" "$@" >/dev/null 2>&1; done
}
# med BASE ALLOCATOR: the median ns/op of ALLOCATOR over those runs, or -
med() {
    local i
    for i in $(seq $REPEATS); do nsop "$1-$i.csv" "$2"; echo; done | sort -n |
        awk '{ v[NR] = $1 } $1 == "-" { bad = 1 }
             END { if (bad || NR == 0) printf "-"; else printf "%s", v[int((NR + 1) / 2)] }'
}
# The two scaling families of tools/gentrace: young (a churn of 1000 young
# blocks beside N long-lived ones: a churn op touches only young blocks,
# whatever N is) and scale (frees at random over all N live blocks: cache- and
# TLB-bound at large N, for every allocator).
for pat in young scale; do
    if [ $pat = young ]; then
        echo "### Scaling, allocator's own cost: time per operation against long-lived blocks (tools/gentrace -p young)"
    else
        echo "### Scaling, memory-bound: time per operation against live blocks freed at random (tools/gentrace -p scale)"
    fi
    echo
    echo "| live blocks | default ns/op | tlsf ns/op | seglist-best ns/op | explicit-lifo ns/op | implicit-first ns/op | glibc ns/op |"
    echo "|---|---|---|---|---|---|---|"
    for live in 1000 10000 100000 1000000; do
        tools/gentrace -p $pat -s 1 -l $live -o "$OUT/$pat-$live.rep" || exit 1
        row="| $live"
        for v in default tlsf seglist-best explicit-lifo implicit-first; do
            # the walks: quadratic replays past 10,000 blocks
            if [ "$v" = implicit-first ] || { [ "$v" = explicit-lifo ] && [ $pat = scale ]; }; then
                [ $live -gt 10000 ] && { row="$row | (too slow)"; continue; }
            fi
            timed "$OUT/s-$v-$pat-$live" ./mdriver-"$v" -l -f "$OUT/$pat-$live.rep"
            row="$row | $(med "$OUT/s-$v-$pat-$live" "$v")"
        done
        echo "$row | $(med "$OUT/s-default-$pat-$live" libc) |"
        rm -f "$OUT/$pat-$live.rep"
    done
    echo
done

# The same blocks in two orders: N mallocs of 24 bytes (a slot of a run)
# and 100 bytes (a block), alternating or in random order, then N frees in
# allocation order. Same sizes, same heap; only the order differs, so a
# difference is the cost of not knowing which path the next request takes.
echo "### Scaling, request order: slot and block requests alternating or in random order"
echo
echo "| live blocks | order | default ns/op | default, MM_SMALL=0 ns/op | glibc ns/op |"
echo "|---|---|---|---|---|"
for live in 1000 100000 1000000; do
    for order in alternating random; do
        awk -v n=$live -v order=$order 'BEGIN {
            srand(7); print 0; print n; print 2 * n; print 1
            for (i = 0; i < n; i++) size[i] = i % 2 ? 24 : 100
            if (order == "random")      # the same sizes, shuffled
                for (i = n - 1; i > 0; i--) {
                    j = int(rand() * (i + 1)); t = size[i]; size[i] = size[j]; size[j] = t
                }
            for (i = 0; i < n; i++) printf "a %d %d\n", i, size[i]
            for (i = 0; i < n; i++) printf "f %d\n", i }' >"$OUT/order.rep"
        timed "$OUT/o1" ./mdriver-default -l -f "$OUT/order.rep"
        timed "$OUT/o0" ./mdriver-default-nosmall -f "$OUT/order.rep"
        echo "| $live | $order | $(med "$OUT/o1" default) | $(med "$OUT/o0" default-nosmall) | $(med "$OUT/o1" libc) |"
    done
done
rm -f "$OUT/order.rep"
echo

exec >&3
cat "$OUT/tables.md"
