# util-throughput.gp - utilization against throughput, one labelled point per
# allocator; the Pareto front of the lab's variants as a dashed line.
# Reads summary.csv (kind,name,util,kops,traces) and pareto.dat
# (kops,util,name), both written by plots/collect.sh.
# Variables: data (directory), out (file), term (terminal line), sub_text
# (second line of the title: which traces the means are over).
set terminal @term
set output out
set datafile separator ","
set title "Utilization against throughput\n".sub_text font ",11"
set xlabel "throughput (million ops/s, log scale; total ops / total time)"
set ylabel "utilization (%): peak live payload / heap (lab),\n peak live / peak footprint (production)"
set logscale x
set grid xtics ytics mxtics lc rgb "#dddddd"
set yrange [0:105]
set autoscale xfix
set offsets graph 0.12, graph 0.12, 0, 0
set key outside top center horizontal
set style line 1 pt 7 ps 1.3 lc rgb "#1f77b4"
set style line 2 pt 5 ps 1.3 lc rgb "#d62728"
set style line 3 lt 1 dt 2 lw 3 lc rgb "#2ca02c"
isvar(k) = strcol(1) eq k
# Labels alternate above and below their points, so close points stay legible.
side(row) = (int(row) % 2 == 0) ? 4 : -4
plot data."/pareto.dat" using ($1/1000):($2*100) \
         with lines ls 3 title "Pareto front of the lab variants", \
     data."/summary.csv" using (isvar("variant") ? $4/1000 : NaN):($3*100) \
         with points ls 1 title "lab variants", \
     "" using (isvar("variant") ? $4/1000 : NaN):($3*100 + side($0)):2 \
         with labels font ",9" tc rgb "#1f77b4" notitle, \
     "" using (isvar("production") ? $4/1000 : NaN):($3*100) \
         with points ls 2 title "production allocators (same traces, same run)", \
     "" using (isvar("production") ? $4/1000 : NaN):($3*100 + side($0)):2 \
         with labels font ",9" tc rgb "#d62728" notitle
