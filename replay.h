/*
 * replay.h - timing: replays a trace without the correctness pass's checks,
 * several times, and reports the median time of one replay. Each replay
 * of the allocator under test is checked against the correctness pass in
 * one way: its answers must be the ones that pass validated.
 */
#ifndef REPLAY_H
#define REPLAY_H

#include <stddef.h>
#include <stdint.h>

#include "mm_api.h"
#include "trace.h"

struct replay_times {
    double mm_secs;     /* median seconds for one replay of the trace       */
    double libc_secs;   /* the same for the C library (0 when not timed)    */
    double mm_spread;   /* (max - min) / median over the samples, for -V     */
    double libc_spread;
};

/* The answers of a replay (what malloc and realloc returned, in trace
 * order) fold into one running hash: h = replay_answer_hash(h, p) for each
 * answer, from h = 0. memlib reserves the heap once per process and every
 * replay starts it at the same address, so equal offsets from the heap's
 * start are equal pointers, and hashing the pointers costs no subtraction. */
static inline uint64_t replay_answer_hash(uint64_t h, const void *p)
{
    /* an odd multiplier below 2^31: one imul with an immediate, so the
     * hash costs two instructions an answer (xor, imul) */
    return (h ^ (uint64_t)(uintptr_t)p) * 0x5bd1e995u;
}

/* What the correctness pass of the allocator found, for checking each
 * timed replay: the hash of its answers and the answers themselves (per op,
 * NULL for frees and writes; NULL: not kept), to name the first that differs. */
struct replay_check {
    uint64_t hash;
    void *const *answers;
};

/* Times TIMED_REPLAYS samples of t through mm and libc, alternating between
 * the two so a drift in the machine's speed affects both alike; either may
 * be NULL (not both), and only the other is timed. A replay through an allocator on the simulated
 * heap starts with mem_reset_brk() and init(), inside the timed region.
 * *replay (if not NULL) is set to the sample being run, for crash reports.
 * limit_secs (0: none) is what the samples may take: when the warm-up
 * replays say they would take longer, none is run.
 * check (if not NULL): every replay of mm, the warm-up too, must give its
 * answers; one that does not stops the timing with REPLAY_DIFFERS and a
 * message that names the first op whose answer differs (found by one more
 * replay, untimed, that compares every answer), or says that replay gave
 * the validated answers again.
 * Returns 0, or -1 with a message when mm returned NULL, or
 * REPLAY_LIBC_FAILED when libc did (a request larger than the machine can
 * give it: the trace was not timed, and mm is not to blame), or
 * REPLAY_OVER_LIMIT with a message (not timed), or REPLAY_DIFFERS. */
#define REPLAY_LIBC_FAILED (-2)
#define REPLAY_OVER_LIMIT (-3)
#define REPLAY_DIFFERS (-4)
int replay_time(const struct trace *t, const struct mm_api *mm, const struct mm_api *libc,
                const struct replay_check *check, unsigned limit_secs, volatile int *replay,
                struct replay_times *out, char *err, size_t errlen);

#endif /* REPLAY_H */
