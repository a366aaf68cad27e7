#!/usr/bin/env bash
# t-harness-broken.sh - the validator against deliberately broken allocators
# (tests/broken/broken.c, one build per defect: make MM=... DEFS=-DBROKEN=...,
# the binary named after the defect in lower case with dashes): each must be rejected
# (exit 1) with a message naming the trace, the operation and what was wrong;
# after a crash or a hang the next trace of the same run must still be
# reported valid. The correct allocators (allocators/naive.c, mm.c) pass the
# same traces. Out of memory is reported as such, not as a wrong NULL.
# runs long
. tests/lib.sh

TR=tests/traces
# ops of basic.rep: 1 a0 24 (line 5), 2 a1 40, 3 a2 16, 4 f1, 5 a3 8, 6 r0 100,
# 7 f2, 8 f3, 9 f0 (line 13)

# Build the broken ones first, one after the other in one build directory,
# which keeps the driver's files (naive and mm are the variants naive and
# default). The defects are the BROKEN_* constants of broken.c:
# BROKEN_CRASH_SEGV -> crash-segv.
BROKEN_SRC=tests/broken/broken.c
ln -s "$(variant naive)" "$TMP/naive"
ln -s "$(variant default)" "$TMP/mm"
names=""
for d in $(sed -n 's/^#define BROKEN_\([A-Z0-9_]*\) .*/\1/p' "$BROKEN_SRC"); do
    names="$names $(tr 'A-Z_' 'a-z-' <<<"$d")"
done
knob() { echo "BROKEN_$(tr 'a-z-' 'A-Z_' <<<"$1")"; }
src() { case $1 in naive) echo allocators/naive.c ;; mm) echo mm.c ;; *) echo "$BROKEN_SRC -DBROKEN=$(knob "$1")" ;; esac; }
for n in $names; do
    # the broken ones build at -O0: twice as fast to compile, same verdicts;
    # NAME keeps the allocator's name in the driver's output as before
    build_driver "$TMP/$n" "$BROKEN_SRC" CFLAGS="-O0 -g" DEFS="-DBROKEN=$(knob "$n")" NAME="$n" \
        BUILD="$TMP/build-broken"
done

# rejected NAME ALLOCATOR PATTERN [mdriver args...]: the run must exit 1 and
# print a line matching the extended regex PATTERN.
rejected() {
    local name=$1 alloc=$2 pat=$3; shift 3
    rm -f "$TMP/out" "$TMP/err"
    if [ ! -x "$TMP/$alloc" ]; then
        fail "$name" "cannot build $(src "$alloc"): $(tail -n 3 "$TMP/build-$alloc.log")"
        return
    fi
    timeout 60 "$TMP/$alloc" "$@" >"$TMP/out" 2>"$TMP/err"
    local rc=$?
    if [ $rc -ne 1 ]; then
        fail "$name" "exit status $rc, want 1; output: $(tail -n 3 "$TMP/out" "$TMP/err" | head -c 500)"
    elif ! grep -Eq -- "$pat" "$TMP/out"; then
        fail "$name" "no line matching '$pat' in: $(grep -E ': (invalid|crashed|timeout|out of memory|not run): ' "$TMP/out" | head -c 500)"
    else
        pass "$name"
    fi
}

# valid_row NAME TRACE-NAME: the table of the last run shows TRACE-NAME valid.
valid_row() {
    if [ ! -s "$TMP/out" ]; then fail "$1" "no run to look at"; return; fi
    if grep -Eq "^$2 +yes " "$TMP/out"; then pass "$1"; else fail "$1" "$2 not valid after the failure: $(grep -E "^$2 " "$TMP/out")"; fi
}

HEX='0x[0-9a-f]+'
CO=--check-only

rejected broken-misaligned misaligned \
    "^$TR/basic.rep: invalid: op 2 \(line 6\): malloc\(40\) for block 1 returned $HEX, not aligned to 8 bytes$" $CO -f $TR/basic.rep

rejected broken-outside-heap outside-heap \
    "^$TR/basic.rep: invalid: op 3 \(line 7\): malloc\(16\) for block 2 returned \[$HEX, $HEX\), not inside the heap \[$HEX, $HEX\)$" $CO -f $TR/basic.rep

rejected broken-partial-overlap partial-overlap \
    "^$TR/basic.rep: invalid: op 2 \(line 6\): malloc\(40\) for block 1 returned \[$HEX, $HEX\), which overlaps live block 0 \[$HEX, $HEX\): 16 bytes, from byte 8 of block 0 \(malloc\(24\) at line 5\)$" $CO -f $TR/basic.rep

rejected broken-contains-live-block contains-live \
    "^$TR/basic.rep: invalid: op 2 \(line 6\): malloc\(40\) for block 1 returned \[$HEX, $HEX\), which overlaps live block 0 \[$HEX, $HEX\): 24 bytes, from byte 0 of block 0 \(malloc\(24\) at line 5\)$" $CO -f $TR/basic.rep

rejected broken-realloc-grows-over-neighbour realloc-grows-over-neighbour \
    "^$TR/basic.rep: invalid: op 6 \(line 10\): realloc\(100\) for block 0 returned \[$HEX, $HEX\), which overlaps live block 2 \[$HEX, $HEX\): 16 bytes, from byte 0 of block 2 \(malloc\(16\) at line 7\)$" $CO -f $TR/basic.rep

rejected broken-realloc-no-copy realloc-no-copy \
    "^$TR/basic.rep: invalid: op 6 \(line 10\): realloc\(100\) of block 0 \(was 24 bytes\) did not preserve its data: offset 0 expected 0x[0-9a-f]{2}, found 0x[0-9a-f]{2}$" $CO -f $TR/basic.rep

rejected broken-realloc-partial-copy realloc-partial-copy \
    "^$TR/basic.rep: invalid: op 6 \(line 10\): realloc\(100\) of block 0 \(was 24 bytes\) did not preserve its data: offset 12 expected" $CO -f $TR/basic.rep

# free(block 1) at op 4 corrupts block 2, found when block 2 is next used (op 7)
rejected broken-free-scribbles-neighbour free-scribbles-neighbour \
    "^$TR/basic.rep: invalid: op 7 \(line 11\): before free: block 2 \(16 bytes at $HEX\) lost its data at offset 0: expected" $CO -f $TR/basic.rep

# the 4th malloc (op 5) corrupts block 0, found when block 0 is next used (op 6)
rejected broken-malloc-scribbles malloc-scribbles \
    "^$TR/basic.rep: invalid: op 6 \(line 10\): before realloc: block 0 \(24 bytes at $HEX\) lost its data at offset 0: expected" $CO -f $TR/basic.rep

# ... and when the damaged block is never used again, at the end of the trace
# (keep.rep: four mallocs, no frees; the 4th corrupts block 0)
rejected broken-corruption-found-at-end malloc-scribbles \
    "^$TR/keep.rep: invalid: at the end of the trace: block 0 \(16 bytes at $HEX\) lost its data at offset 0: expected" $CO -f $TR/keep.rep

rejected broken-null-heap-not-full null-not-full \
    "^$TR/basic.rep: invalid: op 3 \(line 7\): malloc\(16\) for block 2 returned NULL, but the heap was not full" $CO -f $TR/basic.rep

rejected broken-init-fails init-fails \
    "^$TR/basic.rep: invalid: .*mm_init failed" $CO -f $TR/basic.rep

# mm_init failing on a trace with no operations: the message must not name
# an operation that does not exist (it read t->lines[0], uninitialized)
printf '20000\n0\n0\n1\n' >"$TMP/no-ops.rep"
rejected broken-init-fails-no-ops init-fails "^$TMP/no-ops.rep: invalid: .*mm_init failed" $CO -f "$TMP/no-ops.rep"
if grep -q "^$TMP/no-ops.rep: invalid: op 1 (line" "$TMP/out"; then
    fail broken-init-fails-no-ops-message "names an op of a trace with none: $(grep "^$TMP/no-ops.rep: " "$TMP/out")"
else
    pass broken-init-fails-no-ops-message
fi

rejected broken-heap-checker checker-fails \
    "^$TR/basic.rep: invalid: op 3 \(line 7\): the heap checker found 1 problem after this operation$" $CO -c -f $TR/basic.rep
grep -qF '[checker-fails output, basic.rep] checker: made-up problem after 3 mallocs' "$TMP/out" && pass broken-heap-checker-verbose-output \
    || fail broken-heap-checker-verbose-output "mm_checkheap(1) output not shown: $(head -c 300 "$TMP/out")"

# without -c the checker is not run: the same allocator passes
if [ -x "$TMP/checker-fails" ] && "$TMP/checker-fails" $CO -f $TR/basic.rep >"$TMP/out" 2>&1; then
    pass broken-checker-only-under-c
else
    fail broken-checker-only-under-c "checker-fails rejected without -c: $(tail -n 2 "$TMP/out")"
fi

# Crashes and hangs: the failure is reported with the signal/time limit and
# the op, and tiny.rep (2 mallocs only) still runs and is valid.
rejected broken-crash-segv crash-segv \
    "^$TR/basic.rep: crashed: SIGSEGV \(Segmentation fault\) in op 3 \(line 7\) of the correctness pass: malloc\(16\) for block 2\. Under a debugger: gdb --args [^ ]*crash-segv --no-fork -f $TR/basic.rep$" $CO -f $TR/basic.rep -f $TR/tiny.rep
valid_row broken-crash-segv-isolated tiny.rep

rejected broken-crash-abort crash-abort \
    "^$TR/basic.rep: crashed: SIGABRT \(Aborted\) in op 3 \(line 7\) of the correctness pass: malloc\(16\) for block 2\. Under a debugger: gdb --args [^ ]*crash-abort --no-fork -f $TR/basic.rep$" $CO -f $TR/basic.rep -f $TR/tiny.rep
valid_row broken-crash-abort-isolated tiny.rep

start=$(date +%s)
rejected broken-endless-loop endless-loop \
    "^$TR/basic.rep: timeout: did not finish within 1 s \(time limit, -s\): stopped in op 3 \(line 7\) of the correctness pass$" $CO -s 1 -f $TR/basic.rep -f $TR/tiny.rep
valid_row broken-endless-loop-isolated tiny.rep
took=$(( $(date +%s) - start ))
[ $took -le 10 ] && pass broken-endless-loop-stopped-promptly || fail broken-endless-loop-stopped-promptly "took $took s with -s 1"

# a crash in the timed replays (after a valid correctness pass), then the
# next trace is still timed and valid
rejected broken-crash-in-timing crash-in-timing \
    "^$TR/basic.rep: crashed: SIGSEGV \(Segmentation fault\) in timed replay [0-9]+\. Under a debugger: gdb --args [^ ]*crash-in-timing --no-fork -f $TR/basic.rep$" -f $TR/basic.rep -f $TR/tiny.rep
valid_row broken-crash-in-timing-isolated tiny.rep
if grep -Eq '^Perf index = 0 ' "$TMP/out"; then pass broken-crash-zero-index; else
    fail broken-crash-zero-index "$(grep 'Perf index' "$TMP/out")"; fi

# The correct allocators pass all these traces (and are timed).
for a in naive mm; do
    if [ ! -x "$TMP/$a" ]; then
        fail "broken-correct-$a" "cannot build $(src $a): $(tail -n 3 "$TMP/build-$a.log")"
        continue
    fi
    "$TMP/$a" -c -f $TR/basic.rep -f $TR/tiny.rep -f $TR/mit-write.rep -f $TR/util-two.rep -f $TR/keep.rep >"$TMP/out" 2>&1
    rc=$?
    if [ $rc -eq 0 ] && [ "$(grep -Ec '^[a-z0-9-]+\.rep +yes ' "$TMP/out")" -eq 5 ] && grep -q '^Perf index = ' "$TMP/out"; then
        pass "broken-correct-$a"
    else
        fail "broken-correct-$a" "rc=$rc: $(tail -n 4 "$TMP/out")"
    fi
done

# Out of memory: a request above MAX_HEAP (1 GiB by default) is "out of
# memory", not a wrong NULL, and the next trace still runs.
rejected broken-oom-naive naive \
    "^$TR/oom.rep: out of memory: op 1 \(line 5\): malloc\(2000000000\) for block 0 returned NULL after mem_sbrk refused to grow the heap" $CO -f $TR/oom.rep -f $TR/tiny.rep
valid_row broken-oom-naive-next-trace-runs tiny.rep
if grep -q 'returned NULL, but the heap was not full' "$TMP/out"; then
    fail broken-oom-not-wrong-null "reported as a wrong NULL"
else
    pass broken-oom-not-wrong-null
fi

# A request that could never fit (larger than MAX_HEAP) may be refused
# without asking mem_sbrk at all, as naive.c does for sizes near SIZE_MAX:
# that is out of memory too, not a wrong NULL.
printf '20000\n2\n2\n1\na 0 18446744073709551615\na 1 8\n' >"$TMP/huge.rep"
rejected broken-oom-size-max-naive naive \
    "^$TMP/huge.rep: out of memory: op 1 \(line 5\)" $CO -f "$TMP/huge.rep" -f $TR/tiny.rep
printf '20000\n1\n1\n1\na 0 58432548578713656\n' >"$TMP/giant.rep"
rejected broken-oom-giant-mm mm \
    "^$TMP/giant.rep: out of memory: op 1 \(line 5\)" $CO -f "$TMP/giant.rep" -f $TR/tiny.rep
valid_row broken-oom-giant-mm-next-trace-runs tiny.rep
