#!/usr/bin/env bash
# t-hard-valgrind.sh - the driver itself under valgrind (memcheck): no
# invalid reads or writes, no uninitialised values, no leaks from the driver
# (definite, indirect or possible), on a small, fast set of traces, in the
# normal run (timing included), with --check-only -c, on the exit paths of an
# unreadable trace and of a failing allocator, and with --csv/--series.
# The children the driver forks stay under valgrind (fork, no exec); they
# end with _exit, so what they still hold is "still reachable" and is not
# counted; --trace-children=yes also follows any exec.
# tier: full
source tests/lib.sh
source tests/hard-lib.sh

if ! command -v valgrind >/dev/null; then
    skip valgrind "valgrind is not installed (apt-get install valgrind)"
    exit 0
fi
if ! build_variants "$TMP" CFLAGS="-O1 -g" -- default naive; then
    fail valgrind-build "cannot build the drivers: $(grep -m2 error "$TMP/build.log")"
    exit 0
fi

mkdir -p "$TMP/small"
for f in "$ANCHOR_TRACES"/csapp/short1-bal.rep "$ANCHOR_TRACES"/csapp/short2-bal.rep; do
    [ -f "$f" ] && cp "$f" "$TMP/small/"
done
for s in 1 2 3; do
    "$TEST_BUILD/stress/stress-gen" $s --ops 150 --huge-max 300000 --max-total 4000000 >"$TMP/small/seed-$s.rep"
done
cp fuzz/corpus/valid-cmu.rep fuzz/corpus/valid-crlf.rep fuzz/corpus/valid-reuse.rep "$TMP/small/"
n=$(ls "$TMP/small" | wc -l)

VG=(valgrind -q --error-exitcode=99 --leak-check=full
    --errors-for-leak-kinds=definite,indirect,possible --trace-children=yes)

# vg NAME EXPECTED-EXIT DRIVER ARGS...
vg() {
    local name=$1 want=$2; shift 2
    local out rc
    out=$("${VG[@]}" "$@" 2>&1); rc=$?
    if [ $rc -eq "$want" ] && ! grep -q '^==[0-9]*== ' <<<"$out"; then
        pass "$name"
    else
        fail "$name" "exit $rc (want $want): $(grep -m6 -E '^==[0-9]+== +(at|by|[A-Z].*(lost|Invalid|uninit|Conditional))' <<<"$out" | tr -s ' ' | tr '\n' ' ')"
    fi
}

vg "valgrind-run ($n traces, timed)" 0 "$TMP/mdriver-default" -t "$TMP/small"
vg valgrind-check-only-csv-series 0 "$TMP/mdriver-default" --check-only -c -t "$TMP/small" \
   --csv "$TMP/out.csv" --series "$TMP"
vg valgrind-verbose-flags 0 "$TMP/mdriver-default" -v -V -g -l -s 0 -f "$TMP/small/seed-2.rep"
vg valgrind-help 0 "$TMP/mdriver-default" -h
vg valgrind-bad-option 2 "$TMP/mdriver-default" --no-such-option
vg valgrind-no-dir 2 "$TMP/mdriver-default" -t "$TMP/no-such-dir"
vg valgrind-unreadable-trace 1 "$TMP/mdriver-default" -f "$TMP/small/seed-1.rep" \
   -f fuzz/corpus/bad-double-free.rep
# A trace that needs more than MAX_HEAP: the failing-trace path of the report.
{ echo 1; echo 2; echo 3; echo 1; echo "a 0 100"; echo "a 1 2000000000"; echo "f 0"; } \
    >"$TMP/too-big.rep"
vg valgrind-failing-trace 1 "$TMP/mdriver-naive" --check-only -f "$TMP/too-big.rep" \
   -f "$TMP/small/seed-3.rep"
