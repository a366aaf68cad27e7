#!/usr/bin/env bash
# t-plots-compare.sh - make compare: glibc (always present) runs and reports
# a footprint read from its own statistics; a preload library that is not
# installed is skipped with a note, not a failure; each production
# allocator that is installed is detected as itself, with a footprint. The
# full sweep (FULL=1) times it beside the default variant, the quick one
# alone (--ref-only): the same rows, without the variant's.
set -u
. tests/lib.sh

mkdir -p "$TMP/traces"
"$TOOLS/gentrace" -p random -n 3000 -l 200 -o "$TMP/traces/random.rep"
"$TOOLS/gentrace" -p ramp -n 3000 -l 200 -o "$TMP/traces/ramp.rep"
# the driver of the variant default, as tests/run built it
M=(FULL=1 BUILDROOT="$TEST_BUILD" BINDIR="$TEST_BUILD")

# glibc, and a library directory with nothing in it.
mkdir -p "$TMP/nolibs"
COMPARE_ALLOCATORS="libc libc-tuned jemalloc" COMPARE_LIBDIR=$TMP/nolibs \
    make -s --no-print-directory compare "${M[@]}" TRACES="$TMP/traces" PLOTS_OUT="$TMP/out" >"$TMP/out.log" 2>&1
rc=$?
expect compare-status test $rc -eq 0
[ $rc -eq 0 ] || tail -n 10 "$TMP/out.log" | sed 's/^/    /'
csv=$TMP/out/data/compare.csv
expect compare-libc-rows test "$(grep -c '^libc,' "$csv" 2>/dev/null)" -eq 2
expect compare-libc-tuned-rows test "$(grep -c '^libc-tuned,' "$csv" 2>/dev/null)" -eq 2
# footprint (15), footprint_method (16), efficiency (17) present and sane.
if awk -F, '$1 ~ /^libc/ { n++; if (!($15 > 0) || $16 == "" || !($17 > 0 && $17 <= 1.5)) bad++ }
            END { exit !(n == 4 && bad == 0) }' "$csv"; then
    pass compare-libc-footprint
else
    fail compare-libc-footprint "$(grep '^libc' "$csv" | cut -d, -f1,2,15-17 | tr '\n' ' ')"
fi
expect compare-full-beside-default grep -q '^default,' "$TMP/out/data/compare-libc.csv"

# The quick sweep: libc alone, with the drivers tests/run built.
FULL= PLOTS_BINDIR=$TEST_BUILD PLOTS_BUILD="BUILDROOT=$TEST_BUILD BINDIR=$TEST_BUILD" COMPARE_ALLOCATORS=libc \
    TRACES="$TMP/traces" PLOTS_OUT="$TMP/quick" plots/compare.sh >"$TMP/quick.log" 2>&1
rc=$?
q=$TMP/quick/data
if [ $rc -eq 0 ] && [ "$(grep -c '^libc,' "$q/compare.csv" 2>/dev/null)" -eq 2 ] &&
   awk -F, '$1 == "libc" && $6 > 0 && $15 > 0 { n++ } END { exit n != 2 }' "$q/compare.csv" &&
   ! grep -q '^default,' "$q/compare-libc.csv"; then
    pass compare-quick-alone
else
    fail compare-quick-alone "rc=$rc: $(tail -n 3 "$TMP/quick.log") $(cut -d, -f1,2,6,15 "$q/compare-libc.csv" 2>/dev/null | tr '\n' ' ')"
fi

expect compare-missing-noted grep -q '^plots: not installed, skipped: .*jemalloc (.*: apt-get install libjemalloc2)' "$TMP/out.log"
expect compare-missing-no-rows test "$(grep -c '^jemalloc,' "$csv")" -eq 0
expect compare-table grep -q '^libc-tuned ' "$TMP/out.log"

# The production allocators that are installed: detected, with a footprint.
libdir=/usr/lib/$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)
for a in jemalloc:libjemalloc.so.2 mimalloc:libmimalloc.so.2 tcmalloc:libtcmalloc_minimal.so.4; do
    name=${a%%:*} lib=${a#*:}
    if [ ! -f "$libdir/$lib" ]; then
        skip "compare-$name" "$libdir/$lib is not installed"
        continue
    fi
    COMPARE_ALLOCATORS=$name make -s --no-print-directory compare "${M[@]}" TRACES="$TMP/traces" \
        PLOTS_OUT="$TMP/out-$name" >"$TMP/$name.log" 2>&1
    c=$TMP/out-$name/data/compare.csv
    if grep -q 'warning' "$TMP/$name.log"; then
        fail "compare-$name" "$(grep warning "$TMP/$name.log")"
    elif awk -F, -v a="$name" '$1 == a { n++; if (!($15 > 0) || $16 == "") bad++ }
                               END { exit !(n == 2 && bad == 0) }' "$c"; then
        pass "compare-$name"
    else
        fail "compare-$name" "no footprint: $(grep "^$name," "$c" | cut -d, -f1,2,15-17 | tr '\n' ' ')"
    fi
done
