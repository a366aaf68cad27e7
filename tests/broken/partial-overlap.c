/* partial-overlap.c - broken on purpose: the second malloc returns a
 * payload that starts 8 bytes into the first (live) one and runs past its
 * end, inside the heap.
 */
#include <string.h>
#include "mm.h"

#define HDR 8
static int calls;
static char *first;

int mm_init(void) { calls = 0; first = NULL; return 0; }

void *mm_malloc(size_t size)
{
    size_t total = (size + HDR + 7) & ~(size_t)7;
    char *p = mem_sbrk((intptr_t)total);
    if (p == (void *)-1)
        return NULL;
    *(size_t *)(void *)p = size;
    calls++;
    if (calls == 1)
        first = p + HDR;
    if (calls == 2)
        return first + 8;
    return p + HDR;
}

void mm_free(void *ptr) { (void)ptr; }

void *mm_realloc(void *ptr, size_t size)
{
    void *q = mm_malloc(size);
    if (q != NULL && ptr != NULL)
        memcpy(q, ptr, size < 8 ? size : 8);
    return q;
}
