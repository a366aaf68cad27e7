/*
 * rec2rep - converts recorder logs (reclog.h) into .rep traces.
 *
 *   rec2rep [-n N] [-a] [-e EXE] [-q] -o OUT.rep LOG...
 *
 * One log is one process image. OUT.rep gets the log with the most
 * allocator calls (for `gcc x.c` that is cc1, not the gcc driver), or with
 * -e EXE the one with the most calls among the images of program EXE (the
 * file name of its executable, e.g. bison rather than the m4 it runs); with -a
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
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: rec2rep [-n N] [-a] [-e EXE] [-q] -o OUT.rep LOG...\n"
            "  -o OUT  trace of the process with the most allocator calls\n"
            "  -e EXE  ... among the processes running the program EXE\n"
            "  -a      also write every process as OUT.PID.rep\n"
            "  -n N    keep the first N operations\n"
            "  -q      no summary on stderr\n");
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
    const char *exe = NULL;
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
    }
    qsort(logs, nlogs, sizeof *logs, by_pid);

    size_t best = nlogs;
    for (size_t k = 0; k < nlogs; k++) {
        if (exe != NULL && strcmp(logs[k].header.exe, exe) != 0)
            continue;
        if (best == nlogs || logs[k].calls > logs[best].calls)
            best = k;
    }
    if (best == nlogs) {
        fprintf(stderr, "rec2rep: no process ran '%s'; the programs logged "
                "were:", exe);
        for (size_t k = 0; k < nlogs; k++)
            fprintf(stderr, " %s", logs[k].header.exe);
        fprintf(stderr, "\n");
        return 1;
    }

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
