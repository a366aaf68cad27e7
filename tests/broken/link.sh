# tests/broken/link.sh - many drivers from one build (source it after
# tests/lib.sh). A driver build compiles every driver file; these helpers
# compile them once and link each allocator file against them.
#
#   driver_objects DIR      builds DIR/naive (the driver around
#                           allocators/naive.c, at -O0) and leaves the
#                           driver's objects in DIR
#   link_driver DIR OUT SRC [CFLAGS...]
#                           compiles SRC as a course file is compiled
#                           (GNU C, -Wall) and links it with DIR's objects
#                           into OUT; the log is OUT.log

driver_objects() {
    make -s --no-print-directory MM=allocators/naive.c BUILD="$1" OUT="$1/naive" CFLAGS="-O0 -g" \
        >"$1.log" 2>&1
}

link_driver() {
    local dir=$1 out=$2 src=$3; shift 3
    local objs=()
    for o in "$dir"/*.o; do
        case $(basename "$o") in mm-under-test.o|mm-wrapped.o|mm-facts.o) ;; *) objs+=("$o") ;; esac
    done
    { gcc -std=gnu11 -D_GNU_SOURCE -O0 -g -I. -Icompat -Wall "$@" -c "$src" -o "$out.o" &&
      gcc -o "$out" "${objs[@]}" "$out.o" -lm; } >"$out.log" 2>&1
}

# test_drivers NAME [DEFECT...]: driver_objects "$TMP/b", then "$TMP/mm"
# around mm.c and "$TMP/DEFECT" around broken.c built with
# -DBROKEN=BROKEN_DEFECT for each; on a failure prints FAIL: NAME-build
# and returns 1.
test_drivers() {
    local name=$1 d; shift
    if ! driver_objects "$TMP/b"; then
        fail "$name-build" "$(tail -n 3 "$TMP/b.log")"; return 1
    fi
    if ! link_driver "$TMP/b" "$TMP/mm" mm.c; then
        fail "$name-build" "mm.c: $(tail -n 3 "$TMP/mm.log")"; return 1
    fi
    for d in "$@"; do
        if ! link_driver "$TMP/b" "$TMP/$d" tests/broken/broken.c "-DBROKEN=BROKEN_$d"; then
            fail "$name-build" "$d: $(tail -n 3 "$TMP/$d.log")"; return 1
        fi
    done
}
