#!/usr/bin/env bash
# t-hard-werror.sh - the build is clean under the Makefile's WARN set
# (-Wall -Wextra -Wpedantic -Wundef -Wshadow -Wconversion) with -Werror:
# the driver with every variant under gcc, the driver with mm.c and naive.c
# under clang, and the hardening tools (stress-gen, oomcheck, the fuzz
# target's own file). A failure names the files that warn.
source tests/lib.sh
source stress/hard-lib.sh

WARN="-Wall -Wextra -Wpedantic -Wundef -Wshadow -Wconversion"

# werror NAME CC MM DEFS
werror() {
    local name=$1 cc=$2 mm=$3 defs=$4
    if build_driver "$TMP/mdriver-$name" "$mm" CC="$cc" CFLAGS="-O2 -g -Werror" \
         DEFS="$defs" NAME="$name"; then
        return 0
    fi
    fail "werror-$name" "$(grep -E '(warning|error):' "$TMP/build-mdriver-$name.log" |
        sed -E 's/^([^:]+:[0-9]+):[0-9]+: (warning|error): (.*)$/\1: \3/' | sort -u | head -n 4 | tr '\n' ' ')"
    return 1
}

bad=0 n=0
for v in $(hard_variants); do
    n=$((n + 1))
    werror "gcc-$v" gcc "$(make -s --no-print-directory print-variant-src V="$v")" \
        "$(make -s --no-print-directory print-variant-defs V="$v")" || bad=1
done
[ $bad -eq 0 ] && pass "werror-gcc ($n variants)"

if command -v clang >/dev/null; then
    bad=0
    werror clang-mm clang mm.c "" || bad=1
    werror clang-naive clang allocators/naive.c "" || bad=1
    [ $bad -eq 0 ] && pass werror-clang
else
    skip werror-clang "clang is not installed"
fi

# The hardening tools themselves.
out=$( { gcc -std=c11 -O2 $WARN -Werror -o "$TMP/stress-gen" stress/stress-gen.c &&
         gcc -std=c11 -D_GNU_SOURCE -O2 $WARN -Werror -I. -Icompat -c -o "$TMP/oom.o" stress/oomcheck.c &&
         gcc -std=c11 -D_GNU_SOURCE -O2 $WARN -Werror -I. -Icompat -c -o "$TMP/fz.o" fuzz/fuzz_trace.c; } 2>&1)
expect werror-hardening-tools test -z "$out"
[ -z "$out" ] || echo "$out" | head -n 5
