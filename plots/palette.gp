# palette.gp - sixteen distinguishable line colours (loaded by the scripts
# that draw one line or bar per variant; gnuplot's own cycle has eight).
array colours[16] = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", \
                     "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#ad494a", \
                     "#637939", "#e7ba52", "#7b4173", "#3182bd"]
do for [i=1:16] { set linetype i lc rgb colours[i] lw 2 pt (i % 13 + 1) ps 0.9 }
set linetype cycle 16
