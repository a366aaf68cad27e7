/* realloc-grows-over-neighbour.c - broken on purpose: realloc always
 * keeps the block where it is and grows it in place, over whatever follows
 * it (in basic.rep, block 0 grows from 24 to 100 bytes over live block 2).
 * Otherwise the naive allocator. */
#include <string.h>
#include "mm.h"

#define HDR 8
#define ROUND(n) (((n) + 7) & ~(size_t)7)

int mm_init(void) { return 0; }

void *mm_malloc(size_t size)
{
    char *p = mem_sbrk((intptr_t)ROUND(size + HDR));
    if (p == (void *)-1)
        return NULL;
    *(size_t *)(void *)p = size;
    return p + HDR;
}

void mm_free(void *ptr) { (void)ptr; }

void *mm_realloc(void *ptr, size_t size)
{
    if (ptr == NULL)
        return mm_malloc(size);
    *(size_t *)(void *)((char *)ptr - HDR) = size;
    return ptr;
}
