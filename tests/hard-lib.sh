# tests/hard-lib.sh - helpers shared by the hardening tests
# (tests/t-hard-*.sh); source it after tests/lib.sh.

# Sanitizer reports abort the process (SIGABRT), also in the driver's child.
export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:abort_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"

# The allocators hardened (hardening.mk's HARD_VARIANTS), one a line.
hard_variants() {
    make -s --no-print-directory print-HARD_VARIANTS | tr ' ' '\n'
}

# The text by which a sanitizer report is recognised in a driver's output.
HARD_SAN_PATTERN='ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|SUMMARY: (Address|Undefined|Leak)'

# The planted bugs are defects of tests/broken/broken.c: build_broken OUT
# DEFECT [make args...] builds a driver around it with -DBROKEN=BROKEN_DEFECT.
build_broken() {
    local out=$1 defect=$2; shift 2
    build_driver "$out" tests/broken/broken.c DEFS="-DBROKEN=BROKEN_$defect" "$@"
}
