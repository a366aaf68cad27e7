#!/usr/bin/env bash
# t-harness-cli.sh - the command line and the output: -g autograder line,
# --csv header and rows, -t sorting and its no-.rep rule, -f with absolute
# and relative paths, the table's shape, and the exit status (0 only when
# every trace is valid); --time-limit cuts the timed replays only, leaving
# the trace valid with its utilization.
. tests/lib.sh

if [ ! -x "$(variant naive)" ]; then
    fail cli-build "no $(variant naive)"
    exit 0
fi
D=$(variant naive)
TR=tests/traces

# -g: correct:N perfidx:P geomean:G classic:C util_all:A outside:B (timed run, so P is a real index)
"$D" -g -f $TR/tiny.rep -f $TR/basic.rep >"$TMP/out" 2>&1
rc=$?
line=$(grep -E '^correct:' "$TMP/out")
if [ $rc -eq 0 ] && [[ "$line" =~ ^correct:2\ perfidx:([0-9]+)\ geomean:[0-9.]+\ classic:[0-9]+\ util_all:[0-9.]+\ outside:[0-9]+$ ]]; then
    P=${BASH_REMATCH[1]}
    # perfidx is the index of the "Perf index" line, rounded
    idx=$(sed -nE 's|^Perf index = .* = ([0-9.]+)/100$|\1|p' "$TMP/out")
    # (the table rounds to .1, -g to a whole number: they agree within 0.55)
    if [ -n "$idx" ] && awk -v a="$idx" -v b="$P" 'BEGIN { d = a - b; exit !(d <= 0.55 && d >= -0.55) }' &&
       [ "$P" -gt 0 ] && [ "$P" -le 100 ]; then
        pass cli-autograder-line
    else
        fail cli-autograder-line "perfidx $P vs Perf index '$idx'"
    fi
else
    fail cli-autograder-line "rc=$rc line '$line'"
fi

# -g with a failing trace: correct counts valid traces only, perfidx 0
"$D" -g -f $TR/tiny.rep -f $TR/oom.rep >"$TMP/out" 2>&1
rc=$?
[ $rc -eq 1 ] && grep -Eqx 'correct:1 perfidx:0 geomean:[0-9.]+ classic:0 util_all:[0-9.]+ outside:[0-9]+' "$TMP/out" && pass cli-autograder-line-failure \
    || fail cli-autograder-line-failure "rc=$rc: $(grep correct: "$TMP/out")"

# The table: header, a row per trace, Total, Perf index line.
"$D" -f $TR/basic.rep >"$TMP/out" 2>&1
if grep -Eq '^trace +valid +util +ops +secs +Kops +ratio$' "$TMP/out" &&
   grep -Eq '^basic\.rep +yes +[0-9.]+% +9 +[0-9.]+ +[0-9]+ +[0-9.]+$' "$TMP/out" &&
   grep -Eq '^Total +[0-9.]+% +9 +[0-9.]+ +[0-9]+ +[0-9.]+$' "$TMP/out" &&
   grep -Eq '^Perf index = [0-9.]+ \(util\) \+ [0-9.]+ \(thru\) = [0-9.]+/100$' "$TMP/out"; then
    pass cli-table-shape
else
    fail cli-table-shape "$(head -c 600 "$TMP/out")"
fi

# --csv: the header names the required columns first; -l adds libc rows
"$D" -l --csv "$TMP/a.csv" -f $TR/basic.rep -f $TR/tiny.rep >"$TMP/out" 2>&1
rc=$?
hdr=$(head -n 1 "$TMP/a.csv" 2>/dev/null)
case "$hdr" in
    allocator,trace,valid,util,ops,secs,kops*) pass cli-csv-header ;;
    *) fail cli-csv-header "header '$hdr'" ;;
esac
grep -q '^Results for libc malloc:$' "$TMP/out" && pass cli-libc-table || fail cli-libc-table "no libc table with -l"
naive_rows=$(grep -c '^naive,' "$TMP/a.csv"); libc_rows=$(grep -c '^libc,' "$TMP/a.csv")
[ "$naive_rows" = 2 ] && [ "$libc_rows" = 2 ] && pass cli-csv-rows \
    || fail cli-csv-rows "naive rows $naive_rows, libc rows $libc_rows, want 2 and 2"
# every row has as many fields as the header (message may be quoted: none here)
nf=$(awk -F, '{print NF}' "$TMP/a.csv" | sort -u | wc -l)
[ "$nf" = 1 ] && pass cli-csv-rectangular || fail cli-csv-rectangular "rows of different widths"
# the basic.rep row: valid 1, 9 ops, util a fraction in (0, 1], secs and kops > 0
awk -F, '$1 == "naive" && $2 == "basic.rep" { ok = ($3 == 1 && $5 == 9 && $4 > 0 && $4 <= 1 && $6 > 0 && $7 > 0) }
         END { exit !ok }' "$TMP/a.csv" && pass cli-csv-row-values \
    || fail cli-csv-row-values "$(grep '^naive,basic' "$TMP/a.csv")"

# a failed trace's CSV row: valid 0, empty util, its message (quoted: it has commas)
"$D" --check-only --csv "$TMP/f.csv" -f $TR/oom.rep >/dev/null 2>&1
row=$(grep '^naive,oom.rep,' "$TMP/f.csv")
case "$row" in
    'naive,oom.rep,0,,1,'*',out of memory,'*'"op 1 (line 5): malloc(2000000000) for block 0 returned NULL after mem_sbrk refused'*) pass cli-csv-failed-row ;;
    *) fail cli-csv-failed-row "row '$row'" ;;
esac

# -t DIR sorts by name and takes only .rep files when there are any
mkdir -p "$TMP/dir1"
cp $TR/tiny.rep "$TMP/dir1/zeta.rep"; cp $TR/tiny.rep "$TMP/dir1/Alpha.rep"
cp $TR/basic.rep "$TMP/dir1/mid.rep"; cp $TR/tiny.rep "$TMP/dir1/b10.rep"; cp $TR/tiny.rep "$TMP/dir1/b9.rep"
cp $TR/tiny.rep "$TMP/dir1/notes.txt"; cp $TR/tiny.rep "$TMP/dir1/other"
"$D" --check-only -t "$TMP/dir1" >"$TMP/out" 2>&1
rc=$?
order=$(grep -E '^[^ ]+ +(yes|no) ' "$TMP/out" | awk '{print $1}' | tr '\n' ' ')
[ $rc -eq 0 ] && [ "$order" = "Alpha.rep b10.rep b9.rep mid.rep zeta.rep " ] && pass cli-dir-sorted-rep-only \
    || fail cli-dir-sorted-rep-only "rc=$rc order '$order'"

# trailing slash on the directory: same traces, paths without '//'
"$D" --check-only -t "$TMP/dir1/" --csv "$TMP/s.csv" >"$TMP/out" 2>&1
[ "$(grep -c '^naive,' "$TMP/s.csv")" = 5 ] && ! grep -q '//' "$TMP/out" && pass cli-dir-trailing-slash \
    || fail cli-dir-trailing-slash "$(head -c 300 "$TMP/out")"

# a directory with no .rep files (like the MIT trace dir): every regular
# file but README*, *.txt and *.md, sorted; subdirectories and dotfiles skipped
mkdir -p "$TMP/dir2/sub"
for n in trace_c1_v0 trace_c0_v0 short_trace_v1; do cp $TR/tiny.rep "$TMP/dir2/$n"; done
for n in README README.txt notes.txt doc.md .hidden sub/inner; do echo junk >"$TMP/dir2/$n"; done
"$D" --check-only -t "$TMP/dir2" >"$TMP/out" 2>&1
rc=$?
order=$(grep -E '^[^ ]+ +(yes|no) ' "$TMP/out" | awk '{print $1}' | tr '\n' ' ')
[ $rc -eq 0 ] && [ "$order" = "short_trace_v1 trace_c0_v0 trace_c1_v0 " ] && pass cli-dir-without-rep \
    || fail cli-dir-without-rep "rc=$rc order '$order' $(grep -v '^ *$' "$TMP/out" | tail -n 2)"

# a directory with nothing to run: exit 2 with a message
mkdir -p "$TMP/dir3"; echo x >"$TMP/dir3/README.md"
"$D" --check-only -t "$TMP/dir3" >"$TMP/out" 2>"$TMP/err"
rc=$?
[ $rc -eq 2 ] && grep -qx "mdriver: $TMP/dir3: no trace files in this directory" "$TMP/err" && pass cli-empty-dir \
    || fail cli-empty-dir "rc=$rc $(head -c 200 "$TMP/err")"

# -f takes any path: absolute, relative with .., and is not prefixed
abs=$(cd "$TR" && pwd)/tiny.rep
"$D" --check-only -f "$abs" >"$TMP/out" 2>&1 && pass cli-absolute-path || fail cli-absolute-path "$(tail -n 2 "$TMP/out")"
(cd tests && "$D" --check-only -f ../tests/traces/tiny.rep >"$TMP/out" 2>&1) && pass cli-relative-path \
    || fail cli-relative-path "$(tail -n 2 "$TMP/out")"
# a failure message names the path as given
"$D" --check-only -f "$(cd "$TR" && pwd)/oom.rep" >"$TMP/out" 2>&1
grep -q "^$(cd "$TR" && pwd)/oom.rep: out of memory: " "$TMP/out" && pass cli-message-names-path \
    || fail cli-message-names-path "$(tail -n 1 "$TMP/out")"

# exit status: 0 when all valid, 1 when any is not (even a weight-0 one)
"$D" --check-only -f $TR/tiny.rep -f $TR/basic.rep >/dev/null 2>&1; rc=$?
[ $rc -eq 0 ] && pass cli-exit-all-valid || fail cli-exit-all-valid "rc=$rc"
"$D" --check-only -f $TR/tiny.rep -f $TR/oom.rep -f $TR/basic.rep >/dev/null 2>&1; rc=$?
[ $rc -eq 1 ] && pass cli-exit-one-invalid || fail cli-exit-one-invalid "rc=$rc"
printf '0\n1\n1\n100\na 0 2000000000\n' >"$TMP/w0-oom.rep"
"$D" -f $TR/tiny.rep -f "$TMP/w0-oom.rep" >"$TMP/out" 2>&1; rc=$?
# the failed weight-0 trace fails the run but does not zero the index
if [ $rc -eq 1 ] && grep -Eq '^Perf index = [0-9.]+ \(util\) \+ [0-9.]+ \(thru\) = [1-9][0-9.]*/100$' "$TMP/out"; then
    pass cli-exit-weight0-failure
else
    fail cli-exit-weight0-failure "rc=$rc $(grep 'Perf index' "$TMP/out")"
fi

# -h: usage on stdout, exit 0
"$D" -h >"$TMP/out" 2>&1; rc=$?
[ $rc -eq 0 ] && grep -q '^Usage: mdriver' "$TMP/out" && pass cli-help || fail cli-help "rc=$rc"
# the synopsis (the lines before the description) names every mode's flags
synopsis=$(sed -n '1,/^Replays/p' "$TMP/out")
missing=""
for flag in --shrink --heapmap --json --check-only --series --csv --ref -o --at --window; do
    grep -q -- "$flag" <<<"$synopsis" || missing="$missing $flag"
done
[ -z "$missing" ] && pass cli-help-synopsis || fail cli-help-synopsis "not in the synopsis:$missing"

# a bad option: one line on stderr that points to -h, exit 2, nothing run
for bad in "--bogus:unknown option '--bogus'" "-x:unknown option '-x'" "-lx:unknown option '-x'" \
           "--csv:--csv needs an argument" "-C:-C needs an argument"; do
    opt=${bad%%:*} want=${bad#*:}
    "$D" "$opt" >"$TMP/out" 2>"$TMP/err"; rc=$?
    if [ $rc -eq 2 ] && [ ! -s "$TMP/out" ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] &&
       grep -qxF "mdriver: $want (mdriver -h lists the options)" "$TMP/err"; then
        pass "cli-bad-option '$opt'"
    else
        fail "cli-bad-option '$opt'" "rc=$rc: $(head -n 3 "$TMP/err" | tr '\n' '|')"
    fi
done

# -t with a file: the message says the file goes after -f
"$D" -t $TR/tiny.rep >"$TMP/out" 2>"$TMP/err"; rc=$?
[ $rc -eq 2 ] && grep -qxF "mdriver: $TR/tiny.rep: cannot open directory: Not a directory (a trace file goes after -f: -f FILE)" "$TMP/err" \
    && pass cli-dir-is-a-file || fail cli-dir-is-a-file "rc=$rc $(cat "$TMP/err")"

# --csv to an unwritable place: exit 2 with a message (the run itself is done)
"$D" --check-only --csv "$TMP/no/such/dir/x.csv" -f $TR/tiny.rep >"$TMP/out" 2>"$TMP/err"; rc=$?
[ $rc -eq 2 ] && grep -q "mdriver: cannot write $TMP/no/such/dir/x.csv" "$TMP/err" && pass cli-csv-unwritable \
    || fail cli-csv-unwritable "rc=$rc $(head -c 200 "$TMP/err")"

# -C N: the heap checker every N operations and after the last. A checker
# that fails from the 3rd malloc on (op 3 of basic.rep) is caught at op 3 by
# -c and -C 1, at op 4 by -C 2, and at the last op (9) by a huge N.
if build_driver "$TMP/checker-fails" tests/broken/broken.c CFLAGS="-O0 -g" \
       DEFS=-DBROKEN=BROKEN_CHECKER_FAILS; then
    for c in "-c:3" "-C 1:3" "-C 2:4" "-C 1000000:9"; do
        opt=${c%:*} op=${c##*:}
        # shellcheck disable=SC2086
        "$TMP/checker-fails" --check-only $opt -f $TR/basic.rep >"$TMP/out" 2>&1; rc=$?
        if [ $rc -eq 1 ] && grep -q "basic.rep: invalid: op $op (line $((op + 4))): the heap checker found 1 problem" "$TMP/out"; then
            pass "cli-check-every '$opt' (op $op)"
        else
            fail "cli-check-every '$opt'" "rc=$rc, want the checker's failure at op $op: $(grep 'basic.rep:' "$TMP/out")"
        fi
    done
    "$TMP/checker-fails" --check-only -f $TR/basic.rep >"$TMP/out" 2>&1; rc=$?
    [ $rc -eq 0 ] && pass cli-check-every-off || fail cli-check-every-off "rc=$rc without -c/-C"
else
    fail cli-check-every "cannot build tests/broken/broken.c: $(tail -n 3 "$TMP/build-checker-fails.log")"
fi
for bad in 0 -3 x 1.5; do
    "$D" --check-only -C "$bad" -f $TR/tiny.rep >"$TMP/out" 2>&1; rc=$?
    [ $rc -eq 2 ] && grep -q "^mdriver: -C wants a count" "$TMP/out" && pass "cli-check-every-rejects '$bad'" \
        || fail "cli-check-every-rejects '$bad'" "rc=$rc $(head -n 1 "$TMP/out")"
done

# --time-limit: the textbook allocator replays the first 20000 ops of
# gen-tiny.rep in about a tenth of a second (so even a loaded machine
# finishes the warm-up within the limit), and its warm-up replay says the
# timed replays would take seconds: they are not run. Its warm-up replay of
# tidy.rep alone outlasts 1 s: it is stopped. Either way the trace is
# valid, with its utilization and no time, and says why; with -s 1 alone
# the whole gen-tiny.rep fails as a timeout.
TB=$(variant textbook)
time_limited() {  # NAME TRACE-PATH WANT-MESSAGE (an ERE)
    local name=$1 path=$2 want=$3 start took rc row tr
    tr=$(basename "$path")
    start=$(date +%s)
    "$TB" -s 60 --time-limit 1 -f "$path" --csv "$TMP/tl.csv" >"$TMP/out" 2>"$TMP/err"; rc=$?
    took=$(( $(date +%s) - start ))
    # valid, util > 0, secs empty (columns before the message, which is
    # quoted: it has commas), and the message
    row=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        { print $col["valid"], ($col["util"] > 0), ($col["secs"] == "") }' "$TMP/tl.csv" 2>/dev/null)
    if [ $rc -eq 0 ] && [ "$row" = "1 1 1" ] && grep -Eq ",\"?$want\"?," "$TMP/tl.csv" &&
       grep -Eqx "mdriver: ${path//./\\.}: not timed: $want" "$TMP/err" &&
       grep -Eq "^${tr//./\\.} +yes +[0-9.]+% +[0-9]+ +- +-$" "$TMP/out" && [ $took -lt 40 ]; then
        pass "$name"
    else
        fail "$name" "rc=$rc, ${took}s, row '$row': $(head -c 300 "$TMP/err")"
    fi
}
{ sed -n 1,2p traces/gen-tiny.rep; echo 20000; sed -n 4p traces/gen-tiny.rep
  sed -n 5,20004p traces/gen-tiny.rep; } >"$TMP/gen-tiny-20k.rep"
time_limited cli-time-limit-predicted "$TMP/gen-tiny-20k.rep" \
    'the timed replays would take about [0-9.]+ s \(from the warm-up\), more than the 1 s of --time-limit'
time_limited cli-time-limit-stopped traces/tidy.rep 'the timed replays did not finish within 1 s \(--time-limit\)'
"$TB" -s 1 -f traces/gen-tiny.rep >"$TMP/out" 2>&1; rc=$?
[ $rc -eq 1 ] && grep -q '^traces/gen-tiny.rep: timeout: did not finish within 1 s' "$TMP/out" \
    && pass cli-time-limit-without || fail cli-time-limit-without "rc=$rc $(grep gen-tiny "$TMP/out")"
"$D" --time-limit x -f $TR/tiny.rep >"$TMP/out" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -qx "mdriver: --time-limit wants a number of seconds, not 'x'" "$TMP/out" \
    && pass cli-time-limit-rejects || fail cli-time-limit-rejects "rc=$rc $(head -n 1 "$TMP/out")"
