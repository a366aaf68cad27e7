/*
 * replay.c - timing (see replay.h).
 *
 * A trace of a few thousand operations takes microseconds, too short to
 * time alone; so a sample repeats the replay back to back until it lasts
 * MIN_SAMPLE_NS, and its time is divided by the repetitions. The number of
 * repetitions is fixed per allocator by an untimed warm-up replay.
 */
#include "replay.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <stdio.h>

#include "config.h"
#include "memlib.h"

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* One replay of the whole trace; returns its time in ns, or -1 when the
 * allocator returned NULL for a non-zero request. */
static double replay_once(const struct trace *t, const struct mm_api *a, void **ptrs)
{
    memset(ptrs, 0, t->num_ids * sizeof *ptrs);
    double start = now_ns();
    if (a->on_simulated_heap) {
        mem_reset_brk();
        if (a->init() < 0)
            return -1;
    }
    const struct trace_op *op = t->ops, *end = t->ops + t->num_ops;
    for (; op < end; op++) {
        void **slot = &ptrs[op->id];
        switch (op->kind) {
        case TRACE_ALLOC:
            *slot = a->malloc(op->size);
            if (*slot == NULL && op->size != 0)
                return -1;
            break;
        case TRACE_FREE:
            a->free(*slot);
            *slot = NULL;
            break;
        case TRACE_REALLOC: {
            void *p = a->realloc(*slot, op->size);
            if (p == NULL && op->size != 0)
                return -1;
            *slot = p;
            break;
        }
        case TRACE_WRITE:
            if (op->size > 0)   /* a 0-byte block may be NULL */
                memset(*slot, (int)(op->id & 0xff), op->size);
            break;
        }
    }
    double elapsed = now_ns() - start;
    if (!a->on_simulated_heap)       /* not timed: give the C library's */
        for (size_t id = 0; id < t->num_ids; id++)  /* blocks back     */
            a->free(ptrs[id]);
    return elapsed;
}

/* One sample: reps replays; returns the mean ns of one, or -1. */
static double sample(const struct trace *t, const struct mm_api *a, void **ptrs, long reps)
{
    double total = 0;
    for (long r = 0; r < reps; r++) {
        double ns = replay_once(t, a, ptrs);
        if (ns < 0)
            return -1;
        total += ns;
    }
    return total / (double)reps;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median_and_spread(double *v, int n, double *spread)
{
    qsort(v, (size_t)n, sizeof *v, compare_doubles);
    double m = v[n / 2];
    *spread = m > 0 ? (v[n - 1] - v[0]) / m : 0;
    return m;
}

/* Repetitions per sample so that one sample lasts MIN_SAMPLE_NS. */
static long reps_for(double one_replay_ns)
{
    if (one_replay_ns <= 0)
        return 1000;
    double reps = (double)MIN_SAMPLE_NS / one_replay_ns;
    return reps < 1 ? 1 : reps > 1000 ? 1000 : (long)reps + 1;
}

int replay_time(const struct trace *t, const struct mm_api *mm, const struct mm_api *libc,
                unsigned limit_secs, volatile int *replay, struct replay_times *out, char *err,
                size_t errlen)
{
    memset(out, 0, sizeof *out);
    void **ptrs = calloc(t->num_ids ? t->num_ids : 1, sizeof *ptrs);
    if (ptrs == NULL) {
        snprintf(err, errlen, "out of memory for the replay");
        return -1;
    }
    double mm_samples[TIMED_REPLAYS], libc_samples[TIMED_REPLAYS];
    const struct mm_api *failed = NULL;
    long mm_reps = 0, libc_reps = 0;
    double start = now_ns(), sample_ns = 0;   /* one sample of each, as warmed up */
    if (replay != NULL)
        *replay = 0;
    if (mm != NULL) {
        double warm = replay_once(t, mm, ptrs);
        mm_reps = reps_for(warm);
        sample_ns += (double)mm_reps * warm;
        if (warm < 0)
            failed = mm;
    }
    if (failed == NULL && libc != NULL) {
        double warm = replay_once(t, libc, ptrs);
        libc_reps = reps_for(warm);
        sample_ns += (double)libc_reps * warm;
        if (warm < 0)
            failed = libc;
    }
    double expected = (now_ns() - start + TIMED_REPLAYS * sample_ns) / 1e9;
    if (failed == NULL && limit_secs > 0 && expected > limit_secs) {
        free(ptrs);
        snprintf(err, errlen, "the timed replays would take about %.1f s (from the warm-up), "
                 "more than the %u s of --time-limit", expected, limit_secs);
        return REPLAY_OVER_LIMIT;
    }
    for (int i = 0; failed == NULL && i < TIMED_REPLAYS; i++) {
        if (replay != NULL)
            *replay = i + 1;
        if (mm != NULL && (mm_samples[i] = sample(t, mm, ptrs, mm_reps)) < 0)
            failed = mm;
        else if (libc != NULL && (libc_samples[i] = sample(t, libc, ptrs, libc_reps)) < 0)
            failed = libc;
    }
    free(ptrs);
    if (failed != NULL) {
        snprintf(err, errlen, "%s returned NULL in a timed replay%s", failed->name,
                 failed == mm ? " (it did not in the correctness pass)" : "");
        return failed == mm ? -1 : REPLAY_LIBC_FAILED;
    }
    if (mm != NULL)
        out->mm_secs = median_and_spread(mm_samples, TIMED_REPLAYS, &out->mm_spread) / 1e9;
    if (libc != NULL)
        out->libc_secs = median_and_spread(libc_samples, TIMED_REPLAYS, &out->libc_spread) / 1e9;
    return 0;
}
