#!/usr/bin/env bash
# t-harness-hostile.sh - allocators that try to raise their own score
# (tests/hostile/, one cheat a file, the threat model of RELIABILITY.md
# "Grading untrusted files"): each defended cheat must be caught with its
# message, and an allocator's own output must never pass for the driver's.
# The rule checks (static tables, forbidden calls, the C library's heap)
# are t-harness-rules.sh's.
. tests/lib.sh

TR=tests/traces
H=tests/hostile
# ops of basic.rep: 1 a0 24 (line 5), 2 a1 40, 3 a2 16 (line 7), 4 f1, 5 a3 8,
# 6 r0 100, 7 f2, 8 f3, 9 f0 (line 13): 4 frees

# build NAME FILE [DEFS]: the driver around FILE, named NAME in its output
# (the label of its output is "[NAME output, TRACE] "), at -O0 like the broken ones.
build() {
    build_driver "$TMP/$1" "$2" CFLAGS="-O0 -g" DEFS="${3:-}" NAME="$1" BUILD="$TMP/build-hostile"
}
build timed_differs $H/timed_differs.c
build timed_differs_once $H/timed_differs.c -DONLY_INIT=40
build exits_early $H/exits_early.c
build exits_in_timing $H/exits_early.c -DIN_TIMING
build fake_table $H/fake_table.c
build writes_record $H/writes_record.c
build writes_record_line $H/writes_record.c -DFORGED_LINE
build writes_record_op $H/writes_record.c -DFORGED_OP
build shrinks_heap $H/shrinks_heap.c -DFREES=4
build shrinks_heap_negative $H/shrinks_heap.c "-DFREES=4 -DNEGATIVE"
build writes_driver $H/writes_driver.c
build forks $H/forks.c "-DPIDFILE='\"$TMP/forked.pid\"'"
build naive allocators/naive.c

# caught NAME DRIVER PATTERN [mdriver args...]: the run must exit 1 and
# print a line matching the extended regex PATTERN; tiny.rep, when the
# args run it after the hostile trace, must still be valid (its own
# process is not touched by what the trace before did).
caught() {
    local name=$1 drv=$2 pat=$3; shift 3
    if [ ! -x "$TMP/$drv" ]; then
        fail "$name" "cannot build: $(tail -n 3 "$TMP/build-$drv.log")"
        return
    fi
    timeout 120 "$TMP/$drv" "$@" >"$TMP/out" 2>"$TMP/err"
    local rc=$?
    if [ $rc -ne 1 ]; then
        fail "$name" "exit status $rc, want 1: $(tail -n 3 "$TMP/out" "$TMP/err" | head -c 600)"
    elif ! grep -Eq -- "$pat" "$TMP/out"; then
        fail "$name" "no line matching '$pat' in: $(grep -E '^[^ ]+\.rep: ' "$TMP/out" | head -c 600)"
    elif [[ " $* " == *" $TR/tiny.rep "* ]] && ! grep -Eq '^tiny\.rep +yes ' "$TMP/out"; then
        fail "$name" "tiny.rep, after it, not valid: $(grep -E '^tiny\.rep ' "$TMP/out")"
    else
        pass "$name"
    fi
}

# Answers that differ when timed: named at the op when a replay run again
# differs too, else the replay and sample that differed are named.
HEX='0x[0-9a-f]+'
caught hostile-timed-differs timed_differs \
    "^$TR/basic.rep: differs when timed: the timed replays' answers differ from the validated pass's \(the warm-up replay gave other blocks\); replayed once more: op 3 \(line 7\): malloc\(16\) for block 2 returned heap offset $HEX, the validated pass got $HEX$" \
    -f $TR/basic.rep -f $TR/tiny.rep
caught hostile-timed-differs-once timed_differs_once \
    "^$TR/basic.rep: differs when timed: .*\(replay [0-9]+ of timed sample [0-9]+ gave other blocks\); replayed once more to find where, it gave the validated answers$" \
    -f $TR/basic.rep -f $TR/tiny.rep
# --json names the class
if [ -x "$TMP/timed_differs" ] &&
   "$TMP/timed_differs" -f $TR/basic.rep --json "$TMP/td.json" >/dev/null 2>&1;
   [ $? -eq 1 ] && grep -q '"failure": {"class": "differs when timed"' "$TMP/td.json"; then
    pass hostile-timed-differs-json
else
    fail hostile-timed-differs-json "no failure class 'differs when timed': $(head -c 400 "$TMP/td.json" 2>/dev/null)"
fi
# the honest allocators' timed replays agree with their correctness pass
for drv in "$TMP/naive" "$(variant default)"; do
    "$drv" --ref none -f $TR/basic.rep -f $TR/mit-write.rep -f $TR/util-two.rep -f $TR/keep.rep \
        >"$TMP/out" 2>&1
    if [ "$(grep -Ec '^[a-z0-9-]+\.rep +yes ' "$TMP/out")" -eq 4 ]; then
        pass "hostile-honest-$(basename "$drv")"
    else
        fail "hostile-honest-$(basename "$drv")" "$(grep -E '^[^ ]+\.rep: ' "$TMP/out" | head -c 400)"
    fi
done

# Exiting early with status 0, in the correctness pass or a timed replay.
caught hostile-exit-in-correctness-pass exits_early \
    "^$TR/basic.rep: crashed: the process exited with status 0 in op 3 \(line 7\) of the correctness pass$" \
    -f $TR/basic.rep -f $TR/tiny.rep
caught hostile-exit-in-timing exits_in_timing \
    "^$TR/basic.rep: crashed: the process exited with status 0 in timed replay 0$" -f $TR/basic.rep

# Writing the result record the trace's process reports.
caught hostile-writes-record writes_record \
    "^$TR/basic.rep: bad result: the result reported by the trace's process does not fit the trace \(the allocator runs in that process and can write it\): its peak live payload is 1 bytes, the trace's is 124$" \
    -f $TR/basic.rep
caught hostile-writes-record-op writes_record_op \
    "^$TR/basic.rep: bad result: .*: it failed in op 1000000 of a trace of 9$" -f $TR/basic.rep --json "$TMP/wr.json"
caught hostile-writes-record-line writes_record_line \
    "^$TR/basic.rep: invalid: made up\?FORGED: " -f $TR/basic.rep
if grep -q '^FORGED' "$TMP/out" "$TMP/err"; then
    fail hostile-writes-record-one-line "a line of the forged message printed as a line of its own"
else
    pass hostile-writes-record-one-line
fi

# Shrinking the heap at the end (mem_reset_brk, or mem_sbrk of a negative
# size): the utilization is the peak live payload over the heap's largest
# size, 124 / 232 bytes for naive.c on basic.rep, as without the trick.
for drv in shrinks_heap shrinks_heap_negative naive; do
    [ -x "$TMP/$drv" ] && "$TMP/$drv" --check-only -f $TR/basic.rep --csv "$TMP/$drv.csv" >/dev/null 2>&1
    if [ -s "$TMP/$drv.csv" ] && awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
                { exit !($col["peak_live"] == 124 && $col["heap_size"] == 232) }' "$TMP/$drv.csv"; then
        pass "hostile-heap-size-$drv"
    else
        fail "hostile-heap-size-$drv" "$(cat "$TMP/$drv.csv" 2>/dev/null | head -c 400)"
    fi
done

# A process the allocator started and left running ends with the trace.
# (Exit statuses 0 and 1 alike here and below: the rules' findings may
# fail a run whose traces are valid; the rows tell.)
[ -x "$TMP/forks" ] && "$TMP/forks" --check-only -f $TR/basic.rep >"$TMP/out" 2>&1
if grep -Eq '^basic\.rep +yes ' "$TMP/out" && [ -s "$TMP/forked.pid" ]; then
    sleep 0.2
    pid=$(cat "$TMP/forked.pid")
    # gone, or a zombie that init has not reaped yet
    if grep -q '^State:.*[^Z] (' "/proc/$pid/status" 2>/dev/null; then
        fail hostile-forks "process $pid, started by the allocator, still runs after the driver ended"
        kill "$pid"
    else
        pass hostile-forks
    fi
else
    fail hostile-forks "$(tail -n 3 "$TMP/out" "$TMP/build-forks.log" 2>/dev/null)"
fi

# A fake results table, with a carriage return and terminal escapes, on
# stdout and stderr, and on the terminal: every line of it is labeled, no
# control byte gets through, and the driver's own table is there unlabeled.
if [ -x "$TMP/fake_table" ]; then
    "$TMP/fake_table" -f $TR/basic.rep >"$TMP/out" 2>"$TMP/err" </dev/null
    rc=$?
    L='[fake_table output, basic.rep] '
    unlabeled=$(grep -hE '100\.0/100|9000000|no newline' "$TMP/out" "$TMP/err" | grep -vF "$L")
    if [ $rc -gt 1 ]; then
        fail hostile-fake-table "exit status $rc: $(tail -n 3 "$TMP/out" "$TMP/err")"
    elif [ -n "$unlabeled" ]; then
        fail hostile-fake-table "unlabeled: $unlabeled"
    elif LC_ALL=C grep -q $'[\r\033]' "$TMP/out" "$TMP/err"; then
        fail hostile-fake-table "a carriage return or an escape got through"
    elif [ "$(grep -cF "$L" "$TMP/out")" -ne 3 ] || [ "$(grep -cF "$L" "$TMP/err")" -ne 1 ] ||
         ! grep -qxF "${L}no newline at the end: " "$TMP/out"; then
        fail hostile-fake-table "not every line relayed: $(cat "$TMP/out" "$TMP/err" | head -c 600)"
    elif ! grep -Eq '^basic\.rep +yes ' "$TMP/out" || ! grep -q '^Perf index = ' "$TMP/out" ||
         grep -q '^Perf index = .*= 100.0/100' "$TMP/out"; then
        fail hostile-fake-table "the driver's own table is missing: $(head -c 600 "$TMP/out")"
    else
        pass hostile-fake-table
    fi
else
    fail hostile-fake-table "cannot build: $(tail -n 3 "$TMP/build-fake_table.log")"
fi

# Writing the driver's stdout through /proc/PARENT/fd/1: the driver is not
# dumpable, so a process of the same user cannot open it. Run as an
# unprivileged user (nobody, when the tests run as root: root reaches every
# process), from a directory it can read, into a file it owns.
if [ ! -x "$TMP/writes_driver" ]; then
    fail hostile-writes-driver "cannot build: $(tail -n 3 "$TMP/build-writes_driver.log")"
elif [ "$(id -u)" -eq 0 ] && ! command -v setpriv >/dev/null; then
    skip hostile-writes-driver "running as root without setpriv to drop to an unprivileged user"
else
    as_user=()
    [ "$(id -u)" -eq 0 ] && as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    pub=$TMP/pub
    chmod 711 "$TMP" && mkdir -m 777 "$pub" && cp "$TMP/writes_driver" $TR/basic.rep "$pub/" &&
        chmod a+rx "$pub/writes_driver" "$pub/basic.rep"
    for sink in file pipe; do
        if [ $sink = file ]; then
            "${as_user[@]}" sh -c "cd '$pub' && ./writes_driver -f basic.rep >out 2>&1"
        else
            "${as_user[@]}" sh -c "cd '$pub' && ./writes_driver -f basic.rep 2>&1 | cat >out"
        fi
        if grep -q '^basic\.rep  *yes ' "$pub/out" && ! grep -q FORGED "$pub/out"; then
            pass "hostile-writes-driver-$sink"
        else
            fail "hostile-writes-driver-$sink" "$(head -c 400 "$pub/out")"
        fi
    done
fi
