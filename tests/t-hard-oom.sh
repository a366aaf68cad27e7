#!/usr/bin/env bash
# t-hard-oom.sh - running out of heap. For every variant:
#   - tests/oomcheck.c (ASan+UBSan, MAX_HEAP 8 MiB): impossible requests
#     return NULL, the heap fills to NULL, and afterwards the heap checker
#     passes, every block keeps its data, a failed realloc leaves its block
#     alone, and freed space can be allocated again;
#   - a driver built with MAX_HEAP 16 MiB replays [small, needs 64 MiB,
#     small] with -c: the big one ends "out of memory", the others are valid;
#   - CMU's syn-giant* traces (2^44..2^56-byte requests) end "out of memory".
# Planted bugs (a 32-bit size truncation, a block damaged on the way to a
# NULL: tests/broken/broken.c) must be caught by oomcheck.
# tier: full
source tests/lib.sh
source tests/hard-lib.sh

SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"

# build_oomcheck OUT SRC DEFS REUSES
build_oomcheck() {
    gcc -std=c11 -D_GNU_SOURCE -O1 -g $SAN -I. -Icompat -DMAX_HEAP=8388608 \
        -DOOM_REUSES="$4" $3 -o "$1" tests/oomcheck.c "$2" memlib.c >"$1.log" 2>&1
}

# ---- the planted bugs are caught ----
for bug in SIZE_TRUNCATED:size-truncated-to-32-bits DAMAGE_ON_NULL:block-damaged-on-null; do
    n=${bug%%:*} what=${bug#*:}
    if ! build_oomcheck "$TMP/oom-planted$n" tests/broken/broken.c -DBROKEN=BROKEN_$n 0; then
        fail "oomcheck-catches-$what" "cannot build: $(head -n 3 "$TMP/oom-planted$n.log")"
        continue
    fi
    out=$("$TMP/oom-planted$n" 2>&1); rc=$?
    case $n in
    SIZE_TRUNCATED) want='malloc of more than the heap can hold returned non-NULL' ;;
    DAMAGE_ON_NULL) want='lost its data once the heap was full' ;;
    esac
    if [ $rc -eq 1 ] && grep -q "$want" <<<"$out"; then
        pass "oomcheck-catches-$what"
    else
        fail "oomcheck-catches-$what" "exit $rc, wanted '$want': $(head -n 2 <<<"$out" | tr '\n' ' ')"
    fi
done

# ---- every variant, from inside ----
variants=" $(hard_variants | tr '\n' ' ')"
while IFS=$'\t' read -r v src defs; do
    [[ $variants == *" $v "* ]] || continue
    reuses=1; [ "$v" = naive ] && reuses=0   # naive.c never reuses, by design
    flags=$WARN; case $src in mm.c|allocators/*) ;; *) flags=-Wall ;; esac
    if ! build_oomcheck "$TMP/oom-$v" "$src" "$defs $flags -Werror" $reuses; then
        fail "oomcheck-$v" "cannot build: $(grep -m3 -E 'error' "$TMP/oom-$v.log" | tr '\n' ' ')"
        continue
    fi
    out=$("$TMP/oom-$v" 2>&1); rc=$?
    if [ $rc -eq 0 ] && grep -q '^oomcheck: ok' <<<"$out"; then
        pass "oomcheck-$v"
    else
        fail "oomcheck-$v" "exit $rc: $(grep -E 'FAIL|ERROR|runtime error' <<<"$out" | head -n 3 | tr '\n' ' ')"
    fi
done < <(make -s --no-print-directory variant-table)

# ---- the driver: one trace runs out, the others still run ----
cat >"$TMP/small1.rep" <<'REP'
1000
2
4
1
a 0 100
a 1 200
f 0
f 1
REP
cp "$TMP/small1.rep" "$TMP/small2.rep"
{   # 64 live blocks of 1 MiB: 64 MiB, four times the heap
    echo 67108864; echo 64; echo 128; echo 1
    for i in $(seq 0 63); do echo "a $i 1048576"; done
    for i in $(seq 0 63); do echo "f $i"; done
} >"$TMP/needs-64mib.rep"
giants=("$ANCHOR_TRACES"/cmu15213/syn-giant*.rep)
[ -f "${giants[0]}" ] || giants=()
mapfile -t hard < <(hard_variants)
build_variants "$TMP/md16" MAX_HEAP=16777216 -- "${hard[@]}"
for v in "${hard[@]}"; do
    if [ ! -x "$TMP/md16/mdriver-$v" ]; then
        fail "oom-driver-$v" "cannot build with MAX_HEAP=16777216: $(grep -m2 error "$TMP/md16/build.log")"
        continue
    fi
    out=$("$TMP/md16/mdriver-$v" --check-only -c -f "$TMP/small1.rep" -f "$TMP/needs-64mib.rep" \
          -f "$TMP/small2.rep" 2>&1); rc=$?
    if [ $rc -eq 1 ] &&
       grep -qE "needs-64mib.rep: out of memory: op [0-9]+ \(line [0-9]+\): malloc\(1048576\) for block [0-9]+ returned NULL" <<<"$out" &&
       grep -qE '^small1.rep +yes' <<<"$out" && grep -qE '^small2.rep +yes' <<<"$out" &&
       ! grep -q 'heap checker found' <<<"$out"; then
        pass "oom-driver-$v"
    else
        fail "oom-driver-$v" "exit $rc: $(grep -E 'rep(:| )' <<<"$out" | tr -s ' ' | tr '\n' ';')"
    fi
    if [ ${#giants[@]} -gt 0 ]; then
        args=(); for f in "${giants[@]}"; do args+=(-f "$f"); done
        # read as classic: in their own dialect they are skipped, too large
        out=$("$TMP/md16/mdriver-$v" --check-only -c --dialect csapp "${args[@]}" 2>&1)
        n_oom=$(grep -cE 'syn-giant[a-z-]*\.rep: out of memory: op [0-9]+ \(line [0-9]+\): (malloc|realloc)\([0-9]{13,}\)' <<<"$out")
        if [ "$n_oom" -eq ${#giants[@]} ]; then
            pass "oom-syn-giant-$v (${#giants[@]} traces)"
        else
            fail "oom-syn-giant-$v" "$n_oom of ${#giants[@]} ended out of memory: $(grep -E 'syn-giant.*: ' <<<"$out" | grep -v 'out of memory' | head -n 2 | tr '\n' ' ')"
        fi
    fi
done
[ ${#giants[@]} -gt 0 ] || skip oom-syn-giant "no $ANCHOR_TRACES/cmu15213/syn-giant*.rep"
