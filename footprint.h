/*
 * footprint.h - how much memory the process's malloc holds, read from the
 * allocator's own statistics, so the C library (or an allocator put in its
 * place with LD_PRELOAD: jemalloc, mimalloc, tcmalloc) can be compared with
 * the lab's allocators on memory as well as on time.
 */
#ifndef FOOTPRINT_H
#define FOOTPRINT_H

#include <stddef.h>

#include "trace.h"

struct footprint {
    const char *allocator;  /* "libc", "jemalloc", "mimalloc", "tcmalloc" */
    const char *method;     /* how the footprint was read                 */
    size_t (*held)(void);   /* bytes the allocator holds now              */
    size_t (*in_use)(void); /* of them, bytes in blocks not yet freed     */
};

/* Finds which malloc this process uses and how to read its footprint
 * (symbols looked up at run time, so one binary serves every preload). */
void footprint_probe(struct footprint *fp);

/* Replays t once through the process's malloc, untimed, and returns its
 * peak footprint: the most the allocator held during the replay, less what
 * the driver itself had in use before it. (Memory the driver had freed but
 * the allocator kept counts toward the replay, as it would in a program.) */
size_t footprint_peak(const struct footprint *fp, const struct trace *t);

#endif /* FOOTPRINT_H */
