/*
 * outside.c - counts what the allocator takes from the C library and the
 * kernel at run time (see outside.h).
 *
 * Each mm_outside_NAME does what NAME does and counts the change in the
 * bytes held: malloc_usable_size of each block of the malloc family (what
 * the C library really set aside, asked for or not), whole pages of each
 * mapping, the break's movement for sbrk and brk. A count that a call
 * would take below zero (a region the allocator did not take through these
 * calls) stops at zero.
 */
#include "outside.h"

#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* A driver linked without the build's facts (a test linking objects by
 * hand): nothing measured, no findings. */
__attribute__((weak)) const struct mm_object_facts mm_object_facts = { .measured = 0 };
__attribute__((weak)) const struct mm_object_symbol mm_object_symbols[] = { { 0, 0, 0 } };
__attribute__((weak)) const char *const mm_object_findings[] = { 0 };

static size_t held, peak;

static void take(size_t n)
{
    held += n;
    if (held > peak)
        peak = held;
}

static void give(size_t n)
{
    held = n < held ? held - n : 0;
}

void outside_reset(void)
{
    held = peak = 0;
}

size_t outside_peak(void)
{
    return peak;
}

static size_t pages(size_t len)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    return (len + page - 1) / page * page;
}

/* a block the malloc family returned: its bytes are now held */
static void *took(void *p)
{
    if (p != NULL)
        take(malloc_usable_size(p));
    return p;
}

void *mm_outside_malloc(size_t n);
void *mm_outside_calloc(size_t count, size_t n);
void *mm_outside_realloc(void *p, size_t n);
void *mm_outside_reallocarray(void *p, size_t count, size_t n);
void mm_outside_free(void *p);
void *mm_outside_memalign(size_t align, size_t n);
int mm_outside_posix_memalign(void **out, size_t align, size_t n);
void *mm_outside_aligned_alloc(size_t align, size_t n);
void *mm_outside_valloc(size_t n);
void *mm_outside_pvalloc(size_t n);
char *mm_outside_strdup(const char *s);
char *mm_outside_strndup(const char *s, size_t n);
void *mm_outside_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
void *mm_outside_mmap64(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int mm_outside_munmap(void *addr, size_t len);
void *mm_outside_mremap(void *addr, size_t old_len, size_t new_len, int flags, ...);
void *mm_outside_sbrk(intptr_t incr);
int mm_outside_brk(void *addr);

void *mm_outside_malloc(size_t n) { return took(malloc(n)); }
void *mm_outside_calloc(size_t count, size_t n) { return took(calloc(count, n)); }
void *mm_outside_memalign(size_t align, size_t n) { return took(memalign(align, n)); }
void *mm_outside_aligned_alloc(size_t align, size_t n) { return took(aligned_alloc(align, n)); }
void *mm_outside_valloc(size_t n) { return took(valloc(n)); }
void *mm_outside_pvalloc(size_t n) { return took(pvalloc(n)); }
char *mm_outside_strdup(const char *s) { return took(strdup(s)); }
char *mm_outside_strndup(const char *s, size_t n) { return took(strndup(s, n)); }

int mm_outside_posix_memalign(void **out, size_t align, size_t n)
{
    int rc = posix_memalign(out, align, n);
    if (rc == 0)
        took(*out);
    return rc;
}

void mm_outside_free(void *p)
{
    if (p != NULL)
        give(malloc_usable_size(p));
    free(p);
}

void *mm_outside_realloc(void *p, size_t n)
{
    size_t old = p != NULL ? malloc_usable_size(p) : 0;
    void *q = realloc(p, n);
    if (q != NULL || n == 0)   /* moved, resized or (size 0) freed */
        give(old);
    return took(q);
}

void *mm_outside_reallocarray(void *p, size_t count, size_t n)
{
    size_t old = p != NULL ? malloc_usable_size(p) : 0;
    void *q = reallocarray(p, count, n);
    if (q != NULL)
        give(old);
    return took(q);
}

void *mm_outside_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    void *p = mmap(addr, len, prot, flags, fd, off);
    if (p != MAP_FAILED)
        take(pages(len));
    return p;
}

void *mm_outside_mmap64(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    return mm_outside_mmap(addr, len, prot, flags, fd, off);
}

int mm_outside_munmap(void *addr, size_t len)
{
    int rc = munmap(addr, len);
    if (rc == 0)
        give(pages(len));
    return rc;
}

void *mm_outside_mremap(void *addr, size_t old_len, size_t new_len, int flags, ...)
{
    /* MREMAP_FIXED's new address is not passed on: refused as unsupported */
    if (flags & ~MREMAP_MAYMOVE) {
        errno = EINVAL;
        return MAP_FAILED;
    }
    void *p = mremap(addr, old_len, new_len, flags);
    if (p != MAP_FAILED) {
        give(pages(old_len));
        take(pages(new_len));
    }
    return p;
}

void *mm_outside_sbrk(intptr_t incr)
{
    void *p = sbrk(incr);
    if (p != (void *)-1) {
        if (incr > 0)
            take((size_t)incr);
        else
            give((size_t)-incr);
    }
    return p;
}

int mm_outside_brk(void *addr)
{
    char *before = sbrk(0);
    int rc = brk(addr);
    if (rc == 0) {
        if ((char *)addr > before)
            take((size_t)((char *)addr - before));
        else
            give((size_t)(before - (char *)addr));
    }
    return rc;
}
