/*
 * outside.h - what the allocator keeps outside the simulated heap.
 *
 * Static state is read from the allocator's object at build time by
 * tools/mm-facts.sh, which writes the facts below into the driver (a driver
 * linked without them says "not measured"). Run-time state is counted here:
 * the Makefile renames the allocator object's calls of the malloc family,
 * mmap, munmap, mremap, sbrk and brk (OUTSIDE_WRAPPED) to the mm_outside_*
 * functions of outside.c, which pass them on and count the bytes held, so
 * only the allocator's own calls are counted, never the driver's.
 */
#ifndef OUTSIDE_H
#define OUTSIDE_H

#include <stddef.h>

/* Read from the object at build time (the Makefile's mm-facts.c). */
struct mm_object_facts {
    int measured;              /* 0: built without tools/mm-facts.sh   */
    const char *rules;         /* csapp, mit or cmu: the rules checked */
    const char *course;        /* "CS:APP", "MIT 6.172", "CMU 15-213"  */
    int enforced;              /* 0: RULES=none, report without failing */
    size_t static_bytes;       /* writable static data (.data, .bss),
                                  but the `team` record                */
    size_t readonly_bytes;     /* read-only static data (not counted)  */
};
struct mm_object_symbol {
    const char *name;          /* NULL ends the list                   */
    int writable;              /* 1: .data/.bss, 0: read-only          */
    size_t size;
};
extern const struct mm_object_facts mm_object_facts;
extern const struct mm_object_symbol mm_object_symbols[];   /* writable first */
extern const char *const mm_object_findings[];   /* rule findings, NULL-ended */

/* The run-time count: zeroed by outside_reset, the peak of the bytes the
 * allocator held from the C library and the kernel since then. */
void outside_reset(void);
size_t outside_peak(void);

#endif /* OUTSIDE_H */
