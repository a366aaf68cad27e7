# tests/lib.sh - helpers for the test scripts (source it).
# pass NAME / fail NAME WHY / skip NAME WHY print the result lines that
# tests/run counts. Scripts run from the repository's top directory.

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

# build_driver OUT MM [make args...]: builds an mdriver around MM into OUT,
# in its own build directory, quietly. Returns make's status.
build_driver() {
    local out=$1 mm=$2; shift 2
    make -s --no-print-directory MM="$mm" OUT="$out" BUILD="$TMP/build-$(basename "$out")" "$@" \
        >"$TMP/build-$(basename "$out").log" 2>&1
}
