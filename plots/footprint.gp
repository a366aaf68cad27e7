# footprint.gp - heap size and live payload after every op of one trace:
# the gap between a variant's heap curve and the live curve is its
# fragmentation and overhead at that moment.
# Reads series-V.dat (op live_bytes heap_bytes) for each V in variants.
# Variables: data, out, term, variants (space separated), names (the key
# name of each: "a,b" when the heap curves of a and b coincide, drawn once),
# trace.
set terminal @term
set output out
load "plots/palette.gp"
set title sprintf("Heap size and live payload over the ops of %s", trace) font ",12"
set xlabel "operation number"
set ylabel "bytes (KiB)"
set grid lc rgb "#dddddd"
set key at screen 0.5, screen 0.01 center bottom vertical
set bmargin 7
set yrange [0:*]
title_of(i) = word(names, i).(strstrt(word(names, i), ",") > 0 ? " heap (the same curve)" : " heap")
plot for [i=1:words(variants)] data."/series-".word(variants,i).".dat" using 1:($3/1024) \
         with lines lt i title title_of(i), \
     data."/series-".word(variants,1).".dat" using 1:($2/1024) with lines lw 2 dt 2 lc rgb "black" \
         title "live payload (requested bytes)"
