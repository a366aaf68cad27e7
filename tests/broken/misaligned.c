/* misaligned.c - broken on purpose: the second malloc returns a payload 4
 * bytes off the alignment (still inside the heap, overlapping nothing).
 */
#include <string.h>
#include "mm.h"

#define HDR 8
static int calls;

int mm_init(void) { calls = 0; return 0; }

void *mm_malloc(size_t size)
{
    size_t total = (size + HDR + 4 + 7) & ~(size_t)7;
    char *p = mem_sbrk((intptr_t)total);
    if (p == (void *)-1)
        return NULL;
    *(size_t *)(void *)p = size;
    return ++calls == 2 ? p + HDR + 4 : p + HDR;
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
