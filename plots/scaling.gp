# scaling.gp - time per operation against the number of live blocks, on
# the two scaling families (tools/gentrace -p young|scale -l N), log-log,
# side by side with the same axes.
# Reads scale.csv (variant,pattern,live_blocks,ops,secs,ns_per_op).
# Variables: data, out, term, variants (space separated), ref ("libc" when
# the C library, timed in the same runs, is drawn dashed; "" otherwise).
set terminal @term
set output out
load "plots/palette.gp"
set datafile separator ","
set xlabel "live blocks (log scale)"
set ylabel "time per operation (ns, log scale)"
set logscale xy
set grid xtics ytics mxtics mytics lc rgb "#eeeeee"
set offsets graph 0.05, graph 0.05, 0, 0
stats data."/scale.csv" using 6 nooutput
set yrange [STATS_min / 1.5 : STATS_max * 1.5]
set multiplot layout 1, 2 title "Time per operation against live blocks" font ",12"
unset key
do for [p in "young scale"] {
    if (p eq "scale") { set key outside right top vertical }
    set title (p eq "young" ? "young blocks churn beside N long-lived ones (allocator's own cost)" \
                            : "frees at random over all N blocks (cache- and TLB-bound)") font ",10"
    plot for [i=1:words(variants)] data."/scale.csv" \
             using (strcol(1) eq word(variants,i) && strcol(2) eq p ? $3 : NaN):6 \
             with linespoints lt i title word(variants,i), \
         for [r in ref] data."/scale.csv" using (strcol(1) eq r && strcol(2) eq p ? $3 : NaN):6 \
             with linespoints lw 2 pt 6 dt 2 lc rgb "black" title r." (C library)"
}
unset multiplot
