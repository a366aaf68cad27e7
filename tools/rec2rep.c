/*
 * rec2rep - converts recorder logs (reclog.h) into .rep traces.
 *
 *   rec2rep [-n N] [-a] [-e EXE] [-P PROG] [-q] -o OUT.rep LOG...
 *
 * One log is one process image. OUT.rep gets the log with the most
 * allocator calls (for `gcc x.c` that is cc1, not the gcc driver), or with
 * -e EXE the one with the most calls among the images of program EXE: the
 * images whose executable's file name is EXE (bison rather than the m4 it
 * runs), else those whose name starts with EXE (python3 finds python3.11),
 * else those with EXE as the file name of an argument of their command
 * line (PID.SEQ.cmd beside the log: a script, jsonwork.py, run by its
 * interpreter). -P PROG names the program the recorder ran: when the
 * image with the most calls is a wrapper script of that name (pyenv's
 * shim: bash running .../shims/python3), a line says so and which -e
 * takes the program it starts. With -a
 * every log that holds at least one operation is also written as
 * OUT.PID.rep (OUT.PID-SEQ.rep for the SEQth exec of the same process).
 * -n N keeps the first N operations of each trace. A summary line per log
 * goes to stderr unless -q.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reclog.h"
#include "repbuild.h"

struct log_info {
    const char *path;
    struct reclog_header header;
    size_t calls;            /* records in the log */
    struct repbuild *rb;
    char cmd[4096];          /* the command line, each argument ended by a
                                NUL (empty: no PID.SEQ.cmd)             */
    size_t cmd_len;
};

/* How well an image matches -e NAME: the higher the better (0: not). */
enum match { MATCH_NONE, MATCH_ARGUMENT, MATCH_PREFIX, MATCH_EXE };

static void usage(FILE *out)
{
    fprintf(out,
            "usage: rec2rep [-n N] [-a] [-e EXE] [-P PROG] [-q] -o OUT.rep LOG...\n"
            "  -o OUT  trace of the process with the most allocator calls\n"
            "  -e EXE  ... among the processes running the program EXE (its\n"
            "          executable's name, a prefix of it, or an argument's)\n"
            "  -P PROG the program run, to say when a wrapper of it made the most calls\n"
            "  -a      also write every process as OUT.PID.rep\n"
            "  -n N    keep the first N operations\n"
            "  -q      no summary on stderr\n");
}

/* Reads LOG's command line from the .cmd file beside it, if there is one. */
static void read_cmdline(struct log_info *li)
{
    char path[4096];
    size_t n = strlen(li->path);
    if (n < 4 || n >= sizeof path || strcmp(li->path + n - 4, ".log") != 0)
        return;
    memcpy(path, li->path, n - 4);
    memcpy(path + n - 4, ".cmd", 5);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return;
    li->cmd_len = fread(li->cmd, 1, sizeof li->cmd - 1, f);
    li->cmd[li->cmd_len] = '\0';
    fclose(f);
}

/* The file name of a path. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* The argument of li's command line (after the first) whose file name is
 * name; NULL when none is. */
static const char *argument_named(const struct log_info *li, const char *name)
{
    size_t first = strnlen(li->cmd, li->cmd_len) + 1;
    for (size_t at = first; at < li->cmd_len; at += strnlen(li->cmd + at, li->cmd_len - at) + 1)
        if (strcmp(base_name(li->cmd + at), name) == 0)
            return li->cmd + at;
    return NULL;
}

static enum match matches(const struct log_info *li, const char *name)
{
    if (strcmp(li->header.exe, name) == 0)
        return MATCH_EXE;
    if (name[0] != '\0' && strncmp(li->header.exe, name, strlen(name)) == 0)
        return MATCH_PREFIX;
    return argument_named(li, name) != NULL ? MATCH_ARGUMENT : MATCH_NONE;
}

/* The log of the most calls among the best matches of name (every log
 * when name is NULL); nlogs when none matches. */
static size_t busiest(const struct log_info *logs, size_t nlogs, const char *name)
{
    size_t best = nlogs;
    enum match best_match = MATCH_NONE;
    for (size_t k = 0; k < nlogs; k++) {
        enum match m = name != NULL ? matches(&logs[k], name) : MATCH_EXE;
        if (m == MATCH_NONE || m < best_match)
            continue;
        if (best == nlogs || m > best_match || logs[k].calls > logs[best].calls) {
            best = k;
            best_match = m;
        }
    }
    return best;
}

/* -e matched nothing: the programs logged, each name once with how many
 * images ran it. */
static void no_match(const struct log_info *logs, size_t nlogs, const char *exe)
{
    fprintf(stderr, "rec2rep: no process ran '%s' (by its executable's name, a prefix of it, or "
            "an argument's); the programs logged were:", exe);
    for (size_t k = 0; k < nlogs; k++) {
        const char *name = logs[k].header.exe[0] ? logs[k].header.exe : "?";
        size_t seen = 0, count = 0;
        for (size_t j = 0; j < nlogs; j++) {
            const char *other = logs[j].header.exe[0] ? logs[j].header.exe : "?";
            seen += j < k && strcmp(other, name) == 0;
            count += strcmp(other, name) == 0;
        }
        if (seen > 0)
            continue;
        fprintf(stderr, "%s %s", k > 0 ? "," : "", name);
        if (count > 1)
            fprintf(stderr, " (%zu processes)", count);
    }
    fprintf(stderr, "\n");
}

/* The busiest image is a wrapper of the program run (prog): a script of
 * that name, run by another executable. Says so, and which -e takes the
 * program it starts. */
static void say_wrapper(const struct log_info *logs, size_t nlogs, size_t best, const char *prog)
{
    const struct log_info *w = &logs[best];
    const char *script = argument_named(w, prog);
    if (script == NULL || matches(w, prog) >= MATCH_PREFIX)
        return;
    fprintf(stderr, "rec2rep: the most calls (%zu) were made by %s (pid %u) running %s, a "
            "wrapper script, not by the program it starts; ", w->calls, w->header.exe,
            w->header.pid, script);
    size_t real = nlogs;
    for (size_t k = 0; k < nlogs; k++)
        if (matches(&logs[k], prog) >= MATCH_PREFIX &&
            (real == nlogs || logs[k].calls > logs[real].calls))
            real = k;
    if (real < nlogs)
        fprintf(stderr, "-e %s records %s (pid %u, %zu calls)\n", prog, logs[real].header.exe,
                logs[real].header.pid, logs[real].calls);
    else
        fprintf(stderr, "no process whose executable is named %s* was logged; -e NAME picks "
                "one by name\n", prog);
}

/* Reads one log into li->rb. Returns 0, or -1 after an error message. */
static int convert(struct log_info *li, size_t limit)
{
    FILE *f = fopen(li->path, "rb");
    if (f == NULL) {
        fprintf(stderr, "%s: %s\n", li->path, strerror(errno));
        return -1;
    }
    if (fread(&li->header, sizeof li->header, 1, f) != 1 ||
        memcmp(li->header.magic, RECLOG_MAGIC, 8) != 0) {
        fprintf(stderr, "%s: not a recorder log (bad header)\n", li->path);
        fclose(f);
        return -1;
    }
    li->header.exe[sizeof li->header.exe - 1] = '\0';
    li->rb = repbuild_new(limit);
    static struct reclog_record buf[4096];
    size_t n;
    int done = 0;
    while (!done && (n = fread(buf, sizeof buf[0], 4096, f)) > 0) {
        for (size_t i = 0; i < n; i++) {
            const struct reclog_record *r = &buf[i];
            if (r->kind == RECLOG_END) {
                done = 1;
                break;
            }
            li->calls++;
            switch (r->kind) {
            case RECLOG_ALLOC:
                repbuild_alloc(li->rb, r->p, r->size);
                break;
            case RECLOG_FREE:
                repbuild_free(li->rb, r->p);
                break;
            case RECLOG_REALLOC:
                repbuild_realloc(li->rb, r->q, r->p, r->size);
                break;
            default:
                fprintf(stderr, "%s: record %zu: unknown kind %u\n",
                        li->path, li->calls, r->kind);
                fclose(f);
                return -1;
            }
        }
    }
    if (ferror(f)) {
        fprintf(stderr, "%s: %s\n", li->path, strerror(errno));
        fclose(f);
        return -1;
    }
    fclose(f);
    return 0;
}

static int by_pid(const void *a, const void *b)
{
    const struct log_info *x = a, *y = b;
    if (x->header.pid != y->header.pid)
        return x->header.pid < y->header.pid ? -1 : 1;
    return (x->header.seq > y->header.seq) - (x->header.seq < y->header.seq);
}

int main(int argc, char **argv)
{
    const char *out = NULL;
    const char *exe = NULL, *prog = NULL;
    size_t limit = 0;
    int all = 0, quiet = 0;
    int i;
    for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        } else if (strcmp(a, "-o") == 0 && i + 1 < argc) {
            out = argv[++i];
        } else if (strcmp(a, "-n") == 0 && i + 1 < argc) {
            char *end;
            errno = 0;
            unsigned long long v = strtoull(argv[++i], &end, 10);
            if (errno || *end || end == argv[i] || argv[i][0] == '-') {
                fprintf(stderr, "rec2rep: -n wants a count, not '%s'\n",
                        argv[i]);
                return 2;
            }
            limit = (size_t)v;
        } else if (strcmp(a, "-e") == 0 && i + 1 < argc) {
            exe = argv[++i];
        } else if (strcmp(a, "-P") == 0 && i + 1 < argc) {
            prog = base_name(argv[++i]);
        } else if (strcmp(a, "-a") == 0) {
            all = 1;
        } else if (strcmp(a, "-q") == 0) {
            quiet = 1;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "rec2rep: unknown option '%s'\n", a);
            usage(stderr);
            return 2;
        }
    }
    if (out == NULL || i >= argc) {
        usage(stderr);
        return 2;
    }
    size_t nlogs = (size_t)(argc - i);
    struct log_info *logs = calloc(nlogs, sizeof *logs);
    if (logs == NULL)
        return 2;
    for (size_t k = 0; k < nlogs; k++) {
        logs[k].path = argv[i + (int)k];
        if (convert(&logs[k], limit) != 0)
            return 1;
        read_cmdline(&logs[k]);
    }
    qsort(logs, nlogs, sizeof *logs, by_pid);

    size_t best = busiest(logs, nlogs, exe);
    if (best == nlogs) {
        no_match(logs, nlogs, exe);
        return 1;
    }
    if (exe == NULL && prog != NULL && !quiet)
        say_wrapper(logs, nlogs, best, prog);

    int status = 0;
    size_t stem_len = strlen(out);
    if (stem_len > 4 && strcmp(out + stem_len - 4, ".rep") == 0)
        stem_len -= 4;
    for (size_t k = 0; k < nlogs; k++) {
        struct log_info *li = &logs[k];
        size_t ops = repbuild_num_ops(li->rb);
        const struct repbuild_counts *c = repbuild_counts(li->rb);
        char name[4096] = "";
        if (all && ops > 0 && nlogs > 1) {
            if (li->header.seq == 0)
                snprintf(name, sizeof name, "%.*s.%u.rep", (int)stem_len,
                         out, li->header.pid);
            else
                snprintf(name, sizeof name, "%.*s.%u-%u.rep", (int)stem_len,
                         out, li->header.pid, li->header.seq);
            if (repbuild_write_file(li->rb, name) != 0)
                status = 1;
        }
        if (k == best && repbuild_write_file(li->rb, out) != 0)
            status = 1;
        if (quiet || (!all && k != best))
            continue;
        fprintf(stderr,
                "rec2rep: pid %u.%u %s (parent %u): %zu calls -> %zu ops; "
                "dropped %zu frees, %zu reallocs of blocks from before "
                "recording; %zu allocations at a live address\n",
                li->header.pid, li->header.seq,
                li->header.exe[0] ? li->header.exe : "?", li->header.ppid,
                li->calls, ops, c->dropped_free, c->dropped_realloc,
                c->implicit_free);
        if (k == best)
            fprintf(stderr, "rec2rep:   wrote %s\n", out);
        if (name[0])
            fprintf(stderr, "rec2rep:   wrote %s\n", name);
    }
    if (!quiet && nlogs > 1 && !all)
        fprintf(stderr, "rec2rep: %zu process images logged; -a writes "
                "each one\n", nlogs);
    for (size_t k = 0; k < nlogs; k++)
        repbuild_delete(logs[k].rb);
    free(logs);
    return status;
}
