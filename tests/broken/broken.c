/* broken.c - allocators broken on purpose, one defect per build, chosen by
 * -DBROKEN=<name> (make MM=tests/broken/broken.c DEFS=-DBROKEN=BROKEN_...);
 * tests/t-harness-broken.sh checks that the driver rejects each one; the
 * hardening tests use the last five (sanitizers, stress, oomcheck).
 *
 * The base allocator: every malloc extends the heap by the request plus an
 * 8-byte size header; free does nothing; realloc mallocs a new block and
 * copies min(old, new size) bytes. "calls" counts mm_malloc calls since mm_init.
 *
 * Defects, -DBROKEN=BROKEN_<name> (name - what it does wrong - what the driver must say):
 *   CHECKER_FAILS - mm_checkheap fails once 3 mallocs were made - with -c "heap checker found 1 problem"
 *   CONTAINS_LIVE - no headers; malloc 2 wholly contains block 0 - "overlaps live block 0"
 *   CRASH_ABORT - malloc 3 calls abort() - "crashed: SIGABRT ... in op 3"
 *   CRASH_IN_TIMING - malloc(100) SIGSEGVs from the process's 50th malloc on - "crashed ... in timed replay"
 *   CRASH_SEGV - malloc 3 writes near address 0 - "crashed: SIGSEGV ... in op 3"
 *   ENDLESS_LOOP - malloc 3 never returns - "timeout: did not finish within 1 s"
 *   FREE_SCRIBBLES_NEIGHBOUR - free inverts 8 bytes of the next payload - "block 2 ... lost its data"
 *   INIT_FAILS - mm_init returns -1 - "mm_init failed"
 *   MALLOC_SCRIBBLES - malloc 4 inverts the heap's first payload byte - "block 0 ... lost its data"
 *   MISALIGNED - sbrks 4 bytes more; malloc 2 returns payload+4 - "not aligned to 8 bytes"
 *   NULL_NOT_FULL - malloc 3 returns NULL - "returned NULL, but the heap was not full"
 *   OUTSIDE_HEAP - malloc 3 returns a static array - "not inside the heap"
 *   PARTIAL_OVERLAP - malloc 2 returns block 0's payload + 8 - "overlaps live block 0"
 *   REALLOC_GROWS_OVER_NEIGHBOUR - realloc grows in place over what follows - "overlaps live block 2"
 *   REALLOC_NO_COPY - realloc leaves all bytes inverted - "did not preserve its data: offset 0"
 *   REALLOC_PARTIAL_COPY - realloc copies 12 bytes, inverts the rest - "did not preserve ...: offset 12"
 *   C_HEAP_OVERFLOW - malloc(123) writes past a 16-byte block of the C heap - ASan: SIGABRT
 *   MISALIGNED_LOAD - malloc(123) loads 8 bytes from an odd heap address - UBSan: SIGABRT
 *   SIGNED_OVERFLOW - malloc(123) overflows an int - UBSan: SIGABRT
 *   SIZE_TRUNCATED - sizes cut to 32 bits: malloc(2^32 + 8) gets 8 bytes - oomcheck
 *   DAMAGE_ON_NULL - a malloc that finds the heap full inverts the first byte of the last
 *     block handed out before it returns NULL - oomcheck: "lost its data"
 * The defects from C_HEAP_OVERFLOW (17) on are caught by the hardening tools
 * (sanitizers, oomcheck), not by the driver alone on an ordinary trace.
 * MISALIGNED and PARTIAL_OVERLAP count only mallocs whose sbrk succeeded; CONTAINS_LIVE and
 * PARTIAL_OVERLAP copy at most 8 bytes in realloc (their misplaced blocks have no real header);
 * CRASH_IN_TIMING's count survives mm_init, so basic.rep's correctness pass is valid.
 */
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mm.h"

/* numbered 1..21 without gaps: the range check below relies on it */
#define BROKEN_CHECKER_FAILS                 1
#define BROKEN_CONTAINS_LIVE                 2
#define BROKEN_CRASH_ABORT                   3
#define BROKEN_CRASH_IN_TIMING               4
#define BROKEN_CRASH_SEGV                    5
#define BROKEN_ENDLESS_LOOP                  6
#define BROKEN_FREE_SCRIBBLES_NEIGHBOUR      7
#define BROKEN_INIT_FAILS                    8
#define BROKEN_MALLOC_SCRIBBLES              9
#define BROKEN_MISALIGNED                    10
#define BROKEN_NULL_NOT_FULL                 11
#define BROKEN_OUTSIDE_HEAP                  12
#define BROKEN_PARTIAL_OVERLAP               13
#define BROKEN_REALLOC_GROWS_OVER_NEIGHBOUR  14
#define BROKEN_REALLOC_NO_COPY               15
#define BROKEN_REALLOC_PARTIAL_COPY          16
#define BROKEN_C_HEAP_OVERFLOW               17
#define BROKEN_MISALIGNED_LOAD               18
#define BROKEN_SIGNED_OVERFLOW               19
#define BROKEN_SIZE_TRUNCATED                20
#define BROKEN_DAMAGE_ON_NULL                21

#ifndef BROKEN
#error "choose a defect: -DBROKEN=BROKEN_<name> (see the table above)"
#elif BROKEN < BROKEN_CHECKER_FAILS || BROKEN > BROKEN_DAMAGE_ON_NULL
#error "unknown BROKEN value (see the table above)"
#endif

#if BROKEN == BROKEN_CONTAINS_LIVE
#define HDR 0       /* no size header */
#else
#define HDR 8
#endif
#define ROUND(n) (((n) + 7) & ~(size_t)7)

static int calls;   /* mm_malloc calls since mm_init */

#if BROKEN == BROKEN_CONTAINS_LIVE
static char *base;  /* 256 bytes sbrk'd by mm_init for the first two blocks */
#elif BROKEN == BROKEN_OUTSIDE_HEAP
static _Alignas(64) char elsewhere[4096];
#elif BROKEN == BROKEN_PARTIAL_OVERLAP
static char *first; /* payload of the first malloc */
#elif BROKEN == BROKEN_DAMAGE_ON_NULL
static char *last;  /* payload of the last malloc that succeeded */
#elif BROKEN == BROKEN_MISALIGNED_LOAD || BROKEN == BROKEN_SIGNED_OVERFLOW || \
      BROKEN == BROKEN_C_HEAP_OVERFLOW
static volatile int sink;   /* keeps the faulty access */
#endif

int mm_init(void)
{
    calls = 0;
#if BROKEN == BROKEN_INIT_FAILS
    return -1;
#elif BROKEN == BROKEN_CONTAINS_LIVE
    base = mem_sbrk(256);
    return base == (void *)-1 ? -1 : 0;
#elif BROKEN == BROKEN_PARTIAL_OVERLAP
    first = NULL;
#elif BROKEN == BROKEN_DAMAGE_ON_NULL
    last = NULL;
#endif
    return 0;
}

void *mm_malloc(size_t size)
{
    calls++;
#if BROKEN == BROKEN_CRASH_ABORT
    if (calls == 3)
        abort();
#elif BROKEN == BROKEN_CRASH_SEGV
    if (calls == 3)
        *(volatile int *)(uintptr_t)size = 1;   /* size is small: address ~0 */
#elif BROKEN == BROKEN_ENDLESS_LOOP
    if (calls == 3)
        for (volatile int spin = 1; spin;)
            ;
#elif BROKEN == BROKEN_NULL_NOT_FULL
    if (calls == 3)
        return NULL;
#elif BROKEN == BROKEN_OUTSIDE_HEAP
    if (calls == 3 && size <= sizeof elsewhere - HDR)
        return elsewhere + HDR;
#elif BROKEN == BROKEN_CRASH_IN_TIMING
    static int total;
    if (++total >= 50 && size == 100)
        raise(SIGSEGV);
#elif BROKEN == BROKEN_MALLOC_SCRIBBLES
    if (calls == 4) {
        char *victim = (char *)mem_heap_lo() + HDR;
        *victim = (char)~*victim;
    }
#elif BROKEN == BROKEN_CONTAINS_LIVE
    if (calls == 1)
        return base + 16;      /* block 0: 24 bytes at base+16 */
    if (calls == 2)
        return base + 8;       /* block 1: 40 bytes at base+8, around block 0 */
#elif BROKEN == BROKEN_C_HEAP_OVERFLOW
    if (size == 123) {
        char *q = malloc(16);
        if (q != NULL) {
            memset(q, 1, 17);
            sink = q[3];
            free(q);
        }
    }
#elif BROKEN == BROKEN_MISALIGNED_LOAD
    if (size == 123) {
        char *h = mem_sbrk(64);
        if (h != (void *)-1)
            sink = (int)*(volatile long *)(void *)(h + 1);
    }
#elif BROKEN == BROKEN_SIGNED_OVERFLOW
    if (size == 123) {
        volatile int big = INT_MAX;
        sink = big + (int)size;
    }
#elif BROKEN == BROKEN_SIZE_TRUNCATED
    size = (unsigned)size;
#endif
    if (size > (size_t)INTPTR_MAX - 16)
        return NULL;           /* the rounding below would wrap */

#if BROKEN == BROKEN_MISALIGNED
    char *p = mem_sbrk((intptr_t)ROUND(size + HDR + 4));
#else
    char *p = mem_sbrk((intptr_t)ROUND(size + HDR));
#endif
    if (p == (void *)-1) {
#if BROKEN == BROKEN_MISALIGNED || BROKEN == BROKEN_PARTIAL_OVERLAP
        calls--;               /* these count only the blocks handed out */
#elif BROKEN == BROKEN_DAMAGE_ON_NULL
        if (last != NULL)
            last[0] = (char)~last[0];
#endif
        return NULL;
    }
#if HDR > 0
    *(size_t *)(void *)p = size;
#endif

#if BROKEN == BROKEN_MISALIGNED
    if (calls == 2)
        return p + HDR + 4;
#elif BROKEN == BROKEN_PARTIAL_OVERLAP
    if (calls == 1)
        first = p + HDR;
    if (calls == 2)
        return first + 8;
#elif BROKEN == BROKEN_DAMAGE_ON_NULL
    last = p + HDR;
#endif
    return p + HDR;
}

void mm_free(void *ptr)
{
    (void)ptr;
#if BROKEN == BROKEN_FREE_SCRIBBLES_NEIGHBOUR
    if (ptr == NULL)
        return;
    size_t size = *(size_t *)(void *)((char *)ptr - HDR);
    char *next = (char *)ptr + ROUND(size + HDR);
    for (int i = 0; i < 8; i++)
        if (next + i <= (char *)mem_heap_hi())
            next[i] = (char)~next[i];
#endif
}

void *mm_realloc(void *ptr, size_t size)
{
#if BROKEN == BROKEN_REALLOC_GROWS_OVER_NEIGHBOUR
    if (ptr != NULL) {
        *(size_t *)(void *)((char *)ptr - HDR) = size;
        return ptr;
    }
#endif
    char *q = mm_malloc(size);
    if (q == NULL || ptr == NULL)
        return q;
#if BROKEN == BROKEN_CONTAINS_LIVE || BROKEN == BROKEN_PARTIAL_OVERLAP
    size_t n = size < 8 ? size : 8;
#else
    size_t old = *(size_t *)(void *)((char *)ptr - HDR);
    size_t n = old < size ? old : size;
#endif
    size_t faithful = n;       /* bytes copied as they are; the rest inverted */
#if BROKEN == BROKEN_REALLOC_NO_COPY
    faithful = 0;
#elif BROKEN == BROKEN_REALLOC_PARTIAL_COPY
    faithful = n < 12 ? n : 12;
#endif
    memcpy(q, ptr, faithful);
    for (size_t i = faithful; i < n; i++)
        q[i] = (char)~((char *)ptr)[i];
    return q;
}

#if BROKEN == BROKEN_CHECKER_FAILS
int mm_checkheap(int verbose)
{
    if (calls >= 3 && verbose)
        printf("checker: made-up problem after %d mallocs\n", calls);
    return calls >= 3;
}
#endif
