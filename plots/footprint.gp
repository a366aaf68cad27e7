# footprint.gp - heap size and live payload after every op of one trace:
# the gap between a variant's heap curve and the live curve is its
# fragmentation and overhead at that moment.
# Reads series-V.dat (op live_bytes heap_bytes) for each V in variants.
# Variables: data, out, term, variants (space separated), trace.
set terminal @term
set output out
load "plots/palette.gp"
set title sprintf("Heap size and live payload over the ops of %s", trace) font ",12"
set xlabel "operation number"
set ylabel "bytes (KiB)"
set grid lc rgb "#dddddd"
set key outside right top vertical
set yrange [0:*]
plot for [i=1:words(variants)] data."/series-".word(variants,i).".dat" using 1:($3/1024) \
         with lines lt i title word(variants,i)." heap", \
     data."/series-".word(variants,1).".dat" using 1:($2/1024) with lines lw 2 dt 2 lc rgb "black" \
         title "live payload (requested bytes)"
