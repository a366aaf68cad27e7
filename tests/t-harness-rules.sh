#!/usr/bin/env bash
# t-harness-rules.sh - the course rules checked at build time, the bytes an
# allocator keeps outside the heap, and the corner calls, on the hostile
# files of tests/hostile/:
#   static_table.c  a 4 KiB static array: the build and the run name it, the
#                   driver and `make grade` fail; RULES=none reports it and
#                   passes; its everything-counted utilization is the course
#                   figure with 4096 bytes more heap, on every trace (CSV)
#   calls_malloc.c  calls malloc from mm_malloc: refused at build time, by
#                   name; under RULES=none built, the call reported, its
#                   records shown as bytes outside the heap
#   libc_heap.c     its table in the C library's heap (calloc): the bytes
#                   show in outside_bytes on every trace, and in --json
#   corner_calls.c  realloc(NULL, n) crashing or returning NULL, free(NULL)
#                   crashing: a "corner" finding each, no change to the exit
#                   status; free(NULL) is a finding under CMU rules only
# and the default variant: no finding, its few scalars counted outside the
# heap.
. tests/lib.sh

H=tests/hostile
TR=(-f tests/traces/basic.rep -f tests/traces/tiny.rep -f tests/traces/util-two.rep)

# build NAME FILE [make args...]: the driver $TMP/NAME, rules as the file's
# course has them unless the args say otherwise
build() {
    local name=$1 file=$2; shift 2
    build_driver "$TMP/$name" "$file" RULES= "$@"
}

# csv_check CSV EXPR: every allocator row satisfies the awk EXPR over the
# columns by name (c["util"], ...); prints the rows that do not
csv_bad() {
    awk -F, -v expr="$2" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        $1 != "libc" { for (k in col) c[k] = $col[k]; n++
            if (expr == "static") ok = c["outside_bytes"] == 4096 && c["util_all"] < c["util"] &&
                (c["util_all"] - c["peak_live"] / (c["heap_size"] + 4096))^2 < 1e-12
            else if (expr == "libc") ok = c["outside_bytes"] >= 65536 && c["util_all"] < c["util"] &&
                (c["util_all"] - c["peak_live"] / (c["heap_size"] + c["outside_bytes"]))^2 < 1e-12
            else ok = c["outside_bytes"] > 0
            if (!ok) print $2 ": util " c["util"] " util_all " c["util_all"] " outside " c["outside_bytes"] }
        END { if (n == 0) print "no rows" }' "$1"
}

# ---- static_table.c, the rules enforced ----
STATIC_FINDING="finding: $H/static_table.c: static array 'free_lists' (4096 bytes): the CS:APP rules allow global scalars only"
if build static "$H/static_table.c"; then
    expect rules-static-build-names grep -qxF "$STATIC_FINDING" "$TMP/build-static.log"
    "$TMP/static" -g "${TR[@]}" --csv "$TMP/static.csv" --json "$TMP/static.json" >"$TMP/out" 2>&1
    rc=$?
    if [ $rc -eq 1 ] && grep -qxF "$STATIC_FINDING" "$TMP/out" && grep -Eq '^correct:3 .* util_all:[0-9.]+ outside:4096 findings:1$' "$TMP/out" &&
       ! grep -q ' no ' "$TMP/out"; then
        pass rules-static-run-fails
    else
        fail rules-static-run-fails "rc=$rc: $(grep -E 'finding|correct' "$TMP/out" | head -3)"
    fi
    bad=$(csv_bad "$TMP/static.csv" static)
    if [ -z "$bad" ]; then pass rules-static-util-all; else fail rules-static-util-all "$bad"; fi
    if python3 - "$TMP/static.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
f = d["findings"]
assert len(f) == 1 and f[0]["kind"] == "rules" and "free_lists" in f[0]["message"], f
assert d["rules"] == {"checked": "csapp", "enforced": True}, d["rules"]
assert d["outside_heap"]["static_bytes"] == 4096, d["outside_heap"]
for t in d["traces"]:
    assert t["outside_bytes"] == 4096 and t["util_all"] < t["util"], t
assert d["util_all"] < d["totals"]["avg_util"]
PY
    then pass rules-static-json; else fail rules-static-json "see the assertion above"; fi
    "$TMP/static" "${TR[@]}" --json "$TMP/gs.json" --json-format gradescope >/dev/null 2>&1
    if python3 -c '
import json, sys
t = [t for t in json.load(open(sys.argv[1]))["tests"] if t["name"] == "findings"]
assert len(t) == 1 and t[0]["status"] == "failed" and "free_lists" in t[0]["output"], t' "$TMP/gs.json"; then
        pass rules-static-gradescope
    else
        fail rules-static-gradescope "no failed findings test in $(head -c 300 "$TMP/gs.json")"
    fi
    make -s --no-print-directory grade MM="$H/static_table.c" OUT="$TMP/static" BUILD="$TMP/build-static" \
        RULES= >"$TMP/grade.out" 2>&1
    rc=$?
    if [ $rc -ne 0 ] && grep -qxF "$STATIC_FINDING" "$TMP/grade.out"; then
        pass rules-static-grade-fails
    else
        fail rules-static-grade-fails "make grade: rc=$rc"
    fi
else
    fail rules-static-build "$(tail -n 3 "$TMP/build-static.log")"
fi

# ---- static_table.c, RULES=none: reported, not enforced ----
if build static-none "$H/static_table.c" RULES=none; then
    "$TMP/static-none" -g "${TR[@]}" --json "$TMP/none.json" >"$TMP/out" 2>&1
    rc=$?
    if [ $rc -eq 0 ] && grep -qxF "$STATIC_FINDING" "$TMP/build-static-none.log" &&
       grep -qxF "$STATIC_FINDING" "$TMP/out" && grep -q 'RULES=none: reported, not enforced' "$TMP/out" &&
       grep -q '"rules": {"checked": "csapp", "enforced": false}' "$TMP/none.json"; then
        pass rules-none-reports
    else
        fail rules-none-reports "rc=$rc: $(grep -E 'finding|RULES' "$TMP/out" | head -3)"
    fi
else
    fail rules-none-build "$(tail -n 3 "$TMP/build-static-none.log")"
fi

# ---- RULES=cmu on the same file: 128 bytes of global data in all ----
if build static-cmu "$H/static_table.c" RULES=cmu; then
    expect rules-cmu-total grep -qF "finding: $H/static_table.c: global data of 4096 bytes (largest: free_lists 4096): the CMU 15-213 rules allow 128 bytes in all" \
        "$TMP/build-static-cmu.log"
else
    fail rules-cmu-build "$(tail -n 3 "$TMP/build-static-cmu.log")"
fi
make -s --no-print-directory MM="$H/static_table.c" OUT="$TMP/x" BUILD="$TMP/bx" RULES=pascal >"$TMP/out" 2>&1
rc=$?
expect rules-unknown-refused test $rc -ne 0 -a -n "$(grep "RULES must be csapp, cmu, mit or none, not 'pascal'" "$TMP/out")"

# ---- calls_malloc.c: refused; under RULES=none, built and reported ----
if ! build calls "$H/calls_malloc.c" && [ ! -e "$TMP/calls" ] &&
   grep -qxF "error: $H/calls_malloc.c is refused: it calls malloc, free (the CS:APP rules forbid memory-management calls; RULES=none builds it and reports them)" \
       "$TMP/build-calls.log"; then
    pass rules-calls-refused
else
    fail rules-calls-refused "$(tail -n 3 "$TMP/build-calls.log")"
fi
if build calls "$H/calls_malloc.c" RULES=none; then
    expect rules-calls-build-names grep -qxF "finding: $H/calls_malloc.c: calls malloc: the CS:APP rules forbid memory-management library calls and system calls" \
        "$TMP/build-calls.log"
    "$TMP/calls" "${TR[@]}" --csv "$TMP/calls.csv" >"$TMP/out" 2>&1
    rc=$?
    bad=$(csv_bad "$TMP/calls.csv" any)
    if [ $rc -eq 0 ] && grep -q "^finding: $H/calls_malloc.c: calls malloc:" "$TMP/out" && [ -z "$bad" ]; then
        pass rules-calls-run
    else
        fail rules-calls-run "rc=$rc $bad"
    fi
else
    fail rules-calls-build "$(tail -n 3 "$TMP/build-calls.log")"
fi

# ---- libc_heap.c, RULES=none: the C library's heap counted ----
if build libc-heap "$H/libc_heap.c" RULES=none; then
    "$TMP/libc-heap" "${TR[@]}" --csv "$TMP/libc.csv" --json "$TMP/libc.json" >"$TMP/out" 2>&1
    rc=$?
    bad=$(csv_bad "$TMP/libc.csv" libc)
    if [ $rc -eq 0 ] && [ -z "$bad" ] && grep -q "^finding: $H/libc_heap.c: calls calloc:" "$TMP/out"; then
        pass rules-libc-heap-counted
    else
        fail rules-libc-heap-counted "rc=$rc $bad"
    fi
    expect rules-libc-heap-json python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert all(t["outside_bytes"] >= 65536 for t in d["traces"])' "$TMP/libc.json"
else
    fail rules-libc-heap-build "$(tail -n 3 "$TMP/build-libc-heap.log")"
fi

# ---- the corner calls ----
# corner NAME BUG WANT [make args...]: the driver with CORNER_BUG=BUG runs the
# traces valid, exit status 0, and its only finding is WANT ("" for none)
corner() {
    local name=$1 bug=$2 want=$3; shift 3
    if ! build "$name" "$H/corner_calls.c" DEFS="-DCORNER_BUG=$bug" CFLAGS="-O0 -g" "$@"; then
        fail "$name" "build: $(tail -n 3 "$TMP/build-$name.log")"; return
    fi
    "$TMP/$name" "${TR[@]}" --json "$TMP/$name.json" >"$TMP/$name.out" 2>&1
    local rc=$? got
    got=$(grep '^finding: ' "$TMP/$name.out")
    if [ $rc -eq 0 ] && [ "$got" = "${want:+finding: $want}" ] && ! grep -q ' no ' "$TMP/$name.out" &&
       { [ -z "$want" ] || grep -qF '"kind": "corner"' "$TMP/$name.json"; }; then
        pass "$name"
    else
        fail "$name" "rc=$rc, findings '$got'"
    fi
}
corner corner-none 0 ""
corner corner-realloc-null-crash 1 "realloc(NULL, 24) crashed (SIGSEGV): realloc must act as malloc when ptr is NULL"
corner corner-realloc-null-null 2 "realloc(NULL, 24) returned NULL: realloc must act as malloc when ptr is NULL"
corner corner-free-null-csapp 3 ""
corner corner-free-null-cmu 3 "free(NULL) crashed (SIGSEGV): free must do nothing when ptr is NULL" INTERFACE=cmu

# ---- the default variant: no finding, its scalars counted ----
D=$(variant default)
if [ -x "$D" ]; then
    "$D" -v "${TR[@]}" --csv "$TMP/default.csv" >"$TMP/out" 2>&1
    rc=$?
    static=$(nm -S -t d --defined-only "$TEST_BUILD/variant-default/mm-under-test.o" |
             awk '$3 ~ /^[bBdD]$/ && $4 != "team" { s += $2 } END { print s + 0 }')
    bad=$(awk -F, -v s="$static" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        $1 != "libc" && $col["outside_bytes"] != s { print $2 ": " $col["outside_bytes"] " vs " s }' "$TMP/default.csv")
    if [ $rc -eq 0 ] && [ -z "$bad" ] && grep -q "^Outside the heap: $static bytes of static data" "$TMP/out" &&
       ! grep -q '^finding:' "$TMP/out"; then
        pass rules-default-outside
    else
        fail rules-default-outside "rc=$rc, nm $static: $bad"
    fi
else
    fail rules-default "no $D"
fi
