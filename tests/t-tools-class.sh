#!/usr/bin/env bash
# t-tools-class.sh - grading a class: tools/grade-class on a folder of
# submissions made from the test allocators (good ones, a folder, a CMU
# file, a crash, a hang, a file that does not compile, an escaper, a rule
# breaker) gives one row each in class.csv with the reason of every bad
# one, the JSON files and the picture, and changes nothing outside its
# output folder; the Gradescope bundle's run_autograder against a fake
# /autograder (AUTOGRADER_ROOT) on a correct and a crashing file; the
# Autolab bundle in a temporary folder; the per-submission commands through
# GNU parallel on localhost and the merge. Full tier: the 30-submission
# folder, a submission that tries to write Gradescope's results, timing
# again alone, and the elapsed time with -j 2 against -j 1.
# runs long
. tests/lib.sh

LAB=$PWD
chmod 755 "$TMP"            # run as root, the submissions run as nobody
TR=$TMP/traces
mkdir -p "$TR"
cp tests/traces/basic.rep tests/traces/util-two.rep "$TR/"
if ! "$TOOLS/gentrace" -p random -n 3000 -o "$TR/random.rep"; then
    fail class-traces "gentrace failed"; exit 0
fi
isolation=$(tools/sandbox --probe)
echo "$isolation" | sed 's/^/  sandbox: /'

# broken NAME DEFECT DIR: DIR/NAME.c, broken.c with one defect chosen in the file
broken() { { echo "#define BROKEN BROKEN_$2"; cat tests/broken/broken.c; } >"$3/$1.c"; }

S=$TMP/subs
mkdir -p "$S/folder"
cp tests/compat/classic_mm.c tests/compat/cmu_lab.c tests/class/nocompile.c tests/class/escape.c \
   tests/class/rule_breaker.c "$S/"
cp tests/compat/allocator.c "$S/folder/"
echo "a student's notes" >"$S/folder/README"
broken crash CRASH_SEGV "$S"
broken hang ENDLESS_LOOP "$S"

L=$TMP/logs
mkdir -p "$L"
touch "$TMP/before"
sleep 1
OUT=$TMP/out
tools/grade-class -j 2 -t "$TR" -s 2 --spread 0 "$S" "$OUT" >"$L/gc.out" 2>"$L/gc.err"
expect grade-class-status [ $? -eq 0 ]

# row NAME COLUMN: the value in class.csv
row() {
    python3 -c 'import csv, sys
for r in csv.DictReader(open(sys.argv[1])):
    if r["student"] == sys.argv[2]: print(r[sys.argv[3]])' "$OUT/class.csv" "$1" "$2"
}
# has NAME STATUS REASON-REGEX: the row's status and reason
has() {
    local st re
    st=$(row "$1" status) re=$(row "$1" reason)
    if [ "$st" = "$2" ] && grep -Eq -- "$3" <<<"$re"; then pass "class-$1 ($st: ${re:0:60})"
    else fail "class-$1" "status '$st', reason '$re'; want $2, /$3/"; fi
}
n=$(python3 -c 'import csv, sys; print(sum(1 for _ in csv.DictReader(open(sys.argv[1]))))' "$OUT/class.csv" 2>/dev/null)
expect class-rows [ "${n:-0}" -eq 8 ]
cols=$(head -n 1 "$OUT/class.csv")
expect class-columns [ "$cols" = "student,status,reason,correct,traces,util,util_all,speed_ratio,perf_index,findings,build,build_secs,run_secs,retimed" ]
has classic_mm ok '^$'
has folder ok '^$'
has cmu_lab ok '^$'
has crash failed 'SIGSEGV'
has hang failed 'did not finish within 2 s'
has nocompile "build failed" 'nocompile\.c:[0-9]+:[0-9]+: error'
has escape failed 'outside its folder was refused'
# the rule breaker: valid everywhere; its finding when the driver checks rules
if python3 -c 'import json, sys; sys.exit("findings" not in json.load(open(sys.argv[1])))' \
        "$OUT/json/rule_breaker.json" 2>/dev/null; then
    f=$(row rule_breaker findings)
    if grep -q 'heads' <<<"$f"; then pass "class-rule-breaker-finding ($(row rule_breaker status): ${f:0:60})"
    else fail class-rule-breaker-finding "findings '$f'"; fi
else
    expect class-rule-breaker-valid [ "$(row rule_breaker correct)/$(row rule_breaker traces)" = 3/3 ]
    skip class-rule-breaker-finding "this driver reports no findings (no \"findings\" in its JSON)"
fi
for s in classic_mm folder cmu_lab; do
    p=$(row $s perf_index) r=$(row $s speed_ratio) u=$(row $s util)
    awk -v p="$p" -v r="$r" -v u="$u" 'BEGIN { exit !(p > 0 && r > 0 && u > 0 && u <= 1) }' ||
        fail "class-scores-$s" "perf_index '$p', speed_ratio '$r', util '$u'"
done
# the driver's numbers, as its JSON has them
python3 - "$OUT" <<'EOF'
import csv, json, os, sys
out = sys.argv[1]
bad = []
for r in csv.DictReader(open(os.path.join(out, "class.csv"))):
    g = os.path.join(out, "json", r["student"] + ".gradescope.json")
    try:
        gs = json.load(open(g))
    except (OSError, ValueError) as e:
        bad.append("%s: %s" % (g, e)); continue
    if r["build"] != "ok":
        if gs["score"] != 0 or "build failed" not in gs["output"]: bad.append("%s: %r" % (g, gs))
        continue
    d = json.load(open(os.path.join(out, "json", r["student"] + ".json")))
    t = d["totals"]
    if int(r["correct"]) != t["valid"] or abs(float(r["perf_index"]) - t["perf_index"]) > 0.01 \
            or abs(float(r["util"]) - t["avg_util"]) > 1e-6:
        bad.append("%s: row %r, totals %r" % (r["student"], r, t))
    if r["status"] == "failed" and gs["score"] != 0:
        bad.append("%s: failed, Gradescope score %r" % (r["student"], gs["score"]))
print("FAIL: class-json: " + "; ".join(bad)[:600] if bad else "PASS: class-json")
EOF
if command -v gnuplot >/dev/null; then
    expect class-picture [ -s "$OUT/class.png" ]
else
    expect class-picture-data test -s "$OUT/class.gp" -a -s "$OUT/class.dat"
    skip class-picture "no gnuplot (class.dat and class.gp written)"
fi
expect class-reference grep -q '^mm,ok,' "$OUT/reference.csv"
expect class-progress grep -Eq '10 of 10 done, [0-9]+ failed, about [0-9]+ s left' "$L/gc.err"
# nothing outside the output folder: not the lab, not the escaper's target
changed=$(find "$LAB" "$TMP" -path "$LAB/.git" -prune -o -path "$OUT" -prune -o -path "$L" -prune -o -newer "$TMP/before" -print |
          grep -v -x -e "$TMP" -e "$LAB" | head -n 5)
expect class-nothing-outside test -z "$changed" -a ! -e "$OUT/escape" -a ! -e "$TMP/escape"
[ -z "$changed" ] || echo "  changed outside $OUT: $changed"
if ! grep -q 'writes: its own folder only' <<<"$isolation"; then
    skip class-isolation "the machine allows no mount namespace: writes are not contained"
fi

# Gradescope: the bundle, run_autograder against a fake /autograder
# gradescope_run NAME FILE: AUTOGRADER_ROOT=$TMP/ag-NAME, FILE as mm.c
make -s --no-print-directory gradescope BUNDLE_OUT="$TMP" BUILD="$TMP/bundle" TRACES="$TR" SECS=2 >"$TMP/gs-make.log" 2>&1
expect gradescope-zip unzip -l "$TMP/autograder.zip" setup.sh run_autograder Makefile tools/grade-one >/dev/null
gradescope_run() {
    local root=$TMP/ag-$1
    mkdir -p "$root/source" "$root/submission" && chmod 755 "$root"
    (cd "$root/source" && unzip -q "$TMP/autograder.zip")
    cp "$2" "$root/submission/mm.c"
    AUTOGRADER_ROOT=$root "$root/source/run_autograder" >"$TMP/ag-$1.log" 2>&1
    echo "$root/results/results.json"
}
res=$(gradescope_run good tests/compat/classic_mm.c)
python3 -c 'import json, sys; d = json.load(open(sys.argv[1]))
sys.exit(not (d["score"] > 0 and len(d["tests"]) == 3 and all(t["status"] == "passed" for t in d["tests"])))' "$res" \
    && pass gradescope-correct || fail gradescope-correct "$(head -c 300 "$res" 2>&1)"
broken crash CRASH_SEGV "$TMP"
res=$(gradescope_run crash "$TMP/crash.c")
python3 -c 'import json, sys; d = json.load(open(sys.argv[1]))
sys.exit(not (d["score"] == 0 and any("SIGSEGV" in t["output"] for t in d["tests"])))' "$res" \
    && pass gradescope-crash || fail gradescope-crash "$(head -c 300 "$res" 2>&1)"

# Autolab: the tarball and its Makefile in a temporary folder
make -s --no-print-directory autolab BUNDLE_OUT="$TMP" BUILD="$TMP/bundle" TRACES="$TR" SECS=2 >"$TMP/al-make.log" 2>&1
mkdir -p "$TMP/autolab" && chmod 755 "$TMP/autolab"
cp "$TMP/autograde.tar" "$TMP/autolab/" && cp "$TMP/autograde-Makefile" "$TMP/autolab/Makefile" &&
    cp tests/compat/classic_mm.c "$TMP/autolab/mm.c"
make -s -C "$TMP/autolab" >"$TMP/autolab.out" 2>&1
last=$(tail -n 1 "$TMP/autolab.out")
if grep -Eq '^\{"scores": \{"perf_index": [0-9.]+\}\}$' <<<"$last" && ! grep -q '"perf_index": 0}' <<<"$last"; then
    pass "autolab-scores ($last)"
else
    fail autolab-scores "last line '$last'"
fi

# The per-submission commands through GNU parallel on this machine, then the merge
if command -v parallel >/dev/null; then
    mkdir -p "$TMP/subs2"
    cp tests/compat/cmu_lab.c tests/class/nocompile.c "$TMP/subs2/"
    tools/grade-class --commands -t "$TR" -s 2 "$TMP/subs2" "$TMP/out2" >"$TMP/commands.txt"
    expect parallel-commands [ "$(wc -l <"$TMP/commands.txt")" -eq 2 ]
    parallel --sshlogin : -j 2 <"$TMP/commands.txt" >"$TMP/parallel.log" 2>&1
    tools/grade-class --merge "$TMP/out2" >"$TMP/merge.out" 2>&1
    if [ "$(cut -d, -f1,2 "$TMP/out2/class.csv" 2>/dev/null | tail -n +2 | paste -sd ' ')" = "cmu_lab,ok nocompile,build failed" ]; then
        pass parallel-merge
    else
        fail parallel-merge "$(cat "$TMP/merge.out" "$TMP/parallel.log" | head -c 400)"
    fi
else
    skip parallel-merge "GNU parallel is not installed (Debian package parallel)"
fi

full || exit 0

# Full tier: Gradescope's results cannot be written by the student's code
cat >"$TMP/tamper.c" <<'EOF'
/* writes a perfect score where Gradescope reads the results, then crashes */
#include <stdio.h>
#include <stdlib.h>
#include "mm.h"
#include "memlib.h"
int mm_init(void)
{
    const char *root = getenv("AUTOGRADER_ROOT");
    char path[4096];
    snprintf(path, sizeof path, "%s/results/results.json", root ? root : "/autograder");
    FILE *f = fopen(path, "w");
    if (f) { fputs("{\"score\": 100, \"tests\": []}\n", f); fclose(f); }
    snprintf(path, sizeof path, "%s/results/tampered", root ? root : "/autograder");
    f = fopen(path, "w");
    if (f) fclose(f);
    return 0;
}
void *mm_malloc(size_t size) { (void)size; return *(void **)8; }
void mm_free(void *ptr) { (void)ptr; }
void *mm_realloc(void *ptr, size_t size) { (void)ptr; (void)size; return NULL; }
EOF
res=$(gradescope_run tamper "$TMP/tamper.c")
python3 -c 'import json, sys; sys.exit(json.load(open(sys.argv[1]))["score"] != 0)' "$res" \
    && [ ! -e "$(dirname "$res")/tampered" ] && pass gradescope-results-protected || fail gradescope-results-protected "$(head -c 300 "$res" 2>&1)"

# Timed again, alone: a spread above the threshold (any, at 0.000001)
mkdir -p "$TMP/subs3" && cp tests/compat/cmu_lab.c "$TMP/subs3/"
tools/grade-class -j 2 -t "$TR" -s 2 --spread 0.000001 --refs "" "$TMP/subs3" "$TMP/out3" >"$TMP/gc3.out" 2>&1
expect class-retimed [ "$(cut -d, -f1,2,14 "$TMP/out3/class.csv" | tail -n 1)" = "cmu_lab,ok,1" ]

# The 30-submission folder: every bad one has its reason
C=$TMP/class30
mkdir -p "$C/s26" "$C/s27"
i=0
for f in tests/compat/classic_mm.c tests/compat/csapp_textbook.c tests/compat/allocator.c tests/compat/cmu_lab.c \
         tests/compat/mit_lab.c tests/compat/csapp_textbook.c tests/compat/classic_mm.c tests/compat/cmu_lab.c; do
    i=$((i + 1)); cp "$f" "$C/good$i.c"
done
cp mm.c "$C/s26/mm.c"
cp tests/compat/allocator.c "$C/s27/allocator.c"
for d in CONTAINS_LIVE CRASH_ABORT CRASH_SEGV CRASH_IN_TIMING ENDLESS_LOOP FREE_SCRIBBLES_NEIGHBOUR INIT_FAILS \
         MALLOC_SCRIBBLES MISALIGNED NULL_NOT_FULL OUTSIDE_HEAP PARTIAL_OVERLAP REALLOC_GROWS_OVER_NEIGHBOUR \
         REALLOC_NO_COPY REALLOC_PARTIAL_COPY; do
    broken "bad-$(tr 'A-Z_' 'a-z-' <<<"$d")" "$d" "$C"
done
cp tests/compat/csapp_broken.c tests/compat/mit_broken.c tests/class/escape.c tests/class/nocompile.c \
   tests/class/rule_breaker.c "$C/"
echo "  class of $(ls "$C" | wc -l) submissions"
load=$(cut -d' ' -f1 /proc/loadavg)
# secs LOG CMD...: runs CMD (its output in LOG), prints its elapsed seconds
secs() {
    local log=$1 t0; shift
    t0=$(date +%s.%N); "$@" >"$log" 2>&1
    awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'
}
t1=$(secs "$TMP/c30-j1.out" tools/grade-class -j 1 -t "$TR" -s 2 --spread 0 "$C" "$TMP/c30-j1")
t2=$(secs "$TMP/c30-j2.out" tools/grade-class -j 2 -t "$TR" -s 2 --spread 0 "$C" "$TMP/c30-j2")
python3 - "$TMP/c30-j2/class.csv" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
bad = [r for r in rows if r["student"].startswith("bad-") or r["student"] in
       ("csapp_broken", "mit_broken", "escape", "nocompile")]
why = ["%s: %s '%s'" % (r["student"], r["status"], r["reason"]) for r in bad if r["status"] == "ok" or not r["reason"]]
good = ["%s: %s '%s'" % (r["student"], r["status"], r["reason"]) for r in rows
        if (r["student"].startswith("good") or r["student"] in ("s26", "s27")) and r["status"] != "ok"]
rb = [r["status"] for r in rows if r["student"] == "rule_breaker"]
if rb != ["ok"] and rb != ["rules"]:
    good.append("rule_breaker: %r" % rb)
if len(rows) != 30 or len(bad) != 19 or why or good:
    print("FAIL: class30-reasons: %d rows, %d bad; without a reason: %s; good ones not ok: %s" % (len(rows), len(bad), why, good))
else:
    print("PASS: class30-reasons (30 rows, 19 bad ones each with its reason)")
EOF
command -v gnuplot >/dev/null && expect class30-picture test -s "$TMP/c30-j2/class.png"
ratio=$(awk -v a="$t2" -v b="$t1" 'BEGIN { printf "%.2f", a / b }')
msg="-j 2 $t2 s, -j 1 $t1 s: $ratio (load average $load before, $(nproc) cores)"
if [ "$(nproc)" -lt 2 ]; then
    skip class30-parallel "one core: $msg"
elif awk -v l="$load" 'BEGIN { exit !(l < 0.5) }'; then
    if awk -v r="$ratio" 'BEGIN { exit !(r <= 0.6) }'; then pass "class30-parallel ($msg)"
    else fail class30-parallel "$msg, want at most 0.60"; fi
else
    skip class30-parallel "the machine was busy: $msg"
fi
