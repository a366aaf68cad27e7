/*
 * mm.h - the interface between the driver and an allocator.
 *
 * An allocator file defines mm_init, mm_malloc, mm_free and mm_realloc, and
 * may define mm_checkheap. The heap it manages comes from mem_sbrk
 * (memlib.h); payloads must be aligned to ALIGNMENT (config.h).
 *
 * Allocators written for the MIT 6.172 lab (my_init, my_malloc, my_free,
 * my_realloc, my_check) build unchanged too: the driver looks for either
 * set of names when it links (see mm_api.c).
 */
#ifndef MM_H
#define MM_H

#include <stddef.h>

/* A course's file sets its own ALIGNMENT: the Makefile builds it with
 * MM_COURSE_FILE, and the driver's config.h stays out of its way. */
#ifndef MM_COURSE_FILE
#include "config.h"
#endif
#include "memlib.h"

/* The course interface of the allocator file and the return types of its
 * mm_init and mm_checkheap; the Makefile tells them from the file (see
 * README, "Bring your own allocator"). The defaults are this project's. */
#define MM_INTERFACE_CSAPP 1      /* CS:APP classic mm_* (and textbook)   */
#define MM_INTERFACE_MIT 2        /* MIT 6.172 my_* (allocator_interface.h) */
#define MM_INTERFACE_CMU 3        /* CMU 15-213 2016+, built with DRIVER  */
#ifndef MM_INTERFACE
#define MM_INTERFACE MM_INTERFACE_CSAPP
#endif
#if MM_INTERFACE < MM_INTERFACE_CSAPP || MM_INTERFACE > MM_INTERFACE_CMU
#error "MM_INTERFACE must be MM_INTERFACE_CSAPP, MM_INTERFACE_MIT or MM_INTERFACE_CMU"
#endif
#define MM_CHECK_COUNT 0          /* int: the number of problems found    */
#define MM_CHECK_BOOL 1           /* bool: true when the heap is fine     */
#define MM_CHECK_VOID 2           /* void: prints, returns nothing        */
#ifndef MM_CHECK_KIND
#define MM_CHECK_KIND MM_CHECK_COUNT
#endif
#if MM_CHECK_KIND < MM_CHECK_COUNT || MM_CHECK_KIND > MM_CHECK_VOID
#error "MM_CHECK_KIND must be MM_CHECK_COUNT, MM_CHECK_BOOL or MM_CHECK_VOID"
#endif
#ifndef MM_INIT_BOOL
#define MM_INIT_BOOL 0            /* 1: bool mm_init(void), true = ready  */
#endif
#if MM_INIT_BOOL != 0 && MM_INIT_BOOL != 1
#error "MM_INIT_BOOL must be 0 or 1"
#endif
#if MM_INIT_BOOL || MM_CHECK_KIND == MM_CHECK_BOOL || MM_INTERFACE == MM_INTERFACE_CMU
#include <stdbool.h>
#endif
#if MM_INTERFACE == MM_INTERFACE_CMU
#include <stdio.h>                /* CMU's mm.h brings it               */
void *mm_calloc(size_t nmemb, size_t size);
#endif

#if MM_INIT_BOOL
bool mm_init(void);                       /* true, or false when it cannot start */
#else
int mm_init(void);                        /* 0, or -1 when it cannot start */
#endif
void *mm_malloc(size_t size);
void mm_free(void *ptr);
void *mm_realloc(void *ptr, size_t size);

/* Optional. Checks the heap's invariants; returns the number of violations
 * found (0 = consistent) and, when verbose, prints each one. */
#if MM_CHECK_KIND == MM_CHECK_BOOL
bool mm_checkheap(int lineno);
#elif MM_CHECK_KIND == MM_CHECK_VOID
void mm_checkheap(int verbose);
#else
int mm_checkheap(int verbose);
#endif

/* The CS:APP classic lab's team record. Optional: the driver prints it when
 * an allocator file defines `team_t team`. */
typedef struct {
    char *teamname;
    char *name1;
    char *id1;
    char *name2;
    char *id2;
} team_t;

extern team_t team;

#endif /* MM_H */
