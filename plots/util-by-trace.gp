# util-by-trace.gp - utilization of every trace, one bar per variant.
# Reads util-matrix.dat (tab separated: trace, then one column per variant;
# "?" where the variant failed the trace), written by plots/collect.sh.
# Variables: data, out, term, nv (number of variants).
set terminal @term
set output out
load "plots/palette.gp"
set datafile separator "\t"
set datafile missing "?"
set title "Utilization per trace (peak live payload / heap size; a gap = trace failed)" font ",12"
set ylabel "utilization (%)"
set xlabel "trace"
set yrange [0:110]
set ytics 0,20,100
set grid ytics lc rgb "#dddddd"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.9 noborder
set boxwidth 0.9
set xtics rotate by -35 font ",9" nomirror
set key outside right top vertical
plot for [i=2:nv+1] data."/util-matrix.dat" using i:xtic(1) title columnheader(i)
