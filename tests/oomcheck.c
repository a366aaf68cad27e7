/*
 * oomcheck.c - running out of heap, checked from inside: linked with one
 * allocator and memlib (built with a small MAX_HEAP, see
 * tests/t-hard-oom.sh), it
 *   1. asks for what cannot fit (SIZE_MAX, 2^56 as CMU's syn-giant traces
 *      do, 2^32 + 8 which a 32-bit size field would truncate, MAX_HEAP): each
 *      must return NULL, and the heap checker must pass after each;
 *   2. fills the heap with blocks of mixed sizes, each filled with its own
 *      pattern, until malloc returns NULL, then keeps asking for smaller
 *      blocks until even 8 bytes fail;
 *   3. after the NULLs: the heap checker passes, every block still holds its
 *      pattern, realloc of a block to a size that cannot fit returns NULL
 *      and leaves the block and its data as they were;
 *   4. frees every other block, checks, allocates again (an allocator that
 *      reuses freed blocks must succeed: -DOOM_REUSES=1), frees everything,
 *      checks again.
 * Prints "oomcheck: ok ..." and exits 0, or prints what went wrong and
 * exits 1.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "memlib.h"
#include "mm.h"

#pragma weak mm_checkheap

#ifndef OOM_REUSES
#define OOM_REUSES 1
#endif
#define MAX_BLOCKS 100000

struct blk {
    unsigned char *p;
    size_t size;
};

static struct blk blocks[MAX_BLOCKS];
static size_t nblocks;
static int failures;

static void problem(const char *what, size_t arg)
{
    printf("oomcheck: FAIL: %s (%zu)\n", what, arg);
    failures++;
}

static void check(const char *when)
{
    if (mm_checkheap != NULL && mm_checkheap(0) != 0) {
        printf("oomcheck: FAIL: heap checker after %s:\n", when);
        fflush(stdout);
        mm_checkheap(1);
        fflush(stdout);
        failures++;
    }
}

static unsigned char pattern(size_t i, size_t k)
{
    return (unsigned char)((i * 131u + k * 7u + 1u) & 0xff);
}

static void fill(size_t i)
{
    for (size_t k = 0; k < blocks[i].size; k++)
        blocks[i].p[k] = pattern(i, k);
}

static int intact(size_t i)
{
    for (size_t k = 0; k < blocks[i].size; k++)
        if (blocks[i].p[k] != pattern(i, k))
            return 0;
    return 1;
}

static int in_heap(const void *p, size_t size)
{
    uintptr_t lo = (uintptr_t)mem_heap_lo(), hi = lo + mem_heapsize(), a = (uintptr_t)p;
    return a >= lo && a <= hi && size <= hi - a && a % ALIGNMENT == 0;
}

static int add(size_t size)
{
    if (nblocks == MAX_BLOCKS)
        return 0;
    unsigned char *p = mm_malloc(size);
    if (p == NULL)
        return 0;
    if (!in_heap(p, size)) {
        problem("malloc returned a block outside the heap or misaligned, size", size);
        return 0;
    }
    blocks[nblocks] = (struct blk){ .p = p, .size = size };
    fill(nblocks++);
    return 1;
}

int main(void)
{
    mem_init();
    if (mm_init() < 0) {
        printf("oomcheck: FAIL: mm_init failed\n");
        return 1;
    }
    /* 1. requests that cannot fit */
    const size_t impossible[] = { SIZE_MAX, SIZE_MAX - 7, (size_t)1 << 56,
                                  ((size_t)1 << 32) + 8, ((size_t)1 << 32) - 8,
                                  (size_t)MAX_HEAP + 1, (size_t)MAX_HEAP };
    for (size_t i = 0; i < sizeof impossible / sizeof impossible[0]; i++) {
        void *p = mm_malloc(impossible[i]);
        if (p != NULL)
            problem("malloc of more than the heap can hold returned non-NULL, size",
                    impossible[i]);
        check("an impossible malloc");
    }
    if (!add(100))
        problem("malloc(100) failed after the impossible requests", 100);

    /* 2. fill the heap */
    uint64_t r = 88172645463325252u;
    size_t first_null = 0;
    for (;;) {
        r ^= r << 13;
        r ^= r >> 7;
        r ^= r << 17;
        size_t size = (r % 4 == 0) ? 4096 + (size_t)(r >> 8) % 65536 : 1 + (size_t)(r >> 8) % 512;
        if (!add(size)) {
            first_null = size;
            break;
        }
    }
    if (failures)
        return 1;
    check("the first NULL");
    size_t after = 0;
    for (size_t size = first_null; size >= 8; size /= 2)
        while (add(size))
            after++;
    check("the last NULL");
    size_t live = 0;
    for (size_t i = 0; i < nblocks; i++) {
        live += blocks[i].size;
        if (!intact(i))
            problem("a block lost its data once the heap was full, block", i);
    }

    /* 3. realloc that cannot fit */
    size_t mid = nblocks / 2;
    unsigned char *old = blocks[mid].p;
    void *q = mm_realloc(old, (size_t)MAX_HEAP);
    if (q != NULL)
        problem("realloc to MAX_HEAP bytes returned non-NULL, block", mid);
    else if (!intact(mid))
        problem("a failed realloc damaged the block's data, block", mid);
    check("a failed realloc");
    q = mm_realloc(old, SIZE_MAX);
    if (q != NULL)
        problem("realloc to SIZE_MAX returned non-NULL, block", mid);
    else if (!intact(mid))
        problem("a failed realloc to SIZE_MAX damaged the block's data, block", mid);
    check("a failed realloc to SIZE_MAX");

    /* 4. free half, allocate again, free all */
    for (size_t i = 0; i < nblocks; i += 2) {
        mm_free(blocks[i].p);
        blocks[i].p = NULL;
    }
    check("freeing every other block");
    for (size_t i = 1; i < nblocks; i += 2)
        if (!intact(i))
            problem("a block lost its data when its neighbours were freed, block", i);
    size_t again = 0;
    for (size_t i = 0; i < nblocks; i += 2) {
        unsigned char *p = mm_malloc(blocks[i].size);
        if (p == NULL)
            continue;
        if (!in_heap(p, blocks[i].size)) {
            problem("malloc after frees returned a block outside the heap, size", blocks[i].size);
            break;
        }
        blocks[i].p = p;
        fill(i);
        again++;
    }
    if (OOM_REUSES && again < nblocks / 4)
        problem("after freeing half of a full heap, few blocks could be allocated again", again);
    check("allocating into the freed blocks");
    for (size_t i = 0; i < nblocks; i++) {
        if (blocks[i].p == NULL)
            continue;
        if (!intact(i))
            problem("a block lost its data, block", i);
        mm_free(blocks[i].p);
    }
    check("freeing everything");
    if (OOM_REUSES && mm_malloc((size_t)MAX_HEAP / 2) == NULL)
        problem("with the heap all free, malloc(MAX_HEAP / 2) failed", (size_t)MAX_HEAP / 2);
    check("a big malloc into the emptied heap");
    printf("oomcheck: %s: %zu blocks, %zu bytes live when malloc(%zu) returned NULL "
           "(heap %zu of %llu bytes), %zu more after it; %zu reallocated after freeing half\n",
           failures ? "FAIL" : "ok", nblocks, live, first_null, mem_heapsize(),
           (unsigned long long)MAX_HEAP, after, again);
    return failures ? 1 : 0;
}
