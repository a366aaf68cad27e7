# scaling.gp - time per operation against the number of live blocks, on
# the scaling traces (tools/gentrace -p scale -l N), log-log.
# Reads scale.csv (variant,live_blocks,ops,secs,ns_per_op).
# Variables: data, out, term, variants (space separated), ref ("libc" when
# the C library, timed in the same runs, is drawn dashed; "" otherwise).
set terminal @term
set output out
load "plots/palette.gp"
set datafile separator ","
set title "Time per operation against live blocks (scaling traces)" font ",12"
set xlabel "live blocks (log scale)"
set ylabel "time per operation (ns, log scale)"
set logscale xy
set grid xtics ytics mxtics mytics lc rgb "#eeeeee"
set key outside right top vertical
set offsets graph 0.05, graph 0.05, 0, 0
plot for [i=1:words(variants)] data."/scale.csv" using (strcol(1) eq word(variants,i) ? $2 : NaN):5 \
         with linespoints lt i title word(variants,i), \
     for [r in ref] data."/scale.csv" using (strcol(1) eq r ? $2 : NaN):5 \
         with linespoints lw 2 pt 6 dt 2 lc rgb "black" title r." (C library)"
