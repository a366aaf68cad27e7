/*
 * footprint.h - how much memory the process's malloc holds, read from the
 * allocator's own statistics, so the C library (or an allocator put in its
 * place with LD_PRELOAD: jemalloc, mimalloc, tcmalloc) can be compared with
 * the lab's allocators on memory as well as on time.
 */
#ifndef FOOTPRINT_H
#define FOOTPRINT_H

#include <stdbool.h>
#include <stddef.h>

#include "trace.h"

struct footprint {
    const char *allocator;  /* "libc", "jemalloc", "mimalloc", "tcmalloc" */
    const char *method;     /* how the footprint is read                  */
    size_t (*held)(void);   /* bytes the allocator holds now              */
    int whole_process;      /* 1: held() counts the whole process (the
                               resident set), so the footprint is its
                               growth during the replay; 0: held() is the
                               allocator's own, counted from zero         */
    const char *replay_env; /* NAME=VALUE the footprint replay's process
                               runs with (NULL: none)                     */
};

/* Finds which malloc this process uses and how to read its footprint
 * (symbols looked up at run time, so one binary serves every preload). */
void footprint_probe(struct footprint *fp);

/* Replays t once through malloc in a freshly started copy of the driver
 * (same environment, so the same preloaded allocator, and fp's replay_env)
 * and sets *peak to
 * the peak footprint: what the allocator held at its most, including what
 * it took at start-up (or, when measured by the resident set, the growth
 * of the process's). That process dies with the driver, is stopped after
 * timeout_secs, and may take at most FOOTPRINT_MEM_PERCENT of the
 * machine's RAM (a limit on its data segment, set from the trace's peak
 * live bytes). Returns 0, or -1 with *peak = 0 and the reason in why. */
int footprint_measure(const struct footprint *fp, const struct trace *t, unsigned timeout_secs,
                      size_t *peak, char *why, size_t whylen);

/* footprint_measure starts the fresh process by running the driver's own
 * binary again as `mdriver --footprint-child OPS_FD NUM_OPS NUM_IDS OUT_FD`.
 * footprint_is_child tells main() that it is that process; main() then
 * returns footprint_child_main(), which replays the trace read from OPS_FD
 * through malloc, writes the peak footprint to OUT_FD and returns the exit
 * status (0, or 2 on a bad argument or a failed mapping). */
#define FOOTPRINT_CHILD_FLAG "--footprint-child"
bool footprint_is_child(int argc, char **argv);
int footprint_child_main(int argc, char **argv);

#endif /* FOOTPRINT_H */
