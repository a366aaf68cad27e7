/*
 * csapp_32bit.c - a test allocator in the shape of a CS:APP mm.c written
 * for a 32-bit machine: it keeps the heap's addresses in unsigned ints. On
 * a 64-bit machine the casts cut them to their low 32 bits (gcc warns:
 * "cast from pointer to integer of different size"), and mm_init crashes
 * at its first store through one.
 *
 * Policy: a bump allocator with a 4-byte size word before each payload.
 */
#include <string.h>

#include "mm.h"
#include "memlib.h"

#define ALIGNMENT 8
#define ALIGN(size) (((size) + (ALIGNMENT - 1)) & ~0x7u)

static unsigned int heap_start;  /* an address, on a 32-bit machine */

int mm_init(void)
{
    heap_start = (unsigned int)mem_sbrk(8);
    *(unsigned int *)heap_start = 0;   /* the prologue word */
    return 0;
}

void *mm_malloc(size_t size)
{
    unsigned int asize = ALIGN((unsigned int)size + 8);
    unsigned int p = (unsigned int)mem_sbrk((int)asize);
    *(unsigned int *)p = asize;
    return (void *)(p + 8);
}

void mm_free(void *ptr)
{
    (void)ptr;
}

void *mm_realloc(void *ptr, size_t size)
{
    void *q = mm_malloc(size);
    if (ptr != NULL) {
        unsigned int old = *(unsigned int *)((unsigned int)ptr - 8) - 8;
        memcpy(q, ptr, old < size ? old : size);
    }
    return q;
}
