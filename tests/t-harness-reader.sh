#!/usr/bin/env bash
# t-harness-reader.sh - the trace reader on every class of malformed input:
# `mdriver -f FILE --check-only` must exit 2, print exactly one message
# "FILE:LINE: what is wrong" (or "FILE: what is wrong") naming the right line,
# then the "nothing was run" line; never crash, hang or run anything.
# Also: a bad trace among good ones in -t DIR gets a row and the others run
# (exit 1); bad flags exit 2.
. tests/lib.sh

if [ ! -x "$(variant naive)" ]; then
    fail reader-build "no $(variant naive)"
    exit 0
fi
D=$(variant naive)
T="$TMP/t"
mkdir -p "$T"

# hdr IDS OPS: a classic header (heap size 20000, weight 1)
hdr() { printf '20000\n%s\n%s\n1\n' "$1" "$2"; }

# reject NAME FILE EXPECTED-FIRST-LINE [extra mdriver args...]
# The run must exit 2 within 10 s, print EXPECTED as its first stderr line,
# end with the "nothing was run" line and print nothing on stdout.
reject() {
    local name=$1 file=$2 want=$3; shift 3
    timeout 10 "$D" --check-only "$@" -f "$file" >"$T/out" 2>"$T/err"
    local rc=$?
    local first
    first=$(head -n 1 "$T/err")
    if [ $rc -ne 2 ]; then
        fail "$name" "exit status $rc, want 2 (stderr: $(head -c 300 "$T/err"))"
    elif [ "$first" != "$want" ]; then
        fail "$name" "message '$first', want '$want'"
    elif ! grep -qx 'mdriver: 1 trace file could not be read; nothing was run' "$T/err"; then
        fail "$name" "no 'nothing was run' line: $(head -c 300 "$T/err")"
    elif [ "$(wc -l <"$T/err")" -ne 2 ]; then
        fail "$name" "want exactly 2 stderr lines, got: $(head -c 300 "$T/err")"
    elif [ -s "$T/out" ]; then
        fail "$name" "something ran: $(head -c 200 "$T/out")"
    else
        pass "$name"
    fi
}

f=$T/empty.rep; : >"$f"
reject reader-empty-file "$f" "$f: empty file, not a trace"

f=$T/blank.rep; printf '\n\n  \n' >"$f"
reject reader-only-blank-lines "$f" "$f:3: file ends in the header (0 of 4 numbers)"

f=$T/trunc-header.rep; printf '20000\n6\n' >"$f"
reject reader-truncated-header "$f" "$f:2: file ends in the header (2 of 4 numbers)"

f=$T/trunc-body.rep; { hdr 2 3; printf 'a 0 8\na 1 8\n'; } >"$f"
reject reader-truncated-body "$f" "$f:6: file ends after 2 operations, but the header says 3 (truncated?)"

# a huge num_ops in the header with a short body: still a quick, clean message
f=$T/trunc-huge.rep; { hdr 2 4294967295; printf 'a 0 8\n'; } >"$f"
reject reader-truncated-huge-num-ops "$f" "$f:5: file ends after 1 operations, but the header says 4294967295 (truncated?)"

f=$T/too-many.rep; { hdr 2 2; printf 'a 0 8\na 1 8\nf 0\n'; } >"$f"
reject reader-more-ops-than-header "$f" "$f:7: more operations than the header's num_ops (2)"

f=$T/nonnum-size.rep; { hdr 2 1; printf 'a 0 12x\n'; } >"$f"
reject reader-non-numeric-size "$f" "$f:5: size '12x' is not a number"

f=$T/nonnum-id.rep; { hdr 2 1; printf 'a one 12\n'; } >"$f"
reject reader-non-numeric-id "$f" "$f:5: id 'one' is not a number"

f=$T/nonnum-header.rep; printf '20000\n2\nmany\n1\n' >"$f"
reject reader-non-numeric-header "$f" "$f:3: header field 3 (num_ops) 'many' is not a number"

f=$T/missing-size.rep; { hdr 4 1; printf 'a 3\n'; } >"$f"
reject reader-missing-size "$f" "$f:5: missing size"

f=$T/missing-id.rep; { hdr 4 2; printf 'a 0 8\nf\n'; } >"$f"
reject reader-missing-id "$f" "$f:6: missing id"

f=$T/extra-field.rep; { hdr 4 1; printf 'a 0 8 9\n'; } >"$f"
reject reader-extra-field "$f" "$f:5: unexpected '9' after the operation"

f=$T/unknown-op.rep; { hdr 2 2; printf 'a 0 8\nx 0 8\n'; } >"$f"
reject reader-unknown-op "$f" "$f:6: unknown operation 'x' (expected a, f, r or w)"

f=$T/unknown-word-op.rep; { hdr 2 1; printf 'alloc 0 8\n'; } >"$f"
reject reader-unknown-op-word "$f" "$f:5: unknown operation 'alloc' (expected a, f, r or w)"

f=$T/id-range.rep; { hdr 2 1; printf 'a 2 8\n'; } >"$f"
reject reader-id-out-of-range "$f" "$f:5: id 2 out of range (num_ids is 2)"

f=$T/id-huge.rep; { hdr 2 1; printf 'a 4294967296 8\n'; } >"$f"
reject reader-id-overflow "$f" "$f:5: id '4294967296' is too large (at most 4294967295)"

f=$T/neg-size.rep; { hdr 2 1; printf 'a 0 -8\n'; } >"$f"
reject reader-negative-size "$f" "$f:5: negative size '-8'"

f=$T/neg-id.rep; { hdr 2 2; printf 'a 0 8\nf -1\n'; } >"$f"
reject reader-negative-id "$f" "$f:6: negative id '-1' (free(NULL)): CMU's 2015 dialect only (--dialect cmu15 reads it)"

f=$T/neg-header.rep; printf '20000\n-2\n1\n1\n' >"$f"
reject reader-negative-header "$f" "$f:2: negative header field 2 (num_ids) '-2'"

f=$T/big-size.rep; { hdr 2 1; printf 'a 0 99999999999999999999999\n'; } >"$f"
reject reader-overflowing-size "$f" "$f:5: size '99999999999999999999999' is too large (at most 18446744073709551615)"

f=$T/big-ids.rep; printf '20000\n99999999\n1\n1\na 0 8\n' >"$f"
reject reader-num-ids-too-large "$f" "$f:4: num_ids 99999999 is too large (at most 16777216)"

f=$T/free-never.rep; { hdr 2 2; printf 'a 0 8\nf 1\n'; } >"$f"
reject reader-free-never-allocated "$f" "$f:6: free of id 1, which is not live (never allocated)"

f=$T/double-free.rep; { hdr 2 3; printf 'a 0 8\nf 0\nf 0\n'; } >"$f"
reject reader-double-free "$f" "$f:7: free of id 0, which is not live (freed already)"

f=$T/realloc-dead.rep; { hdr 2 2; printf 'a 0 8\nr 1 16\n'; } >"$f"
reject reader-realloc-not-live "$f" "$f:6: realloc of id 1, which is not live (never allocated)"

f=$T/realloc-freed.rep; { hdr 2 3; printf 'a 0 8\nf 0\nr 0 16\n'; } >"$f"
reject reader-realloc-freed "$f" "$f:7: realloc of id 0, which is not live (freed already)"

f=$T/write-dead.rep; { hdr 2 1; printf 'w 1 4\n'; } >"$f"
reject reader-write-not-live "$f" "$f:5: write of id 1, which is not live (never allocated)"

f=$T/alloc-live.rep; { hdr 2 2; printf 'a 0 8\na 0 16\n'; } >"$f"
reject reader-alloc-of-live-id "$f" "$f:6: alloc of id 0, which is already live (allocated at line 5)"

# a realloc makes the block live at the realloc's line
f=$T/alloc-live-r.rep; { hdr 2 3; printf 'a 0 8\nr 0 32\na 0 16\n'; } >"$f"
reject reader-alloc-of-reallocated-id "$f" "$f:7: alloc of id 0, which is already live (allocated at line 6)"

f=$T/write-long.rep; { hdr 2 2; printf 'a 0 8\nw 0 9\n'; } >"$f"
reject reader-write-longer-than-block "$f" "$f:6: write of 9 bytes to id 0, a block of 8 bytes"

# the write limit follows a realloc's new size
f=$T/write-long-r.rep; { hdr 2 4; printf 'a 0 64\nr 0 8\nw 0 8\nw 0 9\n'; } >"$f"
reject reader-write-longer-after-realloc "$f" "$f:8: write of 9 bytes to id 0, a block of 8 bytes"

# line numbers count blank lines, CRLF lines and whitespace-only lines
f=$T/lineno.rep; printf '20000\r\n2\r\n\r\n3\r\n1\r\n\r\n   \r\na 0 8\r\n\t\r\n\r\nq 0\r\n' >"$f"
reject reader-line-number-counts-blank-lines "$f" "$f:11: unknown operation 'q' (expected a, f, r or w)"

f=$T/header5.rep; printf '20000 2 1 1 7\na 0 8\n' >"$f"
reject reader-header-five-numbers "$f" "$f:1: the header has more than 4 numbers"

f=$T/cmu-weight.rep; { hdr 2 1; printf 'a 0 8\n'; } >"$f"
reject reader-forced-cmu-bad-weight "$f" "$f:4: CMU weight 20000 is not 0..3" --dialect cmu

# binary garbage: an ELF-like start, then a NUL inside an op line
f=$T/elf.rep; printf '\177ELF\002\001\001\000\000\000\n' >"$f"
reject reader-binary-elf "$f" "$f:1: binary data (byte 0x7f at column 1); not a trace file"

f=$T/nul.rep; { hdr 2 1; printf 'a 0 8\000\001\377\n'; } >"$f"
reject reader-binary-nul-in-op "$f" "$f:5: binary data (byte 0x00 at column 6); not a trace file"

f=$T/high.rep; { hdr 2 1; printf 'a 0 \3518\n'; } >"$f"
reject reader-binary-high-byte "$f" "$f:5: binary data (byte 0xe9 at column 5); not a trace file"

# random bytes: whatever they hold, one "FILE:..." message and exit 2
bad=""
for i in $(seq 1 25); do
    f=$T/random-$i.rep
    head -c $((i * 397)) /dev/urandom >"$f"
    timeout 10 "$D" --check-only -f "$f" >"$T/out" 2>"$T/err"
    rc=$?
    if [ $rc -ne 2 ] || ! head -n 1 "$T/err" | grep -q "^$f:" || [ -s "$T/out" ]; then
        bad="$bad random-$i(rc=$rc: $(head -c 120 "$T/err"))"
    fi
done
[ -z "$bad" ] && pass reader-random-bytes || fail reader-random-bytes "$bad"

# an absurdly long line (100 KB), in the body and as the first line
f=$T/long.rep; { hdr 2 1; head -c 102400 /dev/zero | tr '\0' '7'; printf '\n'; } >"$f"
reject reader-long-line "$f" "$f:5: line too long (102400 bytes; at most 4096)"

f=$T/long1.rep; { printf 'a 0 '; head -c 102400 /dev/zero | tr '\0' '8'; } >"$f"
reject reader-long-first-line-no-newline "$f" "$f:1: line too long (102404 bytes; at most 4096)"

# An endless file (/dev/zero): diagnosed from its first bytes, in bounded
# memory (512 MB of address space here), not read until memory runs out.
(ulimit -v 524288; timeout 20 "$D" --check-only -f /dev/zero) >"$T/out" 2>"$T/err"
rc=$?
first=$(head -n 1 "$T/err")
case "$first" in
    "/dev/zero: out of memory"*) ok=no ;;   # read until memory ran out
    /dev/zero:*) ok=yes ;;
    *) ok=no ;;
esac
if [ $rc -eq 2 ] && [ $ok = yes ]; then
    pass reader-endless-file
else
    fail reader-endless-file "rc=$rc message '$first'; want a diagnosis such as '/dev/zero:1: binary data (byte 0x00 at column 1); not a trace file' or a size limit, in bounded memory"
fi

mkdir -p "$T/adir.rep"
reject reader-directory "$T/adir.rep" "$T/adir.rep: is a directory, not a trace file"

reject reader-missing-file "$T/no-such.rep" "$T/no-such.rep: cannot open: No such file or directory"

# A malformed trace among good ones in -t DIR: its message, then the others
# run; its row says "not run" with the message; exit 1 (something failed).
mkdir -p "$T/mixed"
cp tests/traces/tiny.rep "$T/mixed/a-good.rep"
{ hdr 2 2; printf 'a 0 8\nf 1\n'; } >"$T/mixed/b-bad.rep"
cp tests/traces/basic.rep "$T/mixed/c-good.rep"
timeout 20 "$D" --check-only --csv "$T/mixed.csv" -t "$T/mixed" >"$T/out" 2>"$T/err"
rc=$?
want="$T/mixed/b-bad.rep:6: free of id 1, which is not live (never allocated)"
if [ $rc -ne 1 ]; then
    fail reader-bad-trace-in-dir "exit status $rc, want 1"
elif [ "$(head -n 1 "$T/err")" != "$want" ]; then
    fail reader-bad-trace-in-dir "first message '$(head -n 1 "$T/err")', want '$want'"
elif ! grep -qx 'mdriver: 1 trace file could not be read; running the others' "$T/err"; then
    fail reader-bad-trace-in-dir "no 'running the others' line: $(head -c 300 "$T/err")"
elif ! grep -q '^a-good.rep  *yes ' "$T/out" || ! grep -q '^c-good.rep  *yes ' "$T/out" ||
     ! grep -q '^b-bad.rep  *no ' "$T/out" || ! grep -qxF "$T/mixed/b-bad.rep: not run: $want" "$T/out"; then
    fail reader-bad-trace-in-dir "rows: $(head -c 600 "$T/out")"
elif ! grep -q ',b-bad.rep,0,.*,not run,' "$T/mixed.csv"; then
    fail reader-bad-trace-in-dir "csv: $(cat "$T/mixed.csv")"
else
    pass reader-bad-trace-in-dir
fi

# Two bad traces: both reported, in order, then the count; and when no trace
# can be read, nothing runs and the exit status is 2.
cp "$T/double-free.rep" "$T/mixed/d-bad.rep"
timeout 20 "$D" --check-only -t "$T/mixed" >"$T/out" 2>"$T/err"
rc=$?
if [ $rc -eq 1 ] && grep -q "^$T/mixed/b-bad.rep:6: " "$T/err" &&
   grep -q "^$T/mixed/d-bad.rep:7: free of id 0, which is not live (freed already)$" "$T/err" &&
   grep -qx 'mdriver: 2 trace files could not be read; running the others' "$T/err"; then
    pass reader-two-bad-traces-in-dir
else
    fail reader-two-bad-traces-in-dir "rc=$rc stderr: $(head -c 400 "$T/err")"
fi
rm "$T/mixed/a-good.rep" "$T/mixed/c-good.rep"
timeout 20 "$D" --check-only -t "$T/mixed" >"$T/out" 2>"$T/err"
rc=$?
if [ $rc -eq 2 ] && grep -qx 'mdriver: 2 trace files could not be read; nothing was run' "$T/err" &&
   [ ! -s "$T/out" ]; then
    pass reader-only-bad-traces-in-dir
else
    fail reader-only-bad-traces-in-dir "rc=$rc stderr: $(head -c 400 "$T/err") stdout: $(head -c 200 "$T/out")"
fi

# Bad command lines.
timeout 10 "$D" --check-only -s abc -f tests/traces/tiny.rep >"$T/out" 2>"$T/err"
rc=$?
if [ $rc -eq 2 ] && grep -qx "mdriver: -s wants a number of seconds, not 'abc'" "$T/err" && [ ! -s "$T/out" ]; then
    pass reader-bad-seconds
else
    fail reader-bad-seconds "rc=$rc stderr: $(head -c 300 "$T/err")"
fi

timeout 10 "$D" --check-only -s -5 -f tests/traces/tiny.rep >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -qx "mdriver: -s wants a number of seconds, not '-5'" "$T/err" \
    && pass reader-negative-seconds || fail reader-negative-seconds "rc=$rc stderr: $(head -c 300 "$T/err")"

timeout 10 "$D" --no-such-flag -f tests/traces/tiny.rep >"$T/out" 2>"$T/err"
rc=$?
if [ $rc -eq 2 ] && grep -qx "mdriver: unknown option '--no-such-flag' (mdriver -h lists the options)" "$T/err" \
   && [ "$(wc -l <"$T/err")" -eq 1 ] && [ ! -s "$T/out" ]; then
    pass reader-unknown-long-flag
else
    fail reader-unknown-long-flag "rc=$rc stderr: $(head -c 300 "$T/err")"
fi

timeout 10 "$D" -Z -f tests/traces/tiny.rep >"$T/out" 2>"$T/err"
rc=$?
if [ $rc -eq 2 ] && grep -qx "mdriver: unknown option '-Z' (mdriver -h lists the options)" "$T/err" \
   && [ ! -s "$T/out" ]; then
    pass reader-unknown-short-flag
else
    fail reader-unknown-short-flag "rc=$rc stderr: $(head -c 300 "$T/err")"
fi

timeout 10 "$D" --dialect vms -f tests/traces/tiny.rep >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -qx "mdriver: --dialect wants csapp, mit, cmu or cmu15, not 'vms'" "$T/err" \
    && pass reader-bad-dialect || fail reader-bad-dialect "rc=$rc stderr: $(head -c 300 "$T/err")"

timeout 10 "$D" --check-only tests/traces/tiny.rep >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -qx "mdriver: unexpected argument 'tests/traces/tiny.rep' (trace files go after -f)" "$T/err" \
    && pass reader-stray-argument || fail reader-stray-argument "rc=$rc stderr: $(head -c 300 "$T/err")"

timeout 10 "$D" --check-only -t "$T/no-such-dir" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -qx "mdriver: $T/no-such-dir: cannot open directory: No such file or directory" "$T/err" \
    && pass reader-missing-dir || fail reader-missing-dir "rc=$rc stderr: $(head -c 300 "$T/err")"
