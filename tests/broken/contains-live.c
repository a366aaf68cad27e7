/* contains-live.c - broken on purpose: the second malloc returns a block
 * that wholly contains the first, live one (neither of its ends falls
 * inside it, so an ends-only overlap test would miss it).
 */
#include <string.h>
#include "mm.h"

static int calls;
static char *base;

int mm_init(void)
{
    calls = 0;
    base = mem_sbrk(256);
    return base == (void *)-1 ? -1 : 0;
}

void *mm_malloc(size_t size)
{
    calls++;
    if (calls == 1)
        return base + 16;      /* block 0: 24 bytes at base+16 */
    if (calls == 2)
        return base + 8;       /* block 1: 40 bytes at base+8, around block 0 */
    char *p = mem_sbrk((intptr_t)((size + 7) & ~(size_t)7));
    return p == (void *)-1 ? NULL : p;
}

void mm_free(void *ptr) { (void)ptr; }

void *mm_realloc(void *ptr, size_t size)
{
    void *q = mm_malloc(size);
    if (q != NULL && ptr != NULL)
        memcpy(q, ptr, size < 8 ? size : 8);
    return q;
}
