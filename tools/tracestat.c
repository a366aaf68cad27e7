/*
 * tracestat - statistics of allocation traces.
 *
 *   tracestat [-A ALIGN] [-m] [--dialect csapp|cmu] TRACE...
 *
 * Reads each trace with the lab's reader (../trace.c, so it accepts and
 * rejects exactly what the driver does) and prints one row per trace:
 *
 *   ops        operations in the trace
 *   ids        num_ids of the header
 *   peak_live  peak of the sum of live requested bytes
 *   largest    largest single request (a or r)
 *   live@peak  blocks live when the live bytes first reach their peak
 *   max_blocks largest number of blocks live at once
 *   small      share of allocations (a) of at most 64 bytes
 *   reallocs   r operations
 *   bound      utilization bound that alignment alone imposes: peak_live /
 *              peak of the sum of live sizes each rounded up to ALIGN
 *              (default ALIGNMENT from config.h); no allocator that returns
 *              ALIGN-aligned payloads packed end to end can do better
 *
 * -m prints the rows as a Markdown table (used for traces/README.md).
 * Exit status: 0, or 1 if some trace could not be read (its error is
 * printed as FILE:LINE: message and the other traces are still shown).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "trace.h"

struct stats {
    size_t ops, ids, allocs, reallocs;
    size_t peak_live, peak_aligned, largest, live_at_peak, max_blocks;
    size_t small_allocs;
};

static size_t align_up(size_t n, size_t a)
{
    return (n + a - 1) / a * a;
}

static int compute(const struct trace *t, size_t align, struct stats *s)
{
    size_t *size = calloc(t->num_ids ? t->num_ids : 1, sizeof *size);
    unsigned char *is_live = calloc(t->num_ids ? t->num_ids : 1, 1);
    if (size == NULL || is_live == NULL) {
        free(size);
        free(is_live);
        return -1;
    }
    memset(s, 0, sizeof *s);
    s->ops = t->num_ops;
    s->ids = t->num_ids;
    size_t live = 0, aligned = 0, blocks = 0;
    for (size_t i = 0; i < t->num_ops; i++) {
        const struct trace_op *op = &t->ops[i];
        uint32_t id = op->id;
        switch (op->kind) {
        case TRACE_ALLOC:
            s->allocs++;
            if (op->size <= 64)
                s->small_allocs++;
            size[id] = op->size;
            is_live[id] = 1;
            live += op->size;
            aligned += align_up(op->size, align);
            blocks++;
            break;
        case TRACE_REALLOC:
            s->reallocs++;
            if (is_live[id]) {
                live -= size[id];
                aligned -= align_up(size[id], align);
            } else {
                blocks++; /* a dialect that allows realloc of a dead id */
            }
            size[id] = op->size;
            is_live[id] = 1;
            live += op->size;
            aligned += align_up(op->size, align);
            break;
        case TRACE_FREE:
            if (is_live[id]) {
                live -= size[id];
                aligned -= align_up(size[id], align);
                blocks--;
                is_live[id] = 0;
            }
            break;
        default:
            continue;
        }
        if (op->size > s->largest)
            s->largest = op->size;
        if (live > s->peak_live) {
            s->peak_live = live;
            s->live_at_peak = blocks;
        }
        if (aligned > s->peak_aligned)
            s->peak_aligned = aligned;
        if (blocks > s->max_blocks)
            s->max_blocks = blocks;
    }
    free(size);
    free(is_live);
    return 0;
}

static void usage(FILE *out)
{
    fprintf(out, "usage: tracestat [-A ALIGN] [-m] [--dialect csapp|cmu] "
                 "TRACE...\n");
}

int main(int argc, char **argv)
{
    size_t align = ALIGNMENT;
    int markdown = 0;
    enum trace_dialect dialect = TRACE_DIALECT_AUTO;
    int i;
    for (i = 1; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else if (strcmp(argv[i], "-m") == 0) {
            markdown = 1;
        } else if (strcmp(argv[i], "-A") == 0 && i + 1 < argc) {
            char *end;
            errno = 0;
            unsigned long v = strtoul(argv[++i], &end, 10);
            if (errno || *end || v < 1 || v > 4096 || (v & (v - 1))) {
                fprintf(stderr, "tracestat: -A wants a power of two up to "
                        "4096, not '%s'\n", argv[i]);
                return 2;
            }
            align = v;
        } else if (strcmp(argv[i], "--dialect") == 0 && i + 1 < argc) {
            i++;
            if (strcmp(argv[i], "csapp") == 0)
                dialect = TRACE_DIALECT_CSAPP;
            else if (strcmp(argv[i], "cmu") == 0)
                dialect = TRACE_DIALECT_CMU;
            else {
                fprintf(stderr, "tracestat: unknown dialect '%s'\n", argv[i]);
                return 2;
            }
        } else if (strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "tracestat: unknown option '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return 2;
    }
    char bound_name[32];
    snprintf(bound_name, sizeof bound_name, "bound@%zu", align);
    if (markdown) {
        printf("| trace | ops | peak live bytes | largest block | blocks live "
               "at peak | small (<= 64 B) | reallocs | %s |\n", bound_name);
        printf("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    } else {
        printf("%-24s %9s %8s %11s %10s %9s %9s %6s %8s %8s\n", "trace",
               "ops", "ids", "peak_live", "largest", "live@peak",
               "max_blks", "small", "reallocs", bound_name);
    }
    int status = 0;
    char err[1024];
    for (; i < argc; i++) {
        struct trace t;
        if (trace_read(argv[i], dialect, align, &t, err, sizeof err) != 0) {
            fprintf(stderr, "%s\n", err);
            status = 1;
            continue;
        }
        struct stats s;
        if (compute(&t, align, &s) != 0) {
            fprintf(stderr, "%s: out of memory\n", argv[i]);
            trace_free(&t);
            status = 1;
            continue;
        }
        double small = s.allocs ? 100.0 * (double)s.small_allocs
                                      / (double)s.allocs : 0.0;
        double bound = s.peak_aligned ? (double)s.peak_live
                                            / (double)s.peak_aligned : 1.0;
        if (markdown)
            printf("| %s | %zu | %zu | %zu | %zu | %.1f%% | %zu | %.3f |\n",
                   t.name, s.ops, s.peak_live, s.largest, s.live_at_peak,
                   small, s.reallocs, bound);
        else
            printf("%-24s %9zu %8zu %11zu %10zu %9zu %9zu %5.1f%% %8zu "
                   "%8.3f\n", t.name, s.ops, s.ids, s.peak_live, s.largest,
                   s.live_at_peak, s.max_blocks, small, s.reallocs, bound);
        trace_free(&t);
    }
    return status;
}
