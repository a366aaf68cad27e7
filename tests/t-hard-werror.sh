#!/usr/bin/env bash
# t-hard-werror.sh - the build is clean under the Makefile's WARN set with
# -Werror (make werror): every variant under gcc and under clang, and the
# hardening tools (stress-gen, oomcheck, the fuzz target's own file). A
# failure names the files that warn.
# tier: full
source tests/lib.sh
source tests/hard-lib.sh

# werror CC: every variant built by CC with -Werror, into $TMP/werror-CC/
werror() {
    local cc=$1 n
    n=$(hard_variants | wc -l)
    if make -s --no-print-directory -j"$TEST_JOBS" werror-"$cc" BUILDROOT="$TMP" >"$TMP/$cc.log" 2>&1; then
        pass "werror-$cc ($n variants)"
    else
        fail "werror-$cc" "$(grep -E '(warning|error):' "$TMP/$cc.log" |
            sed -E 's/^([^:]+:[0-9]+):[0-9]+: (warning|error): (.*)$/\1: \3/' | sort -u | head -n 4 | tr '\n' ' ')"
    fi
}

werror gcc
if command -v clang >/dev/null; then
    werror clang
else
    skip werror-clang "clang is not installed"
fi

# The hardening tools themselves.
# shellcheck disable=SC2086
out=$( { gcc -std=c11 -O2 $WARN -Werror -o "$TMP/stress-gen" stress/stress-gen.c &&
         gcc -std=c11 -D_GNU_SOURCE -O2 $WARN -Werror -I. -Icompat -c -o "$TMP/oom.o" tests/oomcheck.c &&
         gcc -std=c11 -D_GNU_SOURCE -O2 $WARN -Werror -I. -Icompat -c -o "$TMP/fz.o" fuzz/fuzz_trace.c; } 2>&1)
expect werror-hardening-tools test -z "$out"
[ -z "$out" ] || echo "$out" | head -n 5
