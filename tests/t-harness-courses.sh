#!/usr/bin/env bash
# t-harness-courses.sh - course allocator files build unchanged with
# `make MM=FILE` (the interface told from the file) and are judged right:
# the small course-style files of tests/compat/ (one correct and one broken
# per course, a CMU file defining malloc itself, a textbook void checker, a
# checker returning garbage), then the bounds of a run: a trace beyond the
# simulated heap, a -s timeout, and the C library's footprint replay past
# its memory bound; no process of the driver may be left behind.
. tests/lib.sh

TR=tests/traces
C=tests/compat
# sizes that are not multiples of 8, reallocs, and a block checked
# sparsely (above 1 MiB) that grows, shrinks while sparse, then to dense
printf '0\n3\n10\n1\na 0 13\na 1 2097152\nr 0 37\na 2 5\nr 1 3145731\nr 1 1048577\nr 1 1000\nf 1\nf 0\nf 2\n' >"$TMP/odd.rep"
common="-f $TR/basic.rep -f $TR/tiny.rep -f $TR/crlf.rep -f $TR/cmu-util-only.rep -f $TMP/odd.rep"

# Two files derived from cmu_lab.c, named as a student's would be:
# cmu_broken.c records the size asked instead of the size taken (the heap
# checker's walk goes astray: false under -c at the first op) and its
# realloc does not copy; cmu_nodriver.c drops the `#ifdef DRIVER` renames,
# so it defines malloc & co. under those names whatever the build.
D=$TMP/derived
mkdir -p "$D"
sed -e 's|\*(size_t \*)p = want;|*(size_t *)p = size;|' -e '/memcpy(q, bp, have);/d' \
    $C/cmu_lab.c >"$D/cmu_broken.c"
sed -e '/^#ifdef DRIVER$/,/^#endif$/d' $C/cmu_lab.c >"$D/cmu_nodriver.c"
for n in cmu_broken cmu_nodriver; do
    cmp -s $C/cmu_lab.c "$D/$n.c" && fail "course-$n-derived" "the edit of cmu_lab.c did not apply"
done

# build NAME [make args]: builds tests/compat/NAME.c (or the derived
# $D/NAME.c) into $TMP/NAME.
build() {
    local n=$1 src=$C/$1.c; shift
    [ -f "$src" ] || src=$D/$n.c
    build_driver "$TMP/$n" "$src" -j2 "$@"
}
log() { cat "$TMP/build-$1.log"; }

# Correct files: build with make MM= alone, valid on every trace under -c.
for n in csapp_textbook mit_lab cmu_lab; do
    if ! build "$n"; then fail "course-$n-builds" "$(grep -m 3 -iE 'error' "$TMP/build-$n.log")"; continue; fi
    extra=""; [ "$n" = mit_lab ] && extra="-f $TR/mit-write.rep"
    "$TMP/$n" -c --check-only $common $extra >"$TMP/out" 2>&1; rc=$?
    [ $rc -eq 0 ] && ! grep -qE '^[^ ]+\.rep +no ' "$TMP/out" && pass "course-$n-valid" \
        || fail "course-$n-valid" "rc=$rc: $(tail -n 3 "$TMP/out")"
done

# The textbook's void checker runs under -c, and the driver says it returns no count.
if [ -x "$TMP/csapp_textbook" ]; then
    "$TMP/csapp_textbook" -c --check-only -f $TR/basic.rep >"$TMP/out" 2>&1
    grep -q 'mm_checkheap returns nothing (void)' "$TMP/out" && pass course-void-checker-told \
        || fail course-void-checker-told "$(head -n 2 "$TMP/out")"
fi
# The MIT file relies on the course's header for assert and on my_heap_lo;
# its over-strict assert is off (NDEBUG, as the course builds) unless ASSERTS=1.
if build_driver "$TMP/mit_lab_asserts" "$C/mit_lab.c" -j2 ASSERTS=1; then
    "$TMP/mit_lab_asserts" --check-only -f "$TMP/odd.rep" >"$TMP/out" 2>&1; rc=$?
    [ $rc -eq 1 ] && grep -q 'crashed: SIGABRT' "$TMP/out" && pass course-mit-asserts-switch \
        || fail course-mit-asserts-switch "rc=$rc: $(tail -n 1 "$TMP/out")"
else
    fail course-mit-asserts-switch "$(log mit_lab_asserts | tail -n 2)"
fi

# Broken files: each fails with the trace, the op and the cause.
check_broken() {  # NAME FLAGS PATTERN
    local n=$1 flags=$2 pat=$3
    "$TMP/$n" $flags --check-only -f "$TMP/odd.rep" -f $TR/basic.rep >"$TMP/out" 2>&1; rc=$?
    [ $rc -eq 1 ] && grep -qE "$pat" "$TMP/out" && pass "course-$n-${flags:-plain}" \
        || fail "course-$n-${flags:-plain}" "rc=$rc: $(tail -n 2 "$TMP/out")"
}
for n in csapp_broken mit_broken cmu_broken; do
    build "$n" || fail "course-$n-builds" "$(log "$n" | tail -n 2)"
done
check_broken csapp_broken -c 'odd.rep: invalid: op 1 \(line 5\): the heap checker returned -559038737, which is not a count of problems \(negative\): does a path through it end without `return`\?'
check_broken csapp_broken "" 'basic.rep: invalid: op 6 \(line 10\): realloc\(100\) of block 0 \(was 24 bytes\) did not preserve its data'
check_broken mit_broken "" 'odd.rep: invalid: op 2 \(line 6\): malloc\(2097152\) for block 1 returned 0x[0-9a-f]+, not aligned to 8 bytes'
check_broken cmu_broken -c 'odd.rep: invalid: op 1 \(line 5\): the heap checker found the heap inconsistent after this operation \(mm_checkheap returned false; it gives no count\)'
check_broken cmu_broken "" 'basic.rep: invalid: op 6 \(line 10\): realloc\(100\) of block 0 \(was 24 bytes\) did not preserve its data'

# A file defining malloc itself is refused at build time, naming it (the
# check needs only the allocator's object: its make target).
if build cmu_nodriver "$TMP/build-cmu_nodriver/mm-symbols.ok"; then
    fail course-defines-malloc-refused "it built"
else
    log cmu_nodriver | grep -q "cmu_nodriver.c defines .*malloc.* itself" && [ ! -e "$TMP/cmu_nodriver" ] \
        && pass course-defines-malloc-refused || fail course-defines-malloc-refused "$(log cmu_nodriver | head -n 3)"
fi
# A file whose ALIGNMENT differs from the driver's is told so.
if build_driver "$TMP/cmu_align32" "$C/cmu_lab.c" ALIGNMENT=32 "$TMP/build-cmu_align32/mm-symbols.ok"; then
    log cmu_align32 | grep -q 'sets ALIGNMENT 16, but the driver checks payloads against ALIGNMENT 32' \
        && pass course-alignment-told || fail course-alignment-told "$(log cmu_align32 | head -n 3)"
else
    fail course-alignment-told "does not build: $(log cmu_align32 | tail -n 2)"
fi
make -s MM=$C/cmu_lab.c INTERFACE=pascal OUT="$TMP/x" BUILD="$TMP/bx" >"$TMP/out" 2>&1
grep -q "INTERFACE must be csapp, mit or cmu, not 'pascal'" "$TMP/out" && pass course-interface-forced-bad \
    || fail course-interface-forced-bad "$(head -n 2 "$TMP/out")"

# ---- the bounds of a run, with the default allocator; its footprint
# replay may take 2% of the RAM and 1 s ----
D="$TMP/mdriver"
ram_mb=$(awk '/^MemTotal:/ { print int($2 / 1000) }' /proc/meminfo)
if ! build_driver "$D" mm.c -j2 FOOTPRINT_MEM_PERCENT=2 FOOTPRINT_TIMEOUT=1; then
    fail course-bounds "no driver: $(tail -n 2 "$TMP/build-mdriver.log")"; exit 0
fi
# left DRIVER: the processes still running DRIVER's program (trace children,
# footprint replays: an exec of the same file).
left() {
    local p
    for p in /proc/[0-9]*; do
        [ "$(readlink "$p/exe" 2>/dev/null)" = "$1" ] && echo "${p#/proc/}"
    done
}

# A giant trace (2^50-byte blocks): ends at once, in bounded memory (a
# classic header: with a CMU one, whose max_alloc is that size, it is
# skipped, as CMU's own driver does not run it).
printf '0\n2\n4\n1\na 0 1125899906842624\na 1 16\nf 0\nf 1\n' >"$TMP/giant.rep"
printf '0\n2\n4\n1125899906842640\na 0 1125899906842624\na 1 16\nf 0\nf 1\n' >"$TMP/giant-cmu.rep"
"$D" -f "$TMP/giant-cmu.rep" -f $TR/tiny.rep >"$TMP/out" 2>&1; rc=$?
[ $rc -eq 0 ] && grep -qx "giant-cmu.rep: skipped: its live payload peaks at 1125899906842640 bytes, above the simulated heap (MAX_HEAP 1073741824); CMU runs such traces only in a driver that emulates a sparse 64-bit address space" "$TMP/out" \
    && grep -q '^tiny.rep  *yes ' "$TMP/out" && ! grep -q '^giant-cmu.rep ' "$TMP/out" && pass course-giant-cmu-skipped \
    || fail course-giant-cmu-skipped "rc=$rc: $(head -n 3 "$TMP/out")"
/usr/bin/time -f '%M %e' -o "$TMP/time" "$D" -s 1 -f "$TMP/giant.rep" >"$TMP/out" 2>&1; rc=$?
read -r kb secs < <(tail -n 1 "$TMP/time")
[ $rc -eq 1 ] && grep -q 'giant.rep: out of memory: op 1 (line 5): malloc(1125899906842624) for block 0 returned NULL.*: beyond the simulated heap' "$TMP/out" \
    && [ "$kb" -lt 200000 ] && [ -z "$(left "$D")" ] && pass course-giant-trace \
    || fail course-giant-trace "rc=$rc, ${kb} kB, ${secs} s: $(tail -n 2 "$TMP/out")"

# -s 1 on a trace that runs longer (the heap checker after each of 800,000
# operations): no process of the driver is left.
awk 'BEGIN { n = 400000; print 0; print n; print 2 * n; print 1;
             for (i = 0; i < n; i++) print "a", i, 16 + i % 50;
             for (i = 0; i < n; i++) print "f", i }' >"$TMP/long.rep"
"$D" -c -s 1 -f "$TMP/long.rep" >"$TMP/out" 2>&1; rc=$?
sleep 0.2
[ $rc -eq 1 ] && grep -q 'long.rep: timeout: did not finish within 1 s' "$TMP/out" && [ -z "$(left "$D")" ] \
    && pass course-timeout-leaves-nothing || fail course-timeout-leaves-nothing "rc=$rc, left: $(left "$D"): $(tail -n 1 "$TMP/out")"

# On a terminal: a progress line while a trace runs (its op of its ops),
# erased, then the trace's row as it ends; the table at the end as ever.
if ! command -v script >/dev/null; then
    skip course-progress-on-terminal "no script(1) to give the driver a terminal"
else
    script -qc "$D -c -s 2 --check-only -f $TMP/long.rep -f $TR/tiny.rep" "$TMP/tty" >/dev/null 2>&1
    tr '\r' '\n' <"$TMP/tty" >"$TMP/tty.lines"
    grep -qE "^.\[Klong.rep: op [0-9]+ of 800000$" "$TMP/tty.lines" &&
        grep -qE "\[1/2\] long.rep +timeout +- +800000 ops$" "$TMP/tty.lines" &&
        grep -qE "\[2/2\] tiny.rep +yes +[0-9.]+% +2 ops$" "$TMP/tty.lines" &&
        grep -qE "^tiny.rep +yes " "$TMP/tty.lines" && pass course-progress-on-terminal \
        || fail course-progress-on-terminal "$(head -c 400 "$TMP/tty.lines")"
fi

# The footprint replay past its memory bound (three 100 MB blocks need
# 2 x 300 MB + 256 MiB, more than 2% of RAM): no footprint, with the
# reason, and nothing else changes.
if [ "$ram_mb" -gt 42000 ]; then
    skip course-footprint-bound "RAM over 42 GB: 2% of it holds the replay"
else
    printf '0\n3\n6\n1\na 0 100000000\na 1 100000000\na 2 100000000\nf 0\nf 1\nf 2\n' >"$TMP/big.rep"
    "$D" -s 20 -f "$TMP/big.rep" >"$TMP/out" 2>&1; rc=$?
    [ $rc -eq 0 ] && grep -q '^big.rep  *yes ' "$TMP/out" &&
        grep -q "big.rep: no footprint for libc: its replay would need up to .* more than FOOTPRINT_MEM_PERCENT (2%)" "$TMP/out" \
        && [ -z "$(left "$D")" ] && pass course-footprint-bound \
        || fail course-footprint-bound "rc=$rc: $(tail -n 3 "$TMP/out")"
fi

# The footprint replay past its time limit: 20,000 free chunks that the C
# library's statistics walk after each of the 400,000 operations that
# follow (seconds of work), while the trace itself takes a fraction of that
# and little memory. The replay is stopped, the footprint reported
# unavailable, nothing else changes, and nothing is left running.
awk 'BEGIN { n = 40000; m = 200000; print 0; print n + 1; print n + n / 2 + 2 * m; print 1;
             for (i = 0; i < n; i++) print "a", i, 24 + (i % 8) * 8;
             for (i = 0; i < n; i += 2) print "f", i;
             for (i = 0; i < m; i++) { print "a", n, 200; print "f", n } }' >"$TMP/slowfp.rep"
if [ "$ram_mb" -lt 15000 ]; then
    skip course-footprint-timeout "RAM under 15 GB: 2% of it is below the replay's base"
else
    "$D" -s 0 -f "$TMP/slowfp.rep" >"$TMP/out" 2>&1; rc=$?
    [ $rc -eq 0 ] && grep -q '^slowfp.rep  *yes ' "$TMP/out" &&
        grep -q 'slowfp.rep: no footprint for libc: its replay did not finish within 1 s' "$TMP/out" &&
        [ -z "$(left "$D")" ] && pass course-footprint-timeout \
        || fail course-footprint-timeout "rc=$rc: $(grep -v '^ *$' "$TMP/out" | head -n 3)"
fi
