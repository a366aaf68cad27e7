/*
 * mdriver.c - the malloc lab driver.
 *
 * Reads traces, replays each one against the allocator linked in with it
 * (checking every answer, in a child process), times the allocator and the
 * C library on it in the same run, and prints the results table and the
 * performance index. See README.md for the flags and the trace format.
 *
 * Modules: trace.c (reading traces), validate.c (the correctness pass),
 * replay.c (timing), run.c (one trace in a child process), report.c
 * (score, table, CSV), mm_api.c (which allocator functions to call),
 * footprint.c (the C library's memory footprint, read in a fresh process),
 * ref.c (the malloc timed beside it, --ref).
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "corner.h"
#include "findings.h"
#include "footprint.h"
#include "heapmap.h"
#include "json.h"
#include "mm_api.h"
#include "ref.h"
#include "report.h"
#include "run.h"
#include "shrink.h"
#include "trace.h"

struct options {
    char **paths;              /* trace files, in order */
    int npaths, cap;
    bool libc_table;           /* -l */
    int verbose;               /* -v 1, -V 2 */
    bool autograder;           /* -g */
    const char *csv;           /* --csv FILE */
    const char *ref;           /* --ref NAME (NULL: the process's malloc) */
    const char *ref_label;     /* the reference's name, when not as probed */
    bool ref_none;             /* --ref none: the allocator alone is timed  */
    bool ref_only;             /* --ref-only: the reference alone is run    */
    enum trace_dialect dialect;
    struct run_options run;
    struct shrink_options shrink;   /* --shrink, -o, --shrink-time */
    struct heapmap_options heapmap; /* --heapmap, --at, --heapmap-every */
    struct json_options json;       /* --json, --json-format */
};

static void usage(FILE *out)
{
    fprintf(out,
"Usage: mdriver [-hvVgalc] [-C N] [-f FILE]... [-t DIR]... [-s SECS] [--time-limit SECS]\n"
"               [--check-only] [--csv FILE] [--json FILE [--json-format F]] [--series DIR]\n"
"               [--ref NAME] [--ref-only] [--dialect D] [--no-fork]\n"
"       mdriver --shrink FILE [-o OUT.rep] [--shrink-time SECS] [-c] [-C N] [-s SECS]\n"
"       mdriver --heapmap OUT.png|OUT.svg -f FILE [--at N|peak|fail] [--window BYTES]\n"
"               [--heapmap-every K]\n"
"Replays allocation traces against the allocator built into this driver,\n"
"checks every answer, and scores utilization and throughput against the C\n"
"library's malloc measured in the same run.\n"
"  -f FILE        replay this trace file (may be repeated)\n"
"  -t DIR         replay every .rep file in DIR, sorted by name (a directory\n"
"                 with no .rep files: every file but README*, *.txt, *.md)\n"
"                 With neither -f nor -t: -t %s\n"
"  -l             also print the C library's results table\n"
"  -c             run mm_checkheap after every operation of the correctness pass\n"
"  -C N           run it every N operations and after the last (-c is -C 1)\n"
"  -s SECS        time limit per trace (default %d; 0 = none)\n"
"  --time-limit SECS  the timed replays' own limit, from the end of the\n"
"                 correctness pass (-s then bounds that pass only); past it, or\n"
"                 when the warm-up replays say they would go past it, the trace\n"
"                 is valid, with its utilization, but has no time\n"
"  -v             print progress and the team name\n"
"  -V             more: timing spread per trace\n"
"  -g             print the autograder line 'correct:N perfidx:P geomean:G'\n"
"  -a             accepted for compatibility (no team check is made)\n"
"  --csv FILE     write one row per trace and allocator to FILE\n"
"  --ref NAME     the malloc the speed is compared with: libc (as shipped),\n"
"                 libc-tuned (never returns memory: no trim, no mmap), tcmalloc,\n"
"                 jemalloc, mimalloc (preloaded: the driver runs itself again\n"
"                 with LD_PRELOAD), preload (what LD_PRELOAD already holds),\n"
"                 none (the allocator is timed alone: no ratio, no reference\n"
"                 rows, no Perf index). Default: the process's malloc\n"
"  --ref-only     run the reference alone, not the allocator (no correctness\n"
"                 pass): its table and CSV rows, util = peak live payload / peak\n"
"                 footprint\n"
"  --dialect D    read traces as D: csapp (also MIT 6.172) or cmu (15-213 2016+);\n"
"                 default: told from each trace's header\n"
"  --check-only   run the correctness pass only, no timing (with --ref-only:\n"
"                 the reference's footprint only)\n"
"  --series DIR   write DIR/TRACE.csv: live bytes and heap size after every op\n"
"  --no-fork      run traces in the driver's own process (for a debugger)\n"
"  --shrink FILE  write the smallest trace found that fails the same way as FILE\n"
"                 [-o OUT.rep] [--shrink-time SECS, default %d]; -c, -s apply\n"
"  --heapmap OUT.png  picture of the heap of the -f trace (OUT.svg: an SVG)\n"
"                 [--at N|peak|fail] [--heapmap-every K: a frame every K ops]\n"
"                 [--window BYTES: that many heap bytes around the failure's\n"
"                 blocks or the last op's; a failure zooms by itself; 0: all]\n"
"  --json FILE    the run's results as JSON [--json-format mdriver|gradescope]\n"
"  -h             this help\n"
"Built with ALIGNMENT=%d, MAX_HEAP=%llu, TIMED_REPLAYS=%d.\n"
"Exit status: 0 all traces valid; 1 some trace failed; 2 bad usage or trace file.\n",
            TRACEDIR, TRACE_TIMEOUT, SHRINK_TIME, ALIGNMENT, (unsigned long long)MAX_HEAP,
            TIMED_REPLAYS);
}

static void add_path(struct options *o, const char *path)
{
    if (o->npaths == o->cap) {
        o->cap = o->cap ? 2 * o->cap : 16;
        o->paths = realloc(o->paths, (size_t)o->cap * sizeof *o->paths);
        if (o->paths == NULL) {
            fprintf(stderr, "mdriver: out of memory\n");
            exit(2);
        }
    }
    o->paths[o->npaths++] = strdup(path);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds DIR's traces, sorted by name. */
static int add_dir(struct options *o, const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        int e = errno;
        fprintf(stderr, "mdriver: %s: cannot open directory: %s%s\n", dir, strerror(e),
                e == ENOTDIR ? " (a trace file goes after -f: -f FILE)" : "");
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0, reps = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            names = realloc(names, cap * sizeof *names);
            if (names == NULL) {
                fprintf(stderr, "mdriver: out of memory\n");
                exit(2);
            }
        }
        names[n++] = strdup(e->d_name);
        reps += ends_with(e->d_name, ".rep");
    }
    closedir(d);
    qsort(names, n, sizeof *names, compare_strings);
    size_t added = 0;
    for (size_t i = 0; i < n; i++) {
        const char *name = names[i];
        bool take = reps > 0 ? ends_with(name, ".rep")
                             : !(strncmp(name, "README", 6) == 0 || ends_with(name, ".txt") ||
                                 ends_with(name, ".md"));
        if (take) {
            char path[4096];
            snprintf(path, sizeof path, "%s%s%s", dir, ends_with(dir, "/") ? "" : "/", name);
            add_path(o, path);
            added++;
        }
        free(names[i]);
    }
    free(names);
    if (added == 0) {
        fprintf(stderr, "mdriver: %s: no trace files in this directory\n", dir);
        return -1;
    }
    return 0;
}

/* An option getopt_long did not take (c is '?' for an unknown option,
 * ':' for a missing argument): one line, and where the options are. */
static void option_error(int c, char **argv)
{
    const char *opt = argv[optind - 1];   /* as typed, for a long option */
    char name[3] = { '-', (char)optopt, '\0' };
    if (optopt > 0 && optopt < 128)       /* a short option: optopt is it */
        opt = name;
    if (c == ':')
        fprintf(stderr, "mdriver: %s needs an argument (mdriver -h lists the options)\n", opt);
    else
        fprintf(stderr, "mdriver: unknown option '%s' (mdriver -h lists the options)\n", opt);
}

/* flag: the option, for the message */
static int parse_seconds(const char *flag, const char *arg, unsigned *out)
{
    char *end;
    errno = 0;
    long v = strtol(arg, &end, 10);
    if (errno != 0 || end == arg || *end != '\0' || v < 0 || v > 86400 * 365) {
        fprintf(stderr, "mdriver: %s wants a number of seconds, not '%s'\n", flag, arg);
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

static int parse_count(const char *arg, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(arg, &end, 10);
    if (errno != 0 || end == arg || *end != '\0' || v == 0 || arg[0] == '-' || v > SIZE_MAX) {
        fprintf(stderr, "mdriver: -C wants a count of operations (1 or more), not '%s'\n", arg);
        return -1;
    }
    *out = (size_t)v;
    return 0;
}

/* --shrink, --heapmap, --json: which other flags go with them. */
static int tools_check_args(const struct options *o)
{
    const char *alone = o->shrink.out != NULL && o->shrink.in == NULL ? "-o needs --shrink"
        : (o->heapmap.at != NULL || o->heapmap.every > 0 || o->heapmap.window_set) &&
          o->heapmap.out == NULL ? "--at, --window and --heapmap-every need --heapmap"
        : o->json.format != JSON_MDRIVER && o->json.path == NULL ? "--json-format needs --json"
        : NULL;
    if (alone != NULL) {
        fprintf(stderr, "mdriver: %s\n", alone);
        return -1;
    }
    if (o->shrink.in == NULL && o->heapmap.out == NULL)
        return 0;
    if (o->shrink.in != NULL && o->heapmap.out != NULL) {
        fprintf(stderr, "mdriver: --shrink and --heapmap are separate runs\n");
        return -1;
    }
    if (o->run.no_fork) {
        fprintf(stderr, "mdriver: --shrink and --heapmap run the allocator in a child; "
                "drop --no-fork\n");
        return -1;
    }
    if (o->shrink.in != NULL && o->npaths > 0) {
        fprintf(stderr, "mdriver: --shrink takes its trace as its argument, not -f or -t\n");
        return -1;
    }
    if (o->heapmap.out != NULL && o->npaths != 1) {
        fprintf(stderr, "mdriver: --heapmap wants one trace: -f FILE\n");
        return -1;
    }
    return 0;
}

/* --ref none and --ref-only: which other flags go with them. */
static int ref_check_args(const struct options *o)
{
    const char *with_none = o->ref_only ? "--ref-only (the reference alone)"
        : o->libc_table ? "-l (the reference's table)"
        : o->json.format == JSON_GRADESCOPE ? "--json-format gradescope (a score)" : NULL;
    if (o->ref_none && with_none != NULL) {
        fprintf(stderr, "mdriver: --ref none times no reference: not with %s\n", with_none);
        return -1;
    }
    const char *needs_mm = o->run.check_every != 0 ? "-c/-C" : o->run.series_dir ? "--series"
        : o->autograder ? "-g" : o->json.path ? "--json" : o->shrink.in ? "--shrink"
        : o->heapmap.out ? "--heapmap" : NULL;
    if (o->ref_only && needs_mm != NULL) {
        fprintf(stderr, "mdriver: --ref-only runs the reference alone: %s needs the allocator "
                "under test\n", needs_mm);
        return -1;
    }
    return 0;
}

static int parse_args(int argc, char **argv, struct options *o)
{
    enum { OPT_CSV = 256, OPT_DIALECT, OPT_CHECK_ONLY, OPT_SERIES, OPT_NO_FORK,
           OPT_SHRINK, OPT_SHRINK_TIME, OPT_HEAPMAP, OPT_AT, OPT_EVERY, OPT_JSON, OPT_JSON_FORMAT,
           OPT_REF, OPT_REF_ONLY, OPT_TIME_LIMIT, OPT_WINDOW };
    static const struct option longopts[] = {
        { "csv", required_argument, NULL, OPT_CSV },
        { "dialect", required_argument, NULL, OPT_DIALECT },
        { "check-only", no_argument, NULL, OPT_CHECK_ONLY },
        { "series", required_argument, NULL, OPT_SERIES },
        { "no-fork", no_argument, NULL, OPT_NO_FORK },
        { "shrink", required_argument, NULL, OPT_SHRINK },
        { "shrink-time", required_argument, NULL, OPT_SHRINK_TIME },
        { "heapmap", required_argument, NULL, OPT_HEAPMAP },
        { "at", required_argument, NULL, OPT_AT },
        { "heapmap-every", required_argument, NULL, OPT_EVERY },
        { "window", required_argument, NULL, OPT_WINDOW },
        { "json", required_argument, NULL, OPT_JSON },
        { "json-format", required_argument, NULL, OPT_JSON_FORMAT },
        { "ref", required_argument, NULL, OPT_REF },
        { "ref-only", no_argument, NULL, OPT_REF_ONLY },
        { "time-limit", required_argument, NULL, OPT_TIME_LIMIT },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    o->run.time_it = true;
    o->run.timeout_secs = TRACE_TIMEOUT;
    o->shrink = (struct shrink_options){ .total_secs = SHRINK_TIME, .driver = argv[0] };
    o->json.driver = argv[0];
    int c;
    bool dirs_ok = true;
    opterr = 0;   /* option_error says it in one line */
    while ((c = getopt_long(argc, argv, ":f:t:lvVgahcC:s:o:", longopts, NULL)) != -1) {
        switch (c) {
        case 'f': add_path(o, optarg); break;
        case 't': dirs_ok &= add_dir(o, optarg) == 0; break;
        case 'l': o->libc_table = true; break;
        case 'v': if (o->verbose < 1) o->verbose = 1; break;
        case 'V': o->verbose = 2; break;
        case 'g': o->autograder = true; break;
        case 'a': break;
        case 'c': o->run.check_every = 1; break;
        case 'C': if (parse_count(optarg, &o->run.check_every) != 0) return -1; break;
        case 's': if (parse_seconds("-s", optarg, &o->run.timeout_secs) != 0) return -1; break;
        case 'h': usage(stdout); exit(0);
        case OPT_CSV: o->csv = optarg; break;
        case OPT_DIALECT:
            if (strcmp(optarg, "csapp") == 0 || strcmp(optarg, "mit") == 0)
                o->dialect = TRACE_DIALECT_CSAPP;
            else if (strcmp(optarg, "cmu") == 0)
                o->dialect = TRACE_DIALECT_CMU;
            else if (strcmp(optarg, "cmu15") == 0)
                o->dialect = TRACE_DIALECT_CMU15;
            else {
                fprintf(stderr, "mdriver: --dialect wants csapp, mit, cmu or cmu15, not '%s'\n",
                        optarg);
                return -1;
            }
            break;
        case OPT_CHECK_ONLY: o->run.time_it = false; break;
        case OPT_SERIES: o->run.series_dir = optarg; break;
        case OPT_NO_FORK: o->run.no_fork = true; break;
        case OPT_SHRINK: o->shrink.in = optarg; break;
        case 'o': o->shrink.out = optarg; break;
        case OPT_SHRINK_TIME:
            if (parse_seconds("--shrink-time", optarg, &o->shrink.total_secs) != 0) return -1;
            break;
        case OPT_HEAPMAP: o->heapmap.out = optarg; break;
        case OPT_AT: o->heapmap.at = optarg; break;
        case OPT_EVERY:
            if (heapmap_parse_every(optarg, &o->heapmap) != 0) return -1;
            break;
        case OPT_WINDOW:
            if (heapmap_parse_window(optarg, &o->heapmap) != 0) return -1;
            break;
        case OPT_JSON: o->json.path = optarg; break;
        case OPT_JSON_FORMAT:
            if (json_parse_format(optarg, &o->json) != 0) return -1;
            break;
        case OPT_REF: o->ref = optarg; break;
        case OPT_REF_ONLY: o->ref_only = true; break;
        case OPT_TIME_LIMIT:
            if (parse_seconds("--time-limit", optarg, &o->run.time_limit_secs) != 0) return -1;
            break;
        default:
            option_error(c, argv);
            return -1;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "mdriver: unexpected argument '%s' (trace files go after -f)\n",
                argv[optind]);
        return -1;
    }
    if (!dirs_ok)
        return -1;
    o->ref_none = o->ref != NULL && strcmp(o->ref, "none") == 0;
    if (tools_check_args(o) != 0 || ref_check_args(o) != 0)
        return -1;
    if (o->shrink.in != NULL || o->heapmap.out != NULL)
        return 0;
    if (o->npaths == 0 && add_dir(o, TRACEDIR) != 0)
        return -1;
    return 0;
}

static void free_options(struct options *o)
{
    for (int i = 0; i < o->npaths; i++)
        free(o->paths[i]);
    free(o->paths);
}

/* A CMU 2016+ trace whose live payload peaks above the simulated heap, by
 * its header (max_alloc) and by its ops (syn-giant*, syn-largemem: up to
 * 1.2e17 bytes), is one that CMU's own driver does not run either: CMU
 * replays those in a separate driver that emulates a sparse 64-bit address
 * space. Such a trace is skipped, with that reason, and is out of the score
 * and the exit status. Returns whether t is skipped (and says so). */
static bool skip_giant(const struct trace *t)
{
    if (t->dialect != TRACE_DIALECT_CMU || t->peak_live <= (size_t)MAX_HEAP ||
        t->max_alloc <= (uintmax_t)MAX_HEAP)
        return false;
    printf("%s: skipped: its live payload peaks at %zu bytes, above the simulated heap "
           "(MAX_HEAP %llu); CMU runs such traces only in a driver that emulates a sparse "
           "64-bit address space\n", t->name, t->peak_live, (unsigned long long)MAX_HEAP);
    return true;
}

/* Reads every trace; returns how many could not be read. Each of those is
 * reported, and gets its row: status "not run", its path and the reader's
 * message, so that the others still run. Giant traces (skip_giant) are
 * dropped from o->paths and traces. */
static int read_traces(struct options *o, struct trace *traces, struct trace_row *rows)
{
    int bad = 0;
    for (int i = 0; i < o->npaths; i++) {
        struct trace_result *r = &rows[i].result;
        rows[i].trace = &traces[i];
        if (trace_read(o->paths[i], o->dialect, ALIGNMENT, &traces[i], r->message,
                       sizeof r->message) != 0) {
            fprintf(stderr, "%s\n", r->message);
            r->status = RUN_NOT_RUN;
            const char *slash = strrchr(o->paths[i], '/');
            traces[i].path = strdup(o->paths[i]);
            traces[i].name = strdup(slash != NULL ? slash + 1 : o->paths[i]);
            traces[i].weight = TRACE_WEIGHT_BOTH;
            if (traces[i].path == NULL || traces[i].name == NULL) {
                fprintf(stderr, "mdriver: out of memory\n");
                exit(2);
            }
            bad++;
        }
    }
    trace_set_dialect(traces, (size_t)o->npaths);
    int kept = 0;
    for (int i = 0; i < o->npaths; i++) {
        if (rows[i].result.status != RUN_NOT_RUN && skip_giant(&traces[i])) {
            trace_free(&traces[i]);
            free(o->paths[i]);
            continue;
        }
        o->paths[kept] = o->paths[i];
        traces[kept] = traces[i];
        rows[kept] = rows[i];
        rows[kept].trace = &traces[kept];
        kept++;
    }
    if (kept < o->npaths)
        fflush(stdout);
    for (int i = kept; i < o->npaths; i++)
        memset(&traces[i], 0, sizeof traces[i]);
    o->npaths = kept;
    if (kept == 0)
        return 0;
    if (bad == o->npaths)
        fprintf(stderr, "mdriver: %d trace file%s could not be read; nothing was run\n", bad,
                bad == 1 ? "" : "s");
    else if (bad > 0)
        fprintf(stderr, "mdriver: %d trace file%s could not be read; running the other%s\n", bad,
                bad == 1 ? "" : "s", o->npaths - bad == 1 ? "" : "s");
    return bad;
}

/* On a terminal, as each trace ends: "[3/62] bash.rep  yes  85.2%  4162 ops". */
static void print_done(FILE *out, int done, int n, const struct trace_row *row)
{
    const struct trace_result *r = &row->result;
    char util[16] = "-";
    if (r->status == RUN_VALID && r->heap_size > 0)
        snprintf(util, sizeof util, "%.1f%%", 100 * r->util);
    fprintf(out, "[%d/%d] %-24s %-13s %6s %10zu ops\n", done, n, row->trace->name,
            r->status == RUN_VALID ? "yes" : run_status_name(r->status), util,
            row->trace->num_ops);
    fflush(out);
}

/* -V: the timing spread of each side timed (NULL: not timed). */
static void print_spread(const struct replay_times *tm, const char *mm, const char *ref)
{
    printf("  timing spread (max-min)/median over %d samples:", TIMED_REPLAYS);
    if (mm != NULL)
        printf(" %s %.1f%%%s", mm, 100 * tm->mm_spread, ref != NULL ? "," : "");
    if (ref != NULL)
        printf(" %s %.1f%%", ref, 100 * tm->libc_spread);
    putchar('\n');
}

/* Runs the traces and reports; returns the exit status. */
static int run_traces(const struct options *o, const struct trace *traces, struct trace_row *rows)
{
    struct mm_api mm, libc;
    char err[RUN_MESSAGE_MAX];
    if (mm_api_linked(&mm, err, sizeof err) != 0) {
        fprintf(stderr, "mdriver: %s\n", err);
        return 2;
    }
    mm_api_libc(&libc);
    struct footprint fp;
    footprint_probe(&fp);
    if (o->ref_label != NULL)
        fp.allocator = o->ref_label;
    libc.name = fp.allocator;
    struct run_options run = o->run;
    run.footprint = &fp;
    /* On a terminal: the trace in hand's progress, then its row when done */
    bool tty = isatty(STDERR_FILENO) && !run.no_fork;
    run.progress = tty ? stderr : NULL;
    /* what run_trace runs: NULL for the side left out */
    const struct mm_api *run_mm = o->ref_only ? NULL : &mm, *run_ref = o->ref_none ? NULL : &libc;
    if (run.check_every != 0 && mm.check == NULL)
        fprintf(stderr, "mdriver: -c/-C: this allocator defines no mm_checkheap (or my_check); "
                "the heap is not checked\n");
    if (run.check_every != 0 && mm_api_build().asserts_off)
        fprintf(stderr, "mdriver: -c/-C: %s was built with -DNDEBUG (as its course builds it): "
                "its own asserts are off; make ASSERTS=1 MM=%s keeps them\n", mm_api_build().file,
                mm_api_build().file);
    if (run.check_every != 0 && mm.check_returns_nothing)
        fprintf(stderr, "mdriver: -c/-C: this allocator's mm_checkheap returns nothing (void): it "
                "runs after every operation for its output, and no count is read\n");
    if (o->verbose >= 1 && mm_api_team_name() != NULL)
        printf("Team: %s\n", mm_api_team_name());
    /* the rules the build found broken, then the corner calls (not for the
     * reference alone, nor in --no-fork's one process) */
    struct findings found = { 0 };
    if (!o->ref_only)
        findings_from_build(&found);
    if (!o->ref_only && !run.no_fork)
        corner_check(&mm, mm_api_build().interface, run.timeout_secs, &found);

    for (int i = 0; i < o->npaths; i++) {
        if (rows[i].result.status == RUN_NOT_RUN)   /* could not be read */
            continue;
        if (o->verbose >= 1) {
            printf("Reading and checking %s (%zu ops, %s dialect)\n", traces[i].path,
                   traces[i].num_ops, trace_dialect_name(traces[i].dialect));
            if (traces[i].ignored_ops > 0)
                printf("  %zu line%s past the header's num_ops not read (CMU's 2015 driver "
                       "stopped there)\n", traces[i].ignored_ops,
                       traces[i].ignored_ops == 1 ? "" : "s");
            fflush(stdout);
        }
        run_trace(&traces[i], run_mm, run_ref, &run, &rows[i].result);
        if (tty)
            print_done(stderr, i + 1, o->npaths, &rows[i]);
        if (o->verbose >= 2 && rows[i].result.timed)
            print_spread(&rows[i].result.times, run_mm ? mm.name : NULL,
                         run_ref ? libc.name : NULL);
    }

    struct score s;
    report_score(rows, o->npaths, &s);
    if (o->ref_only) {
        report_table(stdout, libc.name, rows, o->npaths, &s, fp.method, true);
        report_failures(stdout, rows, o->npaths);
    } else {
        report_table(stdout, mm.name, rows, o->npaths, &s, NULL, false);
        report_failures(stdout, rows, o->npaths);
        report_outside(stdout, rows, o->npaths, &s, o->verbose >= 1);
        findings_print(stdout, &found);
        if (o->libc_table && run.time_it)
            report_table(stdout, libc.name, rows, o->npaths, &s, fp.method, false);
        if (run.time_it)
            report_index(stdout, &s, libc.name);
    }
    s.findings = found.n + found.dropped;
    if (o->autograder)
        report_autograder(stdout, &s);
    int rc = s.valid == s.traces && !findings_fail(&found) ? 0 : 1;
    if (o->csv != NULL && report_csv(o->csv, run_mm ? mm.name : NULL, run_ref ? &fp : NULL, rows,
                                     o->npaths) != 0)
        rc = 2;
    if (o->json.path != NULL &&
        json_write(&o->json, mm.name, run_ref ? libc.name : NULL, &run, rows, o->npaths, &s,
                   &found) != 0)
        rc = 2;
    return rc;
}

/* --shrink or --heapmap; returns the exit status. */
static int run_tool(const struct options *o)
{
    struct mm_api mm;
    char err[RUN_MESSAGE_MAX];
    if (mm_api_linked(&mm, err, sizeof err) != 0) {
        fprintf(stderr, "mdriver: %s\n", err);
        return 2;
    }
    if (o->shrink.in != NULL)
        return shrink_main(&o->shrink, o->dialect, &o->run, &mm);
    return heapmap_main(&o->heapmap, o->paths[0], o->dialect, &o->run, &mm);
}

int main(int argc, char **argv)
{
    /* The C library's footprint is read in a fresh copy of this program,
     * started by footprint_measure() (footprint.c) with the
     * --footprint-child flag: that copy replays one trace through malloc,
     * reports its peak footprint on a pipe and exits, without parsing the
     * driver's options or running the allocator under test. */
    if (footprint_is_child(argc, argv)) {
        ref_inherit();
        return footprint_child_main(argc, argv);
    }
    struct options o = { 0 };
    int rc = 2;
    struct trace *traces = NULL;
    struct trace_row *rows = NULL;
    char err[RUN_MESSAGE_MAX];
    bool ok = parse_args(argc, argv, &o) == 0;
    if (ok && ref_select(o.ref, argv, &o.ref_label, err, sizeof err) != 0) {
        fprintf(stderr, "mdriver: %s\n", err);
        ok = false;
    }
    if (ok && (o.shrink.in != NULL || o.heapmap.out != NULL)) {
        rc = run_tool(&o);
    } else if (ok) {
        traces = calloc((size_t)o.npaths, sizeof *traces);
        rows = calloc((size_t)o.npaths, sizeof *rows);
        if (traces == NULL || rows == NULL)
            fprintf(stderr, "mdriver: out of memory\n");
        else if (read_traces(&o, traces, rows) < o.npaths)
            rc = run_traces(&o, traces, rows);
        else if (o.npaths == 0)   /* every trace skipped: nothing failed */
            rc = 0;
    }
    for (int i = 0; traces != NULL && i < o.npaths; i++)
        trace_free(&traces[i]);
    free(traces);
    free(rows);
    free_options(&o);
    return rc;
}
