/*
 * shrink.h - `mdriver --shrink FILE`: the smallest trace found that makes
 * the allocator fail the same way as FILE does.
 *
 * Delta debugging (ddmin) over the operations, then over the blocks (a
 * block's alloc with its reallocs, writes and free), then the sizes are
 * lowered, keeping every candidate that fails with the same failure class
 * (failure.h). Each candidate runs in the driver's forked child (run.c),
 * so a crash or a hang ends that candidate only. The result is a
 * well-formed trace: ids renumbered densely, exact header counts.
 */
#ifndef SHRINK_H
#define SHRINK_H

#include "mm_api.h"
#include "run.h"
#include "trace.h"

/* SHRINK_TIME: the default total time limit of a search, in seconds
 * (--shrink-time overrides; 0 = none). */
#ifndef SHRINK_TIME
#define SHRINK_TIME 300
#endif
#if SHRINK_TIME < 0
#error "SHRINK_TIME is a number of seconds, 0 or more"
#endif

struct shrink_options {
    const char *in;            /* --shrink FILE                             */
    const char *out;           /* -o OUT (NULL: NAME-shrunk.rep, here)      */
    unsigned total_secs;       /* --shrink-time: the whole search; 0 = none */
    const char *driver;        /* argv[0], for the replay command           */
};

/* Runs the search and prints what it found. run gives -c and the time limit
 * per candidate (-s). Returns the exit status: 0 a shrunk trace was
 * written, 1 nothing to shrink (the trace is valid), 2 an error. */
int shrink_main(const struct shrink_options *o, enum trace_dialect dialect,
                const struct run_options *run, const struct mm_api *mm);

#endif /* SHRINK_H */
