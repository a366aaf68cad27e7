#!/bin/sh
# tools/mm-facts.sh - what an allocator object keeps outside the heap, and
# the course rules it breaks, read from the object at build time (the
# Makefile runs it on every allocator it builds a driver around).
#
#   tools/mm-facts.sh OBJ FILE RULES ENFORCED OUT.c
#
# OBJ is the compiled allocator, FILE its source as the user named it (for
# the messages), RULES the course whose rules apply (csapp, cmu or mit),
# ENFORCED 1 or 0 (RULES=none: report, do not fail). Writes OUT.c, the
# facts the driver reports (facts.h), and prints each finding as a line
# "finding: FILE: ...". Enforced, a forbidden call refuses the file: no
# OUT.c, exit 1 (the other findings fail the run, not the build: the
# driver shows what they cost).
#
# Static state: every writable static object (.data, .bss: nm types b, d, s,
# g, v, C), symbol by symbol, but the CS:APP `team` record, which is the
# interface's, not the allocator's. Read-only objects (nm type r, and
# .data.rel.ro: constants that hold addresses) are listed apart, not
# counted and not judged by the rules: they are constants, not state. Whether an object is an array, a struct or a
# scalar is read from its debug information (gdb ptype) when there is any;
# without it, an object wider than 8 bytes counts as compound.
#
# Forbidden calls: the object's undefined symbols among the memory
# management functions and system calls (FORBIDDEN below).
#
# The rules (quoted with their sources in README.md, "Score"):
#   csapp, mit  no memory-management calls; global scalars only, no static
#               arrays, structs, trees or lists
#   cmu         no memory-management calls; global data of 128 bytes at most
set -u
obj=$1 file=$2 rules=$3 enforced=$4 out=$5
FORBIDDEN='malloc calloc realloc reallocarray free cfree memalign posix_memalign aligned_alloc
valloc pvalloc __libc_malloc __libc_calloc __libc_realloc __libc_free __libc_memalign
sbrk brk mmap mmap64 munmap mremap'
CMU_GLOBAL_MAX=128

case $rules in
csapp) course="CS:APP" ;;
mit) course="MIT 6.172" ;;
cmu) course="CMU 15-213" ;;
*) echo "mm-facts.sh: rules csapp, mit or cmu, not '$rules'" >&2; exit 2 ;;
esac

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
# name kind size, one object a line; kind w (writable) or r (read-only)
nm -P -S --defined-only "$obj" >"$tmp/nm" || exit 2
# const data that holds addresses: writable for the loader, then read-only
objdump -t "$obj" | awk 'NF >= 4 && $(NF-2) ~ /^\.data\.rel\.ro/ { print $NF }' >"$tmp/relro" || exit 2
awk 'function hex(s,   i, v) {
        v = 0
        for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", tolower(substr(s, i, 1))) - 1
        return v
     }
     FILENAME == ARGV[1] { relro[$1] = 1; next }
     $1 !~ /^\./ && $1 != "team" && NF >= 4 {
        k = $2 ~ /^[bBdDsSgGvVC]$/ ? "w" : $2 ~ /^[rR]$/ ? "r" : ""
        if ($1 in relro) k = "r"
        if (k != "") printf "%s %s %d\n", $1, k, hex($4)
     }' "$tmp/relro" "$tmp/nm" >"$tmp/objects"

# the shape of each writable object: array, struct, union or scalar
# ("?" when there is no type to read)
: >"$tmp/shapes"
if command -v gdb >/dev/null 2>&1 && [ -s "$tmp/objects" ]; then
    set --
    while read -r name kind size; do
        [ "$kind" = w ] && set -- "$@" -ex "echo @@$name\\n" -ex "ptype $name"
    done <"$tmp/objects"
    [ $# -gt 0 ] && gdb -batch -nx "$@" "$obj" 2>&1 | awk '
        function flush() {
            if (name == "") return
            shape = "?"
            if (first ~ /^type = /) {
                if (last ~ /\]$/) shape = "array"
                else if (first ~ /^type = struct/ && last ~ /^}$/) shape = "struct"
                else if (first ~ /^type = union/ && last ~ /^}$/) shape = "union"
                else shape = "scalar"
            }
            print name, shape
        }
        /^@@/ { flush(); name = substr($0, 3); first = ""; last = ""; next }
        { if (first == "") first = $0; last = $0 }
        END { flush() }' >"$tmp/shapes"
fi

# C string literal of $1
cstr() { printf '"%s"' "$(printf '%s' "$1" | sed 's/[\\"]/\\&/g')"; }

: >"$tmp/findings"
finding() { printf '%s\n' "$1" >>"$tmp/findings"; }

for f in $FORBIDDEN; do
    if nm -u "$obj" | awk '{ print $NF }' | grep -qx "$f"; then
        finding "$file: calls $f: the $course rules forbid memory-management library calls and system calls"
    fi
done

static=$(awk '$2 == "w" { s += $3 } END { print s + 0 }' "$tmp/objects")
readonly_bytes=$(awk '$2 == "r" { s += $3 } END { print s + 0 }' "$tmp/objects")
if [ "$rules" = cmu ]; then
    if [ "$static" -gt $CMU_GLOBAL_MAX ]; then
        largest=$(awk '$2 == "w"' "$tmp/objects" | sort -k3,3nr | head -n 4 |
                  awk '{ printf "%s%s %d", (NR > 1 ? ", " : ""), $1, $3 }')
        finding "$file: global data of $static bytes (largest: $largest): the $course rules allow $CMU_GLOBAL_MAX bytes in all"
    fi
else
    while read -r name kind size; do
        [ "$kind" = w ] || continue
        shape=$(awk -v n="$name" '$1 == n { print $2 }' "$tmp/shapes")
        case ${shape:-?} in
        array|struct|union) what="static $shape" ;;
        scalar) continue ;;
        *) [ "$size" -gt 8 ] || continue; what="static data" ;;
        esac
        finding "$file: $what '$name' ($size bytes): the $course rules allow global scalars only"
    done <"$tmp/objects"
fi

{
    echo "/* written by tools/mm-facts.sh from $(basename "$obj"): do not edit */"
    echo '#include "outside.h"'
    echo "const struct mm_object_facts mm_object_facts = {"
    echo "    .measured = 1, .rules = $(cstr "$rules"), .course = $(cstr "$course"),"
    echo "    .enforced = $enforced, .static_bytes = $static, .readonly_bytes = $readonly_bytes,"
    echo "};"
    echo "const struct mm_object_symbol mm_object_symbols[] = {"
    sort -k2,2r -k3,3nr "$tmp/objects" | while read -r name kind size; do
        echo "    { $(cstr "$name"), $([ "$kind" = w ] && echo 1 || echo 0), $size },"
    done
    echo "    { 0, 0, 0 }"
    echo "};"
    echo "const char *const mm_object_findings[] = {"
    while IFS= read -r line; do echo "    $(cstr "$line"),"; done <"$tmp/findings"
    echo "    0"
    echo "};"
} >"$out.tmp" && mv "$out.tmp" "$out" || exit 2
sed 's/^/finding: /' "$tmp/findings"
calls=$(sed -n 's/^[^:]*: calls \([^:]*\):.*/\1/p' "$tmp/findings" | paste -sd ',' - | sed 's/,/, /g')
if [ "$enforced" = 1 ] && [ -n "$calls" ]; then
    rm -f "$out"
    echo "error: $file is refused: it calls $calls (the $course rules forbid memory-management calls; RULES=none builds it and reports them)" >&2
    exit 1
fi
exit 0
