# plots/util-panels.awk - the data and the gnuplot commands of
# util-by-trace.png: one panel per family of variants (naive and the
# implicit lists; the explicit lists; the segregated fits, TLSF and the
# rest), a bar per variant and trace, and under a missing bar what
# happened: the variant failed the trace (invalid, out of memory,
# crashed) or did not finish it within UTIL_LIMIT (a timeout).
#
# Input: variants.tsv (the driver's CSV columns, tab separated: allocator,
# trace, valid, util, ..., status in column 8). Variables: data (where to
# write util-panel-P.dat), ul (UTIL_LIMIT, seconds). Prints the gnuplot
# commands to stdout; util-panel-P.dat holds, per bar: x, utilization (%)
# or NaN, the variant's number in its panel, what happened (0 valid,
# 1 failed, 2 timed out).
BEGIN { FS = "\t" }
FNR == 1 { next }
{
    v = $1; t = $2; sub(/\.rep$/, "", t)
    if (!(v in vi)) { vi[v] = ++nv; vname[nv] = v
        fam[nv] = v ~ /^(naive|textbook|implicit)/ ? 1 : v ~ /^explicit/ ? 2 : 3 }
    if (!(t in ti)) { ti[t] = ++nt; tname[nt] = t }
    ok = $3 == 1 && $4 != ""
    util[vi[v], ti[t]] = ok ? 100 * $4 : "NaN"
    what[vi[v], ti[t]] = ok ? 0 : ($8 == "timeout" ? 2 : 1)
}
END {
    split("naive and the implicit lists|the explicit lists|segregated fits, TLSF and the rest", ftitle, "|")
    np = 0
    for (f = 1; f <= 3; f++) { k = 0
        for (i = 1; i <= nv; i++) if (fam[i] == f) member[f, ++k] = i
        count[f] = k; if (k > 0) np++ }
    xt = ""
    for (j = 1; j <= nt; j++) xt = xt sprintf("%s\"%s\" %d", j > 1 ? ", " : "", tname[j], j - 1)
    printf "set multiplot layout %d,1 title \"Utilization per trace (peak live payload / (heap + bytes kept outside it)); " \
           "no bar: x = the variant failed the trace, o = it did not finish within %s s (UTIL_LIMIT)\" " \
           "font \",12\"\n", np, ul
    printf "set xtics (%s) rotate by -35 font \",9\" nomirror\n", xt
    printf "set xrange [-0.6:%g]\n", nt - 0.4
    for (f = 1; f <= 3; f++) {
        k = count[f]
        if (k == 0) continue
        file = data "/util-panel-" f ".dat"
        bw = 0.84 / k
        printf "" > file
        for (j = 1; j <= nt; j++)
            for (m = 1; m <= k; m++) { i = member[f, m]
                printf "%g %s %d %d\n", j - 1 + (m - (k + 1) / 2) * bw, \
                    ((i, j) in util) ? util[i, j] : "NaN", m, ((i, j) in what) ? what[i, j] : 2 >> file }
        close(file)
        printf "set title \"%s\" font \",10\"\nset boxwidth %g\n", ftitle[f], bw * 0.92
        printf "plot "
        for (m = 1; m <= k; m++)
            printf "'%s' using ($3 == %d ? $1 : NaN):2 with boxes lt %d title \"%s\", \\\n     ", \
                file, m, member[f, m], vname[member[f, m]]
        printf "'%s' using ($4 == 1 ? $1 : NaN):(4) with points pt 2 ps 0.8 lw 2 lc rgb \"#d62728\" " \
               "title \"x failed\", \\\n     ", file
        printf "'%s' using ($4 == 2 ? $1 : NaN):(4) with points pt 6 ps 0.7 lc rgb \"#555555\" " \
               "title \"o timed out\"\n", file
    }
    print "unset multiplot"
}
