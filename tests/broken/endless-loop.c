/* endless-loop.c - broken on purpose: the third malloc never returns.
 * Otherwise the naive allocator: every malloc extends the heap by the
 * request plus an 8-byte size header; free does nothing; realloc copies.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include "mm.h"

#define HDR 8
#define ROUND(n) (((n) + 7) & ~(size_t)7)
static int calls;   /* mm_malloc calls since mm_init */

int mm_init(void)
{
    calls = 0;
    return 0;
}

void *mm_malloc(size_t size)
{
    calls++;
    if (calls == 3)
        for (volatile int spin = 1; spin;)
            ;
    char *p = mem_sbrk((intptr_t)ROUND(size + HDR));
    if (p == (void *)-1)
        return NULL;
    *(size_t *)(void *)p = size;
    return p + HDR;
}

void mm_free(void *ptr)
{
    (void)ptr;

}

void *mm_realloc(void *ptr, size_t size)
{
    char *q = mm_malloc(size);
    if (q == NULL || ptr == NULL)
        return q;
    size_t old = *(size_t *)(void *)((char *)ptr - HDR);
    size_t n = old < size ? old : size;
    (void)n;
    memcpy(q, ptr, n);
    return q;
}

