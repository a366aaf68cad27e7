/*
 * tests/hostile/base.h - the allocator the hostile files of
 * t-harness-rules.sh share: each block has a 16-byte header holding its
 * size, comes from the top of the heap or from a free list of blocks of
 * its size (LISTS lists, one per 16 bytes of size; the caller says where
 * the list heads live), and realloc moves. Correct on every trace, and
 * acting as the handouts ask on realloc(NULL, n) and realloc(p, 0).
 */
#ifndef HOSTILE_BASE_H
#define HOSTILE_BASE_H

#include <stddef.h>
#include <string.h>

#include "memlib.h"
#include "mm.h"

#define BASE_HEADER 16

static inline size_t base_round(size_t n)
{
    return (n + 15) / 16 * 16;
}

static inline size_t base_size(const void *p)
{
    return *(const size_t *)((const char *)p - BASE_HEADER);
}

/* A block of n bytes: a free one of its size when lists hold one. */
static inline void *base_malloc(void **lists, size_t nlists, size_t n)
{
    size_t size = base_round(n ? n : 1), c = size / 16;
    if (c < nlists && lists[c] != NULL) {
        void *p = lists[c];
        lists[c] = *(void **)p;
        return p;
    }
    char *b = mem_sbrk((int)(BASE_HEADER + size));
    if (b == (void *)-1)
        return NULL;
    *(size_t *)b = size;
    return b + BASE_HEADER;
}

/* Keeps p on its size's list (a block too large for the lists is lost). */
static inline void base_free(void **lists, size_t nlists, void *p)
{
    size_t c = base_size(p) / 16;
    if (c < nlists) {
        *(void **)p = lists[c];
        lists[c] = p;
    }
}

static inline void *base_realloc(void **lists, size_t nlists, void *p, size_t n)
{
    if (p == NULL)
        return base_malloc(lists, nlists, n);
    if (n == 0) {
        base_free(lists, nlists, p);
        return NULL;
    }
    void *q = base_malloc(lists, nlists, n);
    if (q != NULL) {
        memcpy(q, p, base_size(p) < n ? base_size(p) : n);
        base_free(lists, nlists, p);
    }
    return q;
}

#endif /* HOSTILE_BASE_H */
