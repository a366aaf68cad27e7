/* shrinks_heap.c - makes its heap look small at the end of the trace, to
 * raise its utilization: in the trace's last free (it counts the frees
 * since mm_init up to -DFREES=N, the trace's count) it calls
 * mem_reset_brk() and takes 8 bytes back, or with -DNEGATIVE it calls
 * mem_sbrk with minus the heap's size. The driver must count the heap's
 * largest size all the same (tests/t-harness-hostile.sh). */
#include <stdint.h>

#define HOSTILE_FREE
#include "naive_base.h"

#ifndef FREES
#define FREES 1
#endif

static int frees;

int mm_init(void)
{
    frees = 0;
    return naive_init();
}

void mm_free(void *ptr)
{
    naive_free(ptr);
    if (++frees == FREES) {
#ifdef NEGATIVE
        mem_sbrk(-(intptr_t)mem_heapsize());
#else
        mem_reset_brk();
        mem_sbrk(8);
#endif
    }
}
