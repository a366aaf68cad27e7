/* outside-heap.c - broken on purpose: the third malloc returns a payload
 * in a static array, not in the simulated heap.
 */
#include <string.h>
#include "mm.h"

#define HDR 8
static int calls;
static _Alignas(64) char elsewhere[4096];

int mm_init(void) { calls = 0; return 0; }

void *mm_malloc(size_t size)
{
    if (++calls == 3 && size <= sizeof elsewhere - HDR)
        return elsewhere + HDR;
    size_t total = (size + HDR + 7) & ~(size_t)7;
    char *p = mem_sbrk((intptr_t)total);
    if (p == (void *)-1)
        return NULL;
    *(size_t *)(void *)p = size;
    return p + HDR;
}

void mm_free(void *ptr) { (void)ptr; }

void *mm_realloc(void *ptr, size_t size)
{
    void *q = mm_malloc(size);
    if (q != NULL && ptr != NULL) {
        size_t old = *(size_t *)(void *)((char *)ptr - HDR);
        memcpy(q, ptr, old < size ? old : size);
    }
    return q;
}
