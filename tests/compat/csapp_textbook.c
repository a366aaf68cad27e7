/*
 * csapp_textbook.c - a test allocator in the shape of the CS:APP
 * textbook's mm.c: the classic mm_* interface, a team record, and a heap
 * checker declared `void mm_checkheap(int verbose)` that prints what it
 * finds and returns nothing.
 *
 * Policy: a header word (block size, low bit = allocated) before each
 * payload, first fit over the whole heap, no splitting, no coalescing.
 */
#include <stdio.h>
#include <string.h>

#include "mm.h"
#include "memlib.h"

team_t team = { "textbook-style", "Grace Example", "grace@example.edu", "", "" };

#define WORD 8
#define ROUND(n) (((n) + 7) & ~(size_t)7)
#define HDR(bp) (*(size_t *)((char *)(bp) - WORD))
#define BLOCK_SIZE(bp) (HDR(bp) & ~(size_t)1)
#define IS_USED(bp) (HDR(bp) & 1)

static char *first_payload;

int mm_init(void)
{
    first_payload = NULL;
    return 0;
}

void *mm_malloc(size_t size)
{
    if (size == 0)
        return NULL;
    size_t need = ROUND(size) + WORD;
    char *end = (char *)mem_heap_hi() + 1;
    for (char *bp = first_payload; bp != NULL && bp < end; bp += BLOCK_SIZE(bp))
        if (!IS_USED(bp) && BLOCK_SIZE(bp) >= need) {
            HDR(bp) |= 1;
            return bp;
        }
    char *p = mem_sbrk((intptr_t)need);
    if (p == (void *)-1)
        return NULL;
    char *bp = p + WORD;
    HDR(bp) = need | 1;
    if (first_payload == NULL)
        first_payload = bp;
    return bp;
}

void mm_free(void *ptr)
{
    if (ptr != NULL)
        HDR(ptr) &= ~(size_t)1;
}

void *mm_realloc(void *ptr, size_t size)
{
    if (ptr == NULL)
        return mm_malloc(size);
    if (size == 0) {
        mm_free(ptr);
        return NULL;
    }
    size_t old = BLOCK_SIZE(ptr) - WORD;
    if (old >= size)
        return ptr;
    void *q = mm_malloc(size);
    if (q != NULL) {
        memcpy(q, ptr, old);
        mm_free(ptr);
    }
    return q;
}

void mm_checkheap(int verbose)
{
    char *end = (char *)mem_heap_hi() + 1;
    char *bp = first_payload;
    if (verbose)
        printf("Heap (%p):\n", (void *)first_payload);
    while (bp != NULL && bp < end && BLOCK_SIZE(bp) > 0)
        bp += BLOCK_SIZE(bp);
    if (bp != NULL && bp != end + WORD)
        printf("Error: the blocks end at %p, the heap at %p\n", (void *)(bp - WORD), (void *)end);
}
