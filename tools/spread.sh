#!/usr/bin/env bash
# tools/spread.sh - how well two back-to-back runs of the driver agree.
#
#   tools/spread.sh [DRIVER] [DIR]      (default ./mdriver traces)
#
# Runs the driver twice on DIR, then prints, for the lab's allocator and
# for the C library, the total throughput of each run, the change between
# the runs in the total and in the ratio to the C library, the median and
# largest change of a single trace's Kops, and, for the trace that moved
# most, how both allocators moved on it (together: the machine drifted).
set -euo pipefail
driver=${1:-./mdriver}
dir=${2:-traces}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for run in 1 2; do
    "$driver" -t "$dir" --csv "$tmp/run$run.csv" >/dev/null || true
done
awk -F, '
    FNR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; run++; next }
    $col["kops"] != "" {
        who = ($col["allocator"] == "libc" || $col["footprint_method"] !~ /simulated/) ? "libc" : "mm"
        kops[run, who, $col["trace"]] = $col["kops"]
        ops[run, who] += $col["ops"]; secs[run, who] += $col["secs"]
        traces[who, $col["trace"]] = 1
    }
    function abs(x) { return x < 0 ? -x : x }
    END {
        for (r = 1; r <= 2; r++)
            ratio[r] = (ops[r, "mm"] / secs[r, "mm"]) / (ops[r, "libc"] / secs[r, "libc"])
        printf "%-5s %12s %12s %8s %14s %14s\n", "", "run 1 Kops", "run 2 Kops", "total", "trace median", "trace max"
        for (w = 0; w < 2; w++) {
            who = w ? "libc" : "mm"
            n = 0
            for (k in traces) {
                split(k, part, SUBSEP)
                if (part[1] != who || !((1, who, part[2]) in kops) || !((2, who, part[2]) in kops)) continue
                a = kops[1, who, part[2]]; b = kops[2, who, part[2]]
                d[++n] = 100 * abs(b - a) / a
                if (n == 1 || d[n] > worst_d[who]) { worst_d[who] = d[n]; worst[who] = part[2] }
            }
            # insertion sort of the n per-trace changes
            for (i = 2; i <= n; i++) { x = d[i]; for (j = i - 1; j >= 1 && d[j] > x; j--) d[j + 1] = d[j]; d[j + 1] = x }
            t1 = ops[1, who] / secs[1, who] / 1000; t2 = ops[2, who] / secs[2, who] / 1000
            printf "%-5s %12.0f %12.0f %7.1f%% %13.1f%% %13.1f%%\n", who, t1, t2,
                   100 * abs(t2 - t1) / t1, d[int((n + 1) / 2)], d[n]
        }
        printf "ratio to libc: %.2f and %.2f (%.1f%% apart)\n", ratio[1], ratio[2],
               100 * abs(ratio[2] - ratio[1]) / ratio[1]
        # the trace that moved most, and how both allocators moved on it
        for (w = 0; w < 2; w++) {
            who = w ? "libc" : "mm"; t = worst[who]
            printf "%s moved most on %s: mm %+.1f%%, libc %+.1f%%\n", who, t,
                   change(t, "mm"), change(t, "libc")
        }
    }
    function change(t, who) {
        if (!((1, who, t) in kops) || !((2, who, t) in kops)) return 0
        return 100 * (kops[2, who, t] - kops[1, who, t]) / kops[1, who, t]
    }' "$tmp/run1.csv" "$tmp/run2.csv"
