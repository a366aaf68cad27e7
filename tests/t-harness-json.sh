#!/usr/bin/env bash
# t-harness-json.sh - mdriver --json: the document parses, and its numbers
# for each trace equal the CSV's of the same run; the failure of a failing
# trace is there with its class, op and line; --json-format gradescope has
# one test per trace, whose scores add up to the top-level score, which is
# the Perf index, and a failing trace's output names the shrink command.
. tests/lib.sh
. tests/broken/link.sh

# The checks read the JSON with a real parser: python3's (.ci/run installs
# it; README's install line names it).
if ! command -v python3 >/dev/null 2>&1; then
    skip json "python3 is not installed (apt-get install python3): these checks parse the JSON with it"
    exit 0
fi

test_drivers json CRASH_SEGV || exit 0
TR=tests/traces
TRACES=(-f $TR/basic.rep -f $TR/util-two.rep -f $TR/cmu-weight0.rep -f $TR/mit-write.rep -f traces/gen-tiny.rep)

"$TMP/mm" "${TRACES[@]}" --json "$TMP/run.json" --csv "$TMP/run.csv" >"$TMP/run.out" 2>&1
if ! python3 -m json.tool "$TMP/run.json" >/dev/null 2>"$TMP/parse.err"; then
    fail json-parses "$(head -c 300 "$TMP/parse.err")"; exit 0
fi
pass json-parses

# Every number a trace shares with the CSV, compared as the CSV prints it.
python3 - "$TMP/run.json" "$TMP/run.csv" <<'EOF'
import csv, json, sys
doc = json.load(open(sys.argv[1]))
rows = [r for r in csv.DictReader(open(sys.argv[2])) if r["allocator"] == doc["allocator"]["name"]]
bad = []
if len(rows) != len(doc["traces"]):
    bad.append("%d traces in the JSON, %d rows in the CSV" % (len(doc["traces"]), len(rows)))
for t, r in zip(doc["traces"], rows):
    pairs = [("name", t["name"], r["trace"]), ("valid", int(t["valid"]), int(r["valid"])),
             ("ops", t["ops"], int(r["ops"])), ("util", t["util"], float(r["util"])),
             ("secs", t["secs"], float(r["secs"])), ("kops", t["kops"], float(r["kops"])),
             ("status", t["status"], r["status"]), ("weight", t["weight"], int(r["weight"])),
             ("peak_live", t["peak_live"], int(r["peak_live"])),
             ("heap_size", t["heap_size"], int(r["heap_size"]))]
    bad += ["%s %s: json %r, csv %r" % (t["name"], k, a, b) for k, a, b in pairs if a != b]
    if abs(t["speed_ratio"] - t["kops"] / t["libc_kops"]) > 1e-3 * t["speed_ratio"]:
        bad.append("%s speed_ratio %r is not kops/libc_kops" % (t["name"], t["speed_ratio"]))
for key in ("driver", "allocator", "build", "reference", "traces", "totals"):
    if key not in doc:
        bad.append("no " + key)
if doc["allocator"]["interface"] != "csapp" or doc["build"]["alignment"] not in (8, 16):
    bad.append("allocator/build: %r %r" % (doc["allocator"], doc["build"]))
print("FAIL: json-equals-csv: " + "; ".join(bad) if bad else "PASS: json-equals-csv")
EOF
idx=$(sed -n 's/^Perf index = .* = \([0-9.]*\)\/100$/\1/p' "$TMP/run.out")
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(abs(d['totals']['perf_index']-float(sys.argv[2]))>0.05)" \
    "$TMP/run.json" "${idx:-x}" 2>/dev/null && pass json-perf-index || fail json-perf-index "printed '$idx'"

# Gradescope: one test per trace, scores adding up to the index
"$TMP/mm" "${TRACES[@]}" --json "$TMP/gs.json" --json-format gradescope >"$TMP/gs.out" 2>&1
idx=$(sed -n 's/^Perf index = .* = \([0-9.]*\)\/100$/\1/p' "$TMP/gs.out")
python3 - "$TMP/gs.json" "${idx:-x}" 5 <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
tests, total = d["tests"], sum(t["score"] for t in d["tests"])
bad = []
if len(tests) != int(sys.argv[3]): bad.append("%d tests" % len(tests))
if abs(total - d["score"]) > 0.01: bad.append("tests add up to %.4f, score %.4f" % (total, d["score"]))
if abs(d["score"] - float(sys.argv[2])) > 0.05: bad.append("score %.4f, printed index %s" % (d["score"], sys.argv[2]))
if abs(sum(t["max_score"] for t in tests) - 100) > 0.01: bad.append("max scores add up to %r" % sum(t["max_score"] for t in tests))
if any(t["score"] > t["max_score"] + 1e-9 or not t["output"] for t in tests): bad.append("a score above its max, or no output")
w0 = [t for t in tests if t["name"] == "cmu-weight0.rep"]
if not w0 or w0[0]["max_score"] != 0: bad.append("the weight-0 trace is scored")
print("FAIL: json-gradescope: " + "; ".join(bad) if bad else "PASS: json-gradescope (score %.1f)" % d["score"])
EOF

# A failing trace: its failure in the JSON; in Gradescope's, zero and the
# shrink command
"$TMP/CRASH_SEGV" -f $TR/basic.rep -f $TR/tiny.rep --json "$TMP/f.json" >/dev/null 2>&1
"$TMP/CRASH_SEGV" -f $TR/basic.rep -f $TR/tiny.rep --json "$TMP/fg.json" --json-format gradescope >/dev/null 2>&1
python3 - "$TMP/f.json" "$TMP/fg.json" "$TMP/CRASH_SEGV" <<'EOF'
import json, sys
d, g = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
t = d["traces"][0]
bad = []
f = t["failure"] or {}
if t["valid"] or f.get("class") != "crash SIGSEGV" or f.get("op") != 3 or f.get("line") != 7 \
        or f.get("shrink") != "%s --shrink tests/traces/basic.rep" % sys.argv[3]:
    bad.append("failure %r" % f)
if d["traces"][1]["failure"] is not None or d["totals"]["perf_index"] != 0:
    bad.append("tiny.rep or totals: %r %r" % (d["traces"][1], d["totals"]))
cmd = "%s --shrink tests/traces/basic.rep" % sys.argv[3]
if g["score"] != 0 or any(x["score"] != 0 for x in g["tests"]) or cmd not in g["tests"][0]["output"] \
        or g["tests"][0]["status"] != "failed":
    bad.append("gradescope: %r" % g)
print("FAIL: json-failure: " + "; ".join(bad) if bad else "PASS: json-failure")
EOF

"$TMP/mm" -f $TR/basic.rep --json "$TMP/x.json" --json-format junit >/dev/null 2>&1
expect json-format-unknown [ $? -eq 2 ]
