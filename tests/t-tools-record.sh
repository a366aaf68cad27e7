#!/usr/bin/env bash
# t-tools-record.sh - the recorder (tools/record) on tests/fixtures/recprobe.c,
# a program whose own allocations are known exactly: calloc, realloc from
# NULL and to 0, the memalign family, a fork whose child leaves by _exit,
# an exec, two threads in a fixed order, two threads churning at once, and
# an _exit with blocks still live.
. tests/lib.sh

if [ ! -f "$TOOLS/librecord.so" ]; then
    fail tools-build "the tools were not built (tests/run builds them into $TOOLS)"
    exit 0
fi
pass tools-build

probe=$TMP/recprobe
if ! gcc -O0 -fno-builtin -Wall -Wextra -pthread -o "$probe" tests/fixtures/recprobe.c 2>"$TMP/cc.log"; then
    fail recprobe-build "$(head -n 3 "$TMP/cc.log" | tr '\n' ' ')"
    exit 0
fi

tools/record -a -o "$TMP/probe.rep" -- "$probe" >"$TMP/pids" 2>"$TMP/record.log"
rc=$?
if [ $rc -ne 0 ]; then
    fail record-run "exit status $rc: $(tail -n 3 "$TMP/record.log" | tr '\n' ' ')"
    exit 0
fi
pass record-run
read -r parent child execchild <"$TMP/pids"

canon() { awk -f tests/fixtures/canon.awk "$1"; }
same() { # NAME TRACE EXPECTED
    if [ ! -f "$2" ]; then
        fail "$1" "$2 was not written"
    elif canon "$2" | cmp -s - "$3"; then
        pass "$1"
    else
        fail "$1" "$(canon "$2" | diff "$3" - | head -n 6 | tr '\n' ' ')"
    fi
}
same record-main-process "$TMP/probe.rep" tests/fixtures/recprobe.parent.expected
same record-per-process-parent "$TMP/probe.$parent.rep" tests/fixtures/recprobe.parent.expected
same record-fork-child-_exit "$TMP/probe.$child.rep" tests/fixtures/recprobe.child.expected
same record-exec-child "$TMP/probe.$execchild-1.rep" tests/fixtures/recprobe.exec.expected

# The two churning threads: every call logged, in an order consistent with
# the addresses (no allocation at a live address, no free of an unknown one).
line=$(grep "pid $parent.0 " "$TMP/record.log")
if grep -q "dropped 0 frees, 0 reallocs .*; 0 allocations at a live address" <<<"$line"; then
    pass record-threads-consistent
else
    fail record-threads-consistent "$line"
fi
ops=$(sed -n 3p "$TMP/probe.rep")
# 2 threads x (20000 malloc + 20000 free + 2858 realloc + 32 free, less the
# first 32 free(NULL)) plus the main sequence: at least 85000.
if [ "$ops" -ge 85000 ] && [ "$(($(wc -l <"$TMP/probe.rep") - 4))" -eq "$ops" ]; then
    pass record-op-count
else
    fail record-op-count "header says $ops ops, file has $(($(wc -l <"$TMP/probe.rep") - 4)) lines"
fi

if [ -x "$(variant default)" ]; then
    if "$(variant default)" --check-only -f "$TMP/probe.rep" >"$TMP/md.log" 2>&1; then
        pass record-trace-valid
    else
        fail record-trace-valid "$(tail -n 3 "$TMP/md.log" | tr '\n' ' ')"
    fi
else
    skip record-trace-valid "$(variant default) is not built"
fi

# -n keeps the first N operations. The probe's threads interleave
# differently on every run, so the prefix is compared with the full
# conversion of the same recording's log (-k keeps it).
tools/record -n 100 -k "$TMP/nlogs" -o "$TMP/short.rep" -- "$probe" >/dev/null 2>&1
"$TOOLS/rec2rep" -q -o "$TMP/nfull.rep" "$TMP"/nlogs/* 2>/dev/null
if [ "$(sed -n 3p "$TMP/short.rep")" = 100 ] && [ "$(wc -l <"$TMP/short.rep")" -eq 104 ] &&
   cmp -s <(tail -n +5 "$TMP/short.rep") <(tail -n +5 "$TMP/nfull.rep" | head -n 100); then
    pass record-first-n
else
    fail record-first-n "header $(sed -n 3p "$TMP/short.rep"), $(wc -l <"$TMP/short.rep") lines, or not a prefix of the same log's full conversion"
fi

# The program's exit status is passed on; a recording with no log says so.
tools/record -o "$TMP/st.rep" -- sh -c 'exit 3' >/dev/null 2>&1
rc=$?
expect record-exit-status test "$rc" -eq 3

# A program killed by SIGKILL keeps what it logged (the log is a file mapping).
tools/record -o "$TMP/killed.rep" -- sh -c 'x=$(printf "%0500d" 0); kill -9 $$' >/dev/null 2>"$TMP/killed.log"
if [ -s "$TMP/killed.rep" ] && [ "$(sed -n 3p "$TMP/killed.rep")" -gt 0 ]; then
    pass record-sigkill-keeps-log
else
    fail record-sigkill-keeps-log "$(tail -n 2 "$TMP/killed.log" | tr '\n' ' ')"
fi

# rec2rep refuses what is not a recorder log, naming the file.
printf 'not a log at all, but long enough to hold a header of 64 bytes....\n' >"$TMP/junk.log"
if "$TOOLS/rec2rep" -o "$TMP/junk.rep" "$TMP/junk.log" 2>"$TMP/junk.err"; then
    fail rec2rep-rejects-junk "accepted"
elif grep -q "^$TMP/junk.log: not a recorder log" "$TMP/junk.err" && [ ! -e "$TMP/junk.rep" ]; then
    pass rec2rep-rejects-junk
else
    fail rec2rep-rejects-junk "$(cat "$TMP/junk.err")"
fi
exit 0
