/*
 * memlib.h - the simulated heap: one contiguous region that grows with
 * mem_sbrk, as in the CS:APP malloc lab. Classic allocators compile against
 * it unchanged.
 */
#ifndef MEMLIB_H
#define MEMLIB_H

#include <stdint.h>
#include <sys/types.h>   /* size_t (not stddef.h: a course file may define offsetof) */

void mem_init(void);          /* reserve MAX_HEAP bytes; the heap is empty  */
void mem_deinit(void);        /* give the region back                      */
void *mem_sbrk(intptr_t incr);/* grow by incr >= 0 bytes; old break, or
                                 (void *)-1 with errno ENOMEM (past
                                 MAX_HEAP) or EINVAL (incr < 0), heap as was */
void mem_reset_brk(void);     /* empty the heap (the region stays reserved) */
void *mem_heap_lo(void);      /* first byte of the heap                     */
void *mem_heap_hi(void);      /* last byte of the heap (lo - 1 when empty)  */
size_t mem_heapsize(void);    /* bytes in the heap                          */
size_t mem_pagesize(void);    /* the system page size                       */

/* CMU 15-213's memlib adds these; its mm.c maps memset and memcpy onto
 * them when DRIVER is defined. They do what memset and memcpy do. */
void *mem_memset(void *ptr, int value, size_t n);
void *mem_memcpy(void *dst, const void *src, size_t n);

/* Penn State's CMPSC 473 variant of that lab names them mm_*, and its
 * mm.c calls mm_heap_lo and mm_heap_hi. The same functions again (weak, so
 * a file that defines one keeps its own). */
void *mm_memset(void *ptr, int value, size_t n);
void *mm_memcpy(void *dst, const void *src, size_t n);
void *mm_heap_lo(void);
void *mm_heap_hi(void);

/* For the driver: how many times mem_sbrk has refused to grow the heap
 * since mem_init, so a NULL from the allocator can be told apart from a
 * genuine out-of-memory. */
size_t mem_sbrk_refusals(void);

#endif /* MEMLIB_H */
