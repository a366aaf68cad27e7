/*
 * classic_mm.c - an allocator file written the way the 2002-era CS:APP lab
 * expected, to check that such files build and run here unmodified:
 * includes "mm.h" and "memlib.h", defines the team record, its own
 * ALIGNMENT, 4-byte header/footer words, int sizes handed to mem_sbrk,
 * pointer arithmetic through macros, and no mm_checkheap.
 *
 * Implicit free list, first fit, boundary-tag coalescing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <assert.h>
#include <unistd.h>
#include <string.h>

#include "mm.h"
#include "memlib.h"

team_t team = {
    /* Team name */
    "implicit-oldtimers",
    /* First member's full name */
    "Ada Example",
    /* First member's email address */
    "ada@example.edu",
    /* Second member's full name (leave blank if none) */
    "",
    /* Second member's email address (leave blank if none) */
    ""
};

#define ALIGNMENT 8

#define WSIZE       4
#define DSIZE       8
#define GROW_BYTES   (1<<12)

#define MAX(x, y) ((x) > (y) ? (x) : (y))

#define PACK(size, alloc)  ((size) | (alloc))
#define RD(p)       (*(unsigned int *)(p))
#define WR(p, val)  (*(unsigned int *)(p) = (val))
#define BSIZE(p)  (RD(p) & ~0x7)
#define BUSY(p) (RD(p) & 0x1)
#define HEAD(bp)     ((char *)(bp) - WSIZE)
#define FOOT(bp)     ((char *)(bp) + BSIZE(HEAD(bp)) - DSIZE)
#define NEXTB(bp)  ((char *)(bp) + BSIZE(((char *)(bp) - WSIZE)))
#define PREVB(bp)  ((char *)(bp) - BSIZE(((char *)(bp) - DSIZE)))

static char *first_block = 0;

static void *coalesce(void *bp)
{
    int prev_alloc = BUSY(FOOT(PREVB(bp)));
    int next_alloc = BUSY(HEAD(NEXTB(bp)));
    int size = BSIZE(HEAD(bp));

    if (prev_alloc && next_alloc)
        return bp;
    if (prev_alloc && !next_alloc) {
        size += BSIZE(HEAD(NEXTB(bp)));
        WR(HEAD(bp), PACK(size, 0));
        WR(FOOT(bp), PACK(size, 0));
        return bp;
    }
    if (!prev_alloc && next_alloc) {
        size += BSIZE(HEAD(PREVB(bp)));
        WR(FOOT(bp), PACK(size, 0));
        WR(HEAD(PREVB(bp)), PACK(size, 0));
        return PREVB(bp);
    }
    size += BSIZE(HEAD(PREVB(bp))) + BSIZE(FOOT(NEXTB(bp)));
    WR(HEAD(PREVB(bp)), PACK(size, 0));
    WR(FOOT(NEXTB(bp)), PACK(size, 0));
    return PREVB(bp);
}

static void *grow(int words)
{
    char *bp;
    int size = (words % 2) ? (words + 1) * WSIZE : words * WSIZE;

    if ((long)(bp = mem_sbrk(size)) == -1)
        return NULL;
    WR(HEAD(bp), PACK(size, 0));          /* free block header   */
    WR(FOOT(bp), PACK(size, 0));          /* free block footer   */
    WR(HEAD(NEXTB(bp)), PACK(0, 1));  /* new epilogue header */
    return coalesce(bp);
}

int mm_init(void)
{
    if ((first_block = mem_sbrk(4*WSIZE)) == (void *)-1)
        return -1;
    WR(first_block, 0);                          /* padding            */
    WR(first_block + (1*WSIZE), PACK(DSIZE, 1)); /* prologue header    */
    WR(first_block + (2*WSIZE), PACK(DSIZE, 1)); /* prologue footer    */
    WR(first_block + (3*WSIZE), PACK(0, 1));     /* epilogue header    */
    first_block += (2*WSIZE);
    if (grow(GROW_BYTES/WSIZE) == NULL)
        return -1;
    return 0;
}

static void *first_fit(int asize)
{
    char *bp;
    for (bp = first_block; BSIZE(HEAD(bp)) > 0; bp = NEXTB(bp))
        if (!BUSY(HEAD(bp)) && asize <= (int)BSIZE(HEAD(bp)))
            return bp;
    return NULL;
}

static void carve(void *bp, int asize)
{
    int csize = BSIZE(HEAD(bp));

    if ((csize - asize) >= (2*DSIZE)) {
        WR(HEAD(bp), PACK(asize, 1));
        WR(FOOT(bp), PACK(asize, 1));
        bp = NEXTB(bp);
        WR(HEAD(bp), PACK(csize-asize, 0));
        WR(FOOT(bp), PACK(csize-asize, 0));
    } else {
        WR(HEAD(bp), PACK(csize, 1));
        WR(FOOT(bp), PACK(csize, 1));
    }
}

void *mm_malloc(size_t size)
{
    int asize, extendsize;
    char *bp;

    if (size == 0)
        return NULL;
    if (size > 0x7fff0000)           /* an int cannot hold it */
        return NULL;
    if (size <= DSIZE)
        asize = 2*DSIZE;
    else
        asize = DSIZE * ((size + (DSIZE) + (DSIZE-1)) / DSIZE);

    if ((bp = first_fit(asize)) != NULL) {
        carve(bp, asize);
        return bp;
    }
    extendsize = MAX(asize, GROW_BYTES);
    if ((bp = grow(extendsize/WSIZE)) == NULL)
        return NULL;
    carve(bp, asize);
    return bp;
}

void mm_free(void *bp)
{
    int size;

    if (bp == 0)
        return;
    size = BSIZE(HEAD(bp));
    WR(HEAD(bp), PACK(size, 0));
    WR(FOOT(bp), PACK(size, 0));
    coalesce(bp);
}

void *mm_realloc(void *ptr, size_t size)
{
    void *newptr;
    size_t ncopy;

    if (ptr == NULL)
        return mm_malloc(size);
    if (size == 0) {
        mm_free(ptr);
        return NULL;
    }
    newptr = mm_malloc(size);
    if (newptr == NULL)
        return NULL;
    ncopy = BSIZE(HEAD(ptr)) - DSIZE;
    if (size < ncopy)
        ncopy = size;
    memcpy(newptr, ptr, ncopy);
    mm_free(ptr);
    return newptr;
}
