#!/usr/bin/env bash
# plots/render.sh - draws the pictures from the CSV of collect.sh and
# compare.sh, with the gnuplot scripts in plots/, as PNG (pngcairo) and SVG,
# into PLOTS_OUT (default plots/):
#
#   util-throughput   utilization against throughput, Pareto front
#   util-by-trace     utilization per trace, grouped bars by variant
#   footprint         heap size and live payload over the ops of TRACE
#   scaling           time per op against live blocks, log-log
#   gaps              gaps between live payloads at the peak, by size
#
#   render.sh --check   only checks that gnuplot can draw PNG (exit 1 if not)
set -u
cd "$(dirname "$0")/.." || exit 2
. plots/lib.sh

check_gnuplot() {
    if ! command -v gnuplot >/dev/null 2>&1; then
        echo "plots: gnuplot is not installed; make plots needs it to draw the pictures." >&2
        echo "plots: install it with:  sudo apt-get install -y gnuplot-nox" >&2
        echo "plots: (make plots-data writes the CSV without it)" >&2
        exit 1
    fi
    if ! gnuplot -e 'set terminal pngcairo' >/dev/null 2>&1; then
        echo "plots: this gnuplot has no pngcairo terminal: install gnuplot-nox (Debian) or a gnuplot built with cairo" >&2
        exit 1
    fi
}
check_gnuplot
[ "${1:-}" = --check ] && exit 0

[ -s "$DATA/summary.csv" ] || die "no $DATA/summary.csv: run plots/collect.sh first (make plots)"

# draw NAME WIDTH HEIGHT [gnuplot -e assignments]: NAME.png and NAME.svg.
failed=0 drawn=""
note "pictures: drawing them from $DATA"
draw() {
    local name=$1 w=$2 h=$3 extra=${4:-}
    local ext term
    for ext in png svg; do
        if [ $ext = png ]; then term="pngcairo size $w,$h font 'sans,10' noenhanced"
        else term="svg size $w,$h font 'sans,10' noenhanced dynamic"; fi
        # The gaps picture uses 2^{k} labels: enhanced text there.
        [ "$name" = gaps ] && term=${term/noenhanced/enhanced}
        if ! gnuplot -e "data='$DATA'; out='$PLOTS_OUT/$name.$ext'; term=\"$term\"; $extra" \
                plots/$name.gp 2>"$DATA/gnuplot-$name.log"; then
            note "gnuplot failed on $name.$ext:"; sed 's/^/  /' "$DATA/gnuplot-$name.log" >&2
            failed=1
            return
        fi
    done
    drawn="$drawn $name"
}

read -r n_util n_time n_all < "$DATA/common-counts.txt" 2>/dev/null || n_util=? n_time=? n_all=?
# The throughput axis: the points' range and a margin on either side for
# the labels; the Pareto front as a staircase from the axis's left end
# (pareto.dat: kops,util,name by throughput, utilization falling) down to
# 0 at its fastest point; the labels placed apart (plots/labels.awk, for
# a plot area of about 790 x 460 pixels in the 900 x 620 picture).
read -r xmin xmax < <(awk -F, 'NR > 1 && $3 != "" && $4 > 0 { x = $4 / 1000
        if (lo == "" || x < lo) lo = x; if (x > hi) hi = x }
    END { if (lo == "") { lo = 1; hi = 10 } printf "%g %g\n", lo / 1.8, hi * 1.8 }' "$DATA/summary.csv")
awk -F, -v xmin="$xmin" '{ if (NR == 1) print xmin * 1000 "," $2; else print $1 "," prev
                           print $1 "," $2; prev = $2; last = $1 }
                         END { if (NR) print last ",0" }' "$DATA/pareto.dat" > "$DATA/pareto-steps.dat"
awk -v xmin="$xmin" -v xmax="$xmax" -v W=790 -v H=460 -v CW=6.5 -v CH=13 \
    -v colour_variant="#1f77b4" -v colour_production="#d62728" -v steps="$DATA/pareto-steps.dat" -f plots/labels.awk \
    "$DATA/summary.csv" > "$DATA/labels.gp"
draw util-throughput 900 620 "xmin=$xmin; xmax=$xmax; sub_text='(utilization: mean over the $n_util of $n_all traces all replay correctly; throughput: over the $n_time all time within TIME_LIMIT)'"

# One panel per family of variants (plots/util-panels.awk), 55 pixels a
# trace; the bars' data and the panels' commands in DATA.
csv2tsv "$DATA/variants.csv" | awk -v data="$DATA" -v ul="${UTIL_LIMIT:-?}" -f plots/util-panels.awk \
    > "$DATA/util-by-trace-panels.gp"
nt=$(( $(wc -l < "$DATA/util-matrix.dat") - 1 ))
np=$(grep -c '^plot ' "$DATA/util-by-trace-panels.gp")
width=$(( nt * 55 + 330 )); [ $width -lt 900 ] && width=900; [ $width -gt 2400 ] && width=2400
draw util-by-trace $width $(( np * 250 + 60 ))

# Variants whose heap curves coincide get one line, named by all of them
# (names joined by commas): a key entry for every curve one can see.
series="" names=""
for f in "$DATA"/series-*.dat; do
    [ -e "$f" ] || continue
    v=${f##*/series-}; v=${v%.dat}
    same=""
    for r in $series; do
        cmp -s <(awk '{ print $1, $3 }' "$f") <(awk '{ print $1, $3 }' "$DATA/series-$r.dat") && same=$r && break
    done
    if [ -z "$same" ]; then
        series="$series $v" names="$names $v"
    else
        names=$(awk -v r="$same" -v v="$v" '{ for (i = 1; i <= NF; i++) { w = $i; split(w, a, ",")
                    if (a[1] == r) w = w "," v; printf "%s%s", (i > 1 ? " " : ""), w } }' <<<"$names")
    fi
done
if [ -n "$series" ]; then
    draw footprint 900 550 "variants='$series'; names='$names'; trace='$(cat "$DATA/series-trace.txt")'"
else
    note "no series data: no footprint picture"; failed=1
fi

scaled=$(awk -F, 'NR > 1 && $1 != "libc" && !seen[$1]++ { printf "%s ", $1 }' "$DATA/scale.csv" 2>/dev/null)
ref=$(awk -F, '$1 == "libc" { print "libc"; exit }' "$DATA/scale.csv" 2>/dev/null)
if [ -n "$scaled" ]; then
    draw scaling 1400 550 "variants='$scaled'; ref='$ref'"
else
    note "no scaling data: no scaling picture"; failed=1
fi

if [ -s "$DATA/gaps.dat" ]; then
    read -r hv ht < "$DATA/gaps-title.txt"
    stats=$(awk 'NR == 1 { printf "peak at op %s: %.0f KiB live, %.0f KiB heap", $5, $7 / 1024, $9 / 1024 }' "$DATA/gaps.dat")
    draw gaps 900 550 "title_text='Gaps between live payloads at the peak of $ht, variant $hv'; sub_text='($stats)'"
else
    note "no gaps data: no histogram"; failed=1
fi
note "pictures: wrote$drawn (.png and .svg) into $PLOTS_OUT"
exit $failed
