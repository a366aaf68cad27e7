#!/usr/bin/env bash
# t-hard-fuzz.sh - the fuzz targets (clang + libFuzzer): the seed corpus and
# the regression inputs replay clean through both targets (make
# fuzz-regress) and through an ASan build of the driver, a bounded run
# (make fuzz SECONDS=N) stops by itself, and the harness does catch a
# memory bug planted in a copy of the reader.
# tier: full
source tests/lib.sh
source tests/hard-lib.sh

if ! command -v clang >/dev/null ||
   ! echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { (void)d; return (int)n * 0; }' |
     clang -x c -fsanitize=fuzzer -o "$TMP/probe" - >/dev/null 2>&1; then
    skip fuzz "clang with libFuzzer is not installed (apt-get install clang libclang-rt-14-dev)"
    exit 0
fi

# ---- corpus and regressions through both fuzz targets ----
out=$(make -s --no-print-directory fuzz-regress BUILDROOT="$TMP" 2>&1); rc=$?
if [ $rc -eq 0 ] && grep -q 'pass both targets' <<<"$out"; then
    pass "fuzz-regress ($(tail -n 1 <<<"$out" | sed 's/^fuzz-regress: //'))"
else
    fail fuzz-regress "exit $rc: $(grep -m3 -E 'ERROR|SUMMARY|FAILED|error' <<<"$out" | tr '\n' ' ')"
fi

# ---- the same inputs through the driver (ASan+UBSan) ----
# A malformed trace ("bad-*") is refused with exit 2 and a message naming the
# file; the others are read (exit 0 or 1). Never a crash or a sanitizer report.
# Leak checking is off here: the driver's leak on the exit-2 path is
# tests/t-hard-valgrind.sh's to report (valgrind-unreadable-trace).
if make -s --no-print-directory asan HARD_VARIANTS=default BUILDROOT="$TMP" >"$TMP/asan.log" 2>&1; then
    bad=0 n=0
    for f in fuzz/corpus/* fuzz/regressions/*; do
        case $f in *README*) continue ;; esac
        n=$((n + 1))
        out=$(ASAN_OPTIONS=$ASAN_OPTIONS:detect_leaks=0 "$TMP/asan/mdriver-default" --check-only -c -s 60 \
              -f "$f" 2>&1); rc=$?
        why=
        if grep -qE "$HARD_SAN_PATTERN" <<<"$out"; then why="sanitizer report"
        elif [ $rc -gt 2 ]; then why="exit $rc"
        elif grep -q 'crashed' <<<"$out"; then why="a trace crashed"
        else
            case $(basename "$f") in
            bad-*) [ $rc -eq 2 ] && grep -q "^$f:" <<<"$out" || why="not refused with exit 2 and a message (exit $rc)" ;;
            *) [ $rc -ne 2 ] || why="refused: $(head -n 1 <<<"$out")" ;;
            esac
        fi
        if [ -n "$why" ]; then
            fail fuzz-inputs-driver "$f: $why"
            bad=1
        fi
    done
    [ $bad -eq 0 ] && pass "fuzz-inputs-driver ($n inputs)"
else
    fail fuzz-inputs-driver "cannot build an ASan driver"
fi

# ---- a bounded run stops by itself ----
start=$(date +%s)
out=$(timeout 120 make -s --no-print-directory fuzz SECONDS=5 BUILDROOT="$TMP" 2>&1); rc=$?
secs=$(( $(date +%s) - start ))
units=$(sed -n 's/^fuzz: stat::number_of_executed_units: *//p' <<<"$out")
if [ $rc -eq 0 ] && [ "${units:-0}" -gt 0 ] && [ $secs -lt 60 ]; then
    pass "fuzz-bounded-run ($units executions in $secs s)"
else
    fail fuzz-bounded-run "exit $rc after $secs s, ${units:-no} executions: $(tail -n 3 <<<"$out" | tr '\n' ' ')"
fi

# ---- the harness catches a reader bug ----
# A copy of trace.c without the id range check: the seed corpus's
# bad-id-range.rep must then make the target fail with an ASan report.
mkdir -p "$TMP/planted"
sed 's/if (id >= declared)/if (0 \&\& id >= declared)/' trace.c >"$TMP/planted/trace.c"
if ! grep -q 'if (0 && id >= declared)' "$TMP/planted/trace.c"; then
    fail fuzz-catches-reader-bug "cannot plant the bug: trace.c has no 'if (id >= declared)'"
elif ! clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
        -fno-sanitize-recover=all -DMAX_HEAP=16777216 -I. -Icompat -o "$TMP/planted/fuzz" \
        fuzz/fuzz_trace.c "$TMP/planted/trace.c" validate.c mm_api.c memlib.c \
        allocators/naive.c >"$TMP/planted/build.log" 2>&1; then
    fail fuzz-catches-reader-bug "cannot build: $(head -n 2 "$TMP/planted/build.log")"
else
    out=$("$TMP/planted/fuzz" fuzz/corpus/bad-id-range.rep 2>&1); rc=$?
    if [ $rc -ne 0 ] && grep -qE 'ERROR: AddressSanitizer|runtime error' <<<"$out"; then
        pass fuzz-catches-reader-bug
    else
        fail fuzz-catches-reader-bug "exit $rc, no sanitizer report for an out-of-range id"
    fi
fi
