#!/usr/bin/env bash
# allocators/speed.sh - the speed table: every variant against glibc,
# glibc-tuned, tcmalloc, jemalloc and mimalloc on the classic, MIT, CMU and
# traces/ sets, written to allocators/BENCH.md (see allocators/README.md,
# "The speed table").
#
#   allocators/speed.sh             every variant, every peer, 3 runs
#   allocators/speed.sh --quick     the default only, one run
#   options: --runs N, --variants "A B", --peers "P Q", --sets "S T",
#            --limit SECS (per trace, timed runs; default 60),
#            --check-limit SECS (per trace, the utilization pass; default 60),
#            --out FILE (default allocators/BENCH.md; - for stdout only)
#
# A cell is one peer on one set: the geometric mean over the set's traces
# of the variant's speed over the peer's (./mdriver-NAME --ref PEER, both
# timed in the same run; per trace the median over the runs), the traces
# the variant is faster on, and its slowest trace. Utilization comes from
# one --check-only pass. A trace that runs past its limit (the list-walking
# variants on large traces) is reported as a timeout and left out of the
# later runs of that variant (of its timed runs beside that peer, when it
# ran over in one). Trace sets: ANCHOR_TRACES (default
# ../shared/anchor-traces) csapp (the 11 classic -bal traces), mit6172,
# cmu15213 but syn-giant* and syn-largemem*; and traces/.
set -u
cd "$(dirname "$0")/.." || exit 2
ANCHOR_TRACES=${ANCHOR_TRACES:-../shared/anchor-traces}

RUNS=3 LIMIT=60 CHECK_LIMIT=60 OUTFILE=allocators/BENCH.md MODE=full
VARIANTS="" PEERS="libc libc-tuned tcmalloc jemalloc mimalloc" SETS="classic mit cmu shipped"
CMDLINE="allocators/speed.sh${*:+ $*}"
usage() { sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
    case $1 in
    --quick) MODE=quick RUNS=1 VARIANTS=default ;;
    --runs) RUNS=$2; shift ;;
    --variants) VARIANTS=$2 MODE=partial; shift ;;
    --peers) PEERS=$2 MODE=partial; shift ;;
    --sets) SETS=$2 MODE=partial; shift ;;
    --limit) LIMIT=$2; shift ;;
    --check-limit) CHECK_LIMIT=$2; shift ;;
    --out) OUTFILE=$2; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "speed.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
note() { echo "speed.sh: $*" >&2; }

# The drivers: one mdriver-NAME per variant. The only place that builds.
build_drivers() {
    make -s --no-print-directory variants >/dev/null
}

# set_files SET: the set's trace files, one a line (nothing when absent)
set_files() {
    local a=$ANCHOR_TRACES t
    case $1 in
    classic)
        for t in amptjp cccp cp-decl expr coalescing random random2 binary binary2 realloc realloc2; do
            [ -f "$a/csapp/$t-bal.rep" ] && echo "$a/csapp/$t-bal.rep"
        done ;;
    mit)  # the driver's rule for a directory without .rep files
        for t in "$a"/mit6172/traces/*; do
            case ${t##*/} in README* | *.txt | *.md) ;; *) [ -f "$t" ] && echo "$t" ;; esac
        done ;;
    cmu)
        for t in "$a"/cmu15213/*.rep; do
            case ${t##*/} in syn-giant* | syn-largemem*) ;; *) [ -f "$t" ] && echo "$t" ;; esac
        done ;;
    shipped) ls traces/*.rep 2>/dev/null ;;
    esac
}
set_label() {
    case $1 in classic) echo classic ;; mit) echo "MIT 6.172" ;; cmu) echo "CMU 2016+" ;;
    shipped) echo "traces/" ;; esac
}
peer_label() { case $1 in libc) echo glibc ;; libc-tuned) echo glibc-tuned ;; *) echo "$1" ;; esac; }

# drive CSV LIMIT FILELIST DRIVER-ARGS...: the driver on the listed traces
drive() {
    local csv=$1 limit=$2 list=$3 args=() t; shift 3
    while read -r t; do args+=(-f "$t"); done <"$list"
    [ ${#args[@]} -gt 0 ] || return 0
    "$@" -s "$limit" --csv "$csv" "${args[@]}" >"$csv.out" 2>&1
}

# drop_failed CSV LIST LAB: removes from LIST the traces the rows of CSV's
# allocator LAB failed, and appends them to LIST.failed as "trace status"
drop_failed() {
    local csv=$1 list=$2
    [ -f "$csv" ] || return 0
    awk -F, 'NR > 1 && $1 == lab && $3 != 1 { print $2 " " $8 }' lab="$3" "$csv" >>"$list.failed"
    awk -v failed="$list.failed" 'BEGIN { while ((getline l < failed) > 0) { split(l, f, " "); bad[f[1]] = 1 } }
        { n = $0; sub(/.*\//, "", n); if (!(n in bad)) print }' "$list" >"$list.tmp" && mv "$list.tmp" "$list"
}

# util CSV: mean utilization of the valid rows, everything counted (the
# util_all column: the bytes kept outside the heap too), with the failures
# noted
util_cell() {
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        { n++; if ($3 == 1) { v++; s += $col["util_all"] } else bad[$8]++ }
        END { if (v == 0) { printf "-"; exit }
              printf "%.4f", s / v
              for (k in bad) printf " (%d %s)", bad[k], k }' "$1"
}

# cell FILES...: the peer's cell from the runs' CSVs (driver rows: $1 = lab)
cell() {
    local lab=$1; shift
    awk -F, -v lab="$lab" '
        FNR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        $1 == lab && $3 == 1 && $col["ratio"] != "" {
            t = $2; sub(/\.rep$/, "", t)
            if (!(t in n)) order[++k] = t
            r[t, ++n[t]] = $col["ratio"] + 0 }
        END {
            if (k == 0) { printf "-"; exit }
            for (i = 1; i <= k; i++) { t = order[i]; m = n[t]
                for (a = 1; a <= m; a++) v[a] = r[t, a]
                for (a = 2; a <= m; a++) { x = v[a]; for (b = a - 1; b >= 1 && v[b] > x; b--) v[b + 1] = v[b]; v[b + 1] = x }
                med = m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
                logs += log(med); wins += med > 1
                if (worst == "" || med < wmed) { worst = t; wmed = med } }
            printf "%.2f, %d/%d, worst %s %.2f", exp(logs / k), wins, k, worst, wmed }' "$@"
}

build_drivers || { note "cannot build the variants"; exit 1; }
[ -n "$VARIANTS" ] || VARIANTS=$(make -s --no-print-directory list-variants)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
start=$(date +%s)

# Which peers this machine has: a peer the driver refuses is left out.
avail=()
for p in $PEERS; do
    set -- $VARIANTS
    if ./mdriver-"$1" --ref "$p" --check-only -f tests/traces/tiny.rep >"$W/probe" 2>&1; then
        avail+=("$p")
    else
        note "peer $p left out: $(tail -n 1 "$W/probe")"
        missing="${missing:-}$p ($(tail -n 1 "$W/probe" | sed 's/^mdriver: //')); "
    fi
done

rows=()
for v in $VARIANTS; do
    for s in $SETS; do
        list=$W/$v.$s.list
        set_files "$s" >"$list"
        ntr=$(wc -l <"$list")
        [ "$ntr" -gt 0 ] || { note "set $s: no traces (ANCHOR_TRACES=$ANCHOR_TRACES)"; continue; }
        note "$v on $s ($ntr traces)"
        : >"$list.failed"
        drive "$W/$v.$s.util.csv" "$CHECK_LIMIT" "$list" ./mdriver-"$v" --check-only
        drop_failed "$W/$v.$s.util.csv" "$list" "$v"
        # a trace that fails beside one peer is left out for that peer only
        for p in "${avail[@]}"; do cp "$list" "$list.$p"; : >"$list.$p.failed"; done
        for r in $(seq "$RUNS"); do
            for p in "${avail[@]}"; do
                drive "$W/$v.$s.$p.$r.csv" "$LIMIT" "$list.$p" ./mdriver-"$v" --ref "$p"
                drop_failed "$W/$v.$s.$p.$r.csv" "$list.$p" "$v"
            done
        done
        for p in "${avail[@]}"; do
            awk -v p="$(peer_label "$p")" '{ print $1, $2 " beside " p }' "$list.$p.failed" >>"$list.failed"
        done
        row="| $v | $(set_label "$s") $ntr | $(util_cell "$W/$v.$s.util.csv")"
        for p in "${avail[@]}"; do
            csvs=("$W/$v.$s.$p".*.csv)
            [ -f "${csvs[0]}" ] && row="$row | $(cell "$v" "${csvs[@]}")" || row="$row | -"
        done
        nfail=$(wc -l <"$list.failed")
        if [ "$nfail" -gt 0 ]; then
            row="$row | $(sort -u "$list.failed" | awk '{ sub(/\.rep$/, "", $1); printf "%s%s", (NR > 1 ? ", " : ""), $0 }') |"
        else
            row="$row | |"
        fi
        rows+=("$row")
    done
done
elapsed=$(( $(date +%s) - start ))

{
    echo "# Speed against production allocators"
    echo
    echo "Generated by \`$CMDLINE\` ($MODE mode: $RUNS run$([ "$RUNS" = 1 ] || echo s) a"
    echo "trace, per-trace limit ${LIMIT} s timed and ${CHECK_LIMIT} s for the utilization pass)"
    echo "on $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores,"
    echo "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(uname -sr),"
    echo "$(ldd --version 2>/dev/null | head -n 1 | sed 's/^ldd //'). It took ${elapsed} s; load average"
    echo "$load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end$(
        awk '{ if ($1 > 2.5) print ": the machine was shared with other jobs, so single figures are noisy; the same-run ratios cancel part of it" }' /proc/loadavg)."
    [ -n "${missing:-}" ] && echo "Peers left out: ${missing%; }."
    echo
    echo "Each peer's cell: the geometric mean over the set's traces of the"
    echo "allocator's speed over the peer's (Kops/s over Kops/s, both timed in the"
    echo "same driver run with \`--ref PEER\`; per trace the median over the runs),"
    echo "the traces it is faster on, and its slowest trace with its ratio."
    echo "util: mean utilization over the set's valid traces, everything counted:"
    echo "peak live payload / (heap + the bytes the allocator keeps outside the"
    echo "heap, its static data and what it takes from the C library; the driver's"
    echo "util_all). How to read it: allocators/README.md, \"The speed table\"."
    echo
    hdr="| variant | set | util"
    sep="|---|---|---"
    for p in "${avail[@]}"; do hdr="$hdr | $(peer_label "$p")"; sep="$sep|---"; done
    echo "$hdr | timeouts and failures |"
    echo "$sep|---|"
    printf '%s\n' "${rows[@]}"
} >"$W/bench.md"
cat "$W/bench.md"
[ "$OUTFILE" = - ] || cp "$W/bench.md" "$OUTFILE"
