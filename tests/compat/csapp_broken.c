/*
 * csapp_broken.c - a classic CS:APP-style test allocator with two bugs the
 * driver must name: its realloc copies only half of the old payload, and
 * its heap checker returns garbage (here a fixed negative number, standing
 * for a path that ends without `return`).
 *
 * Policy: a size word before each payload, bump allocation, frees ignored.
 */
#include <string.h>

#include "mm.h"
#include "memlib.h"

#define WORD 8
#define ROUND(n) (((n) + 7) & ~(size_t)7)

int mm_init(void) { return 0; }

void *mm_malloc(size_t size)
{
    char *p = mem_sbrk((intptr_t)(ROUND(size) + WORD));
    if (p == (void *)-1)
        return NULL;
    *(size_t *)p = size;
    return p + WORD;
}

void mm_free(void *ptr) { (void)ptr; }

void *mm_realloc(void *ptr, size_t size)
{
    void *q = mm_malloc(size);
    if (q != NULL && ptr != NULL) {
        size_t old = *(size_t *)((char *)ptr - WORD);
        memcpy(q, ptr, (old < size ? old : size) / 2);   /* the bug */
    }
    return q;
}

int mm_checkheap(int verbose)
{
    (void)verbose;
    return -559038737;
}
