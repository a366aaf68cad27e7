#!/usr/bin/env bash
# t-hard-asan.sh - the ASan+UBSan builds (make asan): a sanitizer report in
# the driver's child fails that trace (planted bugs), and the shipped suite
# and the classic CS:APP traces run clean under every sanitized driver, with
# the heap checker after every operation.
# tier: full
source tests/lib.sh
source tests/hard-lib.sh

if ! make -s --no-print-directory -j"$TEST_JOBS" asan BUILDROOT="$TMP" >"$TMP/asan.log" 2>&1; then
    fail asan-build "make asan failed: $(grep -m3 -E 'error|Error' "$TMP/asan.log" | tr '\n' ' ')"
    exit 0
fi
ASAN=$TMP/asan
mapfile -t drivers < <(hard_variants | sed "s|^|$ASAN/mdriver-|")
missing=0
for d in "${drivers[@]}"; do [ -x "$d" ] || { fail asan-build "$d was not built"; missing=1; }; done
[ $missing -eq 0 ] || exit 0
pass "asan-build (${#drivers[@]} drivers)"

# ---- a sanitizer report in the child fails the trace, not the run ----
printf '100\n1\n2\n1\na 0 123\nf 0\n' >"$TMP/bad.rep"
printf '100\n1\n2\n1\na 0 12\nf 0\n' >"$TMP/good.rep"
# (RULES=none: the heap overflow's block comes from the C library's malloc,
# which the course rules would refuse at build time)
for bug in C_HEAP_OVERFLOW:heap-overflow MISALIGNED_LOAD:misaligned-load SIGNED_OVERFLOW:signed-overflow; do
    n=${bug%%:*} what=${bug#*:}
    if ! build_broken "$TMP/md-planted$n" "$n" RULES=none \
         CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all"; then
        fail "asan-catches-$what" "cannot build the planted allocator"
        continue
    fi
    out=$("$TMP/md-planted$n" --check-only -f "$TMP/bad.rep" -f "$TMP/good.rep" 2>&1); rc=$?
    if [ $rc -eq 1 ] &&
       grep -q "bad.rep: crashed: SIGABRT .* in op 1 (line 5)" <<<"$out" &&
       grep -qE "^good.rep +yes" <<<"$out" && grep -qE "$HARD_SAN_PATTERN" <<<"$out"; then
        pass "asan-catches-$what"
    else
        fail "asan-catches-$what" "expected bad.rep crashed with SIGABRT and good.rep valid (exit $rc): $(tail -n 3 <<<"$out" | tr '\n' ' ')"
    fi
    # Without the options (a sanitizer's default is exit(1)) the trace fails too.
    out=$(env -u ASAN_OPTIONS -u UBSAN_OPTIONS "$TMP/md-planted$n" --check-only \
          -f "$TMP/bad.rep" -f "$TMP/good.rep" 2>&1); rc=$?
    if [ $rc -eq 1 ] && grep -q "bad.rep: crashed: the process exited with status 1" <<<"$out" &&
       grep -qE "^good.rep +yes" <<<"$out"; then
        pass "asan-default-options-$what"
    else
        fail "asan-default-options-$what" "exit $rc: $(tail -n 2 <<<"$out" | tr '\n' ' ')"
    fi
done

# run_clean NAME DRIVER ARGS...: the driver (--check-only ARGS) must find
# every trace valid and print no sanitizer report.
run_clean() {
    local name=$1 d=$2; shift 2
    local out rc
    out=$("$d" --check-only "$@" 2>&1); rc=$?
    if grep -qE "$HARD_SAN_PATTERN" <<<"$out"; then
        fail "$name" "$d: sanitizer report: $(grep -m2 -E "$HARD_SAN_PATTERN|#[0-9] " <<<"$out" | tr '\n' ' ')"
    elif [ $rc -ne 0 ]; then
        fail "$name" "$d exited $rc: $(grep -E '^[^ ]+: (invalid|crashed|timeout|out of memory|not run)' <<<"$out" | head -n 3 | tr '\n' ' ')"
    else
        pass "$name ($(basename "$d"), $(grep -cE ' yes ' <<<"$out") traces)"
    fi
}

# ---- the shipped suite ----
# traces/ holds 2.3 million operations: with the heap checker after each one
# a sanitized driver needs 1.5 to 4 minutes, so by default only
# the default's ASan driver replays it, without -c (about 20 s); HARD_FULL=1
# replays it through every driver with -c (tens of minutes).
if ls traces/*.rep >/dev/null 2>&1; then
    for d in "${drivers[@]}"; do
        [ "$d" = "$ASAN/mdriver-naive" ] && continue
        if [ "${HARD_FULL:-0}" = 1 ]; then
            run_clean asan-traces "$d" -c -t traces
        elif [ "$d" = "$ASAN/mdriver-default" ]; then
            run_clean asan-traces "$d" -t traces
        fi
    done
else
    skip asan-traces "traces/ has no .rep files yet"
fi

# tests/traces holds traces for the harness tests, some malformed or failing
# on purpose: each must end as the driver decides (exit 0, 1 or 2) with no
# sanitizer report and no crash of the driver itself, under every driver.
# (Leak checking is off: the driver's leak on its exit-2 path is
# tests/t-hard-valgrind.sh's to report.)
if [ -d tests/traces ] && [ -n "$(ls tests/traces 2>/dev/null)" ]; then
    bad=0 n=0
    for f in tests/traces/*; do
        [ -f "$f" ] || continue
        n=$((n + 1))
        for d in "${drivers[@]}"; do
            out=$(ASAN_OPTIONS=$ASAN_OPTIONS:detect_leaks=0 "$d" --check-only -c -s 60 -f "$f" 2>&1)
            rc=$?
            if [ $rc -gt 2 ] || grep -qE "$HARD_SAN_PATTERN|crashed" <<<"$out"; then
                fail asan-tests-traces "$d -f $f: exit $rc: $(grep -m2 -E "$HARD_SAN_PATTERN|crashed" <<<"$out" | tr '\n' ' ')"
                bad=1
            fi
        done
    done
    [ $bad -eq 0 ] && pass "asan-tests-traces ($n files x ${#drivers[@]} drivers)"
else
    skip asan-tests-traces "no tests/traces"
fi

# ---- the classic traces (CS:APP *-bal.rep), two drivers at a time ----
# The naive allocator is left out (it reuses nothing and runs out of heap on
# the realloc traces, by design). realloc-bal.rep takes about 30 s under ASan
# (the validator re-checks the growing block on every realloc), so only
# the default's ASan driver replays it, unless HARD_FULL=1.
classic=("$ANCHOR_TRACES"/csapp/*-bal.rep)
if [ -f "${classic[0]}" ]; then
    i=0
    for d in "${drivers[@]}"; do
        [ "$d" = "$ASAN/mdriver-naive" ] && continue
        args=()
        for f in "${classic[@]}"; do
            if [ "$(basename "$f")" = realloc-bal.rep ] && [ "$d" != "$ASAN/mdriver-default" ] &&
               [ "${HARD_FULL:-0}" != 1 ]; then
                continue
            fi
            args+=(-f "$f")
        done
        run_clean asan-classic "$d" -c "${args[@]}" >"$TMP/classic-$i.out" &
        i=$((i + 1))
        (( i % 2 == 0 )) && wait
    done
    wait
    cat "$TMP"/classic-*.out
else
    skip asan-classic "no classic traces in $ANCHOR_TRACES/csapp"
fi
