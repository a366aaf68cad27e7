/*
 * replay.c - timing (see replay.h).
 *
 * A trace of a few thousand operations takes microseconds, too short to
 * time alone; so a sample repeats the replay back to back until it lasts
 * MIN_SAMPLE_NS, and its time is divided by the repetitions. The number of
 * repetitions is fixed per allocator by an untimed warm-up replay.
 *
 * Every replay of the allocator under test folds its answers into a hash
 * (replay_answer_hash: two instructions an answer, measured in
 * allocators/README.md), compared after the replay, outside the timed
 * region, with the correctness pass's: an allocator that answers otherwise
 * when timed (faster and wrong) fails the trace. The C library's replays
 * compute the hash too, so both sides run the same code, and it is not
 * compared: the C library lives in the process's heap, not memlib's.
 */
#include "replay.h"

#include <inttypes.h>
#include <stdbool.h>
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

/* The ops of one replay. record NULL (the timed replays): the answers only
 * fold into *hash; else each op's answer also goes to record[op] (NULL for
 * frees and writes). Inlined with record a constant, so the timed replays
 * pay for the hash only. Returns false when the allocator returned NULL
 * for a non-zero request. */
static inline __attribute__((always_inline)) bool
replay_ops(const struct trace *t, const struct mm_api *a, void **ptrs, uint64_t *hash,
           void **record)
{
    uint64_t h = 0;
    const struct trace_op *op = t->ops, *end = t->ops + t->num_ops;
    for (; op < end; op++) {
        void **slot = &ptrs[op->id];
        void *answer = NULL;
        switch (op->kind) {
        case TRACE_ALLOC:
            *slot = a->malloc(op->size);
            if (*slot == NULL && op->size != 0)
                return false;
            h = replay_answer_hash(h, answer = *slot);
            break;
        case TRACE_FREE:
            a->free(*slot);
            *slot = NULL;
            break;
        case TRACE_REALLOC: {
            void *p = a->realloc(*slot, op->size);
            if (p == NULL && op->size != 0)
                return false;
            *slot = p;
            h = replay_answer_hash(h, answer = p);
            break;
        }
        case TRACE_WRITE:
            if (op->size > 0)   /* a 0-byte block may be NULL */
                memset(*slot, (int)(op->id & 0xff), op->size);
            break;
        }
        if (record != NULL)
            record[op - t->ops] = answer;
    }
    *hash = h;
    return true;
}

/* One replay of the whole trace (record: see replay_ops); returns its time
 * in ns and the hash of its answers in *hash, or -1 when the allocator
 * returned NULL for a non-zero request. */
static inline __attribute__((always_inline)) double
replay_run(const struct trace *t, const struct mm_api *a, void **ptrs, uint64_t *hash,
           void **record)
{
    memset(ptrs, 0, t->num_ids * sizeof *ptrs);
    double start = now_ns();
    if (a->on_simulated_heap) {
        mem_reset_brk();
        if (a->init() < 0)
            return -1;
    }
    if (!replay_ops(t, a, ptrs, hash, record))
        return -1;
    double elapsed = now_ns() - start;
    if (!a->on_simulated_heap)       /* not timed: give the C library's */
        for (size_t id = 0; id < t->num_ids; id++)  /* blocks back     */
            a->free(ptrs[id]);
    return elapsed;
}

/* A timed replay. */
static double replay_once(const struct trace *t, const struct mm_api *a, void **ptrs,
                          uint64_t *hash)
{
    return replay_run(t, a, ptrs, hash, NULL);
}

/* After a replay whose hash differed: one more replay, untimed, whose
 * answers are compared with the validated ones; the message names the
 * first that differs. */
static void describe_difference(const struct trace *t, const struct mm_api *mm, void **ptrs,
                                const struct replay_check *check, const char *which, char *err,
                                size_t errlen)
{
    int n = snprintf(err, errlen, "the timed replays' answers differ from the validated "
                     "pass's (%s gave other blocks)", which);
    void **got = check->answers != NULL ? calloc(t->num_ops ? t->num_ops : 1, sizeof *got)
                                        : NULL;
    uint64_t hash;
    if (got == NULL || n < 0 || (size_t)n >= errlen) {
        free(got);
        return;
    }
    if (replay_run(t, mm, ptrs, &hash, got) < 0) {
        snprintf(err + n, errlen - (size_t)n, "; replayed once more to find where, it returned "
                 "NULL");
    } else {
        size_t i = 0;
        while (i < t->num_ops && got[i] == check->answers[i])
            i++;
        if (i == t->num_ops) {
            snprintf(err + n, errlen - (size_t)n, "; replayed once more to find where, it gave "
                     "the validated answers");
        } else {
            const struct trace_op *op = &t->ops[i];
            uintptr_t lo = (uintptr_t)mem_heap_lo();
            snprintf(err + n, errlen - (size_t)n, "; replayed once more: op %zu (line %u): "
                     "%s(%zu) for block %u returned heap offset %#" PRIxPTR ", the validated "
                     "pass got %#" PRIxPTR, i + 1, t->lines[i],
                     op->kind == TRACE_ALLOC ? "malloc" : "realloc", op->size, op->id,
                     (uintptr_t)got[i] - lo, (uintptr_t)check->answers[i] - lo);
        }
    }
    free(got);
}

/* One sample: reps replays; returns the mean ns of one, or -1. A replay
 * of mm whose answers' hash is not check's stops the sample: *differs is
 * set to it (from 1) and -1 returned. */
static double sample(const struct trace *t, const struct mm_api *a, void **ptrs, long reps,
                     const struct replay_check *check, long *differs)
{
    double total = 0;
    for (long r = 0; r < reps; r++) {
        uint64_t hash;
        double ns = replay_once(t, a, ptrs, &hash);
        if (ns < 0)
            return -1;
        if (check != NULL && hash != check->hash) {
            *differs = r + 1;
            return -1;
        }
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
                const struct replay_check *check, unsigned limit_secs, volatile int *replay,
                struct replay_times *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    void **ptrs = calloc(t->num_ids ? t->num_ids : 1, sizeof *ptrs);
    if (ptrs == NULL) {
        snprintf(err, errlen, "out of memory for the replay");
        return -1;
    }
    double mm_samples[TIMED_REPLAYS], libc_samples[TIMED_REPLAYS];
    const struct mm_api *failed = NULL;
    long mm_reps = 0, libc_reps = 0, differs = 0;   /* differs: the replay, from 1 */
    double start = now_ns(), sample_ns = 0;   /* one sample of each, as warmed up */
    if (replay != NULL)
        *replay = 0;
    if (mm != NULL) {
        double warm = sample(t, mm, ptrs, 1, check, &differs);
        mm_reps = reps_for(warm);
        sample_ns += (double)mm_reps * warm;
        if (warm < 0)
            failed = mm;
    }
    if (failed == NULL && libc != NULL) {
        double warm = sample(t, libc, ptrs, 1, NULL, &differs);
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
    int i = 0;
    for (; failed == NULL && i < TIMED_REPLAYS; i++) {
        if (replay != NULL)
            *replay = i + 1;
        if (mm != NULL && (mm_samples[i] = sample(t, mm, ptrs, mm_reps, check, &differs)) < 0)
            failed = mm;
        else if (libc != NULL &&
                 (libc_samples[i] = sample(t, libc, ptrs, libc_reps, NULL, &differs)) < 0)
            failed = libc;
    }
    if (differs > 0) {
        char which[80];
        if (i == 0)
            snprintf(which, sizeof which, "the warm-up replay");
        else
            snprintf(which, sizeof which, "replay %ld of timed sample %d", differs, i);
        describe_difference(t, mm, ptrs, check, which, err, errlen);
        free(ptrs);
        return REPLAY_DIFFERS;
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
