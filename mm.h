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

#include "config.h"
#include "memlib.h"

int mm_init(void);                        /* 0, or -1 when it cannot start */
void *mm_malloc(size_t size);
void mm_free(void *ptr);
void *mm_realloc(void *ptr, size_t size);

/* Optional. Checks the heap's invariants; returns the number of violations
 * found (0 = consistent) and, when verbose, prints each one. */
int mm_checkheap(int verbose);

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
