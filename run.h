/*
 * run.h - runs one trace, isolated: the correctness pass and the timed
 * replays happen in a child process, so an allocator that crashes, aborts,
 * exits or loops forever fails that trace only, with the signal and the
 * operation it was in, and the driver goes on with the next trace.
 *
 * What the child prints (the allocator's own output, a sanitizer's report)
 * reaches the driver's stdout and stderr only through the driver, each line
 * labeled "[NAME output] ", so nothing the allocator prints can pass for
 * the driver's results. The result the child reports is checked against
 * what the driver knows of the trace (RELIABILITY.md, "Grading untrusted
 * files").
 */
#ifndef RUN_H
#define RUN_H

#include <stdbool.h>
#include <stdio.h>

#include "footprint.h"
#include "mm_api.h"
#include "replay.h"
#include "trace.h"

/* How one trace ended: the verdict of the correctness pass (validate.c), or
 * what stopped the child that ran it. */
enum run_status {
    RUN_VALID = 0,     /* every answer correct                           */
    RUN_INVALID,       /* a wrong answer: the message says which         */
    RUN_OUT_OF_MEMORY, /* NULL after mem_sbrk refused to grow past MAX_HEAP */
    RUN_CRASHED,       /* killed by a signal                             */
    RUN_TIMEOUT,       /* did not finish within the time limit           */
    RUN_NOT_RUN,       /* could not be started                           */
    RUN_TIMED_DIFFERS, /* valid, but a timed replay answered otherwise   */
    RUN_BAD_RECORD     /* the child's result does not fit the trace       */
};

#define RUN_MESSAGE_MAX 600

struct run_options {
    size_t check_every;       /* -c 1, -C N: heap checker every N ops and
                                 after the last; 0 = never */
    bool time_it;             /* time the trace after a valid pass         */
    unsigned timeout_secs;    /* -s: per-trace time limit; 0 = none        */
    unsigned time_limit_secs; /* --time-limit: the timed replays' own limit,
                                 counted from the end of the correctness
                                 pass (-s then bounds that pass only); past
                                 it, or when the warm-up replays say they
                                 would go past it, the trace stays valid,
                                 untimed; 0: -s bounds both */
    bool no_fork;             /* run in the driver's process (debugging)   */
    const char *series_dir;   /* if set: write DIR/<trace>.csv (op,live,heap) */
    const struct footprint *footprint;  /* if set: measure the C library's
                                           peak footprint (see run_trace) */
    FILE *progress;           /* if set (a terminal): a line "TRACE: op N of
                                 M" kept up to date while the trace runs,
                                 erased when it ends */
};

struct trace_result {
    enum run_status status;
    char message[RUN_MESSAGE_MAX];
    size_t peak_live;
    size_t heap_size;
    double util;
    bool timed;
    struct replay_times times;
    size_t libc_footprint;    /* peak bytes the C library held (0: not measured) */
    size_t fail_op;           /* op of the correctness pass it failed in, from 1;
                                 0: valid, or not in an op (mm_init, the end) */
    size_t outside_bytes;     /* kept outside the heap in the correctness pass:
                                 static data and the peak taken at run time
                                 (outside.h) */
    bool not_timed;           /* valid, but not timed: the message says why */
};

const char *run_status_name(enum run_status s);

/* Runs t: the correctness pass of mm, then (opt->time_it, on a valid
 * trace) the timed replays of mm and libc, then libc's footprint. libc
 * NULL: mm alone is timed (--ref none), no footprint. mm NULL: libc alone
 * (--ref-only), no correctness pass: the trace is valid unless libc
 * returns NULL (out of memory), and the footprint is read whether timed or
 * not. */
void run_trace(const struct trace *t, const struct mm_api *mm, const struct mm_api *libc,
               const struct run_options *opt, struct trace_result *res);

/* The command-line flag that asks for the heap checks of `o` (" -c",
 * " -C N" or ""), written into buf, for commands the driver prints. */
const char *run_check_flag(const struct run_options *o, char *buf, size_t len);

#endif /* RUN_H */
