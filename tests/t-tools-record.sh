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
"$TOOLS/rec2rep" -q -o "$TMP/nfull.rep" "$TMP"/nlogs/*.log 2>/dev/null
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

# Behind a wrapper script (in the manner of pyenv's shim: bash running
# shims/tinyprog3, which works a little, then execs bin/tinyprog3.11, whose
# 10 mallocs and 10 frees are the program's): the wrapper made the most
# calls, and a line says so and which -e takes the program; -e tinyprog3
# finds tinyprog3.11 by prefix; -e work.sh finds the bash running that
# script by its command line; a name nothing ran lists each program once.
W=$TMP/wrap
mkdir -p "$W/bin" "$W/shims"
printf '#include <stdlib.h>\nint main(void) { for (int i = 0; i < 10; i++) free(malloc(16 + i)); return 0; }\n' >"$W/tiny.c"
if gcc -O0 -fno-builtin -o "$W/bin/tinyprog3.11" "$W/tiny.c" 2>"$TMP/cc.log"; then
    cat >"$W/shims/tinyprog3" <<'EOS'
#!/usr/bin/env bash
x=""; for i in $(seq 1 2000); do x="$x$i"; done
exec "$(dirname "$0")/../bin/tinyprog3.11" "$@"
EOS
    chmod +x "$W/shims/tinyprog3"
    tools/record -o "$W/a.rep" -- "$W/shims/tinyprog3" 2>"$W/a.err"
    if [ "$(sed -n 3p "$W/a.rep")" -gt 20 ] &&
       grep -Eq "^rec2rep: the most calls \([0-9]+\) were made by bash \(pid [0-9]+\) running $W/shims/tinyprog3, a wrapper script, not by the program it starts; -e tinyprog3 records tinyprog3.11 \(pid [0-9]+, 20 calls\)$" "$W/a.err"; then
        pass record-wrapper-said
    else
        fail record-wrapper-said "$(head -n 2 "$W/a.err" | tr '\n' '|')"
    fi
    tools/record -e tinyprog3 -o "$W/b.rep" -- "$W/shims/tinyprog3" 2>"$W/b.err"
    [ "$(sed -n 3p "$W/b.rep")" = 20 ] && [ "$(grep -c '^a ' "$W/b.rep")" = 10 ] &&
        ! grep -q "wrapper" "$W/b.err" && pass record-e-prefix \
        || fail record-e-prefix "$(sed -n 3p "$W/b.rep") ops: $(head -n 2 "$W/b.err" | tr '\n' '|')"
    printf '#!/bin/sh\n"%s" >/dev/null\nfor i in 1 2 3; do x=$(echo $i); done\n' "$W/bin/tinyprog3.11" >"$W/work.sh"
    tools/record -e work.sh -o "$W/c.rep" -- sh "$W/work.sh" 2>"$W/c.err"
    grep -Eq '^rec2rep: pid [0-9]+\.0 (dash|sh|bash) \(parent [0-9]+\)' "$W/c.err" && pass record-e-command-line \
        || fail record-e-command-line "$(head -n 2 "$W/c.err" | tr '\n' '|')"
    tools/record -e nosuch -o "$W/d.rep" -- "$W/shims/tinyprog3" 2>"$W/d.err"; rc=$?
    list=$(sed -n "s/^rec2rep: no process ran 'nosuch' (by its executable's name, a prefix of it, or an argument's); the programs logged were: //p" "$W/d.err")
    dups=$(tr ',' '\n' <<<"$list" | sed 's/ (.*//; s/^ //' | sort | uniq -d)
    [ $rc -eq 125 ] && grep -q 'bash ([0-9]* processes)' <<<"$list" && grep -q tinyprog3.11 <<<"$list" && [ -z "$dups" ] \
        && pass record-e-list-once || fail record-e-list-once "rc=$rc list '$list', repeated: '$dups'"
else
    fail record-wrapper-build "$(head -n 3 "$TMP/cc.log")"
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
