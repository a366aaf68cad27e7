# plots/labels.awk - places the labels of the utilization/throughput
# picture so that none overlaps another label or a point: for each point
# in turn, the first of a ring of places around it (above, below, right,
# left, the corners, then farther out) whose box is free and inside the
# plot, else the place that overlaps least. Writes gnuplot `set label`
# commands.
#
# Input (comma separated, as summary.csv): kind,name,util,kops,...; the
# rows with a util and a kops are points (x = kops / 1000 on a log axis,
# y = 100 util). Variables: xmin, xmax (the x range, Mops/s), W, H (the plot
# area in pixels, about), CW, CH (a character's width and height, pixels),
# colour_variant, colour_production, steps (a file of kops,util corners of
# the Pareto front's line, which the labels keep off too; may be empty).
BEGIN { FS = ","; n = 0 }
FNR == 1 { next }
$3 != "" && $4 != "" {
    n++; kind[n] = $1; name[n] = $2; x[n] = $4 / 1000; y[n] = 100 * $3
    px[n] = (log(x[n]) - log(xmin)) / (log(xmax) - log(xmin)) * W
    py[n] = y[n] / 100 * H
}
function overlap(ax0, ay0, ax1, ay1, bx0, by0, bx1, by1,    w, h) {
    w = (ax1 < bx1 ? ax1 : bx1) - (ax0 > bx0 ? ax0 : bx0)
    h = (ay1 < by1 ? ay1 : by1) - (ay0 > by0 ? ay0 : by0)
    return (w > 0 && h > 0) ? w * h : 0
}
END {
    # the places, in character offsets and alignments, nearest first
    np = split("0,1,c 0,-1,c 1,0,l -1,0,r 1,1,l 1,-1,l -1,1,r -1,-1,r " \
               "0,2,c 0,-2,c 2,1.5,l 2,-1.5,l -2,1.5,r -2,-1.5,r 0,3,c 0,-3,c", place, " ")
    m = 0   # boxes taken: the points first
    for (i = 1; i <= n; i++) { m++; bx0[m] = px[i] - 5; bx1[m] = px[i] + 5; by0[m] = py[i] - 5; by1[m] = py[i] + 5 }
    # the front's segments, each a box 4 pixels thick
    c = 0
    while (steps != "" && (getline line < steps) > 0) {
        split(line, f, ",")
        c++; sx[c] = (log(f[1] / 1000) - log(xmin)) / (log(xmax) - log(xmin)) * W; sy[c] = f[2] * H
        if (c > 1) { m++
            bx0[m] = (sx[c] < sx[c - 1] ? sx[c] : sx[c - 1]) - 2; bx1[m] = (sx[c] > sx[c - 1] ? sx[c] : sx[c - 1]) + 2
            by0[m] = (sy[c] < sy[c - 1] ? sy[c] : sy[c - 1]) - 2; by1[m] = (sy[c] > sy[c - 1] ? sy[c] : sy[c - 1]) + 2 }
    }
    for (i = 1; i <= n; i++) {
        w = length(name[i]) * CW
        best = 0; best_cost = -1
        for (k = 1; k <= np; k++) {
            split(place[k], p, ",")
            cx = px[i] + p[1] * CW; cy = py[i] + p[2] * CH
            x0 = (p[3] == "c") ? cx - w / 2 : (p[3] == "l") ? cx : cx - w
            x1 = x0 + w; y0 = cy - CH / 2; y1 = cy + CH / 2
            cost = 0
            if (x0 < 0 || x1 > W || y0 < 0 || y1 > H) cost += 1e9
            for (j = 1; j <= m; j++) cost += overlap(x0, y0, x1, y1, bx0[j], by0[j], bx1[j], by1[j])
            if (best_cost < 0 || cost < best_cost) { best = k; best_cost = cost; sx0 = x0; sx1 = x1; sy0 = y0; sy1 = y1 }
            if (cost == 0) break
        }
        split(place[best], p, ",")
        m++; bx0[m] = sx0; bx1[m] = sx1; by0[m] = sy0; by1[m] = sy1
        printf "set label %d \"%s\" at first %g, first %g %s offset char %g,%g font \",9\" tc rgb \"%s\" front\n", \
            i, name[i], x[i], y[i], (p[3] == "c") ? "center" : (p[3] == "l") ? "left" : "right", p[1], p[2], \
            kind[i] == "production" ? colour_production : colour_variant
    }
}
