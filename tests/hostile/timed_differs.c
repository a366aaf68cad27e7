/* timed_differs.c - answers otherwise when it is timed: it counts mm_init
 * calls, and from the second on (the driver's correctness pass calls it
 * first) its third and later mallocs hand out the previous malloc's block
 * again, which is faster and wrong. With -DONLY_INIT=N it cheats in the
 * replay after its Nth mm_init only. The driver must fail the trace as
 * "differs when timed", naming the op (tests/t-harness-hostile.sh). */
#define HOSTILE_MALLOC
#include "naive_base.h"

#ifndef ONLY_INIT
#define ONLY_INIT 0     /* 0: every replay after the first */
#endif

static int inits, mallocs;
static void *last;

int mm_init(void)
{
    inits++;
    mallocs = 0;
    last = NULL;
    return naive_init();
}

static int cheating(void)
{
    return ONLY_INIT == 0 ? inits > 1 : inits == ONLY_INIT;
}

void *mm_malloc(size_t size)
{
    if (cheating() && ++mallocs >= 3 && last != NULL)
        return last;
    return last = naive_malloc(size);
}
