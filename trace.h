/*
 * trace.h - reading allocation traces.
 *
 * A trace is a header of four integers, one a line, then one operation a
 * line:
 *     a ID SIZE    malloc SIZE bytes and call the block ID
 *     r ID SIZE    realloc block ID to SIZE bytes
 *     f ID         free block ID
 *     w ID SIZE    the program writes the first SIZE bytes of block ID
 *                  (MIT 6.172 traces)
 * IDs run from 0 to num_ids - 1. The header's meaning depends on the
 * dialect:
 *     CS:APP classic, MIT 6.172:  sugg_heapsize  num_ids  num_ops  weight
 *     CMU 15-213 2016+:           weight  num_ids  num_ops  max_alloc
 *     CMU 15-213 Fall 2015:       weight  num_ids  num_ops  ignore_ranges
 * where a CMU weight is 0 (ignore), 1 (util and throughput), 2 (util only)
 * or 3 (throughput only), and ignore_ranges is 0 or 1. The 2015 dialect
 * adds `f -1` (free(NULL)), a realloc or free of an id never allocated
 * (realloc(NULL, SIZE), free(NULL)), `a ID` without a size (the last size
 * read again) and ops past num_ops (ignored): as that course's driver read
 * them (traces/README.md has the rules and their source).
 * The dialect is told from the header unless the caller forces one: CMU
 * 2016+ when the first number is 0..3 and the last above 1; CMU 2015 when
 * the first is 0..3 and the last 0 or 1, except "0 N M 1", which is
 * classic unless the body holds `f -1` or a realloc of an id never
 * allocated; classic otherwise. CRLF line endings, blank lines and
 * trailing spaces are accepted; anything else malformed is an error with
 * the file's name and line.
 */
#ifndef TRACE_H
#define TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum trace_dialect {
    TRACE_DIALECT_AUTO = 0, /* tell from the header                     */
    TRACE_DIALECT_CSAPP,    /* classic CS:APP (and MIT 6.172, + 'w')     */
    TRACE_DIALECT_CMU,      /* CMU 15-213 2016+                         */
    TRACE_DIALECT_CMU15     /* CMU 15-213 Fall 2015                     */
};

enum trace_op_kind {
    TRACE_ALLOC = 'a',
    TRACE_FREE = 'f',
    TRACE_REALLOC = 'r',
    TRACE_WRITE = 'w'
};

struct trace_op {
    size_t size;    /* bytes (0 for free)                 */
    uint32_t id;    /* block id, < num_ids                */
    char kind;      /* an enum trace_op_kind              */
};

/* What a trace counts toward in the score. */
enum trace_weight {
    TRACE_WEIGHT_NONE = 0,  /* replayed and checked, not scored */
    TRACE_WEIGHT_BOTH = 1,  /* utilization and throughput       */
    TRACE_WEIGHT_UTIL = 2,  /* utilization only                 */
    TRACE_WEIGHT_THRU = 3   /* throughput only                  */
};

struct trace {
    char *path;                  /* as given                          */
    char *name;                  /* file name without directories     */
    enum trace_dialect dialect;  /* as detected or forced             */
    enum trace_weight weight;
    size_t num_ids;
    size_t num_ops;
    struct trace_op *ops;        /* num_ops of them                   */
    uint32_t *lines;             /* line in the file of each op       */
    size_t peak_live;            /* peak sum of live requested bytes  */
    size_t peak_live_aligned;    /* peak sum of live bytes, each block
                                    rounded up to ALIGNMENT             */
    /* CMU 2015: the id that `f -1` frees, one past the header's ids and
     * never allocated, so that every replay passes NULL for it;
     * UINT32_MAX in the other dialects. */
    uint32_t null_id;
    size_t ignored_ops;          /* CMU 2015: ops past num_ops, not read   */
    uintmax_t max_alloc;         /* CMU 2016+: the header's peak live bytes;
                                    0 in the other dialects              */
    bool header_fits_cmu15;      /* read as classic from a header "0 N M 1",
                                    which CMU 2015 reads as weight 0       */
};

/* Reads and checks the trace at path. On success returns 0 and fills *t.
 * On failure returns -1, fills err with one line "PATH:LINE: what is wrong"
 * (or "PATH: what is wrong") and leaves *t empty. Checks: the header, every
 * line's syntax, sizes that fit size_t, ids below num_ids, frees, reallocs
 * and writes of live blocks only, no alloc of a live id, a write no longer
 * than its block, and the op count against the header. */
int trace_read(const char *path, enum trace_dialect dialect, size_t alignment,
               struct trace *t, char *err, size_t errlen);

void trace_free(struct trace *t);

/* Traces read together (a directory, or the -f files of one run) are one
 * set: when one of them is in the CMU 2015 dialect, those read as classic
 * only because their header "0 N M 1" fits both are read as 2015 too (their
 * first number is then a weight: 0, not scored). Returns how many changed. */
int trace_set_dialect(struct trace *ts, size_t n);

/* Writes num_ops ops as a trace in the classic dialect: the header
 * "0 NUM_IDS NUM_OPS 1" (a num_ids of 0 is written as 1), then an op a
 * line; a free of an id that is not live (CMU 2015's free(NULL)) is
 * written `f -1`, which reads back as that dialect. Returns 0, or -1 on a
 * write error (errno tells which). */
int trace_write(FILE *out, size_t num_ids, const struct trace_op *ops, size_t num_ops);

/* The dialect's name, for messages ("csapp", "cmu", "cmu15"). */
const char *trace_dialect_name(enum trace_dialect d);

#endif /* TRACE_H */
