/*
 * memlib.c - the simulated heap (see memlib.h).
 *
 * The region is reserved once with mmap and never moves, so pointers into
 * it stay valid across mem_sbrk. Pages are touched only when the allocator
 * (or the driver's validator) writes them.
 */
#include "memlib.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "config.h"

/* Zeroed bytes mapped just below the heap: the course labs' memlib takes
 * the heap from malloc, so reading a word before its first block (a
 * boundary-tag allocator looking for a footer there) finds memory, and
 * allocators written for them rely on that. */
#define HEAP_PAD 4096

static char *heap_start;  /* first byte of the region               */
static char *heap_brk;    /* one past the last byte of the heap     */
static size_t refusals;   /* mem_sbrk calls that returned (void*)-1 */

void mem_init(void)
{
    if (heap_start != NULL) {
        mem_reset_brk();
        refusals = 0;
        return;
    }
    void *p = mmap(NULL, (size_t)MAX_HEAP + HEAP_PAD, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        fprintf(stderr, "mem_init: cannot reserve %llu bytes for the heap\n",
                (unsigned long long)MAX_HEAP);
        exit(2);
    }
    heap_start = (char *)p + HEAP_PAD;
    heap_brk = heap_start;
    refusals = 0;
}

void mem_deinit(void)
{
    if (heap_start != NULL)
        munmap(heap_start - HEAP_PAD, (size_t)MAX_HEAP + HEAP_PAD);
    heap_start = heap_brk = NULL;
}

void *mem_sbrk(intptr_t incr)
{
    if (heap_start == NULL)
        mem_init();
    char *old_brk = heap_brk;
    if (incr < 0) {
        refusals++;
        errno = EINVAL;
        return (void *)-1;
    }
    if ((uintmax_t)incr > (uintmax_t)MAX_HEAP - (uintmax_t)(heap_brk - heap_start)) {
        refusals++;
        errno = ENOMEM;
        return (void *)-1;
    }
    heap_brk += incr;
    return old_brk;
}

void mem_reset_brk(void) { heap_brk = heap_start; }
void *mem_heap_lo(void) { return heap_start; }
void *mem_heap_hi(void) { return (void *)((uintptr_t)heap_brk - 1); }
size_t mem_heapsize(void) { return (size_t)(heap_brk - heap_start); }
size_t mem_pagesize(void) { return (size_t)sysconf(_SC_PAGESIZE); }
size_t mem_sbrk_refusals(void) { return refusals; }
void *mem_memset(void *ptr, int value, size_t n) { return memset(ptr, value, n); }
void *mem_memcpy(void *dst, const void *src, size_t n) { return memcpy(dst, src, n); }
__attribute__((weak)) void *mm_memset(void *ptr, int value, size_t n)
{
    return mem_memset(ptr, value, n);
}
__attribute__((weak)) void *mm_memcpy(void *dst, const void *src, size_t n)
{
    return mem_memcpy(dst, src, n);
}
__attribute__((weak)) void *mm_heap_lo(void) { return mem_heap_lo(); }
__attribute__((weak)) void *mm_heap_hi(void) { return mem_heap_hi(); }
