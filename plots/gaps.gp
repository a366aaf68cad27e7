# gaps.gp - where the heap is not live payload at the peak of a trace: the
# bytes of the gaps between live payloads, by the gap's size class.
# Reads gaps.dat (class lo hi count bytes), from plots/peakgaps.
# Variables: data, out, term, title_text, sub_text (second title line).
set terminal @term
set output out
set title title_text."\n".sub_text font ",12"
set xlabel "gap size (bytes; class 2^k holds gaps of 2^k .. 2^{k+1}-1)"
set ylabel "bytes in gaps of that size (KiB)"
set style fill solid 0.8 border -1
set boxwidth 0.8
set grid ytics lc rgb "#dddddd"
set yrange [0:*]
set offsets 0.5, 0.5, graph 0.12, 0
set key top left
plot data."/gaps.dat" using 1:($5/1024):xtic(sprintf("2^{%d}", $1)) with boxes lc rgb "#ff7f0e" \
         title "bytes (number above the bar: how many gaps)", \
     "" using 1:($5/1024):(sprintf("%d", $4)) with labels offset char 0,0.7 font ",9" notitle
