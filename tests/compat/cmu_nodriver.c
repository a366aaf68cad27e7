/*
 * cmu_nodriver.c - cmu_lab.c without its `#ifdef DRIVER` renames: it
 * defines malloc, free, realloc and calloc under those names whatever the
 * build, so linked into the driver it would become the driver's own malloc.
 * The build must refuse it, naming the symbols.
 *
 * Policy: a 16-byte header holding the block size, a LIFO list of freed
 * blocks, first fit.
 */
#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm.h"
#include "memlib.h"


#define ALIGNMENT 16
static const size_t header_size = ALIGNMENT;

typedef struct free_block { struct free_block *next; } free_block_t;
static free_block_t *free_list;

static size_t round_up(size_t n) { return (n + ALIGNMENT - 1) & ~(size_t)(ALIGNMENT - 1); }
static size_t *header_of(void *bp) { return (size_t *)((char *)bp - header_size); }

bool mm_checkheap(int lineno)
{
    char *p = mem_heap_lo(), *end = (char *)mem_heap_hi() + 1;
    while (p < end)
        p += header_size + *(size_t *)p;
    if (p != end) {
        printf("mm_checkheap (line %d): blocks end at %p, the heap at %p\n", lineno,
               (void *)p, (void *)end);
        return false;
    }
    return true;
}

bool mm_init(void)
{
    free_list = NULL;
    return true;
}

void *malloc(size_t size)
{
    if (size == 0)
        return NULL;
    size_t want = round_up(size);
    for (free_block_t **link = &free_list; *link != NULL; link = &(*link)->next)
        if (*header_of(*link) >= want) {
            void *bp = *link;
            *link = (*link)->next;
            return bp;
        }
    char *p = mem_sbrk((intptr_t)(want + header_size));
    if (p == (void *)-1)
        return NULL;
    *(size_t *)p = want;
    return p + header_size;
}

void free(void *bp)
{
    if (bp == NULL)
        return;
    free_block_t *b = bp;
    b->next = free_list;
    free_list = b;
}

void *realloc(void *bp, size_t size)
{
    if (bp == NULL)
        return malloc(size);
    if (size == 0) {
        free(bp);
        return NULL;
    }
    size_t have = *header_of(bp);
    if (have >= size)
        return bp;
    void *q = malloc(size);
    if (q != NULL) {
        memcpy(q, bp, have);
        free(bp);
    }
    return q;
}

void *calloc(size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    void *bp = malloc(n * size);
    if (bp != NULL)
        memset(bp, 0, n * size);
    return bp;
}
