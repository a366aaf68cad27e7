/*
 * fuzz_trace.c - libFuzzer target for the trace reader and the validator's
 * front end.
 *
 * Each input is written to an anonymous in-memory file (memfd) and read
 * with trace_read() through /proc/self/fd/N, the path the driver would use
 * for a file on disk, in every dialect (auto, csapp, cmu). When the reader
 * accepts it, the trace is replayed once through validate_trace() with the
 * allocator linked in (allocators/naive.c by default; mm.c for fuzz-mm, with
 * the heap checker after every operation) on memlib's simulated heap.
 *
 * What counts as a finding: any sanitizer report (ASan, UBSan), a crash, a
 * leak, a reader that says "ok" but leaves an inconsistent trace (checked
 * below with __builtin_trap), or a reader that fails without a message.
 *
 * Built by hardening.mk (`make fuzz`); MAX_HEAP is small there, so traces
 * asking for large blocks run out of memory quickly instead of filling RAM.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "config.h"
#include "memlib.h"
#include "mm_api.h"
#include "trace.h"
#include "validate.h"

#ifndef FUZZ_CHECK_HEAP
#define FUZZ_CHECK_HEAP 0
#endif
/* Replay only traces this small: the point is the front end, not speed. */
#define FUZZ_MAX_REPLAY_OPS 4096

static void must(int cond)
{
    if (!cond)
        __builtin_trap();
}

/* The invariants trace.h promises for an accepted trace. */
static void check_trace(const struct trace *t, enum trace_dialect asked)
{
    must(t->path != NULL && t->name != NULL);
    must(t->dialect == TRACE_DIALECT_CSAPP || t->dialect == TRACE_DIALECT_CMU ||
         t->dialect == TRACE_DIALECT_CMU15);
    /* CMU 2015: a realloc of an id never allocated is realloc(NULL), a free
     * of one (or of null_id, `f -1`) is free(NULL) */
    bool cmu15 = t->dialect == TRACE_DIALECT_CMU15;
    must(cmu15 ? t->null_id < t->num_ids : t->null_id == UINT32_MAX);
    must(asked == TRACE_DIALECT_AUTO || t->dialect == asked);
    must((int)t->weight >= 0 && (int)t->weight <= 3);
    must(t->num_ops == 0 || (t->ops != NULL && t->lines != NULL));
    size_t *live = calloc(t->num_ids ? t->num_ids : 1, sizeof *live);
    unsigned char *is_live = calloc(t->num_ids ? t->num_ids : 1, 1);
    unsigned char *ever = calloc(t->num_ids ? t->num_ids : 1, 1);
    must(live != NULL && is_live != NULL && ever != NULL);
    for (size_t i = 0; i < t->num_ops; i++) {
        const struct trace_op *op = &t->ops[i];
        must(op->id < t->num_ids);
        must(i == 0 || t->lines[i] > t->lines[i - 1]);
        switch (op->kind) {
        case TRACE_ALLOC:
            must(!is_live[op->id] && op->id != t->null_id);
            is_live[op->id] = ever[op->id] = 1;
            live[op->id] = op->size;
            break;
        case TRACE_REALLOC:
            must(is_live[op->id] || (cmu15 && !ever[op->id] && op->id != t->null_id));
            is_live[op->id] = ever[op->id] = 1;
            live[op->id] = op->size;
            break;
        case TRACE_FREE:
            must(op->size == 0 && (is_live[op->id] || (cmu15 && !ever[op->id])));
            is_live[op->id] = 0;
            break;
        case TRACE_WRITE:
            must(is_live[op->id] && op->size <= live[op->id]);
            break;
        default:
            must(0);
        }
    }
    free(live);
    free(is_live);
    free(ever);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct mm_api api;
    static int have_api = -1;
    char err[RUN_MESSAGE_MAX];
    if (have_api < 0) {
        have_api = mm_api_linked(&api, err, sizeof err) == 0;
        must(have_api);
        mem_init();
    }

    int fd = memfd_create("fuzz-trace", MFD_CLOEXEC);
    if (fd < 0)
        return 0;
    size_t off = 0;
    while (off < size) {
        ssize_t n = write(fd, data + off, size - off);
        if (n <= 0)
            break;
        off += (size_t)n;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);

    static const enum trace_dialect dialects[] = { TRACE_DIALECT_AUTO, TRACE_DIALECT_CSAPP,
                                                   TRACE_DIALECT_CMU };
    for (size_t d = 0; d < sizeof dialects / sizeof dialects[0]; d++) {
        struct trace t;
        memset(err, 0, sizeof err);
        if (trace_read(path, dialects[d], ALIGNMENT, &t, err, sizeof err) != 0) {
            /* A failure always explains itself, naming the file, and
             * leaves the trace empty. */
            must(err[0] != '\0' && strncmp(err, path, strlen(path)) == 0);
            must(t.ops == NULL && t.path == NULL && t.num_ops == 0);
            continue;
        }
        check_trace(&t, dialects[d]);
        if (d == 0 && t.num_ops <= FUZZ_MAX_REPLAY_OPS) {
            struct validate_options opt = { .check_every = FUZZ_CHECK_HEAP };
            struct validate_result res;
            enum run_status s = validate_trace(&t, &api, &opt, &res);
            /* The reader accepted the trace, so the only allowed outcomes
             * are "valid" and, for big requests, "out of memory". */
            must(s == RUN_VALID || s == RUN_OUT_OF_MEMORY);
            must(s == res.status);
        }
        trace_free(&t);
    }
    close(fd);
    return 0;
}
