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
set yrange [0:*]
set offsets graph 0.12, graph 0.12, graph 0.08, 0
set autoscale xfix
set key outside top center horizontal
set style line 1 pt 7 ps 1.3 lc rgb "#1f77b4"
set style line 2 pt 5 ps 1.3 lc rgb "#d62728"
set style line 3 lt 1 dt 2 lw 3 lc rgb "#2ca02c"
isvar(k) = strcol(1) eq k
# Labels go round their points in turn (above, right, below, left), so
# close points stay legible.
at(k, r, q) = (isvar(k) && int(r) % 4 == q)
plot data."/pareto.dat" using ($1/1000):($2*100) \
         with lines ls 3 title "Pareto front of the lab variants", \
     data."/summary.csv" using (isvar("variant") ? $4/1000 : NaN):($3*100) \
         with points ls 1 title "lab variants", \
     for [q=0:2:2] "" using (at("variant", $0, q) ? $4/1000 : NaN):($3*100):2 \
         with labels offset char 0,(q == 0 ? 1 : -1) font ",9" tc rgb "#1f77b4" notitle, \
     "" using (at("variant", $0, 1) ? $4/1000 : NaN):($3*100):2 \
         with labels left offset char 1,0 font ",9" tc rgb "#1f77b4" notitle, \
     "" using (at("variant", $0, 3) ? $4/1000 : NaN):($3*100):2 \
         with labels right offset char -1,0 font ",9" tc rgb "#1f77b4" notitle, \
     "" using (isvar("production") ? $4/1000 : NaN):($3*100) \
         with points ls 2 title "production allocators (same traces, same run)", \
     "" using (isvar("production") ? $4/1000 : NaN):($3*100):2 \
         with labels offset char 0,-1 font ",9" tc rgb "#d62728" notitle
