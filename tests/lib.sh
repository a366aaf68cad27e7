# tests/lib.sh - helpers for the test scripts (source it). The scripts run
# through tests/run, from the repository's top directory, with TEST_TIER,
# TEST_BUILD, WARN and ANCHOR_TRACES set (see tests/run).
# pass NAME / fail NAME WHY / skip NAME WHY print the result lines that
# tests/run counts.

if [ -z "${TEST_BUILD:-}" ]; then
    echo "FAIL: $(basename "$0"): run it through tests/run ($0 needs TEST_BUILD)"
    exit 1
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1: $2"; }
skip() { echo "SKIP: $1: $2"; }

# expect NAME CONDITION-COMMAND... : pass when the command succeeds.
expect() {
    local name=$1; shift
    if "$@"; then pass "$name"; else fail "$name" "failed: $*"; fi
}

# full: true in the full tier (make test-full).
full() { [ "$TEST_TIER" = full ]; }

# variant NAME: the driver of variant NAME, built for this run.
variant() { echo "$TEST_BUILD/mdriver-$1"; }

# The trace tools (tools/), built for this run; tools/record and
# tools/suite/readme.sh take them from TOOLS_BIN.
TOOLS=$TEST_BUILD/tools
export TOOLS_BIN=$TOOLS

# build_driver OUT MM [make args...]: builds an mdriver around the allocator
# file MM (make MM=...) into OUT, in its own build directory, quietly.
# Returns make's status; the log is $TMP/build-NAME.log.
build_driver() {
    local out=$1 mm=$2; shift 2
    make -s --no-print-directory MM="$mm" OUT="$out" BUILD="$TMP/build-$(basename "$out")" "$@" \
        >"$TMP/build-$(basename "$out").log" 2>&1
}

# build_variants DIR [make args...] -- NAME...: mdriver-NAME of the variants
# named, built by the Makefile's variant rule with the make args given (CC,
# CFLAGS, config settings), into DIR. Returns make's status; log: DIR/build.log.
build_variants() {
    local dir=$1 args=() names=(); shift
    while [ $# -gt 0 ] && [ "$1" != -- ]; do args+=("$1"); shift; done
    shift
    for n in "$@"; do names+=("$dir/mdriver-$n"); done
    mkdir -p "$dir"
    make -s --no-print-directory -j"${TEST_JOBS:-2}" BUILDROOT="$dir" BINDIR="$dir" "${args[@]}" \
        "${names[@]}" >"$dir/build.log" 2>&1
}
