#!/bin/sh
# rerecord.sh - re-records the real-program traces of the shipped suite.
#
#   tools/rerecord.sh [-w WORKDIR] [NAME...]
#
# For each workload below (all, or the NAMEs given): installs its Debian
# package with apt-get when the program is missing (as root), generates the
# inputs (tools/suite/inputs.sh, deterministic, nothing downloaded), runs
#     tools/record -o traces/NAME.rep -- COMMAND
# in the input directory, and writes the provenance row (package, version,
# command) to traces/provenance.tsv. Then run tools/suite/readme.sh to
# refresh the table in traces/README.md.
#
# A re-recording is the same workload, not the same bytes: addresses, hash
# seeds of some interpreters and library versions change the exact trace.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
work=
while [ $# -gt 0 ]; do
    case $1 in
        -w) work=$2; shift 2 ;;
        -h|--help) sed -n '2,16s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *) break ;;
    esac
done

# NAME|PACKAGE|PROGRAM|EXE|COMMAND, run in the input directory. PROGRAM
# must be on PATH (else PACKAGE is installed); EXE, when set, is the process
# whose trace is kept (record -e: bison runs m4, gcc runs cc1 and as);
# COMMAND may redirect stdin.
workloads='gawk|gawk|gawk||gawk -f wordfreq.awk text.txt
perl|perl|perl||perl textproc.pl < text.txt
python3|python3.11|python3.11|python3.11|env PYTHONMALLOC=malloc PYTHONHASHSEED=0 python3.11 jsonwork.py
lua|lua5.4|lua5.4||lua5.4 tables.lua
ruby|ruby3.1|ruby3.1||ruby3.1 objects.rb
bison|bison|bison|bison|bison -o grammar.tab.c grammar.y
make|make|make||make -n -f gen.mk
m4|m4|m4||m4 macros.m4
bc|bc|bc||bc -lq pi.bc
sqlite3|sqlite3|sqlite3||sqlite3 :memory: < rows.sql
tidy|tidy|tidy||tidy -q -f tidy.log -o page.out.html page.html
gcc|gcc-12|gcc-12|cc1|gcc-12 -O2 -c -o repbuild.o repbuild.c'

names="$*"
wanted() {
    [ -z "$names" ] && return 0
    for n in $names; do [ "$n" = "$1" ] && return 0; done
    return 1
}

make -s -C "$root/tools" librecord.so rec2rep
if [ -z "$work" ]; then
    work=$(mktemp -d "${TMPDIR:-/tmp}/rerecord.XXXXXX")
    trap 'rm -rf "$work"' EXIT
fi
sh "$root/tools/suite/inputs.sh" "$work"

# Standard programs only: no user-local shims (pyenv, rbenv) in front.
PATH=/usr/local/bin:/usr/bin:/bin
export PATH LC_ALL=C
prov=$root/traces/provenance.tsv
touch "$prov"

echo "$workloads" | while IFS='|' read -r name pkg prog exe cmd; do
    wanted "$name" || continue
    if ! command -v "$prog" >/dev/null 2>&1; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
            echo "rerecord: installing $pkg" >&2
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
                --no-install-recommends "$pkg" >&2
        else
            echo "rerecord: $prog is missing: apt-get install $pkg" >&2
            exit 1
        fi
    fi
    version=$(dpkg-query -W -f '${Version}' "$pkg" 2>/dev/null || echo unknown)
    out=$root/traces/$name.rep
    opts=${exe:+-e $exe }
    echo "rerecord: $name: $cmd" >&2
    rc=0
    (cd "$work" && eval "\"$root/tools/record\" $opts-o \"$out\" -- $cmd" \
        </dev/null >/dev/null) || rc=$?
    if [ $rc -ge 125 ]; then
        echo "rerecord: $name: recording failed" >&2
        exit 1
    fi
    # replace this trace's provenance row
    grep -v "^$name	" "$prov" > "$prov.new" || true
    printf '%s\t%s\t%s\t%s\n' "$name" "$pkg" "$version" \
        "tools/record $opts-o traces/$name.rep -- $cmd" >> "$prov.new"
    sort -o "$prov" "$prov.new"
    rm -f "$prov.new"
done
