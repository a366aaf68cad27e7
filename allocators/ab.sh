#!/usr/bin/env bash
# allocators/ab.sh - is one build of an allocator faster than another? An
# A/B on the wall clock, for a change that must show itself in time.
#
#   allocators/ab.sh [--rounds N] BASE DRIVER... [-- TRACE...]
#
# BASE and each DRIVER are mdriver binaries (make OUT=/tmp/a BUILD=/tmp/ba,
# one per build). Each round replays every trace once with each driver in
# turn (--ref none: the allocator timed alone, the driver's own median of
# its timed replays), so that the machine's load falls on all of them
# alike; a trace's time is its fastest over the rounds (default 3). For
# each DRIVER it prints the geometric mean over the traces of BASE's time
# over the driver's (above 1: the driver is faster), and its worst and
# best trace. Two copies of one binary give 1.00 within about 0.01 at 5
# rounds on a quiet 2-core machine, with single traces off by up to 6%.
#
# Traces: those after --, else traces/*.rep, the CMU set without
# syn-giant* and syn-largemem*, and the MIT set, from ANCHOR_TRACES
# (default ../shared/anchor-traces; without it, traces/ alone).
set -u
cd "$(dirname "$0")/.." || exit 2
rounds=3
if [ "${1:-}" = --rounds ]; then rounds=${2:-}; shift 2; fi
case $rounds in '' | *[!0-9]* | 0) echo "ab.sh: --rounds takes a positive count" >&2; exit 2 ;; esac
drivers=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do drivers+=("$1"); shift; done
[ "${1:-}" = -- ] && shift
if [ ${#drivers[@]} -lt 2 ]; then
    echo "usage: allocators/ab.sh [--rounds N] BASE DRIVER... [-- TRACE...]" >&2
    exit 2
fi
for d in "${drivers[@]}"; do
    [ -x "$d" ] || { echo "ab.sh: $d is not an executable driver" >&2; exit 2; }
done

traces=("$@")
if [ ${#traces[@]} -eq 0 ]; then
    traces=(traces/*.rep)
    anchor=${ANCHOR_TRACES:-../shared/anchor-traces}
    if [ -d "$anchor/cmu15213" ] && [ -d "$anchor/mit6172/traces" ]; then
        for t in "$anchor"/cmu15213/*.rep; do
            case ${t##*/} in syn-giant* | syn-largemem*) ;; *) traces+=("$t") ;; esac
        done
        traces+=("$anchor"/mit6172/traces/trace_*)
    else
        echo "ab.sh: no anchor traces in $anchor (set ANCHOR_TRACES): traces/ alone" >&2
    fi
fi
args=()
for t in "${traces[@]}"; do args+=(-f "$t"); done

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
for r in $(seq "$rounds"); do
    for i in "${!drivers[@]}"; do
        "${drivers[$i]}" --ref none "${args[@]}" --csv "$tmp/$i.$r.csv" >/dev/null 2>&1
    done
done
# per driver and trace, the fastest secs of a valid timed replay
for i in "${!drivers[@]}"; do
    cat "$tmp/$i".*.csv 2>/dev/null | awk -F, -v i="$i" '
        $1 != "allocator" && $3 == 1 && $6 + 0 > 0 { if (!($2 in m) || $6 < m[$2]) m[$2] = $6 }
        END { for (t in m) print i, t, m[t] }'
done >"$tmp/min"
awk -v n=${#drivers[@]} -v names="${drivers[*]}" '
    { secs[$1, $2] = $3 }
    END {
        split(names, name, " ")
        for (i = 1; i < n; i++) {
            lg = 0; c = 0; worst = 1e9; best = 0
            for (k in secs) {
                split(k, part, SUBSEP)
                if (part[1] != 0 || !((i, part[2]) in secs)) continue
                r = secs[0, part[2]] / secs[i, part[2]]
                lg += log(r); c++
                if (r < worst) { worst = r; wt = part[2] }
                if (r > best) { best = r; bt = part[2] }
            }
            if (c == 0) { printf "%s: no trace timed by both\n", name[i + 1]; continue }
            printf "%s against %s: %.3fx (geometric mean over %d traces), worst %.2f %s, best %.2f %s\n",
                   name[i + 1], name[1], exp(lg / c), c, worst, wt, best, bt
        }
    }' "$tmp/min"
