/* exits_early.c - ends its process in the middle of a trace with status 0,
 * as if all had gone well: by exit(0) in its third malloc of the
 * correctness pass, or with -DIN_TIMING by _exit(0) in the first timed
 * replay's mm_init. The driver must fail the trace, saying where
 * (tests/t-harness-hostile.sh). */
#include <stdlib.h>
#include <unistd.h>

#define HOSTILE_MALLOC
#include "naive_base.h"

static int inits, mallocs;

int mm_init(void)
{
#ifdef IN_TIMING
    if (++inits == 2)
        _exit(0);
#else
    inits++;
#endif
    return naive_init();
}

void *mm_malloc(size_t size)
{
#ifndef IN_TIMING
    if (inits == 1 && ++mallocs == 3)
        exit(0);
#endif
    return naive_malloc(size);
}
