/*
 * validate.h - the correctness pass: replays a trace once, checking every
 * answer of the allocator, and measures its utilization.
 */
#ifndef VALIDATE_H
#define VALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "mm_api.h"
#include "run.h"      /* enum run_status, RUN_MESSAGE_MAX */
#include "trace.h"

struct validate_result {
    enum run_status status;
    size_t failed_op;            /* index of the op that failed (status != VALID) */
    char message[RUN_MESSAGE_MAX];
    size_t peak_live;            /* peak live requested bytes              */
    size_t heap_size;            /* the heap's largest size during the pass
                                    (it can shrink only if the allocator calls
                                    mem_reset_brk itself)                    */
    double util;                 /* peak_live / heap_size                  */
    uint64_t answers_hash;       /* replay_answer_hash of every answer     */
};

struct validate_options {
    size_t check_every;          /* heap checker every N ops and after the
                                    last; 0 = never */
    FILE *series;                /* if set: "op,live,heap" rows, one an op  */
    volatile size_t *progress;   /* if set: the op being run, for crash reports */
    void **answers;              /* if set: num_ops slots, each op's answer
                                    (NULL for frees and writes), for naming
                                    the op a timed replay differs in         */
};

/* Replays t against api, which must live on the simulated heap; memlib must
 * be initialized. Fills *res; returns its status. */
enum run_status validate_trace(const struct trace *t, const struct mm_api *api,
                               const struct validate_options *opt,
                               struct validate_result *res);

#endif /* VALIDATE_H */
