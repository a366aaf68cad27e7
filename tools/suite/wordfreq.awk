# wordfreq.awk - word and bigram counts, then the 200 most frequent words
# with their contexts (associative arrays, string building). Input: text.txt.
{
    for (i = 1; i <= NF; i++) {
        count[$i]++
        if (i > 1) pair[$(i - 1) " " $i]++
        if (length(ctx[$i]) < 200) ctx[$i] = ctx[$i] " " NR
    }
}
END {
    n = 0
    for (w in count) { words[++n] = w }
    # insertion into a sorted list by count, top 200
    top = 0
    for (k = 1; k <= n; k++) {
        w = words[k]
        if (top < 200 || count[w] > count[best[top]]) {
            if (top < 200) top++
            j = top
            while (j > 1 && count[best[j - 1]] < count[w]) { best[j] = best[j - 1]; j-- }
            best[j] = w
        }
    }
    for (j = 1; j <= top; j++) printf "%s %d%s\n", best[j], count[best[j]], substr(ctx[best[j]], 1, 40)
    np = 0
    for (p in pair) if (pair[p] > 20) np++
    print np, "frequent pairs"
}
