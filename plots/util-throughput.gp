# util-throughput.gp - utilization against throughput, one labelled point per
# allocator; the Pareto front of the lab's variants as a staircase line
# (below and left of it every allocator is beaten by a variant on it).
# Reads summary.csv (kind,name,util,kops,traces), pareto-steps.dat
# (kops,util: the staircase) and labels.gp (the labels, placed so that none
# overlaps: plots/labels.awk), written by plots/collect.sh and
# plots/render.sh.
# Variables: data (directory), out (file), term (terminal line), sub_text
# (second line of the title: which traces the means are over), xmin, xmax
# (the throughput axis, Mops/s).
set terminal @term
set output out
set datafile separator ","
set title "Utilization against throughput\n".sub_text font ",11"
set xlabel "throughput (million ops/s, log scale; total ops / total time)"
set ylabel "utilization (%): peak live / (heap + bytes outside it) (lab),\n peak live / peak footprint (production)"
set logscale x
set grid xtics ytics mxtics lc rgb "#dddddd"
set xrange [xmin:xmax]
set yrange [0:100]
set ytics 0,10,100
set key outside top center horizontal
set style line 1 pt 7 ps 1.3 lc rgb "#1f77b4"
set style line 2 pt 5 ps 1.3 lc rgb "#d62728"
set style line 3 lt 1 lw 2 lc rgb "#2ca02c"
isvar(k) = strcol(1) eq k
load data."/labels.gp"
plot data."/pareto-steps.dat" using ($1/1000):($2*100) \
         with lines ls 3 title "Pareto front of the lab variants", \
     data."/summary.csv" using (isvar("variant") ? $4/1000 : NaN):($3*100) \
         with points ls 1 title "lab variants", \
     "" using (isvar("production") ? $4/1000 : NaN):($3*100) \
         with points ls 2 title "production allocators (same traces, same run)"
