# util-by-trace.gp - utilization of every trace, one bar per variant, one
# panel per family of variants; under a missing bar, why: x the variant
# failed the trace, o it did not finish in time.
# Reads util-by-trace-panels.gp and the util-panel-P.dat it plots, both
# written by plots/util-panels.awk (render.sh).
# Variables: data, out, term.
set terminal @term
set output out
load "plots/palette.gp"
set ylabel "utilization (%)"
set yrange [0:100]
set ytics 0,20,100
set grid ytics lc rgb "#dddddd"
set style fill solid 0.9 noborder
set key outside right top vertical font ",9"
set tmargin 2.5
load data."/util-by-trace-panels.gp"
