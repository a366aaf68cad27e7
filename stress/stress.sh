#!/usr/bin/env bash
# stress/stress.sh - differential random stress: random valid traces, one
# per seed (stress-gen), replayed through every driver given, each with the
# heap checker after every operation (-c) and the validator on
# (--check-only). Every driver must find every trace valid.
#
# Usage: stress/stress.sh [-n SEEDS] [-s FIRST] [-o OPS] [-H BYTES] [-m BYTES]
#                         [-b BATCH] [-j JOBS] [-g STRESS-GEN] [-k DIR] DRIVER...
#   -n  how many seeds (default 200), from -s FIRST (default 1)
#   -o  operations a trace, about (default 400)
#   -H  largest "huge" request (stress-gen --huge-max; default 4 MiB)
#   -m  cap on the bytes a trace requests in all (--max-total; default 128 MiB)
#   -b  traces per driver run (default 50); -j drivers run at once (default 2)
#   -k  keep the generated traces in DIR
# A failing seed is printed with the commands that replay it. Exits 0 when
# every driver found every trace valid, 1 otherwise, 2 on bad usage.
set -u
seeds=200 first=1 ops=400 batch=50 jobs=2 gen=build/stress/stress-gen keep=
huge=$((4 << 20)) total=$((128 << 20))
while getopts n:s:o:H:m:b:j:g:k: opt; do
    case $opt in
    n) seeds=$OPTARG ;; s) first=$OPTARG ;; o) ops=$OPTARG ;; b) batch=$OPTARG ;;
    H) huge=$OPTARG ;; m) total=$OPTARG ;;
    j) jobs=$OPTARG ;; g) gen=$OPTARG ;; k) keep=$OPTARG ;;
    *) exit 2 ;;
    esac
done
shift $((OPTIND - 1))
drivers=("$@")
if [ ${#drivers[@]} -eq 0 ] || [ ! -x "$gen" ]; then
    echo "usage: stress/stress.sh [-n SEEDS] [-s FIRST] [-o OPS] DRIVER... (needs $gen)" >&2
    exit 2
fi
for d in "${drivers[@]}"; do
    [ -x "$d" ] || { echo "stress: $d: no such driver" >&2; exit 2; }
done
genargs=(--ops "$ops" --huge-max "$huge" --max-total "$total")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

failed_seeds=0 total_ops=0 start=$(date +%s)
last=$((first + seeds - 1))

# run_one DRIVER DIR OUT: one driver over one batch directory.
run_one() {
    "$1" --check-only -c -s 120 -t "$2" >"$3" 2>&1
    echo $? >"$3.rc"
}

for ((b = first; b <= last; b += batch)); do
    e=$((b + batch - 1)); [ $e -gt $last ] && e=$last
    dir=$work/batch-$b
    mkdir -p "$dir"
    for ((s = b; s <= e; s++)); do
        if ! "$gen" "$s" "${genargs[@]}" >"$dir/seed-$s.rep"; then
            echo "stress: stress-gen failed on seed $s" >&2
            exit 2
        fi
    done
    total_ops=$((total_ops + $(cat "$dir"/*.rep | grep -c '^[afrw] ')))
    n=$((e - b + 1))
    # The drivers, $jobs at a time.
    i=0
    for d in "${drivers[@]}"; do
        run_one "$d" "$dir" "$work/out-$b-$i" &
        i=$((i + 1))
        if (( i % jobs == 0 )); then wait; fi
    done
    wait
    declare -A bad=()
    i=0
    for d in "${drivers[@]}"; do
        out=$work/out-$b-$i rc=$(cat "$work/out-$b-$i.rc")
        i=$((i + 1))
        valid=$(grep -cE '^seed-[0-9]+\.rep +yes ' "$out")
        if [ "$rc" -eq 0 ] && [ "$valid" -eq "$n" ]; then
            continue
        fi
        if [ "$rc" -eq 2 ]; then
            echo "stress: $d could not read the traces of seeds $b..$e (a stress-gen bug?):"
            head -n 5 "$out" | sed 's/^/  /'
        fi
        # One line per failing trace: "DIR/seed-N.rep: status: message".
        while IFS= read -r line; do
            s=${line#"$dir"/seed-}; s=${s%%.rep:*}
            bad[$s]=1
            echo "stress: FAIL seed $s on $d: ${line#*.rep: }"
            echo "  replay: $gen $s ${genargs[*]} > seed-$s.rep && $d --check-only -c -f seed-$s.rep"
        done < <(grep -E "^$dir/seed-[0-9]+\.rep: " "$out")
        if [ "$rc" -ne 2 ] && ! grep -qE "^$dir/seed-[0-9]+\.rep: " "$out"; then
            echo "stress: FAIL seeds $b..$e on $d: exit status $rc, $valid of $n valid; last lines:"
            tail -n 5 "$out" | sed 's/^/  /'
            bad[$b]=1
        fi
    done
    failed_seeds=$((failed_seeds + ${#bad[@]}))
    if [ -n "$keep" ]; then mkdir -p "$keep" && cp "$dir"/*.rep "$keep"/; fi
    rm -rf "$dir"
    unset bad
done
echo "stress: seeds $first..$last ($seeds traces, $total_ops ops) through ${#drivers[@]} drivers" \
     "in $(( $(date +%s) - start )) s: $failed_seeds failing seed(s)"
[ $failed_seeds -eq 0 ]
