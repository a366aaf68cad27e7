# plots/lib.sh - shared by the plots/ scripts (source it from the top
# directory of the repository).
#
# Settings, all from the environment (plots.mk passes make's variables):
#   TRACES        directory of .rep traces to replay          (traces)
#   PLOTS_OUT     where pictures go; CSV goes to PLOTS_OUT/data (plots)
#   MAKE          the make to call                             (make)
#   PLOTS_BUILD   make arguments of the variants' drivers      (BUILDROOT=build/plots
#                 (build root, bin directory, settings)         BINDIR=build/plots
#                                                               TIMED_REPLAYS=3)
#   PLOTS_BINDIR  where they are                               (build/plots)
#   PLOTS_JOBS    variants replayed at once                    (2)
#   FULL          1: the full sweep (plots.mk), which times    (empty: the
#                 each allocator beside the other side as the   quick sweep)
#                 driver does by default; else the quick sweep,
#                 which times one side per run (--ref none,
#                 --ref-only)
#   TOOLS_BIN     where the trace tools are built              (tools)

TRACES=${TRACES:-traces}
PLOTS_OUT=${PLOTS_OUT:-plots}
DATA=$PLOTS_OUT/data
MAKE=${MAKE:-make}
PLOTS_BUILD=${PLOTS_BUILD:-BUILDROOT=build/plots BINDIR=build/plots TIMED_REPLAYS=3}
PLOTS_BINDIR=${PLOTS_BINDIR:-build/plots}
PLOTS_JOBS=${PLOTS_JOBS:-2}
FULL=${FULL:-}
TOOLS_BIN=${TOOLS_BIN:-tools}

note() { echo "plots: $*" >&2; }
die() { echo "plots: error: $*" >&2; exit 1; }

# The traces to replay, one path a line, sorted. A directory with no .rep
# files falls back to a small generated suite, so a fresh clone still
# gets pictures.
trace_files() {
    local found
    found=$(find "$TRACES" -maxdepth 1 -name '*.rep' 2>/dev/null | LC_ALL=C sort)
    if [ -n "$found" ]; then
        echo "$found"
        return
    fi
    local dir=$DATA/generated-traces
    if [ ! -f "$dir/.done" ]; then
        note "no .rep files in '$TRACES': generating a small suite in $dir with tools/gentrace"
        $MAKE -s --no-print-directory tools TOOLS_BIN="$TOOLS_BIN" >/dev/null || die "cannot build tools/gentrace"
        mkdir -p "$dir"
        local p
        for p in random binary coalesce realloc ramp tiny; do
            "$TOOLS_BIN/gentrace" -p "$p" -n 20000 -l 1000 -o "$dir/gen-$p.rep" || die "gentrace -p $p failed"
        done
        touch "$dir/.done"
    fi
    find "$dir" -maxdepth 1 -name '*.rep' | LC_ALL=C sort
}

# The variants, one name a line (make list-variants).
variant_names() { $MAKE -s --no-print-directory list-variants; }

# The driver of variant $1.
variant_driver() { echo "$PLOTS_BINDIR/mdriver-$1"; }

# build_drivers NAME...: the drivers of the variants named, PLOTS_JOBS at a time.
build_drivers() {
    local v targets=()
    for v in "$@"; do targets+=("$(variant_driver "$v")"); done
    # shellcheck disable=SC2086
    $MAKE -s --no-print-directory -j"$PLOTS_JOBS" $PLOTS_BUILD "${targets[@]}"
}

# csv2tsv FILE: the driver's CSV (RFC 4180 quoting; messages may hold
# commas) as tab-separated fields without quotes, for awk -F'\t'.
csv2tsv() {
    awk '{
        out = ""; field = ""; inq = 0; n = length($0)
        for (i = 1; i <= n; i++) {
            c = substr($0, i, 1)
            if (inq) {
                if (c == "\"") { if (substr($0, i + 1, 1) == "\"") { field = field c; i++ } else inq = 0 }
                else field = field c
            } else if (c == "\"") inq = 1
            else if (c == ",") { out = out field "\t"; field = "" }
            else field = field c
        }
        sub(/\r$/, "", field)
        print out field
    }' "$@"
}

# tsv2csv: the reverse, quoting the fields that need it.
tsv2csv() {
    awk -F'\t' -v OFS=, '{
        for (i = 1; i <= NF; i++)
            if ($i ~ /[,"]/) { gsub(/"/, "\"\"", $i); $i = "\"" $i "\"" }
        $1 = $1; print
    }' "$@"
}
