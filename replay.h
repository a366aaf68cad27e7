/*
 * replay.h - timing: replays a trace without checks, several times, and
 * reports the median time of one replay.
 */
#ifndef REPLAY_H
#define REPLAY_H

#include <stddef.h>

#include "mm_api.h"
#include "trace.h"

struct replay_times {
    double mm_secs;     /* median seconds for one replay of the trace       */
    double libc_secs;   /* the same for the C library (0 when not timed)    */
    double mm_spread;   /* (max - min) / median over the samples, for -V     */
    double libc_spread;
};

/* Times TIMED_REPLAYS samples of t through mm and libc, alternating between
 * the two so a drift in the machine's speed affects both alike; either may
 * be NULL (not both), and only the other is timed. A replay through an allocator on the simulated
 * heap starts with mem_reset_brk() and init(), inside the timed region.
 * *replay (if not NULL) is set to the sample being run, for crash reports.
 * limit_secs (0: none) is what the samples may take: when the warm-up
 * replays say they would take longer, none is run.
 * Returns 0, or -1 with a message when mm returned NULL, or
 * REPLAY_LIBC_FAILED when libc did (a request larger than the machine can
 * give it: the trace was not timed, and mm is not to blame), or
 * REPLAY_OVER_LIMIT with a message (not timed). */
#define REPLAY_LIBC_FAILED (-2)
#define REPLAY_OVER_LIMIT (-3)
int replay_time(const struct trace *t, const struct mm_api *mm, const struct mm_api *libc,
                unsigned limit_secs, volatile int *replay, struct replay_times *out, char *err,
                size_t errlen);

#endif /* REPLAY_H */
